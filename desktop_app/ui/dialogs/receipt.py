"""A receipt or report on screen, then on paper: the PDF the printing service made, shown page by
page, and printed through Qt's print support.

PySide6 Essentials has no PDF module, so PDFium (pypdfium2) turns each page into an image: at
screen resolution for the preview, at the printer's resolution for paper, where QPainter draws it.
Rendering runs in a worker; PDFium is not thread-safe, so one lock serialises every use of it.
Works for both sizes the app prints: 80 mm thermal receipts and A4 reports.

    show_receipt(self, backend, tasks, sequence, balance_after)   # after a commit
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2
from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPixmap,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.printing import print_receipt
from desktop_app.ui.backend import Backend
from desktop_app.ui.errors import error_text, show_error
from desktop_app.ui.tasks import Tasks
from shared_core.money import Money
from shared_core.receipt_seal import parse_seal

translate = QCoreApplication.translate

points_per_inch = 72
preview_dpi_default = 96
# A printer may claim 1200 dpi: an A4 page at that is 140 million pixels. 300 dpi grey is past what
# a thermal head (203 dpi) prints and sharp on a laser, ~9 MB a page; it is drawn at its true size.
print_dpi_max = 300
preview_height_px_max = 900

_pdfium_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class PageText:
    """A run of text on a PDF page, in points from the page's top-left corner."""

    left: float
    top: float
    width: float
    height: float
    text: str


@dataclass(frozen=True, slots=True)
class RenderedPages:
    images: tuple[QImage, ...]
    dpi: float
    sizes_pt: tuple[tuple[float, float], ...]  # (width, height) of each page in points
    texts: tuple[tuple[PageText, ...], ...] = ()  # only when asked: the text layer of a PDF file


def page_sizes_pt(pdf: bytes) -> tuple[tuple[float, float], ...]:
    with _pdfium_lock:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return tuple(tuple(page.get_size()) for page in document)  # type: ignore[misc]
        finally:
            document.close()


def render_pages(pdf: bytes, dpi: float, *, with_text: bool = False, grey: bool = False) -> RenderedPages:
    """Every page of `pdf` as an image at `dpi` (and its text runs when `with_text`; in shades of
    grey, a quarter of the memory, when `grey`). Slow: run it in a worker."""
    images: list[QImage] = []
    sizes: list[tuple[float, float]] = []
    texts: list[tuple[PageText, ...]] = []
    with _pdfium_lock:
        document = pypdfium2.PdfDocument(pdf)
        try:
            for page in document:
                width, height = page.get_size()
                sizes.append((width, height))
                bitmap = page.render(scale=dpi / points_per_inch, grayscale=grey, prefer_bgrx=not grey)
                # BGRx bytes are Qt's RGB32 on a little-endian machine; copy() owns the pixels
                # before PDFium's buffer goes away.
                image_format = QImage.Format.Format_Grayscale8 if grey else QImage.Format.Format_RGB32
                pixels = bytes(bitmap.buffer)
                image = QImage(pixels, bitmap.width, bitmap.height, bitmap.stride, image_format).copy()
                image.setDotsPerMeterX(round(dpi / 0.0254))
                image.setDotsPerMeterY(round(dpi / 0.0254))
                images.append(image)
                if with_text:
                    texts.append(_page_texts(page, height))
        finally:
            document.close()
    return RenderedPages(tuple(images), dpi, tuple(sizes), tuple(texts))


def _page_texts(page: pypdfium2.PdfPage, page_height: float) -> tuple[PageText, ...]:
    textpage = page.get_textpage()
    runs = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top).strip()
        if text:
            runs.append(PageText(left, page_height - top, right - left, top - bottom, text))
    return tuple(runs)


def preview_dpi(widget: QWidget | None) -> float:
    """The screen's resolution under `widget`, in device pixels (crisp on high-DPI screens)."""
    if widget is None:
        return preview_dpi_default
    return widget.logicalDpiX() * widget.devicePixelRatioF()


