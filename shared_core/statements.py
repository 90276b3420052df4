"""Account statements from head office's books: what a device asks, what the server answers and signs.

A device holds only the balances it pulled and its own journal, so a customer's statement (every
posting from every counter and agent) comes from the server's ledger, online. The device asks with
a `StatementRequest` (the body of POST /v1/statements, signed like every device request): one
customer deposit account, a period of business dates, both ends inclusive, at most
`statement_period_days_max` days. The server answers with a `StatementAnswer` signed with its key,
naming the SHA-256 of the very request it answers:

    request  {"device_code", "user_id", "account", "from_date", "to_date"}
    answer   {"device_code", "request_sha256", "account", "account_label", "holder_name",
              "masked_national_id", "from_date", "to_date", "opening_balance_cents", "lines",
              "closing_balance_cents", "total_credits_cents", "total_debits_cents", "generated_at"}
    line     {"business_date", "recorded_at", "reference", "description", "debit_cents",
              "credit_cents", "balance_after_cents"}

Amounts are integer cents as the customer reads them (shared_core.accounts.customer_view): a
credit raises the balance, a debit lowers it. A statement must add up, so an answer is checked
when it is built, on either side: each line is exactly one debit or credit, each running balance
follows the one before it, and opening + credits - debits == closing. A break raises
InvariantBroken naming the line. The closing balance of a statement ending today is the customer's
balance at head office (a balance enquiry); holds for withdrawals not yet synced are not in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from shared_core import canonical, signing
from shared_core.accounts import AccountType, parse_account
from shared_core.canonical import (
    require_fields,
    require_int,
    require_pattern,
    require_sha256_hex,
    require_text,
)
from shared_core.errors import (
    BadSignature,
    DomainError,
    IntegrityViolation,
    InvalidAccount,
    InvalidInput,
    InvariantBroken,
    Violation,
)
from shared_core.journal import require_device_code, require_timestamp
from shared_core.money import Money, amount_cents_max
from shared_core.operations import OPERATION_NAMES, OperationKind
from shared_core.signing import SigningContext

statement_period_days_max = 366  # a year, leap day included: longer periods are asked year by year
statement_lines_max = 20_000  # about 55 postings a day for a year; past it, ask for a shorter period
statement_request_bytes_max = 4 * 1024  # five short fields
# 20,000 lines of at most ~370 bytes each fit in one canonical document (8 MiB): a unit test holds it.
statement_answer_bytes_max = canonical.document_bytes_max
user_id_length_max = 64
reference_length_max = 40  # shared_core.references.reference_text_length_max
description_length_max = 100
holder_name_length_max = 150
account_label_length_max = 60
masked_national_id_length_max = 40

# The customer accounts a statement is for: deposits, where a credit raises what the customer holds.
# A loan reads the other way round (a debit raises what is owed): its statement is its schedule.
statement_account_types = frozenset({AccountType.WALLET, AccountType.SAVINGS})

REQUEST_FIELDS = ("device_code", "user_id", "account", "from_date", "to_date")
LINE_FIELDS = (
    "business_date",
    "recorded_at",
    "reference",
    "description",
    "debit_cents",
    "credit_cents",
    "balance_after_cents",
)
ANSWER_FIELDS = (
    "device_code",
    "request_sha256",
    "account",
    "account_label",
    "holder_name",
    "masked_national_id",
    "from_date",
    "to_date",
    "opening_balance_cents",
    "lines",
    "closing_balance_cents",
    "total_credits_cents",
    "total_debits_cents",
    "generated_at",
)
SIGNED_FIELDS = ("answer", "signature")

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_SIGNATURE_HEX = re.compile(r"[0-9a-f]{128}")
# A total of up to 20,000 amounts may pass the largest single amount; it stays a number every reader holds.
_TOTAL_MAX = canonical.safe_integer_max


def require_date(value: object, field: str) -> str:
    """A business date written YYYY-MM-DD that is a real day."""
    text = require_pattern(value, field, _DATE, "a date written YYYY-MM-DD")
    try:
        date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{field}: {text!r} is not a real date", field=field) from None
    return text


def require_statement_account(value: object, field: str) -> str:
    """A customer deposit account's code (wallet or savings), the only accounts with statements here."""
    text = require_text(value, field, length_max=64)
    try:
        account = parse_account(text)
    except InvalidAccount as error:
        raise InvalidAccount(f"{field}: {error.message}", **(error.details | {"field": field})) from None
    if account.type not in statement_account_types:
        kinds = " or ".join(sorted(kind.value for kind in statement_account_types))
        raise InvalidAccount(
            f"{field}: {text} is not a customer's deposit account; statements are for {kinds} accounts",
            account=text,
            field=field,
        )
    return text


