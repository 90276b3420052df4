"""Where a loan repayment goes: late fees, then interest, then principal, oldest installment first.

A repayment first pays what is due on its date, across all installments due by then: every unpaid
late fee, then every unpaid interest, then every unpaid principal, the oldest installment first in each.
What is left pays the current installment (the next to fall due) in advance, interest then principal:
paying next week's installment a few days early is what customers do. Anything beyond that is a
prepayment of principal: it repays the last installments first, working backwards, which shortens
the term; the interest of an installment whose principal is thus wholly repaid is waived, since it
would have been earned on money the customer no longer owes.

Paying the loan off early costs the payoff amount: unpaid late fees, unpaid interest already due,
the current period's interest pro rata by days (half up), and all the principal still owed; every
later interest is waived. A payment above the payoff amount is refused, naming the payoff. No
interest runs after the last due date, and interest already paid is never refunded.

Late fee (the product's data): once per installment, late_fee_rate x what is still unpaid of its
principal and interest when it is more than grace_days days late, i.e. charged on the day
due_date + grace_days + 1, before that day's payments are allocated; rounded half up to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from shared_core.errors import (
    InvalidAmount,
    InvalidInput,
    InvariantBroken,
    LoanClosed,
    PaymentAbovePayoff,
    ensure,
)
from shared_core.loan_schedule import Installment, check_schedule
from shared_core.loan_terms import LoanProduct
from shared_core.money import Money, money_of_cents

_ZERO = Money(0)
_AMOUNT_FIELDS = ("principal_paid", "interest_paid", "interest_waived", "penalty_charged", "penalty_paid")


class InstallmentState(StrEnum):
    PAID = "paid"  # nothing left to pay: principal and late fee paid, interest paid or waived
    PARTLY_PAID = "partly_paid"
    UNPAID = "unpaid"


@dataclass(frozen=True, slots=True)
class InstallmentBalance:
    """One installment of the schedule and what has happened to it: paid, waived, late fee charged."""

    installment: Installment
    principal_paid: Money = _ZERO
    interest_paid: Money = _ZERO
    interest_waived: Money = _ZERO
    penalty_charged: Money = _ZERO
    penalty_paid: Money = _ZERO
    penalty_assessed: bool = False  # the one-off late-fee check has been made (whether or not it charged)
    # What is left to pay, worked out once when the row is made: a replay reads them for every row
    # at every repayment and every date, and the row never changes.
    principal_unpaid: Money = field(init=False, repr=False, compare=False)
    interest_unpaid: Money = field(init=False, repr=False, compare=False)
    penalty_unpaid: Money = field(init=False, repr=False, compare=False)
    unpaid: Money = field(init=False, repr=False, compare=False)  # principal and interest (see below)

    def __post_init__(self) -> None:
        installment = self.installment
        if not isinstance(installment, Installment):
            raise TypeError("InstallmentBalance.installment is an Installment")
        amounts = (self.principal_paid, self.interest_paid, self.interest_waived, self.penalty_charged,
                   self.penalty_paid)  # fmt: skip
        for name, value in zip(_AMOUNT_FIELDS, amounts, strict=True):
            if not isinstance(value, Money):
                raise TypeError(f"InstallmentBalance.{name} is Money")
            if value.cents < 0:  # the message only when it is needed: rows are made by the thousand
                raise InvariantBroken(f"installment {self.number}: {name} is never negative")
        principal = installment.principal.cents - self.principal_paid.cents
        interest = installment.interest.cents - self.interest_paid.cents - self.interest_waived.cents
        penalty = self.penalty_charged.cents - self.penalty_paid.cents
        for what, left in (("principal", principal), ("interest", interest), ("late fee", penalty)):
            if left < 0:
                raise InvariantBroken(f"installment {self.number}: {what} overpaid")
        object.__setattr__(self, "principal_unpaid", money_of_cents(principal))
        object.__setattr__(self, "interest_unpaid", money_of_cents(interest))
        object.__setattr__(self, "penalty_unpaid", money_of_cents(penalty))
        # Unpaid principal and interest: what makes the installment late (late fees do not).
        object.__setattr__(self, "unpaid", money_of_cents(principal + interest))

    @property
    def number(self) -> int:
        return self.installment.number

    @property
    def due_date(self) -> date:
        return self.installment.due_date

    @property
    def state(self) -> InstallmentState:
        if not self.unpaid and not self.penalty_unpaid:
            return InstallmentState.PAID
        if self.principal_paid or self.interest_paid or self.penalty_paid or self.interest_waived:
            return InstallmentState.PARTLY_PAID
        return InstallmentState.UNPAID


@dataclass(frozen=True, slots=True)
class LoanBalances:
    """A loan's installments with what has been paid on each; closed_on once nothing is owed."""

    installments: tuple[InstallmentBalance, ...]
    closed_on: date | None = None

    def __post_init__(self) -> None:
        check_schedule(tuple(row.installment for row in self.installments))
        if self.closed_on is not None:
            ensure(self.owed_in_total == _ZERO, "a closed loan owes nothing")

    @property
    def start(self) -> date:
        return self.installments[0].installment.period_start

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def principal_unpaid(self) -> Money:
        return _sum(row.principal_unpaid for row in self.installments)

    @property
    def penalty_unpaid(self) -> Money:
        return _sum(row.penalty_unpaid for row in self.installments)

    @property
    def owed_in_total(self) -> Money:
        """Everything not paid nor waived, including interest of periods still to come."""
        return Money(sum(row.unpaid.cents + row.penalty_unpaid.cents for row in self.installments))

    def due_by(self, on: date) -> tuple[InstallmentBalance, ...]:
        """Installments whose due date is on or before `on`."""
        return tuple(row for row in self.installments if row.due_date <= on)

    def current(self, on: date) -> InstallmentBalance | None:
        """The installment whose period runs on `on` (the next to fall due); None after the last due date."""
        return next((row for row in self.installments if row.due_date > on), None)


