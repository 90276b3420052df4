"""Head office's answers as they travel on the wire, one device line at a time: pure dicts, with no
import from the app or the server, so that shared_core's unit tests and the desktop's screen
builders (tests/head_office_builders.py) share the one sample of each shape; and `altered`, the
one way their tests spoil an answer to see it refused."""

from __future__ import annotations

import copy
from typing import Any

MISSING = object()  # as `altered`'s value: the field is left out


def altered(wire: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A copy of `wire` with the field at `path` set to `value`, or left out when value is MISSING."""
    changed = copy.deepcopy(wire)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    if value is MISSING:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return changed


def device_line(code: str, **values: Any) -> dict[str, Any]:
    line = {
        "device_code": code,
        "channel": "branch",
        "location_code": "NBO-001",
        "location_name": "Nairobi CBD Branch",
        "status": "active",
        "enrolled_at": "2026-11-01T06:00:00.000000Z",
        "app_version": "1.4.0",
        "last_batch_at": "2026-11-24T16:40:30.000000Z",
        "last_sequence": 40,
        "last_seen_at": "2026-11-24T16:58:02.000000Z",
        "clock_skew_s": 4,
        "clock_skew_flagged": False,
        "frozen_reason": None,
    }
    line.update(values)
    return line


def device_day(code: str, **values: Any) -> dict[str, Any]:
    day = {
        "device_code": code,
        "channel": "branch",
        "status": "active",
        "enrolled_at": "2026-11-01T06:00:00.000000Z",
        "last_batch_at": "2026-11-24T16:40:30.000000Z",
        "last_sequence": 40,
        "batches_received": 3,
        "first_sequence_of_day": 31,
        "last_sequence_of_day": 40,
        "entries": 10,
        "booked": 9,
        "booked_with_exception": 1,
        "rejected": 1,
        "awaiting_approval": 0,
        "id_taken": 0,
        "clock_skew_s": 4,
        "clock_skew_source": "recorded",
        "clock_skew_flagged": False,
        "gap": None,
    }
    day.update(values)
    if day["clock_skew_s"] is None and "clock_skew_source" not in values:
        day["clock_skew_source"] = None  # as the server sends a skew never measured
    return day
