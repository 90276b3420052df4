"""Where a repayment goes, as a loan officer would check it on Juma's Boost loan.

Juma borrows KES 5,000 on Boost (flat 18% a year, weekly) over 13 weeks, disbursed Friday
28 February 2025; the first installment falls due on Friday 7 March. Each week he owes KES 401.91:
384.61 of principal and 17.30 of interest (the 13th: 384.68 + 17.40 = 402.08). Boost's late fee is 5%
of what is still unpaid of an installment once it is more than 3 days late: on the 4th day after it
falls due (for installment 1, on Tuesday 11 March).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core.errors import InvalidAmount, InvalidInput, LoanClosed, PaymentAbovePayoff, Refused
from shared_core.loan_repayment import (
    AllocationLine,
    InstallmentState,
    LoanBalances,
    RepaymentAllocation,
    allocate_repayment,
    opening_balances,
    payoff_amount,
    payoff_quote,
    penalty_date,
)
from shared_core.loan_schedule import loan_terms_for, schedule
from shared_core.loan_terms import LoanProduct, parse_loan_policy
from shared_core.money import Money, parse_amount

REPO_ROOT = Path(__file__).resolve().parents[2]
POLICY = parse_loan_policy(
    json.loads((REPO_ROOT / "resources" / "products" / "loan_policy.json").read_text(encoding="utf-8"))
)
BOOST = POLICY.product("boost")
SME = POLICY.product("sme_working_capital")
DISBURSED = date(2025, 2, 28)
FIRST_DUE = date(2025, 3, 7)
JUMA_SCHEDULE = schedule(loan_terms_for(BOOST, parse_amount("5,000"), 13, FIRST_DUE))


def kes(text: str) -> Money:
    return parse_amount(text)


def juma_loan() -> LoanBalances:
    return opening_balances(JUMA_SCHEDULE)


def pay(
    balances: LoanBalances, on: date, amount: str, product: LoanProduct = BOOST
) -> tuple[LoanBalances, RepaymentAllocation]:
    return allocate_repayment(balances, on, kes(amount), product)


def line(number: int, penalty: str = "0", interest: str = "0", principal: str = "0",
         waived: str = "0") -> AllocationLine:
    """What one repayment did to one installment, in KES as a loan officer writes it."""
    parts = (parse_amount(text, allow_zero=True) for text in (penalty, interest, principal, waived))
    return AllocationLine(number, *parts)


# --- on time -------------------------------------------------------------------------------------------


def test_juma_repays_every_installment_in_cash_and_the_loan_closes() -> None:
    balances = juma_loan()
    repaid = Money(0)
    for row in JUMA_SCHEDULE:
        balances, allocation = allocate_repayment(balances, row.due_date, row.total, BOOST)
        repaid += allocation.amount
        assert allocation.lines == (AllocationLine(row.number, Money(0), row.interest, row.principal, Money(0)),)
        assert allocation.closes_loan is (row.number == 13)
    assert balances.closed_on == date(2025, 5, 30)
    assert repaid == kes("5,225")  # KES 5,000 lent + KES 225 of flat interest
    assert all(row.state is InstallmentState.PAID for row in balances.installments)


def test_paying_the_next_installment_a_few_days_early_pays_that_installment() -> None:
    balances, allocation = pay(juma_loan(), date(2025, 3, 5), "401.91")
    assert allocation.lines == (line(1, interest="17.30", principal="384.61"),)
    assert balances.installments[0].state is InstallmentState.PAID
    assert balances.installments[1].state is InstallmentState.UNPAID


# --- late ----------------------------------------------------------------------------------------------


def test_the_late_fee_falls_on_the_day_after_the_grace_days() -> None:
    assert penalty_date(JUMA_SCHEDULE[0], BOOST) == date(2025, 3, 11)
    _, in_grace = pay(juma_loan(), date(2025, 3, 10), "401.91")
    assert in_grace.penalties == Money(0)
    _, late = pay(juma_loan(), date(2025, 3, 11), "401.91")
    # 5% of 401.91 = 20.0955 -> KES 20.10, taken first; the installment is then short by 20.10.
    assert late.lines == (line(1, penalty="20.10", interest="17.30", principal="364.51"),)


def test_the_late_fee_is_charged_once_on_what_is_still_unpaid() -> None:
    balances, _ = pay(juma_loan(), date(2025, 3, 8), "200")  # 17.30 interest, 182.70 principal
    quote = payoff_quote(balances, date(2025, 3, 20), BOOST)
    # Installment 1: 5% of the 201.91 left = 10.0955 -> 10.10; installment 2 (due 14 March, fee on
    # the 18th): 5% of 401.91 -> 20.10. Each is charged once, however long it stays unpaid.
    assert quote.penalties == kes("30.20")
    assert payoff_quote(balances, date(2025, 3, 24), BOOST).penalties == kes("30.20")
    # Installment 3 falls due on the 21st and is charged on the 25th; the first two are not charged again.
    assert payoff_quote(balances, date(2025, 3, 25), BOOST).penalties == kes("50.30")


def test_a_repayment_pays_late_fees_then_interest_then_principal_oldest_first() -> None:
    """On 20 March installments 1 and 2 are both late and both charged KES 20.10. Juma pays 500:
    fees 40.20, then the interest of both (34.60), then principal, oldest first: 384.61 clears
    installment 1 and the last 40.59 goes to installment 2."""
    balances, allocation = pay(juma_loan(), date(2025, 3, 20), "500")
    assert allocation.lines == (
        line(1, penalty="20.10", interest="17.30", principal="384.61"),
        line(2, penalty="20.10", interest="17.30", principal="40.59"),
    )
    assert (allocation.penalties, allocation.interest, allocation.principal) == (
        kes("40.20"), kes("34.60"), kes("425.20"),
    )
    assert balances.installments[0].state is InstallmentState.PAID
    assert balances.installments[1].state is InstallmentState.PARTLY_PAID
    assert balances.installments[1].principal_unpaid == kes("344.02")


def test_a_small_payment_on_a_late_loan_pays_the_fee_and_part_of_the_interest() -> None:
    _, allocation = pay(juma_loan(), date(2025, 3, 12), "30")
    assert allocation.lines == (line(1, penalty="20.10", interest="9.90"),)


# --- prepaying -----------------------------------------------------------------------------------------


def test_a_prepayment_shortens_the_term_from_the_last_installment_and_waives_its_interest() -> None:
    """On 5 March, before anything is due, Juma pays 1,200: 401.91 pays installment 1 in advance; the
    798.09 left repays the principal of installment 13 (384.68) and 12 (384.61), whose interest (17.40 and
    17.30) is waived, and 28.80 of installment 11's principal, whose interest stays."""
    balances, allocation = pay(juma_loan(), date(2025, 3, 5), "1,200")
    assert allocation.lines == (
        line(1, interest="17.30", principal="384.61"),
        line(11, principal="28.80"),
        line(12, principal="384.61", waived="17.30"),
        line(13, principal="384.68", waived="17.40"),
    )
    assert allocation.interest_waived == kes("34.70")
    assert allocation.excess == Money(0) and not allocation.closes_loan
    assert balances.installments[12].state is InstallmentState.PAID
    assert balances.installments[10].unpaid == kes("373.11")  # 355.81 principal + 17.30 interest
    assert balances.principal_unpaid == kes("5,000") - kes("1,182.70")


