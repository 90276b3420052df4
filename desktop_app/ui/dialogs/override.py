"""A supervisor's override at the teller's PC: they type their own user and password to approve
one operation. The service checks them (never the maker, a role that may approve); this dialog
only collects them."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.services.posting import Override


class OverrideDialog(QDialog):
    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Supervisor approval"))
        explanation = QLabel(self.tr("This needs a supervisor's approval:") + f"<br><b>{reason}</b>")
        explanation.setWordWrap(True)
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("supervisor")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("supervisorPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Supervisor"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Approve"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.user_edit.setFocus()

    def override(self) -> Override:
        return Override(user_id=self.user_edit.text().strip(), password=self.password_edit.text())
