"""Crash safety and tamper evidence of the device's journal.

The worked example: a branch PC posts deposits, withdrawals, transfers and registrations as
fast as it can, and the app is killed (SIGKILL: no clean-up, no rollback, no goodbye) at a
random moment, two hundred times over on the same journal. After every kill the next start finds
every entry it was told was committed, sequences gap-free from 1, no entry half-written (a
journal row without its postings, postings without their row) and, by `journal verify`, local
state equal to a replay of the journal.

A kill loses what the process held, never what the OS had accepted; a real power cut also
loses the OS's buffers, which is what `synchronous=FULL` is for and what no test here can cut.

Then the file is attacked: the append-only triggers refuse edits and deletions, and where
someone drops a trigger and edits the file anyway, `journal verify` names what was touched.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.till import open_till
from desktop_app.store.database import Store, open_store
from desktop_app.store.paths import STORE_FILE_NAME
from desktop_app.store.replay import verify_journal
from shared_core.money import Money
from tests.device_builders import add_customer, make_counter, repo_root

KES = Money.shillings
scripts_dir = Path(sys.executable).parent

crash_rounds = 200
kill_delay_ms_min = 20  # after the worker says it is ready: it is posting by then
kill_delay_ms_max = 300
# A full replay reads the whole journal, which grows to thousands of entries over the rounds;
# every round runs the cheap checks below, a full replay every tenth, the real CLI every fiftieth.
full_verify_every_rounds = 10
cli_verify_every_rounds = 50
worker_ready_timeout_s = 60
cli_timeout_s = 120
seed_variable = "WEKEZA_CRASH_SEED"


# --- the crash loop ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Round:
    ready_head: int  # the journal head the worker found when it started
    committed: tuple[tuple[int, str], ...]  # (sequence, entry id) it printed after each commit


def _read_line(worker: subprocess.Popen, timeout_s: float) -> bytes:
    """Bytes from the worker's stdout up to and past its first newline (or what came in time)."""
    descriptor = worker.stdout.fileno()  # type: ignore[union-attr]
    received = b""
    deadline = time.monotonic() + timeout_s
    while b"\n" not in received:
        readable, _, _ = select.select([descriptor], [], [], max(deadline - time.monotonic(), 0))
        chunk = os.read(descriptor, 4096) if readable else b""
        if not chunk:
            break
        received += chunk
    return received


