"""Head office manages its devices online (a user token from POST /v1/sessions, of a role holding
Permission.DEVICES_MANAGE): services.device_registry.

    GET  /v1/devices                              every device, its last batch, last contact and skew;
                                                  and the locations a code can be issued for
    POST /v1/enrolment-codes                      {"location_code", "channel"?, "valid_hours"?} -> 201
    POST /v1/devices/{device_code}/revocation     {"reason"} -> 200 {"device_code", "status": "revoked"}

POST /v1/devices stays the device's own enrolment with a code (api/devices.py), unauthenticated but
for the code: the one resource of that path serves both, each method with its own credential.
Answers are never cached: they name devices and their state. Their shapes are
shared_core.device_register's, which the desktop reads.
"""

from __future__ import annotations

from collections.abc import Callable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.device_register import Revocation
from shared_core.roles import Permission, Role, has_permission
from sync_server.api.devices import DevicesResource
from sync_server.api.middleware import read_json_object
from sync_server.api.user_auth import UserAuthentication
from sync_server.db.engine import Database
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.device_registry import issue_code, list_devices, revoke
from sync_server.services.enrolment import valid_hours_default

admin_body_bytes_max = 4 * 1024
DEVICE_MANAGERS = frozenset(role for role in Role if has_permission(role, Permission.DEVICES_MANAGE))


def _managers(
    database: Database, server_key: Callable[[], Ed25519PrivateKey], clock: Callable[[], str]
) -> UserAuthentication:
    return UserAuthentication(database, server_key=server_key, clock=clock, roles=DEVICE_MANAGERS)


class DevicesAdminResource(DevicesResource):
    """/v1/devices: a device enrols itself (POST, inherited) and head office lists them (GET)."""

    def __init__(
        self,
        database: Database,
        *,
        server_key: Callable[[], Ed25519PrivateKey],
        clock: Callable[[], str],
        bank_name: str,
    ) -> None:
        super().__init__(database, server_key=server_key, clock=clock, bank_name=bank_name)
        self._authenticate = _managers(database, server_key, clock)

    def on_get(self, request: falcon.Request, response: falcon.Response) -> None:
        self._authenticate(request, response, self, {})
        with self._database.engine.connect() as connection:
            register = list_devices(connection)
        response.set_header("Cache-Control", "no-store")
        response.media = register.to_wire()


class EnrolmentCodesResource:
    body_bytes_max = admin_body_bytes_max

    def __init__(
        self, database: Database, *, server_key: Callable[[], Ed25519PrivateKey], clock: Callable[[], str]
    ) -> None:
        self._database = database
        self._now = clock
        self._authenticate = _managers(database, server_key, clock)

    def on_post(self, request: falcon.Request, response: falcon.Response) -> None:
        self._authenticate(request, response, self, {})
        body = read_json_object(request, self.body_bytes_max)
        with UnitOfWork(self._database) as uow:
            issued = issue_code(
                uow.connection,
                location_code=body.get("location_code"),
                channel=body.get("channel"),
                valid_hours=body.get("valid_hours", valid_hours_default),
                now=self._now(),
            )
            uow.commit()
        response.set_header("Cache-Control", "no-store")
        response.status = falcon.HTTP_201
        response.media = issued.to_wire()


class DeviceRevocationResource:
    body_bytes_max = admin_body_bytes_max

    def __init__(
        self, database: Database, *, server_key: Callable[[], Ed25519PrivateKey], clock: Callable[[], str]
    ) -> None:
        self._database = database
        self._now = clock
        self._authenticate = _managers(database, server_key, clock)

    def on_post(self, request: falcon.Request, response: falcon.Response, device_code: str) -> None:
        self._authenticate(request, response, self, {})
        body = read_json_object(request, self.body_bytes_max)
        with UnitOfWork(self._database) as uow:
            status = revoke(
                uow.connection,
                device_code,
                revoked_by=request.context.user.user_id,
                reason=body.get("reason"),
                now=self._now(),
            )
            uow.commit()
        response.set_header("Cache-Control", "no-store")
        response.media = Revocation(device_code, status).to_wire()
