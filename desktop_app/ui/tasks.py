"""Work off the GUI thread: every database call, sync, PDF and search runs in a worker and comes
back to the GUI thread as a result or a failure, never neither.

Two lanes, as Anki's taskman does for its collection: `store` has ONE thread, so the device's
SQLite journal has one writer and actions run in the order the teller made them; `network` has a
few, so a sync that hangs on a dead link never holds up the counter.

    tasks.run(lambda: deposit_cash(...), done=show_receipt, failed=show_error)
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Lane(StrEnum):
    STORE = "store"
    NETWORK = "network"


class WorkerSignals(QObject):
    """A QRunnable is not a QObject: its signals live here, delivered on the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)  # the exception


class Worker(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.signals = WorkerSignals()
        self._work = work

    @Slot()
    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # noqa: BLE001 - every failure goes back to the caller, never lost
            error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)


class Tasks(QObject):
    """The app's worker pools. `busy_changed` lets a screen show it is working."""

    busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None, *, network_threads: int = 3) -> None:
        super().__init__(parent)
        self._pools = {Lane.STORE: QThreadPool(self), Lane.NETWORK: QThreadPool(self)}
        self._pools[Lane.STORE].setMaxThreadCount(1)
        self._pools[Lane.NETWORK].setMaxThreadCount(network_threads)
        self._running: set[WorkerSignals] = set()  # keeps each signals object alive until it reports

    @property
    def running(self) -> int:
        return len(self._running)

    def run(
        self,
        work: Callable[[], Any],
        *,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[Exception], None] | None = None,
        lane: Lane = Lane.STORE,
    ) -> None:
        worker = Worker(work)
        signals = worker.signals
        self._running.add(signals)

        def finish() -> None:
            self._running.discard(signals)
            self.busy_changed.emit(len(self._running))

        def on_success(result: Any) -> None:
            finish()
            if done is not None:
                done(result)

        def on_failure(error: Exception) -> None:
            finish()
            if failed is not None:
                failed(error)
            else:
                log.error("background task failed: %s", getattr(error, "__traceback_text__", error))

        signals.succeeded.connect(on_success)
        signals.failed.connect(on_failure)
        self.busy_changed.emit(len(self._running))
        self._pools[lane].start(worker)

    def wait_for_done(self, timeout_ms: int = 30_000) -> bool:
        """Block until every pool is idle (closing the app, tests)."""
        return all(pool.waitForDone(timeout_ms) for pool in self._pools.values())