def opening_balances(installments: Sequence[Installment]) -> LoanBalances:
    """A loan just disbursed: its schedule, nothing paid."""
    return LoanBalances(tuple(InstallmentBalance(row) for row in check_schedule(installments)))


def _changed(before: LoanBalances, rows: Sequence[InstallmentBalance], closed_on: date | None) -> LoanBalances:
    """`before` with some rows paid or charged. Its schedule was checked when `before` was made and
    each row keeps its installment (checked here, by identity), so it is not checked again: a replay
    makes a LoanBalances per repayment and per date, and the check cost a tenth of a book's time."""
    rows = tuple(rows)
    ensure(
        len(rows) == len(before.installments)
        and all(row.installment is old.installment for row, old in zip(rows, before.installments)),
        "a loan's balances keep its schedule",
    )
    after = object.__new__(LoanBalances)  # the frozen dataclass's own way of setting its fields
    object.__setattr__(after, "installments", rows)
    object.__setattr__(after, "closed_on", closed_on)
    if closed_on is not None:
        ensure(after.owed_in_total == _ZERO, "a closed loan owes nothing")
    return after


@dataclass(frozen=True, slots=True)
class Payoff:
    """What closes the loan on `on`. The total is the most a repayment that day may be."""

    on: date
    penalties: Money  # late fees charged and unpaid
    interest_due: Money  # unpaid interest of installments due on or before `on`
    interest_accrued: Money  # the current period's interest pro rata by days, less any already paid
    principal: Money  # all principal still owed, due or not

    @property
    def total(self) -> Money:
        return self.penalties + self.interest_due + self.interest_accrued + self.principal


@dataclass(frozen=True, slots=True)
class AllocationLine:
    """What one repayment did to one installment."""

    number: int
    penalty: Money = _ZERO
    interest: Money = _ZERO
    principal: Money = _ZERO
    interest_waived: Money = _ZERO


@dataclass(frozen=True, slots=True)
class RepaymentAllocation:
    """Where a repayment went. amount = penalties + interest + principal + excess, to the cent."""

    paid_on: date
    amount: Money
    lines: tuple[AllocationLine, ...]
    excess: Money  # above the payoff: only when accepted (cash already taken), to refund
    closes_loan: bool

    def __post_init__(self) -> None:
        accounted = self.penalties + self.interest + self.principal + self.excess
        if accounted != self.amount:  # the message only when it is needed: a replay allocates thousands
            raise InvariantBroken(f"repayment of {self.amount} allocated as {accounted}")

    @property
    def penalties(self) -> Money:
        return _sum(line.penalty for line in self.lines)

    @property
    def interest(self) -> Money:
        return _sum(line.interest for line in self.lines)

    @property
    def principal(self) -> Money:
        return _sum(line.principal for line in self.lines)

    @property
    def interest_waived(self) -> Money:
        return _sum(line.interest_waived for line in self.lines)


# --- late fees and payoff -----------------------------------------------------------------------


def penalty_date(installment: Installment, product: LoanProduct) -> date:
    """The day a still-unpaid installment is charged its late fee: more than grace_days days late."""
    return installment.due_date + timedelta(days=product.grace_days + 1)


