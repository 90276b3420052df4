"""A teller's end-of-day count: notes and coins add up; anything that is not KES is refused."""

from __future__ import annotations

import pytest

from shared_core.denominations import DENOMINATIONS, CashCount, over_short
from shared_core.errors import InvalidInput
from shared_core.money import Money


def test_the_kenyan_notes_and_coins() -> None:
    assert [d.shillings for d in DENOMINATIONS] == [1000, 500, 200, 100, 50, 20, 10, 5, 1]
    assert DENOMINATIONS[0].label == "KES 1,000 note"
    assert DENOMINATIONS[-1].label == "KES 1 coin"


def test_a_count_adds_up() -> None:
    # 12 x 1000 + 3 x 500 + 7 x 50 + 4 x 20 + 9 x 1 = 12,000 + 1,500 + 350 + 80 + 9
    count = CashCount.of({1000: 12, 500: 3, 50: 7, 20: 4, 1: 9, 200: 0})
    assert count.total == Money.shillings(13_939)
    assert count.pieces == ((1000, 12), (500, 3), (50, 7), (20, 4), (1, 9))
    assert count.count_of(200) == 0


@pytest.mark.parametrize(
    "pieces",
    [{2000: 1}, {40: 1}, {1000: -1}, {1000: 100_001}],
)
def test_counts_that_cannot_be_right_are_refused(pieces: dict[int, int]) -> None:
    with pytest.raises(InvalidInput):
        CashCount.of(pieces)


def test_a_float_count_is_refused() -> None:
    with pytest.raises(InvalidInput):
        CashCount(((1000, 1.5),))  # type: ignore[arg-type]


def test_a_denomination_counted_twice_is_refused() -> None:
    with pytest.raises(InvalidInput, match="counted twice"):
        CashCount(((1000, 1), (1000, 2)))


def test_over_and_short() -> None:
    assert over_short(Money.shillings(10_050), Money.shillings(10_000)) == Money.shillings(50)
    assert over_short(Money.shillings(9_900), Money.shillings(10_000)) == Money.shillings(-100)
    assert over_short(Money.shillings(10_000), Money.shillings(10_000)) == Money(0)
