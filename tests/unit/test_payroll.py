"""Payroll files from a corporate client's spreadsheet: what is read, and every way a file is refused.

Worked example used throughout: Wekeza Hardware Ltd (CIF C0009001) pays its November 2026 salaries
on Friday 27 November 2026 to four employees, all customers of the bank:

    row 3  Juma Mwangi      ID 23456789  wallet:C0001234  KES 25,000.00
    row 4  Achieng Otieno   ID 28765432  wallet:C0001301  KES 32,500.00
    row 5  Mutua Kioko      ID 31234567  wallet:C0001302  KES 18,750.50
    row 6  Zoë Wanjiru      ID 9876543   wallet:C0001303  KES 41,200.00   (an older, 7-digit ID)
                                                            -------------
                                         control total     KES 117,450.50

Row 1 is the header record, row 2 the column headings, as docs/PAYROLL_CSV.md describes. Row and
column in every problem are what the clerk sees in the spreadsheet.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core.canonical import sha256_hex
from shared_core.errors import IntegrityViolation, InvalidInput
from shared_core.money import Money, parse_amount
from shared_core.payroll import (
    LineStatus,
    PayrollFile,
    PayrollLine,
    PayrollLineResult,
    PayrollProblem,
    PayrollRejection,
    PayrollRunResult,
    check_run_answers,
    payroll_file_bytes_max,
    payroll_rows_max,
)
from shared_core.payroll_file import column_letter, read_payroll

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = REPO_ROOT / "resources" / "demo" / "payroll_wekeza_hardware.csv"
KES = Money.shillings

HEADINGS = ["National ID", "Account", "Name", "Amount KES", "Narrative"]
EMPLOYEES = [
    ["23456789", "wallet:C0001234", "Juma Mwangi", "25,000.00", "Salary Nov 2026"],
    ["28765432", "wallet:C0001301", "Achieng Otieno", "32,500.00", "Salary Nov 2026"],
    ["31234567", "wallet:C0001302", "Mutua Kioko", "18,750.50", "Salary Nov 2026"],
    ["9876543", "wallet:C0001303", "Zoë Wanjiru", "41,200.00", "Salary Nov 2026"],
]
# Who the bank knows: national ID -> the accounts that customer owns. Wekeza Hardware's own
# account is there too (under its registration number), as the server's directory would hold it.
DIRECTORY: dict[str, tuple[str, ...]] = {
    "23456789": ("wallet:C0001234", "savings:C0001234"),
    "28765432": ("wallet:C0001301",),
    "31234567": ("wallet:C0001302",),
    "9876543": ("wallet:C0001303",),
    "PVT-2016-48213": ("wallet:C0009001",),
}
# The sample's employees besides Juma are not in resources/demo/seed.json yet: the lead adds them.
PROPOSED_SEED_CUSTOMERS = [
    {"cif": "C0001301", "national_id": "28765432", "full_name": "Achieng Otieno", "phone": "254722100201",
     "kyc_tier": 2},
    {"cif": "C0001302", "national_id": "31234567", "full_name": "Mutua Kioko", "phone": "254733100202",
     "kyc_tier": 2},
    {"cif": "C0001303", "national_id": "9876543", "full_name": "Wanjiků Ñjoroge", "phone": "254711100203",
     "kyc_tier": 1},
]


# --- builders ------------------------------------------------------------------------------------


def header_record(*, cif: str = "C0009001", pay_date: str = "2026-11-27", lines: str = "4",
                  total: str = "117,450.50") -> list[str]:
    return ["Employer CIF", cif, "Pay date", pay_date, "Lines", lines, "Control total", total]


def make_rows(employees: list[list[str]] | None = None, **header: str) -> list[list[str]]:
    employees = EMPLOYEES if employees is None else employees
    return [header_record(**header), HEADINGS, *employees]


def encode(rows: list[list[str]], *, encoding: str = "utf-8-sig", separator: str = ",",
           line_end: str = "\r\n") -> bytes:
    """The file a spreadsheet writes: csv quoting, the chosen separator, encoding and line ends."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator=line_end).writerows(rows)
    text = buffer.getvalue()
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


