"""Issue 10's pages through Datasette's ASGI client over tests/studydb.py: cell pages, claims
(numbers checked against an independent computation), the readable studies table, search input,
the whole-database download and the Atom feed on another database name."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
import rispy
import sqlite_utils
import yaml

from db.search_index import register_functions
from db.serve import make_datasette
from tests.studydb import build_study_db

CLAIMS = {"reduced pain": ("pain", None), "improved mobility and function": ("function", None),
          "surgery avoided": ("surgery", None),
          "long-term effect (12 months or more)": (None, 12), "safety": ("adverse_events", None)}
GROUPS = {2: "randomized", 3: "non-randomized controlled", 4: "uncontrolled"}
# the spine conditions, read from the vocabulary itself (not from the claims SQL)
SPINE_CONDITIONS = set(yaml.safe_load((Path(__file__).parents[2] / "evidence" / "vocabulary.yaml")
                                      .read_text(encoding="utf-8"))["facets"]["condition"])


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_study_db(tmp_path_factory.mktemp("pages") / "stemspine.db")


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(str(db_path))


def get(ds, path: str, status: int = 200):
    response = asyncio.run(ds.client.get(path, follow_redirects=True))
    assert response.status_code == status, (path, response.status_code, response.text[:300])
    return response


# --- cell pages -------------------------------------------------------------------------------

def test_cell_page_lists_exactly_the_counted_studies(ds, db_path):
    data = get(ds, "/evidence-map/msc/disc_degeneration.json").json()
    counted = [row["study_id"] for row in data["studies"] if row["group"] == "counted"]
    assert sorted(counted) == sorted(["pmid:1001", "pmid:1002", "pmid:1003", "pmid:1011",
                                      "doi:10.1101/2023.05.01.000003", "pmid:1010"])
    groups = {row["study_id"]: row["group"] for row in data["studies"]}
    assert groups["pmid:1009"] == "retracted"
    assert {"nct:NCT02000002", "nct:NCT03000003", "nct:NCT01000001"} <= set(groups)
    html = get(ds, "/evidence-map/msc/disc_degeneration").text
    assert "randomized evidence: no benefit shown" in html
    assert "no RCT found benefit (RCTs reporting safety only" in html  # why
    assert 'href="/evidence-map"' in html  # back to the map
    assert "report 2 of one trial (counted once)" in html
    assert html.count('data-study-id="nct:NCT02000002"') == 1  # ongoing
    assert "NCT03000003" in html.split('id="unpublished"')[1]
    assert "36 months" in html
    # studies, not "trials": the counted ones include reviews and preclinical work
    assert "Counted here: 4 studies\n(each real-world trial once) from 6 publications" in html
    assert "Level 5: preclinical (animal, in vitro), narrative review, expert opinion (1 study)" \
        in html
    assert " trial)" not in html and " trials)" not in html


def test_cell_page_shows_the_sentence_behind_a_result(tmp_path):
    path = build_study_db(tmp_path / "stemspine.db")
    db = sqlite_utils.Database(path)
    db["study_tags"].insert({"study_id": "pmid:1002", "facet": "result", "value": "mixed",
                             "field": "abstract", "origin": "rule", "note": "result",
                             "matched_text": "The primary end point was not met at 36 months."})
    html = get(make_datasette(str(path)), "/evidence-map/msc/low_back_pain").text
    assert "&ldquo;The primary end point was not met at 36 months.&rdquo;" in html


def test_cell_exports_cover_the_same_studies(ds):
    data = get(ds, "/evidence-map/svf/low_back_pain.json").json()
    ids = sorted(row["study_id"] for row in data["studies"])
    rows = list(csv.DictReader(io.StringIO(get(ds, "/evidence-map/svf/low_back_pain.csv").text)))
    assert sorted(row["study_id"] for row in rows) == ids == ["pmid:3001", "pmid:3002"]
    assert {row["result"] for row in rows} == {"benefit", "not_reported"}
    ris = get(ds, "/evidence-map/svf/low_back_pain.ris")
    assert ris.headers["content-type"].startswith("application/x-research-info-systems")
    assert sorted(record["id"] for record in rispy.loads(ris.text)) == ids
    get(ds, "/evidence-map/svf/nothing_here", status=404)


# --- claims -----------------------------------------------------------------------------------

EFFICACY = ("benefit", "no_difference", "mixed", "harm")
TRIAL_RELATIONS = ("registered_as", "registration_of", "same_trial")


def trial_keys(conn: sqlite3.Connection) -> dict[str, str]:
    """Study id -> its trial (the smallest id of the studies its trial links reach), in Python."""
    neighbours: dict[str, set[str]] = {}
    for a, b, relation in conn.execute("select study_id, other_study_id, relation from links"):
        if relation in TRIAL_RELATIONS:
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
    keys: dict[str, str] = {}
    for start in neighbours:
        if start in keys:
            continue
        seen, todo = {start}, [start]
        while todo:
            for other in neighbours.get(todo.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        for member in seen:
            keys[member] = min(seen)
    return keys


def independent_claims(db_path) -> dict[tuple[str, str], dict]:
    """The claims numbers computed in Python from the rows, not with the claims SQL: each trial
    once (its reports tied through links), in its best report's group, with its largest report's
    participants and its most informative report's result."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    trial_of = trial_keys(conn)
    by_trial: dict[tuple[str, str], list[sqlite3.Row]] = {}
    for row in conn.execute("select * from studies"):
        if row["kind"] != "publication" or row["retracted"] or row["population"] != "human":
            continue
        if row["evidence_level"] not in GROUPS or not json.loads(row["cell_types"] or "[]"):
            continue
        if not SPINE_CONDITIONS & set(json.loads(row["conditions"] or "[]")):
            continue  # not a study of the spine (a knee, hip or blood disease study)
        outcomes = json.loads(row["outcomes"] or "[]")
        for claim, (outcome, months) in CLAIMS.items():
            if (outcome and outcome in outcomes) or (
                    months and (row["followup_months"] or 0) >= months):
                trial = trial_of.get(row["study_id"], row["study_id"])
                by_trial.setdefault((claim, trial), []).append(row)
    out: dict[tuple[str, str], dict] = {}
    for (claim, _), reports in by_trial.items():
        best = min(reports, key=lambda r: (r["evidence_level"], r["result"] not in EFFICACY,
                                           r["result"] is None, -(r["year"] or 0),
                                           r["study_id"]))
        entry = out.setdefault((claim, GROUPS[best["evidence_level"]]),
                               {"trials": 0, "reports": 0, "participants": 0, "benefit": 0,
                                "no_difference": 0, "mixed": 0, "harm": 0, "ids": set(),
                                "trial_ids": set()})
        entry["trials"] += 1
        entry["reports"] += len(reports)
        entry["participants"] += max(r["sample_size"] or 0 for r in reports)
        if best["result"] in entry:
            entry[best["result"]] += 1
        entry["ids"] |= {r["study_id"] for r in reports}
        entry["trial_ids"].add(frozenset(r["study_id"] for r in reports))
    return out


