"""What every head office screen shares (approvals, exceptions, reconciliation, the risk dashboard,
devices): each reads head office's server when asked and keeps nothing on this PC, so each is
online only and says so, always, in one line at its top.

One login serves them all: the user types their head office password once (it is sent once and
forgotten), and the token is kept in this window's memory (backend.extras, never on disk) until
head office stops accepting it; then whichever screen hears so asks for the password again. A link that drops shows a calm sentence, never a traceback; an answer that
is not what the server sends (MalformedAnswer) says which field, for IT.

A subclass builds its content, calls `set_content`, and implements `query` (called on the GUI
thread; returns the work a network worker runs with the client and the session) and `show_answer`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.sync.client import LinkDown, ServerRefused
from desktop_app.sync.head_office import HeadOfficeClient
from desktop_app.sync.status import SyncStatus
from desktop_app.sync.supervision import SessionExpired, SupervisorSession
from desktop_app.sync.wire_reading import MalformedAnswer
from desktop_app.ui.backend import Backend
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.tasks import Lane, Tasks

translate = QCoreApplication.translate
CLIENT_KEY = "head_office_client"  # backend.extras: one client for the window (tests put theirs here)
SESSION_KEY = "head_office_session"  # backend.extras: the login every head office screen shares
ERROR_STYLE = "color: #b3261e"
NOTE_STYLE = "color: #5f6368"

Work = Callable[[HeadOfficeClient, SupervisorSession], Any]


class HeadOfficeScreen(Screen):
    """A screen fed from head office's API. `client` is injected by tests (or put in
    backend.extras[CLIENT_KEY]); otherwise one is made for the server this PC is enrolled with."""

    def __init__(
        self,
        backend: Backend,
        tasks: Tasks,
        events: AppEvents,
        parent: QWidget | None = None,
        *,
        client: HeadOfficeClient | None = None,
        name: str,
    ) -> None:
        super().__init__(backend, tasks, events, parent)
        self.client = client if client is not None else shared_client(backend)
        self._online = False
        self._busy = False
        self._built = False  # set_content done: the subclass's widgets exist
        self.answer: Any = None  # the last answer shown

        self.online_note = QLabel(
            translate(
                "HeadOfficeScreen",
                "Online only: read from head office's server when you ask; nothing of it is kept on this PC.",
            )
        )
        self.online_note.setObjectName(f"{name}OnlineNote")
        self.online_note.setWordWrap(True)
        self.online_note.setStyleSheet(NOTE_STYLE)
        self.offline_label = QLabel()
        self.offline_label.setObjectName(f"{name}Offline")
        self.offline_label.setWordWrap(True)
        self.offline_label.setStyleSheet(ERROR_STYLE)
        self.error_label = QLabel()
        self.error_label.setObjectName(f"{name}Error")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # head office's words, as written
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()  # shown with a message only: an empty line would push the screen down

        self.login_box = QGroupBox(translate("HeadOfficeScreen", "Log in at head office"))
        self.login_box.setObjectName(f"{name}Login")
        self.login_prompt = QLabel()
        self.login_prompt.setObjectName(f"{name}LoginPrompt")
        self.login_prompt.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName(f"{name}Password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.returnPressed.connect(self.log_in)
        password_label = QLabel(translate("HeadOfficeScreen", "&Password:"))
        password_label.setBuddy(self.password_edit)
        self.login_button = QPushButton(translate("HeadOfficeScreen", "&Log in"))
        self.login_button.setObjectName(f"{name}LogIn")
        self.login_button.clicked.connect(self.log_in)
        login_row = QHBoxLayout()
        login_row.addWidget(password_label)
        login_row.addWidget(self.password_edit, 1)
        login_row.addWidget(self.login_button)
        login_layout = QVBoxLayout(self.login_box)
        login_layout.addWidget(self.login_prompt)
        login_layout.addLayout(login_row)
        QWidget.setTabOrder(self.password_edit, self.login_button)
        events.sync_status_read.connect(self._status_read)

    def set_content(self, content: QWidget) -> None:
        """The screen: the online-only line, what is wrong with the link, the login, the content."""
        layout = QVBoxLayout(self)
        layout.addWidget(self.online_note)
        layout.addWidget(self.offline_label)
        layout.addWidget(self.login_box)
        layout.addWidget(self.error_label)
        layout.addWidget(content, 1)
        self._built = True
        self._update()

    # --- what a subclass provides -----------------------------------------------------------------

    def query(self) -> Work:
        """On the GUI thread: read the screen's choices (date, branch...) and return the work."""
        raise NotImplementedError

    def show_answer(self, answer: Any) -> None:
        raise NotImplementedError

    def update_actions(self, can_act: bool) -> None:
        """Enable the subclass's buttons: `can_act` is online, logged in and not busy."""

    def logged_in(self) -> None:
        """After the login's first answer is shown: where the keyboard goes next (the login box is gone)."""

    # --- the session ------------------------------------------------------------------------------

    @property
    def head_office_session(self) -> SupervisorSession | None:
        return self.backend.extras.get(SESSION_KEY)

    @property
    def online(self) -> bool:
        return self._online

    @property
    def busy(self) -> bool:
        return self._busy

    def activated(self) -> None:
        logged_in = self.head_office_session
        if logged_in is not None and logged_in.user.user_id != self.session.user_id:
            self.forget_login()  # another user logged in at this PC
        self._online = self.client is not None and self.backend.context.is_online()
        self._update()
        if self.head_office_session is None:
            self.password_edit.setFocus()
        elif self._online:
            self.refresh()

    def log_in(self) -> None:
        """Log in at head office with the password typed (sent once, then forgotten), then read."""
        if self._busy or not self._online or self.client is None:
            return
        password = self.password_edit.text()
        self.password_edit.clear()
        self.clear_error()
        if not password:
            self.show_error(translate("HeadOfficeScreen", "Type your head office password to log in."))
            self.password_edit.setFocus()
            return
        client, user_id, work = self.client, self.session.user_id, self.query()

        def logged_in_and_read() -> tuple[SupervisorSession, Any]:
            session = client.log_in(user_id, password)
            return session, work(client, session)

        def done(result: tuple[SupervisorSession, Any]) -> None:
            self.backend.extras[SESSION_KEY], answer = result
            self._update()
            self._show(answer)
            self.logged_in()

        self._start(logged_in_and_read, done)

    def refresh(self) -> None:
        """Read head office again with the screen's current choices."""
        session = self.head_office_session
        if self._busy or session is None or self.client is None or not self._online:
            return
        self.clear_error()
        client, work = self.client, self.query()
        self._start(lambda: work(client, session), self._show)

    def run(
        self,
        work: Work,
        done: Callable[[Any], None],
        *,
        refused: Callable[[ServerRefused], None] | None = None,
    ) -> None:
        """Another request of the screen's own (enrol, revoke, decide), with the same handling of
        failures; `refused` hears head office's refusals after they are shown (not a dropped link,
        not an ended login)."""
        session = self.head_office_session
        if self._busy or session is None or self.client is None or not self._online:
            return
        self.clear_error()
        client = self.client
        self._start(lambda: work(client, session), done, refused)

    def show_error(self, text: str, detail: str = "") -> None:
        """A failure in words (`detail`, for IT, on hover)."""
        self.error_label.setText(text)
        self.error_label.setToolTip(detail)
        self.error_label.setVisible(bool(text))

    def clear_error(self) -> None:
        self.show_error("")

    def forget_login(self) -> None:
        self.backend.extras.pop(SESSION_KEY, None)
        self._update()

    # --- inner workings ---------------------------------------------------------------------------

    def _show(self, answer: Any) -> None:
        self.answer = answer
        self.show_answer(answer)

    def _start(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        refused: Callable[[ServerRefused], None] | None = None,
    ) -> None:
        self._set_busy(True)

        def succeeded(result: Any) -> None:
            self._set_busy(False)
            done(result)

        def failed(error: Exception) -> None:
            self._set_busy(False)
            self.show_failure(error)
            if refused is not None and type(error) is ServerRefused:  # not SessionExpired
                refused(error)

        self.tasks.run(work, done=succeeded, failed=failed, lane=Lane.NETWORK)

    def show_failure(self, error: Exception) -> None:
        if isinstance(error, SessionExpired):
            self.forget_login()
            self.show_error(
                translate(
                    "HeadOfficeScreen",
                    "Your login at head office has ended ({message}). Type your password again.",
                ).format(message=error.message)
            )
            self.password_edit.setFocus()
        elif isinstance(error, MalformedAnswer):
            self.show_error(
                translate(
                    "HeadOfficeScreen",
                    "Head office answered, but not in a form this app reads ({field}: {problem}). Nothing "
                    "was changed here. Try again; if it happens again, tell IT.",
                ).format(field=error.field, problem=error.problem)
            )
        elif isinstance(error, LinkDown):
            self._online = False
            self._update()
            self.show_error(
                translate(
                    "HeadOfficeScreen",
                    "Head office cannot be reached just now. Nothing was changed; try again when the link "
                    "is back.",
                ),
                str(error),  # the detail, for IT, out of the way
            )
        else:  # ServerRefused: head office's reason and code; anything else, briefly (logged in full)
            self.show_error(error_text(error))

    def _status_read(self, status: SyncStatus | None) -> None:
        online = self.client is not None and status is not None and status.online
        if online != self._online:
            self._online = online
            self._update()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update()

    def _update(self) -> None:
        """Enable what may be done now: nothing offline, nothing twice at once."""
        logged_in = self.head_office_session is not None
        if self.client is None:
            self.offline_label.setText(
                translate(
                    "HeadOfficeScreen",
                    "This PC is not connected to a server: head office's screens work online only.",
                )
            )
        else:
            self.offline_label.setText(
                translate(
                    "HeadOfficeScreen",
                    "Offline: head office cannot be reached now, and this screen works online only. It "
                    "works again as soon as the link is back.",
                )
            )
        self.offline_label.setVisible(not self._online)
        session = self.backend.session  # None for a moment while the window logs out
        if session is not None:
            self.login_prompt.setText(
                translate(
                    "HeadOfficeScreen",
                    "{name} ({user_id}), type your head office password: one login opens every head office screen.",
                ).format(name=session.display_name, user_id=session.user_id)
            )
        self.login_box.setVisible(not logged_in)
        self.password_edit.setEnabled(self._online and not self._busy)
        self.login_button.setEnabled(self._online and not self._busy)
        if self._built:
            self.update_actions(self._online and logged_in and not self._busy)


def shared_client(backend: Backend) -> HeadOfficeClient | None:
    """One client per window, for the server this PC is enrolled with (None: no server)."""
    client = backend.extras.get(CLIENT_KEY)
    if client is None and backend.device.server_url:
        client = backend.extras[CLIENT_KEY] = HeadOfficeClient(backend.device.server_url)
    return client
