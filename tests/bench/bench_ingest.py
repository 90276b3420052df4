"""Batch ingest into MariaDB/MySQL: entries per second for 100-entry batches, beside the raw limit
of the driver's executemany of the same entry rows on the same server.

Run from the repository root: python -m tests.bench.bench_ingest [--entries N] [--profile]
[--devices N] [--driver pymysql|mysqldb]
Needs the MySQL/MariaDB server of tests/conftest.py (127.0.0.1:3306, root). Each run works in a
fresh database of its own and drops it afterwards.

The entries come from a REAL branch device (tests/device_builders.py): deposits, withdrawals and
transfers for a few hundred customers, cut into signed batches of 100. Ours is the whole ingest:
decode, device lock, signature and chain check, idempotency, the server's own postings and rule
check per entry (a customer's day read from its day totals), entries + postings + balances + day
totals + batch row, signed acknowledgement, one commit.
Raw is the driver's executemany of the same entry rows (same columns, same values) into a table of
the same shape (`CREATE TABLE ... LIKE entries`: its indexes, no foreign keys), one commit per 100.
`--driver` picks the MySQL driver for both: PyMySQL (pure Python, the default) or mysqlclient
(`MySQLdb`, in C; `pip install mysqlclient`, which builds against libmariadb-dev), each set up as
the server's engine sets it up (`mysql_connect_args`).
Also printed: the time of each kind of SQL statement per batch. `--profile` adds where the ingest's time
goes (cProfile, by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import multiprocessing
import os
import platform
import pstats
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pymysql
import sqlalchemy
from sqlalchemy import event

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.till import open_till
from desktop_app.services.transfers import request_transfer
from desktop_app.store.pulled import put_account, put_customer
from shared_core.accounts import wallet_account
from shared_core.batch import decode_batch, encode_batch, make_batch, verify_batch
from shared_core.money import Money
from shared_core.signing import load_public_key
from sync_server.db import schema
from sync_server.db.engine import mysql_connect_args
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.day_totals import check_day_totals
from tests.device_builders import make_counter
from tests.server_builders import APP_VERSION, Server, enrol, journal, make_server

KES = Money.shillings
mysql_host = "127.0.0.1"
mysql_port = 3306
entries_default = 5_000
batch_entries = 100
warm_up_batches = 2
customers_count = 300
deposit_share = 0.6
withdrawal_share = 0.3  # the rest are transfers
goal_entries_per_s = 5_000
profile_lines = 25
seed = 20261124
drivers = ("pymysql", "mysqldb")
driver_names = {"pymysql": "PyMySQL", "mysqldb": "mysqlclient"}
device_code_benched = "K7Q2"
# Further devices of the concurrent run (--devices): branch counters of the same branch.
other_device_codes = ("M3X9", "P4D7", "R8T5", "W2H6", "Z9K3", "B5N8", "F6J2")


def seed_customers(server: Server) -> list[str]:
    """The customers every device serves, held by head office."""
    customers = [f"C{number:07d}" for number in range(customers_count)]
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(schema.customers.insert(), [
            {"cif": cif, "national_id": f"{20_000_000 + number}", "full_name": f"Customer {number}",
             "phone": f"2547{number:08d}", "kyc_tier": 3} for number, cif in enumerate(customers)])
        uow.connection.execute(schema.accounts.insert(), [
            {"account": wallet_account(cif), "cif": cif, "label": "Wallet", "balance_cents": 0} for cif in customers])
        uow.commit()
    return customers


def device_batches(
    server: Server, work_dir: Path, count: int, customers: Sequence[str], device_code: str = device_code_benched
) -> list[bytes]:
    """`count` entries from a real branch device (online, and with an offline allowance for its
    withdrawals large enough never to run out), as signed batches of 100; the customers are held
    by head office and pulled by the device."""
    counter = make_counter(work_dir, device_code=device_code, allowance_out=KES(100_000_000),
                           allowance_per_customer=KES(100_000_000))
    counter.context.is_online = lambda: True
    enrol(server, counter)
    with counter.store.write() as connection:
        for number, cif in enumerate(customers):
            put_customer(connection, cif=cif, national_id=f"{20_000_000 + number}", full_name=f"Customer {number}",
                         phone=f"2547{number:08d}", kyc_tier=3)
            put_account(connection, account=wallet_account(cif), cif=cif, label="Wallet", balance_cents=0)
    open_till(counter.context, counter.teller, opening_float=KES(5_000_000))
    chance = random.Random(f"{seed}-{device_code}")
    context, teller = counter.context, counter.teller
    for cif in customers:  # every wallet starts with enough to withdraw and send from
        deposit_cash(context, teller, customer_cif=cif, amount=KES(100_000))
    for _ in range(count - 1 - len(customers)):
        cif, amount = chance.choice(customers), Money(chance.randrange(1_000, 500_000))
        pick = chance.random()
        if pick < deposit_share:
            deposit_cash(context, teller, customer_cif=cif, amount=amount)
        elif pick < deposit_share + withdrawal_share:
            withdraw_cash(context, teller, customer_cif=cif, amount=amount)
        else:
            payee = chance.choice([other for other in customers[:8] if other != cif])
            request_transfer(context, teller, customer_cif=cif, to_account=wallet_account(payee), amount=amount)
    entries = journal(counter)
    assert counter.context.device_key is not None
    return [
        encode_batch(make_batch(run, counter.context.device_key, app_version=APP_VERSION))
        for run in (entries[start:start + batch_entries] for start in range(0, len(entries), batch_entries))
    ]


@dataclass
class IngestRun:
    entries: int
    elapsed_s: float
    statements_s: float  # inside the database driver's execute calls: round trips and the server's work
    commits_s: float
    profiler: cProfile.Profile | None
    by_statement: dict[str, tuple[int, float]]  # label -> (executions, seconds)


def assert_books_true(server: Server) -> None:
    """What every run ends with: the ledger checks clean and each day total is its entries' sum."""
    server.assert_ledger_clean()
    with server.database.engine.connect() as connection:
        assert check_day_totals(connection) == (), "the day totals disagree with the entries they sum"


