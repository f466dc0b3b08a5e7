"""Full-text search over studies that folds what people type: stemming and diacritics in the FTS5
tokenizer (``porter unicode61 remove_diacritics 2``), UK/US spellings (``spellings.yaml``) and
Greek letters (``β`` as ``beta``: IL-1β = IL-1beta = IL-1b) folded the same way at index time and
at query time, and any user input made into a valid FTS5 query (``fts_query``), or a query in
FTS5 syntax folded without touching its syntax (``fts_raw_query``, Datasette's raw search mode).

``studies_fts`` holds the folded title and abstract (rowid = studies.rowid), kept current by
triggers that call the SQL function ``stemspine_fold``: every connection that writes ``studies``
must register it (``register_functions``; ``db.schema.open_db`` does). ``ensure_search_index``
(re)builds the table and triggers when their definition changed, and the insert trigger names the
fold's version (``FOLD_VERSION`` and a hash of ``spellings.yaml``), so a changed fold re-indexes
every study once; it is idempotent.
"""

from __future__ import annotations

import hashlib
import pkgutil
import re
import sqlite3
from functools import cache, lru_cache
from pathlib import Path

import yaml
from sqlite_utils import Database

SPELLINGS_FILE = Path(__file__).with_name("spellings.yaml")
FTS_TABLE = "studies_fts"
FOLD_VERSION = 2  # 2: Greek letters folded to their names


def _spellings_text() -> bytes:
    """spellings.yaml's bytes, also from a zipped egg (Scrapyd deploys one), where the file
    has no path of its own."""
    return pkgutil.get_data(__name__.rpartition(".")[0] or "db", SPELLINGS_FILE.name) or b""


_FOLD_ID = f"fold {FOLD_VERSION} {hashlib.sha256(_spellings_text()).hexdigest()[:12]}"
TOKENIZE = "porter unicode61 remove_diacritics 2"
FTS_SQL = (f"CREATE VIRTUAL TABLE [{FTS_TABLE}] USING FTS5 ([title], [abstract], "
           f"tokenize='{TOKENIZE}')")
