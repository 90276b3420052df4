"""The receipts screen at the end of a morning: today's entries with where each stands, a search by
reference, and a reprint that says COPY so it never passes for the original.

Worked example: the till opens with KES 100,000 (entry 1); Juma deposits KES 2,500 (2) and his
receipt is printed; he asks to send KES 1,000 to Amina (3). Head office books the first two and
refuses the transfer.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.services.cash import deposit_cash
from desktop_app.services.entries import entries_of_day
from desktop_app.services.printing import print_receipt
from desktop_app.services.till import open_till
from desktop_app.services.transfers import request_transfer
from desktop_app.ui.screens.receipts import EntriesTableModel, ReceiptsScreen
from shared_core.accounts import wallet_account
from shared_core.money import Money
from tests.device_builders import add_customer
from tests.gui.conftest import JUMA, GuiWorld
from tests.gui.head_office import answer_all

AMINA = "C0005678"


@pytest.fixture
def morning(gui: GuiWorld) -> GuiWorld:
    counter = gui.counter
    add_customer(counter, AMINA, national_id="34567890", full_name="Amina Hassan", phone="254722000111")
    open_till(counter.context, counter.teller, opening_float=Money.shillings(100_000))
    deposit = deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=Money.shillings(2_500))
    print_receipt(counter.context, deposit.entry.sequence, balance_after=deposit.available_after)  # the original
    request_transfer(counter.context, counter.teller, customer_cif=JUMA, to_account=wallet_account(AMINA),
                     amount=Money.shillings(1_000))
    answer_all(counter, refused=frozenset({3}))
    return gui


def shown_screen(gui: GuiWorld, qtbot) -> ReceiptsScreen:  # noqa: ANN001
    screen = ReceiptsScreen(gui.backend, gui.tasks, gui.events)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    screen.activated()
    gui.wait_idle(qtbot)
    return screen


def rows(model: EntriesTableModel) -> list[list[str]]:
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def reference_of(gui: GuiWorld, sequence: int) -> str:
    return next(e.reference for e in entries_of_day(gui.counter.context) if e.sequence == sequence)


def pdf_text(pdf: bytes, directory: Path) -> str:
    path = directory / "receipt.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_todays_entries_show_newest_first_with_customer_amount_and_what_head_office_said(
    morning: GuiWorld, qtbot
) -> None:
    screen = shown_screen(morning, qtbot)
    m = EntriesTableModel
    shown = [[row[m.REFERENCE], row[m.KIND], row[m.CUSTOMER], row[m.AMOUNT], row[m.STATUS]] for row in rows(screen.model)]
    assert shown == [
        [reference_of(morning, 3), "Transfer", "Juma Mwangi", "1,000.00", "Refused"],
        [reference_of(morning, 2), "Cash deposit", "Juma Mwangi", "2,500.00", "Confirmed"],
        [reference_of(morning, 1), "Till opened", "", "100,000.00", "Confirmed"],
    ]
    assert rows(screen.model)[0][m.TIME] == "24 Nov 10:00"  # 07:00 UTC, East Africa Time
    assert screen.model.index(0, m.STATUS).data(Qt.ItemDataRole.ToolTipRole) == (
        "The payer's wallet holds less than the transfer"
    )
    assert screen.heading.text() == "Today's entries on this device: 3"
    assert QApplication.focusWidget() is screen.search_edit


def test_enter_on_a_row_reprints_it_and_the_reprint_says_copy(morning: GuiWorld, qtbot, tmp_path: Path) -> None:
    screen = shown_screen(morning, qtbot)
    screen.table.setFocus()
    screen.table.selectRow(1)  # Juma's deposit, printed once already
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    morning.wait_idle(qtbot)
    qtbot.waitUntil(lambda: screen.receipt_dialog is not None)
    dialog = screen.receipt_dialog
    reference = reference_of(morning, 2)
    assert dialog.windowTitle() == f"Receipt {reference} (COPY 1)"
    text = pdf_text(dialog.pdf, tmp_path)
    assert "COPY 1" in text and reference in text and "KES 2,500.00" in text
    copies = {entry.sequence: entry.copies_printed for entry in entries_of_day(morning.counter.context)}
    assert copies == {3: 0, 2: 2, 1: 0}  # the original and this copy; nothing else printed
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: screen.receipt_dialog is None)


def test_a_search_by_part_of_the_reference_narrows_the_list_and_enter_goes_to_it(morning: GuiWorld, qtbot) -> None:
    screen = shown_screen(morning, qtbot)
    qtbot.keyClicks(screen.search_edit, "000002")
    qtbot.keyClick(screen.search_edit, Qt.Key.Key_Return)
    morning.wait_idle(qtbot)
    assert [row[EntriesTableModel.REFERENCE] for row in rows(screen.model)] == [reference_of(morning, 2)]
    assert screen.heading.text() == "1 entries whose reference contains 000002"
    assert QApplication.focusWidget() is screen.table
    assert screen.table.currentIndex().row() == 0

    screen.search_edit.setFocus()
    qtbot.keyClick(screen.search_edit, Qt.Key.Key_Escape)  # back to the whole day
    morning.wait_idle(qtbot)
    assert screen.model.rowCount() == 3


def test_a_search_that_cannot_be_a_reference_says_so_in_the_screen(morning: GuiWorld, qtbot) -> None:
    screen = shown_screen(morning, qtbot)
    qtbot.keyClicks(screen.search_edit, "Juma%")
    qtbot.keyClick(screen.search_edit, Qt.Key.Key_Return)
    morning.wait_idle(qtbot)
    assert screen.error_label.text() == (
        "'Juma%' is not part of a reference; type e.g. 000042 or BR-K7Q2-000042 [invalid_input]"
    )


def test_a_new_entry_elsewhere_appears_in_the_list(morning: GuiWorld, qtbot) -> None:
    screen = shown_screen(morning, qtbot)
    deposit_cash(morning.counter.context, morning.counter.teller, customer_cif=JUMA, amount=Money.shillings(700))
    morning.events.entries_changed.emit()
    morning.wait_idle(qtbot)
    top = rows(screen.model)[0]
    assert top[EntriesTableModel.AMOUNT] == "700.00" and top[EntriesTableModel.STATUS] == "Pending"
