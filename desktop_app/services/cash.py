"""Cash deposits and withdrawals at the counter: the customer's wallet against the till
(at a branch) or the agent's float."""

from __future__ import annotations

from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.posting import Extras, Override, Posted, post
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
) -> Posted:
    """Pay cash out; above the approval threshold a supervisor's override must come with it."""
    operation = Operation(
        OperationKind.CASH_WITHDRAWAL,
        context.device.channel,
        amount,
        fee=fee,
        customer_account=account or wallet_account(customer_cif),
        cash_account=context.device.cash_account,
    )
    return post(context, session, operation, Extras(customer_cif=customer_cif), override=override)
