"""The main window: the screens a role may use down the left, the screen in the middle, and the
status strip (link, waiting entries, last sync, allowance, user, till) always in view.

Keyboard-first: Ctrl+1..9 jump to a screen, F5 syncs now, Ctrl+L logs out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QWidget

from desktop_app.services.till import TillPosition, till_position
from desktop_app.sync.keystore import demo_keyring_file
from desktop_app.sync.status import SyncStatus
from desktop_app.ui.backend import Backend
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.screens.approvals import ApprovalsScreen
from desktop_app.ui.screens.borrow import BorrowScreen
from desktop_app.ui.screens.cash import CashScreen
from desktop_app.ui.screens.customers import CustomersScreen
from desktop_app.ui.screens.dashboard import DashboardScreen
from desktop_app.ui.screens.devices import DevicesScreen
from desktop_app.ui.screens.exceptions import ExceptionsScreen
from desktop_app.ui.screens.insure import InsureScreen
from desktop_app.ui.screens.move import MoveScreen
from desktop_app.ui.screens.receipts import ReceiptsScreen
from desktop_app.ui.screens.reconciliation import ReconciliationScreen
from desktop_app.ui.screens.save import SaveScreen
from desktop_app.ui.screens.sync import SyncScreen
from desktop_app.ui.screens.till import TillScreen
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.status_strip import StatusStrip
from shared_core.channels import Channel
from shared_core.roles import Permission, has_permission

status_refresh_ms = 2_000
_P = Permission


@dataclass(frozen=True, slots=True)
class ScreenSpec:
    key: str
    title: str  # translated in the "Navigation" context
    shown_with: frozenset[Permission]  # shown when the role holds any of these
    factory: Callable[[Backend, Tasks, AppEvents], Screen]
    branch_only: bool = False


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec(
        "customers",
        QT_TRANSLATE_NOOP("Navigation", "Customers"),
        frozenset({_P.CUSTOMER_REGISTER, _P.CASH_DEPOSIT, _P.KYC_UPGRADE_REQUEST, _P.STATEMENT_PRINT}),
        CustomersScreen,
    ),
    ScreenSpec("cash", QT_TRANSLATE_NOOP("Navigation", "Cash"), frozenset({_P.CASH_DEPOSIT, _P.CASH_WITHDRAWAL}),
               CashScreen),
    ScreenSpec("move", QT_TRANSLATE_NOOP("Navigation", "Move"), frozenset({_P.TRANSFER}), MoveScreen),
    ScreenSpec("borrow", QT_TRANSLATE_NOOP("Navigation", "Borrow"), frozenset({_P.LOAN_REPAY}), BorrowScreen),
    ScreenSpec("insure", QT_TRANSLATE_NOOP("Navigation", "Insure"), frozenset({_P.INSURANCE_SELL}), InsureScreen),
    ScreenSpec("save", QT_TRANSLATE_NOOP("Navigation", "Save"), frozenset({_P.STATEMENT_PRINT}), SaveScreen),
    ScreenSpec("till", QT_TRANSLATE_NOOP("Navigation", "Till"), frozenset({_P.OPEN_TILL, _P.CLOSE_TILL}), TillScreen,
               branch_only=True),
    ScreenSpec("receipts", QT_TRANSLATE_NOOP("Navigation", "Receipts"), frozenset(_P), ReceiptsScreen),
    ScreenSpec("approvals", QT_TRANSLATE_NOOP("Navigation", "Approvals"), frozenset({_P.APPROVE}), ApprovalsScreen),
    # Head office's own, online only: read from the server's API when asked.
    ScreenSpec("reconciliation", QT_TRANSLATE_NOOP("Navigation", "Reconciliation"), frozenset({_P.RECONCILE}),
               ReconciliationScreen),
    ScreenSpec("dashboard", QT_TRANSLATE_NOOP("Navigation", "Risk dashboard"), frozenset({_P.REPORTS_VIEW}),
               DashboardScreen),
    ScreenSpec("devices", QT_TRANSLATE_NOOP("Navigation", "Devices"), frozenset({_P.DEVICES_MANAGE}), DevicesScreen),
    ScreenSpec("exceptions", QT_TRANSLATE_NOOP("Navigation", "Exceptions"), frozenset({_P.EXCEPTIONS_RESOLVE}),
               ExceptionsScreen),
    ScreenSpec("sync", QT_TRANSLATE_NOOP("Navigation", "Sync"), frozenset(_P), SyncScreen),
)


def screens_for(backend: Backend) -> list[ScreenSpec]:
    session = backend.session
    assert session is not None
    return [
        spec
        for spec in SCREENS
        if any(has_permission(session.role, permission) for permission in spec.shown_with)
        and not (spec.branch_only and backend.device.channel is not Channel.BRANCH)
    ]


class MainWindow(QMainWindow):
    logout_requested = Signal()

    def __init__(self, backend: Backend, tasks: Tasks, events: AppEvents) -> None:
        super().__init__()
        self.backend = backend
        self.tasks = tasks
        self.events = events
        device = backend.device
        title = f"Wekeza — {device.location_name} · {device.device_code}"
        if demo_keyring_file():
            title += " — " + self.tr("DEMO: the device key is kept in a plain file")
        self.setWindowTitle(title)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(170)
        self.stack = QStackedWidget()
        self.screens: dict[str, Screen] = {}
        for number, spec in enumerate(screens_for(backend), start=1):
            screen = spec.factory(backend, tasks, events)
            screen.setObjectName(f"screen_{spec.key}")
            self.screens[spec.key] = screen
            self.stack.addWidget(screen)
            item = QListWidgetItem(QCoreApplication.translate("Navigation", spec.title))
            self.navigation.addItem(item)
            if number <= 9:
                jump = QAction(self)
                jump.setShortcut(QKeySequence(f"Ctrl+{number}"))
                jump.triggered.connect(lambda _checked=False, row=number - 1: self.navigation.setCurrentRow(row))
                self.addAction(jump)
        self.navigation.currentRowChanged.connect(self._show_screen)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.status_strip = StatusStrip(backend.context.utc_offset_minutes)
        self.statusBar().addPermanentWidget(self.status_strip, 1)
        self.status_strip.show_session(backend.session)
        self._add_actions()

        events.sync_status_read.connect(self.status_strip.show_sync)
        events.entries_changed.connect(self.refresh_till)
        events.till_changed.connect(self.refresh_till)
        events.entries_changed.connect(self.refresh_status)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(status_refresh_ms)
        self._status_timer.timeout.connect(self.refresh_status)
        self._status_timer.start()
        self._reading_status = False
        self.refresh_status()
        self.refresh_till()
        if self.navigation.count():
            self.navigation.setCurrentRow(0)

    def _add_actions(self) -> None:
        sync_now = QAction(self.tr("Sync now"), self)
        sync_now.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        sync_now.triggered.connect(self.sync_now)
        log_out = QAction(self.tr("Log out"), self)
        log_out.setShortcut(QKeySequence("Ctrl+L"))
        log_out.triggered.connect(self.logout_requested.emit)
        menu = self.menuBar().addMenu(self.tr("Sess&ion"))  # Alt+S belongs to the screens
        menu.addAction(sync_now)
        menu.addAction(log_out)

    def show_screen(self, key: str) -> Screen:
        screen = self.screens[key]
        self.navigation.setCurrentRow(self.stack.indexOf(screen))
        return screen

    def _show_screen(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        screen = self.stack.currentWidget()
        if isinstance(screen, Screen):
            screen.activated()

    def sync_now(self) -> None:
        self.backend.sync_now()
        QTimer.singleShot(300, self.refresh_status)

    def refresh_status(self) -> None:
        """Read the sync status in a worker (it reads the store) and announce it."""
        if self._reading_status:
            return
        self._reading_status = True
        backend = self.backend

        def shown(status: SyncStatus | None) -> None:
            self._reading_status = False
            self.events.sync_status_read.emit(status)

        def failed(_error: Exception) -> None:
            self._reading_status = False

        self.tasks.run(backend.sync_status, done=shown, failed=failed)

    def refresh_till(self) -> None:
        if self.backend.device.channel is not Channel.BRANCH:
            self.status_strip.show_till(self.tr("Agent float"))
            return
        context = self.backend.context
        self.tasks.run(lambda: till_position(context), done=self._show_till)

    def _show_till(self, position: TillPosition) -> None:
        if position.open:
            self.status_strip.show_till(
                self.tr("Till open ({user}, {date})").format(user=position.user_id, date=position.business_date)
            )
        else:
            self.status_strip.show_till(self.tr("Till closed"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt)
        self._status_timer.stop()
        super().closeEvent(event)
