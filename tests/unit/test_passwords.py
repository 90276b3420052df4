"""Password hashes: memory-hard, salted, verified in constant time; lockout after failures."""

from __future__ import annotations

import pytest

from shared_core.errors import InvalidInput
from shared_core.passwords import (
    LockoutPolicy,
    hash_password,
    is_locked_out,
    locked_until_s,
    verify_password,
)

salt = bytes(range(16))


def test_the_right_password_verifies_and_a_wrong_one_does_not() -> None:
    encoded = hash_password("Juma-2026!", salt)
    assert encoded.startswith("scrypt$16384$8$1$")
    assert verify_password("Juma-2026!", encoded)
    assert not verify_password("juma-2026!", encoded)
    assert not verify_password("", encoded)


def test_the_same_password_with_another_salt_hashes_differently() -> None:
    assert hash_password("Juma-2026!", salt) != hash_password("Juma-2026!", bytes(16))


@pytest.mark.parametrize("encoded", ["", "plain", "scrypt$1$8$1$AA==$AA==", "md5$x$y$z$a$b",
                                     "scrypt$16384$8$1$!!$AA==", "scrypt$1048576$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44])
def test_an_unreadable_or_dangerous_hash_never_verifies(encoded: str) -> None:
    assert not verify_password("Juma-2026!", encoded)


@pytest.mark.parametrize("password", ["short", " leading-space", "trailing-space ", "x" * 257])
def test_passwords_outside_the_policy_are_refused(password: str) -> None:
    with pytest.raises(InvalidInput):
        hash_password(password, salt)


def test_a_short_salt_is_a_programmer_error() -> None:
    with pytest.raises(ValueError):
        hash_password("Juma-2026!", b"short")


def test_lockout_after_five_failures_for_fifteen_minutes() -> None:
    policy = LockoutPolicy()
    assert not is_locked_out(policy, 4, 1_000, 1_001)
    assert is_locked_out(policy, 5, 1_000, 1_001)
    assert locked_until_s(policy, 5, 1_000) == 1_000 + 900
    assert is_locked_out(policy, 5, 1_000, 1_899)
    assert not is_locked_out(policy, 5, 1_000, 1_900)
    assert not is_locked_out(policy, 0, None, 1_000)
