"""Head office's insurance policies as one batch's ingest sees them: the policies its premium entries
sell or pay for, loaded once each (locked), changed in memory as entries are judged, written with
the batch.

What a premium buys is head office's own reading, never the device's: the purchase the entry carries
is quoted again under head office's tariff (shared_core.insurance_sales), and a monthly personal
accident premium pays the month shared_core.insurance.cover_history says it pays, which after the
grace period is a reinstatement from the day it is paid (the days in between stay uncovered).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Connection, insert, select, update

from shared_core import canonical
from shared_core.entry_details import PolicyPurchase
from shared_core.errors import (
    AlreadyExists,
    InvalidInput,
    NotFound,
    PolicyNotFound,
    PolicyOfAnotherCustomer,
    PremiumMismatch,
)
from shared_core.insurance import CoverPeriod, CoverStatus, Product, Quote, cover_history
from shared_core.insurance_policy import PolicySale, check_cover_start
from shared_core.insurance_sales import premium_postings, quote_purchase
from shared_core.insurance_tariff import InsuranceTariff
from shared_core.ledger import Posting
from shared_core.operations import Operation
from sync_server.db import schema

_i = schema.insurance_policies.c
_m = schema.premium_payments.c
_entries = schema.entries
CANCELLED = schema.POLICY_CANCELLED

assert (*CoverStatus, CANCELLED) == schema.POLICY_STATUSES, "the table's check constraint names every status"


@dataclass(frozen=True, slots=True)
class SaleFigures:
    """What the sale that set a policy's terms cost, as the policy row keeps it."""

    tariff_version: int
    premium_cents: int
    levies_cents: int
    stamp_duty_cents: int

    @classmethod
    def of(cls, quote: Quote) -> SaleFigures:
        return cls(quote.tariff_version, quote.basic_premium.cents, quote.levies_total.cents, quote.stamp_duty.cents)


@dataclass(slots=True)
class PolicyState:
    """A policy as the batch leaves it, with every day a premium was paid for it."""

    policy_number: str
    cif: str
    purchase: PolicyPurchase  # the terms in force: the sale's, or its latest renewal's
    figures: SaleFigures  # what they cost when sold
    sold_on: date
    cover_start: date
    paid_through: date
    status: CoverStatus
    payments: list[date]
    paid_to: list[date]  # the last day each of `payments` paid for
    device_code: str
    sequence: int
    cancelled: bool = False  # its sale was reversed: no premium is taken for it again
    is_new: bool = False  # sold in this batch: inserted, not updated
    changed: bool = False

    @property
    def product(self) -> Product:
        return self.purchase.product


@dataclass(frozen=True, slots=True)
class PremiumSale:
    """A premium head office matched to its policy: what it books, and the cover it pays for."""

    purchase: PolicyPurchase
    cif: str
    paid_on: date
    quote: Quote
    cover: CoverPeriod  # the days this premium pays for
    status: CoverStatus  # the policy's, on the day paid, with this premium
    reinstated: bool  # a monthly premium after the grace period: cover again from the day paid

    @property
    def words(self) -> str:
        """What the counter is told: the policy and the days it now covers."""
        sale = self.purchase.sale
        number = self.purchase.policy_number
        period = f"{self.cover.start:%d %b %Y} to {self.cover.end:%d %b %Y}"
        if sale is PolicySale.NEW:
            return f"Policy {number}: {self.purchase.product.title} cover {period}"
        if sale is PolicySale.RENEWAL:
            return f"Policy {number} renewed: cover {period}"
        if self.reinstated:
            return f"Policy {number} had lapsed: reinstated from {period}"
        return f"Policy {number}: premium paid for {period}"


