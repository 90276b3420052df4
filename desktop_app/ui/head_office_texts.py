"""How head office's screens and dialogs name a device's state: its status, its channel, its clock
against the server's. Words in the user's language; a code a newer server sends and this app does
not know is shown as written."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.ui.formatting import age_text
from shared_core.channels import Channel

translate = QCoreApplication.translate

_DEVICE_STATUS_TEXTS = {
    "active": QT_TRANSLATE_NOOP("HeadOfficeTexts", "Active"),
    "frozen": QT_TRANSLATE_NOOP("HeadOfficeTexts", "Frozen"),
    "revoked": QT_TRANSLATE_NOOP("HeadOfficeTexts", "Revoked"),
}
_CHANNEL_TEXTS = {
    Channel.BRANCH: QT_TRANSLATE_NOOP("HeadOfficeTexts", "Branch"),
    Channel.AGENT: QT_TRANSLATE_NOOP("HeadOfficeTexts", "Agent"),
    Channel.HEAD_OFFICE: QT_TRANSLATE_NOOP("HeadOfficeTexts", "Head office"),
}


def device_status_text(status: str) -> str:
    """A device's status in words; one a newer server knows and this app does not, as written."""
    return (
        translate("HeadOfficeTexts", _DEVICE_STATUS_TEXTS[status])
        if status in _DEVICE_STATUS_TEXTS
        else status
    )


def channel_text(channel: str) -> str:
    try:
        return translate("HeadOfficeTexts", _CHANNEL_TEXTS[Channel(channel)])
    except ValueError:
        return channel


def skew_text(skew_s: int | None) -> str:
    """A device's clock against the server's: '10 min ahead', '35 s behind', 'in step', or '—'
    (never measured)."""
    if skew_s is None:
        return "—"
    if skew_s == 0:
        return translate("HeadOfficeTexts", "in step")
    if skew_s > 0:
        return translate("HeadOfficeTexts", "{age} ahead").format(age=age_text(skew_s))
    return translate("HeadOfficeTexts", "{age} behind").format(age=age_text(-skew_s))
