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
- clock skew per device: batches carry no send time, so the report uses the newest entry of each
  batch received that day, the one sent soonest after it was recorded: its time (the device's
  clock) minus the batch's arrival (the server's), the largest over the day. It is exact for a
  device that sends as soon as it records; otherwise the device's clock is at least that far
  ahead (or at most that far behind). Beyond `clock_skew_s_tolerated` it is flagged;
- tills (branch devices): each till opened or closed that day; the count the teller declared at
  the close (TILL_CLOSE) against the till's balance in the journal just before the over/short and
  the close (server-derived postings), and the over/short entry booked, per teller;
- cash positions: a branch vault's cash and an agent's e-float (owed to the agent), before the
  day, the day's movement and after, from the booked postings of entries by business date.

Unresolved, and making the report's exit non-zero: open exceptions, gaps, forks on a frozen
device, tills with no close, and tills whose booked over/short is not the count minus the journal.
All reads run in one transaction (one snapshot on MySQL), so the parts agree with each other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, func, select

from shared_core import canonical
from shared_core.accounts import customer_view, parse_account
from shared_core.channels import Channel
from shared_core.errors import InvalidInput, NotFound
from shared_core.journal import parse_timestamp, require_timestamp
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.results import EntryStatus
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.services.books import BOOKED_STATUSES
from sync_server.services.devices import DeviceStatus
from sync_server.services.enrolment import cash_account_for
from sync_server.services.judging import exception_label
from sync_server.services.reconciliation_report import (
    CashPosition,
    DeviceDay,
    ExceptionCount,
    ExceptionLine,
    ForkLine,
    Gap,
    KindTotal,
    LocationDay,
    ReconciliationReport,
    RefusedEntry,
    TillLine,
    find_issues,
)
from sync_server.services.till_sessions import TillSession, teller_totals

report_lines_max = 1_000  # refused entries and exceptions listed; their counts are always whole
RESOLVED = "resolved"  # an exception's final state (schema.EXCEPTION_STATUSES)
clock_skew_s_tolerated = 300  # five minutes: receipts and back-dating checks read the device's clock

_l = schema.locations.c
_d = schema.devices.c
_b = schema.batches.c
_e = schema.entries.c
_p = schema.postings.c
_x = schema.exceptions.c
_f = schema.forks.c
_u = schema.users.c

_BOOKED = tuple(status.value for status in BOOKED_STATUSES)
_TILL_KINDS = tuple(
    kind.value
    for kind in (
        OperationKind.TILL_OPEN,
        OperationKind.TILL_OVER,
        OperationKind.TILL_SHORT,
        OperationKind.TILL_CLOSE,
    )
)


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
    if business_date > now[:10]:
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


