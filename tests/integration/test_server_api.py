"""The server's HTTP API as a device meets it, through Falcon's test client, on an SQLite file and
on a fresh MySQL database: enrolment with a one-time code, batches from a REAL device's journal
booked once and answered with signed bytes, and every refusal in one JSON shape with its code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest
from falcon import testing

from desktop_app.services.cash import deposit_cash
from desktop_app.services.till import open_till
from desktop_app.sync.client import ServerRefused, SyncClient
from shared_core import canonical
from shared_core.batch import HEADER_FIELDS, batch_bytes_max
from shared_core.journal import WIRE_FIELDS
from shared_core.money import Money
from shared_core.results import (
    ACKNOWLEDGEMENT_FIELDS,
    RESULT_FIELDS,
    EntryStatus,
    decode_acknowledgement,
    verify_acknowledgement,
)
from shared_core.signing import generate_private_key, load_public_key, public_key_hex
from sync_server.api.devices import enrolment_body_bytes_max
from sync_server.app import create_app
from sync_server.db.engine import Database
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.devices import revoke_device
from sync_server.services.enrolment import issue_enrolment_code, normalise_enrolment_code
from sync_server.settings import Settings
from tests.device_builders import Counter, make_counter
from tests.server_builders import (
    APP_VERSION,
    Server,
    ServerClock,
    add_customer_everywhere,
    batch_of,
    database_url,  # noqa: F401 (the fixture)
    make_server,
    statuses,
)

KES = Money.shillings
JSON = {"Content-Type": "application/json"}
BOOKED = EntryStatus.BOOKED.value


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


def client_for(server: Server, tmp_path: Path, *, clock: object | None = None) -> testing.TestClient:
    settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
    app = create_app(settings, server.database, server_key=server.key, clock=clock or server.clock)
    return testing.TestClient(app)


@pytest.fixture
def client(server: Server, tmp_path: Path) -> testing.TestClient:
    return client_for(server, tmp_path)


def issue(server: Server, location_code: str = "NBO-001", **options: int) -> tuple[str, str]:
    with UnitOfWork(server.database) as uow:
        issued = issue_enrolment_code(
            uow.connection, location_code=location_code, now=server.clock.now(), **options
        )
        uow.commit()
    return issued


def enrol(
    client: testing.TestClient, code: str, key_hex: str, app_version: str = APP_VERSION
) -> testing.Result:
    return client.simulate_post(
        "/v1/devices",
        json={"enrolment_code": code, "public_key": key_hex, "app_version": app_version},
    )


def upload(client: testing.TestClient, data: bytes) -> testing.Result:
    return client.simulate_post("/v1/batches", body=data, headers=JSON)


def enrolled_counter(server: Server, client: testing.TestClient, tmp_path: Path) -> Counter:
    """A real branch device, enrolled over the API with the public half of its own key."""
    code, device_code = issue(server)
    counter = make_counter(tmp_path / device_code, device_code=device_code)
    answer = enrol(client, code, public_key_hex(counter.context.device_key))
    assert answer.status_code == 201
    assert answer.json["cash_account"] == counter.context.device.cash_account
    return counter


def refusal(result: testing.Result) -> tuple[int, str]:
    return result.status_code, result.json["error"]["code"]


# --- enrolment ----------------------------------------------------------------------------------


def test_a_device_enrols_with_a_valid_code_and_the_code_is_then_spent(
    server: Server, client: testing.TestClient
) -> None:
    """Head office issues a code for Nairobi CBD; the device sends it with its new public key and
    learns its code (the first minted: 0001), its till, the branch vault and the server's key."""
    code, device_code = issue(server)
    assert device_code == "0001"
    device_key = public_key_hex(generate_private_key())

    answer = enrol(client, code, device_key)

    assert answer.status_code == 201
    assert answer.json == {
        "device_code": "0001",
        "channel": "branch",
        "location_code": "NBO-001",
        "location_name": "Nairobi CBD Branch",
        "bank_name": "Wekeza Bank",
        "cash_account": "till:BR-0001",
        "vault_account": "vault:NBO-001",
        "server_public_key": public_key_hex(server.key),
    }
    device = server.device("0001")
    assert (device.status, device.public_key_hex, device.app_version, device.last_sequence) == (
        "active", device_key, APP_VERSION, 0)
    (row,) = server.rows("enrolment_codes", device_code="0001")
    assert row.used_at == server.clock.now()
    assert code.replace("-", "") not in str(tuple(row)), "only the code's hash is stored"

    other_key = public_key_hex(generate_private_key())
    assert refusal(enrol(client, code, other_key)) == (403, "enrolment_code_invalid")
    assert server.device("0001").public_key_hex == device_key


