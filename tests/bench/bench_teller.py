"""Teller operations on the real store, beside the raw limit of SQLite on the same disk; and
customer search over 200,000 customers.

Run from the repository root: python -m tests.bench.bench_teller [--profile]
Prints a markdown table. The goals: our operations per second at least half of raw SQLite's
single-row commits with the same durability (WAL, synchronous=FULL, one transaction each), and
p99 under 10 ms, so a teller never waits on the store. `--profile` adds where one operation's
time goes (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.customers import search_customers
from desktop_app.services.till import open_till
from desktop_app.store import schema
from desktop_app.store.pulled import put_account, put_customer
from shared_core.accounts import wallet_account
from shared_core.money import Money
from tests.device_builders import make_counter

KES = Money.shillings
operations_count = 2_000
warm_up_operations = 50
teller_customers_count = 300
deposit_share = 0.6
search_customers_count = 200_000
search_queries_per_kind = 300
raw_row_content_bytes = 700  # a journal entry's canonical encoding is ~700 bytes (measured)
goal_ratio_min = 0.5
goal_p99_ms_max = 10.0
profile_operations = 300
seed = 20261124

first_names = (
    "Juma", "Wanjiku", "Achieng", "Otieno", "Kamau", "Njeri", "Mwangi", "Akinyi", "Kipchoge", "Chebet",
    "Wafula", "Nafula", "Mutua", "Mueni", "Omondi", "Atieno", "Kiprono", "Jepkosgei", "Barasa", "Nekesa",
    "Odhiambo", "Awino", "Kariuki", "Wairimu", "Njoroge", "Wambui", "Ochieng", "Adhiambo", "Kibet", "Jelagat",
    "Musyoka", "Mwikali", "Hassan", "Amina", "Fatuma", "Abdi", "Halima", "Zawadi", "Baraka", "Imani",
    "Grace", "John", "Mary", "Peter", "Faith", "Joseph", "Esther", "David", "Mercy", "James",
)
surnames = (
    "Mwangi", "Wanjiru", "Otieno", "Kamau", "Odhiambo", "Kariuki", "Njoroge", "Ochieng", "Kiprop",
    "Cheruiyot",
    "Wekesa", "Wanyama", "Mutiso", "Musyoka", "Onyango", "Owino", "Korir", "Rotich", "Simiyu", "Barasa",
    "Maina", "Ndungu", "Kimani", "Gitau", "Nyambura", "Wambugu", "Omollo", "Okoth", "Langat", "Kiplagat",
    "Mutua", "Kioko", "Mohamed", "Ali", "Abdullahi", "Salim", "Juma", "Hamisi", "Wanjala", "Makokha",
)


@dataclass(frozen=True, slots=True)
class Timing:
    samples_ms: tuple[float, ...]
    elapsed_s: float

    @property
    def per_second(self) -> float:
        return len(self.samples_ms) / self.elapsed_s

    def percentile_ms(self, percent: int) -> float:
        """Nearest rank: the sample at or below which `percent` of the samples lie."""
        ordered = sorted(self.samples_ms)
        rank = max(1, -(-percent * len(ordered) // 100))
        return ordered[rank - 1]


def timed(actions: Sequence[Callable[[], object]]) -> Timing:
    samples = []
    started = time.perf_counter()
    for action in actions:
        before = time.perf_counter()
        action()
        samples.append((time.perf_counter() - before) * 1000)
    return Timing(tuple(samples), time.perf_counter() - started)


# --- teller operations on the real store --------------------------------------------------


def teller_counter(work_dir: Path) -> tuple[ServiceContext, Session, list[str]]:
    """A branch device, offline, with a few hundred customers and the till open."""
    plenty = KES(1_000_000_000)
    counter = make_counter(work_dir, allowance_out=plenty, allowance_in=plenty, allowance_per_customer=plenty)
    customers = [f"C{number:07d}" for number in range(teller_customers_count)]
    with counter.store.write() as connection:
        for number, cif in enumerate(customers):
            put_customer(connection, cif=cif, national_id=f"{20_000_000 + number}",
                         full_name=f"Customer {number}", phone=f"2547{number:08d}", kyc_tier=3)
            put_account(connection, account=wallet_account(cif), cif=cif, label="Wallet",
                        balance_cents=KES(100_000).cents)
    open_till(counter.context, counter.teller, opening_float=KES(5_000_000))
    return counter.context, counter.teller, customers


def teller_mix(context: ServiceContext, teller: Session, customers: list[str], count: int,
               chance: random.Random) -> list[Callable[[], object]]:
    """Deposits and withdrawals of KES 10 to 5,000 for customers picked at random."""
    actions: list[Callable[[], object]] = []
    for _ in range(count):
        cif, amount = chance.choice(customers), Money(chance.randrange(1_000, 500_000))
        service = deposit_cash if chance.random() < deposit_share else withdraw_cash
        actions.append(lambda service=service, cif=cif, amount=amount: service(
            context, teller, customer_cif=cif, amount=amount))
    return actions


def bench_teller(work_dir: Path) -> tuple[Timing, ServiceContext, Session, list[str]]:
    context, teller, customers = teller_counter(work_dir)
    chance = random.Random(seed)
    timed(teller_mix(context, teller, customers, warm_up_operations, chance))
    return timed(teller_mix(context, teller, customers, operations_count, chance)), context, teller, customers


# --- the raw limit: one row per transaction, same durability --------------------------------


def bench_raw_sqlite(work_dir: Path) -> Timing:
    work_dir.mkdir(parents=True)
    connection = sqlite3.connect(work_dir / "raw.sqlite3", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute(
        "CREATE TABLE entries (sequence INTEGER PRIMARY KEY, entry_id TEXT NOT NULL UNIQUE, "
        "entry_hash TEXT NOT NULL, amount_cents INTEGER NOT NULL, content BLOB NOT NULL)"
    )
    chance = random.Random(seed)

    def insert(sequence: int) -> Callable[[], None]:
        row = (sequence, f"{chance.getrandbits(128):032x}", f"{chance.getrandbits(256):064x}",
               chance.randrange(1_000, 500_000), chance.randbytes(raw_row_content_bytes))

        def commit_one() -> None:
            connection.execute("BEGIN")
            connection.execute("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", row)
            connection.execute("COMMIT")

        return commit_one

    timed([insert(sequence) for sequence in range(1, warm_up_operations + 1)])
    first = warm_up_operations + 1
    timing = timed([insert(sequence) for sequence in range(first, first + operations_count)])
    connection.close()
    return timing


# --- customer search ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchPeople:
    national_ids: tuple[str, ...]
    phones: tuple[str, ...]


def fill_customers(context: ServiceContext, count: int) -> SearchPeople:
    """`count` customers in one transaction through the store's engine; the triggers fill the
    name index as they would for customers pulled from the server."""
    chance = random.Random(seed)
    national_ids = [str(number) for number in chance.sample(range(10_000_000, 40_000_000), count)]
    phones = [f"2547{number:08d}" for number in chance.sample(range(100_000_000), count)]
    rows = []
    for number in range(count):
        names = [chance.choice(first_names)]
        if chance.random() < 0.5:
            names.append(chance.choice(first_names))
        names.append(chance.choice(surnames))
        rows.append({"cif": f"S{number:08d}", "national_id": national_ids[number],
                     "full_name": " ".join(names), "phone": phones[number], "kyc_tier": 1 + number % 3})
    with context.store.write() as connection:
        connection.execute(schema.customers.insert(), rows)
    return SearchPeople(tuple(national_ids), tuple(phones))


def bench_search(work_dir: Path) -> list[tuple[str, Timing, float]]:
    counter = make_counter(work_dir)
    started = time.perf_counter()
    people = fill_customers(counter.context, search_customers_count)
    elapsed_s = time.perf_counter() - started
    print(f"inserted {search_customers_count:,} customers in {elapsed_s:.1f} s", file=sys.stderr)
    context = counter.context
    chance = random.Random(seed)
    found: dict[str, list[int]] = {}

    def search(kind: str, query: str) -> Callable[[], None]:
        def run() -> None:
            found.setdefault(kind, []).append(len(search_customers(context, query)))
        return run

    def typed_phone(phone: str) -> str:
        local = "0" + phone[3:]  # 2547XXXXXXXX as a teller types it: 07XX XXX XXX
        return f"{local[:4]} {local[4:7]} {local[7:]}"

    each = range(search_queries_per_kind)
    kinds: list[tuple[str, list[str]]] = [
        ("national ID (8 digits)", [chance.choice(people.national_ids) for _ in each]),
        ("phone, typed 07XX XXX XXX", [typed_phone(chance.choice(people.phones)) for _ in each]),
        ("name prefix 'jum'", ["jum"] * search_queries_per_kind),
        ("name prefixes 'juma wan'", ["juma wan"] * search_queries_per_kind),
        ("name prefix, 3 letters of a first name", [chance.choice(first_names)[:3].lower() for _ in each]),
        ("first name + 3 letters of a surname",
         [f"{chance.choice(first_names)} {chance.choice(surnames)[:3]}".lower() for _ in each]),
    ]
    results = []
    for kind, queries in kinds:
        search(kind, queries[0])()  # warm up: the first query of a kind pages its index in
        found.pop(kind)
        timing = timed([search(kind, query) for query in queries])
        results.append((kind, timing, sum(found[kind]) / len(found[kind])))
    # A search that finds nothing measures nothing: every ID and phone must find its customer.
    assert min(found["national ID (8 digits)"]) >= 1 and min(found["phone, typed 07XX XXX XXX"]) >= 1
    counter.store.close()
    return results


# --- the report -----------------------------------------------------------------------------


def table(ours: Timing, raw: Timing, searches: list[tuple[str, Timing, float]]) -> str:
    ratio = ours.per_second / raw.per_second
    lines = [
        f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; "
        f"WAL, synchronous=FULL, files in {tempfile.gettempdir()}",
        "",
        f"| {operations_count:,} operations, one transaction each | ours: deposits and withdrawals | "
        "raw sqlite3: one INSERT per commit | ours / raw | goal |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| operations per second | {ours.per_second:,.0f} | {raw.per_second:,.0f} | {ratio:.2f} | "
        f">= {goal_ratio_min} {'met' if ratio >= goal_ratio_min else 'NOT met'} |",
        f"| p50 latency | {ours.percentile_ms(50):.2f} ms | {raw.percentile_ms(50):.2f} ms | "
        f"{raw.percentile_ms(50) / ours.percentile_ms(50):.2f} | |",
        f"| p99 latency | {ours.percentile_ms(99):.2f} ms | {raw.percentile_ms(99):.2f} ms | "
        f"{raw.percentile_ms(99) / ours.percentile_ms(99):.2f} | < {goal_p99_ms_max:.0f} ms "
        f"{'met' if ours.percentile_ms(99) < goal_p99_ms_max else 'NOT met'} |",
        f"| max latency | {max(ours.samples_ms):.2f} ms | {max(raw.samples_ms):.2f} ms | | |",
        "",
        f"| customer search, {search_customers_count:,} customers | p50 | p99 | results (mean, max 50) |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {kind} | {timing.percentile_ms(50):.2f} ms | {timing.percentile_ms(99):.2f} ms "
        f"| {mean_found:.1f} |"
        for kind, timing, mean_found in searches
    ]
    lines.append("")
    lines.append("Latency ratios are raw / ours (the share of raw speed we keep), like the throughput ratio. "
                 f"A raw row is a {raw_row_content_bytes}-byte blob with an id and a hash, "
                 "the size of a journal row.")
    return "\n".join(lines)


def profile_operations_of(context: ServiceContext, teller: Session, customers: list[str]) -> str:
    actions = teller_mix(context, teller, customers, profile_operations, random.Random(seed + 1))
    profiler = cProfile.Profile()
    profiler.enable()
    for action in actions:
        action()
    profiler.disable()
    report = []
    for order in ("tottime", "cumulative"):
        stream = _Lines()
        pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(30)  # type: ignore[arg-type]
        report.append(f"## {profile_operations} operations, by {order}\n" + stream.text())
    return "\n".join(report)


class _Lines:
    """Where pstats writes, kept for printing after the table."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, part: str) -> None:
        self.parts.append(part)

    def text(self) -> str:
        return "".join(self.parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_teller",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true",
                        help="also profile the teller operations (cProfile)")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wekeza-bench-") as directory:
        work = Path(directory)
        ours, context, teller, customers = bench_teller(work / "teller")
        raw = bench_raw_sqlite(work / "raw")
        searches = bench_search(work / "search")
        print(table(ours, raw, searches))
        if arguments.profile:
            print()
            print(profile_operations_of(context, teller, customers))
        context.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