# --- paying off early ----------------------------------------------------------------------------------


def juma_after_four_weeks() -> LoanBalances:
    balances = juma_loan()
    for row in JUMA_SCHEDULE[:4]:
        balances, _ = allocate_repayment(balances, row.due_date, row.total, BOOST)
    return balances


def test_the_payoff_on_disbursement_day_is_the_amount_lent() -> None:
    assert payoff_amount(juma_loan(), DISBURSED, BOOST) == kes("5,000")


def test_the_payoff_counts_the_current_period_pro_rata_by_days() -> None:
    """Installments 1-4 paid; on Wednesday 2 April, 5 days into the week ending 4 April: principal
    5,000 - 4 x 384.61 = 3,461.56, plus 17.30 x 5/7 = 12.357... -> 12.36 of interest."""
    quote = payoff_quote(juma_after_four_weeks(), date(2025, 4, 2), BOOST)
    assert (quote.penalties, quote.interest_due, quote.interest_accrued, quote.principal) == (
        Money(0), Money(0), kes("12.36"), kes("3,461.56"),
    )
    assert quote.total == kes("3,473.92")


def test_wekeza_hardware_payoff_mid_month() -> None:
    """KES 1,000,000 over 12 months from 31 December 2023; on 15 January, 15 of the 31 days of the
    first period: 13,333.34 x 15/31 = 6,451.616... -> 6,451.62."""
    balances = opening_balances(schedule(loan_terms_for(SME, kes("1,000,000"), 12, date(2024, 1, 31))))
    assert payoff_quote(balances, date(2024, 1, 15), SME).total == kes("1,006,451.62")


