"""Fixtures shared by every layer of tests.

MySQL: tests that need it take `mysql_url`, which creates a database of their own on
127.0.0.1:3306 (root, empty password) and drops it afterwards, so runs never see each other's
data. Where MySQL is unreachable the test is skipped on a developer's machine and FAILS in CI
(CI=true): CI never passes by skipping the database. The server reaches it through PyMySQL, or
through mysqlclient when WEKEZA_TEST_MYSQL_DRIVER=mysqldb (the same tests under the C driver).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

mysql_host = "127.0.0.1"
mysql_port = 3306
mysql_connect_timeout_s = 3
mysql_test_driver = os.environ.get("WEKEZA_TEST_MYSQL_DRIVER", "pymysql")


def _mysql_connection():  # noqa: ANN202 (pymysql is imported lazily: unit tests never need it)
    import pymysql

    try:
        return pymysql.connect(
            host=mysql_host, port=mysql_port, user="root", password="", connect_timeout=mysql_connect_timeout_s
        )
    except pymysql.err.OperationalError as error:
        message = f"MySQL is not reachable on {mysql_host}:{mysql_port}: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI needs it: failing rather than skipping)")
        pytest.skip(message)


@pytest.fixture
def mysql_url() -> Iterator[str]:
    """A fresh, empty MySQL database of this test's own, as an SQLAlchemy URL."""
    name = f"wekeza_test_{uuid.uuid4().hex[:16]}"
    connection = _mysql_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
        yield f"mysql+{mysql_test_driver}://root@{mysql_host}:{mysql_port}/{name}?charset=utf8mb4"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        connection.close()


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # noqa: ANN001
    return f"sqlite:///{(tmp_path / 'server.sqlite3').as_posix()}"
