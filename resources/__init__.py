"""Data shipped with the product: limit tables, fonts, icons, translations, demo seed data.

A package only so that its files install with the distribution and PyInstaller finds them;
the code that reads a file lives with its caller, through `resource_bytes`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_bytes(relative_path: str) -> bytes:
    """The bytes of a shipped file, e.g. resource_bytes('limits/limit_table.json')."""
    node = resources.files(__name__)
    for part in relative_path.split("/"):
        node = node.joinpath(part)
    return node.read_bytes()


def resource_path(relative_path: str) -> Path:
    """A shipped file or folder on disk, for the APIs that take a path (Qt's translators, fonts).
    The distribution and the PyInstaller bundle both install resources as plain files."""
    return Path(str(resources.files(__name__))).joinpath(*relative_path.split("/"))
