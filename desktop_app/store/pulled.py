"""Writing what the server says: users, customers, accounts, the allowance, the limit table.

The sync pull (and, until enrolment exists, a device's set-up) calls these inside one
transaction; nothing here is a journal entry.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop_app.store import schema
from desktop_app.store.database import put_setting
from shared_core.limits import limit_table_to_mapping, parse_limit_table

LIMIT_TABLE_KEY = "limit_table"


def _upsert(connection: Connection, table, key: str, values: Mapping[str, object]) -> None:  # noqa: ANN001
    statement = sqlite_insert(table).values(**values)
    updates = {name: statement.excluded[name] for name in values if name != key}
    connection.execute(statement.on_conflict_do_update(index_elements=[key], set_=updates))


def put_device(connection: Connection, **values: object) -> None:
    _upsert(connection, schema.device, "id", {"id": 1, **values})


def put_user(connection: Connection, *, user_id: str, display_name: str, role: str, password_hash: str,
             active: bool = True) -> None:
    _upsert(connection, schema.users, "user_id", {
        "user_id": user_id, "display_name": display_name, "role": role,
        "password_hash": password_hash, "active": int(active),
    })


def put_customer(connection: Connection, *, cif: str, national_id: str, full_name: str, phone: str,
                 kyc_tier: int) -> None:
    _upsert(connection, schema.customers, "cif", {
        "cif": cif, "national_id": national_id, "full_name": full_name, "phone": phone, "kyc_tier": kyc_tier,
    })


def put_account(connection: Connection, *, account: str, cif: str | None, label: str, balance_cents: int,
                through_sequence: int = 0) -> None:
    """An account and its balance as the server reports it, including this device's entries up
    to `through_sequence` (so those are not counted twice)."""
    _upsert(connection, schema.accounts, "account", {
        "account": account, "cif": cif, "label": label,
        "pulled_balance_cents": balance_cents, "pulled_through_sequence": through_sequence,
    })


def put_allowance(connection: Connection, *, allowance_id: str, cash_out_cap_cents: int, cash_in_cap_cents: int,
                  per_customer_cap_cents: int, issued_at: str, expires_at: str) -> None:
    connection.execute(schema.allowances.insert(), {
        "allowance_id": allowance_id, "cash_out_cap_cents": cash_out_cap_cents,
        "cash_in_cap_cents": cash_in_cap_cents, "per_customer_cap_cents": per_customer_cap_cents,
        "issued_at": issued_at, "expires_at": expires_at, "cash_out_used_cents": 0, "cash_in_used_cents": 0,
    })


def put_limit_table(connection: Connection, mapping: Mapping[str, object]) -> None:
    """Store a limit table after checking it parses: a bad table never reaches the counter."""
    put_setting(connection, LIMIT_TABLE_KEY, limit_table_to_mapping(parse_limit_table(mapping)))
