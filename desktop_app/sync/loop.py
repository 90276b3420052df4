"""The background sync loop: send the outbox whenever there is something to send, back off
with jitter when the link fails, shrink batches after failures and grow them back after
successes, and keep an honest "online" (the server answered recently).

A thread of its own with its own store connections; the GUI asks `status()` and may `wake()` it.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.services.context import ServiceContext
from desktop_app.sync.client import LinkDown, ServerRefused, SyncClient
from desktop_app.sync.pull import PullOutcome, pull_once
from desktop_app.sync.status import SyncStatus, read_status
from desktop_app.sync.uploader import record_failure, upload_once
from shared_core.batch import batch_entries_max
from shared_core.errors import DomainError

log = logging.getLogger(__name__)

batch_entries_start = 100
retry_delay_ms_base = 500
retry_delay_ms_max = 60_000
idle_poll_s = 15.0
online_window_s = 90.0  # "online" = the server answered within this long
pull_interval_s = 300.0  # with nothing uploaded, pull at most this often (a pull is a snapshot)
pull_rounds_max = 10  # pulls in a row while the server says more answers wait


class SyncLoop:
    def __init__(
        self,
        context: ServiceContext,
        client: SyncClient,
        server_key: Ed25519PublicKey,
        *,
        rng: random.Random | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._context = context
        self._client = client
        self._server_key = server_key
        self._rng = rng or random.Random()
        self._monotonic = monotonic
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.batch_entries = batch_entries_start
        self.failures_in_a_row = 0
        self.last_answer_at: float | None = None
        self.last_error: str | None = None
        self.last_pull_at: float | None = None
        self.last_pull: PullOutcome | None = None

    # --- what others ask ------------------------------------------------------------------

    def is_online(self) -> bool:
        return self.last_answer_at is not None and self._monotonic() - self.last_answer_at < online_window_s

    def status(self) -> SyncStatus:
        return read_status(self._context, online=self.is_online(), last_error=self.last_error)

    def wake(self) -> None:
        """Sync now (an entry was just committed)."""
        self._wake.set()

    def pull_soon(self) -> None:
        """Sync and pull now, even with nothing to send (the teller pressed Sync now; a supervisor
        decided an item whose answer this device waits for)."""
        self.last_pull_at = None
        self.wake()

    # --- the work -------------------------------------------------------------------------

    def sync_until_empty(self, *, rounds_max: int = 10_000) -> bool:
        """Send batches until nothing waits (True) or one fails (False), bounded by `rounds_max`;
        then pull: always after a round that uploaded something, else every `pull_interval_s`.
        A failed pull never holds the outbox back: it shows in `last_error` and is tried again
        the next round."""
        uploaded = False
        for _ in range(rounds_max):
            try:
                outcome = upload_once(self._context, self._client, self._server_key, entries_max=self.batch_entries)
            except (LinkDown, DomainError) as error:
                # A bad or unverifiable answer is treated like a lost one: nothing was recorded.
                if isinstance(error, LinkDown):
                    self.last_answer_at = None  # the server did not answer: offline, now
                self._failed(f"{type(error).__name__}: {error}")
                return False
            except ServerRefused as error:
                self._failed(f"refused by the server: {error.message} [{error.code}]")
                self.last_answer_at = self._monotonic()  # it answered: the link is up
                return False
            self.last_answer_at = self._monotonic()
            self.failures_in_a_row = 0
            self.last_error = None
            if outcome is None:
                if uploaded or self._pull_due():
                    self.pull()
                else:
                    self.check_link()
                return True
            uploaded = True
            self.batch_entries = min(self.batch_entries * 2, batch_entries_max)
        return False

    def _pull_due(self) -> bool:
        return self.last_pull_at is None or self._monotonic() - self.last_pull_at >= pull_interval_s

    def pull(self) -> bool:
        """Pull until no more answers wait (True), or stop at the first failure (False)."""
        for _ in range(pull_rounds_max):
            try:
                outcome = pull_once(self._context, self._client, self._server_key)
            except (LinkDown, DomainError) as error:
                # An answer that does not verify (a tampered allowance) is kept from nothing, like a lost one.
                if isinstance(error, LinkDown):
                    self.last_answer_at = None
                self.last_error = f"pull: {type(error).__name__}: {error}"
                return False
            except ServerRefused as error:
                self.last_error = f"pull refused by the server: {error.message} [{error.code}]"
                self.last_answer_at = self._monotonic()
                return False
            self.last_answer_at = self.last_pull_at = self._monotonic()
            self.last_error = None
            self.last_pull = outcome
            if not outcome.more_results:
                return True
        return True

    def check_link(self) -> bool:
        """With nothing to send or pull, ask the server's health: "online" must follow the server
        going away and coming back even on a quiet counter."""
        if self._client.health():
            self.last_answer_at = self._monotonic()
            return True
        self.last_answer_at = None
        return False

    def retry_delay_s(self) -> float:
        """Exponential backoff with full jitter: spreads many devices' retries after an outage."""
        ceiling_ms = min(retry_delay_ms_max, retry_delay_ms_base * 2 ** min(self.failures_in_a_row, 16))
        return self._rng.uniform(0, ceiling_ms) / 1000

    def _failed(self, message: str) -> None:
        self.failures_in_a_row += 1
        self.last_error = message
        self.batch_entries = max(1, self.batch_entries // 2)  # a bad link gets smaller batches
        try:
            record_failure(self._context, self.batch_entries, message)
        except SQLAlchemyError:  # a status note must never stop the loop (e.g. the store is busy)
            log.exception("could not record a sync failure")

    # --- the thread -----------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="wekeza-sync", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            succeeded = self.sync_until_empty()
            delay = idle_poll_s if succeeded else self.retry_delay_s()
            self._wake.wait(delay)
            self._wake.clear()
