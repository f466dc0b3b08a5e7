"""Datasette publishing over the sample study database (tests/studydb.py), through the ASGI client.

Covers: metadata completeness, canned queries, facets, hidden tables, exports on tables and
queries, the evidence map page against counts computed here with plain SQL, the study row page,
the Atom feed, escaping of hostile text, robots, the offline title and other database names.
"""

from __future__ import annotations

import asyncio
import json
import xml.etree.ElementTree as ET

import pytest
import sqlite_utils
import yaml

from db.serve import (
    METADATA_PATH,
    SETTINGS,
    build_metadata,
    datasette_argv,
    make_datasette,
    metadata_path,
)
from evidence.evidence_map import (
    LIMITED_RANDOMIZED,
    NO_STUDIES,
    NON_RANDOMIZED_ONLY,
    PRECLINICAL_ONLY,
    SEVERAL_RANDOMIZED,
    UNCONTROLLED_ONLY,
)
from tests.evidence_counts import assert_map_matches_sql
from tests.studydb import XSS, build_study_db

ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"
CANNED = ("evidence_map", "evidence_gaps", "claims", "unpublished_trials", "new_since",
          "new_since_feed", "search")


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_study_db(tmp_path_factory.mktemp("publish") / "stemspine.db")


@pytest.fixture(scope="module")
def ds(db_path):
    datasette = make_datasette(str(db_path))
    asyncio.run(datasette.invoke_startup())
    return datasette


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def rows(ds, path: str) -> list[dict]:
    separator = "&" if "?" in path else "?"
    response = get(ds, f"{path}{separator}_shape=array")
    assert response.status_code == 200, response.text
    return response.json()


# --- metadata ---------------------------------------------------------------------------------

def test_every_table_and_column_has_a_description(db_path):
    metadata = yaml.safe_load(METADATA_PATH.read_text())
    tables = metadata["databases"]["stemspine"]["tables"]
    db = sqlite_utils.Database(db_path)
    missing = []
    for name in db.table_names():
        if name.startswith("_") or "_fts" in name:
            assert tables.get(name, {}).get("hidden") is True, f"{name} should be hidden"
            continue
        table_meta = tables.get(name) or {}
        if not (table_meta.get("description") or "").strip():
            missing.append(name)
        descriptions = table_meta.get("columns") or {}
        for column in db[name].columns_dict:
            if not (descriptions.get(column) or "").strip():
                missing.append(f"{name}.{column}")
    assert missing == []


def test_home_page_has_title_description_and_honest_summary(ds):
    html = get(ds, "/").text
    assert "stemspine: stem-cell therapy for the spine, evidence tracker" in html
    assert "promising, and more" in html and "research is needed" in html
    assert "Europe PMC" in html and "ClinicalTrials.gov" in html
    assert "offline sample" not in html


def test_fts_and_migration_tables_are_hidden(ds):
    tables = {table["name"]: table for table in get(ds, "/stemspine.json").json()["tables"]}
    for name in ("studies_fts", "studies_fts_data", "records_fts", "_sqlite_migrations"):
        assert tables[name]["hidden"] is True
    assert tables["studies"]["hidden"] is False


def test_studies_facets(ds):
    data = get(ds, "/stemspine/studies.json").json()
    facets = data["facet_results"]
    for name in ("cell_types", "conditions", "cell_sources", "donors", "outcomes", "deliveries",
                 "design", "evidence_level", "population", "kind", "year", "status"):
        assert name in facets, name
    cell_types = {item["value"]: item["count"] for item in facets["cell_types"]["results"]}
    assert cell_types["msc"] == 11
    kinds = {item["value"]: item["count"] for item in facets["kind"]["results"]}
    assert kinds == {"publication": 15, "registration": 6}


def test_study_tags_facets(ds):
    facets = get(ds, "/stemspine/study_tags.json").json()["facet_results"]
    assert {"facet", "value", "origin", "field"} <= set(facets)
    origins = {item["value"]: item["count"] for item in facets["origin"]["results"]}
    assert origins["curation"] == 1


def test_studies_sorted_newest_first(ds):
    years = [row["year"] for row in rows(ds, "/stemspine/studies.json?_size=max")]
    assert years == sorted(years, reverse=True)


