"""The Exceptions screen's words and table: what each exception code, step and correction is called,
and the list of exceptions (status, code, device, customer, amount, who works it). A code a newer
server sends and this app does not know is shown as written."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.widgets.flagged_table import Flag, FlaggedTableModel
from shared_core.exception_cases import CorrectingEntry, ExceptionSummary
from shared_core.exception_resolution import Correction, ExceptionStatus
from shared_core.exception_steps import EventAction, ExceptionEvent

translate = QCoreApplication.translate
_CONTEXT = "ExceptionTexts"

_CODE_TEXTS = {
    "offline_overdraft": QT_TRANSLATE_NOOP("ExceptionTexts", "Offline overdraft"),
    "limit_breach_on_fact": QT_TRANSLATE_NOOP("ExceptionTexts", "Limit broken by cash paid"),
    "policy_drift": QT_TRANSLATE_NOOP("ExceptionTexts", "Judged under another limit table"),
    "unknown_account": QT_TRANSLATE_NOOP("ExceptionTexts", "Account head office does not hold"),
    "unreadable_fact": QT_TRANSLATE_NOOP("ExceptionTexts", "Cash entry head office cannot read"),
    "loan_overpaid": QT_TRANSLATE_NOOP("ExceptionTexts", "Loan overpaid"),
    "premium_mismatch": QT_TRANSLATE_NOOP("ExceptionTexts", "Premium not as priced"),
    "premium_unmatched": QT_TRANSLATE_NOOP("ExceptionTexts", "Premium for no known policy"),
}
_STATUS_TEXTS = {
    ExceptionStatus.OPEN: QT_TRANSLATE_NOOP("ExceptionTexts", "Open"),
    ExceptionStatus.RESOLVED: QT_TRANSLATE_NOOP("ExceptionTexts", "Resolved"),
}
_CORRECTION_TEXTS = {
    "write_off": QT_TRANSLATE_NOOP("ExceptionTexts", "Write off (the bank bears the loss)"),
    "recover_from_customer": QT_TRANSLATE_NOOP("ExceptionTexts", "Recover from the customer (no entry)"),
    "refund_to_wallet": QT_TRANSLATE_NOOP("ExceptionTexts", "Refund to the customer's wallet"),
    "explained": QT_TRANSLATE_NOOP("ExceptionTexts", "Explained (no entry)"),
}
_EVENT_TEXTS = {
    EventAction.ASSIGNED: QT_TRANSLATE_NOOP("ExceptionTexts", "assigned it to {assignee}"),
    EventAction.COMMENTED: QT_TRANSLATE_NOOP("ExceptionTexts", "commented"),
    EventAction.RESOLUTION_PROPOSED: QT_TRANSLATE_NOOP("ExceptionTexts", "proposed: {correction}"),
    EventAction.RESOLUTION_APPROVED: QT_TRANSLATE_NOOP("ExceptionTexts", "approved: {correction}"),
    EventAction.RESOLUTION_REJECTED: QT_TRANSLATE_NOOP("ExceptionTexts", "rejected the proposal"),
}


def code_text(code: str) -> str:
    return translate(_CONTEXT, _CODE_TEXTS[code]) if code in _CODE_TEXTS else code


def status_text(summary: ExceptionSummary) -> str:
    words = translate(_CONTEXT, _STATUS_TEXTS[summary.status])
    if summary.proposal_pending:
        return translate("ExceptionTexts", "{status}, proposal waiting").format(status=words)
    return words


def correction_kind_text(kind: str) -> str:
    return translate(_CONTEXT, _CORRECTION_TEXTS[kind]) if kind in _CORRECTION_TEXTS else kind


def correction_text(correction: Correction) -> str:
    """'Write off (the bank bears the loss) KES 6,000.00'; one that books nothing, without an amount."""
    words = correction_kind_text(correction.kind.value)
    return f"{words} {correction.amount}" if correction.kind.books_entry else words


def event_text(event: ExceptionEvent, utc_offset_minutes: int) -> str:
    """One line of an exception's history: '24 Nov 12:00 · njeri assigned it to otieno — note'."""
    correction = "" if event.correction is None else correction_text(event.correction)
    what = translate(_CONTEXT, _EVENT_TEXTS[event.action]).format(
        assignee=event.assignee or "", correction=correction
    )
    line = f"{local_time_text(event.at, utc_offset_minutes)} · {event.user_id} {what}"
    return f"{line} — {event.note}" if event.note else line


def correcting_entry_text(entry: CorrectingEntry) -> str:
    postings = "; ".join(
        translate("ExceptionTexts", "{account} debited {amount}").format(account=p.account, amount=p.amount)
        if p.is_debit
        else translate("ExceptionTexts", "{account} credited {amount}").format(account=p.account, amount=-p.amount)
        for p in entry.postings
    )
    return translate(
        "ExceptionTexts", "Booked by head office as {reference} on {date} (made by {maker}, approved by {checker}): {postings}"
    ).format(
        reference=entry.reference, date=entry.business_date, maker=entry.maker, checker=entry.checker,
        postings=postings,
    )


class ExceptionTableModel(FlaggedTableModel):
    LABEL, STATUS, CODE, DEVICE, CUSTOMER, AMOUNT, ASSIGNED = range(7)
    _HEADERS = (
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Exception"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Status"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "What"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Device"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Customer"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Amount"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Assigned to"),
    )
    _RIGHT_ALIGNED = frozenset({AMOUNT})

    def summary_at(self, row: int) -> ExceptionSummary | None:
        return self.row(row) if 0 <= row < self.rowCount() else None

    def update_summary(self, summary: ExceptionSummary) -> None:
        """The exception's row as head office last answered, in place (the selection stays)."""
        for number, record in enumerate(self.rows):
            if record.exception_id == summary.exception_id:
                self._rows[number] = summary
                self.dataChanged.emit(self.index(number, 0), self.index(number, self.columnCount() - 1))

    def cell(self, record: ExceptionSummary, column: int) -> str:
        entry = record.entry
        return {
            self.LABEL: record.label,
            self.STATUS: status_text(record),
            self.CODE: code_text(record.code),
            self.DEVICE: f"{entry.device_code} · {record.location_code}",
            self.CUSTOMER: entry.customer_name or entry.customer_cif or "—",
            self.AMOUNT: record.amount.format(currency=False),
            self.ASSIGNED: record.assigned_to or "—",
        }[column]

    def tool_tip(self, record: ExceptionSummary, column: int) -> str | None:
        if column == self.CODE and record.note:
            return record.note
        if column == self.DEVICE:
            return record.entry.reference
        return None

    def flag(self, record: ExceptionSummary, column: int) -> Flag | None:
        if record.status is ExceptionStatus.RESOLVED:
            return Flag.GOOD if column == self.STATUS else None
        if column == self.STATUS:
            return Flag.CAUTION if record.proposal_pending else Flag.ALARM
        return None
