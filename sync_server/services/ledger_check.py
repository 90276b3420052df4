"""The central ledger checked against itself: every way the books disagree, not just the first.

- each booked entry's postings sum to zero, and the whole ledger does (a trial balance);
- so do each of head office's own correcting entries (head_office_entries), each of which has
  postings;
- each account's balance equals the sum of its postings, a device's and head office's alike
  (balances are a read model);
- a booked entry whose kind moves money has postings, and an entry not booked has none;
- each device's head is its last accepted entry: entries 1..last_sequence all there, and
  last_entry_hash is the hash of the last one (GENESIS_HASH before the first).

`wekeza-server check-ledger` prints these; a clean ledger gives an empty tuple. Each check is one
aggregate query, so the cost is one pass over the tables, whatever their size.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, literal, or_, select, union_all

from shared_core.errors import Violation
from shared_core.journal import GENESIS_HASH
from shared_core.money import Money, amount_cents_max
from shared_core.operations import OPERATION_SPECS
from sync_server.db import schema
from sync_server.services.books import BOOKED_STATUSES
from sync_server.services.day_totals import check_day_totals

_e = schema.entries.c
_p = schema.postings.c
_a = schema.accounts.c
_d = schema.devices.c
_ho = schema.head_office_entries.c
_hp = schema.head_office_postings.c
_POSTINGS_OF_ENTRY = and_(_p.device_code == _e.device_code, _p.sequence == _e.sequence)

_MONEY_KINDS = sorted(kind.value for kind, spec in OPERATION_SPECS.items() if spec.moves_money)
_BOOKED = [status.value for status in BOOKED_STATUSES]


def check_ledger(connection: Connection) -> tuple[Violation, ...]:
    return (
        *_unbalanced_entries(connection),
        *_unbalanced_head_office_entries(connection),
        *_trial_balance(connection),
        *_balances_off(connection),
        *_postings_missing(connection),
        *_postings_on_unbooked(connection),
        *_device_heads(connection),
        *check_day_totals(connection),  # the customers' day totals the ingest keeps, against their entries
    )


def _kes(cents: object) -> str:
    """An amount for a message, even one beyond what Money holds (a corrupt ledger can be)."""
    cents = int(cents)  # type: ignore[call-overload]
    return str(Money(cents)) if abs(cents) <= amount_cents_max else f"{cents} cents"


def _subject(device_code: str, sequence: int) -> str:
    return f"{device_code}/{sequence}"


def _unbalanced_entries(connection: Connection) -> list[Violation]:
    total = func.sum(_p.amount_cents)
    rows = connection.execute(
        select(_p.device_code, _p.sequence, total).group_by(_p.device_code, _p.sequence).having(total != 0)
    )
    return [
        Violation(
            "unbalanced_entry",
            f"The postings of entry {sequence} of device {device_code} sum to {_kes(cents)}, not zero",
            _subject(device_code, sequence),
        )
        for device_code, sequence, cents in rows
    ]


def _unbalanced_head_office_entries(connection: Connection) -> list[Violation]:
    """Head office's correcting entries: each has postings, and they sum to zero."""
    total = func.coalesce(func.sum(_hp.amount_cents), 0)
    rows = connection.execute(
        select(_ho.reference, total, func.count(_hp.id))
        .select_from(schema.head_office_entries.outerjoin(schema.head_office_postings, _hp.entry_id == _ho.id))
        .group_by(_ho.id, _ho.reference)
        .having(or_(total != 0, func.count(_hp.id) == 0))
        .order_by(_ho.id)
    )
    return [
        Violation(
            "unbalanced_entry" if count else "postings_missing",
            f"The postings of head office's entry {reference} sum to {_kes(cents)}, not zero"
            if count
            else f"Head office's entry {reference} is booked but has no postings",
            reference,
        )
        for reference, cents, count in rows
    ]


def _trial_balance(connection: Connection) -> list[Violation]:
    balances = int(connection.execute(select(func.coalesce(func.sum(_a.balance_cents), 0))).scalar_one())
    if balances == 0:
        return []
    return [Violation("trial_balance", f"The account balances sum to {_kes(balances)}, not zero")]


