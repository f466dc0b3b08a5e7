"""Full-text search input and folding (db/search_index.py): any input makes a valid FTS5 query,
UK and US spellings fold alike, and an older index is rebuilt once."""

from __future__ import annotations

import random
import sqlite3

import pytest
from sqlite_utils import Database

from db.search_index import (
    FTS_TABLE,
    TRIGGERS,
    ensure_search_index,
    fold,
    fts_query,
    fts_raw_query,
    register_functions,
)

HOSTILE = ['stem-cell', '"unbalanced', 'a "b c', '""', '"', "'", "NOT", "OR OR", "a OR",
           "NOT a", "a NOT", "(", ")", "title:x", "*", "x*", "-x", "^x", "NEAR(a b)", "a AND",
           "ünïcödé", "中文", "x' OR '1'='1", ";drop table studies;", "\\", "a\tb\nc", "",
           "   ", "AND", "stem-cell*", '"stem cell"*', "{a b}", "a:b:c", "%_", "+x"]


@pytest.fixture
def fts():
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    conn.execute("create virtual table t using fts5(body, tokenize='porter unicode61 "
                 "remove_diacritics 2')")
    for text in ["Randomised trial of stem-cell injection", "Haematopoietic tumour cells",
                 "Mesenchymal stromal cells: a randomized controlled study", "Müller's café"]:
        conn.execute("insert into t (body) values (stemspine_fold(?))", [text])
    return conn


def matches(conn, query: str) -> int:
    return conn.execute("select count(*) from t where t match stemspine_fts_query(?)",
                        [query]).fetchone()[0]


@pytest.mark.parametrize("text", HOSTILE)
def test_any_input_is_a_valid_query(fts, text):
    matches(fts, text)  # raises sqlite3.OperationalError on an invalid FTS5 query


