"""A customer's loans as this device sees them: where each stands today, offline.

Head office sends each loan's terms, status, credit decision and the repayments it booked
(store.pulled); this device adds its own repayments made since (after the loan's
`pulled_through_sequence`, none that head office refused) and replays them all with
shared_core.loan_position, the same rules head office books by. So the amount due, the payoff and
the days past due shown at the counter count the cash an agent took an hour ago, with no link.
A repayment reversed here is struck at once, as head office strikes it when it books the reversal:
a reversal stands here by the rule the local balance follows (services.standing_reversals), so the
loan and the wallet agree, and one head office refuses gives the repayment back. The same view tells
services.reversals what it needs to refuse, as head office would, to reverse a disbursement or a
repayment with a later one standing (shared_core.loan_reversals).

An application made here that head office has not answered, or whose loan the pull has not yet
brought, shows as pending (or refused, with head office's reason), so the teller sees it was sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from sqlalchemy import Connection, bindparam, select

from desktop_app.services.context import ServiceContext
from desktop_app.services.loans import loan_policy
from desktop_app.services.standing_reversals import standing_reversals
from desktop_app.store import schema
from desktop_app.store.journal import decode_row_content, details_of
from shared_core import canonical
from shared_core.accounts import loan_account
from shared_core.credit_decision import CreditDecision, decision_from_wire
from shared_core.errors import NotFound
from shared_core.journal import JournalEntry, operation_of
from shared_core.loan_origination import LoanStage, first_due_date
from shared_core.loan_position import LoanPosition, loan_position
from shared_core.loan_position import LoanStatus as PositionStatus
from shared_core.loan_postings import REPAYMENT_KINDS
from shared_core.loan_repayment import RepaymentAllocation, allocate_repayment, replayed_balances
from shared_core.loan_reversals import RepaidLoan
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
# This device's repayments of a loan that head office did not refuse, oldest first.
_REPAID_HERE = (
    select(_j.entry_id, _j.sequence, _j.business_date, _j.amount_cents)
    .where(
        _j.sequence.in_(select(_p.sequence).where(_p.account == bindparam("account"))),
        _j.kind.in_(_REPAYMENT_KINDS),
        _j.sequence.not_in(select(_r.sequence).where(_r.status == _REFUSED)),
    )
    .order_by(_j.sequence)
)
Repaid = tuple[date, Money]  # (paid on, amount), as shared_core.loan_position replays them
_SCHEDULED = (LoanStage.ACTIVE, LoanStage.CLOSED)  # a loan lent, with a schedule to repay by


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
    local_repayments: Money  # repaid here since head office last said, none struck (already in `position`)
    reference: str  # the application's receipt reference
    message: str | None = None  # head office's reason, for a refused application

    @property
    def is_repayable(self) -> bool:
        # A loan head office closed is repayable again here once a reversal here strikes its payoff.
        return (
            self.standing in (Standing.ACTIVE, Standing.CLOSED)
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
        if row is None or row.status not in _SCHEDULED:
            raise NotFound(f"No repayment schedule for {account} on this device; sync to fetch it", account=account)
        product = policy.product(row.product_code)
        terms = loan_terms_from_wire(row._mapping, "loan")
        standing = _standing_repayments(connection, row, terms.start)
    balances = replayed_balances(schedule(terms), standing.repayments, product)
    return allocate_repayment(balances, max(on, balances.start), amount, product, accept_excess=True)[1]


def _pulled(connection: Connection, row, policy: LoanPolicy, on: date) -> CustomerLoan:
    terms = loan_terms_from_wire(row._mapping, "loan")
    product = policy.product(row.product_code)
    standing = Standing(row.status)
    repayments = _standing_repayments(connection, row, terms.start)
    position = None
    if standing in (Standing.ACTIVE, Standing.CLOSED):
        installments = schedule(terms)
        as_of = max(on, terms.start)  # a device clock behind the disbursement still shows the loan
        position = loan_position(installments, repayments.repayments, as_of, product=product, policy=policy)
    return CustomerLoan(
        loan_id=row.loan_id,
        loan_account=row.loan_account,
        product=product,
        terms=terms,
        applied_on=date.fromisoformat(row.applied_on),
        standing=standing,
        decision=decision_from_wire(canonical.decode(row.decision)),
        position=position,
        local_repayments=sum((amount for _, amount in repayments.local), Money(0)),
        reference=row.reference,
    )


def loan_lent_by(connection: Connection, entry: JournalEntry) -> str | None:
    """The loan `entry` applied for, unless head office refused it. One not yet answered, or waiting
    for a checker, counts as disbursed here as in the local balance: head office will lend it, and
    then refuses to reverse it, or will not, and then there is nothing to reverse."""
    if entry.kind is not OperationKind.LOAN_DISBURSEMENT:
        return None
    request = details_of(entry).loan
    refused = connection.execute(
        select(_r.sequence).where(_r.sequence == entry.sequence, _r.status == _REFUSED)
    ).first()
    return None if request is None or refused is not None else request.loan_id


def repaid_loan(connection: Connection, entry: JournalEntry) -> RepaidLoan | None:
    """The loan `entry` repaid, with its repayments as they stand here (this device's last pull and
    its own since), the entry named by its place among them. None where this device cannot place
    it, and head office judges alone: a loan with no schedule here (the pull has not brought it),
    or a repayment that no longer stands (head office refused it, or a reversal struck it).
    Repayments other counters made since the last pull are head office's to know."""
    if entry.kind not in REPAYMENT_KINDS:
        return None
    account = operation_of(entry).loan_account
    row = connection.execute(select(schema.loans).where(_l.loan_account == account)).first()
    if row is None or row.status not in _SCHEDULED:
        return None
    standing = _standing_repayments(connection, row, loan_terms_from_wire(row._mapping, "loan").start)
    place = standing.places.get(entry.entry_id)
    if place is None:
        return None
    return RepaidLoan(row.loan_id, place, tuple(range(len(standing.repayments))))


