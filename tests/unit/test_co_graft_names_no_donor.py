"""Fusion studies pack cells with a bone graft, and registrations name the pair as one
intervention ("BMAC & Allograft", "cells with autograft"). The graft joined to the cell product
is a second material: whose bone it is says nothing about whose cells are given. Each example
is written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub, registration


def test_cells_and_allograft_chips_named_together_are_not_allogeneic(vocab):
    doc = registration(
        "Marrow concentrate on bone chips for posterolateral fusion",
        interventions=[{"type": "PROCEDURE", "name": "Marrow concentrate & Allograft",
                        "description": "Allograft soaked in bone marrow concentrate prepared "
                                       "from marrow aspirated from the iliac crest at surgery."}],
        brief_summary="Patients having posterolateral lumbar fusion receive bone marrow "
                      "concentrate with allograft; fusion is judged on CT at one year.",
    )
    assert assess(doc, vocab).values("donor") == ["autologous"]


def test_a_cell_product_with_autograft_keeps_its_own_donor(vocab):
    doc = registration(
        "An amnion cell product for lumbar interbody fusion",
        interventions=[{"type": "OTHER", "name": "Amniotic cell product with Autograft",
                        "description": "Allogeneic amniotic membrane with cells from amniotic "
                                       "fluid, packed with local bone."}],
        brief_summary="Does the amniotic cell product help the lumbar spine fuse?",
    )
    assert assess(doc, vocab).values("donor") == ["allogeneic"]


def test_a_cellular_allograft_still_names_donor_cells(vocab):
    doc = pub(
        "A cellular allograft with viable mesenchymal stem cells in lumbar fusion",
        ("", "Forty patients had instrumented fusion with a cellular allograft containing "
             "mesenchymal stem cells; fusion was seen in 90% at one year."),
    )
    assert assess(doc, vocab).values("donor") == ["allogeneic"]


def test_autograft_bone_beside_a_donor_cell_product_is_bone(vocab):
    doc = registration(
        "AmnioFuse in lumbar interbody fusion",
        interventions=[{"type": "OTHER", "name": "AmnioFuse",
                        "description": "An allograft of amniotic membrane with stem cells from "
                                       "amniotic fluid."}],
        brief_summary="Subjects have interbody fusion using the amniotic cell allograft "
                      "together with autograft bone; fusion is read on CT at 12 months.",
    )
    assert "autologous" not in assess(doc, vocab).values("donor")


def test_cells_on_allograft_extenders_are_not_allogeneic(vocab):
    doc = pub("Cell-based grafts versus autologous bone graft for spinal fusion: a systematic "
              "review",
              ("METHODS", "We asked whether mesenchymal stem cells or bone marrow aspirate with "
                          "synthetic or allograft extenders fuse the spine as often as iliac "
                          "crest graft."),
              ("CONCLUSION", "Evidence does not support cells on allograft scaffolds as a "
                             "replacement for autologous bone graft."))
    assert "allogeneic" not in assess(doc, vocab).values("donor")


@pytest.mark.parametrize("laid", ["on", "onto"])
def test_concentrate_laid_on_allograft_is_not_allogeneic(vocab, laid):
    doc = pub("Bone marrow concentrate in posterolateral fusion",
              ("METHODS", f"Forty patients were fused with bone marrow concentrate {laid} "
                          "allograft."))
    assert "allogeneic" not in assess(doc, vocab).values("donor")


def test_a_graft_joined_past_the_products_abbreviation_is_a_second_material(vocab):
    doc = registration(
        "Marrow concentrate with allograft or iliac crest graft in lumbar fusion",
        interventions=[{"type": "PROCEDURE", "name": "Marrow concentrate and chips",
                        "description": "Marrow aspirated from the patient's iliac crest is "
                                       "concentrated at surgery and mixed with bone chips."}],
        brief_summary="In this randomized study, bone marrow aspirate concentrate (BMAC) with "
                      "allograft is compared with iliac crest bone graft in lumbar fusion.",
    )
    assert "allogeneic" not in assess(doc, vocab).values("donor")


@pytest.mark.parametrize("bone", ["allogeneic bone", "allogeneic cancellous bone"])
def test_bone_named_by_its_donor_under_the_cells_is_a_carrier(vocab, bone):
    # the cells' own donor word stays; the one on the bone that carries them says whose bone
    doc = pub(f"Expanded autologous marrow stromal cells on {bone} versus autologous iliac "
              "crest graft in lumbar fusion",
              ("METHODS", "Sixty patients were randomly assigned to either graft."))
    assert assess(doc, vocab).values("donor") == ["autologous"]


def test_the_donor_of_bone_marrow_is_still_the_cells_donor(vocab):
    doc = pub("Allogeneic bone marrow stromal cells in lumbar fusion: a pilot series",
              ("METHODS", "Twelve patients were fused with allogeneic bone marrow stromal "
                          "cells on a ceramic carrier."))
    assert assess(doc, vocab).values("donor") == ["allogeneic"]
