"""The server books devices' batches: each entry once, postings derived again, facts always booked
(into an exception when they broke a rule), requests decided. Every test runs on an SQLite file and
on a fresh MySQL database, with batches cut from the journals of real devices; after each scenario
the ledger checks clean: entries balance, balances equal their postings, device heads hold.
"""

from __future__ import annotations

import sqlite3
import stat
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, select

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.customers import register_customer
from desktop_app.services.posting import Override
from desktop_app.services.reversals import request_reversal
from desktop_app.services.till import open_till
from desktop_app.services.transfers import request_transfer
from desktop_app.store import schema as device_schema
from desktop_app.store.pulled import put_account
from shared_core.accounts import till_account, vault_account, wallet_account
from shared_core.batch import encode_batch, make_batch
from shared_core.errors import UnsupportedProtocol
from shared_core.journal import GENESIS_HASH
from shared_core.limits import LimitTable
from shared_core.money import Money
from shared_core.results import EntryStatus
from shared_core.signing import public_key_hex
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.migrate import migrate
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.keys import load_or_create_server_key
from sync_server.services.ledger_check import check_ledger
from tests.device_builders import SUPERVISOR_PASSWORD, Counter, add_customer, default_limit_table, make_counter
from tests.server_builders import (
    APP_VERSION,
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,  # noqa: F401 (the fixture)
    enrol,
    journal,
    limit_table,
    make_server,
    result_for,
    set_user,
    statuses,
)

KES = Money.shillings
BOOKED = EntryStatus.BOOKED.value


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


@pytest.fixture
def branch(tmp_path: Path, server: Server) -> Counter:
    """Wanjiru's counter at Nairobi CBD (device K7Q2), enrolled, with her till open on KES 100,000."""
    counter = make_counter(tmp_path / "K7Q2")
    enrol(server, counter)
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    return counter


def second_branch_counter(tmp_path: Path, server: Server, device_code: str = "M4T8") -> Counter:
    counter = make_counter(tmp_path / device_code, device_code=device_code)
    enrol(server, counter)
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    return counter


def device_postings(counter: Counter, sequence: int) -> list[tuple[str, int]]:
    p = device_schema.postings.c
    with counter.store.read() as connection:
        return [tuple(row) for row in connection.execute(
            select(p.account, p.amount_cents).where(p.sequence == sequence).order_by(p.line))]


def server_postings(server: Server, device_code: str, sequence: int) -> list[tuple[str, int]]:
    rows = server.rows("postings", device_code=device_code, sequence=sequence)
    return [(row.account, row.amount_cents) for row in sorted(rows, key=lambda row: row.line)]


# --- the schema ---------------------------------------------------------------------------------


def test_the_migrated_schema_is_the_schema_the_code_queries(database_url: str) -> None:  # noqa: F811
    database = Database(database_url)
    try:
        migrate(database)
        migrate(database)  # a second run finds nothing to do
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, schema.metadata) == []
            # The comparison does see a difference when there is one.
            changed = MetaData()
            for table in schema.metadata.tables.values():
                table.to_metadata(changed)
            changed.tables["entries"].append_column(Column("unmigrated", Integer))
            assert [difference[0] for difference in compare_metadata(context, changed)] == ["add_column"]
    finally:
        database.dispose()


def test_a_unit_of_work_rolls_back_unless_committed(server: Server) -> None:
    location = {"code": "MSA-002", "kind": "branch", "name": "Mombasa",
                "cash_account": None, "vault_account": None}
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(schema.locations.insert().values(**location))
    assert server.rows("locations", code="MSA-002") == []
    with pytest.raises(RuntimeError, match="boom"):
        with UnitOfWork(server.database) as uow:
            uow.connection.execute(schema.locations.insert().values(**location))
            raise RuntimeError("boom")
    assert server.rows("locations", code="MSA-002") == []
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(schema.locations.insert().values(**location))
        uow.commit()
    assert len(server.rows("locations", code="MSA-002")) == 1