@dataclass(frozen=True, slots=True)
class _StandingRepayments:
    """A loan's repayments as they stand here, in head office's booking order: those it had booked
    when it last said (as pulled), then this device's since."""

    repayments: tuple[Repaid, ...]
    pulled: int  # how many of `repayments` head office sent; the rest are this device's since
    places: Mapping[str, int]  # this device's that stand, by entry id: their index in `repayments`

    @property
    def local(self) -> tuple[Repaid, ...]:
        return self.repayments[self.pulled :]


def _standing_repayments(connection: Connection, row, start: date) -> _StandingRepayments:
    """The loan's repayments as they stand here: head office's as pulled, and this device's since
    (none head office refused), less those a reversal here strikes that head office had not yet
    booked when it last said (services.standing_reversals decides which reversals stand)."""
    through = row.pulled_through_sequence
    reversals = standing_reversals(connection, account=row.loan_account)
    counted: list[tuple[str, Repaid]] = []  # this device's that head office counted when it last said
    local: list[tuple[str, Repaid]] = []
    for entry_id, sequence, business_date, cents in connection.execute(_REPAID_HERE, {"account": row.loan_account}):
        paid_on, amount = date.fromisoformat(business_date), Money(cents)
        reversal = reversals.get(entry_id)
        if sequence > through:
            if reversal is None:
                local.append((entry_id, (paid_on, amount)))
        elif reversal is None or reversal.sequence > through:
            # Head office booked it as of its day (one before the loan began counts from its first
            # day). One reversed before the pull is struck there already, or waits for a checker
            # there and counts as head office says.
            counted.append((entry_id, (max(paid_on, start), amount)))
    pulled = _pulled_repayments(row)
    placed = _places_among(pulled, counted)
    struck = {placed[entry_id] for entry_id in reversals.keys() & placed.keys()}
    kept = [index for index in range(len(pulled)) if index not in struck]
    place_kept = {index: place for place, index in enumerate(kept)}
    places = {entry_id: place_kept[index] for entry_id, index in placed.items() if index in place_kept}
    places.update((entry_id, len(kept) + number) for number, (entry_id, _) in enumerate(local))
    return _StandingRepayments(
        repayments=(*(pulled[index] for index in kept), *(repaid for _, repaid in local)),
        pulled=len(kept),
        places=MappingProxyType(places),
    )


def _places_among(pulled: list[Repaid], counted: list[tuple[str, Repaid]]) -> dict[str, int]:
    """Where each of this device's repayments head office counted stands among those it sent. The
    pull names no entry for a repayment, so each is found by the day and the amount head office
    booked: this device's latest takes the latest such, the one before it the latest left, and so
    on. Another counter's repayment just like one of these may stand between them, so a place found
    is never before the true one: the repayments counted after it are never more than head office's,
    and the counter never refuses a reversal for a later repayment that is not there."""
    places: dict[str, int] = {}
    free = list(range(len(pulled)))  # the places not yet taken, in booking order
    for entry_id, repaid in reversed(counted):
        found = next((index for index in reversed(free) if pulled[index] == repaid), None)
        if found is not None:  # none when head office never counted it
            places[entry_id] = found
            free.remove(found)
    return places


def _pulled_repayments(row) -> list[Repaid]:
    return [
        (date.fromisoformat(item["paid_on"]), Money(item["amount_cents"])) for item in canonical.decode(row.repayments)
    ]


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
