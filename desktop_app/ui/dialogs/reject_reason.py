"""Why a checker rejects an item: the teller and the customer read the reason on the refused
entry, so an empty one is refused here, before anything is sent. Enter rejects, Escape cancels."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

reason_length_max = 300  # as head office stores it (sync_server.services.approvals)


class RejectReasonDialog(QDialog):
    def __init__(self, item_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rejectReasonDialog")
        self.setWindowTitle(self.tr("Reject"))
        heading = QLabel(self.tr("Reject <b>{item}</b>?").format(item=html.escape(item_text)))
        heading.setObjectName("rejectItem")
        heading.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("rejectReason")
        self.reason_edit.setMaxLength(reason_length_max)
        self.reason_edit.setPlaceholderText(self.tr("e.g. The deposit was right; the customer confirmed it"))
        reason_label = QLabel(self.tr("&Why:"))
        reason_label.setBuddy(self.reason_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("rejectReasonError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e")
        form = QFormLayout()
        form.addRow(reason_label, self.reason_edit)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        self.reject_button = buttons.button(standard.Ok)
        self.reject_button.setObjectName("confirmReject")
        self.reject_button.setText(self.tr("Reject"))
        self.reject_button.setDefault(True)  # Enter rejects; Escape is QDialog's cancel
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(QLabel(self.tr("The teller and the customer will read the reason.")))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.reason_edit.setFocus()

    def reason(self) -> str:
        return " ".join(self.reason_edit.text().split())

    def accept(self) -> None:
        if not self.reason():
            self.error_label.setText(
                self.tr("Say why it is rejected: a rejection without a reason is refused.")
            )
            self.reason_edit.setFocus()
            return
        super().accept()
