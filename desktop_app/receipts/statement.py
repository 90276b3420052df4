"""The customer's A4 account statement: every line of a period with its running balance.

A statement that does not add up must never print. Before anything is drawn, the render checks
that each running balance follows from the one before it, and that the opening balance plus the
credits minus the debits is the closing balance; a break raises InvariantBroken naming the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from desktop_app.receipts.a4 import build_a4, content_width, escape_markup, paragraph_style, table_style
from desktop_app.receipts.fonts import bold_font, register_fonts
from shared_core.errors import ensure
from shared_core.money import Money
from shared_core.statements import statement_lines_max  # what head office sends is what prints

text_length_max = 200

_COLUMN_WIDTHS_MM = (40, 30, 44, 22, 22, 22)  # date, reference, description, debit, credit, balance
assert sum(_COLUMN_WIDTHS_MM) * mm <= content_width + 0.01


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One posting on the account: exactly one of debit or credit, and the balance after it."""

    date_time_text: str  # as the customer reads it, e.g. '2026-11-24 14:05'
    reference: str
    description: str
    debit: Money | None
    credit: Money | None
    balance: Money

    def __post_init__(self) -> None:
        for name in ("date_time_text", "reference", "description"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"StatementLine.{name} must be str, got {type(value).__name__}")
            if len(value) > text_length_max:
                raise ValueError(f"StatementLine.{name} holds at most {text_length_max} characters")
        for name in ("debit", "credit"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Money):
                raise TypeError(f"StatementLine.{name} must be Money or None")
        if not isinstance(self.balance, Money):
            raise TypeError("StatementLine.balance must be Money")


@dataclass(frozen=True, slots=True)
class StatementData:
    bank_name: str
    customer_name: str
    masked_national_id: str
    account_label: str
    period_start: date
    period_end: date
    opening_balance: Money
    lines: tuple[StatementLine, ...]
    closing_balance: Money
    printed_at_text: str

    def __post_init__(self) -> None:
        for name in ("bank_name", "customer_name", "masked_national_id", "account_label", "printed_at_text"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"StatementData.{name} must be str, got {type(value).__name__}")
            if len(value) > text_length_max:
                raise ValueError(f"StatementData.{name} holds at most {text_length_max} characters")
        for name in ("period_start", "period_end"):
            if not isinstance(getattr(self, name), date):
                raise TypeError(f"StatementData.{name} must be a date")
        if self.period_start > self.period_end:
            raise ValueError(f"the period starts {self.period_start}, after it ends {self.period_end}")
        for name in ("opening_balance", "closing_balance"):
            if not isinstance(getattr(self, name), Money):
                raise TypeError(f"StatementData.{name} must be Money")
        if not isinstance(self.lines, tuple) or not all(isinstance(x, StatementLine) for x in self.lines):
            raise TypeError("StatementData.lines must be a tuple of StatementLine")
        if len(self.lines) > statement_lines_max:
            raise ValueError(f"a statement holds at most {statement_lines_max} lines; print a shorter period")


@dataclass(frozen=True, slots=True)
class StatementTotals:
    credits: Money
    credit_count: int
    debits: Money
    debit_count: int


def statement_totals(data: StatementData) -> StatementTotals:
    """The totals of a statement, after checking that it adds up; InvariantBroken if it does not."""
    balance = data.opening_balance
    credits, debits = Money.zero(), Money.zero()
    credit_count = debit_count = 0
    for number, line in enumerate(data.lines, start=1):
        where = f"statement line {number} ({line.reference or 'no reference'})"
        ensure(
            (line.debit is None) != (line.credit is None),
            f"{where} must have exactly one of debit or credit",
        )
        movement = line.credit if line.credit is not None else line.debit
        assert movement is not None
        ensure(movement.is_positive, f"{where}: a debit or credit is more than zero, not {movement.format()}")
        if line.credit is not None:
            balance += line.credit
            credits += line.credit
            credit_count += 1
        else:
            balance -= movement
            debits += movement
            debit_count += 1
        ensure(
            line.balance == balance,
            f"{where}: running balance {line.balance.format()} should be {balance.format()}",
        )
    ensure(
        data.opening_balance + credits - debits == data.closing_balance,
        f"opening {data.opening_balance.format()} + credits {credits.format()} - debits {debits.format()} "
        f"is not the closing balance {data.closing_balance.format()}",
    )
    ensure(balance == data.closing_balance, "the last running balance is not the closing balance")
    return StatementTotals(credits, credit_count, debits, debit_count)


def render_statement(data: StatementData) -> bytes:
    """The statement as an A4 PDF; refuses (InvariantBroken) a statement that does not add up."""
    if not isinstance(data, StatementData):
        raise TypeError(f"render_statement needs StatementData, got {type(data).__name__}")
    totals = statement_totals(data)
    register_fonts()  # before the first Paragraph, which looks its font family up
    period = f"{data.period_start:%d %b %Y} to {data.period_end:%d %b %Y}"
    story = [
        _summary_table(data, totals),
        Spacer(1, 6 * mm),
        _lines_table(data),
    ]
    return build_a4(
        story,
        title=f"Statement {data.account_label} {period}",
        author=data.bank_name,
        header_left=(data.bank_name, "Account statement", f"Period: {period}"),
        header_right=(data.customer_name, f"National ID {data.masked_national_id}", data.account_label),
        footer_text=f"Printed {data.printed_at_text}. Amounts in KES.",
    )


def _summary_table(data: StatementData, totals: StatementTotals) -> Table:
    rows = [
        ["Opening balance", data.opening_balance.format()],
        [f"Total credits ({totals.credit_count})", totals.credits.format()],
        [f"Total debits ({totals.debit_count})", totals.debits.format()],
        ["Closing balance", data.closing_balance.format()],
    ]
    commands = table_style(header_rows=0, amount_columns=(1,))
    commands += [("FONTSIZE", (0, 0), (-1, -1), 9), ("LEADING", (0, 0), (-1, -1), 12)]
    commands.append(("FONTNAME", (0, 3), (-1, 3), bold_font))
    commands.append(("LINEABOVE", (0, 3), (-1, 3), 0.8, "black"))
    table = Table(rows, colWidths=(50 * mm, 40 * mm), hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _lines_table(data: StatementData) -> Table:
    description_style = paragraph_style("statement-description", size=8)
    rows: list[list[object]] = [["Date and time", "Reference", "Description", "Debit", "Credit", "Balance"]]
    rows.append(["", "", "Opening balance", "", "", _amount(data.opening_balance)])
    for line in data.lines:
        # Only the description wraps (a Paragraph); the other cells are plain strings, much faster.
        rows.append(
            [
                line.date_time_text,
                line.reference,
                Paragraph(escape_markup(line.description), description_style),
                _amount(line.debit),
                _amount(line.credit),
                _amount(line.balance),
            ]
        )
    rows.append(["", "", "Closing balance", "", "", _amount(data.closing_balance)])
    commands = table_style(header_rows=1, amount_columns=(3, 4, 5))
    last = len(rows) - 1
    for row in (1, last):
        commands.append(("FONTNAME", (0, row), (-1, row), bold_font))
    commands.append(("LINEABOVE", (0, last), (-1, last), 0.8, "black"))
    table = Table(rows, colWidths=[width * mm for width in _COLUMN_WIDTHS_MM], repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _amount(money: Money | None) -> str:
    return "" if money is None else money.format(currency=False)
