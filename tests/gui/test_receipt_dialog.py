"""The receipt after a deposit: shown as the customer's paper will look, printed through Qt's print
support (here to a PDF file, as a printer without paper), and a second print that says COPY."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from desktop_app.services.cash import deposit_cash
from desktop_app.services.posting import Posted
from desktop_app.services.till import open_till
from desktop_app.ui.dialogs.receipt import ReceiptDialog, show_receipt
from shared_core.money import Money
from tests.gui.conftest import JUMA, GuiWorld

points_per_mm = 72 / 25.4


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    lines = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def dark_share(image: QImage) -> float:
    """The share of pixels darker than mid-grey: ink on the paper."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    dark = total = 0
    for y in range(0, gray.height(), 2):
        for x in range(0, gray.width(), 2):
            total += 1
            dark += gray.pixelColor(x, y).value() < 128
    return dark / total


def first_page_image(pdf: Path | bytes, dpi: int = 150) -> QImage:
    document = pypdfium2.PdfDocument(pdf)
    bitmap = document[0].render(scale=dpi / 72, prefer_bgrx=True)
    image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32).copy()
    document.close()
    return image


@pytest.fixture
def deposit(gui: GuiWorld) -> Posted:
    """The till opened with KES 100,000, then Juma deposits KES 2,500."""
    open_till(gui.counter.context, gui.counter.teller, opening_float=Money.shillings(100_000))
    return deposit_cash(gui.counter.context, gui.counter.teller, customer_cif=JUMA, amount=Money.shillings(2_500))


def open_receipt(gui: GuiWorld, qtbot, parent: QWidget, posted: Posted) -> ReceiptDialog:  # noqa: ANN001
    opened: list[ReceiptDialog] = []
    show_receipt(parent, gui.backend, gui.tasks, posted.entry.sequence, posted.available_after, opened=opened.append)
    gui.wait_idle(qtbot)
    qtbot.waitUntil(lambda: bool(opened))
    return opened[0]


@pytest.fixture
def parent(qtbot) -> QWidget:  # noqa: ANN001
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_receipt_opens_as_an_image_of_the_80_mm_page(
    gui: GuiWorld, qtbot, parent: QWidget, deposit: Posted, tmp_path: Path
) -> None:
    dialog = open_receipt(gui, qtbot, parent, deposit)
    assert dialog.isVisible()
    assert dialog.windowTitle() == f"Receipt {deposit.entry.reference}"
    assert len(dialog.page_labels) == 1
    page = dialog.page_labels[0].pixmap().toImage()
    # 80 mm at the screen's 96 dpi is 302 pixels; the receipt is taller than wide, and has ink on it.
    assert page.width() == pytest.approx(80 / 25.4 * 96, abs=2)
    assert page.height() > page.width()
    assert 0.03 < dark_share(page) < 0.6
    assert "COPY" not in pdf_bytes_text(dialog.pdf, tmp_path)


def pdf_bytes_text(pdf: bytes, directory: Path) -> str:
    path = directory / "document.pdf"
    path.write_bytes(pdf)
    return pdf_text(path)


def test_printing_puts_the_receipt_on_paper_at_its_true_size(
    gui: GuiWorld, qtbot, parent: QWidget, deposit: Posted, tmp_path: Path
) -> None:
    dialog = open_receipt(gui, qtbot, parent, deposit)
    printer = dialog.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer with no paper: a file
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(dialog.printed, timeout=20_000):
        dialog.print_to(printer)

    info = pdf_info(printed)
    assert info["Pages"] == "1"
    width_pt = float(info["Page size"].split()[0])
    assert width_pt == pytest.approx(80 * points_per_mm, abs=1)
    text = pdf_text(printed)
    assert deposit.entry.reference in text
    assert "KES 2,500.00" in text
    assert dialog.status_label.text() == "Sent to the printer."
    # The paper carries the receipt's picture, not only its (invisible) text layer: the ink matches.
    paper, original = first_page_image(printed), first_page_image(dialog.pdf)
    assert dark_share(paper) == pytest.approx(dark_share(original), abs=0.02)
    assert dark_share(paper) > 0.03


def test_a_printer_that_does_not_start_is_reported_in_the_dialog(
    gui: GuiWorld, qtbot, parent: QWidget, deposit: Posted, tmp_path: Path
) -> None:
    dialog = open_receipt(gui, qtbot, parent, deposit)
    printer = dialog.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "no such folder" / "receipt.pdf"))
    with qtbot.waitSignal(dialog.print_failed, timeout=20_000):
        dialog.print_to(printer)
    assert dialog.status_label.text() == "Not printed: the printer did not start (is it connected?)"
    assert dialog.print_button.isEnabled()  # the teller may try another printer


def test_a_second_print_of_the_same_entry_says_copy_1(
    gui: GuiWorld, qtbot, parent: QWidget, deposit: Posted, tmp_path: Path
) -> None:
    first = open_receipt(gui, qtbot, parent, deposit)
    assert "Balance after" in pdf_bytes_text(first.pdf, tmp_path)
    first.reject()
    again = open_receipt(gui, qtbot, parent, deposit)
    assert again.windowTitle() == f"Receipt {deposit.entry.reference} (COPY 1)"
    text = pdf_bytes_text(again.pdf, tmp_path)
    assert "COPY 1" in text
    assert "Balance after" not in text  # a reprint does not guess it


def test_escape_closes_the_receipt_and_ctrl_p_opens_the_print_dialog(
    gui: GuiWorld, qtbot, parent: QWidget, deposit: Posted
) -> None:
    dialog = open_receipt(gui, qtbot, parent, deposit)
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.print_dialog is not None and dialog.print_dialog.isVisible())
    dialog.print_dialog.reject()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_receipt_for_an_entry_that_does_not_exist_shows_why(gui: GuiWorld, qtbot, parent: QWidget) -> None:
    show_receipt(parent, gui.backend, gui.tasks, 999, None)
    gui.wait_idle(qtbot)
    box = parent.findChild(QWidget, "errorBox")
    assert box is not None
    assert "No entry 999 in this device's journal" in box.text()
    assert parent.findChild(ReceiptDialog) is None
