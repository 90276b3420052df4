"""The one shape of every table on the screens: rows of frozen records, each column a word or an
amount. Subclasses name their columns and say what each cell shows; this holds the rows and answers
Qt's questions (counts, headers, alignment, tooltips), so the models stay testable without a window."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class RecordTableModel(QAbstractTableModel):
    """Rows of records. A subclass declares `_HEADERS` with QT_TRANSLATE_NOOP("<its class name>", ...)
    (headers are translated in that context), lists its amount columns in `_RIGHT_ALIGNED`, and
    implements `cell`; `tool_tip` is there for the cells that explain themselves on hover."""

    _HEADERS: tuple[str, ...] = ()
    _RIGHT_ALIGNED: frozenset[int] = frozenset()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Any] = []

    @property
    def rows(self) -> tuple[Any, ...]:
        return tuple(self._rows)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> Any:  # noqa: ANN401 (the subclass's record)
        return self._rows[number]

    def remove_row(self, number: int) -> None:
        self.beginRemoveRows(QModelIndex(), number, number)
        del self._rows[number]
        self.endRemoveRows()

    def cell(self, record: Any, column: int) -> str:  # noqa: ANN401
        raise NotImplementedError

    def tool_tip(self, record: Any, column: int) -> str | None:  # noqa: ANN401, ARG002
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._HEADERS)

    def headerData(  # noqa: N802 (Qt)
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> str | None:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            # The context pyside6-lupdate recorded from the subclass's QT_TRANSLATE_NOOP.
            return QCoreApplication.translate(type(self).__name__, self._HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:  # noqa: ANN401
        if not index.isValid():
            return None
        if role == _ALIGN:
            return _RIGHT if index.column() in self._RIGHT_ALIGNED else None
        if role == _DISPLAY:
            return self.cell(self._rows[index.row()], index.column())
        if role == _TOOLTIP:
            return self.tool_tip(self._rows[index.row()], index.column())
        return None
