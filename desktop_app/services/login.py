"""Logging in on the device, online or offline, against password hashes pulled from the server.

Failed attempts are counted per user; after `LockoutPolicy.failures_max` in a row the user is
locked out for a while, on this device, whatever the link does.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop_app.services.context import ServiceContext, Session
from desktop_app.store import schema
from shared_core.errors import AuthenticationFailed, DomainError, LockedOut
from shared_core.passwords import is_locked_out, locked_until_s, verify_password
from shared_core.roles import parse_role

_WRONG = "Wrong user name or password"


def log_in(context: ServiceContext, user_id: str, password: str) -> Session:
    """A session for the user, or AuthenticationFailed / LockedOut.

    Used for a login and for a supervisor's override at a teller's PC alike. The failure count
    is committed before the refusal is raised, so a wrong password always counts.
    """
    with context.store.write() as connection:
        outcome = _check(context, connection, user_id.strip(), password)
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


def _check(context: ServiceContext, connection: Connection, user_id: str, password: str) -> Session | DomainError:
    now_s = int(context.clock.now().timestamp())
    failures = connection.execute(
        select(schema.login_failures).where(schema.login_failures.c.user_id == user_id)
    ).first()
    count = failures.consecutive_failures if failures else 0
    last = failures.last_failure_at_s if failures else None
    if is_locked_out(context.lockout, count, last, now_s):
        until = locked_until_s(context.lockout, count, last)
        minutes = max(1, -(-(until - now_s) // 60))  # type: ignore[operator]
        return LockedOut(f"Too many wrong passwords: {user_id} is locked out for {minutes} more minute(s)",
                        user_id=user_id)
    user = connection.execute(select(schema.users).where(schema.users.c.user_id == user_id)).first()
    if user is None or not user.active or not verify_password(password, user.password_hash):
        if user is not None:
            # Count failures only for real users, so guessing names fills no table.
            statement = sqlite_insert(schema.login_failures).values(
                user_id=user_id, consecutive_failures=1, last_failure_at_s=now_s
            )
            connection.execute(statement.on_conflict_do_update(
                index_elements=["user_id"],
                set_={
                    # After a lockout has run out, counting starts again from one.
                    "consecutive_failures": 1 if count >= context.lockout.failures_max
                    else schema.login_failures.c.consecutive_failures + 1,
                    "last_failure_at_s": now_s,
                },
            ))
        return AuthenticationFailed(_WRONG, user_id=user_id)
    if failures:
        connection.execute(delete(schema.login_failures).where(schema.login_failures.c.user_id == user_id))
    return Session(user_id=user.user_id, display_name=user.display_name, role=parse_role(user.role))
