"""Registering a customer at the counter: national ID, name, phone, the KYC tier, the evidence the
teller saw and the photo of the ID card, chosen from a file and shown as a thumbnail.

The dialog only collects: `submitted` carries the form, the screen registers in a worker and
either closes the dialog or shows the refusal in it (`show_refusal`), so the teller corrects
what was wrong without typing it all again. Who may register at which tier is the service's to
judge (an agent: tier 1 only), never this dialog's.

`IdPhotoPicker` and `EvidenceChecklist` are used again by the KYC upgrade dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.customers import IdPhoto, id_photo_bytes_max, read_id_photo
from desktop_app.ui.errors import error_text
from desktop_app.ui.tasks import Tasks
from shared_core.kyc import Evidence, KycTier, requirements_for

translate = QCoreApplication.translate

thumbnail_width_px = 200
thumbnail_height_px = 126  # an ID card is 85.6 x 54 mm
_ERROR_STYLE = "color: #b3261e"
_MEDIA_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG"}
# What the teller ticks as seen at the counter; name, ID and phone are the form itself, and the
# ID card's photo counts only as a file (IdPhotoPicker).
EVIDENCE_SEEN = (Evidence.DATE_OF_BIRTH, Evidence.PORTRAIT_PHOTO, Evidence.KRA_PIN, Evidence.PROOF_OF_ADDRESS)
EVIDENCE_LABELS = {
    Evidence.FULL_NAME: QT_TRANSLATE_NOOP("Evidence", "full name"),
    Evidence.NATIONAL_ID: QT_TRANSLATE_NOOP("Evidence", "national ID number"),
    Evidence.PHONE_NUMBER: QT_TRANSLATE_NOOP("Evidence", "phone number"),
    Evidence.DATE_OF_BIRTH: QT_TRANSLATE_NOOP("Evidence", "date of birth"),
    Evidence.ID_PHOTO: QT_TRANSLATE_NOOP("Evidence", "scan of the ID card"),  # the words refusals use
    Evidence.PORTRAIT_PHOTO: QT_TRANSLATE_NOOP("Evidence", "portrait photo"),
    Evidence.KRA_PIN: QT_TRANSLATE_NOOP("Evidence", "KRA PIN"),
    Evidence.PROOF_OF_ADDRESS: QT_TRANSLATE_NOOP("Evidence", "proof of address"),
}
assert set(EVIDENCE_LABELS) == set(Evidence), "every piece of evidence has words on screen"


def evidence_text(evidence: Evidence) -> str:
    return translate("Evidence", EVIDENCE_LABELS[evidence])


def tier_needs_text(tier: KycTier) -> str:
    """'Tier 2 needs: full name, national ID number, ...' in the teller's language."""
    needed = [evidence_text(item) for item in Evidence if item in requirements_for(tier)]
    text = translate("Evidence", "Tier {tier} needs: {needed}")
    return text.format(tier=int(tier), needed=", ".join(needed))


@dataclass(frozen=True, slots=True)
class RegistrationForm:
    national_id: str
    full_name: str
    phone: str
    tier: KycTier
    evidence: tuple[Evidence, ...]
    id_photo: IdPhoto | None