def period_days(from_date: str, to_date: str) -> int:
    """How many business dates the period holds, both ends counted."""
    return (date.fromisoformat(to_date) - date.fromisoformat(from_date)).days + 1


@dataclass(frozen=True, slots=True)
class StatementRequest:
    """What a device asks: the postings on `account` with business dates from_date..to_date."""

    device_code: str
    user_id: str  # who asks at the counter: the server checks they may print statements
    account: str
    from_date: str  # inclusive, YYYY-MM-DD
    to_date: str  # inclusive, YYYY-MM-DD

    def __post_init__(self) -> None:
        require_device_code(self.device_code, "device_code")
        require_text(self.user_id, "user_id", length_max=user_id_length_max)
        require_statement_account(self.account, "account")
        require_date(self.from_date, "from_date")
        require_date(self.to_date, "to_date")
        if self.from_date > self.to_date:
            raise InvalidInput(
                f"to_date: the period ends {self.to_date}, before it starts {self.from_date}", field="to_date"
            )
        days = period_days(self.from_date, self.to_date)
        if days > statement_period_days_max:
            raise InvalidInput(
                f"to_date: a statement covers at most {statement_period_days_max} days; "
                f"{self.from_date} to {self.to_date} is {days}. Ask for a shorter period",
                field="to_date",
            )


def request_to_wire(request: StatementRequest) -> dict[str, Any]:
    return {name: getattr(request, name) for name in REQUEST_FIELDS}


def encode_request(request: StatementRequest) -> bytes:
    return canonical.encode(request_to_wire(request))


def request_sha256(request: StatementRequest) -> str:
    """The digest an answer names: of the request's canonical bytes, the very bytes sent."""
    return canonical.sha256_hex(encode_request(request))


def decode_request(data: bytes) -> StatementRequest:
    """A request read from the wire: canonical bytes, exactly the request's fields, each checked."""
    document = _decode(data, statement_request_bytes_max, "statement request")
    fields = require_fields(document, REQUEST_FIELDS, "statement_request")
    try:
        return StatementRequest(**{name: fields[name] for name in REQUEST_FIELDS})
    except DomainError as error:
        raise type(error)(f"statement_request.{error.message}", **error.details) from None


# --- the answer --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One posting on the account: exactly one of debit or credit, and the balance after it."""

    business_date: str
    recorded_at: str  # when it happened at the counter (UTC, the device's clock)
    reference: str  # the entry's human reference, as printed on its receipt
    description: str
    debit_cents: int | None  # lowers the balance as the customer reads it
    credit_cents: int | None  # raises it
    balance_after_cents: int

    def __post_init__(self) -> None:
        require_date(self.business_date, "business_date")
        require_timestamp(self.recorded_at, "recorded_at")
        require_text(self.reference, "reference", length_max=reference_length_max)
        require_text(self.description, "description", length_max=description_length_max)
        for name in ("debit_cents", "credit_cents"):
            value = getattr(self, name)
            if value is not None:
                require_int(value, name, minimum=1, maximum=amount_cents_max)
        if (self.debit_cents is None) == (self.credit_cents is None):
            raise InvalidInput(
                f"line {self.reference}: a line is exactly one of a debit or a credit", field="debit_cents"
            )
        require_int(self.balance_after_cents, "balance_after_cents", minimum=-amount_cents_max,
                    maximum=amount_cents_max)

    @property
    def change_cents(self) -> int:
        """What the line does to the balance: + a credit, - a debit."""
        return self.credit_cents if self.credit_cents is not None else -(self.debit_cents or 0)


