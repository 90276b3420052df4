"""Why head office revokes a device: the reason is kept with the device at head office (a stolen
laptop, a branch closed), so an empty one is refused here, before anything is sent. Enter goes on
to the confirmation, Escape cancels."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QWidget

from desktop_app.sync.head_office import revocation_reason_length_max
from desktop_app.ui.dialogs.reason import ReasonDialog, ReasonNames, ReasonTexts


class RevokeDeviceDialog(ReasonDialog):
    def __init__(self, device_text: str, parent: QWidget | None = None) -> None:
        texts = ReasonTexts(
            title=self.tr("Revoke a device"),
            heading=self.tr("Revoke <b>{device}</b>?").format(device=html.escape(device_text)),
            note=self.tr(
                "Head office will refuse everything it sends from now on, and its users can no longer work "
                "online on it. Entries it has not synced stay on that PC. To use the PC again, enrol it anew."
            ),
            placeholder=self.tr("e.g. Laptop stolen from the branch on 23 November"),
            label=self.tr("&Why:"),
            button=self.tr("&Revoke…"),
            empty=self.tr("Say why the device is revoked: head office keeps the reason."),
        )
        names = ReasonNames(
            "revokeDeviceDialog", "revokeDevice", "revokeReason", "revokeReasonError", "confirmRevokeReason"
        )
        super().__init__(texts, names, length_max=revocation_reason_length_max, parent=parent)
