"""The payroll run dialog, opened from the Move screen: Wanjiru chooses Wekeza Hardware Ltd and its
November salary file, reads the report, submits the run, and once head office has approved it
prints the payment advice and exports each line's answer.

Head office is a real sync server on an SQLite file, reached over HTTP (httpx's WSGI transport);
Otieno, Nairobi's supervisor, approves the run there. Wekeza Hardware holds KES 480,000.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import update

from desktop_app.services.customers import search_customers
from desktop_app.sync.client import SyncClient
from desktop_app.sync.head_office import HeadOfficeClient
from desktop_app.sync.pull import pull_once
from desktop_app.sync.uploader import upload_once
from desktop_app.ui.dialogs.payroll_run import PayrollRunDialog
from desktop_app.ui.screens.head_office import CLIENT_KEY
from desktop_app.ui.screens.move import MoveScreen
from resources import resource_bytes
from shared_core.accounts import wallet_account
from shared_core.channels import Channel
from shared_core.roles import Role
from sync_server.app import create_app
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.approvals import decide
from sync_server.services.devices import register_device
from sync_server.services.sessions import User
from sync_server.services.users import add_user, appoint_director, new_password_hash
from sync_server.settings import Settings
from tests.device_builders import add_customer
from tests.gui.conftest import GuiWorld
from tests.gui.money_screens import (  # noqa: F401 (counter_world is a fixture)
    KES,
    counter_world,
    journal,
    show,
    wait_for_dialog,
)
from tests.server_builders import Server, add_customer_everywhere, make_server

HARDWARE = "C0009001"
STAFF = (
    ("C0001234", "23456789", "Juma Mwangi", 2),
    ("C0001301", "28765432", "Achieng Otieno", 2),
    ("C0001302", "31234567", "Mutua Kioko", 2),
    ("C0001303", "9876543", "Wanjiků Ñjoroge", 1),
)
PAYROLL = resource_bytes("demo/payroll_wekeza_hardware.csv")


@pytest.fixture
def server(sqlite_url: str) -> Iterator[Server]:
    builder = make_server(sqlite_url)
    yield next(builder)
    builder.close()


@pytest.fixture
def bank(gui: GuiWorld, server: Server) -> GuiWorld:
    """Counter K7Q2 enrolled with head office, which holds Wekeza Hardware (KES 480,000) and its staff."""
    context = gui.counter.context
    with UnitOfWork(server.database) as uow:
        register_device(
            uow.connection, device_code="K7Q2", channel=Channel.BRANCH, location_code="NBO-001",
            public_key_hex=context.device_key.public_key().public_bytes_raw().hex(), enrolled_at=server.clock.now(),
        )
        uow.commit()
    counters = [gui.counter]
    add_customer_everywhere(server, counters, HARDWARE, tier=3, national_id="PVT-2016-48213",
                            full_name="Wekeza Hardware Ltd", phone="254720555100")
    for cif, national_id, name, tier in STAFF:
        add_customer_everywhere(server, counters, cif, tier=tier, national_id=national_id, full_name=name)
    # Its money, as head office holds it and the counter last pulled it.
    with UnitOfWork(server.database) as uow:
        a = schema.accounts.c
        uow.connection.execute(
            update(schema.accounts).where(a.account == wallet_account(HARDWARE)).values(balance_cents=-48_000_000)
        )
        uow.commit()
    add_customer(gui.counter, HARDWARE, tier=3, balance=KES(480_000), national_id="PVT-2016-48213",
                 full_name="Wekeza Hardware Ltd", phone="254720555100")
    gui.server = server  # type: ignore[attr-defined]
    return gui


def head_office_app(server: Server):
    settings = Settings(database_url=server.database.url, data_dir=Path(server.database.url[10:]).parent / "srv")
    return create_app(settings, server.database, server_key=server.key, clock=server.clock)


def sync(world: GuiWorld, server: Server) -> None:
    client = SyncClient("http://wekeza.test", transport=httpx.WSGITransport(app=head_office_app(server)))
    upload_once(world.counter.context, client, server.key.public_key(), entries_max=100)
    pull_once(world.counter.context, client, server.key.public_key())
    world.events.entries_changed.emit()  # as the sync loop announces a pull


def open_dialog(world: GuiWorld, qtbot) -> PayrollRunDialog:
    screen = show(qtbot, MoveScreen(world.backend, world.tasks, world.events))
    assert screen.payroll_button.isVisibleTo(screen)
    qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    dialog = wait_for_dialog(qtbot, lambda: screen.payroll_dialog)
    assert isinstance(dialog, PayrollRunDialog)
    return dialog


def choose_employer(world: GuiWorld, qtbot, dialog: PayrollRunDialog) -> None:
    """Wekeza Hardware, found by name as the clerk types it: its registration number shows as it is."""
    (hardware,) = search_customers(world.counter.context, "wekeza")
    assert (hardware.cif, hardware.masked_national_id) == (HARDWARE, "PVT-2016-48213")
    dialog.employer_picker.choose(hardware)
    world.wait_idle(qtbot)


def read_file(world: GuiWorld, qtbot, dialog: PayrollRunDialog, data: bytes, tmp_path: Path) -> None:
    """The clerk picks the file in the file dialog: what its fileSelected does."""
    path = tmp_path / "payroll-november.csv"
    path.write_bytes(data)
    dialog.load(path)
    world.wait_idle(qtbot)


def test_wanjiru_submits_the_november_payroll_and_prints_the_advice_once_approved(
    bank: GuiWorld, qtbot, tmp_path: Path
) -> None:
    dialog = open_dialog(bank, qtbot)
    choose_employer(bank, qtbot, dialog)
    bank.wait_idle(qtbot)
    assert dialog.file_button.hasFocus()
    read_file(bank, qtbot, dialog, PAYROLL, tmp_path)
    assert dialog.summary_label.text() == (
        "Accepted: 4 lines, total KES 117,450.50, paid on 2026-11-27 (UTF-8 with BOM, comma separated). "
        "Check it against the employer's letter, then submit."
    )
    lines = dialog.report_view.model()
    assert [lines.cell(line, 1) for line in lines.rows] == [name for _, _, name, _ in STAFF]
    assert dialog.submit_button.isEnabled() and dialog.submit_button.hasFocus()
    assert journal(bank) == []  # nothing is submitted by reading

    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.last_posted is not None)
    bank.wait_idle(qtbot)
    reference = dialog.last_posted.entry.reference
    assert dialog.result_label.text() == (
        f"Payroll run {reference}: 4 lines, KES 117,450.50, pending until a checker at head office approves it."
    )
    assert not dialog.submit_button.isEnabled()
    runs = dialog.runs_model
    assert [runs.cell(run, runs.STATUS) for run in runs.rows] == ["Pending"]
    dialog.runs_view.selectRow(0)
    assert not dialog.advice_button.isEnabled()  # nothing to print before head office answers

    server: Server = bank.server  # type: ignore[attr-defined]
    sync(bank, server)
    sequence = dialog.last_posted.entry.sequence
    otieno = User("otieno", "Otieno Odhiambo", Role.SUPERVISOR, "NBO-001")
    outcome = decide(server.database, checker=otieno, device_code="K7Q2", sequence=sequence, decision="approved",
                     reason=None, now=server.clock.now(), limit_table=server.limit_table)
    assert outcome.status.value == "booked"
    sync(bank, server)
    bank.wait_idle(qtbot)
    assert [runs.cell(run, runs.STATUS) for run in runs.rows] == ["Confirmed · 4 of 4 paid"]
    dialog.runs_view.selectRow(0)
    assert dialog.advice_button.isEnabled() and dialog.export_button.isEnabled()

    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    advice = wait_for_dialog(qtbot, lambda: dialog.advice_dialog)
    assert advice.windowTitle() == f"Payment advice PR-K7Q2-{sequence:06d}"
    advice.close()
    dialog.export(sequence, tmp_path / "answers.csv")
    bank.wait_idle(qtbot)
    assert dialog.exported_to == tmp_path / "answers.csv"
    exported = (tmp_path / "answers.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert exported[1] == "3,*****789,wallet:C0001234,Juma Mwangi,25000.00,Paid,,"


def test_a_file_with_problems_shows_each_by_row_and_column_and_cannot_be_submitted(
    bank: GuiWorld, qtbot, tmp_path: Path
) -> None:
    dialog = open_dialog(bank, qtbot)
    choose_employer(bank, qtbot, dialog)
    bad = PAYROLL.replace(b"28765432,wallet:C0001301", b"28765432,wallet:C0009999")
    read_file(bank, qtbot, dialog, bad, tmp_path)
    assert dialog.summary_label.text() == (
        "Refused: 1 problems. Nothing is submitted; correct the spreadsheet and choose the file again."
    )
    report = dialog.report_view.model()
    assert [[report.cell(problem, column) for column in range(3)] for problem in report.rows] == [
        ["4", "B (Account)", "The bank holds no account wallet:C0009999 [unknown_account]"]
    ]
    assert not dialog.submit_button.isEnabled()
    dialog.submit()
    bank.wait_idle(qtbot)
    assert journal(bank) == []


def test_an_employer_without_the_total_is_refused_in_the_dialog(bank: GuiWorld, qtbot, tmp_path: Path) -> None:
    add_customer(bank.counter, HARDWARE, tier=3, balance=KES(100_000), national_id="PVT-2016-48213",
                 full_name="Wekeza Hardware Ltd", phone="254720555100")
    dialog = open_dialog(bank, qtbot)
    choose_employer(bank, qtbot, dialog)
    read_file(bank, qtbot, dialog, PAYROLL, tmp_path)
    dialog.submit()
    bank.wait_idle(qtbot)
    assert dialog.error_label.text() == (
        "Wekeza Hardware Ltd's account holds KES 100,000.00 to spend; this payroll needs KES 117,450.50 "
        "[insufficient_funds]"
    )
    assert dialog.submit_button.isEnabled() and journal(bank) == []


def test_an_agent_sees_no_payroll_button(counter_world, qtbot) -> None:  # noqa: F811 (a fixture)
    world = counter_world(channel=Channel.AGENT)
    screen = show(qtbot, MoveScreen(world.backend, world.tasks, world.events))
    assert not screen.payroll_button.isVisibleTo(screen)


KIPTOO_PASSWORD = "Kiptoo-director-2026"


def test_the_director_approves_the_run_at_the_counter_with_their_own_login(
    bank: GuiWorld, qtbot, tmp_path: Path
) -> None:
    """Mr Kiptoo, Wekeza Hardware's director, stands at Wanjiru's counter: he types his head office
    login into her PC and approves the run she made; the pull then brings each line's answer."""
    server: Server = bank.server  # type: ignore[attr-defined]
    with UnitOfWork(server.database) as uow:
        add_user(uow.connection, user_id="kiptoo", display_name="Kiptoo Rono", role=Role.DIRECTOR,
                 location_code=None, password_hash=new_password_hash(KIPTOO_PASSWORD))
        appoint_director(uow.connection, cif=HARDWARE, user_id="kiptoo")
        uow.commit()
    bank.backend.extras[CLIENT_KEY] = HeadOfficeClient(
        "http://wekeza.test", transport=httpx.WSGITransport(app=head_office_app(server))
    )
    dialog = open_dialog(bank, qtbot)
    choose_employer(bank, qtbot, dialog)
    read_file(bank, qtbot, dialog, PAYROLL, tmp_path)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.last_posted is not None)
    sync(bank, server)
    bank.wait_idle(qtbot)
    dialog.runs_view.selectRow(0)
    assert dialog.checker_button.isEnabled()

    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    checker = wait_for_dialog(qtbot, lambda: dialog.checker_dialog)
    assert checker.windowTitle() == "Approve payroll run PR-K7Q2-000001"
    assert checker.findChild(QLabel, "payrollCheckerRun").text() == (
        "Wekeza Hardware Ltd: 4 lines, total KES 117,450.50, paid on 2026-11-27. Made by Wanjiru Kamau (wanjiru)."
    )
    checker.user_edit.setText("kiptoo")
    checker.password_edit.setText("not-his-password")
    checker.approve_button.click()
    qtbot.waitUntil(lambda: checker.error_label.text() != "")
    assert checker.error_label.text().endswith("[authentication_failed]")
    assert checker.password_edit.text() == ""  # sent once, never kept

    checker.password_edit.setText(KIPTOO_PASSWORD)
    checker.reject_button.click()  # rejecting needs a reason: refused here, nothing sent
    assert checker.error_label.text() == "Say why the run is rejected: a rejection without a reason is refused."
    checker.password_edit.setText(KIPTOO_PASSWORD)
    checker.approve_button.click()
    qtbot.waitUntil(lambda: checker.decision is not None)

    assert checker.decision.checker == "kiptoo" and checker.decision.booked
    assert dialog.result_label.text() == (
        "Head office: Approved by kiptoo; run PR-K7Q2-000001: 4 of 4 lines paid (KES 117,450.50). "
        "Each line's answer reaches this counter with the next sync."
    )
    sync(bank, server)
    bank.wait_idle(qtbot)
    runs = dialog.runs_model
    assert [runs.cell(run, runs.STATUS) for run in runs.rows] == ["Confirmed · 4 of 4 paid"]
    dialog.runs_view.selectRow(0)
    assert not dialog.checker_button.isEnabled()  # decided: nothing more to approve

