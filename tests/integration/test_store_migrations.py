"""A laptop in the field upgrades its store without losing its journal: a store made by the
first schema, with a day of entries in it, is migrated on open and keeps working."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event

from desktop_app.services.cash import deposit_cash
from desktop_app.services.context import ServiceContext, load_device
from desktop_app.services.login import log_in
from desktop_app.services.till import open_till
from desktop_app.store import database
from desktop_app.store.database import Store, open_store
from desktop_app.store.paths import STORE_FILE_NAME
from desktop_app.store.replay import verify_journal
from shared_core.money import Money
from tests.device_builders import PASSWORD, FixedClock, add_customer, make_counter


def store_at_revision(path: Path, revision: str) -> Store:
    """A store whose schema stops at `revision`, as an older release left it."""
    engine = create_engine(f"sqlite:///{path.as_posix()}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", database._on_connect)
    event.listen(engine, "begin", database._on_begin)
    config = Config()
    config.set_main_option("script_location", str(Path(database.__file__).with_name("migrations")))
    with engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return Store(engine, path)


def test_a_populated_store_of_the_first_schema_upgrades_and_keeps_its_journal(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE_NAME
    old = make_counter(tmp_path, store=store_at_revision(path, "0001"))
    open_till(old.context, old.teller, opening_float=Money.shillings(10_000))
    juma = add_customer(old, balance=Money.shillings(100))
    for amount in (100, 200, 300):
        deposit_cash(old.context, old.teller, customer_cif=juma, amount=Money.shillings(amount))
    old.store.close()

    store = open_store(path)  # today's release opens it
    with store.engine.connect() as connection:
        columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(device)")}
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == "0002" and {"server_url", "server_public_key_hex"} <= columns
    with store.read() as connection:
        report = verify_journal(connection)
    assert report.ok and report.entries == 4, report.summary()

    context = ServiceContext(store=store, device=load_device(store), clock=FixedClock())
    teller = log_in(context, "wanjiru", PASSWORD)
    posted = deposit_cash(context, teller, customer_cif=juma, amount=Money.shillings(400))
    assert posted.entry.sequence == 5 and posted.entry.previous_hash == report.head_hash
