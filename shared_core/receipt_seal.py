"""The seal in a receipt's QR code: what head office checks a paper receipt against the journal with.

A seal names the entry (its reference, amount in cents, device code and journal hash) and carries
the device's Ed25519 signature over them, made for the purpose RECEIPT only. Head office scans the
code, looks up the entry by reference, compares amount and hash with its journal, and verifies the
signature with the device's enrolled public key: a receipt altered by pen, or printed by anything
but an enrolled device, fails one of the three.

The signed bytes are the canonical encoding (RFC 8785) of

    {"amount_cents": 500000, "device_code": "K7Q2", "entry_hash": "<64 lowercase hex>",
     "reference": "AG-K7Q2-000042-6"}

signed under the context 'wekeza/receipt/v1' (see `signing`).

The text in the QR code, one line, fields separated by '/':

    WKZ1/AG-K7Q2-000042-6/500000/K7Q2/<hash: 64 UPPERCASE hex>/<signature: 103 characters base32>

Every character is in the QR code's alphanumeric set (0-9, A-Z, space and $%*+-./:), which packs
5.5 bits per character against byte mode's 8; that is why the hash is upper case, the signature is
RFC 4648 base32 without padding (5 bits a character) rather than base64url (which needs lower case),
and the separator is '/' rather than '|'. A typical seal is 202 characters and even the longest
possible one (216: a 12-digit sequence and the largest amount) fits a version 8 code at error
correction M (49 x 49 modules), where the same content in byte mode would need version 10 or 11
(57 or 61 modules a side): a smaller code, or bigger modules that survive a worn print head.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from shared_core.canonical import encode
from shared_core.errors import InvalidAmount, InvalidInput, InvalidReference
from shared_core.money import amount_cents_max
from shared_core.references import is_valid_device_code, parse_reference
from shared_core.signing import SigningContext, sign, signature_bytes, verify

seal_version = "WKZ1"
seal_separator = "/"
seal_field_count = 6
# The longest seal we write is 216 characters; anything much longer was never ours.
seal_text_length_max = 256
# QR alphanumeric mode holds exactly these characters; the encoded seal uses no others.
qr_alphanumeric_characters = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

_signature_base32_length = 103  # ceil(64 bytes * 8 / 5)
_ENTRY_HASH = re.compile(r"[0-9a-f]{64}")
_ENTRY_HASH_TEXT = re.compile(r"[0-9A-F]{64}")
_SIGNATURE_HEX = re.compile(r"[0-9a-f]{128}")
_SIGNATURE_TEXT = re.compile(f"[A-Z2-7]{{{_signature_base32_length}}}")
_AMOUNT_TEXT = re.compile(r"0|[1-9][0-9]{0,13}")


@dataclass(frozen=True, slots=True)
class ReceiptSeal:
    """What a receipt's QR code carries. `entry_hash` and `signature` are lowercase hex, as in the journal."""

    reference: str
    amount_cents: int
    device_code: str
    entry_hash: str
    signature: str

    def __post_init__(self) -> None:
        _check_fields(self.reference, self.amount_cents, self.device_code, self.entry_hash)
        if not isinstance(self.signature, str):
            raise TypeError(f"ReceiptSeal.signature must be str, got {type(self.signature).__name__}")
        if not _SIGNATURE_HEX.fullmatch(self.signature):
            raise InvalidInput(
                f"A receipt seal's signature is {signature_bytes * 2} lowercase hex characters",
                field="signature",
            )


def signed_message(*, reference: str, amount_cents: int, device_code: str, entry_hash: str) -> bytes:
    """The bytes a device signs for a receipt: the canonical encoding of the four sealed fields."""
    _check_fields(reference, amount_cents, device_code, entry_hash)
    return encode(
        {
            "reference": reference,
            "amount_cents": amount_cents,
            "device_code": device_code,
            "entry_hash": entry_hash,
        }
    )


def seal_receipt(
    private_key: Ed25519PrivateKey, *, reference: str, amount_cents: int, device_code: str, entry_hash: str
) -> ReceiptSeal:
    """The seal of a committed journal entry, signed with the device's key for the purpose RECEIPT."""
    message = signed_message(
        reference=reference, amount_cents=amount_cents, device_code=device_code, entry_hash=entry_hash
    )
    signature = sign(private_key, SigningContext.RECEIPT, message)
    return ReceiptSeal(reference, amount_cents, device_code, entry_hash, signature)


def verify_seal(seal: ReceiptSeal, public_key: Ed25519PublicKey) -> None:
    """Return quietly if the device holding `public_key` sealed exactly this receipt; else BadSignature."""
    if not isinstance(seal, ReceiptSeal):
        raise TypeError(f"verify_seal needs a ReceiptSeal, got {type(seal).__name__}")
    message = signed_message(
        reference=seal.reference,
        amount_cents=seal.amount_cents,
        device_code=seal.device_code,
        entry_hash=seal.entry_hash,
    )
    verify(public_key, SigningContext.RECEIPT, message, seal.signature)


