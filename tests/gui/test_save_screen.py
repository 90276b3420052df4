"""The Save screen: a customer's statement for any period, and a balance enquiry, from head office's
books, against the real server app in process (httpx's WSGI transport) on an SQLite file; the
service's MySQL and real-HTTP runs are tests/integration/test_statements.py, whose bank this is:

    23 Nov, counter M4T8:  cash deposit KES 10,000; cash withdrawal KES 1,000        closing  9,000
    24 Nov, counter K7Q2:  cash deposit KES 2,500; cash withdrawal KES 3,000 with a KES 30 fee;
                           transfer of KES 500 with a KES 20 fee to Akinyi                closing  7,950

Wanjiru, a teller at counter K7Q2, prints Juma's statement on 24 Nov 2026 (the counter's clock).
Offline the screen says statements are online only and sends nothing; it never makes one up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from desktop_app.services.context import Session
from desktop_app.sync.status import SyncStatus
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.receipt import ReceiptDialog
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.save import SaveScreen
from desktop_app.ui.tasks import Tasks
from shared_core.roles import Role
from tests.gui.conftest import GuiWorld
from tests.gui.money_screens import choose_customer, show, wait_for_dialog
from tests.integration.test_statements import (  # noqa: F401 (the server fixture)
    DAY_1,
    DAY_2,
    Branch,
    pdf_text,
    rows,
    server,
)
from tests.server_builders import Server


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """Head office on an SQLite file (the `server` fixture asks for it)."""
    return sqlite_url


class Link(httpx.BaseTransport):
    """The line to head office: the server app itself while up, no answer at all while down; it
    counts what the counter sent."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.up = True
        self.requests = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if not self.up:
            raise httpx.ConnectError("no route to head office", request=request)
        return self.inner.handle_request(request)


@dataclass
class Desk:
    """Wanjiru at counter K7Q2, which has synced with head office."""

    branch: Branch
    link: Link
    backend: Backend
    tasks: Tasks
    events: AppEvents

    def screen(self, qtbot: QtBot) -> SaveScreen:
        screen = SaveScreen(self.backend, self.tasks, self.events)
        screen.resize(1100, 700)
        show(qtbot, screen)
        return screen

    def link_status(self, *, online: bool) -> None:
        """What the main window announces after the sync loop's latest answer (or silence)."""
        self.branch.counter.context.is_online = lambda: online
        self.events.sync_status_read.emit(
            SyncStatus(
                online=online,
                waiting=0,
                oldest_waiting_age_s=None,
                refused=0,
                last_sync_at=None,
                allowance_left=None,
                last_error=None,
            )
        )

    def wait_idle(self, qtbot: QtBot) -> None:
        qtbot.waitUntil(lambda: self.tasks.running == 0, timeout=15_000)


@pytest.fixture
def desk(server: Server, tmp_path: Path, qtbot: QtBot) -> Iterator[Desk]:  # noqa: F811
    branch = Branch(server, tmp_path)
    link = Link(httpx.WSGITransport(app=branch.app))
    counter = branch.counter
    statements = branch.online(counter, link)  # pins the server key; the link is up
    backend = Backend(context=counter.context, session=counter.teller, statements=statements)
    tasks = Tasks()
    yield Desk(branch, link, backend, tasks, AppEvents())
    tasks.wait_for_done(15_000)
    counter.store.close()


def choose_juma(qtbot: QtBot, screen: SaveScreen) -> None:
    choose_customer(qtbot, screen.picker, "juma")
    qtbot.waitUntil(lambda: screen.account is not None)
    assert screen.account_box.currentText() == "Wallet C0001234"
    assert screen.from_edit.hasFocus()  # one account: chosen for the teller, on to the period


def summary(screen: SaveScreen) -> dict[str, str]:
    """The statement's summary as the screen shows it: each row's name and its figure."""
    titles, figures = screen.summary_titles, screen.summary_labels
    return {titles[key].text(): figures[key].text() for key in figures}


def statement_shown(desk: Desk, qtbot: QtBot, screen: SaveScreen) -> ReceiptDialog:
    dialog = wait_for_dialog(qtbot, lambda: screen.statement_dialog)
    desk.wait_idle(qtbot)
    assert isinstance(dialog, ReceiptDialog)
    return dialog


