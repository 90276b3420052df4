"""`wekeza-server`: serve and administer the sync server.

    wekeza-server migrate                      bring the database to the newest schema
    wekeza-server serve                        migrate, then serve the JSON API with waitress
    wekeza-server seed-demo                    a demo bank (idempotent); prints passwords once
    wekeza-server user add --user-id ... --name ... --role ... [--location CODE] [--password-stdin]
    wekeza-server enrol --location CODE        a one-time enrolment code for a device there
    wekeza-server revoke --device CODE         refuse every later batch from a device
    wekeza-server check-ledger                 prove the books agree with themselves (exit 1 if not)
    wekeza-server verify-receipt (--qr TEXT | --file PATH)
                                               does the journal hold exactly that receipt's entry?
    wekeza-server reconcile --date D [--branch B] [--out DIR]
                                               a business day's reconciliation, as PDF and CSV
                                               (exit 1 while something is unresolved)
    wekeza-server portfolio [--date D] [--months N] [--out DIR]
                                               the books as of a day (loan book, NPL, PAR30, history,
                                               SMEs, policies), as PDF and CSV
    wekeza-server exceptions [--status open|resolved] [--branch B] [--date D]
                                               the exceptions to work, newest first

Every command takes --database-url and --data-dir (else WEKEZA_DATABASE_URL and
WEKEZA_SERVER_DATA_DIR, else an SQLite file in the user's data directory). Each is a small
function taking the parsed arguments, the settings and the database; a refusal prints its message
and code and exits 1.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import os
import re
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from shared_core import __version__
from shared_core.business_day import bank_date
from shared_core.credit_policy import BureauStatus
from shared_core.roles import Role
from sync_server.settings import Settings

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from sync_server.db.engine import Database

serve_threads_default = 8
fingerprint_hex_digits = 32
enrolment_valid_hours_default = 72
receipt_file_bytes_max = 64 * 1024  # a receipt's text is about 1 KB
_FILE_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def key_fingerprint(key: Ed25519PrivateKey) -> str:
    """What an operator compares by eye: SHA-256 of the raw public key, in groups of four."""
    from shared_core.signing import public_key_hex

    digest = hashlib.sha256(bytes.fromhex(public_key_hex(key))).hexdigest()[:fingerprint_hex_digits].upper()
    return " ".join(digest[start : start + 4] for start in range(0, len(digest), 4))


def _now() -> str:
    from sync_server.app import SystemClock

    return SystemClock().now()


# --- commands -------------------------------------------------------------------------------------


def _migrate(_arguments: argparse.Namespace, _settings: Settings, database: Database) -> int:
    from sync_server.db.migrate import migrate

    migrate(database)
    print(f"Database migrated to the newest schema ({database.backend})")
    return 0


def _serve(arguments: argparse.Namespace, settings: Settings, database: Database) -> int:
    import waitress  # imported here so `--help` stays fast and needs no server packages

    from shared_core.signing import public_key_hex
    from sync_server.app import SystemClock, create_app
    from sync_server.db.migrate import migrate
    from sync_server.services.keys import load_or_create_server_key

    migrate(database)
    key = load_or_create_server_key(settings.server_key_path)
    host = arguments.host or settings.host
    port = arguments.port or settings.port
    application = create_app(settings, database, server_key=key, clock=SystemClock())
    print(
        f"Wekeza sync server {__version__} on http://{host}:{port} (database: {database.backend}); "
        f"health: http://{host}:{port}/v1/health\n"
        f"Server key {public_key_hex(key)}\n"
        f"  fingerprint {key_fingerprint(key)}",
        flush=True,
    )
    waitress.serve(application, host=host, port=port, threads=arguments.threads, ident="wekeza-server")
    return 0


def _seed_demo(_arguments: argparse.Namespace, settings: Settings, database: Database) -> int:
    from sync_server.db.migrate import migrate
    from sync_server.services.keys import load_or_create_server_key
    from sync_server.services.seed import seed_demo

    migrate(database)
    key = load_or_create_server_key(settings.server_key_path)
    report = seed_demo(database, server_key=key, now=_now())
    print(f"Demo bank ready ({database.backend}).")
    if report.new_users:
        print("Users created; their passwords are shown this once (only hashes are stored):")
        for user in report.new_users:
            print(f"  {user.user_id:<10} {user.role:<12} {user.display_name:<20} {user.password}")
    else:
        print("Users: all there already (their passwords were shown when they were created).")
    if report.opening_entries_booked:
        print(f"Opening deposits booked: {report.opening_entries_booked} entries from the seed device.")
    print(f"Enrolment code for a device at {report.location_code}: {report.enrolment_code} "
          f"(device {report.device_code}, valid {enrolment_valid_hours_default} hours, one use)")
    print(f"Server key fingerprint: {key_fingerprint(key)}")
    return 0


def _user_add(arguments: argparse.Namespace, _settings: Settings, database: Database) -> int:
    from sync_server.db.unit_of_work import UnitOfWork
    from sync_server.services.users import add_user, new_password_hash

    password = _read_password(arguments.password_stdin)
    if password is None:
        return 1
    password_hash = new_password_hash(password)  # refuses a password against the policy first
    with UnitOfWork(database) as uow:
        add_user(
            uow.connection,
            user_id=arguments.user_id,
            display_name=arguments.name,
            role=arguments.role,
            location_code=arguments.location,
            password_hash=password_hash,
        )
        uow.commit()
    where = f" at {arguments.location}" if arguments.location else ""
    print(f"User {arguments.user_id} ({arguments.role}){where} added")
    return 0


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        print("wekeza-server: no terminal to ask for the password; pipe it in with --password-stdin",
              file=sys.stderr)
        return None
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        print("wekeza-server: the two passwords differ; nothing was changed", file=sys.stderr)
        return None
    return password


def _enrol(arguments: argparse.Namespace, settings: Settings, database: Database) -> int:
    from shared_core.journal import format_timestamp, parse_timestamp
    from sync_server.db.unit_of_work import UnitOfWork
    from sync_server.services.enrolment import issue_enrolment_code
    from sync_server.services.keys import load_or_create_server_key

    now = _now()
    with UnitOfWork(database) as uow:
        code, device_code = issue_enrolment_code(
            uow.connection, location_code=arguments.location, now=now, valid_hours=arguments.valid_hours
        )
        uow.commit()
    expires_at = format_timestamp(parse_timestamp(now) + timedelta(hours=arguments.valid_hours))
    print(f"Enrolment code: {code}")
    print(f"Device code:    {device_code} (at {arguments.location})")
    print(f"Valid until:    {expires_at} (UTC), for one use")
    print(f"Server key fingerprint: {key_fingerprint(load_or_create_server_key(settings.server_key_path))}")
    return 0


def _revoke(arguments: argparse.Namespace, _settings: Settings, database: Database) -> int:
    from sync_server.db.unit_of_work import UnitOfWork
    from sync_server.services.devices import revoke_device

    with UnitOfWork(database) as uow:
        revoke_device(
            uow.connection, arguments.device, now=_now(), revoked_by="wekeza-server revoke",
            reason=arguments.reason,
        )  # fmt: skip
        uow.commit()
    print(f"Device {arguments.device} revoked: its batches are refused from now on")
    return 0


def _check_ledger(_arguments: argparse.Namespace, _settings: Settings, database: Database) -> int:
    from sqlalchemy import func, select

    from sync_server.db import schema
    from sync_server.services.ledger_check import check_ledger

    with database.engine.connect() as connection:
        if database.backend == "mysql":  # one snapshot for every check, whatever ingests meanwhile
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            violations = check_ledger(connection)
            entries = connection.execute(select(func.count()).select_from(schema.entries)).scalar_one()
            accounts = connection.execute(select(func.count()).select_from(schema.accounts)).scalar_one()
    for violation in violations:
        subject = f" ({violation.subject})" if violation.subject else ""
        print(f"{violation.code}{subject}: {violation.message}")
    if violations:
        print(f"ledger NOT balanced: {len(violations)} violation(s)")
        return 1
    print(f"ledger balanced: {entries} entries, {accounts} accounts")
    return 0


def _credit_profile(arguments: argparse.Namespace, _settings: Settings, database: Database) -> int:
    from datetime import date

    from shared_core.money import parse_amount
    from sync_server.db.unit_of_work import UnitOfWork
    from sync_server.services.credit import record_credit_profile

    turnover = parse_amount(arguments.turnover) if arguments.turnover else None
    elsewhere = parse_amount(arguments.facilities_elsewhere) if arguments.facilities_elsewhere else None
    with UnitOfWork(database) as uow:
        record_credit_profile(
            uow.connection,
            arguments.cif,
            bureau_status=BureauStatus(arguments.bureau),
            now=_now(),
            bureau_checked_on=date.fromisoformat(bank_date(_now())),
            customer_since=date.fromisoformat(arguments.since) if arguments.since else None,
            annual_turnover=turnover,
            sector=arguments.sector,
            years_trading=arguments.years_trading,
            **({"facilities_elsewhere": elsewhere} if elsewhere is not None else {}),
        )
        uow.commit()
    print(f"Credit profile of {arguments.cif} recorded: bureau {arguments.bureau}")
    return 0


def _verify_receipt(arguments: argparse.Namespace, _settings: Settings, database: Database) -> int:
    from shared_core.receipt_text import read_receipt
    from sync_server.services.receipt_verification import Source, Verdict, verify_receipt

    text = arguments.qr if arguments.qr is not None else _receipt_file_text(arguments.file)
    claim = read_receipt(text)
    with database.engine.connect() as connection:
        result = verify_receipt(connection, claim)
    print(f"{result.verdict.value.upper().replace('_', ' ')}: {result.reference} "
          f"(device {result.device_code}, entry {result.sequence})")
    for mismatch in result.mismatches:
        where = "QR code" if mismatch.source is Source.QR else "printed"
        print(f"  {mismatch.field} ({where}): receipt {mismatch.on_receipt} | journal {mismatch.in_journal}")
    print(result.message)
    print(f"Checked: {', '.join(result.checked_fields)}")
    return 0 if result.verdict is Verdict.VERIFIED else 1


def _receipt_file_text(path: Path) -> str:
    from shared_core.errors import InvalidInput

    try:
        with open(path, "rb") as file:
            data = file.read(receipt_file_bytes_max + 1)
    except OSError as error:
        raise InvalidInput(f"Cannot read {path}: {error.strerror}", field="file") from None
    if data.startswith(b"%PDF"):
        raise InvalidInput(
            f"{path} is a PDF: give its text (pdftotext -layout {path.name} receipt.txt), or the QR code's "
            "text with --qr",
            field="file",
        )
    if len(data) > receipt_file_bytes_max:
        raise InvalidInput(f"{path} is larger than any receipt's text ({receipt_file_bytes_max // 1024} KiB)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not UTF-8 text: give the receipt's text or its QR code") from None


def _reconcile(arguments: argparse.Namespace, settings: Settings, database: Database) -> int:
    from sync_server.reports.reconciliation_csv import reconciliation_csv
    from sync_server.services.reconciliation import parse_business_date, reconcile

    try:
        from sync_server.reports.reconciliation_pdf import render_reconciliation
    except ModuleNotFoundError as error:  # reportlab: a package of its own on a server-only install
        print(f"wekeza-server: the PDF report needs {error.name}; install it (pip install reportlab)",
              file=sys.stderr)
        return 1

    business_date = parse_business_date(arguments.date)
    report = reconcile(database, business_date, location_code=arguments.branch, now=_now())
    location_name = report.locations[0].name if arguments.branch and report.locations else None
    stem = f"reconcile-{business_date}"
    if arguments.branch:
        stem += f"-{_FILE_NAME_UNSAFE.sub('_', arguments.branch)}"
    out = Path(arguments.out)
    out.mkdir(parents=True, exist_ok=True)
    pdf_path, csv_path = out / f"{stem}.pdf", out / f"{stem}.csv"
    pdf = render_reconciliation(report, bank_name=settings.bank_name, location_name=location_name)
    _write_whole(pdf_path, pdf)
    _write_whole(csv_path, reconciliation_csv(report))
    devices = sum(len(location.devices) for location in report.locations)
    entries = sum(device.entries for location in report.locations for device in location.devices)
    where = f" at {arguments.branch}" if arguments.branch else ""
    print(f"Reconciliation of {business_date}{where}: {devices} device(s), {entries} entries")
    for issue in report.issues:
        print(f"  {issue.kind}: {issue.message}")
    print(f"Written: {pdf_path}, {csv_path}")
    if report.unresolved:
        print(f"UNRESOLVED: {len(report.issues)} item(s) need head office")
        return 1
    print("Reconciled: nothing unresolved")
    return 0


def _portfolio(arguments: argparse.Namespace, settings: Settings, database: Database) -> int:
    from shared_core.portfolio_csv import portfolio_csv
    from sync_server.services.portfolio import read_portfolio

    try:
        from sync_server.reports.portfolio_pdf import render_portfolio, summary_line
    except ModuleNotFoundError as error:  # reportlab: a package of its own on a server-only install
        print(f"wekeza-server: the PDF report needs {error.name}; install it (pip install reportlab)",
              file=sys.stderr)
        return 1

    reading = read_portfolio(database, as_of=arguments.date, months=arguments.months, now=_now())
    portfolio = reading.portfolio
    day = portfolio.as_of.isoformat()
    out = Path(arguments.out)
    out.mkdir(parents=True, exist_ok=True)
    pdf_path, csv_path = out / f"portfolio-{day}.pdf", out / f"portfolio-{day}.csv"
    _write_whole(pdf_path, render_portfolio(portfolio, bank_name=settings.bank_name, generated_at=reading.generated_at))
    _write_whole(csv_path, portfolio_csv(portfolio))
    print(f"Portfolio as of {day}: {summary_line(portfolio)}")
    print(f"SMEs: {len(portfolio.smes)}; policies sold: {sum(line.sold for line in portfolio.policies)}")
    print(f"Written: {pdf_path}, {csv_path}")
    return 0


def _exceptions(arguments: argparse.Namespace, _settings: Settings, database: Database) -> int:
    from sync_server.services.exception_work import list_exceptions
    from sync_server.services.sessions import User

    operator = User("wekeza-server", "Server operator", Role.HEAD_OFFICE, None)  # reads every location's
    with database.engine.connect() as connection:
        listed = list_exceptions(
            connection, operator, status=arguments.status, location_code=arguments.branch,
            business_date=arguments.date,
        )
    for summary in listed.exceptions:
        entry = summary.entry
        who = f"assigned to {summary.assigned_to}" if summary.assigned_to else "unassigned"
        pending = "; a proposal waits for a checker" if summary.proposal_pending else ""
        print(
            f"{summary.label}  {summary.status.value}  {summary.code}  {summary.amount}  {entry.reference} "
            f"({entry.business_date}, {summary.location_code})  {summary.account or '-'}  {who}{pending}"
        )
    more = "" if listed.complete else " (more match: narrow with --status, --branch or --date)"
    print(f"{len(listed.exceptions)} exception(s){more}")
    return 0


def _write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all: a report a person opens is never half written."""
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


