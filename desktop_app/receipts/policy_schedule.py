"""The A4 policy schedule: who and what is insured, for which days, and what the premium was.

A schedule whose figures do not add up must never print. Before anything is drawn the render
checks (shared_core.insurance.ensure_schedule_adds_up) that the premium lines make the basic
premium and that premium + levies + stamp duty is the total; a break raises InvariantBroken.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop_app.receipts.a4 import build_a4, content_width, escape_markup, paragraph_style, table_style
from desktop_app.receipts.fonts import bold_font, register_fonts
from shared_core.insurance import (
    PaymentMethod,
    PolicySchedule,
    Product,
    ensure_schedule_adds_up,
    format_rate_percent,
)
from shared_core.money import Money

_PREMIUM_WIDTHS_MM = (88, 36, 20, 36)  # description, basis, rate, amount
_WIBA_PREMIUM_WIDTHS_MM = (68, 20, 36, 20, 36)  # class and category, employees, payroll, rate, amount
_SUMS_WIDTHS_MM = (130, 50)  # benefit or item, sum insured
_DETAIL_WIDTHS_MM = (45, 135)  # label, value
assert sum(_PREMIUM_WIDTHS_MM) * mm <= content_width + 0.01
assert sum(_WIBA_PREMIUM_WIDTHS_MM) * mm <= content_width + 0.01
assert sum(_SUMS_WIDTHS_MM) * mm <= content_width + 0.01

_PAYMENT_METHODS = {PaymentMethod.CASH: "Cash at the counter", PaymentMethod.WALLET: "Debit to the wallet"}
_WIBA_COVER = (
    "Compensation for employees injured, disabled or killed at work, and for occupational diseases, "
    "as set by the Work Injury Benefits Act, 2007, for the employees in the classes and on the "
    "payroll declared below."
)
_ROUNDING_NOTE = (
    "Each levy is the basic premium times its rate, rounded half up to the cent. "
    "Stamp duty is charged once per policy document."
)


def render_policy_schedule(schedule: PolicySchedule) -> bytes:
    """The schedule as an A4 PDF; refuses (InvariantBroken) a schedule that does not add up."""
    if not isinstance(schedule, PolicySchedule):
        raise TypeError(f"render_policy_schedule needs a PolicySchedule, got {type(schedule).__name__}")
    ensure_schedule_adds_up(schedule)
    register_fonts()  # before the first Paragraph, which looks its font family up
    issued = f"{schedule.issue_date:%d %b %Y}"
    story: list[Flowable] = [
        _details_table(schedule),
        Spacer(1, 6 * mm),
        *_cover_section(schedule),
        Spacer(1, 6 * mm),
        KeepTogether([_heading("Premium"), _premium_table(schedule)]),
        Spacer(1, 3 * mm),
        Paragraph(escape_markup(_ROUNDING_NOTE), paragraph_style("schedule-note", size=8)),
    ]
    return build_a4(
        story,
        title=f"Policy schedule {schedule.policy_number}",
        author=schedule.sold_by,
        header_left=(
            schedule.sold_by, f"Policy schedule: {schedule.product.title}", f"Policy {schedule.policy_number}"
        ),
        header_right=(schedule.insured_name, schedule.insured_id, f"Issued {issued}"),
        footer_text=f"Policy {schedule.policy_number} issued {issued} by {schedule.insurer}. Amounts in KES.",
    )


def _details_table(schedule: PolicySchedule) -> Table:
    period = schedule.period
    product = schedule.product.title
    if schedule.plan:
        product += f", {schedule.plan.capitalize()} plan"
    value_style = paragraph_style("schedule-detail", size=9)
    rows = [
        ("Policy number", schedule.policy_number),
        ("Insured", schedule.insured_name),
        ("ID or registration", schedule.insured_id),
        ("Cover", product),
        ("Period of insurance", f"{period.start:%d %b %Y} to {period.end:%d %b %Y}, both days included"),
        ("Insurer", schedule.insurer),
        ("Sold by", f"{schedule.sold_by}, as agent of the insurer"),
        ("Premium paid by", _PAYMENT_METHODS[schedule.payment_method]),
        ("Payment reference", schedule.payment_reference),
        ("Tariff", f"version {schedule.tariff_version}"),
    ]
    cells = [[label, Paragraph(escape_markup(value), value_style)] for label, value in rows]
    commands = table_style(header_rows=0)
    commands += [("FONTSIZE", (0, 0), (-1, -1), 9), ("FONTNAME", (0, 0), (0, -1), bold_font)]
    table = Table(cells, colWidths=[width * mm for width in _DETAIL_WIDTHS_MM], hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _cover_section(schedule: PolicySchedule) -> list[Flowable]:
    if schedule.product is Product.WIBA and not schedule.sums_insured:
        statutory = Paragraph(escape_markup(_WIBA_COVER), paragraph_style("schedule-wiba", size=9))
        return [_heading("Cover"), statutory]
    is_assets = schedule.product is Product.ASSET_ALL_RISK
    heading = "Insured items and declared values" if is_assets else "Sums insured"
    item_style = paragraph_style("schedule-item", size=8)
    rows: list[list[object]] = [
        ["Item", "Declared value (KES)"] if is_assets else ["Benefit", "Sum insured (KES)"]
    ]
    for sum_insured in schedule.sums_insured:
        description = Paragraph(escape_markup(sum_insured.description), item_style)
        rows.append([description, _amount(sum_insured.amount)])
    commands = table_style(header_rows=1, amount_columns=(1,))
    if is_assets:
        declared = sum((item.amount for item in schedule.sums_insured), Money.zero())
        rows.append(["Total declared value", _amount(declared)])
        last = len(rows) - 1
        commands += [
            ("FONTNAME", (0, last), (-1, last), bold_font),
            ("LINEABOVE", (0, last), (-1, last), 0.8, "black"),
        ]
    table = Table(rows, colWidths=[width * mm for width in _SUMS_WIDTHS_MM], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return [_heading(heading), table]


def _premium_table(schedule: PolicySchedule) -> Table:
    """Premium lines, the basic premium, each levy, stamp duty and the total. WIBA's lines are the
    payroll declared by category, with each category's head count in a column of its own (blank for
    a sale recorded before it was asked for)."""
    is_wiba = schedule.product is Product.WIBA
    basis_title = {Product.WIBA: "Annual payroll", Product.ASSET_ALL_RISK: "Declared value"}.get(
        schedule.product, "Basis"
    )
    description_style = paragraph_style("schedule-premium", size=8)
    heading = ["Occupation class" if is_wiba else "Premium", f"{basis_title} (KES)", "Rate", "Amount (KES)"]
    if is_wiba:
        heading.insert(1, "Employees")
    rows: list[list[object]] = [heading]
    for line in schedule.premium_lines:
        row: list[object] = [
            Paragraph(escape_markup(line.description), description_style),
            _amount(line.basis),
            "" if line.rate is None else format_rate_percent(line.rate),
            _amount(line.premium),
        ]
        if is_wiba:
            row.insert(1, _count(line.employees))
        rows.append(row)
    if is_wiba and len(schedule.premium_lines) > 1:
        payroll = sum((line.basis for line in schedule.premium_lines if line.basis is not None), Money.zero())
        counts = [line.employees for line in schedule.premium_lines]
        employees = None if None in counts else sum(count for count in counts if count is not None)
        rows.append(["Total annual payroll", _count(employees), _amount(payroll), "", ""])
    blank = [""] * (len(heading) - 2)  # between a line's words and its amount
    basic_row = len(rows)
    rows.append(["Basic premium", *blank, _amount(schedule.basic_premium)])
    for levy in schedule.levies:
        rate = format_rate_percent(levy.rate)
        rows.append([levy.name, *blank[:-2], _amount(schedule.basic_premium), rate, _amount(levy.amount)])
    rows.append(["Stamp duty", *blank, _amount(schedule.stamp_duty)])
    rows.append(["Total payable", *blank, _amount(schedule.total)])
    last = len(rows) - 1
    amount_columns = tuple(range(1, len(heading)))
    commands = table_style(header_rows=1, amount_columns=amount_columns)
    commands += [
        ("LINEABOVE", (0, basic_row), (-1, basic_row), 0.8, "black"),
        ("FONTNAME", (0, basic_row), (-1, basic_row), bold_font),
        ("FONTNAME", (0, last), (-1, last), bold_font),
        ("FONTSIZE", (0, last), (-1, last), 10),
        ("LEADING", (0, last), (-1, last), 13),
        ("LINEABOVE", (0, last), (-1, last), 0.8, "black"),
    ]
    widths = _WIBA_PREMIUM_WIDTHS_MM if is_wiba else _PREMIUM_WIDTHS_MM
    table = Table(rows, colWidths=[width * mm for width in widths])
    table.setStyle(TableStyle(commands))
    return table


def _heading(text: str) -> Paragraph:
    return Paragraph(escape_markup(text), paragraph_style("schedule-heading", size=11, bold=True))


def _amount(money: Money | None) -> str:
    return "" if money is None else money.format(currency=False)


def _count(employees: int | None) -> str:
    return "" if employees is None else f"{employees:,}"
