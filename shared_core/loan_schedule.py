"""A loan's repayment schedule: when each installment falls due and how much of it is principal and interest.

Reducing balance: equal installments (an annuity), the periodic rate being the annual rate / 12 for
monthly loans and / 52 for weekly ones. Flat: interest = principal x annual rate x years, spread evenly.
Monthly due dates keep the first due date's day of the month, clamped to the month's end
(31 Jan, 28/29 Feb, 31 Mar: counted from the first due date, so they never drift); weekly ones
fall every 7 days. Every installment's principal adds up exactly to the amount lent.

Rounding to the cent (amounts are whole cents; ties round half up):

- Reducing balance: the exact annuity is worked out in rational arithmetic (fractions, no rounding
  at all), then rounded once. The installment is the exact payment rounded to the cent. The balance
  after each installment is the exact annuity balance rounded to the cent, so the principal of a row
  is the difference of two rounded balances and its interest is the rest of the installment. Each row
  is thus within a cent of the exact split once that is rounded to the cent; the interest also carries
  the payment's own rounding (under half a cent). The last installment repays the balance left and
  the exact interest of its period rounded, so it may differ from the others by a few cents.
  Interest is never negative: in the rare row whose exact interest is smaller than the amount the
  payment was rounded down by (a tiny rate on a tiny balance), the whole installment is principal and
  the fraction of a cent it falls short moves on to the last installment.
- Flat: total interest = principal x rate x installments / (52 or 12), rounded to the cent. Every
  installment carries the principal and the total interest divided by the number of installments,
  rounded down to the cent; the last one also takes the cents left over, so it is larger than the
  others by less than two cents per installment (under KES 0.26 over 13 weeks).
- A rate of zero charges no interest; the principal is split as for a flat loan.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from shared_core.canonical import require_int
from shared_core.errors import InvalidInput, ensure
from shared_core.loan_terms import (
    InterestMethod,
    LoanProduct,
    RepaymentFrequency,
    annual_rate_max,
    installments_max,
    parse_choice,
    parse_rate,
    require_rate,
)
from shared_core.money import Money, cents_per_shilling
from shared_core.statements import require_date

# A loan lends at least a shilling per installment: below that an installment could be all rounding.
principal_cents_per_installment_min = cents_per_shilling
days_per_week = 7


@dataclass(frozen=True, slots=True)
class LoanTerms:
    """What was agreed: how much, at what rate, charged how, paid how often, how many times, from when."""

    principal: Money
    annual_rate: Decimal  # 0.18 is 18% a year
    method: InterestMethod
    frequency: RepaymentFrequency
    installments: int
    first_due: date

    def __post_init__(self) -> None:
        if not isinstance(self.principal, Money):
            raise TypeError("LoanTerms.principal is Money")
        require_rate(self.annual_rate, "annual rate", maximum=annual_rate_max)
        if not isinstance(self.method, InterestMethod):
            raise InvalidInput(f"interest method must be flat or reducing, not {self.method!r}")
        if not isinstance(self.frequency, RepaymentFrequency):
            raise InvalidInput(f"repayment frequency must be weekly or monthly, not {self.frequency!r}")
        if type(self.installments) is not int or not 1 <= self.installments <= installments_max:
            raise InvalidInput(
                f"number of installments must be a whole number from 1 to {installments_max}, "
                f"not {self.installments!r}"
            )
        if not isinstance(self.first_due, date) or isinstance(self.first_due, datetime):
            raise TypeError("LoanTerms.first_due is a date (not a datetime)")
        smallest = Money(self.installments * principal_cents_per_installment_min)
        if self.principal < smallest:
            raise InvalidInput(
                f"A loan of {self.principal} cannot be repaid in {self.installments} installments; "
                f"lend at least {smallest} (a shilling per installment)",
                principal_cents=self.principal.cents,
            )

    @property
    def start(self) -> date:
        """One period before the first due date: when interest of the first installment starts to run."""
        return _period_before(self.frequency, self.first_due)

    @property
    def periodic_rate(self) -> Fraction:
        return Fraction(self.annual_rate) / self.frequency.periods_per_year


def loan_terms_for(product: LoanProduct, principal: Money, installments: int, first_due: date) -> LoanTerms:
    """The terms of a loan of `product`; LimitExceeded naming the product's range if it does not fit."""
    product.require_within(principal, installments)
    return LoanTerms(
        principal=principal,
        annual_rate=product.annual_rate,
        method=product.method,
        frequency=product.frequency,
        installments=installments,
        first_due=first_due,
    )


