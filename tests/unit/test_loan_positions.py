"""A loan's positions at several dates with its repayments replayed once (a book's history at
month-ends): each one is exactly what `loan_position` says for that date alone.

Juma's Boost loan: KES 5,000 over 13 weeks from 7 March 2025, late fee 5% once more than 3 days late.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from shared_core.errors import InvalidInput
from shared_core.loan_position import loan_position, loan_positions
from shared_core.loan_schedule import loan_terms_for, schedule
from shared_core.loan_terms import LoanClassification, parse_loan_policy
from shared_core.money import Money, parse_amount

REPO_ROOT = Path(__file__).resolve().parents[2]
POLICY = parse_loan_policy(
    json.loads((REPO_ROOT / "resources" / "products" / "loan_policy.json").read_text(encoding="utf-8"))
)
BOOST = POLICY.product("boost")
SME = POLICY.product("sme_working_capital")
JUMA_SCHEDULE = schedule(loan_terms_for(BOOST, parse_amount("5,000"), 13, date(2025, 3, 7)))
MONTH_ENDS = (date(2025, 3, 31), date(2025, 4, 30), date(2025, 5, 31), date(2025, 6, 30))


def test_juma_at_each_month_end_as_if_asked_on_that_day_alone() -> None:
    """He pays his first four weeks on time, then nothing until 20 May, when KES 2,000 pays the late
    fees, weeks 5 to 8 and part of week 9 (due 2 May): 29 days late on 31 May, 59 on 30 June."""
    repayments = [(row.due_date, row.total) for row in JUMA_SCHEDULE[:4]] + [(date(2025, 5, 20), kes("2,000"))]
    positions = list(loan_positions(JUMA_SCHEDULE, repayments, MONTH_ENDS, product=BOOST, policy=POLICY))
    alone = [loan_position(JUMA_SCHEDULE, repayments, day, product=BOOST, policy=POLICY) for day in MONTH_ENDS]
    assert positions == alone
    assert [(p.days_past_due, p.classification, p.principal_outstanding) for p in positions] == [
        (0, LoanClassification.NORMAL, kes("3,461.56")),  # 31 Mar: paid to date
        (26, LoanClassification.NORMAL, kes("3,461.56")),  # 30 Apr: unpaid since 4 Apr
        (29, LoanClassification.NORMAL, kes("1,723.36")),  # 31 May: unpaid since 2 May
        (59, LoanClassification.WATCH, kes("1,723.36")),  # 30 Jun
    ]


def kes(text: str) -> Money:
    return parse_amount(text)


@pytest.mark.parametrize("seed", range(40))
def test_random_loans_and_repayments_give_the_same_positions_as_one_date_at_a_time(seed: int) -> None:
    chance = random.Random(seed)
    product = chance.choice((BOOST, SME))
    count = chance.randint(product.installments_min, min(product.installments_max, 12))
    principal = Money(chance.randrange(product.principal_min.cents, product.principal_max.cents // 10))
    rows = schedule(loan_terms_for(product, principal, count, date(2025, 2, 1) + timedelta(days=chance.randrange(60))))
    start = rows[0].period_start
    repayments = [
        (start + timedelta(days=chance.randrange(0, 500)), Money(chance.randrange(100, rows[0].total.cents * 3)))
        for _ in range(chance.randrange(0, 2 * count))
    ]
    days = sorted({start + timedelta(days=chance.randrange(0, 600)) for _ in range(chance.randrange(1, 8))})
    positions = list(loan_positions(rows, repayments, days, product=product, policy=POLICY))
    assert positions == [loan_position(rows, repayments, day, product=product, policy=POLICY) for day in days], seed


def test_positions_are_taken_lazily_one_date_at_a_time() -> None:
    positions = loan_positions(JUMA_SCHEDULE, [], MONTH_ENDS, product=BOOST, policy=POLICY)
    assert next(positions).as_of == MONTH_ENDS[0]
    assert [position.as_of for position in positions] == list(MONTH_ENDS[1:])
    assert list(loan_positions(JUMA_SCHEDULE, [], (), product=BOOST, policy=POLICY)) == []


def test_dates_out_of_order_before_the_loan_or_not_dates_are_refused() -> None:
    with pytest.raises(ValueError, match="oldest first"):
        next(loan_positions(JUMA_SCHEDULE, [], MONTH_ENDS[::-1], product=BOOST, policy=POLICY))
    with pytest.raises(InvalidInput, match="before this loan was disbursed"):
        next(loan_positions(JUMA_SCHEDULE, [], (date(2025, 2, 1), *MONTH_ENDS), product=BOOST, policy=POLICY))
    with pytest.raises(TypeError, match="not a datetime"):
        next(loan_positions(JUMA_SCHEDULE, [], (datetime(2025, 4, 30),), product=BOOST, policy=POLICY))
