"""Take the README's screenshots from the real app: the real sync server (seed-demo, SQLite) as a
process, this PC enrolled against it over HTTP, a morning at the counter typed into the real
window, and each screen grabbed from the X screen of an Xvfb of our own.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Needs Xvfb (Debian: xvfb) and Qt's X11 libraries (scripts/_setup.sh installs the latter).
A developer's tool: it starts processes; the app itself never does.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SIZE = (1280, 800)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_xvfb() -> subprocess.Popen:
    for display in range(91, 120):
        if not Path(f"/tmp/.X11-unix/X{display}").exists():
            break
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        sys.exit("Xvfb is not installed (Debian: apt-get install xvfb)")
    process = subprocess.Popen([xvfb, f":{display}", "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24", "-nolisten", "tcp"])
    os.environ["DISPLAY"] = f":{display}"
    time.sleep(1.0)
    return process


def main() -> int:
    os.environ["TZ"] = "Africa/Nairobi"  # receipts and times as a Nairobi counter shows them
    time.tzset()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="wekeza-shots-"))
    environment = {**os.environ, "WEKEZA_SERVER_DATA_DIR": str(work / "server")}
    seeded = subprocess.run([str(BIN / "wekeza-server"), "seed-demo"], env=environment, capture_output=True,
                            text=True, check=True).stdout
    passwords = dict(re.findall(r"^\s+(\w+)\s+\w+\s+.+?\s+(\S+)$", seeded.split("only hashes are stored):")[1],
                                re.MULTILINE))
    code = re.search(r"Enrolment code for a device at [^:]*: (\S+)", seeded).group(1)
    port = free_port()
    server = subprocess.Popen([str(BIN / "wekeza-server"), "serve", "--port", str(port)], env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    xvfb = None if os.environ.get("DISPLAY") else start_xvfb()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ["WEKEZA_TELLER_DEMO_KEYRING"] = str(work / "keyring.cfg")
    try:
        import httpx

        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        shoot(arguments.out, f"http://127.0.0.1:{port}", code, passwords, work / "device")
    finally:
        server.terminate()
        if xvfb is not None:
            xvfb.terminate()
        shutil.rmtree(work, ignore_errors=True)
    return 0


def shoot(out: Path, server_url: str, code: str, passwords: dict[str, str], data_dir: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop_app.services.login import log_in
    from desktop_app.ui.app import application
    from desktop_app.ui.backend import Backend, enrol, open_device_store
    from desktop_app.ui.dialogs.login import LoginDialog
    from desktop_app.ui.events import AppEvents
    from desktop_app.ui.i18n import install_language
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.tasks import Tasks
    from shared_core.amount_words import Language

    app = application()
    app.setStyle("Fusion")
    tasks, events = Tasks(app), AppEvents(app)

    def settle(until: Callable[[], bool] = lambda: True, timeout_s: float = 15) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            app.processEvents()
            if tasks.running == 0 and until():
                break
            time.sleep(0.02)
        for _ in range(10):
            app.processEvents()
            time.sleep(0.02)

    def needed(widget, what: str):  # noqa: ANN001, ANN202
        if widget is None:
            raise SystemExit(f"screenshots: {what} did not open")
        return widget

    def grab(name: str) -> None:
        settle()
        app.primaryScreen().grabWindow(0).save(str(out / f"{name}.png"))
        print(f"  {out / name}.png")

    store = open_device_store(data_dir)
    enrol(store, server_url, code)
    backend = Backend.for_enrolled_device(store)
    backend.start_sync()

    login = LoginDialog(backend, tasks)
    login.show()
    QTest.keyClicks(login.user_edit, "wanjiru")
    grab("login")
    login.close()

    backend.session = log_in(backend.context, "wanjiru", passwords["wanjiru"])
    window = MainWindow(backend, tasks, events)
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    settle()

    till = window.show_screen("till")
    settle(lambda: till.open_box.isEnabled())
    till.float_edit.setFocus()
    QTest.keyClicks(till.float_edit, "50000")
    till.open_till()
    settle(lambda: till.confirm_dialog is not None)
    QTest.keyClick(needed(till.confirm_dialog, "the till's confirmation"), Qt.Key.Key_Return)
    settle(lambda: getattr(till, "receipt_dialog", None) is not None)
    if getattr(till, "receipt_dialog", None) is not None:
        till.receipt_dialog.close()

    cash = window.show_screen("cash")
    settle()
    QTest.keyClicks(cash.picker.search_edit, "Juma")
    settle(lambda: cash.picker.match_list.count() > 0)
    QTest.keyClick(cash.picker.search_edit, Qt.Key.Key_Return)
    settle(lambda: cash.picker.customer is not None)
    cash.amount_edit.setFocus()
    QTest.keyClicks(cash.amount_edit, "5000")
    cash.submit()
    settle(lambda: getattr(cash, "confirm_dialog", None) is not None)
    grab("cash-confirmation")
    QTest.keyClick(needed(cash.confirm_dialog, "the deposit's confirmation"), Qt.Key.Key_Return)
    settle(lambda: getattr(cash, "receipt_dialog", None) is not None)
    grab("receipt")
    if getattr(cash, "receipt_dialog", None) is not None:
        cash.receipt_dialog.close()

    customers = window.show_screen("customers")
    QTest.keyClicks(customers.search_edit, "Juma")
    settle(lambda: customers.search_model.rowCount() > 0)
    customers.show_profile(customers.search_model.row(0).cif)
    grab("customers")

    window.show_screen("till")
    grab("till")
    window.show_screen("receipts")
    grab("receipts")
    backend.sync_now()
    settle(timeout_s=3)
    window.show_screen("sync")
    grab("sync")

    window.close()
    backend.session = log_in(backend.context, "wanjiru", passwords["wanjiru"])
    backend.language = Language.SWAHILI
    install_language(app, Language.SWAHILI)
    window = MainWindow(backend, tasks, events)
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    window.show_screen("cash")
    grab("cash-swahili")
    window.close()
    install_language(app, Language.ENGLISH)
    tasks.wait_for_done(10_000)
    backend.close()
    QApplication.processEvents()


if __name__ == "__main__":
    sys.exit(main())
