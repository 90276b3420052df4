"""The server's health check against its two real databases: an SQLite file and MySQL."""

from __future__ import annotations

import pytest
from falcon import testing

from sync_server.app import create_app
from sync_server.db.engine import Database
from sync_server.settings import Settings


def _health(database_url: str) -> testing.Result:
    database = Database(database_url)
    try:
        client = testing.TestClient(create_app(Settings(database_url=database_url), database))
        return client.simulate_get("/v1/health")
    finally:
        database.dispose()


def test_health_on_embedded_sqlite_file(sqlite_url: str, tmp_path) -> None:  # noqa: ANN001
    result = _health(sqlite_url)
    assert result.status_code == 200
    assert result.json["status"] == "ok"
    assert result.json["database"] == "ok"
    assert (tmp_path / "server.sqlite3").exists(), "the SQLite file is created on first use"


@pytest.mark.mysql
def test_health_on_mysql(mysql_url: str) -> None:
    result = _health(mysql_url)
    assert result.status_code == 200
    assert result.json == {"status": "ok", "database": "ok", "server_version": result.json["server_version"]}


@pytest.mark.mysql
def test_health_says_degraded_when_the_database_is_gone() -> None:
    # Port 1 on loopback: nothing listens there, so the database cannot answer.
    result = _health("mysql+pymysql://root@127.0.0.1:1/absent")
    assert result.status_code == 503
    assert result.json["database"] == "unreachable"


def test_unknown_path_is_404_not_a_crash(sqlite_url: str) -> None:
    client = testing.TestClient(create_app(Settings(database_url=sqlite_url)))
    assert client.simulate_get("/v1/nothing-here").status_code == 404


def test_sqlite_runs_in_wal_with_full_sync(sqlite_url: str) -> None:
    database = Database(sqlite_url)
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        database.dispose()


@pytest.mark.mysql
def test_mysql_connection_speaks_utf8mb4(mysql_url: str) -> None:
    database = Database(mysql_url)
    try:
        with database.engine.connect() as connection:
            charset = connection.exec_driver_sql("SELECT @@character_set_client").scalar()
            assert charset == "utf8mb4"
    finally:
        database.dispose()
