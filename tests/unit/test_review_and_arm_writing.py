"""How reviews describe themselves, how arms and pools are counted, and how results are
ordered: writing patterns of real abstracts (each example written here for its rule)."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


# ---- study type -------------------------------------------------------------------------------
def test_systematically_beside_a_verb_of_writing_is_no_search(vocab):
    doc = pub("Cell-based repair of the intervertebral disc: where we stand",
              ("", "Disc degeneration drives much chronic back pain. This review systematically "
                   "summarizes the biology of the disc and the cell sources tried so far, from "
                   "bone marrow stromal cells to notochordal cells."),
              publication_types=["Journal Article", "Review"])
    assert assess(doc, vocab).design == "narrative_review"


@pytest.mark.parametrize("opening", [
    "This article concentrates on", "The present paper briefly surveys",
    "This manuscript highlights", "The current overview addresses",
])
def test_the_article_as_the_subject_of_a_verb_of_writing_is_a_review(vocab, opening):
    # no review word, no publication type: how the text opens says what it is
    doc = pub("Stem cells for the degenerating disc: from the bench towards the clinic",
              ("", f"{opening} how stem cells are used for disc degeneration. In animals, "
                   "implanted MSCs restored disc height and lowered inflammation in culture and "
                   "in vivo; clinical trials remain few."))
    assert assess(doc, vocab).design == "narrative_review"


def test_databases_searched_to_give_an_overview_are_a_narrative_review_s_sources(vocab):
    doc = pub("Cell and gene therapy for the degenerating disc",
              ("", "Disc degeneration causes much back pain. We searched PubMed and Google "
                   "Scholar to give an overview of cell and gene therapies for it. Work in "
                   "cultured disc cells and in animal models is reviewed."))
    assert assess(doc, vocab).design == "narrative_review"
    # the same databases searched with no aim of that kind still make a systematic search
    searched = pub("Cell and gene therapy for the degenerating disc",
                   ("", "Disc degeneration causes much back pain. We searched PubMed and "
                        "Embase for studies of cell and gene therapies for it. Work in "
                        "cultured disc cells and in animal models is reviewed."))
    assert assess(searched, vocab).design == "systematic_review"


def test_what_the_included_reviews_reported_is_this_article_s_synthesis(vocab):
    # no review word in the title, no search told: "included" names what the article gathered,
    # though the sentence cites what others reported
    doc = pub("Intradiscal injections for chronic back pain",
              ("KEY MESSAGES", "Patients given intradiscal cells may have less pain than those "
                               "given saline. No serious harms were reported by the included "
                               "systematic reviews, which together covered 14 trials."))
    assert assess(doc, vocab).design == "systematic_review"


@pytest.mark.parametrize("title", [
    "Stromal cells for disc degeneration: protocol of an overview of meta-analyses",
    "Stromal cells for disc degeneration: an overview of meta-analyses",
])
def test_a_review_still_to_be_done_is_a_protocol(vocab, title):
    doc = pub(title,
              ("METHODS", "PubMed and Embase will be searched systematically for "
                          "meta-analyses of stromal cells for disc degeneration; two reviewers "
                          "will independently extract the data and appraise their quality with "
                          "AMSTAR-2 and PRISMA."))
    assert assess(doc, vocab).design == "protocol"


def test_a_report_that_describes_its_own_patient_is_no_review(vocab):
    doc = pub("Stem cell injection for disc degeneration",
              ("", "This paper describes a 52-year-old man who received intradiscal MSCs for "
                   "disc degeneration; his pain fell from 8 to 3 at 6 months."))
    assert assess(doc, vocab).design == "case_report"


def test_a_systematic_search_still_makes_a_systematic_review(vocab):
    doc = pub("Stem cells for discogenic pain",
              ("METHODS", "We systematically searched PubMed and Embase for clinical studies of "
                          "intradiscal stem cells."),
              publication_types=["Journal Article", "Review"])
    assert assess(doc, vocab).design == "systematic_review"


def test_systematic_reviews_listed_among_the_designs_read_are_not_this_review(vocab):
    doc = pub("Extracellular vesicles for the degenerate disc: a literature review",
              ("", "We went through the literature in English, taking in laboratory studies, "
                   "animal experiments, systematic reviews and randomized trials, to judge what "
                   "vesicles from mesenchymal stem cells can do for disc degeneration."),
              publication_types=["Journal Article", "Review"])
    a = assess(doc, vocab)
    assert a.design == "narrative_review"
    assert a.evidence_level == 5


def test_a_study_of_the_most_cited_articles_is_research_on_research(vocab):
    doc = pub("Mesenchymal stem cells for the spinal cord: the 100 most cited articles",
              ("METHODS", "Scopus was searched and the 100 most cited articles on stem cells in "
                          "spinal cord injury were read."),
              ("RESULTS", "Most articles studied rats (41) and humans (22)."))
    a = assess(doc, vocab)
    assert a.design == "other"
    assert a.evidence_level is None


def test_a_systematic_review_that_included_only_animal_studies_covers_animals(vocab):
    doc = pub("Stem cells for the degenerate disc: a systematic review of controlled studies",
              ("", "We set out to review systematically the controlled studies of stem cells for "
                   "disc repair. PubMed and Embase were searched. Eighteen animal studies were "
                   "included; no human trial met the criteria. Disc height improved in most."),
              publication_types=["Journal Article", "Review"])
    a = assess(doc, vocab)
    assert a.design == "systematic_review"
    assert a.population == "animal"
    assert a.evidence_level == 5


# ---- the administered product ------------------------------------------------------------------
def test_a_product_whose_name_holds_its_tissue_names_its_source(vocab):
    doc = pub("Infections after intradiscal injections: three cases",
              ("RESULTS", "Two patients developed discitis. In each case the injectate had been "
                          "bone marrow concentrate."))
    assert assess(doc, vocab).values("cell_source") == ["bone_marrow"]


def test_microfragmented_fat_comes_from_adipose_tissue(vocab):
    doc = pub("Intradiscal microfragmented fat for chronic discogenic pain",
              ("METHODS", "Twenty patients received microfragmented fat into the painful disc."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["svf"]
    assert a.values("cell_source") == ["adipose"]


@pytest.mark.parametrize("product", ["autologous platelet-rich plasma",
                                     "autologous conditioned serum"])
def test_a_donor_word_on_a_cell_free_blood_product_is_not_the_cells_donor(vocab, product):
    doc = pub("Biologic injections into the disc: a systematic review",
              ("METHODS", "PubMed and Embase were searched. Eligible treatments were "
                          f"mesenchymal stem cells and {product}."),
              publication_types=["Journal Article", "Review"])
    assert assess(doc, vocab).values("donor") == []


@pytest.mark.parametrize("state", ["fewer nucleus pulposus cells",
                                   "a decline in the number of nucleus pulposus cells"])
def test_disc_cells_told_as_dwindling_are_the_pathology(vocab, state):
    doc = pub("Regenerating the degenerate disc: strategies",
              ("", f"Degeneration of the disc is marked by {state} and by a matrix that breaks "
                   "down. This review looks at scaffolds and growth factors for repair."),
              publication_types=["Journal Article", "Review"])
    assert assess(doc, vocab).values("cell_type") == []


# ---- the studied population --------------------------------------------------------------------
def test_healthy_subjects_have_no_condition_from_the_background(vocab):
    doc = pub("Safety of intradiscal muscle-derived stem cells in dogs",
              ("BACKGROUND", "Earlier experiments in animals tested stem cells against disc "
                             "degeneration."),
              ("METHODS", "Six healthy adult Beagle dogs received their own cells in the "
                          "lumbosacral disc under CT guidance."))
    assert assess(doc, vocab).values("condition") == []


def test_a_study_of_patients_keeps_its_condition_beside_healthy_volunteers(vocab):
    doc = pub("Disc degeneration and stem cell injection",
              ("METHODS", "Twelve patients with disc degeneration received cells; ten healthy "
                          "volunteers gave reference scans."))
    assert "disc_degeneration" in assess(doc, vocab).values("condition")


@pytest.mark.parametrize("phrase", ["sacroiliac joint dysfunction", "sacroiliitis"])
def test_sacroiliac_joint_disorders_are_a_spine_condition(vocab, phrase):
    doc = pub(f"Adipose-derived stem cells for {phrase}",
              ("METHODS", f"Fifteen adults with {phrase} received an injection of cells."))
    assert assess(doc, vocab).values("condition") == ["other_spine"]


# ---- sample size -------------------------------------------------------------------------------
def test_arms_that_split_the_enrolled_count_are_not_added_to_it(vocab):
    doc = pub("Endoscopic versus open discectomy",
              ("METHODS", "We enrolled 80 patients with one-level herniation. They were randomly "
                          "divided into an endoscopic group and a control group of 40 each."))
    assert assess(doc, vocab).sample_size == 80


def test_arms_counted_as_n_beside_their_group_are_summed(vocab):
    doc = pub("Ozone and steroid for discogenic pain: a randomized study",
              ("", "Methods: patients in group A (N = 45) had steroid with oxygen; group B "
                   "(N = 45) had steroid with ozone."))
    assert assess(doc, vocab).sample_size == 90


def test_two_named_groups_times_a_count_per_group(vocab):
    doc = pub("Cord-derived cells in a rabbit model of disc degeneration",
              ("METHODS", "Both undifferentiated stem cells and disc-like cells were injected "
                          "into punctured rabbit discs (n = 7 per group)."))
    a = assess(doc, vocab)
    assert a.design == "preclinical_animal"
    assert a.sample_size == 14


def test_of_a_pool_the_part_that_was_randomized_is_the_sample(vocab):
    doc = pub("Facet joint denervation for chronic back pain: a randomized trial",
              ("METHODS", "Of 300 patients, 64 were randomized to denervation or a sham lesion."))
    assert assess(doc, vocab).sample_size == 64


# ---- what the study found ----------------------------------------------------------------------
def test_a_hopeful_conclusion_over_results_both_ways_is_mixed(vocab):
    doc = pub("Intradiscal marrow stromal cells versus sham: a randomized trial",
              ("METHODS", "Forty patients were randomized to cells or a sham procedure."),
              ("RESULTS", "Disc height rose significantly in the cell group. Pain and disability "
                          "improved to a similar extent in both groups, with no significant "
                          "difference between them."),
              ("CONCLUSIONS", "Intradiscal cells are safe and promising."))
    assert assess(doc, vocab).result == "mixed"


def test_a_measured_null_outweighs_a_hedged_gain(vocab):
    doc = pub("Adipose cells with a bone substitute in lumbar fusion: a non-randomized trial",
              ("", "This open-label, non-randomized trial asked whether adipose stromal cells "
                   "can be added to a bone substitute in interbody fusion. Twelve patients took "
                   "part. In each patient the left cage held the substitute with cells (cell "
                   "group) and the right cage the substitute alone (control group). At 12 months "
                   "fusion was seen in 80% of the cell group and in 70% of the control group "
                   "(p = 0.62). Adding the cells is feasible and may improve early fusion."))
    assert assess(doc, vocab).result == "no_difference"


def test_an_uncontrolled_primary_gain_outweighs_a_later_null(vocab):
    doc = pub("Repeated umbilical cord stem cell transplants after spinal cord injury: a case "
              "report",
              ("", "A man with an incomplete thoracic cord injury received four transplants. "
                   "His motor score rose from 20 to 48 and he regained bladder control. The "
                   "signal of the cord on MRI did not change."),
              publication_types=["Case Reports"])
    assert assess(doc, vocab).result == "benefit"


def test_an_uncontrolled_null_told_first_still_decides(vocab):
    doc = pub("Intradiscal bone marrow concentrate: a case series",
              ("", "Twenty patients were treated. Pain did not change significantly at 12 "
                   "months. Disc hydration improved on MRI in six."))
    assert assess(doc, vocab).result == "no_difference"


def test_a_change_in_both_the_treated_and_the_sham_group_is_no_difference(vocab):
    doc = pub("Intradiscal cells against a sham procedure: a randomised trial",
              ("METHODS", "Sixty patients were randomly allocated to cells or a sham procedure."),
              ("RESULTS", "Pain fell significantly from baseline in both the cell and the sham "
                          "group at every visit."),
              publication_types=["Journal Article", "Randomized Controlled Trial"])
    assert assess(doc, vocab).result == "no_difference"


def test_a_therapeutic_effect_called_very_weak_is_no_benefit(vocab):
    doc = pub("Intramedullary marrow stromal cells in chronic cord injury: a phase II series",
              ("METHODS", "Twelve patients with chronic complete injury received cells."),
              ("RESULTS", "One of the 12 improved by one grade. No adverse event was seen."),
              ("CONCLUSIONS", "The injection is safe, but its therapeutic effect is very weak."))
    assert assess(doc, vocab).result == "no_difference"


# ---- study type: one treatment, several strata --------------------------------------------------
def test_pain_compared_with_a_scale_compares_no_groups(vocab):
    doc = pub("Vertebroplasty at different bone densities",
              ("METHODS", "We reviewed 120 patients treated with vertebroplasty. According to the "
                          "mean density measured before surgery they were placed in a normal, an "
                          "osteopenia and an osteoporosis group. Pain before and after surgery was "
                          "compared with the visual analogue scale in each group."))
    a = assess(doc, vocab)
    assert a.design == "case_series"
    assert a.evidence_level == 4


def test_a_compressive_myelopathy_is_a_spine_condition(vocab):
    doc = pub("Intrathecal adipose stem cells in horses",
              ("METHODS", "Four horses with cervical vertebral compressive myelopathy received "
                          "the cells by atlanto-occipital injection."))
    assert assess(doc, vocab).values("condition") == ["other_spine"]
