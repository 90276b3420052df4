"""A supervisor's (or head office's) conversation with the sync server about the approvals queue,
over httpx: log in online for a token, read the queue, decide an item (four eyes).

    client = SupervisorClient(device.server_url)
    session = client.log_in("otieno", password)        # the password is sent once, never kept
    queue = client.queue(session)                      # the oldest first
    client.decide(session, "K7Q2", 3, Verdict.REJECTED, "Juma confirmed the deposit")

Failures come as the device's sync client raises them (desktop_app.sync.client): `LinkDown` (no
answer, a 5xx: online only, try again later) and `ServerRefused` (the server said no, with its
stable code: maker_is_checker, already_decided, authentication_failed, locked_out...). A token that
expired or no longer holds (head office deactivated the user) is `SessionExpired`, a ServerRefused:
log in again. The token lives in memory only, as long as the server allows (30 minutes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import httpx

from desktop_app.sync.client import (
    LinkDown,
    ServerRefused,
    connect_timeout_s,
    read_timeout_s,
    response_bytes_max,
)
from shared_core.money import Money
from shared_core.references import is_valid_device_code
from shared_core.roles import Role, parse_role

class SessionExpired(ServerRefused):
    """The token is no longer accepted (expired, or the user changed at head office): the
    supervisor types their password again."""


class Verdict(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class SupervisorUser:
    user_id: str
    display_name: str
    role: Role
    location_code: str | None  # None for head office, which decides for every location


@dataclass(frozen=True, slots=True)
class SupervisorSession:
    """A login at head office. The token is a bearer credential: kept out of repr and logs."""

    token: str = field(repr=False)
    expires_at: str  # the server's UTC wire text
    user: SupervisorUser


@dataclass(frozen=True, slots=True)
class QueueItem:
    """An entry waiting at head office for a checker (the queue's wire item, api/openapi.py)."""

    device_code: str
    sequence: int
    reference: str
    kind: str  # an OperationKind value, kept as text: a newer server may know more kinds
    channel: str
    location_code: str
    customer_cif: str | None
    customer_name: str | None
    amount: Money
    maker: str
    override_by: str | None  # a local override head office did not accept
    reverses_reference: str | None
    approval_code: str  # what it waits for, e.g. approval_reversal
    approval_reason: str
    recorded_at: str
    received_at: str
    business_date: str


@dataclass(frozen=True, slots=True)
class ApprovalQueue:
    items: tuple[QueueItem, ...]
    complete: bool  # False: more wait than one answer shows (the oldest come first)


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision as head office recorded it, and the answer the entry got."""

    device_code: str
    sequence: int
    reference: str
    decision: Verdict
    checker: str
    reason: str
    decided_at: str
    status: str  # booked, or rejected (by the checker, or no longer bookable when approved)
    code: str | None
    message: str

    @property
    def booked(self) -> bool:
        return self.status == "booked"


class SupervisorClient:
    def __init__(self, base_url: str, *, transport: httpx.BaseTransport | None = None) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(read_timeout_s, connect=connect_timeout_s),
            transport=transport,
            headers={"User-Agent": "wekeza-teller"},
        )

    def close(self) -> None:
        self._http.close()

    def log_in(self, user_id: str, password: str) -> SupervisorSession:
        """POST /v1/sessions. ServerRefused: authentication_failed (401), locked_out (429),
        role_not_allowed (403: tellers and agents log in at their device)."""
        data = self._send("POST", "/v1/sessions", {"user_id": user_id, "password": password}, token=None)
        try:
            user = data["user"]
            return SupervisorSession(
                token=str(data["token"]),
                expires_at=str(data["expires_at"]),
                user=SupervisorUser(
                    user_id=str(user["user_id"]),
                    display_name=str(user["display_name"]),
                    role=parse_role(user["role"]),
                    location_code=user["location_code"],
                ),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise LinkDown(f"the login answer is not one the server sends: {error!r}") from error

    def queue(self, session: SupervisorSession) -> ApprovalQueue:
        """GET /v1/approvals: what this user may decide, the oldest first."""
        data = self._send("GET", "/v1/approvals", None, token=session.token)
        try:
            return ApprovalQueue(
                items=tuple(_queue_item(item) for item in data["items"]), complete=data["complete"] is True
            )
        except (KeyError, TypeError, ValueError) as error:
            raise LinkDown(f"the queue answer is not one the server sends: {error!r}") from error

    def decide(
        self,
        session: SupervisorSession,
        device_code: str,
        sequence: int,
        decision: Verdict,
        reason: str | None = None,
    ) -> Decision:
        """POST /v1/approvals/{device_code}/{sequence}. ServerRefused: maker_is_checker and
        permission_denied (403), already_decided and not_awaiting_approval (409), not_found (404),
        invalid_input (400: a rejection says why)."""
        if type(sequence) is not int or sequence < 1 or not is_valid_device_code(device_code):
            raise ValueError(f"no queue item {device_code!r}/{sequence!r}")
        path = f"/v1/approvals/{device_code}/{sequence}"
        body = {"decision": Verdict(decision).value, "reason": reason}
        data = self._send("POST", path, body, token=session.token)
        try:
            return Decision(
                device_code=str(data["device_code"]),
                sequence=int(data["sequence"]),
                reference=str(data["reference"]),
                decision=Verdict(data["decision"]),
                checker=str(data["checker"]),
                reason=str(data["reason"]),
                decided_at=str(data["decided_at"]),
                status=str(data["status"]),
                code=data["code"],
                message=str(data["message"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise LinkDown(f"the decision answer is not one the server sends: {error!r}") from error

    def _send(self, method: str, path: str, body: dict | None, *, token: str | None) -> dict[str, Any]:
        headers = {"Accept": "application/json"}
        content = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            content = json.dumps(body).encode("utf-8")
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        try:
            response = self._http.request(method, path, content=content, headers=headers)
            answer = response.read()
        except httpx.HTTPError as error:  # connect, read, write, pool, protocol (truncated) errors
            raise LinkDown(f"{type(error).__name__}: {error}") from error
        if len(answer) > response_bytes_max:
            raise LinkDown(f"answer of {len(answer)} bytes is larger than any the server sends")
        status = response.status_code
        if status >= 500 or status == 408:
            raise LinkDown(f"server answered {status}")
        data = _json_object(answer)
        if status < 400:
            return data
        # Unlike a batch's, a 429 here is an answer: the user is locked out for a while (locked_out).
        try:
            code, message = str(data["error"]["code"]), str(data["error"]["message"])
        except (KeyError, TypeError):
            raise LinkDown(f"server answered {status} without a readable error") from None
        if status == 401 and token is not None:  # unauthenticated, token_invalid, token_expired
            raise SessionExpired(status, code, message)
        raise ServerRefused(status, code, message)


def _queue_item(item: dict[str, Any]) -> QueueItem:
    amount_cents = item["amount_cents"]
    if type(amount_cents) is not int:
        raise ValueError(f"amount_cents is not a whole number of cents: {amount_cents!r}")
    return QueueItem(
        device_code=str(item["device_code"]),
        sequence=int(item["sequence"]),
        reference=str(item["reference"]),
        kind=str(item["kind"]),
        channel=str(item["channel"]),
        location_code=str(item["location_code"]),
        customer_cif=item["customer_cif"],
        customer_name=item["customer_name"],
        amount=Money(amount_cents),
        maker=str(item["maker"]),
        override_by=item["override_by"],
        reverses_reference=item["reverses_reference"],
        approval_code=str(item["approval_code"]),
        approval_reason=str(item["approval_reason"]),
        recorded_at=str(item["recorded_at"]),
        received_at=str(item["received_at"]),
        business_date=str(item["business_date"]),
    )


def _json_object(content: bytes) -> dict[str, Any]:
    try:
        data = json.loads(content)
    except ValueError as error:
        raise LinkDown("the answer is not JSON; it was probably cut short") from error
    if not isinstance(data, dict):
        raise LinkDown("the answer is not a JSON object")
    return data
