"""Account statements from head office's books: any period, every counter, online only.

Server: the real app on a real database (an SQLite file and MySQL), reached through httpx's WSGI
transport, and once as a real server process over real HTTP. Two counters of Nairobi CBD serve
Juma (C0001234, national ID 23456789); head office holds his wallet and Akinyi's (C0005678):

    23 Nov, counter M4T8:  cash deposit KES 10,000; cash withdrawal KES 1,000        closing  9,000
    24 Nov, counter K7Q2:  cash deposit KES 2,500; cash withdrawal KES 3,000 with a KES 30 fee;
                           transfer of KES 500 with a KES 20 fee to Akinyi                closing  7,950

Both counters synced, so head office's books hold it all; counter K7Q2 asks for statements,
signed with its key, and verifies the answers under the server key it pinned at enrolment.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pypdfium2
import pytest

from desktop_app.receipts.statement import StatementData, render_statement
from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.context import Session, SystemClock
from desktop_app.services.statements import fetch_balance, fetch_statement
from desktop_app.services.till import open_till
from desktop_app.services.transfers import request_transfer
from desktop_app.store.pulled import put_account
from desktop_app.sync.client import SyncClient
from desktop_app.sync.statements import ServerStatements
from shared_core import canonical
from shared_core.accounts import wallet_account
from shared_core.errors import InvalidAccount, NotFound, OnlineOnly, PermissionDenied
from shared_core.money import Money
from shared_core.request_signing import describe_request, sign_request
from shared_core.roles import Role
from shared_core.signing import generate_private_key, private_key_bytes, public_key_hex
from shared_core.statements import (
    ANSWER_FIELDS,
    LINE_FIELDS,
    REQUEST_FIELDS,
    StatementRequest,
    encode_request,
    request_to_wire,
)
from sync_server.api.openapi import DOCUMENT
from sync_server.app import create_app
from sync_server.settings import Settings, server_key_file_name
from tests.device_builders import Counter, make_counter
from tests.e2e.server_process import free_port, running_server, scripts_dir
from tests.server_builders import (  # noqa: F401 (database_url is a fixture)
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,
    enrol,
    make_server,
    set_user,
    statuses,
)

KES = Money.shillings
JUMA, AKINYI = "C0001234", "C0005678"
JUMA_WALLET, AKINYI_WALLET = wallet_account(JUMA), wallet_account(AKINYI)
DAY_1, DAY_2 = date(2026, 11, 23), date(2026, 11, 24)


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


class Branch:
    """Two counters' days booked at head office, and counter K7Q2 online to ask for statements."""

    def __init__(self, server: Server, tmp_path: Path) -> None:
        self.server = server
        settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
        self.app = create_app(settings, server.database, server_key=server.key, clock=server.clock)
        self.other = make_counter(tmp_path / "other", device_code="M4T8")
        self.counter = make_counter(tmp_path / "counter", device_code="K7Q2")
        for counter in (self.other, self.counter):
            enrol(server, counter)
        add_customer_everywhere(server, [self.other, self.counter], JUMA)
        add_customer_everywhere(server, [self.other, self.counter], AKINYI, national_id="34567890",
                                full_name="Akinyi Otieno", phone="254722000111")

        other = self.other
        other.clock.moment = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
        open_till(other.context, other.teller, opening_float=KES(50_000))
        other.clock.advance(minutes=5)
        self.day_1_deposit = deposit_cash(other.context, other.teller, customer_cif=JUMA, amount=KES(10_000))
        other.clock.advance(hours=3)
        self.day_1_withdrawal = withdraw_cash(other.context, other.teller, customer_cif=JUMA, amount=KES(1_000))
        assert statuses(server.sync(batch_of(other))) == ["booked"] * 3

        counter = self.counter
        with counter.store.write() as connection:  # as the last pull said
            put_account(connection, account=JUMA_WALLET, cif=JUMA, label="Wallet", balance_cents=KES(9_000).cents)
        open_till(counter.context, counter.teller, opening_float=KES(50_000))
        counter.clock.advance(minutes=5)
        self.deposit = deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(2_500))
        counter.clock.advance(minutes=5)
        self.withdrawal = withdraw_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(3_000),
                                        fee=KES(30))
        counter.clock.advance(minutes=10)
        self.transfer = request_transfer(counter.context, counter.teller, customer_cif=JUMA,
                                         to_account=AKINYI_WALLET, amount=KES(500), fee=KES(20))
        assert statuses(server.sync(batch_of(counter))) == ["booked"] * 4
        self.statements = self.online(counter)

    def online(self, counter: Counter, transport: httpx.BaseTransport | None = None) -> ServerStatements:
        """The counter with its link up: the server key pinned, the sync loop saying online."""
        counter.context.device = dataclasses.replace(
            counter.context.device, server_public_key_hex=public_key_hex(self.server.key)
        )
        counter.context.is_online = lambda: True
        client = SyncClient("http://wekeza.test", transport=transport or httpx.WSGITransport(app=self.app))
        assert counter.context.device_key is not None
        return ServerStatements(client, counter.context.device_key, counter.clock)

    def statement(self, account: str, start: date, end: date) -> StatementData:
        return fetch_statement(self.counter.context, self.counter.teller, account, start, end,
                               server=self.statements)

    def post(self, body: bytes, headers: dict[str, str]) -> httpx.Response:
        with httpx.Client(transport=httpx.WSGITransport(app=self.app), base_url="http://wekeza.test") as http:
            return http.post("/v1/statements", content=body, headers={"Content-Type": "application/json", **headers})

    def signed_post(self, request: StatementRequest, *, key=None, body: bytes | None = None) -> httpx.Response:
        """POST a request signed by K7Q2's key (or `key`); `body`, if given, is sent instead of the
        request that was signed."""
        signed_body = encode_request(request)
        described = describe_request(method="POST", path="/v1/statements", query="", body=signed_body,
                                     device_code="K7Q2", sent_at=self.server.clock.now())
        headers = sign_request(described, key or self.counter.context.device_key)
        return self.post(body if body is not None else signed_body, headers)


