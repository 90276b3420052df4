"""What every service needs, wired once: the store, the clock, the device and its key.

Passed in, never global: tests give a fixed clock and an in-memory key, the app the real ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, select

from desktop_app.store import schema
from desktop_app.store.database import Store
from desktop_app.store.pulled import LIMIT_TABLE_KEY
from shared_core import canonical
from shared_core.business_day import bank_utc_offset_minutes
from shared_core.channels import Channel
from shared_core.journal import JournalEntry
from shared_core.limits import LimitTable, parse_limit_table
from shared_core.passwords import LockoutPolicy
from shared_core.roles import Role


_LIMIT_TABLE_BYTES = select(schema.settings.c.value).where(schema.settings.c.key == LIMIT_TABLE_KEY)


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class Device:
    device_code: str
    channel: Channel
    location_code: str
    location_name: str
    cash_account: str
    vault_account: str | None
    bank_name: str
    server_url: str | None = None  # set at enrolment
    server_public_key_hex: str | None = None  # pinned at enrolment


@dataclass(frozen=True, slots=True)
class Session:
    """A logged-in user on this device."""

    user_id: str
    display_name: str
    role: Role


@dataclass
class ServiceContext:
    store: Store
    device: Device
    clock: Clock = field(default_factory=SystemClock)
    device_key: Ed25519PrivateKey | None = None  # signs receipt seals
    utc_offset_minutes: int = bank_utc_offset_minutes  # the app passes the OS's offset
    lockout: LockoutPolicy = field(default_factory=LockoutPolicy)
    is_online: Callable[[], bool] = lambda: False  # the sync client answers this (sync issue)
    new_entry_id: Callable[[], str] = lambda: str(uuid.uuid4())
    _limit_table: LimitTable | None = None
    _limit_table_bytes: bytes | None = None
    head_cache: JournalEntry | None = None  # the last entry appended here, checked against the store

    def limit_table(self, connection: Connection) -> LimitTable:
        """The limit table in force, read in the caller's transaction; parsed again only when
        its stored bytes change (a pull brought a new version)."""
        raw = connection.execute(_LIMIT_TABLE_BYTES).scalar()
        if raw is None:
            raise RuntimeError("this device has no limit table; set it up (enrol) first")
        if self._limit_table is None or self._limit_table_bytes != raw:
            self._limit_table = parse_limit_table(canonical.decode(raw))  # type: ignore[arg-type]
            self._limit_table_bytes = raw
        return self._limit_table

    def local_date(self) -> str:
        """Today's date where the device is: the business date when no till says otherwise."""
        return (self.clock.now() + timedelta(minutes=self.utc_offset_minutes)).date().isoformat()


def load_device(store: Store) -> Device:
    with store.read() as connection:
        row = connection.execute(select(schema.device)).first()
    if row is None:
        raise RuntimeError("this device is not set up yet")
    return Device(
        device_code=row.device_code,
        channel=Channel(row.channel),
        location_code=row.location_code,
        location_name=row.location_name,
        cash_account=row.cash_account,
        vault_account=row.vault_account,
        bank_name=row.bank_name,
        server_url=row.server_url,
        server_public_key_hex=row.server_public_key_hex,
    )
