"""The desktop app's entry: enrol on the first run, then log in, then the main window; logging
out returns to the login. `smoke()` builds the main window offscreen for every role and exits.

Everything is wired here, once (STYLE.md): the store, the backend, the worker pools, the events.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.services.context import Device, ServiceContext, Session
from desktop_app.services.setup import set_up_device
from desktop_app.store.database import open_store
from desktop_app.store.paths import STORE_FILE_NAME
from desktop_app.ui.backend import Backend, is_enrolled, open_device_store
from desktop_app.ui.dialogs.enrolment import EnrolmentDialog
from desktop_app.ui.dialogs.login import LoginDialog
from desktop_app.ui.events import AppEvents
from desktop_app.ui.i18n import install_language
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.screens.head_office import SESSION_KEY as HEAD_OFFICE_SESSION_KEY
from desktop_app.ui.tasks import Tasks
from shared_core.amount_words import Language
from shared_core.channels import Channel
from shared_core.roles import Role

log = logging.getLogger(__name__)
APPLICATION_NAME = "Wekeza Teller"


def application() -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName("Wekeza")
    return app  # type: ignore[return-value]


def run(data_dir: Path | None = None, *, server_url: str = "") -> int:
    """The app as a teller meets it. Returns the process exit code."""
    app = application()
    tasks = Tasks(app)
    events = AppEvents(app)
    store = open_device_store(data_dir)
    if not is_enrolled(store):
        enrolment = EnrolmentDialog(store, tasks, server_url=server_url)
        if enrolment.exec() != QDialog.DialogCode.Accepted:
            store.close()
            return 1
    backend = Backend.for_enrolled_device(store)
    backend.start_sync()
    try:
        while True:
            login = LoginDialog(backend, tasks)
            if login.exec() != QDialog.DialogCode.Accepted or login.session is None:
                return 0
            backend.session, backend.language = login.session, login.language
            install_language(app, backend.language)
            window = MainWindow(backend, tasks, events)
            logged_out = []
            window.logout_requested.connect(lambda: (logged_out.append(True), window.close()))
            window.showMaximized()
            app.exec()
            backend.session = None
            backend.extras.pop(HEAD_OFFICE_SESSION_KEY, None)  # a log out here ends the head office login too
            window.deleteLater()
            if not logged_out:
                return 0
    finally:
        tasks.wait_for_done(10_000)
        backend.close()


SMOKE_DEVICE = Device(
    device_code="SMK1",
    channel=Channel.BRANCH,
    location_code="SMOKE",
    location_name="Smoke test branch",
    cash_account="till:BR-SMK1",
    vault_account="vault:SMOKE",
    bank_name="Wekeza Bank",
)


def smoke() -> int:
    """Open the main window for every role, in English and Swahili, offscreen; 0 if all opened.
    Proves a build (or a bundle) has every module, plugin and resource the window needs."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application()
    with tempfile.TemporaryDirectory(prefix="wekeza-smoke-") as folder:
        import json

        from resources import resource_bytes

        store = open_store(Path(folder) / STORE_FILE_NAME)
        set_up_device(store, SMOKE_DEVICE, json.loads(resource_bytes("limits/limit_table.json")))
        tasks = Tasks(app)
        events = AppEvents(app)
        backend = Backend(context=ServiceContext(store=store, device=SMOKE_DEVICE))
        opened = []
        try:
            for language in Language:
                if not install_language(app, language):
                    print(f"smoke: the {language.value} translation did not load", file=sys.stderr)
                    return 1
                for role in (Role.TELLER, Role.SUPERVISOR, Role.HEAD_OFFICE):
                    backend.session = Session(user_id="smoke", display_name="Smoke Test", role=role)
                    backend.language = language
                    window = MainWindow(backend, tasks, events)
                    window.show()
                    app.processEvents()
                    tasks.wait_for_done(10_000)
                    app.processEvents()
                    opened.append(f"{role.value}/{language.value}: {len(window.screens)} screens")
                    window.close()
                    window.deleteLater()
                    app.processEvents()
        finally:
            tasks.wait_for_done(10_000)
            install_language(app, Language.ENGLISH)
            store.close()
    print("smoke: main window opened — " + "; ".join(opened))
    return 0
