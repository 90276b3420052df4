"""The tables of the Reconciliation screen: a business day's issues, devices, tills and tellers,
refused entries, exceptions, forks and totals, as head office reported them, each cell in words
and the ones that need head office's eye flagged in colour. Testable without a window."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.head_office_texts import channel_text, device_status_text, skew_text
from desktop_app.ui.screens.customer_tables import kind_text
from desktop_app.ui.widgets.flagged_table import Flag, FlaggedTableModel
from shared_core.money import Money
from shared_core.reconciliation_report import (
    DeviceDay,
    ExceptionLine,
    ForkLine,
    Issue,
    IssueKind,
    KindTotal,
    LocationDay,
    RefusedEntry,
    SkewSource,
    TellerTotal,
    TillLine,
    TillStatus,
)

translate = QCoreApplication.translate

# Keyed by this release's codes; a code a newer server knows and this release does not is shown as
# written (shared_core.reconciliation_report keeps it as text).
_ISSUE_TEXTS = {
    IssueKind.GAP: QT_TRANSLATE_NOOP("Reconciliation", "Gap"),
    IssueKind.FORK: QT_TRANSLATE_NOOP("Reconciliation", "Fork"),
    IssueKind.OPEN_EXCEPTION: QT_TRANSLATE_NOOP("Reconciliation", "Open exception"),
    IssueKind.TILL_NOT_CLOSED: QT_TRANSLATE_NOOP("Reconciliation", "Till not closed"),
    IssueKind.TILL_DISAGREES: QT_TRANSLATE_NOOP("Reconciliation", "Till disagrees"),
}
_TILL_TEXTS = {
    TillStatus.BALANCED: QT_TRANSLATE_NOOP("Reconciliation", "Balanced"),
    TillStatus.OVER: QT_TRANSLATE_NOOP("Reconciliation", "Over"),
    TillStatus.SHORT: QT_TRANSLATE_NOOP("Reconciliation", "Short"),
    TillStatus.NOT_CLOSED: QT_TRANSLATE_NOOP("Reconciliation", "Not closed"),
    TillStatus.DISAGREES: QT_TRANSLATE_NOOP("Reconciliation", "Disagrees"),
}
_TILL_FLAGS = {TillStatus.BALANCED: Flag.GOOD, TillStatus.OVER: Flag.CAUTION, TillStatus.SHORT: Flag.ALARM,
               TillStatus.NOT_CLOSED: Flag.ALARM, TillStatus.DISAGREES: Flag.ALARM}  # fmt: skip
_EXCEPTION_TEXTS = {
    "open": QT_TRANSLATE_NOOP("Reconciliation", "Open"),
    "resolved": QT_TRANSLATE_NOOP("Reconciliation", "Resolved"),
}


def issue_text(kind: IssueKind | str) -> str:
    return translate("Reconciliation", _ISSUE_TEXTS[kind]) if kind in _ISSUE_TEXTS else kind.replace("_", " ")


def till_status_text(status: TillStatus | str) -> str:
    return (
        translate("Reconciliation", _TILL_TEXTS[status])
        if status in _TILL_TEXTS
        else status.replace("_", " ")
    )


def exception_status_text(status: str) -> str:
    return translate("Reconciliation", _EXCEPTION_TEXTS[status]) if status in _EXCEPTION_TEXTS else status


def signed(amount: Money | None) -> str:
    """Over and short with their sign: '+100.00', '-100.00'; '—' when there is none."""
    if amount is None:
        return "—"
    return ("+" if amount.is_positive else "") + amount.format(currency=False)


class IssueTableModel(FlaggedTableModel):
    KIND, LOCATION, DEVICE, SUBJECT, MESSAGE = range(5)
    _HEADERS = (
        QT_TRANSLATE_NOOP("IssueTableModel", "Issue"),
        QT_TRANSLATE_NOOP("IssueTableModel", "Location"),
        QT_TRANSLATE_NOOP("IssueTableModel", "Device"),
        QT_TRANSLATE_NOOP("IssueTableModel", "Look up"),
        QT_TRANSLATE_NOOP("IssueTableModel", "What is wrong"),
    )

    def cell(self, record: Issue, column: int) -> str:
        return {
            self.KIND: issue_text(record.kind),
            self.LOCATION: record.location_code,
            self.DEVICE: record.device_code,
            self.SUBJECT: record.subject,
            self.MESSAGE: record.message,
        }[column]

    def tool_tip(self, record: Issue, column: int) -> str | None:
        return record.message if column == self.MESSAGE else None

    def flag(self, record: Issue, column: int) -> Flag | None:
        return Flag.ALARM if column == self.KIND else None


class DeviceDayTableModel(FlaggedTableModel):
    """Per device: what arrived that day and what head office decided; gaps and skew flagged."""

    (DEVICE, LOCATION, STATUS, BATCHES, ENTRIES, BOOKED, EXCEPTIONS, REFUSED, WAITING, SEQUENCES, LAST_SYNC,
     SKEW, GAP) = range(13)  # fmt: skip
    _HEADERS = (
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Device"),
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Location"),
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Status"),
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Batches"),
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Entries"),
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Booked"),
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Exceptions"),
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Refused"),
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Waiting"),
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Sequences"),
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Last sync"),
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Clock"),
        QT_TRANSLATE_NOOP("DeviceDayTableModel", "Gap"),
    )
    _RIGHT_ALIGNED = frozenset({BATCHES, ENTRIES, BOOKED, EXCEPTIONS, REFUSED, WAITING})

    def __init__(self, utc_offset_minutes: int) -> None:
        super().__init__()
        self._offset = utc_offset_minutes

    def gap_text(self, device: DeviceDay) -> str:
        gap = device.gap
        if gap is None:
            return "—"
        since = local_time_text(gap.since, self._offset)
        if gap.never_synced:
            return translate("DeviceDayTableModel", "never synced (enrolled {time})").format(time=since)
        return translate("DeviceDayTableModel", "silent since {time}").format(time=since)

    def cell(self, record: tuple[LocationDay, DeviceDay], column: int) -> str:
        location, device = record
        sequences = (
            f"{device.first_sequence_of_day}–{device.last_sequence_of_day}"
            if device.first_sequence_of_day is not None
            else "—"
        )
        return {
            self.DEVICE: device.device_code,
            self.LOCATION: location.code,
            self.STATUS: device_status_text(device.status),
            self.BATCHES: str(device.batches_received),
            self.ENTRIES: str(device.entries),
            self.BOOKED: str(device.booked),
            self.EXCEPTIONS: str(device.booked_with_exception),
            self.REFUSED: str(device.rejected),
            self.WAITING: str(device.awaiting_approval),
            self.SEQUENCES: sequences,
            self.LAST_SYNC: local_time_text(device.last_batch_at, self._offset),
            self.GAP: self.gap_text(device),
            self.SKEW: self.skew_text(device),
        }[column]

    def tool_tip(self, record: tuple[LocationDay, DeviceDay], column: int) -> str | None:
        location, device = record
        if column == self.LOCATION:
            return location.name
        if column == self.DEVICE:
            return channel_text(device.channel)
        if column == self.EXCEPTIONS:
            return translate("DeviceDayTableModel", "Booked, with an exception raised")
        if column == self.WAITING:
            return translate("DeviceDayTableModel", "Awaiting a checker's approval at head office")
        if column == self.SKEW:
            notes = []
            if device.clock_skew_source == SkewSource.ESTIMATED:
                notes.append(translate(
                    "DeviceDayTableModel",
                    "~ Estimated from its batches: it sent no signed request that day. Its clock is at least "
                    "this far ahead, or at most this far behind.",
                ))
            if device.clock_skew_flagged:
                notes.append(
                    translate("DeviceDayTableModel", "This device's clock is out of step with head office's")
                )
            return "\n".join(notes) or None
        return None

    @staticmethod
    def skew_text(device: DeviceDay) -> str:
        """The skew as measured; '~' before an estimate, as the server's PDF marks it."""
        text = skew_text(device.clock_skew_s)
        return f"~{text}" if device.clock_skew_source == SkewSource.ESTIMATED else text

    def flag(self, record: tuple[LocationDay, DeviceDay], column: int) -> Flag | None:
        _, device = record
        if column == self.GAP and device.gap is not None:
            return Flag.ALARM
        if column == self.SKEW and device.clock_skew_flagged:
            return Flag.ALARM
        if column == self.REFUSED and device.rejected:
            return Flag.CAUTION
        if column == self.EXCEPTIONS and device.booked_with_exception:
            return Flag.CAUTION
        if column == self.STATUS and device.status != "active":
            return Flag.ALARM if device.status == "frozen" else Flag.MUTED
        return None


