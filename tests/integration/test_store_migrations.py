"""A laptop in the field upgrades its store without losing its journal: a store made by the
first schema, with a day of entries in it, is migrated on open and keeps working."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event

from desktop_app.services.cash import deposit_cash
from desktop_app.services.customers import customer_profile, id_photo_from_bytes, register_customer
from desktop_app.services.context import ServiceContext, load_device
from desktop_app.services.login import log_in
from desktop_app.services.till import open_till
from desktop_app.store import database, schema
from desktop_app.store.database import Store, open_store
from desktop_app.store.paths import STORE_FILE_NAME
from desktop_app.store.replay import verify_journal
from shared_core.money import Money
from tests.device_builders import PASSWORD, FixedClock, add_customer, make_counter


def head_revision() -> str:
    """The newest migration this release ships."""
    config = Config()
    config.set_main_option("script_location", str(Path(database.__file__).with_name("migrations")))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


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
    assert version == head_revision() and {"server_url", "server_public_key_hex"} <= columns
    with store.read() as connection:
        report = verify_journal(connection)
    assert report.ok and report.entries == 4, report.summary()

    context = ServiceContext(store=store, device=load_device(store), clock=FixedClock())
    teller = log_in(context, "wanjiru", PASSWORD)
    posted = deposit_cash(context, teller, customer_cif=juma, amount=Money.shillings(400))
    assert posted.entry.sequence == 5 and posted.entry.previous_hash == report.head_hash


def test_a_store_from_before_documents_gains_them_and_registers_with_an_id_photo(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE_NAME
    old = make_counter(tmp_path, store=store_at_revision(path, "0002"))
    earlier = register_customer(old.context, old.teller, national_id="29876543", full_name="Baraka Otieno",
                                phone="0722 000 111")
    old.store.close()

    store = open_store(path)
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
        tables = {row[0] for row in rows}
    assert "customer_documents" in tables
    context = ServiceContext(store=store, device=load_device(store), clock=FixedClock())
    teller = log_in(context, "wanjiru", PASSWORD)
    photo = id_photo_from_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    later = register_customer(context, teller, national_id="29876544", full_name="Amina Hassan",
                              phone="0722 000 112", id_photo=photo)
    assert later.entry.previous_hash == earlier.entry.entry_hash
    assert customer_profile(context, f"PK7Q2{later.entry.sequence:07d}").documents[0].sha256 == photo.sha256
    assert customer_profile(context, f"PK7Q2{earlier.entry.sequence:07d}").documents == ()
    with store.read() as connection:
        assert verify_journal(connection).ok


def test_the_migrated_store_is_the_schema_the_code_queries(tmp_path: Path) -> None:
    store = open_store(tmp_path / STORE_FILE_NAME)

    def ours(name: str | None, type_: str, _parent: object) -> bool:
        # Name search (FTS5 and its shadow tables) is made by SQL the metadata does not describe.
        return not (type_ == "table" and name is not None and (name.startswith("customer_search")
                                                               or name == "alembic_version"))

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": ours})
        assert compare_metadata(context, schema.metadata) == []
    store.close()
