"""The device sends its outbox and records the server's signed answers.

The server here is the real ingest on a real database; only the wire between them is an httpx
transport in the same process, so a test can lose an answer on purpose. (The same client
over real HTTP to a real server process is in tests/e2e.)
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from sqlalchemy import select

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.till import open_till
from desktop_app.services.transfers import request_transfer
from desktop_app.store import schema
from desktop_app.sync.client import SyncClient
from desktop_app.sync.loop import SyncLoop, retry_delay_ms_max
from desktop_app.sync.uploader import upload_once
from shared_core.accounts import wallet_account
from shared_core.errors import BadSignature
from shared_core.money import Money
from shared_core.signing import generate_private_key
from tests.device_builders import Counter, assert_intact, make_counter
from tests.server_builders import Server, add_customer_everywhere, database_url, enrol, make_server  # noqa: F401

KES = Money.shillings


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


@pytest.fixture
def counter(tmp_path, server: Server) -> Counter:  # noqa: ANN001
    counter = make_counter(tmp_path)
    enrol(server, counter)
    return counter


def wire(server: Server, *, lose_answer: Callable[[], bool] = lambda: False, down: bool = False) -> SyncClient:
    """A client whose requests reach `server`'s ingest; `lose_answer` drops replies after the work."""

    def handle(request: httpx.Request) -> httpx.Response:
        if down:
            raise httpx.ConnectError("no route to host", request=request)
        answer = server.ingest(request.read())
        if lose_answer():
            raise httpx.ReadError("connection reset by peer", request=request)
        return httpx.Response(200, content=answer, headers={"Content-Type": "application/json"})

    return SyncClient("http://server.test", transport=httpx.MockTransport(handle))


def results(counter: Counter) -> dict[int, str]:
    with counter.store.read() as connection:
        r = schema.entry_results.c
        return dict(connection.execute(select(r.sequence, r.status)).all())


def outbox(counter: Counter) -> list[int]:
    with counter.store.read() as connection:
        return list(connection.execute(select(schema.outbox.c.sequence)).scalars())


def a_morning(counter: Counter, server: Server) -> str:
    open_till(counter.context, counter.teller, opening_float=KES(50_000))
    juma = add_customer_everywhere(server, [counter])
    deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(5_000))
    withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(1_000))
    return juma


def test_pending_entries_become_confirmed_and_leave_the_outbox(counter: Counter, server: Server) -> None:
    a_morning(counter, server)
    outcome = upload_once(counter.context, wire(server), server.key.public_key(), entries_max=100)
    assert outcome is not None and outcome.sent == 3 and outcome.accepted_head_sequence == 3
    assert results(counter) == {1: "booked", 2: "booked", 3: "booked"}
    assert outbox(counter) == []
    assert upload_once(counter.context, wire(server), server.key.public_key(), entries_max=100) is None
    assert_intact(counter)
    server.assert_ledger_clean()


def test_a_lost_answer_changes_nothing_here_and_the_same_batch_gets_the_same_answer(
    counter: Counter, server: Server
) -> None:
    a_morning(counter, server)
    loop = SyncLoop(counter.context, wire(server, lose_answer=lambda: True), server.key.public_key())
    assert loop.sync_until_empty() is False
    assert outbox(counter) == [1, 2, 3] and results(counter) == {}
    assert server.count("entries") == 3  # the server did the work; the device never heard
    # The same batch again gets the stored answer, byte for byte: booked.
    assert upload_once(counter.context, wire(server), server.key.public_key(), entries_max=3) is not None
    assert results(counter) == {1: "booked", 2: "booked", 3: "booked"}
    assert server.count("entries") == 3  # nothing twice


def test_a_resend_with_new_boundaries_is_answered_duplicate_for_what_arrived(
    counter: Counter, server: Server
) -> None:
    juma = a_morning(counter, server)
    loop = SyncLoop(counter.context, wire(server, lose_answer=lambda: True), server.key.public_key())
    loop.sync_until_empty()
    deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(70))
    assert SyncLoop(counter.context, wire(server), server.key.public_key()).sync_until_empty() is True
    assert results(counter) == {1: "duplicate", 2: "duplicate", 3: "duplicate", 4: "booked"}
    assert server.count("entries") == 4
    assert server.wallet(juma) == KES(5_000 - 1_000 + 70)
    assert_intact(counter)
    server.assert_ledger_clean()


def test_a_refused_request_is_set_aside_and_the_rest_flow_on(counter: Counter, server: Server) -> None:
    juma = a_morning(counter, server)
    # The server knows no account 'wallet:C0009999'; the device thinks it does.
    from desktop_app.store.pulled import put_account

    with counter.store.write() as connection:
        put_account(connection, account=wallet_account("C0009999"), cif=None, label="Wallet", balance_cents=0)
    request_transfer(counter.context, counter.teller, customer_cif=juma, to_account=wallet_account("C0009999"),
                     amount=KES(100))
    deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(10))
    loop = SyncLoop(counter.context, wire(server), server.key.public_key())
    assert loop.sync_until_empty() is True
    answered = results(counter)
    assert answered[4] == "rejected" and answered[5] == "booked"
    assert loop.status().refused == 1 and loop.status().waiting == 0


def test_an_answer_signed_by_another_key_is_not_believed(counter: Counter, server: Server) -> None:
    a_morning(counter, server)
    with pytest.raises(BadSignature):
        upload_once(counter.context, wire(server), generate_private_key().public_key(), entries_max=100)
    assert outbox(counter) == [1, 2, 3]


def test_on_a_dead_link_batches_shrink_and_retries_back_off_within_bounds(counter: Counter, server: Server) -> None:
    a_morning(counter, server)
    loop = SyncLoop(counter.context, wire(server, down=True), server.key.public_key(), rng=random.Random(7))
    sizes = []
    for _ in range(10):
        assert loop.sync_until_empty() is False
        sizes.append(loop.batch_entries)
        assert 0 <= loop.retry_delay_s() <= retry_delay_ms_max / 1000
    assert sizes[:4] == [50, 25, 12, 6] and sizes[-1] == 1
    status = loop.status()
    assert (status.online, status.waiting) == (False, 3)
    assert "ConnectError" in (status.last_error or "")
    loop = SyncLoop(counter.context, wire(server), server.key.public_key())
    assert loop.sync_until_empty() is True and loop.is_online()
    assert loop.status().waiting == 0 and loop.status().last_sync_at == server.clock.now()


def test_online_follows_the_server_going_away_and_coming_back_on_a_quiet_counter(
    counter: Counter, server: Server
) -> None:
    """Nothing to send: the loop asks the server's health, so the indicator never says "online"
    about a server that has gone, nor "offline" about one that is back."""
    up = True

    def handle(request: httpx.Request) -> httpx.Response:
        if not up:
            raise httpx.ConnectError("no route to host", request=request)
        assert request.url.path == "/v1/health", "a quiet counter only asks whether the server is there"
        return httpx.Response(200, json={"status": "ok"})

    loop = SyncLoop(counter.context, SyncClient("http://server.test", transport=httpx.MockTransport(handle)),
                    server.key.public_key())
    loop.last_pull_at = time.monotonic()  # pulled just now: nothing is due
    assert loop.sync_until_empty() is True and loop.status().online
    up = False
    assert loop.sync_until_empty() is True and not loop.status().online
    up = True
    assert loop.sync_until_empty() is True and loop.status().online
