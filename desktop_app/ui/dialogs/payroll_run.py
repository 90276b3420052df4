"""A corporate client's payroll run at the counter: choose the employer and the salary file, read
the file's report (every problem by row and column, or the lines and total), submit the run, and
once head office has answered, print the payment advice or export each line's answer as CSV.

The run is a request: submitted here by the maker, it waits at head office for a checker (a
supervisor, head office, or the employer's director), and is pending on this counter until the
pull brings the answer. Everything that reads the store or a file runs in a worker.

A run still waiting can be decided here, at the counter, by its checker (the employer's director
served at the branch, or a supervisor) typing their own head office login (dialogs.payroll_checker).

Keyboard-first: Alt+E the employer, Alt+F choose the file, Alt+S submit, Alt+R the employer's runs,
Alt+A the selected run's checker approves here, Alt+P print its advice, Alt+X export its answers;
Escape closes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.customers import CustomerSummary
from desktop_app.services.entries import EntryState
from desktop_app.services.payroll import (
    PayrollRunStatus,
    payment_advice_pdf,
    payroll_answers_csv,
    payroll_runs,
    read_payroll_path,
    submit_payroll_run,
)
from desktop_app.services.posting import Posted
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.payroll_checker import PayrollCheckerDialog
from desktop_app.ui.dialogs.receipt import ReceiptDialog, show_document
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.head_office import shared_client
from desktop_app.ui.screens.receipts import state_text
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.customer_picker import CustomerPicker
from desktop_app.ui.widgets.record_table import RecordTableModel
from shared_core.payroll import PayrollFile, PayrollLine, PayrollProblem, PayrollReading

translate = QCoreApplication.translate
_ERROR_STYLE = "color: #b3261e"


class PayrollProblemsTableModel(RecordTableModel):
    """A refused file's report: each problem where the clerk finds it in the spreadsheet."""

    ROW, COLUMN, PROBLEM = range(3)
    _HEADERS = (
        QT_TRANSLATE_NOOP("PayrollProblemsTableModel", "Row"),
        QT_TRANSLATE_NOOP("PayrollProblemsTableModel", "Column"),
        QT_TRANSLATE_NOOP("PayrollProblemsTableModel", "Problem"),
    )
    _RIGHT_ALIGNED = frozenset({ROW})

    def cell(self, record: PayrollProblem, column: int) -> str:
        if column == self.ROW:
            return str(record.row) if record.row else translate("PayrollProblemsTableModel", "File")
        return record.column if column == self.COLUMN else f"{record.message} [{record.code}]"


class PayrollLinesTableModel(RecordTableModel):
    """An accepted file's lines, as they will be paid."""

    ROW, NAME, ACCOUNT, AMOUNT = range(4)
    _HEADERS = (
        QT_TRANSLATE_NOOP("PayrollLinesTableModel", "Row"),
        QT_TRANSLATE_NOOP("PayrollLinesTableModel", "Name"),
        QT_TRANSLATE_NOOP("PayrollLinesTableModel", "Account"),
        QT_TRANSLATE_NOOP("PayrollLinesTableModel", "Amount"),
    )
    _RIGHT_ALIGNED = frozenset({ROW, AMOUNT})

    def cell(self, record: PayrollLine, column: int) -> str:
        return {
            self.ROW: str(record.row),
            self.NAME: record.name,
            self.ACCOUNT: record.account,
            self.AMOUNT: record.amount.format(currency=False),
        }[column]


class PayrollRunsTableModel(RecordTableModel):
    """The employer's runs made at this counter, newest first, and where each stands."""

    REFERENCE, PAY_DATE, LINES, TOTAL, STATUS = range(5)
    _HEADERS = (
        QT_TRANSLATE_NOOP("PayrollRunsTableModel", "Run"),
        QT_TRANSLATE_NOOP("PayrollRunsTableModel", "Pay date"),
        QT_TRANSLATE_NOOP("PayrollRunsTableModel", "Lines"),
        QT_TRANSLATE_NOOP("PayrollRunsTableModel", "Total"),
        QT_TRANSLATE_NOOP("PayrollRunsTableModel", "Status"),
    )
    _RIGHT_ALIGNED = frozenset({LINES, TOTAL})

    def cell(self, record: PayrollRunStatus, column: int) -> str:
        if column == self.STATUS:
            text = state_text(record.state)
            if record.answer is not None:
                result = record.answer.result
                text += " · " + translate("PayrollRunsTableModel", "{paid} of {lines} paid").format(
                    paid=result.booked_count, lines=result.line_count
                )
            return text
        return {
            self.REFERENCE: record.run.run_id,
            self.PAY_DATE: record.pay_date.isoformat(),
            self.LINES: str(record.run.line_count),
            self.TOTAL: record.run.total.format(currency=False),
        }[column]

    def tool_tip(self, record: PayrollRunStatus, column: int) -> str | None:
        return record.message if column == self.STATUS else None


