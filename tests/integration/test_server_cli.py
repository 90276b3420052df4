"""Head office's command line, run as an operator runs it: the installed `wekeza-server` script, in
a process of its own, against a temporary SQLite file and data directory.

PYTHONPATH points at this checkout, so the script runs the code under test whatever the
environment has installed.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from shared_core.accounts import vault_account, wallet_account
from shared_core.passwords import verify_password
from shared_core.signing import generate_private_key, public_key_hex
from sync_server.__main__ import build_parser
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.enrolment import redeem_enrolment_code
from tests.server_builders import ServerClock

script = Path(sys.executable).parent / "wekeza-server"
repo_root = Path(__file__).resolve().parents[2]
command_timeout_s = 120
_CODE = re.compile(r"\b([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})\b")
_PASSWORD_LINE = re.compile(r"^\s+(\S+)\s+(teller|agent|supervisor|head_office|director)\s+.*\s(\S+)$", re.M)


class Cli:
    """The script against one data directory and its SQLite file."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.database_url = f"sqlite:///{(data_dir / 'books.sqlite3').as_posix()}"

    def __call__(self, *arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *arguments, "--database-url", self.database_url, "--data-dir", str(self.data_dir)],
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=command_timeout_s,
            env={**os.environ, "PYTHONPATH": str(repo_root)},
        )

    def rows(self, table_name: str, **where: object) -> list:
        database = Database(self.database_url)
        try:
            table = schema.metadata.tables[table_name]
            with database.engine.connect() as connection:
                statement = select(table).where(*(table.c[name] == value for name, value in where.items()))
                return list(connection.execute(statement))
        finally:
            database.dispose()

    def balance(self, account: str) -> int:
        (row,) = self.rows("accounts", account=account)
        return row.balance_cents


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "head-office")


@pytest.fixture
def seeded(cli: Cli) -> Iterator[tuple[Cli, str]]:
    seeded = cli("seed-demo")  # migrates first
    assert seeded.returncode == 0, seeded.stderr
    yield cli, seeded.stdout


def test_every_command_answers_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    for argv in (
        [], ["migrate"], ["serve"], ["seed-demo"], ["user"], ["user", "add"], ["enrol"], ["revoke"],
        ["check-ledger"], ["credit-profile"], ["verify-receipt"], ["reconcile"],
    ):
        with pytest.raises(SystemExit) as exited:
            parser.parse_args([*argv, "--help"])
        assert exited.value.code == 0, argv
        shown = capsys.readouterr().out
        assert shown.startswith("usage: wekeza-server"), argv
        if argv and argv != ["user"]:
            assert "--database-url" in shown and "--data-dir" in shown, argv


