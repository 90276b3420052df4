"""One step on an exception, as its user fills it in: assign (to whom), comment, propose a correction
(which, how much, why), approve (what is approved, shown again) or reject (why). The step is built
and checked here by shared_core's own rules (a note where one is needed, an amount above zero for a
correction that books one), so a step that cannot be sent never is; its id is minted once, here, so
the same step sent again is the same step at head office. Enter goes on, Escape cancels."""

from __future__ import annotations

import html
import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.screens.exceptions_tables import code_text, correction_kind_text, correction_text
from desktop_app.ui.widgets.amount_edit import AmountEdit
from shared_core.errors import DomainError, InvalidInput
from shared_core.exception_cases import ExceptionSummary
from shared_core.exception_resolution import Correction, CorrectionKind, corrections_for
from shared_core.exception_steps import ExceptionStep, StepAction, note_length_max
from shared_core.money import Money


class ExceptionStepDialog(QDialog):
    def __init__(
        self,
        action: StepAction,
        summary: ExceptionSummary,
        parent: QWidget | None = None,
        *,
        pending: Correction | None = None,
    ) -> None:
        super().__init__(parent)
        self.action = action
        self.summary = summary
        self._step: ExceptionStep | None = None
        self.setObjectName("exceptionStepDialog")
        titles = {
            StepAction.ASSIGN: self.tr("Assign {label}"),
            StepAction.COMMENT: self.tr("Comment on {label}"),
            StepAction.PROPOSE: self.tr("Propose a correction for {label}"),
            StepAction.APPROVE: self.tr("Approve the correction of {label}"),
            StepAction.REJECT: self.tr("Reject the correction of {label}"),
        }
        self.setWindowTitle(titles[action].format(label=summary.label))
        heading = QLabel(
            self.tr("<b>{label}</b> {what}: {amount} on {account}, {reference}").format(
                label=html.escape(summary.label),
                what=html.escape(code_text(summary.code)),
                amount=html.escape(str(summary.amount)),
                account=html.escape(summary.account or "—"),
                reference=html.escape(summary.entry.reference),
            )
        )
        heading.setObjectName("exceptionStepHeading")
        heading.setWordWrap(True)
        form = QFormLayout()

        self.assignee_edit = QLineEdit()
        self.assignee_edit.setObjectName("exceptionAssignee")
        self.assignee_edit.setMaxLength(64)
        self.assignee_edit.setPlaceholderText(self.tr("e.g. otieno"))
        self.correction_combo = QComboBox()
        self.correction_combo.setObjectName("exceptionCorrection")
        for kind in corrections_for(summary.code):
            self.correction_combo.addItem(correction_kind_text(kind), kind.value)
        self.amount_edit = AmountEdit()
        self.amount_edit.setObjectName("exceptionAmount")
        self.amount_edit.set_amount(summary.amount)
        self.correction_combo.currentIndexChanged.connect(self._kind_changed)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("exceptionNote")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(80)

        if action is StepAction.ASSIGN:
            label = QLabel(self.tr("&User:"))
            label.setBuddy(self.assignee_edit)
            form.addRow(label, self.assignee_edit)
        if action is StepAction.PROPOSE:
            label = QLabel(self.tr("&Correction:"))
            label.setBuddy(self.correction_combo)
            form.addRow(label, self.correction_combo)
            label = QLabel(self.tr("&Amount:"))
            label.setBuddy(self.amount_edit)
            form.addRow(label, self.amount_edit)
        if action is StepAction.APPROVE and pending is not None:
            proposal = QLabel(self.tr("Approving books: {correction}").format(correction=correction_text(pending)))
            proposal.setObjectName("exceptionStepProposal")
            proposal.setWordWrap(True)
            form.addRow(proposal)
        notes = {
            StepAction.ASSIGN: self.tr("&Note (optional):"),
            StepAction.COMMENT: self.tr("&Comment:"),
            StepAction.PROPOSE: self.tr("&Why:"),
            StepAction.APPROVE: self.tr("&Note (optional):"),
            StepAction.REJECT: self.tr("&Why:"),
        }
        note_label = QLabel(notes[action])
        note_label.setBuddy(self.note_edit)
        form.addRow(note_label, self.note_edit)

        self.error_label = QLabel()
        self.error_label.setObjectName("exceptionStepError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e")
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        self.confirm_button = buttons.button(standard.Ok)
        self.confirm_button.setObjectName("exceptionStepConfirm")
        self.confirm_button.setText(
            {
                StepAction.ASSIGN: self.tr("Assi&gn"),
                StepAction.COMMENT: self.tr("&Save comment"),
                StepAction.PROPOSE: self.tr("&Propose"),
                StepAction.APPROVE: self.tr("Appro&ve"),
                StepAction.REJECT: self.tr("&Reject"),
            }[action]
        )
        self.confirm_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._kind_changed()
        first = {StepAction.ASSIGN: self.assignee_edit, StepAction.PROPOSE: self.correction_combo}
        first.get(action, self.note_edit).setFocus()

    def step(self) -> ExceptionStep | None:
        """The step, once the dialog was accepted: checked, with its id minted."""
        return self._step

    def _kind(self) -> CorrectionKind | None:
        """The correction chosen (Qt hands item data back as plain text)."""
        chosen = self.correction_combo.currentData()
        return None if chosen is None else CorrectionKind(chosen)

    def _kind_changed(self) -> None:
        kind = self._kind()
        self.amount_edit.setEnabled(kind is not None and kind.books_entry)

    def _note(self) -> str:
        return " ".join(self.note_edit.toPlainText().split())

    def accept(self) -> None:
        try:
            self._step = self._build()
        except DomainError as error:
            self.error_label.setText(error.message)
            return
        super().accept()

    def _build(self) -> ExceptionStep:
        note = self._note()
        if len(note) > note_length_max:
            raise InvalidInput(
                self.tr("The note is {n} characters; at most {max}.").format(n=len(note), max=note_length_max)
            )
        if not note and self.action in (StepAction.COMMENT, StepAction.PROPOSE, StepAction.REJECT):
            raise InvalidInput(self.tr("Write why: the others working it will read it."))
        step_id = str(uuid.uuid4())
        if self.action is StepAction.ASSIGN:
            assignee = self.assignee_edit.text().strip()
            if not assignee:
                raise InvalidInput(self.tr("Name the user who is to work it."))
            return ExceptionStep(step_id, self.action, note, assignee=assignee)
        if self.action is StepAction.PROPOSE:
            kind = self._kind()
            if kind is None:
                raise InvalidInput(self.tr("No correction may be proposed for this exception here."))
            amount = self.amount_edit.amount() if kind.books_entry else Money(0)
            if amount > self.summary.amount:
                raise InvalidInput(
                    self.tr("A correction may not be more than the exception's {amount}.").format(
                        amount=self.summary.amount
                    )
                )
            return ExceptionStep(step_id, self.action, note, correction=Correction(kind, amount))
        return ExceptionStep(step_id, self.action, note)
