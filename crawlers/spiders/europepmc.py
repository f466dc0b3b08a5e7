"""Europe PMC REST search (resultType=core), paged with cursorMark.

The topic's terms are looked for only in the fields the topic names (default: titles, abstracts
and keywords, ``TITLE_ABS`` / ``KW``; not full text) of the literature sources it names (default
MED, PMC, PPR: no patents, no Agricola). Pages come in a stable order (EUROPEPMC_SORT, default
first index date ascending: a record indexed during the crawl lands at the end, none moves
between pages). An incremental crawl asks for records first indexed or updated since a date.
The first page's hitCount is announced; an empty page before hitCount is reached is an error,
not the end.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawlers.api_spider import ApiSpider
from crawlers.parsers import europepmc

DEFAULT_FIELDS = ("TITLE_ABS", "KW")
DEFAULT_SOURCES = ("MED", "PMC", "PPR")
# a field-restricted term (FIELD:"a b", FIELD:[x TO y], FIELD:word), a phrase, a bracket, a word
_QUERY_TOKEN = re.compile(
    r'[A-Z][A-Z_]*:(?:"[^"]*"|\[[^\]]*\]|\([^()]*\)|[^\s()]+)|"[^"]*"|[()]|[^\s()"]+')
_OPERATORS = {"AND", "OR", "NOT"}


def restrict_query(query: str, fields: tuple[str, ...] | list[str]) -> str:
    """Every free term or phrase of ``query`` searched in ``fields`` only:
    '"stem cell" OR mesenchymal' -> '(TITLE_ABS:"stem cell" OR KW:"stem cell") OR
    (TITLE_ABS:mesenchymal OR KW:mesenchymal)'. Field-restricted terms are left as written."""
    out = []
    for token in _QUERY_TOKEN.findall(" ".join(query.split())):
        if token in "()" or token in _OPERATORS or re.match(r"[A-Z][A-Z_]*:", token):
            out.append(token)
        else:
            out.append("(" + " OR ".join(f"{field}:{token}" for field in fields) + ")")
    return re.sub(r"\( | \)", lambda m: m.group(0).strip(), " ".join(out))


class EuropepmcSpider(ApiSpider):
    name = "europepmc"
    base_url_setting = "EUROPEPMC_BASE_URL"
    api_timezone = "Europe/London"  # Europe PMC (EMBL-EBI, Hinxton) dates its index in UK time

    seconds_between_requests = 0.15  # Europe PMC: 10 requests/s and 500/min

    def search_query(self) -> str:
        topic = self.query
        fields = topic.get("fields") or DEFAULT_FIELDS
        sources = topic.get("sources") or DEFAULT_SOURCES
        query = (f"({restrict_query(topic['query'], fields)}) AND "
                 f"({' OR '.join(f'SRC:{source}' for source in sources)})")
        if self.since:
            dates = f"[{self.since} TO {self.until}]"
            query += f" AND (FIRST_IDATE:{dates} OR UPDATE_DATE:{dates})"
        return query

    def page_request(self, cursor: str, offset: int) -> scrapy.Request:
        params = {"query": self.search_query(), "resultType": "core", "format": "json",
                  "cursorMark": cursor, "pageSize": self.settings.getint("EUROPEPMC_PAGE_SIZE"),
                  "sort": self.settings.get("EUROPEPMC_SORT")}
        return scrapy.Request(self.base_url + "search?" + urlencode(params),
                              callback=self.parse_page, errback=self.failed, dont_filter=True,
                              meta={"position": offset, "cursor": cursor,
                                    "fatal_on_error": offset == 0})

    async def start(self) -> AsyncIterator[Any]:
        refused = self.refusal()
        if refused:
            yield refused
            return
        yield self.page_request("*", 0)

    def parse_page(self, response: Response) -> Iterator[Any]:
        page = europepmc.parse_search(response.body)
        offset, cursor = response.meta["position"], response.meta["cursor"]
        if cursor == "*":
            yield from self.announce(page.hit_count, response.url, "hitCount")
        else:
            yield from self.recount(page.hit_count, response.url, offset, "hitCount")
        yield from self.page(page.result, offset, response.url, cursor, page.next_cursor,
                             self.page_request)
