"""Borrow: a customer repays a loan, in cash at the counter or from their wallet.

Cash is a fact (it is in the drawer: the till must be open, the allowance bounds it offline); a
repayment from the wallet is a request, pending until head office confirms. The loan is chosen
from the customer's accounts on this device, with what each still owes.

Keyboard-first: Alt+C the customer, Alt+L the loan, Alt+S cash, Alt+W wallet, Alt+A the amount;
Enter goes on to the confirmation and Enter there records it.
"""

from __future__ import annotations

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

from desktop_app.services.customers import AccountView, CustomerProfile, CustomerSummary, customer_profile
from desktop_app.services.posting import Override, Posted
from desktop_app.services.quotes import Quote, quote
from desktop_app.services.transfers import repay_loan_from_wallet, repay_loan_in_cash
from desktop_app.ui.backend import Backend
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.money_action import MoneyRequest, MoneyScreen
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.amount_edit import AmountEdit
from desktop_app.ui.widgets.customer_picker import CustomerPicker
from shared_core.accounts import AccountType, parse_account
from shared_core.errors import DomainError
from shared_core.money import Money
from shared_core.operations import OperationKind


def loan_accounts(profile: CustomerProfile) -> tuple[AccountView, ...]:
    return tuple(view for view in profile.accounts if parse_account(view.account).type is AccountType.LOAN)


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
        form.addRow(self.tr("Paid"), sources)
        form.addRow(amount_label, self.amount_edit)
        buttons = QHBoxLayout()
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
        self._loading_for: str | None = None  # the CIF whose loans are being read

    @property
    def from_wallet(self) -> bool:
        return self.wallet_button.isChecked()

    @property
    def loan(self) -> AccountView | None:
        """The loan chosen, with what it owed when the customer was chosen."""
        return self.loan_box.currentData()

    def activated(self) -> None:
        if self.picker.customer is None:
            self.picker.setFocus()
        else:
            self.amount_edit.setFocus()

    def _customer_chosen(self, customer: CustomerSummary | None) -> None:
        self.loan_box.clear()
        self.loan_hint.clear()
        if customer is None:
            self._loading_for = None
            return
        self.error_label.clear()
        self._loading_for = customer.cif
        self.loan_hint.setText(self.tr("Reading {name}'s loans…").format(name=customer.full_name))
        context, cif = self.backend.context, customer.cif
        self.tasks.run(
            lambda: customer_profile(context, cif, recent_max=0),
            done=self._show_loans,
            failed=lambda error: self.loan_hint.setText(error_text(error)),
        )

    def _show_loans(self, profile: CustomerProfile) -> None:
        if profile.summary.cif != self._loading_for:
            return  # the teller has chosen someone else since
        loans = loan_accounts(profile)
        for view in loans:
            self.loan_box.addItem(
                self.tr("{label} — owes {owed}").format(label=view.label, owed=view.available), view
            )
        if loans:
            self.loan_hint.clear()
            (self.loan_box if len(loans) > 1 else self.amount_edit).setFocus()
        else:
            self.loan_hint.setText(
                self.tr("{name} has no loan on this device").format(name=profile.summary.full_name)
            )

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

    def _money_request(self, customer: CustomerSummary, loan: AccountView, amount: Money) -> MoneyRequest:
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

        def commit(_override: Override | None) -> Posted:  # no rule asks a repayment for a supervisor
            return repay(context, session, customer_cif=cif, loan_account=account, amount=amount)

        return MoneyRequest(
            action=action,
            quote=lambda: quote(
                context, session, kind=kind, customer_cif=cif, amount=amount, loan_account=account
            ),
            commit=commit,
            note=note,
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
        self.amount_edit.clear()
        self.picker.setFocus()

    def focus_after_refusal(self) -> None:
        self.activated()

    def _set_form_enabled(self, enabled: bool) -> None:
        self.form.setEnabled(enabled)
        self.submit_button.setEnabled(enabled)
