"""A teller's day from till open to close: the count, over and short, unsynced entries.

Worked example: the till opens with KES 50,000 from the vault; Juma deposits 5,000 and
withdraws 2,000. The journal says the drawer holds 53,000.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.posting import Override
from desktop_app.services.till import close_till, open_till, till_position
from desktop_app.store import schema
from desktop_app.store.replay import verify_journal
from shared_core.channels import Channel
from shared_core.denominations import CashCount
from shared_core.errors import ApprovalRequired, InvalidOperation, MakerIsChecker, TillAlreadyOpen, TillNotOpen
from shared_core.money import Money
from shared_core.operations import OperationKind
from tests.device_builders import SUPERVISOR_PASSWORD, Counter, add_customer, make_counter

KES = Money.shillings
SUPERVISOR = Override("otieno", SUPERVISOR_PASSWORD)


@pytest.fixture
def counter(tmp_path) -> Counter:  # noqa: ANN001
    counter = make_counter(tmp_path)
    open_till(counter.context, counter.teller, opening_float=KES(50_000))
    juma = add_customer(counter, balance=KES(10_000))
    deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(5_000))
    withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(2_000))
    return counter


def count_of(total_shillings: int) -> CashCount:
    thousands, rest = divmod(total_shillings, 1000)
    return CashCount.of({1000: thousands, 1: rest})


def kinds(counter: Counter) -> list[str]:
    with counter.store.read() as connection:
        return list(connection.execute(select(schema.journal.c.kind).order_by(schema.journal.c.sequence)).scalars())


def test_the_position_shows_expected_cash_and_every_unsynced_entry(counter: Counter) -> None:
    position = till_position(counter.context)
    assert position.open and position.user_id == "wanjiru"
    assert position.expected_cash == KES(53_000)
    assert [entry.kind for entry in position.unsynced] == ["till_open", "cash_deposit", "cash_withdrawal"]
    assert dict((kind, total) for kind, _n, total in position.totals)["cash_deposit"] == KES(5_000)


def test_a_balanced_count_with_unsynced_entries_needs_a_supervisor_to_close(counter: Counter) -> None:
    with pytest.raises(ApprovalRequired, match="3 entries have not reached head office"):
        close_till(counter.context, counter.teller, count=count_of(53_000))
    assert kinds(counter)[-1] == "cash_withdrawal"  # nothing written
    closed = close_till(counter.context, counter.teller, count=count_of(53_000), override=SUPERVISOR)
    assert closed.difference == Money(0) and closed.over_short is None
    assert closed.close.entry.approved_by == "otieno"
    assert len(closed.position_before.unsynced) == 3
    assert not till_position(counter.context).open
    with counter.store.read() as connection:
        assert verify_journal(connection).ok


def test_a_short_till_books_the_shortage_with_the_close_in_one_transaction(counter: Counter) -> None:
    closed = close_till(counter.context, counter.teller, count=count_of(52_900), override=SUPERVISOR)
    assert closed.difference == KES(-100)
    assert closed.over_short is not None and closed.over_short.entry.kind is OperationKind.TILL_SHORT
    assert kinds(counter)[-2:] == ["till_short", "till_close"]
    assert till_position(counter.context).expected_cash == Money(0)  # all cash back in the vault


def test_an_over_till_needs_a_supervisor_even_with_nothing_unsynced(counter: Counter) -> None:
    with pytest.raises(ApprovalRequired, match="over"):
        close_till(counter.context, counter.teller, count=count_of(53_050))
    assert kinds(counter)[-1] == "cash_withdrawal"  # neither the over nor the close was written
    closed = close_till(counter.context, counter.teller, count=count_of(53_050), override=SUPERVISOR)
    assert closed.over_short is not None and closed.over_short.entry.kind is OperationKind.TILL_OVER


def test_the_teller_cannot_approve_their_own_close(tmp_path) -> None:  # noqa: ANN001
    counter = make_counter(tmp_path)
    open_till(counter.context, counter.supervisor, opening_float=KES(1_000))
    with pytest.raises(MakerIsChecker):
        close_till(counter.context, counter.supervisor, count=count_of(1_000), override=SUPERVISOR)


def test_a_till_opens_once_and_closes_once(counter: Counter) -> None:
    with pytest.raises(TillAlreadyOpen):
        open_till(counter.context, counter.teller, opening_float=KES(1))
    close_till(counter.context, counter.teller, count=count_of(53_000), override=SUPERVISOR)
    with pytest.raises(TillNotOpen):
        close_till(counter.context, counter.teller, count=count_of(0), override=SUPERVISOR)


def test_an_agent_has_no_till(tmp_path) -> None:  # noqa: ANN001
    agent = make_counter(tmp_path, channel=Channel.AGENT)
    with pytest.raises(InvalidOperation, match="float"):
        open_till(agent.context, agent.teller, opening_float=KES(1_000))
