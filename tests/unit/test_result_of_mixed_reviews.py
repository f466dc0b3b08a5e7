"""A systematic review of patients and animals at once (population "unknown") still finds
something about patients: domain.md gives a result to every systematic review of human studies.
What its animal studies showed is no part of it (held-out sets X and AH, scored on arrival).
Each example is written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def test_a_review_of_animals_and_patients_reads_what_the_patients_showed(vocab):
    doc = pub(
        "Cellular bone allografts in spinal fusion: a systematic review of animal and clinical "
        "studies",
        ("METHODS", "PubMed and Embase were searched for studies in animals and in patients."),
        ("RESULTS", "Six animal studies showed fusion rates higher than with autograft. Nine "
                    "clinical studies in patients found the grafts safe but gave no conclusive "
                    "evidence that they are effective."),
        ("CONCLUSIONS", "Unbiased clinical studies are needed."),
    )
    a = assess(doc, vocab)
    assert a.population == "unknown"
    assert a.result == "no_difference"  # not "mixed": the better fusion was in animals
    tag = next(t for t in a.tags if t.facet == "result")
    assert "clinical studies in patients" in tag.matched_text.lower()


def test_a_sentence_on_animals_and_patients_is_read_for_the_patients(vocab):
    doc = pub(
        "Stem cells for spinal cord injury in patients and in rodents: a meta-analysis",
        ("RESULTS", "Twelve rat studies and eight studies of patients were pooled. In patients, "
                    "the cells did not improve motor scores; in rats, locomotor scores improved "
                    "significantly."),
    )
    a = assess(doc, vocab)
    assert a.population == "unknown" and a.result == "no_difference"


def test_a_review_of_animal_studies_only_has_no_result(vocab):
    doc = pub(
        "Mesenchymal stem cells in rat models of disc degeneration: a systematic review",
        ("METHODS", "Twenty rat and rabbit studies were included."),
        ("RESULTS", "Disc height was significantly better preserved in treated animals."),
    )
    a = assess(doc, vocab)
    assert a.population == "animal" and a.result is None


def test_evidence_for_a_benefit_judged_low_quality_is_no_plain_benefit(vocab):
    doc = pub(
        "Cell therapy for discogenic back pain: an overview of systematic reviews",
        ("METHODS", "Systematic reviews of cell injections into the disc were searched for and "
                    "rated with AMSTAR 2."),
        ("RESULTS", "Most reviews reported less pain after the injections; two of the three "
                    "randomized trials they covered found no difference from control."),
        ("CONCLUSIONS", "The evidence that cell injections relieve discogenic pain remains of low "
                        "quality."),
    )
    assert assess(doc, vocab).result == "mixed"


def test_a_null_finding_and_so_was_another_measure_is_no_difference(vocab):
    doc = pub("Epidural biologic or steroid for radiculopathy: a meta-analysis",
              ("", "This meta-analysis examined how effective and safe the biologic is compared "
                   "with steroid. PubMed and Embase were searched; six trials with 320 patients "
                   "were pooled. Pain relief was comparable (WMD -0.1, p = 0.64), and so was "
                   "functional improvement (WMD 0.7, p = 0.52)."))
    assert assess(doc, vocab).result == "no_difference"


@pytest.mark.parametrize("conclusion", [
    "The overall quality (strength) of the evidence on how effective the aspirate is was very "
    "low.",
    "The data at hand do not allow firm conclusions about the effectiveness of the aspirate.",
])
def test_a_review_whose_gains_rest_on_evidence_too_weak_is_mixed(vocab, conclusion):
    doc = pub("Marrow aspirate in cervical fusion: a systematic review",
              ("METHODS", "MEDLINE and Embase were searched; nine studies were included."),
              ("RESULTS", "In the case series, authors described better function and less "
                          "pain."),
              ("CONCLUSIONS", conclusion))
    assert assess(doc, vocab).result == "mixed"


def test_what_a_review_s_opening_leaves_open_is_its_motivation(vocab):
    doc = pub("Marrow concentrate injected into the disc for discogenic pain: a systematic "
              "review",
              ("", "Discogenic pain is common and hard to treat. Biologics have lately been "
                   "tried for it, and the place of marrow concentrate is still unclear. This "
                   "systematic review aimed to appraise the evidence that intradiscal marrow "
                   "concentrate relieves discogenic pain. In all, 12 studies entered the "
                   "synthesis. Overall, pain improved from baseline after intradiscal marrow "
                   "concentrate, whether autologous or allogeneic."),
              publication_types=["Systematic Review"])
    assert assess(doc, vocab).result == "benefit"


def test_whether_said_of_either_kind_asks_nothing(vocab):
    doc = pub("Marrow concentrate injected into the disc for discogenic pain: a systematic "
              "review",
              ("METHODS", "We searched PubMed and Embase for clinical studies."),
              ("RESULTS", "Overall, pain improved from baseline after intradiscal cells, "
                          "whether autologous or allogeneic."),
              publication_types=["Systematic Review"])
    assert assess(doc, vocab).result == "benefit"
