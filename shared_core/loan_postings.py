"""What a loan repayment books once it is allocated: the loan account carries principal only.

A disbursement debits the loan account with the principal (shared_core.ledger), so the loan
account always reads the principal still owed and the loan book is the sum of the loan accounts.
A repayment takes the whole amount from where it came (the till or agent float, or the wallet)
and credits, by its allocation (shared_core.loan_repayment): the loan account with the principal,
income:interest with the interest, income:penalties with the late fees, and
payable:loan_overpayments with cash taken beyond what closed the loan, owed back to the customer.

`ledger.postings_for` gives the unallocated form (the whole amount to the loan account); a loan
with no schedule at head office (a balance carried over from another system) is repaid that way.
"""

from __future__ import annotations

from shared_core.accounts import INCOME_INTEREST, INCOME_PENALTIES, LOAN_OVERPAYMENTS_PAYABLE
from shared_core.errors import InvalidOperation
from shared_core.ledger import Posting, credit, ensure_balanced, postings_for
from shared_core.loan_repayment import RepaymentAllocation
from shared_core.operations import Operation, OperationKind

REPAYMENT_KINDS = frozenset({OperationKind.LOAN_REPAYMENT_CASH, OperationKind.LOAN_REPAYMENT_WALLET})


def repayment_postings(operation: Operation, allocation: RepaymentAllocation) -> tuple[Posting, ...]:
    """The balanced postings of a loan repayment split by `allocation`, which must be of its amount."""
    if not isinstance(operation, Operation) or operation.kind not in REPAYMENT_KINDS:
        raise InvalidOperation("Only a loan repayment is split by an allocation")
    if not isinstance(allocation, RepaymentAllocation):
        raise TypeError(f"repayment_postings needs a RepaymentAllocation, got {type(allocation).__name__}")
    if allocation.amount != operation.amount:
        raise InvalidOperation(
            f"The allocation is of {allocation.amount}; the repayment is of {operation.amount}",
            kind=operation.kind.value,
        )
    loan = operation.loan_account
    assert loan is not None  # Operation requires the slot for these kinds
    whole = postings_for(operation)  # the source's debit (and any fee), the loan's whole credit
    kept = [posting for posting in whole if posting.account != loan]
    parts = (
        (loan, allocation.principal),
        (INCOME_INTEREST, allocation.interest),
        (INCOME_PENALTIES, allocation.penalties),
        (LOAN_OVERPAYMENTS_PAYABLE, allocation.excess),
    )
    split = [credit(account, amount) for account, amount in parts if amount]
    result = (*kept, *split)
    ensure_balanced(result)
    return result
