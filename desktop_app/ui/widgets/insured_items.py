"""The assets on an all-risk policy, typed at the counter: one row per item, what it is and the
value the customer declares for it, as many rows as the policy lists (up to what one premium
entry carries).

Keyboard-first: Alt+A adds a row and puts the cursor in it; Tab goes description, value, the row's
remove button, the next row. A row left wholly empty is ignored; a half-typed one is refused with
its number, so the teller knows which to finish.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.widgets.amount_edit import AmountEdit
from shared_core.errors import DomainError, InvalidInput
from shared_core.insurance import InsuredItem, text_length_max
from shared_core.insurance_policy import items_on_entry_max

translate = QCoreApplication.translate

rows_shown_max = 5  # the list scrolls beyond this many rows


class _ItemRow:
    """The widgets of one item."""

    def __init__(self) -> None:
        self.description_edit = QLineEdit()
        self.description_edit.setObjectName("itemDescription")
        self.description_edit.setMaxLength(text_length_max)
        self.description_edit.setPlaceholderText(translate("InsuredItemsEditor", "e.g. Laptop, Dell Latitude 5440"))
        self.value_edit = AmountEdit()
        self.value_edit.setObjectName("itemValue")
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("itemRemove")
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(translate("InsuredItemsEditor", "Remove this item"))

    @property
    def widgets(self) -> tuple[QWidget, ...]:
        return (self.description_edit, self.value_edit, self.remove_button)

    def is_empty(self) -> bool:
        return not self.description_edit.text().strip() and not self.value_edit.text().strip()


class InsuredItemsEditor(QWidget):
    changed = Signal()  # an item typed, added or removed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_ItemRow] = []
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.addWidget(QLabel(self.tr("Item")), 0, 0)
        self._grid.addWidget(QLabel(self.tr("Declared value (KES)")), 0, 1)
        self._grid.setColumnStretch(0, 3)
        self._grid.setColumnStretch(1, 1)
        rows = QWidget()
        rows_layout = QVBoxLayout(rows)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        rows_layout.addLayout(self._grid)
        rows_layout.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(rows)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the rows, not their frame
        self.add_button = QPushButton(self.tr("&Add an item"))
        self.add_button.setObjectName("itemAdd")
        self.add_button.clicked.connect(self.add_row)
        self.count_label = QLabel()
        self.count_label.setObjectName("itemCount")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.count_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._scroll)
        layout.addLayout(buttons)
        self.add_row(focus=False)

    @property
    def rows(self) -> int:
        return len(self._rows)

    def row_edits(self, number: int) -> tuple[QLineEdit, AmountEdit]:
        """Row `number`'s description and value fields (0 first)."""
        row = self._rows[number]
        return row.description_edit, row.value_edit

    def add_row(self, *, focus: bool = True) -> None:
        if len(self._rows) >= items_on_entry_max:
            return
        row = _ItemRow()
        self._rows.append(row)
        for column, widget in enumerate(row.widgets):
            self._grid.addWidget(widget, len(self._rows), column)
        row.description_edit.textEdited.connect(self.changed)
        row.value_edit.amount_changed.connect(self.changed)
        row.remove_button.clicked.connect(lambda _checked=False, row=row: self._remove(row))
        self._fit()
        self._order_tabs()
        if focus:
            row.description_edit.setFocus()
            self._scroll.ensureWidgetVisible(row.description_edit)
        self.changed.emit()

    def _remove(self, row: _ItemRow) -> None:
        index = self._rows.index(row)
        for widget in row.widgets:
            self._grid.removeWidget(widget)
            widget.deleteLater()
        del self._rows[index]
        # Re-lay the rows below so the grid has no gap where the removed one was.
        for number, below in enumerate(self._rows[index:], start=index + 1):
            for column, widget in enumerate(below.widgets):
                self._grid.addWidget(widget, number, column)
        if not self._rows:
            self.add_row()
        else:
            self._rows[min(index, len(self._rows) - 1)].description_edit.setFocus()
            self._fit()
            self._order_tabs()
        self.changed.emit()

    def showEvent(self, event: QShowEvent) -> None:
        # Placed in its window now: its rows go into the window's tab order where the editor is.
        self._order_tabs()
        super().showEvent(event)

    def _order_tabs(self) -> None:
        """Tab goes through the rows in order, then to Add: a row added later is created last, and
        would otherwise come last in the window's tab order (as would all of them, put in a window
        after Add)."""
        previous: QWidget = self.add_button
        for row in self._rows:
            for widget in row.widgets:
                QWidget.setTabOrder(previous, widget)
                previous = widget
        QWidget.setTabOrder(previous, self.add_button)

    def _fit(self) -> None:
        self.add_button.setEnabled(len(self._rows) < items_on_entry_max)
        row_height = self._rows[0].value_edit.sizeHint().height() + self._grid.verticalSpacing()
        header = self._grid.itemAtPosition(0, 0).widget().sizeHint().height()
        shown = min(len(self._rows), rows_shown_max)
        self._scroll.setFixedHeight(header + row_height * shown + 2 * self._grid.verticalSpacing() + 4)
        self.count_label.setText(
            self.tr("{count} of at most {maximum} items").format(count=len(self._rows), maximum=items_on_entry_max)
            if len(self._rows) > rows_shown_max else ""
        )

    def set_items(self, items: tuple[InsuredItem, ...]) -> None:
        """Show `items` (a renewal's list, to change as needed), or one empty row."""
        self.clear()
        for number, item in enumerate(items):
            if number:
                self.add_row(focus=False)
            description, value = self.row_edits(number)
            description.setText(item.description)
            value.set_amount(item.declared_value)
        self.changed.emit()

    def clear(self) -> None:
        while len(self._rows) > 1:
            row = self._rows.pop()
            for widget in row.widgets:
                self._grid.removeWidget(widget)
                widget.deleteLater()
        first = self._rows[0]
        first.description_edit.clear()
        first.value_edit.clear()
        self._fit()
        self.changed.emit()

    def focus_first(self) -> None:
        self._rows[0].description_edit.setFocus()

    def items(self) -> tuple[InsuredItem, ...]:
        """The items typed; InvalidInput naming the row that is not finished, or that none is."""
        items = []
        for number, row in enumerate(self._rows, start=1):
            if row.is_empty():
                continue
            description = " ".join(row.description_edit.text().split())
            if not description:
                raise InvalidInput(
                    self.tr("Item {number}: say what it is").format(number=number), field="items"
                )
            try:
                value = row.value_edit.amount()
            except DomainError as error:
                raise InvalidInput(
                    self.tr("Item {number} ({description}): {reason}").format(
                        number=number, description=description, reason=error.message
                    ),
                    field="items",
                ) from error
            items.append(InsuredItem(description, value))
        if not items:
            raise InvalidInput(self.tr("List the items to insure, each with its declared value"), field="items")
        return tuple(items)
