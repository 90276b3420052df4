"""Receipts: today's entries on this device, where each stands with head office, and a reprint of
any of them. A reprint is counted by the printing service and says COPY and its number, so it
never passes for the original.

Keyboard-first: type part of a reference and Enter (or Down) to reach the list; Enter on a row
reprints it; Escape in the search clears it back to today's list.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.entries import EntryState, ListedEntry, entries_of_day, find_entries
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.receipt import ReceiptDialog, show_receipt
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.record_table import RecordTableModel
from shared_core.operations import OperationKind

translate = QCoreApplication.translate
search_delay_ms = 300

# What the window calls each operation (the printed receipts keep their own English names).
OPERATION_NAMES = {
    OperationKind.TILL_OPEN: QT_TRANSLATE_NOOP("Operations", "Till opened"),
    OperationKind.TILL_CLOSE: QT_TRANSLATE_NOOP("Operations", "Till closed"),
    OperationKind.VAULT_TO_TILL: QT_TRANSLATE_NOOP("Operations", "Cash from vault"),
    OperationKind.TILL_TO_VAULT: QT_TRANSLATE_NOOP("Operations", "Cash to vault"),
    OperationKind.TILL_OVER: QT_TRANSLATE_NOOP("Operations", "Till over"),
    OperationKind.TILL_SHORT: QT_TRANSLATE_NOOP("Operations", "Till short"),
    OperationKind.CASH_DEPOSIT: QT_TRANSLATE_NOOP("Operations", "Cash deposit"),
    OperationKind.CASH_WITHDRAWAL: QT_TRANSLATE_NOOP("Operations", "Cash withdrawal"),
    OperationKind.TRANSFER: QT_TRANSLATE_NOOP("Operations", "Transfer"),
    OperationKind.LOAN_DISBURSEMENT: QT_TRANSLATE_NOOP("Operations", "Loan disbursement"),
    OperationKind.LOAN_REPAYMENT_CASH: QT_TRANSLATE_NOOP("Operations", "Loan repayment (cash)"),
    OperationKind.LOAN_REPAYMENT_WALLET: QT_TRANSLATE_NOOP("Operations", "Loan repayment from wallet"),
    OperationKind.PREMIUM_CASH: QT_TRANSLATE_NOOP("Operations", "Insurance premium (cash)"),
    OperationKind.PREMIUM_WALLET: QT_TRANSLATE_NOOP("Operations", "Insurance premium from wallet"),
    OperationKind.REVERSAL: QT_TRANSLATE_NOOP("Operations", "Reversal"),
    OperationKind.CUSTOMER_REGISTRATION: QT_TRANSLATE_NOOP("Operations", "Customer registration"),
    OperationKind.KYC_UPGRADE: QT_TRANSLATE_NOOP("Operations", "KYC upgrade"),
    OperationKind.PAYROLL_RUN: QT_TRANSLATE_NOOP("Operations", "Payroll run"),
}
assert set(OPERATION_NAMES) == set(OperationKind), "every operation has a name on screen"

_STATE_NAMES = {
    EntryState.PENDING: QT_TRANSLATE_NOOP("Operations", "Pending"),
    EntryState.CONFIRMED: QT_TRANSLATE_NOOP("Operations", "Confirmed"),
    EntryState.REFUSED: QT_TRANSLATE_NOOP("Operations", "Refused"),
}


def operation_text(kind: OperationKind | str) -> str:
    return translate("Operations", OPERATION_NAMES[OperationKind(kind)])


def state_text(state: EntryState) -> str:
    return translate("Operations", _STATE_NAMES[state])


class EntriesTableModel(RecordTableModel):
    TIME, REFERENCE, KIND, CUSTOMER, AMOUNT, STATUS = range(6)
    _HEADERS = (
        QT_TRANSLATE_NOOP("EntriesTableModel", "Time"),
        QT_TRANSLATE_NOOP("EntriesTableModel", "Reference"),
        QT_TRANSLATE_NOOP("EntriesTableModel", "Operation"),
        QT_TRANSLATE_NOOP("EntriesTableModel", "Customer"),
        QT_TRANSLATE_NOOP("EntriesTableModel", "Amount"),
        QT_TRANSLATE_NOOP("EntriesTableModel", "Status"),
    )
    _RIGHT_ALIGNED = frozenset({AMOUNT})

    def __init__(self, utc_offset_minutes: int) -> None:
        super().__init__()
        self._offset = utc_offset_minutes

    def entry_at(self, row: int) -> ListedEntry:
        return self.row(row)

    def row_of(self, sequence: int) -> int | None:
        return next((row for row, entry in enumerate(self._rows) if entry.sequence == sequence), None)

    def cell(self, record: ListedEntry, column: int) -> str:
        return {
            self.TIME: local_time_text(record.recorded_at, self._offset),
            self.REFERENCE: record.reference,
            self.KIND: operation_text(record.kind),
            self.CUSTOMER: record.customer_name or "",
            self.AMOUNT: record.amount.format(currency=False),
            self.STATUS: state_text(record.state),
        }[column]

    def tool_tip(self, record: ListedEntry, column: int) -> str | None:
        return record.refusal if column == self.STATUS and record.refusal else None


class _SearchEdit(QLineEdit):
    """Down goes to the list; Escape clears the search back to today's entries."""

    def __init__(self, screen: ReceiptsScreen) -> None:
        super().__init__(screen)
        self._screen = screen

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._screen.search_now(focus_list=True)
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self._screen.search_now()
            return
        super().keyPressEvent(event)


