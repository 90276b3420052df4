"""The risk dashboard on paper: the loan book as of a date (outstanding, NPL and PAR30), its
history, the loans by classification and by product, the insurance policies sold by type, and the
SMEs with their facilities, as an A4 PDF from the Portfolio head office answered. The same figures
for a spreadsheet are shared_core/portfolio_csv.py.

The charts are drawn with reportlab.graphics, not grabbed from the window: they are vectors
(sharp on any printer, a few kilobytes), drawn in a worker thread where Qt may not paint widgets,
and the same whatever the window's size or language. Every chart has its figures in a table
beside or under it, so the page is read as well as looked at.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop_app.receipts.a4 import build_a4, content_width, escape_markup, paragraph_style, table_style
from desktop_app.receipts.fonts import bold_font, register_fonts, regular_font
from shared_core.insurance import Product
from shared_core.loan_terms import LoanClassification
from shared_core.money import Money
from shared_core.portfolio_report import Portfolio, percent_text

text_length_max = 200  # a name or a sector on paper; longer is cut with an ellipsis
facility_rows_max = 5_000  # the PDF lists this many facilities; the CSV has them all

CLASSIFICATION_NAMES = {
    LoanClassification.NORMAL: "Normal",
    LoanClassification.WATCH: "Watch",
    LoanClassification.SUBSTANDARD: "Substandard",
    LoanClassification.DOUBTFUL: "Doubtful",
    LoanClassification.LOSS: "Loss",
}
# Best to worst: green, amber, orange, red, dark red (the dashboard draws the same colours).
CLASSIFICATION_COLOURS = {
    LoanClassification.NORMAL: "#2e7d32",
    LoanClassification.WATCH: "#f9a825",
    LoanClassification.SUBSTANDARD: "#ef6c00",
    LoanClassification.DOUBTFUL: "#c62828",
    LoanClassification.LOSS: "#6d1b1b",
}
PRODUCT_NAMES = {
    Product.PERSONAL_ACCIDENT: "Personal accident",
    Product.WIBA: "WIBA (work injury)",
    Product.ASSET_ALL_RISK: "Asset all risk",
}
BOOK_COLOUR = "#1565c0"
NPL_COLOUR = "#c62828"
PAR30_COLOUR = "#ef6c00"
SOLD_COLOUR, IN_FORCE_COLOUR, LAPSED_COLOUR = "#1565c0", "#2e7d32", "#9e9e9e"

_CHART_WIDTH = 86 * mm
_CHART_HEIGHT = 58 * mm


def month_label(day: date) -> str:
    """A history point on an axis: 'Nov 26'."""
    return day.strftime("%b %y")


def render_risk_report(portfolio: Portfolio, *, bank_name: str, read_at_text: str) -> bytes:
    """The dashboard as an A4 PDF; `read_at_text`: when head office answered, by the reader's clock."""
    if not isinstance(portfolio, Portfolio):
        raise TypeError(f"render_risk_report needs a Portfolio, got {type(portfolio).__name__}")
    register_fonts()  # before the first Paragraph, which looks its font family up
    heading = paragraph_style("risk-heading", size=11, bold=True)
    note = paragraph_style("risk-note", size=8)
    book = portfolio.loan_book
    as_of = portfolio.as_of.isoformat()
    story: list[Flowable] = [
        _headline_table(portfolio),
        Spacer(1, 6 * mm),
        Paragraph("Loan book over time", heading),
        Spacer(1, 2 * mm),
        _side_by_side(_book_history_drawing(portfolio), _ratio_history_drawing(portfolio)),
        Spacer(1, 2 * mm),
        _history_table(portfolio),
        Spacer(1, 6 * mm),
        KeepTogether(
            [
                Paragraph("Loans by classification", heading),
                Spacer(1, 2 * mm),
                _side_by_side(_classification_drawing(portfolio), _classification_table(portfolio)),
            ]
        ),
        Spacer(1, 6 * mm),
        KeepTogether([Paragraph("Loans by product", heading), Spacer(1, 2 * mm), _product_table(portfolio)]),
        Spacer(1, 6 * mm),
        KeepTogether(
            [
                Paragraph("Insurance policies by type", heading),
                Spacer(1, 2 * mm),
                _policy_drawing(portfolio),
                Spacer(1, 2 * mm),
                _policy_table(portfolio),
            ]
        ),
        Spacer(1, 6 * mm),
        Paragraph("Registered SMEs and their facilities", heading),
        Spacer(1, 2 * mm),
        *_sme_section(portfolio, note),
        Spacer(1, 4 * mm),
        Paragraph(
            escape_markup(
                "NPL: outstanding of substandard, doubtful and loss loans, "
                f"{book.npl} of {book.outstanding}. "
                f"PAR30: outstanding of loans more than 30 days past due, {book.par30}. Ratios are of the "
                "outstanding loan book (principal)."
            ),
            note,
        ),
    ]
    return build_a4(
        story,
        title=f"Risk dashboard {as_of}",
        author=bank_name,
        header_left=(bank_name, "Risk dashboard", "Loan book, SMEs and insurance"),
        header_right=(f"As of {as_of}", f"Read from head office {read_at_text}"),
        footer_text=f"{bank_name}, risk dashboard as of {as_of}. Amounts in KES, from head office's books.",
    )


