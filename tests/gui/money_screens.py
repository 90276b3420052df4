"""What the money screens' tests share: a counter of their own (another allowance), the
screen shown, a customer chosen by keyboard, and the journal read back as an auditor reads it.

    world = counter_world(allowance_out=KES(1_000))   # a fixture: the gui fixture's world, rebuilt
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop_app.services.till import open_till
from desktop_app.store import journal as stored_journal
from desktop_app.ui.backend import Backend
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.customer_picker import CustomerPicker
from shared_core.journal import JournalEntry
from shared_core.money import Money
from tests.device_builders import add_customer, make_counter
from tests.gui.conftest import JUMA, JUMA_BALANCE, GuiWorld

KES = Money.shillings


@dataclass(frozen=True, slots=True)
class Booked:
    """One journal entry as an auditor lists it."""

    sequence: int
    kind: str
    amount: Money
    customer_cif: str | None
    user_id: str
    approved_by: str | None


def journal(world: GuiWorld) -> list[Booked]:
    with world.counter.store.read() as connection:
        entries: list[JournalEntry] = []
        head = stored_journal.head(connection)
        for sequence in range(1, (head.sequence if head else 0) + 1):
            entry = stored_journal.entry_at(connection, sequence)
            assert entry is not None
            entries.append(entry)
    return [
        Booked(
            entry.sequence,
            entry.kind.value,
            Money(entry.body["amount_cents"]),
            stored_journal.details_of(entry).customer_cif,
            entry.user_id,
            entry.approved_by,
        )
        for entry in entries
    ]


def open_the_till(world: GuiWorld, opening_float: Money = KES(200_000)) -> None:
    open_till(world.counter.context, world.counter.teller, opening_float=opening_float)


def show(qtbot, screen: Screen) -> Screen:  # noqa: ANN001
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    with qtbot.waitActive(screen):  # keys and focus go to the active window, as on the teller's PC
        screen.activateWindow()
    screen.activated()
    return screen


def choose_customer(qtbot, picker: CustomerPicker, typed: str) -> None:  # noqa: ANN001
    """Type into the search field and press Enter, as a teller does: one match is chosen."""
    picker.search_edit.setFocus()
    qtbot.keyClicks(picker.search_edit, typed)
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.customer is not None, timeout=5_000)


def wait_for_dialog(qtbot, find: Callable[[], QDialog | None]) -> QDialog:  # noqa: ANN001
    qtbot.waitUntil(lambda: find() is not None and find().isVisible(), timeout=10_000)
    dialog = find()
    assert dialog is not None
    return dialog


@pytest.fixture
def counter_world(tmp_path: Path, qtbot) -> Iterator[Callable[..., GuiWorld]]:  # noqa: ANN001
    """The gui fixture's world (a branch counter, Juma with KES 50,000, the teller logged in)
    built with other make_counter options, e.g. a smaller offline allowance."""
    worlds: list[GuiWorld] = []

    def build(**options: object) -> GuiWorld:
        data_dir = tmp_path / f"world{len(worlds)}"
        data_dir.mkdir()
        counter = make_counter(data_dir, **options)  # type: ignore[arg-type]
        add_customer(counter, JUMA, balance=JUMA_BALANCE)
        tasks = Tasks()
        world = GuiWorld(
            counter, Backend(context=counter.context, session=counter.teller), tasks, AppEvents()
        )
        worlds.append(world)
        return world

    yield build
    for world in worlds:
        world.tasks.wait_for_done(10_000)
        world.counter.store.close()
