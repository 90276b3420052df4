"""Where the device keeps its data: the user's data directory, through platformdirs, so the
same code finds the right place on Windows, macOS and Linux."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "WekezaTeller"
APP_AUTHOR = "Wekeza"
STORE_FILE_NAME = "journal.sqlite3"


def default_data_dir() -> Path:
    override = os.environ.get("WEKEZA_TELLER_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def store_path(data_dir: Path | None = None) -> Path:
    return (data_dir or default_data_dir()) / STORE_FILE_NAME
