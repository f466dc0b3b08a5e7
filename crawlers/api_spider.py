"""What the three API spiders share: base URL and topic from settings, and an errback that turns a
failed request into a CrawlError item instead of losing it silently."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawlers.items import CrawlError, ParseResult
from crawlers.topic import load_topic


class ApiSpider(scrapy.Spider):
    base_url_setting: str = ""  # e.g. "PUBMED_BASE_URL"
    seconds_between_requests: float = 1.0  # the API's published rate, as a delay floor

    @classmethod
    def request_delay(cls, settings: BaseSettings) -> float:
        return cls.seconds_between_requests

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """The API's rate limit becomes the download delay floor, which AutoThrottle may raise
        but never lower."""
        super().update_settings(settings)
        delay = cls.request_delay(settings)
        settings.set("DOWNLOAD_DELAY", delay, priority="spider")
        settings.set("AUTOTHROTTLE_START_DELAY", delay, priority="spider")

    def __init__(self, since: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.since = since  # ISO date (YYYY-MM-DD): only records added or changed since then

    @property
    def base_url(self) -> str:
        return self.settings.get(self.base_url_setting).rstrip("/") + "/"

    @property
    def query(self) -> dict[str, Any]:
        return load_topic(self.settings.get("STEMSPINE_TOPIC"))[self.name]

    def failed(self, failure: Failure) -> Iterator[CrawlError]:
        """Errback: the request failed for good (after retries)."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(HttpError):
            message = f"HTTP {failure.value.response.status} after retries"
        else:
            message = f"{failure.type.__name__}: {failure.getErrorMessage()}"
        yield CrawlError(source=self.name, message=message, url=request.url,
                         position=request.meta.get("position"),
                         fatal=request.meta.get("fatal_on_error", False))

    def records_and_problems(self, result: ParseResult, url: str,
                             offset: int = 0) -> Iterator[Any]:
        """Yield a parsed page's records, and a CrawlError for each part that could not be read."""
        if result.skipped:
            yield CrawlError(source=self.name, message=f"unreadable response: {result.skipped}",
                             url=url, position=offset)
        yield from result.records
        for problem in result.problems:
            position = None if problem.position is None else offset + problem.position
            yield CrawlError(source=self.name, message=problem.message, url=url,
                             position=position, source_id=problem.source_id)
