"""Ed25519 signatures with domain separation: a signature made for one purpose verifies for no other.

The bytes signed are the context label, a zero byte, then the message. The labels hold no zero
byte, so no (label, message) pair can be read as another: a device's batch signature can never be
replayed as an acknowledgement, a receipt or an allowance. Keys travel as raw 32 bytes in lowercase
hex (public) or raw bytes (private, for the OS keyring); signatures as 128 lowercase hex characters.
"""

from __future__ import annotations

import re
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from shared_core.errors import BadSignature, InvalidInput

key_bytes = 32
signature_bytes = 64

_PUBLIC_KEY_HEX = re.compile(r"[0-9a-f]{64}")
_SIGNATURE_HEX = re.compile(r"[0-9a-f]{128}")


class SigningContext(StrEnum):
    """What a signature is for. A new purpose gets a new label; a label never changes meaning."""

    BATCH = "wekeza/batch/v1"
    ACKNOWLEDGEMENT = "wekeza/ack/v1"
    RECEIPT = "wekeza/receipt/v1"
    ALLOWANCE = "wekeza/allowance/v1"
    REQUEST = "wekeza/request/v1"
    HOLD = "wekeza/hold/v1"  # the server's answer to a device asking for an online hold
    STATEMENT = "wekeza/statement/v1"  # the server's signed account statement


assert all("\x00" not in context.value for context in SigningContext), "labels are zero-terminated"


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_key_hex(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The raw 32-byte public key as 64 lowercase hex characters (what enrolment registers)."""
    if isinstance(key, Ed25519PrivateKey):
        key = key.public_key()
    if not isinstance(key, Ed25519PublicKey):
        raise TypeError(f"public_key_hex needs an Ed25519 key, got {type(key).__name__}")
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def load_public_key(text: str) -> Ed25519PublicKey:
    if not isinstance(text, str) or not _PUBLIC_KEY_HEX.fullmatch(text):
        raise InvalidInput("A public key is 64 lowercase hex characters (32 bytes)", field="public_key")
    try:
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
    except ValueError:
        raise InvalidInput("That is not a usable Ed25519 public key", field="public_key") from None


def private_key_bytes(key: Ed25519PrivateKey) -> bytes:
    """The raw 32-byte private key, for the device's OS keyring and nowhere else."""
    if not isinstance(key, Ed25519PrivateKey):
        raise TypeError(f"private_key_bytes needs an Ed25519 private key, got {type(key).__name__}")
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def load_private_key(data: bytes) -> Ed25519PrivateKey:
    if not isinstance(data, bytes) or len(data) != key_bytes:
        raise InvalidInput(f"A private key is exactly {key_bytes} raw bytes", field="private_key")
    return Ed25519PrivateKey.from_private_bytes(data)


def sign(private_key: Ed25519PrivateKey, context: SigningContext, message: bytes) -> str:
    """The signature of `message` for the purpose `context`, as 128 lowercase hex characters."""
    if not isinstance(private_key, Ed25519PrivateKey):
        raise TypeError(f"sign needs an Ed25519 private key, got {type(private_key).__name__}")
    return private_key.sign(_signed_bytes(context, message)).hex()


def verify(public_key: Ed25519PublicKey, context: SigningContext, message: bytes, signature_hex: str) -> None:
    """Return quietly if `signature_hex` signs `message` for `context` under `public_key`.

    Anything else raises BadSignature: a malformed signature, another key, another context or message.
    """
    if not isinstance(public_key, Ed25519PublicKey):
        raise TypeError(f"verify needs an Ed25519 public key, got {type(public_key).__name__}")
    signed = _signed_bytes(context, message)
    if not isinstance(signature_hex, str) or not _SIGNATURE_HEX.fullmatch(signature_hex):
        raise BadSignature(
            f"A signature is {signature_bytes * 2} lowercase hex characters", context=context.value
        )
    try:
        public_key.verify(bytes.fromhex(signature_hex), signed)
    except InvalidSignature:
        raise BadSignature(
            f"The signature does not match: the data was altered or signed by another key ({context.value})",
            context=context.value,
        ) from None


def _signed_bytes(context: SigningContext, message: bytes) -> bytes:
    if not isinstance(context, SigningContext):
        raise TypeError(f"a signing context must be a SigningContext, got {context!r}")
    if not isinstance(message, bytes):
        raise TypeError(f"messages are signed as bytes, got {type(message).__name__}")
    return context.value.encode("ascii") + b"\x00" + message
