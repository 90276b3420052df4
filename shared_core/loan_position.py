"""Where a loan stands on a date: outstanding, arrears, days past due, classification, payoff.

The position is a read model: it is rebuilt every time by replaying the schedule and the
repayments made up to that date (shared_core.loan_repayment), never stored or edited. Late fees
are charged as the replay passes their day. Days past due count from the due date of the oldest
installment whose principal or interest is not fully paid (an unpaid late fee alone does not make a
loan past due); an installment falling due today is due, not yet past due. The classification follows
the policy's thresholds (CBK: normal 0-30 days, watch 31-90, substandard 91-180, doubtful 181-360,
loss beyond).

The repayments replayed are facts: cash already taken. One that goes beyond what closes the loan
(two agents paid offline) is not refused here; the loan closes and the rest shows as `overpaid`,
to be refunded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from itertools import pairwise

from shared_core.errors import InvalidInput, InvariantBroken, ensure
from shared_core.loan_repayment import (
    InstallmentBalance,
    LoanBalances,
    allocate_repayment,
    charge_late_fees,
    opening_balances,
    payoff_quote,
)
from shared_core.loan_schedule import Installment, check_schedule
from shared_core.loan_terms import LoanClassification, LoanPolicy, LoanProduct
from shared_core.money import Money, money_of_cents

repayments_max = 10_000  # years of weekly repayments, several times over

_ZERO = Money(0)


class LoanStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"  # everything paid, on schedule or early


@dataclass(frozen=True, slots=True)
class LoanPosition:
    product_code: str
    as_of: date
    status: LoanStatus
    closed_on: date | None
    principal_outstanding: Money  # all principal still owed, due or not
    interest_unpaid: Money  # interest of installments due by as_of, not paid
    penalties_unpaid: Money
    arrears: Money  # unpaid principal and interest of installments whose due date has passed
    amount_due: Money  # what brings the loan up to date today: late fees, principal and interest due by today
    days_past_due: int
    classification: LoanClassification
    is_non_performing: bool
    next_due_date: date | None  # the next installment not fully paid, falling due today or later
    next_due_amount: Money
    payoff: Money  # what closes the loan today (shared_core.loan_repayment.payoff_quote)
    repaid: Money  # every repayment made by as_of, including any overpaid
    principal_paid: Money
    interest_paid: Money
    penalties_paid: Money
    penalties_charged: Money
    interest_waived: Money  # interest of periods the customer prepaid or paid off early
    overpaid: Money  # repaid beyond what closed the loan: to refund
    installments: tuple[InstallmentBalance, ...]

    def __post_init__(self) -> None:
        paid_parts = self.principal_paid + self.interest_paid + self.penalties_paid + self.overpaid
        if paid_parts != self.repaid:  # the message only when it is needed: a book takes thousands
            raise InvariantBroken(f"repaid {self.repaid} but allocated {paid_parts}")
        ensure(self.is_closed == (self.closed_on is not None), "a closed loan has a closing date")

    @property
    def is_closed(self) -> bool:
        return self.status is LoanStatus.CLOSED

    @property
    def interest_charged(self) -> Money:
        """The schedule's interest less what was waived: what the loan costs once it is closed."""
        return _sum(row.installment.interest for row in self.installments) - self.interest_waived


def loan_position(
    schedule: Sequence[Installment],
    repayments: Sequence[tuple[date, Money]],
    as_of: date,
    *,
    product: LoanProduct,
    policy: LoanPolicy,
) -> LoanPosition:
    """The loan as of `as_of`, replaying the repayments made on or before it (same-day ones in order)."""
    _require_day(as_of)
    return next(loan_positions(schedule, repayments, (as_of,), product=product, policy=policy))


def loan_positions(
    schedule: Sequence[Installment],
    repayments: Sequence[tuple[date, Money]],
    dates: Iterable[date],
    *,
    product: LoanProduct,
    policy: LoanPolicy,
) -> Iterator[LoanPosition]:
    """The loan as of each of `dates` (oldest first), one at a time: each is `loan_position` of
    that date, the repayments replayed once for them all (a book's history at month-ends)."""
    if not isinstance(product, LoanProduct) or not isinstance(policy, LoanPolicy):
        raise TypeError("loan_position needs the loan's LoanProduct and the LoanPolicy")
    balances = opening_balances(check_schedule(schedule))
    days = tuple(dates)
    for day in days:
        _require_day(day)
    if any(later < earlier for earlier, later in pairwise(days)):
        raise ValueError("loan_positions takes its dates oldest first")
    if days and days[0] < balances.start:
        raise InvalidInput(
            f"{days[0].isoformat()} is before this loan was disbursed ({balances.start.isoformat()})"
        )
    replayed = sorted(_checked(repayments), key=lambda repayment: repayment[0])
    repaid = overpaid = _ZERO
    applied = 0
    for as_of in days:
        while applied < len(replayed) and replayed[applied][0] <= as_of:
            paid_on, amount = replayed[applied]
            balances, allocation = allocate_repayment(balances, paid_on, amount, product, accept_excess=True)
            repaid += amount
            overpaid += allocation.excess
            applied += 1
        # The late fees due by `as_of` are kept for the dates after it: the next repayment comes
        # later, and would charge each of them on the same unpaid amount before it is allocated.
        balances = charge_late_fees(balances, as_of, product)
        yield _position(balances, as_of, repaid, overpaid, product, policy)


