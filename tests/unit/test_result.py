"""What a study found (result direction) and its follow-up, from abstracts written for these tests.

Every example here was written for this file (none is copied or paraphrased from a corpus); each
states one general way results and conclusions are written.
"""

from __future__ import annotations

import pytest

from evidence.assess import assess
from evidence.result import extract_followup, extract_result
from evidence.text import scan_document
from tests.unit.evidence_docs import pub, registration


def result_of(vocab, design, title, *sections, population="human", cell_study=True):
    scan = scan_document(pub(title, *sections), vocab)
    decision = extract_result(scan, design, population, cell_study=cell_study)
    return None if decision is None else decision.value


def decided(vocab, design, title, *sections, cell_study=True):
    scan = scan_document(pub(title, *sections), vocab)
    return extract_result(scan, design, "human", cell_study=cell_study)


# ---- acceptance examples (issue 10, item 1) ------------------------------------------------------
def test_negative_rct_is_no_difference(vocab):
    assert result_of(
        vocab, "rct",
        "Intradiscal stromal cells versus saline for chronic discogenic back pain",
        ("METHODS", "We randomly assigned 96 adults to intradiscal cells or saline."),
        ("RESULTS", "At 12 months the mean change in back pain was -2.4 points with cells and "
                    "-2.1 points with saline (P=0.48); disability scores changed alike."),
        ("CONCLUSIONS", "Injecting the cells did not result in greater pain relief than saline."),
    ) == "no_difference"


def test_primary_outcome_not_met_with_secondary_benefit_is_mixed(vocab):
    assert result_of(
        vocab, "rct",
        "Allogeneic precursor cells for lumbar disc degeneration: a randomized trial",
        ("RESULTS", "The primary end point, the proportion of responders at 6 months, did not "
                    "differ between arms (41% vs 37%, P=0.59). Disability improved significantly "
                    "more with cells than with placebo at 12 months (P=0.01)."),
        ("CONCLUSIONS", "Although the primary end point was not met, the cells improved function "
                        "at one year."),
    ) == "mixed"


def test_safe_and_feasible_pilot_is_safety_only(vocab):
    assert result_of(
        vocab, "case_series",
        "Intrathecal autologous stromal cells in chronic spinal cord injury: a pilot study",
        ("RESULTS", "No serious adverse events occurred during 12 months. Motor scores were "
                    "unchanged in most patients; two patients gained one sensory level."),
        ("CONCLUSIONS", "Intrathecal transplantation of autologous stromal cells is safe and "
                        "feasible in chronic spinal cord injury."),
    ) == "safety_only"


def test_review_finding_no_evidence_is_no_difference(vocab):
    assert result_of(
        vocab, "systematic_review",
        "Cell injections for chronic low back pain: a systematic review",
        ("RESULTS", "Five small trials were included; all were at high risk of bias."),
        ("CONCLUSIONS", "There is no evidence that cell injections reduce pain or disability in "
                        "chronic low back pain."),
    ) == "no_difference"


def test_result_about_a_co_intervention_does_not_count_for_the_cells(vocab):
    # the pain relief belongs to the operation; what the cells added is stated apart
    sections = (
        ("METHODS", "Forty patients had microdiscectomy; 20 also received bone marrow "
                    "concentrate into the disc."),
        ("RESULTS", "Microdiscectomy relieved leg pain in every patient. Disc height and "
                    "reherniation rates did not differ between the groups."),
        ("CONCLUSIONS", "Discectomy was effective for sciatica. Adding bone marrow concentrate "
                        "gave no additional benefit."),
    )
    assert result_of(vocab, "cohort", "Bone marrow concentrate after microdiscectomy",
                     *sections) == "no_difference"
    # the same kind of sentence alone: nothing is said about the cells
    assert result_of(
        vocab, "case_series", "Platelet-rich plasma with adipose cells for disc pain",
        ("RESULTS", "Platelet-rich plasma relieved pain within two weeks."),
    ) == "not_reported"


def test_a_non_cell_study_is_judged_on_its_own_intervention(vocab):
    assert result_of(
        vocab, "rct", "Platelet-rich plasma versus saline for discogenic pain",
        ("RESULTS", "Platelet-rich plasma reduced pain significantly more than saline at 6 "
                    "months (P=0.003)."),
        cell_study=False,
    ) == "benefit"


# ---- controlled designs --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("conclusion", "expected"),
    [
        ("Cells reduced pain significantly more than sham injection.", "benefit"),
        ("The cell group improved more than the control group in pain and function.", "benefit"),
        ("Cells were not superior to placebo for pain or function.", "no_difference"),
        ("Outcomes were comparable between the two groups.", "no_difference"),
        ("The graft with cells was non-inferior to autograft for fusion.", "no_difference"),
        ("Cells provided no additional benefit over physiotherapy alone.", "no_difference"),
        ("An early benefit of the cells was not sustained beyond three months.", "mixed"),
        ("Cells improved pain but not disability.", "mixed"),
        ("Cells increased fusion rates without better clinical outcomes.", "mixed"),
        ("Patients given cells had a higher rate of serious adverse events than controls.",
         "harm"),
        ("The small reduction in pain with cells was not clinically meaningful.",
         "no_difference"),
    ],
)
def test_controlled_conclusions(vocab, conclusion, expected):
    assert result_of(vocab, "rct", "Stromal cells versus control for disc pain",
                     ("CONCLUSIONS", conclusion)) == expected


def test_controlled_results_decide_when_the_conclusion_only_speaks_of_safety(vocab):
    assert result_of(
        vocab, "rct", "Chondrocytes for disc degeneration",
        ("RESULTS", "Pain fell in both groups; the difference favoured the chondrocyte group but "
                    "was not statistically significant. Disc signal increased more with "
                    "chondrocytes than with saline (30% vs 8%)."),
        ("CONCLUSIONS", "Chondrocytes were safe; a larger trial is needed to determine efficacy."),
    ) == "mixed"


def test_a_measure_kept_from_falling_is_a_favourable_finding(vocab):
    # "preserved disc height" beside "did not relieve pain": the results point both ways
    assert result_of(
        vocab, "rct",
        "Cell-seeded cement for vertebral compression fractures: a randomised trial",
        ("RESULTS", "Pain improved in both arms at one month."),
        ("CONCLUSIONS", "Cement seeded with stromal cells preserved vertebral height but did not "
                        "relieve pain more than cement alone."),
    ) == "mixed"


def test_a_measure_better_kept_beside_a_clinical_null_is_mixed(vocab):
    # "better preserved" compares the groups; "may slow degeneration" reads degeneration as a
    # measure where less is better
    assert result_of(
        vocab, "cohort",
        "Cultured disc cells after discectomy: a matched comparison at eight years",
        ("RESULTS", "Disc height was better preserved with the cells (P = 0.02); disability "
                    "scores were similar in the two groups."),
        ("CONCLUSIONS", "The cells may slow degeneration of the operated disc, without a "
                        "clinical difference."),
    ) == "mixed"


def test_a_benefit_found_in_a_subgroup_only_is_mixed(vocab):
    assert result_of(
        vocab, "rct",
        "Precursor cells for discogenic back pain: patients on opioids",
        ("RESULTS", "In patients taking opioids at entry, pain fell more with the cells than "
                    "with saline (P = 0.03)."),
        ("CONCLUSIONS", "The cells may benefit a subgroup of patients who take opioids."),
    ) == "mixed"
    # the same words without the subgroup: a benefit
    assert result_of(
        vocab, "rct",
        "Precursor cells for discogenic back pain",
        ("RESULTS", "Pain fell more with the cells than with saline (P = 0.03)."),
        ("CONCLUSIONS", "The cells may benefit patients with discogenic pain."),
    ) == "benefit"


def test_improvement_in_every_group_is_not_a_benefit(vocab):
    assert result_of(
        vocab, "rct", "Cells versus sham",
        ("RESULTS", "Pain and disability improved in both groups."),
    ) == "no_difference"


