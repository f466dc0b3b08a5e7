"""Labels for tag slugs on the site, read from ``labels.yaml`` (data)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LABELS_FILE = Path(__file__).with_name("labels.yaml")
# studies column -> facet whose labels it shows
COLUMN_FACETS: dict[str, str] = {
    "cell_types": "cell_type", "conditions": "condition", "cell_sources": "cell_source",
    "donors": "donor", "processing": "processing", "deliveries": "delivery",
    "guidance": "guidance", "outcomes": "outcome", "design": "design",
    "population": "population", "result": "result", "evidence_level": "evidence_level",
    "cell_type": "cell_type", "condition": "condition", "status": "status",
}


@cache
def labels() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8")) or {}
    return {facet: {str(k): str(v) for k, v in values.items()} for facet, values in data.items()}


def label(facet: str, value: Any) -> str:
    """The label of one slug; unknown slugs read with spaces for underscores."""
    if value is None:
        return ""
    text = str(value)
    return labels().get(facet, {}).get(text, text.replace("_", " "))


def column_header(column: str) -> str:
    """A column's header on table and query pages (``columns`` in labels.yaml); the SQL name
    when it has none."""
    return labels().get("columns", {}).get(column, column)


def sql_label(facet: str | None, value: Any) -> str | None:
    """``stemspine_label(facet, value)`` in SQL: the label of a slug, NULL for NULL or ''."""
    if facet is None or value is None or value == "":
        return None
    return label(facet, value)


def json_list(value: Any) -> list[str] | None:
    """A JSON array column's items, or None when the value is not a JSON array."""
    if isinstance(value, list):
        return [str(item) for item in value]
    if not isinstance(value, str) or not value.startswith("["):
        return None
    try:
        items = json.loads(value)
    except ValueError:
        return None
    return [str(item) for item in items] if isinstance(items, list) else None


def column_label(column: str, value: Any) -> str | None:
    """The readable form of a studies column's value, or None for columns without labels."""
    facet = COLUMN_FACETS.get(column)
    if facet is None:
        return None
    items = json_list(value)
    if items is not None:
        return ", ".join(label(facet, item) for item in items)
    return label(facet, value)
