"""Compile the tag vocabulary (``vocabulary.yaml``, data) into fast lookup structures.

Matching works on word tokens, not on one big regular expression: a phrase index keyed by token
tuples finds every term in one pass over a text, whatever the number of terms. Hyphen and space are
the same (both split tokens), word boundaries are implicit, a plural "s" is folded and spelling
variants (disk/disc, haematopoietic/hematopoietic) are normalised on both sides. Abbreviations are
matched case-sensitively. The few phrases with gaps are regular expressions, compiled as one
alternation per facet value. Reading the YAML file is ``db.evidence_files.load_vocabulary``'s
job: this module never reads files.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from itertools import accumulate, compress
from typing import Any

from evidence.study_design import StudyDesign

try:  # the standard library's own regular-expression parser (private; Python 3.11+)
    _sre_constants: Any = import_module("re._constants")
    _sre_parser: Any = import_module("re._parser")
except ImportError:  # pragma: no cover - without it patterns simply keep their word anchors
    _sre_constants = _sre_parser = None

TAG_FACETS = (
    "cell_type",
    "cell_source",
    "donor",
    "processing",
    "condition",
    "delivery",
    "guidance",
    "outcome",
)
SECTION_ROLES = ("background", "objective", "methods", "results", "conclusions")

_SPLIT_RE = re.compile(r"([^\W_]+)")  # words (letters and digits), kept between separators
_KEEP_S = ("ss", "us", "is")
_WORD_CACHE = 500_000  # distinct raw words remembered before the caches start afresh


@dataclass(frozen=True, slots=True)
class Hit:
    """What a phrase means: a facet value (or a cue, for facets starting with "_")."""

    facet: str
    value: str
    generic: bool = False
    registry_only: bool = False


@dataclass(slots=True)
class Token:
    norm: str  # lower-cased, spelling-folded, singular
    key: str  # case-sensitive key for abbreviations
    start: int
    end: int


@dataclass(slots=True)
class Match:
    """One phrase found in a token list: tokens [i, j), characters [start, end)."""

    facet: str
    value: str
    i: int
    j: int
    start: int
    end: int
    generic: bool = False
    abbreviation: bool = False


class Tokens:
    """The word tokens of one text as parallel lists (no object per token).

    ``norms[k]``/``keys[k]`` are token k's ``Token.norm``/``Token.key``, ``starts[k]``/``ends[k]``
    its character span. Indexing or iterating yields ``Token`` objects, for callers that want them.
    """

    __slots__ = ("norms", "keys", "starts", "ends")

    def __init__(
        self, norms: list[str], keys: list[str], starts: list[int], ends: list[int]
    ) -> None:
        self.norms = norms
        self.keys = keys
        self.starts = starts
        self.ends = ends

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


def _fold_plural(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_S):
        return word[:-1]
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
    values: dict[str, list[str]] = field(default_factory=dict)
    # the study-design decision procedure (study_design.yaml), set by the loader beside the cues
    study_design: StudyDesign | None = None
    _first: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _facet_firsts: dict[str, frozenset[str]] = field(default_factory=dict)  # see first_words
    _cs_first: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _lengths: dict[tuple[str, str], tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = (
        field(default_factory=dict)
    )
    _norm_of: dict[str, str] = field(default_factory=dict)  # raw word -> Token.norm
    _key_of: dict[str, str] = field(default_factory=dict)  # raw word -> Token.key
    _single: dict[str, tuple[int, ...]] = field(default_factory=dict)  # one-word phrase -> (1,)
    # the first two words of longer phrases -> the lengths of those phrases (and 1 when the
    # first word is a phrase by itself), longest first
    _pairs: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)
    # registry record or not -> (phrase trie, one-word phrase -> hits), without the hits of
    # registry-only terms outside registry records
    _usable: dict[bool, tuple[dict[str, Any], dict[str, tuple[Hit, ...]]]] = field(
        default_factory=dict
    )
    # (facet, value) -> (gate, alternatives), alternatives each a list of clauses (tuples of
    # lower-case strings): an ASCII text can match only if it holds a string of the gate and,
    # for some alternative, a string of every clause (see _required_literals)
    _pattern_gate: tuple[str, ...] = ()  # the union of the gates below, when all have one
    _pattern_needs: dict[
        tuple[str, str], tuple[tuple[str, ...], list[list[tuple[str, ...]]]] | None
    ] = field(default_factory=dict)

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
        sections = data.get("sections") or {}
        for role, labels in sections.items():
            if role not in SECTION_ROLES:
                raise ValueError(f"vocabulary: unknown section role {role!r}")
            for label in _strings(labels, f"sections.{role}"):
                vocab.sections[label.upper()] = role
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
                so_far = needs.get((facet, value), [])
                if so_far is not None:
                    required = _required_literals(p.pattern)
                    so_far = None if required is None else so_far + required
                needs[(facet, value)] = so_far
        vocab._pattern_needs = {
            fv: None if alts is None else _with_gate(alts) for fv, alts in needs.items()
        }
        gated = [vocab._pattern_needs.get(fv) for fv in vocab.pattern_values]
        if all(gated):  # every pattern has a gate: their union is one first test for all
            vocab._pattern_gate = tuple(sorted({s for g in gated if g for s in g[0]}))
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

    def first_words(self, facet: str) -> frozenset[str]:
        """The first words (norms) of the facet's phrases: a text without any has none of them."""
        return self._facet_firsts.get(facet, frozenset())

    def _index(self) -> None:
        firsts: dict[str, set[str]] = {}
        for key, hits in self.phrases.items():
            for hit in hits:
                firsts.setdefault(hit.facet, set()).add(key[0])
        self._facet_firsts = {f: frozenset(words) for f, words in firsts.items()}
        first: dict[str, set[int]] = {}
        for key in self.phrases:
            first.setdefault(key[0], set()).add(len(key))
        self._first = {k: tuple(sorted(v, reverse=True)) for k, v in first.items()}
        self._single = {key[0]: (1,) for key in self.phrases if len(key) == 1}
        # the hits a phrase can give outside registry records (no registry-only terms) and in
        # them: by token tuple, and by word for one-word phrases
        for registry in (False, True):
            # word -> (next word -> (...), hits of the phrase ending with this word)
            trie: dict[str, Any] = {}
            words: dict[str, tuple[Hit, ...]] = {}
            for key, hits in self.phrases.items():
                usable = tuple(h for h in hits if registry or not h.registry_only)
                node: list[Any] = [trie, ()]
                for word in key:
                    node = node[0].setdefault(word, [{}, ()])
                node[1] = usable
                if len(key) == 1:
                    words[key[0]] = usable
            self._usable[registry] = (trie, words)
        pairs: dict[tuple[str, str], set[int]] = {}
        for key in self.phrases:
            if len(key) > 1:
                pairs.setdefault((key[0], key[1]), set()).add(len(key))
        self._pairs = {
            k: tuple(sorted(v, reverse=True)) + self._single.get(k[0], ())
            for k, v in pairs.items()
        }
        cs_first: dict[str, set[int]] = {}
        for key in self.abbreviations:
            cs_first.setdefault(key[0], set()).add(len(key))
        self._cs_first = {k: tuple(sorted(v, reverse=True)) for k, v in cs_first.items()}

    # ---- matching ---------------------------------------------------------------------------
    def tokenize(self, text: str) -> list[Token]:
        return list(self.tokens(text))

    def tokens(self, text: str) -> Tokens:
        """The word tokens of ``text`` as parallel lists (what ``scan`` reads fastest)."""
        parts = _SPLIT_RE.split(text)  # separator, word, separator, word, ..., separator
        words = parts[1::2]
        if not words:
            return Tokens([], [], [], [])
        n2 = 2 * len(words)
        offsets = list(accumulate(map(len, parts)))  # offsets[k]: where parts[k] ends
        try:
            norms = list(map(self._norm_of.__getitem__, words))
        except KeyError:  # a word not seen before
            self._learn(words)
            norms = list(map(self._norm_of.__getitem__, words))
        keys = list(map(self._key_of.__getitem__, words))
        return Tokens(norms, keys, offsets[0:n2:2], offsets[1:n2:2])

    def _learn(self, words: list[str]) -> None:
        norm_of, key_of = self._norm_of, self._key_of
        if len(norm_of) + len(words) > _WORD_CACHE:  # a memo only: start afresh
            norm_of.clear()
            key_of.clear()
        for raw in words:
            if raw not in norm_of:
                norm_of[raw], key_of[raw] = self._word(raw)

    def _word(self, raw: str) -> tuple[str, str]:
        """(norm, case-sensitive key) of one word."""
        low = raw.lower()
        norm = self.spelling.get(low)
        if norm is None:
            norm = _fold_plural(low)
            norm = self.spelling.get(norm, norm)
        if raw == low:
            return norm, norm
        if len(raw) > 2 and raw[-1] == "s" and raw[-2].isupper():
            return norm, raw[:-1]
        return norm, raw

    def scan(
        self,
        tokens: Tokens | Sequence[Token],
        text: str = "",
        *,
        registry: bool = False,
        extra: Mapping[tuple[str, ...], list[Hit]] | None = None,
    ) -> list[Match]:
        """Every phrase in ``tokens``, leftmost-longest per facet (facets do not hide each other).

        ``extra`` holds case-sensitive phrases defined by the document itself (abbreviations);
        ``text`` (the string the tokens came from) enables the regular-expression patterns.
        """
        toks = Tokens.from_tokens(tokens)
        out: list[Match] = []
        n = len(toks)
        free: dict[str, int] = {}
        phrases, abbrs, first, cs_first = (
            self.phrases,
            self.abbreviations,
            self._first,
            self._cs_first,
        )
        single, pairs = self._single, self._pairs
        extra_first: dict[str, set[int]] = {}
        if extra:
            for key in extra:
                extra_first.setdefault(key[0], set()).add(len(key))
        norms, keys, starts, ends = toks.norms, toks.keys, toks.starts, toks.ends
        # only tokens that begin some phrase can start a match (the others would be skipped)
        candidates: Iterable[int] = compress(range(n), map(first.__contains__, norms))
        cased: set[int] = set()  # where a case-sensitive phrase (abbreviation) may start
        if extra_first or not cs_first.keys().isdisjoint(keys):
            cased = {
                *compress(range(n), map(cs_first.__contains__, keys)),
                *compress(range(n), map(extra_first.__contains__, keys)),
            }
            candidates = sorted({*candidates, *cased})
        last = n - 1
        trie, word_hits = self._usable[bool(registry)]
        for i in candidates:
            norm = norms[i]
            # phrase lengths worth trying: those of the phrases starting with this token and the
            # next one (and 1 for a one-word phrase); longer phrases cannot match otherwise
            lens = single.get(norm, ())
            if i < last:
                lens = pairs.get((norm, norms[i + 1]), lens)
            if i not in cased:  # phrase index only: the general loop below, simplified
                if not lens:
                    continue
                if lens[0] == 1:  # one-word phrases only: the loop below, simplified
                    taken = []
                    for hit in word_hits.get(norm, ()):
                        facet = hit.facet
                        if free.get(facet, 0) > i:
                            continue
                        taken.append(facet)
                        out.append(
                            Match(facet, hit.value, i, i + 1, starts[i], ends[i], hit.generic)
                        )
                    for facet in taken:
                        free[facet] = i + 1
                    continue
                # the phrases starting here, by a walk down the phrase trie
                ending: list[tuple[int, tuple[Hit, ...]]] = []  # (end, hits), shortest first
                children, hits = trie[norm]
                j = i + 1
                if hits:
                    ending.append((j, hits))
                while j < n:
                    node = children.get(norms[j])
                    if node is None:
                        break
                    children, hits = node
                    j += 1
                    if hits:
                        ending.append((j, hits))
                if len(ending) == 1:  # one phrase length: as for one-word phrases above
                    j, hits = ending[0]
                    taken = []
                    for hit in hits:
                        facet = hit.facet
                        if free.get(facet, 0) > i:
                            continue
                        taken.append(facet)
                        out.append(
                            Match(facet, hit.value, i, j, starts[i], ends[j - 1], hit.generic)
                        )
                    for facet in taken:
                        free[facet] = j
                    continue
                best: dict[str, int] = {}
                for j, hits in reversed(ending):
                    length = j - i
                    for hit in hits:
                        facet = hit.facet
                        if best.get(facet, length) > length or free.get(facet, 0) > i:
                            continue
                        best[facet] = length
                        out.append(
                            Match(facet, hit.value, i, j, starts[i], ends[j - 1], hit.generic)
                        )
                for facet, length in best.items():
                    free[facet] = i + length
                continue
            cs_lens = cs_first.get(keys[i], ())
            ex_lens = extra_first.get(keys[i], ()) if extra_first else ()
            if not lens and not cs_lens and not ex_lens:
                continue
            best = {}
            if not cs_lens and not ex_lens:
                all_lens: Iterable[int] = lens
            else:
                all_lens = sorted({*lens, *cs_lens, *ex_lens}, reverse=True)
            for length in all_lens:
                j = i + length
                if j > n:
                    continue
                found: list[tuple[Hit, bool]] = []
                if length in lens:
                    for hit in phrases.get(tuple(norms[i:j]), ()):
                        found.append((hit, False))
                if length in cs_lens or length in ex_lens:
                    key = tuple(keys[i:j])
                    for hit in abbrs.get(key, ()):
                        found.append((hit, True))
                    if extra:
                        for hit in extra.get(key, ()):
                            found.append((hit, True))
                for hit, is_abbr in found:
                    if hit.registry_only and not registry:
                        continue
                    facet = hit.facet
                    if best.get(facet, length) > length or free.get(facet, 0) > i:
                        continue
                    best[facet] = length
                    out.append(
                        Match(
                            facet,
                            hit.value,
                            i,
                            j,
                            starts[i],
                            ends[j - 1],
                            hit.generic,
                            is_abbr,
                        )
                    )
            for facet, length in best.items():
                free[facet] = i + length
        if text and self.pattern_values:
            out.extend(self._scan_patterns(toks, text, out))
        return out

    def _scan_patterns(
        self, tokens: Tokens | Sequence[Token], text: str, found: list[Match]
    ) -> list[Match]:
        out: list[Match] = []
        low = text.lower()
        # in ASCII text lower-casing is exactly what re.IGNORECASE folds, so the literals a
        # pattern cannot match without are a sound test; other texts keep the word anchors
        exact = text.isascii()
        if exact and self._pattern_gate:
            for s in self._pattern_gate:
                if s in low:
                    break
            else:
                return out  # no pattern's gate is open
        for (facet, value), regex in self.pattern_values.items():
            needs = self._pattern_needs.get((facet, value)) if exact else None
            if needs is not None:
                gate, alternatives = needs
                for s in gate:
                    if s in low:
                        break
                else:
                    continue
                if not _may_match(alternatives, low):
                    continue
            else:
                anchors = self.pattern_anchors[(facet, value)]
                if anchors and not any(a in low for a in anchors):
                    continue
            if any(m.facet == facet and m.value == value for m in found):
                continue  # the phrase index found this value already
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
        """The role of an abstract section (background, methods, ...) or None when unknown."""
        for name in (category, label):
            if name:
                role = self.sections.get(name.strip().upper())
                if role:
                    return role
        return None


