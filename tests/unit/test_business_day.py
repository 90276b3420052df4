"""The bank's business day is Nairobi's, as the counters date their entries."""

from __future__ import annotations

import pytest

from shared_core.business_day import bank_date, bank_day_bounds, has_begun
from shared_core.errors import InvalidInput


@pytest.mark.parametrize(
    ("now", "day"),
    [
        ("2026-11-24T00:00:00.000000Z", "2026-11-24"),  # 03:00 in Nairobi
        ("2026-11-24T20:59:59.999999Z", "2026-11-24"),  # 23:59:59 in Nairobi
        ("2026-11-24T21:00:00.000000Z", "2026-11-25"),  # midnight in Nairobi: the next day has begun
        ("2026-12-31T21:30:00.000000Z", "2027-01-01"),  # and the next year
    ],
)
def test_the_bank_day_turns_at_midnight_in_nairobi(now: str, day: str) -> None:
    assert bank_date(now) == day


def test_a_day_has_begun_from_its_first_moment_in_nairobi() -> None:
    assert not has_begun("2026-11-25", "2026-11-24T20:59:59.999999Z")
    assert has_begun("2026-11-25", "2026-11-24T21:00:00.000000Z")
    assert has_begun("2026-11-24", "2026-11-24T21:00:00.000000Z")  # yesterday stays begun
    assert not has_begun("2026-11-26", "2026-11-24T23:59:59.999999Z")


def test_a_moment_not_in_the_wire_form_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput, match="timestamp"):
        bank_date("2026-11-24 21:00")


def test_the_banks_day_runs_from_midnight_to_midnight_in_nairobi() -> None:
    assert bank_day_bounds("2026-11-25") == ("2026-11-24T21:00:00.000000Z", "2026-11-25T21:00:00.000000Z")
    start, end = bank_day_bounds("2027-01-01")
    assert (bank_date(start), bank_date(end)) == ("2027-01-01", "2027-01-02")
