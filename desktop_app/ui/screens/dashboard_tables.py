"""The tables behind the risk dashboard's charts (the numbers a click away) and its headline tiles:
history, classification, policies, products, each figure exact (Money, percent) where the chart
draws a float. Testable without a window."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from desktop_app.ui.widgets.record_table import RecordTableModel
from shared_core.insurance import Product
from shared_core.loan_portfolio import ClassificationLine
from shared_core.loan_terms import LoanClassification
from shared_core.portfolio_report import HistoryPoint, PolicyLine, ProductLine, percent_text

translate = QCoreApplication.translate

_CLASSIFICATION_NAMES = {
    LoanClassification.NORMAL: QT_TRANSLATE_NOOP("Dashboard", "Normal"),
    LoanClassification.WATCH: QT_TRANSLATE_NOOP("Dashboard", "Watch"),
    LoanClassification.SUBSTANDARD: QT_TRANSLATE_NOOP("Dashboard", "Substandard"),
    LoanClassification.DOUBTFUL: QT_TRANSLATE_NOOP("Dashboard", "Doubtful"),
    LoanClassification.LOSS: QT_TRANSLATE_NOOP("Dashboard", "Loss"),
}
_PRODUCT_NAMES = {
    Product.PERSONAL_ACCIDENT: QT_TRANSLATE_NOOP("Dashboard", "Personal accident"),
    Product.WIBA: QT_TRANSLATE_NOOP("Dashboard", "WIBA"),
    Product.ASSET_ALL_RISK: QT_TRANSLATE_NOOP("Dashboard", "Asset all risk"),
}


def classification_text(classification: LoanClassification | None) -> str:
    return "—" if classification is None else translate("Dashboard", _CLASSIFICATION_NAMES[classification])


def policy_text(product: Product) -> str:
    return translate("Dashboard", _PRODUCT_NAMES[product])


class HistoryTableModel(RecordTableModel):
    DATE, OUTSTANDING, NPL, PAR30 = range(4)
    _HEADERS = (
        QT_TRANSLATE_NOOP("HistoryTableModel", "As of"),
        QT_TRANSLATE_NOOP("HistoryTableModel", "Outstanding (KES)"),
        QT_TRANSLATE_NOOP("HistoryTableModel", "NPL ratio"),
        QT_TRANSLATE_NOOP("HistoryTableModel", "PAR30"),
    )
    _RIGHT_ALIGNED = frozenset({OUTSTANDING, NPL, PAR30})

    def cell(self, record: HistoryPoint, column: int) -> str:
        return {
            self.DATE: record.as_of.isoformat(),
            self.OUTSTANDING: record.outstanding.format(currency=False),
            self.NPL: percent_text(record.npl_ratio),
            self.PAR30: percent_text(record.par30_ratio),
        }[column]


class ClassificationTableModel(RecordTableModel):
    CLASS, LOANS, OUTSTANDING = range(3)
    _HEADERS = (
        QT_TRANSLATE_NOOP("ClassificationTableModel", "Classification"),
        QT_TRANSLATE_NOOP("ClassificationTableModel", "Loans"),
        QT_TRANSLATE_NOOP("ClassificationTableModel", "Outstanding (KES)"),
    )
    _RIGHT_ALIGNED = frozenset({LOANS, OUTSTANDING})

    def cell(self, record: ClassificationLine, column: int) -> str:
        return {
            self.CLASS: classification_text(record.classification),
            self.LOANS: f"{record.loans:,}",
            self.OUTSTANDING: record.outstanding.format(currency=False),
        }[column]


class PolicyTableModel(RecordTableModel):
    TYPE, SOLD, IN_FORCE, LAPSED, PREMIUMS = range(5)
    _HEADERS = (
        QT_TRANSLATE_NOOP("PolicyTableModel", "Type"),
        QT_TRANSLATE_NOOP("PolicyTableModel", "Sold"),
        QT_TRANSLATE_NOOP("PolicyTableModel", "In force"),
        QT_TRANSLATE_NOOP("PolicyTableModel", "Lapsed"),
        QT_TRANSLATE_NOOP("PolicyTableModel", "Premiums (KES)"),
    )
    _RIGHT_ALIGNED = frozenset({SOLD, IN_FORCE, LAPSED, PREMIUMS})

    def cell(self, record: PolicyLine, column: int) -> str:
        return {
            self.TYPE: policy_text(record.product),
            self.SOLD: f"{record.sold:,}",
            self.IN_FORCE: f"{record.in_force:,}",
            self.LAPSED: f"{record.lapsed:,}",
            self.PREMIUMS: record.premiums.format(currency=False),
        }[column]


class ProductTableModel(RecordTableModel):
    PRODUCT, LOANS, OUTSTANDING, NPL, PAR30 = range(5)
    _HEADERS = (
        QT_TRANSLATE_NOOP("ProductTableModel", "Product"),
        QT_TRANSLATE_NOOP("ProductTableModel", "Active loans"),
        QT_TRANSLATE_NOOP("ProductTableModel", "Outstanding (KES)"),
        QT_TRANSLATE_NOOP("ProductTableModel", "NPL ratio"),
        QT_TRANSLATE_NOOP("ProductTableModel", "PAR30"),
    )
    _RIGHT_ALIGNED = frozenset({LOANS, OUTSTANDING, NPL, PAR30})

    def cell(self, record: ProductLine, column: int) -> str:
        return {
            self.PRODUCT: f"{record.name} ({record.product})",
            self.LOANS: f"{record.active_loans:,}",
            self.OUTSTANDING: record.outstanding.format(currency=False),
            self.NPL: percent_text(record.npl_ratio),
            self.PAR30: percent_text(record.par30_ratio),
        }[column]


class Tile(QFrame):
    """A headline figure: what it is, the figure, and what it is of."""

    def __init__(self, title: str, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title_label = QLabel(title)
        self.value_label = QLabel("—")
        self.value_label.setObjectName(f"{name}Value")
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.value_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value_label.setFont(font)
        self.detail_label = QLabel()
        self.detail_label.setObjectName(f"{name}Detail")
        self.detail_label.setStyleSheet("color: #5f6368")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label)

    def show_figure(self, value: str, detail: str, colour: str | None = None) -> None:
        self.value_label.setText(value)
        self.value_label.setStyleSheet(f"color: {colour}" if colour else "")
        self.detail_label.setText(detail)
