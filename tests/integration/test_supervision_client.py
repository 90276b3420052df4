"""The supervisor's client for the approvals queue, against the real server app over HTTP (httpx's
WSGI transport), on an SQLite file and on a fresh MySQL database.

The bank of tests/integration/test_approvals_queue.py: at counter K7Q2 (Nairobi CBD) Wanjiru took
KES 5,000 from Juma in cash, then asked to reverse it, approved at the counter by Mwangi, whom head
office does not know; so the reversal waits at head office, nothing undone. Otieno and Kamau
supervise Nairobi, Baraka Mombasa; Njeri is head office. Each logs in online with their password.

    Juma's wallet at head office while the reversal waits          KES 5,000
    Otieno approves it from his queue                              KES     0
"""

from __future__ import annotations

import httpx
import pytest

from desktop_app.sync.client import LinkDown, ServerRefused
from desktop_app.sync.supervision import (
    ApprovalQueue,
    QueueItem,
    SessionExpired,
    SupervisorClient,
    SupervisorSession,
    SupervisorUser,
    Verdict,
)
from shared_core.money import Money
from shared_core.roles import Role
from tests.integration.test_approvals_queue import OVERRIDER, PASSWORD, Bank, bank, server  # noqa: F401
from tests.server_builders import database_url  # noqa: F401

KES = Money.shillings


def client_of(bank: Bank, transport: httpx.BaseTransport | None = None) -> SupervisorClient:
    return SupervisorClient("http://wekeza.test/", transport=transport or bank.transport)


def test_a_supervisor_logs_in_online_and_the_token_is_never_shown(bank: Bank) -> None:
    session = client_of(bank).log_in("otieno", PASSWORD)

    assert session.user == SupervisorUser("otieno", "Otieno Odhiambo", Role.SUPERVISOR, "NBO-001")
    assert session.expires_at == "2026-11-24T09:30:00.000000Z"  # 30 minutes by the server's clock
    assert session.token.startswith("eyJ") and session.token not in repr(session)
    head_office = client_of(bank).log_in("njeri", PASSWORD)
    assert (head_office.user.role, head_office.user.location_code) == (Role.HEAD_OFFICE, None)


@pytest.mark.parametrize(
    ("user_id", "password", "status", "code"),
    [
        ("otieno", "wrong-password", 401, "authentication_failed"),
        ("nobody", PASSWORD, 401, "authentication_failed"),
        ("wanjiru", PASSWORD, 403, "role_not_allowed"),  # a teller logs in at her counter
    ],
)
def test_a_login_head_office_refuses_says_why(
    bank: Bank, user_id: str, password: str, status: int, code: str
) -> None:
    with pytest.raises(ServerRefused) as refused:
        client_of(bank).log_in(user_id, password)
    assert (refused.value.status, refused.value.code) == (status, code)
    assert not isinstance(refused.value, SessionExpired)


def test_too_many_wrong_passwords_lock_the_supervisor_out_an_answer_not_a_dead_link(bank: Bank) -> None:
    client = client_of(bank)
    for _ in range(5):
        with pytest.raises(ServerRefused):
            client.log_in("otieno", "wrong-password")

    with pytest.raises(ServerRefused) as refused:
        client.log_in("otieno", PASSWORD)  # right, but too late

    assert (refused.value.status, refused.value.code) == (429, "locked_out")
    assert "locked out for 15 more minute(s)" in refused.value.message


def test_the_queue_lists_what_waits_with_who_made_it_and_why(bank: Bank) -> None:
    deposit, reversal = bank.contested_reversal(bank.nairobi)
    client = client_of(bank)

    queue = client.queue(client.log_in("otieno", PASSWORD))

    assert isinstance(queue, ApprovalQueue) and queue.complete
    (item,) = queue.items
    assert item == QueueItem(
        device_code="K7Q2",
        sequence=reversal.entry.sequence,
        reference=reversal.entry.reference,
        kind="reversal",
        channel="branch",
        location_code="NBO-001",
        customer_cif=bank.juma,
        customer_name="Juma Mwangi",
        amount=KES(5_000),
        maker="wanjiru",
        override_by=OVERRIDER,
        reverses_reference=deposit.entry.reference,
        approval_code="approval_reversal",
        approval_reason=item.approval_reason,
        recorded_at=reversal.entry.recorded_at,
        received_at="2026-11-24T09:00:00.000000Z",
        business_date="2026-11-24",
    )
    assert "override by mwangi does not count" in item.approval_reason
    assert client.queue(client.log_in("baraka", PASSWORD)).items == ()  # Mombasa's supervisor: not his


