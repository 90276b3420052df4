"""User authentication for what supervisors and head office do online (the approvals queue, later
more), used as api/device_auth.py's DeviceAuthentication is: called first by the responder.

    self._authenticate = UserAuthentication(database, server_key=key_source, clock=clock.now,
                                            roles={Role.SUPERVISOR, Role.HEAD_OFFICE})

It reads `Authorization: Bearer <token>` (a token from POST /v1/sessions), verifies it and reads
the user again (services.sessions.verify_token). No token, or one that is malformed, forged,
expired or names a user no longer active: 401 with a challenge, and nothing else. A valid token
of a role this resource does not serve: 403 role_not_allowed. The user goes on
`request.context.user`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.errors import RoleNotAllowed, TokenInvalid
from shared_core.roles import Role
from sync_server.api.errors import USER_CHALLENGE, ApiError
from sync_server.db.engine import Database
from sync_server.services.sessions import token_chars_max, verify_token

_BEARER = "bearer"


def _unauthenticated(code: str, message: str) -> ApiError:
    return ApiError(falcon.HTTP_401, code, message, headers={"WWW-Authenticate": USER_CHALLENGE})


def _role_words(roles: Iterable[Role]) -> str:
    return " or ".join(sorted(role.value.replace("_", " ") for role in roles))


class UserAuthentication:
    def __init__(
        self,
        database: Database,
        *,
        server_key: Callable[[], Ed25519PrivateKey],
        clock: Callable[[], str],
        roles: Iterable[Role],
    ) -> None:
        self._database = database
        self._server_key = server_key
        self._now = clock
        self.roles = frozenset(roles)
        assert self.roles, "a resource names the roles it serves"

    def __call__(
        self, request: falcon.Request, _response: falcon.Response, _resource: object, _params: dict
    ) -> None:
        header = request.get_header("Authorization") or ""
        scheme, _, token = header.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != _BEARER or not token:
            raise _unauthenticated(
                "unauthenticated",
                "Log in (POST /v1/sessions) and send the token as 'Authorization: Bearer ...'",
            )
        if len(token) > token_chars_max:
            raise _unauthenticated(TokenInvalid.code, "The token is not one this server issued; log in again")
        try:
            with self._database.engine.connect() as connection:
                user = verify_token(
                    connection, token, now=self._now(), server_public_key=self._server_key().public_key()
                )
        except TokenInvalid as error:  # and TokenExpired
            raise _unauthenticated(error.code, error.message) from None
        if user.role not in self.roles:
            raise RoleNotAllowed(
                f"A {user.role.value.replace('_', ' ')} may not use this; "
                f"it is for a {_role_words(self.roles)}",
                role=user.role.value,
            )
        request.context.user = user
