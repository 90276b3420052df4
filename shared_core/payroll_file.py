"""Reading a payroll file: the client's spreadsheet export, read strictly into shared_core.payroll records.

The file comes from the client's spreadsheet (docs/PAYROLL_CSV.md), so reading it copes with what Excel
and LibreOffice write (UTF-8 or UTF-16 with a byte-order mark, Windows-1252; comma, semicolon or tab)
and with nothing vaguer: an encoding or separator that cannot be established is refused, not guessed.
A file with any problem is rejected whole, every problem listed by the row and column the clerk sees
in the spreadsheet, so it is fixed once and uploaded again, never booked in part.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from shared_core.accounts import SLOT_ACCOUNT_TYPES, parse_account
from shared_core.canonical import sha256_hex
from shared_core.errors import DomainError
from shared_core.kyc import validate_national_id
from shared_core.money import Money, amount_cents_max, parse_amount
from shared_core.operations import Slot
from shared_core.payroll import (
    CIF_PATTERN,
    CONTROL_CHARACTER_PATTERN,
    SEPARATORS,
    PayrollFile,
    PayrollLine,
    PayrollProblem,
    PayrollReading,
    PayrollRejection,
    name_length_max,
    narrative_length_max,
    payroll_file_bytes_max,
    payroll_rows_max,
    reason_length_max,
    shown_value_length_max,
)

HEADER_LABELS = ("Employer CIF", "Pay date", "Lines", "Control total")
NATIONAL_ID, ACCOUNT, NAME, AMOUNT, NARRATIVE = "National ID", "Account", "Name", "Amount KES", "Narrative"
COLUMNS = (NATIONAL_ID, ACCOUNT, NAME, AMOUNT, NARRATIVE)
REQUIRED_COLUMNS = (NATIONAL_ID, ACCOUNT, NAME, AMOUNT)
# Salaries are paid into a customer's own deposit account, never a loan, till or ledger account.
PAYEE_ACCOUNT_TYPES = SLOT_ACCOUNT_TYPES[Slot.COUNTERPARTY_ACCOUNT]

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)  # Kenyan spreadsheets: 27/11/2026
_COUNT = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+|\d+", re.ASCII)
_HEADER_START = re.compile(r' *"? *employer +cif *"? *', re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_payroll(
    data: bytes, directory: Mapping[str, Collection[str]], *, employer_cif: str | None = None
) -> PayrollReading:
    """A payroll file as uploaded, checked line by line: a PayrollFile, or a PayrollRejection.

    `directory` says who exists: national ID -> the account codes that customer owns. The server
    passes its customers (at least those whose IDs or accounts the file names: an account outside
    the directory reads as unknown). `employer_cif`, when given, is the corporate customer the
    maker is serving; the file must name the same.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"read_payroll needs bytes, got {type(data).__name__}")
    if not isinstance(directory, Mapping):
        raise TypeError(f"read_payroll needs a Mapping of national IDs, not {type(directory).__name__}")
    data = bytes(data)
    fingerprint = sha256_hex(data)
    if not data:
        return _rejected(fingerprint, "file_empty", "The file is empty; export the payroll sheet again")
    if len(data) > payroll_file_bytes_max:
        return _rejected(
            fingerprint,
            "file_too_large",
            f"The file is {len(data):,} bytes; a payroll file may be at most {payroll_file_bytes_max:,}. "
            "Split the payroll into two runs.",
        )
    decoded = _decode(data)
    if isinstance(decoded, PayrollProblem):
        return PayrollRejection(fingerprint, (decoded,))
    text, encoding = decoded
    separator = _establish_separator(text)
    if isinstance(separator, PayrollProblem):
        return PayrollRejection(fingerprint, (separator,))
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True):
            records.append([cell.strip() for cell in record])
    except csv.Error as error:
        # A quote left open swallows the rest of the file: nothing after it can be read reliably.
        problem = _problem(
            len(records) + 1, "", "bad_quoting",
            f"The quotes in this row do not pair up ({error}); a cell that starts with \" ends with \"",
        )
        return PayrollRejection(fingerprint, (problem,))
    reader = _Reader(directory, separator, employer_cif)
    reader.read(records)
    if reader.problems:
        problems = tuple(sorted(reader.problems, key=lambda problem: problem.row))
        return PayrollRejection(fingerprint, problems)
    assert reader.header is not None
    return PayrollFile(
        employer_cif=reader.header.employer_cif,
        pay_date=reader.header.pay_date,
        lines=tuple(reader.lines),
        line_count=len(reader.lines),
        total=Money(sum(line.amount.cents for line in reader.lines)),
        fingerprint=fingerprint,
        encoding=encoding,
        separator=SEPARATORS[separator],
    )