def make_file(employees: list[list[str]] | None = None, **header: str) -> bytes:
    return encode(make_rows(employees, **header))


def accepted(data: bytes, directory: dict[str, tuple[str, ...]] = DIRECTORY, **kwargs: str) -> PayrollFile:
    result = read_payroll(data, directory, **kwargs)
    assert isinstance(result, PayrollFile), "\n".join(str(problem) for problem in result.problems)
    return result


def rejected(
    data: bytes, directory: dict[str, tuple[str, ...]] = DIRECTORY, **kwargs: str
) -> PayrollRejection:
    result = read_payroll(data, directory, **kwargs)
    assert isinstance(result, PayrollRejection), "the file was accepted"
    assert result.rejected and result.fingerprint == sha256_hex(data)
    return result


def only_problem(data: bytes, **kwargs: str) -> PayrollProblem:
    problems = rejected(data, **kwargs).problems
    assert len(problems) == 1, "\n".join(str(problem) for problem in problems)
    return problems[0]


def with_employee(row: int, column: int, value: str) -> list[list[str]]:
    """The four employees with one cell changed; `row` counts from the first employee (0)."""
    employees = [list(employee) for employee in EMPLOYEES]
    employees[row][column] = value
    return employees


# --- a valid file ------------------------------------------------------------------------------


def test_the_demo_sample_is_a_valid_payroll_for_wekeza_hardware() -> None:
    seed = json.loads((REPO_ROOT / "resources" / "demo" / "seed.json").read_text(encoding="utf-8"))
    directory: dict[str, tuple[str, ...]] = {}
    for customer in seed["customers"] + PROPOSED_SEED_CUSTOMERS:
        directory[customer["national_id"]] = (f"wallet:{customer['cif']}",)
    data = SAMPLE.read_bytes()
    payroll = accepted(data, directory, employer_cif="C0009001")
    assert (payroll.employer_cif, payroll.pay_date) == ("C0009001", date(2026, 11, 27))
    assert (payroll.line_count, payroll.total) == (4, parse_amount("117,450.50"))
    assert payroll.fingerprint == sha256_hex(data)
    assert payroll.lines[0] == PayrollLine(3, "23456789", "wallet:C0001234", "Juma Mwangi", KES(25_000),
                                           "Salary Nov 2026")
    assert payroll.lines[3].name == "Wanjiků Ñjoroge"
    assert (payroll.encoding, payroll.separator) == ("UTF-8 with BOM", "comma")


def test_a_valid_file_gives_each_line_with_its_spreadsheet_row() -> None:
    payroll = accepted(make_file())
    assert [(line.row, line.national_id, line.account, line.amount) for line in payroll.lines] == [
        (3, "23456789", "wallet:C0001234", KES(25_000)),
        (4, "28765432", "wallet:C0001301", KES(32_500)),
        (5, "31234567", "wallet:C0001302", Money(1_875_050)),
        (6, "9876543", "wallet:C0001303", KES(41_200)),
    ]
    assert payroll.total == Money(11_745_050) and not payroll.rejected


@pytest.mark.parametrize(
    ("encoding", "separator", "label"),
    [
        ("utf-8", ",", "UTF-8"),  # LibreOffice's default
        ("utf-8-sig", ",", "UTF-8 with BOM"),  # Excel's "CSV UTF-8"
        ("utf-16-le-bom", "\t", "UTF-16 LE"),  # Excel's "Unicode Text" on Windows
        ("utf-16-be-bom", "\t", "UTF-16 BE"),
        ("cp1252", ",", "Windows-1252"),  # Excel's plain "CSV" on Windows
        ("cp1252", ";", "Windows-1252"),  # ... where Windows uses a decimal comma
    ],
)
def test_each_encoding_a_spreadsheet_writes_is_read(encoding: str, separator: str, label: str) -> None:
    payroll = accepted(encode(make_rows(), encoding=encoding, separator=separator))
    assert payroll.encoding == label
    assert payroll.lines[3].name == "Zoë Wanjiru"  # ë is 0xEB in Windows-1252, two bytes in UTF-8
    assert payroll.total == Money(11_745_050)


