"""`wekeza-teller`: the teller and agent desktop app.

The window, enrolment and login arrive with the desktop issues; until then the command
answers --help and --version, and says plainly that the window is not built yet.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from shared_core import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wekeza-teller",
        description="Wekeza Teller & Agency: the offline-first desktop app for branch tellers, "
        "agency-banking agents and their supervisors.",
    )
    parser.add_argument("--version", action="version", version=f"wekeza-teller {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    build_parser().parse_args(argv)
    print(
        f"wekeza-teller {__version__}: the desktop window is not built yet in this release; "
        "the banking rules it will use are in shared_core.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
