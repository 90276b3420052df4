"""Online holds: a withdrawal head office authorizes before the cash leaves the drawer.

DESIGN.md "Online first, offline within bounds". With the link up, the device mints the entry's
id, asks the server for a hold on the customer's account (a `HoldRequest`: the body of
POST /v1/holds, signed like every device request) and pays only on an approval. The server's
`HoldAnswer` is signed with the server key under its own context (SigningContext.HOLD), which the
device verifies under the key it pinned at enrolment; the answer names the SHA-256 of the very
request it answers, so an approval stands for no other withdrawal. The entry that records the
payment carries the hold's id (EntryDetails.hold_id, the entry's own id) and completes the hold
when it syncs; a hold never completed expires.

The same request again (same entry id, same bytes) gets the same answer while its hold lives;
the same entry id with other content is refused (`already_exists`). Both documents are canonical
JSON (shared_core.canonical), amounts in integer cents:

    request  {"entry_id", "device_code", "user_id", "approved_by", "customer_cif", "account",
              "cash_account", "amount_cents", "fee_cents", "business_date"}
    answer   {"entry_id", "device_code", "request_sha256", "status", "code", "message",
              "held_cents", "available_after_cents", "expires_at", "limit_table_version",
              "server_time"}

`approved_by` is the supervisor whose override the device took (null without one); the server
checks it with the same four-eyes rule as a synced entry's. The answer's `code` is a stable code:
an approvals.ReasonCode for what the rules refused (e.g. 'limit_per_day', or
'approval_large_withdrawal' when it needs a checker), 'insufficient_funds', 'not_found' or
'hold_expired' (the request's hold lived and expired: ask again under a new entry id).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from shared_core import canonical, signing
from shared_core.accounts import parse_account
from shared_core.approvals import Decision, Reason, ReasonCode
from shared_core.canonical import (
    require_fields,
    require_int,
    require_pattern,
    require_sha256_hex,
    require_text,
)
from shared_core.channels import Channel
from shared_core.errors import (
    BadSignature,
    DomainError,
    IntegrityViolation,
    InvalidInput,
    InvalidOperation,
    Refused,
    all_error_classes,
)
from shared_core.journal import require_device_code, require_timestamp
from shared_core.money import Money, amount_cents_max
from shared_core.operations import Operation, OperationKind
from shared_core.signing import SigningContext

hold_request_bytes_max = 4 * 1024  # ten short fields: a request is a few hundred bytes
hold_answer_bytes_max = 8 * 1024
user_id_length_max = 64
account_length_max = 64
message_length_max = 500

REQUEST_FIELDS = (
    "entry_id",
    "device_code",
    "user_id",
    "approved_by",
    "customer_cif",
    "account",
    "cash_account",
    "amount_cents",
    "fee_cents",
    "business_date",
)
ANSWER_FIELDS = (
    "entry_id",
    "device_code",
    "request_sha256",
    "status",
    "code",
    "message",
    "held_cents",
    "available_after_cents",
    "expires_at",
    "limit_table_version",
    "server_time",
)
SIGNED_FIELDS = ("answer", "signature")

HOLD_EXPIRED = "hold_expired"  # the code of a request whose hold lived and expired

_ENTRY_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CIF = re.compile(r"[A-Z0-9-]{1,40}", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")  # the stable codes of shared_core.errors and approvals
_SIGNATURE_HEX = re.compile(r"[0-9a-f]{128}")
_REASON_CODES = frozenset(code.value for code in ReasonCode)


class HoldStatus(StrEnum):
    APPROVED = "approved"  # the amount is held on the account: pay now
    DECLINED = "declined"  # the code says why; nothing is held: pay nothing
    NEEDS_APPROVAL = "needs_approval"  # ask again with a supervisor's override; nothing is held


@dataclass(frozen=True, slots=True)
class HoldRequest:
    """What a device asks: hold this withdrawal's debit on this account, under this entry id."""

    entry_id: str  # the id of the entry that will record the payment: the hold's key
    device_code: str
    user_id: str  # the maker: the teller or agent paying
    approved_by: str | None  # the supervisor whose override came with it, if any
    customer_cif: str
    account: str  # the customer's account debited
    cash_account: str  # the till or float the cash leaves
    amount_cents: int
    fee_cents: int
    business_date: str  # the till's business date: the day whose limits it counts towards

    def __post_init__(self) -> None:
        require_pattern(self.entry_id, "entry_id", _ENTRY_ID, "a lowercase UUID (8-4-4-4-12 hex digits)")
        require_device_code(self.device_code, "device_code")
        require_text(self.user_id, "user_id", length_max=user_id_length_max)
        if self.approved_by is not None:
            require_text(self.approved_by, "approved_by", length_max=user_id_length_max)
        require_pattern(self.customer_cif, "customer_cif", _CIF, "a CIF (capitals, digits and '-')")
        for name in ("account", "cash_account"):
            try:
                parse_account(require_text(getattr(self, name), name, length_max=account_length_max))
            except InvalidInput as error:
                message = error.message if error.message.startswith(name) else f"{name}: {error.message}"
                raise type(error)(message, **(error.details | {"field": name})) from None
        require_int(self.amount_cents, "amount_cents", minimum=1, maximum=amount_cents_max)
        require_int(self.fee_cents, "fee_cents", minimum=0, maximum=amount_cents_max)
        require_pattern(self.business_date, "business_date", _DATE, "a date written YYYY-MM-DD")


