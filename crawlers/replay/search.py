"""The APIs' search expressions, evaluated over corpus records, so that a query that matches
nothing offline matches nothing.

Three dialects: PubMed terms (``"stem cell*"[tiab] OR "Spinal Stenosis"[Mesh]``, Boolean operators
read left to right), Europe PMC queries (``TITLE_ABS:"stem cell" AND SRC:MED AND
FIRST_IDATE:[2024-01-01 TO 2024-12-31]``, AND before OR) and ClinicalTrials.gov's Essie
expressions in ``query.cond`` / ``query.intr`` / ``query.term`` (``low back pain OR "disc
herniation"``).

Evaluation is three-valued. Restrictions a corpus can answer exactly (dates, sources, ids,
publication types, languages) are always true or false. Text terms are evaluated only when the
server matches text (``match_text``); otherwise they are unknown, and a record is served unless
the expression is false: a corpus folder then stands for what a text search returned (a
development corpus holds neighbours and negatives that the topic's words would not find), while
its date windows and source restrictions still apply.

Matching is by words (lower case, accents folded, split at anything not a letter or digit): a
phrase matches consecutive words of one field value, a trailing ``*`` truncates its last word.
PubMed's ``[Mesh]`` matches a heading that contains the phrase (a stand-in for MeSH explosion:
"Stem Cells" finds "Mesenchymal Stem Cells"). Essie words match with a plural ``s`` folded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

Truth = bool | None  # None: unknown (a text term when text is not matched)

_WORD = re.compile(r"[0-9a-z]+")


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


def essie_word(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@dataclass
class Doc:
    """One corpus record as the search sees it."""

    texts: dict[str, list[list[str]]] = field(default_factory=dict)  # field -> word lists
    dates: dict[str, str] = field(default_factory=dict)  # field -> ISO date (may be partial)

    def add(self, name: str, *values: str | None) -> None:
        for value in values:
            if value:
                self.texts.setdefault(name, []).append(words(value))


# expression tree -----------------------------------------------------------------------------

@dataclass
class Term:
    fields: tuple[str, ...]  # searched in any of these
    phrase: tuple[str, ...]
    truncated: bool = False
    exact: bool = False  # a restriction the corpus answers exactly (source, id, type, language)
    fold: Callable[[str], str] | None = None  # word normalisation (Essie plurals)


@dataclass
class Range:
    field: str
    low: str  # ISO date prefix, '' = open
    high: str


@dataclass
class Op:
    name: str  # AND / OR / NOT (binary: left AND NOT right) / NONE (matches nothing)
    parts: list[Node]


Node = Term | Range | Op


def evaluate(node: Node, doc: Doc, match_text: bool) -> Truth:
    if isinstance(node, Term):
        if not (node.exact or match_text):
            return None
        return _term_matches(node, doc)
    if isinstance(node, Range):
        return in_range(doc.dates.get(node.field), node.low, node.high)
    if node.name == "NONE":
        return False
    values = [evaluate(part, doc, match_text) for part in node.parts]
    if node.name == "AND":
        return False if False in values else (None if None in values else True)
    if node.name == "OR":
        return True if True in values else (None if None in values else False)
    left, right = values  # NOT
    if left is False or right is True:
        return False
    return None if None in (left, right) else True


def selects(node: Node | None, match_text: bool) -> bool:
    """Can the expression leave a record out? (Without text matching, only restrictions a corpus
    answers exactly can: if there are none, every record is served without looking at it.)"""
    if node is None:
        return False
    if isinstance(node, Term):
        return node.exact or match_text
    if isinstance(node, Range):
        return True
    return node.name == "NONE" or any(selects(part, match_text) for part in node.parts)


def served(node: Node | None, doc: Doc, match_text: bool) -> bool:
    """Is the record in the result? (Unknown counts as yes: see the module docstring.)"""
    return node is None or evaluate(node, doc, match_text) is not False


def _term_matches(term: Term, doc: Doc) -> bool:
    phrase = [term.fold(w) for w in term.phrase] if term.fold else list(term.phrase)
    if not phrase:
        return False
    size = len(phrase)
    for name in term.fields:
        for value in doc.texts.get(name, []):
            seq = [term.fold(w) for w in value] if term.fold else value
            for start in range(len(seq) - size + 1):
                if all(seq[start + i] == phrase[i] for i in range(size - 1)) and (
                        seq[start + size - 1].startswith(phrase[-1]) if term.truncated
                        else seq[start + size - 1] == phrase[-1]):
                    return True
    return False


def in_range(value: str | None, low: str, high: str) -> bool:
    """ISO date strings compare as text; '' or '*' is an open end; partial dates (2024-05)
    compare by their common prefix."""
    if not value:
        return False
    low = "" if low in ("*", "") else low
    high = "" if high in ("*", "") else high
    if low and value[:len(low)] < low[:len(value)]:
        return False
    return not (high and value[:len(high)] > high[:len(value)])


# tokens ----------------------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<open>\() | (?P<close>\)) |
    (?P<field>[A-Za-z][A-Za-z_.]*):(?=["\[(\w*]) |
    (?P<phrase>"[^"]*") |
    (?P<range>\[[^\]]*\bTO\b[^\]]*\]) |
    (?P<tag>\[[^\]]*\]) |
    (?P<word>[^\s()"\[\]]+)
""", re.X)


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "", m.group(0)) for m in _TOKEN.finditer(text)]


