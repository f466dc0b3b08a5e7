"""`stemspine status` finds the offline database when that is the one that exists (issue 10)."""

from __future__ import annotations

import os

from tests.processes import run_cli
from tests.studydb import build_study_db


def test_status_finds_the_offline_database(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "STEMSPINE_DB"}
    missing = run_cli("status", cwd=tmp_path, env=env)
    assert missing.returncode == 4 and "stemspine.db does not exist" in missing.stderr
    build_study_db(tmp_path / "stemspine-offline.db")
    found = run_cli("status", cwd=tmp_path, env=env)
    assert found.returncode == 0, found.stderr
    assert "database stemspine-offline.db" in found.stdout
    build_study_db(tmp_path / "stemspine.db")  # a real crawl's database wins when it exists
    assert "database stemspine.db" in run_cli("status", cwd=tmp_path, env=env).stdout


def test_evaluate_reads_the_offline_database_too(tmp_path):
    """After `make run` offline, `stemspine evaluate LABELS` needs no --db (nor does `serve`,
    which opens the database the same way: `existing_db`)."""
    env = {key: value for key, value in os.environ.items() if key != "STEMSPINE_DB"}
    labels = tmp_path / "labels.jsonl"
    labels.write_text("")
    missing = run_cli("evaluate", str(labels), cwd=tmp_path, env=env)
    assert missing.returncode != 0 and "stemspine.db does not exist" in missing.stderr
    build_study_db(tmp_path / "stemspine-offline.db")
    found = run_cli("evaluate", str(labels), cwd=tmp_path, env=env)
    assert found.returncode == 0, found.stderr
