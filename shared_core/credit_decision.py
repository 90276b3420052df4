"""A credit decision as recorded and printed: the scorecard's lines, the reasons, and the outcome.

shared_core.credit_scoring builds these; they check themselves on construction, so a decision read
back (or built by hand) holds the same promises: the weights add up to 100%, the score is the sum of
the weighted points, and the outcome is the worst its reasons call for.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shared_core.canonical import require_fields, require_text
from shared_core.credit_policy import CreditOutcome, points_max, score_max, weight_percent_total
from shared_core.errors import InvalidInput
from shared_core.money import Money

__all__ = [
    "CreditDecision",
    "FactorScore",
    "Reason",
    "Segment",
    "decision_from_wire",
    "decision_to_wire",
    "weighted",
    "worst_outcome",
]

text_length_max = 400


class Segment(StrEnum):
    RETAIL = "retail"
    SME = "sme"


@dataclass(frozen=True, slots=True)
class FactorScore:
    """One line of the scorecard, as a credit officer reads it."""

    code: str  # stable: 'average_balance', 'bureau_status', ...
    label: str
    value_text: str  # the figure as a person reads it
    points: int  # 0-1000
    weight_percent: int
    weighted_points: int  # points x weight / 100, rounded down
    explanation: str  # one line: why these points

    def __post_init__(self) -> None:
        for name in ("code", "label", "value_text", "explanation"):
            require_text(getattr(self, name), f"FactorScore.{name}", length_max=text_length_max)
        if type(self.points) is not int or not 0 <= self.points <= points_max:
            raise InvalidInput(f"FactorScore.points: {self.points!r} is outside 0..{points_max}")
        if type(self.weight_percent) is not int or not 0 <= self.weight_percent <= weight_percent_total:
            raise InvalidInput(f"FactorScore.weight_percent: {self.weight_percent!r} is outside 0..100")
        if self.weighted_points != weighted(self.points, self.weight_percent):
            raise InvalidInput(
                f"FactorScore.weighted_points: {self.weighted_points!r} is not points x weight"
            )


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an application is referred or declined; `code` is stable, `message` names the figures."""

    code: str
    outcome: CreditOutcome  # REFER or DECLINE
    message: str

    def __post_init__(self) -> None:
        require_text(self.code, "Reason.code", length_max=60)
        require_text(self.message, "Reason.message", length_max=text_length_max)
        if self.outcome not in (CreditOutcome.REFER, CreditOutcome.DECLINE):
            raise InvalidInput("Reason.outcome: a reason refers or declines")


@dataclass(frozen=True, slots=True)
class CreditDecision:
    """The decision with everything that made it. The score is the sum of the weighted points."""

    segment: Segment
    product_code: str
    outcome: CreditOutcome
    score: int
    requested: Money
    max_amount: Money  # the most the policy lends this applicant on this product
    max_amount_basis: str  # what limits it, e.g. 'score band KES 25,000.00; KYC tier 2 cap ...'
    capacity: Money | None  # SME only: the share of turnover less existing facilities
    factors: tuple[FactorScore, ...]
    reasons: tuple[Reason, ...]  # declines first, then referrals; empty when approved
    policy_version: int

    def __post_init__(self) -> None:
        if not isinstance(self.factors, tuple) or not all(isinstance(f, FactorScore) for f in self.factors):
            raise TypeError("CreditDecision.factors is a tuple of FactorScore")
        if not isinstance(self.reasons, tuple) or not all(isinstance(r, Reason) for r in self.reasons):
            raise TypeError("CreditDecision.reasons is a tuple of Reason")
        if sum(factor.weight_percent for factor in self.factors) != weight_percent_total:
            raise InvalidInput("CreditDecision: the factors' weights must add up to 100%")
        if self.score != sum(factor.weighted_points for factor in self.factors):
            raise InvalidInput("CreditDecision: the score must be the sum of the weighted points")
        if self.outcome is not worst_outcome(self.reasons):
            raise InvalidInput("CreditDecision: the outcome must be the worst its reasons call for")

    @property
    def explanation(self) -> str:
        """The decision in one paragraph, as the teller's screen and the summary print it."""
        if self.outcome is CreditOutcome.APPROVE:
            return (
                f"Approved automatically: score {self.score} of {score_max}; "
                f"{self.requested.format()} is within the maximum {self.max_amount.format()} "
                "and the automatic approval limit."
            )
        lead = "Declined" if self.outcome is CreditOutcome.DECLINE else "Referred to a credit officer"
        return (
            f"{lead} (score {self.score} of {score_max}): " + "; ".join(r.message for r in self.reasons) + "."
        )


