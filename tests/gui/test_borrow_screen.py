"""The Borrow screen: Juma repays his loan L000042 (KES 8,000 owed), in cash at the counter or
from his wallet. Cash is a fact that needs the open till; the wallet repayment is a request,
pending until head office confirms. Either way the loan owes less at once on this device."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.services.balances import available_balance
from desktop_app.store.pulled import put_account
from desktop_app.ui.screens.borrow import BorrowScreen
from shared_core.accounts import loan_account, wallet_account
from shared_core.money import Money
from tests.gui.conftest import JUMA, GuiWorld
from tests.gui.money_screens import (
    KES,
    Booked,
    choose_customer,
    journal,
    open_the_till,
    show,
    wait_for_dialog,
)

LOAN = loan_account("L000042")


def borrow_screen(world: GuiWorld, qtbot) -> BorrowScreen:  # noqa: ANN001
    with world.counter.store.write() as connection:
        put_account(connection, account=LOAN, cif=JUMA, label="Loan L000042", balance_cents=KES(8_000).cents)
    screen = BorrowScreen(world.backend, world.tasks, world.events)
    show(qtbot, screen)
    return screen


def balance(world: GuiWorld, account: str) -> Money:
    with world.counter.store.read() as connection:
        return available_balance(connection, account)


def choose_juma_and_his_loan(qtbot, screen: BorrowScreen) -> None:  # noqa: ANN001
    choose_customer(qtbot, screen.picker, "juma")
    qtbot.waitUntil(lambda: screen.loan is not None)
    assert screen.loan_box.currentText() == "Loan L000042 — owes KES 8,000.00"
    assert screen.amount_edit.hasFocus()  # one loan: chosen for the teller, on to the amount


def test_juma_repays_3000_in_cash_and_the_loan_owes_5000(gui: GuiWorld, qtbot) -> None:
    open_the_till(gui)
    screen = borrow_screen(gui, qtbot)
    choose_juma_and_his_loan(qtbot, screen)
    qtbot.keyClicks(screen.amount_edit, "3000")
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    confirmation = wait_for_dialog(qtbot, lambda: screen.confirm_dialog)
    assert confirmation.windowTitle() == "Confirm: Loan repayment in cash"
    assert confirmation.words_label.text() == "Kenya Shillings Three Thousand Only"
    assert (
        confirmation.limit_label.text().splitlines()[0].startswith("Tier 2 cash in: at most KES 500,000.00")
    )
    qtbot.keyClick(confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.last_posted is not None)
    gui.wait_idle(qtbot)

    reference = screen.last_posted.entry.reference
    assert screen.result_label.text() == (
        f"Repayment {reference}: KES 3,000.00 in cash from Juma Mwangi to Loan L000042."
    )
    assert journal(gui)[-1] == Booked(2, "loan_repayment_cash", KES(3_000), JUMA, "wanjiru", None)
    assert balance(gui, LOAN) == KES(5_000)
    assert balance(gui, wallet_account(JUMA)) == KES(50_000)  # cash: the wallet is not touched


def test_juma_repays_2000_from_his_wallet_pending_until_head_office_confirms(gui: GuiWorld, qtbot) -> None:
    screen = borrow_screen(gui, qtbot)  # no till needed: no cash moves
    choose_juma_and_his_loan(qtbot, screen)
    screen.wallet_button.setChecked(True)
    qtbot.keyClicks(screen.amount_edit, "2000")
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    confirmation = wait_for_dialog(qtbot, lambda: screen.confirm_dialog)
    assert confirmation.windowTitle() == "Confirm: Loan repayment from the wallet"
    assert confirmation.findChild(type(confirmation.words_label), "note").text() == (
        "To Loan L000042. Pending until head office confirms."
    )
    qtbot.keyClick(confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.last_posted is not None)
    gui.wait_idle(qtbot)

    reference = screen.last_posted.entry.reference
    assert screen.result_label.text() == (
        f"Repayment {reference}: KES 2,000.00 from Juma Mwangi's wallet to Loan L000042, pending until head "
        "office confirms."
    )
    assert journal(gui) == [Booked(1, "loan_repayment_wallet", KES(2_000), JUMA, "wanjiru", None)]
    assert balance(gui, wallet_account(JUMA)) == KES(48_000)
    assert balance(gui, LOAN) == KES(6_000)


def test_a_cash_repayment_is_refused_while_the_till_is_not_open(gui: GuiWorld, qtbot) -> None:
    screen = borrow_screen(gui, qtbot)
    choose_juma_and_his_loan(qtbot, screen)
    qtbot.keyClicks(screen.amount_edit, "3000")
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    qtbot.keyClick(wait_for_dialog(qtbot, lambda: screen.confirm_dialog), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.error_label.text() != "")
    assert screen.error_label.text() == "Open the till before handling cash [till_not_open]"
    assert journal(gui) == []
    assert balance(gui, LOAN) == KES(8_000)


def test_a_customer_without_a_loan_is_told_so(gui: GuiWorld, qtbot) -> None:
    screen = BorrowScreen(gui.backend, gui.tasks, gui.events)
    show(qtbot, screen)
    choose_customer(qtbot, screen.picker, "juma")
    qtbot.waitUntil(lambda: screen.loan_hint.text() == "Juma Mwangi has no loan on this device")
    qtbot.keyClicks(screen.amount_edit, "3000")
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    assert screen.error_label.text() == "Choose the loan to repay"
    assert screen.confirm_dialog is None
