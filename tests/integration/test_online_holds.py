"""Online holds: head office authorizes a withdrawal before the cash leaves the drawer.

Server: the real app on a real database (an SQLite file and MySQL), reached through httpx's WSGI
transport. Juma (C0001234, tier 2) holds KES 10,000 at head office, paid in yesterday at another
counter of the branch (M4T8) and synced. Counter K7Q2 has pulled that balance; the link is up, so
its withdrawals ask head office for a hold first (services.withdrawals), through its own signed
requests, and verify the answers under the server key it pinned at enrolment.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import event, select

from desktop_app.services.cash import deposit_cash, withdraw_cash
from desktop_app.services.posting import Override, Posted
from desktop_app.services.till import open_till
from desktop_app.store import schema as device_schema
from desktop_app.store.pulled import put_account, put_customer
from desktop_app.sync.client import ServerRefused, SyncClient
from desktop_app.sync.holds import ServerHolds
from shared_core.accounts import wallet_account
from shared_core.channels import Channel
from shared_core.entry_details import EntryDetails
from shared_core.errors import (
    AlreadyExists,
    ApprovalRequired,
    BadSignature,
    InsufficientFunds,
    LimitExceeded,
    OnlineOnly,
    Refused,
)
from shared_core.holds import (
    HoldAnswer,
    HoldRequest,
    HoldStatus,
    decode_answer,
    encode_answer,
    encode_request,
    hold_request_for,
    verify_answer,
)
from shared_core.journal import BODY_DETAILS
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind
from shared_core.request_signing import describe_request, sign_request
from shared_core.signing import generate_private_key, public_key_hex
from sync_server.app import create_app
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.devices import register_device
from sync_server.services.holds import late_completions
from sync_server.settings import Settings
from tests.device_builders import SUPERVISOR_PASSWORD, Counter, assert_intact, make_counter
from tests.server_builders import (  # noqa: F401 (database_url is a fixture)
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,
    enrol,
    journal,
    make_server,
    set_user,
    statuses,
)

KES = Money.shillings
JUMA = "C0001234"
JUMA_WALLET = wallet_account(JUMA)


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


class Branch:
    """The server app; counter M4T8, which paid Juma's funds in yesterday (at most KES 50,000 a
    time) and synced them; counter K7Q2 online, its till open with KES 50,000, knowing Juma's
    balance as head office does."""

    def __init__(self, server: Server, tmp_path: Path, *, server_tier: int = 2, device_tier: int = 2,
                 funds: Money = KES(10_000)) -> None:
        self.server = server
        settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
        self.app = create_app(settings, server.database, server_key=server.key, clock=server.clock)
        self.other = make_counter(tmp_path / "other", device_code="M4T8")
        self.counter = make_counter(tmp_path / "counter", device_code="K7Q2")
        for counter in (self.other, self.counter):
            enrol(server, counter)
        add_customer_everywhere(
            server, [self.other, self.counter], JUMA, tier=server_tier, device_tier=device_tier
        )
        self.other.clock.moment = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)  # yesterday
        open_till(self.other.context, self.other.teller, opening_float=KES(50_000))
        chunks = [KES(50_000)] * (funds.cents // KES(50_000).cents)
        chunks += [funds - KES(50_000 * len(chunks))] if funds.cents % KES(50_000).cents else []
        for chunk in chunks:
            deposit_cash(self.other.context, self.other.teller, customer_cif=JUMA, amount=chunk)
        assert statuses(server.sync(batch_of(self.other))) == ["booked"] * (1 + len(chunks))
        self.other.clock.advance(days=1)
        self.synced = {"M4T8": 1 + len(chunks), "K7Q2": 0}
        with self.counter.store.write() as connection:  # as the last pull said
            put_account(connection, account=JUMA_WALLET, cif=JUMA, label="Wallet", balance_cents=funds.cents)
        self.holds = self.online(self.counter)
        self.other_holds = self.online(self.other)
        open_till(self.counter.context, self.counter.teller, opening_float=KES(50_000))

    def online(self, counter: Counter, transport: httpx.BaseTransport | None = None) -> ServerHolds:
        """The counter with its link up: the server key pinned, the sync loop saying online."""
        counter.context.device = dataclasses.replace(
            counter.context.device, server_public_key_hex=public_key_hex(self.server.key)
        )
        counter.context.is_online = lambda: True
        client = SyncClient("http://wekeza.test", transport=transport or httpx.WSGITransport(app=self.app))
        assert counter.context.device_key is not None
        return ServerHolds(client, counter.context.device_key, counter.clock)

    def withdraw(
        self, amount: Money, *, counter: Counter | None = None, holds: ServerHolds | None = None
    ) -> Posted:
        counter = counter or self.counter
        return withdraw_cash(counter.context, counter.teller, customer_cif=JUMA, amount=amount,
                             holds=holds or self.holds)

    def sync(self, counter: Counter | None = None) -> list[str]:
        """Upload what the counter has not yet sent; the server's answers."""
        counter = counter or self.counter
        code = counter.context.device.device_code
        answer = self.server.sync(batch_of(counter, self.synced[code] + 1))
        self.synced[code] = answer.batch_last_sequence
        return statuses(answer)

    def holds_rows(self) -> list:
        return self.server.rows("holds")

    def allowance_used(self, counter: Counter | None = None) -> int:
        with (counter or self.counter).store.read() as connection:
            return connection.execute(select(device_schema.allowances.c.cash_out_used_cents)).scalar_one()

    def ask(self, request: HoldRequest, counter: Counter | None = None) -> HoldAnswer:
        """Ask head office directly, as the withdrawal service does, and read the verified answer."""
        counter = counter or self.counter
        holds = self.holds if counter is self.counter else self.other_holds
        signed = decode_answer(holds.request_hold(request))
        verify_answer(signed, self.server.key.public_key())
        return signed.answer


