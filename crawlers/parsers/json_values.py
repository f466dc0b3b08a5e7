"""Reading loosely typed JSON values (API responses where a field may be missing, null, a
string or a number) without raising: what the Europe PMC and ClinicalTrials.gov parsers share.

Hostile values read as absent (None), never as an exception: counts in non-ASCII digits
("²" and "١٢" pass ``str.isdigit()``; ``int("²")`` raises), numbers too long for Python's
int conversion limit or for an SQLite INTEGER, impossible dates ("2020-13-45"), JSON nested
deeper than ``json.loads`` can read, lone surrogates (replaced by U+FFFD).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from crawlers.parsers.surrogates import may_hold_surrogates, replace_in_json

# An SQLite INTEGER is 64-bit signed; a count, year or enrollment beyond that is not a count.
INT_LIMIT = 2**63 - 1
_ASCII_INT_RE = re.compile(r"[0-9]{1,19}", re.ASCII)
_ISO_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", re.ASCII)


def as_int(value: Any) -> int | None:
    """An int from an int or an ASCII digit string that fits an SQLite INTEGER; None for
    anything else (bools, floats, non-ASCII digits, huge numbers included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not _ASCII_INT_RE.fullmatch(text):
            return None
        value = int(text)
    if isinstance(value, int) and -INT_LIMIT <= value <= INT_LIMIT:
        return value
    return None


def as_iso_date(value: Any) -> str | None:
    """"2020", "2020-02" or "2020-02-28" (ASCII digits, at the start of a string) as the longest
    valid prefix: "2020-02-30" -> "2020-02", "2020-13-01" -> "2020"; None without a year."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE_RE.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    if int(year) < 1:
        return None
    if month is None or not 1 <= int(month) <= 12:
        return year
    if day is not None:
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            pass  # an impossible day: keep year and month
    return f"{year}-{month}"


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
    """(object, None) for a JSON object body, else (None, why it is not ``what``).

    Lone surrogates in the object's strings come back as U+FFFD.
    """
    try:
        payload = json.loads(text)
    except RecursionError:
        return None, f"JSON nested too deep to read ({len(text)} characters): {preview(text)}"
    except ValueError as error:  # also int conversion limits and bad escapes
        return None, f"not JSON ({error}): {preview(text)}"
    if not isinstance(payload, dict):
        return None, f"JSON {type(payload).__name__}, not {what}"
    if may_hold_surrogates(text):
        payload = replace_in_json(payload)
    return payload, None
