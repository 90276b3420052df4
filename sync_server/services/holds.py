"""Online holds: a withdrawal authorized by the server before the cash leaves the drawer.

(Being built: authorize, complete on ingest, expire.)
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from sync_server.services.judging import Judged


def complete_holds(connection: Connection, device_code: str, judged: Sequence[Judged], *, now: str) -> None:
    """Complete the holds of the withdrawals just booked (called by the ingest, in its transaction)."""
