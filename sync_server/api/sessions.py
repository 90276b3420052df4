"""POST /v1/sessions: a supervisor or head office user logs in online and gets a token.

The body is {"user_id": "otieno", "password": "..."}; the answer (201) is
{"token": "<JWT>", "expires_at": "...Z", "user": {"user_id", "display_name", "role",
"location_code"}}. A wrong password is 401 authentication_failed, too many in a row 429
locked_out, a teller or agent (who log in at their device) 403 role_not_allowed. The password
is never logged or echoed.
"""

from __future__ import annotations

from collections.abc import Callable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.passwords import LockoutPolicy
from sync_server.api.middleware import read_json_object
from sync_server.db.engine import Database
from sync_server.services.sessions import lockout_policy_default, log_in

login_body_bytes_max = 2 * 1024


class SessionsResource:
    body_bytes_max = login_body_bytes_max

    def __init__(
        self,
        database: Database,
        *,
        server_key: Callable[[], Ed25519PrivateKey],
        clock: Callable[[], str],
        lockout: LockoutPolicy = lockout_policy_default,
    ) -> None:
        self._database = database
        self._server_key = server_key
        self._now = clock
        self._lockout = lockout

    def on_post(self, request: falcon.Request, response: falcon.Response) -> None:
        body = read_json_object(request, self.body_bytes_max)
        issued = log_in(
            self._database,
            user_id=body.get("user_id"),
            password=body.get("password"),
            now=self._now(),
            server_key=self._server_key(),
            policy=self._lockout,
        )
        response.status = falcon.HTTP_201
        response.set_header("Cache-Control", "no-store")  # a token is never cached on the way
        response.media = issued.to_wire()
