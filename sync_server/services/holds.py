"""Online holds: a withdrawal head office authorizes before the cash leaves the drawer.

`authorize_withdrawal` answers a device's HoldRequest (shared_core.holds) in one transaction. It
locks, in this order: the device's row (one device's requests take turns with each other and with
its batches, so the same entry id asked twice at once is answered once), the customer's row (the
day's total is the customer's, across accounts), then the account's row, which the ingest also
locks before it moves a balance. So two holds on one account, or a hold and a batch moving it,
wait for each other, and the second reads what the first committed (READ COMMITTED on MySQL; on
SQLite the unit of work's BEGIN IMMEDIATE takes the one write lock). Every writer takes the device
row before account rows, and the ingest takes no customer row: no lock cycle.

Judged by shared_core's own rules, not new ones: `approvals.judge` with the customer's tier, the
maker's role at head office and the customer's day so far on this channel (withdrawals as the
ingest counts them, plus active holds on this channel); `approvals.check_checker` for an override;
`ledger.shortfall` against the available balance: the account's balance as the customer reads it,
minus its active holds. Active = status 'held' and not yet past expires_at. A hold holds the
withdrawal's whole debit (amount and fee), and counts so towards the day: on the safe side by the fee.

A hold lives `hold_valid_minutes` of the channel's allowance policy (resources/limits): policy
data, not a constant here. Expiry is lazy: a hold past expires_at counts for nothing, and is
marked 'expired' when an authorization meets it. A decline holds nothing and is not stored:
asked again, it is judged again on the books as they are then.

`complete_holds` runs in the ingest's transaction: a booked withdrawal completes the hold its
device placed under the same entry id, even after expiry. `late_completions` lists those that
came after their hold expired, for head office to reconcile.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, Row, bindparam, func, select, update

from shared_core.accounts import customer_view, parse_account
from shared_core.allowance import AllowancePolicy
from shared_core.approvals import ApprovalItem, Decision, Outcome, Reason, ReasonCode, check_checker, judge
from shared_core.errors import AlreadyExists, DomainError, InsufficientFunds, NotFound, PermissionDenied
from shared_core.holds import (
    HOLD_EXPIRED,
    HoldAnswer,
    HoldRequest,
    HoldStatus,
    encode_answer,
    message_length_max,
    operation_of_request,
    request_sha256,
    sign_answer,
)
from shared_core.journal import format_timestamp, parse_timestamp, require_timestamp
from shared_core.kyc import KycTier
from shared_core.ledger import customer_effects, postings_for, shortfall
from shared_core.limits import LimitTable, cash_channels
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind
from shared_core.roles import Role, parse_role
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.books import BOOKED_STATUSES, COUNTED_STATUSES, direction
from sync_server.services.changes import PullingDevice
from sync_server.services.judging import Judged

HELD, COMPLETED, EXPIRED = schema.HOLD_STATUSES
assert (HELD, COMPLETED, EXPIRED) == ("held", "completed", "expired")

_h = schema.holds.c
_d = schema.devices.c
_c = schema.customers.c
_a = schema.accounts.c
_u = schema.users.c
_e = schema.entries.c
_CASH_OUT_KINDS = tuple(kind.value for kind in OperationKind if direction(kind) == "cash_out")
_COUNTED = tuple(status.value for status in COUNTED_STATUSES)
_COMPLETE = (
    update(schema.holds)
    .where(_h.entry_id == bindparam("hold_entry_id"), _h.device_code == bindparam("hold_device_code"))
    .values(status=COMPLETED, completed_sequence=bindparam("sequence"), completed_at=bindparam("now"))
)


def authorize_withdrawal(
    database: Database,
    device: PullingDevice,
    request: HoldRequest,
    *,
    limit_table: LimitTable,
    policy: AllowancePolicy,
    server_key: Ed25519PrivateKey,
    now: str,
) -> bytes:
    """Answer `request` from `device` (who signed it): the encoded SignedHoldAnswer.

    Refused outright (a DomainError the API maps) rather than answered: a request naming another
    device, a device whose channel pays no cash, a channel without holds, an entry id that already
    has a hold for other content (`already_exists`).
    """
    require_timestamp(now, "now")
    if request.device_code != device.device_code:
        raise PermissionDenied(
            f"Device {device.device_code} signed a request for device {request.device_code}",
            device_code=device.device_code,
        )
    lifetime_minutes = policy.for_channel(device.channel).hold_valid_minutes
    if device.channel not in cash_channels or lifetime_minutes == 0:
        raise PermissionDenied(
            f"Head office places no holds for {device.channel.value} devices", channel=device.channel.value
        )
    operation = operation_of_request(request, device.channel)
    postings = postings_for(operation)  # refuses an account no withdrawal may debit
    digest = request_sha256(request)
    with UnitOfWork(database) as uow:
        connection = uow.connection
        connection.execute(
            select(_d.device_code).where(_d.device_code == device.device_code).with_for_update()
        )
        held = connection.execute(select(schema.holds).where(_h.entry_id == request.entry_id)).first()
        if held is not None:
            answer = _repeat(connection, held, device, request, digest, limit_table, now)
        else:
            answer = _judge_new(
                connection,
                device,
                request,
                digest,
                operation,
                customer_effects(postings)[request.account],
                limit_table,
                lifetime_minutes,
                now,
            )
        uow.commit()
    return encode_answer(sign_answer(answer, server_key))


def _judge_new(
    connection: Connection,
    device: PullingDevice,
    request: HoldRequest,
    digest: str,
    operation: Operation,
    effect: Money,
    table: LimitTable,
    lifetime_minutes: int,
    now: str,
) -> HoldAnswer:
    """A request seen for the first time, judged on the locked books; held if approved."""

    def refusal(status: HoldStatus, code: str, message: str, available: Money | None) -> HoldAnswer:
        return HoldAnswer(
            entry_id=request.entry_id,
            device_code=request.device_code,
            request_sha256=digest,
            status=status,
            code=code,
            message=message[:message_length_max],
            held_cents=0,
            available_after_cents=None if available is None else available.cents,
            expires_at=None,
            limit_table_version=table.version,
            server_time=now,
        )

    customer = connection.execute(
        select(_c.cif, _c.kyc_tier).where(_c.cif == request.customer_cif).with_for_update()
    ).first()
    account = connection.execute(
        select(_a.account, _a.cif, _a.balance_cents).where(_a.account == request.account).with_for_update()
    ).first()
    if customer is None or account is None or account.cif != request.customer_cif:
        message = f"Head office holds no account {request.account} of customer {request.customer_cif}"
        return refusal(HoldStatus.DECLINED, NotFound.code, message, None)
    _expire_met(connection, request.account, now)
    available = _available(connection, request.account, account.balance_cents, now)
    role = _role(connection, request.user_id)
    if role is None:
        message = f"User {request.user_id} is not an active user at head office"
        return refusal(HoldStatus.DECLINED, ReasonCode.PERMISSION_DENIED.value, message, available)
    decision = judge(
        table,
        operation=operation,
        role=role,
        tier=KycTier(customer.kyc_tier),
        spent_today=Money(_spent_today(connection, device, request, now)),
        balance_after=None,  # a withdrawal credits nothing: no balance cap to meet
    )
    denials = [reason for reason in decision.reasons if reason.outcome is Outcome.DENY]
    if denials:
        return refusal(HoldStatus.DECLINED, denials[0].code.value, _reasons_text(denials), available)
    override_refusal = _override_refusal(connection, request, decision)
    if override_refusal is not None:
        pending = [reason for reason in decision.reasons if reason.outcome is Outcome.NEEDS_APPROVAL]
        message = f"{_reasons_text(pending)}{override_refusal}"
        return refusal(HoldStatus.NEEDS_APPROVAL, pending[0].code.value, message, available)
    if shortfall(available, effect):
        message = (
            f"Available balance is {available} (after holds for other withdrawals); this needs {abs(effect)}"
        )
        return refusal(HoldStatus.DECLINED, InsufficientFunds.code, message, available)
    expires_at = format_timestamp(parse_timestamp(now) + timedelta(minutes=lifetime_minutes))
    held_cents = abs(effect).cents
    connection.execute(
        schema.holds.insert().values(
            entry_id=request.entry_id,
            device_code=request.device_code,
            account=request.account,
            customer_cif=request.customer_cif,
            amount_cents=held_cents,
            request_sha256=digest,
            status=HELD,
            created_at=now,
            expires_at=expires_at,
        )
    )
    return _approval(request, digest, held_cents, available + effect, expires_at, table, now)


def _repeat(
    connection: Connection,
    held: Row,
    device: PullingDevice,
    request: HoldRequest,
    digest: str,
    table: LimitTable,
    now: str,
) -> HoldAnswer:
    """The same entry id again: the same answer for the same request, a refusal for other content."""
    if held.device_code != device.device_code or held.request_sha256 != digest:
        raise AlreadyExists(
            f"Entry id {request.entry_id} already has a hold for another withdrawal; nothing was held "
            "for this one. Mint a new entry id.",
            entry_id=request.entry_id,
            reason="exists_with_different_content",
        )
    balance = connection.execute(select(_a.balance_cents).where(_a.account == held.account)).scalar_one()
    if held.status == COMPLETED or (held.status == HELD and held.expires_at > now):
        available = _available(connection, held.account, balance, now)
        return _approval(request, digest, held.amount_cents, available, held.expires_at, table, now)
    _expire_met(connection, held.account, now)
    return HoldAnswer(
        entry_id=request.entry_id,
        device_code=request.device_code,
        request_sha256=digest,
        status=HoldStatus.DECLINED,
        code=HOLD_EXPIRED,
        message=f"The hold for this withdrawal expired at {held.expires_at}; ask again as a new withdrawal",
        held_cents=0,
        available_after_cents=_available(connection, held.account, balance, now).cents,
        expires_at=None,
        limit_table_version=table.version,
        server_time=now,
    )


def _approval(
    request: HoldRequest,
    digest: str,
    held_cents: int,
    available_after: Money,
    expires_at: str,
    table: LimitTable,
    now: str,
) -> HoldAnswer:
    return HoldAnswer(
        entry_id=request.entry_id,
        device_code=request.device_code,
        request_sha256=digest,
        status=HoldStatus.APPROVED,
        code=None,
        message=f"Approved: {Money(held_cents)} held on {request.account} until {expires_at}",
        held_cents=held_cents,
        available_after_cents=available_after.cents,
        expires_at=expires_at,
        limit_table_version=table.version,
        server_time=now,
    )


# --- what the books say -----------------------------------------------------------------------


def _active(now: str):  # noqa: ANN202 (a SQL condition)
    return (_h.status == HELD) & (_h.expires_at > now)


def _available(connection: Connection, account: str, balance_cents: int, now: str) -> Money:
    """The balance as the customer reads it, less what active holds keep for withdrawals."""
    held = connection.execute(
        select(func.coalesce(func.sum(_h.amount_cents), 0)).where(_h.account == account, _active(now))
    ).scalar_one()
    return customer_view(parse_account(account).type, Money(balance_cents)) - Money(int(held))


def _expire_met(connection: Connection, account: str, now: str) -> None:
    """Mark the account's holds past their expiry as expired: met here, so settled here."""
    connection.execute(
        update(schema.holds)
        .where(_h.account == account, _h.status == HELD, _h.expires_at <= now)
        .values(status=EXPIRED)
    )


