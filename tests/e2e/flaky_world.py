"""A bank on a bad day, for end-to-end tests and the catch-up benchmark: the real server under
gunicorn (two workers) on a fresh MySQL database, set up with the operator's own commands;
real branch devices enrolled over HTTP; and our fault proxy between the devices and the server."""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.till import open_till
from desktop_app.sync.client import SyncClient
from desktop_app.sync.loop import SyncLoop
from shared_core.errors import InsufficientFunds
from shared_core.money import Money
from shared_core.signing import load_public_key, public_key_hex
from sync_server.services.keys import load_or_create_server_key
from sync_server.settings import server_key_file_name
from tests.device_builders import Counter, add_customer, make_counter
from tests.e2e.server_process import free_port, running_server, scripts_dir
from tests.e2e.test_server_gunicorn import issued_code, repo_root, wekeza_server
from tests.server_builders import APP_VERSION

KES = Money.shillings
JUMA = "C0001234"  # seeded by seed-demo with KES 25,000


@dataclass
class World:
    base_url: str
    data_dir: Path
    database_url: str
    server_key_hex: str
    counters: list[Counter]


@contextlib.contextmanager
def bank(database_url: str, work_dir: Path, *, devices: int, allowance: Money = KES(300_000)) -> Iterator[World]:
    """`allowance`: each device's offline cash cap per customer (the backlog is all Juma's)."""
    data_dir = work_dir / "server-data"
    seeded = wekeza_server("seed-demo", database_url=database_url, data_dir=data_dir)
    assert seeded.returncode == 0, seeded.stderr
    codes = [issued_code(seeded.stdout)]
    for _ in range(devices - 1):
        issued = wekeza_server("enrol", "--location", "NBO-001", database_url=database_url, data_dir=data_dir)
        assert issued.returncode == 0, issued.stderr
        codes.append(issued_code(issued.stdout))
    server_key_hex = public_key_hex(load_or_create_server_key(data_dir / server_key_file_name))
    port = free_port()
    command = [str(scripts_dir / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
               "--log-level", "error", "sync_server.wsgi:application"]
    environment = {"WEKEZA_DATABASE_URL": database_url, "WEKEZA_SERVER_DATA_DIR": str(data_dir),
                   "PYTHONPATH": str(repo_root)}
    with running_server(command, port, environment) as base_url:
        counters = []
        for code, device_code in codes:
            counter = make_counter(work_dir / device_code, device_code=device_code,
                                   allowance_per_customer=allowance)
            client = SyncClient(base_url)
            try:
                client.enrol(enrolment_code=code, public_key_hex=public_key_hex(counter.context.device_key),
                             app_version=APP_VERSION)
            finally:
                client.close()
            add_customer(counter, JUMA, balance=KES(25_000))  # as the demo seeded him
            counters.append(counter)
        yield World(base_url, data_dir, database_url, server_key_hex, counters)


def fill(counter: Counter, entries: int, rng: random.Random) -> None:
    """A long offline day: the till opens, then deposits and small withdrawals for Juma."""
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    for _ in range(entries - 1):
        if rng.random() < 0.8:
            deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(rng.randint(10, 150)))
        else:
            try:
                withdraw_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(rng.randint(10, 50)))
            except InsufficientFunds:
                deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(100))


def catch_up(counter: Counter, base_url: str, server_key_hex: str, *, deadline_s: float) -> tuple[float, SyncLoop]:
    """Sync until nothing waits, sleeping the loop's own jittered backoff between failures.
    Returns the seconds it took and the loop (its failures and batch size)."""
    client = SyncClient(base_url)
    loop = SyncLoop(counter.context, client, load_public_key(server_key_hex), rng=random.Random(counter.context.device.device_code))
    started = time.monotonic()
    try:
        while not loop.sync_until_empty():
            if time.monotonic() - started > deadline_s:
                raise AssertionError(f"not caught up after {deadline_s} s: {loop.status()}")
            time.sleep(loop.retry_delay_s())
    finally:
        client.close()
    return time.monotonic() - started, loop
