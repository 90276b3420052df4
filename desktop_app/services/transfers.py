"""Requests that move money between accounts without cash: P2P transfers, wallet-to-loan
repayments, cash loan repayments. Requests stay pending until the server decides."""

from __future__ import annotations

from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.posting import Extras, Posted, post
from shared_core.accounts import wallet_account
from shared_core.errors import InvalidOperation
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind


def request_transfer(
    context: ServiceContext,
    session: Session,
    *,
    customer_cif: str,
    to_account: str,
    amount: Money,
    fee: Money = Money(0),
) -> Posted:
    source = wallet_account(customer_cif)
    if to_account == source:
        raise InvalidOperation("A transfer needs two different accounts")
    operation = Operation(
        OperationKind.TRANSFER,
        context.device.channel,
        amount,
        fee=fee,
        customer_account=source,
        counterparty_account=to_account,
    )
    return post(context, session, operation, Extras(customer_cif=customer_cif))


def repay_loan_from_wallet(
    context: ServiceContext, session: Session, *, customer_cif: str, loan_account: str, amount: Money
) -> Posted:
    operation = Operation(
        OperationKind.LOAN_REPAYMENT_WALLET,
        context.device.channel,
        amount,
        customer_account=wallet_account(customer_cif),
        loan_account=loan_account,
    )
    return post(context, session, operation, Extras(customer_cif=customer_cif))


def repay_loan_in_cash(
    context: ServiceContext, session: Session, *, customer_cif: str, loan_account: str, amount: Money
) -> Posted:
    operation = Operation(
        OperationKind.LOAN_REPAYMENT_CASH,
        context.device.channel,
        amount,
        cash_account=context.device.cash_account,
        loan_account=loan_account,
    )
    return post(context, session, operation, Extras(customer_cif=customer_cif))
