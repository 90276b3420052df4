"""What the status bar shows about sync, read from the store: never what the OS says about the
network, and never "synced" while anything waits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from desktop_app.services.context import ServiceContext
from desktop_app.store import schema
from desktop_app.store.database import get_setting
from desktop_app.sync.uploader import LAST_SERVER_TIME_KEY
from shared_core.journal import format_timestamp, parse_timestamp
from shared_core.money import Money


@dataclass(frozen=True, slots=True)
class SyncStatus:
    online: bool
    waiting: int
    oldest_waiting_age_s: int | None
    refused: int  # answered 'rejected': set aside for a supervisor, not blocking the rest
    last_sync_at: str | None  # the server's time in its last answer
    allowance_left: Money | None  # offline cash-out still allowed, while the allowance is valid
    last_error: str | None


def read_status(context: ServiceContext, *, online: bool, last_error: str | None) -> SyncStatus:
    now = context.clock.now()
    j, o, r = schema.journal.c, schema.outbox.c, schema.entry_results.c
    with context.store.read() as connection:
        waiting, oldest = connection.execute(
            select(func.count(), func.min(j.recorded_at)).select_from(
                schema.outbox.join(schema.journal, o.sequence == j.sequence)
            )
        ).one()
        refused = connection.execute(select(func.count()).where(r.status == "rejected")).scalar_one()
        last_sync = get_setting(connection, LAST_SERVER_TIME_KEY)
        allowance = connection.execute(
            select(schema.allowances).order_by(schema.allowances.c.issued_at.desc()).limit(1)
        ).first()
    allowance_left = None
    if allowance is not None and allowance.expires_at > format_timestamp(now):
        allowance_left = Money(max(allowance.cash_out_cap_cents - allowance.cash_out_used_cents, 0))
    return SyncStatus(
        online=online,
        waiting=waiting,
        oldest_waiting_age_s=_age_s(now, oldest) if oldest else None,
        refused=refused,
        last_sync_at=last_sync,  # type: ignore[arg-type]
        allowance_left=allowance_left,
        last_error=last_error,
    )


def _age_s(now: datetime, recorded_at: str) -> int:
    return max(int((now - parse_timestamp(recorded_at)).total_seconds()), 0)


refused_rows_max = 500


@dataclass(frozen=True, slots=True)
class RefusedEntry:
    sequence: int
    reference: str
    kind: str
    amount: Money
    code: str | None
    message: str


def read_refused(context: ServiceContext) -> list[RefusedEntry]:
    """The entries head office refused, newest first: set aside for a supervisor."""
    j, r = schema.journal.c, schema.entry_results.c
    with context.store.read() as connection:
        rows = connection.execute(
            select(j.sequence, j.reference, j.kind, j.amount_cents, r.code, r.message)
            .select_from(schema.entry_results.join(schema.journal, r.sequence == j.sequence))
            .where(r.status == "rejected")
            .order_by(j.sequence.desc())
            .limit(refused_rows_max)
        ).all()
    return [RefusedEntry(row.sequence, row.reference, row.kind, Money(row.amount_cents), row.code, row.message or "")
            for row in rows]
