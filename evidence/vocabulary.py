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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

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

_TOKEN_RE = re.compile(r"[^\W_]+")
_KEEP_S = ("ss", "us", "is")


@dataclass(frozen=True)
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
    _first: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _cs_first: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _lengths: dict[tuple[str, str], tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = (
        field(default_factory=dict)
    )
    _words: dict[str, tuple[str, str]] = field(default_factory=dict)
    _bigrams: set[tuple[str, str]] = field(default_factory=set)

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

    def _index(self) -> None:
        first: dict[str, set[int]] = {}
        for key in self.phrases:
            first.setdefault(key[0], set()).add(len(key))
        self._first = {k: tuple(sorted(v, reverse=True)) for k, v in first.items()}
        self._bigrams = {key[:2] for key in self.phrases if len(key) > 1}  # type: ignore[misc]
        cs_first: dict[str, set[int]] = {}
        for key in self.abbreviations:
            cs_first.setdefault(key[0], set()).add(len(key))
        self._cs_first = {k: tuple(sorted(v, reverse=True)) for k, v in cs_first.items()}

    # ---- matching ---------------------------------------------------------------------------
    def tokenize(self, text: str) -> list[Token]:
        words = self._words
        tokens = []
        for m in _TOKEN_RE.finditer(text):
            raw = m.group()
            known = words.get(raw)
            if known is None:
                known = self._word(raw)
                if len(words) < 500_000:
                    words[raw] = known
            tokens.append(Token(known[0], known[1], m.start(), m.end()))
        return tokens

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
        tokens: list[Token],
        text: str = "",
        *,
        registry: bool = False,
        extra: Mapping[tuple[str, ...], list[Hit]] | None = None,
    ) -> list[Match]:
        """Every phrase in ``tokens``, leftmost-longest per facet (facets do not hide each other).

        ``extra`` holds case-sensitive phrases defined by the document itself (abbreviations);
        ``text`` (the string the tokens came from) enables the regular-expression patterns.
        """
        out: list[Match] = []
        n = len(tokens)
        free: dict[str, int] = {}
        phrases, abbrs, first, cs_first, bigrams = (
            self.phrases,
            self.abbreviations,
            self._first,
            self._cs_first,
            self._bigrams,
        )
        extra_first: dict[str, set[int]] = {}
        if extra:
            for key in extra:
                extra_first.setdefault(key[0], set()).add(len(key))
        norms = [t.norm for t in tokens]
        keys = [t.key for t in tokens]
        for i in range(n):
            tok = tokens[i]
            lens = first.get(norms[i], ())
            cs_lens = cs_first.get(keys[i], ())
            ex_lens = extra_first.get(keys[i], ()) if extra_first else ()
            if not lens and not cs_lens and not ex_lens:
                continue
            best: dict[str, int] = {}
            if lens and lens[0] > 1 and (i + 1 >= n or (norms[i], norms[i + 1]) not in bigrams):
                lens = (1,) if lens[-1] == 1 else ()
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
                            tok.start,
                            tokens[j - 1].end,
                            hit.generic,
                            is_abbr,
                        )
                    )
            for facet, length in best.items():
                free[facet] = i + length
        if text and self.pattern_values:
            out.extend(self._scan_patterns(tokens, text, out))
        return out

    def _scan_patterns(self, tokens: list[Token], text: str, found: list[Match]) -> list[Match]:
        out = []
        starts = [t.start for t in tokens]
        taken = {(m.facet, m.value) for m in found}
        low = text.lower()
        for (facet, value), regex in self.pattern_values.items():
            if (facet, value) in taken:
                continue
            anchors = self.pattern_anchors[(facet, value)]
            if anchors and not any(a in low for a in anchors):
                continue
            m = regex.search(text)
            if m is None:
                continue
            i = _bisect(starts, m.start())
            j = max(i + 1, _bisect(starts, m.end()))
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


def _bisect(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


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
