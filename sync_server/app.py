"""The app factory: every dependency passed in, nothing created at import time.

    create_app(settings, database, server_key=key, clock=SystemClock())

`wsgi.py` (gunicorn, waitress) and `wekeza-server serve` build the dependencies from the
environment; tests pass their own (a fixed clock, a key of their own, a fresh database).
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

import falcon
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from resources import resource_bytes
from shared_core.allowance import parse_allowance_policy
from shared_core.journal import format_timestamp
from sync_server.api.approvals import ApprovalDecisionResource, ApprovalsResource
from sync_server.api.batches import BatchesResource
from sync_server.api.changes import ChangesResource
from sync_server.api.devices_admin import (
    DeviceRevocationResource,
    DevicesAdminResource,
    EnrolmentCodesResource,
)
from sync_server.api.errors import register_error_handlers
from sync_server.api.exceptions import ExceptionResource, ExceptionsResource, ExceptionStepsResource
from sync_server.api.health import HealthResource
from sync_server.api.holds import HoldsResource
from sync_server.api.middleware import JsonPolicy
from sync_server.api.openapi import OpenApiResource
from sync_server.api.portfolio import PortfolioResource
from sync_server.api.receipts import ReceiptVerificationResource
from sync_server.api.reconciliation import ReconciliationResource
from sync_server.api.sessions import SessionsResource
from sync_server.api.statements import StatementsResource
from sync_server.db.engine import Database
from sync_server.services.keys import load_or_create_server_key
from sync_server.settings import Settings


class Clock(Protocol):
    def now(self) -> str:
        """The current time as the wire writes it ('2026-11-24T09:00:00.000000Z')."""
        ...


class SystemClock:
    """The server's clock: it stamps receipt times; devices' clocks are only advisory."""

    def now(self) -> str:
        return format_timestamp(datetime.now(timezone.utc))


class _KeyFile:
    """The server key read from its file on first use: an app made only to answer health checks
    never touches the data directory."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._key: Ed25519PrivateKey | None = None
        self._lock = threading.Lock()

    def __call__(self) -> Ed25519PrivateKey:
        if self._key is None:
            with self._lock:
                if self._key is None:
                    self._key = load_or_create_server_key(self._path)
        return self._key


def create_app(
    settings: Settings,
    database: Database | None = None,
    *,
    server_key: Ed25519PrivateKey | None = None,
    clock: Clock | None = None,
) -> falcon.App:
    """The WSGI app. Without `database`, one for settings.database_url (its engine made on first
    use); without `server_key`, the key file in settings.data_dir, read (or made) on first use."""
    database = database or Database(settings.database_url)
    key_source = (lambda: server_key) if server_key is not None else _KeyFile(settings.server_key_path)
    clock = clock or SystemClock()
    app = falcon.App(middleware=[JsonPolicy()])
    register_error_handlers(app)
    app.add_route("/v1/health", HealthResource(database))
    app.add_route("/v1/openapi.json", OpenApiResource())
    # POST: a device enrols itself with a code; GET: head office lists the devices.
    app.add_route(
        "/v1/devices",
        DevicesAdminResource(database, server_key=key_source, clock=clock.now, bank_name=settings.bank_name),
    )
    app.add_route("/v1/batches", BatchesResource(database, server_key=key_source, clock=clock.now))
    allowance_policy = parse_allowance_policy(json.loads(resource_bytes("limits/allowance_policy.json")))
    app.add_route(
        "/v1/changes",
        ChangesResource(database, server_key=key_source, clock=clock.now, policy=allowance_policy),
    )
    app.add_route(
        "/v1/holds", HoldsResource(database, server_key=key_source, clock=clock.now, policy=allowance_policy)
    )
    app.add_route("/v1/statements", StatementsResource(database, server_key=key_source, clock=clock.now))
    # Supervisors and head office, online: a user token from /v1/sessions.
    app.add_route("/v1/sessions", SessionsResource(database, server_key=key_source, clock=clock.now))
    app.add_route("/v1/approvals", ApprovalsResource(database, server_key=key_source, clock=clock.now))
    app.add_route(
        "/v1/approvals/{device_code}/{sequence:int(min=1)}",
        ApprovalDecisionResource(database, server_key=key_source, clock=clock.now),
    )
    app.add_route(
        "/v1/receipts/verify", ReceiptVerificationResource(database, server_key=key_source, clock=clock.now)
    )
    app.add_route(
        "/v1/reconciliation", ReconciliationResource(database, server_key=key_source, clock=clock.now)
    )
    app.add_route(
        "/v1/enrolment-codes", EnrolmentCodesResource(database, server_key=key_source, clock=clock.now)
    )
    app.add_route(
        "/v1/devices/{device_code}/revocation",
        DeviceRevocationResource(database, server_key=key_source, clock=clock.now),
    )
    app.add_route("/v1/portfolio", PortfolioResource(database, server_key=key_source, clock=clock.now))
    # Exceptions worked (issue 7): head office, and supervisors for their own location.
    app.add_route("/v1/exceptions", ExceptionsResource(database, server_key=key_source, clock=clock.now))
    app.add_route(
        "/v1/exceptions/{exception_id:int(min=1)}",
        ExceptionResource(database, server_key=key_source, clock=clock.now),
    )
    app.add_route(
        "/v1/exceptions/{exception_id:int(min=1)}/steps",
        ExceptionStepsResource(database, server_key=key_source, clock=clock.now),
    )
    return app
