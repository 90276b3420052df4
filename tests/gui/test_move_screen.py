"""The Move screen: Juma sends Amina money. A transfer is a request, so the confirmation, the
result and the journal all show it pending until head office confirms; Juma's money is reserved
at once, Amina's wallet is credited only then."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.services.customers import customer_profile
from desktop_app.ui.screens.move import MoveScreen
from shared_core.money import Money
from tests.device_builders import add_customer
from tests.gui.conftest import JUMA, GuiWorld
from tests.gui.money_screens import KES, Booked, choose_customer, journal, show, wait_for_dialog

AMINA = "C0005678"


def move_screen(world: GuiWorld, qtbot) -> MoveScreen:  # noqa: ANN001
    add_customer(world.counter, AMINA, national_id="34567890", full_name="Amina Hassan", phone="254722000111")
    screen = MoveScreen(world.backend, world.tasks, world.events)
    show(qtbot, screen)
    return screen


def wallet(world: GuiWorld, cif: str) -> Money:
    return customer_profile(world.counter.context, cif).accounts[0].available


def test_juma_sends_amina_4000_and_everything_says_pending(gui: GuiWorld, qtbot) -> None:
    screen = move_screen(gui, qtbot)
    choose_customer(qtbot, screen.sender_picker, "juma")
    assert screen.receiver_picker.search_edit.hasFocus()
    choose_customer(qtbot, screen.receiver_picker, "0722000111")  # Amina by phone, as she says it
    assert screen.receiver_picker.chosen_label.text() == "Amina Hassan · C0005678 · Tier 2"
    qtbot.keyClicks(screen.amount_edit, "4000")
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)

    confirmation = wait_for_dialog(qtbot, lambda: screen.confirm_dialog)
    assert confirmation.windowTitle() == "Confirm: Transfer to Amina Hassan (C0005678)"
    assert confirmation.words_label.text() == "Kenya Shillings Four Thousand Only"
    assert confirmation.limit_label.text() == (
        "Tier 2 transfers: at most KES 500,000.00 per transaction; KES 0.00 of KES 1,000,000.00 used today, "
        "KES 4,000.00 with this one"
    )  # a request draws on no offline cash allowance, so none is shown
    assert confirmation.findChild(type(confirmation.words_label), "note").text() == (
        "Pending until head office confirms: Amina Hassan receives it then."
    )
    qtbot.keyClick(confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.last_posted is not None)
    gui.wait_idle(qtbot)

    reference = screen.last_posted.entry.reference
    assert screen.result_label.text() == (
        f"Transfer {reference}: KES 4,000.00 from Juma Mwangi to Amina Hassan, pending until head office "
        "confirms. Juma Mwangi's balance now KES 46,000.00."
    )
    assert journal(gui) == [Booked(1, "transfer", KES(4_000), JUMA, "wanjiru", None)]
    assert customer_profile(gui.counter.context, JUMA).recent[0].status == "pending"
    assert wallet(gui, JUMA) == KES(46_000)
    assert wallet(gui, AMINA) == KES(0)  # credited when head office confirms


def test_a_transfer_beyond_the_balance_is_refused_and_nothing_is_recorded(gui: GuiWorld, qtbot) -> None:
    screen = move_screen(gui, qtbot)
    choose_customer(qtbot, screen.sender_picker, "juma")
    choose_customer(qtbot, screen.receiver_picker, "amina")
    qtbot.keyClicks(screen.amount_edit, "60000")
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    qtbot.keyClick(wait_for_dialog(qtbot, lambda: screen.confirm_dialog), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.error_label.text() != "")
    assert screen.error_label.text() == (
        "Available balance is KES 50,000.00; this needs KES 60,000.00 [insufficient_funds]"
    )
    assert journal(gui) == []
    assert wallet(gui, JUMA) == KES(50_000)


def test_juma_cannot_send_to_himself(gui: GuiWorld, qtbot) -> None:
    screen = move_screen(gui, qtbot)
    choose_customer(qtbot, screen.sender_picker, "juma")
    choose_customer(qtbot, screen.receiver_picker, "juma")
    qtbot.keyClicks(screen.amount_edit, "100")
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    assert screen.error_label.text() == "Juma Mwangi cannot send to themselves; choose who receives"
    assert screen.confirm_dialog is None
    assert journal(gui) == []
