"""Which loan entries a reversal may undo: the rule head office books by and the counter refuses by.

A disbursement is never reversed: a loan lent by mistake is repaid (early repayment closes it).
Of a loan's repayments only the latest standing one may be reversed: a later one was allocated
against the balances this one left, so taking an earlier one out would re-allocate the later ones
and the ledger, which booked their split, would no longer agree with the loan.

Each side names a repayment its own way (head office by device and sequence, the counter by its
place among the repayments it knows); the rule needs only one name per repayment and the booking
order. Head office knows every repayment; the counter knows those of its last pull and its own
since, so it refuses what head office will refuse where it can tell, and head office judges again.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from shared_core.errors import NotReversible, ensure


@dataclass(frozen=True, slots=True)
class RepaidLoan:
    """A repayment being reversed, the loan it was allocated against, and every repayment of that
    loan that stands (not reversed), oldest first, the one being reversed among them once."""

    loan_id: str
    repayment: Hashable
    standing: tuple[Hashable, ...]

    def __post_init__(self) -> None:
        ensure(
            self.standing.count(self.repayment) == 1,
            f"a repayment of loan {self.loan_id} being reversed stands once among its repayments",
        )

    @property
    def later(self) -> int:
        """How many repayments of the loan stand after this one."""
        return len(self.standing) - 1 - self.standing.index(self.repayment)


def check_loan_reversal(
    entry_id: str,
    *,
    lent_loan_id: str | None = None,
    repaid: RepaidLoan | None = None,
    reference: str | None = None,
) -> None:
    """NotReversible if the entry lent loan `lent_loan_id`, or made the repayment `repaid` that has
    a later repayment standing; an entry that did neither is no concern of the loans. The message
    names the entry by its receipt `reference` where the caller has it (the counter, where the
    teller typed it), else by its id."""
    assert lent_loan_id is None or repaid is None, "one entry lends a loan or repays one, never both"
    named = reference or entry_id
    if lent_loan_id is not None:
        raise NotReversible(
            f"Entry {named} disbursed loan {lent_loan_id}: a disbursed loan is not reversed, "
            "it is repaid (early repayment closes it)",
            entry_id=entry_id,
        )
    if repaid is not None and repaid.later:
        raise NotReversible(
            f"Entry {named} repaid loan {repaid.loan_id}, which has {repaid.later} later "
            "repayment(s) standing: reverse the latest first",
            entry_id=entry_id,
        )
