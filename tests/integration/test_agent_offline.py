"""An agent's laptop: cash in and out need head office online (Kenya's agent-banking guideline),
while repayments and registrations are captured offline for the server to confirm."""

from __future__ import annotations

import pytest

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.transfers import repay_loan_in_cash
from desktop_app.store.pulled import put_account
from shared_core.accounts import loan_account
from shared_core.channels import Channel
from shared_core.errors import LimitExceeded, OnlineOnly
from shared_core.money import Money
from tests.device_builders import Counter, add_customer, make_counter

KES = Money.shillings


@pytest.fixture
def agent(tmp_path) -> Counter:  # noqa: ANN001
    return make_counter(tmp_path, channel=Channel.AGENT, device_code="X9P3")


def test_agent_cash_out_offline_is_refused_with_a_reason(agent: Counter) -> None:
    juma = add_customer(agent, balance=KES(10_000))
    with pytest.raises(OnlineOnly, match="needs head office online"):
        withdraw_cash(agent.context, agent.teller, customer_cif=juma, amount=KES(1_000))
    with pytest.raises(OnlineOnly):
        deposit_cash(agent.context, agent.teller, customer_cif=juma, amount=KES(1_000))


def test_a_cash_loan_repayment_is_captured_offline_at_an_agent(agent: Counter) -> None:
    juma = add_customer(agent, balance=KES(0))
    with agent.store.write() as connection:
        put_account(connection, account=loan_account("L000007"), cif=juma, label="Loan", balance_cents=500_000)
    posted = repay_loan_in_cash(agent.context, agent.teller, customer_cif=juma, loan_account=loan_account("L000007"),
                                amount=KES(1_000))
    assert posted.entry.reference.startswith("AG-X9P3-")
    assert posted.entry.body["cash_account"] == "float:AG-X9P3"


def test_a_tier_1_customer_at_an_agent_gets_the_agent_tier_1_limit(agent: Counter) -> None:
    # Agent tier 1 allows KES 20,000 per transaction: a cent more is refused at the counter, link
    # or no link. Exactly 20,000 passes the limits, and is then paid only under head office's
    # online hold (tests/integration/test_online_holds.py): the link being up is not enough.
    agent.context.is_online = lambda: True
    juma = add_customer(agent, tier=1, balance=KES(60_000))
    with pytest.raises(LimitExceeded):
        withdraw_cash(agent.context, agent.teller, customer_cif=juma, amount=Money(2_000_001))
    with pytest.raises(OnlineOnly):
        withdraw_cash(agent.context, agent.teller, customer_cif=juma, amount=KES(20_000))
