"""Head office's view of the loan book: what is lent out, how it is classed, NPL ratio and PAR30.

Built from loan positions (shared_core.loan_position) as of one date. "Outstanding" is principal
outstanding. Only active loans count; closed ones owe nothing and are only counted as closed.
- NPL ratio = outstanding of non-performing loans (substandard, doubtful, loss) / total outstanding.
- PAR30 (portfolio at risk) = outstanding of loans more than 30 days past due / total outstanding.
Ratios are Decimals with 4 places, rounded half up: 0.0523 is 5.23% (523 basis points). An empty
book has ratios of 0, not a division by zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from shared_core.errors import InvalidInput, ensure
from shared_core.loan_position import LoanPosition
from shared_core.loan_terms import LoanClassification
from shared_core.money import Money

par_days_past_due = 30  # PAR30: the industry's measure counts loans MORE than 30 days past due
ratio_places = Decimal("0.0001")  # four places: one basis point

_ZERO = Money(0)


@dataclass(frozen=True, slots=True)
class ClassificationLine:
    classification: LoanClassification
    loans: int
    outstanding: Money


@dataclass(frozen=True, slots=True)
class BookSummary:
    """One slice of the book (all of it, or one product)."""

    loans: int  # active loans
    closed_loans: int
    outstanding: Money
    by_classification: tuple[ClassificationLine, ...]  # every class, normal to loss, zeros included
    non_performing_loans: int
    non_performing_outstanding: Money
    npl_ratio: Decimal
    par30_loans: int
    par30_outstanding: Money
    par30_ratio: Decimal

    def line(self, classification: LoanClassification) -> ClassificationLine:
        return next(line for line in self.by_classification if line.classification == classification)


@dataclass(frozen=True, slots=True)
class LoanBook:
    as_of: date | None  # None for an empty book
    total: BookSummary
    by_product: tuple[tuple[str, BookSummary], ...]  # sorted by product code

    def product(self, code: str) -> BookSummary:
        for known, summary in self.by_product:
            if known == code:
                return summary
        return summarize(())


def loan_book(positions: Iterable[LoanPosition]) -> LoanBook:
    """The loan book from positions all taken as of the same date."""
    positions = tuple(positions)
    if not all(isinstance(position, LoanPosition) for position in positions):
        raise TypeError("loan_book needs LoanPositions")
    dates = {position.as_of for position in positions}
    if len(dates) > 1:
        raise InvalidInput(
            "a loan book adds up positions of one date; these are as of "
            + ", ".join(sorted(day.isoformat() for day in dates))
        )
    codes = sorted({position.product_code for position in positions})
    by_product = tuple(
        (code, summarize(position for position in positions if position.product_code == code)) for code in codes
    )
    total = summarize(positions)
    ensure(
        _sum(summary.outstanding for _, summary in by_product) == total.outstanding,
        "the products' outstanding adds up to the book",
    )
    return LoanBook(as_of=dates.pop() if dates else None, total=total, by_product=by_product)


def summarize(positions: Iterable[LoanPosition]) -> BookSummary:
    positions = tuple(positions)
    active = [position for position in positions if not position.is_closed]
    outstanding = _sum(position.principal_outstanding for position in active)
    lines = tuple(
        ClassificationLine(
            classification,
            sum(1 for position in active if position.classification is classification),
            _sum(position.principal_outstanding for position in active if position.classification is classification),
        )
        for classification in LoanClassification
    )
    non_performing = [position for position in active if position.is_non_performing]
    at_risk = [position for position in active if position.days_past_due > par_days_past_due]
    non_performing_outstanding = _sum(position.principal_outstanding for position in non_performing)
    par30_outstanding = _sum(position.principal_outstanding for position in at_risk)
    return BookSummary(
        loans=len(active),
        closed_loans=len(positions) - len(active),
        outstanding=outstanding,
        by_classification=lines,
        non_performing_loans=len(non_performing),
        non_performing_outstanding=non_performing_outstanding,
        npl_ratio=ratio(non_performing_outstanding, outstanding),
        par30_loans=len(at_risk),
        par30_outstanding=par30_outstanding,
        par30_ratio=ratio(par30_outstanding, outstanding),
    )


def ratio(part: Money, whole: Money) -> Decimal:
    """part / whole to four places, half up; 0 when the whole is zero (an empty book has no risk)."""
    if not whole:
        return Decimal(0).quantize(ratio_places)
    ensure(not part.is_negative and not whole.is_negative, "book ratios are of amounts owed")
    # Integers are exact: basis points = part x 10,000 / whole, rounded half up, with no float and
    # no decimal context that could round before the explicit rounding.
    basis_points = (2 * part.cents * 10_000 + whole.cents) // (2 * whole.cents)
    return (Decimal(basis_points) / 10_000).quantize(ratio_places, rounding=ROUND_HALF_UP)


def _sum(amounts: Iterable[Money]) -> Money:
    return sum(amounts, _ZERO)
