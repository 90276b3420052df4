"""Day totals: what each customer moved each business day, per channel and kind, kept by the ingest
beside the entries it sums, so a day's limit is judged from keyed rows instead of adding up the
day's entries. On an SQLite file and on a fresh MySQL database; the concurrency tests on MySQL.

The worked example: Juma (tier 1: KES 100,000 a day in cash at branches) deposits KES 40,000 twice
at counter K7Q2 and KES 40,000 at counter M4T8. Each counter saw only its own; head office's total
for his day reads 120,000 after the third, which it books (the cash is in the drawer) into a
limit breach. A reversal waiting for a checker counts towards his day while it waits; refused, it
stops counting.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import insert, select, update

from desktop_app.services.cash import deposit_cash
from desktop_app.services.posting import Override
from desktop_app.services.reversals import request_reversal
from desktop_app.services.till import open_till
from shared_core.money import Money
from shared_core.results import EntryStatus
from shared_core.roles import Role
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.migrate import alembic_config
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.approvals import decide
from sync_server.services.day_totals import add_to_day_totals, check_day_totals
from sync_server.services.sessions import User
from tests.device_builders import SUPERVISOR_PASSWORD, Counter, add_customer, make_counter
from tests.server_builders import (
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,  # noqa: F401 (the fixture)
    enrol,
    make_server,
    set_user,
    statuses,
)

KES = Money.shillings
BOOKED = EntryStatus.BOOKED.value
OTIENO = User("otieno", "Otieno Odhiambo", Role.SUPERVISOR, "NBO-001")
NOW = "2026-11-24T09:00:00.000000Z"


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


def counter_at(tmp_path: Path, server: Server, device_code: str) -> Counter:
    counter = make_counter(tmp_path / device_code, device_code=device_code)
    enrol(server, counter)
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    return counter


def day_totals(server: Server) -> dict[tuple[str, str, str], int]:
    """(customer, channel, kind) -> cents, for the one business day the tests work on."""
    rows = server.rows("day_totals")
    assert len({row.business_date for row in rows}) <= 1, "the tests work on one business day"
    return {(row.customer_cif, row.channel, row.kind): row.amount_cents for row in rows}


def assert_totals_true(server: Server) -> None:
    with server.database.engine.connect() as connection:
        assert check_day_totals(connection) == ()


# --- kept by the ingest, read by judging ------------------------------------------------------------


def test_three_deposits_from_two_counters_add_up_in_one_row_and_the_third_breaches_the_day(
    server: Server, tmp_path: Path
) -> None:
    nairobi = counter_at(tmp_path, server, "K7Q2")
    juma = add_customer_everywhere(server, [nairobi], tier=1)
    other = counter_at(tmp_path, server, "M4T8")
    add_customer(other, juma, tier=1)
    for _ in range(2):
        deposit_cash(nairobi.context, nairobi.teller, customer_cif=juma, amount=KES(40_000))
    deposit_cash(other.context, other.teller, customer_cif=juma, amount=KES(40_000))

    assert statuses(server.sync(batch_of(nairobi))) == [BOOKED] * 3  # the till open, two deposits
    assert day_totals(server) == {(juma, "branch", "cash_deposit"): KES(80_000).cents}
    ack = server.sync(batch_of(other))

    third = ack.results[1]
    assert (third.status.value, third.code) == ("booked_with_exception", "limit_breach_on_fact")
    assert "KES 80,000.00 already today" in third.message
    assert day_totals(server) == {(juma, "branch", "cash_deposit"): KES(120_000).cents}
    # Sent again (the same bytes, then the deposit alone), nothing is counted twice.
    assert server.sync(batch_of(other)) == ack
    assert server.sync(batch_of(other, 2, 2)).results[0].status is EntryStatus.DUPLICATE
    assert day_totals(server) == {(juma, "branch", "cash_deposit"): KES(120_000).cents}
    assert_totals_true(server)
    server.assert_ledger_clean()


@pytest.mark.parametrize(
    ("verdict", "reversal_counted"), [("rejected", 0), ("approved", KES(5_000).cents)]
)
def test_a_reversal_counts_while_it_waits_and_stops_counting_only_if_refused(
    server: Server, tmp_path: Path, verdict: str, reversal_counted: int
) -> None:
    """Otieno's override at the counter does not count at head office (he was inactive then): the
    reversal waits, counted towards Juma's day. Reactivated, he decides it from the queue."""
    nairobi = counter_at(tmp_path, server, "K7Q2")
    juma = add_customer_everywhere(server, [nairobi])
    set_user(server, "otieno", active=False)
    deposit = deposit_cash(nairobi.context, nairobi.teller, customer_cif=juma, amount=KES(5_000))
    request_reversal(nairobi.context, nairobi.teller, reference=deposit.entry.reference,
                     override=Override("otieno", SUPERVISOR_PASSWORD))
    ack = server.sync(batch_of(nairobi))
    assert ack.results[2].status is EntryStatus.AWAITING_APPROVAL
    assert day_totals(server) == {
        (juma, "branch", "cash_deposit"): KES(5_000).cents,
        (juma, "branch", "reversal"): KES(5_000).cents,
    }
    set_user(server, "otieno", active=True)

    decided = decide(server.database, checker=OTIENO, device_code="K7Q2", sequence=3, decision=verdict,
                     reason="checked with the customer", now=NOW, limit_table=server.limit_table)

    assert decided.status is (EntryStatus.BOOKED if verdict == "approved" else EntryStatus.REJECTED)
    assert day_totals(server).get((juma, "branch", "reversal"), 0) == reversal_counted
    assert day_totals(server)[(juma, "branch", "cash_deposit")] == KES(5_000).cents
    assert_totals_true(server)
    server.assert_ledger_clean()


