"""The Insure screen's quote: line by line (the premium lines, the premium, each levy on it, stamp
duty, the total) exactly as shared_core priced it, the days it covers, and the total in large type
beside the button that goes on to the confirmation. The table model is testable without a window.

Nothing here computes a figure: each cell is one of the quote's own amounts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.screens.insure_tables import employees_text
from desktop_app.ui.widgets.record_table import RecordTableModel
from shared_core.insurance import Quote, format_rate_percent
from shared_core.money import Money

translate = QCoreApplication.translate
_EMPTY_LINES = 4  # the table's height while there is no quote


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One line of a quote as the screen lists it."""

    what: str
    basis: Money | None  # the payroll, declared value or premium a rate applies to
    rate: Decimal | None
    amount: Money
    is_sum: bool = False  # the premium and the total: shown bold
    employees: int | None = None  # a WIBA line's head count (not priced: shown beside its words)


def quote_rows(quote: Quote) -> tuple[QuoteRow, ...]:
    """The quote's own lines in the schedule's order: premium lines, the premium, each levy on
    the premium, stamp duty (when charged), the total payable."""
    rows = [
        QuoteRow(line.description, line.basis, line.rate, line.premium, employees=line.employees)
        for line in quote.premium_lines
    ]
    rows.append(QuoteRow(translate("Insurance", "Premium"), None, None, quote.basic_premium, is_sum=True))
    rows += [QuoteRow(levy.name, quote.basic_premium, levy.rate, levy.amount) for levy in quote.levies]
    if quote.stamp_duty:
        rows.append(QuoteRow(translate("Insurance", "Stamp duty"), None, None, quote.stamp_duty))
    rows.append(QuoteRow(translate("Insurance", "Total payable"), None, None, quote.total, is_sum=True))
    return tuple(rows)


class QuoteTableModel(RecordTableModel):
    """A quote line by line; amounts in KES without the currency (the header says it)."""

    WHAT, BASIS, RATE, AMOUNT = range(4)
    _HEADERS = (
        QT_TRANSLATE_NOOP("QuoteTableModel", "Premium and charges"),
        QT_TRANSLATE_NOOP("QuoteTableModel", "On (KES)"),
        QT_TRANSLATE_NOOP("QuoteTableModel", "Rate"),
        QT_TRANSLATE_NOOP("QuoteTableModel", "KES"),
    )
    _RIGHT_ALIGNED = frozenset({BASIS, RATE, AMOUNT})

    def set_quote(self, quote: Quote | None) -> None:
        self.set_rows(quote_rows(quote) if quote is not None else ())

    def cell(self, row: QuoteRow, column: int) -> str:
        return {
            self.WHAT: row.what if row.employees is None else f"{row.what} · {employees_text(row.employees)}",
            self.BASIS: row.basis.format(currency=False) if row.basis is not None else "",
            self.RATE: format_rate_percent(row.rate) if row.rate is not None else "",
            self.AMOUNT: row.amount.format(currency=False),
        }[column]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() and self.row(index.row()).is_sum:
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class QuotePanel(QGroupBox):
    """The quote shown; `show_quote(None, hint=...)` says why there is none yet."""

    def __init__(self, confirm_button: QPushButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Quote"))
        self.model = QuoteTableModel()
        self.view = QTableView()
        self.view.setObjectName("insureQuote")
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # figures to read, nothing to choose
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(QuoteTableModel.WHAT, QHeaderView.ResizeMode.Stretch)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # sized to its lines
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.period_label = QLabel()
        self.period_label.setObjectName("insurePeriod")
        self.period_label.setWordWrap(True)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("insureQuoteHint")
        self.hint_label.setWordWrap(True)
        self.total_label = QLabel()
        self.total_label.setObjectName("insureTotal")
        self.total_label.setStyleSheet("font-weight: bold; font-size: 14pt")
        totals = QHBoxLayout()
        totals.addWidget(self.total_label, 1)
        totals.addWidget(confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(self.period_label)
        layout.addWidget(self.hint_label)
        layout.addLayout(totals)
        self.show_quote(None)

    def show_quote(self, quote: Quote | None, *, period: str = "", hint: str = "") -> None:
        self.model.set_quote(quote)
        self._fit_view()
        self.total_label.setText("" if quote is None else self.tr("Total payable {total}").format(total=quote.total))
        self.period_label.setText(period if quote is not None else "")
        self.hint_label.setText(hint)

    def _fit_view(self) -> None:
        """Every line of the quote in view, none scrolled away: the total is the line that matters."""
        view = self.view
        view.resizeRowsToContents()
        lines = sum(view.rowHeight(row) for row in range(self.model.rowCount()))
        lines = lines or view.verticalHeader().defaultSectionSize() * _EMPTY_LINES
        view.setFixedHeight(view.horizontalHeader().sizeHint().height() + lines + 2 * view.frameWidth())