def _anchors(pattern: str) -> tuple[str, ...]:
    """Literal words (4+ letters) of a pattern: a text holding none of them cannot match.

    Sound as long as every alternative has one mandatory literal word of 4+ letters (the
    vocabulary's patterns do); a pattern without any word gets no anchors and always runs.
    """
    plain = re.sub(r"\\[A-Za-z]|[A-Za-z]\?|[A-Za-z]\{[^}]*\}|[A-Za-z][*+]", " ", pattern)
    plain = re.sub(r"\[[^\]]*\]", " ", plain)
    return tuple(sorted({w.lower() for w in re.findall(r"[A-Za-z]{4,}", plain)}))


_MAX_STRINGS = 64  # literal spellings kept per clause


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
    some alternative has every clause satisfied in the lower-cased text (for ASCII texts, where
    lower-casing is exactly the case folding of re.IGNORECASE). Derived from the standard
    library's own parse of the pattern, so it follows the regular-expression syntax exactly;
    None (no test: always search) when the parser is unavailable or an alternative needs nothing.
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


def _with_gate(
    alternatives: list[list[tuple[str, ...]]],
) -> tuple[tuple[str, ...], list[list[tuple[str, ...]]]]:
    """(gate, alternatives): one clause that every alternative implies, a first cheap test.

    Each alternative contributes one of its clauses to that gate: the clause of words (4+
    letters) that the most alternatives imply, so that the gate stays short (a text that matches
    any alternative satisfies that alternative's contributed clause, hence the gate).
    """

    def implies(clause: tuple[str, ...], by: tuple[str, ...]) -> bool:
        return all(any(s in t for s in clause) for t in by)

    def spread(clause: tuple[str, ...]) -> int:
        return sum(any(implies(clause, other) for other in alt) for alt in alternatives)

    def worth(clause: tuple[str, ...]) -> tuple[int, int]:
        # short strings ("in", "a") are in almost any text: never worth a place in the gate
        return (spread(clause) if min(map(len, clause)) >= 4 else 0), -len(clause)

    gate: set[str] = set()
    for alt in alternatives:
        pick: tuple[str, ...] = max(alt, key=worth)
        gate.update(pick)
    return _clause(gate) or ("",), alternatives


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
