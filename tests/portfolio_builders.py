"""Builders for head office's books as the portfolio reads them: loans on exact dates with the
repayments booked for them, insurance policies with their premiums, business customers. Rows are
written as the ingest writes them (tests/integration/test_server_loans.py and test_server_insurance.py
prove the ingest writes them so); each row's entry is a plain booked entry of one device, so the
foreign keys hold. Terms come from the shipped loan policy, the schedule from shared_core.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, insert, select

from shared_core import canonical
from shared_core.accounts import loan_account
from shared_core.loan_origination import first_due_date
from shared_core.loan_repayment import replayed_balances
from shared_core.loan_schedule import Installment, loan_terms_for, loan_terms_to_wire, schedule
from shared_core.money import Money
from shared_core.signing import generate_private_key, public_key_hex
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.devices import register_device
from sync_server.services.product_policies import shipped_product_policies
from tests.server_builders import Server

BOOK_DEVICE = "B00K"
NOW = "2026-11-24T09:00:00.000000Z"
LOANS = shipped_product_policies().loans


def enrol_book_device(server: Server, device_code: str = BOOK_DEVICE) -> None:
    """The device whose entries the built rows point at (their foreign keys need one)."""
    with UnitOfWork(server.database) as uow:
        register_device(
            uow.connection, device_code=device_code, channel="branch", location_code="NBO-001",
            public_key_hex=public_key_hex(generate_private_key()), enrolled_at="2025-01-01T00:00:00.000000Z",
        )  # fmt: skip
        uow.commit()


def add_customer(
    server: Server, cif: str, name: str, *, national_id: str, sector: str | None = None,
    turnover: Money | None = None, director: str | None = None,
) -> None:  # fmt: skip
    """A customer; with a sector or turnover, its business profile; with `director`, a user acting for it."""
    with UnitOfWork(server.database) as uow:
        connection = uow.connection
        connection.execute(insert(schema.customers).values(
            cif=cif, national_id=national_id, full_name=name, phone="254700000000", kyc_tier=3))
        if sector is not None or turnover is not None:
            connection.execute(insert(schema.credit_profiles).values(
                cif=cif, bureau_status="clear", annual_turnover_cents=None if turnover is None else turnover.cents,
                sector=sector, years_trading=5, facilities_elsewhere_cents=0, updated_at=NOW))
        if director is not None:
            connection.execute(insert(schema.business_directors).values(cif=cif, user_id=director))
        uow.commit()


def _entry(connection: Connection, kind: str, business_date: date, amount: Money, device_code: str) -> int:
    """A booked entry of the device, next in its chain; its sequence."""
    sequence = 1 + connection.execute(
        select(func.coalesce(func.max(schema.entries.c.sequence), 0)).where(
            schema.entries.c.device_code == device_code)
    ).scalar_one()  # fmt: skip
    connection.execute(insert(schema.entries).values(
        device_code=device_code, sequence=sequence, entry_id=f"{device_code}-{sequence:06d}", entry_hash="0" * 64,
        kind=kind, nature="fact", channel="branch", reference=f"BR-{device_code}-{sequence:06d}-X",
        recorded_at=f"{business_date.isoformat()}T09:00:00.000000Z", received_at=NOW,
        business_date=business_date.isoformat(), customer_cif=None, amount_cents=amount.cents,
        limit_table_version=1, content=b"{}", status="booked", code=None, message="Booked"))  # fmt: skip
    return sequence


def planned_schedule(
    principal: Money, applied_on: date, *, installments: int = 4, product: str = "boost"
) -> tuple[Installment, ...]:
    """The schedule of a loan of `product` disbursed on `applied_on`: first due one period on."""
    loan_product = LOANS.product(product)
    first_due = first_due_date(applied_on, loan_product.frequency)
    return schedule(loan_terms_for(loan_product, principal, installments, first_due))


def record_repayment(
    server: Server, loan_id: str, paid_on: date, amount: Money, *, device_code: str = BOOK_DEVICE
) -> None:
    """A repayment booked for the loan, paid on `paid_on` (it may reach head office later)."""
    with UnitOfWork(server.database) as uow:
        _repayment(uow.connection, loan_id, paid_on, amount, device_code)
        uow.commit()


def _repayment(connection: Connection, loan_id: str, paid_on: date, amount: Money, device_code: str) -> None:
    paid = _entry(connection, "loan_repayment_cash", paid_on, amount, device_code)
    connection.execute(insert(schema.loan_repayments).values(
        loan_id=loan_id, device_code=device_code, sequence=paid, paid_on=paid_on.isoformat(),
        amount_cents=amount.cents, principal_cents=0, interest_cents=0, penalties_cents=0, excess_cents=0))  # fmt: skip


@dataclass(frozen=True, slots=True)
class BuiltLoan:
    loan_id: str
    reference: str
    installments: tuple[Installment, ...]


def book_loan(
    server: Server,
    loan_id: str,
    cif: str,
    *,
    principal: Money,
    applied_on: date,
    installments: int = 4,
    product: str = "boost",
    repayments: Sequence[tuple[date, Money]] = (),
    status: str | None = None,
    device_code: str = BOOK_DEVICE,
) -> BuiltLoan:
    """A loan disbursed on `applied_on` (first due one period on) and the repayments booked for it;
    active, or closed on the day the repayments paid it off, as the ingest leaves it."""
    loan_product = LOANS.product(product)
    terms = loan_terms_for(loan_product, principal, installments, first_due_date(applied_on, loan_product.frequency))
    rows = schedule(terms)
    assert rows == planned_schedule(principal, applied_on, installments=installments, product=product)
    balances = replayed_balances(rows, list(repayments), loan_product)
    closed_on = balances.closed_on
    with UnitOfWork(server.database) as uow:
        connection = uow.connection
        sequence = _entry(connection, "loan_disbursement", applied_on, principal, device_code)
        connection.execute(insert(schema.loans).values(
            loan_id=loan_id, loan_account=loan_account(loan_id), cif=cif, product_code=product,
            **loan_terms_to_wire(terms), applied_on=applied_on.isoformat(), device_code=device_code,
            sequence=sequence, status=status or ("closed" if closed_on else "active"), credit_outcome="approve",
            credit_score=700, decision=canonical.encode({}), created_at=NOW,
            closed_on=closed_on.isoformat() if closed_on else None, worst_days_past_due=0))  # fmt: skip
        for paid_on, amount in repayments:
            _repayment(connection, loan_id, paid_on, amount, device_code)
        uow.commit()
    return BuiltLoan(loan_id, f"BR-{device_code}-{sequence:06d}-X", rows)


def sell_policy(
    server: Server,
    number: str,
    cif: str,
    product: str,
    *,
    sold_on: date,
    premiums: Sequence[tuple[date, date, date, Money]],  # paid_on, cover_from, cover_to, basic premium
    status: str = "in_force",
    reversed_payments: Sequence[int] = (),  # indexes into `premiums` struck by a reversal
    device_code: str = BOOK_DEVICE,
) -> None:
    """A policy sold on `sold_on` with its cover starting on the first premium's cover_from."""
    _, cover_start, _, first_premium = premiums[0]
    with UnitOfWork(server.database) as uow:
        connection = uow.connection
        sequence = _entry(connection, "premium_cash", sold_on, first_premium, device_code)
        connection.execute(insert(schema.insurance_policies).values(
            policy_number=number, cif=cif, product=product, details=canonical.encode({}), tariff_version=1,
            sold_on=sold_on.isoformat(), cover_start=cover_start.isoformat(),
            paid_through=premiums[-1][2].isoformat(), status=status, premium_cents=first_premium.cents,
            levies_cents=0, stamp_duty_cents=0, device_code=device_code, sequence=sequence,
            created_at=NOW))  # fmt: skip
        for index, (paid_on, cover_from, cover_to, premium) in enumerate(premiums):
            paid = sequence if index == 0 else _entry(connection, "premium_cash", paid_on, premium, device_code)
            connection.execute(insert(schema.premium_payments).values(
                policy_number=number, device_code=device_code, sequence=paid,
                sale="new" if index == 0 else ("monthly_premium" if product == "personal_accident" else "renewal"),
                paid_on=paid_on.isoformat(), cover_from=cover_from.isoformat(), cover_to=cover_to.isoformat(),
                tariff_version=1, amount_cents=premium.cents, premium_cents=premium.cents, levies_cents=0,
                stamp_duty_cents=0, levies=canonical.encode({}), created_at=NOW,
                reversed_by_entry_id=f"reversal-{number}-{index}" if index in reversed_payments else None))  # fmt: skip
        uow.commit()