def test_nonsignificant_comparison_is_no_difference(vocab):
    assert result_of(
        vocab, "rct", "Cells versus sham",
        ("RESULTS", "Mean pain decreased by 30 mm with cells and 26 mm with sham "
                    "(difference 4 mm, 95% CI -6 to 14; P = 0.41)."),
    ) == "no_difference"
    assert result_of(
        vocab, "rct", "Cells versus usual care",
        ("RESULTS", "Walking speed improved slightly but not significantly."),
    ) == "no_difference"


def test_changes_within_each_group_are_no_contrast_between_them(vocab):
    assert result_of(
        vocab, "cohort", "Autologous versus allogeneic cells",
        ("RESULTS", "Function scores rose from 40 to 62 after autologous cells and from 41 to 60 "
                    "after allogeneic cells. Two-year survival did not differ between the groups."),
    ) == "no_difference"
    assert result_of(
        vocab, "rct", "Cells versus usual care",
        ("RESULTS", "Disability fell from 44 to 21 with cells (P<0.001)."),
    ) == "benefit"


def test_a_non_randomised_comparison_is_not_a_negation(vocab):
    assert result_of(
        vocab, "non_randomized_controlled", "Cells after discectomy",
        ("RESULTS", "A non-randomised comparison showed improved function in the cell group."),
    ) == "benefit"


def test_strata_of_a_one_arm_study_are_no_treatment_comparison(vocab):
    # every patient got the same injection: older and younger patients are strata
    assert result_of(
        vocab, "case_series", "Bone marrow concentrate for disc pain: a registry",
        ("RESULTS", "Outcomes did not differ between patients older and younger than 50 years "
                    "(p=0.41)."),
    ) == "not_reported"
    assert result_of(
        vocab, "case_series", "Bone marrow concentrate for disc pain: a registry",
        ("RESULTS", "Pain fell from 7.0 to 3.1 (P<0.001); outcomes were similar in older and "
                    "younger patients."),
    ) == "benefit"


def test_case_control_states_its_finding_as_an_association(vocab):
    assert result_of(
        vocab, "case_control", "Infections after clinic cell injections",
        ("RESULTS", "Cell injections at private clinics were associated with an increased risk "
                    "of vertebral osteomyelitis (odds ratio 5.2)."),
    ) == "harm"
    # cases and controls differ in what defines them: that is no treatment result
    assert result_of(
        vocab, "case_control", "Progenitor counts in good and poor responders",
        ("RESULTS", "Good responders had higher progenitor counts than poor responders, whereas "
                    "platelet counts did not differ."),
    ) == "not_reported"


# ---- uncontrolled designs ------------------------------------------------------------------------
def test_significant_improvement_from_baseline_is_benefit(vocab):
    assert result_of(
        vocab, "case_series", "Adipose cells for facet joint pain",
        ("RESULTS", "Pain scores fell from 7.1 to 3.4 at one year (P < .001)."),
        ("CONCLUSIONS", "Efficacy cannot be established without a control group."),
    ) == "benefit"


def test_reported_improvement_without_a_test_is_benefit(vocab):
    assert result_of(
        vocab, "case_report", "Epidural cells for stenosis: a case report",
        ("", "A 66-year-old man received two epidural injections of cultured cells. His walking "
             "distance doubled and leg pain decreased from 8 to 2 over six months."),
    ) == "benefit"


def test_hedged_claim_counts_only_when_results_report_improvement(vocab):
    hedged = ("CONCLUSIONS", "Cell transplantation may improve function in chronic injury.")
    assert result_of(
        vocab, "case_series", "Cells in chronic spinal cord injury",
        ("RESULTS", "Eight of ten patients completed follow-up; there were no serious adverse "
                    "events."), hedged,
    ) == "safety_only"
    assert result_of(
        vocab, "case_series", "Cells in chronic spinal cord injury",
        ("RESULTS", "Hand function improved in six of ten patients; there were no serious "
                    "adverse events."), hedged,
    ) == "benefit"


def test_safety_claim_with_a_claimed_improvement_is_benefit(vocab):
    assert result_of(
        vocab, "case_series", "Bone marrow concentrate for disc pain",
        ("CONCLUSIONS", "Intradiscal bone marrow concentrate was safe and was followed by "
                        "lasting relief of back pain."),
    ) == "benefit"


def test_safety_study_with_untested_changes_is_safety_only(vocab):
    assert result_of(
        vocab, "case_series", "Umbilical cord cells for disc pain: a phase 1 safety study",
        ("", "Twelve patients received one intradiscal injection. No serious adverse events "
             "were seen. Mean pain decreased from 6.2 to 4.0 at six months."),
    ) == "safety_only"


def test_complication_report_is_harm(vocab):
    assert result_of(
        vocab, "case_report", "Epidural abscess after a stem cell injection abroad",
        ("", "A 52-year-old woman presented with fever and back pain three weeks after a "
             "lumbar injection of cells at a clinic abroad. Imaging showed an epidural abscess "
             "that required drainage."),
    ) == "harm"


def test_no_complications_is_safety_not_harm(vocab):
    assert result_of(
        vocab, "case_series", "Cells for neck pain",
        ("RESULTS", "There were no serious adverse events and no infections."),
        ("CONCLUSIONS", "The injections were well tolerated."),
    ) == "safety_only"


# ---- phrasings of results and conclusions --------------------------------------------------------
@pytest.mark.parametrize(
    ("design", "section", "text", "expected"),
    [
        ("rct", "RESULTS", "Treatment with cells resulted in a statistically significant "
         "improvement in disability compared with placebo (p = 0.03).", "benefit"),
        ("rct", "RESULTS", "There were no statistically significant differences between groups "
         "in any outcome measure.", "no_difference"),
        ("rct", "RESULTS", "A trend toward less pain was seen with cells (p=0.08).",
         "no_difference"),
        ("rct", "CONCLUSIONS", "The results do not support intradiscal cell injection for "
         "discogenic pain.", "no_difference"),
        ("rct", "RESULTS", "Both groups improved significantly from baseline (p<0.001 for both), "
         "with no between-group differences.", "no_difference"),
        ("cohort", "RESULTS", "Patients given concentrate had lower odds of reoperation (OR 0.45, "
         "95% CI 0.25-0.80).", "benefit"),
        ("systematic_review", "CONCLUSIONS", "Cell therapy appears to be effective in reducing "
         "pain and improving function.", "benefit"),
        ("systematic_review", "CONCLUSIONS", "Current evidence is insufficient to support the "
         "routine use of stem cells after spinal cord injury.", "no_difference"),
        ("systematic_review", "RESULTS", "Cell therapy improved motor grades (RR 1.8) but "
         "increased the risk of adverse events (RR 2.1).", "mixed"),
        ("case_series", "RESULTS", "Back pain improved from 6.9 +/- 1.2 to 2.8 +/- 1.4 "
         "(P < .001).", "benefit"),
        ("case_series", "RESULTS", "Pain relief of at least 50% was achieved by 14 of 20 "
         "patients at one year.", "benefit"),
        ("case_series", "CONCLUSIONS", "Neurological function did not improve in any patient.",
         "no_difference"),
        ("case_report", "", "A 58-year-old man died of pulmonary embolism after an intravenous "
         "infusion of fat-derived cells at a private clinic.", "harm"),
        ("case_report", "", "After three injections she regained the ability to walk with a "
         "cane.", "benefit"),
        # a claim of good results beside "and was safe" is efficacy, not safety alone
        ("case_series", "CONCLUSIONS", "Injecting the cells gave satisfactory results and was "
         "safe.", "benefit"),
        ("case_series", "CONCLUSIONS", "The graft achieved good clinical results and was safe.",
         "benefit"),
        ("case_series", "CONCLUSIONS", "The cells led to favourable outcomes and were well "
         "tolerated.", "benefit"),
        # the same claim with the verb first
        ("case_series", "RESULTS", "Outcomes were satisfactory in four of five patients at one "
         "year.", "benefit"),
        # success criteria met
        ("case_series", "RESULTS", "Categorical success was reached by 11 of 20 patients at six "
         "months.", "benefit"),
    ],
)
def test_phrasings(vocab, design, section, text, expected):
    assert result_of(vocab, design, "Cells for the spine", (section, text)) == expected


