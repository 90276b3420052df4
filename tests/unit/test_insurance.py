"""Insure: premiums and levies to the cent, monthly cover in force / in grace / lapsed, the schedule.

Worked examples under the shipped tariff (version 1):
- Wekeza Hardware Ltd declares KES 6,000,000 of annual payroll for WIBA: KES 4,200,000 for its
  shop-floor and yard staff (class 3, 1.35%) and KES 1,800,000 for its office (class 1, 0.28%).
  Premium 56,700.00 + 5,040.00 = 61,740.00; training levy 0.2% = 123.48; Policyholders'
  Compensation Fund levy 0.25% = 154.35; stamp duty 40.00; total payable KES 62,057.83.
- Juma buys the bronze personal accident plan: KES 150.00 a month, levies 0.30 and 0.375 -> 0.38
  (half up), stamp duty 40.00 on the first month only: KES 190.68, then KES 150.68 a month.
"""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core.errors import InvalidInput, InvariantBroken
from shared_core.insurance import (
    CoverStatus,
    InsuredItem,
    PaymentMethod,
    PolicySchedule,
    Product,
    Quote,
    WibaPayroll,
    cover_history,
    cover_period,
    cover_status,
    ensure_schedule_adds_up,
    format_rate_percent,
    minimum_premium_line,
    quote_asset_all_risk,
    quote_personal_accident,
    quote_wiba,
    schedule_from_quote,
)
from shared_core.insurance_tariff import OccupationClass, parse_insurance_tariff
from shared_core.money import Money, amount_cents_max, parse_amount

REPO_ROOT = Path(__file__).resolve().parents[2]
TARIFF = parse_insurance_tariff(
    json.loads((REPO_ROOT / "resources" / "products" / "insurance_tariff.json").read_text(encoding="utf-8"))
)
KES = Money.shillings
GRACE = TARIFF.personal_accident_grace_days  # 30
JULY_1 = date(2025, 7, 1)


def kes(text: str) -> Money:
    return parse_amount(text, allow_zero=True)


def levy(quote: Quote, code: str) -> Money:
    return next(charge.amount for charge in quote.levies if charge.code == code)


def wekeza_hardware_wiba() -> Quote:
    return quote_wiba(
        [
            WibaPayroll(OccupationClass.SKILLED_MANUAL, KES(4_200_000), "Shop-floor and yard staff"),
            WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(1_800_000), "Office"),
        ],
        tariff=TARIFF,
        start=JULY_1,
    )


# --- WIBA -------------------------------------------------------------------------------------------


def test_wekeza_hardware_wiba_premium_and_each_levy_to_the_cent() -> None:
    quote = wekeza_hardware_wiba()
    assert [(line.occupation_class, line.basis, line.rate, line.premium) for line in quote.premium_lines] == [
        (OccupationClass.SKILLED_MANUAL, KES(4_200_000), Decimal("0.0135"), kes("56,700.00")),
        (OccupationClass.OFFICE_CLERICAL, KES(1_800_000), Decimal("0.0028"), kes("5,040.00")),
    ]
    assert quote.basic_premium == kes("61,740.00")
    assert levy(quote, "training_levy") == kes("123.48")
    assert levy(quote, "policyholders_compensation_fund") == kes("154.35")
    assert quote.stamp_duty == kes("40.00")
    assert quote.total == kes("62,057.83")
    assert quote.product is Product.WIBA and quote.plan == "" and quote.sums_insured == ()
    assert (quote.period.start, quote.period.end) == (JULY_1, date(2026, 6, 30))
    assert quote.premium_lines[0].description == (
        "Class 3: Shop floor, warehouse and skilled manual (Shop-floor and yard staff)"
    )


def test_wiba_on_one_payroll_in_one_class() -> None:
    quote = quote_wiba(KES(1_800_000), 1, tariff=TARIFF, start=JULY_1)
    assert quote.basic_premium == kes("5,040.00")
    assert quote.total == kes("5,040.00") + kes("10.08") + kes("12.60") + kes("40.00")