def hold_request_for(
    operation: Operation,
    *,
    entry_id: str,
    device_code: str,
    user_id: str,
    approved_by: str | None,
    customer_cif: str,
    business_date: str,
) -> HoldRequest:
    """The request for a hold on `operation`, a cash withdrawal the device is about to pay."""
    if operation.kind is not OperationKind.CASH_WITHDRAWAL:
        raise InvalidOperation(f"Only a cash withdrawal is held online, not a {operation.kind.value}")
    assert operation.customer_account is not None and operation.cash_account is not None
    return HoldRequest(
        entry_id=entry_id,
        device_code=device_code,
        user_id=user_id,
        approved_by=approved_by,
        customer_cif=customer_cif,
        account=operation.customer_account,
        cash_account=operation.cash_account,
        amount_cents=operation.amount.cents,
        fee_cents=operation.fee.cents,
        business_date=business_date,
    )


def operation_of_request(request: HoldRequest, channel: Channel) -> Operation:
    """The withdrawal a request asks to hold, on the requesting device's channel: what the rules judge."""
    return Operation(
        OperationKind.CASH_WITHDRAWAL,
        channel,
        Money(request.amount_cents),
        fee=Money(request.fee_cents),
        customer_account=request.account,
        cash_account=request.cash_account,
    )


def request_to_wire(request: HoldRequest) -> dict[str, Any]:
    return {name: getattr(request, name) for name in REQUEST_FIELDS}


def encode_request(request: HoldRequest) -> bytes:
    return canonical.encode(request_to_wire(request))


def request_sha256(request: HoldRequest) -> str:
    """The digest an answer names: of the request's canonical bytes, the very bytes sent."""
    return canonical.sha256_hex(encode_request(request))


def decode_request(data: bytes) -> HoldRequest:
    """A request read from the wire: canonical bytes, exactly the request's fields, each checked."""
    document = _decode(data, hold_request_bytes_max, "hold request")
    fields = require_fields(document, REQUEST_FIELDS, "hold_request")
    try:
        return HoldRequest(**{name: fields[name] for name in REQUEST_FIELDS})
    except DomainError as error:
        raise type(error)(f"hold_request.{error.message}", **error.details) from None


@dataclass(frozen=True, slots=True)
class HoldAnswer:
    """The server's answer to one request.

    approved: no code; `held_cents` (the withdrawal's debit with its fee) is held until
    `expires_at`. declined / needs_approval: a code and words, nothing held, no expiry.
    `available_after_cents` is the account's available balance as the server reads it when it
    answers (after this hold, if approved); null when the server holds no such account.
    """

    entry_id: str
    device_code: str
    request_sha256: str
    status: HoldStatus
    code: str | None
    message: str
    held_cents: int
    available_after_cents: int | None
    expires_at: str | None
    limit_table_version: int  # the table the rules were judged under
    server_time: str

    def __post_init__(self) -> None:
        require_pattern(self.entry_id, "entry_id", _ENTRY_ID, "a lowercase UUID (8-4-4-4-12 hex digits)")
        require_device_code(self.device_code, "device_code")
        require_sha256_hex(self.request_sha256, "request_sha256")
        if not isinstance(self.status, HoldStatus):
            raise InvalidInput(f"status: expected a HoldStatus, found {self.status!r}", field="status")
        require_text(self.message, "message", length_max=message_length_max, allow_empty=True)
        require_int(self.held_cents, "held_cents", minimum=0, maximum=amount_cents_max)
        if self.available_after_cents is not None:
            lowest = -canonical.safe_integer_max  # an account may be overdrawn (an offline fact)
            require_int(self.available_after_cents, "available_after_cents", minimum=lowest)
        if self.expires_at is not None:
            require_timestamp(self.expires_at, "expires_at")
        require_int(self.limit_table_version, "limit_table_version", minimum=1)
        require_timestamp(self.server_time, "server_time")
        if self.status is HoldStatus.APPROVED:
            if self.code is not None:
                raise InvalidInput("code: an approval carries no code", field="code")
            if self.held_cents < 1 or self.expires_at is None or self.available_after_cents is None:
                raise InvalidInput("An approval names the amount held, its expiry and the balance after")
            return
        require_pattern(self.code, "code", _CODE, "an error code such as 'limit_per_day'")
        if not self.message:
            raise InvalidInput("message: a refusal says in words what is wrong", field="message")
        if self.held_cents or self.expires_at is not None:
            raise InvalidInput(f"A {self.status.value} answer holds nothing and has no expiry")


