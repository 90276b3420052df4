"""Why head office revokes a device: the reason is kept with the device at head office (a stolen
laptop, a branch closed), so an empty one is refused here, before anything is sent. Enter goes on
to the confirmation, Escape cancels."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.sync.head_office import revocation_reason_length_max


class RevokeDeviceDialog(QDialog):
    def __init__(self, device_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revokeDeviceDialog")
        self.setWindowTitle(self.tr("Revoke a device"))
        heading = QLabel(self.tr("Revoke <b>{device}</b>?").format(device=html.escape(device_text)))
        heading.setObjectName("revokeDevice")
        heading.setWordWrap(True)
        warning = QLabel(
            self.tr(
                "Head office will refuse everything it sends from now on, and its users can no longer work "
                "online on it. Entries it has not synced stay on that PC. To use the PC again, enrol it anew."
            )
        )
        warning.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("revokeReason")
        self.reason_edit.setMaxLength(revocation_reason_length_max)
        self.reason_edit.setPlaceholderText(self.tr("e.g. Laptop stolen from the branch on 23 November"))
        reason_label = QLabel(self.tr("&Why:"))
        reason_label.setBuddy(self.reason_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("revokeReasonError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e")
        form = QFormLayout()
        form.addRow(reason_label, self.reason_edit)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        self.revoke_button = buttons.button(standard.Ok)
        self.revoke_button.setObjectName("confirmRevokeReason")
        self.revoke_button.setText(self.tr("&Revoke…"))
        self.revoke_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.reason_edit.setFocus()

    def reason(self) -> str:
        return " ".join(self.reason_edit.text().split())

    def accept(self) -> None:
        if not self.reason():
            self.error_label.setText(self.tr("Say why the device is revoked: head office keeps the reason."))
            self.reason_edit.setFocus()
            return
        super().accept()
