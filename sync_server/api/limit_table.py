"""The limit table in force, as a resource that judges needs it: a server not set up yet
(no table issued) answers 503 with the stable code `no_limit_table`, saying what waits."""

from __future__ import annotations

import falcon

from shared_core.business_day import bank_date
from shared_core.limits import LimitTable
from sync_server.api.errors import ApiError
from sync_server.db.engine import Database
from sync_server.services.limit_tables import limit_table_in_force


def limit_table_or_unavailable(database: Database, now: str, *, meanwhile: str) -> LimitTable:
    """The table in force on the bank's business date at `now`; without one, 503 ending with `meanwhile`
    ("the entries wait on the device", "pull again later"...)."""
    with database.engine.connect() as connection:
        table = limit_table_in_force(connection, on_date=bank_date(now))
    if table is None:
        raise ApiError(
            falcon.HTTP_503, "no_limit_table", f"No limit table is in force at head office yet; {meanwhile}"
        )
    return table