class TillTableModel(FlaggedTableModel):
    LOCATION, DEVICE, TELLER, OPENING, EXPECTED, DECLARED, DIFFERENCE, STATUS = range(8)
    _HEADERS = (
        QT_TRANSLATE_NOOP("TillTableModel", "Location"),
        QT_TRANSLATE_NOOP("TillTableModel", "Device"),
        QT_TRANSLATE_NOOP("TillTableModel", "Teller"),
        QT_TRANSLATE_NOOP("TillTableModel", "Opening float"),
        QT_TRANSLATE_NOOP("TillTableModel", "Journal says"),
        QT_TRANSLATE_NOOP("TillTableModel", "Counted"),
        QT_TRANSLATE_NOOP("TillTableModel", "Over / short"),
        QT_TRANSLATE_NOOP("TillTableModel", "Status"),
    )
    _RIGHT_ALIGNED = frozenset({OPENING, EXPECTED, DECLARED, DIFFERENCE})

    def cell(self, record: tuple[LocationDay, TillLine], column: int) -> str:
        location, till = record
        return {
            self.LOCATION: location.code,
            self.DEVICE: till.device_code,
            self.TELLER: f"{till.teller_name} ({till.teller})",
            self.OPENING: till.opening_float.format(currency=False)
            if till.opening_float is not None
            else "—",
            self.EXPECTED: till.expected.format(currency=False),
            self.DECLARED: till.declared.format(currency=False) if till.declared is not None else "—",
            self.DIFFERENCE: signed(till.difference),
            self.STATUS: till_status_text(till.status),
        }[column]

    def flag(self, record: tuple[LocationDay, TillLine], column: int) -> Flag | None:
        _, till = record
        return _TILL_FLAGS.get(till.status) if column in (self.DIFFERENCE, self.STATUS) else None


