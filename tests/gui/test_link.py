"""What the teller sees of the link to head office: the indicator follows the server going away
and coming back, and the counter keeps working while a sync hangs on a dead link."""

from __future__ import annotations

import threading
import time

import httpx
from PySide6.QtCore import Qt

from desktop_app.sync.client import SyncClient
from desktop_app.sync.loop import SyncLoop
from shared_core.signing import generate_private_key
from tests.gui.conftest import GuiWorld
from tests.gui.money_screens import choose_customer, journal, open_the_till, wait_for_dialog
from tests.gui.test_cash_screen import cash_screen


class SwitchableServer(httpx.BaseTransport):
    """Head office as the quiet counter meets it: its health answers while it is up; down, every
    connection is refused; hung, every request waits until released."""

    def __init__(self) -> None:
        self.up = True
        self.released = threading.Event()
        self.released.set()
        self.hung_requests = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.released.is_set():
            self.hung_requests += 1
            self.released.wait(30)
        if not self.up:
            raise httpx.ConnectError("no route to host", request=request)
        assert request.url.path == "/v1/health", f"a quiet counter sent {request.url.path}"
        return httpx.Response(200, json={"status": "ok"})


def linked(gui: GuiWorld, server: SwitchableServer) -> SyncLoop:
    client = SyncClient("http://head-office.test", transport=server)
    loop = SyncLoop(gui.counter.context, client, generate_private_key().public_key())
    loop.last_pull_at = time.monotonic()  # pulled just now: a round only checks the link
    gui.backend.loop = loop
    gui.counter.context.is_online = loop.is_online
    return loop


def test_the_indicator_goes_offline_when_head_office_goes_away_and_online_when_it_is_back(
    gui: GuiWorld, qtbot
) -> None:
    server = SwitchableServer()
    loop = linked(gui, server)
    loop.start()
    try:
        window = gui.main_window(qtbot)
        link = window.status_strip.link_label
        qtbot.waitUntil(lambda: link.text() == "Online", timeout=10_000)
        server.up = False
        loop.wake()
        qtbot.waitUntil(lambda: link.text() == "Offline", timeout=10_000)
        server.up = True
        loop.wake()
        qtbot.waitUntil(lambda: link.text() == "Online", timeout=10_000)
    finally:
        loop.stop()


def test_a_deposit_goes_through_while_a_sync_hangs_on_a_dead_link(gui: GuiWorld, qtbot) -> None:
    server = SwitchableServer()
    server.released.clear()  # every request to head office now hangs
    loop = linked(gui, server)
    loop.start()
    try:
        qtbot.waitUntil(lambda: server.hung_requests == 1, timeout=10_000)
        open_the_till(gui)
        screen = cash_screen(gui, qtbot)
        choose_customer(qtbot, screen.picker, "juma")
        qtbot.keyClicks(screen.amount_edit, "1000")
        qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
        qtbot.keyClick(wait_for_dialog(qtbot, lambda: screen.confirm_dialog), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: screen.last_posted is not None, timeout=10_000)
        assert [booked.kind for booked in journal(gui)] == ["till_open", "cash_deposit"]
        assert server.hung_requests == 1 and not server.released.is_set()  # the sync still hangs
        receipt = wait_for_dialog(qtbot, lambda: screen.receipt_dialog)
        receipt.close()
    finally:
        server.released.set()
        loop.stop()
