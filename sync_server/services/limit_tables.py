"""The limit tables head office issues, and which one is in force.

A change of policy is a new version, never an edit: a version once issued keeps its body, so an
entry judged under it can be judged again under the very same table. The table in force on a day
is the newest version whose effective date has come.
"""

from __future__ import annotations

import functools

from sqlalchemy import Connection, select

from shared_core import canonical
from shared_core.errors import AlreadyExists
from shared_core.limits import LimitTable, limit_table_to_mapping, parse_limit_table
from sync_server.db import schema

parsed_tables_cached_max = 16

_t = schema.limit_tables.c


def issue_limit_table(connection: Connection, table: LimitTable) -> bool:
    """Store `table` under its version: True when newly issued, False when that very table already
    was. The same version with another content is refused: issue it under a new version."""
    if not isinstance(table, LimitTable):
        raise TypeError(f"issue_limit_table needs a LimitTable, got {type(table).__name__}")
    body = canonical.encode(limit_table_to_mapping(table))
    stored = connection.execute(select(_t.body).where(_t.version == table.version)).scalar()
    if stored is None:
        connection.execute(
            schema.limit_tables.insert().values(
                version=table.version, body=body, effective_date=table.effective_date
            )
        )
        return True
    if bytes(stored) != body:
        raise AlreadyExists(
            f"Limit table version {table.version} was issued with other limits; issue the change as "
            "a new version",
            version=table.version,
        )
    return False


def limit_table_in_force(connection: Connection, *, on_date: str) -> LimitTable | None:
    """The newest table effective on `on_date` (YYYY-MM-DD), or None while none is."""
    row = connection.execute(
        select(_t.body).where(_t.effective_date <= on_date).order_by(_t.version.desc()).limit(1)
    ).first()
    return None if row is None else _parsed(bytes(row.body))


@functools.lru_cache(maxsize=parsed_tables_cached_max)
def _parsed(body: bytes) -> LimitTable:
    """Parsed once per body, not once per batch: a LimitTable is frozen, so workers share it."""
    return parse_limit_table(canonical.decode(body))
