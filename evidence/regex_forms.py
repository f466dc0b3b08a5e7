"""Faster forms of regular expressions that find exactly the same matches.

Python's engine has no automaton: at every position of a text it tries a pattern's alternatives
one by one. Two rewrites keep every match (same spans, same groups) and cost less:

- ``one_of``: an alternation grouped under the alternatives' first letters;
- ``lower_case_twin``: a case-sensitive copy of a case-insensitive pattern, for lower-cased
  ASCII text (no case folding at every character).

And ``folded`` gives the text in which to test cheaply which literals a case-insensitive pattern
could match, so that most patterns need not run at all.
"""

from __future__ import annotations

import re
from typing import Final


def one_of(*alternatives: str) -> str:
    """``(?:a|b|...)`` with the alternatives grouped under their first letter, in their order.

    The same language and, at any position, the same match as the flat alternation:
    alternatives with different first letters never both match at one position, and within a
    letter their order is kept. Flat, the engine tries each alternative at every word; grouped,
    it rules out all but one letter's at once. Alternatives that do not start with a lower-case
    letter ("\\d+", "(?:...)") stay as they are.
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        head = alternative[:1]
        key = head if head.isalpha() and head.islower() else alternative
        groups.setdefault(key, []).append(alternative)
    parts = [
        members[0] if len(members) == 1 else f"{key}(?:{'|'.join(m[1:] for m in members)})"
        for key, members in groups.items()
    ]
    return f"(?:{'|'.join(parts)})"


def spells_lower_case(pattern: str) -> bool:
    """No upper-case letter outside class escapes (\\b, \\s, \\w, ...) and A-Z ranges."""
    plain = re.sub(r"\\[bBdDsSwW]|A-Z", "", pattern)
    if re.search(r"\\[A-Za-z0-9]", plain):  # \x41, \N{...}, \1 ...: do not guess
        return False
    return plain == plain.lower()


def lower_case_twin(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """``regex`` (compiled with re.IGNORECASE) without the flag, to search lower-cased ASCII
    text: it finds there exactly the spans ``regex`` finds in the text itself (about three times
    faster); None when the pattern spells an upper-case letter (it could never match)."""
    if not regex.flags & re.IGNORECASE or not spells_lower_case(regex.pattern):
        return None
    return re.compile(regex.pattern, regex.flags & ~re.IGNORECASE)


# The non-ASCII characters that re.IGNORECASE matches to an ASCII letter: dotted capital I and
# dotless i to "i", long s to "s", the Kelvin sign to "k" (a test checks every character).
_ASCII_FOLDS: Final = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_FOLDED: Final = ("\u0130", "\u0131", "\u017f", "\u212a")


def folded(text: str) -> str:
    """``text`` lower-cased, those characters written as their ASCII letters: every ASCII string
    that a case-insensitive pattern matches in ``text`` is in it, lower-cased. For tests of
    literals only: positions may differ from the text's (some lower-case forms are longer)."""
    if text.isascii():
        return text.lower()
    for ch in _FOLDED:  # (most non-ASCII texts have none of them: no translation needed)
        if ch in text:
            return text.translate(_ASCII_FOLDS).lower()
    return text.lower()