class PayrollRunDialog(QDialog):
    """Escape closes; nothing is submitted until Submit run is pressed on an accepted file."""

    def __init__(self, backend: Backend, tasks: Tasks, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend, self.tasks, self.events = backend, tasks, events
        self.payroll: PayrollFile | None = None
        self.last_posted: Posted | None = None
        self.file_dialog: QFileDialog | None = None
        self.advice_dialog: ReceiptDialog | None = None
        self.checker_dialog: PayrollCheckerDialog | None = None
        self.exported_to: Path | None = None
        self._reading = 0  # numbers each file chosen: only the latest one's report is shown
        self.setWindowTitle(self.tr("Payroll run"))
        self.setObjectName("payrollRunDialog")

        self.employer_picker = CustomerPicker(backend.context, tasks)
        self.employer_picker.setObjectName("payrollEmployer")
        self.file_button = QPushButton(self.tr("Choose payroll &file…"))
        self.file_button.setObjectName("payrollChooseFile")
        self.file_button.setAutoDefault(False)
        self.file_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(self.tr("No file chosen: a CSV as docs/PAYROLL_CSV.md describes"))
        self.file_label.setObjectName("payrollFile")
        self.file_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("payrollSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_model = PayrollProblemsTableModel()
        self.lines_model = PayrollLinesTableModel()
        self.report_view = _table("payrollReport")
        self.submit_button = QPushButton(self.tr("&Submit run"))
        self.submit_button.setObjectName("payrollSubmit")
        self.submit_button.setEnabled(False)
        self.submit_button.setToolTip(self.tr("Sends the run to head office, where a checker approves it"))
        self.submit_button.clicked.connect(self.submit)
        self.error_label = QLabel()
        self.error_label.setObjectName("payrollError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label = QLabel()
        self.result_label.setObjectName("payrollResult")
        self.result_label.setWordWrap(True)
        self.runs_model = PayrollRunsTableModel()
        self.runs_view = _table("payrollRuns")
        self.runs_view.setModel(self.runs_model)
        self.runs_view.selectionModel().selectionChanged.connect(lambda *_: self._run_selected())
        self.checker_button = QPushButton(self.tr("Checker &approves here…"))
        self.checker_button.setObjectName("payrollChecker")
        self.checker_button.setAutoDefault(False)
        self.checker_button.clicked.connect(self.open_checker)
        self.advice_button = QPushButton(self.tr("&Print payment advice…"))
        self.advice_button.setObjectName("payrollAdvice")
        self.advice_button.setAutoDefault(False)
        self.advice_button.clicked.connect(self.print_advice)
        self.export_button = QPushButton(self.tr("E&xport answers as CSV…"))
        self.export_button.setObjectName("payrollExport")
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.choose_export_file)
        self._run_selected()

        form = QFormLayout()
        employer_label = QLabel(self.tr("&Employer"))
        employer_label.setBuddy(self.employer_picker.search_edit)
        form.addRow(employer_label, self.employer_picker)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_button)
        file_row.addWidget(self.file_label, 1)
        form.addRow(self.tr("File"), file_row)
        note = QLabel(
            self.tr("A payroll run is a request: the employer's money is reserved now, and the employees are "
                    "paid when a checker at head office approves it. A file with any problem is refused whole.")
        )
        note.setWordWrap(True)
        submit_row = QHBoxLayout()
        submit_row.addStretch(1)
        submit_row.addWidget(self.submit_button)
        runs_label = QLabel(self.tr("&Runs of this employer"))
        runs_label.setBuddy(self.runs_view)
        run_buttons = QHBoxLayout()
        run_buttons.addStretch(1)
        run_buttons.addWidget(self.checker_button)
        run_buttons.addWidget(self.advice_button)
        run_buttons.addWidget(self.export_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.report_view, 2)
        layout.addLayout(submit_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addWidget(runs_label)
        layout.addWidget(self.runs_view, 1)
        layout.addLayout(run_buttons)
        layout.addWidget(close)
        self.resize(760, 640)

        self.employer_picker.customer_chosen.connect(self._employer_chosen)
        events.entries_changed.connect(self.refresh_runs)  # a pull may have brought an answer
        self.employer_picker.setFocus()

    @property
    def employer(self) -> CustomerSummary | None:
        return self.employer_picker.customer

    # --- the employer and the file ------------------------------------------------------------------

    def _employer_chosen(self, employer: CustomerSummary | None) -> None:
        self._show_reading(None)
        self.error_label.clear()
        self.refresh_runs()
        if employer is not None:
            self.file_button.setFocus()

    def choose_file(self) -> None:
        if self.employer is None:
            self.error_label.setText(self.tr("Choose the employer first: type its name, CIF or phone"))
            self.employer_picker.setFocus()
            return
        dialog = QFileDialog(self, self.tr("Payroll file"), str(Path.home()), self.tr("CSV files (*.csv *.txt)"))
        dialog.setObjectName("payrollFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self.load(Path(path)))
        if self.file_dialog is not None:
            self.file_dialog.deleteLater()
        self.file_dialog = dialog
        dialog.open()

    def load(self, path: Path) -> None:
        """Read and check the file in a worker, against the customers this counter holds."""
        employer = self.employer
        if employer is None:
            return
        self._reading += 1
        reading, context = self._reading, self.backend.context
        self._show_reading(None)
        self.error_label.clear()
        self.file_label.setText(self.tr("Reading {name}…").format(name=path.name))
        self.tasks.run(
            lambda: read_payroll_path(context, path, employer_cif=employer.cif),
            done=lambda result: self._read(reading, path, result),
            failed=lambda error: self._read_failed(reading, path, error),
        )

    def _read(self, reading: int, path: Path, result: PayrollReading) -> None:
        if reading != self._reading:
            return
        self.file_label.setText(path.name)
        self._show_reading(result)

    def _read_failed(self, reading: int, path: Path, error: Exception) -> None:
        if reading != self._reading:
            return
        self.file_label.setText(path.name)
        self.error_label.setText(error_text(error))

    def _show_reading(self, reading: PayrollReading | None) -> None:
        self.payroll = reading if isinstance(reading, PayrollFile) else None
        self.submit_button.setEnabled(self.payroll is not None)
        if reading is None:
            self.summary_label.clear()
            self.problems_model.set_rows(())
            self.report_view.setModel(self.problems_model)
        elif isinstance(reading, PayrollFile):
            self.summary_label.setText(
                self.tr("Accepted: {lines} lines, total {total}, paid on {date} ({encoding}, {separator} "
                        "separated). Check it against the employer's letter, then submit.").format(
                    lines=reading.line_count, total=reading.total, date=reading.pay_date.isoformat(),
                    encoding=reading.encoding, separator=reading.separator,
                )
            )
            self.lines_model.set_rows(reading.lines)
            self.report_view.setModel(self.lines_model)
            self.submit_button.setFocus()
        else:
            self.summary_label.setText(
                self.tr("Refused: {count} problems. Nothing is submitted; correct the spreadsheet and choose "
                        "the file again.").format(count=len(reading.problems))
            )
            self.problems_model.set_rows(reading.problems)
            self.report_view.setModel(self.problems_model)
            self.file_button.setFocus()
        self.report_view.resizeColumnsToContents()

    # --- submitting -------------------------------------------------------------------------------

    def submit(self) -> None:
        payroll, session = self.payroll, self.backend.session
        if payroll is None or session is None:
            return
        context = self.backend.context
        self.submit_button.setEnabled(False)
        self.error_label.clear()
        self.tasks.run(
            lambda: submit_payroll_run(context, session, payroll),
            done=self._submitted,
            failed=self._submit_failed,
        )

    def _submitted(self, posted: Posted) -> None:
        self.last_posted = posted
        payroll = self.payroll
        assert payroll is not None
        self._show_reading(None)
        self.file_label.setText(self.tr("Submitted; choose another file for another run"))
        self.result_label.setText(
            self.tr("Payroll run {reference}: {lines} lines, {total}, pending until a checker at head office "
                    "approves it.").format(reference=posted.entry.reference, lines=payroll.line_count,
                                           total=payroll.total)
        )
        self.events.entries_changed.emit()
        self.backend.sync_now()  # the checker can see it only once it has reached head office

    def _submit_failed(self, error: Exception) -> None:
        self.submit_button.setEnabled(self.payroll is not None)
        self.error_label.setText(error_text(error))

    # --- the employer's runs ---------------------------------------------------------------------------

    def refresh_runs(self) -> None:
        employer, context = self.employer, self.backend.context
        if employer is None:
            self.runs_model.set_rows(())
            self._run_selected()
            return
        self.tasks.run(
            lambda: payroll_runs(context, employer_cif=employer.cif),
            done=self._show_runs,
            failed=lambda error: self.error_label.setText(error_text(error)),
        )

    def _show_runs(self, runs: tuple[PayrollRunStatus, ...]) -> None:
        selected = self.selected_run
        self.runs_model.set_rows(runs)
        self.runs_view.resizeColumnsToContents()
        if selected is not None:
            row = next((row for row, run in enumerate(runs) if run.sequence == selected.sequence), None)
            if row is not None:
                self.runs_view.selectRow(row)
        self._run_selected()

    @property
    def selected_run(self) -> PayrollRunStatus | None:
        rows = self.runs_view.selectionModel().selectedRows()
        return self.runs_model.row(rows[0].row()) if rows else None

    def _run_selected(self) -> None:
        run = self.selected_run
        answered = run is not None and run.answer is not None
        self.advice_button.setEnabled(answered)
        self.export_button.setEnabled(answered)
        waiting = run is not None and run.state is EntryState.PENDING
        self.checker_button.setEnabled(waiting and shared_client(self.backend) is not None)
        if run is not None and not answered:
            tip = self.tr("Head office has not answered this run line by line yet")
            if run.state is EntryState.REFUSED:
                tip = run.message or tip
        else:
            tip = ""
        self.advice_button.setToolTip(tip)

    def open_checker(self) -> None:
        """The run's checker, at this counter, approves or rejects it at head office."""
        run, client = self.selected_run, shared_client(self.backend)
        if run is None or run.state is not EntryState.PENDING or client is None:
            return
        dialog = PayrollCheckerDialog(run, self.backend.device.device_code, client, self.tasks, self)
        dialog.accepted.connect(lambda: self._checked(dialog))
        self.checker_dialog = dialog
        dialog.open()

    def _checked(self, dialog: PayrollCheckerDialog) -> None:
        decision = dialog.decision
        assert decision is not None
        self.result_label.setText(
            self.tr("Head office: {message}. Each line's answer reaches this counter with the next sync.").format(
                message=decision.message.rstrip(".")
            )
        )
        self.backend.sync_now()  # bring the line-by-line answer

    def print_advice(self) -> None:
        run, context = self.selected_run, self.backend.context
        if run is None or run.answer is None:
            return
        show_document(
            self,
            self.tasks,
            lambda: payment_advice_pdf(context, run.sequence),
            self.tr("Payment advice {run}").format(run=run.run.run_id),
            opened=self._advice_shown,
            failed=lambda error: self.error_label.setText(error_text(error)),
        )

    def _advice_shown(self, dialog: ReceiptDialog) -> None:
        self.advice_dialog = dialog

    def choose_export_file(self) -> None:
        run = self.selected_run
        if run is None or run.answer is None:
            return
        dialog = QFileDialog(
            self, self.tr("Save the answers as CSV"), str(Path.home() / f"payroll-{run.run.run_id}.csv"),
            self.tr("CSV files (*.csv)"),
        )
        dialog.setObjectName("payrollExportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(lambda path: self.export(run.sequence, Path(path)))
        if self.file_dialog is not None:
            self.file_dialog.deleteLater()
        self.file_dialog = dialog
        dialog.open()

    def export(self, sequence: int, path: Path) -> None:
        """Write the run's answers as a CSV no spreadsheet runs as formulas (made and written in a worker)."""
        context = self.backend.context

        def work() -> Path:
            path.write_bytes(payroll_answers_csv(context, sequence))
            return path

        def written(written_path: Path) -> None:
            self.exported_to = written_path
            self.result_label.setText(self.tr("Saved {path}").format(path=written_path))

        self.tasks.run(work, done=written, failed=lambda error: self.error_label.setText(error_text(error)))


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view