def test_the_device_that_spent_a_code_may_ask_again_when_its_answer_was_lost(
    server: Server, client: testing.TestClient
) -> None:
    code, _ = issue(server)
    device_key = public_key_hex(generate_private_key())
    first = enrol(client, code, device_key)
    server.clock.advance(minutes=2)
    again = enrol(client, code.lower().replace("-", " "), device_key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json == first.json
    assert server.count("devices") == 1


def test_an_agent_device_learns_its_float_and_has_no_vault(
    server: Server, client: testing.TestClient
) -> None:
    code, device_code = issue(server, "AG-0042")
    answer = enrol(client, code, public_key_hex(generate_private_key()))
    assert answer.status_code == 201
    assert (answer.json["device_code"], answer.json["channel"], answer.json["location_name"]) == (
        device_code, "agent", "Mama Mboga Shop, Kibera")
    assert (answer.json["cash_account"], answer.json["vault_account"]) == ("float:AG-X9P3", None)


def test_unknown_expired_and_spent_codes_are_refused_alike(
    server: Server, client: testing.TestClient
) -> None:
    """Whatever is wrong with a code, the answer is the same: a guesser learns nothing."""
    spent, _ = issue(server)
    assert enrol(client, spent, public_key_hex(generate_private_key())).status_code == 201
    expiring, _ = issue(server, valid_hours=1)
    unknown = "ZZZZ-ZZZZ-ZZZZ"
    server.clock.advance(hours=1)  # exactly at expiry: no longer valid

    answers = [
        enrol(client, code, public_key_hex(generate_private_key()))
        for code in (spent, expiring, unknown, "not a code at all")
    ]

    first = (answers[0].status_code, answers[0].text)
    assert {(answer.status_code, answer.text) for answer in answers} == {first}
    assert refusal(answers[0]) == (403, "enrolment_code_invalid")
    assert server.count("devices") == 1


def test_a_code_is_still_valid_one_second_before_it_expires(
    server: Server, client: testing.TestClient
) -> None:
    code, _ = issue(server, valid_hours=1)
    server.clock.advance(minutes=59, seconds=59)
    assert enrol(client, code, public_key_hex(generate_private_key())).status_code == 201


def test_a_code_is_read_as_a_person_types_it() -> None:
    assert normalise_enrolment_code("7kq2 m4t8-x9p3") == "7KQ2M4T8X9P3"
    assert normalise_enrolment_code("IL0O-1100-abcd") == "11001100ABCD"  # I and L read 1, O reads 0
    assert normalise_enrolment_code("7KQ2-M4T8-X9P") is None  # one character short
    assert normalise_enrolment_code("7KQ2-M4T8-X9PU") is None  # U is not in the alphabet
    assert normalise_enrolment_code(12345) is None


def test_a_malformed_enrolment_is_refused_without_spending_the_code(
    server: Server, client: testing.TestClient
) -> None:
    code, _ = issue(server)
    assert refusal(enrol(client, code, "not-a-key")) == (400, "invalid_input")
    no_key = client.simulate_post("/v1/devices", json={"enrolment_code": code, "app_version": APP_VERSION})
    assert refusal(no_key) == (400, "invalid_input")
    no_code = client.simulate_post(
        "/v1/devices", json={"public_key": public_key_hex(generate_private_key()), "app_version": APP_VERSION}
    )
    assert refusal(no_code) == (400, "invalid_input")
    for body in (b"[1, 2]", b"{not json", b"\xff\xfe"):
        assert refusal(client.simulate_post("/v1/devices", body=body, headers=JSON)) == (400, "invalid_input")
    assert enrol(client, code, public_key_hex(generate_private_key())).status_code == 201


# --- batches ------------------------------------------------------------------------------------


def test_a_real_devices_batch_is_booked_and_answered_with_signed_bytes(
    server: Server, client: testing.TestClient, tmp_path: Path
) -> None:
    """Device 0001 enrols over the API, opens its till on KES 50,000 and takes Juma's deposit of
    KES 2,500: the server books both and signs its answer with the key the device pinned."""
    counter = enrolled_counter(server, client, tmp_path)
    juma = add_customer_everywhere(server, [counter])
    open_till(counter.context, counter.teller, opening_float=KES(50_000))
    deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(2_500))
    data = batch_of(counter)

    answer = upload(client, data)

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    signed = decode_acknowledgement(answer.content)
    verify_acknowledgement(signed, server.key.public_key())
    assert statuses(signed.acknowledgement) == [BOOKED, BOOKED]
    assert server.wallet(juma) == KES(2_500)
    assert server.balance(counter.context.device.cash_account) == KES(52_500).cents
    server.assert_ledger_clean()

    server.clock.advance(minutes=5)  # the answer was lost; the device sends the same bytes again
    again = upload(client, data)
    assert (again.status_code, again.content) == (200, answer.content)
    assert server.wallet(juma) == KES(2_500)
    server.assert_ledger_clean()


