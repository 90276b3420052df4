"""Asking head office to raise a customer's KYC tier: the new tier, the evidence the teller saw and
the ID card's photo (on file already, or chosen now).

The dialog only collects: `submitted` carries the form; the screen sends the request in a worker,
asks a supervisor when the rules say so (every upgrade needs one), and either closes the dialog
or shows the refusal in it (`show_refusal`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.services.customers import CustomerProfile, DocumentKind, IdPhoto
from desktop_app.ui.dialogs.register_customer import EvidenceChecklist, IdPhotoPicker
from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.tasks import Tasks
from shared_core.kyc import Evidence, KycTier

_ERROR_STYLE = "color: #b3261e"


@dataclass(frozen=True, slots=True)
class KycUpgradeForm:
    cif: str
    tier: KycTier
    evidence: tuple[Evidence, ...]
    id_photo: IdPhoto | None  # a new photo; one on file counts without it


class KycUpgradeDialog(QDialog):
    """Enter sends the request (the screen does the work); Escape cancels."""

    submitted = Signal(object)  # KycUpgradeForm

    def __init__(self, profile: CustomerProfile, tasks: Tasks, utc_offset_minutes: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        summary = profile.summary
        self._cif = summary.cif
        self.setWindowTitle(self.tr("KYC upgrade request"))
        who = QLabel(
            self.tr("{name} ({cif}), now at Tier {tier}").format(
                name=summary.full_name, cif=summary.cif, tier=summary.kyc_tier
            )
        )
        who.setObjectName("upgradeCustomer")
        who.setTextFormat(Qt.TextFormat.PlainText)
        self.tier_combo = QComboBox()
        self.tier_combo.setObjectName("upgradeTier")
        for tier in KycTier:
            if tier > summary.kyc_tier:
                self.tier_combo.addItem(self.tr("Tier {tier}").format(tier=int(tier)), int(tier))
        self.evidence = EvidenceChecklist()
        on_file = [document for document in profile.documents if document.kind == DocumentKind.ID_PHOTO]
        self.on_file_label = QLabel(
            self.tr("A photo of the ID card is on file (captured {when}, {reference}); choose a new one only "
                    "if it has changed").format(
                when=local_time_text(on_file[0].captured_at, utc_offset_minutes),
                reference=on_file[0].captured_reference,
            )
            if on_file
            else self.tr("No photo of the ID card is on file: choose one for Tier 2 and above")
        )
        self.on_file_label.setObjectName("photoOnFile")
        self.on_file_label.setWordWrap(True)
        self.photo_picker = IdPhotoPicker(tasks)
        note = QLabel(self.tr("Every upgrade needs a supervisor's approval, and stays pending until head "
                              "office decides; the customer's limits change only then."))
        note.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("kycError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("New &tier"), self.tier_combo)
        form.addRow(self.tr("ID photo"), self.on_file_label)
        form.addRow("", self.photo_picker)
        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Ok | buttons.Cancel)
        self.request_button = self.buttons.button(buttons.Ok)
        self.request_button.setText(self.tr("&Request upgrade"))
        self.request_button.setObjectName("kycConfirm")
        self.request_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addLayout(form)
        layout.addWidget(self.evidence)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.tier_combo.currentIndexChanged.connect(lambda _index: self.evidence.show_tier(self.tier))
        self.evidence.show_tier(self.tier)
        self.photo_picker.failed.connect(self.error_label.setText)
        self.tier_combo.setFocus()

    @property
    def tier(self) -> KycTier:
        return KycTier(self.tier_combo.currentData())

    def form(self) -> KycUpgradeForm:
        return KycUpgradeForm(self._cif, self.tier, self.evidence.evidence(), self.photo_picker.photo)

    def submit(self) -> None:
        if self.photo_picker.loading:
            self.error_label.setText(self.tr("Wait until the photo has been read"))
            return
        self.error_label.clear()
        self.set_busy(True)
        self.submitted.emit(self.form())

    def show_refusal(self, text: str) -> None:
        self.set_busy(False)
        self.error_label.setText(text)
        self.tier_combo.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.request_button.setEnabled(not busy)
