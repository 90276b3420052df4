"""What a customer's receipt claims, read back from its text or its QR code, for head office to
check against the journal (sync_server.services.receipt_verification).

A receipt carries two accounts of one entry. Its printed text (as `pdftotext -layout` gives it, or
as a person types it off the paper) shows the reference, the operation, the local time with the
device's offset, the amount and any fee. Its QR code holds the seal (`receipt_seal`): reference,
amount, device, the entry's journal hash and the device's signature. Either, or both, may be read:

    read_receipt("WKZ1/BR-K7Q2-000002-9/250000/K7Q2/5A1F.../52II...")      the QR code alone
    read_receipt(text_of_the_receipt)                                       what the paper prints

The two are kept apart, never merged: a receipt whose pen-altered amount disagrees with its intact
QR code must be reported as such, field by field, by the verifier. This module only reads; it
decides nothing about the journal.

The printed labels and the printed time are written here once, so the desktop's receipts and
the server's verifier agree on them (`RECEIPT_OPERATION_LABELS`, `printed_local_time`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType

from shared_core.errors import InvalidInput, InvalidReference
from shared_core.journal import parse_timestamp
from shared_core.money import parse_amount
from shared_core.operations import OPERATION_NAMES, OperationKind
from shared_core.receipt_seal import ReceiptSeal, parse_seal, seal_version
from shared_core.references import Reference, parse_reference

# A receipt's text is a screenful; a document many times longer is not a receipt.
receipt_text_chars_max = 8_000
receipt_text_lines_max = 200

# A receipt names the wallet where a statement of that wallet would not need to.
RECEIPT_OPERATION_LABELS: Mapping[OperationKind, str] = MappingProxyType(
    {
        **OPERATION_NAMES,
        OperationKind.LOAN_REPAYMENT_WALLET: "Loan repayment from wallet",
        OperationKind.PREMIUM_WALLET: "Insurance premium from wallet",
    }
)
assert set(RECEIPT_OPERATION_LABELS) == set(OperationKind), "every operation has a printed name"
assert len(set(RECEIPT_OPERATION_LABELS.values())) == len(OperationKind), "one label, one operation"
_KIND_BY_LABEL = {label.casefold(): kind for kind, label in RECEIPT_OPERATION_LABELS.items()}

# A reference as printed, or typed in any case; the seal's text in the characters encode_seal writes.
_REFERENCE = re.compile(r"\b(?:BR|AG|HO)-[0-9A-Z]{4}-[0-9]{6,12}-[0-9A-Z]\b", re.IGNORECASE)
_SEAL = re.compile(re.escape(seal_version) + r"/[0-9A-Z/-]+")
_LOCAL_TIME = re.compile(
    r"\b([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}(?::[0-9]{2})? [+-][0-9]{2}:[0-9]{2})(?![0-9])"
)
# "Amount    KES 2,500.00" on one line, as pdftotext -layout prints it or a person types it.
_LABELLED_AMOUNT = re.compile(r"^\s*(Amount|Fee)\s*:?\s+(KES\s*[0-9][0-9,]*\.[0-9]{2})\s*$", re.IGNORECASE)


def printed_local_time(recorded_at: str, utc_offset_minutes: int, *, seconds: bool = True) -> str:
    """An entry's time as its receipt prints it: the device's local time with the offset it
    recorded, e.g. '2026-11-24 10:00:00 +03:00' for 07:00:00Z at +180 minutes."""
    local = parse_timestamp(recorded_at) + timedelta(minutes=utc_offset_minutes)
    sign = "-" if utc_offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(utc_offset_minutes), 60)
    return f"{local:%Y-%m-%d %H:%M{':%S' if seconds else ''}} {sign}{hours:02d}:{minutes:02d}"


@dataclass(frozen=True, slots=True)
class PrintedFields:
    """What the receipt's text shows; a field the text did not show is None."""

    reference: Reference
    kind: OperationKind | None
    local_time: str | None  # as printed: '2026-11-24 10:00:00 +03:00' (a typed one may omit seconds)
    amount_cents: int | None
    fee_cents: int | None

    @property
    def local_time_has_seconds(self) -> bool:
        assert self.local_time is not None
        return len(self.local_time) == len("2026-11-24 10:00:00 +03:00")


