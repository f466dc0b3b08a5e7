"""Issue 9, acceptance 3: PubMed serves at most 9,999 records of one search; a larger result set
is split into modification-date windows until each fits, and crawled whole in the fewest requests
those windows allow (one esearch per window, one efetch per batch of a window that fits)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import requests
from sqlite_utils import Database

from crawlers.replay.synthetic import write_pubmed_corpus
from tests.processes import pubmed_url, replay_server, run_cli
from tests.pubmed_articles import write_articles

COUNT, BATCH, FIRST_DAY, DAYS = 25000, 500, date(2024, 1, 1), 700


def revised(n: int) -> date:
    return FIRST_DAY + timedelta(days=n * DAYS // COUNT)


def window_count(entry: dict, dates: list[date]) -> int:
    """How many of the generated records an esearch asked for (read from its own parameters)."""
    query = entry["query"]
    if not query.get("mindate"):
        return len(dates)
    low, high = (date(*map(int, query[name].split("/"))) for name in ("mindate", "maxdate"))
    return sum(1 for day in dates if low <= day <= high)


def test_25000_records_are_crawled_whole_in_the_fewest_requests_for_their_windows(tmp_path):
    """The records are clones of one short article, so that parsing, storing and tagging them
    costs little; the delay floor is lowered for this test only (the request count is asserted,
    not the time)."""
    write_articles(tmp_path / "template", {1: FIRST_DAY})
    pmids = write_pubmed_corpus(tmp_path / "template", tmp_path / "big", COUNT, revised=revised)
    dates = [revised(n) for n in range(COUNT)]
    db_path = tmp_path / "big.db"
    with replay_server(tmp_path / "big", tmp_path) as base:
        result = run_cli("crawl", "--full", "--source", "pubmed", "--db", str(db_path),
                         "--setting", pubmed_url(base), "--setting", f"PUBMED_BATCH_SIZE={BATCH}",
                         "--setting", "DOWNLOAD_DELAY=0", "--setting", "AUTOTHROTTLE_ENABLED=0",
                         "--setting", "LOG_LEVEL=WARNING")
        log = requests.get(f"{base}/_replay/log", timeout=10).json()
    assert result.returncode == 0, result.stderr[-3000:]
    esearches = [e for e in log if e["path"].endswith("esearch.fcgi")]
    efetches = [e for e in log if e["path"].endswith("efetch.fcgi")]
    assert len(esearches) + len(efetches) == len(log) - 1  # and the reachability probe

    counts = [window_count(e, dates) for e in esearches]
    assert counts[0] == COUNT > 9999  # the first esearch, without a window, is too large
    split = [c for c in counts if c > 9999]
    fits = [c for c in counts if c <= 9999]
    assert len(esearches) == 1 + 2 * len(split)  # every window too large asked for its halves
    assert sum(fits) == COUNT  # the windows that fit cover every record once
    assert len(efetches) == sum(math.ceil(c / BATCH) for c in fits)  # full batches only
    assert sum(e["ids"] for e in efetches) == COUNT

    db = Database(db_path)
    assert {row["source_id"] for row in db.query("select source_id from records")} == set(pmids)
    run = next(db["crawl_runs"].rows)
    assert (run["status"], run["announced"], run["stored"]) == ("ok", COUNT, COUNT)
    assert run["requests"] == len(esearches) + len(efetches)


FAULTED_COUNT, FAULTED_BATCH = 10500, 500


def test_a_windowed_result_set_served_with_faults_is_partial_and_the_next_run_completes(
        tmp_path):
    """Issue 9, acceptance 1 for a result set over 9,999 (split into date windows), served with
    faults: a 429 on a window's esearch (retried as Retry-After asks), an efetch batch lost to
    a 503 on both tries, an efetch batch that comes back empty when asked twice. The
    incremental run is partial, the watermark it started from holds, and the next run ends with
    exactly the rows of a clean crawl (and moves the watermark to today)."""
    from crawlers.api_calendar import api_today
    from crawlers.topic import load_topic, search_key
    from db import store
    from db.schema import open_db

    today = api_today("America/New_York")
    mark = today - timedelta(days=10)  # a watermark from an earlier ok run

    def stamped(n: int) -> date:  # inside the incremental window, from mark - 3 days to today
        return today - timedelta(days=9) + timedelta(days=n * 8 // FAULTED_COUNT)

    write_articles(tmp_path / "template", {1: FIRST_DAY})
    pmids = write_pubmed_corpus(tmp_path / "template", tmp_path / "big", FAULTED_COUNT,
                                revised=stamped)
    db_path, clean_path = tmp_path / "faulted.db", tmp_path / "clean.db"
    for path in (db_path, clean_path):
        db = open_db(str(path))
        store.finish_run(db, store.start_run(db, "pubmed", "incremental", None, mark.isoformat(),
                                             search=search_key(load_topic()["pubmed"])),
                         store.RunCounts(announced=0), 1)
        db.close()

    def crawl(path):
        return run_cli("crawl", "--source", "pubmed", "--db", str(path), "--setting",
                       pubmed_url(base), "--setting", f"PUBMED_BATCH_SIZE={FAULTED_BATCH}",
                       "--setting", "DOWNLOAD_DELAY=0", "--setting", "AUTOTHROTTLE_ENABLED=0",
                       "--setting", "RETRY_TIMES=1", "--setting", "LOG_LEVEL=WARNING")

    def rows(path) -> list:
        return list(Database(path).query("select source, source_id, content_hash, data, deleted "
                                         "from records order by 1, 2"))

    with replay_server(tmp_path / "big", tmp_path) as base:
        clean = crawl(clean_path)
        assert clean.returncode == 0, clean.stderr[-3000:]
        requests.post(f"{base}/_replay/reset", timeout=10).raise_for_status()
        requests.post(f"{base}/_replay/faults", timeout=10, json=[
            {"path": "esearch", "kind": "status", "status": 429, "retry_after": 1, "after": 1},
            # four requests in a row each: the two windows' batches interleave, and a batch is
            # lost when both of its tries are hit (a 503 is retried once, an empty batch asked
            # once more): among four in a row, one window has two of its own
            {"path": "efetch", "kind": "status", "status": 503, "after": 2, "times": 4},
            {"path": "efetch", "kind": "drop", "value": str(FAULTED_BATCH), "after": 8,
             "times": 4}]).raise_for_status()
        first = crawl(db_path)
        log = requests.get(f"{base}/_replay/log", timeout=10).json()
        db = Database(db_path)
        faulted = list(db["crawl_runs"].rows_where(order_by="id"))[-1]
        errors = " | ".join(e["message"] for e in db["crawl_errors"].rows)
        held = store.watermark(db, "pubmed", 3)
        requests.post(f"{base}/_replay/reset", timeout=10).raise_for_status()
        second = crawl(db_path)

    esearches = [e for e in log if e["path"].endswith("esearch.fcgi")]
    assert esearches[0]["query"].get("mindate") and esearches[0]["ids"] == 0
    assert len(esearches) >= 4  # the whole window, its halves, the 429's retry
    assert [e["status"] for e in esearches].count(429) == 1
    assert {e["fault"] for e in log if e.get("fault")} == {"status", "drop"}
    assert first.returncode == 3, first.stderr[-3000:]
    assert (faulted["status"], faulted["announced"]) == ("partial", FAULTED_COUNT)
    assert faulted["stored"] < FAULTED_COUNT - FAULTED_BATCH and faulted["errors"] >= 2
    assert "HTTP 503 after retries" in errors and "efetch gave 0 of" in errors
    assert held == mark  # the partial run moved nothing

    assert second.returncode == 0, second.stderr[-3000:]
    assert rows(db_path) == rows(clean_path)
    assert {row["source_id"] for row in rows(db_path)} == set(pmids)
    assert store.watermark(Database(db_path), "pubmed", 3) == today
