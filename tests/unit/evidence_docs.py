"""Tiny document builders for the evidence unit tests (the SourceRecord.as_dict() shape)."""

from __future__ import annotations

from typing import Any


def pub(title: str = "", *sections: tuple[str, str], **fields: Any) -> dict[str, Any]:
    """A publication; ``sections`` are (CATEGORY, text) pairs ("" for an unstructured abstract)."""
    secs = [{"label": c, "category": c, "text": t} for c, t in sections]
    doc: dict[str, Any] = {
        "kind": "publication",
        "title": title,
        "abstract": "\n".join(t for _, t in sections),
        "abstract_sections": secs,
        "mesh": [],
        "keywords": [],
        "publication_types": ["Journal Article"],
        "comments_corrections": [],
        "language": ["eng"],
        "status": "MEDLINE",
        "registry": {},
        "extra": {},
    }
    doc.update(fields)
    return doc


def registration(title: str, **registry: Any) -> dict[str, Any]:
    reg: dict[str, Any] = {
        "conditions": [],
        "keywords": [],
        "interventions": [],
        "arm_groups": [],
        "study_type": "INTERVENTIONAL",
        "phases": [],
        "allocation": "NA",
        "intervention_model": "SINGLE_GROUP",
        "observational_model": None,
        "masking": "NONE",
        "enrollment": 10,
        "enrollment_type": "ESTIMATED",
        "overall_status": "RECRUITING",
        "primary_outcomes": [],
        "secondary_outcomes": [],
        "brief_summary": "",
        "detailed_description": "",
        "eligibility_criteria": "",
        "official_title": "",
        "has_results": False,
    }
    reg.update(registry)
    return {
        "kind": "registration",
        "title": title,
        "abstract": reg["brief_summary"],
        "abstract_sections": [],
        "mesh": [],
        "keywords": [],
        "publication_types": [],
        "comments_corrections": [],
        "language": [],
        "status": reg["overall_status"],
        "registry": reg,
        "extra": {},
    }