# ---- what gets a result at all -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("design", "population"),
    [("preclinical_animal", "animal"), ("in_vitro", "in_vitro"), ("narrative_review", "human"),
     ("protocol", "human"), ("guideline", "human"), ("editorial", "unknown"),
     ("case_series", "animal"), ("systematic_review", "animal")],
)
def test_no_result_outside_human_studies_and_reviews(vocab, design, population):
    assert result_of(vocab, design, "Cells for disc repair",
                     ("RESULTS", "Pain improved significantly (P<0.01)."),
                     population=population) is None


def test_registrations_have_no_result(vocab):
    doc = registration("Cells for back pain", brief_summary="Pain improved in every patient.")
    assert extract_result(scan_document(doc, vocab), "rct", "human", cell_study=True) is None


def test_cut_abstract_is_not_reported(vocab):
    assert result_of(
        vocab, "systematic_review", "Cells for spinal cord injury: a meta-analysis",
        ("METHODS", "We searched five databases for randomized trials of cell transplantation."),
    ) == "not_reported"


def test_questions_and_aims_claim_nothing(vocab):
    assert result_of(
        vocab, "case_series", "Do stromal cells relieve discogenic pain?",
        ("OBJECTIVE", "To test whether stromal cells improve pain and function."),
    ) == "not_reported"


def test_the_deciding_sentence_is_kept(vocab):
    decision = decided(
        vocab, "rct", "Cells versus placebo",
        ("RESULTS", "Pain fell in both groups."),
        ("CONCLUSIONS", "Cells were not superior to placebo."),
    )
    assert decision.value == "no_difference"
    assert decision.field == "abstract:CONCLUSIONS"
    assert decision.matched_text == "Cells were not superior to placebo."


# ---- follow-up -----------------------------------------------------------------------------------
def followup_of(vocab, design, title, *sections):
    doc = pub(title, *sections)
    decision = extract_followup(doc, scan_document(doc, vocab), design, "human")
    return None if decision is None else decision.value


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Patients were followed for 18 months.", 18),
        ("Outcomes were assessed at 1, 3, 6 and 12 months.", 12),
        ("Mean follow-up was 31 months (range 14 to 52 months).", 52),
        ("Pain was recorded over three years.", 36),
        ("All patients completed the two-year follow-up.", 24),
        ("Function was assessed at 6 weeks.", 2),  # 1.5 months, rounded half up
        ("Outcomes were assessed at 10 weeks.", 3),  # 2.5 months, rounded half up
        ("Patients were contacted four to seven years after treatment.", 84),
        ("Patients were followed for at least 24 months.", 24),
        ("Mean follow-up was 20.6 months.", 21),
        ("Function was scored at 90 days.", 3),
        ("Motor scores were recorded up to month 9.", 9),
        ("Nine years later she developed a mass at the injection site.", 108),
        # a number after the unit is its time point only when nothing stands between them:
        # "month 3 (64.2 vs 51.8)" is month 3, "[SD, 9.4] years; 12 men" no length at all
        ("Function was scored at month 3 (64.2 vs 51.8 points) and at month 6.", 6),
        ("Twenty adults (mean age 52 [SD, 9.4] years; 31 men) were followed for 2 years.", 24),
        ("Scores were recorded at months 3, 6 and 12.", 12),
        # each unit-first time point has its own number: "week 48 and week 72" is 72 weeks
        ("Motor scores were taken at week 48 and week 72.", 18),
        ("Scans were read at month 3 and month 9.", 9),
        ("Neurologists examined the patients at 12 and 36 weeks with standard scores.", 9),
        # a mean with its spread: the mean is the length, the SD after "±" is no length
        ("Patients were reviewed after a mean of 14 ± 5 months.", 14),
        # a decimal mean with a decimal spread: 25.3, not the 3 after its point
        ("The cohort was followed for a mean of 25.3 ± 6.1 months.", 25),
        ("Mean follow-up was 2.5 +/- 0.5 years.", 30),
        ("Mean follow-up was 30 +/- 11 months.", 30),
        # a range after the length, in the length's unit: its upper end
        ("Mean follow-up was 3.5 years (range 1 to 6).", 72),
        ("The mean follow-up was 29.4 months (range: 13-50).", 50),
        # a length told as at least so long: "N or more", "N+"
        ("Fusion was graded at 3, 9 and 18 or more months after the operation.", 18),
        ("Radiographs were reviewed at 6 and 20+ months.", 20),
        # an age stated in the same sentence does not hide a follow-up told after it
        ("Patients aged 30 to 60 years were followed for 2 years.", 24),
        # a time after the last of several doses, told beside the look before treatment
        ("Scores were taken before treatment and 9 months after the last infusion.", 9),
        ("Imaging was repeated before the injection and 18 months post injection.", 18),
    ],
)
def test_followup_lengths(vocab, text, months):
    assert followup_of(vocab, "case_series", "Cells for back pain", ("METHODS", text)) == months


@pytest.mark.parametrize(
    "text",
    [
        "Patients aged 40 to 70 years with pain for at least 6 months were eligible.",
        "A 63-year-old man had had back pain for 11 years despite physiotherapy.",
        "Participants received 20 mg daily for 6 months.",  # treatment duration alone
        "Exposure was a clinic injection within the previous 12 months.",  # a look-back
        "The second dose was given three months later.",  # a dosing schedule
        "Patients had an injury of more than 2 years' duration.",
        "Three days later the pain had resolved.",  # under half a month
        "Of the adults enrolled (median age 47 [IQR, 39-55] years; 31 women), none dropped out.",
        "Their mean age was 51 years (range 33-69 years) and nine were men.",
        # the range of an age, set off from it by a comma or a parenthesis, is still an age
        "The median age was 61 years (range, 23-84 years).",
        "Their mean age was 47.5 ± 9.1 years (range: 29–71 years).",
        "No time point is stated in this abstract.",
        # the span in which patients were found or enrolled is no follow-up of them
        "Over 20 months, 410 patients were screened and 62 were enrolled.",
        "During a period of 3 years, 58 eligible patients were identified in two clinics.",
        # how often cells were given, not for how long anyone was followed
        "Each patient received two injections at 3-month intervals.",
        "Two infusions were given six weeks apart.",
    ],
)
def test_lengths_that_are_not_followup(vocab, text):
    assert followup_of(vocab, "case_series", "Cells for back pain", ("METHODS", text)) is None


def test_followup_is_none_without_participants(vocab):
    assert followup_of(vocab, "preclinical_animal", "Cells in rats",
                       ("METHODS", "Rats were followed for 12 weeks.")) is None


def test_protocol_gets_its_planned_followup(vocab):
    assert followup_of(vocab, "protocol", "Protocol of a randomised trial",
                       ("METHODS AND ANALYSIS", "Participants will be followed up at 3, 6, 12 and "
                                                "24 months after injection.")) == 24


@pytest.mark.parametrize("term", [
    "The registration term of the trial is 4 years.",
    "Its approval period is three years, and the trial will be completed in 2027.",
])
def test_a_trials_administrative_term_is_no_followup(vocab, term):
    assert followup_of(vocab, "protocol", "Protocol of a single-arm trial",
                       ("METHODS", "Disability will be assessed 90 days after the infusion."),
                       ("ETHICS", term)) == 3


def test_registration_followup_is_the_longest_time_frame(vocab):
    doc = registration(
        "Cells for back pain", enrollment=40,
        primary_outcomes=[{"measure": "Pain", "time_frame": "Baseline, 3 and 6 months"}],
        secondary_outcomes=[{"measure": "Adverse events", "time_frame": "52 weeks"}],
    )
    decision = extract_followup(doc, scan_document(doc, vocab), "rct", "human")
    assert decision is not None and decision.value == 12  # 52 weeks: a year
    assert decision.field == "registry:time_frame" and decision.matched_text == "52 weeks"
    nobody = registration("Withdrawn trial", enrollment=0,
                          primary_outcomes=[{"measure": "Pain", "time_frame": "12 months"}])
    assert extract_followup(nobody, scan_document(nobody, vocab), "rct", "human") is None


