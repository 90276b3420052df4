"""Head office's view of the books as of a date: GET /v1/portfolio and `wekeza-server portfolio`.

- the loan book (services.portfolio_loans): active and closed loans, principal outstanding, NPL
  ratio and PAR30 (shared_core.loan_portfolio), by classification and by product;
- its history: the same figures at the last `months` month-ends before the date, then on the date
  (each date's book kept once worked out: services.portfolio_books);
- the SMEs: business customers (a business profile of turnover or sector, directors who act for
  it, or a loan under an SME product) with their sector, declared turnover and facilities: every
  loan applied for but a declined one, where it stood on the date;
- insurance policies by type (services.portfolio_policies).

All of it is read in one transaction (one snapshot on MySQL), so the parts agree with each other.
The answer is shared_core.portfolio_report's Portfolio, the shape the desktop reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Row, and_, or_, select, union

from shared_core.business_day import bank_date, has_begun
from shared_core.errors import InvalidInput
from shared_core.journal import require_timestamp
from shared_core.loan_origination import LoanStage
from shared_core.loan_terms import LoanPolicy, Segment
from shared_core.money import Money
from shared_core.portfolio_report import (
    Facility,
    HistoryPoint,
    LoanBookSummary,
    Portfolio,
    Sme,
    history_months_max,
)
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.portfolio_books import keep_books, kept_books
from sync_server.services.portfolio_loans import (
    BookedLoan,
    DatedBook,
    fingerprint,
    read_loans,
    work_out_books,
)
from sync_server.services.portfolio_policies import policies_by_type
from sync_server.services.product_policies import shipped_product_policies
from sync_server.services.reconciliation import parse_business_date

months_default = 12
smes_max = 1_000  # listed by name; past it the list says so by its length alone

_c = schema.customers.c
_cp = schema.credit_profiles.c
_bd = schema.business_directors.c
_l = schema.loans.c
_FACILITY_STATUSES = (LoanStage.AWAITING_APPROVAL.value, LoanStage.ACTIVE.value, LoanStage.CLOSED.value)


def parse_months(value: object) -> int:
    """How many month-ends of history: 0 to `history_months_max`, as typed in a query (text) or given as int."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not text.isdigit() or not 0 <= int(text) <= history_months_max:
        raise InvalidInput(f"months: a whole number of months from 0 to {history_months_max}", field="months")
    return int(text)


def month_ends_before(day: date, months: int) -> tuple[date, ...]:
    """The last `months` month-ends strictly before `day`, oldest first."""
    ends: list[date] = []
    end = day.replace(day=1) - timedelta(days=1)  # the end of the month before `day`'s, even on a month-end
    while len(ends) < months:
        ends.append(end)
        end = end.replace(day=1) - timedelta(days=1)
    return tuple(reversed(ends))


@dataclass(frozen=True, slots=True)
class PortfolioReading:
    """The portfolio as read (the wire's shape, shared_core.portfolio_report), when, and what it took."""

    portfolio: Portfolio
    generated_at: str
    worked_out: tuple[date, ...] = ()  # the dates whose book was not kept and was worked out now
    positions_taken: int = 0  # the loan positions that took (what keeping the books saves)

    def to_wire(self) -> dict[str, Any]:
        return self.portfolio.to_wire()


def read_portfolio(
    database: Database, *, as_of: str | None, months: object = months_default, now: str
) -> PortfolioReading:
    """The portfolio as of `as_of` (a business date, default today's), with `months` month-ends of
    history; read in one transaction (REPEATABLE READ on MySQL: one snapshot)."""
    require_timestamp(now, "now")
    day = date.fromisoformat(parse_business_date(as_of if as_of is not None else bank_date(now)))
    if not has_begun(day.isoformat(), now):
        raise InvalidInput(f"date: {day.isoformat()} has not begun yet; ask for a day up to today", field="date")
    months = parse_months(months)
    with database.engine.connect() as connection:
        if database.backend == "mysql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            reading, worked_out = build_portfolio(connection, day, months=months, now=now)
    if worked_out:  # after the snapshot: the books are kept in a short transaction of their own
        with UnitOfWork(database) as uow:
            keep_books(uow.connection, worked_out)
            uow.commit()
    return reading