def test_the_check_names_every_day_total_that_disagrees_with_its_entries(
    server: Server, tmp_path: Path
) -> None:
    nairobi = counter_at(tmp_path, server, "K7Q2")
    juma = add_customer_everywhere(server, [nairobi])
    amina = add_customer_everywhere(server, [nairobi], "C0005678", national_id="34567890")
    deposit_cash(nairobi.context, nairobi.teller, customer_cif=juma, amount=KES(1_000))
    deposit_cash(nairobi.context, nairobi.teller, customer_cif=amina, amount=KES(2_000))
    server.sync(batch_of(nairobi))
    assert_totals_true(server)
    t = schema.day_totals.c
    with UnitOfWork(server.database) as uow:  # one total off by a shilling, the other gone
        off = update(schema.day_totals).where(t.customer_cif == juma).values(amount_cents=100_100)
        uow.connection.execute(off)
        uow.connection.execute(schema.day_totals.delete().where(t.customer_cif == amina))
        uow.commit()

    with server.database.engine.connect() as connection:
        violations = check_day_totals(connection)

    assert [(v.code, v.subject.split("/")[0]) for v in violations] == [
        ("day_total_off", juma), ("day_total_off", amina)]
    assert "totals 100100 cents in day_totals, but the entries that count towards the day sum to 100000" in (
        violations[0].message)
    assert "totals 0 cents" in violations[1].message and "sum to 200000 cents" in violations[1].message


# --- at once, on MySQL ------------------------------------------------------------------------------


@pytest.mark.mysql
def test_two_counters_syncing_for_the_same_customer_at_once_lose_nothing(
    mysql_url: str, tmp_path: Path
) -> None:
    """Round after round, K7Q2 and M4T8 each send a deposit for Juma at the same moment, each
    ingested by its own worker (thread, connection): his day total is every deposit, to the cent."""
    rounds = 30
    servers = make_server(mysql_url)
    server = next(servers)
    try:
        counters = [counter_at(tmp_path, server, code) for code in ("K7Q2", "M4T8")]
        juma = add_customer_everywhere(server, counters, tier=3)
        for counter in counters:
            server.sync(batch_of(counter, 1, 1))  # the till opens
            for number in range(rounds):
                deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(100 + number))
        barrier = threading.Barrier(2)
        failures: list[BaseException] = []

        def send(counter: Counter, sequence: int) -> None:
            try:
                barrier.wait()
                server.ingest(batch_of(counter, sequence, sequence))
            except BaseException as error:  # noqa: BLE001 (handed to the main thread's assert)
                failures.append(error)

        for sequence in range(2, rounds + 2):
            threads = [threading.Thread(target=send, args=(counter, sequence)) for counter in counters]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert failures == []
        expected = 2 * sum(KES(100 + number).cents for number in range(rounds))
        assert day_totals(server) == {(juma, "branch", "cash_deposit"): expected}
        assert_totals_true(server)
        server.assert_ledger_clean()
    finally:
        servers.close()