def test_each_class_premium_is_rounded_half_up_on_its_own() -> None:
    # Drivers (class 2, 0.60%) on KES 2,400,002.50: 14,400.015 -> 14,400.02.
    drivers = kes("2,400,002.50")
    quote = quote_wiba(drivers, OccupationClass.SALES_AND_DRIVERS, tariff=TARIFF, start=JULY_1)
    assert quote.basic_premium == kes("14,400.02")


def test_each_levy_is_rounded_on_its_own_not_on_their_sum() -> None:
    # Class 4 (2.50%) on KES 140,696: premium 3,517.40. Training 7.0348 -> 7.03; PHCF 8.7935 -> 8.79:
    # 15.82 together, where 0.45% of the premium in one go would have been 15.83.
    quote = quote_wiba(KES(140_696), 4, tariff=TARIFF, start=JULY_1)
    assert quote.basic_premium == kes("3,517.40")
    assert levy(quote, "training_levy") == kes("7.03")
    assert levy(quote, "policyholders_compensation_fund") == kes("8.79")
    assert quote.levies_total == kes("15.82")
    assert quote.total == kes("3,573.22")


def test_the_same_class_twice_is_two_lines() -> None:
    quote = quote_wiba(
        [WibaPayroll(2, KES(900_000), "Drivers"), WibaPayroll(2, KES(600_000), "Sales staff")],
        tariff=TARIFF,
        start=JULY_1,
    )
    assert [line.premium for line in quote.premium_lines] == [kes("5,400.00"), kes("3,600.00")]
    assert quote.basic_premium == kes("9,000.00")


def test_wiba_refusals_name_what_is_wrong() -> None:
    with pytest.raises(InvalidInput, match="occupation_class: say which class"):
        quote_wiba(KES(1_000_000), tariff=TARIFF, start=JULY_1)
    with pytest.raises(InvalidInput, match="occupation_class: 5 is not a WIBA occupation class"):
        quote_wiba(KES(1_000_000), 5, tariff=TARIFF, start=JULY_1)
    with pytest.raises(InvalidInput, match="annual payroll for class 1: must be more than zero"):
        WibaPayroll(1, Money.zero())
    with pytest.raises(InvalidInput, match="annual_payroll: no payroll given"):
        quote_wiba([], tariff=TARIFF, start=JULY_1)
    with pytest.raises(InvalidInput, match="at most 50 categories"):
        quote_wiba([WibaPayroll(1, KES(1))] * 51, tariff=TARIFF, start=JULY_1)
    with pytest.raises(TypeError):
        quote_wiba([WibaPayroll(1, KES(1))], 1, tariff=TARIFF, start=JULY_1)


# --- asset all-risk -----------------------------------------------------------------------------------


def test_asset_below_the_minimum_premium_pays_the_minimum() -> None:
    # 1.75% of KES 150,000 is 2,625.00, below the KES 3,500 minimum: a top-up line of 875.00.
    quote = quote_asset_all_risk(KES(150_000), tariff=TARIFF, start=JULY_1)
    assert [line.premium for line in quote.premium_lines] == [kes("2,625.00"), kes("875.00")]
    assert quote.premium_lines[1].description == minimum_premium_line
    assert quote.basic_premium == kes("3,500.00") and quote.minimum_premium_applied
    assert levy(quote, "training_levy") == kes("7.00")
    assert levy(quote, "policyholders_compensation_fund") == kes("8.75")
    assert quote.total == kes("3,555.75")


def test_asset_exactly_at_the_minimum_needs_no_top_up() -> None:
    quote = quote_asset_all_risk(KES(200_000), tariff=TARIFF, start=JULY_1)
    assert quote.basic_premium == kes("3,500.00")
    assert not quote.minimum_premium_applied and len(quote.premium_lines) == 1


