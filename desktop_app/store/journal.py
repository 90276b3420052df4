"""The device's journal on disk: append an entry, read entries back, find the head.

The row keeps the entry's full canonical encoding; the other columns are extracted from it at
append so that queries (a customer's day, an allowance's use) need not decode anything.
Reading an entry back recomputes its hash, so a row altered on disk is never trusted.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, select

from desktop_app.store import schema
from shared_core import canonical
from shared_core.entry_details import EntryDetails
from shared_core.journal import BODY_DETAILS, JournalEntry, entry_from_wire, entry_to_wire
from shared_core.operations import OPERATION_SPECS

_j = schema.journal.c


def details_of(entry: JournalEntry) -> EntryDetails:
    return EntryDetails.from_body(entry.body.get(BODY_DETAILS, {}))


def row_for(entry: JournalEntry) -> dict[str, object]:
    """The journal row of an entry: its encoding plus the columns queries use."""
    details = details_of(entry)
    spec = OPERATION_SPECS[entry.kind]
    return {
        "sequence": entry.sequence,
        "entry_id": entry.entry_id,
        "entry_hash": entry.entry_hash,
        "previous_hash": entry.previous_hash,
        "reference": entry.reference,
        "kind": entry.kind.value,
        "nature": spec.nature.value,
        "cash_effect": spec.cash_effect.value,
        "recorded_at": entry.recorded_at,
        "business_date": details.business_date,
        "user_id": entry.user_id,
        "customer_cif": details.customer_cif,
        "amount_cents": entry.body["amount_cents"],
        "allowance_id": details.allowance_id,
        "content": canonical.encode(entry_to_wire(entry)),
    }


def append(connection: Connection, entry: JournalEntry) -> None:
    connection.execute(schema.journal.insert(), row_for(entry))


def decode_row_content(content: bytes, sequence: int) -> JournalEntry:
    return entry_from_wire(canonical.decode(content), path=f"journal[{sequence}]")


_HEAD = select(_j.sequence, _j.entry_hash).order_by(_j.sequence.desc()).limit(1)


def head(connection: Connection, known: JournalEntry | None = None) -> JournalEntry | None:
    """The last entry. `known` (the entry this process appended last) is returned when the
    store's head is still exactly it, which saves decoding and re-hashing it."""
    row = connection.execute(_HEAD).first()
    if row is None:
        return None
    if known is not None and (known.sequence, known.entry_hash) == (row.sequence, row.entry_hash):
        return known
    return entry_at(connection, row.sequence)


def entry_at(connection: Connection, sequence: int) -> JournalEntry | None:
    content = connection.execute(select(_j.content).where(_j.sequence == sequence)).scalar()
    return None if content is None else decode_row_content(content, sequence)


def iter_rows(connection: Connection, *, batch_rows: int = 2_000) -> Iterator[dict[str, object]]:
    """Every journal row in sequence order, read in slices so memory stays flat."""
    after = 0
    while True:
        rows = connection.execute(
            select(schema.journal).where(_j.sequence > after).order_by(_j.sequence).limit(batch_rows)
        ).mappings().all()
        if not rows:
            return
        yield from (dict(row) for row in rows)
        after = rows[-1]["sequence"]
