"""ClinicalTrials.gov API v2 /studies, paged with pageToken.

The first page is asked with countTotal=true: its totalCount is announced, and the run is ok only
when that many studies are stored. An empty page before totalCount is reached is an error, not
the end. The API counts only with the first page, so after the last page the count is asked for
once more (pageSize=1): a count that changed while the run paged means studies may have moved
past the page token, and the run cannot be ok. An incremental crawl asks for studies whose last
update was posted since a date (US Eastern, as the registry stamps them).
"""

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
    api_timezone = "America/New_York"

    seconds_between_requests = 1.2  # at most 50 requests a minute (the documented courtesy)

    def page_request(self, token: str | None, offset: int) -> scrapy.Request:
        params: dict[str, Any] = {key: " ".join(str(value).split())
                                  for key, value in self.query.items()}
        params.update(format="json", pageSize=self.settings.getint("CLINICALTRIALS_PAGE_SIZE"))
        if self.since:
            window = f"AREA[LastUpdatePostDate]RANGE[{self.since},{self.until}]"
            # a topic's own filter still holds: both must match
            own = params.get("filter.advanced")
            params["filter.advanced"] = f"({own}) AND {window}" if own else window
        if token:
            params["pageToken"] = token
        else:
            params["countTotal"] = "true"
        return scrapy.Request(self.base_url + "studies?" + urlencode(params),
                              callback=self.parse_page, errback=self.failed, dont_filter=True,
                              meta={"position": offset, "token": token,
                                    "fatal_on_error": offset == 0})

    async def start(self) -> AsyncIterator[Any]:
        refused = self.refusal()
        if refused:
            yield refused
            return
        yield self.page_request(None, 0)

    def parse_page(self, response: Response) -> Iterator[Any]:
        page = clinicaltrials.parse_studies(response.body)
        offset, token = response.meta["position"], response.meta["token"]
        if token is None:
            yield from self.announce(page.total_count, response.url, "totalCount")
        yield from self.page(page.result, offset, response.url, token, page.next_page_token,
                             self.page_request)
        if not page.next_page_token and token is not None and self.announced is not None:
            yield self.recount_request(offset + len(page.result.records))

    def recount_request(self, offset: int) -> scrapy.Request:
        """The search's count asked again after the last page (one study, countTotal=true)."""
        request = self.page_request(None, offset)
        url = request.url.replace(
            f"pageSize={self.settings.getint('CLINICALTRIALS_PAGE_SIZE')}", "pageSize=1")
        return request.replace(url=url, callback=self.parse_recount)

    def parse_recount(self, response: Response) -> Iterator[Any]:
        page = clinicaltrials.parse_studies(response.body)
        yield from self.recount(page.total_count, response.url, response.meta["position"],
                                "totalCount after the last page")