@dataclass(frozen=True, slots=True)
class Installment:
    """One row of the schedule. Interest of the row runs from period_start to due_date."""

    number: int
    period_start: date
    due_date: date
    principal: Money
    interest: Money
    balance_after: Money  # principal still owed once this installment and all before it are paid

    def __post_init__(self) -> None:
        if type(self.number) is not int or self.number < 1:
            raise InvalidInput(f"installment number must be 1 or more, not {self.number!r}")
        for name in ("principal", "interest", "balance_after"):
            value = getattr(self, name)
            if not isinstance(value, Money):
                raise TypeError(f"Installment.{name} is Money")
            if value.is_negative:
                raise InvalidInput(f"installment {self.number}: {name} {value} is negative")
        for name in ("period_start", "due_date"):
            value = getattr(self, name)
            if not isinstance(value, date) or isinstance(value, datetime):
                raise TypeError(f"Installment.{name} is a date")
        if self.period_start >= self.due_date:
            raise InvalidInput(f"installment {self.number}: its period must start before it falls due")

    @property
    def total(self) -> Money:
        return self.principal + self.interest


def due_dates(frequency: RepaymentFrequency, first_due: date, count: int) -> tuple[date, ...]:
    """The due dates of `count` installments: every 7 days, or the same day of each month (clamped)."""
    if frequency is RepaymentFrequency.WEEKLY:
        return tuple(first_due + timedelta(days=days_per_week * index) for index in range(count))
    return tuple(_add_months(first_due, index) for index in range(count))


def schedule(terms: LoanTerms) -> tuple[Installment, ...]:
    """The installments of a loan, oldest first; see the module docstring for the rounding rule."""
    if not isinstance(terms, LoanTerms):
        raise TypeError("schedule needs LoanTerms")
    if terms.method is InterestMethod.REDUCING and terms.annual_rate:
        splits = _reducing_balance(terms.principal.cents, terms.periodic_rate, terms.installments)
    else:
        splits = _flat(terms)
    dates = due_dates(terms.frequency, terms.first_due, terms.installments)
    starts = (terms.start, *dates[:-1])
    balance = terms.principal.cents
    rows = []
    for number, ((principal, interest), start, due) in enumerate(zip(splits, starts, dates), start=1):
        balance -= principal
        rows.append(Installment(number, start, due, Money(principal), Money(interest), Money(balance)))
    ensure(balance == 0, "a schedule repays exactly the principal lent")
    return tuple(rows)


def check_schedule(installments: Sequence[Installment]) -> tuple[Installment, ...]:
    """`installments` as a schedule: numbered 1..n, periods end to end, balances that add up to zero."""
    rows = tuple(installments)
    if not rows:
        raise InvalidInput("a loan schedule needs at least one installment")
    if not all(isinstance(row, Installment) for row in rows):
        raise TypeError("a schedule holds Installments")
    balance = rows[0].principal + rows[0].balance_after  # what was lent
    for index, row in enumerate(rows):
        if row.number != index + 1:
            raise InvalidInput(f"schedule row {index + 1} is numbered {row.number}")
        if index and row.period_start != rows[index - 1].due_date:
            raise InvalidInput(f"installment {row.number}: its period must start when the one before falls due")
        balance -= row.principal
        if row.balance_after != balance:
            raise InvalidInput(
                f"installment {row.number}: balance after should be {balance}, not {row.balance_after}"
            )
    if balance:
        raise InvalidInput(f"the schedule leaves {balance} unpaid after its last installment")
    return rows


