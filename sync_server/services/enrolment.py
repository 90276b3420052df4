"""Enrolment codes: head office issues a one-time code for a location; a device redeems it with the
public key it made, and learns its device code, its location and the server's key.

A code is 12 characters of the Crockford alphabet, shown in groups of four ('7KQ2-M4T8-X9P3'):
60 random bits, typed by a person, read aloud over a phone without confusion (I and L read as 1,
O as 0, case and dashes do not matter). Only its SHA-256 is stored. It is spent by its first use
and expires after `valid_hours`; an unknown, spent or expired code gets one and the same refusal,
so a guesser learns nothing. The device that spent a code may ask again with the same key (its
first answer was lost on the way) and gets the same answer.

Device codes are minted here, at issue, from a counter in `server_settings`, so a device knows
its code from its first entry and no two devices ever share one. Each function joins the
caller's transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, select, update

from shared_core import canonical
from shared_core.accounts import float_account, till_account
from shared_core.batch import app_version_length_max
from shared_core.canonical import require_text
from shared_core.channels import Channel
from shared_core.errors import EnrolmentCodeInvalid, InvalidInput, NotFound
from shared_core.journal import format_timestamp, parse_timestamp, require_timestamp
from shared_core.references import device_code_alphabet, device_code_for_number
from shared_core.signing import load_public_key
from sync_server.db import schema
from sync_server.services.devices import DeviceStatus, register_device

enrolment_code_length = 12
enrolment_code_group_length = 4
enrolment_code_text_length_max = 40  # what a request may send before it is not read at all
valid_hours_default = 72
valid_hours_max = 30 * 24
DEVICE_NUMBER_SETTING = "device_number_next"

_CROCKFORD_READING = str.maketrans({"I": "1", "L": "1", "O": "0"})
_CHANNEL_OF_KIND = {"branch": Channel.BRANCH, "agent": Channel.AGENT}
_INVALID = (
    "This enrolment code is not valid: it may be mistyped, already used or expired. "
    "Check it, or ask head office for a new one."
)

_codes = schema.enrolment_codes.c
_locations = schema.locations.c
_devices = schema.devices.c
_settings = schema.server_settings.c


def issue_enrolment_code(
    connection: Connection, *, location_code: str, now: str, valid_hours: int = valid_hours_default
) -> tuple[str, str]:
    """A new one-time code for a device at `location_code`: (code as shown, device code it enrols)."""
    require_timestamp(now, "now")
    if type(valid_hours) is not int or not 1 <= valid_hours <= valid_hours_max:
        raise InvalidInput(f"valid_hours: a code is valid 1 to {valid_hours_max} hours", field="valid_hours")
    location = _location(connection, location_code)
    device_code = _mint_device_code(connection)
    compact = "".join(secrets.choice(device_code_alphabet) for _ in range(enrolment_code_length))
    connection.execute(
        schema.enrolment_codes.insert().values(
            code_sha256=_sha256(compact),
            device_code=device_code,
            channel=_CHANNEL_OF_KIND[location.kind].value,
            location_code=location.code,
            issued_at=now,
            expires_at=format_timestamp(parse_timestamp(now) + timedelta(hours=valid_hours)),
            used_at=None,
        )
    )
    return format_enrolment_code(compact), device_code


def redeem_enrolment_code(
    connection: Connection,
    *,
    code: object,
    public_key_hex: object,
    app_version: object,
    now: str,
    bank_name: str,
    server_public_key_hex: str,
) -> dict[str, Any]:
    """Enrol the device holding `public_key_hex` with a code; the answer it keeps (see SyncClient.enrol).

    The request is checked before the code is looked at, so a malformed request never spends one.
    """
    require_timestamp(now, "now")
    load_public_key(public_key_hex)  # type: ignore[arg-type]  # refuses anything but an Ed25519 key
    require_text(app_version, "app_version", length_max=app_version_length_max)
    require_text(code, "enrolment_code", length_max=enrolment_code_text_length_max)
    compact = normalise_enrolment_code(code)
    row = None
    if compact is not None:
        row = connection.execute(
            select(
                _codes.device_code, _codes.channel, _codes.location_code, _codes.expires_at, _codes.used_at
            )
            .where(_codes.code_sha256 == _sha256(compact))
            .with_for_update()
        ).first()
    if row is None or row.expires_at <= now:
        raise EnrolmentCodeInvalid(_INVALID)
    if row.used_at is not None:
        enrolled = connection.execute(
            select(_devices.public_key_hex, _devices.status).where(_devices.device_code == row.device_code)
        ).first()
        same_device = enrolled is not None and enrolled.public_key_hex == public_key_hex
        if not (same_device and enrolled.status == DeviceStatus.ACTIVE):
            raise EnrolmentCodeInvalid(_INVALID)
    else:
        connection.execute(
            update(schema.enrolment_codes).where(_codes.code_sha256 == _sha256(compact)).values(used_at=now)
        )
        register_device(
            connection,
            device_code=row.device_code,
            channel=Channel(row.channel),
            location_code=row.location_code,
            public_key_hex=public_key_hex,  # type: ignore[arg-type]
            enrolled_at=now,
        )
        connection.execute(
            update(schema.devices)
            .where(_devices.device_code == row.device_code)
            .values(app_version=app_version)
        )
    location = _location(connection, row.location_code)
    channel = Channel(row.channel)
    return {
        "device_code": row.device_code,
        "channel": channel.value,
        "location_code": location.code,
        "location_name": location.name,
        "bank_name": bank_name,
        "cash_account": cash_account_for(channel, location.code, location.cash_account, row.device_code),
        "vault_account": location.vault_account,
        "server_public_key": server_public_key_hex,
    }


def cash_account_for(
    channel: Channel, location_code: str, location_cash_account: str | None, device_code: str
) -> str:
    """Where a device's cash sits: the location's account when it names one (an agent's float),
    else a till of the device's own at a branch ('till:BR-0007') or the agent's float."""
    if location_cash_account is not None:
        return location_cash_account
    if channel is Channel.BRANCH:
        return till_account(f"{channel.prefix}-{device_code}")
    return float_account(location_code)


def normalise_enrolment_code(text: object) -> str | None:
    """The 12 characters of a code as a person typed it, or None when it cannot be one."""
    if not isinstance(text, str) or len(text) > enrolment_code_text_length_max:
        return None
    compact = "".join(text.split()).replace("-", "").upper().translate(_CROCKFORD_READING)
    if len(compact) != enrolment_code_length or any(c not in device_code_alphabet for c in compact):
        return None
    return compact


def format_enrolment_code(compact: str) -> str:
    size = enrolment_code_group_length
    return "-".join(compact[start : start + size] for start in range(0, len(compact), size))


def _sha256(compact: str) -> str:
    return hashlib.sha256(compact.encode("ascii")).hexdigest()


def _location(connection: Connection, location_code: str):  # noqa: ANN202 (a Row)
    location = connection.execute(
        select(schema.locations).where(_locations.code == location_code)
    ).first()
    if location is None:
        raise NotFound(
            f"No location {location_code} is known; add it first", location_code=str(location_code)[:40]
        )
    return location


def _mint_device_code(connection: Connection) -> str:
    """The next device code no device or code holds yet; the counter row is locked meanwhile."""
    stored = connection.execute(
        select(_settings.value).where(_settings.key == DEVICE_NUMBER_SETTING).with_for_update()
    ).scalar()
    if stored is None:
        raise RuntimeError(f"server_settings has no {DEVICE_NUMBER_SETTING}; run `wekeza-server migrate`")
    number = canonical.decode(bytes(stored))
    assert type(number) is int, "the device counter is an integer"
    while True:
        device_code = device_code_for_number(number)  # refuses a number beyond the last code
        number += 1
        if not _device_code_taken(connection, device_code):
            break
    connection.execute(
        update(schema.server_settings)
        .where(_settings.key == DEVICE_NUMBER_SETTING)
        .values(value=canonical.encode(number))
    )
    return device_code


def _device_code_taken(connection: Connection, device_code: str) -> bool:
    in_devices = select(_devices.device_code).where(_devices.device_code == device_code)
    in_codes = select(_codes.device_code).where(_codes.device_code == device_code)
    return connection.execute(in_devices.union_all(in_codes)).first() is not None
