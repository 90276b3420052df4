"""The journal entry and its hash chain: every action at a counter, as anyone can verify it.

Each device's journal is append-only and gap-free from sequence 1. An entry's hash is SHA-256 over
the canonical encoding of all its other fields, including the previous entry's hash, so changing,
dropping or reordering any entry breaks every link after it. The chain of entry 1 starts from
GENESIS_HASH.

An entry's body holds the operation (see `operation_to_body`) and, under 'details', whatever else
the operation carries (a registered customer's particulars, the entry a reversal undoes). The body is
frozen on construction: an entry that could change after hashing would make its hash a lie.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any

from shared_core import canonical
from shared_core.canonical import (
    require_fields,
    require_int,
    require_pattern,
    require_sha256_hex,
    require_text,
)
from shared_core.channels import Channel
from shared_core.errors import ChainBroken, DomainError, InvalidInput, InvalidOperation, Violation, ensure
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind, Slot
from shared_core.references import is_valid_device_code

GENESIS_HASH = "0" * 64

utc_offset_minutes_min = -720  # UTC-12:00
utc_offset_minutes_max = 840  # UTC+14:00
user_id_length_max = 64
reference_length_max = 64
account_code_length_max = 64
# Room for a registered customer's particulars or a cover's terms; documents and CSV files never
# travel in the journal. One entry at this size still fits a batch many times over.
entry_body_bytes_max = 32 * 1024
# A payroll run carries every line it pays: up to payroll_rows_max lines of at most ~670 bytes each
# (shared_core.payroll_run checks they fit). One at this size still fits a batch on its own.
payroll_run_body_bytes_max = 3_584 * 1024
entry_body_depth_max = 16  # a batch nests the body three levels down; canonical allows 32

CONTENT_FIELDS = (
    "entry_id",
    "device_code",
    "sequence",
    "previous_hash",
    "recorded_at",
    "utc_offset_minutes",
    "user_id",
    "kind",
    "channel",
    "reference",
    "limit_table_version",
    "body",
    "approved_by",
)
WIRE_FIELDS = (*CONTENT_FIELDS, "entry_hash")

BODY_DETAILS = "details"  # the body key for data beyond the operation itself
_OPERATION_FIELDS = ("kind", "channel", "amount_cents", "fee_cents")

_ENTRY_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# One fixed form, always UTC with microseconds: 27 characters that sort as they read.
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
_KIND_VALUES = frozenset(kind.value for kind in OperationKind)
_CHANNEL_VALUES = frozenset(channel.value for channel in Channel)
# Read once: every entry's body is checked against them.
_SLOT_NAMES = tuple(slot.value for slot in Slot)
_BODY_FIELDS = frozenset({*_OPERATION_FIELDS, *_SLOT_NAMES, BODY_DETAILS})


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One journal entry as the device recorded it. Checked on construction; its hash is not.

    The hash is checked where an entry comes from outside (`entry_from_wire`) and over a run of
    entries (`verify_chain`), so a tampered journal is reported rather than unreadable.
    """

    entry_id: str  # a UUID minted on the device at capture; retries and resends carry the same one
    device_code: str
    sequence: int
    previous_hash: str
    recorded_at: str  # device clock, UTC, 'YYYY-MM-DDTHH:MM:SS.ffffffZ'; advisory only
    utc_offset_minutes: int  # the device's local offset when recorded, for receipts and skew reports
    user_id: str
    kind: OperationKind
    channel: Channel
    reference: str  # the human reference printed on the receipt
    limit_table_version: int
    body: Mapping[str, Any]
    approved_by: str | None  # the checker's user id for a local supervisor override
    entry_hash: str

    def __post_init__(self) -> None:
        require_pattern(self.entry_id, "entry_id", _ENTRY_ID, "a lowercase UUID (8-4-4-4-12 hex digits)")
        require_device_code(self.device_code, "device_code")
        require_int(self.sequence, "sequence", minimum=1)
        require_sha256_hex(self.previous_hash, "previous_hash")
        if (self.sequence == 1) != (self.previous_hash == GENESIS_HASH):
            problem = "follow anything but" if self.sequence == 1 else "follow"
            raise ChainBroken(
                f"previous_hash: entry {self.sequence} cannot {problem} the genesis hash",
                field="previous_hash",
            )
        require_timestamp(self.recorded_at, "recorded_at")
        require_int(
            self.utc_offset_minutes,
            "utc_offset_minutes",
            minimum=utc_offset_minutes_min,
            maximum=utc_offset_minutes_max,
        )
        require_text(self.user_id, "user_id", length_max=user_id_length_max)
        if not isinstance(self.kind, OperationKind):
            raise InvalidInput(f"kind: expected an OperationKind, found {self.kind!r}", field="kind")
        if not isinstance(self.channel, Channel):
            raise InvalidInput(f"channel: expected a Channel, found {self.channel!r}", field="channel")
        require_text(self.reference, "reference", length_max=reference_length_max)
        require_int(self.limit_table_version, "limit_table_version", minimum=1)
        object.__setattr__(self, "body", _frozen_body(self.body, body_bytes_max(self.kind)))
        if self.approved_by is not None:
            require_text(self.approved_by, "approved_by", length_max=user_id_length_max)
        require_sha256_hex(self.entry_hash, "entry_hash")

    def __hash__(self) -> int:
        # The frozen body is a mapping proxy, which has no hash; equal entries agree on these fields.
        return hash((self.device_code, self.sequence, self.entry_hash))


