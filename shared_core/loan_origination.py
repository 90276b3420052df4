"""Opening a loan: the application an entry carries, and the checks device and server both make
before anyone scores it.

A loan is applied for and disbursed in one request entry (LOAN_DISBURSEMENT): the device mints the
loan's id, which names its loan account, and the entry's details name the product and the number
of installments; the principal is the entry's amount and goes to the customer's wallet. Head office
scores the application (shared_core.credit_scoring) and books it, refers it to a checker, or
declines it. The first installment falls due one period after the business day of the application,
so the schedule is known the moment the loan is booked, on the device and at head office alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from shared_core.accounts import AccountType, loan_account, parse_account
from shared_core.entry_details import EntryDetails, LoanRequest
from shared_core.errors import InvalidOperation
from shared_core.journal import require_device_code
from shared_core.loan_schedule import LoanTerms, due_dates, loan_terms_for
from shared_core.loan_terms import LoanPolicy, LoanProduct, RepaymentFrequency
from shared_core.operations import Operation, OperationKind


class LoanStage(StrEnum):
    """Where a loan applied for stands at head office; the pull tells the device."""

    AWAITING_APPROVAL = "awaiting_approval"  # referred: a credit officer decides
    ACTIVE = "active"  # disbursed, being repaid
    CLOSED = "closed"  # paid off
    DECLINED = "declined"  # refused by the scorecard or the credit officer: nothing was lent


# Crockford base 32, as device codes and references use: no I, L, O or U to misread.
_TOKEN_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
loan_token_length = 8


def mint_loan_id(device_code: str, token: bytes) -> str:
    """'L-K7Q2-3F9HX2MA': the device's code (unique among devices) and 8 characters of `token`,
    random bytes from the device (40 bits: a device would mint a million loans before two
    collide with a chance of one in a million). Needs no network and no shared counter."""
    require_device_code(device_code, "device_code")
    if not isinstance(token, bytes) or len(token) < 5:
        raise TypeError("mint_loan_id needs at least 5 random bytes")
    number = int.from_bytes(token[:5], "big")
    characters = []
    for _ in range(loan_token_length):
        number, index = divmod(number, len(_TOKEN_ALPHABET))
        characters.append(_TOKEN_ALPHABET[index])
    return f"L-{device_code}-{''.join(characters)}"


def first_due_date(applied_on: date, frequency: RepaymentFrequency) -> date:
    """One period after the day of the application: a week, or the same day next month (clamped)."""
    return due_dates(frequency, applied_on, 2)[1]


@dataclass(frozen=True, slots=True)
class Application:
    """An application as the rules read it: whose, which product, and the loan it would make."""

    customer_account: str
    loan_id: str
    product: LoanProduct
    terms: LoanTerms


def read_application(operation: Operation, details: EntryDetails, policy: LoanPolicy) -> Application:
    """The application a loan disbursement carries, checked: the loan account is the one its id
    names, the money goes to a wallet, the product exists and the amount and term fit it
    (LimitExceeded names the product's range). InvalidOperation names anything else wrong."""
    if operation.kind is not OperationKind.LOAN_DISBURSEMENT:
        raise InvalidOperation(f"A {operation.kind.value} is not a loan application", kind=operation.kind.value)
    request = details.loan
    if not isinstance(request, LoanRequest):
        raise InvalidOperation(
            "A loan disbursement needs its application: the product and the number of installments",
            kind=operation.kind.value,
        )
    if operation.loan_account != loan_account(request.loan_id):
        raise InvalidOperation(
            f"The loan account {operation.loan_account} is not the one loan {request.loan_id} names",
            loan_id=request.loan_id,
        )
    customer = operation.customer_account
    assert customer is not None  # Operation requires the slot for this kind
    if parse_account(customer).type is not AccountType.WALLET:
        raise InvalidOperation(f"A loan is paid into the customer's wallet, not {customer}", account=customer)
    product = policy.product(request.product_code)
    applied_on = date.fromisoformat(details.business_date)
    terms = loan_terms_for(
        product, operation.amount, request.installments, first_due_date(applied_on, product.frequency)
    )
    return Application(customer, request.loan_id, product, terms)
