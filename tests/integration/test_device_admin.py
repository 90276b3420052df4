"""Head office manages its devices online: issues an enrolment code, sees each device's last batch,
last contact and clock skew, revokes one. On an SQLite file and on a fresh MariaDB database, through
the real app (httpx's WSGI transport), with a REAL device: the desktop app's own enrolment and pull.

Njeri (head office) issues a code for Nairobi CBD; a laptop whose clock runs 10 minutes fast
enrols with it and pulls at 09:00 by the server's clock: head office sees it last seen at 09:00,
600 s ahead, flagged (more than 5 minutes). The laptop is stolen: Njeri revokes it, saying why, and
its next pull is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select, update

from desktop_app.services.context import ServiceContext
from desktop_app.store.database import open_store
from desktop_app.store.paths import STORE_FILE_NAME
from desktop_app.sync.client import ServerRefused, SyncClient
from desktop_app.sync.enrolment import enrol_device
from desktop_app.sync.keystore import load_device_key
from desktop_app.sync.pull import PullOutcome, pull_once
from shared_core.reconciliation_report import DeviceDay
from shared_core.roles import Role
from shared_core.signing import load_public_key
from sync_server.api.openapi import DOCUMENT
from sync_server.app import create_app
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.device_registry import record_contact
from sync_server.services.reconciliation import reconcile
from sync_server.services.sessions import User, issue_token
from sync_server.settings import Settings
from tests.device_builders import FixedClock, password_hash
from tests.integration.test_reconciliation import assert_shaped_as_documented
from tests.memory_keyring import MemoryKeyring
from tests.server_builders import Server, database_url, make_server  # noqa: F401 (database_url is a fixture)

SERVER_NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # ServerClock's
USERS = {
    "njeri": User("njeri", "Njeri Mwangi", Role.HEAD_OFFICE, None),
    "otieno": User("otieno", "Otieno Odhiambo", Role.SUPERVISOR, "NBO-001"),
    "wanjiru": User("wanjiru", "Wanjiru Kamau", Role.TELLER, "NBO-001"),
}


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


@dataclass
class HeadOffice:
    server: Server
    http: httpx.Client
    transport: httpx.WSGITransport

    def headers(self, user_id: str = "njeri") -> dict[str, str]:
        token = issue_token(USERS[user_id], now=self.server.clock.now(), server_key=self.server.key).token
        return {"Authorization": f"Bearer {token}"}

    def devices(self) -> dict:
        answer = self.http.get("/v1/devices", headers=self.headers())
        assert answer.status_code == 200, answer.text
        return answer.json()

    def device(self, device_code: str) -> dict:
        return next(device for device in self.devices()["devices"] if device["device_code"] == device_code)

    def issue(self, **body: object) -> httpx.Response:
        return self.http.post("/v1/enrolment-codes", json=body, headers=self.headers())

    def revoke(self, device_code: str, **body: object) -> httpx.Response:
        return self.http.post(f"/v1/devices/{device_code}/revocation", json=body, headers=self.headers())


@pytest.fixture
def head_office(server: Server, tmp_path: Path) -> Iterator[HeadOffice]:
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(schema.users.insert().values(
            user_id="njeri", display_name="Njeri Mwangi", role="head_office", location_code=None,
            password_hash=password_hash("Head-Office-2026!"), active=True))  # fmt: skip
        uow.commit()
    settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
    app = create_app(settings, server.database, server_key=server.key, clock=server.clock)
    transport = httpx.WSGITransport(app=app)
    with httpx.Client(transport=transport, base_url="http://wekeza.test") as http:
        yield HeadOffice(server, http, transport)


@dataclass
class Laptop:
    """A real device: the desktop app's store, enrolled through the API, pulling with its own clock."""

    context: ServiceContext
    client: SyncClient
    server_key: Ed25519PublicKey

    @property
    def device_code(self) -> str:
        return self.context.device.device_code

    def pull(self) -> PullOutcome:
        return pull_once(self.context, self.client, self.server_key)


def enrol_laptop(head_office: HeadOffice, code: str, tmp_path: Path, clock_ahead: timedelta) -> Laptop:
    client = SyncClient("http://wekeza.test", transport=head_office.transport)
    store = open_store(tmp_path / "laptop" / STORE_FILE_NAME)
    device = enrol_device(store, client, server_url="http://wekeza.test", enrolment_code=code)
    context = ServiceContext(store=store, device=device, clock=FixedClock(SERVER_NOW + clock_ahead),
                             device_key=load_device_key(device.device_code))  # fmt: skip
    return Laptop(context, client, load_public_key(device.server_public_key_hex))