def statement_label(statement: str) -> str:
    """'INSERT INTO entries', 'SELECT FROM accounts FOR UPDATE', 'SELECT FROM users UNION ALL ...'."""
    words = statement.split()
    if words[0].upper() != "SELECT":
        return " ".join(words[:3]) if words[0].upper() == "INSERT" else " ".join(words[:2])
    label = f"SELECT FROM {words[words.index('FROM') + 1]}" if "FROM" in words else "SELECT"
    if "UNION" in words:
        label += " UNION ALL ..."
    if statement.rstrip().endswith("FOR UPDATE"):
        label += " FOR UPDATE"
    return label


def bench_ingest(server: Server, batches: Sequence[bytes], *, profile: bool) -> IngestRun:
    for data in batches[:warm_up_batches]:
        server.ingest(data)
    measured = batches[warm_up_batches:]
    spent = {"statements": 0.0, "commits": 0.0}
    by_statement: dict[str, tuple[int, float]] = {}
    started_at = {"statement": 0.0}
    engine = server.database.engine
    dialect = engine.dialect
    original_commit = dialect.do_commit

    def before_execute(*_: object) -> None:
        started_at["statement"] = time.perf_counter()

    def after_execute(_connection: object, _cursor: object, statement: str, *_: object) -> None:
        elapsed = time.perf_counter() - started_at["statement"]
        spent["statements"] += elapsed
        label = statement_label(statement)
        count, seconds = by_statement.get(label, (0, 0.0))
        by_statement[label] = (count + 1, seconds + elapsed)

    def timed_commit(dbapi_connection: object) -> None:
        before = time.perf_counter()
        original_commit(dbapi_connection)
        spent["commits"] += time.perf_counter() - before

    event.listen(engine, "before_cursor_execute", before_execute)
    event.listen(engine, "after_cursor_execute", after_execute)
    dialect.do_commit = timed_commit  # type: ignore[method-assign]
    profiler = cProfile.Profile() if profile else None
    try:
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        for data in measured:
            server.ingest(data)
        if profiler is not None:
            profiler.disable()
        elapsed = time.perf_counter() - started
    finally:
        event.remove(engine, "before_cursor_execute", before_execute)
        event.remove(engine, "after_cursor_execute", after_execute)
        dialect.do_commit = original_commit  # type: ignore[method-assign]
    entries = server.count("entries") - batch_entries * warm_up_batches
    return IngestRun(entries, elapsed, spent["statements"], spent["commits"], profiler, by_statement)


def decode_and_verify_s(server: Server, batches: Sequence[bytes]) -> float:
    """shared_core's share, timed alone on the same bytes: strict decoding (every entry's hash
    recomputed) and the signature and chain check."""
    key = load_public_key(server.device(device_code_benched).public_key_hex)
    started = time.perf_counter()
    for data in batches[warm_up_batches:]:
        verify_batch(decode_batch(data), key)
    return time.perf_counter() - started


def raw_connection(driver: str, database_name: str):  # a DB-API connection of either driver
    """A plain connection of `driver` to the bench's database, as the server's engine makes them."""
    module = pymysql if driver == "pymysql" else importlib.import_module("MySQLdb")
    return module.connect(host=mysql_host, port=mysql_port, user="root", database=database_name,
                          charset="utf8mb4", autocommit=False, **mysql_connect_args(driver))


