"""Approvals: the supervisor's (or head office's) queue of entries waiting at head office for a
checker, to approve, or reject with a reason. Online only: the queue and the decisions live at
head office, so offline the screen says so and decides nothing.

The supervisor types their password again to open the queue (the user is the one logged in here);
the token lives in this screen's memory, never on disk, and when head office stops accepting it
the password is asked again. A decision takes the row out of the queue and wakes the sync loop,
so this device's next pull brings the decisions on its own entries. Head office's refusals (the
maker may never be the checker, the item already decided) show in `approvalsError`.

Keyboard-first: Enter in the password opens the queue; in the queue Ctrl+Enter (or Alt+A)
approves the selected item, Alt+R rejects it (a reason is asked), Alt+F reads the queue again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.sync.client import LinkDown, ServerRefused
from desktop_app.sync.status import SyncStatus
from desktop_app.sync.supervision import (
    ApprovalQueue,
    Decision,
    QueueItem,
    SessionExpired,
    SupervisorClient,
    SupervisorSession,
    Verdict,
)
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.reject_reason import RejectReasonDialog
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.screens.receipts import operation_text
from desktop_app.ui.tasks import Lane, Tasks
from desktop_app.ui.widgets.record_table import RecordTableModel
from shared_core.amount_words import amount_in_words

translate = QCoreApplication.translate
CLIENT_KEY = "supervisor_client"  # backend.extras: one client for the window (tests put theirs here)
_ERROR_STYLE = "color: #b3261e"
# After these refusals the item no longer waits as shown: read the queue again.
_STALE_CODES = frozenset({"already_decided", "not_awaiting_approval", "not_found"})


def kind_text(item: QueueItem) -> str:
    try:
        kind = operation_text(item.kind)
    except ValueError:  # a kind this app does not know yet (a newer server)
        kind = item.kind.replace("_", " ")
    if item.reverses_reference:
        return translate("ApprovalsTableModel", "{kind} of {reference}").format(
            kind=kind, reference=item.reverses_reference
        )
    return kind


def customer_text(item: QueueItem) -> str:
    if item.customer_name and item.customer_cif:
        return f"{item.customer_name} ({item.customer_cif})"
    return item.customer_name or item.customer_cif or "—"


class ApprovalsTableModel(RecordTableModel):
    DEVICE, REFERENCE, KIND, CUSTOMER, AMOUNT, MAKER, WHY, WAITING_SINCE = range(8)
    _HEADERS = (
        QT_TRANSLATE_NOOP("ApprovalsTableModel", "Device"),
        QT_TRANSLATE_NOOP("ApprovalsTableModel", "Reference"),
        QT_TRANSLATE_NOOP("ApprovalsTableModel", "Operation"),
        QT_TRANSLATE_NOOP("ApprovalsTableModel", "Customer"),
        QT_TRANSLATE_NOOP("ApprovalsTableModel", "Amount"),
        QT_TRANSLATE_NOOP("ApprovalsTableModel", "Made by"),
        QT_TRANSLATE_NOOP("ApprovalsTableModel", "Why it waits"),
        QT_TRANSLATE_NOOP("ApprovalsTableModel", "Waiting since"),
    )
    _RIGHT_ALIGNED = frozenset({AMOUNT})

    def __init__(self, utc_offset_minutes: int) -> None:
        super().__init__()
        self._offset = utc_offset_minutes

    def item_at(self, row: int) -> QueueItem | None:
        return self.row(row) if 0 <= row < self.rowCount() else None

    def remove(self, device_code: str, sequence: int) -> None:
        """The item was decided: it leaves the queue."""
        for row, item in enumerate(self.rows):
            if (item.device_code, item.sequence) == (device_code, sequence):
                self.remove_row(row)
                return

    def cell(self, record: QueueItem, column: int) -> str:
        return {
            self.DEVICE: f"{record.device_code} · {record.location_code}",
            self.REFERENCE: record.reference,
            self.KIND: kind_text(record),
            self.CUSTOMER: customer_text(record),
            self.AMOUNT: record.amount.format(currency=False),
            self.MAKER: record.maker,
            self.WHY: record.approval_reason,
            self.WAITING_SINCE: local_time_text(record.received_at, self._offset),
        }[column]

    def tool_tip(self, record: QueueItem, column: int) -> str | None:
        return record.approval_reason if column == self.WHY else None


class ApprovalsScreen(Screen):
    """The approvals queue at head office. `client` is injected by tests (or put in
    backend.extras[CLIENT_KEY]); otherwise it is built for the server this device is enrolled with.
    The reject dialog is kept on the screen (`reject_dialog`) so tests and the keyboard reach it."""

    def __init__(
        self,
        backend: Backend,
        tasks: Tasks,
        events: AppEvents,
        parent: QWidget | None = None,
        *,
        client: SupervisorClient | None = None,
    ) -> None:
        super().__init__(backend, tasks, events, parent)
        self.client = client or _shared_client(backend)
        self.supervisor_session: SupervisorSession | None = None  # memory only: never the password
        self.reject_dialog: RejectReasonDialog | None = None
        self.complete = True
        self._online = False
        self._busy = False

        self.offline_label = QLabel()
        self.offline_label.setObjectName("approvalsOffline")
        self.offline_label.setWordWrap(True)
        self.offline_label.setStyleSheet(_ERROR_STYLE)
        self.error_label = QLabel()
        self.error_label.setObjectName("approvalsError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # head office's words, shown as written
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label = QLabel()
        self.result_label.setObjectName("approvalsResult")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.override_note = QLabel(
            self.tr(
                "At a teller's PC, approve by override: when the teller's action asks for a supervisor, "
                "type your user name and password there. This queue holds what reached head office "
                "without an approval it accepts."
            )
        )
        self.override_note.setObjectName("approvalsOverrideNote")
        self.override_note.setWordWrap(True)

        # Log in at head office
        self.login_box = QGroupBox(self.tr("Open the queue at head office"))
        self.login_box.setObjectName("approvalsLogin")
        self.login_prompt = QLabel()
        self.login_prompt.setObjectName("approvalsLoginPrompt")
        self.login_prompt.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("approvalsPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.returnPressed.connect(self.open_queue)
        password_label = QLabel(self.tr("&Password:"))
        password_label.setBuddy(self.password_edit)
        self.open_button = QPushButton(self.tr("&Open the queue"))
        self.open_button.setObjectName("approvalsOpen")
        self.open_button.clicked.connect(self.open_queue)
        login_row = QHBoxLayout()
        login_row.addWidget(password_label)
        login_row.addWidget(self.password_edit, 1)
        login_row.addWidget(self.open_button)
        login_layout = QVBoxLayout(self.login_box)
        login_layout.addWidget(self.login_prompt)
        login_layout.addLayout(login_row)

        # The queue
        self.queue_box = QGroupBox(self.tr("Waiting for a checker"))
        self.queue_box.setObjectName("approvalsQueueBox")
        self.queue_heading = QLabel()
        self.queue_heading.setObjectName("approvalsHeading")
        self.queue_heading.setWordWrap(True)
        self.model = ApprovalsTableModel(backend.context.utc_offset_minutes)
        self.table = QTableView()
        self.table.setObjectName("approvalsQueue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.model.modelReset.connect(self._show_detail)
        self.model.rowsRemoved.connect(self._show_detail)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("approvalsDetail")
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)  # names come from head office
        self.detail_label.setWordWrap(True)
        self.approve_button = QPushButton(self.tr("&Approve"))
        self.approve_button.setObjectName("approvalsApprove")
        self.approve_button.setToolTip(
            self.tr("Approve the selected item (Ctrl+Enter): head office books it")
        )
        self.approve_button.clicked.connect(self.approve_current)
        self.reject_button = QPushButton(self.tr("&Reject…"))
        self.reject_button.setObjectName("approvalsReject")
        self.reject_button.setToolTip(self.tr("Reject the selected item, saying why: nothing is booked"))
        self.reject_button.clicked.connect(self.reject_current)
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.setObjectName("approvalsRefresh")
        self.refresh_button.clicked.connect(self.load_queue)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        queue_layout = QVBoxLayout(self.queue_box)
        queue_layout.addWidget(self.queue_heading)
        queue_layout.addWidget(self.table, 1)
        queue_layout.addWidget(self.detail_label)
        queue_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.offline_label)
        layout.addWidget(self.login_box)
        layout.addWidget(self.queue_box, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addWidget(self.override_note)
        QWidget.setTabOrder(self.password_edit, self.open_button)
        QWidget.setTabOrder(self.table, self.approve_button)
        QWidget.setTabOrder(self.approve_button, self.reject_button)
        QWidget.setTabOrder(self.reject_button, self.refresh_button)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # the main keyboard's Enter and the keypad's
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # only while shown
            action.triggered.connect(self.approve_current)
            self.addAction(action)
        events.sync_status_read.connect(self._status_read)
        self._update()

    # --- the screen -------------------------------------------------------------------------------

    def activated(self) -> None:
        logged_in = self.supervisor_session
        if logged_in is not None and logged_in.user.user_id != self.session.user_id:
            self._forget_login()  # another user logged in at this PC
        self._online = self.client is not None and self.backend.context.is_online()
        self._update()
        if self.supervisor_session is None:
            self.password_edit.setFocus()
        else:
            self.table.setFocus()
            if self._online:
                self.load_queue()

    def _status_read(self, status: SyncStatus | None) -> None:
        online = self.client is not None and status is not None and status.online
        if online != self._online:
            self._online = online
            self._update()

    def _update(self) -> None:
        """Enable what may be done now: nothing offline, nothing twice at once."""
        logged_in = self.supervisor_session is not None
        if self.client is None:
            self.offline_label.setText(
                self.tr("This device is not connected to a server: the approvals queue works online only.")
            )
        else:
            self.offline_label.setText(
                self.tr(
                    "Offline: head office cannot be reached now, and the approvals queue works online "
                    "only. It opens again as soon as the link is back."
                )
            )
        self.offline_label.setVisible(not self._online)
        session = self.backend.session  # None for a moment while the window logs out
        if session is not None:
            self.login_prompt.setText(
                self.tr("{name} ({user_id}), type your password to open the queue at head office.").format(
                    name=session.display_name, user_id=session.user_id
                )
            )
        self.login_box.setVisible(not logged_in)
        self.password_edit.setEnabled(self._online and not self._busy)
        self.open_button.setEnabled(self._online and not self._busy)
        can_act = self._online and logged_in and not self._busy
        has_item = self._current_item() is not None
        self.approve_button.setEnabled(can_act and has_item)
        self.reject_button.setEnabled(can_act and has_item)
        self.refresh_button.setEnabled(can_act)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update()

    def _clear_messages(self) -> None:
        self.error_label.clear()
        self.result_label.clear()

    # --- log in and read the queue ----------------------------------------------------------------

    def open_queue(self) -> None:
        """Log in at head office with the password typed (sent once, then forgotten), and read
        the queue; in a network worker."""
        if self._busy or not self._online or self.client is None:
            return
        password = self.password_edit.text()
        self.password_edit.clear()
        self._clear_messages()
        if not password:
            self.error_label.setText(self.tr("Type your password to open the queue."))
            self.password_edit.setFocus()
            return
        client, user_id = self.client, self.session.user_id

        def work() -> tuple[SupervisorSession, ApprovalQueue]:
            session = client.log_in(user_id, password)
            return session, client.queue(session)

        def done(result: tuple[SupervisorSession, ApprovalQueue]) -> None:
            self.supervisor_session, queue = result
            self._show_queue(queue)
            self.table.setFocus()

        self._run(work, done)

    def load_queue(self) -> None:
        session = self.supervisor_session
        if self._busy or session is None or self.client is None:
            return
        client = self.client
        self._run(lambda: client.queue(session), self._show_queue)

    def _show_queue(self, queue: ApprovalQueue) -> None:
        current = self._current_item()
        self.complete = queue.complete
        self.model.set_rows(queue.items)
        count = len(queue.items)
        if not count:
            self.queue_heading.setText(self.tr("Nothing waits for you at head office."))
        elif queue.complete:
            self.queue_heading.setText(
                self.tr("{n} item(s) wait for a checker, the oldest first.").format(n=count)
            )
        else:
            self.queue_heading.setText(
                self.tr("The oldest {n} items are shown; more wait. Decide these, then refresh.").format(
                    n=count
                )
            )
        if count:
            kept = next(
                (row for row, item in enumerate(queue.items)
                 if current and (item.device_code, item.sequence) == (current.device_code, current.sequence)),
                0,
            )
            self.table.selectRow(kept)
        self._update()

    # --- decide -----------------------------------------------------------------------------------

    def approve_current(self) -> None:
        item = self._current_item()
        if item is None or not self.approve_button.isEnabled():
            return
        self._decide(item, Verdict.APPROVED, None)

    def reject_current(self) -> None:
        """Ask why (the dialog refuses an empty reason), then send the rejection."""
        item = self._current_item()
        if item is None or not self.reject_button.isEnabled():
            return
        dialog = RejectReasonDialog(
            self.tr("{reference} ({kind}, {amount})").format(
                reference=item.reference, kind=kind_text(item), amount=item.amount
            ),
            self,
        )
        self.reject_dialog = dialog
        dialog.accepted.connect(lambda: self._decide(item, Verdict.REJECTED, dialog.reason()))
        dialog.open()

    def _decide(self, item: QueueItem, verdict: Verdict, reason: str | None) -> None:
        session, client = self.supervisor_session, self.client
        if self._busy or session is None or client is None:
            return
        self._clear_messages()
        self._run(
            lambda: client.decide(session, item.device_code, item.sequence, verdict, reason),
            self._decided,
            refused=lambda error: self._decision_refused(error),
        )

    def _decided(self, decision: Decision) -> None:
        self.model.remove(decision.device_code, decision.sequence)
        if decision.decision is Verdict.REJECTED:
            text = self.tr("{reference} rejected; nothing is booked. The teller will read: {reason}")
        elif decision.booked:
            text = self.tr("{reference} approved: head office booked it.")
        else:
            text = self.tr("{reference} approved, but head office could not book it: {message}")
        self.result_label.setText(
            text.format(reference=decision.reference, reason=decision.reason, message=decision.message)
        )
        if not self.model.rowCount():
            self.queue_heading.setText(self.tr("Nothing waits for you at head office."))
        # This device's own entries among those decided: its next pull brings their answers.
        self.backend.sync_now()
        self.table.setFocus()

    def _decision_refused(self, error: ServerRefused) -> None:
        if error.code in _STALE_CODES:
            self.load_queue()  # decided elsewhere meanwhile: show the queue as it is now

    # --- the workers ------------------------------------------------------------------------------

    def _run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        *,
        refused: Callable[[ServerRefused], None] | None = None,
    ) -> None:
        self._set_busy(True)

        def succeeded(result: Any) -> None:
            self._set_busy(False)
            done(result)

        def failed(error: Exception) -> None:
            self._set_busy(False)
            self._show_failure(error)
            if refused is not None and type(error) is ServerRefused:  # not LinkDown, not SessionExpired
                refused(error)

        self.tasks.run(work, done=succeeded, failed=failed, lane=Lane.NETWORK)

    def _show_failure(self, error: Exception) -> None:
        if isinstance(error, SessionExpired):
            self._forget_login()
            self.error_label.setText(
                self.tr("Your login at head office has ended ({message}). Type your password again.").format(
                    message=error.message
                )
            )
            self.password_edit.setFocus()
            return
        if isinstance(error, LinkDown):
            self._online = False
            self._update()
        self.error_label.setText(error_text(error))

    def _forget_login(self) -> None:
        self.supervisor_session = None
        self.model.set_rows(())
        self.queue_heading.clear()
        self._update()

    # --- the selection ----------------------------------------------------------------------------

    def _current_item(self) -> QueueItem | None:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def _show_detail(self, *_args: object) -> None:
        item = self._current_item()
        if item is None:
            self.detail_label.clear()
        else:
            override = (
                self.tr(" Approved at the counter by {user}, which head office did not accept.").format(
                    user=item.override_by
                )
                if item.override_by
                else ""
            )
            self.detail_label.setText(
                self.tr(
                    "{kind} {reference} for {customer}: {amount} ({words}). Made by {maker} at device "
                    "{device}.{override}"
                ).format(
                    kind=kind_text(item),
                    reference=item.reference,
                    customer=customer_text(item),
                    amount=item.amount,
                    words=amount_in_words(item.amount, self.backend.language),
                    maker=item.maker,
                    device=item.device_code,
                    override=override,
                )
            )
        self._update()


def _shared_client(backend: Backend) -> SupervisorClient | None:
    """One client per window, for the server this device is enrolled with (None: no server)."""
    client = backend.extras.get(CLIENT_KEY)
    if client is None and backend.device.server_url:
        client = backend.extras[CLIENT_KEY] = SupervisorClient(backend.device.server_url)
    return client