class ReceiptsScreen(Screen):
    def __init__(self, backend: Backend, tasks: Tasks, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(backend, tasks, events, parent)
        self.heading = QLabel()
        self.heading.setObjectName("receiptsHeading")
        self.search_edit = _SearchEdit(self)
        self.search_edit.setObjectName("referenceSearch")
        self.search_edit.setPlaceholderText(self.tr("Reference, e.g. 000042"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textEdited.connect(self._search_soon)
        search_label = QLabel(self.tr("&Search:"))
        search_label.setBuddy(self.search_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("receiptsError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e")
        self.model = EntriesTableModel(backend.context.utc_offset_minutes)
        self.table = QTableView()
        self.table.setObjectName("receiptsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.activated.connect(self._reprint_index)  # Enter or a double click on a row
        self.reprint_button = QPushButton(self.tr("&Reprint"))
        self.reprint_button.setObjectName("reprint")
        self.reprint_button.setToolTip(self.tr("Print this entry's receipt again; it will say COPY"))
        self.reprint_button.clicked.connect(self.reprint_current)
        self.receipt_dialog: ReceiptDialog | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(search_delay_ms)
        self._search_timer.timeout.connect(self.search_now)
        self._query_number = 0  # an answer to an older query is dropped
        self._focus_list_when_loaded = False

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.reprint_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        QWidget.setTabOrder(self.search_edit, self.table)
        QWidget.setTabOrder(self.table, self.reprint_button)
        events.entries_changed.connect(self.search_now)

    def activated(self) -> None:
        self.search_now()
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # --- the list ---------------------------------------------------------------------------------

    def _search_soon(self) -> None:
        self._search_timer.start()

    def search_now(self, *, focus_list: bool = False) -> None:
        """Today's entries, or those matching the search; in a worker."""
        self._search_timer.stop()
        self._query_number += 1
        number = self._query_number
        self._focus_list_when_loaded = focus_list
        context = self.backend.context
        typed = self.search_edit.text().strip()

        def done(rows: tuple[ListedEntry, ...]) -> None:
            if number == self._query_number:
                self._show_rows(rows, typed)

        def failed(error: Exception) -> None:
            if number == self._query_number:
                self.error_label.setText(error_text(error))

        work = (lambda: find_entries(context, typed)) if typed else (lambda: entries_of_day(context))
        self.tasks.run(work, done=done, failed=failed)

    def _show_rows(self, rows: tuple[ListedEntry, ...], typed: str) -> None:
        current = self._current_entry()
        self.error_label.clear()
        self.model.set_rows(rows)
        if typed:
            self.heading.setText(
                self.tr("{n} entries whose reference contains {text}").format(n=len(rows), text=typed)
            )
        else:
            self.heading.setText(self.tr("Today's entries on this device: {n}").format(n=len(rows)))
        if rows:
            kept = self.model.row_of(current.sequence) if current else None
            self.table.selectRow(kept if kept is not None else 0)
        self.reprint_button.setEnabled(bool(rows))
        if self._focus_list_when_loaded and rows:
            self.table.setFocus()
        self._focus_list_when_loaded = False

    def _current_entry(self) -> ListedEntry | None:
        index = self.table.currentIndex()
        return self.model.entry_at(index.row()) if index.isValid() else None

    # --- reprint ----------------------------------------------------------------------------------

    def _reprint_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.reprint(self.model.entry_at(index.row()))

    def reprint_current(self) -> None:
        entry = self._current_entry()
        if entry is None:
            self.error_label.setText(self.tr("Choose an entry in the list to reprint its receipt."))
            return
        self.reprint(entry)

    def reprint(self, entry: ListedEntry) -> None:
        """Print the receipt again (it says COPY n) and show it; the list then shows the new count."""
        self.error_label.clear()

        def opened(dialog: ReceiptDialog) -> None:
            self.receipt_dialog = dialog
            dialog.finished.connect(self._receipt_closed)
            self.search_now()

        def failed(error: Exception) -> None:
            self.error_label.setText(error_text(error))

        show_receipt(self, self.backend, self.tasks, entry.sequence, None, opened=opened, failed=failed)

    def _receipt_closed(self) -> None:
        self.receipt_dialog = None
        self.table.setFocus()
