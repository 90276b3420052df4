"""A loan repayment books by its allocation: the whole amount from the till, float or wallet; the
loan account credited with principal only, interest and late fees to income, cash beyond the payoff
to payable:loan_overpayments. So the loan account always reads the principal still owed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core.accounts import (
    INCOME_INTEREST,
    INCOME_PENALTIES,
    LOAN_OVERPAYMENTS_PAYABLE,
    float_account,
    loan_account,
    till_account,
    wallet_account,
)
from shared_core.channels import Channel
from shared_core.errors import InvalidOperation
from shared_core.ledger import Posting, check_entry_balanced
from shared_core.loan_postings import repayment_postings
from shared_core.loan_repayment import allocate_repayment, opening_balances
from shared_core.loan_schedule import loan_terms_for, schedule
from shared_core.loan_terms import parse_loan_policy
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind

KES = Money.shillings
REPO_ROOT = Path(__file__).resolve().parents[2]
POLICY = parse_loan_policy(
    json.loads((REPO_ROOT / "resources" / "products" / "loan_policy.json").read_text(encoding="utf-8"))
)
BOOST = POLICY.product("boost")
LOAN = loan_account("L-K7Q2-3F9HX2MA")
TILL = till_account("BR-K7Q2")
WALLET = wallet_account("C0001234")
SCHEDULE = schedule(loan_terms_for(BOOST, KES(5_000), 4, date(2026, 12, 1)))


def cash(amount: Money) -> Operation:
    return Operation(
        OperationKind.LOAN_REPAYMENT_CASH, Channel.BRANCH, amount, cash_account=TILL, loan_account=LOAN
    )


def by_account(postings: tuple[Posting, ...]) -> dict[str, int]:
    return {posting.account: posting.amount.cents for posting in postings}


def test_an_installment_on_its_due_date_credits_interest_to_income_and_principal_to_the_loan() -> None:
    first = SCHEDULE[0]
    _, allocation = allocate_repayment(opening_balances(SCHEDULE), first.due_date, first.total, BOOST)

    postings = repayment_postings(cash(first.total), allocation)

    assert by_account(postings) == {
        TILL: first.total.cents,
        LOAN: -first.principal.cents,
        INCOME_INTEREST: -first.interest.cents,
    }


def test_a_late_installment_pays_its_late_fee_first() -> None:
    first = SCHEDULE[0]
    late = date(2026, 12, 20)
    _, allocation = allocate_repayment(opening_balances(SCHEDULE), late, KES(500), BOOST)
    assert allocation.penalties.is_positive  # the product charges a late fee past its grace days

    postings = repayment_postings(cash(KES(500)), allocation)

    assert by_account(postings)[INCOME_PENALTIES] == -allocation.penalties.cents
    assert by_account(postings)[LOAN] == -allocation.principal.cents
    assert allocation.principal < first.principal


def test_cash_beyond_the_payoff_is_owed_back_and_the_loan_account_reads_zero() -> None:
    balances, allocation = allocate_repayment(
        opening_balances(SCHEDULE), date(2026, 11, 24), KES(6_000), BOOST, accept_excess=True
    )
    postings = repayment_postings(cash(KES(6_000)), allocation)
    assert by_account(postings)[LOAN] == -KES(5_000).cents  # all the principal, nothing more
    assert by_account(postings)[LOAN_OVERPAYMENTS_PAYABLE] == -allocation.excess.cents
    assert balances.is_closed


def test_from_the_wallet_the_wallet_pays_the_whole_amount() -> None:
    operation = Operation(
        OperationKind.LOAN_REPAYMENT_WALLET,
        Channel.AGENT,
        KES(1_000),
        customer_account=WALLET,
        loan_account=LOAN,
    )
    _, allocation = allocate_repayment(opening_balances(SCHEDULE), date(2026, 12, 1), KES(1_000), BOOST)
    assert by_account(repayment_postings(operation, allocation))[WALLET] == KES(1_000).cents


def test_an_allocation_of_another_amount_or_another_operation_is_refused() -> None:
    _, allocation = allocate_repayment(opening_balances(SCHEDULE), date(2026, 12, 1), KES(1_000), BOOST)
    with pytest.raises(
        InvalidOperation, match="allocation is of KES 1,000.00; the repayment is of KES 900.00"
    ):
        repayment_postings(cash(KES(900)), allocation)
    deposit = Operation(
        OperationKind.CASH_DEPOSIT,
        Channel.AGENT,
        KES(1_000),
        cash_account=float_account("AG-X9P3"),
        customer_account=WALLET,
    )
    with pytest.raises(InvalidOperation, match="Only a loan repayment"):
        repayment_postings(deposit, allocation)


@settings(max_examples=200, deadline=None)
@given(
    days=st.integers(min_value=0, max_value=120),
    cents=st.integers(min_value=1, max_value=800_000),
)
def test_any_repayment_on_any_day_balances_and_splits_exactly(days: int, cents: int) -> None:
    paid_on = date.fromordinal(date(2026, 11, 24).toordinal() + days)
    _, allocation = allocate_repayment(
        opening_balances(SCHEDULE), paid_on, Money(cents), BOOST, accept_excess=True
    )
    postings = repayment_postings(cash(Money(cents)), allocation)
    assert check_entry_balanced(postings) == ()
    assert by_account(postings)[TILL] == cents
    assert all(posting.amount.is_negative for posting in postings if posting.account != TILL)
