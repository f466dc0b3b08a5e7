"""Compile the tag vocabulary (``vocabulary.yaml``, data) into fast lookup structures.

Matching works on word tokens, not on one big regular expression: a phrase index keyed by token
tuples finds every term in one pass over a text, whatever the number of terms. Hyphen and space are
the same (both split tokens), word boundaries are implicit, a plural "s" is folded and spelling
variants (disk/disc, haematopoietic/hematopoietic) are normalised on both sides. Abbreviations are
matched case-sensitively. The few phrases with gaps are regular expressions, compiled as one
alternation per facet value. Names coordinated before a shared head ("embryonic and mesenchymal
stem cells", "BM/AD/UC-MSCs") each match the phrase they make with that head. Reading the YAML
file is ``db.evidence_files.load_vocabulary``'s job: this module never reads files.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from sys import intern
from typing import Any, Final, NamedTuple

from evidence.regex_forms import folded, lower_case_twin
from evidence.study_design import StudyDesign

try:  # the standard library's own regular-expression parser (private; Python 3.11+)
    _sre_constants: Any = import_module("re._constants")
    _sre_parser: Any = import_module("re._parser")
except ImportError:  # pragma: no cover - without it patterns simply keep their word anchors
    _sre_constants = _sre_parser = None

TAG_FACETS: Final = (
    "cell_type",
    "cell_source",
    "donor",
    "processing",
    "condition",
    "delivery",
    "guidance",
    "outcome",
)
# ("registration": a trial's or review's own registration, "Trial registration: NCT...", which
# says nothing about the study's design or findings)
SECTION_ROLES: Final = ("background", "objective", "methods", "results", "conclusions",
                        "registration")

# a word is a run of letters and digits: every other character separates words
_NOT_WORD_RE: Final = re.compile(r"[\W_]")
# the same for ASCII text as a byte table (bytes.translate reads it directly)
_SPACE_OUT: Final = bytes(c if chr(c).isalnum() and c < 128 else 32 for c in range(256))
_KEEP_S: Final = ("ss", "us", "is")
_WORD_CACHE: Final = 500_000  # distinct raw words remembered before the memo starts afresh


@dataclass(frozen=True, slots=True, init=False)
class Hit:
    """What a phrase means: a facet value (or a cue, for facets starting with "_")."""

    facet: str
    value: str
    generic: bool = False
    registry_only: bool = False

    def __init__(self, facet: str, value: str, generic: bool = False,
                 registry_only: bool = False) -> None:
        object.__setattr__(self, "facet", facet)  # (explicit: see evidence.design.Decision)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "generic", generic)
        object.__setattr__(self, "registry_only", registry_only)


@dataclass(slots=True)
class Token:
    norm: str  # lower-cased, spelling-folded, singular
    key: str  # case-sensitive key for abbreviations
    start: int
    end: int


@dataclass(init=False, slots=True)
class Match:
    """One phrase found in a token list: tokens [i, j), characters [start, end).

    A class with its own ``__init__`` (not a named tuple): the scan makes one per phrase found,
    its commonest step, and a compiled build makes these three times faster than tuples.
    """

    facet: str
    value: str
    i: int
    j: int
    start: int
    end: int
    generic: bool
    abbreviation: bool

    def __init__(self, facet: str, value: str, i: int, j: int, start: int, end: int,
                 generic: bool = False, abbreviation: bool = False) -> None:
        self.facet = facet
        self.value = value
        self.i = i
        self.j = j
        self.start = start
        self.end = end
        self.generic = generic
        self.abbreviation = abbreviation


# ``_new(Tag, (facet, value, ...))`` builds a named tuple in C, without the Python-level
# ``__new__`` that NamedTuple generates
_new: Final = tuple.__new__
# What the scan emits where a trie walk ends: (facet, value, generic, abbreviation, length) of
# each phrase that matches there, the longest per facet, longest first (see _trie)
_Chosen = tuple[str, str, bool, bool, int]


class _Node:
    """A node of the phrase trie: where a walk down it from some token ends, what it emits."""

    __slots__ = ("children", "chosen", "blocks", "span")

    def __init__(
        self,
        children: dict[str, _Node],
        chosen: tuple[_Chosen, ...],
        blocks: tuple[tuple[str, int], ...],
        span: int,
    ) -> None:
        self.children = children  # next word -> node
        self.chosen = chosen  # the phrases chosen when the walk ends here
        # (facet, length) of the chosen longer than one word: a facet's later matches may not
        # start inside them
        self.blocks = blocks
        self.span = span  # the longest of those lengths


class _Word:
    """What one distinct raw word gives its tokens: ``Token.norm``, ``Token.key`` and the
    ``Tokens.marks`` bits it sets (remembered per word, see ``Vocabulary._word``). A small class
    rather than a tuple: a compiled build reads its fields directly, without unpacking."""

    __slots__ = ("norm", "key", "marks")

    def __init__(self, norm: str, key: str, marks: int) -> None:
        self.norm = norm
        self.key = key
        self.marks = marks


class Tokens:
    """The word tokens of one text as parallel lists (no object per token).

    ``norms[k]``/``keys[k]`` are token k's ``Token.norm``/``Token.key``, ``starts[k]``/``ends[k]``
    its character span. Indexing or iterating yields ``Token`` objects, for callers that want them.
    ``marks``: the ``STARTS_*`` bits of the words there (noted once per distinct word, so that the
    scan need not look each token up again), or -1 when not known (tokens made elsewhere).
    """

    __slots__ = ("norms", "keys", "starts", "ends", "marks")

    def __init__(
        self, norms: list[str], keys: list[str], starts: list[int], ends: list[int],
        marks: int = -1,
    ) -> None:
        self.norms = norms
        self.keys = keys
        self.starts = starts
        self.ends = ends
        self.marks = marks

    def holds(self, mark: int, words: frozenset[str], items: list[str]) -> bool:
        """Whether one of ``items`` (these tokens' norms or keys) is in ``words``, the words
        that ``mark`` (a ``STARTS_*`` bit) notes: read from the marks when they are known."""
        if self.marks >= 0:
            return bool(self.marks & mark)
        return not words.isdisjoint(items)

    @classmethod
    def from_tokens(cls, tokens: Tokens | Sequence[Token]) -> Tokens:
        if isinstance(tokens, Tokens):
            return tokens
        return cls(
            [t.norm for t in tokens],
            [t.key for t in tokens],
            [t.start for t in tokens],
            [t.end for t in tokens],
        )

    def __len__(self) -> int:
        return len(self.norms)

    def __getitem__(self, k: int) -> Token:
        return Token(self.norms[k], self.keys[k], self.starts[k], self.ends[k])

    def __iter__(self) -> Any:
        return map(Token, self.norms, self.keys, self.starts, self.ends)


# facets whose longer pattern matches hide the shorter matches of other values inside them
_HIDING_FACETS: Final = frozenset(("condition", "_population"))

# what a word may start (Tokens.marks): an abbreviation (matched case-sensitively), an inert phrase;
# from STARTS_GATE on, one bit per gate word of the patterns (see Vocabulary._gate_words)
STARTS_ABBREVIATION: Final = 1
STARTS_INERT: Final = 2
STARTS_GATE: Final = 4
# gate bits kept within a machine word (a compiled build's fast integers: past 62 bits every
# marks operation becomes a big-integer one); beyond them words share bits, and a shared bit
# only says that one of its words may be there (the gate string is then looked up in the text)
_GATE_BITS: Final = 56

_RUN_RE: Final = re.compile(r"[^\W_]+")


def _gate_bit(k: int) -> int:
    """The marks bit of gate word ``k``."""
    return STARTS_GATE << (k % _GATE_BITS)


def _first_run(gate: str) -> str:
    """A gate string's first run of letters and digits ("nucleus" of "nucleus pulposus"): a text
    that holds the string has a word that holds the run (a run never spans two words)."""
    m = _RUN_RE.search(gate)
    return m.group() if m else gate


def _fold_plural(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_S):
        # ("masses", "abscesses", "losses": the plural of a word in -ss drops "es")
        return word[:-2] if word.endswith("sses") else word[:-1]
    return word


@dataclass
class Vocabulary:
    spelling: dict[str, str] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], list[Hit]] = field(default_factory=dict)
    abbreviations: dict[tuple[str, ...], list[Hit]] = field(default_factory=dict)
    mesh: dict[str, list[Hit]] = field(default_factory=dict)
    patterns: dict[str, list[tuple[re.Pattern[str], str]]] = field(default_factory=dict)
    pattern_values: dict[tuple[str, str], re.Pattern[str]] = field(default_factory=dict)
    pattern_anchors: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    # a label's word -> the role it gives a label not listed in ``sections`` (the first such
    # word of the label decides: "Design, setting and participants" is methods)
    section_words: dict[str, str] = field(default_factory=dict)
    # labels (also in ``sections``) whose own role wins over PubMed's category
    labels_first: frozenset[str] = frozenset()
    values: dict[str, list[str]] = field(default_factory=dict)
    # the study-design decision procedure (study_design.yaml), set by the loader beside the cues
    study_design: StudyDesign | None = None
    _facet_firsts: dict[str, frozenset[str]] = field(default_factory=dict)  # see first_words
    _phrase_words: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    # raw word -> its norm, key and Tokens.marks, remembered (see _word)
    _words: dict[str, _Word] = field(default_factory=dict)
    _inert_firsts: frozenset[str] = frozenset()  # first_words("_inert"), for _word
    # registry record or not -> the phrase trie's first level (first word -> node), without
    # the hits of registry-only terms outside registry records (see _index)
    _roots: dict[bool, dict[str, _Node]] = field(default_factory=dict)
    _abbreviation_trie: dict[str, _Node] = field(default_factory=dict)  # over Token.key
    _abbreviation_firsts: frozenset[str] = frozenset()  # its first level's keys
    # (phrase node, abbreviation node) ids -> both merged, see _with_abbreviations
    _merged: dict[tuple[int, int], _Node] = field(default_factory=dict)
    # (facet, value) -> its gate, lower-case strings of which a text (folded, see
    # evidence.regex_forms) holds one if any of the value's patterns matches it; None: no gate
    _pattern_gates: dict[tuple[str, str], tuple[str, ...] | None] = field(default_factory=dict)
    _pattern_gate: tuple[str, ...] = ()  # the union of those gates, when all have one
    # (facet, value) -> its patterns one by one, each with the literals it needs (_scan_patterns)
    _pattern_parts: dict[tuple[str, str], list[_PatternPart]] = field(default_factory=dict)
    # (facet, value, regex, gate, anchors, parts) of each pattern value, in order: what
    # _scan_patterns reads for every sentence, without a look-up per value
    _pattern_list: list[tuple[str, str, re.Pattern[str], tuple[str, ...] | None, tuple[str, ...],
                              list[_PatternPart]]] = field(default_factory=list)
    # the gates' words (each gate string's first run of letters and digits): Tokens.marks notes
    # which of them a sentence's words hold (bit STARTS_GATE << k for word k), so that a gate is
    # read from the marks; per pattern value (in _pattern_list's order) its gate strings with
    # their word's bit and whether the string is that word (else it is confirmed in the text)
    _gate_words: tuple[str, ...] = ()
    _gate_marks: list[tuple[tuple[str, int, bool], ...] | None] = field(default_factory=list)
    # the union of those bits when every pattern value has gate marks (else -1): a sentence
    # whose marks hold none of them opens no pattern's gate
    _gate_bits: int = -1

    # ---- compilation ------------------------------------------------------------------------
    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Vocabulary:
        """Compile the parsed YAML mapping; raise ValueError naming the bad entry."""
        if not isinstance(data, Mapping) or not isinstance(data.get("facets"), Mapping):
            raise ValueError("vocabulary: expected a mapping with a 'facets' mapping")
        vocab = cls()
        spelling = data.get("spelling") or {}
        if not isinstance(spelling, Mapping):
            raise ValueError("vocabulary: 'spelling' must map variant -> canonical")
        vocab.spelling = {str(k).lower(): str(v).lower() for k, v in spelling.items()}
        first: set[str] = set()
        for key in ("sections", "labels_first"):
            listed = data.get(key) or {}
            if not isinstance(listed, Mapping):
                raise ValueError(f"vocabulary: '{key}' must map a role to its labels")
            for role, labels in listed.items():
                if role not in SECTION_ROLES:
                    raise ValueError(f"vocabulary: unknown section role {role!r} in {key}")
                for label in _strings(labels, f"{key}.{role}"):
                    vocab.sections[label.upper()] = role
                    if key == "labels_first":
                        first.add(label.upper())
        vocab.labels_first = frozenset(first)
        words = data.get("section_words") or {}
        if not isinstance(words, Mapping):
            raise ValueError("vocabulary: 'section_words' must map a role to its words")
        for role, listed in words.items():
            if role not in SECTION_ROLES:
                raise ValueError(f"vocabulary: unknown section role {role!r} in section_words")
            for word in _strings(listed, f"section_words.{role}"):
                vocab.section_words[word.lower()] = role
        for facet, values in data["facets"].items():
            if not isinstance(values, Mapping):
                raise ValueError(f"vocabulary: facet {facet!r} must be a mapping of values")
            if facet.startswith("_") and "terms" in values:
                values = {"_": values}  # a cue list with one value
            vocab.values[facet] = []
            for value, entry in values.items():
                where = f"{facet}.{value}"
                if not isinstance(entry, Mapping):
                    raise ValueError(f"vocabulary: {where} must be a mapping (terms, mesh, ...)")
                unknown = set(entry) - {
                    "terms",
                    "abbreviations",
                    "generic",
                    "mesh",
                    "registry",
                    "patterns",
                }
                if unknown:
                    raise ValueError(f"vocabulary: {where} has unknown keys {sorted(unknown)}")
                vocab.values[facet].append(str(value))
                vocab._add_entry(facet, str(value), entry, where)
        for facet, pats in vocab.patterns.items():
            by_value: dict[str, list[str]] = {}
            for p, value in pats:
                by_value.setdefault(value, []).append(f"(?:{p.pattern})")
            for value, alternatives in by_value.items():
                vocab.pattern_values[(facet, value)] = re.compile(
                    "|".join(alternatives), re.IGNORECASE
                )
        for fv, regex in vocab.pattern_values.items():
            vocab.pattern_anchors[fv] = _anchors(regex.pattern)
        needs: dict[tuple[str, str], list[list[tuple[str, ...]]] | None] = {}
        for facet, pats in vocab.patterns.items():
            for p, value in pats:
                required = _required_literals(p.pattern)
                vocab._pattern_parts.setdefault((facet, value), []).append(
                    _PatternPart(p, lower_case_twin(p), required)
                )
                so_far = needs.get((facet, value), [])
                if so_far is not None:
                    so_far = None if required is None else so_far + required
                needs[(facet, value)] = so_far
        vocab._pattern_gates = {
            fv: None if alts is None else _gate(alts) for fv, alts in needs.items()
        }
        gates = [vocab._pattern_gates.get(fv) for fv in vocab.pattern_values]
        if all(gates):  # every pattern has a gate: their union is one first test for all
            vocab._pattern_gate = tuple(sorted({s for g in gates if g for s in g}))
        vocab._pattern_list = [
            (facet, value, regex, vocab._pattern_gates.get((facet, value)),
             vocab.pattern_anchors[(facet, value)], vocab._pattern_parts.get((facet, value), []))
            for (facet, value), regex in vocab.pattern_values.items()
        ]
        vocab._gate_words = tuple(sorted({
            _first_run(g) for _, _, _, gate, _, _ in vocab._pattern_list for g in gate or ()}))
        # (bits that several words share: the first len - _GATE_BITS of them)
        shared = len(vocab._gate_words) - _GATE_BITS
        vocab._gate_marks = [
            None if gate is None else tuple(
                (g, _gate_bit(k), _first_run(g) == g and k % _GATE_BITS >= shared)
                for g in gate for k in (vocab._gate_words.index(_first_run(g)),))
            for _, _, _, gate, _, _ in vocab._pattern_list
        ]
        if all(g is not None for g in vocab._gate_marks):
            vocab._gate_bits = 0
            for g in vocab._gate_marks:
                for _, bit, _ in g or ():
                    vocab._gate_bits |= bit
        vocab._index()
        return vocab

    def _add_entry(self, facet: str, value: str, entry: Mapping[str, Any], where: str) -> None:
        for kind, generic, registry in (
            ("terms", False, False),
            ("generic", True, False),
            ("registry", False, True),
        ):
            for term in _strings(entry.get(kind), f"{where}.{kind}"):
                key = tuple(t.norm for t in self.tokenize(term))
                if not key:
                    raise ValueError(f"vocabulary: {where}.{kind}: empty term {term!r}")
                _add(self.phrases, key, Hit(facet, value, generic, registry))
        for abbr in _strings(entry.get("abbreviations"), f"{where}.abbreviations"):
            key = tuple(t.key for t in self.tokenize(abbr))
            if not key:
                raise ValueError(f"vocabulary: {where}.abbreviations: empty {abbr!r}")
            _add(self.abbreviations, key, Hit(facet, value))
        for heading in _strings(entry.get("mesh"), f"{where}.mesh"):
            self.mesh.setdefault(heading.lower(), []).append(Hit(facet, value))
        for pattern in _strings(entry.get("patterns"), f"{where}.patterns"):
            try:
                compiled = re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"vocabulary: {where}.patterns: {pattern!r}: {exc}") from exc
            self.patterns.setdefault(facet, []).append((compiled, value))

    def phrase_words(self, facet: str, value: str) -> frozenset[str]:
        """Every word of the phrases that mean ``value`` of ``facet`` (remembered)."""
        found = self._phrase_words.get((facet, value))
        if found is None:
            found = self._phrase_words[(facet, value)] = frozenset(
                word for phrase, hits in self.phrases.items()
                if any(h.facet == facet and h.value == value for h in hits) for word in phrase)
        return found

    def first_words(self, facet: str) -> frozenset[str]:
        """The first words (norms) of the facet's phrases: a text without any has none of them."""
        return self._facet_firsts.get(facet, frozenset())

    def _index(self) -> None:
        firsts: dict[str, set[str]] = {}
        for key, hits in self.phrases.items():
            for hit in hits:
                firsts.setdefault(hit.facet, set()).add(key[0])
        self._facet_firsts = {f: frozenset(words) for f, words in firsts.items()}
        # Each node of the phrase trie holds what a walk down it emits if it ends there, so the
        # scan does no per-facet bookkeeping of its own.
        for registry in (False, True):
            usable = {
                key: [(h.facet, h.value, h.generic, False) for h in hits
                      if registry or not h.registry_only]
                for key, hits in self.phrases.items()
            }
            self._roots[registry] = _trie(usable)
        self._abbreviation_trie = _trie(
            {key: [(h.facet, h.value, h.generic, True) for h in hits]
             for key, hits in self.abbreviations.items()}
        )
        self._abbreviation_firsts = frozenset(self._abbreviation_trie)
        self._inert_firsts = self.first_words("_inert")
        self._words.clear()  # (its words' marks were noted before these first words were known)

    # ---- matching ---------------------------------------------------------------------------
    def tokenize(self, text: str) -> list[Token]:
        return list(self.tokens(text))

    def tokens(self, text: str) -> Tokens:
        """The word tokens of ``text`` as parallel lists (what ``scan`` reads fastest)."""
        known = self._words
        if len(known) > _WORD_CACHE:  # a memo only: start afresh
            known.clear()
        # every character but a letter or digit made a space (a byte table for ASCII text, the
        # commonest), then split at each space: the words, with empty strings between adjacent
        # spaces, so that each word's place is the sum of the lengths before it
        if text.isascii():
            spaced = text.encode("ascii").translate(_SPACE_OUT).decode("ascii")
        else:
            spaced = _NOT_WORD_RE.sub(" ", text)
        pieces = spaced.split(" ")
        # the lists made at their full size (as many tokens as non-empty pieces), then filled
        n = len(pieces) - pieces.count("")
        norms = [""] * n
        keys = [""] * n
        starts = [0] * n
        ends = [0] * n
        k = 0
        at = 0
        marks = 0
        for word in pieces:
            if word:
                known_word = known.get(word)
                if known_word is None:
                    known_word = known[word] = self._word(word)
                norms[k] = known_word.norm
                keys[k] = known_word.key
                marks |= known_word.marks
                starts[k] = at
                at += len(word)
                ends[k] = at
                k += 1
            at += 1
        return Tokens(norms, keys, starts, ends, marks)

    def _word(self, raw: str) -> _Word:
        """The norm, case-sensitive key and marks (see Tokens) of one word, interned: the phrase
        index's keys are the same objects, which dictionary look-ups then compare by identity,
        not character by character."""
        low = raw.lower()
        norm = self.spelling.get(low)
        if norm is None:
            norm = _fold_plural(low)
            norm = self.spelling.get(norm, norm)
        norm = intern(norm)
        if raw == low:
            key = norm
        elif len(raw) > 2 and raw[-1] == "s" and raw[-2].isupper():
            key = intern(raw[:-1])
        else:
            key = intern(raw)
        marks = ((STARTS_ABBREVIATION if key in self._abbreviation_firsts else 0)
                 | (STARTS_INERT if norm in self._inert_firsts else 0))
        if self._gate_words:
            lowered = folded(raw)  # (as _scan_patterns reads the sentence)
            for k, word in enumerate(self._gate_words):
                if word in lowered:
                    marks |= _gate_bit(k)
        return _Word(norm, key, marks)

    def scan(
        self,
        tokens: Tokens | Sequence[Token],
        text: str = "",
        *,
        registry: bool = False,
    ) -> list[Match]:
        """Every phrase in ``tokens``, leftmost-longest per facet (facets do not hide each other).

        Matches come in token order, the longer first where several start at one token.
        ``text`` (the string the tokens came from) enables the regular-expression patterns.
        """
        toks = Tokens.from_tokens(tokens)
        norms, keys, starts, ends = toks.norms, toks.keys, toks.starts, toks.ends
        n = len(norms)
        out: list[Match] = []
        root = self._roots[bool(registry)]
        # cased[i]: an abbreviation (matched case-sensitively) may start at token i (no list
        # when none may start anywhere)
        cased: list[bool] = []
        if toks.holds(STARTS_ABBREVIATION, self._abbreviation_firsts, keys):
            firsts = self._abbreviation_firsts
            cased = [key in firsts for key in keys]
        any_cased = len(cased) > 0  # (a native bool: asked at every token)
        # free[facet]: the token where the facet's last longer match ends (a facet's matches do
        # not overlap); reach: at least the furthest such end, before which ``free`` decides
        free: dict[str, int] = {}
        reach = 0
        # cut[j]: a colon or semicolon stands before token j, and no phrase runs across it
        # ("the intervertebral disc: stem cells and exosomes" names no disc stem cells)
        cut: list[bool] = _cuts(text, starts, ends) if (":" in text or ";" in text) else []
        any_cut = len(cut) > 0
        for i in range(n):
            node = root.get(norms[i])
            if node is None:
                if not any_cased or not cased[i]:
                    continue
                node = _NO_PHRASE
            j = i + 1
            while j < n:  # down the trie as far as the words go
                if any_cut and cut[j]:
                    break
                deeper = node.children.get(norms[j])
                if deeper is None:
                    break
                node = deeper
                j += 1
            if any_cased and cased[i]:
                node = self._with_abbreviations(node, keys, i)
            if not node.chosen:
                continue
            start = starts[i]
            if i < reach:  # a longer match of a facet may still cover this token
                for facet, value, generic, abbreviation, length in node.chosen:
                    if free.get(facet, 0) <= i:
                        j = i + length
                        out.append(Match(facet, value, i, j, start, ends[j - 1], generic,
                                         abbreviation))
                for facet, length in node.blocks:  # (one entry per facet)
                    if free.get(facet, 0) <= i:
                        free[facet] = i + length
            else:
                for facet, value, generic, abbreviation, length in node.chosen:
                    j = i + length
                    out.append(Match(facet, value, i, j, start, ends[j - 1], generic,
                                     abbreviation))
                for facet, length in node.blocks:
                    free[facet] = i + length
            if i + node.span > reach:
                reach = i + node.span
        if text and out:
            shared = self._coordinated(toks, text, out, root)
            if shared:
                out.extend(shared)
        if text and self.pattern_values:
            found = self._scan_patterns(toks, text, out)
            if found:  # a longer condition pattern hides the shorter conditions inside it
                # ("radiculopathy of discogenic origin" is no disc degeneration), and a longer
                # population pattern the people words inside it ("the individual materials");
                # route patterns span lists of sites ("into the disc, the facet and the
                # epidural space")
                out = [m for m in out if not any(
                    p.facet == m.facet and m.facet in _HIDING_FACETS and p.value != m.value
                    and p.i <= m.i and m.j <= p.j and m.j - m.i < p.j - p.i for p in found)]
                out.extend(found)
        return out

    def _coordinated(
        self, toks: Tokens, text: str, found: list[Match], root: dict[str, _Node]
    ) -> list[Match]:
        """The members of a coordination that share the head of a phrase found after them:
        "embryonic and mesenchymal stem cells", "BM-, AD- and UC-MSCs", "BM/AD/UC-MSCs",
        "intravenous or intrathecal injection". A member is one to three words before "and",
        "or", "/" or a list's comma that, with the found phrase's words after its first ones,
        make a phrase; it tags that phrase's values with the whole coordination as its text.
        Only multi-word phrases after a coordinator are tried (a cheap gate)."""
        norms, keys, starts, ends = toks.norms, toks.keys, toks.starts, toks.ends
        out: list[Match] = []
        # the tokens just after a coordinator: where a phrase a member shares may start (found in
        # C, by list.index and str.find; most sentences have none, or a few)
        heads: list[int] = []
        slash = "/" in text
        for word in _COORDINATORS_SLASH if slash else _COORDINATORS:
            c = text.find(word)
            while c >= 0:
                after = c + len(word)
                k = bisect_left(starts, after)
                if k < len(starts) and starts[k] == after:
                    heads.append(k)
                c = text.find(word, after - 1)
        c = text.find("/") if slash else -1
        while c >= 0:
            k = bisect_left(starts, c)
            if 0 < k < len(norms) and _gap(text, ends[k - 1], starts[k]):
                heads.append(-k)  # (negative: a slash, not a word, precedes the phrase)
            c = text.find("/", c + 1)
        firsts = [m.i for m in found] if heads else []  # (bisect without a key: no calls)
        for head in heads:
            i = head if head > 0 else -head
            last = i - 1 if head > 0 else i  # the member ends before the coordinator
            if head > 1 and norms[i - 1] == "or" and norms[i - 2] == "and":
                last = i - 2  # ("and/or")
            at = bisect_left(firsts, i)  # (found is in token order)
            while at < len(found) and found[at].i == i:
                m = found[at]
                at += 1
                j = m.j
                if j - i < 2:
                    continue
                for t in range(1, j - i):  # the phrase's first t words are its own member
                    end = last
                    while end > 0:
                        member = None
                        for size in (3, 2, 1):
                            a = end - size
                            if a < 0 or (norms[a] not in root
                                         and keys[a] not in self._abbreviation_firsts):
                                continue  # (no phrase starts with its first word)
                            hits = self._walk(root, toks, a, end, i + t, j)
                            if hits and not any(text[ends[k]:starts[k + 1]].strip(" -")
                                                for k in range(a, end - 1)):
                                member = a  # (a member's words are joined by spaces, hyphens)
                                break
                        if member is not None and _plural_noun(text, starts[end - 1],
                                                               ends[end - 1], norms[end - 1]):
                            break  # "cells from the discs or stem cells": a whole noun phrase
                        if member is None:
                            break
                        if end == last < i and "," in text[ends[end - 1]:starts[end]] and not (
                                member > 0 and _gap(text, ends[member - 1], starts[member], ",")):
                            break  # "X, or Y" joins clauses, unless a list goes on before X
                        for facet, value, generic, abbreviation, length in hits:
                            if any(o.facet == facet and o.value == value and o.i < end
                                   and o.j > member for o in found):
                                continue  # the member names this value itself
                            stop = i + t + length - (end - member)
                            out.append(Match(facet, value, member, stop, starts[member],
                                             ends[stop - 1], generic, abbreviation))
                        # a list goes on before a comma or slash ("BM-, AD- and UC-MSCs")
                        if member < 1 or not _gap(text, ends[member - 1], starts[member], ",/"):
                            break
                        end = member
                    if end != last:
                        break
        return out

    def _walk(self, root: dict[str, _Node], toks: Tokens, a: int, end: int, tail: int,
              j: int) -> list[_Chosen]:
        """The phrases of a member's words [a, end) followed by the shared words from ``tail``
        (those of the found phrase, ending at ``j``, and up to three more: "adipose- or bone
        marrow-derived stem cells") that go past the member."""
        norms, keys = toks.norms, toks.keys
        node = root.get(norms[a], _NO_PHRASE)
        for k in range(a + 1, end):
            node = node.children.get(norms[k], _NO_PHRASE)
        stop = min(j + 3, len(norms))
        if node.children:
            k = tail
            while k < stop:
                deeper = node.children.get(norms[k])
                if deeper is None:
                    break
                node = deeper
                k += 1
        if keys[a] in self._abbreviation_firsts:
            node = self._with_abbreviations(node, keys[a:end] + keys[tail:stop], 0)
        size = end - a
        return [c for c in node.chosen if c[4] > size]

    def _with_abbreviations(self, node: _Node, keys: list[str], i: int) -> _Node:
        """The phrase trie's ``node`` (where the walk from token ``i`` ended) merged with the
        abbreviations starting at ``i`` (a walk down the abbreviation trie over the
        case-sensitive keys), the longest per facet; at one length the phrases come first."""
        abbreviated = self._abbreviation_trie[keys[i]]
        j = i + 1
        while j < len(keys):
            deeper = abbreviated.children.get(keys[j])
            if deeper is None:
                break
            abbreviated = deeper
            j += 1
        # the result depends only on the two trie nodes: remembered by their identity (the
        # vocabulary holds both, so their ids are stable; a few hundred pairs at most)
        memo = (id(node), id(abbreviated))
        found = self._merged.get(memo)
        if found is None:
            both = sorted((*node.chosen, *abbreviated.chosen), key=lambda c: -c[4])  # stable
            longest: dict[str, int] = {}
            for c in both:
                longest.setdefault(c[0], c[4])
            merged = tuple(c for c in both if c[4] == longest[c[0]])
            blocks = tuple(dict.fromkeys((c[0], c[4]) for c in merged if c[4] > 1))
            found = self._merged[memo] = _Node(
                {}, merged, blocks, max((length for _, length in blocks), default=0)
            )
        return found

    def _scan_patterns(
        self, tokens: Tokens | Sequence[Token], text: str, found: list[Match]
    ) -> list[Match]:
        out: list[Match] = []
        # the literals a pattern cannot match without, tested in the folded text (see
        # evidence.regex_forms.folded), rule most patterns out before they run; a gate's words
        # are read from the tokens' marks when they are known (the text is then folded only for
        # a pattern whose gate may be open)
        marks = Tokens.from_tokens(tokens).marks
        if marks >= 0 and self._gate_bits >= 0 and not marks & self._gate_bits:
            return out  # every pattern has a gate, and no word of one is here
        ascii = text.isascii()
        low = ""
        if marks < 0:
            low = text.lower() if ascii else folded(text)  # (folded's own fast path, inline)
            if self._pattern_gate:
                for s in self._pattern_gate:
                    if s in low:
                        break
                else:
                    return out  # no pattern's gate is open
        for n, (facet, value, regex, gate, anchors, parts) in enumerate(self._pattern_list):
            gate_marks = self._gate_marks[n]
            if gate is not None and marks >= 0 and gate_marks is not None:
                opened = False
                for s, bit, whole in gate_marks:
                    if marks & bit:
                        if whole:
                            opened = True
                            break
                        if not low:
                            low = folded(text)
                        if s in low:
                            opened = True
                            break
                if not opened:
                    continue
            elif gate is not None:
                for s in gate:
                    if s in low:
                        break
                else:
                    continue
            else:
                if not low:
                    low = folded(text)
                if anchors and not any(a in low for a in anchors):
                    continue
            if any(m.facet == facet and m.value == value and not m.generic for m in found):
                continue  # the phrase index found this value already (not only a generic word)
            if gate is not None:
                if not low:
                    low = folded(text)
                m = _leftmost(parts, text, low, ascii)
            else:
                m = regex.search(text)
            if m is None:
                continue
            starts = Tokens.from_tokens(tokens).starts
            i = bisect_left(starts, m.start())
            j = max(i + 1, bisect_left(starts, m.end()))
            out.append(Match(facet, value, i, j, m.start(), m.end()))
        return out

    def mesh_hits(self, descriptor: str) -> list[Hit]:
        return self.mesh.get(descriptor.lower(), [])

    def section_role(self, label: str | None, category: str | None) -> str | None:
        """The role of an abstract section (background, methods, ...) or None when unknown:
        its category's or label's listed role, else that of the label's first word with one
        ("Subjects and methods", "Key results", "Conclusions and relevance": journals' own
        labels, which Europe PMC gives without a category). A label in ``labels_first`` goes
        before its category."""
        first_label = bool(label) and str(label).strip().upper() in self.labels_first
        for name in ((label, category) if first_label else (category, label)):
            if name:
                role = self.sections.get(name.strip().upper())
                if role:
                    return role
        if label and self.section_words:
            for word in _LABEL_WORD_RE.findall(label.lower()):
                role = self.section_words.get(word)
                if role:
                    return role
        return None


_LABEL_WORD_RE: Final = re.compile(r"[a-z]+")
_NO_PHRASE: Final = _Node({}, (), (), 0)  # the walk of a token that starts no phrase
# the words before a member a coordination shares a head with (see _coordinated), and with them
# "and/or" where the text has a slash
_COORDINATORS: Final[tuple[str, ...]] = (" and ", " or ")
_COORDINATORS_SLASH: Final[tuple[str, ...]] = (" and ", " or ", " and/or ")


def _plural_noun(text: str, start: int, end: int, norm: str) -> bool:
    """The word is a plural noun ("discs"), which ends a noun phrase: a shared head's modifier is
    singular ("disc and marrow stem cells")."""
    raw = text[start:end].lower()
    return raw != norm and raw.endswith("s") and not raw.endswith(("'s", "\u2019s"))


def _cuts(text: str, starts: list[int], ends: list[int]) -> list[bool]:
    """For each token, whether a colon or semicolon stands between it and the token before."""
    cut = [False] * len(starts)
    for mark in (":", ";"):
        c = text.find(mark)
        while c >= 0:
            k = bisect_left(starts, c)
            if 0 < k < len(starts) and ends[k - 1] <= c:
                cut[k] = True
            c = text.find(mark, c + 1)
    return cut


def _gap(text: str, start: int, end: int, needs: str = "/") -> bool:
    """Whether the characters between two words are only spaces, hyphens, commas and slashes,
    one of them in ``needs``."""
    between = text[start:end]
    return not between.strip(" -,/") and any(c in between for c in needs)


def _trie(phrases: Mapping[tuple[str, ...], list[tuple[str, str, bool, bool]]]) -> dict[str, _Node]:
    """The phrase trie, each node holding what a walk that ends there emits (see _Node).

    ``phrases``: token tuple -> (facet, value, generic, abbreviation) of each of its hits.
    """
    root: dict[str, _Node] = {}
    for key in phrases:
        children = root
        for depth in range(1, len(key) + 1):
            node = children.get(key[depth - 1])
            if node is None:
                # what a walk ending here emits: the phrases that end on the path to this node
                ending = [(d, phrases.get(key[:d], [])) for d in range(1, depth + 1)]
                chosen = _longest_per_facet(ending)
                blocks = tuple(dict.fromkeys((c[0], c[4]) for c in chosen if c[4] > 1))
                node = children[key[depth - 1]] = _Node(
                    {}, chosen, blocks, max((length for _, length in blocks), default=0)
                )
            children = node.children
    return root


def _longest_per_facet(
    ending: Sequence[tuple[int, Sequence[tuple[str, str, bool, bool]]]],
) -> tuple[_Chosen, ...]:
    """From (length, hits) of the phrases ending at each length: every hit at its facet's
    longest length, longest first (hits of one length in their order)."""
    longest: dict[str, int] = {}
    for length, hits in ending:
        for facet, *_ in hits:
            longest[facet] = max(longest.get(facet, 0), length)
    return tuple(
        (facet, value, generic, abbreviation, length)
        for length, hits in sorted(ending, key=lambda e: -e[0])
        for facet, value, generic, abbreviation in hits
        if longest[facet] == length
    )


def _anchors(pattern: str) -> tuple[str, ...]:
    """Literal words (4+ letters) of a pattern: a text holding none of them cannot match.

    Sound as long as every alternative has one mandatory literal word of 4+ letters (the
    vocabulary's patterns do); a pattern without any word gets no anchors and always runs.
    """
    plain = re.sub(r"\\[A-Za-z]|[A-Za-z]\?|[A-Za-z]\{[^}]*\}|[A-Za-z][*+]", " ", pattern)
    plain = re.sub(r"\[[^\]]*\]", " ", plain)
    return tuple(sorted({w.lower() for w in re.findall(r"[A-Za-z]{4,}", plain)}))


_MAX_STRINGS: Final = 64  # literal spellings kept per clause


class _PatternPart(NamedTuple):
    """One pattern of a facet value (a value's patterns are searched as their alternation)."""

    regex: re.Pattern[str]
    twin: re.Pattern[str] | None  # its lower-case twin, for ASCII text (see evidence.regex_forms)
    needs: list[list[tuple[str, ...]]] | None  # see _required_literals; None: always search


def _leftmost(parts: list[_PatternPart], text: str, low: str,
              ascii: bool) -> re.Match[str] | None:
    """What the alternation of ``parts`` finds first in ``text`` (``low``: folded, see
    evidence.regex_forms; the same positions when ``ascii``): the leftmost of the parts'
    matches, at one position the earlier part's. Each part is searched alone, and only when
    ``low`` holds the literals it needs: most are never run."""
    best: re.Match[str] | None = None
    for part in parts:
        if part.needs is not None and not _may_match(part.needs, low):
            continue
        if ascii and part.twin is not None:
            m = part.twin.search(low)
        else:
            m = part.regex.search(text)
        if m is not None and (best is None or m.start() < best.start()):
            best = m
    return best


def _may_match(alternatives: list[list[tuple[str, ...]]], low: str) -> bool:
    """Whether some alternative has every clause satisfied in ``low`` (see _required_literals)."""
    for alternative in alternatives:
        for clause in alternative:
            for s in clause:
                if s in low:
                    break
            else:
                break  # this clause fails: try the next alternative
        else:
            return True
    return False


def _required_literals(pattern: str) -> list[list[tuple[str, ...]]] | None:
    """What any match of ``pattern`` (compiled with re.IGNORECASE) must contain, or None.

    Alternatives (top-level "|"), each a list of clauses; a clause is a tuple of lower-case ASCII
    strings of which a match holds at least one. A match of the pattern therefore implies that
    some alternative has every clause satisfied in the folded text (evidence.regex_forms.folded:
    lower-cased, the few non-ASCII letters re.IGNORECASE matches to ASCII written as them).
    Derived from the standard library's own parse of the pattern, so it follows the
    regular-expression syntax exactly; None (no test: always search) when the parser is
    unavailable or an alternative needs nothing.
    """
    if _sre_parser is None:
        return None
    try:
        parsed = _sre_parser.parse(pattern, re.IGNORECASE)
    except Exception:  # noqa: BLE001 - any parser trouble only means "no prefilter"
        return None
    alternatives = [_clauses(seq) for seq in _top_alternatives(list(parsed))]
    if not alternatives or any(not a for a in alternatives):
        return None
    return alternatives


# words in most sentences of the field's abstracts (a gate of them would open for nearly all)
_COMMON_WORDS: Final = frozenset(("cell", "cells", "disc", "disk", "discs", "from", "with", "were",
                                  "patients"))


def _gate(alternatives: list[list[tuple[str, ...]]]) -> tuple[str, ...]:
    """One clause that every alternative implies, a first cheap test.

    Each alternative contributes one of its clauses to that gate: the clause of words (4+
    letters) that the most alternatives imply, so that the gate stays short (a text that matches
    any alternative satisfies that alternative's contributed clause, hence the gate).
    """

    def implies(clause: tuple[str, ...], by: tuple[str, ...]) -> bool:
        return all(any(s in t for s in clause) for t in by)

    def spread(clause: tuple[str, ...]) -> int:
        return sum(any(implies(clause, other) for other in alt) for alt in alternatives)

    def worth(clause: tuple[str, ...]) -> tuple[int, int]:
        # short strings ("in", "a") and the field's commonest words ("cells") are in almost any
        # text: never worth a place in the gate
        useful = min(map(len, clause)) >= 4 and _COMMON_WORDS.isdisjoint(clause)
        return (spread(clause) if useful else 0), -len(clause)

    gate: set[str] = set()
    for alt in alternatives:
        pick: tuple[str, ...] = max(alt, key=worth)
        gate.update(pick)
    return _clause(gate) or ("",)


def _top_alternatives(items: list[Any]) -> list[list[Any]]:
    c = _sre_constants
    if len(items) == 1:
        op, av = items[0]
        if op is c.BRANCH:
            return [seq for branch in av[1] for seq in _top_alternatives(list(branch))]
        if op is c.SUBPATTERN and not av[1] and not av[2]:  # a group without flag changes
            return _top_alternatives(list(av[3]))
    return [items]


def _expand(items: list[Any]) -> set[str] | None:
    """Every string a purely literal sequence can match (lower-case ASCII), else None."""
    c = _sre_constants
    out = {""}
    for op, av in items:
        if op is c.AT:
            continue  # zero-width: does not break a literal run
        if op is c.LITERAL:
            ch = chr(av).lower()
            if not ch.isascii():
                return None
            options = {ch}
        elif op is c.IN:
            if not all(o is c.LITERAL and chr(a).isascii() for o, a in av):
                return None
            options = {chr(a).lower() for _, a in av}
        elif op is c.BRANCH:
            options = set()
            for branch in av[1]:
                sub = _expand(list(branch))
                if sub is None:
                    return None
                options |= sub
        elif op is c.SUBPATTERN and not av[1] and not av[2]:
            sub = _expand(list(av[3]))
            if sub is None:
                return None
            options = sub
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            sub = _expand(list(av[2]))
            if sub is None:
                return None
            options = sub | {""}
        else:
            return None
        out = {a + b for a in out for b in options}
        if len(out) > _MAX_STRINGS:
            return None
    return out


def _clause(strings: set[str]) -> tuple[str, ...] | None:
    """A clause from the spellings of one literal run (None when it could be empty)."""
    if not strings or "" in strings:
        return None
    kept = {s for s in strings if not any(t != s and t in s for t in strings)}
    return tuple(sorted(kept))


def _fewest_longest(clause: tuple[str, ...]) -> tuple[int, int]:
    return len(clause), -min(map(len, clause))


def _clauses(items: list[Any]) -> list[tuple[str, ...]]:
    """Clauses every match of a sequence satisfies (see ``_required_literals``)."""
    c = _sre_constants
    out: list[tuple[str, ...]] = []
    run = {""}

    def flush() -> None:
        clause = _clause(run)
        if clause is not None:
            out.append(clause)

    for op, av in items:
        exp = _expand([(op, av)])
        if exp is not None:
            joined = {a + b for a in run for b in exp}
            if len(joined) <= _MAX_STRINGS:
                run = joined
                continue
            flush()
            run = exp
            continue
        flush()
        run = {""}
        if op is c.SUBPATTERN:
            out.extend(_clauses(list(av[3])))
        elif op is c.ATOMIC_GROUP:
            out.extend(_clauses(list(av)))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            out.extend(_clauses(list(av[2])))
        elif op is c.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                sub = _clauses(list(branch))
                if not sub:
                    union = set()
                    break
                pick: tuple[str, ...] = min(sub, key=_fewest_longest)
                union.update(pick)
            clause = _clause(union)
            if clause is not None:
                out.append(clause)
    flush()
    return out


def _add(index: dict[tuple[str, ...], list[Hit]], key: tuple[str, ...], hit: Hit) -> None:
    hits = index.setdefault(key, [])
    if hit not in hits:
        hits.append(hit)


def _strings(items: Any, where: str) -> Iterable[str]:
    if items is None:
        return []
    if not isinstance(items, list) or not all(
        isinstance(x, str | int | float) and not isinstance(x, bool) for x in items
    ):
        raise ValueError(
            f"vocabulary: {where} must be a list of strings (quote yes/no/on/off: YAML reads "
            "them as booleans)"
        )
    return [str(x) for x in items]
