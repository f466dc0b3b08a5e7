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
import yaml
from sqlite_utils import Database

from crawlers.api_calendar import api_today
from crawlers.topic import DEFAULT_TOPIC
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


def assert_refused(result, *words: str) -> None:
    """Bad usage: exit 2, one line on stderr, no traceback."""
    stderr = result.stderr.strip()
    assert result.returncode == 2, (result.returncode, stderr[-3000:])
    assert len(stderr.splitlines()) == 1 and "Traceback" not in stderr, stderr
    for word in words:
        assert word in stderr, stderr


def snapshot(db_path) -> list:
    """Every row a crawl writes, runs included."""
    db = Database(db_path)
    return [list(db.query(f"select * from {table} order by 1"))
            for table in ("records", "crawl_runs", "crawl_errors", "studies")]


@pytest.mark.parametrize(("extra", "says"), [
    ([], "holds live crawls"),
    (["--setting", "STEMSPINE_MODE=full"], "STEMSPINE_MODE is set by stemspine itself")],
    ids=["offline", "offline-posing-as-full"])
def test_an_offline_run_into_a_live_database_is_refused_and_changes_nothing(
        crawled_on_day_d, tmp_path, extra, says):
    """Demo records never mix with a real crawl, and no setting lets an offline run pass for a
    live one (which moved the live watermark): the live rows stay as they were, and the next
    live run asks from the watermark and ends with exactly the live records."""
    before = snapshot(crawled_on_day_d)
    result = run_cli("crawl", "--offline", str(SAMPLE_CORPUS), "--source", "pubmed",
                     "--db", str(crawled_on_day_d), *extra)
    assert_refused(result, says)
    assert snapshot(crawled_on_day_d) == before
    assert store.watermark(Database(crawled_on_day_d), "pubmed", MARGIN) == D
    with replay_server(write_articles(tmp_path / "after", AFTER), tmp_path) as base:
        crawl(base, crawled_on_day_d)
        assert esearch_dates(base)[0] == slash(D - timedelta(days=MARGIN))
    assert stored(crawled_on_day_d) == set(AFTER)


def test_a_live_run_into_an_offline_database_is_refused(tmp_path):
    db_path = tmp_path / "demo.db"
    assert run_cli("crawl", "--offline", "--source", "pubmed", "--db",
                   str(db_path)).returncode == 0
    before = snapshot(db_path)
    with replay_server(write_articles(tmp_path / "live", BEFORE), tmp_path) as base:
        result = run_cli("crawl", "--source", "pubmed", "--db", str(db_path),
                         "--setting", pubmed_url(base))
    assert_refused(result, "offline")
    assert snapshot(db_path) == before


def test_a_negative_margin_is_refused_and_the_watermark_holds(crawled_on_day_d, tmp_path):
    """A margin of -30 days asked from D + 30: the gap D..D+30 was never fetched, yet the run
    was ok and moved the watermark. Now refused before anything is written."""
    before = snapshot(crawled_on_day_d)
    with replay_server(write_articles(tmp_path / "after", AFTER), tmp_path) as base:
        result = run_cli("crawl", "--source", "pubmed", "--db", str(crawled_on_day_d),
                         "--setting", pubmed_url(base),
                         "--setting", "STEMSPINE_WATERMARK_MARGIN_DAYS=-30")
        assert_refused(result, "STEMSPINE_WATERMARK_MARGIN_DAYS")
        assert snapshot(crawled_on_day_d) == before
        crawl(base, crawled_on_day_d)
        assert esearch_dates(base)[0] == slash(D - timedelta(days=MARGIN))
    assert stored(crawled_on_day_d) == set(AFTER)


def test_an_edited_topic_starts_its_watermark_again(tmp_path):
    """A watermark holds for the query it was reached with. A topic widened between nightly
    runs matches records stamped long before the last run; the next incremental run fetches
    everything the new query matches (not only what changed since the watermark), so it ends
    with exactly the rows of a clean crawl of the wide topic. (The replay server matches the
    terms: the narrow query finds only the disc articles.)"""
    old = TODAY - timedelta(days=60)
    corpus = tmp_path / "corpus"
    write_articles(corpus, {1: old, 2: old}, "disc.xml")
    stenosis = (corpus / "pubmed" / "disc.xml").read_text().replace(
        "disc degeneration", "spinal stenosis").replace("<PMID Version=\"1\">1<",
                                                        "<PMID Version=\"1\">3<").replace(
        "<PMID Version=\"1\">2<", "<PMID Version=\"1\">4<")
    (corpus / "pubmed" / "stenosis.xml").write_text(stenosis)
    narrow, wide = tmp_path / "narrow.yaml", tmp_path / "wide.yaml"
    topic = yaml.safe_load(DEFAULT_TOPIC.read_text())
    topic["pubmed"]["term"] = 'mesenchymal[tiab] AND "disc degeneration"[tiab]'
    narrow.write_text(yaml.safe_dump(topic))
    topic["pubmed"]["term"] = ('mesenchymal[tiab] AND ("disc degeneration"[tiab] OR '
                               '"spinal stenosis"[tiab])')
    wide.write_text(yaml.safe_dump(topic))
    db_path, clean = tmp_path / "nightly.db", tmp_path / "clean.db"
    with replay_server(corpus, tmp_path, match_text=True) as base:
        crawl(base, db_path, "--topic", str(narrow))
        assert stored(db_path) == {1, 2}
        db = Database(db_path)
        assert store.watermark(db, "pubmed", MARGIN) is not None
        # an operator about to switch topics sees where each would start
        for path, line in ((narrow, "pubmed: ok; watermark "),
                           (wide, "pubmed: ok; no watermark yet")):
            shown = run_cli("status", "--db", str(db_path), "--topic", str(path)).stdout
            assert line in shown and "for the search in --topic" in shown, shown
        requests.post(f"{base}/_replay/reset", timeout=10).raise_for_status()
        crawl(base, db_path, "--topic", str(wide))
        assert esearch_dates(base)[0] is None  # no watermark for this query: from the beginning
        crawl(base, clean, "--topic", str(wide))
    assert stored(db_path) == stored(clean) == {1, 2, 3, 4}
    # and the wide query has its own watermark now: the next night asks from it
    assert store.watermark(Database(db_path), "pubmed", MARGIN) is not None
    status = run_cli("status", "--db", str(db_path))
    assert "ok runs of an earlier search do not count" in status.stdout, status.stdout


def test_a_since_in_the_first_century_asks_for_every_date(tmp_path):
    """The earliest --since there is asks E-utilities for a four-digit year ('0001/01/01'; the
    platform's strftime writes '1/01/01', which esearch refuses) and fetches everything."""
    db_path = tmp_path / "early.db"
    with replay_server(write_articles(tmp_path / "c", BEFORE), tmp_path) as base:
        crawl(base, db_path, "--since", "0001-01-01")
        assert esearch_dates(base)[0] == "0001/01/01"
    assert stored(db_path) == set(BEFORE)
