"""db.history: changed registration fields between two versions."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from crawlers.items import SourceRecord
from db.history import Change, registration_changes


def registration(**registry: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "overall_status": "RECRUITING",
        "why_stopped": None,
        "enrollment": 40,
        "enrollment_type": "ESTIMATED",
        "start_date": "2024-07-03",
        "primary_completion_date": "2026-01",
        "completion_date": "2026-06",
        "primary_outcomes": [
            {"measure": "VAS back pain", "time_frame": "12 months", "description": "0-100 mm"},
            {"measure": "ODI", "time_frame": "12 months", "description": None},
        ],
        "sponsor": {"name": "Mesoblast", "class": "INDUSTRY"},
        "last_update": "2024-08-01",
    }
    base.update(registry)
    return SourceRecord(source="clinicaltrials", source_id="NCT06325566", kind="registration",
                        raw="", nct_id="NCT06325566", status=base["overall_status"],
                        registry=base).as_dict()


def test_no_change_gives_nothing() -> None:
    old = registration()
    assert registration_changes(old, copy.deepcopy(old)) == []


def test_status_and_enrollment_change() -> None:
    old = registration()
    new = registration(overall_status="TERMINATED", why_stopped="Sponsor decision",
                       enrollment=12, enrollment_type="ESTIMATED", last_update="2025-02-10")
    assert registration_changes(old, new) == [
        Change("overall_status", "RECRUITING", "TERMINATED", "2025-02-10"),
        Change("why_stopped", None, "Sponsor decision", "2025-02-10"),
        Change("enrollment", "40", "12", "2025-02-10"),
    ]


def test_status_and_enrollment_only_gives_two_changes() -> None:
    new = registration(overall_status="COMPLETED", enrollment=38, enrollment_type="ACTUAL",
                       last_update="2026-07-01")
    changes = registration_changes(registration(), new)
    assert [c.field for c in changes] == ["overall_status", "enrollment", "enrollment_type"]
    changes = registration_changes(registration(), registration(overall_status="COMPLETED",
                                                                enrollment=38))
    assert [(c.field, c.old_value, c.new_value) for c in changes] == [
        ("overall_status", "RECRUITING", "COMPLETED"), ("enrollment", "40", "38")]


def test_primary_outcomes_compared_as_stable_text() -> None:
    old = registration()
    reordered = registration(primary_outcomes=list(reversed(old["registry"]["primary_outcomes"])))
    assert registration_changes(old, reordered) == []
    described = copy.deepcopy(old)
    described["registry"]["primary_outcomes"][1]["description"] = "new wording"
    assert registration_changes(old, described) == []
    switched = registration(primary_outcomes=[{"measure": "ODI", "time_frame": "6 months"}])
    (change,) = registration_changes(old, switched)
    assert change.field == "primary_outcomes"
    assert json.loads(change.old_value or "") == ["ODI [12 months]", "VAS back pain [12 months]"]
    assert json.loads(change.new_value or "") == ["ODI [6 months]"]


def test_sponsor_compared_by_name() -> None:
    old = registration()
    same_name = registration(sponsor={"name": "Mesoblast", "class": "OTHER"})
    assert registration_changes(old, same_name) == []
    (change,) = registration_changes(old, registration(sponsor={"name": "Mesoblast Ltd"}))
    assert (change.field, change.old_value, change.new_value) == ("sponsor", "Mesoblast",
                                                                  "Mesoblast Ltd")


def test_field_missing_in_old_version() -> None:
    old = registration()
    del old["registry"]["completion_date"]
    (change,) = registration_changes(old, registration())
    assert change == Change("completion_date", None, "2026-06", "2024-08-01")


def test_different_registrations_raise() -> None:
    other = registration()
    other["nct_id"] = "NCT00000001"
    with pytest.raises(ValueError):
        registration_changes(registration(), other)
    with pytest.raises(ValueError):
        registration_changes(registration(), None)  # type: ignore[arg-type]


def test_corpus_registration_fields_are_read(corpus_dir: Path) -> None:
    """The tracked fields are the ones the ClinicalTrials.gov parser fills."""
    parser = pytest.importorskip("crawlers.parsers.clinicaltrials")
    payload = (corpus_dir / "clinicaltrials" / "study-NCT09920004.json").read_bytes()
    old = parser.parse_studies(payload).result.records[0].as_dict()
    assert registration_changes(old, copy.deepcopy(old)) == []
    new = copy.deepcopy(old)
    new["registry"].update(overall_status="COMPLETED", why_stopped=None, last_update="2026-01-02")
    new["registry"]["sponsor"]["name"] = "Another sponsor"
    changes = registration_changes(old, new)
    assert [(c.field, c.old_value, c.new_value) for c in changes] == [
        ("overall_status", "TERMINATED", "COMPLETED"),
        ("why_stopped", old["registry"]["why_stopped"], None),
        ("sponsor", "OsteoCell Therapeutics, Inc.", "Another sponsor"),
    ]
    assert {c.source_updated for c in changes} == {"2026-01-02"}
