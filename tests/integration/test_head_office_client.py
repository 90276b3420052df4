"""Head office's desktop client against the real server app over HTTP (httpx's WSGI transport), on
an SQLite file and on a fresh MySQL database; then the client's strictness with answers the
server never sends (httpx's mock transport).

The day of tests/integration/test_reconciliation.py, at Nairobi CBD on 2026-11-24: Wanjiru's till
(K7Q2) counted 100 over, Achieng's (M4T8) 100 short, P3Q9 enrolled and never synced. Njeri at
head office logs in with her password and reads it:

    UNRESOLVED: 1 item       the gap, P3Q9, never synced since its enrolment at 06:00 UTC
    tills                    wanjiru over +100.00, achieng short -100.00

The portfolio: Juma holds one Boost loan of KES 5,000 disbursed that day at Kibera (X9P3). The
devices: Njeri lists them, issues a one-time code for a new PC at Kibera, and revokes P3Q9.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from desktop_app.sync.client import LinkDown, ServerRefused
from desktop_app.sync.head_office import HeadOfficeClient
from desktop_app.sync.portfolio import parse_portfolio
from desktop_app.sync.reconciliation_report import parse_reconciliation
from desktop_app.sync.supervision import SessionExpired, SupervisorSession, SupervisorUser
from desktop_app.sync.wire_reading import MalformedAnswer
from shared_core.channels import Channel
from shared_core.loan_terms import LoanClassification
from shared_core.money import Money
from shared_core.roles import Role
from sync_server.app import create_app
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.settings import Settings
from tests.device_builders import password_hash
from tests.head_office_builders import devices_wire, portfolio_wire, reconciliation_wire
from tests.integration.test_reconciliation import DAY, Branch, branch, report_of, server  # noqa: F401
from tests.integration.test_server_loans import agent, lent  # noqa: F401
from tests.server_builders import Server, database_url  # noqa: F401
from tests.wire_samples import MISSING, altered

KES = Money.shillings
PASSWORD = "HeadOffice-2026!"
THE_DAY = date.fromisoformat(DAY)


def head_office(server: Server, tmp_path: Path) -> tuple[HeadOfficeClient, httpx.WSGITransport]:  # noqa: F811
    """Njeri (head office) and Otieno (a branch supervisor) at the server; the client over HTTP."""
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(
            schema.users.insert(),
            [
                {
                    "user_id": "njeri",
                    "display_name": "Njeri Wambui",
                    "role": "head_office",
                    "location_code": None,
                    "password_hash": password_hash(PASSWORD),
                    "active": True,
                }
            ],
        )
        uow.connection.execute(
            schema.users.update()
            .where(schema.users.c.user_id == "otieno")
            .values(password_hash=password_hash(PASSWORD))
        )
        uow.commit()
    settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
    app = create_app(settings, server.database, server_key=server.key, clock=server.clock)
    transport = httpx.WSGITransport(app=app)
    return HeadOfficeClient("http://wekeza.test/", transport=transport), transport


def skip_unless_served(client: HeadOfficeClient, session: SupervisorSession, path: str) -> None:
    """The portfolio and device routes come with the server's own work on them: until they answer, skip."""
    answer = client._http.get(path, headers={"Authorization": f"Bearer {session.token}"})
    if answer.status_code in (404, 405):
        pytest.skip(f"the server does not serve {path} yet ({answer.status_code})")


# --- the reconciliation -----------------------------------------------------------------------------


def test_head_office_reads_the_day_as_the_server_reconciled_it(
    branch: Branch,  # noqa: F811
    tmp_path: Path,
) -> None:
    client, _ = head_office(branch.server, tmp_path)
    session = client.log_in("njeri", PASSWORD)

    report = client.reconciliation(session, THE_DAY)

    assert report == parse_reconciliation(report_of(branch.server).to_wire())  # nothing lost on the way
    assert report.unresolved and [(issue.kind, issue.device_code) for issue in report.issues] == [
        ("gap", "P3Q9")
    ]
    devices = {device.device_code: device for _, device in report.devices}
    assert devices["P3Q9"].gap is not None and devices["P3Q9"].gap.never_synced
    assert devices["P3Q9"].gap.since == "2026-11-24T06:00:00.000000Z"
    assert (devices["K7Q2"].entries, devices["K7Q2"].booked, devices["K7Q2"].clock_skew_s) == (5, 5, -30)
    tills = {till.teller: (till.status, till.difference) for _, till in report.tills}
    assert tills == {"wanjiru": ("over", KES(100)), "achieng": ("short", KES(-100))}
    tellers = {teller.user_id: (teller.over, teller.short) for _, teller in report.tellers}
    assert tellers == {"wanjiru": (KES(100), Money(0)), "achieng": (Money(0), KES(100))}


