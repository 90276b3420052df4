"""Device authentication for requests that carry no batch (the pull, later others).

A Falcon hook (`@falcon.before(...)`, or called first by the resource's responder). It reads
the three headers of shared_core.request_signing, looks the device up, verifies the signature
under the key the device enrolled with, and only then says whether the device may still be
served: an unknown device is 403 device_unknown; a missing or bad signature is 401 (nothing
about the device's state is told to a request that did not prove who sent it); a revoked or
frozen device is 403 device_revoked / device_frozen. The device goes on `req.context.device`.

A request whose signature verifies records the device's contact (services.device_registry): the server's time
and the device's signed clock, written only when due (a minute since the last, or the skew moved),
so most requests add no write at all.
"""

from __future__ import annotations

from collections.abc import Callable

import falcon
from sqlalchemy import select

from shared_core.channels import Channel
from shared_core.errors import BadSignature, DeviceFrozen, DeviceRevoked, DeviceUnknown, InvalidInput
from shared_core.references import is_valid_device_code
from shared_core.request_signing import (
    DEVICE_HEADER,
    SENT_AT_HEADER,
    SIGNATURE_HEADER,
    describe_request,
    verify_request,
)
from shared_core.signing import load_public_key
from sync_server.api.errors import ApiError
from sync_server.api.middleware import body_limit, read_body
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.services.changes import PullingDevice
from sync_server.services.device_registry import contact_due, record_contact
from sync_server.services.devices import DeviceStatus

_d = schema.devices.c
_CHALLENGE = {"WWW-Authenticate": 'Wekeza-Signature realm="devices"'}


def _unauthenticated(code: str, message: str) -> ApiError:
    return ApiError(falcon.HTTP_401, code, message, headers=_CHALLENGE)


class DeviceAuthentication:
    def __init__(self, database: Database, clock: Callable[[], str]) -> None:
        self._database = database
        self._now = clock

    def __call__(
        self, request: falcon.Request, _response: falcon.Response, resource: object, _params: dict
    ) -> None:
        device_code = request.get_header(DEVICE_HEADER)
        sent_at = request.get_header(SENT_AT_HEADER)
        signature = request.get_header(SIGNATURE_HEADER)
        if not device_code or not sent_at or not signature:
            raise _unauthenticated(
                "unauthenticated",
                f"Sign the request with the device's key "
                f"({DEVICE_HEADER}, {SENT_AT_HEADER}, {SIGNATURE_HEADER})",
            )
        if not is_valid_device_code(device_code):
            raise _unauthenticated(
                "unauthenticated", f"{DEVICE_HEADER}: {device_code[:16]!r} is not a device code"
            )
        body = read_body(request, body_limit(resource)) if request.content_length else b""
        with self._database.engine.connect() as connection:
            row = connection.execute(
                select(
                    _d.device_code,
                    _d.channel,
                    _d.location_code,
                    _d.public_key_hex,
                    _d.status,
                    _d.frozen_reason,
                    _d.last_seen_at,
                    _d.clock_skew_s,
                ).where(_d.device_code == device_code)
            ).first()
        if row is None:
            raise DeviceUnknown(
                f"Device {device_code} is not enrolled with this server", device_code=device_code
            )
        now = self._now()
        try:
            signed = describe_request(
                method=request.method,
                path=request.path,
                query=request.query_string,
                body=body,
                device_code=device_code,
                sent_at=sent_at,
            )
            verify_request(signed, signature, load_public_key(row.public_key_hex), now=now)
        except BadSignature as error:
            raise _unauthenticated(BadSignature.code, error.message) from None
        except InvalidInput as error:
            raise _unauthenticated("unauthenticated", error.message) from None
        # Recorded before the state is judged: a revoked laptop still calling is worth seeing.
        if contact_due(row.last_seen_at, row.clock_skew_s, sent_at=sent_at, now=now):
            with self._database.engine.begin() as connection:
                record_contact(connection, device_code, sent_at=sent_at, now=now)
        if row.status == DeviceStatus.REVOKED:
            raise DeviceRevoked(f"Device {device_code} was revoked by head office", device_code=device_code)
        if row.status == DeviceStatus.FROZEN:
            raise DeviceFrozen(
                f"Device {device_code} is frozen ({row.frozen_reason or 'by head office'}); "
                "head office must release it before it is served again",
                device_code=device_code,
            )
        request.context.device = PullingDevice(
            device_code=row.device_code, channel=Channel.parse(row.channel), location_code=row.location_code
        )
        request.context.body = body
