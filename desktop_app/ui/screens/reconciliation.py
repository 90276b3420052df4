"""Reconciliation, for head office: does a business day add up? Online only (HeadOfficeScreen).

Head office's report of the day (GET /v1/reconciliation), for every location or one branch: the
verdict first, in large type (UNRESOLVED with how many items, or reconciled), then the issues that
keep the day open (gaps, open exceptions, forks, tills not closed or disagreeing), then the detail
in tabs: per device the batches and entries that arrived and what was decided, gaps and clock skew
flagged in colour; the tills with their over and short, and per teller; the refused entries, the
exceptions, the forks and the day's totals by operation.

The PDF and CSV of the same report come from `wekeza-server reconcile`; this screen is for looking.
Keyboard: Alt+Y the business day, Alt+B the branch, Alt+S shows the day.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.sync.head_office import HeadOfficeClient
from desktop_app.sync.supervision import SupervisorSession
from desktop_app.ui.backend import Backend
from desktop_app.ui.events import AppEvents
from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.screens.head_office import HeadOfficeScreen, Work
from desktop_app.ui.screens.reconciliation_tables import (
    DeviceDayTableModel,
    ExceptionTableModel,
    ForkTableModel,
    IssueTableModel,
    ReconciliationRefusedTableModel,
    TellerTableModel,
    TillTableModel,
    TotalsTableModel,
)
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.flagged_table import FlaggedTableModel
from shared_core.reconciliation_report import LocationDay, ReconciliationReport

ALL_LOCATIONS = None  # the branch filter's first choice


def _table(model: FlaggedTableModel, name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


# --- the screen -------------------------------------------------------------------------------------------


class ReconciliationScreen(HeadOfficeScreen):
    def __init__(
        self,
        backend: Backend,
        tasks: Tasks,
        events: AppEvents,
        parent: QWidget | None = None,
        *,
        client: HeadOfficeClient | None = None,
    ) -> None:
        super().__init__(backend, tasks, events, parent, client=client, name="reconciliation")
        offset = backend.context.utc_offset_minutes
        self.report: ReconciliationReport | None = None
        self._location_names: dict[str, str] = {}

        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setObjectName("reconciliationDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        date_label = QLabel(self.tr("Business da&y:"))
        date_label.setBuddy(self.date_edit)
        self.branch_combo = QComboBox()
        self.branch_combo.setObjectName("reconciliationBranch")
        self.branch_combo.setMinimumContentsLength(24)
        self.branch_combo.addItem(self.tr("All locations"), ALL_LOCATIONS)
        branch_label = QLabel(self.tr("&Branch:"))
        branch_label.setBuddy(self.branch_combo)
        self.show_button = QPushButton(self.tr("&Show the day"))
        self.show_button.setObjectName("reconciliationShow")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.refresh)
        controls = QHBoxLayout()
        for widget in (date_label, self.date_edit, branch_label, self.branch_combo, self.show_button):
            controls.addWidget(widget)
        controls.addStretch(1)

        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("reconciliationVerdict")
        font = QFont(self.verdict_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.verdict_label.setFont(font)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("reconciliationSummary")
        self.summary_label.setWordWrap(True)

        self.issue_model = IssueTableModel()
        self.issue_table = _table(self.issue_model, "reconciliationIssues")
        self.issue_table.setWordWrap(True)
        self.device_model = DeviceDayTableModel(offset)
        self.till_model = TillTableModel()
        self.teller_model = TellerTableModel()
        self.refused_model = ReconciliationRefusedTableModel()
        self.exception_model = ExceptionTableModel()
        self.fork_model = ForkTableModel(offset)
        self.totals_model = TotalsTableModel()
        self.device_table = _table(self.device_model, "reconciliationDevices")
        tills = QWidget()
        tills_layout = QVBoxLayout(tills)
        tills_layout.addWidget(_table(self.till_model, "reconciliationTills"), 2)
        per_teller = QLabel(self.tr("Over and short per teller:"))
        tills_layout.addWidget(per_teller)
        tills_layout.addWidget(_table(self.teller_model, "reconciliationTellers"), 1)
        self.refused_note = QLabel()
        self.refused_note.setObjectName("reconciliationRefusedNote")
        refused = QWidget()
        refused_layout = QVBoxLayout(refused)
        refused_layout.addWidget(self.refused_note)
        refused_layout.addWidget(_table(self.refused_model, "reconciliationRefused"), 1)
        self.exception_note = QLabel()
        self.exception_note.setObjectName("reconciliationExceptionNote")
        self.exception_note.setWordWrap(True)
        exceptions = QWidget()
        exceptions_layout = QVBoxLayout(exceptions)
        exceptions_layout.addWidget(self.exception_note)
        exceptions_layout.addWidget(_table(self.exception_model, "reconciliationExceptions"), 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reconciliationTabs")
        self.tabs.addTab(self.device_table, self.tr("Devices"))
        self.tabs.addTab(tills, self.tr("Tills"))
        self.tabs.addTab(refused, self.tr("Refused"))
        self.tabs.addTab(exceptions, self.tr("Exceptions"))
        self.tabs.addTab(_table(self.fork_model, "reconciliationForks"), self.tr("Forks"))
        self.tabs.addTab(_table(self.totals_model, "reconciliationTotals"), self.tr("Totals"))

        issues = QWidget()
        issues_layout = QVBoxLayout(issues)
        issues_layout.setContentsMargins(0, 0, 0, 0)
        issues_layout.addWidget(QLabel(self.tr("What keeps the day from being reconciled:")))
        issues_layout.addWidget(self.issue_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(issues)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)
        self.set_content(content)

    # --- HeadOfficeScreen -------------------------------------------------------------------------------

    def query(self) -> Work:
        business_date = self.date_edit.date().toPython()
        branch = self.branch_combo.currentData()

        def read(client: HeadOfficeClient, session: SupervisorSession) -> ReconciliationReport:
            return client.reconciliation(session, business_date, branch)

        return read

    def show_answer(self, answer: ReconciliationReport) -> None:
        self.show_report(answer)

    def update_actions(self, can_act: bool) -> None:
        self.show_button.setEnabled(can_act)

    # --- showing ----------------------------------------------------------------------------------------

    def show_report(self, report: ReconciliationReport) -> None:
        self.report = report
        self._learn_locations(report.locations)
        if report.unresolved:
            self.verdict_label.setText(
                self.tr("UNRESOLVED: {n} item(s) need head office").format(n=len(report.issues))
            )
            self.verdict_label.setStyleSheet("color: #8c1d18; background: #fde7e6; padding: 6px")
        else:
            self.verdict_label.setText(self.tr("Reconciled: nothing unresolved"))
            self.verdict_label.setStyleSheet("color: #1e5c26; background: #e6f4e7; padding: 6px")
        where = (
            self._location_text(report.location_code) if report.location_code else self.tr("every location")
        )
        devices = report.devices
        self.summary_label.setText(
            self.tr(
                "Business day {date}, {where}: {devices} device(s), {entries} entries, {refused} refused, "
                "{exceptions} exception(s), {forks} fork(s). Read from head office at {time}."
            ).format(
                date=report.business_date.isoformat(),
                where=where,
                devices=len(devices),
                entries=sum(device.entries for _, device in devices),
                refused=report.refused_count,
                exceptions=report.exception_count,
                forks=len(report.forks),
                time=local_time_text(report.generated_at, self.backend.context.utc_offset_minutes),
            )
        )
        self.issue_model.set_rows(report.issues)
        self.issue_table.resizeRowsToContents()
        self.device_model.set_rows(devices)
        self.till_model.set_rows(report.tills)
        self.teller_model.set_rows(report.tellers)
        self.refused_model.set_rows(report.refused)
        self.exception_model.set_rows(report.exceptions)
        self.fork_model.set_rows(report.forks)
        self.totals_model.set_rows(report.totals)
        self.refused_note.setText(
            self.tr("The first {shown} of {all} refused entries are listed.").format(
                shown=len(report.refused), all=report.refused_count
            )
            if report.refused_count > len(report.refused)
            else self.tr("{n} entries refused that day.").format(n=report.refused_count)
        )
        counts = "; ".join(
            self.tr("{code}: {open} open, {resolved} resolved").format(
                code=count.code, open=count.open, resolved=count.resolved
            )
            for count in report.exception_counts
        )
        self.exception_note.setText(counts or self.tr("No exceptions that day."))
        for index, (label, count) in enumerate(
            (
                (self.tr("Devices"), len(devices)),
                (self.tr("Tills"), len(report.tills)),
                (self.tr("Refused"), report.refused_count),
                (self.tr("Exceptions"), report.exception_count),
                (self.tr("Forks"), len(report.forks)),
            )
        ):
            self.tabs.setTabText(index, f"{label} ({count})")

    def _learn_locations(self, locations: tuple[LocationDay, ...]) -> None:
        """The branch filter offers every location head office has named so far."""
        for location in locations:
            if location.code in self._location_names:
                continue
            self._location_names[location.code] = location.name
            self.branch_combo.addItem(self._location_text(location.code), location.code)

    def _location_text(self, code: str) -> str:
        name = self._location_names.get(code)
        return f"{code} · {name}" if name else code
