"""The Exceptions screen as head office and a branch supervisor meet it, offscreen, against a fake head
office that works exceptions by shared_core's own rules (tests/exception_builders.py), and once
against the real server over HTTP.

    EX-1  offline overdraft of KES 6,000.00 on Juma's wallet, raised by M4T8's payment of KES 8,000
    Njeri (head office) assigns it to Otieno; Otieno proposes writing it off, and may not approve it
    himself; Njeri approves: resolved, head office's entry HO-0000-000001-? booked.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.services.context import Session
from desktop_app.sync.client import ServerRefused
from desktop_app.sync.head_office import HeadOfficeClient
from desktop_app.ui.dialogs.exception_step import ExceptionStepDialog
from desktop_app.ui.screens.exceptions import ExceptionsScreen
from desktop_app.ui.screens.exceptions_tables import ExceptionTableModel
from desktop_app.ui.screens.head_office import CLIENT_KEY
from desktop_app.ui.widgets.flagged_table import Flag
from shared_core.exception_resolution import Correction, CorrectionKind
from shared_core.exception_steps import ExceptionStep, StepAction
from shared_core.money import Money
from shared_core.roles import Role
from tests.exception_builders import HEAD_OFFICE_PASSWORD, FakeExceptionDesk, overdraft_summary
from tests.gui.conftest import GuiWorld
from tests.gui.money_screens import wait_for_dialog
from tests.integration.test_exception_work import PASSWORD, add_workers, overdraw
from tests.server_builders import Server, make_server

NJERI = Session(user_id="njeri", display_name="Njeri Wambui", role=Role.HEAD_OFFICE)
OTIENO = Session(user_id="otieno", display_name="Otieno Odhiambo", role=Role.SUPERVISOR)
S = StepAction


@pytest.fixture
def desk() -> FakeExceptionDesk:
    return FakeExceptionDesk()


def at_the_pc(world: GuiWorld, session: Session) -> GuiWorld:
    world.log_in_as(session)
    world.counter.context.is_online = lambda: True
    return world


def open_screen(world: GuiWorld, qtbot: QtBot, client: object, password: str = HEAD_OFFICE_PASSWORD) -> ExceptionsScreen:
    screen = ExceptionsScreen(world.backend, world.tasks, world.events, client=client)  # type: ignore[arg-type]
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activated()
    world.wait_idle(qtbot)
    qtbot.keyClicks(screen.password_edit, password)
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    world.wait_idle(qtbot)
    return screen


def enabled(screen: ExceptionsScreen) -> set[StepAction]:
    return {action for action, button in screen.step_buttons.items() if button.isEnabled()}


def history(screen: ExceptionsScreen) -> list[str]:
    return [screen.history.item(row).text() for row in range(screen.history.count())]


def take(world: GuiWorld, screen: ExceptionsScreen, qtbot: QtBot, action: StepAction, *, note: str = "",
         assignee: str = "", amount: str | None = None) -> ExceptionStepDialog:
    """Press the step's button, fill its dialog in and press Enter."""
    qtbot.mouseClick(screen.step_buttons[action], Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, lambda: screen.step_dialog)
    if assignee:
        qtbot.keyClicks(dialog.assignee_edit, assignee)
    if amount is not None:
        dialog.amount_edit.clear()
        qtbot.keyClicks(dialog.amount_edit, amount)
    if note:
        qtbot.keyClicks(dialog.note_edit, note)
    dialog.accept()
    world.wait_idle(qtbot)
    return dialog


def test_njeri_sees_the_open_exception_its_entry_and_what_she_may_do(
    gui: GuiWorld, qtbot: QtBot, desk: FakeExceptionDesk
) -> None:
    screen = open_screen(at_the_pc(gui, NJERI), qtbot, desk)
    assert screen.error_label.text() == ""
    assert screen.heading.text() == "1 exception(s): 1 open, 0 with a proposal waiting for a checker."
    assert [screen.model.data(screen.model.index(0, column)) for column in range(7)] == [
        "EX-1", "Open", "Offline overdraft", "M4T8 · NBO-001", "Juma Mwangi", "6,000.00", "—"]
    detail = screen.detail_label.text()
    assert "EX-1: Offline overdraft, KES 6,000.00 on wallet:C0001234" in detail
    assert "BR-M4T8-000002-3 (cash withdrawal of KES 8,000.00 for Juma Mwangi, by achieng at device M4T8" in detail
    assert history(screen) == ["Nothing done yet."]
    assert enabled(screen) == {S.ASSIGN, S.COMMENT, S.PROPOSE}  # nothing proposed: nothing to approve


