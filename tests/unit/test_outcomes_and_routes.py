"""Outcomes are what this study measured for its participants, not the index operation, a
co-treatment, imaging that guides a needle or finds a diagnosis; a route is the studied one, not
one named in passing; guidance is read however it is phrased (issue 8, error class 11 and
guidance recall). Examples written for these tests."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def outcomes(doc, vocab):
    return assess(doc, vocab).values("outcome")


def routes(doc, vocab):
    return assess(doc, vocab).values("delivery")


def test_the_index_operation_is_not_a_surgery_outcome(vocab):
    doc = pub("Mesenchymal stromal cells on a carrier after lumbar microdiscectomy",
              ("METHODS", "Twenty patients with a herniated lumbar disc underwent "
                          "microdiscectomy, after which stromal cells on a collagen carrier "
                          "were placed in the annular defect."),
              ("RESULTS", "Leg pain on the VAS fell from 7.1 to 1.9 at one year."))
    assert outcomes(doc, vocab) == ["pain"]


def test_reoperation_is_a_surgery_outcome(vocab):
    doc = pub("Mesenchymal stromal cells on a carrier after lumbar microdiscectomy",
              ("RESULTS", "Two of the 20 patients needed a reoperation for recurrent "
                          "herniation within two years."))
    assert "surgery" in outcomes(doc, vocab)


def test_imaging_that_guides_the_needle_is_guidance_not_an_outcome(vocab):
    doc = pub("Percutaneous stem cell injection for a lumbar disc",
              ("METHODS", "Under CT guidance, 12 patients received stromal vascular fraction "
                          "into one disc; pain was rated on a numeric rating scale."))
    a = assess(doc, vocab)
    assert a.values("guidance") == ["ct"]
    assert a.values("outcome") == ["pain"]


def test_imaging_that_decides_eligibility_is_not_an_outcome(vocab):
    doc = pub("Allogeneic disc progenitor cells for contained disc herniation",
              ("METHODS", "Patients were eligible if MRI confirmed a contained herniation; "
                          "each received disc progenitor cells intradiscally."),
              ("RESULTS", "The Oswestry Disability Index improved by 20 points."))
    assert outcomes(doc, vocab) == ["function"]


def test_a_score_the_groups_were_matched_on_is_not_an_outcome(vocab):
    doc = pub("Marrow concentrate or steroid in the disc: a matched comparison",
              ("METHODS", "Thirty patients given concentrate were matched for age and "
                          "Pfirrmann grade with thirty given steroid."),
              ("RESULTS", "The Oswestry Disability Index improved more after concentrate."))
    assert outcomes(doc, vocab) == ["function"]


def test_pain_reported_as_an_adverse_event_is_not_a_pain_outcome(vocab):
    doc = pub("Intrathecal bone marrow mononuclear cells in chronic spinal cord injury",
              ("RESULTS", "Adverse events were mild: headache in four and transient neuropathic "
                          "pain in two. Motor scores improved in six patients."))
    assert outcomes(doc, vocab) == ["adverse_events", "function"]


def test_pain_that_names_the_population_is_not_a_pain_outcome(vocab):
    doc = pub("Cells for adults with chronic low back pain",
              ("METHODS", "Adults with chronic low back pain received cells; function was "
                          "scored with the Roland-Morris questionnaire."))
    assert outcomes(doc, vocab) == ["function"]


def test_a_change_in_pain_is_a_pain_outcome_whatever_pain_it_names(vocab):
    doc = pub("Marrow concentrate for chronic low back pain",
              ("RESULTS", "Treatment was effective in reducing back pain at six months."))
    assert "pain" in outcomes(doc, vocab)


def test_a_named_intrathecal_infusion_is_not_intravenous(vocab):
    doc = pub("Repeated infusions of autologous stromal cells in spinal cord injury",
              ("METHODS", "Eight patients received four intrathecal infusions of autologous "
                          "stromal cells by lumbar puncture."))
    assert assess(doc, vocab).values("delivery") == ["intrathecal"]


def test_an_infusion_without_a_route_is_intravenous(vocab):
    doc = pub("Stromal cell infusions in acute spinal cord injury",
              ("METHODS", "Each patient received two infusions of one million stromal cells "
                          "per kilogram."))
    assert assess(doc, vocab).values("delivery") == ["intravenous"]


@pytest.mark.parametrize(
    ("sentence", "guidance"),
    [
        ("Cells were injected under CT guidance.", ["ct"]),
        ("Injections were ultrasound-guided.", ["ultrasound"]),
        ("An MRI-guided needle delivered the cells.", ["mri"]),
        ("The cells were placed fluoroscopically guided through a posterolateral approach.",
         ["fluoroscopy"]),
        ("Needles were guided by fluoroscopy, CT or ultrasound.", ["ct", "fluoroscopy",
                                                                  "ultrasound"]),
        ("Injection was performed under fluoroscopic or CT guidance.", ["ct", "fluoroscopy"]),
        ("Needles were placed under computed tomographic guidance.", ["ct"]),
        ("Under ultrasonographic guidance the cells were given.", ["ultrasound"]),
    ],
)
def test_guidance_however_it_is_phrased(vocab, sentence, guidance):
    doc = pub("Intradiscal mesenchymal stromal cells", ("METHODS", "Ten patients were treated. "
                                                                   + sentence))
    a = assess(doc, vocab)
    assert a.values("guidance") == guidance
    assert "imaging" not in a.values("outcome")


def test_imaging_that_measures_results_is_not_guidance(vocab):
    doc = pub("Intradiscal mesenchymal stromal cells",
              ("METHODS", "Disc height was measured on CT and MRI at 12 months."))
    a = assess(doc, vocab)
    assert a.values("guidance") == []
    assert a.values("outcome") == ["imaging"]


def test_a_ct_heading_is_no_imaging_outcome_when_ct_only_guided_the_needle(vocab):
    doc = pub("CT-guided injection of stromal cells into painful lumbar discs",
              ("METHODS", "Under CT guidance, cells were injected into 15 discs."),
              ("RESULTS", "Pain scores fell by half at 6 months."),
              mesh=["Tomography, X-Ray Computed", "Intervertebral Disc Degeneration"])
    a = assess(doc, vocab)
    assert a.values("guidance") == ["ct"]
    assert "imaging" not in a.values("outcome")


def test_intramedullary_cells_in_a_vertebral_fracture_go_into_the_bone(vocab):
    doc = pub("Stromal cells for osteoporotic vertebral compression fractures",
              ("METHODS", "Sixteen patients with a vertebral compression fracture received "
                          "mesenchymal stromal cells by intramedullary injection and, a "
                          "week later, intravenously."))
    assert assess(doc, vocab).values("delivery") == ["intraosseous", "intravenous"]


def test_intramedullary_cells_in_a_cord_injury_are_no_bone_route(vocab):
    doc = pub("Stromal cells for chronic spinal cord injury",
              ("METHODS", "Ten patients with spinal cord injury and an old vertebral fracture "
                          "received mesenchymal stromal cells by intramedullary injection."))
    assert "intraosseous" not in assess(doc, vocab).values("delivery")


def test_cells_injected_into_the_fractured_vertebrae_are_intraosseous(vocab):
    doc = pub("Stromal cells for vertebral compression fractures",
              ("METHODS", "Mesenchymal stromal cells were injected into the fractured "
                          "vertebrae of 12 patients."))
    assert assess(doc, vocab).values("delivery") == ["intraosseous"]


def test_a_scan_that_shows_who_was_included_is_not_an_outcome(vocab):
    doc = pub("Intradiscal stromal cells for degenerative disc disease",
              ("METHODS", "Forty adults with degenerative disc disease on MRI received "
                          "mesenchymal stromal cells; pain was scored at 6 months."))
    assert outcomes(doc, vocab) == ["pain"]


def test_a_scan_that_shows_the_result_is_an_imaging_outcome(vocab):
    doc = pub("Intradiscal stromal cells for degenerative disc disease",
              ("RESULTS", "Disc degeneration on MRI did not progress in the 40 treated "
                          "adults."))
    assert outcomes(doc, vocab) == ["imaging"]


def test_a_later_fusion_is_an_outcome_not_the_studied_condition(vocab):
    doc = pub("Adipose stromal cells for painful lumbar discs", (
        "", "Twenty-two patients with discogenic back pain received intradiscal adipose-derived "
            "stromal cells. At two years, pain had halved in 14. Two patients went on to lumbar "
            "fusion surgery for persistent pain."))
    a = assess(doc, vocab)
    assert "surgery" in a.values("outcome")
    assert "spinal_fusion" not in a.values("condition")
    assert "surgical_implant" not in a.values("delivery")
    # a fusion study keeps its condition
    fused = pub("Stromal cells on a ceramic carrier in instrumented lumbar fusion", (
        "", "Thirty patients underwent lumbar fusion with a carrier seeded with marrow stromal "
            "cells. Two needed revision surgery."))
    assert "spinal_fusion" in assess(fused, vocab).values("condition")


@pytest.mark.parametrize("told", [
    "One patient proceeded to fusion for persistent pain.",
    "Two patients later required decompressive laminectomy.",
    "Three participants subsequently underwent microdiscectomy.",
])
def test_an_operation_had_after_the_cells_is_a_surgery_outcome(vocab, told):
    doc = pub("Marrow concentrate for lumbar disc disease", (
        "", "Eighteen adults with lumbar disc disease received intradiscal marrow concentrate. "
            f"Pain improved at one year. {told}"))
    assert "surgery" in assess(doc, vocab).values("outcome")


@pytest.mark.parametrize(("text", "measured"), [
    # the index operation and general statements about an operation are no outcome
    ("A 40-year-old woman had surgery on the day of her injury; four months later she received "
     "intrathecal umbilical cord cells. Her motor score rose by ten points.", False),
    ("Marrow cells were added to the graft in spinal fusion surgery; all fused.", False),
    ("Sixteen patients were treated; pain fell by half. Cell transplantation after discectomy "
     "is thus a safe surgical treatment.", False),
    # an operation that happened to participants, counted, is one
    ("Sixteen patients received intradiscal cells; pain fell by half. Two later had spinal "
     "surgery.", True),
    ("Sixteen patients received intradiscal cells; pain fell by half. No patient required "
     "spinal surgery.", True),
    # ... the operation named by what it does
    ("Twelve adults with stenosis received epidural cells; walking improved. Two later "
     "underwent decompression.", True),
    ("Adults with stenosis underwent decompression with cells laid on the dura. Walking "
     "improved.", False),
    # ... or by the patients' choice of it
    ("Sixteen patients received intradiscal cells; pain fell by half. Two elected surgery at "
     "nine months.", True),
])
def test_a_bare_operation_word_is_an_outcome_only_when_counted(vocab, text, measured):
    doc = pub("Stromal cells in the spine", ("", text))
    assert ("surgery" in outcomes(doc, vocab)) is measured


def test_pain_that_names_one_condition_within_another_is_no_measure(vocab):
    doc = pub("Cell therapies for the degenerating disc", (
        "", "We systematically reviewed trials of cell therapies for disc degeneration in low "
            "back pain, from marrow concentrate to cultured stromal cells."),
              publication_types=["Systematic Review"])
    assert "pain" not in outcomes(doc, vocab)
    measured = pub("Cell therapies for the degenerating disc", (
        "", "Twelve patients received marrow concentrate; the reduction in low back pain "
            "was 40%."))
    assert "pain" in outcomes(measured, vocab)


@pytest.mark.parametrize(("measure", "value"), [
    ("modified Macnab criteria", "function"),
    ("the Low Back Outcome Score", "function"),
    ("neurological examination and neurophysiology", "function"),
    ("neuroradiological findings", "imaging"),
    ("radiographic fusion", "imaging"),
    ("Odom's criteria and return to work", "function"),
    ("the Zurich Claudication Questionnaire", "function"),
    ("somatosensory evoked potentials", "function"),
    ("whether they walked again, and their ambulatory status", "function"),
    # global disability scales of neurological trials and the osteoarthritis index
    ("the modified Rankin Scale", "function"),
    ("the mRS and the Barthel index", "function"),
    ("the WOMAC", "function"),
])
def test_outcome_measures_written_out(vocab, measure, value):
    doc = pub("Marrow cells for the spine", (
        "METHODS", f"Twenty patients received marrow cells and were assessed by {measure} at "
                   f"one year."))
    assert value in outcomes(doc, vocab)


def test_a_body_region_is_no_finding_of_a_narrative_review(vocab):
    # a narrative review's outcomes come from the findings it reports; "lower limb" names a
    # place, not a change
    doc = pub("Stromal cells for the spine: a narrative review", (
        "", "This review covers stromal cell injections near the lower limb nerves, scored with "
            "the Oswestry Disability Index."), publication_types=["Review"])
    assert outcomes(doc, vocab) == []


def test_a_weak_route_word_just_before_the_cells_is_a_route(vocab):
    # "epidural" alone may name a place ("epidural fibrosis"); before the cells it delivers it
    # is a route, also beside a specific route of another group
    doc = pub("Stromal cells for spinal disease in horses",
              ("METHODS", "Horses with lumbar disc disease were given epidural MSCs, and "
                          "horses with spondylosis also received intravenous MSCs."))
    assert assess(doc, vocab).values("delivery") == ["epidural", "intravenous"]


def test_a_weak_route_word_naming_a_place_stays_weak(vocab):
    doc = pub("Stromal cells for disc disease",
              ("METHODS", "Twelve patients received intravenous MSCs; one later developed "
                          "epidural fibrosis."))
    assert assess(doc, vocab).values("delivery") == ["intravenous"]


def test_an_outcome_word_alone_is_a_narrative_reviews_topic_not_a_finding(vocab):
    # "complications" names what the review covers; a finding says what happened to them
    topic = pub("Graft substitutes with marrow cells in lumbar fusion, and their complications: "
                "a review", ("", "This review describes how each graft is prepared."),
                publication_types=["Review"])
    assert "adverse_events" not in outcomes(topic, vocab)
    found = pub("Graft substitutes with marrow cells in lumbar fusion: a review", (
        "", "Across the reported series, complications were fewer with marrow-enriched grafts."),
        publication_types=["Review"])
    assert "adverse_events" in outcomes(found, vocab)


@pytest.mark.parametrize("route", ["An intramuscular", "A subcutaneous", "An intraperitoneal",
                                   "An intraspinal", "An intra-arterial"])
def test_a_route_the_vocabulary_does_not_name_implies_no_intradiscal_injection(vocab, route):
    doc = pub("Marrow stromal cell exosomes ease disc degeneration in rats",
              ("", "Exosomes were isolated from the culture medium of marrow MSCs. "
                   f"{route} injection of the exosomes slowed disc degeneration in 20 rats "
                   "with punctured discs."))
    assert assess(doc, vocab).values("delivery") == []
    plain = pub("Marrow stromal cell exosomes ease disc degeneration in rats",
                ("", "Exosomes were isolated from the culture medium of marrow MSCs. An "
                     "injection of the exosomes slowed disc degeneration in 20 rats with "
                     "punctured discs."))
    assert assess(plain, vocab).values("delivery") == ["intradiscal"]


def test_radiologic_study_of_harvested_discs_is_an_imaging_outcome(vocab):
    doc = pub("Cord stromal cells in a gel for rat disc repair",
              ("", "Rats were randomized to four groups (n = 10 per group). Six weeks later "
                   "the discs were harvested for radiologic and histologic study."))
    assert outcomes(doc, vocab) == ["imaging"]


@pytest.mark.parametrize("measure", ["conversion to total hip replacement",
                                     "an additional surgical procedure"])
def test_conversion_to_arthroplasty_or_another_operation_is_a_surgery_outcome(vocab, measure):
    doc = pub("Marrow cells in core decompression: a meta-analysis",
              ("METHODS", "Controlled trials of decompression with or without marrow cells "
                          f"were pooled. The primary outcome was {measure}."))
    assert "surgery" in outcomes(doc, vocab)


@pytest.mark.parametrize("score", ["the Harris Hip score", "the KOOS", "the Lysholm score"])
def test_hip_and_knee_joint_scores_are_function(vocab, score):
    doc = pub("Marrow cells in core decompression of the hip",
              ("METHODS", f"Forty patients were randomized; {score} was recorded at 24 months."))
    assert "function" in outcomes(doc, vocab)


def test_imaging_after_screening_is_an_outcome_not_a_diagnosis(vocab):
    # "following screening" says when, not that the scan decides eligibility
    doc = pub("Allogeneic precursor cells for disc pain",
              ("METHODS", "Following screening and injection, 100 subjects were assessed "
                          "radiographically at 3, 6 and 12 months."))
    assert "imaging" in outcomes(doc, vocab)
    doc = pub("Allogeneic precursor cells for disc pain",
              ("METHODS", "Subjects were screened radiographically for disc degeneration."))
    assert "imaging" not in outcomes(doc, vocab)


@pytest.mark.parametrize("sentence", [
    "Before the injection each patient had a CT scan to plan the needle path.",
    "Candidates were selected on preoperative radiographs and MRI showing one stenotic level.",
    "Magnetic resonance imaging was used for preoperative planning of the cage size.",
])
def test_scans_that_chose_patients_or_planned_the_procedure_are_no_outcome(vocab, sentence):
    doc = pub("Adipose stromal cells in lumbar interbody fusion",
              ("METHODS", f"{sentence} Fifteen patients received a cage filled with the cells; "
                          "the ODI was recorded at 12 months."))
    assert outcomes(doc, vocab) == ["function"]
    # the same scan repeated after the operation measures it
    doc = pub("Adipose stromal cells in lumbar interbody fusion",
              ("METHODS", f"{sentence} Fifteen patients received a cage filled with the cells; "
                          "the ODI was recorded and CT repeated at 12 months to judge fusion."))
    assert outcomes(doc, vocab) == ["function", "imaging"]


def test_pain_of_people_whose_back_pain_is_the_condition_is_no_outcome(vocab):
    doc = pub("Allogeneic precursor cells for degenerative disc disease",
              ("", "Two doses of cells are compared with saline in 100 people whose chronic low "
                   "back pain comes from disc degeneration. The discs are assessed "
                   "radiographically at 12 months."))
    assert outcomes(doc, vocab) == ["imaging"]


def test_epidural_and_facet_injections_name_two_routes(vocab):
    doc = pub("Amniotic particulate for spinal pain",
              ("METHODS", "Forty patients with spinal pain were treated with the particulate by "
                          "epidural and facet injections."))
    assert assess(doc, vocab).values("delivery") == ["epidural", "facet"]


@pytest.mark.parametrize("block", ["medial branch blocks", "a facet joint block"])
def test_a_facet_or_medial_branch_block_is_the_facet_route(vocab, block):
    # a vertebroplasty named as what came before is no route of this study
    doc = pub("Facet pain after a compression fracture",
              ("METHODS", f"Fifty patients with facet pain after vertebroplasty had {block}."))
    assert assess(doc, vocab).values("delivery") == ["facet"]


def test_a_diagnostic_block_that_selected_patients_is_no_route(vocab):
    doc = pub("Radiofrequency ablation of the medial branches for facet pain",
              ("METHODS", "Patients with 80% relief after two diagnostic medial branch blocks "
                          "had radiofrequency ablation."))
    assert assess(doc, vocab).values("delivery") == []


def test_the_route_of_a_drug_given_beside_the_cells_is_not_theirs(vocab):
    doc = pub("Intrathecal stromal cells in chronic cord injury", (
        "METHODS", "Fourteen adults received mesenchymal stromal cells intrathecally by lumbar "
                   "puncture, with intravenous methylprednisolone against headache."))
    assert assess(doc, vocab).values("delivery") == ["intrathecal"]
    # in a study of the drug, its route is the study's
    doc = pub("Epidural steroid for stenosis", (
        "METHODS", "Forty adults with stenosis received an epidural steroid injection."))
    assert assess(doc, vocab).values("delivery") == ["epidural"]


def test_an_operation_participants_went_on_to_is_a_surgery_outcome_not_their_condition(vocab):
    doc = pub("Intradiscal marrow cells for discogenic pain", (
        "", "Twelve adults with discogenic pain received intradiscal marrow stromal cells. At one "
            "year, four had gone without relief and three went on to lumbar fusion."))
    a = assess(doc, vocab)
    assert "surgery" in a.values("outcome")
    assert "spinal_fusion" not in a.values("condition")


@pytest.mark.parametrize("told", [
    "Rates of discectomy at two years were 9% and 16% (P = 0.2).",
    "The reoperation rate was 4% after cells.",
])
def test_how_often_an_operation_followed_is_a_surgery_outcome(vocab, told):
    doc = pub("Intradiscal cells against hyaluronan for disc herniation", (
        "RESULTS", f"Leg pain fell in both groups. {told}"))
    assert "surgery" in outcomes(doc, vocab)


@pytest.mark.parametrize("listed", ["Clinical outcomes (ODI, VAS, SF-36) were recorded.",
                                    "Scores (ODI; VAS) were recorded."])
def test_known_abbreviations_listed_in_parentheses_keep_their_meaning(vocab, listed):
    # a list of measures after a general word defines none of them
    doc = pub("Marrow cells on a ceramic in lumbar fusion", ("METHODS", listed))
    assert {"function", "pain"} <= set(outcomes(doc, vocab))


def test_a_grade_in_parentheses_after_the_condition_describes_who_was_included(vocab):
    doc = pub("Juvenile disc cells for degenerated discs",
              ("METHODS", "We enrolled 20 adults with lumbar disc degeneration (Pfirrmann III-IV) "
                          "and gave each intradiscal disc cells."),
              ("RESULTS", "The Oswestry Disability Index fell from 44 to 19."))
    assert outcomes(doc, vocab) == ["function"]
    graded = pub("Juvenile disc cells for degenerated discs",
                 ("RESULTS", "The Pfirrmann grade of the treated discs improved in six."))
    assert outcomes(graded, vocab) == ["imaging"]


@pytest.mark.parametrize("measure", ["gained two motor levels", "improved by one AIS grade"])
def test_motor_levels_and_ais_grades_are_function(vocab, measure):
    doc = pub("Neural progenitor cells in chronic cord injury",
              ("RESULTS", f"At two years, four patients {measure}."))
    assert outcomes(doc, vocab) == ["function"]


@pytest.mark.parametrize("told", ["Two patients had undergone fusion by two years.",
                                  "Three implants required revision.",
                                  "The revision rate was 4% at two years."])
def test_an_operation_participants_had_after_treatment_is_a_surgery_outcome(vocab, told):
    doc = pub("Marrow stromal cells for lumbar disc degeneration",
              ("RESULTS", f"Pain on the VAS fell from 7 to 3 at 12 months. {told}"))
    assert outcomes(doc, vocab) == ["pain", "surgery"]


def test_an_operation_had_before_enrolment_is_no_outcome(vocab):
    doc = pub("Marrow stromal cells for adjacent segment degeneration",
              ("METHODS", "We enrolled 24 patients who had undergone fusion at an adjacent level "
                          "and gave each intradiscal marrow stromal cells."),
              ("RESULTS", "Pain on the VAS fell from 7 to 3 at 12 months."))
    assert outcomes(doc, vocab) == ["pain"]


def test_cells_put_into_the_cord_at_an_operation_are_no_graft(vocab):
    doc = pub("Neural stem cells in chronic cervical cord injury",
              ("METHODS", "Twelve patients with chronic cervical spinal cord injury had neural "
                          "stem cells implanted at surgery into the spinal cord at the injury "
                          "level."))
    assert routes(doc, vocab) == []
    # on a scaffold, the cells are a graft wherever it goes
    scaffold = pub("Neural stem cells in chronic cervical cord injury",
                   ("METHODS", "Twelve patients with chronic cervical spinal cord injury had "
                               "neural stem cells seeded on a collagen scaffold implanted at "
                               "surgery into the injured cord."))
    assert routes(scaffold, vocab) == ["surgical_implant"]


def test_a_route_word_naming_where_a_complication_was_is_no_route(vocab):
    doc = pub("Allogeneic stromal cells for lumbar disc degeneration",
              ("METHODS", "Twenty patients with lumbar disc degeneration received intradiscal "
                          "allogeneic mesenchymal stem cells."),
              ("RESULTS", "Pain fell at one year. One patient developed an epidural abscess."))
    assert routes(doc, vocab) == ["intradiscal"]
    given = pub("Stromal cells for lumbar radicular pain",
                ("METHODS", "Twenty patients with radicular pain were given epidural stem cells; "
                            "none developed a complication."))
    assert routes(given, vocab) == ["epidural"]


@pytest.mark.parametrize("told", [
    "One patient developed discitis, which resolved with antibiotics.",
    "Discitis developed in one patient.",
    "Two patients were given antibiotics for suspected spondylodiscitis.",
])
def test_a_complication_told_as_what_happened_to_participants_is_an_adverse_event(vocab, told):
    doc = pub("Allogeneic stromal cells for lumbar disc degeneration",
              ("METHODS", "Fifteen patients with lumbar disc degeneration received intradiscal "
                          "allogeneic mesenchymal stem cells."),
              ("RESULTS", f"Pain on the VAS fell from 7 to 3 at 6 months. {told}"))
    assert outcomes(doc, vocab) == ["adverse_events", "pain"]
    tag = next(t for t in assess(doc, vocab).tags if t.value == "adverse_events")
    assert "iscitis" in tag.matched_text


def test_a_course_of_the_studied_condition_is_no_adverse_event(vocab):
    # a recurrence is the disease's own course, and a condition told when participants were
    # enrolled ("patients who developed ...") is who they are
    recurred = pub("Disc cell transplantation after sequestrectomy for lumbar disc herniation",
                   ("METHODS", "Thirty patients with a lumbar disc herniation had disc cells "
                               "injected after sequestrectomy."),
                   ("RESULTS", "Leg pain fell at 2 years. Recurrent herniation occurred in two "
                               "patients."))
    assert "adverse_events" not in outcomes(recurred, vocab)
    enrolled = pub("Stromal cells for chronic back pain",
                   ("METHODS", "We treated 12 patients who developed discitis after discectomy "
                               "with intradiscal stromal cells."),
                   ("RESULTS", "Pain on the VAS fell from 8 to 4 at 6 months."))
    assert "adverse_events" not in outcomes(enrolled, vocab)


def test_a_complication_report_names_what_came_after_the_cells_as_an_event(vocab):
    doc = pub("An intradural mass after cell injections abroad: a case report",
              ("CASE PRESENTATION", "A 47-year-old woman with paraplegia from a thoracic spinal "
                                    "cord injury received intrathecal stem cells at a private "
                                    "clinic abroad. Three years later she presented with "
                                    "worsening low back pain. MRI revealed an intradural mass at "
                                    "T10, which was resected."),
              publication_types=["Case Reports"])
    found = assess(doc, vocab)
    # the back pain she presented with later is the event, not the condition treated; the scan
    # that found the mass diagnosed it; the harm reported is an adverse event
    assert found.values("condition") == ["spinal_cord_injury"]
    assert found.values("outcome") == ["adverse_events"]
    # told before the cells, what she presented with is the condition treated
    treated = pub("Intradiscal stem cells for back pain: a case report",
                  ("CASE PRESENTATION", "A 47-year-old woman presented with chronic low back "
                                        "pain. She received intradiscal stem cells and her pain "
                                        "fell from 8 to 2 at one year."),
                  publication_types=["Case Reports"])
    assert "low_back_pain" in assess(treated, vocab).values("condition")


def test_the_disc_as_the_second_of_two_places_is_a_route(vocab):
    doc = pub("Marrow concentrate injections for lumbar spine pain",
              ("", "Thirty patients received marrow concentrate into the facet joints or the "
                   "disc, depending on the pain generator."))
    assert routes(doc, vocab) == ["facet", "intradiscal"]


def test_outcomes_told_by_instrument_or_cause(vocab):
    # a quality-of-life survey by its name, function by "functionality", events by their cause
    doc = pub("Marrow concentrate for chronic back pain",
              ("", "Twenty adults received marrow concentrate into the disc. There were no "
                   "serious procedure-related events. Pain and functionality questionnaires and "
                   "the RAND-36 were scored over 12 months."))
    assert {"adverse_events", "function", "quality_of_life", "pain"} <= set(outcomes(doc, vocab))


def test_an_operation_done_for_a_complication_is_a_harm_not_a_surgery_outcome(vocab):
    for_harm = pub("Marrow cells into the disc",
                   ("RESULTS", "Pain fell in 20 of 24 patients. One patient had surgery two "
                               "weeks after the injection because of discitis."))
    got = outcomes(for_harm, vocab)
    assert "surgery" not in got and "adverse_events" in got
    # an operation the treatment did not spare stays the surgery outcome
    needed = pub("Marrow cells into the disc",
                 ("RESULTS", "Pain fell in 20 of 24 patients. Two patients later had fusion "
                             "surgery for persistent pain."))
    assert "surgery" in outcomes(needed, vocab)


def test_a_lumbar_puncture_that_samples_fluid_is_no_route(vocab):
    doc = pub("Intravenous infusion of allogeneic stromal cells in acute spinal cord injury",
              ("METHODS", "Ten patients received an intravenous infusion of 1 x 10^6 cells/kg; "
                          "cerebrospinal fluid was sampled by lumbar puncture at one week."),
              ("RESULTS", "Motor scores improved by 12 points at six months."))
    assert assess(doc, vocab).values("delivery") == ["intravenous"]


def test_cells_given_by_lumbar_puncture_keep_the_route(vocab):
    doc = pub("Stromal cells by lumbar puncture in chronic spinal cord injury",
              ("METHODS", "Ten patients were injected with stromal cells by lumbar puncture, "
                          "and cerebrospinal fluid was collected for analysis."),
              ("RESULTS", "Motor scores improved by 12 points at six months."))
    assert assess(doc, vocab).values("delivery") == ["intrathecal"]


@pytest.mark.parametrize("route", ["intracisternally", "into the cisterna magna"])
def test_the_cisterna_magna_is_an_intrathecal_route(vocab, route):
    doc = pub("Stromal cells after spinal cord contusion",
              ("METHODS", f"Twelve patients received the cells {route} and 12 intravenously."))
    assert routes(doc, vocab) == ["intrathecal", "intravenous"]


@pytest.mark.parametrize("sentence", [
    "Adults enrolled had back pain for over six months and MRI findings of a herniated disc or "
    "stenosis.",
    "Adults whose back pain was shown by Modic type 1 changes on magnetic resonance imaging were "
    "enrolled.",
    "Each injection was given under biplanar fluoroscopic imaging.",
])
def test_a_scan_that_found_the_condition_or_guided_the_needle_is_no_outcome(vocab, sentence):
    doc = pub("Marrow concentrate injections for back pain",
              ("METHODS", f"{sentence} Forty adults were treated; pain (NRS) was scored at 6 "
                          "months."))
    assert outcomes(doc, vocab) == ["pain"]


def test_modic_changes_numbered_by_type_are_a_spine_condition(vocab):
    doc = pub("Stromal cells for back pain with Modic 1 or 2 changes",
              ("METHODS", "Thirty adults were treated."))
    assert "other_spine" in assess(doc, vocab).values("condition")


def test_chemonucleolysis_is_an_intradiscal_route(vocab):
    doc = pub("Disc height after condoliase chemonucleolysis at one year",
              ("METHODS", "Sixty patients with a lumbar disc herniation were followed after "
                          "the enzyme injection."))
    assert routes(doc, vocab) == ["intradiscal"]


@pytest.mark.parametrize("sentence", [
    "When the operation ended, the grafts were placed on the annular defect.",
    "The concentrate was injected into the operative site before closure.",
])
def test_a_graft_laid_at_the_end_of_an_operation_is_a_surgical_implant(vocab, sentence):
    doc = pub("Amniotic tissue after lumbar microdiscectomy",
              ("METHODS", f"Eighty patients having microdiscectomy were randomized. {sentence}"))
    assert routes(doc, vocab) == ["surgical_implant"]


@pytest.mark.parametrize("safety", [
    "Possible adverse events were checked by serial neurological examination, radiographs and "
    "MRI.",
    "Complications were recorded prospectively, and the injection sites were also followed "
    "with MRI.",
    "No tumour formed at the injection sites on serial MRIs at 3, 6 and 12 months.",
    "Safety examinations, X-ray and MRI showed no significant changes.",
])
def test_a_scan_that_looked_for_harm_is_no_imaging_outcome(vocab, safety):
    doc = pub("Marrow stromal cells injected into the painful lumbar disc",
              ("METHODS", "Twenty patients with discogenic pain received marrow stromal cells "
                          "into the disc; pain was scored on a VAS."),
              ("RESULTS", "Pain fell from 7 to 3 at one year. " + safety))
    found = outcomes(doc, vocab)
    assert "imaging" not in found
    assert "pain" in found


@pytest.mark.parametrize("measured", [
    "Safety and efficacy were assessed by the VAS and by MRI.",
    "No adverse events occurred, and disc height on MRI was preserved.",
    # the harm one item of a list of measures, not what the scan looked for
    "Twelve-month follow-up recorded adverse events, VAS, ODI and MRI findings.",
    "Follow-up at 2, 6 and 12 months post-injection used a side-effect checklist and MRI.",
])
def test_a_scan_beside_efficacy_measures_is_still_imaging(vocab, measured):
    doc = pub("Marrow stromal cells injected into the painful lumbar disc",
              ("METHODS", "Twenty patients with discogenic pain received marrow stromal cells "
                          "into the disc."),
              ("RESULTS", measured))
    assert "imaging" in outcomes(doc, vocab)


def test_the_modality_of_fluoroscopic_control_is_guidance_not_an_outcome(vocab):
    doc = pub("Platelet-rich plasma into the lumbar facet joints",
              ("METHODS", "Nineteen patients received facet joint injections of platelet-rich "
                          "plasma under x-ray fluoroscopic control; pain was scored on a VAS."))
    a = assess(doc, vocab)
    assert "imaging" not in a.values("outcome")
    assert a.values("guidance") == ["fluoroscopy"]


@pytest.mark.parametrize("graft", [
    "Olfactory mucosa autografts were transplanted into the cord lesions of ten patients after "
    "partial removal of the scar.",
    "After detethering, fetal spinal cord tissue was implanted into the cyst of two patients.",
])
def test_a_tissue_graft_laid_into_the_cord_is_a_surgical_implant(vocab, graft):
    doc = pub("Grafts in chronic spinal cord injury", ("METHODS", graft))
    a = assess(doc, vocab)
    assert a.values("delivery") == ["surgical_implant"]
    assert a.values("cell_type") == ["other_stem_cells"]
