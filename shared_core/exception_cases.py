"""An exception as head office's desktop reads it: the server writes these shapes, the desktop reads
the same ones (GET /v1/exceptions and /v1/exceptions/{id}; api/openapi.py describes them).

    summary          {"exception_id", "label", "code", "status", "location_code", "account",
                      "amount_cents", "note", "created_at", "assigned_to", "resolved_at",
                      "proposal_pending", "entry"}
    entry            {"device_code", "sequence", "reference", "kind", "amount_cents", "customer_cif",
                      "customer_name", "business_date", "recorded_at", "user_id"}
    case             {"exception": summary, "events": [event...], "correcting_entry": null | correcting}
    correcting       {"reference", "kind", "business_date", "amount_cents", "maker", "checker",
                      "booked_at", "postings": [{"account", "amount_cents"}...]}

The entry is the device's entry that raised the exception. An exception's code is kept as text:
a newer server may know codes this release does not, and its exceptions still list (nothing can be
proposed for them here: exception_resolution.corrections_for answers none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from shared_core.accounts import parse_account
from shared_core.canonical import require_fields, require_int, require_pattern, require_text
from shared_core.errors import InvalidInput
from shared_core.exception_resolution import (
    ExceptionCode,
    ExceptionFacts,
    ExceptionStatus,
    corrections_for,
)
from shared_core.exception_steps import ExceptionEvent, StepAction, allowed_steps, note_length_max
from shared_core.journal import require_device_code, require_timestamp, user_id_length_max
from shared_core.ledger import Posting, ensure_balanced
from shared_core.money import Money, amount_cents_max
from shared_core.roles import Role

exception_note_length_max = 2000  # what judging writes (its exception_note_length_max)
name_length_max = 200
SUMMARY_FIELDS = (
    "exception_id",
    "label",
    "code",
    "status",
    "location_code",
    "account",
    "amount_cents",
    "note",
    "created_at",
    "assigned_to",
    "resolved_at",
    "proposal_pending",
    "entry",
)
ENTRY_FIELDS = (
    "device_code",
    "sequence",
    "reference",
    "kind",
    "amount_cents",
    "customer_cif",
    "customer_name",
    "business_date",
    "recorded_at",
    "user_id",
)
CORRECTING_FIELDS = (
    "reference",
    "kind",
    "business_date",
    "amount_cents",
    "maker",
    "checker",
    "booked_at",
    "postings",
)
CASE_FIELDS = ("exception", "events", "correcting_entry")
_CODE = re.compile(r"[a-z][a-z0-9_]{0,63}", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_TEXT_ID = re.compile(r"[^\s].{0,63}", re.ASCII | re.DOTALL)


def exception_label(exception_id: int) -> str:
    """How an exception is named to people: 'EX-42'."""
    return f"EX-{exception_id}"


def _optional(value: object, read: Any) -> Any:
    return None if value is None else read(value)


def _text_id(value: object, field: str) -> str:
    return require_pattern(value, field, _TEXT_ID, f"text of at most {user_id_length_max} characters")


def _cents(value: object, field: str) -> Money:
    return Money(require_int(value, field, minimum=0, maximum=amount_cents_max))


@dataclass(frozen=True, slots=True)
class ExceptionEntry:
    """The device's entry that raised the exception, as head office booked it."""

    device_code: str
    sequence: int
    reference: str
    kind: str
    amount: Money
    customer_cif: str | None
    customer_name: str | None
    business_date: str
    recorded_at: str
    user_id: str  # who did it at the counter

    def to_wire(self) -> dict[str, Any]:
        return {
            "device_code": self.device_code,
            "sequence": self.sequence,
            "reference": self.reference,
            "kind": self.kind,
            "amount_cents": self.amount.cents,
            "customer_cif": self.customer_cif,
            "customer_name": self.customer_name,
            "business_date": self.business_date,
            "recorded_at": self.recorded_at,
            "user_id": self.user_id,
        }

    @classmethod
    def from_wire(cls, data: object, *, path: str = "entry") -> ExceptionEntry:
        fields = require_fields(data, ENTRY_FIELDS, path)
        return cls(
            device_code=require_device_code(fields["device_code"], f"{path}.device_code"),
            sequence=require_int(fields["sequence"], f"{path}.sequence", minimum=1),
            reference=require_text(fields["reference"], f"{path}.reference", length_max=64),
            kind=require_pattern(fields["kind"], f"{path}.kind", _CODE, "an operation kind"),
            amount=_cents(fields["amount_cents"], f"{path}.amount_cents"),
            customer_cif=_optional(fields["customer_cif"], lambda v: _text_id(v, f"{path}.customer_cif")),
            customer_name=_optional(
                fields["customer_name"],
                lambda v: require_text(v, f"{path}.customer_name", length_max=name_length_max),
            ),
            business_date=require_pattern(fields["business_date"], f"{path}.business_date", _DATE, "a date"),
            recorded_at=require_timestamp(fields["recorded_at"], f"{path}.recorded_at"),
            user_id=_text_id(fields["user_id"], f"{path}.user_id"),
        )