def bench_raw(server: Server, database_name: str, driver: str) -> tuple[int, float]:
    """The same entry rows the ingest stored, inserted again by the driver's executemany, 100 a commit."""
    columns = [column.name for column in schema.entries.columns]
    with server.database.engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(
            sqlalchemy.select(*schema.entries.columns).order_by(schema.entries.c.sequence))]
    connection = raw_connection(driver, database_name)
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE raw_entries LIKE entries")
        connection.commit()
        statement = (f"INSERT INTO raw_entries ({', '.join(columns)}) "
                     f"VALUES ({', '.join(['%s'] * len(columns))})")
        measured = rows[batch_entries * warm_up_batches:]
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for start in range(0, len(measured), batch_entries):
                cursor.executemany(statement, measured[start:start + batch_entries])
                connection.commit()
        return len(measured), time.perf_counter() - started
    finally:
        connection.close()


def _ingest_one_device(server: Server, batches: Sequence[bytes], start: Barrier, times: Queue) -> None:
    """A child process: one device's batches, as a server worker would take them after the fork."""
    server.database.engine.dispose(close=False)  # the parent's pooled connections stay the parent's
    for data in batches[:warm_up_batches]:
        server.ingest(data)
    start.wait()
    started = time.monotonic()
    for data in batches[warm_up_batches:]:
        server.ingest(data)
    times.put((started, time.monotonic()))


def _insert_raw_rows(database_name: str, driver: str, rows: Sequence[tuple], start: Barrier, times: Queue) -> None:
    connection = raw_connection(driver, database_name)
    statement = (f"INSERT INTO raw_entries ({', '.join(column.name for column in schema.entries.columns)}) "
                 f"VALUES ({', '.join(['%s'] * len(schema.entries.columns))})")
    try:
        start.wait()
        started = time.monotonic()
        with connection.cursor() as cursor:
            for first in range(0, len(rows), batch_entries):
                cursor.executemany(statement, rows[first:first + batch_entries])
                connection.commit()
        times.put((started, time.monotonic()))
    finally:
        connection.close()


