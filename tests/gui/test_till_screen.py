"""A teller's till from the Till screen: open it with a float, count it note by note, close it, and
read the end-of-day report; and the supervisor each irregular close needs.

Worked example: Wanjiru opens the till with KES 100,000 from the vault of the Nairobi CBD branch.
Where the day's entries have reached head office and the drawer holds exactly KES 100,000, she
closes alone; short by KES 500, or with entries still waiting, Otieno (supervisor) must approve.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.services.cash import deposit_cash
from desktop_app.services.till import open_till, till_position
from desktop_app.store import journal as stored_journal
from desktop_app.ui.screens.till import TillScreen, TillTotalsTableModel, UnsyncedTableModel
from shared_core.channels import Channel
from shared_core.journal import JournalEntry
from shared_core.money import Money
from shared_core.operations import OperationKind
from tests.device_builders import PASSWORD, SUPERVISOR_PASSWORD, make_counter
from tests.gui.conftest import JUMA, GuiWorld
from tests.gui.head_office import answer_all

KES = Money.shillings


def shown_screen(gui: GuiWorld, qtbot) -> TillScreen:  # noqa: ANN001
    screen = TillScreen(gui.backend, gui.tasks, gui.events)
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    screen.activated()
    gui.wait_idle(qtbot)
    return screen


def journal(gui: GuiWorld) -> list[JournalEntry]:
    with gui.counter.store.read() as connection:
        head = stored_journal.head(connection)
        count = head.sequence if head else 0
        return [stored_journal.entry_at(connection, sequence) for sequence in range(1, count + 1)]


def kinds(gui: GuiWorld) -> list[OperationKind]:
    return [entry.kind for entry in journal(gui)]


def pdf_text(pdf: bytes, directory: Path) -> str:
    path = directory / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_page_size(pdf: bytes, directory: Path) -> str:
    path = directory / "sized.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Page size"))


def count_in(screen: TillScreen, qtbot, pieces: dict[int, int]) -> None:  # noqa: ANN001
    """Type the count as a teller does: each row, Tab down; the focus ends in the last row."""
    widget = screen.denominations
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget.spin_box(1000))
    for shillings in (1000, 500, 200, 100, 50, 20, 10, 5, 1):
        box = widget.spin_box(shillings)
        assert QApplication.focusWidget() is box
        if pieces.get(shillings):
            qtbot.keyClicks(box, str(pieces[shillings]))
        if shillings != 1:
            qtbot.keyClick(box, Qt.Key.Key_Tab)


def confirm(screen: TillScreen, qtbot) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: screen.confirm_dialog is not None and screen.confirm_dialog.isVisible())
    qtbot.keyClick(screen.confirm_dialog, Qt.Key.Key_Return)


def approve(gui: GuiWorld, screen: TillScreen, qtbot, user: str, password: str) -> None:  # noqa: ANN001
    gui.wait_idle(qtbot)
    qtbot.waitUntil(lambda: screen.override_dialog is not None and screen.override_dialog.isVisible())
    dialog = screen.override_dialog
    qtbot.keyClicks(dialog.user_edit, user)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def wait_for(qtbot, dialog: Callable[[], QDialog | None]) -> QDialog:  # noqa: ANN001
    qtbot.waitUntil(lambda: dialog() is not None and dialog().isVisible(), timeout=20_000)
    return dialog()


@pytest.fixture
def opened_and_synced(gui: GuiWorld) -> GuiWorld:
    """The till opened with KES 100,000 and head office has booked the opening."""
    open_till(gui.counter.context, gui.counter.teller, opening_float=KES(100_000))
    answer_all(gui.counter)
    return gui


def test_the_teller_opens_the_till_with_a_float_after_confirming_it(gui: GuiWorld, qtbot) -> None:
    screen = shown_screen(gui, qtbot)
    assert screen.state_label.text() == "The till is closed. Open it with a float from the vault."
    assert QApplication.focusWidget() is screen.float_edit
    qtbot.keyClicks(screen.float_edit, "100000")
    qtbot.keyClick(screen.float_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.confirm_dialog is not None and screen.confirm_dialog.isVisible())
    assert screen.confirm_dialog.amount_label.text() == "<b>KES 100,000.00</b>"
    assert "One Hundred Thousand" in screen.confirm_dialog.words_label.text()
    assert kinds(gui) == []  # nothing before the teller confirms

    with qtbot.waitSignal(gui.events.till_changed, timeout=10_000):
        qtbot.keyClick(screen.confirm_dialog, Qt.Key.Key_Return)
    gui.wait_idle(qtbot)
    assert screen.state_label.text() == "The till is open for you, business date 2026-11-24."
    assert screen.expected_label.text() == "The drawer should hold: KES 100,000.00"
    totals = screen.totals_model
    assert totals.index(0, TillTotalsTableModel.OPERATION).data() == "Till opened"
    assert totals.index(0, TillTotalsTableModel.AMOUNT).data() == "100,000.00"
    assert screen.result_label.text().startswith("Till opened with KES 100,000.00 (BR-K7Q2-000001-")
    slip = wait_for(qtbot, lambda: screen.receipt_dialog)
    assert slip.windowTitle().startswith("Receipt BR-K7Q2-000001-")
    position = till_position(gui.counter.context)
    assert position.open and position.user_id == "wanjiru" and position.expected_cash == KES(100_000)


def test_escape_at_the_confirmation_opens_nothing(gui: GuiWorld, qtbot) -> None:
    screen = shown_screen(gui, qtbot)
    qtbot.keyClicks(screen.float_edit, "50000")
    qtbot.keyClick(screen.float_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.confirm_dialog is not None and screen.confirm_dialog.isVisible())
    qtbot.keyClick(screen.confirm_dialog, Qt.Key.Key_Escape)
    assert screen.result_label.text() == "Cancelled: nothing was recorded."
    assert kinds(gui) == [] and not till_position(gui.counter.context).open


def test_an_empty_float_is_refused_in_the_screen(gui: GuiWorld, qtbot) -> None:
    screen = shown_screen(gui, qtbot)
    qtbot.keyClick(screen.float_edit, Qt.Key.Key_Return)
    assert screen.error_label.text() == "Enter an amount [invalid_amount]"
    assert screen.confirm_dialog is None and kinds(gui) == []


def test_a_balanced_count_with_everything_synced_closes_without_a_supervisor(
    opened_and_synced: GuiWorld, qtbot, tmp_path: Path
) -> None:
    gui = opened_and_synced
    screen = shown_screen(gui, qtbot)
    assert screen.unsynced_label.text() == "Every entry has reached head office."
    count_in(screen, qtbot, {1000: 90, 500: 20})
    assert screen.difference_label.text() == "Counted KES 100,000.00: balanced."
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter in the count closes
    qtbot.waitUntil(lambda: screen.confirm_dialog is not None and screen.confirm_dialog.isVisible())
    assert "The journal says the drawer holds KES 100,000.00." in screen.confirm_dialog.findChild(
        type(screen.result_label), "note").text()
    with qtbot.waitSignal(gui.events.till_changed, timeout=10_000):
        qtbot.keyClick(screen.confirm_dialog, Qt.Key.Key_Return)

    report = wait_for(qtbot, lambda: screen.report_dialog)
    assert screen.override_dialog is None  # nobody was asked
    assert report.windowTitle() == "End-of-day report, 2026-11-24"
    assert pdf_page_size(report.pdf, tmp_path).startswith("595") and "A4" in pdf_page_size(report.pdf, tmp_path)
    text = pdf_text(report.pdf, tmp_path)
    assert "BALANCED" in text and "Wanjiru Kamau" in text
    assert report.page_labels[0].pixmap().width() > 700  # A4 at the screen's 96 dpi: 794 pixels wide
    printer = report.new_printer()  # printed on A4, to a file here
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed-report.pdf"))
    with qtbot.waitSignal(report.printed, timeout=20_000):
        report.print_to(printer)
    printed = (tmp_path / "printed-report.pdf").read_bytes()
    assert "A4" in pdf_page_size(printed, tmp_path) and "BALANCED" in pdf_text(printed, tmp_path)
    assert screen.result_label.text().startswith("Till closed: KES 100,000.00 back to the vault, balanced (")
    assert screen.state_label.text() == "The till is closed. Open it with a float from the vault."
    close = journal(gui)[-1]
    assert close.kind is OperationKind.TILL_CLOSE and close.approved_by is None
    assert kinds(gui) == [OperationKind.TILL_OPEN, OperationKind.TILL_CLOSE]


def test_a_short_count_needs_a_supervisor_and_the_report_names_them(
    opened_and_synced: GuiWorld, qtbot, tmp_path: Path
) -> None:
    gui = opened_and_synced
    screen = shown_screen(gui, qtbot)
    count_in(screen, qtbot, {1000: 99, 100: 5})  # KES 99,500
    assert screen.difference_label.text() == (
        "Counted KES 99,500.00: short by KES 500.00; a supervisor must approve."
    )
    screen.close_button.click()
    confirm(screen, qtbot)
    gui.wait_idle(qtbot)
    qtbot.waitUntil(lambda: screen.override_dialog is not None and screen.override_dialog.isVisible())
    assert kinds(gui) == [OperationKind.TILL_OPEN]  # neither the shortage nor the close before approval

    approve(gui, screen, qtbot, "otieno", SUPERVISOR_PASSWORD)
    report = wait_for(qtbot, lambda: screen.report_dialog)
    text = pdf_text(report.pdf, tmp_path)
    assert "SHORT KES 500.00" in text and "Otieno Odhiambo" in text
    short, close = journal(gui)[-2:]
    assert short.kind is OperationKind.TILL_SHORT and Money(short.body["amount_cents"]) == KES(500)
    assert close.kind is OperationKind.TILL_CLOSE and close.approved_by == "otieno"
    assert not till_position(gui.counter.context).open


def test_the_teller_cannot_approve_their_own_short_till(opened_and_synced: GuiWorld, qtbot) -> None:
    gui = opened_and_synced
    screen = shown_screen(gui, qtbot)
    count_in(screen, qtbot, {1000: 99})
    screen.close_button.click()
    confirm(screen, qtbot)
    approve(gui, screen, qtbot, "wanjiru", PASSWORD)
    gui.wait_idle(qtbot)
    assert "[maker_is_checker]" in screen.error_label.text()
    assert kinds(gui) == [OperationKind.TILL_OPEN]  # nothing half-done
    assert till_position(gui.counter.context).open
    assert screen.denominations.total() == KES(99_000)  # the count is kept for a real supervisor
    assert screen.close_button.isEnabled()


def test_closing_with_unsynced_entries_needs_a_supervisor_and_the_report_lists_them(
    gui: GuiWorld, qtbot, tmp_path: Path
) -> None:
    counter = gui.counter
    opened = open_till(counter.context, counter.teller, opening_float=KES(100_000))
    deposit = deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(2_500))
    screen = shown_screen(gui, qtbot)
    assert screen.unsynced_label.text() == (
        "2 entries have not reached head office; closing now needs a supervisor, and the end-of-day report lists them."
    )
    assert [screen.unsynced_model.index(row, UnsyncedTableModel.REFERENCE).data() for row in range(2)] == [
        opened.entry.reference, deposit.entry.reference
    ]
    count_in(screen, qtbot, {1000: 102, 500: 1})  # KES 102,500: balanced
    assert screen.difference_label.text() == "Counted KES 102,500.00: balanced."
    screen.close_button.click()
    confirm(screen, qtbot)
    gui.wait_idle(qtbot)
    qtbot.waitUntil(lambda: screen.override_dialog is not None and screen.override_dialog.isVisible())
    assert kinds(gui) == [OperationKind.TILL_OPEN, OperationKind.CASH_DEPOSIT]

    approve(gui, screen, qtbot, "otieno", SUPERVISOR_PASSWORD)
    report = wait_for(qtbot, lambda: screen.report_dialog)
    text = pdf_text(report.pdf, tmp_path)
    assert "Not yet synced to head office: 2 entries" in text
    assert opened.entry.reference in text and deposit.entry.reference in text
    assert journal(gui)[-1].approved_by == "otieno"

    report.reject()
    qtbot.waitUntil(lambda: screen.report_dialog is None or not screen.report_dialog.isVisible())
    screen.report_button.click()  # the report again, on demand
    again = wait_for(qtbot, lambda: screen.report_dialog)
    assert again.windowTitle() == "End-of-day report, 2026-11-24"


def test_an_agent_device_has_no_till_to_open(tmp_path: Path, qtbot) -> None:
    from desktop_app.ui.backend import Backend
    from desktop_app.ui.events import AppEvents
    from desktop_app.ui.tasks import Tasks

    agent = make_counter(tmp_path, channel=Channel.AGENT)
    tasks = Tasks()
    screen = TillScreen(Backend(context=agent.context, session=agent.teller), tasks, AppEvents())
    qtbot.addWidget(screen)
    screen.activated()
    assert screen.state_label.text() == "An agent works from a float; this device has no till."
    assert not screen.open_box.isEnabled() and not screen.close_box.isEnabled()
    tasks.wait_for_done(5_000)
    agent.store.close()
