"""Exceptions worked, not just listed (issue 7), over the real API on an SQLite file and on a fresh
MySQL database.

The day at Nairobi CBD (NBO-001), 2026-11-24. Juma holds KES 10,000. Offline, counter K7Q2 pays him
KES 8,000 and counter M4T8 pays him KES 8,000 too: both are booked (the cash is gone), the second
with an offline_overdraft exception of KES 6,000: his wallet reads KES -6,000.

    Amina (head office) assigns EX-1 to Otieno, Nairobi's supervisor
    Otieno comments, then proposes writing KES 6,000 off (the maker)
    Baraka (head office, not the maker) approves: head office's entry HO-0000-000001-?
        debits  expense:offline_overdrafts_written_off     KES 6,000
        credits wallet:C0001234                            KES 6,000   -> Juma's wallet reads 0
    EX-1 is resolved; check-ledger is clean; the day's reconciliation lists it resolved.

Mwende supervises Mombasa (MSA-002): she neither sees nor works Nairobi's exceptions.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from falcon import testing

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.till import open_till
from shared_core.accounts import EXPENSE_OVERDRAFTS_WRITTEN_OFF, wallet_account
from shared_core.exception_cases import CORRECTING_FIELDS, ENTRY_FIELDS, SUMMARY_FIELDS, ExceptionCase
from shared_core.exception_steps import EVENT_FIELDS, STEP_FIELDS
from shared_core.money import Money
from shared_core.references import parse_reference
from shared_core.statements import StatementRequest
from sync_server.api.openapi import DOCUMENT
from sync_server.app import create_app
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.reconciliation import reconcile
from sync_server.services.statements import build_statement
from sync_server.settings import Settings
from tests.device_builders import Counter, add_customer, make_counter, password_hash
from tests.server_builders import (  # noqa: F401 (database_url is a fixture)
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,
    enrol,
    make_server,
)

KES = Money.shillings
JUMA = "C0001234"
WALLET = wallet_account(JUMA)
PASSWORD = "Counter-2026!"  # every user's password at head office here
DAY = "2026-11-24"


def add_workers(server: Server) -> None:
    """Mombasa's branch, two head office users and Mombasa's supervisor, with PASSWORD."""
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(
            schema.locations.insert().values(
                code="MSA-002", kind="branch", name="Mombasa Moi Avenue", cash_account=None,
                vault_account="vault:MSA-002",
            )
        )
        uow.connection.execute(
            schema.users.insert(),
            [
                {"user_id": user_id, "display_name": name, "role": role, "location_code": location,
                 "password_hash": password_hash(PASSWORD), "active": True}
                for user_id, name, role, location in (
                    ("amina", "Amina Hassan", "head_office", None),
                    ("baraka", "Baraka Mwinyi", "head_office", None),
                    ("mwende", "Mwende Musyoka", "supervisor", "MSA-002"),
                )
            ],
        )
        uow.commit()


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    builder = make_server(database_url)
    server = next(builder)
    add_workers(server)
    yield server
    builder.close()


class Desk:
    """Head office's and the supervisors' side: the real app through Falcon's test client."""

    def __init__(self, server: Server, tmp_path: Path) -> None:
        self.server = server
        settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
        self.http = testing.TestClient(create_app(settings, server.database, server_key=server.key,
                                                  clock=server.clock))
        self._tokens: dict[str, str] = {}

    def _auth(self, user_id: str) -> dict[str, str]:
        if user_id not in self._tokens:
            answer = self.http.simulate_post("/v1/sessions", json={"user_id": user_id, "password": PASSWORD})
            assert answer.status_code == 201, answer.text
            self._tokens[user_id] = answer.json["token"]
        return {"Authorization": f"Bearer {self._tokens[user_id]}"}

    def list(self, user_id: str, **params: str) -> testing.Result:
        return self.http.simulate_get("/v1/exceptions", params=params, headers=self._auth(user_id))

    def case(self, user_id: str, exception_id: int = 1) -> testing.Result:
        return self.http.simulate_get(f"/v1/exceptions/{exception_id}", headers=self._auth(user_id))

    def step(self, user_id: str, action: str, *, exception_id: int = 1, note: str = "", assignee: str | None = None,
             correction: dict | None = None, step_id: str | None = None) -> testing.Result:
        body = {"step_id": step_id or str(uuid.uuid4()), "action": action, "note": note, "assignee": assignee,
                "correction": correction}
        self.server.clock.advance(seconds=1)
        return self.http.simulate_post(f"/v1/exceptions/{exception_id}/steps", json=body, headers=self._auth(user_id))


