"""The APIs' own calendars: a record NCBI stamps late in the evening (US Eastern) carries the
Eastern date, which is already tomorrow in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfoNotFoundError

from crawlers import api_calendar
from crawlers.api_calendar import api_today

LATE_EVENING_IN_NEW_YORK = datetime(2026, 3, 11, 2, 30, tzinfo=UTC)  # 22:30 EDT on the 10th


def test_us_eastern_dates_lag_utc_in_the_evening():
    assert api_today("America/New_York", LATE_EVENING_IN_NEW_YORK) == date(2026, 3, 10)
    assert api_today("Europe/London", LATE_EVENING_IN_NEW_YORK) == date(2026, 3, 11)
    summer = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 BST on the 2nd
    assert api_today("Europe/London", summer) == date(2026, 7, 2)


def test_without_the_zone_database_the_date_is_never_later_than_the_real_one(monkeypatch):
    moments = [datetime(2026, month, 1, hour, 30, tzinfo=UTC) for month in (1, 7)
               for hour in range(24)]
    real = {zone: [api_today(zone, moment) for moment in moments]
            for zone in ("America/New_York", "Europe/London")}

    def missing(zone: str):
        raise ZoneInfoNotFoundError(zone)

    monkeypatch.setattr(api_calendar, "ZoneInfo", missing)
    for zone, dates in real.items():
        fallback = [api_today(zone, moment) for moment in moments]
        assert all(f <= r for f, r in zip(fallback, dates, strict=True))
        assert fallback != dates  # summer time differs: the standard offset is used


def test_the_spiders_use_the_calendar_of_their_api():
    from crawlers.run import SPIDERS

    assert {name: spider.api_timezone for name, spider in SPIDERS.items()} == {
        "pubmed": "America/New_York", "europepmc": "Europe/London",
        "clinicaltrials": "America/New_York"}
