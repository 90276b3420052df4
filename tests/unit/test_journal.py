"""The journal and its hash chain, as an auditor would check it.

Worked example: agent K7Q2 (Wanjiru, at her shop) takes KES 5,000.00 cash from Juma into his wallet.
Her laptop appends entry 1, which follows the genesis hash; entry 2 follows entry 1's hash, and so
on. Change anything in any entry and its hash no longer matches, or the next entry no longer links.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_core import canonical
from shared_core.channels import Channel
from shared_core.errors import ChainBroken, DomainError, InvalidInput, InvalidOperation, NotCanonical
from shared_core.journal import (
    BODY_DETAILS,
    CONTENT_FIELDS,
    GENESIS_HASH,
    JournalEntry,
    append_entry,
    compute_entry_hash,
    content_of,
    entry_body_bytes_max,
    entry_body_depth_max,
    entry_from_wire,
    entry_hash_of_wire,
    entry_to_wire,
    format_timestamp,
    operation_from_body,
    operation_of,
    operation_to_body,
    parse_timestamp,
    verify_chain,
)
from shared_core.money import Money
from shared_core.operations import OPERATION_SPECS, Operation, OperationKind, Slot

CLOCK = "2024-05-01T09:30:00.000000Z"  # a fixed clock: no test reads the real one
DEVICE = "K7Q2"
OTHER_DEVICE = "X9P3"
_ENTRY_NAMESPACE = uuid.UUID("6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f")

# --- builders (test_batch and test_results use them too) ---------------------------------------


def entry_id_for(device_code: str, sequence: int) -> str:
    """A stable UUID per (device, sequence), as a device would have minted at capture."""
    return str(uuid.uuid5(_ENTRY_NAMESPACE, f"{device_code}/{sequence}"))


def deposit(amount_cents: int = 500_000, *, device_code: str = DEVICE) -> Operation:
    return Operation(
        kind=OperationKind.CASH_DEPOSIT,
        channel=Channel.AGENT,
        amount=Money(amount_cents),
        customer_account="wallet:C0001234",
        cash_account=f"float:AG-{device_code}",
    )


def next_entry(
    previous: JournalEntry | None, *, device_code: str = DEVICE, amount_cents: int = 500_000, **overrides: Any
) -> JournalEntry:
    sequence = 1 if previous is None else previous.sequence + 1
    fields: dict[str, Any] = {
        "entry_id": entry_id_for(device_code, sequence),
        "device_code": device_code,
        "recorded_at": CLOCK,
        "utc_offset_minutes": 180,  # East Africa Time
        "user_id": "agent.wanjiru",
        "kind": OperationKind.CASH_DEPOSIT,
        "channel": Channel.AGENT,
        "reference": f"AG-{device_code}-{sequence:06d}-M",
        "limit_table_version": 3,
        "body": operation_to_body(deposit(amount_cents, device_code=device_code)),
    }
    fields.update(overrides)
    return append_entry(previous, **fields)


def make_entries(
    count: int, *, device_code: str = DEVICE, after: JournalEntry | None = None
) -> tuple[JournalEntry, ...]:
    """`count` chained deposits of one device, following `after` (or opening its journal)."""
    entries: list[JournalEntry] = []
    previous = after
    for index in range(count):
        previous = next_entry(previous, device_code=device_code, amount_cents=100_000 + index)
        entries.append(previous)
    return tuple(entries)


def rehashed(entry: JournalEntry, **changes: Any) -> JournalEntry:
    """`entry` changed and given a fresh, self-consistent hash: what a careful forger would do."""
    changed = dataclasses.replace(entry, **changes)
    return dataclasses.replace(changed, entry_hash=compute_entry_hash(content_of(changed)))


# --- the first entry and the hash -----------------------------------------------------------


def test_first_entry_follows_the_genesis_hash_and_hashes_its_canonical_content() -> None:
    entry = next_entry(None)
    assert entry.sequence == 1
    assert entry.previous_hash == GENESIS_HASH == "0" * 64
    content = content_of(entry)
    assert set(content) == set(CONTENT_FIELDS) and "entry_hash" not in content
    assert entry.entry_hash == canonical.sha256_hex(canonical.encode(content))


GOLDEN_ENTRY_HASH = "3fdb695a1b60d66c0cd62a0f475b26e9f863530cec16b2716b03599cf6832ec4"


def test_golden_entry_hash_is_a_wire_constant() -> None:
    # Any verifier, in any language, must get exactly these bytes and this hash. If this test
    # fails, the wire format changed: that needs a new protocol version, not a new expected value.
    entry = next_entry(None)
    assert canonical.encode(content_of(entry)) == (
        b'{"approved_by":null,"body":{"amount_cents":500000,"cash_account":"float:AG-K7Q2","channel":"agent",'
        b'"customer_account":"wallet:C0001234","fee_cents":0,"kind":"cash_deposit"},"channel":"agent",'
        b'"device_code":"K7Q2","entry_id":"' + entry.entry_id.encode() + b'","kind":"cash_deposit",'
        b'"limit_table_version":3,"previous_hash":"' + GENESIS_HASH.encode() + b'",'
        b'"recorded_at":"2024-05-01T09:30:00.000000Z","reference":"AG-K7Q2-000001-M","sequence":1,'
        b'"user_id":"agent.wanjiru","utc_offset_minutes":180}'
    )
    assert entry.entry_hash == GOLDEN_ENTRY_HASH


def test_each_entry_links_to_the_hash_of_the_one_before() -> None:
    first, second, third = make_entries(3)
    assert (second.sequence, second.previous_hash) == (2, first.entry_hash)
    assert (third.sequence, third.previous_hash) == (3, second.entry_hash)
    assert len({first.entry_hash, second.entry_hash, third.entry_hash}) == 3


def test_the_hash_covers_every_field() -> None:
    entry = next_entry(None)
    changes: dict[str, Any] = {
        "entry_id": entry_id_for(DEVICE, 99),
        "device_code": OTHER_DEVICE,
        "recorded_at": "2024-05-01T09:30:00.000001Z",
        "utc_offset_minutes": 0,
        "user_id": "agent.otieno",
        "kind": OperationKind.CASH_WITHDRAWAL,
        "channel": Channel.BRANCH,
        "reference": "AG-K7Q2-000001-N",
        "limit_table_version": 4,
        "body": operation_to_body(deposit(500_001)),
        "approved_by": "supervisor.akinyi",
    }
    assert set(changes) | {"sequence", "previous_hash"} == set(CONTENT_FIELDS)
    for field, value in changes.items():
        changed = dataclasses.replace(entry, **{field: value})
        assert compute_entry_hash(content_of(changed)) != entry.entry_hash, field
    second = make_entries(2)[1]
    for field, value in (("sequence", 3), ("previous_hash", "a" * 64)):
        changed = dataclasses.replace(second, **{field: value})
        assert compute_entry_hash(content_of(changed)) != second.entry_hash, field


def test_compute_entry_hash_refuses_content_with_the_hash_in_it() -> None:
    entry = next_entry(None)
    with pytest.raises(InvalidInput, match="unknown field entry_hash"):
        compute_entry_hash(entry_to_wire(entry))


# --- immutability ---------------------------------------------------------------------------


def test_body_is_frozen_and_detached_from_the_callers_dict() -> None:
    body = operation_to_body(deposit(), details={"note": ["counted twice"]})
    entry = next_entry(None, body=body)
    body["amount_cents"] = 1  # the caller changes its own dict afterwards...
    body[BODY_DETAILS]["note"].append("tampered")
    assert entry.body["amount_cents"] == 500_000  # ...and the entry does not notice
    assert entry.body[BODY_DETAILS]["note"] == ("counted twice",)
    with pytest.raises(TypeError):
        entry.body["amount_cents"] = 1  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.sequence = 2  # type: ignore[misc]
    assert compute_entry_hash(content_of(entry)) == entry.entry_hash


def test_entries_can_be_compared_and_kept_in_sets() -> None:
    first, second = make_entries(2)
    assert first == make_entries(1)[0]
    assert len({first, second, make_entries(1)[0]}) == 2


def test_content_is_plain_data() -> None:
    content = content_of(next_entry(None, body={"operation": {"lines": [{"a": 1}]}}))
    assert type(content["body"]) is dict
    assert type(content["body"]["operation"]["lines"]) is list
    assert type(content["body"]["operation"]["lines"][0]) is dict


# --- wire form ------------------------------------------------------------------------------


def test_wire_round_trip_through_canonical_bytes() -> None:
    for entry in make_entries(3) + (next_entry(None, approved_by="supervisor.akinyi"),):
        data = canonical.encode(entry_to_wire(entry))
        assert entry_from_wire(canonical.decode(data)) == entry


def test_entry_altered_in_transit_is_refused() -> None:
    wire = entry_to_wire(next_entry(None))
    wire["body"]["amount_cents"] = 50_000_000  # KES 5,000 became KES 500,000
    with pytest.raises(ChainBroken, match=r"^entries\[3\]\.entry_hash: does not match"):
        entry_from_wire(wire, path="entries[3]")


# Bodies that try to fool a reader cutting members out of an entry's bytes: keys named like the
# entry's own members, nested, with quotes, backslashes and non-ASCII text in their values.
_DECOY_BODY = operation_to_body(
    deposit(),
    details={
        "entry_hash": "f" * 64,
        "channel": "branch",
        "body": {"note": 'he said "entry_hash":"' + "0" * 64 + '" \\ ,"channel":"'},
        "lines": [{"approved_by": None, "channel": "x"}, "Ng'ang'a Wambũi 😀"],
    },
)


@pytest.mark.parametrize("body", [operation_to_body(deposit()), _DECOY_BODY], ids=["plain", "decoys"])
def test_the_hash_read_from_an_entrys_wire_bytes_is_its_hash(body: dict[str, Any]) -> None:
    # A batch's entries are hashed from the bytes they arrived in: the bytes without their
    # "entry_hash" member are exactly the content's canonical encoding.
    for entry in (next_entry(None, body=body), next_entry(None, body=body, approved_by="supervisor.akinyi")):
        wire = canonical.encode(entry_to_wire(entry))
        assert entry_hash_of_wire(wire, entry.entry_hash) == compute_entry_hash(content_of(entry))
        assert entry_from_wire(canonical.decode(wire), wire=wire) == entry


def test_an_entry_altered_in_its_bytes_is_refused_when_hashed_from_them() -> None:
    entry = next_entry(None)
    wire = canonical.encode(entry_to_wire(entry)).replace(b'"amount_cents":500000', b'"amount_cents":5000000')
    with pytest.raises(ChainBroken, match=r"^entries\[3\]\.entry_hash: does not match"):
        entry_from_wire(canonical.decode(wire), path="entries[3]", wire=wire)


def test_a_body_read_from_bytes_meets_the_same_size_and_nesting_limits() -> None:
    overhead = len(canonical.encode({"note": ""}))
    deep: dict[str, Any] = {}
    for _ in range(entry_body_depth_max - 1):
        deep = {"n": deep}
    for body, refusal in [
        ({"note": "x" * (entry_body_bytes_max - overhead)}, None),
        ({"note": "x" * (entry_body_bytes_max - overhead + 1)}, r"^entries\[0\]\.body: 32769 bytes is more"),
        (deep, None),
        ({"n": deep}, r"^entries\[0\]\.body(\.n)+: nested more than 16 levels deep"),
    ]:
        if refusal is None:
            entry = next_entry(None, body=body)
            data = canonical.encode(entry_to_wire(entry))
            assert entry_from_wire(canonical.decode(data), path="entries[0]", wire=data) == entry
            continue
        wire = entry_to_wire(next_entry(None))
        wire["body"] = body
        data = canonical.encode(wire)
        for bytes_given in (None, data):  # the same refusal, in the same words, either way
            with pytest.raises(DomainError, match=refusal):
                entry_from_wire(canonical.decode(data), path="entries[0]", wire=bytes_given)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("entry_id", "6F1C1D2E-3B4A-4C5D-8E9F-0A1B2C3D4E5F", "lowercase UUID"),
        ("entry_id", "6f1c1d2e3b4a4c5d8e9f0a1b2c3d4e5f", "lowercase UUID"),
        ("device_code", "K7I2", "not a device code"),  # I is not in the alphabet
        ("device_code", "k7q2", "not a device code"),
        ("sequence", 0, "outside 1.."),
        ("sequence", "1", "expected an integer"),
        ("sequence", True, "expected an integer, found a boolean"),
        ("previous_hash", "A" * 64, "SHA-256"),
        ("previous_hash", "a" * 64, "genesis"),  # entry 1 follows nothing but genesis
        ("recorded_at", "2024-05-01T09:30:00Z", "UTC time"),
        ("recorded_at", "2024-05-01T09:30:00.000000+00:00", "UTC time"),
        ("recorded_at", "2024-05-01 09:30:00.000000Z", "UTC time"),
        ("recorded_at", "2024-02-30T09:30:00.000000Z", "not a real date"),
        ("utc_offset_minutes", -721, "outside -720..840"),
        ("utc_offset_minutes", 841, "outside -720..840"),
        ("user_id", "", "must not be empty"),
        ("kind", "cash_deposits", "not an operation kind"),
        ("channel", "mobile", "not a channel"),
        ("reference", "", "must not be empty"),
        ("limit_table_version", 0, "outside 1.."),
        ("body", [], "expected an object"),
        ("approved_by", "", "must not be empty"),
        ("entry_hash", "0" * 63, "SHA-256"),
    ],
)
def test_every_field_is_checked_and_the_error_names_it(field: str, value: object, message: str) -> None:
    wire = entry_to_wire(next_entry(None))
    wire[field] = value
    with pytest.raises(DomainError, match=message) as caught:
        entry_from_wire(wire, path="entries[3]")
    assert caught.value.message.startswith(f"entries[3].{field}: ")


def test_missing_and_unknown_fields_are_refused() -> None:
    wire = entry_to_wire(next_entry(None))
    del wire["approved_by"]
    with pytest.raises(InvalidInput, match=r"^entry: missing field approved_by"):
        entry_from_wire(wire)
    wire = entry_to_wire(next_entry(None)) | {"amount": 1}
    with pytest.raises(InvalidInput, match=r"^entry: unknown field amount"):
        entry_from_wire(wire)
    with pytest.raises(InvalidInput, match="expected an object"):
        entry_from_wire([1, 2])


def test_a_float_in_the_body_is_refused_with_its_path() -> None:
    with pytest.raises(NotCanonical, match=r"^body\.amount_cents: floats are not allowed"):
        next_entry(None, body={"amount_cents": 5000.0})
    wire = entry_to_wire(next_entry(None))
    wire["body"]["fee_cents"] = 0.0
    with pytest.raises(NotCanonical, match=r"^entries\[7\]\.body\.fee_cents: floats"):
        entry_from_wire(wire, path="entries[7]")


def test_utc_offsets_at_the_limits_are_accepted() -> None:
    assert next_entry(None, utc_offset_minutes=-720).utc_offset_minutes == -720  # Baker Island
    assert next_entry(None, utc_offset_minutes=840).utc_offset_minutes == 840  # Kiribati


def test_body_size_exactly_at_the_limit_passes_and_one_byte_more_fails() -> None:
    overhead = len(canonical.encode({"note": ""}))
    exactly = {"note": "x" * (entry_body_bytes_max - overhead)}
    assert len(canonical.encode(exactly)) == entry_body_bytes_max
    next_entry(None, body=exactly)
    with pytest.raises(InvalidInput, match=r"^body: 32769 bytes is more than the 32768"):
        next_entry(None, body={"note": "x" * (entry_body_bytes_max - overhead + 1)})


def test_a_later_entry_cannot_follow_the_genesis_hash() -> None:
    second = make_entries(2)[1]
    with pytest.raises(ChainBroken, match="genesis"):
        dataclasses.replace(second, previous_hash=GENESIS_HASH)


# --- appending ------------------------------------------------------------------------------


def test_append_refuses_to_follow_another_devices_entry() -> None:
    with pytest.raises(ChainBroken, match="device X9P3 cannot follow an entry of device K7Q2"):
        next_entry(next_entry(None), device_code=OTHER_DEVICE)


def test_append_refuses_to_build_on_an_altered_entry() -> None:
    altered = dataclasses.replace(next_entry(None), user_id="someone.else")
    with pytest.raises(ChainBroken, match="does not match its own hash"):
        next_entry(altered)


# --- verifying a chain ----------------------------------------------------------------------


def _codes(entries: tuple[JournalEntry, ...] | list[JournalEntry], **kwargs: Any) -> list[str]:
    arguments = {"previous_hash": GENESIS_HASH, "first_sequence": 1} | kwargs
    return [violation.code for violation in verify_chain(entries, **arguments)]


def test_an_unbroken_chain_has_no_violations() -> None:
    entries = make_entries(5)
    assert verify_chain(entries, previous_hash=GENESIS_HASH, first_sequence=1) == ()
    assert verify_chain(entries[2:], previous_hash=entries[1].entry_hash, first_sequence=3) == ()
    assert verify_chain((), previous_hash=GENESIS_HASH, first_sequence=1) == ()


def test_a_dropped_entry_is_a_gap_and_a_broken_link() -> None:
    first, _, third = make_entries(3)
    assert _codes([first, third]) == ["sequence_gap", "chain_broken"]


def test_swapped_entries_are_out_of_order_and_unlinked() -> None:
    first, second, third = make_entries(3)
    assert _codes([first, third, second]) == [
        "sequence_gap",
        "chain_broken",
        "sequence_repeated",
        "chain_broken",
    ]


def test_a_repeated_entry_is_reported() -> None:
    first, second = make_entries(2)
    assert _codes([first, second, second]) == ["sequence_repeated", "duplicate_entry_id", "chain_broken"]


def test_an_altered_entry_no_longer_matches_its_hash() -> None:
    first, second, third = make_entries(3)
    altered = dataclasses.replace(second, body=operation_to_body(deposit(50_000_000)))
    violations = verify_chain([first, altered, third], previous_hash=GENESIS_HASH, first_sequence=1)
    assert [(v.code, v.subject) for v in violations] == [("hash_mismatch", second.entry_id)]


def test_an_altered_and_rehashed_entry_breaks_the_next_link() -> None:
    first, second, third = make_entries(3)
    forged = rehashed(second, body=operation_to_body(deposit(50_000_000)))
    assert _codes([first, forged, third]) == ["chain_broken"]


def test_a_chain_must_start_where_it_claims() -> None:
    entries = make_entries(4)
    assert _codes(entries[2:], previous_hash=entries[0].entry_hash, first_sequence=3) == ["chain_broken"]
    assert _codes(entries[2:], previous_hash=entries[1].entry_hash, first_sequence=2) == [
        "sequence_gap",
        "sequence_gap",
    ]


def test_one_device_throughout() -> None:
    first = make_entries(1)[0]
    stranger = rehashed(make_entries(2, device_code=OTHER_DEVICE)[1], previous_hash=first.entry_hash)
    assert _codes([first, stranger]) == ["device_mismatch"]
    assert _codes([first], device_code=OTHER_DEVICE) == ["device_mismatch"]


def test_hashes_computed_from_the_bytes_are_checked_instead_of_computed_again() -> None:
    entries = make_entries(3)
    hashes = [entry.entry_hash for entry in entries]
    assert verify_chain(entries, previous_hash=GENESIS_HASH, first_sequence=1, hashes=hashes) == ()
    # What the bytes hashed to is what counts: a different hash there is a mismatch.
    hashes[1] = "a" * 64
    violations = verify_chain(entries, previous_hash=GENESIS_HASH, first_sequence=1, hashes=hashes)
    assert [(v.code, v.subject) for v in violations] == [("hash_mismatch", entries[1].entry_id)]
    with pytest.raises(ValueError, match="2 computed hashes for 3 entries"):
        verify_chain(entries, previous_hash=GENESIS_HASH, first_sequence=1, hashes=hashes[:2])


@given(st.integers(2, 8), st.data())
def test_dropping_any_entry_but_the_last_is_always_detected(count: int, data: st.DataObject) -> None:
    # Without its last entry a run is still a valid, shorter run: the batch header, which names the
    # last entry's hash, is what catches that (see test_batch).
    entries = list(make_entries(count))
    del entries[data.draw(st.integers(0, count - 2), label="dropped")]
    assert verify_chain(entries, previous_hash=GENESIS_HASH, first_sequence=1) != ()


# --- operations in the body -----------------------------------------------------------------


def _example_operation(kind: OperationKind) -> Operation:
    spec = OPERATION_SPECS[kind]
    accounts = {
        Slot.CUSTOMER_ACCOUNT: "wallet:C0001234",
        Slot.COUNTERPARTY_ACCOUNT: "wallet:C0005678",
        Slot.CASH_ACCOUNT: "till:BR-K7Q2",
        Slot.VAULT_ACCOUNT: "vault:BR-NAIROBI",
        Slot.LOAN_ACCOUNT: "loan:L0000042",
    }
    amount, fee = (Money(250_000), Money(3_000)) if spec.moves_money else (Money(0), Money(0))
    return Operation(
        kind=kind,
        channel=Channel.BRANCH,
        amount=amount,
        fee=fee,
        **{slot.value: accounts[slot] for slot in spec.slots},
    )


@pytest.mark.parametrize("kind", list(OperationKind))
def test_every_kind_of_operation_round_trips_through_a_body(kind: OperationKind) -> None:
    operation = _example_operation(kind)
    body = operation_to_body(operation)
    assert operation_from_body(body) == operation
    slots = {slot.value for slot in operation.spec.slots}
    assert set(body) == {"kind", "channel", "amount_cents", "fee_cents"} | slots
    assert operation_from_body(canonical.decode(canonical.encode(body))) == operation


def test_withdrawal_body_in_full() -> None:
    withdrawal = Operation(
        kind=OperationKind.CASH_WITHDRAWAL,
        channel=Channel.BRANCH,
        amount=Money.shillings(20_000),
        fee=Money(5_500),
        customer_account="savings:C0001234",
        cash_account="till:BR-K7Q2",
    )
    assert operation_to_body(withdrawal) == {
        "kind": "cash_withdrawal",
        "channel": "branch",
        "amount_cents": 2_000_000,
        "fee_cents": 5_500,
        "customer_account": "savings:C0001234",
        "cash_account": "till:BR-K7Q2",
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount_cents": 5000.0}, "amount_cents: expected whole cents"),
        ({"amount_cents": "5000"}, "amount_cents: expected whole cents"),
        ({"amount_cents": True}, "amount_cents: expected whole cents"),
        ({"amount_cents": 0}, "needs an amount above zero"),
        ({"amount_cents": 10**14}, "amount_cents: .*beyond the largest"),
        ({"fee_cents": -1}, "fee cannot be negative"),
        ({"kind": "cash_deposits"}, "not an operation kind"),
        ({"channel": "mobile"}, "not a channel"),
        ({"loan_account": "loan:L1"}, "does not use a loan account"),
        ({"cash_account": ""}, "cash_account: expected an account code"),
        ({"cash_account": None}, "cash_account: expected an account code"),
        ({"amount": 500_000}, "unknown field amount"),
        ({BODY_DETAILS: "note"}, "details: expected an object"),
    ],
)
def test_operation_bodies_are_read_strictly(change: dict[str, Any], message: str) -> None:
    body = operation_to_body(deposit()) | change
    with pytest.raises(InvalidOperation, match=message):
        operation_from_body(body)


@pytest.mark.parametrize("missing", ["kind", "channel", "amount_cents", "fee_cents", "cash_account"])
def test_operation_body_missing_a_field_is_refused(missing: str) -> None:
    body = operation_to_body(deposit())
    del body[missing]
    with pytest.raises(InvalidOperation):
        operation_from_body(body)


def test_details_travel_beside_the_operation() -> None:
    body = operation_to_body(deposit(), details={"depositor_name": "Juma Otieno", "purpose": "school fees"})
    entry = next_entry(None, body=body)
    assert operation_of(entry) == deposit()
    assert entry.body[BODY_DETAILS]["depositor_name"] == "Juma Otieno"


def test_operation_of_checks_the_body_against_the_entry() -> None:
    entry = next_entry(None, kind=OperationKind.CASH_WITHDRAWAL)
    with pytest.raises(InvalidOperation, match="a cash_deposit on agent, but the entry is a cash_withdrawal"):
        operation_of(entry)


# --- timestamps -----------------------------------------------------------------------------


def test_timestamps_have_one_form_in_utc() -> None:
    nairobi = timezone(timedelta(hours=3))
    moment = datetime(2024, 5, 1, 12, 30, tzinfo=nairobi)
    assert format_timestamp(moment) == CLOCK
    assert parse_timestamp(CLOCK) == moment
    with pytest.raises(TypeError):
        format_timestamp(datetime(2024, 5, 1, 9, 30))
    with pytest.raises(InvalidInput):
        parse_timestamp("2024-05-01T09:30:00.000Z")
