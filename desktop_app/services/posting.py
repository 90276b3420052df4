"""The one way an operation becomes a committed journal entry on this device.

Each call is one SQLite transaction (BEGIN IMMEDIATE): the rules are judged on state read
inside it, and the entry, its postings and every state it changes commit together or not at
all. A refusal raises a DomainError and leaves nothing behind.

Cash out needs head office's say: either a hold it placed online before the cash leaves the
drawer (services.withdrawals; the entry records it and draws on no allowance), or, without one,
the offline rules: the signed allowance, or a refusal where the channel pays out online only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, and_, bindparam, func, select

from desktop_app.services.balances import available_balance
from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.login import log_in
from desktop_app.store import journal as stored_journal
from desktop_app.store import schema
from desktop_app.store.effects import Effects, apply_effects, effects_of
from shared_core.accounts import customer_view, parse_account
from shared_core.approvals import ApprovalItem, Decision, Outcome, check_checker, judge
from shared_core.channels import Channel
from shared_core.entry_details import EntryDetails, LoanRequest, PolicyPurchase, Registration
from shared_core.errors import (
    AllowanceExhausted,
    InsufficientFunds,
    InvalidOperation,
    NotFound,
    OnlineOnly,
    TillAlreadyOpen,
    TillNotOpen,
)
from shared_core.holds import HoldAnswer
from shared_core.journal import JournalEntry, append_entry, format_timestamp, operation_to_body
from shared_core.ledger import Posting, customer_effects, postings_for, reversal_postings, shortfall
from shared_core.limits import LimitTable, OfflineClass
from shared_core.money import Money
from shared_core.operations import OPERATION_SPECS, CashEffect, Operation, OperationKind, Slot
from shared_core.references import make_reference

_j = schema.journal.c
_p = schema.postings.c
_t = schema.tills.c
_r = schema.entry_results.c

# Built once: these run in every posting, and building a statement costs more than running it.
_TIER = select(schema.customers.c.kyc_tier).where(schema.customers.c.cif == bindparam("cif"))
_OPEN_TILL = select(schema.tills).where(
    and_(_t.cash_account == bindparam("cash_account"), _t.closed_sequence.is_(None))
)
_POSTINGS_OF_ENTRY = (
    select(_p.account, _p.amount_cents)
    .select_from(schema.postings.join(schema.journal, _p.sequence == _j.sequence))
    .where(_j.entry_id == bindparam("entry_id"))
    .order_by(_p.line)
)
_NOT_REFUSED = _j.sequence.not_in(select(_r.sequence).where(_r.status == "rejected"))
_SPENT_TODAY = select(func.coalesce(func.sum(_j.amount_cents), 0)).where(
    _j.customer_cif == bindparam("cif"),
    _j.business_date == bindparam("business_date"),
    _j.cash_effect == bindparam("cash_effect"),
    _NOT_REFUSED,
)
_SPENT_TODAY_OF_KIND = _SPENT_TODAY.where(_j.kind == bindparam("kind"))
_LATEST_ALLOWANCE = select(schema.allowances).order_by(schema.allowances.c.issued_at.desc()).limit(1)
_ALLOWANCE_USED_BY_CUSTOMER = select(func.coalesce(func.sum(_j.amount_cents), 0)).where(
    _j.allowance_id == bindparam("allowance_id"),
    _j.customer_cif == bindparam("cif"),
    _j.cash_effect == bindparam("cash_effect"),
)
_TILL_KINDS = frozenset(
    {
        OperationKind.TILL_OPEN, OperationKind.TILL_CLOSE, OperationKind.VAULT_TO_TILL,
        OperationKind.TILL_TO_VAULT, OperationKind.TILL_OVER, OperationKind.TILL_SHORT,
    }
)


@dataclass(frozen=True, slots=True)
class Override:
    """A supervisor's credentials, typed at the teller's PC to approve one operation."""

    user_id: str
    password: str


@dataclass(frozen=True, slots=True)
class Posted:
    entry: JournalEntry
    decision: Decision
    available_after: Money | None  # the customer's available balance after, where there is one
    hold: HoldAnswer | None = None  # head office's approval, for a withdrawal authorized online


@dataclass(frozen=True, slots=True)
class Extras:
    """What an entry records beyond the operation, supplied by the service that posts it."""

    customer_cif: str | None = None
    original_entry_id: str | None = None
    registration: Registration | None = None
    cash_count: tuple[tuple[int, int], ...] = ()
    note: str | None = None
    entry_id: str | None = None  # minted before posting, when something was keyed by it (a hold)
    online_hold: bool = False  # head office holds this withdrawal under `entry_id`: no allowance drawn
    loan: LoanRequest | None = None  # a loan application: its id, product and installments
    insurance: PolicyPurchase | None = None  # a premium's policy: the cover sold or paid for


@dataclass(frozen=True, slots=True)
class Judgement:
    """What this device's rules said about an operation, before anything is written."""

    table: LimitTable
    business_date: str
    decision: Decision
    approved_by: str | None  # the checker whose override it needed
    available: Money | None  # the customer's available balance before, where there is one
    effect: Money  # what the operation does to it

    def require_funds(self) -> None:
        if self.available is not None and shortfall(self.available, self.effect):
            raise InsufficientFunds(
                f"Available balance is {self.available}; this needs {abs(self.effect)}",
                available_cents=self.available.cents,
                needed_cents=abs(self.effect).cents,
            )


