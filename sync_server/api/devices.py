"""POST /v1/devices: a device enrols with the one-time code head office gave it.

Unauthenticated but for the code itself. The body is small and fixed:
{"enrolment_code": "7KQ2-M4T8-X9P3", "public_key": "<64 hex>", "app_version": "1.0.0"};
the answer (201) tells the device who it is, where it works and the server key to pin.
"""

from __future__ import annotations

from collections.abc import Callable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.signing import public_key_hex
from sync_server.api.middleware import read_json_object
from sync_server.db.engine import Database
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.enrolment import redeem_enrolment_code

enrolment_body_bytes_max = 4 * 1024


class DevicesResource:
    body_bytes_max = enrolment_body_bytes_max

    def __init__(
        self,
        database: Database,
        *,
        server_key: Callable[[], Ed25519PrivateKey],
        clock: Callable[[], str],
        bank_name: str,
    ) -> None:
        self._database = database
        self._server_key = server_key
        self._now = clock
        self._bank_name = bank_name

    def on_post(self, request: falcon.Request, response: falcon.Response) -> None:
        body = read_json_object(request, self.body_bytes_max)
        with UnitOfWork(self._database) as uow:
            answer = redeem_enrolment_code(
                uow.connection,
                code=body.get("enrolment_code"),
                public_key_hex=body.get("public_key"),
                app_version=body.get("app_version"),
                now=self._now(),
                bank_name=self._bank_name,
                server_public_key_hex=public_key_hex(self._server_key()),
            )
            uow.commit()
        response.status = falcon.HTTP_201
        response.media = answer
