"""The Customers screen as Wanjiru uses it at Nairobi CBD: find Juma by name, national ID or phone,
open his profile, register a walk-in customer with the photo of their ID card, and ask head office
to raise Juma's KYC tier with Otieno's approval. Each flow checks what the teller sees and what
the journal holds afterwards; each refusal, that the reason is on screen and nothing was written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from desktop_app.services.cash import deposit_cash
from desktop_app.services.customers import CustomerSummary
from desktop_app.services.till import open_till
from desktop_app.store import schema
from desktop_app.store.journal import details_of
from desktop_app.ui.backend import Backend
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.customers import CustomerSearchTableModel, CustomersScreen
from desktop_app.ui.tasks import Tasks
from shared_core.channels import Channel
from shared_core.kyc import Evidence
from shared_core.money import Money
from shared_core.operations import Nature, spec_of
from tests.device_builders import SUPERVISOR_PASSWORD, Counter, add_customer, make_counter
from tests.gui.conftest import JUMA, GuiWorld
from tests.server_builders import journal

CTRL = Qt.KeyboardModifier.ControlModifier


def id_photo_file(folder: Path, name: str = "id.png", size: tuple[int, int] = (4, 3)) -> Path:
    """A small PNG, as a phone's camera app would save it."""
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor("gray"))
    path = folder / name
    assert image.save(str(path), "PNG")
    return path


def make_screen(world: GuiWorld, qtbot) -> CustomersScreen:  # noqa: ANN001
    screen = CustomersScreen(world.backend, world.tasks, world.events)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    screen.activated()
    world.wait_idle(qtbot)
    return screen


@pytest.fixture
def screen(gui: GuiWorld, qtbot) -> CustomersScreen:  # noqa: ANN001
    return make_screen(gui, qtbot)


def search(screen: CustomersScreen, gui: GuiWorld, qtbot, text: str) -> None:  # noqa: ANN001
    screen.search_edit.setFocus()
    qtbot.keyClicks(screen.search_edit, text)
    qtbot.waitUntil(lambda: not screen.busy, timeout=5_000)  # the debounce ran and the worker answered
    gui.wait_idle(qtbot)


