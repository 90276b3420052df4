"""Two branch counters pay the same customer while the link is down, then sync through gunicorn
(two workers) on MySQL. Cash that left a drawer is a fact: head office books both payments, and
the overdraft they make together goes into one exception for head office to chase, never larger
than the offline allowances the two counters held. The demo bank is set up with the operator's
CLI, the counters enrol over HTTP, and `wekeza-server check-ledger` judges the books afterwards.

    Juma's wallet at head office                          KES  25,000
    counter 1 (Wanjiru) pays him, offline                 KES -15,000   fits the 25,000 it sees
    counter 2 (Achieng) pays him, offline                 KES -20,000   fits the 25,000 it sees
    after both sync                                       KES -10,000   one offline_overdraft exception
    loss 10,000 <= 300,000 + 300,000 (each counter's per-customer allowance)
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.services.cash import withdraw_cash
from desktop_app.services.posting import Override, Posted
from desktop_app.services.till import open_till
from desktop_app.store import schema as device_schema
from desktop_app.store.replay import verify_journal
from shared_core.accounts import wallet_account
from shared_core.errors import AllowanceExhausted, InsufficientFunds
from shared_core.money import Money
from tests.e2e.branch_bank import HARDWARE, JUMA, BranchBank, BranchDevice, branch_bank

KES = Money.shillings


def sync_both(bank: BranchBank) -> None:
    """The link comes back: both counters send at once, each to whichever worker takes it."""
    with ThreadPoolExecutor(max_workers=len(bank.devices)) as pool:
        list(pool.map(BranchDevice.sync, bank.devices))


def allowance_drawn(device: BranchDevice, posted: Posted):  # noqa: ANN201 (a Row)
    """The signed allowance a payment was made under, as the device holds it."""
    j = device_schema.journal.c
    with device.context.store.read() as connection:
        allowance_id = connection.execute(
            select(j.allowance_id).where(j.sequence == posted.entry.sequence)
        ).scalar_one()
    assert allowance_id is not None, "an offline payment draws on the allowance"
    return device.allowance(allowance_id)


def audit_overdraft(bank: BranchBank, cif: str, paid: dict[str, Posted], *, shortfall: Money) -> None:
    """Both payments booked; exactly one open overdraft exception on the wallet, naming the
    shortfall and the payment that made it; the counter that made it told so."""
    booked = {
        row.device_code: row
        for device_code, posted in paid.items()
        for row in bank.server_rows("entries", device_code=device_code, sequence=posted.entry.sequence)
    }
    assert set(booked) == set(paid), "every payment reached head office"
    assert {row.entry_id for row in booked.values()} == {posted.entry.entry_id for posted in paid.values()}
    assert sorted(row.status for row in booked.values()) == ["booked", "booked_with_exception"]

    exceptions = bank.server_rows("exceptions", code="offline_overdraft")
    assert len(exceptions) == 1, exceptions
    exception = exceptions[0]
    assert (exception.status, exception.account, Money(exception.amount_cents)) == (
        "open", wallet_account(cif), shortfall)
    culprit = booked[exception.device_code]
    assert (culprit.sequence, culprit.status, culprit.code, culprit.exception_id) == (
        exception.sequence, "booked_with_exception", "offline_overdraft", exception.id)

    for device in bank.devices:
        answer = device.answer(paid[device.device_code].entry.sequence)
        made_it = device.device_code == exception.device_code
        expected = ("booked_with_exception", "offline_overdraft") if made_it else ("booked", None)
        assert (answer.status, answer.code) == expected, answer


@pytest.mark.mysql
def test_two_counters_pay_juma_offline_and_head_office_books_both_with_one_overdraft(
    mysql_url: str, tmp_path: Path
) -> None:
    with branch_bank(mysql_url, tmp_path, devices=2) as bank:
        first, second = bank.devices
        assert bank.server_wallet(JUMA) == KES(25_000)
        assert [device.available(JUMA) for device in bank.devices] == [KES(25_000), KES(25_000)]

        # The link drops. Each counter opens its till and pays Juma what fits the balance it pulled.
        paid: dict[str, Posted] = {}
        for device, amount in ((first, KES(15_000)), (second, KES(20_000))):
            open_till(device.context, device.teller, opening_float=KES(50_000))
            paid[device.device_code] = withdraw_cash(
                device.context, device.teller, customer_cif=JUMA, amount=amount)
        assert first.available(JUMA) == KES(10_000) and second.available(JUMA) == KES(5_000)
        assert [first.answer(paid[first.device_code].entry.sequence),
                second.answer(paid[second.device_code].entry.sequence)] == [None, None], "pending until sync"

        sync_both(bank)

        # Head office: both payments booked, together KES 10,000 more than Juma held.
        assert bank.server_wallet(JUMA) == KES(-10_000)
        audit_overdraft(bank, JUMA, paid, shortfall=KES(10_000))
        loss = -bank.server_wallet(JUMA)
        caps = sum((Money(allowance_drawn(device, paid[device.device_code]).per_customer_cap_cents)
                    for device in bank.devices), Money(0))
        assert loss <= caps  # the branch policy: KES 300,000 per customer per counter, 600,000 in all

        # After a pull every counter shows Juma's wallet as head office holds it, and pays no more.
        for device in bank.devices:
            device.pull()
            assert device.available(JUMA) == bank.server_wallet(JUMA) == KES(-10_000)
            with pytest.raises(InsufficientFunds):
                withdraw_cash(device.context, device.teller, customer_cif=JUMA, amount=KES(100))
            with device.context.store.read() as connection:
                assert verify_journal(connection).ok

        checked = bank.check_ledger()
        assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.mysql
def test_the_worst_two_counters_can_lose_offline_is_their_per_customer_allowances(
    mysql_url: str, tmp_path: Path
) -> None:
    """Wekeza Hardware Ltd holds KES 480,000, more than one counter may pay it offline (KES 300,000).
    Each counter pays the whole per-customer allowance, with the supervisor's override above
    KES 100,000, and then refuses another shilling although it still sees KES 180,000. Head
    office ends KES 120,000 short: 2 x 300,000 - 480,000, and never more."""
    with branch_bank(mysql_url, tmp_path, devices=2) as bank:
        supervisor = Override("otieno", bank.passwords["otieno"])
        balance = bank.server_wallet(HARDWARE)
        assert balance == KES(480_000)

        paid: dict[str, Posted] = {}
        caps = Money(0)
        for device in bank.devices:
            cap = Money(device.latest_allowance().per_customer_cap_cents)  # KES 300,000 by the branch policy
            assert cap < balance < cap + cap, "the scenario: one counter's cap below the balance, two above"
            caps += cap
            open_till(device.context, device.teller, opening_float=cap)
            paid[device.device_code] = withdraw_cash(
                device.context, device.teller, customer_cif=HARDWARE, amount=cap, override=supervisor)
            assert allowance_drawn(device, paid[device.device_code]).per_customer_cap_cents == cap.cents
            assert device.available(HARDWARE) == balance - cap  # KES 180,000 left, as far as it knows
            with pytest.raises(AllowanceExhausted):
                withdraw_cash(device.context, device.teller, customer_cif=HARDWARE, amount=KES(1))

        sync_both(bank)

        loss = -bank.server_wallet(HARDWARE)
        assert loss == caps - balance  # KES 120,000
        assert loss <= caps
        audit_overdraft(bank, HARDWARE, paid, shortfall=loss)
        for device in bank.devices:
            device.pull()
            assert device.available(HARDWARE) == bank.server_wallet(HARDWARE) == -loss

        checked = bank.check_ledger()
        assert checked.returncode == 0, checked.stdout + checked.stderr
