"""The insurance tariff as DATA: personal accident plans, WIBA rates by occupation class, the asset
all-risk rate and minimum premium, and the statutory levies and stamp duty charged on every premium.

Head office sets it with the underwriter (resources/products/insurance_tariff.json is version 1);
a change of price is a new version, never a code change. Rates are decimal fractions written as
text ("0.0025" is 0.25%), never JSON floats; amounts are integer cents in fields ending `_cents`.
The two statutory levies (Insurance Training Levy, Policyholders' Compensation Fund levy) must be
present; another levy a future Finance Act adds is one more entry in the data. The tariff also names
the insurer who underwrites the cover, as schedules and receipts print it; a tariff written before it
did (a device's stored copy) is read as underwritten by `insurer_default`, the bank's first underwriter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import IntEnum
from functools import partial
from typing import Any, TypeVar

from shared_core.errors import InvalidInput
from shared_core.money import Money, amount_cents_max

_T = TypeVar("_T")

rate_decimal_places_max = 6  # "0.000125" (0.0125%) is finer than any tariff quotes
grace_days_max = 90
version_max = 1_000_000
plans_max = 20
levies_max = 10
notes_length_max = 4000
text_length_max = 80
problems_listed_max = 50  # one message, however broken the tariff

statutory_levies = ("training_levy", "policyholders_compensation_fund")
insurer_default = "Simba General Insurance Ltd"  # for tariffs written before they named the insurer

_TOP_FIELDS = (
    "version", "effective_date", "notes", "levies", "stamp_duty_cents",
    "personal_accident", "wiba", "asset_all_risk",
)
_OPTIONAL_TOP_FIELDS = ("insurer",)
_LEVY_FIELDS = ("name", "rate")
_PERSONAL_ACCIDENT_FIELDS = ("grace_days", "plans")
_PLAN_FIELDS = (
    "monthly_premium_cents", "death_cents", "permanent_disability_cents", "medical_expenses_cents"
)
_WIBA_FIELDS = ("occupation_classes",)
_CLASS_FIELDS = ("description", "rate")
_ASSET_FIELDS = ("rate", "minimum_premium_cents")
_CODE = re.compile(r"[a-z][a-z0-9_]{0,31}", re.ASCII)  # plan names and levy codes
_RATE = re.compile(r"(?P<sign>-)?(?P<whole>\d+)(?:\.(?P<fraction>\d+))?", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class OccupationClass(IntEnum):
    """WIBA risk bands, cheapest first: the data gives each its description and rate."""

    OFFICE_CLERICAL = 1
    SALES_AND_DRIVERS = 2
    SKILLED_MANUAL = 3
    HEAVY_MANUAL = 4

    @classmethod
    def parse(cls, value: object) -> OccupationClass:
        """1..4 (or '1'..'4'); InvalidInput naming the class for anything else."""
        if isinstance(value, OccupationClass):
            return value
        if type(value) is str and value.isascii() and value.isdigit():
            value = int(value)
        if type(value) is int and value in cls._value2member_map_:
            return cls(value)
        raise InvalidInput(
            f"occupation_class: {value!r} is not a WIBA occupation class; expected 1, 2, 3 or 4",
            field="occupation_class",
        )


@dataclass(frozen=True, slots=True)
class LevyRate:
    code: str  # 'training_levy'
    name: str  # as printed: 'Training levy'
    rate: Decimal

    def __post_init__(self) -> None:
        _check_rate(self.rate, f"levy {self.code}")


@dataclass(frozen=True, slots=True)
class PersonalAccidentPlan:
    """One plan: what a month costs and what it pays per accident."""

    name: str  # 'bronze'
    monthly_premium: Money
    death: Money
    permanent_disability: Money
    medical_expenses: Money

    def __post_init__(self) -> None:
        for field in ("monthly_premium", "death", "permanent_disability", "medical_expenses"):
            amount = getattr(self, field)
            if not isinstance(amount, Money):
                raise TypeError(f"PersonalAccidentPlan.{field} is Money")
            if not amount.is_positive:
                raise InvalidInput(f"plan {self.name}: {field} must be more than zero", field=field)


@dataclass(frozen=True, slots=True)
class WibaClassRate:
    occupation_class: OccupationClass
    description: str  # 'Office and clerical'
    rate: Decimal  # of annual payroll

    def __post_init__(self) -> None:
        _check_rate(self.rate, f"WIBA class {int(self.occupation_class)}")


@dataclass(frozen=True, slots=True)
class InsuranceTariff:
    """One version of the tariff. Build it with `parse_insurance_tariff`."""

    version: int
    effective_date: date
    notes: str
    insurer: str  # who underwrites the cover: 'Simba General Insurance Ltd'
    levies: tuple[LevyRate, ...]  # statutory levies first, in law's order, then any others by code
    stamp_duty: Money  # per policy document issued
    personal_accident_grace_days: int
    personal_accident_plans: tuple[PersonalAccidentPlan, ...]  # cheapest first
    wiba_classes: tuple[WibaClassRate, ...]  # class 1..4
    asset_all_risk_rate: Decimal  # of declared value, per year
    asset_all_risk_minimum_premium: Money

    def __post_init__(self) -> None:
        if not isinstance(self.insurer, str) or not self.insurer.strip() or len(self.insurer) > text_length_max:
            raise InvalidInput(f"insurer: must be text of 1 to {text_length_max} characters", field="insurer")
        codes = [levy.code for levy in self.levies]
        missing = [code for code in statutory_levies if code not in codes]
        if missing:
            raise InvalidInput(f"levies: missing statutory levy {', '.join(missing)}", field="levies")
        if len(set(codes)) != len(codes):
            raise InvalidInput("levies: a levy is given more than once", field="levies")
        if tuple(rate.occupation_class for rate in self.wiba_classes) != tuple(OccupationClass):
            raise InvalidInput("wiba.occupation_classes: classes 1 to 4, once each, in order", field="wiba")
        if not self.personal_accident_plans:
            raise InvalidInput("personal_accident.plans: at least one plan", field="personal_accident")
        if self.stamp_duty.is_negative or self.asset_all_risk_minimum_premium.is_negative:
            raise InvalidInput("stamp duty and minimum premium must not be negative")
        _check_rate(self.asset_all_risk_rate, "asset_all_risk.rate")

    def plan(self, name: str) -> PersonalAccidentPlan:
        for plan in self.personal_accident_plans:
            if plan.name == name:
                return plan
        known = ", ".join(plan.name for plan in self.personal_accident_plans)
        raise InvalidInput(f"plan: no personal accident plan {name!r}; plans are {known}", field="plan")

    def wiba_rate(self, occupation_class: OccupationClass | int | str) -> WibaClassRate:
        return self.wiba_classes[OccupationClass.parse(occupation_class) - 1]


def _check_rate(rate: object, what: str) -> None:
    if not isinstance(rate, Decimal):
        raise TypeError(f"{what}: a rate is a Decimal, not {type(rate).__name__}")
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(1):
        raise InvalidInput(f"{what}: rate {rate} must be between 0 and 1")


# --- the mapping form -----------------------------------------------------------------------------


class _Reader:
    """Collects every problem with its path instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fields(
        self, path: str, value: object, names: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> Mapping[str, Any]:
        """`value` as a mapping with exactly `names`, and any of `optional`; a missing or unknown
        field is a problem."""
        if not isinstance(value, Mapping):
            self.problems.append(f"{path or '(tariff)'}: must be an object of fields")
            return {}
        prefix = f"{path}." if path else ""
        self.problems += [f"{prefix}{name}: missing" for name in names if name not in value]
        self.problems += [f"{prefix}{name}: unknown field" for name in value if name not in names + optional]
        return value

    def given(
        self, fields: Mapping[str, Any], path: str, name: str, check: Callable[[str, object], _T]
    ) -> _T | None:
        """`check` the field `name` if it is there (its absence is already reported by `fields`)."""
        return check(f"{path}.{name}" if path else name, fields[name]) if name in fields else None

    def mapping(self, path: str, value: object, *, size_max: int) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.problems.append(f"{path}: must be an object")
            return {}
        if len(value) > size_max:
            self.problems.append(f"{path}: {len(value)} entries is more than {size_max}")
            return {}
        return value

    def cents(self, path: str, value: object, *, minimum: int) -> Money | None:
        if type(value) is not int:  # a float, a string or a bool is refused, not converted
            self.problems.append(f"{path}: must be a whole number of cents, not {_kind_of(value)}")
            return None
        if not minimum <= value <= amount_cents_max:
            self.problems.append(f"{path}: {value} is outside {minimum}..{amount_cents_max} cents")
            return None
        return Money(value)

    def whole(self, path: str, value: object, *, minimum: int, maximum: int) -> int | None:
        if type(value) is not int or not minimum <= value <= maximum:
            self.problems.append(f"{path}: must be a whole number from {minimum} to {maximum}")
            return None
        return value

    def text(self, path: str, value: object, *, length_max: int = text_length_max) -> str | None:
        if not isinstance(value, str) or not value.strip() or len(value) > length_max:
            self.problems.append(f"{path}: must be text of 1 to {length_max} characters")
            return None
        return value

    def date_text(self, path: str, value: object) -> date | None:
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problems.append(f"{path}: must be a date written YYYY-MM-DD")
        return None

    def rate(self, path: str, value: object) -> Decimal | None:
        """A decimal fraction written as text, 0 to 1: '0.0025' is 0.25%."""
        if isinstance(value, (int, float)):  # bool is an int too: all refused alike
            self.problems.append(
                f'{path}: must be a decimal written as text, e.g. "0.0025", not the JSON number {value!r}'
            )
            return None
        if not isinstance(value, str):
            self.problems.append(f'{path}: must be a decimal written as text, e.g. "0.0025"')
            return None
        match = _RATE.fullmatch(value)
        if match is None:
            self.problems.append(f'{path}: {value[:40]!r} is not a decimal such as "0.0025"')
            return None
        if match["sign"]:
            self.problems.append(f"{path}: {value} is negative; a rate is 0 or more")
            return None
        if len(match["fraction"] or "") > rate_decimal_places_max:
            self.problems.append(f"{path}: {value} has more than {rate_decimal_places_max} decimal places")
            return None
        rate = Decimal(value)
        if rate > 1:
            self.problems.append(f"{path}: {value} is more than 1 (100%); write 0.0175 for 1.75%")
            return None
        return rate


def parse_insurance_tariff(mapping: Mapping[str, Any]) -> InsuranceTariff:
    """A tariff from its mapping form (parsed JSON), refused with every problem listed by its path."""
    read = _Reader()
    top = read.fields("", mapping, _TOP_FIELDS, _OPTIONAL_TOP_FIELDS)
    # A missing section is reported once by `fields`; its parts are not then reported one by one.
    version = read.given(top, "", "version", partial(read.whole, minimum=1, maximum=version_max))
    effective_date = read.given(top, "", "effective_date", read.date_text)
    notes = read.given(top, "", "notes", partial(read.text, length_max=notes_length_max))
    insurer = read.given(top, "", "insurer", read.text) if "insurer" in top else insurer_default
    levies = read.given(top, "", "levies", partial(_read_levies, read)) or ()
    stamp_duty = read.given(top, "", "stamp_duty_cents", partial(read.cents, minimum=0))
    personal_accident = read.given(top, "", "personal_accident", partial(_read_personal_accident, read))
    grace_days, plans = personal_accident or (None, ())
    wiba_classes = read.given(top, "", "wiba", partial(_read_wiba, read)) or ()
    asset = read.given(top, "", "asset_all_risk", partial(_read_asset, read))
    asset_rate, asset_minimum = asset or (None, None)
    if read.problems:
        shown = read.problems[:problems_listed_max]
        more = len(read.problems) - len(shown)
        raise InvalidInput(
            f"The insurance tariff has {len(read.problems)} problem(s): " + "; ".join(shown)
            + (f"; and {more} more" if more else ""),
            field=shown[0].split(":", 1)[0],
        )
    assert version is not None and effective_date is not None and notes is not None and insurer is not None
    assert stamp_duty is not None and grace_days is not None and asset_rate is not None
    assert asset_minimum is not None
    return InsuranceTariff(
        version=version,
        effective_date=effective_date,
        notes=notes,
        insurer=insurer,
        levies=levies,
        stamp_duty=stamp_duty,
        personal_accident_grace_days=grace_days,
        personal_accident_plans=plans,
        wiba_classes=wiba_classes,
        asset_all_risk_rate=asset_rate,
        asset_all_risk_minimum_premium=asset_minimum,
    )


def _read_levies(read: _Reader, path: str, value: object) -> tuple[LevyRate, ...]:
    levies = read.mapping(path, value, size_max=levies_max)
    if isinstance(value, Mapping):
        read.problems += [f"{path}.{code}: missing (a statutory levy)" for code in statutory_levies
                          if code not in value]
    parsed: list[LevyRate] = []
    for code, fields in levies.items():
        levy_path = f"{path}.{code}"
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            read.problems.append(f"{levy_path}: a levy code is lowercase letters, digits and '_'")
            continue
        fields = read.fields(levy_path, fields, _LEVY_FIELDS)
        name = read.given(fields, levy_path, "name", read.text)
        rate = read.given(fields, levy_path, "rate", read.rate)
        if name is not None and rate is not None:
            parsed.append(LevyRate(code, name, rate))
    # Law's order first (the order a schedule prints them), then any later levy by code.
    order = {code: index for index, code in enumerate(statutory_levies)}
    return tuple(sorted(parsed, key=lambda levy: (order.get(levy.code, len(order)), levy.code)))


def _read_personal_accident(
    read: _Reader, path: str, value: object
) -> tuple[int | None, tuple[PersonalAccidentPlan, ...]]:
    section = read.fields(path, value, _PERSONAL_ACCIDENT_FIELDS)
    grace_days = read.given(
        section, path, "grace_days", partial(read.whole, minimum=0, maximum=grace_days_max)
    )
    if "plans" not in section:
        return grace_days, ()
    plans = read.mapping(f"{path}.plans", section["plans"], size_max=plans_max)
    if isinstance(section["plans"], Mapping) and not section["plans"]:
        read.problems.append(f"{path}.plans: at least one plan")
    parsed: list[PersonalAccidentPlan] = []
    for name, fields in plans.items():
        plan_path = f"{path}.plans.{name}"
        if not isinstance(name, str) or not _CODE.fullmatch(name):
            read.problems.append(f"{plan_path}: a plan name is lowercase letters, digits and '_'")
            continue
        fields = read.fields(plan_path, fields, _PLAN_FIELDS)
        amounts = {
            field.removesuffix("_cents"): read.given(fields, plan_path, field, partial(read.cents, minimum=1))
            for field in _PLAN_FIELDS
        }
        if None not in amounts.values():
            parsed.append(PersonalAccidentPlan(name, **amounts))  # type: ignore[arg-type]
    return grace_days, tuple(sorted(parsed, key=lambda plan: (plan.monthly_premium, plan.name)))


def _read_wiba(read: _Reader, path: str, value: object) -> tuple[WibaClassRate, ...]:
    section = read.fields(path, value, _WIBA_FIELDS)
    path = f"{path}.occupation_classes"
    if "occupation_classes" not in section:
        return ()
    classes = read.mapping(path, section["occupation_classes"], size_max=len(OccupationClass) * 2)
    class_keys = {str(int(member)): member for member in OccupationClass}
    parsed: dict[OccupationClass, WibaClassRate] = {}
    for key, fields in classes.items():
        class_path = f"{path}.{key}"
        if key not in class_keys:
            read.problems.append(f"{class_path}: not an occupation class; expected 1, 2, 3 or 4")
            continue
        fields = read.fields(class_path, fields, _CLASS_FIELDS)
        description = read.given(fields, class_path, "description", read.text)
        rate = read.given(fields, class_path, "rate", read.rate)
        if description is not None and rate is not None:
            parsed[class_keys[key]] = WibaClassRate(class_keys[key], description, rate)
    if classes:
        read.problems += [f"{path}.{key}: missing" for key in class_keys if key not in classes]
    # Risk rises with the class: a lower rate above a higher one is a typing slip, not a price.
    for lower, higher in zip(tuple(OccupationClass), tuple(OccupationClass)[1:]):
        if lower in parsed and higher in parsed and parsed[higher].rate < parsed[lower].rate:
            read.problems.append(
                f"{path}.{int(higher)}.rate: {parsed[higher].rate} is below class "
                f"{int(lower)}'s {parsed[lower].rate}; rates rise with the class"
            )
    return tuple(parsed[member] for member in OccupationClass if member in parsed)


def _read_asset(read: _Reader, path: str, value: object) -> tuple[Decimal | None, Money | None]:
    section = read.fields(path, value, _ASSET_FIELDS)
    rate = read.given(section, path, "rate", read.rate)
    minimum = read.given(section, path, "minimum_premium_cents", partial(read.cents, minimum=0))
    return rate, minimum


def insurance_tariff_to_mapping(tariff: InsuranceTariff) -> dict[str, Any]:
    """The mapping form: integers and strings only, so it is canonical-safe; parses back equal."""
    return {
        "version": tariff.version,
        "effective_date": tariff.effective_date.isoformat(),
        "notes": tariff.notes,
        "insurer": tariff.insurer,
        "levies": {levy.code: {"name": levy.name, "rate": str(levy.rate)} for levy in tariff.levies},
        "stamp_duty_cents": tariff.stamp_duty.cents,
        "personal_accident": {
            "grace_days": tariff.personal_accident_grace_days,
            "plans": {
                plan.name: {
                    "monthly_premium_cents": plan.monthly_premium.cents,
                    "death_cents": plan.death.cents,
                    "permanent_disability_cents": plan.permanent_disability.cents,
                    "medical_expenses_cents": plan.medical_expenses.cents,
                }
                for plan in tariff.personal_accident_plans
            },
        },
        "wiba": {
            "occupation_classes": {
                str(int(rate.occupation_class)): {"description": rate.description, "rate": str(rate.rate)}
                for rate in tariff.wiba_classes
            }
        },
        "asset_all_risk": {
            "rate": str(tariff.asset_all_risk_rate),
            "minimum_premium_cents": tariff.asset_all_risk_minimum_premium.cents,
        },
    }


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float):
        return f"the decimal number {value!r}"
    if isinstance(value, str):
        return "text"
    return "null" if value is None else f"a {type(value).__name__}"
