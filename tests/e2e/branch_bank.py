"""The demo bank as an operator sets it up, for end-to-end tests: `wekeza-server seed-demo` (Juma
with KES 25,000, Wekeza Hardware Ltd with KES 480,000), a second teller with `user add`, and
enrolment codes for more branch devices with `enrol`; then the real server under gunicorn with two
workers on a fresh MySQL database. Each branch device enrols over HTTP with the desktop app's own
enrolment (its key in a keyring, here an in-memory one), pulls its users, customers, balances and
signed allowance, and its teller logs in with the password the CLI printed.

"Offline" is simply not calling the server: every service runs without the link, and the device
talks to head office only when a test calls `sync()` or `pull()`.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import keyring
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import create_engine, select

from desktop_app.services.balances import available_balance
from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.login import log_in
from desktop_app.store import schema as device_schema
from desktop_app.store.database import open_store
from desktop_app.store.paths import STORE_FILE_NAME
from desktop_app.sync.client import SyncClient
from desktop_app.sync.enrolment import enrol_device
from desktop_app.sync.keystore import load_device_key
from desktop_app.sync.loop import SyncLoop
from desktop_app.sync.pull import PullOutcome, pull_once
from shared_core.accounts import wallet_account
from shared_core.money import Money
from shared_core.signing import load_public_key
from sync_server.db import schema as server_schema
from tests.device_builders import FixedClock
from tests.e2e.server_process import free_port, running_server, scripts_dir
from tests.e2e.test_server_gunicorn import command_timeout_s, issued_code, repo_root, wekeza_server
from tests.memory_keyring import MemoryKeyring

JUMA = "C0001234"  # seed-demo: Juma Mwangi, tier 2, KES 25,000
HARDWARE = "C0009001"  # seed-demo: Wekeza Hardware Ltd, tier 3, KES 480,000
SECOND_TELLER = "achieng"
SECOND_TELLER_PASSWORD = "Counter-2026!"
gunicorn_workers = 2
_PASSWORD_LINE = re.compile(r"^\s+(\w+)\s+\w+\s+.+?\s+(\S+)$", re.MULTILINE)


@dataclass
class BranchDevice:
    """One enrolled branch counter: its services' context, its teller's session, and its link."""

    context: ServiceContext
    teller: Session
    server_key: Ed25519PublicKey
    base_url: str

    @property
    def device_code(self) -> str:
        return self.context.device.device_code

    def pull(self) -> PullOutcome:
        client = SyncClient(self.base_url)
        try:
            return pull_once(self.context, client, self.server_key)
        finally:
            client.close()

    def sync(self) -> SyncLoop:
        """Send everything waiting, then pull, as the app's sync loop does when the link is back."""
        client = SyncClient(self.base_url)
        loop = SyncLoop(self.context, client, self.server_key, rng=random.Random(self.device_code))
        try:
            assert loop.sync_until_empty(), f"{self.device_code} did not sync: {loop.status()}"
            assert loop.last_pull is not None, f"{self.device_code} did not pull: {loop.last_error}"
        finally:
            client.close()
        return loop

    def available(self, cif: str) -> Money:
        """The customer's wallet as this device shows it to the teller."""
        with self.context.store.read() as connection:
            return available_balance(connection, wallet_account(cif))

    def answer(self, sequence: int):
        r = device_schema.entry_results.c
        with self.context.store.read() as connection:
            return connection.execute(
                select(r.status, r.code, r.message).where(r.sequence == sequence)
            ).first()

    def allowance(self, allowance_id: str):
        a = device_schema.allowances.c
        with self.context.store.read() as connection:
            return connection.execute(
                select(device_schema.allowances).where(a.allowance_id == allowance_id)
            ).one()

    def latest_allowance(self):
        a = device_schema.allowances.c
        with self.context.store.read() as connection:
            return connection.execute(
                select(device_schema.allowances).order_by(a.issued_at.desc()).limit(1)
            ).one()


@dataclass
class BranchBank:
    base_url: str
    data_dir: Path
    database_url: str
    passwords: dict[str, str]  # user id -> the password the CLI printed (or was given)
    devices: list[BranchDevice]
    agent: BranchDevice | None = None  # Mama Mboga's laptop at AG-0042, akinyi logged in, when asked for

    def server_wallet(self, cif: str) -> Money:
        """The customer's wallet as head office books it (a liability: credits read positive)."""
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                a = server_schema.accounts.c
                ledger = connection.execute(
                    select(a.balance_cents).where(a.account == wallet_account(cif))
                ).scalar_one()
        finally:
            engine.dispose()
        return Money(-ledger)

    def server_rows(self, table_name: str, **where: object) -> list:
        table = server_schema.metadata.tables[table_name]
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                statement = select(table).where(*(table.c[name] == value for name, value in where.items()))
                return list(connection.execute(statement))
        finally:
            engine.dispose()

    def check_ledger(self) -> subprocess.CompletedProcess[str]:
        """The operator's own `wekeza-server check-ledger`, as a process, on the same database."""
        return wekeza_server("check-ledger", database_url=self.database_url, data_dir=self.data_dir)


