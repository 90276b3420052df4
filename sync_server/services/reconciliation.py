"""Head office's reconciliation of one business day, per location and device, from the books:
`wekeza-server reconcile --date D [--branch B]` and GET /v1/reconciliation.

What is read, and from where:
- devices enrolled by the end of the day, at the location(s) asked for, with their state;
- batches received that day: those whose arrival (the server's clock, UTC) falls on the date;
- the day's entries, by the business date each carries: how many, what the server decided
  (booked, booked with an exception, rejected, awaiting a checker), totals by operation kind of
  the booked ones, the refused ones listed with their codes;
- exceptions raised by the day's entries, open or resolved, by code; forks detected that day, or
  earlier on a device still frozen;
- gaps: a device enrolled by then that head office has not heard from since the day began (never
  synced, or its last batch older than the day) may hold entries of the day that never arrived.
  A device revoked by head office is listed but is no gap: its batches are refused by design;
- clock skew per device: RECORDED when the device's last signed request (a pull, a hold, a
  statement) reached head office that day: its signed send time minus the server's time
  (services.device_registry). Otherwise ESTIMATED from the batches received that day, which
  carry no send time: the newest entry of each batch, the one sent soonest after it was
  recorded: its time (the device's clock) minus the batch's arrival (the server's), the largest
  over the day. The estimate is exact for a device that sends as soon as it records; otherwise
  the device's clock is at least that far ahead (or at most that far behind). Beyond
  device_registry.clock_skew_s_tolerated it is flagged, as GET /v1/devices flags it;
- tills and cash positions (services.reconciliation_cash): each till's declared count against the
  journal and the over/short booked, per teller; vaults' cash and agents' e-float before, during
  and after the day.

Unresolved, and making the report's exit non-zero: open exceptions, gaps, forks on a frozen
device, tills with no close, and tills whose booked over/short is not the count minus the journal.
All reads run in one transaction (one snapshot on MySQL), so the parts agree with each other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, case, func, select, tuple_

from shared_core.business_day import bank_day_bounds, has_begun
from shared_core.channels import Channel
from shared_core.errors import InvalidInput, NotFound
from shared_core.exception_cases import exception_label
from shared_core.journal import require_timestamp
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.reconciliation_report import (
    DeviceDay,
    ExceptionCount,
    ExceptionLine,
    ForkLine,
    Gap,
    KindTotal,
    LocationDay,
    ReconciliationReport,
    RefusedEntry,
    SkewSource,
)
from shared_core.reconciliation_rules import add_totals, find_issues, teller_totals
from shared_core.results import EntryStatus
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.services.books import BOOKED_STATUSES
from sync_server.services.device_registry import is_skew_flagged, skew_seconds
from sync_server.services.devices import DeviceStatus
from sync_server.services.enrolment import cash_account_for
from sync_server.services.reconciliation_cash import cash_positions, till_lines

report_lines_max = 1_000  # refused entries and exceptions listed; their counts are always whole
RESOLVED = "resolved"  # an exception's final state (schema.EXCEPTION_STATUSES)

_l = schema.locations.c
_d = schema.devices.c
_b = schema.batches.c
_e = schema.entries.c
_x = schema.exceptions.c
_f = schema.forks.c

_BOOKED = tuple(status.value for status in BOOKED_STATUSES)


def parse_business_date(text: object) -> str:
    """A business date as typed (YYYY-MM-DD), or InvalidInput naming the form."""
    if not isinstance(text, str) or len(text) != 10:
        raise InvalidInput("The date is a business date written YYYY-MM-DD, e.g. 2026-11-24", field="date")
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidInput(f"'{text}' is not a real date written YYYY-MM-DD", field="date") from None


def reconcile(
    database: Database, business_date: str, *, location_code: str | None = None, now: str
) -> ReconciliationReport:
    """The day's report, read in one transaction (REPEATABLE READ on MySQL: one snapshot)."""
    business_date = parse_business_date(business_date)
    require_timestamp(now, "now")
    if not has_begun(business_date, now):
        raise InvalidInput(f"{business_date} has not begun yet: reconcile a day up to today", field="date")
    with database.engine.connect() as connection:
        if database.backend == "mysql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            return _Day(connection, business_date, now).report(location_code)


