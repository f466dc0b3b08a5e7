"""The store pipeline counts what Scrapy would only log (exceptions in callbacks and pipelines,
dropped requests) and keeps a batch whose write fails until it can be written."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler
from sqlite_utils import Database
from twisted.python.failure import Failure

from crawlers.items import Announced, ApiWarning, CrawlError, Deleted, Skipped, SourceRecord
from crawlers.pipelines import StorePipeline
from crawlers.spiders.pubmed import PubmedSpider


@pytest.fixture
def pipeline(tmp_path):
    crawler = get_crawler(PubmedSpider, {"STEMSPINE_DB": str(tmp_path / "p.db"),
                                         "STEMSPINE_MODE": "full"})
    crawler.spider = PubmedSpider.from_crawler(crawler)
    pipe = StorePipeline(crawler)
    pipe.batch_size = pipe.flush_at = 10
    pipe.open_spider()
    return pipe


def record(n: int) -> SourceRecord:
    return SourceRecord("pubmed", str(n), "publication", raw=f"<PubmedArticle>{n}" + "x" * 3000
                        + "</PubmedArticle>", title=f"T{n}", pmid=str(n))


def finish(pipe: StorePipeline) -> dict:
    pipe.close_spider()
    pipe.spider_closed(pipe.crawler.spider, "finished")
    db = Database(pipe.db_path)
    return {"run": next(db["crawl_runs"].rows), "errors": list(db["crawl_errors"].rows),
            "records": db["records"].count,
            "status": pipe.crawler.stats.get_value("stemspine/status")}


def failure(exc: Exception) -> Failure:
    try:
        raise exc
    except Exception:  # noqa: BLE001 - building a Failure from a real traceback
        return Failure()


def test_a_reconciled_run_is_ok_with_skips_deletions_and_warnings(pipeline):
    pipeline.process_item(Announced("pubmed", 14))
    for n in range(12):
        pipeline.process_item(record(n))
    pipeline.process_item(Skipped("pubmed", "900", "PubmedBookArticle: not a study"))
    pipeline.process_item(Deleted("pubmed", ["12"]))
    pipeline.process_item(ApiWarning("pubmed", "esearch WarningList: OutputMessage: x"))
    out = finish(pipeline)
    assert out["status"] == "ok" and out["run"]["status"] == "ok"
    assert (out["run"]["announced"], out["run"]["stored"], out["run"]["skipped"],
            out["run"]["deleted"]) == (14, 12, 1, 1)
    assert out["records"] == 12 and out["errors"] == []


def test_a_record_served_and_reported_deleted_counts_once(pipeline):
    """13 announced; 12 arrive (id 12 never does) and id 3, served, is also reported deleted:
    12 distinct ids are accounted for, not 13, so the run is not ok (audit 3, F4). The
    deletion reported while the record still waits in the buffer holds."""
    pipeline.process_item(Announced("pubmed", 13))
    for n in range(12):
        if n == 5:
            pipeline.process_item(Deleted("pubmed", ["3"]))
        pipeline.process_item(record(n))
    out = finish(pipeline)
    assert out["status"] == "partial" and "accounted for 12" in out["run"]["message"]
    deleted = Database(pipeline.db_path).execute(
        "select source_id from records where deleted").fetchall()
    assert deleted == [("3",)]


def test_exceptions_scrapy_only_logs_are_counted(pipeline):
    pipeline.process_item(Announced("pubmed", 2))
    pipeline.process_item(record(1))
    pipeline.process_item(record(2))
    request = Request("http://127.0.0.1/efetch.fcgi", meta={"position": 200},
                      callback=pipeline.crawler.spider.parse_fetch)
    response = TextResponse(request.url, body=b"<x/>", request=request)
    spider = pipeline.crawler.spider
    pipeline.spider_error(failure(UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates")),
                          response, spider)
    pipeline.item_error(record(3), response, spider, failure(RecursionError("too deep")))
    pipeline.request_dropped(Request("http://127.0.0.1/again"), spider)
    out = finish(pipeline)
    assert out["status"] == "partial" and out["run"]["errors"] == 3
    messages = [e["message"] for e in out["errors"]]
    assert messages[0].startswith("parse_fetch raised UnicodeEncodeError")
    assert out["errors"][0]["position"] == 200
    assert "pipeline raised RecursionError on SourceRecord" in messages[1]
    assert out["errors"][1]["source_id"] == "3"
    assert "dropped" in messages[2]


def test_a_full_disk_keeps_the_batch_and_writes_it_when_space_returns(pipeline):
    pipeline.process_item(Announced("pubmed", 30))
    pages = pipeline.db.execute("pragma page_count").fetchone()[0]
    pipeline.db.execute(f"pragma max_page_count = {pages}")  # "database or disk is full"
    for n in range(20):
        pipeline.process_item(record(n))
    assert len(pipeline.buffer) == 20  # two failed batches, kept
    assert pipeline.counts.errors == 2  # (small error rows may still fit in free pages)
    pipeline.db.execute("pragma max_page_count = 1073741823")  # space again
    for n in range(20, 30):
        pipeline.process_item(record(n))
    assert pipeline.buffer == [] and pipeline.pending_errors == []
    out = finish(pipeline)
    assert out["records"] == 30 and out["run"]["stored"] == 30
    assert out["status"] == "partial"  # the failed writes are errors: the watermark holds
    assert all("database or disk is full" in e["message"] for e in out["errors"])


def test_a_disk_that_stays_full_makes_a_partial_run_that_says_what_is_missing(pipeline):
    pipeline.process_item(Announced("pubmed", 15))
    for n in range(5):
        pipeline.process_item(record(n))
    pipeline._flush()
    pages = pipeline.db.execute("pragma page_count").fetchone()[0]
    pipeline.db.execute(f"pragma max_page_count = {pages}")
    for n in range(5, 15):
        pipeline.process_item(record(n))
    out = finish(pipeline)
    assert out["status"] == "partial" and out["records"] == 5
    assert (out["run"]["announced"], out["run"]["received"], out["run"]["stored"]) == (15, 15, 5)
    assert any("10 records not stored" in e["message"] for e in out["errors"])


def test_a_database_that_takes_no_write_fails_the_run(pipeline):
    pipeline.process_item(Announced("pubmed", 5))
    pipeline.db.execute("pragma query_only = 1")  # every write fails from here on
    for n in range(5):
        pipeline.process_item(record(n))
    out = finish(pipeline)
    assert out["status"] == "failed"  # not even the run's row could be written ...
    assert out["run"]["status"] == "running"  # ... so the next run closes it as abandoned
    assert out["records"] == 0
    assert any("5 records not stored" in e.message for e in pipeline.pending_errors)


def test_a_crawl_error_item_is_an_error_row(pipeline):
    pipeline.process_item(Announced("pubmed", 0))
    pipeline.process_item(CrawlError("pubmed", "esearch ErrorList: PhraseNotFound: abcXYZ"))
    out = finish(pipeline)
    assert out["status"] == "partial" and out["errors"][0]["message"].endswith("abcXYZ")


def test_a_record_the_store_cannot_take_is_an_error_and_its_batch_is_stored(pipeline):
    pipeline.process_item(Announced("pubmed", 10))
    for n in range(10):
        item = record(n)
        if n == 4:  # a value no JSON encoder takes (a parser bug, say)
            item.extra = {"odd": {1, 2}}
        pipeline.process_item(item)
    out = finish(pipeline)
    assert out["records"] == 9 and out["status"] == "partial"
    [error] = out["errors"]
    assert error["source_id"] == "4" and "record not stored: TypeError" in error["message"]


def test_a_scrapyd_job_closes_its_sources_silent_runs_and_no_live_one(tmp_path):
    """A Scrapyd job holds no lock: it closes as abandoned only runs of its own source that gave
    no heartbeat for STEMSPINE_ABANDONED_AFTER_MINUTES, never a live sibling or another source's."""
    path = str(tmp_path / "s.db")
    crawler = get_crawler(PubmedSpider, {"STEMSPINE_DB": path, "STEMSPINE_MODE": "full",
                                         "STEMSPINE_ABANDONED_AFTER_MINUTES": 30})
    crawler.spider = PubmedSpider.from_crawler(crawler)
    first = StorePipeline(crawler)
    first.open_spider()  # creates the schema and a run; then age the rows by hand
    db = Database(path)
    db["crawl_runs"].update(first.run_id, {"last_seen": "2026-01-01T00:00:00Z"})
    killed = first.run_id
    other = db["crawl_runs"].insert({"source": "europepmc", "status": "running",
                                      "started": "2026-01-01T00:00:00Z",
                                      "last_seen": "2026-01-01T00:00:00Z"}).last_pk
    alive = StorePipeline(crawler)
    alive.open_spider()
    newest = StorePipeline(crawler)
    newest.open_spider()  # a sibling job starts while `alive` runs
    rows = {r["id"]: r for r in db["crawl_runs"].rows}
    assert rows[killed]["status"] == "failed"
    assert rows[killed]["message"].startswith("abandoned")
    assert rows[killed]["finished"] == "2026-01-01T00:00:00Z"  # last seen alive, not now
    assert rows[alive.run_id]["status"] == "running"
    assert rows[other]["status"] == "running"  # another source's run: not this job's to judge
    for pipe in (alive, newest):
        pipe.close_spider()
        pipe.spider_closed(crawler.spider, "finished")
        assert pipe.pulse is not None and not pipe.pulse.running