class TellerTableModel(FlaggedTableModel):
    LOCATION, TELLER, TILLS, OVER, SHORT = range(5)
    _HEADERS = (
        QT_TRANSLATE_NOOP("TellerTableModel", "Location"),
        QT_TRANSLATE_NOOP("TellerTableModel", "Teller"),
        QT_TRANSLATE_NOOP("TellerTableModel", "Tills"),
        QT_TRANSLATE_NOOP("TellerTableModel", "Over"),
        QT_TRANSLATE_NOOP("TellerTableModel", "Short"),
    )
    _RIGHT_ALIGNED = frozenset({TILLS, OVER, SHORT})

    def cell(self, record: tuple[LocationDay, TellerTotal], column: int) -> str:
        location, teller = record
        return {
            self.LOCATION: location.code,
            self.TELLER: f"{teller.name} ({teller.user_id})",
            self.TILLS: str(teller.tills),
            self.OVER: teller.over.format(currency=False),
            self.SHORT: teller.short.format(currency=False),
        }[column]

    def flag(self, record: tuple[LocationDay, TellerTotal], column: int) -> Flag | None:
        _, teller = record
        if column == self.SHORT and teller.short:
            return Flag.ALARM
        if column == self.OVER and teller.over:
            return Flag.CAUTION
        return None


