"""Ways real abstracts are written that the tagger got wrong (generalisation round gen10). Every
example was written for this file."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub

RCT = ["Journal Article", "Randomized Controlled Trial"]


# ---- result: equivalence, non-inferiority, dose arms, "safe and useful" --------------------------
def test_non_inferior_with_fewer_complications_is_no_difference(vocab):
    doc = pub(
        "Intradiscal marrow concentrate or open discectomy for contained herniation",
        ("METHODS", "Seventy adults with a contained lumbar disc herniation were randomized to "
                    "intradiscal bone marrow concentrate or open discectomy."),
        ("RESULTS", "Leg pain at one year was 2.1 and 2.4 points (P = 0.38)."),
        ("CONCLUSIONS", "Marrow concentrate was non-inferior to discectomy and caused fewer "
                        "complications."),
        publication_types=RCT)
    assert assess(doc, vocab).result == "no_difference"


def test_not_inferior_is_no_difference(vocab):
    doc = pub(
        "Adipose stromal cells against radiofrequency denervation for facet pain",
        ("METHODS", "Forty-four patients were randomly allocated to facet injection of adipose "
                    "stromal cells or radiofrequency denervation."),
        ("RESULTS", "Cell injection was not inferior to denervation for pain at six months."),
        publication_types=RCT)
    assert assess(doc, vocab).result == "no_difference"


def test_equally_effective_is_no_difference(vocab):
    doc = pub(
        "Marrow stem cells versus exercise in lumbar disc degeneration",
        ("METHODS", "Total 36 patients were randomised in two groups, stem cell or exercise."),
        ("CONCLUSION", "Stem cell injection is equally effective as exercise programme."),
        publication_types=RCT)
    assert assess(doc, vocab).result == "no_difference"


def test_every_dose_improving_compares_nothing(vocab):
    doc = pub(
        "Two doses of allogeneic stromal cells for discogenic pain",
        ("METHODS", "Thirty-two patients were randomized to 15 or 60 million cells."),
        ("RESULTS", "Both doses reduced pain; the higher dose was not superior (P = 0.61)."),
        publication_types=RCT)
    assert assess(doc, vocab).result == "no_difference"


def test_safe_and_useful_after_an_improvement_is_a_benefit(vocab):
    doc = pub(
        "Autologous marrow stromal cells injected into painful cervical discs",
        ("METHODS", "Nine patients with discogenic neck pain received intradiscal autologous "
                    "marrow stromal cells."),
        ("RESULTS", "Neck pain fell from 6.2 to 2.9 and no complication occurred."),
        ("CONCLUSION", "This treatment is safe and useful for discogenic neck pain."))
    assert assess(doc, vocab).result == "benefit"


# ---- design: reviews by another name, models, veterinary reviews ---------------------------------
@pytest.mark.parametrize("text", [
    "This article outlines how marrow-derived cells might repair the annulus, summarises work "
    "in rats and pigs and weighs the first results in patients.",
    "Cell injections into the disc have disappointed. Here we consider what rodent and sheep "
    "models taught us. We argue that the choice of patient matters more than the cell source.",
    "Disc pain meets many options in no fixed order. We propose a stepwise pathway in which "
    "patients with discogenic pain are offered concentrated marrow only after physiotherapy "
    "has failed.",
])
def test_an_article_that_says_what_it_examines_is_a_review(vocab, text):
    doc = pub("Marrow cells and the painful disc: a second look", ("", text))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level, a.result) == ("narrative_review", 5, None)


def test_an_essay_that_never_speaks_of_its_own_study_is_a_review(vocab):
    doc = pub(
        "Stromal cells for the ageing disc: hope or hype?",
        ("", "Disc degeneration is a common source of chronic back pain. Stromal cells from fat "
             "and marrow have been injected into discs in a handful of open-label trials. The "
             "trials were small and uncontrolled, and the gains are modest. Choosing patients "
             "and doses remains guesswork."))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level, a.result) == ("narrative_review", 5, None)


def test_a_cost_effectiveness_model_has_no_participants(vocab):
    doc = pub(
        "Cost-effectiveness of intradiscal stromal cells compared with fusion for discogenic pain",
        ("METHODS", "A Markov model with a ten-year horizon compared a cell injection with "
                    "lumbar fusion, with costs from national tariffs."),
        ("RESULTS", "Cell injection saved EUR 6,100 per patient at a small loss of QALYs."))
    a = assess(doc, vocab)
    assert (a.design, a.result) == ("other", None)


def test_a_review_of_veterinary_patients_covers_animals(vocab):
    doc = pub(
        "Cell therapy for disc disease in companion animals",
        ("", "Disc extrusion is frequent in chondrodystrophic breeds. This article describes "
             "stromal cell and notochordal cell injections given to experimental and clinical "
             "canine patients."))
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("narrative_review", "animal")


# ---- sample size: groups of a stated size, one group counted at two times ---------------------
def test_two_groups_of_a_stated_size_add_up(vocab):
    doc = pub(
        "Saline or umbilical cord stromal cells for degenerate cervical discs",
        ("METHODS", "Participants were randomised into two groups of 18 to receive cells or "
                    "saline."),
        ("RESULTS", "Neck pain fell more with cells (P = 0.02)."),
        publication_types=RCT)
    assert assess(doc, vocab).sample_size == 36


def test_counts_at_two_time_points_are_one_group(vocab):
    doc = pub(
        "Marrow concentrate in the painful disc: results at six and twelve months",
        ("", "Twenty-two patients received intradiscal marrow concentrate. At 6 and 12 months, "
             "16 and 15 patients reported at least half less pain."))
    assert assess(doc, vocab).sample_size == 22


# ---- veterinary patients without "dog" in the title; a case told as "a 58-year-old gentleman" ----
def test_a_neutered_patient_of_a_breed_is_an_animal(vocab):
    doc = pub(
        "Marrow stromal cells injected into the lumbosacral disc of a rottweiler",
        ("", "A 7-year-old neutered female rottweiler was presented with lumbosacral pain. "
             "Marrow stromal cells were injected into the L7-S1 disc. Pain settled within two "
             "months."))
    a = assess(doc, vocab)
    assert (a.design, a.population, a.result) == ("preclinical_animal", "animal", None)


def test_spayed_patients_are_animals_whatever_they_are_called(vocab):
    doc = pub(
        "Epidural adipose cells for lumbosacral stenosis in working patients",
        ("METHODS", "Nine spayed or intact patients from search-and-rescue units received "
                    "epidural adipose stromal cells."),
        ("RESULTS", "Seven returned to full duty."))
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("preclinical_animal", "animal")


@pytest.mark.parametrize("who", ["gentleman", "lady", "patient"])
def test_a_year_old_gentleman_lady_or_patient_is_one_case(vocab, who):
    doc = pub(
        "A spinal mass after cell injections abroad",
        ("", f"A 61-year-old {who} developed leg weakness a year after intrathecal cell "
             "injections at an overseas clinic. MRI showed an intradural mass, which was "
             "removed."))
    a = assess(doc, vocab)
    assert (a.design, a.sample_size) == ("case_report", 1)


def test_groups_formed_randomly_said_after_the_groups_is_randomisation(vocab):
    doc = pub(
        "Stem cells from marrow combined with discectomy for herniated lumbar discs",
        ("METHODS", "Eighty patients were divided into treatment group and control group "
                    "randomly, 40 in each group."),
        ("RESULTS", "Pain was lower in the treatment group at 6 months (P < 0.05)."))
    assert assess(doc, vocab).design == "rct"


def test_a_compared_group_whose_noun_is_left_out_still_counts(vocab):
    doc = pub(
        "Marrow concentrate with or without a collagen carrier in degenerate discs",
        ("METHODS", "In this non-randomised study, 31 patients who chose concentrate alone "
                    "were compared with 19 who chose concentrate on a carrier."),
        ("RESULTS", "The groups did not differ in pain at one year."))
    a = assess(doc, vocab)
    assert (a.design, a.sample_size) == ("non_randomized_controlled", 50)
    doc = pub(
        "Stromal cells against saline for discogenic pain",
        ("METHODS", "Forty patients were randomized to cells or saline, and 34 who completed "
                    "a year of follow-up were analysed."),
        publication_types=RCT)
    assert assess(doc, vocab).sample_size == 40


# ---- conditions named in an exclusion list closed by "were excluded" ---------------------------
def test_a_list_closed_by_were_excluded_is_excluded_whole(vocab):
    doc = pub(
        "Allogeneic stromal cells for discogenic low back pain",
        ("METHODS", "Patients with foraminal stenosis, facet arthropathy, a disc extrusion or "
                    "an earlier fusion were excluded. Twenty-eight adults with disc "
                    "degeneration were injected."))
    assert assess(doc, vocab).values("condition") == ["disc_degeneration", "low_back_pain"]


def test_an_exclusion_after_a_new_clause_keeps_the_treated_condition(vocab):
    doc = pub(
        "Marrow concentrate in the lumbar disc",
        ("METHODS", "Adults with facet arthropathy were treated with facet injections of marrow "
                    "concentrate, and those with stenosis were excluded."))
    conditions = assess(doc, vocab).values("condition")
    assert "spinal_osteoarthritis" in conditions and "spinal_stenosis" not in conditions


# ---- marrow concentrated at the point of care, called "bone marrow-derived MSCs" --------------
def test_marrow_concentrated_at_the_bedside_is_a_concentrate_whatever_its_name(vocab):
    doc = pub(
        "Bone marrow mesenchymal stem cells for lumbar disc pain: two-year results",
        ("METHODS", "Marrow was drawn from the posterior iliac crest, concentrated by "
                    "centrifugation at the bedside and injected into the painful disc of 19 "
                    "patients."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["bmac"]
    assert a.values("processing") == ["minimally_manipulated"]


def test_cultured_marrow_stem_cells_stay_msc(vocab):
    doc = pub(
        "Bone marrow mesenchymal stem cells for lumbar disc pain",
        ("METHODS", "Marrow was drawn from the iliac crest and its stromal cells were expanded "
                    "in culture for three weeks before intradiscal injection in 12 patients."))
    assert assess(doc, vocab).values("cell_type") == ["msc"]


# ---- results told as responders; harms in an "-es" plural; follow-up vs a span of practice -------
def test_more_responders_than_with_saline_is_a_benefit(vocab):
    doc = pub(
        "Secondary analysis of a randomised trial of precursor cells in disc pain",
        ("METHODS", "This secondary analysis of a randomised, placebo-controlled trial of 120 "
                    "patients counted those whose pain halved."),
        ("RESULTS", "More patients responded with cells than with placebo (39% vs 18%, "
                    "P = 0.01)."))
    assert assess(doc, vocab).result == "benefit"


def test_masses_found_are_harm(vocab):
    doc = pub(
        "Spinal injections of unlicensed cell products: five cases",
        ("", "Five patients were seen after intradiscal injections of unlicensed cell products "
             "abroad. Imaging showed epidural masses in all five."))
    assert assess(doc, vocab).result == "harm"


@pytest.mark.parametrize("title, text", [
    ("Twelve years' experience with marrow concentrate in the painful disc",
     "Sixty-one patients received intradiscal marrow concentrate and were reviewed at one "
     "year."),
    ("Marrow concentrate in the painful disc",
     "Over a 9-year period, 61 patients were treated with intradiscal marrow concentrate and "
     "reviewed at 12 months."),
])
def test_years_of_practice_or_recruitment_are_no_follow_up(vocab, title, text):
    doc = pub(title, ("", text + " Pain improved significantly."))
    assert assess(doc, vocab).followup_months == 12


def test_an_essay_naming_the_one_large_trial_is_no_trial(vocab):
    doc = pub(
        "Cell injections for the painful back: promise or marketing?",
        ("", "Private clinics advertise cell injections for back pain. The evidence rests on "
             "open-label series of fewer than 40 patients, and the single large randomized "
             "trial failed its primary endpoint. Patients need plain information."))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level, a.sample_size) == ("narrative_review", 5, None)


def test_one_n_before_every_arm_size_adds_them(vocab):
    doc = pub(
        "Three doses of cord stromal cells in degenerate discs",
        ("METHODS", "Adults were randomized to three dose groups (n = 8, 9 and 11)."),
        publication_types=RCT)
    assert assess(doc, vocab).sample_size == 28


# ---- matched pairs; cohorts of a stated size; two groups' values with a non-significant P --------
def test_a_matched_pair_analysis_compares_two_groups(vocab):
    doc = pub(
        "Posterolateral fusion with or without marrow concentrate: a matched-pair analysis",
        ("METHODS", "Twenty-six patients fused with concentrate-soaked allograft were matched "
                    "by age and levels to 26 patients fused with allograft alone."),
        ("RESULTS", "Fusion rates were 88% and 81% (P = 0.44)."))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level, a.sample_size, a.result) == ("cohort", 3, 52,
                                                                     "no_difference")


def test_cohorts_of_a_stated_size_add_up(vocab):
    doc = pub(
        "Escalating doses of allogeneic stromal cells in the degenerate disc: a phase I study",
        ("METHODS", "Three cohorts of 5 patients received 5, 15 or 45 million cells."),
        ("RESULTS", "No dose-limiting toxicity was seen."))
    assert assess(doc, vocab).sample_size == 15


# ---- how non-native writers report improvement ------------------------------------------------
@pytest.mark.parametrize("finding", [
    "Back pain and disability were significantly ameliorated at one year (P < 0.01).",
    "Back pain was clearly attenuated at one year.",
    "By the MacNab criteria the excellent and good rate was 84.2% at last follow-up.",
])
def test_ameliorated_attenuated_and_excellent_and_good_rates_are_improvement(vocab, finding):
    doc = pub(
        "Marrow stromal cells injected after endoscopic discectomy",
        ("METHODS", "Nineteen cases received marrow stromal cells into the disc after "
                    "endoscopic discectomy."),
        ("RESULTS", finding))
    assert assess(doc, vocab).result == "benefit"


def test_cases_published_by_others_do_not_count_beside_one_case(vocab):
    doc = pub(
        "Intradural mass after cell injections for neck pain: case report and review of the "
        "literature",
        ("", "We describe a 52-year-old man who developed an intradural mass two years after "
             "intrathecal cell injections abroad. We also discuss 9 comparable cases published "
             "since 2012."))
    a = assess(doc, vocab)
    assert (a.design, a.sample_size) == ("case_report", 1)


def test_a_null_finding_added_after_a_comma_is_a_finding_of_its_own(vocab):
    doc = pub(
        "Cord stromal cells against sham in the painful disc",
        ("METHODS", "Seventy adults were randomised to intradiscal cells or sham."),
        ("CONCLUSIONS", "Cells relieved pain more than sham at one year, without a difference "
                        "in disability."),
        publication_types=RCT)
    assert assess(doc, vocab).result == "mixed"


def test_animals_named_by_an_essay_are_its_topic(vocab):
    doc = pub(
        "Stromal cells and the degenerate disc: from the bench to the clinic",
        ("", "Disc degeneration drives much low back pain. Stromal cells from marrow and fat "
             "can take on a nucleus-like phenotype. In rabbit and goat models, injected cells "
             "kept disc height. The first clinical series suggest pain relief, but cell "
             "survival in the disc is uncertain."))
    a = assess(doc, vocab)
    assert (a.design, a.population, a.evidence_level) == ("narrative_review", "unknown", 5)


@pytest.mark.parametrize("title, methods, results", [
    ("Cell therapy trials for neck and back pain on public registries: a cross-sectional analysis",
     "Two registries were searched for interventional cell therapy trials in spinal pain.",
     "Sixty-three trials were found; 19 were randomized and 7 had posted results."),
    ("Stem cells and the spine, 1995-2024: a bibliometric analysis",
     "Articles on stem cells and spinal disorders were retrieved from one citation database.",
     "In all, 3,102 articles were analysed; output grew every year."),
])
def test_research_on_registrations_or_publications_is_other(vocab, title, methods, results):
    doc = pub(title, ("METHODS", methods), ("RESULTS", results))
    a = assess(doc, vocab)
    assert (a.design, a.result, a.sample_size) == ("other", None, None)


def test_a_questionnaire_survey_of_patients_treats_nobody(vocab):
    doc = pub(
        "Beliefs about stem cell injections among people with chronic neck pain: a "
        "questionnaire survey",
        ("METHODS", "Two hundred and twelve consecutive patients of a pain clinic completed an "
                    "anonymous questionnaire."),
        ("RESULTS", "A third expected cells to regrow their discs."))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level, a.result) == ("other", None, None)
    treated = pub(
        "Marrow concentrate in the cervical disc: a questionnaire survey of outcomes",
        ("METHODS", "Forty patients who received intradiscal marrow concentrate answered a "
                    "questionnaire a year later."),
        ("RESULTS", "Neck pain had improved in 31."))
    assert assess(treated, vocab).design == "case_series"


# ---- one person told without "case" ------------------------------------------------------------
@pytest.mark.parametrize("opening", [
    "A woman in her sixties",
    "A middle-aged man",
])
def test_one_person_named_by_age_or_life_stage_is_a_case(vocab, opening):
    doc = pub(
        "Spinal infection after a clinic's disc injection",
        ("", f"{opening} developed fever and back pain days after an intradiscal 'stem cell' "
             "injection at a private clinic. Imaging showed discitis, which needed surgery."))
    a = assess(doc, vocab)
    assert (a.design, a.sample_size, a.result) == ("case_report", 1, "harm")


def test_back_to_play_and_free_of_pain_is_improvement(vocab):
    doc = pub(
        "Marrow concentrate for a professional cyclist's painful disc",
        ("CASE PRESENTATION", "A 29-year-old man with discogenic pain had one intradiscal "
                              "marrow concentrate injection. He returned to full racing at "
                              "three months and was free of pain at one year."))
    assert assess(doc, vocab).result == "benefit"


def test_a_finding_of_a_negated_subject_is_negated(vocab):
    doc = pub(
        "Injectable biologics for the painful disc: a systematic review of randomised trials",
        ("METHODS", "Four databases were searched for randomised trials in adults."),
        ("RESULTS", "Eleven trials (903 patients) were included. None of the products, "
                    "including cells and plasma, was superior to saline at six months."))
    assert assess(doc, vocab).result == "no_difference"


def test_a_trial_told_in_the_present_with_its_people_counted_is_no_essay(vocab):
    doc = pub("Stromal cells or saline for the degenerate disc",
              ("", "Cells are compared with saline in 80 adults whose back pain comes from one "
                   "degenerate disc. Pain is scored at one year."))
    assert assess(doc, vocab).design not in ("narrative_review", "other")
