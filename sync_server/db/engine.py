"""Engines for MySQL (PyMySQL) and the embedded SQLite default, created lazily in each worker.

Gunicorn forks workers after loading the app; a connection pool made before the fork would be
shared by every worker. So the engine is made on first use, inside the worker that uses it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url, text


def create_database_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "mysql":
        if "charset" not in parsed.query:
            parsed = parsed.update_query_dict({"charset": "utf8mb4"})
        # pre_ping: a worker idle overnight must not fail its first request on a dead connection.
        return create_engine(parsed, pool_pre_ping=True, pool_recycle=3600)
    raise ValueError(f"unsupported database URL scheme: {parsed.drivername}; use sqlite:// or mysql+pymysql://")


def _sqlite_pragmas(connection, _record) -> None:  # noqa: ANN001 (DB-API connection)
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


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
