"""An efetch answer is accounted for by distinct PMID against what was asked for (audit 3, F2b
and F8): a PMID sent twice counts once, a PMID outside the search is a stranger, and a history
batch whose order differs from esearch's list is still complete."""

from __future__ import annotations

from crawlers.items import ParseResult, SourceRecord
from crawlers.spiders.pubmed import _accounted


def answer(*pmids: str) -> ParseResult:
    return ParseResult(records=[SourceRecord("pubmed", p, "publication", raw="", pmid=p)
                                for p in pmids])


WINDOW = frozenset("123456")


def test_a_batch_in_another_order_than_the_list_is_complete():
    assert _accounted(answer("4", "2", "3"), ["1", "2", "3"], WINDOW) == (3, ["1"], [])


def test_a_pmid_outside_the_search_is_not_counted():
    assert _accounted(answer("9", "2", "3"), ["1", "2", "3"], WINDOW) == (2, ["1"], ["9"])


def test_a_pmid_sent_twice_counts_once():
    assert _accounted(answer("2", "2", "3"), ["1", "2", "3"], WINDOW) == (2, ["1"], [])


def test_without_a_list_only_distinct_records_are_counted():
    assert _accounted(answer("2", "2", "3"), None) == (2, [], [])
