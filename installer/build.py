"""Build the desktop app's one-folder bundle with PyInstaller, then check what went into it.

    .venv/bin/python installer/build.py [--dist DIR] [--work DIR] [--clean]

The bundle is DIST/wekeza-teller/ (default dist/ at the top of the checkout): ship the whole
folder; the app inside is wekeza-teller (wekeza-teller.exe on Windows). PyInstaller's working
files go to WORK (default build/). Prints the bundle's size and file count; exits 1 if a file of
a Qt module the app leaves out (web engine, QML, PDF...: bundle_policy.py) slipped in.
Build on each target OS for that OS: PyInstaller does not cross-compile.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import PyInstaller.__main__
from PyInstaller.depend.bindepend import get_imports

from bundle_policy import files_left_out

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "wekeza_teller.spec"
BUNDLE_NAME = "wekeza-teller"
bytes_per_mb = 1024 * 1024
# A Qt library as a binary names it: libQt6Gui.so.6, Qt6Gui.dll, @rpath/QtGui.framework/.../QtGui.
_QT_LIBRARY = re.compile(r"^(lib)?Qt6?[A-Z0-9]\w*(\.|$)")
_BINARY_SUFFIXES = (".so", ".dll", ".pyd", ".dylib")


@dataclass(frozen=True, slots=True)
class BundleReport:
    folder: Path
    size_bytes: int
    file_count: int
    left_out_but_present: tuple[str, ...]
    missing_qt_libraries: tuple[str, ...]  # "plugin -> library" for each link that cannot load

    @property
    def ok(self) -> bool:
        return not self.left_out_but_present and not self.missing_qt_libraries

    def summary(self) -> str:
        return (f"bundle: {self.folder} — {self.size_bytes / bytes_per_mb:.1f} MB "
                f"in {self.file_count} files")


def _is_binary(path: Path) -> bool:
    in_framework = any(part.endswith(".framework") for part in path.parts)  # macOS: QtGui.framework/.../QtGui
    return path.suffix in _BINARY_SUFFIXES or ".so." in path.name or (in_framework and not path.suffix)


def missing_qt_libraries(folder: Path, files: list[Path]) -> list[str]:
    """Each Qt library that a Qt binary in the bundle links but the bundle lacks, as "binary -> library"."""
    present = {path.name for path in folder.rglob("*")}
    missing = set()
    for path in files:
        if "PySide6" not in path.relative_to(folder).parts or not _is_binary(path):
            continue
        for name, _resolved in get_imports(str(path)):
            library = re.split(r"[/\\]", name)[-1]
            if _QT_LIBRARY.match(library) and library not in present:
                missing.add(f"{path.relative_to(folder).as_posix()} -> {library}")
    return sorted(missing)


def inspect_bundle(folder: Path) -> BundleReport:
    # Symlinks (PyInstaller links Linux libraries into the top folder) are counted once, as their target.
    entries = [path for path in folder.rglob("*") if path.is_file()]
    files = [path for path in entries if not path.is_symlink()]
    return BundleReport(
        folder=folder,
        size_bytes=sum(path.stat().st_size for path in files),
        file_count=len(files),
        left_out_but_present=tuple(files_left_out(path.relative_to(folder).as_posix() for path in entries)),
        missing_qt_libraries=tuple(missing_qt_libraries(folder, files)),
    )


def build(dist: Path, work: Path, *, clean: bool = False) -> BundleReport:
    """Run PyInstaller on the spec; the bundle lands in dist/wekeza-teller."""
    arguments = [str(SPEC), "--noconfirm", "--distpath", str(dist), "--workpath", str(work),
                 "--log-level", "WARN"]
    if clean:
        arguments.append("--clean")
    PyInstaller.__main__.run(arguments)
    return inspect_bundle(dist / BUNDLE_NAME)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="installer/build.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the bundle goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build",
                        help="PyInstaller's working files (default: build/)")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    arguments = parser.parse_args(argv)
    started = time.monotonic()
    report = build(arguments.dist.resolve(), arguments.work.resolve(), clean=arguments.clean)
    print(f"{report.summary()}; built in {time.monotonic() - started:.0f} s")
    if report.left_out_but_present:
        print(f"{len(report.left_out_but_present)} files of modules the app leaves out slipped in "
              "(see installer/bundle_policy.py):", file=sys.stderr)
        for path in report.left_out_but_present:
            print(f"  {path}", file=sys.stderr)
    if report.missing_qt_libraries:
        print("Qt binaries in the bundle link Qt libraries it lacks (keep the library, or drop the "
              "binary, in installer/bundle_policy.py):", file=sys.stderr)
        for link in report.missing_qt_libraries:
            print(f"  {link}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
