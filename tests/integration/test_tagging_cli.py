"""Issue 4 through the CLI: every stored tag explains itself, and curation wins over the rules,
survives `stemspine crawl` and `stemspine tag`, and its removal restores the rule result."""

from __future__ import annotations

import json

import pytest
from sqlite_utils import Database

from tests.processes import ROOT, run_cli

SAMPLE = ROOT / "crawlers" / "sample_corpus"
STUDY = "pmid:99900001"  # sample RCT of bone marrow MSCs for disc degeneration


@pytest.fixture
def sample_db(tmp_path):
    db_path = tmp_path / "sample.db"
    result = run_cli("crawl", "--offline", str(SAMPLE), "--db", str(db_path))
    assert result.returncode == 0, result.stderr[-3000:]
    return db_path


def tags(db: Database, study_id: str, facet: str) -> dict[str, str]:
    return {row["value"]: row["origin"] for row in db["study_tags"].rows_where(
        "study_id = ? and facet = ?", [study_id, facet])}


def test_every_tag_explains_itself(sample_db):
    db = Database(sample_db)
    assert db["study_tags"].count > 0
    unexplained = db.execute(
        "select count(*) from study_tags where origin != 'curation' and "
        "(coalesce(matched_text, '') = '' or coalesce(field, '') = '')").fetchone()[0]
    assert unexplained == 0
    assert {row["origin"] for row in db["study_tags"].rows} == {"rule"}


def test_curation_survives_crawl_and_tag_and_its_removal_restores_the_rules(sample_db, tmp_path):
    db = Database(sample_db)
    assert "msc" in tags(db, STUDY, "cell_type")
    assert "hsc" not in tags(db, STUDY, "cell_type")
    curation = tmp_path / "curation.yaml"
    curation.write_text(json.dumps({"entries": [
        {"study_id": STUDY, "facet": "cell_type", "value": "msc", "action": "remove",
         "reason": "test: reviewer removes the rule tag"},
        {"study_id": STUDY, "facet": "cell_type", "value": "hsc", "action": "add",
         "reason": "test: reviewer adds a tag"},
    ]}))

    def curated() -> None:
        cell_types = tags(db, STUDY, "cell_type")
        assert "msc" not in cell_types and cell_types["hsc"] == "curation"
        row = db["studies"].get(STUDY)
        assert "hsc" in json.loads(row["cell_types"])
        assert "msc" not in json.loads(row["cell_types"])
        tag = next(db["study_tags"].rows_where("study_id = ? and value = 'hsc'", [STUDY]))
        assert tag["matched_text"] == "test: reviewer adds a tag"

    assert run_cli("tag", "--db", str(sample_db), "--curation", str(curation)).returncode == 0
    curated()
    again = run_cli("crawl", "--offline", str(SAMPLE), "--db", str(sample_db),
                    "--curation", str(curation))
    assert again.returncode == 0
    curated()
    assert run_cli("tag", "--db", str(sample_db), "--curation", str(curation)).returncode == 0
    curated()

    curation.write_text(json.dumps({"entries": []}))
    assert run_cli("tag", "--db", str(sample_db), "--curation", str(curation)).returncode == 0
    restored = tags(db, STUDY, "cell_type")
    assert restored.get("msc") == "rule" and "hsc" not in restored


def test_malformed_curation_file_is_a_clear_error(sample_db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - study_id: pmid:1\n    facet: [unclosed\n")
    result = run_cli("tag", "--db", str(sample_db), "--curation", str(bad))
    assert result.returncode != 0
    assert "bad.yaml" in result.stderr and "Traceback" not in result.stderr


def test_evaluate_reports_per_facet_scores(sample_db):
    result = run_cli("evaluate", "--db", str(sample_db), str(SAMPLE / "labels.jsonl"))
    assert result.returncode == 0, result.stderr[-2000:]
    for facet in ("cell_type", "condition", "design", "evidence_level"):
        assert facet in result.stdout


F1_FLOORS = {"cell_type": 0.95, "condition": 0.95, "cell_source": 0.9, "donor": 0.9,
             "delivery": 0.9, "outcome": 0.9}
ACCURACY_FLOORS = {"design": 0.9, "population": 0.9, "evidence_level": 0.9}


def test_evaluate_on_the_dev_corpus_meets_the_floors(corpus_dir, tmp_path):
    """Issue 4, acceptance 1: the scores `stemspine evaluate` prints after an offline crawl of
    ../shared/corpus (merged studies, as researchers see them)."""
    db_path = tmp_path / "corpus.db"
    assert run_cli("crawl", "--offline", str(corpus_dir), "--db", str(db_path)).returncode == 0
    result = run_cli("evaluate", "--db", str(db_path), str(corpus_dir / "labels.jsonl"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "missing: 0" in result.stdout and "extra: 0" in result.stdout
    scores = {}
    for line in result.stdout.splitlines():
        parts = line.split()
        if len(parts) == 7 and parts[0] in F1_FLOORS:
            scores[parts[0]] = float(parts[3])
        elif len(parts) == 3 and parts[1] == "accuracy":
            scores[parts[0]] = float(parts[2])
    for facet, floor in {**F1_FLOORS, **ACCURACY_FLOORS}.items():
        assert scores[facet] >= floor, (facet, scores[facet], floor)
