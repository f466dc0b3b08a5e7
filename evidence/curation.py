"""Curation: people add, remove or set tags on a study; curation wins over rules.

Entries come from ``evidence/curation.yaml`` (read by ``db.evidence_files.load_curation``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from evidence.assess import SINGLE_FACETS, Assessment, Tag
from evidence.design import DESIGNS, POPULATIONS
from evidence.result import RESULTS
from evidence.vocabulary import TAG_FACETS

ACTIONS = ("add", "remove", "set")
_NONE = ("", "none", "null")
_NULLABLE = ("evidence_level", "result", "followup_months")  # the others fall back to "unknown"
_INTEGERS = ("evidence_level", "followup_months")


@dataclass(frozen=True)
class CurationEntry:
    study_id: str
    facet: str
    value: str
    action: str
    reason: str

    def __post_init__(self) -> None:
        if not self.study_id:
            raise ValueError("curation: study_id is empty")
        if self.action not in ACTIONS:
            raise ValueError(f"curation: action must be one of {ACTIONS}, got {self.action!r}")
        if self.facet not in (*TAG_FACETS, *SINGLE_FACETS):
            raise ValueError(f"curation: unknown facet {self.facet!r}")
        if not self.reason or not self.reason.strip():
            raise ValueError(f"curation: {self.study_id} {self.facet}: a reason is required")
        if self.action == "set" and self.facet not in SINGLE_FACETS:
            raise ValueError(f"curation: 'set' is for {SINGLE_FACETS}, not {self.facet!r}")
        if self.action == "add" and self.facet in SINGLE_FACETS:
            raise ValueError(f"curation: use 'set' for the single-valued facet {self.facet!r}")
        _check_value(self.facet, self.value)


def _check_value(facet: str, value: str) -> None:
    if facet == "design" and value not in DESIGNS:
        raise ValueError(f"curation: unknown design {value!r}")
    if facet == "population" and value not in POPULATIONS:
        raise ValueError(f"curation: unknown population {value!r}")
    if facet == "evidence_level" and value not in (*_NONE, *map(str, range(1, 6))):
        raise ValueError(f"curation: evidence_level must be 1-5 or none, got {value!r}")
    if facet == "result" and value not in (*_NONE, *RESULTS):
        raise ValueError(f"curation: result must be one of {RESULTS} or none, got {value!r}")
    if facet == "followup_months" and value not in _NONE and not value.isdigit():
        raise ValueError(f"curation: followup_months must be whole months or none, got {value!r}")


def entry_from_mapping(data: Mapping[str, Any]) -> CurationEntry:
    """One entry from its YAML mapping (keys study_id, facet, value, action, reason)."""
    if not isinstance(data, Mapping):
        raise ValueError("curation: each entry must be a mapping")
    missing = [k for k in ("study_id", "facet", "value", "action", "reason") if k not in data]
    if missing:
        raise ValueError(f"curation: entry lacks {', '.join(missing)}")
    value = data["value"]
    return CurationEntry(
        str(data["study_id"]),
        str(data["facet"]),
        "" if value is None else str(value),
        str(data["action"]),
        str(data["reason"]),
    )


def apply_curation(
    study_id: str, assessment: Assessment, entries: Iterable[CurationEntry]
) -> Assessment:
    """A new Assessment with this study's entries applied in order (the input is unchanged)."""
    mine = [e for e in entries if e.study_id == study_id]
    if not mine:
        return assessment
    tags = list(assessment.tags)
    fields: dict[str, Any] = {}
    for e in mine:
        if e.action == "remove":
            tags = [t for t in tags if not (t.facet == e.facet and t.value == e.value)]
            if e.facet in SINGLE_FACETS:
                fields[e.facet] = None if e.facet in _NULLABLE else "unknown"
            continue
        if e.action == "set":
            tags = [t for t in tags if t.facet != e.facet]
            value: Any = e.value
            if e.facet in _INTEGERS:
                value = int(e.value) if e.value.isdigit() else None
            elif e.facet in _NULLABLE and e.value in _NONE:
                value = None
            fields[e.facet] = value
            if value is None:
                continue
        else:
            tags = [t for t in tags if not (t.facet == e.facet and t.value == e.value)]
        tags.append(Tag(e.facet, e.value, "curation", e.reason, origin="curation"))
    return dataclasses.replace(assessment, tags=tags, **fields)