def test_a_unit_of_work_serialises_writers_from_its_first_statement(server: Server) -> None:
    """SQLite: the unit of work begins IMMEDIATE, so another writer cannot even begin while it has
    only read. MySQL: it reads what is committed, the latest data once it holds its row locks."""
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(select(schema.devices.c.device_code)).all()
        if server.database.backend == "sqlite":
            other = sqlite3.connect(server.database.engine.url.database, timeout=0, isolation_level=None)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()
        else:
            isolation = uow.connection.exec_driver_sql("SELECT @@tx_isolation").scalar()
            assert isolation == "READ-COMMITTED"


# --- a day at one counter, booked once ----------------------------------------------------------


def test_a_batch_books_each_entry_once_with_the_servers_own_postings(server: Server, branch: Counter) -> None:
    """Till opened on KES 100,000; Juma deposits 10,000, withdraws 3,000 (fee 30) and sends Amina
    2,000 (fee 10). Head office ends with Juma 4,960, Amina 2,000, the till 107,000, fees 40."""
    juma = add_customer_everywhere(server, [branch])
    amina = add_customer_everywhere(server, [branch], "C0005678", national_id="34567890", full_name="Amina Hassan")
    deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(10_000))
    withdraw_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(3_000), fee=KES(30))
    request_transfer(branch.context, branch.teller, customer_cif=juma, to_account=wallet_account(amina),
                     amount=KES(2_000), fee=KES(10))

    ack = server.sync(batch_of(branch))

    assert statuses(ack) == [BOOKED] * 4
    assert (ack.accepted_head_sequence, ack.accepted_head_hash) == (4, journal(branch)[-1].entry_hash)
    assert server.wallet(juma) == KES(4_960)
    assert server.wallet(amina) == KES(2_000)
    assert server.balance(till_account("BR-K7Q2")) == KES(107_000).cents
    assert server.balance(vault_account("NBO-001")) == -KES(100_000).cents
    assert server.balance("income:fees") == -KES(40).cents
    for sequence in range(1, 5):  # the same pure function on both sides, run twice
        assert server_postings(server, "K7Q2", sequence) == device_postings(branch, sequence)
    device = server.device("K7Q2")
    assert (device.last_sequence, device.last_entry_hash, device.app_version) == (
        4, ack.accepted_head_hash, APP_VERSION)
    assert server.counts()["postings"] == 2 + 2 + 4 + 4  # a fee adds two lines
    server.assert_ledger_clean()


def test_the_same_batch_again_gets_the_same_answer_and_books_nothing(server: Server, branch: Counter) -> None:
    juma = add_customer_everywhere(server, [branch])
    deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(5_000))
    data = batch_of(branch)
    first = server.ingest(data)
    booked = server.counts()
    server.clock.advance(minutes=5)  # a retry minutes later: the answer still says when it was made
    assert server.ingest(data) == first
    assert server.counts() == booked
    assert server.wallet(juma) == KES(5_000)
    server.assert_ledger_clean()


def test_a_resend_with_other_boundaries_books_only_the_new_entries(server: Server, branch: Counter) -> None:
    """The device sent 1-3, lost the answer, shrank its batches and sends 2-5: 2 and 3 are
    duplicates, 4 and 5 are booked, once."""
    juma = add_customer_everywhere(server, [branch])
    for amount in (1_000, 2_000):
        deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(amount))
    server.sync(batch_of(branch, 1, 3))
    for amount in (4_000, 5_000):
        deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(amount))

    ack = server.sync(batch_of(branch, 2, 5))

    assert statuses(ack) == ["duplicate", "duplicate", BOOKED, BOOKED]
    assert [result.code for result in ack.results] == [None] * 4
    assert (ack.batch_first_sequence, ack.accepted_head_sequence) == (2, 5)
    assert server.count("entries") == 5
    assert server.wallet(juma) == KES(12_000)
    # Entirely old entries: every one a duplicate; the head stays where it is.
    ack = server.sync(batch_of(branch, 1, 2))
    assert statuses(ack) == ["duplicate", "duplicate"]
    assert ack.accepted_head_sequence == 5
    assert server.count("entries") == 5
    server.assert_ledger_clean()


