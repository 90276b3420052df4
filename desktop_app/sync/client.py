"""The device's HTTP conversation with the sync server, over httpx.

Two kinds of failure, kept apart because they are handled apart: `LinkDown` (no answer, a
broken or truncated reply, a timeout, a 5xx: try again later, nothing is lost) and
`ServerRefused` (the server answered no, with a stable code: retrying the same thing will not help).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core import canonical, holds, statements
from shared_core.holds import HoldRequest, hold_answer_bytes_max
from shared_core.journal import format_timestamp
from shared_core.request_signing import describe_request, sign_request

connect_timeout_s = 5.0
read_timeout_s = 30.0
response_bytes_max = 2 * 1024 * 1024
pull_response_bytes_max = 16 * 1024 * 1024  # a pull is a snapshot of what the device serves
# A hold is asked with the customer at the counter: past this, the withdrawal goes offline instead.
# The customer waits at the counter; a year of postings is read and signed well within this.
statement_timeout_s = 30.0
hold_timeout_s = 8.0


class LinkDown(Exception):
    """The server could not be reached or did not answer properly."""


class ServerRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{message} [{code}]")
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Enrolment:
    device_code: str
    channel: str
    location_code: str
    location_name: str
    bank_name: str
    cash_account: str
    vault_account: str | None
    server_public_key_hex: str


class SyncClient:
    def __init__(self, base_url: str, *, transport: httpx.BaseTransport | None = None) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(read_timeout_s, connect=connect_timeout_s),
            transport=transport,
            headers={"User-Agent": "wekeza-teller"},
        )

    def close(self) -> None:
        self._http.close()

    def health(self) -> bool:
        try:
            return self._http.get("/v1/health").status_code == 200
        except httpx.HTTPError:
            return False

    def enrol(self, *, enrolment_code: str, public_key_hex: str, app_version: str) -> Enrolment:
        body = {"enrolment_code": enrolment_code, "public_key": public_key_hex, "app_version": app_version}
        answer = self._post("/v1/devices", canonical.encode(body))
        data = _json(answer)
        return Enrolment(
            device_code=data["device_code"],
            channel=data["channel"],
            location_code=data["location_code"],
            location_name=data["location_name"],
            bank_name=data["bank_name"],
            cash_account=data["cash_account"],
            vault_account=data.get("vault_account"),
            server_public_key_hex=data["server_public_key"],
        )

    def upload(self, batch_bytes: bytes) -> bytes:
        """Send an encoded batch; the encoded, signed acknowledgement comes back."""
        return self._post("/v1/batches", batch_bytes)

    def pull(
        self, since: int, device_code: str, device_key: Ed25519PrivateKey, *, sent_at: str | None = None
    ) -> bytes:
        """GET /v1/changes?since=..., signed with the device's key; the JSON answer's bytes.
        `sent_at` is the device's clock (advisory: the server allows a day either way)."""
        if type(since) is not int or since < 0:
            raise ValueError(f"a pull cursor is a whole number, got {since!r}")
        path, query = "/v1/changes", f"since={since}"
        request = describe_request(
            method="GET", path=path, query=query, body=b"", device_code=device_code,
            sent_at=sent_at or format_timestamp(datetime.now(timezone.utc)),
        )
        headers = sign_request(request, device_key)
        return self._send("GET", f"{path}?{query}", None, headers, pull_response_bytes_max)

    def authorize_withdrawal(
        self, hold: HoldRequest, device_key: Ed25519PrivateKey, *, sent_at: str | None = None
    ) -> bytes:
        """POST /v1/holds: ask head office to hold a withdrawal before paying it, signed with the
        device's key as the pull is; the encoded, signed answer. Within `hold_timeout_s`, or LinkDown."""
        path, body = "/v1/holds", holds.encode_request(hold)
        headers = self._signed_headers(path, body, hold.device_code, device_key, sent_at)
        return self._send("POST", path, body, headers, hold_answer_bytes_max, timeout_s=hold_timeout_s)

    def request_statement(
        self, request: statements.StatementRequest, device_key: Ed25519PrivateKey, *, sent_at: str | None = None
    ) -> bytes:
        """POST /v1/statements: an account's statement from head office's books, signed with the
        device's key; the encoded, signed answer. Within `statement_timeout_s`, or LinkDown."""
        path, body = "/v1/statements", statements.encode_request(request)
        headers = self._signed_headers(path, body, request.device_code, device_key, sent_at)
        return self._send(
            "POST", path, body, headers, statements.statement_answer_bytes_max, timeout_s=statement_timeout_s
        )

    @staticmethod
    def _signed_headers(
        path: str, body: bytes, device_code: str, device_key: Ed25519PrivateKey, sent_at: str | None
    ) -> dict[str, str]:
        request = describe_request(
            method="POST", path=path, query="", body=body, device_code=device_code,
            sent_at=sent_at or format_timestamp(datetime.now(timezone.utc)),
        )
        return {**sign_request(request, device_key), "Content-Type": "application/json"}

    def _post(self, path: str, body: bytes) -> bytes:
        return self._send("POST", path, body, {"Content-Type": "application/json"}, response_bytes_max)

    def _send(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: dict[str, str],
        bytes_max: int,
        *,
        timeout_s: float | None = None,
    ) -> bytes:
        timeout = httpx.USE_CLIENT_DEFAULT
        if timeout_s is not None:
            timeout = httpx.Timeout(timeout_s, connect=connect_timeout_s)
        try:
            response = self._http.request(method, url, content=body, headers=headers, timeout=timeout)
            content = response.read()
        except httpx.HTTPError as error:  # connect, read, write, pool, protocol (truncated) errors
            raise LinkDown(f"{type(error).__name__}: {error}") from error
        if len(content) > bytes_max:
            raise LinkDown(f"answer of {len(content)} bytes is larger than any the server sends")
        if response.status_code >= 500 or response.status_code in (408, 429):
            raise LinkDown(f"server answered {response.status_code}")
        if response.status_code >= 400:
            try:
                error = _json(content)["error"]
                raise ServerRefused(response.status_code, str(error["code"]), str(error["message"]))
            except (KeyError, TypeError, LinkDown):
                raise LinkDown(f"server answered {response.status_code} without a readable error") from None
        return content


def _json(content: bytes) -> dict:
    import json

    try:
        data = json.loads(content)
    except ValueError as error:
        raise LinkDown("the answer is not JSON; it was probably cut short") from error
    if not isinstance(data, dict):
        raise LinkDown("the answer is not a JSON object")
    return data
