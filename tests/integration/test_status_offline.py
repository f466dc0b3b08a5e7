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
