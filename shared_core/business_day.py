"""The bank's business day: which calendar date a moment falls on where the bank keeps its books.

Counters date their entries by their own local day (the offset of the OS, East Africa Time at every
branch and agent today). Head office must count days the same way: between 21:00 and 24:00 UTC it is
already tomorrow in Nairobi, and a report asked for that day must not be refused as "not begun yet",
nor a correction booked then dated the day before.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from shared_core.journal import format_timestamp, parse_timestamp

bank_utc_offset_minutes = 180  # East Africa Time; Kenya keeps no daylight saving


def local_date(moment: str, utc_offset_minutes: int) -> str:
    """The calendar date of the wire moment `moment` at `utc_offset_minutes` from UTC."""
    return (parse_timestamp(moment) + timedelta(minutes=utc_offset_minutes)).date().isoformat()


def bank_date(now: str) -> str:
    """The bank's business date at the wire moment `now`, e.g. '2026-11-25' for
    '2026-11-24T21:30:00.000000Z' (00:30 in Nairobi)."""
    return local_date(now, bank_utc_offset_minutes)


def has_begun(business_date: str, now: str) -> bool:
    """Whether `business_date` (YYYY-MM-DD) has begun at the bank by the moment `now`."""
    return business_date <= bank_date(now)


def bank_day_bounds(business_date: str) -> tuple[str, str]:
    """The wire moments the bank's day `business_date` begins and the next begins: for '2026-11-25',
    ('2026-11-24T21:00:00.000000Z', '2026-11-25T21:00:00.000000Z')."""
    midnight = datetime.combine(date.fromisoformat(business_date), datetime.min.time(), timezone.utc)
    start = midnight - timedelta(minutes=bank_utc_offset_minutes)
    return format_timestamp(start), format_timestamp(start + timedelta(days=1))
