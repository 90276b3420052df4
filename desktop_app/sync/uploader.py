"""Sending the outbox: the oldest waiting entries as one signed batch, and recording the
server's signed answers in the journal's results, in one local transaction.

Only a verified acknowledgement (signed with the server key pinned at enrolment, answering
exactly the entries sent) changes anything; a lost answer means the same entries go again, and
the server answers them `duplicate`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, bindparam, delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop_app.services.context import ServiceContext
from desktop_app.store import journal as stored_journal
from desktop_app.store import schema
from desktop_app.store.database import put_setting
from desktop_app.sync.client import SyncClient
from shared_core import __version__
from shared_core.batch import encode_batch, make_batch
from shared_core.journal import JournalEntry
from shared_core.results import Acknowledgement, check_answers, decode_acknowledgement, verify_acknowledgement

LAST_SERVER_TIME_KEY = "last_server_time"

_o = schema.outbox.c
_WAITING = (
    select(_o.sequence, schema.journal.c.content)
    .select_from(schema.outbox.join(schema.journal, _o.sequence == schema.journal.c.sequence))
    .order_by(_o.sequence)
    .limit(bindparam("entries_max"))
)


@dataclass(frozen=True, slots=True)
class UploadOutcome:
    sent: int
    statuses: Counter[str]
    accepted_head_sequence: int
    server_time: str


def waiting_entries(connection: Connection, entries_max: int) -> tuple[JournalEntry, ...]:
    rows = connection.execute(_WAITING, {"entries_max": entries_max}).all()
    return tuple(stored_journal.decode_row_content(row.content, row.sequence) for row in rows)


def upload_once(
    context: ServiceContext, client: SyncClient, server_key: Ed25519PublicKey, *, entries_max: int
) -> UploadOutcome | None:
    """Send up to `entries_max` waiting entries; None when nothing waits.

    Raises client.LinkDown (nothing recorded, send again later), client.ServerRefused (the batch as
    a whole was refused: upgrade needed, device revoked or frozen) or a DomainError when the answer
    does not verify (treated like a lost answer by the caller)."""
    if context.device_key is None:
        raise RuntimeError("this device has no key; enrol it first")
    with context.store.read() as connection:
        entries = waiting_entries(connection, entries_max)
    if not entries:
        return None
    batch = make_batch(entries, context.device_key, app_version=__version__)
    signed = decode_acknowledgement(client.upload(encode_batch(batch)))
    verify_acknowledgement(signed, server_key)
    check_answers(signed.acknowledgement, batch)
    record_answers(context, signed.acknowledgement)
    ack = signed.acknowledgement
    return UploadOutcome(
        sent=len(entries),
        statuses=Counter(result.status.value for result in ack.results),
        accepted_head_sequence=ack.accepted_head_sequence,
        server_time=ack.server_time,
    )


def record_answers(context: ServiceContext, ack: Acknowledgement) -> None:
    """Pending entries become confirmed, refused or exceptions; they leave the outbox together."""
    r = schema.entry_results.c
    rows = [
        {
            "sequence": result.sequence,
            "status": result.status.value,
            "code": result.code,
            "message": result.message or None,
            "acknowledged_at": ack.server_time,
        }
        for result in ack.results
    ]
    with context.store.write() as connection:
        statement = sqlite_insert(schema.entry_results)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=[r.sequence],
                set_={name: statement.excluded[name] for name in ("status", "code", "message", "acknowledged_at")},
            ),
            rows,
        )
        connection.execute(delete(schema.outbox).where(_o.sequence.in_([row["sequence"] for row in rows])))
        put_setting(connection, LAST_SERVER_TIME_KEY, ack.server_time)


def record_failure(context: ServiceContext, entries_max: int, error: str) -> None:
    """Count an attempt against the entries that were to go, so the status can show the trouble."""
    with context.store.write() as connection:
        sequences = list(connection.execute(select(_o.sequence).order_by(_o.sequence).limit(entries_max)).scalars())
        if sequences:
            connection.execute(
                schema.outbox.update()
                .where(_o.sequence.in_(sequences))
                .values(attempts=_o.attempts + 1, last_error=error[:500])
            )
