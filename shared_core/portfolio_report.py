"""Head office's risk picture (GET /v1/portfolio), as the server writes it and the desktop reads it for
the risk dashboard and its PDF and CSV; the server's own PDF and CSV are written from it too
(api/openapi.py describes it):

    portfolio        {"as_of", "loan_book", "history": [point...], "smes": [sme...], "policies": [policy...]}
    loan_book        {"active_loans", "closed_loans", "outstanding_cents", "npl_cents", "npl_ratio",
                      "par30_cents", "par30_ratio", "by_classification": [{"classification", "loans",
                      "outstanding_cents"}...], "by_product": [product...]}
    product          {"product", "name", "active_loans", "outstanding_cents", "npl_ratio", "par30_ratio"}
    point            {"as_of", "outstanding_cents", "npl_ratio", "par30_ratio"}
    sme              {"cif", "name", "sector", "annual_turnover_cents", "facilities": [facility...]}
    facility         {"reference", "product", "principal_cents", "outstanding_cents", "status",
                      "classification", "days_past_due"}
    policy           {"product", "sold", "in_force", "lapsed", "premiums_cents"}

Ratios are Decimals as shared_core.loan_portfolio makes them, sent as text of four places ('0.0523'
is 5.23%); amounts are Money. Classifications and insurance products are the closed lists of
shared_core: an answer naming another is refused, field named (shared_core.wire_object), like any
malformed answer. A loan product or a facility's status is text: a newer server may know more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

from shared_core.errors import ensure
from shared_core.insurance import Product
from shared_core.loan_portfolio import BookSummary, ClassificationLine, LoanBook
from shared_core.loan_terms import LoanClassification
from shared_core.money import Money
from shared_core.wire_object import WireObject

history_months_max = 36  # month-ends of history at most (three years): a first call works out a book for each
smes_read_max = 10_000  # an answer listing more is not a server's (one lists 1,000 at most today)


def ratio_text(ratio: Decimal) -> str:
    """A book ratio as the wire and the CSVs write it: four places, never an exponent ('0.0523')."""
    return f"{ratio:.4f}"


def percent_text(ratio: Decimal) -> str:
    """A book ratio as a person reads it, on every screen and report: '0.0523' -> '5.23%'."""
    return f"{ratio * 100:.2f}%"


def _classification_to_wire(line: ClassificationLine) -> dict[str, Any]:
    return {
        "classification": line.classification.value,
        "loans": line.loans,
        "outstanding_cents": line.outstanding.cents,
    }


def _classification_from_wire(item: WireObject) -> ClassificationLine:
    return ClassificationLine(
        classification=item.choice("classification", LoanClassification),
        loans=item.whole("loans"),
        outstanding=item.money("outstanding_cents"),
    )


@dataclass(frozen=True, slots=True)
class ProductLine:
    """One loan product's share of the book (every product of the loan policy, zeros included)."""

    product: str  # the loan product's code, e.g. 'biashara_30'
    name: str
    active_loans: int
    outstanding: Money
    npl_ratio: Decimal
    par30_ratio: Decimal

    def to_wire(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "name": self.name,
            "active_loans": self.active_loans,
            "outstanding_cents": self.outstanding.cents,
            "npl_ratio": ratio_text(self.npl_ratio),
            "par30_ratio": ratio_text(self.par30_ratio),
        }

    @classmethod
    def of_summary(cls, code: str, name: str, summary: BookSummary) -> ProductLine:
        return cls(code, name, summary.loans, summary.outstanding, summary.npl_ratio, summary.par30_ratio)

    @classmethod
    def from_wire(cls, item: WireObject) -> ProductLine:
        return cls(
            product=item.text("product"),
            name=item.text("name"),
            active_loans=item.whole("active_loans"),
            outstanding=item.money("outstanding_cents"),
            npl_ratio=item.ratio("npl_ratio"),
            par30_ratio=item.ratio("par30_ratio"),
        )


