"""The replay server's reading of the APIs' search expressions (crawlers/replay/search.py)."""

from __future__ import annotations

import pytest

from crawlers.replay.search import (
    Doc,
    evaluate,
    parse_essie,
    parse_europepmc,
    parse_pubmed,
    selects,
    served,
)


def doc(dates: dict[str, str] | None = None, **texts: str | list[str]) -> Doc:
    made = Doc(dates=dates or {})
    for name, value in texts.items():
        made.add(name, *(value if isinstance(value, list) else [value]))
    return made


TOPIC = ('("stem cell*"[tiab] OR "Stem Cells"[Mesh] OR mesenchymal[tiab]) AND '
         '("low back pain"[tiab] OR discogenic[tiab])')


@pytest.mark.parametrize(("article", "found"), [
    (doc(ti="Mesenchymal stromal cells for discogenic pain"), True),
    (doc(ab="Stem-cell therapy for chronic low back pain"), True),  # truncation, hyphen
    (doc(ti="Low back pain", mh=["Mesenchymal Stem Cells"]), True),  # heading holds the phrase
    (doc(ti="Low back pain", mh=["Stem Cell Transplantation"]), False),
    (doc(ti="Discogenic pain after fusion"), False),
    (doc(ot=["mesenchymal", "low back pain"]), True),  # [tiab] includes author keywords
], ids=["title", "truncation", "mesh", "mesh-other", "one-concept", "keywords"])
def test_pubmed_terms(article, found):
    node, errors = parse_pubmed(TOPIC)
    assert errors == [] and evaluate(node, article, match_text=True) is found


def test_pubmed_reads_operators_left_to_right_and_reports_unknown_fields():
    node, _ = parse_pubmed("a[ti] OR b[ti] AND c[ti]")  # PubMed: (a OR b) AND c
    assert evaluate(node, doc(ti="a"), True) is False
    assert evaluate(node, doc(ti="a c"), True) is True
    node, errors = parse_pubmed('"x y"[nosuchtag] NOT Review[pt]')
    assert errors == ["FieldNotFound: nosuchtag"]
    assert evaluate(node, doc(ti="x y", pt="Journal Article"), True) is True
    assert evaluate(node, doc(ti="x y", pt="Review"), True) is False
    node, _ = parse_pubmed("2020/01/01:2020/12/31[dp]")
    assert evaluate(node, doc({"pdat": "2020-06-01"}), False) is True


def test_without_text_matching_only_exact_restrictions_decide():
    node = parse_europepmc('(TITLE_ABS:"stem cell" OR KW:"stem cell") AND (SRC:MED OR SRC:PPR)'
                           " AND (FIRST_IDATE:[2024-01-01 TO 2024-12-31] OR "
                           "UPDATE_DATE:[2024-01-01 TO 2024-12-31]) NOT SRC:PAT")
    assert selects(node, match_text=False)
    indexed_2024 = doc({"FIRST_IDATE": "2024-03-01"}, source="MED", title="unrelated")
    revised_2024 = doc({"FIRST_IDATE": "2019-03-01", "UPDATE_DATE": "2024-05-01"}, source="PPR")
    assert served(node, indexed_2024, match_text=False)  # text unknown: served
    assert not served(node, indexed_2024, match_text=True)
    assert served(node, revised_2024, match_text=False)
    assert not served(node, doc({"FIRST_IDATE": "2023-01-01"}, source="MED"), False)
    assert not served(node, doc({"FIRST_IDATE": "2024-03-01"}, source="PAT"), False)
    assert not selects(parse_pubmed(TOPIC)[0], match_text=False)  # nothing to check: all served


def test_europepmc_binds_and_before_or_and_fields_apply_to_groups():
    node = parse_europepmc("TITLE:(disc OR spine) AND KW:cells OR ABSTRACT:marrow")
    assert evaluate(node, doc(title="disc", keywords="cells"), True) is True
    assert evaluate(node, doc(title="disc"), True) is False
    assert evaluate(node, doc(abstract="bone marrow"), True) is True
    assert evaluate(parse_europepmc("NOSUCH:disc"), doc(title="disc"), True) is False


def test_essie_ands_words_and_folds_plurals():
    node = parse_essie('herniated disc OR "low back pain"', "query.cond")
    assert evaluate(node, doc(conditions="Disc, Herniated"), True) is True
    assert evaluate(node, doc(conditions="Herniated discs"), True) is True
    assert evaluate(node, doc(conditions="Back pain, low"), True) is False
    assert evaluate(node, doc(keywords="chronic low back pain"), True) is True
