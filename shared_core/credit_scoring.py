"""Credit scoring (Borrow): a score from 0 to 1000 with every factor that made it, and a decision.

Retail customers are scored on their own account (average balance, regular inflows, tenure), their
past loans, their KYC tier and the credit bureau; businesses on their capacity (a share of annual
turnover, less what they already owe), sector risk, years trading, the bureau and existing facilities.
The decision is APPROVE (automatic, within policy), REFER (a credit officer decides) or DECLINE, and
every refer or decline names its reasons. All numbers come from shared_core.credit_policy; the same
inputs always give the same decision, word for word, on the device and on the server.
The decision's records (scorecard lines, reasons) are in shared_core.credit_decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from shared_core.account_behaviour import AccountBehaviour
from shared_core.canonical import require_text
from shared_core.credit_decision import CreditDecision, FactorScore, Reason, Segment, weighted, worst_outcome
from shared_core.credit_policy import (
    BandTable,
    BureauFactor,
    BureauStatus,
    CreditOutcome,
    CreditPolicy,
    DecisionRules,
)
from shared_core.errors import InvalidInput
from shared_core.kyc import KycTier, parse_tier
from shared_core.money import Money

__all__ = [
    "BureauStatus",
    "BusinessProfile",
    "CreditOutcome",
    "LoanApplication",
    "RepaymentHistory",
    "score_retail",
    "score_sme",
]

product_code_length_max = 40
sector_code_length_max = 40
years_trading_max = 200
days_past_due_max = 36_500
loans_repaid_max = 10_000
basis_points_whole = 10_000


@dataclass(frozen=True, slots=True)
class LoanApplication:
    """What is asked for. The product's maximum comes from the loan product the caller looked up."""

    product_code: str
    requested: Money
    product_maximum: Money

    def __post_init__(self) -> None:
        require_text(self.product_code, "product_code", length_max=product_code_length_max)
        for name in ("requested", "product_maximum"):
            value = getattr(self, name)
            if not isinstance(value, Money):
                raise TypeError(f"LoanApplication.{name} must be Money, got {type(value).__name__}")
            if not value.is_positive:
                raise InvalidInput(f"The {name.replace('_', ' ')} must be more than zero", field=name)


@dataclass(frozen=True, slots=True)
class RepaymentHistory:
    """The customer's past loans with us: how many repaid, the worst lateness ever, any write-off."""

    loans_repaid: int
    worst_days_past_due: int
    written_off: bool

    def __post_init__(self) -> None:
        _require_count(self.loans_repaid, "loans_repaid", loans_repaid_max)
        _require_count(self.worst_days_past_due, "worst_days_past_due", days_past_due_max)
        if type(self.written_off) is not bool:
            raise TypeError("RepaymentHistory.written_off must be a bool")

    @classmethod
    def first_loan(cls) -> RepaymentHistory:
        return cls(loans_repaid=0, worst_days_past_due=0, written_off=False)


@dataclass(frozen=True, slots=True)
class BusinessProfile:
    """What an SME declares and the bank checks: turnover, sector, years trading, what it already owes."""

    annual_turnover: Money
    sector: str  # a sector code of the credit policy, e.g. 'retail', 'agriculture'
    years_trading: int  # whole years
    existing_facilities: Money  # outstanding on loans and overdrafts, with us and elsewhere

    def __post_init__(self) -> None:
        for name in ("annual_turnover", "existing_facilities"):
            if not isinstance(getattr(self, name), Money):
                raise TypeError(f"BusinessProfile.{name} must be Money")
        if not self.annual_turnover.is_positive:
            raise InvalidInput("The annual turnover must be more than zero", field="annual_turnover")
        if self.existing_facilities.is_negative:
            raise InvalidInput("Existing facilities cannot be less than zero", field="existing_facilities")
        require_text(self.sector, "sector", length_max=sector_code_length_max)
        _require_count(self.years_trading, "years_trading", years_trading_max)


