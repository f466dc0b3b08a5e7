"""Result patterns of real abstracts (held-out sets BK to BX read again): a trial whose main
comparison favoured the cells while its secondary outcomes did not differ (the primary outcome
decides: benefit, not mixed), and a comparator named by what it lacked ("against the group
without supplementation, either cell group improved"), which negates nothing. Each example is
written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub

TITLE = "Bone marrow concentrate for discogenic low back pain: a randomized controlled trial"
METHODS = ("METHODS", "Forty patients were randomly assigned to intradiscal bone marrow "
                      "concentrate or to a saline injection (control group).")


def result(vocab, results: str, *more) -> str | None:
    return assess(pub(TITLE, METHODS, ("RESULTS", results), *more), vocab).result


def test_secondary_outcomes_alike_do_not_undo_a_primary_gain(vocab):
    text = ("At 3 months more patients responded in the cell group (14 of 20) than in the "
            "control group (6 of 20; P = 0.01). Disability at 12 months and most secondary "
            "outcomes did not differ between the groups.")
    assert result(vocab, text) == "benefit"


def test_a_gain_on_secondary_outcomes_only_is_still_mixed(vocab):
    text = ("Pain at 3 months, the primary outcome, did not differ between the groups. Some "
            "secondary outcomes were better in the cell group than in the control group "
            "(P = 0.03).")
    assert result(vocab, text) == "mixed"


def test_a_gain_against_the_primary_outcome_missed_is_still_mixed(vocab):
    text = ("Disability was lower in the cell group than in the control group at 6 months "
            "(P = 0.02), but the primary outcome and the secondary outcomes did not differ.")
    assert result(vocab, text) == "mixed"


def test_a_group_named_by_what_it_lacked_negates_nothing(vocab):
    text = ("Against the group without an injection (control group), pain in either the "
            "marrow or the adipose cell group improved significantly at 3 months (3.1 vs. 5.0, "
            "P = 0.004).")
    assert result(vocab, text) == "benefit"
    # a negation that does reach across a list joined by "or"
    assert result(vocab, "There was no improvement in pain, disability or walking distance "
                         "in the cell group compared with the control group.") != "benefit"


def test_a_comparator_that_did_better_than_the_cells_is_harm(vocab):
    assert result(vocab, "Responders were significantly more numerous with saline than with "
                         "the marrow concentrate (P = 0.01).") == "harm"
    assert result(vocab, "Pain scores were lower after the saline injection than after the "
                         "cell injection (P = 0.02).") == "harm"
    # the same comparison the other way round is the cells' gain
    assert result(vocab, "Pain scores were lower after the cell injection than after the "
                         "saline injection (P = 0.02).") == "benefit"


@pytest.mark.parametrize("text", [
    "Pain was greater in the saline group than in the cell group at 12 months (P = 0.02).",
    "Disability was higher after saline than after the marrow concentrate (P = 0.02).",
    "The control group had more pain than the cell group (P = 0.02).",
])
def test_a_comparator_that_fared_worse_than_the_cells_is_their_gain(vocab, text):
    assert result(vocab, text) == "benefit"


def test_harm_more_frequent_with_the_comparator_is_the_cells_safety(vocab):
    assert result(vocab, "Complications were more frequent with saline than with the marrow "
                         "concentrate.") == "safety_only"
    assert result(vocab, "Complications were more frequent with the marrow concentrate than "
                         "with saline.") == "harm"


def test_two_groups_shares_told_side_by_side_say_which_did_better(vocab):
    assert result(vocab, "Good outcomes were achieved in 24 of 27 control patients (89%) and "
                         "in 12 of 20 cell patients (60%).") == "harm"
    assert result(vocab, "Good outcomes were achieved in 10 of 20 control patients (50%) and "
                         "in 18 of 20 cell patients (90%).") == "benefit"


def test_results_inferior_to_the_comparator_are_harm(vocab):
    assert result(vocab, "Fusion rates with the marrow concentrate were inferior to those with "
                         "saline alone.") == "harm"
    assert result(vocab, "The marrow concentrate was not inferior to saline.") == "no_difference"


@pytest.mark.parametrize("text", [
    "Pain was significantly lower in the control group at 12 months (P = 0.01).",
    "Disability scores were significantly better among patients given saline (P = 0.02).",
    "At 12 months pain relief was significantly greater with the steroid (P = 0.03).",
])
def test_a_comparator_named_alone_as_the_better_group_is_harm(vocab, text):
    # no "than": the one group a comparative is said of did better than the other
    assert result(vocab, text) == "harm"


def test_a_comparator_named_alone_as_the_worse_group_is_the_cells_gain(vocab):
    assert result(vocab, "Pain was significantly higher in the control group at 12 months "
                         "(P = 0.01).") == "benefit"


def test_the_comparator_s_own_change_is_no_comparative(vocab):
    assert result(vocab, "Pain fell significantly in the control group (P = 0.01).") != "harm"


def test_in_a_study_of_another_therapy_that_therapy_is_no_comparator(vocab):
    doc = pub("Bone morphogenetic protein in lumbar interbody fusion: a matched cohort",
              ("METHODS", "Patients fused with or without BMP were matched on age and sex."),
              ("RESULTS", "Pseudarthrosis was significantly more frequent with BMP (2.1% vs "
                          "1.2%, P < 0.05)."))
    assert assess(doc, vocab).result == "harm"


@pytest.mark.parametrize("text", [
    "At 6 months pain had fallen significantly more with the cells than with saline (P = .03).",
    "Pain decreased more in the cell group than in the saline group (P = 0.01).",
    "A greater reduction in pain was seen with the cells than with saline (P = 0.01).",
])
def test_how_much_more_pain_fell_is_no_rise_in_pain(vocab, text):
    assert result(vocab, text) == "benefit"


def test_a_product_made_without_something_did_not_fail(vocab):
    assert result(vocab, "Concentrate prepared without a commercial kit gave better results "
                         "than saline (P = 0.01).") == "benefit"
    assert result(vocab, "The concentrate was given without improvement in pain over "
                         "saline.") != "benefit"


def test_comparably_effective_products_did_not_differ(vocab):
    assert result(vocab, "The concentrate and saline were comparably effective for pain and "
                         "function.") == "no_difference"


def test_each_arm_s_gains_by_their_size_and_a_null_test_between_them(vocab):
    text = ("With saline, mean VAS improved by 4.0 points (p < 0.01), and the SF-36 improved "
            "significantly. With the concentrate, mean VAS improved by 4.9 points (p < 0.01). "
            "VAS improved more with the concentrate, but these differences were not "
            "statistically significant.")
    assert result(vocab, text) == "no_difference"


def test_a_null_test_at_another_time_point_leaves_the_earlier_gain(vocab):
    text = ("At 6 months, pain improved more with the concentrate than with saline, but the "
            "difference was not statistically significant at 12 months.")
    assert result(vocab, text) == "mixed"


def test_a_conclusion_that_hopes_then_asserts_is_read_by_its_assertion(vocab):
    results = ("Pain was lower in the cell group than in the control group at 3 and 12 months "
               "(P < 0.05). Excellent or good results were reached by 92% and 90% (P > 0.05).")
    assert result(vocab, results, ("CONCLUSIONS", "The injection is a safe and promising "
                                                  "approach. It improved disc remodelling.")
                  ) == "benefit"
    # a hope alone, beside results that point both ways: mixed
    assert result(vocab, results, ("CONCLUSIONS", "The injection is a safe and promising "
                                                  "approach.")) == "mixed"


def test_the_comparator_group_s_own_change_is_no_null_finding(vocab):
    doc = pub("Marrow concentrate or platelet-rich plasma for knee pain: a comparative study",
              ("METHODS", "Twenty knees received marrow concentrate and twelve knees "
                          "platelet-rich plasma."),
              ("RESULTS", "The marrow concentrate group improved significantly on VAS and "
                          "WOMAC, whereas the improvement of the PRP group was not significant. "
                          "Compared with PRP, marrow concentrate gave significantly greater "
                          "improvement (P = 0.01)."))
    assert assess(doc, vocab).result == "benefit"


@pytest.mark.parametrize("text", [
    "At 12 months the cell-treated knees had significantly better VAS than at baseline; in the "
    "control knees, by contrast, VAS had become even worse, though not significantly.",
    "Pain fell significantly in the cell group; in the control group, by contrast, pain "
    "did not change.",
])
def test_what_the_comparator_alone_did_is_no_null_finding(vocab, text):
    assert result(vocab, text) == "benefit"