def weighted(points: int, weight_percent: int) -> int:
    """A factor's share of the score: points x weight / 100, rounded down to a whole point.

    Rounded down, never up, so a score is never higher than its factors earned; and the score is
    the sum of these, so the printed column adds up to the printed score.
    """
    return points * weight_percent // weight_percent_total


def worst_outcome(reasons: tuple[Reason, ...] | list[Reason]) -> CreditOutcome:
    """The most severe outcome the reasons call for; APPROVE when there are none."""
    return max(
        (reason.outcome for reason in reasons), key=lambda o: o.severity, default=CreditOutcome.APPROVE
    )


# --- on the wire and in head office's records ------------------------------------------------------

FACTOR_FIELDS = ("code", "label", "value_text", "points", "weight_percent", "weighted_points", "explanation")
REASON_FIELDS = ("code", "outcome", "message")
DECISION_FIELDS = (
    "segment",
    "product_code",
    "outcome",
    "score",
    "requested_cents",
    "max_amount_cents",
    "max_amount_basis",
    "capacity_cents",
    "factors",
    "reasons",
    "policy_version",
)


def decision_to_wire(decision: CreditDecision) -> dict[str, Any]:
    """The decision as plain JSON values (amounts in cents), as head office keeps and sends it."""
    return {
        "segment": decision.segment.value,
        "product_code": decision.product_code,
        "outcome": decision.outcome.value,
        "score": decision.score,
        "requested_cents": decision.requested.cents,
        "max_amount_cents": decision.max_amount.cents,
        "max_amount_basis": decision.max_amount_basis,
        "capacity_cents": None if decision.capacity is None else decision.capacity.cents,
        "factors": [{name: getattr(factor, name) for name in FACTOR_FIELDS} for factor in decision.factors],
        "reasons": [
            {"code": reason.code, "outcome": reason.outcome.value, "message": reason.message}
            for reason in decision.reasons
        ],
        "policy_version": decision.policy_version,
    }


def decision_from_wire(value: object, path: str = "decision") -> CreditDecision:
    """A decision read back, every field checked and its promises proved again (InvalidInput names
    the field that is wrong)."""
    fields = require_fields(value, DECISION_FIELDS, path)
    try:
        factors = tuple(
            FactorScore(**require_fields(raw, FACTOR_FIELDS, f"{path}.factors[{index}]"))
            for index, raw in enumerate(_list(fields["factors"], f"{path}.factors"))
        )
        reasons = []
        for index, raw in enumerate(_list(fields["reasons"], f"{path}.reasons")):
            reason = require_fields(raw, REASON_FIELDS, f"{path}.reasons[{index}]")
            reasons.append(Reason(reason["code"], CreditOutcome(reason["outcome"]), reason["message"]))
        capacity = fields["capacity_cents"]
        return CreditDecision(
            segment=Segment(fields["segment"]),
            product_code=_text(fields["product_code"], f"{path}.product_code"),
            outcome=CreditOutcome(fields["outcome"]),
            score=_int(fields["score"], f"{path}.score"),
            requested=Money(_int(fields["requested_cents"], f"{path}.requested_cents")),
            max_amount=Money(_int(fields["max_amount_cents"], f"{path}.max_amount_cents")),
            max_amount_basis=_text(fields["max_amount_basis"], f"{path}.max_amount_basis"),
            capacity=None if capacity is None else Money(_int(capacity, f"{path}.capacity_cents")),
            factors=factors,
            reasons=tuple(reasons),
            policy_version=_int(fields["policy_version"], f"{path}.policy_version"),
        )
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"{path}: {error}") from None


def _list(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput(f"{path}: expected a list")
    return value


def _int(value: object, path: str) -> int:
    if type(value) is not int:
        raise InvalidInput(f"{path}: expected a whole number")
    return value


def _text(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{path}: expected text")
    return value
