"""Data shipped with the product: limit tables, fonts, icons, translations, demo seed data.

A package only so that its files install with the distribution and PyInstaller finds them;
the code that reads a file lives with its caller, through `resource_bytes`.
"""

from __future__ import annotations

from importlib import resources


def resource_bytes(relative_path: str) -> bytes:
    """The bytes of a shipped file, e.g. resource_bytes('limits/limit_table.json')."""
    node = resources.files(__name__)
    for part in relative_path.split("/"):
        node = node.joinpath(part)
    return node.read_bytes()
