"""Operations: each kind's nature (fact or request), cash effect and the accounts it must name."""

from __future__ import annotations

import pytest

from shared_core.channels import Channel
from shared_core.errors import InvalidInput, InvalidOperation
from shared_core.money import Money
from shared_core.operations import CashEffect, Nature, Operation, OperationKind, Slot, spec_of


def deposit(**changes: object) -> Operation:
    fields: dict[str, object] = {
        "kind": OperationKind.CASH_DEPOSIT,
        "channel": Channel.BRANCH,
        "amount": Money.shillings(5_000),
        "customer_account": "wallet:C0001234",
        "cash_account": "till:BR-K7Q2",
    }
    fields.update(changes)
    return Operation(**fields)  # type: ignore[arg-type]


def test_cash_that_moved_is_a_fact_and_instructions_are_requests() -> None:
    facts = {kind for kind in OperationKind if spec_of(kind).nature is Nature.FACT}
    assert facts == {
        OperationKind.TILL_OPEN, OperationKind.TILL_CLOSE, OperationKind.VAULT_TO_TILL,
        OperationKind.TILL_TO_VAULT, OperationKind.TILL_OVER, OperationKind.TILL_SHORT,
        OperationKind.CASH_DEPOSIT, OperationKind.CASH_WITHDRAWAL, OperationKind.LOAN_REPAYMENT_CASH,
        OperationKind.PREMIUM_CASH,
    }
    assert spec_of(OperationKind.TRANSFER).nature is Nature.REQUEST
    assert spec_of(OperationKind.KYC_UPGRADE).nature is Nature.REQUEST


def test_cash_effects() -> None:
    assert spec_of(OperationKind.CASH_DEPOSIT).cash_effect is CashEffect.IN
    assert spec_of(OperationKind.CASH_WITHDRAWAL).cash_effect is CashEffect.OUT
    assert spec_of(OperationKind.LOAN_REPAYMENT_CASH).cash_effect is CashEffect.IN
    assert spec_of(OperationKind.TRANSFER).cash_effect is CashEffect.NONE


def test_a_valid_deposit_names_its_accounts() -> None:
    operation = deposit()
    assert operation.accounts() == {Slot.CUSTOMER_ACCOUNT: "wallet:C0001234", Slot.CASH_ACCOUNT: "till:BR-K7Q2"}


@pytest.mark.parametrize("cents", [0, -100])
def test_a_money_operation_needs_an_amount_above_zero(cents: int) -> None:
    with pytest.raises(InvalidOperation, match="amount above zero"):
        deposit(amount=Money(cents))


def test_a_missing_account_is_named() -> None:
    with pytest.raises(InvalidOperation, match="needs a cash account"):
        deposit(cash_account=None)


def test_an_account_the_kind_does_not_use_is_refused() -> None:
    with pytest.raises(InvalidOperation, match="does not use a loan account"):
        deposit(loan_account="loan:L000001")


def test_a_negative_fee_is_refused() -> None:
    with pytest.raises(InvalidOperation, match="fee cannot be negative"):
        deposit(fee=Money(-1))


def test_registration_moves_no_money() -> None:
    Operation(OperationKind.CUSTOMER_REGISTRATION, Channel.AGENT, Money(0))
    with pytest.raises(InvalidOperation, match="moves no money"):
        Operation(OperationKind.CUSTOMER_REGISTRATION, Channel.AGENT, Money(100))


def test_unknown_kind_and_channel_are_refused_by_name() -> None:
    with pytest.raises(InvalidOperation, match="'cash_gift' is not an operation"):
        OperationKind.parse("cash_gift")
    with pytest.raises(InvalidInput, match="'shop' is not a channel"):
        Channel.parse("shop")


def test_channel_prefixes() -> None:
    assert [channel.prefix for channel in Channel] == ["BR", "AG", "HO"]
    assert Channel.from_prefix("AG") is Channel.AGENT
    with pytest.raises(InvalidInput):
        Channel.from_prefix("XX")
