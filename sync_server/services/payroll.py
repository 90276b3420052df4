"""Payroll runs at head office: judged at ingest, where each one waits for a checker, and booked
line by line when a checker approves it.

At ingest (`judge_run_entry`, called by services.judging) the run is checked as submitted: its id
names its entry, its total is the entry's amount, the maker may upload payroll, the employer's
account is the employer's. Then it waits (approval_payroll_run), nothing booked, whatever any local
override says: four eyes at head office, always.

The checker is a supervisor of the run's location, head office, or a director who acts for the
employer (`acts_for`), never the maker (shared_core.approvals.check_checker, in
services.approvals). On approval (`book_run`), in the decision's transaction: the employer's and
every payee's account locked in key order, as an ingest locks them; a file already paid for this
employer refused whole; each line answered by shared_core.payroll_run.answer_lines (all payable
lines, or none if the employer's account is short); the booked lines' postings
(shared_core.payroll_postings) booked; the run and every line's answer stored. A run refused whole
(a file already paid, an employer's account no longer held) has every line refused with that
reason. A rejection is stored too (`record_rejection`), no line examined. The maker's device hears
the answer in its pull (`run_answers`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, insert, select

from shared_core.accounts import customer_view, parse_account
from shared_core.approvals import Outcome, judge_payroll_run
from shared_core.entry_details import EntryDetails
from shared_core.errors import (
    AlreadyExists,
    DomainError,
    InsufficientFunds,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from shared_core.journal import BODY_DETAILS, JournalEntry, operation_of
from shared_core.kyc import KycTier
from shared_core.ledger import ensure_balanced
from shared_core.limits import LimitTable
from shared_core.money import Money
from shared_core.operations import Operation
from shared_core.payroll import LineStatus, PayrollLineResult, PayrollRunResult
from shared_core.payroll_postings import booked_postings
from shared_core.payroll_run import (
    ANSWER_FIELDS,
    PAYEE_ACCOUNT_TYPES,
    LineRefusal,
    Payee,
    PayrollRun,
    answer_lines,
    check_run_operation,
    payroll_run_id,
)
from shared_core.results import EntryStatus
from sync_server.db import schema
from sync_server.services.books import Books, add_to_balances
from sync_server.services.sessions import User

# A run that pays nobody: every line refused for its own reason (none for want of funds).
LINES_REFUSED = "payroll_lines_refused"

_a = schema.accounts.c
_c = schema.customers.c
_runs = schema.payroll_runs.c
_lines = schema.payroll_lines.c
_directors = schema.business_directors.c


@dataclass(frozen=True, slots=True)
class RunDecision:
    """What an entry's answer becomes: its status, code and message."""

    status: EntryStatus
    code: str | None
    message: str


# --- at ingest ------------------------------------------------------------------------------------


def judge_run_entry(
    books: Books, entry: JournalEntry, operation: Operation, details: EntryDetails
) -> RunDecision:
    """A payroll run as it reaches head office: refused if it is not what it claims to be or its
    maker may not upload payroll; otherwise waiting for a checker, nothing booked."""
    try:
        run = _run_of(entry, operation, details)
    except DomainError as error:
        return RunDecision(EntryStatus.REJECTED, error.code, error.message)
    role = books.users.get(entry.user_id)
    if role is None:
        message = f"User {entry.user_id} is not an active user at head office"
        return RunDecision(EntryStatus.REJECTED, PermissionDenied.code, message)
    decision = judge_payroll_run(books.limit_table, role=role)
    denials = [reason for reason in decision.reasons if reason.outcome is Outcome.DENY]
    if denials:
        return RunDecision(EntryStatus.REJECTED, denials[0].code.value, denials[0].message)
    assert books.connection is not None
    employer_account = operation.customer_account
    owner = books.connection.execute(select(_a.cif).where(_a.account == employer_account)).scalar()
    if owner != run.employer_cif or run.employer_cif not in books.tiers:
        error = NotFound(f"{employer_account} is not an account head office holds for {run.employer_cif}")
        return RunDecision(EntryStatus.REJECTED, error.code, error.message)
    (waiting,) = [reason for reason in decision.reasons if reason.outcome is Outcome.NEEDS_APPROVAL]
    return RunDecision(
        EntryStatus.AWAITING_APPROVAL,
        waiting.code.value,
        f"{waiting.message}: run {run.run_id}, {run.line_count:,} line{'s' if run.line_count != 1 else ''} "
        f"of {run.total}, paid on {run.pay_date.isoformat()}",
    )


def _run_of(entry: JournalEntry, operation: Operation, details: EntryDetails) -> PayrollRun:
    run = details.payroll
    if run is None:
        raise InvalidInput("A payroll run carries its lines (details.payroll)", field="details.payroll")
    check_run_operation(operation, run)
    expected = payroll_run_id(entry.device_code, entry.sequence)
    if run.run_id != expected:
        raise InvalidInput(
            f"Run {run.run_id} is carried by entry {entry.sequence} of device {entry.device_code}: its id "
            f"must be {expected}",
            field="run_id",
        )
    return run


