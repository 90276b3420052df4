"""The supervisor's Approvals screen against the real server app, in process (httpx's WSGI
transport), on an SQLite file; the client's MySQL runs are tests/integration/test_supervision_client.py.

Worked example (the bank of tests/integration/test_approvals_queue.py): at counter K7Q2, Nairobi
CBD, Wanjiru took KES 5,000 from Juma in cash, then asked to reverse it, approved at the counter
by Mwangi, a supervisor head office does not know. Both sync: the deposit is booked, the reversal
waits at head office for a checker. Otieno, the branch's supervisor, opens the Approvals screen at
this PC with his head office password and decides it:

    approved: the reversal is booked, Juma's wallet at head office     KES 5,000 -> KES 0
    rejected, with a reason: nothing booked                             KES 5,000
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop_app.services.posting import Posted
from desktop_app.sync.client import SyncClient
from desktop_app.sync.head_office import HeadOfficeClient
from desktop_app.sync.loop import SyncLoop
from desktop_app.sync.status import SyncStatus
from desktop_app.sync.supervision import QueueItem
from desktop_app.ui.backend import Backend
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.approvals import ApprovalsScreen, ApprovalsTableModel
from desktop_app.ui.screens.exceptions import ExceptionsScreen
from desktop_app.ui.tasks import Tasks
from shared_core.money import Money
from tests.integration.test_approvals_queue import (  # noqa: F401 (the server fixture)
    OVERRIDER,
    PASSWORD,
    Bank,
    device_answer,
    server,
)
from tests.server_builders import Server

KES = Money.shillings
M = ApprovalsTableModel


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """Head office on an SQLite file (the `server` fixture asks for it)."""
    return sqlite_url


class Link(httpx.BaseTransport):
    """The line to head office: the server app itself while up; no answer at all while down."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.up = True
        self.requests = 0
        self.paths: list[str] = []  # every request's path, in order

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        self.paths.append(request.url.path)
        if not self.up:
            raise httpx.ConnectError("no route to head office", request=request)
        return self.inner.handle_request(request)


class WatchedLoop(SyncLoop):
    """The device's real sync loop, not started; counts how often it is woken."""

    wakes = 0

    def wake(self) -> None:
        self.wakes += 1
        super().wake()


@dataclass
class Desk:
    """Otieno at the Nairobi counter, which has synced with head office."""

    bank: Bank
    link: Link
    loop: WatchedLoop
    backend: Backend
    tasks: Tasks
    events: AppEvents

    def screen(self, qtbot: QtBot) -> ApprovalsScreen:
        client = HeadOfficeClient("http://wekeza.test", transport=self.link)
        screen = ApprovalsScreen(self.backend, self.tasks, self.events, client=client)
        qtbot.addWidget(screen)
        screen.resize(1200, 700)
        screen.show()
        qtbot.waitExposed(screen)
        with qtbot.waitActive(screen):  # keys and focus go to the active window, as at the supervisor's PC
            screen.activateWindow()
        screen.activated()
        self.wait_idle(qtbot)
        return screen

    def sync(self) -> bool:
        """What the loop does when it runs: send what waits, then pull."""
        return self.loop.sync_until_empty()

    def wait_idle(self, qtbot: QtBot) -> None:
        qtbot.waitUntil(lambda: self.tasks.running == 0, timeout=10_000)


@pytest.fixture
def desk(server: Server, tmp_path: Path, qtbot: QtBot) -> Iterator[Desk]:  # noqa: F811
    bank = Bank(server, tmp_path)
    link = Link(bank.transport)
    bank.transport = link  # the counter's uploads and pulls go over the same line
    counter = bank.nairobi
    sync_client = SyncClient("http://wekeza.test", transport=link)
    loop = WatchedLoop(counter.context, sync_client, server.key.public_key())
    counter.context.is_online = loop.is_online
    backend = Backend(context=counter.context, client=sync_client, loop=loop, session=counter.supervisor)
    tasks = Tasks()
    yield Desk(bank, link, loop, backend, tasks, AppEvents())
    tasks.wait_for_done(10_000)
    sync_client.close()
    counter.store.close()


def open_queue(desk: Desk, screen: ApprovalsScreen, qtbot: QtBot, password: str = PASSWORD) -> None:
    assert screen.login_box.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.password_edit)
    qtbot.keyClicks(screen.password_edit, password)
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    desk.wait_idle(qtbot)


