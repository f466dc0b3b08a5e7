"""Study type: the decision procedure (evidence/study_design.yaml) on abstracts written for these
tests, one group per error class of issue 8 (design, population, level of evidence).

Every example here was written for this file; none is copied from a corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from db.evidence_files import STUDY_DESIGN_PATH, load_vocabulary
from evidence.assess import assess
from tests.unit.evidence_docs import pub


def graded(vocab, title, *sections, **fields):
    """(design, population, level of evidence, sample size) of a publication built from the
    arguments."""
    a = assess(pub(title, *sections, **fields), vocab)
    return a.design, a.population, a.evidence_level, a.sample_size


def study(vocab, title, *sections, **fields):
    return graded(vocab, title, *sections, **fields)[:3]


def design_tag(a):
    return next(t for t in a.tags if t.facet == "design")


# ---- the procedure itself -----------------------------------------------------------------------
def test_design_tag_says_which_step_decided_and_why(vocab):
    a = assess(pub("Adipose stromal cells for facet pain",
                   ("METHODS", "Forty adults were randomly allocated to cells or saline.")),
               vocab)
    tag = design_tag(a)
    assert (a.design, tag.field, tag.matched_text) == ("rct", "abstract:METHODS",
                                                        "randomly allocated")
    assert tag.note.startswith("randomized_text: ") and "random" in tag.note


def test_every_step_of_the_data_file_is_a_question(vocab):
    steps = vocab.study_design.steps
    assert [s.id for s in steps][:2] == ["registration", "notice"]
    assert all(s.ask.endswith(("?", ")", ".")) for s in steps)
    assert steps[-1].test == "always"  # the procedure always answers


def test_bad_procedure_file_names_the_file_and_the_step(tmp_path):
    data = yaml.safe_load(STUDY_DESIGN_PATH.read_text(encoding="utf-8"))
    data["steps"][3]["test"] = "ask_the_oracle"
    bad = tmp_path / "study_design.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_vocabulary(study_design=bad)
    assert str(bad) in str(err.value) and "ask_the_oracle" in str(err.value)
    assert data["steps"][3]["id"] in str(err.value)


def test_readme_documents_the_procedure_file():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "evidence/study_design.yaml" in readme


# ---- error class 1: in vitro work read as a human case series ------------------------------------
@pytest.mark.parametrize(
    "methods",
    [
        "Nucleus pulposus cells were isolated from 14 patients undergoing lumbar discectomy and "
        "co-cultured with bone marrow stromal cells for 21 days.",
        "Annulus fibrosus tissue obtained from eight patients having spinal fusion was cut into "
        "explants and stimulated with interleukin-1 beta.",
        "We cultured adipose stromal cells from lipoaspirates of six donors under low oxygen and "
        "measured glycosaminoglycan production.",
        "We isolated progenitor cells from the herniated tissue of 11 patients operated on for "
        "sciatica and compared their colony formation in monolayer culture.",
        "Endplate chondrocytes harvested from the removed discs of nine patients were seeded on "
        "scaffolds and their gene expression was measured after two weeks.",
        "Marrow aspirates from twelve healthy volunteers were expanded, and the stromal cells "
        "were exposed to acidic medium for five days.",
        "Annulus tissue removed during surgery in 13 patients was kept in organ culture and "
        "loaded with a cell-seeded gel.",
    ],
)
def test_class_1_cells_from_patients_studied_in_the_laboratory_are_in_vitro(vocab, methods):
    assert graded(vocab, "Stromal cells and disc cells", ("METHODS", methods)) == (
        "in_vitro", "in_vitro", 5, None)


def test_class_1_animal_tissue_as_a_cell_source_is_not_an_animal_study(vocab):
    text = ("Mesenchymal stem cells were harvested from rat bone marrow, expanded in medium with "
            "10% fetal bovine serum and differentiated in three-dimensional alginate culture.")
    assert study(vocab, "Chondrogenic priming of MSCs", ("", text)) == ("in_vitro", "in_vitro", 5)


def test_class_1_material_tests_on_cadaveric_specimens_are_in_vitro(vocab):
    text = ("Twelve ovine lumbar motion segments were tested in axial compression before and after "
            "nucleotomy and after injection of a collagen gel. The gel restored 80% of the intact "
            "stiffness.")
    assert study(vocab, "Mechanical restoration of denucleated discs by an injectable gel",
                 ("", text)) == ("in_vitro", "in_vitro", 5)


def test_class_1_laboratory_work_plus_an_animal_experiment_is_preclinical_animal(vocab):
    methods = ("Disc cells were cultured with exosomes in vitro, and 30 rats with needle-punctured "
               "tail discs then received intradiscal exosomes or saline.")
    assert graded(vocab, "Exosomes for disc degeneration", ("METHODS", methods)) == (
        "preclinical_animal", "animal", 5, 30)


def test_class_1_participants_in_a_clinical_study_stay_human(vocab):
    methods = ("Twenty patients received intradiscal bone marrow concentrate; the aspirates were "
               "also analysed by flow cytometry.")
    assert study(vocab, "Bone marrow concentrate for discogenic pain",
                 ("METHODS", methods)) == ("case_series", "human", 4)


# ---- error class 2: reviews read as primary studies, quoted numbers as sample sizes --------
def test_class_2_narrative_review_of_animal_and_clinical_work_is_a_narrative_review(vocab):
    text = ("Disc degeneration is a leading cause of back pain. In rabbit and sheep models, "
            "injected stromal cells restored disc height. A case series of 26 patients reported "
            "less pain after two years. We discuss carriers, doses and the hostile disc milieu.")
    assert graded(vocab, "Cell therapy for the degenerate disc", ("", text),
                  publication_types=["Journal Article", "Review"]) == (
        "narrative_review", "unknown", 5, None)


def test_class_2_a_reviews_third_person_subjects_are_other_studies(vocab):
    # counted subjects and what was done to them, told in the third person by an article that
    # calls itself a review, are the reviewed studies' subjects, not data of its own
    text = ("Stromal cells home to injured cord tissue. Thirty mice with contusion injuries were "
            "treated with intravenous cells and walked better. Eight patients received the same "
            "cells without serious harm. This review discusses timing, dose and route.")
    assert graded(vocab, "Stromal cells after spinal cord injury", ("", text),
                  publication_types=["Journal Article", "Review"]) == (
        "narrative_review", "unknown", 5, None)


def test_class_2_review_without_a_review_type_is_found_by_its_words(vocab):
    text = ("Extracellular vesicles carry proteins and RNA between cells. This article summarizes "
            "how vesicles from stromal cells act on disc cells and where the field stands.")
    assert study(vocab, "Vesicles and the disc", ("", text))[0] == "narrative_review"


def test_class_2_review_describing_a_systematic_search_is_a_systematic_review(vocab):
    text = ("We searched MEDLINE, Embase and the Cochrane Library to 2021 for trials of cell "
            "injections into painful discs. Eleven studies with 402 participants were included; "
            "pain fell by 2.1 points on average.")
    assert graded(vocab, "Intradiscal cell injections", ("", text),
                  publication_types=["Journal Article", "Review"]) == (
        "systematic_review", "human", 1, None)


def test_class_2_meta_analysis_without_type_is_not_other(vocab):
    methods = "Randomized trials were pooled with a random-effects meta-analysis."
    assert study(vocab, "Cells for back pain", ("METHODS", methods)) == (
        "systematic_review", "human", 1)


def test_class_2_a_review_reporting_method_alone_makes_a_systematic_review(vocab):
    # PRISMA, funnel plots, meta-regression: reporting methods no primary study uses
    text = ("Following PRISMA, we identified 14 clinical studies of intradiscal cell injection in "
            "adults with chronic back pain. Most had a high risk of bias.")
    assert graded(vocab, "Intradiscal cell injection for back pain", ("", text)) == (
        "systematic_review", "human", 1, None)


def test_class_2_a_judgement_of_bias_alone_makes_no_systematic_review(vocab):
    # "at high risk of bias" judges other studies, as narrative reviews do; "was assessed with"
    # names the appraisal a systematic review performs
    judged = ("This article surveys cell therapies for the degenerating disc. The clinical "
              "studies are small, uncontrolled and at high risk of bias, and the two randomized "
              "trials found little benefit. We discuss obstacles to progress.")
    assert study(vocab, "Cells for the degenerating disc", ("", judged))[0] == "narrative_review"
    appraised = ("Clinical studies of intradiscal cells in adults with back pain were "
                 "identified; their risk of bias was assessed with the Cochrane tool and the "
                 "results were pooled.")
    assert study(vocab, "Intradiscal cells for back pain", ("", appraised))[0] == (
        "systematic_review")


def test_class_2_pooled_trials_make_a_systematic_review_not_an_rct(vocab):
    # "randomized" describes the pooled trials; pooling other studies is a synthesis
    text = ("Randomized and controlled trials of cell transplantation in patients with chronic "
            "cord injury were pooled in a random-effects model. Motor scores rose by 2 points.")
    assert study(vocab, "Cell transplantation in chronic cord injury", ("", text)) == (
        "systematic_review", "human", 1)


def test_class_2_a_primary_study_pooling_its_own_groups_stays_primary(vocab):
    text = ("Sixty patients were randomized to stromal cells or saline at two centres. Data from "
            "both centres were pooled for the analysis.")
    assert study(vocab, "Stromal cells for disc pain", ("", text)) == ("rct", "human", 2)


def test_class_2_authors_narrative_review_stays_narrative_despite_a_search(vocab):
    text = ("PubMed was searched for reports of fluoroscopic disc injection, and 40 articles were "
            "read in full. This narrative review describes needle paths and contrast use.")
    assert study(vocab, "Disc injection technique: a narrative review", ("", text),
                 publication_types=["Review"])[0] == "narrative_review"


# ---- error class 3: a review's population is the population its scope covers --------------
@pytest.mark.parametrize(
    ("text", "population"),
    [
        ("Back pain weighs on patients and health systems. Here we review the clinical trials of "
         "mesenchymal cells in disc disease.", "human"),
        ("This review covers animal models of disc injury and the first clinical studies of cell "
         "injection.", "unknown"),
        ("Patients with disc degeneration suffer greatly. Cells may repair the disc through "
         "paracrine signals.", "unknown"),
        ("In vitro, stromal cells raised matrix synthesis by disc cells. We also review clinical "
         "studies of their injection in patients.", "unknown"),
        ("We summarize studies of stromal cell transplantation in rat, rabbit and goat models of "
         "disc degeneration.", "animal"),
        # the trials a review asks for in future are not the studies it reviewed
        ("Disc degeneration burdens patients worldwide, and marrow cells have been tried in "
         "rodents and in small trials of patients. This article summarizes how grafted cells "
         "survive and discusses what future randomized trials should measure.", "unknown"),
        # a body that surveys only clinical evidence before saying what it discusses
        ("Disc pain is common and hard to treat. Since then, marrow concentrates and cultured "
         "cells have been injected in small clinical series and two randomized trials, with "
         "mixed results. We discuss cell survival and regulation.", "human"),
        # ... but not when it also names work on animals or in the laboratory
        ("Disc pain is common and hard to treat. Cells have been injected in small clinical "
         "series and in rabbits. We discuss cell survival and regulation.", "unknown"),
    ],
)
def test_class_3_review_population_follows_its_scope(vocab, text, population):
    assert study(vocab, "Stromal cells for the disc: a review", ("", text),
                 publication_types=["Review"]) == ("narrative_review", population, 5)


def test_class_3_systematic_review_of_clinical_studies_is_human(vocab):
    assert graded(vocab, "Cell injections for discogenic pain: a systematic review",
                  ("METHODS", "Eligible were clinical studies of intradiscal cells."),
                  ("RESULTS", "Nine trials with 310 participants were included.")) == (
        "systematic_review", "human", 1, None)


@pytest.mark.parametrize("included", [
    "Seven RCTs and 11 observational studies (n = 842) were included.",
    "Five randomized and eight uncontrolled studies were included; the randomized evidence was "
    "thin.",
])
def test_class_3_a_review_that_counts_kinds_of_clinical_studies_is_human(vocab, included):
    # no "patients" or "participants": the kinds of studies it counts are studies of people
    assert study(vocab, "Marrow cells for disc pain: a systematic review",
                 ("", included), publication_types=["Systematic Review"]) == (
        "systematic_review", "human", 1)


# ---- error class 6: publication types yield to an abstract that reports its own data -------------
def test_class_6_letter_reporting_its_own_randomized_patients_is_an_rct(vocab):
    text = ("We randomly assigned 36 patients with discogenic pain to intradiscal concentrate or "
            "saline. At six months pain had improved more with concentrate (P = 0.02).")
    assert graded(vocab, "Concentrate versus saline for discogenic pain", ("", text),
                  publication_types=["Letter"]) == ("rct", "human", 2, 36)


def test_class_6_comment_on_another_trial_stays_an_editorial(vocab):
    text = ("The trial by Ortega and colleagues found no difference at one year. Its sham arm was "
            "small, and larger trials are needed before clinics offer these cells.")
    assert study(vocab, "A null result for disc cells?", ("", text),
                 publication_types=["Comment", "Letter"]) == ("editorial", "unknown", None)


def test_class_6_a_letter_about_another_papers_patients_stays_an_editorial(vocab):
    # "we" read, but the counted patients and the trial belong to the named authors' paper
    text = ("We read with interest the randomized trial by Okafor and colleagues, who injected "
            "64 patients with allogeneic disc cells. We doubt that one year of follow-up is "
            "enough to judge disc height.")
    assert graded(vocab, "Disc cells for back pain: a randomized trial revisited", ("", text),
                  publication_types=["Letter", "Comment"]) == ("editorial", "unknown", None, None)


def test_those_who_did_not_receive_the_cells_are_a_comparison_group(vocab):
    text = ("In this retrospective study, 80 patients who underwent microdiscectomy were divided "
            "into those who received intradiscal marrow cells at the end of surgery (n = 35) and "
            "those who did not (n = 45). Reherniation occurred in 2 and 7 patients.")
    assert study(vocab, "Discectomy with or without marrow cells", ("", text)) == (
        "cohort", "human", 3)


def test_two_groups_counted_by_what_each_received_are_compared(vocab):
    text = ("From 2018 to 2021, 38 patients with discogenic pain were treated: 17 received "
            "intradiscal marrow concentrate and 21 received intradiscal ozone. The good-result "
            "rate was higher with concentrate.")
    assert study(vocab, "Intradiscal treatments for discogenic pain", ("", text)) == (
        "cohort", "human", 3)
    # a subset given more is no second group
    series = ("Forty patients with discogenic pain received intradiscal marrow concentrate, and "
              "nine received a second injection at six months. Pain improved.")
    assert study(vocab, "Intradiscal concentrate for discogenic pain", ("", series)) == (
        "case_series", "human", 4)


def test_class_2_an_abstract_that_calls_itself_a_commentary_is_an_editorial(vocab):
    # no publication type and a title that does not say so: the abstract names the genre
    text = ("Spine clinics advertise fat-derived stem cell shots for worn discs. In this "
            "commentary I argue that the advertising has run ahead of the data: the only sham-"
            "controlled trial found no benefit. Registries should come before sales.")
    assert study(vocab, "Selling cells before the evidence", ("", text)) == (
        "editorial", "unknown", None)


def test_class_2_a_commentary_that_recommends_is_no_guideline(vocab):
    # "expert opinion" in the title and "we recommend" in the text: one author's argument,
    # not a panel's recommendations
    text = ("Fusion remains the usual operation for slipped vertebrae. In this commentary we "
            "argue that marrow cells could one day make fusion less common, but no trial has "
            "tested them. We recommend that such cells be used only within trials.")
    assert study(vocab, "Marrow cells for spondylolisthesis? An expert opinion",
                 ("", text), publication_types=["Review"]) == ("editorial", "unknown", None)


def test_class_2_a_commentary_naming_itself_without_we_is_an_editorial(vocab):
    # the genre named in the third person ("This commentary reviews ..."), after a sentence on
    # the field: the article's own statement, not background
    text = ("Clinics offer fat-derived cell shots for back pain outside any trial. This "
            "commentary reviews the rules for minimally manipulated, homologous-use products. "
            "We call for registries before such products are sold.")
    a = assess(pub("Expert opinion: how cell shots for the spine are regulated", ("", text)),
               vocab)
    assert (a.design, a.population, a.evidence_level) == ("editorial", "unknown", None)
    # the regulators' "homologous use" says nothing of whose cells they are
    assert not [t for t in a.tags if t.facet == "donor"]


def test_a_review_of_work_done_only_in_experimental_animals_covers_animals(vocab):
    # (held-out set AX: "individual procedures" names no person; nothing names patients)
    text = ("Many strategies have been devised to repair the injured cord. This chapter reviews "
            "some of them. First it looks at individual procedures, such as cell transplants, "
            "each of which gives some recovery in experimental animals. Then it looks at "
            "combining them in animals with experimental lesions.")
    assert study(vocab, "Repair strategies for the injured spinal cord", ("", text)) == (
        "narrative_review", "animal", 5)
    # the same survey that names patients too stays of unknown scope
    mixed = text.replace("in experimental animals", "in experimental animals and patients")
    assert study(vocab, "Repair strategies for the injured spinal cord",
                 ("", mixed))[1] == "unknown"


def test_class_2_a_point_of_view_is_not_a_self_described_perspective(vocab):
    text = ("From this perspective, disc cells are attractive. We treated 12 consecutive patients "
            "with intradiscal disc cells; pain fell at 12 months.")
    assert study(vocab, "Disc cells for disc pain", ("", text)) == ("case_series", "human", 4)


def test_class_6_review_type_on_an_original_case_series_yields(vocab):
    text = "We treated 15 consecutive patients with intradiscal stromal cells and followed them."
    assert study(vocab, "Stromal cells for disc disease", ("", text),
                 publication_types=["Review"]) == ("case_series", "human", 4)


# ---- error class 7: modal, planned, negated, hypothetical and cited design statements ------------
@pytest.mark.parametrize(
    "statement",
    [
        "A randomized trial of this rare procedure is unlikely to be conducted.",
        "An RCT comparing cells with saline is planned.",
        "Randomized controlled trials are needed to confirm these results.",
        "Previous randomized trials showed a small benefit of steroid injection.",
        "No randomized studies of this therapy exist.",
        "Proving a benefit would require a controlled trial with a sham arm.",
        "A randomized comparison with conservative care is still lacking.",
        "These early results justify a sham-controlled trial.",
        "A double-blind trial with a saline arm is in preparation.",
        "We are now conducting a randomized trial at three centres.",
        "A randomized comparison with physiotherapy is the next step.",
        "We modelled the cost of a randomized trial of the cells against saline.",
        "A simulated randomized trial of 300 patients would cost a fortune.",
    ],
)
def test_class_7_statements_about_other_or_future_trials_do_not_make_an_rct(vocab, statement):
    text = f"We treated 22 patients with intradiscal stromal cells. Pain improved. {statement}"
    assert study(vocab, "Stromal cells for discogenic pain", ("", text)) == (
        "case_series", "human", 4)


@pytest.mark.parametrize("opening", [
    "Although a randomized design would have been preferable, we retrospectively reviewed",
    "Though a sham-controlled trial is planned, this first report describes",
])
def test_class_7_a_conceded_design_leaves_the_main_clause_its_own(vocab, opening):
    # the hypothesis is the concession's; what follows its comma is this study
    text = f"{opening} 22 patients given intradiscal stromal cells. Pain improved."
    assert study(vocab, "Stromal cells for discogenic pain", ("", text)) == (
        "case_series", "human", 4)


def test_class_7_a_single_group_that_was_not_randomized_is_no_controlled_study(vocab):
    # "not randomized" says how a study was not done; without a group compared it is one group
    text = ("Fourteen patients received intrathecal stromal cells and were followed for a year. "
            "Because the study was not randomized, the gains may reflect natural recovery.")
    assert study(vocab, "Stromal cells in chronic cord injury", ("", text)) == (
        "case_series", "human", 4)


def test_class_7_a_non_randomized_comparison_stays_non_randomized(vocab):
    methods = ("In this non-randomized study, 20 patients who received stromal cells were "
               "compared with 20 patients who declined and had physiotherapy.")
    assert study(vocab, "Stromal cells for discogenic pain", ("METHODS", methods)) == (
        "non_randomized_controlled", "human", 3)


def test_class_7_cited_trial_criteria_do_not_make_an_rct(vocab):
    methods = ("This registry analysis followed 90 patients treated with an annular device, using "
               "the selection criteria of a pivotal randomized trial to describe them.")
    assert study(vocab, "Annular closure in practice", ("METHODS", methods))[0] == "case_series"


def test_class_7_background_trials_do_not_make_an_rct(vocab):
    text = ("Randomized trials of epidural steroids have shown short-lived relief. We injected "
            "autologous concentrate into the discs of 18 patients and followed them for a year.")
    assert study(vocab, "Concentrate for discogenic pain", ("", text))[0] == "case_series"


def test_class_7_this_studys_randomization_still_counts(vocab):
    text = ("Sixty patients were randomized to stromal cells or sham. This double-blind trial "
            "found less pain with cells.")
    assert study(vocab, "Stromal cells versus sham", ("", text)) == ("rct", "human", 2)


def test_allocation_by_a_random_sequence_is_randomization(vocab):
    methods = ("Thirty-two patients were allocated to stromal cells or saline by a "
               "computer-generated random sequence kept in sealed envelopes.")
    assert study(vocab, "Stromal cells for disc pain", ("METHODS", methods)) == ("rct", "human", 2)


# ---- error class 8: veterinary patients are animals ---------------------------------------------
@pytest.mark.parametrize(
    ("title", "text", "size"),
    [
        ("Autologous stromal cells in client-owned dogs with disc extrusion: a pilot clinical "
         "study",
         "Eight dogs presented to the veterinary hospital with paraplegia and received "
         "intralesional cells after decompression. Six patients regained walking.", 8),
        ("Stromal cell injection in a horse with cervical disc disease: a case study",
         "A 9-year-old gelding was treated with two injections of cultured cells; the patient "
         "returned to work within four months.", 1),
        ("Canine patients treated with bone marrow cells after spinal cord injury",
         "We treated 12 canine patients with chronic paraplegia using intrathecal cells.", 12),
        # an age ("a 7-year-old male") names no species: the breed and "the dog" do; a case
        # opened by one patient's age is one animal (as a case report's type or title says)
        ("Intralesional stromal cells for chronic paraplegia",
         "A 7-year-old male Labrador retriever with paraplegia for four months after a disc "
         "extrusion received two intralesional injections of stromal cells. The dog walked "
         "again with support at three months.", 1),
        ("Stromal cells for cervical stenotic myelopathy",
         "A 2-year-old filly with ataxia from cervical stenotic myelopathy received intrathecal "
         "stromal cells after surgery; her gait improved by one grade.", 1),
        ("Adipose stromal cells in cats after spinal trauma",
         "Five cats with spinal fractures received intravenous adipose stromal cells at a "
         "university small animal clinic; four regained ambulation.", 5),
    ],
)
def test_class_8_veterinary_patients_are_animal_studies(vocab, title, text, size):
    assert graded(vocab, title, ("", text)) == ("preclinical_animal", "animal", 5, size)


# ---- design of human primary studies ------------------------------------------------------------
def test_retrospective_comparison_of_two_treatments_is_a_level_3_cohort(vocab):
    methods = ("We retrospectively reviewed 120 patients: 50 received concentrate with allograft "
               "and 70 received iliac crest autograft, and fusion rates were compared between "
               "both groups.")
    assert study(vocab, "Concentrate-enriched allograft in lumbar fusion",
                 ("METHODS", methods)) == ("cohort", "human", 3)


def test_a_study_of_people_indexed_as_comparative_is_a_cohort(vocab):
    # the indexers saw two groups that the abstract's words alone do not make plain
    text = ("Fusion with a cell-enriched allograft or with iliac crest bone was assessed on CT "
            "in 48 adults at one year.")
    assert study(vocab, "Cell-enriched allograft in lumbar fusion", ("", text),
                 publication_types=["Journal Article", "Comparative Study"]) == (
        "cohort", "human", 3)


def test_single_arm_prospective_cohort_is_a_case_series(vocab):
    assert study(vocab, "Intradiscal stromal cells",
                 ("STUDY DESIGN", "Prospective cohort study."),
                 ("METHODS", "Forty patients were treated; scores at one year were compared with "
                             "baseline.")) == ("case_series", "human", 4)


def test_strata_of_one_treated_series_are_not_a_comparison(vocab):
    methods = ("All 150 patients received the same device and were stratified by age; outcomes "
               "did not differ between groups.")
    assert study(vocab, "Outcomes of a closure device", ("METHODS", methods))[0] == "case_series"


def test_investigator_allocation_without_randomization_is_non_randomized(vocab):
    methods = ("In this non-randomized controlled study, 30 patients chose cell injection and 30 "
               "formed a concurrent control group.")
    assert study(vocab, "Cells or physiotherapy", ("METHODS", methods)) == (
        "non_randomized_controlled", "human", 3)


def test_concurrent_controls_of_a_trial_make_it_non_randomized_controlled(vocab):
    # "controls" is a plural of people, not of studies: the design word is this study's
    methods = ("In this open-label study, 12 adults with cervical cord injury received neural "
               "stem cells; 6 untreated adults served as concurrent controls.")
    assert graded(vocab, "Neural stem cells for chronic cord injury", ("", methods)) == (
        "non_randomized_controlled", "human", 3, 18)


def test_treatments_allocated_in_turn_make_a_non_randomized_controlled_trial(vocab):
    methods = ("Adults with discogenic pain were allocated alternately to intradiscal stromal "
               "cells or a saline injection. Pain fell more after the cells.")
    assert study(vocab, "Stromal cells for discogenic pain", ("", methods)) == (
        "non_randomized_controlled", "human", 3)


def test_treatments_the_patients_chose_between_make_a_cohort(vocab):
    methods = ("Forty adults chose between intradiscal marrow concentrate (n=22) and further "
               "physiotherapy (n=18). Pain fell more after the concentrate.")
    assert study(vocab, "Marrow concentrate for discogenic pain", ("", methods)) == (
        "cohort", "human", 3)


def test_a_matched_control_group_given_another_treatment_is_a_cohort_not_case_control(vocab):
    # case-control studies start from an outcome (cases); matched controls who received another
    # treatment make a comparative cohort
    methods = ("We compared 28 patients who received intradiscal stromal cells with 28 matched "
               "controls who received physiotherapy over the same period.")
    assert graded(vocab, "Stromal cells for discogenic pain", ("METHODS", methods)) == (
        "cohort", "human", 3, 56)


def test_one_patient_is_a_case_report_many_are_not(vocab):
    one = study(vocab, "Epidural cells for stenosis",
                ("", "A 63-year-old woman with stenosis received epidural stromal cells."))
    assert one == ("case_report", "human", 4)
    many = study(vocab, "Epidural cells for stenosis",
                 ("", "We describe 14 patients; a patient with diabetes developed an infection."))
    assert many == ("case_series", "human", 4)


@pytest.mark.parametrize("text", [
    # the patient introduced by an age told after the noun, or as the account's subject
    "A man aged 47 years received intradiscal marrow cells abroad and developed discitis.",
    "The authors describe a woman who developed a lumbar mass after intrathecal stem cells.",
])
def test_a_patient_introduced_by_age_or_as_the_subject_is_a_case_report(vocab, text):
    # (no publication type: an ahead-of-print record has only "Journal Article")
    assert study(vocab, "Complication after stem cell injection", ("", text)) == (
        "case_report", "human", 4)


def test_two_patients_in_a_record_that_calls_itself_a_case_study(vocab):
    text = ("Two patients with chronic discogenic pain received intradiscal cord stromal cells and "
            "were followed for two years.")
    assert study(vocab, "Intradiscal cord stromal cells in two sisters: a case study",
                 ("", text)) == ("case_report", "human", 4)
    # two patients told without that name are a series, as are three with it
    assert study(vocab, "Cord stromal cells for discogenic pain", ("", text)) == (
        "case_series", "human", 4)
    assert study(vocab, "Intradiscal cord stromal cells in three sisters: a case study",
                 ("", text.replace("Two", "Three"))) == ("case_series", "human", 4)


@pytest.mark.parametrize("text", [
    "Stromal cells calm inflammation in many models. The review sets out what is known of their "
    "biology in dogs and where their use may go.",
    "Cell therapies for cord injury restore function in rodents. We have tried here to cover the "
    "preclinical and clinical evidence on their safety, and we also discuss the limits of the "
    "animal models.",
    "Disc cell therapy has moved from rabbits to patients with back pain and feasibility was "
    "shown. We then outline the open questions of dose and delivery.",
])
def test_a_review_that_names_itself_without_a_review_type_is_a_review(vocab, text):
    # an ahead-of-print record: no "Review" publication type yet, the text alone says it
    assert study(vocab, "Stromal cells in dogs with cord and disc disease", ("", text))[0] == (
        "narrative_review")


# ---- how abstracts are written: more shapes of the same questions ------------------------------
def test_animal_study_that_names_patients_only_as_the_goal_is_animal(vocab):
    text = ("Rabbits underwent annular puncture of two lumbar discs and received stromal cells or "
            "saline four weeks later. Disc height recovered with cells. These results suggest a "
            "therapy for patients with disc degeneration.")
    assert study(vocab, "Stromal cells restore punctured discs", ("", text)) == (
        "preclinical_animal", "animal", 5)


def test_laboratory_study_that_names_patients_only_as_the_goal_is_in_vitro(vocab):
    assert study(vocab, "Hypoxia and nucleus pulposus cells",
                 ("METHODS", "Nucleus pulposus cells were cultured under 2% oxygen for 14 days."),
                 ("CONCLUSIONS", "Low oxygen may help cell therapy for patients with back pain.")
                 ) == ("in_vitro", "in_vitro", 5)


def test_systematic_search_without_the_words_systematic_review(vocab):
    text = ("A systematic search of PubMed was run for trials of cell injection in back pain; "
            "14 studies were eligible.")
    assert study(vocab, "Cell injections for back pain", ("", text))[0] == "systematic_review"


@pytest.mark.parametrize(
    "title",
    ["Retraction note: Stromal cells for disc herniation",
     "Correction to: Concentrate injection for discogenic pain"],
)
def test_notices_are_other_by_their_title(vocab, title):
    assert study(vocab, title, ("", "The article has been retracted by the editors."))[0] == "other"


def test_protocol_without_its_publication_type(vocab):
    text = ("This multicentre trial will enrol 90 adults with discogenic pain. Participants will "
            "be randomized to cells or sham, and pain will be assessed at one year.")
    assert study(vocab, "Umbilical cord cells versus sham for discogenic pain", ("", text)) == (
        "protocol", "human", None)


def test_a_chart_review_that_compares_its_patients_with_another_group(vocab):
    assert graded(
        vocab, "Bone marrow concentrate in lumbar fusion",
        ("METHODS", "We reviewed 64 patients fused with bone marrow concentrate and compared "
                    "them with 58 patients fused with iliac crest autograft."),
        ("RESULTS", "Fusion rates were similar (88% vs 90%)."),
    ) == ("cohort", "human", 3, 122)


def test_a_review_whose_own_sentence_covers_preclinical_and_patient_trials(vocab):
    text = ("Spinal cord injury remains a major healthcare problem worldwide. This comprehensive "
            "review gives an overview of neuroprotective drugs, cell-based therapies and "
            "scaffolds, and highlights work to improve patient outcomes. Every section offers "
            "clinicians the key preclinical and patient trials.")
    assert study(vocab, "Progress in regenerative treatments for spinal cord injury",
                 ("", text))[:2] == ("narrative_review", "unknown")


def test_a_review_protocol_whose_results_are_still_to_come(vocab):
    # review protocols often keep the journal's RESULTS heading, told in the future tense
    assert study(
        vocab, "Is mesenchymal stem cell transplantation effective for spinal cord injury?",
        ("METHODS", "We will search six databases for randomized controlled trials, two "
                    "reviewers will extract data and rate risk of bias, and the included trials "
                    "will be pooled in a meta-analysis."),
        ("RESULTS", "The review will pool the latest trials of the cells."),
        ("CONCLUSION", "It will give evidence on whether the cells work and are safe."),
    )[0] == "protocol"


def test_review_announced_by_an_overview_sentence(vocab):
    text = ("Disc degeneration drives much back pain. We provide an overview of progenitor "
            "cells in the disc and of attempts to mobilise them.")
    assert study(vocab, "Disc progenitor cells", ("", text))[0] == "narrative_review"


def test_review_type_on_our_own_experience_yields(vocab):
    text = "We report our experience with 30 patients given intradiscal stromal cells."
    assert study(vocab, "Stromal cells for disc pain", ("", text),
                 publication_types=["Review"]) == ("case_series", "human", 4)


def test_a_case_report_opening_with_the_patient_counts_published_cases_apart(vocab):
    # the opening sentence is the case itself, not background; the counted cases found in the
    # literature are other papers' patients (error classes 2 and 10)
    text = ("A 58-year-old woman developed a lumbar mass two years after intradiscal stem cell "
            "injections. We found 9 similar cases in the literature, involving 11 patients.")
    assert graded(vocab, "Lumbar mass after stem cell injections", ("", text)) == (
        "case_report", "human", 4, 1)


def test_case_report_with_a_literature_review_is_a_case_report(vocab):
    text = ("We present a 52-year-old man with discitis after stem cell injections abroad and "
            "review the literature.")
    assert study(vocab, "Discitis after stem cell tourism", ("", text),
                 publication_types=["Case Reports", "Review"]) == ("case_report", "human", 4)


def test_review_of_animal_work_only_has_an_animal_population(vocab):
    text = "This review summarizes preclinical studies of disc repair in rodents and large animals."
    assert study(vocab, "Disc repair in animals", ("", text)) == ("narrative_review", "animal", 5)


def test_an_unstructured_abstracts_background_ends_at_the_first_sentence_about_this_study(vocab):
    text = ("In a randomized trial, stromal cells reduced disc pain. Rats given the same cells "
            "regained disc height. We injected autologous concentrate into the discs of 18 "
            "patients and followed them for a year.")
    assert study(vocab, "Concentrate for discogenic pain", ("", text)) == (
        "case_series", "human", 4)


def test_a_design_sentence_with_counted_participants_is_no_background(vocab):
    text = ("A randomized, placebo-controlled trial of stromal cells in 60 adults with discogenic "
            "pain. Pain scores did not differ at one year. We conclude that cells were not better.")
    assert graded(vocab, "Stromal cells for discogenic pain", ("", text)) == (
        "rct", "human", 2, 60)


def test_a_referenced_sentence_is_cited_not_this_studys_design(vocab):
    text = ("Intradiscal cells were tested in a randomized trial [4]. Twenty patients received "
            "cells in our clinic, and pain fell at six months.")
    assert study(vocab, "Cells for disc pain", ("", text))[0] == "case_series"


def test_two_labelled_groups_of_different_treatments_are_a_cohort(vocab):
    methods = ("Group A (n = 20) received concentrate and group B (n = 20) received platelet-rich "
               "plasma; outcomes at one year were analysed.")
    assert graded(vocab, "Concentrate or plasma for disc pain", ("METHODS", methods)) == (
        "cohort", "human", 3, 40)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Correction of kyphosis with concentrate-enriched grafts",
         "We treated 26 patients with posterior fusion and concentrate-enriched allograft."),
        ("A new perspective on disc repair: stromal cells in 20 patients",
         "Twenty patients received intradiscal stromal cells and were followed for a year."),
        ("Stromal cells for disc pain",
         "Thirty patients recruited through advertising were treated with stromal cells."),
        ("Stromal cells for disc pain",
         "We treated 25 patients with stromal cells; a placebo effect cannot be excluded. "
         "Compared with surgery, the injection is far less invasive."),
    ],
)
def test_words_that_only_look_like_another_design_leave_a_case_series(vocab, title, text):
    assert study(vocab, title, ("", text)) == ("case_series", "human", 4)


def test_a_retrospective_review_of_patients_is_no_literature_review(vocab):
    assert graded(vocab, "Intradiscal concentrate: a retrospective review of 30 patients",
                  ("", "Outcomes at one year are described.")) == ("case_series", "human", 4, 30)


def test_laboratory_work_that_we_discuss_is_no_review(vocab):
    text = ("We cultured nucleus pulposus cells with stromal cell secretome for 14 days and "
            "measured matrix genes. We discuss how the secretome may act on the disc.")
    assert study(vocab, "Secretome and disc cells", ("", text)) == ("in_vitro", "in_vitro", 5)


# ---- generalisation: how real abstracts we had not seen are written ------------------------------
def test_a_review_that_names_itself_in_a_background_section_is_a_review(vocab):
    # structured reviews often open with "BACKGROUND: We review ..." or "This paper reviews ...";
    # the self word says the sentence is about this article, whatever the section is called
    sections = (
        ("BACKGROUND", "We review the literature on marrow stromal cells in posterolateral "
                       "fusion."),
        ("METHODS", "Preclinical and clinical reports found in two databases were read."),
        ("RESULTS", "In animal models, cell-seeded grafts fused more often; the clinical reports "
                    "were small."),
    )
    assert study(vocab, "Stromal cells in spinal fusion", *sections) == (
        "narrative_review", "unknown", 5)


@pytest.mark.parametrize(
    "sentence",
    [
        "We give an overview of the latest progress in deriving notochordal-like cells from "
        "pluripotent cells in vitro and in vivo.",
        "We reviewed the role of platelet lysate and of cell carriers in animal studies of disc "
        "repair.",
        "This manuscript reviews the literature on grafts seeded with stromal cells.",
    ],
)
def test_review_voices_of_unstructured_reviews(vocab, sentence):
    text = ("Disc degeneration is common and cell therapy is attractive. When chondrocytes were "
            "injected into animal models they rarely survived. " + sentence)
    assert study(vocab, "Cell sources for the disc", ("", text))[0] == "narrative_review"


def test_we_reviewed_the_charts_of_our_patients_stays_a_case_series(vocab):
    text = ("We reviewed the charts of 31 patients given intradiscal concentrate at our clinic. "
            "Pain fell by half at one year.")
    assert study(vocab, "Concentrate for disc pain", ("", text)) == ("case_series", "human", 4)


def test_we_reviewed_counted_patients_stays_a_case_series(vocab):
    methods = ("We reviewed 52 consecutive patients who received marrow concentrate in the disc; "
               "pain scores were compared with pre-injection values.")
    assert graded(vocab, "Marrow concentrate for disc pain: a retrospective analysis",
                  ("METHODS", methods)) == ("case_series", "human", 4, 52)


def test_pubmed_and_medline_are_one_database_for_a_review(vocab):
    # a review that searched "PubMed/MEDLINE" searched one database: not a systematic search
    sections = (
        ("BACKGROUND", "We review the literature on stromal cells in fusion."),
        ("METHODS", "PubMed/MEDLINE was searched for clinical studies of cell-seeded grafts."),
    )
    assert study(vocab, "Stromal cells in fusion", *sections)[0] == "narrative_review"



def test_a_meta_analysis_of_animal_trials_is_animal_evidence_level_5(vocab):
    # "randomized controlled animal trials enrolling 180 mice" are the included animal studies;
    # a systematic review of animal work is preclinical evidence (domain.md: level 1 is a review
    # of controlled clinical studies)
    sections = (
        ("METHODS", "Three databases were searched for studies of stromal cells given after "
                    "spinal cord contusion in mice."),
        ("RESULTS", "Seven randomized controlled animal trials enrolling 180 mice were pooled; "
                    "treated mice walked better."),
    )
    assert graded(vocab, "Stromal cells after cord injury in mice: a meta-analysis",
                  *sections) == ("systematic_review", "animal", 5, None)


def test_a_systematic_review_of_clinical_trials_keeps_level_1(vocab):
    sections = (("METHODS", "Four databases were searched for controlled clinical trials of "
                            "intradiscal cells in adults."),)
    assert study(vocab, "Intradiscal cells: a systematic review", *sections) == (
        "systematic_review", "human", 1)


def test_divided_at_random_is_randomized(vocab):
    methods = ("Forty adults with cord injury sequelae were divided at random into a cell group, "
               "a rehabilitation group and an untreated group.")
    assert study(vocab, "Cord blood cells for cord injury", ("METHODS", methods)) == (
        "rct", "human", 2)


def test_dose_groups_of_a_declared_single_arm_trial_are_a_case_series(vocab):
    sections = (
        ("METHODS", "In a single-arm trial, 12 patients received 10 million cells (n = 6) or 20 "
                    "million cells (n = 6) into the disc."),
        ("RESULTS", "Pain improved in both dose groups, with no difference between the two "
                    "groups."),
    )
    assert graded(vocab, "Adipose stromal cells for disc pain", *sections) == (
        "case_series", "human", 4, 12)


def test_groups_told_apart_only_by_dose_are_one_treated_series(vocab):
    sections = (
        ("METHODS", "Adults with one degenerated lumbar disc received an intradiscal injection of "
                    "cultured disc cells at a low dose (n = 8) or a high dose (n = 8)."),
        ("RESULTS", "Both groups improved in pain and disability at one year, with no difference "
                    "between the two groups."),
    )
    assert graded(vocab, "Disc cell injection at two doses", *sections) == (
        "case_series", "human", 4, 16)
    # a control beside the doses is a comparison all the same
    controlled = (("METHODS", sections[0][1].replace(
        "a high dose (n = 8)", "a high dose (n = 8), and a control group (n = 8) had saline")),
                  sections[1])
    assert graded(vocab, "Disc cell injection at two doses", *controlled)[1:3] == ("human", 3)


def test_two_cohorts_one_treated_with_and_one_without_are_a_comparative_cohort(vocab):
    # (held-out set AW, on arrival: the comparison told in an unlabelled background sentence)
    text = ("Background Marrow aspirate is a common fusion adjunct. We retrospectively compared "
            "two cohorts of patients having cervical fusion, one treated with and one without "
            "the aspirate. Methods The charts of all patients fused by one surgeon were "
            "reviewed. Results Fusion was judged on CT in 70 patients.")
    assert study(vocab, "Marrow aspirate in cervical fusion", ("", text)) == ("cohort", "human", 3)


@pytest.mark.parametrize("design", [
    "A post hoc analysis of a multicentre randomized controlled trial.",
    "Secondary analysis of data from two randomised, saline-controlled trials.",
])
def test_a_post_hoc_analysis_of_randomized_trials_reports_randomized_groups(vocab, design):
    # the trials are named in the plural, yet the data are this study's own
    sections = (("STUDY DESIGN", design),
                ("METHODS", "Patients given cells or saline at one site were compared."),
                ("RESULTS", "Thirty patients had cells and 12 had saline."))
    assert study(vocab, "Intradiscal cells at one site", *sections) == ("rct", "human", 2)


def test_an_indexed_clinical_trial_with_a_comparison_is_non_randomized_controlled(vocab):
    methods = ("The first 40 patients given a cell-soaked matrix graft were matched to historical "
               "controls given iliac crest autograft.")
    assert study(vocab, "Matrix graft and marrow for lumbar fusion", ("METHODS", methods),
                 publication_types=["Journal Article", "Clinical Trial", "Comparative Study"]) == (
        "non_randomized_controlled", "human", 3)


def test_class_6_a_letter_indexed_as_a_clinical_trial_reports_that_trial(vocab):
    # the text speaks of the treated patients without "we" or an action verb; the trial's own
    # publication types say it is original research
    text = ("Seven years on, imaging again showed solid fusion in all nine treated patients, "
            "with no tumour at the graft site. Pain and disability stayed below their baseline "
            "values.")
    assert study(vocab, "Seven-year results of a phase I trial of stromal cells for lumbar fusion",
                 ("", text), publication_types=["Letter", "Clinical Trial, Phase I"]) == (
        "case_series", "human", 4)
    assert study(vocab, "Seven-year results of stromal cells for lumbar fusion",
                 ("", text), publication_types=["Letter"])[0] == "editorial"


def test_a_review_limited_to_human_participants_is_human_despite_animal_background(vocab):
    assert graded(
        vocab, "Intradiscal plasma injection for disc pain: a meta-analysis",
        ("OBJECTIVE", "Work in animals and in humans has suggested benefit from intradiscal "
                      "plasma. We therefore pooled its effect on disc pain."),
        ("METHODS", "We searched PubMed and Embase systematically; the search was limited to "
                    "studies with human participants."),
        ("RESULTS", "Four studies were included. Pain fell at six months."),
        publication_types=["Meta-Analysis"])[:3] == ("systematic_review", "human", 1)


def test_a_meta_analysis_of_rat_studies_aimed_at_clinical_use_is_animal(vocab):
    # "translated into clinical use" is where the findings should go, not what was reviewed
    assert graded(
        vocab, "Marrow stem cell exosomes for cord injury: a meta-analysis of rat studies",
        ("OBJECTIVE", "To assess how well exosomes of marrow stem cells heal the injured cord, "
                      "so that animal findings are translated into clinical use more safely."),
        ("METHODS", "We searched PubMed and Embase."),
        ("RESULTS", "Twenty studies were included. Locomotor scores rose in treated rats."),
        publication_types=["Systematic Review", "Meta-Analysis"])[:3] == (
        "systematic_review", "animal", 5)


def test_two_groups_named_by_what_they_were_given_make_a_cohort(vocab):
    assert graded(
        vocab, "Marrow concentrate added to decompression for lumbar stenosis",
        ("OBJECTIVE", "To compare outcomes of decompression with or without marrow "
                      "concentrate."),
        ("METHODS", "We retrospectively reviewed patients treated between 2018 and 2021."),
        ("RESULTS", "Of 80 patients, 45 had decompression only (decompression group) and 35 "
                    "had decompression with concentrate (BMAC group). Pain fell more in the "
                    "BMAC group."))[:3] == ("cohort", "human", 3)


def test_groups_named_by_a_trait_leave_a_single_series(vocab):
    assert graded(
        vocab, "Marrow cells for chronic cord injury",
        ("", "We gave marrow mononuclear cells intrathecally to 30 patients with chronic cord "
             "injury. Function improved at one year. We compared the cervical group with the "
             "thoracic group: gains were larger in the thoracic group."))[:3] == (
        "case_series", "human", 4)


def test_a_report_that_appraises_current_research_is_a_narrative_review(vocab):
    text = ("Cord injury disables for life. Laboratory studies and early trials of marrow "
            "stromal cells have given hopeful results. This report compares and appraises "
            "current research on stromal and neural stem cell therapy after cord injury.")
    assert study(vocab, "Cell therapy for cord injury: promise or hype?", ("", text)) == (
        "narrative_review", "unknown", 5)


def test_a_review_of_reported_clinical_efficacy_is_human(vocab):
    text = ("Autograft from the iliac crest is the standard for lumbar fusion. This review "
            "describes the graft substitutes, their complications and their reported clinical "
            "efficacy.")
    assert study(vocab, "Graft substitutes in lumbar fusion: a review", ("", text),
                 publication_types=["Review"]) == ("narrative_review", "human", 5)


def test_non_randomized_controlled_names_a_design_and_negates_nothing_after_it(vocab):
    # "non-" negates "randomized" only: the trial is controlled, and the product after it is
    # what the trial gave (not a negated mention)
    a = assess(pub("A non-randomized controlled trial of marrow concentrate for disc pain",
                   ("", "Forty adults chose concentrate or physiotherapy. Pain fell more with "
                        "concentrate.")), vocab)
    assert (a.design, a.evidence_level) == ("non_randomized_controlled", 3)
    assert ("bmac", "title") in {(t.value, t.field) for t in a.tags if t.facet == "cell_type"}


def test_a_meta_analysis_of_non_randomized_controlled_trials_is_human(vocab):
    assert study(
        vocab, "Marrow cells added to core decompression of the hip: a meta-analysis",
        ("METHODS", "Non-randomized controlled trials that compared decompression with and "
                    "without marrow cells were eligible. Two reviewers rated risk of bias."),
        ("RESULTS", "Five studies were pooled.")) == ("systematic_review", "human", 1)


def test_a_disorder_that_affects_many_people_makes_no_participants(vocab):
    # a prevalence in the first sentence names no one this article studied: with nothing of
    # its own (no participants, animals or laboratory work), the article is an overview
    text = ("Disc degeneration affects most people over fifty and drives back pain. "
            "Vesicles released by stromal cells carry proteins and RNA that calm inflammation "
            "and slow matrix loss, and they may be stored and dosed more easily than cells.")
    assert study(vocab, "Stromal cell vesicles: a new route to disc repair", ("", text)) == (
        "narrative_review", "unknown", 5)


def test_subjects_named_after_the_opening_sentence_keep_a_primary_study(vocab):
    # only the opening sentence states a topic; "subjects are assessed" later is this study's
    text = ("The study gives two doses of allogeneic precursor cells to people whose chronic "
            "back pain comes from disc degeneration. Subjects are assessed radiographically at "
            "6 and 12 months.")
    assert study(vocab, "Allogeneic precursor cells for disc pain", ("", text))[0] not in (
        "narrative_review", "other")


def test_a_method_word_in_prose_that_never_speaks_of_its_own_work_is_no_lab_study(vocab):
    text = ("Cord injury leaves lasting deficits. Cells used in the clinic include olfactory "
            "ensheathing cells, marrow stromal cells and products of cells differentiated from "
            "embryonic stem cells; their results differ.")
    assert study(vocab, "Cell therapy after cord injury", ("", text))[0] != "in_vitro"
    lab = ("We differentiated embryonic stem cells into neural progenitors and measured their "
           "viability.")
    assert study(vocab, "Neural progenitors from embryonic stem cells", ("", lab))[0] == "in_vitro"


@pytest.mark.parametrize("title", [
    "Cell therapy for patients with cord injury: advances and prospects",
    "Stem cells for disc repair: challenges and perspectives",
])
def test_a_title_of_advances_and_prospects_presents_a_review(vocab, title):
    text = ("Cord and disc injuries disable many. Several cell types have been tried in the "
            "clinic with varied results.")
    assert study(vocab, title, ("", text))[0] == "narrative_review"


def test_this_systematic_review_names_the_reviews_own_scope(vocab):
    # "This systematic review ... in animal models" is the review speaking of itself, not a
    # background sentence before it
    text = ("Cord injury has no cure. This systematic review and meta-analysis evaluated stem "
            "cell therapy for cord injury in animal models. Databases were searched "
            "systematically; 28 reports were pooled. Motor function improved after therapy. "
            "By our data, cell therapy helps animal models of cord injury.")
    assert study(vocab, "Stem cells after cord injury: a systematic review and meta-analysis",
                 ("", text)) == ("systematic_review", "animal", 5)


def test_what_an_unstructured_review_included_is_its_scope(vocab):
    text = ("Cord injury heals poorly. Stromal cells are a promising therapy. This systematic "
            "review analyses their efficacy and safety. PubMed and Cochrane were searched up to "
            "2023. Of 53 studies found, 22 were included (21 clinical trials and 1 case series). "
            "Motor scores improved after cell therapy.")
    assert study(vocab, "Stromal cells for cord injury: a systematic review", ("", text),
                 publication_types=["Systematic Review"]) == ("systematic_review", "human", 1)


@pytest.mark.parametrize("method", ["according to the random number table method",
                                    "in accordance with a randomization list"])
def test_a_random_method_followed_by_this_study_is_not_cited(vocab, method):
    # "according to" cites guidelines and others' trials, not the table this study drew from
    text = (f"Fifty adults with fractured vertebrae were divided into two groups {method}: "
            "cement with marrow cells or cement alone.")
    assert study(vocab, "Marrow cells in vertebroplasty", ("METHODS", text)) == ("rct", "human", 2)
    cited = ("Fifty adults with fractured vertebrae were given cement with marrow cells, "
             "according to the randomized trial of the group that first used it.")
    assert study(vocab, "Marrow cells in vertebroplasty", ("", cited))[0] != "rct"


@pytest.mark.parametrize("verb", ["were given to", "were administered to"])
def test_animals_things_were_given_to_are_subjects(vocab, verb):
    text = f"Marrow cell vesicles {verb} rats with crushed spinal cords improved walking."
    assert study(vocab, "Marrow cell vesicles for cord injury", ("", text)) == (
        "preclinical_animal", "animal", 5)


def test_tissue_of_a_species_kept_alive_ex_vivo_is_laboratory_work(vocab):
    text = ("Whole bovine caudal discs were kept in an ex vivo organ culture for 21 days, and "
            "marrow stromal cells were injected into the nucleus. Matrix synthesis rose.")
    assert study(vocab, "Stromal cells in loaded discs", ("", text)) == (
        "in_vitro", "in_vitro", 5)


def test_a_computer_model_built_from_one_persons_scans_is_no_case_report(vocab):
    text = ("A finite element model of the lumbar spine was built from CT images of a healthy "
            "41-year-old woman. Gels of three stiffnesses carrying cells were simulated in the "
            "nucleus; the middle one restored disc height best.")
    assert study(vocab, "Modelling cell-laden gels in the disc", ("", text))[0] == "other"


@pytest.mark.parametrize("text", [
    "We compared 35 patients treated with marrow concentrate with 70 patients treated with "
    "physiotherapy.",
    "We compared the outcomes of 20 patients given stromal cells to 20 matched controls.",
])
def test_two_counted_groups_compared_make_a_cohort(vocab, text):
    assert graded(vocab, "Marrow concentrate for disc pain", ("METHODS", text))[0] == "cohort"


def test_a_health_survey_named_as_an_outcome_measure_is_no_survey_study(vocab):
    doc = pub("Local autograft versus allograft in cervical fusion: a randomized trial",
              ("METHODS", "Patients needing single-level cervical fusion (n=30) were randomly "
                          "allocated to an allograft group or a local graft group. Neck pain, "
                          "the Neck Disability Index and the 2-item Short Form Health Survey "
                          "(SF-12) were recorded for a year."),
              publication_types=["Journal Article", "Randomized Controlled Trial"])
    assert assess(doc, vocab).design == "rct"
    asked = pub("Surgeons' views of cell therapy for the spine",
                ("METHODS", "We sent an online survey on attitudes to stem cell injections to "
                            "400 spine surgeons."))
    assert assess(asked, vocab).design == "other"


# ---- "randomized" used for a choice ----------------------------------------------------------
def test_randomized_by_patient_choice_is_no_random_allocation(vocab):
    # the authors call the study randomized, then say the patients chose their arm: allocation
    # by choice is not by chance, whatever the title says
    title = "Facet injections of marrow cells or steroid: a prospective randomized study"
    methods = ("METHODS", "Adults with facet pain, randomized by their own choice, were given "
                          "either marrow cells or a steroid injection. Sixty adults were followed.")
    assert study(vocab, title, methods) == ("non_randomized_controlled", "human", 3)
    # told plainly, the same study stays an RCT
    plain = ("METHODS", "Adults with facet pain were randomized to marrow cells or a steroid "
                        "injection. Sixty adults were followed.")
    assert study(vocab, title, plain) == ("rct", "human", 2)


def test_two_treatments_given_either_or_are_two_arms(vocab):
    # "were given either A or B": two groups treated differently, compared
    doc = ("METHODS", "By patient preference, patients were given either adipose cells or "
                      "physiotherapy, and 40 were followed for a year.")
    assert study(vocab, "Adipose cells for back pain", doc)[0] == "non_randomized_controlled"


def test_a_comparison_the_study_names_in_its_background_section_counts(vocab):
    # "BACKGROUND: ... this prospective study compared A with B": the study's own comparison,
    # even under a background label; another study's comparison there does not count
    own = ("BACKGROUND", "Surgery is the usual choice. This prospective study compared marrow "
                         "cells with surgery.")
    treated = ("METHODS", "Of 60 adults, 25 received marrow cells and 35 had surgery.")
    results = ("RESULTS", "Pain fell in both groups.")
    assert study(vocab, "Marrow cells or surgery for disc herniation", own, treated,
                 results)[0] == "cohort"
    other = ("BACKGROUND", "Surgery is the usual choice. An earlier trial compared marrow cells "
                           "with surgery.")
    single = ("METHODS", "Sixty adults received marrow cells in one clinic.")
    assert study(vocab, "Marrow cells for disc herniation", other, single,
                 ("RESULTS", "Pain fell."))[0] == "case_series"


def test_values_compared_with_those_before_the_injection_are_no_comparison_group(vocab):
    # one group measured before and after ("compared with the values before it") is a series
    doc = ("METHODS", "In a prospective trial every patient had one intradiscal injection of "
                      "marrow cells. Pain scores at 4, 12 and 24 weeks were compared with the "
                      "values before it. Thirty patients were analysed.")
    assert study(vocab, "Marrow cells into the disc", doc) == ("case_series", "human", 4)


def test_questionnaires_handed_out_with_nobody_treated_are_a_survey(vocab):
    doc = pub("What expectant parents know about cord blood banking",
              ("METHODS", "Anonymous questionnaires were given to 800 blood donors and 250 "
                          "pregnant women at one hospital."),
              ("RESULTS", "Most knew that cord blood could be donated."))
    assert assess(doc, vocab).design == "other"
    # an outcome questionnaire of treated patients is no survey
    treated = pub("Marrow concentrate for discogenic pain: a series",
                  ("METHODS", "Forty patients received intradiscal marrow concentrate and "
                              "completed the Roland-Morris Disability Questionnaire at 6 "
                              "months."))
    assert assess(treated, vocab).design == "case_series"
    evaluated = pub("Cord stromal cell exosomes for subacute cord injury: a phase I trial",
                    ("METHODS", "The design was an open-label single-arm phase I trial. After "
                                "the intrathecal injection every participant was evaluated on "
                                "the ASIA scale and with a questionnaire on bladder function."))
    assert assess(evaluated, vocab).design == "case_series"


def test_reviewing_what_clinics_publish_is_no_literature_review(vocab):
    doc = pub("Direct-to-consumer marketing of stem cell injections for back pain",
              ("METHODS", "We reviewed 120 clinic websites that offered stem cell injections "
                          "for back pain and recorded their claims and prices."),
              ("RESULTS", "Most websites claimed pain relief; few cited published evidence."))
    assert assess(doc, vocab).design == "other"


def test_a_review_that_grades_its_studies_by_clinical_level_covers_people(vocab):
    doc = pub("Regenerative injections for axial spine pain: a narrative review",
              ("METHODS", "We performed a comprehensive literature review of injections of "
                          "platelet-rich plasma or stromal cells into discs and facet joints."),
              ("RESULTS", "Intradiscal cells are supported by level I/IV studies."),
              publication_types=["Review"])
    assert assess(doc, vocab).population == "human"


def test_recent_progress_in_a_body_opens_a_background_not_a_review(vocab):
    doc = pub("Stromal vascular fraction with a ceramic in interbody fusion: a phase I trial",
              ("", "Even with recent progress in bone graft substitutes, pseudarthrosis after "
                   "fusion remains frequent. This open-label clinical trial asked whether "
                   "stromal vascular fraction can be combined with a ceramic in patients who "
                   "need interbody fusion. Fusion was judged on CT at 6 and 12 months."))
    assert assess(doc, vocab).design != "narrative_review"
    titled = pub("Recent advances in cell therapy for disc degeneration",
                 ("", "Cell therapy for the degenerated disc has moved from animal models to "
                      "the first clinical trials; the obstacles ahead are discussed."))
    assert assess(titled, vocab).design == "narrative_review"


def test_a_tissue_s_content_analysis_is_laboratory_work_not_media_research(vocab):
    doc = pub("Scaffolds in annular defects and nerve ingrowth in rabbit discs",
              ("METHODS", "Annular defects were made in New Zealand white rabbits (n = 24). "
                          "Degeneration was assessed with MRI, histology and proteoglycan "
                          "content analysis."))
    a = assess(doc, vocab)
    assert (a.design, a.population, a.sample_size) == ("preclinical_animal", "animal", 24)


def test_a_review_with_a_case_series_of_its_own_is_the_case_series(vocab):
    doc = pub("Platelet-rich plasma injections of the spine: a review and a case series",
              ("OBJECTIVE", "To give an overview of regenerative injections of the spine, and "
                            "to present a case series of 6 patients who had injections into "
                            "the facet joints."),
              ("RESULTS", "Five of the six patients reported less pain at three months."))
    a = assess(doc, vocab)
    assert (a.design, a.sample_size) == ("case_series", 6)


def test_an_article_indexed_as_a_review_that_presents_its_own_cases_is_a_case_series(vocab):
    doc = pub("What can go wrong with intradiscal injections: a literature review and "
              "presentation of a case series",
              ("METHODS", "We searched the literature for complications of intradiscal "
                          "injections, and reviewed complications seen at our centre."),
              ("RESULTS", "Three infections after marrow concentrate injections are "
                          "presented."),
              publication_types=["Journal Article", "Review"])
    assert assess(doc, vocab).design == "case_series"


# ---- each participant their own control ------------------------------------------------------
@pytest.mark.parametrize("methods", [
    "In each of 18 patients one level received a cage packed with marrow aspirate and the other "
    "level a cage packed with local bone.",
    "Twelve patients had posterolateral fusion with stromal cells on one side; the contralateral "
    "side, grafted with ceramic alone, served as an internal control.",
    "This intra-patient comparison enrolled 16 patients fused at two levels, with and without "
    "adipose cells.",
    "In 20 patients, ceramic alone was grafted on the left side (control) and ceramic with "
    "marrow concentrate on the right.",
])
def test_a_within_patient_comparison_is_a_non_randomized_controlled_study(vocab, methods):
    assert study(vocab, "Cells in two-level lumbar fusion", ("METHODS", methods),
                 ("RESULTS", "Fusion was seen at 14 cell levels and 12 control levels.")) == (
        "non_randomized_controlled", "human", 3)


def test_a_side_drawn_at_random_makes_it_randomized(vocab):
    assert study(vocab, "Cells in posterolateral fusion",
                 ("METHODS", "Twenty patients received stromal cells with ceramic on one side "
                             "(randomly chosen) and ceramic alone on the other side."),
                 ("RESULTS", "The fusion mass was larger on the cell side in 15 patients.")) == (
        "rct", "human", 2)


def test_groups_named_in_a_sentence_about_what_the_operation_put_in(vocab):
    # an unstructured abstract whose only sentence naming both groups tells what was placed
    assert study(vocab, "Stromal cells with ceramic in interbody fusion: a phase I trial",
                 ("", "This open-label trial asked whether stromal cells can be added to ceramic "
                      "in interbody fusion. Two cages were placed in each disc space: the right "
                      "cage (cell group) held ceramic with cells, and the left cage (control "
                      "group) ceramic only. Fusion was judged on CT at 12 months in 11 "
                      "patients.")) == ("non_randomized_controlled", "human", 3)


# ---- a comparison the abstract makes, or does not ---------------------------------------------
def test_outcomes_compared_retrospectively_with_another_treatment_make_a_cohort(vocab):
    assert study(vocab, "Are adipose cell injections safe?",
                 ("", "We analysed adipose-derived cell treatments given for joint and tendon "
                      "disorders. Their outcomes were compared retrospectively with those of "
                      "medication given without the cells. No serious adverse event occurred.")
                 )[0] == "cohort"


def test_patients_serving_as_their_own_controls_before_treatment_are_a_case_series(vocab):
    assert study(vocab, "Marrow stromal cells in chronic spinal cord injury",
                 ("", "Nine patients were treated with autologous stromal cells. Scores before "
                      "and after transplantation were compared, the patients serving as their "
                      "own controls. Motor scores improved significantly at two years.")) == (
        "case_series", "human", 4)


def test_groups_named_and_counted_are_the_article_s_own_data_not_a_review(vocab):
    # "this article examines" opens reviews and primary reports alike; "group A (n = 40)" does
    # not appear in a review
    design = study(vocab, "Ensheathing cells in chronic spinal cord injury: long-term results",
                   ("", "This article examines the long-term result of cell therapy in chronic "
                        "spinal cord injury. Patients were analysed in group A (n = 40), with "
                        "intensive rehabilitation, and group B (n = 15), without it. Motor "
                        "scores rose from 31 to 36 (p < 0.01)."))[0]
    assert design != "narrative_review"


def test_cases_of_a_study_of_dogs_are_dogs(vocab):
    # "cases" names no species: the counted dogs are the subjects
    assert graded(vocab, "Stromal cells injected into the cord of paraplegic dogs",
                  ("METHODS", "We included nine dogs that had lost deep pain perception after "
                              "disc extrusion. Each dog was given cells twice."),
                  ("RESULTS", "Gait improved in 5 cases by the fourth month.")) == (
        "preclinical_animal", "animal", 5, 9)


def test_a_control_group_named_by_an_abstract_that_speaks_of_its_trial(vocab):
    assert study(vocab, "A two-year trial of ensheathing cell grafts in paraplegia",
                 ("", "We report a trial in which ensheathing cells were grafted into the cord "
                      "of eight patients with complete paraplegia. A control group without "
                      "surgery, closely matched to the grafted group, was part of the design. "
                      "Neurological status was assessed every six months.")) == (
        "non_randomized_controlled", "human", 3)


def test_cohorts_treated_with_or_without_told_in_the_background_by_we(vocab):
    assert study(vocab, "Marrow aspirate in anterior cervical fusion: a retrospective study",
                 ("BACKGROUND", "Marrow aspirate is used in fusion, but its benefit is unclear. "
                                "We retrospectively assessed patients fused at our centre, "
                                "treated with or without the aspirate."),
                 ("METHODS", "Fusion was judged on CT at one year."))[0] == "cohort"


def test_this_study_setting_its_product_against_another_treatment_compares(vocab):
    found = study(vocab, "Marrow concentrate on allograft chips for nonunion",
                  ("", "This study assessed marrow concentrate seeded on allograft chips, "
                       "compared with iliac crest autograft, for nonunion of the tibia. In 12 "
                       "patients the autograft was placed at the site; in 20 patients the "
                       "composite was used. Union was reached in 83% and 90%."))
    assert found[0] in ("cohort", "non_randomized_controlled") and found[2] == 3
    # one treated series set against the patients of an earlier report: still one series
    assert study(vocab, "Marrow cells for cervical cord injury: long-term follow-up",
                 ("", "Forty patients with cervical cord injury were given intrathecal marrow "
                      "mononuclear cells, and function improved significantly after two years. "
                      "This cervical group is also compared with the thoracic patients of our "
                      "earlier study."))[0] == "case_series"


def test_a_review_of_clinical_studies_done_in_dogs_covers_animals(vocab):
    assert study(vocab, "Cell grafts for canine cord injury: a review",
                 ("", "Cell grafts are tried in many species. This review covers the "
                      "experimental and clinical studies of cell grafts for cord injury in "
                      "dogs. Most clinical studies found functional gains."),
                 publication_types=["Journal Article", "Review"])[1] == "animal"
    # the same words about patients: not animals
    assert study(vocab, "Cell grafts for cord injury: a review",
                 ("", "Cell grafts are tried in many species. This review covers the "
                      "experimental and clinical studies of cell grafts for cord injury in "
                      "patients. Most clinical studies found functional gains."),
                 publication_types=["Journal Article", "Review"])[1] != "animal"


def test_how_a_product_is_made_is_no_laboratory_work(vocab):
    essay = ("", "Disc degeneration causes chronic back pain. Marrow concentrate is offered at "
                 "the point of care. Stromal cells prepared by culture expansion are offered "
                 "only within approved trials.")
    assert study(vocab, "Regenerative injections for discogenic pain", essay)[0] != "in_vitro"
    # cells expanded in culture and then worked on in the laboratory: in vitro
    assert study(vocab, "Stromal cells under inflammatory stress", (
        "METHODS", "Stromal cells prepared by culture expansion were exposed to interleukin-1 and "
            "their matrix genes measured by PCR."))[0] == "in_vitro"


def test_self_administered_questionnaires_that_score_outcomes_are_no_survey(vocab):
    design = study(vocab, "Marrow concentrate for knee pain: a retrospective comparative study",
                   ("METHODS", "Pain and function were scored with self-administered "
                               "questionnaires, the VAS and the WOMAC, at baseline and 12 "
                               "months after injection."))[0]
    assert design != "other"
    # a questionnaire handed out to people, nobody treated: a survey
    assert study(vocab, "Surgeons' views of cell therapy for back pain",
                 ("METHODS", "Self-administered questionnaires were sent to 400 spine "
                             "surgeons."))[0] == "other"


# ---- the scope of a review of animal work; an aim filed under the background --------------------
@pytest.mark.parametrize("objective", [
    "To assess how far vesicles from stromal cells improve recovery in rats with cord injury, so "
    "that fewer findings in animals fail to carry over to clinical use.",
    "To determine how effective secretome therapies are in preclinical models of spinal cord "
    "injury.",
])
def test_a_meta_analysis_of_animal_models_covers_animals(vocab, objective):
    assert study(vocab, "Stromal cell products for spinal cord injury: a meta-analysis",
                 ("OBJECTIVE", objective),
                 ("METHODS", "PubMed and Embase were searched; 22 studies were pooled."),
                 ("RESULTS", "Locomotor scores improved (SMD 1.9; 95% CI 1.2 to 2.6).")) == (
        "systematic_review", "animal", 5)


def test_this_study_s_aim_filed_under_the_background_is_its_own(vocab):
    assert study(vocab, "Grafted stem cells in spinal cord repair revisited",
                 ("BACKGROUND", "Short-lived grafts appear to aid recovery. This study set out to "
                                "test this effect in large animals."),
                 ("METHODS", "Human progenitor cells were transplanted into two injury")) == (
        "preclinical_animal", "animal", 5)


def test_a_decision_model_fed_by_a_trial_is_no_cohort(vocab):
    doc = pub("Cost-effectiveness of allogeneic precursor cells compared with lumbar fusion for "
              "chronic discogenic pain",
              ("METHODS", "A Markov model compared intradiscal MPC injection with spinal fusion "
                          "over 5 years from a payer perspective, using data from a phase 2 "
                          "trial of 100 patients."),
              ("RESULTS", "The cell therapy cost 12,000 dollars less per QALY gained."))
    assert assess(doc, vocab).design == "other"
    # a model only cited in the background leaves the trial a trial
    trial = pub("Precursor cells into the disc: a randomized placebo-controlled trial",
                ("BACKGROUND", "An earlier Markov model suggested the injection could be "
                               "cost-effective."),
                ("METHODS", "One hundred patients were randomly assigned to cells or saline."))
    assert assess(trial, vocab).design == "rct"


def test_an_interview_study_of_patients_views_is_no_editorial(vocab):
    """"Patient perspectives" in a title are the views studied, and interviews held with
    counted people are data of the article's own."""
    doc = pub("Patient perspectives on intradiscal cell therapy: a qualitative interview study",
              ("METHODS", "Semi-structured interviews were conducted with 18 patients with "
                          "chronic low back pain who had considered stem cell injections."),
              ("RESULTS", "Three themes emerged: hope, cost and mistrust."))
    assert assess(doc, vocab).design == "other"
    opinion = pub("Cell therapy for the disc: a perspective",
                  ("ABSTRACT", "Cell injections for disc degeneration are offered widely, yet "
                               "the trials are few; we argue for caution."))
    assert assess(opinion, vocab).design == "editorial"


def test_a_review_telling_later_work_in_the_past_is_no_laboratory_study(vocab):
    # the literature as the subject of a past tense ("later work showed") is cited work: its
    # "in vitro" is what others did, and the record (no review type yet) is an essay
    text = ("Since the landmark paper on notochordal cells two decades ago, their secreted "
            "factors have drawn interest. Later work showed that these factors protect disc "
            "cells in vitro and in vivo. Taken together, this evidence suggests that notochordal "
            "cells hold cues for disc repair.")
    assert study(vocab, "Notochordal cells and disc repair", ("", text))[:2] == (
        "narrative_review", "unknown")


def test_a_disease_modelled_in_animals_is_no_modelled_trial(vocab):
    # "modelled" names the animal model here, not a hypothetical trial: the rats are subjects
    assert study(vocab, "SDF-1 and the migration of nucleus pulposus stem cells", (
        "METHODS", "In vitro, SDF-1 expression was measured in nucleus pulposus cells exposed to "
                   "cytokines. In rats, disc degeneration was modelled by puncturing the annulus "
                   "of coccygeal discs, and disc tissue was stained."))[:2] == (
        "preclinical_animal", "animal")
