"""The A4 end-of-day till report: what the till should hold, what was counted, and what is unsynced.

Signed by the teller and the supervisor at close. Entries not yet synced to head office are
listed under their own heading, whatever their number: a till closed with unsynced entries must
show them (and needs a supervisor; the report says so when none is recorded). The cash count must
add up, and over/short must be counted minus expected, or the report refuses to render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop_app.receipts.a4 import build_a4, content_width, escape_markup, paragraph_style, table_style
from desktop_app.receipts.fonts import bold_font, register_fonts, regular_font
from shared_core.denominations import DENOMINATIONS
from shared_core.errors import ensure
from shared_core.money import Money

# KES notes then coins, in cents, in the order a cash count sheet lists them (shared_core's list).
denominations_cents = tuple(denomination.value.cents for denomination in DENOMINATIONS)
_LABELS = {denomination.value.cents: denomination.label for denomination in DENOMINATIONS}
denomination_count_max = 1_000_000  # pieces of one denomination in one till
report_rows_max = 10_000  # operations or unsynced entries listed
text_length_max = 200
_TABLE_WIDTHS = (110 * mm, 25 * mm, 45 * mm)  # label, count, amount: the full 180 mm of A4 content


class OperationTotal(NamedTuple):
    label: str
    count: int
    amount: Money


class DenominationCount(NamedTuple):
    denomination_cents: int
    count: int


class UnsyncedEntry(NamedTuple):
    reference: str
    operation_label: str
    amount: Money
    recorded_at_text: str


@dataclass(frozen=True, slots=True)
class TillReportData:
    """A till's day. Plain tuples are accepted for the rows and kept as the named tuples above."""

    bank_name: str
    branch_name: str
    till_label: str
    teller_name: str
    business_date: date
    opened_at_text: str
    closed_at_text: str | None  # None while the till is still open
    opening_float: Money
    operation_totals: tuple[OperationTotal, ...]
    expected_cash: Money
    counted: tuple[DenominationCount, ...]
    counted_total: Money
    over_short: Money  # positive over, negative short
    supervisor_name: str | None
    unsynced_entries: tuple[UnsyncedEntry, ...]

    def __post_init__(self) -> None:
        for name in ("bank_name", "branch_name", "till_label", "teller_name", "opened_at_text"):
            _require_text(getattr(self, name), name)
        for name in ("closed_at_text", "supervisor_name"):
            if getattr(self, name) is not None:
                _require_text(getattr(self, name), name)
        if not isinstance(self.business_date, date):
            raise TypeError("TillReportData.business_date must be a date")
        for name in ("opening_float", "expected_cash", "counted_total", "over_short"):
            if not isinstance(getattr(self, name), Money):
                raise TypeError(f"TillReportData.{name} must be Money")
        for name, row_type in (
            ("operation_totals", OperationTotal),
            ("counted", DenominationCount),
            ("unsynced_entries", UnsyncedEntry),
        ):
            object.__setattr__(self, name, _rows(getattr(self, name), row_type, name))
        for total in self.operation_totals:
            _require_text(total.label, "operation_totals label")
            if type(total.count) is not int or not isinstance(total.amount, Money):
                raise TypeError(f"operation total {total.label!r} needs an int count and a Money amount")
        for entry in self.unsynced_entries:
            for name in ("reference", "operation_label", "recorded_at_text"):
                _require_text(getattr(entry, name), f"unsynced entry {name}")
            if not isinstance(entry.amount, Money):
                raise TypeError(f"unsynced entry {entry.reference} needs a Money amount")
        for row in self.counted:
            if type(row.denomination_cents) is not int or type(row.count) is not int:
                raise TypeError("a counted row is (denomination_cents: int, count: int)")


def check_cash_count(data: TillReportData) -> None:
    """The count adds up and over/short is counted minus expected; InvariantBroken otherwise."""
    seen: set[int] = set()
    total_cents = 0
    for row in data.counted:
        ensure(
            row.denomination_cents in denominations_cents,
            f"{row.denomination_cents} cents is not a KES note or coin the till counts",
        )
        ensure(
            row.denomination_cents not in seen,
            f"the {_denomination_name(row.denomination_cents)} is counted twice",
        )
        ensure(
            0 <= row.count <= denomination_count_max,
            f"{row.count} pieces of {_denomination_name(row.denomination_cents)} is not a count",
        )
        seen.add(row.denomination_cents)
        total_cents += row.denomination_cents * row.count
    ensure(
        Money(total_cents) == data.counted_total,
        f"the notes and coins add up to {Money(total_cents).format()}, "
        f"not the counted total {data.counted_total.format()}",
    )
    ensure(
        data.counted_total - data.expected_cash == data.over_short,
        f"counted {data.counted_total.format()} - expected {data.expected_cash.format()} "
        f"is not the over/short {data.over_short.format()}",
    )


