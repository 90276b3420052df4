"""Online login for the people who work the approvals queue, on an SQLite file and on MySQL.

Head office holds Otieno (supervisor, Nairobi CBD), Njeri (head office) and two tellers, Wanjiru
and Achieng; each logs in with the password head office set. The server's clock stands at
09:00 on 24 November 2026 until a test moves it. Tokens are JWTs signed with the server's
Ed25519 key; a token proves who logged in, and the database says, on every request, whether
they still may.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
from falcon import testing

from shared_core.roles import Role
from shared_core.signing import generate_private_key
from sync_server.app import create_app
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.sessions import User, issue_token, token_lifetime_s
from sync_server.settings import Settings
from tests.device_builders import password_hash
from tests.server_builders import Server, database_url, make_server, set_user  # noqa: F401 (a fixture)

PASSWORD = "Counter-2026!"  # what head office set for every user of tests/server_builders.py
HEAD_OFFICE_PASSWORD = "Head-Office-2026!"


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    server = next(builder := make_server(database_url))
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(
            schema.users.insert().values(
                user_id="njeri",
                display_name="Njeri Wambui",
                role="head_office",
                location_code=None,
                password_hash=password_hash(HEAD_OFFICE_PASSWORD),
                active=True,
            )
        )
        uow.commit()
    yield server
    builder.close()


@pytest.fixture
def client(server: Server, tmp_path: Path) -> testing.TestClient:
    settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
    return testing.TestClient(
        create_app(settings, server.database, server_key=server.key, clock=server.clock)
    )


def log_in(client: testing.TestClient, user_id: str, password: str) -> testing.Result:
    return client.simulate_post("/v1/sessions", json={"user_id": user_id, "password": password})


def queue(client: testing.TestClient, token: str) -> testing.Result:
    return client.simulate_get("/v1/approvals", headers={"Authorization": f"Bearer {token}"})


def refusal(answer: testing.Result) -> tuple[int, str]:
    assert set(answer.json) == {"error"}, answer.json  # the refusal and nothing else
    return answer.status_code, answer.json["error"]["code"]


def failures(server: Server, user_id: str) -> int:
    return server.rows("users", user_id=user_id)[0].login_failures


def test_a_supervisor_logs_in_and_gets_a_thirty_minute_token_for_the_queue(
    server: Server, client: testing.TestClient
) -> None:
    answer = log_in(client, "otieno", PASSWORD)

    assert answer.status_code == 201
    assert answer.headers["cache-control"] == "no-store"
    assert answer.json["user"] == {
        "user_id": "otieno",
        "display_name": "Otieno Odhiambo",
        "role": "supervisor",
        "location_code": "NBO-001",
    }
    assert answer.json["expires_at"] == "2026-11-24T09:30:00.000000Z"
    token = answer.json["token"]
    assert jwt.get_unverified_header(token)["alg"] == "EdDSA"
    claims = jwt.decode(token, server.key.public_key(), algorithms=["EdDSA"], options={"verify_exp": False})
    assert set(claims) == {"sub", "role", "iat", "exp", "jti"}
    assert (claims["sub"], claims["role"], claims["exp"] - claims["iat"]) == ("otieno", "supervisor", 30 * 60)
    assert queue(client, token).status_code == 200
    # Every login is a token of its own.
    again = log_in(client, "otieno", PASSWORD).json["token"]
    assert jwt.decode(again, options={"verify_signature": False})["jti"] != claims["jti"]


def test_head_office_logs_in_without_a_location(client: testing.TestClient) -> None:
    answer = log_in(client, "njeri", HEAD_OFFICE_PASSWORD)
    assert answer.status_code == 201
    assert (answer.json["user"]["role"], answer.json["user"]["location_code"]) == ("head_office", None)


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(
    server: Server, client: testing.TestClient
) -> None:
    wrong = log_in(client, "otieno", "Not-The-Password")
    stranger = log_in(client, "nobody", "Not-The-Password")
    assert refusal(wrong) == refusal(stranger) == (401, "authentication_failed")
    assert (
        wrong.json["error"]["message"] == stranger.json["error"]["message"] == "Wrong user name or password"
    )
    assert wrong.headers["www-authenticate"].startswith("Bearer")
    assert failures(server, "otieno") == 1  # counted for the real user; a guessed name fills nothing


def test_five_wrong_passwords_in_a_row_lock_the_user_out_for_fifteen_minutes(
    server: Server, client: testing.TestClient
) -> None:
    """The lockout of shared_core.passwords.LockoutPolicy: 5 wrong in a row, 15 minutes out. Even
    the right password is refused meanwhile; afterwards it works and the count starts again."""
    for attempt in range(1, 5):
        assert refusal(log_in(client, "otieno", f"Guess-number-{attempt}")) == (401, "authentication_failed")
    assert log_in(client, "otieno", PASSWORD).status_code == 201  # four wrong, then right: counting restarts
    assert failures(server, "otieno") == 0

    for attempt in range(1, 6):
        log_in(client, "otieno", f"Guess-number-{attempt}")
    assert failures(server, "otieno") == 5
    locked = log_in(client, "otieno", PASSWORD)
    assert refusal(locked) == (429, "locked_out")
    assert "locked out for 15 more minute(s)" in locked.json["error"]["message"]
    assert locked.json["error"]["details"]["locked_until"] == "2026-11-24T09:15:00.000000Z"

    server.clock.advance(minutes=14, seconds=59)
    assert refusal(log_in(client, "otieno", PASSWORD)) == (429, "locked_out")
    server.clock.advance(seconds=1)
    assert log_in(client, "otieno", PASSWORD).status_code == 201
    assert failures(server, "otieno") == 0


def test_tellers_log_in_at_their_device_not_online(server: Server, client: testing.TestClient) -> None:
    refused = log_in(client, "wanjiru", PASSWORD)
    assert refusal(refused) == (403, "role_not_allowed")
    assert "logs in at their counter device" in refused.json["error"]["message"]
    # A wrong password tells a stranger nothing about her role.
    assert refusal(log_in(client, "wanjiru", "Not-The-Password")) == (401, "authentication_failed")
    set_user(server, "achieng", role="agent", location_code="AG-0042")
    assert refusal(log_in(client, "achieng", PASSWORD)) == (403, "role_not_allowed")


def test_a_deactivated_user_cannot_log_in_and_their_token_stops_working_at_once(
    server: Server, client: testing.TestClient
) -> None:
    token = log_in(client, "otieno", PASSWORD).json["token"]
    assert queue(client, token).status_code == 200

    set_user(server, "otieno", active=False)

    refused = queue(client, token)
    assert refusal(refused) == (401, "token_invalid")
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert refusal(log_in(client, "otieno", PASSWORD)) == (401, "authentication_failed")
    set_user(server, "otieno", active=True)
    assert queue(client, token).status_code == 200  # the same token, the user active again


def test_a_token_whose_users_role_changed_is_refused(server: Server, client: testing.TestClient) -> None:
    token = log_in(client, "otieno", PASSWORD).json["token"]
    set_user(server, "otieno", role="head_office", location_code=None)
    assert refusal(queue(client, token)) == (401, "token_invalid")
    assert queue(client, log_in(client, "otieno", PASSWORD).json["token"]).status_code == 200


def test_a_token_expires_after_thirty_minutes(server: Server, client: testing.TestClient) -> None:
    token = log_in(client, "otieno", PASSWORD).json["token"]
    server.clock.advance(seconds=token_lifetime_s - 1)
    assert queue(client, token).status_code == 200
    server.clock.advance(seconds=1)
    expired = queue(client, token)
    assert refusal(expired) == (401, "token_expired")
    assert "log in again" in expired.json["error"]["message"]


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_tampered_or_forged_token_is_401_and_nothing_else(
    server: Server, client: testing.TestClient
) -> None:
    token = log_in(client, "otieno", PASSWORD).json["token"]
    header, _, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    forged_key = generate_private_key()
    forgeries = {
        # Otieno makes himself head office: the signature no longer covers the claims.
        "claims altered": f"{header}.{_b64({**claims, 'role': 'head_office'})}.{signature}",
        "expiry pushed back": f"{header}.{_b64({**claims, 'exp': claims['exp'] + 86_400})}.{signature}",
        "signed by another key": jwt.encode(claims, forged_key, algorithm="EdDSA"),
        "no signature at all": jwt.encode(claims, None, algorithm="none"),
        "signed with the public key as an HMAC secret": jwt.encode(
            claims, server.key.public_key().public_bytes_raw().hex(), algorithm="HS256"
        ),
        "not a token": "not-a-token",
        "a claim missing": jwt.encode(
            {k: v for k, v in claims.items() if k != "jti"}, server.key, algorithm="EdDSA"
        ),
    }
    for what, forged in forgeries.items():
        answer = queue(client, forged)
        assert refusal(answer) == (401, "token_invalid"), what
    for header_value in ("", "Bearer", "Basic b3RpZW5vOkNvdW50ZXItMjAyNiE=", token):  # no scheme: not a token
        answer = client.simulate_get("/v1/approvals", headers={"Authorization": header_value})
        assert refusal(answer) == (401, "unauthenticated"), header_value
    assert queue(client, token).status_code == 200  # the genuine token still works


def test_a_valid_token_of_a_role_the_queue_does_not_serve_is_403(
    server: Server, client: testing.TestClient
) -> None:
    """Tellers cannot log in online; were one to hold a token signed by this server, the queue
    still refuses her, for her role as the database holds it."""
    teller = User("wanjiru", "Wanjiru Kamau", Role.TELLER, "NBO-001")
    token = issue_token(teller, now=server.clock.now(), server_key=server.key).token
    refused = queue(client, token)
    assert refusal(refused) == (403, "role_not_allowed")
    assert "supervisor" in refused.json["error"]["message"]


def test_a_login_body_that_is_not_a_user_and_password_is_400(client: testing.TestClient) -> None:
    for body in (
        {},
        {"user_id": "otieno"},
        {"user_id": "", "password": PASSWORD},
        {"user_id": 7, "password": 7},
        {"user_id": "otieno", "password": "x" * 257},
    ):
        assert refusal(client.simulate_post("/v1/sessions", json=body)) == (400, "invalid_input"), body