# --- the two methods ---------------------------------------------------------------------------


def _reducing_balance(principal: int, rate: Fraction, count: int) -> list[tuple[int, int]]:
    """(principal, interest) in cents per installment of an annuity at periodic `rate` > 0."""
    growth = (1 + rate) ** count
    payment_exact = principal * rate * growth / (growth - 1)
    payment = _round_half_up(payment_exact)
    balance_exact = Fraction(principal)
    balance = principal
    rows: list[tuple[int, int]] = []
    for number in range(1, count + 1):
        interest_exact = balance_exact * rate
        balance_exact += interest_exact - payment_exact
        if number < count:
            # The exact balance rounded, unless that would leave the interest below zero.
            balance_next = max(_round_half_up(balance_exact), balance - payment)
            principal_part = balance - balance_next
            rows.append((principal_part, payment - principal_part))
            balance = balance_next
        else:
            rows.append((balance, _round_half_up(interest_exact)))
    ensure(balance_exact == 0, "an annuity repays its principal exactly")
    ensure(all(part >= 0 and interest >= 0 for part, interest in rows), "no installment part is negative")
    return rows


def _flat(terms: LoanTerms) -> list[tuple[int, int]]:
    count = terms.installments
    principal = terms.principal.cents
    years = Fraction(count, terms.frequency.periods_per_year)
    interest = _round_half_up(principal * Fraction(terms.annual_rate) * years)
    principal_each, interest_each = principal // count, interest // count
    rows = [(principal_each, interest_each)] * (count - 1)
    rows.append((principal - principal_each * (count - 1), interest - interest_each * (count - 1)))
    return rows


# --- dates and rounding ------------------------------------------------------------------------


def _add_months(start: date, months: int) -> date:
    year, month_index = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month_index + 1)[1])
    return date(year, month_index + 1, day)


def _period_before(frequency: RepaymentFrequency, due: date) -> date:
    if frequency is RepaymentFrequency.WEEKLY:
        return due - timedelta(days=days_per_week)
    return _add_months(due, -1)


def _round_half_up(value: Fraction) -> int:
    """A non-negative exact amount of cents to whole cents, ties up."""
    ensure(value >= 0, "amounts rounded here are never negative")
    return math.floor(value + Fraction(1, 2))


TERMS_FIELDS = ("principal_cents", "annual_rate", "method", "frequency", "installments", "first_due_date")


def loan_terms_to_wire(terms: LoanTerms) -> dict[str, object]:
    """The terms as head office stores them and the pull sends them (the rate as decimal text)."""
    return {
        "principal_cents": terms.principal.cents,
        "annual_rate": str(terms.annual_rate),
        "method": terms.method.value,
        "frequency": terms.frequency.value,
        "installments": terms.installments,
        "first_due_date": terms.first_due.isoformat(),
    }


def loan_terms_from_wire(fields: Mapping[str, object], path: str = "terms") -> LoanTerms:
    """Terms read back from a row or the wire: `fields` holds at least TERMS_FIELDS, each checked
    (InvalidInput names the one that is wrong) and the terms' own promises proved again."""
    missing = [name for name in TERMS_FIELDS if name not in fields]
    if missing:
        raise InvalidInput(f"{path}: missing field {', '.join(missing)}", field=path)
    principal = require_int(fields["principal_cents"], f"{path}.principal_cents", minimum=1)
    due = date.fromisoformat(require_date(fields["first_due_date"], f"{path}.first_due_date"))
    return LoanTerms(
        principal=Money(principal),
        annual_rate=parse_rate(fields["annual_rate"], f"{path}.annual_rate", maximum=annual_rate_max),
        method=parse_choice(fields["method"], f"{path}.method", InterestMethod),
        frequency=parse_choice(fields["frequency"], f"{path}.frequency", RepaymentFrequency),
        installments=require_int(fields["installments"], f"{path}.installments", minimum=1, maximum=installments_max),
        first_due=due,
    )