def render_till_report(data: TillReportData) -> bytes:
    """The end-of-day till report as an A4 PDF; refuses (InvariantBroken) a count that does not add up."""
    if not isinstance(data, TillReportData):
        raise TypeError(f"render_till_report needs TillReportData, got {type(data).__name__}")
    check_cash_count(data)
    register_fonts()  # before the first Paragraph, which looks its font family up
    heading = paragraph_style("till-heading", size=11, bold=True)
    warning = paragraph_style("till-warning", size=9.5, bold=True)
    story: list[Flowable] = [
        _details_table(data),
        Spacer(1, 5 * mm),
        Paragraph("Cash movements", heading),
        Spacer(1, 2 * mm),
        _movements_table(data),
        Spacer(1, 5 * mm),
        KeepTogether([Paragraph("Cash count", heading), Spacer(1, 2 * mm), _count_table(data)]),
        Spacer(1, 4 * mm),
        _result_table(data),
        Spacer(1, 3 * mm),
    ]
    for text in _approval_warnings(data):
        story += [Paragraph(escape_markup(text), warning), Spacer(1, 2 * mm)]
    story += [Spacer(1, 3 * mm), *_unsynced_section(data, heading), Spacer(1, 10 * mm), _signature_block()]
    return build_a4(
        story,
        title=f"Till report {data.till_label} {data.business_date.isoformat()}",
        author=data.bank_name,
        header_left=(data.bank_name, "End-of-day till report", f"{data.branch_name}, {data.till_label}"),
        header_right=(f"Business date {data.business_date.isoformat()}", f"Teller: {data.teller_name}"),
        footer_text=f"{data.branch_name}, {data.till_label}, business date {data.business_date.isoformat()}.",
    )


def over_short_text(over_short: Money) -> str:
    """'OVER KES 200.00', 'SHORT KES 150.00' or 'BALANCED': the word first, so no sign is missed."""
    if over_short.is_positive:
        return f"OVER {over_short.format()}"
    if over_short.is_negative:
        return f"SHORT {abs(over_short).format()}"
    return "BALANCED"


def _approval_warnings(data: TillReportData) -> list[str]:
    warnings: list[str] = []
    if data.supervisor_name is None:
        if data.over_short:
            warnings.append("The till is over or short: a supervisor must approve it. None is recorded.")
        if data.closed_at_text is not None and data.unsynced_entries:
            warnings.append(
                "The till was closed with entries not yet synced: a supervisor must approve it. "
                "None is recorded."
            )
    return warnings


