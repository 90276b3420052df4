"""Head office scores a loan application with what it alone holds: the customer's wallet history
in the central ledger, their past loans, the credit bureau's status and, for a business, its
declared turnover, sector and facilities (`credit_profiles`). The rules are shared_core's
(account_behaviour, credit_scoring); this module only gathers their inputs.

The wallet history is what is booked at head office before the batch that carries the
application; the application's own batch is not part of it. Loan disbursements and reversals are
left out of the movements (a loan paid in is not income; a reversal undoes a movement already
there), though the balance they leave is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, case, func, select

from shared_core.account_behaviour import AccountBehaviour, account_behaviour
from shared_core.accounts import AccountType, customer_view, wallet_account
from shared_core.credit_decision import CreditDecision
from shared_core.credit_policy import BureauStatus, CreditPolicy
from shared_core.credit_scoring import (
    BusinessProfile,
    LoanApplication,
    RepaymentHistory,
    score_retail,
    score_sme,
)
from shared_core.errors import NotFound
from shared_core.kyc import KycTier
from shared_core.loan_origination import Application
from shared_core.loan_terms import Segment
from shared_core.money import Money
from shared_core.operations import OperationKind
from sync_server.db import schema
from sync_server.services.books import BOOKED_STATUSES

_e = schema.entries.c
_p = schema.postings.c
_a = schema.accounts.c
_c = schema.customers.c
_cp = schema.credit_profiles.c
_l = schema.loans.c

_POSTINGS_WITH_ENTRIES = schema.postings.join(
    schema.entries, (_p.device_code == _e.device_code) & (_p.sequence == _e.sequence)
)
# Not behaviour: money lent in, and entries undoing others.
_NOT_BEHAVIOUR = (OperationKind.LOAN_DISBURSEMENT.value, OperationKind.REVERSAL.value)


@dataclass(frozen=True, slots=True)
class CreditProfile:
    bureau_status: BureauStatus
    customer_since: date | None
    annual_turnover: Money | None
    sector: str | None
    years_trading: int | None
    facilities_elsewhere: Money


def credit_profile(connection: Connection, cif: str) -> CreditProfile:
    """What head office holds of `cif`'s credit; a customer never looked up reads 'no record'."""
    row = connection.execute(select(schema.credit_profiles).where(_cp.cif == cif)).first()
    if row is None:
        return CreditProfile(BureauStatus.NO_RECORD, None, None, None, None, Money(0))
    return CreditProfile(
        bureau_status=BureauStatus(row.bureau_status),
        customer_since=date.fromisoformat(row.customer_since) if row.customer_since else None,
        annual_turnover=None if row.annual_turnover_cents is None else Money(row.annual_turnover_cents),
        sector=row.sector,
        years_trading=row.years_trading,
        facilities_elsewhere=Money(row.facilities_elsewhere_cents),
    )


def score_application(
    connection: Connection,
    application: Application,
    cif: str,
    tier: KycTier,
    as_of: date,
    policy: CreditPolicy,
) -> CreditDecision:
    """Score `application` for customer `cif` as of the application's business day."""
    product = application.product
    asked = LoanApplication(product.code, application.terms.principal, product.principal_max)
    profile = credit_profile(connection, cif)
    if product.segment is Segment.SME:
        return score_sme(asked, _business(connection, cif, profile), profile.bureau_status, policy)
    behaviour = wallet_behaviour(connection, cif, as_of, profile.customer_since, policy)
    history = repayment_history(connection, cif)
    return score_retail(asked, behaviour, history, tier, profile.bureau_status, policy)