def _position(
    balances: LoanBalances, as_of: date, repaid: Money, overpaid: Money, product: LoanProduct, policy: LoanPolicy
) -> LoanPosition:
    """Where the loan stands on `as_of`: `balances` are its repayments up to it replayed, and the
    late fees due by then charged."""
    rows = balances.installments
    # One pass over the installments, in cents: a book takes a position per open loan and date.
    principal_unpaid = penalties_unpaid = interest_due = due_unpaid = arrears = 0
    principal_paid = interest_paid = penalties_paid = penalties_charged = interest_waived = 0
    oldest_past_due: date | None = None  # the due date of the oldest installment past due and unpaid
    upcoming: InstallmentBalance | None = None  # the next not fully paid, falling due today or later
    for row in rows:
        unpaid = row.unpaid.cents
        principal_unpaid += row.principal_unpaid.cents
        penalties_unpaid += row.penalty_unpaid.cents
        principal_paid += row.principal_paid.cents
        interest_paid += row.interest_paid.cents
        penalties_paid += row.penalty_paid.cents
        penalties_charged += row.penalty_charged.cents
        interest_waived += row.interest_waived.cents
        if row.due_date <= as_of:
            interest_due += row.interest_unpaid.cents
            due_unpaid += unpaid
            if row.due_date < as_of and unpaid:
                arrears += unpaid
                if oldest_past_due is None:
                    oldest_past_due = row.due_date
        if upcoming is None and row.due_date >= as_of and unpaid:
            upcoming = row
    days_past_due = (as_of - oldest_past_due).days if oldest_past_due is not None else 0
    classification = policy.classification.classify(days_past_due)
    return LoanPosition(
        product_code=product.code,
        as_of=as_of,
        status=LoanStatus.CLOSED if balances.is_closed else LoanStatus.ACTIVE,
        closed_on=balances.closed_on,
        principal_outstanding=money_of_cents(principal_unpaid),
        interest_unpaid=money_of_cents(interest_due),
        penalties_unpaid=money_of_cents(penalties_unpaid),
        arrears=money_of_cents(arrears),
        amount_due=money_of_cents(penalties_unpaid + due_unpaid),
        days_past_due=days_past_due,
        classification=classification,
        is_non_performing=policy.classification.is_non_performing(classification),
        next_due_date=upcoming.due_date if upcoming else None,
        next_due_amount=upcoming.unpaid if upcoming else _ZERO,
        payoff=_ZERO if balances.is_closed else payoff_quote(balances, as_of, product).total,
        repaid=repaid,
        principal_paid=money_of_cents(principal_paid),
        interest_paid=money_of_cents(interest_paid),
        penalties_paid=money_of_cents(penalties_paid),
        penalties_charged=money_of_cents(penalties_charged),
        interest_waived=money_of_cents(interest_waived),
        overpaid=overpaid,
        installments=rows,
    )


def _require_day(value: object) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError("as_of is a date (not a datetime)")


def _checked(repayments: Sequence[tuple[date, Money]]) -> list[tuple[date, Money]]:
    if len(repayments) > repayments_max:
        raise InvalidInput(f"a loan replays at most {repayments_max} repayments, not {len(repayments)}")
    checked = []
    for index, repayment in enumerate(repayments):
        if not isinstance(repayment, tuple) or len(repayment) != 2:
            raise TypeError(f"repayment {index + 1} is a (date, Money) pair")
        paid_on, amount = repayment
        if not isinstance(paid_on, date) or isinstance(paid_on, datetime) or not isinstance(amount, Money):
            raise TypeError(f"repayment {index + 1} is a (date, Money) pair")
        checked.append((paid_on, amount))
    return checked


def _sum(amounts: Iterable[Money]) -> Money:
    return Money(sum(amount.cents for amount in amounts))  # one Money, not one per partial sum
