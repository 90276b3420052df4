"""A till's day as its booked till entries tell it: opened (TILL_OPEN), counted (TILL_OVER or
TILL_SHORT when the count differs from the drawer), closed (TILL_CLOSE, carrying the count), and
how it stands against the journal (shared_core.reconciliation_rules.till_status). Used by
services.reconciliation_cash.
"""

from __future__ import annotations

from shared_core.money import Money
from shared_core.reconciliation_report import TillLine
from shared_core.reconciliation_rules import till_status


class TillSession:
    """One till from its open to its close, as the day's booked till entries tell it."""

    def __init__(self, device_code: str) -> None:
        self.device_code = device_code
        self.teller = ""
        self.opened_reference: str | None = None
        self.opening_float: Money | None = None
        self.closed_reference: str | None = None
        self.declared: Money | None = None
        self.booked_over_short = Money(0)
        self.counted_before: int | None = None  # the first entry of the count: over/short, or the close

    def opened(self, reference: str, user_id: str, amount: Money) -> None:
        self.opened_reference, self.teller, self.opening_float = reference, user_id, amount

    def over_short(self, sequence: int, signed: Money) -> None:
        self.booked_over_short += signed
        self.counted_before = self.counted_before or sequence

    def closed(self, sequence: int, reference: str, user_id: str, declared: Money) -> None:
        self.closed_reference, self.teller, self.declared = reference, user_id, declared
        self.counted_before = self.counted_before or sequence

    def line(self, expected: Money, teller_name: str) -> TillLine:
        return TillLine(
            device_code=self.device_code,
            teller=self.teller,
            teller_name=teller_name,
            opened_reference=self.opened_reference,
            closed_reference=self.closed_reference,
            opening_float=self.opening_float,
            expected=expected,
            declared=self.declared,
            booked_over_short=self.booked_over_short,
            status=till_status(self.declared, expected, self.booked_over_short),
        )

