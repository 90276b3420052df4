"""Password hashes users log in with, online at the server and offline on a device.

The server stores the hash and hands it to the devices a user may work on, so a stolen
laptop must not make passwords cheap to guess: scrypt is memory-hard (16 MiB a guess here).
The salt comes from the caller (`secrets.token_bytes`), keeping this module free of I/O.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from shared_core.errors import InvalidInput

scrypt_n = 2**14
scrypt_r = 8
scrypt_p = 1
scrypt_memory_bytes_max = 64 * 1024 * 1024
hash_bytes = 32
salt_bytes_min = 16
password_length_min = 8
password_length_max = 256
_SCHEME = "scrypt"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=scrypt_memory_bytes_max, dklen=hash_bytes
    )


def check_password_policy(password: str) -> None:
    if len(password) < password_length_min:
        raise InvalidInput(f"A password needs at least {password_length_min} characters")
    if len(password) > password_length_max:
        raise InvalidInput(f"A password may have at most {password_length_max} characters")
    if password.strip() != password:
        raise InvalidInput("A password may not start or end with a space")


def hash_password(password: str, salt: bytes) -> str:
    """'scrypt$N$r$p$salt$hash' (base64), for a password that meets the policy."""
    check_password_policy(password)
    if len(salt) < salt_bytes_min:
        raise ValueError(f"salt must have at least {salt_bytes_min} bytes")
    digest = _derive(password, salt, scrypt_n, scrypt_r, scrypt_p)
    return f"{_SCHEME}${scrypt_n}${scrypt_r}${scrypt_p}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """True when the password matches; False for a wrong password or an unreadable hash."""
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        return False
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except ValueError:
        return False
    # Refuse parameters that would make one login take unbounded memory or time.
    if not (2 <= n <= 2**17 and n & (n - 1) == 0 and 1 <= r <= 16 and 1 <= p <= 4 and len(expected) == hash_bytes):
        return False
    if len(password) > password_length_max:
        return False
    return hmac.compare_digest(_derive(password, salt, n, r, p), expected)


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    """After `failures_max` wrong passwords in a row a user is locked out for `lock_s` seconds."""

    failures_max: int = 5
    lock_s: int = 15 * 60

    def __post_init__(self) -> None:
        assert self.failures_max >= 1 and self.lock_s >= 0


def locked_until_s(policy: LockoutPolicy, consecutive_failures: int, last_failure_at_s: int | None) -> int | None:
    """When a lockout ends (epoch seconds), or None when the user is not locked out."""
    if consecutive_failures < policy.failures_max or last_failure_at_s is None:
        return None
    return last_failure_at_s + policy.lock_s


def is_locked_out(policy: LockoutPolicy, consecutive_failures: int, last_failure_at_s: int | None, now_s: int) -> bool:
    until = locked_until_s(policy, consecutive_failures, last_failure_at_s)
    return until is not None and now_s < until
