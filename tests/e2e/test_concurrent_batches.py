"""The same batch sent at once to different gunicorn workers, 100 times: booked once each time,
and every sender gets the same signed answer, byte for byte."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from desktop_app.services.cash import deposit_cash
from desktop_app.services.till import open_till
from shared_core.money import Money
from sync_server.db import schema as server_schema
from tests.e2e.flaky_world import JUMA, bank
from tests.e2e.test_server_gunicorn import wekeza_server
from tests.server_builders import batch_of

rounds = 100
senders = 6


@pytest.mark.mysql
def test_the_same_batch_at_once_to_two_workers_is_booked_once(mysql_url: str, tmp_path: Path) -> None:
    with bank(mysql_url, tmp_path, devices=1) as world:
        counter = world.counters[0]
        open_till(counter.context, counter.teller, opening_float=Money.shillings(1_000))
        engine = create_engine(mysql_url)
        limits = httpx.Limits(max_keepalive_connections=0)  # a new connection each: spread over workers
        try:
            with httpx.Client(base_url=world.base_url, timeout=30, limits=limits) as client:
                first = client.post("/v1/batches", content=batch_of(counter, 1, 1),
                                    headers={"Content-Type": "application/json"})
                assert first.status_code == 200, first.text
                for round_number in range(2, rounds + 2):
                    deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=Money.shillings(1))
                    data = batch_of(counter, round_number, round_number)

                    def send(_: int) -> httpx.Response:
                        return client.post("/v1/batches", content=data, headers={"Content-Type": "application/json"})

                    with ThreadPoolExecutor(max_workers=senders) as pool:
                        answers = list(pool.map(send, range(senders)))
                    assert {answer.status_code for answer in answers} == {200}, [a.text for a in answers]
                    assert len({answer.content for answer in answers}) == 1, "one answer, byte for byte"
            with engine.connect() as connection:
                e = server_schema.entries.c
                booked = connection.execute(
                    select(func.count()).where(e.device_code == counter.context.device.device_code)
                ).scalar_one()
                batches = connection.execute(
                    select(func.count()).select_from(server_schema.batches)
                    .where(server_schema.batches.c.device_code == counter.context.device.device_code)
                ).scalar_one()
        finally:
            engine.dispose()
        assert booked == rounds + 1 and batches == rounds + 1
    checked = wekeza_server("check-ledger", database_url=mysql_url, data_dir=world.data_dir)
    assert checked.returncode == 0, checked.stdout + checked.stderr
