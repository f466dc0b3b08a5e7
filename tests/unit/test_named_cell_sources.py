"""Stem cells named by a tissue outside the source list (the nervous system, the olfactory bulb,
the calvaria, the colon's mucosa) come from an ``other`` source; a bare "neural stem cells" names
no tissue. Examples written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def _sources(vocab, sentence: str) -> list[str]:
    doc = pub("Cell grafts after spinal cord injury", ("METHODS", sentence))
    return assess(doc, vocab).values("cell_source")


@pytest.mark.parametrize("sentence", [
    "Spinal cord-derived neural stem cells were grafted into six patients with cord injury.",
    "Eight patients received human central nervous system stem cells into the injured cord.",
    "Olfactory ensheathing cells harvested from the olfactory bulb were grafted into rats.",
    "Calvaria-derived mesenchymal stem cells were placed into a vertebral defect in rats.",
    "We compared MSCs grown from colonic mucosa with marrow MSCs in culture.",
])
def test_a_named_tissue_outside_the_list_is_an_other_source(vocab, sentence):
    assert "other" in _sources(vocab, sentence)


@pytest.mark.parametrize("sentence", [
    "Neural stem cells were grafted into rats with spinal cord injury.",
    "Spinal cord-derived signals rose in rats given bone marrow MSCs.",
])
def test_no_tissue_named_no_other_source(vocab, sentence):
    assert "other" not in _sources(vocab, sentence)


@pytest.mark.parametrize("sentence", [
    "Current approaches use primary cells taken from the intervertebral discs or stem cells from "
    "other sources.",
    "Twelve patients received cells harvested from their own herniated disc at discectomy.",
])
def test_cells_named_by_the_disc_they_were_taken_from_are_disc_cells(vocab, sentence):
    doc = pub("Cell therapy for the painful disc", ("", sentence))
    got = assess(doc, vocab)
    assert "disc_cells" in got.values("cell_type")
    assert "disc" in got.values("cell_source")


def test_disc_cells_taken_for_laboratory_work_are_no_product(vocab):
    # in vitro, cells taken from discs are what the product was tested on, not the product
    doc = pub("Exosomes of marrow stromal cells protect disc cells in vitro", (
        "", "Cells isolated from degenerated human discs were exposed to interleukin-1 beta and "
            "treated with exosomes of bone marrow mesenchymal stem cells."))
    assert "disc_cells" not in assess(doc, vocab).values("cell_type")