def test_assigned_proposed_and_approved_by_another_every_step_in_the_history(
    gui: GuiWorld, qtbot: QtBot, desk: FakeExceptionDesk
) -> None:
    screen = open_screen(at_the_pc(gui, NJERI), qtbot, desk)
    take(gui, screen, qtbot, S.ASSIGN, assignee="otieno", note="Your branch")
    assert screen.result_label.text() == "EX-1 is assigned to otieno."
    assert screen.model.data(screen.model.index(0, ExceptionTableModel.ASSIGNED)) == "otieno"

    dialog = take(gui, screen, qtbot, S.PROPOSE, note="Two counters paid him offline")
    assert dialog.amount_edit.text() == "6,000.00"  # the exception's amount, offered
    assert screen.result_label.text() == "Your correction of EX-1 waits for another user's approval."
    assert screen.model.data(screen.model.index(0, ExceptionTableModel.STATUS)) == "Open, proposal waiting"
    assert enabled(screen) == {S.ASSIGN, S.COMMENT}  # Njeri proposed it: she may not approve it

    screen.close()
    screen = open_screen(at_the_pc(gui, Session("amina", "Amina Hassan", Role.HEAD_OFFICE)), qtbot, desk)
    assert enabled(screen) == {S.ASSIGN, S.COMMENT, S.APPROVE, S.REJECT}
    approve = take(gui, screen, qtbot, S.APPROVE)
    assert approve.findChild(type(approve.error_label), "exceptionStepProposal").text() == (
        "Approving books: Write off (the bank bears the loss) KES 6,000.00")
    assert screen.result_label.text().startswith("EX-1 is resolved. Head office booked HO-0000-000001-")
    assert screen.booked_label.text().startswith("Booked by head office as HO-0000-000001-")
    assert "expense:offline_overdrafts_written_off debited KES 6,000.00; wallet:C0001234 credited KES 6,000.00" \
        in screen.booked_label.text()
    lines = history(screen)
    assert [line.split(" · ", 1)[1] for line in lines] == [
        "njeri assigned it to otieno — Your branch",
        "njeri proposed: Write off (the bank bears the loss) KES 6,000.00 — Two counters paid him offline",
        "amina approved: Write off (the bank bears the loss) KES 6,000.00",
    ]
    assert enabled(screen) == set()  # resolved: nothing more to do
    assert screen.model.data(screen.model.index(0, ExceptionTableModel.STATUS)) == "Resolved"
    qtbot.mouseClick(screen.refresh_button, Qt.MouseButton.LeftButton)  # the open ones, read again
    gui.wait_idle(qtbot)
    assert screen.model.rowCount() == 0 and screen.heading.text().startswith("0 exception(s)")


def test_the_supervisor_proposes_and_may_not_approve_his_own_and_a_refusal_shows_in_red(
    gui: GuiWorld, qtbot: QtBot, desk: FakeExceptionDesk
) -> None:
    screen = open_screen(at_the_pc(gui, OTIENO), qtbot, desk)
    take(gui, screen, qtbot, S.PROPOSE, note="He owes it", amount=None)
    assert S.APPROVE not in enabled(screen)
    # Were the button pressed all the same (a stale screen), head office refuses: its words in red.
    step = ExceptionStep(str(uuid.uuid4()), S.APPROVE)
    screen.take(1, step)
    gui.wait_idle(qtbot)
    assert screen.error_label.isVisible()
    assert screen.error_label.text() == "The maker of an item may not approve it; ask another supervisor [maker_is_checker]"


def test_a_supervisor_of_another_branch_sees_none_of_nairobi_s(gui: GuiWorld, qtbot: QtBot,
                                                              desk: FakeExceptionDesk) -> None:
    mwende = Session(user_id="mwende", display_name="Mwende Musyoka", role=Role.SUPERVISOR)
    screen = open_screen(at_the_pc(gui, mwende), qtbot, desk)
    assert screen.model.rowCount() == 0 and enabled(screen) == set()
    assert screen.heading.text().startswith("0 exception(s)")


