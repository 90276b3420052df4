"""Credit scoring as a credit officer checks it, under the default policy (credit_policy.json, v1).

Juma (retail, KYC tier 2, with the bank 14 months, money in every month, average balance KES 8,000,
one loan repaid on time, clear at the bureau) asks for KES 5,000 of Boost (product maximum 50,000):

    average balance     KES 8,000 a day     600 points x 25% = 150
    regular inflows     6 of 6 months      1000 points x 20% = 200
    tenure              430 days            850 points x 15% = 127   (127.5 rounded down)
    repayment history   1 loan, never late  800 points x 20% = 160
    KYC tier            tier 2              700 points x 10% =  70
    credit bureau       clear              1000 points x 10% = 100
                                                       score  807 of 1000

807 is at least 600, so it approves automatically; the most lent at 800+ is KES 25,000 and KES 5,000
is within it and within the KES 20,000 automatic limit.

Wekeza Hardware Ltd (retail trade, 6 years trading, turnover KES 24,000,000 a year, nothing owed,
clear) asks for working capital (product maximum KES 5,000,000): capacity is 20% of turnover,
KES 4,800,000. KES 2,000,000 uses 41.67% of it and scores 895, but is above the KES 1,000,000 a
decision may approve automatically, so a credit officer decides.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_core import canonical
from shared_core.account_behaviour import AccountBehaviour
from shared_core.credit_decision import CreditDecision, Reason, Segment, decision_from_wire, decision_to_wire
from shared_core.credit_policy import CreditPolicy, parse_credit_policy, score_max
from shared_core.credit_scoring import (
    BureauStatus,
    BusinessProfile,
    CreditOutcome,
    LoanApplication,
    RepaymentHistory,
    score_retail,
    score_sme,
)
from shared_core.errors import InvalidInput
from shared_core.kyc import KycTier
from shared_core.money import Money

KES = Money.shillings
REPO_ROOT = Path(__file__).resolve().parents[2]
POLICY_MAPPING: dict[str, Any] = json.loads(
    (REPO_ROOT / "resources" / "products" / "credit_policy.json").read_text(encoding="utf-8")
)
POLICY = parse_credit_policy(POLICY_MAPPING)
BOOST_MAXIMUM = KES(50_000)
WORKING_CAPITAL_MAXIMUM = KES(5_000_000)
JUMA_REQUEST = KES(5_000)
WEKEZA_HARDWARE_REQUEST = KES(2_000_000)


# --- builders ------------------------------------------------------------------------------------


def make_behaviour(**changes: Any) -> AccountBehaviour:
    """Juma's account as of 24 November 2026."""
    fields: dict[str, Any] = {
        "as_of": date(2026, 11, 24),
        "average_balance": KES(8_000),
        "balance_window_days": 90,
        "months_with_inflow": 6,
        "regularity_window_months": 6,
        "average_monthly_inflow": KES(15_000),
        "tenure_days": 430,
    }
    fields.update(changes)
    return AccountBehaviour(**fields)


def juma(
    amount: Money = JUMA_REQUEST,
    *,
    behaviour: AccountBehaviour | None = None,
    history: RepaymentHistory | None = None,
    tier: KycTier = KycTier.TIER_2,
    bureau: BureauStatus = BureauStatus.CLEAR,
    policy: CreditPolicy = POLICY,
) -> CreditDecision:
    return score_retail(
        LoanApplication("boost", amount, BOOST_MAXIMUM),
        behaviour or make_behaviour(),
        history or RepaymentHistory(loans_repaid=1, worst_days_past_due=0, written_off=False),
        tier,
        bureau,
        policy,
    )


def make_business(**changes: Any) -> BusinessProfile:
    """Wekeza Hardware Ltd."""
    fields: dict[str, Any] = {
        "annual_turnover": KES(24_000_000),
        "sector": "retail",
        "years_trading": 6,
        "existing_facilities": Money.zero(),
    }
    fields.update(changes)
    return BusinessProfile(**fields)


def wekeza_hardware(
    amount: Money = WEKEZA_HARDWARE_REQUEST,
    *,
    business: BusinessProfile | None = None,
    bureau: BureauStatus = BureauStatus.CLEAR,
    policy: CreditPolicy = POLICY,
) -> CreditDecision:
    return score_sme(
        LoanApplication("sme_working_capital", amount, WORKING_CAPITAL_MAXIMUM),
        business or make_business(),
        bureau,
        policy,
    )


def policy_with(segment: str, **changes: Any) -> CreditPolicy:
    mapping = copy.deepcopy(POLICY_MAPPING)
    mapping[segment].update(changes)
    return parse_credit_policy(mapping)


