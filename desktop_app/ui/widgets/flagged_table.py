"""A record table whose cells can be flagged, in colour, for what needs head office's eye: a clock
out of step, a device that never synced, a till short. The colour repeats what the text already
says (a person who cannot tell red from green reads the same words), so it is emphasis only."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.ui.widgets.record_table import RecordTableModel


class Flag(Enum):
    """(text colour, background colour) of a flagged cell."""

    ALARM = ("#8c1d18", "#fde7e6")  # needs head office: a gap, a skew flagged, a short, a fork
    CAUTION = ("#7a4f01", "#fff4d6")  # worth a look: an over, a device frozen, awaiting approval
    GOOD = ("#1e5c26", "#e6f4e7")  # balanced, resolved
    MUTED = ("#6b6b6b", None)  # no longer in play: a revoked device

    @property
    def foreground(self) -> QBrush:
        return QBrush(QColor(self.value[0]))

    @property
    def background(self) -> QBrush | None:
        return QBrush(QColor(self.value[1])) if self.value[1] else None


class FlaggedTableModel(RecordTableModel):
    """RecordTableModel plus `flag(record, column)`: the cell's colour, or None for none."""

    def flag(self, record: Any, column: int) -> Flag | None:
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            flag = self.flag(self.row(index.row()), index.column())
            if flag is None:
                return None
            return flag.foreground if role == Qt.ItemDataRole.ForegroundRole else flag.background
        return super().data(index, role)
