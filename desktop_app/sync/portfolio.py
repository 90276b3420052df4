"""Head office's risk picture (GET /v1/portfolio), read into values for the risk dashboard and its
PDF and CSV: the loan book as of a date (outstanding, NPL and PAR30 with their ratios, by CBK
classification and by product), its history month by month, the registered SMEs with their
facilities, and the insurance policies sold by type.

Ratios are Decimals as shared_core.loan_portfolio makes them ('0.0523' is 5.23%); amounts are
Money. Classifications and insurance products are the closed lists of shared_core: an answer
naming another is refused, field named, like any malformed answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

from desktop_app.sync.wire_reading import WireObject, read_answer
from shared_core.insurance import Product
from shared_core.loan_terms import LoanClassification
from shared_core.money import Money

history_months_max = 36  # month-ends of history head office gives at most (three years)
smes_max = 10_000  # an answer listing more is not the server's


@dataclass(frozen=True, slots=True)
class ClassificationLine:
    classification: LoanClassification
    loans: int
    outstanding: Money


@dataclass(frozen=True, slots=True)
class ProductLine:
    product: str  # the loan product's code, e.g. 'biashara_30'
    name: str
    active_loans: int
    outstanding: Money
    npl_ratio: Decimal
    par30_ratio: Decimal


@dataclass(frozen=True, slots=True)
class LoanBookSummary:
    active_loans: int
    closed_loans: int
    outstanding: Money
    npl: Money  # outstanding of substandard, doubtful and loss loans
    npl_ratio: Decimal
    par30: Money  # outstanding of loans more than 30 days past due
    par30_ratio: Decimal
    by_classification: tuple[ClassificationLine, ...]
    by_product: tuple[ProductLine, ...]


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    as_of: date
    outstanding: Money
    npl_ratio: Decimal
    par30_ratio: Decimal


@dataclass(frozen=True, slots=True)
class Facility:
    reference: str | None  # None until the disbursement is booked with its receipt reference
    product: str
    principal: Money
    outstanding: Money
    status: str  # active, closed... (text: a newer server may know more)
    classification: LoanClassification | None  # None for a facility not (or no longer) classed
    days_past_due: int


@dataclass(frozen=True, slots=True)
class Sme:
    cif: str
    name: str
    sector: str | None
    annual_turnover: Money | None
    facilities: tuple[Facility, ...]

    @property
    def outstanding(self) -> Money:
        return sum((facility.outstanding for facility in self.facilities), Money(0))


@dataclass(frozen=True, slots=True)
class PolicyLine:
    product: Product
    sold: int
    in_force: int
    lapsed: int
    premiums: Money


@dataclass(frozen=True, slots=True)
class Portfolio:
    as_of: date
    loan_book: LoanBookSummary
    history: tuple[HistoryPoint, ...]  # oldest first
    smes: tuple[Sme, ...]
    policies: tuple[PolicyLine, ...]


def percent_text(ratio: Decimal) -> str:
    """'0.0523' -> '5.23%': how every screen and report writes a ratio."""
    return f"{(ratio * 100).quantize(Decimal('0.01'))}%"


def parse_portfolio(data: Any) -> Portfolio:
    """The answer of GET /v1/portfolio; MalformedAnswer naming the first wrong field."""
    return read_answer("the portfolio answer", data, _portfolio)


def _portfolio(answer: WireObject) -> Portfolio:
    history = tuple(
        HistoryPoint(
            as_of=point.day("as_of"),
            outstanding=point.money("outstanding_cents"),
            npl_ratio=point.ratio("npl_ratio"),
            par30_ratio=point.ratio("par30_ratio"),
        )
        for point in answer.objects("history", items_max=history_months_max + 1)  # and the day itself
    )
    if any(earlier.as_of >= later.as_of for earlier, later in pairwise(history)):
        raise answer.wrong("history", "not in date order, oldest first")
    return Portfolio(
        as_of=answer.day("as_of"),
        loan_book=_loan_book(answer.object("loan_book")),
        history=history,
        smes=tuple(map(_sme, answer.objects("smes", items_max=smes_max))),
        policies=tuple(
            PolicyLine(
                product=line.choice("product", Product),
                sold=line.whole("sold"),
                in_force=line.whole("in_force"),
                lapsed=line.whole("lapsed"),
                premiums=line.money("premiums_cents"),
            )
            for line in answer.objects("policies")
        ),
    )


def _loan_book(book: WireObject) -> LoanBookSummary:
    summary = LoanBookSummary(
        active_loans=book.whole("active_loans"),
        closed_loans=book.whole("closed_loans"),
        outstanding=book.money("outstanding_cents"),
        npl=book.money("npl_cents"),
        npl_ratio=book.ratio("npl_ratio"),
        par30=book.money("par30_cents"),
        par30_ratio=book.ratio("par30_ratio"),
        by_classification=tuple(
            ClassificationLine(
                classification=line.choice("classification", LoanClassification),
                loans=line.whole("loans"),
                outstanding=line.money("outstanding_cents"),
            )
            for line in book.objects("by_classification")
        ),
        by_product=tuple(
            ProductLine(
                product=line.text("product"),
                name=line.text("name"),
                active_loans=line.whole("active_loans"),
                outstanding=line.money("outstanding_cents"),
                npl_ratio=line.ratio("npl_ratio"),
                par30_ratio=line.ratio("par30_ratio"),
            )
            for line in book.objects("by_product")
        ),
    )
    for name, part in (("npl_cents", summary.npl), ("par30_cents", summary.par30)):
        if part > summary.outstanding:
            raise book.wrong(name, f"{part} is more than the whole book's {summary.outstanding}")
    return summary


def _sme(item: WireObject) -> Sme:
    return Sme(
        cif=item.text("cif"),
        name=item.text("name"),
        sector=item.optional_text("sector"),
        annual_turnover=item.optional_money("annual_turnover_cents"),
        facilities=tuple(
            Facility(
                reference=facility.optional_text("reference"),
                product=facility.text("product"),
                principal=facility.money("principal_cents"),
                outstanding=facility.money("outstanding_cents"),
                status=facility.text("status"),
                classification=facility.optional_choice("classification", LoanClassification),
                days_past_due=facility.whole("days_past_due"),
            )
            for facility in item.objects("facilities")
        ),
    )