def codes(decision: CreditDecision) -> list[str]:
    return [reason.code for reason in decision.reasons]


def points(decision: CreditDecision) -> dict[str, int]:
    return {factor.code: factor.points for factor in decision.factors}


# --- retail: Juma ------------------------------------------------------------------------------


def test_juma_is_approved_for_5000_automatically() -> None:
    decision = juma()
    assert decision.outcome is CreditOutcome.APPROVE
    assert decision.segment is Segment.RETAIL and decision.policy_version == 1
    assert decision.reasons == ()
    assert [(f.code, f.points, f.weight_percent, f.weighted_points) for f in decision.factors] == [
        ("average_balance", 600, 25, 150),
        ("inflow_regularity", 1000, 20, 200),
        ("tenure", 850, 15, 127),
        ("repayment_history", 800, 20, 160),
        ("kyc_tier", 700, 10, 70),
        ("bureau_status", 1000, 10, 100),
    ]
    assert decision.score == 807
    assert decision.max_amount == KES(25_000)
    assert decision.max_amount_basis == (
        "score band KES 25,000.00; KYC tier 2 cap KES 50,000.00; product maximum KES 50,000.00"
    )
    assert decision.explanation.startswith(
        "Approved automatically: score 807 of 1000; KES 5,000.00 is within"
    )


def test_every_factor_reads_as_a_person_would_say_it() -> None:
    by_code = {factor.code: factor for factor in juma().factors}
    assert by_code["average_balance"].value_text == "KES 8,000.00 a day over 90 days"
    assert by_code["average_balance"].explanation == (
        "Average balance KES 5,000.00 to KES 9,999.99 earns 600 points"
    )
    assert by_code["inflow_regularity"].value_text == (
        "money in during 6 of the last 6 months, KES 15,000.00 a month on average"
    )
    assert by_code["tenure"].value_text == "430 days with the bank"
    assert by_code["tenure"].explanation == "Tenure of 365 to 729 days earns 850 points"
    assert by_code["repayment_history"].value_text == "1 loan repaid; worst 0 days past due"
    assert by_code["kyc_tier"].value_text == "Tier 2"
    assert by_code["bureau_status"].value_text == "clear"


def test_juma_with_a_negative_bureau_listing_is_declined_naming_the_bureau() -> None:
    decision = juma(bureau=BureauStatus.NEGATIVE_LISTING)
    assert decision.outcome is CreditOutcome.DECLINE
    assert decision.reasons == (
        Reason("bureau_status", CreditOutcome.DECLINE, "the credit bureau reports a negative listing"),
    )
    assert decision.score == 707  # the score alone would have approved: the listing declines
    assert "credit bureau reports a negative listing" in decision.explanation


def test_no_bureau_record_scores_lower_than_clear_but_does_not_decline() -> None:
    decision = juma(bureau=BureauStatus.NO_RECORD)
    assert decision.outcome is CreditOutcome.APPROVE
    assert points(decision)["bureau_status"] == 600 and decision.score == 767


def test_a_new_customer_of_20_days_is_not_approved_and_tenure_is_a_reason() -> None:
    behaviour = make_behaviour(tenure_days=20, months_with_inflow=0, average_balance=KES(1_000))
    decision = juma(behaviour=behaviour, history=RepaymentHistory.first_loan())
    assert decision.outcome in (CreditOutcome.REFER, CreditOutcome.DECLINE)
    tenure = next(reason for reason in decision.reasons if reason.code == "tenure_below_minimum")
    assert tenure.message == "tenure is 20 days, under the 90 days the policy asks for"
    assert "tenure is 20 days" in decision.explanation


def test_a_new_customer_with_a_good_balance_is_referred_for_tenure_alone() -> None:
    behaviour = make_behaviour(tenure_days=20, average_balance=KES(30_000))
    decision = juma(behaviour=behaviour)
    assert decision.score >= POLICY.retail.rules.approve_score_min
    assert decision.outcome is CreditOutcome.REFER
    assert codes(decision) == ["tenure_below_minimum"]


@pytest.mark.parametrize(("days", "referred"), [(89, True), (90, False)])
def test_tenure_minimum_edge(days: int, referred: bool) -> None:
    decision = juma(behaviour=make_behaviour(tenure_days=days))
    assert ("tenure_below_minimum" in codes(decision)) is referred


