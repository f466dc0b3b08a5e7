"""Result patterns of real abstracts (held-out sets BK and BL, scored on arrival): a gain every
arm shared ("in the cell group as well as in the autograft group", a list of changes that names
the saline arm), a test of a contrast told in the clause after it ("the difference was
borderline (P = 0.095)"), and a question of efficacy left open ("cannot yet be answered"). Each
example is written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub

TITLE = "Autologous stromal cells for chronic spinal cord injury: a controlled trial"
METHODS = ("METHODS", "Twenty patients received intrathecal stromal cells and 20 patients "
                      "conventional rehabilitation only (control group).")


def result(vocab, results: str, *more) -> str | None:
    return assess(pub(TITLE, METHODS, ("RESULTS", results), *more), vocab).result


@pytest.mark.parametrize("results", [
    "Motor scores improved significantly in the cell group as well as in the control group.",
    "Motor scores improved significantly in every patient, in the cell as well as the control "
    "group.",
])
def test_a_gain_in_the_cell_group_as_well_as_the_control_group_is_no_benefit(vocab, results):
    assert result(vocab, results) != "benefit"
    # the same gain in the cell group, another measure after "as well as": still a gain
    assert result(vocab, "Motor scores improved significantly in the cell group, as well as "
                         "bladder function in the cell group, compared with the control "
                         "group.") == "benefit"


def test_a_change_listed_for_the_saline_arm_too_is_no_benefit(vocab):
    text = ("By 12 months pain scores had improved by 31 points in the saline group and by 34 "
            "points in the cell group.")
    assert result(vocab, text) != "benefit"


def test_a_test_of_the_contrast_told_before_it_judges_it(vocab):
    text = ("Marked recovery was seen in 9 of 20 patients of the cell group and in 3 of 20 "
            "controls; the difference was borderline (P = 0.09).")
    assert result(vocab, text) == "no_difference"
    held = ("Marked recovery was seen in 14 of 20 patients of the cell group and in 3 of 20 "
            "controls; the difference was significant (P = 0.001).")
    assert result(vocab, held) == "benefit"


def test_efficacy_that_cannot_yet_be_answered_is_unproven(vocab):
    assert result(
        vocab, "Recovery was seen in 9 of 20 treated patients and 3 of 20 controls.",
        ("CONCLUSIONS", "The injections are safe, but their clinical value cannot yet be "
                        "answered clearly."),
    ) == "no_difference"


def test_what_a_sentence_opens_with_besides_is_asserted_not_hedged(vocab):
    doc = pub("Conditioned serum for lumbar radiculopathy: a prospective study",
              ("METHODS", "Twenty patients were given epidural conditioned serum."),
              ("RESULTS", "Every score changed from baseline at each visit."),
              ("CONCLUSIONS", "Besides lowering pain and disability, the serum may alter the "
                              "course of the disease."))
    assert assess(doc, vocab).result == "benefit"
    hedged = pub("Conditioned serum for lumbar radiculopathy: a prospective study",
                 ("METHODS", "Twenty patients were given epidural conditioned serum."),
                 ("RESULTS", "Every score changed from baseline at each visit."),
                 ("CONCLUSIONS", "The serum may lower pain and disability."))
    assert assess(hedged, vocab).result != "benefit"


def test_efficacy_paired_with_harms_in_a_null_finding_is_no_difference(vocab):
    doc = pub("Marrow aspirate in lumbar fusion: a systematic review",
              ("METHODS", "MEDLINE and Embase were searched; 12 studies were included."),
              ("RESULTS", "Outcomes and complications did not differ between aspirate with "
                          "allograft and allograft alone."))
    assert assess(doc, vocab).result == "no_difference"


def test_strata_of_a_one_arm_series_that_did_not_differ_are_no_null_finding(vocab):
    doc = pub("A cellular allograft in lumbar interbody fusion",
              ("METHODS", "We reviewed 80 patients fused with a cellular allograft."),
              ("RESULTS", "Complete fusion was seen in 90% of levels at one year. Neither "
                          "the approach nor diabetes or smoking made a significant difference."))
    assert assess(doc, vocab).result != "no_difference"
    # ... while a series that did not differ from its baseline found no improvement
    flat = pub("A cellular allograft in lumbar interbody fusion",
               ("METHODS", "We reviewed 80 patients fused with a cellular allograft."),
               ("RESULTS", "Pain scores showed no significant difference from baseline at one "
                           "year."))
    assert assess(flat, vocab).result == "no_difference"


@pytest.mark.parametrize("conclusion", [
    "The safety and the effectiveness of the injection are supported by these findings.",
    "These findings support the effectiveness of the injection.",
])
def test_effectiveness_the_findings_support_is_claimed(vocab, conclusion):
    doc = pub("Placental particulate for facet joint pain: a retrospective study",
              ("METHODS", "We reviewed 40 consecutive patients given one facet injection."),
              ("RESULTS", "No complication occurred."),
              ("CONCLUSION", conclusion))
    assert assess(doc, vocab).result == "benefit"


@pytest.mark.parametrize("results", [
    "Pain and ASIA motor scores improved at 3 and at 12 months, with no statistically "
    "significant difference between the groups.",
    "Motor scores rose throughout the trial, but the two groups did not differ at any time.",
])
def test_a_gain_qualified_by_a_null_contrast_after_it_is_no_difference(vocab, results):
    assert result(vocab, results) == "no_difference"


def test_a_gain_of_the_cells_beside_a_null_contrast_of_another_measure_is_mixed(vocab):
    assert result(vocab, "Motor scores improved more in the cell group than in the control "
                         "group (P = 0.01), with no significant difference in sensory scores."
                  ) == "mixed"


def test_a_purpose_that_opens_a_conclusion_is_no_gain(vocab):
    # "For lessening pain and improving function, ..." names the aim; "more cost-effective"
    # is what a treatment costs, not what it does
    assert result(vocab, "Pain scores fell in both groups and did not differ between the "
                         "groups.",
                  ("CONCLUSIONS", "For lessening radiating pain and improving function, the "
                                  "cells and rehabilitation are equally effective. Since "
                                  "rehabilitation is easier and more cost-effective, we "
                                  "recommend it first.")) == "no_difference"


def test_a_conclusion_that_the_injection_works_with_or_without_the_drug_is_no_contrast(vocab):
    assert result(vocab, "At 24 months the primary outcome was reached by 54% of group 1 and "
                         "60% of group 2.",
                  ("CONCLUSIONS", "Rehabilitation, given with or without the cells, is "
                                  "effective.")) != "benefit"
