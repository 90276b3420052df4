"""A business day's reconciliation, written once for both sides of the wire: the server builds it
from its books (sync_server.services.reconciliation) and answers GET /v1/reconciliation with
`to_wire()`; `wekeza-server reconcile` writes the same values as PDF and CSV; head office's desktop
reads the answer back with `from_wire` (the strict reader of shared_core.wire_object: a wrong field
is named, nothing is half read). api/openapi.py describes the JSON; the rules that decide the
day (its issues, its totals) are shared_core.reconciliation_rules.

    report          {"business_date", "location_code", "generated_at", "unresolved", "issues": [issue],
                     "totals": [total], "locations": [location], "refused": [refused], "refused_count",
                     "exceptions": [exception], "exception_count", "exception_counts": [count],
                     "forks": [fork]}
    location        {"code", "kind", "name", "devices": [device], "totals": [total], "tills": [till],
                     "tellers": [teller], "cash_positions": [position]}
    device          {"device_code", "channel", "status", "enrolled_at", "last_batch_at", "last_sequence",
                     "batches_received", "first_sequence_of_day", "last_sequence_of_day", "entries",
                     "booked", "booked_with_exception", "rejected", "awaiting_approval", "id_taken",
                     "clock_skew_s", "clock_skew_source", "clock_skew_flagged",
                     "gap": null | {"never_synced", "since", "last_sequence"}}

Codes that only name things (an issue's kind, a till's status, an operation kind, where a clock skew
comes from) are read as this release's enum member when it knows the code, and kept as the text sent
when it does not (`IssueKind | str`): a newer server may know more of them, and head office's screen
shows an unknown one as written rather than refusing the whole day. A device's status and channel,
a location's kind and an exception's status are text on both sides, as the server keeps them.

Read back, an answer is held to the rules the server builds it by: `unresolved` exactly while issues
remain; a till's difference is its count less the journal; a cash position closes at its opening
plus the day; the counts of refused entries and exceptions are at least as many as listed, and the
exceptions' count is the sum of their counts by code; a clock skew has a source exactly when it is
known. Amounts are Money (`*_cents` on the wire); times are the wire's UTC text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.wire_object import WireObject

E = TypeVar("E", bound=StrEnum)


class IssueKind(StrEnum):
    """What keeps a day from being reconciled; each one makes `wekeza-server reconcile` exit 1."""

    OPEN_EXCEPTION = "open_exception"  # a fact booked against a rule, not yet resolved
    GAP = "gap"  # a device head office has not heard from since the day began: entries may be missing
    FORK = "fork"  # a device's journal forked and the device is still frozen
    TILL_NOT_CLOSED = "till_not_closed"  # a till opened that day with no close at head office
    TILL_DISAGREES = "till_disagrees"  # the booked over/short is not the count minus the journal


class SkewSource(StrEnum):
    """Where a device's clock skew comes from (see sync_server.services.reconciliation)."""

    RECORDED = "recorded"  # its signed request that day: its send time against the server's
    ESTIMATED = "estimated"  # its batches that day, which carry no send time: a bound, not a reading


class TillStatus(StrEnum):
    BALANCED = "balanced"
    OVER = "over"
    SHORT = "short"
    NOT_CLOSED = "not_closed"
    DISAGREES = "disagrees"


def known(text: str, kind: type[E]) -> E | str:
    """`kind`'s member for `text` when this release knows it; otherwise the text as sent."""
    try:
        return kind(text)
    except ValueError:
        return text


def _cents(money: Money | None) -> int | None:
    return None if money is None else money.cents


@dataclass(frozen=True, slots=True)
class KindTotal:
    """Booked entries of one operation kind (booked with an exception included)."""

    kind: OperationKind | str
    count: int
    amount: Money

    def to_wire(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "count": self.count, "amount_cents": self.amount.cents}

    @classmethod
    def from_wire(cls, item: WireObject) -> KindTotal:
        return cls(known(item.text("kind"), OperationKind), item.whole("count"), item.money("amount_cents"))


