"""What a confirmation shows before any money moves: who the customer is, what they have, the
limit the operation uses and how much of it today's business already used, whether a supervisor
must approve it, and (offline) what is left of the device's allowance.

A quote commits nothing and judges nothing of its own: the limits come from the device's limit
table, the judgement from `shared_core.approvals.judge` and "spent today" from the same helper
`posting` judges with, all read in one transaction, so the confirmation says what the commit
will find — unless another entry lands in between, and then the commit judges again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, func, select

from desktop_app.services.balances import available_balance
from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.posting import customer_spent_today, open_till_row
from desktop_app.store import schema
from shared_core.accounts import wallet_account
from shared_core.approvals import ApprovalItem, Decision, Outcome, judge
from shared_core.errors import NotFound
from shared_core.journal import format_timestamp
from shared_core.kyc import KycTier, parse_tier
from shared_core.ledger import customer_effects, postings_for
from shared_core.limits import OfflineClass, TierLimits
from shared_core.money import Money
from shared_core.operations import OPERATION_SPECS, CashEffect, Operation, OperationKind, Slot

_c = schema.customers.c
_j = schema.journal.c
_CUSTOMER = select(_c.full_name, _c.kyc_tier).where(_c.cif == bindparam("cif"))
_LATEST_ALLOWANCE = select(schema.allowances).order_by(schema.allowances.c.issued_at.desc()).limit(1)
_ALLOWANCE_USED_BY_CUSTOMER = select(func.coalesce(func.sum(_j.amount_cents), 0)).where(
    _j.allowance_id == bindparam("allowance_id"),
    _j.customer_cif == bindparam("cif"),
    _j.cash_effect == bindparam("cash_effect"),
)


@dataclass(frozen=True, slots=True)
class AllowanceLeft:
    """What the device may still move offline in this operation's direction."""

    device: Money  # for every customer together
    customer: Money  # for this customer
    expired: bool  # no valid allowance: nothing may move offline until a sync renews it

    @property
    def least(self) -> Money:
        return min(self.device, self.customer)


@dataclass(frozen=True, slots=True)
class Quote:
    kind: OperationKind
    amount: Money
    fee: Money
    customer_cif: str
    customer_name: str
    tier: KycTier
    business_date: str
    available: Money | None  # the customer's wallet before, for operations that touch it
    loan_owed: Money | None  # what the loan account reads before, for repayments
    tier_limits: TierLimits | None  # None where the channel has no tier limits
    direction: CashEffect  # what "spent today" adds up: cash in, cash out, or (NONE) this kind
    spent_today: Money
    decision: Decision
    approval_threshold: Money | None  # set when this needs a supervisor because of its size
    allowance_left: AllowanceLeft | None  # set only offline, for cash drawn on the allowance

    @property
    def customer_text(self) -> str:
        return f"{self.customer_name} ({self.customer_cif})"

    @property
    def day_total_after(self) -> Money:
        return self.spent_today + self.amount

    @property
    def needs_approval(self) -> bool:
        return self.decision.outcome is Outcome.NEEDS_APPROVAL

    def raise_if_denied(self) -> None:
        """Refuse now what the commit would refuse (a limit, a permission), with the same words.
        A decision that only needs approval passes: the supervisor's override comes at commit."""
        if self.decision.outcome is Outcome.DENY:
            self.decision.raise_if_refused()


