"""The APIs' own calendars: each stamps its records with dates in its own time zone (NCBI and
ClinicalTrials.gov US Eastern, Europe PMC UK time), so "today" and every watermark are dates in
that zone, not in the machine's."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

STANDARD_OFFSETS = {"America/New_York": -5, "Europe/London": 0}  # hours, standard time


def api_today(zone: str, now: datetime | None = None) -> date:
    """Today in the API's own calendar. Without the time-zone database, the zone's standard-time
    offset is used, which never gives a later date than the real one (a safe watermark)."""
    moment = now or datetime.now(UTC)
    try:
        tz: Any = ZoneInfo(zone)
    except ZoneInfoNotFoundError:
        tz = timezone(timedelta(hours=STANDARD_OFFSETS.get(zone, 0)))
    return moment.astimezone(tz).date()
