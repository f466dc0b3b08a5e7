"""Sample size from registry enrolment and from abstract text."""

from __future__ import annotations

import pytest

from evidence.sample_size import extract, words_to_int
from tests.unit.evidence_docs import pub, registration


@pytest.mark.parametrize(
    ("text", "value"),
    [("twenty-six", 26), ("Two", 2), ("1,200", 1200), ("forty", 40), ("one hundred", 100),
     ("purple", None)],
)
def test_words_to_int(text, value):
    assert words_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Twenty-six patients received intradiscal BMC.", 26),
        ("Patients (n = 24) were treated.", 24),
        ("We enrolled N=40 adults.", 40),
        ("100 subjects were randomized to MSC or saline.", 100),
        ("BMC was compared in 40 vs 40 patients.", 80),
        ("We describe two patients treated with MSCs.", 2),
    ],
)
def test_patients_from_text(text, n):
    assert extract(pub("x", ("METHODS", text)), "case_series", "human").value == n


def test_animals_counted_apart_from_patients():
    doc = pub("x", ("METHODS", "Thirty-six adult female Sprague-Dawley rats were injected; "
                               "results may help patients."))
    size = extract(doc, "preclinical_animal", "animal")
    assert (size.value, size.animals) == (36, 36)


@pytest.mark.parametrize("design", ["systematic_review", "narrative_review", "guideline",
                                    "editorial", "in_vitro"])
def test_none_for_reviews_and_in_vitro(design):
    doc = pub("x", ("METHODS", "We included 12 trials with 500 patients."))
    assert extract(doc, design, "human").value is None


def test_registration_enrolment_and_withdrawn():
    assert extract(registration("x", enrollment=60), "rct", "human").value == 60
    withdrawn = registration("x", enrollment=0, overall_status="WITHDRAWN")
    assert extract(withdrawn, "case_series", "human").value == 0
