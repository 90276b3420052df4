"""The Borrow screen: Juma repays his loan L000042 (KES 8,000 owed), in cash at the counter or
from his wallet. Cash is a fact that needs the open till; the wallet repayment is a request,
pending until head office confirms. Either way the loan owes less at once on this device."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop_app.services.balances import available_balance
from desktop_app.services.loans import loan_policy
from desktop_app.store.pulled import put_account, put_loans
from desktop_app.ui.screens.borrow import BorrowScreen
from shared_core.accounts import loan_account, wallet_account
from shared_core.credit_decision import CreditDecision, decision_to_wire
from shared_core.credit_policy import BureauStatus
from shared_core.loan_origination import first_due_date
from shared_core.loan_position import LoanPosition, loan_position
from shared_core.loan_schedule import loan_terms_for, loan_terms_to_wire, schedule
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
from tests.integration.test_loan_application_pdf import juma_decision
from tests.pdf_reading import pdf_text

LOAN = loan_account("L000042")


def borrow_screen(world: GuiWorld, qtbot) -> BorrowScreen:
    with world.counter.store.write() as connection:
        put_account(connection, account=LOAN, cif=JUMA, label="Loan L000042", balance_cents=KES(8_000).cents)
    screen = BorrowScreen(world.backend, world.tasks, world.events)
    show(qtbot, screen)
    return screen


def balance(world: GuiWorld, account: str) -> Money:
    with world.counter.store.read() as connection:
        return available_balance(connection, account)


def choose_juma_and_his_loan(qtbot, screen: BorrowScreen) -> None:
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


# --- loans with a schedule (pulled from head office) ------------------------------------------------

BOOST = "L-K7Q2-BOOST001"
APPLIED_ON = date(2026, 11, 10)  # Boost is weekly: first installment due on the 17th, unpaid


def pulled_boost_loan(world: GuiWorld, status: str = "active", decision: CreditDecision | None = None) -> LoanPosition:
    """Juma's Boost loan of KES 5,000 over 4 weeks as head office sent it; where it stands today."""
    policy = loan_policy(world.counter.context)
    product = policy.product("boost")
    terms = loan_terms_for(product, KES(5_000), 4, first_due_date(APPLIED_ON, product.frequency))
    loan = {
        "loan_id": BOOST, "loan_account": loan_account(BOOST), "reference": "BR-K7Q2-000007-X", "cif": JUMA, "product_code": "boost",
        **loan_terms_to_wire(terms), "applied_on": APPLIED_ON.isoformat(), "status": status, "closed_on": None,
        "decision": decision_to_wire(decision or juma_decision()), "repayments": [], "through_sequence": 0,
    }
    with world.counter.store.write() as connection:
        if status == "active":  # head office opens the loan's account when it lends
            put_account(connection, account=loan_account(BOOST), cif=JUMA, label="Loan", balance_cents=KES(5_000).cents)
        put_loans(connection, [loan], complete=True)
    today = date.fromisoformat(world.counter.context.local_date())
    return loan_position(schedule(terms), [], today, product=product, policy=policy)


def test_a_scheduled_loan_shows_what_is_due_its_payoff_and_days_past_due(gui: GuiWorld, qtbot) -> None:
    position = pulled_boost_loan(gui)
    assert position.days_past_due > 0  # the first installment was due a week ago
    open_the_till(gui)
    screen = BorrowScreen(gui.backend, gui.tasks, gui.events)
    show(qtbot, screen)
    choose_customer(qtbot, screen.picker, "juma")
    qtbot.waitUntil(lambda: screen.loan is not None)
    assert screen.loan_box.currentText() == (
        f"Boost {BOOST} — due today {position.amount_due}, pays off with {position.payoff}"
    )
    hint = screen.loan_hint.text().splitlines()
    assert hint[0] == f"Next installment {position.next_due_amount} on {position.next_due_date:%d %b %Y}"
    assert hint[1] == (
        f"{position.days_past_due} days past due (normal): arrears {position.arrears}, "
        f"late fees {position.penalties_unpaid}"
    )

    qtbot.keyClicks(screen.amount_edit, str(position.amount_due.cents / 100))
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    confirmation = wait_for_dialog(qtbot, lambda: screen.confirm_dialog)
    note = confirmation.findChild(type(confirmation.words_label), "note").text()
    assert note.startswith(f"To Boost {BOOST}. Pays late fees {position.penalties_unpaid}, interest ")
    qtbot.keyClick(confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.last_posted is not None)
    gui.wait_idle(qtbot)

    choose_customer(qtbot, screen.picker, "juma")  # the next customer... Juma again: brought up to date
    qtbot.waitUntil(lambda: screen.loan is not None)
    assert screen.loan_box.currentText().startswith(f"Boost {BOOST} — due today KES 0.00, pays off with ")
    assert "Counts " in screen.loan_hint.text() and "head office has not yet seen" in screen.loan_hint.text()


def test_applications_show_below_their_scorecard_prints_and_the_application_dialog_opens(
    gui: GuiWorld, qtbot, tmp_path: Path  # noqa: ANN001
) -> None:
    pulled_boost_loan(gui, status="declined", decision=juma_decision(BureauStatus.NEGATIVE_LISTING))
    screen = BorrowScreen(gui.backend, gui.tasks, gui.events)
    show(qtbot, screen)
    choose_customer(qtbot, screen.picker, "juma")
    qtbot.waitUntil(lambda: screen.applications_label.text() != "")
    assert screen.applications_label.text() == f"Boost {BOOST} of KES 5,000.00, applied 10 Nov 2026: declined"
    assert screen.loan is None and screen.loan_hint.text() == "Juma Mwangi has no loan on this device"

    qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    dialog = wait_for_dialog(qtbot, lambda: screen.application_dialog)
    assert "Juma Mwangi" in dialog.windowTitle() + " ".join(label.text() for label in dialog.findChildren(QLabel))
    dialog.reject()
    screen.activateWindow()  # the dialog gone, the teller is back on the screen
    qtbot.waitUntil(screen.isActiveWindow)

    assert screen.summary_button.isEnabled()
    qtbot.keyClick(screen, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    summary = wait_for_dialog(qtbot, lambda: screen.summary_dialog)
    text = pdf_text(summary.pdf, tmp_path)
    assert "Loan application summary" in text and "BR-K7Q2-000007-X" in text and "DECLINE" in text
    assert "Bureau" in text  # the scorecard's factors, as head office scored them
    summary.close()
