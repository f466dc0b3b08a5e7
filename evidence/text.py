"""Read a document dict into scanned sentences: fields, section roles, mentions, negation scopes.

One pass over a document gives every vocabulary mention (tag values and cues) with the field it
came from, its section role and whether a negation or contrast scope covers it. The tagger and the
design classifier both read this ``DocScan``; neither tokenises again.

Every sentence also gets a **stance**: whether it speaks about this study or about something else.

- ``study``: this study's aim, participants, methods, results and conclusions ("we", "this study",
  "patients received", "were injected"); titles, keywords, MeSH and structured registry fields are
  always ``study``.
- ``background``: motivation and general facts ("is a leading cause of", "is the gold standard",
  "has been shown").
- ``prior``: other people's work ("previous studies", "other trials", "the literature"). For a
  review this is the work it reviews.
- ``future``: future work, wishes and hypotheticals ("future studies", "may become", "are needed").

Cues (the ``_stance`` section of the vocabulary) decide first, the most specific kind winning:
prior, then future, then study, then background. Background cues count only where background
can stand (background, objective and unlabelled abstract text): a results sentence that says
"no adverse events have been reported" is about this study. A sentence without a cue takes its
section's stance (background for BACKGROUND, study for the others); in an abstract without
sections (and in registry summaries) the sentences before the first one with a study cue are
background, as introductions come first. Read it with ``DocScan.stance(mention)``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Final

from evidence.sample_size import words_to_int
from evidence.sections import inline_sections
from evidence.vocabulary import STARTS_INERT, TAG_FACETS, Hit, Match, Tokens, Vocabulary

NEGATABLE: Final = frozenset(
    ("cell_type", "cell_source", "donor", "processing", "condition", "delivery", "guidance")
)
STANCES: Final = ("study", "background", "prior", "future")
# most specific first: a sentence with several kinds of cue takes the first kind listed here
_STANCE_ORDER: Final = ("prior", "future", "study", "background")
_BACKGROUND_ROLES: Final = frozenset(("background", "objective", "abstract", "registry"))
# abstract text read as prose, whose first sentences are its introduction
_PROSE_FIELDS: Final = frozenset(
    ("abstract", "registry:brief_summary", "registry:detailed_description")
)
# A sentence ends at ".", "!" or "?" (kept in the sentence), then maybe a closing quote or
# bracket, then white space, before an upper-case letter or digit (maybe after an opening quote
# or bracket): the regular expression r"[.!?]([\"')\]]?\s+)(?=[\"'(\[]?[A-Z0-9])", read by
# hand from each punctuation mark that str.find jumps to (the regex engine tried every
# character against the three marks: the commonest regular expression of a scan)
_CLOSERS: Final = "\"')]"
_OPENERS: Final = "\"'(["
_CAPITALS_DIGITS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_NO_SPLIT_BEFORE: Final = re.compile(
    r"(?:\b(?:e\.g|i\.e|vs|et al|approx|Fig|No|ca|cf|Dr|St|resp|incl)\.|\b[A-Z]\.)$"
)
# the letters those abbreviations end with: a full stop after any other character ends a
# sentence without asking the regular expression
_NO_SPLIT_LAST: Final = frozenset("gesloxafrtp" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ")

def _max_width(regex: re.Pattern[str]) -> int | None:
    """The longest text ``regex`` can match, when bounded (from the standard library's parser)."""
    try:  # re._parser is private (Python 3.11+): without it, no bound is known
        width = import_module("re._parser").parse(regex.pattern, regex.flags).getwidth()[1]
    except Exception:  # noqa: BLE001 - any trouble only means "unbounded"
        return None
    return int(width) if width < 1_000 else None


# a match of _NO_SPLIT_BEFORE ends the text it is searched in ("$"), so only the last few
# characters (plus one, for "\b") need to be searched
_NO_SPLIT_WIDTH: Final = _max_width(_NO_SPLIT_BEFORE)
# clause marks: ",", ";", ":", "\u2014" and a hyphen between white space (a dash, " - "), each
# found with str.find (which jumps ahead), the hyphen's spaces checked after (see _breaks)
_CLAUSE_MARKS: Final = (",", ";", ":", "\u2014", "-")
_SPELL_WINDOW: Final = 80  # characters before "(" whose words may spell an abbreviation
# "long form (ABBR)", and a pair for a long form of two names ("neural stem/progenitor cells
# (NSCs/NPCs)")
_ABBR_DEF_RE: Final = re.compile(
    r"\(\s*([A-Za-z][A-Za-z0-9+\-]{0,14}?s?)\s*(?:/\s*([A-Za-z][A-Za-z0-9+\-]{0,14}?s?)\s*)?[;,)]")
_PRE_WINDOW: Final = 6
_LIST_ITEM: Final = 7  # words in one member of a negated list
_CONTRAST_WINDOW: Final = 10
# cues that open a scope (see _scopes)
_SCOPE_OPENERS: Final = frozenset(("_negation", "_contrast"))


@dataclass(init=False, slots=True)
class Mention:
    """One vocabulary phrase (a tag value or a cue) found in a document, where and how it stands.

    A class with its own ``__init__`` (not a named tuple): ``scan_document`` makes one per
    phrase, and a compiled build makes these three times faster than tuples.
    """

    facet: str
    value: str
    field: str  # "title", "abstract:METHODS", "mesh", "keywords", "registry:conditions", ...
    role: str  # title, background, objective, methods, results, conclusions, abstract, ...
    matched_text: str
    sentence: int  # index into DocScan.sentences
    i: int  # token index in the sentence
    j: int
    generic: bool
    negated: bool

    def __init__(self, facet: str, value: str, field: str, role: str, matched_text: str,
                 sentence: int, i: int, j: int, generic: bool = False,
                 negated: bool = False) -> None:
        self.facet = facet
        self.value = value
        self.field = field
        self.role = role
        self.matched_text = matched_text
        self.sentence = sentence
        self.i = i
        self.j = j
        self.generic = generic
        self.negated = negated


class Sentence:
    """One sentence of a document (a keyword, a registry field) with its tokens, negated ranges
    and the stance of its parts. (A plain class with its own ``__init__``: the scan makes one
    per sentence, and a compiled build makes these fastest.)"""

    def __init__(self, field: str, role: str, text: str, tokens: Tokens) -> None:
        self.field = field
        self.role = role
        self.text = text
        self.tokens = tokens  # parallel lists: norms, keys, starts, ends
        self.scopes: list[tuple[int, int]] = []  # negated token ranges
        self.exclusions: tuple[tuple[int, int], ...] = ()  # "we excluded ..." ranges
        # (first token, stance) of each part: a sentence splits at ";" and at "but", "however"
        self.stances: tuple[tuple[int, str], ...] = ((0, "study"),)
        self._clause_breaks: list[bool] | None = None

    def __repr__(self) -> str:
        return f"Sentence({self.field!r}, {self.role!r}, {self.text!r}, stances={self.stances})"

    @property
    def stance(self) -> str:
        """The stance of the sentence's first part (see ``stance_at`` for a token's part)."""
        return self.stances[0][1]

    def part(self, i: int) -> int:
        """Index of the part (see ``stances``) that holds token ``i``."""
        parts = self.stances
        if len(parts) == 1:
            return 0
        return max(bisect_right(parts, (i, "~")) - 1, 0)

    def stance_at(self, i: int) -> str:
        """What the part of the sentence holding token ``i`` speaks about (one of STANCES)."""
        return self.stances[self.part(i)][1]

    def opens_clause(self, i: int) -> bool:
        """Token ``i`` opens a clause of its own: after a clause mark and on a conjunction or
        relative (", and those with C were excluded", ", which ..."), or after ";"."""
        return self.breaks[i] and (self.tokens.norms[i] in _CLAUSE_OPENERS or ";" in self.text[
            self.tokens.ends[i - 1]:self.tokens.starts[i]])

    @property
    def breaks(self) -> list[bool]:
        """breaks[i]: a clause boundary lies just before token i (computed when first asked)."""
        if self._clause_breaks is None:
            self._clause_breaks = _breaks(self.text, self.tokens)
        return self._clause_breaks


@dataclass(init=False)
class DocScan:
    kind: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    mesh: list[str] = field(default_factory=list)
    publication_types: list[str] = field(default_factory=list)
    # the stance of each sentence whose parts share one (None where they differ), and whether
    # any sentence speaks of future work: for readers that weigh many mentions
    sentence_stances: list[str | None] = field(default_factory=list)
    has_future: bool = False
    # an unlabelled text -> its parts cut at the labels its sentences open with (see
    # evidence.sections; kept for the sample-size reader, which cuts the same texts)
    inline_parts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # facet and (facet, value) -> mentions in order, rebuilt when ``mentions`` grows
    _by: dict[Any, list[Mention]] = field(default_factory=dict, repr=False, compare=False)
    _by_size: int = field(default=-1, repr=False, compare=False)

    def __init__(self, kind: str) -> None:
        self.kind = kind  # (explicit, init=False: see evidence.design.Decision)
        self.sentences = []
        self.mentions = []
        self.mesh = []
        self.publication_types = []
        self.sentence_stances = []
        self.has_future = False
        self.inline_parts = {}
        self._by = {}
        self._by_size = -1

    def _index(self) -> dict[Any, list[Mention]]:
        if self._by_size != len(self.mentions):
            by: dict[Any, list[Mention]] = {}
            for m in self.mentions:
                found = by.get(m.facet)
                if found is None:
                    by[m.facet] = [m]
                else:
                    found.append(m)
            self._by, self._by_size = by, len(self.mentions)
        return self._by

    def tags(self, facet: str) -> list[Mention]:
        found = self._index().get(facet)
        return [m for m in found if not m.negated] if found else []

    def cues(self, facet: str, value: str | None = None) -> list[Mention]:
        """The mentions of one facet (and value), negated or not, in order: the scan's own list,
        for reading (not a copy: readers ask for cues hundreds of times per study)."""
        by = self._index()
        if value is None:
            return by.get(facet) or []
        key = (facet, value)  # (facet, value) lists are made when first asked
        found = by.get(key)
        if found is None:
            of_facet = by.get(facet)
            found = by[key] = [m for m in of_facet if m.value == value] if of_facet else []
        return found

    def a_likeness(self, m: Mention) -> bool:
        """``m`` says what something resembles ("chondrocyte-like cells", "an in vivo-like
        environment"): a look, not the thing itself."""
        if m.sentence < 0:
            return False
        norms = self.sentences[m.sentence].tokens.norms
        return m.j < len(norms) and norms[m.j] == "like"

    def after_bare_be(self, m: Mention) -> bool:
        """``m`` follows a bare "be" (one "-ly" adverb may stand between): "cells can be
        cultured", "to be readily expanded", "will be cultured": what can, should or will be done,
        not work reported as done ("were cultured")."""
        if m.sentence < 0 or m.i < 1:
            return False
        norms = self.sentences[m.sentence].tokens.norms
        k = m.i - 1
        if k > 0 and norms[k].endswith("ly"):
            k -= 1
        return norms[k] == "be"

    def stance(self, m: Mention) -> str:
        """What the sentence part of ``m`` speaks about (``STANCES``); MeSH is ``study``."""
        if m.sentence < 0:
            return "study"
        found = self.sentence_stances[m.sentence]
        return found if found is not None else self.sentences[m.sentence].stance_at(m.i)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; abbreviations such as "e.g." and "vs." do not end a sentence."""
    out: list[tuple[int, str]] = []
    start = 0
    width = _NO_SPLIT_WIDTH
    size = len(text)
    for mark in _marks(text):
        after = mark + 1  # past a closing quote or bracket, the white space must start
        if after < size and text[after] in _CLOSERS:
            after += 1
        nxt = after
        while nxt < size and text[nxt].isspace():
            nxt += 1
        if nxt == after or nxt == size:
            continue
        first = text[nxt]
        if first not in _CAPITALS_DIGITS and not (
            first in _OPENERS and nxt + 1 < size and text[nxt + 1] in _CAPITALS_DIGITS
        ):
            continue
        end = mark + 1
        if mark == start or text[mark] != "." or text[mark - 1] not in _NO_SPLIT_LAST:
            pass  # no abbreviation ends here
        elif width is None:
            if _NO_SPLIT_BEFORE.search(text[start:end]):
                continue
        # the same search, on the few characters a match can span (before ``start`` lies the
        # white space the previous split consumed, so "\b" sees the same there too)
        elif _NO_SPLIT_BEFORE.search(text, max(start, end - width - 1), end):
            continue
        out.append((start, text[start:end]))
        start = nxt
    if start < size:
        out.append((start, text[start:]))
    return [(o, s) for o, s in out if s.strip()]


def _marks(text: str) -> list[int]:
    """Where ".", "!" and "?" stand in ``text``, in order."""
    marks = ".!?" if "!" in text or "?" in text else "."
    out: list[int] = []
    for mark in marks:
        at = text.find(mark)
        while at >= 0:
            out.append(at)
            at = text.find(mark, at + 1)
    if len(marks) > 1:  # three lists, one after the other: put them in text order
        out.sort()
    return out


def segments(doc: dict[str, Any], vocab: Vocabulary,
             inline_parts: dict[str, list[tuple[str, str]]] | None = None
             ) -> list[tuple[str, str, str]]:
    """(field, role, text) for every text-bearing part of a document, title first.
    ``inline_parts``: where to note how each unlabelled text was cut."""
    out: list[tuple[str, str, str]] = []
    title = (doc.get("title") or "").strip()
    if title:
        out.append(("title", "title", title))
    registry = doc.get("registry") or {}
    sections = doc.get("abstract_sections") or []
    abstract = (doc.get("abstract") or "").strip()
    parts: list[tuple[str, str]] = []  # (role, text) of the abstract
    # a registration's summary and description are read once, as registry fields (below), not
    # again as the abstract sections copied from them (flattened, markdown escapes undone)
    prose = {_flat_copy(registry.get(k)) for k in ("brief_summary", "detailed_description")
             if registry.get(k)}
    if sections:
        roles = [vocab.section_role(sec.get("label"), sec.get("category")) for sec in sections]
        # an unlabelled first section before the methods is the background they follow
        # ("[no label] MSCs are promising ... [METHODS] From 2005 to 2009, ...")
        opening = bool(roles) and not roles[0] and any(r in _BODY_ROLES for r in roles[1:])
        for n, sec in enumerate(sections):
            text = (sec.get("text") or "").strip()
            if text and not (prose and _flat_copy(text) in prose):
                role = roles[n]
                if role:
                    parts.append((role, text))
                else:
                    cut = inline_sections(text, vocab.section_role)
                    if n == 0 and opening and all(r == "abstract" for r, _ in cut):
                        cut = [("background", t) for _, t in cut]
                    parts.extend(cut)
                    if inline_parts is not None:
                        inline_parts[text] = cut
    elif abstract and not (registry.get("brief_summary") or registry.get("detailed_description")):
        parts = inline_sections(abstract, vocab.section_role)
        if inline_parts is not None:
            inline_parts[abstract] = parts
    for role, text in parts:
        out.append((f"abstract:{role.upper()}" if role != "abstract" else "abstract", role, text))
    for kw in doc.get("keywords") or []:
        if kw and kw not in (registry.get("keywords") or []):
            out.append(("keywords", "keywords", str(kw)))
    if registry:
        out.extend(_registry_segments(registry))
    return out


_BODY_ROLES: Final = frozenset(("methods",))  # (not "results": an unlabelled part before
# them often tells the methods too: "We report 10 patients who ... [Results] ...")


def _flat_copy(text: Any) -> str:
    return " ".join(str(text or "").replace("\\", "").split())


def _registry_segments(reg: dict[str, Any]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []

    def add(name: str, text: Any) -> None:
        if text and isinstance(text, str) and text.strip():
            out.append((f"registry:{name}", "registry", text.strip()))

    add("official_title", reg.get("official_title"))
    for cond in reg.get("conditions") or []:
        add("conditions", cond)
    for kw in reg.get("keywords") or []:
        add("keywords", kw)
    for itv in reg.get("interventions") or []:
        add("interventions", itv.get("name"))
        add("interventions", itv.get("description"))
        for other in itv.get("other_names") or []:
            add("interventions", other)
    for arm in reg.get("arm_groups") or []:
        add("arm_groups", arm.get("label"))
        add("arm_groups", arm.get("description"))
    for key in ("primary_outcomes", "secondary_outcomes"):
        for outc in reg.get(key) or []:
            add("outcomes", outc.get("measure"))
            add("outcomes", outc.get("description"))
    add("brief_summary", reg.get("brief_summary"))
    add("detailed_description", reg.get("detailed_description"))
    return out


def scan_document(doc: Mapping[str, Any], vocab: Vocabulary) -> DocScan:
    """Tokenise, match and scope every segment of ``doc``; follow abbreviations it defines.

    (Any mapping by annotation: a non-dict gets the same ValueError when compiled.)
    """
    if not isinstance(doc, dict):
        raise ValueError(f"expected a document dict, got {type(doc).__name__}")
    scan = DocScan(kind=str(doc.get("kind") or "publication"))
    scan.publication_types = [str(p) for p in doc.get("publication_types") or []]
    raw: list[tuple[Sentence, list[Match], str]] = []
    segment_of: list[int] = []  # sentence -> index of its segment
    defined: dict[tuple[str, ...], list[Hit]] = {}
    inert_words = vocab.first_words("_inert")
    for seg, (fld, role, text) in enumerate(segments(doc, vocab, scan.inline_parts)):
        is_registry = role == "registry"
        for offset, sent in split_sentences(text) if role != "keywords" else [(0, text)]:
            del offset
            tokens = vocab.tokens(sent)
            if not tokens.norms:
                continue
            matches = vocab.scan(tokens, sent, registry=is_registry)
            if tokens.holds(STARTS_INERT, inert_words, tokens.norms):  # an inert phrase may be
                matches = _without_inert(matches)
            raw.append((Sentence(fld, role, sent, tokens), matches, sent))
            segment_of.append(seg)
            if "(" in sent:  # else no definition
                _collect_definitions(sent, tokens, matches, vocab, defined)
    aliases = {k: v for k, v in defined.items() if v}
    blocked = {k for k, v in defined.items() if not v}
    alias_firsts = {k[0] for k in aliases}
    alias_lengths = sorted({len(k) for k in aliases}, reverse=True)
    mentions = scan.mentions
    cues: dict[int, list[Match]] = {}  # sentence -> its _stance cues (no mention is kept)
    # the vocabulary's abbreviations the text defines its own way: the authors' meaning replaces
    # the vocabulary's (their "BMCs" are marrow stem cells, not a concentrate)
    redefined = {k for k in aliases if k in vocab.abbreviations}
    for sentence, matches, sent in raw:
        if aliases and not alias_firsts.isdisjoint(sentence.tokens.keys):
            if redefined:
                keys = sentence.tokens.keys
                matches[:] = [m for m in matches if not (m.abbreviation and m.facet in TAG_FACETS
                                                         and tuple(keys[m.i:m.j]) in redefined)]
            matches.extend(
                _alias_matches(sentence.tokens, aliases, matches, alias_firsts, alias_lengths)
            )
        opens_scope = has_stance = False  # (one pass over the matches, no set of facets)
        for m in matches:
            if m.facet in _SCOPE_OPENERS:
                opens_scope = True
            elif m.facet == "_stance":
                has_stance = True
        scopes = sentence.scopes
        if opens_scope:
            scopes = sentence.scopes = _scopes(sentence, matches)
        excluded = sentence.exclusions
        idx = len(scan.sentences)
        scan.sentences.append(sentence)
        fld, role = sentence.field, sentence.role
        if not (scopes or excluded or blocked or has_stance):  # each match a mention
            mentions.extend([Mention(m.facet, m.value, fld, role, sent[m.start:m.end], idx, m.i,
                                     m.j, m.generic, False) for m in matches])
            continue
        keys = sentence.tokens.keys
        for m in matches:
            facet, i, j = m.facet, m.i, m.j
            if facet == "_stance":
                cues.setdefault(idx, []).append(m)
                continue
            if m.abbreviation and blocked and tuple(keys[i:j]) in blocked:
                continue
            negated = False
            if scopes and facet in NEGATABLE:
                negated = any(a <= i < b for a, b in scopes)
            elif excluded and facet == "outcome":  # an excluded symptom is measured by no one
                negated = any(a <= i < b for a, b in excluded)
            mentions.append(Mention(facet, m.value, fld, role, sent[m.start:m.end], idx, i, j,
                                    m.generic, negated))
    for heading in doc.get("mesh") or []:
        name = (heading.get("descriptor") if isinstance(heading, dict) else str(heading)) or ""
        if not name:
            continue
        scan.mesh.append(name)
        for hit in vocab.mesh_hits(name):
            scan.mentions.append(Mention(hit.facet, hit.value, "mesh", "mesh", name, -1, 0, 0))
    _assign_stances(scan, cues, segment_of)
    return scan


def _assign_stances(
    scan: DocScan, cues: dict[int, list[Match]], segment_of: list[int]
) -> None:
    """Each sentence part's stance, from its ``_stance`` cues and section, then for uncued prose
    from its position: background before its segment's first study sentence, else study. A
    sentence that counts its subjects ("Thirty patients with ...") is about the study."""
    sentences = scan.sentences
    first_study: dict[int, int] = {}  # prose segment -> its first sentence about this study
    undecided: list[int] = []
    counted: set[int] | None = None
    for idx, sentence in enumerate(sentences):
        found = cues.get(idx)
        if found is not None or ";" in sentence.text:
            parts = sentence.stances = _cued_stances(sentence, found or [], sentence.scopes)
        else:
            key = (sentence.role, sentence.field)
            parts = sentence.stances = _DEFAULT_PARTS.get(key) or _default_parts(*key)
        if sentence.field in _PROSE_FIELDS:
            if parts[0][1] == _UNDECIDED:
                if counted is None:
                    counted = _counting_sentences(scan) | _aim_sentences(scan)
                if idx in counted:
                    parts = sentence.stances = ((0, "study"), *parts[1:])
            if parts[0][1] == "study" or (len(parts) > 1 and any(st == "study" for _, st in parts)):
                first_study.setdefault(segment_of[idx], idx)
            if not parts[0][1] or (len(parts) > 1 and not all(st for _, st in parts)):
                undecided.append(idx)
    # an introduction opens the prose of a field once: a later paragraph of it ("Bovine discs
    # were kept in culture ...", after "We describe a model ...") continues the study
    opened_by: dict[str, int] = {}  # field -> the first of its sentences about this study
    for idx in sorted(first_study.values()):
        opened_by.setdefault(sentences[idx].field, idx)
    for idx in undecided:
        sentence = sentences[idx]
        fill = "background" if idx < first_study.get(segment_of[idx], -1) and not (
            opened_by.get(sentence.field, idx) < idx) else "study"
        parts = sentence.stances
        sentence.stances = (
            _FILLED[fill] if len(parts) == 1 else tuple((i, st or fill) for i, st in parts)
        )
    single = scan.sentence_stances = [
        p[0][1] if len(p) == 1 else None for p in (s.stances for s in sentences)
    ]
    scan.has_future = "future" in single or any(
        st == "future" for s in sentences if len(s.stances) > 1 for _, st in s.stances
    )


_FILLED: Final = {st: ((0, st),) for st in STANCES}
# what an inert phrase hides: tags and the tagger's own cues (the design and result cues keep
# their own readings: "co-culture" is an in vitro cue)
_INERT_HIDES: Final = frozenset((*TAG_FACETS, "_negation", "_contrast", "_scope_break", "_stance",
                          "_adverse_context", "_injection", "_human_cell", "_diagnostic",
                          "_modality", "_guided"))


def _without_inert(matches: list[Match]) -> list[Match]:
    """Drop tags and cues inside an ``_inert`` phrase ("spinal cord tissue" is no cord tissue)."""
    inert = [(m.i, m.j) for m in matches if m.facet == "_inert"]
    if not inert:
        return matches
    return [
        m for m in matches
        if m.facet != "_inert"
        and (m.facet not in _INERT_HIDES or not any(a <= m.i and m.j <= b for a, b in inert))
    ]


_UNDECIDED: Final = ""
_LIST_WINDOW: Final = 30  # tokens back from an exclusion to the start of its list
# words that open a new clause after a comma (an exclusion's list does not reach past them)
_CLAUSE_OPENERS: Final = frozenset(("and", "but", "while", "whereas", "which", "who", "then",
                                    "so", "although", "though", "however", "yet"))
_PART_BREAKS: Final = frozenset(("but", "however", "whereas", "although", "though", "yet"))


def _aim_sentences(scan: DocScan) -> set[int]:
    """Sentences that open on an aim's infinitive ("To compare two doses ..."): the study's own
    question, not background (only at the first word: "trials are needed to compare" is none)."""
    return {m.sentence for m in scan.cues("_aim")
            if m.i == 0 and m.sentence >= 0 and scan.sentences[m.sentence].tokens.norms[0] == "to"}


def _counting_sentences(scan: DocScan) -> set[int]:
    """Sentences with a number just before a subject word: "32 adults", "Thirty dogs"."""
    out = set()
    for m in scan.cues("_population"):
        if m.value in ("human", "animal") and m.sentence >= 0 and m.i > 0:
            word = scan.sentences[m.sentence].tokens.norms[m.i - 1]
            if word.isdigit() or words_to_int(word) is not None:
                out.add(m.sentence)
    return out


def _cued_stances(
    sentence: Sentence, cues: list[Match], scopes: list[tuple[int, int]]
) -> tuple[tuple[int, str], ...]:
    """(first token, stance) of each part of a sentence from its field, section and ``_stance``
    cues; "" where position decides (see ``scan_document``)."""
    role = sentence.role
    text = sentence.text
    # a semicolon, or a colon that opens a clause ("followed for a year: six improved"), also
    # ends a part (not a colon in a ratio or a time, "1:1")
    semicolon = ";" in text or ": " in text
    breaks = [m.i for m in cues if m.value == "turn"]
    if not breaks and not semicolon:  # one part
        found = {m.value for m in cues if not any(a <= m.i < b for a, b in scopes)}
        return ((0, _stance_of(role, sentence.field, found)),)
    starts = [0, *breaks]
    if semicolon:
        tok_starts = sentence.tokens.starts
        for mark in (";", ": "):
            k = text.find(mark)
            while k >= 0:
                starts.append(bisect_left(tok_starts, k))
                k = text.find(mark, k + 1)
    starts = sorted(set(starts))
    kinds: list[set[str]] = [set() for _ in starts]
    for m in cues:
        if m.value != "turn" and not any(a <= m.i < b for a, b in scopes):
            kinds[bisect_right(starts, m.i) - 1].add(m.value)
    parts = [
        (start, _stance_of(role, sentence.field, found))
        for start, found in zip(starts, kinds, strict=True)
    ]
    for k in range(1, len(parts)):  # a part without a cue goes on in the stance of the one before
        if parts[k][1] == _UNDECIDED and parts[k - 1][1] != _UNDECIDED:
            parts[k] = (parts[k][0], parts[k - 1][1])
    return tuple(parts)


_DEFAULT_PARTS: dict[tuple[str, str], tuple[tuple[int, str], ...]] = {}


def _default_parts(role: str, fld: str) -> tuple[tuple[int, str], ...]:
    """The parts of a sentence without a cue: one, in its section's stance."""
    key = (role, fld)
    parts = _DEFAULT_PARTS.get(key)
    if parts is None:
        parts = _DEFAULT_PARTS[key] = ((0, _stance_of(role, fld, set())),)
    return parts


def _stance_of(role: str, fld: str, kinds: set[str]) -> str:
    if role in ("title", "keywords") or (role == "registry" and fld not in _PROSE_FIELDS):
        return "study"
    if "background" in kinds and role not in _BACKGROUND_ROLES:
        kinds.discard("background")
    for kind in _STANCE_ORDER:
        if kind in kinds:
            return kind
    if role == "background":
        return "background"
    if fld in _PROSE_FIELDS:
        return _UNDECIDED
    return "study"


def _alias_matches(
    tokens: Tokens,
    aliases: dict[tuple[str, ...], list[Hit]],
    matches: list[Match],
    firsts: set[str],
    lengths: list[int],
) -> list[Match]:
    """Mentions of abbreviations the document defined itself ("... cells (NPCs)" then "NPCs").

    ``firsts``: the first tokens of the aliases; ``lengths``: their lengths, longest first.
    """
    keys = tokens.keys
    if firsts.isdisjoint(keys):
        return []
    known = {(m.i, m.facet) for m in matches}
    out = []
    for i in range(len(keys)):
        if keys[i] not in firsts:
            continue
        for length in lengths:
            if i + length > len(keys):
                continue
            hits = aliases.get(tuple(keys[i : i + length]))
            if hits:
                for h in hits:
                    if (i, h.facet) not in known:
                        out.append(Match(h.facet, h.value, i, i + length, tokens.starts[i],
                                         tokens.ends[i + length - 1], False, True))
                break
    return out


def _breaks(text: str, tokens: Tokens) -> list[bool]:
    out = [False] * len(tokens.norms)
    starts = tokens.starts
    last = len(text) - 1
    for mark in _CLAUSE_MARKS:
        at = text.find(mark)
        while at >= 0:
            # a hyphen inside or beside a word ("L4-L5", "-20%") is no dash
            if mark != "-" or (0 < at < last and text[at - 1].isspace()
                               and text[at + 1].isspace()):
                n = bisect_left(starts, at + 1)  # the token after the mark (none starts in a space)
                if n < len(out):
                    out[n] = True
            at = text.find(mark, at + 1)
    return out


def _scopes(sentence: Sentence, matches: list[Match]) -> list[tuple[int, int]]:
    """Token ranges negated or contrasted in one sentence."""
    for m in matches:
        if m.facet == "_negation" or m.facet == "_contrast":
            break
    else:
        return []  # no cue that opens a scope
    n = len(sentence.tokens.norms)
    stops = {m.i for m in matches if m.facet == "_scope_break"}
    breaks = sentence.breaks

    def forward(start: int, window: int) -> int:
        end = start
        while end < n and end < start + window:
            if end > start and (breaks[end] or end in stops):
                break
            if end == start and end in stops:
                break
            end += 1
        return end

    def backward(end: int, window: int) -> int:
        start = end
        while start > 0 and start > end - window and not breaks[start] and start - 1 not in stops:
            start -= 1
        return start

    scopes: list[tuple[int, int]] = []
    prior = any(m.facet == "_contrast" and m.value == "prior_work" for m in matches)
    # a cue inside a design term is that term's own word: "non-randomized controlled trial",
    # "not randomized" name a design and negate nothing after them
    named = [(m.i, m.j) for m in matches if m.facet == "_design"]
    for m in matches:
        if (m.facet == "_negation" and named
                and any(a <= m.i and m.j <= b and b - a > m.j - m.i for a, b in named)):
            continue
        if m.facet == "_negation" and m.value == "pre":
            scopes.append((m.j, _negated_list_end(sentence, forward(m.j, _PRE_WINDOW), stops)))
        elif m.facet == "_negation" and m.value == "post":
            scopes.append((backward(m.i, _PRE_WINDOW), m.i))
        elif m.facet == "_negation" and m.value == "post_list":
            scopes.append((_list_start(sentence, m.i), m.i))
            sentence.exclusions += (scopes[-1],)
        elif m.facet == "_negation" and m.value == "exclusion":
            scopes.append((m.j, _exclusion_end(sentence, m.j, matches)))
            sentence.exclusions += (scopes[-1],)
        elif m.facet == "_contrast" and m.value == "pre":
            scopes.append((m.j, forward(m.j, _CONTRAST_WINDOW)))
        elif m.facet == "_contrast" and m.value == "sentence":
            scopes.append((0, n))
        elif m.facet == "_contrast" and m.value == "comparison" and prior:
            scopes.append((m.j, forward(m.j, _CONTRAST_WINDOW)))
    return scopes


def _negated_list_end(sentence: Sentence, end: int, stops: set[int]) -> int:
    """A negation's scope goes on over a list it opens: "no sign of cord damage, of syrinx, or
    of worsening pain", "no infection, tumour or death". The list is short parts after commas,
    the last of them joined by "or" / "nor"; without that ending the comma ends the scope."""
    norms, breaks = sentence.tokens.norms, sentence.breaks
    starts, ends, text = sentence.tokens.starts, sentence.tokens.ends, sentence.text
    n = len(norms)
    k = last = end
    while 0 < k < n and breaks[k] and "," in text[ends[k - 1]:starts[k]]:
        j = k + 1
        while j < n and not breaks[j] and j not in stops:
            j += 1
        if j - k > _LIST_ITEM or k in stops or (j < n and j in stops):
            break
        if "or" in norms[k:j] or "nor" in norms[k:j]:
            last = j  # a member joined by "or": the list may end here
        k = j
    return last


def _list_start(sentence: Sentence, end: int) -> int:
    """Where the list an exclusion closes starts ("patients with A, B or C were excluded"): back
    across its commas, to the sentence's start or a clause that opens on a conjunction (", and
    those with C were excluded")."""
    start = end
    while start > 0 and end - start < _LIST_WINDOW:
        if sentence.opens_clause(start):
            break
        start -= 1
    return start


def _exclusion_end(sentence: Sentence, start: int, matches: list[Match]) -> int:
    """Where an exclusion ("we excluded A, B and C") ends: at ";" or a contrast ("but")."""
    norms = sentence.tokens.norms
    ends = [
        m.i for m in matches
        if m.facet == "_scope_break" and m.i >= start and norms[m.i] in _PART_BREAKS
    ]
    semi = sentence.text.find(";", sentence.tokens.starts[start - 1] if start else 0)
    if semi >= 0:
        ends.append(bisect_left(sentence.tokens.starts, semi))
    return min(ends, default=len(norms))


def _letters(abbr: str) -> str:
    """An abbreviation's letters, lower case, without its plural "s" ("NSCs" -> "nsc")."""
    return "".join(c for c in abbr.rstrip("s") if c.isalpha()).lower()


def _spells(abbr: str, before: str) -> bool:
    """The abbreviation's letters are the initials of consecutive words among the last few
    before it ("bone marrow aspirated ... (BMA)")."""
    letters = _letters(abbr)
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", before[-_SPELL_WINDOW:])).lower()
    return len(letters) >= 2 and letters in initials


def _head_shared(abbr: str, before: str) -> bool:
    """The words before "(" spell only the start of the abbreviation: a list's member whose head
    the list shares ("stem cells, whether embryonic (ESCs), induced pluripotent (iPSCs) or
    mesenchymal (MSCs)"), not a long form of its own."""
    letters = _letters(abbr)
    words = re.findall(r"[A-Za-z]+", before[-_SPELL_WINDOW:])
    for k in (1, 2):
        if len(words) >= k:
            initials = "".join(w[0] for w in words[-k:]).lower()
            if len(initials) < len(letters) and letters.startswith(initials) and (
                    words[-k][0].lower() == letters[0]):
                return True
    return False


def _names_another(text: str, abbr: str, paren: int, last: int, tokens: Tokens,
                   matches: list[Match], own: list[Hit]) -> bool:
    """A vocabulary phrase for another value ends at "(" and its words spell the abbreviation
    letter by letter ("neural progenitor cells (NPCs)": the authors' NPCs are neural, though
    the vocabulary's are nucleus pulposus cells)."""
    letters = _letters(abbr)
    for m in matches:
        if m.j - 1 != last or m.facet not in TAG_FACETS or m.generic or Hit(m.facet,
                                                                              m.value) in own:
            continue
        words = re.findall(r"[A-Za-z]+", text[tokens.starts[m.i] : paren])
        if len(words) == len(letters) and "".join(w[0] for w in words).lower() == letters:
            return True
    return False


def _spelled_otherwise(vocab: Vocabulary, key: tuple[str, ...], abbr: str, before: str) -> bool:
    """The words just before "(" (or before the head noun that ends there) spell the
    abbreviation, letter by letter, and fewer than half of them are words of the vocabulary's
    phrases for what the abbreviation means there."""
    letters = _letters(abbr)
    found = re.findall(r"[A-Za-z]+", before[-_SPELL_WINDOW:])
    # the words end at "(" or one head noun before it ("acellular spinal cord scaffold (ASC)")
    for end in (len(found), len(found) - 1):
        words = found[max(0, end - len(letters)):end]
        if len(words) == len(letters) and "".join(w[0] for w in words).lower() == letters:
            break
    else:
        return False
    meant: set[str] = set()
    for hit in vocab.abbreviations[key]:
        meant |= vocab.phrase_words(hit.facet, hit.value)
    # (at most one shared word: "acellular spinal cord" spells ASC, and "cord" is a word of the
    # vocabulary's umbilical cord cells, not of adipose stem cells)
    norms = vocab.tokens(" ".join(words)).norms
    return sum(w in meant for w in norms) * 2 < len(norms)


def _truncates(abbr: str, text: str, paren: int) -> bool:
    """A lower-case abbreviation that shortens the word before it: "exosomes (exos)"."""
    before = text[:paren].rstrip()
    word = before[len(before.rstrip("abcdefghijklmnopqrstuvwxyz")):]
    return len(abbr) >= 3 and len(word) > len(abbr) and word.startswith(abbr)


def _redefines(own: list[Hit], hits: list[Hit]) -> bool:
    """Does the long form name, for a facet of the abbreviation's own meaning, only values other
    than the abbreviation's own ("bone marrow-derived mesenchymal stem cells (BMCs)": msc, where
    the vocabulary's BMC is bmac)?"""
    for facet in {h.facet for h in own}:
        named = {h.value for h in hits if h.facet == facet}
        if named and named.isdisjoint(h.value for h in own if h.facet == facet):
            return True
    return False


def _collect_definitions(
    text: str,
    tokens: Tokens,
    matches: list[Match],
    vocab: Vocabulary,
    defined: dict[tuple[str, ...], list[Hit]],
) -> None:
    """Record "long form (ABBR)": ABBR then means what the long form matched (or nothing)."""
    if "(" not in text:
        return
    for d in _ABBR_DEF_RE.finditer(text):
        first, second = d.group(1), d.group(2)
        if second is None:
            _define(text, d, first, tokens, matches, vocab, defined)
        elif min(len(first), len(second)) >= 3:  # a pair ("NSCs/NPCs"), not one ("NS/PCs")
            for abbr in (first, second):
                _define(text, d, abbr, tokens, matches, vocab, defined)


def _define(text: str, d: re.Match[str], abbr: str, tokens: Tokens, matches: list[Match],
            vocab: Vocabulary, defined: dict[tuple[str, ...], list[Hit]]) -> None:
    """One abbreviation of the definition ``d``."""
    if len(abbr) < 2 or not (
            any(c.isupper() for c in abbr) or _truncates(abbr, text, d.start())):
        return
    key = tuple(vocab.tokens(abbr).keys)
    if not key:
        return
    paren = d.start()
    last = bisect_right(tokens.ends, paren) - 1  # the last token ending before "("
    if last < 0:
        return
    hits = []
    for m in matches:
        if m.facet in TAG_FACETS and last - 4 < m.j - 1 <= last and not m.generic:
            inner = defined.get(tuple(tokens.keys[m.i:m.j])) if m.abbreviation else None
            # (an abbreviation the text defined before means what it defined: "rat BMCs
            # (rBMC)" after "bone marrow-derived mesenchymal stem cells (BMCs)")
            for h in inner if inner else [Hit(m.facet, m.value)]:
                if h not in hits:
                    hits.append(h)
    if not any(m.j - 1 == last and m.facet in TAG_FACETS for m in matches):
        hits = []
    if key in vocab.abbreviations and hits and not _redefines(vocab.abbreviations[key],
                                                               hits):
        if any(h in vocab.abbreviations[key] for h in hits) or not (
                _spells(abbr, text[:paren])
                and _spelled_otherwise(vocab, key, abbr, text[:paren])):
            return  # (see below; "visual analogue scale (VAS)" means what it says)
        # "an acellular spinal cord scaffold (ASC)": its words spell another meaning than
        # the vocabulary's, and the tag beside it ("scaffold") is not what it abbreviates
        hits = []
    elif key in vocab.abbreviations and not _names_another(
            text, abbr, paren, last, tokens, matches, vocab.abbreviations[key]) and (
            not d.group(0).endswith(")") or (
            _spells(abbr, text[:paren]) and not _spelled_otherwise(vocab, key, abbr,
                                                                  text[:paren]))
            or _head_shared(abbr, text[:paren])):
        # the vocabulary's own abbreviation keeps its meaning: beside another tag ("low back
        # pain (VAS)"), or spelled by words the scan has no phrase for ("bone marrow
        # aspirated intraoperatively from the vertebral body (BMA)"), unless those words
        # are none of its meaning's ("cell transplantation (CT)" is no scan); the first
        # of a list is no definition ("clinical outcomes (ODI, VAS)"); a long form that
        # names another value of the same facet redefines it ("bone marrow-derived
        # mesenchymal stem cells (BMCs)": the authors' BMCs are stem cells, not a
        # concentrate)
        return
    current = defined.setdefault(key, [])
    for h in hits:
        if h not in current:
            current.append(h)
