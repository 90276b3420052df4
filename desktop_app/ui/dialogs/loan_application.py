"""Applying for a loan at the counter: the product, the amount and the number of installments, with
the schedule the customer would repay shown as they are typed, then one confirmation and the
application recorded (a request entry, pending until head office scores and decides it).

The quote is desktop_app.services.loans.quote_loan, pure arithmetic with no I/O, so it runs on the
GUI thread at every keystroke; only `submit` (which writes the journal) runs in the store worker.
The dialog never judges a loan itself: a product's range is the product's own message
(LimitExceeded), and everything else is the service's to refuse.

Keyboard-first: Alt+P the product, Alt+A the amount, Alt+I the installments; Enter asks for the
confirmation and Enter there applies; Escape there goes back with nothing recorded.

    dialog = LoanApplicationDialog(name, cif, policy, applied_on, submit, tasks, parent)
    dialog.applied.connect(...)   # Posted, as soon as the entry is committed
    dialog.open()                 # closes with accept() once applied, reject() if cancelled
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.loans import LoanQuote, quote_loan
from desktop_app.services.posting import Posted
from desktop_app.ui.errors import error_text
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.amount_edit import AmountEdit
from desktop_app.ui.widgets.record_table import RecordTableModel
from shared_core.errors import DomainError
from shared_core.loan_schedule import Installment
from shared_core.loan_terms import InterestMethod, LoanPolicy, LoanProduct, RepaymentFrequency
from shared_core.money import Money

translate = QCoreApplication.translate

Submit = Callable[[str, Money, int], Posted]  # (product code, amount, installments), run in the store worker

_ERROR_STYLE = "color: #b3261e"
_DATE_FORMAT = "%d %b %Y"  # as formatting.local_time_text writes days
_METHOD_TEXTS = {
    InterestMethod.FLAT: QT_TRANSLATE_NOOP("LoanApplicationDialog", "flat rate"),
    InterestMethod.REDUCING: QT_TRANSLATE_NOOP("LoanApplicationDialog", "reducing balance"),
}
_FREQUENCY_TEXTS = {
    RepaymentFrequency.WEEKLY: QT_TRANSLATE_NOOP("LoanApplicationDialog", "weekly"),
    RepaymentFrequency.MONTHLY: QT_TRANSLATE_NOOP("LoanApplicationDialog", "monthly"),
}
_UNIT_RANGE_TEXTS = {
    RepaymentFrequency.WEEKLY: QT_TRANSLATE_NOOP("LoanApplicationDialog", "weeks ({minimum} to {maximum})"),
    RepaymentFrequency.MONTHLY: QT_TRANSLATE_NOOP("LoanApplicationDialog", "months ({minimum} to {maximum})"),
}
# (frequency, just one?) -> "4 weekly installments": whole phrases, so a language orders its own words.
_INSTALLMENTS_TEXTS = {
    (RepaymentFrequency.WEEKLY, True): QT_TRANSLATE_NOOP(
        "LoanApplicationDialog", "{count} weekly installment"
    ),
    (RepaymentFrequency.WEEKLY, False): QT_TRANSLATE_NOOP(
        "LoanApplicationDialog", "{count} weekly installments"
    ),
    (RepaymentFrequency.MONTHLY, True): QT_TRANSLATE_NOOP(
        "LoanApplicationDialog", "{count} monthly installment"
    ),
    (RepaymentFrequency.MONTHLY, False): QT_TRANSLATE_NOOP(
        "LoanApplicationDialog", "{count} monthly installments"
    ),
}
assert {frequency for frequency, _one in _INSTALLMENTS_TEXTS} == set(RepaymentFrequency)
assert set(_METHOD_TEXTS) == set(InterestMethod)


def rate_text(rate: Decimal) -> str:
    """Decimal('0.18') -> '18%', Decimal('0.165') -> '16.5%': the annual rate as tariffs write it."""
    return f"{format((rate * 100).normalize(), 'f')}%"


def installments_text(frequency: RepaymentFrequency, count: int) -> str:
    text = translate("LoanApplicationDialog", _INSTALLMENTS_TEXTS[(frequency, count == 1)])
    return text.format(count=count)


def total_interest(quote: LoanQuote) -> Money:
    return Money(sum(row.interest.cents for row in quote.installments))


def product_text(product: LoanProduct) -> str:
    """'Boost: KES 500.00 to KES 50,000.00 · 18% a year, flat rate · weekly'."""
    text = translate(
        "LoanApplicationDialog", "{name}: {minimum} to {maximum} · {rate} a year, {method} · {frequency}"
    )
    return text.format(
        name=product.name,
        minimum=product.principal_min,
        maximum=product.principal_max,
        rate=rate_text(product.annual_rate),
        method=translate("LoanApplicationDialog", _METHOD_TEXTS[product.method]),
        frequency=translate("LoanApplicationDialog", _FREQUENCY_TEXTS[product.frequency]),
    )


class ScheduleTableModel(RecordTableModel):
    """The installments of a quote; amounts in KES without the currency (it is in the totals)."""

    NUMBER, DUE, PRINCIPAL, INTEREST, TOTAL, BALANCE = range(6)
    _HEADERS = (
        QT_TRANSLATE_NOOP("ScheduleTableModel", "No."),
        QT_TRANSLATE_NOOP("ScheduleTableModel", "Due date"),
        QT_TRANSLATE_NOOP("ScheduleTableModel", "Principal"),
        QT_TRANSLATE_NOOP("ScheduleTableModel", "Interest"),
        QT_TRANSLATE_NOOP("ScheduleTableModel", "Total"),
        QT_TRANSLATE_NOOP("ScheduleTableModel", "Balance after"),
    )
    _RIGHT_ALIGNED = frozenset({NUMBER, PRINCIPAL, INTEREST, TOTAL, BALANCE})

    def cell(self, row: Installment, column: int) -> str:
        return {
            self.NUMBER: str(row.number),
            self.DUE: row.due_date.strftime(_DATE_FORMAT),
            self.PRINCIPAL: row.principal.format(currency=False),
            self.INTEREST: row.interest.format(currency=False),
            self.TOTAL: row.total.format(currency=False),
            self.BALANCE: row.balance_after.format(currency=False),
        }[column]


class LoanApplicationDialog(QDialog):
    """Enter asks for the confirmation (Apply is disabled while there is no valid quote); the
    confirmation's Enter applies. Once applied the dialog shows the reference and closes with
    accept() however it is closed: the application exists by then."""

    applied = Signal(object)  # Posted: the LOAN_DISBURSEMENT request entry, committed

    def __init__(
        self,
        customer_name: str,
        customer_cif: str,
        policy: LoanPolicy,
        applied_on: date,
        submit: Submit,
        tasks: Tasks,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loanApplicationDialog")
        self._name = customer_name
        self._policy = policy
        self._applied_on = applied_on
        self._submit = submit
        self._tasks = tasks
        self.quote: LoanQuote | None = None  # the schedule shown, None while the inputs make none
        self.posted: Posted | None = None
        self.confirm_box: QMessageBox | None = None
        self._busy = False

        self.setWindowTitle(self.tr("Loan application: {name}").format(name=customer_name))
        who = QLabel(self.tr("{name} ({cif})").format(name=customer_name, cif=customer_cif))
        who.setObjectName("loanCustomer")
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setStyleSheet("font-weight: bold")
        self.product_box = QComboBox()
        self.product_box.setObjectName("loanProduct")
        for product in policy.products:
            self.product_box.addItem(product_text(product), product.code)
        self.amount_edit = AmountEdit()
        self.amount_edit.setObjectName("loanAmount")
        self.installments_spin = QSpinBox()
        self.installments_spin.setObjectName("loanInstallments")
        self.installments_spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.unit_label = QLabel()
        self.unit_label.setObjectName("loanInstallmentsRange")
        self.error_label = QLabel()
        self.error_label.setObjectName("loanError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.schedule_model = ScheduleTableModel()
        self.schedule_view = QTableView()
        self.schedule_view.setObjectName("loanSchedule")
        self.schedule_view.setModel(self.schedule_model)
        self.schedule_view.setTabKeyNavigation(False)  # Tab leaves the table for Apply, as everywhere
        self.schedule_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.schedule_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.schedule_view.verticalHeader().setVisible(False)
        header = self.schedule_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ScheduleTableModel.NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        self.schedule_view.setMinimumHeight(180)
        self.interest_label = QLabel()
        self.interest_label.setObjectName("loanTotalInterest")
        self.repayable_label = QLabel()
        self.repayable_label.setObjectName("loanTotalRepayable")
        self.repayable_label.setStyleSheet("font-weight: bold")
        note = QLabel(
            self.tr("Head office scores the application; the money reaches the customer's wallet only if "
                    "it approves. Until then the application is pending.")
        )
        note.setObjectName("loanNote")
        note.setWordWrap(True)
        self.result_label = QLabel()
        self.result_label.setObjectName("loanResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        product_label = QLabel(self.tr("&Product"))
        product_label.setBuddy(self.product_box)
        amount_label = QLabel(self.tr("&Amount (KES)"))
        amount_label.setBuddy(self.amount_edit)
        installments_label = QLabel(self.tr("&Installments"))
        installments_label.setBuddy(self.installments_spin)
        installments_row = QHBoxLayout()
        installments_row.addWidget(self.installments_spin)
        installments_row.addWidget(self.unit_label, 1)
        form.addRow(product_label, self.product_box)
        form.addRow(amount_label, self.amount_edit)
        form.addRow(installments_label, installments_row)
        totals = QHBoxLayout()
        totals.addStretch(1)
        totals.addWidget(QLabel(self.tr("Total interest")))
        totals.addWidget(self.interest_label)
        totals.addSpacing(24)
        totals.addWidget(QLabel(self.tr("Total repayable")))
        totals.addWidget(self.repayable_label)

        standard = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        self.apply_button: QPushButton = self.buttons.button(standard.Ok)
        self.apply_button.setText(self.tr("Appl&y…"))
        self.apply_button.setObjectName("loanApply")
        self.apply_button.setToolTip(self.tr("Enter: confirm the application"))
        self.apply_button.setDefault(True)  # Enter in any field asks for the confirmation
        self.cancel_button: QPushButton = self.buttons.button(standard.Cancel)
        self.cancel_button.setObjectName("loanCancel")
        self.buttons.accepted.connect(self.ask_to_apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.schedule_view, 1)
        layout.addLayout(totals)
        layout.addWidget(note)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.product_box, self.amount_edit)
        QWidget.setTabOrder(self.amount_edit, self.installments_spin)
        QWidget.setTabOrder(self.installments_spin, self.apply_button)
        QWidget.setTabOrder(self.apply_button, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.schedule_view)
        self.resize(720, 560)

        self.product_box.currentIndexChanged.connect(self._product_chosen)
        self.amount_edit.amount_changed.connect(self.refresh_quote)
        self.installments_spin.valueChanged.connect(self.refresh_quote)
        self.result_label.hide()
        self._product_chosen()
        (self.product_box if len(policy.products) > 1 else self.amount_edit).setFocus()

    @property
    def product(self) -> LoanProduct:
        return self._policy.product(self.product_box.currentData())

    @property
    def busy(self) -> bool:
        """The application is being recorded: nothing in the dialog may change or close it."""
        return self._busy

    # --- the live quote ---------------------------------------------------------------------------

    def _product_chosen(self) -> None:
        product = self.product
        spin = self.installments_spin
        spin.blockSignals(True)  # one quote for the new product, not one per bound moved
        spin.setRange(product.installments_min, product.installments_max)  # keeps the count when it fits
        spin.blockSignals(False)
        self.unit_label.setText(
            translate("LoanApplicationDialog", _UNIT_RANGE_TEXTS[product.frequency]).format(
                minimum=product.installments_min, maximum=product.installments_max
            )
        )
        self.refresh_quote()

    def refresh_quote(self) -> None:
        """The schedule of what is typed, or the reason there is none (the product's range)."""
        self.quote = None
        self.show_error("")
        if self.amount_edit.text().strip():
            try:
                amount, count = self.amount_edit.amount(), self.installments_spin.value()
                self.quote = quote_loan(self._policy, self.product.code, amount, count, self._applied_on)
            except DomainError as error:
                self.show_error(error_text(error))
        quote = self.quote
        self.schedule_model.set_rows(quote.installments if quote else ())
        if quote is None:
            self.interest_label.setText("—")
            self.repayable_label.setText("—")
        else:
            self.interest_label.setText(str(total_interest(quote)))
            self.repayable_label.setText(str(quote.total_repayable))
        self.apply_button.setEnabled(quote is not None and not self._busy)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))  # no empty gap above the schedule while all is well

    def _show_result(self, text: str) -> None:
        self.result_label.setText(text)
        self.result_label.setVisible(bool(text))

    # --- applying ---------------------------------------------------------------------------------

    def ask_to_apply(self) -> None:
        """Enter or Apply: the confirmation, naming the loan and who repays what; nothing yet."""
        quote = self.quote
        if quote is None or self._busy or self.posted is not None:
            return
        count = quote.terms.installments
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Confirm the loan application"),
                          self.tr("Apply for {amount} over {installments} for {name}?").format(
                              amount=quote.terms.principal,
                              installments=installments_text(quote.terms.frequency, count),
                              name=self._name,
                          ),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("loanConfirm")
        box.setInformativeText(
            self.tr("{name} would repay {total} in all, {interest} of it interest; the first installment "
                    "falls due on {due}.").format(
                name=self._name,
                total=quote.total_repayable,
                interest=total_interest(quote),
                due=quote.terms.first_due.strftime(_DATE_FORMAT),
            )
        )
        confirm = box.addButton(self.tr("&Apply"), QMessageBox.ButtonRole.AcceptRole)
        confirm.setObjectName("loanConfirmApply")
        back = box.addButton(self.tr("Go &back"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(confirm)  # Enter there applies, as every confirmation in the app
        box.setEscapeButton(back)
        accept_role = QMessageBox.ButtonRole.AcceptRole
        box.buttonClicked.connect(
            lambda button: self._confirmed(quote) if box.buttonRole(button) == accept_role else None
        )
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        self.confirm_box = box
        box.open()

    def _confirmed(self, quote: LoanQuote) -> None:
        if quote is not self.quote or self._busy:
            return  # the inputs changed under the confirmation (they cannot: it is modal)
        self._set_busy(True)
        self._show_result(self.tr("Recording the application…"))
        submit = self._submit
        code, amount, count = quote.product.code, quote.terms.principal, quote.terms.installments
        self._tasks.run(lambda: submit(code, amount, count), done=self._applied, failed=self._refused)

    def _applied(self, posted: Posted) -> None:
        quote = self.quote
        assert quote is not None
        self.posted = posted
        self._busy = False
        self.form.setEnabled(False)  # applied: this form is spent, the next loan is a new dialog
        self.apply_button.hide()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(self.tr("&Close"))
        self.cancel_button.setDefault(True)  # Enter (or Escape) closes, with accept()
        self.cancel_button.setFocus()
        self._show_result(
            self.tr("Application {reference}: {amount} over {installments} for {name}. Head office will "
                    "score it: pending until head office decides.").format(
                reference=posted.entry.reference,
                amount=quote.terms.principal,
                installments=installments_text(quote.terms.frequency, quote.terms.installments),
                name=self._name,
            )
        )
        self.applied.emit(posted)

    def _refused(self, error: Exception) -> None:
        self._set_busy(False)
        self._show_result("")
        self.show_error(error_text(error))
        self.amount_edit.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.form.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy and self.quote is not None)

    def reject(self) -> None:
        if self._busy:
            return  # the entry is being written: its answer must find this dialog
        if self.posted is not None:
            self.accept()  # however it is closed, an application was made
            return
        super().reject()
