"""The loan application dialog, at the branch counter on 24 Nov 2026: Juma Mwangi (C0001234, KES
50,000 in his wallet) asks for a loan. The products are those head office lends by:

    Boost                 KES 500 to KES 50,000,      18% a year flat,     weekly,  4 to 52 weeks
    SME Working Capital   KES 50,000 to KES 5,000,000, 16% reducing balance, monthly, 3 to 24 months

A Boost loan of KES 5,000 over 4 weeks costs 5,000 x 18% x 4/52 = KES 69.23 of interest: three
installments of 1,250.00 + 17.30 and a last one of 1,250.00 + 17.33 (it takes the cents left over),
KES 5,069.23 in all, the first due a week after the application, on 1 Dec 2026.

Applying records one LOAN_DISBURSEMENT request in the journal, pending until head office scores it;
nothing reaches Juma's wallet before then.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop_app.services.balances import available_balance
from desktop_app.services.entries import EntryState, entries_of_day
from desktop_app.services.loans import apply_for_loan, loan_policy, quote_loan
from desktop_app.services.posting import Posted
from desktop_app.store import journal as stored_journal
from desktop_app.ui.dialogs.loan_application import LoanApplicationDialog, ScheduleTableModel
from desktop_app.ui.i18n import install_language
from shared_core.accounts import wallet_account
from shared_core.amount_words import Language
from shared_core.money import Money, parse_amount
from tests.gui.conftest import JUMA, GuiWorld
from tests.gui.money_screens import KES, Booked, journal

APPLIED_ON = date(2026, 11, 24)  # the counter's fixed clock: 07:00 UTC, 10:00 in Nairobi


def application_dialog(world: GuiWorld, qtbot, cif: str = JUMA) -> LoanApplicationDialog:
    """The dialog as the Borrow screen opens it for the chosen customer, with the real service."""
    context, session = world.counter.context, world.counter.teller
    assert context.local_date() == APPLIED_ON.isoformat()

    def submit(product_code: str, amount: Money, installments: int) -> Posted:
        return apply_for_loan(
            context, session, customer_cif=cif, product_code=product_code, amount=amount,
            installments=installments,
        )

    dialog = LoanApplicationDialog("Juma Mwangi", cif, loan_policy(context), APPLIED_ON, submit, world.tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitActive(dialog):  # keys and focus go to the active window, as on the teller's PC
        dialog.activateWindow()
    return dialog


def table(model: ScheduleTableModel) -> list[list[str]]:
    """The schedule as the teller reads it, row by row."""
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def headers(model: ScheduleTableModel) -> list[str]:
    return [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())]


def amount_cells(rows: list[list[str]], column: int) -> Money:
    """The sum of a column of amounts, read back from the text shown."""
    return Money(sum(parse_amount(row[column], allow_zero=True).cents for row in rows))


def type_amount(qtbot, dialog: LoanApplicationDialog, text: str) -> None:
    dialog.amount_edit.setFocus()
    dialog.amount_edit.selectAll()
    qtbot.keyClicks(dialog.amount_edit, text)


def wait_for_confirmation(qtbot, dialog: LoanApplicationDialog) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible(), timeout=5_000)
    assert dialog.confirm_box is not None
    return dialog.confirm_box


# --- the live quote ---------------------------------------------------------------------------------


def test_boost_5000_over_4_weeks_shows_the_schedule_and_the_totals_of_the_quote(gui: GuiWorld, qtbot) -> None:
    dialog = application_dialog(gui, qtbot)
    assert [dialog.product_box.itemText(index) for index in range(dialog.product_box.count())] == [
        "Boost: KES 500.00 to KES 50,000.00 · 18% a year, flat rate · weekly",
        "SME Working Capital: KES 50,000.00 to KES 5,000,000.00 · 16% a year, reducing balance · monthly",
    ]
    assert dialog.product_box.hasFocus()  # two products: the teller chooses first
    assert not dialog.apply_button.isEnabled()  # nothing typed, nothing to apply for

    qtbot.keyClick(dialog.product_box, Qt.Key.Key_Tab)
    assert dialog.amount_edit.hasFocus()
    qtbot.keyClicks(dialog.amount_edit, "5000")
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Tab)
    assert dialog.installments_spin.hasFocus()
    assert dialog.installments_spin.value() == 4  # Boost's shortest term
    assert dialog.unit_label.text() == "weeks (4 to 52)"

    model = dialog.schedule_model
    assert headers(model) == ["No.", "Due date", "Principal", "Interest", "Total", "Balance after"]
    assert table(model) == [
        ["1", "01 Dec 2026", "1,250.00", "17.30", "1,267.30", "3,750.00"],
        ["2", "08 Dec 2026", "1,250.00", "17.30", "1,267.30", "2,500.00"],
        ["3", "15 Dec 2026", "1,250.00", "17.30", "1,267.30", "1,250.00"],
        ["4", "22 Dec 2026", "1,250.00", "17.33", "1,267.33", "0.00"],
    ]
    assert dialog.interest_label.text() == "KES 69.23"
    assert dialog.repayable_label.text() == "KES 5,069.23"
    assert dialog.error_label.text() == ""
    assert dialog.apply_button.isEnabled()

    # The totals are the service's quote, and the rows add up to them.
    quote = quote_loan(loan_policy(gui.counter.context), "boost", KES(5_000), 4, APPLIED_ON)
    assert dialog.quote == quote
    assert dialog.repayable_label.text() == str(quote.total_repayable)
    assert amount_cells(table(model), ScheduleTableModel.TOTAL) == quote.total_repayable
    assert amount_cells(table(model), ScheduleTableModel.PRINCIPAL) == KES(5_000)


def test_sme_working_capital_over_12_months_follows_the_product_and_the_installments(
    gui: GuiWorld, qtbot
) -> None:
    dialog = application_dialog(gui, qtbot)
    qtbot.keyClick(dialog.product_box, Qt.Key.Key_Down)  # the second product, by keyboard
    assert dialog.product.code == "sme_working_capital"
    assert dialog.unit_label.text() == "months (3 to 24)"
    assert (dialog.installments_spin.minimum(), dialog.installments_spin.maximum()) == (3, 24)
    type_amount(qtbot, dialog, "120000")
    dialog.installments_spin.setFocus()
    dialog.installments_spin.selectAll()
    qtbot.keyClicks(dialog.installments_spin, "12")

    quote = quote_loan(loan_policy(gui.counter.context), "sme_working_capital", KES(120_000), 12, APPLIED_ON)
    rows = table(dialog.schedule_model)
    assert len(rows) == 12
    assert rows[0][:2] == ["1", "24 Dec 2026"] and rows[-1][:2] == ["12", "24 Nov 2027"]  # monthly
    assert rows[-1][ScheduleTableModel.BALANCE] == "0.00"
    assert dialog.repayable_label.text() == str(quote.total_repayable)
    assert amount_cells(rows, ScheduleTableModel.TOTAL) == quote.total_repayable
    assert dialog.interest_label.text() == str(quote.total_repayable - KES(120_000))
    # An annuity: every installment but the last is the same (the last is within a few cents).
    assert len({row[ScheduleTableModel.TOTAL] for row in rows[:-1]}) == 1

    # A count typed beyond the product's range is held at its bound by the spin box.
    dialog.installments_spin.selectAll()
    qtbot.keyClicks(dialog.installments_spin, "36")
    qtbot.keyClick(dialog.installments_spin, Qt.Key.Key_Tab)
    assert dialog.installments_spin.value() <= 24
    assert len(table(dialog.schedule_model)) == dialog.installments_spin.value()


def test_an_amount_outside_the_product_range_names_the_range_and_disables_apply(gui: GuiWorld, qtbot) -> None:
    dialog = application_dialog(gui, qtbot)
    type_amount(qtbot, dialog, "60000")
    assert dialog.error_label.text() == (
        "Boost lends KES 500.00 to KES 50,000.00; KES 60,000.00 is outside that [limit_exceeded]"
    )
    assert not dialog.apply_button.isEnabled()
    assert dialog.schedule_model.rowCount() == 0
    assert dialog.repayable_label.text() == "—"
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)  # Enter asks nothing of a loan that cannot be
    assert dialog.confirm_box is None

    # The same amount suits the SME product, whose smallest loan is KES 50,000 ...
    dialog.product_box.setCurrentIndex(1)
    assert dialog.error_label.text() == ""
    assert dialog.apply_button.isEnabled()
    # ... and KES 5,000 does not.
    type_amount(qtbot, dialog, "5000")
    assert dialog.error_label.text() == (
        "SME Working Capital lends KES 50,000.00 to KES 5,000,000.00; KES 5,000.00 is outside that "
        "[limit_exceeded]"
    )
    assert not dialog.apply_button.isEnabled()
    assert journal(gui) == []


# --- applying ---------------------------------------------------------------------------------------


def test_juma_applies_for_5000_and_a_pending_loan_disbursement_is_in_the_journal(
    gui: GuiWorld, qtbot
) -> None:
    dialog = application_dialog(gui, qtbot)
    applied = []
    dialog.applied.connect(applied.append)
    type_amount(qtbot, dialog, "5000")
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)

    confirmation = wait_for_confirmation(qtbot, dialog)
    assert confirmation.text() == "Apply for KES 5,000.00 over 4 weekly installments for Juma Mwangi?"
    assert confirmation.informativeText() == (
        "Juma Mwangi would repay KES 5,069.23 in all, KES 69.23 of it interest; the first installment "
        "falls due on 01 Dec 2026."
    )
    qtbot.keyClick(confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.posted is not None, timeout=10_000)
    gui.wait_idle(qtbot)

    posted = dialog.posted
    reference = posted.entry.reference
    assert reference.startswith("BR-K7Q2-000001-")
    assert dialog.result_label.text() == (
        f"Application {reference}: KES 5,000.00 over 4 weekly installments for Juma Mwangi. Head office "
        "will score it: pending until head office decides."
    )
    assert applied == [posted]
    assert journal(gui) == [Booked(1, "loan_disbursement", KES(5_000), JUMA, "wanjiru", None)]
    with gui.counter.store.read() as connection:
        entry = stored_journal.entry_at(connection, 1)
        wallet = available_balance(connection, wallet_account(JUMA))
    loan = stored_journal.details_of(entry).loan
    assert (loan.product_code, loan.installments) == ("boost", 4)
    assert loan.loan_id.startswith("L-K7Q2-")
    (listed,) = entries_of_day(gui.counter.context)
    assert (listed.reference, listed.state) == (reference, EntryState.PENDING)
    assert wallet == KES(50_000)  # nothing to spend until head office disburses

    # Applied: the form is spent; Enter closes the dialog, accepted.
    assert not dialog.form.isEnabled() and dialog.apply_button.isHidden()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert len(journal(gui)) == 1


def test_enter_never_applies_without_the_confirmation_and_escape_there_records_nothing(
    gui: GuiWorld, qtbot
) -> None:
    dialog = application_dialog(gui, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Alt+A: the amount
    assert dialog.amount_edit.hasFocus()
    qtbot.keyClicks(dialog.amount_edit, "5000")
    qtbot.keyClick(dialog, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # Alt+I: the installments
    assert dialog.installments_spin.hasFocus()
    dialog.installments_spin.selectAll()
    qtbot.keyClicks(dialog.installments_spin, "8")
    qtbot.keyClick(dialog.installments_spin, Qt.Key.Key_Return)

    confirmation = wait_for_confirmation(qtbot, dialog)
    assert confirmation.text() == "Apply for KES 5,000.00 over 8 weekly installments for Juma Mwangi?"
    gui.wait_idle(qtbot)
    assert journal(gui) == []  # asked, not applied
    qtbot.keyClick(confirmation, Qt.Key.Key_Escape)  # "Go back"
    qtbot.waitUntil(lambda: not confirmation.isVisible())
    gui.wait_idle(qtbot)
    assert journal(gui) == []
    assert dialog.posted is None and dialog.isVisible() and dialog.apply_button.isEnabled()

    # Escape in the dialog itself cancels the application: rejected, nothing recorded.
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert journal(gui) == []


def test_a_refusal_stays_in_the_dialog_with_its_reason(gui: GuiWorld, qtbot) -> None:
    dialog = application_dialog(gui, qtbot, cif="C0009999")  # a customer this device does not hold
    type_amount(qtbot, dialog, "5000")
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    qtbot.keyClick(wait_for_confirmation(qtbot, dialog), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error_label.text() != "", timeout=10_000)
    gui.wait_idle(qtbot)

    assert dialog.error_label.text() == "Customer C0009999 is not on this device [not_found]"
    assert dialog.isVisible() and dialog.posted is None
    assert dialog.form.isEnabled() and dialog.apply_button.isEnabled()  # the teller may correct and retry
    assert dialog.amount_edit.text() == "5,000"
    assert journal(gui) == []


def test_a_teller_who_chose_swahili_reads_the_products_schedule_and_confirmation_in_swahili(
    gui: GuiWorld, qtbot, qapp: QApplication
) -> None:
    assert install_language(qapp, Language.SWAHILI), "resources/translations/wekeza_sw.qm did not load"
    try:
        dialog = application_dialog(gui, qtbot)
        assert dialog.windowTitle() == "Ombi la mkopo: Juma Mwangi"
        assert dialog.product_box.itemText(0) == (
            "Boost: KES 500.00 hadi KES 50,000.00 · 18% kwa mwaka, kiwango bapa · kila wiki"
        )
        assert headers(dialog.schedule_model) == [
            "Na.", "Tarehe ya kulipa", "Kiasi cha msingi", "Riba", "Jumla", "Salio baada yake",
        ]  # fmt: skip
        assert dialog.unit_label.text() == "wiki (4 hadi 52)"
        type_amount(qtbot, dialog, "5000")
        qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
        confirmation = wait_for_confirmation(qtbot, dialog)
        assert confirmation.text() == (
            "Kuomba mkopo wa KES 5,000.00 kwa awamu 4 za kila wiki kwa niaba ya Juma Mwangi?"
        )
        qtbot.keyClick(confirmation, Qt.Key.Key_Escape)
        gui.wait_idle(qtbot)
        assert journal(gui) == []
    finally:
        install_language(qapp, Language.ENGLISH)
