"""The server's answer to a batch: one result per entry, in an acknowledgement the server signs.

Each entry gets its own status, never one exception for the whole batch: a refused request is set
aside and the rest flow on. A repeat of an entry already booked answers `duplicate` (nothing booked
twice); an entry id reused for different content answers `exists_with_different_content`.
The acknowledgement names the chain head the server accepted, so the device knows where it stands.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from shared_core import canonical, signing
from shared_core.batch import Batch, batch_entries_max
from shared_core.canonical import (
    require_fields,
    require_int,
    require_pattern,
    require_sha256_hex,
    require_text,
)
from shared_core.errors import BadSignature, DomainError, IntegrityViolation, InvalidInput, LimitExceeded
from shared_core.journal import GENESIS_HASH, require_device_code, require_timestamp
from shared_core.signing import SigningContext

message_length_max = 500
exception_id_length_max = 64
entry_id_length_max = 36
# 500 results with messages at their longest stay far below this.
acknowledgement_bytes_max = 1024 * 1024

RESULT_FIELDS = ("entry_id", "sequence", "status", "code", "message", "exception_id")
ACKNOWLEDGEMENT_FIELDS = (
    "device_code",
    "batch_first_sequence",
    "batch_last_sequence",
    "accepted_head_sequence",
    "accepted_head_hash",
    "server_time",
    "results",
)
SIGNED_FIELDS = ("acknowledgement", "signature")

_CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")  # the stable codes of shared_core.errors
_SIGNATURE_HEX = re.compile(r"[0-9a-f]{128}")


class EntryStatus(StrEnum):
    BOOKED = "booked"
    BOOKED_WITH_EXCEPTION = "booked_with_exception"  # a fact that broke a rule: head office resolves it
    REJECTED = "rejected"  # a request the server refused, with a stable code
    DUPLICATE = "duplicate"  # already booked with the same content; the first answer stands
    EXISTS_WITH_DIFFERENT_CONTENT = "exists_with_different_content"  # the entry id was reused: a fork
    # A request that needs a checker and came without a valid local override: nothing booked yet;
    # the code names the approval it waits for (e.g. 'approval_reversal').
    AWAITING_APPROVAL = "awaiting_approval"


# What each status needs: (code required, exception id allowed, exception id required).
_STATUS_RULES: dict[EntryStatus, tuple[bool, bool, bool]] = {
    EntryStatus.BOOKED: (False, False, False),
    EntryStatus.BOOKED_WITH_EXCEPTION: (True, True, True),
    EntryStatus.REJECTED: (True, False, False),
    EntryStatus.DUPLICATE: (False, True, False),  # may name the exception the first booking raised
    EntryStatus.EXISTS_WITH_DIFFERENT_CONTENT: (False, False, False),
    EntryStatus.AWAITING_APPROVAL: (True, False, False),
}
assert set(_STATUS_RULES) == set(EntryStatus)


@dataclass(frozen=True, slots=True)
class EntryResult:
    """The server's answer for one entry.

    booked: no code, no exception. booked_with_exception: the code of the rule broken and the
    exception's id. rejected: a code, no exception. duplicate: no code, perhaps the first booking's
    exception. exists_with_different_content: neither. awaiting_approval: the code of the approval
    it waits for, no exception. A code always comes with a message.
    """

    entry_id: str
    sequence: int
    status: EntryStatus
    code: str | None
    message: str
    exception_id: str | None

    def __post_init__(self) -> None:
        require_text(self.entry_id, "entry_id", length_max=entry_id_length_max)
        require_int(self.sequence, "sequence", minimum=1)
        if not isinstance(self.status, EntryStatus):
            raise InvalidInput(f"status: expected an EntryStatus, found {self.status!r}", field="status")
        require_text(self.message, "message", length_max=message_length_max, allow_empty=True)
        code_required, exception_allowed, exception_required = _STATUS_RULES[self.status]
        if self.code is not None:
            require_pattern(self.code, "code", _CODE, "an error code such as 'limit_exceeded'")
        if code_required and self.code is None:
            raise InvalidInput(f"code: a {self.status} result names the code of its reason", field="code")
        if not code_required and self.code is not None:
            raise InvalidInput(f"code: a {self.status} result carries no code", field="code")
        if self.code is not None and not self.message:
            raise InvalidInput("message: a result with a code says in words what went wrong", field="message")
        if self.exception_id is not None:
            require_text(self.exception_id, "exception_id", length_max=exception_id_length_max)
            if not exception_allowed:
                raise InvalidInput(
                    f"exception_id: a {self.status} result raises no exception", field="exception_id"
                )
        elif exception_required:
            raise InvalidInput(
                f"exception_id: a {self.status} result names its exception", field="exception_id"
            )


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """The answer to one batch: a result per entry, in sequence order, and the chain head accepted."""

    device_code: str
    batch_first_sequence: int
    batch_last_sequence: int
    accepted_head_sequence: int  # the device's last entry the server holds, after this batch
    accepted_head_hash: str
    server_time: str  # the server's clock when it answered, the device's reference for skew
    results: tuple[EntryResult, ...]

    def __post_init__(self) -> None:
        require_device_code(self.device_code, "device_code")
        require_int(self.batch_first_sequence, "batch_first_sequence", minimum=1)
        require_int(self.batch_last_sequence, "batch_last_sequence", minimum=self.batch_first_sequence)
        # The head only moves forward, and an answered entry is an accepted one.
        require_int(self.accepted_head_sequence, "accepted_head_sequence", minimum=self.batch_last_sequence)
        require_sha256_hex(self.accepted_head_hash, "accepted_head_hash")
        if self.accepted_head_hash == GENESIS_HASH:
            raise InvalidInput("accepted_head_hash: an accepted head is an entry, not the genesis hash")
        require_timestamp(self.server_time, "server_time")
        if not isinstance(self.results, tuple) or not all(isinstance(r, EntryResult) for r in self.results):
            raise TypeError("an acknowledgement holds a tuple of EntryResult")
        expected_count = self.batch_last_sequence - self.batch_first_sequence + 1
        if len(self.results) != expected_count:
            raise InvalidInput(
                f"results: entries {self.batch_first_sequence} to {self.batch_last_sequence} "
                f"need {expected_count} results, not {len(self.results)}",
                field="results",
            )
        entry_ids: set[str] = set()
        for offset, result in enumerate(self.results):
            if result.sequence != self.batch_first_sequence + offset:
                raise InvalidInput(
                    f"results[{offset}].sequence: expected {self.batch_first_sequence + offset}, "
                    f"found {result.sequence}",
                    field=f"results[{offset}].sequence",
                )
            if result.entry_id in entry_ids:
                raise InvalidInput(f"results[{offset}].entry_id: {result.entry_id} is answered twice")
            entry_ids.add(result.entry_id)


@dataclass(frozen=True, slots=True)
class SignedAcknowledgement:
    acknowledgement: Acknowledgement
    signature: str  # the server's signature over the acknowledgement's canonical bytes

    def __post_init__(self) -> None:
        if not isinstance(self.acknowledgement, Acknowledgement):
            raise TypeError("a signed acknowledgement holds an Acknowledgement")
        if not isinstance(self.signature, str) or not _SIGNATURE_HEX.fullmatch(self.signature):
            raise BadSignature("signature: expected 128 lowercase hex characters", field="signature")


def sign_acknowledgement(
    ack: Acknowledgement, server_private_key: Ed25519PrivateKey
) -> SignedAcknowledgement:
    signature = signing.sign(
        server_private_key, SigningContext.ACKNOWLEDGEMENT, acknowledgement_signed_bytes(ack)
    )
    return SignedAcknowledgement(ack, signature)


def verify_acknowledgement(signed: SignedAcknowledgement, server_public_key: Ed25519PublicKey) -> None:
    """Return quietly if the pinned server key signed this acknowledgement; else BadSignature."""
    signing.verify(
        server_public_key,
        SigningContext.ACKNOWLEDGEMENT,
        acknowledgement_signed_bytes(signed.acknowledgement),
        signed.signature,
    )


def check_answers(ack: Acknowledgement, batch: Batch) -> None:
    """Raise IntegrityViolation unless `ack` answers exactly the entries of `batch` (device side)."""
    header = batch.header
    if (ack.device_code, ack.batch_first_sequence, ack.batch_last_sequence) != (
        header.device_code,
        header.first_sequence,
        header.last_sequence,
    ):
        answered = f"{ack.device_code} {ack.batch_first_sequence}-{ack.batch_last_sequence}"
        sent = f"{header.device_code} {header.first_sequence}-{header.last_sequence}"
        raise IntegrityViolation(f"The answer is for entries {answered}, not the batch sent ({sent})")
    if len(ack.results) != len(batch.entries):
        raise IntegrityViolation(
            f"The answer has {len(ack.results)} results for {len(batch.entries)} entries"
        )
    for result, entry in zip(ack.results, batch.entries):
        if result.entry_id != entry.entry_id:
            raise IntegrityViolation(
                f"The answer for entry {entry.sequence} names entry id {result.entry_id}, "
                f"not {entry.entry_id}",
                sequence=entry.sequence,
            )


def result_to_wire(result: EntryResult) -> dict[str, Any]:
    return {name: getattr(result, name) for name in RESULT_FIELDS} | {"status": result.status.value}


def acknowledgement_to_wire(ack: Acknowledgement) -> dict[str, Any]:
    wire: dict[str, Any] = {name: getattr(ack, name) for name in ACKNOWLEDGEMENT_FIELDS}
    wire["results"] = [result_to_wire(result) for result in ack.results]
    return wire


def acknowledgement_signed_bytes(ack: Acknowledgement) -> bytes:
    return canonical.encode(acknowledgement_to_wire(ack))


def encode_acknowledgement(signed: SignedAcknowledgement) -> bytes:
    return canonical.encode(
        {"acknowledgement": acknowledgement_to_wire(signed.acknowledgement), "signature": signed.signature}
    )


def encode_signed_acknowledgement(ack: Acknowledgement, server_private_key: Ed25519PrivateKey) -> bytes:
    """`encode_acknowledgement(sign_acknowledgement(ack, key))`, encoding the acknowledgement once:
    the bytes signed are the very bytes sent. Canonical JSON nests (keys sorted, no whitespace, a
    member's value written as it is written alone), so the signed document is those bytes framed."""
    signed_bytes = acknowledgement_signed_bytes(ack)
    signature = signing.sign(server_private_key, SigningContext.ACKNOWLEDGEMENT, signed_bytes)
    signed = SignedAcknowledgement(ack, signature)  # checks the signature's form, as sign_acknowledgement
    signature_bytes = canonical.encode(signed.signature)
    return b'{"acknowledgement":' + signed_bytes + b',"signature":' + signature_bytes + b"}"


def decode_acknowledgement(data: bytes) -> SignedAcknowledgement:
    """A signed acknowledgement read from the wire, every field checked; `verify_acknowledgement` next."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode_acknowledgement needs bytes, got {type(data).__name__}")
    if len(data) > acknowledgement_bytes_max:
        raise LimitExceeded(
            f"An acknowledgement of {len(data)} bytes is more than the {acknowledgement_bytes_max} allowed"
        )
    document = canonical.decode(data)
    fields: Mapping[str, Any] = require_fields(document, SIGNED_FIELDS, "answer")
    ack_fields: Mapping[str, Any] = require_fields(
        fields["acknowledgement"], ACKNOWLEDGEMENT_FIELDS, "acknowledgement"
    )
    items = ack_fields["results"]
    if not isinstance(items, list) or len(items) > batch_entries_max:
        raise InvalidInput(f"acknowledgement.results: expected a list of at most {batch_entries_max} results")
    results = tuple(
        _result_from_wire(item, f"acknowledgement.results[{index}]") for index, item in enumerate(items)
    )
    try:
        scalars = {name: ack_fields[name] for name in ACKNOWLEDGEMENT_FIELDS if name != "results"}
        ack = Acknowledgement(**scalars, results=results)
    except DomainError as error:
        raise type(error)(f"acknowledgement.{error.message}", **error.details) from None
    return SignedAcknowledgement(ack, fields["signature"])


def _result_from_wire(data: object, path: str) -> EntryResult:
    fields: Mapping[str, Any] = require_fields(data, RESULT_FIELDS, path)
    status = fields["status"]
    try:
        if not isinstance(status, str) or status not in {known.value for known in EntryStatus}:
            raise InvalidInput(f"status: {status!r} is not a result status", field="status")
        return EntryResult(**{name: fields[name] for name in RESULT_FIELDS} | {"status": EntryStatus(status)})
    except DomainError as error:
        raise type(error)(f"{path}.{error.message}", **error.details) from None
