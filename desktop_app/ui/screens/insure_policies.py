"""The customer's premiums on this device, under the Insure screen's sale: read from the journal
(services.insurance.customer_policies) with head office's answer so far, newest first.

The schedule of the one chosen prints again (Alt+R, or Enter on it) once it can: a cash premium at
once, a wallet premium once head office confirms it, a monthly premium never (its receipt is the
record); the panel says which. Alt+T asks the screen to take its next premium.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.insurance import PolicyEntry, customer_policies, policy_schedule_pdf
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.receipt import ReceiptDialog, show_document
from desktop_app.ui.errors import error_text
from desktop_app.ui.screens.insure_tables import PolicySalesTableModel
from desktop_app.ui.tasks import Tasks
from shared_core.insurance_policy import PolicySale
from shared_core.insurance_tariff import InsuranceTariff

_REFUSED = frozenset({"rejected", "exists_with_different_content"})


class CustomerPoliciesPanel(QWidget):
    next_premium_asked = Signal(object)  # the PolicyEntry whose next premium the teller takes
    failed = Signal(str)  # a schedule that did not print, in the teller's words

    def __init__(self, backend: Backend, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.tasks = tasks
        self.schedule_dialog: ReceiptDialog | None = None
        self._cif: str | None = None
        self._tariff: InsuranceTariff | None = None
        self._ready = False  # a tariff to print by, and no sale under way
        self._newest_next = False  # a sale was just made: the next reading chooses it

        self.model = PolicySalesTableModel()
        self.view = QTableView()
        self.view.setObjectName("insureSales")
        self.view.setModel(self.model)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # see PolicySalesTableModel
        self.view.setMinimumHeight(110)
        self.view.activated.connect(lambda _index: self.print_schedule())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_chosen())
        self.hint_label = QLabel()
        self.hint_label.setObjectName("insureSalesHint")
        self.hint_label.setWordWrap(True)
        self.schedule_button = QPushButton(self.tr("P&rint the policy schedule…"))
        self.schedule_button.setObjectName("insureSchedule")
        self.schedule_button.clicked.connect(self.print_schedule)
        self.next_button = QPushButton(self.tr("&Take the next premium…"))
        self.next_button.setObjectName("insureNextPremium")
        self.next_button.setToolTip(
            self.tr("Personal accident: the next month's premium. WIBA and all-risk: another year under the same "
                    "policy number.")
        )
        self.next_button.clicked.connect(self._ask_next_premium)

        label = QLabel(self.tr("&Earlier premiums on this device"))
        label.setBuddy(self.view)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint_label, 1)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.schedule_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._show_chosen()

    @property
    def chosen(self) -> PolicyEntry | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row(index.row())

    def show_customer(self, cif: str | None) -> None:
        self._cif = cif
        self.model.set_rows(())
        self._show_chosen()
        self.reload()

    def set_tariff(self, tariff: InsuranceTariff | None) -> None:
        self._tariff = tariff
        self._show_chosen()

    def set_ready(self, ready: bool) -> None:
        self._ready = ready
        self._show_chosen()

    def choose_newest(self) -> None:
        """A premium was just taken: choose it (the newest) when the premiums are next read."""
        self._newest_next = True

    def reload(self) -> None:
        """Read the customer's premiums again: a sale here, or head office's answers, changed them."""
        cif = self._cif
        if cif is None:
            return
        context = self.backend.context

        def show(policies: tuple[PolicyEntry, ...]) -> None:
            if cif != self._cif:
                return  # the teller has chosen someone else since
            chosen = None if self._newest_next else self.chosen
            self._newest_next = False
            self.model.set_rows(policies)
            # The same premium stays chosen as answers arrive; otherwise the newest (a sale just made).
            numbers = [policy.sequence for policy in policies]
            row = numbers.index(chosen.sequence) if chosen is not None and chosen.sequence in numbers else 0
            if policies:
                self.view.setCurrentIndex(self.model.index(row, 0))
            self._show_chosen()

        self.tasks.run(
            lambda: customer_policies(context, cif),
            done=show,
            failed=lambda error: self.hint_label.setText(error_text(error)),
        )

    def _show_chosen(self) -> None:
        chosen = self.chosen
        ready = self._ready and self._tariff is not None
        self.schedule_button.setEnabled(ready and chosen is not None and chosen.prints_schedule)
        self.next_button.setEnabled(ready and chosen is not None and chosen.status not in _REFUSED)
        if chosen is None:
            self.hint_label.setText(
                "" if self._cif is None else self.tr("No premiums from this customer on this device")
            )
        elif chosen.prints_schedule:
            self.hint_label.setText("")
        elif chosen.purchase.sale is PolicySale.MONTHLY_PREMIUM:
            self.hint_label.setText(self.tr("A monthly premium issues no new schedule: its receipt is the record"))
        elif chosen.status in _REFUSED:
            self.hint_label.setText(self.tr("Head office refused this premium: there is no schedule to print"))
        else:
            self.hint_label.setText(
                self.tr("The schedule of a premium from the wallet prints once head office confirms it")
            )

    def print_schedule(self) -> None:
        """The chosen premium's policy schedule, made from its journal row, previewed to print."""
        chosen, tariff = self.chosen, self._tariff
        if chosen is None or tariff is None or not self._ready or not chosen.prints_schedule:
            return
        context, sequence = self.backend.context, chosen.sequence
        show_document(
            self,
            self.tasks,
            lambda: policy_schedule_pdf(context, sequence, tariff=tariff),
            self.tr("Policy schedule {policy}").format(policy=chosen.policy_number),
            opened=self._schedule_shown,
            failed=lambda error: self.failed.emit(error_text(error)),
        )

    def _schedule_shown(self, dialog: ReceiptDialog) -> None:
        self.schedule_dialog = dialog

    def _ask_next_premium(self) -> None:
        chosen = self.chosen
        if chosen is not None and self._ready:
            self.next_premium_asked.emit(chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter on a premium prints its schedule (the table's `activated`): it never goes on to
        # the screen, whose Enter sells.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)
