"""GET /v1/reconciliation?date=YYYY-MM-DD[&branch=CODE]: the reconciliation report of a business
day (services.reconciliation) as JSON, for head office (a user token from POST /v1/sessions).

The same report `wekeza-server reconcile` writes as PDF and CSV; `unresolved` is true when the
command would exit non-zero, and `issues` says why. A missing or malformed date is 400, a day
not begun yet 400, an unknown branch 404.
"""

from __future__ import annotations

from collections.abc import Callable

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.errors import InvalidInput
from shared_core.roles import Role
from sync_server.api.user_auth import UserAuthentication
from sync_server.db.engine import Database
from sync_server.services.reconciliation import reconcile

branch_code_length_max = 40


class ReconciliationResource:
    def __init__(
        self, database: Database, *, server_key: Callable[[], Ed25519PrivateKey], clock: Callable[[], str]
    ) -> None:
        self._database = database
        self._now = clock
        self._authenticate = UserAuthentication(
            database, server_key=server_key, clock=clock, roles={Role.HEAD_OFFICE}
        )

    def on_get(self, request: falcon.Request, response: falcon.Response) -> None:
        self._authenticate(request, response, self, {})
        business_date = request.get_param("date")
        if not business_date:
            raise InvalidInput("Say which business day: ?date=YYYY-MM-DD", field="date")
        branch = request.get_param("branch") or None
        if branch is not None and len(branch) > branch_code_length_max:
            raise InvalidInput(
                f"branch: a location code of at most {branch_code_length_max} characters", field="branch"
            )
        report = reconcile(self._database, business_date, location_code=branch, now=self._now())
        response.set_header("Cache-Control", "no-store")
        response.status = falcon.HTTP_200
        response.media = report.to_wire()
