"""Borrow: a customer repays a loan, in cash at the counter or from their wallet.

Cash is a fact (it is in the drawer: the till must be open, the allowance bounds it offline); a
repayment from the wallet is a request, pending until head office confirms. The loan is chosen
from the customer's loans on this device, each with what is due today and what pays it off, its
next installment and any days past due (services.customer_loans: replayed here, with repayments
taken offline counted). The confirmation says where the money goes: late fees, interest,
principal. A loan account head office keeps no schedule for (carried over from another system)
is repaid against its balance. The customer's applications show below, pending or decided.

Keyboard-first: Alt+C the customer, Alt+L the loan, Alt+S cash, Alt+W wallet, Alt+A the amount;
Enter goes on to the confirmation and Enter there records it. Alt+P opens the loan application,
Alt+R prints the newest scored application's summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.customer_loans import CustomerLoan, Standing, customer_loans, repayment_split
from desktop_app.services.customers import AccountView, CustomerProfile, CustomerSummary, customer_profile
from desktop_app.services.loan_documents import application_summary_pdf
from desktop_app.services.loans import apply_for_loan, loan_policy
from desktop_app.services.posting import Override, Posted
from desktop_app.services.quotes import Quote, quote
from desktop_app.services.transfers import repay_loan_from_wallet, repay_loan_in_cash
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.loan_application import LoanApplicationDialog
from desktop_app.ui.dialogs.receipt import ReceiptDialog, show_document
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.money_action import MoneyRequest, MoneyScreen
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.amount_edit import AmountEdit
from desktop_app.ui.widgets.customer_picker import CustomerPicker
from shared_core.accounts import AccountType, parse_account
from shared_core.errors import DomainError, NotFound
from shared_core.loan_terms import LoanClassification, LoanPolicy
from shared_core.money import Money
from shared_core.operations import OperationKind


def loan_accounts(profile: CustomerProfile) -> tuple[AccountView, ...]:
    return tuple(view for view in profile.accounts if parse_account(view.account).type is AccountType.LOAN)


@dataclass(frozen=True, slots=True)
class LoanChoice:
    """A loan the customer may repay here: scheduled (`loan`), or an account repaid against its balance."""

    account: str
    label: str
    owed: Money  # what pays it off today
    loan: CustomerLoan | None = None


@dataclass(frozen=True, slots=True)
class CustomerLoans:
    cif: str
    name: str
    choices: tuple[LoanChoice, ...]
    applications: tuple[CustomerLoan, ...]  # applied for and not (or no longer) repayable: pending, decided, closed
    scored: CustomerLoan | None  # the newest application head office has scored: its summary prints


def read_customer_loans(context, cif: str) -> CustomerLoans:
    """Runs in the store worker: the customer's loans, those with a schedule first."""
    profile = customer_profile(context, cif, recent_max=0)
    try:
        loans = customer_loans(context, cif)
    except NotFound:  # no product policies yet (never pulled): only balances to repay against
        loans = ()
    scheduled = {loan.loan_account: loan for loan in loans}
    choices = [
        LoanChoice(loan.loan_account, f"{loan.product.name} {loan.loan_id}", loan.position.payoff, loan)
        for loan in loans
        if loan.is_repayable and loan.position is not None
    ]
    choices += [
        LoanChoice(view.account, view.label, view.available)
        for view in loan_accounts(profile)
        if view.account not in scheduled
    ]
    applications = tuple(loan for loan in loans if not loan.is_repayable)
    scored = next((loan for loan in loans if loan.decision is not None), None)  # newest first
    return CustomerLoans(cif, profile.summary.full_name, tuple(choices), applications, scored)


