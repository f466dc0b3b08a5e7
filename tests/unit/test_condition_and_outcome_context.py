"""Where a condition or outcome is named decides what it is: nerve-root pain with no cause named is
no herniation (a spine condition of no named kind), a registration's outcome measures name what
is measured, not who is studied, and pain a patient presented with is the presentation, not a
measure. Examples written here."""

from __future__ import annotations

import pytest

from db.evidence_files import load_vocabulary
from evidence.assess import assess
from tests.unit.evidence_docs import pub, registration


@pytest.mark.parametrize("title", [
    "Transforaminal injection of bone marrow concentrate for chronic lumbar radicular pain",
    "Adipose stromal cells for cervical radiculopathy: a pilot study",
])
def test_nerve_root_pain_with_no_cause_named_is_no_herniation(vocab, title):
    doc = pub(title, ("METHODS", "Twenty adults with leg pain for over six months were treated."))
    assert "disc_herniation" not in assess(doc, vocab).values("condition")


    # ... but it is the studied population all the same: a spine condition of no named kind
    assert assess(doc, vocab).values("condition") == ["other_spine"]


def test_nerve_root_pain_from_a_named_herniation_still_is_one(vocab):
    doc = pub("Marrow concentrate for radicular pain caused by a herniated lumbar disc",
              ("METHODS", "Twenty adults with leg pain for over six months were treated."))
    # (its cause named, the radicular pain is no condition of its own)
    assert assess(doc, vocab).values("condition") == ["disc_herniation"]


def _trial(**fields):
    fields.setdefault("conditions", ["Degenerative Disc Disease"])
    return registration(
        "Allogeneic MSCs for degenerative disc disease",
        interventions=[{"type": "BIOLOGICAL", "name": "allogeneic mesenchymal stem cells"}],
        **fields,
    )


def test_a_condition_in_an_outcome_measure_is_no_studied_condition(vocab):
    doc = _trial(primary_outcomes=[{"measure": "Change in back and leg pain on a 0-10 scale",
                                    "timeFrame": "12 months"}])
    a = assess(doc, vocab)
    assert a.values("condition") == ["disc_degeneration"]
    assert "pain" in a.values("outcome")


def test_a_condition_the_registrant_lists_still_tags(vocab):
    doc = _trial(conditions=["Degenerative Disc Disease", "Chronic Low Back Pain"],
                 primary_outcomes=[{"measure": "Change in back pain", "timeFrame": "12 months"}])
    assert assess(doc, vocab).values("condition") == ["disc_degeneration", "low_back_pain"]


@pytest.mark.parametrize("sentence", [
    "Three weeks after the injection a woman of 58 presented to the emergency department with "
    "fever and severe back pain.",
    "The patient presented with leg pain and weakness ten days after intradiscal MSCs.",
])
def test_pain_a_patient_presented_with_is_no_outcome(vocab, sentence):
    doc = pub("Discitis after an intradiscal stem cell injection: a case report",
              ("", sentence + " Imaging found an epidural abscess, which was drained."),
              publication_types=["Case Reports"])
    assert "pain" not in assess(doc, vocab).values("outcome")


def test_pain_scored_in_the_results_stays_an_outcome(vocab):
    doc = pub("Intradiscal MSCs for discogenic pain: a case report",
              ("", "A man presented with chronic discogenic back pain. Twelve months after the "
                   "injection his VAS pain score had fallen from 8 to 2."),
              publication_types=["Case Reports"])
    assert "pain" in assess(doc, vocab).values("outcome")


@pytest.mark.parametrize("model", [
    "Twenty rabbits underwent annular puncture of two lumbar discs",
    "Twenty rats had a tail disc puncture",
])
def test_an_animal_models_puncture_makes_a_degenerating_disc(vocab, model):
    # the model names how the disc was made to degenerate, not the word "degeneration"
    doc = pub("Marrow stromal cells for the punctured disc", (
        "", f"{model}; four weeks later the discs were injected with marrow stromal cells or "
            "saline. Disc height was better preserved with cells."))
    assert assess(doc, vocab).values("condition") == ["disc_degeneration"]


def test_pain_the_procedure_caused_is_no_studied_condition(vocab):
    doc = pub("Intrathecal stromal cells in chronic cord injury", (
        "", "Sixteen adults with chronic spinal cord injury received intrathecal stromal cells. No "
            "serious events occurred; headache and back pain after lumbar puncture were common."))
    assert assess(doc, vocab).values("condition") == ["spinal_cord_injury"]


