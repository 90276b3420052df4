"""Double entry: the one pure function from an operation to its postings, and the ledger's invariants.

A posting is signed cents on one account, DEBIT POSITIVE, CREDIT NEGATIVE; an entry's postings
sum to zero. Postings are derived, never trusted: the device runs `postings_for` to update its
local view, and the server runs it again on the same operation and books its own result.

Checks over many postings or balances return a tuple of `Violation`s, never stopping at the first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from shared_core.accounts import (
    INCOME_FEES,
    PREMIUMS_PAYABLE,
    SLOT_ACCOUNT_TYPES,
    SUSPENSE_TILL_OVER_SHORT,
    AccountType,
    customer_view,
    parse_account,
)
from shared_core.errors import InvalidAccount, InvalidAmount, InvalidOperation, UnbalancedEntry, Violation
from shared_core.money import CURRENCY, Money, cents_per_shilling
from shared_core.operations import Operation, OperationKind, Slot


@dataclass(frozen=True, slots=True)
class Posting:
    """Signed cents on one account: debit positive, credit negative. Never zero."""

    account: str
    amount: Money

    def __post_init__(self) -> None:
        if not isinstance(self.account, str):
            raise TypeError(f"Posting.account must be str, got {type(self.account).__name__}")
        if not isinstance(self.amount, Money):
            raise TypeError(f"Posting.amount must be Money, got {type(self.amount).__name__}")
        parse_account(self.account)  # refuses anything outside the chart of accounts
        if not self.amount:
            raise InvalidAmount(f"A posting of zero to {self.account} moves nothing", account=self.account)

    @property
    def is_debit(self) -> bool:
        return self.amount.is_positive

    @property
    def is_credit(self) -> bool:
        return self.amount.is_negative


def debit(account: str, amount: Money) -> Posting:
    return Posting(account, amount)


def credit(account: str, amount: Money) -> Posting:
    return Posting(account, -amount)


def _slot_account(operation: Operation, slot: Slot, allowed: frozenset[AccountType] | None = None) -> str:
    """The operation's account in `slot`, refused unless its type is one the slot (or kind) may hold."""
    text = getattr(operation, slot.value)
    if text is None:  # Operation checks its slots; reaching here is a bug in the table below
        raise AssertionError(f"{operation.kind.value} has no {slot.value}")
    account = parse_account(text)
    allowed = SLOT_ACCOUNT_TYPES[slot] if allowed is None else allowed
    if account.type not in allowed:
        expected = " or ".join(sorted(t.value for t in allowed))
        raise InvalidAccount(
            f"A {_kind_words(operation.kind)} cannot use {text} as its {slot.value.replace('_', ' ')}; "
            f"it needs a {expected} account",
            account=text,
            slot=slot.value,
            kind=operation.kind.value,
        )
    return text


def _kind_words(kind: OperationKind) -> str:
    return kind.value.replace("_", " ")


# Till movements and the end-of-day count concern physical cash in a branch drawer, so their cash
# account must be a till; an agent's float is not counted in a drawer.
_TILL_ONLY = frozenset({AccountType.TILL})


def _customer(operation: Operation) -> str:
    return _slot_account(operation, Slot.CUSTOMER_ACCOUNT)


def _counterparty(operation: Operation) -> str:
    return _slot_account(operation, Slot.COUNTERPARTY_ACCOUNT)


def _cash(operation: Operation) -> str:
    return _slot_account(operation, Slot.CASH_ACCOUNT)


def _till(operation: Operation) -> str:
    return _slot_account(operation, Slot.CASH_ACCOUNT, _TILL_ONLY)


def _vault(operation: Operation) -> str:
    return _slot_account(operation, Slot.VAULT_ACCOUNT)


def _loan(operation: Operation) -> str:
    return _slot_account(operation, Slot.LOAN_ACCOUNT)


def _transfer_pair(operation: Operation) -> tuple[str, str]:
    payer, payee = _customer(operation), _counterparty(operation)
    if payer == payee:
        raise InvalidOperation(
            f"A transfer from {payer} to itself moves nothing; choose another account", account=payer
        )
    return payer, payee


