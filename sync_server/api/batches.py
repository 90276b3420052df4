"""POST /v1/batches: a device uploads a signed batch of its journal; the signed acknowledgement
comes back (200), byte for byte the same when the same batch comes again.

Authenticated by the batch itself: its signature must verify under the key the device enrolled
with (services.ingest). The body is the batch's canonical JSON, at most `batch_bytes_max` bytes.
"""

from __future__ import annotations

from collections.abc import Callable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.batch import batch_bytes_max
from sync_server.api.limit_table import limit_table_or_unavailable
from sync_server.api.middleware import read_body
from sync_server.db.engine import Database
from sync_server.services.ingest import ingest_batch


class BatchesResource:
    body_bytes_max = batch_bytes_max

    def __init__(
        self, database: Database, *, server_key: Callable[[], Ed25519PrivateKey], clock: Callable[[], str]
    ) -> None:
        self._database = database
        self._server_key = server_key
        self._now = clock

    def on_post(self, request: falcon.Request, response: falcon.Response) -> None:
        data = read_body(request, self.body_bytes_max)
        now = self._now()
        table = limit_table_or_unavailable(self._database, now, meanwhile="the entries wait on the device")
        response.data = ingest_batch(
            self._database, data, server_key=self._server_key(), limit_table=table, now=now
        )
        response.content_type = falcon.MEDIA_JSON
        response.status = falcon.HTTP_200
