"""The 80 mm thermal receipt a customer takes away: what moved, who served them, and a QR seal.

Printed only from a committed journal entry. The QR code holds the entry's seal
(`shared_core.receipt_seal`), which head office verifies against its journal; the receipt
refuses to render if the seal names another reference or amount than the paper shows. A reprint
says COPY n at its top and bottom, so it never passes for the original.

Drawn straight on a reportlab canvas (no platypus): the layout is computed once as a list of
drawing operations, which fixes the page height to the content, then replayed onto the canvas.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import segno
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop_app.receipts.fonts import bold_font, register_fonts, regular_font
from shared_core.amount_words import Language, amount_in_words
from shared_core.errors import ensure
from shared_core.money import Money
from shared_core.receipt_seal import parse_seal

receipt_width_mm = 80
printable_width_mm = 72  # what an 80 mm thermal head prints; the rest is margin
margin_vertical_mm = 4
# 5 dots of a 203 dpi (8 dots/mm) head: whole dots keep every module the same width on paper.
qr_module_mm = 0.625
qr_quiet_zone_modules = 4  # ISO/IEC 18004 asks for four modules of white around the code
copy_number_max = 99
utc_offset_minutes_min = -12 * 60
utc_offset_minutes_max = 14 * 60
text_length_max = 200  # any single printed field; a receipt is not a letter

_width = printable_width_mm * mm
_margin_left = (receipt_width_mm - printable_width_mm) / 2 * mm
_label_width = 21 * mm
_column_gap = 2 * mm


class ReceiptStatus(StrEnum):
    CONFIRMED = "confirmed"
    PENDING_SYNC = "pending_sync"
    REFUSED = "refused"


_STATUS_TITLES = {
    ReceiptStatus.CONFIRMED: "CONFIRMED",
    ReceiptStatus.PENDING_SYNC: "PENDING SYNC",
    ReceiptStatus.REFUSED: "REFUSED",
}
_STATUS_NOTES = {
    ReceiptStatus.CONFIRMED: "",
    ReceiptStatus.PENDING_SYNC: "Recorded on this device and not yet confirmed by the bank. "
    "The bank will confirm it when the device syncs. Keep this receipt.",
    ReceiptStatus.REFUSED: "The bank refused this request. No money has moved.",
}


@dataclass(frozen=True, slots=True)
class ReceiptData:
    """Everything a receipt prints, taken from one committed journal entry."""

    bank_name: str
    location_name: str  # the branch, or the agent's shop
    channel_label: str  # e.g. 'Agent banking', 'Branch counter'
    reference: str
    recorded_at: datetime  # aware, in UTC
    utc_offset_minutes: int  # the device's offset when it recorded the entry
    operation_label: str  # e.g. 'Cash deposit'
    amount: Money
    fee: Money
    customer_name: str
    masked_national_id: str  # already masked, e.g. '*****678'
    account_label: str
    served_by: str  # teller or agent name and role
    status: ReceiptStatus
    balance_after: Money | None
    seal_text: str  # the QR code's text, from receipt_seal.encode_seal
    copy_number: int = 0  # 0 is the original; n >= 1 is the n-th reprint
    language: Language = Language.ENGLISH  # the first wording of the amount; the other follows
    # A premium's: the policy it paid for, and who underwrites it (the tariff's insurer).
    policy_number: str | None = None
    insurer: str | None = None

    def __post_init__(self) -> None:
        for name in (
            "bank_name", "location_name", "channel_label", "reference", "operation_label", "customer_name",
            "masked_national_id", "account_label", "served_by", "policy_number", "insurer",
        ):  # fmt: skip
            value = getattr(self, name)
            if value is None and name in ("policy_number", "insurer"):
                continue
            if not isinstance(value, str):
                raise TypeError(f"ReceiptData.{name} must be str, got {type(value).__name__}")
            if not value.strip() or len(value) > text_length_max:
                raise ValueError(f"ReceiptData.{name} must hold 1 to {text_length_max} characters")
        if not isinstance(self.seal_text, str):  # its form is parse_seal's to judge, below
            raise TypeError(f"ReceiptData.seal_text must be str, got {type(self.seal_text).__name__}")
        for name in ("amount", "fee"):
            if not isinstance(getattr(self, name), Money):
                raise TypeError(f"ReceiptData.{name} must be Money")
        if self.balance_after is not None and not isinstance(self.balance_after, Money):
            raise TypeError("ReceiptData.balance_after must be Money or None")
        if not isinstance(self.recorded_at, datetime) or self.recorded_at.utcoffset() != timedelta(0):
            raise ValueError("ReceiptData.recorded_at must be an aware datetime in UTC")
        if type(self.utc_offset_minutes) is not int or not (
            utc_offset_minutes_min <= self.utc_offset_minutes <= utc_offset_minutes_max
        ):
            raise ValueError(
                f"ReceiptData.utc_offset_minutes must be an int in "
                f"{utc_offset_minutes_min}..{utc_offset_minutes_max}"
            )
        if type(self.copy_number) is not int or not 0 <= self.copy_number <= copy_number_max:
            raise ValueError(f"ReceiptData.copy_number must be an int in 0..{copy_number_max}")
        if not isinstance(self.status, ReceiptStatus):
            raise TypeError("ReceiptData.status must be a ReceiptStatus")
        if not isinstance(self.language, Language):
            raise TypeError("ReceiptData.language must be a Language")
        ensure(
            not self.amount.is_negative and not self.fee.is_negative,
            "a receipt's amount and fee are never negative",
        )
        # The QR code and the paper must tell one story, or head office would verify another receipt.
        seal = parse_seal(self.seal_text)
        ensure(
            seal.reference == self.reference,
            f"the QR seal names {seal.reference}, the receipt {self.reference}",
        )
        ensure(
            seal.amount_cents == self.amount.cents,
            f"the QR seal is for {seal.amount_cents} cents, the receipt shows {self.amount.cents}",
        )

    @property
    def local_time_text(self) -> str:
        """'2026-11-24 14:05:09 +03:00': the device's local time, with the offset it was recorded at."""
        return local_time_text(self.recorded_at, self.utc_offset_minutes)


