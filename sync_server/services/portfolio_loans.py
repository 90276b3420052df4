"""The loan book as of any date, rebuilt from each loan's terms and the repayments booked for it up
to that date (shared_core.loan_position, summed by shared_core.loan_portfolio), so the same code
gives today's book and its history at past month-ends.

The book holds the loans disbursed (active or closed now; never one awaiting approval or declined)
whose first period began by the date. Repayments count by the day they were paid (`paid_on`),
whenever they reached head office, so a past month-end changes when an offline repayment of that
month arrives later. A loan whose row says it closed on or before the date is counted as closed
without replaying it: it owes nothing then, and replaying it costs as much as an open loan's.

Cost: each open loan's repayments are replayed once for all the dates worked out, oldest first,
and its position taken on each date it is open: about 0.1 ms per loan and date with shared_core's
replay, so the work grows with open loans x dates. The replay makes millions of small objects, none
in a reference cycle, while every open loan's replay stays alive from one date to the next; the
cyclic garbage collector, woken every few hundred new objects, walked that whole live set again
and again (half the time of a cold book), so it is paused while the books are worked out
(`collector_paused`). `fingerprint` says what a date's book is made of, so a book worked out once
can be kept and reused while it still holds (services.portfolio_books).
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import hashlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, select

from shared_core.loan_origination import LoanStage
from shared_core.loan_portfolio import LoanBook, loan_book
from shared_core.loan_position import LoanPosition, loan_positions
from shared_core.loan_schedule import LoanTerms, schedule
from shared_core.loan_terms import LoanPolicy
from shared_core.money import Money
from sync_server.db import schema
from sync_server.services.loans import loan_terms_of

_l = schema.loans.c
_r = schema.loan_repayments.c
_e = schema.entries.c
BOOK_STATUSES = (LoanStage.ACTIVE.value, LoanStage.CLOSED.value)  # lent: disbursed at some point


@dataclass(frozen=True, slots=True)
class BookedLoan:
    """A loan as the book reads it: its stored terms, its repayments by the day they were paid."""

    loan_id: str
    cif: str
    reference: str | None  # the receipt reference of the entry that applied for it
    product_code: str
    terms: LoanTerms
    status: str  # now, at head office
    closed_on: date | None  # now, at head office
    paid_on: tuple[date, ...]  # sorted; same-day repayments in booking order
    amounts: tuple[Money, ...]
    digests: tuple[bytes, ...]  # [k]: what its terms and first k repayments are (see `fingerprint`)

    @property
    def start(self) -> date:
        return self.terms.start

    @property
    def principal(self) -> Money:
        return self.terms.principal

    def closed_by(self, day: date) -> bool:
        return self.closed_on is not None and self.closed_on <= day

    def repaid_by(self, day: date) -> int:
        """How many of its repayments were paid on or before `day`."""
        return bisect.bisect_right(self.paid_on, day)

    def position(self, day: date, policy: LoanPolicy) -> LoanPosition:
        return next(self.positions((day,), policy))

    def positions(self, days: Sequence[date], policy: LoanPolicy) -> Iterator[LoanPosition]:
        """Its position on each of `days` (oldest first), its repayments replayed once."""
        count = self.repaid_by(days[-1])
        repayments = list(zip(self.paid_on[:count], self.amounts[:count], strict=True))
        product = policy.product(self.product_code)
        return loan_positions(schedule(self.terms), repayments, days, product=product, policy=policy)


def read_loans(connection: Connection, as_of: date, *, cifs: Iterable[str] | None = None) -> list[BookedLoan]:
    """The loans of the book as of `as_of` (of `cifs` only, when given), with their repayments paid
    by then; two statements."""
    statement = (
        select(schema.loans, _e.reference)
        .join(schema.entries, and_(_e.device_code == _l.device_code, _e.sequence == _l.sequence))
        .where(_l.status.in_(BOOK_STATUSES), _l.applied_on <= as_of.isoformat())
        .order_by(_l.loan_id)
    )
    repayments = select(_r.id, _r.loan_id, _r.paid_on, _r.amount_cents).where(
        _r.paid_on <= as_of.isoformat(), _r.reversed_by_entry_id.is_(None)  # a reversed one never counts
    )
    if cifs is not None:
        wanted = sorted(set(cifs))
        if not wanted:
            return []
        statement = statement.where(_l.cif.in_(wanted))
        repayments = repayments.join(schema.loans, _l.loan_id == _r.loan_id).where(_l.cif.in_(wanted))
    rows = connection.execute(statement).all()
    paid: dict[str, list[tuple[str, int, int]]] = {row.loan_id: [] for row in rows}
    for repayment_id, loan_id, paid_on, cents in connection.execute(repayments.order_by(_r.id)):
        if loan_id in paid:
            paid[loan_id].append((paid_on, repayment_id, cents))
    loans = []
    for row in rows:
        made = sorted(paid[row.loan_id])  # by day paid, then booking order (the id)
        digest = hashlib.sha256(
            f"{row.loan_id}|{row.product_code}|{row.principal_cents}|{row.annual_rate}|{row.method}|"
            f"{row.frequency}|{row.installments}|{row.first_due_date}".encode()
        ).digest()
        digests = [digest]
        for paid_on, repayment_id, cents in made:
            digest = hashlib.sha256(digest + f"|{repayment_id}|{paid_on}|{cents}".encode()).digest()
            digests.append(digest)
        loans.append(
            BookedLoan(
                loan_id=row.loan_id,
                cif=row.cif,
                reference=row.reference,
                product_code=row.product_code,
                terms=loan_terms_of(row),
                status=row.status,
                closed_on=date.fromisoformat(row.closed_on) if row.closed_on else None,
                paid_on=tuple(date.fromisoformat(paid_on) for paid_on, _, _ in made),
                amounts=tuple(Money(cents) for _, _, cents in made),
                digests=tuple(digests),
            )
        )
    return loans


def fingerprint(loans: Sequence[BookedLoan], day: date) -> str:
    """What the book on `day` is made of: the loans begun by then, each one's terms, whether it had
    closed by then, and its repayments paid by then (ids, days, amounts). A repayment paid later,
    or a loan closing later, leaves it as it was."""
    digest = hashlib.sha256(day.isoformat().encode())
    for loan in loans:
        if loan.start <= day:
            digest.update(loan.digests[loan.repaid_by(day)])
            digest.update(b"c" if loan.closed_by(day) else b"o")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class DatedBook:
    """The book on one date, and the loans counted as closed without a replay (see the module)."""

    book: LoanBook
    closed_unreplayed: int

    @property
    def closed_loans(self) -> int:
        return self.book.total.closed_loans + self.closed_unreplayed


@dataclass(frozen=True, slots=True)
class WorkedOut:
    books: dict[date, DatedBook]
    positions: int  # loan positions taken: the work, for benchmarks and tests


def work_out_books(loans: Sequence[BookedLoan], days: Iterable[date], policy: LoanPolicy) -> WorkedOut:
    """The book on each of `days`, date by date, oldest first, each open loan's replay carried on
    from the date before (shared_core.loan_position.loan_positions): each repayment replayed once.
    `loans` as read_loans read them for the latest of `days` or later."""
    with collector_paused():
        return _work_out_books(loans, sorted(set(days)), policy)


def _work_out_books(loans: Sequence[BookedLoan], days: list[date], policy: LoanPolicy) -> WorkedOut:
    replays: dict[str, Iterator[LoanPosition]] = {}
    started = [(loan, loan.start) for loan in loans]  # worked out once: a date's arithmetic each time
    for loan, start in started:
        open_days = [day for day in days if start <= day and not loan.closed_by(day)]
        if open_days:
            replays[loan.loan_id] = loan.positions(open_days, policy)
    books, taken = {}, 0
    for day in days:
        in_book = [loan for loan, start in started if start <= day]
        closed = sum(1 for loan in in_book if loan.closed_by(day))
        positions = [next(replays[loan.loan_id]) for loan in in_book if not loan.closed_by(day)]
        taken += len(positions)
        book = loan_book(positions)
        if book.as_of is None:  # no open loan that day: an empty book, dated all the same
            book = LoanBook(day, book.total, book.by_product)
        books[day] = DatedBook(book, closed)
    return WorkedOut(books, taken)


_pause_lock = threading.Lock()
_pauses = 0  # books being worked out now, in this process's threads
_collector_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for the block (see the module), and for as long as any
    thread of the process is in such a block; as it was before once the last one leaves. Memory is
    still freed as it is let go: only objects in reference cycles wait for the collector."""
    global _pauses, _collector_was_enabled
    with _pause_lock:
        if _pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_enabled:
                gc.enable()
