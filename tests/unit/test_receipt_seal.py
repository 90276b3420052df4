"""The QR seal on a receipt: head office scans it and checks the receipt against the journal.

Worked example. Agent device K7Q2 records its 42nd entry, a KES 5,000.00 deposit, whose journal hash
is H. The receipt's QR code reads

    WKZ1/AG-K7Q2-000042-6/500000/K7Q2/<H in upper case>/<device's signature, base32>

An auditor holding the paper checks: the code parses, the reference's check character holds, the
device that minted the reference is the device named, and the signature verifies under K7Q2's
enrolled public key. Change any figure with a pen (or in the code) and one of these fails.
"""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_core.canonical import sha256_hex
from shared_core.channels import Channel
from shared_core.errors import BadSignature, InvalidAmount, InvalidInput, InvalidReference
from shared_core.money import amount_cents_max
from shared_core.receipt_seal import (
    ReceiptSeal,
    encode_seal,
    parse_seal,
    qr_alphanumeric_characters,
    seal_receipt,
    signed_message,
    verify_seal,
)
from shared_core.references import make_reference, sequence_max
from shared_core.signing import SigningContext, load_private_key, sign

DEVICE_KEY = load_private_key(bytes(range(32)))  # device K7Q2
OTHER_DEVICE_KEY = load_private_key(bytes(range(1, 33)))
REFERENCE = "AG-K7Q2-000042-6"
ENTRY_HASH = sha256_hex(b"journal entry 42 of device K7Q2")
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def make_seal(**changes: object) -> ReceiptSeal:
    fields: dict[str, object] = {
        "reference": REFERENCE,
        "amount_cents": 500_000,
        "device_code": "K7Q2",
        "entry_hash": ENTRY_HASH,
    }
    fields.update(changes)
    return seal_receipt(DEVICE_KEY, **fields)  # type: ignore[arg-type]


def replace_field(text: str, index: int, value: str) -> str:
    fields = text.split("/")
    fields[index] = value
    return "/".join(fields)


# --- what is signed, and how it is written -----------------------------------------------------


def test_the_signed_bytes_are_the_canonical_encoding_of_the_four_fields() -> None:
    # Spelled out so a verifier in another language can be written from this test alone.
    expected = (
        '{"amount_cents":500000,"device_code":"K7Q2",'
        '"entry_hash":"' + ENTRY_HASH + '","reference":"AG-K7Q2-000042-6"}'
    ).encode()
    message = signed_message(
        reference=REFERENCE, amount_cents=500_000, device_code="K7Q2", entry_hash=ENTRY_HASH
    )
    assert message == expected
    assert make_seal().signature == DEVICE_KEY.sign(b"wekeza/receipt/v1\x00" + expected).hex()


def test_the_qr_text_names_version_reference_amount_device_hash_and_signature() -> None:
    seal = make_seal()
    text = encode_seal(seal)
    version, reference, amount, device, entry_hash, signature = text.split("/")
    assert (version, reference, amount, device) == ("WKZ1", "AG-K7Q2-000042-6", "500000", "K7Q2")
    assert entry_hash == ENTRY_HASH.upper()
    assert base64.b32decode(signature + "=").hex() == seal.signature
    assert len(text) == 202


def test_even_the_longest_seal_stays_in_the_qr_alphanumeric_set_and_small() -> None:
    # A 12-digit sequence and the largest amount the system holds: 216 characters, QR version 8-M.
    seal = make_seal(
        reference=make_reference(Channel.AGENT, "K7Q2", sequence_max), amount_cents=amount_cents_max
    )
    text = encode_seal(seal)
    assert len(text) == 216
    assert set(text) <= set(qr_alphanumeric_characters)


def test_a_seal_round_trips_through_its_text_and_verifies() -> None:
    seal = make_seal()
    parsed = parse_seal(encode_seal(seal))
    assert parsed == seal
    verify_seal(parsed, DEVICE_KEY.public_key())


