"""Borrow at the counter: a customer applies for a loan, and the device sends the application.

The application is one request entry (LOAN_DISBURSEMENT) carrying its loan id (minted here, so it
needs no network), product and number of installments (shared_core.loan_origination). The device
checks the product's range and prints the schedule the customer would repay; head office scores it
(it alone holds the bureau status and the whole ledger), then disburses it to the wallet, refers it
to a credit officer, or declines it, naming why. Until then the entry is pending, and the money is
not available to spend.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.posting import Extras, Posted, post
from desktop_app.store.database import get_setting
from desktop_app.store.pulled import PRODUCT_POLICIES_KEY
from shared_core.accounts import loan_account, wallet_account
from shared_core.entry_details import LoanRequest
from shared_core.errors import NotFound
from shared_core.loan_origination import first_due_date, mint_loan_id
from shared_core.loan_schedule import Installment, LoanTerms, loan_terms_for, schedule
from shared_core.loan_terms import LoanPolicy, LoanProduct, parse_loan_policy
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind
from shared_core.roles import Permission, require_permission

_TOKEN_BYTES = 5


def loan_policy(context: ServiceContext) -> LoanPolicy:
    """The loan products head office lends by, as the last pull brought them."""
    with context.store.read() as connection:
        documents = get_setting(connection, PRODUCT_POLICIES_KEY)
    if documents is None:
        raise NotFound("This device has no loan products yet: sync with head office first")
    return parse_loan_policy(documents["loans"])


@dataclass(frozen=True, slots=True)
class LoanQuote:
    """What the customer would sign for: the product, the terms and every installment."""

    product: LoanProduct
    terms: LoanTerms
    installments: tuple[Installment, ...]

    @property
    def total_repayable(self) -> Money:
        return Money(sum(row.total.cents for row in self.installments))


def quote_loan(
    policy: LoanPolicy, product_code: str, amount: Money, installments: int, applied_on: date
) -> LoanQuote:
    """The schedule of a loan applied for on `applied_on`; LimitExceeded names the product's range."""
    product = policy.product(product_code)
    terms = loan_terms_for(product, amount, installments, first_due_date(applied_on, product.frequency))
    return LoanQuote(product, terms, schedule(terms))


def apply_for_loan(
    context: ServiceContext,
    session: Session,
    *,
    customer_cif: str,
    product_code: str,
    amount: Money,
    installments: int,
    token: Callable[[int], bytes] = os.urandom,
) -> Posted:
    """Record the application, pending until head office decides it. The loan's id is in
    `posted.entry` (details.loan.loan_id), and its account is `loan_account(loan_id)`."""
    require_permission(session.role, Permission.LOAN_APPLY)
    quote_loan(loan_policy(context), product_code, amount, installments, date.fromisoformat(context.local_date()))
    loan_id = mint_loan_id(context.device.device_code, token(_TOKEN_BYTES))
    operation = Operation(
        OperationKind.LOAN_DISBURSEMENT,
        context.device.channel,
        amount,
        customer_account=wallet_account(customer_cif),
        loan_account=loan_account(loan_id),
    )
    request = LoanRequest(loan_id=loan_id, product_code=product_code, installments=installments)
    return post(context, session, operation, Extras(customer_cif=customer_cif, loan=request))
