"""Europe PMC REST search (resultType=core), paged with cursorMark."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawlers.api_spider import ApiSpider
from crawlers.parsers import europepmc


class EuropepmcSpider(ApiSpider):
    name = "europepmc"
    base_url_setting = "EUROPEPMC_BASE_URL"

    seconds_between_requests = 0.15  # Europe PMC: 10 requests/s and 500/min

    def page_request(self, cursor: str, offset: int) -> scrapy.Request:
        query = " ".join(self.query["query"].split())
        if self.since:
            query = f"({query}) AND UPDATE_DATE:[{self.since} TO {date.today().isoformat()}]"
        params = {"query": query, "resultType": "core", "format": "json", "cursorMark": cursor,
                  "pageSize": self.settings.getint("EUROPEPMC_PAGE_SIZE")}
        return scrapy.Request(self.base_url + "search?" + urlencode(params),
                              callback=self.parse_page, errback=self.failed,
                              meta={"position": offset, "cursor": cursor,
                                    "fatal_on_error": offset == 0})

    async def start(self) -> AsyncIterator[Any]:
        yield self.page_request("*", 0)

    def parse_page(self, response: Response) -> Iterator[Any]:
        page = europepmc.parse_search(response.body)
        offset = response.meta["position"]
        yield from self.records_and_problems(page.result, response.url, offset)
        if page.next_cursor and page.next_cursor != response.meta["cursor"]:
            count = len(page.result.records) + len(page.result.problems)
            if count:
                yield self.page_request(page.next_cursor, offset + count)