def a_request(
    amount: Money, *, entry_id: str, device_code: str = "K7Q2", fee: Money = Money(0)
) -> HoldRequest:
    withdrawal = Operation(OperationKind.CASH_WITHDRAWAL, Channel.BRANCH, amount, fee=fee,
                           customer_account=JUMA_WALLET, cash_account=f"till:BR-{device_code}")
    return hold_request_for(withdrawal, entry_id=entry_id, device_code=device_code, user_id="wanjiru",
                            approved_by=None, customer_cif=JUMA, business_date="2026-11-24")


def details(posted) -> EntryDetails:  # noqa: ANN001 (Posted)
    return EntryDetails.from_body(posted.entry.body[BODY_DETAILS])


ENTRY_1 = "00000000-0000-4000-8000-000000000001"
ENTRY_2 = "00000000-0000-4000-8000-000000000002"


# --- approve, pay, complete ---------------------------------------------------------------------


def test_an_approved_withdrawal_is_held_paid_without_allowance_and_completed_by_sync(
    server: Server, tmp_path: Path
) -> None:
    """KES 3,000 out online: held at head office, paid, the allowance untouched. When the entry
    syncs it completes the hold: the wallet reads KES 7,000, not 4,000 (counted once), and all
    of the KES 7,000 may be held again."""
    branch = Branch(server, tmp_path)
    posted = branch.withdraw(KES(3_000))

    assert posted.hold is not None and posted.hold.status is HoldStatus.APPROVED
    assert (posted.hold.held_cents, posted.hold.available_after_cents) == (300_000, 700_000)
    assert posted.hold.expires_at == "2026-11-25T09:00:00.000000Z"  # the branch policy: 24 hours
    assert details(posted).hold_id == posted.entry.entry_id and details(posted).allowance_id is None
    assert branch.allowance_used() == 0  # authorized online: nothing drawn on the offline allowance
    assert posted.available_after == KES(7_000)
    [hold] = branch.holds_rows()
    assert (hold.entry_id, hold.device_code, hold.account, hold.amount_cents, hold.status) == (
        posted.entry.entry_id, "K7Q2", JUMA_WALLET, 300_000, "held")
    assert server.wallet(JUMA) == KES(10_000)  # held, not yet booked

    server.clock.advance(minutes=2)
    assert branch.sync() == ["booked", "booked"]  # the till opening, the withdrawal: a fact, booked
    [hold] = branch.holds_rows()
    assert (hold.status, hold.completed_sequence, hold.completed_at) == (
        "completed", posted.entry.sequence, "2026-11-24T09:02:00.000000Z")
    assert server.wallet(JUMA) == KES(7_000)
    # The completed hold no longer counts: the whole booked balance is available again.
    whole = branch.ask(a_request(KES(7_000), entry_id=ENTRY_1))
    assert (whole.status, whole.available_after_cents) == (HoldStatus.APPROVED, 0)
    with server.database.engine.connect() as connection:
        assert late_completions(connection) == []
    server.assert_ledger_clean()
    assert_intact(branch.counter)  # the journal replays to the same state, allowance usage included