@dataclass(frozen=True, slots=True)
class Gap:
    """A device head office has not heard from since the day began."""

    never_synced: bool
    since: str  # the last batch's arrival, or the enrolment when the device never synced
    last_sequence: int  # the last entry head office holds from it

    def to_wire(self) -> dict[str, Any]:
        return {"never_synced": self.never_synced, "since": self.since, "last_sequence": self.last_sequence}

    @classmethod
    def from_wire(cls, item: WireObject) -> Gap:
        return cls(item.flag("never_synced"), item.timestamp("since"), item.whole("last_sequence"))


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
    clock_skew_s: int | None  # device clock minus server clock
    clock_skew_source: SkewSource | str | None  # None exactly when the skew is unknown
    clock_skew_flagged: bool
    gap: Gap | None

    def __post_init__(self) -> None:
        assert (self.clock_skew_s is None) == (self.clock_skew_source is None), "a known skew has a source"

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
            "clock_skew_source": None if self.clock_skew_source is None else str(self.clock_skew_source),
            "clock_skew_flagged": self.clock_skew_flagged,
            "gap": None if self.gap is None else self.gap.to_wire(),
        }

    @classmethod
    def from_wire(cls, item: WireObject) -> DeviceDay:
        skew = item.optional_whole("clock_skew_s", minimum=None)
        source = item.optional_text("clock_skew_source")
        if (skew is None) != (source is None):
            raise item.wrong("clock_skew_source", f"{source!r} for a clock skew of {skew}")
        gap = item.optional_object("gap")
        return cls(
            device_code=item.text("device_code"),
            channel=item.text("channel"),
            status=item.text("status"),
            enrolled_at=item.timestamp("enrolled_at"),
            last_batch_at=item.optional_timestamp("last_batch_at"),
            last_sequence=item.whole("last_sequence"),
            batches_received=item.whole("batches_received"),
            first_sequence_of_day=item.optional_whole("first_sequence_of_day", minimum=1),
            last_sequence_of_day=item.optional_whole("last_sequence_of_day", minimum=1),
            entries=item.whole("entries"),
            booked=item.whole("booked"),
            booked_with_exception=item.whole("booked_with_exception"),
            rejected=item.whole("rejected"),
            awaiting_approval=item.whole("awaiting_approval"),
            id_taken=item.whole("id_taken"),
            clock_skew_s=skew,
            clock_skew_source=None if source is None else known(source, SkewSource),
            clock_skew_flagged=item.flag("clock_skew_flagged"),
            gap=None if gap is None else Gap.from_wire(gap),
        )


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
    status: TillStatus | str

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
            "status": str(self.status),
        }

    @classmethod
    def from_wire(cls, item: WireObject) -> TillLine:
        till = cls(
            device_code=item.text("device_code"),
            teller=item.text("teller"),
            teller_name=item.text("teller_name"),
            opened_reference=item.optional_text("opened_reference"),
            closed_reference=item.optional_text("closed_reference"),
            opening_float=item.optional_money("opening_float_cents"),
            expected=item.money("expected_cents", allow_negative=True),
            declared=item.optional_money("declared_cents"),
            booked_over_short=item.money("booked_over_short_cents", allow_negative=True),
            status=known(item.text("status"), TillStatus),
        )
        difference = item.optional_money("difference_cents", allow_negative=True)
        if difference != till.difference:
            raise item.wrong(
                "difference_cents",
                f"{_cents(difference)}, but the count less the journal is {_cents(till.difference)}",
            )
        return till


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

    @classmethod
    def from_wire(cls, item: WireObject) -> TellerTotal:
        return cls(
            user_id=item.text("user_id"),
            name=item.text("name"),
            tills=item.whole("tills"),
            over=item.money("over_cents"),
            short=item.money("short_cents"),
        )


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

    @classmethod
    def from_wire(cls, item: WireObject) -> CashPosition:
        opening = item.money("opening_cents", allow_negative=True)
        movement = item.money("movement_cents", allow_negative=True)
        closing = item.money("closing_cents", allow_negative=True)
        if opening + movement != closing:
            raise item.wrong(
                "closing_cents",
                f"{closing.cents}, but the opening plus the day is {(opening + movement).cents}",
            )
        return cls(item.text("account"), opening, movement, closing)


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

    @classmethod
    def from_wire(cls, item: WireObject) -> LocationDay:
        return cls(
            code=item.text("code"),
            kind=item.text("kind"),
            name=item.text("name"),
            devices=tuple(map(DeviceDay.from_wire, item.objects("devices"))),
            totals=tuple(map(KindTotal.from_wire, item.objects("totals"))),
            tills=tuple(map(TillLine.from_wire, item.objects("tills"))),
            tellers=tuple(map(TellerTotal.from_wire, item.objects("tellers"))),
            cash_positions=tuple(map(CashPosition.from_wire, item.objects("cash_positions"))),
        )


