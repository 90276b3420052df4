"""First run: this PC becomes a device of the bank, with the server address and the one-time
enrolment code head office issued. The key pair is made here and its private half never leaves
the OS keyring."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.context import Device
from desktop_app.store.database import Store
from desktop_app.ui.backend import enrol
from desktop_app.ui.errors import error_text
from desktop_app.ui.tasks import Lane, Tasks


class EnrolmentDialog(QDialog):
    def __init__(self, store: Store, tasks: Tasks, *, server_url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._tasks = tasks
        self.device: Device | None = None
        self.setWindowTitle(self.tr("Wekeza — enrol this device"))
        intro = QLabel(
            self.tr(
                "This PC is not yet a device of the bank. Type the head office server's address and "
                "the one-time enrolment code head office gave you."
            )
        )
        intro.setWordWrap(True)
        self.server_edit = QLineEdit(server_url)
        self.server_edit.setObjectName("server")
        self.server_edit.setPlaceholderText("https://sync.wekeza.example")
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("code")
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.server_edit)
        form.addRow(self.tr("Enrolment code"), self.code_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enrol"))
        self.buttons.accepted.connect(self._enrol)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.code_edit if server_url else self.server_edit).setFocus()

    def _enrol(self) -> None:
        server, code = self.server_edit.text().strip(), self.code_edit.text().strip()
        if not server.startswith(("http://", "https://")):
            self.message.setText(self.tr("The server address starts with https:// (or http:// on a test network)"))
            return
        if not code:
            self.message.setText(self.tr("Type the enrolment code from head office"))
            return
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Enrolling…"))
        store = self._store
        self._tasks.run(lambda: enrol(store, server, code), done=self._enrolled, failed=self._refused, lane=Lane.NETWORK)

    def _enrolled(self, device: Device) -> None:
        self.device = device
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(error_text(error))
