"""GET /v1/changes?since=N: what a device needs from head office (services.changes), for the
device that signed the request (api.device_auth) and no other.

`since` is the cursor the previous pull returned (0 the first time): a server sequence, never a
clock. The answer is plain JSON; its allowance carries the server's signature, which the device
checks under the key it pinned at enrolment.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.allowance import AllowancePolicy
from shared_core.canonical import safe_integer_max
from shared_core.errors import InvalidInput
from sync_server.api.device_auth import DeviceAuthentication
from sync_server.api.errors import ApiError
from sync_server.db.engine import Database
from sync_server.services.changes import read_changes
from sync_server.services.limit_tables import limit_table_in_force

_DIGITS = re.compile(r"[0-9]{1,16}")


class ChangesResource:
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

    def on_get(self, request: falcon.Request, response: falcon.Response) -> None:
        self._authenticate(request, response, self, {})
        since = _since(request)
        now = self._now()
        with self._database.engine.connect() as connection:
            table = limit_table_in_force(connection, on_date=now[:10])
        if table is None:
            raise ApiError(
                falcon.HTTP_503,
                "no_limit_table",
                "No limit table is in force at head office yet; pull again later",
            )
        response.media = read_changes(
            self._database,
            request.context.device,
            since=since,
            now=now,
            limit_table=table,
            policy=self._policy,
            server_key=self._server_key(),
        )
        response.status = falcon.HTTP_200


def _since(request: falcon.Request) -> int:
    text = request.get_param("since", default="0")
    if not _DIGITS.fullmatch(text) or int(text) > safe_integer_max:
        raise InvalidInput(
            "since: the cursor is a whole number from a previous pull (0 the first time)", field="since"
        )
    return int(text)
