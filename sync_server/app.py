"""The app factory: every dependency passed in, nothing created at import time."""

from __future__ import annotations

import falcon

from sync_server.api.errors import register_error_handlers
from sync_server.api.health import HealthResource
from sync_server.db.engine import Database
from sync_server.settings import Settings


def create_app(settings: Settings, database: Database | None = None) -> falcon.App:
    database = database or Database(settings.database_url)
    app = falcon.App()
    register_error_handlers(app)
    app.add_route("/v1/health", HealthResource(database))
    return app
