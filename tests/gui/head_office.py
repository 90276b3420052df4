"""Head office's answers, as a sync would record them, for GUI tests that run without a server:
the device's own `record_answers` takes an acknowledgement built here (signing is the sync's
business and is tested there)."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.store import schema
from desktop_app.sync.uploader import record_answers
from shared_core.journal import format_timestamp
from shared_core.results import Acknowledgement, EntryResult, EntryStatus
from tests.device_builders import Counter

REFUSED = (EntryStatus.REJECTED, "insufficient_funds", "The payer's wallet holds less than the transfer")


def answer_all(counter: Counter, refused: frozenset[int] = frozenset()) -> None:
    """Head office books every entry waiting, except the sequences in `refused`, which it rejects."""
    j = schema.journal.c
    with counter.store.read() as connection:
        rows = connection.execute(
            select(j.sequence, j.entry_id, j.entry_hash)
            .select_from(schema.outbox.join(schema.journal, schema.outbox.c.sequence == j.sequence))
            .order_by(j.sequence)
        ).all()
    assert rows, "nothing waits for an answer"
    results = []
    for row in rows:
        status, code, message = REFUSED if row.sequence in refused else (EntryStatus.BOOKED, None, "")
        results.append(EntryResult(row.entry_id, row.sequence, status, code, message, None))
    record_answers(
        counter.context,
        Acknowledgement(
            device_code=counter.context.device.device_code,
            batch_first_sequence=rows[0].sequence,
            batch_last_sequence=rows[-1].sequence,
            accepted_head_sequence=rows[-1].sequence,
            accepted_head_hash=rows[-1].entry_hash,
            server_time=format_timestamp(counter.clock.now()),
            results=tuple(results),
        ),
    )
