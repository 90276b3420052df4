"""The approvals queue online, for supervisors, head office and directors (who decide only their
business's payroll runs), with a user token from POST /v1/sessions:

    GET  /v1/approvals                            the entries awaiting a checker the user may decide
    POST /v1/approvals/{device_code}/{sequence}   {"decision": "approved" | "rejected", "reason": "..."}

The decision answers 201 with what was recorded and the answer the entry got; the device hears it
on its next pull. A second decision on the same entry is 409 already_decided (the first stands);
the entry's maker is 403 maker_is_checker; a rejection without a reason is 400.
"""

from __future__ import annotations

from collections.abc import Callable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync_server.api.limit_table import limit_table_or_unavailable
from sync_server.api.middleware import read_json_object
from sync_server.api.user_auth import UserAuthentication
from sync_server.db.engine import Database
from sync_server.services.approvals import APPROVER_ROLES, decide, read_queue

decision_body_bytes_max = 4 * 1024


class ApprovalsResource:
    def __init__(
        self, database: Database, *, server_key: Callable[[], Ed25519PrivateKey], clock: Callable[[], str]
    ) -> None:
        self._database = database
        self._authenticate = UserAuthentication(
            database, server_key=server_key, clock=clock, roles=APPROVER_ROLES
        )

    def on_get(self, request: falcon.Request, response: falcon.Response) -> None:
        self._authenticate(request, response, self, {})
        with self._database.engine.connect() as connection:
            response.media = read_queue(connection, request.context.user)
        response.set_header("Cache-Control", "no-store")
        response.status = falcon.HTTP_200


class ApprovalDecisionResource:
    body_bytes_max = decision_body_bytes_max

    def __init__(
        self, database: Database, *, server_key: Callable[[], Ed25519PrivateKey], clock: Callable[[], str]
    ) -> None:
        self._database = database
        self._now = clock
        self._authenticate = UserAuthentication(
            database, server_key=server_key, clock=clock, roles=APPROVER_ROLES
        )

    def on_post(
        self, request: falcon.Request, response: falcon.Response, device_code: str, sequence: int
    ) -> None:
        self._authenticate(request, response, self, {})
        body = read_json_object(request, self.body_bytes_max)
        now = self._now()
        table = limit_table_or_unavailable(self._database, now, meanwhile="decide later")
        outcome = decide(
            self._database,
            checker=request.context.user,
            device_code=device_code,
            sequence=sequence,
            decision=body.get("decision"),
            reason=body.get("reason"),
            now=now,
            limit_table=table,
        )
        response.status = falcon.HTTP_201
        response.media = outcome.to_wire()