class BorrowScreen(MoneyScreen):
    def __init__(
        self, backend: Backend, tasks: Tasks, events: AppEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(backend, tasks, events, "borrow", parent)
        self.picker = CustomerPicker(backend.context, tasks)
        self.picker.setObjectName("borrowCustomer")
        self.loan_box = QComboBox()
        self.loan_box.setObjectName("borrowLoan")
        self.loan_hint = QLabel()
        self.loan_hint.setObjectName("borrowLoanHint")
        self.loan_hint.setWordWrap(True)
        self.applications_label = QLabel()
        self.applications_label.setObjectName("borrowApplications")
        self.applications_label.setWordWrap(True)
        self.cash_button = QRadioButton(self.tr("In ca&sh"))
        self.cash_button.setObjectName("borrowCash")
        self.wallet_button = QRadioButton(self.tr("From the &wallet"))
        self.wallet_button.setObjectName("borrowWallet")
        self.cash_button.setChecked(True)
        self._source = QButtonGroup(self)
        self._source.addButton(self.cash_button)
        self._source.addButton(self.wallet_button)
        self.amount_edit = AmountEdit()
        self.amount_edit.setObjectName("borrowAmount")
        self.submit_button = QPushButton(self.tr("Co&nfirm…"))
        self.submit_button.setObjectName("borrowSubmit")
        self.submit_button.setToolTip(self.tr("Enter: show the confirmation"))
        self.submit_button.clicked.connect(self.submit)
        self.apply_button = QPushButton(self.tr("A&pply for a loan…"))
        self.apply_button.setObjectName("borrowApply")
        self.apply_button.setToolTip(self.tr("The customer's loan application: products, schedule, then head office scores it"))
        self.apply_button.clicked.connect(self.open_application)
        self.application_dialog: LoanApplicationDialog | None = None
        self.summary_button = QPushButton(self.tr("P&rint the scorecard…"))
        self.summary_button.setObjectName("borrowSummary")
        self.summary_button.setEnabled(False)
        self.summary_button.clicked.connect(self.print_summary)
        self._scored: tuple[str, CustomerLoan] | None = None  # (CIF, loan) whose summary the button prints
        self.summary_dialog: ReceiptDialog | None = None

        self.form = QWidget()
        form = QFormLayout(self.form)
        customer_label = QLabel(self.tr("&Customer"))
        customer_label.setBuddy(self.picker.search_edit)
        loan_label = QLabel(self.tr("&Loan"))
        loan_label.setBuddy(self.loan_box)
        amount_label = QLabel(self.tr("&Amount (KES)"))
        amount_label.setBuddy(self.amount_edit)
        sources = QHBoxLayout()
        sources.addWidget(self.cash_button)
        sources.addWidget(self.wallet_button)
        sources.addStretch(1)
        form.addRow(customer_label, self.picker)
        form.addRow(loan_label, self.loan_box)
        form.addRow("", self.loan_hint)
        form.addRow("", self.applications_label)
        form.addRow(self.tr("Paid"), sources)
        form.addRow(amount_label, self.amount_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.summary_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        QWidget.setTabOrder(self.picker.search_edit, self.loan_box)
        QWidget.setTabOrder(self.loan_box, self.cash_button)
        QWidget.setTabOrder(self.cash_button, self.wallet_button)
        QWidget.setTabOrder(self.wallet_button, self.amount_edit)
        QWidget.setTabOrder(self.amount_edit, self.submit_button)

        self.picker.customer_chosen.connect(self._customer_chosen)
        self.loan_box.currentIndexChanged.connect(lambda _index: self._show_position())
        self._loading_for: str | None = None  # the CIF whose loans are being read

    @property
    def from_wallet(self) -> bool:
        return self.wallet_button.isChecked()

    @property
    def loan(self) -> LoanChoice | None:
        """The loan chosen, with where it stood when the customer was chosen."""
        return self.loan_box.currentData()

    def activated(self) -> None:
        if self.picker.customer is None:
            self.picker.setFocus()
        else:
            self.amount_edit.setFocus()

    def _customer_chosen(self, customer: CustomerSummary | None) -> None:
        self.loan_box.clear()
        self.loan_hint.clear()
        self.applications_label.clear()
        self._set_scored(None)
        if customer is None:
            self._loading_for = None
            return
        self.error_label.clear()
        self._loading_for = customer.cif
        self.loan_hint.setText(self.tr("Reading {name}'s loans…").format(name=customer.full_name))
        context, cif = self.backend.context, customer.cif
        self.tasks.run(
            lambda: read_customer_loans(context, cif),
            done=self._show_loans,
            failed=lambda error: self.loan_hint.setText(error_text(error)),
        )

    def _show_loans(self, loans: CustomerLoans) -> None:
        if loans.cif != self._loading_for:
            return  # the teller has chosen someone else since
        self.loan_hint.clear()
        self.loan_box.blockSignals(True)
        for choice in loans.choices:
            self.loan_box.addItem(self._choice_text(choice), choice)
        self.loan_box.blockSignals(False)
        self.applications_label.setText("\n".join(self._application_text(loan) for loan in loans.applications))
        self._set_scored(None if loans.scored is None else (loans.cif, loans.scored))
        if loans.choices:
            self._show_position()
            (self.loan_box if len(loans.choices) > 1 else self.amount_edit).setFocus()
        else:
            self.loan_hint.setText(self.tr("{name} has no loan on this device").format(name=loans.name))

    def _set_scored(self, scored: tuple[str, CustomerLoan] | None) -> None:
        self._scored = scored
        self.summary_button.setEnabled(scored is not None)
        self.summary_button.setToolTip(
            "" if scored is None else self.tr("The application summary of {loan}: head office's decision and "
                                              "every factor of its score").format(loan=scored[1].loan_id)
        )

    def print_summary(self) -> None:
        if self._scored is None:
            return
        (cif, loan), context, session = self._scored, self.backend.context, self.session
        show_document(
            self,
            self.tasks,
            lambda: application_summary_pdf(context, session, cif, loan.loan_id),
            self.tr("Loan application {reference}").format(reference=loan.reference),
            opened=self._summary_shown,
            failed=lambda error: self.show_error(error_text(error)),
        )

    def _summary_shown(self, dialog: ReceiptDialog) -> None:
        self.summary_dialog = dialog

    def _choice_text(self, choice: LoanChoice) -> str:
        position = choice.loan.position if choice.loan is not None else None
        if position is None:
            return self.tr("{label} — owes {owed}").format(label=choice.label, owed=choice.owed)
        return self.tr("{label} — due today {due}, pays off with {payoff}").format(
            label=choice.label, due=position.amount_due, payoff=position.payoff
        )

    def _show_position(self) -> None:
        choice = self.loan
        position = choice.loan.position if choice is not None and choice.loan is not None else None
        if position is None:
            self.loan_hint.clear()
            return
        lines = []
        if position.next_due_date is not None:
            lines.append(self.tr("Next installment {amount} on {date}").format(
                amount=position.next_due_amount, date=position.next_due_date.strftime("%d %b %Y")
            ))
        if position.days_past_due:
            lines.append(self.tr(
                "{days} days past due ({classification}): arrears {arrears}, late fees {fees}"
            ).format(
                days=position.days_past_due,
                classification=self._classification_text(position.classification),
                arrears=position.arrears,
                fees=position.penalties_unpaid,
            ))
        if choice.loan.local_repayments:
            lines.append(self.tr("Counts {amount} repaid on this device that head office has not yet seen").format(
                amount=choice.loan.local_repayments
            ))
        self.loan_hint.setText("\n".join(lines))

    def _classification_text(self, classification: LoanClassification) -> str:
        return {
            LoanClassification.NORMAL: self.tr("normal"),
            LoanClassification.WATCH: self.tr("watch"),
            LoanClassification.SUBSTANDARD: self.tr("substandard"),
            LoanClassification.DOUBTFUL: self.tr("doubtful"),
            LoanClassification.LOSS: self.tr("loss"),
        }[classification]

    def _application_text(self, loan: CustomerLoan) -> str:
        standing = {
            Standing.PENDING: self.tr("sent, waiting for head office"),
            Standing.REFUSED: self.tr("refused: {reason}").format(reason=loan.message or ""),
            Standing.AWAITING_APPROVAL: self.tr("referred to a credit officer"),
            Standing.DECLINED: self.tr("declined"),
            Standing.CLOSED: self.tr("paid off"),
            Standing.ACTIVE: self.tr("paid off here, not yet at head office"),
        }[loan.standing]
        return self.tr("{product} {loan} of {amount}, applied {date}: {standing}").format(
            product=loan.product.name,
            loan=loan.loan_id,
            amount=loan.terms.principal,
            date=loan.applied_on.strftime("%d %b %Y"),
            standing=standing,
        )

    def open_application(self) -> None:
        """The loan application for the customer chosen, with the products head office last sent."""
        customer = self.picker.customer
        if customer is None:
            self.show_error(self.tr("Choose the customer first: type a national ID, phone or name"))
            self.picker.setFocus()
            return
        context, session, cif = self.backend.context, self.session, customer.cif

        def show(policy: LoanPolicy) -> None:
            dialog = LoanApplicationDialog(
                customer.full_name,
                cif,
                policy,
                date.fromisoformat(context.local_date()),
                lambda product_code, amount, installments: apply_for_loan(
                    context, session, customer_cif=cif, product_code=product_code, amount=amount,
                    installments=installments,
                ),
                self.tasks,
                self,
            )
            dialog.setObjectName("loanApplication")
            dialog.applied.connect(lambda _posted: self._applied(customer))
            dialog.finished.connect(dialog.deleteLater)
            self.application_dialog = dialog
            dialog.open()

        self.error_label.clear()
        self.tasks.run(lambda: loan_policy(context), done=show, failed=lambda error: self.show_error(error_text(error)))

    def _applied(self, customer: CustomerSummary) -> None:
        self.events.entries_changed.emit()
        self.backend.sync_now()
        self._customer_chosen(customer)  # the application shows among the customer's loans

    def submit(self) -> None:
        if self.busy:
            return
        customer = self.picker.customer
        if customer is None:
            self.show_error(self.tr("Choose the customer first: type a national ID, phone or name"))
            self.picker.setFocus()
            return
        loan = self.loan
        if loan is None:
            self.show_error(self.tr("Choose the loan to repay"))
            self.loan_box.setFocus()
            return
        try:
            amount = self.amount_edit.amount()
        except DomainError as error:
            self.show_error(error_text(error))
            self.amount_edit.setFocus()
            return
        self.start(self._money_request(customer, loan, amount))

    def _money_request(self, customer: CustomerSummary, loan: LoanChoice, amount: Money) -> MoneyRequest:
        context, session, cif, account = self.backend.context, self.session, customer.cif, loan.account
        if self.from_wallet:
            kind = OperationKind.LOAN_REPAYMENT_WALLET
            action = self.tr("Loan repayment from the wallet")
            note = self.tr("To {loan}. Pending until head office confirms.").format(loan=loan.label)
            repay = repay_loan_from_wallet
        else:
            kind = OperationKind.LOAN_REPAYMENT_CASH
            action = self.tr("Loan repayment in cash")
            note = self.tr("To {loan}.").format(loan=loan.label)
            repay = repay_loan_in_cash

        def where_it_goes() -> str:  # in the store worker, with the quote
            if loan.loan is None:
                return note
            split = repayment_split(context, account, amount)
            text = self.tr("Pays late fees {fees}, interest {interest}, principal {principal}.").format(
                fees=split.penalties, interest=split.interest, principal=split.principal
            )
            if split.excess:
                text += " " + self.tr("{excess} is more than pays the loan off: it is owed back to {name}.").format(
                    excess=split.excess, name=customer.full_name
                )
            return f"{note} {text}"

        def commit(_override: Override | None) -> Posted:  # no rule asks a repayment for a supervisor
            return repay(context, session, customer_cif=cif, loan_account=account, amount=amount)

        return MoneyRequest(
            action=action,
            quote=lambda: quote(
                context, session, kind=kind, customer_cif=cif, amount=amount, loan_account=account
            ),
            commit=commit,
            note=where_it_goes,
        )

    def result_text(self, posted: Posted, quote: Quote) -> str:
        loan = self.loan.label if self.loan is not None else ""
        if posted.entry.kind is OperationKind.LOAN_REPAYMENT_WALLET:
            text = self.tr(
                "Repayment {reference}: {amount} from {name}'s wallet to {loan}, pending until head "
                "office confirms."
            )
        else:
            text = self.tr("Repayment {reference}: {amount} in cash from {name} to {loan}.")
        return text.format(
            reference=posted.entry.reference, amount=quote.amount, name=quote.customer_name, loan=loan
        )

    def reset_form(self) -> None:
        self.picker.clear()
        self.loan_box.clear()
        self.loan_hint.clear()
        self.applications_label.clear()
        self._set_scored(None)
        self.amount_edit.clear()
        self.picker.setFocus()

    def focus_after_refusal(self) -> None:
        self.activated()

    def _set_form_enabled(self, enabled: bool) -> None:
        self.form.setEnabled(enabled)
        self.submit_button.setEnabled(enabled)
        self.apply_button.setEnabled(enabled)