def test_early_repayment_closes_the_loan_and_waives_later_interest() -> None:
    balances, allocation = pay(juma_after_four_weeks(), date(2025, 4, 2), "3,473.92")
    assert allocation.closes_loan and balances.closed_on == date(2025, 4, 2)
    assert allocation.interest == kes("12.36") and allocation.principal == kes("3,461.56")
    # The rest of week 5's interest (4.94), weeks 6-12 (7 x 17.30) and week 13 (17.40) are waived.
    assert allocation.interest_waived == kes("143.44")
    charged = sum((row.installment.interest - row.interest_waived for row in balances.installments), Money(0))
    assert charged == kes("81.56")  # 4 x 17.30 + 12.36
    assert balances.owed_in_total == Money(0)


def test_a_payment_above_the_payoff_is_refused_naming_the_payoff() -> None:
    with pytest.raises(PaymentAbovePayoff) as refused:
        pay(juma_after_four_weeks(), date(2025, 4, 2), "3,473.93")
    assert refused.value.message == (
        "KES 3,473.93 is more than the KES 3,473.92 that pays this loan off on 2025-04-02; "
        "take at most KES 3,473.92"
    )
    assert refused.value.details["payoff_cents"] == 347_392


def test_a_closed_loan_takes_no_more_money() -> None:
    closed, _ = pay(juma_loan(), DISBURSED, "5,000")
    assert closed.closed_on == DISBURSED
    with pytest.raises(LoanClosed, match="This loan was paid off on 2025-02-28; there is nothing to repay"):
        pay(closed, date(2025, 3, 7), "401.91")


def test_cash_already_taken_beyond_the_payoff_is_reported_as_excess_never_absorbed() -> None:
    balances, allocation = allocate_repayment(
        juma_after_four_weeks(), date(2025, 4, 2), kes("4,000"), BOOST, accept_excess=True
    )
    assert balances.closed_on == date(2025, 4, 2)
    assert allocation.excess == kes("526.08")
    assert allocation.principal + allocation.interest + allocation.excess == kes("4,000")


@pytest.mark.parametrize("amount", [Money(0), Money(-100)])
def test_a_repayment_must_be_more_than_zero(amount: Money) -> None:
    with pytest.raises(InvalidAmount, match="A repayment must be more than zero"):
        allocate_repayment(juma_loan(), FIRST_DUE, amount, BOOST)


def test_a_repayment_before_the_loan_was_disbursed_is_refused() -> None:
    with pytest.raises(InvalidInput, match="2025-02-27 is before this loan was disbursed \\(2025-02-28\\)"):
        pay(juma_loan(), date(2025, 2, 27), "100")


# --- properties ----------------------------------------------------------------------------------------

repayment_plans = st.lists(
    st.tuples(st.integers(0, 150), st.integers(1, 300_000)), min_size=1, max_size=25
)


@settings(max_examples=200, deadline=None)
@given(plan=repayment_plans, product=st.sampled_from([BOOST, SME]))
def test_allocation_never_leaves_money_unaccounted(plan: list[tuple[int, int]], product: LoanProduct) -> None:
    """Whatever Juma or Wekeza Hardware pay, whenever: every cent of each repayment lands on a late fee,
    interest or principal, and once the loan is closed, all they paid is the principal plus the
    interest actually charged plus the late fees."""
    if product is BOOST:
        rows, start = JUMA_SCHEDULE, DISBURSED
    else:
        rows = schedule(loan_terms_for(product, kes("150,000"), 6, date(2025, 3, 31)))
        start = date(2025, 2, 28)
    balances = opening_balances(rows)
    paid_in_total = Money(0)
    day = start
    for days_later, cents in sorted(plan):
        day = start + timedelta(days=days_later)
        if balances.is_closed:
            break
        payoff = payoff_amount(balances, day, product)
        with pytest.raises(Refused):
            allocate_repayment(balances, day, payoff + Money(1), product)
        amount = min(Money(cents), payoff)
        before = balances
        balances, allocation = allocate_repayment(balances, day, amount, product)
        paid_in_total += amount
        assert allocation.penalties + allocation.interest + allocation.principal == amount
        moved = sum(
            (
                (after.principal_paid - earlier.principal_paid)
                + (after.interest_paid - earlier.interest_paid)
                + (after.penalty_paid - earlier.penalty_paid)
                for earlier, after in zip(before.installments, balances.installments)
            ),
            Money(0),
        )
        assert moved == amount
        assert allocation.closes_loan is (amount == payoff)
    installments = balances.installments
    paid_parts = sum(
        (row.principal_paid + row.interest_paid + row.penalty_paid for row in installments), Money(0)
    )
    assert paid_parts == paid_in_total
    if balances.is_closed:
        principal = sum((row.installment.principal for row in installments), Money(0))
        interest_charged = sum((row.installment.interest - row.interest_waived for row in installments), Money(0))
        penalties = sum((row.penalty_charged for row in installments), Money(0))
        assert paid_in_total == principal + interest_charged + penalties
