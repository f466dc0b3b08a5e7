"""db.store: what makes a crawl run ok (reconciliation), the watermark derived from ok runs, and
writes that fail (a full disk) without losing counts or records."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from db import store

D = date(2026, 3, 10)
MARGIN = 3


def counts(**kwargs) -> store.RunCounts:
    stored = kwargs.pop("stored", 0)
    skipped = kwargs.pop("skipped", 0)
    run = store.RunCounts(**kwargs)
    run.stored = {("pubmed", str(i)) for i in range(stored)}
    run.skipped = {f"book{i}" for i in range(skipped)}
    return run


@pytest.mark.parametrize(("run", "status"), [
    (counts(announced=3, stored=3), "ok"),
    (counts(announced=0), "ok"),  # nothing matched: nothing to miss
    (counts(announced=3, stored=2, skipped=1), "ok"),  # a Bookshelf chapter, skipped with reason
    (counts(announced=3, stored=2), "partial"),  # one record never arrived: not ok
    (counts(announced=3, stored=4), "partial"),  # more than announced: something is off
    (counts(announced=3, stored=3, errors=1), "partial"),
    (counts(stored=3), "partial"),  # the API's count was never read
    (counts(), "failed"),  # ... and nothing stored
    (counts(announced=3, fatal=True, errors=1), "failed"),
], ids=["reconciled", "empty", "skipped-counts", "missing", "extra", "error", "no-count",
        "nothing", "fatal"])
def test_a_run_is_ok_only_when_reconciled(run, status):
    assert run.status() == status


def test_deleted_records_are_accounted_for():
    run = counts(announced=5, stored=3)
    run.deleted = {"8", "9"}
    assert run.status() == "ok"


@pytest.mark.parametrize(("current", "since", "until", "after"), [
    (None, None, D, D),  # a complete crawl sets it
    (D, None, date(2026, 3, 20), date(2026, 3, 20)),
    (D, date(2026, 3, 7), date(2026, 3, 20), date(2026, 3, 20)),  # incremental: W - margin
    (D, date(2026, 3, 1), date(2026, 3, 20), date(2026, 3, 20)),  # --since before W - margin
    (D, date(2026, 3, 8), date(2026, 3, 20), D),  # --since inside the margin: lagging records
    (D, date(2026, 3, 15), date(2026, 3, 20), D),  # --since after W: a gap, W holds
    (None, date(2026, 3, 1), date(2026, 3, 20), None),  # no complete crawl yet: still none
], ids=["first-full", "full", "incremental", "since-earlier", "since-in-margin", "since-later",
        "since-without-watermark"])
def test_advance_watermark(current, since, until, after):
    assert store.advance_watermark(current, since, until, MARGIN) == after


def add_run(db, status: str, mode: str, since: str | None, until: str | None,
            started: str = "2026-03-10T12:00:00Z", source: str = "pubmed") -> None:
    db["crawl_runs"].insert({"source": source, "status": status, "mode": mode, "since": since,
                             "until": until, "started": started})


def test_watermark_comes_from_ok_live_runs_only(fresh_db):
    assert store.watermark(fresh_db, "pubmed", MARGIN) is None
    add_run(fresh_db, "ok", "full", None, "2026-03-10")
    add_run(fresh_db, "partial", "incremental", "2026-03-07", "2026-03-15")  # holds
    add_run(fresh_db, "failed", "incremental", "2026-03-07", "2026-03-16")
    add_run(fresh_db, "ok", "offline", None, "2026-03-17")  # never a live watermark
    add_run(fresh_db, "ok", "incremental", "2026-03-12", "2026-03-18")  # --since past W
    add_run(fresh_db, "ok", "full", None, "2026-03-19", source="europepmc")
    assert store.watermark(fresh_db, "pubmed", MARGIN) == D
    add_run(fresh_db, "ok", "incremental", "2026-03-07", "2026-03-21")
    assert store.watermark(fresh_db, "pubmed", MARGIN) == date(2026, 3, 21)
    assert store.watermark(fresh_db, "europepmc", MARGIN) == date(2026, 3, 19)


def test_only_runs_of_the_same_search_make_its_watermark(fresh_db):
    fresh_db["crawl_runs"].insert_all([
        {"source": "pubmed", "status": "ok", "mode": "full", "since": None,
         "until": "2026-03-10", "started": "2026-03-10T12:00:00Z", "search": "narrow"},
        {"source": "pubmed", "status": "ok", "mode": "incremental", "since": "2026-03-07",
         "until": "2026-03-12", "started": "2026-03-12T12:00:00Z", "search": "wide"}])
    assert store.watermark(fresh_db, "pubmed", MARGIN, "narrow") == D
    # the wide search's first run asked only from the narrow one's watermark: nothing before
    # it is known to be fetched for the wide query
    assert store.watermark(fresh_db, "pubmed", MARGIN, "wide") is None
    assert store.watermark(fresh_db, "pubmed", MARGIN) is None  # as the last run's search
    assert store.other_searches(fresh_db, "pubmed") == 1


def test_a_margin_past_the_first_date_asks_from_the_beginning(fresh_db):
    assert store.asks_from(D, 3) == date(2026, 3, 7)
    assert store.asks_from(D, 10 ** 6) is None
    add_run(fresh_db, "ok", "full", None, "2026-03-10")
    add_run(fresh_db, "ok", "incremental", "2026-03-07", "2026-03-21")
    # (a run from a date did not look back a margin that long: the watermark holds)
    assert store.watermark(fresh_db, "pubmed", 10 ** 6) == D


def test_runs_from_before_reconciliation_count_from_their_start_minus_a_day(fresh_db):
    add_run(fresh_db, "ok", "incremental", None, None, started="2026-02-01T03:00:00Z")
    assert store.watermark(fresh_db, "pubmed", MARGIN) == date(2026, 1, 31)


def record(pmid: str, title: str = "T") -> tuple[dict, str]:
    data = {"source": "pubmed", "source_id": pmid, "kind": "publication", "title": title,
            "pmid": pmid, "revised": "2026-01-01"}
    return data, f"<PubmedArticle>{pmid} {title}</PubmedArticle>"


def fill_disk(db) -> None:
    """SQLite's own size cap: a write that needs a new page fails with "database or disk is
    full", as on a full disk."""
    pages = db.execute("pragma page_count").fetchone()[0]
    db.execute(f"pragma max_page_count = {pages}")


