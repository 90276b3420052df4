"""Printing from the journal: what the receipt says and what its QR code seals are exactly the
committed entry; the second print says COPY 1; the till report lists what has not synced."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.posting import Override
from desktop_app.services.printing import print_receipt, print_statement, print_till_report
from desktop_app.services.till import close_till, open_till
from desktop_app.store import journal as stored_journal
from shared_core.accounts import wallet_account
from shared_core.denominations import CashCount
from shared_core.money import Money
from shared_core.receipt_seal import parse_seal, verify_seal
from shared_core.signing import public_key_hex, load_public_key
from tests.device_builders import SUPERVISOR_PASSWORD, Counter, add_customer, make_counter
from tests.pdf_reading import pdf_text, scan_qr

KES = Money.shillings


@pytest.fixture
def counter(tmp_path: Path) -> Counter:
    counter = make_counter(tmp_path / "device")
    open_till(counter.context, counter.teller, opening_float=KES(20_000))
    return counter


def test_the_receipt_is_the_committed_entry_and_its_seal_verifies(counter: Counter, tmp_path: Path) -> None:
    juma = add_customer(counter, balance=KES(1_000), national_id="23456789", full_name="Juma Mwangi")
    posted = deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(5_000))
    receipt = print_receipt(counter.context, posted.entry.sequence, balance_after=posted.available_after)
    assert receipt.copy_number == 0
    text = pdf_text(receipt.pdf, tmp_path)
    for expected in (posted.entry.reference, "KES 5,000.00", "Five Thousand", "Shilingi elfu tano",
                     "*****789", "Juma Mwangi", "Wanjiru Kamau", "PENDING SYNC", "KES 6,000.00", "+03:00"):
        assert expected in text, expected
    assert "COPY" not in text

    seal = parse_seal(scan_qr(receipt.pdf, tmp_path, dpi=200))
    with counter.store.read() as connection:
        entry = stored_journal.entry_at(connection, posted.entry.sequence)
    assert entry is not None
    assert (seal.reference, seal.amount_cents, seal.device_code, seal.entry_hash) == (
        entry.reference, 500_000, "K7Q2", entry.entry_hash,
    )
    device_public_key = load_public_key(public_key_hex(counter.context.device_key))  # type: ignore[arg-type]
    verify_seal(seal, device_public_key)


def test_a_business_customers_receipt_prints_its_registration_as_it_is(counter: Counter, tmp_path: Path) -> None:
    hardware = add_customer(
        counter, "C0009001", tier=3, national_id="PVT-2016-48213", full_name="Wekeza Hardware Ltd"
    )
    posted = deposit_cash(counter.context, counter.teller, customer_cif=hardware, amount=KES(50_000))

    text = pdf_text(print_receipt(counter.context, posted.entry.sequence).pdf, tmp_path)

    assert "Wekeza Hardware Ltd" in text and "PVT-2016-48213" in text


def test_a_reprint_says_copy_and_its_count_and_leaves_out_the_balance(counter: Counter, tmp_path: Path) -> None:
    juma = add_customer(counter, balance=KES(1_000))
    posted = withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(300))
    print_receipt(counter.context, posted.entry.sequence, balance_after=posted.available_after)
    first_copy = print_receipt(counter.context, posted.entry.sequence, balance_after=posted.available_after)
    second_copy = print_receipt(counter.context, posted.entry.sequence)
    assert (first_copy.copy_number, second_copy.copy_number) == (1, 2)
    text = pdf_text(second_copy.pdf, tmp_path)
    assert "COPY 2" in text and "REPRINT" in text
    assert "KES 700.00" not in pdf_text(first_copy.pdf, tmp_path)


def test_the_statement_runs_from_the_last_confirmed_balance(counter: Counter, tmp_path: Path) -> None:
    juma = add_customer(counter, balance=KES(1_000))
    deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(500))
    withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(200), fee=KES(10))
    text = pdf_text(print_statement(counter.context, wallet_account(juma)), tmp_path)
    assert "1,000.00" in text and "1,500.00" in text and "1,290.00" in text


def test_the_till_report_lists_every_unsynced_entry(counter: Counter, tmp_path: Path) -> None:
    juma = add_customer(counter, balance=KES(5_000))
    deposit = deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(1_000))
    closed = close_till(counter.context, counter.teller, count=CashCount.of({1000: 20, 500: 1}),
                        override=Override("otieno", SUPERVISOR_PASSWORD))
    text = pdf_text(print_till_report(counter.context, closed, teller_name="Wanjiru Kamau",
                                      supervisor_name="Otieno Odhiambo"), tmp_path)
    assert "Not yet synced to head office: 2 entries" in text
    assert deposit.entry.reference in text
    assert "SHORT KES 500.00" in text  # 20,500 counted against 21,000 expected
