"""Server settings, read from the environment in one place (the CLI and wsgi.py).

The data directory holds what belongs to this server and to no database: its signing key, and the
embedded default database (an SQLite file). It is the user's data directory (platformdirs) unless
WEKEZA_SERVER_DATA_DIR says otherwise; WEKEZA_DATABASE_URL points the server at MySQL instead.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "wekeza-server"
port_default = 8600
bank_name_default = "Wekeza Bank"
database_file_name = "wekeza-server.sqlite3"
server_key_file_name = "server-key.ed25519"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def sqlite_url_in(data_dir: Path) -> str:
    """The embedded default: an SQLite file in the data directory."""
    return f"sqlite:///{(Path(data_dir) / database_file_name).as_posix()}"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    data_dir: Path = field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    port: int = port_default
    bank_name: str = bank_name_default  # told to each device at enrolment, printed on its receipts

    @property
    def server_key_path(self) -> Path:
        return Path(self.data_dir) / server_key_file_name

    @classmethod
    def from_environment(
        cls,
        environ: Mapping[str, str] = os.environ,
        *,
        data_dir: Path | None = None,
        database_url: str | None = None,
    ) -> Settings:
        """Settings from the environment; `data_dir` and `database_url` (from a command line) win."""
        data_dir = Path(data_dir or environ.get("WEKEZA_SERVER_DATA_DIR") or default_data_dir())
        return cls(
            database_url=database_url or environ.get("WEKEZA_DATABASE_URL") or sqlite_url_in(data_dir),
            data_dir=data_dir,
            host=environ.get("WEKEZA_HOST", "127.0.0.1"),
            port=int(environ.get("WEKEZA_PORT", str(port_default))),
            bank_name=environ.get("WEKEZA_BANK_NAME") or bank_name_default,
        )