def result_rows(screen: CustomersScreen) -> list[list[str]]:
    model = screen.search_model
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def table_rows(view) -> list[list[str]]:  # noqa: ANN001
    model = view.model()
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def open_juma(screen: CustomersScreen, gui: GuiWorld, qtbot) -> None:  # noqa: ANN001
    search(screen, gui, qtbot, "Juma")
    qtbot.keyClick(screen.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(screen.results_view, Qt.Key.Key_Return)
    gui.wait_idle(qtbot)
    assert screen.name_label.text() == "Juma Mwangi"


def choose_photo(picker_owner, gui: GuiWorld, qtbot, path: Path) -> None:  # noqa: ANN001
    """Through the file dialog, as the teller does: the button, the file, Open."""
    picker = picker_owner.photo_picker
    qtbot.mouseClick(picker.choose_button, Qt.MouseButton.LeftButton)
    assert picker.file_dialog is not None and picker.file_dialog.isVisible()
    picker.file_dialog.selectFile(str(path))
    picker.file_dialog.accept()
    gui.wait_idle(qtbot)


def tick_evidence(dialog, qtbot, *evidence: Evidence) -> None:  # noqa: ANN001
    """Space on each box, as a teller tabbing through the list does."""
    for item in evidence:
        box = dialog.evidence.boxes[item]
        assert box.isEnabled(), f"{item} is asked for by the chosen tier"
        qtbot.keyClick(box, Qt.Key.Key_Space)
        assert box.isChecked()


def entry_kinds(counter: Counter) -> list[str]:
    return [entry.kind.value for entry in journal(counter)]


def documents(counter: Counter) -> list:
    with counter.store.read() as connection:
        return connection.execute(select(schema.customer_documents)).all()


# --- search ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Juma", "jum mwa", "23456789", "0712 345 678", "254712"])
def test_typing_a_name_national_id_or_phone_finds_juma_with_his_id_masked(
    screen: CustomersScreen, gui: GuiWorld, qtbot, typed: str  # noqa: ANN001
) -> None:
    search(screen, gui, qtbot, typed)
    assert result_rows(screen) == [["Juma Mwangi", "C0001234", "*****789", "0712 345 678", "2"]]
    assert screen.search_hint.text() == "1 found: Down or Enter to choose"


def test_a_search_that_finds_nobody_says_so(
    screen: CustomersScreen, gui: GuiWorld, qtbot  # noqa: ANN001
) -> None:
    search(screen, gui, qtbot, "Zawadi")
    assert result_rows(screen) == [] and screen.search_hint.text() == "No customer matches"


def test_an_answer_to_an_older_search_never_overwrites_a_newer_one(
    screen: CustomersScreen, gui: GuiWorld, qtbot  # noqa: ANN001
) -> None:
    add_customer(gui.counter, "C0000002", national_id="34567890", full_name="Amina Hassan",
                 phone="254733000000")
    shown: list[list[str]] = []
    screen.search_model.modelReset.connect(lambda: shown.append([row[0] for row in result_rows(screen)]))
    screen.search_edit.setText("Juma")
    screen.search_now()
    screen.search_edit.setText("Amina")
    screen.search_now()  # asked before the first answer came back
    gui.wait_idle(qtbot)
    assert shown == [["Amina Hassan"]]  # Juma's answer arrived stale and was dropped, never shown


def test_the_search_table_model_masks_ids_and_marks_provisional_cifs_without_a_window() -> None:
    model = CustomerSearchTableModel()
    model.set_rows([CustomerSummary("PK7Q20000007", "Baraka Otieno", "*****543", "254722000111", 1, True)])
    assert model.rowCount() == 1 and model.columnCount() == 5
    assert model.index(0, model.CIF).data() == "PK7Q20000007 (provisional)"
    assert model.index(0, model.NATIONAL_ID).data() == "*****543"
    assert model.index(0, model.PHONE).data() == "0722 000 111"
    assert model.headerData(model.TIER, Qt.Orientation.Horizontal) == "KYC tier"


# --- the profile -------------------------------------------------------------------------------------


def test_the_keyboard_opens_juma_profile_with_his_accounts_tier_limits_and_recent_entries(
    screen: CustomersScreen, gui: GuiWorld, qtbot  # noqa: ANN001
) -> None:
    counter = gui.counter
    open_till(counter.context, counter.teller, opening_float=Money.shillings(100_000))
    deposit = deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=Money.shillings(2_500))

    qtbot.keyClick(screen, Qt.Key.Key_F, CTRL)
    assert screen.search_edit.hasFocus()
    qtbot.keyClicks(screen.search_edit, "23456789")
    qtbot.keyClick(screen.search_edit, Qt.Key.Key_Return)  # before the pause ends: searches now, then goes on
    gui.wait_idle(qtbot)
    assert screen.results_view.hasFocus() and screen.results_view.currentIndex().row() == 0
    qtbot.keyClick(screen.results_view, Qt.Key.Key_Return)
    gui.wait_idle(qtbot)

    assert screen.name_label.text() == "Juma Mwangi"
    assert screen.cif_label.text() == "C0001234"
    assert screen.national_id_label.text() == "*****789"
    assert screen.tier_label.text() == "Tier 2"
    assert screen.limits_title.text() == "What Tier 2 allows"
    assert table_rows(screen.limits_view) == [
        ["At a branch", "KES 500,000.00", "KES 1,000,000.00", "KES 1,000,000.00"],
        ["At an agent", "KES 100,000.00", "KES 250,000.00", "KES 300,000.00"],
    ]
    assert table_rows(screen.accounts_view) == [["wallet:C0001234", "Wallet", "KES 52,500.00"]]
    assert table_rows(screen.recent_view) == [
        ["24 Nov 10:00", deposit.entry.reference, "Cash deposit", "2,500.00", "pending"]
    ]
    assert screen.documents_label.text() == "No photo of the ID card on file"
    assert screen.kyc_button.isEnabled()