def test_a_registration_opens_the_customer_and_wallet_the_same_batch_then_pays_into(
    server: Server, branch: Counter
) -> None:
    posted = register_customer(branch.context, branch.teller, national_id="45678901", full_name="Baraka Otieno",
                               phone="0722 000 111")
    cif = posted.entry.body["details"]["registration"]["cif"]
    deposit_cash(branch.context, branch.teller, customer_cif=cif, amount=KES(700))

    ack = server.sync(batch_of(branch))

    assert statuses(ack) == [BOOKED] * 3
    customer = server.rows("customers", cif=cif)[0]
    assert (customer.national_id, customer.kyc_tier, customer.registered_by_device) == ("45678901", 1, "K7Q2")
    assert server.wallet(cif) == KES(700)
    server.assert_ledger_clean()


# --- facts: always booked, into an exception when they broke a rule ------------------------------


def test_two_devices_paying_the_same_customer_offline_both_book_and_one_raises_the_exception(
    server: Server, branch: Counter, tmp_path: Path
) -> None:
    """Juma holds KES 10,000. Offline, K7Q2 pays him 8,000 and M4T8 pays him 8,000 too: both
    facts are booked (the cash is gone), and the second, which took the wallet to -6,000, raises
    one 'offline_overdraft' exception of 6,000 for head office."""
    juma = add_customer_everywhere(server, [branch])
    deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(10_000))
    server.sync(batch_of(branch))
    other = second_branch_counter(tmp_path, server)
    add_customer(other, juma, balance=KES(10_000))  # what M4T8 pulled before the link dropped
    withdraw_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(8_000))
    withdraw_cash(other.context, other.teller, customer_cif=juma, amount=KES(8_000))

    first = server.sync(batch_of(branch, 3))
    second = server.sync(batch_of(other))

    assert statuses(first) == [BOOKED]
    assert statuses(second) == [BOOKED, "booked_with_exception"]
    overdraft = second.results[1]
    assert overdraft.code == "offline_overdraft"
    [exception] = server.rows("exceptions")
    assert overdraft.exception_id == f"EX-{exception.id}"
    assert (exception.code, exception.account, exception.amount_cents, exception.status) == (
        "offline_overdraft", wallet_account(juma), KES(6_000).cents, "open")
    assert (exception.device_code, exception.sequence) == ("M4T8", 2)
    assert server.wallet(juma) == KES(-6_000)
    # M4T8 lost the answer and resends the withdrawal alone: a duplicate naming the same exception.
    again = server.sync(batch_of(other, 2, 2))
    assert (again.results[0].status, again.results[0].exception_id) == (EntryStatus.DUPLICATE, overdraft.exception_id)
    assert server.count("exceptions") == 1
    server.assert_ledger_clean()


def test_a_fact_within_each_devices_limits_but_beyond_the_customers_day_raises_a_limit_breach(
    server: Server, branch: Counter, tmp_path: Path
) -> None:
    """A tier 1 customer may deposit KES 100,000 a day at branches. K7Q2 takes 2 x 40,000 and M4T8
    40,000 more: each device saw only its own, the server sees 120,000."""
    juma = add_customer_everywhere(server, [branch], tier=1)
    other = second_branch_counter(tmp_path, server)
    add_customer(other, juma, tier=1)
    for _ in range(2):
        deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(40_000))
    deposit_cash(other.context, other.teller, customer_cif=juma, amount=KES(40_000))

    assert statuses(server.sync(batch_of(branch))) == [BOOKED] * 3
    ack = server.sync(batch_of(other))

    assert statuses(ack) == [BOOKED, "booked_with_exception"]
    assert ack.results[1].code == "limit_breach_on_fact"
    assert "limit_per_day" in ack.results[1].message
    assert server.wallet(juma) == KES(120_000)  # booked all the same: the cash is in the drawer
    [exception] = server.rows("exceptions")
    assert (exception.code, exception.amount_cents) == ("limit_breach_on_fact", KES(40_000).cents)
    server.assert_ledger_clean()


def _stricter_table() -> LimitTable:
    """Version 2: branch tier 2 allows KES 20,000 per transaction (version 1: 500,000)."""
    mapping = default_limit_table()
    mapping["tiers"]["branch"]["2"]["per_transaction_cents"] = KES(20_000).cents
    return limit_table(version=2, tiers=mapping["tiers"])


