"""The credit policy as data: the default file's numbers, and refusals that name the bad field.

The default policy is resources/products/credit_policy.json (version 1). Amounts in it are cents:
KES 5,000 is 500000. Weights are whole percent and add up to 100 in each segment.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_core.credit_policy import (
    Band,
    BandTable,
    BureauStatus,
    CreditOutcome,
    CreditPolicy,
    parse_credit_policy,
    weight_percent_total,
)
from shared_core.errors import InvalidInput
from shared_core.kyc import KycTier
from shared_core.money import Money

KES = Money.shillings
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MAPPING: dict[str, Any] = json.loads(
    (REPO_ROOT / "resources" / "products" / "credit_policy.json").read_text(encoding="utf-8")
)


def default_mapping() -> dict[str, Any]:
    return copy.deepcopy(DEFAULT_MAPPING)


@pytest.fixture(scope="module")
def policy() -> CreditPolicy:
    return parse_credit_policy(default_mapping())


def refusal(mapping: dict[str, Any]) -> str:
    with pytest.raises(InvalidInput) as caught:
        parse_credit_policy(mapping)
    return caught.value.message


# --- the default policy, number by number ----------------------------------------------------


def test_default_policy_is_version_1_with_its_reasons_written_down(policy: CreditPolicy) -> None:
    assert policy.version == 1
    assert "capacity_share" in policy.notes and "tier 1" in policy.notes


def test_weights_add_up_to_100_percent_as_documented(policy: CreditPolicy) -> None:
    assert dict(policy.retail.weights) == {
        "average_balance": 25,
        "inflow_regularity": 20,
        "tenure": 15,
        "repayment_history": 20,
        "kyc_tier": 10,
        "bureau_status": 10,
    }
    assert dict(policy.sme.weights) == {
        "capacity_use": 30,
        "sector_risk": 20,
        "years_trading": 20,
        "bureau_status": 15,
        "existing_facilities": 15,
    }
    for weights in (policy.retail.weights, policy.sme.weights):
        assert sum(weight for _, weight in weights) == weight_percent_total == 100


def test_retail_thresholds_and_caps(policy: CreditPolicy) -> None:
    retail = policy.retail
    assert (retail.rules.approve_score_min, retail.rules.refer_score_min) == (600, 450)
    assert retail.rules.automatic_amount_max == KES(20_000)
    assert retail.rules.amount_above_maximum is CreditOutcome.DECLINE
    assert (retail.balance_window_days, retail.regularity_window_months, retail.tenure_days_min) == (
        90,
        6,
        90,
    )
    assert retail.kyc_tier_cap(KycTier.TIER_1) == Money.zero()  # tier 1: no credit
    assert retail.kyc_tier_cap(KycTier.TIER_2) == KES(50_000)
    assert retail.kyc_tier_cap(KycTier.TIER_3) is None  # the product's maximum only
    assert retail.bureau_status.rule_for(BureauStatus.NEGATIVE_LISTING).action is CreditOutcome.DECLINE
    assert retail.bureau_status.rule_for(BureauStatus.NO_RECORD).action is None


@pytest.mark.parametrize(
    ("score", "most"),
    [
        (0, 0),
        (449, 0),
        (450, 2_000),
        (599, 2_000),
        (600, 5_000),
        (799, 10_000),
        (800, 25_000),
        (1000, 50_000),
    ],
)
def test_most_lent_by_score_band_edges(policy: CreditPolicy, score: int, most: int) -> None:
    assert policy.retail.amount_max_for_score(score) == KES(most)


@pytest.mark.parametrize(
    ("cents", "points"),
    [(-500_00, 0), (0, 0), (499_99, 0), (500_00, 200), (4_999_99, 400), (5_000_00, 600), (25_000_00, 1000)],
)
def test_average_balance_band_edges(policy: CreditPolicy, cents: int, points: int) -> None:
    table = policy.retail.average_balance.table
    assert table.bands[table.band_index(cents)].points == points


def test_sme_capacity_share_is_a_decimal_and_agriculture_is_riskier_than_technology_or_retail(
    policy: CreditPolicy,
) -> None:
    sme = policy.sme
    assert sme.capacity_share == Decimal("0.20")
    grade = {
        code: sme.grade_points(sme.sector(code).risk_grade)
        for code in ("agriculture", "technology", "retail")
    }
    assert grade["agriculture"] < grade["technology"] and grade["agriculture"] < grade["retail"]
    assert sme.rules.automatic_amount_max == KES(1_000_000)


def test_an_unknown_sector_is_refused_naming_the_known_ones(policy: CreditPolicy) -> None:
    with pytest.raises(
        InvalidInput, match="Sector 'mining' is not in the credit policy; known sectors: agri"
    ):
        policy.sme.sector("mining")


# --- refusals ----------------------------------------------------------------------------------


def test_weights_that_do_not_add_up_are_refused() -> None:
    mapping = default_mapping()
    mapping["retail"]["factors"]["tenure"]["weight_percent"] = 10
    assert refusal(mapping) == "retail.factors: the weights add up to 95%, not 100%"


def test_a_rate_written_as_a_json_float_is_refused() -> None:
    mapping = default_mapping()
    mapping["sme"]["capacity_share"] = 0.2
    assert "credit_policy.sme.capacity_share: expected a decimal written as text" in refusal(mapping)


@pytest.mark.parametrize("share", ["0", "1.5", "NaN", "twenty", "-0.2"])
def test_a_capacity_share_outside_0_to_1_is_refused(share: str) -> None:
    mapping = default_mapping()
    mapping["sme"]["capacity_share"] = share
    assert "credit_policy.sme.capacity_share" in refusal(mapping)


def test_bands_whose_points_fall_where_they_should_rise_are_refused() -> None:
    # A typing slip that would score a richer customer lower than a poorer one.
    mapping = default_mapping()
    mapping["retail"]["factors"]["average_balance"]["bands"][3]["points"] = 100
    assert refusal(mapping) == (
        "credit_policy.retail.factors.average_balance.bands: points must rise from band to band (band 4)"
    )


def test_lateness_bands_must_fall() -> None:
    mapping = default_mapping()
    mapping["retail"]["factors"]["repayment_history"]["worst_days_past_due_bands"][4]["points"] = 900
    assert "points must fall from band to band (band 5)" in refusal(mapping)


def test_the_first_band_starts_at_zero_and_bands_rise() -> None:
    mapping = default_mapping()
    mapping["retail"]["factors"]["tenure"]["bands"][0]["from_days"] = 1
    assert "the first band must start at 0 days" in refusal(mapping)
    mapping = default_mapping()
    mapping["retail"]["factors"]["tenure"]["bands"][2]["from_days"] = 30
    assert "band 3 must start above band 2" in refusal(mapping)


def test_band_fields_carry_their_unit() -> None:
    mapping = default_mapping()
    mapping["retail"]["factors"]["tenure"]["bands"][0] = {"from_months": 0, "points": 0}
    assert "credit_policy.retail.factors.tenure.bands[0]: missing field from_days" in refusal(mapping)


def test_points_beyond_1000_are_refused() -> None:
    mapping = default_mapping()
    mapping["sme"]["factors"]["sector_risk"]["grade_points"]["A"] = 1001
    assert refusal(mapping) == "credit_policy.sme.factors.sector_risk.grade_points.A: 1001 is outside 0..1000"


def test_every_bureau_status_needs_a_rule_that_refers_declines_or_does_nothing() -> None:
    mapping = default_mapping()
    del mapping["retail"]["factors"]["bureau_status"]["statuses"]["no_record"]
    assert "missing field no_record" in refusal(mapping)
    mapping = default_mapping()
    mapping["retail"]["factors"]["bureau_status"]["statuses"]["clear"]["action"] = "approve"
    assert "expected none, refer or decline, found 'approve'" in refusal(mapping)


def test_a_negative_listing_never_earns_more_than_a_clear_report() -> None:
    mapping = default_mapping()
    mapping["sme"]["factors"]["bureau_status"]["statuses"]["negative_listing"]["points"] = 900
    assert "points must fall from clear to no record to negative listing" in refusal(mapping)


def test_a_higher_kyc_tier_never_gets_a_lower_cap() -> None:
    mapping = default_mapping()
    mapping["retail"]["kyc_tier_amount_max_cents"]["3"] = 100
    assert "a higher tier never has a lower cap" in refusal(mapping)


def test_amounts_by_score_never_fall() -> None:
    mapping = default_mapping()
    mapping["retail"]["amount_max_by_score"][4]["amount_max_cents"] = 100
    assert "scores must rise and amounts never fall" in refusal(mapping)


def test_approval_below_referral_is_refused() -> None:
    mapping = default_mapping()
    mapping["sme"]["approve_score_min"] = 400
    assert "refer_score_min <= approve_score_min" in refusal(mapping)


def test_a_sector_graded_with_no_points_is_refused() -> None:
    mapping = default_mapping()
    mapping["sme"]["sectors"]["mining"] = {"label": "Mining", "risk_grade": "F"}
    assert refusal(mapping) == "sme.sectors.mining.risk_grade: 'F' has no points"


def test_a_regularity_band_beyond_the_months_looked_at_is_refused() -> None:
    mapping = default_mapping()
    mapping["retail"]["regularity_window_months"] = 5
    assert "a band starts beyond the months looked at" in refusal(mapping)


@pytest.mark.parametrize(
    ("section", "field", "value", "message"),
    [
        ("retail", "amount_above_maximum", "approve", "expected refer or decline, found 'approve'"),
        ("retail", "written_off", "ignore", "expected none, refer or decline"),
        ("retail", "automatic_amount_max_cents", -1, "-1 is outside 0.."),
        ("sme", "years_trading_min", "1", "expected an integer, found text"),
    ],
)
def test_bad_rules_are_refused_naming_the_field(
    section: str, field: str, value: object, message: str
) -> None:
    mapping = default_mapping()
    mapping[section][field] = value
    text = refusal(mapping)
    assert f"credit_policy.{section}.{field}" in text and message in text


def test_unknown_and_missing_fields_are_refused() -> None:
    mapping = default_mapping()
    mapping["retail"]["tenure_days_minimum"] = 90
    assert refusal(mapping) == "credit_policy.retail: unknown field tenure_days_minimum"
    mapping = default_mapping()
    del mapping["version"]
    assert refusal(mapping) == "credit_policy: missing field version"


# --- band lookup -----------------------------------------------------------------------------


@st.composite
def band_tables(draw: st.DrawFn) -> BandTable:
    """Any valid 'higher is better' table: starts rising from 0, points never falling."""
    starts = sorted(draw(st.sets(st.integers(min_value=1, max_value=1_000), max_size=7)))
    points = sorted(draw(st.lists(st.integers(0, 1000), min_size=len(starts) + 1, max_size=len(starts) + 1)))
    bands = tuple(Band(start, value) for start, value in zip([0, *starts], points, strict=True))
    return BandTable(name="test", unit="days", higher_is_better=True, bands=bands)


@given(table=band_tables(), low=st.integers(min_value=-10, max_value=2_000), gap=st.integers(0, 500))
def test_points_from_a_valid_table_never_fall_as_the_figure_rises(
    table: BandTable, low: int, gap: int
) -> None:
    lower = table.bands[table.band_index(low)].points
    higher = table.bands[table.band_index(low + gap)].points
    assert lower <= higher
    index = table.band_index(low)
    end = table.band_end(index)
    assert table.bands[index].start <= max(low, 0) and (end is None or low <= end)
