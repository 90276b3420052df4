"""Where a loan stands on a date, rebuilt from its schedule and repayments, as a teller or credit
officer reads it.

Juma's Boost loan: KES 5,000 over 13 weeks, disbursed Friday 28 February 2025, KES 401.91 a week from
7 March (402.08 the last week, 30 May); late fee 5% of what is unpaid once more than 3 days late.
Wekeza Hardware Ltd's SME working capital loan: KES 1,000,000 over 24 months at 16% on the reducing
balance, first installment due 31 January 2024.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core.errors import InvalidInput
from shared_core.loan_position import LoanPosition, LoanStatus, loan_position
from shared_core.loan_repayment import InstallmentState
from shared_core.loan_schedule import Installment, loan_terms_for, schedule
from shared_core.loan_terms import LoanClassification, LoanProduct, parse_loan_policy
from shared_core.money import Money, parse_amount

REPO_ROOT = Path(__file__).resolve().parents[2]
POLICY = parse_loan_policy(
    json.loads((REPO_ROOT / "resources" / "products" / "loan_policy.json").read_text(encoding="utf-8"))
)
BOOST = POLICY.product("boost")
SME = POLICY.product("sme_working_capital")
JUMA_SCHEDULE = schedule(loan_terms_for(BOOST, parse_amount("5,000"), 13, date(2025, 3, 7)))
HARDWARE_SCHEDULE = schedule(loan_terms_for(SME, parse_amount("1,000,000"), 24, date(2024, 1, 31)))
ON_TIME = [(row.due_date, row.total) for row in JUMA_SCHEDULE]


def kes(text: str) -> Money:
    return parse_amount(text)


def juma(repayments: list[tuple[date, Money]], as_of: date) -> LoanPosition:
    return loan_position(JUMA_SCHEDULE, repayments, as_of, product=BOOST, policy=POLICY)


def hardware(repayments: list[tuple[date, Money]], as_of: date) -> LoanPosition:
    return loan_position(HARDWARE_SCHEDULE, repayments, as_of, product=SME, policy=POLICY)


def test_juma_borrows_5000_repays_in_cash_and_the_loan_closes() -> None:
    position = juma(ON_TIME, date(2025, 6, 2))
    assert position.status is LoanStatus.CLOSED and position.closed_on == date(2025, 5, 30)
    assert (position.principal_outstanding, position.payoff, position.arrears) == (Money(0),) * 3
    assert (position.days_past_due, position.classification) == (0, LoanClassification.NORMAL)
    assert position.next_due_date is None and position.next_due_amount == Money(0)
    assert position.repaid == kes("5,225") and position.interest_charged == kes("225")
    assert all(row.state is InstallmentState.PAID for row in position.installments)


def test_on_a_due_date_the_installment_is_due_but_not_yet_past_due() -> None:
    position = juma(ON_TIME[:1], date(2025, 3, 14))
    assert position.status is LoanStatus.ACTIVE
    assert (position.next_due_date, position.next_due_amount) == (date(2025, 3, 14), kes("401.91"))
    assert position.amount_due == kes("401.91")
    assert (position.arrears, position.days_past_due) == (Money(0), 0)
    assert position.principal_outstanding == kes("4,615.39")


def test_a_loan_five_weeks_behind() -> None:
    """Juma paid the first three weeks, then nothing. On 30 April installments 4-8 (due 28 March to
    25 April) are late: arrears 5 x 401.91 = 2,009.55, each charged 20.10 (100.50). The oldest fell due
    on 28 March: 33 days past due, watch. Paying off: 100.50 fees + 86.50 interest due + 12.36 of
    week 9's interest (5 of its 7 days, 17.30 x 5/7) + 3,846.17 principal = 4,045.53."""
    position = juma(ON_TIME[:3], date(2025, 4, 30))
    assert (position.days_past_due, position.classification) == (33, LoanClassification.WATCH)
    assert not position.is_non_performing
    assert position.arrears == kes("2,009.55")
    assert (position.interest_unpaid, position.penalties_unpaid) == (kes("86.50"), kes("100.50"))
    assert position.amount_due == kes("2,110.05")
    assert position.payoff == kes("4,045.53")
    assert position.principal_outstanding == kes("3,846.17")
    assert (position.next_due_date, position.next_due_amount) == (date(2025, 5, 2), kes("401.91"))
    states = [row.state for row in position.installments]
    assert states == [InstallmentState.PAID] * 3 + [InstallmentState.UNPAID] * 10


@pytest.mark.parametrize(
    ("days_past_due", "classification", "non_performing"),
    [
        (0, LoanClassification.NORMAL, False),
        (1, LoanClassification.NORMAL, False),
        (30, LoanClassification.NORMAL, False),
        (31, LoanClassification.WATCH, False),
        (90, LoanClassification.WATCH, False),
        (91, LoanClassification.SUBSTANDARD, True),
        (180, LoanClassification.SUBSTANDARD, True),
        (181, LoanClassification.DOUBTFUL, True),
        (360, LoanClassification.DOUBTFUL, True),
        (361, LoanClassification.LOSS, True),
    ],
)
def test_classification_at_every_boundary_day(
    days_past_due: int, classification: LoanClassification, non_performing: bool
) -> None:
    """Wekeza Hardware never paid; days past due count from 31 January 2024, its first due date."""
    position = hardware([], date(2024, 1, 31) + timedelta(days=days_past_due))
    assert position.days_past_due == days_past_due
    assert position.classification is classification
    assert position.is_non_performing is non_performing


