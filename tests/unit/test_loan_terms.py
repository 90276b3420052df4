"""Loan products and the loan policy as data: the default file's numbers, CBK classification at every
boundary day, and refusals that name the field a head-office analyst got wrong.

The default policy is resources/products/loan_policy.json (version 1). Amounts in it are cents:
KES 50,000 is 5000000.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from shared_core.errors import InvalidInput, LimitExceeded
from shared_core.loan_terms import (
    ClassificationThresholds,
    InterestMethod,
    LoanClassification,
    LoanPolicy,
    RepaymentFrequency,
    Segment,
    parse_loan_policy,
)
from shared_core.money import Money, parse_amount

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_POLICY_MAPPING: dict[str, Any] = json.loads(
    (REPO_ROOT / "resources" / "products" / "loan_policy.json").read_text(encoding="utf-8")
)


def default_mapping() -> dict[str, Any]:
    return copy.deepcopy(DEFAULT_POLICY_MAPPING)


def kes(text: str) -> Money:
    return parse_amount(text)


def refusal(mapping: Any) -> str:
    with pytest.raises(InvalidInput) as caught:
        parse_loan_policy(mapping)
    return caught.value.message


@pytest.fixture(scope="module")
def policy() -> LoanPolicy:
    return parse_loan_policy(default_mapping())


# --- the default policy ------------------------------------------------------------------------------


def test_default_policy_is_version_1_and_explains_itself(policy: LoanPolicy) -> None:
    assert policy.version == 1
    assert "CBK" in policy.notes and "Boost" in policy.notes.title()
    assert [product.code for product in policy.products] == ["boost", "sme_working_capital"]


def test_boost_is_a_small_weekly_flat_loan_for_retail_customers(policy: LoanPolicy) -> None:
    boost = policy.product("boost")
    assert (boost.name, boost.segment, boost.method, boost.frequency) == (
        "Boost", Segment.RETAIL, InterestMethod.FLAT, RepaymentFrequency.WEEKLY,
    )
    assert boost.annual_rate == Decimal("0.18")
    assert (boost.principal_min, boost.principal_max) == (kes("500"), kes("50,000"))
    assert (boost.installments_min, boost.installments_max) == (4, 52)
    assert (boost.late_fee_rate, boost.grace_days) == (Decimal("0.05"), 3)


def test_sme_working_capital_is_monthly_on_the_reducing_balance(policy: LoanPolicy) -> None:
    sme = policy.product("sme_working_capital")
    assert (sme.segment, sme.method, sme.frequency) == (
        Segment.SME, InterestMethod.REDUCING, RepaymentFrequency.MONTHLY,
    )
    assert sme.annual_rate == Decimal("0.16")
    assert (sme.principal_min, sme.principal_max) == (kes("50,000"), kes("5,000,000"))
    assert (sme.installments_min, sme.installments_max) == (3, 24)
    assert (sme.late_fee_rate, sme.grace_days) == (Decimal("0.02"), 7)


def test_an_unknown_product_is_refused_naming_the_products(policy: LoanPolicy) -> None:
    with pytest.raises(InvalidInput, match="no loan product 'mortgage'; the products are boost, sme_working"):
        policy.product("mortgage")


@pytest.mark.parametrize("installments", [4, 52])
@pytest.mark.parametrize("principal", ["500", "50,000"])
def test_boost_accepts_its_boundaries(policy: LoanPolicy, principal: str, installments: int) -> None:
    policy.product("boost").require_within(kes(principal), installments)


@pytest.mark.parametrize(
    ("principal", "installments", "message"),
    [
        ("499.99", 10, "Boost lends KES 500.00 to KES 50,000.00; KES 499.99 is outside that"),
        ("50,000.01", 10, "KES 50,000.01 is outside that"),
        ("5,000", 3, "Boost is repaid over 4 to 52 weeks; 3 is outside that"),
        ("5,000", 53, "53 is outside that"),
    ],
)
def test_boost_refuses_what_it_does_not_lend(
    policy: LoanPolicy, principal: str, installments: int, message: str
) -> None:
    with pytest.raises(LimitExceeded, match=message):
        policy.product("boost").require_within(kes(principal), installments)


def test_sme_terms_are_counted_in_months(policy: LoanPolicy) -> None:
    with pytest.raises(LimitExceeded, match="repaid over 3 to 24 months; 36 is outside that"):
        policy.product("sme_working_capital").require_within(kes("1,000,000"), 36)


# --- classification ---------------------------------------------------------------------------------


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
        (5_000, LoanClassification.LOSS, True),
    ],
)
def test_cbk_classification_at_every_boundary_day(
    policy: LoanPolicy, days_past_due: int, classification: LoanClassification, non_performing: bool
) -> None:
    thresholds = policy.classification
    assert thresholds.classify(days_past_due) is classification
    assert thresholds.is_non_performing(classification) is non_performing


def test_classes_are_ordered_from_normal_to_loss() -> None:
    ranks = [classification.rank for classification in LoanClassification]
    assert ranks == [0, 1, 2, 3, 4]
    assert LoanClassification.LOSS.rank > LoanClassification.SUBSTANDARD.rank


def test_thresholds_are_data_a_stricter_bank_can_change() -> None:
    mapping = default_mapping()
    mapping["classification"]["normal_days_past_due_max"] = 0  # any day late is watch
    mapping["classification"]["non_performing_from"] = "doubtful"
    thresholds = parse_loan_policy(mapping).classification
    assert thresholds.classify(0) is LoanClassification.NORMAL
    assert thresholds.classify(1) is LoanClassification.WATCH
    assert not thresholds.is_non_performing(LoanClassification.SUBSTANDARD)
    assert thresholds.is_non_performing(LoanClassification.DOUBTFUL)


@pytest.mark.parametrize("days", [-1, True, 1.0])
def test_days_past_due_must_be_a_whole_number(policy: LoanPolicy, days: object) -> None:
    with pytest.raises(InvalidInput, match="days past due must be a whole number"):
        policy.classification.classify(days)  # type: ignore[arg-type]


def test_thresholds_must_rise() -> None:
    with pytest.raises(InvalidInput, match="watch_days_past_due_max: 30 must be more than normal"):
        ClassificationThresholds(30, 30, 180, 360, LoanClassification.SUBSTANDARD)


def test_a_normal_loan_is_never_non_performing() -> None:
    mapping = default_mapping()
    mapping["classification"]["non_performing_from"] = "normal"
    assert "a normal loan is never non-performing" in refusal(mapping)


# --- refusals naming the field -----------------------------------------------------------------------


def _with(path: tuple[str, ...], value: object) -> dict[str, Any]:
    mapping = default_mapping()
    target = mapping
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return mapping


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("products", "boost", "annual_rate"), 0.18, 'boost.annual_rate: expected a rate written as a decimal string'),
        (("products", "boost", "annual_rate"), "1.5", "boost.annual_rate: 1.5 must be from 0 to 1"),
        (("products", "boost", "annual_rate"), "-0.1", "expected a rate written as a decimal string"),
        (("products", "boost", "annual_rate"), "1e-1", "expected a rate written as a decimal string"),
        (("products", "boost", "annual_rate"), "0.1234567", "has more than 6 decimal places"),
        (("products", "boost", "late_fee_rate"), "0.5", "boost.late_fee_rate: 0.5 must be from 0 to 0.10"),
        (("products", "boost", "method"), "compound", "boost.method: expected one of flat, reducing"),
        (("products", "boost", "frequency"), "daily", "boost.frequency: expected one of weekly, monthly"),
        (("products", "boost", "segment"), "corporate", "boost.segment: expected one of retail, sme"),
        (("products", "boost", "principal_max_cents"), 40000, "principal_max_cents: must be at least principal_min"),
        (("products", "boost", "principal_min_cents"), 0, "principal_min_cents: must be more than zero"),
        (("products", "boost", "installments_max"), 3, "boost.installments_max: 3 is outside 4..520"),
        (("products", "boost", "grace_days"), 31, "boost.grace_days: 31 is outside 0..30"),
        (("classification", "loss_days_past_due_min"), 361, "classification: unknown field loss_days_past_due_min"),
        (("version",), 0, "loan_policy.version: 0 is outside 1.."),
        (("products",), {}, "loan_policy.products: expected an object of product code -> terms"),
    ],
)
def test_bad_fields_are_refused_by_name(path: tuple[str, ...], value: object, message: str) -> None:
    assert message in refusal(_with(path, value))


def test_a_missing_product_field_is_named() -> None:
    mapping = default_mapping()
    del mapping["products"]["sme_working_capital"]["grace_days"]
    assert refusal(mapping) == "loan_policy.products.sme_working_capital: missing field grace_days"


def test_a_product_code_is_a_plain_identifier() -> None:
    mapping = default_mapping()
    mapping["products"]["Boost Plus!"] = mapping["products"]["boost"]
    assert "a product code is lowercase letters, digits and _" in refusal(mapping)


def test_the_policy_file_parses_the_same_twice() -> None:
    assert parse_loan_policy(default_mapping()) == parse_loan_policy(default_mapping())