# --- canned queries ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", CANNED)
def test_every_canned_query_runs(ds, name):
    response = get(ds, f"/stemspine/{name}.json?since=2000-01-01&q=cells")
    assert response.status_code == 200, response.text
    assert response.json()["ok"] is True
    page = get(ds, f"/stemspine/{name}")
    assert page.status_code == 200
    assert '<meta name="robots" content="noindex">' in page.text


def test_evidence_map_query(ds):
    result = {(row["cell_type"], row["condition"]): row
              for row in rows(ds, "/stemspine/evidence_map.json")}
    msc = result[("msc", "disc_degeneration")]
    # reports, not trials: 1001, 1002, 1003 and the preprint; the retracted RCT is left out
    assert (msc["level_1"], msc["level_2"], msc["level_5"]) == (1, 4, 1)
    assert msc["best_level"] == 1
    assert msc["participants_controlled_human"] == 120 + 100 + 200 + 210
    assert msc["ongoing_trials"] == 1 and msc["registrations"] == 3
    assert result[("disc_cells", "disc_degeneration")]["best_level"] == 5
    assert result[("hsc", "spinal_stenosis")]["best_level"] is None
    assert result[("hsc", "spinal_stenosis")]["ongoing_trials"] == 1
    assert ("cell_free", "disc_degeneration") not in result  # retracted only


def test_evidence_gaps_query(ds):
    found = rows(ds, "/stemspine/evidence_gaps.json")
    gaps = {(row["cell_type"], row["condition"]) for row in found}
    assert gaps == {("disc_cells", "disc_degeneration"), ("svf", "low_back_pain")}


def test_claims_query(ds):
    result = {(row["outcome"], row["level"]): row for row in rows(ds, "/stemspine/claims.json")}
    assert {outcome for outcome, _ in result} == {"pain", "function", "surgery", "imaging",
                                                  "adverse_events"}
    pain_rcts = result[("pain", "2")]
    assert pain_rcts["claim"] == "reduced pain"
    assert sorted(pain_rcts["study_ids"].split()) == ["pmid:1001", "pmid:1002", "pmid:1003"]
    assert result[("pain", "registered")]["studies"] == 2
    assert sorted(result[("imaging", "5")]["study_ids"].split()) == ["pmid:1010"]
    assert result[("adverse_events", "1")]["studies"] == 1


def test_unpublished_trials_query(ds):
    default = [row["study_id"] for row in rows(ds, "/stemspine/unpublished_trials.json")]
    assert default == ["nct:NCT03000003", "nct:NCT04000004"]
    recent = {row["study_id"] for row in rows(ds, "/stemspine/unpublished_trials.json?months=3")}
    assert recent == {"nct:NCT03000003", "nct:NCT04000004", "nct:NCT06000006"}


def test_new_since_query(ds):
    found = [row["study_id"] for row in rows(ds, "/stemspine/new_since.json?since=2025-06-01")]
    assert found == ["nct:NCT05000005", "pmid:3002", "pmid:1011"]
    assert len(rows(ds, "/stemspine/new_since.json?since=")) == 21


def test_search_query_ranks_and_handles_empty(ds):
    found = rows(ds, "/stemspine/search.json?q=notochordal")
    assert [row["study_id"] for row in found] == ["pmid:4001"]
    assert set(found[0]) >= {"study_id", "title", "year", "design", "evidence_level",
                             "cell_types", "conditions"}
    marrow = rows(ds, "/stemspine/search.json?q=marrow")
    assert len(marrow) == 5 and all("marrow" in row["title"].lower() for row in marrow)
    assert rows(ds, "/stemspine/search.json?q=") == []


def test_atom_feed_of_new_studies(ds):
    response = get(ds, "/stemspine/new_since_feed.atom?since=2025-06-01")
    assert response.status_code == 200
    assert "xml" in response.headers["content-type"]
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.content)
    entries = feed.findall("atom:entry", ns)
    assert {entry.find("atom:id", ns).text for entry in entries} == {
        "nct:NCT05000005", "pmid:3002", "pmid:1011"}
    links = {entry.find("atom:link", ns).get("href") for entry in entries}
    assert "https://pubmed.ncbi.nlm.nih.gov/1011/" in links
    assert feed.find("atom:title", ns).text == "stemspine: new studies"


