"""What a payroll run books: the employer's account debited, each paid line's account credited.

`ledger.postings_for` gives a payroll run no postings, because they depend on each line's answer.
Head office books `booked_postings` of its answer: the employer debited with the booked total and
each booked line's employee credited with their salary; a refused line's salary stays with the
employer. The maker's device shows the run pending with `requested_postings`: as if every line
were paid, so the whole total is held against the employer's available balance until the answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from shared_core.accounts import parse_account
from shared_core.errors import InvalidAccount, InvalidOperation
from shared_core.ledger import Posting, credit, debit, ensure_balanced
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind
from shared_core.payroll import LineStatus, PayrollRunResult
from shared_core.payroll_run import PAYEE_ACCOUNT_TYPES, PayrollRun, check_run_operation


def booked_postings(operation: Operation, result: PayrollRunResult) -> tuple[Posting, ...]:
    """What head office books for its answer to the run: the booked lines only; () if none is."""
    _require_run_entry(operation)
    if not isinstance(result, PayrollRunResult):
        raise TypeError(f"booked_postings needs a PayrollRunResult, got {type(result).__name__}")
    if operation.amount != result.control_total:
        raise InvalidOperation(
            f"The entry is of {operation.amount}; run {result.run_id} totals {result.control_total}"
        )
    paid = ((line.account, line.amount) for line in result.lines if line.status is LineStatus.BOOKED)
    return _postings(operation, paid)


def requested_postings(operation: Operation, run: PayrollRun) -> tuple[Posting, ...]:
    """The run as its maker asked for it, every line paid: the device's view while it is pending."""
    check_run_operation(operation, run)
    return _postings(operation, ((line.account, line.amount) for line in run.lines))


def _require_run_entry(operation: Operation) -> None:
    if not isinstance(operation, Operation) or operation.kind is not OperationKind.PAYROLL_RUN:
        raise InvalidOperation("Only a payroll run's entry pays its lines")


def _postings(operation: Operation, paid: Iterable[tuple[str, Money]]) -> tuple[Posting, ...]:
    employer = operation.customer_account
    assert employer is not None  # Operation requires the slot for a payroll run
    credits: list[Posting] = []
    total_cents = 0
    for account, amount in paid:
        if parse_account(account).type not in PAYEE_ACCOUNT_TYPES:
            raise InvalidAccount(
                f"A salary is paid into a wallet or savings account, not {account}", account=account
            )
        if account == employer:
            raise InvalidOperation(f"{account} is the employer's own account; it cannot be paid a salary")
        credits.append(credit(account, amount))
        total_cents += amount.cents
    if not credits:
        return ()
    result = (debit(employer, Money(total_cents)), *credits)
    ensure_balanced(result)
    return result