def rows(data: StatementData) -> list[tuple[str, str, str, str, str]]:
    """The lines as the customer reads them: reference, description, debit, credit, balance."""
    def amount(money: Money | None) -> str:
        return "" if money is None else money.format(currency=False)

    return [(line.reference, line.description, amount(line.debit), amount(line.credit), amount(line.balance))
            for line in data.lines]


def a_request(account: str = JUMA_WALLET, **changes: str) -> StatementRequest:
    return StatementRequest(**({"device_code": "K7Q2", "user_id": "wanjiru", "account": account,
                                "from_date": "2026-11-24", "to_date": "2026-11-24"} | changes))


# --- statements -------------------------------------------------------------------------------------


def test_the_second_days_statement_opens_with_the_first_days_closing(server: Server, tmp_path: Path) -> None:
    branch = Branch(server, tmp_path)
    day_1 = branch.statement(JUMA_WALLET, DAY_1, DAY_1)
    assert (day_1.opening_balance, day_1.closing_balance) == (KES(0), KES(9_000))
    assert rows(day_1) == [
        (branch.day_1_deposit.entry.reference, "Cash deposit", "", "10,000.00", "10,000.00"),
        (branch.day_1_withdrawal.entry.reference, "Cash withdrawal", "1,000.00", "", "9,000.00"),
    ]
    assert day_1.lines[0].date_time_text == "2026-11-23 10:05 +03:00"  # 07:05 UTC, in Nairobi

    day_2 = branch.statement(JUMA_WALLET, DAY_2, DAY_2)
    assert day_2.opening_balance == day_1.closing_balance == KES(9_000)
    assert rows(day_2) == [
        (branch.deposit.entry.reference, "Cash deposit", "", "2,500.00", "11,500.00"),
        (branch.withdrawal.entry.reference, "Cash withdrawal", "3,000.00", "", "8,500.00"),
        (branch.withdrawal.entry.reference, "Cash withdrawal fee", "30.00", "", "8,470.00"),
        (branch.transfer.entry.reference, "Transfer to wallet:C0005678", "500.00", "", "7,970.00"),
        (branch.transfer.entry.reference, "Transfer fee", "20.00", "", "7,950.00"),
    ]
    assert day_2.closing_balance == KES(7_950) == server.wallet(JUMA)  # the books' own balance
    assert (day_2.customer_name, day_2.masked_national_id, day_2.account_label) == (
        "Juma Mwangi", "*****789", "Wallet C0001234")
    assert (day_2.period_start, day_2.period_end) == (DAY_2, DAY_2)

    both_days = branch.statement(JUMA_WALLET, DAY_1, DAY_2)
    assert rows(both_days) == rows(day_1) + rows(day_2)  # both counters' postings, by business date
    assert (both_days.opening_balance, both_days.closing_balance) == (KES(0), KES(7_950))

    akinyi = branch.statement(AKINYI_WALLET, DAY_2, DAY_2)
    assert rows(akinyi) == [(branch.transfer.entry.reference, "Transfer from wallet:C0001234", "", "500.00",
                             "500.00")]
    assert akinyi.customer_name == "Akinyi Otieno"


