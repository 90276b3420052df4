"""CSV exports a head-office clerk opens in Excel: no cell may run as a formula (OWASP CSV injection).

Worked example: a customer registered at an agent gave the name '=HYPERLINK("http://evil.example",
"Click")'. In the customer list exported for head office, that cell must read as the text
'=HYPERLINK(...) with a quote in front, never as a link Excel builds. Amounts we write ourselves
(a reversal of KES -1,500.00) stay numbers Excel can add up: -1500.00.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core.csv_safety import (
    FORMULA_STARTS,
    UTF8_BOM,
    csv_cell_length_max,
    neutralise,
    write_csv,
)
from shared_core.money import Money

HEADER = ["Reference", "Customer", "Amount KES"]
FORMULA_SIGNS = set("=+-@\uff1d\uff0b\uff0d\uff20")


def read_back(data: bytes) -> list[list[str]]:
    """What a spreadsheet gets from the file: the BOM taken off, the cells split as csv reads them."""
    assert data.startswith(UTF8_BOM)
    return list(csv.reader(io.StringIO(data[len(UTF8_BOM):].decode("utf-8"), newline="")))


def written_cell(value: object) -> str:
    """The raw text of one cell as it sits in the file, between the separators."""
    data = write_csv([["x", value, None]], header=HEADER)
    line = data[len(UTF8_BOM):].decode("utf-8").split("\r\n")[1]
    return line.removeprefix("x,").removesuffix(",")


# --- every dangerous start is neutralised ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "=1+1",
        "+254712345678",  # even a phone number: '+' starts a formula
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        "\uff1dSUM(A1)",  # full-width equals sign, which Excel folds to '='
        "\uff0b1",  # full-width plus
        "\uff0d1",  # full-width minus
        "\uff20SUM(A1)",  # full-width at sign
        "  =1+1",  # spaces before the sign
    ],
)
def test_each_dangerous_start_is_written_as_quoted_text_behind_a_single_quote(text: str) -> None:
    raw = written_cell(text)
    assert raw.startswith("\"'"), raw  # the cell is quoted, and its text starts with our quote
    rows = read_back(write_csv([["BR-K7Q2-000042-6", text, Money(150_000)]], header=HEADER))
    assert rows[1] == ["BR-K7Q2-000042-6", "'" + text, "1500.00"]


def test_every_listed_start_character_is_neutralised() -> None:
    for character in FORMULA_STARTS:
        assert neutralise(character + "1") == "'" + character + "1"


@pytest.mark.parametrize(
    "text", ["Juma Mwangi", "Wanjiků Ñjoroge", "AG-K7Q2-000042-6", "1500", "", "a=b", "'quoted"]
)
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert neutralise(text) == text
    assert read_back(write_csv([[text, "", ""]], header=HEADER))[1][0] == text


def test_text_that_looks_like_a_negative_number_is_still_neutralised() -> None:
    # A str came from someone else: '-1500' typed into a name field stays text.
    assert read_back(write_csv([["x", "-1500", None]], header=HEADER))[1][1] == "'-1500"


# --- amounts, dates and empty cells ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "raw"),
    [
        (Money(-150_000), "-1500.00"),  # a reversal: a number, unquoted, so Excel can add it up
        (Money(500_000), "5000.00"),
        (Money(5), "0.05"),
        (Money(-5), "-0.05"),
        (Money(0), "0.00"),
        (-42, "-42"),
        (1_250, "1250"),
        (date(2026, 11, 27), "2026-11-27"),
        (None, ""),
    ],
)
def test_amounts_dates_and_empty_cells_are_written_plainly(value: object, raw: str) -> None:
    assert written_cell(value) == raw


@pytest.mark.parametrize(
    "value", [1500.0, True, datetime(2026, 11, 27, tzinfo=UTC), b"bytes", ["x"]]
)
def test_floats_bools_datetimes_and_other_objects_are_refused(value: object) -> None:
    with pytest.raises(TypeError):
        write_csv([["x", value, None]], header=HEADER)


def test_rows_must_be_as_wide_as_the_header() -> None:
    with pytest.raises(ValueError, match="row 2 must have 3 cells"):
        write_csv([["a", "b", "c"], ["a", "b"]], header=HEADER)


def test_a_cell_longer_than_excel_holds_is_refused() -> None:
    write_csv([["x" * csv_cell_length_max, "", ""]], header=HEADER)
    with pytest.raises(ValueError, match="32,767"):
        write_csv([["x" * (csv_cell_length_max + 1), "", ""]], header=HEADER)


# --- the file as a whole --------------------------------------------------------------------------


def test_the_file_is_utf8_with_a_bom_and_crlf_line_ends() -> None:
    data = write_csv([["BR-K7Q2-000042-6", "Wanjiků Ñjoroge", Money(500_000)]], header=HEADER)
    text = "Reference,Customer,Amount KES\r\nBR-K7Q2-000042-6,Wanjiků Ñjoroge,5000.00\r\n"
    assert data == UTF8_BOM + text.encode("utf-8")


def test_commas_quotes_and_line_breaks_inside_cells_round_trip() -> None:
    rows = [["Mwangi, Juma", 'Kamau "JK" Njoroge', "Line one\r\nline two"], ["", "", ""]]
    assert read_back(write_csv(rows, header=HEADER))[1:] == rows


def test_the_header_is_neutralised_too() -> None:
    assert read_back(write_csv([], header=["=cmd", "Name", "Amount"]))[0] == ["'=cmd", "Name", "Amount"]


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(st.lists(st.tuples(_TEXT, _TEXT, st.integers(min_value=-10**12, max_value=10**12)), max_size=10))
@settings(max_examples=300)
def test_any_text_reads_back_as_the_text_a_person_sees_and_never_as_a_formula(
    rows: list[tuple[str, str, int]],
) -> None:
    data = write_csv([[a, b, Money(cents)] for a, b, cents in rows], header=HEADER)
    read = read_back(data)[1:]
    assert len(read) == len(rows)
    for (a, b, cents), cells in zip(rows, read, strict=True):
        assert cells[:2] == [neutralise(a), neutralise(b)]
        for cell in cells[:2]:
            # What the spreadsheet sees starts with a harmless character, or with our quote.
            assert cell[:1] not in FORMULA_STARTS and cell.lstrip(" \u3000")[:1] not in FORMULA_SIGNS
        assert int(cells[2].replace(".", "")) == cents