def post(
    context: ServiceContext,
    session: Session,
    operation: Operation,
    extras: Extras = Extras(),
    *,
    override: Override | None = None,
    further: Decision | None = None,
) -> Posted:
    """Judge `operation` and, if the rules allow it, commit it as one entry. `further` carries
    an extra rule check the caller made (e.g. closing a till with unsynced entries)."""
    checker = log_in(context, override.user_id, override.password) if override else None
    with context.store.write() as connection:
        return post_in(context, connection, session, operation, extras, checker=checker, further=further)


def post_in(
    context: ServiceContext,
    connection: Connection,
    session: Session,
    operation: Operation,
    extras: Extras,
    *,
    checker: Session | None,
    further: Decision | None = None,
) -> Posted:
    """`post`, inside the caller's transaction: for actions that commit several entries at once."""
    if extras.online_hold and extras.entry_id is None:
        raise InvalidOperation("A withdrawal authorized online is posted under the entry id its hold names")
    judgement = judge_in(context, connection, session, operation, extras, checker=checker, further=further)
    allowance_id = _offline_class_check(
        context, connection, judgement.table, operation, extras.customer_cif, online_hold=extras.online_hold
    )
    judgement.require_funds()
    decision, approved_by, available = judgement.decision, judgement.approved_by, judgement.available
    details = EntryDetails(
        business_date=judgement.business_date,
        customer_cif=extras.customer_cif,
        allowance_id=allowance_id,
        hold_id=extras.entry_id if extras.online_hold else None,
        approval_items=tuple(decision.approval_items) if approved_by else (),
        original_entry_id=extras.original_entry_id,
        registration=extras.registration,
        cash_count=extras.cash_count,
        flags=decision.flags,
        note=extras.note,
        loan=extras.loan,
        insurance=extras.insurance,
    )
    table = judgement.table
    entry, effects = append_to_journal(
        context, connection, session, operation, details, table, approved_by, entry_id=extras.entry_id
    )
    available_after = None
    customer_account = operation.customer_account
    if available is not None and customer_account is not None:
        # What this entry did to what may be spent, without reading the balance back again.
        change = sum(row.available_cents for row in effects.postings if row.account == customer_account)
        available_after = available + customer_view(parse_account(customer_account).type, Money(change))
    return Posted(entry=entry, decision=decision, available_after=available_after)


