"""How a refusal reaches the teller: what was refused and why, in words, never a stack trace.

Domain errors carry messages written for tellers (shared_core.errors); link failures say the
link is down; anything else is a fault of ours, logged in full and shown briefly."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.sync.client import LinkDown, ServerRefused
from shared_core.errors import DomainError

log = logging.getLogger(__name__)
translate = QCoreApplication.translate


def error_text(error: BaseException) -> str:
    if isinstance(error, DomainError):
        return str(error)
    if isinstance(error, ServerRefused):
        return f"{error.message} [{error.code}]"
    if isinstance(error, LinkDown):
        return translate("Errors", "Head office cannot be reached: {detail}").format(detail=error)
    log.error("unexpected failure: %s", getattr(error, "__traceback_text__", repr(error)))
    return translate("Errors", "Something went wrong inside the app ({kind}); nothing was committed.").format(
        kind=type(error).__name__
    )


def error_code(error: BaseException) -> str | None:
    if isinstance(error, DomainError):
        return error.code
    if isinstance(error, ServerRefused):
        return error.code
    return None


def show_error(parent: QWidget | None, title: str, error: BaseException) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, error_text(error), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.open()  # not exec(): tests and the rest of the window keep running
