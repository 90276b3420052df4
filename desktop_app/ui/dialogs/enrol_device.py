"""Enrolling a new PC, at head office: choose where it will work (`EnrolDeviceDialog`), then read
the one-time code head office issued to whoever sets the PC up (`EnrolmentCodeDialog`).

The code is shown once, large, selectable and copyable: head office stores only its hash, so a
code lost is a new code issued. It works once, until it expires. The channel follows from the
location (a branch's PCs are counters, an agent's shop is agency banking), shown so nobody wonders.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.head_office_texts import channel_text
from shared_core.device_register import EnrolmentCode, Location


class EnrolDeviceDialog(QDialog):
    def __init__(self, locations: tuple[Location, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("enrolDeviceDialog")
        self.setWindowTitle(self.tr("Enrol a device"))
        self.location_combo = QComboBox()
        self.location_combo.setObjectName("enrolLocation")
        for location in locations:
            self.location_combo.addItem(f"{location.code} · {location.name}", location)
        location_label = QLabel(self.tr("&Location:"))
        location_label.setBuddy(self.location_combo)
        self.channel_label = QLabel()
        self.channel_label.setObjectName("enrolChannel")
        self.location_combo.currentIndexChanged.connect(self._show_channel)
        form = QFormLayout()
        form.addRow(location_label, self.location_combo)
        form.addRow(self.tr("Works as:"), self.channel_label)
        note = QLabel(
            self.tr(
                "Head office issues a one-time code for a new PC at this location. Whoever sets the PC up "
                "types it at the PC's first start."
            )
        )
        note.setWordWrap(True)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        self.issue_button = buttons.button(standard.Ok)
        self.issue_button.setObjectName("enrolIssue")
        self.issue_button.setText(self.tr("&Issue a code"))
        self.issue_button.setDefault(True)
        self.issue_button.setEnabled(bool(locations))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._show_channel()
        self.location_combo.setFocus()

    def location(self) -> Location | None:
        return self.location_combo.currentData()

    def _show_channel(self) -> None:
        location = self.location()
        self.channel_label.setText(channel_text(location.channel) if location is not None else "—")


class EnrolmentCodeDialog(QDialog):
    """The code, once: large, in a fixed-width face (0 and O, 1 and I apart), with a Copy button."""

    def __init__(
        self, code: EnrolmentCode, location_text: str, utc_offset_minutes: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("enrolmentCodeDialog")
        self.setWindowTitle(self.tr("One-time enrolment code"))
        self._code = code.enrolment_code
        heading = QLabel(
            self.tr("The code for device <b>{device}</b> at {location}:").format(
                device=html.escape(code.device_code), location=html.escape(location_text)
            )
        )
        heading.setWordWrap(True)
        self.code_label = QLabel(code.enrolment_code)
        self.code_label.setObjectName("enrolmentCode")
        self.code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10) * 2.6)
        font.setWeight(QFont.Weight.Bold)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 110)
        self.code_label.setFont(font)
        self.code_label.setStyleSheet("padding: 12px; border: 1px solid #9e9e9e; background: #fafafa")
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setObjectName("enrolmentCodeCopy")
        self.copy_button.clicked.connect(self.copy)
        self.expiry_label = QLabel(
            self.tr(
                "It works once, until {time}. This is the only time it is shown: head office keeps no copy. "
                "Read it to whoever sets the PC up; if it is lost, issue another."
            ).format(time=local_time_text(code.expires_at, utc_offset_minutes))
        )
        self.expiry_label.setObjectName("enrolmentCodeExpiry")
        self.expiry_label.setWordWrap(True)
        self.copied_label = QLabel()
        self.copied_label.setObjectName("enrolmentCodeCopied")
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Close)
        buttons.rejected.connect(self.reject)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_label, 1)
        code_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(code_row)
        layout.addWidget(self.expiry_label)
        layout.addWidget(self.copied_label)
        layout.addWidget(buttons)
        self.copy_button.setFocus()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self._code)
        self.copied_label.setText(self.tr("Copied."))