@dataclass(frozen=True, slots=True)
class SignedHoldAnswer:
    answer: HoldAnswer
    signature: str  # the server's, over the answer's canonical bytes, context SigningContext.HOLD

    def __post_init__(self) -> None:
        if not isinstance(self.answer, HoldAnswer):
            raise TypeError("a signed hold answer holds a HoldAnswer")
        if not isinstance(self.signature, str) or not _SIGNATURE_HEX.fullmatch(self.signature):
            raise BadSignature("signature: expected 128 lowercase hex characters", field="signature")


def answer_to_wire(answer: HoldAnswer) -> dict[str, Any]:
    return {name: getattr(answer, name) for name in ANSWER_FIELDS} | {"status": answer.status.value}


def sign_answer(answer: HoldAnswer, server_key: Ed25519PrivateKey) -> SignedHoldAnswer:
    signature = signing.sign(server_key, SigningContext.HOLD, canonical.encode(answer_to_wire(answer)))
    return SignedHoldAnswer(answer, signature)


def verify_answer(signed: SignedHoldAnswer, server_key: Ed25519PublicKey) -> None:
    """BadSignature unless the pinned server key signed exactly this answer, as a hold answer."""
    signing.verify(
        server_key, SigningContext.HOLD, canonical.encode(answer_to_wire(signed.answer)), signed.signature
    )


def encode_answer(signed: SignedHoldAnswer) -> bytes:
    return canonical.encode({"answer": answer_to_wire(signed.answer), "signature": signed.signature})


def decode_answer(data: bytes) -> SignedHoldAnswer:
    """A signed answer read from the wire, every field checked; `verify_answer` next."""
    document = _decode(data, hold_answer_bytes_max, "hold answer")
    fields: Mapping[str, Any] = require_fields(document, SIGNED_FIELDS, "hold")
    answer_fields: Mapping[str, Any] = require_fields(fields["answer"], ANSWER_FIELDS, "hold.answer")
    status = answer_fields["status"]
    try:
        if not isinstance(status, str) or status not in {known.value for known in HoldStatus}:
            raise InvalidInput(f"status: {status!r} is not a hold answer's status", field="status")
        values = {name: answer_fields[name] for name in ANSWER_FIELDS} | {"status": HoldStatus(status)}
        answer = HoldAnswer(**values)
    except DomainError as error:
        raise type(error)(f"hold.answer.{error.message}", **error.details) from None
    return SignedHoldAnswer(answer, fields["signature"])


def check_answer_is_for(answer: HoldAnswer, request: HoldRequest) -> None:
    """IntegrityViolation unless `answer` answers exactly `request` (device side, after verifying)."""
    if (answer.entry_id, answer.device_code) != (request.entry_id, request.device_code):
        raise IntegrityViolation(
            f"The answer is for entry {answer.entry_id} of device {answer.device_code}, not the request sent "
            f"({request.entry_id} of {request.device_code})"
        )
    if answer.request_sha256 != request_sha256(request):
        raise IntegrityViolation(f"The answer for entry {request.entry_id} answers another request")
    if answer.status is HoldStatus.APPROVED and answer.held_cents != request.amount_cents + request.fee_cents:
        raise IntegrityViolation(
            f"The approval holds {Money(answer.held_cents)}; the withdrawal takes "
            f"{Money(request.amount_cents + request.fee_cents)}"
        )


def refusal_of(answer: HoldAnswer) -> DomainError:
    """The error a declined or needs-approval answer means at the counter: the very error the
    device's own rule check raises for that reason (LimitExceeded for 'limit_per_day',
    ApprovalRequired for 'approval_large_withdrawal', InsufficientFunds...), naming the code."""
    if answer.status is HoldStatus.APPROVED:
        raise ValueError("an approval is no refusal")
    assert answer.code is not None
    if answer.code in _REASON_CODES:
        decision = Decision.of((Reason(answer.code, answer.message),), (), answer.limit_table_version)
        try:
            decision.raise_if_refused()
        except DomainError as error:
            return error
        raise AssertionError("a reason's decision is a refusal")
    return refusal_for_code(answer.code, answer.message)


def refusal_for_code(code: str, message: str) -> DomainError:
    """The domain error whose stable code is `code` (a Refused carrying the code when no class has
    it, e.g. 'hold_expired'), for a refusal that arrives as a code: a hold's answer, or the server
    refusing the request itself."""
    error_class = next((known for known in all_error_classes() if known.code == code), Refused)
    return error_class(message, reason=code)


def _decode(data: bytes, bytes_max: int, what: str) -> object:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"a {what} is read from bytes, got {type(data).__name__}")
    if len(data) > bytes_max:
        raise InvalidInput(f"A {what} of {len(data)} bytes is more than the {bytes_max} allowed")
    return canonical.decode(bytes(data))
