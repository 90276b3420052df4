"""Engines for MySQL (PyMySQL or mysqlclient) and the embedded SQLite default, created lazily in each worker.

Gunicorn forks workers after loading the app; a connection pool made before the fork would be
shared by every worker. So the engine is made on first use, inside the worker that uses it.

Transactions: on MySQL every statement reads what is committed (READ COMMITTED), because a
writer locks the rows it depends on first (SELECT ... FOR UPDATE) and must then see the latest
data, not a snapshot taken before it waited for the lock. On SQLite, Python's sqlite3 module is
told not to open transactions on its own and SQLAlchemy's begin emits the BEGIN: plain for
reads, `BEGIN IMMEDIATE` when a connection asks for it with the `sqlite_begin` execution option
(the unit of work does), so a writer holds the lock from its first read.

MySQL takes either driver, with the same settings: `mysql+pymysql://` (pure Python, the default)
or `mysql+mysqldb://` (mysqlclient, in C; plain `mysql://` means it too). Others are refused:
their transactions and parameter handling are not what the tests run against. mysqlclient is
imported only when a URL names it: it is not a dependency of the project.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text

mysql_pool_size = 10
mysql_drivers = ("pymysql", "mysqldb")
# The longest statement an executemany INSERT is cut into: PyMySQL's own limit. mysqlclient's is
# 64 KiB, which cuts a batch's 100 entries (about 106 KB) into two statements, two round trips.
mysql_statement_bytes_max = 1_024_000


def create_database_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "mysql" and parsed.get_driver_name() in mysql_drivers:
        if "charset" not in parsed.query:
            parsed = parsed.update_query_dict({"charset": "utf8mb4"})
        # pre_ping: a worker idle overnight must not fail its first request on a dead connection.
        # The pool holds at least one connection per serving thread (8 by default), so a burst of
        # requests does not open and close connections (measured: 3.5x slower at 8 threads with 5).
        return create_engine(
            parsed,
            connect_args=mysql_connect_args(parsed.get_driver_name()),
            pool_pre_ping=True,
            pool_recycle=3600,
            pool_size=mysql_pool_size,
            isolation_level="READ COMMITTED",
        )
    raise ValueError(
        f"unsupported database URL scheme: {parsed.drivername}; use sqlite://, mysql+pymysql:// or mysql+mysqldb://"
    )


def mysql_connect_args(driver: str) -> dict[str, object]:
    """What `driver`'s connect() takes beyond the URL for the two to behave alike."""
    return {"cursorclass": _mysqldb_cursor()} if driver == "mysqldb" else {}


@functools.cache
def _mysqldb_cursor() -> type:
    from MySQLdb.cursors import Cursor  # here, not at the top: only where a URL names mysqlclient

    return type("Cursor", (Cursor,), {"max_stmt_length": mysql_statement_bytes_max})


def _sqlite_pragmas(connection, _record) -> None:  # connection: the DB-API connection
    connection.isolation_level = None  # SQLAlchemy's begin event emits the BEGIN (see below)
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))


class Database:
    """Holds the URL and makes the engine on first use, after any fork."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = create_database_engine(self.url)
        return self._engine

    @property
    def backend(self) -> str:
        return make_url(self.url).get_backend_name()

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
