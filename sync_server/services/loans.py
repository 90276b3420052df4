"""Head office's loans as one batch's ingest sees them: the loans its entries apply for or repay,
loaded once each, changed in memory as entries are judged, written with the batch.

A loan's schedule is rebuilt from the terms stored with it (shared_core.loan_schedule) and its
balances by replaying its stored repayments (shared_core.loan_repayment), so what the server books
for a repayment is its own allocation, never the device's. A loan account with no loan row (a
balance carried over from another system) has no schedule: it is repaid against its balance
(`allocate` answers None and the unallocated postings stand).

A booked reversal of a repayment strikes it (the row is kept, naming the reversal) and the loan is
replayed without it. Which loan entries may be reversed (only a loan's latest standing repayment,
never a disbursement) is shared_core.loan_reversals' rule, which the counter applies too: here it
is judged with every repayment head office booked.
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
from shared_core.loan_reversals import RepaidLoan, check_loan_reversal
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
_e = schema.entries.c
EntryKey = tuple[str, int]  # (device_code, sequence)


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
    repayment_keys: list[EntryKey]  # the entry of each standing repayment, in the same order
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
    entry_keys: dict[str, EntryKey] = field(default_factory=dict)  # this batch's loan entries, by id
    struck_rows: list[tuple[EntryKey, str]] = field(default_factory=list)  # stored repayment, reversal id

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

    def commit_repayment(
        self, repayment: Repayment, device_code: str, sequence: int, entry_id: str | None = None
    ) -> None:
        state = self.state(repayment.loan_account)
        assert state is not None and state.loan_id == repayment.loan_id
        allocation = repayment.allocation
        state.balances = repayment.balances_after
        state.repayments.append((repayment.paid_on, allocation.amount))
        state.repayment_keys.append((device_code, sequence))
        if entry_id is not None:
            self.entry_keys[entry_id] = (device_code, sequence)
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
                "reversed_by_entry_id": None,
            }
        )

    def check_reversible(self, original_entry_id: str) -> None:
        """NotReversible if the entry lent a loan, or repaid one that has a later repayment standing
        (shared_core.loan_reversals); any other entry is no concern of the loans."""
        key = self._key_of(original_entry_id)
        if key is None:
            return
        lent = self._loan_lent_by(key)
        state = None if lent is not None else self._repaid_by(key)
        repaid = None if state is None else RepaidLoan(state.loan_id, key, tuple(state.repayment_keys))
        check_loan_reversal(original_entry_id, lent_loan_id=lent, repaid=repaid)

    def reverse(self, original_entry_id: str, reversal_entry_id: str) -> None:
        """A booked reversal: if the entry repaid a loan (checked reversible), the repayment is struck
        and the loan replayed without it, open again if it had closed the loan."""
        key = self._key_of(original_entry_id)
        state = None if key is None else self._repaid_by(key)
        if key is None or state is None:
            return
        assert state.repayment_keys[-1] == key, "check_reversible refuses all but the latest"
        state.repayments.pop()
        state.repayment_keys.pop()
        state.balances = replayed_balances(state.installments, state.repayments, state.product)
        if state.status is LoanStatus.CLOSED and not state.balances.is_closed:
            state.status = LoanStatus.ACTIVE
        state.changed = True
        row = next(
            (row for row in self.repayment_rows if (row["device_code"], row["sequence"]) == key), None
        )
        if row is not None:
            row["reversed_by_entry_id"] = reversal_entry_id
        else:
            self.struck_rows.append((key, reversal_entry_id))

    def _key_of(self, entry_id: str) -> EntryKey | None:
        if entry_id in self.entry_keys:
            return self.entry_keys[entry_id]
        row = self.connection.execute(
            select(_e.device_code, _e.sequence).where(_e.entry_id == entry_id)
        ).first()
        return None if row is None else (row.device_code, row.sequence)

    def _loan_lent_by(self, key: EntryKey) -> str | None:
        """The loan this entry applied for and was lent (active or closed), if any."""
        lent = (LoanStatus.ACTIVE.value, LoanStatus.CLOSED.value)
        for row in self.new_rows:
            if (row["device_code"], row["sequence"]) == key:
                return str(row["loan_id"]) if row["status"] in lent else None
        row = self.connection.execute(
            select(_l.loan_id).where(_l.device_code == key[0], _l.sequence == key[1], _l.status.in_(lent))
        ).first()
        return None if row is None else row.loan_id

    def _repaid_by(self, key: EntryKey) -> LoanState | None:
        """The loan this entry's standing repayment was allocated against, if any."""
        for state in self.loaded.values():
            if state is not None and key in state.repayment_keys:
                return state
        row = self.connection.execute(
            select(_l.loan_account)
            .select_from(schema.loan_repayments.join(schema.loans, _l.loan_id == _r.loan_id))
            .where(_r.device_code == key[0], _r.sequence == key[1], _r.reversed_by_entry_id.is_(None))
        ).first()
        if row is None:
            return None
        state = self.state(row.loan_account)
        return state if state is not None and key in state.repayment_keys else None

    def commit_new(self, loan: NewLoan, device_code: str, sequence: int, entry_id: str | None = None) -> None:
        if entry_id is not None:
            self.entry_keys[entry_id] = (device_code, sequence)
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
                application.loan_id, loan.cif, loan.status, application.product, terms, [], [], 0
            )
        else:
            self.loaded[loan_account(application.loan_id)] = None  # not repayable until active

    def write(self, connection: Connection, now: str) -> None:
        """Write the loans applied for, the repayments allocated and the loans they changed."""
        if self.new_rows:
            connection.execute(insert(schema.loans), [row | {"created_at": now} for row in self.new_rows])
        if self.repayment_rows:
            connection.execute(insert(schema.loan_repayments), self.repayment_rows)
        for (device_code, sequence), reversal_entry_id in self.struck_rows:
            connection.execute(
                update(schema.loan_repayments)
                .where(_r.device_code == device_code, _r.sequence == sequence)
                .values(reversed_by_entry_id=reversal_entry_id)
            )
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
        standing = self.connection.execute(
            select(_r.paid_on, _r.amount_cents, _r.device_code, _r.sequence)
            .where(_r.loan_id == row.loan_id, _r.reversed_by_entry_id.is_(None))
            .order_by(_r.id)
        ).all()
        repayments = [(date.fromisoformat(paid.paid_on), Money(paid.amount_cents)) for paid in standing]
        keys = [(paid.device_code, paid.sequence) for paid in standing]
        product = self.policy.product(row.product_code)
        return _state(
            row.loan_id, row.cif, LoanStatus(row.status), product, terms, repayments, keys,
            row.worst_days_past_due,
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
    repayment_keys: list[EntryKey],
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
        repayment_keys,
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