def test_one_branch_and_an_unknown_branch(branch: Branch, tmp_path: Path) -> None:  # noqa: F811
    client, _ = head_office(branch.server, tmp_path)
    session = client.log_in("njeri", PASSWORD)

    nairobi = client.reconciliation(session, THE_DAY, "NBO-001")
    assert nairobi.location_code == "NBO-001" and [location.code for location in nairobi.locations] == [
        "NBO-001"
    ]

    with pytest.raises(ServerRefused) as refused:
        client.reconciliation(session, THE_DAY, "NBO-999")
    assert (refused.value.status, refused.value.code) == (404, "not_found")
    with pytest.raises(ServerRefused) as not_begun:
        client.reconciliation(session, date(2026, 11, 25))
    assert (not_begun.value.status, not_begun.value.code) == (400, "invalid_input")


def test_a_branch_supervisor_may_not_read_head_office_s_reconciliation(
    branch: Branch,  # noqa: F811
    tmp_path: Path,
) -> None:
    client, _ = head_office(branch.server, tmp_path)
    otieno = client.log_in("otieno", PASSWORD)
    with pytest.raises(ServerRefused) as refused:
        client.reconciliation(otieno, THE_DAY)
    assert refused.value.status == 403 and not isinstance(refused.value, SessionExpired)


def test_a_token_head_office_no_longer_accepts_is_a_session_expired(
    branch: Branch,  # noqa: F811
    tmp_path: Path,
) -> None:
    client, _ = head_office(branch.server, tmp_path)
    session = client.log_in("njeri", PASSWORD)
    branch.server.clock.advance(minutes=31)  # tokens last 30 minutes
    with pytest.raises(SessionExpired):
        client.reconciliation(session, THE_DAY)


# --- the portfolio ----------------------------------------------------------------------------------


def test_the_portfolio_holds_juma_s_boost_loan(
    server: Server,  # noqa: F811
    lent: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    client, _ = head_office(server, tmp_path)
    session = client.log_in("njeri", PASSWORD)
    skip_unless_served(client, session, "/v1/portfolio?date=2026-11-24&months=3")

    portfolio = client.portfolio(session, THE_DAY, 3)

    book = portfolio.loan_book
    assert portfolio.as_of == THE_DAY
    assert (book.active_loans, book.closed_loans, book.outstanding) == (1, 0, KES(5_000))
    assert (book.npl, book.npl_ratio, book.par30, book.par30_ratio) == (
        Money(0),
        Decimal(0),
        Money(0),
        Decimal(0),
    )
    classes = {line.classification: (line.loans, line.outstanding) for line in book.by_classification}
    assert classes[LoanClassification.NORMAL] == (1, KES(5_000))
    products = {line.product: (line.active_loans, line.outstanding) for line in book.by_product}
    assert products == {"boost": (1, KES(5_000)), "sme_working_capital": (0, Money(0))}
    assert portfolio.history and [point.as_of for point in portfolio.history] == sorted(
        point.as_of for point in portfolio.history
    )
    assert portfolio.history[-1].as_of <= THE_DAY and portfolio.smes == ()  # Juma borrows as a person


# --- the devices ------------------------------------------------------------------------------------


def test_head_office_lists_enrols_and_revokes_devices(branch: Branch, tmp_path: Path) -> None:  # noqa: F811
    client, _ = head_office(branch.server, tmp_path)
    session = client.log_in("njeri", PASSWORD)
    skip_unless_served(client, session, "/v1/devices")

    register = client.devices(session)
    devices = {device.device_code: device for device in register.devices}
    assert set(devices) == {"K7Q2", "M4T8", "P3Q9"}
    assert devices["P3Q9"].last_batch_at is None and devices["P3Q9"].status == "active"
    assert devices["K7Q2"].last_sequence == 5 and devices["K7Q2"].channel is Channel.BRANCH
    assert {(location.code, location.channel) for location in register.locations} >= {
        ("NBO-001", Channel.BRANCH),
        ("AG-0042", Channel.AGENT),
    }

    code = client.issue_enrolment_code(session, "AG-0042", Channel.AGENT)
    assert code.location_code == "AG-0042" and len(code.enrolment_code.replace("-", "")) == 12
    assert code.enrolment_code not in repr(code)  # a credential until spent: never in a log line

    revocation = client.revoke_device(session, "P3Q9", "Laptop stolen from the branch")
    assert (revocation.device_code, revocation.status) == ("P3Q9", "revoked")
    assert {device.device_code: device.status for device in client.devices(session).devices}[
        "P3Q9"
    ] == "revoked"
    assert not client.reconciliation(session, THE_DAY).unresolved  # the gap is gone with the device


# --- strictness: answers the server never sends -------------------------------------------------------


def answering(body: object, status: int = 200) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, content=json.dumps(body).encode())


def mock_client(
    handler: Callable[[httpx.Request], httpx.Response],
) -> tuple[HeadOfficeClient, SupervisorSession]:
    client = HeadOfficeClient("http://wekeza.test/", transport=httpx.MockTransport(handler))
    user = SupervisorUser("njeri", "Njeri Wambui", Role.HEAD_OFFICE, None)
    return client, SupervisorSession("a-token", "2026-11-24T09:30:00.000000Z", user)


