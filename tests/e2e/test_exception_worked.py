"""Issue 7's scenario: an overdraft two counters made offline is worked to its end, against the real
server (the demo bank under gunicorn, two workers, on MySQL) with the desktop app's own services and
its head office client over HTTP.

    Juma's wallet at head office                              KES  25,000
    counter 1 (Wanjiru) pays him, offline                     KES -15,000
    counter 2 (Achieng) pays him, offline                     KES -20,000
    both sync; both tills close, counted right                Juma's wallet KES -10,000: ONE exception
    Njeri (head office) assigns it to Otieno, the branch's supervisor
    Otieno comments and proposes writing the KES 10,000 off; he may not approve it himself
    Njeri approves: head office's entry HO-0000-...: expense debited, Juma's wallet credited 10,000
    -> resolved; Juma's wallet KES 0 at head office and on both counters after a pull;
       `wekeza-server check-ledger` exits 0; `wekeza-server reconcile` for the day exits 0
       (it exited 1 while the exception was open)
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from desktop_app.services.cash import withdraw_cash
from desktop_app.services.posting import Override
from desktop_app.services.till import close_till, open_till
from desktop_app.sync.client import ServerRefused
from desktop_app.sync.head_office import HeadOfficeClient
from shared_core.accounts import EXPENSE_OVERDRAFTS_WRITTEN_OFF
from shared_core.denominations import CashCount
from shared_core.exception_resolution import Correction, CorrectionKind
from shared_core.exception_steps import ExceptionStep, StepAction
from shared_core.money import Money
from tests.e2e.branch_bank import JUMA, BranchDevice, branch_bank
from tests.e2e.test_server_gunicorn import wekeza_server

KES = Money.shillings


def step(action: StepAction, note: str = "", **extra: object) -> ExceptionStep:
    return ExceptionStep(str(uuid.uuid4()), action, note, **extra)  # type: ignore[arg-type]


@pytest.mark.mysql
def test_two_counters_overdraw_juma_offline_and_the_one_exception_is_worked_to_resolved(
    mysql_url: str, tmp_path: Path
) -> None:
    with branch_bank(mysql_url, tmp_path, devices=2) as bank:
        supervisor = Override("otieno", bank.passwords["otieno"])
        for device, paid in zip(bank.devices, (KES(15_000), KES(20_000)), strict=True):
            open_till(device.context, device.teller, opening_float=KES(50_000))
            withdraw_cash(device.context, device.teller, customer_cif=JUMA, amount=paid)
            left = KES(50_000) - paid
            close_till(device.context, device.teller, count=CashCount.of({1000: left.cents // 100_000}),
                       override=supervisor)
        with ThreadPoolExecutor(max_workers=2) as pool:  # the link is back: both send at once
            list(pool.map(BranchDevice.sync, bank.devices))
        assert bank.server_wallet(JUMA) == KES(-10_000)
        day = bank.server_rows("exceptions")[0]
        [entry] = bank.server_rows("entries", device_code=day.device_code, sequence=day.sequence)
        business_date = entry.business_date
        reconciled = wekeza_server("reconcile", "--date", business_date, "--branch", "NBO-001",
                                   "--out", str(tmp_path / "before"), database_url=bank.database_url,
                                   data_dir=bank.data_dir)
        assert reconciled.returncode == 1 and "open_exception" in reconciled.stdout, reconciled.stdout

        head_office = HeadOfficeClient(bank.base_url)
        try:
            njeri = head_office.log_in("njeri", bank.passwords["njeri"])
            otieno = head_office.log_in("otieno", bank.passwords["otieno"])
            [listed] = head_office.exceptions(njeri, status="open").exceptions
            assert (listed.code, listed.amount, listed.entry.customer_cif) == ("offline_overdraft", KES(10_000), JUMA)
            number = listed.exception_id

            head_office.take_exception_step(njeri, number, step(StepAction.ASSIGN, assignee="otieno"))
            [mine] = head_office.exceptions(otieno, status="open").exceptions
            assert mine.assigned_to == "otieno"
            head_office.take_exception_step(otieno, number, step(StepAction.COMMENT, "Juma took cash at both counters"))
            head_office.take_exception_step(otieno, number, step(
                StepAction.PROPOSE, "Within the counters' allowances: the bank bears it",
                correction=Correction(CorrectionKind.WRITE_OFF, KES(10_000))))
            with pytest.raises(ServerRefused) as refused:
                head_office.take_exception_step(otieno, number, step(StepAction.APPROVE))
            assert refused.value.code == "maker_is_checker"

            approval = step(StepAction.APPROVE, "Loss accepted")
            approved = head_office.take_exception_step(njeri, number, approval)
            again = head_office.take_exception_step(njeri, number, approval)  # the answer was lost: sent again
            assert again.replayed and again.event == approved.event

            case = head_office.exception_case(njeri, number)
            assert case.summary.status.value == "resolved"
            assert [(event.action.value, event.user_id) for event in case.events] == [
                ("assigned", "njeri"), ("commented", "otieno"), ("resolution_proposed", "otieno"),
                ("resolution_approved", "njeri")]
            correcting = case.correcting_entry
            assert correcting is not None and correcting.reference.startswith("HO-0000-")
            assert (correcting.maker, correcting.checker) == ("otieno", "njeri")
            assert {(p.account, p.amount) for p in correcting.postings} == {
                (EXPENSE_OVERDRAFTS_WRITTEN_OFF, KES(10_000)), (f"wallet:{JUMA}", KES(-10_000))}

            report = head_office.reconciliation(njeri, date.fromisoformat(business_date), branch="NBO-001")
            assert [(line.label, line.status) for line in report.exceptions] == [(listed.label, "resolved")]
        finally:
            head_office.close()

        assert bank.server_wallet(JUMA) == KES(0)
        assert len(bank.server_rows("head_office_entries")) == 1
        for device in bank.devices:
            device.pull()
            assert device.available(JUMA) == KES(0)
        checked = bank.check_ledger()
        assert checked.returncode == 0, checked.stdout + checked.stderr
        reconciled = wekeza_server("reconcile", "--date", business_date, "--branch", "NBO-001",
                                   "--out", str(tmp_path / "after"), database_url=bank.database_url,
                                   data_dir=bank.data_dir)
        assert reconciled.returncode == 0, reconciled.stdout + reconciled.stderr