# --- exports ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path,expected", [
    ("/stemspine/studies.{ext}?_size=max", 21),
    ("/stemspine/new_since.{ext}?since=2025-06-01", 3),
    ("/stemspine/search.{ext}?q=marrow", 5),
])
def test_ris_and_bib_on_tables_and_queries(ds, path, expected):
    ris = get(ds, path.format(ext="ris"))
    assert ris.status_code == 200
    assert ris.headers["content-type"].startswith("application/x-research-info-systems")
    assert ris.text.count("ER  - ") == expected
    bib = get(ds, path.format(ext="bib"))
    assert bib.status_code == 200
    assert bib.headers["content-type"].startswith("application/x-bibtex")
    assert bib.text.count("\n@") + bib.text.startswith("@") == expected


def test_export_links_offered_on_table_page(ds):
    html = get(ds, "/stemspine/studies").text
    assert "studies.ris" in html and "studies.bib" in html


# --- the evidence map page --------------------------------------------------------------------

def test_evidence_map_json_matches_plain_sql(ds, db_path):
    assert_map_matches_sql(get(ds, "/evidence-map.json").json(), sqlite_utils.Database(db_path))


def test_evidence_map_verdicts(ds):
    cells = {(c["cell_type"], c["condition"]): c for c in get(ds, "/evidence-map.json").json()[
        "cells"]}
    assert cells[("msc", "disc_degeneration")]["verdict"] == SEVERAL_RANDOMIZED
    assert cells[("msc", "disc_degeneration")]["randomized_participants"] == 330
    assert cells[("msc", "low_back_pain")]["verdict"] == LIMITED_RANDOMIZED
    assert cells[("bmac", "disc_degeneration")]["verdict"] == NON_RANDOMIZED_ONLY
    assert cells[("svf", "low_back_pain")]["verdict"] == UNCONTROLLED_ONLY
    assert cells[("disc_cells", "disc_degeneration")]["verdict"] == PRECLINICAL_ONLY
    assert cells[("hsc", "spinal_stenosis")]["verdict"] == NO_STUDIES
    assert cells[("cell_free", "disc_degeneration")]["verdict"] == NO_STUDIES
    assert cells[("msc", "disc_degeneration")]["studies_url"] == (
        "/stemspine/studies?_facet_array=cell_types&cell_types__arraycontains=msc"
        "&conditions__arraycontains=disc_degeneration")


def test_evidence_map_page(ds):
    response = get(ds, "/evidence-map")
    assert response.status_code == 200
    html = response.text
    for verdict in (SEVERAL_RANDOMIZED, LIMITED_RANDOMIZED, NON_RANDOMIZED_ONLY,
                    UNCONTROLLED_ONLY, PRECLINICAL_ONLY):
        assert verdict in html
    assert ('href="/stemspine/studies?_facet_array=cell_types&amp;cell_types__arraycontains=bmac'
            '&amp;conditions__arraycontains=disc_degeneration"') in html
    assert "fewer than 2 RCTs or fewer than 300 randomized participants" in html
    assert "Show the whole grid" in html
    assert "Embryonic stem cells" not in html.split("Without any study")[0]
    full = get(ds, "/evidence-map?all=1").text
    assert full.count('class="evcell-td') == 100


def test_evidence_map_filtered_table_link_lists_the_pair(ds):
    found = rows(ds, "/stemspine/studies.json?_facet_array=cell_types"
                     "&cell_types__arraycontains=msc&conditions__arraycontains=low_back_pain")
    assert {row["study_id"] for row in found} == {"pmid:1001", "pmid:1002", "nct:NCT01000001"}


def test_evidence_map_thresholds_come_from_plugin_config(db_path):
    from datasette.app import Datasette

    metadata = build_metadata(db_path)
    metadata["plugins"]["stemspine-evidence-map"] = {"min_rcts": 3,
                                                     "min_randomized_participants": 100}
    strict = Datasette([str(db_path)], metadata=metadata,
                       plugins_dir=str(METADATA_PATH.parent / "plugins"),
                       template_dir=str(METADATA_PATH.parent / "templates"))
    data = asyncio.run(strict.client.get("/evidence-map.json")).json()
    assert data["rules"] == {"min_rcts": 3, "min_randomized_participants": 100}
    cell = next(c for c in data["cells"]
                if (c["cell_type"], c["condition"]) == ("msc", "disc_degeneration"))
    assert cell["verdict"] == LIMITED_RANDOMIZED
    html = asyncio.run(strict.client.get("/evidence-map")).text
    assert "fewer than 3 RCTs or fewer than 100 randomized participants" in html


