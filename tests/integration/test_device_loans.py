"""A customer's loans at the counter: the pull brings each loan's terms, status, scorecard and the
repayments head office booked; the device replays them with its own later repayments, so the
amount due, the payoff and the days past due it shows count cash taken offline an hour ago, and
what it says a repayment will pay matches what head office books. A repayment reversed at the
counter stops counting there at once, as head office strikes it when it books the reversal, and
counts again if head office refuses the reversal. The counter refuses itself, writing nothing, the
reversals head office would refuse by what it knows (a disbursement, a repayment with a later one
standing). Real devices and the real server app over HTTP (httpx's WSGI transport), on SQLite and
on MariaDB."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from desktop_app.services.cash import deposit_cash
from desktop_app.services.customer_loans import CustomerLoan, Standing, customer_loans, repayment_split
from desktop_app.services.loans import apply_for_loan, loan_policy, quote_loan
from desktop_app.services.posting import Override, Posted
from desktop_app.services.reversals import request_reversal
from desktop_app.services.till import open_till
from desktop_app.services.transfers import repay_loan_in_cash
from desktop_app.store import schema as device_schema
from desktop_app.store.pulled import put_loans, put_user
from desktop_app.sync.client import SyncClient
from desktop_app.sync.pull import pull_once
from desktop_app.sync.uploader import upload_once
from shared_core.accounts import loan_account
from shared_core.channels import Channel
from shared_core.credit_policy import BureauStatus, CreditOutcome
from shared_core.errors import InvalidInput, NotFound, NotReversible
from shared_core.loan_terms import LoanClassification
from shared_core.money import Money
from shared_core.roles import Role
from sync_server.app import create_app
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.approvals import decide
from sync_server.services.credit import record_credit_profile
from sync_server.services.sessions import User
from sync_server.settings import Settings
from tests.device_builders import PASSWORD, SUPERVISOR_PASSWORD, Counter, make_counter, password_hash
from tests.server_builders import (  # noqa: F401 (database_url, the fixture)
    Server,
    add_customer_everywhere,
    database_url,
    enrol,
    journal,
    make_server,
)

KES = Money.shillings
JUMA = "C0001234"
TODAY = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
FIRST_DUE = date(2026, 12, 1)  # a weekly Boost loan applied for on the 24th
BOOST = KES(5_000)  # Juma's loan


class Bank:
    def __init__(self, server: Server, tmp_path: Path) -> None:
        self.server = server
        settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
        app = create_app(settings, server.database, server_key=server.key, clock=server.clock)
        self.transport = httpx.WSGITransport(app=app)

    def sync(self, counter: Counter) -> None:
        self.upload(counter)
        self.pull(counter)

    def upload(self, counter: Counter) -> None:
        """Send the counter's entries; it records head office's answers, but pulls nothing."""
        client = SyncClient("http://wekeza.test", transport=self.transport)
        try:
            upload_once(counter.context, client, self.server.key.public_key(), entries_max=100)
        finally:
            client.close()

    def pull(self, counter: Counter) -> None:
        client = SyncClient("http://wekeza.test", transport=self.transport)
        try:
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


def apply(counter: Counter, amount: Money = BOOST) -> str:
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


def only_loan(counter: Counter, on: date | None = None) -> CustomerLoan:
    (loan,) = customer_loans(counter.context, JUMA, on)
    return loan


def answer(counter: Counter, posted: Posted) -> tuple[str, str | None] | None:
    """Head office's answer about an entry as the counter recorded it: (status, code), or None."""
    r = device_schema.entry_results.c
    with counter.store.read() as connection:
        row = connection.execute(select(r.status, r.code).where(r.sequence == posted.entry.sequence)).first()
    return None if row is None else (row.status, row.code)


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
    before = only_loan(branch).position
    paid = repay_loan_in_cash(
        branch.context, branch.teller, customer_cif=JUMA, loan_account=loan_account(lent), amount=before.payoff
    )
    bank.sync(branch)
    assert only_loan(branch).standing is Standing.CLOSED

    request_reversal(branch.context, branch.teller, reference=paid.entry.reference,
                     override=Override("otieno", PASSWORD))  # the cash handed back (as pulled)
    reopened = only_loan(branch)  # at once, before any sync: the payoff head office booked is struck here
    assert reopened.position == before and reopened.position.closed_on is None
    assert reopened.is_repayable and reopened.local_repayments == Money(0)
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


