"""An amount field as a teller types it: digits grouped by thousands as they go in, at most two
decimals, never a float. The value is read with shared_core.money.parse_amount, the same parser
every other amount goes through."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from shared_core.errors import DomainError
from shared_core.money import Money, parse_amount

_ALLOWED = re.compile(r"[0-9,]*(\.[0-9]{0,2})?")
_SIGNIFICANT = frozenset("0123456789.")  # what the cursor keeps its place among; commas come and go


def group_thousands(text: str) -> str:
    """'1234567.5' -> '1,234,567.5' (what is typed stays as typed, only grouped)."""
    whole, dot, fraction = text.replace(",", "").partition(".")
    whole = whole.lstrip("0") or ("0" if whole else "")
    grouped = f"{int(whole):,}" if whole else ""
    return grouped + dot + fraction


class AmountEdit(QLineEdit):
    amount_changed = Signal()  # typed, cleared or set

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("0.00")
        self.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.textEdited.connect(self._regroup)
        self.textChanged.connect(self.amount_changed)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        text = event.text()
        if text and text.isprintable() and not (text.isdigit() or text in ".,"):
            event.ignore()  # letters never enter an amount; Enter/Escape pass to the dialog
            return
        # Backspace or Delete at a separator removes the digit beyond it, not just the comma
        # (which regrouping would put straight back).
        position = self.cursorPosition()
        if not self.hasSelectedText():
            if event.key() == Qt.Key.Key_Backspace and position > 0 and self.text()[position - 1] == ",":
                self.setCursorPosition(position - 1)
            elif event.key() == Qt.Key.Key_Delete and self.text()[position : position + 1] == ",":
                self.setCursorPosition(position + 1)
        super().keyPressEvent(event)

    def _regroup(self, text: str) -> None:
        if not _ALLOWED.fullmatch(text):
            text = re.sub(r"[^0-9.]", "", text)
            head, dot, tail = text.partition(".")
            text = head + dot + tail.replace(".", "")[:2]
        # Keep the cursor after the same digits (and decimal point) it was after.
        significant_before = sum(ch in _SIGNIFICANT for ch in text[: self.cursorPosition()])
        grouped = group_thousands(text) if text else ""
        self.setText(grouped)
        position, seen = 0, 0
        while position < len(grouped) and seen < significant_before:
            seen += grouped[position] in _SIGNIFICANT
            position += 1
        self.setCursorPosition(position)

    def amount(self) -> Money:
        """The amount typed, or a DomainError naming what is wrong (empty, zero...)."""
        return parse_amount(self.text())

    def amount_or_none(self) -> Money | None:
        try:
            return self.amount()
        except DomainError:
            return None

    def set_amount(self, money: Money | None) -> None:
        self.setText("" if money is None else money.format(currency=False))