def test_policy_drift_a_fact_allowed_under_the_devices_table_books_into_policy_drift(
    database_url: str, tmp_path: Path  # noqa: F811
) -> None:
    servers = make_server(database_url, table=_stricter_table())
    server = next(servers)
    try:
        branch = make_counter(tmp_path)  # still judging under version 1
        enrol(server, branch)
        open_till(branch.context, branch.teller, opening_float=KES(100_000))
        juma = add_customer_everywhere(server, [branch])
        amina = add_customer_everywhere(server, [branch], "C0005678", national_id="34567890")
        deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(30_000))
        request_transfer(branch.context, branch.teller, customer_cif=juma, to_account=wallet_account(amina),
                         amount=KES(25_000))

        ack = server.sync(batch_of(branch))

        deposit, transfer = ack.results[1], ack.results[2]
        assert (deposit.status, deposit.code) == (EntryStatus.BOOKED_WITH_EXCEPTION, "policy_drift")
        assert "limit table 1" in deposit.message and "under 2" in deposit.message
        # The request is decided under today's table, and the drift is said, not silent.
        assert (transfer.status, transfer.code) == (EntryStatus.REJECTED, "limit_per_transaction")
        assert transfer.message.startswith("Policy drift")
        assert sorted(row.code for row in server.rows("exceptions")) == ["policy_drift", "policy_drift"]
        assert server.wallet(juma) == KES(30_000) and server.wallet(amina) == KES(0)
        server.assert_ledger_clean()
    finally:
        servers.close()


def test_cash_into_an_account_head_office_does_not_hold_is_booked_for_head_office_to_place(
    server: Server, branch: Counter
) -> None:
    """The counter holds a customer head office never heard of; the deposit is cash in the drawer."""
    add_customer(branch, "C0009999", national_id="56789012")
    deposit_cash(branch.context, branch.teller, customer_cif="C0009999", amount=KES(2_500))
    ack = server.sync(batch_of(branch))
    assert (ack.results[1].status, ack.results[1].code) == (EntryStatus.BOOKED_WITH_EXCEPTION, "unknown_account")
    [exception] = server.rows("exceptions")
    assert (exception.account, exception.amount_cents) == ("wallet:C0009999", KES(2_500).cents)
    assert server.wallet("C0009999") == KES(2_500)
    server.assert_ledger_clean()


# --- requests: decided by the server ------------------------------------------------------------


def test_a_request_the_server_denies_is_rejected_with_its_code_and_books_nothing(
    server: Server, branch: Counter
) -> None:
    """The counter believes Juma is tier 2; head office holds him at tier 1, which allows KES 50,000
    per transaction. His 55,000 transfer is refused; the resend repeats the refusal, never 'duplicate'."""
    juma = add_customer_everywhere(server, [branch], tier=1, device_tier=2)
    amina = add_customer_everywhere(server, [branch], "C0005678", national_id="34567890")
    for _ in range(2):
        deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(30_000))
    transfer = request_transfer(branch.context, branch.teller, customer_cif=juma,
                                to_account=wallet_account(amina), amount=KES(55_000))
    sequence = transfer.entry.sequence

    ack = server.sync(batch_of(branch))

    refused = result_for(ack, sequence)
    assert (refused.status, refused.code, refused.exception_id) == (
        EntryStatus.REJECTED, "limit_per_transaction", None)
    assert "Tier 1 at a branch allows at most KES 50,000.00" in refused.message
    assert server_postings(server, "K7Q2", sequence) == []
    assert (server.wallet(juma), server.wallet(amina)) == (KES(60_000), KES(0))
    again = server.sync(batch_of(branch, sequence, sequence))
    assert (again.results[0].status, again.results[0].code) == (EntryStatus.REJECTED, "limit_per_transaction")
    server.assert_ledger_clean()