def local_time_text(moment: datetime, utc_offset_minutes: int, *, seconds: bool = True) -> str:
    """A UTC moment as the device's local time with its offset: '2026-11-24 14:05:09 +03:00'."""
    local = moment + timedelta(minutes=utc_offset_minutes)
    sign = "-" if utc_offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(utc_offset_minutes), 60)
    return f"{local:%Y-%m-%d %H:%M{':%S' if seconds else ''}} {sign}{hours:02d}:{minutes:02d}"


def render_receipt(data: ReceiptData) -> bytes:
    """The receipt as a PDF one 80 mm roll-width wide and as tall as its content."""
    if not isinstance(data, ReceiptData):
        raise TypeError(f"render_receipt needs ReceiptData, got {type(data).__name__}")
    register_fonts()
    sheet = _Sheet()
    _lay_out(sheet, data)
    height = sheet.depth + margin_vertical_mm * mm
    buffer = io.BytesIO()
    # Uncompressed: 9.6 ms and 91 KB against 11.5 ms and 47 KB compressed (zlib over the embedded
    # font subsets); the print spooler does not mind the size. `invariant` drops the creation time,
    # so the same entry gives the same bytes.
    canvas = Canvas(buffer, pagesize=(receipt_width_mm * mm, height), pageCompression=0, invariant=1)
    canvas.setTitle(f"Receipt {data.reference}" + (f" (copy {data.copy_number})" if data.copy_number else ""))
    canvas.setAuthor(data.bank_name)
    sheet.draw(canvas, height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- layout ----------------------------------------------------------------------------------


def _lay_out(sheet: _Sheet, data: ReceiptData) -> None:
    sheet.skip(margin_vertical_mm * mm)
    if data.copy_number:
        _copy_banner(sheet, data.copy_number)
    sheet.centered(data.bank_name, bold_font, 12)
    sheet.centered(data.location_name, regular_font, 9)
    sheet.centered(data.channel_label, regular_font, 8)
    sheet.rule()
    sheet.centered(data.operation_label, bold_font, 11)
    sheet.centered(data.reference, bold_font, 15, shrink=True)
    sheet.centered(data.local_time_text, regular_font, 8.5, shrink=True)
    sheet.rule()
    sheet.pair("Amount", data.amount.format(), bold_font, 10.5)
    other = Language.SWAHILI if data.language is Language.ENGLISH else Language.ENGLISH
    for language in (data.language, other):
        sheet.paragraph(amount_in_words(data.amount, language), regular_font, 7.5)
    if data.fee:
        sheet.pair("Fee", data.fee.format(), regular_font, 9)
        sheet.pair("Total", (data.amount + data.fee).format(), bold_font, 10.5)
    sheet.rule()
    sheet.pair("Customer", data.customer_name, regular_font, 8.5)
    sheet.pair("National ID", data.masked_national_id, regular_font, 8.5)
    sheet.pair("Account", data.account_label, regular_font, 8.5)
    if data.policy_number is not None:
        sheet.pair("Policy", data.policy_number, bold_font, 8.5)
    if data.insurer is not None:
        sheet.pair("Insurer", data.insurer, regular_font, 8.5)
    sheet.pair("Served by", data.served_by, regular_font, 8.5)
    if data.balance_after is not None:
        sheet.pair("Balance after", data.balance_after.format(), bold_font, 8.5)
    sheet.rule()
    sheet.boxed(_STATUS_TITLES[data.status], filled=data.status is not ReceiptStatus.CONFIRMED)
    if _STATUS_NOTES[data.status]:
        sheet.paragraph(_STATUS_NOTES[data.status], regular_font, 7.5, centered=True)
    sheet.rule()
    sheet.qr(data.seal_text)
    sheet.centered(data.reference, bold_font, 9, shrink=True)
    sheet.centered(f"Scan to verify this receipt with {data.bank_name}", regular_font, 6.5)
    if data.copy_number:
        sheet.skip(1.5 * mm)
        _copy_banner(sheet, data.copy_number)


def _copy_banner(sheet: _Sheet, copy_number: int) -> None:
    sheet.boxed(f"COPY {copy_number}", filled=True, size=15)
    sheet.centered("REPRINT \u2013 NOT THE ORIGINAL RECEIPT", bold_font, 7.5)
    sheet.skip(1 * mm)


class _Sheet:
    """Drawing operations measured from the top of the receipt; replayed once the height is known."""

    __slots__ = ("depth", "_texts", "_rules", "_boxes", "_qr_origin", "_qr_runs")

    def __init__(self) -> None:
        self.depth = 0.0  # how far down the page the next line starts, in points
        # font, size, x, depth of the baseline, text, white (on a filled box)
        self._texts: list[tuple[str, float, float, float, str, bool]] = []
        self._rules: list[float] = []
        self._boxes: list[tuple[float, float, float, float, bool]] = []  # x, top depth, width, height, filled
        self._qr_origin = (0.0, 0.0)  # x and depth of the code's top-left module, in points
        self._qr_runs: list[str] = []  # 'column row length 1 re': PDF rectangles in module units

    def skip(self, height: float) -> None:
        self.depth += height

    def _line(self, font: str, size: float, x: float, text: str, *, white: bool = False) -> None:
        self._texts.append((font, size, x, self.depth + size, text, white))

    def centered(self, text: str, font: str, size: float, *, shrink: bool = False) -> None:
        """A centred line; too long for the roll, it wraps, or with `shrink` (a reference, which
        must stay one unbroken line) it is set smaller. Nothing is ever clipped."""
        width = stringWidth(text, font, size)
        if width > _width and not shrink:
            for line in simpleSplit(text, font, size, _width):
                self._line(font, size, _margin_left + (_width - stringWidth(line, font, size)) / 2, line)
                self.depth += size * 1.3
            return
        if width > _width:
            size = size * _width / width
            width = _width
        self._line(font, size, _margin_left + (_width - width) / 2, text)
        self.depth += size * 1.3

    def paragraph(self, text: str, font: str, size: float, *, centered: bool = False) -> None:
        for line in simpleSplit(text, font, size, _width):
            offset = (_width - stringWidth(line, font, size)) / 2 if centered else 0.0
            self._line(font, size, _margin_left + offset, line)
            self.depth += size * 1.25
        self.depth += size * 0.35

    def pair(self, label: str, value: str, font: str, size: float) -> None:
        """A label on the left and its value right-aligned; a long value wraps onto more lines."""
        value_width = _width - _label_width - _column_gap
        baseline = self.depth + size  # the label sits on the first value line's baseline
        self._texts.append((regular_font, min(size, 8.5), _margin_left, baseline, label, False))
        for line in simpleSplit(value, font, size, value_width) or [""]:
            self._line(font, size, _margin_left + _width - stringWidth(line, font, size), line)
            self.depth += size * 1.3

    def rule(self) -> None:
        self.depth += 1.5 * mm
        self._rules.append(self.depth)
        self.depth += 2 * mm

    def boxed(self, text: str, *, filled: bool, size: float = 12) -> None:
        """A word in a frame across the roll; filled (white on black) for what must not be missed."""
        height = size * 1.6
        self._boxes.append((_margin_left, self.depth, _width, height, filled))
        width = stringWidth(text, bold_font, size)
        baseline_from_top = (height + size * 0.7) / 2  # centres the capitals' height in the box
        x = _margin_left + (_width - width) / 2
        self._texts.append((bold_font, size, x, self.depth + baseline_from_top, text, filled))
        self.depth += height + 1.5 * mm

    def qr(self, text: str) -> None:
        """The QR code, centred, with its quiet zone kept clear of everything else."""
        code = segno.make(text, error="m", micro=False)
        module = qr_module_mm * mm
        side = (len(code.matrix) + 2 * qr_quiet_zone_modules) * module
        self._qr_origin = (
            _margin_left + (_width - side) / 2 + qr_quiet_zone_modules * module,
            self.depth + qr_quiet_zone_modules * module,
        )
        self._qr_runs = qr_runs(code.matrix)
        self.depth += side

    def draw(self, canvas: Canvas, height: float) -> None:
        canvas.setLineWidth(0.6)
        canvas.setDash(2, 1.5)
        for depth in self._rules:
            canvas.line(_margin_left, height - depth, _margin_left + _width, height - depth)
        canvas.setDash()
        canvas.setLineWidth(1.2)
        for x, top, width, box_height, filled in self._boxes:
            canvas.rect(x, height - top - box_height, width, box_height, stroke=1, fill=1 if filled else 0)
        if self._qr_runs:
            # In module units, rows counted downwards from the code's top-left corner: the runs are
            # small integers, written as PDF operators directly (reportlab would format ~600 floats).
            # One path filled once: rasterisers draw it as one shape, without hairline gaps.
            module = qr_module_mm * mm
            x, depth = self._qr_origin
            canvas.saveState()
            canvas.transform(module, 0, 0, -module, x, height - depth)
            canvas.setFillGray(0)
            canvas.addLiteral("\n".join(self._qr_runs) + "\nf")
            canvas.restoreState()
        for font, size, x, depth, text, white in self._texts:
            canvas.setFillGray(1 if white else 0)
            canvas.setFont(font, size)
            canvas.drawString(x, height - depth, text)


def qr_runs(matrix: Sequence[Sequence[int]]) -> list[str]:
    """PDF rectangle operators, one per run of dark modules in a row: a third of the operators
    of one square per module, and no seams inside a run."""
    runs: list[str] = []
    for row_index, row in enumerate(matrix):
        column, count = 0, len(row)
        while column < count:
            if row[column]:
                start = column
                while column < count and row[column]:
                    column += 1
                runs.append(f"{start} {row_index} {column - start} 1 re")
            else:
                column += 1
    return runs