def quote(
    context: ServiceContext,
    session: Session,
    *,
    kind: OperationKind,
    customer_cif: str,
    amount: Money,
    fee: Money = Money(0),
    counterparty_account: str | None = None,
    loan_account: str | None = None,
) -> Quote:
    """The quote for one operation of `kind` for this customer, as the services would post it:
    the customer's wallet where the kind names a customer account, this device's cash account
    where it moves cash."""
    operation = _operation(context, kind, customer_cif, amount, fee, counterparty_account, loan_account)
    with context.store.read() as connection:
        row = connection.execute(_CUSTOMER, {"cif": customer_cif}).first()
        if row is None:
            raise NotFound(f"Customer {customer_cif} is not on this device", cif=customer_cif)
        tier = parse_tier(row.kyc_tier)
        table = context.limit_table(connection)
        open_till = open_till_row(connection, context.device.cash_account)
        business_date = open_till.business_date if open_till else context.local_date()
        spent_today = customer_spent_today(connection, customer_cif, business_date, kind)
        customer_account = operation.customer_account
        available = available_balance(connection, customer_account) if customer_account else None
        loan_owed = available_balance(connection, loan_account) if loan_account else None
        # What judge calls balance_after: the balance an operation that credits the customer makes.
        effects = customer_effects(postings_for(operation))
        effect = effects.get(customer_account, Money(0)) if customer_account else Money(0)
        balance_after = available + effect if available is not None and effect.is_positive else None
        decision = judge(
            table,
            operation=operation,
            role=session.role,
            tier=tier,
            spent_today=spent_today,
            balance_after=balance_after,
        )
        allowance_left = None
        if not context.is_online() and _draws_on_allowance(
            table.offline_class(operation.channel, kind), operation
        ):
            allowance_left = _allowance_left(context, connection, operation.spec.cash_effect, customer_cif)
    channel = operation.channel
    needs_threshold = ApprovalItem.LARGE_WITHDRAWAL in decision.approval_items
    return Quote(
        kind=kind,
        amount=amount,
        fee=fee,
        customer_cif=customer_cif,
        customer_name=row.full_name,
        tier=tier,
        business_date=business_date,
        available=available,
        loan_owed=loan_owed,
        tier_limits=table.tier_limits(channel, tier) if table.has_cash_limits(channel) else None,
        direction=operation.spec.cash_effect,
        spent_today=spent_today,
        decision=decision,
        approval_threshold=table.withdrawal_approval_threshold(channel) if needs_threshold else None,
        allowance_left=allowance_left,
    )


def _operation(
    context: ServiceContext,
    kind: OperationKind,
    customer_cif: str,
    amount: Money,
    fee: Money,
    counterparty_account: str | None,
    loan_account: str | None,
) -> Operation:
    """The operation as services.cash and services.transfers build it: each slot the kind uses
    filled from this device and this customer."""
    spec_slots = OPERATION_SPECS[kind].slots
    return Operation(
        kind,
        context.device.channel,
        amount,
        fee=fee,
        customer_account=wallet_account(customer_cif) if Slot.CUSTOMER_ACCOUNT in spec_slots else None,
        counterparty_account=counterparty_account if Slot.COUNTERPARTY_ACCOUNT in spec_slots else None,
        cash_account=context.device.cash_account if Slot.CASH_ACCOUNT in spec_slots else None,
        loan_account=loan_account if Slot.LOAN_ACCOUNT in spec_slots else None,
    )


def _draws_on_allowance(offline_class: OfflineClass, operation: Operation) -> bool:
    return (
        offline_class is OfflineClass.OFFLINE_WITHIN_ALLOWANCE
        and operation.spec.cash_effect is not CashEffect.NONE
    )


def _allowance_left(
    context: ServiceContext, connection: Connection, effect: CashEffect, customer_cif: str
) -> AllowanceLeft:
    allowance = connection.execute(_LATEST_ALLOWANCE).first()
    if allowance is None or allowance.expires_at <= format_timestamp(context.clock.now()):
        return AllowanceLeft(Money(0), Money(0), expired=True)
    cap, used = (
        (allowance.cash_in_cap_cents, allowance.cash_in_used_cents)
        if effect is CashEffect.IN
        else (allowance.cash_out_cap_cents, allowance.cash_out_used_cents)
    )
    customer_used = connection.execute(
        _ALLOWANCE_USED_BY_CUSTOMER,
        {"allowance_id": allowance.allowance_id, "cif": customer_cif, "cash_effect": effect.value},
    ).scalar_one()
    return AllowanceLeft(
        device=Money(max(cap - used, 0)),
        customer=Money(max(allowance.per_customer_cap_cents - customer_used, 0)),
        expired=False,
    )
