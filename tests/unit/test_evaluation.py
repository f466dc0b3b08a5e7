"""Evaluation: micro P/R/F1, per-value scores, accuracy, missing/extra, disagreements."""

from __future__ import annotations

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
