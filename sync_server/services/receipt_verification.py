"""Does head office's journal hold exactly the entry a receipt shows, sealed by the device that
printed it? (`wekeza-server verify-receipt`, POST /v1/receipts/verify.)

The receipt is read by shared_core.receipt_text: its printed fields, its QR seal, or both. The
entry is looked up by the reference's device and sequence, and every field the receipt carries is
compared with the entry as the journal stores it (its canonical bytes, hashed again here, so a row
altered in the database is not taken for the entry): reference, device, sequence, operation, local
time and offset, amount, fee, journal hash, and, for a seal, the device's Ed25519 signature under
the key it enrolled with. Each source is compared on its own, so a pen-altered amount on an intact
QR code shows as the printed amount differing, and a QR code whose amount was changed shows as its
amount differing and its signature failing.

Verdicts: verified (every field matches; `sealed` says whether the device's signature was among
them), mismatch (naming each field that differs, what the receipt says and what the journal holds),
not_found (no entry at that sequence: the device has not sent it, or it never existed), device_unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, select

from shared_core import canonical
from shared_core.errors import BadSignature, ensure
from shared_core.journal import JournalEntry, entry_from_wire
from shared_core.money import Money
from shared_core.receipt_seal import ReceiptSeal, verify_seal
from shared_core.receipt_text import RECEIPT_OPERATION_LABELS, PrintedFields, ReceiptClaim, printed_local_time
from shared_core.signing import load_public_key
from sync_server.db import schema

_d = schema.devices.c
_e = schema.entries.c


class Verdict(StrEnum):
    VERIFIED = "verified"
    MISMATCH = "mismatch"
    NOT_FOUND = "not_found"
    DEVICE_UNKNOWN = "device_unknown"


class Source(StrEnum):
    """Where on the receipt a compared value was read."""

    PRINTED = "printed"
    QR = "qr"


_SOURCE_WORDS = {Source.PRINTED: "printed", Source.QR: "QR code"}


@dataclass(frozen=True, slots=True)
class FieldMismatch:
    field: str  # reference, kind, time, amount, fee, entry_hash, signature
    source: Source
    on_receipt: str
    in_journal: str

    def to_wire(self) -> dict[str, str]:
        return {
            "field": self.field,
            "source": self.source.value,
            "on_receipt": self.on_receipt,
            "in_journal": self.in_journal,
        }


@dataclass(frozen=True, slots=True)
class ReceiptVerification:
    verdict: Verdict
    reference: str
    device_code: str
    sequence: int
    checked_fields: tuple[str, ...]  # every field compared, whatever the outcome
    mismatches: tuple[FieldMismatch, ...]
    sealed: bool  # the QR seal was read and the device's signature holds
    entry_status: str | None  # what the server decided about the entry: booked, rejected...
    device_status: str | None  # active, revoked, frozen
    message: str

    def __post_init__(self) -> None:
        assert (self.verdict is Verdict.MISMATCH) == bool(self.mismatches), "a mismatch names its fields"
        assert not self.sealed or self.verdict is Verdict.VERIFIED, "only a verified receipt is sealed"

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the fields that differ, each once."""
        return tuple(dict.fromkeys(mismatch.field for mismatch in self.mismatches))

    def to_wire(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "reference": self.reference,
            "device_code": self.device_code,
            "sequence": self.sequence,
            "checked_fields": list(self.checked_fields),
            "mismatches": [mismatch.to_wire() for mismatch in self.mismatches],
            "sealed": self.sealed,
            "entry_status": self.entry_status,
            "device_status": self.device_status,
            "message": self.message,
        }


