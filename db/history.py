"""What changed between two versions of one registration (the ``registration_history`` table).

Pure function over two ``SourceRecord.as_dict()`` dicts of the same ClinicalTrials.gov study.
Values are compared and reported as strings (JSON for lists), so that "40" (int) and "40" (text)
are one value and an absent field equals an empty one (both ``None``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TRACKED_FIELDS = (
    "overall_status",
    "why_stopped",
    "enrollment",
    "enrollment_type",
    "start_date",
    "primary_completion_date",
    "completion_date",
    "primary_outcomes",
    "sponsor",
)


@dataclass(frozen=True)
class Change:
    """One changed field: old and new values as text, and the registry's date for the new one."""

    field: str
    old_value: str | None
    new_value: str | None
    source_updated: str | None


def registration_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Changes of the tracked fields from ``old`` to ``new``, in TRACKED_FIELDS order."""
    for name, record in (("old", old), ("new", new)):
        if not isinstance(record, dict):
            raise ValueError(f"{name} must be a record dict, got {type(record).__name__}")
    old_nct, new_nct = _nct(old), _nct(new)
    if old_nct and new_nct and old_nct != new_nct:
        raise ValueError(f"cannot compare two registrations: {old_nct} and {new_nct}")
    updated = (new.get("registry") or {}).get("last_update") or None
    changes = []
    for name in TRACKED_FIELDS:
        before, after = _value(old, name), _value(new, name)
        if before != after:
            changes.append(Change(name, before, after, str(updated) if updated else None))
    return changes


def _nct(record: dict[str, Any]) -> str:
    return str(record.get("nct_id") or "").strip().upper()


def _value(record: dict[str, Any], name: str) -> str | None:
    registry = record.get("registry") or {}
    raw = registry.get(name)
    if name == "overall_status" and raw in (None, ""):
        raw = record.get("status")
    return _TEXT_FORMS.get(name, _scalar)(raw)


def _scalar(value: Any) -> str | None:
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return " ".join(str(value).split())


def _sponsor(value: Any) -> str | None:
    if isinstance(value, dict):
        return _scalar(value.get("name"))
    return _scalar(value)


def _outcomes(value: Any) -> str | None:
    """Sorted JSON list of "measure [time frame]": order and descriptions are not changes."""
    if not value:
        return None
    forms = []
    for outcome in value:
        if isinstance(outcome, dict):
            measure = " ".join(str(outcome.get("measure") or "").split())
            frame = " ".join(str(outcome.get("time_frame") or "").split())
            forms.append(f"{measure} [{frame}]" if frame else measure)
        else:
            forms.append(" ".join(str(outcome).split()))
    forms = sorted(f for f in forms if f)
    return json.dumps(forms, ensure_ascii=False) if forms else None


_TEXT_FORMS: dict[str, Callable[[Any], str | None]] = {
    "sponsor": _sponsor,
    "primary_outcomes": _outcomes,
}
