"""Why a checker rejects an item: the teller and the customer read the reason on the refused
entry, so an empty one is refused here, before anything is sent. Enter rejects, Escape cancels."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QWidget

from desktop_app.ui.dialogs.reason import ReasonDialog, ReasonNames, ReasonTexts

reason_length_max = 300  # as head office stores it (sync_server.services.approvals)


class RejectReasonDialog(ReasonDialog):
    def __init__(self, item_text: str, parent: QWidget | None = None) -> None:
        texts = ReasonTexts(
            title=self.tr("Reject"),
            heading=self.tr("Reject <b>{item}</b>?").format(item=html.escape(item_text)),
            note=self.tr("The teller and the customer will read the reason."),
            placeholder=self.tr("e.g. The deposit was right; the customer confirmed it"),
            label=self.tr("&Why:"),
            button=self.tr("Reject"),
            empty=self.tr("Say why it is rejected: a rejection without a reason is refused."),
        )
        names = ReasonNames("rejectReasonDialog", "rejectItem", "rejectReason", "rejectReasonError", "confirmReject")
        super().__init__(texts, names, length_max=reason_length_max, parent=parent)
