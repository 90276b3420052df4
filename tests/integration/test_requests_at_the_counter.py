"""Requests recorded offline: transfers, loan repayments and reversals wait for the server.

What a request takes from the customer counts at once (it cannot be spent twice); what it
gives counts only when head office confirms it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.services.balances import available_balance
from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.posting import Override
from desktop_app.services.reversals import request_reversal
from desktop_app.services.till import open_till
from desktop_app.services.transfers import repay_loan_from_wallet, repay_loan_in_cash, request_transfer
from desktop_app.store import schema
from desktop_app.store.pulled import put_account
from shared_core.accounts import loan_account, wallet_account
from shared_core.errors import AlreadyExists, ApprovalRequired, InsufficientFunds, InvalidOperation, NotFound
from shared_core.money import Money
from tests.device_builders import assert_intact, SUPERVISOR_PASSWORD, Counter, add_customer, make_counter

KES = Money.shillings


@pytest.fixture
def counter(tmp_path) -> Counter:  # noqa: ANN001
    counter = make_counter(tmp_path)
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    return counter


def balance(counter: Counter, account: str) -> Money:
    with counter.store.read() as connection:
        return available_balance(connection, account)


def outbox(counter: Counter) -> list[int]:
    with counter.store.read() as connection:
        return list(connection.execute(select(schema.outbox.c.sequence).order_by(schema.outbox.c.sequence)).scalars())



def test_a_transfer_reserves_the_senders_money_but_credits_nobody_until_confirmed(counter: Counter) -> None:
    juma = add_customer(counter, balance=KES(10_000))
    amina = add_customer(counter, "C0005678", national_id="34567890", full_name="Amina Hassan", balance=KES(0))
    posted = request_transfer(
        counter.context, counter.teller, customer_cif=juma, to_account=wallet_account(amina), amount=KES(4_000)
    )
    assert balance(counter, wallet_account(juma)) == KES(6_000)
    assert balance(counter, wallet_account(amina)) == KES(0)  # pending: not spendable yet
    assert posted.entry.sequence in outbox(counter)
    assert_intact(counter)


def test_a_transfer_beyond_the_balance_is_refused(counter: Counter) -> None:
    juma = add_customer(counter, balance=KES(1_000))
    amina = add_customer(counter, "C0005678", national_id="34567890", balance=KES(0))
    with pytest.raises(InsufficientFunds):
        request_transfer(counter.context, counter.teller, customer_cif=juma, to_account=wallet_account(amina),
                         amount=KES(1_000), fee=KES(1))


def test_a_transfer_to_oneself_is_refused(counter: Counter) -> None:
    juma = add_customer(counter, balance=KES(1_000))
    with pytest.raises(InvalidOperation):
        request_transfer(counter.context, counter.teller, customer_cif=juma, to_account=wallet_account(juma),
                         amount=KES(100))


def test_wallet_to_loan_repayment_and_cash_repayment(counter: Counter) -> None:
    juma = add_customer(counter, balance=KES(3_000))
    loan = loan_account("L000042")
    with counter.store.write() as connection:
        put_account(connection, account=loan, cif=juma, label="Loan L000042", balance_cents=KES(5_000).cents)
    repay_loan_from_wallet(counter.context, counter.teller, customer_cif=juma, loan_account=loan, amount=KES(2_000))
    assert balance(counter, wallet_account(juma)) == KES(1_000)
    # The loan reads what is owed, lowered at once by this device's own repayments.
    assert balance(counter, loan) == KES(3_000)
    repay_loan_in_cash(counter.context, counter.teller, customer_cif=juma, loan_account=loan, amount=KES(1_000))
    assert balance(counter, loan) == KES(2_000)
    assert_intact(counter)


def test_a_reversal_needs_a_supervisor_and_undoes_the_postings(counter: Counter) -> None:
    juma = add_customer(counter, balance=KES(1_000))
    deposit = deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(5_000))
    with pytest.raises(ApprovalRequired):
        request_reversal(counter.context, counter.teller, reference=deposit.entry.reference)
    reversal = request_reversal(counter.context, counter.teller, reference=deposit.entry.reference,
                                override=Override("otieno", SUPERVISOR_PASSWORD))
    assert reversal.entry.approved_by == "otieno"
    assert balance(counter, wallet_account(juma)) == KES(1_000)
    with counter.store.read() as connection:
        rows = connection.execute(
            select(schema.postings.c.account, schema.postings.c.amount_cents)
            .where(schema.postings.c.sequence.in_([deposit.entry.sequence, reversal.entry.sequence]))
        ).all()
    net: dict[str, int] = {}
    for account, cents in rows:
        net[account] = net.get(account, 0) + cents
    assert set(net.values()) == {0}
    with pytest.raises(AlreadyExists):
        request_reversal(counter.context, counter.teller, reference=deposit.entry.reference,
                         override=Override("otieno", SUPERVISOR_PASSWORD))
    with pytest.raises(InvalidOperation):
        request_reversal(counter.context, counter.teller, reference=reversal.entry.reference,
                         override=Override("otieno", SUPERVISOR_PASSWORD))
    assert_intact(counter)


def test_reversing_a_withdrawal_gives_nothing_back_until_confirmed(counter: Counter) -> None:
    juma = add_customer(counter, balance=KES(1_000))
    withdrawal = withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(400))
    request_reversal(counter.context, counter.teller, reference=withdrawal.entry.reference,
                     override=Override("otieno", SUPERVISOR_PASSWORD))
    assert balance(counter, wallet_account(juma)) == KES(600)


def test_an_unknown_reference_cannot_be_reversed(counter: Counter) -> None:
    with pytest.raises(NotFound):
        request_reversal(counter.context, counter.teller, reference="BR-K7Q2-999999-X",
                         override=Override("otieno", SUPERVISOR_PASSWORD))
