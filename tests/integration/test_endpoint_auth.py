"""Every call is authenticated, and nothing of the bank's data goes to anyone who is not: proved by
walking EVERY route of the real app (a route added later is walked too), on SQLite and MySQL.

The bank holds data worth taking: Juma's wallet with a booked deposit, users with password
hashes, an enrolled device. Each route is called as a stranger would call it. Only these answer a
stranger: health (whether the server runs, nothing else) and the OpenAPI document (the API's
shape, no data). Three authenticate by what the body carries: enrolment (a one-time code),
batches (the batch's own signature) and login (a password). Every other route answers 401 with
an error and nothing else, and takes only the credential it names in the OpenAPI document: a
user's token is no device signature, and a device signature is no user's token.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import falcon.inspect
import pytest
from falcon import testing

from desktop_app.services.cash import deposit_cash
from desktop_app.services.till import open_till
from shared_core.money import Money
from shared_core.request_signing import describe_request, sign_request
from sync_server.api.openapi import DOCUMENT
from sync_server.app import create_app
from sync_server.settings import Settings
from tests.device_builders import Counter, make_counter
from tests.server_builders import (  # noqa: F401 (database_url is a fixture)
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,
    enrol,
    make_server,
)

PUBLIC = {("GET", "/v1/health"), ("GET", "/v1/openapi.json")}
# Authenticated by what the body carries; a stranger's body is refused, with nothing else said.
BODY_AUTHENTICATED = {("POST", "/v1/devices"), ("POST", "/v1/batches"), ("POST", "/v1/sessions")}
SECRETS = ("Juma", "23456789", "password_hash", "scrypt$", "C0001234", "balance")
_PARAMETER = re.compile(r"\{([a-z_]+)(?::[^}]*)?\}")
_EXAMPLES = {"device_code": "K7Q2", "sequence": "2"}


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


@pytest.fixture
def counter(server: Server, tmp_path: Path) -> Counter:
    """Device K7Q2 at Nairobi CBD; Juma's KES 2,500 deposit booked at head office."""
    counter = make_counter(tmp_path / "K7Q2")
    enrol(server, counter)
    juma = add_customer_everywhere(server, [counter])
    open_till(counter.context, counter.teller, opening_float=Money.shillings(50_000))
    deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=Money.shillings(2_500))
    server.sync(batch_of(counter))
    return counter


@pytest.fixture
def client(server: Server, tmp_path: Path) -> testing.TestClient:
    settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
    return testing.TestClient(
        create_app(settings, server.database, server_key=server.key, clock=server.clock)
    )


def operations(client: testing.TestClient) -> list[tuple[str, str, str]]:
    """(method, route template as the document writes it, a concrete path) for every route the
    app serves, but Falcon's own answers (405s, OPTIONS)."""
    found = []
    for route in falcon.inspect.inspect_routes(client.app):
        documented = _PARAMETER.sub(lambda match: "{" + match.group(1) + "}", route.path)
        concrete = _PARAMETER.sub(lambda match: _EXAMPLES.get(match.group(1), "1"), route.path)
        found.extend((method.method, documented, concrete) for method in route.methods if not method.internal)
    assert len(found) >= 9, found
    return found


def call(
    client: testing.TestClient,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes = b"{}",
) -> testing.Result:
    if method in ("POST", "PUT", "PATCH"):
        headers = {"Content-Type": "application/json", **(headers or {})}
        return client.simulate_request(method, path, body=body, headers=headers)
    return client.simulate_request(method, path, headers=headers)


def assert_refused_with_nothing_else(answer: testing.Result, what: str) -> None:
    assert 400 <= answer.status_code < 500, (what, answer.status_code, answer.text)
    assert set(answer.json) == {"error"}, what
    assert set(answer.json["error"]) == {"code", "message", "details"}, what
    for secret in SECRETS:
        assert secret not in answer.text, (what, secret)


def test_every_route_refuses_a_stranger_with_401_and_no_data(
    client: testing.TestClient, counter: Counter
) -> None:
    walked = set()
    for method, documented, path in operations(client):
        walked.add((method, documented))
        answer = call(client, method, path)
        what = f"{method} {documented}"
        if (method, documented) == ("GET", "/v1/health"):
            assert answer.status_code == 200
            assert set(answer.json) == {"status", "database", "server_version"}, "health tells nothing else"
        elif (method, documented) == ("GET", "/v1/openapi.json"):
            assert answer.json == json.loads(json.dumps(DOCUMENT)), "the document, the same for everyone"
        elif (method, documented) in BODY_AUTHENTICATED:
            assert_refused_with_nothing_else(answer, what)
            assert answer.status_code in (400, 403, 422), what
        else:
            assert_refused_with_nothing_else(answer, what)
            assert (answer.status_code, answer.json["error"]["code"]) == (401, "unauthenticated"), what
            assert answer.headers.get("www-authenticate"), what
    assert PUBLIC | BODY_AUTHENTICATED <= walked  # the exceptions are routes that exist


def test_every_route_is_documented_with_the_credential_it_takes(client: testing.TestClient) -> None:
    schemes = DOCUMENT["components"]["securitySchemes"]
    assert set(schemes) == {"userToken", "deviceSignature"}
    documented = {
        (method.upper(), path): operation
        for path, methods in DOCUMENT["paths"].items()
        for method, operation in methods.items()
    }
    served = {(method, path) for method, path, _ in operations(client)}
    assert served == set(documented)
    for key, operation in documented.items():
        assert isinstance(operation.get("security"), list), f"{key} names its security"
        named = {name for requirement in operation["security"] for name in requirement}
        assert named <= set(schemes), key
        assert (operation["security"] == []) == (key in PUBLIC | BODY_AUTHENTICATED), key


def device_headers(counter: Counter, method: str, path: str, body: bytes) -> dict[str, str]:
    request = describe_request(
        method=method,
        path=path,
        query="",
        body=body,
        device_code=counter.context.device.device_code,
        sent_at="2026-11-24T09:00:00.000000Z",
    )
    return sign_request(request, counter.context.device_key)


def test_a_credential_opens_only_the_routes_that_name_it(
    client: testing.TestClient, counter: Counter
) -> None:
    """Otieno's token on a device's route, or device K7Q2's signature on the approvals queue: 401."""
    token = client.simulate_post(
        "/v1/sessions", json={"user_id": "otieno", "password": "Counter-2026!"}
    ).json["token"]
    checked = 0
    for method, documented, path in operations(client):
        security = DOCUMENT["paths"][documented][method.lower()]["security"]
        named = {name for requirement in security for name in requirement}
        if named == {"deviceSignature"}:
            answer = call(client, method, path, {"Authorization": f"Bearer {token}"})
        elif named == {"userToken"}:
            answer = call(client, method, path, device_headers(counter, method, path, b"{}"))
        else:
            continue
        assert_refused_with_nothing_else(answer, f"{method} {documented}")
        assert answer.status_code == 401, (method, documented)
        checked += 1
    assert checked >= 4  # the pull, holds, the queue and a decision at least
