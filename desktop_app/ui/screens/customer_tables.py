"""The Customers screen's tables, as QAbstractTableModels testable without a window: search
results, and a profile's tier limits, accounts and recent entries, with the words each cell shows
(head office's answers as pending / confirmed / refused; national IDs only ever masked)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.services.customers import AccountView, ChannelLimits, CustomerSummary, RecentEntry
from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.widgets.record_table import RecordTableModel
from shared_core.channels import Channel

translate = QCoreApplication.translate

# What head office's answer means at the counter: pending, confirmed or refused.
_STATUS_TEXTS = {
    "pending": QT_TRANSLATE_NOOP("EntryStatus", "pending"),
    "awaiting_approval": QT_TRANSLATE_NOOP("EntryStatus", "pending (awaiting a checker)"),
    "booked": QT_TRANSLATE_NOOP("EntryStatus", "confirmed"),
    "booked_with_exception": QT_TRANSLATE_NOOP("EntryStatus", "confirmed (exception raised)"),
    "duplicate": QT_TRANSLATE_NOOP("EntryStatus", "confirmed"),
    "rejected": QT_TRANSLATE_NOOP("EntryStatus", "refused"),
    "exists_with_different_content": QT_TRANSLATE_NOOP("EntryStatus", "refused"),
}
_KIND_TEXTS = {
    "till_open": QT_TRANSLATE_NOOP("Operations", "Till open"),
    "till_close": QT_TRANSLATE_NOOP("Operations", "Till close"),
    "vault_to_till": QT_TRANSLATE_NOOP("Operations", "Vault to till"),
    "till_to_vault": QT_TRANSLATE_NOOP("Operations", "Till to vault"),
    "till_over": QT_TRANSLATE_NOOP("Operations", "Till over"),
    "till_short": QT_TRANSLATE_NOOP("Operations", "Till short"),
    "cash_deposit": QT_TRANSLATE_NOOP("Operations", "Cash deposit"),
    "cash_withdrawal": QT_TRANSLATE_NOOP("Operations", "Cash withdrawal"),
    "transfer": QT_TRANSLATE_NOOP("Operations", "Transfer"),
    "loan_disbursement": QT_TRANSLATE_NOOP("Operations", "Loan disbursement"),
    "loan_repayment_cash": QT_TRANSLATE_NOOP("Operations", "Loan repayment (cash)"),
    "loan_repayment_wallet": QT_TRANSLATE_NOOP("Operations", "Loan repayment (wallet)"),
    "premium_cash": QT_TRANSLATE_NOOP("Operations", "Premium (cash)"),
    "premium_wallet": QT_TRANSLATE_NOOP("Operations", "Premium (wallet)"),
    "reversal": QT_TRANSLATE_NOOP("Operations", "Reversal"),
    "customer_registration": QT_TRANSLATE_NOOP("Operations", "Registration"),
    "kyc_upgrade": QT_TRANSLATE_NOOP("Operations", "KYC upgrade"),
}
_CHANNEL_TEXTS = {
    Channel.BRANCH: QT_TRANSLATE_NOOP("Channels", "At a branch"),
    Channel.AGENT: QT_TRANSLATE_NOOP("Channels", "At an agent"),
    Channel.HEAD_OFFICE: QT_TRANSLATE_NOOP("Channels", "Head office"),
}


def status_text(status: str) -> str:
    return translate("EntryStatus", _STATUS_TEXTS.get(status, status))


def is_pending(status: str) -> bool:
    return status in ("pending", "awaiting_approval")


def kind_text(kind: str) -> str:
    return translate("Operations", _KIND_TEXTS[kind]) if kind in _KIND_TEXTS else kind.replace("_", " ")


def phone_text(phone: str) -> str:
    """'254712345678' -> '0712 345 678', as tellers write Kenyan mobile numbers; others as stored."""
    if len(phone) == 12 and phone.startswith("254"):
        local = "0" + phone[3:]
        return f"{local[:4]} {local[4:7]} {local[7:]}"
    return phone


def cif_text(summary: CustomerSummary) -> str:
    if summary.provisional:
        return translate("Customers", "{cif} (provisional)").format(cif=summary.cif)
    return summary.cif


class CustomerSearchTableModel(RecordTableModel):
    NAME, CIF, NATIONAL_ID, PHONE, TIER = range(5)
    _HEADERS = (
        QT_TRANSLATE_NOOP("CustomerSearchTableModel", "Name"),
        QT_TRANSLATE_NOOP("CustomerSearchTableModel", "CIF"),
        QT_TRANSLATE_NOOP("CustomerSearchTableModel", "National ID"),
        QT_TRANSLATE_NOOP("CustomerSearchTableModel", "Phone"),
        QT_TRANSLATE_NOOP("CustomerSearchTableModel", "KYC tier"),
    )

    def cell(self, row: CustomerSummary, column: int) -> str:
        return {
            self.NAME: row.full_name,
            self.CIF: cif_text(row),
            self.NATIONAL_ID: row.masked_national_id,  # never more than the last three digits
            self.PHONE: phone_text(row.phone),
            self.TIER: str(row.kyc_tier),
        }[column]


class AccountsTableModel(RecordTableModel):
    ACCOUNT, LABEL, AVAILABLE = range(3)
    _HEADERS = (
        QT_TRANSLATE_NOOP("AccountsTableModel", "Account"),
        QT_TRANSLATE_NOOP("AccountsTableModel", "Kind"),
        QT_TRANSLATE_NOOP("AccountsTableModel", "Available"),
    )
    _RIGHT_ALIGNED = frozenset({AVAILABLE})

    def cell(self, row: AccountView, column: int) -> str:
        return {self.ACCOUNT: row.account, self.LABEL: row.label, self.AVAILABLE: str(row.available)}[column]


class RecentEntriesTableModel(RecordTableModel):
    WHEN, REFERENCE, KIND, AMOUNT, STATUS = range(5)
    _HEADERS = (
        QT_TRANSLATE_NOOP("RecentEntriesTableModel", "When"),
        QT_TRANSLATE_NOOP("RecentEntriesTableModel", "Reference"),
        QT_TRANSLATE_NOOP("RecentEntriesTableModel", "Operation"),
        QT_TRANSLATE_NOOP("RecentEntriesTableModel", "Amount"),
        QT_TRANSLATE_NOOP("RecentEntriesTableModel", "Status"),
    )
    _RIGHT_ALIGNED = frozenset({AMOUNT})

    def __init__(self, utc_offset_minutes: int) -> None:
        super().__init__()
        self._utc_offset_minutes = utc_offset_minutes

    def cell(self, row: RecentEntry, column: int) -> str:
        return {
            self.WHEN: local_time_text(row.recorded_at, self._utc_offset_minutes),
            self.REFERENCE: row.reference,
            self.KIND: kind_text(row.kind),
            self.AMOUNT: row.amount.format(currency=False) if row.amount else "",
            self.STATUS: status_text(row.status),
        }[column]


class TierLimitsTableModel(RecordTableModel):
    CHANNEL, PER_TRANSACTION, PER_DAY, BALANCE_CAP = range(4)
    _HEADERS = (
        QT_TRANSLATE_NOOP("TierLimitsTableModel", "Where"),
        QT_TRANSLATE_NOOP("TierLimitsTableModel", "Per transaction"),
        QT_TRANSLATE_NOOP("TierLimitsTableModel", "Per day"),
        QT_TRANSLATE_NOOP("TierLimitsTableModel", "Balance cap"),
    )
    _RIGHT_ALIGNED = frozenset({PER_TRANSACTION, PER_DAY, BALANCE_CAP})

    def cell(self, row: ChannelLimits, column: int) -> str:
        return {
            self.CHANNEL: translate("Channels", _CHANNEL_TEXTS[row.channel]),
            self.PER_TRANSACTION: str(row.per_transaction),
            self.PER_DAY: str(row.per_day),
            self.BALANCE_CAP: str(row.balance_cap) if row.balance_cap is not None else self.tr("no cap"),
        }[column]
