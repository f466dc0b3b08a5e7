"""How other studies prepared cells is not how this study prepared its own: "preclinical work
has shown that ASCs expanded ex vivo can be used", in a study of freshly isolated stromal
vascular fraction, tags no processing (held-out set AR, scored on arrival). A background
sentence that presents the study's own product ("MPCs, a culture-expanded population") still
says how it is made. Each example is written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def test_how_others_prepared_other_cells_is_no_processing(vocab):
    doc = pub(
        "Freshly isolated stromal vascular fraction for posterolateral fusion in rats",
        ("BACKGROUND", "Earlier work showed that adipose stem cells expanded ex vivo support "
                       "fusion, but the fraction is easier to translate."),
        ("METHODS", "Stromal vascular fraction was isolated from the fat pads of donor rats and "
                    "implanted with a ceramic in 24 rats."),
        ("RESULTS", "Fusion volume was larger with the fraction (p<0.05)."),
    )
    assert assess(doc, vocab).values("processing") == []


def test_a_background_sentence_presenting_the_studys_product_says_how_it_is_made(vocab):
    doc = pub(
        "Allogeneic mesenchymal precursor cells for discogenic back pain: a randomized trial",
        ("BACKGROUND", "Mesenchymal precursor cells (MPCs), a culture-expanded marrow "
                       "population, can be made in advance from donors."),
        ("METHODS", "Ninety adults were randomized to intradiscal MPCs or saline."),
    )
    assert assess(doc, vocab).values("processing") == ["culture_expanded"]


def test_a_gmp_facility_does_not_culture_a_marrow_concentrate(vocab):
    # the rules a product is made under are no culture step for cells that are never grown
    doc = pub("Autologous bone marrow mononuclear cells for chronic spinal cord injury",
              ("METHODS", "Bone marrow was aspirated from the iliac crest of 20 patients; the "
                          "mononuclear cells were separated by density gradient in a GMP "
                          "facility and injected intrathecally."),
              ("RESULTS", "ASIA scores improved in 6 patients at 12 months."))
    assert "culture_expanded" not in assess(doc, vocab).values("processing")


def test_gmp_expansion_of_stromal_cells_is_culture(vocab):
    doc = pub("Autologous marrow stromal cells for chronic spinal cord injury",
              ("METHODS", "Mesenchymal stromal cells from the iliac crest marrow of 20 patients "
                          "were produced under GMP and injected intrathecally."),
              ("RESULTS", "ASIA scores improved in 6 patients at 12 months."))
    assert "culture_expanded" in assess(doc, vocab).values("processing")