def test_the_demo_bank_is_seeded_once_and_its_books_balance(seeded: tuple[Cli, str]) -> None:
    """seed-demo makes a branch and an agent, five users (passwords shown once), Juma with KES 25,000
    and Wekeza Hardware with KES 480,000 deposited at the seed device, the cash then in the vault
    (7 accounts: five customers' wallets, three of them Wekeza Hardware's staff with nothing in yet,
    the seed till, back to zero, and the vault)."""
    cli, first = seeded
    passwords = {user_id: password for user_id, _role, password in _PASSWORD_LINE.findall(first)}
    assert set(passwords) == {"wanjiru", "otieno", "akinyi", "njeri", "kiptoo"}
    for user in cli.rows("users"):
        assert verify_password(passwords[user.user_id], user.password_hash), user.user_id
        assert passwords[user.user_id] not in user.password_hash
    assert {(row.role, row.location_code) for row in cli.rows("users")} == {
        ("teller", "NBO-001"), ("supervisor", "NBO-001"), ("agent", "AG-0042"), ("head_office", None),
        ("director", "NBO-001")}
    assert [row.user_id for row in cli.rows("business_directors", cif="C0009001")] == ["kiptoo"]
    assert -cli.balance(wallet_account("C0001234")) == 2_500_000
    assert -cli.balance(wallet_account("C0009001")) == 48_000_000
    assert cli.balance(vault_account("NBO-001")) == 50_500_000
    assert cli.rows("devices", device_code="5EED")[0].status == "revoked"
    assert [row.version for row in cli.rows("limit_tables")] == [1]
    profiles = {row.cif: row for row in cli.rows("credit_profiles")}
    assert (profiles["C0001234"].bureau_status, profiles["C0001234"].customer_since) == ("clear", "2021-03-01")
    hardware = profiles["C0009001"]
    assert (hardware.annual_turnover_cents, hardware.sector, hardware.years_trading) == (2_400_000_000, "retail", 9)
    (first_code,) = _CODE.findall(first)
    assert "device 0001" in first
    key_file = cli.data_dir / "server-key.ed25519"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    books = {name: len(cli.rows(name)) for name in ("locations", "users", "customers", "entries", "postings")}
    again = cli("seed-demo")
    assert again.returncode == 0, again.stderr
    assert "all there already" in again.stdout
    assert _PASSWORD_LINE.findall(again.stdout) == [], "passwords are shown once"
    assert {name: len(cli.rows(name)) for name in books} == books
    (second_code,) = _CODE.findall(again.stdout)
    assert second_code != first_code and "device 0002" in again.stdout

    checked = cli("check-ledger")
    assert (checked.returncode, checked.stdout) == (0, "ledger balanced: 9 entries, 7 accounts\n")


def test_check_ledger_exits_1_when_a_posting_is_damaged_by_hand(seeded: tuple[Cli, str]) -> None:
    """Someone credits Juma's first deposit line with KES 1 more, straight in the database: the entry no
    longer balances, and the wallet's balance no longer equals its postings (the balances
    themselves, untouched, still sum to zero)."""
    cli, _ = seeded
    connection = sqlite3.connect(cli.database_url.removeprefix("sqlite:///"))
    try:
        with connection:
            changed = connection.execute(
                "UPDATE postings SET amount_cents = amount_cents - 100 WHERE account = ? AND id = "
                "(SELECT MIN(id) FROM postings WHERE account = ?)",
                (wallet_account("C0001234"), wallet_account("C0001234")),
            ).rowcount
        assert changed == 1
    finally:
        connection.close()

    checked = cli("check-ledger")

    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    assert lines[-1] == "ledger NOT balanced: 2 violation(s)", checked.stdout
    assert [line.split(" ", 1)[0] for line in lines[:-1]] == ["unbalanced_entry", "balance_mismatch"]
    assert lines[0].startswith("unbalanced_entry (5EED/1): ")
    assert lines[0].endswith("sum to KES -1.00, not zero")
    assert lines[1].startswith("balance_mismatch (wallet:C0001234): ")


def test_credit_profile_records_what_scoring_reads_and_refuses_an_unknown_customer(
    seeded: tuple[Cli, str],
) -> None:
    cli, _ = seeded
    done = cli("credit-profile", "--cif", "C0001301", "--bureau", "negative_listing", "--since", "2024-01-15")
    assert done.returncode == 0, done.stderr
    (row,) = cli.rows("credit_profiles", cif="C0001301")
    assert (row.bureau_status, row.customer_since, row.annual_turnover_cents) == ("negative_listing", "2024-01-15", None)
    changed = cli("credit-profile", "--cif", "C0009001", "--bureau", "clear", "--turnover", "30,000,000",
                  "--sector", "retail", "--years-trading", "10", "--facilities-elsewhere", "1,200,000")
    assert changed.returncode == 0, changed.stderr
    (row,) = cli.rows("credit_profiles", cif="C0009001")
    assert (row.annual_turnover_cents, row.facilities_elsewhere_cents) == (3_000_000_000, 120_000_000)
    unknown = cli("credit-profile", "--cif", "C9999999", "--bureau", "clear")
    assert unknown.returncode == 1
    assert "No customer C9999999 is registered at head office [not_found]" in unknown.stderr


