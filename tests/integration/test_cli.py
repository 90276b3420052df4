"""Both console scripts answer --help and --version, as a user would type them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from shared_core import __version__

scripts_dir = Path(sys.executable).parent


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    script = scripts_dir / arguments[0]
    if not script.exists():
        pytest.fail(f"{script} is not installed; run the README's test command")
    return subprocess.run([str(script), *arguments[1:]], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("program", ["wekeza-teller", "wekeza-server"])
def test_version(program: str) -> None:
    result = _run(program, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{program} {__version__}"


@pytest.mark.parametrize("program", ["wekeza-teller", "wekeza-server"])
def test_help(program: str) -> None:
    result = _run(program, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: {program}")


def test_server_help_lists_serve() -> None:
    result = _run("wekeza-server", "--help")
    assert "serve" in result.stdout


def test_server_without_a_command_prints_help_and_fails() -> None:
    result = _run("wekeza-server")
    assert result.returncode == 2
    assert "usage: wekeza-server" in result.stdout