def test_a_fee_is_held_with_the_amount(server: Server, tmp_path: Path) -> None:
    branch = Branch(server, tmp_path)
    answer = branch.ask(a_request(KES(9_990), fee=KES(10), entry_id=ENTRY_1))
    assert (answer.status, answer.held_cents, answer.available_after_cents) == (
        HoldStatus.APPROVED, 1_000_000, 0)
    # A cent more than the balance, fee included, is declined.
    declined = branch.ask(a_request(KES(9_990), fee=Money(1_001), entry_id=ENTRY_2))
    assert (declined.status, declined.code) == (HoldStatus.DECLINED, "insufficient_funds")


# --- declines -----------------------------------------------------------------------------------


def test_another_counters_active_hold_leaves_too_little_and_the_withdrawal_is_declined(
    server: Server, tmp_path: Path
) -> None:
    """M4T8 has KES 6,000 of Juma's KES 10,000 held (paid, not yet synced). K7Q2 asks for 5,000:
    only 4,000 is available, so head office declines and K7Q2 posts nothing."""
    branch = Branch(server, tmp_path)
    held = branch.withdraw(KES(6_000), counter=branch.other, holds=branch.other_holds)
    assert held.hold is not None and held.hold.available_after_cents == 400_000

    sequence_before = journal(branch.counter)[-1].sequence
    with pytest.raises(InsufficientFunds, match="Available balance is KES 4,000.00") as refusal:
        branch.withdraw(KES(5_000))
    assert refusal.value.details["reason"] == "insufficient_funds"
    assert journal(branch.counter)[-1].sequence == sequence_before  # nothing posted, nothing paid
    assert [(row.device_code, row.amount_cents) for row in branch.holds_rows()] == [("M4T8", 600_000)]
    assert branch.allowance_used() == 0
    # The counter's own view was KES 10,000: head office knew better.
    assert branch.withdraw(KES(4_000)).hold is not None


def test_tier_limits_count_todays_booked_withdrawals_and_active_holds(server: Server, tmp_path: Path) -> None:
    """Head office holds Juma at tier 1 (branch: KES 50,000 a transaction, 100,000 a day); this
    counter still believes tier 2, so only head office's judgement stops him. He takes 50,000
    (synced), pays 50,000 back in (synced), then 40,000 more (held, not synced): 90,000 today.
    20,000 more would make 110,000: declined, by the day's limit, though the balance would do."""
    branch = Branch(server, tmp_path, server_tier=1, device_tier=2, funds=KES(100_000))
    branch.withdraw(KES(50_000))
    deposit_cash(branch.counter.context, branch.counter.teller, customer_cif=JUMA, amount=KES(50_000))
    assert branch.sync() == ["booked", "booked", "booked"]
    branch.withdraw(KES(40_000))

    with pytest.raises(LimitExceeded, match="KES 100,000.00 a day; KES 90,000.00 already today") as per_day:
        branch.withdraw(KES(20_000))
    assert per_day.value.details["reason"] == "limit_per_day"
    with pytest.raises(LimitExceeded, match="KES 50,000.00 per transaction") as per_transaction:
        branch.withdraw(KES(50_001))
    assert per_transaction.value.details["reason"] == "limit_per_transaction"
    assert sorted((row.amount_cents, row.status) for row in branch.holds_rows()) == [
        (4_000_000, "held"), (5_000_000, "completed")]
    assert server.wallet(JUMA) == KES(100_000)  # 100,000 - 50,000 + 50,000; the 40,000 is only held
    exactly = branch.ask(a_request(KES(10_000), entry_id=ENTRY_1))  # to exactly 100,000 today
    assert exactly.status is HoldStatus.APPROVED