def run_and_kill(data_dir: Path, *, worker_seed: int, delay_s: float) -> Round:
    """Start the worker, let it post for `delay_s` after it is ready, then kill it outright."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.crash_worker", str(data_dir), str(worker_seed)],
        cwd=repo_root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        # Read the "ready" line straight from the pipe: a buffered readline could swallow the
        # "committed" lines that arrived with it, and communicate() would never see them.
        first, _, early = _read_line(worker, worker_ready_timeout_s).partition(b"\n")
        ready = first.decode()
        if not ready.startswith("ready "):
            worker.kill()
            _, errors = worker.communicate()
            pytest.fail(f"the worker never got ready (said {ready!r}):\n{errors.decode()}")
        time.sleep(delay_s)
        os.kill(worker.pid, signal.SIGKILL)
        rest, error_bytes = worker.communicate(timeout=30)
        output, errors = (early + rest).decode(), error_bytes.decode()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    # Killed, not dead of its own accord: a worker that crashed on an error proves nothing.
    assert worker.returncode == -signal.SIGKILL, (
        f"the worker ended by itself ({worker.returncode}):\n{errors}"
    )
    committed = []
    for line in output.splitlines(keepends=True):
        if line.endswith("\n"):  # a line cut short by the kill promised nothing
            _, sequence, entry_id = line.split()
            committed.append((int(sequence), entry_id))
    return Round(int(ready.split()[1]), tuple(committed))


# One query each; every one must answer 0. Each is a way an entry could be half-written: the
# journal row first, then postings, the till, the allowance, the customer, and last the outbox.
half_written_queries = {
    "journal rows without their outbox row":
        "SELECT count(*) FROM journal WHERE sequence NOT IN (SELECT sequence FROM outbox)",
    "outbox rows without their journal row":
        "SELECT count(*) FROM outbox WHERE sequence NOT IN (SELECT sequence FROM journal)",
    "entries that move money without postings":
        "SELECT count(*) FROM journal WHERE amount_cents > 0 "
        "AND sequence NOT IN (SELECT sequence FROM postings)",
    "postings without their journal row":
        "SELECT count(*) FROM postings WHERE sequence NOT IN (SELECT sequence FROM journal)",
    "entries whose postings do not balance":
        "SELECT count(*) FROM (SELECT sequence FROM postings GROUP BY sequence "
        "HAVING sum(amount_cents) != 0)",
    "registrations without their customer":
        "SELECT count(*) FROM journal WHERE kind = 'customer_registration' AND sequence NOT IN "
        "(SELECT registered_sequence FROM customers WHERE registered_sequence IS NOT NULL)",
    "allowances whose use is not the sum of their entries":
        "SELECT count(*) FROM allowances a WHERE "
        "cash_in_used_cents != (SELECT coalesce(sum(amount_cents), 0) FROM journal j "
        "WHERE j.allowance_id = a.allowance_id AND j.cash_effect = 'in') OR "
        "cash_out_used_cents != (SELECT coalesce(sum(amount_cents), 0) FROM journal j "
        "WHERE j.allowance_id = a.allowance_id AND j.cash_effect = 'out')",
}


def assert_nothing_lost_or_half_written(connection: Connection, promised: dict[int, str], where: str) -> None:
    count, first, last = connection.execute(
        text("SELECT count(*), min(sequence), max(sequence) FROM journal")
    ).one()
    assert (first, last) == (1, count), (
        f"{where}: sequences are not gap-free from 1 ({count} rows, {first}..{last})"
    )
    stored = dict(connection.execute(text("SELECT sequence, entry_id FROM journal")).all())
    lost = {sequence: entry_id for sequence, entry_id in promised.items() if stored.get(sequence) != entry_id}
    assert not lost, f"{where}: committed entries lost or replaced: {sorted(lost.items())[:5]}"
    for what, query in half_written_queries.items():
        assert connection.execute(text(query)).scalar_one() == 0, f"{where}: {what}"


def cli_verify(data_dir: Path) -> subprocess.CompletedProcess[str]:
    script = scripts_dir / "wekeza-teller"
    if not script.exists():
        pytest.fail(f"{script} is not installed; run the README's test command")
    return subprocess.run(
        [str(script), "journal", "verify", "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=cli_timeout_s,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and select() on a pipe are POSIX")
def test_an_app_killed_200_times_mid_posting_loses_nothing_and_half_writes_nothing(
    tmp_path: Path,
) -> None:
    seed = int(os.environ.get(seed_variable) or random.SystemRandom().randrange(2**32))
    print(f"crash test seed {seed} (set {seed_variable}={seed} to replay these kill times)")
    chance = random.Random(seed)
    data_dir = tmp_path / "device"
    promised: dict[int, str] = {}
    store: Store | None = None
    commits_unprinted = 0  # rounds killed between a commit and its printed line
    started = time.monotonic()
    try:
        for round_number in range(1, crash_rounds + 1):
            where = f"round {round_number} (seed {seed})"
            delay_s = chance.uniform(kill_delay_ms_min, kill_delay_ms_max) / 1000
            done = run_and_kill(data_dir, worker_seed=chance.randrange(2**32), delay_s=delay_s)

            # The new process found everything the killed ones promised, and printed its own
            # commits in order, one sequence after another.
            assert done.ready_head >= max(promised, default=0), f"{where}: the head went back"
            sequences = [sequence for sequence, _ in done.committed]
            assert sequences == list(range(done.ready_head + 1, done.ready_head + 1 + len(sequences))), where
            promised.update(done.committed)

            if store is None:
                store = open_store(data_dir / STORE_FILE_NAME)
            with store.read() as connection:
                assert_nothing_lost_or_half_written(connection, promised, where)
                head = connection.execute(text("SELECT max(sequence) FROM journal")).scalar_one()
                if head > max(promised, default=0):
                    commits_unprinted += 1
                if round_number % full_verify_every_rounds == 0 or round_number == crash_rounds:
                    report = verify_journal(connection)
                    assert report.ok, f"{where}: {report.summary()}"
                    assert report.head_sequence == head
            if round_number % cli_verify_every_rounds == 0 or round_number == crash_rounds:
                result = cli_verify(data_dir)
                assert result.returncode == 0, f"{where}: {result.stdout}{result.stderr}"
                assert result.stdout.startswith(f"journal intact: {head} entries"), result.stdout
    finally:
        if store is not None:
            store.close()
    print(
        f"{crash_rounds} kills, {len(promised)} entries printed as committed, journal head {head}, "
        f"{commits_unprinted} killed between a commit and its line, {time.monotonic() - started:.0f} s"
    )
    assert len(promised) > crash_rounds, "the worker hardly posted: the kills proved little"


# --- append-only, and tamper evidence -----------------------------------------------------


@pytest.fixture
def day_at_the_counter(tmp_path: Path) -> Iterator[Path]:
    """Till opened (1), Juma deposits KES 5,000 (2), withdraws KES 1,200 (3), deposits KES 300 (4).

    Yields the data directory, the store closed as after the app quits.
    """
    counter = make_counter(tmp_path / "device")
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    juma = add_customer(counter, balance=KES(10_000))
    deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(5_000))
    withdraw_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(1_200))
    deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=KES(300))
    counter.store.close()
    yield tmp_path / "device"


def raw_connection(data_dir: Path) -> sqlite3.Connection:
    """What someone with the file and the sqlite3 shell has: no app, no SQLAlchemy."""
    return sqlite3.connect(data_dir / STORE_FILE_NAME, isolation_level=None)


def tampered_copy(data_dir: Path, copy_dir: Path) -> sqlite3.Connection:
    """A copy of the store (SQLite's backup API, so the WAL comes along) to attack, with the
    journal's append-only triggers dropped, as someone editing the file would."""
    copy_dir.mkdir()
    source = raw_connection(data_dir)
    copy = sqlite3.connect(copy_dir / STORE_FILE_NAME, isolation_level=None)
    source.backup(copy)
    source.close()
    triggers = copy.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'")
    names = [name for (name,) in triggers.fetchall()]
    assert "journal_is_append_only_update" in names
    for name in names:
        copy.execute(f'DROP TRIGGER "{name}"')
    return copy


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE journal SET amount_cents = amount_cents + 100 WHERE sequence = 3",
        "UPDATE journal SET content = CAST(replace(CAST(content AS TEXT), '120000', '920000') AS BLOB) "
        "WHERE sequence = 3",
        "UPDATE journal SET user_id = 'otieno'",
        "DELETE FROM journal WHERE sequence = 4",
        "DELETE FROM journal",
        # An upsert's DO UPDATE is an update, and the trigger sees it.
        "INSERT INTO journal SELECT * FROM journal WHERE sequence = 3 "
        "ON CONFLICT (sequence) DO UPDATE SET amount_cents = 1",
    ],
)
def test_the_database_itself_refuses_to_change_or_delete_an_entry(
    day_at_the_counter: Path, statement: str
) -> None:
    raw = raw_connection(day_at_the_counter)
    before = raw.execute("SELECT sequence, content FROM journal ORDER BY sequence").fetchall()
    with pytest.raises(sqlite3.IntegrityError, match="the journal is append-only"):
        raw.execute(statement)
    assert raw.execute("SELECT sequence, content FROM journal ORDER BY sequence").fetchall() == before
    raw.close()


