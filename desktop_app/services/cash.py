"""Cash deposits and withdrawals at the counter: the customer's wallet against the till
(at a branch) or the agent's float. A withdrawal is authorized online when it can be
(services.withdrawals), else judged as offline, within the allowance."""

from __future__ import annotations

from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.posting import Extras, Override, Posted, post
from desktop_app.services.withdrawals import HoldAuthority, withdraw_online
from shared_core.accounts import wallet_account
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind


def deposit_cash(
    context: ServiceContext, session: Session, *, customer_cif: str, amount: Money, account: str | None = None
) -> Posted:
    operation = Operation(
        OperationKind.CASH_DEPOSIT,
        context.device.channel,
        amount,
        customer_account=account or wallet_account(customer_cif),
        cash_account=context.device.cash_account,
    )
    return post(context, session, operation, Extras(customer_cif=customer_cif))


def withdraw_cash(
    context: ServiceContext,
    session: Session,
    *,
    customer_cif: str,
    amount: Money,
    fee: Money = Money(0),
    account: str | None = None,
    override: Override | None = None,
    holds: HoldAuthority | None = None,
) -> Posted:
    """Pay cash out; above the approval threshold a supervisor's override must come with it.

    Online (`holds` wired and the server answering lately), head office holds the amount first
    and the entry says so; otherwise, or when the hold goes unanswered, it draws on the offline
    allowance, or is refused where the channel pays out online only."""
    operation = Operation(
        OperationKind.CASH_WITHDRAWAL,
        context.device.channel,
        amount,
        fee=fee,
        customer_account=account or wallet_account(customer_cif),
        cash_account=context.device.cash_account,
    )
    extras = Extras(customer_cif=customer_cif)
    if holds is not None and context.is_online():
        return withdraw_online(context, session, operation, extras, holds, override=override)
    return post(context, session, operation, extras, override=override)
