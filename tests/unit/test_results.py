"""The server's signed answer to a batch: one status per entry, never one verdict for the lot.

Worked example: device K7Q2 sent entries 1 to 4. The server books the deposit (1), books the
withdrawal that overdrew the wallet into exception EX-0007 (2, a fact it cannot refuse), rejects a
transfer over the limit (3) and sees entry 4 already booked from an earlier upload (duplicate).
It signs the answer with its own key, which K7Q2 pinned at enrolment.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_core import canonical
from shared_core.batch import make_batch
from shared_core.errors import (
    BadSignature,
    DomainError,
    IntegrityViolation,
    InvalidInput,
    LimitExceeded,
    NotCanonical,
)
from shared_core.journal import GENESIS_HASH
from shared_core.results import (
    Acknowledgement,
    EntryResult,
    EntryStatus,
    SignedAcknowledgement,
    check_answers,
    decode_acknowledgement,
    encode_acknowledgement,
    encode_signed_acknowledgement,
    sign_acknowledgement,
    verify_acknowledgement,
)
from shared_core.signing import SigningContext, load_private_key, sign
from tests.unit.test_journal import DEVICE, entry_id_for, make_entries

SERVER_KEY = load_private_key(bytes(range(200, 232)))
DEVICE_KEY = load_private_key(bytes(range(32)))
SERVER_TIME = "2024-05-01T10:02:17.512000Z"
HEAD_HASH = "4" * 64


def result(sequence: int, status: EntryStatus = EntryStatus.BOOKED, **fields: Any) -> EntryResult:
    defaults: dict[str, Any] = {"code": None, "message": "", "exception_id": None}
    return EntryResult(entry_id_for(DEVICE, sequence), sequence, status, **defaults | fields)


def worked_example() -> Acknowledgement:
    return Acknowledgement(
        device_code=DEVICE,
        batch_first_sequence=1,
        batch_last_sequence=4,
        accepted_head_sequence=4,
        accepted_head_hash=HEAD_HASH,
        server_time=SERVER_TIME,
        results=(
            result(1),
            result(
                2,
                EntryStatus.BOOKED_WITH_EXCEPTION,
                code="insufficient_funds",
                message="Wallet C0001234 overdrawn by KES 1,200.00",
                exception_id="EX-0007",
            ),
            result(
                3,
                EntryStatus.REJECTED,
                code="limit_exceeded",
                message="Transfer above the KES 150,000.00 tier 1 limit",
            ),
            result(4, EntryStatus.DUPLICATE),
        ),
    )


# --- per-entry results ----------------------------------------------------------------------


def test_status_names_are_wire_constants() -> None:
    assert [status.value for status in EntryStatus] == [
        "booked",
        "booked_with_exception",
        "rejected",
        "duplicate",
        "exists_with_different_content",
        "awaiting_approval",
    ]


@pytest.mark.parametrize(
    ("status", "fields", "message"),
    [
        (EntryStatus.BOOKED, {"code": "limit_exceeded", "message": "x"}, "carries no code"),
        (EntryStatus.BOOKED, {"exception_id": "EX-1"}, "raises no exception"),
        (EntryStatus.BOOKED_WITH_EXCEPTION, {"code": "limit_exceeded", "message": "x"}, "names its exc"),
        (EntryStatus.BOOKED_WITH_EXCEPTION, {"exception_id": "EX-1"}, "names the code"),
        (EntryStatus.REJECTED, {"message": "refused"}, "names the code"),
        (EntryStatus.REJECTED, {"code": "limit_exceeded"}, "says in words"),
        (EntryStatus.REJECTED, {"code": "Limit Exceeded", "message": "x"}, "not an error code"),
        (EntryStatus.REJECTED, {"code": "limit_exceeded", "message": "x", "exception_id": "E1"}, "no exc"),
        (EntryStatus.DUPLICATE, {"code": "duplicate", "message": "x"}, "carries no code"),
        (EntryStatus.EXISTS_WITH_DIFFERENT_CONTENT, {"exception_id": "EX-1"}, "raises no exception"),
        # Waiting for a checker names the approval it waits for, and raises no exception.
        (EntryStatus.AWAITING_APPROVAL, {"message": "needs a supervisor"}, "names the code"),
        (EntryStatus.AWAITING_APPROVAL, {"code": "approval_reversal", "message": "x", "exception_id": "EX-1"},
         "raises no exception"),
        (EntryStatus.BOOKED, {"message": "x" * 501}, "more than 500"),
    ],
)
def test_each_status_carries_exactly_what_it_needs(
    status: EntryStatus, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        result(1, status, **fields)


def test_valid_results_of_every_status() -> None:
    assert result(1).code is None
    assert result(1, EntryStatus.DUPLICATE, exception_id="EX-0007").exception_id == "EX-0007"
    assert result(1, EntryStatus.EXISTS_WITH_DIFFERENT_CONTENT, message="entry id reused").code is None
    assert result(1, EntryStatus.BOOKED, message="x" * 500).message == "x" * 500  # exactly at the limit
    waiting = result(1, EntryStatus.AWAITING_APPROVAL, code="approval_reversal", message="A reversal needs approval")
    assert (waiting.code, waiting.exception_id) == ("approval_reversal", None)


# --- the acknowledgement --------------------------------------------------------------------


def test_the_worked_example_signs_verifies_and_round_trips() -> None:
    signed = sign_acknowledgement(worked_example(), SERVER_KEY)
    verify_acknowledgement(signed, SERVER_KEY.public_key())
    data = encode_acknowledgement(signed)
    assert decode_acknowledgement(data) == signed
    assert encode_acknowledgement(decode_acknowledgement(data)) == data
    verify_acknowledgement(decode_acknowledgement(data), SERVER_KEY.public_key())


def test_an_acknowledgement_signed_by_another_key_fails() -> None:
    # A device pins the server's key at enrolment: an answer signed by anyone else is refused,
    # including a device key, which signs batches but could try to fake the answer to them.
    signed = sign_acknowledgement(worked_example(), DEVICE_KEY)
    with pytest.raises(BadSignature):
        verify_acknowledgement(signed, SERVER_KEY.public_key())


def test_a_batch_signature_is_not_an_acknowledgement_signature() -> None:
    signed = sign_acknowledgement(worked_example(), SERVER_KEY)
    from shared_core.results import acknowledgement_signed_bytes

    message = acknowledgement_signed_bytes(signed.acknowledgement)
    batch_signature = sign(SERVER_KEY, SigningContext.BATCH, message)
    batch_context = SignedAcknowledgement(signed.acknowledgement, batch_signature)
    with pytest.raises(BadSignature):
        verify_acknowledgement(batch_context, SERVER_KEY.public_key())


def test_a_changed_result_fails_the_signature() -> None:
    signed = sign_acknowledgement(worked_example(), SERVER_KEY)
    ack = signed.acknowledgement
    rejected_became_booked = dataclasses.replace(ack, results=(*ack.results[:2], result(3), ack.results[3]))
    with pytest.raises(BadSignature):
        verify_acknowledgement(
            SignedAcknowledgement(rejected_became_booked, signed.signature), SERVER_KEY.public_key()
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"results": (result(1), result(2), result(3))}, "need 4 results, not 3"),
        ({"results": (result(1), result(3), result(2), result(4))}, r"results\[1\]\.sequence: expected 2"),
        ({"batch_last_sequence": 0}, "outside 1.."),
        ({"accepted_head_sequence": 3}, "accepted_head_sequence: 3 is outside 4.."),
        ({"accepted_head_hash": GENESIS_HASH}, "not the genesis hash"),
        ({"server_time": "2024-05-01 10:02:17"}, "server_time"),
        ({"device_code": "K7Q"}, "not a device code"),
    ],
)
def test_acknowledgement_checks(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        dataclasses.replace(worked_example(), **changes)


def test_the_head_may_be_ahead_of_a_resent_batch() -> None:
    ack = dataclasses.replace(worked_example(), accepted_head_sequence=9)
    assert ack.accepted_head_sequence == 9


def test_the_same_entry_answered_twice_is_refused() -> None:
    twin = EntryResult(entry_id_for(DEVICE, 1), 2, EntryStatus.BOOKED, None, "", None)
    with pytest.raises(InvalidInput, match="answered twice"):
        dataclasses.replace(worked_example(), results=(result(1), twin, result(3), result(4)))


# --- the device matches the answer to what it sent ------------------------------------------


def test_check_answers_matches_results_to_the_batch_sent() -> None:
    batch = make_batch(make_entries(4), DEVICE_KEY, app_version="1.4.2")
    check_answers(worked_example(), batch)
    other_batch = make_batch(make_entries(3), DEVICE_KEY, app_version="1.4.2")
    with pytest.raises(IntegrityViolation, match="not the batch sent"):
        check_answers(worked_example(), other_batch)
    ack = worked_example()
    swapped_id = dataclasses.replace(ack.results[3], entry_id=entry_id_for(DEVICE, 99))
    with pytest.raises(IntegrityViolation, match="names entry id"):
        check_answers(dataclasses.replace(ack, results=(*ack.results[:3], swapped_id)), batch)


# --- strict decoding ------------------------------------------------------------------------


def _edited(edit: Any) -> bytes:
    signed = sign_acknowledgement(worked_example(), SERVER_KEY)
    document: Any = canonical.decode(encode_acknowledgement(signed))
    edit(document)
    return canonical.encode(document)


@pytest.mark.parametrize(
    ("edit", "error", "message"),
    [
        (lambda d: d.pop("signature"), InvalidInput, r"^answer: missing field signature"),
        (lambda d: d["acknowledgement"].update(extra=1), InvalidInput, r"unknown field extra"),
        (lambda d: d["acknowledgement"].update(results={}), InvalidInput, r"expected a list"),
        (
            lambda d: d["acknowledgement"]["results"][2].update(status="refused"),
            InvalidInput,
            r"^acknowledgement\.results\[2\]\.status: 'refused' is not a result status",
        ),
        (
            lambda d: d["acknowledgement"]["results"][2].update(code=None),
            InvalidInput,
            r"^acknowledgement\.results\[2\]\.code",
        ),
        (
            lambda d: d["acknowledgement"].update(batch_first_sequence="1"),
            InvalidInput,
            r"^acknowledgement\.batch_first_sequence: expected an integer",
        ),
        (lambda d: d.update(signature="00"), BadSignature, r"128 lowercase hex"),
    ],
)
def test_malformed_acknowledgements_raise_domain_errors(edit: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        decode_acknowledgement(_edited(edit))


def test_acknowledgement_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from shared_core import results as results_module

    data = encode_acknowledgement(sign_acknowledgement(worked_example(), SERVER_KEY))
    monkeypatch.setattr(results_module, "acknowledgement_bytes_max", len(data) - 1)
    with pytest.raises(LimitExceeded):
        decode_acknowledgement(data)


def test_non_canonical_acknowledgement_is_refused() -> None:
    data = encode_acknowledgement(sign_acknowledgement(worked_example(), SERVER_KEY))
    with pytest.raises(NotCanonical):
        decode_acknowledgement(data.replace(b'{"acknowledgement":', b'{"acknowledgement" :', 1))


@settings(deadline=None, max_examples=300)
@given(st.data())
def test_changing_any_byte_of_a_signed_acknowledgement_never_verifies(data: st.DataObject) -> None:
    original = encode_acknowledgement(sign_acknowledgement(worked_example(), SERVER_KEY))
    position = data.draw(st.integers(0, len(original) - 1), label="position")
    replacement = data.draw(st.integers(0, 255).filter(lambda byte: byte != original[position]), label="byte")
    mutated = original[:position] + bytes([replacement]) + original[position + 1 :]
    with pytest.raises(DomainError):
        verify_acknowledgement(decode_acknowledgement(mutated), SERVER_KEY.public_key())


# --- signed and encoded in one go (the ingest's answer) -------------------------------------------


_messages = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)  # any text but lone surrogates


@settings(deadline=None, max_examples=200)
@given(messages=st.lists(_messages, min_size=1, max_size=6))
def test_signing_and_encoding_in_one_go_writes_the_very_bytes_of_signing_then_encoding(
    messages: list[str],
) -> None:
    """The worked example's acknowledgement with any messages (escapes, accents, emoji): the bytes
    encoded once, signature framed in, are byte for byte those of signing and then encoding, and a
    device decodes and verifies them."""
    ack = dataclasses.replace(
        worked_example(),
        batch_last_sequence=len(messages),
        accepted_head_sequence=len(messages),
        results=tuple(
            result(sequence, EntryStatus.REJECTED, code="limit_exceeded", message=message or "x")
            for sequence, message in enumerate(messages, start=1)
        ),
    )
    data = encode_signed_acknowledgement(ack, SERVER_KEY)
    assert data == encode_acknowledgement(sign_acknowledgement(ack, SERVER_KEY))
    verify_acknowledgement(decode_acknowledgement(data), SERVER_KEY.public_key())


def test_an_acknowledgement_signed_in_one_go_by_another_key_fails() -> None:
    data = encode_signed_acknowledgement(worked_example(), load_private_key(bytes(range(1, 33))))
    with pytest.raises(BadSignature):
        verify_acknowledgement(decode_acknowledgement(data), SERVER_KEY.public_key())
