"""Head office reconciles a business day, from the books the real devices' batches made; on an SQLite
file and on a fresh MySQL database. The day at Nairobi CBD (2026-11-24):

    K7Q2  Wanjiru   opens her till with 50,000; Juma deposits 5,000 and withdraws 2,000;
                    the journal says the drawer holds 53,000; she counts 53,100: OVER 100
    M4T8  Achieng   opens her till with 50,000; Juma deposits 1,000; the journal says 51,000;
                    she counts 50,900: SHORT 100
    P3Q9            enrolled at the branch, never synced: a GAP, since its enrolment
    X9P3  Akinyi    the agent at Kibera takes Juma's 4,000 online: her e-float owed falls by 4,000

Unresolved: the gap (and, in other scenarios, an open exception, a fork, a till left open). The
report answers per device, per location and for the day; the command writes it as PDF and CSV and
exits 1 while anything is unresolved, 0 once nothing is.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from falcon import testing
from sqlalchemy import update

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.login import log_in
from desktop_app.services.posting import Override
from desktop_app.services.till import close_till, open_till
from desktop_app.services.transfers import request_transfer
from shared_core.accounts import wallet_account
from shared_core.channels import Channel
from shared_core.denominations import CashCount
from shared_core.errors import ForkDetected, InvalidInput, NotFound
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.reconciliation_report import ReconciliationReport, TillStatus
from shared_core.signing import generate_private_key, public_key_hex
from sync_server.app import create_app
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.devices import register_device, revoke_device
from sync_server.services.reconciliation import reconcile
from sync_server.settings import Settings
from tests.device_builders import (
    PASSWORD,
    SUPERVISOR_PASSWORD,
    Counter,
    add_customer,
    make_counter,
    password_hash,
)
from tests.pdf_reading import pdf_text
from tests.server_builders import (  # noqa: F401 (database_url is a fixture)
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,
    enrol,
    make_server,
)

KES = Money.shillings
DAY = "2026-11-24"
SUPERVISOR = Override("otieno", SUPERVISOR_PASSWORD)
JUMA = "C0001234"
script = Path(sys.executable).parent / "wekeza-server"
repo_root = Path(__file__).resolve().parents[2]
command_timeout_s = 120


def count_of(total_shillings: int) -> CashCount:
    thousands, rest = divmod(total_shillings, 1000)
    return CashCount.of({1000: thousands, 1: rest})


@dataclass
class Branch:
    """The day's devices; the server's clock half a minute behind the counters' work."""

    server: Server
    wanjiru: Counter  # K7Q2
    achieng: Counter  # M4T8, Achieng logged in


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


def enrol_silent_device(server: Server, device_code: str = "P3Q9", location_code: str = "NBO-001") -> None:
    """A device enrolled at the branch whose laptop never sent anything."""
    with UnitOfWork(server.database) as uow:
        register_device(
            uow.connection,
            device_code=device_code,
            channel=Channel.BRANCH,
            location_code=location_code,
            public_key_hex=public_key_hex(generate_private_key()),
            enrolled_at=server.clock.now(),
        )
        uow.commit()


def sync(server: Server, counter: Counter, first: int = 1) -> None:
    """Send the counter's entries from `first` as soon as they are made: 30 s after its clock."""
    server.clock.moment = counter.clock.now() + timedelta(seconds=30)
    server.sync(batch_of(counter, first))


