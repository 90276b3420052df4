"""`wekeza-server seed-demo`: a small bank to try the product on, from resources/demo/seed.json.

Idempotent: what exists is left alone, what is missing is added, so a second run changes nothing
but issues a fresh enrolment code (only a code's hash is kept, so an earlier one cannot be shown
again; it stays valid until it expires). Passwords are made for the users created by this run and
returned once, for the operator to read; nothing stores them.

Balances are never written by hand: the opening deposits are real journal entries of a seed
device at the branch counter ('5EED', its key made here and never kept), ingested like any batch,
so the server derives and books their postings and `check-ledger` holds. The cash then goes to
the branch vault, and the seed device is revoked: nothing more can come from it.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, select, update

from resources import resource_bytes
from shared_core import __version__
from shared_core.accounts import till_account, wallet_account
from shared_core.batch import encode_batch, make_batch
from shared_core.business_day import bank_date, bank_utc_offset_minutes
from shared_core.channels import Channel
from shared_core.credit_policy import BureauStatus
from shared_core.entry_details import EntryDetails
from shared_core.journal import JournalEntry, append_entry, operation_to_body, require_timestamp
from shared_core.limits import LimitTable, parse_limit_table
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind
from shared_core.references import device_code_alphabet, make_reference
from shared_core.results import EntryStatus, decode_acknowledgement
from shared_core.signing import generate_private_key, public_key_hex
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.credit import record_credit_profile
from sync_server.services.devices import DeviceStatus, register_device, revoke_device
from sync_server.services.enrolment import issue_enrolment_code
from sync_server.services.ingest import ingest_batch
from sync_server.services.limit_tables import issue_limit_table, limit_table_in_force
from sync_server.services.users import add_user, appoint_director, new_password_hash

password_groups = 3
password_group_length = 4

_d = schema.devices.c


@dataclass(frozen=True, slots=True)
class NewUser:
    user_id: str
    display_name: str
    role: str
    password: str  # shown once; only its hash is stored


@dataclass(frozen=True, slots=True)
class SeedReport:
    new_users: tuple[NewUser, ...]
    opening_entries_booked: int  # 0 when an earlier run booked them
    enrolment_code: str
    device_code: str
    location_code: str


def load_demo() -> dict[str, Any]:
    return json.loads(resource_bytes("demo/seed.json"))


def shipped_limit_table() -> LimitTable:
    return parse_limit_table(json.loads(resource_bytes("limits/limit_table.json")))


def seed_demo(
    database: Database, *, server_key: Ed25519PrivateKey, now: str, demo: Mapping[str, Any] | None = None
) -> SeedReport:
    require_timestamp(now, "now")
    demo = demo if demo is not None else load_demo()
    seed_device = demo["seed_device"]
    with UnitOfWork(database) as uow:
        connection = uow.connection
        _add_locations(connection, demo["locations"])
        new_users = _add_users(connection, demo["users"])
        _add_customers(connection, demo["customers"])
        for director in demo["directors"]:
            appoint_director(connection, cif=director["cif"], user_id=director["user_id"])
        _add_credit_profiles(connection, demo.get("credit_profiles", []), now)
        issue_limit_table(connection, shipped_limit_table())
        table = limit_table_in_force(connection, on_date=bank_date(now)) or shipped_limit_table()
        seed_key = _prepare_seed_device(connection, seed_device, now)
        uow.commit()
    booked = 0
    if seed_key is not None:
        booked = _book_opening_entries(database, seed_device, seed_key, table, server_key=server_key, now=now)
    with UnitOfWork(database) as uow:
        status = uow.connection.execute(
            select(_d.status).where(_d.device_code == seed_device["device_code"])
        ).scalar()
        if status != DeviceStatus.REVOKED:
            revoke_device(uow.connection, seed_device["device_code"])
        code, device_code = issue_enrolment_code(
            uow.connection, location_code=demo["enrolment_location"], now=now
        )
        uow.commit()
    return SeedReport(new_users, booked, code, device_code, demo["enrolment_location"])


def _add_locations(connection: Connection, locations: list[Mapping[str, Any]]) -> None:
    held = set(connection.execute(select(schema.locations.c.code)).scalars())
    for location in locations:
        if location["code"] not in held:
            assert location["kind"] in schema.LOCATION_KINDS, location
            connection.execute(schema.locations.insert().values(**location))


def _add_users(connection: Connection, users: list[Mapping[str, Any]]) -> tuple[NewUser, ...]:
    held = set(connection.execute(select(schema.users.c.user_id)).scalars())
    created = []
    for user in users:
        if user["user_id"] in held:
            continue
        password = _new_password()
        add_user(
            connection,
            user_id=user["user_id"],
            display_name=user["display_name"],
            role=user["role"],
            location_code=user["location_code"],
            password_hash=new_password_hash(password),
        )
        created.append(NewUser(user["user_id"], user["display_name"], user["role"], password))
    return tuple(created)


def _add_customers(connection: Connection, customers: list[Mapping[str, Any]]) -> None:
    held = set(connection.execute(select(schema.customers.c.cif)).scalars())
    for customer in customers:
        if customer["cif"] in held:
            continue
        connection.execute(schema.customers.insert().values(**customer))
        connection.execute(
            schema.accounts.insert().values(
                account=wallet_account(customer["cif"]), cif=customer["cif"], label="Wallet", balance_cents=0
            )
        )


def _add_credit_profiles(connection: Connection, profiles: list[Mapping[str, Any]], now: str) -> None:
    held = set(connection.execute(select(schema.credit_profiles.c.cif)).scalars())
    for profile in profiles:
        if profile["cif"] in held:
            continue
        turnover = profile.get("annual_turnover_cents")
        record_credit_profile(
            connection,
            profile["cif"],
            bureau_status=BureauStatus(profile["bureau_status"]),
            now=now,
            customer_since=date.fromisoformat(profile["customer_since"]),
            annual_turnover=None if turnover is None else Money(turnover),
            sector=profile.get("sector"),
            years_trading=profile.get("years_trading"),
            facilities_elsewhere=Money(profile.get("facilities_elsewhere_cents", 0)),
        )


def _new_password() -> str:
    """e.g. 'k7q2-m4t8-x9p3': 60 random bits, easy to read off a screen and type."""
    alphabet = device_code_alphabet.lower()
    groups = range(password_groups)
    return "-".join("".join(secrets.choice(alphabet) for _ in range(password_group_length)) for _ in groups)


def _prepare_seed_device(
    connection: Connection, seed_device: Mapping[str, Any], now: str
) -> Ed25519PrivateKey | None:
    """A fresh key for the seed device while nothing was booked from it; None once it was."""
    device_code = seed_device["device_code"]
    row = connection.execute(select(_d.last_sequence, _d.status).where(_d.device_code == device_code)).first()
    key = generate_private_key()
    if row is None:
        register_device(
            connection,
            device_code=device_code,
            channel=Channel.BRANCH,
            location_code=seed_device["location_code"],
            public_key_hex=public_key_hex(key),
            enrolled_at=now,
        )
        return key
    if row.last_sequence == 0 and row.status == DeviceStatus.ACTIVE:
        # An earlier run stopped before booking: its key is gone, so this run brings a new one.
        connection.execute(
            update(schema.devices)
            .where(_d.device_code == device_code)
            .values(public_key_hex=public_key_hex(key))
        )
        return key
    return None


def _book_opening_entries(
    database: Database,
    seed_device: Mapping[str, Any],
    key: Ed25519PrivateKey,
    table: LimitTable,
    *,
    server_key: Ed25519PrivateKey,
    now: str,
) -> int:
    """Each monthly deposit on its day in the months before today, each opening deposit today, at
    the seed device's till, then the till's cash into the vault."""
    device_code = seed_device["device_code"]
    till = till_account(f"{Channel.BRANCH.prefix}-{device_code}")
    vault = schema.locations.c.vault_account
    with database.engine.connect() as connection:
        vault_account = connection.execute(
            select(vault).where(schema.locations.c.code == seed_device["location_code"])
        ).scalar_one()
    deposits = [
        (_months_before(now, months_back, deposit["day"]), deposit)
        for deposit in seed_device.get("monthly_deposits", ())
        for months_back in range(deposit["months"], 0, -1)
    ]
    deposits += [(now, deposit) for deposit in seed_device["opening_deposits"]]
    operations: list[tuple[str, Operation, str | None, str]] = [
        (
            recorded_at,
            Operation(
                OperationKind.CASH_DEPOSIT,
                Channel.BRANCH,
                Money(deposit["amount_cents"]),
                customer_account=wallet_account(deposit["cif"]),
                cash_account=till,
            ),
            deposit["cif"],
            seed_device["teller"],
        )
        for recorded_at, deposit in sorted(deposits, key=lambda pair: pair[0])
    ]
    total = Money(sum(deposit["amount_cents"] for _, deposit in deposits))
    operations.append(
        (
            now,
            Operation(
                OperationKind.TILL_TO_VAULT,
                Channel.BRANCH,
                total,
                cash_account=till,
                vault_account=vault_account,
            ),
            None,
            seed_device["supervisor"],
        )
    )
    entries: list[JournalEntry] = []
    for recorded_at, operation, customer_cif, user_id in operations:
        details = EntryDetails(business_date=bank_date(recorded_at), customer_cif=customer_cif)
        entries.append(
            append_entry(
                entries[-1] if entries else None,
                entry_id=str(uuid.uuid4()),
                device_code=device_code,
                recorded_at=recorded_at,
                utc_offset_minutes=bank_utc_offset_minutes,
                user_id=user_id,
                kind=operation.kind,
                channel=operation.channel,
                reference=make_reference(Channel.BRANCH, device_code, len(entries) + 1),
                limit_table_version=table.version,
                body=operation_to_body(operation, details=details.to_body()),
            )
        )
    batch = encode_batch(make_batch(entries, key, app_version=__version__))
    answer = decode_acknowledgement(
        ingest_batch(database, batch, server_key=server_key, limit_table=table, now=now)
    ).acknowledgement
    refused = [result for result in answer.results if result.status is not EntryStatus.BOOKED]
    if refused:
        raise RuntimeError(f"the demo's opening entries were not all booked: {refused}")
    return len(answer.results)


def _months_before(now: str, months_back: int, day: int) -> str:
    """The moment `months_back` months before `now` on `day` of that month, at `now`'s time of day."""
    today = date.fromisoformat(now[:10])
    month_index = today.year * 12 + today.month - 1 - months_back
    return f"{date(month_index // 12, month_index % 12 + 1, day).isoformat()}{now[10:]}"
