"""Counting a drawer by note and coin with the keyboard: a number, Tab, the next number; the line
totals and the grand total follow as the teller types, and the count is shared_core's CashCount."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSpinBox

from desktop_app.ui.widgets.denominations import DenominationsWidget
from shared_core.denominations import DENOMINATIONS, CashCount
from shared_core.money import Money


def shown_widget(qtbot) -> DenominationsWidget:  # noqa: ANN001
    widget = DenominationsWidget()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget.spin_box(1000))
    return widget


def test_there_is_a_row_for_every_kes_note_and_coin_largest_first(qtbot) -> None:
    widget = DenominationsWidget()
    qtbot.addWidget(widget)
    names = [box.objectName() for box in widget.findChildren(QSpinBox)]
    assert names == [f"pieces{d.shillings}" for d in DENOMINATIONS]
    assert names[0] == "pieces1000" and names[-1] == "pieces1"
    assert widget.total_label.text() == "KES 0.00"


def test_a_teller_counts_by_typing_a_number_and_tab_moving_down(qtbot) -> None:
    """3 x KES 1,000 + 4 x KES 500 + nothing else until 7 x KES 1 = KES 5,007."""
    widget = shown_widget(qtbot)
    with qtbot.waitSignal(widget.changed):
        qtbot.keyClicks(QApplication.focusWidget(), "3")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is widget.spin_box(500)
    qtbot.keyClicks(QApplication.focusWidget(), "4")
    for _ in range(len(DENOMINATIONS) - 2):  # 200, 100, 50, 20, 10, 5 stay at nought
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is widget.spin_box(1)
    qtbot.keyClicks(QApplication.focusWidget(), "7")

    assert widget.findChild(type(widget.total_label), "lineTotal1000").text() == "3,000.00"
    assert widget.findChild(type(widget.total_label), "lineTotal500").text() == "2,000.00"
    assert widget.findChild(type(widget.total_label), "lineTotal1").text() == "7.00"
    assert widget.total_label.text() == "KES 5,007.00"
    assert widget.total() == Money.shillings(5_007)
    assert widget.count() == CashCount(((1000, 3), (500, 4), (1, 7)))


def test_typing_into_a_row_already_counted_replaces_the_count(qtbot) -> None:
    widget = shown_widget(qtbot)
    qtbot.keyClicks(widget.spin_box(1000), "5")
    qtbot.keyClick(widget.spin_box(1000), Qt.Key.Key_Tab)
    qtbot.keyClick(widget.spin_box(500), Qt.Key.Key_Backtab)  # back up to KES 1,000: recount
    qtbot.waitUntil(lambda: widget.spin_box(1000).lineEdit().selectedText() == "5")
    qtbot.keyClicks(widget.spin_box(1000), "2")
    assert widget.spin_box(1000).value() == 2
    assert widget.total() == Money.shillings(2_000)


def test_clear_and_set_count_refill_every_row_and_the_total(qtbot) -> None:
    widget = DenominationsWidget()
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.changed):
        widget.set_count(CashCount.of({1000: 100, 50: 3, 5: 2}))
    assert widget.spin_box(50).value() == 3
    assert widget.total_label.text() == "KES 100,160.00"
    with qtbot.waitSignal(widget.changed):
        widget.clear()
    assert widget.count() == CashCount(())
    assert widget.total() == Money.zero()
    assert widget.total_label.text() == "KES 0.00"
