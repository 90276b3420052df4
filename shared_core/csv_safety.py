"""CSV files safe to open in a spreadsheet: no cell we write can run as a formula.

Excel and LibreOffice read a cell that starts with = + - or @ (also after a leading tab or carriage
return, and in their full-width forms) as a formula, which can run commands on the PC or send the
sheet's data away: "CSV injection" (OWASP). Every text cell that starts so is neutralised as OWASP
advises: a single quote in front, and the cell in double quotes; the reader sees the text with a
quote before it, never its result.

Amounts are the one exception, so that a spreadsheet can still add them up: Money and int cells are
written as plain numbers ("-1500.00"), negatives included. Their text is made here from integers
and checked to be only a sign, digits and a point, which no spreadsheet runs. A str that merely
looks like a number ("-1500") came from someone else, so it is neutralised like any other text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from shared_core.money import Money, cents_per_shilling

csv_rows_max = 1_048_575  # Excel shows 1,048,576 rows, one of them our header: more would be cut off
csv_cell_length_max = 32_767  # Excel's limit for one cell; longer text is split across cells
UTF8_BOM = b"\xef\xbb\xbf"  # without it, Excel reads UTF-8 as the PC's code page: 'Wanjiků' garbled

# The characters OWASP lists, their full-width forms (Excel folds them to the ASCII ones), and a
# line feed, which is as harmless to neutralise as it is odd to start a cell with.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]{2})?")  # the only shape of a number cell we write
_NEEDS_QUOTES = frozenset(',"\r\n')

Cell = str | int | Money | date | None


def neutralise(text: str) -> str:
    """Text as it must appear in a CSV cell so that no spreadsheet runs it: "'=1+1" for "=1+1"."""
    if not isinstance(text, str):
        raise TypeError(f"neutralise needs str, got {type(text).__name__}")
    if text[:1] in FORMULA_STARTS or text.lstrip(" \u3000")[:1] in _FORMULA_SIGNS:
        return "'" + text
    return text


def write_csv(rows: Iterable[Sequence[Cell]], header: Sequence[str]) -> bytes:
    """A CSV file for a spreadsheet: UTF-8 with a byte-order mark, CRLF line ends, a header row.

    Text cells are neutralised; Money is written as shillings with two decimals and no grouping
    ("-1500.00"), int as digits, a date as 2026-11-27, None as an empty cell. Floats and bools are
    refused: an amount is Money, a flag is text a person can read.
    """
    if isinstance(header, str) or not header or not all(isinstance(name, str) for name in header):
        raise TypeError("write_csv needs a header: a non-empty sequence of column names")
    width = len(header)
    lines = [_line(header, width)]
    for number, row in enumerate(rows, start=1):
        if number > csv_rows_max:
            raise ValueError(f"a CSV for a spreadsheet holds at most {csv_rows_max:,} rows")
        if isinstance(row, str) or len(row) != width:
            raise ValueError(f"row {number} must have {width} cells, like the header")
        lines.append(_line(row, width))
    return UTF8_BOM + ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _line(cells: Sequence[Cell], width: int) -> str:
    assert len(cells) == width
    return ",".join(_cell(value) for value in cells)


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Money):
        return _number(_money_text(value))
    if isinstance(value, (bool, float)):
        raise TypeError(f"a CSV cell is never a {type(value).__name__}: amounts are Money, flags are text")
    if isinstance(value, int):
        return _number(str(value))
    if isinstance(value, datetime):  # a datetime is a date too; which offset to print is the caller's call
        raise TypeError("a CSV cell holds a date, or a time already formatted as text, not a datetime")
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise TypeError(f"a CSV cell is str, int, Money, date or None, not {type(value).__name__}")
    if len(value) > csv_cell_length_max:
        raise ValueError(f"a spreadsheet cell holds at most {csv_cell_length_max:,} characters")
    safe = neutralise(value)
    if safe != value or any(character in _NEEDS_QUOTES for character in safe):
        return '"' + safe.replace('"', '""') + '"'
    return safe


def _money_text(money: Money) -> str:
    whole, fraction = divmod(abs(money.cents), cents_per_shilling)
    return f"{'-' if money.cents < 0 else ''}{whole}.{fraction:02d}"


def _number(text: str) -> str:
    # Made from an int just above; checked anyway, as this is the one path that skips neutralising.
    if not _NUMBER.fullmatch(text):
        raise AssertionError(f"{text!r} is not a plain number")
    return text