def _phrase(text: str) -> tuple[tuple[str, ...], bool]:
    text = text.strip('"')
    truncated = text.rstrip().endswith("*")
    return tuple(words(text)), truncated


# PubMed --------------------------------------------------------------------------------------

PUBMED_FIELDS: dict[str, tuple[str, ...]] = {
    "tiab": ("ti", "ab", "ot"), "title/abstract": ("ti", "ab", "ot"),
    "ti": ("ti",), "title": ("ti",), "ab": ("ab",), "abstract": ("ab",),
    "tw": ("ti", "ab", "ot", "mh", "pt"), "text word": ("ti", "ab", "ot", "mh", "pt"),
    "mh": ("mh",), "mesh": ("mh",), "mesh terms": ("mh",), "mh:noexp": ("mh",),
    "majr": ("mh",), "mesh major topic": ("mh",), "ot": ("ot",), "other term": ("ot",),
    "au": ("au",), "author": ("au",), "ta": ("ta",), "journal": ("ta",),
    "all": ("ti", "ab", "ot", "mh", "pt", "au", "ta", "la", "pmid"),
    "all fields": ("ti", "ab", "ot", "mh", "pt", "au", "ta", "la", "pmid"),
    "pt": ("pt",), "publication type": ("pt",), "la": ("la",), "language": ("la",),
    "pmid": ("pmid",), "uid": ("pmid",),
}
PUBMED_EXACT = {"pt", "publication type", "la", "language", "pmid", "uid"}
PUBMED_DATES = {"dp": "pdat", "pdat": "pdat", "publication date": "pdat", "edat": "edat",
                "entrez date": "edat", "mdat": "mdat", "lr": "mdat",
                "modification date": "mdat"}
_PUBMED_RANGE = re.compile(r"(\d{4}(?:/\d{1,2}(?:/\d{1,2})?)?):(\d{4}(?:/\d{1,2}(?:/\d{1,2})?)?)")


def _pubmed_date(text: str) -> str:
    return "-".join(part.zfill(2) for part in text.split("/"))


def parse_pubmed(term: str) -> tuple[Node | None, list[str]]:
    """(expression, ErrorList entries such as 'FieldNotFound: xyz'); None for an empty term.
    PubMed reads Boolean operators left to right; an unknown field tag is reported and the term
    searched in all fields."""
    tokens = _tokens(term)
    errors: list[str] = []
    pos = 0

    def atom() -> Node:
        nonlocal pos
        kind, text = tokens[pos]
        pos += 1
        if kind == "open":
            node = expression()
            if pos < len(tokens) and tokens[pos][0] == "close":
                pos += 1
            return node
        parts = [text]
        while kind in ("word", "phrase") and pos < len(tokens) and tokens[pos][0] in (
                "word", "phrase") and tokens[pos][1] not in ("AND", "OR", "NOT") and (
                _tag_follows(pos)):
            parts.append(tokens[pos][1])
            pos += 1
        tag = "all"
        if pos < len(tokens) and tokens[pos][0] == "tag":
            tag = tokens[pos][1][1:-1].strip().lower()
            pos += 1
        value = " ".join(parts)
        dates = _PUBMED_RANGE.fullmatch(value)
        if tag in PUBMED_DATES and dates:
            return Range(PUBMED_DATES[tag], _pubmed_date(dates.group(1)),
                         _pubmed_date(dates.group(2)))
        if tag not in PUBMED_FIELDS:
            errors.append(f"FieldNotFound: {tag}")
            tag = "all"
        phrase, truncated = _phrase(value)
        return Term(PUBMED_FIELDS[tag], phrase, truncated, exact=tag in PUBMED_EXACT)

    def _tag_follows(at: int) -> bool:
        """Unquoted words before a field tag form one term ("stem cells[tiab]")."""
        while at < len(tokens) and tokens[at][0] == "word" and tokens[at][1] not in (
                "AND", "OR", "NOT"):
            at += 1
        return at < len(tokens) and tokens[at][0] == "tag"

    def expression() -> Node:
        nonlocal pos
        node = atom()
        while pos < len(tokens) and tokens[pos][0] != "close":
            operator = tokens[pos][1]
            if operator in ("AND", "OR", "NOT"):
                pos += 1
            else:
                operator = "AND"
            if pos >= len(tokens):
                break
            node = Op(operator, [node, atom()])
        return node

    if not tokens:
        return None, errors
    return expression(), errors


def pubmed_doc(texts: dict[str, list[str]], dates: dict[str, str]) -> Doc:
    doc = Doc(dates=dict(dates))
    for name, values in texts.items():
        doc.add(name, *values)
    return doc


# Europe PMC ----------------------------------------------------------------------------------

