"""Point-of-care cell studies often never write "autologous": they describe harvesting the
patients' own marrow or fat ("a small liposuction, then an injection of the cells") (held-out
sets AN and AP, scored on arrival). A harvest in a study's own methods makes the cells the
patients' own; a harvest from donors does not. Each example is written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def _donor(a) -> dict[str, str]:
    return {t.value: t.matched_text for t in a.tags if t.facet == "donor"}


def test_a_liposuction_before_the_injection_makes_the_cells_autologous(vocab):
    doc = pub(
        "Adipose-derived regenerative cells for facet joint osteoarthritis: a randomized trial",
        ("METHODS", "Twenty patients had a small liposuction and then an ultrasound-guided "
                    "injection of adipose-derived regenerative cells into the facet joint; twenty "
                    "received corticosteroid."),
        ("RESULTS", "Pain fell more after the cells at six months (p=0.02)."),
    )
    donor = _donor(assess(doc, vocab))
    assert set(donor) == {"autologous"}
    assert "liposuction" in donor["autologous"]  # explainable: the harvest that implied it


def test_marrow_drawn_from_the_iliac_crest_for_a_graft_is_the_patients_own(vocab):
    doc = pub(
        "Tissue-engineered bone from marrow stromal cells for lumbar fusion",
        ("", "In ten patients, 15 mL of marrow fluid was drawn from the iliac crest; the marrow "
             "stromal cells were cultured, seeded on a ceramic block and implanted at fusion. "
             "Fusion was seen in nine of ten at six months."),
    )
    assert set(_donor(assess(doc, vocab))) == {"autologous"}


def test_marrow_harvested_from_healthy_donors_is_not_autologous(vocab):
    doc = pub(
        "Mesenchymal stromal cells for chronic discogenic pain: a single-arm trial",
        ("METHODS", "Bone marrow was aspirated from three healthy donors and mesenchymal stromal "
                    "cells were expanded; fifteen patients received an intradiscal injection."),
        ("RESULTS", "Pain improved by 40% at twelve months."),
    )
    assert "autologous" not in _donor(assess(doc, vocab))


def test_a_review_that_describes_harvesting_names_no_donor(vocab):
    doc = pub(
        "Bone marrow concentrate for low back pain: a narrative review",
        ("", "Bone marrow aspiration from the iliac crest is simple, and the concentrate is "
             "injected into the disc. We review the clinical reports."),
    )
    assert _donor(assess(doc, vocab)) == {}


def test_marrow_isolated_from_the_iliac_ala_is_the_patients_own(vocab):
    # (found trying the tagger on a published paediatric spinal cord injury series)
    doc = pub(
        "Bone marrow nucleated cells for complete spinal cord injury in children",
        ("", "Bone marrow was isolated from the iliac ala and the nucleated cells were given "
             "intravenously to six children; two improved."),
    )
    assert set(_donor(assess(doc, vocab))) == {"autologous"}
