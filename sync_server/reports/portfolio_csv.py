"""The portfolio as one CSV for a spreadsheet: a row per fact, its `section` naming what it is
(loan_book, classification, product, history, sme, facility, policy), so a person filters on one
column. Written by shared_core.csv_safety: no cell can run as a formula (a customer's name is text
someone typed), amounts are plain numbers (KES, two decimals), ratios four places ('0.0523'). The
portfolio is shared_core.portfolio_report's, the figures GET /v1/portfolio answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from shared_core.csv_safety import Cell, write_csv
from shared_core.money import Money
from shared_core.portfolio_report import Portfolio, ratio_text

HEADER = (
    "section",
    "as_of",
    "subject",
    "kind",
    "status",
    "count",
    "amount_kes",
    "npl_ratio",
    "par30_ratio",
    "detail",
)


def portfolio_csv(portfolio: Portfolio) -> bytes:
    if not isinstance(portfolio, Portfolio):
        raise TypeError(f"portfolio_csv needs a Portfolio, got {type(portfolio).__name__}")
    return write_csv(_rows(portfolio), HEADER)


def _rows(portfolio: Portfolio) -> Iterator[tuple[Cell, ...]]:
    day = portfolio.as_of

    def row(
        section: str,
        subject: str | None,
        kind: str | None = None,
        status: str | None = None,
        count: int | None = None,
        amount: Money | None = None,
        npl: str | None = None,
        par30: str | None = None,
        detail: str | None = None,
        as_of: date = day,
    ) -> tuple[Cell, ...]:
        return (section, as_of, subject, kind, status, count, amount, npl, par30, detail)

    book = portfolio.loan_book
    yield row(
        "loan_book", "all loans", count=book.active_loans, amount=book.outstanding,
        npl=ratio_text(book.npl_ratio), par30=ratio_text(book.par30_ratio),
        detail=f"active {book.active_loans}; closed {book.closed_loans}; non-performing {book.npl.format()}; "
        f"more than 30 days past due {book.par30.format()}",
    )  # fmt: skip
    for line in book.by_classification:
        yield row("classification", line.classification.value, count=line.loans, amount=line.outstanding)
    for product in book.by_product:
        yield row(
            "product", product.product, kind=product.name, count=product.active_loans, amount=product.outstanding,
            npl=ratio_text(product.npl_ratio), par30=ratio_text(product.par30_ratio),
        )  # fmt: skip
    for point in portfolio.history:
        yield row(
            "history", "all loans", amount=point.outstanding, npl=ratio_text(point.npl_ratio),
            par30=ratio_text(point.par30_ratio), as_of=point.as_of,
        )  # fmt: skip
    for sme in portfolio.smes:
        yield row(
            "sme", sme.name, kind=sme.cif, status=sme.sector, count=len(sme.facilities),
            amount=sme.annual_turnover, detail="amount: declared annual turnover; count: facilities",
        )  # fmt: skip
        for facility in sme.facilities:
            classification = facility.classification.value if facility.classification else None
            yield row(
                "facility", facility.reference, kind=facility.product, status=facility.status,
                count=facility.days_past_due, amount=facility.outstanding,
                detail=f"{sme.cif} {sme.name}; principal {facility.principal.format()}; "
                f"classification {classification or '-'}; count: days past due",
            )  # fmt: skip
    for line in portfolio.policies:
        yield row(
            "policy", line.product.value, kind=line.product.title, count=line.sold, amount=line.premiums,
            detail=f"sold {line.sold}; in force {line.in_force}; lapsed {line.lapsed}; amount: basic premiums paid",
        )  # fmt: skip
