"""Ingest one signed batch: verify it, book each new entry exactly once, answer with a signed
acknowledgement. One batch is one database transaction.

In order: decode (strictly); lock the device's row, so one device's batches book one at a time
(SELECT ... FOR UPDATE on MySQL, BEGIN IMMEDIATE on SQLite); refuse an unknown, revoked or frozen
device; verify the signature and the chain under the key the device enrolled with. The very same
bytes again get the stored acknowledgement, byte for byte. Entries already accepted are compared
with what was accepted: the same hash answers again (`duplicate` if it was booked), a different
hash is a fork, which freezes the device in a transaction of its own and is refused. A batch that
starts beyond the next sequence is a gap, one that does not follow the last accepted hash breaks
the chain: both are refused with nothing booked.

Each new entry is judged again (`services.judging`) over what the batch touches, loaded once
(`services.books`); the bookings (entries, postings, balances, the customers' day totals) are then
written in a handful of statements: O(entries).
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, Dialect, Insert, bindparam, insert, select, update

from shared_core import canonical
from shared_core.batch import Batch, BatchHeader, decode_batch, verify_batch
from shared_core.errors import (
    ChainBroken,
    DeviceFrozen,
    DeviceRevoked,
    DeviceUnknown,
    ForkDetected,
    SequenceGap,
)
from shared_core.exception_cases import exception_label
from shared_core.journal import JournalEntry, entry_to_wire, require_timestamp
from shared_core.limits import LimitTable
from shared_core.results import (
    Acknowledgement,
    EntryResult,
    EntryStatus,
    encode_signed_acknowledgement,
    message_length_max,
)
from shared_core.signing import load_public_key
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.books import BOOKED_STATUSES, Books, add_to_balances
from sync_server.services.day_totals import add_to_day_totals, day_totals_rows
from sync_server.services.devices import DeviceStatus, freeze_device
from sync_server.services.holds import complete_holds
from sync_server.services.judging import Judged, judge_entries

_d = schema.devices.c
_e = schema.entries.c
_b = schema.batches.c


# The statements every batch runs, built once: SQLAlchemy then finds their compiled form without
# working out a cache key for a new statement each time (about half of what a small one costs).
_LOCK_DEVICE = (
    select(_d.device_code, _d.status, _d.frozen_reason, _d.public_key_hex)
    .add_columns(_d.last_sequence, _d.last_entry_hash)
    .where(_d.device_code == bindparam("device"))
    .with_for_update()
)
_STORED_ACKNOWLEDGEMENT = select(_b.acknowledgement).where(
    _b.device_code == bindparam("device"),
    _b.first_sequence == bindparam("first"),
    _b.last_sequence == bindparam("last"),
    _b.body_sha256 == bindparam("body_sha256"),
)
_ADVANCE_DEVICE = update(schema.devices).where(_d.device_code == bindparam("device"))  # values as bound
_RECORD_BATCH = insert(schema.batches)
_RECORD_ANSWER_CHANGE = insert(schema.answer_changes)


@dataclass(frozen=True, slots=True)
class _Device:
    device_code: str
    status: str
    frozen_reason: str | None
    public_key_hex: str
    last_sequence: int
    last_entry_hash: str


@dataclass(frozen=True, slots=True)
class _Fork:
    sequence: int  # the first accepted sequence the batch contradicts


def ingest_batch(
    database: Database, data: bytes, *, server_key: Ed25519PrivateKey, limit_table: LimitTable, now: str
) -> bytes:
    """Book the batch in `data` once and return the encoded SignedAcknowledgement.

    A refusal of the whole batch raises its DomainError (the API maps it) with nothing booked:
    malformed bytes, an unknown/revoked/frozen device, a bad signature, a gap, a broken chain,
    a fork (after freezing the device and recording the fork, which stay committed).
    """
    require_timestamp(now, "now")
    if not isinstance(limit_table, LimitTable):
        raise TypeError(f"ingest_batch needs a LimitTable, got {type(limit_table).__name__}")
    batch = decode_batch(data)
    header = batch.header
    body_sha256 = hashlib.sha256(data).hexdigest()
    with UnitOfWork(database) as uow:
        connection = uow.connection
        device = _lock_device(connection, header.device_code)
        verify_batch(batch, load_public_key(device.public_key_hex))
        stored = _stored_acknowledgement(connection, header, body_sha256)
        if stored is not None:
            return stored  # the same bytes again: the same answer; the rollback changes nothing
        outcome = _book(
            connection, batch, device, server_key=server_key, limit_table=limit_table, now=now
        )
        if isinstance(outcome, bytes):
            run = {
                "device_code": header.device_code,
                "first_sequence": header.first_sequence,
                "last_sequence": header.last_sequence,
            }
            answered = {"body_sha256": body_sha256, "received_at": now, "acknowledgement": outcome}
            connection.execute(_RECORD_BATCH, run | answered)
            # The pull's cursor: this device's answers changed for the batch's run of sequences.
            connection.execute(_RECORD_ANSWER_CHANGE, run | {"changed_at": now})
            uow.commit()
            return outcome
    # A fork: the ingest was rolled back; the freeze and the record commit on their own.
    _record_fork(database, batch, body_sha256, outcome, now)
    raise ForkDetected(
        f"Device {header.device_code} sent entry {outcome.sequence} with content different from the "
        "entry already accepted at that sequence: its journal has forked. The device is frozen until "
        "head office investigates.",
        device_code=header.device_code,
        sequence=outcome.sequence,
    )


def _lock_device(connection: Connection, device_code: str) -> _Device:
    row = connection.execute(_LOCK_DEVICE, {"device": device_code}).first()
    if row is None:
        raise DeviceUnknown(f"Device {device_code} is not enrolled with this server", device_code=device_code)
    if row.status == DeviceStatus.REVOKED:
        raise DeviceRevoked(
            f"Device {device_code} was revoked by head office; its batches are refused", device_code=device_code
        )
    if row.status == DeviceStatus.FROZEN:
        raise DeviceFrozen(
            f"Device {device_code} is frozen ({row.frozen_reason or 'by head office'}); "
            "its entries wait until head office releases it",
            device_code=device_code,
        )
    return _Device(*row)


def _stored_acknowledgement(connection: Connection, header: BatchHeader, body_sha256: str) -> bytes | None:
    run = {"device": header.device_code, "first": header.first_sequence, "last": header.last_sequence}
    return connection.execute(_STORED_ACKNOWLEDGEMENT, run | {"body_sha256": body_sha256}).scalar()


def _book(
    connection: Connection,
    batch: Batch,
    device: _Device,
    *,
    server_key: Ed25519PrivateKey,
    limit_table: LimitTable,
    now: str,
) -> bytes | _Fork:
    """Judge and book the batch's new entries; the signed answer, or the fork that stops it."""
    header = batch.header
    if header.first_sequence > device.last_sequence + 1:
        raise SequenceGap(
            f"The batch starts at entry {header.first_sequence}, but the server holds entries up to "
            f"{device.last_sequence} from device {device.device_code}: entries are missing; send from "
            f"entry {device.last_sequence + 1}",
            device_code=device.device_code,
            expected_sequence=device.last_sequence + 1,
        )
    overlap_count = max(0, min(header.last_sequence, device.last_sequence) - header.first_sequence + 1)
    overlap, new = batch.entries[:overlap_count], batch.entries[overlap_count:]
    repeated = _answers_for_repeats(connection, device.device_code, overlap)
    if isinstance(repeated, _Fork):
        return repeated
    if new and new[0].previous_hash != device.last_entry_hash:
        raise ChainBroken(
            f"Entry {new[0].sequence} does not follow the last entry the server accepted from device "
            f"{device.device_code} (entry {device.last_sequence})",
            device_code=device.device_code,
            sequence=new[0].sequence,
        )
    if new:
        books = Books.load(connection, new, limit_table)
        judged = judge_entries(books, new)
        assert batch.received is not None, "a batch read by decode_batch carries its entries' bytes"
        contents = batch.received.entry_bytes[overlap_count:]  # stored as they arrived, not encoded again
        exception_ids = _write(connection, device.device_code, books, judged, contents, now)
        complete_holds(connection, device.device_code, judged, now=now)
        results = repeated + tuple(_result_of(item, exception_ids.get(item.entry.sequence)) for item in judged)
        head_sequence, head_hash = new[-1].sequence, new[-1].entry_hash
        connection.execute(
            _ADVANCE_DEVICE,
            {
                "device": device.device_code,
                "last_sequence": head_sequence,
                "last_entry_hash": head_hash,
                "last_batch_at": now,
                "app_version": header.app_version,
            },
        )
    else:
        results = repeated
        head_sequence, head_hash = device.last_sequence, device.last_entry_hash
        connection.execute(
            update(schema.devices)
            .where(_d.device_code == device.device_code)
            .values(last_batch_at=now, app_version=header.app_version)
        )
    acknowledgement = Acknowledgement(
        device_code=device.device_code,
        batch_first_sequence=header.first_sequence,
        batch_last_sequence=header.last_sequence,
        accepted_head_sequence=head_sequence,
        accepted_head_hash=head_hash,
        server_time=now,
        results=results,
    )
    return encode_signed_acknowledgement(acknowledgement, server_key)