def _details_table(data: TillReportData) -> Table:
    rows = [
        ["Branch", data.branch_name, "Till", data.till_label],
        ["Teller", data.teller_name, "Business date", data.business_date.isoformat()],
        ["Opened", data.opened_at_text, "Closed", data.closed_at_text or "Not closed: still open"],
        ["Supervisor", data.supervisor_name or "None recorded", "", ""],
    ]
    commands = table_style(header_rows=0)
    commands += [("FONTSIZE", (0, 0), (-1, -1), 9), ("LEADING", (0, 0), (-1, -1), 12)]
    commands += [("FONTNAME", (0, 0), (0, -1), bold_font), ("FONTNAME", (2, 0), (2, -1), bold_font)]
    table = Table(rows, colWidths=(22 * mm, 68 * mm, 27 * mm, 63 * mm), hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _movements_table(data: TillReportData) -> Table:
    rows: list[list[str]] = [["Operation", "Count", "Amount"]]
    rows.append(["Opening float", "", data.opening_float.format()])
    rows += [[total.label, f"{total.count:,}", total.amount.format()] for total in data.operation_totals]
    rows.append(["Expected cash in drawer", "", data.expected_cash.format()])
    return _totalled_table(rows, _TABLE_WIDTHS)


def _count_table(data: TillReportData) -> Table:
    counts = {row.denomination_cents: row.count for row in data.counted}
    rows: list[list[str]] = [["Denomination", "Count", "Amount"]]
    for denomination in denominations_cents:  # every denomination, counted or not: a full count sheet
        count = counts.get(denomination, 0)
        rows.append([_denomination_name(denomination), f"{count:,}", Money(denomination * count).format()])
    rows.append(["Counted total", "", data.counted_total.format()])
    return _totalled_table(rows, _TABLE_WIDTHS)


def _totalled_table(rows: list[list[str]], widths: tuple[float, ...]) -> Table:
    commands = table_style(header_rows=1, amount_columns=(1, 2))
    last = len(rows) - 1
    commands += [
        ("FONTNAME", (0, last), (-1, last), bold_font),
        ("LINEABOVE", (0, last), (-1, last), 0.8, "black"),
    ]
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _result_table(data: TillReportData) -> Table:
    rows = [
        ["Expected cash", data.expected_cash.format()],
        ["Counted cash", data.counted_total.format()],
        ["Over / short", over_short_text(data.over_short)],
    ]
    commands = table_style(header_rows=0, amount_columns=(1,))
    commands += [
        ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("LEADING", (0, 0), (-1, -1), 13),
        ("FONTNAME", (0, 2), (-1, 2), bold_font),
        ("BOX", (0, 0), (-1, -1), 1, "black"),
    ]
    table = Table(rows, colWidths=(_TABLE_WIDTHS[0], _TABLE_WIDTHS[1] + _TABLE_WIDTHS[2]), hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _unsynced_section(data: TillReportData, heading: ParagraphStyle) -> list[Flowable]:
    count = len(data.unsynced_entries)
    title = f"Not yet synced to head office: {count} {'entry' if count == 1 else 'entries'}"
    flowables: list[Flowable] = [Paragraph(title, heading), Spacer(1, 2 * mm)]
    if not count:
        note = "Every entry of this till has reached head office."
        return [*flowables, Paragraph(note, paragraph_style("till-note", size=9))]
    note = (
        "Recorded on this device and not yet received by head office; they are sent when the device "
        "next connects. Keep this report until head office has them."
    )
    flowables += [Paragraph(note, paragraph_style("till-note", size=9)), Spacer(1, 2 * mm)]
    rows: list[list[str]] = [["Reference", "Operation", "Amount", "Recorded at"]]
    rows += [
        [entry.reference, entry.operation_label, entry.amount.format(), entry.recorded_at_text]
        for entry in data.unsynced_entries
    ]
    table = Table(rows, colWidths=(40 * mm, 55 * mm, 40 * mm, 45 * mm), hAlign="LEFT", repeatRows=1)
    commands = table_style(header_rows=1, amount_columns=(2,))
    table.setStyle(TableStyle(commands))
    return [*flowables, table]


def _signature_block() -> Flowable:
    rows = [["", "", ""], ["Teller signature", "", "Supervisor signature"]]
    table = Table(rows, colWidths=(75 * mm, content_width - 150 * mm, 75 * mm), rowHeights=[10 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (0, 0), 0.6, "black"),
                ("LINEBELOW", (2, 0), (2, 0), 0.6, "black"),
                ("FONTNAME", (0, 0), (-1, -1), regular_font),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return KeepTogether([table])


def _denomination_name(denomination_cents: int) -> str:
    return _LABELS.get(denomination_cents, f"KES {Money(denomination_cents).format(currency=False)}")


def _rows(rows: object, row_type: type, name: str) -> tuple:  # type: ignore[type-arg]
    if not isinstance(rows, tuple):
        raise TypeError(f"TillReportData.{name} must be a tuple")
    if len(rows) > report_rows_max:
        raise ValueError(f"TillReportData.{name} holds at most {report_rows_max} rows")
    converted = []
    for row in rows:
        if not isinstance(row, tuple) or len(row) != len(row_type._fields):
            raise TypeError(f"each of TillReportData.{name} is a tuple of {', '.join(row_type._fields)}")
        converted.append(row_type(*row))
    return tuple(converted)


def _require_text(value: object, name: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"TillReportData.{name} must be str, got {type(value).__name__}")
    if not value.strip() or len(value) > text_length_max:
        raise ValueError(f"TillReportData.{name} must hold 1 to {text_length_max} characters")
