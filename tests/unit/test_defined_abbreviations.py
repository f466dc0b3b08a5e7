"""An abbreviation the abstract spells out with words of another meaning is that meaning, not the
vocabulary's: "cell therapy (CT)" is no computed tomography. Examples written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def _outcomes(vocab, text: str) -> list[str]:
    doc = pub("Cell grafts in chronic spinal cord injury", ("", text))
    return assess(doc, vocab).values("outcome")


def test_an_abbreviation_spelled_by_other_words_loses_the_vocabulary_meaning(vocab):
    assert "imaging" not in _outcomes(
        vocab, "Cell therapy (CT) was given to 25 patients with cord injury. After CT, motor "
               "scores rose in 12 patients.")


def test_an_abbreviation_spelled_by_its_own_words_keeps_it(vocab):
    assert "imaging" in _outcomes(
        vocab, "Twenty patients received MSCs. Computed tomography (CT) was repeated at one year; "
               "CT showed no cyst in any patient.")