def test_claims_count_cell_therapies_only_and_match_an_independent_count(ds, db_path):
    db = sqlite_utils.Database(db_path)
    register_functions(db.conn)  # studies' search triggers fold text (db/search_index.py)
    db["studies"].insert({"study_id": "pmid:9901", "kind": "publication", "title": "PRP versus "
                          "steroid for discogenic pain: a randomized trial", "population": "human",
                          "evidence_level": 2, "design": "rct", "sample_size": 900,
                          "retracted": 0, "cell_types": "[]", "conditions": '["low_back_pain"]',
                          "outcomes": '["pain"]', "result": "benefit", "followup_months": 24})
    # cell-therapy RCTs of the knee: a cell type, no spine condition (none, or one outside the
    # spine vocabulary): they must not count for any claim
    knee = {"kind": "publication", "population": "human", "evidence_level": 2, "design": "rct",
            "sample_size": 400, "retracted": 0, "cell_types": '["msc"]',
            "outcomes": '["pain", "function", "adverse_events", "surgery"]', "result": "benefit",
            "followup_months": 24}
    db["studies"].insert({"study_id": "pmid:9902", "title": "Mesenchymal stem cells for knee "
                          "osteoarthritis: a randomized trial", "conditions": "[]", **knee})
    db["studies"].insert({"study_id": "pmid:9903", "title": "Adipose stem cells for hip "
                          "osteoarthritis: a randomized trial",
                          "conditions": '["hip_osteoarthritis"]', **knee})
    try:
        rows = get(ds, "/stemspine/claims.json?_shape=array").json()
        expected = independent_claims(db_path)
        assert {(row["claim"], row["evidence"]) for row in rows} == set(expected)
        for row in rows:
            want = expected[(row["claim"], row["evidence"])]
            assert set(row["study_ids"].split()) == want["ids"]
            assert {frozenset(trial.split("+")) for trial in row["trial_study_ids"].split()} \
                == want["trial_ids"]
            for name in ("trials", "reports", "participants", "benefit", "no_difference",
                         "mixed", "harm"):
                assert row[name] == want[name], (row["claim"], row["evidence"], name)
        assert "pmid:9901" not in json.dumps(rows)  # no cell type: not a cell therapy
        for knee_id in ("pmid:9902", "pmid:9903"):  # cell therapy, but not of the spine
            assert knee_id not in json.dumps(rows)
        # a plain-SQL count, independent of the claims query: randomized cell-therapy trials
        # of a spine condition reporting pain, a trial being a study and the studies it is
        # linked to as the same trial (one link away here: a registration, a preprint), and
        # its participants those of its largest report
        spine = ", ".join(f"'{c}'" for c in sorted(SPINE_CONDITIONS))
        plain = sqlite3.connect(db_path).execute(
            "select count(*), sum(participants) from (select (select min(id) from (select "
            "s.study_id as id union select other_study_id from links where study_id = "
            "s.study_id and relation in ('registered_as', 'registration_of', 'same_trial') "
            "union select study_id from links where other_study_id = s.study_id and relation "
            "in ('registered_as', 'registration_of', 'same_trial'))) as trial, "
            "max(sample_size) as participants from studies s where kind = 'publication' "
            "and not retracted and population = 'human' and evidence_level = 2 "
            "and json_array_length(cell_types) > 0 and exists (select 1 from "
            f"json_each(conditions) where value in ({spine})) and exists (select 1 from "
            "json_each(outcomes) where value = 'pain') group by trial)").fetchone()
        pain = next(row for row in rows
                    if (row["claim"], row["evidence"]) == ("reduced pain", "randomized"))
        assert (pain["trials"], pain["participants"]) == plain == (4, 120 + 200 + 160 + 150)
        assert pain["reports"] == 5  # pmid:1001 and pmid:1002 report one trial
        html = get(ds, "/claims").text
        assert "<h2>Reduced pain</h2>" in html
        assert 'href="/stemspine/studies/pmid~3A6001"' in html
        # each study with its title, year, participants and result, not a bare id
        listed = html.split('<li data-study-id="pmid:1001">')[1].split("</li>")[0]
        assert "Allogeneic mesenchymal precursor cells" in listed and "(2021)" in listed
        assert "n = 120" in listed and "no difference" in listed
        report = html.split('<li data-study-id="pmid:1001" class="trial-report">')[1]
        assert "report 2 of one trial (counted once)" in report.split("</li>")[0]
        assert "Counts are trials, not reports" in html
        assert "4 <span class=\"reports\">(5 reports)</span>" in html
        assert "pmid:9901" not in html
        assert "pmid:9902" not in html and "pmid:9903" not in html
    finally:
        for study_id in ("pmid:9901", "pmid:9902", "pmid:9903"):
            db["studies"].delete(study_id)


