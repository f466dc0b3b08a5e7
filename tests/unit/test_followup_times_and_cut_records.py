"""How lengths and endings are written: assessment times listed after "every timepoint" are the
follow-up (however "every" reads elsewhere, as a schedule); a number glued to its unit
("24months", a thin space lost) is a length; a record that ends on an ellipsis was cut, so its
unfinished clause says nothing; how a field has grown ("procedures have increased in recent
decades") is the setting, not a finding; "the dose needed to" is what something takes, not a
call for more work. Each example is written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from evidence.typography import plain_text
from tests.unit.evidence_docs import pub


def test_assessment_times_after_every_timepoint_are_the_follow_up(vocab):
    doc = pub("Allogeneic stromal cells for chronic back pain: a randomised trial",
              ("METHODS", "Patients were randomised to cells or a sham injection. The primary "
                          "endpoint was the responder rate at month 12. Secondary endpoints at "
                          "every timepoint (1, 3, 6, 12 and 24 months) were pain and function."),
              publication_types=["Randomized Controlled Trial"])
    assert assess(doc, vocab).followup_months == 24
    # a dosing schedule stays a schedule
    dosed = pub("Repeated cell injections for back pain: a case series",
                ("METHODS", "Twelve patients received cells every 3 months for 2 years and "
                            "were followed for 30 months."))
    assert assess(dosed, vocab).followup_months == 30


def test_a_number_glued_to_its_unit_is_a_length(vocab):
    assert plain_text("treated through 24months, then 6weeks") == (
        "treated through 24 months, then 6 weeks")
    assert plain_text("T2 signal at L4-5 in 12 patients") == "T2 signal at L4-5 in 12 patients"
    doc = pub("A drug for vertebral fractures: a post hoc analysis",
              ("", "Patients received the drug or placebo through 12months and were then "
                   "followed through 24months. New fractures were fewer with the drug."))
    assert assess(doc, vocab).followup_months == 24


def test_a_record_cut_on_an_ellipsis_says_nothing_in_its_last_clause(vocab):
    doc = pub("Marrow cells on an allograft in lumbar fusion: 150 patients",
              ("METHODS", "We reviewed 150 consecutive patients fused with a cellular "
                          "allograft."),
              ("RESULTS", "Sixteen serious adverse events were recorded, among them pneumonia. "
                          "Successful fusion (Lenke scale A or ..."))
    assert assess(doc, vocab).result == "not_reported"


def test_how_a_field_has_grown_is_no_finding_of_a_review(vocab):
    doc = pub("Stromal cells in spinal fusion: a systematic literature review",
              ("", 'Spinal fusion operations have increased steeply in recent decades, and '
                   'although iliac crest graft is the "gold standard" for them, substitutes have '
                   'been sought for years. This descriptive systematic review summarises the in '
                   'vivo studies of stromal cells in fusion surgery and their clinical use so '
                   'far. Questions remain about the best cell dose and carrier.'),
              publication_types=["Review"])
    assert assess(doc, vocab).result == "not_reported"


def test_what_a_thing_takes_is_no_call_for_more_work(vocab):
    doc = pub("Stromal cells in spinal fusion: a systematic literature review",
              ("", "This systematic review summarises the clinical studies of stromal cells in "
                   "fusion. The review found promising evidence in favour of the cells, an "
                   "approach that could lower the high dose needed to induce bone formation."),
              publication_types=["Review"])
    assert assess(doc, vocab).result == "benefit"


def test_a_length_still_to_come_in_the_results_is_no_follow_up(vocab):
    doc = pub("Marrow concentrate injected into pars defects: a case report",
              ("CASE DESCRIPTION", "A 30-year-old man with bilateral spondylolysis received "
                                   "marrow concentrate into each pars defect."),
              ("RESULTS", "Five weeks after the injection his pain was 1/10. A CT scan is "
                          "planned 3 months after the procedure to look for healing."),
              publication_types=["Case Reports"])
    assert assess(doc, vocab).followup_months == 1


def test_less_loss_of_vertebral_height_is_a_gain(vocab):
    doc = pub("Vertebroplasty with marrow stromal cells for osteoporotic fractures",
              ("METHODS", "Forty patients had vertebroplasty with (n = 20) or without (n = 20) "
                          "marrow stromal cells."),
              ("RESULTS", "Pain scores at 3 months and vertebral height compression rates at "
                          "3 months were lower in the cell group than in the control group "
                          "(P<0.05)."))
    assert assess(doc, vocab).result == "benefit"


def test_times_after_a_visit_before_surgery_are_follow_up(vocab):
    doc = pub("Marrow concentrate in lumbar fusion: a randomized trial",
              ("METHODS", "Patients completed the ODI before surgery and 3, 6, 12 and 24 months "
                          "afterwards."))
    assert assess(doc, vocab).followup_months == 24
    # a length before surgery looks back
    history = pub("Marrow concentrate in lumbar fusion: a randomized trial",
                  ("METHODS", "Pain had lasted 18 months before surgery."))
    assert assess(history, vocab).followup_months is None


@pytest.mark.parametrize("methods, months", [
    ("Scores were taken before transplantation and in the first, third and sixth month after "
     "it.", 6),
    ("Spinal MRI was done in the first week and at the third, sixth, ninth and twelfth months "
     "after surgery.", 12),
    ("Patients were seen again in the 18th month.", 18),
])
def test_time_points_told_as_ordinals_are_the_follow_up(vocab, methods, months):
    doc = pub("Marrow stromal cells in spinal cord injury: a case series",
              ("METHODS", "Twenty patients received intrathecal marrow stromal cells. " + methods))
    assert assess(doc, vocab).followup_months == months


def test_a_length_an_introduction_tells_of_this_study_is_its_follow_up(vocab):
    doc = pub("Complications of stem cell injections for joint and spine pain",
              ("INTRODUCTION", "For twenty years clinics have offered such injections. We "
                               "describe 800 patients injected with stromal cells and followed "
                               "in a registry for as long as seven years."),
              ("METHODS", "Every patient received a percutaneous injection of stromal cells "
                          "at one of twelve clinics."),
              ("RESULTS", "Mean follow-up was 2.5 years; 41 adverse events were recorded."))
    assert assess(doc, vocab).followup_months == 84
    # the field's history in the same section is no follow-up
    history = pub("Complications of stem cell injections for joint and spine pain",
                  ("INTRODUCTION", "For twenty years clinics have offered such injections."),
                  ("METHODS", "We describe 800 patients who received a percutaneous injection "
                              "of stromal cells at one of twelve clinics."),
                  ("RESULTS", "Mean follow-up was 2.5 years; 41 adverse events were "
                              "recorded."))
    assert assess(history, vocab).followup_months == 30


def test_how_long_a_patient_had_not_improved_is_history(vocab):
    doc = pub("Tracking labelled stromal cells after intrathecal injection: a case report",
              ("CASE PRESENTATION", "A 40-year-old man with a chronic cervical cord injury, whose "
                                    "function had not improved for 48 months, received "
                                    "intrathecal autologous stromal cells. MRI was done at 48 "
                                    "hours, one month and six months."))
    assert assess(doc, vocab).followup_months == 6