def encode_seal(seal: ReceiptSeal) -> str:
    """The QR code's text: 'WKZ1/<reference>/<amount cents>/<device>/<HASH>/<base32 signature>'."""
    if not isinstance(seal, ReceiptSeal):
        raise TypeError(f"encode_seal needs a ReceiptSeal, got {type(seal).__name__}")
    signature = base64.b32encode(bytes.fromhex(seal.signature)).decode("ascii").rstrip("=")
    amount = str(seal.amount_cents)
    fields = (seal_version, seal.reference, amount, seal.device_code, seal.entry_hash.upper(), signature)
    text = seal_separator.join(fields)
    assert len(text) <= seal_text_length_max and all(c in qr_alphanumeric_characters for c in text), text
    return text


def parse_seal(text: str) -> ReceiptSeal:
    """A scanned QR text as a ReceiptSeal, exactly as `encode_seal` writes it; anything else refused.

    Checks the form of every field, the reference's check character, and that the reference was
    minted by the device the seal names. It does not check the signature: that needs the device's
    public key, see `verify_seal`.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_seal needs str, got {type(text).__name__}")
    if not text:
        raise InvalidInput("The receipt code is empty: scan the QR code on the receipt again")
    if len(text) > seal_text_length_max:
        raise InvalidInput(
            f"The receipt code is {len(text)} characters, more than the {seal_text_length_max} a Wekeza "
            "receipt holds: this is not a Wekeza receipt",
            length=len(text),
        )
    fields = text.split(seal_separator)
    if fields[0] != seal_version:
        raise InvalidInput(
            f"The receipt code starts with '{fields[0][:8]}', not '{seal_version}': it is not a Wekeza "
            "receipt, or comes from a newer version of the app",
            version=fields[0][:8],
        )
    if len(fields) != seal_field_count:
        raise InvalidInput(
            f"The receipt code has {len(fields)} parts separated by '{seal_separator}', not "
            f"{seal_field_count}: it was damaged or is not a Wekeza receipt",
            parts=len(fields),
        )
    _, reference, amount_text, device_code, hash_text, signature_text = fields
    if not _AMOUNT_TEXT.fullmatch(amount_text):
        raise InvalidAmount(
            f"The receipt code's amount '{amount_text[:20]}' is not a whole number of cents "
            "without leading zeros",
            field="amount_cents",
        )
    if not _ENTRY_HASH_TEXT.fullmatch(hash_text):
        raise InvalidInput(
            "The receipt code's entry hash must be 64 upper-case hex characters (0-9, A-F)",
            field="entry_hash",
        )
    return ReceiptSeal(
        reference=reference,
        amount_cents=int(amount_text),
        device_code=device_code,
        entry_hash=hash_text.lower(),
        signature=_signature_hex(signature_text),
    )


def _signature_hex(text: str) -> str:
    """The base32 signature of a seal as lowercase hex; one text per signature, so no stray bits."""
    if not _SIGNATURE_TEXT.fullmatch(text):
        raise InvalidInput(
            f"The receipt code's signature must be {_signature_base32_length} characters of A-Z and 2-7",
            field="signature",
        )
    padded = text + "=" * (-len(text) % 8)
    try:
        raw = base64.b32decode(padded)
    except binascii.Error:  # unreachable after the pattern check, kept as a refusal rather than a crash
        raise InvalidInput("The receipt code's signature is not base32", field="signature") from None
    # 103 characters hold 515 bits for 512: the last three must be zero, or two texts would name
    # one signature.
    if len(raw) != signature_bytes or base64.b32encode(raw).decode("ascii").rstrip("=") != text:
        raise InvalidInput(
            "The receipt code's signature has stray bits at its end: it was altered", field="signature"
        )
    return raw.hex()


def _check_fields(reference: object, amount_cents: object, device_code: object, entry_hash: object) -> None:
    if not isinstance(reference, str):
        raise TypeError(f"a seal's reference must be str, got {type(reference).__name__}")
    if type(amount_cents) is not int:  # a bool or a float here is a bug
        raise TypeError(f"a seal's amount_cents must be int, got {type(amount_cents).__name__}")
    if not isinstance(device_code, str):
        raise TypeError(f"a seal's device_code must be str, got {type(device_code).__name__}")
    if not isinstance(entry_hash, str):
        raise TypeError(f"a seal's entry_hash must be str, got {type(entry_hash).__name__}")
    parsed = parse_reference(reference)  # InvalidReference naming the part, or a wrong check character
    if str(parsed) != reference:
        raise InvalidReference(
            f"The receipt code's reference '{reference[:40]}' is not written in its one printed form "
            f"'{parsed}'",
            reference=reference[:40],
        )
    if not 0 <= amount_cents <= amount_cents_max:
        raise InvalidAmount(
            f"A receipt's amount must be 0 to {amount_cents_max} cents, not {amount_cents}",
            cents=amount_cents,
        )
    if not is_valid_device_code(device_code):
        raise InvalidInput(
            f"The receipt code's device code '{device_code[:16]}' is not 4 characters of 0-9 and A-Z "
            "without I, L, O or U",
            field="device_code",
        )
    if parsed.device_code != device_code:
        raise InvalidReference(
            f"The reference {reference} was minted by device {parsed.device_code}, but the receipt code "
            f"names device {device_code}: the receipt was altered",
            reference=reference,
            device_code=device_code,
        )
    if not _ENTRY_HASH.fullmatch(entry_hash):
        raise InvalidInput(
            "A receipt seal's entry hash is 64 lowercase hex characters (SHA-256)", field="entry_hash"
        )
