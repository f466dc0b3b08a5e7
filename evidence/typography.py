"""Typographic variants read as the plain characters they stand for, before a study is tagged.

Publishers' XML writes hyphens, spaces and letters in several code points that mean the same
thing: Wiley's hyphen (U+2010) in "bone marrow‐derived", a non-breaking hyphen, a no-break or
thin space in "n = 20", "ﬁ" ligatures in text taken from a PDF, and invisible characters (a soft
hyphen or a zero-width space inside a word, which would cut "inter­vertebral" in two). The
tagger's phrases, patterns and number readings are written with the plain characters, so the
document is read with these written plainly; the stored record keeps the publisher's text.
En and em dashes are not variants (they mark ranges and clauses) and are kept. A number glued to
its time unit ("12months", where a thin space was lost) is read with a space.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

_INVISIBLE: Final = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060",
                     "\ufeff")
_HYPHENS: Final = ("\u2010", "\u2011", "\u2012", "\u2212")
_SPACES: Final = ("\u00a0", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007",
                  "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000")
_LIGATURES: Final = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                     "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}

_TABLE: Final = str.maketrans({
    **{c: None for c in _INVISIBLE},
    **{c: "-" for c in _HYPHENS},
    **{c: " " for c in _SPACES},
    **_LIGATURES,
})
# the characters to look for, one by one (a string's "in" skips, at once, any character wider
# than the string's own: a text of Latin-1 letters is searched for the two Latin-1 ones only)
_VARIANTS: Final = (*_SPACES[:1], *_INVISIBLE[:1], *_HYPHENS, *_SPACES[1:], *_INVISIBLE[1:],
                    *_LIGATURES)
# the fields of a document the tagger reads as text (``evidence.text.segments``,
# ``evidence.sample_size``); MeSH headings are NLM's own ASCII names
_TEXT_FIELDS: Final = ("title", "abstract")
_SECTION_FIELDS: Final = ("text", "label")
# a registration's fields the tagger reads as text (``evidence.text._registry_segments``, the
# outcomes' time frames, the status)
_REGISTRY_TEXT: Final = ("official_title", "conditions", "keywords", "interventions",
                         "arm_groups", "primary_outcomes", "secondary_outcomes", "brief_summary",
                         "detailed_description", "eligibility_criteria")


def plain_text(text: str) -> str:
    """``text`` with its typographic variants written plainly (the same object when it has none)."""
    if not text.isascii():
        for ch in _VARIANTS:
            if ch in text:
                text = text.translate(_TABLE)
                break
    return _spaced_units(text)


# a length whose number and unit lost the (thin) space between them ("through 12months"): read
# as "12 months"
_UNITS: Final = ("month", "week", "year", "day")
_GLUED_UNIT_RE: Final = re.compile(rf"(?<=\d)(?=(?:{'|'.join(_UNITS)})s?\b)")


def _spaced_units(text: str) -> str:
    # (found with str.find first: a regular expression over every abstract costs more than the
    # few places a unit word stands)
    for unit in _UNITS:
        at = text.find(unit, 1)
        while at != -1:
            if text[at - 1].isdigit():
                return _GLUED_UNIT_RE.sub(" ", text)
            at = text.find(unit, at + 1)
    return text


def plain_document(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` (a ``SourceRecord.as_dict()``) with the text the tagger reads written plainly:
    the same object when nothing changes, else a shallow copy with the changed fields (the
    caller's document is not modified)."""
    doc = _with_plain(doc, _TEXT_FIELDS, _plain_string)
    doc = _with_plain(doc, ("abstract_sections",), _plain_sections)
    doc = _with_plain(doc, ("keywords",), _plain)
    return _with_plain(doc, ("registry",), _plain_registry)


def _with_plain(mapping: dict[str, Any], keys: tuple[str, ...],
                read: Callable[[Any], Any]) -> dict[str, Any]:
    """``mapping`` with ``read`` applied to the values of ``keys`` it holds: the same object
    when none changes, else a shallow copy with the changed values."""
    out: dict[str, Any] | None = None
    for key in keys:
        value = mapping.get(key)
        if value:
            new = read(value)
            if new is not value:
                if out is None:
                    out = dict(mapping)
                out[key] = new
    return mapping if out is None else out


def _plain_string(value: Any) -> Any:
    """A string written plainly; anything else as it is."""
    return plain_text(value) if isinstance(value, str) else value


def _plain_registry(registry: Any) -> Any:
    """A registration's text fields written plainly (the same dict when none changes)."""
    if not isinstance(registry, dict):
        return registry
    return _with_plain(registry, _REGISTRY_TEXT, _plain)


def _plain_sections(sections: Any) -> Any:
    """The abstract's sections with their text and label written plainly (the same list when
    none changes)."""
    if not isinstance(sections, list):
        return sections
    out: list[Any] | None = None
    for k, section in enumerate(sections):
        if not isinstance(section, dict):
            continue
        fixed = _with_plain(section, _SECTION_FIELDS, _plain_string)
        if fixed is not section:
            if out is None:
                out = list(sections)
            out[k] = fixed
    return sections if out is None else out


def _plain(value: Any) -> Any:
    """``value`` (strings, lists and dicts of them) written plainly: the same object when
    nothing in it changes."""
    if isinstance(value, str):
        return value if value.isascii() else plain_text(value)
    if isinstance(value, dict):
        changed: dict[Any, Any] | None = None
        for key, item in value.items():
            new = _plain(item)
            if new is not item:
                if changed is None:
                    changed = dict(value)
                changed[key] = new
        return value if changed is None else changed
    if isinstance(value, list):
        items: list[Any] | None = None
        for k, item in enumerate(value):
            new = _plain(item)
            if new is not item:
                if items is None:
                    items = list(value)
                items[k] = new
        return value if items is None else items
    return value