# What each kind debits and credits, as (debit account, credit account) of the operation's amount.
_AccountPair = Callable[[Operation], tuple[str, str]]
_PAIRS: dict[OperationKind, _AccountPair] = {
    OperationKind.TILL_OPEN: lambda op: (_till(op), _vault(op)),
    OperationKind.VAULT_TO_TILL: lambda op: (_till(op), _vault(op)),
    OperationKind.TILL_CLOSE: lambda op: (_vault(op), _till(op)),
    OperationKind.TILL_TO_VAULT: lambda op: (_vault(op), _till(op)),
    OperationKind.TILL_OVER: lambda op: (_till(op), SUSPENSE_TILL_OVER_SHORT),
    OperationKind.TILL_SHORT: lambda op: (SUSPENSE_TILL_OVER_SHORT, _till(op)),
    # At a branch the cash account is a till: more cash in the drawer (asset up, a debit). At an
    # agent it is the agent's float: the agent keeps the customer's cash and the bank owes the
    # agent that much less e-float (liability down, also a debit). One rule covers both.
    OperationKind.CASH_DEPOSIT: lambda op: (_cash(op), _customer(op)),
    OperationKind.CASH_WITHDRAWAL: lambda op: (_customer(op), _cash(op)),
    OperationKind.TRANSFER: _transfer_pair,
    OperationKind.LOAN_DISBURSEMENT: lambda op: (_loan(op), _customer(op)),
    # Interest and penalties accrue into the loan account separately, so a repayment credits the
    # loan with the whole amount; allocation among penalties, interest and principal comes later.
    OperationKind.LOAN_REPAYMENT_CASH: lambda op: (_cash(op), _loan(op)),
    OperationKind.LOAN_REPAYMENT_WALLET: lambda op: (_customer(op), _loan(op)),
    OperationKind.PREMIUM_CASH: lambda op: (_cash(op), PREMIUMS_PAYABLE),
    OperationKind.PREMIUM_WALLET: lambda op: (_customer(op), PREMIUMS_PAYABLE),
}
_NO_POSTINGS = frozenset({OperationKind.CUSTOMER_REGISTRATION, OperationKind.KYC_UPGRADE})
# What a payroll run books depends on each of its lines' answers, which the operation does not
# carry: shared_core.payroll_postings derives them from the run (requested) or its answer (booked).
LINE_POSTED_KINDS = frozenset({OperationKind.PAYROLL_RUN})
assert set(_PAIRS) | _NO_POSTINGS | LINE_POSTED_KINDS | {OperationKind.REVERSAL} == set(OperationKind), (
    "every kind is mapped"
)


def postings_for(operation: Operation) -> tuple[Posting, ...]:
    """The balanced postings of one operation: the amount's debit and credit, then the fee's.

    A fee is charged to the customer's account and credited to income:fees, so only kinds that
    name a customer account may carry one. A reversal is refused here: its postings come from
    the original entry, through `reversal_postings`. A payroll run gives none here (its employer's
    account is checked): its postings come from its lines, through shared_core.payroll_postings.
    """
    if not isinstance(operation, Operation):
        raise TypeError(f"postings_for needs an Operation, got {type(operation).__name__}")
    kind = operation.kind
    if kind is OperationKind.REVERSAL:
        raise InvalidOperation(
            "A reversal's postings come from the entry it reverses: use reversal_postings(original_postings)",
            kind=kind.value,
        )
    if kind in _NO_POSTINGS:
        return ()
    if kind in LINE_POSTED_KINDS:
        if operation.fee:
            raise InvalidOperation(
                f"A {_kind_words(kind)} carries no fee; a fee is an entry of its own", kind=kind.value
            )
        _customer(operation)  # the employer's account must be a deposit account all the same
        return ()
    debit_account, credit_account = _PAIRS[kind](operation)
    postings = [debit(debit_account, operation.amount), credit(credit_account, operation.amount)]
    if operation.fee:
        if Slot.CUSTOMER_ACCOUNT not in operation.spec.slots:
            raise InvalidOperation(
                f"A {_kind_words(kind)} names no customer account to charge a fee to; the fee must be zero",
                kind=kind.value,
            )
        postings += [debit(_customer(operation), operation.fee), credit(INCOME_FEES, operation.fee)]
    result = tuple(postings)
    ensure_balanced(result)
    return result


def reversal_postings(original_postings: Iterable[Posting]) -> tuple[Posting, ...]:
    """The postings that undo an entry: each original posting negated, in the same order."""
    original = tuple(original_postings)
    for posting in original:
        if not isinstance(posting, Posting):
            raise TypeError(f"reversal_postings needs Postings, got {type(posting).__name__}")
    if not original:
        raise InvalidOperation("The entry to reverse moved no money; there is nothing to reverse")
    ensure_balanced(original)  # an unbalanced original is corrupt data, not something to undo
    result = tuple(Posting(posting.account, -posting.amount) for posting in original)
    ensure_balanced(result)
    return result


