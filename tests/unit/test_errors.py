"""Every domain error has its own stable code; money invariants survive `python -O`."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from shared_core.errors import (
    DomainError,
    InvariantBroken,
    LimitExceeded,
    Refused,
    Violation,
    all_error_classes,
    ensure,
)


def test_every_error_code_is_unique_and_snake_case() -> None:
    classes = all_error_classes()
    codes = [cls.code for cls in classes]
    assert len(classes) > 20
    assert len(codes) == len(set(codes)), sorted(code for code in codes if codes.count(code) > 1)
    assert all(re.fullmatch(r"[a-z]+(_[a-z0-9]+)*", code) for code in codes), codes


def test_an_error_carries_its_code_message_and_details() -> None:
    error = LimitExceeded("Daily limit of KES 50,000.00 reached", limit="per_day", tier=1)
    assert isinstance(error, Refused) and isinstance(error, DomainError)
    assert error.code == "limit_exceeded"
    assert error.message == "Daily limit of KES 50,000.00 reached"
    assert error.details == {"limit": "per_day", "tier": 1}
    assert str(error) == "Daily limit of KES 50,000.00 reached [limit_exceeded]"


def test_ensure_raises_invariant_broken() -> None:
    ensure(True, "never raised")
    with pytest.raises(InvariantBroken, match="entry does not balance"):
        ensure(False, "entry does not balance")


def test_ensure_survives_python_dash_o() -> None:
    # `assert` disappears under -O; the checks that guard money must not.
    probe = (
        "from shared_core.errors import ensure, InvariantBroken\n"
        "assert False, 'asserts are stripped under -O'\n"
        "try:\n    ensure(False, 'unbalanced')\nexcept InvariantBroken:\n    print('guarded')\n"
    )
    result = subprocess.run([sys.executable, "-O", "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "guarded"


def test_a_violation_names_its_code_and_message() -> None:
    violation = Violation("sequence_gap", "entry 7 follows entry 5", subject="AG-K7Q2")
    assert (violation.code, violation.subject) == ("sequence_gap", "AG-K7Q2")
