"""The rules that decide a business day's reconciliation (shared_core.reconciliation_report), pure:
what keeps the day from being reconciled, how a till's day ended and each teller's over and short,
and the booked totals added up by operation kind. The
server applies them to what it read from its books (sync_server.services.reconciliation).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from shared_core.exception_resolution import ExceptionStatus
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.reconciliation_report import (
    ExceptionLine,
    ForkLine,
    Issue,
    IssueKind,
    KindTotal,
    LocationDay,
    TellerTotal,
    TillLine,
    TillStatus,
)


def till_status(declared: Money | None, expected: Money, booked_over_short: Money) -> TillStatus:
    """How a till's day ended: NOT_CLOSED without a declared count; DISAGREES when the over or short
    booked is not the count less the journal's `expected`; else OVER, SHORT or BALANCED."""
    if declared is None:
        return TillStatus.NOT_CLOSED
    if declared - expected != booked_over_short:
        return TillStatus.DISAGREES
    if booked_over_short.is_positive:
        return TillStatus.OVER
    if booked_over_short.is_negative:
        return TillStatus.SHORT
    return TillStatus.BALANCED


def teller_totals(tills: Sequence[TillLine]) -> tuple[TellerTotal, ...]:
    """Each teller's closed tills of the day, their count, over and short (count less journal), by
    user id; a till not closed counts for nobody yet."""
    found: dict[str, tuple[str, int, Money, Money]] = {}
    for till in tills:
        difference = till.difference
        if difference is None:
            continue
        name, count, over, short = found.get(till.teller, (till.teller_name, 0, Money(0), Money(0)))
        if difference.is_positive:
            over += difference
        elif difference.is_negative:
            short -= difference
        found[till.teller] = (name, count + 1, over, short)
    return tuple(TellerTotal(user_id, *found[user_id]) for user_id in sorted(found))


def add_totals(totals: Iterable[KindTotal]) -> tuple[KindTotal, ...]:
    """Totals of the same kind added together, in the order of OperationKind; kinds this release
    does not know after them, in the order they came."""
    added: dict[OperationKind | str, tuple[int, Money]] = {}
    for total in totals:
        count, amount = added.get(total.kind, (0, Money(0)))
        added[total.kind] = (count + total.count, amount + total.amount)
    ordered = [kind for kind in OperationKind if kind in added]
    ordered += [kind for kind in added if kind not in ordered]
    return tuple(KindTotal(kind, *added[kind]) for kind in ordered)


def find_issues(
    locations: Sequence[LocationDay],
    exceptions: Sequence[ExceptionLine],
    forks: Sequence[ForkLine],
    location_of: Mapping[str, str],
) -> tuple[Issue, ...]:
    """What keeps the day from being reconciled, device by device: gaps and tills first, then open
    exceptions, then forks on devices still frozen. `location_of`: each device's location code."""
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
            if till.status == TillStatus.NOT_CLOSED:
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
            elif till.status == TillStatus.DISAGREES:
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
        if line.status != ExceptionStatus.RESOLVED:
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
