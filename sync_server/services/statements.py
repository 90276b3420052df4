"""Account statements read from head office's books (shared_core.statements): POST /v1/statements.

A statement is every booked posting on the account, from every counter and agent, so it is read
here and never from a device. The opening balance is the sum of the account's booked postings with a
business date before the period; the lines are its booked postings in the period, ordered by
business date, then the entry's time at the counter, then (device, sequence), then posting line.
Only entries the server booked count (books.BOOKED_STATUSES), exactly as the account's balance
does: an entry refused, or still waiting for a checker, moved nothing.

What a line says comes from the entry's kind and the posting paired with it. shared_core.ledger
writes an entry's postings in pairs, each pair balanced: the amount's debit and credit, then the
fee's (a reversal negates them in the same order), and the ingest numbers them from 1; so line 2k-1
and line 2k are one pair, and the partner of a wallet's posting names the other side ('Transfer to
wallet:C0005678'), or income:fees for the fee. A pair that does not balance (never written so) is
described by its kind alone. A reversal names the reference of the entry it undoes.

Head office's own correcting entries (services.exception_work: an overdraft written off, a refund)
move the account too, so they are on it: their postings, by their business date and booking time,
after the counters' entries of the same moment, described by what they corrected.

Read in one consistent snapshot (REPEATABLE READ on MySQL, one read transaction on SQLite), in
three statements whatever the period holds: the account with its holder; the opening sum; the
lines (one query: postings by their account index, joined to their entries, partners and originals
by primary or unique keys); and two more for head office's corrections (their opening sum and
lines). Asked for more than `statement_lines_max` lines, it refuses.

Which device may ask for which account: the same customers the pull sends a device
(services.changes), which today is every customer head office holds, since a customer may walk into
any branch or agent; the account must be a customer's deposit account (a wallet or savings: tills,
floats and the bank's own accounts have no statement here), and the user asking must be active at
head office with the permission to print statements.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, and_, case, func, select

from shared_core import canonical
from shared_core.accounts import INCOME_FEES, customer_view, parse_account
from shared_core.errors import NotFound, PermissionDenied, Refused
from shared_core.exception_resolution import describe_correction
from shared_core.journal import require_timestamp
from shared_core.kyc import printed_identity
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.roles import Permission, has_permission, parse_role
from shared_core.statements import (
    Movement,
    StatementAnswer,
    StatementRequest,
    describe_posting,
    encode_answer,
    make_statement,
    sign_answer,
    statement_lines_max,
)
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.services.books import BOOKED_STATUSES
from sync_server.services.changes import PullingDevice

_a = schema.accounts.c
_c = schema.customers.c
_u = schema.users.c
_e = schema.entries.c
_p = schema.postings.c
_ho = schema.head_office_entries.c
_hp = schema.head_office_postings.c
_OF_HEAD_OFFICE_ENTRY = _hp.entry_id == _ho.id
_BOOKED = tuple(status.value for status in BOOKED_STATUSES)

_partner = schema.postings.alias("partner")
_original = schema.entries.alias("original")
_OF_ENTRY = and_(_p.device_code == _e.device_code, _p.sequence == _e.sequence)
# Line 2k-1 pairs with line 2k (see the module docstring).
_PARTNER_LINE = case((_p.line % 2 == 1, _p.line + 1), else_=_p.line - 1)
_OF_PAIR = and_(
    _partner.c.device_code == _p.device_code,
    _partner.c.sequence == _p.sequence,
    _partner.c.line == _PARTNER_LINE,
)


def read_statement(
    database: Database,
    device: PullingDevice,
    request: StatementRequest,
    *,
    server_key: Ed25519PrivateKey,
    now: str,
) -> bytes:
    """Answer `request` from `device` (who signed it): the encoded SignedStatement.

    Refused (a DomainError the API maps): a request naming another device or a user who may not
    print statements (403), an account head office does not hold for a customer (404), a period
    with more lines than a statement holds (422)."""
    require_timestamp(now, "now")
    if request.device_code != device.device_code:
        raise PermissionDenied(
            f"Device {device.device_code} signed a request for device {request.device_code}",
            device_code=device.device_code,
        )
    with database.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            answer = build_statement(connection, request, now=now)
    return encode_answer(sign_answer(answer, server_key))


def build_statement(connection: Connection, request: StatementRequest, *, now: str) -> StatementAnswer:
    """The statement as the books say it, in the caller's transaction (checked as it is built)."""
    _require_may_print(connection, request.user_id)
    holder = connection.execute(
        select(_a.account, _a.label, _c.cif, _c.full_name, _c.national_id)
        .select_from(schema.accounts.join(schema.customers, _a.cif == _c.cif))
        .where(_a.account == request.account)
    ).first()
    if holder is None:
        raise NotFound(
            f"Head office holds no customer account {request.account}", account=request.account
        )
    # No narrower check: every device serves every customer, as the pull sends them (module docstring).
    account_type = parse_account(request.account).type
    opening_ledger = connection.execute(
        select(func.coalesce(func.sum(_p.amount_cents), 0))
        .select_from(schema.postings.join(schema.entries, _OF_ENTRY))
        .where(_p.account == request.account, _e.status.in_(_BOOKED), _e.business_date < request.from_date)
    ).scalar_one()
    opening_ledger += connection.execute(
        select(func.coalesce(func.sum(_hp.amount_cents), 0))
        .select_from(schema.head_office_postings.join(schema.head_office_entries, _OF_HEAD_OFFICE_ENTRY))
        .where(_hp.account == request.account, _ho.business_date < request.from_date)
    ).scalar_one()
    rows = connection.execute(
        select(
            _e.business_date,
            _e.recorded_at,
            _e.reference,
            _e.kind,
            _p.amount_cents,
            _partner.c.account.label("partner_account"),
            _partner.c.amount_cents.label("partner_cents"),
            _original.c.reference.label("original_reference"),
            _original.c.kind.label("original_kind"),
        )
        .select_from(
            schema.postings.join(schema.entries, _OF_ENTRY)
            .outerjoin(_partner, _OF_PAIR)
            .outerjoin(_original, _original.c.entry_id == _e.reverses_entry_id)
        )
        .where(
            _p.account == request.account,
            _e.status.in_(_BOOKED),
            _e.business_date >= request.from_date,
            _e.business_date <= request.to_date,
        )
        .order_by(_e.business_date, _e.recorded_at, _e.device_code, _e.sequence, _p.line)
        .limit(statement_lines_max + 1)
    ).all()
    corrections = connection.execute(
        select(_ho.business_date, _ho.booked_at, _ho.reference, _ho.content, _hp.amount_cents)
        .select_from(schema.head_office_postings.join(schema.head_office_entries, _OF_HEAD_OFFICE_ENTRY))
        .where(
            _hp.account == request.account,
            _ho.business_date >= request.from_date,
            _ho.business_date <= request.to_date,
        )
        .order_by(_ho.business_date, _ho.booked_at, _ho.id, _hp.line)
        .limit(statement_lines_max + 1)
    ).all()
    if len(rows) + len(corrections) > statement_lines_max:
        raise Refused(
            f"{request.account} has more than {statement_lines_max} postings from {request.from_date} to "
            f"{request.to_date}, more than one statement holds; ask for a shorter period",
            reason="statement_too_long",
            account=request.account,
        )
    movements = []
    for row in rows:
        change = customer_view(account_type, Money(row.amount_cents))
        paired = row.partner_cents is not None and row.partner_cents == -row.amount_cents
        partner = row.partner_account if paired else None
        movements.append(
            Movement(
                business_date=row.business_date,
                recorded_at=row.recorded_at,
                reference=row.reference,
                description=describe_posting(
                    OperationKind(row.kind),
                    is_debit=change.is_negative,
                    partner_account=partner,
                    is_fee=partner == INCOME_FEES,
                    reversed_kind=OperationKind(row.original_kind) if row.original_kind else None,
                    reversed_reference=row.original_reference,
                ),
                change_cents=change.cents,
            )
        )
    for row in corrections:
        correction = canonical.decode(bytes(row.content))["correction"]
        movements.append(
            Movement(
                business_date=row.business_date,
                recorded_at=row.booked_at,
                reference=row.reference,
                description=describe_correction(correction["kind"]),
                change_cents=customer_view(account_type, Money(row.amount_cents)).cents,
            )
        )
    # A stable sort: the counters' entries keep their order; a correction follows its moment's.
    movements.sort(key=lambda movement: (movement.business_date, movement.recorded_at))
    return make_statement(
        request,
        account_label=holder.label,
        holder_name=holder.full_name,
        masked_national_id=printed_identity(holder.national_id)[0],  # as its receipts print it
        opening_balance_cents=customer_view(account_type, Money(int(opening_ledger))).cents,
        movements=movements,
        generated_at=now,
    )


def _require_may_print(connection: Connection, user_id: str) -> None:
    """The user asking must be active at head office in a role that prints statements: checked
    here again, as every permission is (an agent's role does not print statements)."""
    row = connection.execute(select(_u.role, _u.active).where(_u.user_id == user_id)).first()
    if row is None or not row.active:
        raise PermissionDenied(f"User {user_id} is not an active user at head office", user_id=user_id)
    role = parse_role(row.role)
    if not has_permission(role, Permission.STATEMENT_PRINT):
        raise PermissionDenied(
            f"{role.value.replace('_', ' ').capitalize()} users may not print statements; ask a teller or "
            "supervisor",
            user_id=user_id,
            permission=Permission.STATEMENT_PRINT.value,
        )
