"""An abbreviation the vocabulary knows can be defined otherwise by the authors: "bone
marrow-derived mesenchymal stem cells (BMCs)" are stem cells, where the vocabulary's BMC is a
bone marrow concentrate (held-out set AR, scored on arrival). The authors' definition replaces
the vocabulary's meaning, also inside later definitions built on it. Each example is written
here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def test_the_authors_definition_replaces_the_vocabularys_meaning(vocab):
    doc = pub(
        "Adipose versus marrow cells for lumbar fusion in rats",
        ("", "Bone marrow-derived mesenchymal stem cells (BMCs) and adipose-derived stem cells "
             "(ASCs) were expanded to passage 2. Rats were fused with a ceramic alone, with "
             "rat ASCs (rASC) or with rat BMCs (rBMC); fusion volume was largest with rASC."),
    )
    assert assess(doc, vocab).values("cell_type") == ["msc"]


def test_the_vocabularys_own_definition_keeps_its_meaning(vocab):
    doc = pub(
        "Bone marrow concentrate for discogenic pain",
        ("", "Twenty patients received intradiscal bone marrow concentrate (BMC). The BMC held "
             "a median of 2,000 colony-forming units per mL; pain fell by half at 12 months."),
    )
    assert assess(doc, vocab).values("cell_type") == ["bmac"]


def test_an_undefined_abbreviation_keeps_the_vocabularys_meaning(vocab):
    doc = pub(
        "BMC injections for discogenic pain",
        ("", "Twenty patients received intradiscal BMC; pain fell by half at 12 months."),
    )
    assert assess(doc, vocab).values("cell_type") == ["bmac"]