EPMC_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "TITLE": ("title",), "ABSTRACT": ("abstract",), "TITLE_ABS": ("title", "abstract"),
    "KW": ("keywords",), "KEYWORD": ("keywords",), "MESH": ("mesh",), "AUTH": ("authors",),
    "JOURNAL": ("journal",),
}
EPMC_EXACT_FIELDS: dict[str, tuple[str, ...]] = {
    "SRC": ("source",), "EXT_ID": ("id",), "PMID": ("pmid",), "PMCID": ("pmcid",),
    "DOI": ("doi",), "PUB_TYPE": ("pubtype",), "LANG": ("language",),
}
EPMC_DATE_FIELDS = {"FIRST_PDATE", "FIRST_IDATE", "CREATION_DATE", "UPDATE_DATE", "INDEX_DATE",
                    "E_PDATE", "P_PDATE", "PUB_YEAR"}
EPMC_DEFAULT = ("title", "abstract", "keywords", "mesh", "authors", "journal")


def parse_europepmc(query: str) -> Node | None:
    """A Europe PMC query: AND binds before OR, adjacent terms are ANDed, FIELD:term,
    FIELD:"phrase", FIELD:(group), FIELD:[low TO high]. An unknown field matches nothing."""
    return _StandardParser(_tokens(query), _epmc_atom).parse()


def _epmc_atom(field_name: str | None, kind: str, text: str,
               group: Callable[[str | None], Node]) -> Node:
    name = (field_name or "").upper()
    if kind == "open":
        return group(name or None)
    if kind == "range":
        low, _, high = text[1:-1].partition(" TO ")
        if name not in EPMC_DATE_FIELDS:
            return Op("NONE", [])
        return Range(name, low.strip().strip('"'), high.strip().strip('"'))
    phrase, truncated = _phrase(text)
    if not name:
        return Term(EPMC_DEFAULT, phrase, truncated)
    if name in EPMC_TEXT_FIELDS:
        return Term(EPMC_TEXT_FIELDS[name], phrase, truncated)
    if name in EPMC_EXACT_FIELDS:
        return Term(EPMC_EXACT_FIELDS[name], phrase, truncated, exact=True)
    if name in EPMC_DATE_FIELDS:  # FIRST_PDATE:2024-05-01
        return Range(name, text.strip('"'), text.strip('"'))
    return Op("NONE", [])


class _StandardParser:
    """OR of ANDs of (NOT) atoms, with FIELD: prefixes that may apply to a group."""

    def __init__(self, tokens: list[tuple[str, str]],
                 make: Callable[[str | None, str, str, Callable[[str | None], Node]], Node]
                 ) -> None:
        self.tokens = tokens
        self.pos = 0
        self.make = make
        self.fields: list[str | None] = [None]

    def parse(self) -> Node | None:
        return self.or_() if self.tokens else None

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def or_(self) -> Node:
        parts = [self.and_()]
        while (token := self.peek()) is not None and token[1] == "OR":
            self.pos += 1
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else Op("OR", parts)

    def and_(self) -> Node:
        node = self.unary()
        while (token := self.peek()) is not None and token[0] != "close" and token[1] != "OR":
            if token[1] == "AND":
                self.pos += 1
                if (token := self.peek()) is None:
                    break
            if token[1] == "NOT":
                self.pos += 1
                node = Op("NOT", [node, self.unary()])
            else:
                node = Op("AND", [node, self.unary()])
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token[1] == "NOT":
            self.pos += 1
            return Op("NOT", [Op("AND", []), self.unary()])  # NOT x alone: everything but x
        return self.atom()

    def atom(self) -> Node:
        field_name = self.fields[-1]
        kind, text = self.tokens[self.pos]
        self.pos += 1
        if kind == "field":
            field_name = text[:-1]
            kind, text = self.tokens[self.pos]
            self.pos += 1
        return self.make(field_name, kind, text, self.group)

    def group(self, field_name: str | None) -> Node:
        self.fields.append(field_name or self.fields[-1])
        node = self.or_()
        self.fields.pop()
        if (token := self.peek()) is not None and token[0] == "close":
            self.pos += 1
        return node


# ClinicalTrials.gov (Essie) ------------------------------------------------------------------

ESSIE_AREAS: dict[str, tuple[str, ...]] = {
    "query.cond": ("conditions", "keywords", "titles", "condition_mesh"),
    "query.intr": ("interventions", "intervention_mesh"),
    "query.titles": ("titles",),
    "query.outc": ("outcomes",),
    "query.spons": ("sponsors",),
    "query.term": ("conditions", "keywords", "titles", "condition_mesh", "interventions",
                   "intervention_mesh", "outcomes", "sponsors", "descriptions", "ids"),
    "query.id": ("ids",),
}


def parse_essie(expression: str, area: str) -> Node | None:
    """An Essie expression searched in one query area: AND before OR, unquoted adjacent words
    are ANDed, quoted phrases kept whole."""
    fields = ESSIE_AREAS[area]

    def make(_field: str | None, kind: str, text: str,
             group: Callable[[str | None], Node]) -> Node:
        if kind == "open":
            return group(None)
        phrase, truncated = _phrase(text)
        return Term(fields, phrase, truncated, fold=essie_word)

    return _StandardParser(_tokens(expression), make).parse()
