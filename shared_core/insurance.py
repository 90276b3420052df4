"""Insure: premium quotes, whether a monthly personal accident cover is in force, and the policy schedule.

A quote is the basic premium (plan price, rate x annual payroll, or rate x declared value), then each
statutory levy on that premium, then stamp duty per policy document; the total is their sum, always.
Rounding: a WIBA class's premium and the all-risk premium are rate x amount rounded half up to the
cent; each levy is the basic premium x its rate rounded half up to the cent on its own (never
computed on a sum of levies), so the schedule's lines add up to its total exactly.

Personal accident is paid month by month from the wallet. A premium not paid on its due date
leaves the cover in force through the grace period; after it the cover lapses. The next premium
paid reinstates the cover from the day it is paid, for one month, and monthly from that day on:
the days between the end of grace and reinstatement stay uncovered, nothing restores them.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from shared_core.canonical import require_text
from shared_core.errors import InvalidInput, ensure
from shared_core.insurance_tariff import InsuranceTariff, OccupationClass, grace_days_max
from shared_core.money import Money

personal_accident_cover_months = 1  # the plans are priced by the month
annual_cover_months = 12  # WIBA and all-risk rates are annual
payroll_lines_max = 50  # categories of staff on one WIBA policy
employees_max = 100_000  # staff in one WIBA payroll category
category_length_max = 60  # a WIBA payroll category, in the employer's words
insured_items_max = 500  # assets listed on one all-risk schedule
premium_payments_max = 1_200  # a century of monthly premiums
text_length_max = 120
policy_number_length_max = 40


class Product(StrEnum):
    PERSONAL_ACCIDENT = "personal_accident"
    WIBA = "wiba"
    ASSET_ALL_RISK = "asset_all_risk"

    @property
    def title(self) -> str:
        return _PRODUCT_TITLES[self]


_PRODUCT_TITLES = {
    Product.PERSONAL_ACCIDENT: "Personal accident",
    Product.WIBA: "Work injury benefits (WIBA)",
    Product.ASSET_ALL_RISK: "Asset all-risk",
}


class PaymentMethod(StrEnum):
    """How the premium was paid: the operations PREMIUM_CASH and PREMIUM_WALLET."""

    CASH = "cash"
    WALLET = "wallet"


class CoverStatus(StrEnum):
    IN_FORCE = "in_force"  # premiums paid for today
    IN_GRACE = "in_grace"  # a premium is overdue, but within the grace period: still covered
    LAPSED = "lapsed"  # unpaid past the grace period: not covered until a premium is paid


# --- the figures of a quote ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CoverPeriod:
    """The days of cover, both inclusive: 1 Jul 2025 to 30 Jun 2026 is a year."""

    start: date
    end: date

    def __post_init__(self) -> None:
        _require_date(self.start, "CoverPeriod.start")
        _require_date(self.end, "CoverPeriod.end")
        if self.end < self.start:
            raise InvalidInput(f"period: cover cannot end ({self.end}) before it starts ({self.start})")


@dataclass(frozen=True, slots=True)
class SumInsured:
    """One benefit ('Death') or one insured item ('Toyota Probox KDA 123X') and what it pays at most."""

    description: str
    amount: Money

    def __post_init__(self) -> None:
        require_text(self.description, "sum insured description", length_max=text_length_max)
        _require_positive(self.amount, f"sum insured for {self.description}")


@dataclass(frozen=True, slots=True)
class PremiumLine:
    """One line of the basic premium: a plan's price, or a rate applied to a basis (payroll, value)."""

    description: str
    basis: Money | None  # the payroll or declared value the rate applies to; None for a plan price
    rate: Decimal | None
    premium: Money
    occupation_class: OccupationClass | None = None  # WIBA lines only
    employees: int | None = None  # WIBA lines: the staff the payroll is for, as declared (not priced)

    def __post_init__(self) -> None:
        require_text(self.description, "premium line description", length_max=text_length_max)
        _require_employees(self.employees)
        if (self.basis is None) != (self.rate is None):
            raise TypeError("PremiumLine has both a basis and a rate, or neither")
        if self.basis is not None and not isinstance(self.basis, Money):
            raise TypeError("PremiumLine.basis is Money")
        if self.rate is not None and not isinstance(self.rate, Decimal):
            raise TypeError("PremiumLine.rate is a Decimal")
        if not isinstance(self.premium, Money) or self.premium.is_negative:
            raise TypeError("PremiumLine.premium is Money, not negative")