# ---- through assess: tags that explain themselves ------------------------------------------------
def test_assess_records_result_and_followup_as_tags(vocab):
    doc = pub(
        "Bone marrow concentrate versus saline for discogenic pain: a randomized trial",
        ("METHODS", "Sixty patients were randomized and followed for 24 months."),
        ("RESULTS", "Pain and function did not differ between groups at 24 months."),
        ("CONCLUSIONS", "Bone marrow concentrate was not superior to saline."),
        publication_types=["Randomized Controlled Trial"],
    )
    a = assess(doc, vocab)
    assert (a.result, a.followup_months) == ("no_difference", 24)
    tags = {t.facet: t for t in a.tags}
    assert tags["result"].value == "no_difference" and tags["result"].origin == "rule"
    assert tags["result"].matched_text == "Bone marrow concentrate was not superior to saline."
    assert tags["followup_months"].value == "24"
    assert "24 months" in tags["followup_months"].matched_text
    assert a.as_labels()["result"] == "no_difference"


def test_a_finding_qualified_by_an_absent_harm_keeps_its_finding(vocab):
    # "as good as the standard, without its complications": the equality is the finding and the
    # negated harm a clause of its own (safety), not the clause's only reading
    sections = (
        ("METHODS", "We compared 40 patients fused with a stem-cell-loaded allograft with 45 "
                    "patients fused with their own iliac bone."),
        ("CONCLUSIONS", "The cell-loaded allograft gave union rates comparable to iliac bone "
                        "without harvest-site complications."),
    )
    assert result_of(vocab, "cohort", "Cell-loaded allograft in lumbar fusion",
                     *sections) == "no_difference"
    # an uncontrolled study improving "without complications" reports its improvement
    assert result_of(vocab, "case_series", "Marrow cells for discogenic pain", (
        "RESULTS", "Pain scores fell from 7 to 3 without serious complications."),
    ) == "benefit"


@pytest.mark.parametrize("finding", [
    "Back pain had halved by six months in most patients.",
    "Disability scores fell by a third at one year.",
    "Leg pain eased in nine of the twelve patients.",
    # in a graft study, the fusion that was achieved is the efficacy finding
    "Fusion was successful in 41 of 45 patients (91%) at one year.",
    "Solid fusion was achieved at 52 of 57 levels.",
    "Radiographic union was achieved in every patient by nine months.",
])
def test_a_change_stated_as_a_fraction_or_easing_or_a_fusion_achieved_is_an_improvement(
        vocab, finding):
    assert result_of(vocab, "case_series", "Marrow concentrate for discogenic pain or fusion",
                     ("RESULTS", finding)) == "benefit"


def test_a_study_titled_as_the_safety_of_a_product_reports_safety(vocab):
    sections = ("RESULTS", "No serious adverse events occurred. Two of six patients gained one "
                           "sensory level.")
    assert result_of(vocab, "case_series", "Safety of intrathecal marrow stromal cells in "
                     "chronic paraplegia", sections) == "safety_only"
    # safety and efficacy together: the improvement counts
    assert result_of(vocab, "case_series", "Safety and efficacy of intrathecal marrow stromal "
                     "cells in chronic paraplegia", sections) == "benefit"


@pytest.mark.parametrize("place", ["lower back pain", "lower extremity pain",
                                   "lower limb spasticity"])
def test_a_body_region_is_no_direction_of_change(vocab, place):
    # "lower back pain" names where the pain is, not that pain was lower
    assert result_of(
        vocab, "case_series", "Stromal cells in adults",
        ("RESULTS", f"Twelve adults with chronic {place} received one injection of cells. "
                    "No adverse events occurred."),
    ) == "safety_only"


@pytest.mark.parametrize("opening", ["This systematic review found", "This meta-analysis found",
                                     "The present review found"])
def test_an_unstructured_review_concludes_in_its_own_finding(vocab, opening):
    # unstructured: every sentence is read; the background ones must not outweigh the review's
    # own finding
    assert result_of(
        vocab, "systematic_review", "Cell therapy for disc disease: a systematic review",
        ("", "Pain in the lower back is common and costly. Cell therapy is a promising option. "
             "We searched three databases for trials in humans and included nine. "
             f"{opening} no evidence that the cells relieve pain in patients."),
    ) == "no_difference"


@pytest.mark.parametrize("verb", ["was assessed with", "was judged by", "were measured using"])
def test_a_finding_word_named_as_what_was_measured_is_no_finding(vocab, verb):
    # "functional improvement was assessed with the ODI" says how, not that it improved
    assert result_of(
        vocab, "non_randomized_controlled", "Disc cells with discectomy versus discectomy alone",
        ("", f"Thirty patients had discectomy with or without disc cells. Functional "
             f"improvement {verb} the disability index. No adverse events occurred in the cell "
             "group."),
    ) == "safety_only"


@pytest.mark.parametrize("when", ["At baseline", "Before treatment", "Preoperatively"])
def test_groups_alike_at_baseline_are_no_finding(vocab, when):
    # comparability before treatment is the design's, not what the treatment did
    assert result_of(
        vocab, "cohort", "Cells added to vertebroplasty",
        ("RESULTS", f"{when} the two groups did not differ significantly in pain scores "
                    "(P>0.05). After treatment pain was significantly lower in the cell group "
                    "than in the control group (P<0.05)."),
    ) == "benefit"


def test_a_comparator_named_after_than_is_the_contrast_not_the_group_that_changed(vocab):
    assert result_of(
        vocab, "rct", "Cells versus saline",
        ("RESULTS", "At one year disability was lower in the cell group than in the control "
                    "group (P=0.01)."),
    ) == "benefit"
    assert result_of(  # the comparator's own change is not the cells' benefit
        vocab, "rct", "Cells versus saline",
        ("RESULTS", "Disability fell in the control group."),
    ) == "not_reported"


def test_improvement_in_every_group_yields_to_a_stated_contrast(vocab):
    # "improved in both groups" is no difference only when nothing says the groups differed
    assert result_of(
        vocab, "rct", "Cells versus saline",
        ("RESULTS", "Pain improved significantly in both groups (P<0.01). At 12 months pain was "
                    "lower with cells than with saline (P=0.02)."),
    ) == "benefit"


@pytest.mark.parametrize(("arms", "cell_study"), [
    ("mesenchymal stem cell and saline injections", True),
    ("epidural steroid and platelet-rich plasma injections", False),
])
def test_a_conclusion_that_every_arm_improved_leaves_the_contrast_to_the_results(
        vocab, arms, cell_study):
    # "Both A and B relieve pain" compares nothing: the results say how the arms differed
    assert result_of(
        vocab, "rct", "Two injections for discogenic pain: a randomised trial",
        ("RESULTS", "At six months disability was lower in the first arm than in the second "
                    "(P=0.01); at twelve months the arms did not differ (P=0.40)."),
        ("CONCLUSIONS", f"Both {arms} relieve pain for a year."),
        cell_study=cell_study,
    ) == "mixed"


def test_fusion_rates_of_two_arms_with_a_nonsignificant_p_value_are_no_difference(vocab):
    assert result_of(
        vocab, "cohort", "A cellular allograft or autograft in lumbar fusion",
        ("RESULTS", "Fusion was achieved at 81% of levels with the allograft and at 86% with "
                    "autograft (P = .42)."),
    ) == "no_difference"


def test_another_therapy_named_as_one_of_the_compared_groups_keeps_the_comparison(vocab):
    # "in the BMP group" is the comparator arm of the clause, not a clause about BMP alone
    assert result_of(
        vocab, "cohort", "Cellular allograft or BMP in lumbar fusion",
        ("RESULTS", "Fusion was achieved at 81% of levels in the allograft group and at 86% in "
                    "the BMP group (P = .42)."),
    ) == "no_difference"
    assert result_of(  # a clause about the other therapy's group alone still says nothing
        vocab, "cohort", "Cellular allograft or BMP in lumbar fusion",
        ("RESULTS", "In the BMP group fusion was achieved at 86% of levels."),
    ) == "not_reported"


