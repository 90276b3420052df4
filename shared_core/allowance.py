"""The offline allowance: how much cash a device may pay out and take in while unsynced,
per customer, and until when. The server issues it on every pull and signs it; the device
keeps it and draws it down; nothing else can raise it.

It bounds what two devices paying the same customer offline can lose, the way card schemes
bound offline spending with floor limits. The policy per channel is data: a bank under
Kenya's agent-banking guideline gives agents zero cash allowance.

The same policy says how long an online hold lives (`hold_valid_minutes`, shared_core.holds):
the other half of how far head office trusts a device between syncs. A withdrawal authorized
online draws on no allowance; its hold keeps the amount off the customer's available balance
until the entry syncs, so it should live about as long as a device may go unsynced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from shared_core import canonical, signing
from shared_core.canonical import require_fields, require_int, require_text
from shared_core.channels import Channel
from shared_core.errors import InvalidInput
from shared_core.journal import format_timestamp, parse_timestamp, require_device_code, require_timestamp
from shared_core.money import amount_cents_max
from shared_core.signing import SigningContext

valid_hours_max = 7 * 24  # a week offline is already a long outage; longer needs a new pull
hold_valid_minutes_max = valid_hours_max * 60
ALLOWANCE_FIELDS = (
    "allowance_id",
    "device_code",
    "cash_out_cap_cents",
    "cash_in_cap_cents",
    "per_customer_cap_cents",
    "issued_at",
    "expires_at",
)
_POLICY_FIELDS = (
    "cash_out_cap_cents", "cash_in_cap_cents", "per_customer_cap_cents", "valid_hours", "hold_valid_minutes"
)


@dataclass(frozen=True, slots=True)
class ChannelAllowance:
    cash_out_cap_cents: int
    cash_in_cap_cents: int
    per_customer_cap_cents: int
    valid_hours: int
    hold_valid_minutes: int  # how long an online hold lives unless its entry syncs (0: no holds)


@dataclass(frozen=True, slots=True)
class AllowancePolicy:
    version: int
    channels: tuple[tuple[Channel, ChannelAllowance], ...]

    def for_channel(self, channel: Channel) -> ChannelAllowance:
        for known, allowance in self.channels:
            if known is channel:
                return allowance
        # A channel the policy does not name gets nothing offline: the safe default.
        return ChannelAllowance(0, 0, 0, 0, 0)


def parse_allowance_policy(mapping: Mapping[str, Any]) -> AllowancePolicy:
    if not isinstance(mapping, Mapping):
        raise InvalidInput("allowance_policy: expected an object")
    without_notes = {key: value for key, value in mapping.items() if key != "notes"}
    fields = require_fields(without_notes, ("version", "channels"), "allowance_policy")
    version = require_int(fields["version"], "allowance_policy.version", minimum=1)
    channels = fields["channels"]
    if not isinstance(channels, Mapping):
        raise InvalidInput("allowance_policy.channels: expected an object of channel -> caps")
    parsed = []
    for name in sorted(channels):
        path = f"allowance_policy.channels.{name}"
        channel = Channel.parse(name)
        caps = require_fields(channels[name], _POLICY_FIELDS, path)
        values = {
            field: require_int(caps[field], f"{path}.{field}", minimum=0, maximum=amount_cents_max)
            for field in _POLICY_FIELDS[:3]
        }
        hours = require_int(caps["valid_hours"], f"{path}.valid_hours", minimum=0, maximum=valid_hours_max)
        hold_minutes = require_int(
            caps["hold_valid_minutes"], f"{path}.hold_valid_minutes", minimum=0,
            maximum=hold_valid_minutes_max,
        )
        if values["per_customer_cap_cents"] > values["cash_out_cap_cents"] + values["cash_in_cap_cents"]:
            raise InvalidInput(f"{path}.per_customer_cap_cents: cannot exceed the device's caps together")
        allowance = ChannelAllowance(**values, valid_hours=hours, hold_valid_minutes=hold_minutes)
        parsed.append((channel, allowance))
    return AllowancePolicy(version=version, channels=tuple(parsed))


@dataclass(frozen=True, slots=True)
class Allowance:
    allowance_id: str
    device_code: str
    cash_out_cap_cents: int
    cash_in_cap_cents: int
    per_customer_cap_cents: int
    issued_at: str
    expires_at: str

    def __post_init__(self) -> None:
        require_text(self.allowance_id, "allowance_id", length_max=64)
        require_device_code(self.device_code, "device_code")
        for name in ("cash_out_cap_cents", "cash_in_cap_cents", "per_customer_cap_cents"):
            require_int(getattr(self, name), name, minimum=0, maximum=amount_cents_max)
        require_timestamp(self.issued_at, "issued_at")
        require_timestamp(self.expires_at, "expires_at")
        if self.expires_at < self.issued_at:
            raise InvalidInput("expires_at: an allowance cannot expire before it is issued")


def issue_allowance(policy: AllowancePolicy, *, channel: Channel, device_code: str, allowance_id: str,
                    now: str) -> Allowance:
    caps = policy.for_channel(channel)
    expires = parse_timestamp(now) + timedelta(hours=caps.valid_hours)
    return Allowance(
        allowance_id=allowance_id,
        device_code=device_code,
        cash_out_cap_cents=caps.cash_out_cap_cents,
        cash_in_cap_cents=caps.cash_in_cap_cents,
        per_customer_cap_cents=caps.per_customer_cap_cents,
        issued_at=now,
        expires_at=format_timestamp(expires),
    )


def allowance_to_wire(allowance: Allowance) -> dict[str, Any]:
    return {name: getattr(allowance, name) for name in ALLOWANCE_FIELDS}


def allowance_from_wire(data: object) -> Allowance:
    fields = require_fields(data, ALLOWANCE_FIELDS, "allowance")
    return Allowance(**{name: fields[name] for name in ALLOWANCE_FIELDS})


def sign_allowance(allowance: Allowance, server_key: Ed25519PrivateKey) -> str:
    return signing.sign(server_key, SigningContext.ALLOWANCE, canonical.encode(allowance_to_wire(allowance)))


def verify_allowance(allowance: Allowance, signature: str, server_key: Ed25519PublicKey) -> None:
    """BadSignature unless the pinned server key signed exactly this allowance."""
    signing.verify(server_key, SigningContext.ALLOWANCE, canonical.encode(allowance_to_wire(allowance)), signature)
