"""The portfolio as one CSV for a spreadsheet, the same from the head office screen's export and
from `wekeza-server portfolio`: a row per fact, its `section` naming what it is (loan_book,
history, classification, product, policy, sme, facility), so a person filters on one column.
Written by shared_core.csv_safety: no cell can run as a formula (a customer's name is text someone
typed), amounts are plain numbers a spreadsheet adds up (KES, two decimals), ratios as the wire
writes them ('0.0523'). The portfolio is shared_core.portfolio_report's.
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
    "name",
    "kind",
    "status",
    "classification",
    "count",
    "in_force",
    "lapsed",
    "amount_kes",
    "principal_kes",
    "npl_ratio",
    "par30_ratio",
    "days_past_due",
    "detail",
)


def portfolio_csv(portfolio: Portfolio) -> bytes:
    if not isinstance(portfolio, Portfolio):
        raise TypeError(f"portfolio_csv needs a Portfolio, got {type(portfolio).__name__}")
    return write_csv(_csv_rows(portfolio), HEADER)


def _csv_rows(portfolio: Portfolio) -> Iterator[tuple[Cell, ...]]:
    as_of = portfolio.as_of
    book = portfolio.loan_book

    def row(
        section: str,
        day: date = as_of,
        *,
        subject: str | None = None,
        name: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        classification: str | None = None,
        count: int | None = None,
        in_force: int | None = None,
        lapsed: int | None = None,
        amount: Money | None = None,
        principal: Money | None = None,
        npl_ratio: str | None = None,
        par30_ratio: str | None = None,
        days_past_due: int | None = None,
        detail: str | None = None,
    ) -> tuple[Cell, ...]:
        return (
            section,
            day,
            subject,
            name,
            kind,
            status,
            classification,
            count,
            in_force,
            lapsed,
            amount,
            principal,
            npl_ratio,
            par30_ratio,
            days_past_due,
            detail,
        )

    yield row(
        "loan_book",
        subject="outstanding",
        name="Loan book",
        count=book.active_loans,
        amount=book.outstanding,
        npl_ratio=ratio_text(book.npl_ratio),
        par30_ratio=ratio_text(book.par30_ratio),
        detail=f"{book.closed_loans} closed loans",
    )
    yield row(
        "loan_book",
        subject="npl",
        name="Non-performing (substandard, doubtful, loss)",
        amount=book.npl,
        npl_ratio=ratio_text(book.npl_ratio),
    )
    yield row(
        "loan_book",
        subject="par30",
        name="More than 30 days past due",
        amount=book.par30,
        par30_ratio=ratio_text(book.par30_ratio),
    )
    for point in portfolio.history:
        yield row(
            "history",
            point.as_of,
            amount=point.outstanding,
            npl_ratio=ratio_text(point.npl_ratio),
            par30_ratio=ratio_text(point.par30_ratio),
        )
    for line in book.by_classification:
        yield row(
            "classification",
            subject=line.classification.value,
            name=line.classification.value.capitalize(),
            classification=line.classification.value,
            count=line.loans,
            amount=line.outstanding,
        )
    for product in book.by_product:
        yield row(
            "product",
            subject=product.product,
            name=product.name,
            count=product.active_loans,
            amount=product.outstanding,
            npl_ratio=ratio_text(product.npl_ratio),
            par30_ratio=ratio_text(product.par30_ratio),
        )
    for policy in portfolio.policies:
        yield row(
            "policy",
            subject=policy.product.value,
            name=policy.product.title,
            count=policy.sold,
            in_force=policy.in_force,
            lapsed=policy.lapsed,
            amount=policy.premiums,
            detail="premiums",
        )
    for sme in portfolio.smes:
        yield row(
            "sme",
            subject=sme.cif,
            name=sme.name,
            kind=sme.sector,
            count=len(sme.facilities),
            amount=sme.annual_turnover,
            detail="annual turnover",
        )
        for facility in sme.facilities:
            yield row(
                "facility",
                subject=sme.cif,
                name=sme.name,
                kind=facility.product,
                status=facility.status,
                classification=facility.classification.value if facility.classification else None,
                amount=facility.outstanding,
                principal=facility.principal,
                days_past_due=facility.days_past_due,
                detail=facility.reference,
            )
