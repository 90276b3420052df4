"""Three branch devices work offline, then sync 5,000 entries through a link that resets,
stalls and truncates one connection in five. Afterwards the server's ledger is exactly the
union of the device journals: nothing lost, nothing twice, and every device knows it.
"""

from __future__ import annotations

import os
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from desktop_app.store import schema as device_schema
from desktop_app.store.replay import verify_journal
from sync_server.db import schema as server_schema
from tests.e2e.fault_proxy import FaultProxy
from desktop_app.services.balances import available_balance
from desktop_app.sync.client import SyncClient
from desktop_app.sync.pull import pull_once
from shared_core.accounts import wallet_account
from shared_core.money import Money
from shared_core.signing import load_public_key
from tests.e2e.flaky_world import JUMA, bank, catch_up, fill
from tests.e2e.test_server_gunicorn import wekeza_server
from tests.server_builders import journal

entries_total = 5_001
devices = 3
catch_up_deadline_s = 300


@pytest.mark.mysql
def test_5000_entries_from_3_devices_through_a_faulty_link(mysql_url: str, tmp_path: Path) -> None:
    seed = int(os.environ.get("FAULT_PROXY_SEED", random.SystemRandom().randrange(2**32)))
    print(f"flaky link seed={seed}")
    rng = random.Random(seed)
    with bank(mysql_url, tmp_path, devices=devices) as world:
        for counter in world.counters:
            fill(counter, entries_total // devices, random.Random(rng.random()))
        port = int(world.base_url.rsplit(":", 1)[1])
        with FaultProxy(port, seed=seed, failure_rate=0.2, stall_s=1.0, first_exchange_fails=True) as proxy:
            proxy_url = f"http://127.0.0.1:{proxy.port}"
            with ThreadPoolExecutor(max_workers=devices) as pool:
                outcomes = list(pool.map(
                    lambda counter: catch_up(counter, proxy_url, world.server_key_hex, deadline_s=catch_up_deadline_s),
                    world.counters,
                ))
            counts = proxy.counts()
        print(f"faults: {counts}; catch-up seconds: {[round(seconds, 1) for seconds, _ in outcomes]}")
        assert counts.faulted > 0, "the link must actually have failed"

        # A pull over the healthy link: every device now reads Juma's balance as the server
        # holds it, its own entries counted once.
        server_key = load_public_key(world.server_key_hex)
        for counter in world.counters:
            client = SyncClient(world.base_url)
            try:
                pull_once(counter.context, client, server_key)
            finally:
                client.close()
            with counter.store.read() as connection:
                device_view = available_balance(connection, wallet_account(JUMA))
            assert device_view == server_wallet(mysql_url, JUMA)

    # Every device: nothing waits, every entry answered, the journal verifies.
    for counter in world.counters:
        with counter.store.read() as connection:
            assert verify_journal(connection).ok
            assert connection.execute(select(device_schema.outbox)).first() is None
            answered = dict(connection.execute(select(device_schema.entry_results.c.sequence,
                                                      device_schema.entry_results.c.status)).all())
        assert len(answered) == entries_total // devices
        assert set(answered.values()) <= {"booked", "duplicate"}, set(answered.values())

    # The server: exactly the union of the journals, each entry once, by hash.
    engine = create_engine(mysql_url)
    try:
        with engine.connect() as connection:
            e = server_schema.entries.c
            on_server = {
                (row.device_code, row.sequence): row.entry_hash
                for row in connection.execute(select(e.device_code, e.sequence, e.entry_hash))
                if row.device_code != "5EED"
            }
    finally:
        engine.dispose()
    on_devices = {
        (entry.device_code, entry.sequence): entry.entry_hash
        for counter in world.counters
        for entry in journal(counter)
    }
    assert on_server == on_devices
    checked = wekeza_server("check-ledger", database_url=mysql_url, data_dir=world.data_dir)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def server_wallet(database_url: str, cif: str) -> Money:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            a = server_schema.accounts.c
            ledger = connection.execute(select(a.balance_cents).where(a.account == wallet_account(cif))).scalar_one()
    finally:
        engine.dispose()
    return Money(-ledger)  # a wallet is a liability: credit balances read positive
