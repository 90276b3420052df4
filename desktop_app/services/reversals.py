"""Undoing an entry: never an edit, always a reversal entry that a supervisor approves."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.posting import Extras, Override, Posted, post_in
from desktop_app.services.login import log_in
from desktop_app.store import journal as stored_journal
from desktop_app.store import schema
from shared_core.errors import AlreadyExists, InvalidOperation, NotFound
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind
from shared_core.results import EntryStatus

_j = schema.journal.c
_r = schema.entry_results.c


def request_reversal(
    context: ServiceContext, session: Session, *, reference: str, override: Override | None = None
) -> Posted:
    checker = log_in(context, override.user_id, override.password) if override else None
    with context.store.write() as connection:
        sequence = connection.execute(select(_j.sequence).where(_j.reference == reference.strip().upper())).scalar()
        if sequence is None:
            raise NotFound(f"No entry {reference} in this device's journal", reference=reference)
        original = stored_journal.entry_at(connection, sequence)
        assert original is not None
        if original.kind is OperationKind.REVERSAL:
            raise InvalidOperation(f"{reference} is itself a reversal; it cannot be reversed")
        # A reversal head office refused (a checker rejected it) no longer stands in the way.
        refused = select(_r.sequence).where(_r.status == EntryStatus.REJECTED.value)
        reversals = select(_j.content).where(
            _j.kind == OperationKind.REVERSAL.value, _j.sequence.not_in(refused)
        )
        for content in connection.execute(reversals).scalars():
            other = stored_journal.decode_row_content(content, 0)
            if stored_journal.details_of(other).original_entry_id == original.entry_id:
                raise AlreadyExists(f"{reference} was already reversed by {other.reference}")
        total = original.body["amount_cents"] + original.body["fee_cents"]
        if total <= 0:
            raise InvalidOperation(f"{reference} moved no money; there is nothing to reverse")
        operation = Operation(OperationKind.REVERSAL, original.channel, Money(total))
        extras = Extras(
            customer_cif=stored_journal.details_of(original).customer_cif, original_entry_id=original.entry_id
        )
        return post_in(context, connection, session, operation, extras, checker=checker)
