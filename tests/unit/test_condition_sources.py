"""Where a condition is named decides whether it is the studied one: nerve-root pain with no cause
named is no herniation, and a registration's outcome measures name what is measured, not who is
studied. Examples written here."""

from __future__ import annotations

import pytest

from db.evidence_files import load_vocabulary
from evidence.assess import assess
from tests.unit.evidence_docs import pub, registration


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.mark.parametrize("title", [
    "Transforaminal injection of bone marrow concentrate for chronic lumbar radicular pain",
    "Adipose stromal cells for cervical radiculopathy: a pilot study",
])
def test_nerve_root_pain_with_no_cause_named_is_no_herniation(vocab, title):
    doc = pub(title, ("METHODS", "Twenty adults with leg pain for over six months were treated."))
    assert "disc_herniation" not in assess(doc, vocab).values("condition")


def test_nerve_root_pain_from_a_named_herniation_still_is_one(vocab):
    doc = pub("Marrow concentrate for radicular pain caused by a herniated lumbar disc",
              ("METHODS", "Twenty adults with leg pain for over six months were treated."))
    assert "disc_herniation" in assess(doc, vocab).values("condition")


def _trial(**fields):
    fields.setdefault("conditions", ["Degenerative Disc Disease"])
    return registration(
        "Allogeneic MSCs for degenerative disc disease",
        interventions=[{"type": "BIOLOGICAL", "name": "allogeneic mesenchymal stem cells"}],
        **fields,
    )


def test_a_condition_in_an_outcome_measure_is_no_studied_condition(vocab):
    doc = _trial(primary_outcomes=[{"measure": "Change in back and leg pain on a 0-10 scale",
                                    "timeFrame": "12 months"}])
    a = assess(doc, vocab)
    assert a.values("condition") == ["disc_degeneration"]
    assert "pain" in a.values("outcome")


def test_a_condition_the_registrant_lists_still_tags(vocab):
    doc = _trial(conditions=["Degenerative Disc Disease", "Chronic Low Back Pain"],
                 primary_outcomes=[{"measure": "Change in back pain", "timeFrame": "12 months"}])
    assert assess(doc, vocab).values("condition") == ["disc_degeneration", "low_back_pain"]
