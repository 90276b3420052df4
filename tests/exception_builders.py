"""A fake head office that works exceptions in memory, for GUI tests that run without a server: the
devices, reconciliation and the rest as tests/head_office_builders.FakeHeadOffice answers them, plus
HeadOfficeClient's exception calls, judged by shared_core's own rules (check_step, the corrections
each code allows and the postings each books), refusals raised as the real client raises them
(ServerRefused with head office's code).

    EX-1  offline_overdraft  KES 6,000.00 on wallet:C0001234, raised by M4T8's payment of KES 8,000
          to Juma Mwangi at NBO-001 on 2026-11-24 (Achieng at the counter); open, nobody on it
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from desktop_app.sync.client import ServerRefused
from desktop_app.sync.supervision import SupervisorSession, SupervisorUser
from shared_core.accounts import wallet_account
from shared_core.errors import DomainError
from shared_core.exception_cases import (
    CorrectingEntry,
    ExceptionCase,
    ExceptionEntry,
    ExceptionList,
    ExceptionSummary,
    StepAnswer,
)
from shared_core.exception_resolution import (
    CORRECTION_KIND,
    ExceptionStatus,
    correction_postings,
    correction_reference,
)
from shared_core.exception_steps import (
    EVENT_OF_STEP,
    ExceptionEvent,
    ExceptionStep,
    StepAction,
    check_step,
    pending_proposal,
)
from shared_core.money import Money
from shared_core.roles import Role
from tests.head_office_builders import HEAD_OFFICE_PASSWORD, FakeHeadOffice

JUMA = "C0001234"
# Who logs in, by user id: head office but for the branch's supervisor.
ROLES = {"otieno": (Role.SUPERVISOR, "NBO-001"), "mwende": (Role.SUPERVISOR, "MSA-002")}
_HTTP_STATUS = {"maker_is_checker": 403, "permission_denied": 403, "exception_not_found": 404}


def overdraft_summary(exception_id: int = 1) -> ExceptionSummary:
    entry = ExceptionEntry(
        device_code="M4T8", sequence=2, reference="BR-M4T8-000002-3", kind="cash_withdrawal",
        amount=Money.shillings(8_000), customer_cif=JUMA, customer_name="Juma Mwangi",
        business_date="2026-11-24", recorded_at="2026-11-24T07:10:00.000000Z", user_id="achieng",
    )
    return ExceptionSummary(
        exception_id=exception_id, code="offline_overdraft", status=ExceptionStatus.OPEN, location_code="NBO-001",
        account=wallet_account(JUMA), amount=Money.shillings(6_000),
        note="wallet:C0001234 is overdrawn by KES 6,000.00: paid out beyond the balance",
        created_at="2026-11-24T07:30:00.000000Z", assigned_to=None, resolved_at=None, proposal_pending=False,
        entry=entry,
    )


@dataclass
class FakeExceptionDesk(FakeHeadOffice):
    summaries: dict[int, ExceptionSummary] = field(default_factory=lambda: {1: overdraft_summary()})
    events: dict[int, list[ExceptionEvent]] = field(default_factory=dict)
    correcting: dict[int, CorrectingEntry] = field(default_factory=dict)
    clock_s: int = 0

    def log_in(self, user_id: str, password: str) -> SupervisorSession:
        session = super().log_in(user_id, password)
        role, location = ROLES.get(user_id, (Role.HEAD_OFFICE, None))
        return replace(session, user=SupervisorUser(user_id, user_id.capitalize(), role, location))

    def _now(self) -> str:
        self.clock_s += 60
        minutes, seconds = divmod(self.clock_s, 60)
        return f"2026-11-24T{8 + minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d}.000000Z"

    def _visible(self, session: SupervisorSession) -> list[ExceptionSummary]:
        user = session.user
        return [
            summary for summary in self.summaries.values()
            if user.role is Role.HEAD_OFFICE or summary.location_code == user.location_code
        ]

    def case_of(self, exception_id: int) -> ExceptionCase:
        events = tuple(self.events.get(exception_id, ()))
        summary = replace(self.summaries[exception_id], proposal_pending=pending_proposal(events) is not None)
        return ExceptionCase(summary, events, self.correcting.get(exception_id))

    def exceptions(self, session: SupervisorSession, *, status: str | None = None, location: str | None = None,
                   business_date: object = None) -> ExceptionList:
        self._call("exceptions", session.token, status)
        shown = [self.case_of(summary.exception_id).summary for summary in self._visible(session)
                 if status is None or summary.status.value == status]
        return ExceptionList(tuple(sorted(shown, key=lambda s: -s.exception_id)), True)

    def exception_case(self, session: SupervisorSession, exception_id: int) -> ExceptionCase:
        self._call("exception_case", session.token, exception_id)
        if exception_id not in {s.exception_id for s in self._visible(session)}:
            raise ServerRefused(404, "exception_not_found", f"There is no exception EX-{exception_id}")
        return self.case_of(exception_id)

    def take_exception_step(self, session: SupervisorSession, exception_id: int, step: ExceptionStep) -> StepAnswer:
        self._call("take_exception_step", session.token, exception_id, step.action.value)
        case = self.exception_case(session, exception_id)
        user = session.user
        try:
            check_step(step.action, status=case.summary.status, events=case.events, user_id=user.user_id,
                       role=user.role)
            correction = step.correction
            if step.action is StepAction.PROPOSE:
                assert correction is not None
                correction_postings(case.summary.facts, correction)
            if step.action is StepAction.APPROVE:
                proposal = pending_proposal(case.events)
                assert proposal is not None and proposal.correction is not None
                correction = proposal.correction
                postings = correction_postings(case.summary.facts, correction)
                now = self._now()
                if postings:
                    self.correcting[exception_id] = CorrectingEntry(
                        correction_reference(len(self.correcting) + 1), CORRECTION_KIND, now[:10],
                        correction.amount, proposal.user_id, user.user_id, now, postings,
                    )
                self.summaries[exception_id] = replace(
                    self.summaries[exception_id], status=ExceptionStatus.RESOLVED, resolved_at=now)
        except DomainError as error:
            raise ServerRefused(_HTTP_STATUS.get(error.code, 409), error.code, error.message) from None
        if step.action is StepAction.ASSIGN:
            self.summaries[exception_id] = replace(self.summaries[exception_id], assigned_to=step.assignee)
        events = self.events.setdefault(exception_id, [])
        event = ExceptionEvent(len(events) + 1, step.step_id, EVENT_OF_STEP[step.action], user.user_id,
                               self._now(), step.note, step.assignee, correction)
        events.append(event)
        return StepAnswer(event, self.case_of(exception_id), False)


__all__ = ["HEAD_OFFICE_PASSWORD", "FakeExceptionDesk", "overdraft_summary"]
