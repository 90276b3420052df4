"""What the teller's confirmation shows before money moves, read from a real device store.

Juma (tier 2, at a branch: at most KES 500,000 a transaction and KES 1,000,000 a day) has
KES 50,000 in his wallet. A quote tells the teller his name, balance and tier, the limit the
operation uses and how much of it today already used, whether a supervisor must approve it,
and offline what is left of the allowance. It writes nothing, and it refuses exactly what the
commit would refuse, in the same words.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.posting import Override
from desktop_app.services.quotes import quote
from desktop_app.services.till import open_till
from desktop_app.services.transfers import repay_loan_in_cash, request_transfer
from desktop_app.store import schema
from desktop_app.store.pulled import put_account
from shared_core.accounts import loan_account, wallet_account
from shared_core.approvals import Outcome
from shared_core.errors import LimitExceeded, NotFound
from shared_core.kyc import KycTier
from shared_core.money import Money
from shared_core.operations import CashEffect, OperationKind
from tests.device_builders import SUPERVISOR_PASSWORD, Counter, add_customer, make_counter

KES = Money.shillings
JUMA = "C0001234"
AMINA = "C0005678"


@pytest.fixture
def counter(tmp_path) -> Counter:  # noqa: ANN001
    counter = make_counter(tmp_path)
    open_till(counter.context, counter.teller, opening_float=KES(200_000))
    add_customer(counter, JUMA, balance=KES(50_000))
    return counter


def journal_size(counter: Counter) -> int:
    with counter.store.read() as connection:
        return connection.execute(select(func.count()).select_from(schema.journal)).scalar_one()


def test_a_deposit_quote_names_juma_his_balance_his_tier_and_the_limits_it_uses(counter: Counter) -> None:
    before = journal_size(counter)
    shown = quote(
        counter.context, counter.teller, kind=OperationKind.CASH_DEPOSIT, customer_cif=JUMA, amount=KES(5_000)
    )
    assert shown.customer_text == "Juma Mwangi (C0001234)"
    assert shown.tier is KycTier.TIER_2
    assert shown.available == KES(50_000)
    assert shown.tier_limits is not None
    assert (shown.tier_limits.per_transaction, shown.tier_limits.per_day) == (KES(500_000), KES(1_000_000))
    assert shown.direction is CashEffect.IN
    assert (shown.spent_today, shown.day_total_after) == (KES(0), KES(5_000))
    assert shown.decision.outcome is Outcome.ALLOW
    assert shown.approval_threshold is None
    assert journal_size(counter) == before  # a quote commits nothing


def test_what_juma_already_moved_today_counts_in_the_same_direction_only(counter: Counter) -> None:
    deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(5_000))
    withdraw_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(2_000))
    cash_in = quote(
        counter.context, counter.teller, kind=OperationKind.CASH_DEPOSIT, customer_cif=JUMA, amount=KES(1_000)
    )
    cash_out = quote(
        counter.context,
        counter.teller,
        kind=OperationKind.CASH_WITHDRAWAL,
        customer_cif=JUMA,
        amount=KES(1_000),
    )
    assert cash_in.spent_today == KES(5_000)
    assert cash_out.spent_today == KES(2_000)
    assert cash_out.available == KES(53_000)


def test_a_withdrawal_above_the_branch_threshold_names_the_threshold_a_supervisor_must_approve(
    counter: Counter,
) -> None:
    rich = add_customer(counter, "C0009999", national_id="99999999", balance=KES(300_000))
    shown = quote(
        counter.context,
        counter.teller,
        kind=OperationKind.CASH_WITHDRAWAL,
        customer_cif=rich,
        amount=KES(150_000),
    )
    assert shown.needs_approval
    assert shown.approval_threshold == KES(100_000)
    shown.raise_if_denied()  # needing approval is not a refusal: the override comes at commit
    at_threshold = quote(
        counter.context,
        counter.teller,
        kind=OperationKind.CASH_WITHDRAWAL,
        customer_cif=rich,
        amount=KES(100_000),
    )
    assert not at_threshold.needs_approval and at_threshold.approval_threshold is None


def test_a_quote_refuses_a_withdrawal_over_the_tier_limit_in_the_words_the_commit_uses(
    counter: Counter,
) -> None:
    shown = quote(
        counter.context,
        counter.teller,
        kind=OperationKind.CASH_WITHDRAWAL,
        customer_cif=JUMA,
        amount=KES(600_000),
    )
    assert shown.decision.outcome is Outcome.DENY
    with pytest.raises(LimitExceeded) as refused_by_quote:
        shown.raise_if_denied()
    with pytest.raises(LimitExceeded) as refused_by_commit:
        withdraw_cash(
            counter.context,
            counter.teller,
            customer_cif=JUMA,
            amount=KES(600_000),
            override=Override("otieno", SUPERVISOR_PASSWORD),
        )
    assert str(refused_by_quote.value) == str(refused_by_commit.value)
    assert "at most KES 500,000.00 per transaction" in str(refused_by_quote.value)


def test_offline_the_quote_shows_the_allowance_left_for_the_device_and_for_juma(tmp_path) -> None:  # noqa: ANN001
    counter = make_counter(tmp_path, allowance_out=KES(30_000), allowance_per_customer=KES(20_000))
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    add_customer(counter, JUMA, balance=KES(50_000))
    withdraw_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(12_000))
    shown = quote(
        counter.context,
        counter.teller,
        kind=OperationKind.CASH_WITHDRAWAL,
        customer_cif=JUMA,
        amount=KES(1_000),
    )
    assert shown.allowance_left is not None and not shown.allowance_left.expired
    assert shown.allowance_left.device == KES(18_000)
    assert shown.allowance_left.customer == KES(8_000)
    assert shown.allowance_left.least == KES(8_000)


def test_online_no_allowance_is_drawn_so_none_is_shown(counter: Counter) -> None:
    counter.context.is_online = lambda: True
    shown = quote(
        counter.context,
        counter.teller,
        kind=OperationKind.CASH_WITHDRAWAL,
        customer_cif=JUMA,
        amount=KES(1_000),
    )
    assert shown.allowance_left is None


def test_an_expired_allowance_shows_nothing_left(counter: Counter) -> None:
    counter.clock.advance(hours=25)
    shown = quote(
        counter.context, counter.teller, kind=OperationKind.CASH_DEPOSIT, customer_cif=JUMA, amount=KES(1_000)
    )
    assert shown.allowance_left is not None
    assert shown.allowance_left.expired and shown.allowance_left.least == KES(0)


def test_a_transfer_quote_counts_todays_transfers_and_draws_on_no_allowance(counter: Counter) -> None:
    add_customer(counter, AMINA, national_id="34567890", full_name="Amina Hassan")
    deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(5_000))
    request_transfer(
        counter.context,
        counter.teller,
        customer_cif=JUMA,
        to_account=wallet_account(AMINA),
        amount=KES(4_000),
    )
    shown = quote(
        counter.context,
        counter.teller,
        kind=OperationKind.TRANSFER,
        customer_cif=JUMA,
        amount=KES(1_000),
        counterparty_account=wallet_account(AMINA),
    )
    assert shown.direction is CashEffect.NONE
    assert shown.spent_today == KES(4_000)  # the deposit is cash in, not a transfer
    assert shown.available == KES(51_000)
    assert shown.allowance_left is None  # a request is captured, not paid from the allowance


def test_a_cash_repayment_quote_shows_what_the_loan_owes(counter: Counter) -> None:
    loan = loan_account("L000042")
    with counter.store.write() as connection:
        put_account(connection, account=loan, cif=JUMA, label="Loan L000042", balance_cents=KES(8_000).cents)
    repay_loan_in_cash(
        counter.context, counter.teller, customer_cif=JUMA, loan_account=loan, amount=KES(3_000)
    )
    shown = quote(
        counter.context,
        counter.teller,
        kind=OperationKind.LOAN_REPAYMENT_CASH,
        customer_cif=JUMA,
        amount=KES(1_000),
        loan_account=loan,
    )
    assert shown.loan_owed == KES(5_000)
    assert shown.available is None  # cash repays the loan; the wallet is not touched
    assert shown.spent_today == KES(3_000)  # cash in today
    assert shown.allowance_left is not None and shown.allowance_left.device == KES(2_000_000 - 3_000)


def test_a_customer_not_on_this_device_is_named_in_the_refusal(counter: Counter) -> None:
    with pytest.raises(NotFound, match="C0000404"):
        quote(
            counter.context,
            counter.teller,
            kind=OperationKind.CASH_DEPOSIT,
            customer_cif="C0000404",
            amount=KES(1_000),
        )


def test_a_deposit_past_the_tier_1_balance_cap_is_refused_by_the_quote(counter: Counter) -> None:
    zawadi = add_customer(counter, "C0003333", tier=1, national_id="33333333", balance=KES(95_000))
    shown = quote(
        counter.context,
        counter.teller,
        kind=OperationKind.CASH_DEPOSIT,
        customer_cif=zawadi,
        amount=KES(10_000),
    )
    with pytest.raises(
        LimitExceeded, match="balance of at most KES 100,000.00; this would make it KES 105,000.00"
    ):
        shown.raise_if_denied()
