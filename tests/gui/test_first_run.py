"""The first minutes with the app: the enrolment dialog makes this PC a device of the bank against
the real server (seed-demo on SQLite, served as a process), and the login lets its users in —
in the language they choose — and tells the others why not."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.store import schema
from desktop_app.store.database import open_store
from desktop_app.store.paths import STORE_FILE_NAME
from desktop_app.ui.backend import Backend, is_enrolled
from desktop_app.ui.dialogs.enrolment import EnrolmentDialog
from desktop_app.ui.dialogs.login import LoginDialog
from desktop_app.ui.tasks import Tasks
from shared_core.amount_words import Language
from shared_core.roles import Role
from tests.device_builders import PASSWORD
from tests.e2e.server_process import free_port, running_server
from tests.e2e.test_server_gunicorn import issued_code, wekeza_server
from tests.gui.conftest import GuiWorld
from tests.memory_keyring import MemoryKeyring


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The demo bank served by `wekeza-server serve`; yields its URL and a one-time code."""
    database_url = f"sqlite:///{(tmp_path / 'server.sqlite3').as_posix()}"
    seeded = wekeza_server("seed-demo", database_url=database_url, data_dir=tmp_path / "server")
    assert seeded.returncode == 0, seeded.stderr
    code, _device = issued_code(seeded.stdout)
    port = free_port()
    command = [str(Path(sys.executable).parent / "wekeza-server"), "serve", "--port", str(port),
               "--database-url", database_url, "--data-dir", str(tmp_path / "server")]
    with running_server(command, port, {"PYTHONPATH": str(Path(__file__).resolve().parents[2])}) as url:
        yield url, code


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_the_first_run_enrols_this_pc_and_brings_its_users(
    demo_server: tuple[str, str], memory_keyring: MemoryKeyring, tmp_path: Path, qtbot
) -> None:
    url, code = demo_server
    store = open_store(tmp_path / "device" / STORE_FILE_NAME)
    tasks = Tasks()
    try:
        dialog = EnrolmentDialog(store, tasks)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.server_edit, url)
        qtbot.keyClicks(dialog.code_edit, "WRONG-CODE")
        qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and "Enrolling" not in dialog.message.text(),
                        timeout=15_000)
        assert dialog.device is None and dialog.message.text()  # refused, and it says why
        assert not is_enrolled(store)

        dialog.code_edit.clear()
        qtbot.keyClicks(dialog.code_edit, code)
        with qtbot.waitSignal(dialog.accepted, timeout=15_000):
            qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
        assert dialog.device is not None and dialog.device.location_name == "Nairobi CBD Branch"
        assert is_enrolled(store)
        assert list(memory_keyring.secrets) == [("Wekeza Teller", f"device-{dialog.device.device_code}")]
        # The first pull came with the enrolment: the branch's teller can log in straight away.
        with store.read() as connection:
            users = set(connection.execute(select(schema.users.c.user_id)).scalars())
        assert "wanjiru" in users
    finally:
        tasks.wait_for_done(15_000)
        store.close()


def test_login_refuses_a_wrong_password_and_lets_the_teller_in_in_kiswahili(gui: GuiWorld, qtbot) -> None:
    backend = Backend(context=gui.counter.context)
    dialog = LoginDialog(backend, gui.tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.user_edit, "wanjiru")
    qtbot.keyClicks(dialog.password_edit, "not-her-password")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=10_000)
    assert dialog.message.text() == "Wrong user name or password [authentication_failed]"
    assert dialog.session is None and dialog.password_edit.text() == ""

    dialog.language_box.setCurrentIndex(dialog.language_box.findData(Language.SWAHILI))
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.session is not None
    assert (dialog.session.user_id, dialog.session.role) == ("wanjiru", Role.TELLER)
    assert dialog.language is Language.SWAHILI


def test_an_empty_login_says_what_to_type(gui: GuiWorld, qtbot) -> None:
    dialog = LoginDialog(Backend(context=gui.counter.context), gui.tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.user_edit, Qt.Key.Key_Return)
    assert dialog.message.text() == "Type your user name and password"
