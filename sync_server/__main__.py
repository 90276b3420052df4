"""`wekeza-server`: serve and administer the sync server.

Subcommands grow with the product; each is a small function taking parsed arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from shared_core import __version__
from sync_server.settings import Settings

serve_threads_default = 8


def _serve(arguments: argparse.Namespace, settings: Settings) -> int:
    import waitress  # imported here so `--help` stays fast and needs no server packages

    from sync_server.app import create_app
    from sync_server.db.engine import Database

    database = Database(arguments.database_url or settings.database_url)
    host = arguments.host or settings.host
    port = arguments.port or settings.port
    application = create_app(settings, database)
    print(
        f"Wekeza sync server {__version__} on http://{host}:{port} "
        f"(database: {database.backend}); health: http://{host}:{port}/v1/health",
        flush=True,
    )
    waitress.serve(application, host=host, port=port, threads=arguments.threads, ident="wekeza-server")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wekeza-server",
        description="Wekeza sync server: ingests devices' signed batches into the central ledger.",
    )
    parser.add_argument("--version", action="version", version=f"wekeza-server {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="serve the JSON API with waitress (gunicorn: sync_server.wsgi:application)",
        description="Serve the JSON API. Settings come from WEKEZA_DATABASE_URL, WEKEZA_HOST and "
        "WEKEZA_PORT unless given here; the default database is an SQLite file in the user's data "
        "directory.",
    )
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8600)")
    serve.add_argument("--database-url", help="sqlite:///PATH or mysql+pymysql://USER@HOST/DB")
    serve.add_argument("--threads", type=int, default=serve_threads_default, help="worker threads")
    serve.set_defaults(handler=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return 2
    return arguments.handler(arguments, Settings.from_environment())


if __name__ == "__main__":
    sys.exit(main())
