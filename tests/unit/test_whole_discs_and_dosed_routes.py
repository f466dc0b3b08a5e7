"""Writing patterns of real abstracts (the twenty-first look, held-out set AE): laboratory work on
whole discs (organ models, specimens) and a route told by its abbreviation beside a dose. Each
example is written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def test_an_organ_model_is_laboratory_work_whatever_species_it_came_from(vocab):
    doc = pub(
        "An injectable gel restores the height of punctured discs in a porcine organ model",
        ("", "We made a light-curing gel to replace the nucleus. It was injected into punctured "
             "lumbar discs of a porcine organ model. Tested in the porcine disc model under "
             "cyclic loading, the gel restored disc height (p < 0.01)."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("in_vitro", "in_vitro")
    # injected into whole discs: the route of a patient's injection, but no clinical outcome
    assert a.values("delivery") == ["intradiscal"]
    assert a.values("outcome") == []


def test_the_same_species_in_a_live_model_stays_an_animal_study(vocab):
    doc = pub(
        "An injectable gel for punctured ovine discs",
        ("", "Ovine discs were kept in organ culture for 14 days. The gel was then injected "
             "into punctured discs of the ovine model in vivo, and disc height was followed "
             "for 12 weeks."),
    )
    a = assess(doc, vocab)
    assert a.population == "animal"


def test_cells_in_a_dish_have_no_route_even_when_the_background_names_one(vocab):
    doc = pub(
        "Conditioned medium of notochordal cells and degenerate nucleus cells",
        ("", "Injecting growth factors into degenerated discs may slow degeneration. Here, "
             "nucleus cells from surgical specimens were kept in alginate culture for 7 days "
             "with or without conditioned medium and their matrix production measured."),
    )
    a = assess(doc, vocab)
    assert a.population == "in_vitro"
    assert a.values("delivery") == []


def test_iv_beside_a_dose_is_the_intravenous_route(vocab):
    doc = pub(
        "Curcumin after contusion of the spinal cord in mice",
        ("METHODS", "Thirty mice were randomly assigned to saline or curcumin (50 mg/kg, IV) "
                    "one hour after a T10 contusion; locomotion was scored weekly."),
    )
    a = assess(doc, vocab)
    assert a.values("delivery") == ["intravenous"]


def test_iv_as_a_grade_is_no_route(vocab):
    doc = pub(
        "Intradiscal mesenchymal stem cells for grade IV disc degeneration",
        ("METHODS", "Twelve patients with Pfirrmann grade IV degeneration received intradiscal "
                    "MSCs; type IV collagen was measured in a lab assay."),
    )
    a = assess(doc, vocab)
    assert a.values("delivery") == ["intradiscal"]


def test_notochordal_cell_conditioned_medium_is_a_cell_free_product_from_the_disc(vocab):
    doc = pub(
        "Notochordal cell conditioned medium and degenerate human nucleus cells",
        ("METHODS", "Nucleus pulposus cells from patients undergoing fusion were kept in alginate "
                    "culture for 10 days in basal medium or in notochordal cell conditioned "
                    "medium."),
        ("RESULTS", "The conditioned medium raised glycosaminoglycan production per cell."),
    )
    a = assess(doc, vocab)
    assert a.population == "in_vitro"
    # the nucleus cells are what the medium acts on, not a product
    assert a.values("cell_type") == ["cell_free"]
    source = next(t for t in a.tags if t.facet == "cell_source")
    assert (source.value, source.matched_text.lower()) == ("disc", "notochordal cell")


def test_vesicles_of_the_target_tissue_are_no_product(vocab):
    doc = pub(
        "Exosomes from degenerate nucleus pulposus cells steer marrow stem cells",
        ("METHODS", "Exosomes derived from NP cells were added to cultured bone marrow MSCs and "
                    "their differentiation was measured."),
    )
    a = assess(doc, vocab)
    assert "cell_free" not in a.values("cell_type")
