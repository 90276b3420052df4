"""Exceptions worked, not just listed (issue 7): list them, read one with every step taken on it,
and take a step: assign, comment, propose a correction, approve or reject it.

Who: a user whose role works exceptions (Permission.EXCEPTIONS_RESOLVE): head office, every
location's; a supervisor, only those raised by devices of their own location (the approvals
queue's scope, services.approvals.in_scope). Someone else's asks are refused, never shown.

What each step may do is shared_core's rule (exception_steps.check_step: one proposal at a time, a
checker never its proposer, nothing after resolution; exception_resolution: the corrections each
code allows and the postings each books, never above the exception's amount nor beyond right).

Each step is ONE transaction, under the exception's row lock (SELECT ... FOR UPDATE; on SQLite the
unit of work's BEGIN IMMEDIATE), so two checkers approving at once book once: the second finds it
resolved (exception_already_resolved). A step is recorded in `exception_events`, append-only. A step
sent again with its step id (the client's answer was lost) answers with the step already recorded
and does nothing more; the same id for another step is refused (step_id_reused).

Approving a correction that books an entry books it in head office's own journal, in the same
transaction: a `head_office_entries` row (reference HO-0000-<n>-<check>, maker the proposer,
checker the approver) with its `head_office_postings`, which move `accounts` balances as device
postings do (services.ledger_check sums both journals), and the exception resolved. Its business
date is the server's date (UTC) when it was approved: a correction is booked on the day it is made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, insert, select, update

from shared_core import canonical
from shared_core.accounts import AccountType, parse_account
from shared_core.business_day import bank_date
from shared_core.errors import (
    AssigneeNotPermitted,
    CorrectionNotAllowed,
    ExceptionNotFound,
    InvalidInput,
    NotFound,
    PermissionDenied,
    StepIdReused,
)
from shared_core.exception_cases import (
    CorrectingEntry,
    ExceptionCase,
    ExceptionEntry,
    ExceptionList,
    ExceptionSummary,
    StepAnswer,
    exception_label,
)
from shared_core.exception_resolution import (
    CORRECTION_KIND,
    Correction,
    ExceptionCode,
    ExceptionFacts,
    ExceptionStatus,
    check_within_balances,
    correction_postings,
    correction_reference,
)
from shared_core.exception_steps import (
    EVENT_OF_STEP,
    EventAction,
    ExceptionEvent,
    ExceptionStep,
    StepAction,
    check_step,
    pending_proposal,
)
from shared_core.journal import require_timestamp
from shared_core.ledger import Posting, ensure_balanced
from shared_core.money import Money
from shared_core.roles import Permission, Role, has_permission, parse_role, require_permission
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.approvals import in_scope
from sync_server.services.books import add_to_balances
from sync_server.services.sessions import User

exceptions_listed_max = 500  # newest first; `complete` says whether more matched
# The roles that work exceptions online (Permission.EXCEPTIONS_RESOLVE), scoped by location.
WORKER_ROLES = frozenset(role for role in Role if has_permission(role, Permission.EXCEPTIONS_RESOLVE))
assert WORKER_ROLES == {Role.SUPERVISOR, Role.HEAD_OFFICE}, "in_scope knows exactly these roles"

_x = schema.exceptions.c
_e = schema.entries.c
_d = schema.devices.c
_c = schema.customers.c
_u = schema.users.c
_a = schema.accounts.c
_ev = schema.exception_events.c
_ho = schema.head_office_entries.c
_hp = schema.head_office_postings.c
_CUSTOMER_ACCOUNTS = frozenset({AccountType.WALLET, AccountType.SAVINGS, AccountType.LOAN})
_SUMMARY_COLUMNS = (
    _x.id,
    _x.code,
    _x.status,
    _x.account,
    _x.amount_cents,
    _x.note,
    _x.created_at,
    _x.assigned_to,
    _x.resolved_at,
    _d.location_code,
    _e.device_code,
    _e.sequence,
    _e.reference,
    _e.kind,
    _e.amount_cents.label("entry_amount_cents"),
    _e.customer_cif,
    _c.full_name,
    _e.business_date,
    _e.recorded_at,
    _e.content,
)
_SUMMARY_FROM = (
    schema.exceptions.join(schema.entries, (_e.device_code == _x.device_code) & (_e.sequence == _x.sequence))
    .join(schema.devices, _d.device_code == _x.device_code)
    .outerjoin(schema.customers, _c.cif == _e.customer_cif)
)


def _require_worker(user: User) -> None:
    require_permission(user.role, Permission.EXCEPTIONS_RESOLVE)


def _require_in_scope(user: User, location_code: str, label: str) -> None:
    if not in_scope(user, location_code):
        raise PermissionDenied(
            f"{label} was raised at {location_code}; a supervisor works only their own location's "
            "exceptions",
            location_code=location_code,
        )


# --- reading ----------------------------------------------------------------------------------------


def list_exceptions(
    connection: Connection,
    user: User,
    *,
    status: str | None = None,
    location_code: str | None = None,
    business_date: str | None = None,
) -> ExceptionList:
    """The exceptions `user` may work, newest first, filtered by status, location and the business
    date of the entry that raised them (the wire format is in api/openapi.py)."""
    _require_worker(user)
    statement = select(*_SUMMARY_COLUMNS).select_from(_SUMMARY_FROM)
    if status is not None:
        if status not in {s.value for s in ExceptionStatus}:
            raise InvalidInput(f"status: {status!r} is not open or resolved", field="status")
        statement = statement.where(_x.status == status)
    if user.role is not Role.HEAD_OFFICE:
        statement = statement.where(_d.location_code == user.location_code)
    if location_code is not None:
        statement = statement.where(_d.location_code == location_code)
    if business_date is not None:
        statement = statement.where(_e.business_date == business_date)
    rows = connection.execute(statement.order_by(_x.id.desc()).limit(exceptions_listed_max + 1)).all()
    shown = rows[:exceptions_listed_max]
    events = _events_of(connection, [row.id for row in shown])
    return ExceptionList(
        tuple(_summary(row, events.get(row.id, ())) for row in shown), len(rows) <= exceptions_listed_max
    )


def read_case(connection: Connection, user: User, exception_id: int) -> ExceptionCase:
    """One exception with every step taken on it and the entry that corrected it, if any."""
    _require_worker(user)
    case = _case(connection, exception_id)
    _require_in_scope(user, case.summary.location_code, case.summary.label)
    return case


def _case(connection: Connection, exception_id: int) -> ExceptionCase:
    row = connection.execute(select(*_SUMMARY_COLUMNS).select_from(_SUMMARY_FROM).where(_x.id == exception_id)).first()
    if row is None:
        raise ExceptionNotFound(f"There is no exception {exception_label(exception_id)}", exception_id=exception_id)
    events = _events_of(connection, [exception_id]).get(exception_id, ())
    return ExceptionCase(_summary(row, events), events, _correcting_entry(connection, exception_id))


def _summary(row: Any, events: tuple[ExceptionEvent, ...]) -> ExceptionSummary:
    content = canonical.decode(bytes(row.content))  # accepted by the ingest: canonical and whole
    entry = ExceptionEntry(
        device_code=row.device_code,
        sequence=row.sequence,
        reference=row.reference,
        kind=row.kind,
        amount=Money(row.entry_amount_cents),
        customer_cif=row.customer_cif,
        customer_name=row.full_name,
        business_date=row.business_date,
        recorded_at=row.recorded_at,
        user_id=content["user_id"],
    )
    return ExceptionSummary(
        exception_id=row.id,
        code=row.code,
        status=ExceptionStatus(row.status),
        location_code=row.location_code,
        account=row.account,
        amount=Money(row.amount_cents),
        note=row.note,
        created_at=row.created_at,
        assigned_to=row.assigned_to,
        resolved_at=row.resolved_at,
        proposal_pending=pending_proposal(events) is not None,
        entry=entry,
    )


def _events_of(connection: Connection, exception_ids: list[int]) -> dict[int, tuple[ExceptionEvent, ...]]:
    if not exception_ids:
        return {}
    found: dict[int, list[ExceptionEvent]] = defaultdict(list)
    for row in connection.execute(
        select(schema.exception_events).where(_ev.exception_id.in_(exception_ids)).order_by(_ev.id)
    ):
        found[row.exception_id].append(_event(row))
    return {exception_id: tuple(events) for exception_id, events in found.items()}


def _event(row: Any) -> ExceptionEvent:
    correction = None if row.correction is None else Correction.from_wire(canonical.decode(bytes(row.correction)))
    return ExceptionEvent(
        event_id=row.id,
        step_id=row.step_id,
        action=EventAction(row.action),
        user_id=row.user_id,
        at=row.at,
        note=row.note,
        assignee=row.assignee,
        correction=correction,
    )


def _correcting_entry(connection: Connection, exception_id: int) -> CorrectingEntry | None:
    entry = connection.execute(select(schema.head_office_entries).where(_ho.exception_id == exception_id)).first()
    if entry is None:
        return None
    postings = tuple(
        Posting(row.account, Money(row.amount_cents))
        for row in connection.execute(
            select(_hp.account, _hp.amount_cents).where(_hp.entry_id == entry.id).order_by(_hp.line)
        )
    )
    return CorrectingEntry(
        reference=entry.reference,
        kind=entry.kind,
        business_date=entry.business_date,
        amount=Money(entry.amount_cents),
        maker=entry.maker_user_id,
        checker=entry.checker_user_id,
        booked_at=entry.booked_at,
        postings=postings,
    )


# --- taking a step ----------------------------------------------------------------------------------


def take_step(database: Database, user: User, exception_id: int, step: ExceptionStep, *, now: str) -> StepAnswer:
    """Take `step` on the exception as `user`, in one transaction; the step recorded and the case
    after it. Refused with a stable code (shared_core.errors) and nothing changed otherwise."""
    require_timestamp(now, "now")
    if not isinstance(step, ExceptionStep):
        raise TypeError("take_step needs an ExceptionStep")
    _require_worker(user)
    with UnitOfWork(database) as uow:
        connection = uow.connection
        locked = connection.execute(
            select(_x.id, _x.status).where(_x.id == exception_id).with_for_update()
        ).first()
        if locked is None:
            raise ExceptionNotFound(
                f"There is no exception {exception_label(exception_id)}", exception_id=exception_id
            )
        case = _case(connection, exception_id)
        summary = case.summary
        _require_in_scope(user, summary.location_code, summary.label)
        digest = step.digest(exception_id=exception_id, user_id=user.user_id)
        recorded = connection.execute(select(schema.exception_events).where(_ev.step_id == step.step_id)).first()
        if recorded is not None:
            if recorded.step_sha256 != digest:
                raise StepIdReused(
                    f"Step id {step.step_id} was already used for another step; send a new id for a new step",
                    step_id=step.step_id,
                )
            return StepAnswer(_event(recorded), case, replayed=True)
        check_step(step.action, status=summary.status, events=case.events, user_id=user.user_id, role=user.role)
        correction = step.correction
        if step.action is StepAction.ASSIGN:
            assert step.assignee is not None
            assignee = _require_assignee(connection, step.assignee, summary)
            connection.execute(update(schema.exceptions).where(_x.id == exception_id).values(assigned_to=assignee))
        elif step.action is StepAction.PROPOSE:
            assert correction is not None
            postings = correction_postings(_facts(summary), correction)
            check_within_balances(postings, _balances(connection, postings, lock=False))
        elif step.action is StepAction.APPROVE:
            proposal = pending_proposal(case.events)
            assert proposal is not None and proposal.correction is not None, "check_step saw one pending"
            correction = proposal.correction
            _book(connection, summary, correction, maker=proposal.user_id, checker=user.user_id, now=now)
            changed = connection.execute(
                update(schema.exceptions)
                .where(_x.id == exception_id, _x.status == ExceptionStatus.OPEN.value)
                .values(status=ExceptionStatus.RESOLVED.value, resolved_at=now)
            )
            assert changed.rowcount == 1, "the exception was open, under its row lock"
        event_id = connection.execute(
            insert(schema.exception_events).values(
                exception_id=exception_id,
                step_id=step.step_id,
                step_sha256=digest,
                action=EVENT_OF_STEP[step.action].value,
                user_id=user.user_id,
                at=now,
                note=step.note,
                assignee=step.assignee,
                correction=None if correction is None else canonical.encode(correction.to_wire()),
            )
        ).inserted_primary_key[0]
        event = _event(connection.execute(select(schema.exception_events).where(_ev.id == event_id)).one())
        after = _case(connection, exception_id)
        uow.commit()
    return StepAnswer(event, after, replayed=False)


def _facts(summary: ExceptionSummary) -> ExceptionFacts:
    try:
        code = ExceptionCode(summary.code)
    except ValueError:
        raise CorrectionNotAllowed(
            f"{summary.label} has code {summary.code}, which this server release cannot correct",
            code=summary.code,
        ) from None
    return ExceptionFacts(code, summary.account, summary.amount, summary.entry.customer_cif)


def _require_assignee(connection: Connection, assignee: str, summary: ExceptionSummary) -> str:
    """The user named, if they may work this exception: active, in a role that works exceptions,
    and (a supervisor) at its location. Their id as head office holds it."""
    row = connection.execute(
        select(_u.user_id, _u.display_name, _u.role, _u.location_code, _u.active).where(_u.user_id == assignee)
    ).first()
    if row is None or not row.active:
        raise AssigneeNotPermitted(f"{assignee} is not an active user", assignee=assignee)
    worker = User(row.user_id, row.display_name, parse_role(row.role), row.location_code)
    if worker.role not in WORKER_ROLES or not in_scope(worker, summary.location_code):
        raise AssigneeNotPermitted(
            f"{assignee} ({worker.role.value.replace('_', ' ')}) may not work {summary.label}: it needs head "
            f"office or a supervisor of {summary.location_code}",
            assignee=assignee,
        )
    return row.user_id


def _balances(connection: Connection, postings: Iterable[Posting], *, lock: bool) -> dict[str, Money]:
    """The ledger balances of the accounts the postings move, locked in key order when booking (as
    the ingest locks them, so the two wait for each other instead of deadlocking)."""
    accounts = sorted({posting.account for posting in postings})
    if not accounts:
        return {}
    statement = select(_a.account, _a.balance_cents).where(_a.account.in_(accounts)).order_by(_a.account)
    if lock:
        statement = statement.with_for_update()
    return {row.account: Money(row.balance_cents) for row in connection.execute(statement)}


def _book(
    connection: Connection, summary: ExceptionSummary, correction: Correction, *, maker: str, checker: str, now: str
) -> None:
    """Book the approved correction in head office's journal, if it books anything: checked again
    against the balances as they stand now, then its entry, postings and balances written."""
    postings = correction_postings(_facts(summary), correction)
    if not postings:
        return
    ensure_balanced(postings)
    balances = _balances(connection, postings, lock=True)
    for posting in postings:
        if parse_account(posting.account).type in _CUSTOMER_ACCOUNTS and posting.account not in balances:
            raise NotFound(f"Account {posting.account} is not held by the bank", account=posting.account)
    check_within_balances(postings, balances)
    business_date = bank_date(now)  # the bank's day, as the counters date theirs
    placeholder = f"{summary.label}:booking"  # unique per exception until its own id names it
    entry_id = connection.execute(
        insert(schema.head_office_entries).values(
            reference=placeholder,
            kind=CORRECTION_KIND,
            exception_id=summary.exception_id,
            business_date=business_date,
            amount_cents=correction.amount.cents,
            maker_user_id=maker,
            checker_user_id=checker,
            booked_at=now,
            content=b"{}",
        )
    ).inserted_primary_key[0]
    reference = correction_reference(int(entry_id))
    content = {
        "reference": reference,
        "kind": CORRECTION_KIND,
        "exception_id": summary.exception_id,
        "business_date": business_date,
        "correction": correction.to_wire(),
        "postings": [{"account": p.account, "amount_cents": p.amount.cents} for p in postings],
        "maker": maker,
        "checker": checker,
        "booked_at": now,
    }
    connection.execute(
        update(schema.head_office_entries)
        .where(_ho.id == entry_id)
        .values(reference=reference, content=canonical.encode(content))
    )
    # Balances first: the bank's own accounts are opened on first use, before postings name them.
    moved: dict[str, int] = defaultdict(int)
    for posting in postings:
        moved[posting.account] += posting.amount.cents
    connection.execute(
        add_to_balances(connection.dialect.name),
        [
            {"account": account, "cif": None, "label": _label(account), "balance_cents": cents}
            for account, cents in sorted(moved.items())
        ],
    )
    connection.execute(
        insert(schema.head_office_postings),
        [
            {"entry_id": entry_id, "line": line, "account": posting.account, "amount_cents": posting.amount.cents}
            for line, posting in enumerate(postings, start=1)
        ],
    )


def _label(account: str) -> str:
    """The label of an account a correction opens (only the bank's own accounts are opened here)."""
    code = parse_account(account)
    return f"{code.type.value.capitalize()} {code.id.replace('_', ' ')}"
