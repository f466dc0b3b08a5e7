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
    datasette_argv,
    make_datasette,
    metadata_path,
)
from tests.evidence_counts import assert_map_matches_sql
from tests.studydb import XSS, build_study_db

LIMITED_RANDOMIZED, NON_RANDOMIZED_ONLY, PRECLINICAL_ONLY = (
    "limited_randomized", "non_randomized_only", "preclinical_only")
UNCONTROLLED_ONLY, NO_STUDIES, REGISTERED_ONLY = ("uncontrolled_only", "no_studies",
                                                  "registered_only")
BENEFIT, NO_BENEFIT = "randomized_benefit", "randomized_no_benefit"
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
    return asyncio.run(ds.client.get(path, follow_redirects=True))


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
    assert kinds == {"publication": 17, "registration": 6}


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


def test_evidence_map_query_reads_the_built_table(ds):
    result = {(row["cell_type"], row["condition"]): row
              for row in rows(ds, "/stemspine/evidence_map.json")}
    msc = result[("msc", "disc_degeneration")]
    # trials, not reports: 1001 + 1002 are one trial, 1003 + its preprint another
    assert (msc["level_1"], msc["level_2"], msc["level_5"]) == (1, 2, 1)
    assert msc["best_level"] == 1 and msc["randomized_participants"] == 330
    assert (msc["rct_benefit"], msc["rct_no_difference"], msc["rct_mixed"]) == (0, 1, 1)
    assert msc["verdict"] == "randomized evidence: no benefit shown"
    assert msc["ongoing_trials"] == 1 and msc["registrations"] == 3
    assert msc["unpublished_trials"] == 1 and msc["retracted"] == 1
    svf = result[("svf", "low_back_pain")]
    assert (svf["uncontrolled"], svf["uncontrolled_improved"]) == (2, 1)
    assert result[("hsc", "spinal_stenosis")]["verdict"] == "no published studies: 1 registered"
    assert result[("cell_free", "disc_degeneration")]["verdict"] == "no studies"
    assert ("esc", "disc_degeneration") not in result  # pairs without any study are left out


def test_evidence_gaps_query(ds):
    found = rows(ds, "/stemspine/evidence_gaps.json")
    gaps = {(row["cell_type"], row["condition"]) for row in found}
    assert gaps == {("disc_cells", "disc_degeneration"), ("svf", "low_back_pain")}
    for row in found:  # studies as the map counts them; publications apart, before merging
        assert row["studies_counted"] == row["uncontrolled_human"] + row["preclinical_or_review"]
        assert row["publications"] >= row["studies_counted"]


def test_evidence_gaps_counts_studies_as_the_map_does(tmp_path):
    path = build_study_db(tmp_path / "stemspine.db")
    db = sqlite_utils.Database(path)
    cells = {(row["cell_type"], row["condition"]): row for row in db["evidence_map_cells"].rows}
    found = rows(make_datasette(str(path)), "/stemspine/evidence_gaps.json")
    for row in found:
        cell = cells[(row["cell_type"], row["condition"])]
        assert row["studies_counted"] == len(json.loads(cell["trials"]))  # each trial once
        assert row["not_counted"] == len(json.loads(cell["not_counted_ids"]))


def test_claims_query(ds):
    result = {(row["claim"], row["evidence"]): row for row in rows(ds, "/stemspine/claims.json")}
    pain = result[("reduced pain", "randomized")]
    assert sorted(pain["study_ids"].split()) == ["pmid:1001", "pmid:1002", "pmid:1003",
                                                 "pmid:6001", "pmid:6002"]
    # pmid:1001 and pmid:1002 report one trial (NCT01000001): one trial, its result that of
    # the later report (mixed), its participants those of the larger report (120)
    assert (pain["trials"], pain["reports"]) == (4, 5)
    assert sorted(pain["trial_study_ids"].split()) == [
        "pmid:1002+pmid:1001", "pmid:1003", "pmid:6001", "pmid:6002"]
    assert (pain["benefit"], pain["no_difference"], pain["mixed"]) == (2, 1, 1)
    assert pain["participants"] == 120 + 200 + 160 + 150
    assert sorted(result[("reduced pain", "uncontrolled")]["study_ids"].split()) == [
        "pmid:2002", "pmid:3001"]  # pmid:3002 reports no pain outcome
    long_term = result[("long-term effect (12 months or more)", "randomized")]
    assert sorted(long_term["study_ids"].split()) == ["pmid:1001", "pmid:1002", "pmid:1003",
                                                      "pmid:6001", "pmid:6002"]
    # reviews, retracted and preclinical studies and registrations are not claims evidence
    every_id = " ".join(row["study_ids"] for row in result.values())
    for left_out in ("pmid:1011", "pmid:1009", "pmid:1010", "nct:NCT01000001"):
        assert left_out not in every_id


