"""A dialog that asks why before something is done that others will read the reason of (a
rejection, a device revoked): an empty reason is refused here, before anything is sent. Enter goes
on, Escape cancels; the reason comes back with its whitespace collapsed.

Each use subclasses it and passes its texts already translated, so Qt Linguist keeps them under
the subclass's own context (a `tr` call in this base would be looked up under the base's name).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget


@dataclass(frozen=True, slots=True)
class ReasonTexts:
    title: str
    heading: str  # rich text: the caller escapes what it quotes
    note: str
    placeholder: str
    label: str  # the reason's label, with its Alt key
    button: str  # the button that goes on, with its Alt key
    empty: str  # said when no reason is typed


@dataclass(frozen=True, slots=True)
class ReasonNames:
    """Object names, for tests and the keyboard map."""

    dialog: str
    heading: str
    edit: str
    error: str
    button: str


class ReasonDialog(QDialog):
    def __init__(
        self, texts: ReasonTexts, names: ReasonNames, *, length_max: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._empty = texts.empty
        self.setObjectName(names.dialog)
        self.setWindowTitle(texts.title)
        heading = QLabel(texts.heading)
        heading.setObjectName(names.heading)
        heading.setWordWrap(True)
        note = QLabel(texts.note)
        note.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName(names.edit)
        self.reason_edit.setMaxLength(length_max)
        self.reason_edit.setPlaceholderText(texts.placeholder)
        reason_label = QLabel(texts.label)
        reason_label.setBuddy(self.reason_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName(names.error)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e")
        form = QFormLayout()
        form.addRow(reason_label, self.reason_edit)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        self.confirm_button = buttons.button(standard.Ok)
        self.confirm_button.setObjectName(names.button)
        self.confirm_button.setText(texts.button)
        self.confirm_button.setDefault(True)  # Enter goes on; Escape is QDialog's cancel
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.reason_edit.setFocus()

    def reason(self) -> str:
        return " ".join(self.reason_edit.text().split())

    def accept(self) -> None:
        if not self.reason():
            self.error_label.setText(self._empty)
            self.reason_edit.setFocus()
            return
        super().accept()
