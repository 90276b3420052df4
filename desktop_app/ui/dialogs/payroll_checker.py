"""A payroll run decided at the counter by its checker: the employer's director, served at the branch
(DESIGN.md's users), or a supervisor, types their own head office login on the clerk's PC and
approves or rejects the run the clerk made.

The decision is head office's: the login and the decision go to its API (online only), the password
is sent once and forgotten, and the login ends with the dialog, so the clerk's session never holds
the director's token. Head office refuses the maker as checker (maker_is_checker) and a director
of another company (permission_denied); this dialog only says what it answered. The line-by-line
answer reaches the counter with the next pull, which the dialog asks for.

Keyboard-first: Alt+U the user, Alt+W the password, Alt+R the reason, Alt+A approve, Alt+J reject;
Escape cancels.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.payroll import PayrollRunStatus
from desktop_app.sync.client import LinkDown
from desktop_app.sync.supervision import Decision, SupervisorClient, Verdict
from desktop_app.ui.dialogs.reject_reason import reason_length_max
from desktop_app.ui.errors import error_text
from desktop_app.ui.tasks import Lane, Tasks

_ERROR_STYLE = "color: #b3261e"


class PayrollCheckerDialog(QDialog):
    """`decision` holds head office's answer once the dialog is accepted."""

    def __init__(
        self,
        run: PayrollRunStatus,
        device_code: str,
        client: SupervisorClient,
        tasks: Tasks,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.run, self.device_code, self.client, self.tasks = run, device_code, client, tasks
        self.decision: Decision | None = None
        self.setObjectName("payrollCheckerDialog")
        self.setWindowTitle(self.tr("Approve payroll run {run}").format(run=run.run.run_id))

        summary = QLabel(
            self.tr("{employer}: {lines} lines, total {total}, paid on {date}. Made by {maker}.").format(
                employer=run.employer_name,
                lines=len(run.run.lines),
                total=run.run.total,
                date=run.pay_date.isoformat(),
                maker=run.maker,
            )
        )
        summary.setObjectName("payrollCheckerRun")
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        note = QLabel(
            self.tr("The employer's director, or a supervisor, types their own head office login. The "
                    "password goes to head office once and is not kept here. Whoever made the run cannot "
                    "approve it.")
        )
        note.setWordWrap(True)
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("payrollCheckerUser")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("payrollCheckerPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("payrollCheckerReason")
        self.reason_edit.setMaxLength(reason_length_max)
        self.reason_edit.setPlaceholderText(self.tr("Only to reject: the clerk and the employer read it"))
        form = QFormLayout()
        for text, edit in (
            (self.tr("&User ID"), self.user_edit),
            (self.tr("Pass&word"), self.password_edit),
            (self.tr("&Reason"), self.reason_edit),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("payrollCheckerError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.approve_button = QPushButton(self.tr("&Approve"))
        self.approve_button.setObjectName("payrollCheckerApprove")
        self.approve_button.clicked.connect(lambda: self.decide(Verdict.APPROVED))
        self.reject_button = QPushButton(self.tr("Re&ject"))
        self.reject_button.setObjectName("payrollCheckerReject")
        self.reject_button.setAutoDefault(False)
        self.reject_button.clicked.connect(lambda: self.decide(Verdict.REJECTED))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.approve_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.reject_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.user_edit.setFocus()

    def decide(self, verdict: Verdict) -> None:
        """Log in at head office as the checker typed, decide, and forget the login."""
        user_id, password = self.user_edit.text().strip(), self.password_edit.text()
        reason = " ".join(self.reason_edit.text().split()) or None
        problem = None
        if not user_id:
            problem, focus = self.tr("Type the checker's user ID."), self.user_edit
        elif not password:
            problem, focus = self.tr("Type the checker's password."), self.password_edit
        elif verdict is Verdict.REJECTED and reason is None:
            problem, focus = self.tr("Say why the run is rejected: a rejection without a reason is refused."), \
                self.reason_edit
        if problem is not None:
            self.error_label.setText(problem)
            focus.setFocus()
            return
        self.password_edit.clear()
        self.error_label.clear()
        self._set_busy(True)
        client, device_code, sequence = self.client, self.device_code, self.run.sequence

        def work() -> Decision:
            session = client.log_in(user_id, password)
            return client.decide(session, device_code, sequence, verdict, reason if verdict is Verdict.REJECTED else None)

        self.tasks.run(work, done=self._decided, failed=self._failed, lane=Lane.NETWORK)

    def _decided(self, decision: Decision) -> None:
        self._set_busy(False)
        self.decision = decision
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        if isinstance(error, LinkDown):
            self.error_label.setText(
                self.tr("Head office cannot be reached just now: nothing was decided. Try again when the "
                        "link is back.")
            )
            self.error_label.setToolTip(str(error))
        else:  # head office's refusal, in its words and code (wrong password, maker, another company)
            self.error_label.setText(error_text(error))
        self.password_edit.setFocus()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.approve_button, self.reject_button, self.user_edit, self.password_edit, self.reason_edit):
            widget.setEnabled(not busy)