def test_claims_say_the_results_are_overall_not_per_claim(ds):
    html = get(ds, "/claims").text
    tables = html.split("<table data-claim=")[1:]
    assert len(tables) == 5
    for table in tables:
        assert "Overall result of the study (not specific to this claim)" in table
    safety = next(t for t in tables if t.startswith('"safety"'))
    assert "not its safety finding" in safety
    surgery = next(t for t in tables if t.startswith('"surgery avoided"'))
    assert "not its surgery finding" in surgery
    assert 'id="overall-result"' in html and "closest columns are" in html


# --- the studies table ------------------------------------------------------------------------

def test_studies_table_opens_with_readable_columns(ds):
    response = asyncio.run(ds.client.get("/stemspine/studies?year=2021"))
    assert response.status_code == 302
    assert response.headers["location"] == (
        "/stemspine/studies?year=2021&_col=title&_col=year&_col=design&_col=evidence_level"
        "&_col=sample_size&_col=cell_types&_col=conditions&_col=result")
    html = get(ds, "/stemspine/studies").text
    assert "<dl class=\"column-descriptions\">" in html  # hidden by CSS ...
    assert "<summary>What the columns mean</summary>" in html  # ... and folded here
    assert "Mesenchymal stem/stromal cells (MSC)" in html  # labels, not ["msc"]
    assert '["msc"]' not in html and "randomized controlled trial" in html
    assert 'href="/evidence-map"' in html
    everything = get(ds, "/stemspine/studies?_nocol=abstract").text
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/1001/"' in everything
    assert 'href="https://clinicaltrials.gov/study/NCT02000002"' in everything
    assert 'href="https://doi.org/10.1101/2023.05.01.000003"' in everything
    assert get(ds, "/stemspine/studies.json?_shape=array&_size=1").json()[0]["abstract"]


