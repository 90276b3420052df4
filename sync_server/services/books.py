"""The batch's working view of the central ledger: everything its new entries touch, loaded once.

`Books.load` reads each entry once (operation, details, derived postings), then loads what judging
needs in two statements (three with reversals, whose originals' postings come first): the accounts
the postings move (locked, in key order, so concurrent ingests wait for each other instead of
deadlocking), then in one UNION ALL of plain reads their owners' KYC tiers, the users, what each
customer already moved that business day on each channel (its day totals, services.day_totals),
the entry ids already taken, the national ids already registered, the originals already
reversed. Judging then changes it in memory, entry by entry, and ingest writes the net result in a
few statements.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Connection,
    Insert,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from shared_core import canonical
from shared_core.accounts import AccountType, customer_view, parse_account, wallet_account
from shared_core.entry_details import EntryDetails, Registration
from shared_core.errors import DomainError
from shared_core.journal import BODY_DETAILS, JournalEntry, operation_of
from shared_core.kyc import KycTier
from shared_core.ledger import Posting, postings_for
from shared_core.limits import LimitTable, parse_limit_table
from shared_core.money import Money
from shared_core.operations import OPERATION_SPECS, CashEffect, Operation, OperationKind
from shared_core.results import EntryStatus
from shared_core.roles import Role, parse_role
from sync_server.db import schema
from sync_server.services.insurance import InsuranceBook
from sync_server.services.loans import LoanBook
from sync_server.services.product_policies import ProductPolicies, shipped_product_policies

BOOKED_STATUSES = (EntryStatus.BOOKED, EntryStatus.BOOKED_WITH_EXCEPTION)
# What counts towards a customer's day: everything not refused (a request waiting for a checker
# may still be approved), as the device counts it.
COUNTED_STATUSES = (*BOOKED_STATUSES, EntryStatus.AWAITING_APPROVAL)

_e = schema.entries.c
_p = schema.postings.c
_a = schema.accounts.c
_c = schema.customers.c
_u = schema.users.c
_t = schema.day_totals.c
_POSTINGS_OF_ENTRY = and_(_p.device_code == _e.device_code, _p.sequence == _e.sequence)


@dataclass(slots=True)
class Books:
    """What the batch's new entries touch, loaded once; changed in memory as entries are judged."""

    limit_table: LimitTable
    balances: dict[str, int]  # ledger sign, every account loaded or created so far
    account_owner: dict[str, str | None]
    deltas: dict[str, int] = field(default_factory=dict)
    created_accounts: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # cif, label
    tiers: dict[str, KycTier] = field(default_factory=dict)
    national_ids: set[str] = field(default_factory=set)
    users: dict[str, Role | None] = field(default_factory=dict)
    spent: dict[tuple[str, str, str, str], int] = field(default_factory=dict)  # cif, date, channel, direction
    parsed: dict[int, Parsed] = field(default_factory=dict)  # by sequence
    taken_entry_ids: set[str] = field(default_factory=set)
    original_postings: dict[str, tuple[Posting, ...]] = field(default_factory=dict)  # booked only
    reversed_entry_ids: set[str] = field(default_factory=set)
    new_customers: list[dict[str, object]] = field(default_factory=list)
    older_tables: dict[int, LimitTable | None] = field(default_factory=dict)
    connection: Connection | None = None
    policies: ProductPolicies = field(default_factory=shipped_product_policies)
    loans: LoanBook = field(init=False)
    insurance: InsuranceBook = field(init=False)

    @classmethod
    def load(cls, connection: Connection, entries: tuple[JournalEntry, ...], limit_table: LimitTable) -> Books:
        books = cls(limit_table, {}, {}, connection=connection)
        books.loans = LoanBook(connection, books.policies.loans)
        books.insurance = InsuranceBook(connection, books.policies.insurance)
        accounts: set[str] = set()
        user_ids: set[str] = set()
        originals: set[str] = set()
        cifs: set[str] = set()
        dates: set[str] = set()
        national_ids: set[str] = set()
        for entry in entries:
            parsed = parse_entry(entry)
            books.parsed[entry.sequence] = parsed
            user_ids.add(entry.user_id)
            if entry.approved_by is not None:
                user_ids.add(entry.approved_by)
            accounts.update(posting.account for posting in parsed.postings)
            details = parsed.details
            if details is not None:
                dates.add(details.business_date)
                if details.customer_cif is not None:
                    cifs.add(details.customer_cif)
                if details.original_entry_id is not None and entry.kind is OperationKind.REVERSAL:
                    originals.add(details.original_entry_id)
                if details.registration is not None:
                    cifs.add(details.registration.cif)
                    national_ids.add(details.registration.national_id)
        books.original_postings = _booked_postings(connection, originals)
        for postings in books.original_postings.values():
            accounts.update(posting.account for posting in postings)
        # Only the accounts the batch moves, in one statement, in key order: every ingest locks
        # accounts in the same order, so two batches touching the same wallets wait for each other
        # instead of deadlocking, and batches touching different accounts do not wait at all.
        if accounts:
            for row in connection.execute(_lock_accounts(), {"accounts": sorted(accounts)}):
                books.balances[row.account] = row.balance_cents
                books.account_owner[row.account] = row.cif
                if row.cif is not None:
                    cifs.add(row.cif)
        # Everything else judging reads, in one round trip (a UNION ALL of plain reads, no locks).
        entry_ids = {entry.entry_id for entry in entries}
        reads = _reads(bool(cifs), bool(dates), bool(national_ids), bool(originals))
        chosen = {"cifs": cifs, "dates": dates, "national_ids": national_ids, "user_ids": user_ids}
        chosen |= {"entry_ids": entry_ids, "originals": originals}
        for what, key, text_1, text_2, text_3, number in connection.execute(
            reads, {name: sorted(values) for name, values in chosen.items() if values}
        ):
            if what == _TIER:
                books.tiers[key] = KycTier(int(number))
            elif what == _SPENT:
                spent_key = (key, text_1, text_2, _DIRECTIONS_BY_KIND_VALUE[text_3])
                books.spent[spent_key] = books.spent.get(spent_key, 0) + int(number)
            elif what == _USER:
                books.users[key] = parse_role(text_1) if number else None
            elif what == _TAKEN:
                books.taken_entry_ids.add(key)
            elif what == _NATIONAL_ID:
                books.national_ids.add(key)
            else:
                assert what == _REVERSED, f"a read the ingest did not ask for: {what}"
                books.reversed_entry_ids.add(key)
        return books

    def spent_today(self, customer_cif: str, business_date: str, entry: JournalEntry) -> int:
        return self.spent.get((customer_cif, business_date, entry.channel.value, direction(entry.kind)), 0)

    def count_spent(self, customer_cif: str, business_date: str, entry: JournalEntry, cents: int) -> None:
        key = (customer_cif, business_date, entry.channel.value, direction(entry.kind))
        self.spent[key] = self.spent.get(key, 0) + cents

    def balance(self, account: str) -> Money:
        """The account's balance as its holder reads it (a wallet credited with 500 reads 500)."""
        return customer_view(account_type(account), Money(self.balances.get(account, 0)))

    def account_known(self, account: str) -> bool:
        return account in self.balances

    def apply(self, postings: Iterable[Posting]) -> None:
        for posting in postings:
            account = posting.account
            if account not in self.balances:
                self.balances[account] = 0
                self.account_owner[account] = None
                self.created_accounts[account] = (None, _label(account))
            self.balances[account] += posting.amount.cents
            self.deltas[account] = self.deltas.get(account, 0) + posting.amount.cents

    def open_account(self, account: str, cif: str, label: str) -> None:
        """A customer account opened by the entry being judged (a loan's, by its application)."""
        if account not in self.balances:
            self.balances[account] = 0
            self.account_owner[account] = cif
            self.created_accounts[account] = (cif, label)

    def open_wallet(self, registration: Registration, entry: JournalEntry) -> None:
        self.new_customers.append(
            {
                "cif": registration.cif,
                "national_id": registration.national_id,
                "full_name": registration.full_name,
                "phone": registration.phone,
                "kyc_tier": int(registration.tier),
                "registered_by_device": entry.device_code,
                "registered_sequence": entry.sequence,
            }
        )
        self.tiers[registration.cif] = registration.tier
        self.national_ids.add(registration.national_id)
        wallet = wallet_account(registration.cif)
        if wallet not in self.balances:
            self.balances[wallet] = 0
            self.account_owner[wallet] = registration.cif
            self.created_accounts[wallet] = (registration.cif, "Wallet")

    def balance_rows(self) -> list[dict[str, object]]:
        """Each account created or moved, with the net amount to add to its balance, in key order."""
        names = sorted(set(self.created_accounts) | {name for name, cents in self.deltas.items() if cents})
        rows = []
        for name in names:
            cif, label = self.created_accounts.get(name, (self.account_owner.get(name), _label(name)))
            moved_cents = self.deltas.get(name, 0)
            rows.append({"account": name, "cif": cif, "label": label, "balance_cents": moved_cents})
        return rows

    def table_for_version(self, version: int) -> LimitTable | None:
        """The limit table of `version` as head office issued it, if the server holds it."""
        if version == self.limit_table.version:
            return self.limit_table
        if version not in self.older_tables:
            assert self.connection is not None
            body = self.connection.execute(
                select(schema.limit_tables.c.body).where(schema.limit_tables.c.version == version)
            ).scalar()
            self.older_tables[version] = None if body is None else parse_limit_table(canonical.decode(body))
        return self.older_tables[version]


