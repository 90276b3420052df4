"""The credit scoring policy as DATA: factor weights, point bands, thresholds and caps.

Head office writes it (resources/products/credit_policy.json is version 1); shared_core.credit_scoring
applies it. Each factor turns a figure into 0-1000 points by bands, and carries a weight in whole
percent; the weights of a segment (retail, SME) sum to 100, so the score runs from 0 to 1000.
A band table's points may only rise (or only fall) with the figure, as the factor says, so a better
customer never scores lower because of a typing slip in the file. Amounts are whole cents in fields
ending `_cents`; the one rate (the SME capacity share) is a decimal string, never a JSON float.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from shared_core.canonical import require_fields, require_int, require_text
from shared_core.errors import InvalidInput
from shared_core.kyc import KycTier
from shared_core.money import Money, amount_cents_max

score_max = 1000  # the scale of the score and of every factor's points
points_max = 1000
weight_percent_total = 100
bands_max = 20
sectors_max = 100
label_length_max = 80
notes_length_max = 4000
no_cap = "none"  # how the file spells "no cap" for a KYC tier: the wire carries no nulls

_RATE_TEXT_LENGTH_MAX = 12
_SECTOR_CODE = re.compile(r"[a-z][a-z_]{0,39}", re.ASCII)


class CreditOutcome(StrEnum):
    """A credit decision, from best to worst: the worst any rule calls for is the decision."""

    APPROVE = "approve"  # automatically, within policy
    REFER = "refer"  # maker-checker: a credit officer decides
    DECLINE = "decline"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {CreditOutcome.APPROVE: 0, CreditOutcome.REFER: 1, CreditOutcome.DECLINE: 2}


class BureauStatus(StrEnum):
    """What the credit reference bureau says of the applicant; the server holds it and passes it in."""

    CLEAR = "clear"
    NEGATIVE_LISTING = "negative_listing"
    NO_RECORD = "no_record"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class Band:
    """Figures from `start` (in the table's unit) up to the next band's start earn `points`."""

    start: int
    points: int


@dataclass(frozen=True, slots=True)
class BandTable:
    """Bands by lower bound. The first starts at 0 and also holds any figure below 0 (an overdraft)."""

    name: str  # where it sits in the policy, for messages: 'retail.average_balance'
    unit: str  # cents, days, months, loans, years or bp
    higher_is_better: bool
    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.bands, tuple) or not all(isinstance(band, Band) for band in self.bands):
            raise TypeError("BandTable.bands is a tuple of Band")
        if not 1 <= len(self.bands) <= bands_max:
            raise InvalidInput(f"{self.name}: needs 1 to {bands_max} bands, found {len(self.bands)}")
        if self.bands[0].start != 0:
            raise InvalidInput(f"{self.name}: the first band must start at 0 {self.unit}")
        for number, band in enumerate(self.bands, start=1):
            _require_points(band.points, f"{self.name} band {number} points")
        for number, (lower, upper) in enumerate(itertools.pairwise(self.bands), start=2):
            if upper.start <= lower.start:
                raise InvalidInput(f"{self.name}: band {number} must start above band {number - 1}")
            worse_upward = (
                upper.points < lower.points if self.higher_is_better else upper.points > lower.points
            )
            if worse_upward:
                direction = "rise" if self.higher_is_better else "fall"
                raise InvalidInput(f"{self.name}: points must {direction} from band to band (band {number})")

    def band_index(self, value: int) -> int:
        """The index of the band `value` falls in."""
        index = 0
        for position, band in enumerate(self.bands):
            if band.start <= value:
                index = position
        return index

    def band_end(self, index: int) -> int | None:
        """The last figure of band `index`, in the table's unit; None for the open-ended top band."""
        return self.bands[index + 1].start - 1 if index + 1 < len(self.bands) else None


@dataclass(frozen=True, slots=True)
class BandedFactor:
    weight_percent: int
    table: BandTable


@dataclass(frozen=True, slots=True)
class RepaymentFactor:
    """Points for experience (loans repaid), capped by the worst lateness ever; a write-off earns its own."""

    weight_percent: int
    loans_repaid: BandTable
    worst_days_past_due: BandTable
    written_off_points: int

    def __post_init__(self) -> None:
        _require_points(self.written_off_points, "repayment_history.written_off_points")


@dataclass(frozen=True, slots=True)
class KycFactor:
    weight_percent: int
    points: tuple[tuple[KycTier, int], ...]

    def __post_init__(self) -> None:
        _require_every_tier(self.points, "kyc_tier.points")
        values = [points for _, points in sorted(self.points)]
        for tier, points in self.points:
            _require_points(points, f"kyc_tier.points.{int(tier)}")
        if values != sorted(values):
            raise InvalidInput("kyc_tier.points: a higher tier never earns fewer points")

    def points_for(self, tier: KycTier) -> int:
        return dict(self.points)[tier]


@dataclass(frozen=True, slots=True)
class BureauRule:
    status: BureauStatus
    points: int
    action: CreditOutcome | None  # REFER or DECLINE whatever the score; None: the points alone

    def __post_init__(self) -> None:
        _require_points(self.points, f"bureau_status.{self.status}.points")
        if self.action is CreditOutcome.APPROVE:
            raise InvalidInput(
                f"bureau_status.{self.status}.action: a bureau report can only refer or decline"
            )


@dataclass(frozen=True, slots=True)
class BureauFactor:
    weight_percent: int
    rules: tuple[BureauRule, ...]

    def __post_init__(self) -> None:
        statuses = [rule.status for rule in self.rules]
        if sorted(statuses) != sorted(BureauStatus):
            raise InvalidInput(f"bureau_status: needs exactly one rule for each of {_listed(BureauStatus)}")
        points = {rule.status: rule.points for rule in self.rules}
        if (
            not points[BureauStatus.CLEAR]
            >= points[BureauStatus.NO_RECORD]
            >= points[BureauStatus.NEGATIVE_LISTING]
        ):
            raise InvalidInput("bureau_status: points must fall from clear to no record to negative listing")

    def rule_for(self, status: BureauStatus) -> BureauRule:
        for rule in self.rules:
            if rule.status is status:
                return rule
        raise AssertionError(f"a validated bureau factor has a rule for {status}")


@dataclass(frozen=True, slots=True)
class DecisionRules:
    """Where a score approves, refers or declines, and how large an automatic approval may be."""

    approve_score_min: int
    refer_score_min: int  # below this the application is declined
    automatic_amount_max: Money  # above this a credit officer decides, whatever the score
    amount_above_maximum: CreditOutcome  # what a request above the most the policy lends gets

    def __post_init__(self) -> None:
        if not 0 <= self.refer_score_min <= self.approve_score_min <= score_max:
            raise InvalidInput(f"scores: need 0 <= refer_score_min <= approve_score_min <= {score_max}")
        if not isinstance(self.automatic_amount_max, Money) or self.automatic_amount_max.is_negative:
            raise InvalidInput("automatic_amount_max_cents: must be an amount, 0 or more")
        _require_refer_or_decline(self.amount_above_maximum, "amount_above_maximum")


@dataclass(frozen=True, slots=True)
class RetailPolicy:
    rules: DecisionRules
    balance_window_days: int
    regularity_window_months: int
    tenure_days_min: int
    tenure_below_minimum: CreditOutcome
    written_off: CreditOutcome | None  # what any written-off loan calls for, whatever the score
    amount_max_by_score: tuple[tuple[int, Money], ...]  # (lowest score, most lent); below the first: nothing
    kyc_tier_amount_max: tuple[tuple[KycTier, Money | None], ...]  # None: no cap beyond the product's
    average_balance: BandedFactor
    inflow_regularity: BandedFactor
    tenure: BandedFactor
    repayment_history: RepaymentFactor
    kyc_tier: KycFactor
    bureau_status: BureauFactor

    def __post_init__(self) -> None:
        _require_refer_or_decline(self.tenure_below_minimum, "retail.tenure_below_minimum")
        if self.written_off is not None:
            _require_refer_or_decline(self.written_off, "retail.written_off")
        _require_weights(self.weights, "retail")
        scores = [score for score, _ in self.amount_max_by_score]
        amounts = [amount.cents for _, amount in self.amount_max_by_score]
        if not scores or any(not 0 <= score <= score_max for score in scores):
            raise InvalidInput(f"retail.amount_max_by_score: needs bands with scores 0..{score_max}")
        if any(lower >= upper for lower, upper in itertools.pairwise(scores)) or amounts != sorted(amounts):
            raise InvalidInput("retail.amount_max_by_score: scores must rise and amounts never fall")
        _require_every_tier(self.kyc_tier_amount_max, "retail.kyc_tier_amount_max")
        caps = [
            amount_cents_max + 1 if cap is None else cap.cents for _, cap in sorted(self.kyc_tier_amount_max)
        ]
        if caps != sorted(caps):
            raise InvalidInput("retail.kyc_tier_amount_max: a higher tier never has a lower cap")
        if self.inflow_regularity.table.bands[-1].start > self.regularity_window_months:
            raise InvalidInput("retail.inflow_regularity: a band starts beyond the months looked at")

    @property
    def weights(self) -> tuple[tuple[str, int], ...]:
        """(factor code, weight in percent), in the order a decision lists its factors."""
        return (
            ("average_balance", self.average_balance.weight_percent),
            ("inflow_regularity", self.inflow_regularity.weight_percent),
            ("tenure", self.tenure.weight_percent),
            ("repayment_history", self.repayment_history.weight_percent),
            ("kyc_tier", self.kyc_tier.weight_percent),
            ("bureau_status", self.bureau_status.weight_percent),
        )

    def amount_max_for_score(self, score: int) -> Money:
        most = Money.zero()
        for lowest_score, amount in self.amount_max_by_score:
            if score >= lowest_score:
                most = amount
        return most

    def kyc_tier_cap(self, tier: KycTier) -> Money | None:
        return dict(self.kyc_tier_amount_max)[tier]


@dataclass(frozen=True, slots=True)
class Sector:
    code: str
    label: str
    risk_grade: str  # A is the lowest risk


@dataclass(frozen=True, slots=True)
class SectorFactor:
    weight_percent: int
    grade_points: tuple[tuple[str, int], ...]  # sorted by grade, A first

    def __post_init__(self) -> None:
        grades = [grade for grade, _ in self.grade_points]
        if not grades or grades != sorted(grades) or any(len(g) != 1 or not "A" <= g <= "Z" for g in grades):
            raise InvalidInput("sme.sector_risk.grade_points: grades are single capital letters, A first")
        points = [points for _, points in self.grade_points]
        for grade, value in self.grade_points:
            _require_points(value, f"sme.sector_risk.grade_points.{grade}")
        if points != sorted(points, reverse=True):
            raise InvalidInput("sme.sector_risk.grade_points: a riskier grade never earns more points")


@dataclass(frozen=True, slots=True)
class SmePolicy:
    rules: DecisionRules
    capacity_share: Decimal  # the most a business may owe, as a share of its annual turnover
    amount_above_capacity: CreditOutcome
    years_trading_min: int
    years_trading_below_minimum: CreditOutcome
    sectors: tuple[Sector, ...]
    capacity_use: BandedFactor  # the request as basis points of capacity
    sector_risk: SectorFactor
    years_trading: BandedFactor
    bureau_status: BureauFactor
    existing_facilities: BandedFactor  # facilities outstanding as basis points of annual turnover

    def __post_init__(self) -> None:
        if not isinstance(self.capacity_share, Decimal) or not 0 < self.capacity_share <= 1:
            raise InvalidInput("sme.capacity_share: must be a decimal above 0 and at most 1")
        _require_refer_or_decline(self.amount_above_capacity, "sme.amount_above_capacity")
        _require_refer_or_decline(self.years_trading_below_minimum, "sme.years_trading_below_minimum")
        _require_weights(self.weights, "sme")
        grades = {grade for grade, _ in self.sector_risk.grade_points}
        codes = [sector.code for sector in self.sectors]
        if not codes or len(set(codes)) != len(codes):
            raise InvalidInput("sme.sectors: needs at least one sector, each named once")
        for sector in self.sectors:
            if sector.risk_grade not in grades:
                raise InvalidInput(
                    f"sme.sectors.{sector.code}.risk_grade: {sector.risk_grade!r} has no points"
                )

    @property
    def weights(self) -> tuple[tuple[str, int], ...]:
        return (
            ("capacity_use", self.capacity_use.weight_percent),
            ("sector_risk", self.sector_risk.weight_percent),
            ("years_trading", self.years_trading.weight_percent),
            ("bureau_status", self.bureau_status.weight_percent),
            ("existing_facilities", self.existing_facilities.weight_percent),
        )

    def sector(self, code: str) -> Sector:
        for sector in self.sectors:
            if sector.code == code:
                return sector
        raise InvalidInput(
            f"Sector '{str(code)[:40]}' is not in the credit policy; known sectors: "
            f"{', '.join(sector.code for sector in self.sectors)}",
            sector=str(code)[:40],
        )

    def grade_points(self, grade: str) -> int:
        return dict(self.sector_risk.grade_points)[grade]


@dataclass(frozen=True, slots=True)
class CreditPolicy:
    version: int
    notes: str
    retail: RetailPolicy
    sme: SmePolicy


# --- parsing the file ------------------------------------------------------------------------


def parse_credit_policy(mapping: Mapping[str, Any]) -> CreditPolicy:
    """The credit policy from its mapping form (parsed JSON); InvalidInput naming the first bad field."""
    top = require_fields(mapping, ("version", "notes", "retail", "sme"), "credit_policy")
    version = require_int(top["version"], "credit_policy.version", minimum=1)
    notes = require_text(top["notes"], "credit_policy.notes", length_max=notes_length_max, allow_empty=True)
    return CreditPolicy(
        version=version, notes=notes, retail=_parse_retail(top["retail"]), sme=_parse_sme(top["sme"])
    )


_RETAIL_FIELDS = (
    "approve_score_min",
    "refer_score_min",
    "automatic_amount_max_cents",
    "amount_above_maximum",
    "balance_window_days",
    "regularity_window_months",
    "tenure_days_min",
    "tenure_below_minimum",
    "written_off",
    "amount_max_by_score",
    "kyc_tier_amount_max_cents",
    "factors",
)
_RETAIL_FACTORS = (
    "average_balance",
    "inflow_regularity",
    "tenure",
    "repayment_history",
    "kyc_tier",
    "bureau_status",
)
_SME_FIELDS = (
    "approve_score_min",
    "refer_score_min",
    "automatic_amount_max_cents",
    "amount_above_maximum",
    "capacity_share",
    "amount_above_capacity",
    "years_trading_min",
    "years_trading_below_minimum",
    "sectors",
    "factors",
)
_SME_FACTORS = ("capacity_use", "sector_risk", "years_trading", "bureau_status", "existing_facilities")


def _parse_retail(data: object) -> RetailPolicy:
    path = "credit_policy.retail"
    fields = require_fields(data, _RETAIL_FIELDS, path)
    factors = require_fields(fields["factors"], _RETAIL_FACTORS, f"{path}.factors")
    at = f"{path}.factors"
    window_months = require_int(
        fields["regularity_window_months"], f"{path}.regularity_window_months", minimum=1, maximum=24
    )
    repayment = require_fields(
        factors["repayment_history"],
        ("weight_percent", "loans_repaid_bands", "worst_days_past_due_bands", "written_off_points"),
        f"{at}.repayment_history",
    )
    kyc = require_fields(factors["kyc_tier"], ("weight_percent", "points"), f"{at}.kyc_tier")
    return RetailPolicy(
        rules=_parse_rules(fields, path),
        balance_window_days=require_int(
            fields["balance_window_days"], f"{path}.balance_window_days", minimum=1, maximum=366
        ),
        regularity_window_months=window_months,
        tenure_days_min=require_int(
            fields["tenure_days_min"], f"{path}.tenure_days_min", minimum=0, maximum=36_500
        ),
        tenure_below_minimum=_outcome(fields["tenure_below_minimum"], f"{path}.tenure_below_minimum"),
        written_off=_action(fields["written_off"], f"{path}.written_off"),
        amount_max_by_score=_parse_amount_bands(fields["amount_max_by_score"], f"{path}.amount_max_by_score"),
        kyc_tier_amount_max=_parse_tier_caps(
            fields["kyc_tier_amount_max_cents"], f"{path}.kyc_tier_amount_max_cents"
        ),
        average_balance=_banded(factors["average_balance"], f"{at}.average_balance", "cents", True),
        inflow_regularity=_banded(factors["inflow_regularity"], f"{at}.inflow_regularity", "months", True),
        tenure=_banded(factors["tenure"], f"{at}.tenure", "days", True),
        repayment_history=RepaymentFactor(
            weight_percent=_weight(repayment["weight_percent"], f"{at}.repayment_history"),
            loans_repaid=_bands(
                repayment["loans_repaid_bands"], f"{at}.repayment_history.loans_repaid_bands", "loans", True
            ),
            worst_days_past_due=_bands(
                repayment["worst_days_past_due_bands"],
                f"{at}.repayment_history.worst_days_past_due_bands",
                "days",
                False,
            ),
            written_off_points=_points(
                repayment["written_off_points"], f"{at}.repayment_history.written_off_points"
            ),
        ),
        kyc_tier=KycFactor(
            weight_percent=_weight(kyc["weight_percent"], f"{at}.kyc_tier"),
            points=_parse_tier_points(kyc["points"], f"{at}.kyc_tier.points"),
        ),
        bureau_status=_parse_bureau(factors["bureau_status"], f"{at}.bureau_status"),
    )


def _parse_sme(data: object) -> SmePolicy:
    path = "credit_policy.sme"
    fields = require_fields(data, _SME_FIELDS, path)
    factors = require_fields(fields["factors"], _SME_FACTORS, f"{path}.factors")
    at = f"{path}.factors"
    sector_risk = require_fields(
        factors["sector_risk"], ("weight_percent", "grade_points"), f"{at}.sector_risk"
    )
    grade_points = sector_risk["grade_points"]
    if not isinstance(grade_points, Mapping) or not 1 <= len(grade_points) <= 26:
        raise InvalidInput(f"{at}.sector_risk.grade_points: expected an object of grade -> points")
    return SmePolicy(
        rules=_parse_rules(fields, path),
        capacity_share=_share(fields["capacity_share"], f"{path}.capacity_share"),
        amount_above_capacity=_outcome(fields["amount_above_capacity"], f"{path}.amount_above_capacity"),
        years_trading_min=require_int(
            fields["years_trading_min"], f"{path}.years_trading_min", minimum=0, maximum=100
        ),
        years_trading_below_minimum=_outcome(
            fields["years_trading_below_minimum"], f"{path}.years_trading_below_minimum"
        ),
        sectors=_parse_sectors(fields["sectors"], f"{path}.sectors"),
        capacity_use=_banded(factors["capacity_use"], f"{at}.capacity_use", "bp", False),
        sector_risk=SectorFactor(
            weight_percent=_weight(sector_risk["weight_percent"], f"{at}.sector_risk"),
            grade_points=tuple(
                (str(grade), _points(grade_points[grade], f"{at}.sector_risk.grade_points.{grade}"))
                for grade in sorted(grade_points)
            ),
        ),
        years_trading=_banded(factors["years_trading"], f"{at}.years_trading", "years", True),
        bureau_status=_parse_bureau(factors["bureau_status"], f"{at}.bureau_status"),
        existing_facilities=_banded(factors["existing_facilities"], f"{at}.existing_facilities", "bp", False),
    )


def _parse_rules(fields: Mapping[str, Any], path: str) -> DecisionRules:
    return DecisionRules(
        approve_score_min=require_int(
            fields["approve_score_min"], f"{path}.approve_score_min", minimum=0, maximum=score_max
        ),
        refer_score_min=require_int(
            fields["refer_score_min"], f"{path}.refer_score_min", minimum=0, maximum=score_max
        ),
        automatic_amount_max=Money(
            _cents(fields["automatic_amount_max_cents"], f"{path}.automatic_amount_max_cents")
        ),
        amount_above_maximum=_outcome(fields["amount_above_maximum"], f"{path}.amount_above_maximum"),
    )


def _banded(data: object, path: str, unit: str, higher_is_better: bool) -> BandedFactor:
    fields = require_fields(data, ("weight_percent", "bands"), path)
    return BandedFactor(
        weight_percent=_weight(fields["weight_percent"], path),
        table=_bands(fields["bands"], f"{path}.bands", unit, higher_is_better),
    )


def _bands(data: object, path: str, unit: str, higher_is_better: bool) -> BandTable:
    if not isinstance(data, (list, tuple)) or not 1 <= len(data) <= bands_max:
        raise InvalidInput(f"{path}: expected a list of 1 to {bands_max} bands")
    start_field = f"from_{unit}"
    bands = []
    for index, item in enumerate(data):
        band = require_fields(item, (start_field, "points"), f"{path}[{index}]")
        bands.append(
            Band(
                start=require_int(band[start_field], f"{path}[{index}].{start_field}", minimum=0),
                points=_points(band["points"], f"{path}[{index}].points"),
            )
        )
    return BandTable(name=path, unit=unit, higher_is_better=higher_is_better, bands=tuple(bands))


def _parse_amount_bands(data: object, path: str) -> tuple[tuple[int, Money], ...]:
    if not isinstance(data, (list, tuple)) or not 1 <= len(data) <= bands_max:
        raise InvalidInput(f"{path}: expected a list of 1 to {bands_max} bands")
    bands = []
    for index, item in enumerate(data):
        band = require_fields(item, ("from_score", "amount_max_cents"), f"{path}[{index}]")
        score = require_int(band["from_score"], f"{path}[{index}].from_score", minimum=0, maximum=score_max)
        bands.append((score, Money(_cents(band["amount_max_cents"], f"{path}[{index}].amount_max_cents"))))
    return tuple(bands)


def _parse_tier_caps(data: object, path: str) -> tuple[tuple[KycTier, Money | None], ...]:
    fields = require_fields(data, tuple(str(int(tier)) for tier in KycTier), path)
    caps: list[tuple[KycTier, Money | None]] = []
    for key in sorted(fields):
        value = fields[key]
        caps.append((KycTier(int(key)), None if value == no_cap else Money(_cents(value, f"{path}.{key}"))))
    return tuple(caps)


def _parse_tier_points(data: object, path: str) -> tuple[tuple[KycTier, int], ...]:
    fields = require_fields(data, tuple(str(int(tier)) for tier in KycTier), path)
    return tuple((KycTier(int(key)), _points(fields[key], f"{path}.{key}")) for key in sorted(fields))


def _parse_bureau(data: object, path: str) -> BureauFactor:
    fields = require_fields(data, ("weight_percent", "statuses"), path)
    statuses = require_fields(
        fields["statuses"], tuple(status.value for status in BureauStatus), f"{path}.statuses"
    )
    rules = []
    for status in BureauStatus:
        rule = require_fields(statuses[status.value], ("points", "action"), f"{path}.statuses.{status.value}")
        rules.append(
            BureauRule(
                status=status,
                points=_points(rule["points"], f"{path}.statuses.{status.value}.points"),
                action=_action(rule["action"], f"{path}.statuses.{status.value}.action"),
            )
        )
    return BureauFactor(weight_percent=_weight(fields["weight_percent"], path), rules=tuple(rules))


def _parse_sectors(data: object, path: str) -> tuple[Sector, ...]:
    if not isinstance(data, Mapping) or not 1 <= len(data) <= sectors_max:
        raise InvalidInput(f"{path}: expected an object of 1 to {sectors_max} sectors")
    sectors = []
    for code in sorted(data):
        if not isinstance(code, str) or not _SECTOR_CODE.fullmatch(code):
            raise InvalidInput(f"{path}: {str(code)[:40]!r} is not a sector code (lower-case letters and _)")
        fields = require_fields(data[code], ("label", "risk_grade"), f"{path}.{code}")
        sectors.append(
            Sector(
                code=code,
                label=require_text(fields["label"], f"{path}.{code}.label", length_max=label_length_max),
                risk_grade=require_text(fields["risk_grade"], f"{path}.{code}.risk_grade", length_max=1),
            )
        )
    return tuple(sectors)


def _share(value: object, path: str) -> Decimal:
    if not isinstance(value, str) or len(value) > _RATE_TEXT_LENGTH_MAX:
        raise InvalidInput(f'{path}: expected a decimal written as text, e.g. "0.20"', field=path)
    try:
        share = Decimal(value)
    except InvalidOperation:
        raise InvalidInput(f"{path}: {value!r} is not a decimal number", field=path) from None
    if not share.is_finite() or not 0 < share <= 1:
        raise InvalidInput(f"{path}: {value} must be above 0 and at most 1", field=path)
    return share


def _outcome(value: object, path: str) -> CreditOutcome:
    if value not in (CreditOutcome.REFER.value, CreditOutcome.DECLINE.value):
        raise InvalidInput(f"{path}: expected refer or decline, found {value!r}", field=path)
    return CreditOutcome(value)


def _action(value: object, path: str) -> CreditOutcome | None:
    """'none' (the points alone decide), 'refer' or 'decline'."""
    if value == "none":
        return None
    if value not in (CreditOutcome.REFER.value, CreditOutcome.DECLINE.value):
        raise InvalidInput(f"{path}: expected none, refer or decline, found {value!r}", field=path)
    return CreditOutcome(value)


def _weight(value: object, path: str) -> int:
    return require_int(value, f"{path}.weight_percent", minimum=0, maximum=weight_percent_total)


def _points(value: object, path: str) -> int:
    return require_int(value, path, minimum=0, maximum=points_max)


def _cents(value: object, path: str) -> int:
    return require_int(value, path, minimum=0, maximum=amount_cents_max)


# --- checks shared by the records ----------------------------------------------------------


def _require_points(value: object, name: str) -> None:
    if type(value) is not int or not 0 <= value <= points_max:
        raise InvalidInput(f"{name}: {value!r} is outside 0..{points_max}")


def _require_weights(weights: tuple[tuple[str, int], ...], segment: str) -> None:
    for code, weight in weights:
        if type(weight) is not int or not 0 <= weight <= weight_percent_total:
            raise InvalidInput(f"{segment}.factors.{code}.weight_percent: {weight!r} is outside 0..100")
    total = sum(weight for _, weight in weights)
    if total != weight_percent_total:
        raise InvalidInput(f"{segment}.factors: the weights add up to {total}%, not {weight_percent_total}%")


def _require_refer_or_decline(value: object, name: str) -> None:
    if value not in (CreditOutcome.REFER, CreditOutcome.DECLINE):
        raise InvalidInput(f"{name}: must be refer or decline")


def _require_every_tier(rows: tuple[tuple[KycTier, Any], ...], name: str) -> None:
    if sorted(tier for tier, _ in rows) != sorted(KycTier):
        raise InvalidInput(f"{name}: needs exactly one entry for each KYC tier, 1, 2 and 3")


def _listed(values: type[StrEnum]) -> str:
    return ", ".join(value.value for value in values)