def headers(html: str) -> dict[str, str]:
    """Column name -> the header text shown, for each column of a page's results table."""
    thead = html.split("<thead>")[1].split("</thead>")[0]
    found = {}
    for cell in thead.split("<th")[1:]:
        name = cell.split('class="col-')[1].split('"')[0]
        text = re.sub(r"<[^>]+>", "", cell.split(">", 1)[1]).replace("&nbsp;", " ")
        found[name] = " ".join(text.split())
    return found


def test_column_headers_are_labels_and_exports_keep_column_names(ds):
    table = headers(get(ds, "/stemspine/studies").text)
    assert table["evidence_level"] == "Level of evidence" and table["sample_size"] == "n"
    assert table["cell_types"] == "Cell types" and table["title"] == "Title"
    every = headers(get(ds, "/stemspine/studies?_nocol=abstract").text)
    assert every["followup_months"] == "Follow-up (months)" and every["nct_id"] == (
        "ClinicalTrials.gov")
    sorted_page = get(ds, "/stemspine/studies?_sort_desc=sample_size").text
    assert headers(sorted_page)["sample_size"] == "n ▲"  # Datasette marks a descending sort ▲
    assert 'data-column="sample_size"' in sorted_page  # the column keeps its SQL name
    # narrow screens: each card's value named by the label too
    assert 'td:nth-of-type(6):before { content: "n"; }' in get(ds, "/stemspine/studies").text
    # the column notes give the label and the SQL name
    assert "<dt>Level of evidence (<code>evidence_level</code>)</dt>" in get(
        ds, "/stemspine/studies").text
    query = get(ds, "/stemspine/new_since?since=2000-01-01").text
    assert headers(query)["evidence_level"] == "Level of evidence"
    assert headers(query)["first_seen"] == "First seen"
    assert 'content: "Level of evidence"' in query
    claims = headers(get(ds, "/stemspine/claims").text)
    assert claims["trial_study_ids"] == "Reports of each trial" and claims["claim"] == "Claim"
    # SQL, CSV and JSON keep the column names
    first_line = get(ds, "/stemspine/studies.csv?_size=1").text.splitlines()[0]
    assert "evidence_level,sample_size" in first_line and "followup_months" in first_line
    assert {"evidence_level", "first_seen"} <= set(
        get(ds, "/stemspine/new_since.json?since=2000-01-01&_shape=array").json()[0])
    assert "sample_size" in get(ds, "/stemspine?sql=select+sample_size+from+studies").text