# --- who may decide -------------------------------------------------------------------------------


def acts_for(connection: Connection, user_id: str, cif: str | None) -> bool:
    """Whether `user_id` is a director who acts for the business customer `cif`."""
    if cif is None:
        return False
    found = connection.execute(
        select(_directors.cif).where(_directors.user_id == user_id, _directors.cif == cif)
    )
    return found.first() is not None


def employers_of(user_id: str) -> Select:
    """The business customers a director acts for, as a subquery."""
    return select(_directors.cif).where(_directors.user_id == user_id)


# --- on a checker's decision ----------------------------------------------------------------------


def book_run(
    connection: Connection, entry: JournalEntry, *, checker: User, table: LimitTable, said: str, now: str
) -> RunDecision:
    """The approved run booked line by line, in the caller's transaction: each line booked or
    refused, the booked ones' postings booked, the run and its lines' answers stored."""
    operation = operation_of(entry)
    details = EntryDetails.from_body(entry.body.get(BODY_DETAILS, {}))
    try:
        run = _run_of(entry, operation, details)
    except DomainError as error:
        return RunDecision(
            EntryStatus.REJECTED, error.code, f"{said}; but it cannot be booked: {error.message}"
        )
    employer_account = operation.customer_account
    assert employer_account is not None
    held = _lock_accounts(connection, {employer_account, *(line.account for line in run.lines)})
    employer = held.get(employer_account)
    paid_before = connection.execute(
        select(_runs.run_id).where(
            _runs.employer_cif == run.employer_cif,
            _runs.fingerprint == run.fingerprint,
            _runs.status == "booked",
        )
    ).scalar()
    refusal: DomainError | None = None
    if employer is None or employer.cif != run.employer_cif:
        refusal = NotFound(f"{employer_account} is not an account head office holds for {run.employer_cif}")
    elif paid_before is not None:
        refusal = AlreadyExists(f"This file was already paid for {run.employer_cif} as run {paid_before}")
    if refusal is not None:  # every line refused for it: the employer's advice says why nothing was paid
        refused = tuple(PayrollLineResult.refused(line, refusal.code, refusal.message) for line in run.lines)
        result = PayrollRunResult(
            run.run_id, run.employer_cif, run.pay_date, run.fingerprint, run.line_count, run.total, refused
        )
        _store_run(connection, entry, run, employer_account, "refused", checker, now, result)
        return RunDecision(
            EntryStatus.REJECTED, refusal.code, f"{said}; but it cannot be booked: {refusal.message}"
        )
    result = answer_lines(
        run,
        employer_account=employer_account,
        employer_balance=customer_view(parse_account(employer_account).type, Money(employer.balance_cents)),
        payees=_payees(connection, held, entry, table),
    )
    postings = booked_postings(operation, result)
    if postings:
        ensure_balanced(postings)
        balance_rows = [
            {
                "account": posting.account,
                "cif": held[posting.account].cif,
                "label": held[posting.account].label,
                "balance_cents": posting.amount.cents,
            }
            for posting in sorted(postings, key=lambda posting: posting.account)
        ]
        connection.execute(add_to_balances(connection.dialect.name), balance_rows)
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
    status = "booked" if result.booked_count else "refused"
    _store_run(connection, entry, run, employer_account, status, checker, now, result)
    return _run_answer(result, said)


def record_rejection(connection: Connection, entry: JournalEntry, *, checker: User, now: str) -> None:
    """A run the checker rejected: stored as such, no line examined."""
    operation = operation_of(entry)
    details = EntryDetails.from_body(entry.body.get(BODY_DETAILS, {}))
    assert operation.customer_account is not None and details.payroll is not None, "judged at ingest"
    _store_run(connection, entry, details.payroll, operation.customer_account, "rejected", checker, now)


@dataclass(frozen=True, slots=True)
class _Held:
    cif: str | None
    label: str
    balance_cents: int  # ledger sign


def _lock_accounts(connection: Connection, accounts: Iterable[str]) -> dict[str, _Held]:
    """The accounts the run moves, locked in key order in one statement, as an ingest locks its
    accounts: concurrent bookings wait for each other instead of deadlocking."""
    rows = connection.execute(
        select(_a.account, _a.cif, _a.label, _a.balance_cents)
        .where(_a.account.in_(sorted(accounts)))
        .order_by(_a.account)
        .with_for_update()
    )
    return {row.account: _Held(row.cif, row.label, row.balance_cents) for row in rows}


