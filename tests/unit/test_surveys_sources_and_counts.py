"""Patterns of real abstracts (held-out sets CQ to CU read again): a survey asks people, and its
sample is who answered; studies of websites, videos and models name people they never studied;
tissue taken "from eight patients" makes them donors, not a series; a list's "(3)", a "week 14"
and "the individual materials" count or name nobody. Each example is written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def graded(vocab, title: str, *sections) -> tuple[str, str, int | None]:
    a = assess(pub(title, *sections), vocab)
    return a.design, a.population, a.sample_size


# ---- surveys and interviews ask people ------------------------------------------------------
@pytest.mark.parametrize("methods, results, n", [
    ("A survey was sent to 640 members of a spine society about injections of cell products.",
     "The survey was completed by 212 members (33%); 41% had used marrow concentrate.", 212),
    ("An online questionnaire on orthobiologic use in fusion surgery went to surgeons worldwide.",
     "The 377 responding surgeons differed by region in their choice of graft.", 377),
    ("An online survey of people with chronic cord injury produced 288 responses.",
     "Most respondents wanted more information about cell transplantation trials.", 288),
])
def test_a_survey_studies_people_and_counts_who_answered(vocab, methods, results, n):
    assert graded(vocab, "What clinicians and patients think of cell therapy for the spine",
                  ("METHODS", methods), ("RESULTS", results)) == ("other", "human", n)


def test_a_survey_sent_to_many_counts_nobody_until_they_answer(vocab):
    assert graded(vocab, "Graft choice in cervical fusion: a survey",
                  ("METHODS", "A questionnaire was sent to 4,870 surgeons of an international "
                              "society."),
                  ("RESULTS", "Most believed the graft affects fusion.")) == (
        "other", "human", None)


def test_what_respondents_had_received_is_no_treatment_of_the_survey(vocab):
    doc = ("METHODS", "An online survey of adults with cord injury was carried out."), (
        "RESULTS", "Half of those asked had received an experimental cell therapy abroad, and "
                   "having received one was linked to specialist care.")
    assert graded(vocab, "Cell therapies sought after cord injury", *doc)[0] == "other"
    # a series whose patients received the cells in this study stays a series
    series = ("METHODS", "Thirty patients received intradiscal marrow cells and completed a "
                         "questionnaire on satisfaction at one year."),
    assert graded(vocab, "Marrow cells into the disc", *series)[0] == "case_series"


def test_a_qualitative_study_in_an_unstructured_abstract_asks_people(vocab):
    assert graded(vocab, "Hopes and doubts about stem cell trials after cord injury",
                  ("", "The views of people living with cord injury are seldom heard. We took "
                       "this up in a qualitative study: focus groups were held with people with "
                       "chronic injuries, and four themes emerged.")) == ("other", "human", None)


# ---- websites, videos: the people they show are not participants ------------------------------
def test_videos_analysed_are_no_case_series(vocab):
    assert graded(vocab, "Patient testimonials of unproven stem cell treatments online",
                  ("", "Clinics market stem cell treatments with testimonials. In our analysis "
                       "of 140 YouTube videos, patients described improvements (88%) and "
                       "recommended the clinic (31%).")) == ("other", "unknown", None)


def test_a_web_search_of_clinics_is_no_case_series(vocab):
    assert graded(vocab, "Stem cell clinics for travellers: an analysis of what they offer",
                  ("METHODS", "A web search with four search terms was screened for clinics."),
                  ("RESULTS", "Of 812 websites, 57 clinics were evaluated; a fifth stated how "
                              "many patients had been treated and few gave outcome data.")) == (
        "other", "unknown", None)


def test_an_enumerated_question_is_no_count_of_people(vocab):
    """"(3) whether the patient had contacted a clinic": the item of a list counts nobody."""
    assert graded(vocab, "Why patients ask for stem cell injections",
                  ("", "We added questions to an intake form asking (1) why the patient wanted "
                       "stem cell treatment, (2) where the patient had heard of it and (3) "
                       "whether the patient had contacted a clinic. The answers were read with "
                       "a qualitative content analysis.")) == ("other", "unknown", None)


# ---- tissue taken from people -----------------------------------------------------------------
def test_tissue_collected_from_patients_makes_them_donors(vocab):
    a = assess(pub("Progenitor cells in human spinal ligaments",
                   ("", "To characterize such cells, we collected ligament tissue under sterile "
                        "conditions from nine patients operated on for cervical myelopathy. "
                        "After collagenase digestion the cells were plated, grown in osteogenic "
                        "and adipogenic media and analysed by flow cytometry.")), vocab)
    assert (a.design, a.population) == ("in_vitro", "in_vitro")
    # people given the cells are participants however the sentence runs
    treated = assess(pub("Marrow cells for cervical myelopathy",
                         ("", "We collected marrow from nine patients and injected the "
                              "concentrate into their cervical discs; pain was followed for a "
                              "year.")), vocab)
    assert treated.population == "human"


def test_counted_discs_of_a_species_in_a_titled_in_vitro_study_are_tissue(vocab):
    a = assess(pub("Nucleus implants under load: three in vitro test methods compared",
                   ("METHODS", "Nucleus tissue was taken out of 36 bovine tail discs and an "
                               "implant was inserted into each cavity before loading.")), vocab)
    assert (a.design, a.population) == ("in_vitro", "in_vitro")


def test_an_in_vivo_like_condition_is_no_animal_work(vocab):
    a = assess(pub("Printed microscaffolds carrying marrow stromal cell spheroids",
                   ("", "We placed spheroids of human marrow stromal cells in printed "
                        "microscaffolds and differentiated with GDF5 in hypoxic, low-glucose "
                        "medium that mimics an in vivo-like disc environment. Viability stayed "
                        "high.")), vocab)
    assert a.population != "animal"


def test_the_individual_materials_name_nobody(vocab):
    a = assess(pub("Layered agarose constructs for disc replacement",
                   ("METHODS", "Constructs of concentric agarose and gelatin rings were made."),
                   ("RESULTS", "Their failure loads far exceeded those of the individual "
                               "materials.")), vocab)
    assert a.population != "human"


# ---- counts that are no sample ----------------------------------------------------------------
def test_a_point_in_time_before_animals_is_no_count(vocab):
    a = assess(pub("Cord mesenchymal cells in a mouse spondylitis model",
                   ("METHODS", "Spondylitis was induced in eight mice. In week 14 the model "
                               "mice were given cells by tail vein injection.")), vocab)
    assert (a.population, a.sample_size) == ("animal", 8)


def test_fetuses_are_counted_animals(vocab):
    a = assess(pub("Placental stromal cells on a matrix for fetal myelomeningocele repair in sheep",
                   ("METHODS", "In twenty-two ovine fetuses a spinal defect was created and "
                               "repaired with a cell-seeded matrix.")), vocab)
    assert (a.population, a.sample_size) == ("animal", 22)


def test_donors_followed_after_donation_are_people_studied(vocab):
    a = assess(pub("Marrow or peripheral blood stem cell donation: toxicities in donors",
                   ("", "This prospective study reports on 1,900 marrow donors and 4,100 "
                        "peripheral blood stem cell donors. Pain was assessed at baseline and "
                        "weekly until recovery.")), vocab)
    assert a.population == "human"