# --- retail --------------------------------------------------------------------------------


def score_retail(
    application: LoanApplication,
    behaviour: AccountBehaviour,
    repayment_history: RepaymentHistory,
    kyc_tier: KycTier,
    bureau_status: BureauStatus,
    policy: CreditPolicy,
) -> CreditDecision:
    """Score a retail customer's application (e.g. Boost) and decide it under `policy`."""
    _require_type(application, LoanApplication, "application")
    _require_type(behaviour, AccountBehaviour, "behaviour")
    _require_type(repayment_history, RepaymentHistory, "repayment_history")
    _require_type(policy, CreditPolicy, "policy")
    tier = parse_tier(kyc_tier)
    status = _bureau_status(bureau_status)
    retail = policy.retail
    if (behaviour.balance_window_days, behaviour.regularity_window_months) != (
        retail.balance_window_days,
        retail.regularity_window_months,
    ):
        raise InvalidInput(
            f"The account behaviour covers {behaviour.balance_window_days} days and "
            f"{behaviour.regularity_window_months} months; credit policy {policy.version} scores "
            f"{retail.balance_window_days} days and {retail.regularity_window_months} months",
        )

    factors = (
        _banded_factor(
            "average_balance",
            "Average balance",
            retail.average_balance.weight_percent,
            retail.average_balance.table,
            behaviour.average_balance.cents,
            f"{behaviour.average_balance.format()} a day over {behaviour.balance_window_days} days",
            "Average balance",
        ),
        _banded_factor(
            "inflow_regularity",
            "Regular inflows",
            retail.inflow_regularity.weight_percent,
            retail.inflow_regularity.table,
            behaviour.months_with_inflow,
            f"money in during {behaviour.months_with_inflow} of the last "
            f"{behaviour.regularity_window_months} months, "
            f"{behaviour.average_monthly_inflow.format()} a month on average",
            "Inflows in",
        ),
        _banded_factor(
            "tenure",
            "Tenure with the bank",
            retail.tenure.weight_percent,
            retail.tenure.table,
            behaviour.tenure_days,
            f"{_count(behaviour.tenure_days, 'day')} with the bank",
            "Tenure of",
        ),
        _repayment_factor(policy, repayment_history),
        _kyc_factor(policy, tier),
        _bureau_factor(retail.bureau_status, status),
    )
    score = sum(factor.weighted_points for factor in factors)

    reasons = _bureau_reasons(retail.bureau_status, status)
    if repayment_history.written_off and retail.written_off is not None:
        reasons.append(Reason("written_off", retail.written_off, "a past loan was written off"))
    if behaviour.tenure_days < retail.tenure_days_min:
        reasons.append(
            Reason(
                "tenure_below_minimum",
                retail.tenure_below_minimum,
                f"tenure is {_count(behaviour.tenure_days, 'day')}, under the {retail.tenure_days_min} days "
                "the policy asks for",
            )
        )
    tier_cap = retail.kyc_tier_cap(tier)
    if tier_cap is not None and not tier_cap.is_positive:
        reasons.append(
            Reason(
                "kyc_tier_no_credit",
                CreditOutcome.DECLINE,
                f"KYC {tier.label.lower()} customers may not borrow; upgrade the customer's KYC tier first",
            )
        )
    reasons += _score_reasons(retail.rules, score)

    limits = [
        (retail.amount_max_for_score(score), f"score band {retail.amount_max_for_score(score).format()}")
    ]
    if tier_cap is not None:
        limits.append((tier_cap, f"KYC {tier.label.lower()} cap {tier_cap.format()}"))
    limits.append((application.product_maximum, f"product maximum {application.product_maximum.format()}"))
    max_amount = min(amount for amount, _ in limits)
    basis = "; ".join(text for _, text in limits)
    # Nothing to lend because of a decline already given (a low score, tier 1): saying so again is noise.
    if max_amount.is_positive or worst_outcome(reasons) is not CreditOutcome.DECLINE:
        reasons += _amount_reasons(retail.rules, application.requested, max_amount, basis)
    return _decision(Segment.RETAIL, application, policy, factors, score, reasons, max_amount, basis, None)


