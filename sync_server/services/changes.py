"""What a device needs from head office, read in one transaction: GET /v1/changes.

The cursor is a server sequence, never a clock: the id of `answer_changes`, which gets a row each
time answers to a device's entries change (an accepted batch, a checker's decision), naming the
run of sequences changed. Every writer of a device's rows holds that device's row lock, so one
device's rows commit in id order, and the cursor a pull returns is this device's highest id it
read: a row of this device committed later can only have a higher id.

Everything else is a full snapshot of what the device serves, bounded by the `*_rows_max`
constants (`complete` says whether it all fitted): the users who may log in on it (its
location's, plus supervisors and head office, with password hashes for offline login), the
customers and their accounts with balances in customer view, the limit table in force, and a
fresh offline allowance signed with the server key, the loans of the customers sent (terms, status,
the credit decision with its scorecard, every repayment head office booked) and the product
policies (loan products, credit scoring) the device quotes by. With a bank's real customer numbers the
snapshot becomes a delta by cursor; the wire already carries the cursor for it.

Each account's `through_sequence` is this device's accepted chain head: every entry up to it has
been decided, so the balance counts those the server booked and will never count those it
refused; the device adds only its entries after it. An entry still awaiting a checker is decided
at neither end, so its debit is not held against the pulled balance (no hold exists yet). The answer
to a payroll run a checker approved carries which of its lines were refused and why (payroll_run).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, and_, func, or_, select

from shared_core.accounts import customer_view, parse_account
from shared_core.allowance import AllowancePolicy, allowance_to_wire, issue_allowance, sign_allowance
from shared_core.channels import Channel
from shared_core.limits import LimitTable, limit_table_to_mapping
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.roles import Role
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.services.payroll import run_answers
from sync_server.services.product_policies import shipped_product_policies

users_rows_max = 1_000
customers_rows_max = 10_000  # with accounts_rows_max, well under the 16 MiB a device reads
accounts_rows_max = 30_000
loans_rows_max = 10_000  # with their repayments: a few KiB each at most
# Answers of at most 20 changes (10,000 entries of batches) per pull; `more_results` says more wait.
changes_per_pull_max = 20

_u = schema.users.c
_c = schema.customers.c
_a = schema.accounts.c
_changes = schema.answer_changes.c
_e = schema.entries.c
_l = schema.loans.c
_lr = schema.loan_repayments.c
_ROLES_EVERYWHERE = (Role.SUPERVISOR.value, Role.HEAD_OFFICE.value)  # may override at any counter


@dataclass(frozen=True, slots=True)
class PullingDevice:
    device_code: str
    channel: Channel
    location_code: str


def read_changes(
    database: Database,
    device: PullingDevice,
    *,
    since: int,
    now: str,
    limit_table: LimitTable,
    policy: AllowancePolicy,
    server_key: Ed25519PrivateKey,
) -> dict[str, Any]:
    """The changes document for `device` (the wire format is in api/openapi.py), read from one
    consistent snapshot: on MySQL a REPEATABLE READ transaction (InnoDB's consistent read), on
    SQLite one read transaction (WAL gives it a snapshot at its first read)."""
    with database.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            return build_changes(
                connection, device, since=since, now=now, limit_table=limit_table, policy=policy,
                server_key=server_key,
            )


def build_changes(
    connection: Connection,
    device: PullingDevice,
    *,
    since: int,
    now: str,
    limit_table: LimitTable,
    policy: AllowancePolicy,
    server_key: Ed25519PrivateKey,
) -> dict[str, Any]:
    results, cursor, more_results = _entry_results(connection, device.device_code, since)
    users = _users(connection, device.location_code)
    customers = _customers(connection)
    head_sequence = connection.execute(
        select(func.coalesce(func.max(_e.sequence), 0)).where(_e.device_code == device.device_code)
    ).scalar_one()
    # Only the accounts of customers sent: the device keeps no account without its customer.
    sent_cifs = {customer["cif"] for customer in customers[:customers_rows_max]}
    accounts, accounts_complete = _accounts(connection, sent_cifs, head_sequence)
    loans, loans_complete = _loans(connection, sent_cifs, head_sequence)
    allowance = issue_allowance(
        policy,
        channel=device.channel,
        device_code=device.device_code,
        allowance_id=f"{device.device_code}-{cursor}-{now}",  # unique per issue: two pulls differ in time
        now=now,
    )
    return {
        "cursor": cursor,
        "server_time": now,
        "device_code": device.device_code,
        "accepted_head_sequence": head_sequence,
        "complete": len(users) <= users_rows_max
        and len(customers) <= customers_rows_max
        and accounts_complete
        and loans_complete,
        "users": users[:users_rows_max],
        "customers": customers[:customers_rows_max],
        "accounts": accounts,
        "loans": loans,
        "limit_table": limit_table_to_mapping(limit_table),
        "product_policies": dict(shipped_product_policies().documents),
        "allowance": {
            "allowance": allowance_to_wire(allowance),
            "signature": sign_allowance(allowance, server_key),
        },
        "entry_results": results,
        "more_results": more_results,
    }


def _entry_results(connection: Connection, device_code: str, since: int) -> tuple[list[dict], int, bool]:
    """The answers to this device's entries whose answers changed after `since`, the new cursor,
    and whether more changes wait (then the cursor stops at the last change answered here)."""
    changes = connection.execute(
        select(_changes.id, _changes.first_sequence, _changes.last_sequence)
        .where(_changes.device_code == device_code, _changes.id > since)
        .order_by(_changes.id)
        .limit(changes_per_pull_max + 1)
    ).all()
    more = len(changes) > changes_per_pull_max
    changes = changes[:changes_per_pull_max]
    if not changes:
        return [], since, more
    cursor = changes[-1].id
    ranges = [and_(_e.sequence >= row.first_sequence, _e.sequence <= row.last_sequence) for row in changes]
    rows = connection.execute(
        select(_e.sequence, _e.entry_id, _e.kind, _e.status, _e.code, _e.message, _e.exception_id)
        .where(_e.device_code == device_code, or_(*ranges))
        .order_by(_e.sequence)
    ).all()
    payroll = run_answers(
        connection, device_code, (row.sequence for row in rows if row.kind == OperationKind.PAYROLL_RUN.value)
    )
    results = [
        {
            "sequence": row.sequence,
            "entry_id": row.entry_id,
            "status": row.status,
            "code": row.code,
            "message": row.message,
            "exception_id": row.exception_id,
        }
        for row in rows
    ]
    for result in results:  # a payroll run head office answered line by line: which lines it refused
        if result["sequence"] in payroll:
            result["payroll_run"] = payroll[result["sequence"]]
    return results, cursor, more


def _users(connection: Connection, location_code: str) -> list[dict]:
    rows = connection.execute(
        select(_u.user_id, _u.display_name, _u.role, _u.password_hash, _u.active)
        .where(or_(_u.location_code == location_code, _u.role.in_(_ROLES_EVERYWHERE)))
        .where(_u.role != Role.DIRECTOR.value)
        .order_by(_u.user_id)
        .limit(users_rows_max + 1)
    ).all()
    return [
        {
            "user_id": row.user_id,
            "display_name": row.display_name,
            "role": row.role,
            "password_hash": row.password_hash,
            "active": bool(row.active),
        }
        for row in rows
    ]


def _customers(connection: Connection) -> list[dict]:
    rows = connection.execute(
        select(_c.cif, _c.national_id, _c.full_name, _c.phone, _c.kyc_tier).order_by(_c.cif).limit(
            customers_rows_max + 1
        )
    ).all()
    return [dict(row._mapping) for row in rows]


def _accounts(connection: Connection, cifs: set[str], head_sequence: int) -> tuple[list[dict], bool]:
    rows = connection.execute(
        select(_a.account, _a.cif, _a.label, _a.balance_cents)
        .where(_a.cif.is_not(None))
        .order_by(_a.account)
        .limit(accounts_rows_max + 1)
    ).all()
    complete = len(rows) <= accounts_rows_max
    accounts = [
        {
            "account": row.account,
            "cif": row.cif,
            "label": row.label,
            "balance_cents": customer_view(parse_account(row.account).type, Money(row.balance_cents)).cents,
            "through_sequence": head_sequence,
        }
        for row in rows[:accounts_rows_max]
        if row.cif in cifs
    ]
    return accounts, complete


def _loans(connection: Connection, cifs: set[str], head_sequence: int) -> tuple[list[dict], bool]:
    """The loans of the customers sent, each with the repayments booked against it in booking order.
    A repayment by this device up to `through_sequence` is among them; the device replays its own
    later ones on top."""
    rows = connection.execute(
        select(schema.loans, _e.reference)
        .join(schema.entries, and_(_e.device_code == _l.device_code, _e.sequence == _l.sequence))
        .order_by(_l.loan_id)
        .limit(loans_rows_max + 1)
    ).all()
    complete = len(rows) <= loans_rows_max
    rows = [row for row in rows[:loans_rows_max] if row.cif in cifs]
    repayments: dict[str, list[dict]] = {row.loan_id: [] for row in rows}
    if repayments:
        for loan_id, paid_on, cents in connection.execute(
            select(_lr.loan_id, _lr.paid_on, _lr.amount_cents)
            .where(_lr.loan_id.in_(list(repayments)), _lr.reversed_by_entry_id.is_(None))
            .order_by(_lr.id)
        ):
            repayments[loan_id].append({"paid_on": paid_on, "amount_cents": cents})
    loans = [
        {
            "loan_id": row.loan_id,
            "loan_account": row.loan_account,
            "reference": row.reference,
            "cif": row.cif,
            "product_code": row.product_code,
            "principal_cents": row.principal_cents,
            "annual_rate": row.annual_rate,
            "method": row.method,
            "frequency": row.frequency,
            "installments": row.installments,
            "applied_on": row.applied_on,
            "first_due_date": row.first_due_date,
            "status": row.status,
            "closed_on": row.closed_on,
            "decision": json.loads(row.decision),
            "repayments": repayments[row.loan_id],
            "through_sequence": head_sequence,
        }
        for row in rows
    ]
    return loans, complete