def test_the_devices_own_http_client_enrols_and_uploads(server: Server, tmp_path: Path) -> None:
    """desktop_app's SyncClient, unchanged, over httpx's WSGI transport: the contract both sides keep."""
    settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
    app = create_app(settings, server.database, server_key=server.key, clock=server.clock)
    sync = SyncClient("http://wekeza.test", transport=httpx.WSGITransport(app=app))
    try:
        code, device_code = issue(server)
        counter = make_counter(tmp_path / device_code, device_code=device_code)
        with pytest.raises(ServerRefused) as refused:
            sync.enrol(enrolment_code="ZZZZ-ZZZZ-ZZZZ", public_key_hex="ab" * 32, app_version=APP_VERSION)
        assert (refused.value.status, refused.value.code) == (403, "enrolment_code_invalid")

        enrolment = sync.enrol(
            enrolment_code=code,
            public_key_hex=public_key_hex(counter.context.device_key),
            app_version=APP_VERSION,
        )

        assert (enrolment.device_code, enrolment.channel, enrolment.location_code) == (
            device_code, "branch", "NBO-001")
        assert (enrolment.cash_account, enrolment.vault_account) == (
            counter.context.device.cash_account, counter.context.device.vault_account)
        assert enrolment.server_public_key_hex == public_key_hex(server.key)
        open_till(counter.context, counter.teller, opening_float=KES(10_000))
        signed = decode_acknowledgement(sync.upload(batch_of(counter)))
        verify_acknowledgement(signed, load_public_key(enrolment.server_public_key_hex))
        assert statuses(signed.acknowledgement) == [BOOKED]
    finally:
        sync.close()


def test_a_tampered_batch_is_refused_with_its_code_and_nothing_is_booked(
    server: Server, client: testing.TestClient, tmp_path: Path
) -> None:
    counter = enrolled_counter(server, client, tmp_path)
    juma = add_customer_everywhere(server, [counter])
    open_till(counter.context, counter.teller, opening_float=KES(50_000))
    deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(2_500))
    data = batch_of(counter)
    before = server.counts()

    more_money = data.replace(b'"amount_cents":250000', b'"amount_cents":950000', 1)
    signature = data.rindex(b'"signature":"') + len(b'"signature":"')
    other_digit = b"0" if data[signature:signature + 1] != b"0" else b"1"
    forged = data[:signature] + other_digit + data[signature + 1:]
    assert more_money != data and forged != data

    assert refusal(upload(client, more_money)) == (422, "chain_broken")
    assert refusal(upload(client, forged)) == (422, "bad_signature")
    assert refusal(upload(client, b'{"header":')) == (422, "not_canonical")
    assert server.counts() == before
    assert server.device(counter.context.device.device_code).last_sequence == 0
    assert statuses(decode_acknowledgement(upload(client, data).content).acknowledgement) == [BOOKED, BOOKED]


