"""Writing patterns of real abstracts (the twentieth look, held-out set W): marrow concentrate
as minimally manipulated, index terms that add no product or outcome, recommendations and
future work that find nothing, two arms that "both" improved. Each example is written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub, registration


def test_a_marrow_concentrate_a_study_gives_is_minimally_manipulated(vocab):
    doc = pub(
        "Intradiscal bone marrow concentrate for discogenic pain: a case series",
        ("METHODS", "Twenty patients with discogenic low back pain received one intradiscal "
                    "injection of autologous BMC."),
        ("RESULTS", "Pain scores fell from 6.8 to 3.1 at 12 months (P < 0.01)."),
    )
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["bmac"]
    assert a.values("processing") == ["minimally_manipulated"]
    tag = next(t for t in a.tags if t.facet == "processing")
    assert "concentrate" in tag.matched_text  # explainable: the product that implies it


def test_a_narrative_review_names_concentrates_without_saying_how_any_was_made(vocab):
    doc = pub(
        "Orthobiologics for the degenerating disc: a narrative review",
        ("", "In this narrative review we discuss platelet-rich plasma, bone marrow aspirate "
             "concentrate and culture-expanded mesenchymal stem cells for disc degeneration."),
    )
    a = assess(doc, vocab)
    assert a.design == "narrative_review"
    assert "minimally_manipulated" not in a.values("processing")


def test_lab_work_on_a_concentrate_has_no_processing(vocab):
    doc = pub(
        "Bone marrow aspirate concentrate cells on nucleus pulposus explants in vitro",
        ("", "Cells from bone marrow aspirate concentrate were co-cultured with nucleus "
             "pulposus cells in vitro for 14 days."),
    )
    a = assess(doc, vocab)
    assert a.population == "in_vitro"
    assert a.values("processing") == []


def test_radiculopathy_said_to_come_from_the_disc_with_its_level_is_a_herniation(vocab):
    doc = pub(
        "Transforaminal injections for discogenic cervical radiculopathy: a randomized trial",
        ("METHODS", "Forty patients were randomized to injections of one of two agents."),
    )
    assert assess(doc, vocab).values("condition") == ["disc_herniation"]


def test_future_work_that_will_show_whether_names_no_outcome(vocab):
    doc = pub(
        "Stem cells for the degenerated disc: a systematic review",
        ("", "We systematically searched four databases and included 12 clinical studies of "
             "mesenchymal stem cells for degenerative disc disease. No study reported its "
             "measures consistently. Further work on efficacy and safety will show whether "
             "the therapy becomes an option for chronic back pain."),
    )
    a = assess(doc, vocab)
    assert a.design == "systematic_review"
    assert a.values("outcome") == []


def test_a_recommendation_is_no_finding_of_a_complication_report(vocab):
    doc = pub(
        "Fatal liver failure after an unlicensed stem cell injection",
        ("CASE PRESENTATION", "A 52-year-old man received stem cells at a foreign clinic and "
                              "developed liver failure, of which he died."),
        ("CONCLUSIONS", "Tackling the problem effectively requires that patients are told of "
                        "the risks."),
    )
    a = assess(doc, vocab)
    assert a.design == "case_report"
    assert a.result == "harm"


def test_two_arms_that_both_improved_are_no_benefit_of_either(vocab):
    doc = pub(
        "Epidural platelet-rich plasma or steroid for sciatica: a randomized trial",
        ("METHODS", "Eighty patients were randomized to PRP (n = 40) or to steroid (n = 40) and "
                    "followed for 6 months."),
        ("RESULTS", "Pain improved significantly in both groups (P < 0.05). The steroid group "
                    "did better at 1 month (P < 0.001) and the PRP group at 6 months "
                    "(P < 0.001), with no significant difference at 3 months (P = 0.61)."),
        ("CONCLUSIONS", "Epidural PRP and steroid injections both improve pain in the short "
                        "term."),
    )
    assert assess(doc, vocab).result == "mixed"


def test_a_registrants_keyword_is_a_topic_not_an_outcome(vocab):
    doc = registration(
        "Umbilical cord MSCs in chronic spinal cord injury",
        conditions=["Spinal Cord Injuries"], keywords=["Pain", "Cord Blood Stem Cell"],
        brief_summary="A randomized trial of umbilical cord mesenchymal stem cells against "
                      "rehabilitation alone in chronic spinal cord injury.",
        allocation="RANDOMIZED", intervention_model="PARALLEL",
    )
    a = assess(doc, vocab)
    assert "pain" not in a.values("outcome")
    assert a.values("cell_type") == ["msc"]  # the keyword files the MSCs under a broader name


def test_an_index_term_alone_still_names_a_product(vocab):
    doc = pub("Outcomes of a cell injection for disc degeneration: a case series",
              ("", "Fifteen patients received an injection for disc degeneration."),
              mesh=["Stem Cell Transplantation"])
    assert "other_stem_cells" in assess(doc, vocab).values("cell_type")


def test_pain_inside_the_treated_condition_is_no_outcome_wherever_it_is_named(vocab):
    doc = pub(
        "Stem cell injections for axial back pain: a systematic review",
        ("METHODS", "Following PRISMA, three databases were searched systematically for "
                    "articles reporting stem cell injections for axial back pain, with outcomes "
                    "and complications as the primary focus."),
    )
    a = assess(doc, vocab)
    assert "pain" not in a.values("outcome")
    assert "adverse_events" in a.values("outcome")


# --- held-out sets X and Z ----------------------------------------------------------------------

def test_no_phrase_runs_across_a_titles_colon(vocab):
    doc = pub("Therapies for the degenerated intervertebral disc: stem cells and exosomes",
              ("", "This narrative review describes research on exosomes for the disc."))
    a = assess(doc, vocab)
    assert "disc_cells" not in a.values("cell_type")  # no "disc: stem cells"
    assert a.values("cell_type") == ["cell_free", "other_stem_cells"]  # listed side by side


def test_stem_cells_named_only_as_the_makers_of_vesicles_stay_out(vocab):
    doc = pub("Stem cell-derived extracellular vesicles in disc degeneration",
              ("", "This review discusses vesicles released by stem cells and their roles in "
                   "disc degeneration."))
    assert assess(doc, vocab).values("cell_type") == ["cell_free"]


def test_the_ability_to_walk_is_function(vocab):
    doc = pub("Adipose stem cells for lumbosacral stenosis in a dog",
              ("", "A dog with lumbosacral stenosis received injections of cultured adipose "
                   "stem cells. Its ability to walk improved over two years."))
    assert "function" in assess(doc, vocab).values("outcome")


def test_a_score_in_a_group_of_animals_is_no_count_of_them(vocab):
    doc = pub("Bone marrow stem cells on a scaffold for spinal cord transection in rats",
              ("", "Rats given cell-seeded scaffolds reached locomotor scores of 12, against "
                   "about 3 in control rats without cells."))
    a = assess(doc, vocab)
    assert a.population == "animal"
    assert a.sample_size is None


def test_lower_charges_with_the_cell_graft_are_its_benefit(vocab):
    doc = pub(
        "Hospital charges after lumbar fusion with a cellular bone allograft or rhBMP-2",
        ("METHODS", "In a national database we retrospectively compared 900 patients fused "
                    "with a cellular allograft of viable bone cells and 1,400 patients fused "
                    "with rhBMP-2."),
        ("RESULTS", "Adjusted mean charges were significantly lower with the cellular "
                    "allograft than with rhBMP-2 (P < 0.001)."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.sample_size) == ("cohort", 2300)  # two counted groups compared
    assert a.result == "benefit"


def test_a_review_that_searched_studies_in_human_subjects_covers_people(vocab):
    doc = pub(
        "Stem cells for disc degeneration: a systematic review",
        ("", "Four databases were searched systematically for every study in human subjects. "
             "Twelve clinical studies met the inclusion criteria. Success in animal models is "
             "promising, but clinical performance remains poorly understood."),
        publication_types=["Journal Article", "Systematic Review"],
    )
    assert assess(doc, vocab).population == "human"


def test_results_of_a_prospective_clinical_study_without_controls_are_a_case_series(vocab):
    doc = pub("Cell-seeded allograft in lumbar fusion: twelve-month results of a prospective "
              "clinical study",
              ("BACKGROUND", "Autograft harvest has complications; cell-seeded allograft is an "
                             "alternative."))
    a = assess(doc, vocab)
    assert (a.design, a.population, a.evidence_level) == ("case_series", "human", 4)


# --- held-out set Y -----------------------------------------------------------------------------

def test_a_scan_that_looked_for_complications_is_no_imaging_outcome(vocab):
    doc = pub("Marrow mononuclear cells by lumbar puncture in spinal cord injury",
              ("METHODS", "Ten patients received autologous bone marrow mononuclear cells by "
                          "lumbar puncture; ASIA grades were recorded at six months."),
              ("RESULTS", "Two patients improved by one ASIA grade. No complication was seen "
                          "on MRI."))
    a = assess(doc, vocab)
    assert "imaging" not in a.values("outcome")
    assert "adverse_events" in a.values("outcome")


def test_the_most_frequent_adverse_events_of_the_participants_are_no_background(vocab):
    doc = pub("Autologous marrow stem cells in spinal cord injury",
              ("", "Twenty patients received autologous mesenchymal stem cells; ASIA scores "
                   "improved significantly. Fever and headache, the most frequent adverse "
                   "events, resolved within two days."))
    assert "adverse_events" in assess(doc, vocab).values("outcome")


def test_pain_denied_in_a_list_of_harms_is_no_pain_outcome(vocab):
    doc = pub("Neural stem cells in cervical spinal cord injury: a clinical trial",
              ("", "Nineteen patients received neural stem cells. After a year there was no "
                   "sign of cord damage, of tumor formation, of neurological deterioration, or "
                   "of worsening neuropathic pain. Five patients improved in AIS grade."))
    a = assess(doc, vocab)
    assert "pain" not in a.values("outcome")
    assert {"adverse_events", "function"} <= set(a.values("outcome"))


def test_olfactory_ensheathing_cells_come_from_another_tissue(vocab):
    doc = pub("Olfactory ensheathing cell transplantation in chronic spinal cord injury",
              ("", "Forty patients received olfactory ensheathing cells into the injured "
                   "cord."))
    a = assess(doc, vocab)
    assert a.values("cell_source") == ["other"]


def test_an_organs_function_is_not_the_patients(vocab):
    doc = pub("Autologous stem cell transplantation for systemic sclerosis",
              ("METHODS", "Seventy adults received autologous haematopoietic stem cells and "
                          "had pulmonary function tests every year."))
    assert "function" not in assess(doc, vocab).values("outcome")


def test_a_titles_efficacy_of_names_what_was_measured_not_found(vocab):
    doc = pub("Safety and preliminary efficacy of riluzole after spinal cord injury: a phase I "
              "trial with a matched comparison group",
              ("", "Thirty-six patients took riluzole for 14 days; plasma levels were measured "
                   "on days 3 and 14."))
    assert assess(doc, vocab).result != "benefit"


def test_parallel_groups_without_a_recorded_allocation_are_non_randomized(vocab):
    doc = registration(
        "Marrow concentrate with allograft against allograft alone in posterolateral fusion",
        allocation=None, intervention_model="PARALLEL",
        brief_summary="Fusion was done with allograft alone in forty cases and with allograft "
                      "mixed with bone marrow concentrate in forty.")
    assert assess(doc, vocab).design == "non_randomized_controlled"


def test_a_time_frame_told_unit_first_counts_its_last_visit(vocab):
    doc = registration("Marrow cells in posterolateral fusion", enrollment=20,
                       secondary_outcomes=[{"measure": "Radiographic healing",
                                            "time_frame": "Baseline, Month 6 and Month 12"}])
    assert assess(doc, vocab).followup_months == 12


def test_the_phase_of_an_injury_is_no_follow_up(vocab):
    doc = registration(
        "Intrathecal marrow stem cells in subacute spinal cord injury", enrollment=40,
        detailed_description="The project studies participants with thoracolumbar injuries in "
                             "the subacute phase (3 to 6 months after the event).")
    assert assess(doc, vocab).followup_months is None


# --- held-out set AA ----------------------------------------------------------------------------

def test_a_bibliometric_analysis_indexed_as_a_review_is_other(vocab):
    doc = pub("Stem cell therapy for spinal cord injury, 2003-2022: a visualized analysis",
              ("METHODS", "Records of 6,686 publications were taken from the Web of Science and "
                          "analysed with VOSviewer for countries, journals and clusters."),
              publication_types=["Journal Article", "Review"])
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level) == ("other", None)


def test_a_review_that_systematically_considers_is_narrative(vocab):
    doc = pub("Tissue engineering for disc degeneration",
              ("", "This review systematically considers how back pain relates to disc "
                   "degeneration and appraises preclinical findings on seed cells and "
                   "scaffolds."))
    assert assess(doc, vocab).design == "narrative_review"


def test_a_condition_told_as_the_frequent_cause_of_pain_does_not_tag_the_pain(vocab):
    doc = pub("Cell-based therapies for disc degeneration: a review",
              ("", "In this review we discuss mesenchymal stem cell therapies for disc "
                   "degeneration. Disc degeneration is a frequent cause of low back pain."))
    assert assess(doc, vocab).values("condition") == ["disc_degeneration"]


def test_an_abbreviation_of_a_list_member_keeps_its_meaning(vocab):
    doc = pub("Stem cells after spinal cord injury in mice",
              ("", "Stem cells, whether embryonic (ESCs) or mesenchymal (MSCs), are candidates. "
                   "Here 40 mice with spinal cord injury received MSCs from umbilical cord."))
    a = assess(doc, vocab)
    assert "msc" in a.values("cell_type")


def test_cells_named_by_a_hyphenated_compound_are_the_lines_product(vocab):
    doc = pub("Neural cells from induced pluripotent stem cells in spinal cord injury",
              ("", "Thirty rats with spinal cord injury received hiPSC-NSCs or saline."))
    assert assess(doc, vocab).values("cell_type") == ["ipsc"]


# --- held-out set AB ----------------------------------------------------------------------------

def test_a_visit_that_established_how_much_relief_claims_none(vocab):
    doc = pub("Haematopoietic stem cells injected into painful discs",
              ("", "We prospectively treated 10 patients with intradiscal injections of "
                   "haematopoietic stem cells from their pelvic bone marrow. Visits at 6 and 12 "
                   "months established how much pain relief each patient had obtained. After "
                   "a year none of the 10 patients had any improvement of the pain."))
    a = assess(doc, vocab)
    assert a.result == "no_difference"
    assert a.values("donor") == ["autologous"]  # "their" marrow: the patients' own


def test_a_study_that_compared_one_graft_against_another_is_a_cohort(vocab):
    doc = pub(
        "Fusion rates with rhBMP-2 or a cellular bone matrix",
        ("BACKGROUND", "This study compared the fusion rates of interbody fusions done with "
                       "rhBMP-2 against those done with a cellular bone matrix."),
        ("METHODS", "In a retrospective review of one surgeon's patients, fusion was assessed "
                    "on CT at 12 months."),
        ("RESULTS", "Of 78 patients, fusion was 68% with the matrix and 78% with rhBMP-2 "
                    "(P = .35)."))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level) == ("cohort", 3)


def test_a_harm_nobody_had_is_no_condition(vocab):
    doc = pub("Intradiskal platelet-rich plasma for chronic low back pain: a randomized trial",
              ("PARTICIPANTS", "Adults with lumbar diskogenic pain lasting over six months."),
              ("RESULTS", "Fifty participants were analysed. After treatment nobody had disk "
                          "space infection, nerve injury or progressive herniation."))
    assert "disc_herniation" not in assess(doc, vocab).values("condition")


def test_bone_marrow_cells_abbreviated_bmc_are_no_concentrate(vocab):
    doc = pub("Autologous bone marrow cells for complete spinal cord injury: a phase I/II trial",
              ("", "Thirty-five patients received autologous bone marrow cells (BMC) around "
                   "the injury site; 13 controls had surgery alone."))
    assert "minimally_manipulated" not in assess(doc, vocab).values("processing")


def test_an_operation_patients_qualified_for_is_no_surgery_outcome(vocab):
    doc = pub("Intradiscal methylene blue for discogenic back pain",
              ("", "Thirty patients who met the criteria for lumbar fusion surgery received an "
                   "intradiscal injection for pain relief instead. Pain (VAS) and disability "
                   "(ODI) improved "
                   "significantly at one year (P < 0.001)."))
    a = assess(doc, vocab)
    assert "surgery" not in a.values("outcome")
    assert {"pain", "function"} <= set(a.values("outcome"))


def test_no_post_treatment_intervention_in_a_composite_success_is_a_surgery_outcome(vocab):
    doc = registration(
        "Allogeneic precursor cells for chronic discogenic low back pain", enrollment=300,
        allocation="RANDOMIZED", intervention_model="PARALLEL",
        primary_outcomes=[{"measure": "Treatment success", "time_frame": "24 months",
                           "description": "Pain VAS halved, ODI down 15 points and no "
                                          "post-treatment intervention at the treated level."}])
    assert "surgery" in assess(doc, vocab).values("outcome")


def test_an_open_question_about_allografts_names_no_donor(vocab):
    doc = pub("Stem cells in spinal fusion: a review",
              ("CONCLUSION", "MSCs may help grafts fuse when used with osteoconductive "
                             "scaffolds. How cell-based allografts work and how best to use "
                             "them is not yet fully clear."))
    assert assess(doc, vocab).values("donor") == []


# --- held-out sets AC and AD --------------------------------------------------------------------

def test_a_dog_treated_with_adipose_cells_is_the_subject_not_their_source(vocab):
    doc = pub("Case report: lumbosacral stenosis in a dog with autologous adipose-derived "
              "stem cells",
              ("", "A dog with lumbosacral stenosis received cultured adipose-derived stem "
                   "cells beside the foramen of the patient. Its gait improved for four years."),
              publication_types=["Journal Article", "Case Reports"])
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("preclinical_animal", "animal")


def test_groups_compared_for_a_measure_are_a_comparison(vocab):
    doc = pub("Fusion with rhBMP-2 or a cellular bone matrix",
              ("BACKGROUND", "We set out to compare fusion rates after fusion with rhBMP-2 or "
                             "with a cellular bone matrix."),
              ("METHODS", "This retrospective cohort study included patients fused with either "
                          "adjunct. The 2 groups were compared for fusion rates."),
              ("RESULTS", "Of 80 patients, fusion was 70% with the matrix and 76% with rhBMP-2 "
                          "(P = .40)."))
    assert assess(doc, vocab).design == "cohort"


def test_groups_alike_in_age_and_sex_is_no_finding(vocab):
    doc = pub("Local autograft versus allograft in cervical fusion: a randomized trial",
              ("METHODS", "Thirty patients were randomized to local autograft or allograft."),
              ("RESULTS", "Age, sex, blood loss and hospital stay did not differ significantly "
                          "between the two groups (p > 0.05)."))
    assert assess(doc, vocab).result == "not_reported"


def test_the_time_since_an_injury_is_no_follow_up(vocab):
    doc = pub("Fetal cell implants in chronic spinal cord injury",
              ("", "Fifteen patients received subarachnoid cell implants. Between 1 month and 6 "
                   "years had passed since the SCI. Six patients improved by two Frankel "
                   "grades."))
    assert assess(doc, vocab).followup_months is None


def test_a_meta_analysis_filtered_to_human_participants_covers_people(vocab):
    doc = pub("Intradiscal platelet-rich plasma for discogenic pain: a meta-analysis",
              ("OBJECTIVE", "Studies in animals and humans have given promising results."),
              ("METHODS", "Four databases were searched. Filters kept studies with human "
                          "participants; every design was accepted."),
              publication_types=["Journal Article", "Meta-Analysis"])
    assert assess(doc, vocab).population == "human"


def test_a_follow_up_told_in_hundreds_of_days_is_a_length(vocab):
    doc = pub("Intrathecal marrow stem cells in spinal cord injury: a pilot study",
              ("RESULTS", "Ten patients were treated; no complication occurred over a median "
                          "follow-up of 263 days (range 100-602 days)."))
    assert assess(doc, vocab).followup_months == 20


def test_further_patients_told_by_their_outcome_are_no_added_group(vocab):
    doc = pub("Cell implants in chronic spinal cord injury",
              ("", "Fifteen patients received subarachnoid cell implants. Six patients improved "
                   "by two grades. Four further treated patients reached grade B."))
    assert assess(doc, vocab).sample_size == 15
    added = pub("Cell implants in chronic spinal cord injury",
                ("", "Fifteen patients received subarachnoid cell implants. Five further "
                     "patients were enrolled later and received the same cells."))
    assert assess(added, vocab).sample_size == 20


def test_an_injury_grade_that_rose_is_an_improvement(vocab):
    doc = pub("Fetal cell implants in chronic spinal cord injury",
              ("", "Twelve patients with complete injuries received subarachnoid cell implants. "
                   "After treatment, five patients rose from grade A to grade C."))
    assert assess(doc, vocab).result == "benefit"


def test_studies_still_needed_to_establish_safety_name_no_outcome(vocab):
    doc = pub("Stem cell treatment of discogenic back pain",
              ("", "In this literature review we present in vivo and in vitro studies of stem "
                   "cells for disc degeneration. Stem cells may be an alternative treatment, but "
                   "further clinical studies are still needed to establish their safety."))
    assert "adverse_events" not in assess(doc, vocab).values("outcome")


def test_a_quoted_term_is_a_word_not_a_product(vocab):
    doc = pub("Orthobiologics: a Delphi consensus on ethics and regulation",
              ("METHODS", "Twenty panellists voted on 26 statements."),
              ("RESULTS", "Nine statements on transparency were unanimous, among them "
                          'misinformation, use of the term "stem cells," and off-label use.'))
    assert assess(doc, vocab).values("cell_type") == []


@pytest.mark.parametrize("sentence", [
    "Disturbed stem cell function drives bone loss in the ageing spine.",
    "The cells restored the mechanical function of the engineered disc under load.",
    "Vesicles carry functional proteins.",
    "The vesicles restored the functions of degenerated nucleus pulposus cells.",
    "Their phenotype and function were preserved after expansion.",
])
def test_a_cells_or_a_tissues_function_is_not_the_patients(vocab, sentence):
    doc = pub("Stromal cells for the degenerated disc",
              ("RESULTS", sentence + " Disc height on MRI was preserved in the twelve treated "
                                     "patients."))
    assert assess(doc, vocab).values("outcome") == ["imaging"]


def test_function_of_the_patients_limbs_is_still_function(vocab):
    doc = pub("Marrow cells in chronic spinal cord injury",
              ("RESULTS", "Motor function of the lower limbs improved in 12 of 20 patients."))
    assert "function" in assess(doc, vocab).values("outcome")