# --- the PDF's parts --------------------------------------------------------------------------------


def _cut(text: str) -> str:
    return text if len(text) <= text_length_max else text[: text_length_max - 1] + "…"


def _headline_table(portfolio: Portfolio) -> Table:
    """The figures a reader looks for first, each with what it is of."""
    book = portfolio.loan_book
    in_force = sum(line.in_force for line in portfolio.policies)
    sold = sum(line.sold for line in portfolio.policies)
    rows = [
        ["Loan book", "Active loans", "NPL ratio", "PAR30", "Policies in force"],
        [
            book.outstanding.format(),
            f"{book.active_loans:,}",
            percent_text(book.npl_ratio),
            percent_text(book.par30_ratio),
            f"{in_force:,}",
        ],
        [
            "outstanding principal",
            f"{book.closed_loans:,} closed",
            book.npl.format(),
            book.par30.format(),
            f"of {sold:,} sold",
        ],
    ]
    commands = table_style()
    commands += [
        ("FONTNAME", (0, 1), (-1, 1), bold_font),
        ("FONTSIZE", (0, 1), (-1, 1), 11),
        ("LEADING", (0, 1), (-1, 1), 14),
        ("LINEBELOW", (0, 1), (-1, 1), 0, colors.white),
        ("FONTSIZE", (0, 2), (-1, 2), 7.5),
    ]
    table = Table(rows, colWidths=(44 * mm, 30 * mm, 36 * mm, 36 * mm, 34 * mm), hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _side_by_side(left: Flowable, right: Flowable) -> Table:
    table = Table([[left, right]], colWidths=(content_width / 2, content_width / 2), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return table


def _scale(amounts: Sequence[Money]) -> tuple[int, str]:
    largest = max((abs(amount.cents) for amount in amounts), default=0)
    if largest >= 100_000_000:
        return 100_000_000, "KES million"
    if largest >= 100_000:
        return 100_000, "KES thousand"
    return 100, "KES"


def _drawing_with_title(title: str) -> Drawing:
    drawing = Drawing(_CHART_WIDTH, _CHART_HEIGHT)
    drawing.add(_text(0, _CHART_HEIGHT - 10, title, bold=True))
    return drawing


def _text(x: float, y: float, text: str, *, bold: bool = False, size: float = 8) -> String:
    return String(x, y, text, fontName=bold_font if bold else regular_font, fontSize=size)


def _bar_chart(
    drawing: Drawing, categories: Sequence[str], data: Sequence[Sequence[float]], fills: Sequence[str]
) -> VerticalBarChart:
    chart = VerticalBarChart()
    chart.x, chart.y = 32, 30
    chart.width, chart.height = _CHART_WIDTH - 40, _CHART_HEIGHT - 52
    chart.data = [tuple(series) for series in data]
    chart.categoryAxis.categoryNames = list(categories)
    chart.categoryAxis.labels.fontName = regular_font
    chart.categoryAxis.labels.fontSize = 6.5
    # Turned 30 degrees when the names would not fit side by side (about 3.6 pt a character at 6.5 pt).
    longest = max((len(name) for name in categories), default=0)
    crowded = longest * 3.6 > chart.width / max(len(categories), 1)
    chart.categoryAxis.labels.angle = 30 if crowded else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if crowded else "n"
    chart.valueAxis.labels.fontName = regular_font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    highest = max((value for series in data for value in series), default=0)
    if highest <= 0:
        chart.valueAxis.valueMax = 1
    chart.barSpacing = 1
    for index, fill in enumerate(fills):
        chart.bars[index].fillColor = colors.HexColor(fill)
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    return chart


def _legend(drawing: Drawing, items: Sequence[tuple[str, str]]) -> None:
    legend = Legend()
    legend.x, legend.y = _CHART_WIDTH * 0.5, _CHART_HEIGHT - 4  # beside the title, clear of the axis
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = regular_font
    legend.fontSize = 7
    legend.dx = legend.dy = 6
    legend.deltax = 44
    legend.boxAnchor = "nw"
    legend.colorNamePairs = [(colors.HexColor(colour), name) for colour, name in items]
    drawing.add(legend)


def _book_history_drawing(portfolio: Portfolio) -> Flowable:
    history = portfolio.history
    if not history:
        return Paragraph("No history was sent for this date.", paragraph_style("risk-empty", size=8))
    cents_per_unit, unit = _scale([point.outstanding for point in history])
    drawing = _drawing_with_title(f"Outstanding ({unit})")
    _bar_chart(
        drawing,
        [month_label(point.as_of) for point in history],
        [[point.outstanding.cents / cents_per_unit for point in history]],
        [BOOK_COLOUR],
    )
    return drawing


def _ratio_history_drawing(portfolio: Portfolio) -> Flowable:
    history = portfolio.history
    if not history:
        return Spacer(1, 1)
    drawing = _drawing_with_title("NPL ratio and PAR30 (%)")
    chart = HorizontalLineChart()
    chart.x, chart.y = 32, 30
    chart.width, chart.height = _CHART_WIDTH - 40, _CHART_HEIGHT - 52
    npl = [float(point.npl_ratio * 100) for point in history]
    par30 = [float(point.par30_ratio * 100) for point in history]
    chart.data = [npl, par30]
    chart.categoryAxis.categoryNames = [month_label(point.as_of) for point in history]
    chart.categoryAxis.labels.fontName = regular_font
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.angle = 30 if len(history) > 6 else 0
    chart.valueAxis.labels.fontName = regular_font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    if max(npl + par30, default=0) <= 0:
        chart.valueAxis.valueMax = 1
    for index, colour in enumerate((NPL_COLOUR, PAR30_COLOUR)):
        chart.lines[index].strokeColor = colors.HexColor(colour)
        chart.lines[index].strokeWidth = 1.5
        chart.lines[index].symbol = makeMarker("FilledCircle", size=3, fillColor=colors.HexColor(colour))
    drawing.add(chart)
    _legend(drawing, [(NPL_COLOUR, "NPL ratio"), (PAR30_COLOUR, "PAR30")])
    return drawing


def _history_table(portfolio: Portfolio) -> Flowable:
    if not portfolio.history:
        return Spacer(1, 1)
    rows = [["Month end", "Outstanding (KES)", "NPL ratio", "PAR30"]]
    rows += [
        [
            point.as_of.isoformat(),
            point.outstanding.format(currency=False),
            percent_text(point.npl_ratio),
            percent_text(point.par30_ratio),
        ]
        for point in portfolio.history
    ]
    table = Table(rows, colWidths=(40 * mm, 50 * mm, 45 * mm, 45 * mm), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(table_style(amount_columns=(1, 2, 3))))
    return table


def _classification_drawing(portfolio: Portfolio) -> Flowable:
    lines = portfolio.loan_book.by_classification
    cents_per_unit, unit = _scale([line.outstanding for line in lines])
    drawing = _drawing_with_title(f"Outstanding by class ({unit})")
    # One series per class, each non-zero in its own column only: every bar in its class's colour.
    data = [
        [line.outstanding.cents / cents_per_unit if other is line else 0 for other in lines] for line in lines
    ]
    chart = _bar_chart(
        drawing,
        [CLASSIFICATION_NAMES[line.classification] for line in lines],
        data,
        [CLASSIFICATION_COLOURS[line.classification] for line in lines],
    )
    chart.categoryAxis.style = "stacked"
    return drawing


def _classification_table(portfolio: Portfolio) -> Table:
    book = portfolio.loan_book
    rows = [["Class", "Loans", "Outstanding (KES)", "Share"]]
    for line in book.by_classification:
        share = (
            f"{line.outstanding.cents * 100 / book.outstanding.cents:.1f}%" if book.outstanding.cents else "—"
        )
        rows.append(
            [
                CLASSIFICATION_NAMES[line.classification],
                f"{line.loans:,}",
                line.outstanding.format(currency=False),
                share,
            ]
        )
    rows.append(["Total", f"{book.active_loans:,}", book.outstanding.format(currency=False), ""])
    commands = table_style(amount_columns=(1, 2, 3))
    commands.append(("FONTNAME", (0, -1), (-1, -1), bold_font))
    table = Table(rows, colWidths=(24 * mm, 14 * mm, 32 * mm, 16 * mm), hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _product_table(portfolio: Portfolio) -> Flowable:
    lines = portfolio.loan_book.by_product
    if not lines:
        return Paragraph("No loans.", paragraph_style("risk-empty", size=8))
    rows = [["Product", "Active loans", "Outstanding (KES)", "NPL ratio", "PAR30"]]
    rows += [
        [
            _cut(f"{line.name} ({line.product})"),
            f"{line.active_loans:,}",
            line.outstanding.format(currency=False),
            percent_text(line.npl_ratio),
            percent_text(line.par30_ratio),
        ]
        for line in lines
    ]
    table = Table(rows, colWidths=(70 * mm, 25 * mm, 35 * mm, 25 * mm, 25 * mm), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(table_style(amount_columns=(1, 2, 3, 4))))
    return table


def _policy_drawing(portfolio: Portfolio) -> Flowable:
    lines = portfolio.policies
    if not lines:
        return Paragraph("No policies were sold.", paragraph_style("risk-empty", size=8))
    drawing = _drawing_with_title("Policies by type")
    _bar_chart(
        drawing,
        [PRODUCT_NAMES[line.product].split(" (")[0] for line in lines],
        [[line.sold for line in lines], [line.in_force for line in lines], [line.lapsed for line in lines]],
        [SOLD_COLOUR, IN_FORCE_COLOUR, LAPSED_COLOUR],
    )
    _legend(drawing, [(SOLD_COLOUR, "Sold"), (IN_FORCE_COLOUR, "In force"), (LAPSED_COLOUR, "Lapsed")])
    return drawing


def _policy_table(portfolio: Portfolio) -> Table:
    rows = [["Type", "Sold", "In force", "Lapsed", "Premiums (KES)"]]
    rows += [
        [
            PRODUCT_NAMES[line.product],
            f"{line.sold:,}",
            f"{line.in_force:,}",
            f"{line.lapsed:,}",
            line.premiums.format(currency=False),
        ]
        for line in portfolio.policies
    ]
    table = Table(rows, colWidths=(60 * mm, 25 * mm, 25 * mm, 25 * mm, 45 * mm), hAlign="LEFT")
    table.setStyle(TableStyle(table_style(amount_columns=(1, 2, 3, 4))))
    return table


def _sme_section(portfolio: Portfolio, note: ParagraphStyle) -> list[Flowable]:
    if not portfolio.smes:
        return [Paragraph("No SMEs are registered.", note)]
    cell = paragraph_style("risk-cell", size=7.5)
    bold_cell = paragraph_style("risk-cell-bold", size=7.5, bold=True)
    rows: list[list[object]] = [
        ["SME / facility", "Sector / product", "Turnover / lent", "Outstanding", "Class", "DPD", "Status"]
    ]
    sme_rows: list[int] = []
    listed = 0
    for sme in portfolio.smes:
        sme_rows.append(len(rows))
        rows.append(
            [
                Paragraph(escape_markup(_cut(f"{sme.name} ({sme.cif})")), bold_cell),
                Paragraph(escape_markup(_cut(sme.sector or "—")), cell),
                sme.annual_turnover.format(currency=False) if sme.annual_turnover is not None else "—",
                sme.outstanding.format(currency=False),
                "",
                "",
                f"{len(sme.facilities)} facilit{'y' if len(sme.facilities) == 1 else 'ies'}",
            ]
        )
        for facility in sme.facilities:
            if listed >= facility_rows_max:
                break
            listed += 1
            rows.append(
                [
                    Paragraph(escape_markup("   " + (facility.reference or "not yet booked")), cell),
                    Paragraph(escape_markup(_cut(facility.product)), cell),
                    facility.principal.format(currency=False),
                    facility.outstanding.format(currency=False),
                    CLASSIFICATION_NAMES[facility.classification] if facility.classification else "—",
                    str(facility.days_past_due),
                    facility.status,
                ]
            )
    commands = table_style(amount_columns=(2, 3, 5))
    for row in sme_rows:
        commands.append(("BACKGROUND", (0, row), (-1, row), colors.Color(0.96, 0.96, 0.96)))
    table = Table(
        rows,
        colWidths=(46 * mm, 32 * mm, 28 * mm, 26 * mm, 20 * mm, 10 * mm, 18 * mm),
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(TableStyle(commands))
    flowables: list[Flowable] = [table]
    facilities = sum(len(sme.facilities) for sme in portfolio.smes)
    if listed < facilities:
        flowables.append(
            Paragraph(
                f"The first {listed:,} of {facilities:,} facilities are listed; the CSV has them all.", note
            )
        )
    return flowables