def write_off(shillings: int) -> dict:
    return {"kind": "write_off", "amount_cents": KES(shillings).cents}


def sync(server: Server, counter: Counter, first: int = 1) -> None:
    server.clock.moment = counter.clock.now() + timedelta(seconds=30)
    server.sync(batch_of(counter, first))


def overdraw(server: Server, tmp_path: Path) -> Counter:
    """Two counters pay Juma KES 8,000 each offline from his KES 10,000: one exception of 6,000.
    Answers the first counter (K7Q2), which can take his later deposits."""
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
    assert server.wallet(JUMA) == KES(-6_000)
    return first


@pytest.fixture
def overdrawn(server: Server, tmp_path: Path) -> Counter:
    return overdraw(server, tmp_path)


@pytest.fixture
def desk(server: Server, overdrawn: Counter, tmp_path: Path) -> Desk:
    return Desk(server, tmp_path)


def proposed(desk: Desk, correction: dict | None = None) -> None:
    """Otieno, Nairobi's supervisor, proposes a correction (by default writing off KES 6,000)."""
    answer = desk.step("otieno", "propose", note="Two counters paid him offline", correction=correction or write_off(6_000))
    assert answer.status_code == 201, answer.text


def test_an_overdraft_is_assigned_commented_written_off_and_resolved_every_step_recorded(
    server: Server, desk: Desk
) -> None:
    device_books = (server.count("entries"), server.count("postings"))
    [listed] = desk.list("amina", status="open").json["exceptions"]
    assert (listed["label"], listed["code"], listed["amount_cents"], listed["location_code"]) == (
        "EX-1", "offline_overdraft", KES(6_000).cents, "NBO-001")
    assert (listed["entry"]["device_code"], listed["entry"]["customer_name"], listed["entry"]["kind"]) == (
        "M4T8", "Juma Mwangi", "cash_withdrawal")

    assert desk.step("amina", "assign", assignee="otieno").status_code == 201
    assert desk.step("otieno", "comment", note="Called Juma: he took both").status_code == 201
    proposed(desk)
    assert desk.list("amina").json["exceptions"][0]["proposal_pending"] is True
    approved = desk.step("baraka", "approve", note="Loss accepted")
    assert approved.status_code == 201, approved.text

    case = ExceptionCase.from_wire(desk.case("amina").json)  # the desktop reads the same shape
    assert case.summary.status.value == "resolved" and case.summary.assigned_to == "otieno"
    assert [(e.action.value, e.user_id) for e in case.events] == [
        ("assigned", "amina"), ("commented", "otieno"), ("resolution_proposed", "otieno"),
        ("resolution_approved", "baraka")]
    assert case.events[0].assignee == "otieno"
    assert case.events[3].correction is not None and case.events[3].correction.amount == KES(6_000)
    times = [event.at for event in case.events]
    assert times == sorted(times) and len(set(times)) == 4  # each stamped by the server's clock

    entry = case.correcting_entry
    assert entry is not None
    assert parse_reference(entry.reference).channel.value == "head_office"
    assert (entry.maker, entry.checker, entry.amount) == ("otieno", "baraka", KES(6_000))
    assert [(p.account, p.amount.cents) for p in entry.postings] == [
        (EXPENSE_OVERDRAFTS_WRITTEN_OFF, 600_000), (WALLET, -600_000)]
    assert server.wallet(JUMA) == KES(0)
    assert server.balance(EXPENSE_OVERDRAFTS_WRITTEN_OFF) == 600_000
    server.assert_ledger_clean()
    # No device's chain grew: the correction is head office's, not a device's entry.
    assert (server.count("entries"), server.count("postings")) == device_books

    # Juma's statement of the day ends where his balance is: the write-off is on it.
    with server.database.engine.connect() as connection:
        statement = build_statement(
            connection, StatementRequest("K7Q2", "wanjiru", WALLET, DAY, DAY), now=server.clock.now()
        )
    assert [(line.reference, line.description, line.credit_cents) for line in statement.lines][-1] == (
        entry.reference, "Overdraft written off", 600_000)
    assert statement.closing_balance_cents == 0

    report = reconcile(server.database, DAY, location_code="NBO-001", now=server.clock.now())
    assert [(line.label, line.status) for line in report.exceptions] == [("EX-1", "resolved")]
    assert "open_exception" not in {issue.kind.value for issue in report.issues}
    assert desk.list("amina", status="open").json["exceptions"] == []


