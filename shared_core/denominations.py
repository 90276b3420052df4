"""Counting a till: KES notes and coins, and what a count adds up to.

Over and short are judged against the till's balance in the journal; a count is only data
the teller types, so it is validated here before anything is booked from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from shared_core.errors import InvalidInput
from shared_core.money import Money

pieces_per_denomination_max = 100_000  # a sack of coins, not a typo of a phone number


class Form(Enum):
    NOTE = "note"
    COIN = "coin"


@dataclass(frozen=True, slots=True)
class Denomination:
    shillings: int
    form: Form

    @property
    def value(self) -> Money:
        return Money.shillings(self.shillings)

    @property
    def label(self) -> str:
        return f"KES {self.shillings:,} {self.form.value}"


# The Central Bank of Kenya's current notes and coins, largest first.
DENOMINATIONS: tuple[Denomination, ...] = (
    Denomination(1000, Form.NOTE),
    Denomination(500, Form.NOTE),
    Denomination(200, Form.NOTE),
    Denomination(100, Form.NOTE),
    Denomination(50, Form.NOTE),
    Denomination(20, Form.COIN),
    Denomination(10, Form.COIN),
    Denomination(5, Form.COIN),
    Denomination(1, Form.COIN),
)
_BY_SHILLINGS = {denomination.shillings: denomination for denomination in DENOMINATIONS}


@dataclass(frozen=True, slots=True)
class CashCount:
    """Pieces counted per denomination, as (shillings, pieces) pairs, largest denomination first."""

    pieces: tuple[tuple[int, int], ...]

    def __post_init__(self) -> None:
        seen: set[int] = set()
        for shillings, count in self.pieces:
            if shillings not in _BY_SHILLINGS:
                raise InvalidInput(
                    f"KES {shillings} is not a Kenyan note or coin; count only "
                    + ", ".join(str(d.shillings) for d in DENOMINATIONS),
                    denomination=shillings,
                )
            if shillings in seen:
                raise InvalidInput(f"KES {shillings} is counted twice", denomination=shillings)
            seen.add(shillings)
            if type(count) is not int or count < 0:
                raise InvalidInput(f"The count of KES {shillings} pieces must be a whole number, 0 or more")
            if count > pieces_per_denomination_max:
                raise InvalidInput(f"{count:,} pieces of KES {shillings} is more than a till holds; recount")

    @classmethod
    def of(cls, pieces: Mapping[int, int]) -> CashCount:
        ordered = sorted(((shillings, count) for shillings, count in pieces.items() if count), reverse=True)
        return cls(tuple(ordered))

    @property
    def total(self) -> Money:
        return Money.shillings(sum(shillings * count for shillings, count in self.pieces))

    def count_of(self, shillings: int) -> int:
        return dict(self.pieces).get(shillings, 0)


def over_short(counted: Money, expected: Money) -> Money:
    """Positive when the drawer holds more than the journal says (over), negative when short."""
    return counted - expected
