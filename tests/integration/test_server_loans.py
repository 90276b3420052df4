"""Head office lends: a loan application from a real device is scored with what head office holds
(the wallet's history in its ledger, past loans, the bureau, a business's turnover) and booked,
referred to a credit officer, or declined; repayments are allocated by head office's own schedule
(late fees, interest, then principal) and the loan account carries principal only, so a loan
paid off reads zero and closes. Every scenario runs on SQLite and on MariaDB, and the ledger
checks clean after it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from desktop_app.services.cash import deposit_cash
from desktop_app.services.loans import apply_for_loan, quote_loan
from desktop_app.services.posting import Extras, Override, Posted, post
from desktop_app.services.reversals import request_reversal
from desktop_app.services.till import open_till
from desktop_app.services.transfers import repay_loan_from_wallet, repay_loan_in_cash
from shared_core import canonical
from shared_core.accounts import INCOME_INTEREST, LOAN_OVERPAYMENTS_PAYABLE, loan_account
from shared_core.channels import Channel
from shared_core.credit_decision import decision_from_wire
from shared_core.credit_policy import BureauStatus, CreditOutcome
from shared_core.errors import LimitExceeded, MakerIsChecker, NotReversible
from shared_core.journal import JournalEntry
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind
from shared_core.results import EntryStatus
from shared_core.roles import Role
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.approvals import decide
from sync_server.services.credit import record_credit_profile
from sync_server.services.product_policies import shipped_product_policies
from sync_server.services.sessions import User
from tests.device_builders import SUPERVISOR_PASSWORD, Counter, add_customer, make_counter
from tests.server_builders import (
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,  # noqa: F401 (the fixture)
    enrol,
    journal,
    make_server,
    result_for,
)

KES = Money.shillings
JUMA = "C0001234"
HARDWARE = "C0009001"
POLICY = shipped_product_policies().loans  # what the pull gives every device
TODAY = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
OTIENO = User("otieno", "Otieno Odhiambo", Role.SUPERVISOR, "NBO-001")


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


@pytest.fixture
def agent(tmp_path: Path, server: Server) -> Counter:
    """Mama Mboga's laptop (X9P3), enrolled; Juma is a customer everywhere."""
    counter = make_counter(tmp_path / "X9P3", channel=Channel.AGENT, device_code="X9P3")
    counter.context.is_online = lambda: True  # cash in at an agent needs head office online
    enrol(server, counter)
    add_customer_everywhere(server, [counter], JUMA)
    return counter


@pytest.fixture
def branch(tmp_path: Path, server: Server, agent: Counter) -> Counter:
    """Wanjiru's counter at Nairobi CBD (K7Q2), enrolled, her till open on KES 100,000."""
    counter = make_counter(tmp_path / "K7Q2")
    enrol(server, counter)
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    add_customer(counter, JUMA)
    return counter


def sync(server: Server, counter: Counter, first: int):
    return server.sync(batch_of(counter, first))


def next_sequence(counter: Counter) -> int:
    entries = journal(counter)
    return entries[-1].sequence + 1 if entries else 1


def profile(server: Server, cif: str, status: BureauStatus = BureauStatus.CLEAR, **values: object) -> None:
    with UnitOfWork(server.database) as uow:
        record_credit_profile(uow.connection, cif, bureau_status=status, now=server.clock.now(), **values)
        uow.commit()


def salary_history(server: Server, agent: Counter, cif: str = JUMA, months: int = 6) -> None:
    """Juma deposits KES 8,000 at the agent on the 25th of each of the last `months` months."""
    first = next_sequence(agent)
    for back in range(months, 0, -1):
        month = TODAY.month - back
        year = TODAY.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        agent.clock.moment = datetime(year, month, 25, 9, 0, tzinfo=UTC)
        deposit_cash(agent.context, agent.teller, customer_cif=cif, amount=KES(8_000))
    agent.clock.moment = TODAY
    answer = sync(server, agent, first)
    assert {result.status for result in answer.results} == {EntryStatus.BOOKED}


