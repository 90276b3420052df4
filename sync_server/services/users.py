"""Head office's users: who they are, their role, where they work, and their password hash.

The hash is scrypt (shared_core.passwords) with a fresh random salt; devices receive it on a pull
so the user can log in offline. The password itself is never stored, printed or logged here.
A teller works at a branch and an agent at an agent's shop; a supervisor at either; head office
and a business customer's director need no location. Each function joins the caller's transaction.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import Connection, select

from shared_core.errors import AlreadyExists, InvalidInput, NotFound
from shared_core.journal import user_id_length_max
from shared_core.passwords import hash_password
from shared_core.roles import Role, parse_role
from sync_server.db import schema

display_name_length_max = 200
salt_bytes = 16

_USER_ID = re.compile(r"[a-z0-9][a-z0-9._-]*", re.ASCII)
# Where each role may work: the location kinds allowed, and whether a location is required.
_WORKPLACES: dict[Role, tuple[frozenset[str], bool]] = {
    Role.TELLER: (frozenset({"branch"}), True),
    Role.AGENT: (frozenset({"agent"}), True),
    Role.SUPERVISOR: (frozenset({"branch", "agent"}), True),
    Role.HEAD_OFFICE: (frozenset({"branch", "agent"}), False),
    Role.DIRECTOR: (frozenset({"branch", "agent"}), False),
}
assert set(_WORKPLACES) == set(Role), "every role says where it works"
_KIND_WORDS = {"branch": "a branch", "agent": "an agent's shop"}

_u = schema.users.c
_l = schema.locations.c


def new_password_hash(password: str) -> str:
    """The stored form of a password that meets the policy (else InvalidInput)."""
    return hash_password(password, secrets.token_bytes(salt_bytes))


def add_user(
    connection: Connection,
    *,
    user_id: str,
    display_name: str,
    role: Role | str,
    location_code: str | None,
    password_hash: str,
) -> None:
    """Create an active user; a taken user id is refused rather than overwritten."""
    if not isinstance(user_id, str) or not 0 < len(user_id) <= user_id_length_max or not _USER_ID.fullmatch(
        user_id
    ):
        raise InvalidInput(
            f"user_id: 1 to {user_id_length_max} characters of a-z, 0-9, '.', '_' and '-', starting with a "
            "letter or digit",
            field="user_id",
        )
    name = " ".join(str(display_name).split())
    if not 0 < len(name) <= display_name_length_max:
        raise InvalidInput(f"name: 1 to {display_name_length_max} characters", field="name")
    role = parse_role(role)
    _check_workplace(connection, role, location_code)
    if not isinstance(password_hash, str) or not password_hash.startswith("scrypt$"):
        raise TypeError("add_user stores a password hash from new_password_hash, never a password")
    if connection.execute(select(_u.user_id).where(_u.user_id == user_id)).first() is not None:
        raise AlreadyExists(f"User {user_id} already exists", user_id=user_id)
    connection.execute(
        schema.users.insert().values(
            user_id=user_id,
            display_name=name,
            role=role.value,
            password_hash=password_hash,
            location_code=location_code,
            active=True,
        )
    )


def appoint_director(connection: Connection, *, cif: str, user_id: str) -> bool:
    """Let a director user act for a business customer; False when they already do."""
    role = connection.execute(select(_u.role).where(_u.user_id == user_id)).scalar()
    if role is None:
        raise NotFound(f"No user {user_id}", user_id=user_id)
    if parse_role(role) is not Role.DIRECTOR:
        raise InvalidInput(f"User {user_id} is a {role}, not a director", user_id=user_id)
    customers = schema.customers.c
    if connection.execute(select(customers.cif).where(customers.cif == cif)).first() is None:
        raise NotFound(f"No customer {cif}", cif=cif)
    directors = schema.business_directors.c
    held = select(directors.cif).where(directors.cif == cif, directors.user_id == user_id)
    if connection.execute(held).first() is not None:
        return False
    connection.execute(schema.business_directors.insert().values(cif=cif, user_id=user_id))
    return True


def _check_workplace(connection: Connection, role: Role, location_code: str | None) -> None:
    kinds, required = _WORKPLACES[role]
    words = role.value.replace("_", " ")
    if location_code is None:
        if required:
            raise InvalidInput(f"A {words} works at a location; give its code", field="location")
        return
    kind = connection.execute(select(_l.kind).where(_l.code == location_code)).scalar()
    if kind is None:
        raise NotFound(f"No location {location_code} is known", location_code=str(location_code)[:40])
    if kind not in kinds:
        raise InvalidInput(f"A {words} cannot work at {location_code}, {_KIND_WORDS[kind]}", field="location")
