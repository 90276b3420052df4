"""A day at a branch counter, offline: open the till, take deposits, pay withdrawals.

Every refusal leaves the journal and the state exactly as they were; every success is one
entry whose postings balance and whose state equals a replay of the journal.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop_app.services.balances import available_balance
from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.posting import Override
from desktop_app.services.till import open_till
from desktop_app.store import schema
from shared_core.accounts import wallet_account
from shared_core.errors import (
    AllowanceExhausted,
    ApprovalRequired,
    AuthenticationFailed,
    InsufficientFunds,
    LimitExceeded,
    MakerIsChecker,
    PermissionDenied,
    TillNotOpen,
)
from shared_core.money import Money
from tests.device_builders import assert_intact, PASSWORD, SUPERVISOR_PASSWORD, Counter, add_customer, make_counter

KES = Money.shillings


@pytest.fixture
def counter(tmp_path) -> Counter:  # noqa: ANN001
    counter = make_counter(tmp_path)
    open_till(counter.context, counter.teller, opening_float=KES(200_000))
    return counter


def journal_size(counter: Counter) -> int:
    with counter.store.read() as connection:
        return connection.execute(select(func.count()).select_from(schema.journal)).scalar_one()


def available(counter: Counter, cif: str) -> Money:
    with counter.store.read() as connection:
        return available_balance(connection, wallet_account(cif))



def test_juma_deposits_5000_and_his_balance_shows_it_at_once(counter: Counter) -> None:
    juma = add_customer(counter, balance=KES(1_000))
    posted = deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(5_000))
    assert posted.entry.sequence == 2  # 1 is the till opening
    assert posted.entry.reference.startswith("BR-K7Q2-000002-")
    assert posted.available_after == KES(6_000)
    assert available(counter, juma) == KES(6_000)
    assert_intact(counter)


def test_a_withdrawal_within_balance_and_limits_is_paid(counter: Counter) -> None:
    juma = add_customer(counter, balance=KES(30_000))
    posted = withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(10_000), fee=KES(33))
    assert posted.available_after == KES(30_000 - 10_000 - 33)
    assert_intact(counter)


def test_insufficient_funds_is_refused_and_nothing_is_written(counter: Counter) -> None:
    juma = add_customer(counter, balance=KES(500))
    before = journal_size(counter)
    with pytest.raises(InsufficientFunds, match="Available balance is KES 500.00"):
        withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=Money(50_001))
    assert journal_size(counter) == before
    assert available(counter, juma) == KES(500)
    assert_intact(counter)


def test_the_exact_balance_can_be_withdrawn_but_not_a_cent_more(counter: Counter) -> None:
    juma = add_customer(counter, balance=KES(800))
    with pytest.raises(InsufficientFunds):
        withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=Money(80_001))
    posted = withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(800))
    assert posted.available_after == Money(0)


def test_tier_1_per_transaction_limit_at_a_branch_exactly_and_one_cent_over(counter: Counter) -> None:
    # Branch tier 1: KES 50,000 per transaction (resources/limits/limit_table.json, version 1).
    juma = add_customer(counter, tier=1, balance=KES(90_000))
    with pytest.raises(LimitExceeded):
        withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=Money(5_000_001))
    posted = withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(50_000))
    assert posted.decision.limit_table_version == 1
    assert posted.entry.limit_table_version == 1


def test_the_daily_limit_counts_what_was_already_paid_today(counter: Counter) -> None:
    # Branch tier 1: KES 100,000 per day.
    juma = add_customer(counter, tier=1, balance=KES(200_000))
    withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(50_000))
    withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(50_000))
    with pytest.raises(LimitExceeded, match="day"):
        withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=Money(1))


def test_a_deposit_that_would_break_the_balance_cap_is_refused(counter: Counter) -> None:
    # Branch tier 1: balance cap KES 100,000.
    juma = add_customer(counter, tier=1, balance=KES(60_000))
    deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(40_000))
    with pytest.raises(LimitExceeded, match="balance"):
        deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=Money(1))


def test_a_large_withdrawal_needs_a_supervisor(counter: Counter) -> None:
    # A branch withdrawal above KES 100,000 needs a checker; at exactly 100,000 it does not.
    juma = add_customer(counter, tier=3, balance=KES(500_000))
    withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(100_000))
    before = journal_size(counter)
    with pytest.raises(ApprovalRequired) as refused:
        withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=Money(10_000_001))
    assert refused.value.details["items"] == "large_withdrawal"
    assert journal_size(counter) == before  # no effect before approval
    posted = withdraw_cash(
        counter.context, counter.teller, customer_cif=juma, amount=Money(10_000_001),
        override=Override("otieno", SUPERVISOR_PASSWORD),
    )
    assert posted.entry.approved_by == "otieno"
    with counter.store.read() as connection:
        approval = connection.execute(select(schema.approvals)).one()
    assert (approval.maker_user_id, approval.checker_user_id, approval.items) == (
        "wanjiru", "otieno", "large_withdrawal",
    )
    assert_intact(counter)


def test_the_maker_can_never_approve_their_own_withdrawal(tmp_path) -> None:  # noqa: ANN001
    # A supervisor working the till is a maker like anyone else: someone else must check.
    counter = make_counter(tmp_path)
    open_till(counter.context, counter.supervisor, opening_float=KES(200_000))
    juma = add_customer(counter, tier=3, balance=KES(500_000))
    with pytest.raises(MakerIsChecker):
        withdraw_cash(counter.context, counter.supervisor, customer_cif=juma, amount=KES(150_000),
                      override=Override("otieno", SUPERVISOR_PASSWORD))


def test_another_teller_cannot_approve(counter: Counter) -> None:
    juma = add_customer(counter, tier=3, balance=KES(500_000))
    with pytest.raises(PermissionDenied):
        withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(150_000),
                      override=Override("achieng", PASSWORD))


def test_a_wrong_supervisor_password_approves_nothing(counter: Counter) -> None:
    juma = add_customer(counter, tier=3, balance=KES(500_000))
    before = journal_size(counter)
    with pytest.raises(AuthenticationFailed):
        withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(150_000),
                      override=Override("otieno", "guess-guess"))
    assert journal_size(counter) == before


def test_offline_cash_out_stops_when_the_allowance_is_spent(tmp_path) -> None:  # noqa: ANN001
    counter = make_counter(tmp_path, allowance_out=KES(30_000))
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    juma = add_customer(counter, balance=KES(100_000))
    withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(30_000))
    with pytest.raises(AllowanceExhausted, match="KES 0.00"):
        withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=Money(1))
    with counter.store.read() as connection:
        allowance = connection.execute(select(schema.allowances)).one()
    assert allowance.cash_out_used_cents == KES(30_000).cents
    assert_intact(counter)


def test_an_expired_allowance_stops_offline_cash(counter: Counter) -> None:
    juma = add_customer(counter, balance=KES(100_000))
    counter.clock.advance(hours=25)
    with pytest.raises(AllowanceExhausted, match="expired"):
        deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(100))


def test_cash_needs_an_open_till(tmp_path) -> None:  # noqa: ANN001
    counter = make_counter(tmp_path)
    juma = add_customer(counter, balance=KES(1_000))
    with pytest.raises(TillNotOpen):
        deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(100))


def test_only_the_teller_who_opened_the_till_handles_its_cash(counter: Counter) -> None:
    juma = add_customer(counter, balance=KES(1_000))
    with pytest.raises(TillNotOpen, match="wanjiru"):
        deposit_cash(counter.context, counter.supervisor, customer_cif=juma, amount=KES(100))