@dataclass(frozen=True, slots=True)
class StatementAnswer:
    """Head office's statement of one account for one period, built from its booked postings."""

    device_code: str  # the device that asked
    request_sha256: str  # of the request answered: an answer stands for no other request
    account: str
    account_label: str  # e.g. 'Wallet'
    holder_name: str
    masked_national_id: str  # e.g. '*****789'
    from_date: str
    to_date: str
    opening_balance_cents: int  # every booked posting with a business date before from_date
    lines: tuple[StatementLine, ...]
    closing_balance_cents: int
    total_credits_cents: int
    total_debits_cents: int
    generated_at: str  # the server's time when it read its books

    def __post_init__(self) -> None:
        require_device_code(self.device_code, "device_code")
        require_sha256_hex(self.request_sha256, "request_sha256")
        require_statement_account(self.account, "account")
        require_text(self.account_label, "account_label", length_max=account_label_length_max)
        require_text(self.holder_name, "holder_name", length_max=holder_name_length_max)
        require_text(self.masked_national_id, "masked_national_id", length_max=masked_national_id_length_max)
        require_date(self.from_date, "from_date")
        require_date(self.to_date, "to_date")
        if self.from_date > self.to_date:
            raise InvalidInput(f"to_date: the period ends {self.to_date}, before it starts {self.from_date}")
        for name in ("opening_balance_cents", "closing_balance_cents"):
            require_int(getattr(self, name), name, minimum=-amount_cents_max, maximum=amount_cents_max)
        for name in ("total_credits_cents", "total_debits_cents"):
            require_int(getattr(self, name), name, minimum=0, maximum=_TOTAL_MAX)
        require_timestamp(self.generated_at, "generated_at")
        if not isinstance(self.lines, tuple) or not all(isinstance(line, StatementLine) for line in self.lines):
            raise TypeError("StatementAnswer.lines must be a tuple of StatementLine")
        if len(self.lines) > statement_lines_max:
            raise InvalidInput(
                f"lines: a statement holds at most {statement_lines_max} lines, not {len(self.lines)}; "
                "ask for a shorter period",
                field="lines",
            )
        violations = statement_violations(self)
        if violations:
            raise InvariantBroken(
                f"The statement of {self.account} does not add up: "
                + "; ".join(violation.message for violation in violations)
            )

    @property
    def opening_balance(self) -> Money:
        return Money(self.opening_balance_cents)

    @property
    def closing_balance(self) -> Money:
        return Money(self.closing_balance_cents)


def statement_violations(answer: StatementAnswer) -> tuple[Violation, ...]:
    """Every way the statement fails to add up or to hold together, each naming its line."""
    violations: list[Violation] = []
    balance = answer.opening_balance_cents
    credits = debits = 0
    previous: tuple[str, str] | None = None
    for number, line in enumerate(answer.lines, start=1):
        where = f"line {number} ({line.reference})"
        if not answer.from_date <= line.business_date <= answer.to_date:
            violations.append(Violation(
                "line_outside_period",
                f"{where} is dated {line.business_date}, outside {answer.from_date} to {answer.to_date}",
                line.reference,
            ))
        order = (line.business_date, line.recorded_at)
        if previous is not None and order < previous:
            violations.append(Violation(
                "line_out_of_order", f"{where} ({order[0]} {order[1]}) comes before the line above it",
                line.reference,
            ))
        previous = order
        balance += line.change_cents
        if line.credit_cents is not None:
            credits += line.credit_cents
        else:
            debits += line.debit_cents or 0
        if line.balance_after_cents != balance:
            violations.append(Violation(
                "running_balance",
                f"{where}: the balance after it reads {_cents_text(line.balance_after_cents)}, "
                f"but should be {_cents_text(balance)}",
                line.reference,
            ))
            balance = line.balance_after_cents  # judge the next line from what this one says
    if credits != answer.total_credits_cents:
        violations.append(Violation(
            "total_credits",
            f"total credits read {_cents_text(answer.total_credits_cents)}; the lines add up to "
            f"{_cents_text(credits)}",
        ))
    if debits != answer.total_debits_cents:
        violations.append(Violation(
            "total_debits",
            f"total debits read {_cents_text(answer.total_debits_cents)}; the lines add up to "
            f"{_cents_text(debits)}",
        ))
    expected_closing = answer.opening_balance_cents + credits - debits
    if answer.closing_balance_cents != expected_closing:
        violations.append(Violation(
            "closing_balance",
            f"opening {_cents_text(answer.opening_balance_cents)} + credits {_cents_text(credits)} - debits "
            f"{_cents_text(debits)} is {_cents_text(expected_closing)}, not the closing balance "
            f"{_cents_text(answer.closing_balance_cents)}",
        ))
    elif answer.lines and answer.lines[-1].balance_after_cents != answer.closing_balance_cents:
        violations.append(Violation(
            "closing_balance",
            f"the last line's balance {_cents_text(answer.lines[-1].balance_after_cents)} is not the closing "
            f"balance {_cents_text(answer.closing_balance_cents)}",
        ))
    return tuple(violations)