@pytest.fixture
def branch(server: Server, tmp_path: Path) -> Branch:
    server.clock.moment = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    enrol_silent_device(server)
    wanjiru = make_counter(tmp_path / "K7Q2")
    achieng = make_counter(tmp_path / "M4T8", device_code="M4T8")
    achieng.teller = log_in(achieng.context, "achieng", PASSWORD)
    for counter in (wanjiru, achieng):
        enrol(server, counter)
    add_customer_everywhere(server, [wanjiru, achieng], JUMA)

    open_till(wanjiru.context, wanjiru.teller, opening_float=KES(50_000))
    deposit_cash(wanjiru.context, wanjiru.teller, customer_cif=JUMA, amount=KES(5_000))
    sync(server, wanjiru)
    withdraw_cash(wanjiru.context, wanjiru.teller, customer_cif=JUMA, amount=KES(2_000))
    close_till(wanjiru.context, wanjiru.teller, count=count_of(53_100), override=SUPERVISOR)
    sync(server, wanjiru, 3)

    open_till(achieng.context, achieng.teller, opening_float=KES(50_000))
    deposit_cash(achieng.context, achieng.teller, customer_cif=JUMA, amount=KES(1_000))
    close_till(achieng.context, achieng.teller, count=count_of(50_900), override=SUPERVISOR)
    sync(server, achieng)
    server.clock.moment = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
    return Branch(server, wanjiru, achieng)


def report_of(server: Server, branch: str | None = None) -> ReconciliationReport:
    return reconcile(server.database, DAY, location_code=branch, now=server.clock.now())


def issues(report: ReconciliationReport) -> list[tuple[str, str]]:
    return [(issue.kind.value, issue.device_code) for issue in report.issues]


# --- the day -----------------------------------------------------------------------------------


def test_a_device_that_never_synced_is_a_gap_since_its_enrolment(branch: Branch) -> None:
    report = report_of(branch.server)
    assert issues(report) == [("gap", "P3Q9")]
    [nairobi] = [location for location in report.locations if location.code == "NBO-001"]
    silent = {device.device_code: device for device in nairobi.devices}["P3Q9"]
    assert silent.gap is not None and silent.gap.never_synced
    assert silent.gap.since == "2026-11-24T06:00:00.000000Z" and silent.entries == 0
    assert "never synced since its enrolment" in report.issues[0].message
    assert report.unresolved


def test_a_till_over_and_a_till_short_show_per_teller(branch: Branch) -> None:
    [nairobi] = report_of(branch.server, "NBO-001").locations
    tills = {till.teller: till for till in nairobi.tills}
    over, short = tills["wanjiru"], tills["achieng"]
    assert (over.device_code, over.status, over.opening_float) == ("K7Q2", TillStatus.OVER, KES(50_000))
    assert (over.expected, over.declared, over.difference, over.booked_over_short) == (
        KES(53_000),
        KES(53_100),
        KES(100),
        KES(100),
    )
    assert (short.device_code, short.status) == ("M4T8", TillStatus.SHORT)
    assert (short.expected, short.declared, short.difference) == (KES(51_000), KES(50_900), KES(-100))
    assert short.teller_name == "Achieng Atieno"
    tellers = {teller.user_id: (teller.tills, teller.over, teller.short) for teller in nairobi.tellers}
    assert tellers == {"wanjiru": (1, KES(100), Money(0)), "achieng": (1, Money(0), KES(100))}
    # The vault gave 100,000 out and took 104,000 back at the closes.
    assert [(p.account, p.opening, p.movement, p.closing) for p in nairobi.cash_positions] == [
        ("vault:NBO-001", Money(0), KES(4_000), KES(4_000))
    ]


def test_each_device_shows_what_arrived_and_what_was_decided(branch: Branch) -> None:
    [nairobi] = report_of(branch.server, "NBO-001").locations
    devices = {device.device_code: device for device in nairobi.devices}
    k7q2 = devices["K7Q2"]
    assert (k7q2.batches_received, k7q2.entries, k7q2.booked, k7q2.rejected) == (2, 5, 5, 0)
    assert (k7q2.first_sequence_of_day, k7q2.last_sequence_of_day, k7q2.gap) == (1, 5, None)
    assert (k7q2.clock_skew_s, k7q2.clock_skew_flagged) == (-30, False)  # sent 30 s after recording
    totals = {total.kind: (total.count, total.amount) for total in nairobi.totals}
    assert totals[OperationKind.CASH_DEPOSIT] == (2, KES(6_000))
    assert totals[OperationKind.TILL_OVER] == (1, KES(100))
    assert totals[OperationKind.TILL_SHORT] == (1, KES(100))
    assert totals[OperationKind.TILL_CLOSE] == (2, KES(104_000))