def _spent_today(connection: Connection, device: PullingDevice, request: HoldRequest, now: str) -> int:
    """The customer's cash out on this channel that day, as the ingest counts it (entries not
    refused), plus their active holds on this channel (whatever day: a hold is short-lived)."""
    booked = connection.execute(
        select(func.coalesce(func.sum(_e.amount_cents), 0)).where(
            _e.customer_cif == request.customer_cif,
            _e.business_date == request.business_date,
            _e.channel == device.channel.value,
            _e.kind.in_(_CASH_OUT_KINDS),
            _e.status.in_(_COUNTED),
        )
    ).scalar_one()
    held = connection.execute(
        select(func.coalesce(func.sum(_h.amount_cents), 0))
        .select_from(schema.holds.join(schema.devices, _h.device_code == _d.device_code))
        .where(_h.customer_cif == request.customer_cif, _d.channel == device.channel.value, _active(now))
    ).scalar_one()
    return int(booked) + int(held)


def _role(connection: Connection, user_id: str) -> Role | None:
    row = connection.execute(select(_u.role, _u.active).where(_u.user_id == user_id)).first()
    return parse_role(row.role) if row is not None and row.active else None


def _override_refusal(connection: Connection, request: HoldRequest, decision: Decision) -> str | None:
    """Why the request's override does not satisfy the approvals it needs; None if it does (or
    none is needed). The same four-eyes rule the ingest applies to a synced entry's override."""
    if decision.outcome is not Outcome.NEEDS_APPROVAL:
        return None
    if request.approved_by is None:
        return ""
    checker_role = _role(connection, request.approved_by)
    if checker_role is None:
        return f"; the override by {request.approved_by} does not count: not an active user at head office"
    try:
        for item in decision.approval_items:
            check_checker(
                maker_user_id=request.user_id,
                checker_user_id=request.approved_by,
                checker_role=checker_role,
                item=ApprovalItem(item),
            )
    except DomainError as error:
        return f"; the override by {request.approved_by} does not count: {error.message}"
    return None