@pytest.mark.mysql
def test_the_day_total_statement_adds_under_concurrent_writers_without_deadlock(mysql_url: str) -> None:
    """Without any account lock in between (a customer named by an entry that moves none of their
    accounts): four workers add 1 cent to the same two rows, in key order, 100 times each, each
    time in a transaction of its own. Every cent arrives; no worker is chosen as a deadlock victim."""
    workers, rounds = 4, 100
    servers = make_server(mysql_url)
    server = next(servers)
    try:
        keys = [(cif, "2026-11-24", "branch", "cash_deposit") for cif in ("C0001234", "C0005678")]
        statement = add_to_day_totals(server.database.engine.dialect.name)
        barrier = threading.Barrier(workers)
        failures: list[BaseException] = []

        def add_cents() -> None:
            try:
                barrier.wait()
                for _ in range(rounds):
                    with UnitOfWork(server.database) as uow:
                        uow.connection.execute(statement, [
                            {"customer_cif": cif, "business_date": day, "channel": channel, "kind": kind,
                             "amount_cents": 1} for cif, day, channel, kind in keys])
                        uow.commit()
            except BaseException as error:  # noqa: BLE001 (handed to the main thread's assert)
                failures.append(error)

        threads = [threading.Thread(target=add_cents) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert {row.customer_cif: row.amount_cents for row in server.rows("day_totals")} == {
            "C0001234": workers * rounds, "C0005678": workers * rounds}
    finally:
        servers.close()


# --- the days ingested before the table existed -------------------------------------------------------


def test_0012_fills_the_day_totals_from_the_entries_already_ingested(database_url: str) -> None:  # noqa: F811
    """Before 0012: Juma deposited 1,000 and 2,500 at K7Q2 and withdrew 700 (booked with an
    exception); a transfer of his waits for a checker; one of 9,000 was rejected; Amina deposited
    300 the day before; a till was opened (no customer). After it, the totals are what the ingest
    would have kept."""
    database = Database(database_url)
    try:
        _upgrade(database, "0011")
        with UnitOfWork(database) as uow:
            connection = uow.connection
            connection.execute(
                insert(schema.locations).values(code="NBO-001", kind="branch", name="Nairobi CBD")
            )
            connection.execute(insert(schema.devices).values(
                device_code="K7Q2", channel="branch", location_code="NBO-001", public_key_hex="0" * 64,
                status="active", enrolled_at=NOW, last_sequence=7, last_entry_hash="0" * 64))
            made = [
                ("till_open", None, "2026-11-24", 0, "booked"),
                ("cash_deposit", "C0001234", "2026-11-24", 100_000, "booked"),
                ("cash_deposit", "C0001234", "2026-11-24", 250_000, "booked"),
                ("cash_withdrawal", "C0001234", "2026-11-24", 70_000, "booked_with_exception"),
                ("transfer", "C0001234", "2026-11-24", 40_000, "awaiting_approval"),
                ("transfer", "C0001234", "2026-11-24", 900_000, "rejected"),
                ("cash_deposit", "C0005678", "2026-11-23", 30_000, "booked"),
            ]
            connection.execute(insert(schema.entries), [
                {"device_code": "K7Q2", "sequence": sequence,
                 "entry_id": f"{sequence:08d}-0000-4000-8000-000000000000", "entry_hash": "0" * 64,
                 "kind": kind, "nature": "fact", "channel": "branch",
                 "reference": f"BR-K7Q2-{sequence:06d}-X", "recorded_at": NOW, "received_at": NOW,
                 "business_date": day, "customer_cif": cif, "amount_cents": cents, "limit_table_version": 1,
                 "reverses_entry_id": None, "content": b"{}", "status": status, "code": None, "message": "",
                 "exception_id": None}
                for sequence, (kind, cif, day, cents, status) in enumerate(made, start=1)
            ])
            uow.commit()

        _upgrade(database, "head")

        with database.engine.connect() as connection:
            rows = connection.execute(select(schema.day_totals))
            totals = {tuple(row[:4]): row.amount_cents for row in rows}
            assert check_day_totals(connection) == ()
        assert totals == {
            ("C0001234", "2026-11-24", "branch", "cash_deposit"): 350_000,
            ("C0001234", "2026-11-24", "branch", "cash_withdrawal"): 70_000,
            ("C0001234", "2026-11-24", "branch", "transfer"): 40_000,
            ("C0005678", "2026-11-23", "branch", "cash_deposit"): 30_000,
        }
    finally:
        database.dispose()


def _upgrade(database: Database, revision: str) -> None:
    config = alembic_config()
    with UnitOfWork(database) as uow:
        config.attributes["connection"] = uow.connection
        command.upgrade(config, revision)
        uow.commit()