def test_atom_entries_read_with_labels(ds):
    import xml.etree.ElementTree as ET

    ns = {"atom": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(get(ds, "/stemspine/new_since_feed.atom?since=2000-01-01").content)
    content = {entry.find("atom:id", ns).text: entry.find("atom:content", ns).text
               for entry in feed.findall("atom:entry", ns)}
    rct = content["pmid:1001"]
    assert rct.startswith("Publication: Spine J, 2021. Randomized controlled trial. ")
    assert "Level of evidence 2 · RCT" in rct
    assert "Cell types: Mesenchymal stem/stromal cells (MSC)" in rct
    assert "Conditions: Disc degeneration, Low back or neck pain" in rct
    assert "Registration status: not yet recruiting" in content["nct:NCT05000005"]
    for text in content.values():
        for slug in ("design ", "rct", "msc", "disc_degeneration", "NOT_YET", "level 2"):
            assert slug not in text, (slug, text)


def test_level_and_year_facets_are_in_value_order(ds):
    html = get(ds, "/stemspine/studies?_open_facets=1").text
    level = html.split('data-column="evidence_level"')[1].split("</ul>")[0]
    positions = [level.index(f">{n} · ") for n in (1, 2, 3, 4, 5)]
    assert positions == sorted(positions)
    year = html.split('data-column="year"')[1].split("</ul>")[0]
    years = [int(part.split("<")[0]) for part in year.split('">')[1:] if part[:4].isdigit()]
    assert years == sorted(years, reverse=True) and len(years) > 3


def test_facets_are_titled_with_column_headers_and_a_selected_value_with_its_label(ds):
    html = get(ds, "/stemspine/studies?_open_facets=1&design=rct").text
    panel = html.split('<details class="facet-panel"')[1].split("</details>")[0]
    summary = panel.split("<summary>")[1].split("</summary>")[0]
    assert "Design" in summary and "Level of evidence" in summary
    assert "evidence_level" not in summary
    design = panel.split('data-column="design"')[1].split("</ul>")[0]
    assert "<strong>Design" in design
    assert "<li>randomized controlled trial &middot;" in design  # selected: its label, not "rct"


# --- search -----------------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["stem-cell", "randomised", "randomized", '"quoted phrase"',
                               '"unbalanced', "it's", 'a "b', "NOT", "x OR", "(", "*", "-", "",
                               "title:stem", "ünïcödé"])
def test_search_accepts_any_input(ds, q):
    from urllib.parse import quote

    for path in (f"/stemspine/search.json?q={quote(q)}", f"/stemspine/search?q={quote(q)}",
                 f"/stemspine/studies.json?_search={quote(q)}",
                 f"/stemspine/studies?_search={quote(q)}"):
        get(ds, path)


def test_uk_and_us_spellings_find_the_same_studies(ds):
    uk = get(ds, "/stemspine/search.json?q=randomised&_shape=array").json()
    us = get(ds, "/stemspine/search.json?q=randomized&_shape=array").json()
    assert {row["study_id"] for row in uk} == {row["study_id"] for row in us}
    assert "pmid:6002" in {row["study_id"] for row in us}  # its title says "randomised"
    table = get(ds, "/stemspine/studies.json?_search=randomised&_shape=array").json()
    assert {row["study_id"] for row in table} == {row["study_id"] for row in us}
    html = get(ds, "/stemspine/search?q=notochordal").text
    assert 'href="/stemspine/studies/pmid~3A4001"' in html  # results link to study pages


def ids(ds, path: str) -> set[str]:
    return {row["study_id"] for row in get(ds, path).json()}


def test_raw_search_mode_folds_spellings_as_plain_search_does(ds):
    plain = ids(ds, "/stemspine/studies.json?_search=randomized&_shape=array")
    assert "pmid:6002" in plain  # its title says "randomised"
    for q in ("randomised", "randomized"):
        assert ids(ds, f"/stemspine/studies.json?_searchmode=raw&_search={q}&_shape=array") \
            == plain, q
    # FTS5 syntax kept: operators, a column filter, a quoted phrase, a column's own search
    raw = "/stemspine/studies.json?_searchmode=raw&_shape=array&"
    assert ids(ds, raw + "_search=" + quote("title:randomised")) == ids(
        ds, raw + "_search=" + quote("title:randomized")) >= {"pmid:6002"}
    assert ids(ds, raw + "_search_title=randomised") == ids(ds, raw + "_search_title=randomized")
    assert ids(ds, raw + "_search=" + quote('"randomised controlled" OR notochordal')) >= {
        "pmid:6002", "pmid:4001"}
    assert ids(ds, raw + "_search=" + quote("randomised NOT herniated")) == plain - ids(
        ds, "/stemspine/studies.json?_search=herniated&_shape=array")
    html = get(ds, "/stemspine/studies?_searchmode=raw&_search=randomised").text
    assert 'value="randomised"' in html  # the box keeps what was typed
    assert "pmid:6002" in html