def test_asset_above_the_minimum_pays_rate_times_value_for_each_item_listed() -> None:
    items = [
        InsuredItem("Toyota Probox KDA 123X", KES(650_000)),
        InsuredItem("Generator, Honda 7 kVA", KES(120_000)),
        InsuredItem("Laptop and receipt printer", KES(80_000)),
    ]
    quote = quote_asset_all_risk(items, tariff=TARIFF, start=JULY_1)
    assert quote.premium_lines[0].basis == KES(850_000)
    assert quote.basic_premium == kes("14,875.00") and not quote.minimum_premium_applied
    assert (levy(quote, "training_levy"), levy(quote, "policyholders_compensation_fund")) == (
        kes("29.75"), kes("37.19"),  # 37.1875 half up
    )
    assert quote.total == kes("14,981.94")
    assert [(item.description, item.amount) for item in quote.sums_insured] == [
        (item.description, item.declared_value) for item in items
    ]


def test_asset_refusals() -> None:
    with pytest.raises(InvalidInput, match="declared value of Declared assets: must be more than zero"):
        quote_asset_all_risk(Money.zero(), tariff=TARIFF, start=JULY_1)
    with pytest.raises(InvalidInput, match="declared_value: list at least one item"):
        quote_asset_all_risk([], tariff=TARIFF, start=JULY_1)


# --- personal accident ---------------------------------------------------------------------------------


def test_juma_bronze_first_month_carries_stamp_duty_later_months_do_not() -> None:
    first = quote_personal_accident("bronze", tariff=TARIFF, start=date(2025, 3, 1))
    assert first.basic_premium == kes("150.00")
    assert (levy(first, "training_levy"), levy(first, "policyholders_compensation_fund")) == (
        kes("0.30"), kes("0.38"),  # 0.375 rounds half up
    )
    assert first.stamp_duty == KES(40) and first.total == kes("190.68")
    later = quote_personal_accident("bronze", tariff=TARIFF, start=date(2025, 4, 1), new_policy=False)
    assert later.stamp_duty == Money.zero() and later.total == kes("150.68")
    assert [(benefit.description, benefit.amount) for benefit in first.sums_insured] == [
        ("Accidental death", KES(250_000)),
        ("Permanent total disability", KES(250_000)),
        ("Medical expenses after an accident", KES(25_000)),
    ]
    assert (first.period.start, first.period.end) == (date(2025, 3, 1), date(2025, 3, 31))


def test_gold_plan_levies() -> None:
    gold = quote_personal_accident("gold", tariff=TARIFF, start=JULY_1)
    assert (gold.basic_premium, gold.levies_total, gold.total) == (kes("750.00"), kes("3.38"), kes("793.38"))


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 3, 1), 1, date(2025, 3, 31)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # February has no 31st: cover to its last day
        (date(2024, 1, 30), 1, date(2024, 2, 29)),
        (date(2025, 1, 15), 1, date(2025, 2, 14)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 14)),
        (JULY_1, 12, date(2026, 6, 30)),
    ],
)
def test_cover_periods(start: date, months: int, end: date) -> None:
    assert cover_period(start, months).end == end


# --- cover paid monthly ----------------------------------------------------------------------------------

MARCH_1 = date(2025, 3, 1)  # Juma buys bronze cover and pays the first month: covered 1-31 March


def test_in_force_while_the_month_is_paid() -> None:
    assert cover_status(MARCH_1, [MARCH_1], date(2025, 3, 1), GRACE) is CoverStatus.IN_FORCE
    assert cover_status(MARCH_1, [MARCH_1], date(2025, 3, 31), GRACE) is CoverStatus.IN_FORCE


