"""How laboratory and animal work is written: the disc's own stem cells named by abbreviation,
carriers injected into discs, discs made in the laboratory, the model's own making, molecules
named after a symptom, places without a route slug, images of motion, and what a registry uses
imaging for. Examples written for these tests (none copied or paraphrased from a corpus)."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub, registration


def test_stem_cells_derived_from_the_np_are_the_discs_own(vocab):
    doc = pub("Nucleus pulposus stem cells in a gel for disc degeneration in rabbits",
              ("", "We isolated mesenchymal stem cells derived from the NP of rabbits, "
                   "loaded them in a gel and injected them into punctured discs of 18 "
                   "rabbits."))
    assert assess(doc, vocab).values("cell_type") == ["disc_cells"]


def test_a_carrier_seeded_with_cells_and_injected_into_discs_is_no_implant(vocab):
    doc = pub("A gel with marrow stromal cells for disc degeneration in sheep",
              ("", "Degeneration was induced in lumbar discs of 12 sheep. Eight weeks later "
                   "the discs were injected with the gel alone or with the gel seeded with "
                   "allogeneic marrow stromal cells."))
    assert assess(doc, vocab).values("delivery") == ["intradiscal"]


@pytest.mark.parametrize("made", [
    "Annulus cells were seeded into a collagen gel and nucleus pulposus cells into an alginate "
    "gel, and both were shaped into one disc unit.",
    "Marrow stromal cells were made to differentiate into nucleus pulposus-like cells.",
])
def test_a_disc_made_in_the_laboratory_is_no_route_into_a_disc(vocab, made):
    doc = pub("Engineered discs from disc cells", ("", made))
    assert "intradiscal" not in assess(doc, vocab).values("delivery")


def test_cells_listed_beside_their_vesicles_are_given_too(vocab):
    doc = pub("Vesicles from cord stromal cells in rat disc degeneration",
              ("METHODS", "Tail discs of 24 rats were punctured, and we implanted cord "
                          "mesenchymal stem cells or their extracellular vesicles into the "
                          "discs."))
    assert assess(doc, vocab).values("cell_type") == ["cell_free", "msc"]
    made = pub("Vesicles from cord stromal cells in rat disc degeneration",
               ("METHODS", "Tail discs of 24 rats were punctured, and extracellular vesicles "
                           "from cord mesenchymal stem cells were implanted into the discs."))
    assert assess(made, vocab).values("cell_type") == ["cell_free"]


def test_guidance_that_made_an_animal_model_guided_no_product(vocab):
    doc = pub("Stromal cells for disc degeneration in rats",
              ("METHODS", "Degeneration was induced by puncturing tail discs of 30 rats under "
                          "fluoroscopic guidance. Four weeks later stromal cells were injected "
                          "into the discs."))
    assert assess(doc, vocab).values("guidance") == []
    guided = pub("Stromal cells for disc degeneration in sheep",
                 ("METHODS", "Degeneration was induced in lumbar discs of 12 sheep. Stromal "
                             "cells were then injected into the discs under fluoroscopic "
                             "guidance."))
    assert assess(guided, vocab).values("guidance") == ["fluoroscopy"]


def test_pain_marker_genes_are_no_pain_outcome(vocab):
    doc = pub("Stromal cells in rat disc degeneration",
              ("METHODS", "We measured pain marker genes and pain-related genes by qPCR in "
                          "the discs of 20 rats given stromal cells."))
    assert "pain" not in assess(doc, vocab).values("outcome")


def test_cells_put_under_the_skin_imply_no_route_into_the_disc(vocab):
    doc = pub("Adipose stromal cells toward a nucleus pulposus phenotype",
              ("", "Human adipose stromal cells were differentiated in vitro and their survival "
                   "after transplantation under the skin of nude mice was examined, aiming at "
                   "a treatment for degenerative disc disease."))
    assert assess(doc, vocab).values("delivery") == []


def test_images_of_motion_are_imaging_not_function(vocab):
    doc = pub("Precursor cells in cervical fusion in goats",
              ("", "Twenty goats had cervical fusion with a cage holding precursor cells. "
                   "Functional radiographs at 3 months showed less motion with cells."))
    outcomes = assess(doc, vocab).values("outcome")
    assert "imaging" in outcomes and "function" not in outcomes


def test_arachnoiditis_is_a_spine_condition(vocab):
    doc = pub("Arachnoiditis after intrathecal stem cells: a case report",
              ("", "A 60-year-old man developed adhesive arachnoiditis after intrathecal stem "
                   "cell injections abroad."),
              publication_types=["Case Reports"])
    assert assess(doc, vocab).values("condition") == ["other_spine"]


def test_imaging_that_selects_participants_in_a_registration_is_no_outcome(vocab):
    doc = registration(
        "Marrow concentrate into the disc for discogenic back pain",
        detailed_description="Up to 30 adults will be enrolled; MRI must confirm degeneration "
                             "of one lumbar disc. The discs suspected of causing pain, chosen "
                             "from discography or imaging, receive marrow concentrate.",
        primary_outcomes=[{"measure": "Change in back pain (VAS)", "time_frame": "12 months",
                           "description": ""}])
    assert assess(doc, vocab).values("outcome") == ["pain"]


def test_discs_of_rats_in_a_title_called_in_vitro_are_tissue(vocab):
    # the species after "of" names where the discs came from, as "rat discs" does
    doc = pub("Marrow cells laid into intervertebral discs of rats: in vitro study",
              ("", "Marrow mononuclear cells from rats were labelled and implanted into "
                   "explants of rat discs kept in culture; they took the shape of annulus "
                   "cells."))
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("in_vitro", "in_vitro")