def wallet_behaviour(
    connection: Connection, cif: str, as_of: date, customer_since: date | None, policy: CreditPolicy
) -> AccountBehaviour:
    """The wallet's behaviour over the policy's windows, from head office's booked postings."""
    retail = policy.retail
    wallet = wallet_account(cif)
    balance_start = as_of - timedelta(days=retail.balance_window_days - 1)
    month = as_of.replace(day=1)
    for _ in range(retail.regularity_window_months):
        month = (month - timedelta(days=1)).replace(day=1)
    start = min(balance_start, month)
    booked = [status.value for status in BOOKED_STATUSES]
    rows = connection.execute(
        select(_e.business_date, _e.kind, _p.amount_cents)
        .select_from(_POSTINGS_WITH_ENTRIES)
        .where(_p.account == wallet, _e.status.in_(booked), _e.business_date >= start.isoformat())
        .order_by(_e.business_date, _p.id)
    ).all()
    ledger_balance = connection.execute(select(_a.balance_cents).where(_a.account == wallet)).scalar() or 0
    since_start = sum(row.amount_cents for row in rows)
    opening = customer_view(AccountType.WALLET, Money(ledger_balance - since_start))
    movements = [
        (date.fromisoformat(row.business_date), customer_view(AccountType.WALLET, Money(row.amount_cents)))
        for row in rows
        if row.kind not in _NOT_BEHAVIOUR and date.fromisoformat(row.business_date) <= as_of
    ]
    registered_on = customer_since or _first_seen(connection, cif, wallet) or as_of
    return account_behaviour(
        movements,
        opening,
        min(registered_on, as_of),
        as_of,
        balance_window_days=retail.balance_window_days,
        regularity_window_months=retail.regularity_window_months,
    )


def repayment_history(connection: Connection, cif: str) -> RepaymentHistory:
    """The customer's loans with us: how many were paid off, the worst lateness any reached."""
    repaid, worst = connection.execute(
        select(
            func.coalesce(func.sum(case((_l.status == "closed", 1), else_=0)), 0),
            func.coalesce(func.max(_l.worst_days_past_due), 0),
        ).where(_l.cif == cif, _l.status.in_(("active", "closed")))
    ).one()
    return RepaymentHistory(loans_repaid=int(repaid), worst_days_past_due=int(worst), written_off=False)


def _business(connection: Connection, cif: str, profile: CreditProfile) -> BusinessProfile:
    if profile.annual_turnover is None or profile.sector is None or profile.years_trading is None:
        raise NotFound(
            f"Head office holds no business profile (annual turnover, sector, years trading) for {cif}; "
            "record it before the business applies",
            cif=cif,
        )
    owed_here = connection.execute(
        select(func.coalesce(func.sum(_a.balance_cents), 0))
        .select_from(schema.loans.join(schema.accounts, _a.account == _l.loan_account))
        .where(_l.cif == cif, _l.status == "active")
    ).scalar()
    return BusinessProfile(
        annual_turnover=profile.annual_turnover,
        sector=profile.sector,
        years_trading=profile.years_trading,
        existing_facilities=profile.facilities_elsewhere + Money(int(owed_here or 0)),
    )


def _first_seen(connection: Connection, cif: str, wallet: str) -> date | None:
    """The day the customer was registered, else the wallet's first booked movement."""
    registered = connection.execute(
        select(_e.business_date)
        .select_from(
            schema.customers.join(
                schema.entries,
                (_e.device_code == _c.registered_by_device) & (_e.sequence == _c.registered_sequence),
            )
        )
        .where(_c.cif == cif)
    ).scalar()
    if registered is None:
        registered = connection.execute(
            select(func.min(_e.business_date)).select_from(_POSTINGS_WITH_ENTRIES).where(_p.account == wallet)
        ).scalar()
    return date.fromisoformat(registered) if registered else None


def record_credit_profile(
    connection: Connection,
    cif: str,
    *,
    bureau_status: BureauStatus,
    now: str,
    bureau_checked_on: date | None = None,
    customer_since: date | None = None,
    annual_turnover: Money | None = None,
    sector: str | None = None,
    years_trading: int | None = None,
    facilities_elsewhere: Money = Money(0),
) -> None:
    """Record (or replace) what head office knows of `cif`'s credit. NotFound for an unknown customer."""
    if connection.execute(select(_c.cif).where(_c.cif == cif)).first() is None:
        raise NotFound(f"No customer {cif} is registered at head office", cif=cif)
    values = {
        "bureau_status": BureauStatus(bureau_status).value,
        "bureau_checked_on": None if bureau_checked_on is None else bureau_checked_on.isoformat(),
        "customer_since": None if customer_since is None else customer_since.isoformat(),
        "annual_turnover_cents": None if annual_turnover is None else annual_turnover.cents,
        "sector": sector,
        "years_trading": years_trading,
        "facilities_elsewhere_cents": facilities_elsewhere.cents,
        "updated_at": now,
    }
    changed = connection.execute(schema.credit_profiles.update().where(_cp.cif == cif).values(**values))
    if changed.rowcount == 0:
        connection.execute(schema.credit_profiles.insert().values(cif=cif, **values))