def _cents_text(cents: int) -> str:
    """Formatted without Money: a wrong total may be beyond any single amount."""
    sign = "-" if cents < 0 else ""
    whole, fraction = divmod(abs(cents), 100)
    return f"KES {sign}{whole:,}.{fraction:02d}"


@dataclass(frozen=True, slots=True)
class Movement:
    """A booked posting as the statement reads it, before running balances: its signed change."""

    business_date: str
    recorded_at: str
    reference: str
    description: str
    change_cents: int  # as the customer reads it: + raises the balance, - lowers it

    def __post_init__(self) -> None:
        require_int(self.change_cents, "change_cents", minimum=-amount_cents_max, maximum=amount_cents_max)
        if self.change_cents == 0:
            raise InvalidInput(f"{self.reference}: a posting of zero moves nothing", field="change_cents")


def make_statement(
    request: StatementRequest,
    *,
    account_label: str,
    holder_name: str,
    masked_national_id: str,
    opening_balance_cents: int,
    movements: Iterable[Movement],
    generated_at: str,
) -> StatementAnswer:
    """The answer to `request`: `movements` in order with their running balances and totals."""
    balance = opening_balance_cents
    credits = debits = 0
    lines = []
    for movement in movements:
        balance += movement.change_cents
        if movement.change_cents > 0:
            credits += movement.change_cents
        else:
            debits -= movement.change_cents
        lines.append(StatementLine(
            business_date=movement.business_date,
            recorded_at=movement.recorded_at,
            reference=movement.reference,
            description=movement.description,
            debit_cents=-movement.change_cents if movement.change_cents < 0 else None,
            credit_cents=movement.change_cents if movement.change_cents > 0 else None,
            balance_after_cents=balance,
        ))
    return StatementAnswer(
        device_code=request.device_code,
        request_sha256=request_sha256(request),
        account=request.account,
        account_label=account_label,
        holder_name=holder_name,
        masked_national_id=masked_national_id,
        from_date=request.from_date,
        to_date=request.to_date,
        opening_balance_cents=opening_balance_cents,
        lines=tuple(lines),
        closing_balance_cents=balance,
        total_credits_cents=credits,
        total_debits_cents=debits,
        generated_at=generated_at,
    )


# --- what a line says ------------------------------------------------------------------------------


# Where naming the other account tells the customer where money went or came from.
_TOWARDS = {OperationKind.TRANSFER, OperationKind.LOAN_REPAYMENT_WALLET, OperationKind.LOAN_DISBURSEMENT}


def describe_posting(
    kind: OperationKind,
    *,
    is_debit: bool,
    partner_account: str | None,
    is_fee: bool,
    reversed_kind: OperationKind | None = None,
    reversed_reference: str | None = None,
) -> str:
    """What a statement line says, in words a customer reads: 'Cash deposit', 'Transfer to
    wallet:C0005678', 'Cash withdrawal fee', 'Reversal of BR-K7Q2-000042-M (Cash withdrawal)'.

    `is_debit` is the posting's side on this account (as the customer reads it), `partner_account`
    the account on the other side of the same pair of postings, `is_fee` whether that pair is the
    fee. A reversal names the entry it undoes and what that was, not its accounts again."""
    if kind is OperationKind.REVERSAL:
        if reversed_kind is None or reversed_reference is None:
            return OPERATION_NAMES[kind]
        undone = OPERATION_NAMES[reversed_kind] + (" fee" if is_fee else "")
        return f"Reversal of {reversed_reference} ({undone})"[:description_length_max]
    label = OPERATION_NAMES[kind]
    if is_fee:
        return f"{label} fee"
    if kind in _TOWARDS and partner_account is not None:
        return f"{label} {'to' if is_debit else 'from'} {partner_account}"[:description_length_max]
    return label