def test_revoking_the_silent_device_leaves_nothing_unresolved(branch: Branch) -> None:
    with UnitOfWork(branch.server.database) as uow:
        revoke_device(uow.connection, "P3Q9")
        uow.commit()
    report = report_of(branch.server)
    assert issues(report) == [] and not report.unresolved


def test_a_device_whose_last_batch_is_older_than_the_day_is_a_gap_since_then(
    server: Server, tmp_path: Path
) -> None:
    agent = make_counter(tmp_path / "X9P3", channel=Channel.AGENT, device_code="X9P3")
    server.clock.moment = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    enrol(server, agent)
    agent.clock.moment = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    agent.context.is_online = lambda: True
    add_customer_everywhere(server, [agent], JUMA)
    deposit_cash(agent.context, agent.teller, customer_cif=JUMA, amount=KES(4_000))
    sync(server, agent)
    server.clock.moment = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
    report = report_of(server)
    assert issues(report) == [("gap", "X9P3")]
    assert "has not synced since 2026-11-23T12:00:30.000000Z" in report.issues[0].message
    # The day before, it synced: nothing unresolved then, and its e-float owed fell by the 4,000.
    before = reconcile(server.database, "2026-11-23", now=server.clock.now())
    assert issues(before) == []
    [agency] = [location for location in before.locations if location.code == "AG-0042"]
    assert [(p.account, p.movement, p.closing) for p in agency.cash_positions] == [
        ("float:AG-X9P3", KES(-4_000), KES(-4_000))
    ]


def test_an_open_exception_is_unresolved_until_head_office_resolves_it(
    server: Server, tmp_path: Path
) -> None:
    """Juma holds 10,000. Offline, K7Q2 pays him 8,000 and M4T8 pays him 8,000 too: both are
    booked (the cash is gone), the second with an offline_overdraft exception of 6,000."""
    first = make_counter(tmp_path / "K7Q2")
    second = make_counter(tmp_path / "M4T8", device_code="M4T8")
    for counter in (first, second):
        enrol(server, counter)
        open_till(counter.context, counter.teller, opening_float=KES(50_000))
    add_customer_everywhere(server, [first, second], JUMA)
    deposit_cash(first.context, first.teller, customer_cif=JUMA, amount=KES(10_000))
    sync(server, first)
    add_customer(second, JUMA, balance=KES(10_000))  # what M4T8 pulled before the link dropped
    withdraw_cash(first.context, first.teller, customer_cif=JUMA, amount=KES(8_000))
    withdraw_cash(second.context, second.teller, customer_cif=JUMA, amount=KES(8_000))
    sync(server, first, 3)
    sync(server, second)
    report = report_of(server, "NBO-001")
    assert ("open_exception", "M4T8") in issues(report)
    [line] = report.exceptions
    assert (line.code, line.status, line.amount, line.device_code) == (
        "offline_overdraft",
        "open",
        KES(6_000),
        "M4T8",
    )
    assert [(c.code, c.open, c.resolved) for c in report.exception_counts] == [("offline_overdraft", 1, 0)]
    with UnitOfWork(server.database) as uow:  # head office resolved it (the workflow is its own issue)
        uow.connection.execute(update(schema.exceptions).values(status="resolved"))
        uow.commit()
    resolved = report_of(server, "NBO-001")
    assert "open_exception" not in {kind for kind, _ in issues(resolved)}
    assert [(c.code, c.open, c.resolved) for c in resolved.exception_counts] == [("offline_overdraft", 0, 1)]
    assert [line.status for line in resolved.exceptions] == ["resolved"]