def _answers_for_repeats(
    connection: Connection, device_code: str, overlap: tuple[JournalEntry, ...]
) -> tuple[EntryResult, ...] | _Fork:
    """The answers for entries the server already accepted, or the first one that differs (a fork).

    A booked entry answers `duplicate` (with the exception it raised, if any). One that was not
    booked answers what it answered the first time, so a device that lost that answer does not
    take a refusal, or a request still waiting for a checker, for a booking.
    """
    if not overlap:
        return ()
    rows = {
        row.sequence: row
        for row in connection.execute(
            select(_e.sequence, _e.entry_hash, _e.status, _e.code, _e.message, _e.exception_id).where(
                _e.device_code == device_code,
                _e.sequence >= overlap[0].sequence,
                _e.sequence <= overlap[-1].sequence,
            )
        )
    }
    results: list[EntryResult] = []
    for entry in overlap:
        row = rows.get(entry.sequence)
        assert row is not None, "every accepted sequence has its entry row"
        if row.entry_hash != entry.entry_hash:
            return _Fork(entry.sequence)
        status = EntryStatus(row.status)
        exception_id = exception_label(row.exception_id) if row.exception_id is not None else None
        if status in BOOKED_STATUSES:
            results.append(
                EntryResult(
                    entry.entry_id,
                    entry.sequence,
                    EntryStatus.DUPLICATE,
                    None,
                    f"Already received and {status.value.replace('_', ' ')}",
                    exception_id,
                )
            )
        else:
            results.append(EntryResult(entry.entry_id, entry.sequence, status, row.code, row.message, None))
    return tuple(results)


