"""A customer's loans at the counter: the pull brings each loan's terms, status, scorecard and the
repayments head office booked; the device replays them with its own later repayments, so the
amount due, the payoff and the days past due it shows count cash taken offline an hour ago, and
what it says a repayment will pay matches what head office books. Real devices and the real server
app over HTTP (httpx's WSGI transport), on SQLite and on MariaDB."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from desktop_app.services.cash import deposit_cash
from desktop_app.services.customer_loans import Standing, customer_loans, repayment_split
from desktop_app.services.loans import apply_for_loan, loan_policy, quote_loan
from desktop_app.services.posting import Override
from desktop_app.services.reversals import request_reversal
from desktop_app.services.till import open_till
from desktop_app.services.transfers import repay_loan_in_cash
from desktop_app.store import schema as device_schema
from desktop_app.store.pulled import put_loans
from desktop_app.sync.client import SyncClient
from desktop_app.sync.pull import pull_once
from desktop_app.sync.uploader import upload_once
from shared_core.accounts import loan_account
from shared_core.channels import Channel
from shared_core.credit_policy import BureauStatus, CreditOutcome
from shared_core.errors import InvalidInput, NotFound
from shared_core.loan_terms import LoanClassification
from shared_core.money import Money
from sync_server.app import create_app
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.credit import record_credit_profile
from sync_server.settings import Settings
from tests.device_builders import PASSWORD, Counter, make_counter
from tests.server_builders import Server, add_customer_everywhere, database_url, enrol, make_server  # noqa: F401

KES = Money.shillings
JUMA = "C0001234"
TODAY = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
FIRST_DUE = date(2026, 12, 1)  # a weekly Boost loan applied for on the 24th


class Bank:
    def __init__(self, server: Server, tmp_path: Path) -> None:
        self.server = server
        settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
        app = create_app(settings, server.database, server_key=server.key, clock=server.clock)
        self.transport = httpx.WSGITransport(app=app)

    def sync(self, counter: Counter) -> None:
        client = SyncClient("http://wekeza.test", transport=self.transport)
        try:
            upload_once(counter.context, client, self.server.key.public_key(), entries_max=100)
            pull_once(counter.context, client, self.server.key.public_key())
        finally:
            client.close()

    def at(self, moment: datetime, *counters: Counter) -> None:
        self.server.clock.moment = moment
        for counter in counters:
            counter.clock.moment = moment


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


@pytest.fixture
def bank(server: Server, tmp_path: Path) -> Bank:
    return Bank(server, tmp_path)


@pytest.fixture
def agent(tmp_path: Path, server: Server) -> Counter:
    counter = make_counter(tmp_path / "X9P3", channel=Channel.AGENT, device_code="X9P3")
    counter.context.is_online = lambda: True
    enrol(server, counter)
    return counter


@pytest.fixture
def branch(tmp_path: Path, server: Server, agent: Counter) -> Counter:
    counter = make_counter(tmp_path / "K7Q2")
    enrol(server, counter)
    add_customer_everywhere(server, [agent, counter], JUMA)
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    return counter


def credit_profile(server: Server, status: BureauStatus = BureauStatus.CLEAR) -> None:
    with UnitOfWork(server.database) as uow:
        record_credit_profile(
            uow.connection, JUMA, bureau_status=status, now=server.clock.now(), customer_since=date(2021, 3, 1)
        )
        uow.commit()


def salary_history(bank: Bank, agent: Counter) -> None:
    """Juma deposits KES 8,000 at the agent on the 25th of each of the last six months."""
    for month in (5, 6, 7, 8, 9, 10):
        bank.at(datetime(2026, month, 25, 9, 0, tzinfo=UTC), agent)
        deposit_cash(agent.context, agent.teller, customer_cif=JUMA, amount=KES(8_000))
        bank.sync(agent)
    bank.at(TODAY, agent)


def apply(counter: Counter, amount: Money = KES(5_000)) -> str:
    posted = apply_for_loan(
        counter.context, counter.teller, customer_cif=JUMA, product_code="boost", amount=amount,
        installments=4, token=lambda size: bytes(range(1, size + 1)),
    )
    return posted.entry.body["details"]["loan"]["loan_id"]


@pytest.fixture
def lent(bank: Bank, agent: Counter, branch: Counter, server: Server) -> str:
    """Juma's Boost loan of KES 5,000 over 4 weeks, approved at once and disbursed on the 24th;
    both counters have pulled it."""
    credit_profile(server)
    salary_history(bank, agent)
    loan_id = apply(agent)
    bank.sync(agent)
    bank.sync(branch)
    return loan_id


def only_loan(counter: Counter, on: date | None = None):  # noqa: ANN201
    (loan,) = customer_loans(counter.context, JUMA, on)
    return loan


def test_an_application_shows_pending_until_the_pull_brings_the_loan_with_its_scorecard(
    bank: Bank, agent: Counter, branch: Counter, server: Server
) -> None:
    credit_profile(server)
    salary_history(bank, agent)
    loan_id = apply(agent)

    pending = only_loan(agent)
    assert (pending.loan_id, pending.standing, pending.decision) == (loan_id, Standing.PENDING, None)
    assert pending.reference is not None and pending.reference.startswith("AG-X9P3-")
    assert pending.terms.principal == KES(5_000) and pending.terms.first_due == FIRST_DUE
    assert customer_loans(branch.context, JUMA) == ()  # the branch has not heard of it

    bank.sync(agent)
    active = only_loan(agent)
    assert active.standing is Standing.ACTIVE and active.is_repayable
    assert active.decision is not None and active.decision.outcome is CreditOutcome.APPROVE
    quote = quote_loan(loan_policy(agent.context), "boost", KES(5_000), 4, TODAY.date())
    position = active.position
    assert position is not None
    assert position.principal_outstanding == KES(5_000)
    assert (position.amount_due, position.days_past_due) == (Money(0), 0)
    assert (position.next_due_date, position.next_due_amount) == (FIRST_DUE, quote.installments[0].total)

    bank.sync(branch)
    assert only_loan(branch).position == position  # the branch sees what the agent sees


def test_late_the_amount_due_and_days_past_due_grow_and_a_late_fee_is_charged(
    lent: str, branch: Counter
) -> None:
    first, second = quote_loan(loan_policy(branch.context), "boost", KES(5_000), 4, TODAY.date()).installments[:2]
    on_time = only_loan(branch, FIRST_DUE).position
    late = only_loan(branch, date(2026, 12, 11)).position  # ten days after the first due date, three after the second
    assert late is not None and on_time is not None
    assert (on_time.days_past_due, on_time.amount_due) == (0, first.total)
    assert late.days_past_due == 10 and late.classification is LoanClassification.NORMAL
    assert late.arrears == first.total + second.total
    assert late.penalties_unpaid.is_positive  # Boost's grace is shorter than ten days
    assert late.amount_due == late.arrears + late.penalties_unpaid


def test_a_cash_repayment_offline_counts_at_once_and_head_office_books_the_split_shown(
    bank: Bank, lent: str, branch: Counter, server: Server
) -> None:
    bank.at(datetime(2026, 12, 1, 7, 0, tzinfo=UTC), branch)  # the first due date
    bank.sync(branch)  # this morning's allowance
    branch.context.is_online = lambda: False
    before = only_loan(branch).position
    assert before is not None
    installment = before.amount_due
    shown = repayment_split(branch.context, loan_account(lent), installment)
    assert shown.principal + shown.interest + shown.penalties == installment and not shown.excess

    posted = repay_loan_in_cash(
        branch.context, branch.teller, customer_cif=JUMA, loan_account=loan_account(lent), amount=installment
    )
    after = only_loan(branch)
    assert after.local_repayments == installment  # head office has not heard of it yet
    assert after.position is not None and after.position.amount_due == Money(0)
    assert after.position.principal_outstanding == before.principal_outstanding - shown.principal

    branch.context.is_online = lambda: True
    bank.sync(branch)
    (booked,) = server.rows("loan_repayments", sequence=posted.entry.sequence, device_code="K7Q2")
    assert (booked.principal_cents, booked.interest_cents, booked.penalties_cents) == (
        shown.principal.cents, shown.interest.cents, shown.penalties.cents
    )
    pulled = only_loan(branch)
    assert pulled.local_repayments == Money(0)  # now counted by head office, not twice
    assert pulled.position == after.position


def test_paying_the_payoff_closes_the_loan_here_and_at_head_office(
    bank: Bank, lent: str, branch: Counter, agent: Counter, server: Server
) -> None:
    bank.at(datetime(2026, 11, 28, 7, 0, tzinfo=UTC), branch, agent)
    bank.sync(branch)  # this morning's allowance
    payoff = only_loan(branch).position.payoff
    repay_loan_in_cash(
        branch.context, branch.teller, customer_cif=JUMA, loan_account=loan_account(lent), amount=payoff
    )
    closed_here = only_loan(branch)
    assert closed_here.position is not None and closed_here.position.closed_on is not None
    assert not closed_here.is_repayable

    bank.sync(branch)
    bank.sync(agent)
    for counter in (branch, agent):
        loan = only_loan(counter)
        assert loan.standing is Standing.CLOSED and loan.position.payoff == Money(0)
    (row,) = server.rows("loans", loan_id=lent)
    assert (row.status, row.closed_on) == ("closed", closed_here.position.closed_on.isoformat())
    assert server.balance(loan_account(lent)) == 0
    server.assert_ledger_clean()


def test_a_reversed_payoff_shows_the_loan_open_again_on_every_counter_after_the_pull(
    bank: Bank, lent: str, branch: Counter, agent: Counter, server: Server
) -> None:
    bank.at(datetime(2026, 11, 28, 7, 0, tzinfo=UTC), branch, agent)
    bank.sync(branch)
    payoff = only_loan(branch).position.payoff
    paid = repay_loan_in_cash(
        branch.context, branch.teller, customer_cif=JUMA, loan_account=loan_account(lent), amount=payoff
    )
    bank.sync(branch)
    assert only_loan(branch).standing is Standing.CLOSED

    request_reversal(branch.context, branch.teller, reference=paid.entry.reference,
                     override=Override("otieno", PASSWORD))  # the cash handed back (as pulled)
    bank.sync(branch)
    bank.sync(agent)

    for counter in (branch, agent):  # head office replays the loan without the struck payoff
        loan = only_loan(counter)
        assert loan.standing is Standing.ACTIVE and loan.is_repayable
        assert loan.position.principal_outstanding == KES(5_000) and loan.position.closed_on is None
    server.assert_ledger_clean()


def test_a_declined_application_comes_back_with_its_scorecard_and_lends_nothing(
    bank: Bank, agent: Counter, branch: Counter, server: Server
) -> None:
    credit_profile(server, BureauStatus.NEGATIVE_LISTING)
    loan_id = apply(agent)
    bank.sync(agent)
    loan = only_loan(agent)
    assert loan.loan_id == loan_id and loan.standing is Standing.DECLINED
    assert loan.decision is not None and loan.decision.outcome is CreditOutcome.DECLINE
    assert loan.position is None and not loan.is_repayable
    with pytest.raises(NotFound):
        repayment_split(agent.context, loan_account(loan_id), KES(100))


def test_a_pull_with_a_loan_that_does_not_add_up_keeps_nothing(lent: str, branch: Counter) -> None:
    with branch.store.read() as connection:
        row = connection.execute(select(device_schema.loans)).one()._mapping
    sent = {
        **{name: row[name] for name in ("loan_id", "loan_account", "reference", "cif", "product_code", "principal_cents",
                                        "annual_rate", "method", "frequency", "installments", "applied_on",
                                        "first_due_date", "status", "closed_on")},
        "decision": {}, "repayments": [], "through_sequence": 0,
    }
    for broken, field in (
        ({"loan_account": loan_account("L-K7Q2-AAAAAAAA")}, "loan_account"),
        ({"annual_rate": 0.18}, "annual_rate"),
        ({"status": "written_off"}, "status"),
        ({"repayments": [{"paid_on": "2026-02-30", "amount_cents": 100}]}, "paid_on"),
        ({"decision": {"outcome": "approve"}}, "decision"),
    ):
        with pytest.raises(InvalidInput, match=field), branch.store.write() as connection:
            put_loans(connection, [sent | broken], complete=True)
    assert only_loan(branch).standing is Standing.ACTIVE  # what the last good pull brought stands
