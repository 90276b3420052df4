"""A payroll run as its journal entry carries it, each line's answer, and the answer on the wire.

The maker's device turns an accepted file (shared_core.payroll.PayrollFile) into a PayrollRun: the
run's id, the employer, the pay date, the file's fingerprint, the total (the entry's amount) and
every line. It travels in the entry's details (`details.payroll`), so head office books exactly
what the maker saw, and the run is in the hash chain like any entry.

When a checker approves, head office answers each line (`answer_lines`): booked, or refused with a
stable code and a reason, by what it holds about the line's account (a Payee). If the employer's
account cannot pay every line that could be booked, none is: those lines are refused for
insufficient funds and nothing moves. The answer reaches the maker's device in the pull as a
PayrollRunAnswer, which names only the refused lines; the device rebuilds the whole result from the
run it holds, so an answer can never describe other lines than the ones submitted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from shared_core.accounts import SLOT_ACCOUNT_TYPES, account_code_length_max, parse_account
from shared_core.canonical import (
    require_fields,
    require_int,
    require_pattern,
    require_sha256_hex,
    require_text,
)
from shared_core.errors import IntegrityViolation, InvalidInput, InvalidOperation
from shared_core.journal import payroll_run_body_bytes_max, require_device_code
from shared_core.kyc import national_id_digits_max
from shared_core.money import Money, amount_cents_max
from shared_core.operations import Operation, OperationKind, Slot
from shared_core.payroll import (
    CIF_PATTERN,
    LineStatus,
    PayrollFile,
    PayrollLine,
    PayrollLineResult,
    PayrollRunResult,
    name_length_max,
    narrative_length_max,
    payroll_rows_max,
    reason_length_max,
    run_id_length_max,
)

# Salaries are paid into a customer's deposit account, as a transfer's payee is.
PAYEE_ACCOUNT_TYPES = SLOT_ACCOUNT_TYPES[Slot.COUNTERPARTY_ACCOUNT]
row_number_max = 1_048_576  # the last row a spreadsheet has
checker_name_length_max = 200
# The order of a line's cells on the wire: a list, not an object, as a run repeats it 5,000 times.
LINE_FIELDS = ("row", "national_id", "account", "name", "amount_cents", "narrative")
RUN_FIELDS = ("run_id", "employer_cif", "pay_date", "fingerprint", "total_cents", "lines")
ANSWER_FIELDS = (
    "run_id",
    "fingerprint",
    "checker",
    "checker_name",
    "booked_count",
    "booked_total_cents",
    "refused",
)

_RUN_ID = re.compile(r"PR-[0-9A-Z]{4}-[0-9]{6,12}", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_CODE = re.compile(r"[a-z][a-z0-9_]{0,63}", re.ASCII)

# The largest a line can encode to: every cell at its longest, text of 4-byte UTF-8 characters
# (a quote escapes to 2 bytes, and control characters are refused), plus brackets, quotes, commas.
_LINE_WIRE_BYTES_MAX = (
    len(str(row_number_max))
    + (national_id_digits_max + 2)
    + (account_code_length_max + 2)
    + (4 * name_length_max + 2)
    + len(str(amount_cents_max))
    + (4 * narrative_length_max + 2)
    + len(LINE_FIELDS)
    + 1
)
_RUN_ENVELOPE_BYTES_MAX = 4 * 1024  # the run's other fields, the operation and the other details
assert payroll_rows_max * _LINE_WIRE_BYTES_MAX + _RUN_ENVELOPE_BYTES_MAX <= payroll_run_body_bytes_max, (
    "a run of payroll_rows_max lines at their longest fits one entry"
)


def payroll_run_id(device_code: str, sequence: int) -> str:
    """The id of the run carried by this device's entry `sequence`: 'PR-K7Q2-000042'. Unique
    without a network, as the entry's reference is, and head office checks it names that entry."""
    require_device_code(device_code, "device_code")
    require_int(sequence, "sequence", minimum=1, maximum=10**12 - 1)
    return f"PR-{device_code}-{sequence:06d}"