def test_greek_letters_and_their_names_find_each_other(tmp_path):
    path = build_study_db(tmp_path / "stemspine.db")
    db = sqlite_utils.Database(path)
    register_functions(db.conn)  # studies' search triggers fold text (db/search_index.py)
    db["studies"].insert({"study_id": "pmid:9911", "kind": "publication", "title": "MSC lower "
                          "IL-1β and TGF-β1 in degenerated discs", "abstract": "α-SMA fell.",
                          "population": "human", "cell_types": '["msc"]',
                          "conditions": '["disc_degeneration"]'})
    greek = make_datasette(str(path))
    for q in ("IL-1β", "IL-1beta", "IL-1b", "TGF-β1", "TGF-beta1", "α-SMA", "alpha-SMA"):
        assert "pmid:9911" in ids(greek, f"/stemspine/search.json?q={quote(q)}&_shape=array"), q
        assert ids(greek, f"/stemspine/studies.json?_search={quote(q)}&_shape=array") == {
            "pmid:9911"}, q
    raw = "/stemspine/studies.json?_searchmode=raw&_shape=array&_search="
    assert ids(greek, raw + "alpha AND sma") == ids(greek, raw + "%CE%B1") == {"pmid:9911"}


# --- download, feed, data as of ---------------------------------------------------------------

def test_whole_database_download_is_a_consistent_copy(ds, db_path, tmp_path):
    response = get(ds, "/stemspine.db")
    assert response.headers["content-type"] == "application/vnd.sqlite3"
    copy = tmp_path / "copy.db"
    copy.write_bytes(response.content)
    assert sqlite_utils.Database(copy)["studies"].count == sqlite_utils.Database(
        db_path)["studies"].count
    assert 'href="/stemspine.db"' in get(ds, "/evidence-map").text
    get(ds, "/nope.db", status=404)


def test_data_as_of_on_every_page(ds):
    for path in ("/", "/evidence-map", "/claims", "/stemspine/studies",
                 "/stemspine/studies/pmid~3A1001", "/stemspine/search?q=disc",
                 "/evidence-map/msc/disc_degeneration"):
        html = get(ds, path).text
        assert "Data as of clinicaltrials 2025-03-01; pubmed 2025-01-01" in html, path
        assert '<html lang="en">' in html


def test_atom_feed_on_another_database_name(tmp_path):
    path = build_study_db(tmp_path / "stemspine-offline.db")
    offline = make_datasette(str(path), offline=True)
    assert get(offline, "/stemspine-offline/new_since_feed.atom?since=2000-01-01").text.count(
        "<entry>") == 23
    page = get(offline, "/stemspine-offline/new_since").text
    assert 'href="new_since_feed.atom?since=2025-01-01"' in page


def test_atom_feed_with_nothing_new_is_an_empty_valid_feed(ds):
    from xml.etree import ElementTree

    for path in ("/stemspine/new_since_feed.atom?since=2999-12-05",
                 "/stemspine/new_since_feed.atom?since=2999-12-05T00:00:00Z"):
        response = get(ds, path)
        assert response.headers["content-type"].startswith("application/xml")
        feed = ElementTree.fromstring(response.content)
        atom = "{http://www.w3.org/2005/Atom}"
        assert feed.tag == f"{atom}feed"
        assert feed.findall(f"{atom}entry") == []
        assert feed.find(f"{atom}title").text == "stemspine: new studies"
        assert feed.find(f"{atom}updated").text
    # the feed with rows still comes from datasette-atom
    assert get(ds, "/stemspine/new_since_feed.atom?since=2025-06-01").text.count("<entry>") == 3