def test_a_request_beyond_the_servers_balance_is_rejected_insufficient_funds(
    server: Server, branch: Counter
) -> None:
    """The counter pulled a balance of KES 5,000 that head office no longer holds (it holds 0)."""
    juma = add_customer_everywhere(server, [branch])
    amina = add_customer_everywhere(server, [branch], "C0005678", national_id="34567890")
    with branch.store.write() as connection:
        put_account(connection, account=wallet_account(juma), cif=juma, label="Wallet",
                    balance_cents=KES(5_000).cents)
    request_transfer(branch.context, branch.teller, customer_cif=juma, to_account=wallet_account(amina),
                     amount=KES(1_000))
    ack = server.sync(batch_of(branch))
    assert (ack.results[1].status, ack.results[1].code) == (EntryStatus.REJECTED, "insufficient_funds")
    assert server.wallet(juma) == KES(0)
    server.assert_ledger_clean()


def test_a_registration_of_a_national_id_head_office_holds_is_rejected(server: Server, branch: Counter) -> None:
    add_customer_everywhere(server, [])  # head office holds Juma, national ID 23456789; the counter does not
    register_customer(branch.context, branch.teller, national_id="23456789", full_name="Juma Mwangi",
                      phone="0712 345 678")
    ack = server.sync(batch_of(branch))
    assert (ack.results[1].status, ack.results[1].code) == (EntryStatus.REJECTED, "already_exists")
    assert server.count("customers") == 1
    server.assert_ledger_clean()


def test_a_reversal_with_a_valid_local_override_is_booked(server: Server, branch: Counter) -> None:
    juma = add_customer_everywhere(server, [branch])
    deposit = deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(5_000))
    reversal = request_reversal(branch.context, branch.teller, reference=deposit.entry.reference,
                                override=Override("otieno", SUPERVISOR_PASSWORD))

    ack = server.sync(batch_of(branch))

    assert statuses(ack) == [BOOKED] * 3
    assert server_postings(server, "K7Q2", reversal.entry.sequence) == [
        (account, -cents) for account, cents in server_postings(server, "K7Q2", deposit.entry.sequence)
    ]
    assert server.wallet(juma) == KES(0)
    assert server.rows("entries", sequence=3)[0].reverses_entry_id == deposit.entry.entry_id
    server.assert_ledger_clean()


def test_a_reversal_whose_override_head_office_does_not_accept_awaits_approval(
    server: Server, branch: Counter
) -> None:
    """Otieno approved at the counter, but head office has deactivated him: the reversal waits for
    a checker head office accepts, and nothing is undone yet."""
    set_user(server, "otieno", active=False)
    juma = add_customer_everywhere(server, [branch])
    deposit = deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(5_000))
    request_reversal(branch.context, branch.teller, reference=deposit.entry.reference,
                     override=Override("otieno", SUPERVISOR_PASSWORD))

    ack = server.sync(batch_of(branch))

    waiting = ack.results[2]
    assert (waiting.status, waiting.code, waiting.exception_id) == (
        EntryStatus.AWAITING_APPROVAL, "approval_reversal", None)
    assert "override by otieno does not count" in waiting.message
    assert server_postings(server, "K7Q2", 3) == []
    assert server.wallet(juma) == KES(5_000)
    again = server.sync(batch_of(branch, 3, 3))  # the answer stands on a resend: still waiting
    assert again.results[0].status is EntryStatus.AWAITING_APPROVAL
    server.assert_ledger_clean()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"role": "director"}, "A director may not cash deposit"),  # a role that handles no cash
        ({"active": False}, "User wanjiru is not an active user at head office"),
    ],
)
def test_an_entry_by_a_user_head_office_does_not_allow_is_a_rule_breach(
    server: Server, branch: Counter, change: dict, words: str
) -> None:
    """Facts made by a user head office does not allow are booked (the cash moved) into exceptions."""
    set_user(server, "wanjiru", **change)
    juma = add_customer_everywhere(server, [branch])
    deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(1_000))
    ack = server.sync(batch_of(branch))
    assert [(r.status.value, r.code) for r in ack.results] == [
        ("booked_with_exception", "limit_breach_on_fact"), ("booked_with_exception", "limit_breach_on_fact")]
    assert words in ack.results[1].message and "[permission_denied]" in ack.results[1].message
    assert server.wallet(juma) == KES(1_000)
    server.assert_ledger_clean()


# --- the protocol version is read before anything else ------------------------------------------