# ---- a result told only by numbers or by "a significant difference" -----------------------------
@pytest.mark.parametrize(
    ("design", "results", "expected"),
    [
        # a before/after difference of a one-arm study, significant, direction left to numbers
        ("case_series", "After the injections the disability score differed significantly at "
                        "one month (p = 0.03) and at six months (p = 0.01).", "benefit"),
        # a between-group difference in a trial of the product, told by the groups named
        ("rct", "At one year the cell group showed a significant difference in motor score "
                "compared with the usual-care group (P = 0.004).", "benefit"),
        ("rct", "The mean difference in sensory score between the cell and saline groups was "
                "6.1 points (95% CI 1.2 to 11.0; P = 0.02).", "benefit"),
        # ... not when the difference is not significant, or is how the groups began
        ("rct", "The difference in motor score between the groups was 1.2 points (95% CI -2.0 "
                "to 4.4; P = 0.45).", "no_difference"),
        ("rct", "At baseline the groups differed significantly in age (P = 0.01).",
         "not_reported"),
    ],
)
def test_a_significant_difference_without_a_direction_word(vocab, design, results, expected):
    assert result_of(vocab, design, "Marrow cells for spinal cord injury",
                     ("RESULTS", results)) == expected


def test_a_claim_that_the_product_works_safely_and_effectively_is_benefit(vocab):
    assert result_of(
        vocab, "case_series", "Cord blood cells for chronic spinal cord injury",
        ("", "Twelve patients received cord blood cells. Sensation was restored in five. No "
             "serious adverse reactions occurred. These findings suggest that the cells treat "
             "chronic injury safely and effectively."),
    ) == "benefit"


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        # a ratio whose interval holds 1, a difference whose interval holds 0: no difference
        ("Fusion was more frequent in the cell group (OR 1.3, 95% CI 0.7-2.4).", "no_difference"),
        ("Function improved more in the cell group than with saline (mean difference 2.1 "
         "points, 95% CI \u22121.5 to 5.7).", "no_difference"),
        # intervals that leave out no effect: a difference
        ("Function improved more in the cell group than with saline (mean difference 6.4 "
         "points, 95% CI 2.2 to 10.6).", "benefit"),
        ("The cell group showed a difference in motor score from the control group (mean "
         "difference 5.0, 95% confidence interval 1.8 to 8.2).", "benefit"),
    ],
)
def test_a_confidence_interval_without_a_p_value_tells_significance(vocab, results, expected):
    assert result_of(vocab, "rct", "Marrow cells for spinal cord injury",
                     ("RESULTS", results)) == expected


def test_a_better_claim_whose_only_test_is_not_significant_is_no_difference(vocab):
    assert result_of(vocab, "rct", "Marrow cells for spinal cord injury",
                     ("RESULTS", "Motor scores improved more in the cell group than in the "
                                 "control group (P = 0.31).")) == "no_difference"


@pytest.mark.parametrize(
    ("design", "results", "expected"),
    [
        # before and after treatment, with a test: the direction is in the numbers and in what
        # was measured (pain and disability: lower is better; function: higher)
        ("case_series", "Back pain went from 7.4 to 3.2 at one year (P < 0.001).", "benefit"),
        ("case_series", "The mean Oswestry score was 52.1 at baseline and 24.0 at 24 months "
                        "(P < 0.001).", "benefit"),
        ("case_series", "Mean JOA score was 15.2 before treatment and 11.3 at six months "
                        "(P = 0.01).", "harm"),
        # two groups, the comparator named: the product's value against the comparator's
        ("rct", "At one year leg pain was 2.4 in the cell group and 4.8 in the saline group "
                "(P = 0.003).", "benefit"),
        ("rct", "Fusion was seen in 90% in the cell group and 72% in the autograft group "
                "(P = 0.02).", "benefit"),
        ("rct", "At one year leg pain was 4.6 in the cell group and 4.8 in the saline group "
                "(P = 0.71).", "no_difference"),
        # a significant change between the time points, no direction word
        ("case_series", "Significant differences were found between preoperative and "
                        "follow-up ASIA motor scores (P < 0.05).", "benefit"),
        ("case_series", "Compared with baseline, disability scores changed significantly at "
                        "every visit (P < 0.01).", "benefit"),
    ],
)
def test_a_result_told_only_by_numbers(vocab, design, results, expected):
    assert result_of(vocab, design, "Marrow cells for disc degeneration",
                     ("RESULTS", results)) == expected


def test_a_conclusion_that_efficacy_was_not_shown_is_no_benefit(vocab):
    # a negated showing reaches over the claim it introduces, however long the subject
    assert result_of(
        vocab, "rct", "Intradiscal marrow stromal cells versus sham injection",
        ("RESULTS", "Responders were 61% with cells and 58% with sham (P = 0.64)."),
        ("CONCLUSIONS", "While this trial did not conclusively show that intradiscal marrow "
                        "stromal cells are effective, the injections were well tolerated."),
    ) == "no_difference"


@pytest.mark.parametrize(
    "results",
    [
        "Only mild AEs were seen (nausea in 4 and back pain in 3 subjects), all of which "
        "resolved within a week.",
        "Minor adverse events such as headache occurred in 5 patients.",
    ],
)
def test_mild_adverse_events_are_safety_reporting(vocab, results):
    assert result_of(vocab, "case_series", "Umbilical cord cells given intrathecally",
                     ("RESULTS", results)) == "safety_only"


def test_a_serious_adverse_event_stays_a_harm(vocab):
    assert result_of(vocab, "case_report", "Intrathecal cells in a patient with paraplegia",
                     ("RESULTS", "A serious adverse event, meningitis, followed the mild "
                                 "headache of the first week.")) == "harm"


def test_a_negation_reaches_across_a_list_joined_by_or(vocab):
    # "no sign of A, B or C, or D": every item is negated, however long the list
    assert result_of(
        vocab, "non_randomized_controlled", "Neural precursor cells in cervical cord injury",
        ("RESULTS", "At two years there was no evidence of syringomyelia, cyst enlargement or "
                    "tumour formation, neurological deterioration, or worsening spasticity. "
                    "Motor scores improved in the cell group."),
    ) == "benefit"


def test_groups_compared_before_treatment_state_no_finding(vocab):
    # how the groups began is no result: the contrast after treatment decides
    assert result_of(
        vocab, "cohort", "Two cement patterns after vertebral augmentation",
        ("RESULTS", "Before surgery, the first group had significantly higher pain scores "
                    "and a larger kyphotic angle than the second group (P < 0.05). After "
                    "surgery, back pain fell significantly more in the second group than in "
                    "the first (P < 0.01)."),
    ) == "benefit"


def test_an_uncontrasted_claim_yields_to_results_that_found_the_groups_alike(vocab):
    # "X is effective" in a comparative study whose results found no difference between groups
    # and an improvement in each: the claim is a change within each group
    assert result_of(
        vocab, "rct", "Marrow concentrate versus iliac crest graft in lumbar fusion",
        ("RESULTS", "Back pain and disability improved significantly in both groups "
                    "(P < 0.01). Fusion rates did not differ significantly between the groups "
                    "(86% vs 89%, P = 0.62)."),
        ("CONCLUSIONS", "Marrow concentrate is an effective graft for lumbar fusion."),
    ) == "no_difference"


@pytest.mark.parametrize("sentence", [
    "Pain scored 4.9, and symptoms had lasted a mean of 54 months (range: 1-300 months).",
    "At the assessment after therapy (89 ± 36 months after SCI), motor scores were unchanged.",
    # as translated abstracts tell how long ago the injury was
    "The injury time was from 6 months to 9 years.",
    "The course of disease ranged from 3 months to 5 years.",
])
def test_time_since_onset_or_injury_and_its_range_are_no_follow_up(vocab, sentence):
    doc = pub("Cell therapy for chronic spinal cord injury",
              ("RESULTS", f"Twenty patients were treated. {sentence} Patients were followed "
                          "for 12 months."))
    assert assess(doc, vocab).followup_months == 12


TITLE_RCT = "Marrow cells versus saline injection for radicular pain: a randomized trial"
RANDOMIZED = "Forty subjects were assigned at random to marrow cells (n = 20) or saline (n = 20). "