@dataclass(frozen=True, slots=True)
class LevyCharge:
    """A statutory levy as charged: its rate and the amount, rounded half up to the cent."""

    code: str
    name: str
    rate: Decimal
    amount: Money

    def __post_init__(self) -> None:
        if not isinstance(self.rate, Decimal) or not isinstance(self.amount, Money):
            raise TypeError("LevyCharge holds a Decimal rate and a Money amount")
        if self.amount.is_negative:
            raise InvalidInput(f"levy {self.name}: the amount must not be negative")


@dataclass(frozen=True, slots=True)
class WibaPayroll:
    """The annual payroll of one category of an employer's staff, in its occupation class, and how
    many employees it pays. The premium is on the payroll alone; the head count is declared for the
    insurer and printed on the schedule. None only on sales recorded before it was asked for."""

    occupation_class: OccupationClass
    annual_payroll: Money
    category: str = ""  # the employer's own words: 'Drivers', 'Shop-floor and yard staff'
    employees: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "occupation_class", OccupationClass.parse(self.occupation_class))
        _require_positive(self.annual_payroll, f"annual payroll for class {int(self.occupation_class)}")
        require_text(self.category, "category", length_max=category_length_max, allow_empty=True)
        _require_employees(self.employees)


@dataclass(frozen=True, slots=True)
class InsuredItem:
    """One asset on an all-risk policy and the value the customer declares for it."""

    description: str
    declared_value: Money

    def __post_init__(self) -> None:
        require_text(self.description, "item description", length_max=text_length_max)
        _require_positive(self.declared_value, f"declared value of {self.description}")


@dataclass(frozen=True, slots=True)
class Quote:
    """What a cover costs, line by line. Built by the quote_ functions; its figures always add up."""

    product: Product
    plan: str  # the personal accident plan, '' for other products
    premium_lines: tuple[PremiumLine, ...]
    basic_premium: Money
    levies: tuple[LevyCharge, ...]
    stamp_duty: Money
    total: Money
    sums_insured: tuple[SumInsured, ...]
    period: CoverPeriod
    tariff_version: int

    def __post_init__(self) -> None:
        _check_figures(
            "quote", self.premium_lines, self.basic_premium, self.levies, self.stamp_duty, self.total
        )

    @property
    def levies_total(self) -> Money:
        return sum((levy.amount for levy in self.levies), Money.zero())

    @property
    def minimum_premium_applied(self) -> bool:
        return any(line.description == minimum_premium_line for line in self.premium_lines)


minimum_premium_line = "Minimum premium top-up"


def quote_personal_accident(
    plan: str, *, tariff: InsuranceTariff, start: date, new_policy: bool = True
) -> Quote:
    """One month of a plan from `start`. A later month of the same policy (`new_policy=False`)
    issues no new policy document, so it carries no stamp duty."""
    chosen = tariff.plan(plan)
    line = PremiumLine(f"{chosen.name.capitalize()} plan, one month", None, None, chosen.monthly_premium)
    sums_insured = (
        SumInsured("Accidental death", chosen.death),
        SumInsured("Permanent total disability", chosen.permanent_disability),
        SumInsured("Medical expenses after an accident", chosen.medical_expenses),
    )
    return _quote(
        Product.PERSONAL_ACCIDENT, (line,), sums_insured, tariff=tariff, plan=chosen.name,
        period=cover_period(start, personal_accident_cover_months), stamp_duty=new_policy,
    )


def quote_wiba(
    annual_payroll: Money | Sequence[WibaPayroll],
    occupation_class: OccupationClass | int | None = None,
    *,
    tariff: InsuranceTariff,
    start: date,
) -> Quote:
    """A year of WIBA cover: rate x annual payroll for each class, each rounded half up, summed.

    Either one payroll and its class, or the payroll split by category (office staff, drivers...).
    Each line carries its category's head count, which the price does not depend on. WIBA's benefits
    are those the Act sets, so the quote lists no sums insured.
    """
    if isinstance(annual_payroll, Money):
        if occupation_class is None:
            raise InvalidInput(
                "occupation_class: say which class the payroll is in", field="occupation_class"
            )
        single = WibaPayroll(OccupationClass.parse(occupation_class), annual_payroll)
        payroll: tuple[WibaPayroll, ...] = (single,)
    else:
        if occupation_class is not None:
            raise TypeError("a payroll split by category names each category's class, not one class")
        payroll = tuple(annual_payroll)
        if not payroll:
            raise InvalidInput("annual_payroll: no payroll given", field="annual_payroll")
        if len(payroll) > payroll_lines_max:
            raise InvalidInput(
                f"annual_payroll: at most {payroll_lines_max} categories of staff on one policy",
                field="annual_payroll",
            )
        if not all(isinstance(row, WibaPayroll) for row in payroll):
            raise TypeError("a split payroll is a sequence of WibaPayroll")
    lines = []
    for row in payroll:
        rate = tariff.wiba_rate(row.occupation_class)
        description = f"Class {int(row.occupation_class)}: {rate.description}"
        if row.category:
            description += f" ({row.category})"
        premium = row.annual_payroll.times_rate(rate.rate, ROUND_HALF_UP)
        lines.append(
            PremiumLine(description, row.annual_payroll, rate.rate, premium, row.occupation_class, row.employees)
        )
    return _quote(
        Product.WIBA, tuple(lines), (), tariff=tariff, plan="",
        period=cover_period(start, annual_cover_months), stamp_duty=True,
    )