def apply(counter: Counter, amount: Money, product: str = "boost", installments: int = 4, cif: str = JUMA):
    posted = apply_for_loan(
        counter.context,
        counter.teller,
        customer_cif=cif,
        product_code=product,
        amount=amount,
        installments=installments,
        token=lambda size: bytes(range(1, size + 1)),
    )
    loan = posted.entry.body["details"]["loan"]["loan_id"]
    return posted.entry.sequence, loan


def loan_row(server: Server, loan_id: str):
    (row,) = server.rows("loans", loan_id=loan_id)
    return row


def loan_balance(server: Server, loan_id: str) -> Money:
    return Money(server.balance(loan_account(loan_id)))


# --- origination ----------------------------------------------------------------------------------


def test_juma_with_six_months_of_income_is_lent_5000_at_the_agent_at_once(
    server: Server, agent: Counter
) -> None:
    profile(server, JUMA, customer_since=date(2021, 3, 1))
    salary_history(server, agent)
    sequence, loan_id = apply(agent, KES(5_000))

    result = result_for(sync(server, agent, sequence), sequence)

    assert result.status is EntryStatus.BOOKED, result.message
    assert result.message.startswith(f"Loan {loan_id}: Approved automatically: score ")
    row = loan_row(server, loan_id)
    assert (row.status, row.cif, row.principal_cents, row.installments) == ("active", JUMA, 500_000, 4)
    assert (row.applied_on, row.first_due_date) == ("2026-11-24", "2026-12-01")  # weekly: one week on
    decision = decision_from_wire(canonical.decode(bytes(row.decision)))
    assert decision.outcome is CreditOutcome.APPROVE and decision.score == row.credit_score >= 600
    assert {factor.code for factor in decision.factors} >= {
        "average_balance",
        "inflow_regularity",
        "bureau_status",
    }
    assert server.wallet(JUMA) == KES(48_000 + 5_000)
    assert loan_balance(server, loan_id) == KES(5_000)  # the loan account: principal owed
    server.assert_ledger_clean()


def test_a_new_customer_is_referred_and_a_supervisor_disburses_it(
    server: Server, agent: Counter, branch: Counter
) -> None:
    profile(server, JUMA, customer_since=date(2026, 9, 20))  # with the bank fewer than 90 days
    salary_history(server, agent, months=2)
    sequence, loan_id = apply(branch, KES(2_000))

    result = result_for(sync(server, branch, 1), sequence)

    assert result.status is EntryStatus.AWAITING_APPROVAL, result.message
    assert result.code == "approval_loan_application"
    assert "Referred to a credit officer" in result.message
    assert loan_row(server, loan_id).status == "awaiting_approval"
    assert server.wallet(JUMA) == KES(16_000)  # nothing lent yet
    outcome = decide(
        server.database,
        checker=OTIENO,
        device_code="K7Q2",
        sequence=sequence,
        decision="approved",
        reason="Known to the branch",
        now=server.clock.now(),
        limit_table=server.limit_table,
    )

    assert outcome.status is EntryStatus.BOOKED
    assert loan_row(server, loan_id).status == "active"
    assert server.wallet(JUMA) == KES(18_000)
    assert loan_balance(server, loan_id) == KES(2_000)
    server.assert_ledger_clean()


def test_the_maker_cannot_approve_their_own_referral(server: Server, agent: Counter, branch: Counter) -> None:
    profile(server, JUMA, customer_since=date(2026, 9, 20))
    salary_history(server, agent, months=2)
    sequence, _ = apply(branch, KES(2_000))
    sync(server, branch, 1)
    maker = User("wanjiru", "Wanjiru Kamau", Role.SUPERVISOR, "NBO-001")
    with pytest.raises(MakerIsChecker):
        decide(
            server.database,
            checker=maker,
            device_code="K7Q2",
            sequence=sequence,
            decision="approved",
            reason="",
            now=server.clock.now(),
            limit_table=server.limit_table,
        )


