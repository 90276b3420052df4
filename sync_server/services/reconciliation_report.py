"""The reconciliation report of one business day, as values: what services.reconciliation reads
from the books, what the PDF, the CSV and the API answer are made from.

Amounts are Money; on the wire they are integer cents (`*_cents`). Times are the wire's UTC text.
`find_issues` says, from these values, what keeps the day from being reconciled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shared_core.money import Money
from shared_core.operations import OperationKind


class IssueKind(StrEnum):
    """What keeps a day from being reconciled; each one makes `wekeza-server reconcile` exit 1."""

    OPEN_EXCEPTION = "open_exception"  # a fact booked against a rule, not yet resolved
    GAP = "gap"  # a device head office has not heard from since the day began: entries may be missing
    FORK = "fork"  # a device's journal forked and the device is still frozen
    TILL_NOT_CLOSED = "till_not_closed"  # a till opened that day with no close at head office
    TILL_DISAGREES = "till_disagrees"  # the booked over/short is not the count minus the journal


class SkewSource(StrEnum):
    """Where a device's clock skew comes from (see services.reconciliation)."""

    RECORDED = "recorded"  # its signed request that day: its send time against the server's
    ESTIMATED = "estimated"  # its batches that day, which carry no send time: a bound, not a reading


class TillStatus(StrEnum):
    BALANCED = "balanced"
    OVER = "over"
    SHORT = "short"
    NOT_CLOSED = "not_closed"
    DISAGREES = "disagrees"


@dataclass(frozen=True, slots=True)
class KindTotal:
    """Booked entries of one operation kind (booked with an exception included)."""

    kind: OperationKind
    count: int
    amount: Money

    def to_wire(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "count": self.count, "amount_cents": self.amount.cents}


@dataclass(frozen=True, slots=True)
class Gap:
    device_code: str
    never_synced: bool
    since: str  # the last batch's arrival, or the enrolment when the device never synced
    last_sequence: int  # the last entry head office holds from it

    def to_wire(self) -> dict[str, Any]:
        return {"never_synced": self.never_synced, "since": self.since, "last_sequence": self.last_sequence}


@dataclass(frozen=True, slots=True)
class DeviceDay:
    device_code: str
    channel: str
    status: str  # active, revoked, frozen
    enrolled_at: str
    last_batch_at: str | None
    last_sequence: int
    batches_received: int  # batches whose arrival (server clock, UTC) falls on the day
    first_sequence_of_day: int | None  # the day's entries, by business date
    last_sequence_of_day: int | None
    entries: int
    booked: int
    booked_with_exception: int
    rejected: int
    awaiting_approval: int
    id_taken: int  # entries whose id belonged to another entry: nothing booked
    clock_skew_s: int | None  # device clock minus server clock, see services.reconciliation
    clock_skew_source: SkewSource | None  # None when the skew is unknown
    clock_skew_flagged: bool
    gap: Gap | None

    def to_wire(self) -> dict[str, Any]:
        return {
            "device_code": self.device_code,
            "channel": self.channel,
            "status": self.status,
            "enrolled_at": self.enrolled_at,
            "last_batch_at": self.last_batch_at,
            "last_sequence": self.last_sequence,
            "batches_received": self.batches_received,
            "first_sequence_of_day": self.first_sequence_of_day,
            "last_sequence_of_day": self.last_sequence_of_day,
            "entries": self.entries,
            "booked": self.booked,
            "booked_with_exception": self.booked_with_exception,
            "rejected": self.rejected,
            "awaiting_approval": self.awaiting_approval,
            "id_taken": self.id_taken,
            "clock_skew_s": self.clock_skew_s,
            "clock_skew_source": None if self.clock_skew_source is None else self.clock_skew_source.value,
            "clock_skew_flagged": self.clock_skew_flagged,
            "gap": self.gap.to_wire() if self.gap else None,
        }


