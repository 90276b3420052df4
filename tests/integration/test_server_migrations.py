"""Upgrading a server database that already holds books: revision 0004 starts the pull's answer
log from the batches already received, with the same ids, so the cursor a device holds from before
the upgrade still names the same point."""

from __future__ import annotations

from alembic import command
from sqlalchemy import insert, select

from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.migrate import alembic_config
from sync_server.db.unit_of_work import UnitOfWork
from tests.server_builders import database_url  # noqa: F401 (the sqlite + mysql fixture)

NOW = "2026-11-24T09:00:00.000000Z"


def _upgrade(database: Database, revision: str) -> None:
    config = alembic_config()
    with UnitOfWork(database) as uow:
        config.attributes["connection"] = uow.connection
        command.upgrade(config, revision)
        uow.commit()


def test_0004_fills_the_answer_log_from_the_batches_already_received(database_url: str) -> None:  # noqa: F811
    database = Database(database_url)
    try:
        _upgrade(database, "0003")
        with UnitOfWork(database) as uow:
            connection = uow.connection
            connection.execute(insert(schema.locations).values(code="NBO-001", kind="branch", name="Nairobi CBD"))
            for device_code in ("K7Q2", "M3P9"):
                connection.execute(insert(schema.devices).values(
                    device_code=device_code, channel="branch", location_code="NBO-001", public_key_hex="0" * 64,
                    status="active", enrolled_at=NOW, last_sequence=0, last_entry_hash="0" * 64))
            # Three batches, ids 1..3, two of them K7Q2's.
            for device_code, first, last in (("K7Q2", 1, 100), ("M3P9", 1, 40), ("K7Q2", 101, 150)):
                connection.execute(insert(schema.batches).values(
                    device_code=device_code, first_sequence=first, last_sequence=last, body_sha256="a" * 64,
                    received_at=NOW, acknowledgement=b"{}"))
            uow.commit()
        _upgrade(database, "head")
        with database.engine.connect() as connection:
            log = connection.execute(
                select(schema.answer_changes.c.id, schema.answer_changes.c.device_code,
                       schema.answer_changes.c.first_sequence, schema.answer_changes.c.last_sequence)
                .order_by(schema.answer_changes.c.id)
            ).all()
            batches = connection.execute(
                select(schema.batches.c.id, schema.batches.c.device_code, schema.batches.c.first_sequence,
                       schema.batches.c.last_sequence).order_by(schema.batches.c.id)
            ).all()
        assert [tuple(row) for row in log] == [tuple(row) for row in batches]
        # The next change gets an id after them, so no device's cursor skips it.
        with UnitOfWork(database) as uow:
            new_id = uow.connection.execute(insert(schema.answer_changes).values(
                device_code="K7Q2", first_sequence=151, last_sequence=151, changed_at=NOW)).inserted_primary_key[0]
            uow.commit()
        assert new_id > max(row.id for row in batches)
    finally:
        database.dispose()

