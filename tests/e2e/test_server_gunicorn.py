"""Production shape, end to end: gunicorn with two workers on a fresh MySQL database, set up with
the operator's own commands; two real devices enrol over real HTTP with the device's own client
and upload their batches at the same time; the ledger checks clean afterwards.
"""

from __future__ import annotations

import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.till import open_till
from desktop_app.sync.client import ServerRefused, SyncClient
from shared_core.money import Money
from shared_core.results import Acknowledgement, decode_acknowledgement, verify_acknowledgement
from shared_core.signing import load_public_key, public_key_hex
from sync_server.services.keys import load_or_create_server_key
from sync_server.settings import server_key_file_name
from tests.device_builders import Counter, add_customer, make_counter
from tests.e2e.server_process import free_port, running_server, scripts_dir
from tests.server_builders import APP_VERSION, batch_of, journal

KES = Money.shillings
repo_root = Path(__file__).resolve().parents[2]
command_timeout_s = 120
_CODE = re.compile(r"Enrolment code[^:]*: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
_DEVICE = re.compile(r"\(?device (\w{4})|Device code:\s+(\w{4})")
deposits_per_device = 12
entries_per_batch = 4


def wekeza_server(*arguments: str, database_url: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    answer = subprocess.run(
        [str(scripts_dir / "wekeza-server"), *arguments,
         "--database-url", database_url, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=command_timeout_s,
        env={**os.environ, "PYTHONPATH": str(repo_root)},
    )
    return answer


def issued_code(output: str) -> tuple[str, str]:
    code = _CODE.search(output).group(1)
    device = _DEVICE.search(output)
    return code, device.group(1) or device.group(2)


def a_day_at_the_counter(counter: Counter, base_url: str, server_key_hex: str) -> list[Acknowledgement]:
    """The teller opens the till, takes Juma's deposits and pays one withdrawal, syncing every few
    entries; one batch is sent twice, as after a lost answer."""
    client = SyncClient(base_url)
    answers = []
    try:
        open_till(counter.context, counter.teller, opening_float=KES(20_000))
        for _ in range(deposits_per_device):
            deposit_cash(counter.context, counter.teller, customer_cif="C0001234", amount=KES(1_000))
        withdraw_cash(counter.context, counter.teller, customer_cif="C0001234", amount=KES(500))
        last = journal(counter)[-1].sequence
        for first in range(1, last + 1, entries_per_batch):
            data = batch_of(counter, first, min(first + entries_per_batch - 1, last))
            signed_bytes = client.upload(data)
            if first == 1:
                assert client.upload(data) == signed_bytes, "the same batch again: the same bytes"
            signed = decode_acknowledgement(signed_bytes)
            verify_acknowledgement(signed, load_public_key(server_key_hex))
            answers.append(signed.acknowledgement)
    finally:
        client.close()
    return answers


@pytest.mark.mysql
def test_two_devices_enrol_and_sync_through_gunicorn_on_mysql(mysql_url: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "server-data"
    seeded = wekeza_server("seed-demo", database_url=mysql_url, data_dir=data_dir)
    assert seeded.returncode == 0, seeded.stderr
    second = wekeza_server("enrol", "--location", "NBO-001", database_url=mysql_url, data_dir=data_dir)
    assert second.returncode == 0, second.stderr
    codes = [issued_code(seeded.stdout), issued_code(second.stdout)]
    server_key_hex = public_key_hex(load_or_create_server_key(data_dir / server_key_file_name))

    port = free_port()
    command = [str(scripts_dir / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
               "sync_server.wsgi:application"]
    environment = {"WEKEZA_DATABASE_URL": mysql_url, "WEKEZA_SERVER_DATA_DIR": str(data_dir),
                   "PYTHONPATH": str(repo_root)}
    with running_server(command, port, environment) as base_url:
        counters = []
        for code, device_code in codes:
            counter = make_counter(tmp_path / device_code, device_code=device_code)
            client = SyncClient(base_url)
            try:
                enrolment = client.enrol(
                    enrolment_code=code, public_key_hex=public_key_hex(counter.context.device_key),
                    app_version=APP_VERSION,
                )
                with pytest.raises(ServerRefused) as spent:  # another laptop tries the same code
                    client.enrol(enrolment_code=code, public_key_hex="ab" * 32, app_version=APP_VERSION)
                assert spent.value.code == "enrolment_code_invalid"
            finally:
                client.close()
            assert (enrolment.device_code, enrolment.cash_account, enrolment.vault_account) == (
                device_code, counter.context.device.cash_account, "vault:NBO-001")
            assert enrolment.server_public_key_hex == server_key_hex
            add_customer(counter, "C0001234", balance=KES(25_000))  # Juma, as the demo seeded him
            counters.append(counter)

        with ThreadPoolExecutor(max_workers=len(counters)) as pool:
            days = list(pool.map(
                lambda counter: a_day_at_the_counter(counter, base_url, server_key_hex), counters))

    for answers in days:
        statuses = [result.status.value for answer in answers for result in answer.results]
        assert statuses == ["booked"] * (2 + deposits_per_device), statuses
    checked = wekeza_server("check-ledger", database_url=mysql_url, data_dir=data_dir)
    entries = 9 + len(counters) * (2 + deposits_per_device)  # the seed's 9, then each counter's day
    assert (checked.returncode, checked.stdout.split(",")[0]) == (0, f"ledger balanced: {entries} entries")
