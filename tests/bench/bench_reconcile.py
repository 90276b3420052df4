"""Reconciling one business day among ~500,000 journal entries from 50 devices, on SQLite and on
MariaDB/MySQL, with and without migration 0008's index on (business_date, device_code), beside the
raw cost of the one query every reconciliation needs (the day's entries counted per device).

Run from the repository root: python -m tests.bench.bench_reconcile [--days N] [--sqlite-only]
Needs the MySQL/MariaDB server of tests/conftest.py (127.0.0.1:3306, root) unless --sqlite-only.
Each run works in a fresh database of its own (an SQLite file in a temporary folder, a MySQL
database dropped afterwards).

The books: 5 branches with 2 counters each and 40 agents with one laptop each, 100 business days of
100 entries per device per day (500,000 entries, about a million postings), written in bulk as the
ingest writes them: a branch counter opens its till from the vault, takes deposits and withdrawals
and closes the till back into the vault each day (an over every tenth day); an agent's float moves
with each deposit and withdrawal. 98% of entries are booked, 1% refused, 0.5% booked with an
exception (half of them resolved), 0.5% await a checker. One batch per device and day. The day
reconciled is the last; `reconcile` is timed over every location and over one branch.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import date, timedelta

import pymysql
from sqlalchemy import func, insert, select, text

from shared_core import canonical
from shared_core.accounts import (
    SUSPENSE_TILL_OVER_SHORT,
    float_account,
    till_account,
    vault_account,
    wallet_account,
)
from shared_core.references import device_code_for_number
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.migrate import migrate
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.reconciliation import reconcile

mysql_host = "127.0.0.1"
mysql_port = 3306
branches_count = 5
counters_per_branch = 2
agents_count = 40
days_default = 100
entries_per_device_day = 100
customers_count = 2_000
runs = 5
rows_per_statement = 5_000
seed = 20261124
last_day = date(2026, 11, 24)
index_name = "ix_entries_business_date_device"
goal_s = 5.0  # head office reconciles a day in one call of the API (the desktop reads for 30 s)


def build_books(database: Database, days: int) -> int:
    """The 50 devices' journals over `days` business days, in bulk; the entries written."""
    chance = random.Random(seed)
    locations, devices, accounts = [], [], {}
    for number in range(branches_count):
        code = f"NBO-{number + 1:03d}"
        locations.append({"code": code, "kind": "branch", "name": f"Branch {number + 1}", "cash_account": None,
                          "vault_account": vault_account(code)})  # fmt: skip
        accounts[vault_account(code)] = None
        for _ in range(counters_per_branch):
            devices.append(("branch", code, device_code_for_number(1000 + len(devices))))
    for number in range(agents_count):
        code = f"AG-{number + 1:04d}"
        device_code = device_code_for_number(1000 + len(devices))
        cash = float_account(f"AG-{device_code}")
        locations.append({"code": code, "kind": "agent", "name": f"Agent {number + 1}", "cash_account": cash,
                          "vault_account": None})  # fmt: skip
        devices.append(("agent", code, device_code))
    customers = [f"C{number:07d}" for number in range(customers_count)]
    for cif in customers:
        accounts[wallet_account(cif)] = cif
    accounts[SUSPENSE_TILL_OVER_SHORT] = None
    last_sequence: dict[str, int] = {}
    entries, postings, batches, exceptions = [], [], [], []
    first_day = last_day - timedelta(days=days - 1)
    for channel, location, device_code in devices:
        cash = till_account(f"BR-{device_code}") if channel == "branch" else float_account(f"AG-{device_code}")
        accounts[cash] = None
        vault = vault_account(location) if channel == "branch" else None
        sequence = 0
        for day_number in range(days):
            day = first_day + timedelta(days=day_number)
            received_at = f"{day.isoformat()}T18:00:00.000000Z"
            first = sequence + 1
            for slot in range(entries_per_device_day):
                sequence += 1
                kind, amount, moves, cif = _entry_kind(chance, channel, slot, day_number, cash, vault, customers)
                roll = chance.random()
                status = ("rejected" if roll < 0.01 else "booked_with_exception" if roll < 0.015
                          else "awaiting_approval" if roll < 0.02 else "booked")  # fmt: skip
                if kind in ("till_open", "till_close", "till_over"):
                    status = "booked"
                recorded_at = f"{day.isoformat()}T{8 + slot // 12:02d}:{(slot % 12) * 5:02d}:00.000000Z"
                entries.append({
                    "device_code": device_code, "sequence": sequence, "entry_id": f"{device_code}-{sequence:08d}",
                    "entry_hash": "0" * 64, "kind": kind, "nature": "fact", "channel": channel,
                    "reference": f"{'BR' if channel == 'branch' else 'AG'}-{device_code}-{sequence:06d}-X",
                    "recorded_at": recorded_at, "received_at": received_at, "business_date": day.isoformat(),
                    "customer_cif": cif,
                    "amount_cents": amount, "limit_table_version": 1,
                    "content": canonical.encode({"user_id": "wanjiru", "kind": kind}),
                    "status": status, "code": "insufficient_funds" if status == "rejected" else None,
                    "message": "Booked" if status.startswith("booked") else "Refused",
                })  # fmt: skip
                if status.startswith("booked"):
                    for line, (account, cents) in enumerate(moves, start=1):
                        postings.append({"device_code": device_code, "sequence": sequence, "line": line,
                                         "account": account, "amount_cents": cents})  # fmt: skip
                if status == "booked_with_exception":
                    exceptions.append({
                        "code": "offline_overdraft", "device_code": device_code, "sequence": sequence,
                        "account": wallet_account(cif) if cif else cash, "amount_cents": amount,
                        "status": "resolved" if chance.random() < 0.5 else "open", "created_at": received_at,
                    })  # fmt: skip
            batches.append({"device_code": device_code, "first_sequence": first, "last_sequence": sequence,
                            "body_sha256": "0" * 64, "received_at": received_at, "acknowledgement": b"{}"})  # fmt: skip
        last_sequence[device_code] = sequence
    with UnitOfWork(database) as uow:
        connection = uow.connection
        connection.execute(insert(schema.locations), locations)
        connection.execute(insert(schema.devices), [
            {"device_code": code, "channel": channel, "location_code": location, "public_key_hex": "0" * 64,
             "status": "active", "enrolled_at": f"{first_day.isoformat()}T06:00:00.000000Z",
             "last_sequence": last_sequence[code], "last_entry_hash": "0" * 64,
             "last_batch_at": f"{last_day.isoformat()}T18:00:00.000000Z"}
            for channel, location, code in devices
        ])  # fmt: skip
        connection.execute(insert(schema.customers), [
            {"cif": cif, "national_id": f"{20_000_000 + number}", "full_name": f"Customer {number}",
             "phone": "254700000000", "kyc_tier": 3} for number, cif in enumerate(customers)
        ])  # fmt: skip
        connection.execute(insert(schema.accounts), [
            {"account": account, "cif": cif, "label": account, "balance_cents": 0} for account, cif in accounts.items()
        ])  # fmt: skip
        users = [{"user_id": "wanjiru", "display_name": "Wanjiru Kamau", "role": "teller",
                  "password_hash": "x", "location_code": "NBO-001", "active": True}]  # fmt: skip
        connection.execute(insert(schema.users), users)
        for table, rows in ((schema.entries, entries), (schema.postings, postings), (schema.batches, batches)):
            for start in range(0, len(rows), rows_per_statement):
                connection.execute(insert(table), rows[start : start + rows_per_statement])
        if exceptions:
            connection.execute(insert(schema.exceptions), exceptions)
        uow.commit()
    return len(entries)


