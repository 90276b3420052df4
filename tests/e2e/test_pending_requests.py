"""Requests captured offline stay pending on the device until head office decides them, and the
device then shows the decision: confirmed, or refused with the server's code and no longer counted
in the balances it shows. The demo bank under gunicorn (two workers) on MySQL, set up with the
operator's CLI; branch counters enrolled over HTTP.

    Juma's wallet at head office                                      KES 25,000
    counter 1, offline: Juma asks for three transfers (requests)
      T1 KES 5,000 to Wekeza Hardware Ltd                             pending
      T2 KES 8,000 to Wekeza Hardware Ltd                             pending
      T3 KES 1,000 to wallet:C0007777, which the bank does not hold   pending
    counter 2 pays Juma KES 15,000 in cash and syncs first            KES 10,000
    counter 1 syncs:  T1 confirmed                                    KES  5,000
                      T2 refused, insufficient_funds (5,000 < 8,000)
                      T3 refused, not_found
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.services.cash import withdraw_cash
from desktop_app.services.customers import customer_profile
from desktop_app.services.posting import Posted
from desktop_app.services.printing import print_receipt
from desktop_app.services.till import open_till
from desktop_app.services.transfers import request_transfer
from desktop_app.store.replay import verify_journal
from desktop_app.sync.client import SyncClient
from desktop_app.sync.status import read_status
from desktop_app.sync.uploader import upload_once
from shared_core.accounts import wallet_account
from shared_core.money import Money
from tests.e2e.branch_bank import HARDWARE, JUMA, BranchDevice, branch_bank
from tests.pdf_reading import pdf_text

KES = Money.shillings
UNKNOWN_WALLET = wallet_account("C0007777")


def transfer(device: BranchDevice, to_account: str, amount: Money) -> Posted:
    return request_transfer(
        device.context, device.teller, customer_cif=JUMA, to_account=to_account, amount=amount)


def shown_statuses(device: BranchDevice, transfers: list[Posted]) -> list[str]:
    """The status of each transfer on Juma's profile, as the teller sees it at the counter."""
    recent = {entry.reference: entry.status for entry in customer_profile(device.context, JUMA).recent}
    return [recent[posted.entry.reference] for posted in transfers]


def answers(device: BranchDevice, transfers: list[Posted]) -> list[tuple[str, str | None] | None]:
    """Head office's answer to each transfer as the device recorded it; None while pending."""
    rows = [device.answer(posted.entry.sequence) for posted in transfers]
    return [None if row is None else (row.status, row.code) for row in rows]


def receipt_text(device: BranchDevice, posted: Posted, tmp_path: Path) -> str:
    """The printed receipt's words, its lines joined as a person reads them."""
    return " ".join(pdf_text(print_receipt(device.context, posted.entry.sequence).pdf, tmp_path).split())


def upload_only(device: BranchDevice) -> None:
    """The link is up for one exchange: the batch goes and the signed answer comes back, then it
    drops before the pull."""
    client = SyncClient(device.base_url)
    try:
        uploaded = upload_once(device.context, client, device.server_key, entries_max=100)
    finally:
        client.close()
    assert uploaded is not None


