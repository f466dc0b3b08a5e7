"""PubMed through NCBI E-utilities: esearch with usehistory=y, then efetch in batches from the
server-side history (WebEnv + query_key).

No silent loss:
- PubMed serves at most 9,999 records of one search (PUBMED_MAX_RESULTS). A larger result set is
  split into modification-date (mdat) windows, halved until each window's Count fits; each window
  is fetched from its own history. (A single day over the limit is reported, not hidden.)
- The first esearch's Count is announced: the run is ok only when that many records are stored,
  skipped with a reason (Bookshelf chapters) or reported deleted (DeleteCitation).
- ErrorList entries (PhraseNotFound, FieldNotFound: PubMed searched something else than the
  topic says) are errors; WarningList entries are warnings.
- Each window's batches are fetched one after another. A batch with fewer articles than asked is
  asked once more, then reported; an expired history ("Unable to obtain query") re-runs that
  window's esearch and goes on from the same batch (from the start if the Count changed).

Without a history (PUBMED_USE_HISTORY = False, or a response without WebEnv), efetch takes the id
list from esearch instead, by POST above PUBMED_POST_ABOVE ids.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.settings import BaseSettings

from crawlers.api_spider import ApiSpider, body_preview, contact_email
from crawlers.items import ApiWarning, CrawlError, ParseResult
from crawlers.parsers import pubmed

EXPIRED_HISTORY = re.compile(r"obtain query|retrieve query|query key|webenv", re.I)


@dataclass(frozen=True)
class Window:
    """A modification-date range (inclusive days); None on a Search means no date filter."""

    low: date
    high: date

    def halves(self) -> tuple[Window, Window]:
        middle = self.low + (self.high - self.low) // 2
        return Window(self.low, middle), Window(middle + timedelta(days=1), self.high)

    def __str__(self) -> str:
        return f"{self.low.isoformat()}..{self.high.isoformat()}"


def eutils_date(day: date) -> str:
    """YYYY/MM/DD with a four-digit year (strftime writes the year 1 as '1', which E-utilities
    reads as no date)."""
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


@dataclass(frozen=True)
class Search:
    """One esearch and what its efetch batches need."""

    window: Window | None
    count: int = 0
    webenv: str | None = None
    query_key: str | None = None
    renewals: int = 0  # esearch re-runs after an expired history
    # the PMIDs esearch listed, in its order, which the history's batches are expected to
    # follow; a batch may bring only these
    ids: tuple[str, ...] = ()

    @cached_property
    def id_set(self) -> frozenset[str]:
        return frozenset(self.ids)

    @property
    def label(self) -> str:
        return f"window {self.window}" if self.window else "the search"


class PubmedSpider(ApiSpider):
    name = "pubmed"
    base_url_setting = "PUBMED_BASE_URL"
    api_timezone = "America/New_York"  # NCBI stamps US Eastern dates

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reported: set[str] = set()  # esearch messages already recorded (each window repeats)

    @classmethod
    def request_delay(cls, settings: BaseSettings) -> float:
        """NCBI allows 3 requests/s, 10 with an API key."""
        has_key = bool(settings.get("NCBI_API_KEY") or os.environ.get("NCBI_API_KEY"))
        return 1 / 10 if has_key else 1 / 3

    def common_params(self) -> dict[str, str]:
        params = {"db": "pubmed", "tool": self.settings.get("NCBI_TOOL")}
        email = contact_email(self.settings)
        key = self.settings.get("NCBI_API_KEY") or os.environ.get("NCBI_API_KEY")
        if email:
            params["email"] = email
        if key:
            params["api_key"] = key
        return params

    @property
    def max_results(self) -> int:
        return self.settings.getint("PUBMED_MAX_RESULTS")

    @property
    def batch(self) -> int:
        return self.settings.getint("PUBMED_BATCH_SIZE")

    async def start(self) -> AsyncIterator[Any]:
        refused = self.refusal()
        if refused:
            yield refused
            return
        window = None
        if self.since:
            window = Window(date.fromisoformat(self.since), date.fromisoformat(self.until))
        yield self.esearch(Search(window), top=True)

    # esearch ------------------------------------------------------------------------------
    def esearch(self, search: Search, *, top: bool = False, resume: int | None = None,
                previous_count: int | None = None) -> scrapy.Request:
        history = self.settings.getbool("PUBMED_USE_HISTORY")
        # (the ids are listed with a history too: each batch is checked against them)
        form = {**self.common_params(), "term": " ".join(self.query["term"].split()),
                "retmax": str(self.max_results), "retmode": "xml"}
        if history:
            form["usehistory"] = "y"
        if search.window:
            form.update(datetype="mdat", mindate=eutils_date(search.window.low),
                        maxdate=eutils_date(search.window.high))
        return scrapy.FormRequest(
            self.base_url + "esearch.fcgi", formdata=form, callback=self.parse_search,
            errback=self.failed, dont_filter=True,
            meta={"search": search, "top": top, "resume": resume,
                  "previous_count": previous_count, "fatal_on_error": top})

    def parse_search(self, response: Response) -> Iterator[Any]:
        search: Search = response.meta["search"]
        top = response.meta["top"]
        try:
            found = pubmed.parse_esearch(response.body)
        except ValueError as exc:
            yield CrawlError(self.name, f"esearch for {search.label}: {exc}", url=response.url,
                             fatal=top)
            return
        yield from self._search_messages(found, response.url, warnings=top)
        if top:
            yield from self.announce(found.count, response.url, "Count")
        listed = len(found.ids) == found.count
        search = replace(search, count=found.count, webenv=found.webenv,
                         query_key=found.query_key, ids=tuple(found.ids) if listed else ())
        if found.count > self.max_results:
            window = search.window or Window(
                date.fromisoformat(self.settings.get("PUBMED_EARLIEST_DATE")),
                date.fromisoformat(self.until) + timedelta(days=1))
            if window.low < window.high:
                self.logger.info("esearch: %d records in %s, over PubMed's %d: split by "
                                 "modification date", found.count, window, self.max_results)
                for half in window.halves():
                    yield self.esearch(Search(half))
                return
            yield CrawlError(self.name, f"{found.count} records modified on {window.low}: "
                             f"more than PubMed serves for one search ({self.max_results}); "
                             f"{found.count - self.max_results} not fetched", url=response.url)
            search = replace(search, window=window, count=self.max_results)
        self.logger.info("esearch %s: %d records, %d efetch requests of %d", search.label,
                         search.count, math.ceil(search.count / self.batch), self.batch)
        if search.webenv and search.query_key:
            start = self._resume_at(response, search)
            if start < search.count:
                yield self.efetch(search, start)
            return
        yield from self._fetch_id_list(found, search, response.url)

    def _search_messages(self, found: pubmed.EsearchResult, url: str,
                         warnings: bool) -> Iterator[Any]:
        """ErrorList: PubMed did not search what the topic says (errors). WarningList: recorded
        as warnings, for the search itself (a date window with "No items found." is no news)."""
        for message in found.errors:
            if message not in self._reported:
                self._reported.add(message)
                yield CrawlError(self.name, f"esearch ErrorList: {message}", url=url)
        for message in found.warnings if warnings else ():
            if message not in self._reported:
                self._reported.add(message)
                yield ApiWarning(self.name, f"esearch WarningList: {message}", url=url)

    def _resume_at(self, response: Response, search: Search) -> int:
        """Where to go on after an esearch that renewed an expired history: the same batch when
        the Count is unchanged, else from the start (the order may have moved)."""
        resume = response.meta.get("resume")
        if resume is None:
            return 0
        if response.meta.get("previous_count") == search.count:
            return int(resume)
        self.logger.warning("esearch %s: Count changed from %s to %d after the history "
                            "expired: fetching the window from the start", search.label,
                            response.meta.get("previous_count"), search.count)
        return 0

    def _fetch_id_list(self, found: pubmed.EsearchResult, search: Search,
                       url: str) -> Iterator[Any]:
        if search.count > len(found.ids):
            yield CrawlError(self.name, f"esearch gave {len(found.ids)} of {search.count} ids "
                             "and no history: the rest is not fetched", url=url)
        for start in range(0, len(found.ids), self.batch):
            yield self.fetch_ids(found.ids[start:start + self.batch], start)

    # efetch -------------------------------------------------------------------------------
    def efetch(self, search: Search, start: int, attempt: int = 0) -> scrapy.Request:
        """One batch from the search's history; its callback asks for the next one."""
        form = {**self.common_params(), "WebEnv": search.webenv or "",
                "query_key": search.query_key or "", "retstart": str(start),
                "retmax": str(self.batch), "retmode": "xml"}
        return scrapy.FormRequest(
            self.base_url + "efetch.fcgi", method="GET", formdata=form,
            callback=self.parse_fetch, errback=self.failed_fetch, dont_filter=True,
            meta={"position": start, "search": search, "attempt": attempt,
                  "expected": min(self.batch, search.count - start),
                  "handle_httpstatus_list": [400]})

    def fetch_ids(self, ids: list[str], position: int, attempt: int = 0) -> scrapy.Request:
        """An efetch by explicit ids: GET for a few, POST above PUBMED_POST_ABOVE (URL length)."""
        form = {**self.common_params(), "id": ",".join(ids), "retmode": "xml"}
        method = "POST" if len(ids) > self.settings.getint("PUBMED_POST_ABOVE") else "GET"
        return scrapy.FormRequest(self.base_url + "efetch.fcgi", method=method, formdata=form,
                                  callback=self.parse_fetch, errback=self.failed,
                                  dont_filter=True,
                                  meta={"position": position, "ids": ids, "attempt": attempt,
                                        "expected": len(ids), "handle_httpstatus_list": [400]})

    def parse_fetch(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        search: Search | None = meta.get("search")
        start = meta["position"]
        result = pubmed.parse_efetch(response.body)
        if search and result.skipped and EXPIRED_HISTORY.search(result.skipped):
            yield from self._renew_history(search, start, result.skipped, response.url)
            return
        if response.status != 200 and result.skipped:
            result.skipped = f"HTTP {response.status}{body_preview(response)}"
        asked = meta.get("ids") or (list(search.ids[start:start + self.batch])
                                    if search and search.ids else None)
        # (a history batch may hold any of the window's PMIDs, should its order differ from
        # the list's: only one outside the window is a stranger)
        known = search.id_set if search and search.id_set else None
        got, missing, unasked = _accounted(result, asked, known)
        if unasked:
            # a record in place of one asked for: counted, it would hide the missing one; and
            # nothing says it matches the search, so it is not stored
            result.records = [r for r in result.records if r.source_id not in unasked]
            yield CrawlError(self.name, f"efetch returned {len(unasked)} PMIDs not asked for "
                             f"(not stored): {', '.join(unasked[:10])}", url=response.url,
                             position=start)
        yield from self.records_and_problems(result, response.url, start)
        if got < meta["expected"]:
            if meta["attempt"] == 0:
                self.logger.warning("efetch at %d gave %d of %d records: asking again", start,
                                    got, meta["expected"])
                if missing:  # only those not received, by id
                    yield self.fetch_ids(missing, start, attempt=1)
                else:
                    yield (self.efetch(search, start, attempt=1) if search else
                           self.fetch_ids(meta["ids"], start, attempt=1))
                    return
            else:
                named = f": {', '.join(missing[:10])} missing" if missing else ""
                yield CrawlError(self.name, f"efetch gave {got} of {meta['expected']} records "
                                 f"(asked twice){named}", url=response.url, position=start)
        if search and start + self.batch < search.count:
            yield self.efetch(search, start + self.batch)

    def _renew_history(self, search: Search, start: int, reason: str,
                       url: str) -> Iterator[Any]:
        if search.renewals >= 2:
            yield CrawlError(self.name, f"efetch from {search.label}: {reason} (history "
                             "renewed twice already)", url=url, position=start)
            return
        self.logger.warning("efetch at %d: %s: the history expired, running esearch again",
                            start, reason)
        yield self.esearch(Search(search.window, renewals=search.renewals + 1), resume=start,
                           previous_count=search.count)

    def failed_fetch(self, failure: Any) -> Iterator[Any]:
        """A batch that failed for good: recorded, and the window goes on with the next one."""
        yield from self.failed(failure)
        request = failure.request
        search: Search = request.meta["search"]
        start = request.meta["position"] + self.batch
        if start < search.count:
            yield self.efetch(search, start)


def _accounted(result: ParseResult, asked: list[str] | None,
               known: frozenset[str] | None = None) -> tuple[int, list[str], list[str]]:
    """(records accounted for, PMIDs asked for and not received, PMIDs received unasked) of one
    efetch answer: by distinct PMID (a record sent twice counts once; with ``asked`` unknown,
    only the count can be checked). ``known``: every PMID the search may bring (a history batch
    is checked against its window's). A part that could not be read counts by position."""
    received = [r.source_id for r in result.records]
    received += [s.source_id for s in result.skipped_records if s.source_id]
    received += list(result.deleted)
    unread = [p for p in result.problems if not p.source_id]
    received += [p.source_id for p in result.problems if p.source_id]
    distinct = set(received)
    if asked is None:
        return len(distinct) + len(unread) + sum(
            1 for s in result.skipped_records if not s.source_id), [], []
    wanted = known if known is not None else frozenset(asked)
    missing = [i for i in asked if i not in distinct]
    unasked = sorted(distinct - wanted)
    return len(distinct & wanted) + len(unread), missing, unasked
