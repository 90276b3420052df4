"""Payroll runs: the records of a corporate client's salary file and the server's answer per line.

A payroll run pays many employees from one employer's account in one maker-checker request. A file
that passed every check is a PayrollFile of PayrollLines; a refused one is a PayrollRejection listing
every PayrollProblem by the row and column the clerk sees in the spreadsheet, so nothing is booked in
part. The server answers each line booked or refused (PayrollRunResult), and booked plus refused
always equals the file. Reading the file itself is shared_core.payroll_file's job; the run an entry
carries, and the answer line by line, are shared_core.payroll_run's; what it books, payroll_postings'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import ClassVar

from shared_core.accounts import parse_account
from shared_core.canonical import require_int, require_pattern, require_sha256_hex, require_text
from shared_core.errors import IntegrityViolation, InvalidInput
from shared_core.kyc import validate_national_id
from shared_core.money import Money

payroll_rows_max = 5_000  # employees in one run; a bigger employer splits its payroll into runs
# 5,000 rows of the longest cells written as UTF-16 stay well inside this.
payroll_file_bytes_max = 4 * 1024 * 1024
name_length_max = 100
narrative_length_max = 40  # what fits on the employee's statement line
run_id_length_max = 64
reason_length_max = 500
shown_value_length_max = 40  # how much of a bad cell a problem message quotes

SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}  # what a file may use, by the name it is shown as

# Public because shared_core.payroll_file checks cells against the same forms the records require.
CIF_PATTERN = re.compile(r"[A-Z0-9-]{1,40}", re.ASCII)
_CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_RUN_ID = re.compile(rf"[A-Za-z0-9-]{{1,{run_id_length_max}}}", re.ASCII)
CONTROL_CHARACTER_PATTERN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


# --- what a reading gives ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PayrollProblem:
    """One thing wrong with the file, where the clerk will find it in the spreadsheet."""

    row: int  # the spreadsheet's row number; 0 for the file as a whole
    column: str  # e.g. 'B (Account)'; '' when the problem is not one cell's
    code: str  # stable, e.g. 'unknown_national_id'
    message: str

    def __post_init__(self) -> None:
        require_int(self.row, "row", minimum=0)
        require_text(self.column, "column", length_max=80, allow_empty=True)
        require_pattern(self.code, "code", _CODE, "a problem code such as 'bad_amount'")
        require_text(self.message, "message", length_max=reason_length_max)

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row else "File"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message} [{self.code}]"


@dataclass(frozen=True, slots=True)
class PayrollLine:
    """One employee paid: who, into which account, how much."""

    row: int  # where it sits in the spreadsheet, so a refusal can point back at it
    national_id: str
    account: str
    name: str
    amount: Money
    narrative: str

    def __post_init__(self) -> None:
        require_int(self.row, "row", minimum=1)
        if validate_national_id(self.national_id) != self.national_id:
            raise InvalidInput(f"national_id: {self.national_id!r} is not in stored form")
        if str(parse_account(self.account)) != self.account:
            raise InvalidInput(f"account: {self.account!r} is not an account code", field="account")
        _require_cell_text(self.name, "name", name_length_max, allow_empty=False)
        _require_cell_text(self.narrative, "narrative", narrative_length_max, allow_empty=True)
        if not isinstance(self.amount, Money) or not self.amount.is_positive:
            raise InvalidInput(f"amount: a salary is more than zero, not {self.amount!r}", field="amount")


@dataclass(frozen=True, slots=True)
class PayrollFile:
    """A payroll file that passed every check: ready for the maker to submit as a payroll run."""

    employer_cif: str
    pay_date: date
    lines: tuple[PayrollLine, ...]
    line_count: int
    total: Money
    fingerprint: str  # SHA-256 of the exact bytes uploaded: the run's identity, shown to the checker
    encoding: str  # as established, e.g. 'Windows-1252', shown so the maker can confirm the file
    separator: str  # 'comma', 'semicolon' or 'tab'
    rejected: ClassVar[bool] = False

    def __post_init__(self) -> None:
        require_pattern(self.employer_cif, "employer_cif", CIF_PATTERN, "a CIF (capitals, digits and '-')")
        if not isinstance(self.pay_date, date):
            raise TypeError("PayrollFile.pay_date must be a date")
        require_sha256_hex(self.fingerprint, "fingerprint")
        if not isinstance(self.lines, tuple) or not all(isinstance(line, PayrollLine) for line in self.lines):
            raise TypeError("PayrollFile.lines must be a tuple of PayrollLine")
        require_int(self.line_count, "line_count", minimum=1, maximum=payroll_rows_max)
        if len(self.lines) != self.line_count:
            raise InvalidInput(f"line_count: {self.line_count} stated, {len(self.lines)} lines held")
        if not isinstance(self.total, Money) or sum(x.amount.cents for x in self.lines) != self.total.cents:
            raise InvalidInput(f"total: {self.total!r} is not the sum of the lines")
        if len({line.national_id for line in self.lines}) != len(self.lines):
            raise InvalidInput("lines: an employee is paid twice")
        if len({line.account for line in self.lines}) != len(self.lines):
            raise InvalidInput("lines: an account is paid twice")
        if self.separator not in SEPARATORS.values():
            raise InvalidInput(f"separator: {self.separator!r} is not one we read")
        require_text(self.encoding, "encoding", length_max=40)


@dataclass(frozen=True, slots=True)
class PayrollRejection:
    """A payroll file refused as a whole, with every problem found."""

    fingerprint: str
    problems: tuple[PayrollProblem, ...]
    rejected: ClassVar[bool] = True

    def __post_init__(self) -> None:
        require_sha256_hex(self.fingerprint, "fingerprint")
        problems = self.problems
        if not isinstance(problems, tuple) or not all(isinstance(x, PayrollProblem) for x in problems):
            raise TypeError("PayrollRejection.problems must be a tuple of PayrollProblem")
        if not self.problems:
            raise InvalidInput("problems: a rejection says what is wrong")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(problem.code for problem in self.problems)


PayrollReading = PayrollFile | PayrollRejection


# --- what the server answers per line ----------------------------------------------------------


class LineStatus(StrEnum):
    BOOKED = "booked"
    REFUSED = "refused"  # with a code and a reason, e.g. the employee's account is frozen


@dataclass(frozen=True, slots=True)
class PayrollLineResult:
    """The server's answer for one line: booked, or refused with a stable code and a reason."""

    row: int
    national_id: str
    account: str
    name: str
    amount: Money
    status: LineStatus
    code: str | None  # None when booked
    reason: str  # '' when booked; what the employer's clerk reads on the payment advice

    def __post_init__(self) -> None:
        require_int(self.row, "row", minimum=1)
        validate_national_id(self.national_id)
        parse_account(self.account)
        _require_cell_text(self.name, "name", name_length_max, allow_empty=False)
        if not isinstance(self.amount, Money) or not self.amount.is_positive:
            raise InvalidInput(f"amount: a salary is more than zero, not {self.amount!r}", field="amount")
        if not isinstance(self.status, LineStatus):
            raise InvalidInput(f"status: expected a LineStatus, found {self.status!r}", field="status")
        require_text(self.reason, "reason", length_max=reason_length_max, allow_empty=True)
        if self.status is LineStatus.BOOKED:
            if self.code is not None or self.reason:
                raise InvalidInput("a booked line carries no code and no reason", field="code")
        else:
            require_pattern(self.code, "code", _CODE, "an error code such as 'account_frozen'")
            if not self.reason:
                raise InvalidInput("reason: a refused line says in words why", field="reason")

    @classmethod
    def booked(cls, line: PayrollLine) -> PayrollLineResult:
        status = LineStatus.BOOKED
        return cls(line.row, line.national_id, line.account, line.name, line.amount, status, None, "")

    @classmethod
    def refused(cls, line: PayrollLine, code: str, reason: str) -> PayrollLineResult:
        return cls(
            line.row, line.national_id, line.account, line.name, line.amount, LineStatus.REFUSED, code, reason
        )


