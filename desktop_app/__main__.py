"""`wekeza-teller`: the teller and agent desktop app, and its maintenance commands.

`wekeza-teller journal verify` checks this device's journal. The window, enrolment and login
arrive with the desktop issues.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from shared_core import __version__


def _journal_verify(arguments: argparse.Namespace) -> int:
    from desktop_app.store.database import open_store
    from desktop_app.store.paths import store_path
    from desktop_app.store.replay import verify_journal

    path = store_path(arguments.data_dir)
    if not path.exists():
        print(f"no journal at {path}", file=sys.stderr)
        return 2
    store = open_store(path)
    try:
        with store.read() as connection:
            report = verify_journal(connection)
    finally:
        store.close()
    print(report.summary())
    for problem in report.problems[1:10]:
        print(f"  also: {problem.message}")
    return 0 if report.ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wekeza-teller",
        description="Wekeza Teller & Agency: the offline-first desktop app for branch tellers, "
        "agency-banking agents and their supervisors.",
    )
    parser.add_argument("--version", action="version", version=f"wekeza-teller {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    journal = commands.add_parser("journal", help="check this device's journal")
    journal_commands = journal.add_subparsers(dest="journal_command", metavar="ACTION", required=True)
    verify = journal_commands.add_parser(
        "verify",
        help="check the hash chain and that local state equals a replay of the journal",
        description="Exit 0 with a one-line summary when the journal is intact; non-zero, naming the "
        "first bad sequence, when it is not.",
    )
    verify.add_argument("--data-dir", type=Path, help="the device's data directory (default: the user's)")
    verify.set_defaults(handler=_journal_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        print(
            f"wekeza-teller {__version__}: the desktop window is not built yet in this release; "
            "`wekeza-teller journal verify` checks a device's journal.",
            file=sys.stderr,
        )
        return 1
    return arguments.handler(arguments)


if __name__ == "__main__":
    sys.exit(main())
