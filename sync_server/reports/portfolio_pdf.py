"""The portfolio as an A4 PDF for head office: the loan book and its ratios, loans by classification
and by product, the history at month-ends, SMEs and their facilities, insurance policies by type.
Plain tables, DejaVu Sans, numbered pages; the same portfolio gives the same bytes. The portfolio is
shared_core.portfolio_report's, the figures GET /v1/portfolio answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from shared_core.loan_portfolio import ratio
from shared_core.money import Money
from shared_core.portfolio_report import Portfolio, percent_text
from sync_server.reports.a4 import build_a4, content_width, escape_markup, paragraph_style, table_style
from sync_server.reports.fonts import register_fonts

_TITLE = paragraph_style("title", size=14, bold=True)
_HEADING = paragraph_style("heading", size=11, bold=True)
_HEADING.keepWithNext = 1  # a heading never sits alone at the foot of a page
_HEADING.spaceAfter = 1.5 * mm
_TEXT = paragraph_style("text", size=8.5)
_CELL = paragraph_style("cell", size=7.5)
_NONE = "-"


def render_portfolio(portfolio: Portfolio, *, bank_name: str, generated_at: str) -> bytes:
    """`generated_at`: when the server read it (a wire timestamp), for the page header."""
    if not isinstance(portfolio, Portfolio):
        raise TypeError(f"render_portfolio needs a Portfolio, got {type(portfolio).__name__}")
    register_fonts()  # before the first Paragraph, which looks its font's family up
    day = portfolio.as_of.isoformat()
    book = portfolio.loan_book
    story: list[Flowable] = [
        Paragraph(escape_markup(f"Portfolio as of {day}"), _TITLE),
        Spacer(1, 2 * mm),
        Paragraph(escape_markup(summary_line(portfolio)), _TEXT),
        Spacer(1, 4 * mm),
    ]
    story += _section("Loan book", _book_table(portfolio))
    classes: list[list[object]] = [
        [line.classification.value.capitalize(), f"{line.loans:,}", _kes(line.outstanding),
         ratio_percent_of(line.outstanding, book.outstanding)]
        for line in book.by_classification
    ]  # fmt: skip
    story += _section(
        "Loans by classification (days past due)",
        _table(("Classification", "Loans", "Outstanding", "Share"), classes, (60, 30, 50, 40), amounts=(1, 2, 3)),
    )
    products: list[list[object]] = [
        [Paragraph(escape_markup(f"{line.name} ({line.product})"), _CELL), f"{line.active_loans:,}",
         _kes(line.outstanding), percent_text(line.npl_ratio), percent_text(line.par30_ratio)]
        for line in book.by_product
    ]  # fmt: skip
    story += _section(
        "Loans by product",
        _table(("Product", "Active", "Outstanding", "NPL", "PAR30"), products, (60, 20, 50, 25, 25),
               amounts=(1, 2, 3, 4)),
    )  # fmt: skip
    history: list[list[object]] = [
        [point.as_of.isoformat(), _kes(point.outstanding), percent_text(point.npl_ratio),
         percent_text(point.par30_ratio)]
        for point in portfolio.history
    ]  # fmt: skip
    story += _section(
        "History (month-ends, then the day)",
        _table(("As of", "Outstanding", "NPL", "PAR30"), history, (45, 55, 40, 40), amounts=(1, 2, 3)),
    )
    story += _section(f"SMEs and their facilities ({len(portfolio.smes)})", _smes_table(portfolio))
    policies: list[list[object]] = [
        [line.product.title, f"{line.sold:,}", f"{line.in_force:,}", f"{line.lapsed:,}", _kes(line.premiums)]
        for line in portfolio.policies
    ]
    story += _section(
        "Insurance policies by type",
        _table(("Product", "Sold", "In force", "Lapsed", "Premiums paid"), policies, (60, 25, 25, 25, 45),
               amounts=(1, 2, 3, 4)),
    )  # fmt: skip
    return build_a4(
        story,
        title=f"Portfolio {day}",
        author=bank_name,
        header_left=(bank_name, f"Portfolio \u2013 {day}"),
        header_right=("Head office", f"Generated {generated_at[:10]} {generated_at[11:16]} UTC"),
        footer_text="Amounts in KES; outstanding is principal. NPL: substandard or worse. PAR30: over 30 days late.",
    )


def summary_line(portfolio: Portfolio) -> str:
    """One line, as the command prints it."""
    book = portfolio.loan_book
    return (
        f"{book.active_loans:,} active loans, {book.outstanding.format()} outstanding; NPL "
        f"{percent_text(book.npl_ratio)}, PAR30 {percent_text(book.par30_ratio)}; "
        f"{book.closed_loans:,} closed"
    )


def ratio_percent_of(part: Money, whole: Money) -> str:
    return percent_text(ratio(part, whole))


def _book_table(portfolio: Portfolio) -> Table:
    book = portfolio.loan_book
    rows: list[list[object]] = [
        ["Active loans", f"{book.active_loans:,}", _NONE],
        ["Closed loans", f"{book.closed_loans:,}", _NONE],
        ["Outstanding (principal)", _kes(book.outstanding), _NONE],
        ["Non-performing (NPL)", _kes(book.npl), percent_text(book.npl_ratio)],
        ["More than 30 days past due (PAR30)", _kes(book.par30), percent_text(book.par30_ratio)],
    ]
    return _table(("", "Amount", "Ratio"), rows, (90, 50, 40), amounts=(1, 2))


def _smes_table(portfolio: Portfolio) -> Table | None:
    rows: list[list[object]] = []
    for sme in portfolio.smes:
        turnover = _kes(sme.annual_turnover) if sme.annual_turnover is not None else _NONE
        header = f"{sme.name} ({sme.cif}), {sme.sector or 'sector not recorded'}"
        rows.append([Paragraph(escape_markup(header), _CELL), _NONE, turnover, _NONE, _NONE, _NONE])
        for facility in sme.facilities:
            rows.append([
                Paragraph(escape_markup(f"   {facility.reference or 'not yet booked'} {facility.product}"), _CELL),
                facility.status.replace("_", " "), _kes(facility.principal), _kes(facility.outstanding),
                facility.classification.value if facility.classification else _NONE, str(facility.days_past_due),
            ])  # fmt: skip
    if not rows:
        return None
    header = ("SME / facility", "Status", "Turnover / lent", "Outstanding", "Class", "Days late")
    return _table(header, rows, (62, 24, 30, 28, 20, 16), amounts=(2, 3, 5))


def _section(title: str, body: Flowable | None) -> list[Flowable]:
    content = body if body is not None else Paragraph("None.", _TEXT)
    return [Paragraph(escape_markup(title), _HEADING), content, Spacer(1, 5 * mm)]


def _table(
    header: Sequence[str], rows: list[list[object]], widths_mm: Sequence[float], amounts: Sequence[int] = ()
) -> Table:
    assert abs(sum(widths_mm) * mm - content_width) < 1, "a table spans the page's content"
    table = Table([list(header), *rows], colWidths=[width * mm for width in widths_mm], repeatRows=1)
    table.setStyle(TableStyle(table_style(amount_columns=amounts)))
    return table


def _kes(money: Money | None) -> str:
    return _NONE if money is None else money.format(currency=False)
