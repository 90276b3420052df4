"""Move: a transfer from one customer's wallet to another's.

A transfer is a request, not a fact: the sender's money is reserved at once, the receiver gets it
when head office confirms. The confirmation, the result and the receipt all say it is pending.

Keyboard-first: Alt+F the sender, Alt+T the receiver, Alt+A the amount; Enter goes on to the
confirmation and Enter there records the request. Alt+P opens a corporate client's payroll run
(dialogs.payroll_run).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.services.customers import CustomerSummary
from desktop_app.services.posting import Override, Posted
from desktop_app.services.quotes import Quote, quote
from desktop_app.services.transfers import request_transfer
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.payroll_run import PayrollRunDialog
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.money_action import MoneyRequest, MoneyScreen
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.amount_edit import AmountEdit
from desktop_app.ui.widgets.customer_picker import CustomerPicker
from shared_core.accounts import wallet_account
from shared_core.errors import DomainError
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.roles import Permission, has_permission


class MoveScreen(MoneyScreen):
    def __init__(
        self, backend: Backend, tasks: Tasks, events: AppEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(backend, tasks, events, "move", parent)
        self.sender_picker = CustomerPicker(backend.context, tasks)
        self.sender_picker.setObjectName("moveFrom")
        self.receiver_picker = CustomerPicker(backend.context, tasks)
        self.receiver_picker.setObjectName("moveTo")
        self.amount_edit = AmountEdit()
        self.amount_edit.setObjectName("moveAmount")
        self.submit_button = QPushButton(self.tr("Co&nfirm…"))
        self.submit_button.setObjectName("moveSubmit")
        self.submit_button.setToolTip(self.tr("Enter: show the confirmation"))
        self.submit_button.clicked.connect(self.submit)
        self.payroll_button = QPushButton(self.tr("&Payroll run…"))
        self.payroll_button.setObjectName("movePayroll")
        self.payroll_button.setAutoDefault(False)
        self.payroll_button.setToolTip(self.tr("A corporate client's salaries from a CSV file, approved at head office"))
        self.payroll_button.clicked.connect(self.open_payroll)
        self.payroll_dialog: PayrollRunDialog | None = None
        self._show_payroll_button()

        self.form = QWidget()
        form = QFormLayout(self.form)
        for text, field, focus in (
            (self.tr("&From"), self.sender_picker, self.sender_picker.search_edit),
            (self.tr("&To"), self.receiver_picker, self.receiver_picker.search_edit),
            (self.tr("&Amount (KES)"), self.amount_edit, self.amount_edit),
        ):
            label = QLabel(text)
            label.setBuddy(focus)
            form.addRow(label, field)
        explanation = QLabel(
            self.tr(
                "A transfer is a request: the sender's money is reserved now, and the receiver "
                "has it when head office confirms."
            )
        )
        explanation.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.payroll_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        QWidget.setTabOrder(self.sender_picker.search_edit, self.receiver_picker.search_edit)
        QWidget.setTabOrder(self.receiver_picker.search_edit, self.amount_edit)
        QWidget.setTabOrder(self.amount_edit, self.submit_button)

        self.sender_picker.customer_chosen.connect(lambda chosen: self._chosen(chosen, self.receiver_picker))
        self.receiver_picker.customer_chosen.connect(lambda chosen: self._chosen(chosen, self.amount_edit))

    def _show_payroll_button(self) -> None:
        session = self.backend.session
        self.payroll_button.setHidden(session is None or not has_permission(session.role, Permission.PAYROLL_UPLOAD))

    def open_payroll(self) -> None:
        """The payroll run dialog, for those who may upload payroll (a teller or supervisor)."""
        if self.payroll_dialog is not None:
            self.payroll_dialog.deleteLater()
        self.payroll_dialog = PayrollRunDialog(self.backend, self.tasks, self.events, self)
        self.payroll_dialog.open()

    def activated(self) -> None:
        self._show_payroll_button()
        if self.sender_picker.customer is None:
            self.sender_picker.setFocus()
        elif self.receiver_picker.customer is None:
            self.receiver_picker.setFocus()
        else:
            self.amount_edit.setFocus()

    def _chosen(self, customer: CustomerSummary | None, next_field: QWidget) -> None:
        if customer is not None:
            self.error_label.clear()
            next_field.setFocus()

    def submit(self) -> None:
        if self.busy:
            return
        sender, receiver = self.sender_picker.customer, self.receiver_picker.customer
        if sender is None or receiver is None:
            self.show_error(self.tr("Choose who sends and who receives: type a national ID, phone or name"))
            self.activated()
            return
        if sender.cif == receiver.cif:
            self.show_error(
                self.tr("{name} cannot send to themselves; choose who receives").format(name=sender.full_name)
            )
            self.receiver_picker.setFocus()
            return
        try:
            amount = self.amount_edit.amount()
        except DomainError as error:
            self.show_error(error_text(error))
            self.amount_edit.setFocus()
            return
        self.start(self._money_request(sender, receiver, amount))

    def _money_request(
        self, sender: CustomerSummary, receiver: CustomerSummary, amount: Money
    ) -> MoneyRequest:
        context, session = self.backend.context, self.session
        cif, to_account = sender.cif, wallet_account(receiver.cif)

        def commit(_override: Override | None) -> Posted:  # no rule asks a transfer for a supervisor
            return request_transfer(context, session, customer_cif=cif, to_account=to_account, amount=amount)

        return MoneyRequest(
            action=self.tr("Transfer to {name} ({cif})").format(name=receiver.full_name, cif=receiver.cif),
            quote=lambda: quote(
                context,
                session,
                kind=OperationKind.TRANSFER,
                customer_cif=cif,
                amount=amount,
                counterparty_account=to_account,
            ),
            commit=commit,
            note=self.tr("Pending until head office confirms: {name} receives it then.").format(
                name=receiver.full_name
            ),
        )

    def result_text(self, posted: Posted, quote: Quote) -> str:
        receiver = self.receiver_picker.customer
        text = self.tr(
            "Transfer {reference}: {amount} from {sender} to {receiver}, pending until head office confirms."
        ).format(
            reference=posted.entry.reference,
            amount=quote.amount,
            sender=quote.customer_name,
            receiver=receiver.full_name if receiver else "",
        )
        if posted.available_after is not None:
            text += " " + self.tr("{sender}'s balance now {balance}.").format(
                sender=quote.customer_name, balance=posted.available_after
            )
        return text

    def reset_form(self) -> None:
        self.sender_picker.clear()
        self.receiver_picker.clear()
        self.amount_edit.clear()
        self.sender_picker.setFocus()

    def focus_after_refusal(self) -> None:
        self.activated()

    def _set_form_enabled(self, enabled: bool) -> None:
        self.form.setEnabled(enabled)
        self.submit_button.setEnabled(enabled)
