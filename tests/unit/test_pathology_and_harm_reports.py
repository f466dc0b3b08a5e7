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