def _entry_kind(
    chance: random.Random, channel: str, slot: int, day_number: int, cash: str, vault: str | None,
    customers: Sequence[str],
) -> tuple[str, int, list[tuple[str, int]], str | None]:  # fmt: skip
    """(kind, amount, postings as (account, ledger cents), customer) of one entry of the day."""
    if channel == "branch" and vault is not None:
        if slot == 0:
            return "till_open", 5_000_000, [(cash, 5_000_000), (vault, -5_000_000)], None
        if slot == entries_per_device_day - 2 and day_number % 10 == 0:
            return "till_over", 10_000, [(cash, 10_000), (SUSPENSE_TILL_OVER_SHORT, -10_000)], None
        if slot == entries_per_device_day - 1:
            return "till_close", 5_000_000, [(vault, 5_000_000), (cash, -5_000_000)], None
    cif = chance.choice(customers)
    wallet = wallet_account(cif)
    amount = chance.randrange(10_000, 2_000_000)
    if chance.random() < 0.6:
        return "cash_deposit", amount, [(cash, amount), (wallet, -amount)], cif
    return "cash_withdrawal", amount, [(wallet, amount), (cash, -amount)], cif


def timed(call: object, repeat: int = runs) -> float:
    """The median of `repeat` calls, in seconds."""
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def raw_day_counts(database: Database) -> None:
    """The one query a reconciliation cannot do without: the day's entries per device and status."""
    with database.engine.connect() as connection:
        connection.execute(
            select(schema.entries.c.device_code, schema.entries.c.status, func.count())
            .where(schema.entries.c.business_date == last_day.isoformat())
            .group_by(schema.entries.c.device_code, schema.entries.c.status)
        ).all()