@dataclass(frozen=True, slots=True)
class ReceiptClaim:
    """A receipt as read: its printed fields, its seal, or both (at least one)."""

    printed: PrintedFields | None
    seal: ReceiptSeal | None

    def __post_init__(self) -> None:
        assert self.printed is not None or self.seal is not None, "a claim carries something to check"

    @property
    def reference(self) -> Reference:
        """The entry the receipt names; the seal's when both are there, as the seal is signed."""
        if self.seal is not None:
            return parse_reference(self.seal.reference)
        assert self.printed is not None
        return self.printed.reference


def read_receipt(text: str) -> ReceiptClaim:
    """The claim a receipt makes, from its QR code's text or from its printed text (which may hold
    the QR code's text on a line of its own). Refuses, naming why, text that is not a receipt."""
    if not isinstance(text, str):
        raise TypeError(f"read_receipt needs str, got {type(text).__name__}")
    if len(text) > receipt_text_chars_max:
        raise InvalidInput(
            f"The text is {len(text):,} characters; a receipt's is under {receipt_text_chars_max:,}. "
            "Give the text of one receipt, or its QR code",
            length=len(text),
        )
    stripped = text.strip()
    if not stripped:
        raise InvalidInput("The receipt text is empty: scan the QR code or paste the receipt's text")
    if stripped.startswith(seal_version + "/") and "\n" not in stripped:
        return ReceiptClaim(printed=None, seal=parse_seal(stripped))
    lines = stripped.splitlines()
    if len(lines) > receipt_text_lines_max:
        raise InvalidInput(
            f"The text has {len(lines)} lines; a receipt has fewer than {receipt_text_lines_max}",
            lines=len(lines),
        )
    seal = _seal_in(stripped)
    printed = _printed_fields(lines)
    if printed is None and seal is None:
        raise InvalidInput(
            "No receipt reference (like BR-K7Q2-000042-6) and no QR code text (WKZ1/...) in the text: "
            "it is not a Wekeza receipt"
        )
    return ReceiptClaim(printed=printed, seal=seal)


def _seal_in(text: str) -> ReceiptSeal | None:
    found = {match.group(0).strip() for match in _SEAL.finditer(text)}
    if len(found) > 1:
        raise InvalidInput("The text holds two different QR codes' texts: give one receipt at a time")
    return parse_seal(found.pop()) if found else None


def _printed_fields(lines: list[str]) -> PrintedFields | None:
    body = "\n".join(line for line in lines if seal_version + "/" not in line)
    references = {match.group(0).upper() for match in _REFERENCE.finditer(body)}
    if not references:
        return None
    if len(references) > 1:
        raise InvalidReference(
            f"The receipt's text names more than one reference ({', '.join(sorted(references))}): "
            "give one receipt at a time",
            references=len(references),
        )
    reference = parse_reference(references.pop())  # the check character must hold
    times = _LOCAL_TIME.findall(body)
    amounts: dict[str, int] = {}
    kind = None
    for line in lines:
        labelled = _LABELLED_AMOUNT.match(line)
        if labelled is not None:
            amounts.setdefault(
                labelled.group(1).casefold(), parse_amount(labelled.group(2), allow_zero=True).cents
            )
        if kind is None:
            kind = _KIND_BY_LABEL.get(" ".join(line.split()).casefold())
    return PrintedFields(
        reference=reference,
        kind=kind,
        local_time=_one_time(times),
        amount_cents=amounts.get("amount"),
        fee_cents=amounts.get("fee"),
    )


def _one_time(times: list[str]) -> str | None:
    distinct = set(times)
    if len(distinct) > 1:
        raise InvalidInput(
            f"The receipt's text shows more than one time ({', '.join(sorted(distinct))}): "
            "give one receipt at a time"
        )
    if not distinct:
        return None
    time_text = distinct.pop()
    offset_hours, offset_minutes = int(time_text[-5:-3]), int(time_text[-2:])
    if offset_hours > 14 or offset_minutes > 59:
        raise InvalidInput(f"'{time_text}' has no real UTC offset", field="time")
    return time_text
