""""Experimental" names animal work in reviews of the field ("experimental as well as clinical
studies", "the repair of experimental SCI"): a review whose scope reaches it is not a review of
patients only (held-out set AM, scored on arrival). Each example is written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def test_experimental_as_well_as_clinical_studies_is_a_mixed_scope(vocab):
    doc = pub(
        "Olfactory cells for spinal cord injury: a review",
        ("", "Olfactory ensheathing cells have been transplanted after spinal cord injury, and "
             "experimental as well as clinical studies have reported partial recovery. We "
             "review what is known."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("narrative_review", "unknown")


def test_a_review_of_clinical_studies_alone_stays_human(vocab):
    doc = pub(
        "Olfactory cells for spinal cord injury: a review",
        ("", "Olfactory ensheathing cells have been transplanted after spinal cord injury, and "
             "clinical studies have reported partial recovery. We review what is known."),
    )
    assert assess(doc, vocab).population == "human"


def test_clinical_studies_a_review_of_animal_work_means_to_guide_are_no_scope(vocab):
    doc = pub(
        "Stem cells for spinal cord injury in animal models: a systematic review and "
        "meta-analysis",
        ("OBJECTIVE", "We pooled animal studies of stem cells for spinal cord injury to guide "
                      "later animal experiments and clinical studies."),
        ("RESULTS", "Ninety studies in rats were analysed; locomotor scores improved with "
                    "every cell type."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.population, a.evidence_level) == ("systematic_review", "animal", 5)
