"""Insure at the counter: quote cover, sell it for cash or from the wallet, print its schedule.

A sale is one premium entry carrying the policy it buys (details.insurance: the policy number,
minted here for a new policy; the product and what its quote needs; the first day of cover). Paid
in cash it is a fact (PREMIUM_CASH: the money is in the drawer); from the wallet, a request head
office decides (PREMIUM_WALLET). The amount is the quote's total. Head office quotes the same terms
again under its tariff and books the premium split into premium, levies and stamp duty; a wallet
premium it prices otherwise is refused, a cash one is booked into an exception.

Every check runs before anything is written: the terms, the policy number's check character, the
first day of cover, the customer, the till, the limits and the wallet's balance.

The counter lists a customer's premiums from this device's journal (`customer_policies`), each with
head office's answer so far and whether its schedule prints yet. Schedules name the insurer the
tariff names (shared_core.insurance_tariff).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from desktop_app.receipts.policy_schedule import render_policy_schedule
from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.posting import Extras, Posted, open_till_row, post
from desktop_app.store import journal as stored_journal
from desktop_app.store import schema
from desktop_app.store.database import get_setting
from desktop_app.store.pulled import PRODUCT_POLICIES_KEY
from shared_core.accounts import wallet_account
from shared_core.entry_details import PolicyPurchase
from shared_core.errors import InvalidInput, InvalidOperation, NotFound
from shared_core.insurance import InsuredItem, PaymentMethod, Product, Quote, WibaPayroll, schedule_from_quote
from shared_core.insurance_policy import (
    PolicySale,
    check_cover_start,
    check_policy_number,
    mint_policy_number,
    policy_token_bytes_min,
)
from shared_core.insurance_sales import PREMIUM_KINDS, quote_purchase, quote_sale
from shared_core.insurance_tariff import InsuranceTariff, parse_insurance_tariff
from shared_core.journal import JournalEntry
from shared_core.kyc import printed_identity
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind
from shared_core.results import EntryStatus
from shared_core.roles import Permission, require_permission

_KINDS = {PaymentMethod.CASH: OperationKind.PREMIUM_CASH, PaymentMethod.WALLET: OperationKind.PREMIUM_WALLET}
_PAYMENT_METHODS = {kind: method for method, kind in _KINDS.items()}
_CONFIRMED = frozenset({EntryStatus.BOOKED, EntryStatus.BOOKED_WITH_EXCEPTION, EntryStatus.DUPLICATE})

policies_listed_max = 200  # a customer's premiums on one device, newest first
# How WIBA sales recorded before the head count had a field of its own wrote it in the category.
_HEAD_COUNT = re.compile(r"(?:(?P<staff>.*), )?(?P<employees>[1-9][0-9]*) employees?\Z", re.ASCII | re.DOTALL)


def insurance_tariff(context: ServiceContext) -> InsuranceTariff:
    """The tariff head office sells cover by, as the last pull brought it."""
    with context.store.read() as connection:
        tariff = stored_tariff(connection)
    if tariff is None:
        raise NotFound("This device has no insurance tariff yet: sync with head office first")
    return tariff


def stored_tariff(connection: Connection) -> InsuranceTariff | None:
    """The tariff the last pull brought, read in the caller's transaction; None before the first."""
    documents = get_setting(connection, PRODUCT_POLICIES_KEY)
    return None if documents is None else parse_insurance_tariff(documents["insurance"])


@dataclass(frozen=True, slots=True)
class SellingTerms:
    """What selling at the counter needs from the store: the tariff head office last sent, and the
    day a sale now is booked on (cover starts on it or later)."""

    tariff: InsuranceTariff
    sale_day: date


def selling_terms(context: ServiceContext) -> SellingTerms:
    """NotFound while the device has never pulled a tariff."""
    return SellingTerms(insurance_tariff(context), sale_date(context))


def quote_cover(
    tariff: InsuranceTariff,
    product: Product,
    *,
    start: date,
    sale: PolicySale = PolicySale.NEW,
    plan: str = "",
    payroll: Sequence[WibaPayroll] = (),
    items: Sequence[InsuredItem] = (),
) -> Quote:
    """What the cover costs from `start`, line by line, as head office will price it."""
    return quote_sale(product, sale, tariff=tariff, start=start, plan=plan, payroll=payroll, items=items)