@functools.lru_cache(maxsize=65_536)
def account_type(account: str) -> AccountType:
    """The type of an account code of the chart, read once per code: judging asks it often."""
    return parse_account(account).type


@functools.lru_cache(maxsize=65_536)
def _label(account: str) -> str:
    code = parse_account(account)
    return f"{code.type.value.replace('_', ' ').capitalize()} {code.id}"


@dataclass(frozen=True, slots=True)
class Parsed:
    """An entry read once: its operation, details and (but for a reversal) postings, or why not."""

    operation: Operation | None
    details: EntryDetails | None
    postings: tuple[Posting, ...]
    error: DomainError | None


def parse_entry(entry: JournalEntry) -> Parsed:
    operation = details = None
    try:
        operation = operation_of(entry)
        details = EntryDetails.from_body(entry.body.get(BODY_DETAILS, {}))
        postings = () if entry.kind is OperationKind.REVERSAL else postings_for(operation)
    except DomainError as error:
        return Parsed(operation, details, (), error)
    return Parsed(operation, details, postings, None)


# What each row of `_reads` answers (its first column).
_TIER = "tier"
_SPENT = "spent"
_USER = "user"
_TAKEN = "taken"
_NATIONAL_ID = "national_id"
_REVERSED = "reversed"


@functools.cache
def _reads(cifs: bool, dates: bool, national_ids: bool, originals: bool) -> CompoundSelect:
    """The customers' KYC tiers, what each moved on the batch's business days (per channel and kind,
    counting what is booked or awaiting approval: their day totals), the users, which entry ids are
    already taken, which national ids are registered, which originals are already reversed: one row
    each, as (what, key, text_1, text_2, text_3, number). Built once for each set of parts a batch
    needs (`cifs`: whether it has any, and so on); the values are bound at each execution."""
    counted = [status.value for status in COUNTED_STATUSES]
    users = select(*_row(_USER, _u.user_id, _u.role, number=_u.active))
    parts = [
        users.where(_u.user_id.in_(_values("user_ids"))),
        select(*_row(_TAKEN, _e.entry_id)).where(_e.entry_id.in_(_values("entry_ids"))),
    ]
    if cifs:
        parts.append(select(*_row(_TIER, _c.cif, number=_c.kyc_tier)).where(_c.cif.in_(_values("cifs"))))
    if cifs and dates:  # kept per key by the ingest (services.day_totals): no adding up the day here
        kept = _row(_SPENT, _t.customer_cif, _t.business_date, _t.channel, _t.kind, number=_t.amount_cents)
        on_days = _t.customer_cif.in_(_values("cifs")), _t.business_date.in_(_values("dates"))
        parts.append(select(*kept).where(*on_days))
    if national_ids:
        registered = _c.national_id.in_(_values("national_ids"))
        parts.append(select(*_row(_NATIONAL_ID, _c.national_id)).where(registered))
    if originals:
        reversed_already = _e.reverses_entry_id.in_(_values("originals")), _e.status.in_(counted)
        parts.append(select(*_row(_REVERSED, _e.reverses_entry_id)).where(*reversed_already))
    return union_all(*parts)


