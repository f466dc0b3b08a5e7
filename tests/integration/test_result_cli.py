"""Issue 10, item 1 through the CLI: what each study found (``result``) and its follow-up are
stored, explained and curated like any tag, and `stemspine evaluate` scores them per label set.

The acceptance test reads the three labelled sets crawled into one database and evaluated in
one call (the ``evaluated_sets`` fixture, shared with the tagger's figures test).
"""

from __future__ import annotations

import json

import pytest
from sqlite_utils import Database

from tests.conftest import SAMPLE_CORPUS, SHARED
from tests.processes import run_cli

FLOOR = 0.85  # issue 10, acceptance 1: result accuracy and follow-up exact match
STUDY = "pmid:99900001"  # sample RCT whose primary outcome was not met


def test_result_and_followup_meet_the_floors_on_every_labelled_set(evaluated_sets):
    if {"corpus", "corpus-real"} & set(evaluated_sets.absent):
        pytest.skip(f"{SHARED} lacks {evaluated_sets.absent}: the labelled sets live beside the "
                    "checkout in ../shared (see README, 'Tests')")
    for name, score in evaluated_sets.figures.items():
        # each set is scored on its own studies; the other sets' studies are not "extra"
        assert score["missing"] == 0 and score["extra"] == 0, (name, score)
        assert score["result_rows"] > 20, (name, score)
        for facet in ("result", "followup_months"):
            assert score[facet] >= FLOOR, (name, facet, score)
        assert score["result_labelled"] >= FLOOR, (name, score)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    """One crawl of the sample for the tests below (the curation test restores what it sets)."""
    db_path = tmp_path_factory.mktemp("sample") / "sample.db"
    result = run_cli("crawl", "--offline", str(SAMPLE_CORPUS), "--db", str(db_path))
    assert result.returncode == 0, result.stderr[-3000:]
    return db_path


def result_tags(db: Database, study_id: str) -> dict[str, dict[str, str]]:
    return {row["facet"]: row for row in db["study_tags"].rows_where(
        "study_id = ? and facet in ('result', 'followup_months')", [study_id])}


def test_result_is_stored_with_the_sentence_that_decided_it(sample_db):
    db = Database(sample_db)
    row = db["studies"].get(STUDY)
    tags = result_tags(db, STUDY)
    assert (row["result"], row["followup_months"]) == ("mixed", 24)
    assert tags["result"]["value"] == "mixed" and tags["result"]["origin"] == "rule"
    assert tags["result"]["field"] == "abstract:CONCLUSIONS"
    assert "did not significantly improve the primary" in tags["result"]["matched_text"]
    assert tags["followup_months"]["value"] == "24"
    assert "24 months" in tags["followup_months"]["matched_text"]
    # registrations, animal work and reviews without a result: NULL, and no result tag
    for study_id in ("nct:NCT09990001", "pmid:99900015", "pmid:99900023"):
        assert db["studies"].get(study_id)["result"] is None
        assert "result" not in result_tags(db, study_id)
    assert db["studies"].get("nct:NCT09990001")["followup_months"] == 24
    explained = db.execute(
        "select count(*) from studies s where s.result is not null and not exists (select 1 "
        "from study_tags t where t.study_id = s.study_id and t.facet = 'result' and "
        "t.value = s.result and coalesce(t.matched_text, '') != '')").fetchone()[0]
    assert explained == 0


def test_result_curation_wins_survives_crawl_and_tag_and_can_be_undone(sample_db, tmp_path):
    db = Database(sample_db)
    curation = tmp_path / "curation.yaml"
    curation.write_text(json.dumps({"entries": [
        {"study_id": STUDY, "facet": "result", "value": "no_difference", "action": "set",
         "reason": "test: the primary outcome decides"},
        {"study_id": STUDY, "facet": "followup_months", "value": "12", "action": "set",
         "reason": "test: the primary outcome was read at 12 months"},
    ]}))

    def curated() -> None:
        row = db["studies"].get(STUDY)
        assert (row["result"], row["followup_months"]) == ("no_difference", 12)
        tags = result_tags(db, STUDY)
        assert tags["result"]["origin"] == "curation"
        assert tags["result"]["matched_text"] == "test: the primary outcome decides"
        assert tags["followup_months"]["value"] == "12"

    assert run_cli("tag", "--db", str(sample_db), "--curation", str(curation)).returncode == 0
    curated()
    again = run_cli("crawl", "--offline", str(SAMPLE_CORPUS), "--db", str(sample_db),
                    "--curation", str(curation))
    assert again.returncode == 0, again.stderr[-2000:]
    curated()
    curation.write_text(json.dumps({"entries": []}))
    assert run_cli("tag", "--db", str(sample_db), "--curation", str(curation)).returncode == 0
    assert db["studies"].get(STUDY)["result"] == "mixed"
    assert result_tags(db, STUDY)["result"]["origin"] == "rule"


def test_bad_result_curation_is_a_clear_error(sample_db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(json.dumps({"entries": [
        {"study_id": STUDY, "facet": "result", "value": "works", "action": "set", "reason": "r"}]}))
    result = run_cli("tag", "--db", str(sample_db), "--curation", str(bad))
    assert result.returncode != 0
    assert "result must be one of" in result.stderr and "Traceback" not in result.stderr