def test_unpublished_trials_query(ds):
    default = [row["study_id"] for row in rows(ds, "/stemspine/unpublished_trials.json")]
    # every trial the map counts as ended without a result, the one completed 6 months ago too
    assert default == ["nct:NCT03000003", "nct:NCT04000004", "nct:NCT06000006"]
    recent = {row["study_id"] for row in rows(ds, "/stemspine/unpublished_trials.json?months=3")}
    assert recent == {"nct:NCT03000003", "nct:NCT04000004", "nct:NCT06000006"}
    grace = {row["study_id"] for row in rows(ds, "/stemspine/unpublished_trials.json?months=24")}
    assert grace == {"nct:NCT03000003", "nct:NCT04000004"}


def test_new_since_query(ds):
    found = [row["study_id"] for row in rows(ds, "/stemspine/new_since.json?since=2025-06-01")]
    assert found == ["nct:NCT05000005", "pmid:3002", "pmid:1011"]
    assert len(rows(ds, "/stemspine/new_since.json?since=")) == 23


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
    ("/stemspine/studies.{ext}?_size=max", 23),
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
    assert cells[("msc", "disc_degeneration")]["verdict_key"] == NO_BENEFIT
    assert cells[("msc", "disc_degeneration")]["randomized_participants"] == 330
    assert cells[("svf", "disc_herniation")]["verdict_key"] == BENEFIT
    assert cells[("msc", "low_back_pain")]["verdict_key"] == LIMITED_RANDOMIZED
    assert cells[("bmac", "disc_degeneration")]["verdict_key"] == NON_RANDOMIZED_ONLY
    assert cells[("svf", "low_back_pain")]["verdict_key"] == UNCONTROLLED_ONLY
    assert cells[("disc_cells", "disc_degeneration")]["verdict_key"] == PRECLINICAL_ONLY
    assert cells[("hsc", "spinal_stenosis")]["verdict_key"] == REGISTERED_ONLY
    assert cells[("cell_free", "disc_degeneration")]["verdict_key"] == NO_STUDIES
    assert cells[("msc", "disc_degeneration")]["url"] == "/evidence-map/msc/disc_degeneration"


def test_evidence_map_page(ds):
    response = get(ds, "/evidence-map")
    assert response.status_code == 200
    html = response.text
    for verdict in ("randomized evidence: no benefit shown",
                    "randomized evidence: benefit shown",
                    "limited randomized evidence", "non-randomized controlled evidence only",
                    "uncontrolled studies only", "preclinical only",
                    "no published studies: 1 registered"):
        assert verdict in html
    assert 'class="evcell-td v-no_benefit" data-cell-type="msc"' in html
    assert 'href="/evidence-map/bmac/disc_degeneration"' in html
    assert ("fewer than 2 RCTs with an efficacy result (benefit, no difference, mixed or harm) "
            "or fewer than 300 participants in them") in html
    assert "evidence/evidence_map.yaml" in html
    assert "controlled: 0 benefit, 1 no difference, 1 mixed, 0 harm" in html
    assert "uncontrolled: 1 of 2 improved" in html
    assert "Show the whole grid" in html
    assert "Embryonic stem cells" not in html.split("Without any study")[0]
    full = get(ds, "/evidence-map?all=1").text
    assert full.count('class="evcell-td') == 100


def test_evidence_map_filtered_table_link_lists_the_pair(ds):
    found = rows(ds, "/stemspine/studies.json?_facet_array=cell_types"
                     "&cell_types__arraycontains=msc&conditions__arraycontains=low_back_pain")
    assert {row["study_id"] for row in found} == {"pmid:1001", "pmid:1002", "nct:NCT01000001"}