@dataclass(frozen=True, slots=True)
class ExceptionSummary:
    """One exception as a list shows it."""

    exception_id: int
    code: str
    status: ExceptionStatus
    location_code: str
    account: str | None
    amount: Money
    note: str | None
    created_at: str
    assigned_to: str | None
    resolved_at: str | None
    proposal_pending: bool
    entry: ExceptionEntry

    def __post_init__(self) -> None:
        require_int(self.exception_id, "exception_id", minimum=1)
        require_pattern(self.code, "code", _CODE, "an exception code")
        if not isinstance(self.status, ExceptionStatus):
            raise TypeError(f"ExceptionSummary.status must be an ExceptionStatus, got {type(self.status).__name__}")
        if not isinstance(self.amount, Money) or not isinstance(self.entry, ExceptionEntry):
            raise TypeError("ExceptionSummary holds Money and an ExceptionEntry")
        if type(self.proposal_pending) is not bool:
            raise TypeError("ExceptionSummary.proposal_pending is a bool")

    @property
    def label(self) -> str:
        return exception_label(self.exception_id)

    @property
    def facts(self) -> ExceptionFacts:
        """What the correction rules read; only for a code this release knows."""
        return ExceptionFacts(ExceptionCode(self.code), self.account, self.amount, self.entry.customer_cif)

    def to_wire(self) -> dict[str, Any]:
        return {
            "exception_id": self.exception_id,
            "label": self.label,
            "code": self.code,
            "status": self.status.value,
            "location_code": self.location_code,
            "account": self.account,
            "amount_cents": self.amount.cents,
            "note": self.note,
            "created_at": self.created_at,
            "assigned_to": self.assigned_to,
            "resolved_at": self.resolved_at,
            "proposal_pending": self.proposal_pending,
            "entry": self.entry.to_wire(),
        }

    @classmethod
    def from_wire(cls, data: object, *, path: str = "exception") -> ExceptionSummary:
        fields = require_fields(data, SUMMARY_FIELDS, path)
        status = fields["status"]
        if status not in {s.value for s in ExceptionStatus}:
            raise InvalidInput(f"{path}.status: {status!r} is not open or resolved", field=f"{path}.status")
        pending = fields["proposal_pending"]
        if type(pending) is not bool:
            raise InvalidInput(f"{path}.proposal_pending: expected true or false", field=f"{path}.proposal_pending")
        summary = cls(
            exception_id=require_int(fields["exception_id"], f"{path}.exception_id", minimum=1),
            code=require_pattern(fields["code"], f"{path}.code", _CODE, "an exception code"),
            status=ExceptionStatus(str(status)),
            location_code=_text_id(fields["location_code"], f"{path}.location_code"),
            account=_optional(fields["account"], lambda v: str(parse_account(str(v)))),
            amount=_cents(fields["amount_cents"], f"{path}.amount_cents"),
            note=_optional(
                fields["note"],
                lambda v: require_text(v, f"{path}.note", length_max=exception_note_length_max, allow_empty=True),
            ),
            created_at=require_timestamp(fields["created_at"], f"{path}.created_at"),
            assigned_to=_optional(fields["assigned_to"], lambda v: _text_id(v, f"{path}.assigned_to")),
            resolved_at=_optional(fields["resolved_at"], lambda v: require_timestamp(v, f"{path}.resolved_at")),
            proposal_pending=pending,
            entry=ExceptionEntry.from_wire(fields["entry"], path=f"{path}.entry"),
        )
        if fields["label"] != summary.label:
            raise InvalidInput(f"{path}.label: expected {summary.label}", field=f"{path}.label")
        return summary