@pytest.mark.parametrize(
    ("path", "value", "field", "problem"),
    [
        (
            ("locations", 0, "devices", 1, "entries"),
            "8",
            "locations[0].devices[1].entries",
            "not a whole number",
        ),
        (
            ("locations", 0, "devices", 1, "entries"),
            8.0,
            "locations[0].devices[1].entries",
            "not a whole number",
        ),
        (
            ("locations", 0, "tills", 0, "declared_cents"),
            True,
            "locations[0].tills[0].declared_cents",
            "not a whole number",
        ),
        (("refused", 0, "amount_cents"), -100, "refused[0].amount_cents", "below 0"),
        (("generated_at",), "24/11/2026 17:00", "generated_at", "UTC time"),
        (("locations", 0, "devices", 2, "gap"), "never", "locations[0].devices[2].gap", "not a JSON object"),
        (("unresolved",), False, "unresolved", "False with 2 issue(s)"),
        (("exceptions", 0, "label"), MISSING, "exceptions[0].label", "missing"),
    ],
)
def test_a_reconciliation_answer_not_as_the_server_sends_it_is_refused_naming_the_field(
    path: tuple[object, ...], value: object, field: str, problem: str
) -> None:
    client, session = mock_client(answering(altered(reconciliation_wire(), path, value)))
    with pytest.raises(MalformedAnswer) as malformed:
        client.reconciliation(session, THE_DAY)
    assert malformed.value.field == field and problem in malformed.value.problem
    assert isinstance(malformed.value, LinkDown)  # shown as head office not answering properly


@pytest.mark.parametrize(
    ("path", "value", "field", "problem"),
    [
        (("loan_book", "npl_ratio"), "1.5", "loan_book.npl_ratio", "not between 0 and 1"),
        (("loan_book", "npl_ratio"), 0.0523, "loan_book.npl_ratio", "not text"),
        (("loan_book", "par30_ratio"), "NaN", "loan_book.par30_ratio", "not a ratio"),
        (
            ("loan_book", "by_classification", 1, "classification"),
            "special_mention",
            "loan_book.by_classification[1].classification",
            "none of normal, watch",
        ),
        (("policies", 0, "product"), "motor", "policies[0].product", "none of personal_accident"),
        (("history", 3, "as_of"), "2025-01-31", "history", "oldest first"),
        (("loan_book", "npl_cents"), 99 * 10**9, "loan_book.npl_cents", "more than the whole book"),
        (
            ("smes", 0, "facilities", 0, "outstanding_cents"),
            1.5,
            "smes[0].facilities[0].outstanding_cents",
            "not a whole number",
        ),
        (("as_of",), "2026-11-24T00:00:00Z", "as_of", "not a date"),
    ],
)
def test_a_portfolio_answer_not_as_the_server_sends_it_is_refused_naming_the_field(
    path: tuple[object, ...], value: object, field: str, problem: str
) -> None:
    client, session = mock_client(answering(altered(portfolio_wire(), path, value)))
    with pytest.raises(MalformedAnswer) as malformed:
        client.portfolio(session, THE_DAY, 12)
    assert malformed.value.field == field and problem in malformed.value.problem


def test_a_devices_answer_with_an_unknown_channel_or_a_revocation_of_another_device_is_refused() -> None:
    client, session = mock_client(answering(altered(devices_wire(), ("devices", 0, "channel"), "kiosk")))
    with pytest.raises(MalformedAnswer, match=r"devices\[0\]\.channel"):
        client.devices(session)
    client, session = mock_client(answering({"device_code": "M4T8", "status": "revoked"}))
    with pytest.raises(MalformedAnswer, match="not the device revoked"):
        client.revoke_device(session, "K7Q2", "Stolen")


def test_the_wire_samples_read_as_the_dashboard_shows_them() -> None:
    portfolio = parse_portfolio(portfolio_wire())
    assert portfolio.loan_book.outstanding == KES(48_600_000)
    assert (portfolio.loan_book.npl_ratio, portfolio.loan_book.par30_ratio) == (
        Decimal("0.0523"),
        Decimal("0.0743"),
    )
    assert sum((line.outstanding for line in portfolio.loan_book.by_classification), Money(0)) == KES(
        48_600_000
    )


def test_no_answer_is_link_down_and_a_refusal_keeps_its_code() -> None:
    def dead(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route to head office", request=request)

    client, session = mock_client(dead)
    with pytest.raises(LinkDown):
        client.portfolio(session, THE_DAY, 12)
    refusal = {"error": {"code": "invalid_input", "message": "months: 0 to 36"}}
    client, session = mock_client(answering(refusal, 400))
    with pytest.raises(ServerRefused) as refused:
        client.portfolio(session, THE_DAY, 12)
    assert (refused.value.status, refused.value.code) == (400, "invalid_input")


def test_what_the_client_asks_is_checked_before_anything_is_sent() -> None:
    sent: list[httpx.Request] = []
    client, session = mock_client(lambda request: sent.append(request) or httpx.Response(500))
    with pytest.raises(ValueError, match="reason"):
        client.revoke_device(session, "K7Q2", "   ")
    with pytest.raises(ValueError, match="no device"):
        client.revoke_device(session, "../../v1/x", "Stolen")
    with pytest.raises(ValueError, match="months"):
        client.portfolio(session, THE_DAY, 37)
    assert sent == []
