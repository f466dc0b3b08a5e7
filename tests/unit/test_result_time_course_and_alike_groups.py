"""Result patterns of real abstracts (held-out sets AC and AD, scored on arrival): an improvement
that is not yet significant at an early time point, and a sentence saying the groups were alike
before treatment. Each example is written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def _review(results: str) -> dict:
    return pub("Bone marrow concentrate for discogenic back pain: a meta-analysis",
               ("METHODS", "PubMed and Embase were searched; four studies with 210 patients were "
                           "pooled."),
               ("RESULTS", results))


def test_an_improvement_not_yet_significant_at_an_early_time_point_is_a_benefit(vocab):
    a = assess(_review("Pain scores fell significantly after injection at three and twelve "
                       "months (P < 0.001), but not at one month (P = 0.07). Disability improved "
                       "by twelve months (P = 0.02)."), vocab)
    assert a.result == "benefit"
    tag = next(t for t in a.tags if t.facet == "result")
    assert "twelve months" in tag.matched_text


def test_an_improvement_lost_at_a_later_time_point_is_not_a_plain_benefit(vocab):
    a = assess(_review("Pain scores fell significantly at one month (P < 0.001), but not at "
                       "twelve months (P = 0.40)."), vocab)
    assert a.result == "mixed"


def test_controls_said_to_be_comparable_to_the_treated_find_nothing(vocab):
    doc = pub("Cell transplantation for chronic spinal cord injury: a controlled study",
              ("", "We report a controlled study of cell transplantation in 30 patients with "
                   "spinal cord injury. Cells were grafted by lumbar puncture. The 30 control "
                   "patients were clinically comparable to the treated ones. Motor scores "
                   "improved in 20 (67%) grafted patients but in only 6 (20%) controls."))
    assert assess(doc, vocab).result == "benefit"


def test_groups_similar_in_an_outcome_at_follow_up_are_no_difference(vocab):
    doc = pub("Marrow concentrate versus sham for discogenic pain: a randomized trial",
              ("METHODS", "Sixty patients were randomized to marrow concentrate or sham."),
              ("RESULTS", "At 12 months, both groups were similar in pain and function."))
    assert assess(doc, vocab).result == "no_difference"
