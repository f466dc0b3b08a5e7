"""What the three API spiders share: base URL and topic from settings, the API's own calendar, the
User-Agent with a contact, and an errback that turns a failed request into a CrawlError item
instead of losing it silently."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawlers.api_calendar import api_today
from crawlers.items import Announced, CrawlError, Deleted, ParseResult, Skipped
from crawlers.topic import load_topic, search_key


def contact_email(settings: BaseSettings) -> str | None:
    """The operator's contact address (NCBI_EMAIL setting, else the NCBI_EMAIL environment
    variable): NCBI asks for it, and every API gets it in the User-Agent."""
    return settings.get("NCBI_EMAIL") or os.environ.get("NCBI_EMAIL") or None


def user_agent(settings: BaseSettings) -> str:
    """stemspine/VERSION (what it is; mailto:CONTACT): name, version and contact, for every
    API."""
    try:
        release = version("stemspine")
    except PackageNotFoundError:
        release = "0"
    email = contact_email(settings)
    contact = f"; mailto:{email}" if email else ""
    return f"stemspine/{release} (evidence tracker for stem-cell therapy of the spine{contact})"


# the ``since`` spider argument that asks from the database's own watermark (a Scrapyd job's
# incremental run: ``-d since=watermark``)
SINCE_WATERMARK = "watermark"
RATE_MARGIN = 1.1
MAX_EMPTY_PAGES = 3  # empty pages in a row followed (each one an error) before giving up
# pages followed past the announced count before paging is taken for a runaway (a few more
# records than announced may be added while a run pages; five pages' worth are not)
MAX_PAGES_PAST_COUNT = 5


class ApiSpider(scrapy.Spider):
    base_url_setting: str = ""  # e.g. "PUBMED_BASE_URL"
    seconds_between_requests: float = 1.0  # the API's published rate, as a delay floor
    api_timezone: str = "UTC"  # the zone of the dates the API stamps on its records

    @classmethod
    def request_delay(cls, settings: BaseSettings) -> float:
        return cls.seconds_between_requests

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """The API's rate limit (plus 10 %) becomes the download delay floor, which AutoThrottle
        may raise but never lower; the User-Agent names stemspine, its version and the contact.

        The 10 % leave room for clock granularity and for a request that waited on its
        connection: the next one does not, so the two can arrive closer than they left."""
        super().update_settings(settings)
        delay = cls.request_delay(settings) * RATE_MARGIN
        settings.set("DOWNLOAD_DELAY", delay, priority="spider")
        settings.set("AUTOTHROTTLE_START_DELAY", delay, priority="spider")
        settings.set("USER_AGENT", user_agent(settings), priority="spider")

    def __init__(self, since: str | None = None, until: str | None = None,
                 search: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the fingerprint of the search ``since`` was reckoned for (None: not checked)
        self.expected_search = search
        self.since = since or None  # ISO date (YYYY-MM-DD): only records stamped since then
        # the API's date when the run starts: the run fetches what is stamped up to then
        self.until = until or api_today(self.api_timezone).isoformat()
        self.announced: int | None = None  # the API's count for the search
        self.empty_pages = 0  # empty pages in a row
        self.tokens_followed: set[str] = set()  # page cursors already asked for this run

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ApiSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.since == SINCE_WATERMARK:
            spider.since = spider.since_watermark()
        return spider

    def since_watermark(self) -> str | None:
        """``since=watermark``: the date `stemspine crawl` would ask from, reckoned from the ok
        live runs of this very search in STEMSPINE_DB, less the margin; None (everything) for
        an offline run, a database not there yet or one that cannot be read (the pipeline then
        reports why it cannot store)."""
        path = self.settings.get("STEMSPINE_DB")
        if self.settings.get("STEMSPINE_MODE") == "offline" or not path or not os.path.isfile(
                path):
            return None
        from db import store
        from db.schema import open_db_readonly

        margin = self.settings.getint("STEMSPINE_WATERMARK_MARGIN_DAYS")
        try:
            db = open_db_readonly(path)
            try:
                start = store.incremental_start(db, self.name, margin, search_key(self.query))
            finally:
                db.conn.close()
        except (sqlite3.Error, ValueError) as exc:
            self.logger.warning("since=watermark: %s unreadable (%s): fetching everything",
                                path, exc)
            return None
        return start.isoformat() if start else None

    @property
    def base_url(self) -> str:
        return self.settings.get(self.base_url_setting).rstrip("/") + "/"

    @cached_property
    def query(self) -> dict[str, Any]:
        """This source's topic section, read once: every page of a run asks the same search
        (read again per request, an edit of the file mid-run would change it under a cursor)."""
        return load_topic(self.settings.get("STEMSPINE_TOPIC"))[self.name]

    def refusal(self) -> CrawlError | None:
        """Why this run must not start, or None: no contact address for a live API, or a topic
        file edited since the run's watermark was reckoned for another search."""
        if self.expected_search and search_key(self.query) != self.expected_search:
            return CrawlError(self.name, "the topic file changed after the crawl started (its "
                              "watermark was reckoned for the search before): not crawled; "
                              "run again", fatal=True)
        return self.missing_contact()

    def missing_contact(self) -> CrawlError | None:
        """A live crawl needs a contact address (offline corpora do not)."""
        if self.settings.get("STEMSPINE_MODE") == "offline" or contact_email(self.settings):
            return None
        return CrawlError(self.name, "no contact email: set NCBI_EMAIL (environment or "
                          "setting); the APIs ask for one", fatal=True)

    def announce(self, count: int | None, url: str, field: str) -> Iterator[Any]:
        """The search's count from its first page, or an error when it cannot be read (the run
        then cannot be reconciled)."""
        if count is None:
            yield CrawlError(self.name, f"the first page has no readable {field} (the count)",
                             url=url)
            return
        self.announced = count
        yield Announced(self.name, count, url=url)

    def recount(self, count: int | None, url: str, offset: int, field: str) -> Iterator[Any]:
        """A later page's count (Europe PMC repeats hitCount on every page): a count that
        differs from the first page's means the result set changed during the run, so records
        may have moved past the cursor. The run cannot be ok; the next one asks again."""
        if count is not None and self.announced is not None and count != self.announced:
            yield CrawlError(self.name, f"the result set changed during the run: the first "
                             f"page announced {self.announced}, the page at record {offset} "
                             f"{count} ({field})", url=url, position=offset)

    def empty_page(self, count: int, result: ParseResult, offset: int,
                   url: str) -> CrawlError | None:
        """A page without records before the announced count is reached: an error, not the
        end (``empty_pages`` counts them in a row; a paging spider gives up at
        MAX_EMPTY_PAGES)."""
        if count or result.skipped or offset >= (self.announced or 0):
            self.empty_pages = 0
            return None
        self.empty_pages += 1
        return CrawlError(self.name, f"empty page at record {offset} of {self.announced} "
                          "announced: not the end", url=url, position=offset)

    def page(self, result: ParseResult, offset: int, url: str, token: str | None,
             next_token: str | None, request: Callable[[str, int], scrapy.Request]
             ) -> Iterator[Any]:
        """One page of a paged search: its records and problems, an error for an empty page
        before the announced count, and the request for the next page (by cursor or token)."""
        yield from self.records_and_problems(result, url, offset)
        count = len(result.records) + len(result.problems)
        gap = self.empty_page(count, result, offset, url)
        if gap:
            yield gap
            if self.empty_pages >= MAX_EMPTY_PAGES:
                return
        if next_token and next_token != token:
            if next_token in self.tokens_followed:
                # a cursor that leads back to a page already read: followed, it would never end
                yield CrawlError(self.name, f"cursor loop: the page at record {offset} hands "
                                 "out a cursor already followed; paging stopped", url=url,
                                 position=offset)
                return
            position = offset + count
            if self.announced is not None and position >= self.announced + (
                    MAX_PAGES_PAST_COUNT * max(count, 1)):
                # fresh cursors that never end: each looks new, so the loop check cannot see it
                yield CrawlError(self.name, f"runaway paging: {position} records read where "
                                 f"{self.announced} were announced, and the API still hands "
                                 "out a next cursor; paging stopped", url=url, position=offset)
                return
            self.tokens_followed.add(next_token)
            yield request(next_token, position)

    def failed(self, failure: Failure) -> Iterator[CrawlError]:
        """Errback: the request failed for good (after retries)."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(HttpError):
            response = failure.value.response
            message = f"HTTP {response.status} after retries{body_preview(response)}"
        else:
            message = f"{failure.type.__name__}: {failure.getErrorMessage()}"
        yield CrawlError(source=self.name, message=message, url=request.url,
                         position=request.meta.get("position"),
                         fatal=request.meta.get("fatal_on_error", False))

    def records_and_problems(self, result: ParseResult, url: str,
                             offset: int = 0) -> Iterator[Any]:
        """Yield a parsed page's records, a CrawlError for each part that could not be read, a
        Skipped for each record left out on purpose and the deletions it reports."""
        if result.skipped:
            yield CrawlError(source=self.name, message=f"unreadable response: {result.skipped}",
                             url=url, position=offset)
        yield from result.records
        for problem in result.problems:
            position = None if problem.position is None else offset + problem.position
            yield CrawlError(source=self.name, message=problem.message, url=url,
                             position=position, source_id=problem.source_id)
        for skipped in result.skipped_records:
            yield Skipped(self.name, skipped.source_id, skipped.message, url=url)
        if result.deleted:
            yield Deleted(self.name, list(result.deleted), url=url)


def body_preview(response: Response, size: int = 200) -> str:
    """': first line of the body' for an error message (APIs explain a 400 in plain text)."""
    try:
        text = response.body.decode("utf-8", "replace")
    except AttributeError:
        return ""
    line = " ".join(text.split())[:size]
    return f": {line}" if line else ""
