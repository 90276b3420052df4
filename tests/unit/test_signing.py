"""Ed25519 signatures with domain separation: a signature proves who, what, and for which purpose."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from shared_core.errors import BadSignature, InvalidInput
from shared_core.signing import (
    SigningContext,
    generate_private_key,
    load_private_key,
    load_public_key,
    private_key_bytes,
    public_key_hex,
    sign,
    verify,
)

# RFC 8032 section 7.1, TEST 1: a known secret key and the public key it must give.
RFC8032_SECRET = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"

DEVICE_KEY = load_private_key(bytes(range(32)))
OTHER_DEVICE_KEY = load_private_key(bytes(range(1, 33)))
BATCH_HEADER = b'{"device_code":"K7Q2","first_sequence":1}'


def test_known_secret_key_gives_the_rfc8032_public_key() -> None:
    assert public_key_hex(load_private_key(RFC8032_SECRET)) == RFC8032_PUBLIC
    assert public_key_hex(load_public_key(RFC8032_PUBLIC)) == RFC8032_PUBLIC


def test_the_signed_bytes_are_label_zero_byte_message() -> None:
    # Spelled out so a verifier in another language can be written from this test alone.
    raw = DEVICE_KEY.sign(b"wekeza/batch/v1\x00" + BATCH_HEADER).hex()
    assert sign(DEVICE_KEY, SigningContext.BATCH, BATCH_HEADER) == raw


def test_a_signature_verifies_for_its_own_key_context_and_message() -> None:
    signature = sign(DEVICE_KEY, SigningContext.BATCH, BATCH_HEADER)
    assert len(signature) == 128 and signature == signature.lower()
    verify(DEVICE_KEY.public_key(), SigningContext.BATCH, BATCH_HEADER, signature)


@pytest.mark.parametrize("other", [c for c in SigningContext if c is not SigningContext.BATCH])
def test_a_batch_signature_never_verifies_for_another_purpose(other: SigningContext) -> None:
    signature = sign(DEVICE_KEY, SigningContext.BATCH, BATCH_HEADER)
    with pytest.raises(BadSignature):
        verify(DEVICE_KEY.public_key(), other, BATCH_HEADER, signature)


def test_another_devices_key_does_not_verify() -> None:
    signature = sign(DEVICE_KEY, SigningContext.BATCH, BATCH_HEADER)
    with pytest.raises(BadSignature, match="another key"):
        verify(OTHER_DEVICE_KEY.public_key(), SigningContext.BATCH, BATCH_HEADER, signature)


def test_a_changed_message_does_not_verify() -> None:
    signature = sign(DEVICE_KEY, SigningContext.BATCH, BATCH_HEADER)
    with pytest.raises(BadSignature):
        verify(DEVICE_KEY.public_key(), SigningContext.BATCH, BATCH_HEADER.replace(b"1", b"2"), signature)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s.upper(),  # same bytes, but hex is lowercase only
        lambda s: s[:-1],  # 127 characters
        lambda s: s + "0",  # 129 characters
        lambda s: s[:-1] + "g",
        lambda s: " " + s[1:],
        lambda s: s + "\n",
    ],
)
def test_signature_text_must_be_exactly_128_lowercase_hex(mangle: Callable[[str], str]) -> None:
    signature = sign(DEVICE_KEY, SigningContext.RECEIPT, b"AG-K7Q2-000042-M")
    with pytest.raises(BadSignature):
        verify(DEVICE_KEY.public_key(), SigningContext.RECEIPT, b"AG-K7Q2-000042-M", mangle(signature))


@pytest.mark.parametrize(
    "text",
    [
        "",
        RFC8032_PUBLIC.upper(),
        RFC8032_PUBLIC[:-2],
        RFC8032_PUBLIC + "00",
        "zz" * 32,
        RFC8032_PUBLIC + "\n",
    ],
)
def test_load_public_key_refuses_bad_hex_with_a_clear_error(text: str) -> None:
    with pytest.raises(InvalidInput, match="64 lowercase hex"):
        load_public_key(text)


def test_private_key_round_trips_through_its_raw_bytes() -> None:
    key = generate_private_key()
    raw = private_key_bytes(key)
    assert len(raw) == 32
    assert public_key_hex(load_private_key(raw)) == public_key_hex(key)


@pytest.mark.parametrize("data", [b"", bytes(31), bytes(33)])
def test_load_private_key_needs_exactly_32_bytes(data: bytes) -> None:
    with pytest.raises(InvalidInput):
        load_private_key(data)


def test_context_must_be_a_signing_context_not_a_bare_string() -> None:
    with pytest.raises(TypeError):
        sign(DEVICE_KEY, "wekeza/batch/v1", BATCH_HEADER)  # type: ignore[arg-type]


def test_context_labels_are_fixed() -> None:
    # Changing a label would invalidate every signature already made: these are wire constants.
    assert {c.name: c.value for c in SigningContext} == {
        "BATCH": "wekeza/batch/v1",
        "ACKNOWLEDGEMENT": "wekeza/ack/v1",
        "RECEIPT": "wekeza/receipt/v1",
        "ALLOWANCE": "wekeza/allowance/v1",
        "REQUEST": "wekeza/request/v1",
        "HOLD": "wekeza/hold/v1",
        "STATEMENT": "wekeza/statement/v1",
    }


@given(st.binary(max_size=64), st.integers(0, 63), st.integers(1, 255))
def test_flipping_any_bit_pattern_in_a_signature_fails(message: bytes, position: int, flip: int) -> None:
    signature = bytearray(bytes.fromhex(sign(DEVICE_KEY, SigningContext.ALLOWANCE, message)))
    signature[position] ^= flip
    with pytest.raises(BadSignature):
        verify(DEVICE_KEY.public_key(), SigningContext.ALLOWANCE, message, signature.hex())


def test_generated_keys_differ() -> None:
    assert isinstance(generate_private_key(), Ed25519PrivateKey)
    assert public_key_hex(generate_private_key()) != public_key_hex(generate_private_key())