def check_entry_balanced(postings: Iterable[Posting]) -> tuple[Violation, ...]:
    """Violations of double entry in one entry's postings: an empty tuple when it balances."""
    debits_cents = 0
    credits_cents = 0
    for posting in postings:
        if posting.amount.is_positive:
            debits_cents += posting.amount.cents
        else:
            credits_cents -= posting.amount.cents
    if debits_cents == credits_cents:
        return ()
    return (
        Violation(
            UnbalancedEntry.code,
            f"Debits {_format_cents(debits_cents)} do not equal credits {_format_cents(credits_cents)}",
        ),
    )


def ensure_balanced(postings: Iterable[Posting]) -> None:
    """Raise UnbalancedEntry unless the postings balance. Not an assert: survives `python -O`."""
    violations = check_entry_balanced(postings)
    if violations:
        raise UnbalancedEntry("; ".join(violation.message for violation in violations))


def balances_from(postings: Iterable[Posting]) -> dict[str, Money]:
    """Each account's ledger balance (debits positive), replayed from postings."""
    totals_cents: dict[str, int] = {}
    for posting in postings:
        totals_cents[posting.account] = totals_cents.get(posting.account, 0) + posting.amount.cents
    return {account: Money(cents) for account, cents in totals_cents.items()}


def check_balances(stated: Mapping[str, Money], postings: Iterable[Posting]) -> tuple[Violation, ...]:
    """Every way the stated balances differ from a replay of the postings, account by account.

    A stated balance must equal the sum of its account's postings; an account stated with no
    postings must be zero; an account with postings but no stated balance is reported too.
    """
    for account, balance in stated.items():
        if not isinstance(balance, Money):
            raise TypeError(f"stated balance of {account} must be Money, got {type(balance).__name__}")
    replayed = balances_from(postings)
    violations: list[Violation] = []
    for account in sorted(set(stated) | set(replayed)):
        if account not in stated:
            violations.append(
                Violation(
                    "balance_missing",
                    f"{account} has postings totalling {replayed[account].format()} but no stated balance",
                    account,
                )
            )
            continue
        if account not in replayed:
            try:
                parse_account(account)
            except InvalidAccount as error:
                violations.append(Violation(InvalidAccount.code, error.message, account))
                continue
        stated_balance = stated[account]
        replayed_balance = replayed.get(account, Money(0))
        if stated_balance != replayed_balance:
            violations.append(
                Violation(
                    "balance_mismatch",
                    f"{account} is stated as {stated_balance.format()} but its postings total "
                    f"{replayed_balance.format()}",
                    account,
                )
            )
    return tuple(violations)


def _format_cents(cents: int) -> str:
    """Totals can exceed the largest single amount, so they are formatted without Money."""
    sign = "-" if cents < 0 else ""
    whole, fraction = divmod(abs(cents), cents_per_shilling)
    return f"{CURRENCY} {sign}{whole:,}.{fraction:02d}"


# --- what postings do to customers ---------------------------------------------------------------

# Customer deposits may not go below zero; a loan, a till or an income account is not "overdrawn".
OVERDRAWABLE_TYPES = frozenset({AccountType.WALLET, AccountType.SAVINGS})


def customer_effects(postings: Iterable[Posting]) -> dict[str, Money]:
    """Per customer deposit account, what the postings do to its balance as the customer reads it."""
    moved: dict[str, int] = {}
    for posting in postings:
        if parse_account(posting.account).type in OVERDRAWABLE_TYPES:
            moved[posting.account] = moved.get(posting.account, 0) + posting.amount.cents
    return {account: customer_view(parse_account(account).type, Money(cents)) for account, cents in moved.items()}


def shortfall(balance: Money, effect: Money) -> Money:
    """How far below zero `effect` takes an account holding `balance`, counting only its own part.

    Zero when the account stays at or above zero, or the effect is not a debit. The device refuses
    any shortfall; the server books a fact's shortfall as an offline-overdraft exception.
    Worked example: balance 300, effect -500 -> 200; balance -100 (already overdrawn), effect -50 -> 50.
    """
    if not effect.is_negative:
        return Money(0)
    after = balance + effect
    if not after.is_negative:
        return Money(0)
    return Money(min(-after.cents, -effect.cents))
