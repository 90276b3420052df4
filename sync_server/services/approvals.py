"""The approvals queue: entries waiting for a checker, and each checker's decision (maker-checker).

An entry waits (status awaiting_approval) when it is a request that needs a checker and came
without a local override head office accepts: a reversal, a KYC upgrade; a payroll run always
waits. Nothing of it is booked. A supervisor sees the items of their own location; head office
sees every location's; a director sees the payroll runs of the businesses they act for.

A decision is four eyes (shared_core.approvals.check_checker): the checker is never the entry's
maker and holds the right to approve what it waits for. It is recorded once and for good in
`approval_decisions` (append-only, one per entry: a second is refused, the first stands), in ONE
transaction with what it changes, under the entry's device row lock (as an ingest holds it):
- approved: the postings are derived again, exactly as the ingest would (services.books: a
  reversal's are the booked original's, negated), the balances move and the entry is booked. If
  it can no longer be booked (the money is gone meanwhile, the original already reversed), the
  entry is rejected with that code and the approval is still recorded. A payroll run is booked
  line by line (services.payroll): booked if a line is paid, rejected if none could be;
- rejected: the entry is rejected with code approval_rejected and the checker's reason;
- either way one `answer_changes` row for the entry, so the device's next pull carries the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, insert, select, update

from shared_core import canonical
from shared_core.accounts import AccountType, parse_account
from shared_core.approvals import ApprovalItem, Reason, check_checker, judge
from shared_core.errors import (
    AlreadyDecided,
    AlreadyExists,
    ApprovalRejected,
    DomainError,
    InsufficientFunds,
    InvalidInput,
    NotAwaitingApproval,
    NotFound,
    PermissionDenied,
)
from shared_core.insurance_sales import PREMIUM_KINDS
from shared_core.journal import JournalEntry, entry_from_wire, operation_of, require_timestamp
from shared_core.ledger import Posting, customer_effects, ensure_balanced, reversal_postings, shortfall
from shared_core.limits import LimitTable
from shared_core.loan_postings import REPAYMENT_KINDS
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.references import is_valid_device_code
from shared_core.results import EntryStatus, message_length_max
from shared_core.roles import Role
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.books import BOOKED_STATUSES, Books, account_type, add_to_balances
from sync_server.services.day_totals import status_changed
from sync_server.services.loans import decide_loan
from sync_server.services.payroll import acts_for, book_run, employers_of, record_rejection
from sync_server.services.sessions import User

queue_items_max = 500  # the oldest first; `complete` says whether the queue held more
reason_length_max = 300
# A director approves only payroll runs, and only of the businesses they act for (services.payroll).
APPROVER_ROLES = frozenset({Role.SUPERVISOR, Role.HEAD_OFFICE, Role.DIRECTOR})

# Customer accounts exist before they are used; an approval never creates one (as the ingest).
_HELD_FOR_CUSTOMERS = frozenset({AccountType.WALLET, AccountType.SAVINGS, AccountType.LOAN})
_WAITING = EntryStatus.AWAITING_APPROVAL.value

_e = schema.entries.c
_d = schema.devices.c
_c = schema.customers.c
_decisions = schema.approval_decisions.c
_originals = schema.entries.alias("originals")


class Verdict(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


assert tuple(verdict.value for verdict in Verdict) == schema.DECISIONS


@dataclass(frozen=True, slots=True)
class DecisionOutcome:
    """A decision as recorded, and the answer it gave the entry."""

    device_code: str
    sequence: int
    reference: str
    decision: Verdict
    checker_user_id: str
    reason: str
    decided_at: str
    status: EntryStatus  # booked, or rejected (by the checker, or no longer bookable)
    code: str | None
    message: str

    def to_wire(self) -> dict[str, Any]:
        return {
            "device_code": self.device_code,
            "sequence": self.sequence,
            "reference": self.reference,
            "decision": self.decision.value,
            "checker": self.checker_user_id,
            "reason": self.reason,
            "decided_at": self.decided_at,
            "status": self.status.value,
            "code": self.code,
            "message": self.message,
        }


def in_scope(user: User, location_code: str) -> bool:
    """Head office decides for every location; a supervisor for their own."""
    return user.role is Role.HEAD_OFFICE or (
        user.role is Role.SUPERVISOR and user.location_code == location_code
    )


def _director_in_scope(connection: Connection, user: User, kind: str, customer_cif: str | None) -> bool:
    """A director decides the payroll runs of the businesses they act for, and nothing else."""
    return (
        user.role is Role.DIRECTOR
        and kind == OperationKind.PAYROLL_RUN.value
        and acts_for(connection, user.user_id, customer_cif)
    )


# --- the queue ------------------------------------------------------------------------------------


def read_queue(connection: Connection, user: User) -> dict[str, Any]:
    """The entries awaiting a checker that `user` may decide, oldest first (the wire format is
    in api/openapi.py)."""
    statement = (
        select(
            _e.device_code,
            _e.sequence,
            _e.reference,
            _e.kind,
            _e.channel,
            _d.location_code,
            _e.customer_cif,
            _c.full_name,
            _e.amount_cents,
            _e.code,
            _e.message,
            _e.recorded_at,
            _e.received_at,
            _e.business_date,
            _e.content,
            _originals.c.reference.label("reverses_reference"),
        )
        .select_from(
            schema.entries.join(schema.devices, _d.device_code == _e.device_code)
            .outerjoin(schema.customers, _c.cif == _e.customer_cif)
            .outerjoin(_originals, _originals.c.entry_id == _e.reverses_entry_id)
        )
        .where(_e.status == _WAITING)
        .order_by(_e.received_at, _e.device_code, _e.sequence)
        .limit(queue_items_max + 1)
    )
    if user.role is Role.DIRECTOR:
        statement = statement.where(
            _e.kind == OperationKind.PAYROLL_RUN.value, _e.customer_cif.in_(employers_of(user.user_id))
        )
    elif user.role is not Role.HEAD_OFFICE:
        statement = statement.where(_d.location_code == user.location_code)
    rows = connection.execute(statement).all()
    items = []
    for row in rows[:queue_items_max]:
        content = canonical.decode(bytes(row.content))  # accepted by the ingest: canonical and whole
        items.append(
            {
                "device_code": row.device_code,
                "sequence": row.sequence,
                "reference": row.reference,
                "kind": row.kind,
                "channel": row.channel,
                "location_code": row.location_code,
                "customer_cif": row.customer_cif,
                "customer_name": row.full_name,
                "amount_cents": row.amount_cents,
                "maker": content["user_id"],
                "override_by": content["approved_by"],  # a local override head office did not accept
                "reverses_reference": row.reverses_reference,
                "approval_code": row.code,
                "approval_reason": row.message,
                "recorded_at": row.recorded_at,
                "received_at": row.received_at,
                "business_date": row.business_date,
            }
        )
        if row.kind == OperationKind.PAYROLL_RUN.value:  # what the checker approves, line count and file
            run = content["body"]["details"]["payroll"]
            items[-1]["payroll_run"] = {
                "run_id": run["run_id"],
                "pay_date": run["pay_date"],
                "line_count": len(run["lines"]),
                "fingerprint": run["fingerprint"],
            }
    return {"items": items, "complete": len(rows) <= queue_items_max}


# --- a decision -----------------------------------------------------------------------------------


def decide(
    database: Database,
    *,
    checker: User,
    device_code: str,
    sequence: int,
    decision: object,
    reason: object,
    now: str,
    limit_table: LimitTable,
) -> DecisionOutcome:
    """Record `checker`'s decision on the entry and apply it, in one transaction.

    NotFound (no such entry), PermissionDenied (another location's, for a supervisor),
    AlreadyDecided, NotAwaitingApproval, MakerIsChecker / PermissionDenied (four eyes),
    InvalidInput (the decision or the reason): each with nothing recorded.
    """
    require_timestamp(now, "now")
    verdict = _verdict(decision)
    reason = _reason(reason, verdict)
    if not is_valid_device_code(device_code) or type(sequence) is not int or sequence < 1:
        raise NotFound(
            f"No entry {str(device_code)[:8]}/{sequence} is known", device_code=str(device_code)[:8]
        )
    with UnitOfWork(database) as uow:
        connection = uow.connection
        location_code = _lock_device(connection, device_code)
        row = connection.execute(
            select(_e.reference, _e.kind, _e.status, _e.code, _e.content, _e.customer_cif).where(
                _e.device_code == device_code, _e.sequence == sequence
            )
        ).first()
        if location_code is None or row is None:
            raise NotFound(
                f"No entry {device_code}/{sequence} is known", device_code=device_code, sequence=sequence
            )
        if checker.role is Role.DIRECTOR and not _director_in_scope(connection, checker, row.kind, row.customer_cif):
            raise PermissionDenied(
                f"{row.reference} is not a payroll run of a business {checker.user_id} acts for; a director "
                "decides only those",
                location_code=location_code,
            )
        if checker.role is not Role.DIRECTOR and not in_scope(checker, location_code):
            raise PermissionDenied(
                f"{row.reference} was made at {location_code}; a supervisor decides for their own location "
                f"({checker.location_code}), head office for any",
                location_code=location_code,
            )
        _refuse_second_decision(connection, device_code, sequence, row.reference)
        if row.status != _WAITING:
            raise NotAwaitingApproval(
                f"{row.reference} is not waiting for a checker: it was {row.status.replace('_', ' ')} "
                "when it reached head office",
                status=row.status,
            )
        entry = entry_from_wire(
            canonical.decode(bytes(row.content)), path=f"entries[{device_code}/{sequence}]"
        )
        for item in _items_needed(entry, row.code, limit_table):
            check_checker(
                maker_user_id=entry.user_id,
                checker_user_id=checker.user_id,
                checker_role=checker.role,
                item=item,
            )
        said = f"{'Approved' if verdict is Verdict.APPROVED else 'Rejected'} by {checker.user_id}"
        said += f": {reason}" if reason else ""
        if verdict is Verdict.APPROVED and entry.kind is OperationKind.PAYROLL_RUN:  # line by line
            run = book_run(connection, entry, checker=checker, table=limit_table, said=said, now=now)
            status, code, message = run.status, run.code, run.message
        elif verdict is Verdict.APPROVED:
            status, code, message = _book(connection, entry, row.customer_cif, limit_table, said, now)
        else:
            status, code, message = EntryStatus.REJECTED, ApprovalRejected.code, said
            if entry.kind is OperationKind.PAYROLL_RUN:
                record_rejection(connection, entry, checker=checker, now=now)
        if entry.kind is OperationKind.LOAN_DISBURSEMENT:  # a referred application: disbursed or declined
            decide_loan(connection, device_code, sequence, approved=status is EntryStatus.BOOKED)
        message = message[:message_length_max]
        changed = connection.execute(
            update(schema.entries)
            .where(_e.device_code == device_code, _e.sequence == sequence, _e.status == _WAITING)
            .values(status=status.value, code=code, message=message)
        )
        assert changed.rowcount == 1, "the entry waits, under the device lock"
        status_changed(connection, device_code, sequence, EntryStatus.AWAITING_APPROVAL, status)  # day totals
        connection.execute(
            insert(schema.approval_decisions).values(
                device_code=device_code,
                sequence=sequence,
                decision=verdict.value,
                checker_user_id=checker.user_id,
                reason=reason,
                decided_at=now,
            )
        )
        # The pull's cursor: this entry's answer changed.
        connection.execute(
            insert(schema.answer_changes).values(
                device_code=device_code, first_sequence=sequence, last_sequence=sequence, changed_at=now
            )
        )
        uow.commit()
    return DecisionOutcome(
        device_code, sequence, row.reference, verdict, checker.user_id, reason, now, status, code, message
    )


def _verdict(decision: object) -> Verdict:
    try:
        return Verdict(decision)
    except ValueError:
        raise InvalidInput("decision: 'approved' or 'rejected'", field="decision") from None


def _reason(reason: object, verdict: Verdict) -> str:
    if reason is None:
        reason = ""
    if not isinstance(reason, str) or len(reason) > reason_length_max:
        raise InvalidInput(f"reason: text of at most {reason_length_max} characters", field="reason")
    reason = " ".join(reason.split())
    if verdict is Verdict.REJECTED and not reason:
        raise InvalidInput(
            "reason: say why it is rejected; the teller and the customer will read it", field="reason"
        )
    return reason


def _lock_device(connection: Connection, device_code: str) -> str | None:
    """Lock the device's row as an ingest does, so this device's answer changes commit in id
    order (services.changes); the device's location, or None for an unknown device."""
    return connection.execute(
        select(_d.location_code).where(_d.device_code == device_code).with_for_update()
    ).scalar()


def _refuse_second_decision(connection: Connection, device_code: str, sequence: int, reference: str) -> None:
    first = connection.execute(
        select(_decisions.decision, _decisions.checker_user_id, _decisions.decided_at).where(
            _decisions.device_code == device_code, _decisions.sequence == sequence
        )
    ).first()
    if first is not None:
        raise AlreadyDecided(
            f"{reference} was already {first.decision} by {first.checker_user_id} at {first.decided_at}; "
            "the first decision stands",
            decision=first.decision,
            checker=first.checker_user_id,
            decided_at=first.decided_at,
        )


def _items_needed(
    entry: JournalEntry, waiting_for: str | None, table: LimitTable
) -> tuple[ApprovalItem, ...]:
    """What the checker approves: the approval the entry waits for (its code), and any other the
    rules ask of it. Which approvals an operation needs depends on its kind and amount only, so
    any role stands in for the judgement."""
    items: list[ApprovalItem] = []
    if waiting_for is not None:
        try:
            item = Reason(waiting_for, "waiting for a checker").approval_item
        except ValueError:
            item = None
        if item is not None:
            items.append(item)
    try:
        decision = judge(
            table,
            operation=operation_of(entry),
            role=Role.SUPERVISOR,
            tier=None,
            spent_today=Money(0),
            balance_after=None,
        )
        items.extend(decision.approval_items)
    except DomainError:
        pass  # an entry the ingest could read; its stored code still names what it waits for
    assert items, "an entry awaiting approval names the approval it waits for"
    return tuple(dict.fromkeys(items))


def _book(
    connection: Connection, entry: JournalEntry, customer_cif: str | None, table: LimitTable, said: str, now: str
) -> tuple[EntryStatus, str | None, str]:
    """Book the approved entry now: its postings derived again, its balances moved. The status,
    code and message it gets (rejected with the reason if it can no longer be booked)."""
    books = Books.load(connection, (entry,), table)  # locks the accounts it moves, in key order
    try:
        postings = _postings(connection, books, entry, customer_cif)
    except DomainError as error:
        return EntryStatus.REJECTED, error.code, f"{said}; but it cannot be booked now: {error.message}"
    if not postings:  # a KYC upgrade moves no money
        return EntryStatus.BOOKED, None, said
    ensure_balanced(postings)
    books.apply(postings)
    books.loans.write(connection, now)
    books.insurance.write(connection, now)
    connection.execute(add_to_balances(connection.dialect.name), books.balance_rows())
    connection.execute(
        insert(schema.postings),
        [
            {
                "device_code": entry.device_code,
                "sequence": entry.sequence,
                "line": line,
                "account": posting.account,
                "amount_cents": posting.amount.cents,
            }
            for line, posting in enumerate(postings, start=1)
        ],
    )
    return EntryStatus.BOOKED, None, said


def _postings(
    connection: Connection, books: Books, entry: JournalEntry, customer_cif: str | None
) -> tuple[Posting, ...]:
    """What the entry books, derived as the ingest derives it, or the DomainError that stops it.
    `customer_cif` is the customer the ingest found the entry to be for."""
    parsed = books.parsed[entry.sequence]
    if parsed.error is not None:
        raise parsed.error
    assert parsed.details is not None
    postings = parsed.postings
    if entry.kind is OperationKind.REVERSAL:
        original_id = parsed.details.original_entry_id
        if original_id is None:
            raise InvalidInput("A reversal names the entry it reverses (details.original_entry_id)")
        original = books.original_postings.get(original_id)
        if original is None:
            raise NotFound(
                f"Entry {original_id} is not a booked entry that moved money", entry_id=original_id
            )
        other = connection.execute(
            select(_e.reference).where(
                _e.reverses_entry_id == original_id,
                _e.status.in_([status.value for status in BOOKED_STATUSES]),
            )
        ).first()
        if other is not None:
            raise AlreadyExists(
                f"Entry {original_id} is already reversed by {other.reference}", entry_id=original_id
            )
        books.loans.check_reversible(original_id)
        postings = reversal_postings(original)
        books.insurance.reverse(original_id, entry.entry_id)  # a premium's policy, if it paid one
        books.loans.reverse(original_id, entry.entry_id)  # a repayment's loan, replayed without it
    operation = operation_of(entry)
    if entry.kind is OperationKind.LOAN_DISBURSEMENT:  # the loan's account opens with its disbursement
        assert operation.loan_account is not None and operation.customer_account is not None
        owner = books.account_owner.get(operation.customer_account)
        if owner is not None:
            books.open_account(
                operation.loan_account, owner, f"Loan {parse_account(operation.loan_account).id}"
            )
    if entry.kind in REPAYMENT_KINDS:  # head office's own allocation, as at ingest
        postings, repayment = books.loans.repay(
            operation, date.fromisoformat(parsed.details.business_date), accept_excess=False
        )
        if repayment is not None:
            books.loans.commit_repayment(repayment, entry.device_code, entry.sequence, entry.entry_id)
    if entry.kind in PREMIUM_KINDS and parsed.details.insurance is not None:  # head office's own quote
        postings, sale = books.insurance.sell_to(
            operation,
            parsed.details.insurance,
            customer_cif,
            date.fromisoformat(parsed.details.business_date),
            books.tiers,
        )
        books.insurance.commit(sale, entry.device_code, entry.sequence, entry.entry_id)
    for posting in postings:
        if account_type(posting.account) in _HELD_FOR_CUSTOMERS and not books.account_known(posting.account):
            raise NotFound(f"Account {posting.account} is not held by the bank", account=posting.account)
    for account, effect in customer_effects(postings).items():
        if shortfall(books.balance(account), effect):
            raise InsufficientFunds(
                f"{account} holds {books.balance(account)}; this needs {abs(effect)}", account=account
            )
    return postings
