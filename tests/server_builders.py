"""Builders for the server's side of a sync: a migrated database (SQLite file or MySQL), head
office's users and customers, devices enrolled with their real keys, and batches cut from the
journals of REAL devices (tests/device_builders.py), so what the server ingests is exactly what
a counter produces. A fixed server clock; acknowledgements decoded and verified on the way back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from desktop_app.store.journal import decode_row_content, iter_rows
from shared_core import canonical
from shared_core.accounts import wallet_account
from shared_core.batch import encode_batch, make_batch
from shared_core.journal import JournalEntry, format_timestamp
from shared_core.limits import LimitTable, limit_table_to_mapping, parse_limit_table
from shared_core.money import Money
from shared_core.results import Acknowledgement, EntryResult, decode_acknowledgement, verify_acknowledgement
from shared_core.signing import generate_private_key, public_key_hex
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.migrate import migrate
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.devices import register_device
from sync_server.services.ingest import ingest_batch
from sync_server.services.ledger_check import check_ledger
from tests.device_builders import Counter, add_customer, default_limit_table, password_hash

APP_VERSION = "1.0.0"
# Head office's people, as the devices of tests/device_builders.py know them.
SERVER_USERS = (
    ("wanjiru", "Wanjiru Kamau", "teller", "NBO-001"),
    ("otieno", "Otieno Odhiambo", "supervisor", "NBO-001"),
    ("achieng", "Achieng Atieno", "teller", "NBO-001"),
)


@pytest.fixture(params=["sqlite", pytest.param("mysql", marks=pytest.mark.mysql)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each server test runs twice: on an SQLite file and on a fresh MySQL database."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "mysql_url")


class ServerClock:
    """The server's clock, standing still until told to move; hands out wire timestamps."""

    def __init__(self, moment: datetime = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)) -> None:
        self.moment = moment

    def now(self) -> str:
        return format_timestamp(self.moment)

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@dataclass
class Server:
    """A sync server's books: its database, its key, the limit table in force, its clock."""

    database: Database
    key: Ed25519PrivateKey
    limit_table: LimitTable
    clock: ServerClock = field(default_factory=ServerClock)

    def ingest(self, data: bytes) -> bytes:
        return ingest_batch(
            self.database, data, server_key=self.key, limit_table=self.limit_table, now=self.clock.now()
        )

    def sync(self, data: bytes) -> Acknowledgement:
        """Ingest and read the answer as a device would: decoded and verified under the server key."""
        signed = decode_acknowledgement(self.ingest(data))
        verify_acknowledgement(signed, self.key.public_key())
        return signed.acknowledgement

    def count(self, table_name: str) -> int:
        with self.database.engine.connect() as connection:
            table = schema.metadata.tables[table_name]
            return connection.execute(select(func.count()).select_from(table)).scalar_one()

    def counts(self) -> dict[str, int]:
        """How much is booked: what a refused batch must leave unchanged."""
        names = ("entries", "postings", "exceptions", "batches", "customers", "accounts")
        return {name: self.count(name) for name in names}

    def balance(self, account: str) -> int:
        """The account's balance in ledger sign (a wallet holding KES 100 reads -10000)."""
        with self.database.engine.connect() as connection:
            return connection.execute(
                select(schema.accounts.c.balance_cents).where(schema.accounts.c.account == account)
            ).scalar_one()

    def wallet(self, cif: str) -> Money:
        """A wallet's balance as the customer reads it."""
        return Money(-self.balance(wallet_account(cif)))

    def device(self, device_code: str):  # noqa: ANN201 (a Row)
        with self.database.engine.connect() as connection:
            return connection.execute(
                select(schema.devices).where(schema.devices.c.device_code == device_code)
            ).one()

    def rows(self, table_name: str, **where: object) -> list:
        table = schema.metadata.tables[table_name]
        with self.database.engine.connect() as connection:
            statement = select(table).where(*(table.c[name] == value for name, value in where.items()))
            return list(connection.execute(statement))

    def assert_ledger_clean(self) -> None:
        with self.database.engine.connect() as connection:
            violations = check_ledger(connection)
        assert violations == (), "\n".join(f"{v.code}: {v.message}" for v in violations)