@dataclass(frozen=True, slots=True)
class PayrollRun:
    """A payroll run as submitted: what the maker's file said, line for line, under the run's id."""

    run_id: str
    employer_cif: str
    pay_date: date
    fingerprint: str  # SHA-256 of the file uploaded: the same file twice is the same payroll
    total: Money  # the entry's amount
    lines: tuple[PayrollLine, ...]

    def __post_init__(self) -> None:
        require_pattern(self.run_id, "payroll.run_id", _RUN_ID, "a run id such as PR-K7Q2-000042")
        assert len(self.run_id) <= run_id_length_max
        require_pattern(
            self.employer_cif, "payroll.employer_cif", CIF_PATTERN, "a CIF (capitals, digits and '-')"
        )
        if type(self.pay_date) is not date:
            raise InvalidInput("payroll.pay_date: expected a date", field="payroll.pay_date")
        require_sha256_hex(self.fingerprint, "payroll.fingerprint")
        if not isinstance(self.lines, tuple) or not all(isinstance(line, PayrollLine) for line in self.lines):
            raise TypeError("PayrollRun.lines must be a tuple of PayrollLine")
        if not 1 <= len(self.lines) <= payroll_rows_max:
            raise InvalidInput(
                f"payroll.lines: a run pays 1 to {payroll_rows_max:,} employees, not {len(self.lines):,}",
                field="payroll.lines",
            )
        rows = [line.row for line in self.lines]
        if rows != sorted(set(rows)) or rows[-1] > row_number_max:
            raise InvalidInput("payroll.lines: rows in the file's order, each once", field="payroll.lines")
        if len({line.national_id for line in self.lines}) != len(self.lines):
            raise InvalidInput("payroll.lines: an employee is paid twice", field="payroll.lines")
        if len({line.account for line in self.lines}) != len(self.lines):
            raise InvalidInput("payroll.lines: an account is paid twice", field="payroll.lines")
        if not isinstance(self.total, Money) or self.total.cents != sum(
            line.amount.cents for line in self.lines
        ):
            raise InvalidInput(
                f"payroll.total: {self.total!r} is not the sum of the lines", field="payroll.total"
            )

    @property
    def line_count(self) -> int:
        return len(self.lines)

    @classmethod
    def of_file(cls, run_id: str, payroll: PayrollFile) -> PayrollRun:
        if not isinstance(payroll, PayrollFile):
            raise TypeError(f"PayrollRun.of_file needs a PayrollFile, got {type(payroll).__name__}")
        return cls(
            run_id, payroll.employer_cif, payroll.pay_date, payroll.fingerprint, payroll.total, payroll.lines
        )

    def to_body(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "employer_cif": self.employer_cif,
            "pay_date": self.pay_date.isoformat(),
            "fingerprint": self.fingerprint,
            "total_cents": self.total.cents,
            "lines": [
                [line.row, line.national_id, line.account, line.name, line.amount.cents, line.narrative]
                for line in self.lines
            ],
        }

    @classmethod
    def from_body(cls, body: object) -> PayrollRun:
        """The run an entry's `details.payroll` holds; InvalidInput naming the first thing wrong."""
        fields = require_fields(body, RUN_FIELDS, "payroll")
        lines = fields["lines"]
        if not isinstance(lines, list | tuple) or not 1 <= len(lines) <= payroll_rows_max:
            raise InvalidInput(
                f"payroll.lines: a list of 1 to {payroll_rows_max:,} lines", field="payroll.lines"
            )
        return cls(
            run_id=require_text(fields["run_id"], "payroll.run_id", length_max=run_id_length_max),
            employer_cif=require_text(fields["employer_cif"], "payroll.employer_cif", length_max=40),
            pay_date=_date(fields["pay_date"], "payroll.pay_date"),
            fingerprint=require_sha256_hex(fields["fingerprint"], "payroll.fingerprint"),
            total=_cents(fields["total_cents"], "payroll.total_cents"),
            lines=tuple(_line(cells, index) for index, cells in enumerate(lines)),
        )


def _line(cells: object, index: int) -> PayrollLine:
    field = f"payroll.lines[{index}]"
    if not isinstance(cells, list | tuple) or len(cells) != len(LINE_FIELDS):
        raise InvalidInput(f"{field}: expected [{', '.join(LINE_FIELDS)}]", field=field)
    row, national_id, account, name, amount_cents, narrative = cells
    require_int(row, f"{field}.row", minimum=1, maximum=row_number_max)
    try:
        return PayrollLine(
            row=row,
            national_id=require_text(national_id, f"{field}.national_id", length_max=national_id_digits_max),
            account=require_text(account, f"{field}.account", length_max=account_code_length_max),
            name=require_text(name, f"{field}.name", length_max=name_length_max),
            amount=_cents(amount_cents, f"{field}.amount_cents"),
            narrative=require_text(
                narrative, f"{field}.narrative", length_max=narrative_length_max, allow_empty=True
            ),
        )
    except InvalidInput as error:
        raise InvalidInput(f"{field}: {error.message}", field=field) from None


