"""Domain errors become HTTP answers here, in one place, with their stable codes."""

from __future__ import annotations

import falcon

from shared_core.errors import DomainError, IntegrityViolation, InvalidInput, PermissionDenied, Refused


def _status_for(error: DomainError) -> str:
    if isinstance(error, PermissionDenied):
        return falcon.HTTP_403
    if isinstance(error, InvalidInput):
        return falcon.HTTP_400
    if isinstance(error, Refused | IntegrityViolation):
        return falcon.HTTP_422
    return falcon.HTTP_400


def handle_domain_error(
    _request: falcon.Request, response: falcon.Response, error: DomainError, _params: dict
) -> None:
    response.status = _status_for(error)
    response.media = {"error": {"code": error.code, "message": error.message, "details": error.details}}


def register_error_handlers(app: falcon.App) -> None:
    app.add_error_handler(DomainError, handle_domain_error)