def test_a_failed_batch_write_changes_no_count_and_can_be_written_again(fresh_db):
    run = store.RunCounts()
    store.save_records(fresh_db, [record("1")], None, run)
    fill_disk(fresh_db)
    batch = [record(str(i), "x" * 3000) for i in range(2, 40)]
    with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
        store.save_records(fresh_db, batch, None, run)
    assert (run.new, len(run.stored)) == (1, 1)
    assert fresh_db["records"].count == 1
    fresh_db.execute("pragma max_page_count = 1073741823")  # space again
    store.save_records(fresh_db, batch, None, run)
    assert (run.new, len(run.stored), fresh_db["records"].count) == (39, 39, 39)


def test_deleted_records_are_marked_and_a_new_fetch_clears_the_mark(fresh_db):
    run = store.RunCounts()
    store.save_records(fresh_db, [record("1"), record("2")], None, run)
    assert store.mark_deleted(fresh_db, "pubmed", ["2", "404"]) == 1
    assert {r["source_id"]: r["deleted"] for r in fresh_db["records"].rows} == {"1": 0, "2": 1}
    store.save_records(fresh_db, [record("2")], None, run)  # served again, unchanged
    assert fresh_db["records"].get(("pubmed", "2"))["deleted"] == 0


def test_finish_run_writes_what_was_reconciled(fresh_db):
    run_id = store.start_run(fresh_db, "pubmed", "incremental", "2026-03-07", "2026-03-10")
    run = counts(announced=4, stored=2, skipped=1)
    run.warn("esearch WarningList: OutputMessage: No items found.")
    assert store.finish_run(fresh_db, run_id, run, requests=3) == "partial"
    row = fresh_db["crawl_runs"].get(run_id)
    assert (row["announced"], row["stored"], row["skipped"], row["until"]) == (
        4, 2, 1, "2026-03-10")
    assert json.loads(row["warnings"]) == ["esearch WarningList: OutputMessage: No items found."]
    assert "announced 4, accounted for 3" in row["message"]


def test_a_europe_pmc_version_that_newly_carries_a_revision_date_is_not_older(fresh_db):
    """Version one has only Europe PMC's update date; version two adds MEDLINE's (earlier)
    revision date and a corrected title, and a later update date: it is the newer version and
    replaces the first (audit 3, F5)."""
    from crawlers.parsers.europepmc import parse_search

    base = {"id": "31111111", "source": "MED", "pmid": "31111111", "title": "Version one"}
    two = {**base, "title": "Version two, corrected", "dateOfRevision": "2026-05-20",
           "lastUpdateDate": "2026-06-10"}
    for version in ({**base, "lastUpdateDate": "2026-06-01"}, two):
        page = parse_search(json.dumps({"hitCount": 1,
                                        "resultList": {"result": [version]}}).encode())
        record = page.result.records[0]
        store.save_records(fresh_db, [(record.as_dict(), record.raw)], None,
                           store.RunCounts(announced=1))
    assert fresh_db["records"].get(("europepmc", "MED:31111111"))["title"] == (
        "Version two, corrected")