def test_a_refused_request_is_listed_with_its_code(branch: Branch) -> None:
    server = branch.server
    posted = request_transfer(
        branch.wanjiru.context,
        branch.wanjiru.teller,
        customer_cif=JUMA,
        to_account=wallet_account("C0005678"),
        amount=KES(1_000),
    )
    sync(server, branch.wanjiru, posted.entry.sequence)
    report = report_of(server, "NBO-001")
    [refused] = report.refused
    assert (refused.reference, refused.kind, refused.amount) == (
        posted.entry.reference,
        OperationKind.TRANSFER,
        KES(1_000),
    )
    assert refused.code and report.refused_count == 1
    assert {device.device_code: device.rejected for device in report.locations[0].devices}["K7Q2"] == 1


def test_a_fork_is_unresolved_while_the_device_is_frozen(branch: Branch, tmp_path: Path) -> None:
    """M4T8's key is copied to another laptop, which records another entry 1 and sends it."""
    server = branch.server
    copy = make_counter(tmp_path / "copy", device_code="M4T8")
    copy.context.device_key = branch.achieng.context.device_key
    open_till(copy.context, copy.teller, opening_float=KES(1))
    with pytest.raises(ForkDetected):
        sync(server, copy)
    server.clock.moment = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
    report = report_of(server, "NBO-001")
    assert ("fork", "M4T8") in issues(report)
    [fork] = report.forks
    assert (fork.device_code, fork.first_sequence, fork.device_frozen) == ("M4T8", 1, True)


def test_a_till_left_open_is_unresolved(server: Server, tmp_path: Path) -> None:
    counter = make_counter(tmp_path / "K7Q2")
    enrol(server, counter)
    server.clock.moment = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    open_till(counter.context, counter.teller, opening_float=KES(20_000))
    sync(server, counter)
    report = report_of(server, "NBO-001")
    assert issues(report) == [("till_not_closed", "K7Q2")]
    [till] = report.locations[0].tills
    assert (till.status, till.expected, till.declared) == (TillStatus.NOT_CLOSED, KES(20_000), None)


def test_a_clock_ten_minutes_ahead_is_flagged(server: Server, tmp_path: Path) -> None:
    counter = make_counter(tmp_path / "K7Q2")
    enrol(server, counter)
    open_till(counter.context, counter.teller, opening_float=KES(20_000))
    server.clock.moment = counter.clock.now() - timedelta(minutes=10)
    server.sync(batch_of(counter))
    [device] = report_of(server, "NBO-001").locations[0].devices
    assert (device.clock_skew_s, device.clock_skew_flagged) == (600, True)


def test_just_after_midnight_in_nairobi_the_new_day_reconciles(server: Server, tmp_path: Path) -> None:
    """21:30 UTC is 00:30 at the branch: the counter dates its entries the 25th, and head office,
    whose UTC date is still the 24th, reconciles the 25th rather than refusing it as not begun."""
    counter = make_counter(tmp_path / "K7Q2")
    enrol(server, counter)
    counter.clock.moment = datetime(2026, 11, 24, 21, 30, tzinfo=UTC)
    server.clock.moment = counter.clock.moment
    open_till(counter.context, counter.teller, opening_float=KES(20_000))
    sync(server, counter)
    report = reconcile(server.database, "2026-11-25", location_code="NBO-001", now=server.clock.now())
    [device] = report.locations[0].devices
    assert (report.business_date.isoformat(), device.device_code, device.entries) == ("2026-11-25", "K7Q2", 1)
    with pytest.raises(InvalidInput, match="2026-11-26 has not begun"):
        reconcile(server.database, "2026-11-26", now=server.clock.now())


def test_a_day_not_begun_or_a_branch_unknown_is_refused(server: Server) -> None:
    with pytest.raises(InvalidInput, match="has not begun"):
        reconcile(server.database, "2026-11-25", now=server.clock.now())
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        reconcile(server.database, "24/11/2026", now=server.clock.now())
    with pytest.raises(NotFound, match="NBO-999"):
        reconcile(server.database, DAY, location_code="NBO-999", now=server.clock.now())


