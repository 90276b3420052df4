"""The server on MySQL through either driver, PyMySQL (`mysql+pymysql://`) or mysqlclient
(`mysql+mysqldb://`): the same connection settings, text and bytes that come back as they went
in, and a batch booked exactly alike (mysqlclient's parameters are positional, PyMySQL's named).
The mysqlclient cases are skipped where it is not installed (it is not a project dependency).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, select, text

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.till import open_till
from desktop_app.services.transfers import request_transfer
from shared_core import canonical
from shared_core.accounts import wallet_account
from shared_core.journal import entry_to_wire
from shared_core.money import Money
from sync_server.db import schema
from sync_server.db.engine import Database, create_database_engine, mysql_pool_size
from tests.device_builders import make_counter
from tests.server_builders import (
    Server,
    add_customer_everywhere,
    batch_of,
    enrol,
    journal,
    make_server,
    statuses,
)

pytestmark = pytest.mark.mysql
KES = Money.shillings
DRIVERS = [
    "pymysql",
    pytest.param(
        "mysqldb",
        marks=pytest.mark.skipif(
            not __import__("importlib.util").util.find_spec("MySQLdb"), reason="mysqlclient is not installed"
        ),
    ),
]


def with_driver(url: str, driver: str) -> str:
    return make_url(url).set(drivername=f"mysql+{driver}").render_as_string(hide_password=False)


@pytest.mark.parametrize("driver", DRIVERS)
def test_either_driver_reads_committed_in_utf8mb4_from_a_pinged_pool(mysql_url: str, driver: str) -> None:
    """The charset is added when the URL names none; a 4-byte character and bytes that are not
    UTF-8 come back unchanged."""
    url = with_driver(mysql_url, driver).replace("?charset=utf8mb4", "")
    database = Database(url)
    try:
        engine = database.engine
        assert (engine.dialect.driver, engine.pool.size(), engine.pool._pre_ping) == (
            driver,
            mysql_pool_size,
            True,
        )
        with engine.connect() as connection:
            assert connection.get_isolation_level() == "READ COMMITTED"
            charsets = connection.execute(
                text("SELECT @@character_set_client, @@character_set_connection")
            ).one()
            assert tuple(charsets) == ("utf8mb4", "utf8mb4")
            connection.execute(
                text(
                    "CREATE TABLE round_trip (name VARCHAR(40), content LONGBLOB) "
                    "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
                )
            )
            name, content = "Wanjiru 🦒 Kamau", b"\xff\xfe\x00 not UTF-8 \x80"
            connection.execute(
                text("INSERT INTO round_trip VALUES (:name, :content)"), {"name": name, "content": content}
            )
            assert tuple(connection.execute(text("SELECT name, content FROM round_trip")).one()) == (
                name,
                content,
            )
    finally:
        database.dispose()


@pytest.mark.parametrize("driver", DRIVERS)
def test_a_hundred_row_executemany_is_one_statement_under_either_driver(mysql_url: str, driver: str) -> None:
    """As a batch's entries insert is: 100 rows of 1,000 bytes, past mysqlclient's own 64 KiB cut."""
    database = Database(with_driver(mysql_url, driver))
    try:
        with database.engine.begin() as connection:
            connection.execute(text("CREATE TABLE many (id INTEGER PRIMARY KEY, content LONGBLOB)"))
            inserts = text("SHOW SESSION STATUS LIKE 'Com_insert'")
            before = int(connection.execute(inserts).one()[1])
            if connection.dialect.positional:
                statement, rows = "INSERT INTO many VALUES (%s, %s)", [(n, bytes(1_000)) for n in range(100)]
            else:
                statement = "INSERT INTO many VALUES (%(id)s, %(content)s)"
                rows = [{"id": n, "content": bytes(1_000)} for n in range(100)]
            connection.exec_driver_sql(statement, rows)
            assert int(connection.execute(inserts).one()[1]) - before == 1
            assert connection.execute(text("SELECT COUNT(*), SUM(LENGTH(content)) FROM many")).one() == (
                100,
                100_000,
            )
    finally:
        database.dispose()


@pytest.mark.parametrize("scheme", ["mysql+mysqlconnector", "postgresql+psycopg"])
def test_a_database_url_of_another_driver_is_refused_naming_the_ones_taken(scheme: str) -> None:
    with pytest.raises(
        ValueError, match=r"unsupported database URL scheme: .*mysql\+pymysql:// or mysql\+mysqldb://"
    ):
        create_database_engine(f"{scheme}://root@127.0.0.1:3306/wekeza")


@pytest.fixture
def second_mysql_url(mysql_url: str) -> Iterator[str]:
    """Another fresh database beside `mysql_url`'s, dropped afterwards."""
    name = f"wekeza_test_{uuid.uuid4().hex[:16]}"
    admin = Database(mysql_url)
    try:
        with admin.engine.connect() as connection:
            connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"))
        yield make_url(mysql_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.engine.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        admin.dispose()


def booked_rows(server: Server) -> dict[str, list[tuple]]:
    """What a batch books, in a fixed order: customers, entries, postings (without their ids), balances."""
    p = schema.postings.c
    with server.database.engine.connect() as connection:
        return {
            "customers": [
                tuple(row)
                for row in connection.execute(select(schema.customers).order_by(schema.customers.c.cif))
            ],
            "entries": [
                tuple(row)
                for row in connection.execute(select(schema.entries).order_by(schema.entries.c.sequence))
            ],
            "postings": [
                tuple(row)
                for row in connection.execute(
                    select(p.device_code, p.sequence, p.line, p.account, p.amount_cents).order_by(
                        p.sequence, p.line
                    )
                )
            ],
            "accounts": [
                tuple(row)
                for row in connection.execute(select(schema.accounts).order_by(schema.accounts.c.account))
            ],
        }


@pytest.mark.parametrize("driver", DRIVERS[1:])
def test_a_batch_is_booked_by_the_c_driver_exactly_as_by_pymysql(
    tmp_path: Path, mysql_url: str, second_mysql_url: str, driver: str
) -> None:
    """One device's batch (Juma deposits 10,000, withdraws 3,000 with a fee of 30 and sends Amina
    2,000 with a fee of 10) into two fresh databases, one per driver: the same rows are booked,
    and the entries' stored bytes are the device's canonical entries."""
    urls = {"pymysql": with_driver(mysql_url, "pymysql"), driver: with_driver(second_mysql_url, driver)}
    makers = {name: make_server(url) for name, url in urls.items()}
    try:
        servers = {name: next(maker) for name, maker in makers.items()}
        counter = make_counter(tmp_path / "K7Q2")
        for number, server in enumerate(servers.values()):
            enrol(server, counter)
            devices = [counter] if number == 0 else []  # the device pulls each customer once
            juma = add_customer_everywhere(server, devices)
            amina = add_customer_everywhere(
                server, devices, "C0005678", national_id="34567890", full_name="Amina Hassan \U0001f30d"
            )  # beyond the BMP: utf8mb4
        open_till(counter.context, counter.teller, opening_float=KES(100_000))
        deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(10_000))
        withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(3_000), fee=KES(30))
        request_transfer(
            counter.context,
            counter.teller,
            customer_cif=juma,
            to_account=wallet_account(amina),
            amount=KES(2_000),
            fee=KES(10),
        )
        batch = batch_of(counter)
        booked = {}
        for name, server in servers.items():
            assert statuses(server.sync(batch)) == ["booked"] * 4, name
            assert (server.wallet(juma), server.wallet(amina)) == (KES(4_960), KES(2_000)), name
            server.assert_ledger_clean()
            booked[name] = booked_rows(server)
        assert booked[driver] == booked["pymysql"]
        assert [len(rows) for rows in booked[driver].values()] == [2, 4, 12, 5]
        content = schema.entries.c.keys().index("content")
        stored = [row[content] for row in booked[driver]["entries"]]
        assert stored == [canonical.encode(entry_to_wire(entry)) for entry in journal(counter)]
    finally:
        for maker in makers.values():
            maker.close()