def test_a_colon_ends_the_part_of_a_sentence_that_names_the_population(vocab):
    # the complications after the colon are events; the condition before it is who was treated
    doc = pub("Letter: marrow stromal cells in the clinic", (
        "", "At our centre, eleven adults with lumbar spinal stenosis given marrow "
            "stromal cells were seen for two years: eight walked better and none had "
            "complications."), publication_types=["Letter"])
    assert assess(doc, vocab).values("condition") == ["spinal_stenosis"]
    same_part = pub("Letter: marrow stromal cells in the clinic", (
        "", "At our centre, eleven adults given marrow stromal cells were seen for two years, "
            "and one developed lumbar spinal stenosis as a complication."),
        publication_types=["Letter"])
    assert assess(same_part, vocab).values("condition") == []


def test_a_colon_between_numbers_is_a_ratio_not_a_break():
    from evidence.text import scan_document
    doc = pub("Marrow cells for disc pain", (
        "", "Patients were randomized 1:1 to cells or saline, however the cells failed."))
    scan = scan_document(doc, load_vocabulary())
    assert len(scan.sentences[-1].stances) == 2  # the turn, not the ratio


def test_pain_at_a_place_is_the_population_and_pain_at_a_time_is_a_measure(vocab):
    place = pub("Fat-derived cells for the back: a postal follow-up", (
        "", "We wrote to 90 adults who had received fat-derived stromal cells for chronic low "
            "back pain at a private clinic."))
    assert assess(place, vocab).values("condition") == ["low_back_pain"]
    time = pub("Fat-derived cells for the back: a postal follow-up", (
        "", "We wrote to 90 adults who had received fat-derived stromal cells. Their back pain "
            "at two years was rated by each adult."))
    a = assess(time, vocab)
    assert a.values("condition") == [] and a.values("outcome") == ["pain"]


def test_an_umbrella_disc_disease_beside_a_named_herniation_is_that_herniation(vocab):
    doc = pub("Dogs with thoracolumbar disk disease given adipose stem cells",
              ("", "Twenty dogs paraplegic from an acute disc herniation received adipose stem "
                   "cells after decompression."))
    assert assess(doc, vocab).values("condition") == ["disc_herniation"]
    # with no form named, the umbrella word is disc disease as before
    alone = pub("Adults with lumbar disc disease given marrow cells",
                ("", "Twenty adults received marrow cells into the disc."))
    assert assess(alone, vocab).values("condition") == ["disc_degeneration"]


def test_spondylolysis_is_a_pars_defect_not_a_slip(vocab):
    # a pars defect need not slip: only "spondylolisthesis" names the slip
    doc = pub("A cellular bone graft in lumbar fusion for spondylolysis with or without stenosis",
              ("", "Sixty patients with spondylolysis or degenerative spondylolisthesis were "
                   "fused with the graft; fusion was judged on CT at one year."))
    a = assess(doc, vocab)
    assert {"other_spine", "spondylolisthesis"} <= set(a.values("condition"))
    assert all("listhesis" in t.matched_text for t in a.tags if t.value == "spondylolisthesis")


def _outcomes_of(vocab, **registry) -> list[str]:
    doc = registration("Umbilical cord stromal cells for discogenic back pain", **registry)
    return assess(doc, vocab).values("outcome")


def test_a_registration_measures_what_it_lists_not_what_its_summary_names(vocab):
    listed = [{"measure": "Back pain on a visual analogue scale", "timeFrame": "12 months"}]
    described = ("Adults qualify when lumbar MRI shows a dark disc and no protrusion over 5 mm. "
                 "The trial asks how safe the cells are and whether they improve quality of "
                 "life.")
    assert _outcomes_of(vocab, primary_outcomes=listed, detailed_description=described) == [
        "pain"]


def test_a_summary_sentence_that_says_what_is_measured_adds_to_a_short_list(vocab):
    listed = [{"measure": "Back pain on a visual analogue scale", "timeFrame": "12 months"}]
    described = "Pain, disability and disc hydration on MRI will be followed for a year."
    assert set(_outcomes_of(vocab, primary_outcomes=listed, brief_summary=described)) == {
        "pain", "function", "imaging"}


