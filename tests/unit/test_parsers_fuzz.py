"""Property-based fuzzing of every parser: whatever the bytes, a parser returns (records,
problems, skipped) and never raises, and no single input costs it a second of CPU.

Inputs, about 10,000 parser calls in all (examples x parsers each example is given to):
- random bytes, to all four parsers (efetch, esearch, Europe PMC, CT.gov): 750 x 4;
- JSON fixtures with values replaced by hostile ones (lone surrogates, non-ASCII digits,
  impossible dates, wrong types, numbers past SQLite's INTEGER, huge strings, JSON nested past
  ``json.loads``'s limit), to both JSON parsers: 1,500 x 2;
- PubMed XML fixtures with element texts replaced the same way (XML-legal values), or an element
  nested 3,000 deep, to efetch: 1,200; esearch fixtures mutated so, to esearch: 300;
- any fixture with byte slices deleted, repeated or spliced in, to the three page parsers: 800 x 3;
- stored raw payloads holding lone surrogates, re-read by ``parse_raw`` (``stemspine tag``): 100.

``parse_esearch`` is the one parser with an exception in its contract: ValueError, which the
spider turns into a failed run; nothing else may escape it. Seeds are the real API fixtures in
../shared/fixtures (when present) and the sample corpus shipped in crawlers/sample_corpus.
Runs in about 40 s here.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from crawlers.items import ParseResult
from crawlers.parsers import clinicaltrials, europepmc, parse_raw, pubmed
from tests.conftest import FIXTURES, SAMPLE_CORPUS

CPU_LIMIT = 1.0  # seconds of CPU time for one input (process time: a loaded machine's wait
# for a core does not count)


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


def seeds(suffix: str, kind: str) -> list[Path]:
    """Seed files: ../shared/fixtures/<kind> (if present) and the sample corpus."""
    paths = sorted((FIXTURES / kind).glob(f"*{suffix}")) if FIXTURES.exists() else []
    return paths + sorted((SAMPLE_CORPUS / kind).glob(f"*{suffix}"))


@cache
def json_seeds() -> list[tuple[str, str]]:
    """JSON seeds under 100 KB (the 370 KB CT.gov record is fuzzed at the byte level only: one
    copy of it costs more than a hundred small examples)."""
    return [(path.name, path.read_text(encoding="utf-8"))
            for kind in ("europepmc", "clinicaltrials") for path in seeds(".json", kind)
            if path.stat().st_size < 100_000]


@cache
def xml_seeds(esearch: bool) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in seeds(".xml", "pubmed")
            if (b"<eSearchResult" in path.read_bytes()) == esearch]


@cache
def all_seed_bytes() -> list[bytes]:
    paths = [p for kind in ("pubmed", "europepmc", "clinicaltrials") for suffix in (".xml", ".json")
             for p in seeds(suffix, kind)]
    return [path.read_bytes() for path in paths]


def timed(parse: Callable[[Any], Any], data: Any) -> Any:
    started = time.process_time()
    result = parse(data)
    spent = time.process_time() - started
    assert spent < CPU_LIMIT, f"{parse.__module__}.{parse.__name__} took {spent:.2f} s CPU"
    return result


def check_page(parse: Callable[[Any], Any], data: Any) -> ParseResult:
    page = timed(parse, data)
    result = page if isinstance(page, ParseResult) else page.result
    for record in result.records:  # what the store will write must be writable
        record.raw.encode("utf-8")
        json.dumps(record.as_dict(), ensure_ascii=False).encode("utf-8")
        assert record.source_id
        for number in (record.year, record.registry.get("enrollment")):
            assert number is None or abs(number) < 2**63
    return result


def check_esearch(data: bytes) -> None:
    try:
        timed(pubmed.parse_esearch, data)
    except ValueError:
        pass  # the documented way esearch says "not a readable eSearchResult"


def page_parsers(data: Any) -> None:
    check_page(pubmed.parse_efetch, data)
    check_page(europepmc.parse_search, data)
    check_page(clinicaltrials.parse_studies, data)


# --------------------------------------------------------------------------------------------
# hostile values

ODD_DIGITS = "0123456789²³¹¼١٢٣٤٥٦٧٨٩٠۰۱۲߀০१௧๑𝟎𝟗"
odd_digit_text = st.text(alphabet=ODD_DIGITS, min_size=1, max_size=12)
impossible_dates = st.one_of(
    st.builds("{}-{}-{}".format, st.integers(-9999, 99999), st.integers(-99, 999),
              st.integers(-99, 999)),
    st.builds("{}-{}-{}".format, odd_digit_text, odd_digit_text, odd_digit_text),
    st.sampled_from(["2020-02-30", "2021-13-01", "0000-00-00", "2020-00", "9999-99", "--",
                     "2020-1-1", "20200101", "２０２０-０１-０１"]),
)
# Every code point, lone surrogates (category Cs) included.
any_text = st.text(st.characters(codec=None, categories=None), max_size=40)
surrogate_text = st.builds(lambda a, s, b: a + s + b, any_text,
                           st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), any_text)
huge_numbers = st.one_of(st.integers(min_value=2**63 - 2, max_value=2**200),
                         st.integers(max_value=-(2**63) + 2, min_value=-(2**200)),
                         st.sampled_from(["9" * 5000, "1" * 19, "-" + "9" * 30]),
                         st.floats(allow_nan=True, allow_infinity=True))
huge_strings = st.builds(lambda unit, n: unit * n,
                         st.sampled_from(["x", " ", "\n", "<h4>", "&lt;i ", "<", "NCT", "(\n"]),
                         st.integers(1000, 60_000))
wrong_types = st.one_of(st.none(), st.booleans(), st.lists(st.integers(), max_size=3),
                        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
                        st.just([[]]), st.just({"date": {"date": []}}))
hostile_json = st.one_of(odd_digit_text, impossible_dates, any_text, surrogate_text,
                         huge_numbers, huge_strings, wrong_types, st.just("__DEEP__"))
xml_safe_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
                        max_size=40)
hostile_xml_text = st.one_of(odd_digit_text, impossible_dates, xml_safe_text,
                             st.sampled_from(["", " ", "-1", "0", "13", "Spring-Fall", "2020 ²"]),
                             huge_strings, st.just("__DEEP__"))
DEEP_JSON = "[" * 3000 + "]" * 3000
DEEP_XML = "<i>" * 3000 + "</i>" * 3000


def json_slots(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a decoded JSON document, iteratively."""
    slots: list[tuple[Any, Any]] = []
    stack = [value]
    while stack:
        container = stack.pop()
        keys = range(len(container)) if isinstance(container, list) else list(container)
        for key in keys:
            slots.append((container, key))
            if isinstance(container[key], (dict, list)):
                stack.append(container[key])
    return slots


