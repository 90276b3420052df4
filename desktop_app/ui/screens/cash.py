"""Cash: deposits and withdrawals across the counter, against the teller's till (or the agent's
float).

Keyboard-first: Alt+D deposit, Alt+W withdrawal, Alt+C the customer, Alt+A the amount; Enter goes
on to the confirmation and Enter there commits. A withdrawal also takes the notes and coins paid
out, and goes on only when they add up to the amount, so the drawer and the journal agree.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.customers import CustomerSummary
from desktop_app.services.posting import Override, Posted
from desktop_app.services.quotes import Quote, quote
from desktop_app.services.withdrawals import HoldAuthority
from desktop_app.ui.backend import Backend
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.money_action import MoneyRequest, MoneyScreen
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.amount_edit import AmountEdit
from desktop_app.ui.widgets.customer_picker import CustomerPicker
from desktop_app.ui.widgets.denominations import DenominationsWidget
from shared_core.errors import DomainError
from shared_core.money import Money
from shared_core.operations import OperationKind


class CashScreen(MoneyScreen):
    def __init__(
        self, backend: Backend, tasks: Tasks, events: AppEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(backend, tasks, events, "cash", parent)
        self.deposit_button = QRadioButton(self.tr("&Deposit"))
        self.deposit_button.setObjectName("cashDeposit")
        self.withdrawal_button = QRadioButton(self.tr("&Withdrawal"))
        self.withdrawal_button.setObjectName("cashWithdrawal")
        self.deposit_button.setChecked(True)
        self._mode = QButtonGroup(self)
        self._mode.addButton(self.deposit_button)
        self._mode.addButton(self.withdrawal_button)
        self.picker = CustomerPicker(backend.context, tasks)
        self.picker.setObjectName("cashCustomer")
        self.amount_edit = AmountEdit()
        self.amount_edit.setObjectName("cashAmount")
        self.denominations = DenominationsWidget()
        self.notes_label = QLabel()
        self.notes_label.setObjectName("cashNotesStatus")
        self.submit_button = QPushButton(self.tr("Co&nfirm…"))
        self.submit_button.setObjectName("cashSubmit")
        self.submit_button.setToolTip(self.tr("Enter: show the confirmation"))
        self.submit_button.clicked.connect(self.submit)

        modes = QHBoxLayout()
        modes.addWidget(self.deposit_button)
        modes.addWidget(self.withdrawal_button)
        modes.addStretch(1)
        self.form = QWidget()
        form = QFormLayout(self.form)
        customer_label = QLabel(self.tr("&Customer"))
        customer_label.setBuddy(self.picker.search_edit)
        amount_label = QLabel(self.tr("&Amount (KES)"))
        amount_label.setBuddy(self.amount_edit)
        form.addRow(modes)
        form.addRow(customer_label, self.picker)
        form.addRow(amount_label, self.amount_edit)
        self.notes_heading = QLabel(self.tr("Notes and coins paid out"))
        form.addRow(self.notes_heading, self.denominations)
        form.addRow("", self.notes_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        QWidget.setTabOrder(self.deposit_button, self.withdrawal_button)
        QWidget.setTabOrder(self.withdrawal_button, self.picker.search_edit)
        QWidget.setTabOrder(self.picker.search_edit, self.amount_edit)
        QWidget.setTabOrder(self.amount_edit, self.denominations)

        self.withdrawal_button.toggled.connect(self._mode_changed)
        self.picker.customer_chosen.connect(self._customer_chosen)
        self.amount_edit.amount_changed.connect(self._show_notes)
        self.denominations.changed.connect(self._show_notes)
        self._mode_changed(False)

    @property
    def withdrawing(self) -> bool:
        return self.withdrawal_button.isChecked()

    def activated(self) -> None:
        if self.picker.customer is None:
            self.picker.setFocus()
        else:
            self.amount_edit.setFocus()

    def _mode_changed(self, _withdrawing: bool) -> None:
        shown = self.withdrawing
        self.notes_heading.setVisible(shown)
        self.denominations.setVisible(shown)
        self.notes_label.setVisible(shown)
        self.error_label.clear()
        self._show_notes()

    def _customer_chosen(self, customer: CustomerSummary | None) -> None:
        if customer is not None:
            self.error_label.clear()
            self.amount_edit.setFocus()

    def _show_notes(self) -> None:
        amount = self.amount_edit.amount_or_none()
        counted = self.denominations.total()
        if amount is None:
            text = self.tr("Counted {counted}").format(counted=counted)
        elif counted == amount:
            text = self.tr("Counted {counted}: matches the amount").format(counted=counted)
        elif counted < amount:
            text = self.tr("Counted {counted}; count {more} more").format(
                counted=counted, more=amount - counted
            )
        else:
            text = self.tr("Counted {counted}: {extra} more than the amount").format(
                counted=counted, extra=counted - amount
            )
        self.notes_label.setText(text)

    # --- the action -----------------------------------------------------------------------------

    def submit(self) -> None:
        if self.busy:
            return
        customer = self.picker.customer
        if customer is None:
            self.show_error(self.tr("Choose the customer first: type a national ID, phone or name"))
            self.picker.setFocus()
            return
        try:
            amount = self.amount_edit.amount()
        except DomainError as error:
            self.show_error(error_text(error))
            self.amount_edit.setFocus()
            return
        if self.withdrawing and self.denominations.total() != amount:
            self.show_error(
                self.tr("Count the notes paid out: they add up to {counted}, the amount is {amount}").format(
                    counted=self.denominations.total(), amount=amount
                )
            )
            self.denominations.setFocus()
            return
        self.start(self._money_request(customer, amount))

    def _money_request(self, customer: CustomerSummary, amount: Money) -> MoneyRequest:
        context, session = self.backend.context, self.session
        cif = customer.cif
        if self.withdrawing:
            kind = OperationKind.CASH_WITHDRAWAL
            action = self.tr("Cash withdrawal")
            holds = self._hold_authority()

            def commit(override: Override | None) -> Posted:
                return withdraw_cash(
                    context, session, customer_cif=cif, amount=amount, override=override, holds=holds
                )
        else:
            kind = OperationKind.CASH_DEPOSIT
            action = self.tr("Cash deposit")

            def commit(override: Override | None) -> Posted:
                # No rule asks a deposit for approval; were one added, the service would take the override.
                return deposit_cash(context, session, customer_cif=cif, amount=amount)

        return MoneyRequest(
            action=action,
            quote=lambda: quote(context, session, kind=kind, customer_cif=cif, amount=amount),
            commit=commit,
        )

    def _hold_authority(self) -> HoldAuthority | None:
        """Head office, asked to hold a withdrawal while the link is up (sync.holds.ServerHolds);
        the app wires it on the backend. Without it a withdrawal is judged as offline."""
        return getattr(self.backend, "holds", None)

    def result_text(self, posted: Posted, quote: Quote) -> str:
        if posted.entry.kind is OperationKind.CASH_WITHDRAWAL:
            text = self.tr("Withdrawal {reference}: {amount} paid to {name}.")
        else:
            text = self.tr("Deposit {reference}: {amount} from {name}.")
        text = text.format(reference=posted.entry.reference, amount=quote.amount, name=quote.customer_name)
        if posted.available_after is not None:
            text += " " + self.tr("Balance now {balance}.").format(balance=posted.available_after)
        if posted.entry.approved_by:
            text += " " + self.tr("Approved by {user}.").format(user=posted.entry.approved_by)
        return text

    def reset_form(self) -> None:
        self.picker.clear()
        self.amount_edit.clear()
        self.denominations.clear()
        self.picker.setFocus()

    def focus_after_refusal(self) -> None:
        self.activated()

    def _set_form_enabled(self, enabled: bool) -> None:
        self.form.setEnabled(enabled)
        self.submit_button.setEnabled(enabled)