@dataclass(frozen=True, slots=True)
class CoverSold:
    """The premium entry committed, the policy it buys and what it cost."""

    posted: Posted
    purchase: PolicyPurchase
    quote: Quote

    @property
    def policy_number(self) -> str:
        return self.purchase.policy_number


def buy_cover(
    context: ServiceContext,
    session: Session,
    *,
    customer_cif: str,
    product: Product,
    payment: PaymentMethod,
    tariff: InsuranceTariff,
    start: date | None = None,
    sale: PolicySale = PolicySale.NEW,
    policy_number: str | None = None,
    plan: str = "",
    payroll: Sequence[WibaPayroll] = (),
    items: Sequence[InsuredItem] = (),
    token: Callable[[int], bytes] = os.urandom,
) -> CoverSold:
    """Sell cover (or renew it, or take a month's premium) and commit its premium entry: cash into
    the till or float, or from the customer's wallet, pending until head office confirms it.

    A new policy gets a number minted here; a renewal or a monthly premium names the policy's number
    from its schedule, checked here. `start` is the first day of cover, today or up to 90 days on;
    a monthly premium names none (head office knows which month it pays).
    """
    require_permission(session.role, Permission.INSURANCE_SELL)
    product, sale, payment = Product(product), PolicySale(sale), PaymentMethod(payment)
    today = sale_date(context)
    check_cover_start(sale, start, today)
    if sale is PolicySale.NEW:
        if policy_number is not None:
            raise InvalidInput(
                "policy_number: a new policy's number is minted when it is sold; give none", field="policy_number"
            )
        policy_number = mint_policy_number(product, context.device.device_code, token(policy_token_bytes_min))
    elif policy_number is None:
        raise InvalidInput("policy_number: read the policy's number from its schedule", field="policy_number")
    else:
        check_policy_number(policy_number, product)
    purchase = PolicyPurchase(
        policy_number=policy_number,
        sale=sale,
        product=product,
        tariff_version=tariff.version,
        cover_start=start,
        plan=plan,
        payroll=tuple(payroll),
        items=tuple(items),
    )
    # A monthly premium's price does not depend on its month: quoted from today.
    quote = quote_purchase(purchase, tariff, month_start=today)
    if payment is PaymentMethod.CASH:
        operation = Operation(
            OperationKind.PREMIUM_CASH, context.device.channel, quote.total, cash_account=context.device.cash_account
        )
    else:
        operation = Operation(
            OperationKind.PREMIUM_WALLET,
            context.device.channel,
            quote.total,
            customer_account=wallet_account(customer_cif),
        )
    posted = post(context, session, operation, Extras(customer_cif=customer_cif, insurance=purchase))
    return CoverSold(posted, purchase, quote)


def sale_date(context: ServiceContext) -> date:
    """The day a sale now is booked on, as `post` dates it: the open till's business date, else
    today. Cover starts on it or up to 90 days after it."""
    with context.store.read() as connection:
        till = open_till_row(connection, context.device.cash_account)
    return date.fromisoformat(till.business_date if till is not None else context.local_date())


def policy_schedule_pdf(context: ServiceContext, sequence: int, *, tariff: InsuranceTariff) -> bytes:
    """The A4 schedule of the policy the committed premium entry `sequence` sold or renewed, from its
    journal row (so a reprint is the same document), naming the tariff's insurer. A wallet premium's
    schedule waits for head office to confirm it; a monthly premium issues no schedule (its receipt
    is the record)."""
    with context.store.read() as connection:
        entry = stored_journal.entry_at(connection, sequence)
        if entry is None:
            raise NotFound(f"No entry {sequence} in this device's journal", sequence=sequence)
        details = stored_journal.details_of(entry)
        purchase = details.insurance
        if entry.kind not in PREMIUM_KINDS or purchase is None:
            raise InvalidOperation(f"Entry {entry.reference} sold no policy; it has no schedule")
        customer = connection.execute(
            select(schema.customers.c.full_name, schema.customers.c.national_id).where(
                schema.customers.c.cif == details.customer_cif
            )
        ).first()
        status = connection.execute(
            select(schema.entry_results.c.status).where(schema.entry_results.c.sequence == sequence)
        ).scalar()
    payment_method = _PAYMENT_METHODS[entry.kind]
    refusal = _schedule_refusal(entry, purchase, status)
    if refusal is not None:
        raise InvalidOperation(refusal)
    if customer is None:
        raise NotFound(f"Customer {details.customer_cif} is not on this device", cif=str(details.customer_cif))
    quote = quote_purchase(purchase, tariff)
    paid = Money(entry.body["amount_cents"])
    if quote.total != paid:
        raise InvalidOperation(
            f"Policy {purchase.policy_number} was sold for {paid} under tariff version {purchase.tariff_version}; "
            f"this device's tariff (version {tariff.version}) prices it at {quote.total}"
        )
    schedule = schedule_from_quote(
        quote,
        policy_number=purchase.policy_number,
        insured_name=customer.full_name,
        insured_id=printed_identity(customer.national_id)[0],
        payment_method=payment_method,
        payment_reference=entry.reference,
        issue_date=date.fromisoformat(details.business_date),
        insurer=tariff.insurer,
        sold_by=context.device.bank_name,
    )
    return render_policy_schedule(schedule)