def test_a_batch_of_an_unknown_protocol_is_refused_before_anything_is_read(
    server: Server, branch: Counter
) -> None:
    data = batch_of(branch).replace(b'"protocol_version":1', b'"protocol_version":9')
    before = server.counts()
    with pytest.raises(UnsupportedProtocol):
        server.ingest(data)
    assert server.counts() == before
    assert server.device("K7Q2").last_entry_hash == GENESIS_HASH


# --- many workers, one batch ----------------------------------------------------------------------


def test_the_same_batch_from_eight_workers_at_once_is_booked_exactly_once(
    database_url: str, tmp_path: Path  # noqa: F811
) -> None:
    """Round after round (100 on MySQL, 20 on SQLite), 8 threads, each on its own connection, send
    the same one-entry batch at the same moment. Exactly one books it; the seven others get the
    same answer, byte for byte."""
    workers = 8
    servers = make_server(database_url)
    server = next(servers)
    rounds = 100 if server.database.backend == "mysql" else 20
    try:
        branch = make_counter(tmp_path)
        enrol(server, branch)
        open_till(branch.context, branch.teller, opening_float=KES(100_000))
        juma = add_customer_everywhere(server, [branch])
        for _ in range(rounds - 1):
            deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(100))
        entries = journal(branch)
        assert branch.context.device_key is not None
        batches = [
            encode_batch(make_batch([entry], branch.context.device_key, app_version=APP_VERSION))
            for entry in entries
        ]
        barrier = threading.Barrier(workers)

        def send(data: bytes) -> bytes:
            barrier.wait()
            return server.ingest(data)

        with ThreadPoolExecutor(max_workers=workers) as pool:
            for number, data in enumerate(batches, start=1):
                answers = list(pool.map(send, [data] * workers))
                assert len(set(answers)) == 1, f"round {number}: the workers got different answers"
                assert server.count("entries") == number, f"round {number}"
        assert server.count("postings") == 2 * rounds
        assert server.count("batches") == rounds
        assert server.wallet(juma) == KES(100 * (rounds - 1))
        server.assert_ledger_clean()
    finally:
        servers.close()


# --- the checks themselves ------------------------------------------------------------------------


def test_the_ledger_check_reports_every_kind_of_disagreement(server: Server, branch: Counter) -> None:
    juma = add_customer_everywhere(server, [branch])
    deposit_cash(branch.context, branch.teller, customer_cif=juma, amount=KES(1_000))
    server.sync(batch_of(branch))
    server.assert_ledger_clean()
    with UnitOfWork(server.database) as uow:  # what a hand edit of the database could do
        connection = uow.connection
        connection.execute(schema.accounts.update().where(schema.accounts.c.account == wallet_account(juma))
                           .values(balance_cents=schema.accounts.c.balance_cents - 1))
        connection.execute(schema.postings.update().where(schema.postings.c.sequence == 1, schema.postings.c.line == 1)
                           .values(amount_cents=schema.postings.c.amount_cents + 5))
        connection.execute(schema.devices.update().values(last_entry_hash="f" * 64))
        connection.execute(schema.entries.update().where(schema.entries.c.sequence == 2).values(status="rejected"))
        uow.commit()
    with server.database.engine.connect() as connection:
        codes = sorted({violation.code for violation in check_ledger(connection)})
    # The deposit turned 'rejected' by hand no longer counts in Juma's day: its day total disagrees too.
    assert codes == ["balance_mismatch", "day_total_off", "device_head_mismatch", "postings_on_unbooked_entry",
                     "trial_balance", "unbalanced_entry"]


def test_a_booked_entry_without_postings_is_reported(server: Server, branch: Counter) -> None:
    server.sync(batch_of(branch))
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(schema.postings.delete())
        uow.connection.execute(schema.accounts.update().values(balance_cents=0))
        uow.commit()
    with server.database.engine.connect() as connection:
        assert [violation.code for violation in check_ledger(connection)] == ["postings_missing"]


def test_the_server_key_is_made_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "server.key"
    key = load_or_create_server_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert public_key_hex(load_or_create_server_key(path)) == public_key_hex(key)  # the same key, read back
    path.write_bytes(b"short")
    with pytest.raises(ValueError, match="expected 32 bytes, found 5"):
        load_or_create_server_key(path)
