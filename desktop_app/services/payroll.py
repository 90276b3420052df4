"""Payroll runs at the counter: a corporate client's salary file checked row by row, submitted as
one request head office decides after a checker, and its answer: the payment advice and a CSV.

Reading (`read_payroll_file`) checks the file strictly (shared_core.payroll_file) against the
customers and accounts this device holds: a file with any problem is refused whole, every problem
named by row and column, and nothing is submitted. An accepted file is submitted by its maker
(`submit_payroll_run`, a user with payroll_upload) as one request entry carrying every line
(shared_core.payroll_run): pending, its whole total held against the employer's available balance,
until head office answers. It always waits there for a checker (a supervisor, head office, or a
director of the employer) who is never its maker. The pull brings the answer: booked line by line,
or refused; then the payment advice prints (`payment_advice_pdf`) and the lines' answers export as
a CSV safe to open in a spreadsheet (`payroll_answers_csv`).

The e2e flow, as a test makes it: `read_payroll_file` -> `submit_payroll_run` -> sync (upload) ->
a checker decides through the approvals API -> sync (pull) -> `payroll_run_status` ->
`payment_advice_pdf` / `payroll_answers_csv`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, select

from desktop_app.receipts.payment_advice import PaymentAdvice, render_payment_advice
from desktop_app.receipts.receipt import local_time_text
from desktop_app.services.balances import available_balance
from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.entries import EntryState, current_business_date
from desktop_app.services.posting import Posted, append_to_journal
from desktop_app.store import journal as stored_journal
from desktop_app.store import schema
from shared_core import canonical
from shared_core.accounts import parse_account, wallet_account
from shared_core.approvals import Outcome, judge_payroll_run
from shared_core.csv_safety import write_csv
from shared_core.entry_details import EntryDetails
from shared_core.errors import AlreadyExists, InsufficientFunds, InvalidInput, NotFound, OnlineOnly
from shared_core.journal import JournalEntry
from shared_core.kyc import mask_national_id
from shared_core.limits import OfflineClass
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind
from shared_core.payroll import LineStatus, PayrollFile, PayrollReading, payroll_file_bytes_max
from shared_core.payroll_file import read_payroll
from shared_core.payroll_run import PAYEE_ACCOUNT_TYPES, PayrollRun, PayrollRunAnswer, payroll_run_id
from shared_core.results import EntryStatus

runs_listed_max = 200
ANSWERS_CSV_HEADER = ("Row", "National ID", "Account", "Name", "Amount KES", "Status", "Code", "Reason")

_j, _r, _c, _a = schema.journal.c, schema.entry_results.c, schema.customers.c, schema.accounts.c
_answers, _u = schema.payroll_answers.c, schema.users.c
_STATES = {
    EntryStatus.BOOKED: EntryState.CONFIRMED,
    EntryStatus.BOOKED_WITH_EXCEPTION: EntryState.CONFIRMED,
    EntryStatus.DUPLICATE: EntryState.CONFIRMED,
    EntryStatus.REJECTED: EntryState.REFUSED,
    EntryStatus.EXISTS_WITH_DIFFERENT_CONTENT: EntryState.REFUSED,
    EntryStatus.AWAITING_APPROVAL: EntryState.PENDING,  # waiting for its checker at head office
}
assert set(_STATES) == set(EntryStatus), "every answer reads as a state"


# --- reading a file -------------------------------------------------------------------------------


def read_payroll_file(context: ServiceContext, data: bytes, *, employer_cif: str) -> PayrollReading:
    """The file checked row by row against the customers this device holds: a PayrollFile ready
    to submit, or a PayrollRejection listing every problem by the row and column the clerk sees.
    A file for another employer than `employer_cif` is refused."""
    with context.store.read() as connection:
        _employer(connection, employer_cif)
        directory = _directory(connection)
    return read_payroll(data, directory, employer_cif=employer_cif)


def read_payroll_path(context: ServiceContext, path: Path, *, employer_cif: str) -> PayrollReading:
    """`read_payroll_file` of a file chosen on disk (run it in a worker); its size checked first."""
    try:
        size = path.stat().st_size
        if size > payroll_file_bytes_max:
            raise InvalidInput(
                f"{path.name} is {size:,} bytes; a payroll file may be at most {payroll_file_bytes_max:,}. "
                "Split the payroll into two runs.",
                field="payroll_file",
            )
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise InvalidInput(f"{path.name} cannot be read: {reason}", field="payroll_file") from None
    return read_payroll_file(context, data, employer_cif=employer_cif)


def _directory(connection: Connection) -> dict[str, list[str]]:
    """Who this device knows: each customer's national ID and the deposit accounts they own."""
    directory: dict[str, list[str]] = {}
    rows = connection.execute(
        select(_c.national_id, _a.account).select_from(
            schema.customers.outerjoin(schema.accounts, _a.cif == _c.cif)
        )
    )
    for national_id, account in rows:
        accounts = directory.setdefault(national_id, [])
        if account is not None and parse_account(account).type in PAYEE_ACCOUNT_TYPES:
            accounts.append(account)
    return directory


