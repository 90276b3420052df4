"""What can happen at a counter: each kind of operation, its nature, permission and cash effect.

Facts are cash that physically moved: the server cannot refuse them, only book them (into an
exception if they broke a rule). Requests are instructions the server decides.
The postings an operation makes are derived in `shared_core.ledger`, never stored by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from shared_core.channels import Channel
from shared_core.errors import InvalidOperation
from shared_core.money import Money
from shared_core.roles import Permission


class Nature(StrEnum):
    FACT = "fact"
    REQUEST = "request"


class CashEffect(StrEnum):
    """Which way cash crosses the counter; what the offline allowance and CTR look at."""

    IN = "in"
    OUT = "out"
    NONE = "none"


class OperationKind(StrEnum):
    TILL_OPEN = "till_open"
    TILL_CLOSE = "till_close"
    VAULT_TO_TILL = "vault_to_till"  # a mid-day top-up of an open till
    TILL_TO_VAULT = "till_to_vault"  # excess cash dropped back to the vault
    TILL_OVER = "till_over"
    TILL_SHORT = "till_short"
    CASH_DEPOSIT = "cash_deposit"
    CASH_WITHDRAWAL = "cash_withdrawal"
    TRANSFER = "transfer"
    LOAN_DISBURSEMENT = "loan_disbursement"
    LOAN_REPAYMENT_CASH = "loan_repayment_cash"
    LOAN_REPAYMENT_WALLET = "loan_repayment_wallet"
    PREMIUM_CASH = "premium_cash"
    PREMIUM_WALLET = "premium_wallet"
    REVERSAL = "reversal"
    CUSTOMER_REGISTRATION = "customer_registration"
    KYC_UPGRADE = "kyc_upgrade"
    PAYROLL_RUN = "payroll_run"  # a corporate client's salaries, one line per employee (shared_core.payroll)

    @classmethod
    def parse(cls, text: str) -> OperationKind:
        try:
            return cls(text)
        except ValueError:
            raise InvalidOperation(f"'{text}' is not an operation this system knows", kind=str(text)) from None


class Slot(StrEnum):
    """The named accounts an operation touches; each kind requires its own set."""

    CUSTOMER_ACCOUNT = "customer_account"  # wallet:... or savings:... debited or credited (a payroll's employer)
    COUNTERPARTY_ACCOUNT = "counterparty_account"  # the other customer's account of a transfer
    CASH_ACCOUNT = "cash_account"  # till:... at a branch, float:... at an agent
    VAULT_ACCOUNT = "vault_account"  # vault:... of the branch
    LOAN_ACCOUNT = "loan_account"  # loan:...


_SLOTS_NAMED = tuple((slot, slot.value) for slot in Slot)  # read once: every operation checks its slots


@dataclass(frozen=True, slots=True)
class OperationSpec:
    nature: Nature
    permission: Permission
    cash_effect: CashEffect
    slots: frozenset[Slot]
    moves_money: bool = True


_S = Slot
_SPECS: dict[OperationKind, OperationSpec] = {
    OperationKind.TILL_OPEN: OperationSpec(
        Nature.FACT, Permission.OPEN_TILL, CashEffect.NONE, frozenset({_S.CASH_ACCOUNT, _S.VAULT_ACCOUNT})
    ),
    OperationKind.TILL_CLOSE: OperationSpec(
        Nature.FACT, Permission.CLOSE_TILL, CashEffect.NONE, frozenset({_S.CASH_ACCOUNT, _S.VAULT_ACCOUNT})
    ),
    OperationKind.VAULT_TO_TILL: OperationSpec(
        Nature.FACT, Permission.VAULT_TRANSFER, CashEffect.NONE, frozenset({_S.CASH_ACCOUNT, _S.VAULT_ACCOUNT})
    ),
    OperationKind.TILL_TO_VAULT: OperationSpec(
        Nature.FACT, Permission.VAULT_TRANSFER, CashEffect.NONE, frozenset({_S.CASH_ACCOUNT, _S.VAULT_ACCOUNT})
    ),
    OperationKind.TILL_OVER: OperationSpec(
        Nature.FACT, Permission.CLOSE_TILL, CashEffect.NONE, frozenset({_S.CASH_ACCOUNT})
    ),
    OperationKind.TILL_SHORT: OperationSpec(
        Nature.FACT, Permission.CLOSE_TILL, CashEffect.NONE, frozenset({_S.CASH_ACCOUNT})
    ),
    OperationKind.CASH_DEPOSIT: OperationSpec(
        Nature.FACT, Permission.CASH_DEPOSIT, CashEffect.IN, frozenset({_S.CUSTOMER_ACCOUNT, _S.CASH_ACCOUNT})
    ),
    OperationKind.CASH_WITHDRAWAL: OperationSpec(
        Nature.FACT, Permission.CASH_WITHDRAWAL, CashEffect.OUT, frozenset({_S.CUSTOMER_ACCOUNT, _S.CASH_ACCOUNT})
    ),
    OperationKind.TRANSFER: OperationSpec(
        Nature.REQUEST,
        Permission.TRANSFER,
        CashEffect.NONE,
        frozenset({_S.CUSTOMER_ACCOUNT, _S.COUNTERPARTY_ACCOUNT}),
    ),
    OperationKind.LOAN_DISBURSEMENT: OperationSpec(
        Nature.REQUEST, Permission.LOAN_APPLY, CashEffect.NONE, frozenset({_S.CUSTOMER_ACCOUNT, _S.LOAN_ACCOUNT})
    ),
    OperationKind.LOAN_REPAYMENT_CASH: OperationSpec(
        Nature.FACT, Permission.LOAN_REPAY, CashEffect.IN, frozenset({_S.CASH_ACCOUNT, _S.LOAN_ACCOUNT})
    ),
    OperationKind.LOAN_REPAYMENT_WALLET: OperationSpec(
        Nature.REQUEST, Permission.LOAN_REPAY, CashEffect.NONE, frozenset({_S.CUSTOMER_ACCOUNT, _S.LOAN_ACCOUNT})
    ),
    OperationKind.PREMIUM_CASH: OperationSpec(
        Nature.FACT, Permission.INSURANCE_SELL, CashEffect.IN, frozenset({_S.CASH_ACCOUNT})
    ),
    OperationKind.PREMIUM_WALLET: OperationSpec(
        Nature.REQUEST, Permission.INSURANCE_SELL, CashEffect.NONE, frozenset({_S.CUSTOMER_ACCOUNT})
    ),
    # A reversal's postings are the original entry's, negated: it names no accounts itself.
    OperationKind.REVERSAL: OperationSpec(
        Nature.REQUEST, Permission.REVERSAL_REQUEST, CashEffect.NONE, frozenset()
    ),
    OperationKind.CUSTOMER_REGISTRATION: OperationSpec(
        Nature.REQUEST, Permission.CUSTOMER_REGISTER, CashEffect.NONE, frozenset(), moves_money=False
    ),
    OperationKind.KYC_UPGRADE: OperationSpec(
        Nature.REQUEST, Permission.KYC_UPGRADE_REQUEST, CashEffect.NONE, frozenset(), moves_money=False
    ),
    # The employer's account is the one slot: the employees' accounts are the run's lines, in the
    # entry's details, and what is booked to them depends on each line's answer.
    OperationKind.PAYROLL_RUN: OperationSpec(
        Nature.REQUEST, Permission.PAYROLL_UPLOAD, CashEffect.NONE, frozenset({_S.CUSTOMER_ACCOUNT})
    ),
}
OPERATION_SPECS: Mapping[OperationKind, OperationSpec] = MappingProxyType(_SPECS)
assert set(OPERATION_SPECS) == set(OperationKind), "every operation kind has a spec"


# What each operation is called on statements, receipts and reports (in English; the screens translate
# their own copies through Qt). Receipts say more where the paper needs it (see services.printing).
OPERATION_NAMES: Mapping[OperationKind, str] = MappingProxyType({
    OperationKind.TILL_OPEN: "Till opened",
    OperationKind.TILL_CLOSE: "Till closed",
    OperationKind.VAULT_TO_TILL: "Cash from vault",
    OperationKind.TILL_TO_VAULT: "Cash to vault",
    OperationKind.TILL_OVER: "Till over",
    OperationKind.TILL_SHORT: "Till short",
    OperationKind.CASH_DEPOSIT: "Cash deposit",
    OperationKind.CASH_WITHDRAWAL: "Cash withdrawal",
    OperationKind.TRANSFER: "Transfer",
    OperationKind.LOAN_DISBURSEMENT: "Loan disbursement",
    OperationKind.LOAN_REPAYMENT_CASH: "Loan repayment (cash)",
    OperationKind.LOAN_REPAYMENT_WALLET: "Loan repayment",
    OperationKind.PREMIUM_CASH: "Insurance premium (cash)",
    OperationKind.PREMIUM_WALLET: "Insurance premium",
    OperationKind.REVERSAL: "Reversal",
    OperationKind.CUSTOMER_REGISTRATION: "Customer registration",
    OperationKind.KYC_UPGRADE: "KYC upgrade",
    OperationKind.PAYROLL_RUN: "Payroll run",
})
assert set(OPERATION_NAMES) == set(OperationKind), "every operation has a name"


def spec_of(kind: OperationKind) -> OperationSpec:
    return OPERATION_SPECS[kind]


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation as the rules see it: its kind, channel, amount, fee and the accounts it names.

    Accounts are codes of `shared_core.accounts`' chart (e.g. 'wallet:C0001234'). A slot the kind
    does not use must be empty, so an operation never carries an account that nothing checks.
    """

    kind: OperationKind
    channel: Channel
    amount: Money
    fee: Money = Money(0)
    customer_account: str | None = None
    counterparty_account: str | None = None
    cash_account: str | None = None
    vault_account: str | None = None
    loan_account: str | None = None

    def __post_init__(self) -> None:
        spec = OPERATION_SPECS[self.kind]
        if spec.moves_money:
            if not self.amount.is_positive:
                raise InvalidOperation(
                    f"A {self.kind.value.replace('_', ' ')} needs an amount above zero, not {self.amount}",
                    kind=self.kind.value,
                )
        elif self.amount or self.fee:
            raise InvalidOperation(f"A {self.kind.value.replace('_', ' ')} moves no money", kind=self.kind.value)
        if self.fee.is_negative:
            raise InvalidOperation(f"A fee cannot be negative: {self.fee}", kind=self.kind.value)
        for slot, name in _SLOTS_NAMED:
            value = getattr(self, name)
            if slot in spec.slots and not value:
                raise InvalidOperation(
                    f"A {self.kind.value.replace('_', ' ')} needs a {slot.value.replace('_', ' ')}",
                    kind=self.kind.value,
                    slot=slot.value,
                )
            if slot not in spec.slots and value is not None:
                raise InvalidOperation(
                    f"A {self.kind.value.replace('_', ' ')} does not use a {slot.value.replace('_', ' ')}",
                    kind=self.kind.value,
                    slot=slot.value,
                )

    @property
    def spec(self) -> OperationSpec:
        return OPERATION_SPECS[self.kind]

    def accounts(self) -> Mapping[Slot, str]:
        """The slots this operation fills, by name."""
        return {slot: getattr(self, slot.value) for slot in self.spec.slots}