@dataclass(frozen=True, slots=True)
class PayrollRunResult:
    """The server's answer to a payroll run: one result per line of the file, in the file's order.

    Booked plus refused is always the file's line count and control total: no line is lost.
    """

    run_id: str
    employer_cif: str
    pay_date: date
    fingerprint: str
    line_count: int
    control_total: Money
    lines: tuple[PayrollLineResult, ...]
    _totals: tuple[int, int, int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        require_pattern(self.run_id, "run_id", _RUN_ID, "a run id (letters, digits and '-')")
        require_pattern(self.employer_cif, "employer_cif", CIF_PATTERN, "a CIF (capitals, digits and '-')")
        if not isinstance(self.pay_date, date):
            raise TypeError("PayrollRunResult.pay_date must be a date")
        require_sha256_hex(self.fingerprint, "fingerprint")
        require_int(self.line_count, "line_count", minimum=1, maximum=payroll_rows_max)
        if not isinstance(self.control_total, Money):
            raise TypeError("PayrollRunResult.control_total must be Money")
        if not isinstance(self.lines, tuple) or not all(isinstance(x, PayrollLineResult) for x in self.lines):
            raise TypeError("PayrollRunResult.lines must be a tuple of PayrollLineResult")
        if len(self.lines) != self.line_count:
            raise InvalidInput(
                f"lines: the file has {self.line_count} lines, the answer {len(self.lines)}", field="lines"
            )
        if len({line.row for line in self.lines}) != len(self.lines):
            raise InvalidInput("lines: a row is answered twice", field="lines")
        booked = [line.amount.cents for line in self.lines if line.status is LineStatus.BOOKED]
        refused = [line.amount.cents for line in self.lines if line.status is LineStatus.REFUSED]
        if sum(booked) + sum(refused) != self.control_total.cents:
            raise InvalidInput(
                f"lines: booked {Money(sum(booked)).format()} + refused {Money(sum(refused)).format()} "
                f"is not the control total {self.control_total.format()}",
                field="lines",
            )
        object.__setattr__(self, "_totals", (len(booked), sum(booked), len(refused), sum(refused)))

    @property
    def booked_count(self) -> int:
        return self._totals[0]

    @property
    def booked_total(self) -> Money:
        return Money(self._totals[1])

    @property
    def refused_count(self) -> int:
        return self._totals[2]

    @property
    def refused_total(self) -> Money:
        return Money(self._totals[3])


def check_run_answers(payroll: PayrollFile, run: PayrollRunResult) -> None:
    """IntegrityViolation unless `run` answers exactly the lines of `payroll`, in order."""
    answered = (run.fingerprint, run.employer_cif, run.pay_date, run.line_count, run.control_total)
    if answered != (payroll.fingerprint, payroll.employer_cif, payroll.pay_date, payroll.line_count,
                    payroll.total):
        raise IntegrityViolation(f"Payroll run {run.run_id} answers a different file")
    for line, answer in zip(payroll.lines, run.lines, strict=True):
        if (answer.row, answer.national_id, answer.account, answer.amount) != (
            line.row, line.national_id, line.account, line.amount
        ):
            raise IntegrityViolation(f"The answer for row {line.row} is not for that row's employee")


def _require_cell_text(value: object, name: str, length_max: int, *, allow_empty: bool) -> None:
    text = require_text(value, name, length_max=length_max, allow_empty=allow_empty)
    if text != text.strip() or CONTROL_CHARACTER_PATTERN.search(text):
        shown = text[:shown_value_length_max]
        raise InvalidInput(f"{name}: {shown!r} holds stray spaces or control characters")
