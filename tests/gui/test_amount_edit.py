"""The amount field as a teller types into it: thousands grouped as the digits go in, the cursor
where the next digit belongs, at most two decimals, no letters, and the Money read back exact."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.widgets.amount_edit import AmountEdit, group_thousands
from shared_core.errors import InvalidAmount
from shared_core.money import Money


@pytest.fixture
def edit(qtbot) -> AmountEdit:  # noqa: ANN001
    edit = AmountEdit()
    qtbot.addWidget(edit)
    edit.show()
    return edit


@pytest.mark.parametrize(
    ("typed", "shown", "cents"),
    [
        ("5000", "5,000", 500_000),
        ("1234567", "1,234,567", 123_456_700),
        ("1234.5", "1,234.5", 123_450),
        ("1234.50", "1,234.50", 123_450),
        ("1234.567", "1,234.56", 123_456),  # a third decimal does not go in
        ("12a34", "1,234", 123_400),  # nor does a letter
        ("0005", "5", 500),
        ("KES 5,000", "5,000", 500_000),  # typed with the currency and a separator: the digits stay
    ],
)
def test_digits_are_grouped_by_thousands_as_they_are_typed(
    edit: AmountEdit, qtbot, typed: str, shown: str, cents: int
) -> None:  # noqa: ANN001
    qtbot.keyClicks(edit, typed)
    assert edit.text() == shown
    assert edit.amount() == Money(cents)


def test_each_keystroke_regroups_and_the_cursor_stays_at_the_end(edit: AmountEdit, qtbot) -> None:  # noqa: ANN001
    seen = []
    for key in "1000000":
        qtbot.keyClicks(edit, key)
        seen.append(edit.text())
        assert edit.cursorPosition() == len(edit.text())
    assert seen == ["1", "10", "100", "1,000", "10,000", "100,000", "1,000,000"]


def test_a_digit_typed_in_the_middle_lands_where_it_was_typed(edit: AmountEdit, qtbot) -> None:  # noqa: ANN001
    qtbot.keyClicks(edit, "1234567")
    edit.setCursorPosition(1)  # "1|,234,567"
    qtbot.keyClicks(edit, "9")
    assert edit.text() == "19,234,567"
    assert edit.cursorPosition() == 2  # "19|,234,567": typing goes on after the 9
    qtbot.keyClicks(edit, "8")
    assert edit.text() == "198,234,567"


def test_backspace_at_a_separator_removes_the_digit_before_it(edit: AmountEdit, qtbot) -> None:  # noqa: ANN001
    qtbot.keyClicks(edit, "1234567")
    edit.setCursorPosition(2)  # "1,|234,567"
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == "234,567"
    edit.setCursorPosition(3)  # "234|,567"
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert edit.text() == "23,467"


def test_an_empty_or_zero_field_names_what_is_wrong(edit: AmountEdit, qtbot) -> None:  # noqa: ANN001
    with pytest.raises(InvalidAmount, match="Enter an amount"):
        edit.amount()
    qtbot.keyClicks(edit, "0")
    with pytest.raises(InvalidAmount, match="more than zero"):
        edit.amount()
    assert edit.amount_or_none() is None


def test_set_amount_shows_cents_and_every_change_is_announced(edit: AmountEdit, qtbot) -> None:  # noqa: ANN001
    with qtbot.waitSignal(edit.amount_changed):
        edit.set_amount(Money(12_345_678))
    assert edit.text() == "123,456.78"
    with qtbot.waitSignal(edit.amount_changed):
        edit.clear()
    assert edit.amount_or_none() is None


def test_group_thousands_keeps_what_was_typed_after_the_point() -> None:
    assert group_thousands("1234567.5") == "1,234,567.5"
    assert group_thousands("1,2,3.") == "123."
    assert group_thousands("") == ""
