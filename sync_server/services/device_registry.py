"""Head office's view of its devices: where each works, its state, its last batch, its last signed
contact and its clock skew then; the one-time codes that enrol new ones; revocation with who and why.

Contact: every request a device signs (the pull, an online hold, a statement) carries its own
clock in the signed Wekeza-Sent-At header. `record_contact` keeps the server's time of it
(`last_seen_at`) and the device's clock minus the server's (`clock_skew_s`, whole seconds; the
request's time in transit makes a device look that much behind). Batches carry no send time
(shared_core.batch signs no clock), so they are not contact here: their arrival is `last_batch_at`.

So that a read stays a read, a contact is written at most once a minute per device unless the
skew moved, and never waits for a lock: an ingest holds the device's row (SELECT ... FOR UPDATE)
while it books a batch, and the request is not held up behind it (on MySQL the row is taken with
SKIP LOCKED, and left unrecorded this time when it is busy).
"""

from __future__ import annotations

from sqlalchemy import Connection, or_, select, update

from shared_core.channels import Channel
from shared_core.device_register import DeviceLine, DeviceRegister, EnrolmentCode, Location
from shared_core.errors import InvalidInput, NotFound
from shared_core.journal import parse_timestamp, require_timestamp
from sync_server.db import schema
from sync_server.services.devices import DeviceStatus, revoke_device
from sync_server.services.enrolment import issue_enrolment_code, valid_hours_default, valid_hours_max

clock_skew_s_tolerated = 300  # five minutes: receipts and back-dating checks read the device's clock
contact_interval_s = 60  # a device pulling every few seconds writes its contact once a minute
clock_skew_change_s_min = 3  # a smaller move is the network's jitter, not the device's clock
devices_rows_max = 10_000
locations_rows_max = 10_000

_d = schema.devices.c
_l = schema.locations.c
_codes = schema.enrolment_codes.c
_CHANNEL_OF_KIND = {"branch": Channel.BRANCH, "agent": Channel.AGENT}


def skew_seconds(device_time: str, server_time: str) -> int:
    """The device's clock minus the server's, in whole seconds (rounded down)."""
    ahead = parse_timestamp(device_time) - parse_timestamp(server_time)
    return ahead.days * 86_400 + ahead.seconds


def is_skew_flagged(clock_skew_s: int | None) -> bool:
    return clock_skew_s is not None and abs(clock_skew_s) > clock_skew_s_tolerated


# --- contact --------------------------------------------------------------------------------------


def contact_due(last_seen_at: str | None, clock_skew_s: int | None, *, sent_at: str, now: str) -> bool:
    """Whether a signed request sent at `sent_at` (the device's clock), received `now`, is worth a
    write after the contact already stored: none yet, a minute old, or a skew that moved."""
    if last_seen_at is None or clock_skew_s is None:
        return True
    if skew_seconds(now, last_seen_at) >= contact_interval_s:
        return True
    return abs(skew_seconds(sent_at, now) - clock_skew_s) >= clock_skew_change_s_min


def record_contact(connection: Connection, device_code: str, *, sent_at: str, now: str) -> bool:
    """Store the device's contact in the caller's transaction; False when its row is busy (MySQL)."""
    require_timestamp(sent_at, "sent_at")
    require_timestamp(now, "now")
    if connection.dialect.name != "sqlite":
        free = connection.execute(
            select(_d.device_code).where(_d.device_code == device_code).with_for_update(skip_locked=True)
        ).first()
        if free is None:
            return False
    changed = connection.execute(
        update(schema.devices)
        .where(_d.device_code == device_code, or_(_d.last_seen_at.is_(None), _d.last_seen_at <= now))
        .values(last_seen_at=now, clock_skew_s=skew_seconds(sent_at, now))
    )
    return changed.rowcount == 1


# --- the list -------------------------------------------------------------------------------------


def list_devices(connection: Connection) -> DeviceRegister:
    """Every enrolled device by location and code, and every location a code can be issued for."""
    rows = connection.execute(
        select(
            _d.device_code,
            _d.channel,
            _d.location_code,
            _l.name,
            _d.status,
            _d.enrolled_at,
            _d.app_version,
            _d.last_batch_at,
            _d.last_sequence,
            _d.last_seen_at,
            _d.clock_skew_s,
            _d.frozen_reason,
        )
        .select_from(schema.devices.outerjoin(schema.locations, _l.code == _d.location_code))
        .order_by(_d.location_code, _d.device_code)
        .limit(devices_rows_max)
    )
    devices = tuple(
        DeviceLine(
            device_code=row.device_code,
            channel=Channel(row.channel),
            location_code=row.location_code,
            location_name=row.name,  # None for a location head office no longer lists
            status=row.status,
            enrolled_at=row.enrolled_at,
            app_version=row.app_version,
            last_batch_at=row.last_batch_at,
            last_sequence=row.last_sequence,
            last_seen_at=row.last_seen_at,
            clock_skew_s=row.clock_skew_s,
            clock_skew_flagged=is_skew_flagged(row.clock_skew_s),
            frozen_reason=row.frozen_reason,
        )
        for row in rows
    )
    locations = tuple(
        Location(row.code, row.name, _CHANNEL_OF_KIND[row.kind])
        for row in connection.execute(
            select(_l.code, _l.name, _l.kind).order_by(_l.code).limit(locations_rows_max)
        )
    )
    return DeviceRegister(devices, locations)


# --- enrol and revoke ------------------------------------------------------------------------------


def issue_code(
    connection: Connection,
    *,
    location_code: object,
    channel: object = None,
    now: str,
    valid_hours: object = valid_hours_default,
) -> EnrolmentCode:
    """A one-time enrolment code for a device at `location_code` (services.enrolment). A location's
    kind sets the channel of its devices; `channel`, when given, must be it (a code for an agent's
    laptop is not issued for a branch by a slip of the list)."""
    if not isinstance(location_code, str) or not location_code.strip():
        raise InvalidInput("location_code: say which branch or agent the device is for", field="location_code")
    if type(valid_hours) is not int:
        raise InvalidInput(f"valid_hours: a whole number of hours, 1 to {valid_hours_max}", field="valid_hours")
    kind = connection.execute(select(_l.kind).where(_l.code == location_code)).scalar()
    if kind is None:
        raise NotFound(f"No location {location_code} is known; add it first", location_code=location_code[:40])
    expected = _CHANNEL_OF_KIND[kind]
    if channel is not None and channel != expected.value:
        raise InvalidInput(
            f"channel: {location_code} is {'an agent' if kind == 'agent' else 'a branch'}'s location, so its "
            f"devices work on the {expected.value} channel, not {str(channel)[:16]!r}",
            field="channel",
        )
    code, device_code = issue_enrolment_code(
        connection, location_code=location_code, now=now, valid_hours=valid_hours
    )
    expires_at = connection.execute(select(_codes.expires_at).where(_codes.device_code == device_code)).scalar_one()
    return EnrolmentCode(code, device_code, location_code, expires_at)


def revoke(connection: Connection, device_code: object, *, revoked_by: str, reason: object, now: str) -> str:
    """Head office revokes a device: NotFound for a device never enrolled; the status it has now."""
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput("reason: say why the device is revoked (lost, stolen, agency closed...)", field="reason")
    status = connection.execute(select(_d.status).where(_d.device_code == device_code)).scalar()
    if status is None:
        raise NotFound(f"No device {str(device_code)[:8]} is enrolled", device_code=str(device_code)[:8])
    revoke_device(connection, str(device_code), now=now, revoked_by=revoked_by, reason=reason)
    return DeviceStatus.REVOKED.value
