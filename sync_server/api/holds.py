"""POST /v1/holds: a branch or agent device asks head office to authorize a cash withdrawal
before the cash leaves the drawer (services.holds); the server's signed answer comes back (200),
whether it approves, declines or needs a supervisor's override.

Authenticated exactly like the pull (api.device_auth): signed with the device's enrolled key over
the request and the SHA-256 of its body, so a request that is unsigned, signed by another key or
altered on the way gets 401 and no data. The body is a canonical HoldRequest (shared_core.holds),
at most `hold_request_bytes_max` bytes; the answer is canonical JSON, signed with the server key
the device pinned at enrolment.
"""

from __future__ import annotations

from collections.abc import Callable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.allowance import AllowancePolicy
from shared_core.holds import decode_request, hold_request_bytes_max
from sync_server.api.device_auth import DeviceAuthentication
from sync_server.api.limit_table import limit_table_or_unavailable
from sync_server.db.engine import Database
from sync_server.services.holds import authorize_withdrawal


class HoldsResource:
    body_bytes_max = hold_request_bytes_max

    def __init__(
        self,
        database: Database,
        *,
        server_key: Callable[[], Ed25519PrivateKey],
        clock: Callable[[], str],
        policy: AllowancePolicy,
    ) -> None:
        self._database = database
        self._server_key = server_key
        self._now = clock
        self._policy = policy
        self._authenticate = DeviceAuthentication(database, clock)

    def on_post(self, request: falcon.Request, response: falcon.Response) -> None:
        self._authenticate(request, response, self, {})
        hold_request = decode_request(request.context.body)
        now = self._now()
        table = limit_table_or_unavailable(
            self._database, now, meanwhile="the withdrawal cannot be authorized online"
        )
        response.data = authorize_withdrawal(
            self._database,
            request.context.device,
            hold_request,
            limit_table=table,
            policy=self._policy,
            server_key=self._server_key(),
            now=now,
        )
        response.content_type = falcon.MEDIA_JSON
        response.status = falcon.HTTP_200
