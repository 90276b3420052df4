"""Online login for supervisors and head office, and the user tokens that carry it.

Tellers and agents log in at their device, offline, against the hashes a pull brings; online,
only the roles that work the approvals queue log in (`online_roles`). A login checks the scrypt
hash (shared_core.passwords) and the lockout: `LockoutPolicy.failures_max` wrong passwords in a
row lock the user out for `lock_s`, counted here on the user's row, so every worker and every
host behind the load balancer counts the same failures.

A token is a JWT signed with the server's own Ed25519 key (alg EdDSA): claims sub (the user id),
role, iat, exp and jti. It lives `token_lifetime_s` (30 minutes): long enough for a supervisor's
round of the queue, short enough that a token copied off a screen or a proxy log is soon
worthless; there is no refresh, the user logs in again. A token proves only who logged in: on
every request the user is read again (`verify_token`), so a user head office deactivates, or
whose role it changes, is refused at once, whatever their token says.

The same key signs acknowledgements and allowances with shared_core.signing's contexts; a JWT's
signed bytes are base64url text starting 'eyJ', never a context label and a zero byte, so a
token's signature can be taken for no other and no other for a token's. Expiry is checked against
the server's clock passed in, not PyJWT's own reading of the system clock.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Connection, select, update

from shared_core.errors import (
    AuthenticationFailed,
    DomainError,
    InvalidInput,
    LockedOut,
    RoleNotAllowed,
    TokenExpired,
    TokenInvalid,
)
from shared_core.journal import format_timestamp, parse_timestamp, require_timestamp, user_id_length_max
from shared_core.passwords import (
    LockoutPolicy,
    hash_password,
    is_locked_out,
    locked_until_s,
    password_length_max,
    verify_password,
)
from shared_core.roles import Role, parse_role
from sync_server.db import schema
from sync_server.db.engine import Database
from sync_server.db.unit_of_work import UnitOfWork

token_lifetime_s = 30 * 60
token_chars_max = 2048  # a token of ours is about 400; anything far longer is not one
token_algorithm = "EdDSA"
# A corporate director logs in online to approve their business's payroll runs (services.payroll).
online_roles = frozenset({Role.SUPERVISOR, Role.HEAD_OFFICE, Role.DIRECTOR})
lockout_policy_default = LockoutPolicy()  # 5 wrong in a row: 15 minutes out, as on the devices
_CLAIMS = ("sub", "role", "iat", "exp", "jti")
_WRONG = "Wrong user name or password"

_u = schema.users.c


@dataclass(frozen=True, slots=True)
class User:
    """Who a token (or a login) proved to be, as the database says now."""

    user_id: str
    display_name: str
    role: Role
    location_code: str | None

    def to_wire(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "display_name": self.display_name,
            "role": self.role.value,
            "location_code": self.location_code,
        }


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    expires_at: str  # the wire's UTC text
    user: User

    def to_wire(self) -> dict[str, Any]:
        return {"token": self.token, "expires_at": self.expires_at, "user": self.user.to_wire()}


def _epoch_s(timestamp: str) -> int:
    return int(parse_timestamp(timestamp).timestamp())


def _timestamp_of(epoch_s: int) -> str:
    return format_timestamp(datetime.fromtimestamp(epoch_s, tz=timezone.utc))


@functools.cache
def _decoy_hash() -> str:
    """A hash no password matches: an unknown user id costs a login as long as a known one's, so
    the time of the answer does not tell which user ids exist."""
    return hash_password(secrets.token_urlsafe(24), secrets.token_bytes(16))


def log_in(
    database: Database,
    *,
    user_id: object,
    password: object,
    now: str,
    server_key: Ed25519PrivateKey,
    policy: LockoutPolicy = lockout_policy_default,
) -> IssuedToken:
    """A token for a supervisor or head office user whose password is right.

    AuthenticationFailed for an unknown user, a wrong password or a deactivated user (one answer
    for all three); LockedOut after too many wrong passwords in a row; RoleNotAllowed (only once
    the password was right, so a stranger learns no one's role) for the roles that log in at
    their device.
    """
    require_timestamp(now, "now")
    user_id, password = _credentials(user_id, password)
    now_s = _epoch_s(now)
    with database.engine.connect() as connection:
        row = _user_row(connection, user_id)
    if row is None:
        verify_password(password, _decoy_hash())
        raise AuthenticationFailed(_WRONG, user_id=user_id)
    _refuse_if_locked_out(policy, row, now_s)
    # The slow scrypt check runs outside any transaction (on SQLite a writer holds the whole
    # database); its outcome is then recorded on the row locked afresh, where the lockout is
    # checked again: of guesses sent in parallel, none is accepted once `failures_max` failed.
    right = verify_password(password, row.password_hash)
    with UnitOfWork(database) as uow:
        outcome = _record(uow.connection, user_id, right, policy, now=now, now_s=now_s)
        uow.commit()
    if isinstance(outcome, DomainError):
        raise outcome
    return issue_token(outcome, now=now, server_key=server_key)


def _credentials(user_id: object, password: object) -> tuple[str, str]:
    if not isinstance(user_id, str) or not 0 < len(user_id.strip()) <= user_id_length_max:
        raise InvalidInput(f"user_id: the user's id, 1 to {user_id_length_max} characters", field="user_id")
    if not isinstance(password, str) or not 0 < len(password) <= password_length_max:
        raise InvalidInput(f"password: 1 to {password_length_max} characters", field="password")
    return user_id.strip(), password


def _user_row(connection: Connection, user_id: str, *, lock: bool = False):  # noqa: ANN202 (a Row)
    statement = select(
        _u.user_id,
        _u.display_name,
        _u.role,
        _u.location_code,
        _u.password_hash,
        _u.active,
        _u.login_failures,
        _u.last_login_failure_at,
    ).where(_u.user_id == user_id)
    return connection.execute(statement.with_for_update() if lock else statement).first()


def _refuse_if_locked_out(policy: LockoutPolicy, row, now_s: int) -> None:  # noqa: ANN001 (a Row)
    last_s = _epoch_s(row.last_login_failure_at) if row.last_login_failure_at else None
    if is_locked_out(policy, row.login_failures, last_s, now_s):
        until_s = locked_until_s(policy, row.login_failures, last_s)
        assert until_s is not None
        minutes = max(1, -(-(until_s - now_s) // 60))
        raise LockedOut(
            f"Too many wrong passwords: {row.user_id} is locked out for {minutes} more minute(s)",
            user_id=row.user_id,
            locked_until=_timestamp_of(until_s),
        )


def _record(
    connection: Connection, user_id: str, right: bool, policy: LockoutPolicy, *, now: str, now_s: int
) -> User | DomainError:
    """Count a failure or clear the count, on the locked row; the user, or why not."""
    row = _user_row(connection, user_id, lock=True)
    if row is None:  # removed meanwhile
        return AuthenticationFailed(_WRONG, user_id=user_id)
    try:
        _refuse_if_locked_out(policy, row, now_s)
    except LockedOut as error:
        return error
    if not right or not row.active:
        # After a lockout has run out, counting starts again from one.
        failures = 1 if row.login_failures >= policy.failures_max else row.login_failures + 1
        connection.execute(
            update(schema.users)
            .where(_u.user_id == user_id)
            .values(login_failures=failures, last_login_failure_at=now)
        )
        return AuthenticationFailed(_WRONG, user_id=user_id)
    if row.login_failures:
        connection.execute(
            update(schema.users)
            .where(_u.user_id == user_id)
            .values(login_failures=0, last_login_failure_at=None)
        )
    role = parse_role(row.role)
    if role not in online_roles:
        return RoleNotAllowed(
            f"A {role.value.replace('_', ' ')} logs in at their counter device, not online; online login is "
            "for supervisors, head office and directors",
            role=role.value,
        )
    return User(row.user_id, row.display_name, role, row.location_code)


def issue_token(user: User, *, now: str, server_key: Ed25519PrivateKey) -> IssuedToken:
    """A token for `user`, valid from `now` for token_lifetime_s."""
    issued_s = _epoch_s(require_timestamp(now, "now"))
    expires_s = issued_s + token_lifetime_s
    claims = {
        "sub": user.user_id,
        "role": user.role.value,
        "iat": issued_s,
        "exp": expires_s,
        "jti": secrets.token_hex(16),
    }
    token = jwt.encode(claims, server_key, algorithm=token_algorithm)
    return IssuedToken(token, _timestamp_of(expires_s), user)


def verify_token(
    connection: Connection, token: str, *, now: str, server_public_key: Ed25519PublicKey
) -> User:
    """The user a token names, read from the database now: TokenInvalid (a token not signed by
    this server, malformed, or naming a user no longer active in that role) or TokenExpired."""
    if not isinstance(token, str) or not 0 < len(token) <= token_chars_max:
        raise TokenInvalid("The token is not one this server issued; log in again")
    try:
        claims = jwt.decode(
            token,
            server_public_key,
            algorithms=[token_algorithm],  # never the token's own choice: no 'none', no HMAC
            options={
                "require": list(_CLAIMS),
                # Checked below, against the server's clock rather than PyJWT's reading of it.
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
    except jwt.InvalidTokenError:
        raise TokenInvalid("The token is not one this server issued; log in again") from None
    issued_s, expires_s, user_id = claims["iat"], claims["exp"], claims["sub"]
    if type(issued_s) is not int or type(expires_s) is not int or not isinstance(user_id, str):
        raise TokenInvalid("The token is not one this server issued; log in again")
    now_s = _epoch_s(require_timestamp(now, "now"))
    if now_s >= expires_s:
        raise TokenExpired(f"The token expired at {_timestamp_of(expires_s)}; log in again")
    row = _user_row(connection, user_id)
    if row is None or not row.active:
        raise TokenInvalid(f"User {user_id} is not an active user at head office")
    if row.role != claims["role"]:
        raise TokenInvalid(f"User {user_id}'s role has changed since this token was issued; log in again")
    return User(row.user_id, row.display_name, parse_role(row.role), row.location_code)