@dataclass(frozen=True, slots=True)
class LoanBookSummary:
    """The book on the day: active loans' principal outstanding, NPL and PAR30 with their ratios."""

    active_loans: int
    closed_loans: int
    outstanding: Money
    npl: Money  # outstanding of substandard, doubtful and loss loans
    npl_ratio: Decimal
    par30: Money  # outstanding of loans more than 30 days past due
    par30_ratio: Decimal
    by_classification: tuple[ClassificationLine, ...]  # every class, normal to loss
    by_product: tuple[ProductLine, ...]

    def __post_init__(self) -> None:
        if not all(isinstance(amount, Money) for amount in (self.outstanding, self.npl, self.par30)):
            raise TypeError("LoanBookSummary's amounts are Money")
        if not isinstance(self.by_classification, tuple) or not isinstance(self.by_product, tuple):
            raise TypeError("LoanBookSummary holds tuples of lines")
        ensure(
            self.npl <= self.outstanding and self.par30 <= self.outstanding,
            "a part of the book is not more than it",
        )

    @classmethod
    def from_book(
        cls, book: LoanBook, *, closed_loans: int, products: Sequence[tuple[str, str]]
    ) -> LoanBookSummary:
        """The summary of `book`, with a line for each of `products` ((code, name), in that order)."""
        total = book.total
        return cls(
            active_loans=total.loans,
            closed_loans=closed_loans,
            outstanding=total.outstanding,
            npl=total.non_performing_outstanding,
            npl_ratio=total.npl_ratio,
            par30=total.par30_outstanding,
            par30_ratio=total.par30_ratio,
            by_classification=total.by_classification,
            by_product=tuple(
                ProductLine.of_summary(code, name, book.product(code)) for code, name in products
            ),
        )

    def to_wire(self) -> dict[str, Any]:
        return {
            "active_loans": self.active_loans,
            "closed_loans": self.closed_loans,
            "outstanding_cents": self.outstanding.cents,
            "npl_cents": self.npl.cents,
            "npl_ratio": ratio_text(self.npl_ratio),
            "par30_cents": self.par30.cents,
            "par30_ratio": ratio_text(self.par30_ratio),
            "by_classification": [_classification_to_wire(line) for line in self.by_classification],
            "by_product": [line.to_wire() for line in self.by_product],
        }

    @classmethod
    def from_wire(cls, book: WireObject) -> LoanBookSummary:
        outstanding = book.money("outstanding_cents")
        parts = {name: book.money(name) for name in ("npl_cents", "par30_cents")}
        for name, part in parts.items():
            if part > outstanding:
                raise book.wrong(name, f"{part} is more than the whole book's {outstanding}")
        return cls(
            active_loans=book.whole("active_loans"),
            closed_loans=book.whole("closed_loans"),
            outstanding=outstanding,
            npl=parts["npl_cents"],
            npl_ratio=book.ratio("npl_ratio"),
            par30=parts["par30_cents"],
            par30_ratio=book.ratio("par30_ratio"),
            by_classification=tuple(map(_classification_from_wire, book.objects("by_classification"))),
            by_product=tuple(map(ProductLine.from_wire, book.objects("by_product"))),
        )


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """The book at one month-end (or on the day itself)."""

    as_of: date
    outstanding: Money
    npl_ratio: Decimal
    par30_ratio: Decimal

    def to_wire(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "outstanding_cents": self.outstanding.cents,
            "npl_ratio": ratio_text(self.npl_ratio),
            "par30_ratio": ratio_text(self.par30_ratio),
        }

    @classmethod
    def from_wire(cls, point: WireObject) -> HistoryPoint:
        return cls(
            as_of=point.day("as_of"),
            outstanding=point.money("outstanding_cents"),
            npl_ratio=point.ratio("npl_ratio"),
            par30_ratio=point.ratio("par30_ratio"),
        )


@dataclass(frozen=True, slots=True)
class Facility:
    """One loan an SME applied for (declined ones aside), where it stood on the day."""

    reference: str | None  # the receipt reference of the entry that booked it
    product: str
    principal: Money
    outstanding: Money  # principal still owed on the day; none before disbursement or once closed
    status: str  # awaiting_approval, active, closed (text: a newer server may know more)
    classification: LoanClassification | None  # None for a facility not (or no longer) classed
    days_past_due: int

    def __post_init__(self) -> None:
        if self.classification is not None and not isinstance(self.classification, LoanClassification):
            raise TypeError(f"Facility.classification is a LoanClassification, not {self.classification!r}")

    def to_wire(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "product": self.product,
            "principal_cents": self.principal.cents,
            "outstanding_cents": self.outstanding.cents,
            "status": self.status,
            "classification": None if self.classification is None else self.classification.value,
            "days_past_due": self.days_past_due,
        }

    @classmethod
    def from_wire(cls, facility: WireObject) -> Facility:
        return cls(
            reference=facility.optional_text("reference"),
            product=facility.text("product"),
            principal=facility.money("principal_cents"),
            outstanding=facility.money("outstanding_cents"),
            status=facility.text("status"),
            classification=facility.optional_choice("classification", LoanClassification),
            days_past_due=facility.whole("days_past_due"),
        )