# --- signed, on the wire ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignedStatement:
    answer: StatementAnswer
    signature: str  # the server's, over the answer's canonical bytes, for SigningContext.STATEMENT

    def __post_init__(self) -> None:
        if not isinstance(self.answer, StatementAnswer):
            raise TypeError("a signed statement holds a StatementAnswer")
        if not isinstance(self.signature, str) or not _SIGNATURE_HEX.fullmatch(self.signature):
            raise BadSignature("signature: expected 128 lowercase hex characters", field="signature")


def line_to_wire(line: StatementLine) -> dict[str, Any]:
    return {name: getattr(line, name) for name in LINE_FIELDS}


def answer_to_wire(answer: StatementAnswer) -> dict[str, Any]:
    wire = {name: getattr(answer, name) for name in ANSWER_FIELDS}
    wire["lines"] = [line_to_wire(line) for line in answer.lines]
    return wire


def sign_answer(answer: StatementAnswer, server_key: Ed25519PrivateKey) -> SignedStatement:
    signature = signing.sign(server_key, SigningContext.STATEMENT, canonical.encode(answer_to_wire(answer)))
    return SignedStatement(answer, signature)


def verify_answer(signed: SignedStatement, server_key: Ed25519PublicKey) -> None:
    """BadSignature unless the pinned server key signed exactly this answer, as a statement."""
    signed_bytes = canonical.encode(answer_to_wire(signed.answer))
    signing.verify(server_key, SigningContext.STATEMENT, signed_bytes, signed.signature)


def encode_answer(signed: SignedStatement) -> bytes:
    return canonical.encode({"answer": answer_to_wire(signed.answer), "signature": signed.signature})


def decode_answer(data: bytes) -> SignedStatement:
    """A signed statement read from the wire, every field checked and the sums proved; `verify_answer` next."""
    document = _decode(data, statement_answer_bytes_max, "statement")
    fields: Mapping[str, Any] = require_fields(document, SIGNED_FIELDS, "statement")
    answer_fields: Mapping[str, Any] = require_fields(fields["answer"], ANSWER_FIELDS, "statement.answer")
    raw_lines = answer_fields["lines"]
    if not isinstance(raw_lines, list):
        raise InvalidInput("statement.answer.lines: expected a list", field="lines")
    if len(raw_lines) > statement_lines_max:
        raise InvalidInput(
            f"statement.answer.lines: {len(raw_lines)} lines is more than the {statement_lines_max} allowed",
            field="lines",
        )
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        path = f"statement.answer.lines[{number - 1}]"
        line_fields = require_fields(raw, LINE_FIELDS, path)
        try:
            lines.append(StatementLine(**{name: line_fields[name] for name in LINE_FIELDS}))
        except DomainError as error:
            raise type(error)(f"{path}.{error.message}", **error.details) from None
    try:
        values = {name: answer_fields[name] for name in ANSWER_FIELDS} | {"lines": tuple(lines)}
        answer = StatementAnswer(**values)
    except InvariantBroken:
        raise
    except DomainError as error:
        raise type(error)(f"statement.answer.{error.message}", **error.details) from None
    return SignedStatement(answer, fields["signature"])


def check_answer_is_for(answer: StatementAnswer, request: StatementRequest) -> None:
    """IntegrityViolation unless `answer` answers exactly `request` (device side, after verifying)."""
    if answer.device_code != request.device_code or answer.request_sha256 != request_sha256(request):
        raise IntegrityViolation(
            f"The statement answers another request than the one sent ({request.account}, "
            f"{request.from_date} to {request.to_date})"
        )
    if (answer.account, answer.from_date, answer.to_date) != (request.account, request.from_date, request.to_date):
        raise IntegrityViolation(
            f"The statement is of {answer.account} from {answer.from_date} to {answer.to_date}, not of "
            f"{request.account} from {request.from_date} to {request.to_date}"
        )


def _decode(data: bytes, bytes_max: int, what: str) -> object:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"a {what} is read from bytes, got {type(data).__name__}")
    if len(data) > bytes_max:
        raise InvalidInput(f"A {what} of {len(data)} bytes is more than the {bytes_max} allowed")
    return canonical.decode(bytes(data))
