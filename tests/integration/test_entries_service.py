"""The receipts screen's reads: a business day's entries, a search by reference, and who approved.

Worked example, 24 November 2026 at the Nairobi CBD counter: the till opens with KES 100,000
(entry 1); Juma deposits KES 2,500 (2) and sends KES 1,000 to Amina (3); head office books the
first two and refuses the transfer. Then Juma's deposit receipt is printed twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.services.cash import deposit_cash
from desktop_app.services.entries import EntryState, approver_name, entries_of_day, find_entries
from desktop_app.services.posting import Override
from desktop_app.services.printing import print_receipt
from desktop_app.services.till import close_till, open_till
from desktop_app.services.transfers import request_transfer
from shared_core.accounts import wallet_account
from shared_core.denominations import CashCount
from shared_core.errors import InvalidInput
from shared_core.money import Money
from shared_core.operations import OperationKind
from tests.device_builders import SUPERVISOR_PASSWORD, Counter, add_customer, make_counter
from tests.gui.head_office import answer_all

KES = Money.shillings
JUMA, AMINA = "C0001234", "C0005678"


@pytest.fixture
def counter(tmp_path: Path) -> Counter:
    counter = make_counter(tmp_path)
    add_customer(counter, JUMA, balance=KES(50_000))
    add_customer(counter, AMINA, national_id="34567890", full_name="Amina Hassan", phone="254722000111")
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(2_500))
    request_transfer(counter.context, counter.teller, customer_cif=JUMA, to_account=wallet_account(AMINA),
                     amount=KES(1_000))
    return counter


def test_the_day_lists_every_entry_newest_first_with_customer_amount_and_state(counter: Counter) -> None:
    listed = entries_of_day(counter.context)
    assert [(e.sequence, e.kind, e.amount, e.customer_name, e.state) for e in listed] == [
        (3, OperationKind.TRANSFER, KES(1_000), "Juma Mwangi", EntryState.PENDING),
        (2, OperationKind.CASH_DEPOSIT, KES(2_500), "Juma Mwangi", EntryState.PENDING),
        (1, OperationKind.TILL_OPEN, KES(100_000), None, EntryState.PENDING),
    ]
    assert listed[0].reference.startswith("BR-K7Q2-000003-")
    assert all(entry.business_date == "2026-11-24" and entry.user_id == "wanjiru" for entry in listed)


def test_head_office_answers_turn_pending_into_confirmed_or_refused_with_the_reason(counter: Counter) -> None:
    answer_all(counter, refused=frozenset({3}))
    states = {entry.sequence: (entry.state, entry.refusal) for entry in entries_of_day(counter.context)}
    assert states[1] == (EntryState.CONFIRMED, None)
    assert states[2] == (EntryState.CONFIRMED, None)
    assert states[3] == (EntryState.REFUSED, "The payer's wallet holds less than the transfer")


def test_prints_are_counted_so_the_screen_knows_the_next_is_a_copy(counter: Counter) -> None:
    print_receipt(counter.context, 2)
    print_receipt(counter.context, 2)
    copies = {entry.sequence: entry.copies_printed for entry in entries_of_day(counter.context)}
    assert copies == {3: 0, 2: 2, 1: 0}


def test_another_day_lists_nothing_from_today(counter: Counter) -> None:
    assert entries_of_day(counter.context, "2026-11-23") == ()
    assert len(entries_of_day(counter.context, "2026-11-24")) == 3


def test_a_search_by_part_of_a_reference_finds_it_whatever_the_case(counter: Counter) -> None:
    deposit_reference = next(e.reference for e in entries_of_day(counter.context) if e.sequence == 2)
    assert [e.sequence for e in find_entries(counter.context, "000002")] == [2]
    assert [e.sequence for e in find_entries(counter.context, deposit_reference.lower())] == [2]
    assert [e.sequence for e in find_entries(counter.context, "br-k7q2")] == [3, 2, 1]
    assert find_entries(counter.context, "000099") == ()


@pytest.mark.parametrize("typed", ["%", "0000_2", "x" * 41, "BR K7Q2"])
def test_a_search_for_what_cannot_be_in_a_reference_is_refused_by_name(counter: Counter, typed: str) -> None:
    with pytest.raises(InvalidInput, match="reference"):
        find_entries(counter.context, typed)


def test_the_approver_of_a_close_is_named_and_other_entries_have_none(counter: Counter) -> None:
    closed = close_till(counter.context, counter.teller, count=CashCount.of({1000: 102, 500: 1}),
                        override=Override("otieno", SUPERVISOR_PASSWORD))
    assert approver_name(counter.context, closed.close.entry.sequence) == "Otieno Odhiambo"
    assert approver_name(counter.context, 2) is None
