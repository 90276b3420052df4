"""Undoing an entry: never an edit, always a reversal entry that a supervisor approves."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.customer_loans import loan_lent_by, repaid_loan
from desktop_app.services.login import log_in
from desktop_app.services.posting import Extras, Override, Posted, post_in
from desktop_app.services.standing_reversals import standing_reversals
from desktop_app.store import journal as stored_journal
from desktop_app.store import schema
from shared_core.errors import AlreadyExists, InvalidOperation, NotFound
from shared_core.loan_reversals import check_loan_reversal
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind

_j = schema.journal.c


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
        other = standing_reversals(connection).get(original.entry_id)
        if other is not None:
            raise AlreadyExists(f"{reference} was already reversed by {other.reference}")
        total = original.body["amount_cents"] + original.body["fee_cents"]
        if total <= 0:
            raise InvalidOperation(f"{reference} moved no money; there is nothing to reverse")
        # Head office's rule for a loan's entries, judged with what this device knows of the loan;
        # head office judges again with what only it knows (other counters' repayments since).
        check_loan_reversal(
            original.entry_id,
            lent_loan_id=loan_lent_by(connection, original),
            repaid=repaid_loan(connection, original),
            reference=original.reference,
        )
        operation = Operation(OperationKind.REVERSAL, original.channel, Money(total))
        extras = Extras(
            customer_cif=stored_journal.details_of(original).customer_cif, original_entry_id=original.entry_id
        )
        return post_in(context, connection, session, operation, extras, checker=checker)