def test_an_approval_books_the_reversal_once_and_a_second_decision_is_refused(bank: Bank) -> None:
    _, reversal = bank.contested_reversal(bank.nairobi)
    client = client_of(bank)
    otieno = client.log_in("otieno", PASSWORD)

    decision = client.decide(otieno, "K7Q2", reversal.entry.sequence, Verdict.APPROVED)

    assert decision.booked and decision.decision is Verdict.APPROVED
    assert (decision.reference, decision.checker, decision.code) == (reversal.entry.reference, "otieno", None)
    assert decision.message == "Approved by otieno"
    assert bank.server.wallet(bank.juma) == KES(0)
    assert client.queue(otieno).items == ()

    njeri = client.log_in("njeri", PASSWORD)
    with pytest.raises(ServerRefused) as refused:
        client.decide(njeri, "K7Q2", reversal.entry.sequence, Verdict.REJECTED, "Not convinced")
    assert (refused.value.status, refused.value.code) == (409, "already_decided")
    assert "already approved by otieno" in refused.value.message
    assert bank.server.wallet(bank.juma) == KES(0) and len(bank.decisions()) == 1
    bank.server.assert_ledger_clean()


def test_a_rejection_needs_a_reason_and_then_books_nothing(bank: Bank) -> None:
    _, reversal = bank.contested_reversal(bank.nairobi)
    client = client_of(bank)
    otieno = client.log_in("otieno", PASSWORD)

    with pytest.raises(ServerRefused) as refused:
        client.decide(otieno, "K7Q2", reversal.entry.sequence, Verdict.REJECTED, "  ")
    assert (refused.value.status, refused.value.code) == (400, "invalid_input")
    assert bank.decisions() == []

    reason = "Juma confirmed the deposit"
    decision = client.decide(otieno, "K7Q2", reversal.entry.sequence, Verdict.REJECTED, reason)

    assert not decision.booked
    assert (decision.status, decision.code) == ("rejected", "approval_rejected")
    assert decision.message == "Rejected by otieno: Juma confirmed the deposit"
    assert bank.server.wallet(bank.juma) == KES(5_000) and bank.postings(reversal) == []
    bank.server.assert_ledger_clean()


def test_the_maker_is_refused_as_checker(bank: Bank) -> None:
    """Otieno asked for the reversal himself at the counter: from the queue he may not decide it."""
    _, reversal = bank.contested_reversal(bank.nairobi, maker=bank.nairobi.supervisor)
    client = client_of(bank)
    otieno = client.log_in("otieno", PASSWORD)
    (item,) = client.queue(otieno).items
    assert item.maker == "otieno"

    with pytest.raises(ServerRefused) as refused:
        client.decide(otieno, item.device_code, item.sequence, Verdict.APPROVED)

    assert (refused.value.status, refused.value.code) == (403, "maker_is_checker")
    assert bank.decisions() == [] and bank.server.wallet(bank.juma) == KES(5_000)
    kamau = client.log_in("kamau", PASSWORD)
    assert client.decide(kamau, item.device_code, item.sequence, Verdict.APPROVED).booked


def test_an_expired_token_asks_for_the_password_again(bank: Bank) -> None:
    bank.contested_reversal(bank.nairobi)
    client = client_of(bank)
    otieno = client.log_in("otieno", PASSWORD)
    bank.server.clock.advance(minutes=30)  # the token's whole life

    for call in (lambda: client.queue(otieno), lambda: client.decide(otieno, "K7Q2", 3, Verdict.APPROVED)):
        with pytest.raises(SessionExpired) as expired:
            call()
        assert (expired.value.status, expired.value.code) == (401, "token_expired")
    assert bank.decisions() == []

    assert len(client.queue(client.log_in("otieno", PASSWORD)).items) == 1


def test_a_forged_token_is_refused_as_a_session_to_open_again(bank: Bank) -> None:
    client = client_of(bank)
    real = client.log_in("otieno", PASSWORD)
    forged = SupervisorSession(real.token[:-4] + "AAAA", real.expires_at, real.user)

    with pytest.raises(SessionExpired) as expired:
        client.queue(forged)

    assert expired.value.code == "token_invalid"


def test_no_answer_or_a_failing_server_is_a_link_down(bank: Bank) -> None:
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    def failing(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"error": {"code": "unavailable", "message": "database down"}})

    def cut_short(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, content=b'{"token": "eyJ')

    for handler in (unreachable, failing, cut_short):
        with pytest.raises(LinkDown):
            client_of(bank, httpx.MockTransport(handler)).log_in("otieno", PASSWORD)
