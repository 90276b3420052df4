"""Builders for a device's world: a branch or agent device with its users, customers and
allowance, on a real SQLite file, with a fixed clock. Tests read like a day at the counter."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_app.services.context import Device, ServiceContext, Session
from desktop_app.services.login import log_in
from desktop_app.services.setup import set_up_device
from desktop_app.store.database import Store, open_store
from desktop_app.store.paths import STORE_FILE_NAME
from desktop_app.store.pulled import put_account, put_allowance, put_customer, put_product_policies, put_user
from resources import resource_bytes
from shared_core.accounts import float_account, till_account, vault_account, wallet_account
from shared_core.channels import Channel
from shared_core.journal import format_timestamp
from shared_core.money import Money
from shared_core.passwords import hash_password
from shared_core.signing import generate_private_key

repo_root = Path(__file__).resolve().parents[1]
PASSWORD = "Counter-2026!"
SUPERVISOR_PASSWORD = "Supervise-2026!"


def default_limit_table() -> dict:
    return json.loads((repo_root / "resources" / "limits" / "limit_table.json").read_text(encoding="utf-8"))


@functools.cache
def password_hash(password: str) -> str:
    return hash_password(password, b"wekeza-test-salt")  # a fixed salt: tests only


class FixedClock:
    """Stands still until told to move."""

    def __init__(self, moment: datetime = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@dataclass
class Counter:
    """A device set up and ready: its context, and sessions for its teller (or agent) and supervisor."""

    context: ServiceContext
    clock: FixedClock
    teller: Session
    supervisor: Session

    @property
    def store(self) -> Store:
        return self.context.store


def make_counter(
    data_dir: Path,
    *,
    channel: Channel = Channel.BRANCH,
    device_code: str = "K7Q2",
    allowance_out: Money = Money.shillings(1_000_000),
    allowance_in: Money = Money.shillings(2_000_000),
    allowance_per_customer: Money = Money.shillings(300_000),
    allowance_hours: float = 24,
    limit_table: dict | None = None,
    store: Store | None = None,
) -> Counter:
    clock = FixedClock()
    store = store or open_store(data_dir / STORE_FILE_NAME)
    branch = channel is Channel.BRANCH
    device = Device(
        device_code=device_code,
        channel=channel,
        location_code="NBO-001" if branch else "AG-0042",
        location_name="Nairobi CBD Branch" if branch else "Mama Mboga Shop, Kibera",
        cash_account=till_account(f"BR-{device_code}") if branch else float_account(f"AG-{device_code}"),
        vault_account=vault_account("NBO-001") if branch else None,
        bank_name="Wekeza Bank",
    )
    set_up_device(store, device, limit_table or default_limit_table())
    with store.write() as connection:  # what the first pull brings: the products head office lends by
        put_product_policies(connection, shipped_product_documents())
    maker_role = "teller" if branch else "agent"
    with store.write() as connection:
        put_user(connection, user_id="wanjiru", display_name="Wanjiru Kamau", role=maker_role,
                 password_hash=password_hash(PASSWORD))
        put_user(connection, user_id="otieno", display_name="Otieno Odhiambo", role="supervisor",
                 password_hash=password_hash(SUPERVISOR_PASSWORD))
        put_user(connection, user_id="achieng", display_name="Achieng Atieno", role="teller",
                 password_hash=password_hash(PASSWORD))
        put_allowance(
            connection,
            allowance_id="ALW-1",
            cash_out_cap_cents=allowance_out.cents,
            cash_in_cap_cents=allowance_in.cents,
            per_customer_cap_cents=allowance_per_customer.cents,
            issued_at=format_timestamp(clock.now()),
            expires_at=format_timestamp(clock.now() + timedelta(hours=allowance_hours)),
        )
    context = ServiceContext(store=store, device=device, clock=clock, device_key=generate_private_key())
    teller = log_in(context, "wanjiru", PASSWORD)
    supervisor = log_in(context, "otieno", SUPERVISOR_PASSWORD)
    return Counter(context, clock, teller, supervisor)


def add_customer(
    counter: Counter,
    cif: str = "C0001234",
    *,
    tier: int = 2,
    balance: Money = Money(0),
    national_id: str = "23456789",
    full_name: str = "Juma Mwangi",
    phone: str = "254712345678",
) -> str:
    with counter.store.write() as connection:
        put_customer(connection, cif=cif, national_id=national_id, full_name=full_name, phone=phone, kyc_tier=tier)
        put_account(connection, account=wallet_account(cif), cif=cif, label="Wallet", balance_cents=balance.cents)
    return cif


def assert_intact(counter: Counter) -> None:
    """The chain holds and local state equals a replay of the journal."""
    from desktop_app.store.replay import verify_journal

    with counter.store.read() as connection:
        report = verify_journal(connection)
    assert report.ok, report.summary()


def shipped_product_documents() -> dict[str, object]:
    """The product policies as head office ships them (resources/products), as the pull sends them."""
    return {
        "loans": json.loads(resource_bytes("products/loan_policy.json")),
        "credit": json.loads(resource_bytes("products/credit_policy.json")),
        "insurance": json.loads(resource_bytes("products/insurance_tariff.json")),
    }
