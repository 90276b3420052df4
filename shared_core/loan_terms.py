"""Loan products and the loan policy as DATA: prices, sizes, late fees and classification thresholds.

Head office writes resources/products/loan_policy.json; this module reads and checks it. A product
says how interest is charged (flat or on the reducing balance), how often the customer pays (weekly
or monthly), the annual rate, the smallest and largest loan, the fewest and most installments, and
its late fee. The policy adds the days-past-due thresholds of the CBK prudential guidelines that
class a loan normal, watch, substandard, doubtful or loss. Rates are decimal strings ("0.18"),
never JSON floats; amounts are whole cents in fields ending `_cents`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from shared_core.canonical import require_fields, require_int, require_text
from shared_core.errors import InvalidInput, LimitExceeded
from shared_core.money import Money, amount_cents_max

annual_rate_max = Decimal(1)  # 100% a year: any rate above it is a typing slip in the file
late_fee_rate_max = Decimal("0.10")  # a late fee above 10% of what is late is no longer a fee
grace_days_max = 30  # longer than a month's grace would hide arrears from the classification
installments_max = 520  # ten years of weekly installments
days_past_due_threshold_max = 10_000
products_max = 50
product_code_length_max = 40
name_length_max = 80
notes_length_max = 4000
rate_text_length_max = 12
rate_decimal_places_max = 6  # 0.123456: finer than any tariff, and keeps exact schedule arithmetic small

_E = TypeVar("_E", bound=StrEnum)
_PRODUCT_CODE = re.compile(r"[a-z][a-z0-9_]*", re.ASCII)
_RATE_TEXT = re.compile(r"\d+(\.\d+)?", re.ASCII)  # no sign, no exponent, no "NaN"
_POLICY_FIELDS = ("version", "notes", "classification", "products")
_PRODUCT_FIELDS = (
    "name",
    "segment",
    "method",
    "frequency",
    "annual_rate",
    "principal_min_cents",
    "principal_max_cents",
    "installments_min",
    "installments_max",
    "late_fee_rate",
    "grace_days",
)
_CLASSIFICATION_FIELDS = (
    "normal_days_past_due_max",
    "watch_days_past_due_max",
    "substandard_days_past_due_max",
    "doubtful_days_past_due_max",
    "non_performing_from",
)


class InterestMethod(StrEnum):
    """FLAT: principal x annual rate x years, spread evenly. REDUCING: equal installments (annuity)."""

    FLAT = "flat"
    REDUCING = "reducing"


class RepaymentFrequency(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"

    @property
    def periods_per_year(self) -> int:
        """52 weeks or 12 months: the periodic rate is the annual rate divided by this."""
        return 52 if self is RepaymentFrequency.WEEKLY else 12


class Segment(StrEnum):
    RETAIL = "retail"
    SME = "sme"


class LoanClassification(StrEnum):
    """CBK prudential classes, from best to worst."""

    NORMAL = "normal"
    WATCH = "watch"
    SUBSTANDARD = "substandard"
    DOUBTFUL = "doubtful"
    LOSS = "loss"

    @property
    def rank(self) -> int:
        """0 for normal up to 4 for loss: worse classes compare higher."""
        return _CLASSIFICATION_ORDER.index(self)


_CLASSIFICATION_ORDER = tuple(LoanClassification)


@dataclass(frozen=True, slots=True)
class ClassificationThresholds:
    """The most days past due each class allows; beyond doubtful_days_max a loan is loss.

    CBK: normal 0-30, watch 31-90, substandard 91-180, doubtful 181-360, loss beyond 360;
    a loan is non-performing from substandard on (more than 90 days past due).
    """

    normal_days_max: int
    watch_days_max: int
    substandard_days_max: int
    doubtful_days_max: int
    non_performing_from: LoanClassification

    def __post_init__(self) -> None:
        limits = (self.normal_days_max, self.watch_days_max, self.substandard_days_max, self.doubtful_days_max)
        for name, days in zip(_CLASSIFICATION_FIELDS, limits):
            require_int(days, f"classification.{name}", minimum=0, maximum=days_past_due_threshold_max)
        for (lower_name, lower), (higher_name, higher) in zip(
            zip(_CLASSIFICATION_FIELDS, limits), zip(_CLASSIFICATION_FIELDS[1:], limits[1:])
        ):
            if higher <= lower:
                raise InvalidInput(
                    f"classification.{higher_name}: {higher} must be more than {lower_name} ({lower})"
                )
        if not isinstance(self.non_performing_from, LoanClassification):
            raise InvalidInput("classification.non_performing_from: must name a loan classification")
        if self.non_performing_from is LoanClassification.NORMAL:
            raise InvalidInput("classification.non_performing_from: a normal loan is never non-performing")

    def classify(self, days_past_due: int) -> LoanClassification:
        if type(days_past_due) is not int or days_past_due < 0:
            raise InvalidInput(f"days past due must be a whole number, 0 or more, not {days_past_due!r}")
        if days_past_due <= self.normal_days_max:
            return LoanClassification.NORMAL
        if days_past_due <= self.watch_days_max:
            return LoanClassification.WATCH
        if days_past_due <= self.substandard_days_max:
            return LoanClassification.SUBSTANDARD
        if days_past_due <= self.doubtful_days_max:
            return LoanClassification.DOUBTFUL
        return LoanClassification.LOSS

    def is_non_performing(self, classification: LoanClassification) -> bool:
        return LoanClassification(classification).rank >= self.non_performing_from.rank


@dataclass(frozen=True, slots=True)
class LoanProduct:
    """One loan product's terms. The late fee is charged once per installment: late_fee_rate of what
    is still unpaid of the installment once it is more than grace_days days late."""

    code: str
    name: str
    segment: Segment
    method: InterestMethod
    frequency: RepaymentFrequency
    annual_rate: Decimal
    principal_min: Money
    principal_max: Money
    installments_min: int
    installments_max: int
    late_fee_rate: Decimal
    grace_days: int

    def __post_init__(self) -> None:
        where = f"loan_policy.products.{self.code}"
        if not isinstance(self.code, str) or not _PRODUCT_CODE.fullmatch(self.code):
            raise InvalidInput(f"loan product code {self.code!r} must be lowercase letters, digits and _")
        require_text(self.code, "loan product code", length_max=product_code_length_max)
        require_text(self.name, f"{where}.name", length_max=name_length_max)
        for name, kind in (("segment", Segment), ("method", InterestMethod), ("frequency", RepaymentFrequency)):
            if not isinstance(getattr(self, name), kind):
                raise InvalidInput(f"{where}.{name}: expected one of {_listed(kind)}")
        require_rate(self.annual_rate, f"{where}.annual_rate", maximum=annual_rate_max)
        require_rate(self.late_fee_rate, f"{where}.late_fee_rate", maximum=late_fee_rate_max)
        require_int(self.grace_days, f"{where}.grace_days", minimum=0, maximum=grace_days_max)
        for name in ("principal_min", "principal_max"):
            if not isinstance(getattr(self, name), Money):
                raise TypeError(f"LoanProduct.{name} is Money")
        if not self.principal_min.is_positive:
            raise InvalidInput(f"{where}.principal_min_cents: must be more than zero")
        if self.principal_max < self.principal_min:
            raise InvalidInput(f"{where}.principal_max_cents: must be at least principal_min_cents")
        require_int(self.installments_min, f"{where}.installments_min", minimum=1, maximum=installments_max)
        require_int(
            self.installments_max, f"{where}.installments_max", minimum=self.installments_min,
            maximum=installments_max,
        )

    def require_within(self, principal: Money, installments: int) -> None:
        """LimitExceeded naming the product's range when a loan is too small, too large, too short or
        too long for this product."""
        if not isinstance(principal, Money):
            raise TypeError("principal is Money")
        if not self.principal_min <= principal <= self.principal_max:
            raise LimitExceeded(
                f"{self.name} lends {self.principal_min} to {self.principal_max}; {principal} is outside that",
                product=self.code, principal_cents=principal.cents,
            )
        unit = "weeks" if self.frequency is RepaymentFrequency.WEEKLY else "months"
        if type(installments) is not int or not self.installments_min <= installments <= self.installments_max:
            raise LimitExceeded(
                f"{self.name} is repaid over {self.installments_min} to {self.installments_max} {unit}; "
                f"{installments} is outside that",
                product=self.code,
            )


@dataclass(frozen=True, slots=True)
class LoanPolicy:
    version: int
    notes: str
    classification: ClassificationThresholds
    products: tuple[LoanProduct, ...]

    def __post_init__(self) -> None:
        require_int(self.version, "loan_policy.version", minimum=1)
        codes = [product.code for product in self.products]
        if len(set(codes)) != len(codes):
            raise InvalidInput("loan_policy.products: a product code appears twice")
        object.__setattr__(self, "products", tuple(sorted(self.products, key=lambda product: product.code)))

    def product(self, code: str) -> LoanProduct:
        for product in self.products:
            if product.code == code:
                return product
        known = ", ".join(product.code for product in self.products)
        raise InvalidInput(f"There is no loan product {code!r}; the products are {known}", product=str(code)[:40])


def parse_loan_policy(mapping: Mapping[str, Any]) -> LoanPolicy:
    """The loan policy from its mapping form (parsed JSON); InvalidInput naming the first bad field."""
    top = require_fields(mapping, _POLICY_FIELDS, "loan_policy")
    version = require_int(top["version"], "loan_policy.version", minimum=1)
    notes = require_text(top["notes"], "loan_policy.notes", length_max=notes_length_max, allow_empty=True)
    products = top["products"]
    if not isinstance(products, Mapping) or not products:
        raise InvalidInput("loan_policy.products: expected an object of product code -> terms, at least one")
    if len(products) > products_max:
        raise InvalidInput(f"loan_policy.products: more than {products_max} products")
    return LoanPolicy(
        version=version,
        notes=notes,
        classification=_parse_classification(top["classification"]),
        products=tuple(_parse_product(str(code), products[code]) for code in sorted(products)),
    )


def _parse_classification(data: object) -> ClassificationThresholds:
    path = "loan_policy.classification"
    fields = require_fields(data, _CLASSIFICATION_FIELDS, path)
    days = [
        require_int(fields[name], f"{path}.{name}", minimum=0, maximum=days_past_due_threshold_max)
        for name in _CLASSIFICATION_FIELDS[:4]
    ]
    return ClassificationThresholds(
        *days, non_performing_from=parse_choice(fields["non_performing_from"], f"{path}.non_performing_from",
                                           LoanClassification)
    )


def _parse_product(code: str, data: object) -> LoanProduct:
    path = f"loan_policy.products.{code}"
    if not _PRODUCT_CODE.fullmatch(code) or len(code) > product_code_length_max:
        raise InvalidInput(f"{path}: a product code is lowercase letters, digits and _", field=path)
    fields = require_fields(data, _PRODUCT_FIELDS, path)
    return LoanProduct(
        code=code,
        name=require_text(fields["name"], f"{path}.name", length_max=name_length_max),
        segment=parse_choice(fields["segment"], f"{path}.segment", Segment),
        method=parse_choice(fields["method"], f"{path}.method", InterestMethod),
        frequency=parse_choice(fields["frequency"], f"{path}.frequency", RepaymentFrequency),
        annual_rate=parse_rate(fields["annual_rate"], f"{path}.annual_rate", maximum=annual_rate_max),
        principal_min=Money(_cents(fields["principal_min_cents"], f"{path}.principal_min_cents")),
        principal_max=Money(_cents(fields["principal_max_cents"], f"{path}.principal_max_cents")),
        installments_min=require_int(
            fields["installments_min"], f"{path}.installments_min", minimum=1, maximum=installments_max
        ),
        installments_max=require_int(
            fields["installments_max"], f"{path}.installments_max", minimum=1, maximum=installments_max
        ),
        late_fee_rate=parse_rate(fields["late_fee_rate"], f"{path}.late_fee_rate", maximum=late_fee_rate_max),
        grace_days=require_int(fields["grace_days"], f"{path}.grace_days", minimum=0, maximum=grace_days_max),
    )


def parse_rate(value: object, path: str, *, maximum: Decimal) -> Decimal:
    """A rate written as a decimal string ("0.18" is 18%), from 0 to `maximum`."""
    if not isinstance(value, str) or len(value) > rate_text_length_max or not _RATE_TEXT.fullmatch(value):
        raise InvalidInput(f'{path}: expected a rate written as a decimal string, e.g. "0.18"', field=path)
    try:
        rate = Decimal(value)
    except InvalidOperation:  # the pattern admits only digits and one point; kept for safety
        raise InvalidInput(f"{path}: {value!r} is not a decimal number", field=path) from None
    return require_rate(rate, path, maximum=maximum)


def require_rate(rate: object, path: str, *, maximum: Decimal) -> Decimal:
    if isinstance(rate, (float, bool)) or not isinstance(rate, Decimal):
        raise TypeError(f"{path}: a rate is a Decimal, never {type(rate).__name__}")
    if not rate.is_finite() or not 0 <= rate <= maximum:
        raise InvalidInput(f"{path}: {rate} must be from 0 to {maximum}", field=path)
    exponent = rate.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    if -exponent > rate_decimal_places_max and rate != rate.quantize(Decimal(1).scaleb(-rate_decimal_places_max)):
        raise InvalidInput(f"{path}: {rate} has more than {rate_decimal_places_max} decimal places", field=path)
    return rate


def _cents(value: object, path: str) -> int:
    return require_int(value, path, minimum=0, maximum=amount_cents_max)


def parse_choice(value: object, path: str, kind: type[_E]) -> _E:
    if not isinstance(value, str) or value not in {member.value for member in kind}:
        raise InvalidInput(f"{path}: expected one of {_listed(kind)}, found {value!r}", field=path)
    return kind(value)


def _listed(kind: type[StrEnum]) -> str:
    return ", ".join(member.value for member in kind)