def test_a_fork_is_409_and_then_the_frozen_device_is_403(
    server: Server, client: testing.TestClient, tmp_path: Path
) -> None:
    """A cloned laptop with the device's key sends other entries for sequences already accepted."""
    counter = enrolled_counter(server, client, tmp_path)
    open_till(counter.context, counter.teller, opening_float=KES(50_000))
    assert upload(client, batch_of(counter)).status_code == 200
    clone = make_counter(tmp_path / "clone", device_code=counter.context.device.device_code)
    clone.context.device_key = counter.context.device_key
    open_till(clone.context, clone.teller, opening_float=KES(20_000))

    assert refusal(upload(client, batch_of(clone))) == (409, "fork_detected")
    resend = batch_of(counter)  # even the genuine device's resend waits for head office now
    assert refusal(upload(client, resend)) == (403, "device_frozen")


def test_an_app_too_old_for_the_protocol_is_told_426(
    server: Server, client: testing.TestClient, tmp_path: Path
) -> None:
    counter = enrolled_counter(server, client, tmp_path)
    open_till(counter.context, counter.teller, opening_float=KES(1_000))
    document = json.loads(batch_of(counter))
    document["header"]["protocol_version"] = 0
    answer = upload(client, canonical.encode(document))
    assert refusal(answer) == (426, "upgrade_needed")
    assert "entries on this device are kept" in answer.json["error"]["message"]
    assert server.count("entries") == 0


def test_batches_of_unknown_and_revoked_devices_are_forbidden(
    server: Server, client: testing.TestClient, tmp_path: Path
) -> None:
    stranger = make_counter(tmp_path / "stranger", device_code="Z9Z9")
    open_till(stranger.context, stranger.teller, opening_float=KES(1_000))
    assert refusal(upload(client, batch_of(stranger))) == (403, "device_unknown")

    counter = enrolled_counter(server, client, tmp_path)
    open_till(counter.context, counter.teller, opening_float=KES(1_000))
    with UnitOfWork(server.database) as uow:
        revoke_device(uow.connection, counter.context.device.device_code)
        uow.commit()
    assert refusal(upload(client, batch_of(counter))) == (403, "device_revoked")
    assert server.count("entries") == 0


# --- the JSON policy and the shape of every error -----------------------------------------------


