"""A new laptop enrols: its key goes to the OS keyring, the server's key is pinned, and from
then on its batches are acknowledged under that key. Server: the real app on a real database,
reached through httpx's WSGI transport."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import keyring
import pytest

from desktop_app.services.context import ServiceContext, load_device
from desktop_app.services.login import log_in
from desktop_app.services.till import open_till
from desktop_app.store.database import open_store
from desktop_app.store.paths import STORE_FILE_NAME
from desktop_app.store.pulled import put_user
from desktop_app.sync.client import ServerRefused, SyncClient
from desktop_app.sync.enrolment import enrol_device
from desktop_app.sync.keystore import load_device_key
from desktop_app.sync.loop import SyncLoop
from shared_core.money import Money
from shared_core.signing import load_public_key, public_key_hex
from sync_server.app import create_app
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.enrolment import issue_enrolment_code
from sync_server.settings import Settings
from tests.device_builders import PASSWORD, FixedClock, password_hash
from tests.memory_keyring import MemoryKeyring
from tests.server_builders import Server, database_url, make_server  # noqa: F401


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_enrol_then_sync_under_the_pinned_key(server: Server, tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
    app = create_app(settings, server.database, server_key=server.key, clock=server.clock)
    client = SyncClient("http://wekeza.test", transport=httpx.WSGITransport(app=app))
    with UnitOfWork(server.database) as uow:
        code, device_code = issue_enrolment_code(uow.connection, location_code="NBO-001", now=server.clock.now())
        uow.commit()

    store = open_store(tmp_path / "device" / STORE_FILE_NAME)
    device = enrol_device(store, client, server_url="http://wekeza.test", enrolment_code=code.lower())
    assert device.device_code == device_code and device.location_name == "Nairobi CBD Branch"
    assert load_device(store) == device
    assert device.server_public_key_hex == public_key_hex(server.key)
    key = load_device_key(device_code)  # the private key is in the keyring, nowhere else
    assert list(memory_keyring.secrets) == [("Wekeza Teller", f"device-{device_code}")]
    secret = bytes.fromhex(memory_keyring.secrets[("Wekeza Teller", f"device-{device_code}")])
    assert all(secret not in path.read_bytes() for path in (tmp_path / "device").iterdir())

    with pytest.raises(ServerRefused):  # the code is spent
        enrol_device(open_store(tmp_path / "other" / STORE_FILE_NAME), client, server_url="x", enrolment_code=code)

    # Users arrive with the first pull; until that exists, the test puts the teller in place.
    with store.write() as connection:
        put_user(connection, user_id="wanjiru", display_name="Wanjiru Kamau", role="teller",
                 password_hash=password_hash(PASSWORD))
    context = ServiceContext(store=store, device=device, clock=FixedClock(), device_key=key)
    open_till(context, log_in(context, "wanjiru", PASSWORD), opening_float=Money.shillings(10_000))
    loop = SyncLoop(context, client, load_public_key(device.server_public_key_hex))
    assert loop.sync_until_empty() is True
    assert loop.status().waiting == 0 and loop.status().last_sync_at == server.clock.now()
    server.assert_ledger_clean()
