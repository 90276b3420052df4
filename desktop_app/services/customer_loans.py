"""A customer's loans as this device sees them: where each stands today, offline.

Head office sends each loan's terms, status, credit decision and the repayments it booked
(store.pulled); this device adds its own repayments made since (after the loan's
`pulled_through_sequence`, none that head office refused) and replays them all with
shared_core.loan_position, the same rules head office books by. So the amount due, the payoff and
the days past due shown at the counter count the cash an agent took an hour ago, with no link.

An application made here that head office has not answered, or whose loan the pull has not yet
brought, shows as pending (or refused, with head office's reason), so the teller sees it was sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import Connection, select

from desktop_app.services.context import ServiceContext
from desktop_app.services.loans import loan_policy
from desktop_app.store import schema
from desktop_app.store.journal import decode_row_content, details_of
from shared_core import canonical
from shared_core.accounts import loan_account
from shared_core.credit_decision import CreditDecision, decision_from_wire
from shared_core.errors import NotFound
from shared_core.loan_origination import LoanStage, first_due_date
from shared_core.loan_position import LoanPosition, loan_position
from shared_core.loan_position import LoanStatus as PositionStatus
from shared_core.loan_postings import REPAYMENT_KINDS
from shared_core.loan_repayment import RepaymentAllocation, allocate_repayment, replayed_balances
from shared_core.loan_schedule import LoanTerms, loan_terms_for, loan_terms_from_wire, schedule
from shared_core.loan_terms import LoanPolicy, LoanProduct
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.results import EntryStatus

_l = schema.loans.c
_j = schema.journal.c
_p = schema.postings.c
_r = schema.entry_results.c
_REFUSED = EntryStatus.REJECTED.value
_REPAYMENT_KINDS = tuple(kind.value for kind in REPAYMENT_KINDS)


class Standing(StrEnum):
    """Where a loan stands as this device knows it: head office's stage, or not yet heard of there."""

    PENDING = "pending"  # applied for here; head office has not answered, or the pull has not brought it
    REFUSED = "refused"  # applied for here and refused before scoring (a limit, an unknown product)
    AWAITING_APPROVAL = LoanStage.AWAITING_APPROVAL.value
    ACTIVE = LoanStage.ACTIVE.value
    CLOSED = LoanStage.CLOSED.value
    DECLINED = LoanStage.DECLINED.value


@dataclass(frozen=True, slots=True)
class CustomerLoan:
    loan_id: str
    loan_account: str
    product: LoanProduct
    terms: LoanTerms
    applied_on: date
    standing: Standing
    decision: CreditDecision | None  # head office's scorecard, once scored
    position: LoanPosition | None  # where an active or closed loan stands today, this device's repayments counted
    local_repayments: Money  # repaid here since head office last said (already in `position`)
    reference: str  # the application's receipt reference
    message: str | None = None  # head office's reason, for a refused application

    @property
    def is_repayable(self) -> bool:
        return (
            self.standing is Standing.ACTIVE
            and self.position is not None
            and self.position.status is PositionStatus.ACTIVE
        )


def customer_loans(context: ServiceContext, cif: str, on: date | None = None) -> tuple[CustomerLoan, ...]:
    """Every loan of `cif` known here, the newest application first, positioned as of `on` (today)."""
    on = on or date.fromisoformat(context.local_date())
    policy = loan_policy(context)
    with context.store.read() as connection:
        pulled = [_pulled(connection, row, policy, on) for row in connection.execute(
            select(schema.loans).where(_l.cif == cif)
        )]
        known = {loan.loan_id for loan in pulled}
        applied = [loan for loan in _applied_here(connection, cif, policy) if loan.loan_id not in known]
    return tuple(sorted((*pulled, *applied), key=lambda loan: (loan.applied_on, loan.loan_id), reverse=True))


