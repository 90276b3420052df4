"""Every error becomes an HTTP answer here, in one place, shaped alike:

    {"error": {"code": "device_revoked", "message": "...", "details": {...}}}

Domain errors keep their stable code with a 4xx status; Falcon's own errors (404, 405, 413, 415)
and ours (`ApiError`) take the same shape; a database that does not answer (down, a deadlock, a
lock wait) is 503, which devices retry; anything else is 500, logged here with its traceback and
answered with no internals.
"""

from __future__ import annotations

import logging

import falcon
from sqlalchemy.exc import OperationalError

from shared_core.errors import (
    AlreadyDecided,
    AssigneeNotPermitted,
    AuthenticationFailed,
    DeviceFrozen,
    DeviceRevoked,
    DeviceUnknown,
    DomainError,
    EnrolmentCodeInvalid,
    ExceptionAlreadyResolved,
    ForkDetected,
    IntegrityViolation,
    InvalidInput,
    LockedOut,
    MakerIsChecker,
    NoResolutionPending,
    NotAwaitingApproval,
    NotFound,
    PermissionDenied,
    Refused,
    ResolutionPending,
    StepIdReused,
    UpgradeNeeded,
)

retry_after_s = 5
USER_CHALLENGE = 'Bearer realm="users"'  # a user logs in at POST /v1/sessions for a token
log = logging.getLogger("sync_server.api")

# First match wins, so the more specific classes come first.
_STATUS_BY_ERROR: tuple[tuple[type[DomainError], str], ...] = (
    (DeviceUnknown, falcon.HTTP_403),
    (DeviceRevoked, falcon.HTTP_403),
    (DeviceFrozen, falcon.HTTP_403),
    (EnrolmentCodeInvalid, falcon.HTTP_403),
    (AssigneeNotPermitted, falcon.HTTP_422),  # the user named may not work it; the caller may
    (PermissionDenied, falcon.HTTP_403),  # and RoleNotAllowed: a valid login of the wrong role
    (MakerIsChecker, falcon.HTTP_403),
    (AuthenticationFailed, falcon.HTTP_401),  # and TokenInvalid, TokenExpired
    (LockedOut, falcon.HTTP_429),
    (NotFound, falcon.HTTP_404),
    (AlreadyDecided, falcon.HTTP_409),
    (NotAwaitingApproval, falcon.HTTP_409),
    (ExceptionAlreadyResolved, falcon.HTTP_409),
    (ResolutionPending, falcon.HTTP_409),
    (NoResolutionPending, falcon.HTTP_409),
    (StepIdReused, falcon.HTTP_409),
    (ForkDetected, falcon.HTTP_409),
    (UpgradeNeeded, falcon.HTTP_426),
    (InvalidInput, falcon.HTTP_400),
    (Refused, falcon.HTTP_422),
    (IntegrityViolation, falcon.HTTP_422),
)
_CODE_BY_STATUS = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    411: "length_required",
    413: "payload_too_large",
    415: "unsupported_media_type",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(falcon.HTTPError):
    """An HTTP refusal with one of our stable codes (e.g. 415 'unsupported_media_type')."""

    def __init__(
        self, status: str, code: str, message: str, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(status, title=code, description=message, headers=headers)
        self.error_code = code


def status_for(error: DomainError) -> str:
    for error_class, status in _STATUS_BY_ERROR:
        if isinstance(error, error_class):
            return status
    return falcon.HTTP_400


def _error_body(code: str, message: str, details: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def handle_domain_error(
    _request: falcon.Request, response: falcon.Response, error: DomainError, _params: dict
) -> None:
    response.status = status_for(error)
    if response.status == falcon.HTTP_401:  # a 401 says how to authenticate (RFC 9110)
        response.set_header("WWW-Authenticate", USER_CHALLENGE)
    response.media = _error_body(error.code, error.message, dict(error.details))


def handle_database_unavailable(
    request: falcon.Request, response: falcon.Response, error: OperationalError, _params: dict
) -> None:
    log.warning("database unavailable on %s %s: %s", request.method, request.path, error.orig)
    response.status = falcon.HTTP_503
    response.set_header("Retry-After", str(retry_after_s))
    response.media = _error_body("unavailable", "The server's database is not answering; try again shortly")


def handle_unexpected(
    request: falcon.Request, response: falcon.Response, error: Exception, _params: dict
) -> None:
    log.exception("unexpected error on %s %s", request.method, request.path, exc_info=error)
    response.status = falcon.HTTP_500
    response.media = _error_body("internal_error", "The server failed to answer; it has logged why")


def serialize_http_error(
    _request: falcon.Request, response: falcon.Response, error: falcon.HTTPError
) -> None:
    status_code = int(str(error.status).split(" ", 1)[0])
    code = getattr(error, "error_code", None) or _CODE_BY_STATUS.get(status_code, "http_error")
    response.media = _error_body(code, error.description or error.title or str(error.status))


def register_error_handlers(app: falcon.App) -> None:
    # Falcon picks the handler of the most specific class in the error's MRO, so its own HTTPError
    # handler (which calls serialize_http_error) still answers a 404 or a 415.
    app.add_error_handler(Exception, handle_unexpected)
    app.add_error_handler(OperationalError, handle_database_unavailable)
    app.add_error_handler(DomainError, handle_domain_error)
    app.set_error_serializer(serialize_http_error)
