"""How an exception is resolved: the corrections head office may make for each kind, and the
postings each books (issue 7: exceptions are worked, not just listed).

An exception is a fact booked although it broke a rule (the server's judging names its code). Its
resolution is a `Correction` someone proposes and a checker approves (shared_core.exception_steps):

- an offline overdraft (two agents paid the same customer offline beyond the balance) is either
  WRITTEN OFF, the loss the bank's: the overdrawn account is credited back towards zero and
  expense:offline_overdrafts_written_off debited; or RECOVERED FROM THE CUSTOMER: the account
  stays overdrawn, the customer owes it and the next deposit covers it; no entry, a note says so;
- cash taken beyond what closed a loan, or for cover head office prices otherwise or cannot match,
  is held in a payable (payable:loan_overpayments, payable:insurance_premiums): REFUNDED TO the
  customer's WALLET (the payable debited, the wallet credited), or EXPLAINED (paid back otherwise);
- a limit breached on a fact, policy drift, an unknown account, an unreadable fact: the cash moved
  and stays booked; EXPLAINED, with no entry.

A correction never moves more than the exception's amount, and never puts an account beyond right:
a write-off brings an overdrawn account back to zero at most (a deposit since may have covered part
of it), a refund takes from a payable no more than it holds. Its postings always balance. Amounts
are checked here on both sides: a proposal is refused as soon as it is made, an approval again
against the balances of the moment it books.

A correcting entry is head office's own, not a device's: in no device's chain, signed by none, its
reference minted on the HO channel under `head_office_journal_code`, e.g. 'HO-0000-000007-X'.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from shared_core.accounts import (
    EXPENSE_OVERDRAFTS_WRITTEN_OFF,
    LOAN_OVERPAYMENTS_PAYABLE,
    PREMIUMS_PAYABLE,
    AccountType,
    customer_view,
    parse_account,
    wallet_account,
)
from shared_core.canonical import require_fields, require_int
from shared_core.channels import Channel
from shared_core.errors import CorrectionAboveException, CorrectionNotAllowed, InvalidInput
from shared_core.ledger import OVERDRAWABLE_TYPES, Posting, credit, debit, ensure_balanced
from shared_core.money import Money, amount_cents_max
from shared_core.references import make_reference

# Head office's journal mints its references on the HO channel under this code: no device's
# reference starts with HO, so none can collide with it.
head_office_journal_code = "0000"
CORRECTION_KIND = "exception_correction"  # the kind of a head office entry that corrects an exception
CORRECTION_FIELDS = ("kind", "amount_cents")


class ExceptionCode(StrEnum):
    """Why a fact was booked into an exception (the server's judging raises them)."""

    OFFLINE_OVERDRAFT = "offline_overdraft"
    LIMIT_BREACH_ON_FACT = "limit_breach_on_fact"
    POLICY_DRIFT = "policy_drift"
    UNKNOWN_ACCOUNT = "unknown_account"
    UNREADABLE_FACT = "unreadable_fact"
    LOAN_OVERPAID = "loan_overpaid"
    PREMIUM_MISMATCH = "premium_mismatch"
    PREMIUM_UNMATCHED = "premium_unmatched"


class ExceptionStatus(StrEnum):
    OPEN = "open"  # whatever step of its working it has reached
    RESOLVED = "resolved"  # a resolution was approved: final


class CorrectionKind(StrEnum):
    WRITE_OFF = "write_off"  # the bank bears the loss: the overdrawn account credited back
    RECOVER_FROM_CUSTOMER = "recover_from_customer"  # the customer owes it: no entry
    REFUND_TO_WALLET = "refund_to_wallet"  # what a payable holds for the customer, to their wallet
    EXPLAINED = "explained"  # nothing to book: the note says why

    @property
    def books_entry(self) -> bool:
        return self in _BOOKING_KINDS


_BOOKING_KINDS = frozenset({CorrectionKind.WRITE_OFF, CorrectionKind.REFUND_TO_WALLET})
_K = CorrectionKind
_X = ExceptionCode
CORRECTIONS: Mapping[ExceptionCode, tuple[CorrectionKind, ...]] = MappingProxyType(
    {
        _X.OFFLINE_OVERDRAFT: (_K.WRITE_OFF, _K.RECOVER_FROM_CUSTOMER),
        _X.LIMIT_BREACH_ON_FACT: (_K.EXPLAINED,),
        _X.POLICY_DRIFT: (_K.EXPLAINED,),
        _X.UNKNOWN_ACCOUNT: (_K.EXPLAINED,),
        _X.UNREADABLE_FACT: (_K.EXPLAINED,),
        _X.LOAN_OVERPAID: (_K.REFUND_TO_WALLET, _K.EXPLAINED),
        _X.PREMIUM_MISMATCH: (_K.REFUND_TO_WALLET, _K.EXPLAINED),
        _X.PREMIUM_UNMATCHED: (_K.REFUND_TO_WALLET, _K.EXPLAINED),
    }
)
assert set(CORRECTIONS) == set(ExceptionCode), "every exception code says how it may be resolved"
# Where the cash of an exception is held until it is refunded.
_HELD_IN: Mapping[ExceptionCode, str] = MappingProxyType(
    {
        _X.LOAN_OVERPAID: LOAN_OVERPAYMENTS_PAYABLE,
        _X.PREMIUM_MISMATCH: PREMIUMS_PAYABLE,
        _X.PREMIUM_UNMATCHED: PREMIUMS_PAYABLE,
    }
)
assert all(_K.REFUND_TO_WALLET in CORRECTIONS[code] for code in _HELD_IN)


def corrections_for(code: str) -> tuple[CorrectionKind, ...]:
    """The corrections that may be proposed for an exception of `code`; none for a code this
    release does not know (a newer server's), so nothing is proposed blind."""
    try:
        return CORRECTIONS[ExceptionCode(code)]
    except ValueError:
        return ()


_DESCRIPTIONS = {
    CorrectionKind.WRITE_OFF: "Overdraft written off",
    CorrectionKind.REFUND_TO_WALLET: "Refund by head office",
}


def describe_correction(kind: str) -> str:
    """What a customer's statement says of a correcting entry on their account."""
    try:
        return _DESCRIPTIONS.get(CorrectionKind(kind), "Correction by head office")
    except ValueError:
        return "Correction by head office"


def correction_reference(entry_number: int) -> str:
    """The reference of head office's correcting entry `entry_number`, e.g. 'HO-0000-000007-X'."""
    return make_reference(Channel.HEAD_OFFICE, head_office_journal_code, entry_number)


@dataclass(frozen=True, slots=True)
class Correction:
    """A resolution as proposed: what kind, and how much it books (zero for one that books nothing)."""

    kind: CorrectionKind
    amount: Money

    def __post_init__(self) -> None:
        if not isinstance(self.kind, CorrectionKind):
            raise TypeError(f"Correction.kind must be a CorrectionKind, got {type(self.kind).__name__}")
        if not isinstance(self.amount, Money):
            raise TypeError(f"Correction.amount must be Money, got {type(self.amount).__name__}")
        if self.kind.books_entry and not self.amount.is_positive:
            raise InvalidInput(
                f"correction.amount_cents: a {_words(self.kind)} books an amount above zero",
                field="correction.amount_cents",
            )
        if not self.kind.books_entry and self.amount:
            raise InvalidInput(
                f"correction.amount_cents: a correction '{_words(self.kind)}' books nothing; its amount is 0",
                field="correction.amount_cents",
            )

    def to_wire(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "amount_cents": self.amount.cents}

    @classmethod
    def from_wire(cls, data: object, *, path: str = "correction") -> Correction:
        fields = require_fields(data, CORRECTION_FIELDS, path)
        kind = fields["kind"]
        if not isinstance(kind, str) or kind not in _KIND_VALUES:
            choices = ", ".join(kind.value for kind in CorrectionKind)
            raise InvalidInput(f"{path}.kind: {kind!r} is not a correction; expected one of {choices}", field=path)
        cents = require_int(fields["amount_cents"], f"{path}.amount_cents", minimum=0, maximum=amount_cents_max)
        return cls(CorrectionKind(kind), Money(cents))


_KIND_VALUES = frozenset(kind.value for kind in CorrectionKind)


def _words(kind: CorrectionKind) -> str:
    return kind.value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class ExceptionFacts:
    """What the rules read of one exception: its code, the account it names, its amount, and the
    customer of the entry that raised it."""

    code: ExceptionCode
    account: str | None
    amount: Money
    customer_cif: str | None

    def __post_init__(self) -> None:
        if not isinstance(self.code, ExceptionCode):
            raise TypeError(f"ExceptionFacts.code must be an ExceptionCode, got {type(self.code).__name__}")
        if not isinstance(self.amount, Money) or self.amount.is_negative:
            raise TypeError("ExceptionFacts.amount is Money, never negative")


def correction_postings(facts: ExceptionFacts, correction: Correction) -> tuple[Posting, ...]:
    """The balanced postings `correction` books for the exception (none for one that books nothing).

    Refused: a correction not allowed for the exception's code (CorrectionNotAllowed, naming those
    that are), an amount above the exception's (CorrectionAboveException), an exception that names
    no account to correct (InvalidInput)."""
    if not isinstance(facts, ExceptionFacts) or not isinstance(correction, Correction):
        raise TypeError("correction_postings needs ExceptionFacts and a Correction")
    allowed = CORRECTIONS[facts.code]
    if correction.kind not in allowed:
        listed = ", ".join(kind.value for kind in allowed)
        raise CorrectionNotAllowed(
            f"An exception {facts.code.value} cannot be resolved by '{_words(correction.kind)}'; "
            f"it may be resolved by: {listed}",
            code=facts.code.value,
            kind=correction.kind.value,
        )
    if correction.amount.cents > facts.amount.cents:
        raise CorrectionAboveException(
            f"A correction of {correction.amount} is more than the exception's {facts.amount}",
            amount_cents=correction.amount.cents,
            exception_cents=facts.amount.cents,
        )
    if correction.kind is CorrectionKind.WRITE_OFF:
        account = _overdrawn_account(facts)
        postings = (debit(EXPENSE_OVERDRAFTS_WRITTEN_OFF, correction.amount), credit(account, correction.amount))
    elif correction.kind is CorrectionKind.REFUND_TO_WALLET:
        if facts.customer_cif is None:
            raise InvalidInput(
                "The entry that raised this exception names no customer; there is no wallet to refund",
                field="correction.kind",
            )
        held_in = _HELD_IN[facts.code]
        postings = (debit(held_in, correction.amount), credit(wallet_account(facts.customer_cif), correction.amount))
    else:
        return ()
    ensure_balanced(postings)
    return postings


def _overdrawn_account(facts: ExceptionFacts) -> str:
    if facts.account is None or parse_account(facts.account).type not in OVERDRAWABLE_TYPES:
        raise InvalidInput(
            f"The exception names no customer deposit account to write back (it names {facts.account})",
            field="account",
        )
    return facts.account


def check_within_balances(postings: tuple[Posting, ...], balances: Mapping[str, Money]) -> None:
    """Refuse postings that would put an account beyond right: a customer's deposit account
    credited above zero (a write-off makes good an overdraft, it pays nobody), or a payable
    debited below zero (a refund returns what is held, no more). `balances` are ledger balances
    (debits positive) of the accounts the postings move, as they stand now."""
    for posting in postings:
        account_type = parse_account(posting.account).type
        balance = balances.get(posting.account, Money(0))
        if not isinstance(balance, Money):
            raise TypeError(f"the balance of {posting.account} must be Money")
        after = customer_view(account_type, balance + posting.amount)
        if account_type in OVERDRAWABLE_TYPES and posting.is_credit and after.is_positive:
            overdrawn = -customer_view(account_type, balance)
            raise CorrectionAboveException(
                f"{posting.account} is overdrawn by {max(overdrawn, Money(0))} now; writing off "
                f"{-posting.amount} would take it above zero",
                account=posting.account,
                overdrawn_cents=max(overdrawn.cents, 0),
            )
        if account_type is AccountType.PAYABLE and posting.is_debit and after.is_negative:
            raise CorrectionAboveException(
                f"{posting.account} holds {customer_view(account_type, balance)}; it cannot refund "
                f"{posting.amount}",
                account=posting.account,
            )