def shown_rows(screen: ApprovalsScreen) -> list[dict[str, str]]:
    model = screen.model
    names = {M.DEVICE: "device", M.REFERENCE: "reference", M.KIND: "kind", M.CUSTOMER: "customer",
             M.AMOUNT: "amount", M.MAKER: "maker", M.WHY: "why", M.WAITING_SINCE: "waiting since"}
    return [
        {name: model.data(model.index(row, column)) for column, name in names.items()}
        for row in range(model.rowCount())
    ]


def waiting_reversal(desk: Desk, *, made_by_supervisor: bool = False) -> tuple[Posted, Posted]:
    counter = desk.bank.nairobi
    deposit, reversal = desk.bank.contested_reversal(
        counter, maker=counter.supervisor if made_by_supervisor else None
    )
    assert desk.sync()  # the counter syncs: head office answered, so the device is online
    assert device_answer(counter, reversal)[0] == "awaiting_approval"
    return deposit, reversal


# --- the queue ------------------------------------------------------------------------------------


def test_the_supervisor_types_his_password_and_sees_what_waits(desk: Desk, qtbot: QtBot) -> None:
    deposit, reversal = waiting_reversal(desk)
    screen = desk.screen(qtbot)
    assert not screen.offline_label.isVisible()
    assert screen.login_prompt.text() == (
        "Otieno Odhiambo (otieno), type your head office password: one login opens every head office screen."
    )
    assert "approve by override" in screen.override_note.text()

    open_queue(desk, screen, qtbot)

    assert screen.error_label.text() == ""
    assert not screen.login_box.isVisible() and screen.password_edit.text() == ""  # never kept
    (row,) = shown_rows(screen)
    assert {key: value for key, value in row.items() if key != "why"} == {
        "device": "K7Q2 · NBO-001",
        "reference": reversal.entry.reference,
        "kind": f"Reversal of {deposit.entry.reference}",
        "customer": "Juma Mwangi (C0001234)",
        "amount": "5,000.00",
        "maker": "wanjiru",
        "waiting since": "24 Nov 12:00",  # 09:00 UTC at head office, East Africa Time here
    }
    assert f"override by {OVERRIDER} does not count" in row["why"]
    assert screen.queue_heading.text() == "1 item(s) wait for a checker, the oldest first."
    assert screen.detail_label.text() == (
        f"Reversal of {deposit.entry.reference} {reversal.entry.reference} for Juma Mwangi (C0001234): "
        "KES 5,000.00 (Kenya Shillings Five Thousand Only). Made by wanjiru at device K7Q2. "
        "Approved at the counter by mwangi, which head office did not accept."
    )
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    assert screen.approve_button.isEnabled() and screen.reject_button.isEnabled()


def test_the_queue_table_model_reads_without_a_window() -> None:
    model = ApprovalsTableModel(utc_offset_minutes=180)
    item = QueueItem(
        device_code="M4T8", sequence=7, reference="BR-M4T8-000007-K", kind="kyc_upgrade", channel="branch",
        location_code="MSA-002", customer_cif="C0000099", customer_name=None, amount=Money(0), maker="baraka",
        override_by=None, reverses_reference=None, approval_code="approval_kyc_upgrade",
        approval_reason="A KYC upgrade needs a checker", recorded_at="2026-11-24T06:00:00.000000Z",
        received_at="2026-11-24T06:30:00.000000Z", business_date="2026-11-24",
    )
    model.set_rows([item])

    assert model.rowCount() == 1 and model.columnCount() == 8
    assert model.headerData(M.WHY, Qt.Orientation.Horizontal) == "Why it waits"
    assert [model.data(model.index(0, column)) for column in range(8)] == [
        "M4T8 · MSA-002", "BR-M4T8-000007-K", "KYC upgrade", "C0000099", "0.00", "baraka",
        "A KYC upgrade needs a checker", "24 Nov 09:30",
    ]
    model.remove("M4T8", 8)  # not in the queue: nothing leaves
    assert model.rowCount() == 1
    model.remove("M4T8", 7)
    assert model.rowCount() == 0


# --- deciding -------------------------------------------------------------------------------------