def build_portfolio(
    connection: Connection, day: date, *, months: int, now: str
) -> tuple[PortfolioReading, dict[date, tuple[str, DatedBook]]]:
    """The portfolio, and the books worked out for it (not kept before, or no longer holding),
    with their fingerprints, for the caller to keep."""
    policies = shipped_product_policies()
    loans = read_loans(connection, day)
    fingerprints = {point: fingerprint(loans, point) for point in (*month_ends_before(day, months), day)}
    dated = kept_books(connection, fingerprints)
    worked = work_out_books(loans, [point for point in fingerprints if point not in dated], policies.loans)
    dated.update(worked.books)
    today: DatedBook = dated[day]
    product_names = {product.code: product.name for product in policies.loans.products}
    for code, _ in today.book.by_product:
        product_names.setdefault(code, code)
    portfolio = Portfolio(
        as_of=day,
        loan_book=LoanBookSummary.from_book(
            today.book, closed_loans=today.closed_loans, products=tuple(sorted(product_names.items()))
        ),
        history=tuple(
            HistoryPoint(point, found.book.total.outstanding, found.book.total.npl_ratio, found.book.total.par30_ratio)
            for point, found in sorted(dated.items())
        ),
        smes=_smes(connection, day, policies.loans),
        policies=policies_by_type(connection, day, grace_days=policies.insurance.personal_accident_grace_days),
    )
    reading = PortfolioReading(
        portfolio, generated_at=now, worked_out=tuple(sorted(worked.books)), positions_taken=worked.positions
    )
    return reading, {point: (fingerprints[point], found) for point, found in worked.books.items()}


# --- SMEs -----------------------------------------------------------------------------------------


def _smes(connection: Connection, day: date, policy: LoanPolicy) -> tuple[Sme, ...]:
    sme_products = [product.code for product in policy.products if product.segment is Segment.SME]
    business = union(
        select(_cp.cif.label("cif")).where(or_(_cp.annual_turnover_cents.is_not(None), _cp.sector.is_not(None))),
        select(_bd.cif.label("cif")),
        select(_l.cif.label("cif")).where(_l.product_code.in_(sme_products), _l.status.in_(_FACILITY_STATUSES)),
    ).subquery()
    rows = connection.execute(
        select(_c.cif, _c.full_name, _cp.sector, _cp.annual_turnover_cents)
        .select_from(
            schema.customers.join(business, business.c.cif == _c.cif).outerjoin(
                schema.credit_profiles, _cp.cif == _c.cif
            )
        )
        .order_by(_c.full_name, _c.cif)
        .limit(smes_max)
    ).all()
    cifs = [row.cif for row in rows]
    facilities = _facilities(connection, cifs, day, policy)
    return tuple(
        Sme(
            cif=row.cif,
            name=row.full_name,
            sector=row.sector,
            annual_turnover=None if row.annual_turnover_cents is None else Money(row.annual_turnover_cents),
            facilities=facilities.get(row.cif, ()),
        )
        for row in rows
    )


def _facilities(
    connection: Connection, cifs: Sequence[str], day: date, policy: LoanPolicy
) -> dict[str, tuple[Facility, ...]]:
    """Each customer's loans applied for by `day` but declined ones, where each stood on `day`."""
    if not cifs:
        return {}
    lent = {loan.loan_id: loan for loan in read_loans(connection, day, cifs=cifs)}
    rows = connection.execute(
        select(_l.loan_id, _l.cif, _l.product_code, _l.principal_cents, _l.status, schema.entries.c.reference)
        .join(
            schema.entries,
            and_(schema.entries.c.device_code == _l.device_code, schema.entries.c.sequence == _l.sequence),
        )
        .where(_l.cif.in_(sorted(cifs)), _l.status.in_(_FACILITY_STATUSES), _l.applied_on <= day.isoformat())
        .order_by(_l.cif, _l.applied_on, _l.loan_id)
    ).all()
    found: dict[str, list[Facility]] = {}
    for row in rows:
        loan = lent.get(row.loan_id)
        facility = _facility(row, loan, day, policy) if loan is not None else _waiting(row)
        found.setdefault(row.cif, []).append(facility)
    return {cif: tuple(items) for cif, items in found.items()}


def _waiting(row: Row) -> Facility:
    """A loan applied for and not (or not yet, then) lent: it owes nothing."""
    return Facility(
        row.reference, row.product_code, Money(row.principal_cents), Money(0),
        LoanStage.AWAITING_APPROVAL.value, None, 0,
    )  # fmt: skip


def _facility(row: Row, loan: BookedLoan, day: date, policy: LoanPolicy) -> Facility:
    if loan.start > day:  # applied for by then, its first period not yet begun
        return _waiting(row)
    if loan.closed_by(day):
        return Facility(row.reference, row.product_code, loan.principal, Money(0), LoanStage.CLOSED.value, None, 0)
    position = loan.position(day, policy)
    if position.is_closed:
        return Facility(row.reference, row.product_code, loan.principal, Money(0), LoanStage.CLOSED.value, None, 0)
    return Facility(
        row.reference,
        row.product_code,
        loan.principal,
        position.principal_outstanding,
        LoanStage.ACTIVE.value,
        position.classification,
        position.days_past_due,
    )
