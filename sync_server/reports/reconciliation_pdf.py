"""The reconciliation report as an A4 PDF: what needs head office first, then each location's
devices, totals by operation, tills and cash positions, then the refused entries, the exceptions
and the forks of the day. Plain tables, DejaVu Sans, numbered pages; the same report gives the
same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from shared_core.money import Money
from shared_core.operations import OPERATION_NAMES
from shared_core.reconciliation_report import (
    CashPosition,
    DeviceDay,
    IssueKind,
    KindTotal,
    LocationDay,
    ReconciliationReport,
    SkewSource,
    TillLine,
)
from sync_server.reports.a4 import build_a4, content_width, escape_markup, paragraph_style, table_style
from sync_server.reports.fonts import bold_font, register_fonts
from sync_server.services.device_registry import clock_skew_s_tolerated

_ISSUE_NAMES = {
    IssueKind.OPEN_EXCEPTION: "Open exception",
    IssueKind.GAP: "Not synced",
    IssueKind.FORK: "Fork",
    IssueKind.TILL_NOT_CLOSED: "Till not closed",
    IssueKind.TILL_DISAGREES: "Till disagrees",
}
_TITLE = paragraph_style("title", size=14, bold=True)
_HEADING = paragraph_style("heading", size=11, bold=True)
_HEADING.keepWithNext = 1  # a heading never sits alone at the foot of a page
_HEADING.spaceAfter = 1.5 * mm
_SUBHEADING = paragraph_style("subheading", size=9, bold=True)
_SUBHEADING.keepWithNext = 1
_SUBHEADING.spaceAfter = 1 * mm
_TEXT = paragraph_style("text", size=8.5)
_CELL = paragraph_style("cell", size=7.5)
_NONE = "-"
_SKEW_NOTE = (
    f"Skew: a device's clock minus the server's, in seconds, as its signed requests that day said; "
    f"~ an estimate from its batches; ! beyond {clock_skew_s_tolerated // 60} minutes."
)


def render_reconciliation(
    report: ReconciliationReport, *, bank_name: str, location_name: str | None = None
) -> bytes:
    """The report as PDF bytes. `location_name` names the branch when the report is for one."""
    if not isinstance(report, ReconciliationReport):
        raise TypeError(f"render_reconciliation needs a ReconciliationReport, got {type(report).__name__}")
    register_fonts()  # before the first Paragraph, which looks its font's family up
    where = f"{location_name} ({report.location_code})" if report.location_code else "All branches and agents"
    story: list[Flowable] = [
        Paragraph(escape_markup(f"Reconciliation of business day {report.business_date}"), _TITLE),
        Paragraph(escape_markup(where), _TEXT),
        Spacer(1, 3 * mm),
        _status_banner(report),
        Spacer(1, 2 * mm),
        Paragraph(escape_markup(_summary(report)), _TEXT),
        Paragraph(escape_markup(_SKEW_NOTE), _TEXT),
        Spacer(1, 4 * mm),
    ]
    if report.issues:
        story += _section("Needs head office", _issues_table(report))
    story += _section("Totals by operation (booked)", _totals_table(report.totals))
    for location in report.locations:
        story += _location(location)
    story += _section(
        f"Refused entries ({report.refused_count}{_shown(len(report.refused), report.refused_count)})",
        _refused_table(report),
    )
    story += _section(
        f"Exceptions raised by the day's entries ({report.exception_count}"
        f"{_shown(len(report.exceptions), report.exception_count)})",
        _exceptions_table(report),
    )
    story += _section("Forks", _forks_table(report))
    return build_a4(
        story,
        title=f"Reconciliation {report.business_date}"
        + (f" {report.location_code}" if report.location_code else ""),
        author=bank_name,
        header_left=(bank_name, f"Reconciliation \u2013 {report.business_date}", where),
        header_right=("Head office", f"Generated {_time(report.generated_at)}"),
        footer_text="Amounts in KES. Times in UTC (the server's clock). Entries by the business date they "
        "carry.",
    )


# --- parts ------------------------------------------------------------------------------------------


def _status_banner(report: ReconciliationReport) -> Table:
    if report.unresolved:
        text = f"UNRESOLVED: {len(report.issues)} item(s) need head office"
        background, ink = colors.black, colors.white
    else:
        text, background, ink = "RECONCILED: nothing unresolved", colors.Color(0.88, 0.88, 0.88), colors.black
    banner = Table([[text]], colWidths=[content_width])
    banner.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), bold_font),
                ("FONTSIZE", (0, 0), (-1, -1), 11),
                ("BACKGROUND", (0, 0), (-1, -1), background),
                ("TEXTCOLOR", (0, 0), (-1, -1), ink),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("BOX", (0, 0), (-1, -1), 1, colors.black),
            ]
        )
    )
    return banner


def _summary(report: ReconciliationReport) -> str:
    devices = [device for location in report.locations for device in location.devices]
    entries = sum(device.entries for device in devices)
    booked = sum(device.booked for device in devices)
    flagged = sum(device.booked_with_exception for device in devices)
    waiting = sum(device.awaiting_approval for device in devices)
    opened = sum(count.open for count in report.exception_counts)
    resolved = sum(count.resolved for count in report.exception_counts)
    gaps = sum(1 for device in devices if device.gap is not None)
    batches = sum(device.batches_received for device in devices)
    return (
        f"{len(devices)} device(s), {batches} batch(es) received. {entries} entries: {booked} booked, "
        f"{flagged} booked with an exception, {report.refused_count} refused, {waiting} awaiting a checker. "
        f"Exceptions: {opened} open, {resolved} resolved. Devices not synced: {gaps}. "
        f"Forks: {len(report.forks)}."
    )


def _section(title: str, body: Flowable | None) -> list[Flowable]:
    content = body if body is not None else Paragraph("None.", _TEXT)
    return [Paragraph(escape_markup(title), _HEADING), content, Spacer(1, 5 * mm)]


def _table(
    header: Sequence[str], rows: list[list[object]], widths_mm: Sequence[float], amounts: Sequence[int] = ()
) -> Table:
    assert abs(sum(widths_mm) * mm - content_width) < 1, "a table spans the page's content"
    table = Table([list(header), *rows], colWidths=[width * mm for width in widths_mm], repeatRows=1)
    table.setStyle(TableStyle(table_style(amount_columns=amounts)))
    return table


def _issues_table(report: ReconciliationReport) -> Table:
    rows: list[list[object]] = [
        [
            _ISSUE_NAMES[IssueKind(issue.kind)],
            issue.device_code,
            issue.subject,
            Paragraph(escape_markup(issue.message), _CELL),
        ]
        for issue in report.issues
    ]
    return _table(("What", "Device", "Subject", "Details"), rows, (26, 14, 32, 108))


def _totals_table(totals: Sequence[KindTotal]) -> Table | None:
    if not totals:
        return None
    rows: list[list[object]] = [[OPERATION_NAMES[t.kind], f"{t.count:,}", _kes(t.amount)] for t in totals]
    return _table(("Operation", "Entries", "Amount"), rows, (110, 25, 45), amounts=(1, 2))


def _location(location: LocationDay) -> list[Flowable]:
    parts: list[Flowable] = [
        Paragraph(escape_markup(f"{location.name} \u2013 {location.code} ({location.kind})"), _HEADING),
    ]
    if not location.devices:
        return [*parts, Paragraph("No device enrolled here by the end of the day.", _TEXT), Spacer(1, 5 * mm)]
    parts += [_devices_table(location.devices), Spacer(1, 3 * mm)]
    if location.totals:
        parts += [
            Paragraph("Totals by operation (booked)", _SUBHEADING),
            _totals_table(location.totals),
            Spacer(1, 3 * mm),
        ]
    if location.tills:
        parts += [
            Paragraph("Tills: declared count against the journal", _SUBHEADING),
            _tills_table(location.tills),
            Spacer(1, 3 * mm),
        ]
    if location.tellers:
        rows: list[list[object]] = [
            [f"{teller.name} ({teller.user_id})", str(teller.tills), _kes(teller.over), _kes(teller.short)]
            for teller in location.tellers
        ]
        parts += [
            Paragraph("Over and short per teller", _SUBHEADING),
            _table(("Teller", "Tills", "Over", "Short"), rows, (100, 20, 30, 30), amounts=(1, 2, 3)),
            Spacer(1, 3 * mm),
        ]
    if location.cash_positions:
        parts += [
            Paragraph("Cash positions (vault cash; agent e-float owed to the agent)", _SUBHEADING),
            _positions_table(location.cash_positions),
            Spacer(1, 3 * mm),
        ]
    return [*parts, Spacer(1, 3 * mm)]


def _devices_table(devices: Sequence[DeviceDay]) -> Table:
    rows: list[list[object]] = []
    for device in devices:
        gap = _NONE
        if device.gap is not None:
            gap = "never synced" if device.gap.never_synced else f"since {_time(device.gap.since)}"
        skew = _NONE
        if device.clock_skew_s is not None:
            # '~' marks an estimate from the batches, not a reading of the device's signed clock.
            estimated = "~" if device.clock_skew_source == SkewSource.ESTIMATED else ""
            skew = f"{estimated}{device.clock_skew_s:+d}" + (" !" if device.clock_skew_flagged else "")
        rows.append(
            [
                device.device_code,
                device.status,
                str(device.batches_received),
                str(device.entries),
                str(device.booked),
                str(device.booked_with_exception),
                str(device.rejected),
                str(device.awaiting_approval),
                _time(device.last_batch_at),
                skew,
                Paragraph(escape_markup(gap), _CELL),
            ]
        )
    header = (
        "Device",
        "State",
        "Batches",
        "Entries",
        "Booked",
        "Exc.",
        "Refused",
        "Waiting",
        "Last batch",
        "Skew s",
        "Not synced",
    )
    return _table(header, rows, (13, 14, 14, 14, 14, 11, 14, 14, 28, 14, 30), amounts=(2, 3, 4, 5, 6, 7, 9))


def _tills_table(tills: Sequence[TillLine]) -> Table:
    rows: list[list[object]] = []
    for till in tills:
        difference = till.difference
        rows.append(
            [
                till.device_code,
                Paragraph(escape_markup(till.teller_name), _CELL),
                _kes(till.opening_float),
                _kes(till.expected),
                _kes(till.declared),
                _kes(difference) if difference is not None and difference.is_positive else _NONE,
                _kes(-difference) if difference is not None and difference.is_negative else _NONE,
                str(till.status).replace("_", " "),
            ]
        )
    header = ("Device", "Teller", "Opened with", "Journal", "Declared", "Over", "Short", "Status")
    return _table(header, rows, (13, 37, 23, 23, 23, 19, 19, 23), amounts=(2, 3, 4, 5, 6))


def _positions_table(positions: Sequence[CashPosition]) -> Table:
    rows: list[list[object]] = [
        [p.account, _kes(p.opening), _kes(p.movement), _kes(p.closing)] for p in positions
    ]
    return _table(
        ("Account", "Before the day", "The day", "After the day"), rows, (72, 36, 36, 36), amounts=(1, 2, 3)
    )


def _refused_table(report: ReconciliationReport) -> Table | None:
    if not report.refused:
        return None
    rows: list[list[object]] = [
        [
            entry.reference,
            OPERATION_NAMES[entry.kind],
            _kes(entry.amount),
            entry.code or _NONE,
            Paragraph(escape_markup(entry.message), _CELL),
        ]
        for entry in report.refused
    ]
    return _table(
        ("Reference", "Operation", "Amount", "Code", "Reason"), rows, (32, 30, 24, 30, 64), amounts=(2,)
    )


def _exceptions_table(report: ReconciliationReport) -> Table | None:
    if not report.exceptions:
        return None
    rows: list[list[object]] = [
        [line.label, line.code, line.status, line.reference, line.account or _NONE, _kes(line.amount)]
        for line in report.exceptions
    ]
    return _table(
        ("Exception", "Code", "State", "Reference", "Account", "Amount"),
        rows,
        (18, 34, 16, 32, 50, 30),
        amounts=(5,),
    )


def _forks_table(report: ReconciliationReport) -> Table | None:
    if not report.forks:
        return None
    rows: list[list[object]] = [
        [
            fork.device_code,
            f"{fork.first_sequence}-{fork.last_sequence}",
            _time(fork.detected_at),
            "yes" if fork.device_frozen else "no (released)",
        ]
        for fork in report.forks
    ]
    return _table(("Device", "Batch entries", "Detected", "Device frozen"), rows, (30, 40, 60, 50))


def _kes(money: Money | None) -> str:
    return _NONE if money is None else money.format(currency=False)


def _time(text: str | None) -> str:
    """'2026-11-24T09:00:00.000000Z' as '2026-11-24 09:00 UTC'."""
    return _NONE if not text else f"{text[:10]} {text[11:16]} UTC"


def _shown(shown: int, total: int) -> str:
    return "" if shown == total else f"; the first {shown} shown"
