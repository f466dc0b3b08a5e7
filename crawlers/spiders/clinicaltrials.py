"""ClinicalTrials.gov API v2 /studies, paged with pageToken."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawlers.api_spider import ApiSpider
from crawlers.parsers import clinicaltrials


class ClinicaltrialsSpider(ApiSpider):
    name = "clinicaltrials"
    base_url_setting = "CLINICALTRIALS_BASE_URL"

    seconds_between_requests = 1.0  # no published limit: about one request a second

    def page_request(self, token: str | None, offset: int) -> scrapy.Request:
        params: dict[str, Any] = {key: " ".join(str(value).split())
                                  for key, value in self.query.items()}
        params.update(format="json", pageSize=self.settings.getint("CLINICALTRIALS_PAGE_SIZE"))
        if self.since:
            params["filter.advanced"] = f"AREA[LastUpdatePostDate]RANGE[{self.since},MAX]"
        if token:
            params["pageToken"] = token
        else:
            params["countTotal"] = "true"
        return scrapy.Request(self.base_url + "studies?" + urlencode(params),
                              callback=self.parse_page, errback=self.failed,
                              meta={"position": offset, "fatal_on_error": offset == 0})

    async def start(self) -> AsyncIterator[Any]:
        yield self.page_request(None, 0)

    def parse_page(self, response: Response) -> Iterator[Any]:
        page = clinicaltrials.parse_studies(response.body)
        offset = response.meta["position"]
        yield from self.records_and_problems(page.result, response.url, offset)
        if page.next_page_token:
            count = len(page.result.records) + len(page.result.problems)
            yield self.page_request(page.next_page_token, offset + count)