def column_letter(index: int) -> str:
    """The spreadsheet's name for a 0-based column: 0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    assert index >= 0
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _decode(data: bytes) -> tuple[str, str] | PayrollProblem:
    """The text and the name of its encoding, established from the bytes, or why it cannot be."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _problem(0, "", "encoding_unknown", "The file is UTF-32; save it as CSV UTF-8 instead")
    if data.startswith(codecs.BOM_UTF8):
        codec, label, body = "utf-8", "UTF-8 with BOM", data[len(codecs.BOM_UTF8):]
    elif data.startswith(codecs.BOM_UTF16_LE):
        codec, label, body = "utf-16-le", "UTF-16 LE", data[2:]
    elif data.startswith(codecs.BOM_UTF16_BE):
        codec, label, body = "utf-16-be", "UTF-16 BE", data[2:]
    elif b"\x00" in data:
        return _problem(
            0, "", "encoding_unknown",
            "The file holds zero bytes but no byte-order mark: it looks like UTF-16 saved without one. "
            "Save it from the spreadsheet as 'CSV UTF-8' or 'Unicode Text'.",
        )
    else:
        try:
            return data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            codec, label, body = "cp1252", "Windows-1252", data  # what Excel's plain 'CSV' writes on Windows
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as error:
        return _problem(
            0, "", "encoding_unknown",
            f"The file cannot be read as {label} (byte {error.start + len(data) - len(body)} is not valid); "
            "save it from the spreadsheet as 'CSV UTF-8'",
        )
    if "\x00" in text:
        return _problem(0, "", "encoding_unknown", f"Read as {label}, the file holds zero characters")
    return text, label


def _establish_separator(text: str) -> str | PayrollProblem:
    """The separator, read from the first row: whatever directly follows the 'Employer CIF' label."""
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if not line.strip(" \t,;"):
            continue  # an empty row, or one of only separators
        start = _HEADER_START.match(line)
        if start is None:
            return _problem(
                number, "A", "bad_header",
                f"Row {number} should start with 'Employer CIF', not {_shown(line)}. Is this a payroll file?",
            )
        following = line[start.end():start.end() + 1]
        if following in SEPARATORS:
            return following
        found = repr(following) if following else "nothing"
        return _problem(
            number, "B", "separator_unknown",
            f"After 'Employer CIF' comes {found}, not a comma, semicolon or tab: cells cannot be told apart",
        )
    return _problem(0, "", "file_empty", "The file holds no rows")


@dataclass(frozen=True, slots=True)
class _Header:
    employer_cif: str
    pay_date: date