def press_alt(qtbot: QtBot, screen: SaveScreen, key: Qt.Key) -> None:
    """Alt+letter, as the teller presses it: Qt animates the button's click, which lands a moment later."""
    clicked: list[bool] = []
    for button in screen.findChildren(QPushButton):
        button.clicked.connect(lambda _checked=False: clicked.append(True))
    qtbot.keyClick(screen, key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(clicked), timeout=2_000)


def close_statement(qtbot: QtBot, screen: SaveScreen) -> None:
    """Escape closes the preview; the teller is back on the screen, its Alt keys answering again."""
    qtbot.keyClick(screen.statement_dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: screen.statement_dialog is None)
    back_on(qtbot, screen)


def back_on(qtbot: QtBot, screen: SaveScreen) -> None:
    """A dialog closed: the screen's window is the active one again, as on the teller's PC."""
    with qtbot.waitActive(screen):
        screen.activateWindow()


# --- a statement for a period ----------------------------------------------------------------------


def test_juma_s_statement_for_this_month_from_head_office_with_both_counters_lines(
    desk: Desk, qtbot: QtBot
) -> None:
    screen = desk.screen(qtbot)
    assert screen.period() == (date(2026, 11, 1), DAY_2)  # this month, to today
    assert not screen.online_label.isVisible()
    choose_juma(qtbot, screen)
    qtbot.keyClick(screen.from_edit, Qt.Key.Key_Return)  # Enter asks for the statement
    dialog = statement_shown(desk, qtbot, screen)

    assert dialog.windowTitle() == "Statement Wallet C0001234, 01 Nov 2026 to 24 Nov 2026"
    assert summary(screen) == {
        "Account": "Juma Mwangi · Wallet C0001234",
        "Period": "01 Nov 2026 to 24 Nov 2026",
        "Opening balance": "KES 0.00",
        "Total credits (2)": "KES 12,500.00",
        "Total debits (5)": "KES 4,550.00",
        "Closing balance": "KES 7,950.00",
    }
    assert screen.statement_box.isVisible()
    branch = desk.branch
    assert rows(screen.statement) == [
        (branch.day_1_deposit.entry.reference, "Cash deposit", "", "10,000.00", "10,000.00"),
        (branch.day_1_withdrawal.entry.reference, "Cash withdrawal", "1,000.00", "", "9,000.00"),
        (branch.deposit.entry.reference, "Cash deposit", "", "2,500.00", "11,500.00"),
        (branch.withdrawal.entry.reference, "Cash withdrawal", "3,000.00", "", "8,500.00"),
        (branch.withdrawal.entry.reference, "Cash withdrawal fee", "30.00", "", "8,470.00"),
        (branch.transfer.entry.reference, "Transfer to wallet:C0005678", "500.00", "", "7,970.00"),
        (branch.transfer.entry.reference, "Transfer fee", "20.00", "", "7,950.00"),
    ]
    printed = pdf_text(dialog.pdf)  # the A4 page the customer takes home
    for expected in (
        "Juma Mwangi",
        "*****789",
        "Wallet C0001234",
        "01 Nov 2026 to 24 Nov 2026",
        "Opening balance",
        "Closing balance",
        "7,950.00",
        branch.day_1_deposit.entry.reference,
        branch.transfer.entry.reference,
        "Cash withdrawal fee",
        "from head office's books",
    ):
        assert expected in printed, expected
    assert len(dialog.page_labels) == 1 and dialog.print_button.isEnabled()
    assert desk.link.requests == 1


