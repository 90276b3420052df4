"""Exceptions, worked (issue 7): the facts head office booked although they broke a rule (an
overdraft two counters made offline, a limit broken by cash paid...), each with who works it and
every step taken on it. Head office sees every location's; a supervisor their own location's.
Online only (HeadOfficeScreen).

The list (status, what, device, customer, amount, who works it); the selected exception's entry
and its history, one line per step; and the steps this user may take now, by shared_core's own
rule (exception_steps.allowed_steps: one proposal at a time, a checker never its proposer, nothing
once resolved), each button disabled otherwise. A step is asked for in a dialog, sent, and the
exception shown as head office answered; a refusal shows in the red line with head office's reason.

Keyboard: Alt+A assigns, Alt+C comments, Alt+R proposes a correction, Alt+V approves, Alt+J rejects,
Alt+F reads the list again, Alt+T chooses which to list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.sync.head_office import HeadOfficeClient
from desktop_app.sync.supervision import SupervisorSession
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.exception_step import ExceptionStepDialog
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.exceptions_tables import (
    ExceptionTableModel,
    code_text,
    correcting_entry_text,
    event_text,
)
from desktop_app.ui.screens.head_office import HeadOfficeScreen, Work
from desktop_app.ui.tasks import Tasks
from shared_core.exception_cases import ExceptionCase, ExceptionList, ExceptionSummary, StepAnswer
from shared_core.exception_resolution import ExceptionStatus
from shared_core.exception_steps import EventAction, ExceptionStep, StepAction, pending_proposal


class ExceptionsScreen(HeadOfficeScreen):
    def __init__(
        self,
        backend: Backend,
        tasks: Tasks,
        events: AppEvents,
        parent: QWidget | None = None,
        *,
        client: HeadOfficeClient | None = None,
    ) -> None:
        super().__init__(backend, tasks, events, parent, client=client, name="exceptions")
        self.listed: ExceptionList | None = None
        self.case: ExceptionCase | None = None  # the selected exception, as last read
        self.step_dialog: ExceptionStepDialog | None = None

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("exceptionsStatus")
        self.status_combo.addItem(self.tr("Open"), ExceptionStatus.OPEN.value)
        self.status_combo.addItem(self.tr("Resolved"), ExceptionStatus.RESOLVED.value)
        self.status_combo.addItem(self.tr("All"), None)
        self.status_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        status_label = QLabel(self.tr("S&tatus:"))
        status_label.setBuddy(self.status_combo)
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.setObjectName("exceptionsRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        filters = QHBoxLayout()
        filters.addWidget(status_label)
        filters.addWidget(self.status_combo)
        filters.addStretch(1)
        filters.addWidget(self.refresh_button)

        self.heading = QLabel()
        self.heading.setObjectName("exceptionsHeading")
        self.heading.setWordWrap(True)
        self.model = ExceptionTableModel()
        self.table = QTableView()
        self.table.setObjectName("exceptionsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._selected)

        self.detail_label = QLabel()
        self.detail_label.setObjectName("exceptionsDetail")
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setWordWrap(True)
        self.history = QListWidget()
        self.history.setObjectName("exceptionsHistory")
        self.history.setWordWrap(True)
        self.booked_label = QLabel()
        self.booked_label.setObjectName("exceptionsBooked")
        self.booked_label.setTextFormat(Qt.TextFormat.PlainText)
        self.booked_label.setWordWrap(True)
        self.result_label = QLabel()
        self.result_label.setObjectName("exceptionsResult")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)

        self.step_buttons: dict[StepAction, QPushButton] = {}
        for action, text, tip in (
            (StepAction.ASSIGN, self.tr("&Assign…"), self.tr("Name who is to work this exception")),
            (StepAction.COMMENT, self.tr("&Comment…"), self.tr("Add a note to its history")),
            (StepAction.PROPOSE, self.tr("Propose co&rrection…"),
             self.tr("Propose how to resolve it; another user approves")),
            (StepAction.APPROVE, self.tr("Appro&ve…"),
             self.tr("Approve the proposed correction: head office books it and the exception is resolved")),
            (StepAction.REJECT, self.tr("Re&ject…"), self.tr("Reject the proposed correction, saying why")),
        ):
            button = QPushButton(text)
            button.setObjectName(f"exceptions{action.value.capitalize()}")
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, chosen=action: self.ask(chosen))
            self.step_buttons[action] = button
        buttons = QHBoxLayout()
        for button in self.step_buttons.values():
            buttons.addWidget(button)
        buttons.addStretch(1)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.history, 2)
        layout.addWidget(self.booked_label)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        self.set_content(content)

    # --- HeadOfficeScreen -------------------------------------------------------------------------------

    def query(self) -> Work:
        status = self.status_combo.currentData()

        def read(client: HeadOfficeClient, session: SupervisorSession) -> ExceptionList:
            return client.exceptions(session, status=status)

        return read

    def show_answer(self, answer: ExceptionList) -> None:
        current = self.current_summary()
        self.listed = answer
        self.model.set_rows(answer.exceptions)
        self._show_heading()
        listed = answer.exceptions
        if listed:
            kept = next(
                (row for row, summary in enumerate(listed)
                 if current is not None and summary.exception_id == current.exception_id),
                0,
            )
            self.table.selectRow(kept)
            self._selected()
        else:
            self.show_case(None)

    def update_actions(self, can_act: bool) -> None:
        self.refresh_button.setEnabled(can_act)
        self.status_combo.setEnabled(can_act)
        allowed = self.allowed_steps() if can_act else frozenset()
        for action, button in self.step_buttons.items():
            button.setEnabled(action in allowed)

    def _show_heading(self) -> None:
        listed = self.model.rows
        heading = self.tr("{n} exception(s): {open} open, {waiting} with a proposal waiting for a checker.").format(
            n=len(listed),
            open=sum(summary.status is ExceptionStatus.OPEN for summary in listed),
            waiting=sum(summary.proposal_pending for summary in listed),
        )
        if self.listed is not None and not self.listed.complete:
            heading += " " + self.tr("The newest are shown; more match.")
        self.heading.setText(heading)

    # --- the selected exception --------------------------------------------------------------------------

    def current_summary(self) -> ExceptionSummary | None:
        index = self.table.currentIndex()
        return self.model.summary_at(index.row()) if index.isValid() else None

    def allowed_steps(self) -> frozenset[StepAction]:
        """What the logged-in user may do to the exception shown, by head office's own rule."""
        session = self.head_office_session
        case = self.case
        summary = self.current_summary()
        if session is None or case is None or summary is None or case.summary.exception_id != summary.exception_id:
            return frozenset()
        return case.allowed_steps(session.user.user_id, session.user.role)

    def _selected(self, *_args: object) -> None:
        summary = self.current_summary()
        if summary is None:
            self.show_case(None)
            return
        if self.case is not None and self.case.summary.exception_id != summary.exception_id:
            self.show_case(None)
        exception_id = summary.exception_id

        def read(client: HeadOfficeClient, session: SupervisorSession) -> ExceptionCase:
            return client.exception_case(session, exception_id)

        self.run(read, self.show_case)

    def show_case(self, case: ExceptionCase | None) -> None:
        self.case = case
        self.history.clear()
        if case is None:
            self.detail_label.clear()
            self.booked_label.clear()
            self._update()
            return
        summary, entry = case.summary, case.summary.entry
        offset = self.backend.context.utc_offset_minutes
        customer = entry.customer_name or entry.customer_cif or "—"
        self.detail_label.setText(
            self.tr(
                "{label}: {what}, {amount} on {account}. Raised by {reference} ({kind} of {entry_amount} for "
                "{customer}, by {user} at device {device}, {location}, business day {day}). {note}"
            ).format(
                label=summary.label,
                what=code_text(summary.code),
                amount=summary.amount,
                account=summary.account or "—",
                reference=entry.reference,
                kind=entry.kind.replace("_", " "),
                entry_amount=entry.amount,
                customer=customer,
                user=entry.user_id,
                device=entry.device_code,
                location=summary.location_code,
                day=entry.business_date,
                note=summary.note or "",
            ).strip()
        )
        for event in case.events:
            self.history.addItem(event_text(event, offset))
        if not case.events:
            self.history.addItem(self.tr("Nothing done yet."))
        if case.correcting_entry is not None:
            self.booked_label.setText(correcting_entry_text(case.correcting_entry))
        elif summary.status is ExceptionStatus.RESOLVED:
            self.booked_label.setText(self.tr("Resolved with no entry booked."))
        else:
            self.booked_label.clear()
        self._update()

    # --- steps -------------------------------------------------------------------------------------------

    def ask(self, action: StepAction) -> None:
        """The step's dialog; once accepted, the step goes to head office."""
        case = self.case
        if case is None or action not in self.allowed_steps():
            return
        pending = pending_proposal(case.events)
        dialog = ExceptionStepDialog(
            action, case.summary, self, pending=None if pending is None else pending.correction
        )
        self.step_dialog = dialog
        dialog.accepted.connect(lambda: self.take(case.summary.exception_id, dialog.step()))
        dialog.open()

    def take(self, exception_id: int, step: ExceptionStep | None) -> None:
        if step is None:
            return
        self.result_label.clear()

        def send(client: HeadOfficeClient, session: SupervisorSession) -> StepAnswer:
            return client.take_exception_step(session, exception_id, step)

        self.run(send, self._taken)

    def _taken(self, answer: StepAnswer) -> None:
        event, summary = answer.event, answer.case.summary
        said = {
            EventAction.ASSIGNED: self.tr("{label} is assigned to {assignee}."),
            EventAction.COMMENTED: self.tr("Your comment is on {label}'s record."),
            EventAction.RESOLUTION_PROPOSED: self.tr("Your correction of {label} waits for another user's approval."),
            EventAction.RESOLUTION_APPROVED: self.tr("{label} is resolved."),
            EventAction.RESOLUTION_REJECTED: self.tr("The proposal for {label} is rejected; it stays open."),
        }[event.action].format(label=summary.label, assignee=event.assignee or "")
        if answer.case.correcting_entry is not None and event.action is EventAction.RESOLUTION_APPROVED:
            said += " " + self.tr("Head office booked {reference}.").format(
                reference=answer.case.correcting_entry.reference
            )
        self.result_label.setText(said)
        # The row changes in place (a resolved one stays in view until the list is read again).
        self.model.update_summary(summary)
        self._show_heading()
        self.show_case(answer.case)