@pytest.mark.parametrize("described", [
    "Follow-up covers pain, disability and disc hydration on MRI.",
    "Follow-up will include pain, disability and disc hydration on MRI.",
])
def test_what_the_follow_up_takes_in_adds_to_a_short_list(vocab, described):
    listed = [{"measure": "Safety: number of participants with adverse events",
               "timeFrame": "12 months"}]
    assert set(_outcomes_of(vocab, primary_outcomes=listed, brief_summary=described)) == {
        "adverse_events", "pain", "function", "imaging"}


def test_a_registration_without_a_list_keeps_its_summary_s_measures(vocab):
    described = "The trial asks whether the cells reduce disability on the ODI."
    assert _outcomes_of(vocab, brief_summary=described) == ["function"]


def test_what_is_reviewed_before_enrolment_is_no_outcome(vocab):
    listed = [{"measure": "Change in leg pain (NRS)", "timeFrame": "3 months"}]
    described = ("Before enrolment each patient's history and examination will be assessed and "
                 "lumbar spine imaging reviewed. Leg pain will be followed for three months.")
    assert _outcomes_of(vocab, primary_outcomes=listed, detailed_description=described) == [
        "pain"]


def test_back_pain_named_only_as_what_the_disease_causes_is_the_motivation(vocab):
    doc = pub("Endogenous progenitor cells for repairing annulus injury in discs",
              ("", "A major contributor to chronic low back pain, disc degeneration involves loss "
                   "of matrix and little capacity for self-repair. Current therapies ease "
                   "symptoms, which has driven interest in regeneration with endogenous stem "
                   "cells. Preclinical studies point to MSC transplantation as restoring disc "
                   "hydration."), publication_types=["Journal Article", "Review"])
    assert assess(doc, vocab).values("condition") == ["disc_degeneration"]
    # ... but pain the study names as its population stays
    studied = pub("Progenitor cells for chronic low back pain",
                  ("", "A major contributor to chronic low back pain, disc degeneration leaves "
                       "the annulus with little capacity for repair. Progenitor cells in the "
                       "disc have been shown to rebuild matrix in culture and in animals."))
    assert "low_back_pain" in assess(studied, vocab).values("condition")


def test_what_cells_can_become_and_what_fusion_is_the_mainstay_for_are_background(vocab):
    doc = registration(
        "Marrow concentrate in lumbar interbody fusion", conditions=["Spinal Fusion"],
        detailed_description="Fusion is now the main treatment for spondylolisthesis, spinal "
        "instability and severe deformity; it builds a bony bridge between vertebrae. Local "
        "graft works less well than iliac crest graft. Mesenchymal stem cells are pluripotent "
        "and can become several tissues, among them tendon cells, chondrocytes and "
        "osteoblasts.")
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["bmac"]
    assert a.values("condition") == ["spinal_fusion"]


def test_a_review_sentence_defining_the_condition_names_no_outcome(vocab):
    review = ["Journal Article", "Review"]
    doc = pub("Stem cells for spinal cord injury: mechanisms",
              ("", "Spinal cord injury (SCI) is a devastating event in which motor and sensory "
                   "function are lost, often after falls. Stem cells secrete trophic factors "
                   "and modulate inflammation."), publication_types=review)
    assert assess(doc, vocab).values("outcome") == []
    # what the reviewed studies found about function is the review's outcome
    found = pub("Stem cells for spinal cord injury: mechanisms",
                ("", "Spinal cord injury (SCI) is a devastating event. In the clinical series "
                     "reviewed, motor and sensory function improved after the grafts."),
                publication_types=review)
    assert assess(found, vocab).values("outcome") == ["function"]


def test_a_fracture_a_cord_injury_came_from_is_its_cause(vocab):
    doc = pub("Stromal cells injected into a posttraumatic cord cyst: a case report",
              ("METHODS", "A woman with a complete spinal cord injury since 2004 after a T6 "
                          "vertebral fracture received autologous stromal cells into the cyst."))
    assert assess(doc, vocab).values("condition") == ["spinal_cord_injury"]
    # a fracture studied in its own right stays
    fractured = pub("Stromal cells for osteoporotic vertebral fractures",
                    ("METHODS", "Twenty patients with a vertebral fracture received "
                                "intraosseous stromal cells; two had a spinal cord "
                                "injury."))
    assert "vertebral_fracture" in assess(fractured, vocab).values("condition")