def test_random_input_is_always_valid(fts):
    rng = random.Random(4)
    alphabet = 'ab "\'*-:()^ORNOTAND\t.,;{}+~'
    for _ in range(2000):
        matches(fts, "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))))


def test_spellings_fold_alike(fts):
    assert matches(fts, "randomised") == matches(fts, "randomized") == 2
    assert matches(fts, "hematopoietic") == matches(fts, "haematopoietic") == 1
    assert matches(fts, "tumor") == 1
    assert matches(fts, "stem-cell") == 1 and matches(fts, '"stem cell"') == 1
    assert matches(fts, "muller") == 1 and matches(fts, "cafe") == 1  # diacritics folded
    assert matches(fts, "injections") == 1  # porter stemming
    assert matches(fts, "random*") == 2
    assert matches(fts, "haematopoietic OR mesenchymal") == 2
    assert matches(fts, "cells NOT tumour") == 2
    assert matches(fts, "") == 0


def test_exclusions_leave_out_what_they_match(fts):
    # the audit: "mesenchymal -adipose" searched mesenchymal AND adipose, "NOT adipose" adipose
    assert matches(fts, "cells") == 3
    assert matches(fts, "cells -tumour") == 2
    assert matches(fts, "cells -tumour -stem") == 1
    assert matches(fts, "cells -tumour -randomised") == 0
    assert matches(fts, "cells NOT tumour") == matches(fts, "cells -tumor") == 2
    assert matches(fts, "NOT tumour cells") == 2  # NOT with nothing before: an exclusion
    assert matches(fts, "haematopoietic OR mesenchymal -tumour") == 1
    assert matches(fts, "NOT tumour") == 0 and matches(fts, "-tumour") == 0  # nothing to keep
    assert matches(fts, "stem-cell") == 1  # an inner hyphen still joins words
    assert fts_query("mesenchymal -adipose") == '("mesenchymal") NOT "adipose"'
    assert fts_query("NOT adipose") == '""'


def test_a_hyphenated_prefix_reaches_greek_letter_suffixes():
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    conn.execute("create virtual table t using fts5(body, tokenize='porter unicode61 "
                 "remove_diacritics 2')")
    conn.execute("insert into t (body) values (stemspine_fold('IL-1β rose after injection'))")
    assert fts_query("IL-1*") == '"il 1"*'
    assert conn.execute("select count(*) from t where t match stemspine_fts_query('IL-1*')"
                        ).fetchone()[0] == 1


def test_fold_and_query_text():
    assert fold("Randomised, haemato-logical organisation") == (
        "randomized, hemato-logical organization")
    assert fold(None) is None
    assert fts_query('stem-cell "unbalanced') == '"stem cell" "unbalanced"'
    assert fts_query("OR a NOT") == '"a"'
    assert fts_query("   ") == '""'


def test_an_old_index_is_rebuilt_once_and_then_kept(tmp_path):
    db = Database(tmp_path / "old.db")
    db["studies"].insert({"study_id": "a", "title": "Randomised trial", "abstract": "x"},
                         pk="study_id")
    db["studies"].enable_fts(["title", "abstract"], create_triggers=True, tokenize="porter")
    assert ensure_search_index(db) is True
    assert ensure_search_index(db) is False
    triggers = {row[0] for row in db.execute(
        "select name from sqlite_master where type = 'trigger'").fetchall()}
    assert triggers == {"studies_fts_ai", "studies_fts_ad", "studies_fts_au"}
    count = "select count(*) from studies_fts where studies_fts match stemspine_fts_query(?)"
    assert db.execute(count, ["randomized"]).fetchone()[0] == 1
    db["studies"].insert({"study_id": "b", "title": "Haematoma", "abstract": None})
    db["studies"].update("a", {"title": "Other"})
    db["studies"].delete("b")
    assert db.execute(count, ["randomized"]).fetchone()[0] == 0
    assert db.execute(count, ["hematoma"]).fetchone()[0] == 0
    assert db[FTS_TABLE].count == 1


GREEK_TEXTS = ["IL-1β rose after injection", "TGF-β1 and α-SMA were stained",
               "Interleukin 6 only"]


@pytest.fixture
def greek():
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    conn.execute("create virtual table t using fts5(body, tokenize='porter unicode61 "
                 "remove_diacritics 2')")
    for text in GREEK_TEXTS:
        conn.execute("insert into t (body) values (stemspine_fold(?))", [text])
    return conn


def found(conn, query: str, function: str = "stemspine_fts_query") -> set[str]:
    return {GREEK_TEXTS[rowid - 1] for (rowid,) in conn.execute(
        f"select rowid from t where t match {function}(?)", [query])}


def test_greek_letters_and_their_names_find_each_other(greek):
    il1 = {"IL-1β rose after injection"}
    stained = {"TGF-β1 and α-SMA were stained"}
    for query in ("IL-1β", "IL-1beta", "IL-1b", "il-1 beta", '"IL-1β rose"', "IL-1Β"):
        assert found(greek, query) == il1, query
    for query in ("TGF-β1", "TGF-beta1", "TGF beta 1", "TGFβ1", "α-SMA", "alpha-SMA",
                  "alpha SMA", "Α-SMA"):
        assert found(greek, query) == stained, query
    assert found(greek, "beta") == il1 | stained
    assert found(greek, "IL-6") == set()
    assert fold("IL-1β, TGF-beta1, HIF-1a") == "il-1 beta, tgf-beta 1, hif-1 alpha"


def test_raw_queries_fold_words_and_keep_fts5_syntax(fts, greek):
    assert fts_raw_query("randomised") == "randomized"
    assert fts_raw_query('title:organisation OR "randomised trial" NOT tumour*') == (
        'title:organization OR "randomized trial" NOT tumor*')
    assert fts_raw_query("{title abstract}: haem* AND NEAR(colour grey, 5)") == (
        "{title abstract}: hem* AND NEAR(color gray, 5)")
    assert fts_raw_query("-abstract:ageing ^IL") == "-abstract:aging ^il"
    assert fts_raw_query("1β*") == '"1 beta"*'  # one bareword: a phrase of its folded words

    def raw(query: str) -> int:
        return fts.execute("select count(*) from t where t match stemspine_fts_raw_query(?)",
                           [query]).fetchone()[0]

    assert raw("randomised") == raw("randomized") == 2
    assert raw("haematopoietic OR randomised") == 3
    assert raw('"stem cell" AND randomised') == 1
    assert raw("random*") == 2
    assert raw("NEAR(randomised controlled, 3)") == 1
    assert raw("body:tumour") == 1
    assert raw("cells NOT tumour") == 2
    assert found(greek, "1β", "stemspine_fts_raw_query") == {"IL-1β rose after injection"}
    assert found(greek, "alpha AND sma", "stemspine_fts_raw_query") == {GREEK_TEXTS[1]}
    for invalid in ('"unbalanced', "a AND", "(x", "title:"):
        with pytest.raises(sqlite3.OperationalError):
            raw(invalid)  # raw mode: FTS5 syntax errors stay errors, as without folding


def test_a_changed_fold_reindexes_once(tmp_path):
    db = Database(tmp_path / "fold1.db")
    db["studies"].insert({"study_id": "a", "title": "IL-1β rose", "abstract": None},
                         pk="study_id")
    ensure_search_index(db)
    # an index built by the fold before Greek letters: text as it was, trigger without version
    db.execute("update studies_fts set title = 'il-1β rose'")
    db.execute("drop trigger studies_fts_ai")
    db.execute(TRIGGERS["studies_fts_ai"].replace(TRIGGERS["studies_fts_ai"].split("/*")[1]
                                                  .split("*/")[0], " fold 1 "))
    count = "select count(*) from studies_fts where studies_fts match stemspine_fts_query(?)"
    assert db.execute(count, ["IL-1beta"]).fetchone()[0] == 0
    assert ensure_search_index(db) is True
    assert db.execute(count, ["IL-1beta"]).fetchone()[0] == 1
    assert ensure_search_index(db) is False
