"""Participants put into groups by the investigators, not at random, are a non-randomized
controlled trial (level 3); groups formed by what patients already had are a cohort. Examples
written for these tests."""
from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def assessed(vocab, methods: str, results: str,
             title: str = "Stromal cells for the painful lumbar disc"):
    return assess(pub(title, ("METHODS", methods), ("RESULTS", results)), vocab)


@pytest.mark.parametrize("methods", [
    "Forty patients with lumbar disc degeneration were collected and divided into two groups: a "
    "cell group (n = 22) given intradiscal bone marrow stromal cells and a control group (n = 18) "
    "treated with physiotherapy alone.",
    "Forty patients with lumbar disc degeneration were divided among three treatment groups: "
    "stromal cells (group A), steroid (group B) or both (group C), each injected into the disc.",
    "Twelve patients with lumbar fusion were selectively allocated to two groups; six received "
    "marrow stromal cells on the graft and six received the graft alone.",
])
def test_participants_put_into_groups_are_a_non_randomized_trial(vocab, methods):
    a = assessed(vocab, methods, "Pain scores fell more in the cell group than in the other "
                                 "group (P < 0.05).")
    assert a.design == "non_randomized_controlled"
    assert a.evidence_level == 3


@pytest.mark.parametrize("methods", [
    # grouped by what the patients had already had: a cohort
    "We reviewed 30 patients after lumbar fusion. They were divided into two groups by marrow "
    "aspirate use: 16 had it added to the graft (group I) and 14 did not (group II).",
    # allocated, but at random
    "Forty patients were divided into two groups by a random number table: a cell group and a "
    "control group given saline.",
])
def test_groups_by_history_or_by_chance_are_not_that_trial(vocab, methods):
    design = assessed(vocab, methods,
                      "Pain scores fell more in group I than in group II (P < 0.05).").design
    assert design in ("cohort", "rct")
    assert design != "non_randomized_controlled"


def test_a_retrospective_study_that_divided_its_patients_allocated_nothing(vocab):
    assert assessed(vocab, "Thirty patients were split into 2 groups: group I (n = 16) had "
                           "marrow aspirate added to the graft and group II (n = 14) had the "
                           "graft alone.",
                    "Fusion rates did not differ between the groups.",
                    title="Marrow aspirate in lumbar fusion: a retrospective study"
                    ).design == "cohort"


def test_an_observational_study_that_split_its_patients_allocated_nothing(vocab):
    assert assessed(vocab, "In this prospective comparative observational study, 200 patients "
                           "were split into two equal groups: group A (n = 100) received "
                           "transforaminal and group B (n = 100) interlaminar injections.",
                    "Pain fell more in group A than in group B (P < 0.001).",
                    title="Transforaminal or interlaminar steroid injection for "
                          "radiculopathy").design == "cohort"
