"""`wekeza-teller`: the teller and agent desktop app, and its maintenance commands.

`wekeza-teller` opens the window (enrolment on the first run, then the login);
`wekeza-teller --smoke` opens the main window offscreen and exits 0; `wekeza-teller enrol`
enrols this PC without the window; `wekeza-teller journal verify` checks the device's journal.
Qt is imported only by the commands that open a window.
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


def _enrol(arguments: argparse.Namespace) -> int:
    from desktop_app.sync.client import LinkDown, ServerRefused
    from desktop_app.sync.keystore import InsecureKeyring
    from desktop_app.ui.backend import enrol, is_enrolled, open_device_store
    from shared_core.errors import DomainError

    store = open_device_store(arguments.data_dir)
    try:
        if is_enrolled(store):
            print("this device is already enrolled", file=sys.stderr)
            return 2
        try:
            device = enrol(store, arguments.server, arguments.code)
        except (DomainError, LinkDown, ServerRefused, InsecureKeyring) as error:
            print(f"enrolment failed: {error}", file=sys.stderr)
            return 1
    finally:
        store.close()
    print(f"enrolled as device {device.device_code} of {device.location_name} ({device.channel.value})")
    return 0


def _window(arguments: argparse.Namespace) -> int:
    if arguments.smoke:
        from desktop_app.ui.app import smoke

        return smoke()
    from desktop_app.ui.app import run

    return run(arguments.data_dir, server_url=arguments.server or "")


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's own default must not overwrite a --data-dir given before it.
    parser.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help="the device's data directory (default: the user's)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wekeza-teller",
        description="Wekeza Teller & Agency: the offline-first desktop app for branch tellers, "
        "agency-banking agents and their supervisors.",
    )
    parser.add_argument("--version", action="version", version=f"wekeza-teller {__version__}")
    parser.add_argument("--smoke", action="store_true", help="open the main window offscreen and exit 0 if it opens")
    parser.add_argument("--data-dir", type=Path, help="the device's data directory (default: the user's)")
    parser.add_argument("--server", help="the server address to offer at enrolment")
    parser.set_defaults(handler=_window)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    enrol = commands.add_parser(
        "enrol",
        help="enrol this PC as a device of the bank, without the window",
        description="Make the device key (kept in the OS keyring) and register it with the one-time code "
        "head office issued.",
    )
    enrol.add_argument("--server", required=True, help="the sync server, e.g. https://sync.wekeza.example")
    enrol.add_argument("--code", required=True, help="the one-time enrolment code")
    _data_dir_option(enrol)
    enrol.set_defaults(handler=_enrol)
    journal = commands.add_parser("journal", help="check this device's journal")
    journal_commands = journal.add_subparsers(dest="journal_command", metavar="ACTION", required=True)
    verify = journal_commands.add_parser(
        "verify",
        help="check the hash chain and that local state equals a replay of the journal",
        description="Exit 0 with a one-line summary when the journal is intact; non-zero, naming the "
        "first bad sequence, when it is not.",
    )
    _data_dir_option(verify)
    verify.set_defaults(handler=_journal_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    return arguments.handler(arguments)


if __name__ == "__main__":
    sys.exit(main())
