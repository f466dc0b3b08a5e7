"""PubMed through NCBI E-utilities: one esearch with usehistory=y, then efetch in batches from the
server-side history (WebEnv + query_key). Without a history (PUBMED_USE_HISTORY = False, or a
response without WebEnv), efetch takes the id list from esearch instead, by POST above
PUBMED_POST_ABOVE ids; that path reads at most esearch's 10,000 ids."""

from __future__ import annotations

import math
import os
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.settings import BaseSettings

from crawlers.api_spider import ApiSpider
from crawlers.items import CrawlError
from crawlers.parsers import pubmed


class PubmedSpider(ApiSpider):
    name = "pubmed"
    base_url_setting = "PUBMED_BASE_URL"

    @classmethod
    def request_delay(cls, settings: BaseSettings) -> float:
        """NCBI allows 3 requests/s, 10 with an API key (plus a margin for clock granularity)."""
        has_key = bool(settings.get("NCBI_API_KEY") or os.environ.get("NCBI_API_KEY"))
        return (1 / 10 if has_key else 1 / 3) * 1.05

    def common_params(self) -> dict[str, str]:
        params = {"db": "pubmed", "tool": self.settings.get("NCBI_TOOL")}
        email = self.settings.get("NCBI_EMAIL") or os.environ.get("NCBI_EMAIL")
        key = self.settings.get("NCBI_API_KEY") or os.environ.get("NCBI_API_KEY")
        if email:
            params["email"] = email
        if key:
            params["api_key"] = key
        return params

    async def start(self) -> AsyncIterator[Any]:
        history = self.settings.getbool("PUBMED_USE_HISTORY")
        form = {**self.common_params(), "term": " ".join(self.query["term"].split()),
                "retmax": "0" if history else "10000", "retmode": "xml"}
        if history:
            form["usehistory"] = "y"
        if self.since:
            form.update(datetype="mdat", mindate=self.since.replace("-", "/"),
                        maxdate=date.today().strftime("%Y/%m/%d"))
        yield scrapy.FormRequest(self.base_url + "esearch.fcgi", formdata=form,
                                 callback=self.parse_search, errback=self.failed,
                                 meta={"fatal_on_error": True})

    def parse_search(self, response: Response) -> Iterator[Any]:
        try:
            found = pubmed.parse_esearch(response.body)
        except ValueError as exc:
            yield CrawlError(self.name, f"esearch: {exc}", url=response.url, fatal=True)
            return
        for message in found.errors + found.warnings:  # e.g. a phrase not found: still a result
            self.logger.warning("esearch: %s", message)
        batch = self.settings.getint("PUBMED_BATCH_SIZE")
        self.logger.info("esearch: %d records, %d efetch requests of %d", found.count,
                         math.ceil(found.count / batch), batch)
        if not found.webenv:
            if found.count > len(found.ids):
                yield CrawlError(self.name, f"esearch gave {len(found.ids)} of {found.count} ids "
                                 "and no history: the rest is not fetched", url=response.url)
            for start in range(0, len(found.ids), batch):
                yield self.fetch_ids(found.ids[start:start + batch], start)
            return
        for start in range(0, found.count, batch):
            form = {**self.common_params(), "WebEnv": found.webenv or "",
                    "query_key": found.query_key or "", "retstart": str(start),
                    "retmax": str(batch), "retmode": "xml"}
            yield scrapy.FormRequest(self.base_url + "efetch.fcgi", method="GET", formdata=form,
                                     callback=self.parse_fetch, errback=self.failed,
                                     meta={"position": start})

    def fetch_ids(self, ids: list[str], position: int) -> scrapy.Request:
        """An efetch by explicit ids: GET for a few, POST above PUBMED_POST_ABOVE (URL length)."""
        form = {**self.common_params(), "id": ",".join(ids), "retmode": "xml"}
        method = "POST" if len(ids) > self.settings.getint("PUBMED_POST_ABOVE") else "GET"
        return scrapy.FormRequest(self.base_url + "efetch.fcgi", method=method, formdata=form,
                                  callback=self.parse_fetch, errback=self.failed,
                                  meta={"position": position})

    def parse_fetch(self, response: Response) -> Iterator[Any]:
        result = pubmed.parse_efetch(response.body)
        yield from self.records_and_problems(result, response.url, response.meta["position"])
