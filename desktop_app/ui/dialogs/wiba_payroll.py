"""An employer's payroll for WIBA, typed at the counter: one row per category of staff, with its
occupation class (the tariff's words and rate for each), the number of employees and their annual
payroll. WIBA is priced on the payroll of each class; the head count is declared for the insurer
(the schedule prints it) and must be typed. The screen quotes the payroll when the dialog closes.

Keyboard-first: Alt+A adds a category and puts the cursor in it; Tab goes category, class,
employees, payroll, the row's remove button; Enter keeps the payroll (refused with the row's
number while one is not finished), Escape leaves it as it was.

    dialog = WibaPayrollDialog(tariff, payroll, parent)
    dialog.accepted.connect(lambda: use(dialog.payroll))
    dialog.open()
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.errors import error_text
from desktop_app.ui.widgets.amount_edit import AmountEdit
from shared_core.errors import DomainError, InvalidInput
from shared_core.insurance import (
    WibaPayroll,
    category_length_max,
    employees_max,
    format_rate_percent,
    payroll_lines_max,
)
from shared_core.insurance_tariff import InsuranceTariff, OccupationClass

translate = QCoreApplication.translate

_ERROR_STYLE = "color: #b3261e"


class _PayrollRow:
    """The widgets of one category of staff."""

    def __init__(self, tariff: InsuranceTariff) -> None:
        self.staff_edit = QLineEdit()
        self.staff_edit.setObjectName("payrollStaff")
        self.staff_edit.setMaxLength(category_length_max)
        self.staff_edit.setPlaceholderText(translate("WibaPayrollDialog", "e.g. Drivers"))
        self.class_box = QComboBox()
        self.class_box.setObjectName("payrollClass")
        # The classes' words are long: the combo shows what fits and the list opens full width.
        self.class_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.class_box.setMinimumContentsLength(24)
        for rate in tariff.wiba_classes:
            self.class_box.addItem(
                translate("WibaPayrollDialog", "Class {number} ({rate}): {description}").format(
                    number=int(rate.occupation_class),
                    description=rate.description,
                    rate=format_rate_percent(rate.rate),
                ),
                rate.occupation_class,
            )
        self.employees_spin = QSpinBox()
        self.employees_spin.setObjectName("payrollEmployees")
        self.employees_spin.setRange(0, employees_max)  # 0: not typed yet, shown as a dash
        self.employees_spin.setSpecialValueText("–")
        self.employees_spin.setGroupSeparatorShown(True)
        self.employees_spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.payroll_edit = AmountEdit()
        self.payroll_edit.setObjectName("payrollAmount")
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("payrollRemove")
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(translate("WibaPayrollDialog", "Remove this category"))

    @property
    def widgets(self) -> tuple[QWidget, ...]:
        return (self.staff_edit, self.class_box, self.employees_spin, self.payroll_edit, self.remove_button)

    def set_row(self, row: WibaPayroll) -> None:
        self.staff_edit.setText(row.category)
        self.class_box.setCurrentIndex(self.class_box.findData(row.occupation_class))
        self.employees_spin.setValue(row.employees or 0)
        self.payroll_edit.set_amount(row.annual_payroll)

    def is_empty(self) -> bool:
        return (not self.staff_edit.text().strip() and not self.payroll_edit.text().strip()
                and not self.employees_spin.value())  # fmt: skip


class WibaPayrollDialog(QDialog):
    def __init__(
        self, tariff: InsuranceTariff, payroll: Sequence[WibaPayroll] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wibaPayrollDialog")
        self.setWindowTitle(self.tr("WIBA: the annual payroll by occupation class"))
        self._tariff = tariff
        self._rows: list[_PayrollRow] = []
        self.payroll: tuple[WibaPayroll, ...] = tuple(payroll)  # what the dialog keeps when accepted

        explanation = QLabel(
            self.tr("One row for each category of staff: the occupation class sets the rate, and the premium "
                    "is the rate of the category's annual payroll (gross pay for the year).")
        )
        explanation.setWordWrap(True)
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        for column, heading in enumerate((
            self.tr("Staff category"), self.tr("Occupation class"), self.tr("Employees"),
            self.tr("Annual payroll (KES)"),
        )):
            self._grid.addWidget(QLabel(heading), 0, column)
        self._grid.setColumnStretch(0, 3)
        self._grid.setColumnStretch(1, 4)
        self._grid.setColumnStretch(3, 2)
        rows = QWidget()
        rows_layout = QVBoxLayout(rows)
        rows_layout.addLayout(self._grid)
        rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(rows)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the rows, not their frame
        self._scroll = scroll
        self.add_button = QPushButton(self.tr("&Add a category"))
        self.add_button.setObjectName("payrollAdd")
        self.add_button.setAutoDefault(False)  # Enter keeps the payroll, it never adds a row
        self.add_button.clicked.connect(self.add_row)
        self.error_label = QLabel()
        self.error_label.setObjectName("payrollError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        self.ok_button = buttons.button(standard.Ok)
        self.ok_button.setText(self.tr("Use this payroll"))
        self.ok_button.setObjectName("payrollOk")
        self.ok_button.setDefault(True)
        self.cancel_button = buttons.button(standard.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(900, 380)

        for row in payroll:
            self.add_row()
            self._rows[-1].set_row(row)
        if not self._rows:
            self.add_row()
        self._rows[0].staff_edit.setFocus()

    @property
    def rows(self) -> int:
        return len(self._rows)

    def row_widgets(self, number: int) -> tuple[QLineEdit, QComboBox, QSpinBox, AmountEdit]:
        """Row `number`'s fields (0 first): staff category, class, employees, annual payroll."""
        row = self._rows[number]
        return row.staff_edit, row.class_box, row.employees_spin, row.payroll_edit

    def add_row(self) -> None:
        if len(self._rows) >= payroll_lines_max:
            return
        row = _PayrollRow(self._tariff)
        self._rows.append(row)
        for column, widget in enumerate(row.widgets):
            self._grid.addWidget(widget, len(self._rows), column)
        row.remove_button.clicked.connect(lambda _checked=False, row=row: self._remove(row))
        self.add_button.setEnabled(len(self._rows) < payroll_lines_max)
        self._order_tabs()
        row.staff_edit.setFocus()
        self._scroll.ensureWidgetVisible(row.staff_edit)

    def _remove(self, row: _PayrollRow) -> None:
        index = self._rows.index(row)
        for widget in row.widgets:
            self._grid.removeWidget(widget)
            widget.deleteLater()
        del self._rows[index]
        for number, below in enumerate(self._rows[index:], start=index + 1):
            for column, widget in enumerate(below.widgets):
                self._grid.addWidget(widget, number, column)
        self.add_button.setEnabled(True)
        if not self._rows:
            self.add_row()
        else:
            self._order_tabs()
            self._rows[min(index, len(self._rows) - 1)].staff_edit.setFocus()

    def _order_tabs(self) -> None:
        """Tab goes through the rows in order, then Add, Use this payroll and Cancel: a row added
        later is created last, and would otherwise come after the dialog's buttons."""
        previous: QWidget = self.add_button
        for row in self._rows:
            for widget in row.widgets:
                QWidget.setTabOrder(previous, widget)
                previous = widget
        QWidget.setTabOrder(previous, self.add_button)
        QWidget.setTabOrder(self.add_button, self.ok_button)
        QWidget.setTabOrder(self.ok_button, self.cancel_button)

    def typed_payroll(self) -> tuple[WibaPayroll, ...]:
        """The payroll typed; InvalidInput naming the row that is not finished, or that none is."""
        payroll = []
        for number, row in enumerate(self._rows, start=1):
            if row.is_empty():
                continue
            occupation_class = OccupationClass(row.class_box.currentData())
            if not row.employees_spin.value():
                raise InvalidInput(
                    self.tr("Row {number}: type how many employees this payroll pays").format(number=number),
                    field="employees",
                )
            try:
                amount = row.payroll_edit.amount()
            except DomainError as error:
                raise InvalidInput(
                    self.tr("Row {number}: {reason}").format(number=number, reason=error.message), field="payroll"
                ) from error
            staff = " ".join(row.staff_edit.text().split())
            payroll.append(WibaPayroll(occupation_class, amount, staff, row.employees_spin.value()))
        if not payroll:
            raise InvalidInput(self.tr("Type the annual payroll of at least one category of staff"), field="payroll")
        return tuple(payroll)

    def accept(self) -> None:
        try:
            self.payroll = self.typed_payroll()
        except DomainError as error:
            self.error_label.setText(error_text(error))
            return
        super().accept()