def test_a_large_withdrawal_is_held_on_the_supervisors_override_head_office_accepts(
    server: Server, tmp_path: Path
) -> None:
    """Above KES 100,000 a branch withdrawal needs a supervisor. Otieno's override, typed at the
    counter, travels with the request and head office judges it as it judges a synced entry's:
    accepted while he is an active supervisor there, not once head office has deactivated him."""
    branch = Branch(server, tmp_path, funds=KES(250_000))
    override = Override("otieno", SUPERVISOR_PASSWORD)
    teller, context = branch.counter.teller, branch.counter.context
    posted = withdraw_cash(context, teller, customer_cif=JUMA, amount=KES(120_000), override=override,
                           holds=branch.holds)
    assert posted.hold is not None and posted.entry.approved_by == "otieno"
    assert details(posted).approval_items == ("large_withdrawal",)

    set_user(server, "otieno", active=False)
    sequence_before = journal(branch.counter)[-1].sequence
    with pytest.raises(ApprovalRequired, match="does not count: not an active user") as refusal:
        withdraw_cash(context, teller, customer_cif=JUMA, amount=KES(110_000), override=override,
                      holds=branch.holds)
    assert refusal.value.details["reason"] == "approval_large_withdrawal"
    assert journal(branch.counter)[-1].sequence == sequence_before
    assert [row.amount_cents for row in branch.holds_rows()] == [12_000_000]


def test_an_answer_altered_on_the_way_pays_nothing(server: Server, tmp_path: Path) -> None:
    """M4T8 holds KES 8,000 of Juma's 10,000, so head office declines K7Q2's 5,000. Someone
    between the counter and head office turns the decline into an approval: the signature no
    longer verifies under the pinned key, and nothing is posted or paid."""
    branch = Branch(server, tmp_path)
    branch.ask(a_request(KES(8_000), entry_id=ENTRY_1, device_code="M4T8"), counter=branch.other)
    genuine = httpx.WSGITransport(app=branch.app)

    def approve_everything(request: httpx.Request) -> httpx.Response:
        answer = genuine.handle_request(request)
        answer.read()
        signed = decode_answer(answer.content)
        forged = dataclasses.replace(
            signed.answer, status=HoldStatus.APPROVED, code=None, held_cents=500_000,
            expires_at="2026-11-25T09:00:00.000000Z",
        )
        return httpx.Response(200, content=encode_answer(dataclasses.replace(signed, answer=forged)))

    forging = branch.online(branch.counter, httpx.MockTransport(approve_everything))
    with pytest.raises(BadSignature):
        branch.withdraw(KES(5_000), holds=forging)
    assert len(journal(branch.counter)) == 1 and branch.allowance_used() == 0  # the till opening only
    assert [row.device_code for row in branch.holds_rows()] == ["M4T8"]


# --- idempotency --------------------------------------------------------------------------------


