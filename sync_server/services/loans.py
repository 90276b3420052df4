"""Head office's loans as one batch's ingest sees them: the loans its entries apply for or repay,
loaded once each, changed in memory as entries are judged, written with the batch.

A loan's schedule is rebuilt from the terms stored with it (shared_core.loan_schedule) and its
balances by replaying its stored repayments (shared_core.loan_repayment), so what the server books
for a repayment is its own allocation, never the device's. A loan account with no loan row (a
balance carried over from another system) has no schedule: it is repaid against its balance
(`allocate` answers None and the unallocated postings stand).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, Row, insert, select, update

from shared_core import canonical
from shared_core.accounts import loan_account
from shared_core.credit_decision import CreditDecision, decision_to_wire
from shared_core.ledger import Posting, postings_for
from shared_core.loan_origination import Application
from shared_core.loan_origination import (
    LoanStage as LoanStatus,  # where a loan stands here (schema.LOAN_STATUSES)
)
from shared_core.loan_position import loan_position
from shared_core.loan_postings import REPAYMENT_KINDS, repayment_postings
from shared_core.loan_repayment import (
    LoanBalances,
    RepaymentAllocation,
    allocate_repayment,
    replayed_balances,
)
from shared_core.loan_schedule import (
    Installment,
    LoanTerms,
    loan_terms_from_wire,
    loan_terms_to_wire,
    schedule,
)
from shared_core.loan_terms import LoanPolicy, LoanProduct
from shared_core.money import Money
from shared_core.operations import Operation
from sync_server.db import schema

_l = schema.loans.c
_r = schema.loan_repayments.c


assert tuple(LoanStatus) == schema.LOAN_STATUSES, "the table's check constraint names every status"


@dataclass(slots=True)
class LoanState:
    loan_id: str
    loan_account: str
    cif: str
    status: LoanStatus
    product: LoanProduct
    installments: tuple[Installment, ...]
    balances: LoanBalances
    repayments: list[tuple[date, Money]]
    worst_days_past_due: int
    changed: bool = False


@dataclass(frozen=True, slots=True)
class NewLoan:
    """A loan applied for: its row, written whatever the decision (a declined one is kept too)."""

    application: Application
    cif: str
    applied_on: date  # the business day of the application
    decision: CreditDecision
    status: LoanStatus


@dataclass(frozen=True, slots=True)
class Repayment:
    """A repayment allocated against a scheduled loan, and the loan's balances after it."""

    loan_id: str
    loan_account: str
    paid_on: date
    allocation: RepaymentAllocation
    balances_after: LoanBalances
    days_past_due_before: int