@dataclass(frozen=True, slots=True)
class RefusedEntry:
    device_code: str
    sequence: int
    reference: str
    kind: OperationKind | str
    amount: Money
    code: str | None
    message: str

    def to_wire(self) -> dict[str, Any]:
        return {
            "device_code": self.device_code,
            "sequence": self.sequence,
            "reference": self.reference,
            "kind": str(self.kind),
            "amount_cents": self.amount.cents,
            "code": self.code,
            "message": self.message,
        }

    @classmethod
    def from_wire(cls, item: WireObject) -> RefusedEntry:
        return cls(
            device_code=item.text("device_code"),
            sequence=item.whole("sequence", minimum=1),
            reference=item.text("reference"),
            kind=known(item.text("kind"), OperationKind),
            amount=item.money("amount_cents"),
            code=item.optional_text("code"),
            message=item.text("message", allow_empty=True),
        )


@dataclass(frozen=True, slots=True)
class ExceptionLine:
    label: str  # 'EX-12'
    code: str
    status: str  # open, resolved (an ExceptionStatus value)
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

    @classmethod
    def from_wire(cls, item: WireObject) -> ExceptionLine:
        return cls(
            label=item.text("label"),
            code=item.text("code"),
            status=item.text("status"),
            device_code=item.text("device_code"),
            sequence=item.whole("sequence", minimum=1),
            reference=item.text("reference"),
            account=item.optional_text("account"),
            amount=item.money("amount_cents"),
            note=item.optional_text("note", allow_empty=True),
        )


@dataclass(frozen=True, slots=True)
class ExceptionCount:
    code: str
    open: int
    resolved: int

    def to_wire(self) -> dict[str, Any]:
        return {"code": self.code, "open": self.open, "resolved": self.resolved}

    @classmethod
    def from_wire(cls, item: WireObject) -> ExceptionCount:
        return cls(item.text("code"), item.whole("open"), item.whole("resolved"))


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

    @classmethod
    def from_wire(cls, item: WireObject) -> ForkLine:
        return cls(
            device_code=item.text("device_code"),
            first_sequence=item.whole("first_sequence", minimum=1),
            last_sequence=item.whole("last_sequence", minimum=1),
            detected_at=item.timestamp("detected_at"),
            device_frozen=item.flag("device_frozen"),
        )


@dataclass(frozen=True, slots=True)
class Issue:
    kind: IssueKind | str
    location_code: str
    device_code: str
    subject: str  # what to look up: 'EX-12', a reference, a device code
    message: str

    def to_wire(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "location_code": self.location_code,
            "device_code": self.device_code,
            "subject": self.subject,
            "message": self.message,
        }

    @classmethod
    def from_wire(cls, item: WireObject) -> Issue:
        return cls(
            kind=known(item.text("kind"), IssueKind),
            location_code=item.text("location_code"),
            device_code=item.text("device_code"),
            subject=item.text("subject"),
            message=item.text("message", allow_empty=True),
        )