def test_the_same_request_again_gets_the_same_answer_and_other_content_under_its_id_is_refused(
    server: Server, tmp_path: Path
) -> None:
    branch = Branch(server, tmp_path)
    request = a_request(KES(2_000), entry_id=ENTRY_1)
    first = branch.holds.request_hold(request)
    again = branch.holds.request_hold(request)  # the answer was lost; the device asks again
    assert again == first  # byte for byte, while nothing has changed
    assert decode_answer(first).answer.status is HoldStatus.APPROVED
    assert len(branch.holds_rows()) == 1

    server.clock.advance(minutes=5)
    later = branch.ask(request)
    assert (later.status, later.expires_at, later.held_cents) == (
        HoldStatus.APPROVED, "2026-11-25T09:00:00.000000Z", 200_000)
    assert later.server_time == "2026-11-24T09:05:00.000000Z"

    with pytest.raises(AlreadyExists, match="already has a hold for another withdrawal"):
        branch.holds.request_hold(dataclasses.replace(request, amount_cents=300_000))
    with pytest.raises(ServerRefused) as refusal:  # as the wire says it
        branch.holds._client.authorize_withdrawal(
            dataclasses.replace(request, amount_cents=300_000), branch.counter.context.device_key
        )
    assert (refusal.value.status, refusal.value.code) == (422, "already_exists")
    # Another device cannot take over the id either.
    with pytest.raises(AlreadyExists):
        branch.ask(a_request(KES(2_000), entry_id=ENTRY_1, device_code="M4T8"), counter=branch.other)
    [hold] = branch.holds_rows()
    assert (hold.entry_id, hold.device_code, hold.amount_cents, hold.status) == (
        ENTRY_1, "K7Q2", 200_000, "held")


# --- expiry -------------------------------------------------------------------------------------


def test_an_expired_hold_no_longer_counts(server: Server, tmp_path: Path) -> None:
    """M4T8 had KES 8,000 held and never paid it (its entry never came). A day later the hold has
    expired: K7Q2 may have KES 5,000, and the stale hold is marked expired when met."""
    branch = Branch(server, tmp_path)
    stale = a_request(KES(8_000), entry_id=ENTRY_1, device_code="M4T8")
    assert branch.ask(stale, counter=branch.other).status is HoldStatus.APPROVED
    declined = branch.ask(a_request(KES(5_000), entry_id=ENTRY_2))
    assert (declined.status, declined.code, declined.available_after_cents) == (
        HoldStatus.DECLINED, "insufficient_funds", 200_000)

    for clock in (server.clock, branch.counter.clock, branch.other.clock):
        clock.advance(hours=24)  # exactly at expires_at the hold no longer counts
    approved = branch.withdraw(KES(5_000))
    assert approved.hold is not None and approved.hold.available_after_cents == 500_000
    assert {row.entry_id: row.status for row in branch.holds_rows()} == {
        ENTRY_1: "expired", approved.entry.entry_id: "held"}
    # Asked again, the expired hold is not revived.
    again = branch.ask(stale, counter=branch.other)
    assert (again.status, again.code) == (HoldStatus.DECLINED, "hold_expired")


def test_a_withdrawal_that_syncs_after_its_hold_expired_completes_it_for_reconciliation(
    server: Server, tmp_path: Path
) -> None:
    branch = Branch(server, tmp_path)
    posted = branch.withdraw(KES(3_000))
    server.clock.advance(hours=30)  # the link dropped right after paying; back a day later
    assert branch.sync() == ["booked", "booked"]  # the cash left the drawer: booked as a fact
    [hold] = branch.holds_rows()
    assert (hold.status, hold.completed_sequence) == ("completed", posted.entry.sequence)
    assert hold.completed_at == "2026-11-25T15:00:00.000000Z" > hold.expires_at
    with server.database.engine.connect() as connection:
        assert [row.entry_id for row in late_completions(connection)] == [posted.entry.entry_id]
    assert server.wallet(JUMA) == KES(7_000)
    server.assert_ledger_clean()


# --- when head office does not answer -----------------------------------------------------------


def test_without_an_answer_the_withdrawal_is_paid_offline_within_the_allowance(
    server: Server, tmp_path: Path
) -> None:
    branch = Branch(server, tmp_path)

    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out connecting to head office", request=request)

    down = branch.online(branch.counter, httpx.MockTransport(unreachable))
    posted = branch.withdraw(KES(1_500), holds=down)
    assert posted.hold is None
    assert (details(posted).allowance_id, details(posted).hold_id) == ("ALW-1", None)
    assert branch.allowance_used() == 150_000  # drawn on the offline allowance, as any offline payout
    assert branch.holds_rows() == []
    assert branch.sync() == ["booked", "booked"]
    assert server.wallet(JUMA) == KES(8_500)


