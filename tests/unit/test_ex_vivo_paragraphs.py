"""An abstract in two unlabelled paragraphs opens with its introduction once: the second
paragraph ("Bovine discs were kept in culture ...") continues the study the first announced
(held-out set AR, scored on arrival). Nasal chondrocytes come from the nose, a source of their
own, and "into the NP" is into the nucleus pulposus. Each example is written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def test_a_second_unlabelled_paragraph_continues_the_study(vocab):
    doc = pub(
        "An ex vivo disc model to test injected cell grafts",
        ("", "Cell therapies for disc degeneration are not yet in clinical use. We describe an "
             "ex vivo model of degeneration."),
        ("", "Bovine discs were kept in ex vivo culture for 14 days. Spheroids of human nasal "
             "chondrocytes were injected into the NP."),
    )
    a = assess(doc, vocab)
    assert a.population == "in_vitro"
    assert a.values("cell_type") == ["chondrocytes"]
    assert a.values("cell_source") == ["other"]  # the nose
    assert a.values("delivery") == ["intradiscal"]  # a whole disc in culture, into its NP


def test_an_introduction_in_a_first_paragraph_stays_background(vocab):
    doc = pub(
        "Nasal chondrocyte spheroids in a bovine disc culture",
        ("", "Steroid injections into the disc are widely used for discogenic pain. Their "
             "effect is short."),
        ("", "We kept bovine discs in ex vivo culture and injected nasal chondrocyte spheroids "
             "into the NP."),
    )
    scan_a = assess(doc, vocab)
    # (the steroid sentence stays background: the route tag comes from the study's own
    # injection, in the second paragraph)
    route = next(t for t in scan_a.tags if t.facet == "delivery")
    assert route.matched_text == "into the NP"