def test_ctrl_enter_approves_it_leaves_the_queue_and_head_office_books_it(desk: Desk, qtbot: QtBot) -> None:
    _, reversal = waiting_reversal(desk)
    bank = desk.bank
    screen = desk.screen(qtbot)
    open_queue(desk, screen, qtbot)
    assert bank.server.wallet(bank.juma) == KES(5_000)

    qtbot.keyClick(screen.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.wait_idle(qtbot)

    assert screen.error_label.text() == ""
    assert screen.model.rowCount() == 0
    assert screen.result_label.text() == f"{reversal.entry.reference} approved: head office booked it."
    assert screen.queue_heading.text() == "Nothing waits for you at head office."
    assert bank.server_entry(reversal).status == "booked"
    assert bank.server.wallet(bank.juma) == KES(0)
    (decision,) = bank.decisions()
    assert (decision.decision, decision.checker_user_id) == ("approved", "otieno")
    bank.server.assert_ledger_clean()

    # The sync loop was woken; its next pull brings this device the decision on its own entry.
    assert desk.loop.wakes == 1
    assert device_answer(bank.nairobi, reversal)[0] == "awaiting_approval"
    assert desk.loop.pull()
    assert device_answer(bank.nairobi, reversal)[0] == "booked"


def test_no_reason_is_refused_in_the_dialog_and_a_rejection_books_nothing(desk: Desk, qtbot: QtBot) -> None:
    deposit, reversal = waiting_reversal(desk)
    bank = desk.bank
    screen = desk.screen(qtbot)
    open_queue(desk, screen, qtbot)

    qtbot.keyClick(screen.table, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: screen.reject_dialog is not None)  # a mnemonic clicks after a short animation
    dialog = screen.reject_dialog
    assert dialog.isVisible()
    assert dialog.findChild(QLabel, "rejectItem").text() == (
        f"Reject <b>{reversal.entry.reference} (Reversal of {deposit.entry.reference}, KES 5,000.00)</b>?"
    )
    qtbot.keyClicks(dialog.reason_edit, "   ")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    desk.wait_idle(qtbot)

    assert dialog.isVisible()
    assert dialog.error_label.text() == "Say why it is rejected: a rejection without a reason is refused."
    assert bank.decisions() == [] and screen.model.rowCount() == 1

    dialog.reason_edit.clear()
    qtbot.keyClicks(dialog.reason_edit, "The deposit was right; Juma confirmed it")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    desk.wait_idle(qtbot)

    assert not dialog.isVisible()
    assert screen.error_label.text() == ""
    assert screen.model.rowCount() == 0
    assert screen.result_label.text() == (
        f"{reversal.entry.reference} rejected; nothing is booked. "
        "The teller will read: The deposit was right; Juma confirmed it"
    )
    entry = bank.server_entry(reversal)
    assert (entry.status, entry.code) == ("rejected", "approval_rejected")
    assert bank.postings(reversal) == [] and bank.server.wallet(bank.juma) == KES(5_000)
    (decision,) = bank.decisions()
    assert (decision.decision, decision.reason) == ("rejected", "The deposit was right; Juma confirmed it")
    bank.server.assert_ledger_clean()
    assert desk.loop.wakes == 1 and desk.loop.pull()
    assert device_answer(bank.nairobi, reversal) == (
        "rejected", "approval_rejected", "Rejected by otieno: The deposit was right; Juma confirmed it"
    )


def test_escape_in_the_reason_dialog_decides_nothing(desk: Desk, qtbot: QtBot) -> None:
    waiting_reversal(desk)
    screen = desk.screen(qtbot)
    open_queue(desk, screen, qtbot)
    screen.reject_button.click()
    dialog = screen.reject_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reason_edit, "Not sure")

    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Escape)
    desk.wait_idle(qtbot)

    assert not dialog.isVisible()
    assert desk.bank.decisions() == [] and screen.model.rowCount() == 1 and desk.loop.wakes == 0


def test_the_maker_approving_his_own_item_is_refused_by_head_office(desk: Desk, qtbot: QtBot) -> None:
    """Otieno himself asked for the reversal at the counter: his own approval from the queue is
    refused, and shown; the item still waits for another checker."""
    _, reversal = waiting_reversal(desk, made_by_supervisor=True)
    bank = desk.bank
    screen = desk.screen(qtbot)
    open_queue(desk, screen, qtbot)
    assert [row["maker"] for row in shown_rows(screen)] == ["otieno"]

    screen.approve_button.click()
    desk.wait_idle(qtbot)

    assert screen.error_label.text() == (
        "The maker of an item may not approve it; ask another supervisor [maker_is_checker]"
    )
    assert [row["reference"] for row in shown_rows(screen)] == [reversal.entry.reference]
    assert screen.result_label.text() == ""
    assert bank.decisions() == [] and bank.server.wallet(bank.juma) == KES(5_000)
    assert bank.server_entry(reversal).status == "awaiting_approval"
    assert desk.loop.wakes == 0


