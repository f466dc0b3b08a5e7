"""Patterns of real abstracts (held-out sets AY to CD read again): one treated series split by
what its patients brought or did is no comparative cohort; a value "at baseline, was" another is
a change told by numbers; authors who advise against their product after good results report a
mixed result; cells "purified, amplified and identified" were expanded. Each example is written
here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub, registration


def design(vocab, title: str, *sections) -> tuple[str, int | None]:
    a = assess(pub(title, *sections), vocab)
    return a.design, a.evidence_level


# ---- strata of one treated series ---------------------------------------------------------------
@pytest.mark.parametrize("methods", [
    # groups formed by what the patients did after one treatment
    "Ninety patients with chronic cord injury were followed for three years after cell "
    "grafting. By the intensity of their rehabilitation they were divided into two groups: "
    "group A (n = 60), with intensive training, and group B (n = 30), with little training.",
    # a regression's variables, one of them a "versus"
    "Forty patients had lumbar fusion with bone marrow concentrate and allograft. Logistic "
    "regression weighed variables such as age, smoking and fusion of one level versus several "
    "levels.",
    # scores before and after, and predictors of the outcome
    "Sixty patients received bone marrow concentrate injections; baseline scores were compared "
    "with the latest scores, and we report pre- versus post-treatment changes and predictors of "
    "outcome.",
])
def test_one_treated_series_split_by_its_patients_is_a_case_series(vocab, methods):
    assert design(vocab, "Bone marrow cells for spinal disorders: long-term results",
                  ("METHODS", methods)) == ("case_series", 4)


def test_two_treatments_compared_are_still_a_cohort(vocab):
    assert design(vocab, "Bone marrow concentrate for lumbar fusion",
                  ("METHODS", "We compared 40 patients fused with bone marrow concentrate with "
                              "38 patients fused with iliac crest autograft; predictors of "
                              "fusion were weighed by regression.")) == ("cohort", 3)


# ---- results told by numbers; advice against the product ----------------------------------------
SERIES = "Intradiscal stromal cells for discogenic pain: a case series"
SERIES_METHODS = ("METHODS", "Twenty patients received intradiscal stromal cells and were "
                             "followed for 12 months.")


def series_result(vocab, results: str, conclusions: str | None = None) -> str | None:
    sections = [SERIES_METHODS, ("RESULTS", results)]
    if conclusions:
        sections.append(("CONCLUSIONS", conclusions))
    return assess(pub(SERIES, *sections), vocab).result


def test_a_value_at_baseline_then_at_a_time_point_is_a_change(vocab):
    text = ("The mean pain score, 7.1 at baseline, was 3.0 at 6 months and 3.4 at the last "
            "visit (p < 0.001).")
    assert series_result(vocab, text, "The injection appears safe, with a possible benefit."
                         ) == "benefit"
    # the same numbers the other way round: pain rose
    assert series_result(vocab, "The mean pain score, 3.0 at baseline, was 7.1 at 6 months "
                                "(p < 0.001).") == "harm"


def test_good_results_the_authors_advise_against_are_mixed(vocab):
    results = ("Pain and disability improved significantly (P < 0.001); 15 of 40 levels did "
               "not fuse.")
    against = ("The graft gave good clinical results, but nonunion was frequent; we therefore "
               "advise against its use.")
    assert series_result(vocab, results, against) == "mixed"
    assert series_result(vocab, results, "The graft gave good clinical results.") == "benefit"


def test_cells_purified_and_amplified_were_expanded(vocab):
    doc = pub("Marrow stromal cells for chronic cord injury", (
        "METHODS", "The cells were purified, amplified and identified, and a suspension of "
                   "20 million cells was prepared for transplantation."))
    assert assess(doc, vocab).values("processing") == ["culture_expanded"]


# ---- held-out sets CE to CH (the thirty-first look) ---------------------------------------------
def test_a_cell_named_for_what_others_resemble_is_no_product(vocab):
    doc = pub("Platelet releasate for punctured rabbit discs", (
        "RESULTS", "Discs injected with the releasate held significantly more chondrocyte-like "
                   "cells than discs given saline."))
    assert assess(doc, vocab).values("cell_type") == []


@pytest.mark.parametrize("methods", [
    "Spinal fusion used a composite of autologous bone marrow with demineralized bone matrix.",
    "Aspirated bone marrow was mixed into the ceramic graft before posterolateral fusion.",
])
def test_marrow_given_with_a_graft_is_a_marrow_product(vocab, methods):
    a = assess(pub("Bone grafts for posterolateral fusion", ("METHODS", methods)), vocab)
    assert a.values("cell_type") == ["bmac"]


def test_an_interlaminar_space_is_no_epidural_route(vocab):
    doc = pub("Healing of odontoid fractures after screw fixation", (
        "RESULTS", "Fusion was seen in the C1-C2 interlaminar space in 4 of 15 patients after "
                   "onlay grafting with marrow stromal cells."))
    assert "epidural" not in assess(doc, vocab).values("delivery")


def test_groups_formed_by_how_patients_fared_find_nothing_about_the_treatment(vocab):
    text = ("Fusion at the dens was significantly less frequent in the nonunion group than in "
            "the union group (P = 0.03).")
    assert series_result(vocab, text) in (None, "not_reported")


def test_morbidity_a_treatment_avoids_is_no_harm(vocab):
    assert series_result(vocab, "No pseudarthrosis and no major complication occurred.",
                         "The graft may spare patients iliac crest harvest and so avoid "
                         "considerable morbidity.") == "safety_only"


def test_how_long_the_condition_had_lasted_is_no_follow_up(vocab):
    a = assess(pub(SERIES, ("METHODS", "Twelve patients with complete paraplegia (mean time of "
                                       "chronicity 13.9 years) received stromal cells; they were "
                                       "assessed 3, 6, 9 and 12 months after surgery.")), vocab)
    assert a.followup_months == 12


def test_a_meta_analysis_of_randomized_trials_in_rats_covers_animals(vocab):
    a = assess(pub("Ensheathing cell grafts in rats with cord transection: a meta-analysis",
                   ("OBJECTIVE", "To assess how ensheathing cell grafts affect recovery of rats "
                                 "with a transected cord."),
                   ("METHODS", "Randomized controlled trial data were searched in Medline, "
                               "Embase and the Chinese Clinical Trial Register."),
                   ("RESULTS", "Six randomized controlled trials were included; locomotor "
                               "scores were higher after grafting (P < 0.001).")), vocab)
    assert (a.design, a.population, a.evidence_level) == ("systematic_review", "animal", 5)


def test_people_measured_at_each_time_point_are_not_added_up(vocab):
    a = assess(pub(SERIES, ("RESULTS", "In all, 640 patients were included. Disability fell "
                                       "from 46 before surgery (n = 631) to 25 at 12 months "
                                       "(n = 281), and pain from 64 (n = 630) to 28 "
                                       "(n = 278).")), vocab)
    assert a.sample_size == 640


@pytest.mark.parametrize(("sentence", "n"), [
    ("The cell and saline groups each included 36 participants.", 72),
    ("The two groups each comprised 25 patients.", 50),
    ("Each of the three groups had 20 patients.", 60),
])
def test_groups_each_holding_a_count_multiply_it(vocab, sentence, n):
    a = assess(pub("Stromal cells or saline for facet pain: a comparative study",
                   ("METHODS", "Patients given stromal cells were compared with patients given "
                               "saline."), ("RESULTS", sentence)), vocab)
    assert a.sample_size == n


def test_groups_that_did_not_differ_test_the_contrast_just_told(vocab):
    trial = ("Marrow stromal cells or steroid for discogenic pain: a randomized trial", (
        "METHODS", "Forty patients were randomized to intradiscal stromal cells or steroid."))
    text = ("Stromal cells gave a slightly higher fusion rate than steroid, but the two groups did "
            "not differ statistically.")
    assert assess(pub(*trial, ("RESULTS", text)), vocab).result == "no_difference"
    # another measure named after the turn is a finding of its own
    text = "Pain fell more with stromal cells than with steroid, but disability did not differ."
    assert assess(pub(*trial, ("RESULTS", text)), vocab).result == "mixed"


def test_what_a_review_deals_with_is_its_scope_not_its_finding(vocab):
    doc = pub("Odontoid fractures in the elderly treated with or without surgery: a systematic "
              "review", ("ABSTRACT", "Evidence is sparse. This systematic review deals with "
                                     "published results in terms of survival, nonunion and "
                                     "complications. Thirty-eight publications were included. "
                                     "Surgical stabilisation improved survival compared with "
                                     "nonsurgical treatment (RR 0.64)."))
    assert assess(doc, vocab).result == "benefit"


# ---- held-out sets CI to CL (the thirty-first look, second half) --------------------------------
def test_a_hematoma_beside_the_epidural_space_is_no_route(vocab):
    doc = pub("Microinjection of neural progenitor cells into the pig cervical cord", (
        "RESULTS", "One animal had neurological morbidity from a resolving epidural hematoma."))
    assert "epidural" not in assess(doc, vocab).values("delivery")


def test_an_abbreviation_spelled_by_other_words_means_them(vocab):
    doc = pub("Growth factor in a hydrogel with decellularised matrix for cord injury in rats", (
        "ABSTRACT", "A thermo-sensitive hydrogel was used to hold an acellular spinal cord "
                    "scaffold (ASC). The ASC-hydrogel released the growth factor slowly."))
    assert "msc" not in assess(doc, vocab).values("cell_type")


@pytest.mark.parametrize("title", [
    "Organotypic mouse spinal cord slices in long-term culture as a platform for cell "
    "transplantation",
    "A spinal cord slice culture for studying grafted neural stem cells",
])
def test_tissue_kept_alive_in_culture_is_laboratory_work(vocab, title):
    a = assess(pub(title, ("ABSTRACT", "Slices from the cords of adult mice received human "
                                       "neural stem cells, which survived 30 days in vivo-like "
                                       "conditions.")), vocab)
    assert (a.design, a.population) == ("in_vitro", "in_vitro")


def test_cells_characterised_in_the_laboratory_are_laboratory_work(vocab):
    a = assess(pub("Do degenerated cartilage endplates hold progenitor cells?", (
        "METHODS", "Endplate cells were grown in agarose suspension; the clusters were expanded "
                   "in vitro and examined for colony forming units, immunophenotype and "
                   "multilineage induction.")), vocab)
    assert (a.design, a.population) == ("in_vitro", "in_vitro")


def test_adult_animals_are_no_people(vocab):
    a = assess(pub("Adipose-derived stem cells with laser after spinal cord compression", (
        "METHODS", "Forty-eight adult male Wistar rats were used; cells were transplanted into "
                   "the cord a week after injury.")), vocab)
    assert (a.design, a.population, a.sample_size) == ("preclinical_animal", "animal", 48)


def test_expanded_access_for_one_patient_is_a_case_report(vocab):
    one = registration("Expanded access to autologous adipose stromal cells for cord injury",
                       study_type="EXPANDED_ACCESS", allocation="", intervention_model="",
                       enrollment=None, brief_summary="Expanded access for one individual "
                                                      "patient with a C5 spinal cord injury.")
    a = assess(one, vocab)
    assert (a.design, a.sample_size) == ("case_report", 1)
    many = registration("Expanded access to autologous adipose stromal cells for cord injury",
                        study_type="EXPANDED_ACCESS", allocation="", intervention_model="",
                        enrollment=None, brief_summary="Treatment protocol giving the cells "
                                                       "to patients with chronic cord injury.")
    assert assess(many, vocab).design == "case_series"


def test_a_registration_s_planned_visits_beyond_its_time_frames_count(vocab):
    doc = registration("Wharton's jelly stromal cells for chronic cord injury",
                       primary_outcomes=[{"measure": "Adverse events", "time_frame": "12 months"}],
                       brief_summary="Patients are seen at 6 and 12 months, and then at 24 and "
                                     "36 months within a long-term follow-up.")
    assert assess(doc, vocab).followup_months == 36
    # a visit made only in some cases is no follow-up of every participant
    doc = registration("Wharton's jelly stromal cells for chronic cord injury",
                       primary_outcomes=[{"measure": "Adverse events", "time_frame": "12 months"}],
                       brief_summary="Patients are seen at 6 months, 1 year and, if required, "
                                     "2 years.")
    assert assess(doc, vocab).followup_months == 12


def test_a_marker_listed_among_others_is_no_cell_product(vocab):
    doc = pub("Wharton's jelly cells with nucleus pulposus cells in co-culture", (
        "RESULTS", "The cells were positive for CD73, CD90 and CD105 and negative for CD34 and "
                   "CD45."))
    assert "hsc" not in assess(doc, vocab).values("cell_type")
    # CD34+ cells given as the product stay
    doc = pub("CD34+ cells for chronic cord injury", (
        "METHODS", "Autologous CD34+ cells were injected intrathecally in ten patients."))
    assert "hsc" in assess(doc, vocab).values("cell_type")


def test_animals_counted_by_a_total_after_them(vocab):
    a = assess(pub("Neural stem cells for acute cord injury in mice", (
        "METHODS", "Mice with acute spinal cord injury, 54 in total (n = 18 per group), were "
                   "randomly assigned to saline, neural stem cells or stromal cells.")), vocab)
    assert a.sample_size == 54


# ---- held-out sets CM to CP (look-alikes of broad crawls, Chinese journals, harms) -------------
def test_an_abbreviation_among_laboratory_results_is_no_condition(vocab):
    doc = pub("Adverse events in donors of peripheral blood stem cells", (
        "RESULTS", "Compared with pretreatment levels, mean ALP and LDH both rose about 1.9-fold "
                   "after G-CSF."))
    assert "disc_herniation" not in assess(doc, vocab).values("condition")


def test_cell_lines_made_from_patients_are_laboratory_work(vocab):
    a = assess(pub("Two induced pluripotent stem cell lines from patients with muscular atrophy", (
        "ABSTRACT", "We generated two iPSC lines from two patients with the disease and confirmed "
                    "their pluripotency and differentiation into three germ layers.")), vocab)
    assert (a.design, a.population) == ("in_vitro", "in_vitro")


def test_published_studies_reviewed_make_a_review(vocab):
    a = assess(pub("Olfactory cell grafts for spinal cord injury", (
        "METHODS", "Published clinical studies of olfactory cell grafts for cord injury were "
                   "reviewed for the source of the cells and how they were grafted.")), vocab)
    assert a.design == "narrative_review"


def test_a_case_report_that_also_reviews_the_literature_is_a_case_report(vocab):
    a = assess(pub(
        "Meningitis after stem cell treatment received abroad", (
            "ABSTRACT", "We describe meningitis in a patient who travelled abroad for intrathecal "
                        "stem cell injections, and we review how this infection is managed."),
        publication_types=["Journal Article", "Case Reports"]), vocab)
    assert a.design == "case_report"


def test_a_systematic_review_done_besides_the_study_s_own_patients(vocab):
    a = assess(pub("Intrathecal allogeneic stromal cells in neurological diseases: safety", (
        "ABSTRACT", "The open-label clinical study enrolled 37 patients, who were given stromal "
                    "cells intrathecally four times. We also carried out a systematic review of "
                    "the safety of intrathecal stem cells. No severe adverse events occurred.")),
               vocab)
    assert (a.design, a.sample_size) == ("case_series", 37)


def test_a_year_is_no_count_and_groups_are_no_people(vocab):
    a = assess(pub("Safety of re-implanted culture-expanded stromal cells", (
        "METHODS", "Between 2006 and 2010 two groups of patients with various orthopedic "
                   "conditions received culture-expanded stromal cells (group 1: n=50; group 2: "
                   "n=290).")), vocab)
    assert a.sample_size == 340
    # the two groups got one product: a treated series, not a comparison
    assert a.design == "case_series"


def test_what_another_therapy_brought_about_is_no_result_of_the_cells(vocab):
    a = assess(pub("Encephalomyelitis after intrathecal stem cell transplantation", (
        "ABSTRACT", "We describe a 17-year-old girl who developed encephalomyelitis after stem "
                    "cell transplantation. "
                    "With methylprednisolone, immunoglobulin and cyclophosphamide she improved "
                    "over 2.5 months until she was ambulatory and functionally independent.")),
               vocab)
    assert a.result != "benefit"


def test_harms_that_passed_are_safety(vocab):
    text = ("Surveillance recorded 7 complications related to the procedure; each either "
            "resolved by itself or was remedied by simple measures.")
    assert series_result(vocab, text) == "safety_only"


def test_an_unlabelled_section_before_the_methods_is_background(vocab):
    a = assess(pub("Re-implanted culture-expanded stromal cells: safety and complications",
                   ("", "Stromal cells are very promising agents of regenerative medicine."),
                   ("METHODS", "Forty patients received culture-expanded stromal cells."),
                   ("RESULTS", "No tumour formed at any re-implant site on serial MRI.")), vocab)
    assert a.result == "safety_only"


def test_a_case_series_with_a_literature_review_is_a_case_series(vocab):
    a = assess(pub("Bone marrow aspirate in spine surgery: a case series and a review of the "
                   "literature", ("METHODS", "We searched PubMed and EMBASE for studies of stem "
                                             "cells in spine surgery. For the case series, we "
                                             "reviewed the records of 150 consecutive patients "
                                             "fused with marrow aspirate.")), vocab)
    assert (a.design, a.sample_size) == ("case_series", 150)


def test_recovery_after_another_treatment_is_no_result_of_the_cells(vocab):
    text = ("Seven of 1,484 transplant recipients developed demyelination. Treatment was "
            "immunoglobulin and high-dose steroids, and five patients recovered significantly.")
    a = assess(pub("Demyelinating disease after stem cell transplantation", ("RESULTS", text)),
               vocab)
    assert a.result != "benefit"