@dataclass(frozen=True, slots=True)
class _Device:
    device_code: str
    channel: Channel
    location_code: str
    status: str
    enrolled_at: str
    last_batch_at: str | None
    last_sequence: int
    cash_account: str
    last_seen_at: str | None  # the last signed request (services.device_registry)
    clock_skew_s: int | None  # the device's clock then


class _Day:
    """One business day's reads; each method one or two queries over the devices asked for."""

    def __init__(self, connection: Connection, business_date: str, now: str) -> None:
        self.connection = connection
        self.date = business_date
        self.now = now
        self.day_start, self.next_day_start = bank_day_bounds(business_date)  # Nairobi midnights

    def report(self, location_code: str | None) -> ReconciliationReport:
        locations = self._locations(location_code)
        devices = self._devices(locations)
        codes = [device.device_code for device in devices]
        counts = self._entry_counts(codes)
        batches = self._batches_received(codes)
        skews = self._clock_skews(codes)
        last_of_day = {code: last for code, (_, last) in counts.sequences.items()}
        branch_devices = [device for device in devices if device.channel is Channel.BRANCH]
        tills = till_lines(self.connection, self.date, branch_devices, last_of_day)
        positions = cash_positions(self.connection, self.date, locations, devices)
        refused, refused_count = self._refused(codes)
        exceptions, exception_count, exception_counts = self._exceptions(codes)
        forks = self._forks(devices)
        by_location: dict[str, list[_Device]] = defaultdict(list)
        for device in devices:
            by_location[device.location_code].append(device)
        location_days = []
        for location in locations:
            device_days = tuple(
                self._device_day(
                    device, counts, batches.get(device.device_code, 0), skews.get(device.device_code)
                )
                for device in by_location[location.code]
            )
            location_tills = tuple(
                till for till in tills if till.device_code in {d.device_code for d in device_days}
            )
            location_days.append(
                LocationDay(
                    code=location.code,
                    kind=location.kind,
                    name=location.name,
                    devices=device_days,
                    totals=_totals(counts.kinds, [d.device_code for d in device_days]),
                    tills=location_tills,
                    tellers=teller_totals(location_tills),
                    cash_positions=positions.get(location.code, ()),
                )
            )
        issues = find_issues(
            location_days, exceptions, forks, {d.device_code: d.location_code for d in devices}
        )
        return ReconciliationReport(
            business_date=date.fromisoformat(self.date),
            location_code=location_code,
            generated_at=self.now,
            issues=issues,
            totals=add_totals(total for location in location_days for total in location.totals),
            locations=tuple(location_days),
            refused=refused,
            refused_count=refused_count,
            exceptions=exceptions,
            exception_count=exception_count,
            exception_counts=exception_counts,
            forks=forks,
        )

    # --- who ----------------------------------------------------------------------------------

    def _locations(self, location_code: str | None) -> list[Any]:
        statement = select(_l.code, _l.kind, _l.name, _l.cash_account, _l.vault_account).order_by(_l.code)
        if location_code is not None:
            statement = statement.where(_l.code == location_code)
        rows = list(self.connection.execute(statement))
        if location_code is not None and not rows:
            raise NotFound(
                f"No branch or agent location {location_code} at head office", location=location_code
            )
        return rows

    def _devices(self, locations: Sequence[Any]) -> list[_Device]:
        cash_accounts = {location.code: location.cash_account for location in locations}
        if not cash_accounts:
            return []
        rows = self.connection.execute(
            select(
                _d.device_code,
                _d.channel,
                _d.location_code,
                _d.status,
                _d.enrolled_at,
                _d.last_batch_at,
                _d.last_sequence,
                _d.last_seen_at,
                _d.clock_skew_s,
            )
            .where(_d.location_code.in_(sorted(cash_accounts)), _d.enrolled_at < self.next_day_start)
            .order_by(_d.location_code, _d.device_code)
        )
        devices = []
        for row in rows:
            channel = Channel.parse(row.channel)
            devices.append(
                _Device(
                    row.device_code,
                    channel,
                    row.location_code,
                    row.status,
                    row.enrolled_at,
                    row.last_batch_at,
                    row.last_sequence,
                    cash_account_for(
                        channel, row.location_code, cash_accounts[row.location_code], row.device_code
                    ),
                    row.last_seen_at,
                    row.clock_skew_s,
                )
            )
        return devices

    # --- what arrived ---------------------------------------------------------------------------

    def _entry_counts(self, codes: Sequence[str]) -> _Counts:
        counts = _Counts()
        if not codes:
            return counts
        rows = self.connection.execute(
            select(
                _e.device_code,
                _e.status,
                _e.kind,
                func.count(),
                func.sum(_e.amount_cents),
                func.min(_e.sequence),
                func.max(_e.sequence),
            )
            .where(_e.business_date == self.date, _e.device_code.in_(codes))
            .group_by(_e.device_code, _e.status, _e.kind)
        )
        for device_code, status, kind, count, amount, first, last in rows:
            counts.add(device_code, status, kind, int(count), int(amount or 0), int(first), int(last))
        return counts

    def _batches_received(self, codes: Sequence[str]) -> dict[str, int]:
        if not codes:
            return {}
        rows = self.connection.execute(
            select(_b.device_code, func.count())
            .where(
                _b.device_code.in_(codes),
                _b.received_at >= self.day_start,
                _b.received_at < self.next_day_start,
            )
            .group_by(_b.device_code)
        )
        return {device_code: int(count) for device_code, count in rows}

    def _clock_skews(self, codes: Sequence[str]) -> dict[str, int]:
        if not codes:
            return {}
        rows = self.connection.execute(
            select(_b.device_code, _b.received_at, _e.recorded_at)
            .select_from(
                schema.batches.join(
                    schema.entries, and_(_e.device_code == _b.device_code, _e.sequence == _b.last_sequence)
                )
            )
            .where(
                _b.device_code.in_(codes),
                _b.received_at >= self.day_start,
                _b.received_at < self.next_day_start,
            )
        )
        skews: dict[str, int] = {}
        for device_code, received_at, recorded_at in rows:
            seconds = skew_seconds(recorded_at, received_at)
            skews[device_code] = max(seconds, skews.get(device_code, seconds))
        return skews

    def _device_day(self, device: _Device, counts: _Counts, batches: int, estimate: int | None) -> DeviceDay:
        statuses = counts.statuses.get(device.device_code, {})
        skew, source = estimate, None if estimate is None else SkewSource.ESTIMATED
        seen = device.last_seen_at
        if device.clock_skew_s is not None and seen is not None and self.day_start <= seen < self.next_day_start:
            skew, source = device.clock_skew_s, SkewSource.RECORDED
        first, last = counts.sequences.get(device.device_code, (None, None))
        return DeviceDay(
            device_code=device.device_code,
            channel=device.channel.value,
            status=device.status,
            enrolled_at=device.enrolled_at,
            last_batch_at=device.last_batch_at,
            last_sequence=device.last_sequence,
            batches_received=batches,
            first_sequence_of_day=first,
            last_sequence_of_day=last,
            entries=sum(statuses.values()),
            booked=statuses.get(EntryStatus.BOOKED.value, 0),
            booked_with_exception=statuses.get(EntryStatus.BOOKED_WITH_EXCEPTION.value, 0),
            rejected=statuses.get(EntryStatus.REJECTED.value, 0),
            awaiting_approval=statuses.get(EntryStatus.AWAITING_APPROVAL.value, 0),
            id_taken=statuses.get(EntryStatus.EXISTS_WITH_DIFFERENT_CONTENT.value, 0),
            clock_skew_s=skew,
            clock_skew_source=source,
            clock_skew_flagged=is_skew_flagged(skew),
            gap=self._gap(device),
        )

    def _gap(self, device: _Device) -> Gap | None:
        if device.status == DeviceStatus.REVOKED:
            return None
        if device.last_batch_at is None:
            return Gap(True, device.enrolled_at, device.last_sequence)
        if device.last_batch_at < self.day_start:
            return Gap(False, device.last_batch_at, device.last_sequence)
        return None

    def _refused(self, codes: Sequence[str]) -> tuple[tuple[RefusedEntry, ...], int]:
        if not codes:
            return (), 0
        where = (
            _e.business_date == self.date,
            _e.device_code.in_(codes),
            _e.status == EntryStatus.REJECTED.value,
        )
        count = self.connection.execute(
            select(func.count()).select_from(schema.entries).where(*where)
        ).scalar_one()
        rows = self.connection.execute(
            select(_e.device_code, _e.sequence, _e.reference, _e.kind, _e.amount_cents, _e.code, _e.message)
            .where(*where)
            .order_by(_e.device_code, _e.sequence)
            .limit(report_lines_max)
        )
        refused = tuple(
            RefusedEntry(
                row.device_code,
                row.sequence,
                row.reference,
                OperationKind(row.kind),
                Money(row.amount_cents),
                row.code,
                row.message,
            )
            for row in rows
        )
        return refused, int(count)

    def _exceptions(
        self, codes: Sequence[str]
    ) -> tuple[tuple[ExceptionLine, ...], int, tuple[ExceptionCount, ...]]:
        if not codes:
            return (), 0, ()
        joined = schema.exceptions.join(
            schema.entries, and_(_e.device_code == _x.device_code, _e.sequence == _x.sequence)
        )
        # The exceptions whose entry is of the day, as a semi-join: SQLite has no index of the
        # exceptions by entry, and would otherwise scan them once per entry of the day.
        of_the_day = select(_e.device_code, _e.sequence).where(_e.business_date == self.date, _e.device_code.in_(codes))
        where = (tuple_(_x.device_code, _x.sequence).in_(of_the_day),)
        # Anything not resolved is open, whatever step of its working it has reached.
        by_code: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for code, status, count in self.connection.execute(
            select(_x.code, _x.status, func.count())
            .where(*where)
            .group_by(_x.code, _x.status)
        ):
            by_code[code][1 if status == RESOLVED else 0] += int(count)
        counts = tuple(ExceptionCount(code, *by_code[code]) for code in sorted(by_code))
        # Open ones first: they are what head office must work; then by id, oldest first.
        rows = self.connection.execute(
            select(
                _x.id,
                _x.code,
                _x.status,
                _x.device_code,
                _x.sequence,
                _x.account,
                _x.amount_cents,
                _x.note,
                _e.reference,
            )
            .select_from(joined)
            .where(*where)
            .order_by(case((_x.status == RESOLVED, 1), else_=0), _x.id)
            .limit(report_lines_max)
        )
        lines = tuple(
            ExceptionLine(
                exception_label(row.id),
                row.code,
                row.status,
                row.device_code,
                row.sequence,
                row.reference,
                row.account,
                Money(row.amount_cents),
                row.note,
            )
            for row in rows
        )
        return lines, sum(count.open + count.resolved for count in counts), counts

    def _forks(self, devices: Sequence[_Device]) -> tuple[ForkLine, ...]:
        frozen = {device.device_code for device in devices if device.status == DeviceStatus.FROZEN}
        codes = [device.device_code for device in devices]
        if not codes:
            return ()
        rows = self.connection.execute(
            select(_f.device_code, _f.first_sequence, _f.last_sequence, _f.detected_at)
            .where(_f.device_code.in_(codes), _f.detected_at < self.next_day_start)
            .order_by(_f.id)
        )
        return tuple(
            ForkLine(
                row.device_code,
                row.first_sequence,
                row.last_sequence,
                row.detected_at,
                row.device_code in frozen,
            )
            for row in rows
            if row.detected_at >= self.day_start or row.device_code in frozen
        )


class _Counts:
    """The day's entries per device: by status, by booked kind, and the run of sequences."""

    def __init__(self) -> None:
        self.statuses: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.kinds: dict[str, dict[OperationKind, tuple[int, int]]] = defaultdict(dict)
        self.sequences: dict[str, tuple[int, int]] = {}

    def add(
        self, device_code: str, status: str, kind: str, count: int, amount: int, first: int, last: int
    ) -> None:
        self.statuses[device_code][status] += count
        if status in _BOOKED:
            held_count, held_amount = self.kinds[device_code].get(OperationKind(kind), (0, 0))
            self.kinds[device_code][OperationKind(kind)] = (held_count + count, held_amount + amount)
        low, high = self.sequences.get(device_code, (first, last))
        self.sequences[device_code] = (min(low, first), max(high, last))


def _totals(
    kinds: dict[str, dict[OperationKind, tuple[int, int]]], codes: Iterable[str]
) -> tuple[KindTotal, ...]:
    return add_totals(
        KindTotal(kind, count, Money(amount))
        for code in codes
        for kind, (count, amount) in kinds.get(code, {}).items()
    )