def test_a_body_that_is_not_json_is_refused_with_415(server: Server, client: testing.TestClient) -> None:
    for path in ("/v1/batches", "/v1/devices"):
        for headers in ({"Content-Type": "text/plain"}, {"Content-Type": "application/x-www-form-urlencoded"},
                        {}):
            answer = client.simulate_post(path, body=b"{}", headers=headers)
            assert refusal(answer) == (415, "unsupported_media_type"), (path, headers)
    charset = client.simulate_post(
        "/v1/devices", body=b"{}", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    assert refusal(charset) == (400, "invalid_input"), "JSON with a charset parameter is JSON"
    assert server.count("batches") == 0


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(
    server: Server, client: testing.TestClient
) -> None:
    at_limit = upload(client, b" " * batch_bytes_max)
    assert at_limit.status_code == 422, "exactly at the limit it is read (and found not canonical)"
    assert refusal(upload(client, b" " * (batch_bytes_max + 1))) == (413, "payload_too_large")
    big_enrolment = client.simulate_post(
        "/v1/devices", body=b" " * (enrolment_body_bytes_max + 1), headers=JSON
    )
    assert refusal(big_enrolment) == (413, "payload_too_large")
    unmeasured = client.simulate_post("/v1/batches", body=b"{}", headers=JSON, extras={"CONTENT_LENGTH": ""})
    assert refusal(unmeasured) == (411, "length_required")
    assert server.count("batches") == 0


def test_no_route_and_wrong_method_answer_in_the_same_shape(client: testing.TestClient) -> None:
    assert refusal(client.simulate_get("/v1/nothing-here")) == (404, "not_found")
    assert refusal(client.simulate_get("/v1/batches")) == (405, "method_not_allowed")


def test_without_a_limit_table_in_force_a_batch_waits_503(server: Server, tmp_path: Path) -> None:
    """The shipped table takes effect on 2025-01-01; at 23:00 in Nairobi on 31 December 2024 none is
    in force (an hour later, 21:00 UTC, the bank's new year has begun and it is)."""
    early = ServerClock(datetime(2024, 12, 31, 20, 0, tzinfo=timezone.utc))
    client = client_for(server, tmp_path, clock=early)
    counter = enrolled_counter(server, client, tmp_path)
    open_till(counter.context, counter.teller, opening_float=KES(1_000))
    assert refusal(upload(client, batch_of(counter))) == (503, "no_limit_table")
    assert server.count("entries") == 0
    early.moment = datetime(2024, 12, 31, 21, 0, tzinfo=timezone.utc)  # midnight in Nairobi
    assert upload(client, batch_of(counter)).status_code == 200
    assert server.count("entries") == 1


class BrokenClock:
    """A clock that fails as a bug would, with words that must never reach a device."""

    def now(self) -> str:
        raise RuntimeError("secret internals: /etc/wekeza/server-key at line 42")


def test_an_unexpected_failure_is_500_and_leaks_nothing(server: Server, tmp_path: Path) -> None:
    client = client_for(server, tmp_path, clock=BrokenClock())
    answer = client.simulate_post(
        "/v1/devices", json={"enrolment_code": "X", "public_key": "0" * 64, "app_version": APP_VERSION}
    )
    assert refusal(answer) == (500, "internal_error")
    assert "secret" not in answer.text and "RuntimeError" not in answer.text


def test_a_database_that_does_not_answer_is_503_so_devices_try_again(tmp_path: Path) -> None:
    database = Database("mysql+pymysql://root@127.0.0.1:1/absent?connect_timeout=1")  # nothing listens
    settings = Settings(database_url=database.url, data_dir=tmp_path)
    app = create_app(settings, database, server_key=generate_private_key(), clock=ServerClock())
    client = testing.TestClient(app)
    answer = client.simulate_post("/v1/batches", body=b"{}", headers=JSON)
    assert refusal(answer) == (503, "unavailable")
    assert answer.headers["retry-after"] == "5"


# --- the document -------------------------------------------------------------------------------


def test_the_openapi_document_lists_the_paths_and_the_wire_fields(
    server: Server, client: testing.TestClient
) -> None:
    answer = client.simulate_get("/v1/openapi.json")
    assert answer.status_code == 200
    document = answer.json
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/v1/health", "/v1/devices", "/v1/batches", "/v1/changes", "/v1/openapi.json",
        "/v1/holds", "/v1/statements", "/v1/sessions", "/v1/approvals", "/v1/approvals/{device_code}/{sequence}",
        "/v1/receipts/verify", "/v1/reconciliation",
        "/v1/portfolio", "/v1/enrolment-codes", "/v1/devices/{device_code}/revocation",
        "/v1/exceptions", "/v1/exceptions/{exception_id}", "/v1/exceptions/{exception_id}/steps",
    }
    batch_answers = document["paths"]["/v1/batches"]["post"]["responses"]
    assert set(batch_answers) >= {"200", "403", "409", "413", "415", "422", "426", "503"}
    schemas = document["components"]["schemas"]
    # Held to the field lists the code uses, so the document cannot drift from the wire.
    assert list(schemas["BatchHeader"]["properties"]) == list(HEADER_FIELDS)
    assert list(schemas["JournalEntry"]["properties"]) == list(WIRE_FIELDS)
    assert list(schemas["Acknowledgement"]["properties"]) == list(ACKNOWLEDGEMENT_FIELDS)
    assert list(schemas["EntryResult"]["properties"]) == list(RESULT_FIELDS)
    code, _ = issue(server)
    enrolled = enrol(client, code, public_key_hex(generate_private_key()))
    refused = enrol(client, code, public_key_hex(generate_private_key()))
    assert set(schemas["Enrolment"]["properties"]) == set(enrolled.json)
    assert set(schemas["Error"]["properties"]["error"]["properties"]) == set(refused.json["error"])