def test_an_unstructured_abstracts_background_states_no_finding(vocab):
    # the opening sentence says what others use a treatment for, before this trial speaks
    assert decided(vocab, "rct", TITLE_RCT, (
        "", "Current guidelines have led to wide use of epidural steroid injections to relieve "
            "and control radicular pain. Steroids have adverse effects, so this randomized "
            "trial compared cells with saline. " + RANDOMIZED + "Twelve weeks later both "
            "groups had lower pain scores. Pain scores never differed significantly between "
            "the groups.")).value == "no_difference"


def test_their_change_after_both_groups_improved_is_still_both_groups(vocab):
    assert result_of(vocab, "rct", TITLE_RCT, ("", RANDOMIZED + (
        "At 12 weeks both groups had significantly lower pain scores, and their disability "
        "scores fell as well. Neither score differed significantly between the groups."))) == (
        "no_difference")


@pytest.mark.parametrize("finding", [
    "Yet at no time did VAS, ODI or NDI scores differ significantly between the groups.",
    "At no point during follow-up did pain scores differ significantly between the cell "
    "and saline groups.",
])
def test_at_no_time_did_the_groups_differ_is_no_difference(vocab, finding):
    assert result_of(vocab, "rct", TITLE_RCT, ("", RANDOMIZED + finding)) == "no_difference"


def test_an_inverted_nor_negates_the_whole_clause(vocab):
    assert result_of(
        vocab, "rct",
        "Adipose stromal cells versus placebo for facet joint pain: a randomized trial",
        ("RESULTS", "Mean pain scores did not differ between the arms at 6 months. Nor was the "
                    "proportion of patients reporting improvement in function different at 12 "
                    "months."),
    ) == "no_difference"


def test_two_groups_values_with_a_nonsignificant_p_are_no_difference(vocab):
    assert result_of(
        vocab, "cohort",
        "Cellular allograft versus autograft in posterolateral fusion: a retrospective cohort",
        ("RESULTS", "Solid fusion was seen in 81% in the cellular allograft group (26/32 "
                    "levels) and 88% in the autograft group (30/34 levels) (P = .41)."),
    ) == "no_difference"


def test_a_hedged_favourable_trend_yields_to_a_nonsignificant_comparison(vocab):
    assert result_of(
        vocab, "non_randomized_controlled",
        "Intrathecal marrow cells in chronic paraplegia: a controlled study",
        ("RESULTS", "Marked recovery was seen in 4 of 12 treated patients and in 2 of 15 "
                    "controls (P = 0.21)."),
        ("CONCLUSIONS", "The procedure is safe; a possible trend in favour of the cells needs "
                        "confirmation."),
    ) == "no_difference"


def test_the_time_from_an_earlier_treatment_to_the_symptoms_is_no_followup(vocab):
    doc = pub("Arachnoiditis after stem cell injections abroad: a case report",
              ("METHODS", "A man had received intrathecal stem cells abroad 2 years before his "
                          "symptoms began."),
              ("RESULTS", "MRI showed clumped roots."))
    assert extract_followup(doc, scan_document(doc, vocab), "case_report", "human") is None


@pytest.mark.parametrize("results", [
    "Each group improved over the year, with no clinical or statistical differences between "
    "the arms.",
    "Pain fell in every group; there were no meaningful differences between the arms.",
])
def test_every_group_improving_without_differences_is_no_difference(vocab, results):
    assert result_of(
        vocab, "rct",
        "Marrow concentrate, saline or sham for discogenic pain: a randomized trial",
        ("RESULTS", results),
    ) == "no_difference"


def test_a_baseline_value_then_a_time_points_value_tells_the_change(vocab):
    assert result_of(
        vocab, "case_series", "Allogeneic chondrocytes injected into painful discs",
        ("RESULTS", "Twelve patients were treated. Mean ODI (baseline 48.1, 12-month 22.4; "
                    "p < 0.001) and NRS (baseline 6.2, 12-month 2.9; p < 0.001)."),
    ) == "benefit"


def test_a_decimal_value_before_a_time_point_is_no_length(vocab):
    assert followup_of(vocab, "case_series", "Allogeneic chondrocytes injected into discs",
                       ("RESULTS", "Mean ODI (baseline 48.1, 12-month 22.4) fell.")) == 12


def test_how_long_a_question_has_been_open_is_no_followup(vocab):
    assert followup_of(vocab, "systematic_review", "Olfactory cells in chronic cord injury",
                       ("OBJECTIVE", "For almost 15 years it has remained unsettled what these "
                                     "transplants achieve. We assessed their safety.")) is None


@pytest.mark.parametrize(
    ("sentence", "result"),
    [
        ("The trial met its primary end point at one year.", "benefit"),
        ("The primary efficacy endpoint was achieved in the cell arm.", "benefit"),
        ("The trial did not meet its primary endpoint.", "no_difference"),
        ("The study missed the primary endpoint by a wide margin.", "no_difference"),
        # not a missed end point: who was not eligible
        ("Nine screened patients did not meet the inclusion criteria; pain fell more with cells "
         "than with saline (P=0.01).", "benefit"),
    ],
)
def test_a_primary_end_point_met_or_missed_is_the_trials_result(vocab, sentence, result):
    assert result_of(
        vocab, "rct", "Stromal cells versus saline in disc degeneration: a randomized trial",
        ("METHODS", "We randomly assigned 70 adults to intradiscal cells or saline."),
        ("RESULTS", sentence),
    ) == result


@pytest.mark.parametrize(
    ("sentence", "result"),
    [
        # adverse events said to be rare or passing: safety reporting, not a harm found
        ("Complications were rare: one patient had transient soreness at the harvest site.",
         "safety_only"),
        ("Adverse events were uncommon and temporary.", "safety_only"),
        # a harm and the treatment it needed: the harm is the finding, not the other therapy
        ("Two patients developed spondylodiscitis requiring antibiotics.", "harm"),
    ],
)
def test_rare_or_passing_harms_are_safety_and_a_harms_treatment_is_no_co_therapy(
        vocab, sentence, result):
    assert result_of(
        vocab, "case_series", "Intradiscal marrow concentrate: a case series",
        ("METHODS", "Thirty adults with discogenic pain received intradiscal autologous marrow "
                    "concentrate."),
        ("RESULTS", sentence),
    ) == result


@pytest.mark.parametrize(
    ("conclusion", "result"),
    [
        # a call for trials that would confirm a benefit does not conclude against it
        ("Cell injections relieved pain in most studies, although larger randomized trials are "
         "needed to confirm these findings.", "benefit"),
        # ... a conclusion that the evidence does not support use does
        ("Cell injections relieved pain in most studies, but the evidence does not support "
         "their routine use.", "mixed"),
        # evidence too thin to say, and no gain reported: no benefit found
        ("The evidence is insufficient to determine whether cell injections work.",
         "no_difference"),
    ],
)
def test_a_systematic_reviews_call_for_trials_is_not_a_verdict_against(vocab, conclusion, result):
    assert result_of(
        vocab, "systematic_review", "Cell injections for discogenic pain: a systematic review",
        ("METHODS", "We searched three databases; nine clinical studies with 350 adults were "
                    "included."),
        ("CONCLUSIONS", conclusion),
    ) == result


@pytest.mark.parametrize(
    ("sentence", "result"),
    [
        # a change in an outcome told before the safety words is a finding of its own
        ("Back pain stayed reduced by half and no late adverse events occurred.", "benefit"),
        ("The cells lowered disability scores without serious complications.", "benefit"),
        # fewer harms alone is safety
        ("Fewer adverse events occurred after the cells.", "safety_only"),
    ],
)
def test_an_improvement_told_beside_its_safety_is_kept(vocab, sentence, result):
    assert result_of(
        vocab, "case_series", "Intradiscal stromal cells: three-year results",
        ("", f"We followed 15 adults treated with intradiscal stromal cells. {sentence}"),
    ) == result


