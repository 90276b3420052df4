"""Head office's answers for the desktop's head office screens, as the server sends them (wire
dicts, read by the desktop's own parsers) and a fake client with HeadOfficeClient's interface,
for GUI tests that run without a server. The figures are a plausible year of a small bank:

    Loan book on 2026-11-24      KES 48,600,000.00 in 1,284 active loans (212 closed)
      normal 41,300,000 · watch 4,760,000 · substandard 1,520,000 · doubtful 640,000 · loss 380,000
      NPL  (substandard + doubtful + loss)      KES 2,540,000.00   5.23%
      PAR30 (more than 30 days past due)        KES 3,610,000.00   7.43%
    A year of history, month ends, the book growing from KES 31.2 million
    Five SMEs with seven facilities; insurance: 412 personal accident, 38 WIBA, 57 asset all risk
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from desktop_app.sync.client import LinkDown, ServerRefused
from desktop_app.sync.head_office import parse_devices
from desktop_app.sync.portfolio import parse_portfolio
from desktop_app.sync.reconciliation_report import parse_reconciliation
from desktop_app.sync.supervision import SessionExpired, SupervisorSession, SupervisorUser
from shared_core.channels import Channel
from shared_core.device_register import DeviceRegister, EnrolmentCode, Revocation
from shared_core.portfolio_report import Portfolio
from shared_core.reconciliation_report import ReconciliationReport
from shared_core.roles import Role
from tests.wire_samples import device_day, device_line

HEAD_OFFICE_PASSWORD = "HeadOffice-2026!"
DAY = date(2026, 11, 24)
SHILLING = 100
MILLION = 1_000_000 * SHILLING


def ratio(part_cents: int, whole_cents: int) -> str:
    """As shared_core.loan_portfolio makes them: four places, half up; 0 for an empty book."""
    if not whole_cents:
        return "0.0000"
    return str((Decimal(part_cents) / Decimal(whole_cents)).quantize(Decimal("0.0001"), ROUND_HALF_UP))


# --- the portfolio --------------------------------------------------------------------------------

CLASSES = (  # classification, loans, outstanding in cents
    ("normal", 1_102, 41_300_000 * SHILLING),
    ("watch", 96, 4_760_000 * SHILLING),
    ("substandard", 41, 1_520_000 * SHILLING),
    ("doubtful", 27, 640_000 * SHILLING),
    ("loss", 18, 380_000 * SHILLING),
)
OUTSTANDING = sum(cents for _, _, cents in CLASSES)  # 48,600,000.00
NPL = 1_520_000 * SHILLING + 640_000 * SHILLING + 380_000 * SHILLING
PAR30 = 3_610_000 * SHILLING
# Month ends of the year before: outstanding (KES million), NPL and PAR30 in basis points.
HISTORY = (
    ("2025-11-30", "31.2", 392, 611), ("2025-12-31", "32.8", 401, 598), ("2026-01-31", "33.9", 418, 640),
    ("2026-02-28", "35.1", 436, 655), ("2026-03-31", "36.4", 447, 662), ("2026-04-30", "38.0", 455, 671),
    ("2026-05-31", "39.7", 462, 690), ("2026-06-30", "41.2", 470, 702), ("2026-07-31", "42.6", 481, 711),
    ("2026-08-31", "44.3", 495, 724), ("2026-09-30", "45.9", 508, 731), ("2026-10-31", "47.4", 516, 738),
)  # fmt: skip


def portfolio_wire(**changes: Any) -> dict[str, Any]:
    wire: dict[str, Any] = {
        "as_of": DAY.isoformat(),
        "loan_book": {
            "active_loans": sum(loans for _, loans, _ in CLASSES),
            "closed_loans": 212,
            "outstanding_cents": OUTSTANDING,
            "npl_cents": NPL,
            "npl_ratio": ratio(NPL, OUTSTANDING),
            "par30_cents": PAR30,
            "par30_ratio": ratio(PAR30, OUTSTANDING),
            "by_classification": [
                {"classification": name, "loans": loans, "outstanding_cents": cents}
                for name, loans, cents in CLASSES
            ],
            "by_product": [
                {
                    "product": "boost",
                    "name": "Boost",
                    "active_loans": 1_247,
                    "outstanding_cents": 14_150_000 * SHILLING,
                    "npl_ratio": "0.0712",
                    "par30_ratio": "0.0958",
                },
                {
                    "product": "sme_working_capital",
                    "name": "SME Working Capital",
                    "active_loans": 37,
                    "outstanding_cents": 34_450_000 * SHILLING,
                    "npl_ratio": "0.0445",
                    "par30_ratio": "0.0654",
                },
            ],
        },
        "history": [
            {
                "as_of": day,
                "outstanding_cents": int(Decimal(millions) * MILLION),
                "npl_ratio": f"0.{npl:04d}",
                "par30_ratio": f"0.{par30:04d}",
            }
            for day, millions, npl, par30 in HISTORY
        ]
        + [
            {
                "as_of": DAY.isoformat(),
                "outstanding_cents": OUTSTANDING,
                "npl_ratio": ratio(NPL, OUTSTANDING),
                "par30_ratio": ratio(PAR30, OUTSTANDING),
            }
        ],
        "smes": [
            sme(
                "C0004410",
                "Wekeza Hardware Ltd",
                "retail",
                48_000_000,
                [
                    facility("BR-K7Q2-000118-M", 3_000_000, 2_150_000, "normal", 0),
                    facility("BR-K7Q2-000342-P", 1_500_000, 1_380_000, "normal", 0),
                ],
            ),
            sme(
                "C0004587",
                "Mama Mboga Fresh Produce",
                "agriculture",
                9_600_000,
                [
                    facility("AG-X9P3-000061-C", 800_000, 612_500, "watch", 41),
                ],
            ),
            sme(
                "C0004702",
                "Kibera Builders & Sons",
                "construction",
                22_000_000,
                [
                    facility("BR-M4T8-000027-Q", 2_500_000, 2_310_000, "substandard", 104),
                    facility("BR-M4T8-000190-D", 600_000, 0, None, 0, status="closed"),
                ],
            ),
            sme(
                "C0004815",
                "Nyota Tech Solutions",
                "technology",
                15_500_000,
                [
                    facility(None, 1_200_000, 1_200_000, "normal", 0),
                ],
            ),
            sme(
                "C0004933",
                "Pwani Hotels Ltd",
                "hospitality",
                None,
                [
                    facility("BR-K7Q2-000455-H", 4_000_000, 3_870_000, "doubtful", 212),
                ],
            ),
        ],
        "policies": [
            {
                "product": "personal_accident",
                "sold": 412,
                "in_force": 356,
                "lapsed": 56,
                "premiums_cents": 1_236_000 * SHILLING,
            },
            {
                "product": "wiba",
                "sold": 38,
                "in_force": 35,
                "lapsed": 3,
                "premiums_cents": 2_918_400 * SHILLING,
            },
            {
                "product": "asset_all_risk",
                "sold": 57,
                "in_force": 49,
                "lapsed": 8,
                "premiums_cents": 1_804_700 * SHILLING,
            },
        ],
    }
    wire.update(changes)
    return wire


def sme(
    cif: str, name: str, sector: str | None, turnover: int | None, facilities: list[dict]
) -> dict[str, Any]:
    return {
        "cif": cif,
        "name": name,
        "sector": sector,
        "annual_turnover_cents": None if turnover is None else turnover * SHILLING,
        "facilities": facilities,
    }


def facility(
    reference: str | None,
    principal: int,
    outstanding: int,
    classification: str | None,
    days: int,
    *,
    status: str = "active",
) -> dict[str, Any]:
    return {
        "reference": reference,
        "product": "sme_working_capital",
        "principal_cents": principal * SHILLING,
        "outstanding_cents": outstanding * SHILLING,
        "status": status,
        "classification": classification,
        "days_past_due": days,
    }


def sample_portfolio() -> Portfolio:
    return parse_portfolio(portfolio_wire())


# --- the reconciliation -----------------------------------------------------------------------------


def reconciliation_wire(**changes: Any) -> dict[str, Any]:
    """Nairobi CBD on 2026-11-24: K7Q2 over by 100, M4T8 short by 100 with its clock 10 minutes ahead,
    P3Q9 never synced; at Kibera the agent X9P3 overdrew Juma offline (EX-7, open)."""
    wire: dict[str, Any] = {
        "business_date": DAY.isoformat(),
        "location_code": None,
        "generated_at": "2026-11-24T17:00:00.000000Z",
        "unresolved": True,
        "issues": [
            {
                "kind": "gap",
                "location_code": "NBO-001",
                "device_code": "P3Q9",
                "subject": "P3Q9",
                "message": "Device P3Q9 never synced since its enrolment at 2026-11-24T06:00:00.000000Z: its "
                "entries of the day may not have arrived",
            },
            {
                "kind": "open_exception",
                "location_code": "AG-0042",
                "device_code": "X9P3",
                "subject": "EX-7",
                "message": "EX-7 offline_overdraft on wallet:C0001234: KES 1,500.00 (AG-X9P3-000012-K) is open",
            },
        ],
        "totals": [
            {"kind": "cash_deposit", "count": 14, "amount_cents": 186_500_00},
            {"kind": "cash_withdrawal", "count": 9, "amount_cents": 74_200_00},
            {"kind": "transfer", "count": 3, "amount_cents": 12_000_00},
        ],
        "locations": [
            {
                "code": "NBO-001",
                "kind": "branch",
                "name": "Nairobi CBD Branch",
                "devices": [
                    device_day("K7Q2", rejected=0, booked_with_exception=0, entries=12, booked=12),
                    device_day(
                        "M4T8",
                        clock_skew_s=600,
                        clock_skew_flagged=True,
                        entries=8,
                        booked=7,
                        rejected=1,
                        booked_with_exception=0,
                    ),
                    device_day(
                        "P3Q9",
                        enrolled_at="2026-11-24T06:00:00.000000Z",
                        last_batch_at=None,
                        last_sequence=0,
                        batches_received=0,
                        first_sequence_of_day=None,
                        last_sequence_of_day=None,
                        entries=0,
                        booked=0,
                        booked_with_exception=0,
                        rejected=0,
                        clock_skew_s=None,
                        gap={
                            "never_synced": True,
                            "since": "2026-11-24T06:00:00.000000Z",
                            "last_sequence": 0,
                        },
                    ),
                ],
                "totals": [{"kind": "cash_deposit", "count": 10, "amount_cents": 150_000_00}],
                "tills": [
                    {
                        "device_code": "K7Q2",
                        "teller": "wanjiru",
                        "teller_name": "Wanjiru Kamau",
                        "opened_reference": "BR-K7Q2-000031-A",
                        "closed_reference": "BR-K7Q2-000040-B",
                        "opening_float_cents": 50_000_00,
                        "expected_cents": 53_000_00,
                        "declared_cents": 53_100_00,
                        "difference_cents": 100_00,
                        "booked_over_short_cents": 100_00,
                        "status": "over",
                    },
                    {
                        "device_code": "M4T8",
                        "teller": "achieng",
                        "teller_name": "Achieng Atieno",
                        "opened_reference": "BR-M4T8-000031-C",
                        "closed_reference": "BR-M4T8-000038-D",
                        "opening_float_cents": 50_000_00,
                        "expected_cents": 51_000_00,
                        "declared_cents": 50_900_00,
                        "difference_cents": -100_00,
                        "booked_over_short_cents": -100_00,
                        "status": "short",
                    },
                ],
                "tellers": [
                    {
                        "user_id": "achieng",
                        "name": "Achieng Atieno",
                        "tills": 1,
                        "over_cents": 0,
                        "short_cents": 100_00,
                    },
                    {
                        "user_id": "wanjiru",
                        "name": "Wanjiru Kamau",
                        "tills": 1,
                        "over_cents": 100_00,
                        "short_cents": 0,
                    },
                ],
                "cash_positions": [
                    {
                        "account": "vault:NBO-001",
                        "opening_cents": 2_000_000_00,
                        "movement_cents": 0,
                        "closing_cents": 2_000_000_00,
                    }
                ],
            },
            {
                "code": "AG-0042",
                "kind": "agent",
                "name": "Mama Mboga Shop, Kibera",
                "devices": [
                    device_day(
                        "X9P3",
                        channel="agent",
                        entries=6,
                        booked=6,
                        rejected=0,
                        booked_with_exception=1,
                        clock_skew_s=-35,
                        clock_skew_source="estimated",  # the agent only sent batches that day
                    )
                ],
                "totals": [{"kind": "cash_withdrawal", "count": 4, "amount_cents": 16_000_00}],
                "tills": [],
                "tellers": [],
                "cash_positions": [
                    {
                        "account": "float:AG-X9P3",
                        "opening_cents": -80_000_00,
                        "movement_cents": 4_000_00,
                        "closing_cents": -76_000_00,
                    }
                ],
            },
        ],
        "refused": [
            {
                "device_code": "M4T8",
                "sequence": 36,
                "reference": "BR-M4T8-000036-F",
                "kind": "transfer",
                "amount_cents": 1_000_00,
                "code": "insufficient_funds",
                "message": "The payer's wallet holds less than the transfer",
            },
        ],
        "refused_count": 1,
        "exceptions": [
            {
                "label": "EX-7",
                "code": "offline_overdraft",
                "status": "open",
                "device_code": "X9P3",
                "sequence": 12,
                "reference": "AG-X9P3-000012-K",
                "account": "wallet:C0001234",
                "amount_cents": 1_500_00,
                "note": None,
            },
        ],
        "exception_count": 1,
        "exception_counts": [{"code": "offline_overdraft", "open": 1, "resolved": 0}],
        "forks": [],
    }
    wire.update(changes)
    return wire


def sample_reconciliation(**changes: Any) -> ReconciliationReport:
    return parse_reconciliation(reconciliation_wire(**changes))


def reconciled_wire() -> dict[str, Any]:
    """The same day once the gap is revoked and EX-7 resolved: nothing unresolved."""
    wire = reconciliation_wire(issues=[], unresolved=False)
    wire["exceptions"] = [dict(wire["exceptions"][0], status="resolved", note="Juma repaid the KES 1,500")]
    return wire


# --- the devices ------------------------------------------------------------------------------------


def devices_wire() -> dict[str, Any]:
    return {
        "devices": [
            device_line("K7Q2"),
            device_line(
                "M4T8", clock_skew_s=600, clock_skew_flagged=True, last_seen_at="2026-11-24T16:51:40.000000Z"
            ),
            device_line(
                "P3Q9",
                enrolled_at="2026-11-24T06:00:00.000000Z",
                app_version=None,
                last_batch_at=None,
                last_sequence=0,
                last_seen_at=None,
                clock_skew_s=None,
            ),
            device_line(
                "R2D4",
                status="frozen",
                frozen_reason="Its journal forked at entries 1-3",
                last_batch_at="2026-11-20T10:02:11.000000Z",
                last_seen_at="2026-11-20T10:02:11.000000Z",
            ),
            device_line(
                "X9P3",
                channel="agent",
                location_code="AG-0042",
                location_name="Mama Mboga Shop, Kibera",
                clock_skew_s=-35,
                last_sequence=212,
            ),
            device_line(
                "W6H1",
                status="revoked",
                last_batch_at="2026-10-02T12:00:00.000000Z",
                last_seen_at="2026-10-02T12:00:00.000000Z",
                clock_skew_s=None,
            ),
        ],
        "locations": [
            {"code": "NBO-001", "name": "Nairobi CBD Branch", "channel": "branch"},
            {"code": "MSA-002", "name": "Mombasa Moi Avenue", "channel": "branch"},
            {"code": "AG-0042", "name": "Mama Mboga Shop, Kibera", "channel": "agent"},
        ],
    }


def sample_devices() -> DeviceRegister:
    return parse_devices(devices_wire())


# --- a fake head office -----------------------------------------------------------------------------


@dataclass
class FakeHeadOffice:
    """HeadOfficeClient's interface over the answers above: records what was asked; `fail_next`
    makes the next call raise (a dropped link, an expired session...)."""

    portfolio_answer: Portfolio = field(default_factory=sample_portfolio)
    reconciliation_answer: ReconciliationReport = field(default_factory=sample_reconciliation)
    register: DeviceRegister = field(default_factory=sample_devices)
    calls: list[tuple[Any, ...]] = field(default_factory=list)
    fail_next: Exception | None = None
    logins: int = 0
    closed: bool = False

    def _call(self, *call: Any) -> None:
        self.calls.append(call)
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error

    def close(self) -> None:
        self.closed = True

    def log_in(self, user_id: str, password: str) -> SupervisorSession:
        self._call("log_in", user_id)
        if password != HEAD_OFFICE_PASSWORD:
            raise ServerRefused(401, "authentication_failed", "The user name or password is not right")
        self.logins += 1
        user = SupervisorUser(user_id, "Njeri Wambui", Role.HEAD_OFFICE, None)
        return SupervisorSession(f"token-{self.logins}", "2026-11-24T17:30:00.000000Z", user)

    def reconciliation(
        self, session: SupervisorSession, business_date: date, branch: str | None = None
    ) -> ReconciliationReport:
        self._call("reconciliation", session.token, business_date, branch)
        return self.reconciliation_answer

    def portfolio(self, session: SupervisorSession, as_of: date, months: int) -> Portfolio:
        self._call("portfolio", session.token, as_of, months)
        return self.portfolio_answer

    def devices(self, session: SupervisorSession) -> DeviceRegister:
        self._call("devices", session.token)
        return self.register

    def issue_enrolment_code(
        self, session: SupervisorSession, location_code: str, channel: Channel
    ) -> EnrolmentCode:
        self._call("issue_enrolment_code", session.token, location_code, channel)
        return EnrolmentCode("7KQ2-M4T8-X9P3", "T5V8", location_code, "2026-11-27T17:00:00.000000Z")

    def revoke_device(self, session: SupervisorSession, device_code: str, reason: str) -> Revocation:
        self._call("revoke_device", session.token, device_code, reason)
        self.register = replace(
            self.register,
            devices=tuple(
                replace(line, status="revoked") if line.device_code == device_code else line
                for line in self.register.devices
            ),
        )
        return Revocation(device_code, "revoked")


def link_down() -> LinkDown:
    return LinkDown("ConnectError: no route to head office")


def session_expired() -> SessionExpired:
    return SessionExpired(401, "token_expired", "The login has expired")
