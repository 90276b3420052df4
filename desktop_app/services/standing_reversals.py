"""Which of this device's reversals stand: the rule for what a reversal strikes here, in one place.

services.reversals refuses to reverse an entry twice by it, and services.customer_loans strikes a
repayment by it. Its own module so that both can read it and services.reversals can read the loans.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from desktop_app.store import journal as stored_journal
from desktop_app.store import schema
from shared_core.journal import JournalEntry
from shared_core.operations import OperationKind
from shared_core.results import EntryStatus

_j = schema.journal.c
_p = schema.postings.c
_r = schema.entry_results.c
_REFUSED = select(_r.sequence).where(_r.status == EntryStatus.REJECTED.value)


def standing_reversals(connection: Connection, *, account: str | None = None) -> dict[str, JournalEntry]:
    """This device's reversals that stand, by the id of the entry each undoes (those that move
    `account`, if named), but none head office refused (a checker rejected it, or the original could
    not be undone). One not yet answered, or waiting for a checker at head office, stands, as its
    postings count in the local balance."""
    statement = select(_j.sequence, _j.content).where(
        _j.kind == OperationKind.REVERSAL.value, _j.sequence.not_in(_REFUSED)
    )
    if account is not None:
        statement = statement.where(_j.sequence.in_(select(_p.sequence).where(_p.account == account)))
    standing: dict[str, JournalEntry] = {}
    for sequence, content in connection.execute(statement.order_by(_j.sequence)):
        reversal = stored_journal.decode_row_content(content, sequence)
        original_entry_id = stored_journal.details_of(reversal).original_entry_id
        assert original_entry_id is not None, "a reversal names the entry it undoes"
        standing.setdefault(original_entry_id, reversal)
    return standing