def test_a_laptop_enrolled_with_a_code_from_head_office_shows_its_contact_and_skew(
    head_office: HeadOffice, tmp_path: Path
) -> None:
    issued = head_office.issue(location_code="NBO-001", channel="branch")
    assert issued.status_code == 201, issued.text
    code = issued.json()
    assert set(code) == {"enrolment_code", "device_code", "location_code", "expires_at"}
    assert code["location_code"] == "NBO-001" and len(code["enrolment_code"]) == 14
    assert code["expires_at"] == "2026-11-27T09:00:00.000000Z"  # 72 hours
    assert code["device_code"] not in {device["device_code"] for device in head_office.devices()["devices"]}

    laptop = enrol_laptop(head_office, code["enrolment_code"], tmp_path, clock_ahead=timedelta(minutes=10))
    assert laptop.device_code == code["device_code"]
    enrolled = head_office.device(laptop.device_code)
    assert (enrolled["status"], enrolled["last_seen_at"], enrolled["clock_skew_s"]) == ("active", None, None)

    laptop.pull()
    seen = head_office.device(laptop.device_code)
    assert seen == {
        "device_code": laptop.device_code, "channel": "branch", "location_code": "NBO-001",
        "location_name": "Nairobi CBD Branch", "status": "active", "enrolled_at": "2026-11-24T09:00:00.000000Z",
        "app_version": seen["app_version"], "last_batch_at": None, "last_sequence": 0,
        "last_seen_at": "2026-11-24T09:00:00.000000Z", "clock_skew_s": 600, "clock_skew_flagged": True,
        "frozen_reason": None,
    }  # fmt: skip
    answer = head_office.devices()
    assert answer["locations"] == [
        {"code": "AG-0042", "name": "Mama Mboga Shop, Kibera", "channel": "agent"},
        {"code": "NBO-001", "name": "Nairobi CBD Branch", "channel": "branch"},
    ]
    components = DOCUMENT["components"]["schemas"]
    assert_shaped_as_documented(answer, components["DeviceList"], components, "devices")


def test_a_contact_is_written_once_a_minute_unless_the_clock_moved(
    head_office: HeadOffice, tmp_path: Path
) -> None:
    code = head_office.issue(location_code="NBO-001").json()["enrolment_code"]
    laptop = enrol_laptop(head_office, code, tmp_path, clock_ahead=timedelta(seconds=-20))
    clock = head_office.server.clock
    laptop.pull()
    assert head_office.device(laptop.device_code)["clock_skew_s"] == -20

    clock.advance(seconds=30)  # the laptop's clock stands still: 50 s behind now, a move of 30 s
    laptop.pull()
    moved = head_office.device(laptop.device_code)
    assert (moved["last_seen_at"], moved["clock_skew_s"]) == ("2026-11-24T09:00:30.000000Z", -50)

    clock.advance(seconds=1)
    laptop.context.clock.advance(seconds=2)  # 49 s behind: jitter, not worth a write
    laptop.pull()
    assert head_office.device(laptop.device_code)["last_seen_at"] == "2026-11-24T09:00:30.000000Z"

    clock.advance(seconds=60)
    laptop.context.clock.advance(seconds=60)
    laptop.pull()
    late = head_office.device(laptop.device_code)
    assert (late["last_seen_at"], late["clock_skew_s"]) == ("2026-11-24T09:01:31.000000Z", -49)
    assert late["clock_skew_flagged"] is False


def test_head_office_revokes_a_stolen_laptop_and_its_next_pull_is_refused(
    head_office: HeadOffice, tmp_path: Path
) -> None:
    code = head_office.issue(location_code="NBO-001").json()["enrolment_code"]
    laptop = enrol_laptop(head_office, code, tmp_path, clock_ahead=timedelta(0))
    laptop.pull()

    answer = head_office.revoke(laptop.device_code, reason="Laptop stolen from the branch")

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"device_code": laptop.device_code, "status": "revoked"}
    assert answer.headers["cache-control"] == "no-store"
    row = head_office.server.device(laptop.device_code)
    assert (row.status, row.revoked_by, row.revoked_reason) == ("revoked", "njeri", "Laptop stolen from the branch")
    assert row.revoked_at == "2026-11-24T09:00:00.000000Z"
    head_office.server.clock.advance(minutes=5)
    with pytest.raises(ServerRefused) as refused:
        laptop.pull()
    assert (refused.value.status, refused.value.code) == (403, "device_revoked")
    # Still calling after it was revoked: worth seeing, so its contact is recorded all the same.
    assert head_office.device(laptop.device_code)["last_seen_at"] == "2026-11-24T09:05:00.000000Z"
    again = head_office.revoke(laptop.device_code, reason="Asked twice")
    assert again.status_code == 200
    assert head_office.server.device(laptop.device_code).revoked_reason == "Laptop stolen from the branch"