@functools.cache
def _lock_accounts() -> Select[Any]:
    """The accounts named by `accounts`, locked, in key order (see `Books.load`)."""
    return (
        select(_a.account, _a.cif, _a.balance_cents)
        .where(_a.account.in_(_values("accounts")))
        .order_by(_a.account)
        .with_for_update()
    )


def _values(name: str) -> BindParameter[Any]:
    """A list of values bound by `name` at execution: IN (...) with as many as it is given."""
    return bindparam(name, expanding=True)


def _row(
    what: str, key: ColumnElement[Any], *texts: ColumnElement[Any], number: ColumnElement[Any] | None = None
) -> list[ColumnElement[Any]]:
    """One part's columns, padded to the shape every part of `_reads` shares."""
    padded = [type_coerce(text, String) for text in texts] + [type_coerce(null(), String)] * (3 - len(texts))
    count = type_coerce(number if number is not None else null(), Integer)
    return [literal(what, String), type_coerce(key, String), *padded, count]


def _booked_postings(connection: Connection, entry_ids: set[str]) -> dict[str, tuple[Posting, ...]]:
    if not entry_ids:
        return {}
    found: dict[str, list[Posting]] = {}
    for row in connection.execute(
        select(_e.entry_id, _p.account, _p.amount_cents)
        .select_from(schema.entries.join(schema.postings, _POSTINGS_OF_ENTRY))
        .where(
            _e.entry_id.in_(sorted(entry_ids)),
            _e.status.in_([status.value for status in BOOKED_STATUSES]),
        )
        .order_by(_e.entry_id, _p.line)
    ):
        found.setdefault(row.entry_id, []).append(Posting(row.account, Money(row.amount_cents)))
    return {entry_id: tuple(postings) for entry_id, postings in found.items()}