def quote_asset_all_risk(
    declared_value: Money | Sequence[InsuredItem], *, tariff: InsuranceTariff, start: date
) -> Quote:
    """A year of all-risk cover: rate x total declared value, rounded half up, never below the
    minimum premium; when the minimum applies, a top-up line shows the difference."""
    if isinstance(declared_value, Money):
        items: tuple[InsuredItem, ...] = (InsuredItem("Declared assets", declared_value),)
    else:
        items = tuple(declared_value)
        if not items:
            raise InvalidInput("declared_value: list at least one item", field="declared_value")
        if len(items) > insured_items_max:
            raise InvalidInput(
                f"declared_value: at most {insured_items_max} items on one policy", field="declared_value"
            )
        if not all(isinstance(item, InsuredItem) for item in items):
            raise TypeError("a list of assets is a sequence of InsuredItem")
    total_value = sum((item.declared_value for item in items), Money.zero())
    rate = tariff.asset_all_risk_rate
    premium = total_value.times_rate(rate, ROUND_HALF_UP)
    lines = [PremiumLine("All risks on the declared value", total_value, rate, premium)]
    minimum = tariff.asset_all_risk_minimum_premium
    if premium < minimum:
        lines.append(PremiumLine(minimum_premium_line, None, None, minimum - premium))
    sums_insured = tuple(SumInsured(item.description, item.declared_value) for item in items)
    return _quote(
        Product.ASSET_ALL_RISK, tuple(lines), sums_insured, tariff=tariff, plan="",
        period=cover_period(start, annual_cover_months), stamp_duty=True,
    )


def _quote(
    product: Product,
    lines: tuple[PremiumLine, ...],
    sums_insured: tuple[SumInsured, ...],
    *,
    tariff: InsuranceTariff,
    plan: str,
    period: CoverPeriod,
    stamp_duty: bool,
) -> Quote:
    basic = sum((line.premium for line in lines), Money.zero())
    # Each levy on the basic premium by itself, half up: the way the levy returns are computed.
    levies = tuple(
        LevyCharge(levy.code, levy.name, levy.rate, basic.times_rate(levy.rate, ROUND_HALF_UP))
        for levy in tariff.levies
    )
    duty = tariff.stamp_duty if stamp_duty else Money.zero()
    total = basic + sum((levy.amount for levy in levies), Money.zero()) + duty
    return Quote(product, plan, lines, basic, levies, duty, total, sums_insured, period, tariff.version)


def _check_figures(
    what: str,
    premium_lines: Sequence[PremiumLine],
    basic_premium: Money,
    levies: Sequence[LevyCharge],
    stamp_duty: Money,
    total: Money,
) -> None:
    """InvariantBroken unless the lines make the premium and premium + levies + stamp duty is the total."""
    ensure(bool(premium_lines), f"{what}: no premium lines")
    lines_total = sum((line.premium for line in premium_lines), Money.zero())
    ensure(
        lines_total == basic_premium,
        f"{what}: the premium lines add up to {lines_total.format()}, "
        f"not the premium {basic_premium.format()}",
    )
    levies_total = sum((levy.amount for levy in levies), Money.zero())
    charged = basic_premium + levies_total + stamp_duty
    ensure(
        charged == total,
        f"{what}: premium {basic_premium.format()} + levies {levies_total.format()} + stamp duty "
        f"{stamp_duty.format()} is {charged.format()}, not the total {total.format()}",
    )


def cover_period(start: date, months: int) -> CoverPeriod:
    """`months` of cover from `start`: to the day before the same date `months` later, or to the
    end of that month when it has no such date (cover from 31 Jan for a month ends 28/29 Feb)."""
    _require_date(start, "start")
    return CoverPeriod(start, _paid_through(start, months))