def test_what_is_wrong_with_a_request_is_said(head_office: HeadOffice) -> None:
    agent_as_branch = head_office.issue(location_code="AG-0042", channel="branch")
    assert agent_as_branch.status_code == 400 and agent_as_branch.json()["error"]["details"]["field"] == "channel"
    assert "AG-0042 is an agent's" in agent_as_branch.json()["error"]["message"]
    assert head_office.issue(location_code="NBO-999").status_code == 404
    missing = head_office.issue(channel="branch")
    assert missing.status_code == 400 and missing.json()["error"]["details"]["field"] == "location_code"
    too_long = head_office.issue(location_code="NBO-001", valid_hours=10_000)
    assert too_long.status_code == 400 and too_long.json()["error"]["details"]["field"] == "valid_hours"
    unknown = head_office.revoke("Z9Z9", reason="Lost")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "not_found")
    head_office.issue(location_code="NBO-001")
    no_reason = head_office.revoke("Z9Z9", reason="  ")
    assert no_reason.status_code == 400 and no_reason.json()["error"]["details"]["field"] == "reason"
    assert head_office.server.count("enrolment_codes") == 1, "a refused request issued nothing"


def test_device_management_is_for_head_office_alone(head_office: HeadOffice) -> None:
    http = head_office.http
    calls = (
        ("GET", "/v1/devices", None),
        ("POST", "/v1/enrolment-codes", {"location_code": "NBO-001"}),
        ("POST", "/v1/devices/K7Q2/revocation", {"reason": "Lost"}),
    )
    for method, path, body in calls:
        anonymous = http.request(method, path, json=body)
        assert (anonymous.status_code, anonymous.json()["error"]["code"]) == (401, "unauthenticated"), path
        for user_id in ("otieno", "wanjiru"):
            refused = http.request(method, path, json=body, headers=head_office.headers(user_id))
            assert (refused.status_code, refused.json()["error"]["code"]) == (403, "role_not_allowed"), path
    assert head_office.server.count("enrolment_codes") == 0


def test_reconciliation_reads_the_recorded_skew_of_the_day_and_estimates_otherwise(
    head_office: HeadOffice, tmp_path: Path
) -> None:
    code = head_office.issue(location_code="NBO-001").json()["enrolment_code"]
    laptop = enrol_laptop(head_office, code, tmp_path, clock_ahead=timedelta(minutes=-7))
    laptop.pull()
    server = head_office.server

    def device_day(day: str) -> DeviceDay:
        report = reconcile(server.database, day, location_code="NBO-001", now=server.clock.now())
        return next(device for device in report.locations[0].devices if device.device_code == laptop.device_code)

    today = device_day("2026-11-24")
    assert (today.clock_skew_s, today.clock_skew_source, today.clock_skew_flagged) == (-420, "recorded", True)
    server.clock.advance(days=1)
    # Seen the day before, no batch today: nothing is known of its clock today.
    tomorrow = device_day("2026-11-25")
    assert (tomorrow.clock_skew_s, tomorrow.clock_skew_source) == (None, None)


def test_a_contact_never_waits_for_an_ingest_holding_the_device(server: Server, head_office: HeadOffice) -> None:
    """An ingest locks the device's row for its whole transaction; a pull meanwhile is served, its
    contact left for the next request (MySQL: SKIP LOCKED). SQLite has one writer at a time anyway."""
    if server.database.backend != "mysql":
        pytest.skip("row locks are MySQL's; SQLite serialises writers")
    code = head_office.issue(location_code="NBO-001").json()["device_code"]
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(schema.devices.insert().values(
            device_code=code, channel="branch", location_code="NBO-001", public_key_hex="0" * 64,
            status="active", enrolled_at=server.clock.now(), last_sequence=0, last_entry_hash="0" * 64))  # fmt: skip
        uow.commit()
    with UnitOfWork(server.database) as ingest:
        ingest.connection.execute(
            select(schema.devices.c.device_code).where(schema.devices.c.device_code == code).with_for_update()
        )
        started = datetime.now(UTC)
        with server.database.engine.begin() as connection:
            recorded = record_contact(connection, code, sent_at=server.clock.now(), now=server.clock.now())
        assert recorded is False and datetime.now(UTC) - started < timedelta(seconds=2)
        ingest.connection.execute(
            update(schema.devices).where(schema.devices.c.device_code == code).values(last_sequence=0)
        )
    with server.database.engine.begin() as connection:
        assert record_contact(connection, code, sent_at=server.clock.now(), now=server.clock.now()) is True
    assert server.device(code).clock_skew_s == 0