def _result_of(item: Judged, exception_id: int | None) -> EntryResult:
    has_exception = item.status is EntryStatus.BOOKED_WITH_EXCEPTION
    return EntryResult(
        item.entry.entry_id,
        item.entry.sequence,
        item.status,
        item.code,
        item.message[:message_length_max],
        exception_label(exception_id) if has_exception and exception_id is not None else None,
    )


def _write(
    connection: Connection,
    device_code: str,
    books: Books,
    judged: tuple[Judged, ...],
    contents: tuple[bytes, ...],
    now: str,
) -> dict[int, int]:
    """Write the batch's bookings; returns the exception id raised by each entry (by sequence)."""
    if books.new_customers:
        connection.execute(insert(schema.customers), books.new_customers)
    balance_rows = books.balance_rows()
    if balance_rows:
        _insert_many(connection, "balances", balance_rows)
    entry_rows: list[dict[str, object]] = [
        {
            "device_code": device_code,
            "sequence": item.entry.sequence,
            "entry_id": None if item.entry_id_taken else item.entry.entry_id,
            "entry_hash": item.entry.entry_hash,
            "kind": item.entry.kind.value,
            "nature": item.nature.value,
            "channel": item.entry.channel.value,
            "reference": item.entry.reference,
            "recorded_at": item.entry.recorded_at,
            "received_at": now,
            "business_date": item.business_date,
            "customer_cif": item.customer_cif,
            "amount_cents": item.amount_cents,
            "limit_table_version": item.entry.limit_table_version,
            "reverses_entry_id": item.reverses_entry_id,
            "content": content,
            "status": item.status.value,
            "code": item.code,
            "message": item.message[:message_length_max],
            "exception_id": None,
        }
        for item, content in zip(judged, contents, strict=True)
    ]
    _insert_many(connection, "entries", entry_rows)
    # Paired across storage: what is stored is what the entry encodes to (checked on one entry).
    assert contents[0] == canonical.encode(entry_to_wire(judged[0].entry)), "entry bytes cut out wrongly"
    posting_rows = [
        {
            "device_code": device_code,
            "sequence": item.entry.sequence,
            "line": line,
            "account": posting.account,
            "amount_cents": posting.amount.cents,
        }
        for item in judged
        for line, posting in enumerate(item.postings, start=1)
    ]
    if posting_rows:
        _insert_many(connection, "postings", posting_rows)
    books.loans.write(connection, now)
    books.insurance.write(connection, now)
    exception_ids: dict[int, int] = {}
    for item in judged:  # rare: one statement each is fine
        if item.exception is None:
            continue
        raised = item.exception
        exception_id = connection.execute(
            insert(schema.exceptions).values(
                code=raised.code,
                device_code=device_code,
                sequence=item.entry.sequence,
                account=raised.account,
                amount_cents=raised.amount_cents,
                status="open",
                created_at=now,
                note=raised.note,
            )
        ).inserted_primary_key[0]
        connection.execute(
            update(schema.entries)
            .where(_e.device_code == device_code, _e.sequence == item.entry.sequence)
            .values(exception_id=exception_id)
        )
        exception_ids[item.entry.sequence] = exception_id
    # The customers' day totals, after the accounts' locks; every writer adds to them in key order, so
    # two batches counting for the same customers wait for each other instead of deadlocking.
    day_rows = day_totals_rows(entry_rows)
    if day_rows:
        _insert_many(connection, "day_totals", day_rows)
    return exception_ids