class ReconciliationRefusedTableModel(FlaggedTableModel):
    DEVICE, SEQUENCE, REFERENCE, KIND, AMOUNT, CODE, MESSAGE = range(7)
    _HEADERS = (
        QT_TRANSLATE_NOOP("ReconciliationRefusedTableModel", "Device"),
        QT_TRANSLATE_NOOP("ReconciliationRefusedTableModel", "Entry"),
        QT_TRANSLATE_NOOP("ReconciliationRefusedTableModel", "Reference"),
        QT_TRANSLATE_NOOP("ReconciliationRefusedTableModel", "Operation"),
        QT_TRANSLATE_NOOP("ReconciliationRefusedTableModel", "Amount"),
        QT_TRANSLATE_NOOP("ReconciliationRefusedTableModel", "Code"),
        QT_TRANSLATE_NOOP("ReconciliationRefusedTableModel", "Why"),
    )
    _RIGHT_ALIGNED = frozenset({SEQUENCE, AMOUNT})

    def cell(self, record: RefusedEntry, column: int) -> str:
        return {
            self.DEVICE: record.device_code,
            self.SEQUENCE: str(record.sequence),
            self.REFERENCE: record.reference,
            self.KIND: kind_text(record.kind),
            self.AMOUNT: record.amount.format(currency=False),
            self.CODE: record.code or "",
            self.MESSAGE: record.message,
        }[column]


class ExceptionTableModel(FlaggedTableModel):
    LABEL, CODE, STATUS, DEVICE, REFERENCE, ACCOUNT, AMOUNT, NOTE = range(8)
    _HEADERS = (
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Exception"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Code"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Status"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Device"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Reference"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Account"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Amount"),
        QT_TRANSLATE_NOOP("ExceptionTableModel", "Note"),
    )
    _RIGHT_ALIGNED = frozenset({AMOUNT})

    def cell(self, record: ExceptionLine, column: int) -> str:
        return {
            self.LABEL: record.label,
            self.CODE: record.code,
            self.STATUS: exception_status_text(record.status),
            self.DEVICE: record.device_code,
            self.REFERENCE: record.reference,
            self.ACCOUNT: record.account or "—",
            self.AMOUNT: record.amount.format(currency=False),
            self.NOTE: record.note or "",
        }[column]

    def flag(self, record: ExceptionLine, column: int) -> Flag | None:
        if column != self.STATUS:
            return None
        return Flag.GOOD if record.status == "resolved" else Flag.ALARM


class ForkTableModel(FlaggedTableModel):
    DEVICE, ENTRIES, DETECTED, FROZEN = range(4)
    _HEADERS = (
        QT_TRANSLATE_NOOP("ForkTableModel", "Device"),
        QT_TRANSLATE_NOOP("ForkTableModel", "Entries of the other batch"),
        QT_TRANSLATE_NOOP("ForkTableModel", "Detected"),
        QT_TRANSLATE_NOOP("ForkTableModel", "Device frozen"),
    )

    def __init__(self, utc_offset_minutes: int) -> None:
        super().__init__()
        self._offset = utc_offset_minutes

    def cell(self, record: ForkLine, column: int) -> str:
        return {
            self.DEVICE: record.device_code,
            self.ENTRIES: f"{record.first_sequence}–{record.last_sequence}",
            self.DETECTED: local_time_text(record.detected_at, self._offset),
            self.FROZEN: translate("ForkTableModel", "Yes")
            if record.device_frozen
            else translate("ForkTableModel", "No"),
        }[column]

    def flag(self, record: ForkLine, column: int) -> Flag | None:
        return Flag.ALARM if column == self.FROZEN and record.device_frozen else None


class TotalsTableModel(FlaggedTableModel):
    KIND, COUNT, AMOUNT = range(3)
    _HEADERS = (
        QT_TRANSLATE_NOOP("TotalsTableModel", "Operation"),
        QT_TRANSLATE_NOOP("TotalsTableModel", "Entries booked"),
        QT_TRANSLATE_NOOP("TotalsTableModel", "Amount"),
    )
    _RIGHT_ALIGNED = frozenset({COUNT, AMOUNT})

    def cell(self, record: KindTotal, column: int) -> str:
        return {
            self.KIND: kind_text(record.kind),
            self.COUNT: str(record.count),
            self.AMOUNT: record.amount.format(currency=False),
        }[column]