def test_a_lost_approval_is_paid_offline_once_and_its_entry_completes_the_hold(
    server: Server, tmp_path: Path
) -> None:
    """Head office held KES 2,000 but the answer was lost on the way back. The counter pays
    offline under the same entry id; when it syncs, that entry completes the hold: held once,
    paid once, booked once."""
    branch = Branch(server, tmp_path)
    genuine = httpx.WSGITransport(app=branch.app)

    def lose_answer(request: httpx.Request) -> httpx.Response:
        genuine.handle_request(request)
        raise httpx.ReadTimeout("no answer within the hold timeout", request=request)

    lossy = branch.online(branch.counter, httpx.MockTransport(lose_answer))
    posted = branch.withdraw(KES(2_000), holds=lossy)
    assert details(posted).allowance_id == "ALW-1" and branch.allowance_used() == 200_000
    [hold] = branch.holds_rows()
    assert (hold.entry_id, hold.status) == (posted.entry.entry_id, "held")
    assert len(journal(branch.counter)) == 2  # the till opening and this one withdrawal
    assert branch.sync() == ["booked", "booked"]
    [hold] = branch.holds_rows()
    assert hold.status == "completed" and server.wallet(JUMA) == KES(8_000)
    assert_intact(branch.counter)


def test_an_agent_pays_out_only_with_head_office_online(server: Server, tmp_path: Path) -> None:
    """Agents have no offline cash allowance (CBK guideline). Juma is tier 1 to this agent: KES
    20,000 a transaction. Online, exactly 20,000 is held and paid; a cent more is refused at the
    counter before head office is asked; with head office unreachable, nothing is paid at all."""
    branch = Branch(server, tmp_path, funds=KES(30_000))
    agent = make_counter(tmp_path / "agent", channel=Channel.AGENT, device_code="X9P3",
                         allowance_out=Money(0), allowance_in=Money(0), allowance_per_customer=Money(0))
    enrol(server, agent)
    with agent.store.write() as connection:
        put_customer(connection, cif=JUMA, national_id="23456789", full_name="Juma Mwangi",
                     phone="254712345678", kyc_tier=1)
        put_account(connection, account=JUMA_WALLET, cif=JUMA, label="Wallet", balance_cents=3_000_000)
    posted = branch.withdraw(KES(20_000), counter=agent, holds=branch.online(agent))
    assert posted.hold is not None and posted.hold.available_after_cents == 1_000_000
    assert posted.entry.body["cash_account"] == "float:AG-X9P3" and branch.allowance_used(agent) == 0

    with pytest.raises(LimitExceeded, match="per transaction"):
        branch.withdraw(Money(2_000_001), counter=agent, holds=branch.online(agent))
    assert len(branch.holds_rows()) == 1  # refused here: head office was not asked

    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("network unreachable", request=request)

    with pytest.raises(OnlineOnly, match="needs head office online"):
        down = branch.online(agent, httpx.MockTransport(unreachable))
        branch.withdraw(KES(2_000), counter=agent, holds=down)
    assert [entry.kind.value for entry in journal(agent)] == ["cash_withdrawal"]


# --- who may ask --------------------------------------------------------------------------------


def post_hold(
    branch: Branch,
    body: bytes,
    *,
    device_code: str,
    key: Ed25519PrivateKey | None,
    signed_body: bytes | None = None,
    signed: bool = True,
) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if signed:
        assert key is not None
        request = describe_request(method="POST", path="/v1/holds", query="", body=signed_body or body,
                                   device_code=device_code, sent_at="2026-11-24T09:00:00.000000Z")
        headers |= sign_request(request, key)
    with httpx.Client(transport=httpx.WSGITransport(app=branch.app), base_url="http://wekeza.test") as http:
        return http.post("/v1/holds", content=body, headers=headers)