class EvidenceChecklist(QGroupBox):
    """A box per piece of evidence the teller saw (objectName 'evidence_<kind>'), under a line
    saying what the chosen tier needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Evidence seen at the counter"), parent)
        self.needs_label = QLabel()
        self.needs_label.setObjectName("tierNeeds")
        self.needs_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.needs_label)
        self.boxes: dict[Evidence, QCheckBox] = {}
        for evidence in EVIDENCE_SEEN:
            box = QCheckBox(evidence_text(evidence))
            box.setObjectName(f"evidence_{evidence.value}")
            self.boxes[evidence] = box
            layout.addWidget(box)

    def show_tier(self, tier: KycTier) -> None:
        self.needs_label.setText(tier_needs_text(tier))
        needed = requirements_for(tier)
        for evidence, box in self.boxes.items():
            box.setEnabled(evidence in needed)  # what the tier does not ask stays out of the way (and of Tab)

    def evidence(self) -> tuple[Evidence, ...]:
        return tuple(evidence for evidence, box in self.boxes.items() if box.isChecked() and box.isEnabled())


class IdPhotoPicker(QWidget):
    """'Choose ID photo…' opens a file dialog (`file_dialog`, JPEG or PNG); the file is read and
    checked in a worker (at most 5 MB, a JPEG or PNG by its content) and shown as a thumbnail."""

    photo_changed = Signal()
    failed = Signal(str)  # what was wrong with the file, for the dialog's error label

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.photo: IdPhoto | None = None
        self.file_dialog: QFileDialog | None = None
        self.choose_button = QPushButton(self.tr("Choose ID &photo…"))
        self.choose_button.setObjectName("choosePhoto")
        self.choose_button.setAutoDefault(False)  # Enter in the dialog registers; Space chooses a photo
        self.choose_button.clicked.connect(self.choose)
        self.thumbnail = QLabel(self.tr("No photo chosen"))
        self.thumbnail.setObjectName("photoThumbnail")
        self.thumbnail.setFixedSize(thumbnail_width_px, thumbnail_height_px)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("border: 1px solid #9e9e9e")
        self.info_label = QLabel(
            self.tr("JPEG or PNG, at most {size} MB").format(size=id_photo_bytes_max // (1024 * 1024))
        )
        self.info_label.setObjectName("photoInfo")
        self.info_label.setWordWrap(True)
        side = QVBoxLayout()
        side.addWidget(self.choose_button)
        side.addWidget(self.info_label, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.thumbnail)
        layout.addLayout(side, 1)
        self._loading = False

    @property
    def loading(self) -> bool:
        return self._loading

    def choose(self) -> None:
        dialog = QFileDialog(self, self.tr("Photo of the ID card"), str(Path.home()),
                             self.tr("Pictures (*.jpg *.jpeg *.png)"))
        dialog.setObjectName("photoFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.load)
        if self.file_dialog is not None:
            self.file_dialog.deleteLater()
        self.file_dialog = dialog
        dialog.open()

    def load(self, path: str) -> None:
        """Read and check the file in a worker, then show it."""
        self._loading = True
        file = Path(path)
        self.info_label.setText(self.tr("Reading {name}…").format(name=file.name))
        self._tasks.run(lambda: read_id_photo(file), done=lambda photo: self._loaded(file, photo),
                        failed=self._refused)

    def _loaded(self, file: Path, photo: IdPhoto) -> None:
        self._loading = False
        image = QImage.fromData(photo.content)
        if image.isNull():
            text = self.tr("{name} cannot be shown as a picture; choose another file")
            self._refused_text(text.format(name=file.name))
            return
        self.photo = photo
        self.thumbnail.setPixmap(
            QPixmap.fromImage(image).scaled(
                thumbnail_width_px, thumbnail_height_px,
                Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.info_label.setText(
            self.tr("{name} · {kind} · {width}×{height} · {size} KB").format(
                name=file.name, kind=_MEDIA_NAMES[photo.media_type], width=image.width(),
                height=image.height(), size=max(1, round(len(photo.content) / 1024)),
            )
        )
        self.photo_changed.emit()

    def _refused(self, error: Exception) -> None:
        self._refused_text(error_text(error))

    def _refused_text(self, text: str) -> None:
        self._loading = False
        self.photo = None
        self.thumbnail.clear()
        self.thumbnail.setText(self.tr("No photo chosen"))
        self.info_label.setText(self.tr("No photo chosen"))
        self.failed.emit(text)
        self.photo_changed.emit()


class RegisterCustomerDialog(QDialog):
    """Enter registers (the screen does the work); Escape cancels."""

    submitted = Signal(object)  # RegistrationForm

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Register a customer"))
        self.national_id_edit = QLineEdit()
        self.national_id_edit.setObjectName("nationalId")
        self.national_id_edit.setPlaceholderText(self.tr("7 or 8 digits, as on the card"))
        self.full_name_edit = QLineEdit()
        self.full_name_edit.setObjectName("fullName")
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("phone")
        self.phone_edit.setPlaceholderText(self.tr("e.g. 0712 345 678"))
        self.tier_combo = QComboBox()
        self.tier_combo.setObjectName("tier")
        for tier in KycTier:
            self.tier_combo.addItem(self.tr("Tier {tier}").format(tier=int(tier)), int(tier))
        self.evidence = EvidenceChecklist()
        self.photo_picker = IdPhotoPicker(tasks)
        self.error_label = QLabel()
        self.error_label.setObjectName("registerError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("National &ID"), self.national_id_edit)
        form.addRow(self.tr("Full &name"), self.full_name_edit)
        form.addRow(self.tr("P&hone"), self.phone_edit)
        form.addRow(self.tr("KYC &tier"), self.tier_combo)
        form.addRow(self.tr("ID photo"), self.photo_picker)
        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Ok | buttons.Cancel)
        self.register_button = self.buttons.button(buttons.Ok)
        self.register_button.setText(self.tr("&Register"))
        self.register_button.setObjectName("registerConfirm")
        self.register_button.setDefault(True)  # Enter in any field registers
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.evidence)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.tier_combo.currentIndexChanged.connect(lambda _index: self.evidence.show_tier(self.tier))
        self.evidence.show_tier(self.tier)
        self.photo_picker.failed.connect(self.error_label.setText)
        self.photo_picker.photo_changed.connect(self._photo_changed)
        self.national_id_edit.setFocus()

    @property
    def tier(self) -> KycTier:
        return KycTier(self.tier_combo.currentData())

    def form(self) -> RegistrationForm:
        return RegistrationForm(
            national_id=self.national_id_edit.text(),
            full_name=self.full_name_edit.text(),
            phone=self.phone_edit.text(),
            tier=self.tier,
            evidence=self.evidence.evidence(),
            id_photo=self.photo_picker.photo,
        )

    def submit(self) -> None:
        if self.photo_picker.loading:
            self.error_label.setText(self.tr("Wait until the photo has been read"))
            return
        self.error_label.clear()
        self.set_busy(True)
        self.submitted.emit(self.form())

    def show_refusal(self, text: str) -> None:
        """The service said no: say why, and let the teller correct the form."""
        self.set_busy(False)
        self.error_label.setText(text)
        self.national_id_edit.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.register_button.setEnabled(not busy)

    def _photo_changed(self) -> None:
        if self.photo_picker.photo is not None:
            self.error_label.clear()
