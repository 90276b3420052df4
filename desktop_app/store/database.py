"""The device's SQLite store: one file, WAL, synchronous=FULL, migrated on open.

Every write is one `BEGIN IMMEDIATE` transaction, so the writer holds the lock from its first
read: the checks it makes (balance, limits, the journal head) still hold when it commits.
Python's sqlite3 module would open transactions lazily on its own; it is told not to, and
SQLAlchemy's begin emits the BEGIN we want (the SQLAlchemy documentation's pysqlite recipe).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop_app.store import schema
from shared_core import canonical

busy_timeout_ms = 10_000
_MIGRATIONS = Path(__file__).with_name("migrations")


class Store:
    """An open store. Use `write()` for a transaction that changes anything, `read()` otherwise."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            connection = connection.execution_options(sqlite_begin="BEGIN IMMEDIATE")
            with connection.begin():
                yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            with connection.begin():  # one snapshot for every query inside
                yield connection

    def close(self) -> None:
        self.engine.dispose()


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a committed entry survives power loss
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    cursor.close()


def _on_begin(connection: Connection) -> None:
    connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))


def open_store(path: Path) -> Store:
    """Open (creating if needed) the store at `path` and bring its schema up to date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path.as_posix()}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    store = Store(engine, path)
    migrate(store)
    return store


def migrate(store: Store) -> None:
    """Run every migration the store lacks, in one transaction: a laptop upgrades or stays as it was."""
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with store.write() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


# --- settings: small values kept as canonical JSON ----------------------------------------


def get_setting(connection: Connection, key: str, default: object = None) -> object:
    value = connection.execute(select(schema.settings.c.value).where(schema.settings.c.key == key)).scalar()
    return default if value is None else canonical.decode(value)


def put_setting(connection: Connection, key: str, value: object) -> None:
    statement = sqlite_insert(schema.settings).values(key=key, value=canonical.encode(value))
    connection.execute(statement.on_conflict_do_update(index_elements=["key"], set_={"value": statement.excluded.value}))
