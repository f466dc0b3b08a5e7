"""An unstructured abstract's conclusion: the last sentences that state no measure, from the first
that speaks in the present, a modal or the future, are read as its CONCLUSIONS section.

Every example was written for this file; each states a general way abstracts without section
labels end.
"""

from __future__ import annotations

import pytest

from evidence.result import _closing_sentences, extract_result
from evidence.text import scan_document
from tests.unit.evidence_docs import pub

CONTROLLED = ("Forty-four patients with sciatica from a disc herniation had microdiscectomy, "
              "22 with and 22 without an annular injection of marrow stromal cells. ")
UNCONTROLLED = ("Twelve patients with complete thoracic cord injury received intrathecal marrow "
                "mononuclear cells. ")


def decided(vocab, design, text):
    scan = scan_document(pub("Marrow cells for the spine", ("", text)), vocab)
    return extract_result(scan, design, "human", cell_study=True)


@pytest.mark.parametrize("design, text, found, decisive", [
    # the first closing sentence hopes ("promising"), the second, in the past tense, says what
    # the cells did: both are the conclusion, not results beside a null comparison
    ("cohort", CONTROLLED + (
        "Leg pain was lower with cells at 3 and 12 months (P < 0.05). Satisfaction by the "
        "Macnab criteria was 90% and 88% (P > 0.05). The combination is a safe and promising "
        "approach. The cell injection slowed the loss of disc height."),
     "benefit", "The cell injection slowed the loss of disc height."),
    # "more trials are needed" closes the abstract; the finding before it concludes too
    ("case_series", UNCONTROLLED + (
        "Over 6 months sensory scores rose by one level in 2 of 12 patients. No adverse event "
        "was linked to the cells. A single intrathecal dose is safe, but its effect is weak. "
        "Larger trials will be needed to test repeated dosing."),
     "no_difference", "A single intrathecal dose is safe"),
    # the improvement is a result; the conclusion, followed by what must come next, claims
    # safety alone
    ("case_series", UNCONTROLLED + (
        "Motor and sensory function improved to various degrees in 6 of the 12 patients. "
        "The results showed that the transplantation is a feasible and safe technique. "
        "Its clinical use will require controlled study of how the cells act."),
     "safety_only", "The results showed that the transplantation is a feasible and safe"),
])
def test_a_conclusion_told_in_more_than_one_sentence_is_read_whole(
        vocab, design, text, found, decisive):
    decision = decided(vocab, design, text)
    assert decision.value == found
    assert decision.matched_text.startswith(decisive)


@pytest.mark.parametrize("ending", [
    # a time or a trial phase is no measure: the sentence still concludes
    "Cell injection reduces pain for as long as 12 months.",
    "Cell injection reduces pain; a phase III trial is warranted.",
])
def test_a_conclusion_may_name_a_time_or_a_phase(vocab, ending):
    text = CONTROLLED + (
        "Pain fell in both groups at 3 months (P = 0.41). Mean ODI improved by 20 and 18 points. "
        + ending)
    found = decided(vocab, "cohort", text)
    assert found.matched_text == ending


def test_past_tense_reports_alone_are_results(vocab):
    # no closing sentence speaks in the present: the last sentences are results, and the
    # null comparison stands
    text = CONTROLLED + (
        "Leg pain fell in both groups. Pain scores did not differ between the groups at any "
        "time (P = 0.62). There were no serious adverse events.")
    assert decided(vocab, "cohort", text).value == "no_difference"



def test_an_observation_told_after_the_interpretation_is_a_result(vocab):
    # a harm report that interprets its cases and then tells how they ended: the last sentence
    # reports what was seen, so the abstract has no closing conclusion to read apart
    text = ("A woman and her two sons had intravenous adipose stem cells abroad. All three "
            "came to us with chest pain. Chest CT showed multiple pulmonary emboli in each. "
            "These cases are emboli caused by the cell infusions. Follow-up CT showed that the "
            "emboli resolved without treatment.")
    scan = scan_document(pub("Pulmonary emboli after stem cell infusions", ("", text)), vocab)
    assert _closing_sentences(scan) == frozenset()
    # told the other way round, the interpretation closes the abstract
    text = text.replace("These cases are emboli caused by the cell infusions. ", "") + (
        " These cases are emboli caused by the cell infusions.")
    scan = scan_document(pub("Pulmonary emboli after stem cell infusions", ("", text)), vocab)
    assert [scan.sentences[k].text for k in sorted(_closing_sentences(scan))] == [
        "These cases are emboli caused by the cell infusions."]