@dataclass(frozen=True, slots=True)
class TillLine:
    """One till's day: opened, counted and closed, against what the journal says the drawer held."""

    device_code: str
    teller: str  # the user who counted and closed it (or opened it, while not closed)
    teller_name: str
    opened_reference: str | None  # None when the till was opened on an earlier day
    closed_reference: str | None
    opening_float: Money | None
    expected: Money  # the till's balance in the journal before the over/short and the close
    declared: Money | None  # the count the teller declared at the close
    booked_over_short: Money  # the TILL_OVER (positive) or TILL_SHORT (negative) entry booked
    status: TillStatus

    @property
    def difference(self) -> Money | None:
        """Declared count minus the journal: positive over, negative short."""
        return None if self.declared is None else self.declared - self.expected

    def to_wire(self) -> dict[str, Any]:
        return {
            "device_code": self.device_code,
            "teller": self.teller,
            "teller_name": self.teller_name,
            "opened_reference": self.opened_reference,
            "closed_reference": self.closed_reference,
            "opening_float_cents": _cents(self.opening_float),
            "expected_cents": self.expected.cents,
            "declared_cents": _cents(self.declared),
            "difference_cents": _cents(self.difference),
            "booked_over_short_cents": self.booked_over_short.cents,
            "status": self.status.value,
        }


@dataclass(frozen=True, slots=True)
class TellerTotal:
    """A teller's tills of the day, over and short as the counts found them."""

    user_id: str
    name: str
    tills: int
    over: Money
    short: Money  # a positive amount missing from the drawers

    def to_wire(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "name": self.name,
            "tills": self.tills,
            "over_cents": self.over.cents,
            "short_cents": self.short.cents,
        }


@dataclass(frozen=True, slots=True)
class CashPosition:
    """A branch vault's cash, or an agent's e-float owed to the agent, over the day."""

    account: str
    opening: Money  # from every booked entry of earlier business days
    movement: Money  # the day's booked entries
    closing: Money

    def __post_init__(self) -> None:
        assert self.opening + self.movement == self.closing, "a position adds up"

    def to_wire(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "opening_cents": self.opening.cents,
            "movement_cents": self.movement.cents,
            "closing_cents": self.closing.cents,
        }


@dataclass(frozen=True, slots=True)
class LocationDay:
    code: str
    kind: str  # branch, agent
    name: str
    devices: tuple[DeviceDay, ...]
    totals: tuple[KindTotal, ...]
    tills: tuple[TillLine, ...]
    tellers: tuple[TellerTotal, ...]
    cash_positions: tuple[CashPosition, ...]

    def to_wire(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "name": self.name,
            "devices": [device.to_wire() for device in self.devices],
            "totals": [total.to_wire() for total in self.totals],
            "tills": [till.to_wire() for till in self.tills],
            "tellers": [teller.to_wire() for teller in self.tellers],
            "cash_positions": [position.to_wire() for position in self.cash_positions],
        }


