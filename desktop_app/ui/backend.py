"""Everything the window works with, wired once at start-up (STYLE.md: one place wires all).

No Qt here: the store, the device, its key, the sync client and loop, and who is logged in.
Screens receive the Backend and call services through `Tasks`, never on the GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop_app.services.context import Device, ServiceContext, Session, SystemClock, load_device
from desktop_app.store.database import Store, open_store
from desktop_app.store.paths import store_path
from desktop_app.sync.client import LinkDown, ServerRefused, SyncClient
from desktop_app.sync.enrolment import enrol_device
from desktop_app.sync.holds import ServerHolds
from desktop_app.sync.keystore import load_device_key
from desktop_app.sync.loop import SyncLoop
from desktop_app.sync.pull import pull_once
from desktop_app.sync.statements import ServerStatements
from desktop_app.sync.status import SyncStatus
from shared_core.amount_words import Language
from shared_core.errors import DomainError
from shared_core.signing import load_public_key

log = logging.getLogger(__name__)


def local_utc_offset_minutes() -> int:
    """The offset of this PC's clock from UTC, as the OS says: stored with each entry."""
    offset = datetime.now().astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def open_device_store(data_dir: Path | None = None) -> Store:
    path = store_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    return open_store(path)


def is_enrolled(store: Store) -> bool:
    try:
        load_device(store)
    except RuntimeError:
        return False
    return True


def enrol(store: Store, server_url: str, enrolment_code: str) -> Device:
    """First run: enrol this PC with the code head office issued, then pull once so its users can
    log in at once (network; run in a worker). A failed first pull leaves the device enrolled:
    the sync loop pulls again."""
    client = SyncClient(server_url)
    try:
        device = enrol_device(store, client, server_url=server_url, enrolment_code=enrolment_code)
        context = ServiceContext(store=store, device=device, device_key=load_device_key(device.device_code),
                                 utc_offset_minutes=local_utc_offset_minutes())
        try:
            pull_once(context, client, load_public_key(device.server_public_key_hex or ""))
        except (LinkDown, ServerRefused, DomainError) as error:
            log.warning("enrolled, but the first pull failed (the sync loop will retry): %s", error)
        return device
    finally:
        client.close()


@dataclass
class Backend:
    context: ServiceContext
    client: SyncClient | None = None
    loop: SyncLoop | None = None
    session: Session | None = None
    language: Language = Language.ENGLISH
    holds: ServerHolds | None = None  # online authorization of withdrawals, while the link is up
    statements: ServerStatements | None = None  # statements from head office's books, online only
    extras: dict = field(default_factory=dict)  # what a screen keeps between visits (clients, last receipt...)

    @classmethod
    def for_enrolled_device(cls, store: Store) -> Backend:
        """The enrolled device's backend with its sync loop (not started: `start_sync`)."""
        device = load_device(store)
        context = ServiceContext(
            store=store,
            device=device,
            clock=SystemClock(),
            device_key=load_device_key(device.device_code),
            utc_offset_minutes=local_utc_offset_minutes(),
        )
        backend = cls(context=context)
        if device.server_url and device.server_public_key_hex:
            backend.client = SyncClient(device.server_url)
            backend.loop = SyncLoop(context, backend.client, load_public_key(device.server_public_key_hex))
            context.is_online = backend.loop.is_online
            if context.device_key is not None:
                backend.holds = ServerHolds(backend.client, context.device_key, context.clock)
                backend.statements = ServerStatements(backend.client, context.device_key, context.clock)
        return backend

    @property
    def device(self) -> Device:
        return self.context.device

    def start_sync(self) -> None:
        if self.loop is not None:
            self.loop.start()

    def sync_now(self) -> None:
        """Send what waits and pull now (a decision or an answer may be waiting at head office)."""
        if self.loop is not None:
            self.loop.pull_soon()

    def sync_status(self) -> SyncStatus | None:
        """Read from the store: run it in a worker."""
        return self.loop.status() if self.loop is not None else None

    def close(self) -> None:
        if self.loop is not None:
            self.loop.stop()
        for extra in self.extras.values():
            close = getattr(extra, "close", None)
            if callable(close):
                close()
        if self.client is not None:
            self.client.close()
        self.context.store.close()
