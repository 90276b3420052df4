"""Changes announce themselves (STYLE.md "Desktop"): an action that commits says what changed,
and each view decides what to refresh. No screen polls another."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    entries_changed = Signal()  # a journal entry was committed here, or answers/pull changed entries
    till_changed = Signal()  # opened, counted or closed
    customers_changed = Signal()  # registered here or brought by a pull
    sync_status_read = Signal(object)  # a fresh desktop_app.sync.status.SyncStatus