@given(
    sequence=st.integers(min_value=1, max_value=sequence_max),
    amount_cents=st.integers(min_value=0, max_value=amount_cents_max),
    entry_hash=st.binary(min_size=32, max_size=32).map(bytes.hex),
    channel=st.sampled_from(list(Channel)),
)
def test_any_seal_round_trips(sequence: int, amount_cents: int, entry_hash: str, channel: Channel) -> None:
    seal = make_seal(
        reference=make_reference(channel, "K7Q2", sequence), amount_cents=amount_cents, entry_hash=entry_hash
    )
    text = encode_seal(seal)
    assert set(text) <= set(qr_alphanumeric_characters)
    assert parse_seal(text) == seal


def test_a_zero_amount_can_be_sealed_for_entries_that_move_no_money() -> None:
    # A customer registration still gets a receipt and a reference.
    verify_seal(parse_seal(encode_seal(make_seal(amount_cents=0))), DEVICE_KEY.public_key())


# --- tampering: each sealed field, the signature, the key, the purpose -------------------------


def test_an_amount_changed_in_the_code_is_refused() -> None:
    text = replace_field(encode_seal(make_seal()), 2, "900000")  # KES 5,000.00 made KES 9,000.00
    with pytest.raises(BadSignature, match="altered or signed by another key"):
        verify_seal(parse_seal(text), DEVICE_KEY.public_key())


def test_an_amount_one_cent_more_is_refused() -> None:
    text = replace_field(encode_seal(make_seal()), 2, "500001")
    with pytest.raises(BadSignature):
        verify_seal(parse_seal(text), DEVICE_KEY.public_key())


def test_a_reference_swapped_for_another_valid_one_of_the_same_device_is_refused() -> None:
    other_reference = make_reference(Channel.AGENT, "K7Q2", 43)  # a well-formed neighbour
    text = replace_field(encode_seal(make_seal()), 1, other_reference)
    with pytest.raises(BadSignature):
        verify_seal(parse_seal(text), DEVICE_KEY.public_key())


def test_a_reference_edited_without_its_check_character_is_refused_at_parsing() -> None:
    text = replace_field(encode_seal(make_seal()), 1, "AG-K7Q2-000043-6")
    with pytest.raises(InvalidReference, match="check character"):
        parse_seal(text)


def test_an_entry_hash_changed_in_the_code_is_refused() -> None:
    other_hash = sha256_hex(b"a different journal entry").upper()
    text = replace_field(encode_seal(make_seal()), 4, other_hash)
    with pytest.raises(BadSignature):
        verify_seal(parse_seal(text), DEVICE_KEY.public_key())


def test_a_signature_changed_in_the_code_is_refused() -> None:
    text = encode_seal(make_seal())
    signature = text.split("/")[5]
    flipped = BASE32[(BASE32.index(signature[10]) + 1) % 32]
    text = replace_field(text, 5, signature[:10] + flipped + signature[11:])
    with pytest.raises(BadSignature):
        verify_seal(parse_seal(text), DEVICE_KEY.public_key())


def test_a_seal_verified_under_another_devices_key_is_refused() -> None:
    with pytest.raises(BadSignature, match="another key"):
        verify_seal(parse_seal(encode_seal(make_seal())), OTHER_DEVICE_KEY.public_key())


def test_a_seal_made_by_another_device_claiming_this_devices_reference_is_refused() -> None:
    forged = seal_receipt(
        OTHER_DEVICE_KEY, reference=REFERENCE, amount_cents=500_000, device_code="K7Q2", entry_hash=ENTRY_HASH
    )
    with pytest.raises(BadSignature):
        verify_seal(parse_seal(encode_seal(forged)), DEVICE_KEY.public_key())


def test_a_signature_made_for_a_batch_over_the_same_bytes_is_refused() -> None:
    message = signed_message(
        reference=REFERENCE, amount_cents=500_000, device_code="K7Q2", entry_hash=ENTRY_HASH
    )
    batch_signature = sign(DEVICE_KEY, SigningContext.BATCH, message)
    replayed = ReceiptSeal(REFERENCE, 500_000, "K7Q2", ENTRY_HASH, batch_signature)
    with pytest.raises(BadSignature, match="wekeza/receipt/v1"):
        verify_seal(parse_seal(encode_seal(replayed)), DEVICE_KEY.public_key())


def test_a_reference_minted_by_another_device_than_the_one_named_is_refused() -> None:
    text = replace_field(encode_seal(make_seal()), 3, "X9P3")
    with pytest.raises(InvalidReference, match="minted by device K7Q2.*names device X9P3"):
        parse_seal(text)
    with pytest.raises(InvalidReference, match="minted by device K7Q2"):
        make_seal(device_code="X9P3")


