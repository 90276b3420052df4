"""Catch-up of a device with a 5,000-entry backlog through the fault proxy, one connection in
five failing, into the real server (gunicorn, two workers) on MariaDB. Goal: < 30 s.

    python -m tests.bench.bench_catch_up [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import pymysql

from shared_core.money import Money
from tests.e2e.fault_proxy import FaultProxy
from tests.e2e.flaky_world import bank, catch_up, fill

backlog_entries = 5_000


def one_run(seed: int) -> tuple[float, float, str]:
    name = f"wekeza_bench_{uuid.uuid4().hex[:12]}"
    admin = pymysql.connect(host="127.0.0.1", port=3306, user="root", password="")
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
    try:
        with tempfile.TemporaryDirectory() as work:
            url = f"mysql+pymysql://root@127.0.0.1:3306/{name}?charset=utf8mb4"
            with bank(url, Path(work), devices=1, allowance=Money.shillings(1_000_000)) as world:
                counter = world.counters[0]
                started = time.monotonic()
                fill(counter, backlog_entries, random.Random(seed))
                fill_s = time.monotonic() - started
                port = int(world.base_url.rsplit(":", 1)[1])
                with FaultProxy(port, seed=seed, failure_rate=0.2, stall_s=1.0) as proxy:
                    seconds, loop = catch_up(counter, f"http://127.0.0.1:{proxy.port}", world.server_key_hex,
                                             deadline_s=600)
                    counts = proxy.counts()
        return seconds, fill_s, f"{counts.exchanges} requests, {counts.failed} failed"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        admin.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_catch_up")
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args(argv)
    results = []
    for run in range(arguments.runs):
        seed = 1000 + run
        seconds, fill_s, faults = one_run(seed)
        results.append(seconds)
        print(f"run {run + 1} (seed {seed}): caught up {backlog_entries:,} entries in {seconds:.1f} s "
              f"({faults}); the backlog took {fill_s:.1f} s to post")
    print(f"| catch-up, {backlog_entries:,} entries, 20% of connections failing | median "
          f"{statistics.median(results):.1f} s | max {max(results):.1f} s | goal < 30 s: "
          f"{'met' if max(results) < 30 else 'NOT met'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
