"""The server's A4 page: a running header, a footer that says 'Page 2 of 5', plain grid tables.

The same page as the desktop's documents (desktop_app/receipts/a4.py), which the server may not
import. The page total is known only when the last page is laid out, so each page's header and
footer are drawn at save time by a canvas that holds the finished pages back until then.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from sync_server.reports.fonts import bold_font, register_fonts, regular_font

page_width, page_height = A4
margin_side = 15 * mm
margin_top = 28 * mm  # room for the running header
margin_bottom = 18 * mm  # room for the footer
content_width = page_width - 2 * margin_side
header_lines_max = 3

LIGHT_GREY = colors.Color(0.92, 0.92, 0.92)
MID_GREY = colors.Color(0.55, 0.55, 0.55)


def paragraph_style(name: str, *, size: float = 9, bold: bool = False, right: bool = False) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=bold_font if bold else regular_font,
        fontSize=size,
        leading=size * 1.25,
        alignment=TA_RIGHT if right else 0,
    )


def escape_markup(text: str) -> str:
    """A Paragraph reads markup: text holding '<' or '&' must print as written, not as tags."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def table_style(*, amount_columns: Sequence[int] = ()) -> list[tuple[Any, ...]]:
    """A plain grid: a grey header row, hairlines between rows, amounts right-aligned."""
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), regular_font),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("LEADING", (0, 0), (-1, -1), 9.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, MID_GREY),
        ("FONTNAME", (0, 0), (-1, 0), bold_font),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT_GREY),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
    ]
    for column in amount_columns:
        commands.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    return commands


def build_a4(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    header_left: Sequence[str],
    header_right: Sequence[str],
    footer_text: str,
) -> bytes:
    """Lay `story` out on A4 pages with the running header and a numbered footer; the PDF bytes."""
    assert 1 <= len(header_left) <= header_lines_max and len(header_right) <= header_lines_max
    register_fonts()
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=author,
        invariant=1,  # no creation time: the same report gives the same bytes
        pageCompression=1,
    )
    frame = Frame(
        margin_side,
        margin_bottom,
        content_width,
        page_height - margin_top - margin_bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    document.addPageTemplates([PageTemplate(id="a4", frames=[frame])])
    page_frame = _PageFrame(tuple(header_left), tuple(header_right), footer_text)
    document.build(story, canvasmaker=_numbered_canvas(page_frame))
    return buffer.getvalue()


class _PageFrame:
    """What is drawn around every page's content: the header block and the footer line."""

    __slots__ = ("footer_text", "header_left", "header_right")

    def __init__(self, header_left: tuple[str, ...], header_right: tuple[str, ...], footer_text: str) -> None:
        self.header_left = header_left
        self.header_right = header_right
        self.footer_text = footer_text

    def draw(self, canvas: Canvas, page_number: int, page_count: int) -> None:
        canvas.saveState()
        top = page_height - 13 * mm
        for index, line in enumerate(self.header_left):
            font, size = (bold_font, 12) if index == 0 else (regular_font, 9)
            canvas.setFont(font, size)
            canvas.drawString(margin_side, top - index * 12, line)
        canvas.setFont(regular_font, 9)
        for index, line in enumerate(self.header_right):
            canvas.drawRightString(page_width - margin_side, top - index * 12, line)
        rule_y = page_height - margin_top + 4 * mm
        canvas.setLineWidth(0.8)
        canvas.line(margin_side, rule_y, page_width - margin_side, rule_y)
        footer_y = margin_bottom - 9 * mm
        canvas.setLineWidth(0.4)
        canvas.line(margin_side, footer_y + 10, page_width - margin_side, footer_y + 10)
        canvas.setFont(regular_font, 8)
        canvas.drawString(margin_side, footer_y, self.footer_text)
        canvas.setFont(bold_font, 8)
        canvas.drawRightString(page_width - margin_side, footer_y, f"Page {page_number} of {page_count}")
        canvas.restoreState()


def _numbered_canvas(page_frame: _PageFrame) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Holds each finished page back until save(), when the page count is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._page_states: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            page_count = len(self._page_states)
            for page_number, state in enumerate(self._page_states, start=1):
                self.__dict__.update(state)
                page_frame.draw(self, page_number, page_count)
                super().showPage()
            super().save()

    return NumberedCanvas