def _repayment_factor(policy: CreditPolicy, history: RepaymentHistory) -> FactorScore:
    factor = policy.retail.repayment_history
    label = "Repayment history"
    if history.written_off:
        points = factor.written_off_points
        return _factor(
            "repayment_history",
            label,
            factor.weight_percent,
            points,
            "a loan written off",
            f"A written-off loan earns {points} points",
        )
    experience_index = factor.loans_repaid.band_index(history.loans_repaid)
    lateness_index = factor.worst_days_past_due.band_index(history.worst_days_past_due)
    experience = factor.loans_repaid.bands[experience_index].points
    lateness_cap = factor.worst_days_past_due.bands[lateness_index].points
    points = min(experience, lateness_cap)
    if history.loans_repaid == 0 and history.worst_days_past_due == 0:
        value = "no loan with us before"
    else:
        value = (
            f"{_count(history.loans_repaid, 'loan')} repaid; worst "
            f"{_count(history.worst_days_past_due, 'day')} past due"
        )
    explanation = f"{_band_range(factor.loans_repaid, experience_index)} repaid earns {experience} points"
    if lateness_cap < experience:
        explanation += (
            f", capped at {lateness_cap} for "
            f"{_band_range(factor.worst_days_past_due, lateness_index)} past due"
        )
    return _factor("repayment_history", label, factor.weight_percent, points, value, explanation)


def _kyc_factor(policy: CreditPolicy, tier: KycTier) -> FactorScore:
    factor = policy.retail.kyc_tier
    points = factor.points_for(tier)
    return _factor(
        "kyc_tier",
        "KYC tier",
        factor.weight_percent,
        points,
        tier.label,
        f"KYC {tier.label.lower()} earns {points} points",
    )


# --- SME -----------------------------------------------------------------------------------


