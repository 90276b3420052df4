"""Batches the server must refuse whole, each with its stable code and nothing booked: a changed
byte anywhere, a wrong key, a replay under another device's code, a revoked or unknown device, a
gap, a broken chain, a fork (which freezes the device, so its later batches are refused too).
On an SQLite file and on MySQL, with batches cut from real devices' journals.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.services.cash import deposit_cash
from desktop_app.services.till import open_till
from shared_core import canonical
from shared_core import signing
from shared_core.batch import Batch, decode_batch, encode_batch, header_signed_bytes
from shared_core.errors import (
    AlreadyExists,
    BadSignature,
    ChainBroken,
    DeviceFrozen,
    DeviceRevoked,
    DeviceUnknown,
    DomainError,
    ForkDetected,
    SequenceGap,
)
from shared_core.journal import GENESIS_HASH
from shared_core.money import Money
from shared_core.results import EntryStatus
from shared_core.signing import SigningContext, generate_private_key, public_key_hex
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.devices import freeze_device, register_device, revoke_device
from tests.device_builders import Counter, add_customer, make_counter
from tests.server_builders import (
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,  # noqa: F401 (the fixture)
    enrol,
    journal,
    make_server,
    statuses,
)

KES = Money.shillings


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


def a_day(counter: Counter, deposits: int = 2) -> None:
    """Till open, then `deposits` deposits of KES 1,000 for Juma."""
    open_till(counter.context, counter.teller, opening_float=KES(50_000))
    for _ in range(deposits):
        deposit_cash(counter.context, counter.teller, customer_cif="C0001234", amount=KES(1_000))


@pytest.fixture
def branch(tmp_path: Path, server: Server) -> Counter:
    counter = make_counter(tmp_path / "K7Q2")
    enrol(server, counter)
    add_customer_everywhere(server, [counter])
    a_day(counter)
    return counter


def refused(server: Server, data: bytes, error: type[DomainError]) -> DomainError:
    """Ingest `data`, expecting the whole batch refused with `error` and nothing booked."""
    before = server.counts()
    with pytest.raises(error) as caught:
        server.ingest(data)
    assert server.counts() == before
    return caught.value


def rewritten(data: bytes, change) -> bytes:  # noqa: ANN001
    document = json.loads(data)
    change(document)
    return canonical.encode(document)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0), new_byte=st.integers(min_value=0, max_value=255))
def test_any_changed_byte_is_refused_and_books_nothing(
    server: Server, branch: Counter, position: int, new_byte: int
) -> None:
    data = batch_of(branch)
    position %= len(data)
    if data[position] == new_byte:
        new_byte ^= 0x01
    tampered = data[:position] + bytes([new_byte]) + data[position + 1:]
    refused(server, tampered, DomainError)
    device = server.device("K7Q2")
    assert (device.last_sequence, device.status) == (0, "active")


def test_after_tampered_copies_the_genuine_batch_still_books(server: Server, branch: Counter) -> None:
    data = batch_of(branch)
    refused(server, data.replace(b'"amount_cents":100000', b'"amount_cents":900000', 1), ChainBroken)
    ack = server.sync(data)
    assert statuses(ack) == ["booked"] * 3
    server.assert_ledger_clean()


def test_a_batch_signed_by_another_key_is_refused(server: Server, tmp_path: Path) -> None:
    counter = make_counter(tmp_path)
    counter.context.device_key = generate_private_key()  # not the key K7Q2 enrolled with...
    enrol(server, counter)
    counter.context.device_key = generate_private_key()  # ...nor this one, which signs the batch
    add_customer_everywhere(server, [counter])
    a_day(counter)
    error = refused(server, batch_of(counter), BadSignature)
    assert error.code == "bad_signature"


def test_a_replay_under_another_device_code_is_refused(server: Server, branch: Counter, tmp_path: Path) -> None:
    """M4T8 is enrolled too. K7Q2's batch relabelled as M4T8's fails M4T8's key; re-signed with
    M4T8's key (a stolen laptop) its entries still name K7Q2 and break the chain."""
    other = make_counter(tmp_path / "M4T8", device_code="M4T8")
    enrol(server, other)
    data = batch_of(branch)
    relabelled = rewritten(data, lambda document: document["header"].update(device_code="M4T8"))
    refused(server, relabelled, BadSignature)

    batch = decode_batch(data)
    header = replace(batch.header, device_code="M4T8")
    assert other.context.device_key is not None
    signature = signing.sign(other.context.device_key, SigningContext.BATCH, header_signed_bytes(header))
    error = refused(server, encode_batch(Batch(header, batch.entries, signature)), ChainBroken)
    assert "device K7Q2, not M4T8" in error.message
    assert server.device("M4T8").last_sequence == 0


def test_a_revoked_device_is_refused(server: Server, branch: Counter) -> None:
    with UnitOfWork(server.database) as uow:
        revoke_device(uow.connection, "K7Q2")
        uow.commit()
    assert refused(server, batch_of(branch), DeviceRevoked).code == "device_revoked"


def test_an_unknown_device_is_refused(server: Server, tmp_path: Path) -> None:
    counter = make_counter(tmp_path, device_code="Z9Z9")  # never enrolled
    a_day(counter, deposits=0)
    assert refused(server, batch_of(counter), DeviceUnknown).code == "device_unknown"


