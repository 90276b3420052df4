"""GET /v1/portfolio on a book of 10,000 loans: how long head office waits for the dashboard, cold
(no date's book worked out yet) and with the books kept (services.portfolio_books), beside the raw
cost of reading the same rows.

Run from the repository root: python -m tests.bench.bench_portfolio [--loans N] [--sqlite]
Needs the MySQL/MariaDB server of tests/conftest.py (127.0.0.1:3306, root) unless --sqlite. Each run
works in a fresh database of its own and drops it afterwards.

The book: loans disbursed over the 15 months before 2026-11-24, 90% Boost (4 to 12 weekly
installments, KES 500 to 50,000), 10% SME working capital (3 to 12 monthly, KES 50,000 to
2,000,000); 70% of borrowers pay every installment on its day, 20% pay some and stop, 10% never
pay. Rows are written as the ingest writes them (tests/portfolio_builders.py), in bulk. The call
goes through the real WSGI app (falcon's test client): token check, one REPEATABLE READ
transaction, the replays, the JSON.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pymysql
from falcon import testing
from sqlalchemy import delete, insert, select

from shared_core import canonical
from shared_core.accounts import loan_account
from shared_core.loan_origination import first_due_date
from shared_core.loan_repayment import replayed_balances
from shared_core.loan_schedule import loan_terms_for, loan_terms_to_wire, schedule
from shared_core.money import Money
from shared_core.roles import Role
from sync_server.app import create_app
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.portfolio_books import KEY_PREFIX
from sync_server.services.product_policies import shipped_product_policies
from sync_server.services.sessions import User, issue_token
from sync_server.settings import Settings
from tests.device_builders import password_hash
from tests.portfolio_builders import BOOK_DEVICE, NOW, enrol_book_device
from tests.server_builders import Server, make_server

mysql_host = "127.0.0.1"
mysql_port = 3306
loans_default = 10_000
customers_count = 3_000
smes_count = 60
seed = 20261124
as_of = date(2026, 11, 24)
history_days = 450
rows_per_statement = 2_000
goal_s = 5.0  # the desktop's read timeout is 30 s; a dashboard a person waits for, well under it
LOANS = shipped_product_policies().loans
NJERI = User("njeri", "Njeri Mwangi", Role.HEAD_OFFICE, None)


def build_book(server: Server, loans: int) -> tuple[int, int]:
    """`loans` loans and their repayments, written in bulk; (loans, repayments)."""
    chance = random.Random(seed)
    enrol_book_device(server)
    customers = [
        {"cif": f"C{number:07d}", "national_id": f"{30_000_000 + number}", "full_name": f"Customer {number}",
         "phone": "254700000000", "kyc_tier": 3}
        for number in range(customers_count)
    ]  # fmt: skip
    for number in range(smes_count):
        customers[number]["national_id"] = f"PVT-2020-{number:05d}"
        customers[number]["full_name"] = f"Business {number} Ltd"
    profiles = [
        {"cif": customers[number]["cif"], "bureau_status": "clear", "annual_turnover_cents": 10**10,
         "sector": "retail", "years_trading": 5, "facilities_elsewhere_cents": 0, "updated_at": NOW}
        for number in range(smes_count)
    ]  # fmt: skip
    entries, loan_rows, repayments = [], [], []
    sequence = 0

    def entry(kind: str, day: date, cents: int) -> int:
        nonlocal sequence
        sequence += 1
        entries.append({
            "device_code": BOOK_DEVICE, "sequence": sequence, "entry_id": f"{BOOK_DEVICE}-{sequence:07d}",
            "entry_hash": "0" * 64, "kind": kind, "nature": "fact", "channel": "branch",
            "reference": f"BR-{BOOK_DEVICE}-{sequence:06d}-X", "recorded_at": f"{day.isoformat()}T09:00:00.000000Z",
            "received_at": NOW, "business_date": day.isoformat(), "customer_cif": None, "amount_cents": cents,
            "limit_table_version": 1, "content": b"{}", "status": "booked", "code": None, "message": "Booked",
        })  # fmt: skip
        return sequence

    for number in range(loans):
        sme = chance.random() < 0.1
        product = LOANS.product("sme_working_capital" if sme else "boost")
        count = chance.randint(3, 12) if sme else chance.randint(4, 12)
        principal = Money(chance.randrange(5_000_000, 200_000_000) if sme else chance.randrange(50_000, 5_000_000))
        applied_on = as_of - timedelta(days=chance.randrange(1, history_days))
        terms = loan_terms_for(product, principal, count, first_due_date(applied_on, product.frequency))
        rows = schedule(terms)
        habit = chance.random()
        paid_rows = [row for row in rows if row.due_date <= as_of]
        if 0.7 <= habit < 0.9:
            paid_rows = paid_rows[: chance.randrange(0, len(paid_rows) + 1)]
        elif habit >= 0.9:
            paid_rows = []
        made = [(row.due_date, row.total) for row in paid_rows]
        closed_on = replayed_balances(rows, made, product).closed_on
        cif = customers[number % smes_count if sme else chance.randrange(smes_count, customers_count)]["cif"]
        loan_id = f"LN{number:08d}"
        disbursed = entry("loan_disbursement", applied_on, principal.cents)
        loan_rows.append({
            "loan_id": loan_id, "loan_account": loan_account(loan_id), "cif": cif, "product_code": product.code,
            **loan_terms_to_wire(terms), "applied_on": applied_on.isoformat(), "device_code": BOOK_DEVICE,
            "sequence": disbursed, "status": "closed" if closed_on else "active", "credit_outcome": "approve",
            "credit_score": 700, "decision": canonical.encode({}), "created_at": NOW,
            "closed_on": closed_on.isoformat() if closed_on else None, "worst_days_past_due": 0,
        })  # fmt: skip
        for paid_on, amount in made:
            repayments.append({
                "loan_id": loan_id, "device_code": BOOK_DEVICE,
                "sequence": entry("loan_repayment_cash", paid_on, amount.cents), "paid_on": paid_on.isoformat(),
                "amount_cents": amount.cents, "principal_cents": 0, "interest_cents": 0, "penalties_cents": 0,
                "excess_cents": 0,
            })  # fmt: skip
    with UnitOfWork(server.database) as uow:
        connection = uow.connection
        connection.execute(insert(schema.customers), customers)
        connection.execute(insert(schema.credit_profiles), profiles)
        for table, rows in ((schema.entries, entries), (schema.loans, loan_rows), (schema.loan_repayments, repayments)):
            for start in range(0, len(rows), rows_per_statement):
                connection.execute(insert(table), rows[start : start + rows_per_statement])
        connection.execute(insert(schema.users).values(
            user_id="njeri", display_name="Njeri Mwangi", role="head_office", location_code=None,
            password_hash=password_hash("Head-Office-2026!"), active=True))  # fmt: skip
        uow.commit()
    return len(loan_rows), len(repayments)


def timed_get(client: testing.TestClient, server: Server, months: int) -> tuple[float, dict]:
    token = issue_token(NJERI, now=server.clock.now(), server_key=server.key).token
    started = time.perf_counter()
    answer = client.simulate_get(
        "/v1/portfolio", params={"months": str(months)}, headers={"Authorization": f"Bearer {token}"}
    )
    elapsed = time.perf_counter() - started
    assert answer.status_code == 200, answer.text
    return elapsed, answer.json


def raw_read_s(server: Server) -> float:
    """The rows the portfolio reads, read and nothing else: the floor under any answer."""
    started = time.perf_counter()
    with server.database.engine.connect() as connection:
        connection.execute(select(schema.loans)).all()
        connection.execute(select(schema.loan_repayments)).all()
    return time.perf_counter() - started


def forget_kept_books(server: Server) -> None:
    """As the first call ever finds it: no date's book worked out and kept yet."""
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(delete(schema.server_settings).where(
            schema.server_settings.c.key.like(f"{KEY_PREFIX}%")))  # fmt: skip
        uow.commit()