def judge_in(
    context: ServiceContext,
    connection: Connection,
    session: Session,
    operation: Operation,
    extras: Extras,
    *,
    checker: Session | None,
    further: Decision | None = None,
) -> Judgement:
    """Every rule `post_in` applies before the offline class and the available balance, in the
    caller's transaction, writing nothing: a refusal raises its DomainError."""
    table = context.limit_table(connection)
    open_till = open_till_row(connection, context.device.cash_account)
    business_date = open_till.business_date if open_till else context.local_date()
    _check_till(context, session, operation, open_till)

    tier = None
    if extras.customer_cif is not None:
        tier = connection.execute(_TIER, {"cif": extras.customer_cif}).scalar()
        if tier is None:
            raise NotFound(f"Customer {extras.customer_cif} is not on this device", cif=extras.customer_cif)

    postings = _postings(connection, operation, extras)
    customer_account = operation.customer_account
    available = available_balance(connection, customer_account) if customer_account else None
    effect = customer_effects(postings).get(customer_account, Money(0)) if customer_account else Money(0)
    balance_after = available + effect if available is not None and effect.is_positive else None
    spent_today = customer_spent_today(connection, extras.customer_cif, business_date, operation.kind)

    decision = judge(
        table, operation=operation, role=session.role, tier=tier, spent_today=spent_today, balance_after=balance_after
    )
    if further is not None:
        decision = Decision.of(decision.reasons + further.reasons, decision.flags + further.flags, table.version)
    approved_by = _approval(decision, session, checker)
    return Judgement(table, business_date, decision, approved_by, available, effect)


def append_to_journal(
    context: ServiceContext,
    connection: Connection,
    session: Session,
    operation: Operation,
    details: EntryDetails,
    table: LimitTable,
    approved_by: str | None,
    *,
    entry_id: str | None,
) -> tuple[JournalEntry, Effects]:
    """Append the entry the operation makes to the journal and apply its effects, in the caller's
    transaction; the caller has judged it already (post does; a payroll run judges its own)."""
    head = stored_journal.head(connection, context.head_cache)
    sequence = head.sequence + 1 if head else 1
    device = context.device
    entry = append_entry(
        head,
        entry_id=entry_id or context.new_entry_id(),
        device_code=device.device_code,
        recorded_at=format_timestamp(context.clock.now()),
        utc_offset_minutes=context.utc_offset_minutes,
        user_id=session.user_id,
        kind=operation.kind,
        channel=operation.channel,
        reference=make_reference(device.channel, device.device_code, sequence),
        limit_table_version=table.version,
        body=operation_to_body(operation, details=details.to_body()),
        approved_by=approved_by,
    )
    stored_journal.append(connection, entry)
    effects = effects_of(entry, details, lambda entry_id: _postings_of_entry(connection, entry_id))
    apply_effects(connection, entry, details, effects)
    context.head_cache = entry  # used only while the store's head is still this entry
    return entry, effects


# --- the checks ---------------------------------------------------------------------------


def open_till_row(connection: Connection, cash_account: str):  # noqa: ANN202 (a Row)
    return connection.execute(_OPEN_TILL, {"cash_account": cash_account}).first()


def _check_till(context: ServiceContext, session: Session, operation: Operation, open_till) -> None:  # noqa: ANN001
    """At a branch, cash moves only through a till its teller has opened; an agent's float is
    always there."""
    if operation.kind is OperationKind.TILL_OPEN:
        if open_till is not None:
            raise TillAlreadyOpen(f"The till is already open (by {open_till.user_id})")
        return
    if context.device.channel is not Channel.BRANCH or Slot.CASH_ACCOUNT not in operation.spec.slots:
        return
    if open_till is None:
        raise TillNotOpen("Open the till before handling cash")
    if open_till.user_id != session.user_id:
        raise TillNotOpen(f"This till is open for {open_till.user_id}; only they may handle its cash",
                          till_user_id=open_till.user_id)


def _postings(connection: Connection, operation: Operation, extras: Extras) -> tuple[Posting, ...]:
    if operation.kind is OperationKind.REVERSAL:
        if extras.original_entry_id is None:
            raise NotFound("A reversal names the entry it reverses")
        return reversal_postings(_postings_of_entry(connection, extras.original_entry_id))
    return postings_for(operation)


def _postings_of_entry(connection: Connection, entry_id: str) -> tuple[Posting, ...]:
    rows = connection.execute(_POSTINGS_OF_ENTRY, {"entry_id": entry_id}).all()
    if not rows:
        raise NotFound(f"Entry {entry_id} is not in this device's journal", entry_id=entry_id)
    return tuple(Posting(row.account, Money(row.amount_cents)) for row in rows)