@pytest.mark.parametrize("sentence", [
    "Responders were 56% with cells and 49% with saline (P=0.41).",
    "The responder rate was 52% after cells and 47% after sham (OR 1.2, 95% CI 0.5 to 2.8).",
])
def test_each_arms_value_named_by_its_treatment_and_no_significance_is_no_difference(
        vocab, sentence):
    assert result_of(
        vocab, "rct", "Stromal cells versus saline for disc pain: a randomized trial",
        ("METHODS", "We randomly assigned 80 adults to intradiscal cells or saline."),
        ("RESULTS", sentence),
    ) == "no_difference"


def test_a_reviews_pooled_arms_without_significance_are_no_difference(vocab):
    assert result_of(
        vocab, "systematic_review", "Cell-augmented grafts in spinal fusion: a meta-analysis",
        ("METHODS", "We searched two databases; 12 studies with 1,310 adults were included."),
        ("RESULTS", "Pooled fusion rates were 88% for cell-augmented grafts and 85% for "
                    "autograft (RR 1.03, 95% CI 0.96-1.11)."),
    ) == "no_difference"


@pytest.mark.parametrize(("sentence", "result"), [
    # fewer of a bad event, told by each arm's count: better
    ("Revision surgery was needed in 3 of 52 adults with cell-laden grafts and 11 of 49 "
     "controls (P=0.02).", "benefit"),
    ("Nonunion occurred in 9/40 controls vs 2/41 adults given cells (P=0.03).", "benefit"),
    # more of it: worse
    ("Nonunion occurred in 12/40 adults given cells vs 3/41 controls (P=0.01).", "harm"),
])
def test_each_arms_share_told_as_counts_gives_the_direction(vocab, sentence, result):
    assert result_of(
        vocab, "cohort", "Marrow cells in lumbar fusion: a comparative cohort",
        ("METHODS", "We compared 93 adults fused with or without marrow cells on the graft."),
        ("RESULTS", sentence),
    ) == result


@pytest.mark.parametrize(("sentence", "result"), [
    ("Two of 12 adults developed new osteophytes where the cells had been injected.", "harm"),
    ("Neither osteophytes nor heterotopic ossification were seen.", "safety_only"),
])
def test_new_bone_where_cells_were_injected_is_a_harm(vocab, sentence, result):
    assert result_of(
        vocab, "case_series", "Intradiscal stromal cells: a case series",
        ("METHODS", "Twelve adults received intradiscal autologous stromal cells."),
        ("RESULTS", sentence),
    ) == result


@pytest.mark.parametrize("sentence", [
    # an improvement "not seen in controls" is the product's alone
    "Pain improved significantly after the cells, which was not seen in controls.",
    # a comparative of another quality ("more convenient than") tells no change in pain
    "Pain fell more with cells than with sham (P=0.01).",
    "Pain fell more with cells than with sham (P=0.01); for chronic low back pain the cells "
    "are more convenient than surgery.",
])
def test_a_gain_not_seen_in_controls_or_beside_a_comparative_adjective_is_a_benefit(
        vocab, sentence):
    assert result_of(
        vocab, "rct", "Allogeneic stromal cells for disc pain: a randomized trial",
        ("METHODS", "We randomly assigned 30 adults to intradiscal cells or sham."),
        ("RESULTS", sentence),
    ) == "benefit"


# ---- a fourteenth look: bounds, sides and graded reservations ------------------------------------
def test_more_than_a_number_bounds_a_quantity_and_says_no_change(vocab):
    # "of more than 12 months" is how long the injury lasted, not a measure that rose
    assert result_of(
        vocab, "case_series", "Intrathecal marrow cells in chronic cord injury",
        ("", "Thirty adults with complete (ASIA A) cord injury of more than 12 months' duration "
             "received intrathecal autologous marrow cells.")) in (None, "not_reported")


def test_two_groups_values_told_per_side_say_no_difference(vocab):
    assert result_of(
        vocab, "cohort", "Marrow concentrate against autograft in lumbar fusion",
        ("RESULTS", "Fusion rates were 81% on the concentrate side and 84% on the autograft "
                    "side (P = 0.62).")) == "no_difference"


def test_a_review_benefit_with_a_reservation_about_its_evidence_is_mixed(vocab):
    hedged = result_of(
        vocab, "systematic_review", "Cell therapy for chronic cord injury: a meta-analysis",
        ("RESULTS", "Across eight trials, cells raised light-touch scores (MD 4.1, 95% CI 1.0 to "
                    "7.2)."),
        ("CONCLUSIONS", "Cells may improve sensation, but the certainty of the evidence is low."))
    graded = result_of(
        vocab, "systematic_review", "Cell therapy for chronic cord injury: a meta-analysis",
        ("RESULTS", "Across eight trials, cells raised light-touch scores (MD 4.1, 95% CI 1.0 to "
                    "7.2)."),
        ("CONCLUSIONS", "Low-certainty evidence suggests that cells improve sensation."))
    assert (hedged, graded) == ("mixed", "benefit")


def test_what_a_reviews_gathered_studies_reported_is_its_result(vocab):
    # an unstructured review abstract: after its search, "most studies reported ..." is what it
    # found; the same words before it would be background
    assert result_of(
        vocab, "systematic_review", "Cell therapy for the painful disc: a systematic review",
        ("", "We searched three databases for clinical studies of intradiscal cells. Most "
             "single-arm studies reported less pain, but the randomized trials showed no "
             "difference from control. Complications were rare.")) == "mixed"


@pytest.mark.parametrize("told, found", [
    ("The response rate was 62% with cells versus 30% with placebo (P = 0.01).", "benefit"),
    ("Mean disability was 35 with cells and 24 with saline (P = 0.03).", "harm"),
])
def test_two_groups_named_by_their_treatment_are_read_by_their_values(vocab, told, found):
    assert result_of(vocab, "rct", "Umbilical cord cells against placebo",
                     ("RESULTS", told)) == found


@pytest.mark.parametrize("told", [
    "Hand function improved in 7 participants, but the gains did not exceed those expected from "
    "spontaneous recovery.",
    "Sensory scores rose in 5 participants, consistent with spontaneous recovery.",
])
def test_an_uncontrolled_gain_no_greater_than_natural_recovery_is_no_benefit(vocab, told):
    assert result_of(
        vocab, "case_series", "Intramedullary neural stem cells in cervical cord injury",
        ("METHODS", "Fifteen adults with chronic cervical cord injury received intramedullary "
                    "neural stem cells."),
        ("RESULTS", told)) == "no_difference"


@pytest.mark.parametrize("conclusion, expected", [
    # efficacy claimed, however hedged, is more than safety (a hedged claim counts where the
    # results report an improvement)
    ("Marrow cells were safe and showed potential efficacy.", "benefit"),
    ("The injections were well tolerated and demonstrated preliminary efficacy.", "benefit"),
    # efficacy left to later work, or denied, is not
    ("The injections were safe; larger trials must establish their potential efficacy.",
     "safety_only"),
    ("The injections were safe, but there was no evidence of efficacy.", "no_difference"),
])
def test_efficacy_named_in_a_conclusion(vocab, conclusion, expected):
    assert result_of(vocab, "case_series", "Marrow cells for disc pain",
                     ("METHODS", "Twelve adults with disc pain received marrow cells."),
                     ("RESULTS", "Pain scores improved in eight of them."),
                     ("CONCLUSIONS", conclusion)) == expected


@pytest.mark.parametrize("design", ["cohort", "rct"])
def test_no_difference_in_complications_is_safety_not_efficacy(vocab, design):
    assert result_of(vocab, design, "Cord cells for cord injury", (
        "RESULTS", "There was no significant difference in the rate of complications between "
                   "the two groups.")) == "safety_only"
    # efficacy said before the harm words is still a finding of its own
    assert result_of(vocab, design, "Cord cells for cord injury", (
        "RESULTS", "Motor scores did not differ between the groups, with fewer complications "
                   "in the cell group.")) == "no_difference"


@pytest.mark.parametrize("said", ["improved equally", "improved to a similar extent"])
def test_arms_that_improved_alike_did_not_differ(vocab, said):
    assert result_of(vocab, "rct", "Marrow cells on a ceramic versus autograft", (
        "RESULTS", f"Pain and disability scores {said} in the two groups.")) == "no_difference"