def content_of(entry: JournalEntry) -> dict[str, Any]:
    """Every field but the hash, as plain canonical-safe data: what the hash is computed over."""
    return {
        "entry_id": entry.entry_id,
        "device_code": entry.device_code,
        "sequence": entry.sequence,
        "previous_hash": entry.previous_hash,
        "recorded_at": entry.recorded_at,
        "utc_offset_minutes": entry.utc_offset_minutes,
        "user_id": entry.user_id,
        "kind": entry.kind.value,
        "channel": entry.channel.value,
        "reference": entry.reference,
        "limit_table_version": entry.limit_table_version,
        "body": _thawed(entry.body),
        "approved_by": entry.approved_by,
    }


def compute_entry_hash(content: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical encoding of an entry's content (see `content_of`)."""
    require_fields(content, CONTENT_FIELDS, "entry content")
    return canonical.sha256_hex(canonical.encode(content))


def entry_hash_of_wire(wire: bytes, entry_hash: str) -> str:
    """The hash of an entry computed from its canonical wire bytes, without encoding it again.

    Keys are sorted, so the canonical content (`content_of`) is the wire encoding without its
    `"entry_hash"` member, which sits between "device_code" and "entry_id". Every member after it
    is text or a number (text escapes its quotes), so the last occurrence of the member is the
    member itself. `entry_hash` is the hash the entry claims: the bytes it was decoded from hold it.
    """
    member = b',"entry_hash":"' + entry_hash.encode("ascii") + b'"'
    at = wire.rfind(member)
    ensure(at > 0, "an entry's wire bytes hold the entry_hash it claims")
    return canonical.sha256_hex(wire[:at] + wire[at + len(member) :])


def append_entry(
    previous: JournalEntry | None,
    *,
    entry_id: str,
    device_code: str,
    recorded_at: str,
    utc_offset_minutes: int,
    user_id: str,
    kind: OperationKind,
    channel: Channel,
    reference: str,
    limit_table_version: int,
    body: Mapping[str, Any],
    approved_by: str | None = None,
) -> JournalEntry:
    """The entry that follows `previous` (or opens the journal when None), hashed and linked."""
    if previous is None:
        sequence, previous_hash = 1, GENESIS_HASH
    else:
        if previous.device_code != device_code:
            raise ChainBroken(
                f"An entry of device {device_code} cannot follow an entry of device {previous.device_code}",
                device_code=device_code,
            )
        # Checked again before building on it: never extend a chain whose head was altered.
        if compute_entry_hash(content_of(previous)) != previous.entry_hash:
            raise ChainBroken(
                f"Entry {previous.sequence} does not match its own hash; the journal was altered",
                sequence=previous.sequence,
            )
        sequence, previous_hash = previous.sequence + 1, previous.entry_hash
    draft = JournalEntry(
        entry_id=entry_id,
        device_code=device_code,
        sequence=sequence,
        previous_hash=previous_hash,
        recorded_at=recorded_at,
        utc_offset_minutes=utc_offset_minutes,
        user_id=user_id,
        kind=kind,
        channel=channel,
        reference=reference,
        limit_table_version=limit_table_version,
        body=body,
        approved_by=approved_by,
        entry_hash=GENESIS_HASH,  # a placeholder until the content is hashed
    )
    return dataclasses.replace(draft, entry_hash=compute_entry_hash(content_of(draft)))


def entry_to_wire(entry: JournalEntry) -> dict[str, Any]:
    return {**content_of(entry), "entry_hash": entry.entry_hash}


def entry_from_wire(data: object, *, path: str = "entry", wire: bytes | None = None) -> JournalEntry:
    """An entry read from the wire: every field checked (errors name it), and its hash recomputed.

    `wire`, when given, are the canonical bytes `data` was decoded from, cut out of a document that
    `canonical.decode` accepted (as `batch.decode_batch` does): the hash is then computed from those
    bytes (`entry_hash_of_wire`), and the body's size read from them, instead of encoding the entry
    again; the hash and the checks are the same.
    """
    fields: Mapping[str, Any] = require_fields(data, WIRE_FIELDS, path)
    body = fields["body"]
    if wire is not None and isinstance(body, dict):
        size = _body_size_in_wire(wire)
        if size is not None:
            body = _WireBody(body, size)
    try:
        entry = JournalEntry(
            entry_id=fields["entry_id"],
            device_code=fields["device_code"],
            sequence=fields["sequence"],
            previous_hash=fields["previous_hash"],
            recorded_at=fields["recorded_at"],
            utc_offset_minutes=fields["utc_offset_minutes"],
            user_id=fields["user_id"],
            kind=_parse_kind(fields["kind"]),
            channel=_parse_channel(fields["channel"]),
            reference=fields["reference"],
            limit_table_version=fields["limit_table_version"],
            body=body,
            approved_by=fields["approved_by"],
            entry_hash=fields["entry_hash"],
        )
    except DomainError as error:
        raise _within(path, error) from None
    if wire is None:
        computed = compute_entry_hash(content_of(entry))
    else:
        computed = entry_hash_of_wire(wire, entry.entry_hash)
    if computed != entry.entry_hash:
        raise ChainBroken(
            f"{path}.entry_hash: does not match the entry's content; it was altered in transit or on disk",
            field=f"{path}.entry_hash",
            sequence=entry.sequence,
        )
    return entry


def verify_chain(
    entries: Iterable[JournalEntry],
    *,
    previous_hash: str,
    first_sequence: int,
    device_code: str | None = None,
    hashes: Sequence[str] | None = None,
) -> tuple[Violation, ...]:
    """Everything wrong with a run of entries that should follow `previous_hash` from `first_sequence`.

    Each entry's hash is recomputed, sequences must run on without gap, each entry must link to the
    one before, one device throughout (`device_code`, or the first entry's), no entry id twice.
    `hashes`, when given, are the entries' hashes already computed from the bytes they arrived in
    (`entry_from_wire` with its `wire`, as `batch.decode_batch` reads them): they are compared with
    what each entry claims instead of being computed a second time.
    """
    if hashes is not None:
        entries = tuple(entries)
        if len(hashes) != len(entries):
            raise ValueError(f"verify_chain got {len(hashes)} computed hashes for {len(entries)} entries")
    violations: list[Violation] = []
    expected_previous = previous_hash
    expected_device = device_code
    seen_ids: set[str] = set()
    for offset, entry in enumerate(entries):
        expected_sequence = first_sequence + offset
        subject = entry.entry_id
        if expected_device is None:
            expected_device = entry.device_code
        if entry.device_code != expected_device:
            violations.append(
                Violation(
                    "device_mismatch",
                    f"entry {entry.sequence} belongs to device {entry.device_code}, not {expected_device}",
                    subject,
                )
            )
        if entry.sequence > expected_sequence:
            violations.append(
                Violation(
                    "sequence_gap",
                    f"expected entry {expected_sequence}, found {entry.sequence}: entries are missing",
                    subject,
                )
            )
        elif entry.sequence < expected_sequence:
            violations.append(
                Violation(
                    "sequence_repeated",
                    f"expected entry {expected_sequence}, found {entry.sequence} again or out of order",
                    subject,
                )
            )
        if entry.entry_id in seen_ids:
            violations.append(
                Violation("duplicate_entry_id", f"entry id {entry.entry_id} appears twice", subject)
            )
        seen_ids.add(entry.entry_id)
        computed = hashes[offset] if hashes is not None else compute_entry_hash(content_of(entry))
        if computed != entry.entry_hash:
            violations.append(
                Violation("hash_mismatch", f"entry {entry.sequence} does not match its own hash", subject)
            )
        if entry.previous_hash != expected_previous:
            violations.append(
                Violation(
                    "chain_broken",
                    f"entry {entry.sequence} does not follow the entry before it (previous hash differs)",
                    subject,
                )
            )
        expected_previous = entry.entry_hash
    return tuple(violations)


# --- operations in the body ---------------------------------------------------------------


def operation_to_body(
    operation: Operation, *, details: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The body of an entry recording `operation`: amounts as int cents, only the slots it fills."""
    body: dict[str, Any] = {
        "kind": operation.kind.value,
        "channel": operation.channel.value,
        "amount_cents": operation.amount.cents,
        "fee_cents": operation.fee.cents,
    }
    for slot, account in operation.accounts().items():
        body[slot.value] = account
    if details is not None:
        body[BODY_DETAILS] = details
    return body


def operation_from_body(body: Mapping[str, Any]) -> Operation:
    """The operation an entry's body records; InvalidOperation for anything missing, unknown or bad."""
    if not isinstance(body, Mapping):
        raise InvalidOperation(f"An operation body is an object, not {type(body).__name__}")
    unknown = sorted(str(key) for key in body if key not in _BODY_FIELDS)
    if unknown:
        raise InvalidOperation(f"The operation has unknown field {', '.join(unknown)}", field=unknown[0])
    missing = [name for name in _OPERATION_FIELDS if name not in body]
    if missing:
        raise InvalidOperation(f"The operation is missing {', '.join(missing)}", field=missing[0])
    try:
        kind = _parse_kind(body["kind"])
        channel = _parse_channel(body["channel"])
    except InvalidInput as error:
        raise InvalidOperation(error.message, **error.details) from None
    amount = _cents(body["amount_cents"], "amount_cents")
    fee = _cents(body["fee_cents"], "fee_cents")
    accounts: dict[str, str] = {}
    for name in _SLOT_NAMES:
        if name in body:
            value = body[name]
            if not isinstance(value, str) or not value or len(value) > account_code_length_max:
                raise InvalidOperation(
                    f"{name}: expected an account code of 1 to {account_code_length_max} characters",
                    field=name,
                )
            accounts[name] = value
    if BODY_DETAILS in body and not isinstance(body[BODY_DETAILS], Mapping):
        raise InvalidOperation(f"{BODY_DETAILS}: expected an object", field=BODY_DETAILS)
    return Operation(kind=kind, channel=channel, amount=amount, fee=fee, **accounts)


def operation_of(entry: JournalEntry) -> Operation:
    """The operation `entry` records, checked against the entry's own kind and channel."""
    operation = operation_from_body(entry.body)
    if operation.kind is not entry.kind or operation.channel is not entry.channel:
        raise InvalidOperation(
            f"The body records a {operation.kind} on {operation.channel}, "
            f"but the entry is a {entry.kind} on {entry.channel}",
            kind=entry.kind.value,
        )
    return operation


# --- timestamps and small field checks ------------------------------------------------------


def format_timestamp(moment: datetime) -> str:
    """A timezone-aware moment in the one wire form: 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise TypeError("timestamps are formatted from timezone-aware datetimes only")
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_timestamp(text: str) -> datetime:
    require_timestamp(text, "timestamp")
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=timezone.utc)


def require_timestamp(value: object, field: str) -> str:
    text = require_pattern(value, field, _TIMESTAMP, "a UTC time like 2024-05-01T09:30:00.000000Z")
    try:
        # The pattern fixed the shape; fromisoformat (C) checks the date is real, as strptime would.
        datetime.fromisoformat(text[:-1])
    except ValueError:
        raise InvalidInput(f"{field}: {text!r} is not a real date and time", field=field) from None
    return text


def require_device_code(value: object, field: str) -> str:
    """A device code as references.py mints them (4 Crockford base-32 characters, e.g. 'K7Q2')."""
    if not isinstance(value, str) or not is_valid_device_code(value):
        raise InvalidInput(f"{field}: {value!r} is not a device code (4 characters, e.g. K7Q2)", field=field)
    return value


def _parse_kind(value: object) -> OperationKind:
    if isinstance(value, str) and value in _KIND_VALUES:
        return OperationKind(value)
    raise InvalidOperation(f"kind: {value!r} is not an operation kind this system knows", field="kind")


def _parse_channel(value: object) -> Channel:
    if isinstance(value, str) and value in _CHANNEL_VALUES:
        return Channel(value)
    choices = ", ".join(sorted(_CHANNEL_VALUES))
    raise InvalidInput(f"channel: {value!r} is not a channel; expected one of {choices}", field="channel")


def _cents(value: object, field: str) -> Money:
    if type(value) is not int:
        raise InvalidOperation(f"{field}: expected whole cents as an integer, found {value!r}", field=field)
    try:
        return Money(value)
    except DomainError as error:
        raise InvalidOperation(f"{field}: {error.message}", field=field) from None


@dataclass(frozen=True, slots=True)
class _WireBody:
    """A body decoded from canonical bytes, with the length of its encoding in them."""

    mapping: dict[str, Any]
    size: int


def _body_size_in_wire(wire: bytes) -> int | None:
    """The length of the body's encoding inside an entry's canonical wire bytes, which is its own
    canonical encoding (canonical JSON nests). "body" follows "approved_by" (null or text, whose
    quotes are escaped) and precedes "channel", after which every member is text or a number: so
    the first `,"body":` and the last `,"channel":"` are the members themselves."""
    start = wire.find(b',"body":')
    end = wire.rfind(b',"channel":"')
    if start < 0 or end < start:
        return None
    return end - start - len(b',"body":')


def body_bytes_max(kind: OperationKind) -> int:
    """How large an entry's body of this kind may be: a payroll run's lines make it the one large kind."""
    return payroll_run_body_bytes_max if kind is OperationKind.PAYROLL_RUN else entry_body_bytes_max


def _frozen_body(body: object, size_max: int) -> Mapping[str, Any]:
    if type(body) is _WireBody:
        # Its encoding was read, so its size is known and its values are canonical; only a body's
        # own nesting limit, tighter than a document's, is left to check.
        if body.size <= size_max and _nested_within(body.mapping, entry_body_depth_max):
            return _frozen(body.mapping)  # type: ignore[return-value]
        body = body.mapping  # refused below, in the words any body is refused with
    if not isinstance(body, Mapping):
        raise InvalidInput(f"body: expected an object, found {type(body).__name__}", field="body")
    size = len(canonical.encode(body, path="body", depth_max=entry_body_depth_max))
    if size > size_max:
        raise InvalidInput(f"body: {size} bytes is more than the {size_max} an entry may carry", field="body")
    frozen = _frozen(body)
    assert isinstance(frozen, Mapping)
    return frozen


def _nested_within(value: object, depth_max: int) -> bool:
    """Whether the objects and lists of decoded JSON nest at most `depth_max` levels, `value` being
    the first, as `canonical.encode` counts them."""
    level = [value]
    for _ in range(depth_max):
        level = [
            item
            for container in level
            for item in (container.values() if isinstance(container, dict) else container)
            if isinstance(item, (dict, list))
        ]
        if not level:
            return True
    return False


def _frozen(value: object) -> object:
    if isinstance(value, Mapping):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(item) for item in value)
    return value


def _thawed(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _thawed(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_thawed(item) for item in value]
    return value


def _within(path: str, error: DomainError) -> DomainError:
    """The same error, its message and field prefixed by where the entry sits in the document."""
    details = dict(error.details)
    for key in ("field", "path"):
        if isinstance(details.get(key), str):
            details[key] = f"{path}.{details[key]}"
    return type(error)(f"{path}.{error.message}", **details)