def _paid_through(start: date, months: int) -> date:
    year, month_index = divmod(start.month - 1 + months, 12)
    year += start.year
    month = month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return date(year, month, last_day)
    return date(year, month, start.day) - timedelta(days=1)


def format_rate_percent(rate: Decimal) -> str:
    """'0.20%', '0.25%', '1.75%', '0.0125%': at least two decimals, and every one the rate has."""
    percent = (rate * 100).normalize()
    if percent.as_tuple().exponent > -2:  # type: ignore[operator]
        percent = percent.quantize(Decimal("0.01"))
    return f"{percent:f}%"


# --- personal accident paid monthly -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CoverSpell:
    """An unbroken run of cover: from `start`, paid through `paid_through`, covered through grace."""

    start: date
    paid_through: date
    grace_until: date


@dataclass(frozen=True, slots=True)
class CoverHistory:
    """A monthly cover as the premiums paid up to `as_of` leave it. Build it with `cover_history`."""

    start: date
    as_of: date
    grace_days: int
    spells: tuple[CoverSpell, ...]  # the last is the current one; a reinstatement starts a new spell

    @property
    def current(self) -> CoverSpell:
        return self.spells[-1]

    @property
    def status(self) -> CoverStatus:
        if self.as_of <= self.current.paid_through:
            return CoverStatus.IN_FORCE
        if self.as_of <= self.current.grace_until:
            return CoverStatus.IN_GRACE
        return CoverStatus.LAPSED

    @property
    def next_due(self) -> date:
        """The day the next premium falls due (in grace or lapsed: already past)."""
        return self.current.paid_through + timedelta(days=1)

    @property
    def reinstated_on(self) -> tuple[date, ...]:
        return tuple(spell.start for spell in self.spells[1:])

    def is_covered_on(self, day: date) -> bool:
        """Whether an accident on `day` is covered: for claims, which are about the past.

        Grace days are covered (a claim then is paid less the premium due); the days from the end
        of grace until a reinstating payment are not. A day after `as_of` is refused: premiums
        paid later could still change the answer.
        """
        _require_date(day, "day")
        if day > self.as_of:
            raise InvalidInput(
                f"day: {day} is after {self.as_of}, the date this cover was worked out for", field="day"
            )
        return any(spell.start <= day <= spell.grace_until for spell in self.spells)


def cover_history(start: date, payments: Sequence[date], *, as_of: date, grace_days: int) -> CoverHistory:
    """The cover a monthly policy from `start` has as of `as_of`, given the days premiums were paid.

    `payments` holds one date per monthly premium, the first premium (paid at purchase, on or before
    `start`) included; paying two months at once is two payments on one day. Payments after
    `as_of` are not yet known and are left out. Each premium paid before the cover lapses pays the
    next unpaid month; one paid after it lapsed reinstates the cover from that day.
    """
    _require_date(start, "start")
    _require_date(as_of, "as_of")
    if type(grace_days) is not int or not 0 <= grace_days <= grace_days_max:
        raise InvalidInput(
            f"grace_days: must be a whole number from 0 to {grace_days_max}", field="grace_days"
        )
    if len(payments) > premium_payments_max:
        raise InvalidInput(f"payments: more than {premium_payments_max} monthly premiums", field="payments")
    for paid_on in payments:
        _require_date(paid_on, "payment date")
    ordered = sorted(payments)
    if not ordered or ordered[0] > start:
        raise InvalidInput(
            f"payments: the first premium is paid on or before the day cover starts ({start})",
            field="payments",
        )
    if as_of < start:
        raise InvalidInput(f"as_of: {as_of} is before the cover starts on {start}", field="as_of")
    grace = timedelta(days=grace_days)
    spells: list[CoverSpell] = []
    anchor, months_paid = start, 0
    for paid_on in ordered:
        if paid_on > as_of:
            break
        paid_through = _paid_through(anchor, months_paid)
        if months_paid and paid_on > paid_through + grace:  # lapsed: this premium reinstates
            spells.append(CoverSpell(anchor, paid_through, paid_through + grace))
            anchor, months_paid = paid_on, 0
        months_paid += 1
    paid_through = _paid_through(anchor, months_paid)
    spells.append(CoverSpell(anchor, paid_through, paid_through + grace))
    return CoverHistory(start, as_of, grace_days, tuple(spells))


def cover_status(start: date, payments: Sequence[date], as_of: date, grace_days: int) -> CoverStatus:
    """IN_FORCE, IN_GRACE or LAPSED on `as_of` (see `cover_history` for the rule)."""
    return cover_history(start, payments, as_of=as_of, grace_days=grace_days).status