def test_in_grace_from_the_due_date_to_the_last_grace_day_and_lapsed_the_day_after() -> None:
    # April's premium falls due 1 April; 30 days' grace run 1-30 April.
    assert cover_status(MARCH_1, [MARCH_1], date(2025, 4, 1), GRACE) is CoverStatus.IN_GRACE
    assert cover_status(MARCH_1, [MARCH_1], date(2025, 4, 30), GRACE) is CoverStatus.IN_GRACE
    assert cover_status(MARCH_1, [MARCH_1], date(2025, 5, 1), GRACE) is CoverStatus.LAPSED
    history = cover_history(MARCH_1, [MARCH_1], as_of=date(2025, 5, 1), grace_days=GRACE)
    assert history.next_due == date(2025, 4, 1)
    assert history.is_covered_on(date(2025, 4, 30)) and not history.is_covered_on(date(2025, 5, 1))


def test_no_grace_lapses_on_the_due_date() -> None:
    assert cover_status(MARCH_1, [MARCH_1], date(2025, 4, 1), 0) is CoverStatus.LAPSED


def test_a_premium_paid_in_grace_keeps_the_monthly_cycle() -> None:
    # April's premium, due 1 April, paid on the last day of grace: April is paid, May is next due.
    payments = [MARCH_1, date(2025, 4, 30)]
    history = cover_history(MARCH_1, payments, as_of=date(2025, 4, 30), grace_days=GRACE)
    assert history.status is CoverStatus.IN_FORCE
    assert history.next_due == date(2025, 5, 1)
    assert history.reinstated_on == ()
    assert cover_status(MARCH_1, payments, date(2025, 5, 15), GRACE) is CoverStatus.IN_GRACE  # May's premium


def test_a_premium_paid_after_lapse_reinstates_from_that_day_and_the_lapse_stays_uncovered() -> None:
    payments = [MARCH_1, date(2025, 5, 10)]
    history = cover_history(MARCH_1, payments, as_of=date(2025, 6, 1), grace_days=GRACE)
    assert history.status is CoverStatus.IN_FORCE
    assert history.reinstated_on == (date(2025, 5, 10),)
    assert history.next_due == date(2025, 6, 10)  # a month from reinstatement
    assert history.is_covered_on(date(2025, 4, 30))  # grace
    assert not history.is_covered_on(date(2025, 5, 1))  # lapsed
    assert not history.is_covered_on(date(2025, 5, 9))  # still lapsed: the payment does not restore it
    assert history.is_covered_on(date(2025, 5, 10))  # reinstated from the day paid
    # The same payment as of the day before it was made: still lapsed.
    assert cover_status(MARCH_1, payments, date(2025, 5, 9), GRACE) is CoverStatus.LAPSED


def test_premiums_paid_in_advance_stack_up() -> None:
    payments = [MARCH_1, MARCH_1, MARCH_1]  # three months at once
    assert cover_status(MARCH_1, payments, date(2025, 5, 31), GRACE) is CoverStatus.IN_FORCE
    assert cover_status(MARCH_1, payments, date(2025, 6, 1), GRACE) is CoverStatus.IN_GRACE


def test_cover_history_refusals() -> None:
    first_late = r"payments: the first premium is paid on or before the day cover starts \(2025-03-01\)"
    with pytest.raises(InvalidInput, match=first_late):
        cover_history(MARCH_1, [date(2025, 3, 2)], as_of=date(2025, 3, 5), grace_days=GRACE)
    with pytest.raises(InvalidInput, match="payments: the first premium"):
        cover_history(MARCH_1, [], as_of=date(2025, 3, 5), grace_days=GRACE)
    with pytest.raises(InvalidInput, match="as_of: 2025-02-28 is before the cover starts"):
        cover_history(MARCH_1, [MARCH_1], as_of=date(2025, 2, 28), grace_days=GRACE)
    with pytest.raises(InvalidInput, match="grace_days: must be a whole number from 0 to 90"):
        cover_history(MARCH_1, [MARCH_1], as_of=MARCH_1, grace_days=91)
    with pytest.raises(TypeError):
        cover_history(MARCH_1, [datetime(2025, 3, 1, 9, 0)], as_of=MARCH_1, grace_days=GRACE)
    history = cover_history(MARCH_1, [MARCH_1], as_of=date(2025, 3, 10), grace_days=GRACE)
    with pytest.raises(InvalidInput, match="day: 2025-03-11 is after 2025-03-10"):
        history.is_covered_on(date(2025, 3, 11))
    assert not history.is_covered_on(date(2025, 2, 28))


