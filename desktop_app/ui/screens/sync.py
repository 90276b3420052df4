"""Sync: what waits to go to head office and since when, what head office refused (set aside for a
supervisor while the rest flows on), the last error, and a button to sync now."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from desktop_app.sync.status import RefusedEntry, SyncStatus, read_refused
from desktop_app.ui.backend import Backend
from desktop_app.ui.events import AppEvents
from desktop_app.ui.formatting import age_text, local_time_text
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.record_table import RecordTableModel


class RefusedTableModel(RecordTableModel):
    REFERENCE, KIND, AMOUNT, CODE, MESSAGE = range(5)
    _HEADERS = (
        QT_TRANSLATE_NOOP("RefusedTableModel", "Reference"),
        QT_TRANSLATE_NOOP("RefusedTableModel", "Operation"),
        QT_TRANSLATE_NOOP("RefusedTableModel", "Amount"),
        QT_TRANSLATE_NOOP("RefusedTableModel", "Code"),
        QT_TRANSLATE_NOOP("RefusedTableModel", "Reason"),
    )
    _RIGHT_ALIGNED = frozenset({AMOUNT})

    def cell(self, record: RefusedEntry, column: int) -> str:
        return {
            self.REFERENCE: record.reference,
            self.KIND: record.kind.replace("_", " "),
            self.AMOUNT: record.amount.format(currency=False),
            self.CODE: record.code or "",
            self.MESSAGE: record.message,
        }[column]


class SyncScreen(Screen):
    def __init__(self, backend: Backend, tasks: Tasks, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(backend, tasks, events, parent)
        self.summary = QLabel()
        self.summary.setObjectName("syncSummary")
        self.summary.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("syncError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e")
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setObjectName("syncNow")
        self.sync_button.clicked.connect(self._sync_now)
        self.sync_button.setEnabled(backend.loop is not None)
        self.refused_model = RefusedTableModel()
        self.refused_view = QTableView()
        self.refused_view.setModel(self.refused_model)
        self.refused_view.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.sync_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(QLabel(self.tr("Refused by head office (set aside for a supervisor):")))
        layout.addWidget(self.refused_view, 1)
        events.sync_status_read.connect(self.show_status)
        events.entries_changed.connect(self._load_refused)

    def activated(self) -> None:
        self._load_refused()
        self.sync_button.setFocus()

    def show_status(self, status: SyncStatus | None) -> None:
        if status is None:
            self.summary.setText(self.tr("This device is not connected to a server."))
            return
        link = self.tr("Online") if status.online else self.tr("Offline")
        last = local_time_text(status.last_sync_at, self.backend.context.utc_offset_minutes)
        self.summary.setText(
            self.tr("{link}. {n} entries waiting; the oldest for {age}. Last sync: {last}.").format(
                link=link, n=status.waiting, age=age_text(status.oldest_waiting_age_s), last=last
            )
        )
        self.error_label.setText(status.last_error or "")

    def _sync_now(self) -> None:
        self.backend.sync_now()

    def _load_refused(self) -> None:
        context = self.backend.context
        self.tasks.run(lambda: read_refused(context), done=self.refused_model.set_rows)
