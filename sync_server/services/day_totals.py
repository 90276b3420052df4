"""What each customer moved each business day, per channel and kind: a running total kept with
the entries it sums, so judging a day's limit reads a few keyed rows instead of adding up every
entry the customer made that day (a read that grew with the day).

A `day_totals` row holds the sum of `amount_cents` over the entries of its customer, business
date, channel and kind whose status counts towards the customer's day (`COUNTED_STATUSES`:
booked, booked with exception, awaiting a checker): exactly what `GROUP BY customer_cif,
business_date, channel, kind` over those entries gives, and `check_day_totals` compares the two.
It is a read model of the journal, like an account's balance, and is written the same way: by
adding (never setting), in the transaction that writes or changes the entries it sums, in key
order. Two ingests counting for the same customer at once each add their own amount and the
second waits for the first's row lock, so neither is lost and neither deadlocks the other.

Who moves it: the ingest (each batch's counted entries, `day_totals_rows`), and a checker's
decision that changes a waiting entry's status (`status_changed`): refused, it no longer counts;
approved and booked, it counted while it waited and still does.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Connection, Insert, func, literal, select, union_all
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from shared_core.errors import Violation
from shared_core.results import EntryStatus
from sync_server.db import schema
from sync_server.services.books import COUNTED_STATUSES

_t = schema.day_totals.c
_e = schema.entries.c
_COUNTED = frozenset(status.value for status in COUNTED_STATUSES)
_KEY = ("customer_cif", "business_date", "channel", "kind")


def day_totals_rows(entry_rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """What the entry rows about to be written add to the day totals: one row per key, in key
    order (the order every writer locks them in), leaving out keys whose amounts net to zero."""
    added: dict[tuple[object, ...], int] = {}
    for row in entry_rows:
        if row["customer_cif"] is not None and row["status"] in _COUNTED:
            key = tuple(row[name] for name in _KEY)
            added[key] = added.get(key, 0) + row["amount_cents"]  # type: ignore[operator]
    return [
        {"customer_cif": cif, "business_date": day, "channel": channel, "kind": kind, "amount_cents": cents}
        for (cif, day, channel, kind), cents in sorted(added.items())  # type: ignore[type-var]
        if cents
    ]


def add_to_day_totals(dialect_name: str) -> Insert:
    """The statement that adds `day_totals_rows` to the totals: a new key is inserted, a known one
    has the amount added to it, in one statement."""
    if dialect_name == "sqlite":
        statement = sqlite_insert(schema.day_totals)
        added = _t.amount_cents + statement.excluded.amount_cents
        return statement.on_conflict_do_update(index_elements=list(_KEY), set_={"amount_cents": added})
    statement = mysql_insert(schema.day_totals)
    return statement.on_duplicate_key_update(amount_cents=_t.amount_cents + statement.inserted.amount_cents)


def status_changed(
    connection: Connection, device_code: str, sequence: int, before: EntryStatus, after: EntryStatus
) -> None:
    """Keep the totals true when an entry's status changes from `before` to `after` (a checker's
    decision): it stops counting, or starts to. Call it in the transaction that changes the status."""
    sign = (after.value in _COUNTED) - (before.value in _COUNTED)
    if not sign:
        return
    row = connection.execute(
        select(_e.customer_cif, _e.business_date, _e.channel, _e.kind, _e.amount_cents).where(
            _e.device_code == device_code, _e.sequence == sequence
        )
    ).one()
    if row.customer_cif is None or not row.amount_cents:
        return
    connection.execute(
        add_to_day_totals(connection.dialect.name),
        [
            {
                "customer_cif": row.customer_cif,
                "business_date": row.business_date,
                "channel": row.channel,
                "kind": row.kind,
                "amount_cents": sign * row.amount_cents,
            }
        ],
    )


def check_day_totals(connection: Connection) -> tuple[Violation, ...]:
    """Every key where the day totals and the entries they sum disagree (a key missing on one side
    is zero there): one violation each, in one aggregate query; an empty tuple when they agree."""
    zero = literal(0, BigInteger)
    key_of_entries = (_e.customer_cif, _e.business_date, _e.channel, _e.kind)
    counted = select(*key_of_entries, _e.amount_cents.label("summed"), zero.label("kept")).where(
        _e.customer_cif.is_not(None), _e.status.in_(sorted(_COUNTED))
    )
    kept = select(_t.customer_cif, _t.business_date, _t.channel, _t.kind, zero, _t.amount_cents)
    both = union_all(counted, kept).subquery()
    summed, kept_total = func.sum(both.c.summed), func.sum(both.c.kept)
    key = (both.c.customer_cif, both.c.business_date, both.c.channel, both.c.kind)
    rows = connection.execute(
        select(*key, summed, kept_total).group_by(*key).having(summed != kept_total).order_by(*key)
    )
    return tuple(
        Violation(
            "day_total_off",
            f"Customer {cif}'s {kind} on {channel} on {day} totals {int(kept_cents)} cents in day_totals, "
            f"but the entries that count towards the day sum to {int(summed_cents)} cents",
            f"{cif}/{day}",
        )
        for cif, day, channel, kind, summed_cents, kept_cents in rows
    )
