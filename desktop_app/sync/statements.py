"""Head office as the statement service's StatementSource: POST /v1/statements through the sync
client, signed with the device's key as the pull and holds are. The app wires one per device.

The answer comes back as bytes; the service (services.statements) decodes it, verifies the server's
signature under the pinned key, checks it answers this request and that it adds up. A link failure
(no answer, a timeout, a 5xx) is OnlineOnly: a statement is never made up from what the device
holds. A refusal of the request (a user who may not print statements, an unknown account, a period
too long) is the domain error its code names, so the teller reads why.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.services.context import Clock
from desktop_app.sync.client import LinkDown, ServerRefused, SyncClient
from shared_core.errors import OnlineOnly
from shared_core.holds import refusal_for_code
from shared_core.journal import format_timestamp
from shared_core.statements import StatementRequest


class ServerStatements:
    def __init__(self, client: SyncClient, device_key: Ed25519PrivateKey, clock: Clock) -> None:
        self._client = client
        self._device_key = device_key
        self._clock = clock

    def request_statement(self, request: StatementRequest) -> bytes:
        sent_at = format_timestamp(self._clock.now())  # the device's clock: the server allows a day
        try:
            return self._client.request_statement(request, self._device_key, sent_at=sent_at)
        except LinkDown as error:
            raise OnlineOnly(
                f"Head office did not answer ({error}); a statement comes from head office's books, "
                "try again when the link is back"
            ) from error
        except ServerRefused as error:
            raise refusal_for_code(error.code, error.message) from None