def customer_spent_today(connection: Connection, customer_cif: str | None, business_date: str, kind: OperationKind) -> Money:
    """The customer's total today of operations of the same direction: cash in with cash in,
    cash out with cash out, and otherwise the same kind."""
    if customer_cif is None:
        return Money(0)
    effect = OPERATION_SPECS[kind].cash_effect
    parameters = {"cif": customer_cif, "business_date": business_date, "cash_effect": effect.value}
    if effect is CashEffect.NONE:
        total = connection.execute(_SPENT_TODAY_OF_KIND, {**parameters, "kind": kind.value}).scalar_one()
    else:
        total = connection.execute(_SPENT_TODAY, parameters).scalar_one()
    return Money(total)


def _approval(decision: Decision, maker: Session, checker: Session | None) -> str | None:
    """Deny raises; needs-approval needs a checker who is not the maker; allow passes."""
    if decision.outcome is Outcome.DENY:
        decision.raise_if_refused()
    if decision.outcome is not Outcome.NEEDS_APPROVAL:
        return None
    if checker is None:
        decision.raise_if_refused()  # raises ApprovalRequired, naming the items
    for item in decision.approval_items:
        check_checker(
            maker_user_id=maker.user_id,
            checker_user_id=checker.user_id,
            checker_role=checker.role,
            item=ApprovalItem(item),
        )
    return checker.user_id


def _offline_class_check(
    context: ServiceContext,
    connection: Connection,
    table: LimitTable,
    operation: Operation,
    customer_cif: str | None,
    *,
    online_hold: bool,
) -> str | None:
    """Cash out is paid under head office's online hold, or else as offline: whatever `is_online`
    says, a withdrawal head office did not hold (its link just failed) draws on the signed
    allowance, or is refused where the channel pays out online only. Other operations need the
    link only when online-only, and draw on the allowance only while it is down.
    Returns the allowance drawn on, if any."""
    effect = operation.spec.cash_effect
    if online_hold:
        if operation.kind is not OperationKind.CASH_WITHDRAWAL:
            raise InvalidOperation(f"Only a cash withdrawal is held online, not a {operation.kind.value}")
        return None  # authorized online: head office holds the amount until the entry syncs
    if context.is_online() and effect is not CashEffect.OUT:
        return None
    offline_class = table.offline_class(operation.channel, operation.kind)
    if offline_class is OfflineClass.ONLINE_ONLY:
        raise OnlineOnly(
            f"A {operation.kind.value.replace('_', ' ')} at an {operation.channel.value} needs head office "
            "online; try again when the link is back",
            kind=operation.kind.value,
        )
    if offline_class is not OfflineClass.OFFLINE_WITHIN_ALLOWANCE or effect is CashEffect.NONE:
        return None
    allowance = connection.execute(_LATEST_ALLOWANCE).first()
    now = format_timestamp(context.clock.now())
    if allowance is None or allowance.expires_at <= now:
        raise AllowanceExhausted("The offline allowance has expired; sync with head office to renew it")
    cap, used = (
        (allowance.cash_in_cap_cents, allowance.cash_in_used_cents)
        if effect is CashEffect.IN
        else (allowance.cash_out_cap_cents, allowance.cash_out_used_cents)
    )
    amount = operation.amount.cents
    if used + amount > cap:
        left = Money(max(cap - used, 0))
        raise AllowanceExhausted(
            f"Offline cash {'in' if effect is CashEffect.IN else 'out'} left on this device is {left}; "
            "sync with head office before more",
            left_cents=left.cents,
        )
    if customer_cif is not None:
        customer_used = connection.execute(
            _ALLOWANCE_USED_BY_CUSTOMER,
            {"allowance_id": allowance.allowance_id, "cif": customer_cif, "cash_effect": effect.value},
        ).scalar_one()
        if customer_used + amount > allowance.per_customer_cap_cents:
            left = Money(max(allowance.per_customer_cap_cents - customer_used, 0))
            raise AllowanceExhausted(
                f"Offline, this customer may still move {left} in cash here; sync before more",
                left_cents=left.cents,
            )
    return allowance.allowance_id
