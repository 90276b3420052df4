"""`journal verify`: the chain is whole, and local state equals a replay of the journal.

Beancount builds balances from entries and never edits them by hand; we do the same and check
it: every derived table is recomputed from the journal with `effects.effects_of` (the function
that wrote it) and compared row by row. The first bad sequence is named.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from desktop_app.store import schema
from desktop_app.store.effects import effects_of
from desktop_app.store.journal import decode_row_content, details_of, iter_rows, row_for
from shared_core.errors import DomainError, Violation
from shared_core.journal import GENESIS_HASH
from shared_core.ledger import Posting
from shared_core.money import Money
from shared_core.operations import CashEffect


@dataclass(frozen=True, slots=True)
class VerifyReport:
    entries: int
    head_sequence: int
    head_hash: str
    problems: tuple[Violation, ...]
    first_bad_sequence: int | None

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            return (
                f"journal intact: {self.entries} entries, head {self.head_sequence} "
                f"{self.head_hash[:16]}, local state equals a replay"
            )
        first = self.problems[0]
        where = f"sequence {self.first_bad_sequence}" if self.first_bad_sequence else "local state"
        return f"journal NOT intact at {where}: {first.message} ({len(self.problems)} problem(s))"


@dataclass
class _Expected:
    postings: dict[tuple[int, int], tuple[str, int, int]] = field(default_factory=dict)
    postings_by_entry_id: dict[str, tuple[Posting, ...]] = field(default_factory=dict)
    tills: dict[int, tuple[str, str, str, int | None]] = field(default_factory=dict)
    approvals: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    allowance_used: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    registrations: dict[int, str] = field(default_factory=dict)
    sequences: list[int] = field(default_factory=list)


def verify_journal(connection: Connection) -> VerifyReport:
    problems: list[Violation] = []
    bad_sequences: list[int] = []
    expected = _Expected()
    previous_hash, next_sequence, head_hash = GENESIS_HASH, 1, GENESIS_HASH

    def problem(code: str, message: str, sequence: int | None) -> None:
        problems.append(Violation(code, message, f"sequence {sequence}" if sequence else "state"))
        if sequence is not None:
            bad_sequences.append(sequence)

    for row in iter_rows(connection):
        sequence = row["sequence"]
        try:
            entry = decode_row_content(row["content"], sequence)
        except DomainError as error:
            problem(error.code, f"entry {sequence} cannot be read back: {error.message}", sequence)
            break
        if entry.sequence != sequence or sequence != next_sequence:
            problem("sequence_gap", f"expected entry {next_sequence}, found {sequence}", sequence)
            break
        if entry.previous_hash != previous_hash:
            problem("chain_broken", f"entry {sequence} does not follow entry {sequence - 1}", sequence)
            break
        if row_for(entry) != row:
            problem("columns_differ", f"entry {sequence}'s columns differ from its content", sequence)
            break
        details = details_of(entry)
        effects = effects_of(entry, details, expected.postings_by_entry_id.__getitem__)
        _remember(expected, entry.sequence, entry.entry_id, entry.user_id, entry.approved_by, details, effects)
        previous_hash, head_hash, next_sequence = entry.entry_hash, entry.entry_hash, sequence + 1

    if not problems:
        _compare_state(connection, expected, problem)
    return VerifyReport(
        entries=next_sequence - 1,
        head_sequence=next_sequence - 1,
        head_hash=head_hash,
        problems=tuple(problems),
        first_bad_sequence=min(bad_sequences) if bad_sequences else None,
    )


def _remember(expected: _Expected, sequence, entry_id, user_id, approved_by, details, effects) -> None:  # noqa: ANN001
    expected.sequences.append(sequence)
    for row in effects.postings:
        expected.postings[(sequence, row.line)] = (row.account, row.amount_cents, row.available_cents)
    expected.postings_by_entry_id[entry_id] = tuple(
        Posting(row.account, Money(row.amount_cents)) for row in effects.postings
    )
    if effects.till_opened is not None:
        expected.tills[sequence] = (effects.till_opened, user_id, details.business_date, None)
    if effects.till_closed is not None:
        for opened, till in expected.tills.items():
            if till[0] == effects.till_closed and till[3] is None:
                expected.tills[opened] = (*till[:3], sequence)
    if approved_by is not None:
        expected.approvals[sequence] = (",".join(effects.approval_items), user_id, approved_by)
    if effects.allowance_use is not None:
        allowance_id, direction, cents = effects.allowance_use
        expected.allowance_used[allowance_id][0 if direction is CashEffect.IN else 1] += cents
    if effects.registration is not None:
        expected.registrations[sequence] = effects.registration.cif


def _compare_state(connection: Connection, expected: _Expected, problem) -> None:  # noqa: ANN001
    p = schema.postings.c
    stored_postings = {
        (row.sequence, row.line): (row.account, row.amount_cents, row.available_cents)
        for row in connection.execute(select(p.sequence, p.line, p.account, p.amount_cents, p.available_cents))
    }
    _compare("postings", expected.postings, stored_postings, problem)

    stored_tills = {
        row.opened_sequence: (row.cash_account, row.user_id, row.business_date, row.closed_sequence)
        for row in connection.execute(select(schema.tills))
    }
    _compare("tills", expected.tills, stored_tills, problem)

    stored_approvals = {
        row.sequence: (row.items, row.maker_user_id, row.checker_user_id)
        for row in connection.execute(select(schema.approvals))
    }
    _compare("approvals", expected.approvals, stored_approvals, problem)

    for row in connection.execute(select(schema.allowances)):
        cash_in, cash_out = expected.allowance_used.get(row.allowance_id, [0, 0])
        for direction, stored, replayed in (
            ("taken in", row.cash_in_used_cents, cash_in),
            ("paid out", row.cash_out_used_cents, cash_out),
        ):
            if stored != replayed:
                problem(
                    "allowance_differs",
                    f"allowance {row.allowance_id} shows {Money(stored)} {direction} offline, "
                    f"the journal says {Money(replayed)}",
                    None,
                )

    c = schema.customers.c
    stored_registrations = {
        row.registered_sequence: row.cif
        for row in connection.execute(select(c.registered_sequence, c.cif).where(c.registered_sequence.is_not(None)))
    }
    _compare("registrations", expected.registrations, stored_registrations, problem)

    answered = set(connection.execute(select(schema.entry_results.c.sequence)).scalars())
    waiting = {sequence: True for sequence in expected.sequences if sequence not in answered}
    stored_waiting = {sequence: True for sequence in connection.execute(select(schema.outbox.c.sequence)).scalars()}
    _compare("outbox", waiting, stored_waiting, problem)


def _compare(table: str, expected: dict, stored: dict, problem) -> None:  # noqa: ANN001
    for key in sorted(set(expected) | set(stored), key=repr):
        if expected.get(key) != stored.get(key):
            sequence = key[0] if isinstance(key, tuple) else key if isinstance(key, int) else None
            problem(
                f"{table}_differ",
                f"{table} differ from a replay of the journal at {key}: stored {stored.get(key)}, "
                f"replay {expected.get(key)}",
                sequence,
            )