class _Day:
    """One business day's reads; each method one or two queries over the devices asked for."""

    def __init__(self, connection: Connection, business_date: str, now: str) -> None:
        self.connection = connection
        self.date = business_date
        self.now = now
        self.day_start = f"{business_date}T00:00:00.000000Z"
        next_day = date.fromisoformat(business_date) + timedelta(days=1)
        self.next_day_start = f"{next_day.isoformat()}T00:00:00.000000Z"

    def report(self, location_code: str | None) -> ReconciliationReport:
        locations = self._locations(location_code)
        devices = self._devices(locations)
        codes = [device.device_code for device in devices]
        counts = self._entry_counts(codes)
        batches = self._batches_received(codes)
        skews = self._clock_skews(codes)
        tills = self._tills([device for device in devices if device.channel is Channel.BRANCH], counts)
        positions = self._cash_positions(locations, devices)
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
            business_date=self.date,
            location_code=location_code,
            generated_at=self.now,
            locations=tuple(location_days),
            refused=refused,
            refused_count=refused_count,
            exceptions=exceptions,
            exception_count=exception_count,
            exception_counts=exception_counts,
            forks=forks,
            issues=issues,
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
            ahead = parse_timestamp(recorded_at) - parse_timestamp(received_at)
            seconds = ahead.days * 86_400 + ahead.seconds  # whole seconds, rounded down
            skews[device_code] = max(seconds, skews.get(device_code, seconds))
        return skews

    def _device_day(self, device: _Device, counts: _Counts, batches: int, skew: int | None) -> DeviceDay:
        statuses = counts.statuses.get(device.device_code, {})
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
            clock_skew_flagged=skew is not None and abs(skew) > clock_skew_s_tolerated,
            gap=self._gap(device),
        )

    def _gap(self, device: _Device) -> Gap | None:
        if device.status == DeviceStatus.REVOKED:
            return None
        if device.last_batch_at is None:
            return Gap(device.device_code, True, device.enrolled_at, device.last_sequence)
        if device.last_batch_at < self.day_start:
            return Gap(device.device_code, False, device.last_batch_at, device.last_sequence)
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
        where = (_e.business_date == self.date, _x.device_code.in_(codes))
        # Anything not resolved is open, whatever step of its working it has reached.
        by_code: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for code, status, count in self.connection.execute(
            select(_x.code, _x.status, func.count())
            .select_from(joined)
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

    # --- cash -----------------------------------------------------------------------------------

    def _tills(self, branch_devices: Sequence[_Device], counts: _Counts) -> tuple[TillLine, ...]:
        if not branch_devices:
            return ()
        by_code = {device.device_code: device for device in branch_devices}
        rows = self.connection.execute(
            select(_e.device_code, _e.sequence, _e.kind, _e.reference, _e.amount_cents, _e.content)
            .where(
                _e.business_date == self.date,
                _e.device_code.in_(sorted(by_code)),
                _e.kind.in_(_TILL_KINDS),
                _e.status.in_(_BOOKED),
            )
            .order_by(_e.device_code, _e.sequence)
        ).all()
        sessions: list[TillSession] = []
        open_session: dict[str, TillSession] = {}
        for row in rows:
            kind = OperationKind(row.kind)
            session = open_session.get(row.device_code)
            if kind is OperationKind.TILL_OPEN or session is None:
                session = TillSession(row.device_code)
                sessions.append(session)
                open_session[row.device_code] = session
            user_id = _user_of(row.content)
            if kind is OperationKind.TILL_OPEN:
                session.opened(row.reference, user_id, Money(row.amount_cents))
            elif kind in (OperationKind.TILL_OVER, OperationKind.TILL_SHORT):
                sign = 1 if kind is OperationKind.TILL_OVER else -1
                session.over_short(row.sequence, Money(sign * row.amount_cents))
            else:
                session.closed(row.sequence, row.reference, user_id, Money(row.amount_cents))
                del open_session[row.device_code]
        names = self._user_names({session.teller for session in sessions})
        lines = []
        for session in sessions:
            device = by_code[session.device_code]
            # The drawer by the journal: every booked posting on the till before the count was booked.
            counted_before = session.counted_before or (counts.sequences[session.device_code][1] + 1)
            expected = self._balance_before(device.cash_account, session.device_code, counted_before)
            lines.append(session.line(expected, names.get(session.teller, session.teller)))
        return tuple(lines)

    def _balance_before(self, account: str, device_code: str, sequence: int) -> Money:
        total = self.connection.execute(
            select(func.sum(_p.amount_cents)).where(
                _p.account == account, _p.device_code == device_code, _p.sequence < sequence
            )
        ).scalar()
        return Money(int(total or 0))

    def _user_names(self, user_ids: Iterable[str]) -> dict[str, str]:
        wanted = sorted(user_ids)
        if not wanted:
            return {}
        rows = self.connection.execute(select(_u.user_id, _u.display_name).where(_u.user_id.in_(wanted)))
        return {user_id: name for user_id, name in rows}

    def _cash_positions(
        self, locations: Sequence[Any], devices: Sequence[_Device]
    ) -> dict[str, tuple[CashPosition, ...]]:
        """Vaults of branches and floats of agents, per location."""
        accounts: dict[str, str] = {}  # account -> location
        for location in locations:
            if location.kind == "branch" and location.vault_account:
                accounts[location.vault_account] = location.code
        for device in devices:
            if device.channel is Channel.AGENT:
                accounts[device.cash_account] = device.location_code
        if not accounts:
            return {}
        today = _e.business_date == self.date
        rows = self.connection.execute(
            select(
                _p.account,
                func.sum(case((today, 0), else_=_p.amount_cents)),
                func.sum(case((today, _p.amount_cents), else_=0)),
            )
            .select_from(
                schema.postings.join(
                    schema.entries, and_(_e.device_code == _p.device_code, _e.sequence == _p.sequence)
                )
            )
            .where(_p.account.in_(sorted(accounts)), _e.business_date <= self.date)
            .group_by(_p.account)
        )
        sums = {account: (int(before or 0), int(day or 0)) for account, before, day in rows}
        positions: dict[str, list[CashPosition]] = defaultdict(list)
        for account in sorted(accounts):
            before, day = sums.get(account, (0, 0))
            account_type = parse_account(account).type
            opening = customer_view(account_type, Money(before))
            movement = customer_view(account_type, Money(day))
            positions[accounts[account]].append(CashPosition(account, opening, movement, opening + movement))
        return {code: tuple(found) for code, found in positions.items()}


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
    added: dict[OperationKind, tuple[int, int]] = {}
    for code in codes:
        for kind, (count, amount) in kinds.get(code, {}).items():
            held_count, held_amount = added.get(kind, (0, 0))
            added[kind] = (held_count + count, held_amount + amount)
    return tuple(
        KindTotal(kind, added[kind][0], Money(added[kind][1])) for kind in OperationKind if kind in added
    )


def _user_of(content: bytes) -> str:
    entry = canonical.decode(bytes(content))  # accepted by the ingest: canonical and whole
    assert isinstance(entry, dict)
    return str(entry["user_id"])
