"""What every screen is given and may do: the backend (services, session), the task runner
(work off the GUI thread) and the app's events (say what changed; hear what others changed)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_app.services.context import Session
from desktop_app.ui.backend import Backend
from desktop_app.ui.events import AppEvents
from desktop_app.ui.tasks import Tasks


class Screen(QWidget):
    def __init__(self, backend: Backend, tasks: Tasks, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.tasks = tasks
        self.events = events

    @property
    def session(self) -> Session:
        session = self.backend.session
        if session is None:
            raise RuntimeError("a screen is shown only to a logged-in user")
        return session

    def activated(self) -> None:
        """The teller navigated here: refresh what may be stale and put the focus where typing starts."""
