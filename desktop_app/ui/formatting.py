"""How the window writes times and ages: short, in the teller's language, never a raw timestamp."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication

from shared_core.journal import parse_timestamp
from shared_core.roles import Role

translate = QCoreApplication.translate  # pyside6-lupdate finds translate("Context", "text") calls


def age_text(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 60:
        return translate("Formatting", "{n} s").format(n=seconds)
    if seconds < 3600:
        return translate("Formatting", "{n} min").format(n=seconds // 60)
    if seconds < 86_400:
        return translate("Formatting", "{h} h {m} min").format(h=seconds // 3600, m=seconds % 3600 // 60)
    return translate("Formatting", "{n} days").format(n=seconds // 86_400)


def local_time_text(timestamp: str | None, utc_offset_minutes: int) -> str:
    """'2026-11-24T09:00:00.000000Z' -> '24 Nov 12:00' in the device's local time."""
    if not timestamp:
        return translate("Formatting", "never")
    moment = parse_timestamp(timestamp) + timedelta(minutes=utc_offset_minutes)
    return moment.strftime("%d %b %H:%M")


def role_text(role: Role) -> str:
    names = {
        Role.TELLER: translate("Roles", "Teller"),
        Role.AGENT: translate("Roles", "Agent"),
        Role.SUPERVISOR: translate("Roles", "Supervisor"),
        Role.HEAD_OFFICE: translate("Roles", "Head office"),
        Role.DIRECTOR: translate("Roles", "Director"),
    }
    return names[role]
