"""The window in Swahili, as a teller who chose Kiswahili at login reads it: the screens' names,
the status strip, a deposit's confirmation with the amount in Swahili words, and English again
for the next login. Then the translation file itself: every text the window can show has its
Swahili, with the same {placeholders}, mnemonic and HTML tags, and the .qm is the .ts built.

Each window test installs Swahili through the `swahili` fixture, which puts English back
whatever happens, so no other test meets a Swahili window.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QFormLayout, QLabel, QWidget

from desktop_app.services.loans import loan_policy
from desktop_app.ui.dialogs.loan_application import LoanApplicationDialog
from desktop_app.ui.dialogs.register_customer import RegisterCustomerDialog
from desktop_app.ui.dialogs.reject_reason import RejectReasonDialog
from desktop_app.ui.i18n import install_language
from desktop_app.ui.main_window import MainWindow
from shared_core.amount_words import Language
from tests.gui.conftest import GuiWorld
from tests.gui.money_screens import choose_customer, open_the_till, wait_for_dialog

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "wekeza_sw.ts"
QM = TS.with_suffix(".qm")
QT_TOOLS = Path(sys.executable).parent  # pyside6-lupdate and -lrelease, as scripts/translations.py uses

PLACEHOLDER = re.compile(r"\{\w*\}")
MNEMONIC = re.compile(r"&(?!&)(\w)")  # "&&" is a literal ampersand
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@pytest.fixture
def swahili(gui: GuiWorld, qapp: QApplication) -> Iterator[GuiWorld]:
    """The teller logged in choosing Kiswahili (the translator installed, the backend told, as
    the login does); English again afterwards, pass or fail."""
    assert install_language(qapp, Language.SWAHILI), "resources/translations/wekeza_sw.qm did not load"
    gui.backend.language = Language.SWAHILI
    try:
        yield gui
    finally:
        install_language(qapp, Language.ENGLISH)
        gui.backend.language = Language.ENGLISH


def screen_names(window: MainWindow) -> list[str]:
    return [window.navigation.item(row).text() for row in range(window.navigation.count())]


def form_labels(form: QFormLayout) -> list[str]:
    labels = []
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if item is not None and isinstance(item.widget(), QLabel):
            labels.append(item.widget().text())
    return labels


def mnemonics(widget: QWidget) -> list[str]:
    """The Alt+letter keys a widget and its children answer to (buttons, and labels' buddies)."""
    texts = [child.text() for child in widget.findChildren(QAbstractButton)]
    texts += [child.text() for child in widget.findChildren(QLabel) if child.buddy() is not None]
    return [match.group(1).lower() for text in texts if (match := MNEMONIC.search(text))]


def clashes(letters: list[str]) -> list[str]:
    return sorted({letter for letter in letters if letters.count(letter) > 1})


# --- the window in Swahili ------------------------------------------------------------------------


def test_the_teller_who_chose_swahili_reads_the_screens_and_the_status_strip_in_swahili(
    swahili: GuiWorld, qtbot
) -> None:
    window = swahili.main_window(qtbot)
    assert screen_names(window) == [
        "Wateja", "Pesa taslimu", "Hamisha pesa", "Mikopo", "Bima", "Akiba", "Droo ya pesa", "Risiti", "Sawazisha",
    ]  # fmt: skip
    strip = window.status_strip
    assert strip.link_label.text() == "Nje ya mtandao"
    assert strip.link_label.toolTip() == "Haijaunganishwa na makao makuu"
    assert strip.user_label.text() == "Wanjiru Kamau (Keshia)"
    assert strip.till_label.text() == "Droo imefungwa"
    assert [action.text() for action in window.menuBar().actions()] == ["Kika&o"]


def test_a_deposit_is_confirmed_in_swahili_with_the_amount_in_swahili_words(swahili: GuiWorld, qtbot) -> None:
    open_the_till(swahili)
    window = swahili.main_window(qtbot)
    with qtbot.waitActive(window):  # keys go to the active window, as on the teller's PC
        window.activateWindow()
    screen = window.show_screen("cash")
    assert screen.deposit_button.text() == "&Kuweka pesa"
    choose_customer(qtbot, screen.picker, "juma")
    assert screen.picker.chosen_label.text() == "Juma Mwangi · C0001234 · Daraja 2"
    qtbot.keyClicks(screen.amount_edit, "1250")
    qtbot.keyClick(screen.amount_edit, Qt.Key.Key_Return)

    confirmation = wait_for_dialog(qtbot, lambda: screen.confirm_dialog)
    assert confirmation.windowTitle() == "Thibitisha: Kuweka pesa taslimu"
    labels = form_labels(confirmation.findChild(QFormLayout))
    assert labels == ["Mteja", "Kiasi", "Kwa maneno", "Ada", "Kikomo"]
    assert "KES 1,250.00" in confirmation.amount_label.text()
    assert confirmation.words_label.text() == "Shilingi elfu moja, mia mbili na hamsini"
    assert confirmation.limit_label.text().splitlines() == [
        "Daraja 2, kuweka pesa taslimu: hadi KES 500,000.00 kwa muamala; KES 0.00 kati ya "
        "KES 1,000,000.00 zimetumika leo, KES 1,250.00 pamoja na huu",
        "Kikomo kilichobaki nje ya mtandao: KES 2,000,000.00 kwa kifaa hiki, KES 300,000.00 kwa Juma Mwangi",
    ]
    confirm = confirmation.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert confirm.text() == "Thibitisha"

    qtbot.keyClick(confirmation, Qt.Key.Key_Escape)  # the teller cancels: nothing is recorded
    qtbot.waitUntil(lambda: not screen.busy)
    assert screen.result_label.text() == "Imeghairiwa: hakuna kilichorekodiwa."


def test_the_next_login_in_english_gets_english_again(swahili: GuiWorld, qtbot, qapp: QApplication) -> None:
    in_swahili = swahili.main_window(qtbot)
    assert screen_names(in_swahili)[0] == "Wateja"
    in_swahili.close()

    assert install_language(qapp, Language.ENGLISH)
    swahili.backend.language = Language.ENGLISH
    window = swahili.main_window(qtbot)
    assert screen_names(window) == ["Customers", "Cash", "Move", "Borrow", "Insure", "Save", "Till", "Receipts", "Sync"]
    assert window.status_strip.link_label.text() == "Offline"
    assert window.status_strip.user_label.text() == "Wanjiru Kamau (Teller)"


def test_no_two_controls_on_a_swahili_screen_answer_to_the_same_alt_key(swahili: GuiWorld, qtbot) -> None:
    swahili.log_in_as(swahili.counter.supervisor)  # the supervisor sees every screen, Approvals too
    window = swahili.main_window(qtbot)
    menu = [match.group(1).lower() for action in window.menuBar().actions()
            if (match := MNEMONIC.search(action.text()))]
    found = {key: clashes(menu + mnemonics(screen)) for key, screen in window.screens.items()}
    assert "approvals" in found
    found["register dialog"] = clashes(mnemonics(RegisterCustomerDialog(swahili.tasks, window)))
    found["reject dialog"] = clashes(mnemonics(RejectReasonDialog("000042", window)))
    found["loan application dialog"] = clashes(mnemonics(LoanApplicationDialog(
        "Juma Mwangi", "C0001234", loan_policy(swahili.counter.context), date(2026, 11, 24),
        lambda *_: pytest.fail("no loan is applied for here"), swahili.tasks, window,
    )))
    assert {where: letters for where, letters in found.items() if letters} == {}


# --- the translation file -------------------------------------------------------------------------


def untranslated(ts: Path) -> list[str]:
    """Every message of a .ts without a finished Swahili that keeps its source's placeholders,
    mnemonic, HTML tags and edge spaces, named by context and source text."""
    problems = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            words = (translation.text or "") if translation is not None else ""
            where = f"{name}: {source!r}"
            if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
                problems.append(f"not translated: {where}")
            elif not words.strip():
                problems.append(f"empty translation: {where}")
            elif sorted(PLACEHOLDER.findall(words)) != sorted(PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {where} -> {words!r}")
            elif len(MNEMONIC.findall(words)) != len(MNEMONIC.findall(source)):
                problems.append(f"mnemonic & differs: {where} -> {words!r}")
            elif TAG.findall(words) != TAG.findall(source):
                problems.append(f"HTML tags differ: {where} -> {words!r}")
            elif (words[:1] == " ", words[-1:] == " ") != (source[:1] == " ", source[-1:] == " "):
                problems.append(f"edge spaces differ: {where} -> {words!r}")
    return problems


def test_every_message_in_the_swahili_file_is_translated_with_its_placeholders() -> None:
    messages = ET.parse(TS).getroot().findall("context/message")
    assert len(messages) >= 372
    assert untranslated(TS) == []


def test_every_text_the_code_shows_has_swahili_in_the_file(tmp_path: Path) -> None:
    """lupdate over desktop_app/ui, merged into a copy of the file as scripts/translations.py
    does: a text added to the code and not yet translated shows here by name."""
    ts = tmp_path / TS.name
    shutil.copyfile(TS, ts)
    sources = sorted(str(path) for path in (ROOT / "desktop_app" / "ui").rglob("*.py"))
    subprocess.run(
        [str(QT_TOOLS / "pyside6-lupdate"), *sources, "-ts", str(ts), "-no-obsolete"],
        check=True, capture_output=True, timeout=120,
    )
    assert untranslated(ts) == [], "translate these in wekeza_sw.ts (scripts/translations.py)"


def test_the_qm_the_app_loads_is_the_swahili_file_built(tmp_path: Path) -> None:
    built = tmp_path / QM.name
    subprocess.run(
        [str(QT_TOOLS / "pyside6-lrelease"), str(TS), "-qm", str(built)],
        check=True, capture_output=True, timeout=120,
    )
    assert built.read_bytes() == QM.read_bytes(), "wekeza_sw.qm is stale: run scripts/translations.py"