def test_enrol_prints_a_one_time_code_a_device_can_redeem(seeded: tuple[Cli, str]) -> None:
    cli, _ = seeded
    issued = cli("enrol", "--location", "AG-0042", "--valid-hours", "24")
    assert issued.returncode == 0, issued.stderr
    (code,) = _CODE.findall(issued.stdout)
    device_code = re.search(r"Device code:\s+(\w{4})", issued.stdout).group(1)
    assert "Server key fingerprint:" in issued.stdout

    database = Database(cli.database_url)
    try:
        with UnitOfWork(database) as uow:
            answer = redeem_enrolment_code(
                uow.connection, code=code, public_key_hex=public_key_hex(generate_private_key()),
                app_version="1.0.0", now=ServerClock().now(), bank_name="Wekeza Bank",
                server_public_key_hex=public_key_hex(generate_private_key()),
            )
            uow.commit()
    finally:
        database.dispose()
    assert (answer["device_code"], answer["channel"], answer["cash_account"]) == (
        device_code, "agent", "float:AG-0042")

    revoked = cli("revoke", "--device", device_code)
    assert revoked.returncode == 0, revoked.stderr
    assert cli.rows("devices", device_code=device_code)[0].status == "revoked"

    nowhere = cli("enrol", "--location", "MSA-999")
    assert nowhere.returncode == 1
    assert "[not_found]" in nowhere.stderr and _CODE.findall(nowhere.stdout) == []
    assert cli("revoke", "--device", "ZZZZ").stderr.strip().endswith("[device_unknown]")


def test_user_add_stores_a_hash_of_the_password_from_stdin(seeded: tuple[Cli, str]) -> None:
    cli, _ = seeded
    added = cli("user", "add", "--user-id", "mary", "--name", "Mary  Achieng", "--role", "teller",
                "--location", "NBO-001", "--password-stdin", stdin="Counter-2026!\n")
    assert added.returncode == 0, added.stderr
    assert "Counter-2026!" not in added.stdout + added.stderr
    (mary,) = cli.rows("users", user_id="mary")
    assert (mary.display_name, mary.role, mary.location_code, mary.active) == (
        "Mary Achieng", "teller", "NBO-001", True)
    assert verify_password("Counter-2026!", mary.password_hash)

    taken = cli("user", "add", "--user-id", "mary", "--name", "Mary Two", "--role", "teller",
                "--location", "NBO-001", "--password-stdin", stdin="Counter-2026!\n")
    assert (taken.returncode, taken.stderr.strip()[-16:]) == (1, "[already_exists]")
    short = cli("user", "add", "--user-id", "tom", "--name", "Tom", "--role", "teller",
                "--location", "NBO-001", "--password-stdin", stdin="short\n")
    assert (short.returncode, "[invalid_input]" in short.stderr) == (1, True)
    wrong_place = cli("user", "add", "--user-id", "tom", "--name", "Tom", "--role", "teller",
                      "--location", "AG-0042", "--password-stdin", stdin="Counter-2026!\n")
    assert wrong_place.returncode == 1 and "an agent's shop" in wrong_place.stderr
    no_terminal = cli("user", "add", "--user-id", "tom", "--name", "Tom", "--role", "teller",
                      "--location", "NBO-001")
    assert no_terminal.returncode == 1 and "--password-stdin" in no_terminal.stderr
    assert cli.rows("users", user_id="tom") == []


def test_migrate_makes_the_schema_the_commands_need(cli: Cli) -> None:
    answer = cli("enrol", "--location", "NBO-001")
    assert answer.returncode == 1
    assert "wekeza-server migrate" in answer.stderr and "Traceback" not in answer.stderr
    migrated = cli("migrate")
    assert (migrated.returncode, migrated.stdout) == (0, "Database migrated to the newest schema (sqlite)\n")
    assert cli("migrate").returncode == 0, "a second run finds nothing to do"
    assert cli("enrol", "--location", "NBO-001").stderr.strip().endswith("[not_found]"), "no locations yet"