def direction(kind: OperationKind) -> str:
    """What a day's total adds up: cash in with cash in, cash out with cash out, else the same kind."""
    return _DIRECTIONS[kind]


def _direction_of(kind: OperationKind) -> str:
    effect = OPERATION_SPECS[kind].cash_effect
    return kind.value if effect is CashEffect.NONE else f"cash_{effect.value}"


_DIRECTIONS = {kind: _direction_of(kind) for kind in OperationKind}  # asked for every entry, twice
_DIRECTIONS_BY_KIND_VALUE = {kind.value: spent for kind, spent in _DIRECTIONS.items()}  # every day total read


def add_to_balances(dialect_name: str) -> Insert:
    """The statement that books `Books.balance_rows()`: create accounts on first use and add each
    net movement to the balance, in one statement, for the ingest and a checker's approval alike.
    Adding (never setting) keeps it right when two transactions create an account at once."""
    if dialect_name == "sqlite":
        statement = sqlite_insert(schema.accounts)
        added = _a.balance_cents + statement.excluded.balance_cents
        return statement.on_conflict_do_update(index_elements=[_a.account], set_={"balance_cents": added})
    statement = mysql_insert(schema.accounts)
    added = _a.balance_cents + statement.inserted.balance_cents
    return statement.on_duplicate_key_update(balance_cents=added)
