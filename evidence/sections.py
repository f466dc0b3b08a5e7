"""Where the sections of an abstract given as one text begin: the labels its sentences open with.

Publishers and Europe PMC often give a structured abstract as one text ("BACKGROUND: ...
METHODS: ... RESULTS: ..."); the tagger (``evidence.text.segments``) and the sample-size reader
(``evidence.sample_size``) cut it at the same places, so that both read a count or a finding in
the section it was written in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

# a section label that opens a sentence of an unlabelled abstract ("Purpose: To assess ...")
_INLINE_LABEL: Final = re.compile(r"(?:^|(?<=[.!?])\s+)([A-Z][A-Za-z/ ]{2,40}?):\s+(?=\S)")


# run-in labels ended by a full stop ("Study Design. ... Objective. ... Methods. ..."), as Spine
# and other journals print them: a label is a whole sentence, and a text needs two to be cut
_RUN_IN_LABEL: Final = re.compile(r"(?:^|(?<=[.!?])\s+)([A-Z][A-Za-z/ ]{2,40}?)\.\s+(?=[A-Z0-9(])")
_RUN_IN_GATE: Final = ("Methods. ", "Results. ", "Conclusion. ", "Conclusions. ", "Objective. ",
                       "Objectives. ", "Background. ", "Purpose. ")


def inline_sections(
    text: str, section_role: Callable[[str | None, str | None], str | None]
) -> list[tuple[str, str]]:
    """An unlabelled abstract cut at the section labels its sentences open with ("Purpose: ...
    Methods: ... Results: ..." or "Objective. ... Methods. ..."), as a publisher or Europe PMC
    often gives it; (role, text) parts, the whole text as one "abstract" part when no sentence
    opens with a known label. ``section_role``: the vocabulary's reading of a label.

    Once a text has a known label, a label that the vocabulary does not know, written in
    capitals or in title case ("CASE PRESENTATIONS:", "Overview of Literature:"), also starts a
    part, read as unlabelled text: else its sentences would be read as the section before it.
    """
    cuts: list[tuple[int, int, str]] = []
    if ":" in text:  # (the pattern has no literal to search for: most texts have no colon)
        found = [(m.start(1), m.end(), _role_of(m.group(1), section_role), m.group(1))
                 for m in _INLINE_LABEL.finditer(text)]
        if any(role for _, _, role, _ in found):
            cuts = [(start, end, role or "abstract") for start, end, role, label in found
                    if role or _looks_like_a_label(label)]
    if not cuts and any(gate in text for gate in _RUN_IN_GATE):
        cuts = [(m.start(1), m.end(), role) for m in _RUN_IN_LABEL.finditer(text)
                if (role := section_role(m.group(1), None))]
        if len(cuts) < 2:
            cuts = []
    if not cuts:
        return [("abstract", text)]
    out = [("abstract", text[: cuts[0][0]].strip())]
    for k, (_, end, role) in enumerate(cuts):
        out.append((role, text[end : cuts[k + 1][0] if k + 1 < len(cuts) else len(text)].strip()))
    return [(role, part) for role, part in out if part]




def _role_of(label: str, section_role: Callable[[str | None, str | None], str | None]) -> str:
    """The role of a label that opens a sentence: "" for none, and for a longer run of words in
    sentence case ("Eight animals finished the experiment: ..."), which is a sentence, not a
    label, whatever words it holds."""
    if len(label.split()) > _LABEL_WORDS and not _looks_like_a_label(label):
        return ""
    return section_role(label, None) or ""


_LABEL_WORDS: Final = 4  # the most words of a label written in sentence case ("Study design")
_MINOR: Final = frozenset(("of", "and", "the", "in", "for", "to", "on", "with", "a"))


def _looks_like_a_label(label: str) -> bool:
    """In capitals ("CASE PRESENTATIONS"), or two or more words in title case ("Overview of
    Literature"): not a sentence's first word before a colon ("Primary: ODI")."""
    if label.isupper():
        return len(label) > 3
    words = label.split()
    return len(words) >= 2 and all(w[0].isupper() or w in _MINOR for w in words)
