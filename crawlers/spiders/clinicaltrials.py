"""ClinicalTrials.gov API v2 /studies, paged with pageToken.

The first page is asked with countTotal=true: its totalCount is announced, and the run is ok only
when that many studies are stored. An empty page before totalCount is reached is an error, not
the end. An incremental crawl asks for studies whose last update was posted since a date (US
Eastern, as the registry stamps them).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawlers.api_spider import ApiSpider
from crawlers.items import Announced, CrawlError
from crawlers.parsers import clinicaltrials
from crawlers.spiders.europepmc import MAX_EMPTY_PAGES


class ClinicaltrialsSpider(ApiSpider):
    name = "clinicaltrials"
    base_url_setting = "CLINICALTRIALS_BASE_URL"
    api_timezone = "America/New_York"

    seconds_between_requests = 1.2  # at most 50 requests a minute (the documented courtesy)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.total_count: int | None = None
        self.empty_pages = 0

    def page_request(self, token: str | None, offset: int) -> scrapy.Request:
        params: dict[str, Any] = {key: " ".join(str(value).split())
                                  for key, value in self.query.items()}
        params.update(format="json", pageSize=self.settings.getint("CLINICALTRIALS_PAGE_SIZE"))
        if self.since:
            params["filter.advanced"] = (f"AREA[LastUpdatePostDate]RANGE[{self.since},"
                                         f"{self.until}]")
        if token:
            params["pageToken"] = token
        else:
            params["countTotal"] = "true"
        return scrapy.Request(self.base_url + "studies?" + urlencode(params),
                              callback=self.parse_page, errback=self.failed, dont_filter=True,
                              meta={"position": offset, "token": token,
                                    "fatal_on_error": offset == 0})

    async def start(self) -> AsyncIterator[Any]:
        missing = self.missing_contact()
        if missing:
            yield missing
            return
        yield self.page_request(None, 0)

    def parse_page(self, response: Response) -> Iterator[Any]:
        page = clinicaltrials.parse_studies(response.body)
        offset = response.meta["position"]
        if response.meta["token"] is None:
            if page.total_count is None:
                yield CrawlError(self.name, "the first page has no readable totalCount",
                                 url=response.url)
            else:
                self.total_count = page.total_count
                yield Announced(self.name, page.total_count, url=response.url)
        yield from self.records_and_problems(page.result, response.url, offset)
        count = len(page.result.records) + len(page.result.problems)
        if count == 0 and not page.result.skipped and offset < (self.total_count or 0):
            self.empty_pages += 1
            yield CrawlError(self.name, f"empty page at study {offset} of totalCount "
                             f"{self.total_count}: not the end", url=response.url,
                             position=offset)
            if self.empty_pages >= MAX_EMPTY_PAGES:
                return
        else:
            self.empty_pages = 0
        if page.next_page_token and page.next_page_token != response.meta["token"]:
            yield self.page_request(page.next_page_token, offset + count)
