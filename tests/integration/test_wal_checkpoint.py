"""A crawl and a tag end with the write-ahead log moved into the .db file (audit defect 15):
copying the .db file alone, as `cp` or a backup does, copies the data."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tests.conftest import SAMPLE_CORPUS
from tests.processes import run_cli


def studies_in_a_copy_of_the_db_file_alone(db_path: Path, tmp_path: Path, name: str) -> int:
    copy = tmp_path / name
    shutil.copyfile(db_path, copy)  # the .db file only: no -wal, no -shm beside it
    assert not Path(f"{copy}-wal").exists()
    conn = sqlite3.connect(copy)
    try:
        return conn.execute("select count(*) from studies").fetchone()[0]
    finally:
        conn.close()


def studies_in(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("select count(*) from studies").fetchone()[0]
    finally:
        conn.close()  # the last connection to close checkpoints by itself: count after copying


def test_crawl_and_tag_leave_the_data_in_the_db_file(tmp_path):
    db_path = tmp_path / "stemspine.db"
    result = run_cli("crawl", "--offline", str(SAMPLE_CORPUS), "--db", str(db_path))
    assert result.returncode == 0, result.stderr[-3000:]
    in_copy = studies_in_a_copy_of_the_db_file_alone(db_path, tmp_path, "after-crawl.db")
    studies = studies_in(db_path)
    assert studies > 0 and in_copy == studies

    result = run_cli("tag", "--db", str(db_path))
    assert result.returncode == 0, result.stderr[-3000:]
    assert studies_in_a_copy_of_the_db_file_alone(db_path, tmp_path, "after-tag.db") == studies
