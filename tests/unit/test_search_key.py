"""A watermark belongs to the search it was reached with (crawlers.topic.search_key): the same
query written differently keeps it, any change to what is asked starts again."""

from __future__ import annotations

import yaml

from crawlers.topic import search_key


def test_the_same_search_written_differently_has_one_key():
    a = yaml.safe_load("term: 'stem cells[tiab] AND disc[tiab]'\nbatch: 200\n")
    b = yaml.safe_load("batch:   200\nterm:    'stem cells[tiab] AND disc[tiab]'\n")
    assert search_key(a) == search_key(b)


def test_a_changed_term_field_or_source_list_has_another_key():
    base = {"query": "stem cells AND disc", "fields": ["TITLE", "ABSTRACT"], "sources": ["MED"]}
    keys = {search_key(base),
            search_key({**base, "query": "stem cells AND (disc OR stenosis)"}),
            search_key({**base, "fields": ["TITLE"]}),
            search_key({**base, "sources": ["MED", "PPR"]})}
    assert len(keys) == 4


def test_any_string_has_a_key():
    assert len(search_key({"term": "lone surrogate \udcff and 🧬"})) == 16
