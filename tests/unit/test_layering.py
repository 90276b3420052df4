"""The shape of the house, checked by the suite rather than by memory.

shared_core imports only the standard library and cryptography; desktop_app and sync_server
never import each other; the desktop's services, store and sync client never import Qt.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

repo_root = Path(__file__).resolve().parents[2]
shared_core_dir = repo_root / "shared_core"
allowed_third_party = {"cryptography"}


def _imported_top_level_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_shared_core_source_imports_only_stdlib_and_cryptography() -> None:
    offenders = {}
    for path in sorted(shared_core_dir.rglob("*.py")):
        foreign = {
            name
            for name in _imported_top_level_names(path)
            if name not in sys.stdlib_module_names and name not in allowed_third_party and name != "shared_core"
        }
        if foreign:
            offenders[str(path.relative_to(repo_root))] = sorted(foreign)
    assert offenders == {}


def test_importing_every_shared_core_module_loads_no_qt_sql_or_http() -> None:
    # A fresh interpreter, so nothing the test runner imported can hide a leak.
    probe = (
        "import importlib, json, pkgutil, sys\n"
        "import shared_core\n"
        "for module in pkgutil.walk_packages(shared_core.__path__, 'shared_core.'):\n"
        "    importlib.import_module(module.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=repo_root, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stdout))
    assert "shared_core.money" in loaded and "shared_core.operations" in loaded, "the probe imported nothing"
    forbidden_roots = {
        "PySide6", "shiboken6", "sqlalchemy", "sqlite3", "_sqlite3", "pymysql", "MySQLdb", "alembic",
        "httpx", "httpcore", "requests", "urllib3", "http", "falcon", "gunicorn", "waitress",
        "reportlab", "keyring", "platformdirs", "desktop_app", "sync_server",
    }
    leaked = sorted(name for name in loaded if name.split(".")[0] in forbidden_roots)
    assert leaked == []


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    if not lint_imports.exists():
        pytest.fail(f"import-linter is not installed beside {sys.executable}; run the README's test command")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=repo_root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout, result.stdout
