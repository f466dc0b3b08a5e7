"""How cord-injury and translated clinical records are written: "T2" beside other spinal levels
is a vertebra, not a T2-weighted image; cells that "came from each patient's own bone marrow"
name the people who received them, not only a tissue source; a registration whose group model
lies over the one arm it lists has no group to compare with. Each example is written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub, registration


def test_t2_beside_other_levels_is_a_vertebra(vocab):
    doc = pub("Neural stem cells for chronic thoracic cord injury: a phase I series",
              ("", "Four subjects with injuries between T2 and T12 received grafts of neural "
                   "stem cells. Motor scores improved by one level in two of them."))
    assert "imaging" not in assess(doc, vocab).values("outcome")
    imaged = pub("Marrow cells for disc degeneration: a series",
                 ("", "Twelve patients received marrow cells into the L4-L5 disc. T2 signal "
                      "intensity of the disc rose at 12 months."))
    assert "imaging" in assess(imaged, vocab).values("outcome")


def test_cells_from_each_patients_own_marrow_name_the_patients_treated(vocab):
    doc = pub("Transplanting the patient's own marrow stem cells into the disc",
              ("INTRODUCTION", "Nine patients with degeneration of one disc had a stem cell "
                               "transplant."),
              ("METHODS", "The cells came from each patient's own bone marrow and were "
                          "implanted into the selected discs. Results were assessed after one "
                          "year."),
              ("RESULTS", "No adverse event occurred and disability scores fell."))
    a = assess(doc, vocab)
    assert (a.design, a.population, a.evidence_level) == ("case_series", "human", 4)


def test_a_group_model_over_one_listed_arm_is_a_single_group(vocab):
    doc = registration(
        "Neural stem cells for cervical cord injury", intervention_model="PARALLEL",
        allocation=None, arm_groups=[{"label": "Cells", "type": "EXPERIMENTAL",
                                      "interventions": ["Biological: neural stem cells"]}],
        brief_summary="Neural stem cells are transplanted into the cervical cord.")
    assert assess(doc, vocab).design == "case_series"
    doc["registry"]["arm_groups"].append({"label": "Rehabilitation", "type": "OTHER",
                                          "interventions": ["Other: rehabilitation"]})
    assert assess(doc, vocab).design == "non_randomized_controlled"