def _replace(unique_column: str) -> str:
    """INSERT OR REPLACE of a row clashing with entry 3 on `unique_column` only, so that SQLite
    would delete entry 3 (a REPLACE fires no DELETE trigger) and insert the forgery."""
    fresh = {"sequence": "99", "entry_id": "'00000000-0000-0000-0000-000000000000'",
             "entry_hash": "'" + "0" * 64 + "'", "reference": "'BR-K7Q2-000099-X'"}
    values = {name: name if name == unique_column else value for name, value in fresh.items()}
    return (
        f"INSERT OR REPLACE INTO journal SELECT {values['sequence']}, {values['entry_id']}, "
        f"{values['entry_hash']}, previous_hash, {values['reference']}, kind, nature, cash_effect, "
        "recorded_at, business_date, user_id, customer_cif, 1, allowance_id, content "
        "FROM journal WHERE sequence = 3"
    )


@pytest.mark.parametrize("unique_column", ["sequence", "entry_id", "entry_hash", "reference"])
def test_the_database_refuses_to_replace_an_entry(day_at_the_counter: Path, unique_column: str) -> None:
    raw = raw_connection(day_at_the_counter)
    before = raw.execute("SELECT sequence, amount_cents FROM journal ORDER BY sequence").fetchall()
    with pytest.raises(sqlite3.IntegrityError, match="the journal is append-only"):
        raw.execute(_replace(unique_column))
    assert raw.execute("SELECT sequence, amount_cents FROM journal ORDER BY sequence").fetchall() == before
    raw.close()


def test_the_untouched_journal_verifies(day_at_the_counter: Path) -> None:
    result = cli_verify(day_at_the_counter)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("journal intact: 4 entries, head 4 ")


