"""Exceptions worked online, for head office and supervisors (a user token from POST /v1/sessions):

    GET  /v1/exceptions[?status=open|resolved][&location=CODE][&date=YYYY-MM-DD]   the list
    GET  /v1/exceptions/{exception_id}                 one, with its entry, every step and its correction
    POST /v1/exceptions/{exception_id}/steps           a step: assign, comment, propose, approve, reject

A supervisor sees and works only the exceptions raised at their location (services.exception_work).
A step answers 201 with the event recorded and the case after it; the same step sent again (its
step_id) answers 200 with the step first recorded and changes nothing. Refusals carry stable codes:
404 exception_not_found; 403 permission_denied, maker_is_checker; 409 exception_already_resolved,
resolution_pending, no_resolution_pending, step_id_reused; 422 correction_not_allowed,
correction_above_exception, assignee_not_permitted; 400 a step that cannot be read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.errors import InvalidInput
from shared_core.exception_steps import ExceptionStep
from sync_server.api.middleware import read_json_object
from sync_server.api.user_auth import UserAuthentication
from sync_server.db.engine import Database
from sync_server.services.exception_work import WORKER_ROLES, list_exceptions, read_case, take_step

step_body_bytes_max = 8 * 1024  # a note of 1,000 characters at 4 bytes each, and the rest
location_code_length_max = 40
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


class _Resource:
    def __init__(
        self, database: Database, *, server_key: Callable[[], Ed25519PrivateKey], clock: Callable[[], str]
    ) -> None:
        self._database = database
        self._now = clock
        self._authenticate = UserAuthentication(database, server_key=server_key, clock=clock, roles=WORKER_ROLES)


class ExceptionsResource(_Resource):
    def on_get(self, request: falcon.Request, response: falcon.Response) -> None:
        self._authenticate(request, response, self, {})
        location = request.get_param("location") or None
        if location is not None and len(location) > location_code_length_max:
            raise InvalidInput(
                f"location: a location code of at most {location_code_length_max} characters", field="location"
            )
        business_date = request.get_param("date") or None
        if business_date is not None and not _DATE.fullmatch(business_date):
            raise InvalidInput("date: a business date, YYYY-MM-DD", field="date")
        with self._database.engine.connect() as connection:
            response.media = list_exceptions(
                connection,
                request.context.user,
                status=request.get_param("status") or None,
                location_code=location,
                business_date=business_date,
            ).to_wire()
        response.set_header("Cache-Control", "no-store")
        response.status = falcon.HTTP_200


class ExceptionResource(_Resource):
    def on_get(self, request: falcon.Request, response: falcon.Response, exception_id: int) -> None:
        self._authenticate(request, response, self, {})
        with self._database.engine.connect() as connection:
            response.media = read_case(connection, request.context.user, exception_id).to_wire()
        response.set_header("Cache-Control", "no-store")
        response.status = falcon.HTTP_200


class ExceptionStepsResource(_Resource):
    body_bytes_max = step_body_bytes_max

    def on_post(self, request: falcon.Request, response: falcon.Response, exception_id: int) -> None:
        self._authenticate(request, response, self, {})
        step = ExceptionStep.from_wire(read_json_object(request, self.body_bytes_max))
        outcome = take_step(self._database, request.context.user, exception_id, step, now=self._now())
        response.status = falcon.HTTP_200 if outcome.replayed else falcon.HTTP_201
        response.media = outcome.to_wire()