def test_a_count_whose_booked_over_short_is_not_count_less_journal_disagrees() -> None:
    """Wanjiru's close declares 53,100 against a journal of 53,000, but no over of 100 was booked
    (say the over entry never arrived): the till cannot be reconciled."""
    from sync_server.services.till_sessions import TillSession

    session = TillSession("K7Q2")
    session.opened("BR-K7Q2-000001-X", "wanjiru", KES(50_000))
    session.closed(5, "BR-K7Q2-000005-X", "wanjiru", KES(53_100))
    till = session.line(KES(53_000), "Wanjiru Kamau")
    assert (till.status, till.difference, till.booked_over_short) == (TillStatus.DISAGREES, KES(100), Money(0))
    session.over_short(4, KES(100))
    assert session.line(KES(53_000), "Wanjiru Kamau").status is TillStatus.OVER


# --- the PDF, the CSV and the command's exit ------------------------------------------------------


def wekeza_server(server: Server, tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    if not script.exists():
        pytest.fail(f"{script} is not installed; run the README's test command")
    return subprocess.run(
        [str(script), *arguments, "--database-url", server.database.url, "--data-dir", str(tmp_path / "ho")],
        capture_output=True,
        text=True,
        timeout=command_timeout_s,
        check=False,
        env={**os.environ, "PYTHONPATH": str(repo_root)},
    )


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_the_command_writes_pdf_and_csv_and_exits_1_while_anything_is_unresolved(
    branch: Branch, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    done = wekeza_server(branch.server, tmp_path, "reconcile", "--date", DAY, "--out", str(out))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "gap: Device P3Q9 never synced" in done.stdout
    assert "UNRESOLVED: 1 item(s) need head office" in done.stdout

    text = pdf_text((out / f"reconcile-{DAY}.pdf").read_bytes(), tmp_path)
    assert "Reconciliation of business day 2026-11-24" in text
    assert "UNRESOLVED: 1 item(s) need head office" in text
    assert "P3Q9" in text and "never synced" in text
    assert "Wanjiru Kamau" in text and "Achieng Atieno" in text

    rows = csv_rows(out / f"reconcile-{DAY}.csv")
    tills = {row["subject"]: row for row in rows if row["section"] == "till"}
    assert (tills["wanjiru"]["status"], tills["wanjiru"]["amount_kes"]) == ("over", "100.00")
    assert (tills["achieng"]["status"], tills["achieng"]["amount_kes"]) == ("short", "-100.00")
    assert (tills["achieng"]["expected_kes"], tills["achieng"]["declared_kes"]) == ("51000.00", "50900.00")
    [gap] = [row for row in rows if row["section"] == "issue"]
    assert (gap["kind"], gap["device"]) == ("gap", "P3Q9")

    revoked = wekeza_server(branch.server, tmp_path, "revoke", "--device", "P3Q9")
    assert revoked.returncode == 0, revoked.stderr
    clean = wekeza_server(
        branch.server, tmp_path, "reconcile", "--date", DAY, "--branch", "NBO-001", "--out", str(out)
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Reconciled: nothing unresolved" in clean.stdout
    text = pdf_text((out / f"reconcile-{DAY}-NBO-001.pdf").read_bytes(), tmp_path)
    assert "RECONCILED: nothing unresolved" in text and "Nairobi CBD Branch (NBO-001)" in text
    assert (out / f"reconcile-{DAY}-NBO-001.csv").exists()


def test_the_command_refuses_an_unknown_branch_and_writes_nothing(branch: Branch, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    refused = wekeza_server(
        branch.server, tmp_path, "reconcile", "--date", DAY, "--branch", "NBO-999", "--out", str(out)
    )
    assert refused.returncode == 1
    assert "No branch or agent location NBO-999" in refused.stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_name_written_as_a_formula_never_runs_in_the_spreadsheet(branch: Branch, tmp_path: Path) -> None:
    from tests.server_builders import set_user

    set_user(branch.server, "achieng", display_name='=HYPERLINK("http://evil.example","Achieng")')
    from sync_server.reports.reconciliation_csv import reconciliation_csv

    data = reconciliation_csv(report_of(branch.server, "NBO-001")).decode("utf-8-sig")
    assert "=HYPERLINK" in data
    for row in csv.reader(io.StringIO(data)):
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), cell
            assert not (cell.startswith("-") and not cell[1:].replace(".", "").isdigit()), cell


# --- the API ------------------------------------------------------------------------------------


@pytest.fixture
def client(branch: Branch, tmp_path: Path) -> testing.TestClient:
    server = branch.server
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(
            schema.users.insert().values(
                user_id="njeri",
                display_name="Njeri Mwangi",
                role="head_office",
                location_code=None,
                password_hash=password_hash(PASSWORD),
                active=True,
            )
        )
        uow.commit()
    settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
    return testing.TestClient(
        create_app(settings, server.database, server_key=server.key, clock=server.clock)
    )


def bearer(client: testing.TestClient, user_id: str) -> dict[str, str]:
    answer = client.simulate_post("/v1/sessions", json={"user_id": user_id, "password": PASSWORD})
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json['token']}"}


def assert_shaped_as_documented(value: object, schema_part: dict, components: dict, where: str) -> None:
    """Every object in the answer has exactly the properties the OpenAPI document names."""
    if "$ref" in schema_part:
        schema_part = components[schema_part["$ref"].rsplit("/", 1)[1]]
    if "oneOf" in schema_part:
        if value is None:
            return
        schema_part = next(option for option in schema_part["oneOf"] if option.get("type") == "object")
    if isinstance(value, dict):
        assert set(value) == set(schema_part["properties"]), where
        for name, item in value.items():
            assert_shaped_as_documented(item, schema_part["properties"][name], components, f"{where}.{name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_shaped_as_documented(item, schema_part["items"], components, f"{where}[{index}]")


def test_head_office_reads_the_report_as_documented(client: testing.TestClient) -> None:
    from sync_server.api.openapi import DOCUMENT

    answer = client.simulate_get("/v1/reconciliation", params={"date": DAY}, headers=bearer(client, "njeri"))
    assert answer.status_code == 200, answer.text
    report = answer.json
    assert report["unresolved"] is True
    assert [(issue["kind"], issue["device_code"]) for issue in report["issues"]] == [("gap", "P3Q9")]
    nairobi = next(location for location in report["locations"] if location["code"] == "NBO-001")
    assert {till["teller"]: till["difference_cents"] for till in nairobi["tills"]} == {
        "wanjiru": 10_000,
        "achieng": -10_000,
    }
    components = DOCUMENT["components"]["schemas"]
    assert_shaped_as_documented(report, components["Reconciliation"], components, "report")
    assert answer.headers["cache-control"] == "no-store"


def test_the_api_is_for_head_office_and_says_what_is_wrong(client: testing.TestClient) -> None:
    supervisor = client.simulate_get(
        "/v1/reconciliation", params={"date": DAY}, headers=bearer(client, "otieno")
    )
    assert (supervisor.status_code, supervisor.json["error"]["code"]) == (403, "role_not_allowed")
    headers = bearer(client, "njeri")
    undated = client.simulate_get("/v1/reconciliation", headers=headers)
    assert (undated.status_code, undated.json["error"]["code"]) == (400, "invalid_input")
    unknown = client.simulate_get(
        "/v1/reconciliation", params={"date": DAY, "branch": "NBO-999"}, headers=headers
    )
    assert unknown.status_code == 404
    one_branch = client.simulate_get(
        "/v1/reconciliation", params={"date": DAY, "branch": "AG-0042"}, headers=headers
    )
    assert [location["code"] for location in one_branch.json["locations"]] == ["AG-0042"]
    assert one_branch.json["unresolved"] is False