def bench(url: str, days: int) -> list[tuple[str, float]]:
    database = Database(url)
    try:
        migrate(database)
        started = time.perf_counter()
        entries = build_books(database, days)
        print(f"  {entries:,} entries written in {time.perf_counter() - started:.0f} s", flush=True)
        now = f"{last_day.isoformat()}T19:00:00.000000Z"
        day = last_day.isoformat()
        report = reconcile(database, day, now=now)
        assert sum(len(location.devices) for location in report.locations) == len(report.locations) + branches_count
        assert sum(device.entries for location in report.locations for device in location.devices) == 50 * 100
        figures = [
            ("reconcile, every location", timed(lambda: reconcile(database, day, now=now))),
            ("reconcile, one branch", timed(lambda: reconcile(database, day, location_code="NBO-001", now=now))),
            ("raw: the day's entries per device and status", timed(lambda: raw_day_counts(database))),
        ]
        with database.engine.begin() as connection:
            connection.execute(text(f"DROP INDEX {index_name}" + ("" if database.backend == "sqlite" else " ON entries")))
        figures.append(("reconcile, every location, WITHOUT the 0008 index",
                        timed(lambda: reconcile(database, day, now=now), repeat=3)))  # fmt: skip
        figures.append(("raw, WITHOUT the 0008 index", timed(lambda: raw_day_counts(database), repeat=3)))
        return figures
    finally:
        database.dispose()


def print_figures(title: str, figures: list[tuple[str, float]]) -> None:
    print(f"\n{title}\n")
    print("| | median s | goal |")
    print("| --- | ---: | --- |")
    for label, seconds in figures:
        goal = "" if label.startswith("raw") else f"< {goal_s:.0f} s: {'met' if seconds < goal_s else '**not met**'}"
        print(f"| {label} | {seconds:.3f} | {goal} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=days_default, help="business days of 100 entries per device")
    parser.add_argument("--sqlite-only", action="store_true")
    arguments = parser.parse_args(argv)
    print(f"50 devices, {arguments.days} days; Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} cores.")  # fmt: skip
    with tempfile.TemporaryDirectory() as work_dir:
        print("SQLite:", flush=True)
        figures = bench(f"sqlite:///{work_dir}/reconcile.sqlite3", arguments.days)
    print_figures(f"SQLite {sqlite3.sqlite_version} (WAL, a file on this disk)", figures)
    if arguments.sqlite_only:
        return 0
    database_name = f"wekeza_bench_{uuid.uuid4().hex[:12]}"
    admin = pymysql.connect(host=mysql_host, port=mysql_port, user="root")
    try:
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE `{database_name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
            cursor.execute("SELECT VERSION()")
            version = cursor.fetchone()[0]
        print("MariaDB/MySQL:", flush=True)
        figures = bench(f"mysql+pymysql://root@{mysql_host}:{mysql_port}/{database_name}?charset=utf8mb4", arguments.days)
        print_figures(f"MariaDB/MySQL {version} through PyMySQL", figures)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{database_name}`")
        admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
