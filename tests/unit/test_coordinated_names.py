"""Coordinated names of several products share one head ("bone marrow- and adipose-derived MSCs",
"BM/AD/UC-MSCs", "embryonic and mesenchymal stem cells"): each member tags its own value, with the
coordination as the text behind it (``Vocabulary._coordinated``). Examples written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def _tags(vocab, sentence: str) -> dict[tuple[str, str], str]:
    doc = pub("Cell therapy for the degenerated disc", ("METHODS", sentence))
    return {(t.facet, t.value): t.matched_text for t in assess(doc, vocab).tags}


@pytest.mark.parametrize("sentence, facet, value, text", [
    ("Forty patients received BM-, AD- or UC-MSCs by intradiscal injection.",
     "cell_source", "adipose", "AD- or UC-MSCs"),
    ("Forty patients received BM/AD/UC-MSCs by intradiscal injection.",
     "cell_source", "adipose", "AD/UC-MSCs"),
    ("We grafted embryonic and mesenchymal stem cells into the injured cord of rats.",
     "cell_type", "esc", "embryonic and mesenchymal stem cells"),
    ("Induced pluripotent and embryonic stem cells were grafted into rats after cord injury.",
     "cell_type", "ipsc", "Induced pluripotent and embryonic stem cells"),
    ("Adipose- or bone marrow-derived stem cells were injected into the discs of 40 patients.",
     "cell_type", "msc", "Adipose- or bone marrow-derived stem cells"),
])
def test_each_member_of_a_coordination_tags_its_value(vocab, sentence, facet, value, text):
    assert _tags(vocab, sentence).get((facet, value)) == text


def test_the_last_member_keeps_its_own_phrase(vocab):
    tags = _tags(vocab, "We grafted embryonic and mesenchymal stem cells into rats after cord "
                        "injury.")
    assert tags[("cell_type", "msc")] == "mesenchymal stem cells"


def test_a_list_of_three_members_before_and(vocab):
    tags = _tags(vocab, "We compared embryonic, induced pluripotent, and mesenchymal stem cells "
                        "in a rat model of disc degeneration.")
    assert {v for f, v in tags if f == "cell_type"} == {"esc", "ipsc", "msc"}


def test_and_or_coordinates_too(vocab):
    tags = _tags(vocab, "Rats with cord injury were given embryonic and/or mesenchymal stem cells.")
    assert {v for f, v in tags if f == "cell_type"} == {"esc", "msc"}


def test_a_comma_before_or_joins_clauses_not_names(vocab):
    """'... from the discs, or stem cells ...' is two alternatives, not 'disc stem cells'
    (cells said to be taken from the discs are disc cells: see test_named_cell_sources)."""
    tags = _tags(vocab, "Therapies may use matrix taken from the discs, or stem cells "
                        "collected elsewhere.")
    assert ("cell_type", "disc_cells") not in tags


def test_a_word_before_and_that_makes_no_phrase_shares_nothing(vocab):
    tags = _tags(vocab, "Pain improved and mesenchymal stem cells were safe in 20 patients.")
    assert {v for f, v in tags if f == "cell_type"} == {"msc"}


def test_a_plural_noun_ends_its_phrase_and_shares_no_head(vocab):
    tags = _tags(vocab, "Forty patients received gel taken from donor discs or stem cells "
                        "from other tissues.")
    assert ("cell_type", "disc_cells") not in tags
    assert ("cell_type", "other_stem_cells") in tags
