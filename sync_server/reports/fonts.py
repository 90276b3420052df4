"""The typeface of the server's reports: DejaVu Sans, embedded, read from the shipped resources.

The same files the desktop's documents embed (resources/fonts, Bitstream Vera licence), registered
under names of the server's own: the two never share reportlab's registry by accident, and any
teller's or customer's name prints, which the PDF standard fonts (Latin-1 only) would not.
"""

from __future__ import annotations

import io
import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from resources import resource_bytes

regular_font = "WekezaReportSans"
bold_font = "WekezaReportSans-Bold"
_FONT_FILES = ((regular_font, "fonts/DejaVuSans.ttf"), (bold_font, "fonts/DejaVuSans-Bold.ttf"))

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts once per process (parsing a TTF takes milliseconds: not at import)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, path in _FONT_FILES:
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(resource_bytes(path))))
        pdfmetrics.registerFontFamily(
            regular_font, normal=regular_font, bold=bold_font, italic=regular_font, boldItalic=bold_font
        )
        _registered = True
