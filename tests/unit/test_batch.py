"""Sync batches: what a device sends, and every way a server can tell it was tampered with.

Worked example: agent device K7Q2 has entries 1 to 3 unsynced. It signs a header naming them
(first 1, last 3, the genesis hash they follow, the hash of entry 3) and sends header, entries and
signature. The server checks the protocol version, the signature with K7Q2's enrolled key, then that
the entries recompute and chain from the genesis hash to the signed last hash.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared_core import batch as batch_module
from shared_core import canonical
from shared_core.batch import (
    PROTOCOL_VERSION,
    PROTOCOL_VERSIONS_ACCEPTED,
    Batch,
    BatchHeader,
    Received,
    batch_entries_max,
    decode_batch,
    encode_batch,
    header_signed_bytes,
    header_to_wire,
    make_batch,
    verify_batch,
)
from shared_core.errors import (
    BadSignature,
    ChainBroken,
    DomainError,
    InvalidInput,
    LimitExceeded,
    NotCanonical,
    SequenceGap,
    UnsupportedProtocol,
    UpgradeNeeded,
)
from shared_core.journal import GENESIS_HASH, JournalEntry, entry_to_wire
from shared_core.signing import SigningContext, load_private_key, sign
from tests.unit.test_journal import DEVICE, OTHER_DEVICE, make_entries, next_entry, rehashed

DEVICE_KEY = load_private_key(bytes(range(32)))  # fixed keys: the same bytes on every run
OTHER_DEVICE_KEY = load_private_key(bytes(range(100, 132)))
APP_VERSION = "1.4.2"


@functools.cache
def entries_of(count: int) -> tuple[JournalEntry, ...]:
    return make_entries(count)


@functools.cache
def encoded_batch_of_three() -> bytes:
    return encode_batch(make_batch(entries_of(3), DEVICE_KEY, app_version=APP_VERSION))


def signed_by_device(header: BatchHeader, entries: tuple[JournalEntry, ...]) -> Batch:
    """A batch whose header the device really signed, however wrong the header is."""
    return Batch(header, entries, sign(DEVICE_KEY, SigningContext.BATCH, header_signed_bytes(header)))


def resent_with(batch: Batch, entries: tuple[JournalEntry, ...] | list[JournalEntry]) -> Batch:
    """The same signed header with other entries, as a man in the middle would try."""
    return Batch(batch.header, tuple(entries), batch.signature)


# --- a good batch ---------------------------------------------------------------------------


def test_a_batch_of_three_names_its_run_and_verifies() -> None:
    entries = entries_of(3)
    batch = make_batch(entries, DEVICE_KEY, app_version=APP_VERSION)
    assert header_to_wire(batch.header) == {
        "protocol_version": 1,
        "app_version": "1.4.2",
        "device_code": "K7Q2",
        "first_sequence": 1,
        "last_sequence": 3,
        "entry_count": 3,
        "first_previous_hash": GENESIS_HASH,
        "last_entry_hash": entries[2].entry_hash,
    }
    verify_batch(batch, DEVICE_KEY.public_key())


def test_a_batch_of_one_verifies() -> None:
    batch = make_batch(entries_of(1), DEVICE_KEY, app_version=APP_VERSION)
    verify_batch(decode_batch(encode_batch(batch)), DEVICE_KEY.public_key())


def test_a_batch_of_exactly_the_maximum_verifies_and_one_more_is_refused() -> None:
    entries = entries_of(batch_entries_max)
    batch = make_batch(entries, DEVICE_KEY, app_version=APP_VERSION)
    decoded = decode_batch(encode_batch(batch))
    assert decoded == batch
    verify_batch(decoded, DEVICE_KEY.public_key())
    one_more = entries + (next_entry(entries[-1]),)
    with pytest.raises(LimitExceeded, match="at most 500"):
        make_batch(one_more, DEVICE_KEY, app_version=APP_VERSION)


def test_a_later_batch_continues_from_the_last_accepted_hash() -> None:
    entries = entries_of(5)
    batch = make_batch(entries[3:], DEVICE_KEY, app_version=APP_VERSION)
    assert (batch.header.first_sequence, batch.header.first_previous_hash) == (4, entries[2].entry_hash)
    verify_batch(batch, DEVICE_KEY.public_key())


def test_wire_round_trip_is_exact() -> None:
    data = encoded_batch_of_three()
    assert encode_batch(decode_batch(data)) == data
    assert canonical.decode(data) == canonical.decode(encode_batch(decode_batch(data)))


# --- each entry hashed once, from its bytes ---------------------------------------------------


def test_a_decoded_batch_carries_each_entrys_bytes_and_the_hash_computed_from_them() -> None:
    entries = entries_of(3)
    decoded = decode_batch(encoded_batch_of_three())
    assert decoded.received == Received(
        entry_bytes=tuple(canonical.encode(entry_to_wire(entry)) for entry in entries),
        entry_hashes=tuple(entry.entry_hash for entry in entries),
    )


def test_decoding_and_verifying_encode_no_entry_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # The server's cost per entry: each entry's hash and body size come from its own bytes; what
    # is encoded at all is the signed header (and, to prove it canonical, at most the document).
    data = encoded_batch_of_three()
    document, header = canonical.decode(data), header_to_wire(decode_batch(data).header)
    encoded: list[object] = []
    encode = canonical.encode

    def counting_encode(value: object, **options: Any) -> bytes:
        encoded.append(value)
        return encode(value, **options)

    monkeypatch.setattr(canonical, "encode", counting_encode)
    verify_batch(decode_batch(data), DEVICE_KEY.public_key())
    assert header in encoded
    assert all(value in (document, header) for value in encoded)


def test_a_batch_built_or_rebuilt_by_hand_has_every_hash_computed_by_verify() -> None:
    decoded = decode_batch(encoded_batch_of_three())
    first, second, third = decoded.entries
    assert Batch(decoded.header, decoded.entries, decoded.signature).received is None
    assert dataclasses.replace(decoded, signature=decoded.signature).received is None
    with pytest.raises(TypeError):  # nor can it be handed in
        Batch(decoded.header, decoded.entries, decoded.signature, decoded.received)  # type: ignore[call-arg]
    # An entry changed without a new hash, in a batch that reuses the decoded one's signed header:
    altered = dataclasses.replace(second, user_id="agent.impostor")
    with pytest.raises(ChainBroken, match="entry 2 does not match its own hash"):
        verify_batch(resent_with(decoded, [first, altered, third]), DEVICE_KEY.public_key())


# --- signatures -----------------------------------------------------------------------------


def test_a_batch_verified_with_another_devices_key_fails() -> None:
    batch = make_batch(entries_of(3), DEVICE_KEY, app_version=APP_VERSION)
    with pytest.raises(BadSignature):
        verify_batch(batch, OTHER_DEVICE_KEY.public_key())


def test_another_device_cannot_sign_for_k7q2() -> None:
    batch = make_batch(entries_of(3), OTHER_DEVICE_KEY, app_version=APP_VERSION)
    with pytest.raises(BadSignature):
        verify_batch(batch, DEVICE_KEY.public_key())  # the server looks up K7Q2's enrolled key


def test_a_signature_made_for_another_purpose_fails() -> None:
    batch = make_batch(entries_of(3), DEVICE_KEY, app_version=APP_VERSION)
    receipt_signature = sign(DEVICE_KEY, SigningContext.RECEIPT, header_signed_bytes(batch.header))
    with pytest.raises(BadSignature):
        verify_batch(Batch(batch.header, batch.entries, receipt_signature), DEVICE_KEY.public_key())


def test_a_changed_header_fails_the_signature() -> None:
    batch = make_batch(entries_of(3), DEVICE_KEY, app_version=APP_VERSION)
    header = dataclasses.replace(batch.header, app_version="1.4.3")
    with pytest.raises(BadSignature):
        verify_batch(Batch(header, batch.entries, batch.signature), DEVICE_KEY.public_key())


# --- entries that do not match the signed header --------------------------------------------


def test_reordered_entries_fail() -> None:
    batch = make_batch(entries_of(3), DEVICE_KEY, app_version=APP_VERSION)
    first, second, third = batch.entries
    with pytest.raises(SequenceGap):
        verify_batch(resent_with(batch, [first, third, second]), DEVICE_KEY.public_key())


@pytest.mark.parametrize("dropped", [0, 1, 2])
def test_dropped_entries_fail(dropped: int) -> None:
    batch = make_batch(entries_of(3), DEVICE_KEY, app_version=APP_VERSION)
    remaining = [entry for index, entry in enumerate(batch.entries) if index != dropped]
    with pytest.raises(SequenceGap, match="announces 3 entries; the batch carries 2"):
        verify_batch(resent_with(batch, remaining), DEVICE_KEY.public_key())


def test_duplicated_entries_fail() -> None:
    batch = make_batch(entries_of(3), DEVICE_KEY, app_version=APP_VERSION)
    with pytest.raises(SequenceGap):
        verify_batch(resent_with(batch, [*batch.entries, batch.entries[2]]), DEVICE_KEY.public_key())
    # Duplicated in place of another, so the count still matches:
    first, second, _ = batch.entries
    with pytest.raises(SequenceGap):
        verify_batch(resent_with(batch, [first, second, second]), DEVICE_KEY.public_key())


def test_a_forged_and_rehashed_entry_fails() -> None:
    batch = make_batch(entries_of(3), DEVICE_KEY, app_version=APP_VERSION)
    first, second, third = batch.entries
    forged_last = rehashed(third, user_id="agent.impostor")
    with pytest.raises(ChainBroken, match="last entry's hash differs"):
        verify_batch(resent_with(batch, [first, second, forged_last]), DEVICE_KEY.public_key())
    forged_middle = rehashed(second, user_id="agent.impostor")
    with pytest.raises(ChainBroken, match="does not follow"):
        verify_batch(resent_with(batch, [first, forged_middle, third]), DEVICE_KEY.public_key())


def test_a_signed_header_with_a_wrong_count_fails() -> None:
    entries = entries_of(3)
    honest = make_batch(entries, DEVICE_KEY, app_version=APP_VERSION).header
    count_two = signed_by_device(dataclasses.replace(honest, entry_count=2), entries)
    with pytest.raises(SequenceGap, match="announces 2 entries"):
        verify_batch(count_two, DEVICE_KEY.public_key())
    up_to_four = signed_by_device(dataclasses.replace(honest, last_sequence=4), entries)
    with pytest.raises(SequenceGap, match="Entries 1 to 4 are not 3 entries"):
        verify_batch(up_to_four, DEVICE_KEY.public_key())


def test_a_signed_header_naming_other_hashes_fails() -> None:
    entries = entries_of(3)
    honest = make_batch(entries, DEVICE_KEY, app_version=APP_VERSION).header
    wrong_start = dataclasses.replace(honest, first_previous_hash="a" * 64)
    with pytest.raises(ChainBroken):
        verify_batch(signed_by_device(wrong_start, entries), DEVICE_KEY.public_key())
    wrong_end = dataclasses.replace(honest, last_entry_hash="b" * 64)
    with pytest.raises(ChainBroken):
        verify_batch(signed_by_device(wrong_end, entries), DEVICE_KEY.public_key())


def test_a_signed_header_for_another_device_fails() -> None:
    entries = entries_of(3)
    honest = make_batch(entries, DEVICE_KEY, app_version=APP_VERSION).header
    claimed_by_other = signed_by_device(dataclasses.replace(honest, device_code=OTHER_DEVICE), entries)
    with pytest.raises(ChainBroken, match="belongs to device K7Q2, not X9P3"):
        verify_batch(claimed_by_other, DEVICE_KEY.public_key())


def test_make_batch_never_signs_a_broken_run() -> None:
    first, _, third = entries_of(3)
    with pytest.raises(SequenceGap):
        make_batch([first, third], DEVICE_KEY, app_version=APP_VERSION)
    mixed = [entries_of(1)[0], make_entries(2, device_code=OTHER_DEVICE)[1]]
    with pytest.raises(DomainError):
        make_batch(mixed, DEVICE_KEY, app_version=APP_VERSION)
    with pytest.raises(InvalidInput, match="at least one entry"):
        make_batch([], DEVICE_KEY, app_version=APP_VERSION)


# --- protocol versions ----------------------------------------------------------------------


def _with_protocol(version: object) -> bytes:
    document: Any = canonical.decode(encoded_batch_of_three())
    document["header"]["protocol_version"] = version
    return canonical.encode(document)


def test_protocol_constants() -> None:
    assert PROTOCOL_VERSION == 1 and PROTOCOL_VERSIONS_ACCEPTED == (1,)


def test_an_older_protocol_is_told_to_upgrade_before_anything_else_is_read() -> None:
    with pytest.raises(UpgradeNeeded, match="entries on this device are kept"):
        decode_batch(_with_protocol(0))
    # Even when the rest of the batch is laid out in a way this version does not know:
    old_layout = canonical.encode({"header": {"protocol_version": 0, "device": "K7Q2"}, "items": []})
    with pytest.raises(UpgradeNeeded):
        decode_batch(old_layout)


@pytest.mark.parametrize("version", [2, 99, "1", None])
def test_a_newer_or_unknown_protocol_is_unsupported(version: object) -> None:
    with pytest.raises(UnsupportedProtocol):
        decode_batch(_with_protocol(version))


def test_verify_checks_the_version_too() -> None:
    entries = entries_of(2)
    honest = make_batch(entries, DEVICE_KEY, app_version=APP_VERSION).header
    newer = signed_by_device(dataclasses.replace(honest, protocol_version=2), entries)
    with pytest.raises(UnsupportedProtocol):
        verify_batch(newer, DEVICE_KEY.public_key())


# --- strict decoding ------------------------------------------------------------------------


def _edited(edit: Any) -> bytes:
    document: Any = canonical.decode(encoded_batch_of_three())
    edit(document)
    return canonical.encode(document)


@pytest.mark.parametrize(
    ("edit", "error", "message"),
    [
        (lambda d: d.pop("signature"), InvalidInput, r"^batch: missing field signature"),
        (lambda d: d.update(extra=1), InvalidInput, r"^batch: unknown field extra"),
        (lambda d: d["header"].pop("entry_count"), InvalidInput, r"^header: missing field entry_count"),
        (lambda d: d["header"].update(first_sequence="1"), InvalidInput, r"^header\.first_sequence: exp"),
        (lambda d: d["header"].update(entry_count=501), InvalidInput, r"^header\.entry_count: 501 is out"),
        (lambda d: d["header"].update(device_code="k7q2"), InvalidInput, r"^header\.device_code"),
        (lambda d: d.update(entries={}), InvalidInput, r"^entries: expected a list"),
        (lambda d: d.update(entries=[]), LimitExceeded, r"1 to 500 entries, not 0"),
        (lambda d: d["entries"][1].update(sequence=-2), InvalidInput, r"^entries\[1\]\.sequence: -2 is"),
        (lambda d: d["entries"][2]["body"].update(amount_cents=1), ChainBroken, r"^entries\[2\]\.entry_hash"),
        (lambda d: d.update(signature=d["signature"].upper()), BadSignature, r"^signature: expected 128"),
        (lambda d: d.update(signature=None), BadSignature, r"^signature: expected 128"),
    ],
)
def test_malformed_batches_raise_domain_errors_naming_the_field(edit: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        decode_batch(_edited(edit))


def test_non_canonical_bytes_are_refused() -> None:
    data = encoded_batch_of_three()
    with pytest.raises(NotCanonical):
        decode_batch(data + b" ")
    with pytest.raises(NotCanonical):
        decode_batch(data.replace(b'{"entries":', b'{ "entries":', 1))
    with pytest.raises(NotCanonical):
        decode_batch(data.replace(b'"first_sequence":1', b'"first_sequence":1.0', 1))


def test_batch_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = encoded_batch_of_three()
    monkeypatch.setattr(batch_module, "batch_bytes_max", len(data))
    decode_batch(data)  # exactly at the limit
    make_batch(entries_of(3), DEVICE_KEY, app_version=APP_VERSION)
    monkeypatch.setattr(batch_module, "batch_bytes_max", len(data) - 1)
    with pytest.raises(LimitExceeded):
        decode_batch(data)
    with pytest.raises(LimitExceeded, match="send fewer"):
        make_batch(entries_of(3), DEVICE_KEY, app_version=APP_VERSION)


def test_the_largest_bodies_still_fit_a_batch() -> None:
    # The size limit must never strand an entry: one entry at its largest always fits.
    from shared_core.journal import entry_body_bytes_max

    assert batch_module.batch_bytes_max > 4 * entry_body_bytes_max


# --- properties -----------------------------------------------------------------------------


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_changing_any_byte_of_a_signed_batch_never_verifies(data: st.DataObject) -> None:
    original = encoded_batch_of_three()
    position = data.draw(st.integers(0, len(original) - 1), label="position")
    replacement = data.draw(st.integers(0, 255).filter(lambda byte: byte != original[position]), label="byte")
    mutated = original[:position] + bytes([replacement]) + original[position + 1 :]
    with pytest.raises(DomainError):
        verify_batch(decode_batch(mutated), DEVICE_KEY.public_key())


def test_flipping_the_low_bit_of_every_byte_never_verifies() -> None:
    # A sweep over every position (hex digits, digits of numbers, letters of names, punctuation),
    # beside the random draws above.
    original = encoded_batch_of_three()
    survivors = []
    for position in range(len(original)):
        mutated = original[:position] + bytes([original[position] ^ 0x01]) + original[position + 1 :]
        try:
            verify_batch(decode_batch(mutated), DEVICE_KEY.public_key())
        except DomainError:
            continue
        survivors.append(position)
    assert survivors == []


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=4), children, max_size=3),
    max_leaves=6,
)


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_replacing_any_field_with_any_value_never_verifies(data: st.DataObject) -> None:
    # Canonical but wrong documents: past the byte-level checks, every field check is exercised.
    document: Any = canonical.decode(encoded_batch_of_three())
    where = data.draw(st.sampled_from(["batch", "header", "entry", "body"]), label="where")
    target = {
        "batch": document,
        "header": document["header"],
        "entry": document["entries"][data.draw(st.integers(0, 2), label="entry")],
        "body": document["entries"][data.draw(st.integers(0, 2), label="entry")]["body"],
    }[where]
    field = data.draw(st.sampled_from(sorted(target)), label="field")
    value = data.draw(_json_values.filter(lambda v: v != target[field] or type(v) is not type(target[field])))
    target[field] = value
    with pytest.raises(DomainError):
        verify_batch(decode_batch(canonical.encode(document)), DEVICE_KEY.public_key())


@given(st.binary(max_size=200))
def test_garbage_raises_only_domain_errors(data: bytes) -> None:
    with pytest.raises(DomainError):
        decode_batch(data)
