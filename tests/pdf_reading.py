"""Reading PDFs back as a person would: their text (pdftotext), their page count (pdfinfo),
and the QR code on a printed page (pdftoppm, then zbarimg)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

tool_timeout_s = 60


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is not installed. Run the README's test command (bash scripts/test): "
            "scripts/_setup.sh installs poppler-utils (pdftotext, pdftoppm, pdfinfo) "
            "and zbar-tools (zbarimg)."
        )
    return path


def _run(*command: str) -> str:
    result = subprocess.run(
        [_tool(command[0]), *command[1:]], capture_output=True, text=True, timeout=tool_timeout_s
    )
    assert result.returncode == 0, f"{command[0]} failed: {result.stderr}"
    return result.stdout


def pdf_text(pdf: bytes, tmp_path: Path, *, first_page: int | None = None) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    pages = ["-f", str(first_page), "-l", str(first_page)] if first_page else []
    return _run("pdftotext", "-layout", *pages, str(path), "-")


def pdf_info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    lines = _run("pdfinfo", str(path)).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def scan_qr(pdf: bytes, tmp_path: Path, *, dpi: int) -> str:
    """Print the receipt at `dpi` and scan it: the text of the one QR code on it."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf)
    _run("pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(path), str(tmp_path / "scan"))
    # zbarimg writes one line per code found; stderr may hold unrelated D-Bus chatter.
    return _run("zbarimg", "--raw", "-q", str(tmp_path / "scan.png")).rstrip("\n")
