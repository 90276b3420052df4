"""The approvals queue, four eyes: a request head office has not approved waits for a checker,
who approves it (then, and only then, it is booked) or rejects it with a reason; the device that
made it hears the decision at its next pull. On an SQLite file and on a fresh MySQL database.

The bank: Nairobi CBD (NBO-001) with counter K7Q2, Mombasa (MSA-002) with counter M4T8.
Supervisors Otieno and Kamau at Nairobi, Baraka at Mombasa; Njeri at head office. Juma's wallet
is empty at head office. At counter K7Q2 Wanjiru takes KES 5,000 from Juma in cash (a fact:
booked), then asks to reverse it, approved at the counter by Mwangi, a supervisor the counter
knows but head office does not: the override does not count, so the reversal reaches head office
awaiting approval, nothing undone yet.

    Juma's wallet at head office after the sync                       KES 5,000
    a checker approves the reversal: booked, the wallet moves once    KES     0
    or a checker rejects it, with a reason: nothing booked            KES 5,000
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from falcon import testing
from sqlalchemy import select

from desktop_app.services.balances import available_balance
from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.context import Session
from desktop_app.services.posting import Override, Posted
from desktop_app.services.reversals import request_reversal
from desktop_app.services.till import open_till
from desktop_app.store import schema as device_schema
from desktop_app.store.pulled import put_user
from desktop_app.sync.client import SyncClient
from desktop_app.sync.pull import PullOutcome, pull_once
from desktop_app.sync.status import read_status
from desktop_app.sync.uploader import upload_once
from shared_core.accounts import wallet_account
from shared_core.channels import Channel
from shared_core.errors import AlreadyDecided
from shared_core.money import Money
from shared_core.roles import Role
from sync_server.app import create_app
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.approvals import decide
from sync_server.services.devices import register_device
from sync_server.services.sessions import User
from sync_server.settings import Settings
from tests.device_builders import (
    SUPERVISOR_PASSWORD,
    Counter,
    add_customer,
    assert_intact,
    make_counter,
    password_hash,
)
from tests.server_builders import Server, add_customer_everywhere, database_url, make_server  # noqa: F401

KES = Money.shillings
PASSWORD = "Counter-2026!"  # head office's password for every user it holds here
OVERRIDER = "mwangi"  # a supervisor on the counters' lists, unknown at head office


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    builder = make_server(database_url)
    server = next(builder)
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(
            schema.locations.insert().values(
                code="MSA-002",
                kind="branch",
                name="Mombasa Moi Avenue",
                cash_account=None,
                vault_account="vault:MSA-002",
            )
        )
        uow.connection.execute(
            schema.users.insert(),
            [
                {
                    "user_id": user_id,
                    "display_name": name,
                    "role": role,
                    "location_code": location,
                    "password_hash": password_hash(PASSWORD),
                    "active": True,
                }
                for user_id, name, role, location in (
                    ("kamau", "Kamau Njoroge", "supervisor", "NBO-001"),
                    ("baraka", "Baraka Mwinyi", "supervisor", "MSA-002"),
                    ("njeri", "Njeri Wambui", "head_office", None),
                )
            ],
        )
        uow.commit()
    yield server
    builder.close()


class Bank:
    """The server app, reached by the counters over HTTP (httpx's WSGI transport) and by the
    checkers through Falcon's test client; counter K7Q2 at Nairobi with its till open."""

    def __init__(self, server: Server, tmp_path: Path) -> None:
        self.server = server
        self.tmp_path = tmp_path
        settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
        self.app = create_app(settings, server.database, server_key=server.key, clock=server.clock)
        self.http = testing.TestClient(self.app)
        self.transport: httpx.BaseTransport = httpx.WSGITransport(app=self.app)
        self.nairobi = self.counter("K7Q2", "NBO-001")
        self.juma = add_customer_everywhere(server, [self.nairobi])
        self._tokens: dict[str, str] = {}

    def counter(self, device_code: str, location_code: str) -> Counter:
        counter = make_counter(self.tmp_path / device_code, device_code=device_code)
        with UnitOfWork(self.server.database) as uow:
            register_device(
                uow.connection,
                device_code=device_code,
                channel=Channel.BRANCH,
                location_code=location_code,
                public_key_hex=counter.context.device_key.public_key().public_bytes_raw().hex(),
                enrolled_at=self.server.clock.now(),
            )
            uow.commit()
        with counter.store.write() as connection:
            put_user(
                connection,
                user_id=OVERRIDER,
                display_name="Mwangi Kariuki",
                role="supervisor",
                password_hash=password_hash(SUPERVISOR_PASSWORD),
            )
        open_till(counter.context, counter.teller, opening_float=KES(100_000))
        return counter

    def client(self) -> SyncClient:
        return SyncClient("http://wekeza.test", transport=self.transport)

    def upload(self, counter: Counter) -> None:
        upload_once(counter.context, self.client(), self.server.key.public_key(), entries_max=100)

    def pull(self, counter: Counter) -> PullOutcome:
        return pull_once(counter.context, self.client(), self.server.key.public_key())

    def contested_reversal(self, counter: Counter, maker: Session | None = None) -> tuple[Posted, Posted]:
        """Juma deposits KES 5,000; its reversal is approved at the counter by Mwangi (whom head
        office does not know), then both sync: the deposit booked, the reversal waiting."""
        deposit = deposit_cash(counter.context, counter.teller, customer_cif=self.juma, amount=KES(5_000))
        reversal = request_reversal(
            counter.context,
            maker or counter.teller,
            reference=deposit.entry.reference,
            override=Override(OVERRIDER, SUPERVISOR_PASSWORD),
        )
        self.upload(counter)
        return deposit, reversal

    def token(self, user_id: str) -> str:
        if user_id not in self._tokens:
            answer = self.http.simulate_post("/v1/sessions", json={"user_id": user_id, "password": PASSWORD})
            assert answer.status_code == 201, answer.text
            self._tokens[user_id] = answer.json["token"]
        return self._tokens[user_id]

    def queue(self, user_id: str) -> list[dict]:
        answer = self.http.simulate_get(
            "/v1/approvals", headers={"Authorization": f"Bearer {self.token(user_id)}"}
        )
        assert answer.status_code == 200, answer.text
        assert answer.json["complete"] is True
        return answer.json["items"]

    def decide(
        self, user_id: str, posted: Posted, decision: str, reason: str | None = None
    ) -> testing.Result:
        entry = posted.entry
        return self.http.simulate_post(
            f"/v1/approvals/{entry.device_code}/{entry.sequence}",
            json={"decision": decision, "reason": reason},
            headers={"Authorization": f"Bearer {self.token(user_id)}"},
        )

    def server_entry(self, posted: Posted):  # noqa: ANN201 (a Row)
        return self.server.rows(
            "entries", device_code=posted.entry.device_code, sequence=posted.entry.sequence
        )[0]

    def postings(self, posted: Posted) -> list[tuple[str, int]]:
        rows = self.server.rows(
            "postings", device_code=posted.entry.device_code, sequence=posted.entry.sequence
        )
        return [(row.account, row.amount_cents) for row in sorted(rows, key=lambda row: row.line)]

    def decisions(self) -> list:
        return self.server.rows("approval_decisions")


def device_answer(counter: Counter, posted: Posted) -> tuple[str, str | None, str | None] | None:
    r = device_schema.entry_results.c
    with counter.store.read() as connection:
        row = connection.execute(
            select(r.status, r.code, r.message).where(r.sequence == posted.entry.sequence)
        ).first()
    return None if row is None else tuple(row)


def available(counter: Counter, cif: str) -> Money:
    with counter.store.read() as connection:
        return available_balance(connection, wallet_account(cif))


def refusal(answer: testing.Result) -> tuple[int, str]:
    assert set(answer.json) == {"error"}, answer.json
    return answer.status_code, answer.json["error"]["code"]


@pytest.fixture
def bank(server: Server, tmp_path: Path) -> Bank:
    return Bank(server, tmp_path)


# --- the queue ------------------------------------------------------------------------------------


def test_a_request_head_office_has_not_approved_waits_in_the_queue_with_nothing_booked(bank: Bank) -> None:
    deposit, reversal = bank.contested_reversal(bank.nairobi)
    server = bank.server

    assert bank.server_entry(reversal).status == "awaiting_approval"
    assert bank.postings(reversal) == [] and server.wallet(bank.juma) == KES(5_000)
    assert device_answer(bank.nairobi, reversal)[:2] == ("awaiting_approval", "approval_reversal")
    (item,) = bank.queue("otieno")
    assert item == {
        "device_code": "K7Q2",
        "sequence": reversal.entry.sequence,
        "reference": reversal.entry.reference,
        "kind": "reversal",
        "channel": "branch",
        "location_code": "NBO-001",
        "customer_cif": bank.juma,
        "customer_name": "Juma Mwangi",
        "amount_cents": 500_000,
        "maker": "wanjiru",
        "override_by": OVERRIDER,
        "reverses_reference": deposit.entry.reference,
        "approval_code": "approval_reversal",
        "approval_reason": item["approval_reason"],
        "recorded_at": reversal.entry.recorded_at,
        "received_at": "2026-11-24T09:00:00.000000Z",
        "business_date": "2026-11-24",
    }
    assert "override by mwangi does not count" in item["approval_reason"]
    server.assert_ledger_clean()


def test_supervisors_see_their_own_locations_items_and_head_office_sees_every_location(bank: Bank) -> None:
    mombasa = bank.counter("M4T8", "MSA-002")
    add_customer(mombasa, bank.juma)
    _, nairobi_reversal = bank.contested_reversal(bank.nairobi)
    bank.server.clock.advance(minutes=5)
    _, mombasa_reversal = bank.contested_reversal(mombasa)

    assert [item["reference"] for item in bank.queue("otieno")] == [nairobi_reversal.entry.reference]
    assert [item["reference"] for item in bank.queue("baraka")] == [mombasa_reversal.entry.reference]
    assert [item["reference"] for item in bank.queue("njeri")] == [  # the oldest first
        nairobi_reversal.entry.reference,
        mombasa_reversal.entry.reference,
    ]
    # Otieno may not decide Mombasa's item, nor learn more of it than that.
    refused = bank.decide("otieno", mombasa_reversal, "approved")
    assert refusal(refused) == (403, "permission_denied")
    assert bank.decisions() == [] and bank.server_entry(mombasa_reversal).status == "awaiting_approval"
    assert bank.decide("baraka", mombasa_reversal, "approved").json["status"] == "booked"
    assert bank.decide("njeri", nairobi_reversal, "approved").json["status"] == "booked"  # head office: any
    assert bank.queue("njeri") == []
    bank.server.assert_ledger_clean()


# --- deciding -------------------------------------------------------------------------------------


def test_an_approved_reversal_is_booked_once_and_the_device_sees_it_confirmed(bank: Bank) -> None:
    deposit, reversal = bank.contested_reversal(bank.nairobi)
    bank.pull(bank.nairobi)
    assert available(bank.nairobi, bank.juma) == KES(5_000)  # the reversal is not booked yet

    answer = bank.decide("otieno", reversal, "approved", "Keyed to the wrong customer; confirmed by phone")

    assert answer.status_code == 201
    assert {key: answer.json[key] for key in ("decision", "checker", "status", "code")} == {
        "decision": "approved",
        "checker": "otieno",
        "status": "booked",
        "code": None,
    }
    assert answer.json["message"] == "Approved by otieno: Keyed to the wrong customer; confirmed by phone"
    server = bank.server
    assert bank.postings(reversal) == [(account, -cents) for account, cents in bank.postings(deposit)]
    assert server.wallet(bank.juma) == KES(0)
    assert bank.queue("otieno") == []
    (recorded,) = bank.decisions()
    assert (recorded.decision, recorded.checker_user_id, recorded.sequence) == ("approved", "otieno", 3)

    # A second decision is refused and the first stands: the wallet moved once.
    second = bank.decide("njeri", reversal, "rejected", "Not convinced")
    assert refusal(second) == (409, "already_decided")
    assert second.json["error"]["details"] == {
        "decision": "approved",
        "checker": "otieno",
        "decided_at": "2026-11-24T09:00:00.000000Z",
    }
    assert refusal(bank.decide("kamau", reversal, "approved")) == (409, "already_decided")
    assert server.wallet(bank.juma) == KES(0) and len(bank.decisions()) == 1
    server.assert_ledger_clean()

    # The device hears it at its next pull: pending became confirmed.
    assert device_answer(bank.nairobi, reversal)[0] == "awaiting_approval"
    outcome = bank.pull(bank.nairobi)
    assert outcome.answers_recorded == 1
    assert device_answer(bank.nairobi, reversal)[0] == "booked"
    assert available(bank.nairobi, bank.juma) == KES(0)
    assert bank.pull(bank.nairobi).answers_recorded == 0  # told once: the cursor moved past it
    assert_intact(bank.nairobi)


def test_a_rejected_request_books_nothing_and_the_device_sees_it_refused_with_the_reason(bank: Bank) -> None:
    deposit, reversal = bank.contested_reversal(bank.nairobi)
    bank.pull(bank.nairobi)

    no_reason = bank.decide("otieno", reversal, "rejected", "   ")
    assert refusal(no_reason) == (400, "invalid_input")
    assert bank.decisions() == [] and len(bank.queue("otieno")) == 1

    answer = bank.decide("otieno", reversal, "rejected", "The deposit was right; Juma confirmed it")

    assert answer.status_code == 201
    assert (answer.json["status"], answer.json["code"]) == ("rejected", "approval_rejected")
    server = bank.server
    assert bank.postings(reversal) == [] and server.wallet(bank.juma) == KES(5_000)
    entry = bank.server_entry(reversal)
    assert (entry.status, entry.code) == ("rejected", "approval_rejected")
    server.assert_ledger_clean()

    bank.pull(bank.nairobi)
    status, code, message = device_answer(bank.nairobi, reversal)
    assert (status, code) == ("rejected", "approval_rejected")
    assert message == "Rejected by otieno: The deposit was right; Juma confirmed it"
    assert available(bank.nairobi, bank.juma) == KES(5_000)
    assert read_status(bank.nairobi.context, online=True, last_error=None).refused == 1
    assert_intact(bank.nairobi)

    # Refused, the reversal no longer stands in the way: asked again, with an override head
    # office accepts (Otieno's, with the password the pull brought), it is booked.
    again = request_reversal(
        bank.nairobi.context,
        bank.nairobi.teller,
        reference=deposit.entry.reference,
        override=Override("otieno", PASSWORD),
    )
    bank.upload(bank.nairobi)
    assert bank.server_entry(again).status == "booked" and server.wallet(bank.juma) == KES(0)
    server.assert_ledger_clean()


def test_the_maker_can_never_be_the_checker(bank: Bank) -> None:
    """Otieno himself asked for the reversal at the counter: he may neither approve nor reject it
    from the queue; Kamau, the other supervisor at Nairobi, may."""
    _, reversal = bank.contested_reversal(bank.nairobi, maker=bank.nairobi.supervisor)
    (item,) = bank.queue("otieno")
    assert item["maker"] == "otieno"

    for decision, reason in (("approved", None), ("rejected", "I changed my mind")):
        refused = bank.decide("otieno", reversal, decision, reason)
        assert refusal(refused) == (403, "maker_is_checker")
    assert bank.decisions() == [] and bank.server.wallet(bank.juma) == KES(5_000)

    assert bank.decide("kamau", reversal, "approved").json["status"] == "booked"
    assert bank.server.wallet(bank.juma) == KES(0)
    bank.server.assert_ledger_clean()


def test_an_approval_that_can_no_longer_be_booked_is_refused_with_its_code(bank: Bank) -> None:
    """While the reversal waited, Juma took KES 3,000 in cash at Mombasa: the KES 5,000 the
    reversal would take back is no longer there. Approved, it is refused: insufficient funds."""
    _, reversal = bank.contested_reversal(bank.nairobi)
    mombasa = bank.counter("M4T8", "MSA-002")
    add_customer(mombasa, bank.juma, balance=KES(5_000))  # as its last pull showed
    withdraw_cash(mombasa.context, mombasa.teller, customer_cif=bank.juma, amount=KES(3_000))
    bank.upload(mombasa)
    assert bank.server.wallet(bank.juma) == KES(2_000)

    answer = bank.decide("otieno", reversal, "approved", "Wrong customer")

    assert answer.status_code == 201
    assert (answer.json["decision"], answer.json["status"], answer.json["code"]) == (
        "approved",
        "rejected",
        "insufficient_funds",
    )
    assert "cannot be booked now" in answer.json["message"]
    assert bank.postings(reversal) == [] and bank.server.wallet(bank.juma) == KES(2_000)
    assert [row.decision for row in bank.decisions()] == ["approved"]  # what the checker decided, kept
    bank.server.assert_ledger_clean()
    bank.pull(bank.nairobi)
    assert device_answer(bank.nairobi, reversal)[:2] == ("rejected", "insufficient_funds")


def test_only_an_entry_that_waits_can_be_decided(bank: Bank) -> None:
    deposit, reversal = bank.contested_reversal(bank.nairobi)
    refused = bank.decide("otieno", deposit, "approved")
    assert refusal(refused) == (409, "not_awaiting_approval")
    assert "booked when it reached head office" in refused.json["error"]["message"]
    headers = {"Authorization": f"Bearer {bank.token('njeri')}"}
    for path in ("/v1/approvals/K7Q2/99", "/v1/approvals/ZZZZ/3", "/v1/approvals/k7q2/3"):
        assert refusal(bank.http.simulate_post(path, json={"decision": "approved"}, headers=headers)) == (
            404,
            "not_found",
        ), path
    assert bank.http.simulate_post("/v1/approvals/K7Q2/0", json={}, headers=headers).status_code == 404
    for body in (
        {},
        {"decision": "maybe"},
        {"decision": "approved", "reason": 7},
        {"decision": "approved", "reason": "x" * 301},
    ):
        answer = bank.http.simulate_post("/v1/approvals/K7Q2/3", json=body, headers=headers)
        assert refusal(answer) == (400, "invalid_input"), body
    assert bank.decisions() == [] and bank.server_entry(reversal).status == "awaiting_approval"


def test_two_checkers_deciding_at_once_one_decision_stands(bank: Bank) -> None:
    """Otieno approves and Njeri rejects at the same instant: the device row lock puts one after
    the other; the second is refused, and the books show exactly the first."""
    _, reversal = bank.contested_reversal(bank.nairobi)
    server = bank.server
    checkers = {
        "approved": User("otieno", "Otieno Odhiambo", Role.SUPERVISOR, "NBO-001"),
        "rejected": User("njeri", "Njeri Wambui", Role.HEAD_OFFICE, None),
    }
    start = threading.Barrier(2)

    def attempt(decision: str) -> str:
        start.wait()
        try:
            decide(
                server.database,
                checker=checkers[decision],
                device_code="K7Q2",
                sequence=reversal.entry.sequence,
                decision=decision,
                reason="At once",
                now=server.clock.now(),
                limit_table=server.limit_table,
            )
        except AlreadyDecided:
            return "refused"
        return "recorded"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = dict(zip(checkers, pool.map(attempt, checkers), strict=True))

    assert sorted(outcomes.values()) == ["recorded", "refused"]
    (winner,) = [decision for decision, outcome in outcomes.items() if outcome == "recorded"]
    assert [row.decision for row in bank.decisions()] == [winner]
    assert server.wallet(bank.juma) == (KES(0) if winner == "approved" else KES(5_000))
    assert server.count("answer_changes") == 2  # the batch's, and the one decision's
    server.assert_ledger_clean()


def test_a_replayed_older_pull_never_turns_a_decision_back_into_pending(bank: Bank) -> None:
    """A pull answered before the decision arrives again (a proxy's replay): the device keeps the
    decision it already recorded."""
    _, reversal = bank.contested_reversal(bank.nairobi)
    recorded: list[bytes] = []
    genuine = bank.transport

    def recording(request: httpx.Request) -> httpx.Response:
        answer = genuine.handle_request(request)
        answer.read()
        recorded.append(answer.content)
        return httpx.Response(answer.status_code, content=answer.content, headers=answer.headers)

    bank.transport = httpx.MockTransport(recording)
    bank.pull(bank.nairobi)  # says: awaiting approval
    assert bank.decide("otieno", reversal, "approved").json["status"] == "booked"
    bank.pull(bank.nairobi)
    assert device_answer(bank.nairobi, reversal)[0] == "booked"

    stale = recorded[0]
    bank.transport = httpx.MockTransport(lambda request: httpx.Response(200, content=stale))
    bank.pull(bank.nairobi)
    assert device_answer(bank.nairobi, reversal)[0] == "booked"
    assert_intact(bank.nairobi)
