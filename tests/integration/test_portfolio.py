"""Head office's view of the books (GET /v1/portfolio, `wekeza-server portfolio`), on an SQLite file
and on a fresh MariaDB database. The book on 2026-11-24, worked out by hand:

    Amina   Boost 10,000, 4 weekly from 14 Aug (due 21 Aug ...), nothing paid:
            95 days past due -> substandard: non-performing, and in PAR30
    Baraka  Boost 20,000, from 17 Oct (due 24 Oct ...), nothing paid: 31 days -> watch: PAR30 only
    Chebet  Boost 50,000, from 17 Nov; pays her first installment on its due day, today:
            12,500 of principal paid, 37,500 outstanding, 0 days -> normal
    Daudi   Boost 5,000, from 1 Sep, every installment paid on its day: closed 29 Sep

    outstanding 10,000 + 20,000 + 37,500 = 67,500
    NPL   10,000 / 67,500 = 0.148148.. -> 0.1481
    PAR30 (10,000 + 20,000) / 67,500 = 0.444444.. -> 0.4444

At the month-ends before it: 31 Aug, Amina alone, 10 days late (normal): 10,000, 0, 0; 30 Sep,
Amina 40 days (watch) and Daudi closed: 10,000, NPL 0, PAR30 1.0000; 31 Oct, Amina 71 days and
Baraka 7: 30,000, NPL 0, PAR30 10,000 / 30,000 = 0.3333.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from falcon import testing

from shared_core.errors import InvalidInput
from shared_core.portfolio_csv import HEADER
from shared_core.money import Money
from shared_core.roles import Role
from sync_server.api.openapi import DOCUMENT
from sync_server.app import create_app
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.portfolio import month_ends_before, parse_months, read_portfolio
from sync_server.services.portfolio_loans import read_loans
from sync_server.services.product_policies import shipped_product_policies
from sync_server.services.sessions import User, issue_token
from sync_server.settings import Settings
from tests.device_builders import password_hash
from tests.integration.test_reconciliation import assert_shaped_as_documented
from tests.portfolio_builders import (
    add_customer,
    book_loan,
    enrol_book_device,
    planned_schedule,
    record_repayment,
    sell_policy,
)
from tests.server_builders import Server, database_url, make_server  # noqa: F401 (database_url is a fixture)

KES = Money.shillings
AS_OF = "2026-11-24"
script = Path(sys.executable).parent / "wekeza-server"
repo_root = Path(__file__).resolve().parents[2]
command_timeout_s = 120
USERS = {
    "njeri": User("njeri", "Njeri Mwangi", Role.HEAD_OFFICE, None),
    "otieno": User("otieno", "Otieno Odhiambo", Role.SUPERVISOR, "NBO-001"),
    "wanjiru": User("wanjiru", "Wanjiru Kamau", Role.TELLER, "NBO-001"),
}


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


@pytest.fixture
def book(server: Server) -> Server:
    enrol_book_device(server)
    for cif, name, national_id in (
        ("C0000101", "Amina Hassan", "21000101"),
        ("C0000102", "Baraka Otieno", "21000102"),
        ("C0000103", "Chebet Kiprop", "21000103"),
        ("C0000104", "Daudi Mwita", "21000104"),
    ):
        add_customer(server, cif, name, national_id=national_id)
    book_loan(server, "LN-AMINA", "C0000101", principal=KES(10_000), applied_on=date(2026, 8, 14))
    book_loan(server, "LN-BARAKA", "C0000102", principal=KES(20_000), applied_on=date(2026, 10, 17))
    first = planned_schedule(KES(50_000), date(2026, 11, 17))[0]
    assert (first.due_date, first.principal) == (date(2026, 11, 24), KES(12_500))
    book_loan(server, "LN-CHEBET", "C0000103", principal=KES(50_000), applied_on=date(2026, 11, 17),
              repayments=[(first.due_date, first.total)])  # fmt: skip
    book_loan(
        server, "LN-BARAKA-2", "C0000102", principal=KES(50_000), applied_on=date(2026, 11, 17), status="declined"
    )  # declined: nothing was lent, never in the book
    daudi = planned_schedule(KES(5_000), date(2026, 9, 1))
    assert daudi[-1].due_date == date(2026, 9, 29)
    book_loan(server, "LN-DAUDI", "C0000104", principal=KES(5_000), applied_on=date(2026, 9, 1),
              repayments=[(row.due_date, row.total) for row in daudi])  # fmt: skip
    return server


def portfolio(server: Server, as_of: str = AS_OF, months: int = 3) -> dict:
    return read_portfolio(server.database, as_of=as_of, months=months, now=server.clock.now()).to_wire()


# --- the book, by hand ------------------------------------------------------------------------------


def test_a_classified_book_adds_up_as_worked_out_by_hand(book: Server) -> None:
    loan_book = portfolio(book)["loan_book"]
    assert (loan_book["active_loans"], loan_book["closed_loans"]) == (3, 1)
    assert loan_book["outstanding_cents"] == KES(67_500).cents
    assert (loan_book["npl_cents"], loan_book["npl_ratio"]) == (KES(10_000).cents, "0.1481")
    assert (loan_book["par30_cents"], loan_book["par30_ratio"]) == (KES(30_000).cents, "0.4444")
    assert [(line["classification"], line["loans"], line["outstanding_cents"])
            for line in loan_book["by_classification"]] == [
        ("normal", 1, KES(37_500).cents),
        ("watch", 1, KES(20_000).cents),
        ("substandard", 1, KES(10_000).cents),
        ("doubtful", 0, 0),
        ("loss", 0, 0),
    ]  # fmt: skip
    assert loan_book["by_product"] == [
        {"product": "boost", "name": "Boost", "active_loans": 3, "outstanding_cents": KES(67_500).cents,
         "npl_ratio": "0.1481", "par30_ratio": "0.4444"},
        {"product": "sme_working_capital", "name": "SME Working Capital", "active_loans": 0,
         "outstanding_cents": 0, "npl_ratio": "0.0000", "par30_ratio": "0.0000"},
    ]  # fmt: skip


def test_the_history_is_the_same_book_at_each_month_end(book: Server) -> None:
    history = portfolio(book, months=3)["history"]
    assert [(point["as_of"], point["outstanding_cents"], point["npl_ratio"], point["par30_ratio"])
            for point in history] == [
        ("2026-08-31", KES(10_000).cents, "0.0000", "0.0000"),
        ("2026-09-30", KES(10_000).cents, "0.0000", "1.0000"),
        ("2026-10-31", KES(30_000).cents, "0.0000", "0.3333"),
        ("2026-11-24", KES(67_500).cents, "0.1481", "0.4444"),
    ]  # fmt: skip
    assert [point["as_of"] for point in portfolio(book, months=0)["history"]] == [AS_OF]


def test_a_past_date_reads_the_book_as_it_stood_then(book: Server) -> None:
    """On 30 Sep Chebet and Baraka had not borrowed; Daudi had paid off the day before."""
    then = portfolio(book, as_of="2026-09-30", months=1)
    assert then["as_of"] == "2026-09-30"
    assert (then["loan_book"]["active_loans"], then["loan_book"]["closed_loans"]) == (1, 1)
    assert [point["as_of"] for point in then["history"]] == ["2026-08-31", "2026-09-30"]


def test_a_book_worked_out_is_kept_until_a_repayment_of_its_days_arrives(book: Server) -> None:
    """Each date's book is worked out once and kept. Amina paid KES 6,000 on 30 Oct at an agent
    offline; the batch reaches head office only now: 31 Oct and today are worked out again with it
    (late fees first, then interest, then principal); 30 Sep, before it was paid, is not."""
    september, october, today = date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 24)
    first = read_portfolio(book.database, as_of=AS_OF, months=2, now=book.clock.now())
    assert first.worked_out == (september, october, today)
    assert [row.key for row in book.rows("server_settings") if row.key.startswith("portfolio_book:")] == [
        "portfolio_book:2026-09-30", "portfolio_book:2026-10-31", "portfolio_book:2026-11-24"]  # fmt: skip
    again = read_portfolio(book.database, as_of=AS_OF, months=2, now=book.clock.now())
    assert (again.worked_out, again.positions_taken) == ((), 0)
    assert again.to_wire() == first.to_wire(), "a kept book reads back as it was worked out"

    record_repayment(book, "LN-AMINA", date(2026, 10, 30), KES(6_000))
    after = read_portfolio(book.database, as_of=AS_OF, months=2, now=book.clock.now())

    assert after.worked_out == (october, today), "30 Sep is kept: nothing of its days changed"
    with book.database.engine.connect() as connection:
        [amina] = [loan for loan in read_loans(connection, today) if loan.loan_id == "LN-AMINA"]
    position = amina.position(october, shipped_product_policies().loans)
    assert KES(0) < position.principal_outstanding < KES(10_000)
    assert position.days_past_due > 30  # her oldest installment still not wholly paid
    history = {point.as_of: point for point in after.portfolio.history}
    assert history[october].outstanding == KES(20_000) + position.principal_outstanding
    assert history[september] == {point.as_of: point for point in first.portfolio.history}[september]


def test_the_history_points_are_the_month_ends_strictly_before_the_day() -> None:
    assert month_ends_before(date(2026, 11, 24), 3) == (date(2026, 8, 31), date(2026, 9, 30), date(2026, 10, 31))
    assert month_ends_before(date(2026, 10, 31), 2) == (date(2026, 8, 31), date(2026, 9, 30))  # 31 Oct is the day
    assert month_ends_before(date(2028, 3, 1), 2) == (date(2028, 1, 31), date(2028, 2, 29))
    assert month_ends_before(date(2026, 1, 15), 1) == (date(2025, 12, 31),)
    assert month_ends_before(date(2026, 1, 15), 0) == ()
    assert [parse_months(value) for value in ("0", "36", 12, " 7 ")] == [0, 36, 12, 7]
    for wrong in ("37", "-1", "1.5", "", True, None, 3.0):
        with pytest.raises(InvalidInput, match="months"):
            parse_months(wrong)


# --- SMEs and policies ------------------------------------------------------------------------------


def test_smes_are_listed_with_their_facilities_where_they_stood(server: Server) -> None:
    enrol_book_device(server)
    add_customer(server, "C0009001", "Wekeza Hardware Ltd", national_id="PVT-2016-48213", sector="retail",
                 turnover=KES(24_000_000), director="otieno")  # fmt: skip
    add_customer(server, "C0009002", "Shamba Fresh Ltd", national_id="PVT-2019-11872")
    add_customer(server, "C0000101", "Amina Hassan", national_id="21000101")
    working_capital = book_loan(
        server, "LN-HARDWARE", "C0009001", product="sme_working_capital", principal=KES(500_000),
        installments=6, applied_on=date(2026, 7, 15),
    )  # fmt: skip
    book_loan(server, "LN-FRESH", "C0009002", product="sme_working_capital", principal=KES(200_000),
              installments=6, applied_on=date(2026, 11, 20), status="awaiting_approval")  # fmt: skip
    book_loan(server, "LN-AMINA", "C0000101", principal=KES(10_000), applied_on=date(2026, 8, 14))

    smes = portfolio(server)["smes"]

    # Amina borrows as a person: not an SME. Shamba Fresh has no profile yet, but applied for SME credit.
    assert [sme["name"] for sme in smes] == ["Shamba Fresh Ltd", "Wekeza Hardware Ltd"]
    fresh, hardware = smes
    assert (hardware["cif"], hardware["sector"], hardware["annual_turnover_cents"]) == (
        "C0009001", "retail", KES(24_000_000).cents)
    # Monthly from 15 Jul: first due 15 Aug, unpaid: 101 days past due on 24 Nov, substandard.
    assert hardware["facilities"] == [{
        "reference": working_capital.reference, "product": "sme_working_capital",
        "principal_cents": KES(500_000).cents, "outstanding_cents": KES(500_000).cents, "status": "active",
        "classification": "substandard", "days_past_due": 101,
    }]  # fmt: skip
    assert (fresh["sector"], fresh["annual_turnover_cents"]) == (None, None)
    assert [(f["status"], f["outstanding_cents"], f["classification"]) for f in fresh["facilities"]] == [
        ("awaiting_approval", 0, None)
    ]


def test_policies_by_type_count_what_was_sold_in_force_and_lapsed(server: Server) -> None:
    enrol_book_device(server)
    add_customer(server, "C0000101", "Amina Hassan", national_id="21000101")
    d, K = date, KES
    # Personal accident, monthly, 30 days' grace: paid through 31 Oct, in grace on 24 Nov: in force.
    sell_policy(server, "PA-1", "C0000101", "personal_accident", sold_on=d(2026, 9, 1), premiums=[
        (d(2026, 9, 1), d(2026, 9, 1), d(2026, 9, 30), K(150)),
        (d(2026, 10, 1), d(2026, 10, 1), d(2026, 10, 31), K(150))])  # fmt: skip
    # Paid for June only: lapsed at the end of July.
    sell_policy(server, "PA-2", "C0000101", "personal_accident", sold_on=d(2026, 6, 1), premiums=[
        (d(2026, 6, 1), d(2026, 6, 1), d(2026, 6, 30), K(150))])  # fmt: skip
    # Its second month's premium was reversed: paid through September only, lapsed since 30 Oct.
    sell_policy(server, "PA-3", "C0000101", "personal_accident", sold_on=d(2026, 9, 1), premiums=[
        (d(2026, 9, 1), d(2026, 9, 1), d(2026, 9, 30), K(150)),
        (d(2026, 10, 1), d(2026, 10, 1), d(2026, 10, 31), K(150))], reversed_payments=[1])  # fmt: skip
    # WIBA for a year from 15 Jan: in force. Asset all-risk to 30 Sep, not renewed: lapsed.
    sell_policy(server, "WB-1", "C0000101", "wiba", sold_on=d(2026, 1, 15), premiums=[
        (d(2026, 1, 15), d(2026, 1, 15), d(2027, 1, 14), K(62_000))])  # fmt: skip
    sell_policy(server, "AR-1", "C0000101", "asset_all_risk", sold_on=d(2025, 10, 1), premiums=[
        (d(2025, 10, 1), d(2025, 10, 1), d(2026, 9, 30), K(5_000))])  # fmt: skip
    # Sold on 20 Nov to start on 1 Dec: sold, neither in force nor lapsed. A sale reversed: not sold.
    sell_policy(server, "AR-2", "C0000101", "asset_all_risk", sold_on=d(2026, 11, 20), premiums=[
        (d(2026, 11, 20), d(2026, 12, 1), d(2027, 11, 30), K(7_000))])  # fmt: skip
    sell_policy(server, "AR-3", "C0000101", "asset_all_risk", sold_on=d(2026, 11, 2), status="cancelled",
                premiums=[(d(2026, 11, 2), d(2026, 11, 2), d(2027, 11, 1), K(9_000))],
                reversed_payments=[0])  # fmt: skip

    policies = {line["product"]: line for line in portfolio(server)["policies"]}

    assert list(policies) == ["personal_accident", "wiba", "asset_all_risk"]
    assert policies["personal_accident"] == {
        "product": "personal_accident", "sold": 3, "in_force": 1, "lapsed": 2, "premiums_cents": K(600).cents}
    assert policies["wiba"] == {
        "product": "wiba", "sold": 1, "in_force": 1, "lapsed": 0, "premiums_cents": K(62_000).cents}
    assert policies["asset_all_risk"] == {
        "product": "asset_all_risk", "sold": 2, "in_force": 0, "lapsed": 1, "premiums_cents": K(12_000).cents}
    # On 15 Oct PA-3's reversed month was never paid for: in grace then (its September paid), so in force.
    october = {line["product"]: line for line in portfolio(server, as_of="2026-10-15")["policies"]}
    assert (october["personal_accident"]["in_force"], october["personal_accident"]["lapsed"]) == (2, 1)
    assert (october["asset_all_risk"]["sold"], october["asset_all_risk"]["lapsed"]) == (1, 1)


def test_an_empty_bank_answers_zeros_for_everything(server: Server) -> None:
    answer = portfolio(server, months=0)
    assert answer["loan_book"]["outstanding_cents"] == 0 and answer["loan_book"]["npl_ratio"] == "0.0000"
    assert [line["loans"] for line in answer["loan_book"]["by_classification"]] == [0, 0, 0, 0, 0]
    assert answer["smes"] == [] and [line["sold"] for line in answer["policies"]] == [0, 0, 0]
    assert answer["history"] == [
        {"as_of": AS_OF, "outstanding_cents": 0, "npl_ratio": "0.0000", "par30_ratio": "0.0000"}
    ]



def test_by_default_the_portfolio_is_as_of_the_banks_day_not_the_utc_one(server: Server) -> None:
    """At 21:30 UTC it is 00:30 in Nairobi: the 25th has begun at the bank, the 26th has not."""
    just_after_midnight = "2026-11-24T21:30:00.000000Z"
    reading = read_portfolio(server.database, as_of=None, months=0, now=just_after_midnight)
    assert reading.portfolio.as_of.isoformat() == "2026-11-25"
    with pytest.raises(InvalidInput, match="2026-11-26 has not begun"):
        read_portfolio(server.database, as_of="2026-11-26", months=0, now=just_after_midnight)

# --- the API ----------------------------------------------------------------------------------------


@pytest.fixture
def client(book: Server, tmp_path: Path) -> testing.TestClient:
    with UnitOfWork(book.database) as uow:
        uow.connection.execute(schema.users.insert().values(
            user_id="njeri", display_name="Njeri Mwangi", role="head_office", location_code=None,
            password_hash=password_hash("Counter-2026!"), active=True))  # fmt: skip
        uow.commit()
    settings = Settings(database_url=book.database.url, data_dir=tmp_path / "server-data")
    return testing.TestClient(create_app(settings, book.database, server_key=book.key, clock=book.clock))


def bearer(server: Server, user_id: str) -> dict[str, str]:
    token = issue_token(USERS[user_id], now=server.clock.now(), server_key=server.key).token
    return {"Authorization": f"Bearer {token}"}


def test_head_office_reads_the_portfolio_as_documented(client: testing.TestClient, book: Server) -> None:
    answer = client.simulate_get("/v1/portfolio", params={"months": "2"}, headers=bearer(book, "njeri"))
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert answer.json["as_of"] == AS_OF  # today's business date, by default
    assert answer.json == portfolio(book, months=2)
    assert [point["as_of"] for point in answer.json["history"]] == ["2026-09-30", "2026-10-31", AS_OF]
    components = DOCUMENT["components"]["schemas"]
    assert_shaped_as_documented(answer.json, components["Portfolio"], components, "portfolio")
    default = client.simulate_get("/v1/portfolio", headers=bearer(book, "njeri"))
    assert len(default.json["history"]) == 12 + 1


def test_the_portfolio_is_for_head_office_alone(client: testing.TestClient, book: Server) -> None:
    assert client.simulate_get("/v1/portfolio").status_code == 401
    for user_id in ("otieno", "wanjiru"):
        refused = client.simulate_get("/v1/portfolio", headers=bearer(book, user_id))
        assert (refused.status_code, refused.json["error"]["code"]) == (403, "role_not_allowed"), user_id


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date": "24/11/2026"}, "date"),
        ({"date": "2026-02-30"}, "date"),
        ({"date": "2026-11-25"}, "date"),  # not begun yet
        ({"months": "37"}, "months"),
        ({"months": "-1"}, "months"),
        ({"months": "twelve"}, "months"),
    ],
)
def test_a_bad_date_or_months_is_400_naming_the_field(
    client: testing.TestClient, book: Server, params: dict, field: str
) -> None:
    answer = client.simulate_get("/v1/portfolio", params=params, headers=bearer(book, "njeri"))
    assert (answer.status_code, answer.json["error"]["code"]) == (400, "invalid_input"), answer.text
    assert answer.json["error"]["details"]["field"] == field
    assert field in answer.json["error"]["message"]


# --- the command ------------------------------------------------------------------------------------


def test_the_command_writes_the_portfolio_as_pdf_and_csv(book: Server, tmp_path: Path) -> None:
    from tests.pdf_reading import pdf_text

    if not script.exists():
        pytest.fail(f"{script} is not installed; run the README's test command")
    add_customer(book, "C0009001", '=HYPERLINK("http://evil.example","Hardware")', national_id="PVT-2016-48213",
                 sector="retail", turnover=KES(24_000_000))  # fmt: skip
    out = tmp_path / "reports"
    done = subprocess.run(
        [str(script), "portfolio", "--date", AS_OF, "--months", "3", "--out", str(out),
         "--database-url", book.database.url, "--data-dir", str(tmp_path / "ho")],
        capture_output=True, text=True, timeout=command_timeout_s, check=False,
        env={**os.environ, "PYTHONPATH": str(repo_root)},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 active loans, KES 67,500.00 outstanding; NPL 14.81%, PAR30 44.44%" in done.stdout

    text = pdf_text((out / f"portfolio-{AS_OF}.pdf").read_bytes(), tmp_path)
    assert "Portfolio as of 2026-11-24" in text
    assert "67,500.00" in text and "14.81%" in text and "44.44%" in text
    assert "Substandard" in text and "2026-10-31" in text

    rows = list(csv.DictReader(io.StringIO((out / f"portfolio-{AS_OF}.csv").read_bytes().decode("utf-8-sig"))))
    assert list(rows[0]) == list(HEADER)  # the columns of the head office screen's export too
    book_row = next(row for row in rows if (row["section"], row["subject"]) == ("loan_book", "outstanding"))
    assert (book_row["count"], book_row["amount_kes"], book_row["npl_ratio"]) == ("3", "67500.00", "0.1481")
    history = [(row["as_of"], row["amount_kes"], row["par30_ratio"]) for row in rows if row["section"] == "history"]
    assert history == [("2026-08-31", "10000.00", "0.0000"), ("2026-09-30", "10000.00", "1.0000"),
                       ("2026-10-31", "30000.00", "0.3333"), ("2026-11-24", "67500.00", "0.4444")]  # fmt: skip
    sme = next(row for row in rows if row["section"] == "sme")
    assert sme["name"].startswith("'=HYPERLINK"), "a name written as a formula never runs"