# --------------------------------------------------------------------------------------------
# the properties


@fuzz(750)
@given(st.binary(max_size=4096))
def test_random_bytes(data):
    page_parsers(data)
    check_esearch(data)


@fuzz(1500)
@given(st.data(), st.lists(st.tuples(st.integers(min_value=0), hostile_json), min_size=1,
                           max_size=4))
def test_hostile_values_in_json_fixtures(data, replacements):
    name, seed = data.draw(st.sampled_from(json_seeds()), label="seed")
    document = json.loads(seed)
    slots = json_slots(document)
    for index, value in replacements:
        if not slots:
            break
        container, key = slots[index % len(slots)]
        container[key] = copy.deepcopy(value)  # st.just() objects are shared between examples
    text = json.dumps(document, ensure_ascii=data.draw(st.booleans(), label="ascii"))
    text = text.replace('"__DEEP__"', DEEP_JSON)
    # a lone surrogate cannot be UTF-8 bytes: an ASCII dump carries it as a \ud800 escape,
    # otherwise the parsers get the str itself (as parse_raw gives them)
    body = text.encode("utf-8") if text.isascii() else text
    check_page(europepmc.parse_search, body)
    check_page(clinicaltrials.parse_studies, body)


@fuzz(1200)
@given(st.data(), st.lists(st.tuples(st.integers(min_value=0), hostile_xml_text), min_size=1,
                           max_size=4))
def test_hostile_texts_in_pubmed_fixtures(data, replacements):
    mutate_xml_and_check(data, replacements, esearch=False)


@fuzz(300)
@given(st.data(), st.lists(st.tuples(st.integers(min_value=0), hostile_xml_text), min_size=1,
                           max_size=3))
def test_hostile_texts_in_esearch_fixtures(data, replacements):
    mutate_xml_and_check(data, replacements, esearch=True)


def mutate_xml_and_check(data, replacements, esearch: bool) -> None:
    candidates = xml_seeds(esearch)
    if not candidates:
        pytest.skip("no esearch fixture (../shared/fixtures is absent)")
    name, raw = data.draw(st.sampled_from(candidates), label="seed")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(raw, parser)
    elements = list(root.iter())
    for index, text in replacements:
        element = elements[index % len(elements)]
        if data.draw(st.booleans(), label="drop children"):
            for child in list(element):
                element.remove(child)
        element.text = text
    body = etree.tostring(root, encoding="utf-8").replace(b"__DEEP__", DEEP_XML.encode())
    if esearch:
        check_esearch(body)
    else:
        check_page(pubmed.parse_efetch, body)


@fuzz(800)
@given(st.data(), st.lists(st.tuples(st.sampled_from(["delete", "repeat", "splice"]),
                                     st.integers(min_value=0), st.integers(1, 400),
                                     st.binary(max_size=64)), min_size=1, max_size=5))
def test_byte_mutated_fixtures(data, edits):
    body = bytearray(data.draw(st.sampled_from(all_seed_bytes()), label="seed"))
    for operation, start, length, insert in edits:
        start %= max(len(body), 1)
        piece = bytes(body[start:start + length])
        if operation == "delete":
            del body[start:start + length]
        elif operation == "repeat":
            body[start:start] = piece * 3
        else:
            body[start:start] = insert
    page_parsers(bytes(body))


@fuzz(100)
@given(st.sampled_from(["pubmed", "europepmc", "clinicaltrials"]), surrogate_text)
def test_stored_raw_with_lone_surrogates_reparses(source, text):
    raw = {
        "pubmed": "<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>"
                  "{}</ArticleTitle></Article></MedlineCitation></PubmedArticle>",
        "europepmc": '{{"id": "1", "source": "MED", "title": {}}}',
        "clinicaltrials": '{{"protocolSection": {{"identificationModule": '
                          '{{"nctId": "NCT00000001", "briefTitle": {}}}}}}}',
    }[source]
    value = text if source == "pubmed" else json.dumps(text, ensure_ascii=False)
    if source == "pubmed":  # XML cannot hold control characters: keep the surrogates
        value = "".join(c for c in value if c.isprintable() or 0xD800 <= ord(c) <= 0xDFFF)
        value = value.replace("&", "").replace("<", "")
    try:
        record = timed(lambda payload: parse_raw(source, payload), raw.format(value))
    except ValueError:
        return  # parse_raw's contract for a payload that is not one record
    record.raw.encode("utf-8")
    assert "\ud800" not in record.title
