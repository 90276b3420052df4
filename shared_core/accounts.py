"""The chart of accounts: account types, their class and normal side, and account codes.

An account code is text '<type>:<id>', e.g. 'wallet:C0001234', 'till:BR-K7Q2', 'float:AG-X9P3'.
Accounts held for a party (a customer, a till, a branch, an agent, a loan) take an id of
uppercase letters, digits and '-'. The bank's own ledger accounts (income, premiums payable,
suspense, exceptions) are a closed list of fixed codes below, so a typo such as 'income:fess'
is refused instead of quietly opening a new account.

Balances in the ledger are signed cents, debits positive; `customer_view` turns them into what
a customer or teller reads.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from shared_core.errors import InvalidAccount
from shared_core.money import Money
from shared_core.operations import Slot

account_id_length_max = 40
account_code_length_max = 64

_PARTY_ID = re.compile(r"[A-Z0-9-]+", re.ASCII)


class AccountClass(StrEnum):
    ASSET = "asset"
    LIABILITY = "liability"
    INCOME = "income"
    EXPENSE = "expense"


class Side(StrEnum):
    DEBIT = "debit"
    CREDIT = "credit"


class AccountType(StrEnum):
    WALLET = "wallet"  # customer deposits: owed to the customer
    SAVINGS = "savings"  # customer deposits: owed to the customer
    LOAN = "loan"  # owed by the customer
    TILL = "till"  # branch cash in a teller's drawer
    VAULT = "vault"  # branch vault cash
    FLOAT = "float"  # an agent's e-float at the bank: owed to the agent
    INCOME = "income"  # fees, interest, penalties
    PAYABLE = "payable"  # premiums owed to underwriters, levies and duty to the State, cash owed back
    SUSPENSE = "suspense"  # till over/short and unidentified items, until explained
    EXCEPTIONS = "exceptions"  # breaches head office must resolve, e.g. offline overdrafts
    EXPENSE = "expense"  # losses the bank bears, e.g. an offline overdraft written off

    @property
    def account_class(self) -> AccountClass:
        return _CLASSES[self]

    @property
    def normal_side(self) -> Side:
        """The side that increases the balance: debit for assets and expenses, credit for liabilities
        and income."""
        return Side.DEBIT if self.account_class in _DEBIT_NORMAL else Side.CREDIT

    @property
    def is_fixed(self) -> bool:
        """True for the bank's own ledger accounts, whose ids are a closed list (FIXED_ACCOUNT_IDS)."""
        return self in FIXED_ACCOUNT_IDS


_CLASSES: dict[AccountType, AccountClass] = {
    AccountType.WALLET: AccountClass.LIABILITY,
    AccountType.SAVINGS: AccountClass.LIABILITY,
    AccountType.LOAN: AccountClass.ASSET,
    AccountType.TILL: AccountClass.ASSET,
    AccountType.VAULT: AccountClass.ASSET,
    AccountType.FLOAT: AccountClass.LIABILITY,
    AccountType.INCOME: AccountClass.INCOME,
    AccountType.PAYABLE: AccountClass.LIABILITY,
    # A till short (the usual case) debits suspense until it is explained or written off, and an
    # offline overdraft is money a customer owes the bank: both carry debit balances, like assets.
    AccountType.SUSPENSE: AccountClass.ASSET,
    AccountType.EXCEPTIONS: AccountClass.ASSET,
    AccountType.EXPENSE: AccountClass.EXPENSE,
}
assert set(_CLASSES) == set(AccountType), "every account type has a class"
_DEBIT_NORMAL = frozenset({AccountClass.ASSET, AccountClass.EXPENSE})

INCOME_FEES = "income:fees"
INCOME_INTEREST = "income:interest"
INCOME_PENALTIES = "income:penalties"
PREMIUMS_PAYABLE = "payable:insurance_premiums"
# What a premium's statutory charges are owed as, each remitted on its own return (shared_core.
# insurance_sales): the Insurance Training Levy, the Policyholders' Compensation Fund levy, and
# the stamp duty on each policy document.
TRAINING_LEVY_PAYABLE = "payable:training_levy"
COMPENSATION_FUND_LEVY_PAYABLE = "payable:policyholders_compensation_fund"
STAMP_DUTY_PAYABLE = "payable:stamp_duty"
LOAN_OVERPAYMENTS_PAYABLE = "payable:loan_overpayments"  # cash taken beyond what closed a loan: owed back
SUSPENSE_TILL_OVER_SHORT = "suspense:till_over_short"
EXCEPTIONS_OFFLINE_OVERDRAFT = "exceptions:offline_overdraft"
# What head office writes off when it resolves an offline overdraft by bearing the loss
# (shared_core.exception_resolution): the customer's account is credited back, this is debited.
EXPENSE_OVERDRAFTS_WRITTEN_OFF = "expense:offline_overdrafts_written_off"

FIXED_ACCOUNTS: frozenset[str] = frozenset(
    {
        INCOME_FEES,
        INCOME_INTEREST,
        INCOME_PENALTIES,
        PREMIUMS_PAYABLE,
        TRAINING_LEVY_PAYABLE,
        COMPENSATION_FUND_LEVY_PAYABLE,
        STAMP_DUTY_PAYABLE,
        LOAN_OVERPAYMENTS_PAYABLE,
        SUSPENSE_TILL_OVER_SHORT,
        EXCEPTIONS_OFFLINE_OVERDRAFT,
        EXPENSE_OVERDRAFTS_WRITTEN_OFF,
    }
)


