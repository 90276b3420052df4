"""A business day's reconciliation as head office answers it (GET /v1/reconciliation), read into
values for the head office screen: per location and device what arrived and what was decided, the
tills over and short, refused entries, exceptions, forks, and the `issues` that keep the day from
being reconciled (`unresolved` while there are any).

Codes that only name things (statuses, issue kinds, operation kinds) are kept as text: a newer
server may know more of them, and the screen shows an unknown one as written rather than failing.
Amounts are Money; times are the wire's UTC text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.sync.wire_reading import WireObject, read_answer
from shared_core.money import Money


@dataclass(frozen=True, slots=True)
class KindTotal:
    kind: str  # an OperationKind value
    count: int
    amount: Money


@dataclass(frozen=True, slots=True)
class Gap:
    never_synced: bool
    since: str  # the last batch's arrival, or the enrolment when it never synced
    last_sequence: int


@dataclass(frozen=True, slots=True)
class DeviceDay:
    device_code: str
    channel: str
    status: str  # active, revoked, frozen
    enrolled_at: str
    last_batch_at: str | None
    last_sequence: int
    batches_received: int
    first_sequence_of_day: int | None
    last_sequence_of_day: int | None
    entries: int
    booked: int
    booked_with_exception: int
    rejected: int
    awaiting_approval: int
    id_taken: int
    clock_skew_s: int | None  # device clock minus server clock
    clock_skew_flagged: bool
    gap: Gap | None


@dataclass(frozen=True, slots=True)
class TillLine:
    device_code: str
    teller: str
    teller_name: str
    opened_reference: str | None
    closed_reference: str | None
    opening_float: Money | None
    expected: Money
    declared: Money | None
    difference: Money | None  # declared less expected: positive over, negative short
    booked_over_short: Money
    status: str  # balanced, over, short, not_closed, disagrees


@dataclass(frozen=True, slots=True)
class TellerTotal:
    user_id: str
    name: str
    tills: int
    over: Money
    short: Money  # a positive amount missing from the drawers


@dataclass(frozen=True, slots=True)
class CashPosition:
    account: str
    opening: Money
    movement: Money
    closing: Money


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


@dataclass(frozen=True, slots=True)
class RefusedEntry:
    device_code: str
    sequence: int
    reference: str
    kind: str
    amount: Money
    code: str | None
    message: str


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


@dataclass(frozen=True, slots=True)
class ExceptionCount:
    code: str
    open: int
    resolved: int


@dataclass(frozen=True, slots=True)
class ForkLine:
    device_code: str
    first_sequence: int
    last_sequence: int
    detected_at: str
    device_frozen: bool


@dataclass(frozen=True, slots=True)
class Issue:
    kind: str  # gap, fork, open_exception, till_not_closed, till_disagrees
    location_code: str
    device_code: str
    subject: str  # what to look up: 'EX-12', a reference, a device code
    message: str


@dataclass(frozen=True, slots=True)
class ReconciliationReport:
    business_date: date
    location_code: str | None  # the branch asked for; None for every location
    generated_at: str
    unresolved: bool
    issues: tuple[Issue, ...]
    totals: tuple[KindTotal, ...]
    locations: tuple[LocationDay, ...]
    refused: tuple[RefusedEntry, ...]
    refused_count: int  # all of them; `refused` stops at the report's line limit
    exceptions: tuple[ExceptionLine, ...]
    exception_count: int
    exception_counts: tuple[ExceptionCount, ...]
    forks: tuple[ForkLine, ...]

    @property
    def devices(self) -> tuple[tuple[LocationDay, DeviceDay], ...]:
        return tuple((location, device) for location in self.locations for device in location.devices)

    @property
    def tills(self) -> tuple[tuple[LocationDay, TillLine], ...]:
        return tuple((location, till) for location in self.locations for till in location.tills)

    @property
    def tellers(self) -> tuple[tuple[LocationDay, TellerTotal], ...]:
        return tuple((location, teller) for location in self.locations for teller in location.tellers)


def parse_reconciliation(data: Any) -> ReconciliationReport:
    """The answer of GET /v1/reconciliation; MalformedAnswer naming the first wrong field."""
    return read_answer("the reconciliation answer", data, _report)


def _report(answer: WireObject) -> ReconciliationReport:
    issues = tuple(map(_issue, answer.objects("issues")))
    unresolved = answer.flag("unresolved")
    if unresolved != bool(issues):  # the server's own rule: unresolved exactly while issues remain
        raise answer.wrong("unresolved", f"{unresolved} with {len(issues)} issue(s)")
    refused = tuple(map(_refused, answer.objects("refused")))
    exceptions = tuple(map(_exception, answer.objects("exceptions")))
    report = ReconciliationReport(
        business_date=answer.day("business_date"),
        location_code=answer.optional_text("location_code"),
        generated_at=answer.timestamp("generated_at"),
        unresolved=unresolved,
        issues=issues,
        totals=tuple(map(_kind_total, answer.objects("totals"))),
        locations=tuple(map(_location, answer.objects("locations"))),
        refused=refused,
        refused_count=answer.whole("refused_count"),
        exceptions=exceptions,
        exception_count=answer.whole("exception_count"),
        exception_counts=tuple(
            ExceptionCount(item.text("code"), item.whole("open"), item.whole("resolved"))
            for item in answer.objects("exception_counts")
        ),
        forks=tuple(map(_fork, answer.objects("forks"))),
    )
    if report.refused_count < len(refused):
        raise answer.wrong("refused_count", f"{report.refused_count}, but {len(refused)} are listed")
    if report.exception_count < len(exceptions):
        raise answer.wrong("exception_count", f"{report.exception_count}, but {len(exceptions)} are listed")
    return report


def _issue(item: WireObject) -> Issue:
    return Issue(
        kind=item.text("kind"),
        location_code=item.text("location_code"),
        device_code=item.text("device_code"),
        subject=item.text("subject"),
        message=item.text("message", allow_empty=True),
    )


def _kind_total(item: WireObject) -> KindTotal:
    return KindTotal(kind=item.text("kind"), count=item.whole("count"), amount=item.money("amount_cents"))


def _location(item: WireObject) -> LocationDay:
    return LocationDay(
        code=item.text("code"),
        kind=item.text("kind"),
        name=item.text("name"),
        devices=tuple(map(_device, item.objects("devices"))),
        totals=tuple(map(_kind_total, item.objects("totals"))),
        tills=tuple(map(_till, item.objects("tills"))),
        tellers=tuple(
            TellerTotal(
                user_id=teller.text("user_id"),
                name=teller.text("name"),
                tills=teller.whole("tills"),
                over=teller.money("over_cents"),
                short=teller.money("short_cents"),
            )
            for teller in item.objects("tellers")
        ),
        cash_positions=tuple(
            CashPosition(
                account=position.text("account"),
                opening=position.money("opening_cents", allow_negative=True),
                movement=position.money("movement_cents", allow_negative=True),
                closing=position.money("closing_cents", allow_negative=True),
            )
            for position in item.objects("cash_positions")
        ),
    )


def _device(item: WireObject) -> DeviceDay:
    gap = item.optional_object("gap")
    return DeviceDay(
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
        clock_skew_s=item.optional_whole("clock_skew_s", minimum=None),
        clock_skew_flagged=item.flag("clock_skew_flagged"),
        gap=None
        if gap is None
        else Gap(
            never_synced=gap.flag("never_synced"),
            since=gap.timestamp("since"),
            last_sequence=gap.whole("last_sequence"),
        ),
    )


def _till(item: WireObject) -> TillLine:
    return TillLine(
        device_code=item.text("device_code"),
        teller=item.text("teller"),
        teller_name=item.text("teller_name"),
        opened_reference=item.optional_text("opened_reference"),
        closed_reference=item.optional_text("closed_reference"),
        opening_float=item.optional_money("opening_float_cents"),
        expected=item.money("expected_cents", allow_negative=True),
        declared=item.optional_money("declared_cents"),
        difference=item.optional_money("difference_cents", allow_negative=True),
        booked_over_short=item.money("booked_over_short_cents", allow_negative=True),
        status=item.text("status"),
    )


def _refused(item: WireObject) -> RefusedEntry:
    return RefusedEntry(
        device_code=item.text("device_code"),
        sequence=item.whole("sequence", minimum=1),
        reference=item.text("reference"),
        kind=item.text("kind"),
        amount=item.money("amount_cents"),
        code=item.optional_text("code"),
        message=item.text("message", allow_empty=True),
    )


def _exception(item: WireObject) -> ExceptionLine:
    return ExceptionLine(
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


def _fork(item: WireObject) -> ForkLine:
    return ForkLine(
        device_code=item.text("device_code"),
        first_sequence=item.whole("first_sequence", minimum=1),
        last_sequence=item.whole("last_sequence", minimum=1),
        detected_at=item.timestamp("detected_at"),
        device_frozen=item.flag("device_frozen"),
    )
