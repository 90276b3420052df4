"""The desktop installer, built as a release would be: `installer/build.py` runs PyInstaller on
installer/wekeza_teller.spec into a temporary folder, once per test session (about a minute), and
the bundle it makes is then run with nothing of this checkout or its virtual environment around.

What a branch PC gets must open the main window for every role in English and Swahili (`--smoke`,
offscreen), say its version, carry what the app only loads at run time (keyring backends, the
store's migrations, PDFium, the Swahili translation), and carry no web engine, QML or Qt PDF module.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PyInstaller.archive.readers import CArchiveReader

from shared_core import __version__

repo_root = Path(__file__).resolve().parents[2]
bundle_name = "wekeza-teller"
build_timeout_s = 900  # measured: about 60 s warm, under 2 minutes on a cold cache
run_timeout_s = 120
# On Windows the app is windowed (no console to print to); its console twin prints.
executable_name = "wekeza-teller-console.exe" if os.name == "nt" else "wekeza-teller"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(build_timeout_s + 2 * run_timeout_s)]


def _build(shared: Path) -> dict:
    """Build the bundle into `shared` once, whichever pytest worker asks first; the others wait for
    its answer (written last, whole) instead of building again."""
    answer_file = shared / "bundle-build.json"
    try:
        os.close(os.open(shared / "bundle-build.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        deadline = time.monotonic() + build_timeout_s
        while not answer_file.exists():
            assert time.monotonic() < deadline, "another worker's build of the bundle did not finish"
            time.sleep(1)
        return json.loads(answer_file.read_text(encoding="utf-8"))
    started = time.monotonic()
    built = subprocess.run(
        [sys.executable, str(repo_root / "installer" / "build.py"),
         "--dist", str(shared / "dist"), "--work", str(shared / "work")],
        capture_output=True, text=True, timeout=build_timeout_s, cwd=repo_root,
    )
    answer = {"returncode": built.returncode, "output": built.stdout + built.stderr,
              "seconds": round(time.monotonic() - started), "bundle": str(shared / "dist" / bundle_name)}
    draft = answer_file.with_suffix(".draft")
    draft.write_text(json.dumps(answer), encoding="utf-8")
    draft.replace(answer_file)
    return answer


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built bundle's folder. Under pytest-xdist the workers share one build."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    answer = _build(shared)
    assert answer["returncode"] == 0, f"installer/build.py failed:\n{answer['output'][-6000:]}"
    summary = [line for line in answer["output"].splitlines() if line.startswith("bundle:")]
    print("\n" + "\n".join(summary))  # size, file count and build time, shown with `pytest -s`
    return Path(answer["bundle"])


def _run_bundle(bundle: Path, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The bundled app in a bare environment: no PYTHONPATH, no virtual environment, not in the repo."""
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith(("PYTHON", "VIRTUAL_ENV", "QT_"))}
    environment["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run([str(bundle / executable_name), *arguments], capture_output=True, text=True,
                          env=environment, cwd=cwd, timeout=run_timeout_s)


def _bundle_files(bundle: Path) -> list[str]:
    return [path.relative_to(bundle).as_posix() for path in bundle.rglob("*") if path.is_file()]


def _frozen_modules(bundle: Path) -> set[str]:
    """The Python modules frozen into the executable's archive."""
    archive = CArchiveReader(str(bundle / executable_name))
    return set(archive.open_embedded_archive("PYZ.pyz").toc)


def test_the_bundle_opens_the_main_window_for_every_role_in_both_languages(
    bundle: Path, tmp_path: Path
) -> None:
    smoke = _run_bundle(bundle, "--smoke", cwd=tmp_path)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    opened = [line for line in smoke.stdout.splitlines() if line.startswith("smoke: main window opened")]
    line = opened[0] if opened else ""
    for role in ("teller", "supervisor", "head_office"):
        for language in ("en", "sw"):
            assert f"{role}/{language}:" in line, f"{role}/{language} missing from: {smoke.stdout}"


def test_the_bundle_says_its_version(bundle: Path, tmp_path: Path) -> None:
    answer = _run_bundle(bundle, "--version", cwd=tmp_path)
    assert (answer.returncode, answer.stdout.strip()) == (0, f"wekeza-teller {__version__}")


def test_the_bundle_has_no_web_engine_qml_or_qt_pdf(bundle: Path) -> None:
    # Linux libQt6WebEngineCore.so.6, Windows Qt6Qml.dll, macOS QtPdf.framework, the qpdf image plugin.
    unwanted = re.compile(
        r"Qt6?(WebEngine|Qml|Quick|Pdf|3D|Multimedia|Designer)|/qml/|(lib)?qpdf\.(so|dll|dylib)")
    assert [path for path in _bundle_files(bundle) if unwanted.search(path)] == []
    frozen = _frozen_modules(bundle)
    not_the_desktops = ("sync_server", "falcon", "gunicorn", "pymysql", "pytest", "tkinter", "numpy",
                        "keyrings.alt")
    assert [module for module in not_the_desktops if module in frozen] == []


def test_the_bundle_carries_what_the_app_loads_only_at_run_time(bundle: Path) -> None:
    names = {Path(path).name for path in _bundle_files(bundle)}
    expected_files = {
        "wekeza_sw.qm",  # the Swahili window
        "DejaVuSans.ttf", "DejaVuSans-Bold.ttf",  # receipts' fonts
        "limit_table.json", "allowance_policy.json", "seed.json",
        "env.py", "script.py.mako", "0001_initial.py",  # the store's migrations, run at every start
    }
    assert expected_files <= names, f"missing: {expected_files - names}"
    window_plugin = {"win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform, "qxcb")
    for plugin in ("qoffscreen", window_plugin):  # the platform plugins: --smoke's, and the PC's own
        assert any(name.removeprefix("lib").startswith(f"{plugin}.") for name in names), f"no {plugin} plugin"
    assert any(re.fullmatch(r"(lib)?qjpeg\.(so|dll|dylib)", name) for name in names), "no JPEG plugin"
    assert any(re.match(r"(lib)?pdfium\.(so|dll|dylib)", name) for name in names), "no PDFium library"
    assert any(name.startswith("QtPrintSupport.") for name in names), "no PySide6.QtPrintSupport"

    frozen = _frozen_modules(bundle)
    modules_of_ours = {
        ".".join(path.relative_to(repo_root).with_suffix("").parts).removesuffix(".__init__")
        for package in ("shared_core", "desktop_app") for path in (repo_root / package).rglob("*.py")
        if "migrations" not in path.parts
    }
    assert modules_of_ours <= frozen, f"not frozen in: {sorted(modules_of_ours - frozen)}"
    loaded_by_name = {
        "keyring.backends.Windows", "keyring.backends.macOS", "keyring.backends.SecretService",
        "alembic.op", "alembic.context", "alembic.ddl.sqlite", "sqlalchemy.dialects.sqlite",
        "pypdfium2",
    }
    assert loaded_by_name <= frozen, f"not frozen in: {sorted(loaded_by_name - frozen)}"
