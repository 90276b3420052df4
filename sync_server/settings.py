"""Server settings, read from the environment in one place (the CLI and wsgi.py)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "wekeza-server"
port_default = 8600


def default_database_url() -> str:
    """The embedded default: an SQLite file in this user's data directory."""
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{(data_dir / 'wekeza-server.sqlite3').as_posix()}"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    host: str = "127.0.0.1"
    port: int = port_default

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            database_url=environ.get("WEKEZA_DATABASE_URL") or default_database_url(),
            host=environ.get("WEKEZA_HOST", "127.0.0.1"),
            port=int(environ.get("WEKEZA_PORT", str(port_default))),
        )