def test_a_business_statement_prints_its_registration_as_its_receipts_do(server: Server, tmp_path: Path) -> None:
    branch = Branch(server, tmp_path)
    add_customer_everywhere(server, [branch.counter], "C0009001", tier=3, national_id="PVT-2016-48213",
                            full_name="Wekeza Hardware Ltd", phone="254720555100")
    statement = branch.statement("wallet:C0009001", DAY_2, DAY_2)
    # A person's ID is masked (shared_core.kyc.printed_identity); a company's registration is public.
    assert (statement.customer_name, statement.masked_national_id) == ("Wekeza Hardware Ltd", "PVT-2016-48213")


def test_an_empty_period_shows_opening_equal_to_closing_and_today_is_the_balance(
    server: Server, tmp_path: Path
) -> None:
    branch = Branch(server, tmp_path)
    before = branch.statement(JUMA_WALLET, date(2026, 11, 1), date(2026, 11, 22))
    assert (before.lines, before.opening_balance, before.closing_balance) == ((), KES(0), KES(0))
    after = branch.statement(JUMA_WALLET, date(2026, 11, 25), date(2026, 12, 24))
    assert after.lines == () and after.opening_balance == after.closing_balance == KES(7_950)

    balance = fetch_balance(branch.counter.context, branch.counter.teller, JUMA_WALLET, server=branch.statements)
    assert (balance.balance, balance.as_of, balance.holder_name) == (KES(7_950), DAY_2, "Juma Mwangi")
    assert balance.generated_at == server.clock.now()


def test_only_what_head_office_booked_is_on_the_statement(server: Server, tmp_path: Path) -> None:
    """A transfer head office refused (to a wallet it does not hold) moved nothing: it is not a line."""
    branch = Branch(server, tmp_path)
    counter = branch.counter
    with counter.store.write() as connection:
        put_account(connection, account="wallet:C0009999", cif=None, label="Wallet", balance_cents=0)
    refused = request_transfer(counter.context, counter.teller, customer_cif=JUMA,
                               to_account="wallet:C0009999", amount=KES(100))
    assert statuses(server.sync(batch_of(counter, refused.entry.sequence))) == ["rejected"]
    day_2 = branch.statement(JUMA_WALLET, DAY_2, DAY_2)
    assert refused.entry.reference not in {line.reference for line in day_2.lines}
    assert day_2.closing_balance == KES(7_950) == server.wallet(JUMA)


# --- who may ask for what --------------------------------------------------------------------------


def test_offline_there_is_no_statement(server: Server, tmp_path: Path) -> None:
    branch = Branch(server, tmp_path)
    context, teller = branch.counter.context, branch.counter.teller
    context.is_online = lambda: False
    with pytest.raises(OnlineOnly, match="comes from head office's books"):
        fetch_statement(context, teller, JUMA_WALLET, DAY_2, DAY_2, server=branch.statements)
    context.is_online = lambda: True
    with pytest.raises(OnlineOnly):
        fetch_statement(context, teller, JUMA_WALLET, DAY_2, DAY_2, server=None)

    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("network unreachable", request=request)

    down = branch.online(branch.counter, httpx.MockTransport(unreachable))
    with pytest.raises(OnlineOnly, match="Head office did not answer"):
        fetch_statement(context, teller, JUMA_WALLET, DAY_2, DAY_2, server=down)


def test_accounts_that_are_no_customers_or_not_held_are_refused(server: Server, tmp_path: Path) -> None:
    """Every counter serves every customer head office holds (as the pull sends them), and nothing
    else: another counter's till is no customer's account, and a wallet head office does not hold
    is not found. Nothing about either is told."""
    branch = Branch(server, tmp_path)
    context, teller = branch.counter.context, branch.counter.teller
    with pytest.raises(InvalidAccount, match="till:BR-M4T8 is not a customer's deposit account"):
        fetch_statement(context, teller, "till:BR-M4T8", DAY_2, DAY_2, server=branch.statements)
    forged = canonical.encode(request_to_wire(a_request()) | {"account": "till:BR-M4T8"})
    described = describe_request(method="POST", path="/v1/statements", query="", body=forged,
                                 device_code="K7Q2", sent_at=server.clock.now())
    answer = branch.post(forged, sign_request(described, context.device_key))
    assert (answer.status_code, answer.json()["error"]["code"]) == (400, "invalid_account")
    assert "50,000" not in answer.text and "balance" not in answer.text

    with pytest.raises(NotFound, match="Head office holds no customer account wallet:C0009999"):
        fetch_statement(context, teller, "wallet:C0009999", DAY_2, DAY_2, server=branch.statements)
    # Juma's statement asked in M4T8's name, signed by K7Q2: refused.
    answer = branch.signed_post(a_request(device_code="M4T8"))
    assert (answer.status_code, answer.json()["error"]["code"]) == (403, "permission_denied")
    assert "Juma" not in answer.text


