"""Upgrading a server database that already holds devices to revision 0008 (head office's views): the
devices stay as they were, with no contact, skew or revocation known yet, and the day's entries are
found by business date and device through the new index. On SQLite and on MariaDB."""

from __future__ import annotations

from alembic import command
from sqlalchemy import insert, inspect, select

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


def test_0008_keeps_the_devices_and_knows_nothing_of_their_contact_yet(database_url: str) -> None:  # noqa: F811
    database = Database(database_url)
    try:
        _upgrade(database, "0007")
        with UnitOfWork(database) as uow:
            uow.connection.execute(insert(schema.locations).values(code="NBO-001", kind="branch", name="Nairobi CBD"))
            # Only the columns 0007 has: the statement names no other.
            uow.connection.execute(insert(schema.devices).values(
                device_code="K7Q2", channel="branch", location_code="NBO-001", public_key_hex="0" * 64,
                status="frozen", enrolled_at=NOW, last_sequence=42, last_entry_hash="a" * 64, last_batch_at=NOW,
                frozen_reason="fork"))  # fmt: skip
            uow.commit()

        _upgrade(database, "head")

        with database.engine.connect() as connection:
            device = connection.execute(select(schema.devices)).one()
            indexes = {index["name"] for index in inspect(connection).get_indexes("entries")}
        assert (device.device_code, device.status, device.last_sequence, device.frozen_reason) == (
            "K7Q2", "frozen", 42, "fork")  # fmt: skip
        assert (device.last_seen_at, device.clock_skew_s) == (None, None)
        assert (device.revoked_at, device.revoked_by, device.revoked_reason) == (None, None, None)
        assert "ix_entries_business_date_device" in indexes
    finally:
        database.dispose()
