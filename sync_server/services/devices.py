"""The enrolment book: which devices may send batches, with which key, and in what state.

A device is registered with the Ed25519 public key it made itself; its chain starts empty
(sequence 0, GENESIS_HASH). Revoking is head office's decision and final; freezing is what a fork
does (or head office, pending an investigation) and keeps the device's entries where they are.
Each function joins the caller's transaction; enrolment codes are issued and redeemed in services/enrolment.py.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Connection, select, update

from shared_core.channels import Channel
from shared_core.errors import AlreadyExists, DeviceUnknown, InvalidInput
from shared_core.journal import GENESIS_HASH, require_device_code, require_timestamp
from shared_core.signing import load_public_key
from sync_server.db import schema

frozen_reason_length_max = 500
revoked_reason_length_max = 500
location_code_length_max = 40

_d = schema.devices.c


class DeviceStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    FROZEN = "frozen"


assert tuple(status.value for status in DeviceStatus) == schema.DEVICE_STATUSES


def register_device(
    connection: Connection,
    *,
    device_code: str,
    channel: Channel,
    location_code: str,
    public_key_hex: str,
    enrolled_at: str,
) -> None:
    """Enrol a device: its code, where it works, and the public key its batches must verify under."""
    require_device_code(device_code, "device_code")
    channel = Channel(channel)
    if not isinstance(location_code, str) or not 0 < len(location_code) <= location_code_length_max:
        raise InvalidInput(
            f"location_code: expected 1 to {location_code_length_max} characters", field="location_code"
        )
    load_public_key(public_key_hex)  # refuses anything that is not a usable Ed25519 key
    require_timestamp(enrolled_at, "enrolled_at")
    existing = connection.execute(select(_d.status).where(_d.device_code == device_code)).scalar()
    if existing is not None:
        raise AlreadyExists(f"Device {device_code} is already enrolled ({existing})", device_code=device_code)
    connection.execute(
        schema.devices.insert().values(
            device_code=device_code,
            channel=channel.value,
            location_code=location_code,
            public_key_hex=public_key_hex,
            status=DeviceStatus.ACTIVE.value,
            enrolled_at=enrolled_at,
            last_sequence=0,
            last_entry_hash=GENESIS_HASH,
        )
    )


def revoke_device(
    connection: Connection,
    device_code: str,
    *,
    now: str | None = None,
    revoked_by: str | None = None,
    reason: str | None = None,
) -> None:
    """Refuse every later batch from this device (a lost or stolen laptop, a closed agency), noting
    when, by whom and why where the caller says. Revoking is final: revoking again changes nothing,
    and the first revocation's record stands."""
    if reason is not None:
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidInput("Say why the device is revoked", field="reason")
        reason = reason.strip()[:revoked_reason_length_max]
    if now is not None:
        require_timestamp(now, "now")
    status = connection.execute(
        select(_d.status).where(_d.device_code == device_code).with_for_update()
    ).scalar()
    if status == DeviceStatus.REVOKED:
        return
    _set_status(connection, device_code, DeviceStatus.REVOKED, frozen_reason=None)
    connection.execute(
        update(schema.devices)
        .where(_d.device_code == device_code)
        .values(revoked_at=now, revoked_by=revoked_by, revoked_reason=reason)
    )


def freeze_device(connection: Connection, device_code: str, reason: str) -> None:
    """Hold this device's batches until head office acts; a revoked device stays revoked."""
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput("A device is frozen for a reason; say which", field="reason")
    reason = reason.strip()[:frozen_reason_length_max]
    status = connection.execute(select(_d.status).where(_d.device_code == device_code)).scalar()
    if status == DeviceStatus.REVOKED:
        return
    _set_status(connection, device_code, DeviceStatus.FROZEN, frozen_reason=reason)


def _set_status(
    connection: Connection, device_code: str, status: DeviceStatus, *, frozen_reason: str | None
) -> None:
    changed = connection.execute(
        update(schema.devices)
        .where(_d.device_code == device_code)
        .values(status=status.value, frozen_reason=frozen_reason)
    )
    if changed.rowcount != 1:
        raise DeviceUnknown(f"No device {device_code} is enrolled", device_code=str(device_code)[:8])
