"""Developers: refresh resources/translations/*.ts from the desktop UI's code with pyside6-lupdate,
then build the .qm files the app loads with pyside6-lrelease. Translators edit the .ts files with
Qt Linguist (pyside6-linguist).

    .venv/bin/python scripts/translations.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("sw",)


def main() -> int:
    bin_dir = Path(sys.executable).parent
    sources = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "desktop_app" / "ui").rglob("*.py"))
    for language in LANGUAGES:
        ts = f"resources/translations/wekeza_{language}.ts"
        subprocess.run([str(bin_dir / "pyside6-lupdate"), *sources, "-ts", ts, "-no-obsolete"], cwd=ROOT, check=True)
        qm = ts.removesuffix(".ts") + ".qm"
        subprocess.run([str(bin_dir / "pyside6-lrelease"), ts, "-qm", qm], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