@pytest.mark.parametrize("since", ["garbage", "2026-13-45", "yesterday", "2026/01/01"])
def test_atom_feed_with_a_bad_date_says_so_with_400(ds, since):
    response = get(ds, f"/stemspine/new_since_feed.atom?since={since}", status=400)
    assert "is not a date" in response.text and "since=2026-01-01" in response.text
    # error pages render without the plugins' template variables: no false "no crawl yet"
    assert "No successful crawl yet" not in response.text


# --- one definition of "ended without a published result" -------------------------------------

def map_unpublished_ids(db_path) -> set[str]:
    conn = sqlite3.connect(db_path)
    return {row[0] for row in conn.execute(
        "select distinct j.value from evidence_map_cells, json_each(unpublished_ids) j")}


def test_the_map_and_the_unpublished_query_list_the_same_trials(tmp_path):
    from db.evidence_map_table import write_evidence_map
    from tests.studydb import _study

    path = build_study_db(tmp_path / "stemspine.db")
    db = sqlite_utils.Database(path)
    register_functions(db.conn)
    spine_msc = {"cell_types": ["msc"], "conditions": ["disc_degeneration"]}
    extra = [  # withdrawn, no completion date: unpublished
        _study("nct:NCT07000007", "Withdrawn MSC trial", status="WITHDRAWN", **spine_msc),
        # completed, no completion date given: unpublished (the status says it ended)
        _study("nct:NCT07000008", "Completed MSC trial", status="COMPLETED", **spine_msc),
        # terminated with results posted on ClinicalTrials.gov: it has a result
        _study("nct:NCT07000009", "Terminated MSC trial with results", status="TERMINATED",
               has_results=1, completion_date="2019-01", **spine_msc),
        # completed, but reported by a publication
        _study("nct:NCT07000010", "Completed and published MSC trial", status="COMPLETED",
               completion_date="2019-01", **spine_msc)]
    db["studies"].insert_all(extra, alter=True)
    db["links"].insert_all([
        {"study_id": "nct:NCT07000010", "other_study_id": "pmid:1001",
         "relation": "registration_of", "evidence": "test"},
        {"study_id": "pmid:1001", "other_study_id": "nct:NCT07000010",
         "relation": "registered_as", "evidence": "test"}], alter=True)
    write_evidence_map(db)
    # independent of both: plain SQL with the documented definition
    independent = {row[0] for row in sqlite3.connect(path).execute(
        "select study_id from studies s where kind = 'registration' "
        "and status in ('COMPLETED', 'TERMINATED', 'WITHDRAWN') "
        "and not coalesce(has_results, 0) and not exists (select 1 from links l where "
        "(l.study_id = s.study_id and l.relation = 'registration_of') or "
        "(l.other_study_id = s.study_id and l.relation = 'registered_as'))")}
    ds = make_datasette(str(path))
    query = {row["study_id"] for row in get(
        ds, "/stemspine/unpublished_trials.json?_shape=array").json()}
    assert query == map_unpublished_ids(path) == independent
    assert {"nct:NCT07000007", "nct:NCT07000008"} <= query
    assert not {"nct:NCT07000009", "nct:NCT07000010"} & query
    html = get(ds, "/evidence-map").text
    assert "ended, unpublished" in html


def test_status_and_report_designs_read_as_labels(ds):
    html = get(ds, "/stemspine/studies?kind=registration&_col=status&_open_facets=1").text
    facet = html.split('data-column="status"')[1].split("</ul>")[0]
    assert "completed" in facet and "not yet recruiting" in facet
    assert ">COMPLETED<" not in facet and ">NOT_YET_RECRUITING<" not in facet
    rows = html.split('<table class="rows-and-columns">')[1].split("</table>")[0]
    assert ">completed<" in rows and ">COMPLETED<" not in rows
    trial = get(ds, "/stemspine/studies/nct~3ANCT01000001").text
    reports = trial.split("reports of this trial")[1].split("</table>")[0]
    assert "randomized controlled trial" in reports and ">rct<" not in reports