def _reasons_text(reasons: Sequence[Reason]) -> str:
    return "; ".join(f"{reason.message} [{reason.code.value}]" for reason in reasons)


# --- completion and reconciliation --------------------------------------------------------------


def complete_holds(connection: Connection, device_code: str, judged: Sequence[Judged], *, now: str) -> None:
    """Complete the holds of the withdrawals just booked (called by the ingest, in its transaction).

    A booked withdrawal completes the hold its own device placed under the entry's id, whatever
    the hold's state: its debit is in the balance now, so the hold stops counting. Completed after
    expires_at, it stays so for `late_completions`. One query for the batch; a statement per hold.
    """
    booked = {
        item.entry.entry_id: item.entry.sequence
        for item in judged
        if item.entry.kind is OperationKind.CASH_WITHDRAWAL
        and item.status in BOOKED_STATUSES
        and not item.entry_id_taken
    }
    if not booked:
        return
    held = connection.execute(
        select(_h.entry_id).where(
            _h.entry_id.in_(sorted(booked)), _h.device_code == device_code, _h.status != COMPLETED
        )
    ).scalars().all()
    if held:
        connection.execute(
            _COMPLETE,
            [
                {
                    "hold_entry_id": entry_id,
                    "hold_device_code": device_code,
                    "sequence": booked[entry_id],
                    "now": now,
                }
                for entry_id in held
            ],
        )


def late_completions(connection: Connection) -> list[Row]:
    """Holds whose withdrawal arrived after the hold had expired, oldest first: for those hours the
    amount was not held, so head office reconciles them (e.g. against an overdraft exception)."""
    return list(
        connection.execute(
            select(schema.holds)
            .where(_h.status == COMPLETED, _h.completed_at > _h.expires_at)
            .order_by(_h.completed_at, _h.entry_id)
        )
    )