def test_unsigned_foreign_or_altered_requests_get_nothing_and_hold_nothing(
    server: Server, tmp_path: Path
) -> None:
    branch = Branch(server, tmp_path)
    body = encode_request(a_request(KES(2_000), entry_id=ENTRY_1))
    key = branch.counter.context.device_key
    larger = encode_request(a_request(KES(9_000), entry_id=ENTRY_1))
    refused = {
        "unsigned": post_hold(branch, body, device_code="K7Q2", key=key, signed=False),
        "another key": post_hold(branch, body, device_code="K7Q2", key=generate_private_key()),
        "another device's key": post_hold(
            branch, body, device_code="K7Q2", key=branch.other.context.device_key
        ),
        "body altered": post_hold(branch, larger, device_code="K7Q2", key=key, signed_body=body),
    }
    for reason, answer in refused.items():
        assert answer.status_code == 401, reason
        assert set(answer.json()) == {"error"}, reason
        assert answer.json()["error"]["code"] in {"unauthenticated", "bad_signature"}, reason
        assert "held_cents" not in answer.text and "available" not in answer.text, reason
    # Signed by M4T8 for K7Q2's request: refused, whoever signed it.
    borrowed = post_hold(branch, body, device_code="M4T8", key=branch.other.context.device_key)
    assert (borrowed.status_code, borrowed.json()["error"]["code"]) == (403, "permission_denied")
    # A head office device moves no cash: no holds for it.
    head_office_key = generate_private_key()
    with UnitOfWork(server.database) as uow:
        register_device(uow.connection, device_code="H0C0", channel=Channel.HEAD_OFFICE, location_code="HQ",
                        public_key_hex=public_key_hex(head_office_key), enrolled_at=server.clock.now())
        uow.commit()
    own = encode_request(a_request(KES(2_000), entry_id=ENTRY_2, device_code="H0C0"))
    head_office = post_hold(branch, own, device_code="H0C0", key=head_office_key)
    assert (head_office.status_code, head_office.json()["error"]["code"]) == (403, "permission_denied")
    assert branch.holds_rows() == []
    # The device's own signature: served.
    assert post_hold(branch, body, device_code="K7Q2", key=key).status_code == 200


# --- at once, on MariaDB ------------------------------------------------------------------------


@pytest.mark.mysql
def test_two_holds_at_once_that_together_exceed_the_balance_one_is_approved(
    mysql_url: str, tmp_path: Path
) -> None:
    """Both counters ask for KES 6,000 of Juma's 10,000 at the same instant: exactly one is
    approved, and never is more held than he has. To make the race certain rather than likely,
    each request, once it has read the account's active holds, waits (up to a second) for the
    other to have read them too: were the account not locked, both would read none and approve."""
    for server in make_server(mysql_url):
        branch = Branch(server, tmp_path)
        read_holds = threading.Barrier(2)

        def pause_after_reading_holds(_connection, _cursor, statement: str, *_args) -> None:  # noqa: ANN001
            reads_holds = statement.startswith("SELECT coalesce(sum(holds.amount_cents)")
            if reads_holds and "WHERE holds.account" in statement:
                try:
                    read_holds.wait(timeout=1)
                except threading.BrokenBarrierError:
                    pass  # the other request is waiting for the lock this one holds: go on

        event.listen(server.database.engine, "after_cursor_execute", pause_after_reading_holds)
        start = threading.Barrier(2)
        answers: dict[str, HoldAnswer] = {}
        errors: list[BaseException] = []

        def ask(counter: Counter, device_code: str, entry_id: str) -> None:
            try:
                start.wait(timeout=10)
                answers[device_code] = branch.ask(
                    a_request(KES(6_000), device_code=device_code, entry_id=entry_id), counter=counter
                )
            except BaseException as error:  # noqa: BLE001 (reported below, on the test's thread)
                errors.append(error)

        askers = [(branch.counter, "K7Q2", ENTRY_1), (branch.other, "M4T8", ENTRY_2)]
        threads = [threading.Thread(target=ask, args=asker) for asker in askers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        event.remove(server.database.engine, "after_cursor_execute", pause_after_reading_holds)
        assert errors == []
        outcomes = sorted((answer.status.value, answer.code) for answer in answers.values())
        assert outcomes == [("approved", None), ("declined", "insufficient_funds")]
        assert [(row.amount_cents, row.status) for row in branch.holds_rows()] == [(600_000, "held")]
