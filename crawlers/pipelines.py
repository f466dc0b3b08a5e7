"""The one item pipeline: saves SourceRecords and CrawlErrors through db.store, and keeps the
crawl run's row in ``crawl_runs`` up to date."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawlers.items import CrawlError, SourceRecord
from db import store
from db.schema import open_db

logger = logging.getLogger(__name__)


class StorePipeline:
    """Buffers records and writes them in batches, each batch one transaction: a crash loses at
    most the unwritten batch, never leaves a half-written one, and the next run fetches it again
    (the watermark only advances after an ok run)."""

    batch_size = 200

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("STEMSPINE_DB")
        self.buffer: list[tuple[dict[str, Any], str]] = []
        self.counts = store.RunCounts()
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.db = open_db(self.db_path)
        self.run_id = store.start_run(self.db, spider.name,
                                      self.crawler.settings.get("STEMSPINE_MODE"),
                                      getattr(spider, "since", None))
        self.crawler.stats.set_value("stemspine/crawl_run_id", self.run_id)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, SourceRecord):
            self.buffer.append((item.as_dict(), item.raw))
            if len(self.buffer) >= self.batch_size:
                self._flush()
        elif isinstance(item, CrawlError):
            self.counts.errors += 1
            self.counts.fatal = self.counts.fatal or item.fatal
            self.counts.messages.append(item.message)
            store.record_error(self.db, self.run_id, item.source, item.message, url=item.url,
                               position=item.position, source_id=item.source_id)
            logger.error("%s: %s (position %s, id %s, %s)", item.source, item.message,
                         item.position, item.source_id, item.url)
        return item

    def _flush(self) -> None:
        if self.buffer:
            store.save_records(self.db, self.buffer, self.run_id, self.counts)
            self.buffer = []

    def close_spider(self) -> None:
        self._flush()

    def spider_closed(self, spider: Any, reason: str) -> None:
        if reason != "finished":
            self.counts.errors += 1
            self.counts.messages.append(f"crawl stopped before the end: {reason}")
        requests = self.crawler.stats.get_value("downloader/request_count", 0)
        status = store.finish_run(self.db, self.run_id, self.counts, requests)
        self.crawler.stats.set_value("stemspine/status", status)
        logger.info("%s crawl %s: %d new, %d updated, %d unchanged, %d errors, %d requests",
                    spider.name, status, self.counts.new, self.counts.updated,
                    self.counts.unchanged, self.counts.errors, requests)
        self.db.close()
