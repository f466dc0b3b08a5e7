"""The facet index (db/facet_index.py): ``study_facets`` equals the studies' facet columns
whoever writes them (triggers), and its bitmaps count what plain SQL counts."""

from __future__ import annotations

import json
import random
import sqlite3

import pytest
from sqlite_utils import Database

from db.facet_index import SCALAR_COLUMNS, TABLE, FacetBitmaps, bitmap, ensure_facet_index
from db.schema import FACET_COLUMNS, open_db
from db.search_index import register_functions
from tests.studydb import synthetic_studies

ARRAYS = tuple(FACET_COLUMNS.values())


def expected_rows(db: Database) -> set[tuple]:
    """(facet, value, rowid) from the studies themselves, as Datasette's array facet reads them."""
    rows = set()
    for column in ARRAYS:
        rows |= {(column, r[0], r[1]) for r in db.execute(
            f"select j.value, s.rowid from studies s, json_each(case when json_valid(s.{column}) "
            f"then s.{column} else '[]' end) j where j.value is not null")}
    for column in SCALAR_COLUMNS:
        rows |= {(column, r[0], r[1]) for r in db.execute(
            f"select {column}, rowid from studies where {column} is not null")}
    return rows


def stored_rows(db: Database) -> set[tuple]:
    return set(db.execute(f"select facet, value, study_rowid from {TABLE}").fetchall())


def encoded(rows: list[dict]) -> list[dict]:
    return [{k: json.dumps(v) if isinstance(v, list) else v for k, v in row.items()}
            for row in rows]


@pytest.fixture()
def db(tmp_path) -> Database:
    database = open_db(str(tmp_path / "facets.db"))
    database["studies"].insert_all(encoded(synthetic_studies(300)), pk="study_id")
    return database


def test_triggers_keep_the_index_equal_to_the_studies(db) -> None:
    assert stored_rows(db) == expected_rows(db) and len(stored_rows(db)) > 1000
    before = db.execute("select version from _study_facets_version").fetchone()[0]
    rng = random.Random(3)
    ids = [row["study_id"] for row in db["studies"].rows]
    for study_id in rng.sample(ids, 40):
        db["studies"].update(study_id, {"cell_types": json.dumps(["msc", "msc", "svf"]),
                                        "design": rng.choice(["rct", None]), "year": None})
    for study_id in rng.sample(ids, 3):
        db["studies"].update(study_id, {"conditions": "not JSON", "outcomes": None})
    db["studies"].delete_where("study_id in (?, ?)", ids[:2])
    db["studies"].insert_all(encoded(synthetic_studies(320)[300:]), pk="study_id")
    assert stored_rows(db) == expected_rows(db)
    after = db.execute("select version from _study_facets_version").fetchone()[0]
    assert after > before


def test_ensure_fills_an_index_for_existing_studies_once(tmp_path) -> None:
    db = open_db(str(tmp_path / "old.db"))
    db["studies"].insert_all(encoded(synthetic_studies(50)), pk="study_id")
    db.execute("drop table study_facets")  # a database from before the facet index
    assert ensure_facet_index(db, ARRAYS) is True
    assert stored_rows(db) == expected_rows(db)
    assert ensure_facet_index(db, ARRAYS) is False


def test_bitmaps_count_what_sql_counts(db) -> None:
    conn = sqlite3.connect(db.conn.execute("pragma database_list").fetchone()[2],
                           isolation_level=None)
    register_functions(conn)
    index = FacetBitmaps.load(conn)
    for column in ("cell_types", "conditions", "design", "year", "kind"):
        sql = dict(db.execute(f"select value, count(*) from {TABLE} where facet = ? "
                              "group by value", [column]).fetchall())
        assert dict(index.counts(column)) == sql
    msc_rct = index.select([("cell_types", "msc"), ("design", "rct")])
    assert msc_rct is not None
    want = {row[0] for row in db.execute(
        "select rowid from studies where design = 'rct' and 'msc' in "
        "(select value from json_each(cell_types))")}
    assert msc_rct.bit_count() == len(want) > 0
    assert msc_rct == bitmap(want)
    by_condition = dict(index.counts("conditions", within=msc_rct))
    for value, count in by_condition.items():
        assert count == db.execute(
            "select count(*) from studies where design = 'rct' and 'msc' in (select value from "
            "json_each(cell_types)) and ? in (select value from json_each(conditions))",
            [value]).fetchone()[0]
    assert index.bitmap("year", "2010") == index.bitmap("year", 2010)  # query strings are text
    assert index.select([]) is None


def test_bitmap_of_rowids() -> None:
    assert bitmap([]) == 0
    assert bitmap([0, 3, 64]) == (1 | 8 | 1 << 64)
