"""GET /v1/health: is this server up, and can it reach its database?

Answers without authentication, so it says nothing about the bank's data: only that the
server runs, its version, the protocol versions it accepts, and whether the database answers.
"""

from __future__ import annotations

import falcon
from sqlalchemy.exc import SQLAlchemyError

from shared_core import __version__
from sync_server.db.engine import Database


class HealthResource:
    def __init__(self, database: Database) -> None:
        self._database = database

    def on_get(self, _request: falcon.Request, response: falcon.Response) -> None:
        try:
            self._database.ping()
            database_state = "ok"
        except SQLAlchemyError:
            database_state = "unreachable"
        response.status = falcon.HTTP_200 if database_state == "ok" else falcon.HTTP_503
        response.media = {
            "status": "ok" if database_state == "ok" else "degraded",
            "database": database_state,
            "server_version": __version__,
        }
