"""Writing patterns of real abstracts (held-out set AO, scored on arrival): research on papers
that counts the species its papers studied, review titles that announce advances and
perspectives, reviews titled on vesicles that name the cells making them, and "concentrated on"
as attention. Each example is written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def test_a_citation_analysis_that_counts_the_species_of_its_papers_is_other(vocab):
    doc = pub(
        "The hundred most cited papers on cell therapy for spinal cord injury",
        ("METHODS", "The Scopus database was searched and the 100 most cited articles were read; "
                    "citations were correlated with the Altmetric score."),
        ("RESULTS", "Citations ranged from 150 to 900. Patients were studied most often (40), "
                    "then rats (35) and rabbits (12)."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.population, a.evidence_level) == ("other", "unknown", None)
    tag = next(t for t in a.tags if t.facet == "design")
    assert "cited" in tag.matched_text.lower()  # explainable: the words that decided it


def test_a_cohort_of_patients_is_no_citation_analysis(vocab):
    doc = pub(
        "Autologous bone marrow cells for chronic spinal cord injury: a cohort study",
        ("METHODS", "Forty patients received intrathecal bone marrow mononuclear cells; 20 "
                    "matched controls did not."),
        ("RESULTS", "Motor scores improved more in treated patients (p=0.02)."),
    )
    assert assess(doc, vocab).design == "cohort"


def test_a_title_of_advances_and_perspectives_is_a_review_not_an_editorial(vocab):
    doc = pub(
        "Olfactory ensheathing cells for spinal cord injury: experimental advances and future "
        "perspectives",
        ("", "Spinal cord injury has no cure. Olfactory ensheathing cells have been transplanted "
             "in rats and in a few patients, and scaffolds have improved graft survival in "
             "models."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level) == ("narrative_review", 5)


def test_a_title_that_is_a_perspective_stays_an_editorial(vocab):
    doc = pub("Perspective: why stem cell clinics should be regulated",
              ("", "Clinics sell stem cell injections without evidence. I argue that regulators "
                   "should act."))
    assert assess(doc, vocab).design == "editorial"


def test_a_review_titled_on_exosomes_reviews_them_not_the_cells_that_make_them(vocab):
    doc = pub(
        "Stem cell exosomes for spinal cord injury in rodents: a systematic review",
        ("METHODS", "PubMed and Embase were searched for rodent studies."),
        ("RESULTS", "Thirty studies were included. Exosomes of three origins were tested: neural "
                    "stem cells, and bone marrow and adipose mesenchymal stem cells. Compared "
                    "with controls, exosomes improved BBB scores."),
    )
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["cell_free"]
    assert a.values("cell_source") == ["adipose", "bone_marrow"]  # where the vesicles came from


def test_a_review_titled_on_cells_and_their_exosomes_reviews_both(vocab):
    doc = pub("Mesenchymal stem cells and their exosomes for disc degeneration: a review",
              ("", "This review discusses MSC transplantation and MSC-derived exosomes for disc "
                   "degeneration."))
    assert assess(doc, vocab).values("cell_type") == ["cell_free", "msc"]


def test_researchers_who_concentrated_on_a_therapy_processed_no_cells(vocab):
    doc = pub(
        "Adipose stem cells for spinal cord injury: a review",
        ("", "Spinal cord injury has no cure, so researchers have concentrated on cell therapy "
             "with mesenchymal stem cells. This review discusses adipose-derived stem cells."),
    )
    assert assess(doc, vocab).values("processing") == []


def test_marrow_concentrated_on_site_is_minimally_manipulated(vocab):
    doc = pub("Marrow cells for disc pain",
              ("METHODS", "Twenty patients received bone marrow cells concentrated on site, "
                          "injected intradiscally."))
    assert assess(doc, vocab).values("processing") == ["minimally_manipulated"]