def test_a_rejected_referral_declines_the_loan(server: Server, agent: Counter, branch: Counter) -> None:
    profile(server, JUMA, customer_since=date(2026, 9, 20))
    salary_history(server, agent, months=2)
    sequence, loan_id = apply(branch, KES(2_000))
    sync(server, branch, 1)
    decide(
        server.database,
        checker=OTIENO,
        device_code="K7Q2",
        sequence=sequence,
        decision="rejected",
        reason="No income seen yet",
        now=server.clock.now(),
        limit_table=server.limit_table,
    )
    assert loan_row(server, loan_id).status == "declined"
    assert server.rows("accounts", account=loan_account(loan_id)) == []
    server.assert_ledger_clean()


def test_a_negative_bureau_listing_declines_and_books_nothing(server: Server, agent: Counter) -> None:
    profile(server, JUMA, BureauStatus.NEGATIVE_LISTING, customer_since=date(2021, 3, 1))
    salary_history(server, agent)
    before = server.counts()
    sequence, loan_id = apply(agent, KES(5_000))

    result = result_for(sync(server, agent, sequence), sequence)

    assert (result.status, result.code) == (EntryStatus.REJECTED, "credit_declined")
    assert "Declined" in result.message
    row = loan_row(server, loan_id)
    assert (row.status, row.credit_outcome) == ("declined", "decline")  # kept, with its scorecard
    assert server.count("postings") == before["postings"]
    assert server.rows("accounts", account=loan_account(loan_id)) == []
    server.assert_ledger_clean()


def test_an_application_outside_the_product_is_refused_naming_the_range(
    server: Server, agent: Counter
) -> None:
    with pytest.raises(LimitExceeded, match="50,000"):
        apply(agent, KES(60_000))
    assert server.count("loans") == 0


def test_a_business_without_a_profile_is_refused_and_one_with_it_is_referred(
    server: Server, agent: Counter, tmp_path: Path
) -> None:
    branch = make_counter(tmp_path / "K7Q2")
    enrol(server, branch)
    open_till(branch.context, branch.teller, opening_float=KES(100_000))
    add_customer_everywhere(
        server,
        [branch],
        HARDWARE,
        tier=3,
        national_id="PVT-2016-48213",
        full_name="Wekeza Hardware Ltd",
        phone="254720555100",
    )
    first, _ = apply(branch, KES(2_000_000), "sme_working_capital", 12, HARDWARE)
    result = result_for(sync(server, branch, 1), first)
    assert (result.status, result.code) == (EntryStatus.REJECTED, "not_found")
    assert "no business profile" in result.message

    profile(server, HARDWARE, annual_turnover=KES(24_000_000), sector="retail", years_trading=9)
    branch.clock.advance(seconds=5)
    sequence, loan_id = apply(branch, KES(2_000_000), "sme_working_capital", 12, HARDWARE)
    result = result_for(sync(server, branch, 1), sequence)
    assert result.status is EntryStatus.AWAITING_APPROVAL, result.message  # above the automatic KES 1,000,000
    decision = decision_from_wire(canonical.decode(bytes(loan_row(server, loan_id).decision)))
    assert decision.capacity == KES(4_800_000)  # 20% of KES 24,000,000


# --- repayment ------------------------------------------------------------------------------------


@pytest.fixture
def lent(server: Server, agent: Counter) -> str:
    """Juma holds an active Boost loan of KES 5,000 over 4 weeks, disbursed today at the agent."""
    profile(server, JUMA, customer_since=date(2021, 3, 1))
    salary_history(server, agent)
    sequence, loan_id = apply(agent, KES(5_000))
    assert result_for(sync(server, agent, sequence), sequence).status is EntryStatus.BOOKED
    return loan_id


def test_a_cash_installment_at_the_branch_pays_interest_then_principal(
    server: Server, branch: Counter, lent: str
) -> None:
    quote = quote_loan(POLICY, "boost", KES(5_000), 4, date(2026, 11, 24))
    first_row = quote.installments[0]
    interest_before = server.rows("accounts", account=INCOME_INTEREST)
    branch.clock.moment = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)  # the first due date
    branch.context.is_online = lambda: True  # a week on: the allowance of the 24th has expired
    sequence = next_sequence(branch)
    repay_loan_in_cash(
        branch.context,
        branch.teller,
        customer_cif=JUMA,
        loan_account=loan_account(lent),
        amount=first_row.total,
    )

    result = result_for(sync(server, branch, 1), sequence)

    assert result.status is EntryStatus.BOOKED, result.message
    assert loan_balance(server, lent) == KES(5_000) - first_row.principal
    assert -server.balance(INCOME_INTEREST) == first_row.interest.cents
    assert interest_before == []
    (repayment,) = server.rows("loan_repayments", loan_id=lent)
    assert (repayment.principal_cents, repayment.interest_cents, repayment.penalties_cents) == (
        first_row.principal.cents,
        first_row.interest.cents,
        0,
    )
    assert loan_row(server, lent).status == "active"
    server.assert_ledger_clean()