@dataclass(frozen=True, slots=True)
class RefusedEntry:
    device_code: str
    sequence: int
    reference: str
    kind: OperationKind
    amount: Money
    code: str | None
    message: str

    def to_wire(self) -> dict[str, Any]:
        return {
            "device_code": self.device_code,
            "sequence": self.sequence,
            "reference": self.reference,
            "kind": self.kind.value,
            "amount_cents": self.amount.cents,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class ExceptionLine:
    label: str  # 'EX-12'
    code: str
    status: str  # open, resolved
    device_code: str
    sequence: int
    reference: str
    account: str | None
    amount: Money
    note: str | None

    def to_wire(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "code": self.code,
            "status": self.status,
            "device_code": self.device_code,
            "sequence": self.sequence,
            "reference": self.reference,
            "account": self.account,
            "amount_cents": self.amount.cents,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class ExceptionCount:
    code: str
    open: int
    resolved: int

    def to_wire(self) -> dict[str, Any]:
        return {"code": self.code, "open": self.open, "resolved": self.resolved}


@dataclass(frozen=True, slots=True)
class ForkLine:
    device_code: str
    first_sequence: int
    last_sequence: int
    detected_at: str
    device_frozen: bool  # still frozen: unresolved

    def to_wire(self) -> dict[str, Any]:
        return {
            "device_code": self.device_code,
            "first_sequence": self.first_sequence,
            "last_sequence": self.last_sequence,
            "detected_at": self.detected_at,
            "device_frozen": self.device_frozen,
        }


@dataclass(frozen=True, slots=True)
class Issue:
    kind: IssueKind
    location_code: str
    device_code: str
    subject: str  # what to look up: 'EX-12', a reference, a device code
    message: str

    def to_wire(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "location_code": self.location_code,
            "device_code": self.device_code,
            "subject": self.subject,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class ReconciliationReport:
    business_date: str
    location_code: str | None  # the branch asked for; None for every location
    generated_at: str
    locations: tuple[LocationDay, ...]
    refused: tuple[RefusedEntry, ...]
    refused_count: int  # all of them; `refused` stops at the report's line limit
    exceptions: tuple[ExceptionLine, ...]
    exception_count: int
    exception_counts: tuple[ExceptionCount, ...]
    forks: tuple[ForkLine, ...]
    issues: tuple[Issue, ...]

    @property
    def unresolved(self) -> bool:
        return bool(self.issues)

    @property
    def totals(self) -> tuple[KindTotal, ...]:
        """Every location's booked totals by operation kind, added up."""
        return add_totals(total for location in self.locations for total in location.totals)

    def to_wire(self) -> dict[str, Any]:
        return {
            "business_date": self.business_date,
            "location_code": self.location_code,
            "generated_at": self.generated_at,
            "unresolved": self.unresolved,
            "issues": [issue.to_wire() for issue in self.issues],
            "totals": [total.to_wire() for total in self.totals],
            "locations": [location.to_wire() for location in self.locations],
            "refused": [entry.to_wire() for entry in self.refused],
            "refused_count": self.refused_count,
            "exceptions": [line.to_wire() for line in self.exceptions],
            "exception_count": self.exception_count,
            "exception_counts": [count.to_wire() for count in self.exception_counts],
            "forks": [fork.to_wire() for fork in self.forks],
        }


def add_totals(totals: Iterable[KindTotal]) -> tuple[KindTotal, ...]:
    """Totals of the same kind added together, in the order of OperationKind."""
    added: dict[OperationKind, tuple[int, Money]] = {}
    for total in totals:
        count, amount = added.get(total.kind, (0, Money(0)))
        added[total.kind] = (count + total.count, amount + total.amount)
    return tuple(KindTotal(kind, *added[kind]) for kind in OperationKind if kind in added)


def _cents(money: Money | None) -> int | None:
    return None if money is None else money.cents


def find_issues(
    locations: Sequence[LocationDay],
    exceptions: Sequence[ExceptionLine],
    forks: Sequence[ForkLine],
    location_of: dict[str, str],
) -> tuple[Issue, ...]:
    """What keeps the day from being reconciled, device by device: gaps and tills first, then open
    exceptions, then forks on devices still frozen."""
    issues: list[Issue] = []
    for location in locations:
        for device in location.devices:
            if device.gap is None:
                continue
            since = (
                f"never synced since its enrolment at {device.gap.since}"
                if device.gap.never_synced
                else f"has not synced since {device.gap.since} (head office holds its entries to "
                f"{device.gap.last_sequence})"
            )
            issues.append(
                Issue(
                    IssueKind.GAP,
                    location.code,
                    device.device_code,
                    device.device_code,
                    f"Device {device.device_code} {since}: its entries of the day may not have arrived",
                )
            )
        for till in location.tills:
            if till.status is TillStatus.NOT_CLOSED:
                issues.append(
                    Issue(
                        IssueKind.TILL_NOT_CLOSED,
                        location.code,
                        till.device_code,
                        till.opened_reference or till.device_code,
                        f"The till of device {till.device_code} opened by {till.teller_name} has no close "
                        "at head office: no count to reconcile",
                    )
                )
            elif till.status is TillStatus.DISAGREES:
                issues.append(
                    Issue(
                        IssueKind.TILL_DISAGREES,
                        location.code,
                        till.device_code,
                        till.closed_reference or till.device_code,
                        f"The till of device {till.device_code} closed by {till.teller_name}: the count "
                        f"{till.declared} less the journal's {till.expected} is {till.difference}, but "
                        f"{till.booked_over_short} was booked as over/short",
                    )
                )
    for line in exceptions:
        if line.status != "resolved":
            where = f" on {line.account}" if line.account else ""
            issues.append(
                Issue(
                    IssueKind.OPEN_EXCEPTION,
                    location_of[line.device_code],
                    line.device_code,
                    line.label,
                    f"{line.label} {line.code}{where}: {line.amount} ({line.reference}) is open",
                )
            )
    for fork in forks:
        if fork.device_frozen:
            issues.append(
                Issue(
                    IssueKind.FORK,
                    location_of[fork.device_code],
                    fork.device_code,
                    fork.device_code,
                    f"Device {fork.device_code}'s journal forked (a batch of entries {fork.first_sequence}-"
                    f"{fork.last_sequence} at {fork.detected_at}); the device is frozen",
                )
            )
    return tuple(issues)
