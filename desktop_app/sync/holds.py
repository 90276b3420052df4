"""Head office as the withdrawal service's HoldAuthority: the sync client, signed with the
device's key. The app wires one per device (ui.backend) and passes it to `withdraw_cash`.

A link failure (no answer, a timeout, a 5xx) is `HoldUnanswered`, so the withdrawal is judged as
offline; a refusal of the request itself (a revoked device, a clock a day off) is the domain error
its code names, so the teller reads why and nothing is paid.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.services.context import Clock
from desktop_app.services.withdrawals import HoldUnanswered
from desktop_app.sync.client import LinkDown, ServerRefused, SyncClient
from shared_core.holds import HoldRequest, refusal_for_code
from shared_core.journal import format_timestamp


class ServerHolds:
    def __init__(self, client: SyncClient, device_key: Ed25519PrivateKey, clock: Clock) -> None:
        self._client = client
        self._device_key = device_key
        self._clock = clock

    def request_hold(self, request: HoldRequest) -> bytes:
        sent_at = format_timestamp(self._clock.now())  # the device's clock: the server allows a day
        try:
            return self._client.authorize_withdrawal(request, self._device_key, sent_at=sent_at)
        except LinkDown as error:
            raise HoldUnanswered(str(error)) from error
        except ServerRefused as error:
            raise refusal_for_code(error.code, error.message) from None
