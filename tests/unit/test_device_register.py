"""Head office's device register (GET /v1/devices, POST /v1/enrolment-codes, POST
/v1/devices/{code}/revocation) is one shape on both sides of the wire. The sample: K7Q2 at the
Nairobi CBD branch, synced and on time; P3Q9 enrolled this morning, never synced, its location since
dropped from head office's list; X9P3 at Mama Mboga's shop in Kibera, its clock ten minutes ahead.
"""

from __future__ import annotations

from typing import Any

import pytest

from shared_core.channels import Channel
from shared_core.device_register import DeviceLine, DeviceRegister, EnrolmentCode, Location, Revocation
from shared_core.wire_object import WrongField, read_wire
from tests.wire_samples import MISSING, altered, device_line


def register_wire() -> dict[str, Any]:
    return {
        "devices": [
            device_line("K7Q2"),
            device_line(
                "P3Q9",
                location_code="NBO-009",
                location_name=None,
                enrolled_at="2026-11-24T06:00:00.000000Z",
                app_version=None,
                last_batch_at=None,
                last_sequence=0,
                last_seen_at=None,
                clock_skew_s=None,
            ),
            device_line(
                "X9P3",
                channel="agent",
                location_code="AG-0042",
                location_name="Mama Mboga Shop, Kibera",
                clock_skew_s=600,
                clock_skew_flagged=True,
                last_sequence=212,
            ),
        ],
        "locations": [
            {"code": "AG-0042", "name": "Mama Mboga Shop, Kibera", "channel": "agent"},
            {"code": "NBO-001", "name": "Nairobi CBD Branch", "channel": "branch"},
        ],
    }


def read_register(data: Any) -> DeviceRegister:
    return read_wire(data, DeviceRegister.from_wire)


def test_the_register_reads_into_what_head_office_checks() -> None:
    register = read_register(register_wire())
    k7q2, p3q9, x9p3 = register.devices
    assert (k7q2.channel, k7q2.location_name, k7q2.last_sequence) == (
        Channel.BRANCH,
        "Nairobi CBD Branch",
        40,
    )
    assert p3q9.last_batch_at is None and p3q9.location_name is None  # never synced; its location unlisted
    assert (x9p3.channel, x9p3.clock_skew_s, x9p3.clock_skew_flagged) == (Channel.AGENT, 600, True)
    assert register.locations[0] == Location("AG-0042", "Mama Mboga Shop, Kibera", Channel.AGENT)


def test_what_is_read_writes_back_the_very_same_json() -> None:
    wire = register_wire()
    assert read_register(wire).to_wire() == wire
    code = {
        "enrolment_code": "7KQ2-M4T8-X9P3",
        "device_code": "T5V8",
        "location_code": "AG-0042",
        "expires_at": "2026-11-27T17:00:00.000000Z",
    }
    assert read_wire(code, EnrolmentCode.from_wire).to_wire() == code


def test_values_built_on_the_server_side_make_the_round_trip() -> None:
    register = DeviceRegister(
        devices=(
            DeviceLine(
                "M4T8",
                Channel.BRANCH,
                "MSA-002",
                "Mombasa Moi Avenue",
                "frozen",
                "2026-11-01T06:00:00.000000Z",
                "1.4.0",
                "2026-11-20T10:02:11.000000Z",
                3,
                "2026-11-20T10:02:11.000000Z",
                -35,
                False,
                "Its journal forked at entries 1-3",
            ),
        ),
        locations=(Location("MSA-002", "Mombasa Moi Avenue", Channel.BRANCH),),
    )
    assert read_register(register.to_wire()) == register
    assert register.to_wire()["devices"][0]["channel"] == "branch"
    assert read_wire(
        Revocation("M4T8").to_wire(), lambda answer: Revocation.from_wire(answer, device_code="M4T8")
    ) == (Revocation("M4T8", "revoked"))


def test_an_enrolment_code_is_kept_out_of_logs() -> None:
    code = EnrolmentCode("7KQ2-M4T8-X9P3", "T5V8", "AG-0042", "2026-11-27T17:00:00.000000Z")
    assert "7KQ2-M4T8-X9P3" not in repr(code) and "T5V8" in repr(code)




@pytest.mark.parametrize(
    ("path", "value", "field", "problem"),
    [
        (("devices", 0, "channel"), "kiosk", "devices[0].channel", "none of branch, agent"),
        (("devices", 1, "device_code"), "", "devices[1].device_code", "empty"),
        (("devices", 0, "location_name"), 42, "devices[0].location_name", "not text"),
        (("devices", 0, "enrolled_at"), "2026-11-01", "devices[0].enrolled_at", "enrolled_at"),
        (("devices", 0, "last_sequence"), -1, "devices[0].last_sequence", "below 0"),
        (("devices", 2, "clock_skew_s"), 600.0, "devices[2].clock_skew_s", "not a whole number"),
        (("devices", 2, "clock_skew_flagged"), "yes", "devices[2].clock_skew_flagged", "not true or false"),
        (("devices", 0, "frozen_reason"), MISSING, "devices[0].frozen_reason", "missing"),
        (("locations", 1, "channel"), "kiosk", "locations[1].channel", "none of branch"),
        (("locations",), MISSING, "locations", "missing"),
        (("devices",), {}, "devices", "not a list"),
    ],
)
def test_a_register_not_as_the_server_sends_it_is_refused_naming_the_field(
    path: tuple[Any, ...], value: Any, field: str, problem: str
) -> None:
    wire = altered(register_wire(), path, value)
    with pytest.raises(WrongField) as wrong:
        read_register(wire)
    assert wrong.value.field == field and problem in wrong.value.problem


def test_a_clock_skew_may_be_behind_the_server() -> None:
    wire = register_wire()
    wire["devices"][0]["clock_skew_s"] = -35
    assert read_register(wire).devices[0].clock_skew_s == -35


@pytest.mark.parametrize(
    ("answer", "field", "problem"),
    [
        ({"device_code": "M4T8", "status": "revoked"}, "device_code", "not the device revoked (K7Q2)"),
        ({"device_code": "K7Q2", "status": "active"}, "status", "not 'revoked'"),
        ({"device_code": "K7Q2"}, "status", "missing"),
    ],
)
def test_a_revocation_answer_must_name_the_device_revoked_and_say_revoked(
    answer: dict[str, Any], field: str, problem: str
) -> None:
    with pytest.raises(WrongField) as wrong:
        read_wire(answer, lambda data: Revocation.from_wire(data, device_code="K7Q2"))
    assert wrong.value.field == field and problem in wrong.value.problem


def test_an_enrolment_code_answer_without_its_expiry_is_refused() -> None:
    with pytest.raises(WrongField) as wrong:
        read_wire(
            {
                "enrolment_code": "7KQ2-M4T8-X9P3",
                "device_code": "T5V8",
                "location_code": "AG-0042",
                "expires_at": "Friday",
            },
            EnrolmentCode.from_wire,
        )
    assert wrong.value.field == "expires_at"


def test_values_that_cannot_be_a_register_are_refused_when_built() -> None:
    with pytest.raises(TypeError, match="Channel"):
        Location("NBO-001", "Nairobi CBD Branch", "branch")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="DeviceLine"):
        DeviceRegister((device_line("K7Q2"),), ())  # type: ignore[arg-type]
