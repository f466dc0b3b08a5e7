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


def test_cells_derived_from_nervous_tissue_have_an_other_source(vocab):
    doc = pub("Neural stem cell grafts for chronic cord injury: five-year results",
              ("", "Neural stem cells derived from human spinal cord were grafted into four "
                   "subjects with chronic thoracic spinal cord injury."))
    assert assess(doc, vocab).values("cell_source") == ["other"]
    # the cord the cells were put into is no source
    marrow = pub("Marrow stromal cells for chronic cord injury",
                 ("", "Stromal cells derived from each patient's bone marrow were injected "
                      "into the spinal cord of ten subjects."))
    assert assess(marrow, vocab).values("cell_source") == ["bone_marrow"]


def test_a_cargo_delivered_by_vesicles_implies_no_route(vocab):
    doc = pub("Marrow stromal cell vesicles carry a microRNA that slows disc degeneration",
              ("", "A mouse model of disc degeneration was established and treated with "
                   "vesicles from marrow stromal cells. Thus miR-21 delivered by the vesicles "
                   "protects nucleus pulposus cells."))
    assert assess(doc, vocab).values("delivery") == []
    injected = pub("Marrow stromal cell vesicles in a mouse disc model",
                   ("", "Vesicles from marrow stromal cells were delivered by injection into "
                        "punctured mouse discs."))
    assert assess(injected, vocab).values("delivery") == ["intradiscal"]


def test_pain_as_a_sensory_modality_of_the_examination_is_no_pain_outcome(vocab):
    doc = pub("Olfactory ensheathing cells for chronic cord injury: 43 patients",
              ("", "Forty-three patients received olfactory ensheathing cells. ASIA scores for "
                   "motor function, pain and light touch improved significantly after "
                   "transplantation."))
    assert assess(doc, vocab).values("outcome") == ["function"]


def test_a_coded_product_made_from_harvested_marrow_is_a_cell_product(vocab):
    doc = registration(
        "A single dose of ABC-200 for chronic lumbar disc disease",
        interventions=[{"type": "BIOLOGICAL", "name": "ABC-200"},
                       {"type": "OTHER", "name": "Saline"}],
        detailed_description="Participants randomized to active treatment have bone marrow "
                             "harvested, which is processed into ABC-200 for intradiscal "
                             "injection.")
    a = assess(doc, vocab)
    assert (a.values("cell_type"), a.values("cell_source")) == (
        ["other_stem_cells"], ["bone_marrow"])
