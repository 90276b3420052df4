"""The employer's A4 salary payment advice: every line of a payroll run, booked or refused, and the totals.

It is what a corporate client files against its payroll, so an advice that does not add up must
never print. Before anything is drawn the render checks that booked and refused lines together are
the file's line count and control total, and that the booked total is what the employer's account
was debited; a break raises InvariantBroken. National IDs show only their last three digits.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop_app.receipts.a4 import build_a4, content_width, escape_markup, paragraph_style, table_style
from desktop_app.receipts.fonts import bold_font, register_fonts
from shared_core.errors import ensure
from shared_core.kyc import mask_national_id
from shared_core.money import Money
from shared_core.payroll import LineStatus, PayrollRunResult

text_length_max = 200
# row, national ID, account, name, amount, status: the full 180 mm of A4 content
_COLUMN_WIDTHS_MM = (11, 21, 33, 46, 24, 45)
assert sum(_COLUMN_WIDTHS_MM) * mm <= content_width + 0.01


@dataclass(frozen=True, slots=True)
class PaymentAdvice:
    """A payroll run as the employer reads it. `maker` and `checker` name the users, e.g.
    'Wanjiru Kamau (wanjiru)': with their user ids, two different people never read the same."""

    bank_name: str
    employer_name: str
    run: PayrollRunResult
    maker: str
    checker: str
    employer_debited: Money  # debited to the employer for the salaries; fees are entries of their own
    printed_at_text: str

    def __post_init__(self) -> None:
        for name in ("bank_name", "employer_name", "maker", "checker", "printed_at_text"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise TypeError(f"PaymentAdvice.{name} must be non-empty text")
            if len(value) > text_length_max:
                raise ValueError(f"PaymentAdvice.{name} holds at most {text_length_max} characters")
        if not isinstance(self.run, PayrollRunResult):
            raise TypeError("PaymentAdvice.run must be a PayrollRunResult")
        if not isinstance(self.employer_debited, Money):
            raise TypeError("PaymentAdvice.employer_debited must be Money")


def check_advice_totals(advice: PaymentAdvice) -> None:
    """The advice adds up, counted again from its lines; InvariantBroken naming what does not."""
    run = advice.run
    booked = [line.amount for line in run.lines if line.status is LineStatus.BOOKED]
    refused = [line.amount for line in run.lines if line.status is LineStatus.REFUSED]
    booked_total, refused_total = sum(booked, Money.zero()), sum(refused, Money.zero())
    ensure(len(booked) + len(refused) == len(run.lines) == run.line_count,
           f"the run lists {len(run.lines)} lines, booked {len(booked)} and refused {len(refused)}; "
           f"the file has {run.line_count}")
    ensure((booked_total, len(booked)) == (run.booked_total, run.booked_count),
           f"the booked lines add up to {booked_total.format()}, not {run.booked_total.format()}")
    ensure((refused_total, len(refused)) == (run.refused_total, run.refused_count),
           f"the refused lines add up to {refused_total.format()}, not {run.refused_total.format()}")
    ensure(booked_total + refused_total == run.control_total,
           f"booked {booked_total.format()} + refused {refused_total.format()} is not the control total "
           f"{run.control_total.format()}")
    ensure(advice.employer_debited == booked_total,
           f"the employer was debited {advice.employer_debited.format()}, but the booked salaries are "
           f"{booked_total.format()}")
    ensure(all(line.reason for line in run.lines if line.status is LineStatus.REFUSED),
           "a refused line must say why")
    ensure(advice.maker != advice.checker, f"{advice.maker} cannot check their own payroll run")


def render_payment_advice(advice: PaymentAdvice) -> bytes:
    """The payment advice as an A4 PDF; refuses (InvariantBroken) an advice that does not add up."""
    if not isinstance(advice, PaymentAdvice):
        raise TypeError(f"render_payment_advice needs PaymentAdvice, got {type(advice).__name__}")
    check_advice_totals(advice)
    register_fonts()  # before the first Paragraph, which looks its font family up
    run = advice.run
    heading = paragraph_style("advice-heading", size=11, bold=True)
    note = paragraph_style("advice-note", size=8)
    story: list[Flowable] = [
        _details_table(advice),
        Spacer(1, 4 * mm),
        _totals_table(advice),
        Spacer(1, 6 * mm),
        Paragraph("Salary lines", heading),
        Paragraph("Rows are as in the payroll file; national IDs show only their last three digits.", note),
        Spacer(1, 2 * mm),
        _lines_table(run),
    ]
    pay_date = run.pay_date.isoformat()
    return build_a4(
        story,
        title=f"Payment advice {run.run_id} {advice.employer_name} {pay_date}",
        author=advice.bank_name,
        header_left=(advice.bank_name, "Salary payment advice", f"Pay date {pay_date}"),
        header_right=(advice.employer_name, f"CIF {run.employer_cif}", f"Payroll run {run.run_id}"),
        footer_text=f"Payroll run {run.run_id}, printed {advice.printed_at_text}. Amounts in KES.",
    )


def _details_table(advice: PaymentAdvice) -> Table:
    run = advice.run
    rows = [
        ["Employer", f"{advice.employer_name} (CIF {run.employer_cif})"],
        ["Pay date", run.pay_date.isoformat()],
        ["Prepared by (maker)", advice.maker],
        ["Approved by (checker)", advice.checker],
        ["Payroll file SHA-256", run.fingerprint],
    ]
    commands = table_style(header_rows=0)
    commands += [("FONTSIZE", (0, 0), (-1, -1), 9), ("LEADING", (0, 0), (-1, -1), 12)]
    commands.append(("FONTNAME", (0, 0), (0, -1), bold_font))
    table = Table(rows, colWidths=(42 * mm, 138 * mm), hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _totals_table(advice: PaymentAdvice) -> Table:
    run = advice.run
    rows = [
        [f"Lines in the file ({run.line_count})", run.control_total.format()],
        [f"Booked ({run.booked_count})", run.booked_total.format()],
        [f"Refused ({run.refused_count})", run.refused_total.format()],
        ["Debited to the employer's account", advice.employer_debited.format()],
    ]
    commands = table_style(header_rows=0, amount_columns=(1,))
    commands += [("FONTSIZE", (0, 0), (-1, -1), 9), ("LEADING", (0, 0), (-1, -1), 12)]
    commands.append(("FONTNAME", (0, 3), (-1, 3), bold_font))
    commands.append(("LINEABOVE", (0, 3), (-1, 3), 0.8, "black"))
    table = Table(rows, colWidths=(75 * mm, 40 * mm), hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _lines_table(run: PayrollRunResult) -> Table:
    cell_style = paragraph_style("advice-cell", size=8)
    refused_style = paragraph_style("advice-refused", size=8, bold=True)
    rows: list[list[object]] = [["Row", "National ID", "Account", "Name", "Amount", "Status"]]
    for line in run.lines:
        if line.status is LineStatus.BOOKED:
            status: object = "Booked"
        else:
            text = f"REFUSED: {escape_markup(line.reason)} ({escape_markup(line.code or '')})"
            status = Paragraph(text, refused_style)
        rows.append(
            [
                str(line.row),
                mask_national_id(line.national_id),
                line.account,
                Paragraph(escape_markup(line.name), cell_style),
                line.amount.format(currency=False),
                status,
            ]
        )
    for label, total, count in (
        ("Booked", run.booked_total, run.booked_count),
        ("Refused", run.refused_total, run.refused_count),
        ("Total", run.control_total, run.line_count),
    ):
        lines = "1 line" if count == 1 else f"{count:,} lines"
        rows.append(["", "", "", label, total.format(currency=False), lines])
    commands = table_style(header_rows=1, amount_columns=(4,))
    first_total = len(rows) - 3
    commands.append(("FONTNAME", (0, first_total), (-1, -1), bold_font))
    commands.append(("LINEABOVE", (0, first_total), (-1, first_total), 0.8, "black"))
    table = Table(rows, colWidths=[width * mm for width in _COLUMN_WIDTHS_MM], repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table
