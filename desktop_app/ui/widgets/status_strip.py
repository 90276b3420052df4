"""Always in view at the bottom of the window: online or offline, entries waiting and the oldest
one's age, last sync, offline allowance left, who is logged in, and the till."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop_app.services.context import Session
from desktop_app.sync.status import SyncStatus
from desktop_app.ui.formatting import age_text, local_time_text, role_text

_ONLINE_STYLE = "QLabel { color: white; background: #1b7f3b; border-radius: 4px; padding: 2px 8px; }"
_OFFLINE_STYLE = "QLabel { color: white; background: #b3261e; border-radius: 4px; padding: 2px 8px; }"


class StatusStrip(QWidget):
    def __init__(self, utc_offset_minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._offset = utc_offset_minutes
        self.link_label = QLabel()
        self.link_label.setObjectName("link")
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("waiting")
        self.last_sync_label = QLabel()
        self.allowance_label = QLabel()
        self.user_label = QLabel()
        self.till_label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for label in (self.link_label, self.waiting_label, self.last_sync_label, self.allowance_label):
            layout.addWidget(label)
        layout.addStretch(1)
        layout.addWidget(self.till_label)
        layout.addWidget(self.user_label)
        self.show_sync(None)

    def show_sync(self, status: SyncStatus | None) -> None:
        online = status is not None and status.online
        self.link_label.setText(self.tr("Online") if online else self.tr("Offline"))
        self.link_label.setStyleSheet(_ONLINE_STYLE if online else _OFFLINE_STYLE)
        if status is None:
            self.link_label.setToolTip(self.tr("Not connected to head office"))
        else:
            self.link_label.setToolTip(status.last_error or "")
        if status is None:
            self.waiting_label.setText("")
            self.last_sync_label.setText("")
            self.allowance_label.setText("")
            return
        if status.waiting:
            self.waiting_label.setText(
                self.tr("{n} waiting, oldest {age}").format(
                    n=status.waiting, age=age_text(status.oldest_waiting_age_s)
                )
            )
        else:
            self.waiting_label.setText(self.tr("Nothing waiting"))
        if status.refused:
            refused = self.tr("{n} refused").format(n=status.refused)
            self.waiting_label.setText(f"{self.waiting_label.text()} · {refused}")
        when = local_time_text(status.last_sync_at, self._offset)
        self.last_sync_label.setText(self.tr("Last sync: {when}").format(when=when))
        if status.allowance_left is None:
            self.allowance_label.setText(self.tr("Offline allowance: none"))
        else:
            self.allowance_label.setText(self.tr("Offline allowance: {left}").format(left=status.allowance_left))

    def show_session(self, session: Session | None) -> None:
        if session is None:
            self.user_label.setText("")
        else:
            self.user_label.setText(f"{session.display_name} ({role_text(session.role)})")

    def show_till(self, text: str) -> None:
        self.till_label.setText(text)