# --- the parser -----------------------------------------------------------------------------------


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database-url",
        help="sqlite:///PATH or mysql+pymysql://USER@HOST/DB (default: WEKEZA_DATABASE_URL, else an "
        "SQLite file in the data directory)",
    )
    common.add_argument(
        "--data-dir",
        type=Path,
        help="where the server key and the default database live (default: WEKEZA_SERVER_DATA_DIR, else "
        "the user's data directory)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wekeza-server",
        description="Wekeza sync server: ingests devices' signed batches into the central ledger.",
    )
    parser.add_argument("--version", action="version", version=f"wekeza-server {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common_options()

    def command(name: str, handler, help_text: str, description: str | None = None):  # noqa: ANN001, ANN202
        sub = commands.add_parser(
            name, parents=[common], help=help_text, description=description or help_text
        )
        sub.set_defaults(handler=handler)
        return sub

    command("migrate", _migrate, "bring the database to the newest schema")

    serve = command(
        "serve",
        _serve,
        "migrate, then serve the JSON API with waitress (gunicorn: sync_server.wsgi:application)",
        "Migrate the database, then serve the JSON API. Host and port come from WEKEZA_HOST and "
        "WEKEZA_PORT unless given here.",
    )
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8600)")
    serve.add_argument("--threads", type=int, default=serve_threads_default, help="worker threads")

    command(
        "seed-demo",
        _seed_demo,
        "a demo bank: branch, agent, users of every role, customers, limit table; prints an enrolment code",
        "Add the demo bank of resources/demo/seed.json where it is missing (a second run changes "
        "nothing but issues a new enrolment code). New users' passwords are printed once.",
    )

    user = commands.add_parser("user", help="manage head office's users", description="Manage users.")
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_commands.add_parser(
        "add",
        parents=[common],
        help="add a user",
        description="Add an active user. The password is asked twice on a terminal, or read from "
        "one line of standard input with --password-stdin; only its scrypt hash is stored.",
    )
    add.set_defaults(handler=_user_add)
    add.add_argument("--user-id", required=True, help="login name, e.g. wanjiru")
    add.add_argument("--name", required=True, help="full name as receipts print it")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument("--location", help="location code; a teller, agent or supervisor needs one")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    enrol = command(
        "enrol",
        _enrol,
        "issue a one-time enrolment code for a device at a location",
        "Issue a one-time code a device enrols with (POST /v1/devices), and the device code it will get.",
    )
    enrol.add_argument("--location", required=True, help="location code, e.g. NBO-001")
    enrol.add_argument("--valid-hours", type=int, default=enrolment_valid_hours_default, help="default 72")

    revoke = command("revoke", _revoke, "revoke a device: its batches are refused from now on")
    revoke.add_argument("--device", required=True, help="device code, e.g. K7Q2")
    revoke.add_argument("--reason", help="why, kept with the device (e.g. 'laptop stolen')")

    profile = command(
        "credit-profile",
        _credit_profile,
        "record what head office knows of a customer's credit (bureau, tenure, a business's turnover)",
        "Record or replace a customer's credit profile, which loan scoring reads beside the ledger: the "
        "credit bureau's status, since when they bank with Wekeza, and for a business its annual "
        "turnover, sector and years trading (needed before it applies for working capital).",
    )
    profile.add_argument("--cif", required=True, help="customer number, e.g. C0009001")
    profile.add_argument("--bureau", required=True, choices=[status.value for status in BureauStatus])
    profile.add_argument("--since", help="customer of the bank since, YYYY-MM-DD")
    profile.add_argument("--turnover", help="a business's annual turnover in KES, e.g. 24,000,000")
    profile.add_argument("--sector", help="a business's sector code of the credit policy, e.g. retail")
    profile.add_argument("--years-trading", type=int, help="a business's whole years trading")
    profile.add_argument("--facilities-elsewhere", help="KES a business owes other lenders")

    command(
        "check-ledger",
        _check_ledger,
        "check the central ledger against itself; exit 1 on any violation",
        "Every entry balances, balances equal their postings, device heads hold. Prints each violation "
        "and exits 1, or one line and exits 0.",
    )

    verify = command(
        "verify-receipt",
        _verify_receipt,
        "check a receipt against the journal; exit 0 only when it is verified",
        "Say whether the journal holds exactly the entry a receipt shows, sealed by the device that "
        "printed it: reference, device, sequence, operation, time, amount, fee, journal hash and the "
        "device's signature, as far as the receipt carries them. Exit 0 when verified, 1 otherwise.",
    )
    source = verify.add_mutually_exclusive_group(required=True)
    source.add_argument("--qr", metavar="TEXT", help="the QR code's text, as a scanner reads it (WKZ1/...)")
    source.add_argument(
        "--file", type=Path, metavar="PATH",
        help="a text file with the receipt's text (e.g. pdftotext -layout), or the QR code's text",
    )  # fmt: skip

    reconcile = command(
        "reconcile",
        _reconcile,
        "reconcile a business day: writes reconcile-D[-B].pdf and .csv; exit 1 while anything is unresolved",
        "Per location and device: batches received, entries and what was decided, totals by operation, "
        "devices not synced since the day began, forks, refused entries, exceptions, clock skew, tills "
        "(declared count against the journal, over and short per teller) and vault and float positions. "
        "Exits 1 while anything is unresolved (an open exception, a device not synced, a fork, a till "
        "not closed or not adding up), else 0.",
    )
    reconcile.add_argument("--date", required=True, help="the business date, YYYY-MM-DD")
    reconcile.add_argument("--branch", help="one location's code, e.g. NBO-001 (default: every location)")
    reconcile.add_argument("--out", default=".", help="the folder to write the PDF and CSV in (default: .)")

    portfolio = command(
        "portfolio",
        _portfolio,
        "the books as of a business day: writes portfolio-D.pdf and .csv",
        "The loan book rebuilt from each loan's terms and the repayments paid by the day (active and "
        "closed loans, principal outstanding, NPL ratio, PAR30, by classification and by product), the "
        "same at the month-ends before it, SMEs and their facilities, and insurance policies sold, in "
        "force and lapsed by type. The figures GET /v1/portfolio answers.",
    )
    portfolio.add_argument("--date", help="the business date, YYYY-MM-DD (default: today, UTC)")
    portfolio.add_argument("--months", default="12", help="month-ends of history before it, 0 to 36 (default: 12)")
    portfolio.add_argument("--out", default=".", help="the folder to write the PDF and CSV in (default: .)")

    exceptions = command(
        "exceptions",
        _exceptions,
        "list the exceptions to work, newest first",
        "Facts booked against a rule (an offline overdraft, a limit breached...), with their status, who "
        "works each and whether a proposed correction waits for a checker. They are worked in the "
        "desktop app's Exceptions screen or through /v1/exceptions.",
    )
    exceptions.add_argument("--status", choices=["open", "resolved"], help="only open or only resolved ones")
    exceptions.add_argument("--branch", help="one location's code, e.g. NBO-001 (default: every location)")
    exceptions.add_argument("--date", help="the business date of the entries that raised them, YYYY-MM-DD")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return 2
    from sqlalchemy.exc import OperationalError

    from shared_core.errors import DomainError
    from sync_server.db.engine import Database

    settings = Settings.from_environment(data_dir=arguments.data_dir, database_url=arguments.database_url)
    database = Database(settings.database_url)
    try:
        return arguments.handler(arguments, settings, database)
    except DomainError as error:
        print(f"wekeza-server: {error.message} [{error.code}]", file=sys.stderr)
        return 1
    except OperationalError as error:
        print(
            f"wekeza-server: the database did not answer as expected ({error.orig}); is it reachable, "
            "and migrated (wekeza-server migrate)?",
            file=sys.stderr,
        )
        return 1
    finally:
        database.dispose()


if __name__ == "__main__":
    sys.exit(main())
