"""No parser regular expression is super-linear: 200 KB crafted inputs for the patterns that were
(PubMed title flattening, the PMID rescue of a broken efetch document, Europe PMC's heading split)
parse in milliseconds. Each used to take seconds to minutes (quadratic backtracking); the timeout
is the guard, the assertions check the result is still right."""

from __future__ import annotations

import json

import pytest

from crawlers.parsers import europepmc, pubmed

SIZE = 200_000
pytestmark = pytest.mark.timeout(3)


def article(title: str) -> bytes:
    return ("<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>7</PMID><Article>"
            f"<ArticleTitle>{title}</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
            "</PubmedArticleSet>").encode()


def title_of(body: bytes) -> str:
    result = pubmed.parse_efetch(body)
    assert not result.problems and len(result.records) == 1
    return result.records[0].title


def test_title_with_a_newline_then_200_kb_of_spaces():
    assert title_of(article("Stem\n" + " " * SIZE + "cells")) == "Stem cells"


def test_title_of_200_kb_of_newlines_without_punctuation():
    assert title_of(article("Disc" + "\n" * SIZE + "repair")) == "Disc repair"


def test_title_of_200_kb_of_pretty_printed_brackets_still_glues_them():
    title = title_of(article("MSC (\n\t\tsee" + " (\n\t" * (SIZE // 4) + "x\n\t)"))
    assert title.startswith("MSC (see (") and title.endswith("(x)")


def test_broken_document_with_200_kb_of_unclosed_pmid_tags():
    body = b"<PubmedArticleSet><PubmedArticle>" + b"<PMID" * (SIZE // 5)
    result = pubmed.parse_efetch(body)
    assert result.records == []
    assert [p.message for p in result.problems] == [
        "PubmedArticle has no closing tag (truncated or broken document)"]


def epmc_abstract(abstract: str) -> europepmc.SourceRecord:
    page = europepmc.parse_search(json.dumps(
        {"id": "1", "source": "MED", "title": "t", "abstractText": abstract}).encode())
    assert len(page.result.records) == 1
    return page.result.records[0]


def test_abstract_with_200_kb_of_unclosed_headings():
    record = epmc_abstract("Lead. " + "<h4>" * (SIZE // 4) + "tail")
    assert record.abstract == "Lead. tail" and record.abstract_sections == []


def test_abstract_with_real_headings_then_200_kb_of_mismatched_ones():
    record = epmc_abstract("<h4>Background</h4>Discs degenerate. <h4>Methods</h4>"
                           + "<h3>x</h4>" * (SIZE // 10) + "<h4>Results</h4>Pain fell.")
    labels = [section["label"] for section in record.abstract_sections]
    assert labels == ["Background", "Methods", "Results"]
    assert record.abstract_sections[-1]["text"] == "Pain fell."
