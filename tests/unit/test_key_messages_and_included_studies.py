"""Health-technology reports summarise themselves under "Key messages" and speak of "the
included systematic reviews" without naming a database (held-out set AH, scored on arrival). A
key-messages section is the report's own conclusion, not background, and a report that says
what it included is a synthesis of studies. Each example is written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def test_a_key_messages_section_is_the_reports_own_conclusion(vocab):
    assert vocab.section_role("Key messages", None) == "conclusions"
    assert vocab.section_role("Take-home message", None) == "conclusions"


def test_a_report_on_its_included_reviews_is_a_systematic_review_of_patients(vocab):
    doc = pub(
        "Epidural steroid injections for sciatica",
        ("KEY MESSAGES", "In patients with sciatica, steroid injections may relieve leg pain "
                         "better than placebo for up to "
                         "three months. None of the included systematic reviews reported a "
                         "serious adverse event. We found no trials that compared injections "
                         "with exercise."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.population, a.evidence_level) == ("systematic_review", "human", 1)


def test_patients_included_in_a_case_series_are_no_included_studies(vocab):
    doc = pub(
        "Bone marrow concentrate for discogenic pain",
        ("RESULTS", "All included patients were followed for twelve months; pain fell from 7 to "
                    "3 (p<0.01)."),
    )
    assert assess(doc, vocab).design == "case_series"
