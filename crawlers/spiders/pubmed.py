"""PubMed through NCBI E-utilities: one esearch with usehistory=y, then efetch in batches from the
server-side history (WebEnv + query_key)."""

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
    def update_settings(cls, settings: BaseSettings) -> None:
        """NCBI allows 3 requests/s, 10 with an API key: the delay floor follows the key."""
        super().update_settings(settings)
        has_key = bool(settings.get("NCBI_API_KEY") or os.environ.get("NCBI_API_KEY"))
        delay = 1 / 10 if has_key else 1 / 3
        delay *= 1.05  # a margin for clock granularity
        settings.set("DOWNLOAD_DELAY", delay, priority="spider")
        settings.set("AUTOTHROTTLE_START_DELAY", delay, priority="spider")

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
        form = {**self.common_params(), "term": " ".join(self.query["term"].split()),
                "usehistory": "y", "retmax": "0", "retmode": "xml"}
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
        if found.errors:
            yield CrawlError(self.name, f"esearch errors: {'; '.join(found.errors)}",
                             url=response.url, fatal=True)
            return
        batch = self.settings.getint("PUBMED_BATCH_SIZE")
        self.logger.info("esearch: %d records, %d efetch requests of %d", found.count,
                         math.ceil(found.count / batch), batch)
        for start in range(0, found.count, batch):
            form = {**self.common_params(), "WebEnv": found.webenv or "",
                    "query_key": found.query_key or "", "retstart": str(start),
                    "retmax": str(batch), "retmode": "xml"}
            yield scrapy.FormRequest(self.base_url + "efetch.fcgi", method="GET", formdata=form,
                                     callback=self.parse_fetch, errback=self.failed,
                                     meta={"position": start})

    def fetch_ids(self, ids: list[str]) -> scrapy.Request:
        """An efetch by explicit ids: GET for a few, POST above PUBMED_POST_ABOVE (URL length)."""
        form = {**self.common_params(), "id": ",".join(ids), "retmode": "xml"}
        method = "POST" if len(ids) > self.settings.getint("PUBMED_POST_ABOVE") else "GET"
        return scrapy.FormRequest(self.base_url + "efetch.fcgi", method=method, formdata=form,
                                  callback=self.parse_fetch, errback=self.failed,
                                  meta={"position": 0})

    def parse_fetch(self, response: Response) -> Iterator[Any]:
        result = pubmed.parse_efetch(response.body)
        yield from self.records_and_problems(result, response.url, response.meta["position"])