def test_recovering_from_the_customer_resolves_it_and_books_nothing(server: Server, desk: Desk) -> None:
    proposed(desk, {"kind": "recover_from_customer", "amount_cents": 0})
    assert desk.step("amina", "approve").status_code == 201
    case = desk.case("amina").json
    assert case["exception"]["status"] == "resolved" and case["correcting_entry"] is None
    assert server.wallet(JUMA) == KES(-6_000)  # he owes it; his next deposit covers it
    assert server.count("head_office_entries") == 0
    server.assert_ledger_clean()


def test_the_proposer_may_never_approve_and_a_rejection_leaves_it_open(server: Server, desk: Desk) -> None:
    proposed(desk)
    refused = desk.step("otieno", "approve")
    assert (refused.status_code, refused.json["error"]["code"]) == (403, "maker_is_checker")
    rejected = desk.step("amina", "reject", note="Recover it from Juma first")
    assert rejected.status_code == 201
    assert rejected.json["case"]["exception"]["status"] == "open"
    assert rejected.json["case"]["exception"]["proposal_pending"] is False
    again = desk.step("amina", "approve")
    assert (again.status_code, again.json["error"]["code"]) == (409, "no_resolution_pending")
    assert server.wallet(JUMA) == KES(-6_000)
    assert [e["action"] for e in desk.case("amina").json["events"]] == ["resolution_proposed", "resolution_rejected"]


def test_a_supervisor_of_another_location_neither_sees_nor_works_it(desk: Desk) -> None:
    assert desk.list("mwende").json["exceptions"] == []
    assert [x["label"] for x in desk.list("otieno").json["exceptions"]] == ["EX-1"]
    for answer in (desk.case("mwende"), desk.step("mwende", "comment", note="Mine?")):
        assert (answer.status_code, answer.json["error"]["code"]) == (403, "permission_denied")
    assigned = desk.step("amina", "assign", assignee="mwende")
    assert (assigned.status_code, assigned.json["error"]["code"]) == (422, "assignee_not_permitted")
    teller = desk.step("amina", "assign", assignee="wanjiru")
    assert (teller.status_code, teller.json["error"]["code"]) == (422, "assignee_not_permitted")
    assert desk.case("amina").json["events"] == []  # nothing refused was recorded


def test_approving_twice_books_once_and_a_retry_is_answered_not_taken(server: Server, desk: Desk) -> None:
    proposed(desk)
    first = desk.step("amina", "approve", step_id="7d0c0a52-1111-4000-8000-000000000001")
    assert first.status_code == 201
    retry = desk.step("amina", "approve", step_id="7d0c0a52-1111-4000-8000-000000000001")
    assert retry.status_code == 200 and retry.json["replayed"] is True
    assert retry.json["event"] == first.json["event"]
    second = desk.step("baraka", "approve")
    assert (second.status_code, second.json["error"]["code"]) == (409, "exception_already_resolved")
    reused = desk.step("amina", "comment", note="Other", step_id="7d0c0a52-1111-4000-8000-000000000001")
    assert (reused.status_code, reused.json["error"]["code"]) == (409, "step_id_reused")
    assert server.count("head_office_entries") == 1 and server.count("head_office_postings") == 2
    assert server.count("exception_events") == 2
    assert server.wallet(JUMA) == KES(0)
    server.assert_ledger_clean()


def test_a_correction_approved_after_midnight_in_nairobi_is_dated_the_new_day(
    server: Server, desk: Desk
) -> None:
    proposed(desk)
    server.clock.moment = datetime(2026, 11, 24, 21, 30, tzinfo=UTC)  # 00:30 on the 25th at the branch
    assert desk.step("amina", "approve").status_code == 201
    [booked] = server.rows("head_office_entries")
    assert booked.business_date == "2026-11-25"


def test_two_checkers_approving_at_once_book_once(server: Server, desk: Desk) -> None:
    proposed(desk)
    for user_id in ("amina", "baraka"):
        desk._auth(user_id)  # log in before the race
    start = threading.Barrier(2)

    def approve(user_id: str) -> int:
        start.wait()
        body = {"step_id": str(uuid.uuid4()), "action": "approve", "note": "", "assignee": None, "correction": None}
        return desk.http.simulate_post("/v1/exceptions/1/steps", json=body, headers=desk._auth(user_id)).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(approve, ("amina", "baraka")))
    assert statuses == [201, 409]
    assert server.count("head_office_entries") == 1
    assert server.wallet(JUMA) == KES(0)
    server.assert_ledger_clean()


