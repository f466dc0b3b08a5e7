"""Disc cells as the disease a review is about, and a case report of harm whose conclusion asks
for safety (each example written here)."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def test_a_review_of_disc_cell_senescence_names_no_disc_cell_product(vocab):
    doc = pub(
        "Senescence of nucleus pulposus cells in disc degeneration",
        ("", "Disc degeneration is a leading cause of low back pain. The senescence of NP cells "
             "drives it: NP cells degenerate under oxidative stress, and how far degeneration "
             "goes follows how senescent the NP cells are. This review discusses the pathways "
             "of senescence and drugs that target them."),
        publication_types=["Journal Article", "Review"],
    )
    a = assess(doc, vocab)
    assert a.design == "narrative_review"
    assert "disc_cells" not in a.values("cell_type")


def test_disc_cells_given_in_a_study_that_also_tells_their_loss_stay(vocab):
    doc = pub(
        "Allogeneic disc progenitor cells for discogenic back pain",
        ("BACKGROUND", "Degeneration begins with the loss of NP cells."),
        ("METHODS", "Sixty patients were injected with allogeneic NP cells or saline into the "
                    "painful disc."),
        publication_types=["Journal Article", "Randomized Controlled Trial"],
    )
    assert "disc_cells" in assess(doc, vocab).values("cell_type")


def test_a_case_report_of_a_reaction_to_cells_is_harm_though_it_asks_for_safety(vocab):
    doc = pub(
        "Polyarthritis after an umbilical cord stem cell injection for back pain",
        ("", "Clinics sell cord-derived stem cell injections for back pain. We report a man "
             "aged 41 years who received an umbilical cord stem cell injection for low back "
             "pain and developed fevers, chills and polyarthritis within a day. Cultures were "
             "negative. Physicians should be careful with such injections until more study can "
             "make sure that patients are safe."),
    )
    a = assess(doc, vocab)
    assert a.design == "case_report"
    assert a.result == "harm"
    assert "adverse_events" in a.values("outcome")


def test_a_review_of_genes_for_degenerated_disc_cells_names_no_disc_cell_product(vocab):
    doc = pub(
        "Gene therapy for the degenerating disc",
        ("", "Transfer of growth factor genes to degenerated disc cells is reviewed for work in "
             "vitro and in animal models, and the vectors that carry them are compared."),
        publication_types=["Journal Article", "Review"],
    )
    assert "disc_cells" not in assess(doc, vocab).values("cell_type")


def test_the_discs_senescent_cells_beside_given_stromal_cells_are_no_product(vocab):
    doc = pub(
        "The disc's microenvironment and stromal cell therapy",
        ("", "Transplanted mesenchymal stem cells and the senescent disc cells both meet the "
             "acid, hypoxic milieu of the degenerating disc. This review discusses how to "
             "help them survive."),
        publication_types=["Journal Article", "Review"],
    )
    assert assess(doc, vocab).values("cell_type") == ["msc"]


def test_schwann_cells_come_from_another_tissue(vocab):
    doc = pub("Schwann cells with marrow stromal cells in spinal cord injury",
              ("METHODS", "Twelve patients received autologous Schwann cells together with bone "
                          "marrow stromal cells into the injured cord."))
    assert assess(doc, vocab).values("cell_source") == ["bone_marrow", "other"]


def test_the_discs_own_progenitors_as_a_repair_strategy_stay_disc_cells(vocab):
    doc = pub(
        "Endogenous repair of the intervertebral disc",
        ("", "Endogenous disc progenitor cells and notochordal cells may be mobilised to repair "
             "the degenerated disc. This review discusses their potential."),
        publication_types=["Journal Article", "Review"],
    )
    assert "disc_cells" in assess(doc, vocab).values("cell_type")
