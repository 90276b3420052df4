"""Working an exception, step by step: what a user asks (`ExceptionStep`), what is recorded
(`ExceptionEvent`, append-only), and who may take which step now.

    assign   -> assigned              someone (who may work it) is to work it now
    comment  -> commented             a note on the record
    propose  -> resolution_proposed   a correction (shared_core.exception_resolution), with why
    approve  -> resolution_approved   a checker, never its proposer: the correction is booked and
                                      the exception resolved, in one transaction
    reject   -> resolution_rejected   a checker says no, with why: the exception stays open

Maker-checker as everywhere: the proposer is the maker, and `shared_core.approvals.check_checker`
(the one rule: a checker may never be the maker) judges the checker. One proposal waits at a time;
a resolved exception takes no more steps. Steps need Permission.EXCEPTIONS_RESOLVE; which
exceptions a user may work (a supervisor, their own locations') is the server's to say.

A step carries an id minted by the client (`step_id`), so sending it again after a lost answer
gets the step already recorded, never a second one; `step_digest` is what the server compares.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shared_core import canonical
from shared_core.approvals import ApprovalItem, check_checker
from shared_core.canonical import require_fields, require_int, require_pattern, require_text
from shared_core.errors import (
    DomainError,
    ExceptionAlreadyResolved,
    InvalidInput,
    NoResolutionPending,
    ResolutionPending,
)
from shared_core.exception_resolution import Correction, ExceptionStatus
from shared_core.journal import require_timestamp, user_id_length_max
from shared_core.roles import Permission, Role, parse_role, require_permission

note_length_max = 1000
step_id_length_max = 36  # a UUID's text
STEP_FIELDS = ("step_id", "action", "note", "assignee", "correction")
EVENT_FIELDS = ("event_id", "step_id", "action", "user_id", "at", "note", "assignee", "correction")
_STEP_ID = re.compile(rf"[0-9A-Za-z-]{{8,{step_id_length_max}}}", re.ASCII)
_USER_ID = re.compile(rf"[^\s].{{0,{user_id_length_max - 1}}}", re.ASCII | re.DOTALL)


class StepAction(StrEnum):
    """What a user asks to do to an exception (imperative)."""

    ASSIGN = "assign"
    COMMENT = "comment"
    PROPOSE = "propose"
    APPROVE = "approve"
    REJECT = "reject"


class EventAction(StrEnum):
    """What was done to an exception (past tense), as recorded."""

    ASSIGNED = "assigned"
    COMMENTED = "commented"
    RESOLUTION_PROPOSED = "resolution_proposed"
    RESOLUTION_APPROVED = "resolution_approved"
    RESOLUTION_REJECTED = "resolution_rejected"


EVENT_OF_STEP = {
    StepAction.ASSIGN: EventAction.ASSIGNED,
    StepAction.COMMENT: EventAction.COMMENTED,
    StepAction.PROPOSE: EventAction.RESOLUTION_PROPOSED,
    StepAction.APPROVE: EventAction.RESOLUTION_APPROVED,
    StepAction.REJECT: EventAction.RESOLUTION_REJECTED,
}
assert set(EVENT_OF_STEP) == set(StepAction) and set(EVENT_OF_STEP.values()) == set(EventAction)
_NOTE_NEEDED = {
    StepAction.COMMENT: "say what the comment is",
    StepAction.PROPOSE: "say why this correction puts it right",
    StepAction.REJECT: "say why the proposal is rejected",
}


def _note(value: object, field: str) -> str:
    text = require_text(value, field, length_max=note_length_max, allow_empty=True)
    return " ".join(text.split())


def _optional_user(value: object, field: str) -> str | None:
    if value is None:
        return None
    return require_pattern(value, field, _USER_ID, f"a user id of at most {user_id_length_max} characters")


@dataclass(frozen=True, slots=True)
class ExceptionStep:
    """One step a user asks to take: the body of POST /v1/exceptions/{id}/steps."""

    step_id: str
    action: StepAction
    note: str = ""
    assignee: str | None = None  # assign only
    correction: Correction | None = None  # propose only

    def __post_init__(self) -> None:
        require_pattern(self.step_id, "step_id", _STEP_ID, "a step id (a UUID the client minted)")
        if not isinstance(self.action, StepAction):
            raise TypeError(f"ExceptionStep.action must be a StepAction, got {type(self.action).__name__}")
        require_text(self.note, "note", length_max=note_length_max, allow_empty=True)
        if self.action in _NOTE_NEEDED and not self.note.strip():
            raise InvalidInput(f"note: {_NOTE_NEEDED[self.action]}", field="note")
        if (self.assignee is not None) != (self.action is StepAction.ASSIGN):
            raise InvalidInput(
                "assignee: name the user to assign to" if self.action is StepAction.ASSIGN
                else f"assignee: only an assign step names one, not a {self.action.value} step",
                field="assignee",
            )
        if self.assignee is not None:
            _optional_user(self.assignee, "assignee")
        if (self.correction is not None) != (self.action is StepAction.PROPOSE):
            raise InvalidInput(
                "correction: say which correction is proposed" if self.action is StepAction.PROPOSE
                else f"correction: only a propose step carries one, not a {self.action.value} step",
                field="correction",
            )
        if self.correction is not None and not isinstance(self.correction, Correction):
            raise TypeError("ExceptionStep.correction must be a Correction")

    def to_wire(self) -> dict[str, Any]:
        return {
            "step_id": self.step_id,
            "action": self.action.value,
            "note": self.note,
            "assignee": self.assignee,
            "correction": None if self.correction is None else self.correction.to_wire(),
        }

    @classmethod
    def from_wire(cls, data: object) -> ExceptionStep:
        fields = require_fields(data, STEP_FIELDS, "step")
        action = fields["action"]
        if not isinstance(action, str) or action not in _STEP_VALUES:
            choices = ", ".join(step.value for step in StepAction)
            raise InvalidInput(f"action: {action!r} is not a step; expected one of {choices}", field="action")
        correction = fields["correction"]
        return cls(
            step_id=require_pattern(fields["step_id"], "step_id", _STEP_ID, "a step id (a UUID the client minted)"),
            action=StepAction(action),
            note=_note(fields["note"], "note"),
            assignee=_optional_user(fields["assignee"], "assignee"),
            correction=None if correction is None else Correction.from_wire(correction),
        )

    def digest(self, *, exception_id: int, user_id: str) -> str:
        """What a retry must match: this step, on this exception, by this user."""
        return canonical.sha256_hex(
            canonical.encode({"exception_id": exception_id, "user_id": user_id, "step": self.to_wire()})
        )


_STEP_VALUES = frozenset(step.value for step in StepAction)
_EVENT_VALUES = frozenset(event.value for event in EventAction)


@dataclass(frozen=True, slots=True)
class ExceptionEvent:
    """One step as recorded: append-only, never changed."""

    event_id: int
    step_id: str
    action: EventAction
    user_id: str
    at: str  # the server's clock, UTC
    note: str
    assignee: str | None = None  # assigned
    correction: Correction | None = None  # resolution_proposed, resolution_approved (the one booked)

    def __post_init__(self) -> None:
        require_int(self.event_id, "event_id", minimum=1)
        require_pattern(self.step_id, "step_id", _STEP_ID, "a step id")
        if not isinstance(self.action, EventAction):
            raise TypeError(f"ExceptionEvent.action must be an EventAction, got {type(self.action).__name__}")
        _optional_user(self.user_id, "user_id")
        require_timestamp(self.at, "at")
        require_text(self.note, "note", length_max=note_length_max, allow_empty=True)
        _optional_user(self.assignee, "assignee")
        if self.correction is not None and not isinstance(self.correction, Correction):
            raise TypeError("ExceptionEvent.correction must be a Correction")

    def to_wire(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "step_id": self.step_id,
            "action": self.action.value,
            "user_id": self.user_id,
            "at": self.at,
            "note": self.note,
            "assignee": self.assignee,
            "correction": None if self.correction is None else self.correction.to_wire(),
        }

    @classmethod
    def from_wire(cls, data: object, *, path: str = "event") -> ExceptionEvent:
        fields = require_fields(data, EVENT_FIELDS, path)
        action = fields["action"]
        if not isinstance(action, str) or action not in _EVENT_VALUES:
            raise InvalidInput(f"{path}.action: {action!r} is not a step this release knows", field=path)
        correction = fields["correction"]
        return cls(
            event_id=require_int(fields["event_id"], f"{path}.event_id", minimum=1),
            step_id=require_pattern(fields["step_id"], f"{path}.step_id", _STEP_ID, "a step id"),
            action=EventAction(action),
            user_id=require_pattern(fields["user_id"], f"{path}.user_id", _USER_ID, "a user id"),
            at=require_timestamp(fields["at"], f"{path}.at"),
            note=require_text(fields["note"], f"{path}.note", length_max=note_length_max, allow_empty=True),
            assignee=_optional_user(fields["assignee"], f"{path}.assignee"),
            correction=None if correction is None else Correction.from_wire(correction, path=f"{path}.correction"),
        )


def pending_proposal(events: Iterable[ExceptionEvent]) -> ExceptionEvent | None:
    """The proposal waiting for a checker: the last one proposed, unless approved or rejected since."""
    pending = None
    for event in events:
        if event.action is EventAction.RESOLUTION_PROPOSED:
            pending = event
        elif event.action in (EventAction.RESOLUTION_APPROVED, EventAction.RESOLUTION_REJECTED):
            pending = None
    return pending


def check_step(
    action: StepAction, *, status: ExceptionStatus, events: tuple[ExceptionEvent, ...], user_id: str, role: Role
) -> None:
    """Refuse a step this user may not take now, with the reason's stable code:
    permission_denied (the role does not work exceptions), exception_already_resolved,
    resolution_pending (propose while one waits), no_resolution_pending (approve or reject with
    none waiting), maker_is_checker (approve or reject one's own proposal)."""
    if not isinstance(action, StepAction):
        raise TypeError(f"check_step needs a StepAction, got {type(action).__name__}")
    role = parse_role(role)
    require_permission(role, Permission.EXCEPTIONS_RESOLVE)
    if ExceptionStatus(status) is ExceptionStatus.RESOLVED:
        raise ExceptionAlreadyResolved("This exception is resolved; its resolution stands")
    pending = pending_proposal(events)
    if action is StepAction.PROPOSE and pending is not None:
        raise ResolutionPending(
            f"A resolution proposed by {pending.user_id} at {pending.at} waits for a checker; "
            "approve or reject it first",
            proposed_by=pending.user_id,
        )
    if action in (StepAction.APPROVE, StepAction.REJECT):
        if pending is None:
            raise NoResolutionPending("No resolution waits for a checker; propose a correction first")
        check_checker(
            maker_user_id=pending.user_id,
            checker_user_id=user_id,
            checker_role=role,
            item=ApprovalItem.EXCEPTION_RESOLUTION,
        )


def allowed_steps(
    *, status: ExceptionStatus, events: tuple[ExceptionEvent, ...], user_id: str, role: Role
) -> frozenset[StepAction]:
    """The steps `user_id` may take now, by the same rule the server applies (for buttons)."""
    allowed = set()
    for action in StepAction:
        try:
            check_step(action, status=status, events=events, user_id=user_id, role=role)
        except DomainError:
            continue
        allowed.add(action)
    return frozenset(allowed)
