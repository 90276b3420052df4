"""GET /v1/portfolio?date=YYYY-MM-DD&months=N: head office's view of the books as of a business day
(services.portfolio) as JSON, for head office (a user token from POST /v1/sessions).

`date` defaults to today's business date (the server's, UTC); `months` (0 to 36, default 12) is how
many month-ends of history come before it. A malformed or future date, or a months out of range, is
400 naming the field. The same figures `wekeza-server portfolio` writes as PDF and CSV.
"""

from __future__ import annotations

from collections.abc import Callable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.roles import Permission, Role, has_permission
from sync_server.api.user_auth import UserAuthentication
from sync_server.db.engine import Database
from sync_server.services.portfolio import months_default, read_portfolio

REPORT_READERS = frozenset(role for role in Role if has_permission(role, Permission.REPORTS_VIEW))  # head office


class PortfolioResource:
    def __init__(
        self, database: Database, *, server_key: Callable[[], Ed25519PrivateKey], clock: Callable[[], str]
    ) -> None:
        self._database = database
        self._now = clock
        self._authenticate = UserAuthentication(database, server_key=server_key, clock=clock, roles=REPORT_READERS)

    def on_get(self, request: falcon.Request, response: falcon.Response) -> None:
        self._authenticate(request, response, self, {})
        reading = read_portfolio(
            self._database,
            as_of=request.get_param("date") or None,
            months=request.get_param("months") or months_default,
            now=self._now(),
        )
        response.set_header("Cache-Control", "no-store")
        response.media = reading.to_wire()  # shared_core.portfolio_report's shape, which the desktop reads
