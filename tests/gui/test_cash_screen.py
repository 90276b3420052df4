"""The Cash screen as a teller uses it, by keyboard: find Juma, type the amount, Enter, read the
confirmation, Enter again, and the receipt. Each refusal shows its reason in the screen and
leaves the journal as it was.

Juma Mwangi (C0001234) is tier 2 with KES 50,000; at a branch tier 2 allows KES 500,000 a
transaction and KES 1,000,000 a day, and a withdrawal above KES 100,000 needs a supervisor.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.services.customers import customer_profile
from desktop_app.services.posting import Override
from desktop_app.ui.screens.cash import CashScreen
from shared_core.money import Money
from tests.device_builders import PASSWORD, SUPERVISOR_PASSWORD, add_customer
from tests.gui.conftest import JUMA, GuiWorld
from tests.gui.money_screens import (  # noqa: F401 (counter_world is a fixture)
    KES,
    Booked,
    choose_customer,
    counter_world,
    journal,
    open_the_till,
    show,
    wait_for_dialog,
)

TILL_OPEN = Booked(1, "till_open", KES(200_000), None, "wanjiru", None)


def cash_screen(world: GuiWorld, qtbot) -> CashScreen:  # noqa: ANN001
    screen = CashScreen(world.backend, world.tasks, world.events)
    show(qtbot, screen)
    return screen


def juma_balance(world: GuiWorld) -> Money:
    return customer_profile(world.counter.context, JUMA).accounts[0].available


def type_amount(qtbot, screen: CashScreen, typed: str) -> None:  # noqa: ANN001
    screen.amount_edit.setFocus()
    qtbot.keyClicks(screen.amount_edit, typed)


def count_notes(screen: CashScreen, **pieces: int) -> None:
    for name, count in pieces.items():
        screen.denominations.spin_box(int(name.removeprefix("kes"))).setValue(count)


def test_juma_deposits_5000_confirmed_with_enter_and_his_balance_moves(gui: GuiWorld, qtbot) -> None:
    open_the_till(gui)
    screen = cash_screen(gui, qtbot)
    assert screen.picker.search_edit.hasFocus()  # typing starts with the customer
    choose_customer(qtbot, screen.picker, "juma")
    assert screen.picker.chosen_label.text() == "Juma Mwangi · C0001234 · Tier 2"
    assert screen.focusWidget() is screen.amount_edit  # where the teller corrects it
    qtbot.keyClicks(screen.amount_edit, "5000")
    assert screen.amount_edit.text() == "5,000"
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)

    confirmation = wait_for_dialog(qtbot, lambda: screen.confirm_dialog)
    assert confirmation.windowTitle() == "Confirm: Cash deposit"
    assert "KES 5,000.00" in confirmation.amount_label.text()
    assert confirmation.words_label.text() == "Kenya Shillings Five Thousand Only"
    assert confirmation.limit_label.text().splitlines() == [
        "Tier 2 cash in: at most KES 500,000.00 per transaction; KES 0.00 of KES 1,000,000.00 used today, "
        "KES 5,000.00 with this one",
        "Offline allowance left: KES 2,000,000.00 on this device, KES 300,000.00 for Juma Mwangi",
    ]
    assert journal(gui) == [TILL_OPEN]  # nothing is committed before the teller confirms

    qtbot.keyClick(confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.last_posted is not None)
    receipt = wait_for_dialog(qtbot, lambda: screen.receipt_dialog)
    reference = screen.last_posted.entry.reference
    assert receipt.windowTitle() == f"Receipt {reference}"
    assert screen.result_label.text() == (
        f"Deposit {reference}: KES 5,000.00 from Juma Mwangi. Balance now KES 55,000.00."
    )
    assert screen.error_label.text() == ""
    assert journal(gui) == [TILL_OPEN, Booked(2, "cash_deposit", KES(5_000), JUMA, "wanjiru", None)]
    assert juma_balance(gui) == KES(55_000)
    assert screen.picker.customer is None and screen.amount_edit.text() == ""  # ready for the next one
    receipt.close()


def test_escape_at_the_confirmation_cancels_and_nothing_is_in_the_journal(gui: GuiWorld, qtbot) -> None:
    open_the_till(gui)
    screen = cash_screen(gui, qtbot)
    choose_customer(qtbot, screen.picker, "23456789")  # by national ID
    qtbot.keyClicks(screen.amount_edit, "5000")
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    confirmation = wait_for_dialog(qtbot, lambda: screen.confirm_dialog)
    qtbot.keyClick(confirmation, Qt.Key.Key_Escape)
    gui.wait_idle(qtbot)
    assert not confirmation.isVisible()
    assert screen.result_label.text() == "Cancelled: nothing was recorded."
    assert journal(gui) == [TILL_OPEN]
    assert juma_balance(gui) == KES(50_000)
    assert screen.amount_edit.text() == "5,000"  # kept, to correct and try again
    assert screen.focusWidget() is screen.amount_edit  # where the teller corrects it


def test_a_withdrawal_goes_on_only_when_the_notes_counted_equal_the_amount(gui: GuiWorld, qtbot) -> None:
    open_the_till(gui)
    screen = cash_screen(gui, qtbot)
    screen.withdrawal_button.setChecked(True)
    assert screen.denominations.isVisible()
    choose_customer(qtbot, screen.picker, "juma")
    qtbot.keyClicks(screen.amount_edit, "3000")
    count_notes(screen, kes1000=2, kes500=1)
    assert screen.notes_label.text() == "Counted KES 2,500.00; count KES 500.00 more"
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    assert screen.error_label.text() == (
        "Count the notes paid out: they add up to KES 2,500.00, the amount is KES 3,000.00"
    )
    assert screen.confirm_dialog is None

    count_notes(screen, kes500=2)
    assert screen.notes_label.text() == "Counted KES 3,000.00: matches the amount"
    qtbot.keyClick(screen.denominations.spin_box(500), Qt.Key.Key_Return)  # Enter from the count goes on
    confirmation = wait_for_dialog(qtbot, lambda: screen.confirm_dialog)
    assert confirmation.windowTitle() == "Confirm: Cash withdrawal"
    assert confirmation.words_label.text() == "Kenya Shillings Three Thousand Only"
    assert (
        confirmation.limit_label.text().splitlines()[0].startswith("Tier 2 cash out: at most KES 500,000.00")
    )
    qtbot.keyClick(confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.last_posted is not None)
    gui.wait_idle(qtbot)
    assert journal(gui)[-1] == Booked(2, "cash_withdrawal", KES(3_000), JUMA, "wanjiru", None)
    assert juma_balance(gui) == KES(47_000)
    assert screen.denominations.total() == Money(0)


def test_a_withdrawal_over_the_tier_limit_is_refused_with_the_reason_before_any_confirmation(
    gui: GuiWorld, qtbot
) -> None:
    open_the_till(gui)
    screen = cash_screen(gui, qtbot)
    screen.withdrawal_button.setChecked(True)
    choose_customer(qtbot, screen.picker, "juma")
    qtbot.keyClicks(screen.amount_edit, "600000")
    count_notes(screen, kes1000=600)
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.error_label.text() != "")
    assert screen.error_label.text() == (
        "Tier 2 at a branch allows at most KES 500,000.00 per transaction; this one is KES 600,000.00 "
        "[limit_exceeded]"
    )
    assert screen.confirm_dialog is None
    assert journal(gui) == [TILL_OPEN]
    assert screen.form.isEnabled()


def withdraw_150000_for_a_rich_customer(world: GuiWorld, qtbot) -> CashScreen:  # noqa: ANN001
    add_customer(
        world.counter, "C0007777", national_id="77777777", full_name="Akinyi Ouma", balance=KES(300_000)
    )
    open_the_till(world, KES(500_000))
    screen = cash_screen(world, qtbot)
    screen.withdrawal_button.setChecked(True)
    choose_customer(qtbot, screen.picker, "akinyi")
    qtbot.keyClicks(screen.amount_edit, "150000")
    count_notes(screen, kes1000=150)
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    confirmation = wait_for_dialog(qtbot, lambda: screen.confirm_dialog)
    assert (
        "Above KES 100,000.00: a supervisor must approve it" in confirmation.limit_label.text().splitlines()
    )
    qtbot.keyClick(confirmation, Qt.Key.Key_Return)
    return screen


def approve(qtbot, screen: CashScreen, override: Override) -> None:  # noqa: ANN001
    dialog = wait_for_dialog(qtbot, lambda: screen.override_dialog)
    assert "A cash withdrawal above KES 100,000.00 at a branch needs a supervisor's approval" in (
        dialog.findChildren(type(screen.result_label))[0].text()
    )
    qtbot.keyClicks(dialog.user_edit, override.user_id)
    qtbot.keyClicks(dialog.password_edit, override.password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_over_the_approval_threshold_the_supervisor_approves_at_the_tellers_pc(gui: GuiWorld, qtbot) -> None:
    screen = withdraw_150000_for_a_rich_customer(gui, qtbot)
    approve(qtbot, screen, Override("otieno", SUPERVISOR_PASSWORD))
    qtbot.waitUntil(lambda: screen.last_posted is not None, timeout=10_000)
    gui.wait_idle(qtbot)
    assert screen.error_label.text() == ""
    assert screen.result_label.text().endswith("Balance now KES 150,000.00. Approved by otieno.")
    assert journal(gui)[-1] == Booked(2, "cash_withdrawal", KES(150_000), "C0007777", "wanjiru", "otieno")


def test_the_teller_cannot_approve_her_own_withdrawal(gui: GuiWorld, qtbot) -> None:
    screen = withdraw_150000_for_a_rich_customer(gui, qtbot)
    approve(qtbot, screen, Override("wanjiru", PASSWORD))
    qtbot.waitUntil(lambda: screen.error_label.text() != "", timeout=10_000)
    assert screen.error_label.text() == (
        "The maker of an item may not approve it; ask another supervisor [maker_is_checker]"
    )
    assert screen.last_posted is None
    assert journal(gui) == [Booked(1, "till_open", KES(500_000), None, "wanjiru", None)]


def test_offline_with_the_allowance_spent_a_withdrawal_is_refused(counter_world, qtbot) -> None:  # noqa: ANN001, F811
    world = counter_world(allowance_out=KES(1_000))
    open_the_till(world)
    screen = cash_screen(world, qtbot)
    screen.withdrawal_button.setChecked(True)
    choose_customer(qtbot, screen.picker, "juma")
    qtbot.keyClicks(screen.amount_edit, "2000")
    count_notes(screen, kes1000=2)
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    confirmation = wait_for_dialog(qtbot, lambda: screen.confirm_dialog)
    assert confirmation.limit_label.text().splitlines()[-1] == (
        "Offline allowance left: KES 1,000.00 on this device, KES 300,000.00 for Juma Mwangi"
    )
    qtbot.keyClick(confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.error_label.text() != "")
    assert screen.error_label.text() == (
        "Offline cash out left on this device is KES 1,000.00; sync with head office before more "
        "[allowance_exhausted]"
    )
    assert journal(world) == [TILL_OPEN]


def test_cash_is_refused_while_the_till_is_not_open(gui: GuiWorld, qtbot) -> None:
    screen = cash_screen(gui, qtbot)
    choose_customer(qtbot, screen.picker, "juma")
    qtbot.keyClicks(screen.amount_edit, "5000")
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    qtbot.keyClick(wait_for_dialog(qtbot, lambda: screen.confirm_dialog), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.error_label.text() != "")
    assert screen.error_label.text() == "Open the till before handling cash [till_not_open]"
    assert journal(gui) == []
    assert juma_balance(gui) == KES(50_000)


def test_enter_without_a_customer_says_so(gui: GuiWorld, qtbot) -> None:
    screen = cash_screen(gui, qtbot)
    qtbot.keyClicks(screen.amount_edit, "5000")
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)
    assert screen.error_label.text() == "Choose the customer first: type a national ID, phone or name"
    assert screen.picker.search_edit.hasFocus()


def test_alt_w_and_alt_d_switch_between_withdrawal_and_deposit(gui: GuiWorld, qtbot) -> None:
    screen = cash_screen(gui, qtbot)
    qtbot.keyClick(screen.picker.search_edit, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: screen.withdrawing)
    assert screen.denominations.isVisible()
    qtbot.keyClick(screen.withdrawal_button, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not screen.withdrawing)
    assert not screen.denominations.isVisible()
