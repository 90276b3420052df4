"""Juma borrows KES 5,000 at an agent, repays in cash at the branch, and the loan closes: the demo
bank under gunicorn (two workers) on MariaDB, set up with the operator's CLI; the agent's laptop
and a branch counter enrolled over HTTP.

    agent (akinyi): Juma applies for a Boost loan, KES 5,000 over 4 weeks     pending on the laptop
    the laptop syncs: head office scores it with what it holds (six months     approved within policy,
    of deposits, a customer since 2021, bureau clear)                          disbursed to the wallet
    the laptop pulls the loan: active, its scorecard and schedule there        wallet KES 30,000
    branch (wanjiru): Juma pays the payoff in cash                             closed on the counter at once
    the branch syncs: head office allocates it the same way and closes it      closed everywhere
    check-ledger                                                               clean
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.services.customer_loans import Standing, customer_loans
from desktop_app.services.loans import apply_for_loan
from desktop_app.services.till import open_till
from desktop_app.services.transfers import repay_loan_in_cash
from shared_core.accounts import loan_account
from shared_core.credit_policy import CreditOutcome
from shared_core.money import Money
from tests.e2e.branch_bank import JUMA, BranchDevice, branch_bank

KES = Money.shillings


def only_loan(device: BranchDevice):
    (loan,) = customer_loans(device.context, JUMA)
    return loan


def test_juma_borrows_at_the_agent_repays_cash_at_the_branch_and_the_loan_closes(
    mysql_url: str, tmp_path: Path
) -> None:
    with branch_bank(mysql_url, tmp_path, devices=1, agent=True) as bank:
        agent, (branch,) = bank.agent, bank.devices
        assert agent is not None
        wallet_before = bank.server_wallet(JUMA)

        applied = apply_for_loan(
            agent.context, agent.teller, customer_cif=JUMA, product_code="boost", amount=KES(5_000), installments=4
        )
        loan_id = applied.entry.body["details"]["loan"]["loan_id"]
        assert only_loan(agent).standing is Standing.PENDING

        agent.sync()
        assert agent.answer(applied.entry.sequence).status == "booked"
        lent = only_loan(agent)
        assert lent.decision is not None and lent.decision.outcome is CreditOutcome.APPROVE
        assert lent.standing is Standing.ACTIVE and lent.is_repayable
        assert lent.position is not None and lent.position.principal_outstanding == KES(5_000)
        assert agent.available(JUMA) == wallet_before + KES(5_000)
        assert bank.server_wallet(JUMA) == wallet_before + KES(5_000)

        branch.pull()
        open_till(branch.context, branch.teller, opening_float=KES(20_000))
        payoff = only_loan(branch).position.payoff
        assert KES(5_000) <= payoff < KES(5_100)  # a few days' interest at most, today
        repaid = repay_loan_in_cash(
            branch.context, branch.teller, customer_cif=JUMA, loan_account=loan_account(loan_id), amount=payoff
        )
        assert not only_loan(branch).is_repayable  # closed on the counter before any sync

        branch.sync()
        assert branch.answer(repaid.entry.sequence).status == "booked"
        (row,) = bank.server_rows("loans", loan_id=loan_id)
        assert row.status == "closed"
        (booked,) = bank.server_rows("loan_repayments", loan_id=loan_id)
        assert (booked.principal_cents, booked.excess_cents) == (KES(5_000).cents, 0)
        assert booked.principal_cents + booked.interest_cents + booked.penalties_cents == payoff.cents
        agent.pull()
        assert only_loan(branch).standing is Standing.CLOSED
        assert only_loan(agent).standing is Standing.CLOSED
        checked = bank.check_ledger()
        assert checked.returncode == 0, checked.stdout + checked.stderr
