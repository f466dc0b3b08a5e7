"""The evidence map and its cell pages read what they show, at any size (issue 11): the map
reads only the cells' counts; a cell page shows 100 trials a page and every page together is
exactly the cell's counted studies; its CSV still has every study."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3

import pytest

from tests.studydb import build_synthetic_db, get_ok, started_datasette

PAGE = 100


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_synthetic_db(tmp_path_factory.mktemp("cells") / "stemspine.db", 2000)


@pytest.fixture(scope="module")
def ds(db_path):
    return started_datasette(db_path)


def get(ds, path: str):
    return get_ok(ds, path)


def biggest_cell(db_path) -> tuple[str, str, list[list[str]]]:
    conn = sqlite3.connect(db_path)
    cell_type, condition, trials = conn.execute(
        "select cell_type, condition, trials from evidence_map_cells "
        "order by json_array_length(trials) desc limit 1").fetchone()
    return cell_type, condition, json.loads(trials)


def list_sizes(db_path, cell_type: str, condition: str) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    row = conn.execute("select study_ids, ongoing_ids, unpublished_ids from evidence_map_cells "
                       "where cell_type = ? and condition = ?", [cell_type, condition]).fetchone()
    return dict(zip(("study_ids", "ongoing_ids", "unpublished_ids"),
                    (len(json.loads(value or "[]")) for value in row), strict=True))


def counted_ids(html: str) -> list[str]:
    table = html.split('id="counted"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr class="[^"]*" data-study-id="([^"]+)"', table)


def test_cell_pages_page_the_counted_trials(ds, db_path):
    cell_type, condition, trials = biggest_cell(db_path)
    assert len(trials) > PAGE, "the synthetic database should give a cell of 2+ pages"
    pages = -(-len(trials) // PAGE)
    seen = []
    for page in range(1, pages + 1):
        html = get(ds, f"/evidence-map/{cell_type}/{condition}?page={page}").text
        ids = counted_ids(html)
        shown = trials[(page - 1) * PAGE: page * PAGE]
        assert ids == [study for trial in shown for study in trial]
        assert f"page {page} of {pages}" in html
        # every page states the sizes of the whole cell, not of the page it shows
        sizes = list_sizes(db_path, cell_type, condition)
        assert (f"Counted here: {len(trials)} studies\n(each real-world trial once) from "
                f"{sizes['study_ids']} publication") in html
        assert f"still running ({sizes['ongoing_ids']})" in html
        assert f"without a published result ({sizes['unpublished_ids']})" in html
        assert ('rel="next"' in html) == (page < pages)
        assert ('rel="prev"' in html) == (page > 1)
        seen += ids
    assert sorted(seen) == sorted(study for trial in trials for study in trial)
    last = get(ds, f"/evidence-map/{cell_type}/{condition}?page=999").text
    assert f"page {pages} of {pages}" in last
    assert counted_ids(get(ds, f"/evidence-map/{cell_type}/{condition}?page=x").text) == \
        counted_ids(get(ds, f"/evidence-map/{cell_type}/{condition}").text)


def test_cell_exports_still_have_every_study(ds, db_path):
    cell_type, condition, trials = biggest_cell(db_path)
    rows = list(csv.DictReader(io.StringIO(
        get(ds, f"/evidence-map/{cell_type}/{condition}.csv").text)))
    counted = [row["study_id"] for row in rows if row["group"] == "counted"]
    assert sorted(counted) == sorted(study for trial in trials for study in trial)


def test_map_reads_counts_not_study_ids(ds):
    data = get(ds, "/evidence-map.json").json()
    assert data["cells"] and all("study_ids" not in cell for cell in data["cells"])
    assert all("levels" in cell and "verdict" in cell for cell in data["cells"])
