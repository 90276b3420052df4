"""The reconciliation report's wire shape, written once (shared_core.reconciliation_report): what the
server sends is what head office's desktop reads back, value for value; an answer not as the server
builds it is refused with its field named; a code a newer server knows and this release does not is
kept as written. And the rules that decide the day (shared_core.reconciliation_rules).

The worked example is Nairobi CBD on 2026-11-24:

    K7Q2  Wanjiru's till: opened with 50,000.00; the journal says 53,000.00; she counted 53,100.00,
          and 100.00 over was booked. Balanced against the books: over, not disagreeing.
    P3Q9  enrolled at 06:00 that morning and never synced: a gap, unresolved.
    M4T8  refused a transfer (insufficient funds) and raised EX-7 on wallet:C0001234, still open.
    The vault opened at 2,000,000.00, took in 10,000.00 and closed at 2,010,000.00.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core.money import Money, amount_cents_max
from shared_core.operations import OperationKind
from shared_core.reconciliation_report import (
    CashPosition,
    DeviceDay,
    ExceptionCount,
    ExceptionLine,
    ForkLine,
    Gap,
    Issue,
    IssueKind,
    KindTotal,
    LocationDay,
    ReconciliationReport,
    RefusedEntry,
    SkewSource,
    TellerTotal,
    TillLine,
    TillStatus,
)
from shared_core.reconciliation_rules import add_totals, find_issues, teller_totals, till_status
from shared_core.wire_object import WrongField, read_wire
from tests.wire_samples import MISSING, altered, device_day


def KES(shillings: int) -> Money:
    return Money(shillings * 100)


def day_wire() -> dict[str, Any]:
    """The worked example as the server sends it (GET /v1/reconciliation)."""
    return {
        "business_date": "2026-11-24",
        "location_code": "NBO-001",
        "generated_at": "2026-11-24T17:00:00.000000Z",
        "unresolved": True,
        "issues": [
            {"kind": "gap", "location_code": "NBO-001", "device_code": "P3Q9", "subject": "P3Q9",
             "message": "Device P3Q9 never synced since its enrolment at 2026-11-24T06:00:00.000000Z: its "
             "entries of the day may not have arrived"},
            {"kind": "open_exception", "location_code": "NBO-001", "device_code": "M4T8", "subject": "EX-7",
             "message": "EX-7 offline_overdraft on wallet:C0001234: KES 1,500.00 (BR-M4T8-000037-H) is open"},
        ],
        "totals": [{"kind": "cash_deposit", "count": 4, "amount_cents": 10_000_00}],
        "locations": [
            {
                "code": "NBO-001",
                "kind": "branch",
                "name": "Nairobi CBD Branch",
                "devices": [
                    device_day("K7Q2"),
                    device_day("M4T8", clock_skew_s=-600, clock_skew_source="estimated", clock_skew_flagged=True),
                    device_day(
                        "P3Q9", enrolled_at="2026-11-24T06:00:00.000000Z", last_batch_at=None, last_sequence=0,
                        batches_received=0, first_sequence_of_day=None, last_sequence_of_day=None, entries=0,
                        booked=0, rejected=0, clock_skew_s=None, clock_skew_source=None,
                        gap={"never_synced": True, "since": "2026-11-24T06:00:00.000000Z", "last_sequence": 0},
                    ),
                ],
                "totals": [{"kind": "cash_deposit", "count": 4, "amount_cents": 10_000_00}],
                "tills": [
                    {"device_code": "K7Q2", "teller": "wanjiru", "teller_name": "Wanjiru Kamau",
                     "opened_reference": "BR-K7Q2-000031-A", "closed_reference": "BR-K7Q2-000040-B",
                     "opening_float_cents": 50_000_00, "expected_cents": 53_000_00, "declared_cents": 53_100_00,
                     "difference_cents": 100_00, "booked_over_short_cents": 100_00, "status": "over"},
                ],
                "tellers": [
                    {"user_id": "wanjiru", "name": "Wanjiru Kamau", "tills": 1, "over_cents": 100_00,
                     "short_cents": 0},
                ],
                "cash_positions": [
                    {"account": "vault:NBO-001", "opening_cents": 2_000_000_00, "movement_cents": 10_000_00,
                     "closing_cents": 2_010_000_00},
                ],
            },
        ],
        "refused": [
            {"device_code": "M4T8", "sequence": 36, "reference": "BR-M4T8-000036-F", "kind": "transfer",
             "amount_cents": 1_000_00, "code": "insufficient_funds",
             "message": "The payer's wallet holds less than the transfer"},
        ],
        "refused_count": 1,
        "exceptions": [
            {"label": "EX-7", "code": "offline_overdraft", "status": "open", "device_code": "M4T8", "sequence": 37,
             "reference": "BR-M4T8-000037-H", "account": "wallet:C0001234", "amount_cents": 1_500_00, "note": None},
        ],
        "exception_count": 1,
        "exception_counts": [{"code": "offline_overdraft", "open": 1, "resolved": 0}],
        "forks": [],
    }  # fmt: skip


def read(wire: dict[str, Any]) -> ReconciliationReport:
    return read_wire(wire, ReconciliationReport.from_wire)


# --- the worked example -----------------------------------------------------------------------------


def test_the_day_reads_into_the_values_head_office_checks() -> None:
    report = read(day_wire())

    assert report.business_date == date(2026, 11, 24) and report.unresolved
    assert [(issue.kind, issue.subject) for issue in report.issues] == [
        (IssueKind.GAP, "P3Q9"),
        (IssueKind.OPEN_EXCEPTION, "EX-7"),
    ]
    ((location, till),) = report.tills
    assert (location.code, till.teller, till.status) == ("NBO-001", "wanjiru", TillStatus.OVER)
    assert (till.expected, till.declared, till.difference, till.booked_over_short) == (
        KES(53_000),
        KES(53_100),
        KES(100),
        KES(100),
    )
    devices = {device.device_code: device for _, device in report.devices}
    assert devices["P3Q9"].gap == Gap(never_synced=True, since="2026-11-24T06:00:00.000000Z", last_sequence=0)
    assert (devices["M4T8"].clock_skew_s, devices["M4T8"].clock_skew_source) == (-600, SkewSource.ESTIMATED)
    assert (devices["P3Q9"].clock_skew_s, devices["P3Q9"].clock_skew_source) == (None, None)
    assert report.refused[0].kind is OperationKind.TRANSFER and report.refused[0].amount == KES(1_000)
    assert location.cash_positions == (
        CashPosition("vault:NBO-001", KES(2_000_000), KES(10_000), KES(2_010_000)),
    )


def test_the_day_is_sent_again_exactly_as_it_was_read() -> None:
    wire = day_wire()
    assert json.dumps(read(wire).to_wire(), sort_keys=True) == json.dumps(wire, sort_keys=True)


# --- any report, there and back -------------------------------------------------------------------------

_TEXT = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .:'-]{0,15}", fullmatch=True)
_TIME = st.datetimes(datetime(2024, 1, 1), datetime(2030, 12, 31)).map(
    lambda moment: moment.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
)
_CENTS = st.integers(0, amount_cents_max // 2).map(Money)  # halves: an opening plus the day stays in range
_SIGNED_CENTS = st.integers(-(amount_cents_max // 2), amount_cents_max // 2).map(Money)
_NEW_CODE = st.from_regex(r"newer_[a-z]{1,8}", fullmatch=True)  # a code only a newer server knows


def _code(kind: Any) -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(list(kind)), _NEW_CODE)


_SEQUENCE = st.integers(1, 10**6)
_COUNT = st.integers(0, 10**4)
_KIND_TOTALS = st.lists(st.builds(KindTotal, _code(OperationKind), _COUNT, _CENTS), max_size=3).map(tuple)


@st.composite
def _device(draw: st.DrawFn) -> DeviceDay:
    skew = draw(st.none() | st.integers(-(10**6), 10**6))
    return DeviceDay(
        device_code=draw(_TEXT), channel=draw(_TEXT), status=draw(_TEXT), enrolled_at=draw(_TIME),
        last_batch_at=draw(st.none() | _TIME), last_sequence=draw(_COUNT), batches_received=draw(_COUNT),
        first_sequence_of_day=draw(st.none() | _SEQUENCE), last_sequence_of_day=draw(st.none() | _SEQUENCE),
        entries=draw(_COUNT), booked=draw(_COUNT), booked_with_exception=draw(_COUNT), rejected=draw(_COUNT),
        awaiting_approval=draw(_COUNT), id_taken=draw(_COUNT), clock_skew_s=skew,
        clock_skew_source=None if skew is None else draw(_code(SkewSource)), clock_skew_flagged=draw(st.booleans()),
        gap=draw(st.none() | st.builds(Gap, st.booleans(), _TIME, _COUNT)),
    )  # fmt: skip


_TILL = st.builds(
    TillLine,
    _TEXT,
    _TEXT,
    _TEXT,
    st.none() | _TEXT,
    st.none() | _TEXT,
    st.none() | _CENTS,
    _SIGNED_CENTS,
    st.none() | _CENTS,
    _SIGNED_CENTS,
    _code(TillStatus),
)
_POSITION = st.builds(
    lambda account, opening, movement: CashPosition(account, opening, movement, opening + movement),
    _TEXT,
    _SIGNED_CENTS,
    _SIGNED_CENTS,
)
_LOCATION = st.builds(
    LocationDay,
    _TEXT,
    _TEXT,
    _TEXT,
    st.lists(_device(), max_size=3).map(tuple),
    _KIND_TOTALS,
    st.lists(_TILL, max_size=2).map(tuple),
    st.lists(st.builds(TellerTotal, _TEXT, _TEXT, _COUNT, _CENTS, _CENTS), max_size=2).map(tuple),
    st.lists(_POSITION, max_size=2).map(tuple),
)
_ISSUE = st.builds(Issue, _code(IssueKind), _TEXT, _TEXT, _TEXT, _TEXT | st.just(""))
_REFUSED = st.builds(
    RefusedEntry,
    _TEXT,
    _SEQUENCE,
    _TEXT,
    _code(OperationKind),
    _CENTS,
    st.none() | _TEXT,
    _TEXT | st.just(""),
)
_EXCEPTION = st.builds(
    ExceptionLine,
    _TEXT,
    _TEXT,
    st.sampled_from(["open", "resolved"]),
    _TEXT,
    _SEQUENCE,
    _TEXT,
    st.none() | _TEXT,
    _CENTS,
    st.none() | _TEXT | st.just(""),
)
_FORK = st.builds(ForkLine, _TEXT, _SEQUENCE, _SEQUENCE, _TIME, st.booleans())


@st.composite
def _report(draw: st.DrawFn) -> ReconciliationReport:
    refused = tuple(draw(st.lists(_REFUSED, max_size=2)))
    counts = tuple(draw(st.lists(st.builds(ExceptionCount, _TEXT, _COUNT, _COUNT), max_size=3)))
    exception_count = sum(count.open + count.resolved for count in counts)
    exceptions = tuple(draw(st.lists(_EXCEPTION, max_size=min(2, exception_count))))
    return ReconciliationReport(
        business_date=draw(st.dates(date(2024, 1, 1), date(2030, 12, 31))),
        location_code=draw(st.none() | _TEXT),
        generated_at=draw(_TIME),
        issues=tuple(draw(st.lists(_ISSUE, max_size=3))),
        totals=draw(_KIND_TOTALS),
        locations=tuple(draw(st.lists(_LOCATION, max_size=2))),
        refused=refused,
        refused_count=len(refused) + draw(_COUNT),
        exceptions=exceptions,
        exception_count=exception_count,
        exception_counts=counts,
        forks=tuple(draw(st.lists(_FORK, max_size=2))),
    )


@settings(max_examples=150, deadline=None)
@given(_report())
def test_any_report_the_server_builds_reads_back_the_same_through_json(report: ReconciliationReport) -> None:
    wire = report.to_wire()
    again = read(json.loads(json.dumps(wire)))
    assert again == report
    assert again.to_wire() == wire
    assert wire["unresolved"] is bool(report.issues)


# --- answers not as the server builds them ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "field", "problem"),
    [
        (("unresolved",), False, "unresolved", "False with 2 issue(s)"),
        (("issues",), [], "unresolved", "True with 0 issue(s)"),
        (("refused_count",), 0, "refused_count", "0, but 1 are listed"),
        (("exception_count",), 0, "exception_count", "0, but 1 are listed"),
        (("exception_count",), 2, "exception_count", "the counts by code add up to 1"),
        (("locations", 0, "tills", 0, "difference_cents"), 0, "locations[0].tills[0].difference_cents",
         "the count less the journal is 10000"),
        (("locations", 0, "tills", 0, "difference_cents"), None, "locations[0].tills[0].difference_cents",
         "the count less the journal is 10000"),
        (("locations", 0, "cash_positions", 0, "closing_cents"), 2_000_000_00,
         "locations[0].cash_positions[0].closing_cents", "the opening plus the day is 201000000"),
        (("locations", 0, "devices", 0, "clock_skew_source"), None, "locations[0].devices[0].clock_skew_source",
         "None for a clock skew of 4"),
        (("locations", 0, "devices", 2, "clock_skew_source"), "recorded",
         "locations[0].devices[2].clock_skew_source", "'recorded' for a clock skew of None"),
        (("locations", 0, "devices", 0, "clock_skew_source"), MISSING, "locations[0].devices[0].clock_skew_source",
         "missing"),
        (("locations", 0, "devices", 1, "entries"), "8", "locations[0].devices[1].entries", "not a whole number"),
        (("locations", 0, "tills", 0, "declared_cents"), 53_100.0, "locations[0].tills[0].declared_cents",
         "not a whole number"),
        (("refused", 0, "amount_cents"), -100, "refused[0].amount_cents", "below 0"),
        (("locations", 0, "devices", 2, "gap", "since"), "24/11/2026", "locations[0].devices[2].gap.since",
         "UTC time"),
        (("business_date",), "2026-11-24T00:00:00Z", "business_date", "not a date"),
        (("exceptions", 0, "label"), MISSING, "exceptions[0].label", "missing"),
        (("forks",), {}, "forks", "not a list"),
        (("issues", 0, "kind"), 7, "issues[0].kind", "not text"),
    ],
)  # fmt: skip
def test_an_answer_not_as_the_server_builds_it_is_refused_naming_the_field(
    path: tuple[Any, ...], value: Any, field: str, problem: str
) -> None:
    with pytest.raises(WrongField) as wrong:
        read(altered(day_wire(), path, value))
    assert wrong.value.field == field and problem in wrong.value.problem


# --- codes a newer server knows ---------------------------------------------------------------------------


def test_codes_this_release_does_not_know_are_kept_as_written_and_sent_on_unchanged() -> None:
    wire = day_wire()
    wire["issues"][0]["kind"] = "cash_in_transit_missing"
    wire["locations"][0]["tills"][0]["status"] = "recounted"
    wire["locations"][0]["totals"][0]["kind"] = "mobile_money_sweep"
    wire["locations"][0]["devices"][0]["clock_skew_source"] = "gps"
    wire["refused"][0]["kind"] = "cheque_deposit"

    report = read(wire)

    assert report.issues[0].kind == "cash_in_transit_missing" and not isinstance(
        report.issues[0].kind, IssueKind
    )
    assert report.issues[1].kind is IssueKind.OPEN_EXCEPTION  # the known one is still the member
    assert report.locations[0].tills[0].status == "recounted"
    assert report.locations[0].totals[0].kind == "mobile_money_sweep"
    assert report.locations[0].devices[0].clock_skew_source == "gps"
    assert report.refused[0].kind == "cheque_deposit"
    assert report.unresolved  # an issue of an unknown kind still keeps the day open
    assert report.to_wire() == wire


# --- the rules that decide the report ---------------------------------------------------------------------


def test_gaps_tills_open_exceptions_and_frozen_forks_keep_the_day_open_in_that_order() -> None:
    def till(device: str, status: TillStatus, declared: Money | None, booked: Money) -> TillLine:
        return TillLine(device, "wanjiru", "Wanjiru Kamau", f"BR-{device}-000001-A",
                        None if declared is None else f"BR-{device}-000009-B", KES(50_000), KES(53_000), declared,
                        booked, status)  # fmt: skip

    silent = DeviceDay("P3Q9", "branch", "active", "2026-11-24T06:00:00.000000Z", None, 0, 0, None, None,
                       0, 0, 0, 0, 0, 0, None, None, False, Gap(True, "2026-11-24T06:00:00.000000Z", 0))  # fmt: skip
    nairobi = LocationDay(
        "NBO-001", "branch", "Nairobi CBD Branch", (silent,), (),
        (till("K7Q2", TillStatus.OVER, KES(53_100), KES(100)),  # counted and booked alike: fine
         till("M4T8", TillStatus.NOT_CLOSED, None, Money(0)),
         till("R2D2", TillStatus.DISAGREES, KES(53_100), Money(0))),  # 100.00 over, nothing booked
        (), (),
    )  # fmt: skip
    exceptions = (
        ExceptionLine("EX-7", "offline_overdraft", "open", "X9P3", 12, "AG-X9P3-000012-K", "wallet:C0001234",
                      KES(1_500), None),
        ExceptionLine("EX-8", "offline_overdraft", "resolved", "X9P3", 13, "AG-X9P3-000013-M", None, KES(10), None),
    )  # fmt: skip
    forks = (
        ForkLine("X9P3", 20, 24, "2026-11-24T11:00:00.000000Z", True),
        ForkLine("K7Q2", 5, 6, "2026-11-24T10:00:00.000000Z", False),  # released by head office
    )
    location_of = {"X9P3": "AG-0042", "K7Q2": "NBO-001"}

    issues = find_issues([nairobi], exceptions, forks, location_of)

    assert [(issue.kind, issue.location_code, issue.subject) for issue in issues] == [
        (IssueKind.GAP, "NBO-001", "P3Q9"),
        (IssueKind.TILL_NOT_CLOSED, "NBO-001", "BR-M4T8-000001-A"),
        (IssueKind.TILL_DISAGREES, "NBO-001", "BR-R2D2-000009-B"),
        (IssueKind.OPEN_EXCEPTION, "AG-0042", "EX-7"),
        (IssueKind.FORK, "AG-0042", "X9P3"),
    ]
    assert (
        "the count KES 53,100.00 less the journal's KES 53,000.00 is KES 100.00, but KES 0.00 was booked"
        in (issues[2].message)
    )


def test_totals_add_up_by_kind_in_the_order_of_operations_with_unknown_kinds_last() -> None:
    totals = add_totals([
        KindTotal(OperationKind.CASH_WITHDRAWAL, 2, KES(4_000)),
        KindTotal("mobile_money_sweep", 1, KES(9)),
        KindTotal(OperationKind.CASH_DEPOSIT, 3, KES(6_000)),
        KindTotal(OperationKind.CASH_WITHDRAWAL, 1, KES(1_000)),
    ])  # fmt: skip
    assert totals == (
        KindTotal(OperationKind.CASH_DEPOSIT, 3, KES(6_000)),
        KindTotal(OperationKind.CASH_WITHDRAWAL, 3, KES(5_000)),
        KindTotal("mobile_money_sweep", 1, KES(9)),
    )


@pytest.mark.parametrize(
    ("declared", "booked", "status"),
    [
        (None, 0, TillStatus.NOT_CLOSED),  # no count yet, whatever was booked
        (53_000, 0, TillStatus.BALANCED),
        (53_100, 100, TillStatus.OVER),
        (52_900, -100, TillStatus.SHORT),
        (53_100, 0, TillStatus.DISAGREES),  # counted 100 over, nothing booked
        (53_000, -100, TillStatus.DISAGREES),  # counted even, a shortage booked
    ],
)
def test_a_tills_day_ends_by_its_count_against_the_journal_and_what_was_booked(
    declared: int | None, booked: int, status: TillStatus
) -> None:
    counted = None if declared is None else KES(declared)
    assert till_status(counted, KES(53_000), KES(booked)) == status


def test_each_teller_adds_up_the_over_and_short_of_the_tills_they_closed() -> None:
    def till(teller: str, expected: int, declared: int | None) -> TillLine:
        counted = None if declared is None else KES(declared)
        booked = KES(0) if counted is None else counted - KES(expected)
        return TillLine("K7Q2", teller, teller.title(), None, None, KES(0), KES(expected), counted, booked,
                        till_status(counted, KES(expected), booked))

    tills = [
        till("wanjiru", 50_000, 50_100),
        till("achieng", 40_000, 39_900),
        till("wanjiru", 20_000, 19_950),  # her second till: short by 50
        till("wanjiru", 10_000, 10_000),
        till("baraka", 5_000, None),  # not closed: counts for nobody yet
    ]
    assert teller_totals(tills) == (
        TellerTotal("achieng", "Achieng", 1, KES(0), KES(100)),
        TellerTotal("wanjiru", "Wanjiru", 3, KES(100), KES(50)),
    )
