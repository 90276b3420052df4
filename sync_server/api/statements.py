"""POST /v1/statements: a branch device asks head office for a customer's account statement
(services.statements): every booked posting of a period, from every counter and agent, with the
opening and closing balances. A statement ending today is also the balance enquiry.

Authenticated exactly like the pull and holds (api.device_auth): signed with the device's enrolled
key over the request and the SHA-256 of its body, so a request that is unsigned, signed by another
key or altered on the way gets 401 and no data. The body is a canonical StatementRequest
(shared_core.statements), at most `statement_request_bytes_max` bytes; the answer is canonical JSON,
signed with the server key the device pinned at enrolment.
"""

from __future__ import annotations

from collections.abc import Callable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.statements import decode_request, statement_request_bytes_max
from sync_server.api.device_auth import DeviceAuthentication
from sync_server.db.engine import Database
from sync_server.services.statements import read_statement


class StatementsResource:
    body_bytes_max = statement_request_bytes_max

    def __init__(
        self,
        database: Database,
        *,
        server_key: Callable[[], Ed25519PrivateKey],
        clock: Callable[[], str],
    ) -> None:
        self._database = database
        self._server_key = server_key
        self._now = clock
        self._authenticate = DeviceAuthentication(database, clock)

    def on_post(self, request: falcon.Request, response: falcon.Response) -> None:
        self._authenticate(request, response, self, {})
        statement_request = decode_request(request.context.body)
        response.data = read_statement(
            self._database,
            request.context.device,
            statement_request,
            server_key=self._server_key(),
            now=self._now(),
        )
        response.content_type = falcon.MEDIA_JSON
        response.status = falcon.HTTP_200