class ReceiptDialog(QDialog):
    """The pages of one PDF with Print (Ctrl+P) and Close (Escape).

    `pages` are the preview images when a worker already made them; without them the dialog
    renders them itself. With `tasks`, printing renders in a worker; without, it renders inline.
    """

    printed = Signal()  # the printer has every page
    print_failed = Signal(str)

    def __init__(
        self,
        pdf: bytes,
        title: str,
        parent: QWidget | None = None,
        *,
        tasks: Tasks | None = None,
        pages: RenderedPages | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("receiptDialog")
        self.setWindowTitle(title)
        self.pdf = pdf
        self._tasks = tasks
        self.printer: QPrinter | None = None  # kept alive while its dialog is open
        self.print_dialog: QPrintDialog | None = None
        if pages is None:
            pages = render_pages(pdf, preview_dpi(parent))
        self.pages = pages
        self.page_labels: list[QLabel] = []
        column = QWidget()
        column.setObjectName("receiptPages")
        column_layout = QVBoxLayout(column)
        column_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        ratio = self.devicePixelRatioF()
        for number, image in enumerate(pages.images, start=1):
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label = QLabel()
            label.setObjectName(f"receiptPage{number}")
            label.setPixmap(pixmap)
            label.setFrameShape(QLabel.Shape.Box)
            label.setAccessibleName(self.tr("Page {n}").format(n=number))
            column_layout.addWidget(label)
            self.page_labels.append(label)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(column)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.status_label = QLabel()
        self.status_label.setObjectName("receiptStatus")
        self.status_label.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(self.tr("&Print"))
        self.print_button.setObjectName("printReceipt")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip(self.tr("Print (Ctrl+P)"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("closeReceipt")
        self.close_button.setToolTip(self.tr("Close (Escape)"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)  # Close, and Escape through QDialog
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self._fit_to_pages()
        self.print_button.setFocus()

    def _fit_to_pages(self) -> None:
        if not self.pages.images:
            return
        ratio = self.devicePixelRatioF()
        widest = max(image.width() for image in self.pages.images) / ratio
        first_height = self.pages.images[0].height() / ratio
        self.resize(int(widest) + 60, int(min(first_height, preview_height_px_max)) + 100)

    # -- printing ------------------------------------------------------------------------------

    def new_printer(self) -> QPrinter:
        """A printer set to the document's page size (80 mm or A4), before the teller picks one."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        if self.pages.sizes_pt:
            width, height = self.pages.sizes_pt[0]
            printer.setPageSize(QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "",
                                          QPageSize.SizeMatchPolicy.FuzzyOrientationMatch))
            wide = width > height
            printer.setPageOrientation(QPageLayout.Orientation.Landscape if wide else QPageLayout.Orientation.Portrait)
        # The document has its own margins (a receipt is laid out for the 72 mm a thermal head
        # prints): place it on the whole sheet rather than inside the printer's default margins.
        printer.setFullPage(True)
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        return printer

    def print_(self) -> None:
        """Ctrl+P: the system's print dialog, then every page to the printer chosen."""
        self.printer = self.new_printer()
        self.print_dialog = QPrintDialog(self.printer, self)
        self.print_dialog.setObjectName("printDialog")
        self.print_dialog.accepted.connect(lambda: self.print_to(self.printer))  # type: ignore[arg-type]
        QDialog.open(self.print_dialog)  # PySide's QPrintDialog.open wants a receiver; this is QDialog's

    def print_to(self, printer: QPrinter) -> None:
        """Render for `printer` (in a worker when the dialog has one) and paint every page on it.

        A PDF file keeps the document's text as an invisible layer over the images, so an archived
        copy stays searchable; a real printer gets only the images (a PostScript driver has no
        transparency and would print the text twice).
        """
        dpi = min(printer.resolution(), print_dpi_max)
        with_text = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
        pdf = self.pdf
        self.print_button.setEnabled(False)
        self.status_label.setText(self.tr("Printing..."))

        def work() -> RenderedPages:
            return render_pages(pdf, dpi, with_text=with_text, grey=True)

        def paint(rendered: RenderedPages) -> None:
            try:
                paint_pages(printer, rendered)
            except PrintingFailed as error:
                self._print_failed(error)
                return
            self.print_button.setEnabled(True)
            self.status_label.setText(self.tr("Sent to the printer."))
            self.printed.emit()

        if self._tasks is None:
            try:
                rendered = work()
            except pypdfium2.PdfiumError as error:
                self._print_failed(error)
                return
            paint(rendered)
        else:
            self._tasks.run(work, done=paint, failed=self._print_failed)

    def _print_failed(self, error: BaseException) -> None:
        text = str(error) if isinstance(error, PrintingFailed) else error_text(error)
        self.print_button.setEnabled(True)
        self.status_label.setText(self.tr("Not printed: {reason}").format(reason=text))
        self.print_failed.emit(text)


class PrintingFailed(Exception):
    """The printer refused to start a job (no such printer, no driver): the teller is told why."""


def paint_pages(printer: QPrinter, rendered: RenderedPages) -> None:
    """Each image at its true size (shrunk only if the paper is smaller), one page each."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintingFailed(translate("ReceiptDialog", "the printer did not start (is it connected?)"))
    try:
        device_dpi = printer.resolution()
        page = printer.pageRect(QPrinter.Unit.DevicePixel)  # the whole sheet when fullPage is set
        for index, image in enumerate(rendered.images):
            if index:
                printer.newPage()
            scale = device_dpi / rendered.dpi
            scale = min(scale, page.width() / image.width(), page.height() / image.height())
            painter.drawImage(QRectF(0, 0, image.width() * scale, image.height() * scale), image)
            if rendered.texts:
                _paint_invisible_text(painter, rendered.texts[index], scale * rendered.dpi / points_per_inch)
    finally:
        painter.end()


def _paint_invisible_text(painter: QPainter, runs: tuple[PageText, ...], pixels_per_point: float) -> None:
    painter.save()
    painter.setPen(QColor(0, 0, 0, 0))
    for run in runs:
        font = QFont("Helvetica")
        font.setPixelSize(max(1, round(run.height * pixels_per_point)))
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        advance = metrics.horizontalAdvance(run.text)
        if advance <= 0:
            continue
        painter.save()
        painter.translate(run.left * pixels_per_point, (run.top + run.height) * pixels_per_point)
        painter.scale(run.width * pixels_per_point / advance, 1.0)
        painter.drawText(0.0, -metrics.descent(), run.text)
        painter.restore()
    painter.restore()


def receipt_title(seal_text: str, copy_number: int) -> str:
    reference = parse_seal(seal_text).reference
    if copy_number:
        return translate("ReceiptDialog", "Receipt {reference} (COPY {n})").format(
            reference=reference, n=copy_number
        )
    return translate("ReceiptDialog", "Receipt {reference}").format(reference=reference)


def show_receipt(
    parent: QWidget,
    backend: Backend,
    tasks: Tasks,
    sequence: int,
    balance_after: Money | None = None,
    *,
    opened: Callable[[ReceiptDialog], None] | None = None,
    failed: Callable[[Exception], None] | None = None,
) -> None:
    """Print entry `sequence`'s receipt (counted: a second print says COPY) and show it.

    Load, then show: the PDF and its preview are made in a worker, the dialog opens when they are
    ready (`opened` hears of it). A failure goes to `failed`, or else to a message box; the entry
    stays committed either way.
    """
    context = backend.context
    dpi = preview_dpi(parent)

    def work() -> tuple[bytes, str, RenderedPages]:
        receipt = print_receipt(context, sequence, balance_after=balance_after)
        title = receipt_title(receipt.seal_text, receipt.copy_number)
        return receipt.pdf, title, render_pages(receipt.pdf, dpi)

    def done(result: tuple[bytes, str, RenderedPages]) -> None:
        pdf, title, pages = result
        dialog = ReceiptDialog(pdf, title, parent, tasks=tasks, pages=pages)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        if opened is not None:
            opened(dialog)

    def default_failed(error: Exception) -> None:
        show_error(parent, translate("ReceiptDialog", "Receipt not printed"), error)

    tasks.run(work, done=done, failed=failed or default_failed)


def show_document(
    parent: QWidget,
    tasks: Tasks,
    make_pdf: Callable[[], bytes],
    title: str,
    *,
    opened: Callable[[ReceiptDialog], None] | None = None,
    failed: Callable[[Exception], None] | None = None,
) -> None:
    """Any PDF the services make (an end-of-day report, a statement) in the same dialog."""
    dpi = preview_dpi(parent)

    def work() -> tuple[bytes, RenderedPages]:
        pdf = make_pdf()
        return pdf, render_pages(pdf, dpi)

    def done(result: tuple[bytes, RenderedPages]) -> None:
        pdf, pages = result
        dialog = ReceiptDialog(pdf, title, parent, tasks=tasks, pages=pages)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        if opened is not None:
            opened(dialog)

    def default_failed(error: Exception) -> None:
        show_error(parent, title, error)

    tasks.run(work, done=done, failed=failed or default_failed)
