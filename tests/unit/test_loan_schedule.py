"""Loan schedules, checked against an independent implementation and by hand.

Reducing-balance schedules are compared with numpy-financial's pmt, ipmt and ppmt (the spreadsheet
PMT/IPMT/PPMT formulas, in floating point) for several hundred random loans, to the cent. Which rows
may differ from numpy by a cent, and why (shared_core.loan_schedule's rounding rule):

- Every installment but the last is numpy's pmt rounded to the cent (ties up).
- The balance after each row is numpy's exact balance rounded to the cent, so a row's principal is the
  difference of two roundings: it differs from ppmt by up to a cent when the two roundings go opposite
  ways. Its interest is the rest of the installment, so it also carries the installment's rounding
  (under half a cent): it may differ from ipmt by up to a cent at the cent (under 1.5 cents unrounded).
- The last row repays the balance left (numpy's last ppmt, within half a cent) and numpy's last ipmt
  rounded; only its total may differ from the others.
- Interest is never negative: where a row's exact principal exceeds the rounded installment (a tiny
  rate on a tiny balance, interest under half a cent), the row is all principal and the shortfall, a
  fraction of a cent per row, is repaid in the last row; the check widens the last row's bound by it.

Flat schedules are checked against examples worked by hand.
"""

from __future__ import annotations

import json
import math
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core.errors import InvalidInput, LimitExceeded
from shared_core.loan_schedule import (
    Installment,
    LoanTerms,
    check_schedule,
    due_dates,
    loan_terms_for,
    schedule,
)
from shared_core.loan_terms import InterestMethod, RepaymentFrequency, parse_loan_policy
from shared_core.money import Money, parse_amount

REPO_ROOT = Path(__file__).resolve().parents[2]
POLICY = parse_loan_policy(
    json.loads((REPO_ROOT / "resources" / "products" / "loan_policy.json").read_text(encoding="utf-8"))
)
BOOST = POLICY.product("boost")
SME = POLICY.product("sme_working_capital")

SEED = 20250301
LOANS_COMPARED = 600
FLOAT_SLACK_CENTS = 1e-6  # numpy's doubles on KES 5,000,000 are good to about 1e-9 of a cent


def kes(text: str) -> Money:
    return parse_amount(text)


def reducing(principal: str, rate: str, frequency: RepaymentFrequency, installments: int,
             first_due: date = date(2025, 1, 31)) -> LoanTerms:
    return LoanTerms(kes(principal), Decimal(rate), InterestMethod.REDUCING, frequency, installments, first_due)


def flat(principal: str, rate: str, frequency: RepaymentFrequency, installments: int,
         first_due: date = date(2025, 3, 7)) -> LoanTerms:
    return LoanTerms(kes(principal), Decimal(rate), InterestMethod.FLAT, frequency, installments, first_due)


def cents(rows: tuple[Installment, ...], part: str) -> list[int]:
    return [getattr(row, part).cents for row in rows]


# --- against numpy-financial, to the cent ------------------------------------------------------------


def random_reducing_loans(seed: int, count: int) -> list[LoanTerms]:
    """Monthly and weekly, 1-60 installments, 0.5%-60% a year, KES 500-5,000,000, plus the corners."""
    rng = random.Random(seed)
    loans = [
        LoanTerms(
            Money(rng.randint(50_000, 500_000_000)),
            Decimal(rng.randint(50, 6_000)) / 10_000,
            InterestMethod.REDUCING,
            rng.choice(list(RepaymentFrequency)),
            rng.randint(1, 60),
            date(2025, 1, 1) + timedelta(days=rng.randint(0, 365)),
        )
        for _ in range(count)
    ]
    for principal, rate, frequency, installments in [
        ("500", "0.005", RepaymentFrequency.WEEKLY, 60),  # the smallest interest there is
        ("500.42", "0.005", RepaymentFrequency.WEEKLY, 60),  # rows too small to carry the rounding
        ("5,000,000", "0.60", RepaymentFrequency.MONTHLY, 60),  # the largest
        ("5,000,000", "0.60", RepaymentFrequency.MONTHLY, 1),
        ("500", "0.60", RepaymentFrequency.WEEKLY, 1),
    ]:
        loans.append(reducing(principal, rate, frequency, installments))
    return loans