# --- the batch's bulk inserts, compiled once -------------------------------------------------------
#
# A batch inserts a few hundred rows in three statements. Executed through SQLAlchemy, each row's
# parameters are processed in Python on every execution; these statements are compiled once per
# dialect into the driver's own SQL and their rows handed to the driver's executemany as they are
# (PyMySQL sends them as one multi-row INSERT). Every column they carry is text, an integer or
# bytes, which both drivers take unconverted.


_BULK_INSERTS: dict[str, tuple[Callable[[str], Insert], tuple[str, ...]]] = {
    "balances": (add_to_balances, ("account", "cif", "label", "balance_cents")),
    "day_totals": (add_to_day_totals, ("customer_cif", "business_date", "channel", "kind", "amount_cents")),
    "entries": (lambda _: insert(schema.entries), tuple(column.name for column in schema.entries.columns)),
    # Every column but the id, which is the database's own.
    "postings": (
        lambda _: insert(schema.postings),
        ("device_code", "sequence", "line", "account", "amount_cents"),
    ),
}
_compiled_bulk: weakref.WeakKeyDictionary[Dialect, dict[str, tuple[str, tuple[str, ...] | None]]]
_compiled_bulk = weakref.WeakKeyDictionary()


def _insert_many(connection: Connection, name: str, rows: list[dict[str, object]]) -> None:
    """Insert `rows` with the bulk statement `name` of `_BULK_INSERTS`, compiled on first use."""
    dialect = connection.dialect
    compiled = _compiled_bulk.setdefault(dialect, {})
    build, columns = _BULK_INSERTS[name]
    if name not in compiled:
        sql = build(dialect.name).compile(dialect=dialect, column_keys=list(columns))
        # A positional driver (SQLite's '?') takes tuples in the compiled order; a named one, the rows.
        order = tuple(sql.positiontup) if sql.positional and sql.positiontup is not None else None
        compiled[name] = (sql.string, order)
    sql_text, order = compiled[name]
    assert set(rows[0]) == set(columns), f"{name}: every row names exactly the statement's columns"
    parameters = [tuple(row[key] for key in order) for row in rows] if order is not None else rows
    connection.exec_driver_sql(sql_text, parameters)  # type: ignore[arg-type]


def _record_fork(database: Database, batch: Batch, body_sha256: str, fork: _Fork, now: str) -> None:
    header = batch.header
    with UnitOfWork(database) as uow:
        connection = uow.connection
        locked = connection.execute(
            select(_d.status).where(_d.device_code == header.device_code).with_for_update()
        ).scalar()
        assert locked is not None, "the device was found by the ingest"
        freeze_device(
            connection,
            header.device_code,
            f"fork at entry {fork.sequence}: a batch of {now} contradicts the entry accepted there",
        )
        connection.execute(
            insert(schema.forks).values(
                device_code=header.device_code,
                first_sequence=header.first_sequence,
                last_sequence=header.last_sequence,
                body_sha256=body_sha256,
                detected_at=now,
            )
        )
        uow.commit()
