"""Counting cash by note and coin: one row per KES denomination (shared_core.denominations), the
pieces typed in a spin box, each line's total and the grand total as the teller goes.

Keyboard-first: Tab moves down the rows, typing a number replaces the count (the whole field is
selected when a row takes the focus), so a teller counts a drawer without the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QGridLayout, QLabel, QSpinBox, QWidget

from shared_core.denominations import (
    DENOMINATIONS,
    CashCount,
    Denomination,
    Form,
    pieces_per_denomination_max,
)
from shared_core.money import Money

_MODIFIER_KEYS = frozenset({Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta})


class PiecesSpinBox(QSpinBox):
    """A count of pieces; the first digit typed after it takes the focus replaces the old count
    (and the count shows selected, to say so)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._replace_on_typing = False
        self.setRange(0, pieces_per_denomination_max)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.setGroupSeparatorShown(True)
        self.setAccelerated(True)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt)
        super().focusInEvent(event)
        self._replace_on_typing = True
        QTimer.singleShot(0, self, self.selectAll)  # after Qt has placed the cursor from the click

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if self._replace_on_typing and event.text().isdigit():
            self.selectAll()  # whatever moved the cursor since the focus came, the count is retyped
        if event.text() or event.key() not in _MODIFIER_KEYS:
            self._replace_on_typing = False
        super().keyPressEvent(event)


class DenominationsWidget(QWidget):
    """Rows of notes then coins, largest first; `count()` is the shared_core CashCount typed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("denominations")
        self._spin_boxes: dict[int, PiecesSpinBox] = {}
        self._line_totals: dict[int, QLabel] = {}
        grid = QGridLayout(self)
        grid.setColumnStretch(2, 1)
        grid.addWidget(QLabel(self.tr("<b>Note / coin</b>")), 0, 0)
        grid.addWidget(QLabel(self.tr("<b>Pieces</b>")), 0, 1)
        grid.addWidget(QLabel(self.tr("<b>Total</b>")), 0, 2, Qt.AlignmentFlag.AlignRight)
        previous: QWidget | None = None
        for row, denomination in enumerate(DENOMINATIONS, start=1):
            spin_box = PiecesSpinBox(self)
            spin_box.setObjectName(f"pieces{denomination.shillings}")
            spin_box.setAccessibleName(self._label(denomination))
            spin_box.valueChanged.connect(self._recompute)
            label = QLabel(self._label(denomination))
            label.setBuddy(spin_box)
            line_total = QLabel(Money.zero().format(currency=False))
            line_total.setObjectName(f"lineTotal{denomination.shillings}")
            line_total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, row, 0)
            grid.addWidget(spin_box, row, 1)
            grid.addWidget(line_total, row, 2)
            if previous is not None:
                QWidget.setTabOrder(previous, spin_box)
            previous = spin_box
            self._spin_boxes[denomination.shillings] = spin_box
            self._line_totals[denomination.shillings] = line_total
        self.total_label = QLabel()
        self.total_label.setObjectName("countedTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bold = self.total_label.font()
        bold.setBold(True)
        self.total_label.setFont(bold)
        last_row = len(DENOMINATIONS) + 1
        grid.addWidget(QLabel(self.tr("<b>Counted</b>")), last_row, 0, 1, 2)
        grid.addWidget(self.total_label, last_row, 2)
        self.setFocusProxy(self._spin_boxes[DENOMINATIONS[0].shillings])
        self._recompute()

    def _label(self, denomination: Denomination) -> str:
        if denomination.form is Form.NOTE:
            return self.tr("KES {value} note").format(value=f"{denomination.shillings:,}")
        return self.tr("KES {value} coin").format(value=f"{denomination.shillings:,}")

    def spin_box(self, shillings: int) -> QSpinBox:
        """The pieces field of one denomination (tests, and a screen that prefills a count)."""
        return self._spin_boxes[shillings]

    def count(self) -> CashCount:
        return CashCount.of({shillings: box.value() for shillings, box in self._spin_boxes.items()})

    def total(self) -> Money:
        return self.count().total

    def set_count(self, count: CashCount) -> None:
        for shillings, box in self._spin_boxes.items():
            box.blockSignals(True)
            box.setValue(count.count_of(shillings))
            box.blockSignals(False)
        self._recompute()

    def clear(self) -> None:
        self.set_count(CashCount(()))

    def _recompute(self) -> None:
        for shillings, box in self._spin_boxes.items():
            line_total = Money.shillings(shillings * box.value())
            self._line_totals[shillings].setText(line_total.format(currency=False))
        self.total_label.setText(str(self.total()))
        self.changed.emit()
