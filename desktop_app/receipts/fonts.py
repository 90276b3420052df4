"""The typeface of every printed document: DejaVu Sans, embedded, so any customer's name prints.

The PDF standard fonts hold Latin-1 only: "Wanjiků" or "Ñjoroge" would print as boxes or be
refused. DejaVu (Bitstream Vera licence, resources/fonts/LICENSE-DejaVu.txt) covers Latin,
Greek, Cyrillic and more; reportlab embeds only the glyphs a document uses.
"""

from __future__ import annotations

import io
import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from resources import resource_bytes

regular_font = "DejaVuSans"
bold_font = "DejaVuSans-Bold"
_FONT_FILES = ((regular_font, "fonts/DejaVuSans.ttf"), (bold_font, "fonts/DejaVuSans-Bold.ttf"))

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts with reportlab once per process; later calls cost one flag check.

    Parsing a TTF takes a few milliseconds, so it happens on the first document, not at import.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, path in _FONT_FILES:
            # TTFont reads a file-like object whole, so the shipped bytes need no temporary file.
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(resource_bytes(path))))
        # Paragraph markup (<b>) finds the bold face through the family; no italic face is shipped.
        pdfmetrics.registerFontFamily(
            regular_font, normal=regular_font, bold=bold_font, italic=regular_font, boldItalic=bold_font
        )
        _registered = True