# --- the policy schedule ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PolicySchedule:
    """The document that says what is insured, for how long, and what was paid.

    WIBA's occupation classes and payroll are its premium lines (class, payroll, rate, premium);
    an all-risk policy's items and declared values are its sums insured. The figures are held as
    issued: `ensure_schedule_adds_up` checks them before a schedule prints, so a record that does
    not add up is refused with the reason, never printed.
    """

    policy_number: str
    insured_name: str
    insured_id: str  # masked national ID, or a business registration number
    product: Product
    plan: str
    period: CoverPeriod
    sums_insured: tuple[SumInsured, ...]
    premium_lines: tuple[PremiumLine, ...]
    basic_premium: Money
    levies: tuple[LevyCharge, ...]
    stamp_duty: Money
    total: Money
    payment_method: PaymentMethod
    payment_reference: str  # the journal reference of the premium entry, e.g. BR-K7Q2-000042-M
    issue_date: date
    insurer: str
    sold_by: str  # the bank, as the insurer's agent
    tariff_version: int

    def __post_init__(self) -> None:
        require_text(self.policy_number, "policy_number", length_max=policy_number_length_max)
        for name in ("insured_name", "insured_id", "payment_reference", "insurer", "sold_by"):
            require_text(getattr(self, name), name, length_max=text_length_max)
        require_text(self.plan, "plan", length_max=text_length_max, allow_empty=True)
        object.__setattr__(self, "product", Product(self.product))
        object.__setattr__(self, "payment_method", PaymentMethod(self.payment_method))
        _require_date(self.issue_date, "issue_date")
        if not isinstance(self.period, CoverPeriod):
            raise TypeError("PolicySchedule.period is a CoverPeriod")
        parts = (("sums_insured", SumInsured), ("premium_lines", PremiumLine), ("levies", LevyCharge))
        for name, kind in parts:
            value = getattr(self, name)
            if not isinstance(value, tuple) or not all(isinstance(item, kind) for item in value):
                raise TypeError(f"PolicySchedule.{name} is a tuple of {kind.__name__}")
        for name in ("basic_premium", "stamp_duty", "total"):
            if not isinstance(getattr(self, name), Money):
                raise TypeError(f"PolicySchedule.{name} is Money")
        if type(self.tariff_version) is not int:
            raise TypeError("PolicySchedule.tariff_version is an int")


def schedule_from_quote(
    quote: Quote,
    *,
    policy_number: str,
    insured_name: str,
    insured_id: str,
    payment_method: PaymentMethod,
    payment_reference: str,
    issue_date: date,
    insurer: str,
    sold_by: str,
) -> PolicySchedule:
    return PolicySchedule(
        policy_number=policy_number,
        insured_name=insured_name,
        insured_id=insured_id,
        product=quote.product,
        plan=quote.plan,
        period=quote.period,
        sums_insured=quote.sums_insured,
        premium_lines=quote.premium_lines,
        basic_premium=quote.basic_premium,
        levies=quote.levies,
        stamp_duty=quote.stamp_duty,
        total=quote.total,
        payment_method=payment_method,
        payment_reference=payment_reference,
        issue_date=issue_date,
        insurer=insurer,
        sold_by=sold_by,
        tariff_version=quote.tariff_version,
    )


def ensure_schedule_adds_up(schedule: PolicySchedule) -> None:
    """InvariantBroken naming the figure, unless premium + levies + stamp duty is the total."""
    _check_figures(
        f"policy {schedule.policy_number}",
        schedule.premium_lines,
        schedule.basic_premium,
        schedule.levies,
        schedule.stamp_duty,
        schedule.total,
    )


# --- checks --------------------------------------------------------------------------------------------


def _require_date(value: object, field: str) -> None:
    # A datetime is a date to Python, but cover runs by whole days: passing one is a bug.
    if type(value) is not date:
        raise TypeError(f"{field} is a date, not {type(value).__name__}")


def _require_employees(employees: object) -> None:
    if employees is None:
        return
    if type(employees) is not int or not 1 <= employees <= employees_max:
        raise InvalidInput(
            f"employees: a whole number from 1 to {employees_max:,}, not {employees!r}", field="employees"
        )


def _require_positive(amount: object, what: str) -> None:
    if not isinstance(amount, Money):
        raise TypeError(f"{what} is Money, not {type(amount).__name__}")
    if not amount.is_positive:
        raise InvalidInput(f"{what}: must be more than zero, not {amount.format()}")
