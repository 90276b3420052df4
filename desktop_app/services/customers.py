"""Finding customers (by national ID, phone or name) and registering new ones at the counter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, select, text

from desktop_app.services.balances import available_balance
from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.posting import Extras, Posted, post_in
from desktop_app.store import journal as stored_journal
from desktop_app.store import schema
from shared_core.approvals import judge_registration
from shared_core.entry_details import Registration
from shared_core.errors import AlreadyExists, InvalidInput, NotFound
from shared_core.kyc import KycTier, mask_national_id, validate_national_id
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind

search_results_max = 50
search_candidates_max = 500
search_text_length_max = 100
_DIGITS = re.compile(r"\+?[0-9 ]+\Z")
_c = schema.customers.c


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    cif: str
    full_name: str
    masked_national_id: str
    phone: str
    kyc_tier: int
    provisional: bool


@dataclass(frozen=True, slots=True)
class AccountView:
    account: str
    label: str
    available: Money


@dataclass(frozen=True, slots=True)
class RecentEntry:
    reference: str
    kind: str
    amount: Money
    recorded_at: str
    status: str


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    summary: CustomerSummary
    accounts: tuple[AccountView, ...]
    recent: tuple[RecentEntry, ...]


def _summary(row) -> CustomerSummary:  # noqa: ANN001 (a Row)
    return CustomerSummary(
        cif=row.cif,
        full_name=row.full_name,
        masked_national_id=mask_national_id(row.national_id),
        phone=row.phone,
        kyc_tier=row.kyc_tier,
        provisional=row.registered_sequence is not None,
    )


def search_customers(context: ServiceContext, query: str) -> tuple[CustomerSummary, ...]:
    """Digits search national IDs and phone numbers by prefix; words search names, each word
    a prefix ("jum wan" finds "Juma Wanjiku"). At most `search_results_max` results."""
    query = query.strip()[:search_text_length_max]
    if not query:
        return ()
    with context.store.read() as connection:
        if _DIGITS.match(query):
            return _search_numbers(connection, query.replace(" ", ""))
        return _search_names(connection, query)


def _search_numbers(connection: Connection, digits: str) -> tuple[CustomerSummary, ...]:
    local = digits.lstrip("+")
    # A Kenyan phone typed as 07... is stored as 2547...: search both forms.
    phones = {digits, local, "254" + local[1:] if local.startswith("0") else local, "+" + local}
    rows = connection.execute(
        select(schema.customers)
        .where((_c.national_id >= local) & (_c.national_id < local + "\x7f"))
        .limit(search_results_max)
    ).all()
    for phone in phones:
        rows += connection.execute(
            select(schema.customers).where((_c.phone >= phone) & (_c.phone < phone + "\x7f")).limit(search_results_max)
        ).all()
    unique = {row.cif: row for row in rows}
    return tuple(_summary(row) for row in list(unique.values())[:search_results_max])


def _search_names(connection: Connection, query: str) -> tuple[CustomerSummary, ...]:
    words = [word for word in re.split(r"\W+", query) if word]
    if not words:
        return ()
    # Each word quoted (so FTS syntax in a name is just text) and matched as a prefix.
    match = " AND ".join('"' + word.replace('"', '""') + '"*' for word in words)
    # Ranking every match of a short prefix ("kip": 20,000 names) is what makes search slow;
    # rank a bounded set of candidates instead.
    rows = connection.execute(
        text(
            "SELECT customers.* FROM (SELECT rowid, rank FROM customer_search WHERE customer_search MATCH :match "
            "LIMIT :candidates) AS hits JOIN customers ON customers.rowid = hits.rowid "
            "ORDER BY hits.rank LIMIT :limit"
        ),
        {"match": match, "candidates": search_candidates_max, "limit": search_results_max},
    ).all()
    return tuple(_summary(row) for row in rows)


def customer_profile(context: ServiceContext, cif: str, *, recent_max: int = 20) -> CustomerProfile:
    with context.store.read() as connection:
        row = connection.execute(select(schema.customers).where(_c.cif == cif)).first()
        if row is None:
            raise NotFound(f"Customer {cif} is not on this device", cif=cif)
        a = schema.accounts.c
        accounts = tuple(
            AccountView(account.account, account.label, available_balance(connection, account.account))
            for account in connection.execute(select(a.account, a.label).where(a.cif == cif).order_by(a.account))
        )
        j, r = schema.journal.c, schema.entry_results.c
        recent = tuple(
            RecentEntry(entry.reference, entry.kind, Money(entry.amount_cents), entry.recorded_at,
                        entry.status or "pending")
            for entry in connection.execute(
                select(j.reference, j.kind, j.amount_cents, j.recorded_at, r.status)
                .select_from(schema.journal.outerjoin(schema.entry_results, j.sequence == r.sequence))
                .where(j.customer_cif == cif)
                .order_by(j.sequence.desc())
                .limit(recent_max)
            )
        )
    return CustomerProfile(_summary(row), accounts, recent)


def register_customer(
    context: ServiceContext,
    session: Session,
    *,
    national_id: str,
    full_name: str,
    phone: str,
    tier: KycTier = KycTier.TIER_1,
) -> Posted:
    """Register a customer offline under a provisional CIF (P + device code + sequence); the
    server confirms and issues the real CIF when the entry syncs."""
    national_id = validate_national_id(national_id)
    with context.store.write() as connection:
        table = context.limit_table(connection)
        judge_registration(table, channel=context.device.channel, tier=tier, role=session.role).raise_if_refused()
        existing = connection.execute(select(_c.cif).where(_c.national_id == national_id)).scalar()
        if existing is not None:
            raise AlreadyExists(f"A customer with this national ID is already registered ({existing})", cif=existing)
        head = stored_journal.head(connection)
        sequence = head.sequence + 1 if head else 1
        registration = Registration(
            cif=f"P{context.device.device_code}{sequence:07d}",
            national_id=national_id,
            full_name=full_name,
            phone=_normalise_phone(phone),
            tier=tier,
        )
        operation = Operation(OperationKind.CUSTOMER_REGISTRATION, context.device.channel, Money(0))
        return post_in(context, connection, session, operation, Extras(registration=registration), checker=None)


def _normalise_phone(phone: str) -> str:
    """Kenyan mobile numbers as 2547XXXXXXXX (or 2541...), whichever way they were typed."""
    digits = phone.replace(" ", "").replace("-", "")
    if digits.startswith("+"):
        digits = digits[1:]
    if re.fullmatch(r"0[17][0-9]{8}", digits):
        digits = "254" + digits[1:]
    if not re.fullmatch(r"[0-9]{9,15}", digits):
        raise InvalidInput(f"'{phone}' is not a phone number; type e.g. 0712 345 678", field="phone")
    return digits
