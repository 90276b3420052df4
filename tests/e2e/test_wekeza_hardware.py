"""Wekeza Hardware Ltd, an SME, at the branch: it borrows working capital through maker-checker and
buys WIBA cover for its staff in cash; the demo bank under gunicorn (two workers) on MariaDB, the
branch counter enrolled over HTTP, the supervisor deciding from head office's queue over HTTP.

    wanjiru: Hardware applies for KES 1,500,000 over 12 months         pending on the counter
    the counter syncs: head office scores it (turnover KES 24m, retail,  referred: above KES 1,000,000
    9 years trading, bureau clear), and it waits for a credit officer    a credit officer decides
    otieno approves it from the queue                                    disbursed to its wallet
    the counter pulls: the loan active, 12 monthly installments          wallet KES 1,980,000
    wanjiru: WIBA for a year on KES 6,000,000 of payroll, cash           the policy in force at once
    the counter syncs: head office prices it again and books the levies  policy row, levies owed
    wanjiru: November's payroll from the CSV (4 lines, KES 117,450.50)   pending, waiting for a checker
    kiptoo, its director, approves it from head office's queue over HTTP each line booked to its wallet
    the counter pulls: the run confirmed line by line                    the payment advice prints
    check-ledger                                                         clean
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.services.customer_loans import Standing, customer_loans
from desktop_app.services.insurance import buy_cover, insurance_tariff, quote_cover
from desktop_app.services.loans import apply_for_loan
from desktop_app.services.payroll import (
    payment_advice_pdf,
    payroll_run_status,
    read_payroll_file,
    submit_payroll_run,
)
from desktop_app.services.till import open_till
from desktop_app.sync.supervision import SupervisorClient, Verdict
from resources import resource_bytes
from shared_core.credit_policy import CreditOutcome
from shared_core.insurance import PaymentMethod, Product, WibaPayroll
from shared_core.insurance_tariff import OccupationClass
from shared_core.money import Money, parse_amount
from shared_core.payroll import PayrollFile
from tests.e2e.branch_bank import HARDWARE, JUMA, branch_bank
from tests.pdf_reading import pdf_text

KES = Money.shillings
HARDWARE_PAYROLL = (
    WibaPayroll(OccupationClass.SKILLED_MANUAL, KES(4_200_000), "Shop-floor and yard staff"),
    WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(1_800_000), "Office"),
)


def test_wekeza_hardware_borrows_working_capital_insures_its_staff_and_pays_them_through_checkers(
    mysql_url: str, tmp_path: Path
) -> None:
    with branch_bank(mysql_url, tmp_path, devices=1) as bank:
        (branch,) = bank.devices
        wallet_before = bank.server_wallet(HARDWARE)

        applied = apply_for_loan(
            branch.context, branch.teller, customer_cif=HARDWARE, product_code="sme_working_capital",
            amount=KES(1_500_000), installments=12,
        )
        branch.sync()
        assert branch.answer(applied.entry.sequence).status == "awaiting_approval"
        assert bank.server_wallet(HARDWARE) == wallet_before  # nothing lent before a checker says so

        supervisor = SupervisorClient(bank.base_url)
        session = supervisor.log_in("otieno", bank.passwords["otieno"])
        (waiting,) = [item for item in supervisor.queue(session).items if item.sequence == applied.entry.sequence]
        assert (waiting.customer_cif, waiting.amount) == (HARDWARE, KES(1_500_000))
        decided = supervisor.decide(session, branch.device_code, applied.entry.sequence, Verdict.APPROVED)
        assert decided.decision is Verdict.APPROVED
        assert bank.server_wallet(HARDWARE) == wallet_before + KES(1_500_000)

        branch.pull()
        (loan,) = customer_loans(branch.context, HARDWARE)
        assert loan.standing is Standing.ACTIVE
        assert loan.decision is not None and loan.decision.outcome is CreditOutcome.REFER
        assert loan.position is not None and loan.position.principal_outstanding == KES(1_500_000)
        assert (loan.terms.installments, loan.terms.frequency.value) == (12, "monthly")
        assert branch.available(HARDWARE) == wallet_before + KES(1_500_000)

        open_till(branch.context, branch.teller, opening_float=KES(20_000))
        tariff = insurance_tariff(branch.context)
        start = date.fromisoformat(branch.context.local_date())
        quote = quote_cover(tariff, Product.WIBA, start=start, payroll=HARDWARE_PAYROLL)
        sold = buy_cover(
            branch.context, branch.teller, customer_cif=HARDWARE, product=Product.WIBA,
            payment=PaymentMethod.CASH, tariff=tariff, start=start, payroll=HARDWARE_PAYROLL,
        )
        assert sold.posted.entry.body["amount_cents"] == quote.total.cents
        branch.sync()
        assert branch.answer(sold.posted.entry.sequence).status == "booked"
        (policy,) = bank.server_rows("insurance_policies", policy_number=sold.policy_number)
        assert (policy.cif, policy.product, policy.status) == (HARDWARE, "wiba", "in_force")
        assert policy.premium_cents + policy.levies_cents + policy.stamp_duty_cents == quote.total.cents

        payroll = read_payroll_file(
            branch.context, resource_bytes("demo/payroll_wekeza_hardware.csv"), employer_cif=HARDWARE
        )
        assert isinstance(payroll, PayrollFile), payroll
        juma_before, employer_before = bank.server_wallet(JUMA), bank.server_wallet(HARDWARE)
        run = submit_payroll_run(branch.context, branch.teller, payroll)
        branch.sync()
        assert branch.answer(run.entry.sequence).status == "awaiting_approval"
        assert bank.server_wallet(HARDWARE) == employer_before  # nothing paid before its checker

        director = supervisor.log_in("kiptoo", bank.passwords["kiptoo"])
        (waiting,) = supervisor.queue(director).items  # a director sees only the employer's payroll runs
        assert (waiting.sequence, waiting.amount) == (run.entry.sequence, parse_amount("117,450.50"))
        supervisor.decide(director, branch.device_code, run.entry.sequence, Verdict.APPROVED)
        assert bank.server_wallet(HARDWARE) == employer_before - parse_amount("117,450.50")
        assert bank.server_wallet(JUMA) == juma_before + KES(25_000)
        (stored,) = bank.server_rows("payroll_runs", device_code=branch.device_code, sequence=run.entry.sequence)
        assert len(bank.server_rows("payroll_lines", run_id=stored.run_id)) == 4

        branch.pull()
        status = payroll_run_status(branch.context, run.entry.sequence)
        assert status.answer is not None and status.answer.result.booked_count == 4
        advice = pdf_text(payment_advice_pdf(branch.context, run.entry.sequence), tmp_path)
        assert "Wekeza Hardware Ltd" in advice and "117,450.50" in advice and "kiptoo" in advice

        checked = bank.check_ledger()
        assert checked.returncode == 0, checked.stdout + checked.stderr
