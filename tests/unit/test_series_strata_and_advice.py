"""Patterns of real abstracts (held-out sets AY to CD read again): one treated series split by
what its patients brought or did is no comparative cohort; a value "at baseline, was" another is
a change told by numbers; authors who advise against their product after good results report a
mixed result; cells "purified, amplified and identified" were expanded. Each example is written
here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def design(vocab, title: str, *sections) -> tuple[str, int | None]:
    a = assess(pub(title, *sections), vocab)
    return a.design, a.evidence_level


# ---- strata of one treated series ---------------------------------------------------------------
@pytest.mark.parametrize("methods", [
    # groups formed by what the patients did after one treatment
    "Ninety patients with chronic cord injury were followed for three years after cell "
    "grafting. By the intensity of their rehabilitation they were divided into two groups: "
    "group A (n = 60), with intensive training, and group B (n = 30), with little training.",
    # a regression's variables, one of them a "versus"
    "Forty patients had lumbar fusion with bone marrow concentrate and allograft. Logistic "
    "regression weighed variables such as age, smoking and fusion of one level versus several "
    "levels.",
    # scores before and after, and predictors of the outcome
    "Sixty patients received bone marrow concentrate injections; baseline scores were compared "
    "with the latest scores, and we report pre- versus post-treatment changes and predictors of "
    "outcome.",
])
def test_one_treated_series_split_by_its_patients_is_a_case_series(vocab, methods):
    assert design(vocab, "Bone marrow cells for spinal disorders: long-term results",
                  ("METHODS", methods)) == ("case_series", 4)


def test_two_treatments_compared_are_still_a_cohort(vocab):
    assert design(vocab, "Bone marrow concentrate for lumbar fusion",
                  ("METHODS", "We compared 40 patients fused with bone marrow concentrate with "
                              "38 patients fused with iliac crest autograft; predictors of "
                              "fusion were weighed by regression.")) == ("cohort", 3)


# ---- results told by numbers; advice against the product ----------------------------------------
SERIES = "Intradiscal stromal cells for discogenic pain: a case series"
SERIES_METHODS = ("METHODS", "Twenty patients received intradiscal stromal cells and were "
                             "followed for 12 months.")


def series_result(vocab, results: str, conclusions: str | None = None) -> str | None:
    sections = [SERIES_METHODS, ("RESULTS", results)]
    if conclusions:
        sections.append(("CONCLUSIONS", conclusions))
    return assess(pub(SERIES, *sections), vocab).result


def test_a_value_at_baseline_then_at_a_time_point_is_a_change(vocab):
    text = ("The mean pain score, 7.1 at baseline, was 3.0 at 6 months and 3.4 at the last "
            "visit (p < 0.001).")
    assert series_result(vocab, text, "The injection appears safe, with a possible benefit."
                         ) == "benefit"
    # the same numbers the other way round: pain rose
    assert series_result(vocab, "The mean pain score, 3.0 at baseline, was 7.1 at 6 months "
                                "(p < 0.001).") == "harm"


def test_good_results_the_authors_advise_against_are_mixed(vocab):
    results = ("Pain and disability improved significantly (P < 0.001); 15 of 40 levels did "
               "not fuse.")
    against = ("The graft gave good clinical results, but nonunion was frequent; we therefore "
               "advise against its use.")
    assert series_result(vocab, results, against) == "mixed"
    assert series_result(vocab, results, "The graft gave good clinical results.") == "benefit"


def test_cells_purified_and_amplified_were_expanded(vocab):
    doc = pub("Marrow stromal cells for chronic cord injury", (
        "METHODS", "The cells were purified, amplified and identified, and a suspension of "
                   "20 million cells was prepared for transplantation."))
    assert assess(doc, vocab).values("processing") == ["culture_expanded"]