# --- what parse_seal refuses, and says ---------------------------------------------------------

GOOD = encode_seal(make_seal())


def _last_character_with_a_stray_bit(text: str) -> str:
    # 103 base32 characters carry 515 bits for 512: the last character's low 3 bits must be zero.
    last = text[-1]
    return text[:-1] + BASE32[BASE32.index(last) ^ 1]


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("", InvalidInput, "empty"),
        ("WKZ2" + GOOD[4:], InvalidInput, "not 'WKZ1'"),
        ("https://example.com/pay", InvalidInput, "not a Wekeza receipt"),
        (GOOD.replace("/", "|"), InvalidInput, "not a Wekeza receipt"),
        (GOOD + "/EXTRA", InvalidInput, "7 parts"),
        ("/".join(GOOD.split("/")[:5]), InvalidInput, "5 parts"),
        (GOOD + "\n", InvalidInput, "signature must be 103 characters"),
        (GOOD + "A" * 60, InvalidInput, "more than the 256"),
        (replace_field(GOOD, 1, "ag-k7q2-000042-6"), InvalidReference, "one printed form"),
        (replace_field(GOOD, 1, "AG-K7Q2-42-6"), InvalidReference, "6 to 12 digits"),
        (replace_field(GOOD, 2, "0500000"), InvalidAmount, "without leading zeros"),
        (replace_field(GOOD, 2, "-500000"), InvalidAmount, "whole number of cents"),
        (replace_field(GOOD, 2, "5000.00"), InvalidAmount, "whole number of cents"),
        (replace_field(GOOD, 2, str(amount_cents_max + 1)), InvalidAmount, "0 to"),
        (replace_field(GOOD, 3, "K7QZ"), InvalidReference, "names device K7QZ"),
        (replace_field(GOOD, 3, "K7O2"), InvalidInput, "without I, L, O or U"),
        (replace_field(GOOD, 4, ENTRY_HASH), InvalidInput, "upper-case hex"),
        (replace_field(GOOD, 4, ENTRY_HASH.upper()[:63]), InvalidInput, "64 upper-case hex"),
        (replace_field(GOOD, 5, GOOD.split("/")[5][:-1]), InvalidInput, "103 characters"),
        (replace_field(GOOD, 5, GOOD.split("/")[5].lower()), InvalidInput, "A-Z and 2-7"),
        (_last_character_with_a_stray_bit(GOOD), InvalidInput, "stray bits"),
    ],
)
def test_parse_seal_refuses_anything_but_what_encode_seal_writes(
    text: str, error: type[InvalidInput], message: str
) -> None:
    with pytest.raises(error, match=message):
        parse_seal(text)


def test_the_good_text_used_above_does_parse() -> None:
    # Guards the table above: each refusal is of one change to a text that is otherwise accepted.
    assert parse_seal(GOOD) == make_seal()


# --- building a seal ---------------------------------------------------------------------------


def test_a_negative_amount_cannot_be_sealed() -> None:
    with pytest.raises(InvalidAmount, match="0 to"):
        make_seal(amount_cents=-1)


@pytest.mark.parametrize("amount", [True, 5000.0, "500000"])
def test_an_amount_that_is_not_an_int_is_a_programming_error(amount: object) -> None:
    with pytest.raises(TypeError, match="amount_cents must be int"):
        make_seal(amount_cents=amount)


def test_an_upper_case_hash_is_not_the_journal_form() -> None:
    with pytest.raises(InvalidInput, match="64 lowercase hex"):
        make_seal(entry_hash=ENTRY_HASH.upper())


def test_a_seal_holds_a_signature_of_exactly_64_bytes_in_lowercase_hex() -> None:
    with pytest.raises(InvalidInput, match="128 lowercase hex"):
        ReceiptSeal(REFERENCE, 500_000, "K7Q2", ENTRY_HASH, "AB" * 64)
    with pytest.raises(InvalidInput, match="128 lowercase hex"):
        ReceiptSeal(REFERENCE, 500_000, "K7Q2", ENTRY_HASH, "ab" * 63)
