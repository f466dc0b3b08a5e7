"""How case reports are written: the case's own account (labelled CASE or CASE PRESENTATION,
which NLM files under METHODS) tells what came of the patient; the condition a treatment was
given for stays the studied one in the sentence that tells what the treatment then caused; and a
hyphened modifier ("slow-growing organisms") tells no change. Each example is written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def _case(title: str, case: str, conclusion: str, category: str = "METHODS") -> dict:
    doc = pub(title, ("CASE", case), ("CONCLUSIONS", conclusion),
              publication_types=["Case Reports"])
    doc["abstract_sections"][0]["category"] = category  # as NLM files a case's account
    return doc


COMPLICATION = ("A 45-year-old woman developed spondylodiscitis of the lumbar spine after an "
                "injection of stem cells as treatment for degenerative disc disease. Six weeks "
                "of antibiotics treated her successfully.")
ADVICE = ("When patients present with a spinal infection of insidious onset after such "
          "injections, slow-growing organisms need to be considered.")


def test_a_complication_told_in_the_case_account_is_the_reports_finding(vocab):
    a = assess(_case("Spondylodiscitis after a spinal stem cell injection", COMPLICATION,
                     ADVICE), vocab)
    assert a.design == "case_report" and a.result == "harm"


def test_the_case_account_is_read_as_results_whatever_its_category(vocab):
    recovered = ("A 60-year-old man with degenerative disc disease received marrow concentrate "
                 "into the L4-5 disc. His pain fell from 8 to 2 and he returned to work.")
    for category in ("METHODS", "RESULTS", ""):
        a = assess(_case("Marrow concentrate for discogenic pain: a case report", recovered,
                         "The injection helped this patient.", category), vocab)
        assert a.result == "benefit", category


def test_the_condition_treated_stays_the_studied_one_beside_the_complication(vocab):
    a = assess(_case("Spondylodiscitis after a spinal stem cell injection", COMPLICATION,
                     ADVICE), vocab)
    assert a.values("condition") == ["disc_degeneration", "other_spine"]
    # without the words that give the indication, the disease in the complication's clause is
    # an event, not the population
    event = pub("Umbilical cord cells for chronic back pain: a series",
                ("METHODS", "Twenty adults with chronic low back pain received cord cells."),
                ("RESULTS", "One patient developed a disc herniation at an adjacent level."))
    assert "disc_herniation" not in assess(event, vocab).values("condition")


def test_a_hyphened_modifier_is_no_change(vocab):
    """'slow-growing' names a kind of organism: it does not say a harm fell (which would read
    the advice as a safety finding)."""
    a = assess(_case("A stem cell injection for discogenic pain: a case report",
                     "A 45-year-old woman received stem cells into a disc for discogenic pain.",
                     ADVICE, category="RESULTS"), vocab)
    assert a.result != "safety_only"


def test_a_fatal_complication_is_harm_however_rare(vocab):
    doc = _case("Oxygen-ozone injections for a herniated disc: a case report",
                "A 60-year-old woman received paravertebral oxygen-ozone injections for a "
                "herniated lumbar disc; computed tomography and a blood culture showed pyogenic "
                "involvement of the lumbar muscles.",
                "We report a fatal and rare complication of ozone therapy for disc herniation.",
                category="RESULTS")
    assert assess(doc, vocab).result == "harm"


def test_a_man_of_so_many_years_is_an_age_not_a_follow_up(vocab):
    doc = _case("Marrow stromal cells for chronic paraplegia: a case report",
                "A man of 25 years with a complete thoracic cord injury had been paraplegic for "
                "5 years. Autologous marrow stromal cells were transplanted. At the 12-month "
                "follow-up his Barthel index had improved.",
                "The transplantation may be safe and improved his independence.")
    assert assess(doc, vocab).followup_months == 12


def test_antibiotics_by_vein_are_no_route_of_the_product(vocab):
    doc = _case("Psoas abscess after an epidural injection",
                "A 58-year-old man developed a psoas abscess after a lumbar epidural steroid "
                "injection. Drainage and intravenous antibiotics cured him.",
                "Infection is a rare complication of epidural injection.")
    assert "intravenous" not in assess(doc, vocab).values("delivery")


def test_two_case_reports_in_the_title_count_the_articles_own_cases(vocab):
    doc = pub("Arachnoiditis after intrathecal stem cell injections: two case reports",
              ("BACKGROUND", "Clinics abroad offer intrathecal stem cells for many diseases."),
              ("CASES", "Two patients developed arachnoiditis after intrathecal stem cell "
                        "injections given abroad."))
    assert assess(doc, vocab).design == "case_report"
    # case reports gathered by others are a class of studies the article reads
    gathered = pub("Arachnoiditis after intrathecal stem cell injections: a review of case "
                   "reports",
                   ("", "We review published case reports of arachnoiditis after "
                        "intrathecal stem cell injections."))
    assert assess(gathered, vocab).design != "case_report"


def test_what_a_patient_came_with_is_no_outcome(vocab):
    doc = _case("Cauda equina inflammation after stem cell injections abroad",
                "A man came with burning pain in both feet and trouble walking; two years "
                "earlier he had received intrathecal stem cells abroad. MRI showed thickened "
                "roots.",
                "Intrathecal stem cells given abroad may inflame the cauda equina.")
    assert "pain" not in assess(doc, vocab).values("outcome")
    assert "function" not in assess(doc, vocab).values("outcome")