def test_kyc_tier_1_gets_no_credit() -> None:
    decision = juma(tier=KycTier.TIER_1)
    assert decision.outcome is CreditOutcome.DECLINE
    assert codes(decision) == ["kyc_tier_no_credit"]  # no second reason for the same KES 0.00 maximum
    assert decision.max_amount == Money.zero()
    assert "KYC tier 1 customers may not borrow" in decision.explanation


def test_kyc_tier_3_is_capped_by_the_score_band_and_product_only() -> None:
    decision = juma(tier=KycTier.TIER_3)
    assert "KYC" not in decision.max_amount_basis
    assert decision.max_amount == KES(25_000)


def test_a_written_off_loan_declines_whatever_the_score() -> None:
    decision = juma(history=RepaymentHistory(loans_repaid=4, worst_days_past_due=400, written_off=True))
    assert decision.outcome is CreditOutcome.DECLINE
    assert "written_off" in codes(decision)
    assert points(decision)["repayment_history"] == 0


def test_lateness_caps_what_experience_earns() -> None:
    decision = juma(history=RepaymentHistory(loans_repaid=3, worst_days_past_due=45, written_off=False))
    factor = next(factor for factor in decision.factors if factor.code == "repayment_history")
    assert factor.points == 200
    assert (
        factor.explanation == "3 to 4 loans repaid earns 900 points, capped at 200 for 31 to 90 days past due"
    )


def test_a_first_loan_is_neutral() -> None:
    decision = juma(history=RepaymentHistory.first_loan())
    factor = next(factor for factor in decision.factors if factor.code == "repayment_history")
    assert (factor.points, factor.value_text) == (500, "no loan with us before")


def test_asking_above_the_maximum_is_declined_naming_the_maximum() -> None:
    decision = juma(KES(30_000))
    assert decision.outcome is CreditOutcome.DECLINE
    assert decision.reasons[0].message == (
        "requested KES 30,000.00 is above the maximum KES 25,000.00 (score band KES 25,000.00; "
        "KYC tier 2 cap KES 50,000.00; product maximum KES 50,000.00)"
    )


@pytest.mark.parametrize(
    ("amount", "outcome"),
    [(KES(25_000), CreditOutcome.REFER), (KES(25_000) + Money(1), CreditOutcome.DECLINE)],
)
def test_the_maximum_itself_may_be_lent_and_a_cent_more_may_not(
    amount: Money, outcome: CreditOutcome
) -> None:
    # KES 25,000 is above the KES 20,000 automatic limit, so it is referred, not declined.
    assert juma(amount).outcome is outcome


@pytest.mark.parametrize(
    ("amount", "outcome"),
    [(KES(20_000), CreditOutcome.APPROVE), (KES(20_000) + Money(1), CreditOutcome.REFER)],
)
def test_automatic_limit_edge(amount: Money, outcome: CreditOutcome) -> None:
    decision = juma(amount)
    assert decision.outcome is outcome
    if outcome is CreditOutcome.REFER:
        assert decision.reasons[0].message == (
            "requested KES 20,000.01 is above KES 20,000.00, the most approved automatically"
        )


@pytest.mark.parametrize(
    ("approve_min", "refer_min", "outcome", "code"),
    [
        (807, 450, CreditOutcome.APPROVE, None),  # exactly at the approval score
        (808, 450, CreditOutcome.REFER, "score_below_approval"),
        (900, 807, CreditOutcome.REFER, "score_below_approval"),  # exactly at the referral score
        (900, 808, CreditOutcome.DECLINE, "score_below_referral"),
    ],
)
def test_score_threshold_edges(
    approve_min: int, refer_min: int, outcome: CreditOutcome, code: str | None
) -> None:
    policy = policy_with("retail", approve_score_min=approve_min, refer_score_min=refer_min)
    decision = juma(policy=policy)
    assert decision.score == 807
    assert decision.outcome is outcome
    assert codes(decision) == ([] if code is None else [code])


def test_a_policy_that_refers_big_requests_instead_of_declining_them() -> None:
    decision = juma(KES(30_000), policy=policy_with("retail", amount_above_maximum="refer"))
    assert decision.outcome is CreditOutcome.REFER and codes(decision) == ["amount_above_maximum"]


def test_reasons_list_declines_before_referrals() -> None:
    decision = juma(
        KES(2_000), behaviour=make_behaviour(tenure_days=20), bureau=BureauStatus.NEGATIVE_LISTING
    )
    assert decision.score == 580
    assert codes(decision) == ["bureau_status", "tenure_below_minimum", "score_below_approval"]
    assert decision.outcome is CreditOutcome.DECLINE


def test_behaviour_over_other_windows_than_the_policys_is_refused() -> None:
    with pytest.raises(InvalidInput, match="credit policy 1 scores 90 days and 6 months"):
        juma(behaviour=make_behaviour(regularity_window_months=12))


