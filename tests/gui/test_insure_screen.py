"""The Insure screen at the counter of Nairobi CBD (branch K7Q2), on 24 Nov 2026, under the tariff
the device pulled (resources/products/insurance_tariff.json, version 1).

Juma (C0001234, KES 50,000 in his wallet) buys the bronze personal accident plan from his wallet:
KES 150.00 + training levy 0.30 + PCF levy 0.38 + stamp duty 40.00 = KES 190.68, a request pending
until head office confirms; its schedule prints once it has, and the next month costs KES 150.68.
Wekeza Hardware Ltd (C0009001) pays KES 62,057.83 in cash for a year of WIBA on KES 4,200,000 of
class 3 payroll (12 employees) and KES 1,800,000 of class 1 (5 employees): KES 61,740.00 premium,
levies 123.48 and 154.35, stamp duty 40.00; the schedule prints at once. A shop's printer and
laptop (KES 120,000 declared) come to KES 2,100.00 at 1.75%, below the KES 3,500.00 minimum premium.
Every figure on the screen is shared_core's own quote of the same terms.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenuBar
from sqlalchemy import delete

from desktop_app.services.balances import available_balance
from desktop_app.services.insurance import buy_cover, insurance_tariff
from desktop_app.store import schema
from desktop_app.store.pulled import PRODUCT_POLICIES_KEY
from desktop_app.ui.dialogs.wiba_payroll import WibaPayrollDialog
from desktop_app.ui.screens.insure import InsureScreen
from desktop_app.ui.screens.insure_quote import QuoteTableModel
from shared_core.accounts import wallet_account
from shared_core.insurance import (
    InsuredItem,
    PaymentMethod,
    Product,
    WibaPayroll,
    quote_asset_all_risk,
    quote_personal_accident,
    quote_wiba,
)
from shared_core.insurance_policy import PolicySale
from shared_core.insurance_tariff import OccupationClass
from shared_core.money import Money
from tests.device_builders import add_customer
from tests.gui.conftest import JUMA, GuiWorld
from tests.gui.head_office import answer_all
from tests.gui.money_screens import (
    KES,
    Booked,
    choose_customer,
    journal,
    open_the_till,
    show,
    wait_for_dialog,
)
from tests.pdf_reading import pdf_text

HARDWARE = "C0009001"
ACHIENG = "C0005678"
NOVEMBER_24 = date(2026, 11, 24)  # the counter's business day (tests.device_builders.FixedClock)
MNEMONIC = re.compile(r"&(?!&)(\w)")


def insure_screen(world: GuiWorld, qtbot) -> InsureScreen:
    screen = InsureScreen(world.backend, world.tasks, world.events)
    show(qtbot, screen)
    qtbot.waitUntil(lambda: screen.terms is not None)
    return screen


def add_hardware(world: GuiWorld, balance: Money | None = None) -> None:
    add_customer(
        world.counter, HARDWARE, tier=3, national_id="48213016", full_name="Wekeza Hardware Ltd",
        phone="254720555100", balance=balance or Money(0),
    )


def quote_lines(screen: InsureScreen) -> list[tuple[str, ...]]:
    """The quote as the teller reads it: what, on what, at which rate, how much."""
    model = screen.quote_model
    return [
        tuple(model.cell(model.row(number), column) for column in range(len(QuoteTableModel._HEADERS)))
        for number in range(model.rowCount())
    ]


def press(qtbot, screen: InsureScreen, key: Qt.Key) -> None:
    qtbot.keyClick(screen, key, Qt.KeyboardModifier.AltModifier)


def wallet(world: GuiWorld, cif: str) -> Money:
    with world.counter.store.read() as connection:
        return available_balance(connection, wallet_account(cif))


def confirm(qtbot, screen: InsureScreen):
    """Enter on the form, Enter on the confirmation; the entry committed."""
    qtbot.keyClick(screen.focusWidget() or screen, Qt.Key.Key_Return)
    confirmation = wait_for_dialog(qtbot, lambda: screen.confirm_dialog)
    qtbot.keyClick(confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.last_posted is not None)
    return confirmation


# --- the quote --------------------------------------------------------------------------------------


def test_the_quote_shows_premium_each_levy_stamp_duty_and_total_as_shared_core_prices_them(
    gui: GuiWorld, qtbot
) -> None:
    screen = insure_screen(gui, qtbot)
    tariff = insurance_tariff(gui.counter.context)
    choose_customer(qtbot, screen.picker, "juma")
    assert screen.product_box.hasFocus() and screen.product_box.currentText() == "Personal accident"

    assert quote_lines(screen) == [
        ("Bronze plan, one month", "", "", "150.00"),
        ("Premium", "", "", "150.00"),
        ("Training levy", "150.00", "0.20%", "0.30"),
        ("Policyholders' Compensation Fund levy", "150.00", "0.25%", "0.38"),
        ("Stamp duty", "", "", "40.00"),
        ("Total payable", "", "", "190.68"),
    ]
    assert screen.cover_quote == quote_personal_accident("bronze", tariff=tariff, start=NOVEMBER_24)
    assert screen.total_label.text() == "Total payable KES 190.68"
    assert screen.period_label.text() == "Cover from 24 Nov 2026 to 23 Dec 2026, both days included"

    press(qtbot, screen, Qt.Key.Key_L)  # Alt+L: the plan
    assert screen.plan_box.hasFocus()
    qtbot.keyClick(screen.plan_box, Qt.Key.Key_Down)
    qtbot.keyClick(screen.plan_box, Qt.Key.Key_Down)
    gold = quote_personal_accident("gold", tariff=tariff, start=NOVEMBER_24)
    assert screen.cover_quote == gold
    assert quote_lines(screen)[0] == ("Gold plan, one month", "", "", "750.00")
    assert quote_lines(screen)[-1] == ("Total payable", "", "", "793.38")  # 750.00 + 1.50 + 1.88 + 40.00
    assert gold.total == Money(79_338)


def type_item(qtbot, screen: InsureScreen, row: int, description: str, value: str) -> None:
    """Type an item where the cursor is, Tab to its value and type that."""
    description_edit, value_edit = screen.items_editor.row_edits(row)
    qtbot.waitUntil(description_edit.hasFocus)
    qtbot.keyClicks(description_edit, description)
    qtbot.keyClick(description_edit, Qt.Key.Key_Tab)
    assert value_edit.hasFocus()
    qtbot.keyClicks(value_edit, value)


def test_an_asset_list_below_the_minimum_premium_is_charged_the_minimum(gui: GuiWorld, qtbot) -> None:
    screen = insure_screen(gui, qtbot)
    choose_customer(qtbot, screen.picker, "juma")
    qtbot.keyClick(screen.product_box, Qt.Key.Key_Down)
    qtbot.keyClick(screen.product_box, Qt.Key.Key_Down)
    assert screen.product_box.currentText() == "Asset all-risk"
    qtbot.keyClick(screen.product_box, Qt.Key.Key_Tab)  # Tab: the first item's row, there already
    type_item(qtbot, screen, 0, "Receipt printer", "25000")
    press(qtbot, screen, Qt.Key.Key_A)  # Alt+A: another item (a button's click lands a moment later)
    qtbot.waitUntil(lambda: screen.items_editor.rows == 2)
    type_item(qtbot, screen, 1, "Laptop, Dell Latitude 5440", "95000")

    assert quote_lines(screen) == [
        ("All risks on the declared value", "120,000.00", "1.75%", "2,100.00"),
        ("Minimum premium top-up", "", "", "1,400.00"),
        ("Premium", "", "", "3,500.00"),
        ("Training levy", "3,500.00", "0.20%", "7.00"),
        ("Policyholders' Compensation Fund levy", "3,500.00", "0.25%", "8.75"),
        ("Stamp duty", "", "", "40.00"),
        ("Total payable", "", "", "3,555.75"),
    ]
    assert screen.quote_hint.text() == "Below the minimum premium: KES 3,500.00 is charged as the premium"
    assert screen.cover_quote == quote_asset_all_risk(
        [InsuredItem("Receipt printer", KES(25_000)), InsuredItem("Laptop, Dell Latitude 5440", KES(95_000))],
        tariff=insurance_tariff(gui.counter.context), start=NOVEMBER_24,
    )

    _description, value_edit = screen.items_editor.row_edits(1)
    value_edit.clear()  # a half-typed item: no quote, and the row is named
    assert screen.cover_quote is None and quote_lines(screen) == []
    assert screen.quote_hint.text().startswith("Item 2 (Laptop, Dell Latitude 5440): ")


# --- selling ------------------------------------------------------------------------------------------


def test_juma_buys_bronze_from_his_wallet_pending_until_head_office_confirms_then_its_schedule_prints(
    gui: GuiWorld, qtbot, tmp_path: Path
) -> None:
    screen = insure_screen(gui, qtbot)  # no till needed: no cash moves
    choose_customer(qtbot, screen.picker, "juma")
    press(qtbot, screen, Qt.Key.Key_W)  # Alt+W: from the wallet (a button's click lands a moment later)
    qtbot.waitUntil(screen.wallet_button.isChecked)

    confirmation = confirm(qtbot, screen)
    assert confirmation.windowTitle() == "Confirm: Insurance premium from the wallet"
    assert "KES 190.68" in confirmation.amount_label.text()
    assert confirmation.words_label.text() == "Kenya Shillings One Hundred and Ninety and Cents Sixty-Eight Only"
    assert confirmation.findChild(QLabel, "note").text().splitlines() == [
        "Personal accident, a new policy · Bronze plan. Cover from 24 Nov 2026 to 23 Dec 2026, both days included.",
        ("premium KES 150.00 + Training levy KES 0.30 + Policyholders' Compensation Fund levy KES 0.38 "
         "+ stamp duty KES 40.00 = KES 190.68."),
        "Pending until head office confirms; the schedule prints once it has.",
    ]
    gui.wait_idle(qtbot)

    sold = screen.last_sale
    reference = screen.last_posted.entry.reference
    assert sold is not None and sold.policy_number.startswith("PA-K7Q2-")
    assert screen.result_label.text() == (
        f"Premium {reference}: KES 190.68 from Juma Mwangi's wallet for policy {sold.policy_number}, pending "
        "until head office confirms."
    )
    assert journal(gui) == [Booked(1, "premium_wallet", Money(19_068), JUMA, "wanjiru", None)]
    assert wallet(gui, JUMA) == KES(50_000) - Money(19_068)
    receipt = wait_for_dialog(qtbot, lambda: screen.receipt_dialog)
    receipt_text = pdf_text(receipt.pdf, tmp_path)
    assert "Insurance premium" in receipt_text and "KES 190.68" in receipt_text and "PENDING SYNC" in receipt_text
    receipt.close()

    policies = screen.policies
    qtbot.waitUntil(lambda: policies.model.rowCount() == 1)
    row = policies.model.row(0)
    assert [policies.model.cell(row, column) for column in range(8)] == [
        "24 Nov 2026", reference, sold.policy_number, "Personal accident", "New policy", "Wallet", "190.68", "pending",
    ]
    assert not policies.schedule_button.isEnabled()
    assert policies.hint_label.text() == "The schedule of a premium from the wallet prints once head office confirms it"

    answer_all(gui.counter)  # head office books the premium
    gui.events.entries_changed.emit()
    qtbot.waitUntil(lambda: policies.model.cell(policies.model.row(0), policies.model.STATUS) == "confirmed")
    assert policies.schedule_button.isEnabled() and policies.hint_label.text() == ""
    with qtbot.waitActive(screen):
        screen.activateWindow()
    press(qtbot, screen, Qt.Key.Key_R)  # Alt+R: print the policy schedule
    schedule = wait_for_dialog(qtbot, lambda: policies.schedule_dialog)
    text = pdf_text(schedule.pdf, tmp_path)
    assert schedule.windowTitle() == f"Policy schedule {sold.policy_number}"
    for shown in (sold.policy_number, "Juma Mwangi", "*****789", "Bronze plan", "Debit to the wallet", reference,
                  "Simba General Insurance Ltd", "190.68"):
        assert shown in text, shown
    schedule.close()


def test_wekeza_hardware_pays_wiba_in_cash_on_two_occupation_classes_and_the_schedule_prints_at_once(
    gui: GuiWorld, qtbot, tmp_path: Path
) -> None:
    open_the_till(gui)
    add_hardware(gui)
    screen = insure_screen(gui, qtbot)
    choose_customer(qtbot, screen.picker, "hardware")
    qtbot.keyClick(screen.product_box, Qt.Key.Key_Down)  # the product: WIBA
    assert screen.product_box.currentText() == "Work injury (WIBA)"
    assert screen.quote_hint.text() == "Type the payroll (Alt+Y) to see the premium"

    press(qtbot, screen, Qt.Key.Key_Y)  # Alt+Y: the payroll, by occupation class
    dialog = wait_for_dialog(qtbot, lambda: screen.payroll_dialog)
    assert isinstance(dialog, WibaPayrollDialog)
    type_payroll_row(qtbot, dialog, 0, "Shop-floor and yard staff", classes_down=2, employees="12", payroll="4200000")
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Alt+A: another category
    qtbot.waitUntil(lambda: dialog.rows == 2)
    type_payroll_row(qtbot, dialog, 1, "Office", classes_down=0, employees="5", payroll="1800000")
    qtbot.keyClick(dialog.row_widgets(1)[3], Qt.Key.Key_Return)  # Enter: use this payroll
    qtbot.waitUntil(lambda: not dialog.isVisible())

    payroll = (
        WibaPayroll(OccupationClass.SKILLED_MANUAL, KES(4_200_000), "Shop-floor and yard staff", 12),
        WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(1_800_000), "Office", 5),
    )
    assert screen.payroll == payroll
    assert screen.payroll_label.text().splitlines() == [
        "Class 3 · Shop-floor and yard staff · 12 employees · KES 4,200,000.00",
        "Class 1 · Office · 5 employees · KES 1,800,000.00",
    ]
    expected = quote_wiba(payroll, tariff=insurance_tariff(gui.counter.context), start=NOVEMBER_24)
    assert screen.cover_quote == expected
    assert quote_lines(screen) == [
        ("Class 3: Shop floor, warehouse and skilled manual (Shop-floor and yard staff) · 12 employees",
         "4,200,000.00", "1.35%", "56,700.00"),
        ("Class 1: Office and clerical (Office) · 5 employees", "1,800,000.00", "0.28%", "5,040.00"),
        ("Premium", "", "", "61,740.00"),
        ("Training levy", "61,740.00", "0.20%", "123.48"),
        ("Policyholders' Compensation Fund levy", "61,740.00", "0.25%", "154.35"),
        ("Stamp duty", "", "", "40.00"),
        ("Total payable", "", "", "62,057.83"),
    ]
    assert screen.period_label.text() == "Cover from 24 Nov 2026 to 23 Nov 2027, both days included"

    confirmation = confirm(qtbot, screen)
    assert confirmation.windowTitle() == "Confirm: Insurance premium in cash"
    gui.wait_idle(qtbot)
    assert journal(gui)[-1] == Booked(2, "premium_cash", expected.total, HARDWARE, "wanjiru", None)
    assert expected.total == Money(6_205_783)
    sold = screen.last_sale
    assert sold is not None and sold.policy_number.startswith("WB-K7Q2-")
    assert screen.result_label.text() == (
        f"Premium {screen.last_posted.entry.reference}: KES 62,057.83 in cash from Wekeza Hardware Ltd for policy "
        f"{sold.policy_number}. Alt+R prints its schedule."
    )
    assert screen.payroll == () and screen.cover_quote is None  # ready for the next sale; the customer stays
    wait_for_dialog(qtbot, lambda: screen.receipt_dialog).close()

    policies = screen.policies
    qtbot.waitUntil(lambda: policies.schedule_button.isEnabled())  # cash: the schedule prints at once
    with qtbot.waitActive(screen):
        screen.activateWindow()
    press(qtbot, screen, Qt.Key.Key_R)
    schedule = wait_for_dialog(qtbot, lambda: policies.schedule_dialog)
    text = " ".join(pdf_text(schedule.pdf, tmp_path).split())
    for shown in (sold.policy_number, "Wekeza Hardware Ltd", "Work injury benefits (WIBA)",
                  "Employees Annual payroll (KES)", "skilled 12 4,200,000.00", "(Office) 5 1,800,000.00",
                  "Total annual payroll 17 6,000,000.00", "61,740.00", "123.48", "154.35", "62,057.83",
                  "24 Nov 2026 to 23 Nov 2027", "Cash at the counter", "Simba General Insurance Ltd"):
        assert shown in text, shown
    schedule.close()


def type_payroll_row(
    qtbot, dialog: WibaPayrollDialog, row: int, staff: str, *, classes_down: int, employees: str, payroll: str
) -> None:
    """Type a category of staff as a teller does: the fields in Tab order, the class by arrow keys."""
    staff_edit, class_box, employees_spin, payroll_edit = dialog.row_widgets(row)
    qtbot.waitUntil(staff_edit.hasFocus)  # a new row is ready to type in
    qtbot.keyClicks(staff_edit, staff)
    qtbot.keyClick(staff_edit, Qt.Key.Key_Tab)
    assert class_box.hasFocus()
    for _ in range(classes_down):
        qtbot.keyClick(class_box, Qt.Key.Key_Down)
    qtbot.keyClick(class_box, Qt.Key.Key_Tab)
    assert employees_spin.hasFocus()  # its number selected: typing replaces it
    qtbot.keyClicks(employees_spin, employees)
    qtbot.keyClick(employees_spin, Qt.Key.Key_Tab)
    assert payroll_edit.hasFocus()
    qtbot.keyClicks(payroll_edit, payroll)


def test_a_wallet_that_cannot_pay_the_premium_is_refused_before_the_confirmation(gui: GuiWorld, qtbot) -> None:
    add_customer(gui.counter, ACHIENG, national_id="34567890", full_name="Achieng Otieno", phone="254722000111",
                 balance=KES(100))
    screen = insure_screen(gui, qtbot)
    choose_customer(qtbot, screen.picker, "achieng")
    press(qtbot, screen, Qt.Key.Key_W)
    qtbot.waitUntil(screen.wallet_button.isChecked)
    qtbot.keyClick(screen.wallet_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.error_label.text() != "")
    assert screen.error_label.text() == (
        "Achieng Otieno's wallet holds KES 100.00; this cover costs KES 190.68. Take it in cash, or pay into the "
        "wallet first. [insufficient_funds]"
    )
    assert screen.confirm_dialog is None and not screen.busy
    assert journal(gui) == []
    assert wallet(gui, ACHIENG) == KES(100)


def test_juma_pays_the_next_month_of_his_policy_in_cash_without_stamp_duty(gui: GuiWorld, qtbot) -> None:
    open_the_till(gui)
    screen = insure_screen(gui, qtbot)
    choose_customer(qtbot, screen.picker, "juma")
    confirm(qtbot, screen)  # the first month, in cash: a new bronze policy
    gui.wait_idle(qtbot)
    first = screen.last_sale
    wait_for_dialog(qtbot, lambda: screen.receipt_dialog).close()
    with qtbot.waitActive(screen):
        screen.activateWindow()

    press(qtbot, screen, Qt.Key.Key_E)  # Alt+E: the earlier premiums
    assert screen.policies.view.hasFocus()
    press(qtbot, screen, Qt.Key.Key_T)  # Alt+T: take the chosen policy's next premium (its click lands later)
    qtbot.waitUntil(lambda: screen.next_premium_of is not None)
    assert screen.mode_label.text() == f"The next month's premium of policy {first.policy_number}"
    assert not screen.product_box.isEnabled() and not screen.plan_box.isEnabled() and not screen.start_edit.isEnabled()
    assert quote_lines(screen)[-2:] == [
        ("Policyholders' Compensation Fund levy", "150.00", "0.25%", "0.38"),
        ("Total payable", "", "", "150.68"),  # no stamp duty: the policy document was issued with the first month
    ]

    confirmation = confirm(qtbot, screen)
    assert confirmation.findChild(QLabel, "note").text().splitlines()[0] == (
        f"Personal accident, the next month of policy {first.policy_number} · Bronze plan. One more month of "
        "cover, from where the months paid end (head office counts them)."
    )
    gui.wait_idle(qtbot)
    assert [booked.amount for booked in journal(gui)] == [KES(200_000), Money(19_068), Money(15_068)]
    assert screen.last_sale.policy_number == first.policy_number
    assert screen.next_premium_of is None and not screen.mode_row.isVisible()  # back to a new policy
    policies = screen.policies
    qtbot.waitUntil(lambda: policies.model.rowCount() == 2)
    assert policies.model.cell(policies.model.row(0), policies.model.SALE) == "Monthly premium"
    assert not policies.schedule_button.isEnabled()
    assert policies.hint_label.text() == "A monthly premium issues no new schedule: its receipt is the record"


def test_a_year_of_wiba_is_renewed_under_its_number_from_the_day_the_last_year_ends(gui: GuiWorld, qtbot) -> None:
    add_hardware(gui, balance=KES(200_000))
    payroll = (WibaPayroll(OccupationClass.SKILLED_MANUAL, KES(4_200_000), "Yard, 12 employees"),)
    tariff = insurance_tariff(gui.counter.context)
    first = buy_cover(gui.counter.context, gui.counter.teller, customer_cif=HARDWARE, product=Product.WIBA,
                      payment=PaymentMethod.WALLET, tariff=tariff, start=NOVEMBER_24, payroll=payroll)
    screen = insure_screen(gui, qtbot)
    choose_customer(qtbot, screen.picker, "hardware")
    qtbot.waitUntil(lambda: screen.policies.next_button.isEnabled())
    screen.policies.next_button.click()  # today: the year runs for eleven months more
    assert screen.error_label.text() == (
        f"Policy {first.policy_number} runs to 23 Nov 2027; it renews from 90 days before then"
    )
    assert screen.next_premium_of is None

    gui.counter.clock.advance(days=342)  # 1 Nov 2027: the renewal is due in three weeks
    screen.activated()
    qtbot.waitUntil(lambda: screen.terms is not None and screen.terms.sale_day == date(2027, 11, 1))
    screen.policies.next_button.click()
    assert screen.mode_label.text() == f"Renewing policy {first.policy_number} for another year"
    # Sold before the head count had a field of its own: the renewal reads it out of the category.
    assert screen.payroll == (WibaPayroll(OccupationClass.SKILLED_MANUAL, KES(4_200_000), "Yard", 12),)
    assert screen.payroll_label.text() == "Class 3 · Yard · 12 employees · KES 4,200,000.00"
    assert screen.start_edit.date().toPython() == date(2027, 11, 24)
    renewed = quote_wiba(screen.payroll, tariff=tariff, start=date(2027, 11, 24))
    assert screen.cover_quote == renewed and renewed.total == Money(5_699_515)  # 56,700 + 113.40 + 141.75 + 40
    assert screen.period_label.text() == "Cover from 24 Nov 2027 to 23 Nov 2028, both days included"
    screen.wallet_button.setChecked(True)
    confirm(qtbot, screen)
    gui.wait_idle(qtbot)
    renewal = screen.last_sale
    assert renewal.policy_number == first.policy_number
    assert renewal.purchase.sale is PolicySale.RENEWAL and renewal.purchase.cover_start == date(2027, 11, 24)
    assert journal(gui)[-1] == Booked(2, "premium_wallet", renewed.total, HARDWARE, "wanjiru", None)


def test_a_device_that_never_pulled_a_tariff_says_so_and_sells_nothing(gui: GuiWorld, qtbot) -> None:
    with gui.counter.store.write() as connection:
        connection.execute(delete(schema.settings).where(schema.settings.c.key == PRODUCT_POLICIES_KEY))
    screen = InsureScreen(gui.backend, gui.tasks, gui.events)
    show(qtbot, screen)
    notice = "This device has no insurance tariff yet: sync with head office first [not_found]"
    qtbot.waitUntil(lambda: screen.notice_label.text() == notice)
    assert screen.notice_label.isVisible()
    assert not screen.product_box.isEnabled() and not screen.submit_button.isEnabled()
    choose_customer(qtbot, screen.picker, "juma")
    qtbot.keyClick(screen.picker.search_edit, Qt.Key.Key_Return)
    assert screen.error_label.text() == notice
    assert screen.confirm_dialog is None and journal(gui) == []


# --- the keyboard -------------------------------------------------------------------------------------


def mnemonics(widget) -> list[str]:
    """The Alt+letter keys a widget and its children answer to (buttons, and labels' buddies)."""
    texts = [child.text() for child in widget.findChildren(QAbstractButton)]
    texts += [child.text() for child in widget.findChildren(QLabel) if child.buddy() is not None]
    return [match.group(1).lower() for text in texts if (match := MNEMONIC.search(text))]


def test_every_action_answers_to_its_own_alt_key(gui: GuiWorld, qtbot) -> None:
    window = gui.main_window(qtbot)
    screen = window.show_screen("insure")
    menu = [match.group(1).lower() for action in window.findChild(QMenuBar).actions()
            if (match := MNEMONIC.search(action.text()))]
    letters = mnemonics(screen)
    assert sorted(letters) == sorted("cplyafswnbret")  # each once, none the window's menu takes
    assert not set(letters) & set(menu)
    payroll_letters = mnemonics(WibaPayrollDialog(insurance_tariff(gui.counter.context), (), screen))
    assert len(payroll_letters) == len(set(payroll_letters))

    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.waitUntil(lambda: screen.terms is not None)
    choose_customer(qtbot, screen.picker, "juma")
    for key, focused in (
        (Qt.Key.Key_F, screen.start_edit),
        (Qt.Key.Key_L, screen.plan_box),
        (Qt.Key.Key_E, screen.policies.view),
        (Qt.Key.Key_P, screen.product_box),
        (Qt.Key.Key_C, screen.picker.search_edit),
    ):
        press(qtbot, screen, key)
        assert focused.hasFocus(), key
    press(qtbot, screen, Qt.Key.Key_W)
    qtbot.waitUntil(screen.wallet_button.isChecked)
    press(qtbot, screen, Qt.Key.Key_S)
    qtbot.waitUntil(screen.cash_button.isChecked)
    press(qtbot, screen, Qt.Key.Key_N)  # Alt+N: the confirmation (a button's click lands a moment later)
    confirmation = wait_for_dialog(qtbot, lambda: screen.confirm_dialog)
    qtbot.keyClick(confirmation, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not screen.busy)
    assert screen.result_label.text() == "Cancelled: nothing was recorded."
    assert journal(gui) == []


# --- head counts and policy numbers ----------------------------------------------------------------


def test_a_payroll_row_without_its_head_count_is_refused_naming_the_row(gui: GuiWorld, qtbot) -> None:
    add_hardware(gui)
    screen = insure_screen(gui, qtbot)
    choose_customer(qtbot, screen.picker, "hardware")
    qtbot.keyClick(screen.product_box, Qt.Key.Key_Down)  # WIBA
    press(qtbot, screen, Qt.Key.Key_Y)
    dialog = wait_for_dialog(qtbot, lambda: screen.payroll_dialog)
    staff_edit, class_box, employees_spin, payroll_edit = dialog.row_widgets(0)
    assert employees_spin.text() == "–"  # not typed yet: nothing is assumed
    qtbot.waitUntil(staff_edit.hasFocus)
    qtbot.keyClicks(staff_edit, "Drivers")
    for widget in (staff_edit, class_box, employees_spin):  # past the head count without typing it
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert payroll_edit.hasFocus()
    qtbot.keyClicks(payroll_edit, "2400000")
    qtbot.keyClick(payroll_edit, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert dialog.error_label.text() == "Row 1: type how many employees this payroll pays [invalid_input]"
    assert screen.payroll == ()

    qtbot.keyClick(payroll_edit, Qt.Key.Key_Backtab)
    assert employees_spin.hasFocus()
    qtbot.keyClicks(employees_spin, "1250")
    qtbot.keyClick(employees_spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert screen.payroll == (WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(2_400_000), "Drivers", 1_250),)
    assert screen.payroll_label.text() == "Class 1 · Drivers · 1,250 employees · KES 2,400,000.00"


def test_a_policy_number_is_never_cut_off_in_the_list_of_premiums(gui: GuiWorld, qtbot) -> None:
    """The Policy column is as wide as the whole number, however narrow the screen; were it ever
    squeezed, it would lose characters in the middle (never the check character), and its tooltip
    holds the whole number."""
    add_hardware(gui, balance=KES(200_000))
    sold = buy_cover(gui.counter.context, gui.counter.teller, customer_cif=HARDWARE, product=Product.WIBA,
                     payment=PaymentMethod.WALLET, tariff=insurance_tariff(gui.counter.context), start=NOVEMBER_24,
                     payroll=(WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(900_000), "Office", 3),))
    screen = insure_screen(gui, qtbot)
    choose_customer(qtbot, screen.picker, "hardware")
    policies = screen.policies
    qtbot.waitUntil(lambda: policies.model.rowCount() == 1)
    view, model = policies.view, policies.model
    index = model.index(0, model.POLICY)
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == sold.policy_number
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == sold.policy_number
    assert model.data(model.index(0, model.REFERENCE), Qt.ItemDataRole.ToolTipRole) is None
    assert view.textElideMode() == Qt.TextElideMode.ElideMiddle
    needed = view.fontMetrics().horizontalAdvance(sold.policy_number)
    for width in (1200, 400):  # as narrow as the screen goes
        screen.resize(width, screen.height())
        qtbot.wait(20)
        assert view.columnWidth(model.POLICY) > needed, screen.width()