@dataclass(frozen=True, slots=True)
class CorrectingEntry:
    """Head office's entry that booked an approved correction, with its postings."""

    reference: str
    kind: str
    business_date: str
    amount: Money
    maker: str
    checker: str
    booked_at: str
    postings: tuple[Posting, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.postings, tuple) or not self.postings:
            raise TypeError("CorrectingEntry.postings is a tuple of at least one Posting")
        ensure_balanced(self.postings)  # checked on both sides of the wire

    def to_wire(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "kind": self.kind,
            "business_date": self.business_date,
            "amount_cents": self.amount.cents,
            "maker": self.maker,
            "checker": self.checker,
            "booked_at": self.booked_at,
            "postings": [
                {"account": posting.account, "amount_cents": posting.amount.cents} for posting in self.postings
            ],
        }

    @classmethod
    def from_wire(cls, data: object, *, path: str = "correcting_entry") -> CorrectingEntry:
        fields = require_fields(data, CORRECTING_FIELDS, path)
        postings = fields["postings"]
        if not isinstance(postings, list) or not 1 <= len(postings) <= 16:
            raise InvalidInput(f"{path}.postings: a list of 1 to 16 postings", field=f"{path}.postings")
        read = []
        for index, posting in enumerate(postings):
            where = f"{path}.postings[{index}]"
            line = require_fields(posting, ("account", "amount_cents"), where)
            cents = require_int(line["amount_cents"], f"{where}.amount_cents", minimum=-amount_cents_max,
                                maximum=amount_cents_max)
            read.append(Posting(str(line["account"]), Money(cents)))
        return cls(
            reference=require_text(fields["reference"], f"{path}.reference", length_max=64),
            kind=require_pattern(fields["kind"], f"{path}.kind", _CODE, "an entry kind"),
            business_date=require_pattern(fields["business_date"], f"{path}.business_date", _DATE, "a date"),
            amount=_cents(fields["amount_cents"], f"{path}.amount_cents"),
            maker=_text_id(fields["maker"], f"{path}.maker"),
            checker=_text_id(fields["checker"], f"{path}.checker"),
            booked_at=require_timestamp(fields["booked_at"], f"{path}.booked_at"),
            postings=tuple(read),
        )


@dataclass(frozen=True, slots=True)
class ExceptionCase:
    """One exception with every step taken on it, oldest first, and the entry that corrected it."""

    summary: ExceptionSummary
    events: tuple[ExceptionEvent, ...]
    correcting_entry: CorrectingEntry | None

    def __post_init__(self) -> None:
        if not isinstance(self.events, tuple) or not all(isinstance(e, ExceptionEvent) for e in self.events):
            raise TypeError("ExceptionCase.events is a tuple of ExceptionEvent")

    def allowed_steps(self, user_id: str, role: Role) -> frozenset[StepAction]:
        """What `user_id` may do to it now (the server's own rule; the server also checks scope)."""
        steps = allowed_steps(status=self.summary.status, events=self.events, user_id=user_id, role=role)
        if not corrections_for(self.summary.code):
            steps -= {StepAction.PROPOSE}
        return steps

    def to_wire(self) -> dict[str, Any]:
        return {
            "exception": self.summary.to_wire(),
            "events": [event.to_wire() for event in self.events],
            "correcting_entry": None if self.correcting_entry is None else self.correcting_entry.to_wire(),
        }

    @classmethod
    def from_wire(cls, data: object) -> ExceptionCase:
        fields = require_fields(data, CASE_FIELDS, "case")
        events = fields["events"]
        if not isinstance(events, list):
            raise InvalidInput("case.events: expected a list", field="case.events")
        return cls(
            summary=ExceptionSummary.from_wire(fields["exception"]),
            events=tuple(ExceptionEvent.from_wire(event, path=f"case.events[{i}]") for i, event in enumerate(events)),
            correcting_entry=_optional(fields["correcting_entry"], CorrectingEntry.from_wire),
        )


assert note_length_max <= exception_note_length_max


@dataclass(frozen=True, slots=True)
class ExceptionList:
    """GET /v1/exceptions: the exceptions a user may work, newest first."""

    exceptions: tuple[ExceptionSummary, ...]
    complete: bool  # False: more matched than one answer shows

    def to_wire(self) -> dict[str, Any]:
        return {"exceptions": [summary.to_wire() for summary in self.exceptions], "complete": self.complete}

    @classmethod
    def from_wire(cls, data: object) -> ExceptionList:
        fields = require_fields(data, ("exceptions", "complete"), "list")
        listed, complete = fields["exceptions"], fields["complete"]
        if not isinstance(listed, list) or type(complete) is not bool:
            raise InvalidInput("list: exceptions is a list and complete true or false", field="list")
        return cls(
            tuple(ExceptionSummary.from_wire(item, path=f"exceptions[{i}]") for i, item in enumerate(listed)),
            complete,
        )


@dataclass(frozen=True, slots=True)
class StepAnswer:
    """POST /v1/exceptions/{id}/steps: the step as recorded and the exception after it; `replayed`
    when the step was already recorded (a retry) and nothing was done now."""

    event: ExceptionEvent
    case: ExceptionCase
    replayed: bool

    def to_wire(self) -> dict[str, Any]:
        return {"event": self.event.to_wire(), "case": self.case.to_wire(), "replayed": self.replayed}

    @classmethod
    def from_wire(cls, data: object) -> StepAnswer:
        fields = require_fields(data, ("event", "case", "replayed"), "answer")
        if type(fields["replayed"]) is not bool:
            raise InvalidInput("answer.replayed: expected true or false", field="answer.replayed")
        return cls(ExceptionEvent.from_wire(fields["event"]), ExceptionCase.from_wire(fields["case"]),
                   fields["replayed"])