def test_only_users_who_print_statements_get_them(server: Server, tmp_path: Path) -> None:
    branch = Branch(server, tmp_path)
    context = branch.counter.context
    agent = Session(user_id="wanjiru", display_name="Wanjiru Kamau", role=Role.AGENT)
    with pytest.raises(PermissionDenied, match="may not statement print"):
        fetch_statement(context, agent, JUMA_WALLET, DAY_2, DAY_2, server=branch.statements)
    set_user(server, "achieng", role="agent")  # head office's word wins over the device's
    achieng = Session(user_id="achieng", display_name="Achieng Atieno", role=Role.TELLER)
    with pytest.raises(PermissionDenied, match="Agent users may not print statements"):
        fetch_statement(context, achieng, JUMA_WALLET, DAY_2, DAY_2, server=branch.statements)
    set_user(server, "wanjiru", active=False)
    with pytest.raises(PermissionDenied, match="wanjiru is not an active user at head office"):
        fetch_statement(context, branch.counter.teller, JUMA_WALLET, DAY_2, DAY_2, server=branch.statements)


def test_unsigned_foreign_or_altered_requests_get_401_and_nothing(server: Server, tmp_path: Path) -> None:
    branch = Branch(server, tmp_path)
    body = encode_request(a_request())
    altered = encode_request(a_request(from_date="2026-11-01"))
    for reason, answer in (
        ("no signature", branch.post(body, {})),
        ("another key", branch.signed_post(a_request(), key=generate_private_key())),
        ("body altered after signing", branch.signed_post(a_request(), body=altered)),
    ):
        assert answer.status_code == 401, reason
        assert answer.json()["error"]["code"] in {"unauthenticated", "bad_signature"}, reason
        assert "Juma" not in answer.text and "10,000" not in answer.text, reason
    assert branch.signed_post(a_request()).status_code == 200  # the genuine one, for contrast


def test_the_openapi_document_holds_the_statement_wire_fields() -> None:
    schemas = DOCUMENT["components"]["schemas"]
    assert list(schemas["StatementRequest"]["properties"]) == list(REQUEST_FIELDS)
    assert list(schemas["StatementAnswer"]["properties"]) == list(ANSWER_FIELDS)
    assert list(schemas["StatementLine"]["properties"]) == list(LINE_FIELDS)
    operation = DOCUMENT["paths"]["/v1/statements"]["post"]
    assert operation["security"] == [{"deviceSignature": []}]
    assert {"200", "401", "403", "404", "422"} <= set(operation["responses"])


# --- end to end ------------------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(document[index].get_textpage().get_text_range() for index in range(len(document)))
    finally:
        document.close()


@pytest.mark.mysql
def test_a_statement_over_real_http_prints_what_the_books_say(mysql_url: str, tmp_path: Path) -> None:
    """The real server process on MySQL, the teller's device over a real socket, the A4 PDF read back."""
    servers = make_server(mysql_url)
    server = next(servers)
    try:
        branch = Branch(server, tmp_path)
        data_dir = tmp_path / "server-process"
        data_dir.mkdir()
        (data_dir / server_key_file_name).write_bytes(private_key_bytes(server.key))  # the key devices pinned
        (data_dir / server_key_file_name).chmod(0o600)
        port = free_port()
        command = [str(scripts_dir / "wekeza-server"), "serve", "--port", str(port), "--database-url", mysql_url]
        with running_server(command, port, {"WEKEZA_SERVER_DATA_DIR": str(data_dir)}) as base_url:
            client = SyncClient(base_url)
            try:
                counter = branch.counter
                assert counter.context.device_key is not None
                # The real server keeps real time: the device signs with its real clock too.
                statements = ServerStatements(client, counter.context.device_key, SystemClock())
                data = fetch_statement(counter.context, counter.teller, JUMA_WALLET, DAY_1, DAY_2,
                                       server=statements)
            finally:
                client.close()
        text = pdf_text(render_statement(data))
        for expected in ("Wekeza Bank", "Juma Mwangi", "*****789", "Wallet C0001234", "23 Nov 2026 to 24 Nov 2026",
                         "Opening balance", "Total credits (2)", "12,500.00", "Total debits (5)", "4,550.00",
                         "Closing balance", "7,950.00", branch.day_1_deposit.entry.reference,
                         branch.transfer.entry.reference, "Transfer to wallet:C0005678", "Cash withdrawal fee",
                         "from head office's books"):
            assert expected in text, expected
    finally:
        servers.close()