def test_a_repayment_reversed_at_the_counter_stops_counting_there_at_once_and_after_the_pull(
    bank: Bank, lent: str, branch: Counter, agent: Counter, server: Server
) -> None:
    """On the first due date the branch, offline, takes Juma's installment in cash; it was meant for
    another loan, so the cash goes back to him and Otieno approves the reversal at the counter.

        Juma's loan before the installment          outstanding KES 5,000, next due 1 Dec
        after the installment, at the counter       nothing due today
        reversed, at the counter, still offline     as before the installment
        head office books both, strikes the first   as before, at head office and on every counter
    """
    bank.at(datetime(2026, 12, 1, 7, 0, tzinfo=UTC), branch, agent)
    bank.sync(branch)  # this morning's allowance
    branch.context.is_online = lambda: False
    before = only_loan(branch).position
    installment = before.amount_due
    split_before = repayment_split(branch.context, loan_account(lent), installment)
    assert (before.principal_outstanding, before.next_due_date) == (KES(5_000), FIRST_DUE)

    paid = repay_loan_in_cash(
        branch.context, branch.teller, customer_cif=JUMA, loan_account=loan_account(lent), amount=installment
    )
    assert only_loan(branch).position.amount_due == Money(0)  # counted at once
    reversal = request_reversal(branch.context, branch.teller, reference=paid.entry.reference,
                                override=Override("otieno", PASSWORD))

    reversed_here = only_loan(branch)
    assert reversed_here.position == before
    assert (reversed_here.position.amount_due, reversed_here.position.next_due_date) == (installment, FIRST_DUE)
    assert reversed_here.local_repayments == Money(0)  # nothing repaid here stands
    assert repayment_split(branch.context, loan_account(lent), installment) == split_before

    branch.context.is_online = lambda: True
    bank.upload(branch)  # head office books both; the counter has not pulled yet
    assert answer(branch, reversal) == ("booked", None)
    (struck,) = server.rows("loan_repayments", device_code="K7Q2", sequence=paid.entry.sequence)
    assert struck.reversed_by_entry_id == reversal.entry.entry_id
    assert only_loan(branch).position == before

    bank.pull(branch)
    bank.sync(agent)
    for counter in (branch, agent):
        loan = only_loan(counter)
        assert loan.position == before and loan.local_repayments == Money(0)
    server.assert_ledger_clean()


def test_a_reversal_waiting_for_head_office_strikes_until_the_pull_and_once_rejected_never_again(
    bank: Bank, lent: str, branch: Counter, server: Server
) -> None:
    """Mwangi, a supervisor the branch knows but head office does not, approves the reversal at the
    counter: it reaches head office waiting for a checker, nothing undone there. The counter treats
    it as it treats a reversed deposit in the wallet's balance: struck while only the counter knows,
    counted as head office says once the counter pulls, and Otieno's rejection leaves it counted."""
    bank.at(datetime(2026, 12, 1, 7, 0, tzinfo=UTC), branch)
    bank.sync(branch)  # this morning's allowance
    with branch.store.write() as connection:
        put_user(connection, user_id="mwangi", display_name="Mwangi Kariuki", role="supervisor",
                 password_hash=password_hash(SUPERVISOR_PASSWORD))
    before = only_loan(branch).position
    paid = repay_loan_in_cash(
        branch.context, branch.teller, customer_cif=JUMA, loan_account=loan_account(lent), amount=before.amount_due
    )
    repaid = only_loan(branch).position
    assert repaid != before
    reversal = request_reversal(branch.context, branch.teller, reference=paid.entry.reference,
                                override=Override("mwangi", SUPERVISOR_PASSWORD))
    assert only_loan(branch).position == before

    bank.upload(branch)
    assert answer(branch, reversal) == ("awaiting_approval", "approval_reversal")
    assert only_loan(branch).position == before  # not pulled yet: the counter's own entries count

    bank.pull(branch)  # head office's loan, its repayment standing: the reversal is not booked
    assert answer(branch, reversal) == ("awaiting_approval", "approval_reversal")
    assert only_loan(branch).position == repaid

    decide(
        server.database,
        checker=User("otieno", "Otieno Odhiambo", Role.SUPERVISOR, "NBO-001"),
        device_code="K7Q2",
        sequence=reversal.entry.sequence,
        decision="rejected",
        reason="Juma paid the right loan",
        now=server.clock.now(),
        limit_table=server.limit_table,
    )
    bank.pull(branch)
    assert answer(branch, reversal) == ("rejected", "approval_rejected")
    loan = only_loan(branch)
    assert loan.position == repaid and loan.local_repayments == Money(0)  # head office counts it
    assert [row.reversed_by_entry_id for row in server.rows("loan_repayments", loan_id=lent)] == [None]
    server.assert_ledger_clean()