def numpy_rows(terms: LoanTerms) -> tuple[float, np.ndarray, np.ndarray]:
    """numpy's payment, interest and principal per installment, in cents (positive)."""
    rate = float(terms.annual_rate) / terms.frequency.periods_per_year
    periods = np.arange(1, terms.installments + 1)
    present_value = terms.principal.cents / 100
    payment = -npf.pmt(rate, terms.installments, present_value) * 100
    interest = -npf.ipmt(rate, periods, terms.installments, present_value) * 100
    principal = -npf.ppmt(rate, periods, terms.installments, present_value) * 100
    return float(payment), interest, principal


def at_the_cent(value: float) -> int:
    return math.floor(value + 0.5)


def test_reducing_schedules_match_numpy_financial_to_the_cent() -> None:
    rows_a_cent_apart = 0
    for loan_number, terms in enumerate(random_reducing_loans(SEED, LOANS_COMPARED)):
        where = f"seed {SEED}, loan {loan_number}: {terms}"
        rows = schedule(terms)
        payment, interest, principal = numpy_rows(terms)
        installment = rows[0].total.cents
        last = len(rows) - 1
        assert sum(cents(rows, "principal")) == terms.principal.cents, where
        assert rows[-1].balance_after == Money(0), where
        shortfall = 0.0  # exact principal the rounded installment could not carry (see the docstring)
        exact_balance = terms.principal.cents
        for index, row in enumerate(rows):
            exact_balance -= principal[index]
            at = f"{where}, installment {row.number}"
            if index < last:
                assert row.total.cents == installment, at
                assert abs(installment - payment) <= 0.5 + FLOAT_SLACK_CENTS, at
                assert abs(row.principal.cents - principal[index]) <= 1 + FLOAT_SLACK_CENTS, at
                assert abs(row.interest.cents - interest[index]) < 1.5 + FLOAT_SLACK_CENTS, at
                assert abs(row.principal.cents - at_the_cent(principal[index])) <= 1, at
                assert abs(row.interest.cents - at_the_cent(interest[index])) <= 1, at
                shortfall += max(0.0, principal[index] - installment)
                assert -0.5 - FLOAT_SLACK_CENTS <= row.balance_after.cents - exact_balance, at
                assert row.balance_after.cents - exact_balance <= 0.5 + shortfall + FLOAT_SLACK_CENTS, at
                rows_a_cent_apart += (
                    row.principal.cents != at_the_cent(principal[index])
                    or row.interest.cents != at_the_cent(interest[index])
                )
            else:
                assert abs(row.interest.cents - interest[index]) <= 0.5 + FLOAT_SLACK_CENTS, at
                assert abs(row.principal.cents - principal[index]) <= 0.5 + shortfall + FLOAT_SLACK_CENTS, at
                assert abs(row.principal.cents - at_the_cent(principal[index])) <= 1, at
    # The documented one-cent differences do occur: the comparison is not vacuous.
    assert rows_a_cent_apart > 0


def test_wekeza_hardware_borrows_a_million_for_a_year() -> None:
    """KES 1,000,000 at 16% a year, monthly: the rate is 16%/12 a month; PMT is 90,730.857..., so the
    installment is KES 90,730.86. The first month's exact interest is 13,333.333...; the balance after
    is the exact 922,602.4754... rounded, 922,602.48, so the principal is 77,397.52 and the interest
    carries the installment's 0.21 of a cent: 13,333.34."""
    rows = schedule(loan_terms_for(SME, kes("1,000,000"), 12, date(2024, 1, 31)))
    assert [row.total for row in rows] == [kes("90,730.86")] * 12
    first, last = rows[0], rows[-1]
    assert (first.principal, first.interest, first.balance_after) == (
        kes("77,397.52"), kes("13,333.34"), kes("922,602.48"),
    )
    assert (last.principal, last.interest) == (kes("89,537.03"), kes("1,193.83"))
    assert rows[-2].balance_after == kes("89,537.03")
    assert sum(cents(rows, "interest")) == 88_770_32  # KES 88,770.32 of interest over the year


def test_a_one_installment_loan_repays_principal_and_one_period_of_interest() -> None:
    rows = schedule(reducing("10,000", "0.12", RepaymentFrequency.MONTHLY, 1))
    assert [(row.principal, row.interest) for row in rows] == [(kes("10,000"), kes("100"))]


