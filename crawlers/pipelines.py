"""The one item pipeline: saves SourceRecords through db.store, counts what the run must reconcile
(announced, skipped, deleted, warnings, errors), and keeps the crawl run's row in ``crawl_runs``
up to date.

Nothing is lost without being counted. Scrapy only logs an exception raised in a spider callback
or in a pipeline; here the ``spider_error``, ``item_error`` and ``request_dropped`` signals make
each one a ``crawl_errors`` row and a partial run. A batch whose write fails (e.g. "database or
disk is full") stays in the buffer and is written with the next batch; what is still unwritten
at the end is counted as an error, so the run is not ok and the watermark does not move.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.internet import task
from twisted.python.failure import Failure

from crawlers.items import Announced, ApiWarning, CrawlError, Deleted, Skipped, SourceRecord
from crawlers.topic import search_key
from db import store
from db.schema import open_db

logger = logging.getLogger(__name__)


class StorePipeline:
    """Buffers records and writes them in batches, each batch one transaction: a crash loses at
    most the unwritten batch, never leaves a half-written one, and the next run fetches it again
    (the watermark only advances after an ok run)."""

    batch_size = 200
    heartbeat_seconds = 10.0

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("STEMSPINE_DB")
        self.max_pending = crawler.settings.getint("STEMSPINE_MAX_PENDING_RECORDS", 20000)
        self.buffer: list[tuple[dict[str, Any], str]] = []
        self.flush_at = self.batch_size  # buffer size that triggers the next write
        self.pending_errors: list[CrawlError] = []  # errors not yet written (the disk was full)
        self.counts = store.RunCounts()
        self.run_id: int | None = None
        self.last_touch = 0.0  # monotonic time of the last heartbeat written
        self.pulse: task.LoopingCall | None = None  # the heartbeat between responses
        signal_handlers = ((self.spider_closed, signals.spider_closed),
                           (self.spider_error, signals.spider_error),
                           (self.item_error, signals.item_error),
                           (self.request_dropped, signals.request_dropped),
                           (self.response_received, signals.response_received))
        for handler, signal in signal_handlers:
            crawler.signals.connect(handler, signal=signal)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.source = spider.name
        self.db = open_db(self.db_path)
        silent = 60 * self.crawler.settings.getfloat("STEMSPINE_ABANDONED_AFTER_MINUTES", 30)
        closed = store.close_abandoned_runs(self.db, spider.name, silent_seconds=silent)
        if closed:
            logger.warning("%s: %d earlier runs gave no sign of life for %.0f minutes: closed "
                           "as abandoned", spider.name, closed, silent / 60)
        self.run_id = store.start_run(self.db, spider.name,
                                      self.crawler.settings.get("STEMSPINE_MODE"),
                                      getattr(spider, "since", None),
                                      getattr(spider, "until", None),
                                      self.crawler.settings.getint(
                                          "STEMSPINE_WATERMARK_MARGIN_DAYS"),
                                      search_key(spider.query))
        self.crawler.stats.set_value("stemspine/crawl_run_id", self.run_id)
        self.last_touch = time.monotonic()
        # alive while waiting on a slow request too, so that a sibling job never takes this
        # run for an abandoned one
        self.pulse = task.LoopingCall(self._heartbeat)
        self.pulse.start(self.heartbeat_seconds, now=False)

    def _heartbeat(self, force: bool = False) -> None:
        """Write when the run was last seen alive (``crawl_runs.last_seen``): after each batch
        stored, and at most every ``heartbeat_seconds`` as responses arrive. A killed run is
        later closed with this time (``store.close_abandoned_runs``)."""
        if self.run_id is None or not (
                force or time.monotonic() - self.last_touch >= self.heartbeat_seconds):
            return
        if self._write(lambda: store.touch_run(self.db, self.run_id), "the heartbeat",
                       count=False):
            self.last_touch = time.monotonic()

    # items --------------------------------------------------------------------------------
    def process_item(self, item: Any) -> Any:
        if isinstance(item, SourceRecord):
            self.counts.received.add((item.source, item.source_id))
            self.buffer.append((item.as_dict(), item.raw))
            if len(self.buffer) >= self.flush_at:
                self._flush()
        elif isinstance(item, CrawlError):
            self._error(item)
        elif isinstance(item, Announced):
            self.counts.announced = item.count
            logger.info("%s: the API announces %d records (%s)", item.source, item.count,
                        item.url)
        elif isinstance(item, Skipped):
            # by distinct id: a re-asked batch brings the same chapter again; one without an
            # id counts each time
            self.counts.skipped.add(item.source_id or f"(no id) #{len(self.counts.skipped)}")
            logger.info("%s: skipped %s: %s", item.source, item.source_id, item.reason)
        elif isinstance(item, Deleted):
            # a deleted record may still wait in the buffer: written after the mark, it would
            # clear it (a write that fails leaves the run partial: the next run marks again)
            self._flush()
            fresh = [i for i in item.source_ids if i not in self.counts.deleted]
            self.counts.deleted.update(fresh)
            self._write(lambda: store.mark_deleted(self.db, item.source, fresh),
                        f"marking {len(fresh)} deleted records")
            logger.info("%s: the API reports %d records deleted: %s", item.source, len(fresh),
                        ", ".join(fresh[:20]))
        elif isinstance(item, ApiWarning):
            self.counts.warn(item.message)
            logger.warning("%s: %s (%s)", item.source, item.message, item.url)
        return item

    def _error(self, error: CrawlError) -> None:
        self.counts.errors += 1
        self.counts.fatal = self.counts.fatal or error.fatal
        self.counts.messages.append(error.message)
        logger.error("%s: %s (position %s, id %s, %s)", error.source, error.message,
                     error.position, error.source_id, error.url)
        self.pending_errors.append(error)
        self._write_errors()

    def _write_errors(self) -> None:
        if self.run_id is None:
            return
        while self.pending_errors:
            error = self.pending_errors[0]
            if not self._write(lambda e=error: store.record_error(
                    self.db, self.run_id, e.source, e.message, url=e.url, position=e.position,
                    source_id=e.source_id), "recording an error", count=False):
                return
            self.pending_errors.pop(0)

    def _write(self, write: Any, what: str, count: bool = True) -> bool:
        """Run one store write; a database error is logged (and counted unless ``count`` is
        false, for the error rows themselves) and reported as False."""
        try:
            write()
        except sqlite3.Error as exc:
            logger.error("%s: %s failed: %s", self.source, what, exc)
            if count:
                self._database_error(f"{what} failed: {exc}")
            return False
        return True

    def _database_error(self, message: str) -> None:
        """A write that failed: counted, and written as an error row when the database takes
        writes again."""
        self._error(CrawlError(self.source, message))

    def _flush(self) -> None:
        if not self.buffer:
            return
        try:
            store.save_records(self.db, self.buffer, self.run_id, self.counts)
            self.buffer = []
        except sqlite3.Error as exc:  # e.g. a full disk: keep the batch, write it later
            logger.error("%s: writing %d records failed: %s", self.source, len(self.buffer), exc)
            self._database_error(f"writing {len(self.buffer)} records failed: {exc}")
        except Exception:  # noqa: BLE001 - a record the store cannot take: find it
            self.buffer = self._save_one_by_one()
        if not self.buffer:
            self.flush_at = self.batch_size
            self._write_errors()
            self._heartbeat(force=True)
            return
        if len(self.buffer) > self.max_pending:  # memory is finite: give up the oldest batch
            given_up, self.buffer = self.buffer[:self.batch_size], self.buffer[self.batch_size:]
            self._database_error(f"{len(given_up)} records not stored (writes keep failing); "
                             "the next run fetches them again")
        self.flush_at = len(self.buffer) + self.batch_size  # try again a batch later

    def _save_one_by_one(self) -> list[tuple[dict[str, Any], str]]:
        """Write the buffer record by record: one the store cannot take (e.g. a lone surrogate
        no UTF-8 encoder accepts) is an error with its id, and the others are stored. Returns
        what a database error left unwritten."""
        kept: list[tuple[dict[str, Any], str]] = []
        for pair in self.buffer:
            try:
                store.save_records(self.db, [pair], self.run_id, self.counts)
            except sqlite3.Error:
                kept.append(pair)
            except Exception as exc:  # noqa: BLE001 - counted with the record's id
                self._error(CrawlError(self.source, f"record not stored: {type(exc).__name__}: "
                                       f"{_first_line(str(exc))}",
                                       source_id=pair[0].get("source_id")))
        if kept:
            self._database_error(f"writing {len(kept)} records failed: database error")
        return kept

    def close_spider(self) -> None:
        self._flush()
        if self.buffer:
            self._database_error(f"{len(self.buffer)} records not stored: the last write failed; "
                             "the next run fetches them again")

    # signals: what Scrapy itself would only log ---------------------------------------------
    def spider_error(self, failure: Failure, response: Response | None, spider: Spider) -> None:
        """An exception in a spider callback (or in start_requests, with no response): the
        rest of that response (and any request it would have made) is lost, so it is an
        error."""
        request = getattr(response, "request", None)
        name = getattr(getattr(request, "callback", None), "__name__", "callback")
        self._error(CrawlError(spider.name, f"{name} raised {failure.type.__name__}: "
                               f"{_first_line(failure.getErrorMessage())}",
                               url=getattr(response, "url", None),
                               position=response.meta.get("position")
                               if request is not None else None))

    def item_error(self, item: Any, response: Response | None, spider: Spider,
                   failure: Failure) -> None:
        """An exception in an item pipeline: that item is lost."""
        source_id = getattr(item, "source_id", None)
        self._error(CrawlError(spider.name, f"pipeline raised {failure.type.__name__} on "
                               f"{type(item).__name__}: {_first_line(failure.getErrorMessage())}",
                               url=response.url if response is not None else None,
                               source_id=source_id))

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        """A response arrived: the process is alive (written at most every few seconds)."""
        self._heartbeat()

    def request_dropped(self, request: Request, spider: Spider) -> None:
        """The scheduler refused a request (e.g. as a duplicate): what it would fetch is lost."""
        self._error(CrawlError(spider.name, "request dropped by the scheduler",
                               url=request.url, position=request.meta.get("position")))

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.pulse is not None and self.pulse.running:
            self.pulse.stop()
        if reason != "finished":
            self._database_error(f"crawl stopped before the end: {reason}")
        self._write_errors()
        requests = self.crawler.stats.get_value("downloader/request_count", 0)
        status = self.counts.status()
        if self.pending_errors or not self._write(
                lambda: store.finish_run(self.db, self.run_id, self.counts, requests),
                "closing the crawl run", count=False):
            status = "failed"  # the run's row could not be written: it stays "running"
            logger.error("%s: %d errors could not be written to the database",
                         spider.name, len(self.pending_errors))
        self.crawler.stats.set_value("stemspine/status", status)
        self.crawler.stats.set_value("stemspine/announced", self.counts.announced)
        for name in ("received", "stored", "skipped", "deleted"):
            self.crawler.stats.set_value(f"stemspine/{name}", len(getattr(self.counts, name)))
        self.crawler.stats.set_value("stemspine/errors", self.counts.errors)
        logger.info("%s crawl %s: announced %s, %d stored (%d new, %d updated, %d unchanged), "
                    "%d skipped, %d deleted, %d errors, %d requests", spider.name, status,
                    self.counts.announced, len(self.counts.stored), self.counts.new,
                    self.counts.updated, self.counts.unchanged, len(self.counts.skipped),
                    len(self.counts.deleted), self.counts.errors, requests)
        self.db.close()


def _first_line(text: str) -> str:
    lines = str(text).strip().splitlines()
    return lines[0][:300] if lines else ""
