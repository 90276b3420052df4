"""Head office's register of devices, as the server writes it and the desktop reads it (api/openapi.py
describes them):

    GET  /v1/devices                           {"devices": [device...], "locations": [location...]}
    device       {"device_code", "channel", "location_code", "location_name", "status", "enrolled_at",
                  "app_version", "last_batch_at", "last_sequence", "last_seen_at", "clock_skew_s",
                  "clock_skew_flagged", "frozen_reason"}
    location     {"code", "name", "channel"}
    POST /v1/enrolment-codes                   {"enrolment_code", "device_code", "location_code", "expires_at"}
    POST /v1/devices/{code}/revocation         {"device_code", "status": "revoked"}

Read with shared_core.wire_object (WrongField names the field). A device's status is kept as text: a
newer server may know states this release does not, and its devices still list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shared_core.channels import Channel
from shared_core.wire_object import WireObject

devices_max = 10_000  # a register listing more is not the server's (it lists at most as many)
locations_max = 10_000
REVOKED = "revoked"  # the one status a revocation answers


@dataclass(frozen=True, slots=True)
class DeviceLine:
    """An enrolled device as head office sees it."""

    device_code: str
    channel: Channel
    location_code: str
    location_name: str | None  # None for a location head office no longer lists
    status: str  # active, revoked, frozen (text: a newer server may know more)
    enrolled_at: str
    app_version: str | None  # as its last batch said
    last_batch_at: str | None  # None: it never synced
    last_sequence: int
    last_seen_at: str | None  # its last signed request (a pull, a hold, a statement)
    clock_skew_s: int | None  # its clock minus the server's, as last measured
    clock_skew_flagged: bool  # beyond what the server tolerates (its policy, not the desktop's)
    frozen_reason: str | None

    def __post_init__(self) -> None:
        if not isinstance(self.channel, Channel):
            raise TypeError(f"DeviceLine.channel must be a Channel, got {type(self.channel).__name__}")
        if type(self.last_sequence) is not int or type(self.clock_skew_flagged) is not bool:
            raise TypeError("DeviceLine.last_sequence is an int and clock_skew_flagged a bool")

    def to_wire(self) -> dict[str, Any]:
        return {
            "device_code": self.device_code,
            "channel": self.channel.value,
            "location_code": self.location_code,
            "location_name": self.location_name,
            "status": self.status,
            "enrolled_at": self.enrolled_at,
            "app_version": self.app_version,
            "last_batch_at": self.last_batch_at,
            "last_sequence": self.last_sequence,
            "last_seen_at": self.last_seen_at,
            "clock_skew_s": self.clock_skew_s,
            "clock_skew_flagged": self.clock_skew_flagged,
            "frozen_reason": self.frozen_reason,
        }

    @classmethod
    def from_wire(cls, item: WireObject) -> DeviceLine:
        return cls(
            device_code=item.text("device_code"),
            channel=item.choice("channel", Channel),
            location_code=item.text("location_code"),
            location_name=item.optional_text("location_name"),
            status=item.text("status"),
            enrolled_at=item.timestamp("enrolled_at"),
            app_version=item.optional_text("app_version"),
            last_batch_at=item.optional_timestamp("last_batch_at"),
            last_sequence=item.whole("last_sequence"),
            last_seen_at=item.optional_timestamp("last_seen_at"),
            clock_skew_s=item.optional_whole("clock_skew_s", minimum=None),
            clock_skew_flagged=item.flag("clock_skew_flagged"),
            frozen_reason=item.optional_text("frozen_reason", allow_empty=True),
        )


@dataclass(frozen=True, slots=True)
class Location:
    """Where a device may be enrolled; its kind sets the channel its devices work on."""

    code: str
    name: str
    channel: Channel

    def __post_init__(self) -> None:
        if not isinstance(self.channel, Channel):
            raise TypeError(f"Location.channel must be a Channel, got {type(self.channel).__name__}")

    def to_wire(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "channel": self.channel.value}

    @classmethod
    def from_wire(cls, item: WireObject) -> Location:
        return cls(code=item.text("code"), name=item.text("name"), channel=item.choice("channel", Channel))


@dataclass(frozen=True, slots=True)
class DeviceRegister:
    """GET /v1/devices: every enrolled device by location and code, and where a new one may go."""

    devices: tuple[DeviceLine, ...]
    locations: tuple[Location, ...]  # where a device may be enrolled

    def __post_init__(self) -> None:
        if not isinstance(self.devices, tuple) or not all(isinstance(d, DeviceLine) for d in self.devices):
            raise TypeError("DeviceRegister.devices is a tuple of DeviceLine")
        if not isinstance(self.locations, tuple) or not all(isinstance(x, Location) for x in self.locations):
            raise TypeError("DeviceRegister.locations is a tuple of Location")

    def to_wire(self) -> dict[str, Any]:
        return {
            "devices": [device.to_wire() for device in self.devices],
            "locations": [location.to_wire() for location in self.locations],
        }

    @classmethod
    def from_wire(cls, answer: WireObject) -> DeviceRegister:
        return cls(
            devices=tuple(map(DeviceLine.from_wire, answer.objects("devices", items_max=devices_max))),
            locations=tuple(map(Location.from_wire, answer.objects("locations", items_max=locations_max))),
        )


@dataclass(frozen=True, slots=True)
class EnrolmentCode:
    """A one-time code for a new PC; head office reads it to the branch once and keeps no copy."""

    enrolment_code: str = field(repr=False)  # 'XXXX-XXXX-XXXX', a credential until spent: kept out of logs
    device_code: str
    location_code: str
    expires_at: str

    def to_wire(self) -> dict[str, Any]:
        return {
            "enrolment_code": self.enrolment_code,
            "device_code": self.device_code,
            "location_code": self.location_code,
            "expires_at": self.expires_at,
        }

    @classmethod
    def from_wire(cls, answer: WireObject) -> EnrolmentCode:
        return cls(
            enrolment_code=answer.text("enrolment_code"),
            device_code=answer.text("device_code"),
            location_code=answer.text("location_code"),
            expires_at=answer.timestamp("expires_at"),
        )


@dataclass(frozen=True, slots=True)
class Revocation:
    """A device revoked: it may no longer sync."""

    device_code: str
    status: str = REVOKED

    def to_wire(self) -> dict[str, Any]:
        return {"device_code": self.device_code, "status": self.status}

    @classmethod
    def from_wire(cls, answer: WireObject, *, device_code: str) -> Revocation:
        """The answer to revoking `device_code`: one naming another device, or another status, is wrong."""
        revocation = cls(device_code=answer.text("device_code"), status=answer.text("status"))
        if revocation.device_code != device_code:
            raise answer.wrong(
                "device_code", f"{revocation.device_code!r}, not the device revoked ({device_code})"
            )
        if revocation.status != REVOKED:
            raise answer.wrong("status", f"{revocation.status!r}, not {REVOKED!r}")
        return revocation