def check_run_operation(operation: Operation, run: PayrollRun) -> None:
    """InvalidOperation unless `operation` is the payroll run entry for `run`: its amount the run's total."""
    if not isinstance(operation, Operation) or operation.kind is not OperationKind.PAYROLL_RUN:
        raise InvalidOperation("Only a payroll run entry carries a payroll run")
    if operation.amount != run.total:
        raise InvalidOperation(
            f"The entry is of {operation.amount}; payroll run {run.run_id} totals {run.total}",
            kind=operation.kind.value,
        )


# --- head office's answer, line by line ---------------------------------------------------------


class LineRefusal(StrEnum):
    """Why head office refuses a line: stable codes, printed on the payment advice."""

    NOT_A_DEPOSIT_ACCOUNT = "not_a_deposit_account"
    UNKNOWN_ACCOUNT = "unknown_account"
    ACCOUNT_NOT_OWNED = "account_not_owned"
    PAYEE_IS_EMPLOYER = "payee_is_employer"
    BALANCE_CAP = "limit_balance_cap"
    INSUFFICIENT_FUNDS = "insufficient_funds"


@dataclass(frozen=True, slots=True)
class Payee:
    """What head office holds about a line's account when the run is booked."""

    account: str
    owner_national_id: str  # the national ID of the customer who owns the account
    balance: Money  # as the customer reads it
    balance_cap: Money | None  # the owner's KYC tier cap on the run's channel; None: no cap

    def __post_init__(self) -> None:
        parse_account(self.account)
        require_text(self.owner_national_id, "owner_national_id", length_max=40)
        if not isinstance(self.balance, Money) or not (
            self.balance_cap is None or isinstance(self.balance_cap, Money)
        ):
            raise TypeError("Payee holds Money: its balance and balance cap")


def answer_lines(
    run: PayrollRun, *, employer_account: str, employer_balance: Money, payees: Mapping[str, Payee]
) -> PayrollRunResult:
    """Each line booked or refused by what head office holds; all or none of the payable lines.

    A line is refused when its account is not a wallet or savings account, is the employer's own,
    is not one head office holds, is not the named employee's, or would go above its owner's
    balance cap with the salary. If the employer's account holds less than the lines left to pay,
    every one of them is refused for insufficient funds: nothing is paid in part.
    """
    answers: list[PayrollLineResult | None] = []
    payable_cents = 0
    for line in run.lines:
        refusal = _line_refusal(line, employer_account, payees.get(line.account))
        if refusal is None:
            answers.append(None)
            payable_cents += line.amount.cents
        else:
            answers.append(PayrollLineResult.refused(line, *refusal))
    short = payable_cents > employer_balance.cents
    reason = ""
    if short:
        payable = sum(answer is None for answer in answers)
        reason = (
            f"The employer's account holds {employer_balance}; the {payable:,} payable "
            f"line{'s' if payable != 1 else ''} need {Money(payable_cents)}, so none was paid"
        )
    results: list[PayrollLineResult] = []
    for line, answer in zip(run.lines, answers, strict=True):
        if answer is None and short:
            answer = PayrollLineResult.refused(line, LineRefusal.INSUFFICIENT_FUNDS.value, reason)
        results.append(answer if answer is not None else PayrollLineResult.booked(line))
    return PayrollRunResult(
        run.run_id, run.employer_cif, run.pay_date, run.fingerprint, run.line_count, run.total, tuple(results)
    )


def _line_refusal(line: PayrollLine, employer_account: str, payee: Payee | None) -> tuple[str, str] | None:
    if parse_account(line.account).type not in PAYEE_ACCOUNT_TYPES:
        return LineRefusal.NOT_A_DEPOSIT_ACCOUNT.value, f"{line.account} is not a wallet or savings account"
    if line.account == employer_account:
        return LineRefusal.PAYEE_IS_EMPLOYER.value, f"{line.account} is the employer's own account"
    if payee is None:
        return LineRefusal.UNKNOWN_ACCOUNT.value, f"The bank holds no account {line.account}"
    if payee.owner_national_id != line.national_id:
        return (
            LineRefusal.ACCOUNT_NOT_OWNED.value,
            f"{line.account} does not belong to the customer with national ID {line.national_id}",
        )
    after = payee.balance + line.amount
    if payee.balance_cap is not None and after > payee.balance_cap:
        reason = (
            f"{line.account} may hold at most {payee.balance_cap} at its KYC tier; this would make it {after}"
        )
        return LineRefusal.BALANCE_CAP.value, reason
    return None


