"""The loan replay was made faster for head office's portfolio (rows keep what they owe, untouched
rows and balances are reused, sums run in cents, a position is one pass); not one figure may move.

On random loans of every kind (flat or reducing, weekly or monthly, any grace and late fee) and
random repayments (early, late, partial, too much, before the loan began), shared_core's replay is
compared with the replay as it stood before (tests/unit/loan_replay_reference, kept word for word):
every allocation, every refusal and its message, every payoff quote and every position, installment
by installment, must be the same.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core import loan_position as new_position
from shared_core import loan_repayment as new_repayment
from shared_core.errors import DomainError, InvariantBroken
from shared_core.loan_schedule import Installment, loan_terms_for, schedule
from shared_core.loan_terms import InterestMethod, LoanProduct, RepaymentFrequency, parse_loan_policy
from shared_core.money import Money
from tests.unit.loan_replay_reference import loan_position as old_position
from tests.unit.loan_replay_reference import loan_repayment as old_repayment

REPO_ROOT = Path(__file__).resolve().parents[2]
POLICY = parse_loan_policy(
    json.loads((REPO_ROOT / "resources" / "products" / "loan_policy.json").read_text(encoding="utf-8"))
)
DISBURSED_FROM = date(2025, 1, 1)


@st.composite
def products(draw: st.DrawFn) -> LoanProduct:
    """A shipped product with its interest method, frequency, rate, grace and late fee varied."""
    product = draw(st.sampled_from(POLICY.products))
    return dataclasses.replace(
        product,
        method=draw(st.sampled_from(tuple(InterestMethod))),
        frequency=draw(st.sampled_from(tuple(RepaymentFrequency))),
        annual_rate=draw(st.sampled_from((Decimal(0), Decimal("0.18"), Decimal("0.36")))),
        late_fee_rate=draw(st.sampled_from((Decimal(0), Decimal("0.02"), Decimal("0.05"), Decimal("0.1")))),
        grace_days=draw(st.integers(0, 14)),
    )


@st.composite
def loans(draw: st.DrawFn) -> tuple[LoanProduct, tuple[Installment, ...], list[tuple[date, Money]]]:
    """A loan and the repayments taken for it, in the order they were booked (not always by date)."""
    product = draw(products())
    count = draw(st.integers(product.installments_min, min(product.installments_max, 14)))
    principal = Money(draw(st.integers(product.principal_min.cents, product.principal_max.cents)))
    first_due = DISBURSED_FROM + timedelta(days=draw(st.integers(7, 60)))
    rows = schedule(loan_terms_for(product, principal, count, first_due))
    start, end = rows[0].period_start, rows[-1].due_date
    span = (end - start).days + 120
    installment = rows[0].total.cents
    repayments = draw(
        st.lists(
            st.tuples(
                st.integers(-10, span).map(lambda days: start + timedelta(days=days)),
                st.one_of(
                    st.integers(1, installment * 2),  # about an installment, or part of one
                    st.integers(1, principal.cents * 2),  # up to far more than the loan
                    st.just(installment),
                ).map(Money),
            ),
            max_size=3 * count,
        )
    )
    return product, rows, repayments


def _row(row: Any) -> tuple[Any, ...]:
    """An installment balance of either replay as plain values."""
    return (
        row.installment, row.principal_paid, row.interest_paid, row.interest_waived, row.penalty_charged,
        row.penalty_paid, row.penalty_assessed, row.principal_unpaid, row.interest_unpaid, row.penalty_unpaid,
        row.unpaid, row.state.value,
    )  # fmt: skip


def _balances(balances: Any) -> tuple[Any, ...]:
    return (
        tuple(_row(row) for row in balances.installments), balances.closed_on, balances.principal_unpaid,
        balances.penalty_unpaid, balances.owed_in_total,
    )  # fmt: skip


def _allocation(allocation: Any) -> tuple[Any, ...]:
    lines = tuple(dataclasses.astuple(line) for line in allocation.lines)
    return (allocation.paid_on, allocation.amount, lines, allocation.excess, allocation.closes_loan)


def _payoff(payoff: Any) -> tuple[Any, ...]:
    return (*dataclasses.astuple(payoff), payoff.total)


def _position(position: Any) -> dict[str, Any]:
    values = {field.name: getattr(position, field.name) for field in dataclasses.fields(position)}
    values["installments"] = tuple(_row(row) for row in position.installments)
    values["status"] = position.status.value
    values["interest_charged"] = position.interest_charged
    return values


def _outcome(call: Callable[[], Any], shown: Callable[[Any], Any] = lambda value: value) -> tuple[str, Any]:
    """What a call gave: its value (as `shown`), or the refusal it raised (kind and message)."""
    try:
        return "value", shown(call())
    except (DomainError, TypeError, ValueError) as error:
        return "refused", (type(error).__name__, str(error))


@settings(max_examples=300, deadline=None)
@given(loan=loans(), strict=st.booleans())
def test_every_repayment_goes_where_it_went_before(loan: Any, strict: bool) -> None:
    """Each repayment allocated in turn, refused above the payoff when `strict`: the same balances,
    the same lines, the same refusals, and the same payoff on the day of each."""
    product, rows, repayments = loan
    old, new = old_repayment.opening_balances(rows), new_repayment.opening_balances(rows)
    assert _balances(old) == _balances(new)
    for paid_on, amount in repayments:
        on = max(paid_on, rows[0].period_start)
        old_payoff = _outcome(partial(old_repayment.payoff_quote, old, on, product), _payoff)
        new_payoff = _outcome(partial(new_repayment.payoff_quote, new, on, product), _payoff)
        assert old_payoff == new_payoff
        old_result = _outcome(partial(old_repayment.allocate_repayment, old, on, amount, product,
                                      accept_excess=not strict))  # fmt: skip
        new_result = _outcome(partial(new_repayment.allocate_repayment, new, on, amount, product,
                                      accept_excess=not strict))  # fmt: skip
        assert old_result[0] == new_result[0], (old_result, new_result)
        if old_result[0] == "refused":
            assert old_result == new_result
            continue
        (old, old_allocation), (new, new_allocation) = old_result[1], new_result[1]
        assert _allocation(old_allocation) == _allocation(new_allocation)
        assert _balances(old) == _balances(new)
        charged_on = on + timedelta(days=product.grace_days + 10)
        assert _balances(old_repayment.charge_late_fees(old, charged_on, product)) == _balances(
            new_repayment.charge_late_fees(new, charged_on, product)
        )


@settings(max_examples=300, deadline=None)
@given(loan=loans(), offsets=st.lists(st.integers(0, 500), min_size=1, max_size=8, unique=True))
def test_every_position_is_what_it_was_before(loan: Any, offsets: list[int]) -> None:
    """A book's positions at several dates, the repayments replayed once: the same, field by field."""
    product, rows, repayments = loan
    days = sorted(rows[0].period_start + timedelta(days=offset) for offset in offsets)
    old = _outcome(partial(old_position.loan_positions, rows, repayments, days, product=product, policy=POLICY), list)
    new = _outcome(partial(new_position.loan_positions, rows, repayments, days, product=product, policy=POLICY), list)
    assert old[0] == new[0], (old, new)
    if old[0] == "refused":
        assert old == new
        return
    assert [_position(position) for position in old[1]] == [_position(position) for position in new[1]]