# --- submitting a run -----------------------------------------------------------------------------


def submit_payroll_run(
    context: ServiceContext, session: Session, payroll: PayrollFile, *, employer_account: str | None = None
) -> Posted:
    """Submit an accepted file as a payroll run: one request entry, pending until head office
    answers, that always waits there for a checker. The maker needs payroll_upload; the employer's
    account (its wallet unless named) must be the employer's and hold the run's total now, and the
    same file must not already be paid or waiting for this employer."""
    if not isinstance(payroll, PayrollFile):
        raise TypeError(f"submit_payroll_run needs a PayrollFile, got {type(payroll).__name__}")
    account = employer_account or wallet_account(payroll.employer_cif)
    with context.store.write() as connection:
        table = context.limit_table(connection)
        decision = judge_payroll_run(table, role=session.role)
        if decision.outcome is Outcome.DENY:
            decision.raise_if_refused()
        employer = _employer(connection, payroll.employer_cif)
        owner = connection.execute(select(_a.cif).where(_a.account == account)).scalar()
        if owner != payroll.employer_cif:
            raise NotFound(
                f"{account} is not an account of {employer.full_name} on this device", account=account
            )
        channel = context.device.channel
        if (
            table.offline_class(channel, OperationKind.PAYROLL_RUN) is OfflineClass.ONLINE_ONLY
            and not context.is_online()
        ):
            raise OnlineOnly("A payroll run needs head office online here; try again when the link is back")
        earlier = _same_file(connection, payroll)
        if earlier is not None:
            raise AlreadyExists(
                f"This file was already submitted for {employer.full_name} as {earlier}; it is paid once",
                reference=earlier,
            )
        available = available_balance(connection, account)
        if available < payroll.total:
            raise InsufficientFunds(
                f"{employer.full_name}'s account holds {available} to spend; this payroll needs {payroll.total}",
                available_cents=available.cents,
                needed_cents=payroll.total.cents,
            )
        head = stored_journal.head(connection, context.head_cache)
        sequence = head.sequence + 1 if head else 1
        run = PayrollRun.of_file(payroll_run_id(context.device.device_code, sequence), payroll)
        operation = Operation(OperationKind.PAYROLL_RUN, channel, run.total, customer_account=account)
        details = EntryDetails(
            business_date=current_business_date(context, connection),
            customer_cif=run.employer_cif,
            payroll=run,
        )
        entry, _effects = append_to_journal(
            context, connection, session, operation, details, table, None, entry_id=None
        )
        assert entry.sequence == sequence, "the run's id names the entry that carries it"
    return Posted(entry=entry, decision=decision, available_after=available - run.total)


def _employer(connection: Connection, cif: str):  # a Row: cif, full_name
    row = connection.execute(select(_c.cif, _c.full_name).where(_c.cif == cif)).first()
    if row is None:
        raise NotFound(f"Customer {cif} is not on this device; sync to fetch them", cif=cif)
    return row


def _same_file(connection: Connection, payroll: PayrollFile) -> str | None:
    """The reference of a run of this very file for this employer that head office has not refused."""
    refused = select(_r.sequence).where(_r.status == EntryStatus.REJECTED.value)
    rows = connection.execute(
        select(_j.sequence, _j.content).where(
            _j.kind == OperationKind.PAYROLL_RUN.value,
            _j.customer_cif == payroll.employer_cif,
            _j.sequence.not_in(refused),
        )
    )
    for sequence, content in rows:
        entry = stored_journal.decode_row_content(content, sequence)
        run = stored_journal.details_of(entry).payroll
        if run is not None and run.fingerprint == payroll.fingerprint:
            return entry.reference
    return None


# --- where a run stands ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PayrollRunStatus:
    """A payroll run this device submitted, and where it stands with head office."""

    sequence: int
    reference: str
    run: PayrollRun
    employer_name: str
    employer_account: str
    maker: str  # 'Wanjiru Kamau (wanjiru)'
    recorded_at: str
    state: EntryState  # pending (not yet sent, or waiting for its checker), confirmed or refused
    message: str | None  # head office's words: waiting for whom, how many lines paid, or why refused
    answer: PayrollRunAnswer | None  # once a checker approved it: each line booked or refused

    @property
    def pay_date(self) -> date:
        return self.run.pay_date