# --- the study row page -----------------------------------------------------------------------

def test_row_page_shows_tags_links_and_history(ds):
    html = get(ds, "/stemspine/studies/nct~3ANCT02000002").text
    assert "Tags, and what caused them" in html
    assert "&ldquo;msc&rdquo;" in html  # the matched text
    assert "Registration history" in html
    assert "NOT_YET_RECRUITING" in html and "2025-04-01" in html
    publication = get(ds, "/stemspine/studies/pmid~3A1001").text
    assert "Allogeneic mesenchymal precursor cells for chronic discogenic" in publication
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/1001/"' in publication
    assert "disc_degeneration, low_back_pain" in publication  # JSON arrays read as lists
    assert 'href="/stemspine/studies/nct~3ANCT01000001"' in publication
    assert "registered as" in publication
    # its trial, and the trial's other report (reports link to the trial, not to each other)
    assert "Trial NCT01000001" in publication
    assert 'href="/stemspine/studies/pmid~3A1002"' in publication
    assert "Registration history" not in publication
    retracted = get(ds, "/stemspine/studies/pmid~3A1009").text
    assert "Retracted: this publication is never counted as evidence." in retracted
    assert 'href="/stemspine/studies/pmid~3A1012"' in retracted
    preprint = get(ds, "/stemspine/studies/doi~3A10~2E1101~2F2023~2E05~2E01~2E000003")
    assert preprint.status_code == 200
    assert 'href="/stemspine/studies/pmid~3A1003"' in preprint.text


# --- escaping ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/stemspine/studies", "/stemspine/studies/pmid~3A3002",
                                  "/evidence-map"])
def test_hostile_text_is_escaped(ds, path):
    html = get(ds, path).text
    assert XSS not in html
    assert ESCAPED_XSS in html


# --- serving ----------------------------------------------------------------------------------

def test_robots_txt_blocks_the_database_but_not_the_map(ds):
    text = get(ds, "/robots.txt").text
    assert "Disallow: /stemspine" in text
    assert "Disallow: /\n" not in text + "\n" and "evidence-map" not in text


def test_offline_title_and_notice_on_every_page(db_path, ds):
    offline = make_datasette(str(db_path), offline=True)
    html = asyncio.run(offline.client.get("/")).text
    assert "evidence tracker (offline sample)" in html
    for path in ("/", "/stemspine/studies", "/stemspine/studies/pmid~3A1001", "/evidence-map",
                 "/stemspine/claims"):
        page = asyncio.run(offline.client.get(path)).text
        assert "This is an offline sample: the database was built" in page, path
        assert "offline sample" not in get(ds, path).text, path


def test_another_database_name_gets_the_same_queries_and_map(tmp_path):
    path = build_study_db(tmp_path / "stemspine-offline.db")
    other = make_datasette(str(path), offline=True)
    response = asyncio.run(other.client.get("/stemspine-offline/unpublished_trials.json"))
    assert response.status_code == 200 and len(response.json()["rows"]) == 2
    data = asyncio.run(other.client.get("/evidence-map.json")).json()
    assert data["database"] == "stemspine-offline"
    assert data["cells"][0]["studies_url"].startswith("/stemspine-offline/studies?")


def test_datasette_argv_carries_the_configuration(db_path):
    argv = datasette_argv(str(db_path), port=8123, host="127.0.0.1")
    assert argv[1:4] == ["-m", "datasette", "serve"]
    assert str(db_path) in argv and "-i" not in argv
    assert argv[argv.index("--metadata") + 1] == str(METADATA_PATH)
    assert argv[argv.index("--port") + 1] == "8123"
    settings = {argv[i + 1]: argv[i + 2] for i, item in enumerate(argv) if item == "--setting"}
    assert settings["sql_time_limit_ms"] == str(SETTINGS["sql_time_limit_ms"])
    assert settings["allow_download"] == "off"
    assert "--plugins-dir" in argv and "--template-dir" in argv
    assert "-i" in datasette_argv(str(db_path), immutable=True)


def test_offline_argv_uses_a_derived_metadata_file(db_path):
    derived = metadata_path(str(db_path), offline=True)
    assert derived != METADATA_PATH
    metadata = json.loads(derived.read_text())
    assert metadata["title"].endswith("(offline sample)")
    argv = datasette_argv(str(db_path), offline=True)
    assert argv[argv.index("--metadata") + 1] == str(derived)
