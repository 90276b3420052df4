"""The GUI tests' world: a real device store (tests/device_builders), the real backend, worker
pools and events, and pytest-qt's qtbot, offscreen.

    def test_something(gui: GuiWorld, qtbot) -> None:
        window = gui.main_window()
        ...
        gui.wait_idle(qtbot)   # every worker has reported back
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists

from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from desktop_app.services.context import Session  # noqa: E402
from desktop_app.ui.backend import Backend  # noqa: E402
from desktop_app.ui.events import AppEvents  # noqa: E402
from desktop_app.ui.main_window import MainWindow  # noqa: E402
from desktop_app.ui.tasks import Tasks  # noqa: E402
from shared_core.money import Money  # noqa: E402
from tests.device_builders import Counter, add_customer, make_counter  # noqa: E402

JUMA = "C0001234"
JUMA_BALANCE = Money.shillings(50_000)


@dataclass
class GuiWorld:
    counter: Counter
    backend: Backend
    tasks: Tasks
    events: AppEvents

    def log_in_as(self, session: Session) -> None:
        self.backend.session = session

    def main_window(self, qtbot) -> MainWindow:  # noqa: ANN001
        window = MainWindow(self.backend, self.tasks, self.events)
        qtbot.addWidget(window)
        window.show()
        self.wait_idle(qtbot)
        return window

    def wait_idle(self, qtbot, timeout_ms: int = 10_000) -> None:  # noqa: ANN001
        """Until every worker has reported back on the GUI thread."""
        qtbot.waitUntil(lambda: self.tasks.running == 0, timeout=timeout_ms)


@pytest.fixture
def gui(tmp_path: Path, qtbot) -> Iterator[GuiWorld]:  # noqa: ANN001
    """A branch counter with Juma (tier 2, KES 50,000 in his wallet), the teller logged in."""
    counter = make_counter(tmp_path)
    add_customer(counter, JUMA, balance=JUMA_BALANCE)
    tasks = Tasks()
    world = GuiWorld(counter, Backend(context=counter.context, session=counter.teller), tasks, AppEvents())
    yield world
    tasks.wait_for_done(10_000)
    counter.store.close()
