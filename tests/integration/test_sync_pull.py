"""The pull: a device enrolled at Nairobi CBD asks head office what it needs, signed with its key.

Server: the real app on a real database (SQLite file and MySQL), reached through httpx's WSGI
transport. Head office holds Juma's wallet; another counter at the branch (device M4T8) has
already taken KES 5,000 from him in cash, so the server's wallet reads KES 5,000 before the new
device does anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import httpx
import keyring
import pytest
from sqlalchemy import select

from desktop_app.services.balances import available_balance
from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.context import ServiceContext
from desktop_app.services.login import log_in
from desktop_app.services.till import open_till
from desktop_app.store import schema as device_schema
from desktop_app.store.database import get_setting, open_store
from desktop_app.store.paths import STORE_FILE_NAME
from desktop_app.store.replay import verify_journal
from desktop_app.sync.client import ServerRefused, SyncClient
from desktop_app.sync.enrolment import enrol_device
from desktop_app.sync.keystore import load_device_key
from desktop_app.sync.loop import SyncLoop
from desktop_app.sync.pull import SYNC_CURSOR_KEY, pull_once
from desktop_app.sync.uploader import upload_once
from shared_core.accounts import wallet_account
from shared_core.errors import AuthenticationFailed, BadSignature
from shared_core.money import Money
from shared_core.request_signing import describe_request, sign_request
from shared_core.signing import generate_private_key, load_public_key
from sync_server.api.openapi import DOCUMENT
from sync_server.app import create_app
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.devices import revoke_device
from sync_server.services.enrolment import issue_enrolment_code
from sync_server.settings import Settings
from tests.device_builders import FixedClock, make_counter, password_hash
from tests.memory_keyring import MemoryKeyring
from tests.server_builders import (  # noqa: F401 (database_url is a fixture)
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,
    enrol,
    make_server,
    set_user,
)

KES = Money.shillings
SERVER_PASSWORD = "Head-Office-Set-1"  # only the server knows this user's hash before the pull
DEVICE_MORNING = datetime(2026, 11, 24, 9, 30, tzinfo=timezone.utc)  # the server's clock reads 09:00


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


class Branch:
    """The server app, Juma with KES 5,000 booked by another counter, and a newly enrolled device."""

    def __init__(self, server: Server, tmp_path: Path) -> None:
        self.server = server
        settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
        self.app = create_app(settings, server.database, server_key=server.key, clock=server.clock)
        self.client = SyncClient("http://wekeza.test", transport=httpx.WSGITransport(app=self.app))
        other = make_counter(tmp_path / "other", device_code="M4T8")
        enrol(server, other)
        self.juma = add_customer_everywhere(server, [other])
        open_till(other.context, other.teller, opening_float=KES(50_000))
        deposit_cash(other.context, other.teller, customer_cif=self.juma, amount=KES(5_000))
        server.sync(batch_of(other))
        set_user(server, "wanjiru", password_hash=password_hash(SERVER_PASSWORD))
        with UnitOfWork(server.database) as uow:
            code, _ = issue_enrolment_code(uow.connection, location_code="NBO-001", now=server.clock.now())
            uow.commit()
        store = open_store(tmp_path / "device" / STORE_FILE_NAME)
        self.device = enrol_device(store, self.client, server_url="http://wekeza.test", enrolment_code=code)
        self.key = load_device_key(self.device.device_code)
        self.context = ServiceContext(store=store, device=self.device, clock=FixedClock(DEVICE_MORNING),
                                      device_key=self.key)
        self.server_key = load_public_key(self.device.server_public_key_hex)

    def pull(self):  # noqa: ANN201 (PullOutcome)
        return pull_once(self.context, self.client, self.server_key)

    def available(self) -> Money:
        with self.context.store.read() as connection:
            return available_balance(connection, wallet_account(self.juma))

    def local(self, table: str) -> list:
        with self.context.store.read() as connection:
            return list(connection.execute(select(device_schema.metadata.tables[table])))


def test_after_a_pull_the_teller_logs_in_offline_with_the_password_head_office_holds(
    server: Server, tmp_path: Path
) -> None:
    branch = Branch(server, tmp_path)
    with pytest.raises(AuthenticationFailed):  # a new device knows nobody yet
        log_in(branch.context, "wanjiru", SERVER_PASSWORD)
    outcome = branch.pull()
    session = log_in(branch.context, "wanjiru", SERVER_PASSWORD)  # no server needed from here on
    assert (session.user_id, session.role.value) == ("wanjiru", "teller")
    assert {row.user_id for row in branch.local("users")} == {"wanjiru", "otieno", "achieng"}
    assert outcome.complete and outcome.customers == 1 and outcome.accounts == 1
    with branch.context.store.read() as connection:
        # The cursor counts this device's answers only: none yet, whatever other devices sent.
        assert server.count("batches") == 1
        assert get_setting(connection, SYNC_CURSOR_KEY) == outcome.cursor == 0
    # The allowance for a branch counter, signed by the server: KES 1,000,000 out, valid 24 hours.
    allowance = branch.local("allowances")[-1]
    assert (allowance.cash_out_cap_cents, allowance.issued_at, allowance.expires_at) == (
        100_000_000, "2026-11-24T09:00:00.000000Z", "2026-11-25T09:00:00.000000Z")
    # A user head office deactivates is locked out here at the next pull.
    set_user(server, "achieng", active=False)
    branch.pull()
    with pytest.raises(AuthenticationFailed):
        log_in(branch.context, "achieng", "Counter-2026!")


def test_balances_equal_the_servers_and_the_devices_own_entries_count_once(
    server: Server, tmp_path: Path
) -> None:
    """Juma: KES 5,000 at head office. This counter takes 2,000 more and pays out 500 (6,500),
    uploads and pulls (6,500 from the server, nothing added twice), then pays 1,000 offline (5,500)."""
    branch = Branch(server, tmp_path)
    branch.pull()
    assert branch.available() == server.wallet(branch.juma) == KES(5_000)
    teller = log_in(branch.context, "wanjiru", SERVER_PASSWORD)
    open_till(branch.context, teller, opening_float=KES(20_000))
    deposit_cash(branch.context, teller, customer_cif=branch.juma, amount=KES(2_000))
    withdraw_cash(branch.context, teller, customer_cif=branch.juma, amount=KES(500))
    assert branch.available() == KES(6_500)  # before upload: pulled 5,000 + this device's entries

    loop = SyncLoop(branch.context, branch.client, branch.server_key)
    assert loop.sync_until_empty() is True and loop.last_error is None  # upload, then pull
    assert loop.last_pull is not None and loop.last_pull.answers_recorded == 3
    assert server.wallet(branch.juma) == KES(6_500)
    assert branch.local("accounts")[0].pulled_through_sequence == 3
    assert branch.available() == KES(6_500)  # the server's balance, the device's entries not again

    withdraw_cash(branch.context, teller, customer_cif=branch.juma, amount=KES(1_000))  # not sent yet
    branch.pull()
    assert branch.available() == KES(5_500)
    with branch.context.store.read() as connection:
        assert verify_journal(connection).ok
    server.assert_ledger_clean()


def test_an_answer_to_an_entry_still_in_the_outbox_is_held_back(server: Server, tmp_path: Path) -> None:
    """The server booked the batch but its answer was lost: the entries stay pending here, whatever
    the pull says, until the device sends them again and hears back itself."""
    branch = Branch(server, tmp_path)
    branch.pull()
    teller = log_in(branch.context, "wanjiru", SERVER_PASSWORD)
    open_till(branch.context, teller, opening_float=KES(20_000))
    deposit_cash(branch.context, teller, customer_cif=branch.juma, amount=KES(2_000))

    def lose_answer(request: httpx.Request) -> httpx.Response:
        httpx.WSGITransport(app=branch.app).handle_request(request)
        raise httpx.ReadError("connection reset by peer", request=request)

    lossy = SyncClient("http://wekeza.test", transport=httpx.MockTransport(lose_answer))
    with pytest.raises(Exception, match="connection reset"):
        upload_once(branch.context, lossy, branch.server_key, entries_max=100)
    assert server.device(branch.device.device_code).last_sequence == 2  # booked at head office

    outcome = branch.pull()
    assert (outcome.answers_recorded, outcome.answers_held_back) == (0, 2)
    assert branch.local("entry_results") == [] and len(branch.local("outbox")) == 2
    assert branch.available() == KES(7_000)  # pulled 7,000 through entry 2; nothing counted twice

    resent = upload_once(branch.context, branch.client, branch.server_key, entries_max=100)
    assert resent is not None and resent.statuses == {"booked": 2}  # the same batch: the same answer
    assert branch.local("outbox") == []
    with branch.context.store.read() as connection:
        assert verify_journal(connection).ok


def test_a_revoked_device_gets_nothing(server: Server, tmp_path: Path) -> None:
    branch = Branch(server, tmp_path)
    with UnitOfWork(server.database) as uow:
        revoke_device(uow.connection, branch.device.device_code)
        uow.commit()
    with pytest.raises(ServerRefused) as refusal:
        branch.pull()
    assert (refusal.value.status, refusal.value.code) == (403, "device_revoked")
    assert branch.local("users") == [] and branch.local("customers") == []


def signed_get(
    branch: Branch,
    *,
    device_code: str,
    key,  # noqa: ANN001 (an Ed25519 private key)
    query: str = "since=0",
    signed_query: str | None = None,
    sent_at: str = "2026-11-24T09:00:00.000000Z",
) -> httpx.Response:
    request = describe_request(method="GET", path="/v1/changes", query=signed_query or query, body=b"",
                               device_code=device_code, sent_at=sent_at)
    with httpx.Client(transport=httpx.WSGITransport(app=branch.app), base_url="http://wekeza.test") as http:
        return http.get(f"/v1/changes?{query}", headers=sign_request(request, key))


def test_unsigned_badly_signed_or_borrowed_key_requests_get_no_data(server: Server, tmp_path: Path) -> None:
    branch = Branch(server, tmp_path)
    code = branch.device.device_code
    with httpx.Client(transport=httpx.WSGITransport(app=branch.app), base_url="http://wekeza.test") as http:
        unsigned = http.get("/v1/changes?since=0")
    stranger = generate_private_key()
    other_device = make_counter(tmp_path / "third", device_code="X9P3")
    enrol(server, other_device)
    refused = {
        "unsigned": unsigned,
        "another key": signed_get(branch, device_code=code, key=stranger),
        "another device's key": signed_get(branch, device_code=code, key=other_device.context.device_key),
        "query altered": signed_get(branch, device_code=code, key=branch.key, query="since=0",
                                    signed_query="since=9"),
        "clock two days off": signed_get(branch, device_code=code, key=branch.key,
                                         sent_at="2026-11-26T09:00:00.000001Z"),
    }
    for reason, answer in refused.items():
        assert answer.status_code == 401, reason
        assert set(answer.json()) == {"error"}, reason  # the refusal, and nothing else
        assert answer.json()["error"]["code"] in {"unauthenticated", "bad_signature"}, reason
        assert "password_hash" not in answer.text and branch.juma not in answer.text, reason
    unknown = signed_get(branch, device_code="ZZZZ", key=stranger)
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (403, "device_unknown")
    # The device's own key, its own clock a day fast: served, its own data only.
    own = signed_get(branch, device_code=code, key=branch.key, sent_at="2026-11-25T08:00:00.000000Z")
    assert own.status_code == 200 and own.json()["device_code"] == code
    assert own.json()["allowance"]["allowance"]["device_code"] == code
    # The OpenAPI document names exactly the fields the pull sends.
    described = DOCUMENT["components"]["schemas"]["Changes"]["properties"]
    assert set(described) == set(own.json())
    for part in ("users", "customers", "accounts"):
        assert set(described[part]["items"]["properties"]) == set(own.json()[part][0]), part


def test_a_tampered_allowance_refuses_the_whole_pull(server: Server, tmp_path: Path) -> None:
    """Someone between the device and head office raises the cash-out cap: the signature no longer
    verifies under the pinned key, and nothing of the pull is kept."""
    branch = Branch(server, tmp_path)
    genuine = httpx.WSGITransport(app=branch.app)

    def tamper(request: httpx.Request) -> httpx.Response:
        answer = genuine.handle_request(request)
        answer.read()
        if request.url.path != "/v1/changes":
            return answer
        document = json.loads(answer.content)
        document["allowance"]["allowance"]["cash_out_cap_cents"] = 999_999_999
        return httpx.Response(200, json=document)

    branch.client = SyncClient("http://wekeza.test", transport=httpx.MockTransport(tamper))
    with pytest.raises(BadSignature):
        branch.pull()
    assert branch.local("users") == [] and branch.local("customers") == []
    assert [row.allowance_id for row in branch.local("allowances")] == []
    with branch.context.store.read() as connection:
        assert get_setting(connection, SYNC_CURSOR_KEY) is None
    loop = SyncLoop(branch.context, branch.client, branch.server_key)
    assert loop.sync_until_empty() is True  # nothing to send; the failed pull shows, the outbox is not held
    assert "BadSignature" in (loop.last_error or "")


def test_the_servers_view_of_the_device_is_read_from_its_own_tables(server: Server, tmp_path: Path) -> None:
    """The pulled balance is the server's accounts row, in the customer's sign."""
    branch = Branch(server, tmp_path)
    branch.pull()
    with server.database.engine.connect() as connection:
        ledger = connection.execute(
            select(schema.accounts.c.balance_cents)
            .where(schema.accounts.c.account == wallet_account(branch.juma))
        ).scalar_one()
    assert ledger == -500_000 and branch.local("accounts")[0].pulled_balance_cents == 500_000