def test_an_item_decided_elsewhere_is_refused_and_leaves_the_queue(desk: Desk, qtbot: QtBot) -> None:
    _, reversal = waiting_reversal(desk)
    bank = desk.bank
    screen = desk.screen(qtbot)
    open_queue(desk, screen, qtbot)
    assert bank.decide("njeri", reversal, "rejected", "Duplicate request").status_code == 201  # head office

    qtbot.keyClick(screen.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.wait_idle(qtbot)

    assert "already rejected by njeri" in screen.error_label.text()
    assert screen.error_label.text().endswith("[already_decided]")
    assert screen.model.rowCount() == 0  # read again: it no longer waits
    assert [row.decision for row in bank.decisions()] == ["rejected"]  # the first stands


# --- online only ----------------------------------------------------------------------------------


def test_offline_the_screen_says_it_works_online_only_and_sends_nothing(desk: Desk, qtbot: QtBot) -> None:
    desk.link.up = False
    assert not desk.sync()  # the counter could not reach head office
    screen = desk.screen(qtbot)
    requests = desk.link.requests

    assert screen.offline_label.isVisible()
    assert screen.offline_label.text() == (
        "Offline: head office cannot be reached now, and this screen works online only. It works again "
        "as soon as the link is back."
    )
    assert not screen.password_edit.isEnabled() and not screen.login_button.isEnabled()
    screen.log_in()
    desk.wait_idle(qtbot)
    assert desk.link.requests == requests and screen.head_office_session is None

    # The link comes back: the status strip's next reading opens the way.
    desk.link.up = True
    assert desk.sync()
    desk.events.sync_status_read.emit(desk.backend.sync_status())
    assert not screen.offline_label.isVisible() and screen.login_button.isEnabled()


def test_a_call_that_gets_no_answer_turns_the_screen_offline(desk: Desk, qtbot: QtBot) -> None:
    waiting_reversal(desk)
    screen = desk.screen(qtbot)
    open_queue(desk, screen, qtbot)
    desk.link.up = False

    screen.refresh_button.click()
    desk.wait_idle(qtbot)

    assert screen.offline_label.isVisible()
    assert screen.error_label.text() == (
        "Head office cannot be reached just now. Nothing was changed; try again when the link is back."
    )
    assert "ConnectError" in screen.error_label.toolTip()  # the detail, for IT
    assert not screen.approve_button.isEnabled() and not screen.reject_button.isEnabled()
    assert screen.model.rowCount() == 1  # what was read stays in view, to decide when back online

    desk.link.up = True
    desk.events.sync_status_read.emit(
        SyncStatus(online=True, waiting=0, oldest_waiting_age_s=None, refused=0, last_sync_at=None,
                   allowance_left=None, last_error=None)
    )
    assert screen.approve_button.isEnabled()


def test_when_the_login_ends_the_password_is_asked_again(desk: Desk, qtbot: QtBot) -> None:
    waiting_reversal(desk)
    screen = desk.screen(qtbot)
    open_queue(desk, screen, qtbot)
    desk.bank.server.clock.advance(minutes=30)  # head office's tokens live 30 minutes

    screen.refresh_button.click()
    desk.wait_idle(qtbot)

    assert screen.head_office_session is None and screen.model.rowCount() == 0
    assert screen.login_box.isVisible()
    assert screen.error_label.text().startswith("Your login at head office has ended")
    assert screen.error_label.text().endswith("Type your password again.")
    open_queue(desk, screen, qtbot)
    assert screen.model.rowCount() == 1 and screen.error_label.text() == ""


def test_a_wrong_password_is_refused_and_the_queue_stays_closed(desk: Desk, qtbot: QtBot) -> None:
    waiting_reversal(desk)
    screen = desk.screen(qtbot)

    open_queue(desk, screen, qtbot, password="not-my-password")

    assert screen.error_label.text() == "Wrong user name or password [authentication_failed]"
    assert screen.head_office_session is None and screen.login_box.isVisible()
    assert screen.model.rowCount() == 0 and screen.password_edit.text() == ""



# --- one login for every head office screen -------------------------------------------------------


def test_one_password_opens_the_queue_and_the_exceptions_too(desk: Desk, qtbot: QtBot) -> None:
    waiting_reversal(desk)
    approvals = desk.screen(qtbot)
    open_queue(desk, approvals, qtbot)
    assert desk.link.paths.count("/v1/sessions") == 1

    exceptions = ExceptionsScreen(desk.backend, desk.tasks, desk.events, client=approvals.client)
    qtbot.addWidget(exceptions)
    exceptions.show()
    exceptions.activated()
    desk.wait_idle(qtbot)

    assert not exceptions.login_box.isVisible()  # no second password
    assert exceptions.listed is not None and exceptions.error_label.text() == ""  # read with the same login
    assert desk.link.paths.count("/v1/sessions") == 1
    assert desk.link.paths[-1] == "/v1/exceptions"