@dataclass(frozen=True, slots=True)
class Sme:
    """A business customer, with its sector, declared turnover and facilities."""

    cif: str
    name: str
    sector: str | None
    annual_turnover: Money | None
    facilities: tuple[Facility, ...]

    @property
    def outstanding(self) -> Money:
        return sum((facility.outstanding for facility in self.facilities), Money(0))

    def to_wire(self) -> dict[str, Any]:
        return {
            "cif": self.cif,
            "name": self.name,
            "sector": self.sector,
            "annual_turnover_cents": None if self.annual_turnover is None else self.annual_turnover.cents,
            "facilities": [facility.to_wire() for facility in self.facilities],
        }

    @classmethod
    def from_wire(cls, item: WireObject) -> Sme:
        return cls(
            cif=item.text("cif"),
            name=item.text("name"),
            sector=item.optional_text("sector"),
            annual_turnover=item.optional_money("annual_turnover_cents"),
            facilities=tuple(map(Facility.from_wire, item.objects("facilities"))),
        )


@dataclass(frozen=True, slots=True)
class PolicyLine:
    """Insurance policies of one product on the day (shared_core.insurance says what each count means)."""

    product: Product
    sold: int
    in_force: int
    lapsed: int
    premiums: Money  # basic premiums paid by the day, without levies

    def __post_init__(self) -> None:
        if not isinstance(self.product, Product):
            raise TypeError(f"PolicyLine.product is a Product, not {self.product!r}")

    def to_wire(self) -> dict[str, Any]:
        return {
            "product": self.product.value,
            "sold": self.sold,
            "in_force": self.in_force,
            "lapsed": self.lapsed,
            "premiums_cents": self.premiums.cents,
        }

    @classmethod
    def from_wire(cls, line: WireObject) -> PolicyLine:
        return cls(
            product=line.choice("product", Product),
            sold=line.whole("sold"),
            in_force=line.whole("in_force"),
            lapsed=line.whole("lapsed"),
            premiums=line.money("premiums_cents"),
        )


@dataclass(frozen=True, slots=True)
class Portfolio:
    """GET /v1/portfolio: the book as of a day, its history, the SMEs and the insurance sold."""

    as_of: date
    loan_book: LoanBookSummary
    history: tuple[HistoryPoint, ...]  # oldest first: the month-ends before as_of, then as_of
    smes: tuple[Sme, ...]
    policies: tuple[PolicyLine, ...]

    def __post_init__(self) -> None:
        for name in ("history", "smes", "policies"):
            if not isinstance(getattr(self, name), tuple):
                raise TypeError(f"Portfolio.{name} is a tuple")
        ensure(
            all(earlier.as_of < later.as_of for earlier, later in pairwise(self.history)),
            "a portfolio's history is in date order, oldest first",
        )

    def to_wire(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "loan_book": self.loan_book.to_wire(),
            "history": [point.to_wire() for point in self.history],
            "smes": [sme.to_wire() for sme in self.smes],
            "policies": [line.to_wire() for line in self.policies],
        }

    @classmethod
    def from_wire(cls, answer: WireObject) -> Portfolio:
        # The month-ends asked for, and the day itself.
        history = tuple(
            map(HistoryPoint.from_wire, answer.objects("history", items_max=history_months_max + 1))
        )
        if any(earlier.as_of >= later.as_of for earlier, later in pairwise(history)):
            raise answer.wrong("history", "not in date order, oldest first")
        return cls(
            as_of=answer.day("as_of"),
            loan_book=LoanBookSummary.from_wire(answer.object("loan_book")),
            history=history,
            smes=tuple(map(Sme.from_wire, answer.objects("smes", items_max=smes_read_max))),
            policies=tuple(map(PolicyLine.from_wire, answer.objects("policies"))),
        )