@contextlib.contextmanager
def branch_bank(
    database_url: str, work_dir: Path, *, devices: int = 2, agent: bool = False
) -> Iterator[BranchBank]:
    """The demo bank served by gunicorn, with `devices` branch counters at NBO-001 enrolled and
    pulled; the first counter's teller is wanjiru, the second's achieng (a till has one teller).
    With `agent`, also the agent's laptop at AG-0042, its agent akinyi logged in."""
    assert 1 <= devices <= 2, "the demo branch has two tellers"
    data_dir = work_dir / "server-data"
    seeded = wekeza_server("seed-demo", database_url=database_url, data_dir=data_dir)
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    passwords = dict(_PASSWORD_LINE.findall(seeded.stdout.split("only hashes are stored):", 1)[1]))
    assert {"wanjiru", "otieno"} <= set(passwords), seeded.stdout
    added = _add_teller(database_url, data_dir)
    assert added.returncode == 0, added.stdout + added.stderr
    passwords[SECOND_TELLER] = SECOND_TELLER_PASSWORD
    codes = [issued_code(seeded.stdout)[0]]
    for _ in range(devices - 1):
        issued = wekeza_server("enrol", "--location", "NBO-001", database_url=database_url, data_dir=data_dir)
        assert issued.returncode == 0, issued.stdout + issued.stderr
        codes.append(issued_code(issued.stdout)[0])
    agent_code = None
    if agent:
        issued = wekeza_server("enrol", "--location", "AG-0042", database_url=database_url, data_dir=data_dir)
        assert issued.returncode == 0, issued.stdout + issued.stderr
        agent_code = issued_code(issued.stdout)[0]

    port = free_port()
    command = [str(scripts_dir / "gunicorn"), "--workers", str(gunicorn_workers),
               "--bind", f"127.0.0.1:{port}", "--log-level", "error", "sync_server.wsgi:application"]
    environment = {"WEKEZA_DATABASE_URL": database_url, "WEKEZA_SERVER_DATA_DIR": str(data_dir),
                   "PYTHONPATH": str(repo_root)}
    previous_keyring = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        with running_server(command, port, environment) as base_url:
            counters = [
                _enrolled_device(base_url, work_dir / f"device-{number}", code, teller, passwords[teller])
                for number, (code, teller) in enumerate(zip(codes, ("wanjiru", SECOND_TELLER)), start=1)
            ]
            laptop = None
            if agent_code is not None:
                laptop = _enrolled_device(base_url, work_dir / "agent", agent_code, "akinyi", passwords["akinyi"])
            yield BranchBank(base_url, data_dir, database_url, passwords, counters, laptop)
    finally:
        keyring.set_keyring(previous_keyring)


def _add_teller(database_url: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(scripts_dir / "wekeza-server"), "user", "add", "--user-id", SECOND_TELLER,
         "--name", "Achieng Atieno", "--role", "teller", "--location", "NBO-001", "--password-stdin",
         "--database-url", database_url, "--data-dir", str(data_dir)],
        input=SECOND_TELLER_PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=command_timeout_s,
        env={**os.environ, "PYTHONPATH": str(repo_root)},
    )


def _enrolled_device(base_url: str, data_dir: Path, code: str, teller: str, password: str) -> BranchDevice:
    store = open_store(data_dir / STORE_FILE_NAME)
    client = SyncClient(base_url)
    try:
        device = enrol_device(store, client, server_url=base_url, enrolment_code=code)
    finally:
        client.close()
    # The device's clock stands still at the real time: the server stamps allowances with its own.
    context = ServiceContext(store=store, device=device, clock=FixedClock(datetime.now(UTC)),
                             device_key=load_device_key(device.device_code))
    assert device.server_public_key_hex is not None
    server_key = load_public_key(device.server_public_key_hex)
    client = SyncClient(base_url)
    try:
        pull_once(context, client, server_key)  # users, customers, balances and the allowance
    finally:
        client.close()
    return BranchDevice(context, log_in(context, teller, password), server_key, base_url)
