"""Head office's own conversation with the sync server, online only: the day's reconciliation, the
risk picture (loan book, SMEs, insurance), and the devices: list them, issue a one-time enrolment
code, revoke one. The login is the supervisors' (desktop_app.sync.supervision): the same token,
the same failures.

    client = HeadOfficeClient(device.server_url)
    session = client.log_in("njeri", password)
    report = client.reconciliation(session, date(2026, 11, 24), branch="NBO-001")
    code = client.issue_enrolment_code(session, "NBO-001", Channel.BRANCH)   # shown once, never kept

Failures: `LinkDown` (no answer; or `MalformedAnswer`, an answer not as the server sends it, the
field named), `ServerRefused` with the server's code (permission_denied for a user who is not head
office, not_found for an unknown branch or device, invalid_input), `SessionExpired`: log in again.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from desktop_app.sync.portfolio import parse_portfolio
from desktop_app.sync.reconciliation_report import parse_reconciliation
from desktop_app.sync.supervision import SupervisorClient, SupervisorSession
from desktop_app.sync.wire_reading import MalformedAnswer, read_answer
from shared_core.channels import Channel
from shared_core.device_register import DeviceRegister, EnrolmentCode, Revocation
from shared_core.errors import DomainError
from shared_core.exception_cases import ExceptionCase, ExceptionList, StepAnswer
from shared_core.exception_steps import ExceptionStep
from shared_core.portfolio_report import Portfolio, history_months_max
from shared_core.reconciliation_report import ReconciliationReport
from shared_core.references import is_valid_device_code

revocation_reason_length_max = 300  # as the approvals' reasons: a sentence, kept with the device
location_code_length_max = 40  # as the server's branch filter


class HeadOfficeClient(SupervisorClient):
    """The supervisors' client (log_in, the approvals queue) and head office's reads and actions."""

    def reconciliation(
        self, session: SupervisorSession, business_date: date, branch: str | None = None
    ) -> ReconciliationReport:
        """GET /v1/reconciliation. ServerRefused: invalid_input (a day not begun), not_found (branch)."""
        if not isinstance(business_date, date):
            raise TypeError("business_date must be a date")
        query = {"date": business_date.isoformat()}
        if branch is not None:
            if not branch.strip() or len(branch) > location_code_length_max:
                raise ValueError(f"not a branch code: {branch!r}")
            query["branch"] = branch.strip()
        data = self._send("GET", f"/v1/reconciliation?{urlencode(query)}", None, token=session.token)
        return parse_reconciliation(data)

    def portfolio(self, session: SupervisorSession, as_of: date, months: int) -> Portfolio:
        """GET /v1/portfolio: the book as of `as_of` and its history over `months` months."""
        if not isinstance(as_of, date):
            raise TypeError("as_of must be a date")
        if type(months) is not int or not 0 <= months <= history_months_max:
            raise ValueError(f"months: 0 to {history_months_max}, not {months!r}")
        query = urlencode({"date": as_of.isoformat(), "months": months})
        return parse_portfolio(self._send("GET", f"/v1/portfolio?{query}", None, token=session.token))

    def devices(self, session: SupervisorSession) -> DeviceRegister:
        """GET /v1/devices: every enrolled device, and the locations a new one may be enrolled at."""
        return parse_devices(self._send("GET", "/v1/devices", None, token=session.token))

    def issue_enrolment_code(
        self, session: SupervisorSession, location_code: str, channel: Channel
    ) -> EnrolmentCode:
        """POST /v1/enrolment-codes: a one-time code for a new device at the location."""
        body = {"location_code": location_code, "channel": Channel(channel).value}
        data = self._send("POST", "/v1/enrolment-codes", body, token=session.token)
        return read_answer("the enrolment code answer", data, EnrolmentCode.from_wire)

    def revoke_device(self, session: SupervisorSession, device_code: str, reason: str) -> Revocation:
        """POST /v1/devices/{code}/revocation: the device may no longer sync. The reason is kept."""
        if not is_valid_device_code(device_code):
            raise ValueError(f"no device {device_code!r}")
        reason = " ".join(str(reason).split())
        if not reason or len(reason) > revocation_reason_length_max:
            raise ValueError(f"a revocation needs a reason of 1 to {revocation_reason_length_max} characters")
        path = f"/v1/devices/{quote(device_code, safe='')}/revocation"
        data = self._send("POST", path, {"reason": reason}, token=session.token)
        return read_answer(
            "the revocation answer", data, lambda answer: Revocation.from_wire(answer, device_code=device_code)
        )


    # --- exceptions worked (issue 7): head office, and supervisors for their own location ---------

    def exceptions(
        self,
        session: SupervisorSession,
        *,
        status: str | None = None,
        location: str | None = None,
        business_date: date | None = None,
    ) -> ExceptionList:
        """GET /v1/exceptions, newest first: those this user may work (a supervisor, their location's)."""
        query: dict[str, str] = {}
        if status is not None:
            query["status"] = status
        if location is not None:
            if not location.strip() or len(location) > location_code_length_max:
                raise ValueError(f"not a location code: {location!r}")
            query["location"] = location.strip()
        if business_date is not None:
            query["date"] = business_date.isoformat()
        path = "/v1/exceptions" + (f"?{urlencode(query)}" if query else "")
        return _read_exceptions("the exceptions answer", self._send("GET", path, None, token=session.token),
                                ExceptionList.from_wire)

    def exception_case(self, session: SupervisorSession, exception_id: int) -> ExceptionCase:
        """GET /v1/exceptions/{id}: its entry, every step taken, the entry that corrected it."""
        if type(exception_id) is not int or exception_id < 1:
            raise ValueError(f"no exception {exception_id!r}")
        data = self._send("GET", f"/v1/exceptions/{exception_id}", None, token=session.token)
        return _read_exceptions("the exception answer", data, ExceptionCase.from_wire)

    def take_exception_step(self, session: SupervisorSession, exception_id: int, step: ExceptionStep) -> StepAnswer:
        """POST /v1/exceptions/{id}/steps. The step's id is minted before the first send, so sending it
        again after a lost answer is answered with the step already recorded. ServerRefused:
        maker_is_checker and permission_denied (403), exception_already_resolved, resolution_pending,
        no_resolution_pending, step_id_reused (409), correction_not_allowed, correction_above_exception,
        assignee_not_permitted (422), exception_not_found (404)."""
        if type(exception_id) is not int or exception_id < 1:
            raise ValueError(f"no exception {exception_id!r}")
        data = self._send("POST", f"/v1/exceptions/{exception_id}/steps", step.to_wire(), token=session.token)
        return _read_exceptions("the step answer", data, StepAnswer.from_wire)


def _read_exceptions(what: str, data: Any, read: Any) -> Any:
    """An exceptions answer read by shared_core's own reader; anything it refuses is MalformedAnswer."""
    try:
        return read(data)
    except DomainError as error:
        raise MalformedAnswer(what, str(error.details.get("field", "answer")), error.message) from None
    except TypeError as error:
        raise MalformedAnswer(what, "answer", str(error)) from None


def parse_devices(data: Any) -> DeviceRegister:
    """The answer of GET /v1/devices; MalformedAnswer naming the first wrong field."""
    return read_answer("the devices answer", data, DeviceRegister.from_wire)