def test_a_gap_is_refused_then_the_missing_entries_book(server: Server, branch: Counter) -> None:
    error = refused(server, batch_of(branch, 2, 3), SequenceGap)
    assert error.details["expected_sequence"] == 1
    assert statuses(server.sync(batch_of(branch, 1, 1))) == ["booked"]
    assert statuses(server.sync(batch_of(branch, 2, 3))) == ["booked", "booked"]
    server.assert_ledger_clean()


def a_clone(branch: Counter, tmp_path: Path) -> Counter:
    """A second laptop running as K7Q2 with K7Q2's key (a restored backup, a cloned disk): its
    journal starts over from entry 1 with other content."""
    clone = make_counter(tmp_path / "clone", device_code="K7Q2")
    clone.context.device_key = branch.context.device_key
    add_customer(clone, "C0001234")
    open_till(clone.context, clone.teller, opening_float=KES(20_000))
    return clone


def test_a_fork_freezes_the_device_and_its_later_batches_are_refused(
    server: Server, branch: Counter, tmp_path: Path
) -> None:
    server.sync(batch_of(branch, 1, 2))
    clone = a_clone(branch, tmp_path)
    deposit_cash(clone.context, clone.teller, customer_cif="C0001234", amount=KES(500))

    error = refused(server, batch_of(clone), ForkDetected)

    assert error.details == {"device_code": "K7Q2", "sequence": 1}
    device = server.device("K7Q2")
    assert device.status == "frozen" and "fork at entry 1" in device.frozen_reason
    [fork] = server.rows("forks")
    assert (fork.device_code, fork.first_sequence, fork.last_sequence) == ("K7Q2", 1, 2)
    assert device.last_sequence == 2  # what was accepted stays accepted
    # The genuine laptop's next batch, and even a resend of its accepted one, wait for head office.
    assert refused(server, batch_of(branch, 3, 3), DeviceFrozen).code == "device_frozen"
    refused(server, batch_of(branch, 1, 2), DeviceFrozen)
    server.assert_ledger_clean()


def test_a_batch_that_does_not_follow_the_accepted_head_breaks_the_chain(
    server: Server, branch: Counter, tmp_path: Path
) -> None:
    server.sync(batch_of(branch, 1, 2))
    clone = a_clone(branch, tmp_path)
    for _ in range(2):
        deposit_cash(clone.context, clone.teller, customer_cif="C0001234", amount=KES(500))

    refused(server, batch_of(clone, 3, 3), ChainBroken)  # its entry 3 follows its own entry 2

    assert server.device("K7Q2").status == "active"
    assert statuses(server.sync(batch_of(branch, 3, 3))) == ["booked"]
    server.assert_ledger_clean()


def test_an_entry_id_already_taken_answers_exists_with_different_content(
    server: Server, branch: Counter, tmp_path: Path
) -> None:
    """M4T8's entry 2 reuses an id K7Q2 minted (a broken random source): it is answered
    exists_with_different_content and not booked; the rest of M4T8's batch books."""
    server.sync(batch_of(branch))
    taken = journal(branch)[1].entry_id
    other = make_counter(tmp_path / "M4T8", device_code="M4T8")
    enrol(server, other)
    open_till(other.context, other.teller, opening_float=KES(10_000))
    add_customer(other, "C0001234")
    other.context.new_entry_id = lambda: taken
    deposit_cash(other.context, other.teller, customer_cif="C0001234", amount=KES(100))

    ack = server.sync(batch_of(other))

    assert statuses(ack) == ["booked", EntryStatus.EXISTS_WITH_DIFFERENT_CONTENT.value]
    assert server.rows("entries", device_code="M4T8", sequence=2)[0].entry_id is None
    assert server.wallet("C0001234") == KES(2_000)  # K7Q2's two deposits; M4T8's not booked
    server.assert_ledger_clean()


def test_device_book_keeping(server: Server) -> None:
    key = public_key_hex(generate_private_key())
    with UnitOfWork(server.database) as uow:
        register_device(uow.connection, device_code="Q3R5", channel="agent", location_code="AG-0042",
                        public_key_hex=key, enrolled_at=server.clock.now())
        uow.commit()
    device = server.device("Q3R5")
    assert (device.status, device.last_sequence, device.last_entry_hash) == ("active", 0, GENESIS_HASH)
    with UnitOfWork(server.database) as uow:
        freeze_device(uow.connection, "Q3R5", "head office investigates a complaint")
        uow.commit()
    assert (server.device("Q3R5").status, server.device("Q3R5").frozen_reason) == (
        "frozen", "head office investigates a complaint")
    with UnitOfWork(server.database) as uow:
        revoke_device(uow.connection, "Q3R5")
        freeze_device(uow.connection, "Q3R5", "a revoked device stays revoked")
        uow.commit()
    assert server.device("Q3R5").status == "revoked"
    with UnitOfWork(server.database) as uow, pytest.raises(DeviceUnknown):
        revoke_device(uow.connection, "Z9Z9")
    with UnitOfWork(server.database) as uow, pytest.raises(AlreadyExists):
        register_device(uow.connection, device_code="Q3R5", channel="agent", location_code="AG-0042",
                        public_key_hex=key, enrolled_at=server.clock.now())
    assert [row.status for row in server.rows("devices")] == ["revoked"]