def test_the_dialog_refuses_a_step_that_could_not_be_sent(gui: GuiWorld, qtbot: QtBot) -> None:
    summary = overdraft_summary()
    comment = ExceptionStepDialog(S.COMMENT, summary)
    qtbot.addWidget(comment)
    comment.accept()
    assert comment.step() is None and comment.error_label.text() == "Write why: the others working it will read it."
    propose = ExceptionStepDialog(S.PROPOSE, summary)
    qtbot.addWidget(propose)
    assert [propose.correction_combo.itemText(i) for i in range(propose.correction_combo.count())] == [
        "Write off (the bank bears the loss)", "Recover from the customer (no entry)"]
    propose.amount_edit.set_amount(Money.shillings(6_001))
    qtbot.keyClicks(propose.note_edit, "Too much")
    propose.accept()
    assert propose.error_label.text() == "A correction may not be more than the exception's KES 6,000.00."
    propose.correction_combo.setCurrentIndex(1)  # recovering books nothing: no amount asked
    assert not propose.amount_edit.isEnabled()
    propose.accept()
    step = propose.step()
    assert step is not None and step.correction == Correction(CorrectionKind.RECOVER_FROM_CUSTOMER, Money(0))
    assign = ExceptionStepDialog(S.ASSIGN, summary)
    qtbot.addWidget(assign)
    assign.accept()
    assert assign.error_label.text() == "Name the user who is to work it."


def test_the_table_flags_what_needs_a_look(qtbot: QtBot) -> None:
    from dataclasses import replace

    from shared_core.exception_resolution import ExceptionStatus

    model = ExceptionTableModel()
    open_one = overdraft_summary(3)
    waiting = replace(overdraft_summary(2), proposal_pending=True)
    resolved = replace(overdraft_summary(1), status=ExceptionStatus.RESOLVED)
    model.set_rows([open_one, waiting, resolved])

    def flag(row: int) -> str | None:
        brush = model.data(model.index(row, ExceptionTableModel.STATUS), Qt.ItemDataRole.ForegroundRole)
        return None if brush is None else brush.color().name()

    assert [flag(row) for row in range(3)] == [
        Flag.ALARM.foreground.color().name(), Flag.CAUTION.foreground.color().name(),
        Flag.GOOD.foreground.color().name()]
    assert model.data(model.index(2, ExceptionTableModel.STATUS)) == "Resolved"
    assert model.data(model.index(0, ExceptionTableModel.DEVICE), Qt.ItemDataRole.ToolTipRole) == "BR-M4T8-000002-3"


def test_head_office_and_supervisors_find_it_after_devices_and_tellers_do_not(
    gui: GuiWorld, qtbot: QtBot, desk: FakeExceptionDesk
) -> None:
    gui.backend.extras[CLIENT_KEY] = desk
    window = gui.main_window(qtbot)
    assert "exceptions" not in window.screens  # the teller
    window.close()
    for session in (NJERI, OTIENO):
        at_the_pc(gui, session)
        window = gui.main_window(qtbot)
        keys = list(window.screens)
        assert keys[-2:] == ["exceptions", "sync"]
        assert window.navigation.item(keys.index("exceptions")).text() == "Exceptions"
        window.close()


# --- against the real server ---------------------------------------------------------------------------


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    return sqlite_url


@pytest.fixture
def overdrawn_server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    """The integration tests' bank on SQLite, Juma overdrawn by two counters: EX-1 open."""
    builder = make_server(database_url)
    server = next(builder)
    add_workers(server)
    overdraw(server, tmp_path / "counters")
    yield server
    builder.close()


def test_the_screen_works_the_real_server_s_exception(
    gui: GuiWorld, qtbot: QtBot, overdrawn_server: Server, tmp_path: Path
) -> None:
    import httpx

    from sync_server.app import create_app
    from sync_server.settings import Settings

    server = overdrawn_server
    settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
    app = create_app(settings, server.database, server_key=server.key, clock=server.clock)
    client = HeadOfficeClient("http://wekeza.test/", transport=httpx.WSGITransport(app=app))
    screen = open_screen(at_the_pc(gui, Session("amina", "Amina Hassan", Role.HEAD_OFFICE)), qtbot, client,
                         password=PASSWORD)
    assert screen.error_label.text() == ""
    assert screen.model.rowCount() == 1 and screen.current_summary().code == "offline_overdraft"
    take(gui, screen, qtbot, S.ASSIGN, assignee="otieno")
    take(gui, screen, qtbot, S.COMMENT, note="Checked with the branch")
    assert [line.split(" · ", 1)[1] for line in history(screen)] == [
        "amina assigned it to otieno", "amina commented — Checked with the branch"]
    refused = take(gui, screen, qtbot, S.ASSIGN, assignee="wanjiru")  # a teller works no exceptions
    assert refused.step() is not None
    assert screen.error_label.text().endswith("[assignee_not_permitted]")
    with pytest.raises(ServerRefused):  # the same refusal through the client, for the record
        client.take_exception_step(client.log_in("amina", PASSWORD), 1,
                                   ExceptionStep(str(uuid.uuid4()), S.ASSIGN, assignee="wanjiru"))
    client.close()
