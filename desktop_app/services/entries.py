"""What this device has recorded, as the receipts screen lists it: a business day's entries, or
those whose reference matches what the teller typed, each with the customer, the amount, where it
stands with head office (pending, confirmed, refused) and how many times its receipt was printed.

Read only; every entry is a committed journal row, so a listed entry can always be reprinted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, Select, and_, func, select

from desktop_app.services.context import ServiceContext
from desktop_app.store import schema
from shared_core.errors import InvalidInput
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.results import EntryStatus

entries_listed_max = 1_000  # a busy counter records a few hundred a day
reference_search_length_max = 40
_REFERENCE_TEXT = re.compile(r"[A-Z0-9-]+")
_j, _r, _c, _p = schema.journal.c, schema.entry_results.c, schema.customers.c, schema.receipt_prints.c
_a, _u = schema.approvals.c, schema.users.c


class EntryState(StrEnum):
    """Where an entry stands, as a teller says it."""

    PENDING = "pending"  # not yet answered by head office, or waiting for its approval there
    CONFIRMED = "confirmed"
    REFUSED = "refused"


_STATE_OF = {
    EntryStatus.BOOKED: EntryState.CONFIRMED,
    EntryStatus.BOOKED_WITH_EXCEPTION: EntryState.CONFIRMED,  # booked; head office resolves the exception
    EntryStatus.DUPLICATE: EntryState.CONFIRMED,
    EntryStatus.REJECTED: EntryState.REFUSED,
    EntryStatus.EXISTS_WITH_DIFFERENT_CONTENT: EntryState.REFUSED,
    EntryStatus.AWAITING_APPROVAL: EntryState.PENDING,
}
assert set(_STATE_OF) == set(EntryStatus), "every answer reads as a state"


@dataclass(frozen=True, slots=True)
class ListedEntry:
    sequence: int
    reference: str
    kind: OperationKind
    recorded_at: str  # UTC timestamp as stored
    business_date: str
    user_id: str
    customer_cif: str | None
    customer_name: str | None
    amount: Money
    state: EntryState
    refusal: str | None  # head office's reason, when refused
    copies_printed: int  # 0: never printed; 1: the original; 2 and more: copies


def _listing() -> Select:
    return (
        select(
            _j.sequence, _j.reference, _j.kind, _j.recorded_at, _j.business_date, _j.user_id, _j.customer_cif,
            _j.amount_cents, _r.status, _r.message, _c.full_name,
            func.coalesce(_p.copies_printed, 0).label("copies_printed"),
        )
        .select_from(
            schema.journal
            .outerjoin(schema.entry_results, _r.sequence == _j.sequence)
            .outerjoin(schema.customers, _c.cif == _j.customer_cif)
            .outerjoin(schema.receipt_prints, _p.sequence == _j.sequence)
        )
        .order_by(_j.sequence.desc())
    )


def _listed(connection: Connection, query: Select, rows_max: int) -> tuple[ListedEntry, ...]:
    return tuple(_entry(row) for row in connection.execute(query.limit(rows_max)))


def _entry(row) -> ListedEntry:  # noqa: ANN001 (a Row)
    state = _STATE_OF[EntryStatus(row.status)] if row.status else EntryState.PENDING
    return ListedEntry(
        sequence=row.sequence,
        reference=row.reference,
        kind=OperationKind(row.kind),
        recorded_at=row.recorded_at,
        business_date=row.business_date,
        user_id=row.user_id,
        customer_cif=row.customer_cif,
        customer_name=row.full_name,
        amount=Money(row.amount_cents),
        state=state,
        refusal=row.message if state is EntryState.REFUSED else None,
        copies_printed=row.copies_printed,
    )


def current_business_date(context: ServiceContext, connection: Connection) -> str:
    """The open till's business date at a branch; otherwise today where the device is."""
    t = schema.tills.c
    is_open = and_(t.cash_account == context.device.cash_account, t.closed_sequence.is_(None))
    opened = connection.execute(select(t.business_date).where(is_open)).scalar()
    return opened or context.local_date()


def entries_of_day(
    context: ServiceContext, business_date: str | None = None, *, rows_max: int = entries_listed_max
) -> tuple[ListedEntry, ...]:
    """The entries of `business_date` (default: the current one), newest first."""
    with context.store.read() as connection:
        day = business_date or current_business_date(context, connection)
        return _listed(connection, _listing().where(_j.business_date == day), rows_max)


def find_entries(
    context: ServiceContext, reference_text: str, *, rows_max: int = entries_listed_max
) -> tuple[ListedEntry, ...]:
    """Entries of any day whose reference contains what was typed ("000042", "br-k7q2-000042-9"),
    newest first: a customer may come back for a reprint days later."""
    text = reference_text.strip().upper()
    if len(text) > reference_search_length_max:
        raise InvalidInput(
            f"A reference is at most {reference_search_length_max} characters; check what was typed"
        )
    if not _REFERENCE_TEXT.fullmatch(text):
        raise InvalidInput(
            f"'{reference_text.strip()}' is not part of a reference; type e.g. 000042 or BR-K7Q2-000042"
        )
    # Letters, digits and dashes only: nothing in it reads as a LIKE wildcard.
    with context.store.read() as connection:
        return _listed(connection, _listing().where(_j.reference.like(f"%{text}%")), rows_max)


def approver_name(context: ServiceContext, sequence: int) -> str | None:
    """Who approved entry `sequence` at this PC (a supervisor's override), by name; None if nobody did."""
    with context.store.read() as connection:
        row = connection.execute(
            select(_a.checker_user_id, _u.display_name)
            .select_from(schema.approvals.outerjoin(schema.users, _u.user_id == _a.checker_user_id))
            .where(_a.sequence == sequence)
        ).first()
    if row is None:
        return None
    return row.display_name or row.checker_user_id