def test_a_zero_rate_loan_charges_no_interest() -> None:
    rows = schedule(reducing("1,000", "0", RepaymentFrequency.MONTHLY, 3))
    assert cents(rows, "interest") == [0, 0, 0]
    assert cents(rows, "principal") == [33_333, 33_333, 33_334]


# --- flat, by hand -----------------------------------------------------------------------------------


def test_juma_borrows_5000_on_boost_for_13_weeks() -> None:
    """Flat 18% a year for 13 weeks: 5,000 x 0.18 x 13/52 = KES 225.00 of interest. Each week:
    5,000/13 = 384.615... principal and 225/13 = 17.307... interest, both rounded down to the cent;
    the last week takes the cents left over: 5,000 - 12 x 384.61 = 384.68 and 225 - 12 x 17.30 = 17.40."""
    rows = schedule(loan_terms_for(BOOST, kes("5,000"), 13, date(2025, 3, 7)))
    assert [row.total for row in rows] == [kes("401.91")] * 12 + [kes("402.08")]
    assert (rows[0].principal, rows[0].interest) == (kes("384.61"), kes("17.30"))
    assert (rows[-1].principal, rows[-1].interest) == (kes("384.68"), kes("17.40"))
    assert sum(cents(rows, "interest")) == 225_00
    assert [row.balance_after for row in rows[:2]] == [kes("4,615.39"), kes("4,230.78")]


def test_flat_interest_over_ten_weeks() -> None:
    """10,000 x 0.18 x 10/52 = 346.1538... -> KES 346.15; 34.61 a week and 34.66 in the last."""
    rows = schedule(flat("10,000", "0.18", RepaymentFrequency.WEEKLY, 10))
    assert cents(rows, "principal") == [1_000_00] * 10
    assert cents(rows, "interest") == [34_61] * 9 + [34_66]


def test_flat_monthly_interest_counts_years_in_months() -> None:
    """100,000 x 0.18 x 5/12 = KES 7,500: 1,500 a month on top of 20,000 of principal."""
    rows = schedule(flat("100,000", "0.18", RepaymentFrequency.MONTHLY, 5))
    assert [row.total for row in rows] == [kes("21,500")] * 5


def test_flat_interest_rounds_half_up_once() -> None:
    """1,001 x 0.05 x 1/12 = 4.170833... -> 4.17; 500.50 x 0.01 x 4/52 = 0.385 -> 0.39 (a tie, up)."""
    assert schedule(flat("1,001", "0.05", RepaymentFrequency.MONTHLY, 1))[0].interest == kes("4.17")
    rows = schedule(flat("500.50", "0.01", RepaymentFrequency.WEEKLY, 4))
    assert sum(cents(rows, "interest")) == 39
    assert cents(rows, "interest") == [9, 9, 9, 12]


# --- due dates ---------------------------------------------------------------------------------------


def test_monthly_due_dates_keep_the_day_clamped_to_month_end_without_drifting() -> None:
    assert due_dates(RepaymentFrequency.MONTHLY, date(2024, 1, 31), 5) == (
        date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31),
    )
    assert due_dates(RepaymentFrequency.MONTHLY, date(2025, 1, 31), 2)[1] == date(2025, 2, 28)
    assert due_dates(RepaymentFrequency.MONTHLY, date(2025, 11, 30), 3) == (
        date(2025, 11, 30), date(2025, 12, 30), date(2026, 1, 30),
    )


def test_weekly_due_dates_fall_every_seven_days() -> None:
    assert due_dates(RepaymentFrequency.WEEKLY, date(2025, 2, 21), 3) == (
        date(2025, 2, 21), date(2025, 2, 28), date(2025, 3, 7),
    )


def test_interest_of_the_first_installment_runs_from_one_period_before_it() -> None:
    rows = schedule(reducing("10,000", "0.12", RepaymentFrequency.MONTHLY, 3, first_due=date(2024, 3, 31)))
    assert [(row.period_start, row.due_date) for row in rows] == [
        (date(2024, 2, 29), date(2024, 3, 31)),
        (date(2024, 3, 31), date(2024, 4, 30)),
        (date(2024, 4, 30), date(2024, 5, 31)),
    ]
    weekly = schedule(flat("5,000", "0.18", RepaymentFrequency.WEEKLY, 4, first_due=date(2025, 3, 7)))
    assert weekly[0].period_start == date(2025, 2, 28)