TRIGGERS = {
    "studies_fts_ai": "CREATE TRIGGER [studies_fts_ai] AFTER INSERT ON [studies] BEGIN "
                      f"/* {_FOLD_ID} */ "
                      "INSERT INTO [studies_fts] (rowid, [title], [abstract]) VALUES "
                      "(new.rowid, stemspine_fold(new.[title]), stemspine_fold(new.[abstract])); "
                      "END",
    "studies_fts_ad": "CREATE TRIGGER [studies_fts_ad] AFTER DELETE ON [studies] BEGIN "
                      "DELETE FROM [studies_fts] WHERE rowid = old.rowid; END",
    "studies_fts_au": "CREATE TRIGGER [studies_fts_au] AFTER UPDATE ON [studies] BEGIN "
                      "DELETE FROM [studies_fts] WHERE rowid = old.rowid; "
                      "INSERT INTO [studies_fts] (rowid, [title], [abstract]) VALUES "
                      "(new.rowid, stemspine_fold(new.[title]), stemspine_fold(new.[abstract])); "
                      "END",
}
_WORD = re.compile(r"\w+")
_WORD_SPLIT = re.compile(r"(\w+)")
_QUERY_TOKEN = re.compile(r'"[^"]*"?|[^\s"]+')
OPERATORS = ("OR", "AND", "NOT")
# Greek letters (lowercased first; the micro sign is the letter mu) as their names, each its own
# word; a name or its one-letter abbreviation glued to a number is split from it
GREEK = dict(zip("αβγδεζηθικλμνξοπρσςτυφχψωµ", (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma sigma tau upsilon phi chi psi omega mu").split(), strict=True))
_GREEK_LETTER = re.compile(f"[{''.join(GREEK)}]")
_GREEK_NAMES = "|".join(sorted(set(GREEK.values()), key=len, reverse=True))
_NAME_AND_NUMBER = re.compile(rf"(\w*?\d)?({_GREEK_NAMES})(\d\w*)?")
_NUMBER_AND_LETTER = re.compile(r"(\w*\d)([ab])")  # IL-1b, HIF-1a: beta, alpha
_ABBREVIATED = {"a": "alpha", "b": "beta"}


@cache
def _rules() -> tuple[dict[str, str], list[tuple[str, str]], list[tuple[str, str]]]:
    data = yaml.safe_load(_spellings_text().decode("utf-8")) or {}
    words = {str(k).lower(): str(v).lower() for k, v in (data.get("words") or {}).items()}
    by_length = sorted((data.get("prefixes") or {}).items(), key=lambda kv: -len(kv[0]))
    prefixes = [(str(k).lower(), str(v).lower()) for k, v in by_length]
    by_length = sorted((data.get("suffixes") or {}).items(), key=lambda kv: -len(kv[0]))
    suffixes = [(str(k).lower(), str(v).lower()) for k, v in by_length]
    return words, prefixes, suffixes


@lru_cache(maxsize=1 << 17)  # words repeat: indexing a study folds mostly words seen before
def fold_word(word: str) -> str:
    """One word, lowercased, Greek letters as their names (``1β`` -> ``1 beta``: more than one
    word), UK spellings folded to US (spellings.yaml)."""
    word = word.lower()
    split = _greek(word)
    if split != word:
        return " ".join(_fold_spelling(part) for part in split.split())
    return _fold_spelling(word)


def _greek(word: str) -> str:
    """``α`` -> ``alpha``, ``1β`` / ``1beta`` / ``1b`` -> ``1 beta``, ``β1`` / ``beta1`` ->
    ``beta 1`` (a lowercased word; the same word when it has no Greek letter)."""
    if _GREEK_LETTER.search(word):
        word = _GREEK_LETTER.sub(lambda match: f" {GREEK[match.group()]} ", word)
        return " ".join(_greek(part) for part in word.split())
    named = _NAME_AND_NUMBER.fullmatch(word)
    if named and (named.group(1) or named.group(3)):
        return " ".join(part for part in named.groups() if part)
    letter = _NUMBER_AND_LETTER.fullmatch(word)
    if letter:
        return f"{letter.group(1)} {_ABBREVIATED[letter.group(2)]}"
    return word


def _fold_spelling(word: str) -> str:
    words, prefixes, suffixes = _rules()
    if word in words:
        return words[word]
    for uk, us in prefixes:
        if word.startswith(uk):
            word = us + word[len(uk):]
            break
    for uk, us in suffixes:
        if word.endswith(uk) and len(word) - len(uk) >= 3:
            return word[: -len(uk)] + us
    return word


def fold(text: str | None) -> str | None:
    """Text as it is indexed: every word folded (punctuation kept as separators)."""
    if text is None:
        return None
    parts = _WORD_SPLIT.split(str(text))  # separators at even indexes, words at odd ones
    parts[1::2] = map(fold_word, parts[1::2])  # no Python frame per word: 1.6x re.sub's speed
    return "".join(parts)


def _phrase(words: list[str], prefix: bool = False) -> str:
    return '"' + " ".join(fold_word(word) for word in words) + '"' + ("*" if prefix else "")


def _term(token: str) -> str | None:
    """One query token as an FTS5 term: a "phrase" (an unbalanced quote closed) or words as a
    phrase, ``prefix*`` kept; None when it has no word."""
    if token.startswith('"'):
        words = _WORD.findall(token.strip('"'))
        return _phrase(words) if words else None
    words = _WORD.findall(token)
    if not words:
        return None
    return _phrase(words, prefix=token.endswith("*"))  # "il 1"*: the last word a prefix


def fts_query(text: str | None) -> str:
    """Any user input as a valid FTS5 query: words and "phrases" (an unbalanced quote is
    closed), ``OR`` / ``AND`` / ``NOT`` between terms, ``prefix*``, and exclusion: ``-word`` or
    ``NOT word`` with no term before it leaves out what matches it (``mesenchymal -adipose``);
    everything else (inner hyphens, colons, brackets, stray quotes) separates words. FTS5 cannot
    search for "everything but": a query of exclusions only, like empty input, matches nothing
    (``""``)."""
    parts: list[str] = []
    exclusions: list[str] = []
    negate_next = False
    for token in _QUERY_TOKEN.findall(text or ""):
        if token in OPERATORS:
            if token == "NOT" and all(part in OPERATORS for part in parts):
                negate_next = True  # a NOT with no term before it: exclude the next term
            else:
                parts.append(token)
            continue
        exclude = negate_next or (token.startswith("-") and len(token) > 1)
        negate_next = False
        term = _term(token)
        if term is None:
            continue
        (exclusions if exclude else parts).append(term)
    cleaned: list[str] = []
    for part in parts:
        if part in OPERATORS:
            if cleaned and cleaned[-1] not in OPERATORS:
                cleaned.append(part)
        else:
            cleaned.append(part)
    while cleaned and cleaned[-1] in OPERATORS:
        cleaned.pop()
    if not cleaned:
        return '""'
    query = " ".join(cleaned)
    if exclusions:
        query = f"({query})" + "".join(f" NOT {term}" for term in exclusions)
    return query


# FTS5 query syntax, piece by piece: a "string" ("" inside is a quote; unterminated at the end),
# a {column set}, a bareword (letters, digits, _, any non-ASCII character), anything else
_RAW_TOKEN = re.compile(r'"(?:[^"]|"")*"?|\{[^}]*\}?|[\w\x1a\x80-\U0010ffff]+|\s+|.', re.S)
_BAREWORD = re.compile(r"[\w\x1a\x80-\U0010ffff]+")


def fts_raw_query(text: str | None) -> str:
    """A query in FTS5 syntax (Datasette's ``?_searchmode=raw``) with its words folded as the
    index is, and nothing else changed: ``AND`` / ``OR`` / ``NOT``, ``NEAR(...)``, column
    filters (``title:``, ``{title abstract}:``, ``-title:``), ``^``, ``+``, ``*``, brackets and
    quoting stay as written, so a valid query stays valid and an invalid one stays invalid.
    ``"strings"`` are folded inside; a bareword that folds to more than one word (``1β`` ->
    ``1 beta``) becomes a "phrase" of them, as FTS5 reads a bareword the tokenizer splits."""
    if text is None:
        return ""
    pieces = _RAW_TOKEN.findall(text)
    out: list[str] = []
    for n, piece in enumerate(pieces):
        following = next((p for p in pieces[n + 1:] if not p.isspace()), "")
        if piece.startswith('"'):
            out.append(fold(piece) or "")
        elif (not _BAREWORD.fullmatch(piece) or piece in OPERATORS or following == ":"
              or (piece == "NEAR" and following == "(")):
            out.append(piece)  # syntax, an operator or a column name
        else:
            folded = fold(piece) or ""
            out.append(f'"{folded}"' if _BAREWORD.fullmatch(folded) is None else folded)
    return "".join(out)


def register_functions(conn: sqlite3.Connection) -> None:
    """``stemspine_fold(text)`` for the triggers, ``stemspine_fts_query(q)`` for queries typed
    by anyone, ``stemspine_fts_raw_query(q)`` for queries in FTS5 syntax."""
    conn.create_function("stemspine_fold", 1, fold, deterministic=True)
    conn.create_function("stemspine_fts_query", 1, fts_query, deterministic=True)
    conn.create_function("stemspine_fts_raw_query", 1, fts_raw_query, deterministic=True)


def _definition(db: Database) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute(
        "select name, sql from sqlite_master where name = ? or (type = 'trigger' and "
        "tbl_name = 'studies' and (name like 'studies_fts_%' or name in "
        "('studies_ai', 'studies_ad', 'studies_au')))", [FTS_TABLE]).fetchall()}


def ensure_search_index(db: Database) -> bool:
    """(Re)build ``studies_fts`` and its triggers when they are not the ones above (an older
    database indexed unfolded text with sqlite-utils' triggers ``studies_ai/ad/au``). Returns
    True when it rebuilt."""
    register_functions(db.conn)
    wanted = {FTS_TABLE: FTS_SQL, **TRIGGERS}
    if _definition(db) == wanted:
        return False
    with db.atomic():
        for name in list(_definition(db)):
            if name != FTS_TABLE:
                db.execute(f"DROP TRIGGER IF EXISTS [{name}]")
        db.execute(f"DROP TABLE IF EXISTS [{FTS_TABLE}]")
        db.execute(FTS_SQL)
        for sql in TRIGGERS.values():
            db.execute(sql)
        db.execute(f"INSERT INTO [{FTS_TABLE}] (rowid, title, abstract) SELECT rowid, "
                   "stemspine_fold(title), stemspine_fold(abstract) FROM studies")
    return True