@dataclass(slots=True)
class InsuranceBook:
    connection: Connection
    tariff: InsuranceTariff
    loaded: dict[str, PolicyState | None] = field(default_factory=dict)  # by policy number
    payment_rows: list[dict[str, object]] = field(default_factory=list)
    paid_by_entry: dict[str, dict[str, object]] = field(default_factory=dict)  # this batch's, by entry id
    reversed_payments: list[tuple[int, str]] = field(default_factory=list)  # stored payment id, reversal's id

    def state(self, policy_number: str) -> PolicyState | None:
        if policy_number not in self.loaded:
            self.loaded[policy_number] = self._load(policy_number)
        return self.loaded[policy_number]

    def sell_to(
        self,
        operation: Operation,
        purchase: PolicyPurchase,
        cif: str | None,
        paid_on: date,
        customers: Container[str],
    ) -> tuple[tuple[Posting, ...], PremiumSale]:
        """`sell` to the customer head office found the premium to be for (a wallet's owner; for
        cash, the customer the entry names): NotFound unless `customers` (those head office holds,
        as loaded for the batch) has it."""
        if cif is None or cif not in customers:
            raise NotFound(
                f"Policy {purchase.policy_number} is sold to {cif or 'no customer'}: "
                "not a customer head office holds",
                policy_number=purchase.policy_number,
            )
        return self.sell(operation, purchase, cif, paid_on)

    def sell(
        self, operation: Operation, purchase: PolicyPurchase, cif: str, paid_on: date
    ) -> tuple[tuple[Posting, ...], PremiumSale]:
        """A premium's postings, split by head office's own quote, and the sale to commit once it is
        booked (nothing changes until `commit`). AlreadyExists for a new policy under a number
        already sold; PolicyNotFound / PolicyOfAnotherCustomer for a renewal or monthly premium of a
        policy head office does not hold, or holds for another customer; PremiumMismatch unless
        the amount is what the cover costs; InvalidInput for cover that may not start then."""
        number = purchase.policy_number
        check_cover_start(purchase.sale, purchase.cover_start, paid_on)
        state = self.state(number)
        if purchase.sale is PolicySale.NEW:
            if state is not None:
                raise AlreadyExists(f"Policy {number} was already sold", policy_number=number)
            quote = quote_purchase(purchase, self.tariff)
            sale = PremiumSale(purchase, cif, paid_on, quote, quote.period, CoverStatus.IN_FORCE, False)
        else:
            if state is None:
                raise PolicyNotFound(f"Policy {number} is not a policy head office issued", policy_number=number)
            if state.cancelled:
                raise PolicyNotFound(
                    f"Policy {number} was cancelled: its sale was reversed", policy_number=number
                )
            if state.cif != cif:
                raise PolicyOfAnotherCustomer(
                    f"Policy {number} is held by another customer, not {cif}", policy_number=number
                )
            if purchase.sale is PolicySale.RENEWAL:
                sale = self._renewal(state, purchase, cif, paid_on)
            else:
                sale = self._monthly_premium(state, purchase, cif, paid_on)
        return premium_postings(operation, purchase, sale.quote), sale

    def _renewal(self, state: PolicyState, purchase: PolicyPurchase, cif: str, paid_on: date) -> PremiumSale:
        assert purchase.cover_start is not None  # PolicyPurchase requires it of a renewal
        if purchase.cover_start <= state.paid_through:
            raise InvalidInput(
                f"cover_start: policy {state.policy_number} is paid through {state.paid_through}; "
                f"its renewal covers from {state.paid_through + timedelta(days=1)} on",
                field="cover_start",
            )
        quote = quote_purchase(purchase, self.tariff)
        return PremiumSale(purchase, cif, paid_on, quote, quote.period, CoverStatus.IN_FORCE, False)

    def _monthly_premium(
        self, state: PolicyState, purchase: PolicyPurchase, cif: str, paid_on: date
    ) -> PremiumSale:
        if purchase.plan != state.purchase.plan:
            raise PremiumMismatch(
                f"Policy {state.policy_number} is on the {state.purchase.plan} plan; this premium was "
                f"taken for the {purchase.plan} plan",
                policy_number=state.policy_number,
            )
        # As of the latest premium known: cover_history leaves out premiums paid after `as_of`, and
        # one paid offline can reach head office after a later one.
        as_of = max(paid_on, state.cover_start, *state.payments)
        grace_days = self.tariff.personal_accident_grace_days
        before = cover_history(state.cover_start, state.payments, as_of=as_of, grace_days=grace_days)
        after = cover_history(state.cover_start, [*state.payments, paid_on], as_of=as_of, grace_days=grace_days)
        reinstated = len(after.spells) > len(before.spells)
        cover_from = paid_on if reinstated else before.current.paid_through + timedelta(days=1)
        quote = quote_purchase(purchase, self.tariff, month_start=cover_from)
        cover = CoverPeriod(cover_from, after.current.paid_through)
        return PremiumSale(purchase, cif, paid_on, quote, cover, after.status, reinstated)

    def commit(self, sale: PremiumSale, device_code: str, sequence: int, entry_id: str | None = None) -> None:
        """The booked premium's effect: a new policy, another year of one, or another month."""
        purchase, quote = sale.purchase, sale.quote
        number = purchase.policy_number
        state = self.loaded.get(number)
        if purchase.sale is PolicySale.NEW:
            assert state is None, "a new policy's number was checked unsold by `sell`"
            self.loaded[number] = PolicyState(
                number, sale.cif, purchase, SaleFigures.of(quote), sale.paid_on, sale.cover.start, sale.cover.end,
                sale.status, [sale.paid_on], [sale.cover.end], device_code, sequence, is_new=True,
            )
        else:
            assert state is not None and state.cif == sale.cif, "a policy's premium was matched by `sell`"
            if purchase.sale is PolicySale.RENEWAL:
                state.purchase, state.figures = purchase, SaleFigures.of(quote)
            state.paid_through = sale.cover.end
            state.status = sale.status
            state.payments.append(sale.paid_on)
            state.paid_to.append(sale.cover.end)
            state.changed = True
        row: dict[str, object] = {
                "policy_number": number,
                "device_code": device_code,
                "sequence": sequence,
                "sale": purchase.sale.value,
                "paid_on": sale.paid_on.isoformat(),
                "cover_from": sale.cover.start.isoformat(),
                "cover_to": sale.cover.end.isoformat(),
                "tariff_version": quote.tariff_version,
                "amount_cents": quote.total.cents,
                "premium_cents": quote.basic_premium.cents,
                "levies_cents": quote.levies_total.cents,
                "stamp_duty_cents": quote.stamp_duty.cents,
                "levies": canonical.encode({levy.code: levy.amount.cents for levy in quote.levies}),
                "reversed_by_entry_id": None,
        }
        self.payment_rows.append(row)
        if entry_id is not None:
            self.paid_by_entry[entry_id] = row

    def reverse(self, original_entry_id: str, reversal_entry_id: str) -> None:
        """A booked reversal of an entry: if it paid a premium, the payment is struck (kept, marked
        with the reversal) and its policy goes back to what the other payments paid for; reversing
        the sale itself cancels the policy. Reversing anything else changes no policy."""
        row = self.paid_by_entry.get(original_entry_id)
        if row is not None:
            number, sale, paid_on, cover_to = (
                str(row["policy_number"]), str(row["sale"]), str(row["paid_on"]), str(row["cover_to"])
            )
            row["reversed_by_entry_id"] = reversal_entry_id
        else:
            stored = self.connection.execute(
                select(_m.id, _m.policy_number, _m.sale, _m.paid_on, _m.cover_to)
                .join(_entries, (_entries.c.device_code == _m.device_code) & (_entries.c.sequence == _m.sequence))
                .where(_entries.c.entry_id == original_entry_id, _m.reversed_by_entry_id.is_(None))
            ).first()
            if stored is None:
                return
            number, sale, paid_on, cover_to = stored.policy_number, stored.sale, stored.paid_on, stored.cover_to
            self.reversed_payments.append((stored.id, reversal_entry_id))
        state = self.state(number)
        assert state is not None, "a premium paid names a policy head office holds"
        state.changed = True
        if sale == PolicySale.NEW.value:
            state.cancelled = True
            return
        index = next(
            i for i, (paid, to) in enumerate(zip(state.payments, state.paid_to, strict=True))
            if paid.isoformat() == paid_on and to.isoformat() == cover_to
        )
        del state.payments[index], state.paid_to[index]
        state.paid_through = max(state.paid_to)
        if state.product is Product.PERSONAL_ACCIDENT:
            as_of = max(state.cover_start, *state.payments)
            state.status = cover_history(
                state.cover_start, state.payments, as_of=as_of, grace_days=self.tariff.personal_accident_grace_days
            ).status

    def write(self, connection: Connection, now: str) -> None:
        """Write the policies sold, the premiums booked and the policies they changed: after the
        batch's entries and new customers, which their foreign keys name."""
        new = [
            _policy_row(state) | {"created_at": now}
            for state in self.loaded.values()
            if state is not None and state.is_new
        ]
        if new:
            connection.execute(insert(schema.insurance_policies), new)
        if self.payment_rows:
            connection.execute(insert(schema.premium_payments), [row | {"created_at": now} for row in self.payment_rows])
        for payment_id, reversal_entry_id in self.reversed_payments:
            connection.execute(
                update(schema.premium_payments)
                .where(_m.id == payment_id)
                .values(reversed_by_entry_id=reversal_entry_id)
            )
        for state in self.loaded.values():
            if state is not None and state.changed and not state.is_new:
                row = _policy_row(state)
                for key in ("policy_number", "cif", "product", "sold_on", "cover_start", "device_code", "sequence"):
                    del row[key]  # what a later premium never changes
                connection.execute(
                    update(schema.insurance_policies).where(_i.policy_number == state.policy_number).values(row)
                )

    def _load(self, policy_number: str) -> PolicyState | None:
        row = self.connection.execute(
            select(schema.insurance_policies).where(_i.policy_number == policy_number).with_for_update()
        ).first()
        if row is None:
            return None
        paid = self.connection.execute(
            select(_m.paid_on, _m.cover_to)
            .where(_m.policy_number == policy_number, _m.reversed_by_entry_id.is_(None))
            .order_by(_m.id)
        ).all()
        purchase = PolicyPurchase.from_body(canonical.decode(bytes(row.details)))
        figures = SaleFigures(row.tariff_version, row.premium_cents, row.levies_cents, row.stamp_duty_cents)
        return PolicyState(
            row.policy_number, row.cif, purchase, figures, date.fromisoformat(row.sold_on),
            date.fromisoformat(row.cover_start), date.fromisoformat(row.paid_through),
            CoverStatus.LAPSED if row.status == CANCELLED else CoverStatus(row.status),
            [date.fromisoformat(paid_on) for paid_on, _ in paid], [date.fromisoformat(to) for _, to in paid],
            row.device_code, row.sequence, cancelled=row.status == CANCELLED,
        )


def _policy_row(state: PolicyState) -> dict[str, object]:
    figures = state.figures
    return {
        "policy_number": state.policy_number,
        "cif": state.cif,
        "product": state.product.value,
        "details": canonical.encode(state.purchase.to_body()),
        "tariff_version": figures.tariff_version,
        "sold_on": state.sold_on.isoformat(),
        "cover_start": state.cover_start.isoformat(),
        "paid_through": state.paid_through.isoformat(),
        "status": CANCELLED if state.cancelled else state.status.value,
        "premium_cents": figures.premium_cents,
        "levies_cents": figures.levies_cents,
        "stamp_duty_cents": figures.stamp_duty_cents,
        "device_code": state.device_code,
        "sequence": state.sequence,
    }