def test_one_day_opens_with_the_day_before_s_closing_and_the_quick_choices_set_the_period(
    desk: Desk, qtbot: QtBot
) -> None:
    screen = desk.screen(qtbot)
    choose_juma(qtbot, screen)
    qtbot.keyClick(screen, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # to the from date's day
    assert screen.from_edit.hasFocus()
    qtbot.keyClicks(screen.from_edit, "24")  # 01 Nov 2026 -> 24 Nov 2026; to stays today
    assert screen.period() == (DAY_2, DAY_2)
    qtbot.keyClick(screen.from_edit, Qt.Key.Key_Return)
    statement_shown(desk, qtbot, screen)
    assert (summary(screen)["Opening balance"], summary(screen)["Closing balance"]) == (
        "KES 9,000.00",
        "KES 7,950.00",
    )
    assert [line.reference for line in screen.statement.lines][:1] == [desk.branch.deposit.entry.reference]
    close_statement(qtbot, screen)

    press_alt(qtbot, screen, Qt.Key.Key_L)  # last month: October
    assert screen.period() == (date(2026, 10, 1), date(2026, 10, 31))
    press_alt(qtbot, screen, Qt.Key.Key_S)
    statement_shown(desk, qtbot, screen)
    assert summary(screen) == {
        "Account": "Juma Mwangi · Wallet C0001234", "Period": "01 Oct 2026 to 31 Oct 2026",
        "Opening balance": "KES 0.00", "Total credits (0)": "KES 0.00", "Total debits (0)": "KES 0.00",
        "Closing balance": "KES 0.00",
    }  # fmt: skip
    assert screen.statement.lines == ()
    close_statement(qtbot, screen)

    press_alt(qtbot, screen, Qt.Key.Key_3)
    assert screen.period() == (date(2026, 8, 24), DAY_2)
    press_alt(qtbot, screen, Qt.Key.Key_M)
    assert screen.period() == (date(2026, 11, 1), DAY_2)


def test_the_statement_is_saved_as_the_pdf_head_office_s_answer_printed_and_shown_again(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    screen = desk.screen(qtbot)
    assert not screen.save_button.isEnabled()  # nothing to save yet
    choose_juma(qtbot, screen)
    qtbot.keyClick(screen.from_edit, Qt.Key.Key_Return)
    statement_shown(desk, qtbot, screen)
    close_statement(qtbot, screen)

    screen.save_button.click()
    files = screen.file_dialog
    assert isinstance(files, QFileDialog) and files.isVisible()
    assert files.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert screen.suggested_file_name() == "statement-C0001234-2026-11-01-2026-11-24.pdf"
    target = tmp_path / "juma.pdf"
    files.selectFile(str(target))
    files.accept()  # the teller typed a name and pressed Enter
    qtbot.waitUntil(lambda: screen.file_dialog is None)
    qtbot.waitUntil(lambda: screen.saved_to == target)
    assert target.read_bytes() == screen.statement_pdf
    assert "7,950.00" in pdf_text(target.read_bytes())
    assert screen.progress_label.text() == f"Saved {target}"

    requests = desk.link.requests
    back_on(qtbot, screen)
    press_alt(qtbot, screen, Qt.Key.Key_G)  # show again: not asked again
    assert statement_shown(desk, qtbot, screen).pdf == screen.statement_pdf
    assert desk.link.requests == requests


# --- balance enquiry -------------------------------------------------------------------------------


def test_the_balance_enquiry_shows_head_office_s_balance_the_date_and_when_it_read_its_books(
    desk: Desk, qtbot: QtBot
) -> None:
    screen = desk.screen(qtbot)
    choose_juma(qtbot, screen)
    press_alt(qtbot, screen, Qt.Key.Key_B)
    desk.wait_idle(qtbot)
    assert screen.error_label.text() == ""
    assert screen.balance_box.isVisible()
    assert screen.balance_amount_label.text() == "KES 7,950.00"
    assert screen.balance_detail_label.text() == (
        "Juma Mwangi · Wallet C0001234, on 24 Nov 2026. Head office read its books at 24 Nov 12:00; "
        "withdrawals authorised online and not yet synced are not taken off."
    )  # the server's clock, 09:00 UTC, in Nairobi
    assert screen.balance.balance == desk.branch.server.wallet("C0001234")  # the books' own balance
    assert screen.statement_dialog is None  # an enquiry prints nothing

    screen.picker.search_edit.selectAll()
    choose_customer(qtbot, screen.picker, "akinyi")  # another customer: Juma's balance goes
    assert not screen.balance_box.isVisible()


# --- offline ---------------------------------------------------------------------------------------


def test_offline_the_screen_says_online_only_and_sends_nothing(desk: Desk, qtbot: QtBot) -> None:
    desk.branch.counter.context.is_online = lambda: False  # the sync loop has heard nothing lately
    screen = desk.screen(qtbot)
    reason = (
        "Statements come from head office: online only. Head office cannot be reached now; these buttons "
        "work again as soon as the link is back."
    )
    assert screen.online_label.isVisible() and screen.online_label.text() == reason
    assert not screen.statement_button.isEnabled() and not screen.balance_button.isEnabled()
    assert screen.statement_button.toolTip() == reason
    choose_juma(qtbot, screen)
    qtbot.keyClick(screen.from_edit, Qt.Key.Key_Return)
    assert screen.error_label.text() == "Not sent: head office cannot be reached now."
    desk.wait_idle(qtbot)
    assert (desk.link.requests, screen.statement, screen.statement_dialog) == (0, None, None)

    desk.link_status(online=True)  # the link is back: the status the main window reads says so
    assert not screen.online_label.isVisible() and screen.statement_button.isEnabled()
    qtbot.keyClick(screen.from_edit, Qt.Key.Key_Return)
    statement_shown(desk, qtbot, screen)
    assert summary(screen)["Closing balance"] == "KES 7,950.00"

    desk.link_status(online=False)
    assert screen.online_label.isVisible() and not screen.balance_button.isEnabled()


def test_a_link_that_drops_after_the_status_said_online_gives_no_statement(desk: Desk, qtbot: QtBot) -> None:
    screen = desk.screen(qtbot)
    choose_juma(qtbot, screen)
    desk.link.up = False
    qtbot.keyClick(screen.from_edit, Qt.Key.Key_Return)
    desk.wait_idle(qtbot)
    assert screen.error_label.text().startswith("Head office did not answer (")
    assert screen.error_label.text().endswith("try again when the link is back [online_only]")
    assert (screen.statement, screen.statement_dialog) == (None, None)
    assert not screen.statement_box.isVisible()
    assert screen.statement_button.isEnabled()  # the teller may try again


def test_a_device_with_no_server_says_so(gui: GuiWorld, qtbot: QtBot) -> None:
    screen = SaveScreen(gui.backend, gui.tasks, gui.events)  # never enrolled with a server
    show(qtbot, screen)
    assert screen.online_label.text() == (
        "Statements come from head office: online only. This device is not connected to a server."
    )
    gui.events.sync_status_read.emit(None)
    assert screen.online_label.isVisible() and not screen.statement_button.isEnabled()


# --- the period is checked before anything is sent -------------------------------------------------


def test_a_period_backwards_or_over_366_days_is_refused_before_anything_is_sent(
    desk: Desk, qtbot: QtBot
) -> None:
    screen = desk.screen(qtbot)
    choose_juma(qtbot, screen)
    screen.set_period(date(2026, 11, 25), DAY_2)
    qtbot.keyClick(screen.to_edit, Qt.Key.Key_Return)
    assert screen.error_label.text() == (
        "The period starts 25 Nov 2026, after it ends 24 Nov 2026: choose a from date on or before the to date."
    )
    assert screen.from_edit.hasFocus()

    screen.set_period(date(2025, 11, 23), DAY_2)  # 367 days, both ends counted
    qtbot.keyClick(screen.to_edit, Qt.Key.Key_Return)
    assert screen.error_label.text() == (
        "A statement covers at most 366 days; 23 Nov 2025 to 24 Nov 2026 is 367 days. Choose a shorter "
        "period, a year at a time."
    )
    desk.wait_idle(qtbot)
    assert (desk.link.requests, screen.statement) == (0, None)

    screen.set_period(date(2025, 11, 24), DAY_2)  # 366 days: the longest head office answers
    qtbot.keyClick(screen.to_edit, Qt.Key.Key_Return)
    statement_shown(desk, qtbot, screen)
    assert screen.error_label.text() == ""
    assert (summary(screen)["Opening balance"], summary(screen)["Closing balance"]) == (
        "KES 0.00",
        "KES 7,950.00",
    )
    assert desk.link.requests == 1


def test_enter_without_a_customer_says_what_to_do(desk: Desk, qtbot: QtBot) -> None:
    screen = desk.screen(qtbot)
    qtbot.keyClick(screen.statement_button, Qt.Key.Key_Return)
    assert screen.error_label.text() == "Choose the customer first: type a national ID, phone or name"
    assert screen.picker.search_edit.hasFocus()
    assert desk.link.requests == 0


# --- who sees the screen ---------------------------------------------------------------------------


def test_the_teller_finds_save_after_insure_and_an_agent_does_not_see_it(gui: GuiWorld, qtbot: QtBot) -> None:
    window = gui.main_window(qtbot)
    keys = list(window.screens)
    assert keys[keys.index("borrow") + 1 : keys.index("borrow") + 3] == ["insure", "save"]
    assert window.navigation.item(keys.index("save")).text() == "Save"
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.screens["save"]
    window.close()

    gui.log_in_as(Session(user_id="wanjiru", display_name="Wanjiru Kamau", role=Role.AGENT))
    assert "save" not in gui.main_window(qtbot).screens  # agents may not print statements