def limit_table(**changes: object) -> LimitTable:
    """The shipped limit table (version 1), or a variant of it for another version."""
    mapping = default_limit_table()
    mapping.update(changes)
    return parse_limit_table(mapping)


def make_server(database_url: str, *, table: LimitTable | None = None) -> Iterator[Server]:
    """A migrated server database with head office's users, a branch and an agent location, and
    the limit table(s) it issued. A generator: the caller's fixture disposes of the engine."""
    database = Database(database_url)
    migrate(database)
    table = table or limit_table()
    with UnitOfWork(database) as uow:
        connection = uow.connection
        connection.execute(
            schema.locations.insert(),
            [
                {"code": "NBO-001", "kind": "branch", "name": "Nairobi CBD Branch",
                 "cash_account": None, "vault_account": "vault:NBO-001"},
                {"code": "AG-0042", "kind": "agent", "name": "Mama Mboga Shop, Kibera",
                 "cash_account": "float:AG-X9P3", "vault_account": None},
            ],
        )
        connection.execute(
            schema.users.insert(),
            [
                {"user_id": user_id, "display_name": name, "role": role, "location_code": location,
                 "password_hash": password_hash("Counter-2026!"), "active": True}
                for user_id, name, role, location in SERVER_USERS
            ],
        )
        store_limit_table(connection, limit_table())
        if table.version != 1:
            store_limit_table(connection, table)
        uow.commit()
    try:
        yield Server(database, generate_private_key(), table)
    finally:
        database.dispose()


def store_limit_table(connection, table: LimitTable) -> None:  # noqa: ANN001
    connection.execute(
        schema.limit_tables.insert().values(
            version=table.version,
            body=canonical.encode(limit_table_to_mapping(table)),
            effective_date=table.effective_date,
        )
    )


def enrol(server: Server, counter: Counter) -> None:
    """Register the counter's device with the public half of its own key."""
    device = counter.context.device
    assert counter.context.device_key is not None
    with UnitOfWork(server.database) as uow:
        register_device(
            uow.connection,
            device_code=device.device_code,
            channel=device.channel,
            location_code=device.location_code,
            public_key_hex=public_key_hex(counter.context.device_key),
            enrolled_at=server.clock.now(),
        )
        uow.commit()


def add_customer_everywhere(
    server: Server,
    counters: Sequence[Counter],
    cif: str = "C0001234",
    *,
    tier: int = 2,
    device_tier: int | None = None,
    national_id: str = "23456789",
    full_name: str = "Juma Mwangi",
    phone: str = "254712345678",
) -> str:
    """A customer head office holds (with an empty wallet) and each device has pulled.
    `device_tier` lets the devices believe another tier than head office (a stale pull)."""
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(
            schema.customers.insert().values(
                cif=cif, national_id=national_id, full_name=full_name, phone=phone, kyc_tier=tier
            )
        )
        uow.connection.execute(
            schema.accounts.insert().values(account=wallet_account(cif), cif=cif, label="Wallet", balance_cents=0)
        )
        uow.commit()
    for counter in counters:
        add_customer(
            counter, cif, tier=device_tier or tier, national_id=national_id, full_name=full_name, phone=phone
        )
    return cif


def set_user(server: Server, user_id: str, **values: object) -> None:
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(schema.users.update().where(schema.users.c.user_id == user_id).values(**values))
        uow.commit()


def journal(counter: Counter) -> tuple[JournalEntry, ...]:
    """Every entry of the device's journal, read back from its SQLite file."""
    with counter.store.read() as connection:
        return tuple(decode_row_content(row["content"], row["sequence"]) for row in iter_rows(connection))


def batch_of(counter: Counter, first: int = 1, last: int | None = None) -> bytes:
    """The encoded batch of the device's entries `first`..`last` (default: to the end), signed by it."""
    entries = journal(counter)
    last = entries[-1].sequence if last is None else last
    run = [entry for entry in entries if first <= entry.sequence <= last]
    assert counter.context.device_key is not None
    return encode_batch(make_batch(run, counter.context.device_key, app_version=APP_VERSION))


def statuses(ack: Acknowledgement) -> list[str]:
    return [result.status.value for result in ack.results]


def result_for(ack: Acknowledgement, sequence: int) -> EntryResult:
    return next(result for result in ack.results if result.sequence == sequence)