def test_a_reviews_gains_with_conflicting_randomized_evidence_are_mixed(vocab):
    assert result_of(vocab, "systematic_review", "Disc injections of cells: a systematic review", (
        "RESULTS", "Case series reported improvements in pain after cell injection, but the "
                   "randomized evidence was limited and conflicting."),
        ("CONCLUSIONS", "Cell injection for disc pain needs better trials.")) == "mixed"


_ONE_ARM = ("METHODS", "Twenty patients with discogenic low back pain received intradiscal "
                       "autologous marrow stromal cells.")


@pytest.mark.parametrize("told", [
    "Pain improved significantly at 3 months but returned to baseline by 12 months.",
    "Pain improved at six months; the improvement was not sustained at one year.",
])
def test_an_uncontrolled_gain_that_did_not_last_is_mixed(vocab, told):
    assert result_of(vocab, "case_series", "Intradiscal marrow stromal cells for back pain",
                     _ONE_ARM, ("RESULTS", told)) == "mixed"


def test_a_passing_complaint_is_no_gain_that_did_not_last(vocab):
    assert result_of(vocab, "case_series", "Intradiscal marrow stromal cells for back pain",
                     _ONE_ARM, ("RESULTS", "Pain fell from 6.6 to 4.1 at six months; three "
                                           "patients had a short-lived increase in back pain."),
                     ("CONCLUSIONS", "The injections were safe.")) != "mixed"


@pytest.mark.parametrize(("told", "found"), [
    # a null finding first, then a gain: the results point both ways
    ("Disc height did not improve significantly, but pain scores improved significantly.",
     "mixed"),
    ("There was no significant change in the ODI, whereas pain fell significantly from 7 to 3.",
     "mixed"),
    # the gain told first, an unchanged image after it: the finding is the gain
    ("Pain improved significantly at one year, and disc height did not change.", "benefit"),
])
def test_an_uncontrolled_null_finding_before_a_gain_makes_it_mixed(vocab, told, found):
    assert result_of(vocab, "case_series", "Intradiscal marrow stromal cells for back pain",
                     _ONE_ARM, ("RESULTS", told)) == found


def test_a_finding_before_a_call_for_a_further_trial_still_stands(vocab):
    # the primary end point missed, a subgroup's gain told after it, then "supporting a
    # further trial": mixed, not a null result
    assert result_of(
        vocab, "rct", "Allogeneic precursor cells against sham for discogenic back pain",
        ("METHODS", "Three hundred patients were randomized to intradiscal cells or sham."),
        ("CONCLUSIONS", "Although the primary endpoints were not met, a single injection reduced "
                        "pain durably in patients with shorter pain duration, supporting a "
                        "further trial.")) == "mixed"


@pytest.mark.parametrize(("second", "found"), [
    ("Light touch scores improved more in the cell group (P = 0.03).", "mixed"),
    # a secondary difference without significance leaves the conclusion's verdict
    ("Light touch scores were 4.1 versus 3.2 points (P = 0.40).", "no_difference"),
])
def test_a_null_conclusion_beside_a_significantly_better_secondary_outcome(vocab, second, found):
    assert result_of(
        vocab, "rct", "Cord stromal cells in acute spinal cord injury: a randomized trial",
        ("METHODS", "Forty patients were randomized to intrathecal cells plus rehabilitation or "
                    "rehabilitation alone; the primary outcome was the motor score."),
        ("RESULTS", f"Motor scores improved by 9.8 points with cells and 7.1 without (P = 0.21). "
                    f"{second}"),
        ("CONCLUSIONS", "The cells were safe but did not significantly improve motor "
                        "recovery.")) == found


@pytest.mark.parametrize("told", [
    "Mean pain scores did not change from baseline at 3 or 6 months.",
    "Pain and function remained unchanged at 6 months.",
])
def test_an_uncontrolled_measure_that_stayed_is_no_improvement(vocab, told):
    assert result_of(
        vocab, "case_series", "Marrow concentrate injections for lumbar facet arthropathy",
        ("METHODS", "Eighteen patients received facet injections of marrow concentrate."),
        ("RESULTS", told)) == "no_difference"
    # beside the gain the study reports, an unchanged secondary measure leaves it a benefit
    assert result_of(
        vocab, "case_series", "Marrow concentrate injections for discogenic pain",
        ("METHODS", "Eighteen patients received intradiscal marrow concentrate."),
        ("RESULTS", "Pain and ODI improved significantly at 12 months. Disc height was "
                    "unchanged.")) == "benefit"


def test_an_arm_that_stayed_is_no_contrast_in_a_controlled_study(vocab):
    # the saline arm that did not change, or the cells' arm that held while controls worsened,
    # tells no null contrast
    assert result_of(
        vocab, "rct", "Stromal cells versus saline for discogenic pain",
        ("METHODS", "Forty patients were randomized to intradiscal stromal cells or saline."),
        ("RESULTS", "Pain improved significantly with cells but did not change with saline.")
    ) == "benefit"


def test_a_conclusion_of_safety_alone_decides_over_results_that_point_both_ways(vocab):
    assert result_of(
        vocab, "case_series", "Intrathecal stromal cells in chronic cord injury: a pilot study",
        ("METHODS", "Ten patients received intrathecal autologous stromal cells."),
        ("RESULTS", "Sensory scores improved at 3 months but returned to baseline by 12 months."),
        ("CONCLUSIONS", "The procedure is safe and feasible.")) == "safety_only"


def test_a_review_that_finds_the_evidence_for_its_gain_weak_is_mixed(vocab):
    assert result_of(
        vocab, "systematic_review", "Cell injections for discogenic back pain: a meta-analysis",
        ("RESULTS", "Seven trials with 402 patients were included."),
        ("CONCLUSIONS", "Cell injections may relieve pain in the short term, but the evidence "
                        "for a lasting benefit is weak.")) == "mixed"


@pytest.mark.parametrize("gain", ["greater pain reduction", "larger disability decreases"])
def test_a_comparison_that_names_its_measure_inside_is_better(vocab, gain):
    # the primary end point missed, a subgroup better with the cells: mixed
    assert result_of(
        vocab, "rct", "Precursor cells versus saline for discogenic back pain",
        ("METHODS", "We randomized 80 patients to intradiscal precursor cells or saline."),
        ("RESULTS", "The primary end point was reached by 40% with cells and 37% with saline "
                    "(P = 0.70). In a post hoc analysis of patients with a baseline pain duration "
                    f"under 5 years, cells produced {gain} (P = 0.03).")) == "mixed"


def test_gains_with_few_complications_are_a_benefit_not_a_harm(vocab):
    # complications said to be few are a safety statement beside the gain, not a harm finding
    assert result_of(
        vocab, "systematic_review",
        "Marrow concentrate injected into the disc: a systematic review",
        ("", "Six series with 140 patients were pooled. Pain and disability scores improved "
             "significantly after the injection, with few complications."),
    ) == "benefit"


@pytest.mark.parametrize("conclusion, expected", [
    # efficacy claimed beside safety is a claim on efficacy (found trying the tagger on a
    # published feasibility study)
    ("This study provides initial evidence of safety and efficacy of the cells.", "benefit"),
    ("This study provides initial evidence that the cells are safe and feasible.",
     "safety_only"),
])
def test_evidence_of_safety_and_efficacy_claims_efficacy(vocab, conclusion, expected):
    assert result_of(
        vocab, "case_series",
        "Low-dose adipose stromal cells for discogenic back pain: a feasibility study",
        ("RESULTS", "No serious adverse events were recorded. Seven of nine reported less pain "
                    "at 12 months."),
        ("CONCLUSION", conclusion),
    ) == expected


@pytest.mark.parametrize("claim", [
    "good preliminary results were obtained in early-stage disease",
    "excellent long-term functional outcomes were seen",
    "the short-term clinical results were satisfactory",
])
def test_good_results_with_words_between_are_an_improvement(vocab, claim):
    assert result_of(
        vocab, "case_series", "Stromal cells injected into degenerated discs",
        ("METHODS", "Eighteen patients received intradiscal stromal cells."),
        ("CONCLUSION", f"The technique is safe, and {claim}."),
    ) == "benefit"
