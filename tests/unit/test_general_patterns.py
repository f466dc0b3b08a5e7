"""Writing patterns of real abstracts that fooled the tagger (each example written here)."""

from __future__ import annotations

import pytest

from db.evidence_files import load_vocabulary
from evidence.assess import assess
from tests.unit.evidence_docs import pub


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def test_scaffolds_a_review_surveys_are_no_route(vocab):
    doc = pub(
        "Regenerating the nucleus pulposus: a narrative review",
        ("", "In this review we discuss cell therapy for disc degeneration. Mesenchymal stem "
             "cells, growth factors and biomaterial scaffolds are being explored to restore the "
             "degenerated disc."),
    )
    a = assess(doc, vocab)
    assert a.design == "narrative_review"
    assert "surgical_implant" not in a.values("delivery")


def test_a_fusion_review_keeps_the_fusion_bed_route(vocab):
    doc = pub(
        "Mesenchymal stem cells in spinal fusion: a review",
        ("", "This review covers MSCs used with osteoconductive scaffolds to augment spinal "
             "fusion."),
    )
    a = assess(doc, vocab)
    assert a.values("delivery") == ["surgical_implant"]