def payroll_runs(context: ServiceContext, *, employer_cif: str | None = None) -> tuple[PayrollRunStatus, ...]:
    """This device's payroll runs (of one employer, if named), newest first."""
    query = select(_j.sequence).where(_j.kind == OperationKind.PAYROLL_RUN.value)
    if employer_cif is not None:
        query = query.where(_j.customer_cif == employer_cif)
    with context.store.read() as connection:
        sequences = (
            connection.execute(query.order_by(_j.sequence.desc()).limit(runs_listed_max)).scalars().all()
        )
        return tuple(_status(connection, sequence) for sequence in sequences)


def payroll_run_status(context: ServiceContext, sequence: int) -> PayrollRunStatus:
    with context.store.read() as connection:
        return _status(connection, sequence)


def _status(connection: Connection, sequence: int) -> PayrollRunStatus:
    entry = stored_journal.entry_at(connection, sequence)
    if entry is None or entry.kind is not OperationKind.PAYROLL_RUN:
        raise NotFound(f"Entry {sequence} is not a payroll run of this device", sequence=sequence)
    run = stored_journal.details_of(entry).payroll
    assert run is not None, "a payroll run's entry carries the run"
    result = connection.execute(select(_r.status, _r.message).where(_r.sequence == sequence)).first()
    state = _STATES[EntryStatus(result.status)] if result else EntryState.PENDING
    stored = connection.execute(select(_answers.answer).where(_answers.sequence == sequence)).scalar()
    answer = None if stored is None else PayrollRunAnswer.from_wire(run, canonical.decode(stored))
    employer = connection.execute(select(_c.full_name).where(_c.cif == run.employer_cif)).scalar()
    return PayrollRunStatus(
        sequence=sequence,
        reference=entry.reference,
        run=run,
        employer_name=employer or run.employer_cif,
        employer_account=entry.body["customer_account"],
        maker=_user_name(connection, entry),
        recorded_at=entry.recorded_at,
        state=state,
        message=result.message if result else None,
        answer=answer,
    )


def _user_name(connection: Connection, entry: JournalEntry) -> str:
    name = connection.execute(select(_u.display_name).where(_u.user_id == entry.user_id)).scalar()
    return f"{name} ({entry.user_id})" if name else entry.user_id


# --- what the employer takes away -----------------------------------------------------------------


def payment_advice_pdf(context: ServiceContext, sequence: int) -> bytes:
    """The employer's A4 payment advice of run `sequence`: every line booked or refused, the totals,
    maker and checker. NotFound until head office has answered the run line by line (sync first)."""
    status = payroll_run_status(context, sequence)
    answer = _answer_of(status)
    return render_payment_advice(
        PaymentAdvice(
            bank_name=context.device.bank_name,
            employer_name=status.employer_name,
            run=answer.result,
            maker=status.maker,
            checker=f"{answer.checker_name} ({answer.checker_user_id})",
            employer_debited=answer.result.booked_total,
            printed_at_text=local_time_text(context.clock.now(), context.utc_offset_minutes, seconds=False),
        )
    )


def payroll_answers_csv(context: ServiceContext, sequence: int) -> bytes:
    """Head office's answer to each line of run `sequence` as a CSV for the employer's spreadsheet:
    no cell runs as a formula (shared_core.csv_safety), national IDs masked as on the advice."""
    answer = _answer_of(payroll_run_status(context, sequence))
    rows = [
        (
            line.row,
            mask_national_id(line.national_id),
            line.account,
            line.name,
            line.amount,
            "Paid" if line.status is LineStatus.BOOKED else "Refused",
            line.code,
            line.reason or None,
        )
        for line in answer.result.lines
    ]
    return write_csv(rows, ANSWERS_CSV_HEADER)


def _answer_of(status: PayrollRunStatus) -> PayrollRunAnswer:
    if status.answer is None:
        where = (
            "has not reached head office yet" if status.message is None else "has no line-by-line answer yet"
        )
        raise NotFound(
            f"Payroll run {status.run.run_id} {where}: sync, then print its advice", run_id=status.run.run_id
        )
    return status.answer


def employer_accounts(context: ServiceContext, employer_cif: str) -> Mapping[str, Money]:
    """The deposit accounts of an employer on this device, with what each may spend now."""
    with context.store.read() as connection:
        accounts = connection.execute(
            select(_a.account).where(_a.cif == employer_cif).order_by(_a.account)
        ).scalars()
        return {
            account: available_balance(connection, account)
            for account in accounts
            if parse_account(account).type in PAYEE_ACCOUNT_TYPES
        }
