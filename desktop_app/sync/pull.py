"""The pull: what head office says this device needs, applied in one local transaction.

The allowance is checked first, under the server key pinned at enrolment: if its signature does
not verify, nothing of the pull is kept (a pull that could be altered in transit could raise the
device's cash caps). Then, together: the users who may log in here (those no longer listed are
deactivated), customers and their accounts with the balance the server holds and the sequence it
runs through, their loans with the repayments head office booked, the limit table, the product
policies, a new allowance row (earlier rows and their usage stay), the
answers to entries, and the new cursor. An answer never touches an entry still in the outbox:
until the device has sent it and heard back, its own pending entry wins over anything a pull says.
The answers include checkers' decisions: a request that waited for approval at head office becomes
confirmed or refused here at the pull after the decision; a payroll run's answer also says which of
its lines were refused, kept (checked against the run) for its payment advice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop_app.services.context import ServiceContext
from desktop_app.store import schema
from desktop_app.store.database import get_setting, put_setting
from desktop_app.store.journal import details_of, entry_at
from desktop_app.store.pulled import (
    put_account,
    put_allowance,
    put_customer,
    put_limit_table,
    put_loans,
    put_product_policies,
    put_user,
)
from desktop_app.sync.client import LinkDown, SyncClient
from shared_core import canonical
from shared_core.allowance import Allowance, allowance_from_wire, verify_allowance
from shared_core.canonical import require_int, safe_integer_max
from shared_core.errors import InvalidInput
from shared_core.journal import format_timestamp, require_timestamp
from shared_core.payroll_run import PayrollRunAnswer
from shared_core.results import EntryStatus

SYNC_CURSOR_KEY = "sync_cursor"

_r = schema.entry_results.c
_STATUSES = frozenset(status.value for status in EntryStatus)
_PENDING = EntryStatus.AWAITING_APPROVAL.value  # a request waiting for a checker at head office
_ANSWER_COLUMNS = ("status", "code", "message", "acknowledged_at")
_FIELDS = ("cursor", "server_time", "device_code", "users", "customers", "accounts", "loans", "limit_table",
           "product_policies", "allowance", "entry_results", "more_results", "complete")


@dataclass(frozen=True, slots=True)
class PullOutcome:
    cursor: int
    users: int
    customers: int
    accounts: int
    loans: int
    answers_recorded: int
    answers_held_back: int  # answers to entries still in the outbox: the device's own entry wins
    allowance_id: str
    more_results: bool  # more answers wait on the server: pull again
    complete: bool  # False when the server cut its snapshot at one of its bounds


def pull_once(context: ServiceContext, client: SyncClient, server_key: Ed25519PublicKey) -> PullOutcome:
    """Fetch, verify and apply one pull. Raises LinkDown / ServerRefused from the client, or a
    DomainError (BadSignature, InvalidInput...) when the answer cannot be trusted: nothing is kept."""
    if context.device_key is None:
        raise RuntimeError("this device has no key; enrol it first")
    with context.store.read() as connection:
        since = int(get_setting(connection, SYNC_CURSOR_KEY, 0))
    sent_at = format_timestamp(context.clock.now())  # the device's clock: advisory, the server allows a day
    changes = _decode(client.pull(since, context.device.device_code, context.device_key, sent_at=sent_at))
    allowance = allowance_from_wire(changes["allowance"].get("allowance"))
    verify_allowance(allowance, changes["allowance"].get("signature"), server_key)
    device_code = context.device.device_code
    if allowance.device_code != device_code or changes["device_code"] != device_code:
        raise InvalidInput("The pull answers for another device; nothing of it is kept", field="device_code")
    cursor = require_int(changes["cursor"], "cursor", minimum=0)
    server_time = require_timestamp(changes["server_time"], "server_time")
    with context.store.write() as connection:
        _apply_users(connection, changes["users"])
        customers = _apply_customers(connection, changes["customers"])
        accounts = _apply_accounts(connection, changes["accounts"])
        loans = put_loans(connection, changes["loans"], complete=changes["complete"] is True)
        put_limit_table(connection, changes["limit_table"])
        put_product_policies(connection, changes["product_policies"])
        _apply_allowance(connection, allowance)
        recorded, held_back = _apply_answers(connection, changes["entry_results"], server_time)
        put_setting(connection, SYNC_CURSOR_KEY, cursor)
    return PullOutcome(
        cursor=cursor,
        users=len(changes["users"]),
        customers=customers,
        accounts=accounts,
        loans=loans,
        answers_recorded=recorded,
        answers_held_back=held_back,
        allowance_id=allowance.allowance_id,
        more_results=changes["more_results"] is True,
        complete=changes["complete"] is True,
    )


def _decode(content: bytes) -> dict[str, Any]:
    try:
        document = json.loads(content)
    except ValueError as error:
        raise LinkDown("the pull's answer is not JSON; it was probably cut short") from error
    if not isinstance(document, dict) or any(name not in document for name in _FIELDS):
        raise InvalidInput("The pull's answer lacks fields this app needs", field="changes")
    for name in ("users", "customers", "accounts", "loans", "entry_results"):
        if not isinstance(document[name], list) or not all(isinstance(item, dict) for item in document[name]):
            raise InvalidInput(f"{name}: expected a list of objects", field=name)
    if not isinstance(document["allowance"], dict) or not isinstance(document["limit_table"], dict):
        raise InvalidInput("allowance and limit_table: expected objects", field="changes")
    return document


def _apply_users(connection: Connection, users: list[dict]) -> None:
    listed = []
    for user in users:
        put_user(connection, user_id=user["user_id"], display_name=user["display_name"], role=user["role"],
                 password_hash=user["password_hash"], active=user["active"] is True)
        listed.append(user["user_id"])
    # A user head office no longer lists for this device may not log in here any more.
    connection.execute(update(schema.users).where(schema.users.c.user_id.not_in(listed)).values(active=0))


def _apply_customers(connection: Connection, customers: list[dict]) -> int:
    c = schema.customers.c
    applied = 0
    for customer in customers:
        holder = connection.execute(select(c.cif).where(c.national_id == customer["national_id"])).scalar()
        if holder is not None and holder != customer["cif"]:
            continue  # registered here under a provisional CIF the server has not yet replaced
        put_customer(connection, cif=customer["cif"], national_id=customer["national_id"],
                     full_name=customer["full_name"], phone=customer["phone"],
                     kyc_tier=require_int(customer["kyc_tier"], "kyc_tier", minimum=1, maximum=3))
        applied += 1
    return applied


def _apply_accounts(connection: Connection, accounts: list[dict]) -> int:
    known = set(connection.execute(select(schema.customers.c.cif)).scalars())
    applied = 0
    for account in accounts:
        if account["cif"] is not None and account["cif"] not in known:
            continue  # its customer was held back above
        put_account(connection, account=account["account"], cif=account["cif"], label=account["label"],
                    balance_cents=require_int(
                        account["balance_cents"], "balance_cents", minimum=-safe_integer_max
                    ),
                    through_sequence=require_int(account["through_sequence"], "through_sequence", minimum=0))
        applied += 1
    return applied


def _apply_allowance(connection: Connection, allowance: Allowance) -> None:
    a = schema.allowances.c
    if connection.execute(select(a.allowance_id).where(a.allowance_id == allowance.allowance_id)).first():
        return  # the same allowance again (an answer applied twice): its usage stays as it is
    put_allowance(connection, allowance_id=allowance.allowance_id,
                  cash_out_cap_cents=allowance.cash_out_cap_cents,
                  cash_in_cap_cents=allowance.cash_in_cap_cents,
                  per_customer_cap_cents=allowance.per_customer_cap_cents, issued_at=allowance.issued_at,
                  expires_at=allowance.expires_at)


def _apply_answers(connection: Connection, results: list[dict], server_time: str) -> tuple[int, int]:
    """Record the server's answers to entries this device sent. An entry answered awaiting_approval
    takes the checker's decision when a later pull brings it: booked (confirmed), or rejected with
    the checker's reason (refused: no longer counted in the customer's day, see services.posting).
    A decision is final: an older answer (a replayed pull, two pulls crossing) never turns it back
    into pending."""
    sequences = [require_int(result["sequence"], "sequence", minimum=1) for result in results]
    in_journal = set(connection.execute(
        select(schema.journal.c.sequence).where(schema.journal.c.sequence.in_(sequences))).scalars())
    waiting = set(connection.execute(
        select(schema.outbox.c.sequence).where(schema.outbox.c.sequence.in_(sequences))).scalars())
    answered = dict(connection.execute(
        select(_r.sequence, _r.status).where(_r.sequence.in_(sequences))).all())
    rows = []
    for result in results:
        sequence = result["sequence"]
        if sequence in waiting or sequence not in in_journal:
            continue
        if result["status"] not in _STATUSES:
            raise InvalidInput(
                f"entry {sequence}: {result['status']!r} is not an answer this app knows", field="status"
            )
        if result["status"] == _PENDING and answered.get(sequence, _PENDING) != _PENDING:
            continue  # decided already: the decision stands
        rows.append({
            "sequence": sequence,
            "status": result["status"],
            "code": result.get("code"),
            "message": result.get("message") or None,
            "acknowledged_at": server_time,
        })
    if rows:
        statement = sqlite_insert(schema.entry_results)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=[_r.sequence],
                set_={name: statement.excluded[name] for name in _ANSWER_COLUMNS},
            ),
            rows,
        )
    recorded = {row["sequence"] for row in rows}
    for result in results:
        if "payroll_run" in result and result["sequence"] in recorded:
            _apply_payroll_answer(connection, result["sequence"], result["payroll_run"], server_time)
    return len(rows), len(waiting)


def _apply_payroll_answer(connection: Connection, sequence: int, wire: object, server_time: str) -> None:
    """Head office's line-by-line answer to a payroll run this device sent, checked against the run
    in the journal (shared_core.payroll_run): an answer for other lines than the run's is refused."""
    entry = entry_at(connection, sequence)
    assert entry is not None, "answers are recorded only for entries in the journal"
    run = details_of(entry).payroll
    if run is None:
        raise InvalidInput(f"entry {sequence}: a payroll answer for an entry that is not a payroll run",
                           field="payroll_run")
    answer = PayrollRunAnswer.from_wire(run, wire)
    statement = sqlite_insert(schema.payroll_answers).values(
        sequence=sequence, answer=canonical.encode(answer.to_wire()), received_at=server_time
    )
    connection.execute(statement.on_conflict_do_update(
        index_elements=[schema.payroll_answers.c.sequence],
        set_={"answer": statement.excluded.answer, "received_at": statement.excluded.received_at},
    ))