def repay(counter: Counter, loan_id: str, amount: Money) -> Posted:
    """Juma pays `amount` of his loan in cash at `counter`."""
    return repay_loan_in_cash(
        counter.context, counter.teller, customer_cif=JUMA, loan_account=loan_account(loan_id), amount=amount
    )


def last_sequence(counter: Counter) -> int:
    return journal(counter)[-1].sequence


def refused_reversal(counter: Counter, posted: Posted) -> str:
    """The counter's refusal to reverse `posted` (Otieno approving at the counter), having written nothing."""
    head = last_sequence(counter)
    with pytest.raises(NotReversible) as refused:
        request_reversal(counter.context, counter.teller, reference=posted.entry.reference,
                         override=Override("otieno", PASSWORD))
    assert last_sequence(counter) == head  # nothing in the journal: nothing to sync, nothing struck
    return refused.value.message


def test_a_reversal_head_office_refuses_at_once_gives_the_repayment_back_before_the_pull(
    bank: Bank, lent: str, branch: Counter, agent: Counter, server: Server
) -> None:
    """Juma pays KES 1,000 at the branch, which sends it; an hour later he pays KES 500 at the agent,
    who sends it too. The branch has not pulled since: as far as it knows its KES 1,000 is the loan's
    latest repayment, so it reverses it and strikes it. Head office knows the agent's came after and
    refuses (not_reversible); the counter hears it with the upload's answer and counts the KES 1,000
    again, without waiting for a pull."""
    bank.at(datetime(2026, 12, 1, 7, 0, tzinfo=UTC), branch, agent)
    bank.sync(branch)  # this morning's allowance
    bank.sync(agent)
    before = only_loan(branch).position
    first = repay(branch, lent, KES(1_000))
    bank.upload(branch)
    repaid_here = only_loan(branch).position
    repay(agent, lent, KES(500))
    bank.sync(agent)

    reversal = request_reversal(branch.context, branch.teller, reference=first.entry.reference,
                                override=Override("otieno", PASSWORD))
    struck_here = only_loan(branch)
    assert struck_here.position == before and struck_here.local_repayments == Money(0)

    bank.upload(branch)
    assert answer(branch, reversal) == ("rejected", "not_reversible")
    loan = only_loan(branch)
    assert loan.position == repaid_here and loan.local_repayments == KES(1_000)

    bank.pull(branch)
    assert only_loan(branch).position == only_loan(agent).position  # both repayments, as head office has them
    assert [row.reversed_by_entry_id for row in server.rows("loan_repayments", loan_id=lent)] == [None, None]
    server.assert_ledger_clean()


