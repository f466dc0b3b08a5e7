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
