"""What one journal entry does to the device's derived state, as data.

One pure function, `effects_of`, used both when an entry is appended and when `journal verify`
replays the journal; so the state written and the state checked come from the same rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, and_, update

from desktop_app.store import schema
from shared_core.accounts import Side, parse_account, wallet_account
from shared_core.entry_details import EntryDetails, Registration
from shared_core.journal import JournalEntry, operation_of
from shared_core.ledger import Posting, postings_for, reversal_postings
from shared_core.operations import OPERATION_SPECS, CashEffect, Nature, OperationKind
from shared_core.payroll_postings import requested_postings


@dataclass(frozen=True, slots=True)
class PostingRow:
    line: int
    account: str
    amount_cents: int
    available_cents: int


@dataclass(frozen=True, slots=True)
class Effects:
    postings: tuple[PostingRow, ...]
    till_opened: str | None = None  # the cash account of a till opened by this entry
    till_closed: str | None = None  # the cash account of a till closed by this entry
    approval_items: tuple[str, ...] = ()
    allowance_use: tuple[str, CashEffect, int] | None = None  # (allowance id, direction, cents)
    registration: Registration | None = None


def available_cents(posting: Posting, nature: Nature) -> int:
    """A posting's effect on what may still be spent from its account.

    Whatever reduces an account counts at once; whatever increases it counts only when it is a
    fact (cash that came in), never on a request the server has not decided yet.
    """
    side = parse_account(posting.account).type.normal_side
    increases = (posting.amount.cents > 0) == (side is Side.DEBIT)
    return posting.amount.cents if nature is Nature.FACT or not increases else 0


def effects_of(
    entry: JournalEntry, details: EntryDetails, original_postings: Callable[[str], tuple[Posting, ...]]
) -> Effects:
    spec = OPERATION_SPECS[entry.kind]
    operation = operation_of(entry)
    if entry.kind is OperationKind.REVERSAL:
        if details.original_entry_id is None:
            raise ValueError(f"reversal {entry.sequence} names no original entry")
        postings = reversal_postings(original_postings(details.original_entry_id))
    elif entry.kind is OperationKind.PAYROLL_RUN:
        # As asked, every line paid: the whole total held against the employer until head office answers.
        if details.payroll is None:
            raise ValueError(f"payroll run {entry.sequence} carries no lines")
        postings = requested_postings(operation, details.payroll)
    else:
        postings = postings_for(operation)
    rows = tuple(
        PostingRow(line, posting.account, posting.amount.cents, available_cents(posting, spec.nature))
        for line, posting in enumerate(postings, start=1)
    )
    allowance_use = None
    if details.allowance_id is not None and spec.cash_effect is not CashEffect.NONE:
        allowance_use = (details.allowance_id, spec.cash_effect, operation.amount.cents)
    return Effects(
        postings=rows,
        till_opened=operation.cash_account if entry.kind is OperationKind.TILL_OPEN else None,
        till_closed=operation.cash_account if entry.kind is OperationKind.TILL_CLOSE else None,
        approval_items=details.approval_items if entry.approved_by else (),
        allowance_use=allowance_use,
        registration=details.registration,
    )


def apply_effects(connection: Connection, entry: JournalEntry, details: EntryDetails, effects: Effects) -> None:
    """Write an entry's effects, in the transaction that appends it."""
    if effects.postings:
        connection.execute(
            schema.postings.insert(),
            [
                {
                    "sequence": entry.sequence,
                    "line": row.line,
                    "account": row.account,
                    "amount_cents": row.amount_cents,
                    "available_cents": row.available_cents,
                }
                for row in effects.postings
            ],
        )
    if effects.till_opened is not None:
        connection.execute(
            schema.tills.insert(),
            {
                "opened_sequence": entry.sequence,
                "cash_account": effects.till_opened,
                "user_id": entry.user_id,
                "business_date": details.business_date,
            },
        )
    if effects.till_closed is not None:
        t = schema.tills.c
        closed = connection.execute(
            update(schema.tills)
            .where(and_(t.cash_account == effects.till_closed, t.closed_sequence.is_(None)))
            .values(closed_sequence=entry.sequence)
        )
        assert closed.rowcount == 1, "a till is closed only when open"
    if entry.approved_by is not None:
        connection.execute(
            schema.approvals.insert(),
            {
                "sequence": entry.sequence,
                "items": ",".join(effects.approval_items),
                "maker_user_id": entry.user_id,
                "checker_user_id": entry.approved_by,
            },
        )
    if effects.allowance_use is not None:
        allowance_id, direction, cents = effects.allowance_use
        a = schema.allowances.c
        column = a.cash_in_used_cents if direction is CashEffect.IN else a.cash_out_used_cents
        connection.execute(
            update(schema.allowances).where(a.allowance_id == allowance_id).values({column: column + cents})
        )
    if effects.registration is not None:
        registration = effects.registration
        connection.execute(
            schema.customers.insert(),
            {
                "cif": registration.cif,
                "national_id": registration.national_id,
                "full_name": registration.full_name,
                "phone": registration.phone,
                "kyc_tier": int(registration.tier),
                "registered_sequence": entry.sequence,
            },
        )
        connection.execute(
            schema.accounts.insert(),
            {
                "account": wallet_account(registration.cif),
                "cif": registration.cif,
                "label": "Wallet",
                "pulled_balance_cents": 0,
                "pulled_through_sequence": 0,
            },
        )
    connection.execute(schema.outbox.insert(), {"sequence": entry.sequence, "attempts": 0})
