"""Design, population, evidence level and retraction."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub, registration


def test_publication_type_decides_and_explains(vocab):
    a = assess(pub("MSCs for disc degeneration", publication_types=["Randomized Controlled Trial"]),
               vocab)
    assert (a.design, a.evidence_level) == ("rct", 2)
    tag = next(t for t in a.tags if t.facet == "design")
    assert (tag.field, tag.matched_text) == ("publication_types", "Randomized Controlled Trial")
    assert next(t for t in a.tags if t.facet == "evidence_level").value == "2"


@pytest.mark.parametrize(
    ("ptype", "design", "level"),
    [
        ("Systematic Review", "systematic_review", 1),
        ("Meta-Analysis", "systematic_review", 1),
        ("Review", "narrative_review", 5),
        ("Case Reports", "case_report", 4),
        ("Practice Guideline", "guideline", 5),
        ("Editorial", "editorial", None),
        ("Letter", "editorial", None),
        ("Published Erratum", "other", None),
        ("Retraction of Publication", "other", None),
    ],
)
def test_publication_types(vocab, ptype, design, level):
    a = assess(pub("Stem cells for low back pain", publication_types=[ptype]), vocab)
    assert (a.design, a.evidence_level) == (design, level)


def test_randomly_assigned_in_text_is_rct(vocab):
    doc = pub("BMAC for discogenic pain",
              ("METHODS", "Sixty patients were randomly assigned to BMAC or saline."))
    a = assess(doc, vocab)
    assert (a.design, a.population, a.evidence_level) == ("rct", "human", 2)


def test_rcts_are_needed_is_not_an_rct(vocab):
    doc = pub("BMAC for discogenic pain: a case series",
              ("METHODS", "Twenty patients were treated."),
              ("CONCLUSIONS", "Randomised controlled trials are needed."))
    assert assess(doc, vocab).design == "case_series"


def test_retrospective_chart_review_is_case_series_level_4(vocab):
    doc = pub("Intradiscal bone marrow concentrate",
              ("METHODS", "We performed a retrospective review of charts of 33 patients."))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level) == ("case_series", 4)


def test_prospective_comparative_cohort_is_level_3(vocab):
    doc = pub("BMAC versus conservative care",
              ("METHODS", "In this prospective comparative cohort, 50 patients chose BMAC and "
                          "44 patients chose conservative care as the control group."))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level) == ("cohort", 3)


@pytest.mark.parametrize(
    ("text", "design", "population"),
    [
        ("Discs were punctured in a rat tail model and injected with MSCs.",
         "preclinical_animal", "animal"),
        ("Twenty-four New Zealand white rabbits received intradiscal cells.",
         "preclinical_animal", "animal"),
        ("In vitro, human NP cells were co-cultured with MSCs in pellet culture.",
         "in_vitro", "in_vitro"),
    ],
)
def test_animal_and_in_vitro(vocab, text, design, population):
    a = assess(pub("Mesenchymal stem cells and disc degeneration", ("METHODS", text)), vocab)
    assert (a.design, a.population, a.evidence_level) == (design, population, 5)


def test_what_cells_can_undergo_is_no_laboratory_work(vocab):
    # a property of cells stated in the background ("can be expanded") is no work of this
    # article; work reported as done ("were cultured") is
    said = pub("Stromal cells and their vesicles for the ageing disc", (
        "", "Mesenchymal stromal cells have attracted attention for disc repair because they "
            "can home to injury and be readily cultured in large numbers. Their vesicles carry "
            "much of their effect."))
    a = assess(said, vocab)
    assert a.population != "in_vitro" and a.design != "in_vitro"
    assert "culture_expanded" not in a.values("processing")
    done = pub("Stromal cells and their vesicles for the ageing disc", (
        "", "Stromal cells were cultured and their vesicles added to degenerate disc cells."))
    assert assess(done, vocab).design == "in_vitro"


def test_protocol_and_delphi(vocab):
    proto = pub("Adipose MSCs for disc degeneration: study protocol for a randomised trial",
                ("METHODS AND ANALYSIS", "One hundred patients will be randomised."))
    a = assess(proto, vocab)
    assert (a.design, a.evidence_level) == ("protocol", None)
    delphi = pub("Cell-based injections for back pain: a Delphi consensus",
                 ("METHODS", "An expert panel completed three Delphi rounds."))
    b = assess(delphi, vocab)
    assert (b.design, b.population, b.evidence_level) == ("guideline", "human", 5)


def test_retracted_by_publication_type_keeps_design_no_level(vocab):
    doc = pub("ADSCs for disc herniation",
              publication_types=["Randomized Controlled Trial", "Retracted Publication"])
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level, a.retracted) == ("rct", None, True)


def test_retracted_by_retraction_in_comment(vocab):
    doc = pub("ADSCs for disc herniation", publication_types=["Randomized Controlled Trial"],
              comments_corrections=[{"type": "RetractionIn", "pmid": "1", "ref": "x"}])
    a = assess(doc, vocab)
    assert a.retracted and a.evidence_level is None
    assert any(t.facet == "retracted" and t.field == "comments_corrections" for t in a.tags)


@pytest.mark.parametrize(
    ("fields", "design"),
    [
        ({"allocation": "RANDOMIZED", "intervention_model": "CROSSOVER"}, "rct"),
        ({"allocation": "NON_RANDOMIZED", "intervention_model": "PARALLEL"},
         "non_randomized_controlled"),
        ({"allocation": "NA", "intervention_model": "SINGLE_GROUP"}, "case_series"),
        ({"study_type": "OBSERVATIONAL", "observational_model": "COHORT"}, "cohort"),
        ({"study_type": "OBSERVATIONAL", "observational_model": "CASE_CONTROL"}, "case_control"),
        # observational, no model recorded: one group given a product is a series followed
        # after it; with no group recorded the registry says nothing of its design
        ({"study_type": "OBSERVATIONAL", "observational_model": None, "arm_groups": [
            {"label": "Graft", "interventions": ["Other: Cellular allograft"]}]}, "case_series"),
        ({"study_type": "OBSERVATIONAL", "observational_model": None}, "other"),
        # no allocation recorded: a comparator arm makes the study controlled
        ({"allocation": None, "intervention_model": None, "arm_groups": [
            {"label": "Cells", "type": "EXPERIMENTAL"},
            {"label": "Usual care", "type": "NO_INTERVENTION"}]}, "non_randomized_controlled"),
        ({"allocation": None, "intervention_model": None, "arm_groups": [
            {"label": "Cells", "type": "EXPERIMENTAL"}]}, "case_series"),
        # (held-out set AI) nothing recorded: two experimental arms given different products
        # are compared; arms given doses of one product are a dose-ranging series
        ({"allocation": None, "intervention_model": None, "arm_groups": [
            {"label": "A", "type": "EXPERIMENTAL", "interventions": ["Biological: Fat MSCs"]},
            {"label": "B", "type": "EXPERIMENTAL", "interventions": ["Biological: CordRx"]}]},
         "non_randomized_controlled"),
        ({"allocation": None, "intervention_model": None, "arm_groups": [
            {"label": "Low", "type": "EXPERIMENTAL", "interventions": ["Drug: Cellex low dose"]},
            {"label": "High", "type": "EXPERIMENTAL",
             "interventions": ["Drug: Cellex high dose"]}]}, "case_series"),
        ({"allocation": None, "intervention_model": None, "arm_groups": [
            {"label": "1", "type": "EXPERIMENTAL", "interventions": ["MSC 1 x 10^6 cells/kg"]},
            {"label": "2", "type": "EXPERIMENTAL", "interventions": ["MSC 2 x 10^6 cells/kg"]}]},
         "case_series"),
    ],
)
def test_registration_design_has_no_level(vocab, fields, design):
    a = assess(registration("MSC for DDD", **fields), vocab)
    assert (a.design, a.population, a.evidence_level) == (design, "human", None)


@pytest.mark.parametrize("arm", [
    "eighteen others had rehabilitation alone",
    "a usual care group of 18 patients was followed alike",
    "18 patients formed an untreated group",
])
def test_a_treatment_alone_arm_makes_a_comparison(vocab, arm):
    # "received cells plus rehabilitation; others had rehabilitation alone": a comparison group
    # named by what it lacks, with no "control" word
    doc = pub("Intrathecal marrow cells in chronic spinal cord injury", (
        "", f"Twenty patients with chronic spinal cord injury received intrathecal marrow "
            f"mononuclear cells with rehabilitation, while {arm}. Motor scores were compared at "
            f"one year."))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level) == ("cohort", 3)


def test_one_group_on_rehabilitation_stays_a_case_series(vocab):
    doc = pub("Intrathecal marrow cells in chronic spinal cord injury", (
        "", "Twenty patients with chronic spinal cord injury received intrathecal marrow "
            "mononuclear cells followed by rehabilitation. Motor scores improved at one year."))
    assert assess(doc, vocab).design == "case_series"


def test_a_review_of_trials_covers_people(vocab):
    doc = pub("Marrow concentrate for discogenic pain: a meta-analysis", (
        "", "Eligible trials were pooled with random effects. Disability fell more with the "
            "concentrate than with saline."))
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("systematic_review", "human")


@pytest.mark.parametrize("split", [
    "split by preoperative bone density into three groups",
    "grouped, according to how far the implant had subsided, into two groups",
])
def test_groups_formed_by_a_patient_characteristic_are_strata_of_one_series(vocab, split):
    # every patient had the same operation; the groups are what the patients brought or showed
    doc = pub("Lateral interbody fusion in elderly patients: a retrospective review", (
        "METHODS", f"We reviewed 150 patients who had lateral interbody fusion, {split}. "
                   "Fusion rates and disability scores were compared between the groups."))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level) == ("case_series", 4)


def test_a_retrospective_non_randomized_comparison_is_a_cohort(vocab):
    # nobody allocated the treatments of a retrospective comparison: a cohort, not a trial
    doc = pub("Marrow concentrate or platelet-rich plasma for facet pain: a non-randomized, "
              "retrospective comparative study",
              ("METHODS", "We reviewed the records of 60 patients given marrow concentrate or "
                          "platelet-rich plasma into the facet joints."))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level) == ("cohort", 3)


@pytest.mark.parametrize(("count", "design"), [
    ("Twelve patients", "case_series"),
    ("Two patients", "case_report"),
    ("A 52-year-old woman", "case_report"),
])
def test_a_case_report_type_counting_several_patients_is_a_case_series(vocab, count, design):
    # PubMed indexes small series as case reports too; the text's count decides
    doc = pub("Intradiscal marrow cells for discogenic pain",
              ("", f"{count} with discogenic pain received intradiscal marrow cells and were "
                   "seen again after one year."),
              publication_types=["Case Reports", "Journal Article"])
    assert assess(doc, vocab).design == design


def test_people_enrolled_and_then_put_into_groups_were_allocated_not_at_random(vocab):
    doc = pub("Marrow cells with decompression for cervical myelopathy",
              ("METHODS", "Thirty-two patients were enrolled and divided into a cell group, given "
                          "marrow cells at decompression, and a control group given decompression "
                          "alone. Disability was compared at one year."))
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level) == ("non_randomized_controlled", 3)


def test_people_enrolled_and_divided_at_random_are_in_an_rct(vocab):
    doc = pub("Marrow cells with decompression for cervical myelopathy",
              ("METHODS", "Forty patients were enrolled and divided into two groups by a random "
                          "number table: marrow cells with decompression or decompression alone."))
    assert assess(doc, vocab).design == "rct"


def test_a_title_that_calls_the_work_in_vitro_makes_rat_cells_laboratory_work(vocab):
    doc = pub("Chondrogenic induction of fat-derived stromal cells in vitro",
              ("", "Adipose tissue was taken under anaesthesia from rats and digested. The "
                   "stromal cells formed cartilage in pellet culture with TGF-beta."))
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("in_vitro", "in_vitro")


def test_a_case_report_of_one_patient_stays_one_beside_a_count_of_others(vocab):
    doc = pub("Cord mass after olfactory cell grafting",
              ("", "We report a case of a cord mass after grafting. Of 300 patients treated at "
                   "our centre with the same cells, this 41-year-old man was the only one to "
                   "develop a mass."),
              publication_types=["Case Reports", "Journal Article"])
    assert assess(doc, vocab).design == "case_report"


def test_a_study_said_to_have_been_undertaken_is_this_study_without_we(vocab):
    doc = pub("Neural stem cells in chronic cervical spinal cord injury",
              ("", "Neural stem cells may repair the injured cord. They survive and connect "
                   "after experimental injury. A randomized phase II study, single blind, was "
                   "undertaken on the safety of transplanting them into the cervical cord. In "
                   "the first cohort (n=6) the dose was escalated; six further patients were "
                   "compared with four untreated controls."))
    assert assess(doc, vocab).design == "rct"


def test_a_gain_compared_with_the_time_of_injection_is_no_second_group(vocab):
    doc = pub("Intrathecal stromal cells in traumatic spinal cord injury: a phase I trial",
              ("", "Ten patients with complete injuries took part in this phase I trial of "
                   "intrathecal autologous stromal cells. Headache was the most frequent adverse "
                   "event. At the last visit, seven patients had improved in AIS grade compared "
                   "with the time of injection."))
    assert assess(doc, vocab).design == "case_series"


def test_a_hedge_in_a_later_clause_leaves_the_case_reported(vocab):
    doc = pub("From wheelchair to walking after autologous transplantation for myelitis",
              ("OBJECTIVES", "Attacks of myelitis leave many patients unable to walk."),
              ("RESULTS AND CONCLUSION", "We report a patient who, although she relapsed "
                                         "later, walked again after transplantation; in severe "
                                         "cases this may justify transplantation."))
    a = assess(doc, vocab)
    assert (a.design, a.sample_size) == ("case_report", 1)
    # a report only hoped for stays a hypothesis
    hoped = pub("Transplantation for myelitis",
                ("", "Attacks of myelitis leave many patients unable to walk. We may report "
                     "a patient in a later paper."))
    assert assess(hoped, vocab).design != "case_report"


def test_what_an_experiment_proposes_from_its_own_results_is_no_essay(vocab):
    doc = pub("Can disc-like cells grown from cord stromal cells restore rabbit discs?",
              ("", "We asked whether disc-like cells derived from human cord stromal cells "
                   "restore degenerated discs in a rabbit model. The cells were transplanted "
                   "into punctured discs of 18 rabbits and the discs imaged by MRI. Disc height "
                   "and water content improved. From these results we propose a mechanism of "
                   "nucleus regeneration."))
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("preclinical_animal", "animal")


def test_a_protocol_that_reports_its_patients_counts_them(vocab):
    # "reports" is the verb here, not other studies' reports
    doc = pub("Cord tissue allograft for sacroiliac joint pain: a case series",
              ("", "This retrospective observational protocol reports the safety and "
                   "efficacy of cord tissue allografts given to 38 patients with sacroiliac "
                   "joint pain. Pain scores improved significantly after 90 days."),
              publication_types=["Case Reports"])
    assert assess(doc, vocab).design == "case_series"
