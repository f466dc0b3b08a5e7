"""Product descriptions say how a graft or a cell product is meant to work: it "recruits the
patient's own cells" or "attracts the host's own stem cells" to the site. Those are the body's
cells that the product draws in, not the cells it holds: the donor of the product is whoever
gave its cells. Each example is written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub, registration


def test_cells_a_donor_graft_recruits_are_not_its_donor(vocab):
    doc = registration(
        "A cellular bone matrix in anterior cervical fusion",
        interventions=[{"type": "BIOLOGICAL", "name": "Cellular bone matrix",
                        "description": "Allograft cellular bone matrix with viable stem cells "
                                       "placed in the cage at surgery."}],
        detailed_description="Once implanted, the stem cells release growth factors that "
                             "recruit the patient's own cells to the fusion site.",
    )
    assert assess(doc, vocab).values("donor") == ["allogeneic"]


def test_attracting_the_body_s_own_cells_names_no_donor(vocab):
    doc = pub(
        "Umbilical cord stem cells for discogenic pain: a case series",
        ("METHODS", "Twelve patients received intradiscal umbilical cord mesenchymal stem cells "
                    "from donated cords; the cells are thought to act by attracting the "
                    "patients' own cells to the disc."),
        ("RESULTS", "Pain fell from 7 to 3 at six months."),
    )
    assert assess(doc, vocab).values("donor") == ["allogeneic"]


def test_cells_taken_from_the_patient_stay_autologous(vocab):
    doc = pub(
        "Marrow concentrate injected into degenerated discs",
        ("METHODS", "Bone marrow concentrate was prepared from the patient's own iliac crest "
                    "marrow and injected into the disc; it is meant to stimulate disc cells."),
    )
    assert assess(doc, vocab).values("donor") == ["autologous"]