def run(url: str, loans: int, backend: str, version: str) -> None:
    servers = make_server(url)
    server = next(servers)
    try:
        started = time.perf_counter()
        loan_count, repayment_count = build_book(server, loans)
        built_s = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as data_dir:
            settings = Settings(database_url=server.database.url, data_dir=Path(data_dir))
            client = testing.TestClient(create_app(settings, server.database, server_key=server.key,
                                                   clock=server.clock))  # fmt: skip
            rows: list[tuple[str, float]] = []

            def measure(label: str, months: int, *, cold: bool) -> dict:
                if cold:
                    forget_kept_books(server)
                elapsed, answer = timed_get(client, server, months)
                rows.append((label, elapsed))
                return answer

            answer = measure("months=0, cold", 0, cold=True)
            measure("months=12, cold", 12, cold=True)
            measure("months=12, every book kept (a second call)", 12, cold=False)
            with UnitOfWork(server.database) as uow:  # a repayment paid today: only today is worked out again
                loan_id = uow.connection.execute(
                    select(schema.loans.c.loan_id).where(schema.loans.c.status == "active").limit(1)
                ).scalar_one()
                uow.connection.execute(insert(schema.loan_repayments).values(
                    loan_id=loan_id, device_code=BOOK_DEVICE, sequence=1, paid_on=as_of.isoformat(),
                    amount_cents=100, principal_cents=0, interest_cents=0, penalties_cents=0,
                    excess_cents=0))  # fmt: skip
                uow.commit()
            measure("months=12, after a repayment today (today's book again)", 12, cold=False)
            measure("months=36, cold", 36, cold=True)
            raw_s = raw_read_s(server)
    finally:
        servers.close()
    book = answer["loan_book"]
    print(f"Book of {loan_count:,} loans ({book['active_loans']:,} active, {book['closed_loans']:,} closed on "
          f"{as_of}), {repayment_count:,} repayments, built in {built_s:.1f} s.")
    print(f"{backend} {version}, Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} cores.\n")
    print("| GET /v1/portfolio | seconds | goal |")
    print("| --- | ---: | --- |")
    for label, elapsed in rows:
        met = "met" if elapsed < goal_s else "**not met**"
        print(f"| {label} | {elapsed:.2f} | < {goal_s:.0f} s: {met} |")
    print(f"| raw: SELECT every loan and repayment row | {raw_s:.2f} | |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loans", type=int, default=loans_default)
    parser.add_argument("--sqlite", action="store_true", help="an SQLite file instead of MariaDB/MySQL")
    arguments = parser.parse_args(argv)
    if arguments.sqlite:
        import sqlite3

        with tempfile.TemporaryDirectory() as work_dir:
            run(f"sqlite:///{work_dir}/bench.sqlite3", arguments.loans, "SQLite", sqlite3.sqlite_version)
        return 0
    database_name = f"wekeza_bench_{uuid.uuid4().hex[:12]}"
    admin = pymysql.connect(host=mysql_host, port=mysql_port, user="root")
    try:
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE `{database_name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
            cursor.execute("SELECT VERSION()")
            version = cursor.fetchone()[0]
        run(f"mysql+pymysql://root@{mysql_host}:{mysql_port}/{database_name}?charset=utf8mb4", arguments.loans,
            "MariaDB/MySQL", version)  # fmt: skip
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{database_name}`")
        admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