@settings(max_examples=200, deadline=None)
@given(
    gaps=st.lists(st.integers(min_value=0, max_value=120), max_size=15),
    grace_days=st.integers(min_value=0, max_value=60),
    as_of_offset=st.integers(min_value=0, max_value=900),
)
def test_covered_today_exactly_when_not_lapsed(gaps: list[int], grace_days: int, as_of_offset: int) -> None:
    payments = [MARCH_1]
    for gap in gaps:
        payments.append(payments[-1] + timedelta(days=gap))
    as_of = MARCH_1 + timedelta(days=as_of_offset)
    history = cover_history(MARCH_1, payments, as_of=as_of, grace_days=grace_days)
    assert history.is_covered_on(as_of) == (history.status is not CoverStatus.LAPSED)
    paid_by_then = sum(1 for paid_on in payments if paid_on <= as_of)
    assert len(history.reinstated_on) < paid_by_then  # every spell is started by a premium


# --- totals always add up -------------------------------------------------------------------------------

payroll_cents = st.integers(min_value=1, max_value=amount_cents_max // 100)


def half_up(cents: int, rate: Decimal) -> int:
    """rate x cents rounded half up, by exact fractions: a check independent of Money.times_rate."""
    return math.floor(Fraction(cents) * Fraction(rate) + Fraction(1, 2))


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.tuples(st.sampled_from(list(OccupationClass)), payroll_cents), min_size=1, max_size=6),
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)),
)
def test_wiba_total_is_premium_plus_levies_plus_stamp_duty(
    rows: list[tuple[OccupationClass, int]], start: date
) -> None:
    quote = quote_wiba([WibaPayroll(cls, Money(cents)) for cls, cents in rows], tariff=TARIFF, start=start)
    assert quote.total == quote.basic_premium + quote.levies_total + quote.stamp_duty
    expected_basic = sum(half_up(cents, TARIFF.wiba_rate(cls).rate) for cls, cents in rows)
    assert quote.basic_premium.cents == expected_basic
    for charge in quote.levies:
        assert charge.amount.cents == half_up(quote.basic_premium.cents, charge.rate)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.integers(min_value=1, max_value=10_000_000_000), min_size=1, max_size=5))
def test_asset_total_is_premium_plus_levies_plus_stamp_duty(values: list[int]) -> None:
    items = [InsuredItem(f"Item {number}", Money(cents)) for number, cents in enumerate(values, start=1)]
    quote = quote_asset_all_risk(items, tariff=TARIFF, start=JULY_1)
    assert quote.total == quote.basic_premium + quote.levies_total + quote.stamp_duty
    by_rate = half_up(sum(values), TARIFF.asset_all_risk_rate)
    assert quote.basic_premium.cents == max(by_rate, TARIFF.asset_all_risk_minimum_premium.cents)


def test_half_up_helper_rounds_half_up() -> None:
    # The checker itself: 0.375 -> 0.38, 0.374 -> 0.37, exact stays exact.
    assert half_up(15_000, Decimal("0.0025")) == 38
    assert half_up(14_960, Decimal("0.0025")) == 37
    assert half_up(2_000, Decimal("0.5")) == 1_000
    assert Money(15_000).times_rate(Decimal("0.0025"), ROUND_HALF_UP) == Money(38)


# --- the schedule ------------------------------------------------------------------------------------------


def make_schedule(quote: Quote | None = None) -> PolicySchedule:
    return schedule_from_quote(
        quote or wekeza_hardware_wiba(),
        policy_number="WIBA/2025/000017",
        insured_name="Wekeza Hardware Ltd",
        insured_id="PVT-7QX2LM",
        payment_method=PaymentMethod.WALLET,
        payment_reference="BR-K7Q2-000042-M",
        issue_date=date(2025, 6, 28),
        insurer="Simba General Insurance Ltd",
        sold_by="Wekeza Bank",
    )