def test_one_byte_changed_in_an_entry_on_disk_is_named_by_journal_verify(
    day_at_the_counter: Path, tmp_path: Path
) -> None:
    # Entry 3 is Juma's KES 1,200 withdrawal; someone makes it KES 9,200.
    copy = tampered_copy(day_at_the_counter, tmp_path / "edited")
    content = copy.execute("SELECT content FROM journal WHERE sequence = 3").fetchone()[0]
    forged = content.replace(b'"amount_cents":120000,', b'"amount_cents":920000,')
    assert sum(a != b for a, b in zip(content, forged, strict=True)) == 1
    copy.execute("UPDATE journal SET content = ? WHERE sequence = 3", (forged,))
    copy.close()

    result = cli_verify(tmp_path / "edited")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("journal NOT intact at sequence 3:"), result.stdout
    assert cli_verify(day_at_the_counter).returncode == 0  # the original was never touched


def test_every_single_byte_changed_in_an_entry_is_caught_at_that_entry(
    day_at_the_counter: Path, tmp_path: Path
) -> None:
    """Not just the amount: any byte of entry 3, each bit pattern an editor might leave."""
    copy = tampered_copy(day_at_the_counter, tmp_path / "edited")
    content = copy.execute("SELECT content FROM journal WHERE sequence = 3").fetchone()[0]
    copy.close()
    store = open_store(tmp_path / "edited" / STORE_FILE_NAME)
    missed = []
    try:
        for offset in range(len(content)):
            for mask in (0x01, 0x20, 0x80):  # a typo, a changed case, a byte that is not ASCII
                forged = bytearray(content)
                forged[offset] ^= mask
                with store.engine.begin() as connection:
                    connection.exec_driver_sql(
                        "UPDATE journal SET content = ? WHERE sequence = 3", (bytes(forged),)
                    )
                with store.read() as connection:
                    report = verify_journal(connection)
                if report.ok or report.first_bad_sequence != 3:
                    missed.append((offset, mask, report.summary()))
    finally:
        store.close()
    assert not missed, missed[:5]


def test_an_entry_forged_and_rehashed_breaks_the_link_to_the_next_one(
    day_at_the_counter: Path, tmp_path: Path
) -> None:
    """A forger who knows the hash rule rewrites entry 3 and its hash; entry 4 still names the old one."""
    from shared_core import canonical
    from shared_core.journal import CONTENT_FIELDS, compute_entry_hash

    copy = tampered_copy(day_at_the_counter, tmp_path / "forged")
    wire = canonical.decode(copy.execute("SELECT content FROM journal WHERE sequence = 3").fetchone()[0])
    wire["body"]["amount_cents"] = 920_000  # type: ignore[index]
    content = {name: wire[name] for name in CONTENT_FIELDS}  # type: ignore[index]
    wire["entry_hash"] = compute_entry_hash(content)  # type: ignore[index]
    copy.execute(
        "UPDATE journal SET content = ?, entry_hash = ?, amount_cents = ? WHERE sequence = 3",
        (canonical.encode(wire), wire["entry_hash"], 920_000),  # type: ignore[index]
    )
    copy.close()

    result = cli_verify(tmp_path / "forged")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith(
        "journal NOT intact at sequence 4: entry 4 does not follow entry 3"
    ), result.stdout


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        # Juma's withdrawal (entry 3) posted one cent less to his wallet.
        ("UPDATE postings SET amount_cents = amount_cents - 1 WHERE sequence = 3 AND line = 1",
         "NOT intact at sequence 3: postings differ"),
        # Its postings removed altogether.
        ("DELETE FROM postings WHERE sequence = 3", "NOT intact at sequence 3: postings differ"),
        # The till shown as closed by an entry that opened nothing.
        ("UPDATE tills SET closed_sequence = 4", "NOT intact at sequence 1: tills differ"),
        # An entry taken off the queue to head office without an answer.
        ("DELETE FROM outbox WHERE sequence = 2", "NOT intact at sequence 2: outbox differ"),
        # Offline cash paid out made to look smaller, so more may be paid.
        ("UPDATE allowances SET cash_out_used_cents = cash_out_used_cents - 100000", "allowance ALW-1"),
        ("UPDATE allowances SET cash_in_used_cents = 0", "allowance ALW-1"),
    ],
)
def test_an_edited_derived_table_is_named_by_journal_verify(
    day_at_the_counter: Path, tmp_path: Path, edit: str, named: str
) -> None:
    copy = tampered_copy(day_at_the_counter, tmp_path / "edited")
    assert copy.execute(edit).rowcount >= 1
    copy.close()

    result = cli_verify(tmp_path / "edited")
    assert result.returncode == 1, result.stdout + result.stderr
    assert named in result.stdout.splitlines()[0], result.stdout
