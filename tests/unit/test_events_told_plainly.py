"""Harms told as what happened to participants, without the words "adverse event" ("mild fever
occurred in one patient", "two developed a transient headache"), are an adverse-events outcome;
a symptom named as an exclusion criterion is not. Found trying the tagger on published
spinal-cord-injury trials; each example is written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def _outcomes(text: str, vocab) -> set[str]:
    doc = pub("Olfactory ensheathing cells for chronic spinal cord injury",
              ("METHODS", "Six patients received intraspinal transplantation of the cells."),
              ("RESULTS", text))
    return set(assess(doc, vocab).values("outcome"))


@pytest.mark.parametrize("text", [
    "Mild fever occurred in one of the patients and subsided after symptomatic treatment.",
    "Two patients developed a transient headache after the lumbar puncture.",
])
def test_an_event_told_plainly_is_an_adverse_events_outcome(vocab, text):
    assert "adverse_events" in _outcomes(text, vocab)


def test_a_symptom_as_an_exclusion_criterion_is_no_event(vocab):
    assert "adverse_events" not in _outcomes(
        "Patients with fever or headache at screening were excluded; motor scores rose in "
        "four.", vocab)
