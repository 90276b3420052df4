"""Head office's screens as Njeri meets them at her PC (East Africa Time, UTC+3): Reconciliation, the
Risk dashboard and Devices, each fed from head office's API, online only. A fake head office
(tests/head_office_builders.py) answers with the day and the books described there; the last test
reads the real server's reconciliation through the real client.

    the day 2026-11-24     UNRESOLVED: 2 item(s): P3Q9 never synced, EX-7 open at Kibera
                           K7Q2 over +100.00, M4T8 short -100.00 and its clock 10 min ahead
    the books              KES 48,600,000.00 lent; NPL 5.23%, PAR30 7.43%; five SMEs
    the devices            six; M4T8's clock flagged; P3Q9 never synced; R2D4 frozen; W6H1 revoked
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import httpx
import pytest
from PySide6.QtCharts import QBarSeries, QLineSeries, QStackedBarSeries
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.services.context import Session
from desktop_app.sync.head_office import HeadOfficeClient
from desktop_app.sync.portfolio import parse_portfolio
from desktop_app.sync.reconciliation_report import parse_reconciliation
from desktop_app.sync.wire_reading import MalformedAnswer
from desktop_app.ui.screens.dashboard import DashboardScreen
from desktop_app.ui.screens.devices import DevicesScreen, DeviceTableModel
from desktop_app.ui.screens.head_office import CLIENT_KEY, SESSION_KEY, HeadOfficeScreen
from desktop_app.ui.screens.reconciliation import DeviceDayTableModel, ReconciliationScreen
from desktop_app.ui.widgets.flagged_table import Flag
from shared_core.channels import Channel
from shared_core.roles import Role
from tests.gui.conftest import GuiWorld
from tests.gui.money_screens import wait_for_dialog
from tests.head_office_builders import (
    HEAD_OFFICE_PASSWORD,
    FakeHeadOffice,
    link_down,
    portfolio_wire,
    reconciled_wire,
    session_expired,
    sme,
)
from tests.integration.test_head_office_client import PASSWORD
from tests.integration.test_head_office_client import head_office as at_head_office
from tests.integration.test_reconciliation import Branch, branch, server  # noqa: F401
from tests.pdf_reading import pdf_text

NJERI = Session(user_id="njeri", display_name="Njeri Wambui", role=Role.HEAD_OFFICE)
THE_DAY = date(2026, 11, 24)


@pytest.fixture
def head_office(gui: GuiWorld) -> GuiWorld:
    """Njeri logged in at this PC, head office answering (the link is up)."""
    gui.log_in_as(NJERI)
    gui.counter.context.is_online = lambda: True
    return gui


def open_screen(
    cls: type[HeadOfficeScreen], world: GuiWorld, qtbot: QtBot, fake: FakeHeadOffice
) -> HeadOfficeScreen:
    screen = cls(world.backend, world.tasks, world.events, client=fake)
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activated()
    world.wait_idle(qtbot)
    return screen


def log_in(
    world: GuiWorld, screen: HeadOfficeScreen, qtbot: QtBot, password: str = HEAD_OFFICE_PASSWORD
) -> None:
    assert screen.login_box.isVisible()
    qtbot.keyClicks(screen.password_edit, password)
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    world.wait_idle(qtbot)


def cells(model, row: int) -> list[str]:
    return [model.data(model.index(row, column)) for column in range(model.columnCount())]


def flag_of(model, row: int, column: int) -> str | None:
    brush = model.data(model.index(row, column), Qt.ItemDataRole.ForegroundRole)
    return None if brush is None else brush.color().name()


# --- reconciliation -----------------------------------------------------------------------------------


def test_njeri_logs_in_once_and_sees_the_day_unresolved_with_what_keeps_it_open(
    head_office: GuiWorld, qtbot: QtBot
) -> None:
    fake = FakeHeadOffice()
    screen = open_screen(ReconciliationScreen, head_office, qtbot, fake)
    assert screen.online_note.isVisible() and "Online only" in screen.online_note.text()
    assert not screen.offline_label.isVisible()
    assert (
        screen.login_prompt.text()
        == "Njeri Wambui (njeri), type your head office password: one login opens every head office screen."
    )
    screen.date_edit.setDate(QDate(2026, 11, 24))

    log_in(head_office, screen, qtbot)

    assert fake.calls == [("log_in", "njeri"), ("reconciliation", "token-1", THE_DAY, None)]
    assert not screen.login_box.isVisible() and screen.password_edit.text() == ""  # never kept
    assert screen.error_label.text() == ""
    assert screen.verdict_label.text() == "UNRESOLVED: 2 item(s) need head office"
    assert screen.summary_label.text() == (
        "Business day 2026-11-24, every location: 4 device(s), 26 entries, 1 refused, 1 exception(s), "
        "0 fork(s). Read from head office at 24 Nov 20:00."
    )
    issues = screen.issue_model
    assert [cells(issues, row)[:4] for row in range(issues.rowCount())] == [
        ["Gap", "NBO-001", "P3Q9", "P3Q9"],
        ["Open exception", "AG-0042", "X9P3", "EX-7"],
    ]
    devices = screen.device_model
    rows = {cells(devices, row)[0]: cells(devices, row) for row in range(devices.rowCount())}
    never = rows["P3Q9"]
    assert never[DeviceDayTableModel.GAP] == "never synced (enrolled 24 Nov 09:00)"
    assert never[DeviceDayTableModel.LAST_SYNC] == "never"
    assert rows["M4T8"][DeviceDayTableModel.SKEW] == "10 min ahead"
    assert rows["X9P3"][DeviceDayTableModel.SKEW] == "~35 s behind"  # estimated from its batches
    assert rows["X9P3"][DeviceDayTableModel.LOCATION] == "AG-0042"
    assert rows["K7Q2"][3:10] == ["3", "12", "12", "0", "0", "0", "31–40"]  # batches to sequences
    row_of = {cells(devices, row)[0]: row for row in range(devices.rowCount())}
    assert flag_of(devices, row_of["P3Q9"], DeviceDayTableModel.GAP) == Flag.ALARM.value[0]
    assert flag_of(devices, row_of["M4T8"], DeviceDayTableModel.SKEW) == Flag.ALARM.value[0]
    assert flag_of(devices, row_of["K7Q2"], DeviceDayTableModel.SKEW) is None
    tip = Qt.ItemDataRole.ToolTipRole
    assert devices.data(devices.index(row_of["X9P3"], DeviceDayTableModel.SKEW), tip) == (
        "~ Estimated from its batches: it sent no signed request that day. Its clock is at least this far "
        "ahead, or at most this far behind."
    )
    assert devices.data(devices.index(row_of["K7Q2"], DeviceDayTableModel.SKEW), tip) is None
    tills = screen.till_model
    assert [cells(tills, row)[2:] for row in range(tills.rowCount())] == [
        ["Wanjiru Kamau (wanjiru)", "50,000.00", "53,000.00", "53,100.00", "+100.00", "Over"],
        ["Achieng Atieno (achieng)", "50,000.00", "51,000.00", "50,900.00", "-100.00", "Short"],
    ]
    tellers = screen.teller_model
    assert [cells(tellers, row)[1:] for row in range(tellers.rowCount())] == [
        ["Achieng Atieno (achieng)", "1", "0.00", "100.00"],
        ["Wanjiru Kamau (wanjiru)", "1", "100.00", "0.00"],
    ]
    assert [screen.tabs.tabText(index) for index in range(screen.tabs.count())] == [
        "Devices (4)", "Tills (2)", "Refused (1)", "Exceptions (1)", "Forks (0)", "Totals",
    ]  # fmt: skip
    assert cells(screen.exception_model, 0)[:3] == ["EX-7", "offline_overdraft", "Open"]
    assert screen.exception_note.text() == "offline_overdraft: 1 open, 0 resolved"
    assert cells(screen.totals_model, 0) == ["Cash deposit", "14", "186,500.00"]
    # The branch filter now offers every location head office named.
    assert [screen.branch_combo.itemText(index) for index in range(screen.branch_combo.count())] == [
        "All locations", "NBO-001 · Nairobi CBD Branch", "AG-0042 · Mama Mboga Shop, Kibera",
    ]  # fmt: skip


def test_one_branch_is_asked_for_and_a_reconciled_day_says_so(head_office: GuiWorld, qtbot: QtBot) -> None:
    fake = FakeHeadOffice()
    screen = open_screen(ReconciliationScreen, head_office, qtbot, fake)
    screen.date_edit.setDate(QDate(2026, 11, 24))
    log_in(head_office, screen, qtbot)

    fake.reconciliation_answer = parse_reconciliation(reconciled_wire())
    screen.branch_combo.setCurrentIndex(1)
    qtbot.mouseClick(screen.show_button, Qt.MouseButton.LeftButton)
    head_office.wait_idle(qtbot)

    assert fake.calls[-1] == ("reconciliation", "token-1", THE_DAY, "NBO-001")
    assert screen.verdict_label.text() == "Reconciled: nothing unresolved"
    assert screen.issue_model.rowCount() == 0
    assert cells(screen.exception_model, 0)[2] == "Resolved"
    assert flag_of(screen.exception_model, 0, 2) == Flag.GOOD.value[0]


def test_offline_the_screen_says_so_and_asks_head_office_nothing(head_office: GuiWorld, qtbot: QtBot) -> None:
    head_office.counter.context.is_online = lambda: False
    fake = FakeHeadOffice()
    screen = open_screen(ReconciliationScreen, head_office, qtbot, fake)

    assert screen.offline_label.isVisible()
    assert screen.offline_label.text().startswith("Offline: head office cannot be reached now")
    assert "works online only" in screen.offline_label.text()
    assert not screen.password_edit.isEnabled() and not screen.login_button.isEnabled()
    screen.log_in()
    head_office.wait_idle(qtbot)
    assert fake.calls == []


def test_a_link_that_drops_shows_a_calm_sentence_and_the_screen_goes_offline(
    head_office: GuiWorld, qtbot: QtBot
) -> None:
    fake = FakeHeadOffice()
    screen = open_screen(ReconciliationScreen, head_office, qtbot, fake)
    log_in(head_office, screen, qtbot)
    fake.fail_next = link_down()

    screen.show_button.click()
    head_office.wait_idle(qtbot)

    assert screen.error_label.text() == (
        "Head office cannot be reached just now. Nothing was changed; try again when the link is back."
    )
    assert "Traceback" not in screen.error_label.text() and "ConnectError" in screen.error_label.toolTip()
    assert screen.offline_label.isVisible() and not screen.show_button.isEnabled()
    assert screen.verdict_label.text() == "UNRESOLVED: 2 item(s) need head office"  # the last answer stays


def test_an_expired_login_asks_for_the_password_again(head_office: GuiWorld, qtbot: QtBot) -> None:
    fake = FakeHeadOffice()
    screen = open_screen(ReconciliationScreen, head_office, qtbot, fake)
    log_in(head_office, screen, qtbot)
    fake.fail_next = session_expired()

    screen.show_button.click()
    head_office.wait_idle(qtbot)

    assert screen.login_box.isVisible() and SESSION_KEY not in head_office.backend.extras
    assert screen.error_label.text() == (
        "Your login at head office has ended (The login has expired). Type your password again."
    )
    log_in(head_office, screen, qtbot)
    assert fake.logins == 2 and fake.calls[-1][:2] == ("reconciliation", "token-2")


def test_a_wrong_password_is_head_office_s_refusal_and_an_odd_answer_names_its_field(
    head_office: GuiWorld, qtbot: QtBot
) -> None:
    fake = FakeHeadOffice()
    screen = open_screen(ReconciliationScreen, head_office, qtbot, fake)
    log_in(head_office, screen, qtbot, password="wrong")
    assert screen.error_label.text() == "The user name or password is not right [authentication_failed]"
    assert screen.login_box.isVisible()

    log_in(head_office, screen, qtbot)
    fake.fail_next = MalformedAnswer(
        "the reconciliation answer", "locations[0].devices[1].entries", "not a whole number: '8'"
    )
    screen.show_button.click()
    head_office.wait_idle(qtbot)
    assert screen.error_label.text() == (
        "Head office answered, but not in a form this app reads (locations[0].devices[1].entries: not a whole "
        "number: '8'). Nothing was changed here. Try again; if it happens again, tell IT."
    )


# --- one login for every head office screen -------------------------------------------------------------


def test_the_main_window_shows_head_office_its_screens_and_one_login_serves_them_all(
    head_office: GuiWorld, qtbot: QtBot
) -> None:
    fake = FakeHeadOffice()
    head_office.backend.extras[CLIENT_KEY] = fake
    window = head_office.main_window(qtbot)
    names = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert names[-5:] == ["Reconciliation", "Risk dashboard", "Devices", "Exceptions", "Sync"]

    reconciliation = window.show_screen("reconciliation")
    head_office.wait_idle(qtbot)
    log_in(head_office, reconciliation, qtbot)
    dashboard = window.show_screen("dashboard")
    head_office.wait_idle(qtbot)
    devices = window.show_screen("devices")
    head_office.wait_idle(qtbot)

    assert fake.logins == 1
    assert [call[0] for call in fake.calls] == ["log_in", "reconciliation", "portfolio", "devices"]
    assert not dashboard.login_box.isVisible() and dashboard.portfolio is not None
    assert not devices.login_box.isVisible() and devices.model.rowCount() == 6


def test_a_teller_sees_none_of_head_office_s_screens(gui: GuiWorld, qtbot: QtBot) -> None:
    window = gui.main_window(qtbot)
    assert not {"reconciliation", "dashboard", "devices"} & set(window.screens)


# --- the risk dashboard -----------------------------------------------------------------------------------


def test_the_dashboard_shows_the_book_its_history_and_the_numbers_a_click_away(
    head_office: GuiWorld, qtbot: QtBot
) -> None:
    fake = FakeHeadOffice()
    screen = open_screen(DashboardScreen, head_office, qtbot, fake)
    screen.date_edit.setDate(QDate(2026, 11, 24))
    screen.months_spin.setValue(12)
    log_in(head_office, screen, qtbot)

    assert fake.calls[-1] == ("portfolio", "token-1", THE_DAY, 12)
    assert screen.heading.text() == "Head office's books as of 2026-11-24; read at 24 Nov 10:00."
    assert screen.book_tile.value_label.text() == "KES 48,600,000.00"
    assert (screen.loans_tile.value_label.text(), screen.loans_tile.detail_label.text()) == (
        "1,284",
        "212 closed",
    )
    assert (screen.npl_tile.value_label.text(), screen.npl_tile.detail_label.text()) == (
        "5.23%",
        "KES 2,540,000.00",
    )
    assert (screen.par30_tile.value_label.text(), screen.par30_tile.detail_label.text()) == (
        "7.43%",
        "KES 3,610,000.00",
    )
    assert (screen.policies_tile.value_label.text(), screen.policies_tile.detail_label.text()) == (
        "440",
        "of 507 sold",
    )

    # The loan book over 13 month points, drawn in KES million; the ratios as two lines in percent.
    book_chart = screen.book_panel.chart_view.chart()
    (bars,) = book_chart.series()
    assert isinstance(bars, QBarSeries)
    (outstanding,) = bars.barSets()
    assert (
        outstanding.count() == 13 and outstanding.at(0) == pytest.approx(31.2) and outstanding.at(12) == 48.6
    )
    assert book_chart.axes(Qt.Orientation.Vertical)[0].titleText() == "KES million"
    months = book_chart.axes(Qt.Orientation.Horizontal)[0]
    assert months.categories()[:3] == ["Nov", "Dec", "Jan"] and months.categories()[-2:] == [
        "Oct",
        "Nov<br>26",
    ]
    assert months.count() == 13 and months.titleText() == "Nov 2025 – Nov 2026"  # every point has its bar
    npl, par30 = screen.ratio_panel.chart_view.chart().series()
    assert isinstance(npl, QLineSeries) and [npl.name(), par30.name()] == ["NPL ratio", "PAR30"]
    assert npl.at(12).y() == pytest.approx(5.23) and par30.at(0).y() == pytest.approx(6.11)
    (classes,) = screen.classification_panel.chart_view.chart().series()
    assert isinstance(classes, QStackedBarSeries)
    assert [bar_set.label() for bar_set in classes.barSets()] == [
        "Normal",
        "Watch",
        "Substandard",
        "Doubtful",
        "Loss",
    ]
    policies = screen.policy_panel.chart_view.chart().series()[0]
    assert [bar_set.label() for bar_set in policies.barSets()] == ["Sold", "In force", "Lapsed"]
    assert [policies.barSets()[0].at(index) for index in range(3)] == [412, 38, 57]

    # Numbers a click away: the exact figures, not the drawn ones.
    panel = screen.classification_panel
    assert not panel.showing_numbers
    qtbot.mouseClick(panel.numbers_button, Qt.MouseButton.LeftButton)
    assert panel.showing_numbers and panel.numbers_button.text() == "Chart"
    model = screen.classification_model
    assert [cells(model, row) for row in range(model.rowCount())] == [
        ["Normal", "1,102", "41,300,000.00"], ["Watch", "96", "4,760,000.00"],
        ["Substandard", "41", "1,520,000.00"], ["Doubtful", "27", "640,000.00"], ["Loss", "18", "380,000.00"],
    ]  # fmt: skip
    qtbot.mouseClick(panel.numbers_button, Qt.MouseButton.LeftButton)
    assert not panel.showing_numbers
    assert cells(screen.history_model, 12) == ["2026-11-24", "48,600,000.00", "5.23%", "7.43%"]
    assert cells(screen.policy_model, 1) == ["WIBA", "38", "35", "3", "2,918,400.00"]
    assert cells(screen.product_model, 1) == [
        "SME Working Capital (sme_working_capital)",
        "37",
        "34,450,000.00",
        "4.45%",
        "6.54%",
    ]


def test_the_smes_and_their_facilities_read_as_a_tree(head_office: GuiWorld, qtbot: QtBot) -> None:
    screen = open_screen(DashboardScreen, head_office, qtbot, FakeHeadOffice())
    log_in(head_office, screen, qtbot)
    tree = screen.sme_tree
    assert tree.topLevelItemCount() == 5
    hardware = tree.topLevelItem(0)
    assert [hardware.text(column) for column in range(7)] == [
        "Wekeza Hardware Ltd (C0004410)", "retail", "48,000,000.00", "3,530,000.00", "", "", "2 facilities",
    ]  # fmt: skip
    builders = tree.topLevelItem(2)
    assert [builders.child(0).text(column) for column in range(7)] == [
        "BR-M4T8-000027-Q", "sme_working_capital", "2,500,000.00", "2,310,000.00", "Substandard", "104", "active",
    ]  # fmt: skip
    assert builders.child(0).foreground(4).color().name() == "#ef6c00"
    assert tree.topLevelItem(3).child(0).text(0) == "not yet booked"
    assert tree.topLevelItem(4).text(2) == "—"  # Pwani Hotels gave no turnover


def test_the_dashboard_exports_the_pdf_and_a_formula_safe_csv(
    head_office: GuiWorld, qtbot: QtBot, tmp_path: Path
) -> None:
    fake = FakeHeadOffice()
    wire_smes = [sme("C0005001", '=HYPERLINK("http://evil.example","Pay")', "retail", 1_000_000, [])]
    fake.portfolio_answer = parse_portfolio(portfolio_wire(smes=portfolio_wire()["smes"] + wire_smes))
    screen = open_screen(DashboardScreen, head_office, qtbot, fake)
    assert not screen.pdf_button.isEnabled()  # nothing to export before head office answered
    log_in(head_office, screen, qtbot)
    assert screen.pdf_button.isEnabled() and screen.csv_button.isEnabled()

    screen.choose_file("pdf")
    dialog = wait_for_dialog(qtbot, lambda: screen.file_dialog)
    assert dialog.selectedFiles()[0].endswith("risk-dashboard-2026-11-24.pdf")
    dialog.reject()
    screen.export(tmp_path / "risk.pdf", "pdf")
    head_office.wait_idle(qtbot)
    assert screen.saved_label.text() == f"Saved {tmp_path / 'risk.pdf'}"
    screen.export(tmp_path / "risk.csv", "csv")
    head_office.wait_idle(qtbot)

    assert screen.saved_label.text() == f"Saved {tmp_path / 'risk.csv'}"
    text = pdf_text((tmp_path / "risk.pdf").read_bytes(), tmp_path)
    assert "Risk dashboard" in text and "As of 2026-11-24" in text
    assert "KES 48,600,000.00" in text and "5.23%" in text and "7.43%" in text
    assert "Wekeza Hardware Ltd" in text and "BR-M4T8-000027-Q" in text
    rows = list(csv.DictReader(io.StringIO((tmp_path / "risk.csv").read_bytes().decode("utf-8-sig"))))
    [book] = [row for row in rows if (row["section"], row["subject"]) == ("loan_book", "outstanding")]
    assert (book["amount_kes"], book["npl_ratio"], book["par30_ratio"], book["count"]) == (
        "48600000.00",
        "0.0523",
        "0.0743",
        "1284",
    )
    assert len([row for row in rows if row["section"] == "history"]) == 13
    assert len([row for row in rows if row["section"] == "facility"]) == 7
    [evil] = [row for row in rows if row["subject"] == "C0005001"]
    assert evil["name"].startswith("'=HYPERLINK")  # shown as text, never run


# --- devices --------------------------------------------------------------------------------------------


def test_the_devices_show_status_last_sync_and_skew_flagged(head_office: GuiWorld, qtbot: QtBot) -> None:
    screen = open_screen(DevicesScreen, head_office, qtbot, FakeHeadOffice())
    log_in(head_office, screen, qtbot)
    model = screen.model
    rows = {cells(model, row)[0]: cells(model, row) for row in range(model.rowCount())}
    row_of = {cells(model, row)[0]: row for row in range(model.rowCount())}
    m = DeviceTableModel
    assert (
        rows["M4T8"][m.CLOCK] == "10 min ahead"
        and flag_of(model, row_of["M4T8"], m.CLOCK) == Flag.ALARM.value[0]
    )
    assert (
        rows["P3Q9"][m.LAST_SYNC] == "never"
        and flag_of(model, row_of["P3Q9"], m.LAST_SYNC) == Flag.CAUTION.value[0]
    )
    assert rows["K7Q2"][m.LAST_SYNC] == "24 Nov 19:40" and rows["K7Q2"][m.LAST_SEEN] == "24 Nov 19:58"
    assert (rows["R2D4"][m.STATUS], rows["R2D4"][m.NOTE]) == ("Frozen", "Its journal forked at entries 1-3")
    assert flag_of(model, row_of["W6H1"], m.DEVICE) == Flag.MUTED.value[0]  # revoked: greyed
    assert (
        rows["X9P3"][m.LOCATION] == "AG-0042 · Mama Mboga Shop, Kibera" and rows["X9P3"][m.CHANNEL] == "Agent"
    )
    assert screen.heading.text() == (
        "6 device(s): 4 active, 1 frozen, 1 revoked; 1 with the clock out of step; 1 never synced."
    )
    screen.table.selectRow(row_of["M4T8"])
    assert screen.detail_label.text() == (
        "M4T8 at Nairobi CBD Branch (NBO-001), Branch: Active, enrolled 01 Nov 09:00; last synced 24 Nov 19:40 "
        "(head office holds its entries to 40); last seen 24 Nov 19:51; clock 10 min ahead (out of step)."
    )
    screen.table.selectRow(row_of["W6H1"])
    assert not screen.revoke_button.isEnabled()  # already revoked


def test_enrolling_shows_the_one_time_code_once_large_and_copyable(
    head_office: GuiWorld, qtbot: QtBot
) -> None:
    fake = FakeHeadOffice()
    screen = open_screen(DevicesScreen, head_office, qtbot, fake)
    log_in(head_office, screen, qtbot)

    qtbot.mouseClick(screen.enrol_button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, lambda: screen.enrol_dialog)
    combo = dialog.location_combo
    assert [combo.itemText(index) for index in range(combo.count())] == [
        "NBO-001 · Nairobi CBD Branch", "MSA-002 · Mombasa Moi Avenue", "AG-0042 · Mama Mboga Shop, Kibera",
    ]  # fmt: skip
    combo.setCurrentIndex(2)
    assert dialog.channel_label.text() == "Agent"
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    head_office.wait_idle(qtbot)

    assert ("issue_enrolment_code", "token-1", "AG-0042", Channel.AGENT) in fake.calls
    shown = wait_for_dialog(qtbot, lambda: screen.code_dialog)
    assert shown.code_label.text() == "7KQ2-M4T8-X9P3"
    assert shown.code_label.font().pointSizeF() >= 2 * QApplication.font().pointSizeF()
    assert (
        "until 27 Nov 20:00" in shown.expiry_label.text()
        and "only time it is shown" in shown.expiry_label.text()
    )
    qtbot.mouseClick(shown.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "7KQ2-M4T8-X9P3"
    assert screen.result_label.text() == "Device T5V8 may now be enrolled at AG-0042 with the code shown."
    shown.reject()
    head_office.wait_idle(qtbot)
    assert screen.code_dialog is None and fake.calls[-1][0] == "devices"  # the list read again


def test_revoking_asks_why_then_confirms_and_enter_keeps_the_device(
    head_office: GuiWorld, qtbot: QtBot
) -> None:
    fake = FakeHeadOffice()
    screen = open_screen(DevicesScreen, head_office, qtbot, fake)
    log_in(head_office, screen, qtbot)
    row_of = {cells(screen.model, row)[0]: row for row in range(screen.model.rowCount())}
    screen.table.selectRow(row_of["P3Q9"])

    screen.revoke_button.click()
    dialog = wait_for_dialog(qtbot, lambda: screen.revoke_dialog)
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error_label.text() == (
        "Say why the device is revoked: head office keeps the reason."
    )
    qtbot.keyClicks(dialog.reason_edit, "Laptop stolen from the branch")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    box = wait_for_dialog(qtbot, lambda: screen.confirm_box)
    assert isinstance(box, QMessageBox) and "Revoke P3Q9 at Nairobi CBD Branch now?" in box.text()
    assert box.defaultButton().objectName() == "revokeConfirmNo"  # Enter keeps it
    box.defaultButton().click()
    head_office.wait_idle(qtbot)
    assert not any(call[0] == "revoke_device" for call in fake.calls)

    screen._confirm_revocation(screen.current_device(), "Laptop stolen from the branch")
    box = wait_for_dialog(qtbot, lambda: screen.confirm_box)
    box.findChild(type(box.defaultButton()), "revokeConfirmYes").click()
    head_office.wait_idle(qtbot)

    assert ("revoke_device", "token-1", "P3Q9", "Laptop stolen from the branch") in fake.calls
    assert screen.result_label.text() == "P3Q9 is revoked: head office refuses what it sends from now on."
    assert cells(screen.model, row_of["P3Q9"])[DeviceTableModel.STATUS] == "Revoked"  # read again


# --- the real server ------------------------------------------------------------------------------------


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """Head office on an SQLite file (the reconciliation's `server` fixture asks for it)."""
    return sqlite_url


def test_the_screen_reads_the_real_server_s_day(
    head_office: GuiWorld,
    branch: Branch,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    client, transport = at_head_office(branch.server, tmp_path)
    assert isinstance(client, HeadOfficeClient) and isinstance(transport, httpx.WSGITransport)
    screen = open_screen(ReconciliationScreen, head_office, qtbot, client)
    screen.date_edit.setDate(QDate(2026, 11, 24))
    log_in(head_office, screen, qtbot, password=PASSWORD)

    assert screen.error_label.text() == ""
    assert screen.verdict_label.text() == "UNRESOLVED: 1 item(s) need head office"
    assert cells(screen.issue_model, 0)[:3] == ["Gap", "NBO-001", "P3Q9"]
    tills = {cells(screen.till_model, row)[2]: cells(screen.till_model, row)[-2:] for row in range(2)}
    assert tills == {
        "Wanjiru Kamau (wanjiru)": ["+100.00", "Over"],
        "Achieng Atieno (achieng)": ["-100.00", "Short"],
    }
