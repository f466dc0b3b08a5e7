"""Issue 5 on real crawls: the development corpus (../shared/corpus) and the bundled sample, each
crawled by the `stemspine` command, then published through Datasette's test client. Every canned
query, facet and renderer answers; the evidence map equals counts computed with plain SQL."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import xml.etree.ElementTree as ET

import bibtexparser
import pytest
import rispy
import sqlite_utils
import yaml

from db.serve import METADATA_PATH, make_datasette
from tests.conftest import CORPUS, SAMPLE_CORPUS
from tests.evidence_counts import assert_map_matches_sql
from tests.processes import run_cli

METADATA = yaml.safe_load(METADATA_PATH.read_text())["databases"]["stemspine"]
# canned query -> parameters that must give at least one row on both corpora
QUERY_PARAMS = {
    "evidence_map": "", "evidence_gaps": "", "claims": "", "new_since": "since=1900-01-01",
    "new_since_feed": "since=1900-01-01", "search": "q=stem", "unpublished_trials": "months=0",
    "crawl_runs_feed": "",
}


@pytest.fixture(scope="module", params=["corpus", "sample"])
def crawled(request, tmp_path_factory):
    corpus = CORPUS if request.param == "corpus" else SAMPLE_CORPUS
    if not corpus.exists():
        pytest.skip(f"{corpus} is absent: the development corpus lives in ../shared")
    db_path = tmp_path_factory.mktemp(request.param) / "stemspine.db"
    result = run_cli("crawl", "--offline", str(corpus), "--db", str(db_path))
    assert result.returncode == 0, result.stderr[-3000:]
    datasette = make_datasette(str(db_path))
    asyncio.run(datasette.invoke_startup())
    return datasette, sqlite_utils.Database(db_path)


def get(ds, path: str):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.status_code, response.text[:500])
    return response


def test_every_canned_query_answers(crawled):
    ds, _ = crawled
    assert set(QUERY_PARAMS) == set(METADATA["queries"])
    for name, params in QUERY_PARAMS.items():
        rows = get(ds, f"/stemspine/{name}.json?_shape=array&{params}").json()
        if name != "unpublished_trials":
            assert rows, name


def test_every_configured_facet_is_computed(crawled):
    ds, db = crawled
    for table, config in METADATA["tables"].items():
        facets = config.get("facets") or []
        if not facets or not db[table].exists():
            continue
        data = get(ds, f"/stemspine/{table}.json?_extra=facet_results").json()
        computed = set(data["facet_results"])
        for facet in facets:
            column = next(iter(facet.values())) if isinstance(facet, dict) else facet
            assert column in computed, (table, column)
    cell_types = get(ds, "/stemspine/studies.json?_facet_array=cell_types").json()
    values = {row["value"] for row in cell_types["facet_results"]["cell_types"]["results"]}
    assert {"msc", "bmac"} <= values


def test_renderers_on_the_studies_table(crawled):
    ds, db = crawled
    studies = db["studies"].count
    # every row, not the first page (issue 10): the default page size is below the count
    ris = rispy.loads(get(ds, "/stemspine/studies.ris?_size=10").text)
    assert len(ris) == studies and len({entry["id"] for entry in ris}) == studies
    assert all(entry.get("title") and entry.get("type_of_reference") for entry in ris)
    bib = bibtexparser.parse_string(get(ds, "/stemspine/studies.bib").text)
    assert not bib.failed_blocks and len(bib.entries) == studies
    csv_rows = list(csv.DictReader(io.StringIO(get(ds, "/stemspine/studies.csv").text)))
    assert len(csv_rows) == studies == len({row["study_id"] for row in csv_rows})
    feed = ET.fromstring(get(ds, "/stemspine/new_since_feed.atom?since=1900-01-01").content)
    assert feed.findall("{http://www.w3.org/2005/Atom}entry")


def test_evidence_map_equals_plain_sql_counts(crawled):
    ds, db = crawled
    assert_map_matches_sql(get(ds, "/evidence-map.json").json(), db)
    html = get(ds, "/evidence-map").text
    assert "more research needed" in html


def test_unpublished_query_lists_the_maps_trials(crawled):
    ds, db = crawled
    in_map = {row["value"] for row in db.query(
        "select distinct j.value from evidence_map_cells, json_each(unpublished_ids) j")}
    query = {row["study_id"] for row in get(
        ds, "/stemspine/unpublished_trials.json?_shape=array&_size=max").json()}
    assert query == in_map


def test_study_pages_show_their_tags(crawled):
    ds, db = crawled
    study = next(db.query("select study_id from studies where cell_types like '%msc%' "
                          "order by study_id limit 1"))["study_id"]
    tag = next(db["study_tags"].rows_where("study_id = ? and facet = 'cell_type'", [study]))
    html = get(ds, f"/stemspine/studies/{study.replace(':', '~3A')}").text
    assert tag["field"] in html
    words = json.dumps(tag["matched_text"])[1:-1].split()[:3]
    assert all(word.replace("<", "&lt;") in html for word in words)