def test_a_schedule_carries_the_quote_figures() -> None:
    schedule = make_schedule()
    ensure_schedule_adds_up(schedule)
    assert (schedule.basic_premium, schedule.total, schedule.tariff_version) == (
        kes("61,740.00"), kes("62,057.83"), 1,
    )
    assert [(line.occupation_class, line.basis) for line in schedule.premium_lines] == [
        (OccupationClass.SKILLED_MANUAL, KES(4_200_000)), (OccupationClass.OFFICE_CLERICAL, KES(1_800_000)),
    ]


def test_a_schedule_that_does_not_add_up_is_refused_naming_the_figures() -> None:
    tampered = dataclasses.replace(make_schedule(), total=kes("62,057.84"))
    with pytest.raises(InvariantBroken, match=(
        r"policy WIBA/2025/000017: premium KES 61,740.00 \+ levies KES 277.83 \+ stamp duty KES 40.00 "
        r"is KES 62,057.83, not the total KES 62,057.84"
    )):
        ensure_schedule_adds_up(tampered)
    short_lines = dataclasses.replace(make_schedule(), premium_lines=make_schedule().premium_lines[:1])
    with pytest.raises(
        InvariantBroken, match="premium lines add up to KES 56,700.00, not the premium KES 61,740.00"
    ):
        ensure_schedule_adds_up(short_lines)


def test_a_schedule_needs_its_policy_number_and_insured() -> None:
    with pytest.raises(InvalidInput, match="policy_number: must not be empty"):
        dataclasses.replace(make_schedule(), policy_number="")
    with pytest.raises(InvalidInput, match="insured_name: must not be empty"):
        dataclasses.replace(make_schedule(), insured_name="")
    with pytest.raises(TypeError):
        dataclasses.replace(make_schedule(), issue_date=datetime(2025, 6, 28, 10, 0))


def test_a_quote_cannot_be_built_with_figures_that_do_not_add_up() -> None:
    quote = wekeza_hardware_wiba()
    with pytest.raises(InvariantBroken):
        dataclasses.replace(quote, total=quote.total + Money(1))


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        ("0.002", "0.20%"), ("0.0025", "0.25%"), ("0.0175", "1.75%"), ("0.000125", "0.0125%"),
        ("0.06", "6.00%"), ("1", "100.00%"),
    ],
)
def test_rates_print_as_percentages(rate: str, text: str) -> None:
    assert format_rate_percent(Decimal(rate)) == text



# --- WIBA head counts ---------------------------------------------------------------------------------


def test_a_categorys_head_count_is_on_its_quote_line_and_does_not_move_the_price() -> None:
    counted = quote_wiba(
        [
            WibaPayroll(OccupationClass.SKILLED_MANUAL, KES(4_200_000), "Shop-floor and yard staff", 12),
            WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(1_800_000), "Office", 5),
        ],
        tariff=TARIFF,
        start=JULY_1,
    )
    uncounted = wekeza_hardware_wiba()
    assert [line.employees for line in counted.premium_lines] == [12, 5]
    assert [line.employees for line in uncounted.premium_lines] == [None, None]
    assert [line.premium for line in counted.premium_lines] == [line.premium for line in uncounted.premium_lines]
    assert counted.total == uncounted.total == kes("62,057.83")
    assert counted.premium_lines[1].description == "Class 1: Office and clerical (Office)"


@pytest.mark.parametrize("employees", [0, -1, 100_001, "5", 5.0, True])
def test_a_head_count_is_a_whole_number_from_1_to_100000(employees: object) -> None:
    with pytest.raises(InvalidInput, match="employees: a whole number from 1 to 100,000"):
        WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(1_800_000), "Office", employees)  # type: ignore[arg-type]
    assert WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(1_800_000), "Office", 100_000).employees == 100_000
