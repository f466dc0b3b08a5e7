"""Writing patterns of real records (the twenty-second look, held-out sets AJ and AK: clinical
studies outside the spine journals, older and preclinical work): a chart review told as
"we reviewed patients", "fifty-two patients", an age in a parenthesis, how long symptoms had
lasted, strata of one treated series, a condition "treated with" cells, an intra-articular
injection for facet pain, a case's own account under its own heading and its history. Each
example is written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub, registration

TITLE = "Marrow concentrate for spinal disorders: a retrospective study"


def test_reviewing_patients_is_a_chart_review_not_a_literature_review(vocab):
    doc = pub(TITLE, ("METHODS", "We reviewed patients with a spinal disorder treated with "
                                 "bone marrow concentrate by epidural injection."),
              ("RESULTS", "Pain improved significantly at six months."))
    a = assess(doc, vocab)
    assert (a.design, a.population, a.evidence_level) == ("case_series", "human", 4)
    # ... while the literature is still reviewed as studies
    review = pub("Stem cells for disc disease", ("", "We reviewed studies of patients treated "
                                                     "with mesenchymal stem cells for disc "
                                                     "degeneration."))
    assert assess(review, vocab).design == "narrative_review"


def test_fifty_two_patients_are_not_two_patients_of_an_event(vocab):
    # "two patients developed ..." marks what happened to some; "fifty-two patients with
    # spondylosis" are who was studied
    doc = pub(TITLE, ("METHODS", "Charts of patients treated with marrow concentrate by "
                                 "epidural injection were reviewed."),
              ("RESULTS", "Fifty-two patients were analysed, their diagnoses being spondylosis "
                          "in 44 and spinal stenosis in 2. Pain improved significantly."))
    assert assess(doc, vocab).values("condition") == ["spinal_osteoarthritis", "spinal_stenosis"]
    event = pub(TITLE, ("METHODS", "Charts of patients with spondylosis treated with marrow "
                                   "concentrate were reviewed."),
                ("RESULTS", "Two patients developed a vertebral fracture."))
    assert "vertebral_fracture" not in assess(event, vocab).values("condition")


@pytest.mark.parametrize("people", [
    "Fifty-four patients (69.7 ± 13.4 years; 31 female)",
    "Fifty-four patients (mean, 69 years)",
    "Fifty-four patients (mean age 69.7 years)",
])
def test_an_age_in_a_parenthesis_is_no_follow_up(vocab, people):
    doc = pub(TITLE, ("METHODS", "Consecutive patients given an injection were reviewed. Pain "
                                 "was recorded at 6 weeks and at 3, 6 and 12 months."),
              ("RESULTS", f"{people} were included. Pain improved at every time point."))
    assert assess(doc, vocab).followup_months == 12


def test_more_years_than_any_cell_therapy_has_been_followed_are_no_follow_up(vocab):
    doc = pub(TITLE, ("RESULTS", "The patients, 41 to 75 years, improved over 2 years."))
    assert assess(doc, vocab).followup_months == 24


def test_how_long_symptoms_had_been_present_is_no_follow_up(vocab):
    doc = pub(TITLE, ("METHODS", "Charts of patients treated with marrow concentrate by "
                                 "epidural injection were reviewed."),
              ("RESULTS", "Fifty-two patients entered the analysis. Symptoms had been present "
                          "for 54.2 months on average (range 1-300). Pain improved "
                          "significantly."))
    assert assess(doc, vocab).followup_months is None


def test_strata_of_one_treated_series_are_no_comparison(vocab):
    subgroups = pub(
        "Mesenchymal stem cells for spinal cord injury",
        ("OBJECTIVE", "We evaluated intrathecal mesenchymal stem cells in complete spinal cord "
                      "injury, looking at the effect in subgroups (cervical vs. thoracolumbar, "
                      "subacute vs. chronic)."),
        ("METHODS", "This case series assessed 106 patients who received the cells."),
        ("RESULTS", "ASIA motor scores improved significantly in every subgroup."))
    split = pub(
        "Olfactory ensheathing cells in chronic spinal cord injury",
        ("", "In all, 108 patients were followed after cell therapy and split by the quality of "
             "their rehabilitation into group A (n = 79) and group B (n = 29). ASIA scores "
             "improved in all 108 patients. Group A improved more than group B."))
    for doc in (subgroups, split):
        a = assess(doc, vocab)
        assert (a.design, a.evidence_level) == ("case_series", 4)
    # two treatments compared are still compared
    arms = pub("Stem cells versus steroid for disc herniation",
               ("METHODS", "Forty patients received intradiscal mesenchymal stem cells and 40 "
                           "received an epidural steroid; subgroups by age were analysed."))
    assert assess(arms, vocab).design == "cohort"


def test_a_condition_treated_with_cells_is_no_laboratory_work(vocab):
    doc = pub("Spinal cord injury treated with intrathecal mesenchymal stem cells: a case report",
              ("CASE PRESENTATION", "A man aged 33 received the cells. MRI was done at seven "
                                    "months."))
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("case_report", "human")
    lab = pub("Nucleus pulposus cells treated with conditioned medium",
              ("", "Cells were treated with conditioned medium; apoptosis was measured."))
    assert assess(lab, vocab).population == "in_vitro"


def test_an_intra_articular_injection_for_facet_pain_goes_into_the_facets(vocab):
    doc = pub("Particulate amniotic membrane for facet joint syndrome: a case series",
              ("", "Patients with facet joint syndrome confirmed by a diagnostic block received "
                   "a single intra-articular injection of particulate amniotic membrane. Pain "
                   "was compared at baseline and 6 months."))
    assert assess(doc, vocab).values("delivery") == ["facet"]
    sacroiliac = pub("Platelet-rich plasma for sacroiliac joint pain",
                     ("", "Patients with sacroiliac joint pain received a single "
                          "intra-articular injection of platelet-rich plasma."))
    assert assess(sacroiliac, vocab).values("delivery") == []


def test_a_case_told_under_its_own_heading_is_the_study_and_its_history_no_finding(vocab):
    doc = pub(
        "Intrathecal mesenchymal stem cells in chronic cord injury: a case report",
        ("Introduction", "Whether cells given intrathecally reach the cervical cord is unknown."),
        ("Case presentation", "A man aged 33 with an incomplete cervical cord injury received "
                              "intrathecal mesenchymal stem cells. His function had not "
                              "improved over the previous 54 months. MRI was done at 48 hours, "
                              "two weeks, one month and seven months. A signal was found in "
                              "the cord at 48 hours and was gone by one month."))
    a = assess(doc, vocab)
    assert (a.design, a.population, a.followup_months) == ("case_report", "human", 7)
    assert a.result != "no_difference"  # the history before the cells is no finding


def test_human_cells_of_a_side_experiment_in_a_dish_are_not_the_animals_donor(vocab):
    doc = pub("Synovial mesenchymal stem cells injected into the disc in rabbits",
              ("METHODS", "Disc degeneration was induced in 20 rabbits by aspirating the nucleus, "
                          "after which allogenic synovial MSCs were transplanted into the disc. "
                          "To study how the cells act, human synovial MSCs were co-cultured with "
                          "rat nucleus pulposus cells."))
    assert assess(doc, vocab).values("donor") == ["allogeneic"]
    given = pub("Human synovial mesenchymal stem cells injected into the disc in rabbits",
                ("METHODS", "Human synovial MSCs were injected into the discs of 20 rabbits."))
    assert assess(given, vocab).values("donor") == ["xenogeneic"]


def test_marrow_taken_from_the_vertebra_in_the_same_operation_is_the_patients_own(vocab):
    doc = pub("Bone marrow aspirate in posterolateral lumbar fusion",
              ("METHODS", "In 40 patients, bone marrow aspirate was aspirated intraoperatively "
                          "through the pedicle and mixed with allograft chips."))
    assert assess(doc, vocab).values("donor") == ["autologous"]
    title = pub("Local bone with or without vertebral body bone marrow aspirate in lumbar fusion",
                ("METHODS", "Ninety patients were randomized to local bone with or without the "
                            "aspirate."))
    assert assess(title, vocab).values("donor") == ["autologous"]


def test_amplified_cells_are_culture_expanded(vocab):
    doc = pub("Olfactory ensheathing cell transplantation for spinal cord injury",
              ("", "We followed 13 patients given olfactory ensheathing cells. After "
                   "purification, amplification and identification of the cells, a suspension "
                   "was made ready for transplantation. ASIA scores improved."))
    assert assess(doc, vocab).values("processing") == ["culture_expanded"]
    pcr = pub("Gene expression of disc cells exposed to stem cells",
              ("METHODS", "PCR amplification of collagen II was measured in nucleus pulposus "
                          "cells co-cultured with mesenchymal stem cells."))
    assert assess(pcr, vocab).values("processing") == []


def test_what_a_harmed_patient_came_with_and_the_scan_of_the_harm_are_no_outcomes(vocab):
    doc = pub(
        "Hypertrophy of the cauda equina after intrathecal neural stem cells: a case report",
        ("METHODS", "A woman came to us with bilateral leg pain, numbness and difficulty "
                    "walking. She had been given intrathecal neural stem cells abroad a year "
                    "before her symptoms began."),
        ("RESULTS", "Imaging showed the roots of the cauda equina to be markedly enlarged. The "
                    "stem cell injection may have caused this inflammatory cauda equina "
                    "syndrome."),
        ("CONCLUSIONS", "Stem cell clinics abroad are not regulated for the safety of "
                        "intrathecal treatments."))
    a = assess(doc, vocab)
    assert a.values("outcome") == ["adverse_events"]
    assert a.result == "harm"


# --- held-out sets AL and AM: edge negatives, publication forms, translated abstracts ----------

def test_reviewing_the_scans_of_counted_patients_is_a_case_series(vocab):
    doc = pub("Traumatic paraplegia: the spinal cord on MRI in the long term",
              ("OBJECTIVE", "To describe the cord of patients with chronic paraplegia."),
              ("METHODS", "We reviewed the magnetic resonance (MR) studies of 100 patients with "
                          "thoracic traumatic paraplegia."),
              ("RESULTS", "Intramedullary cysts were found in 83% of cases."))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level, a.sample_size) == ("case_series", 4, 100)
    review = pub("Stem cells in spinal cord injury: a review",
                 ("", "We reviewed 12 studies comprising 350 patients given mesenchymal stem "
                      "cells. Most reported improved motor scores."))
    assert assess(review, vocab).design == "narrative_review"


def test_the_span_of_enrolment_and_follow_up_together_is_no_follow_up(vocab):
    doc = pub("Platelet-rich plasma for chronic low back pain: a randomized controlled study",
              ("METHODS", "A double-blind randomized controlled trial; enrolment and follow-up "
                          "took 3 years. Thirty-four patients were randomized to platelet-rich "
                          "plasma or lidocaine and followed for 6 months."),
              ("RESULTS", "Pain fell more with platelet-rich plasma."))
    assert assess(doc, vocab).followup_months == 6


def test_a_drug_kept_up_for_a_span_is_no_follow_up(vocab):
    doc = pub("Myeloma with paraplegia: a prospective study",
              ("METHODS", "Thirty patients received radiotherapy and bortezomib. Neurological "
                          "response at 6 months was assessed. Responders were kept on "
                          "lenalidomide for two years."))
    assert assess(doc, vocab).followup_months == 6


def test_cancer_stem_cells_and_stem_cell_traits_are_no_product(vocab):
    doc = pub("Cancer stem cells in spine tumors: an overview",
              ("", "Within solid tumors there is a sub-population of cancer cells with features "
                   "usually associated with stem cells. Cancer stem cells (CSCs) self-renew. "
                   "This review discusses CSCs in chordoma."))
    assert assess(doc, vocab).values("cell_type") == []


def test_a_diagnostic_block_of_a_named_level_is_no_route(vocab):
    doc = pub("Platelet-rich plasma for facet mediated low back pain",
              ("METHODS", "Participants with facet mediated low back pain first undergo a "
                          "diagnostic lumbar medial branch block; those with relief are "
                          "randomized to platelet-rich plasma or placebo."))
    assert assess(doc, vocab).values("delivery") == []


def test_a_species_naming_the_tissue_of_an_in_vitro_study_is_no_animal_subject(vocab):
    doc = pub("Marrow mononuclear cells layered onto rat intervertebral discs: an in vitro study",
              ("", "Rat marrow mononuclear cells were seeded in dishes and then implanted into "
                   "explants of rat intervertebral discs, used as an in vitro model. The cells "
                   "engrafted."))
    assert (assess(doc, vocab).design, assess(doc, vocab).population) == ("in_vitro", "in_vitro")


def test_human_cells_named_but_not_given_are_no_xenogeneic_donor(vocab):
    doc = pub("Rabbit mesenchymal stem cells: markers and effect on spinal fusion",
              ("RESULTS", "Fusion was satisfactory in 10 of 12 rabbits of the study group."),
              ("CONCLUSIONS", "Rabbit and human MSCs do not share the same surface markers. "
                              "Allogeneic rabbit MSCs promoted spinal fusion."))
    assert assess(doc, vocab).values("donor") == ["allogeneic"]


def test_guidance_that_injured_the_discs_of_an_animal_model_guided_no_product(vocab):
    doc = pub("Adipose-derived stem cells in a rabbit model of disc degeneration",
              ("METHODS", "In each of 20 rabbits, three lumbar discs were injured percutaneously "
                          "with a spinal needle under C-arm guidance. At week 19, one disc "
                          "received adipose-derived stem cells and another saline."))
    assert assess(doc, vocab).values("guidance") == []


def test_tumours_of_the_spine_and_a_compressed_cord_are_other_spine_conditions(vocab):
    doc = pub("Spine tumors and their stem-like cells: an overview",
              ("", "Primary malignant tumors of the spine are rare. This review discusses what "
                   "is known about chordoma."))
    assert assess(doc, vocab).values("condition") == ["other_spine"]
    compressed = pub("Radiotherapy for malignant spinal cord compression",
                     ("METHODS", "Thirty patients with malignant spinal cord compression received "
                                 "radiotherapy."))
    assert assess(compressed, vocab).values("condition") == ["other_spine"]


# --- held-out set AN: registrations ------------------------------------------------------------

def test_a_coded_product_told_as_cells_made_from_the_subjects_marrow_is_a_cell_product(vocab):
    doc = registration(
        "A single dose of XR-100 for chronic lumbar disc disease",
        allocation="RANDOMIZED", intervention_model="PARALLEL",
        interventions=[{"type": "BIOLOGICAL", "name": "XR-100", "other_names": [],
                        "description": "Investigational product processed from the subject's "
                                       "harvested bone marrow; injected into the disc."}],
        arm_groups=[{"label": "XR-100", "description": "One intradiscal injection of XR-100 "
                                                       "(40 x 10^6 cells) prepared from the "
                                                       "subject's bone marrow harvest."}])
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["other_stem_cells"]
    assert (a.values("cell_source"), a.values("donor")) == (["bone_marrow"], ["autologous"])
    # a named product keeps its own type
    named = registration("Marrow MSCs for disc disease", arm_groups=[{
        "label": "MSC", "description": "Mesenchymal stem cells prepared from the subject's bone "
                                       "marrow harvest."}])
    assert assess(named, vocab).values("cell_type") == ["msc"]


def test_an_age_threshold_is_no_follow_up(vocab):
    doc = registration("Marrow concentrate injection in microdiscectomy",
                       brief_summary="Adults 18 years and older scheduled for a lumbar "
                                     "microdiscectomy can take part. Participants fill in "
                                     "questionnaires several times over 2 years.")
    assert assess(doc, vocab).followup_months == 24


def test_bone_taken_from_the_patients_own_vertebrae_is_whose_bone(vocab):
    doc = registration(
        "A viable cellular bone allograft with local bone in lumbar fusion",
        interventions=[{"type": "OTHER", "name": "Cellular bone allograft", "other_names": [],
                        "description": "A viable cellular bone allograft from donors, mixed "
                                       "with local bone: bone taken from the patient's own "
                                       "vertebrae."}])
    assert assess(doc, vocab).values("donor") == ["allogeneic"]


def test_a_donor_word_before_plasma_or_a_concentrate_serves_both(vocab):
    doc = pub("Platelet-rich plasma and marrow concentrate for internal disc disruption",
              ("", "Patients received autologous platelet-rich plasma (PRP) or bone marrow "
                   "concentrate (BMC) into the nucleus pulposus."))
    assert assess(doc, vocab).values("donor") == ["autologous"]
    plasma_only = pub("Marrow concentrate with platelet-rich plasma",
                      ("", "Patients received bone marrow concentrate from donors mixed with "
                           "autologous platelet-rich plasma."))
    assert assess(plasma_only, vocab).values("donor") == ["allogeneic"]