class _Reader:
    """Walks the records once, collecting every problem rather than stopping at the first."""

    def __init__(
        self, directory: Mapping[str, Collection[str]], separator: str, employer_cif: str | None
    ) -> None:
        self.directory = directory
        self.separator = separator
        self.expected_employer = employer_cif
        self.problems: list[PayrollProblem] = []
        self.lines: list[PayrollLine] = []
        self.header: _Header | None = None
        self.headed_columns: set[int] = set()
        self.first_row_of_id: dict[str, int] = {}
        self.first_row_of_account: dict[str, int] = {}
        self.owners: dict[str, str] = {}
        for national_id, accounts in directory.items():
            if isinstance(accounts, str):  # a lone code would be read letter by letter
                raise TypeError("the directory maps a national ID to a collection of account codes")
            for account in accounts:
                self.owners[account] = national_id

    def add(self, row: int, column: str, code: str, message: str) -> None:
        self.problems.append(_problem(row, column, code, message))

    def read(self, records: list[list[str]]) -> None:
        rows = [(number, _trimmed(record)) for number, record in enumerate(records, start=1)]
        rows = [(number, cells) for number, cells in rows if cells]  # empty rows and rows of separators
        if not rows:
            self.add(0, "", "file_empty", "The file holds no rows")
            return
        header_row, header_cells = rows[0]
        stated_count, stated_total = self._read_header(header_row, header_cells)
        if len(rows) < 2:
            self.add(header_row + 1, "", "missing_column", _headings_wanted("Row 2 should hold the headings"))
            return
        headings_row, headings = rows[1]
        positions = self._read_headings(headings_row, headings)
        employees = rows[2:]
        if not employees:
            self.add(0, "", "no_lines", "The file has no employee rows below the column headings")
            return
        if len(employees) > payroll_rows_max:
            self.add(
                0, "", "too_many_rows",
                f"The file has {len(employees):,} employee rows; a payroll run holds at most "
                f"{payroll_rows_max:,}. Split it into runs.",
            )
        if positions is None:
            return  # without every required column the rows cannot be read
        amounts: list[int] | None = []
        for number, cells in employees[:payroll_rows_max]:
            cents = self._read_line(number, cells, positions)
            if cents is None or cents <= 0:
                amounts = None
            elif amounts is not None:
                amounts.append(cents)
        if len(employees) > payroll_rows_max:
            amounts = None  # rows past the limit went unread
        self._compare_with_header(header_row, len(employees), stated_count, stated_total, amounts)

    def _read_header(self, row: int, cells: list[str]) -> tuple[int | None, int | None]:
        """The header record: 'Employer CIF', CIF, 'Pay date', date, 'Lines', n, 'Control total', amount."""
        labels_right = True
        for position, label in enumerate(HEADER_LABELS):
            found = cells[2 * position] if 2 * position < len(cells) else ""
            if _normalised(found) != _normalised(label):
                labels_right = False
                self.add(
                    row, _column(2 * position, label), "bad_header",
                    f"Expected the label '{label}' here, found {_shown(found) or 'an empty cell'}. "
                    "Row 1 reads: Employer CIF, <CIF>, Pay date, <date>, Lines, <number>, "
                    "Control total, <amount>",
                )
        for index in range(2 * len(HEADER_LABELS), len(cells)):
            if cells[index]:
                self.add(row, _column(index, ""), "extra_column",
                         f"{_shown(cells[index])} is beyond the header record's eight cells; delete it")
        values = [cells[2 * position + 1] if 2 * position + 1 < len(cells) else "" for position in range(4)]
        cif_text, date_text, count_text, total_text = values
        cif = self._header_cif(row, cif_text)
        pay_date = _parse_pay_date(date_text)
        if pay_date is None:
            self.add(row, _column(3, "Pay date"), "bad_pay_date",
                     f"{_shown(date_text) or 'An empty cell'} is not a date; write 2026-11-27 or 27/11/2026")
        count: int | None = None
        if _COUNT.fullmatch(count_text) and int(count_text.replace(",", "")) > 0:
            count = int(count_text.replace(",", ""))
        else:
            self.add(row, _column(5, "Lines"), "bad_line_count",
                     f"{_shown(count_text) or 'An empty cell'} is not a number of lines; write e.g. 12")
        total: int | None = None
        try:
            total = parse_amount(total_text).cents
        except DomainError as error:
            hint = self._decimal_hint(total_text)
            self.add(row, _column(7, "Control total"), "bad_control_total", error.message + hint)
        if labels_right and cif is not None and pay_date is not None:
            self.header = _Header(cif, pay_date)
        return count, total

    def _header_cif(self, row: int, text: str) -> str | None:
        column = _column(1, "Employer CIF")
        if not CIF_PATTERN.fullmatch(text):
            self.add(row, column, "bad_employer_cif",
                     f"{_shown(text) or 'An empty cell'} is not a CIF; copy the employer's, e.g. C0009001")
            return None
        if self.expected_employer is not None and text != self.expected_employer:
            self.add(row, column, "employer_mismatch",
                     f"The file is for employer {text}, but this payroll run is for {self.expected_employer}")
            return None
        return text

    def _read_headings(self, row: int, cells: list[str]) -> dict[str, int] | None:
        """Column positions by heading, any order; None if a required column is missing."""
        wanted = {_normalised(heading): heading for heading in COLUMNS}
        positions: dict[str, int] = {}
        # A column with a heading that is refused here is reported once, not again on every row.
        self.headed_columns = {index for index, cell in enumerate(cells) if cell}
        for index, cell in enumerate(cells):
            heading = wanted.get(_normalised(cell))
            if not cell:
                continue
            if heading is None:
                self.add(row, _column(index, ""), "extra_column",
                         f"{_shown(cell)} is not a column of the payroll format; " + _headings_wanted("use"))
            elif heading in positions:
                self.add(row, _column(index, heading), "duplicate_column",
                         f"'{heading}' is already column {column_letter(positions[heading])}")
            else:
                positions[heading] = index
        missing = [heading for heading in REQUIRED_COLUMNS if heading not in positions]
        for heading in missing:
            message = f"No column is headed '{heading}'. " + _headings_wanted("Use")
            self.add(row, "", "missing_column", message)
        return None if missing else positions


    def _read_line(self, row: int, cells: list[str], positions: dict[str, int]) -> int | None:
        """Check one employee row; its amount in cents when that could be read, for the control total."""
        for index, cell in enumerate(cells):
            if cell and index not in self.headed_columns:
                self.add(row, _column(index, ""), "extra_column",
                         f"{_shown(cell)} is in a column without a heading; delete it")

        def cell_of(heading: str) -> str:
            index = positions.get(heading)
            return cells[index] if index is not None and index < len(cells) else ""

        def where(heading: str) -> str:
            return _column(positions[heading], heading)

        problems_before = len(self.problems)
        for heading in REQUIRED_COLUMNS:
            if not cell_of(heading):
                self.add(row, where(heading), "missing_value", f"The {heading} cell is empty")
        national_id = self._line_national_id(row, cell_of(NATIONAL_ID), where(NATIONAL_ID))
        account = self._line_account(row, cell_of(ACCOUNT), where(ACCOUNT), national_id)
        name = cell_of(NAME)
        if name:
            self._check_text(row, where(NAME), name, name_length_max)
        narrative = cell_of(NARRATIVE)
        if narrative:
            self._check_text(row, where(NARRATIVE), narrative, narrative_length_max)
        amount = self._line_amount(row, cell_of(AMOUNT), where(AMOUNT))
        if len(self.problems) == problems_before:
            assert national_id is not None and account is not None and amount is not None
            self.lines.append(PayrollLine(row, national_id, account, name, amount, narrative))
        return None if amount is None else amount.cents

    def _line_national_id(self, row: int, text: str, column: str) -> str | None:
        if not text:
            return None
        try:
            national_id = validate_national_id(text)
        except DomainError as error:
            self.add(row, column, "bad_national_id", error.message)
            return None
        first = self.first_row_of_id.setdefault(national_id, row)
        if first != row:
            self.add(row, column, "duplicate_national_id",
                     f"National ID {national_id} is already paid on row {first}; one line per employee")
        if national_id not in self.directory:
            self.add(row, column, "unknown_national_id",
                     f"No customer of the bank has national ID {national_id}; open their account first")
            return None
        return national_id

    def _line_account(self, row: int, text: str, column: str, national_id: str | None) -> str | None:
        if not text:
            return None
        try:
            code = parse_account(text)
        except DomainError as error:
            self.add(row, column, "bad_account", error.message)
            return None
        account = str(code)
        if code.type not in PAYEE_ACCOUNT_TYPES:
            kinds = " or ".join(sorted(kind.value for kind in PAYEE_ACCOUNT_TYPES))
            self.add(row, column, "bad_account",
                     f"{account} is a {code.type.value} account; salaries are paid into a {kinds} account")
            return None
        first = self.first_row_of_account.setdefault(account, row)
        if first != row:
            self.add(row, column, "duplicate_account",
                     f"Account {account} is already paid on row {first}; one line per employee")
        owner = self.owners.get(account)
        if owner is None:
            self.add(row, column, "unknown_account", f"The bank holds no account {account}")
            return None
        if national_id is not None and owner != national_id:
            self.add(row, column, "account_not_owned",
                     f"Account {account} does not belong to the customer with national ID {national_id}")
            return None
        return account

    def _line_amount(self, row: int, text: str, column: str) -> Money | None:
        if not text:
            return None
        try:
            amount = parse_amount(text, allow_zero=True, allow_negative=True)
        except DomainError as error:
            self.add(row, column, "bad_amount", error.message + self._decimal_hint(text))
            return None
        if not amount.is_positive:
            self.add(row, column, "amount_not_positive",
                     f"A salary is more than zero; {_shown(text)} cannot be paid")
            return None
        return amount

    def _check_text(self, row: int, column: str, text: str, length_max: int) -> None:
        if len(text) > length_max:
            self.add(row, column, "bad_text", f"{len(text)} characters is more than the {length_max} allowed")
        elif CONTROL_CHARACTER_PATTERN.search(text):
            self.add(row, column, "bad_text",
                     f"{_shown(text)} holds a line break or control character; retype the cell")

    def _decimal_hint(self, text: str) -> str:
        if self.separator == ";" and "," in text:
            return (". This file is separated by semicolons, as Excel writes where the decimal mark is a "
                    "comma: write amounts with a decimal point, e.g. 25000.00")
        return ""

    def _compare_with_header(
        self,
        row: int,
        employees: int,
        stated_count: int | None,
        stated_total: int | None,
        amounts: list[int] | None,
    ) -> None:
        if stated_count is not None and stated_count != employees:
            self.add(row, _column(5, "Lines"), "line_count_mismatch",
                     f"The header says {stated_count:,} lines; the file has {employees:,} employee rows")
        if stated_total is None or amounts is None:
            return  # an amount that cannot be read has its own problem; a sum of the rest would mislead
        found = sum(amounts)
        if found > amount_cents_max:
            self.add(row, _column(7, "Control total"), "control_total_mismatch",
                     "The amounts add up to more than the largest amount the bank accepts; split the run")
        elif found != stated_total:
            stated, added = Money(stated_total).format(), Money(found).format()
            difference = Money(abs(found - stated_total)).format()
            self.add(row, _column(7, "Control total"), "control_total_mismatch",
                     f"The header says the control total is {stated}; the amounts add up to {added} "
                     f"(a difference of {difference})")


def _problem(row: int, column: str, code: str, message: str) -> PayrollProblem:
    return PayrollProblem(row, column, code, message[:reason_length_max])


def _rejected(fingerprint: str, code: str, message: str) -> PayrollRejection:
    return PayrollRejection(fingerprint, (_problem(0, "", code, message),))


def _column(index: int, heading: str) -> str:
    letter = column_letter(index)
    return f"{letter} ({heading})" if heading else letter


def _shown(text: str) -> str:
    """A cell quoted in a message, cut short: a problem names what was found, not a whole file."""
    if not text:
        return ""
    if len(text) > shown_value_length_max:
        text = text[:shown_value_length_max] + "..."
    return repr(text)


def _trimmed(cells: list[str]) -> list[str]:
    """The row without its trailing empty cells: spreadsheets pad rows to the widest one."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _normalised(heading: str) -> str:
    return " ".join(heading.split()).casefold()


def _headings_wanted(prefix: str) -> str:
    return f"{prefix}: " + ", ".join(COLUMNS) + " (Narrative may be left out)"


def _parse_pay_date(text: str) -> date | None:
    match = _ISO_DATE.fullmatch(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _DAY_FIRST_DATE.fullmatch(text)
        if match is None:
            return None
        day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None
