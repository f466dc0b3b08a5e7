"""Ways real abstracts are written that the tagger got wrong (generalisation round gen10). Every
example was written for this file."""

from __future__ import annotations

import pytest

from db.evidence_files import load_vocabulary
from evidence.assess import assess
from tests.unit.evidence_docs import pub

RCT = ["Journal Article", "Randomized Controlled Trial"]


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


# ---- result: equivalence, non-inferiority, dose arms, "safe and useful" --------------------------
def test_non_inferior_with_fewer_complications_is_no_difference(vocab):
    doc = pub(
        "Intradiscal marrow concentrate or open discectomy for contained herniation",
        ("METHODS", "Seventy adults with a contained lumbar disc herniation were randomized to "
                    "intradiscal bone marrow concentrate or open discectomy."),
        ("RESULTS", "Leg pain at one year was 2.1 and 2.4 points (P = 0.38)."),
        ("CONCLUSIONS", "Marrow concentrate was non-inferior to discectomy and caused fewer "
                        "complications."),
        publication_types=RCT)
    assert assess(doc, vocab).result == "no_difference"


def test_not_inferior_is_no_difference(vocab):
    doc = pub(
        "Adipose stromal cells against radiofrequency denervation for facet pain",
        ("METHODS", "Forty-four patients were randomly allocated to facet injection of adipose "
                    "stromal cells or radiofrequency denervation."),
        ("RESULTS", "Cell injection was not inferior to denervation for pain at six months."),
        publication_types=RCT)
    assert assess(doc, vocab).result == "no_difference"


def test_equally_effective_is_no_difference(vocab):
    doc = pub(
        "Marrow stem cells versus exercise in lumbar disc degeneration",
        ("METHODS", "Total 36 patients were randomised in two groups, stem cell or exercise."),
        ("CONCLUSION", "Stem cell injection is equally effective as exercise programme."),
        publication_types=RCT)
    assert assess(doc, vocab).result == "no_difference"


def test_every_dose_improving_compares_nothing(vocab):
    doc = pub(
        "Two doses of allogeneic stromal cells for discogenic pain",
        ("METHODS", "Thirty-two patients were randomized to 15 or 60 million cells."),
        ("RESULTS", "Both doses reduced pain; the higher dose was not superior (P = 0.61)."),
        publication_types=RCT)
    assert assess(doc, vocab).result == "no_difference"


def test_safe_and_useful_after_an_improvement_is_a_benefit(vocab):
    doc = pub(
        "Autologous marrow stromal cells injected into painful cervical discs",
        ("METHODS", "Nine patients with discogenic neck pain received intradiscal autologous "
                    "marrow stromal cells."),
        ("RESULTS", "Neck pain fell from 6.2 to 2.9 and no complication occurred."),
        ("CONCLUSION", "This treatment is safe and useful for discogenic neck pain."))
    assert assess(doc, vocab).result == "benefit"