def score_sme(
    application: LoanApplication,
    business: BusinessProfile,
    bureau_status: BureauStatus,
    policy: CreditPolicy,
) -> CreditDecision:
    """Score a business's application (e.g. working capital) and decide it under `policy`."""
    _require_type(application, LoanApplication, "application")
    _require_type(business, BusinessProfile, "business")
    _require_type(policy, CreditPolicy, "policy")
    status = _bureau_status(bureau_status)
    sme = policy.sme
    sector = sme.sector(business.sector)
    # Rounded down to the cent: capacity is a ceiling, never lifted by rounding.
    share_of_turnover = business.annual_turnover.times_rate(sme.capacity_share, ROUND_DOWN)
    capacity = max(share_of_turnover - business.existing_facilities, Money.zero())
    share_text = _share_text(sme.capacity_share)
    capacity_basis = (
        f"capacity {capacity.format()} ({share_text} of annual turnover {business.annual_turnover.format()}"
        f" less existing facilities {business.existing_facilities.format()})"
    )
    requested = application.requested

    if capacity.is_positive:
        use_bp = _ceil_ratio(requested.cents * basis_points_whole, capacity.cents)
        use_text = f"{requested.format()} of capacity {capacity.format()} ({_percent_text(use_bp)})"
    else:
        use_bp = _beyond_any_band
        use_text = f"{requested.format()} with no capacity left"
    existing_bp = _ceil_ratio(
        business.existing_facilities.cents * basis_points_whole, business.annual_turnover.cents
    )
    grade_points = sme.grade_points(sector.risk_grade)
    factors = (
        _banded_factor(
            "capacity_use",
            "Capacity used",
            sme.capacity_use.weight_percent,
            sme.capacity_use.table,
            use_bp,
            use_text,
            "Using",
            " of capacity",
        ),
        _factor(
            "sector_risk",
            "Sector risk",
            sme.sector_risk.weight_percent,
            grade_points,
            f"{sector.label}, risk grade {sector.risk_grade}",
            f"Risk grade {sector.risk_grade} earns {grade_points} points",
        ),
        _banded_factor(
            "years_trading",
            "Years trading",
            sme.years_trading.weight_percent,
            sme.years_trading.table,
            business.years_trading,
            f"{_count(business.years_trading, 'year')} trading",
            "Trading for",
        ),
        _bureau_factor(sme.bureau_status, status),
        _banded_factor(
            "existing_facilities",
            "Existing facilities",
            sme.existing_facilities.weight_percent,
            sme.existing_facilities.table,
            existing_bp,
            f"{business.existing_facilities.format()} outstanding, "
            f"{_percent_text(existing_bp)} of annual turnover",
            "Owing",
            " of turnover",
        ),
    )
    score = sum(factor.weighted_points for factor in factors)

    reasons = _bureau_reasons(sme.bureau_status, status)
    if business.years_trading < sme.years_trading_min:
        reasons.append(
            Reason(
                "years_trading_below_minimum",
                sme.years_trading_below_minimum,
                f"trading for {_count(business.years_trading, 'year')}, under the "
                f"{_count(sme.years_trading_min, 'year')} the policy asks for",
            )
        )
    reasons += _score_reasons(sme.rules, score)
    if requested > capacity:
        reasons.append(
            Reason(
                "amount_above_capacity",
                sme.amount_above_capacity,
                f"requested {requested.format()} exceeds the {capacity_basis}",
            )
        )
    product_basis = f"product maximum {application.product_maximum.format()}"
    if requested > application.product_maximum:
        reasons.append(
            Reason(
                "amount_above_maximum",
                sme.rules.amount_above_maximum,
                f"requested {requested.format()} is above the {product_basis}",
            )
        )
    max_amount = min(capacity, application.product_maximum)
    basis = f"{capacity_basis}; {product_basis}"
    if requested <= max_amount:
        reasons += _automatic_limit_reasons(sme.rules, requested)
    return _decision(Segment.SME, application, policy, factors, score, reasons, max_amount, basis, capacity)


# --- shared parts --------------------------------------------------------------------------

# Past the last band of any table: a request when no capacity is left at all.
_beyond_any_band = 2**53 - 1


def _decision(
    segment: Segment,
    application: LoanApplication,
    policy: CreditPolicy,
    factors: tuple[FactorScore, ...],
    score: int,
    reasons: list[Reason],
    max_amount: Money,
    basis: str,
    capacity: Money | None,
) -> CreditDecision:
    ordered = tuple(sorted(reasons, key=lambda reason: -reason.outcome.severity))  # stable: declines first
    return CreditDecision(
        segment=segment,
        product_code=application.product_code,
        outcome=worst_outcome(ordered),
        score=score,
        requested=application.requested,
        max_amount=max_amount,
        max_amount_basis=basis,
        capacity=capacity,
        factors=factors,
        reasons=ordered,
        policy_version=policy.version,
    )


def _score_reasons(rules: DecisionRules, score: int) -> list[Reason]:
    if score < rules.refer_score_min:
        return [
            Reason(
                "score_below_referral",
                CreditOutcome.DECLINE,
                f"score {score} is below {rules.refer_score_min}, "
                "the least the policy refers to a credit officer",
            )
        ]
    if score < rules.approve_score_min:
        return [
            Reason(
                "score_below_approval",
                CreditOutcome.REFER,
                f"score {score} is below {rules.approve_score_min}, "
                "the least the policy approves automatically",
            )
        ]
    return []


def _amount_reasons(rules: DecisionRules, requested: Money, max_amount: Money, basis: str) -> list[Reason]:
    if requested > max_amount:
        return [
            Reason(
                "amount_above_maximum",
                rules.amount_above_maximum,
                f"requested {requested.format()} is above the maximum {max_amount.format()} ({basis})",
            )
        ]
    return _automatic_limit_reasons(rules, requested)


