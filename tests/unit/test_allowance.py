"""The offline allowance: issued per channel from policy data, signed by the server, and
verifiable by the device against the key it pinned."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from shared_core.allowance import (
    allowance_from_wire,
    allowance_to_wire,
    issue_allowance,
    parse_allowance_policy,
    sign_allowance,
    verify_allowance,
)
from shared_core.channels import Channel
from shared_core.errors import BadSignature, InvalidInput
from shared_core import canonical
from shared_core.signing import SigningContext, generate_private_key, sign

repo_root = Path(__file__).resolve().parents[2]
POLICY = parse_allowance_policy(
    json.loads((repo_root / "resources" / "limits" / "allowance_policy.json").read_text(encoding="utf-8"))
)
NOW = "2026-11-24T07:00:00.000000Z"


def test_a_branch_gets_a_day_of_offline_cash_and_an_agent_none() -> None:
    branch = issue_allowance(POLICY, channel=Channel.BRANCH, device_code="K7Q2", allowance_id="A-1", now=NOW)
    assert (branch.cash_out_cap_cents, branch.cash_in_cap_cents, branch.per_customer_cap_cents) == (
        100_000_000, 200_000_000, 30_000_000,
    )
    assert branch.expires_at == "2026-11-25T07:00:00.000000Z"
    agent = issue_allowance(POLICY, channel=Channel.AGENT, device_code="X9P3", allowance_id="A-2", now=NOW)
    assert (agent.cash_out_cap_cents, agent.cash_in_cap_cents) == (0, 0)


def test_an_online_hold_lives_as_long_as_the_allowance_is_valid() -> None:
    # A withdrawal authorized online draws on no allowance; its hold keeps the amount off the
    # customer's balance until the entry syncs, at most as long as a device may go unsynced.
    assert POLICY.for_channel(Channel.BRANCH).hold_valid_minutes == 24 * 60
    assert POLICY.for_channel(Channel.AGENT).hold_valid_minutes == 24 * 60
    assert POLICY.for_channel(Channel.HEAD_OFFICE).hold_valid_minutes == 0  # pays no cash: no holds


def test_a_channel_the_policy_does_not_name_gets_nothing() -> None:
    head_office = issue_allowance(POLICY, channel=Channel.HEAD_OFFICE, device_code="H0C0", allowance_id="A-3", now=NOW)
    assert head_office.cash_out_cap_cents == 0 and head_office.expires_at == NOW


def test_the_signature_covers_every_field() -> None:
    server_key = generate_private_key()
    allowance = issue_allowance(POLICY, channel=Channel.BRANCH, device_code="K7Q2", allowance_id="A-1", now=NOW)
    signature = sign_allowance(allowance, server_key)
    verify_allowance(allowance_from_wire(allowance_to_wire(allowance)), signature, server_key.public_key())
    raised = dataclasses.replace(allowance, cash_out_cap_cents=allowance.cash_out_cap_cents + 1)
    with pytest.raises(BadSignature):
        verify_allowance(raised, signature, server_key.public_key())
    later = dataclasses.replace(allowance, expires_at="2026-12-24T07:00:00.000000Z")
    with pytest.raises(BadSignature):
        verify_allowance(later, signature, server_key.public_key())
    with pytest.raises(BadSignature):
        verify_allowance(allowance, signature, generate_private_key().public_key())
    # A signature the server made for another purpose over the same bytes is no allowance.
    batch_signature = sign(server_key, SigningContext.BATCH, canonical.encode(allowance_to_wire(allowance)))
    with pytest.raises(BadSignature):
        verify_allowance(allowance, batch_signature, server_key.public_key())


@pytest.mark.parametrize(
    "policy",
    [
        {"version": 0, "channels": {}},
        {"version": 1, "channels": {"shop": {}}},
        {"version": 1, "channels": {"branch": {"cash_out_cap_cents": -1, "cash_in_cap_cents": 0,
                                               "per_customer_cap_cents": 0, "valid_hours": 1,
                                               "hold_valid_minutes": 60}}},
        {"version": 1, "channels": {"branch": {"cash_out_cap_cents": 1.5, "cash_in_cap_cents": 0,
                                               "per_customer_cap_cents": 0, "valid_hours": 1,
                                               "hold_valid_minutes": 60}}},
        {"version": 1, "channels": {"branch": {"cash_out_cap_cents": 0, "cash_in_cap_cents": 0,
                                               "per_customer_cap_cents": 0, "valid_hours": 10_000,
                                               "hold_valid_minutes": 60}}},
        {"version": 1, "channels": {"branch": {"cash_out_cap_cents": 0, "cash_in_cap_cents": 0,
                                               "per_customer_cap_cents": 5, "valid_hours": 1,
                                               "hold_valid_minutes": 60}}},
        {"version": 1, "channels": {"branch": {"cash_out_cap_cents": 0, "cash_in_cap_cents": 0,
                                               "per_customer_cap_cents": 0, "valid_hours": 1,
                                               "hold_valid_minutes": 8 * 24 * 60}}},
        {"version": 1, "channels": {"branch": {"cash_out_cap_cents": 0, "cash_in_cap_cents": 0,
                                               "per_customer_cap_cents": 0, "valid_hours": 1}}},
    ],
)
def test_a_bad_policy_is_refused(policy: dict) -> None:
    with pytest.raises(InvalidInput):
        parse_allowance_policy(policy)
