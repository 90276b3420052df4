"""The reconciliation report as one CSV for a spreadsheet: a row per fact, its `section` naming
what it is (issue, device, total, till, teller, cash_position, refused, exception, fork), so a
person filters on one column. Written by shared_core.csv_safety: no cell can run as a formula,
and amounts are plain numbers a spreadsheet adds up (KES, two decimals).
"""

from __future__ import annotations

from collections.abc import Iterator

from shared_core.csv_safety import Cell, write_csv
from shared_core.money import Money
from shared_core.operations import OPERATION_NAMES
from shared_core.reconciliation_report import ReconciliationReport

HEADER = (
    "section",
    "business_date",
    "location",
    "device",
    "subject",
    "kind",
    "status",
    "count",
    "amount_kes",
    "expected_kes",
    "declared_kes",
    "detail",
)


def reconciliation_csv(report: ReconciliationReport) -> bytes:
    if not isinstance(report, ReconciliationReport):
        raise TypeError(f"reconciliation_csv needs a ReconciliationReport, got {type(report).__name__}")
    return write_csv(_rows(report), HEADER)


def _rows(report: ReconciliationReport) -> Iterator[tuple[Cell, ...]]:
    day = report.business_date

    def row(
        section: str,
        location: str | None = None,
        device: str | None = None,
        subject: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        count: int | None = None,
        amount: Money | None = None,
        expected: Money | None = None,
        declared: Money | None = None,
        detail: str | None = None,
    ) -> tuple[Cell, ...]:
        return (
            section,
            day,
            location,
            device,
            subject,
            kind,
            status,
            count,
            amount,
            expected,
            declared,
            detail,
        )

    for issue in report.issues:
        yield row(
            "issue",
            issue.location_code,
            issue.device_code,
            issue.subject,
            str(issue.kind),
            "unresolved",
            detail=issue.message,
        )
    for location in report.locations:
        code = location.code
        for device in location.devices:
            gap = None
            if device.gap is not None:
                gap = "never synced" if device.gap.never_synced else f"not synced since {device.gap.since}"
            detail = (
                f"batches {device.batches_received}; booked {device.booked}; with exception "
                f"{device.booked_with_exception}; refused {device.rejected}; awaiting approval "
                f"{device.awaiting_approval}; last batch {device.last_batch_at or 'never'}; clock skew "
                f"{'unknown' if device.clock_skew_s is None else f'{device.clock_skew_s} s ({device.clock_skew_source})'}"
                + (f"; {gap}" if gap else "")
            )
            yield row(
                "device",
                code,
                device.device_code,
                device.channel,
                None,
                device.status,
                device.entries,
                detail=detail,
            )
        for total in location.totals:
            yield row(
                "total",
                code,
                None,
                OPERATION_NAMES[total.kind],
                str(total.kind),
                "booked",
                total.count,
                total.amount,
            )
        for till in location.tills:
            yield row(
                "till",
                code,
                till.device_code,
                till.teller,
                None,
                str(till.status),
                None,
                till.difference,
                till.expected,
                till.declared,
                f"opened {till.opened_reference or 'earlier'} with {_text(till.opening_float)}; closed "
                f"{till.closed_reference or 'not yet'}; over/short booked {till.booked_over_short.format()}",
            )
        for teller in location.tellers:
            yield row(
                "teller",
                code,
                None,
                teller.user_id,
                None,
                None,
                teller.tills,
                teller.over - teller.short,
                detail=f"{teller.name}: over {teller.over.format()}, short {teller.short.format()}",
            )
        for position in location.cash_positions:
            yield row(
                "cash_position",
                code,
                None,
                position.account,
                None,
                None,
                None,
                position.closing,
                detail=f"before the day {position.opening.format()}; the day {position.movement.format()}",
            )
    location_of = {d.device_code: loc.code for loc in report.locations for d in loc.devices}
    for entry in report.refused:
        yield row(
            "refused",
            location_of.get(entry.device_code),
            entry.device_code,
            entry.reference,
            str(entry.kind),
            "rejected",
            None,
            entry.amount,
            detail=f"{entry.code}: {entry.message}",
        )
    for line in report.exceptions:
        yield row(
            "exception",
            location_of.get(line.device_code),
            line.device_code,
            line.label,
            line.code,
            line.status,
            None,
            line.amount,
            detail=f"{line.reference} {line.account or ''} {line.note or ''}".strip(),
        )
    for fork in report.forks:
        yield row(
            "fork",
            location_of.get(fork.device_code),
            fork.device_code,
            f"entries {fork.first_sequence}-{fork.last_sequence}",
            None,
            "frozen" if fork.device_frozen else "released",
            detail=f"detected {fork.detected_at}",
        )


def _text(money: Money | None) -> str:
    return "-" if money is None else money.format()