@pytest.mark.parametrize(("separator", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
@pytest.mark.parametrize("line_end", ["\r\n", "\n"])
def test_each_separator_and_line_end_is_read(separator: str, name: str, line_end: str) -> None:
    # A name holding every separator is quoted by the spreadsheet and read back whole.
    employees = with_employee(0, 2, 'Mwangi, Juma; "JM"')
    payroll = accepted(encode(make_rows(employees), separator=separator, line_end=line_end))
    assert payroll.separator == name
    assert payroll.lines[0].name == 'Mwangi, Juma; "JM"'


def test_trailing_empty_rows_and_rows_of_separators_are_ignored() -> None:
    # Excel pads each row to the widest one and exports formatted-but-empty rows below the data.
    text = make_file().decode("utf-8-sig").replace("\r\n", ",,,\r\n") + ",,,,,,,\r\n\r\n , ,\r\n \r\n"
    payroll = accepted(text.encode("utf-8"))
    assert payroll.line_count == 4


def test_an_empty_row_between_employees_keeps_the_spreadsheet_row_numbers() -> None:
    rows = make_rows()
    rows.insert(3, [])  # a gap after Juma: Achieng is now in spreadsheet row 5
    payroll = accepted(encode(rows))
    assert [line.row for line in payroll.lines] == [3, 5, 6, 7]


def test_columns_may_come_in_any_order_and_narrative_may_be_left_out() -> None:
    rows = [header_record(), ["amount kes", "NAME", "Account", "National  ID"]]
    rows += [[employee[3], employee[2], employee[1], employee[0]] for employee in EMPLOYEES]
    payroll = accepted(encode(rows))
    assert [line.narrative for line in payroll.lines] == ["", "", "", ""]
    assert payroll.lines[2].amount == Money(1_875_050)


@pytest.mark.parametrize("pay_date", ["2026-11-27", "27/11/2026"])
def test_the_pay_date_is_iso_or_day_first(pay_date: str) -> None:
    assert accepted(make_file(pay_date=pay_date)).pay_date == date(2026, 11, 27)


@pytest.mark.parametrize("amount", ["25000", "25,000", "25000.00", "25,000.0", "KES 25,000", "25,000/="])
def test_amounts_as_clerks_write_them(amount: str) -> None:
    employees = with_employee(0, 3, amount)
    assert accepted(make_file(employees)).lines[0].amount == KES(25_000)


def test_spaces_inside_a_national_id_are_dropped() -> None:
    assert accepted(make_file(with_employee(0, 0, "23 456 789"))).lines[0].national_id == "23456789"


def test_the_employer_of_the_run_must_be_the_file_s() -> None:
    assert accepted(make_file(), employer_cif="C0009001").employer_cif == "C0009001"
    problem = only_problem(make_file(), employer_cif="C0005555")
    assert (problem.row, problem.column, problem.code) == (1, "B (Employer CIF)", "employer_mismatch")
    assert "C0009001" in problem.message and "C0005555" in problem.message


# --- files whose encoding or separator cannot be established ------------------------------------


def test_utf16_without_a_byte_order_mark_is_refused_not_guessed() -> None:
    problem = only_problem(make_rows_text().encode("utf-16-le"))
    assert (problem.row, problem.code) == (0, "encoding_unknown")
    assert "byte-order mark" in problem.message


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused() -> None:
    # 0x81 is undefined in Windows-1252, and a lone continuation byte in UTF-8.
    problem = only_problem(make_rows_text().encode("cp1252").replace(b"Juma", b"Ju\x81ma"))
    assert problem.code == "encoding_unknown" and "Windows-1252" in problem.message


def test_utf32_is_refused() -> None:
    problem = only_problem(codecs.BOM_UTF32_LE + make_rows_text().encode("utf-32-le"))
    assert problem.code == "encoding_unknown" and "UTF-32" in problem.message


def test_a_separator_other_than_comma_semicolon_or_tab_is_refused() -> None:
    problem = only_problem(encode(make_rows(), separator="|"))
    assert (problem.row, problem.code) == (1, "separator_unknown")
    assert "'|'" in problem.message


def test_a_file_that_is_not_a_payroll_is_refused_at_its_first_row() -> None:
    problem = only_problem(b"\r\nDate,Description,Amount\r\n2026-11-01,Rent,50000\r\n")
    assert (problem.row, problem.column, problem.code) == (2, "A", "bad_header")


def test_an_empty_file_is_refused() -> None:
    assert only_problem(b"").code == "file_empty"
    assert only_problem(b"\r\n,,,\r\n").code == "file_empty"


def test_a_file_over_the_size_limit_is_refused_unread() -> None:
    problem = only_problem(make_file() + b" " * payroll_file_bytes_max)
    assert problem.code == "file_too_large" and f"{payroll_file_bytes_max:,}" in problem.message


def test_quotes_that_do_not_pair_up_are_refused_with_their_row() -> None:
    text = make_rows_text().replace("Mutua Kioko", '"Mutua" Kioko')
    problem = only_problem(text.encode("utf-8"))
    assert (problem.row, problem.code) == (5, "bad_quoting")


def make_rows_text() -> str:
    return make_file().decode("utf-8-sig")


# --- every defect in a row, with its row and column -------------------------------------------------


@pytest.mark.parametrize(
    ("employee", "column", "value", "where", "code"),
    [
        (0, 0, "2345678A", "A (National ID)", "bad_national_id"),
        (0, 0, "02345678", "A (National ID)", "bad_national_id"),  # a leading zero is padding
        (0, 0, "123456", "A (National ID)", "bad_national_id"),
        (0, 0, "34567890", "A (National ID)", "unknown_national_id"),
        (1, 1, "wallet C0001301", "B (Account)", "bad_account"),
        (1, 1, "wallet:c0001301", "B (Account)", "bad_account"),  # codes are capitals
        (1, 1, "loan:L-000123", "B (Account)", "bad_account"),  # salaries go to deposit accounts
        (1, 1, "wallet:C0007777", "B (Account)", "unknown_account"),
        (1, 1, "wallet:C0009001", "B (Account)", "account_not_owned"),  # the employer's own wallet
        (1, 1, "savings:C0001234", "B (Account)", "account_not_owned"),  # Juma's savings, on Achieng's row
        (2, 3, "25 000", "D (Amount KES)", "bad_amount"),
        (2, 3, "1e3", "D (Amount KES)", "bad_amount"),
        (2, 3, "25,00", "D (Amount KES)", "bad_amount"),
        (2, 3, "25000.505", "D (Amount KES)", "bad_amount"),
        (2, 3, "twenty", "D (Amount KES)", "bad_amount"),
        (2, 3, "-18,750.50", "D (Amount KES)", "amount_not_positive"),
        (2, 3, "0.00", "D (Amount KES)", "amount_not_positive"),
        (3, 2, "", "C (Name)", "missing_value"),
        (3, 2, "W" * 101, "C (Name)", "bad_text"),
        (3, 2, "Zoë\nWanjiru", "C (Name)", "bad_text"),
        (3, 4, "Salary for the month of November 2026, with arrears", "E (Narrative)", "bad_text"),
        (3, 0, "", "A (National ID)", "missing_value"),
        (3, 1, "", "B (Account)", "missing_value"),
    ],
)
def test_each_defect_is_reported_at_its_row_and_column(
    employee: int, column: int, value: str, where: str, code: str
) -> None:
    employees = with_employee(employee, column, value)
    problems = rejected(make_file(employees)).problems
    found = [(p.row, p.column, p.code) for p in problems]
    assert (employee + 3, where, code) in found, found
    # A defective amount leaves the total unknowable: no second, misleading control-total problem.
    assert all(p.row == employee + 3 for p in problems), found


def test_amount_messages_say_what_is_wrong() -> None:
    problems = rejected(make_file(with_employee(0, 3, "1e3"))).problems
    assert "scientific notation" in problems[0].message


def test_a_semicolon_file_with_decimal_commas_is_told_to_use_a_point() -> None:
    employees = with_employee(0, 3, "25000,00")
    problem = rejected(encode(make_rows(employees), separator=";")).problems[0]
    assert problem.code == "bad_amount" and "decimal point" in problem.message


def test_the_same_employee_twice_is_refused_on_the_second_row() -> None:
    employees = [*EMPLOYEES, EMPLOYEES[0]]
    problems = rejected(make_file(employees, lines="5", total="142,450.50")).problems
    assert [(p.row, p.column, p.code) for p in problems] == [
        (7, "A (National ID)", "duplicate_national_id"),
        (7, "B (Account)", "duplicate_account"),
    ]
    assert "row 3" in problems[0].message


def test_the_same_account_under_two_ids_is_refused() -> None:
    employees = with_employee(1, 1, "wallet:C0001234")  # Achieng's line pays into Juma's wallet
    codes = [(p.row, p.code) for p in rejected(make_file(employees)).problems]
    assert (4, "duplicate_account") in codes and (4, "account_not_owned") in codes


def test_a_wrong_line_count_says_both_figures() -> None:
    problem = only_problem(make_file(lines="5"))
    assert (problem.row, problem.column, problem.code) == (1, "F (Lines)", "line_count_mismatch")
    assert "5 lines" in problem.message and "4 employee rows" in problem.message


def test_a_wrong_control_total_says_both_figures_and_the_difference() -> None:
    problem = only_problem(make_file(total="117,540.50"))  # two digits swapped
    assert (problem.row, problem.column, problem.code) == (1, "H (Control total)", "control_total_mismatch")
    for figure in ("KES 117,540.50", "KES 117,450.50", "KES 90.00"):
        assert figure in problem.message


def test_too_many_rows_are_refused() -> None:
    employees = [
        [str(10_000_000 + n), f"wallet:C{n:07d}", f"Employee {n}", "100"] for n in range(payroll_rows_max + 1)
    ]
    directory = {employee[0]: (employee[1],) for employee in employees}
    total = f"{(payroll_rows_max + 1) * 100:,}"
    rows = [header_record(lines=str(payroll_rows_max + 1), total=total), HEADINGS[:4], *employees]
    problem = only_problem_in(encode(rows), directory)
    assert problem.code == "too_many_rows" and f"{payroll_rows_max:,}" in problem.message
    # Exactly the limit is a valid run.
    rows = [header_record(lines=str(payroll_rows_max), total=f"{payroll_rows_max * 100:,}"), HEADINGS[:4],
            *employees[:payroll_rows_max]]
    assert accepted(encode(rows), directory).line_count == payroll_rows_max


def only_problem_in(data: bytes, directory: dict[str, tuple[str, ...]]) -> PayrollProblem:
    problems = rejected(data, directory).problems
    assert len(problems) == 1, [str(problem) for problem in problems]
    return problems[0]


def test_missing_columns_are_named() -> None:
    rows = [header_record(), ["National ID", "Name", "Narrative"], *[[e[0], e[2], e[4]] for e in EMPLOYEES]]
    problems = rejected(encode(rows)).problems
    assert [(p.row, p.code) for p in problems] == [(2, "missing_column"), (2, "missing_column")]
    assert "'Account'" in problems[0].message and "'Amount KES'" in problems[1].message


def test_an_extra_column_is_reported_once_at_its_heading() -> None:
    rows = [header_record(), [*HEADINGS, "Department"], *[[*e, "Stores"] for e in EMPLOYEES]]
    problem = only_problem(encode(rows))
    assert (problem.row, problem.column, problem.code) == (2, "F", "extra_column")


def test_a_value_beyond_the_headings_is_reported_in_its_row() -> None:
    employees = [list(e) for e in EMPLOYEES]
    employees[2] += ["", "see note"]
    problem = only_problem(make_file(employees))
    assert (problem.row, problem.column, problem.code) == (5, "G", "extra_column")


def test_a_repeated_heading_is_refused() -> None:
    rows = [header_record(), [*HEADINGS, "Name"], *EMPLOYEES]
    problem = only_problem(encode(rows))
    assert (problem.row, problem.column, problem.code) == (2, "F (Name)", "duplicate_column")


def test_a_file_without_employee_rows_is_refused() -> None:
    assert [p.code for p in rejected(encode([header_record(), HEADINGS])).problems] == ["no_lines"]
    assert [p.code for p in rejected(encode([header_record()])).problems] == ["missing_column"]


@pytest.mark.parametrize(
    ("change", "column", "code"),
    [
        ({"cif": "c0009001"}, "B (Employer CIF)", "bad_employer_cif"),
        ({"pay_date": "31/02/2026"}, "D (Pay date)", "bad_pay_date"),
        ({"pay_date": "11/27/2026"}, "D (Pay date)", "bad_pay_date"),  # month first is not Kenyan
        ({"pay_date": "27 Nov 2026"}, "D (Pay date)", "bad_pay_date"),
        ({"lines": "four"}, "F (Lines)", "bad_line_count"),
        ({"lines": "0"}, "F (Lines)", "bad_line_count"),
        ({"total": "117450,50"}, "H (Control total)", "bad_control_total"),
    ],
)
def test_each_header_defect_is_reported(change: dict[str, str], column: str, code: str) -> None:
    problem = only_problem(make_file(**change))
    assert (problem.row, problem.column, problem.code) == (1, column, code)


def test_header_labels_must_be_where_the_format_puts_them() -> None:
    rows = make_rows()
    rows[0] = ["Employer CIF", "C0009001", "Date", "2026-11-27", "Lines", "4", "Total", "117,450.50", "", "x"]
    problems = rejected(encode(rows)).problems
    assert [(p.column, p.code) for p in problems] == [
        ("C (Pay date)", "bad_header"), ("G (Control total)", "bad_header"), ("J", "extra_column")
    ]


def test_every_problem_is_listed_not_only_the_first() -> None:
    """A clerk's worst file: each defect found in one pass, in the order of the spreadsheet."""
    employees = [
        ["23456789", "wallet:C0001234", "Juma Mwangi", "25 000", ""],  # row 3: spaced amount
        ["2876543X", "wallet:C0001301", "Achieng Otieno", "32,500.00", ""],  # row 4: letter in the ID
        ["31234567", "wallet:C0009999", "Mutua Kioko", "18,750.50", ""],  # row 5: no such account
        ["23456789", "wallet:C0001303", "Zoë Wanjiru", "-41,200.00", ""],  # row 6: Juma again, negative
    ]
    problems = rejected(make_file(employees, pay_date="2026-13-01")).problems
    assert [(p.row, p.code) for p in problems] == [
        (1, "bad_pay_date"),
        (3, "bad_amount"),
        (4, "bad_national_id"),
        (5, "unknown_account"),
        (6, "duplicate_national_id"),
        (6, "account_not_owned"),
        (6, "amount_not_positive"),
    ]
    assert str(problems[1]).startswith("Row 3, column D (Amount KES): '25 000' is not an amount")


# --- the server's answers ---------------------------------------------------------------------------


def make_run(
    payroll: PayrollFile, refused_rows: dict[int, tuple[str, str]] | None = None
) -> PayrollRunResult:
    refused_rows = refused_rows or {}
    results = tuple(
        PayrollLineResult.refused(line, *refused_rows[line.row]) if line.row in refused_rows
        else PayrollLineResult.booked(line)
        for line in payroll.lines
    )
    return PayrollRunResult("PR-2026-0001", payroll.employer_cif, payroll.pay_date, payroll.fingerprint,
                            payroll.line_count, payroll.total, results)


def test_a_run_counts_booked_and_refused_lines() -> None:
    payroll = accepted(make_file())
    cap = "The salary would take the wallet past its KYC tier 1 balance cap of KES 100,000.00"
    frozen = "Mutua Kioko's account is frozen"
    run = make_run(payroll, {5: ("account_frozen", frozen), 6: ("limit_exceeded", cap)})
    assert (run.booked_count, run.booked_total) == (2, KES(57_500))
    assert (run.refused_count, run.refused_total) == (2, Money(5_995_050))
    assert run.booked_total + run.refused_total == payroll.total
    assert run.lines[2].status is LineStatus.REFUSED and run.lines[2].code == "account_frozen"
    check_run_answers(payroll, run)


def test_a_refused_line_names_its_code_and_reason_and_a_booked_line_neither() -> None:
    line = accepted(make_file()).lines[0]
    with pytest.raises(InvalidInput, match="reason"):
        PayrollLineResult.refused(line, "account_frozen", "")
    with pytest.raises(InvalidInput, match="code"):
        PayrollLineResult.refused(line, "Account Frozen!", "frozen")
    with pytest.raises(InvalidInput, match="booked"):
        replace(PayrollLineResult.booked(line), code="account_frozen")


def test_a_run_whose_lines_do_not_make_the_control_total_cannot_exist() -> None:
    payroll = accepted(make_file())
    run = make_run(payroll)
    with pytest.raises(InvalidInput, match="control total"):
        replace(run, control_total=payroll.total + Money(1))
    with pytest.raises(InvalidInput, match="4 lines"):
        replace(run, lines=run.lines[:3], control_total=payroll.total - payroll.lines[3].amount)


def test_answers_for_another_file_are_an_integrity_violation() -> None:
    payroll = accepted(make_file())
    other = accepted(encode(make_rows(), separator=";"))  # the same lines, different bytes
    with pytest.raises(IntegrityViolation, match="different file"):
        check_run_answers(payroll, make_run(other))


def test_column_letters_are_the_spreadsheet_s() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"
    ]


# --- property: a valid generated file round-trips ---------------------------------------------------

# Names from letters Windows-1252 can hold too, with the separators and quotes a name might carry.
_NAME_CHARACTERS = st.sampled_from("ABCDEJKMNOWabcdeghijkmnortuwyzéëïñ ,;'\"-.")
_FORMATS = st.sampled_from([
    ("utf-8", ","), ("utf-8-sig", ","), ("utf-8-sig", ";"), ("utf-16-le-bom", "\t"), ("utf-16-be-bom", "\t"),
    ("cp1252", ","), ("cp1252", ";"), ("utf-8", "\t"),
])


GeneratedLine = tuple[str, str, str, Money, str]  # national ID, account, name, amount, narrative


@st.composite
def payroll_files(draw: st.DrawFn) -> tuple[list[GeneratedLine], bytes]:
    count = draw(st.integers(min_value=1, max_value=25))
    ids = draw(st.lists(st.integers(min_value=1_000_000, max_value=99_999_999), min_size=count,
                        max_size=count, unique=True))
    lines = []
    for number, national_id in enumerate(ids):
        name = draw(st.text(_NAME_CHARACTERS, min_size=1, max_size=40).map(str.strip).filter(bool))
        amount = Money(draw(st.integers(min_value=1, max_value=10_000_000_00)))
        narrative = draw(st.sampled_from(["", "Salary Nov 2026", "Overtime; bonus"]))
        kind = draw(st.sampled_from(["wallet", "savings"]))
        lines.append((str(national_id), f"{kind}:C{number:07d}", name, amount, narrative))
    total = Money(sum(line[3].cents for line in lines))
    rows = [header_record(lines=str(count), total=total.format(currency=False)), HEADINGS]
    for national_id, account, name, amount, narrative in lines:
        amount_text = draw(st.sampled_from(_amount_styles(amount)))
        rows.append([national_id, account, name, amount_text, narrative])
    encoding, separator = draw(_FORMATS)
    line_end = draw(st.sampled_from(["\r\n", "\n"]))
    return lines, encode(rows, encoding=encoding, separator=separator, line_end=line_end)


def _amount_styles(amount: Money) -> list[str]:
    """How a spreadsheet may write this amount: '1,250.50', '1250.50', and '1250' for whole shillings."""
    whole, cents = divmod(amount.cents, 100)
    styles = [amount.format(currency=False), f"{whole}.{cents:02d}"]
    return styles + [str(whole)] if cents == 0 else styles


@given(payroll_files())
@settings(max_examples=200, deadline=None)
def test_a_valid_generated_file_round_trips(generated: tuple[list[GeneratedLine], bytes]) -> None:
    lines, data = generated
    directory = {national_id: (account,) for national_id, account, _, _, _ in lines}
    payroll = accepted(data, directory)
    assert [(x.national_id, x.account, x.name, x.amount, x.narrative) for x in payroll.lines] == lines
    assert [line.row for line in payroll.lines] == list(range(3, 3 + len(lines)))
    assert payroll.total == Money(sum(line[3].cents for line in lines))
    assert payroll.fingerprint == sha256_hex(data)
