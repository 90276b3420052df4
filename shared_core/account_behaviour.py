"""How a customer has used their own account: the ledger facts retail credit scoring reads.

From the account's movements (oldest first) and the balance before them, as of a given day:
the average end-of-day balance over the last N days, in how many of the last M complete calendar
months money came in, the average inflow a month, and how long the customer has been with the bank.
Pure arithmetic on integer cents, so the device and the server compute the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from shared_core.errors import InvalidInput
from shared_core.money import Money

balance_window_days_default = 90
regularity_window_months_default = 6
balance_window_days_max = 366
regularity_window_months_max = 24
# Years of a busy wallet. A longer history need not be passed whole: the movements since the start
# of the windows, with the balance before them as the opening balance, give the same figures.
movements_max = 200_000


@dataclass(frozen=True, slots=True)
class AccountBehaviour:
    """The customer's account behaviour as of one day; build it with `account_behaviour`."""

    as_of: date
    average_balance: Money  # average end-of-day balance over the balance window; negative if overdrawn
    balance_window_days: int
    months_with_inflow: int  # complete calendar months of the regularity window with money coming in
    regularity_window_months: int
    average_monthly_inflow: Money  # inflows in the regularity window divided by its months
    tenure_days: int  # days from registration to as_of

    def __post_init__(self) -> None:
        _require_date(self.as_of, "as_of")
        if not isinstance(self.average_balance, Money) or not isinstance(self.average_monthly_inflow, Money):
            raise TypeError("AccountBehaviour holds Money amounts")
        _require_window(self.balance_window_days, "balance_window_days", balance_window_days_max)
        _require_window(
            self.regularity_window_months, "regularity_window_months", regularity_window_months_max
        )
        if (
            type(self.months_with_inflow) is not int
            or not 0 <= self.months_with_inflow <= self.regularity_window_months
        ):
            raise InvalidInput(
                f"months_with_inflow: {self.months_with_inflow!r} is not between 0 and the "
                f"{self.regularity_window_months} months looked at",
                field="months_with_inflow",
            )
        if self.average_monthly_inflow.is_negative:
            raise InvalidInput("average_monthly_inflow: inflows cannot add up to less than zero")
        if type(self.tenure_days) is not int or self.tenure_days < 0:
            raise InvalidInput(f"tenure_days: {self.tenure_days!r} is not a number of days, 0 or more")


def account_behaviour(
    movements: Sequence[tuple[date, Money]],
    opening_balance: Money,
    registered_on: date,
    as_of: date,
    *,
    balance_window_days: int = balance_window_days_default,
    regularity_window_months: int = regularity_window_months_default,
) -> AccountBehaviour:
    """The account's behaviour as of the end of `as_of`.

    `movements` are (day, signed change) pairs, oldest first; `opening_balance` is the balance before
    the first of them. Movements after `as_of` are left out, so the same ledger answers for any past
    day. Days before registration count as a zero balance and months before it as months without
    inflow: a short history never looks better than a long one. An inflow is any positive change;
    the caller leaves out what should not count (a loan disbursed into the wallet, a reversal).
    """
    _require_date(registered_on, "registered_on")
    _require_date(as_of, "as_of")
    if registered_on > as_of:
        raise InvalidInput(f"registered_on {registered_on} is after the day scored, {as_of}")
    if not isinstance(opening_balance, Money):
        raise TypeError(f"opening_balance must be Money, got {type(opening_balance).__name__}")
    _require_window(balance_window_days, "balance_window_days", balance_window_days_max)
    _require_window(regularity_window_months, "regularity_window_months", regularity_window_months_max)
    changes = _changes_up_to(movements, registered_on, as_of)

    # Average balance: every day of the window ends with a balance; their mean, to the cent.
    window_start = as_of - timedelta(days=balance_window_days - 1)
    balance = opening_balance.cents + sum(cents for day, cents in changes if day < window_start)
    by_day: dict[date, int] = {}
    for day, cents in changes:
        if day >= window_start:
            by_day[day] = by_day.get(day, 0) + cents
    balance_days_total = 0
    for offset in range(balance_window_days):
        day = window_start + timedelta(days=offset)
        balance += by_day.get(day, 0)
        balance_days_total += balance if day >= registered_on else 0

    # Regularity: the complete calendar months before the month of as_of (the current month is
    # still running; a salary due on the 28th must not count against a customer scored on the 3rd).
    first_month = _months_before(as_of.replace(day=1), regularity_window_months)
    this_month = as_of.replace(day=1)
    inflow_months: set[tuple[int, int]] = set()
    inflow_total = 0
    for day, cents in changes:
        if cents > 0 and first_month <= day < this_month:
            inflow_months.add((day.year, day.month))
            inflow_total += cents

    return AccountBehaviour(
        as_of=as_of,
        average_balance=Money(_divide_half_away_from_zero(balance_days_total, balance_window_days)),
        balance_window_days=balance_window_days,
        months_with_inflow=len(inflow_months),
        regularity_window_months=regularity_window_months,
        average_monthly_inflow=Money(_divide_half_away_from_zero(inflow_total, regularity_window_months)),
        tenure_days=(as_of - registered_on).days,
    )


def _changes_up_to(
    movements: Sequence[tuple[date, Money]], registered_on: date, as_of: date
) -> list[tuple[date, int]]:
    """The movements up to as_of as (day, cents), refusing any out of order or before registration."""
    if isinstance(movements, (str, bytes)) or not isinstance(movements, Sequence):
        raise TypeError("movements is a sequence of (date, Money) pairs, oldest first")
    if len(movements) > movements_max:
        raise InvalidInput(
            f"{len(movements)} movements is more than the {movements_max} scoring reads; pass the movements "
            "since the start of the windows with the balance before them",
            count=len(movements),
        )
    changes: list[tuple[date, int]] = []
    previous: date | None = None
    for number, movement in enumerate(movements, start=1):
        if not isinstance(movement, tuple) or len(movement) != 2:
            raise TypeError(f"movement {number} is not a (date, Money) pair")
        day, change = movement
        _require_date(day, f"movement {number}")
        if not isinstance(change, Money):
            raise TypeError(f"movement {number}: the change must be Money, got {type(change).__name__}")
        if previous is not None and day < previous:
            raise InvalidInput(
                f"movement {number} on {day} comes after one on {previous}: movements go oldest first",
                movement=number,
            )
        if day < registered_on:
            raise InvalidInput(
                f"movement {number} on {day} is before the customer registered on {registered_on}",
                movement=number,
            )
        previous = day
        if day <= as_of:
            changes.append((day, change.cents))
    return changes


def _months_before(first_of_month: date, months: int) -> date:
    """The first day of the month `months` calendar months before `first_of_month`."""
    index = first_of_month.year * 12 + first_of_month.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _divide_half_away_from_zero(numerator: int, denominator: int) -> int:
    """numerator / denominator to the nearest integer, halves away from zero (Decimal's ROUND_HALF_UP)."""
    assert denominator > 0
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def _require_date(value: object, field: str) -> None:
    # A datetime is a date to Python, but a time of day here would be a bug upstream.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{field} must be a date, got {type(value).__name__}")


def _require_window(value: object, field: str, maximum: int) -> None:
    if type(value) is not int or not 1 <= value <= maximum:
        raise InvalidInput(f"{field}: {value!r} is outside 1..{maximum}", field=field)