def charge_late_fees(balances: LoanBalances, on: date, product: LoanProduct) -> LoanBalances:
    """Charge every late fee whose day has come by `on`, on what is unpaid now; each only once."""
    _require_date(on, "date")
    rows: list[InstallmentBalance] | None = None  # a copy once a fee is charged; else `balances` as it is
    for index, row in enumerate(balances.installments):
        if row.penalty_assessed:
            continue
        if on < penalty_date(row.installment, product):
            break  # due dates rise down the schedule: no later installment is late either
        if rows is None:
            rows = list(balances.installments)
        # Most installments were paid on time: nothing unpaid, no fee (and no Decimal to make).
        fee = row.unpaid.times_rate(product.late_fee_rate) if row.unpaid else _ZERO
        rows[index] = InstallmentBalance(
            row.installment, row.principal_paid, row.interest_paid, row.interest_waived,
            penalty_charged=row.penalty_charged + fee, penalty_paid=row.penalty_paid, penalty_assessed=True,
        )  # fmt: skip
    return balances if rows is None else _changed(balances, rows, balances.closed_on)


def payoff_quote(balances: LoanBalances, on: date, product: LoanProduct) -> Payoff:
    """What it takes to close the loan on `on` (late fees charged up to that day included)."""
    _require_on_or_after_start(balances, on)
    balances = charge_late_fees(balances, on, product)
    return _payoff(balances, on)


def payoff_amount(balances: LoanBalances, on: date, product: LoanProduct) -> Money:
    return payoff_quote(balances, on, product).total


def _payoff(balances: LoanBalances, on: date) -> Payoff:
    # One pass, in cents: a replay asks for the payoff at every repayment and every date.
    penalties = interest_due = principal = 0
    current: InstallmentBalance | None = None  # the first installment falling due after `on`
    for row in balances.installments:
        penalties += row.penalty_unpaid.cents
        principal += row.principal_unpaid.cents
        if row.due_date <= on:
            interest_due += row.interest_unpaid.cents
        elif current is None:
            current = row
    return Payoff(
        on=on,
        penalties=Money(penalties),
        interest_due=Money(interest_due),
        interest_accrued=_accrued_interest_unpaid(current, on) if current else _ZERO,
        principal=Money(principal),
    )


def _accrued_interest_unpaid(row: InstallmentBalance, on: date) -> Money:
    """The current period's interest earned by `on`, pro rata by days (half up), less what is paid."""
    period_days = (row.due_date - row.installment.period_start).days
    days = min(max((on - row.installment.period_start).days, 0), period_days)
    chargeable = (row.installment.interest - row.interest_waived).cents
    accrued = (2 * chargeable * days + period_days) // (2 * period_days)
    return Money(max(accrued - row.interest_paid.cents, 0))


# --- allocation ----------------------------------------------------------------------------------


class _Working:
    """A mutable copy of one installment's paid amounts while one repayment is allocated."""

    __slots__ = ("balance", "interest", "penalty", "principal", "waived")

    def __init__(self, balance: InstallmentBalance) -> None:
        self.balance = balance
        self.penalty = self.interest = self.principal = self.waived = 0

    @property
    def penalty_unpaid(self) -> int:
        return self.balance.penalty_unpaid.cents - self.penalty

    @property
    def interest_unpaid(self) -> int:
        return self.balance.interest_unpaid.cents - self.interest - self.waived

    @property
    def principal_unpaid(self) -> int:
        return self.balance.principal_unpaid.cents - self.principal

    def frozen(self) -> InstallmentBalance:
        """The row after this repayment: the row itself when the repayment did not touch it."""
        row = self.balance
        if not (self.penalty or self.interest or self.principal or self.waived):
            return row
        return InstallmentBalance(
            row.installment,
            principal_paid=money_of_cents(row.principal_paid.cents + self.principal),
            interest_paid=money_of_cents(row.interest_paid.cents + self.interest),
            interest_waived=money_of_cents(row.interest_waived.cents + self.waived),
            penalty_charged=row.penalty_charged,
            penalty_paid=money_of_cents(row.penalty_paid.cents + self.penalty),
            penalty_assessed=row.penalty_assessed,
        )

    def line(self) -> AllocationLine | None:
        if not (self.penalty or self.interest or self.principal or self.waived):
            return None
        return AllocationLine(
            self.balance.number, Money(self.penalty), Money(self.interest), Money(self.principal),
            Money(self.waived),
        )