@pytest.mark.mysql
def test_transfers_captured_offline_become_confirmed_or_refused_after_sync(
    mysql_url: str, tmp_path: Path
) -> None:
    with branch_bank(mysql_url, tmp_path, devices=2) as bank:
        counter, other = bank.devices

        # Offline at counter 1: three transfers, each a request head office has yet to decide;
        # Juma takes a receipt for each.
        transfers = [
            transfer(counter, wallet_account(HARDWARE), KES(5_000)),
            transfer(counter, wallet_account(HARDWARE), KES(8_000)),
            transfer(counter, UNKNOWN_WALLET, KES(1_000)),
        ]
        assert answers(counter, transfers) == [None, None, None]
        assert shown_statuses(counter, transfers) == ["pending"] * 3
        for posted in transfers:
            receipt = receipt_text(counter, posted, tmp_path)
            assert "PENDING SYNC" in receipt and "not yet confirmed by the bank" in receipt, receipt
        status = read_status(counter.context, online=False, last_error=None)
        assert (status.waiting, status.refused) == (3, 0)
        # A pending request's debit counts at once; its credit only once head office confirms it.
        assert counter.available(JUMA) == KES(25_000 - 5_000 - 8_000 - 1_000)
        assert counter.available(HARDWARE) == KES(480_000)

        # Meanwhile counter 2 pays Juma KES 15,000 in cash, and its link is up first.
        open_till(other.context, other.teller, opening_float=KES(20_000))
        withdraw_cash(other.context, other.teller, customer_cif=JUMA, amount=KES(15_000))
        other.sync()
        assert bank.server_wallet(JUMA) == KES(10_000)

        # Counter 1's link comes back: its sync loop sends the batch, records the answers, pulls.
        counter.sync()
        assert answers(counter, transfers) == [
            ("booked", None), ("rejected", "insufficient_funds"), ("rejected", "not_found")]
        assert UNKNOWN_WALLET in counter.answer(transfers[2].entry.sequence).message
        assert shown_statuses(counter, transfers) == ["booked", "rejected", "rejected"]
        status = read_status(counter.context, online=True, last_error=None)
        assert (status.waiting, status.refused) == (0, 2)
        # Only T1 moved money: the device shows both wallets as head office holds them.
        assert counter.available(JUMA) == bank.server_wallet(JUMA) == KES(25_000 - 15_000 - 5_000)
        assert counter.available(HARDWARE) == bank.server_wallet(HARDWARE) == KES(480_000 + 5_000)

        # The teller reprints each receipt: it says what head office decided.
        confirmed, refused, unknown = (receipt_text(counter, posted, tmp_path) for posted in transfers)
        assert "CONFIRMED" in confirmed and "PENDING" not in confirmed and "COPY 1" in confirmed, confirmed
        for text in (refused, unknown):
            assert "REFUSED" in text and "No money has moved" in text and "COPY 1" in text, text

        booked = {row.sequence: row for row in bank.server_rows("entries", device_code=counter.device_code)}
        assert [(booked[posted.entry.sequence].status, booked[posted.entry.sequence].code)
                for posted in transfers] == [
            ("booked", None), ("rejected", "insufficient_funds"), ("rejected", "not_found")]
        assert bank.server_rows("exceptions") == [], "a refused request is decided, not an exception"
        with counter.context.store.read() as connection:
            assert verify_journal(connection).ok

        checked = bank.check_ledger()
        assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.mysql
def test_a_refused_request_stops_counting_as_soon_as_its_answer_arrives(
    mysql_url: str, tmp_path: Path
) -> None:
    """The answer is signed and recorded: a refused transfer moved nothing, so the balance the
    teller sees must not hold it against Juma while the device waits for its next pull.

        Juma's wallet, pulled                         KES 25,000
        T1 KES 5,000 to Wekeza Hardware Ltd           answered booked
        T3 KES 1,000 to wallet:C0007777               answered rejected, not_found
        Juma's wallet on the device, before a pull    KES 20,000 (not 19,000)
    """
    with branch_bank(mysql_url, tmp_path, devices=1) as bank:
        (counter,) = bank.devices
        transfers = [transfer(counter, wallet_account(HARDWARE), KES(5_000)),
                     transfer(counter, UNKNOWN_WALLET, KES(1_000))]
        assert counter.available(JUMA) == KES(19_000)  # both pending: both debits count

        upload_only(counter)
        assert answers(counter, transfers) == [("booked", None), ("rejected", "not_found")]
        assert shown_statuses(counter, transfers) == ["booked", "rejected"]
        assert counter.available(JUMA) == KES(20_000), "the refused KES 1,000 is still held against Juma"

        counter.pull()
        assert counter.available(JUMA) == bank.server_wallet(JUMA) == KES(20_000)
        checked = bank.check_ledger()
        assert checked.returncode == 0, checked.stdout + checked.stderr
