"""Evaluation: micro P/R/F1, per-value scores, accuracy, missing/extra, disagreements."""

from __future__ import annotations

import re

import pytest

from evidence.evaluation import evaluate

LABELS = [
    {"key": "pmid:1", "cell_type": ["msc", "bmac"], "condition": ["disc_degeneration"],
     "design": "rct", "population": "human", "evidence_level": 2, "sample_size": 40},
    {"key": "nct:NCT1", "cell_type": [], "condition": ["low_back_pain"], "design": "rct",
     "population": "human", "evidence_level": None, "sample_size": 10},
]


def test_scores():
    predicted = {
        "pmid:1": {"cell_type": ["msc", "svf"], "condition": ["disc_degeneration"],
                   "design": "rct", "population": "human", "evidence_level": 2,
                   "sample_size": 40},
        "doi:x": {"cell_type": ["msc"]},
    }
    report = evaluate(predicted, LABELS)
    assert report.missing == ["nct:NCT1"] and report.extra == ["doi:x"]
    cell = report.micro["cell_type"]
    assert (cell.tp, cell.fp, cell.fn) == (1, 1, 1)
    assert cell.f1 == pytest.approx(0.5)
    assert report.per_value["cell_type"]["msc"].f1 == 1.0
    assert report.per_value["cell_type"]["bmac"].recall == 0.0
    assert report.accuracy["design"] == 1.0
    assert ("pmid:1", "cell_type") in {(d.key, d.facet) for d in report.disagreements}
    text = report.format()
    assert "cell_type" in text and "nct:NCT1" in text and "accuracy" in text


def test_accuracy_counts_wrong_levels():
    predicted = {"pmid:1": {"evidence_level": 3, "design": "rct"},
                 "nct:NCT1": {"evidence_level": None, "design": "case_series"}}
    report = evaluate(predicted, LABELS)
    assert report.accuracy["evidence_level"] == 0.5
    assert report.accuracy["design"] == 0.5


def test_bad_labels():
    with pytest.raises(ValueError):
        evaluate({}, [{"cell_type": []}])


def test_result_and_followup_accuracy_also_over_the_labelled_rows():
    labels = [
        {"key": "pmid:1", "result": "benefit", "followup_months": 12},
        {"key": "pmid:2", "result": "no_difference", "followup_months": None},
        {"key": "pmid:3", "result": None, "followup_months": None},
        {"key": "nct:NCT4", "result": None, "followup_months": 24},
    ]
    predicted = {
        "pmid:1": {"result": "benefit", "followup_months": 12},
        "pmid:2": {"result": "mixed", "followup_months": None},
        "pmid:3": {"result": None, "followup_months": 6},
        "nct:NCT4": {"result": None, "followup_months": 24},
    }
    report = evaluate(predicted, labels)
    assert report.accuracy["result"] == 0.75 and report.labelled["result"] == (2, 0.5)
    assert report.accuracy["followup_months"] == 0.75
    assert report.labelled["followup_months"] == (2, 1.0)
    text = report.format()
    assert re.search(r"^result +accuracy 0\.750 +over 2 rows with a non-null label: 0\.500$",
                     text, re.M)
    assert ("pmid:2", "result", "no_difference", "mixed") in {
        (d.key, d.facet, d.expected, d.got) for d in report.disagreements}


def test_label_sets_scored_apart_do_not_count_each_other_as_extra():
    predicted = {"pmid:1": {"design": "rct"}, "pmid:2": {"design": "rct"},
                 "pmid:9": {"design": "rct"}}
    first = evaluate(predicted, [{"key": "pmid:1", "design": "rct"}],
                     labelled_elsewhere=["pmid:1", "pmid:2"])
    assert first.studies == 1 and first.extra == ["pmid:9"]
    assert evaluate(predicted, [{"key": "pmid:1", "design": "rct"}]).extra == ["pmid:2",
                                                                                "pmid:9"]