def test_an_unknown_bureau_status_is_refused() -> None:
    with pytest.raises(InvalidInput, match="'blacklisted' is not a credit bureau status"):
        juma(bureau="blacklisted")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: LoanApplication("boost", Money.zero(), BOOST_MAXIMUM), "requested must be more than zero"),
        (lambda: RepaymentHistory(-1, 0, False), "loans_repaid"),
        (lambda: make_business(annual_turnover=Money.zero()), "annual turnover must be more than zero"),
        (lambda: make_business(existing_facilities=-KES(1)), "Existing facilities cannot be less than zero"),
    ],
)
def test_impossible_applications_are_refused(make: Any, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        make()


# --- SME: Wekeza Hardware Ltd ----------------------------------------------------------------------


def test_wekeza_hardware_2m_has_capacity_4_8m_and_is_referred_above_the_automatic_limit() -> None:
    decision = wekeza_hardware()
    assert decision.segment is Segment.SME
    assert decision.capacity == KES(4_800_000)
    assert decision.max_amount == KES(4_800_000)
    assert decision.score == 895
    assert decision.outcome is CreditOutcome.REFER
    assert decision.reasons == (
        Reason(
            "amount_above_automatic_limit",
            CreditOutcome.REFER,
            "requested KES 2,000,000.00 is above KES 1,000,000.00, the most approved automatically",
        ),
    )
    by_code = {factor.code: factor for factor in decision.factors}
    assert by_code["capacity_use"].value_text == "KES 2,000,000.00 of capacity KES 4,800,000.00 (41.67%)"
    assert by_code["sector_risk"].value_text == "Retail trade, risk grade B"


def test_wekeza_hardware_within_the_automatic_limit_is_approved() -> None:
    assert wekeza_hardware(KES(1_000_000)).outcome is CreditOutcome.APPROVE


def test_wekeza_hardware_asking_6m_exceeds_capacity_and_says_so() -> None:
    decision = wekeza_hardware(KES(6_000_000))
    assert decision.outcome is CreditOutcome.DECLINE
    capacity = next(reason for reason in decision.reasons if reason.code == "amount_above_capacity")
    assert capacity.message == (
        "requested KES 6,000,000.00 exceeds the capacity KES 4,800,000.00 (20% of annual turnover "
        "KES 24,000,000.00 less existing facilities KES 0.00)"
    )
    assert "amount_above_maximum" in codes(decision)  # and the product's KES 5,000,000 maximum
    assert "capacity KES 4,800,000.00" in decision.explanation


@pytest.mark.parametrize(("over", "declined"), [(Money.zero(), False), (Money(1), True)])
def test_capacity_edge(over: Money, declined: bool) -> None:
    decision = wekeza_hardware(KES(4_800_000) + over)
    assert ("amount_above_capacity" in codes(decision)) is declined


def test_existing_facilities_reduce_capacity_and_score() -> None:
    decision = wekeza_hardware(business=make_business(existing_facilities=KES(1_000_000)))
    assert decision.capacity == KES(3_800_000)
    assert points(decision)["existing_facilities"] == 800  # 4.17% of turnover
    assert decision.score < wekeza_hardware().score


def test_a_business_owing_more_than_its_capacity_can_borrow_nothing() -> None:
    decision = wekeza_hardware(business=make_business(existing_facilities=KES(5_000_000)))
    assert decision.capacity == Money.zero()
    assert points(decision)["capacity_use"] == 0
    assert decision.outcome is CreditOutcome.DECLINE and "amount_above_capacity" in codes(decision)


def test_agriculture_with_the_same_figures_scores_lower_than_technology() -> None:
    agriculture = wekeza_hardware(business=make_business(sector="agriculture"))
    technology = wekeza_hardware(business=make_business(sector="technology"))
    assert agriculture.score < technology.score
    assert points(agriculture)["sector_risk"] < points(technology)["sector_risk"]


def test_a_business_trading_under_a_year_is_referred() -> None:
    decision = wekeza_hardware(KES(500_000), business=make_business(years_trading=0))
    assert "years_trading_below_minimum" in codes(decision)
    assert decision.outcome is not CreditOutcome.APPROVE


def test_an_sme_with_a_negative_listing_is_declined() -> None:
    decision = wekeza_hardware(KES(500_000), bureau=BureauStatus.NEGATIVE_LISTING)
    assert decision.outcome is CreditOutcome.DECLINE and codes(decision) == ["bureau_status"]


def test_an_unknown_sector_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Sector 'mining'"):
        wekeza_hardware(business=make_business(sector="mining"))


# --- properties ----------------------------------------------------------------------------------

balances = st.integers(min_value=-5_000_000, max_value=10_000_000)  # cents: KES -50,000 to 100,000
retail_inputs = st.fixed_dictionaries(
    {
        "months": st.integers(min_value=0, max_value=6),
        "tenure": st.integers(min_value=0, max_value=3_000),
        "loans": st.integers(min_value=0, max_value=8),
        "late": st.integers(min_value=0, max_value=400),
        "written_off": st.booleans(),
        "tier": st.sampled_from(list(KycTier)),
        "bureau": st.sampled_from(list(BureauStatus)),
        "amount": st.integers(min_value=1, max_value=6_000_000),
    }
)


def _retail(balance_cents: int, inputs: dict[str, Any]) -> CreditDecision:
    return juma(
        Money(inputs["amount"]),
        behaviour=make_behaviour(
            average_balance=Money(balance_cents),
            months_with_inflow=inputs["months"],
            tenure_days=inputs["tenure"],
        ),
        history=RepaymentHistory(inputs["loans"], inputs["late"], inputs["written_off"]),
        tier=inputs["tier"],
        bureau=inputs["bureau"],
    )


@given(low=balances, extra=st.integers(min_value=0, max_value=10_000_000), inputs=retail_inputs)
def test_a_higher_average_balance_never_scores_or_decides_worse(
    low: int, extra: int, inputs: dict[str, Any]
) -> None:
    poorer, richer = _retail(low, inputs), _retail(low + extra, inputs)
    assert poorer.score <= richer.score
    assert poorer.max_amount <= richer.max_amount
    assert poorer.outcome.severity >= richer.outcome.severity


@given(balance=balances, inputs=retail_inputs)
def test_the_score_is_the_sum_of_weighted_points_and_the_same_inputs_decide_the_same(
    balance: int, inputs: dict[str, Any]
) -> None:
    decision = _retail(balance, inputs)
    assert sum(factor.weight_percent for factor in decision.factors) == 100
    assert decision.score == sum(factor.points * factor.weight_percent // 100 for factor in decision.factors)
    assert 0 <= decision.score <= score_max
    assert (decision.outcome is CreditOutcome.APPROVE) == (decision.reasons == ())
    again = _retail(balance, inputs)
    assert again == decision and again.explanation == decision.explanation


@given(
    requested=st.integers(min_value=1, max_value=800_000_000),
    more=st.integers(min_value=0, max_value=100_000_000),
    sector=st.sampled_from([sector.code for sector in POLICY.sme.sectors]),
    years=st.integers(min_value=0, max_value=30),
)
def test_asking_for_more_never_scores_or_decides_better(
    requested: int, more: int, sector: str, years: int
) -> None:
    business = make_business(sector=sector, years_trading=years)
    smaller = wekeza_hardware(Money(requested), business=business)
    larger = wekeza_hardware(Money(requested + more), business=business)
    assert larger.score <= smaller.score
    assert larger.outcome.severity >= smaller.outcome.severity
    assert sum(factor.weight_percent for factor in larger.factors) == 100


def test_a_decision_whose_numbers_do_not_add_up_cannot_be_built() -> None:
    decision = juma()
    with pytest.raises(InvalidInput, match="sum of the weighted points"):
        dataclasses.replace(decision, score=decision.score + 1)
    with pytest.raises(InvalidInput, match="worst its reasons call for"):
        dataclasses.replace(decision, outcome=CreditOutcome.REFER)


def test_a_decision_reads_back_from_its_wire_form_exactly() -> None:
    for decision in (juma(), juma(bureau=BureauStatus.NEGATIVE_LISTING), wekeza_hardware(), wekeza_hardware(KES(6_000_000))):
        wire = decision_to_wire(decision)
        assert decision_from_wire(canonical.decode(canonical.encode(wire))) == decision


def test_a_changed_decision_on_the_wire_is_refused_naming_the_field() -> None:
    wire = decision_to_wire(juma())
    with pytest.raises(InvalidInput, match="sum of the weighted points"):
        decision_from_wire(wire | {"score": wire["score"] + 1})
    with pytest.raises(InvalidInput, match="decision.factors\\[0\\]: missing field points"):
        decision_from_wire(wire | {"factors": [{k: v for k, v in wire["factors"][0].items() if k != "points"}]})
    with pytest.raises(InvalidInput, match="decision.requested_cents: expected a whole number"):
        decision_from_wire(wire | {"requested_cents": "5000"})
