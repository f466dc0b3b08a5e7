"""Issue 9, acceptance 2: watermarks that cannot skip. The watermark is a date in the API's own
calendar (US Eastern for PubMed); an incremental run asks from watermark - margin (3 days), so a
record stamped late on the day of the last run and one indexed up to three days late are fetched;
a `--since` past the watermark and an offline run into a live database do not move it.

A run "happened" on day D: its recorded `until` is set to D (30 days ago), the date the replay
server's records are compared with."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import requests
from sqlite_utils import Database

from crawlers.api_calendar import api_today
from db import store
from tests.conftest import SAMPLE_CORPUS
from tests.processes import pubmed_url, replay_server, run_cli
from tests.pubmed_articles import write_articles

TODAY = api_today("America/New_York")
D = TODAY - timedelta(days=30)
MARGIN = 3
BEFORE = {1: D - timedelta(days=40), 2: D - timedelta(days=35)}  # crawled on day D
LATE_IN_THE_DAY = 3  # stamped on day D, after the run
LAGGING = 4  # stamped D - 2, indexed only after the run (a lag inside the margin)
NEW = 5  # stamped D + 10
AFTER = {**BEFORE, LATE_IN_THE_DAY: D, LAGGING: D - timedelta(days=2), NEW: D + timedelta(days=10)}


def crawl(base: str, db_path, *args: str):
    result = run_cli("crawl", "--source", "pubmed", "--db", str(db_path), *args,
                     "--setting", pubmed_url(base), "--setting", "DOWNLOAD_DELAY=0.05",
                     "--setting", "AUTOTHROTTLE_ENABLED=0")  # --since takes a value: no helper
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def stored(db_path) -> set[int]:
    return {int(r["source_id"]) for r in Database(db_path)["records"].rows}


def esearch_dates(base: str) -> tuple[str | None, str | None]:
    entry = next(e for e in requests.get(f"{base}/_replay/log", timeout=10).json()
                 if e["path"].endswith("esearch.fcgi"))
    return entry["query"].get("mindate"), entry["query"].get("maxdate")


def slash(day: date) -> str:
    return day.strftime("%Y/%m/%d")


@pytest.fixture
def crawled_on_day_d(tmp_path):
    """A database whose one complete crawl happened on day D."""
    db_path = tmp_path / "w.db"
    with replay_server(write_articles(tmp_path / "before", BEFORE), tmp_path) as base:
        crawl(base, db_path)
    db = Database(db_path)
    db.execute("update crawl_runs set until = ?", [D.isoformat()])
    db.conn.commit()
    assert store.watermark(db, "pubmed", MARGIN) == D and stored(db_path) == set(BEFORE)
    return db_path


def test_late_in_the_day_and_lagging_records_are_fetched(crawled_on_day_d, tmp_path):
    with replay_server(write_articles(tmp_path / "after", AFTER), tmp_path) as base:
        crawl(base, crawled_on_day_d)
        # the crawl asks up to its own today in New York: the test's, or the next day's when
        # the run crosses midnight there
        today = api_today("America/New_York")
        mindate, maxdate = esearch_dates(base)
        assert mindate == slash(D - timedelta(days=MARGIN))
        assert maxdate in {slash(TODAY), slash(today)}
    assert stored(crawled_on_day_d) == set(AFTER)
    assert store.watermark(Database(crawled_on_day_d), "pubmed", MARGIN) in {TODAY, today}


def test_since_later_than_the_watermark_does_not_move_it(crawled_on_day_d, tmp_path):
    since = D + timedelta(days=5)
    with replay_server(write_articles(tmp_path / "after", AFTER), tmp_path) as base:
        crawl(base, crawled_on_day_d, "--since", since.isoformat())
        assert stored(crawled_on_day_d) == set(BEFORE) | {NEW}
        db = Database(crawled_on_day_d)
        assert store.watermark(db, "pubmed", MARGIN) == D  # the gap D..since is not fetched
        requests.post(f"{base}/_replay/reset", timeout=10).raise_for_status()
        crawl(base, crawled_on_day_d)
        assert esearch_dates(base)[0] == slash(D - timedelta(days=MARGIN))
    assert stored(crawled_on_day_d) == set(AFTER)


def test_an_offline_run_into_a_live_database_does_not_move_the_live_watermark(
        crawled_on_day_d, tmp_path):
    result = run_cli("crawl", "--offline", str(SAMPLE_CORPUS), "--source", "pubmed",
                     "--db", str(crawled_on_day_d))
    assert result.returncode == 0, result.stderr[-3000:]
    db = Database(crawled_on_day_d)
    assert next(db["crawl_runs"].rows_where(order_by="id desc"))["mode"] == "offline"
    assert store.watermark(db, "pubmed", MARGIN) == D
    with replay_server(write_articles(tmp_path / "after", AFTER), tmp_path) as base:
        crawl(base, crawled_on_day_d)
        assert esearch_dates(base)[0] == slash(D - timedelta(days=MARGIN))
    assert stored(crawled_on_day_d) >= set(AFTER)
