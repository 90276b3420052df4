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
from sync_server.api.limit_table import limit_table_or_unavailable
from sync_server.db.engine import Database
from sync_server.services.changes import read_changes

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
        table = limit_table_or_unavailable(self._database, now, meanwhile="pull again later")
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