def _automatic_limit_reasons(rules: DecisionRules, requested: Money) -> list[Reason]:
    if requested > rules.automatic_amount_max:
        return [
            Reason(
                "amount_above_automatic_limit",
                CreditOutcome.REFER,
                f"requested {requested.format()} is above {rules.automatic_amount_max.format()}, "
                "the most approved automatically",
            )
        ]
    return []


def _bureau_factor(factor: BureauFactor, status: BureauStatus) -> FactorScore:
    rule = factor.rule_for(status)
    return _factor(
        "bureau_status",
        "Credit bureau",
        factor.weight_percent,
        rule.points,
        status.label,
        f"Bureau status '{status.label}' earns {rule.points} points",
    )


def _bureau_reasons(factor: BureauFactor, status: BureauStatus) -> list[Reason]:
    rule = factor.rule_for(status)
    if rule.action is None:
        return []
    return [Reason("bureau_status", rule.action, f"the credit bureau reports a {status.label}")]


def _banded_factor(
    code: str,
    label: str,
    weight_percent: int,
    table: BandTable,
    value: int,
    value_text: str,
    lead: str,
    tail: str = "",
) -> FactorScore:
    index = table.band_index(value)
    points = table.bands[index].points
    return _factor(
        code,
        label,
        weight_percent,
        points,
        value_text,
        f"{lead} {_band_range(table, index)}{tail} earns {points} points",
    )


def _factor(
    code: str, label: str, weight_percent: int, points: int, value_text: str, explanation: str
) -> FactorScore:
    return FactorScore(
        code=code,
        label=label,
        value_text=value_text,
        points=points,
        weight_percent=weight_percent,
        weighted_points=weighted(points, weight_percent),
        explanation=explanation,
    )


def _band_range(table: BandTable, index: int) -> str:
    """Band `index` as words: 'KES 5,000.00 to KES 9,999.99', '365 to 729 days', '6 months or more'."""
    start, end = table.bands[index].start, table.band_end(index)
    word = _UNIT_WORDS.get(table.unit)
    show: Callable[[int], str] = _UNIT_TEXT.get(table.unit) or (lambda number: _count(number, word or ""))
    if end is None:
        return f"{show(start)} or more"
    if index == 0 and table.unit == "cents":  # the first band also holds overdrawn balances
        return f"below {show(end + 1)}"
    if start == end:
        return show(start)
    if word is not None:
        return f"{start} to {_count(end, word)}"
    return f"{show(start)} to {show(end)}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _percent_text(basis_points: int) -> str:
    """Basis points as a percentage a person reads: 2500 -> '25%', 4167 -> '41.67%'."""
    whole, part = divmod(basis_points, 100)
    return f"{whole}%" if part == 0 else f"{whole}.{part:02d}%"


def _share_text(share: Decimal) -> str:
    percent = (share * 100).normalize()
    return f"{percent:f}%"


def _ceil_ratio(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded up: a share of capacity or turnover is never understated."""
    return -(-numerator // denominator)


_UNIT_WORDS = {"days": "day", "months": "month", "loans": "loan", "years": "year"}
_UNIT_TEXT: dict[str, Callable[[int], str]] = {
    "cents": lambda cents: Money(cents).format(),
    "bp": _percent_text,
}


def _bureau_status(value: object) -> BureauStatus:
    if isinstance(value, str):
        for status in BureauStatus:
            if status.value == value:
                return status
    raise InvalidInput(
        f"{str(value)[:40]!r} is not a credit bureau status; expected one of "
        f"{', '.join(status.value for status in BureauStatus)}",
        field="bureau_status",
    )


def _require_count(value: object, name: str, maximum: int) -> None:
    if type(value) is not int or not 0 <= value <= maximum:
        raise InvalidInput(f"{name}: {value!r} is not a whole number from 0 to {maximum}", field=name)


def _require_type(value: object, expected: type, name: str) -> None:
    if not isinstance(value, expected):
        raise TypeError(f"{name} must be {expected.__name__}, got {type(value).__name__}")