def test_bad_corrections_and_steps_are_refused_with_their_codes(server: Server, desk: Desk) -> None:
    cases = [
        ({"action": "propose", "note": "x", "correction": {"kind": "refund_to_wallet", "amount_cents": 100}},
         422, "correction_not_allowed"),
        ({"action": "propose", "note": "x", "correction": write_off(6_001)}, 422, "correction_above_exception"),
        ({"action": "propose", "note": "x", "correction": {"kind": "write_off", "amount_cents": 0}}, 400, "invalid_input"),
        ({"action": "approve"}, 409, "no_resolution_pending"),
        ({"action": "comment", "note": ""}, 400, "invalid_input"),
        ({"action": "comment", "note": "x", "exception_id": 99}, 404, "exception_not_found"),
    ]
    for body, status, code in cases:
        answer = desk.step("otieno", **body)  # type: ignore[arg-type]
        assert (answer.status_code, answer.json["error"]["code"]) == (status, code), (body, answer.text)
    proposed(desk)
    twice = desk.step("amina", "propose", note="Mine too", correction=write_off(10))
    assert (twice.status_code, twice.json["error"]["code"]) == (409, "resolution_pending")
    assert server.count("exception_events") == 1
    for bad in ({"action": "comment"}, {"action": "comment", "note": "x", "step_id": "s", "assignee": None,
                                        "correction": None, "extra": 1}):
        answer = desk.http.simulate_post("/v1/exceptions/1/steps", json=bad, headers=desk._auth("amina"))
        assert answer.status_code == 400, answer.text


def test_a_write_off_never_takes_the_wallet_above_zero_after_he_paid_some_in(
    server: Server, overdrawn: Counter, desk: Desk
) -> None:
    """Proposed while he owed 6,000; he pays 5,000 in before the approval: approving the 6,000
    write-off is refused and nothing is booked; a write-off of the 1,000 he still owes is."""
    proposed(desk)
    deposit_cash(overdrawn.context, overdrawn.teller, customer_cif=JUMA, amount=KES(5_000))
    sync(server, overdrawn, 4)
    assert server.wallet(JUMA) == KES(-1_000)
    refused = desk.step("amina", "approve")
    assert (refused.status_code, refused.json["error"]["code"]) == (422, "correction_above_exception")
    assert "overdrawn by KES 1,000.00" in refused.json["error"]["message"]
    assert server.count("head_office_entries") == 0
    assert desk.step("amina", "reject", note="He paid most of it").status_code == 201
    proposed(desk, write_off(1_000))
    assert desk.step("amina", "approve").status_code == 201
    assert server.wallet(JUMA) == KES(0)
    server.assert_ledger_clean()


def test_the_list_filters_by_status_location_and_day(desk: Desk) -> None:
    assert [x["label"] for x in desk.list("amina", status="open", location="NBO-001", date=DAY).json["exceptions"]] \
        == ["EX-1"]
    assert desk.list("amina", location="MSA-002").json["exceptions"] == []
    assert desk.list("amina", date="2026-11-25").json["exceptions"] == []
    assert desk.list("amina", status="resolved").json["exceptions"] == []
    for params in ({"status": "closed"}, {"date": "24/11/2026"}):
        answer = desk.list("amina", **params)
        assert (answer.status_code, answer.json["error"]["code"]) == (400, "invalid_input")


def test_the_documented_shapes_are_the_shapes_sent() -> None:
    schemas = DOCUMENT["components"]["schemas"]
    assert list(schemas["ExceptionSummary"]["properties"]) == list(SUMMARY_FIELDS)
    assert list(schemas["ExceptionSummary"]["properties"]["entry"]["properties"]) == list(ENTRY_FIELDS)
    assert list(schemas["ExceptionEvent"]["properties"]) == list(EVENT_FIELDS)
    assert list(schemas["ExceptionStep"]["properties"]) == list(STEP_FIELDS)
    assert list(schemas["CorrectingEntry"]["properties"]) == list(CORRECTING_FIELDS)


def test_the_command_line_lists_them_and_check_ledger_holds_after_a_write_off(
    server: Server, desk: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sync_server.__main__ import main

    where = ["--database-url", server.database.url, "--data-dir", str(tmp_path / "cli")]
    proposed(desk)
    assert main(["exceptions", "--status", "open", *where]) == 0
    shown = capsys.readouterr().out
    assert "EX-1  open  offline_overdraft  KES 6,000.00" in shown
    assert "unassigned; a proposal waits for a checker" in shown and "1 exception(s)" in shown
    assert desk.step("amina", "approve").status_code == 201
    assert main(["exceptions", "--status", "open", *where]) == 0
    assert "0 exception(s)" in capsys.readouterr().out
    assert main(["check-ledger", *where]) == 0
    assert "ledger balanced" in capsys.readouterr().out
