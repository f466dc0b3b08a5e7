"""One writer per database file, whatever path reaches it: while a crawl runs, a second run
through a symlink or a hard link to the same file exits with the locked code (5)."""

from __future__ import annotations

import fcntl
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.processes import BIN, ROOT, run_cli

EXIT_LOCKED = 5


def is_locked(path: Path) -> bool:
    with open(path, "rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


@pytest.fixture
def running_crawl(tmp_path):
    """A real crawl of the sample corpus, slowed down (a 60 s delay between requests) so that it
    holds the database while the test runs a second one; killed at the end."""
    db_path = tmp_path / "data" / "stemspine.db"
    db_path.parent.mkdir()
    with open(tmp_path / "first.log", "w") as log:
        proc = subprocess.Popen(
            [str(BIN / "stemspine"), "crawl", "--offline", "--source", "pubmed", "--db",
             str(db_path), "--setting", "DOWNLOAD_DELAY=60", "--setting",
             "AUTOTHROTTLE_ENABLED=false"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not (db_path.exists() and is_locked(db_path)):
            assert proc.poll() is None, (tmp_path / "first.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "the first crawl never took the lock"
            time.sleep(0.1)
        yield db_path
    finally:
        proc.kill()
        proc.wait(timeout=30)


@pytest.mark.parametrize("link", ["symlink", "hardlink", "relative"])
def test_a_second_run_through_another_path_exits_locked(running_crawl, tmp_path, link):
    other = tmp_path / "elsewhere"
    other.mkdir()
    if link == "symlink":
        path = other / "link.db"
        path.symlink_to(running_crawl)
    elif link == "hardlink":
        path = other / "hard.db"
        os.link(running_crawl, path)
    else:
        path = Path(os.path.relpath(running_crawl, other))
    result = run_cli("crawl", "--offline", "--source", "pubmed", "--db", str(path),
                     cwd=other)
    assert result.returncode == EXIT_LOCKED, result.stderr[-2000:]
    assert "locked" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_tag_on_a_database_being_crawled_exits_locked(running_crawl):
    result = run_cli("tag", "--db", str(running_crawl))
    assert result.returncode == EXIT_LOCKED, result.stderr[-2000:]
