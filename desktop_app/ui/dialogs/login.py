"""The login: user, password and the language the window speaks for this session.

Offline by design: the password is checked against the hashes the last pull brought (the
service counts failures and locks out), in the store worker, never on the GUI thread."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.context import Session
from desktop_app.services.login import log_in
from desktop_app.ui.backend import Backend
from desktop_app.ui.errors import error_text
from desktop_app.ui.tasks import Tasks
from shared_core.amount_words import Language


class LoginDialog(QDialog):
    def __init__(self, backend: Backend, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._tasks = tasks
        self.session: Session | None = None
        device = backend.device
        self.setWindowTitle(self.tr("Wekeza — log in"))
        heading = QLabel(f"<b>{device.bank_name}</b><br>{device.location_name} · {device.device_code}")
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("user")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.language_box = QComboBox()
        self.language_box.setObjectName("language")
        self.language_box.addItem("English", Language.ENGLISH)
        self.language_box.addItem("Kiswahili", Language.SWAHILI)
        self.language_box.setCurrentIndex(self.language_box.findData(backend.language))
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        form = QFormLayout()
        form.addRow(self.tr("User"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("Language"), self.language_box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        self.buttons.accepted.connect(self._log_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.user_edit.setFocus()

    @property
    def language(self) -> Language:
        return Language(self.language_box.currentData())  # Qt hands the enum back as a plain str

    def _log_in(self) -> None:
        user_id, password = self.user_edit.text().strip(), self.password_edit.text()
        if not user_id or not password:
            self.message.setText(self.tr("Type your user name and password"))
            return
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        context = self._backend.context
        self._tasks.run(lambda: log_in(context, user_id, password), done=self._logged_in, failed=self._refused)

    def _logged_in(self, session: Session) -> None:
        self.session = session
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        self.password_edit.clear()
        self.password_edit.setFocus()
        self.message.setText(error_text(error))
