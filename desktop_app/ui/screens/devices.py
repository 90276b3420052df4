"""Devices, for head office: every PC enrolled at a branch or an agent's shop, its status, when it
last synced and was last seen, and its clock against the server's (flagged in colour when out of
step); enrol a new one (a one-time code, shown once) or revoke one (with a reason, confirmed).
Online only (HeadOfficeScreen).

Keyboard: Alt+E enrols, Alt+R revokes the selected device, Alt+F reads the list again.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.sync.head_office import HeadOfficeClient
from desktop_app.sync.supervision import SupervisorSession
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.enrol_device import EnrolDeviceDialog, EnrolmentCodeDialog
from desktop_app.ui.dialogs.revoke_device import RevokeDeviceDialog
from desktop_app.ui.events import AppEvents
from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.head_office_texts import channel_text, device_status_text, skew_text
from desktop_app.ui.screens.head_office import HeadOfficeScreen, Work
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.flagged_table import Flag, FlaggedTableModel
from shared_core.channels import Channel
from shared_core.device_register import DeviceLine, DeviceRegister, EnrolmentCode, Location, Revocation

translate = QCoreApplication.translate


def location_text(device: DeviceLine) -> str:
    """'NBO-001 · Nairobi CBD Branch'; the code alone for a location head office no longer lists."""
    return (
        device.location_code
        if device.location_name is None
        else f"{device.location_code} · {device.location_name}"
    )


class DeviceTableModel(FlaggedTableModel):
    DEVICE, LOCATION, CHANNEL, STATUS, VERSION, ENROLLED, LAST_SYNC, LAST_SEEN, CLOCK, NOTE = range(10)
    _HEADERS = (
        QT_TRANSLATE_NOOP("DeviceTableModel", "Device"),
        QT_TRANSLATE_NOOP("DeviceTableModel", "Location"),
        QT_TRANSLATE_NOOP("DeviceTableModel", "Works as"),
        QT_TRANSLATE_NOOP("DeviceTableModel", "Status"),
        QT_TRANSLATE_NOOP("DeviceTableModel", "App"),
        QT_TRANSLATE_NOOP("DeviceTableModel", "Enrolled"),
        QT_TRANSLATE_NOOP("DeviceTableModel", "Last sync"),
        QT_TRANSLATE_NOOP("DeviceTableModel", "Last seen"),
        QT_TRANSLATE_NOOP("DeviceTableModel", "Clock"),
        QT_TRANSLATE_NOOP("DeviceTableModel", "Note"),
    )

    def __init__(self, utc_offset_minutes: int) -> None:
        super().__init__()
        self._offset = utc_offset_minutes

    def device_at(self, row: int) -> DeviceLine | None:
        return self.row(row) if 0 <= row < self.rowCount() else None

    def cell(self, record: DeviceLine, column: int) -> str:
        return {
            self.DEVICE: record.device_code,
            self.LOCATION: location_text(record),
            self.CHANNEL: channel_text(record.channel),
            self.STATUS: device_status_text(record.status),
            self.VERSION: record.app_version or "—",
            self.ENROLLED: local_time_text(record.enrolled_at, self._offset),
            self.LAST_SYNC: local_time_text(record.last_batch_at, self._offset),
            self.LAST_SEEN: local_time_text(record.last_seen_at, self._offset),
            self.CLOCK: skew_text(record.clock_skew_s),
            self.NOTE: record.frozen_reason or "",
        }[column]

    def tool_tip(self, record: DeviceLine, column: int) -> str | None:
        if column == self.CLOCK and record.clock_skew_flagged:
            return translate("DeviceTableModel", "This device's clock is out of step with head office's")
        if column == self.NOTE and record.frozen_reason:
            return record.frozen_reason
        return None

    def flag(self, record: DeviceLine, column: int) -> Flag | None:
        if record.status == "revoked":
            return Flag.MUTED  # the whole row: no longer in play
        if column == self.STATUS and record.status == "frozen":
            return Flag.ALARM
        if column == self.CLOCK and record.clock_skew_flagged:
            return Flag.ALARM
        if column == self.LAST_SYNC and record.last_batch_at is None:
            return Flag.CAUTION
        return None


class DevicesScreen(HeadOfficeScreen):
    def __init__(
        self,
        backend: Backend,
        tasks: Tasks,
        events: AppEvents,
        parent: QWidget | None = None,
        *,
        client: HeadOfficeClient | None = None,
    ) -> None:
        super().__init__(backend, tasks, events, parent, client=client, name="devices")
        self.register: DeviceRegister | None = None
        self.enrol_dialog: EnrolDeviceDialog | None = None
        self.code_dialog: EnrolmentCodeDialog | None = None
        self.revoke_dialog: RevokeDeviceDialog | None = None
        self.confirm_box: QMessageBox | None = None

        self.heading = QLabel()
        self.heading.setObjectName("devicesHeading")
        self.heading.setWordWrap(True)
        self.model = DeviceTableModel(backend.context.utc_offset_minutes)
        self.table = QTableView()
        self.table.setObjectName("devicesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.model.modelReset.connect(self._show_detail)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("devicesDetail")
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setWordWrap(True)
        self.result_label = QLabel()
        self.result_label.setObjectName("devicesResult")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.enrol_button = QPushButton(self.tr("&Enrol a device…"))
        self.enrol_button.setObjectName("devicesEnrol")
        self.enrol_button.clicked.connect(self.enrol)
        self.revoke_button = QPushButton(self.tr("&Revoke…"))
        self.revoke_button.setObjectName("devicesRevoke")
        self.revoke_button.setToolTip(
            self.tr("Revoke the selected device, saying why: it can no longer sync")
        )
        self.revoke_button.clicked.connect(self.revoke_current)
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.setObjectName("devicesRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        self.set_content(content)

    # --- HeadOfficeScreen -------------------------------------------------------------------------------

    def query(self) -> Work:
        def read(client: HeadOfficeClient, session: SupervisorSession) -> DeviceRegister:
            return client.devices(session)

        return read

    def show_answer(self, answer: DeviceRegister) -> None:
        self.show_register(answer)

    def update_actions(self, can_act: bool) -> None:
        register = self.register
        self.enrol_button.setEnabled(can_act and register is not None and bool(register.locations))
        device = self.current_device()
        self.revoke_button.setEnabled(can_act and device is not None and device.status != "revoked")
        self.refresh_button.setEnabled(can_act)

    # --- the list ---------------------------------------------------------------------------------------

    def show_register(self, register: DeviceRegister) -> None:
        current = self.current_device()
        self.register = register
        self.model.set_rows(register.devices)
        devices = register.devices
        self.heading.setText(
            self.tr(
                "{n} device(s): {active} active, {frozen} frozen, {revoked} revoked; {flagged} with the "
                "clock out "
                "of step; {never} never synced."
            ).format(
                n=len(devices),
                active=sum(device.status == "active" for device in devices),
                frozen=sum(device.status == "frozen" for device in devices),
                revoked=sum(device.status == "revoked" for device in devices),
                flagged=sum(device.clock_skew_flagged for device in devices),
                never=sum(device.last_batch_at is None for device in devices),
            )
        )
        if devices:
            kept = next(
                (
                    row
                    for row, device in enumerate(devices)
                    if current is not None and device.device_code == current.device_code
                ),
                0,
            )
            self.table.selectRow(kept)
        self._update()

    def current_device(self) -> DeviceLine | None:
        index = self.table.currentIndex()
        return self.model.device_at(index.row()) if index.isValid() else None

    def _show_detail(self, *_args: object) -> None:
        device = self.current_device()
        offset = self.backend.context.utc_offset_minutes
        if device is None:
            self.detail_label.clear()
        else:
            synced = (
                self.tr("last synced {time} (head office holds its entries to {sequence})").format(
                    time=local_time_text(device.last_batch_at, offset), sequence=device.last_sequence
                )
                if device.last_batch_at
                else self.tr("never synced")
            )
            flagged = self.tr(" (out of step)") if device.clock_skew_flagged else ""
            self.detail_label.setText(
                self.tr(
                    "{device} at {location} ({code}), {channel}: {status}, enrolled {enrolled}; {synced}; "
                    "last "
                    "seen {seen}; clock {clock}{flagged}."
                ).format(
                    device=device.device_code,
                    location=device.location_name or device.location_code,
                    code=device.location_code,
                    channel=channel_text(device.channel),
                    status=device_status_text(device.status),
                    enrolled=local_time_text(device.enrolled_at, offset),
                    synced=synced,
                    seen=local_time_text(device.last_seen_at, offset),
                    clock=skew_text(device.clock_skew_s),
                    flagged=flagged,
                )
            )
        self._update()

    # --- enrol ------------------------------------------------------------------------------------------

    def enrol(self) -> None:
        """Choose the location, then ask head office for a one-time code and show it once."""
        if self.register is None or not self.enrol_button.isEnabled():
            return
        dialog = EnrolDeviceDialog(self.register.locations, self)
        self.enrol_dialog = dialog
        dialog.accepted.connect(lambda: self._issue(dialog.location()))
        dialog.open()

    def _issue(self, location: Location | None) -> None:
        if location is None:
            return
        self.result_label.clear()

        def issue(client: HeadOfficeClient, session: SupervisorSession) -> EnrolmentCode:
            return client.issue_enrolment_code(session, location.code, Channel(location.channel))

        self.run(issue, lambda code: self._show_code(code, location))

    def _show_code(self, code: EnrolmentCode, location: Location) -> None:
        dialog = EnrolmentCodeDialog(
            code, f"{location.name} ({location.code})", self.backend.context.utc_offset_minutes, self
        )
        self.code_dialog = dialog
        dialog.finished.connect(lambda _result: self._code_dialog_closed(dialog))
        dialog.open()
        self.result_label.setText(
            self.tr("Device {device} may now be enrolled at {location} with the code shown.").format(
                device=code.device_code, location=location.code
            )
        )

    def _code_dialog_closed(self, dialog: EnrolmentCodeDialog) -> None:
        if self.code_dialog is dialog:
            self.code_dialog = None  # the code is not kept anywhere once its dialog is gone
        self.refresh()

    # --- revoke -----------------------------------------------------------------------------------------

    def revoke_current(self) -> None:
        """Ask why, then confirm, then revoke."""
        device = self.current_device()
        if device is None or not self.revoke_button.isEnabled():
            return
        dialog = RevokeDeviceDialog(
            f"{device.device_code} · {device.location_name or device.location_code}", self
        )
        self.revoke_dialog = dialog
        dialog.accepted.connect(lambda: self._confirm_revocation(device, dialog.reason()))
        dialog.open()

    def _confirm_revocation(self, device: DeviceLine, reason: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Revoke {device}").format(device=device.device_code),
            self.tr(
                "Revoke {device} at {location} now? It can no longer sync, and this cannot be undone. "
                "Reason: {reason}"
            ).format(
                device=device.device_code,
                location=device.location_name or device.location_code,
                reason=reason,
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("revokeConfirm")
        revoke = box.addButton(self.tr("Revoke"), QMessageBox.ButtonRole.DestructiveRole)
        revoke.setObjectName("revokeConfirmYes")
        keep = box.addButton(self.tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("revokeConfirmNo")
        box.setDefaultButton(keep)  # Enter on the confirmation keeps the device: revoking is a click
        box.setEscapeButton(keep)
        self.confirm_box = box
        box.buttonClicked.connect(lambda button: self._revoke(device, reason) if button is revoke else None)
        box.open()

    def _revoke(self, device: DeviceLine, reason: str) -> None:
        self.result_label.clear()

        def revoke(client: HeadOfficeClient, session: SupervisorSession) -> Revocation:
            return client.revoke_device(session, device.device_code, reason)

        self.run(revoke, self._revoked)

    def _revoked(self, revocation: Revocation) -> None:
        self.result_label.setText(
            self.tr("{device} is revoked: head office refuses what it sends from now on.").format(
                device=revocation.device_code
            )
        )
        self.refresh()
