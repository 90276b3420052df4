"""Bring the server's database to the newest schema, programmatically (no alembic.ini).

All migrations run in one transaction on the connection passed to Alembic. SQLite's DDL is
transactional, so an upgrade there lands whole or not at all. MySQL commits each DDL statement
implicitly: a revision that fails there can stop part-way, which is why each revision is small and
tested on MySQL before release.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from sync_server.db.engine import Database
from sync_server.db.unit_of_work import UnitOfWork

_MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def migrate(database: Database) -> None:
    """Run every migration the database lacks."""
    config = alembic_config()
    with UnitOfWork(database) as uow:
        config.attributes["connection"] = uow.connection
        command.upgrade(config, "head")
        uow.commit()