def test_the_profile_refreshes_when_entries_change(
    screen: CustomersScreen, gui: GuiWorld, qtbot  # noqa: ANN001
) -> None:
    open_juma(screen, gui, qtbot)
    counter = gui.counter
    open_till(counter.context, counter.teller, opening_float=Money.shillings(100_000))
    deposit = deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=Money.shillings(1_000))
    gui.events.entries_changed.emit()  # as the cash screen announces its commit
    gui.wait_idle(qtbot)
    latest = table_rows(screen.recent_view)[0]
    assert latest[1:] == [deposit.entry.reference, "Cash deposit", "1,000.00", "pending"]
    assert table_rows(screen.accounts_view) == [["wallet:C0001234", "Wallet", "KES 51,000.00"]]


# --- registering --------------------------------------------------------------------------------------


def fill_registration(dialog, qtbot, *, national_id: str, name: str, phone: str) -> None:  # noqa: ANN001
    qtbot.keyClicks(dialog.national_id_edit, national_id)
    qtbot.keyClicks(dialog.full_name_edit, name)
    qtbot.keyClicks(dialog.phone_edit, phone)


def test_registering_a_tier_1_customer_with_an_id_photo_shows_the_provisional_cif(
    screen: CustomersScreen, gui: GuiWorld, qtbot, tmp_path: Path  # noqa: ANN001
) -> None:
    photo = id_photo_file(tmp_path, "baraka-id.png", (40, 25))
    qtbot.keyClick(screen, Qt.Key.Key_N, CTRL)
    dialog = screen.register_dialog
    assert dialog is not None and dialog.isVisible() and dialog.focusWidget() is dialog.national_id_edit
    fill_registration(dialog, qtbot, national_id="29876543", name="Baraka Otieno", phone="0722 000 111")
    choose_photo(dialog, gui, qtbot, photo)
    assert not dialog.photo_picker.thumbnail.pixmap().isNull()
    assert dialog.photo_picker.info_label.text().startswith("baraka-id.png · PNG · 40×25 · ")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
    gui.wait_idle(qtbot)

    assert not dialog.isVisible()
    [entry] = journal(gui.counter)
    cif = details_of(entry).registration.cif
    assert cif == "PK7Q20000001"
    assert screen.name_label.text() == "Baraka Otieno"
    assert screen.cif_label.text() == (
        "PK7Q20000001 — provisional: head office issues the CIF when the registration syncs")
    assert screen.tier_label.text() == "Tier 1"
    assert screen.documents_label.text() == (
        f"Photo of the ID card on file (captured 24 Nov 10:00, {entry.reference})")
    assert table_rows(screen.recent_view) == [
        ["24 Nov 10:00", entry.reference, "Registration", "", "pending"]]
    assert table_rows(screen.accounts_view) == [[f"wallet:{cif}", "Wallet", "KES 0.00"]]
    assert screen.result_label.text() == (
        f"Registered under provisional CIF {cif} ({entry.reference}); pending until head office confirms")
    # The journal holds the registration; the photo is kept beside it, named in the entry by its hash.
    assert entry_kinds(gui.counter) == ["customer_registration"]
    [document] = documents(gui.counter)
    sha256 = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert (document.cif, document.kind, document.sha256, document.captured_sequence) == (
        cif, "id_photo", sha256, entry.sequence)
    assert details_of(entry).note == f"ID photo sha256 {sha256[:16]}"


def test_a_national_id_already_registered_is_refused_in_the_dialog_and_nothing_is_written(
    screen: CustomersScreen, gui: GuiWorld, qtbot  # noqa: ANN001
) -> None:
    qtbot.mouseClick(screen.register_button, Qt.MouseButton.LeftButton)
    dialog = screen.register_dialog
    fill_registration(dialog, qtbot, national_id="23 456 789", name="Juma M.", phone="0712 000 000")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
    gui.wait_idle(qtbot)

    assert dialog.isVisible()  # still open, as typed, for the teller to correct
    assert dialog.error_label.text() == (
        "A customer with this national ID is already registered (C0001234) [already_exists]")
    assert dialog.national_id_edit.text() == "23 456 789" and dialog.register_button.isEnabled()
    assert entry_kinds(gui.counter) == [] and documents(gui.counter) == []