def repayment_split(context: ServiceContext, account: str, amount: Money, on: date | None = None) -> RepaymentAllocation:
    """Where a repayment of `amount` today would go (late fees, interest, principal, and any excess
    owed back), by the rules head office books by. LoanClosed when it is paid off; NotFound for a loan
    this device has no schedule for. Advisory: head office allocates again when the entry reaches it."""
    on = on or date.fromisoformat(context.local_date())
    policy = loan_policy(context)
    with context.store.read() as connection:
        row = connection.execute(select(schema.loans).where(_l.loan_account == account)).first()
        if row is None or row.status not in (LoanStage.ACTIVE, LoanStage.CLOSED):
            raise NotFound(f"No repayment schedule for {account} on this device; sync to fetch it", account=account)
        product = policy.product(row.product_code)
        repayments = [*_pulled_repayments(row), *_local_repayments(connection, row)]
    balances = replayed_balances(schedule(loan_terms_from_wire(row._mapping, "loan")), repayments, product)
    return allocate_repayment(balances, max(on, balances.start), amount, product, accept_excess=True)[1]


def _pulled(connection: Connection, row, policy: LoanPolicy, on: date) -> CustomerLoan:
    terms = loan_terms_from_wire(row._mapping, "loan")
    product = policy.product(row.product_code)
    standing = Standing(row.status)
    local = _local_repayments(connection, row)
    position = None
    if standing in (Standing.ACTIVE, Standing.CLOSED):
        installments = schedule(terms)
        as_of = max(on, terms.start)  # a device clock behind the disbursement still shows the loan
        position = loan_position(
            installments, [*_pulled_repayments(row), *local], as_of, product=product, policy=policy
        )
    return CustomerLoan(
        loan_id=row.loan_id,
        loan_account=row.loan_account,
        product=product,
        terms=terms,
        applied_on=date.fromisoformat(row.applied_on),
        standing=standing,
        decision=decision_from_wire(canonical.decode(row.decision)),
        position=position,
        local_repayments=sum((amount for _, amount in local), Money(0)),
        reference=row.reference,
    )


def _pulled_repayments(row) -> list[tuple[date, Money]]:
    return [
        (date.fromisoformat(item["paid_on"]), Money(item["amount_cents"])) for item in canonical.decode(row.repayments)
    ]


def _local_repayments(connection: Connection, row) -> list[tuple[date, Money]]:
    """This device's repayments of the loan head office had not counted when it last said."""
    rows = connection.execute(
        select(_j.business_date, _j.amount_cents)
        .where(
            _j.sequence.in_(select(_p.sequence).where(_p.account == row.loan_account)),
            _j.kind.in_(_REPAYMENT_KINDS),
            _j.sequence > row.pulled_through_sequence,
            _j.sequence.not_in(select(_r.sequence).where(_r.status == _REFUSED)),
        )
        .order_by(_j.sequence)
    )
    return [(date.fromisoformat(business_date), Money(cents)) for business_date, cents in rows]


def _applied_here(connection: Connection, cif: str, policy: LoanPolicy) -> list[CustomerLoan]:
    rows = connection.execute(
        select(_j.sequence, _j.content, _j.business_date, _j.reference, _j.amount_cents, _r.status, _r.message)
        .outerjoin(schema.entry_results, _r.sequence == _j.sequence)
        .where(_j.customer_cif == cif, _j.kind == OperationKind.LOAN_DISBURSEMENT.value)
    )
    loans = []
    for row in rows:
        entry = decode_row_content(row.content, row.sequence)
        request = details_of(entry).loan
        if request is None:
            continue
        product = policy.product(request.product_code)
        applied_on = date.fromisoformat(row.business_date)
        terms = loan_terms_for(
            product, Money(row.amount_cents), request.installments, first_due_date(applied_on, product.frequency)
        )
        refused = row.status == _REFUSED
        loans.append(CustomerLoan(
            loan_id=request.loan_id,
            loan_account=loan_account(request.loan_id),
            product=product,
            terms=terms,
            applied_on=applied_on,
            standing=Standing.REFUSED if refused else Standing.PENDING,
            decision=None,
            position=None,
            local_repayments=Money(0),
            reference=row.reference,
            message=row.message if refused else None,
        ))
    return loans