@dataclass(frozen=True, slots=True)
class ReconciliationReport:
    business_date: date
    location_code: str | None  # the branch asked for; None for every location
    generated_at: str
    issues: tuple[Issue, ...]
    totals: tuple[KindTotal, ...]  # every location's, added up (reconciliation_rules.add_totals)
    locations: tuple[LocationDay, ...]
    refused: tuple[RefusedEntry, ...]
    refused_count: int  # all of them; `refused` stops at the report's line limit
    exceptions: tuple[ExceptionLine, ...]
    exception_count: int
    exception_counts: tuple[ExceptionCount, ...]
    forks: tuple[ForkLine, ...]

    def __post_init__(self) -> None:
        assert isinstance(self.business_date, date), "a business date is a date"
        assert self.refused_count >= len(self.refused), "refused entries are counted whole"
        assert self.exception_count >= len(self.exceptions), "exceptions are counted whole"
        assert self.exception_count == sum(c.open + c.resolved for c in self.exception_counts)

    @property
    def unresolved(self) -> bool:
        """True while anything keeps the day from being reconciled: the command exits 1."""
        return bool(self.issues)

    @property
    def devices(self) -> tuple[tuple[LocationDay, DeviceDay], ...]:
        return tuple((location, device) for location in self.locations for device in location.devices)

    @property
    def tills(self) -> tuple[tuple[LocationDay, TillLine], ...]:
        return tuple((location, till) for location in self.locations for till in location.tills)

    @property
    def tellers(self) -> tuple[tuple[LocationDay, TellerTotal], ...]:
        return tuple((location, teller) for location in self.locations for teller in location.tellers)

    def to_wire(self) -> dict[str, Any]:
        return {
            "business_date": self.business_date.isoformat(),
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

    @classmethod
    def from_wire(cls, answer: WireObject) -> ReconciliationReport:
        """The answer read strictly: WrongField naming the first field not as the server sends it.
        A dict: read_wire(data, ReconciliationReport.from_wire)."""
        issues = tuple(map(Issue.from_wire, answer.objects("issues")))
        unresolved = answer.flag("unresolved")
        if unresolved != bool(issues):  # the server's own rule: unresolved exactly while issues remain
            raise answer.wrong("unresolved", f"{unresolved} with {len(issues)} issue(s)")
        refused = tuple(map(RefusedEntry.from_wire, answer.objects("refused")))
        refused_count = answer.whole("refused_count")
        if refused_count < len(refused):
            raise answer.wrong("refused_count", f"{refused_count}, but {len(refused)} are listed")
        exceptions = tuple(map(ExceptionLine.from_wire, answer.objects("exceptions")))
        exception_count = answer.whole("exception_count")
        if exception_count < len(exceptions):
            raise answer.wrong("exception_count", f"{exception_count}, but {len(exceptions)} are listed")
        exception_counts = tuple(map(ExceptionCount.from_wire, answer.objects("exception_counts")))
        by_code = sum(count.open + count.resolved for count in exception_counts)
        if exception_count != by_code:
            raise answer.wrong(
                "exception_count", f"{exception_count}, but the counts by code add up to {by_code}"
            )
        return cls(
            business_date=answer.day("business_date"),
            location_code=answer.optional_text("location_code"),
            generated_at=answer.timestamp("generated_at"),
            issues=issues,
            totals=tuple(map(KindTotal.from_wire, answer.objects("totals"))),
            locations=tuple(map(LocationDay.from_wire, answer.objects("locations"))),
            refused=refused,
            refused_count=refused_count,
            exceptions=exceptions,
            exception_count=exception_count,
            exception_counts=exception_counts,
            forks=tuple(map(ForkLine.from_wire, answer.objects("forks"))),
        )