def _fixed_ids() -> Mapping[AccountType, frozenset[str]]:
    ids: dict[AccountType, set[str]] = {}
    for code in FIXED_ACCOUNTS:
        type_text, account_id = code.split(":", 1)
        ids.setdefault(AccountType(type_text), set()).add(account_id)
    return MappingProxyType({account_type: frozenset(found) for account_type, found in ids.items()})


FIXED_ACCOUNT_IDS: Mapping[AccountType, frozenset[str]] = _fixed_ids()

SLOT_ACCOUNT_TYPES: Mapping[Slot, frozenset[AccountType]] = MappingProxyType(
    {
        Slot.CUSTOMER_ACCOUNT: frozenset({AccountType.WALLET, AccountType.SAVINGS}),
        Slot.COUNTERPARTY_ACCOUNT: frozenset({AccountType.WALLET, AccountType.SAVINGS}),
        Slot.CASH_ACCOUNT: frozenset({AccountType.TILL, AccountType.FLOAT}),
        Slot.VAULT_ACCOUNT: frozenset({AccountType.VAULT}),
        Slot.LOAN_ACCOUNT: frozenset({AccountType.LOAN}),
    }
)
assert set(SLOT_ACCOUNT_TYPES) == set(Slot), "every slot says which account types it may hold"


@dataclass(frozen=True, slots=True)
class AccountCode:
    """One account of the chart; `str()` gives its code, e.g. 'wallet:C0001234'."""

    type: AccountType
    id: str

    def __post_init__(self) -> None:
        if not isinstance(self.type, AccountType):
            raise TypeError(f"AccountCode.type must be an AccountType, got {type(self.type).__name__}")
        if not isinstance(self.id, str):
            raise TypeError(f"AccountCode.id must be str, got {type(self.id).__name__}")
        problem = _id_problem(self.type, self.id)
        if problem:
            raise InvalidAccount(problem, account=f"{self.type.value}:{self.id}"[:account_code_length_max])

    def __str__(self) -> str:
        return f"{self.type.value}:{self.id}"


def _id_problem(account_type: AccountType, account_id: str) -> str:
    """What is wrong with this id for this type, or '' if nothing."""
    code = f"{account_type.value}:{account_id}"
    if not account_id:
        return f"Account code '{code}' has no id after the ':'"
    if account_type.is_fixed:
        known = FIXED_ACCOUNT_IDS[account_type]
        if account_id not in known:
            listed = ", ".join(sorted(f"{account_type.value}:{name}" for name in known))
            return f"'{code}' is not in the chart of accounts; {account_type.value} accounts are {listed}"
        return ""
    if len(account_id) > account_id_length_max:
        return f"Account id '{account_id[:account_id_length_max]}...' is longer than {account_id_length_max} characters"
    if not _PARTY_ID.fullmatch(account_id):
        return f"Account id '{account_id}' may hold only uppercase letters, digits and '-'"
    return ""


def parse_account(text: str) -> AccountCode:
    """An account code read from text, e.g. 'wallet:C0001234'; refused with the problem named.

    Codes are machine text, so they are read strictly: no spaces, no case folding.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_account needs str, got {type(text).__name__}")
    return _parse_account_text(text)


@functools.lru_cache(maxsize=65_536)
def _parse_account_text(text: str) -> AccountCode:
    """`parse_account` past its type check, remembered per code: the rules read the same few codes
    hundreds of times a batch, and an AccountCode is immutable. A refusal is not remembered (a
    cache keeps only what returns): it is raised again, the same, every time."""
    if not text:
        raise InvalidAccount("Account code is empty; expected <type>:<id>, e.g. wallet:C0001234")
    if len(text) > account_code_length_max:
        raise InvalidAccount(
            f"Account code '{text[:account_code_length_max]}...' is longer than {account_code_length_max} characters",
            account=text[:account_code_length_max],
        )
    type_text, colon, account_id = text.partition(":")
    if not colon:
        raise InvalidAccount(
            f"'{text}' is not an account code; expected <type>:<id>, e.g. wallet:C0001234", account=text
        )
    try:
        account_type = AccountType(type_text)
    except ValueError:
        raise InvalidAccount(
            f"'{type_text}' in '{text}' is not an account type; expected one of "
            + ", ".join(t.value for t in AccountType),
            account=text,
        ) from None
    return AccountCode(account_type, account_id)


def wallet_account(cif: str) -> str:
    return str(AccountCode(AccountType.WALLET, cif))


def savings_account(cif: str) -> str:
    return str(AccountCode(AccountType.SAVINGS, cif))


def loan_account(loan_id: str) -> str:
    return str(AccountCode(AccountType.LOAN, loan_id))


def till_account(till_id: str) -> str:
    return str(AccountCode(AccountType.TILL, till_id))


def vault_account(branch: str) -> str:
    return str(AccountCode(AccountType.VAULT, branch))


def float_account(agent: str) -> str:
    return str(AccountCode(AccountType.FLOAT, agent))


def customer_view(account_type: AccountType, ledger_balance: Money) -> Money:
    """The ledger's signed balance (debits positive) as the customer or teller reads it.

    Credit-normal accounts flip sign: a wallet credited with 500 reads +500, and a wallet that
    reads negative is overdrawn. Debit-normal accounts read as they are: a loan debited 1,000
    reads 1,000 owed; a till debited 1,000 holds 1,000 in cash.
    """
    if not isinstance(account_type, AccountType):
        raise TypeError(f"customer_view needs an AccountType, got {type(account_type).__name__}")
    if not isinstance(ledger_balance, Money):
        raise TypeError(f"customer_view needs Money, got {type(ledger_balance).__name__}")
    return ledger_balance if account_type.normal_side is Side.DEBIT else -ledger_balance
