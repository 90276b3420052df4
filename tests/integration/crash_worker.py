"""A teller who never stops posting, to be killed: `python -m tests.integration.crash_worker DATA_DIR SEED`.

Run from the repository root. On its first run (no store in DATA_DIR yet) it sets up a branch
device with its customers and opens the till; on every later run it opens the store a killed
predecessor left behind, as the app does after a crash. It prints `ready <head sequence>`,
then posts deposits, withdrawals, transfers and now and then a customer registration, without
end, printing `committed <sequence> <entry id>` (flushed) after each commit returns. Whatever it
printed, the store promised; tests/integration/test_crash_safety.py holds it to that.

Kept lean: start-up (imports, the migration check) is most of each round of the crash test.
"""

from __future__ import annotations

import random
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.context import ServiceContext, Session, load_device
from desktop_app.services.customers import register_customer
from desktop_app.services.posting import Posted
from desktop_app.services.till import open_till
from desktop_app.services.transfers import request_transfer
from desktop_app.store import journal as stored_journal
from desktop_app.store import schema
from desktop_app.store.database import open_store
from desktop_app.store.paths import STORE_FILE_NAME
from desktop_app.store.pulled import put_account, put_customer
from shared_core.accounts import wallet_account
from shared_core.errors import DomainError
from shared_core.journal import parse_timestamp
from shared_core.money import Money
from shared_core.roles import parse_role
from tests.device_builders import FixedClock, make_counter

KES = Money.shillings
customers_at_set_up = 200
teller_user_id = "wanjiru"
# Allowances large enough that the loop never runs dry over hundreds of rounds: the test is
# about crashes, not about limits (tests/integration/test_cash_at_the_counter.py has those).
allowance_cents = KES(1_000_000_000)
allowance_hours = 24 * 365
opening_float = KES(5_000_000)
starting_balance = KES(200_000)


def _set_up(data_dir: Path) -> tuple[ServiceContext, Session]:
    counter = make_counter(
        data_dir,
        allowance_out=allowance_cents,
        allowance_in=allowance_cents,
        allowance_per_customer=allowance_cents,
        allowance_hours=allowance_hours,
    )
    with counter.store.write() as connection:
        for number in range(customers_at_set_up):
            cif = f"C{number:07d}"
            # Tier 3 has no balance cap, so a long run of deposits is never refused for it.
            put_customer(connection, cif=cif, national_id=f"{20_000_000 + number}",
                         full_name=f"Customer {number}", phone=f"2547{number:08d}", kyc_tier=3)
            put_account(connection, account=wallet_account(cif), cif=cif, label="Wallet",
                        balance_cents=starting_balance.cents)
    open_till(counter.context, counter.teller, opening_float=opening_float)
    return counter.context, counter.teller


def _reopen(path: Path) -> tuple[ServiceContext, Session]:
    store = open_store(path)
    with store.read() as connection:
        head = stored_journal.head(connection)
        user = connection.execute(select(schema.users).where(schema.users.c.user_id == teller_user_id)).one()
    assert head is not None, "a store is left behind only after its set-up committed"
    # The teller is still logged in: a password check would only slow every round down.
    session = Session(user_id=user.user_id, display_name=user.display_name, role=parse_role(user.role))
    # Time goes on from the last entry, as it would on the wall.
    clock = FixedClock(parse_timestamp(head.recorded_at) + timedelta(milliseconds=1))
    return ServiceContext(store=store, device=load_device(store), clock=clock), session


def _customers(context: ServiceContext) -> list[str]:
    with context.store.read() as connection:
        cif = schema.customers.c.cif
        return list(connection.execute(select(cif).order_by(cif)).scalars())


def _one_operation(
    context: ServiceContext, session: Session, customers: list[str], chance: random.Random
) -> Posted:
    roll = chance.random()
    cif = chance.choice(customers)
    amount = Money(chance.randrange(100, 500_000))  # KES 1.00 to KES 5,000.00
    if roll < 0.45:
        return deposit_cash(context, session, customer_cif=cif, amount=amount)
    if roll < 0.80:
        return withdraw_cash(context, session, customer_cif=cif, amount=amount)
    if roll < 0.96:
        other = chance.choice(customers)
        return request_transfer(context, session, customer_cif=cif, to_account=wallet_account(other),
                                amount=amount)
    number = chance.randrange(10_000_000, 100_000_000)  # an 8-digit ID; a repeat is refused, which is fine
    posted = register_customer(context, session, national_id=str(number), full_name=f"Walk-in {number}",
                               phone=f"07{number % 100_000_000:08d}")
    registration = stored_journal.details_of(posted.entry).registration
    assert registration is not None
    customers.append(registration.cif)
    return posted


def main(argv: list[str]) -> int:
    data_dir, seed = Path(argv[0]), int(argv[1])
    path = data_dir / STORE_FILE_NAME
    context, session = _reopen(path) if path.exists() else _set_up(data_dir)
    customers = _customers(context)
    with context.store.read() as connection:
        head = stored_journal.head(connection)
    print(f"ready {head.sequence if head else 0}", flush=True)
    chance = random.Random(seed)
    while True:
        try:
            posted = _one_operation(context, session, customers, chance)
        except DomainError:
            continue  # a refusal (a limit, funds, a repeated ID) writes nothing; carry on
        # Printed only after the commit returned: a promise the store must keep.
        print(f"committed {posted.entry.sequence} {posted.entry.entry_id}", flush=True)
        context.clock.advance(milliseconds=1)  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