def allocate_repayment(
    balances: LoanBalances, paid_on: date, amount: Money, product: LoanProduct, *, accept_excess: bool = False
) -> tuple[LoanBalances, RepaymentAllocation]:
    """Apply a repayment of `amount` made on `paid_on`; the balances after it, and where it went.

    Above the payoff amount the repayment is refused, naming the payoff, unless `accept_excess`
    (replaying cash that was already taken, e.g. by two agents offline): then the loan closes and
    the rest is reported as excess, to refund, never silently absorbed.
    """
    if not isinstance(amount, Money):
        raise TypeError("a repayment amount is Money")
    if not amount.is_positive:
        raise InvalidAmount(f"A repayment must be more than zero, not {amount}", cents=amount.cents)
    _require_on_or_after_start(balances, paid_on)
    if balances.closed_on is not None:
        if not accept_excess:
            raise LoanClosed(
                f"This loan was paid off on {balances.closed_on.isoformat()}; there is nothing to repay",
                closed_on=balances.closed_on.isoformat(),
            )
        return balances, RepaymentAllocation(paid_on, amount, (), excess=amount, closes_loan=False)
    balances = charge_late_fees(balances, paid_on, product)
    payoff = _payoff(balances, paid_on).total
    if amount > payoff and not accept_excess:
        raise PaymentAbovePayoff(
            f"{amount} is more than the {payoff} that pays this loan off on {paid_on.isoformat()}; "
            f"take at most {payoff}",
            payoff_cents=payoff.cents,
            paid_on=paid_on.isoformat(),
        )
    rows = [_Working(row) for row in balances.installments]
    due = [row for row in rows if row.balance.due_date <= paid_on]
    later = [row for row in rows if row.balance.due_date > paid_on]
    left = amount.cents
    for row in rows:  # late fees can only be charged on installments already due
        left -= _pay(row, "penalty", min(left, row.penalty_unpaid))
    for row in due:
        left -= _pay(row, "interest", min(left, row.interest_unpaid))
    for row in due:
        left -= _pay(row, "principal", min(left, row.principal_unpaid))
    closes = amount >= payoff
    if closes:
        left = _close(later, paid_on, left)
    elif later:
        left = _prepay(later, left)
    ensure(left >= 0, "a repayment never pays more than it holds")
    excess = Money(left)
    ensure(closes or not excess, "only a repayment that closes the loan leaves an excess")
    after = _changed(balances, [row.frozen() for row in rows], None)
    closed = after.owed_in_total == _ZERO
    if closed:
        after = _changed(balances, after.installments, paid_on)
    lines = tuple(line for line in (row.line() for row in rows) if line is not None)
    return after, RepaymentAllocation(paid_on, amount, lines, excess=excess, closes_loan=closed)


def _close(later: list[_Working], paid_on: date, left: int) -> int:
    """Pay off: the current period's interest pro rata, all principal; waive every later interest."""
    if later:
        current = later[0]
        accrued = _accrued_interest_unpaid(current.balance, paid_on).cents
        left -= _pay(current, "interest", accrued)
    for row in later:
        left -= _pay(row, "principal", row.principal_unpaid)
        row.waived += row.interest_unpaid
    return left


def _prepay(later: list[_Working], left: int) -> int:
    """The current installment in advance, then principal from the last installment backwards."""
    current = later[0]
    left -= _pay(current, "interest", min(left, current.interest_unpaid))
    left -= _pay(current, "principal", min(left, current.principal_unpaid))
    for row in reversed(later[1:]):
        if not left:
            break
        left -= _pay(row, "principal", min(left, row.principal_unpaid))
        if not row.principal_unpaid:
            row.waived += row.interest_unpaid
    return left


def _pay(row: _Working, part: str, cents: int) -> int:
    ensure(cents >= 0, "a payment part is never negative")
    setattr(row, part, getattr(row, part) + cents)
    return cents


# --- small helpers -----------------------------------------------------------------------------


def _require_date(value: object, what: str) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"the {what} is a date (not a datetime)")


def _require_on_or_after_start(balances: LoanBalances, on: date) -> None:
    _require_date(on, "date")
    if on < balances.start:
        raise InvalidInput(
            f"{on.isoformat()} is before this loan was disbursed ({balances.start.isoformat()})",
            on=on.isoformat(),
        )


def _sum(amounts: Iterable[Money]) -> Money:
    return Money(sum(amount.cents for amount in amounts))  # one Money, not one per partial sum


def replayed_balances(
    installments: Sequence[Installment], repayments: Iterable[tuple[date, Money]], product: LoanProduct
) -> LoanBalances:
    """A loan's balances after the repayments already taken, in the order they were booked. They are
    facts: one beyond what closed the loan does not refuse the replay (its excess is owed back), and
    one dated before the loan began counts from its first day."""
    balances = opening_balances(installments)
    for paid_on, amount in repayments:
        balances, _ = allocate_repayment(
            balances, max(paid_on, balances.start), amount, product, accept_excess=True
        )
    return balances