def test_a_shilling_short_still_counts_as_past_due() -> None:
    first = HARDWARE_SCHEDULE[0]
    position = hardware([(first.due_date, first.total - kes("1"))], date(2024, 3, 11))
    # Installment 1 is short by KES 1 since 31 January: 40 days on 11 March, whatever was paid.
    assert position.days_past_due == 40 and position.classification is LoanClassification.WATCH
    assert position.installments[0].state is InstallmentState.PARTLY_PAID


def test_paying_the_arrears_brings_the_loan_back_to_normal() -> None:
    late = juma(ON_TIME[:3], date(2025, 4, 30))
    position = juma([*ON_TIME[:3], (date(2025, 4, 30), late.amount_due)], date(2025, 4, 30))
    assert (position.days_past_due, position.arrears, position.penalties_unpaid) == (0, Money(0), Money(0))
    assert position.classification is LoanClassification.NORMAL
    assert position.penalties_paid == kes("100.50")


def test_early_repayment_closes_the_loan() -> None:
    """Four weeks paid, then on 2 April the payoff of KES 3,473.92: the loan is closed; the rest of
    week 5's interest and all later interest (143.44) are waived, so the loan cost 81.56."""
    repayments = [*ON_TIME[:4], (date(2025, 4, 2), kes("3,473.92"))]
    assert juma(ON_TIME[:4], date(2025, 4, 2)).payoff == kes("3,473.92")
    position = juma(repayments, date(2025, 7, 1))
    assert position.status is LoanStatus.CLOSED and position.closed_on == date(2025, 4, 2)
    assert (position.days_past_due, position.payoff, position.penalties_unpaid) == (0, Money(0), Money(0))
    assert (position.interest_waived, position.interest_charged) == (kes("143.44"), kes("81.56"))
    assert position.repaid == kes("5,000") + kes("81.56")


def test_two_agents_taking_the_payoff_offline_leave_an_overpayment_to_refund() -> None:
    payoff = juma(ON_TIME[:4], date(2025, 4, 2)).payoff
    repayments = [*ON_TIME[:4], (date(2025, 4, 2), payoff), (date(2025, 4, 2), payoff)]
    position = juma(repayments, date(2025, 4, 3))
    assert position.status is LoanStatus.CLOSED
    assert position.overpaid == payoff
    assert position.repaid == position.principal_paid + position.interest_paid + position.overpaid


def test_the_position_sees_only_repayments_made_by_its_date() -> None:
    before = juma(ON_TIME, date(2025, 3, 10))
    assert before.repaid == kes("401.91") and before.next_due_date == date(2025, 3, 14)


def test_the_position_is_rebuilt_the_same_whatever_order_the_repayments_arrive_in() -> None:
    shuffled = list(ON_TIME[:6])
    random.Random(7).shuffle(shuffled)
    assert juma(shuffled, date(2025, 4, 20)) == juma(ON_TIME[:6], date(2025, 4, 20))


def test_a_prepayment_shows_in_the_installment_detail() -> None:
    position = juma([(date(2025, 3, 5), kes("1,200"))], date(2025, 3, 5))
    waived = [row.number for row in position.installments if row.interest_waived]
    assert waived == [12, 13]
    assert position.interest_waived == kes("34.70")
    assert (position.next_due_date, position.next_due_amount) == (date(2025, 3, 14), kes("401.91"))


def test_a_position_before_disbursement_is_refused() -> None:
    with pytest.raises(InvalidInput, match="2025-02-27 is before this loan was disbursed"):
        juma([], date(2025, 2, 27))


def test_a_repayment_is_a_date_and_money() -> None:
    with pytest.raises(TypeError, match="repayment 1 is a \\(date, Money\\) pair"):
        juma([(date(2025, 3, 7), 401.91)], date(2025, 3, 8))  # type: ignore[list-item]


# --- properties ----------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    repayments=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 2_000_000)), max_size=20),
    as_of_days=st.integers(0, 500),
    loan=st.sampled_from(["juma", "hardware"]),
)
def test_every_position_accounts_for_every_cent_repaid(
    repayments: list[tuple[int, int]], as_of_days: int, loan: str
) -> None:
    rows: tuple[Installment, ...]
    product: LoanProduct
    rows, product = (JUMA_SCHEDULE, BOOST) if loan == "juma" else (HARDWARE_SCHEDULE, SME)
    start = rows[0].period_start
    facts = [(start + timedelta(days=days), Money(cents)) for days, cents in repayments]
    as_of = start + timedelta(days=as_of_days)
    position = loan_position(rows, facts, as_of, product=product, policy=POLICY)
    lent = sum((row.principal for row in rows), Money(0))
    assert position.repaid == sum((amount for day, amount in facts if day <= as_of), Money(0))
    assert position.repaid == (
        position.principal_paid + position.interest_paid + position.penalties_paid + position.overpaid
    )
    assert position.principal_outstanding == lent - position.principal_paid
    assert position.classification is POLICY.classification.classify(position.days_past_due)
    if position.is_closed:
        assert position.repaid - position.overpaid == lent + position.interest_charged + position.penalties_charged
        assert (position.payoff, position.days_past_due) == (Money(0), 0)
    else:
        assert position.overpaid == Money(0)
        assert position.payoff >= position.principal_outstanding + position.penalties_unpaid
        assert position.arrears <= position.amount_due
