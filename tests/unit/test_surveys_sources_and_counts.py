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


# ---- results ------------------------------------------------------------------------------------
def test_safety_that_did_not_differ_is_safety_not_a_null_result(vocab):
    def result(text: str) -> str | None:
        return assess(pub("Marrow concentrate for discogenic pain: a randomized controlled trial",
                          ("METHODS", "Sixty patients were randomly assigned to concentrate or "
                                      "to saline (control group)."),
                          ("RESULTS", text)), vocab).result
    assert result("Safety ratings did not differ between the groups, and no serious adverse "
                  "event occurred. Pain fell more in the concentrate group than in the control "
                  "group (p < 0.001).") == "benefit"
    # efficacy named beside safety is efficacy
    assert result("Safety and efficacy did not differ between the groups.") == "no_difference"


# ---- reviews that write systematically, experiments told impersonally ------------------------
def test_an_article_that_systematically_reviews_progress_is_a_narrative_review(vocab):
    doc = pub("Vesicles from stem cells for the degenerating disc: research progress",
              ("", "Extracellular vesicles carry proteins and RNA between cells. Studies in vitro "
                   "and in vivo suggest that vesicles of stem cell origin slow disc "
                   "degeneration. This article systematically reviews recent progress with such "
                   "vesicles and discusses the challenges ahead."))
    assert assess(doc, vocab).design == "narrative_review"


def test_an_experiment_told_without_we_is_no_essay(vocab):
    """An abstract that opens on its experiment's aim ("To show ...") and tells the work in the
    passive reports work of its own, though it says "this work" only at its end."""
    doc = pub("Stem cell vesicles ease disc degeneration by blocking ferroptosis",
              ("", "Ferroptosis is thought to drive the loss of nucleus pulposus cells. To show "
                   "its role, disc tissues at several stages of degeneration were collected and "
                   "stained. In vitro, vesicles from stromal cells blocked ferroptosis of "
                   "nucleus pulposus cells. The vesicles also eased degeneration in a rat model "
                   "in vivo. This work points to a new treatment."))
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("preclinical_animal", "animal")


# ---- the older literature's grafts --------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Transplants of olfactory ensheathing glia (OEG) restored stepping in paraplegic rats.",
    "Solid human embryonic spinal cord grafts were placed into a post-traumatic cord cyst.",
    "Fetal spinal cord tissue was implanted after the cyst was drained.",
])
def test_glia_and_fetal_nervous_tissue_grafted_are_the_product(vocab, text):
    a = assess(pub("Grafts for the injured spinal cord", ("", text)), vocab)
    assert "other_stem_cells" in {t.value for t in a.tags if t.facet == "cell_type"}


def test_cells_collected_from_two_counted_groups_make_them_donors(vocab):
    a = assess(pub("Osteoprogenitors of facet joints in ankylosing spondylitis",
                   ("METHODS", "Osteoprogenitors derived from facet joints were collected from "
                               "12 healthy controls (HC) and 15 patients with ankylosing "
                               "spondylitis, and their osteogenic differentiation was compared "
                               "in culture.")), vocab)
    assert (a.design, a.population) == ("in_vitro", "in_vitro")


def test_laboratory_disc_degeneration_models_are_no_animals(vocab):
    a = assess(pub("A small molecule against cytokine-driven disc degeneration",
                   ("", "To find out whether the compound slows disc degeneration under "
                        "cytokines, collagen II was examined by western blot. Two models were "
                        "used: an in vitro disc degeneration model of human nucleus pulposus "
                        "cells, and ex vivo organ culture of mouse discs. In the degeneration "
                        "models collagen II fell, and the compound restored it.")),
               vocab)
    assert (a.design, a.population) == ("in_vitro", "in_vitro")
    # a model in living animals stays an animal study
    live = assess(pub("A small molecule against disc degeneration in rats",
                      ("", "A disc degeneration model was made by needle puncture in 20 rats, "
                           "and the compound was injected into the discs.")), vocab)
    assert live.design == "preclinical_animal"


def test_glia_grafted_together_with_stem_cells_are_both_given(vocab):
    doc = pub("Ensheathing cells cotransplanted with marrow stromal stem cells in rats with cord "
              "injury",
              ("", "We grafted olfactory ensheathing cells together with bone marrow mesenchymal "
                   "stem cells into contused cords of 30 rats; locomotion improved more than "
                   "with either alone."))
    assert assess(doc, vocab).values("cell_type") == ["msc", "other_stem_cells"]
    # a review listing them among therapies still files only the stem cells
    review = pub("Cell therapies for spinal cord injury: a review",
                 ("", "In this review we compare bone marrow mesenchymal stem cells and olfactory "
                      "ensheathing cells, a glial cell of the olfactory bulb."))
    assert assess(review, vocab).values("cell_type") == ["msc"]


# ---- the older literature's impersonal experiments ---------------------------------------------
def test_an_experiment_whose_question_follows_its_act_is_no_essay(vocab):
    doc = pub("Marrow stromal cells form bridges in the injured cord",
              ("", "Marrow stromal cells grow quickly in culture. Recordings were made to test "
                   "whether such cells fire like neurons; they did not. The cells were next "
                   "delivered into the injured cord to follow what happens to them in animals "
                   "made paraplegic. Gait improved more with cells given after one week."))
    assert assess(doc, vocab).design == "preclinical_animal"
    # a wish is no experiment
    essay = pub("Marrow stromal cells for the injured cord",
                ("", "Marrow stromal cells grow quickly in culture. Studies should be designed to "
                     "test whether such cells help animals with cord injury."))
    assert assess(essay, vocab).design != "preclinical_animal"


def test_the_authors_asked_names_the_study(vocab):
    doc = pub("Allografted nucleus pulposus slows disc degeneration",
              ("", "Autografts of nucleus pulposus slow disc degeneration but injure the donor "
                   "disc. The authors asked whether allografts do the same. Rabbits were the "
                   "donors and the recipients; the nucleus was aspirated and grafts were "
                   "injected two weeks later."))
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("preclinical_animal", "animal")
