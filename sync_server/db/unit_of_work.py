"""A unit of work: one database transaction that rolls back unless committed.

    with UnitOfWork(database) as uow:
        ...  # uow.connection, inside the transaction
        uow.commit()

Leaving the block without `commit()` (a refusal, an error, an early return) rolls back, so a half
done ingest never lands (cosmicpython's unit_of_work.py). On SQLite the transaction starts with
BEGIN IMMEDIATE: the writer holds the database's write lock from its first read, so the checks it
makes still hold when it commits. On MySQL the writer locks the rows it depends on itself.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, RootTransaction

from sync_server.db.engine import Database


class UnitOfWork:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("a unit of work is used inside its `with` block")
        return self._connection

    def __enter__(self) -> UnitOfWork:
        connection = self.database.engine.connect()
        if connection.dialect.name == "sqlite":
            connection = connection.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        self._connection = connection
        try:
            self._transaction = connection.begin()
        except BaseException:
            connection.close()
            self._connection = None
            raise
        return self

    def commit(self) -> None:
        if self._transaction is None or not self._transaction.is_active:
            raise RuntimeError("nothing to commit: the unit of work is not in a transaction")
        self._transaction.commit()

    def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            self._transaction.rollback()

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            self.connection.close()
            self._connection = None
            self._transaction = None
