"""Account behaviour: the ledger facts retail scoring reads, worked by hand.

Juma registered on 20 September 2025 and deposited KES 8,000 that day. On the 28th of every month
his salary of KES 15,000 arrives and he withdraws the same amount the same day, so every day ends at
KES 8,000. Scored on 24 November 2026: 430 days with the bank (14 months), an average balance of
KES 8,000, money in during all six complete months May-October 2026, KES 15,000 a month.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_core.account_behaviour import AccountBehaviour, account_behaviour
from shared_core.errors import InvalidInput
from shared_core.money import Money

KES = Money.shillings
AS_OF = date(2026, 11, 24)
REGISTERED = date(2025, 9, 20)


def juma_ledger() -> list[tuple[date, Money]]:
    movements = [(REGISTERED, KES(8_000))]
    year, month = 2025, 9
    while date(year, month, 28) <= AS_OF:
        movements += [(date(year, month, 28), KES(15_000)), (date(year, month, 28), -KES(15_000))]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return movements


def test_juma_fourteen_months_of_salary_and_eight_thousand_a_day() -> None:
    behaviour = account_behaviour(juma_ledger(), Money.zero(), REGISTERED, AS_OF)
    assert behaviour == AccountBehaviour(
        as_of=AS_OF,
        average_balance=KES(8_000),
        balance_window_days=90,
        months_with_inflow=6,
        regularity_window_months=6,
        average_monthly_inflow=KES(15_000),
        tenure_days=430,
    )


def test_average_balance_is_the_mean_of_each_days_closing_balance() -> None:
    # Window 21-24 Nov: closes 1,000 / 1,300 / 1,300 / 1,200 -> 4,800 / 4 = 1,200.
    movements = [(date(2026, 11, 22), KES(300)), (date(2026, 11, 24), -KES(100))]
    behaviour = account_behaviour(movements, KES(1_000), REGISTERED, AS_OF, balance_window_days=4)
    assert behaviour.average_balance == KES(1_200)


def test_movements_before_the_window_set_its_starting_balance() -> None:
    movements = [(date(2026, 1, 5), KES(2_000)), (date(2026, 11, 23), KES(400))]
    behaviour = account_behaviour(movements, KES(500), REGISTERED, AS_OF, balance_window_days=3)
    # 22 Nov closes at 500 + 2,000; 23 and 24 Nov at 2,900: 8,300.00 / 3 = 2,766.666... -> 2,766.67.
    assert behaviour.average_balance == Money(276_667)


@pytest.mark.parametrize(
    ("closing_cents", "average_cents"),
    [
        ((1, 0), 1),  # half a cent rounds up
        ((-1, 0), -1),  # and an overdraft's half a cent away from zero, like Decimal's ROUND_HALF_UP
        ((1, 0, 0), 0),  # a third of a cent rounds down
        ((1, 1, 0), 1),  # two thirds round up
    ],
)
def test_the_average_rounds_to_the_nearest_cent_halves_away_from_zero(
    closing_cents: tuple[int, ...], average_cents: int
) -> None:
    days = len(closing_cents)
    start = AS_OF - timedelta(days=days - 1)
    movements, previous = [], 0
    for offset, closing in enumerate(closing_cents):
        movements.append((start + timedelta(days=offset), Money(closing - previous)))
        previous = closing
    behaviour = account_behaviour(movements, Money.zero(), REGISTERED, AS_OF, balance_window_days=days)
    assert behaviour.average_balance == Money(average_cents)


def test_days_before_registration_count_as_a_zero_balance() -> None:
    # Registered 15 Nov with KES 9,000: 10 days of 9,000 in a 90-day window -> KES 1,000.
    registered = date(2026, 11, 15)
    behaviour = account_behaviour([(registered, KES(9_000))], Money.zero(), registered, AS_OF)
    assert behaviour.average_balance == KES(1_000)
    assert behaviour.tenure_days == 9
    assert behaviour.months_with_inflow == 0  # the deposit is in the current month


def test_tenure_is_zero_on_the_day_of_registration() -> None:
    assert account_behaviour([], Money.zero(), AS_OF, AS_OF).tenure_days == 0


def test_movements_after_as_of_are_left_out() -> None:
    later = [*juma_ledger(), (date(2026, 11, 25), KES(1_000_000)), (date(2027, 1, 2), KES(5))]
    assert account_behaviour(later, Money.zero(), REGISTERED, AS_OF) == account_behaviour(
        juma_ledger(), Money.zero(), REGISTERED, AS_OF
    )


def test_regularity_counts_the_six_complete_months_before_the_current_one() -> None:
    # Scored 24 Nov 2026: May 1 to Oct 31 count; 30 April and anything in November do not.
    movements = [
        (date(2026, 4, 30), KES(1_000)),
        (date(2026, 5, 1), KES(600)),
        (date(2026, 10, 31), KES(600)),
        (date(2026, 11, 1), KES(5_000)),
    ]
    behaviour = account_behaviour(movements, Money.zero(), date(2026, 1, 1), AS_OF)
    assert behaviour.months_with_inflow == 2
    assert behaviour.average_monthly_inflow == KES(200)  # 1,200 over 6 months


def test_two_inflows_in_a_month_count_once_and_withdrawals_never() -> None:
    movements = [
        (date(2026, 6, 3), KES(1_000)),
        (date(2026, 6, 20), KES(2_000)),
        (date(2026, 7, 5), -KES(500)),
    ]
    behaviour = account_behaviour(movements, Money.zero(), date(2026, 1, 1), AS_OF)
    assert behaviour.months_with_inflow == 1
    assert behaviour.average_monthly_inflow == KES(500)  # 3,000 / 6


def test_the_regularity_window_crosses_the_new_year() -> None:
    # Scored 10 Feb 2026: August 2025 to January 2026.
    movements = [(date(2025, 7, 31), KES(100)), (date(2025, 8, 1), KES(100)), (date(2026, 1, 31), KES(100))]
    behaviour = account_behaviour(movements, Money.zero(), date(2025, 1, 1), date(2026, 2, 10))
    assert behaviour.months_with_inflow == 2


def test_an_average_monthly_inflow_rounds_to_the_cent() -> None:
    behaviour = account_behaviour(
        [(date(2026, 6, 3), Money(100))], Money.zero(), date(2026, 1, 1), AS_OF, regularity_window_months=3
    )
    assert behaviour.months_with_inflow == 0  # June is outside Aug-Oct
    behaviour = account_behaviour(
        [(date(2026, 9, 3), Money(100))], Money.zero(), date(2026, 1, 1), AS_OF, regularity_window_months=3
    )
    assert behaviour.average_monthly_inflow == Money(33)  # 100 cents / 3


@pytest.mark.parametrize(
    ("movements", "registered", "message"),
    [
        ([(date(2026, 5, 2), KES(1)), (date(2026, 5, 1), KES(1))], REGISTERED, "oldest first"),
        ([(date(2025, 9, 19), KES(1))], REGISTERED, "before the customer registered on 2025-09-20"),
        ([], date(2026, 11, 25), "after the day scored"),
    ],
)
def test_a_ledger_that_cannot_be_right_is_refused(
    movements: list[tuple[date, Money]], registered: date, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        account_behaviour(movements, Money.zero(), registered, AS_OF)


@pytest.mark.parametrize("window", [0, 367, True])
def test_balance_windows_are_bounded(window: int) -> None:
    with pytest.raises(InvalidInput, match="balance_window_days"):
        account_behaviour([], Money.zero(), REGISTERED, AS_OF, balance_window_days=window)


def test_a_months_window_beyond_two_years_is_refused() -> None:
    with pytest.raises(InvalidInput, match="regularity_window_months"):
        account_behaviour([], Money.zero(), REGISTERED, AS_OF, regularity_window_months=25)


@pytest.mark.parametrize(
    "movements",
    [
        [(datetime(2026, 5, 1, 9, 0), KES(1))],  # a time of day is a bug upstream
        [(date(2026, 5, 1), 100)],  # cents as a bare int
        [(date(2026, 5, 1), 1.5)],  # a float never touches money
        [date(2026, 5, 1)],
    ],
)
def test_malformed_movements_are_programmer_errors(movements: list[object]) -> None:
    with pytest.raises(TypeError):
        account_behaviour(movements, Money.zero(), REGISTERED, AS_OF)  # type: ignore[arg-type]


def test_a_record_with_more_inflow_months_than_its_window_is_refused() -> None:
    with pytest.raises(InvalidInput, match="months_with_inflow"):
        AccountBehaviour(AS_OF, KES(1), 90, 7, 6, KES(1), 10)


days_in_window = st.integers(min_value=0, max_value=89)
changes = st.lists(
    st.tuples(days_in_window, st.integers(min_value=-1_000_000, max_value=1_000_000)), max_size=30
)


def _ledger(raw: list[tuple[int, int]]) -> list[tuple[date, Money]]:
    start = AS_OF - timedelta(days=89)
    return [(start + timedelta(days=offset), Money(cents)) for offset, cents in sorted(raw)]


@given(raw=changes, extra_day=days_in_window, extra_cents=st.integers(min_value=1, max_value=1_000_000))
def test_one_more_deposit_never_makes_the_customer_look_worse(
    raw: list[tuple[int, int]], extra_day: int, extra_cents: int
) -> None:
    before = account_behaviour(_ledger(raw), KES(100), REGISTERED, AS_OF)
    after = account_behaviour(_ledger([*raw, (extra_day, extra_cents)]), KES(100), REGISTERED, AS_OF)
    assert after.average_balance >= before.average_balance
    assert after.months_with_inflow >= before.months_with_inflow
    assert after.average_monthly_inflow >= before.average_monthly_inflow


@given(raw=changes)
def test_the_average_lies_between_the_lowest_and_highest_closing_balance(raw: list[tuple[int, int]]) -> None:
    ledger = _ledger(raw)
    behaviour = account_behaviour(ledger, KES(100), REGISTERED, AS_OF)
    closing, balance = [], KES(100).cents
    for offset in range(90):
        day = AS_OF - timedelta(days=89 - offset)
        balance += sum(change.cents for moved_on, change in ledger if moved_on == day)
        closing.append(balance)
    assert min(closing) <= behaviour.average_balance.cents <= max(closing)