def _balances_off(connection: Connection) -> list[Violation]:
    both_journals = union_all(
        select(_p.account.label("account"), _p.amount_cents.label("amount_cents")),
        select(_hp.account.label("account"), _hp.amount_cents.label("amount_cents")),
    ).subquery()
    sums = (
        select(both_journals.c.account, func.sum(both_journals.c.amount_cents).label("cents"))
        .group_by(both_journals.c.account)
        .subquery()
    )
    posted = func.coalesce(sums.c.cents, 0)
    rows = connection.execute(
        select(_a.account, _a.balance_cents, posted)
        .select_from(schema.accounts.outerjoin(sums, sums.c.account == _a.account))
        .where(_a.balance_cents != posted)
        .order_by(_a.account)
    )
    return [
        Violation(
            "balance_mismatch",
            f"{account} has a balance of {_kes(balance)} but its postings sum to {_kes(cents)}",
            account,
        )
        for account, balance, cents in rows
    ]


def _postings_missing(connection: Connection) -> list[Violation]:
    has_postings = (
        select(literal(1))
        .where(_p.device_code == _e.device_code, _p.sequence == _e.sequence)
        .exists()
    )
    rows = connection.execute(
        select(_e.device_code, _e.sequence, _e.kind)
        .where(_e.status.in_(_BOOKED), _e.kind.in_(_MONEY_KINDS), ~has_postings)
        .order_by(_e.device_code, _e.sequence)
    )
    return [
        Violation(
            "postings_missing",
            f"Entry {sequence} of device {device_code} ({kind}) is booked but has no postings",
            _subject(device_code, sequence),
        )
        for device_code, sequence, kind in rows
    ]


def _postings_on_unbooked(connection: Connection) -> list[Violation]:
    rows = connection.execute(
        select(_e.device_code, _e.sequence, _e.status)
        .select_from(schema.entries.join(schema.postings, _POSTINGS_OF_ENTRY))
        .where(_e.status.not_in(_BOOKED))
        .group_by(_e.device_code, _e.sequence, _e.status)
        .order_by(_e.device_code, _e.sequence)
    )
    return [
        Violation(
            "postings_on_unbooked_entry",
            f"Entry {sequence} of device {device_code} is {status} yet has postings",
            _subject(device_code, sequence),
        )
        for device_code, sequence, status in rows
    ]


def _device_heads(connection: Connection) -> list[Violation]:
    counts = (
        select(
            _e.device_code.label("device_code"),
            func.count().label("entry_count"),
            func.max(_e.sequence).label("last_sequence"),
        )
        .group_by(_e.device_code)
        .subquery()
    )
    head = schema.entries.alias("head")
    entry_count = func.coalesce(counts.c.entry_count, 0)
    rows = connection.execute(
        select(
            _d.device_code,
            _d.last_sequence,
            _d.last_entry_hash,
            entry_count,
            counts.c.last_sequence,
            head.c.entry_hash,
        )
        .select_from(
            schema.devices.outerjoin(counts, counts.c.device_code == _d.device_code).outerjoin(
                head, and_(head.c.device_code == _d.device_code, head.c.sequence == _d.last_sequence)
            )
        )
        .where(
            or_(
                entry_count != _d.last_sequence,
                func.coalesce(counts.c.last_sequence, 0) != _d.last_sequence,
                and_(_d.last_sequence == 0, _d.last_entry_hash != GENESIS_HASH),
                and_(
                    _d.last_sequence > 0,
                    or_(head.c.entry_hash.is_(None), head.c.entry_hash != _d.last_entry_hash),
                ),
            )
        )
        .order_by(_d.device_code)
    )
    return [
        Violation(
            "device_head_mismatch",
            f"Device {device_code} says its head is entry {last_sequence} ({last_hash[:12]}...), but the "
            f"ledger holds {count} entries up to {held_last or 0}"
            + ("" if head_hash is None else f", the last hashed {head_hash[:12]}..."),
            device_code,
        )
        for device_code, last_sequence, last_hash, count, held_last, head_hash in rows
    ]