def test_paying_off_closes_the_loan_and_cash_beyond_it_is_owed_back(
    server: Server, branch: Counter, lent: str
) -> None:
    sequence = next_sequence(branch)
    # Paid off the same day: the interest of the periods not yet begun is waived.
    repay_loan_in_cash(
        branch.context, branch.teller, customer_cif=JUMA, loan_account=loan_account(lent), amount=KES(6_000)
    )

    result = result_for(sync(server, branch, 1), sequence)

    assert result.status is EntryStatus.BOOKED_WITH_EXCEPTION
    assert result.code == "loan_overpaid"
    row = loan_row(server, lent)
    assert (row.status, row.closed_on) == ("closed", "2026-11-24")
    assert loan_balance(server, lent) == KES(0)
    (repayment,) = server.rows("loan_repayments", loan_id=lent)
    owed_back = Money(-server.balance(LOAN_OVERPAYMENTS_PAYABLE))
    assert owed_back == Money(repayment.excess_cents) and owed_back.is_positive
    assert repayment.principal_cents == 500_000
    assert repayment.principal_cents + repayment.interest_cents + repayment.excess_cents == 600_000
    server.assert_ledger_clean()


def test_a_wallet_repayment_above_the_payoff_is_refused_naming_it(
    server: Server, agent: Counter, lent: str
) -> None:
    sequence = next_sequence(agent)
    repay_loan_from_wallet(
        agent.context, agent.teller, customer_cif=JUMA, loan_account=loan_account(lent), amount=KES(9_000)
    )
    result = result_for(sync(server, agent, sequence), sequence)
    assert (result.status, result.code) == (EntryStatus.REJECTED, "payment_above_payoff")
    assert server.rows("loan_repayments", loan_id=lent) == []
    assert loan_balance(server, lent) == KES(5_000)
    server.assert_ledger_clean()


# --- reversing a repayment ------------------------------------------------------------------------


def installment_in_cash(branch: Counter, lent: str, on: date, amount: Money) -> tuple[int, str]:
    """Juma pays `amount` in cash at the branch on `on`; its sequence and reference."""
    branch.clock.moment = datetime(on.year, on.month, on.day, 7, 0, tzinfo=UTC)
    branch.context.is_online = lambda: True
    posted = repay_loan_in_cash(
        branch.context, branch.teller, customer_cif=JUMA, loan_account=loan_account(lent), amount=amount
    )
    return posted.entry.sequence, posted.entry.reference


def reverse_at_branch(branch: Counter, reference: str):
    """The entry reversed at the counter with Otieno's override (head office knows him: booked)."""
    return request_reversal(
        branch.context, branch.teller, reference=reference, override=Override("otieno", SUPERVISOR_PASSWORD)
    )


def test_a_reversed_installment_is_struck_and_the_loan_owes_it_again(
    server: Server, branch: Counter, lent: str
) -> None:
    first_row = quote_loan(POLICY, "boost", KES(5_000), 4, date(2026, 11, 24)).installments[0]
    paid, reference = installment_in_cash(branch, lent, date(2026, 12, 1), first_row.total)
    assert result_for(sync(server, branch, 1), paid).status is EntryStatus.BOOKED

    reversal = reverse_at_branch(branch, reference)
    result = result_for(sync(server, branch, paid + 1), reversal.entry.sequence)

    assert result.status is EntryStatus.BOOKED, result.message
    assert loan_balance(server, lent) == KES(5_000)
    assert server.balance(INCOME_INTEREST) == 0
    (struck,) = server.rows("loan_repayments", loan_id=lent)
    assert struck.reversed_by_entry_id == reversal.entry.entry_id
    server.assert_ledger_clean()

    # Paid again the same day, it is split exactly as the first time: the struck one counts for nothing.
    again, _ = installment_in_cash(branch, lent, date(2026, 12, 1), first_row.total)
    assert result_for(sync(server, branch, reversal.entry.sequence + 1), again).status is EntryStatus.BOOKED
    standing = [row for row in server.rows("loan_repayments", loan_id=lent) if row.reversed_by_entry_id is None]
    assert [(row.principal_cents, row.interest_cents) for row in standing] == [
        (first_row.principal.cents, first_row.interest.cents)
    ]
    assert loan_balance(server, lent) == KES(5_000) - first_row.principal
    server.assert_ledger_clean()