def test_a_file_that_is_not_a_jpeg_or_png_is_refused_as_the_id_photo(
    screen: CustomersScreen, gui: GuiWorld, qtbot, tmp_path: Path  # noqa: ANN001
) -> None:
    disguised = tmp_path / "id.png"
    disguised.write_bytes(b"%PDF-1.7 a scanned form, not a picture")
    screen.open_register()
    dialog = screen.register_dialog
    choose_photo(dialog, gui, qtbot, disguised)
    assert dialog.error_label.text() == "The ID photo must be a JPEG or PNG picture [invalid_input]"
    assert dialog.photo_picker.photo is None and dialog.photo_picker.thumbnail.text() == "No photo chosen"


@pytest.fixture
def agent_world(tmp_path: Path, qtbot) -> Iterator[GuiWorld]:  # noqa: ANN001
    """Mama Mboga Shop's agent device, the agent (wanjiru, role agent) logged in."""
    counter = make_counter(tmp_path / "agent", channel=Channel.AGENT, device_code="X9P3")
    tasks = Tasks()
    yield GuiWorld(counter, Backend(context=counter.context, session=counter.teller), tasks, AppEvents())
    tasks.wait_for_done(10_000)
    counter.store.close()


def test_an_agent_registering_at_tier_2_is_refused_with_the_reason_shown(
    agent_world: GuiWorld, qtbot, tmp_path: Path  # noqa: ANN001
) -> None:
    screen = make_screen(agent_world, qtbot)
    screen.open_register()
    dialog = screen.register_dialog
    fill_registration(dialog, qtbot, national_id="31234567", name="Mama Mboga", phone="0733 111 222")
    qtbot.keyClick(dialog.tier_combo, Qt.Key.Key_Down)  # Tier 2
    assert dialog.tier_combo.currentText() == "Tier 2"
    assert dialog.evidence.needs_label.text() == (
        "Tier 2 needs: full name, national ID number, phone number, date of birth, scan of the ID card, "
        "portrait photo")
    tick_evidence(dialog, qtbot, Evidence.DATE_OF_BIRTH, Evidence.PORTRAIT_PHOTO)
    choose_photo(dialog, agent_world, qtbot, id_photo_file(tmp_path))
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    agent_world.wait_idle(qtbot)

    assert dialog.isVisible()
    assert dialog.error_label.text() == (
        "At an agent, customers are registered up to Tier 1; register at Tier 1 and upgrade at a branch "
        "[permission_denied]")
    assert entry_kinds(agent_world.counter) == [] and documents(agent_world.counter) == []


# --- KYC upgrade ------------------------------------------------------------------------------------------


