"""Finding the customer by keyboard alone: type, Enter; with several matches, Down and Enter; and
an answer that comes back after the teller typed something else is never shown."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from desktop_app.ui.widgets.customer_picker import CustomerPicker
from tests.device_builders import add_customer
from tests.gui.conftest import JUMA, GuiWorld


def picker_for(world: GuiWorld, qtbot, **options: int) -> CustomerPicker:  # noqa: ANN001
    picker = CustomerPicker(world.backend.context, world.tasks, **options)
    qtbot.addWidget(picker)
    picker.show()
    with qtbot.waitActive(picker):
        picker.activateWindow()
    picker.setFocus()
    return picker


def test_typing_shows_the_matches_after_a_pause_and_enter_chooses_the_only_one(gui: GuiWorld, qtbot) -> None:
    picker = picker_for(gui, qtbot)
    qtbot.keyClicks(picker.search_edit, "jum")
    assert picker.searching  # waiting for the teller to stop typing
    qtbot.waitUntil(lambda: len(picker.matches) == 1)
    assert picker.match_list.isVisible()
    assert picker.match_list.item(0).text() == "Juma Mwangi — C0001234 · ID *****789 · 254712345678 · Tier 2"
    with qtbot.waitSignal(picker.customer_chosen) as chosen:
        qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)
    assert chosen.args[0].cif == JUMA
    assert picker.customer is not None and picker.customer.cif == JUMA
    assert picker.chosen_label.text() == "Juma Mwangi · C0001234 · Tier 2"
    assert not picker.match_list.isVisible()


def test_with_several_matches_down_and_enter_choose_one(gui: GuiWorld, qtbot) -> None:
    add_customer(
        gui.counter, "C0002222", national_id="22222222", full_name="Juma Otieno", phone="254733000222"
    )
    picker = picker_for(gui, qtbot)
    qtbot.keyClicks(picker.search_edit, "juma")
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)  # before the answer: chosen or listed when it comes
    qtbot.waitUntil(lambda: len(picker.matches) == 2)
    assert picker.customer is None
    assert picker.match_list.hasFocus()
    names = [picker.match_list.item(row).text().split(" — ")[0] for row in range(2)]
    target = names.index("Juma Otieno")
    for _ in range(target):
        qtbot.keyClick(picker.match_list, Qt.Key.Key_Down)
    qtbot.keyClick(picker.match_list, Qt.Key.Key_Return)
    assert picker.customer is not None and picker.customer.full_name == "Juma Otieno"
    assert picker.search_edit.hasFocus()


def test_escape_in_the_matches_goes_back_to_the_search(gui: GuiWorld, qtbot) -> None:
    add_customer(
        gui.counter, "C0002222", national_id="22222222", full_name="Juma Otieno", phone="254733000222"
    )
    picker = picker_for(gui, qtbot)
    qtbot.keyClicks(picker.search_edit, "juma")
    qtbot.waitUntil(lambda: len(picker.matches) == 2)
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Down)
    assert picker.match_list.hasFocus()
    qtbot.keyClick(picker.match_list, Qt.Key.Key_Escape)
    assert picker.search_edit.hasFocus()
    assert picker.customer is None


def test_an_answer_to_what_was_typed_before_is_dropped(gui: GuiWorld, qtbot) -> None:
    add_customer(
        gui.counter, "C0005678", national_id="34567890", full_name="Amina Hassan", phone="254722000111"
    )
    picker = picker_for(gui, qtbot, delay_ms=60_000)  # searches start only on Enter here
    shown: list[tuple[str, ...]] = []
    picker.customer_chosen.connect(
        lambda customer: shown.append(("chosen", customer.full_name if customer else ""))
    )
    release = threading.Event()
    gui.tasks.run(release.wait)  # the store worker is busy: the search for "amina" waits behind it
    qtbot.keyClicks(picker.search_edit, "amina")
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)  # search now, and choose when answered
    picker.search_edit.selectAll()
    qtbot.keyClicks(picker.search_edit, "juma")  # the teller changes her mind before the answer
    release.set()
    gui.wait_idle(qtbot)
    assert picker.matches == ()  # Amina's answer came, and was not shown
    assert picker.customer is None and shown == []
    assert picker.hint_label.text() == ""
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.customer is not None)
    assert picker.customer.full_name == "Juma Mwangi"
    assert shown == [("chosen", "Juma Mwangi")]


def test_no_match_says_so(gui: GuiWorld, qtbot) -> None:
    picker = picker_for(gui, qtbot)
    qtbot.keyClicks(picker.search_edit, "zawadi")
    qtbot.waitUntil(lambda: picker.hint_label.text() == "No customer matches")
    assert not picker.match_list.isVisible()