def verify_receipt(connection: Connection, claim: ReceiptClaim) -> ReceiptVerification:
    """Compare what `claim` says with the journal; reads only."""
    if not isinstance(claim, ReceiptClaim):
        raise TypeError(f"verify_receipt needs a ReceiptClaim, got {type(claim).__name__}")
    reference = claim.reference
    found = {
        "reference": str(reference),
        "device_code": reference.device_code,
        "sequence": reference.sequence,
    }
    device = connection.execute(
        select(_d.status, _d.public_key_hex, _d.last_sequence, _d.last_batch_at).where(
            _d.device_code == reference.device_code
        )
    ).first()
    if device is None:
        return ReceiptVerification(
            Verdict.DEVICE_UNKNOWN,
            **found,
            checked_fields=("device",),
            mismatches=(),
            sealed=False,
            entry_status=None,
            device_status=None,
            message=f"No device {reference.device_code} was ever enrolled with this bank: the receipt "
            "was not printed by one of its counters or agents",
        )
    row = connection.execute(
        select(_e.content, _e.entry_hash, _e.status, _e.code).where(
            _e.device_code == reference.device_code, _e.sequence == reference.sequence
        )
    ).first()
    if row is None:
        since = (
            f"its last batch arrived at {device.last_batch_at}" if device.last_batch_at else "it never synced"
        )
        return ReceiptVerification(
            Verdict.NOT_FOUND,
            **found,
            checked_fields=("device", "sequence"),
            mismatches=(),
            sealed=False,
            entry_status=None,
            device_status=device.status,
            message=f"The journal holds entries 1 to {device.last_sequence} of device "
            f"{reference.device_code} ({since}); entry {reference.sequence} has not reached head office. "
            "A receipt printed offline verifies once the device has synced; otherwise the entry never existed",
        )
    entry = entry_from_wire(canonical.decode(bytes(row.content)), path="stored entry")  # its hash again
    ensure(entry.entry_hash == row.entry_hash, f"entry {reference} is stored under another hash than its own")
    checked: list[str] = ["device", "sequence"]
    mismatches: list[FieldMismatch] = []
    sealed = False
    if claim.printed is not None:
        mismatches += _compare_printed(claim.printed, entry, checked)
    if claim.seal is not None:
        seal_mismatches = _compare_seal(claim.seal, entry, checked)
        signature_holds = _signature_holds(claim.seal, device.public_key_hex)
        checked.append("signature")
        if not signature_holds:
            seal_mismatches.append(
                FieldMismatch(
                    "signature",
                    Source.QR,
                    "a signature over the QR code's fields",
                    f"not device {entry.device_code}'s signature of those fields",
                )
            )
        mismatches += seal_mismatches
        sealed = signature_holds
    verdict = Verdict.MISMATCH if mismatches else Verdict.VERIFIED
    return ReceiptVerification(
        verdict,
        **found,
        checked_fields=tuple(dict.fromkeys(checked)),
        mismatches=tuple(mismatches),
        sealed=sealed and verdict is Verdict.VERIFIED,
        entry_status=row.status,
        device_status=device.status,
        message=_message(verdict, entry, tuple(mismatches), sealed=sealed, status=row.status, code=row.code),
    )


def _compare_printed(printed: PrintedFields, entry: JournalEntry, checked: list[str]) -> list[FieldMismatch]:
    found: list[FieldMismatch] = []

    def compare(field: str, on_receipt: str, in_journal: str) -> None:
        checked.append(field)
        if on_receipt != in_journal:
            found.append(FieldMismatch(field, Source.PRINTED, on_receipt, in_journal))

    compare("reference", str(printed.reference), entry.reference)
    if printed.kind is not None:
        compare("kind", RECEIPT_OPERATION_LABELS[printed.kind], RECEIPT_OPERATION_LABELS[entry.kind])
    if printed.local_time is not None:
        journal_time = printed_local_time(
            entry.recorded_at, entry.utc_offset_minutes, seconds=printed.local_time_has_seconds
        )
        compare("time", printed.local_time, journal_time)
    if printed.amount_cents is not None:
        compare("amount", _money(printed.amount_cents), _money(_body_cents(entry, "amount_cents")))
    if printed.fee_cents is not None:
        compare("fee", _money(printed.fee_cents), _money(_body_cents(entry, "fee_cents")))
    return found


def _compare_seal(seal: ReceiptSeal, entry: JournalEntry, checked: list[str]) -> list[FieldMismatch]:
    found: list[FieldMismatch] = []
    pairs = (
        ("reference", seal.reference, entry.reference),
        ("amount", _money(seal.amount_cents), _money(_body_cents(entry, "amount_cents"))),
        ("entry_hash", seal.entry_hash, entry.entry_hash),
    )
    for field, on_receipt, in_journal in pairs:
        checked.append(field)
        if on_receipt != in_journal:
            found.append(FieldMismatch(field, Source.QR, on_receipt, in_journal))
    return found


def _signature_holds(seal: ReceiptSeal, public_key_hex: str) -> bool:
    try:
        verify_seal(seal, load_public_key(public_key_hex))
    except BadSignature:
        return False
    return True


def _body_cents(entry: JournalEntry, name: str) -> int:
    value = entry.body.get(name, 0)
    return value if type(value) is int else 0


def _money(cents: int) -> str:
    return Money(cents).format()


def _message(
    verdict: Verdict,
    entry: JournalEntry,
    mismatches: tuple[FieldMismatch, ...],
    *,
    sealed: bool,
    status: str,
    code: str | None,
) -> str:
    if verdict is Verdict.MISMATCH:
        differences = "; ".join(
            f"{m.field} ({_SOURCE_WORDS[m.source]}: {m.on_receipt}; journal: {m.in_journal})"
            for m in mismatches
        )
        return f"The receipt does NOT match the journal's entry {entry.reference}: {differences}"
    how = (
        f"sealed by device {entry.device_code}"
        if sealed
        else f"as printed; its QR code was not read, so device {entry.device_code}'s seal was not checked"
    )
    answer = {
        "booked": "",
        "booked_with_exception": " It is booked, with an exception for head office.",
        "rejected": f" The bank refused it ({code}): no money moved.",
        "awaiting_approval": f" It waits for a checker ({code}).",
        "exists_with_different_content": " Its entry id was already taken: nothing was booked.",
    }.get(status, "")
    label = RECEIPT_OPERATION_LABELS[entry.kind]
    return f"The journal holds {entry.reference} ({label}) exactly as the receipt shows it, {how}.{answer}"
