"""The indexes the served pages need (issue 11: a million studies), read from SQLite's own query
plans on a small database: the studies table's default order and its search walk an index
instead of sorting, facet-column filters and tag lookups are index searches, and links are
found from both ends. No timing: a plan that sorts or scans fails whatever the machine."""

from __future__ import annotations

import sqlite3

import pytest

from db.schema import SCALAR_FACET_INDEXES
from db.search_index import register_functions
from tests.studydb import build_synthetic_db


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    path = build_synthetic_db(tmp_path_factory.mktemp("indexes") / "stemspine.db", 300)
    connection = sqlite3.connect(path)
    register_functions(connection)
    connection.execute("ANALYZE")
    return connection


def plan(conn, sql: str, params=()) -> str:
    return " | ".join(row[-1] for row in conn.execute(f"explain query plan {sql}", params))


def test_default_order_and_its_next_pages_walk_an_index(conn):
    first = plan(conn, "select * from studies order by year desc, study_id limit 51")
    later = plan(conn, "select * from studies where (year < 2015 or (year = 2015 and "
                       "study_id > 'pmid:1')) order by year desc, study_id limit 51")
    for found in (first, later):
        assert "idx_studies_year_desc_study_id" in found and "TEMP B-TREE" not in found, found


def test_a_search_on_many_studies_walks_the_order_not_every_match(conn):
    """db/plugins/tag_facets.py's ``+rowid in`` (a search matching many studies): the page
    stops after its rows; Datasette's ``rowid in`` reads and sorts every match."""
    search = "(select rowid from studies_fts where studies_fts match 'stem')"
    many = plan(conn, f"select * from studies where +rowid in {search} "
                      "order by year desc, study_id limit 51")
    assert "idx_studies_year_desc_study_id" in many and "TEMP B-TREE" not in many, many
    few = plan(conn, f"select * from studies where rowid in {search} "
                     "order by year desc, study_id limit 51")
    assert "INTEGER PRIMARY KEY" in few, few


@pytest.mark.parametrize("column", SCALAR_FACET_INDEXES)
def test_facet_column_filters_search_an_index(conn, column):
    assert f"USING COVERING INDEX idx_studies_{column} ({column}=?)" in plan(
        conn, f"select count(*) from studies where {column} = ?", ["x"])


def test_tags_and_links_are_index_searches(conn):
    tags = plan(conn, "select study_id from study_tags where facet = ? and value = ?",
                ["cell_type", "msc"])
    assert "USING COVERING INDEX idx_study_tags_facet_value_study_id" in tags, tags
    facets = plan(conn, "select study_rowid from study_facets where facet = ? and value = ?",
                  ["cell_types", "msc"])
    assert "SEARCH study_facets USING" in facets, facets
    for column in ("study_id", "other_study_id"):
        found = plan(conn, f"select * from links where {column} = ?", ["pmid:1"])
        assert "SEARCH links USING" in found, (column, found)
