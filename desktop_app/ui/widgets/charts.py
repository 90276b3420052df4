"""Charts for head office's screens (QtCharts), each with its numbers a click away.

A `ChartPanel` holds a chart and a table of the same figures: the "Numbers" button swaps one for
the other, and hovering a bar or a point shows its exact figure. The chart is for seeing the shape;
the table (and the hover) is for the figure: charts draw floats (QtCharts takes nothing else), so
amounts are scaled to KES thousands or millions for drawing only, and the exact Money is what the
table and the tooltips say.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from shared_core.money import Money

translate = QCoreApplication.translate
_MILLION_CENTS = 100_000_000
_THOUSAND_CENTS = 100_000
_LABEL_LINE_MAX = 5  # a category's name longer than this goes on two lines, broken at its first space


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """One bar set or line: a value per category (for drawing) and its exact text (for reading)."""

    name: str
    values: tuple[float, ...]
    texts: tuple[str, ...]
    color: str

    def __post_init__(self) -> None:
        assert len(self.values) == len(self.texts), "a text for every value"


def money_scale(amounts: Iterable[Money]) -> tuple[int, str]:
    """The unit an axis of these amounts reads best in: (cents per unit, the unit's name)."""
    largest = max((abs(amount.cents) for amount in amounts), default=0)
    if largest >= _MILLION_CENTS:
        return _MILLION_CENTS, translate("Charts", "KES million")
    if largest >= _THOUSAND_CENTS:
        return _THOUSAND_CENTS, translate("Charts", "KES thousand")
    return 100, translate("Charts", "KES")


def drawn(amount: Money, cents_per_unit: int) -> float:
    """An amount as a chart draws it: a float of the axis's unit. Never used for a figure shown."""
    return amount.cents / cents_per_unit


def bar_chart(
    categories: Sequence[str],
    series: Sequence[ChartSeries],
    *,
    axis_title: str,
    stacked: bool = False,
    legend: bool = True,
    x_title: str = "",
) -> QChart:
    """Bars per category, side by side (or stacked: one set per category shows each bar in its colour,
    and the axis already names them, so `legend=False`)."""
    bars = QStackedBarSeries() if stacked else QBarSeries()
    for line in series:
        bar_set = QBarSet(line.name)
        bar_set.append(list(line.values))
        bar_set.setColor(QColor(line.color))
        bar_set.setBorderColor(QColor(line.color))
        bar_set.hovered.connect(
            lambda hovering, index, line=line: _hover_text(hovering, line, categories, index)
        )
        bars.append(bar_set)
    bars.setBarWidth(0.7)
    chart = _chart()
    chart.addSeries(bars)
    _attach_axes(chart, bars, categories, series, axis_title, x_title)
    chart.legend().setVisible(legend and len(series) > 1)
    return chart


def line_chart(
    categories: Sequence[str], series: Sequence[ChartSeries], *, axis_title: str, x_title: str = ""
) -> QChart:
    """A line per series across the categories (months), each point marked."""
    chart = _chart()
    lines = []
    for line in series:
        drawn_line = QLineSeries()
        drawn_line.setName(line.name)
        drawn_line.append([QPointF(index, value) for index, value in enumerate(line.values)])
        pen = QPen(QColor(line.color))
        pen.setWidthF(2.5)
        drawn_line.setPen(pen)
        drawn_line.setPointsVisible(True)
        drawn_line.hovered.connect(
            lambda point, hovering, line=line: _hover_text(hovering, line, categories, round(point.x()))
        )
        chart.addSeries(drawn_line)
        lines.append(drawn_line)
    for drawn_line in lines:
        _attach_axes(chart, drawn_line, categories, series, axis_title, x_title)
    chart.legend().setVisible(len(series) > 1)
    return chart


def empty_chart(text: str) -> QChart:
    chart = _chart()
    chart.setTitle(text)
    return chart


class ChartPanel(QFrame):
    """A titled chart with a "Numbers" button that swaps it for the table of its figures."""

    def __init__(
        self, title: str, model: QAbstractItemModel, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title_label = QLabel(title)
        self.title_label.setObjectName(f"{name}Title")
        font = QFont(self.title_label.font())
        font.setBold(True)
        self.title_label.setFont(font)
        self.numbers_button = QToolButton()
        self.numbers_button.setObjectName(f"{name}Numbers")
        self.numbers_button.setCheckable(True)
        self.numbers_button.setText(translate("Charts", "Numbers"))
        self.numbers_button.setToolTip(translate("Charts", "Show the figures of this chart as a table"))
        self.numbers_button.toggled.connect(self.show_numbers)
        self.chart_view = QChartView(empty_chart(""))
        self.chart_view.setObjectName(f"{name}Chart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(170)
        self.table = QTableView()
        self.table.setObjectName(f"{name}Table")
        self.table.setModel(model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.chart_view)
        self.stack.addWidget(self.table)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.numbers_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def set_chart(self, chart: QChart) -> None:
        previous = self.chart_view.chart()
        self.chart_view.setChart(chart)  # the view owns the new chart and lets go of the old one
        if previous is not None:
            previous.deleteLater()

    def show_numbers(self, numbers: bool) -> None:
        self.numbers_button.setChecked(numbers)
        self.numbers_button.setText(
            translate("Charts", "Chart") if numbers else translate("Charts", "Numbers")
        )
        self.numbers_button.setToolTip(
            translate("Charts", "Show the chart again")
            if numbers
            else translate("Charts", "Show the figures of this chart as a table")
        )
        self.stack.setCurrentWidget(self.table if numbers else self.chart_view)

    @property
    def showing_numbers(self) -> bool:
        return self.stack.currentWidget() is self.table


def _chart() -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # figures, not a show
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.layout().setContentsMargins(0, 0, 0, 0)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _attach_axes(
    chart: QChart,
    drawn_series: QBarSeries | QStackedBarSeries | QLineSeries,
    categories: Sequence[str],
    series: Sequence[ChartSeries],
    axis_title: str,
    x_title: str,
) -> None:
    axes_x = chart.axes(Qt.Orientation.Horizontal)
    axes_y = chart.axes(Qt.Orientation.Vertical)
    if axes_x:
        axis_x, axis_y = axes_x[0], axes_y[0]
    else:
        axis_x = QBarCategoryAxis()
        # Long names go on two lines (the axis reads rich text) rather than be cut to 'Personal acci…'.
        axis_x.append(
            [name.replace(" ", "<br>", 1) if len(name) > _LABEL_LINE_MAX else name for name in categories]
        )
        font = QFont(axis_x.labelsFont())
        font.setPointSizeF(font.pointSizeF() * 0.9)
        axis_x.setLabelsFont(font)
        axis_x.setTitleText(x_title)
        axis_y = QValueAxis()
        highest = max((value for line in series for value in line.values), default=0.0)
        axis_y.setRange(0.0, highest * 1.1 if highest > 0 else 1.0)
        axis_y.applyNiceNumbers()
        axis_y.setLabelFormat("%.1f" if axis_y.max() < 10 else "%.0f")
        axis_y.setTitleText(axis_title)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    drawn_series.attachAxis(axis_x)
    drawn_series.attachAxis(axis_y)


def _hover_text(hovering: bool, line: ChartSeries, categories: Sequence[str], index: int) -> None:
    if not hovering or not 0 <= index < len(line.texts):
        QToolTip.hideText()
        return
    QToolTip.showText(
        QCursor.pos(),
        translate("Charts", "{series}, {category}: {figure}").format(
            series=line.name, category=categories[index], figure=line.texts[index]
        ),
    )
