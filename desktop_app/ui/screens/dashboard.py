"""The risk dashboard, for head office: the loan book as of a date (outstanding, NPL ratio, PAR30),
how it went month by month, the loans by CBK classification and by product, the insurance policies
sold by type, and the registered SMEs with their facilities. Online only (HeadOfficeScreen).

Charts where a person would rather look than read, each with a "Numbers" button that swaps it for
the table of its figures (and the exact figure on hovering a bar); the headline figures sit in
tiles above. "Export PDF…" writes the A4 report (desktop_app/receipts/risk_report.py), "Export
CSV…" the same figures for a spreadsheet, formula-safe; both from the answer shown, in a worker.

Keyboard: Alt+A the date, Alt+H the months of history, Alt+S shows, Alt+D and Alt+C export.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.receipts.risk_report import (
    BOOK_COLOUR,
    CLASSIFICATION_COLOURS,
    IN_FORCE_COLOUR,
    LAPSED_COLOUR,
    NPL_COLOUR,
    PAR30_COLOUR,
    SOLD_COLOUR,
    render_risk_report,
)
from desktop_app.sync.head_office import HeadOfficeClient
from desktop_app.sync.supervision import SupervisorSession
from desktop_app.ui.backend import Backend
from desktop_app.ui.events import AppEvents
from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.screens.dashboard_tables import (
    ClassificationTableModel,
    HistoryTableModel,
    PolicyTableModel,
    ProductTableModel,
    Tile,
    classification_text,
    policy_text,
)
from desktop_app.ui.screens.head_office import HeadOfficeScreen, Work
from desktop_app.ui.tasks import Lane, Tasks
from desktop_app.ui.widgets.charts import ChartPanel, ChartSeries, bar_chart, drawn, line_chart, money_scale
from shared_core.journal import format_timestamp
from shared_core.loan_terms import LoanClassification
from shared_core.portfolio_csv import portfolio_csv
from shared_core.portfolio_report import Portfolio, Sme, history_months_max, percent_text

translate = QCoreApplication.translate
history_months_default = 12


def month_text(day: date, locale: QLocale, pattern: str = "MMM") -> str:
    return locale.toString(QDate(day.year, day.month, day.day), pattern)


def history_labels(days: Sequence[date], locale: QLocale) -> list[str]:
    """The history's points as the axis names them: 'Nov', 'Dec'... in the user's language (the axis's
    title gives the years: a dozen 'Nov 25' would not fit side by side). A category axis keeps one
    of equal names, so a month met again is named more fully: 'Nov 26', then '24 Nov 26'."""
    labels: list[str] = []
    for day in days:
        for pattern in ("MMM", "MMM yy", "d MMM yy"):
            label = month_text(day, locale, pattern)
            if label not in labels:
                break
        labels.append(label)
    return labels


# --- the screen -----------------------------------------------------------------------------------------


class DashboardScreen(HeadOfficeScreen):
    def __init__(
        self,
        backend: Backend,
        tasks: Tasks,
        events: AppEvents,
        parent: QWidget | None = None,
        *,
        client: HeadOfficeClient | None = None,
    ) -> None:
        super().__init__(backend, tasks, events, parent, client=client, name="dashboard")
        self.portfolio: Portfolio | None = None
        self.read_at: str | None = None  # when head office answered (this PC's clock, UTC wire text)
        self.file_dialog: QFileDialog | None = None
        self.saved_to: Path | None = None

        # What to read
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setObjectName("dashboardDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        date_label = QLabel(self.tr("&As of:"))
        date_label.setBuddy(self.date_edit)
        self.months_spin = QSpinBox()
        self.months_spin.setObjectName("dashboardMonths")
        self.months_spin.setRange(1, history_months_max)
        self.months_spin.setValue(history_months_default)
        self.months_spin.setSuffix(self.tr(" months"))
        months_label = QLabel(self.tr("&History:"))
        months_label.setBuddy(self.months_spin)
        self.show_button = QPushButton(self.tr("&Show"))
        self.show_button.setObjectName("dashboardShow")
        self.show_button.clicked.connect(self.refresh)
        self.pdf_button = QPushButton(self.tr("Export P&DF…"))
        self.pdf_button.setObjectName("dashboardExportPdf")
        self.pdf_button.clicked.connect(lambda: self.choose_file("pdf"))
        self.csv_button = QPushButton(self.tr("Export &CSV…"))
        self.csv_button.setObjectName("dashboardExportCsv")
        self.csv_button.clicked.connect(lambda: self.choose_file("csv"))
        controls = QHBoxLayout()
        for widget in (date_label, self.date_edit, months_label, self.months_spin, self.show_button):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.pdf_button)
        controls.addWidget(self.csv_button)
        self.heading = QLabel()
        self.heading.setObjectName("dashboardHeading")
        self.heading.setWordWrap(True)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("dashboardSaved")
        self.saved_label.setTextFormat(Qt.TextFormat.PlainText)
        self.saved_label.setWordWrap(True)

        # The headline figures
        self.book_tile = Tile(self.tr("Loan book"), "dashboardBook")
        self.loans_tile = Tile(self.tr("Active loans"), "dashboardLoans")
        self.npl_tile = Tile(self.tr("NPL ratio"), "dashboardNpl")
        self.par30_tile = Tile(self.tr("PAR30"), "dashboardPar30")
        self.policies_tile = Tile(self.tr("Policies in force"), "dashboardPolicies")
        tiles = QHBoxLayout()
        for tile in (self.book_tile, self.loans_tile, self.npl_tile, self.par30_tile, self.policies_tile):
            tiles.addWidget(tile, 1)

        # The charts, each with its table
        self.history_model = HistoryTableModel()
        self.classification_model = ClassificationTableModel()
        self.policy_model = PolicyTableModel()
        self.product_model = ProductTableModel()
        self.book_panel = ChartPanel(self.tr("Loan book over time"), self.history_model, "dashboardBookChart")
        self.ratio_panel = ChartPanel(
            self.tr("NPL ratio and PAR30 over time"), self.history_model, "dashboardRatioChart"
        )
        self.classification_panel = ChartPanel(
            self.tr("Loans by classification"), self.classification_model, "dashboardClassificationChart"
        )
        self.policy_panel = ChartPanel(
            self.tr("Insurance policies by type"), self.policy_model, "dashboardPolicyChart"
        )
        overview = QWidget()
        grid = QGridLayout(overview)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.addWidget(self.book_panel, 0, 0)
        grid.addWidget(self.ratio_panel, 0, 1)
        grid.addWidget(self.classification_panel, 1, 0)
        grid.addWidget(self.policy_panel, 1, 1)

        # SMEs and their facilities; the book by product
        self.sme_tree = QTreeWidget()
        self.sme_tree.setObjectName("dashboardSmes")
        self.sme_tree.setHeaderLabels(
            [
                self.tr("SME / facility"),
                self.tr("Sector / product"),
                self.tr("Turnover / principal"),
                self.tr("Outstanding"),
                self.tr("Classification"),
                self.tr("Days past due"),
                self.tr("Status"),
            ]
        )
        self.sme_tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.sme_tree.setAlternatingRowColors(True)
        self.product_table = QTableView()
        self.product_table.setObjectName("dashboardProducts")
        self.product_table.setModel(self.product_model)
        self.product_table.verticalHeader().hide()
        self.product_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.product_table.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboardTabs")
        self.tabs.addTab(overview, self.tr("Overview"))
        self.tabs.addTab(self.sme_tree, self.tr("SMEs and their facilities"))
        self.tabs.addTab(self.product_table, self.tr("Loans by product"))

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.heading)
        layout.addLayout(tiles)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.saved_label)
        self.set_content(content)

    # --- HeadOfficeScreen -----------------------------------------------------------------------------

    def query(self) -> Work:
        as_of = self.date_edit.date().toPython()
        months = self.months_spin.value()
        clock = self.backend.context.clock

        def read(client: HeadOfficeClient, session: SupervisorSession) -> tuple[Portfolio, str]:
            return client.portfolio(session, as_of, months), format_timestamp(clock.now())

        return read

    def show_answer(self, answer: tuple[Portfolio, str]) -> None:
        self.show_portfolio(*answer)

    def update_actions(self, can_act: bool) -> None:
        self.show_button.setEnabled(can_act)
        has_answer = self.portfolio is not None and not self.busy
        self.pdf_button.setEnabled(has_answer)  # the answer shown is exported, online or not
        self.csv_button.setEnabled(has_answer)

    # --- showing --------------------------------------------------------------------------------------

    def show_portfolio(self, portfolio: Portfolio, read_at: str) -> None:
        self.portfolio, self.read_at = portfolio, read_at
        self.saved_label.clear()
        offset = self.backend.context.utc_offset_minutes
        self.heading.setText(
            self.tr("Head office's books as of {date}; read at {time}.").format(
                date=portfolio.as_of.isoformat(), time=local_time_text(read_at, offset)
            )
        )
        book = portfolio.loan_book
        self.book_tile.show_figure(book.outstanding.format(), self.tr("outstanding principal"))
        self.loans_tile.show_figure(
            f"{book.active_loans:,}", self.tr("{n} closed").format(n=f"{book.closed_loans:,}")
        )
        self.npl_tile.show_figure(percent_text(book.npl_ratio), book.npl.format(), NPL_COLOUR)
        self.par30_tile.show_figure(percent_text(book.par30_ratio), book.par30.format(), PAR30_COLOUR)
        in_force = sum(line.in_force for line in portfolio.policies)
        sold = sum(line.sold for line in portfolio.policies)
        self.policies_tile.show_figure(f"{in_force:,}", self.tr("of {n} sold").format(n=f"{sold:,}"))
        self.history_model.set_rows(portfolio.history)
        self.classification_model.set_rows(book.by_classification)
        self.policy_model.set_rows(portfolio.policies)
        self.product_model.set_rows(book.by_product)
        self._draw_charts(portfolio)
        self._fill_smes(portfolio.smes)
        self._update()

    def _draw_charts(self, portfolio: Portfolio) -> None:
        locale = QLocale(self.backend.language.value)
        history = portfolio.history
        months = history_labels([point.as_of for point in history], locale)
        span = (
            f"{month_text(history[0].as_of, locale, 'MMM yyyy')} – "
            f"{month_text(history[-1].as_of, locale, 'MMM yyyy')}"
            if history
            else ""
        )
        cents_per_unit, unit = money_scale(point.outstanding for point in history)
        self.book_panel.set_chart(
            bar_chart(
                months,
                [
                    ChartSeries(
                        self.tr("Outstanding"),
                        tuple(drawn(point.outstanding, cents_per_unit) for point in history),
                        tuple(point.outstanding.format() for point in history),
                        BOOK_COLOUR,
                    )
                ],
                axis_title=unit,
                x_title=span,
            )
        )
        self.ratio_panel.set_chart(
            line_chart(
                months,
                [
                    ChartSeries(
                        self.tr("NPL ratio"),
                        tuple(float(point.npl_ratio * 100) for point in history),
                        tuple(percent_text(point.npl_ratio) for point in history),
                        NPL_COLOUR,
                    ),
                    ChartSeries(
                        self.tr("PAR30"),
                        tuple(float(point.par30_ratio * 100) for point in history),
                        tuple(percent_text(point.par30_ratio) for point in history),
                        PAR30_COLOUR,
                    ),
                ],
                axis_title="%",
                x_title=span,
            )
        )
        classes = portfolio.loan_book.by_classification
        cents_per_unit, unit = money_scale(line.outstanding for line in classes)
        # One bar set per class, non-zero in its own column only: each bar in its class's colour.
        self.classification_panel.set_chart(
            bar_chart(
                [classification_text(line.classification) for line in classes],
                [
                    ChartSeries(
                        classification_text(line.classification),
                        tuple(
                            drawn(line.outstanding, cents_per_unit) if other is line else 0.0
                            for other in classes
                        ),
                        tuple(
                            self.tr("{amount} in {n} loans").format(
                                amount=line.outstanding, n=f"{line.loans:,}"
                            )
                            for _ in classes
                        ),
                        CLASSIFICATION_COLOURS[line.classification],
                    )
                    for line in classes
                ],
                axis_title=unit,
                stacked=True,
            )
        )
        policies = portfolio.policies
        self.policy_panel.set_chart(
            bar_chart(
                [policy_text(line.product) for line in policies],
                [
                    ChartSeries(
                        self.tr("Sold"),
                        tuple(float(line.sold) for line in policies),
                        tuple(f"{line.sold:,}" for line in policies),
                        SOLD_COLOUR,
                    ),
                    ChartSeries(
                        self.tr("In force"),
                        tuple(float(line.in_force) for line in policies),
                        tuple(f"{line.in_force:,}" for line in policies),
                        IN_FORCE_COLOUR,
                    ),
                    ChartSeries(
                        self.tr("Lapsed"),
                        tuple(float(line.lapsed) for line in policies),
                        tuple(f"{line.lapsed:,}" for line in policies),
                        LAPSED_COLOUR,
                    ),
                ],
                axis_title=self.tr("Policies"),
            )
        )

    def _fill_smes(self, smes: tuple[Sme, ...]) -> None:
        self.sme_tree.clear()
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for sme in smes:
            turnover = sme.annual_turnover.format(currency=False) if sme.annual_turnover is not None else "—"
            item = QTreeWidgetItem(
                [
                    f"{sme.name} ({sme.cif})",
                    sme.sector or "—",
                    turnover,
                    sme.outstanding.format(currency=False),
                    "",
                    "",
                    self.tr("{n} facilities").format(n=len(sme.facilities)),
                ]
            )
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(0, font)
            for facility in sme.facilities:
                child = QTreeWidgetItem(
                    [
                        facility.reference or self.tr("not yet booked"),
                        facility.product,
                        facility.principal.format(currency=False),
                        facility.outstanding.format(currency=False),
                        classification_text(facility.classification),
                        str(facility.days_past_due),
                        facility.status,
                    ]
                )
                if (
                    facility.classification is not None
                    and facility.classification is not LoanClassification.NORMAL
                ):
                    child.setForeground(4, _brush(CLASSIFICATION_COLOURS[facility.classification]))
                for column in (2, 3, 5):
                    child.setTextAlignment(column, right)
                item.addChild(child)
            for column in (2, 3):
                item.setTextAlignment(column, right)
            self.sme_tree.addTopLevelItem(item)
            item.setExpanded(True)

    # --- export -----------------------------------------------------------------------------------------

    def suggested_file_name(self, kind: str) -> str:
        assert self.portfolio is not None
        return f"risk-dashboard-{self.portfolio.as_of.isoformat()}.{kind}"

    def choose_file(self, kind: str) -> None:
        if self.portfolio is None:
            return
        title = (
            self.tr("Export the dashboard as PDF") if kind == "pdf" else self.tr("Export the figures as CSV")
        )
        filter_text = self.tr("PDF files (*.pdf)") if kind == "pdf" else self.tr("CSV files (*.csv)")
        dialog = QFileDialog(self, title, str(Path.home() / self.suggested_file_name(kind)), filter_text)
        dialog.setObjectName("dashboardFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(kind)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.export(Path(path), kind))
        dialog.finished.connect(lambda _result: self._file_dialog_closed(dialog))
        self.file_dialog = dialog
        dialog.open()

    def _file_dialog_closed(self, dialog: QFileDialog) -> None:
        if self.file_dialog is dialog:
            self.file_dialog = None

    def export(self, path: Path, kind: str) -> None:
        """Write the answer shown as a PDF or a CSV, in a worker (a long SME list takes a moment)."""
        portfolio, read_at = self.portfolio, self.read_at
        if portfolio is None or read_at is None:
            return
        bank_name = self.backend.device.bank_name
        read_at_text = local_time_text(read_at, self.backend.context.utc_offset_minutes)
        self.saved_label.clear()
        self.clear_error()

        def write() -> int:
            if kind == "pdf":
                content = render_risk_report(portfolio, bank_name=bank_name, read_at_text=read_at_text)
            else:
                content = portfolio_csv(portfolio)
            return path.write_bytes(content)

        def written(_size: int) -> None:
            self.saved_to = path
            self.saved_label.setText(self.tr("Saved {path}").format(path=path))

        self.tasks.run(write, done=written, failed=self.show_failure, lane=Lane.NETWORK)


def _brush(colour: str) -> QBrush:
    return QBrush(QColor(colour))
