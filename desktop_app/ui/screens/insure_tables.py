"""The Insure screen's words for products, sales and payments, and the customer's premiums on this
device with head office's answer, as a QAbstractTableModel testable without a window.

Nothing here computes a figure: each cell is one of the journal's own amounts."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.services.insurance import PolicyEntry
from desktop_app.ui.screens.customer_tables import status_text
from desktop_app.ui.widgets.record_table import RecordTableModel
from shared_core.insurance import PaymentMethod, Product
from shared_core.insurance_policy import PolicySale

translate = QCoreApplication.translate

DATE_FORMAT = "%d %b %Y"  # as the other screens write days
_PRODUCT_TEXTS = {
    Product.PERSONAL_ACCIDENT: QT_TRANSLATE_NOOP("Insurance", "Personal accident"),
    Product.WIBA: QT_TRANSLATE_NOOP("Insurance", "Work injury (WIBA)"),
    Product.ASSET_ALL_RISK: QT_TRANSLATE_NOOP("Insurance", "Asset all-risk"),
}
_SALE_TEXTS = {
    PolicySale.NEW: QT_TRANSLATE_NOOP("Insurance", "New policy"),
    PolicySale.RENEWAL: QT_TRANSLATE_NOOP("Insurance", "Renewal"),
    PolicySale.MONTHLY_PREMIUM: QT_TRANSLATE_NOOP("Insurance", "Monthly premium"),
}
_PAYMENT_TEXTS = {
    PaymentMethod.CASH: QT_TRANSLATE_NOOP("Insurance", "Cash"),
    PaymentMethod.WALLET: QT_TRANSLATE_NOOP("Insurance", "Wallet"),
}
assert set(_PRODUCT_TEXTS) == set(Product) and set(_SALE_TEXTS) == set(PolicySale)


def product_text(product: Product) -> str:
    return translate("Insurance", _PRODUCT_TEXTS[product])


def sale_text(sale: PolicySale) -> str:
    return translate("Insurance", _SALE_TEXTS[sale])


def payment_text(payment: PaymentMethod) -> str:
    return translate("Insurance", _PAYMENT_TEXTS[payment])


def employees_text(employees: int | None) -> str:
    """'12 employees' (a WIBA payroll row's head count); '' where a sale recorded none."""
    if employees is None:
        return ""
    if employees == 1:
        return translate("Insurance", "1 employee")
    return translate("Insurance", "{count} employees").format(count=f"{employees:,}")


class PolicySalesTableModel(RecordTableModel):
    """The customer's premiums on this device, newest first, with head office's answer so far. A
    policy number is read off the screen to the customer: its column is sized to it, and where the
    view is too narrow it loses characters in the middle, never its check character, and its tooltip
    holds all of it."""

    DATE, REFERENCE, POLICY, PRODUCT, SALE, PAID, AMOUNT, STATUS = range(8)
    _HEADERS = (
        QT_TRANSLATE_NOOP("PolicySalesTableModel", "Date"),
        QT_TRANSLATE_NOOP("PolicySalesTableModel", "Reference"),
        QT_TRANSLATE_NOOP("PolicySalesTableModel", "Policy"),
        QT_TRANSLATE_NOOP("PolicySalesTableModel", "Cover"),
        QT_TRANSLATE_NOOP("PolicySalesTableModel", "Sale"),
        QT_TRANSLATE_NOOP("PolicySalesTableModel", "Paid"),
        QT_TRANSLATE_NOOP("PolicySalesTableModel", "Amount"),
        QT_TRANSLATE_NOOP("PolicySalesTableModel", "Head office"),
    )
    _RIGHT_ALIGNED = frozenset({AMOUNT})

    def cell(self, row: PolicyEntry, column: int) -> str:
        return {
            self.DATE: row.business_date.strftime(DATE_FORMAT),
            self.REFERENCE: row.reference,
            self.POLICY: row.policy_number,
            self.PRODUCT: product_text(row.purchase.product),
            self.SALE: sale_text(row.purchase.sale),
            self.PAID: payment_text(row.payment),
            self.AMOUNT: row.amount.format(currency=False),
            self.STATUS: status_text(row.status),
        }[column]

    def tool_tip(self, row: PolicyEntry, column: int) -> str | None:
        return row.policy_number if column == self.POLICY else None