def _run_at_once(targets: Sequence[tuple[object, tuple]]) -> float:
    """Run each (function, arguments) in a forked process, all released at once; the seconds from
    the first start to the last finish."""
    fork = multiprocessing.get_context("fork")
    start, times = fork.Barrier(len(targets)), fork.Queue()
    processes = [fork.Process(target=target, args=(*arguments, start, times)) for target, arguments in targets]
    for process in processes:
        process.start()
    spans = [times.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
        assert process.exitcode == 0, f"a benchmark process failed (exit {process.exitcode})"
    return max(end for _, end in spans) - min(begin for begin, _ in spans)


def bench_concurrent(
    server: Server, database_name: str, driver: str, batches: Sequence[Sequence[bytes]]
) -> tuple[int, float, float]:
    """Several devices' batches ingested at once, one process each (as server workers take them),
    into the same books; then the same entry rows inserted raw by as many processes at once.
    Returns (entries measured, our seconds, raw seconds)."""
    server.database.engine.dispose()
    ours_s = _run_at_once([(_ingest_one_device, (server, device)) for device in batches])
    measured = server.count("entries") - warm_up_batches * batch_entries * len(batches)
    columns = schema.entries.columns
    with server.database.engine.connect() as connection:
        connection.execute(sqlalchemy.text("CREATE TABLE raw_entries LIKE entries"))
        rows = [tuple(row) for row in connection.execute(
            sqlalchemy.select(*columns).order_by(columns.device_code, columns.sequence))]
        connection.commit()
    server.database.engine.dispose()
    by_device: dict[str, list[tuple]] = {}
    for row in rows:
        by_device.setdefault(row[list(columns.keys()).index("device_code")], []).append(row)
    raw_s = _run_at_once([
        (_insert_raw_rows, (database_name, driver, device_rows[warm_up_batches * batch_entries:]))
        for device_rows in by_device.values()
    ])
    return measured, ours_s, raw_s


def report_concurrent(
    devices: int, entries: int, ours_s: float, raw_s: float, server_version: str, driver: str
) -> None:
    ours, raw = entries / ours_s, entries / raw_s
    met = "met" if ours >= goal_entries_per_s else "**not met**"
    print(f"{devices} devices syncing at once, one process each (as server workers), {entries:,} entries "
          f"measured in batches of {batch_entries}, into one set of books.")
    print(f"MariaDB/MySQL {server_version} through {driver_names[driver]}, Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} cores.\n")
    print(f"| | ours (ingest_batch) | raw {driver_names[driver]} executemany | ours / raw | goal |")
    print("| --- | ---: | ---: | ---: | --- |")
    print(f"| entries per second, all devices | {ours:,.0f} | {raw:,.0f} | {ours / raw:.2f} | "
          f">= {goal_entries_per_s:,}: {met} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=entries_default, help="entries the device makes (>= 1,000)")
    parser.add_argument("--profile", action="store_true", help="add where the ingest's time goes (cProfile)")
    parser.add_argument("--devices", type=int, default=1, choices=range(1, 2 + len(other_device_codes)),
                        metavar="N", help="devices syncing at once, one process each, sharing the entries")
    parser.add_argument("--driver", default="pymysql", choices=drivers,
                        help="MySQL driver of the server and of the raw inserts: PyMySQL or mysqlclient (C)")
    arguments = parser.parse_args(argv)
    database_name = f"wekeza_bench_{uuid.uuid4().hex[:12]}"
    admin = pymysql.connect(host=mysql_host, port=mysql_port, user="root")
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{database_name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
        cursor.execute("SELECT VERSION()")
        server_version = cursor.fetchone()[0]
    driver = arguments.driver
    servers = make_server(f"mysql+{driver}://root@{mysql_host}:{mysql_port}/{database_name}?charset=utf8mb4")
    try:
        server = next(servers)
        customers = seed_customers(server)
        if arguments.devices > 1:
            codes = (device_code_benched, *other_device_codes)[:arguments.devices]
            with tempfile.TemporaryDirectory() as work_dir:
                devices = [
                    device_batches(server, Path(work_dir) / code, arguments.entries // len(codes), customers, code)
                    for code in codes
                ]
            measured, ours_s, raw_s = bench_concurrent(server, database_name, driver, devices)
            assert_books_true(server)
            report_concurrent(len(codes), measured, ours_s, raw_s, server_version, driver)
            return 0
        with tempfile.TemporaryDirectory() as work_dir:
            started = time.perf_counter()
            batches = device_batches(server, Path(work_dir), arguments.entries, customers)
            made_s = time.perf_counter() - started
        run = bench_ingest(server, batches, profile=arguments.profile)
        assert_books_true(server)
        shared_core_s = decode_and_verify_s(server, batches)
        raw_entries, raw_s = bench_raw(server, database_name, driver)
    finally:
        servers.close()
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{database_name}`")
        admin.close()
    ours, raw = run.entries / run.elapsed_s, raw_entries / raw_s
    batches_measured = run.entries / batch_entries
    print(f"Ingest of {run.entries:,} entries in batches of {batch_entries} (after {warm_up_batches} warm-up "
          f"batches); {len(batches)} batches made by a real device in {made_s:.1f} s.")
    print(f"MariaDB/MySQL {server_version} through {driver_names[driver]}, Python {platform.python_version()}, "
          f"{platform.machine()}.\n")
    print(f"| | ours (ingest_batch) | raw {driver_names[driver]} executemany | ours / raw | goal |")
    print("| --- | ---: | ---: | ---: | --- |")
    met = "met" if ours >= goal_entries_per_s else "**not met**"
    goal = f">= {goal_entries_per_s:,}: {met}"
    print(f"| entries per second | {ours:,.0f} | {raw:,.0f} | {ours / raw:.2f} | {goal} |")
    print(f"| ms per 100-entry batch | {run.elapsed_s * 1000 / batches_measured:.1f} | "
          f"{raw_s * 1000 * batch_entries / raw_entries:.1f} | | |")
    rest_s = run.elapsed_s - shared_core_s - run.statements_s - run.commits_s
    per_batch = {
        "shared_core: decode_batch + verify_batch (timed alone)": shared_core_s,
        "SQL statements (driver execute calls)": run.statements_s,
        "commits": run.commits_s,
        "the rest: reading entries, judging, postings, answer": rest_s,
    }
    print("\n| where a batch's time goes | ms per batch | share |")
    print("| --- | ---: | ---: |")
    for label, seconds in per_batch.items():
        print(f"| {label} | {seconds * 1000 / batches_measured:.1f} | {seconds / run.elapsed_s:.0%} |")
    print("\n| statement | per batch | ms per batch |")
    print("| --- | ---: | ---: |")
    for label, (count, seconds) in sorted(run.by_statement.items(), key=lambda item: -item[1][1]):
        print(f"| {label} | {count / batches_measured:.1f} | {seconds * 1000 / batches_measured:.2f} |")
    if run.profiler is not None:
        print("\nWhere the ingest's time goes (cProfile, by own time; the profiler slows everything):\n")
        pstats.Stats(run.profiler, stream=sys.stdout).sort_stats("tottime").print_stats(profile_lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