@dataclass(slots=True)
class LoanBook:
    connection: Connection
    policy: LoanPolicy
    loaded: dict[str, LoanState | None] = field(default_factory=dict)  # by loan account
    new_rows: list[dict[str, object]] = field(default_factory=list)
    repayment_rows: list[dict[str, object]] = field(default_factory=list)

    def state(self, loan_account: str) -> LoanState | None:
        if loan_account not in self.loaded:
            self.loaded[loan_account] = self._load(loan_account)
        return self.loaded[loan_account]

    def allocate(
        self, loan_account: str, amount: Money, paid_on: date, *, accept_excess: bool
    ) -> Repayment | None:
        """Where a repayment of `amount` on `paid_on` goes (nothing changes until `commit_repayment`).
        None for a loan with no schedule here. LoanClosed / PaymentAbovePayoff unless accept_excess
        (cash already taken); a repayment dated before the loan began counts from its first day."""
        state = self.state(loan_account)
        if state is None or state.status not in (LoanStatus.ACTIVE, LoanStatus.CLOSED):
            return None
        paid_on = max(paid_on, state.balances.start)
        dpd = loan_position(
            state.installments, state.repayments, paid_on, product=state.product, policy=self.policy
        ).days_past_due
        balances, allocation = allocate_repayment(
            state.balances, paid_on, amount, state.product, accept_excess=accept_excess
        )
        return Repayment(state.loan_id, loan_account, paid_on, allocation, balances, dpd)

    def repay(
        self, operation: Operation, paid_on: date, *, accept_excess: bool
    ) -> tuple[tuple[Posting, ...], Repayment | None]:
        """A loan repayment's postings, split by head office's own allocation (the device's is never
        read), and the allocation to commit once it is booked; for a loan with no schedule here, the
        unallocated postings and None."""
        assert operation.kind in REPAYMENT_KINDS and operation.loan_account is not None
        repayment = self.allocate(
            operation.loan_account, operation.amount, paid_on, accept_excess=accept_excess
        )
        if repayment is None:
            return postings_for(operation), None
        return repayment_postings(operation, repayment.allocation), repayment

    def commit_repayment(self, repayment: Repayment, device_code: str, sequence: int) -> None:
        state = self.state(repayment.loan_account)
        assert state is not None and state.loan_id == repayment.loan_id
        allocation = repayment.allocation
        state.balances = repayment.balances_after
        state.repayments.append((repayment.paid_on, allocation.amount))
        state.worst_days_past_due = max(state.worst_days_past_due, repayment.days_past_due_before)
        if state.balances.is_closed:
            state.status = LoanStatus.CLOSED
        state.changed = True
        self.repayment_rows.append(
            {
                "loan_id": repayment.loan_id,
                "device_code": device_code,
                "sequence": sequence,
                "paid_on": repayment.paid_on.isoformat(),
                "amount_cents": allocation.amount.cents,
                "principal_cents": allocation.principal.cents,
                "interest_cents": allocation.interest.cents,
                "penalties_cents": allocation.penalties.cents,
                "excess_cents": allocation.excess.cents,
            }
        )

    def commit_new(self, loan: NewLoan, device_code: str, sequence: int) -> None:
        application = loan.application
        terms = application.terms
        self.new_rows.append(
            {
                "loan_id": application.loan_id,
                "loan_account": loan_account(application.loan_id),
                "cif": loan.cif,
                "product_code": application.product.code,
                **loan_terms_to_wire(terms),
                "applied_on": loan.applied_on.isoformat(),
                "device_code": device_code,
                "sequence": sequence,
                "status": loan.status.value,
                "credit_outcome": loan.decision.outcome.value,
                "credit_score": loan.decision.score,
                "decision": canonical.encode(decision_to_wire(loan.decision)),
                "closed_on": None,
                "worst_days_past_due": 0,
            }
        )
        if loan.status is LoanStatus.ACTIVE:
            self.loaded[loan_account(application.loan_id)] = _state(
                application.loan_id, loan.cif, loan.status, application.product, terms, [], 0
            )
        else:
            self.loaded[loan_account(application.loan_id)] = None  # not repayable until active

    def write(self, connection: Connection, now: str) -> None:
        """Write the loans applied for, the repayments allocated and the loans they changed."""
        if self.new_rows:
            connection.execute(insert(schema.loans), [row | {"created_at": now} for row in self.new_rows])
        if self.repayment_rows:
            connection.execute(insert(schema.loan_repayments), self.repayment_rows)
        for state in self.loaded.values():
            if state is not None and state.changed:
                closed_on = state.balances.closed_on
                connection.execute(
                    update(schema.loans)
                    .where(_l.loan_id == state.loan_id)
                    .values(
                        status=state.status.value,
                        closed_on=None if closed_on is None else closed_on.isoformat(),
                        worst_days_past_due=state.worst_days_past_due,
                    )
                )

    def _load(self, account: str) -> LoanState | None:
        row = self.connection.execute(
            select(schema.loans).where(_l.loan_account == account).with_for_update()
        ).first()
        if row is None:
            return None
        terms = loan_terms_of(row)
        repayments = [
            (date.fromisoformat(paid_on), Money(cents))
            for paid_on, cents in self.connection.execute(
                select(_r.paid_on, _r.amount_cents).where(_r.loan_id == row.loan_id).order_by(_r.id)
            )
        ]
        product = self.policy.product(row.product_code)
        return _state(
            row.loan_id, row.cif, LoanStatus(row.status), product, terms, repayments, row.worst_days_past_due
        )

    def exists(self, loan_id: str) -> bool:
        """Whether a loan of this id was ever applied for (any status), here or earlier in the batch."""
        if any(row["loan_id"] == loan_id for row in self.new_rows):
            return True
        return self.connection.execute(select(_l.loan_id).where(_l.loan_id == loan_id)).first() is not None


def loan_terms_of(row: Row) -> LoanTerms:
    """The terms stored with a loan row."""
    return loan_terms_from_wire(row._mapping, "loan")


def _state(
    loan_id: str,
    cif: str,
    status: LoanStatus,
    product: LoanProduct,
    terms: LoanTerms,
    repayments: list[tuple[date, Money]],
    worst_days_past_due: int,
) -> LoanState:
    installments = schedule(terms)
    balances = replayed_balances(installments, repayments, product)
    return LoanState(
        loan_id,
        loan_account(loan_id),
        cif,
        status,
        product,
        installments,
        balances,
        repayments,
        worst_days_past_due,
    )


def decide_loan(connection: Connection, device_code: str, sequence: int, *, approved: bool) -> None:
    """A checker decided a referred application: the loan is disbursed, or declined."""
    status = LoanStatus.ACTIVE if approved else LoanStatus.DECLINED
    connection.execute(
        update(schema.loans)
        .where(
            _l.device_code == device_code, _l.sequence == sequence, _l.status == LoanStatus.AWAITING_APPROVAL
        )
        .values(status=status.value)
    )
