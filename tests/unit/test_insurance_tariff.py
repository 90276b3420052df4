"""The insurance tariff as data: the shipped numbers, a round trip, and refusals that name the field.

The tariff is resources/products/insurance_tariff.json (version 1). Rates are decimal fractions
written as text ("0.0025" is 0.25%); amounts are cents (KES 40 stamp duty is 4000).
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from shared_core import canonical
from shared_core.errors import InvalidInput
from shared_core.insurance_tariff import (
    InsuranceTariff,
    OccupationClass,
    insurance_tariff_to_mapping,
    insurer_default,
    parse_insurance_tariff,
)
from shared_core.money import Money

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED: dict[str, Any] = json.loads(
    (REPO_ROOT / "resources" / "products" / "insurance_tariff.json").read_text(encoding="utf-8")
)
KES = Money.shillings


def shipped() -> dict[str, Any]:
    return copy.deepcopy(SHIPPED)


def refusal(mapping: Any) -> str:
    with pytest.raises(InvalidInput) as caught:
        parse_insurance_tariff(mapping)
    assert caught.value.code == "invalid_input"
    return caught.value.message


@pytest.fixture(scope="module")
def tariff() -> InsuranceTariff:
    return parse_insurance_tariff(shipped())


# --- the shipped tariff, number by number ---------------------------------------------------------


def test_the_shipped_tariff_is_version_1_with_its_notes(tariff: InsuranceTariff) -> None:
    assert tariff.version == 1
    assert tariff.effective_date.isoformat() == "2025-07-01"
    assert "Training Levy 0.2%" in tariff.notes and "KES 40" in tariff.notes


def test_statutory_levies_are_0_2_and_0_25_percent_and_stamp_duty_is_kes_40(tariff: InsuranceTariff) -> None:
    assert [(levy.code, levy.rate) for levy in tariff.levies] == [
        ("training_levy", Decimal("0.002")),
        ("policyholders_compensation_fund", Decimal("0.0025")),
    ]
    assert tariff.stamp_duty == KES(40)


@pytest.mark.parametrize(
    ("plan", "monthly", "death", "disability", "medical"),
    [
        ("bronze", 150, 250_000, 250_000, 25_000),
        ("silver", 350, 500_000, 500_000, 50_000),
        ("gold", 750, 1_000_000, 1_000_000, 100_000),
    ],
)
def test_personal_accident_plans(
    tariff: InsuranceTariff, plan: str, monthly: int, death: int, disability: int, medical: int
) -> None:
    chosen = tariff.plan(plan)
    assert (chosen.monthly_premium, chosen.death, chosen.permanent_disability, chosen.medical_expenses) == (
        KES(monthly), KES(death), KES(disability), KES(medical),
    )
    assert tariff.personal_accident_grace_days == 30


def test_plans_are_listed_cheapest_first(tariff: InsuranceTariff) -> None:
    assert [plan.name for plan in tariff.personal_accident_plans] == ["bronze", "silver", "gold"]


def test_wiba_rates_rise_from_office_work_to_heavy_manual(tariff: InsuranceTariff) -> None:
    assert [(int(rate.occupation_class), rate.rate) for rate in tariff.wiba_classes] == [
        (1, Decimal("0.0028")), (2, Decimal("0.0060")), (3, Decimal("0.0135")), (4, Decimal("0.0250")),
    ]
    assert tariff.wiba_rate(OccupationClass.OFFICE_CLERICAL).description == "Office and clerical"
    assert tariff.wiba_rate(4).description == "Construction and heavy manual"


def test_asset_all_risk_is_1_75_percent_with_a_kes_3500_minimum(tariff: InsuranceTariff) -> None:
    assert tariff.asset_all_risk_rate == Decimal("0.0175")
    assert tariff.asset_all_risk_minimum_premium == KES(3_500)


def test_the_mapping_form_round_trips_and_is_canonical(tariff: InsuranceTariff) -> None:
    mapping = insurance_tariff_to_mapping(tariff)
    assert parse_insurance_tariff(mapping) == tariff
    assert canonical.decode(canonical.encode(mapping)) == mapping  # strings and integers only


def test_an_unknown_plan_or_class_is_refused_by_name(tariff: InsuranceTariff) -> None:
    unknown_plan = "plan: no personal accident plan 'platinum'; plans are bronze, silver, gold"
    with pytest.raises(InvalidInput, match=unknown_plan):
        tariff.plan("platinum")
    with pytest.raises(InvalidInput, match="occupation_class: 5 is not a WIBA occupation class"):
        tariff.wiba_rate(5)
    with pytest.raises(InvalidInput, match="occupation_class: True is not"):
        OccupationClass.parse(True)


# --- refusals, each naming the field ---------------------------------------------------------------


def test_a_float_rate_is_refused_naming_the_field() -> None:
    mapping = shipped()
    mapping["levies"]["training_levy"]["rate"] = 0.002
    message = refusal(mapping)
    assert 'levies.training_levy.rate: must be a decimal written as text, e.g. "0.0025"' in message
    assert "not the JSON number 0.002" in message


def test_an_integer_or_boolean_rate_is_refused_too() -> None:
    mapping = shipped()
    mapping["asset_all_risk"]["rate"] = 1
    mapping["wiba"]["occupation_classes"]["2"]["rate"] = True
    message = refusal(mapping)
    assert "asset_all_risk.rate: must be a decimal written as text" in message
    assert "wiba.occupation_classes.2.rate: must be a decimal written as text" in message


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("-0.002", "levies.training_levy.rate: -0.002 is negative; a rate is 0 or more"),
        ("1.5", "levies.training_levy.rate: 1.5 is more than 1 (100%)"),
        ("0.0000001", "levies.training_levy.rate: 0.0000001 has more than 6 decimal places"),
        ("0.2%", "levies.training_levy.rate: '0.2%' is not a decimal"),
        ("1e-3", "levies.training_levy.rate: '1e-3' is not a decimal"),
        ("", "levies.training_levy.rate: '' is not a decimal"),
    ],
)
def test_a_rate_that_is_not_a_plain_fraction_is_refused(rate: str, expected: str) -> None:
    mapping = shipped()
    mapping["levies"]["training_levy"]["rate"] = rate
    assert expected in refusal(mapping)


def test_a_negative_wiba_rate_is_refused_naming_the_class() -> None:
    mapping = shipped()
    mapping["wiba"]["occupation_classes"]["1"]["rate"] = "-0.0028"
    assert "wiba.occupation_classes.1.rate: -0.0028 is negative" in refusal(mapping)


def test_an_unknown_occupation_class_is_refused() -> None:
    mapping = shipped()
    mapping["wiba"]["occupation_classes"]["5"] = {"description": "Mining", "rate": "0.04"}
    assert "wiba.occupation_classes.5: not an occupation class; expected 1, 2, 3 or 4" in refusal(mapping)


def test_a_missing_occupation_class_is_refused() -> None:
    mapping = shipped()
    del mapping["wiba"]["occupation_classes"]["3"]
    assert "wiba.occupation_classes.3: missing" in refusal(mapping)


def test_a_class_cheaper_than_the_class_below_it_is_a_typing_slip() -> None:
    mapping = shipped()
    mapping["wiba"]["occupation_classes"]["4"]["rate"] = "0.0025"  # meant 0.0250
    assert "wiba.occupation_classes.4.rate: 0.0025 is below class 3's 0.0135; rates rise with the class" in (
        refusal(mapping)
    )


@pytest.mark.parametrize("levy", ["training_levy", "policyholders_compensation_fund"])
def test_a_missing_statutory_levy_is_refused(levy: str) -> None:
    mapping = shipped()
    del mapping["levies"][levy]
    assert f"levies.{levy}: missing (a statutory levy)" in refusal(mapping)


def test_a_new_levy_is_one_more_entry_in_the_data() -> None:
    mapping = shipped()
    mapping["levies"]["health_levy"] = {"name": "Health levy", "rate": "0.001"}
    tariff = parse_insurance_tariff(mapping)
    assert [levy.code for levy in tariff.levies] == [
        "training_levy", "policyholders_compensation_fund", "health_levy",  # the statutory two first
    ]


def test_missing_and_unknown_fields_are_named() -> None:
    mapping = shipped()
    del mapping["stamp_duty_cents"]
    mapping["asset_all_risk"]["excess_cents"] = 500_000
    del mapping["personal_accident"]["plans"]["gold"]["medical_expenses_cents"]
    message = refusal(mapping)
    assert "stamp_duty_cents: missing" in message
    assert "asset_all_risk.excess_cents: unknown field" in message
    assert "personal_accident.plans.gold.medical_expenses_cents: missing" in message
    assert message.startswith("The insurance tariff has 3 problem(s)")


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("stamp_duty_cents",), 40.0,
         "stamp_duty_cents: must be a whole number of cents, not the decimal number 40.0"),
        (("stamp_duty_cents",), -4000, "stamp_duty_cents: -4000 is outside 0.."),
        (("personal_accident", "plans", "bronze", "monthly_premium_cents"), 0,
         "personal_accident.plans.bronze.monthly_premium_cents: 0 is outside 1.."),
        (("personal_accident", "plans", "bronze", "death_cents"), "25000000",
         "personal_accident.plans.bronze.death_cents: must be a whole number of cents, not text"),
        (("asset_all_risk", "minimum_premium_cents"), True,
         "asset_all_risk.minimum_premium_cents: must be a whole number of cents, not a boolean"),
        (("personal_accident", "grace_days"), 120,
         "personal_accident.grace_days: must be a whole number from 0 to 90"),
        (("version",), 0, "version: must be a whole number from 1"),
        (("effective_date",), "2025-02-30", "effective_date: must be a date written YYYY-MM-DD"),
        (("wiba", "occupation_classes", "2", "description"), "",
         "wiba.occupation_classes.2.description: must be text"),
    ],
)
def test_bad_values_are_refused_naming_the_field(path: tuple[str, ...], value: object, expected: str) -> None:
    mapping = shipped()
    target = mapping
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert expected in refusal(mapping)


def test_every_problem_is_listed_at_once() -> None:
    mapping = shipped()
    mapping["levies"]["training_levy"]["rate"] = 0.002
    mapping["wiba"]["occupation_classes"]["9"] = {"description": "Unknown", "rate": "0.01"}
    mapping["asset_all_risk"]["rate"] = "-0.0175"
    message = refusal(mapping)
    assert message.startswith("The insurance tariff has 3 problem(s)")
    for field in ("levies.training_levy.rate", "wiba.occupation_classes.9", "asset_all_risk.rate"):
        assert field in message


@pytest.mark.parametrize("mapping", [None, [], "tariff"])
def test_a_tariff_that_is_not_an_object_is_refused(mapping: object) -> None:
    assert "(tariff): must be an object of fields" in refusal(mapping)


def test_a_plan_with_no_plans_is_refused() -> None:
    mapping = shipped()
    mapping["personal_accident"]["plans"] = {}
    assert "personal_accident.plans: at least one plan" in refusal(mapping)


def test_a_plan_name_must_be_a_simple_code() -> None:
    mapping = shipped()
    mapping["personal_accident"]["plans"]["Gold Plus!"] = mapping["personal_accident"]["plans"]["gold"]
    assert "personal_accident.plans.Gold Plus!: a plan name is lowercase letters" in refusal(mapping)


# --- the insurer ---------------------------------------------------------------------------------------


def test_the_shipped_tariff_names_its_insurer(tariff: InsuranceTariff) -> None:
    assert tariff.insurer == "Simba General Insurance Ltd"
    assert insurance_tariff_to_mapping(tariff)["insurer"] == "Simba General Insurance Ltd"


def test_a_tariff_written_before_it_named_the_insurer_reads_as_the_first_underwriter() -> None:
    """A device's stored copy from before: it still parses, and prints the bank's first insurer."""
    mapping = shipped()
    del mapping["insurer"]
    assert parse_insurance_tariff(mapping).insurer == insurer_default == "Simba General Insurance Ltd"


def test_another_insurer_is_data_and_round_trips() -> None:
    mapping = shipped()
    mapping["insurer"] = "Jubilee Allianz General Insurance (K) Ltd"
    tariff = parse_insurance_tariff(mapping)
    assert tariff.insurer == "Jubilee Allianz General Insurance (K) Ltd"
    assert parse_insurance_tariff(insurance_tariff_to_mapping(tariff)) == tariff


@pytest.mark.parametrize("insurer", ["", "   ", "x" * 81, 7, None, ["Simba"]])
def test_an_insurer_that_is_not_a_name_is_refused_naming_the_field(insurer: object) -> None:
    mapping = shipped()
    mapping["insurer"] = insurer
    assert "insurer: must be text of 1 to 80 characters" in refusal(mapping)