def test_the_counter_refuses_to_reverse_a_disbursement_before_and_after_head_office_lends_it(
    bank: Bank, agent: Counter, branch: Counter, server: Server  # the branch fixture makes Juma a customer
) -> None:
    """The agent takes Juma's application, then is asked to undo it. A loan is not reversed but
    repaid (early repayment closes it): the agent says so at once, while the application waits to
    be sent and again once head office has lent it, and nothing reaches head office to refuse."""
    credit_profile(server)
    salary_history(bank, agent)
    application = apply_for_loan(
        agent.context, agent.teller, customer_cif=JUMA, product_code="boost", amount=BOOST,
        installments=4, token=lambda size: bytes(range(1, size + 1)),
    )
    loan_id = application.entry.body["details"]["loan"]["loan_id"]
    said = (
        f"Entry {application.entry.reference} disbursed loan {loan_id}: a disbursed loan is not reversed, "
        "it is repaid (early repayment closes it)"
    )
    assert refused_reversal(agent, application) == said  # not yet sent

    bank.sync(agent)
    assert only_loan(agent).standing is Standing.ACTIVE
    assert refused_reversal(agent, application) == said
    bank.sync(agent)
    assert server.rows("entries", kind="reversal") == []
    assert only_loan(agent).position.principal_outstanding == BOOST
    server.assert_ledger_clean()


def test_the_counter_refuses_to_reverse_a_repayment_with_a_later_one_standing(
    bank: Bank, lent: str, branch: Counter, server: Server
) -> None:
    """Offline, Juma pays KES 1,000 and then KES 500 at the branch; both were meant for another loan.
    The KES 500 was allocated against what the KES 1,000 left, so the KES 1,000 cannot be reversed
    first: the counter says so and writes nothing. Reversed latest first, both go through, and head
    office books them as the counter showed them.

        reverse KES 1,000 first      refused: 1 later repayment standing
        reverse KES 500              struck; the KES 1,000 is now the latest
        reverse KES 1,000            struck; the loan stands as before both
    """
    bank.at(datetime(2026, 12, 1, 7, 0, tzinfo=UTC), branch)
    bank.sync(branch)  # this morning's allowance
    branch.context.is_online = lambda: False
    before = only_loan(branch).position
    first = repay(branch, lent, KES(1_000))
    second = repay(branch, lent, KES(500))
    both = only_loan(branch).position

    assert refused_reversal(branch, first) == (
        f"Entry {first.entry.reference} repaid loan {lent}, which has 1 later repayment(s) standing: "
        "reverse the latest first"
    )
    assert only_loan(branch).position == both

    for posted in (second, first):
        request_reversal(branch.context, branch.teller, reference=posted.entry.reference,
                         override=Override("otieno", PASSWORD))
    assert only_loan(branch).position == before

    branch.context.is_online = lambda: True
    bank.sync(branch)
    assert [row.reversed_by_entry_id is not None for row in server.rows("loan_repayments", loan_id=lent)] == [
        True, True
    ]
    assert only_loan(branch).position == before
    server.assert_ledger_clean()


def test_the_counter_finds_its_own_repayments_among_those_head_office_sent(
    bank: Bank, lent: str, branch: Counter, agent: Counter, server: Server
) -> None:
    """Juma pays KES 1,000 twice at the branch, then KES 500 at the agent; all three reach head
    office and the branch pulls them back. The pull names no entry for a repayment, yet the branch
    tells its two equal ones apart by their order, and refuses each reversal as head office would,
    counting the agent's repayment after them."""
    bank.at(datetime(2026, 12, 1, 7, 0, tzinfo=UTC), branch, agent)
    bank.sync(branch)  # this morning's allowance
    bank.sync(agent)
    first, second = repay(branch, lent, KES(1_000)), repay(branch, lent, KES(1_000))
    bank.sync(branch)
    repay(agent, lent, KES(500))
    bank.sync(agent)
    bank.pull(branch)
    assert only_loan(branch).local_repayments == Money(0)  # all three as head office sent them

    assert "which has 2 later repayment(s) standing" in refused_reversal(branch, first)
    assert "which has 1 later repayment(s) standing" in refused_reversal(branch, second)
    server.assert_ledger_clean()