# --- the answer on the wire ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PayrollRunAnswer:
    """Head office's answer to a run, as the maker's device hears it: the result and who approved."""

    result: PayrollRunResult
    checker_user_id: str
    checker_name: str

    def __post_init__(self) -> None:
        if not isinstance(self.result, PayrollRunResult):
            raise TypeError("PayrollRunAnswer.result must be a PayrollRunResult")
        require_text(self.checker_user_id, "checker", length_max=64)
        require_text(self.checker_name, "checker_name", length_max=checker_name_length_max)

    def to_wire(self) -> dict[str, Any]:
        """Only the refused lines are named: the device holds the run, and every other line was booked."""
        result = self.result
        return {
            "run_id": result.run_id,
            "fingerprint": result.fingerprint,
            "checker": self.checker_user_id,
            "checker_name": self.checker_name,
            "booked_count": result.booked_count,
            "booked_total_cents": result.booked_total.cents,
            "refused": [
                [line.row, line.code, line.reason]
                for line in result.lines
                if line.status is LineStatus.REFUSED
            ],
        }

    @classmethod
    def from_wire(cls, run: PayrollRun, wire: object) -> PayrollRunAnswer:
        """The answer to `run`, rebuilt from the run's own lines; IntegrityViolation if it answers
        another run, names a row the run does not have, or its totals disagree with its lines."""
        fields = require_fields(wire, ANSWER_FIELDS, "payroll_run")
        if (fields["run_id"], fields["fingerprint"]) != (run.run_id, run.fingerprint):
            raise IntegrityViolation(f"The answer is for another run than {run.run_id}", run_id=run.run_id)
        refused_cells = fields["refused"]
        if not isinstance(refused_cells, list | tuple) or len(refused_cells) > run.line_count:
            raise InvalidInput(
                "payroll_run.refused: a list of [row, code, reason]", field="payroll_run.refused"
            )
        refusals: dict[int, tuple[str, str]] = {}
        for cells in refused_cells:
            if not isinstance(cells, list | tuple) or len(cells) != 3:
                raise InvalidInput(
                    "payroll_run.refused: a list of [row, code, reason]", field="payroll_run.refused"
                )
            row = require_int(cells[0], "payroll_run.refused.row", minimum=1, maximum=row_number_max)
            code = require_pattern(cells[1], "payroll_run.refused.code", _CODE, "a refusal code")
            reason = require_text(cells[2], "payroll_run.refused.reason", length_max=reason_length_max)
            if row in refusals:
                raise IntegrityViolation(f"Row {row} is refused twice in the answer to {run.run_id}")
            refusals[row] = (code, reason)
        unknown = sorted(set(refusals) - {line.row for line in run.lines})
        if unknown:
            raise IntegrityViolation(
                f"The answer to {run.run_id} refuses row {unknown[0]}, which the run does not have"
            )
        lines = tuple(
            PayrollLineResult.refused(line, *refusals[line.row])
            if line.row in refusals
            else PayrollLineResult.booked(line)
            for line in run.lines
        )
        result = PayrollRunResult(
            run.run_id, run.employer_cif, run.pay_date, run.fingerprint, run.line_count, run.total, lines
        )
        stated = (
            require_int(fields["booked_count"], "payroll_run.booked_count", minimum=0),
            require_int(fields["booked_total_cents"], "payroll_run.booked_total_cents", minimum=0),
        )
        if stated != (result.booked_count, result.booked_total.cents):
            raise IntegrityViolation(
                f"The answer to {run.run_id} says {stated[0]} lines booked for {Money(stated[1])}; "
                f"its lines make {result.booked_count} for {result.booked_total}"
            )
        return cls(
            result,
            require_text(fields["checker"], "payroll_run.checker", length_max=64),
            require_text(
                fields["checker_name"], "payroll_run.checker_name", length_max=checker_name_length_max
            ),
        )


def _date(value: object, field: str) -> date:
    text = require_pattern(value, field, _DATE, "a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{field}: {text!r} is not a real date", field=field) from None


def _cents(value: object, field: str) -> Money:
    return Money(require_int(value, field, minimum=1, maximum=amount_cents_max))