def test_a_kyc_upgrade_with_a_supervisors_approval_shows_pending_and_is_a_request_in_the_journal(
    screen: CustomersScreen, gui: GuiWorld, qtbot, tmp_path: Path  # noqa: ANN001
) -> None:
    open_juma(screen, gui, qtbot)
    qtbot.keyClick(screen, Qt.Key.Key_U, CTRL)
    dialog = screen.kyc_dialog
    assert dialog is not None and dialog.isVisible()
    assert [dialog.tier_combo.itemText(i) for i in range(dialog.tier_combo.count())] == ["Tier 3"]
    assert dialog.on_file_label.text() == (
        "No photo of the ID card is on file: choose one for Tier 2 and above")
    tick_evidence(dialog, qtbot, *dialog.evidence.boxes)
    choose_photo(dialog, gui, qtbot, id_photo_file(tmp_path))
    qtbot.keyClick(dialog.tier_combo, Qt.Key.Key_Return)
    gui.wait_idle(qtbot)

    override = screen.override_dialog  # every upgrade needs a supervisor
    assert override is not None and override.isVisible()
    assert entry_kinds(gui.counter) == []
    qtbot.keyClicks(override.user_edit, "otieno")
    qtbot.keyClicks(override.password_edit, SUPERVISOR_PASSWORD)
    qtbot.keyClick(override.password_edit, Qt.Key.Key_Return)
    gui.wait_idle(qtbot)

    assert not dialog.isVisible()
    [entry] = journal(gui.counter)
    assert (entry.kind.value, entry.user_id, entry.approved_by) == ("kyc_upgrade", "wanjiru", "otieno")
    assert spec_of(entry.kind).nature is Nature.REQUEST  # head office decides; nothing is booked here
    assert details_of(entry).customer_cif == JUMA and details_of(entry).note.startswith("Upgrade to Tier 3; ")
    assert screen.tier_label.text() == "Tier 2"  # until head office decides
    assert screen.upgrade_label.text() == (
        f"Upgrade to Tier 3 requested ({entry.reference}): pending until head office decides")
    assert table_rows(screen.recent_view)[0][1:] == [entry.reference, "KYC upgrade", "", "pending"]
    assert not screen.kyc_button.isEnabled()  # one upgrade waits at a time
    assert screen.result_label.text() == (
        f"KYC upgrade to Tier 3 requested ({entry.reference}), approved by otieno; "
        "pending until head office decides")
    assert [document.cif for document in documents(gui.counter)] == [JUMA]


def test_an_upgrade_without_the_tiers_evidence_is_refused_before_any_supervisor_is_asked(
    screen: CustomersScreen, gui: GuiWorld, qtbot  # noqa: ANN001
) -> None:
    open_juma(screen, gui, qtbot)
    qtbot.mouseClick(screen.kyc_button, Qt.MouseButton.LeftButton)
    dialog = screen.kyc_dialog
    qtbot.mouseClick(dialog.request_button, Qt.MouseButton.LeftButton)
    gui.wait_idle(qtbot)
    assert screen.override_dialog is None
    assert dialog.error_label.text() == (
        "Tier 3 needs: date of birth, scan of the ID card, portrait photo, KRA PIN, proof of address"
        " [kyc_insufficient]")
    assert entry_kinds(gui.counter) == []


def test_an_upgrade_the_supervisor_does_not_approve_is_not_sent(
    screen: CustomersScreen, gui: GuiWorld, qtbot, tmp_path: Path  # noqa: ANN001
) -> None:
    open_juma(screen, gui, qtbot)
    screen.open_kyc_upgrade()
    dialog = screen.kyc_dialog
    tick_evidence(dialog, qtbot, *dialog.evidence.boxes)
    choose_photo(dialog, gui, qtbot, id_photo_file(tmp_path))
    qtbot.keyClick(dialog.tier_combo, Qt.Key.Key_Return)
    gui.wait_idle(qtbot)

    # A fellow teller cannot approve it.
    override = screen.override_dialog
    qtbot.keyClicks(override.user_edit, "achieng")
    qtbot.keyClicks(override.password_edit, "Counter-2026!")
    qtbot.keyClick(override.password_edit, Qt.Key.Key_Return)
    gui.wait_idle(qtbot)
    assert dialog.isVisible()
    assert dialog.error_label.text() == (
        "A teller may not approve a kyc upgrade; ask a supervisor [permission_denied]")

    # Escape at the supervisor's dialog sends nothing.
    qtbot.keyClick(dialog.tier_combo, Qt.Key.Key_Return)
    gui.wait_idle(qtbot)
    qtbot.keyClick(screen.override_dialog, Qt.Key.Key_Escape)
    assert dialog.error_label.text() == "Not sent: the upgrade needs a supervisor's approval"
    assert entry_kinds(gui.counter) == [] and documents(gui.counter) == []


def test_the_screen_is_reachable_by_keyboard_alone(screen: CustomersScreen, qtbot) -> None:  # noqa: ANN001
    focus_chain: list[QWidget] = []
    widget: QWidget = screen.search_edit
    for _ in range(3):
        widget = widget.nextInFocusChain()
        while not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            widget = widget.nextInFocusChain()
        focus_chain.append(widget)
    assert focus_chain[:2] == [screen.results_view, screen.register_button]