def _schedule_refusal(entry: JournalEntry, purchase: PolicyPurchase, status: str | None) -> str | None:
    """Why the premium entry's schedule does not print (yet), or None when it prints."""
    if purchase.sale is PolicySale.MONTHLY_PREMIUM:
        return f"Entry {entry.reference} pays a month of policy {purchase.policy_number}; its receipt is the record"
    if _PAYMENT_METHODS[entry.kind] is PaymentMethod.WALLET and (
        status is None or EntryStatus(status) not in _CONFIRMED
    ):
        said = "waits for head office" if status is None else f"was answered {status}"
        return (
            f"The premium of policy {purchase.policy_number} from the wallet {said}; "
            "its schedule is issued once head office confirms it"
        )
    return None


# --- a customer's premiums on this device -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PolicyEntry:
    """A premium this device took from the customer: the policy it sold, renewed or paid a month of."""

    sequence: int
    reference: str
    business_date: date
    purchase: PolicyPurchase
    payment: PaymentMethod
    amount: Money
    status: str  # 'pending' until head office answers, then its answer (booked, rejected...)
    schedule_refusal: str | None  # why its schedule does not print (yet); None when it prints

    @property
    def policy_number(self) -> str:
        return self.purchase.policy_number

    @property
    def prints_schedule(self) -> bool:
        return self.schedule_refusal is None


def customer_policies(context: ServiceContext, cif: str) -> tuple[PolicyEntry, ...]:
    """The customer's premiums on this device's journal, newest first (at most
    `policies_listed_max`), each with head office's answer so far."""
    _j, _r = schema.journal.c, schema.entry_results.c
    with context.store.read() as connection:
        rows = connection.execute(
            select(_j.sequence, _j.content, _r.status)
            .select_from(schema.journal.outerjoin(schema.entry_results, _j.sequence == _r.sequence))
            .where(_j.customer_cif == cif, _j.kind.in_([kind.value for kind in PREMIUM_KINDS]))
            .order_by(_j.sequence.desc())
            .limit(policies_listed_max)
        ).all()
    policies = []
    for row in rows:
        entry = stored_journal.decode_row_content(row.content, row.sequence)
        details = stored_journal.details_of(entry)
        purchase = details.insurance
        if purchase is None:  # a premium recorded before premiums carried their policy
            continue
        policies.append(
            PolicyEntry(
                sequence=entry.sequence,
                reference=entry.reference,
                business_date=date.fromisoformat(details.business_date),
                purchase=purchase,
                payment=_PAYMENT_METHODS[entry.kind],
                amount=Money(entry.body["amount_cents"]),
                status=row.status or "pending",
                schedule_refusal=_schedule_refusal(entry, purchase, row.status),
            )
        )
    return tuple(policies)


# --- WIBA head counts ----------------------------------------------------------------------------


def with_head_counts(payroll: Sequence[WibaPayroll]) -> tuple[WibaPayroll, ...]:
    """The payroll of an earlier sale, to sell again (a renewal): a row recorded before the head
    count had a field of its own wrote it at the end of its category ('Drivers, 6 employees'); it is
    read out into the field, and the category keeps the staff's words ('Drivers')."""
    rows = []
    for row in payroll:
        found = _HEAD_COUNT.match(row.category) if row.employees is None else None
        if found is not None:
            row = WibaPayroll(row.occupation_class, row.annual_payroll, found["staff"] or "", int(found["employees"]))
        rows.append(row)
    return tuple(rows)
