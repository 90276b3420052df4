"""Approvals: the supervisor's (or head office's) queue of entries waiting at head office for a
checker, to approve, or reject with a reason. Online only: the queue and the decisions live at
head office, so offline the screen says so and decides nothing.

The supervisor types their head office password to open the queue (the user is the one logged in
here): the one login of every head office screen (HeadOfficeScreen), so the Exceptions screen opens
without asking again; the token lives in this window's memory, never on disk, and when head office
stops accepting it the password is asked again. A decision takes the row out of the queue and wakes the sync loop,
so this device's next pull brings the decisions on its own entries. Head office's refusals (the
maker may never be the checker, the item already decided) show in `approvalsError`.

Keyboard-first: Enter in the password logs in and opens the queue; in the queue Ctrl+Enter (or Alt+A)
approves the selected item, Alt+R rejects it (a reason is asked), Alt+F reads the queue again.
"""

from __future__ import annotations

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
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.sync.client import ServerRefused
from desktop_app.sync.head_office import HeadOfficeClient
from desktop_app.sync.supervision import (
    ApprovalQueue,
    Decision,
    QueueItem,
    SupervisorSession,
    Verdict,
)
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.reject_reason import RejectReasonDialog
from desktop_app.ui.events import AppEvents
from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.screens.head_office import HeadOfficeScreen, Work
from desktop_app.ui.screens.receipts import operation_text
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.record_table import RecordTableModel
from shared_core.amount_words import amount_in_words

translate = QCoreApplication.translate
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


class ApprovalsScreen(HeadOfficeScreen):
    """The approvals queue at head office. `client` is injected by tests (or put in
    backend.extras[CLIENT_KEY] of head_office); otherwise the window's head office client.
    The reject dialog is kept on the screen (`reject_dialog`) so tests and the keyboard reach it."""

    def __init__(
        self,
        backend: Backend,
        tasks: Tasks,
        events: AppEvents,
        parent: QWidget | None = None,
        *,
        client: HeadOfficeClient | None = None,
    ) -> None:
        super().__init__(backend, tasks, events, parent, client=client, name="approvals")
        self.reject_dialog: RejectReasonDialog | None = None
        self.complete = True

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
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Why it waits is a sentence: it takes the room left (whole on hover), never a scroll bar.
        header.setSectionResizeMode(ApprovalsTableModel.WHY, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
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
        self.refresh_button.clicked.connect(self.refresh)
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

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.queue_box, 1)
        layout.addWidget(self.result_label)
        layout.addWidget(self.override_note)
        QWidget.setTabOrder(self.table, self.approve_button)
        QWidget.setTabOrder(self.approve_button, self.reject_button)
        QWidget.setTabOrder(self.reject_button, self.refresh_button)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # the main keyboard's Enter and the keypad's
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # only while shown
            action.triggered.connect(self.approve_current)
            self.addAction(action)
        self.set_content(content)

    # --- HeadOfficeScreen -------------------------------------------------------------------------

    def activated(self) -> None:
        super().activated()
        if self.head_office_session is not None:
            self.table.setFocus()

    def logged_in(self) -> None:
        self.table.setFocus()

    def query(self) -> Work:
        return lambda client, session: client.queue(session)

    def show_answer(self, queue: ApprovalQueue) -> None:
        current = self._current_item()
        self.result_label.clear()
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
        self._show_detail()

    def update_actions(self, can_act: bool) -> None:
        has_item = self._current_item() is not None
        self.approve_button.setEnabled(can_act and has_item)
        self.reject_button.setEnabled(can_act and has_item)
        self.refresh_button.setEnabled(can_act)

    def forget_login(self) -> None:
        self.model.set_rows(())
        self.queue_heading.clear()
        super().forget_login()

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
        if self.busy:
            return
        self.result_label.clear()

        def decide(client: HeadOfficeClient, session: SupervisorSession) -> Decision:
            return client.decide(session, item.device_code, item.sequence, verdict, reason)

        self.run(decide, self._decided, refused=self._decision_refused)

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
            # Decided elsewhere meanwhile: show the queue as it is now, and head office's reason still.
            said = self.error_label.text(), self.error_label.toolTip()

            def read_again(queue: ApprovalQueue) -> None:
                self.show_answer(queue)
                self.show_error(*said)

            self.run(self.query(), read_again)

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
        self.update_actions(self.online and self.head_office_session is not None and not self.busy)