def test_the_comparison_sees_a_difference() -> None:
    """The oracle is not the code under test: a position one cent apart compares unequal."""
    product = POLICY.product("boost")
    rows = schedule(loan_terms_for(product, Money(500_000), 13, date(2025, 3, 7)))
    repayments = [(rows[0].due_date, rows[0].total)]
    old = old_position.loan_position(rows, repayments, date(2025, 4, 30), product=product, policy=POLICY)
    new = new_position.loan_position(rows, repayments, date(2025, 4, 30), product=product, policy=POLICY)
    assert type(old) is not type(new)
    assert _position(old) == _position(new)
    nudged = dataclasses.replace(new, principal_outstanding=new.principal_outstanding + Money(1))
    assert _position(old) != _position(nudged)


def test_an_installment_keeps_its_checks() -> None:
    """A row that says more was paid than it owed is still refused, naming the installment."""
    row = schedule(loan_terms_for(POLICY.product("boost"), Money(500_000), 13, date(2025, 3, 7)))[0]
    with pytest.raises(InvariantBroken, match="installment 1: principal overpaid"):
        new_repayment.InstallmentBalance(row, principal_paid=row.principal + Money(1))
    with pytest.raises(InvariantBroken, match="installment 1: penalty_paid is never negative"):
        new_repayment.InstallmentBalance(row, penalty_paid=Money(-1))
    with pytest.raises(TypeError, match="interest_paid is Money"):
        new_repayment.InstallmentBalance(row, interest_paid=100)  # type: ignore[arg-type]
    with pytest.raises(InvariantBroken, match="installment 1: late fee overpaid"):
        new_repayment.InstallmentBalance(row, penalty_paid=Money(1))