def test_evidence_map_rule_comes_from_its_yaml(tmp_path):
    from db.evidence_map_table import load_rules, write_evidence_map
    from evidence.evidence_map import RULES_FILE, EvidenceRules

    config = yaml.safe_load(RULES_FILE.read_text())
    config["thresholds"] = {"min_rcts": 3, "min_randomized_participants": 100}
    strict = tmp_path / "strict.yaml"
    strict.write_text(yaml.safe_dump(config))
    path = build_study_db(tmp_path / "stemspine.db")
    db = sqlite_utils.Database(path)
    write_evidence_map(db, load_rules(strict))
    datasette = make_datasette(str(path))
    data = asyncio.run(datasette.client.get("/evidence-map.json")).json()
    assert data["thresholds"] == {"min_rcts": 3, "min_randomized_participants": 100}
    cell = next(c for c in data["cells"]
                if (c["cell_type"], c["condition"]) == ("msc", "disc_degeneration"))
    assert cell["verdict_key"] == LIMITED_RANDOMIZED
    html = asyncio.run(datasette.client.get("/evidence-map")).text
    assert ("fewer than 3 RCTs with an efficacy result (benefit, no difference, mixed or harm) "
            "or fewer than 100 participants in them") in html
    broken = tmp_path / "broken.yaml"
    broken.write_text("rules: [{key: a, verdict: a, when: [nonsense]}]")
    with pytest.raises(ValueError, match="broken.yaml.*cannot read condition"):
        load_rules(broken)
    assert isinstance(load_rules(), EvidenceRules)


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
    assert "Disc degeneration, Low back or neck pain" in publication  # labels, not JSON
    assert 'href="/evidence-map/msc/low_back_pain"' in publication  # its map cells
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
    html = asyncio.run(offline.client.get("/", follow_redirects=True)).text
    assert "evidence tracker (offline sample)" in html
    for path in ("/", "/stemspine/studies", "/stemspine/studies/pmid~3A1001", "/evidence-map",
                 "/stemspine/claims"):
        page = asyncio.run(offline.client.get(path, follow_redirects=True)).text
        assert "This database was built offline: from a folder of" in page, path
        # true for any corpus (the real-records corpus too): it does not say which one
        assert "built from the sample corpus" not in page, path
        assert "offline sample" not in get(ds, path).text, path


def test_another_database_name_gets_the_same_queries_and_map(tmp_path):
    path = build_study_db(tmp_path / "stemspine-offline.db")
    other = make_datasette(str(path), offline=True)
    response = asyncio.run(other.client.get("/stemspine-offline/unpublished_trials.json"))
    assert response.status_code == 200 and len(response.json()["rows"]) == 3
    data = asyncio.run(other.client.get("/evidence-map.json")).json()
    assert data["database"] == "stemspine-offline"
    assert data["cells"][0]["url"] == "/evidence-map/msc/disc_degeneration"
    cell = asyncio.run(other.client.get("/evidence-map/msc/disc_degeneration"))
    assert cell.status_code == 200
    assert 'href="/stemspine-offline/studies/pmid~3A1001"' in cell.text


def test_datasette_argv_carries_the_configuration(db_path):
    argv = datasette_argv(str(db_path), port=8123, host="127.0.0.1")
    assert argv[1:4] == ["-m", "datasette", "serve"]
    assert str(db_path) in argv and "-i" not in argv
    assert argv[argv.index("--metadata") + 1] == str(METADATA_PATH)
    assert argv[argv.index("--port") + 1] == "8123"
    settings = {argv[i + 1]: argv[i + 2] for i, item in enumerate(argv) if item == "--setting"}
    assert settings["sql_time_limit_ms"] == str(SETTINGS["sql_time_limit_ms"])
    assert settings["allow_download"] == "on"
    assert "--plugins-dir" in argv and "--template-dir" in argv
    assert "-i" in datasette_argv(str(db_path), immutable=True)


def test_offline_argv_uses_a_derived_metadata_file(db_path):
    derived = metadata_path(str(db_path), offline=True)
    assert derived != METADATA_PATH
    metadata = json.loads(derived.read_text())
    assert metadata["title"].endswith("(offline sample)")
    argv = datasette_argv(str(db_path), offline=True)
    assert argv[argv.index("--metadata") + 1] == str(derived)