def _payees(
    connection: Connection, held: dict[str, _Held], entry: JournalEntry, table: LimitTable
) -> dict[str, Payee]:
    """What head office holds about each customer deposit account the run names: its owner's
    national ID, its balance, the balance cap of its owner's tier on the run's channel."""
    deposit = {
        account: row
        for account, row in held.items()
        if row.cif is not None and parse_account(account).type in PAYEE_ACCOUNT_TYPES
    }
    owners = {
        row.cif: (row.national_id, KycTier(row.kyc_tier))
        for row in connection.execute(
            select(_c.cif, _c.national_id, _c.kyc_tier).where(
                _c.cif.in_(sorted({r.cif for r in deposit.values()}))
            )
        )
    }
    payees = {}
    for account, row in deposit.items():
        national_id, tier = owners[row.cif]
        payees[account] = Payee(
            account,
            national_id,
            customer_view(parse_account(account).type, Money(row.balance_cents)),
            table.tier_limits(entry.channel, tier).balance_cap,
        )
    return payees


def _run_answer(result: PayrollRunResult, said: str) -> RunDecision:
    summary = (
        f"{said}; run {result.run_id}: {result.booked_count:,} of {result.line_count:,} lines paid "
        f"({result.booked_total})"
    )
    if result.refused_count:
        summary += f", {result.refused_count:,} refused ({result.refused_total})"
    if result.booked_count:
        return RunDecision(EntryStatus.BOOKED, None, summary)
    short = any(line.code == LineRefusal.INSUFFICIENT_FUNDS.value for line in result.lines)
    return RunDecision(EntryStatus.REJECTED, InsufficientFunds.code if short else LINES_REFUSED, summary)


def _store_run(
    connection: Connection,
    entry: JournalEntry,
    run: PayrollRun,
    employer_account: str,
    status: str,
    checker: User,
    now: str,
    result: PayrollRunResult | None = None,
) -> None:
    connection.execute(
        insert(schema.payroll_runs).values(
            run_id=run.run_id,
            device_code=entry.device_code,
            sequence=entry.sequence,
            employer_cif=run.employer_cif,
            employer_account=employer_account,
            pay_date=run.pay_date.isoformat(),
            fingerprint=run.fingerprint,
            line_count=run.line_count,
            control_total_cents=run.total.cents,
            booked_count=result.booked_count if result is not None else 0,
            booked_total_cents=result.booked_total.cents if result is not None else 0,
            status=status,
            maker_user_id=entry.user_id,
            checker_user_id=checker.user_id,
            checker_name=checker.display_name,
            decided_at=now,
        )
    )
    if result is not None:
        connection.execute(
            insert(schema.payroll_lines),
            [
                {
                    "run_id": run.run_id,
                    "file_row": line.row,
                    "national_id": line.national_id,
                    "account": line.account,
                    "amount_cents": line.amount.cents,
                    "status": line.status.value,
                    "code": line.code,
                    "reason": line.reason,
                }
                for line in result.lines
            ],
        )


# --- for the pull ---------------------------------------------------------------------------------


def run_answers(
    connection: Connection, device_code: str, sequences: Iterable[int]
) -> dict[int, dict[str, Any]]:
    """The answers to this device's payroll runs that head office examined line by line, by the
    entry's sequence, in the wire form of shared_core.payroll_run.PayrollRunAnswer: the refused
    lines only (the device holds the run and rebuilds the rest)."""
    sequences = sorted(set(sequences))
    if not sequences:
        return {}
    runs = connection.execute(
        select(
            _runs.run_id,
            _runs.sequence,
            _runs.fingerprint,
            _runs.checker_user_id,
            _runs.checker_name,
            _runs.booked_count,
            _runs.booked_total_cents,
        ).where(_runs.device_code == device_code, _runs.sequence.in_(sequences), _runs.status != "rejected")
    ).all()
    examined = {row.run_id: row for row in runs}
    refused: dict[str, list[list[object]]] = {run_id: [] for run_id in examined}
    if examined:
        for run_id, row_number, code, reason in connection.execute(
            select(_lines.run_id, _lines.file_row, _lines.code, _lines.reason)
            .where(_lines.run_id.in_(sorted(examined)), _lines.status == LineStatus.REFUSED.value)
            .order_by(_lines.run_id, _lines.file_row)
        ):
            refused[run_id].append([row_number, code, reason])
    answers = {}
    for run_id, row in examined.items():
        answer = {
            "run_id": run_id,
            "fingerprint": row.fingerprint,
            "checker": row.checker_user_id,
            "checker_name": row.checker_name,
            "booked_count": row.booked_count,
            "booked_total_cents": row.booked_total_cents,
            "refused": refused[run_id],
        }
        assert tuple(answer) == ANSWER_FIELDS, "the wire form of PayrollRunAnswer"
        answers[row.sequence] = answer
    return answers