# --- properties of every schedule --------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    principal_cents=st.integers(50_000, 500_000_000),
    rate_basis_points=st.integers(0, 10_000),
    method=st.sampled_from(InterestMethod),
    frequency=st.sampled_from(RepaymentFrequency),
    installments=st.integers(1, 60),
)
def test_every_schedule_repays_exactly_what_was_lent(
    principal_cents: int, rate_basis_points: int, method: InterestMethod, frequency: RepaymentFrequency,
    installments: int,
) -> None:
    terms = LoanTerms(
        Money(principal_cents), Decimal(rate_basis_points) / 10_000, method, frequency, installments,
        date(2025, 1, 31),
    )
    rows = schedule(terms)
    assert len(rows) == installments
    assert sum(cents(rows, "principal")) == principal_cents
    assert rows[-1].balance_after == Money(0)
    assert all(row.principal.cents >= 0 and row.interest.cents >= 0 for row in rows)
    balances = cents(rows, "balance_after")
    assert balances == sorted(balances, reverse=True)
    # Every installment but the last is the same; a flat loan's last is at least as large.
    assert len({row.total for row in rows[:-1]}) <= 1
    if method is InterestMethod.FLAT and installments > 1:
        assert rows[0].total <= rows[-1].total < rows[0].total + Money(2 * installments)
    assert check_schedule(rows) == rows


# --- refusals ----------------------------------------------------------------------------------------


def test_the_product_decides_what_a_loan_may_be() -> None:
    with pytest.raises(LimitExceeded, match="Boost lends KES 500.00 to KES 50,000.00"):
        loan_terms_for(BOOST, kes("75,000"), 10, date(2025, 3, 7))
    terms = loan_terms_for(SME, kes("50,000"), 3, date(2025, 3, 31))
    assert (terms.method, terms.frequency, terms.annual_rate) == (
        InterestMethod.REDUCING, RepaymentFrequency.MONTHLY, Decimal("0.16"),
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"principal": Money(1_000)}, "A loan of KES 10.00 cannot be repaid in 12 installments; lend at least"),
        ({"installments": 0}, "number of installments must be a whole number from 1 to 520"),
        ({"annual_rate": Decimal("1.01")}, "annual rate: 1.01 must be from 0 to 1"),
        ({"annual_rate": Decimal("NaN")}, "annual rate: NaN must be from 0 to 1"),
        ({"method": "flat"}, "interest method must be flat or reducing"),
    ],
)
def test_bad_terms_are_refused(change: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "principal": kes("5,000"), "annual_rate": Decimal("0.18"), "method": InterestMethod.FLAT,
        "frequency": RepaymentFrequency.MONTHLY, "installments": 12, "first_due": date(2025, 1, 31),
    }
    fields.update(change)
    with pytest.raises(InvalidInput, match=message):
        LoanTerms(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "error"),
    [({"annual_rate": 0.18}, TypeError), ({"first_due": datetime(2025, 1, 31, 9, 0)}, TypeError)],
)
def test_floats_and_datetimes_are_programmer_errors(change: dict[str, object], error: type[Exception]) -> None:
    fields: dict[str, object] = {
        "principal": kes("5,000"), "annual_rate": Decimal("0.18"), "method": InterestMethod.FLAT,
        "frequency": RepaymentFrequency.MONTHLY, "installments": 12, "first_due": date(2025, 1, 31),
    }
    fields.update(change)
    with pytest.raises(error):
        LoanTerms(**fields)  # type: ignore[arg-type]


def test_a_tampered_schedule_is_refused() -> None:
    rows = list(schedule(flat("5,000", "0.18", RepaymentFrequency.WEEKLY, 4)))
    rows[1] = Installment(2, rows[1].period_start, rows[1].due_date, kes("1,000"), rows[1].interest,
                          rows[1].balance_after)
    with pytest.raises(InvalidInput, match="installment 2: balance after should be KES 2,750.00"):
        check_schedule(rows)
    with pytest.raises(InvalidInput, match="at least one installment"):
        check_schedule([])
