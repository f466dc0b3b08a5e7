"""Reading loosely typed JSON values (API responses where a field may be missing, null, a
string or a number) without raising: what the Europe PMC and ClinicalTrials.gov parsers share."""

from __future__ import annotations

import json
from typing import Any


def as_int(value: Any) -> int | None:
    """An int from an int or a digit string; None for anything else (bools included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_dicts(value: Any) -> list[dict[str, Any]]:
    """The dicts of a list, or of a lone dict (APIs collapse one-element lists)."""
    items = value if isinstance(value, list) else [value] if value is not None else []
    return [item for item in items if isinstance(item, dict)]


def preview(text: str, size: int = 80) -> str:
    """The start of an unreadable body, for an error message."""
    return repr(" ".join(text[:size].split()))


def json_object(text: str, what: str) -> tuple[dict[str, Any] | None, str | None]:
    """(object, None) for a JSON object body, else (None, why it is not ``what``)."""
    try:
        payload = json.loads(text)
    except ValueError as error:
        return None, f"not JSON ({error}): {preview(text)}"
    if not isinstance(payload, dict):
        return None, f"JSON {type(payload).__name__}, not {what}"
    return payload, None
