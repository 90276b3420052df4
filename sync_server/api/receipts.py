"""POST /v1/receipts/verify: does the journal hold exactly the entry a receipt shows, sealed by the
device that printed it? For supervisors and head office (a user token from POST /v1/sessions).

The body is {"qr": "WKZ1/..."} (the QR code's text, as a scanner reads it) or {"text": "..."}
(the receipt's printed text, which may include the QR code's text on a line of its own). The
answer (200) is the verification, whatever it found: verdict verified, mismatch (with each field
that differs), not_found or device_unknown. Text that is not a receipt is 400.
"""

from __future__ import annotations

from collections.abc import Callable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.errors import InvalidInput
from shared_core.receipt_text import read_receipt
from shared_core.roles import Role
from sync_server.api.middleware import read_json_object
from sync_server.api.user_auth import UserAuthentication
from sync_server.db.engine import Database
from sync_server.services.receipt_verification import verify_receipt

receipt_verify_body_bytes_max = 32 * 1024  # a receipt's text is about 1 KB
RECEIPT_VERIFIER_ROLES = frozenset({Role.SUPERVISOR, Role.HEAD_OFFICE})
_FIELDS = ("qr", "text")


class ReceiptVerificationResource:
    body_bytes_max = receipt_verify_body_bytes_max

    def __init__(
        self, database: Database, *, server_key: Callable[[], Ed25519PrivateKey], clock: Callable[[], str]
    ) -> None:
        self._database = database
        self._authenticate = UserAuthentication(
            database, server_key=server_key, clock=clock, roles=RECEIPT_VERIFIER_ROLES
        )

    def on_post(self, request: falcon.Request, response: falcon.Response) -> None:
        self._authenticate(request, response, self, {})
        body = read_json_object(request, self.body_bytes_max)
        given = [name for name in _FIELDS if name in body]
        if len(given) != 1 or set(body) - set(_FIELDS) or not isinstance(body[given[0]], str):
            raise InvalidInput(
                'Send {"qr": "<the QR code\'s text>"} or {"text": "<the receipt\'s text>"}, one of them'
            )
        claim = read_receipt(body[given[0]])
        with self._database.engine.connect() as connection:
            verification = verify_receipt(connection, claim)
        response.set_header("Cache-Control", "no-store")
        response.status = falcon.HTTP_200
        response.media = verification.to_wire()
