"""The main window as a teller, a supervisor and head office meet it: the screens each role may
use, and the status strip that is always in view."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from desktop_app.sync.status import SyncStatus
from shared_core.money import Money
from tests.gui.conftest import GuiWorld


def test_the_status_strip_shows_the_user_the_till_and_that_no_server_is_connected(gui: GuiWorld, qtbot) -> None:
    window = gui.main_window(qtbot)
    strip = window.status_strip
    assert strip.user_label.text() == "Wanjiru Kamau (Teller)"
    assert strip.link_label.text() == "Offline"
    assert strip.till_label.text() == "Till closed"


def test_the_status_strip_shows_what_waits_how_old_it_is_and_the_allowance_left(gui: GuiWorld, qtbot) -> None:
    window = gui.main_window(qtbot)
    gui.events.sync_status_read.emit(
        SyncStatus(online=True, waiting=3, oldest_waiting_age_s=420, refused=1, last_sync_at=None,
                   allowance_left=Money.shillings(250_000), last_error=None)
    )
    strip = window.status_strip
    assert strip.link_label.text() == "Online"
    assert strip.waiting_label.text() == "3 waiting, oldest 7 min · 1 refused"
    assert strip.allowance_label.text() == "Offline allowance: KES 250,000.00"
    assert strip.last_sync_label.text() == "Last sync: never"


def test_ctrl_and_a_number_jumps_to_a_screen(gui: GuiWorld, qtbot) -> None:
    window = gui.main_window(qtbot)
    keys = list(window.screens)
    last = len(keys)
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + last), Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.screens[keys[-1]]


def test_the_smoke_command_opens_the_main_window_offscreen_and_exits_0() -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--smoke"], capture_output=True, text=True, timeout=120
    )
    assert finished.returncode == 0, finished.stderr
    assert "smoke: main window opened" in finished.stdout
