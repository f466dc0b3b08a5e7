"""The studies table's facets and facet filters at scale (db/plugins/tag_facets.py), through
Datasette's ASGI client on a synthetic database: every count equals the plain-SQL count over the
JSON arrays, and the index filter returns the rows the JSON-array filter returns."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest
import sqlite_utils

from tests.studydb import build_synthetic_db, get_ok, started_datasette

COUNT = 3000
ARRAY_FACETS = ("cell_types", "conditions", "outcomes")
PLAIN_FACETS = ("design", "evidence_level", "kind", "year", "status", "result", "population")


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_synthetic_db(tmp_path_factory.mktemp("facets") / "stemspine.db", COUNT)


@pytest.fixture(scope="module")
def ds(db_path):
    return started_datasette(db_path)


def get(ds, path: str):
    return get_ok(ds, path).json()


def sql_counts(db_path, column: str, where: str = "1", params=()) -> dict:
    conn = sqlite3.connect(db_path)
    if column in ARRAY_FACETS:
        sql = (f"select j.value, count(*) from studies s, json_each(s.{column}) j where {where} "
               "group by j.value")
    else:
        sql = (f"select {column}, count(*) from studies s where {where} and {column} is not null "
               f"group by {column}")
    return {str(value): count for value, count in conn.execute(sql, params)}


def facet_counts(data: dict, column: str) -> dict:
    return {str(item["value"]): item["count"]
            for item in data["facet_results"][column]["results"]}


def test_default_facets_are_counted_from_the_index(ds, db_path):
    data = get(ds, "/stemspine/studies.json?_facet_size=max")
    for column in (*ARRAY_FACETS, *PLAIN_FACETS):
        assert facet_counts(data, column) == sql_counts(db_path, column), column
    counts = [item["count"] for item in data["facet_results"]["cell_types"]["results"]]
    assert counts == sorted(counts, reverse=True)


def test_tag_filter_returns_the_rows_of_the_json_array_filter(ds):
    for query in ("cell_types=msc&conditions=disc_herniation", "outcomes=pain",
                  "cell_types=svf&cell_types=bmac"):
        pairs = [part.split("=") for part in query.split("&")]
        tagged = "&".join(f"_tag_{column}={value}" for column, value in pairs)
        scanned = "&".join(f"{column}__arraycontains={value}" for column, value in pairs)
        fast = get(ds, f"/stemspine/studies.json?{tagged}&_size=max&_col=title&_shape=objects")
        slow = get(ds, f"/stemspine/studies.json?{scanned}&_size=max&_col=title&_shape=objects")
        assert fast["filtered_table_rows_count"] == slow["filtered_table_rows_count"]
        assert [r["study_id"] for r in fast["rows"]] == [r["study_id"] for r in slow["rows"]]
        assert fast["rows"], query
        assert all(f'contains "{value}"' in fast["human_description_en"] for _, value in pairs)


def test_filtered_facets_count_only_the_filtered_studies(ds, db_path):
    msc_herniation = ("'msc' in (select value from json_each(s.cell_types)) and "
                      "'disc_herniation' in (select value from json_each(s.conditions))")
    cases = {
        # facet selections only: counted from the bitmaps
        "_tag_cell_types=msc&_tag_conditions=disc_herniation": msc_herniation,
        "cell_types__arraycontains=msc&_tag_conditions=disc_herniation&design=rct":
            msc_herniation + " and s.design = 'rct'",
        "_tag_year=2010": "s.year = 2010",
        # any other filter: its rows are read with SQL once
        "_tag_cell_types=msc&year__gte=2015": "'msc' in (select value from "
                                              "json_each(s.cell_types)) and s.year >= 2015",
        "_search=randomized&_tag_outcomes=pain":
            "s.rowid in (select rowid from studies_fts where studies_fts match 'randomized') "
            "and 'pain' in (select value from json_each(s.outcomes))",
    }
    for query, where in cases.items():
        data = get(ds, f"/stemspine/studies.json?{query}&_facet_size=max")
        for column in (*ARRAY_FACETS, *PLAIN_FACETS):
            assert facet_counts(data, column) == sql_counts(db_path, column, where), (query,
                                                                                      column)
        total = sqlite3.connect(db_path).execute(
            f"select count(*) from studies s where {where}").fetchone()[0]
        assert data["filtered_table_rows_count"] == total > 0, query


def test_facet_links_add_and_remove_the_index_filter(ds):
    data = get(ds, "/stemspine/studies.json?_tag_cell_types=msc")
    cell_types = {item["value"]: item for item in data["facet_results"]["cell_types"]["results"]}
    assert cell_types["msc"]["selected"] is True
    assert "_tag_cell_types=msc" not in cell_types["msc"]["toggle_url"]
    other = next(item for value, item in cell_types.items() if value != "msc")
    assert "_tag_cell_types=msc" in other["toggle_url"]
    assert f"_tag_cell_types={other['value']}" in other["toggle_url"]
    design = data["facet_results"]["design"]["results"][0]
    assert f"design={design['value']}" in design["toggle_url"]  # Datasette's own filter
    assert "_next" not in design["toggle_url"]


def test_counts_follow_a_write_to_the_live_database(ds, db_path):
    before = facet_counts(get(ds, "/stemspine/studies.json"), "cell_types")
    db = sqlite_utils.Database(db_path)
    from db.search_index import register_functions

    register_functions(db.conn)
    db["studies"].insert({"study_id": "pmid:99999999", "kind": "publication", "title": "New",
                          "cell_types": json.dumps(["msc", "hsc"]), "conditions": "[]"})
    db.conn.commit()
    after = facet_counts(get(ds, "/stemspine/studies.json"), "cell_types")
    assert after["msc"] == before["msc"] + 1
    assert after["hsc"] == before.get("hsc", 0) + 1
    db["studies"].delete("pmid:99999999")
    db.conn.commit()
    assert facet_counts(get(ds, "/stemspine/studies.json"), "cell_types") == before


def test_sql_counts_while_the_bitmaps_load_equal_the_bitmap_counts(ds, db_path):
    """The facet class counts with SQL over study_facets until the bitmaps are read."""
    from datasette.plugins import pm
    from datasette.utils.asgi import Request

    facet_class = next(klass for classes in pm.hook.register_facet_classes()
                       for klass in classes if getattr(klass, "type", None) == "tag")
    request = Request.fake("/stemspine/studies?_tag_cell_types=msc")
    sql = ("select * from studies where rowid in (select study_rowid from study_facets where "
           "facet = 'cell_types' and value = 'msc')")
    facet = facet_class(ds, request, "stemspine", sql=sql, table="studies", params={})
    counted = dict(asyncio.run(facet._sql_counts("conditions", 100, 5000)))
    where = "'msc' in (select value from json_each(s.cell_types))"
    assert {str(k): v for k, v in counted.items()} == sql_counts(db_path, "conditions", where)


def test_a_filter_on_many_studies_is_counted_from_the_index(ds, db_path):
    conn = sqlite3.connect(db_path)
    where = ("'disc_degeneration' in (select value from json_each(conditions)) and "
             "kind in ('publication', 'registration')")
    total = conn.execute(f"select count(*) from studies where {where}").fetchone()[0]
    first_page = [row[0] for row in conn.execute(
        f"select study_id from studies where {where} order by year desc, study_id limit 50")]
    assert total > 1000  # more than the filter lists by rowid: probes and the bitmap count
    query = "_tag_conditions=disc_degeneration"
    data = get(ds, f"/stemspine/studies.json?{query}&_shape=objects")
    assert data["filtered_table_rows_count"] == total
    assert [row["study_id"] for row in data["rows"]] == first_page
    page = asyncio.run(ds.client.get(f"/stemspine/studies?{query}&_col=title"))
    assert f"{total:,} rows" in page.text
    facets = page.text.split('class="facet-results"', 1)[1].split("</details>", 1)[0]
    assert "_tag_conditions=disc_degeneration" in facets and "_nocount" not in facets


@pytest.mark.parametrize("query", ["_search=randomized", "_search=mesenchymal+disc",
                                   "_search=randomized&_tag_outcomes=pain&year__gte=2012",
                                   "_search=343", "_search=haematopoietic+pain",
                                   "_search=randomised&_sort=title"])
def test_table_search_keeps_what_datasettes_own_search_keeps(ds, query):
    """?_search= on the studies table is answered by the plugin's SQL (renamed _fulltext; a walk
    in the table's order when many studies match, counted from the bitmaps); Datasette's own
    search (kept for _searchmode=escaped) gives the same rows, pages, count and facets."""
    shape = "_shape=objects&_facet_size=max&_size=20"
    ours = get(ds, f"/stemspine/studies.json?{query}&{shape}")
    theirs = get(ds, f"/stemspine/studies.json?{query}&_searchmode=escaped&{shape}")
    assert ours["filtered_table_rows_count"] == theirs["filtered_table_rows_count"] > 0
    for column in (*ARRAY_FACETS, *PLAIN_FACETS):
        assert facet_counts(ours, column) == facet_counts(theirs, column), column
    for _ in range(3):  # the first pages, through each one's own next link
        assert [r["study_id"] for r in ours["rows"]] == [r["study_id"] for r in theirs["rows"]]
        if not theirs["next_url"]:
            break
        ours, theirs = (get(ds, data["next_url"].split("://", 1)[-1].split("/", 1)[1].join(
            ["/", ""])) for data in (ours, theirs))
    text = query.split("&")[0].split("=")[1].replace("+", " ")
    assert f'search matches "{text}"' in ours["human_description_en"]
    html = get_ok(ds, f"/stemspine/studies?{query}&_col=title").text
    assert f'name="_search" value="{text}"' in html