def test_reversing_the_payoff_opens_the_loan_again(server: Server, branch: Counter, lent: str) -> None:
    paid, reference = installment_in_cash(branch, lent, date(2026, 11, 24), KES(6_000))
    sync(server, branch, 1)
    assert loan_row(server, lent).status == "closed"

    reversal = reverse_at_branch(branch, reference)
    result = result_for(sync(server, branch, paid + 1), reversal.entry.sequence)

    assert result.status is EntryStatus.BOOKED, result.message
    row = loan_row(server, lent)
    assert (row.status, row.closed_on) == ("active", None)
    assert loan_balance(server, lent) == KES(5_000)
    assert server.balance(LOAN_OVERPAYMENTS_PAYABLE) == 0  # the excess went back with the rest
    server.assert_ledger_clean()


def test_only_the_latest_repayment_may_be_reversed(server: Server, branch: Counter, lent: str) -> None:
    rows = quote_loan(POLICY, "boost", KES(5_000), 4, date(2026, 11, 24)).installments
    first, first_reference = installment_in_cash(branch, lent, date(2026, 12, 1), rows[0].total)
    second, _ = installment_in_cash(branch, lent, date(2026, 12, 8), rows[1].total)
    sync(server, branch, 1)
    owed = loan_balance(server, lent)
    assert owed < KES(5_000) - rows[0].principal

    reversal = reverse_at_branch(branch, first_reference)
    result = result_for(sync(server, branch, second + 1), reversal.entry.sequence)

    assert (result.status, result.code) == (EntryStatus.REJECTED, "not_reversible")
    assert "1 later repayment(s) standing: reverse the latest first" in result.message
    assert [row.reversed_by_entry_id for row in server.rows("loan_repayments", loan_id=lent)] == [None, None]
    assert loan_balance(server, lent) == owed
    server.assert_ledger_clean()


def reversal_as_an_older_counter_sends_it(counter: Counter, original: JournalEntry) -> Posted:
    """The reversal of `original` (Otieno's override) as a counter of an earlier release recorded it,
    without asking the loan rule first: head office must refuse it on its own."""
    moved = Money(original.body["amount_cents"] + original.body["fee_cents"])
    return post(
        counter.context, counter.teller, Operation(OperationKind.REVERSAL, original.channel, moved),
        Extras(customer_cif=JUMA, original_entry_id=original.entry_id),
        override=Override("otieno", SUPERVISOR_PASSWORD),
    )


def test_a_disbursement_is_not_reversed_but_repaid(server: Server, agent: Counter, lent: str) -> None:
    (application,) = [entry for entry in journal(agent) if entry.kind.value == "loan_disbursement"]
    agent.context.is_online = lambda: True
    with pytest.raises(NotReversible, match="early repayment"):  # this release's counter refuses it itself
        request_reversal(agent.context, agent.teller, reference=application.reference,
                         override=Override("otieno", SUPERVISOR_PASSWORD))
    reversal = reversal_as_an_older_counter_sends_it(agent, application)

    result = result_for(sync(server, agent, reversal.entry.sequence), reversal.entry.sequence)

    assert (result.status, result.code) == (EntryStatus.REJECTED, "not_reversible")
    assert f"disbursed loan {lent}" in result.message and "early repayment" in result.message
    assert loan_row(server, lent).status == "active" and loan_balance(server, lent) == KES(5_000)
    server.assert_ledger_clean()
