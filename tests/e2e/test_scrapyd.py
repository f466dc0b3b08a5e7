"""Scrapyd, as an operator runs it: a real ``scrapyd`` on loopback (its own folder for eggs, logs
and job databases), the project deployed with ``scrapyd-deploy`` from ``scrapy.cfg``, the pubmed
spider scheduled against the replay server with STEMSPINE_DB and PUBMED_BASE_URL as job settings;
its records land in that database through the project's pipeline.

Scrapyd runs on an interpreter that has the dependencies but not stemspine itself (this checkout
is installed editable in .venv, which would hide a broken egg): whatever the job runs comes from
the deployed egg.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import sysconfig
import time
import venv
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from sqlite_utils import Database

from tests.processes import BIN, ROOT, free_port, replay_server, wait_for_http

pytestmark = pytest.mark.e2e

SAMPLE = ROOT / "crawlers" / "sample_corpus"
NOT_SOURCES = (".git", ".venv", "node_modules", "build", "*.egg-info", "__pycache__", "*.db",
               "*.db-*", ".hypothesis", ".pytest_cache", ".ruff_cache", "test-artifacts")


def interpreter_without_stemspine(folder: Path) -> Path:
    """A venv whose only packages are this venv's site-packages, added as a plain path (so the
    editable install's finder, a .pth hook, is not loaded)."""
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; "
                           "print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "stemspine-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    probe = subprocess.run([str(python), "-c", "import scrapy, scrapyd, sqlite_utils; "
                            "import crawlers"], capture_output=True, text=True, cwd=folder)
    assert "No module named 'crawlers'" in probe.stderr, probe.stderr
    return python


@pytest.fixture
def scrapyd(tmp_path):
    """``scrapyd`` on a free loopback port; yields its URL."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    python = interpreter_without_stemspine(tmp_path / "venv")
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\n"
        "max_proc = 1\npoll_interval = 0.5\n")
    with open(home / "scrapyd.out", "w") as out:
        proc = subprocess.Popen([str(python), "-m", "scrapyd"], cwd=home, stdout=out,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url + "daemonstatus.json", timeout=120, proc=proc)
        yield url, home
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def deploy(project: Path, url: str) -> subprocess.CompletedProcess[str]:
    """``scrapyd-deploy`` from a copy of the project whose scrapy.cfg points at ``url`` (the
    copy keeps this checkout free of the setup.py and build folders it writes)."""
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    config = configparser.ConfigParser()
    config.read(project / "scrapy.cfg")
    assert config.get("deploy", "project") == "stemspine"
    config.set("deploy", "url", url)
    with open(project / "scrapy.cfg", "w") as handle:
        config.write(handle)
    return subprocess.run([str(BIN / "scrapyd-deploy")], cwd=project, capture_output=True,
                          text=True, timeout=600)


def wait_for_job(url: str, job: str, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = requests.get(url + "listjobs.json", params={"project": "stemspine"},
                            timeout=30).json()
        done = [j for j in jobs.get("finished", []) if j["id"] == job]
        if done:
            return done[0]
        time.sleep(0.5)
    raise AssertionError(f"job {job} did not finish within {timeout} s: {jobs}")


def test_deployed_egg_runs_the_pubmed_spider_into_the_configured_database(scrapyd, tmp_path):
    url, home = scrapyd
    result = deploy(tmp_path / "project", url)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert '"status": "ok"' in result.stdout, result.stdout
    spiders = requests.get(url + "listspiders.json", params={"project": "stemspine"},
                           timeout=60).json()
    assert sorted(spiders["spiders"]) == ["clinicaltrials", "europepmc", "pubmed"], spiders

    db_path = tmp_path / "jobs" / "stemspine.db"
    db_path.parent.mkdir()
    with replay_server(SAMPLE, tmp_path) as base:
        scheduled = requests.post(url + "schedule.json", timeout=60, data=[
            ("project", "stemspine"), ("spider", "pubmed"),
            ("setting", f"STEMSPINE_DB={db_path}"),
            ("setting", f"PUBMED_BASE_URL={base}/entrez/eutils/"),
            ("setting", "NCBI_EMAIL=scrapyd-test@example.org"),
        ]).json()
        assert scheduled["status"] == "ok", scheduled
        wait_for_job(url, scheduled["jobid"])
        # the nightly job after it: incremental from the database's own watermark
        nightly = requests.post(url + "schedule.json", timeout=60, data=[
            ("project", "stemspine"), ("spider", "pubmed"), ("since", "watermark"),
            ("setting", f"STEMSPINE_DB={db_path}"),
            ("setting", f"PUBMED_BASE_URL={base}/entrez/eutils/"),
            ("setting", "NCBI_EMAIL=scrapyd-test@example.org"),
        ]).json()
        assert nightly["status"] == "ok", nightly
        wait_for_job(url, nightly["jobid"])
    logs = list((home / "logs").rglob(f"{scheduled['jobid']}.log"))
    log = logs[0].read_text() if logs else "(no job log)"
    db = Database(db_path)
    assert "crawl_runs" in db.table_names(), log[-4000:]
    runs = list(db["crawl_runs"].rows)
    assert [(run["source"], run["status"]) for run in runs] == [("pubmed", "ok")] * 2, \
        log[-4000:]
    first, second = runs
    assert first["since"] is None  # everything
    margin = timedelta(days=3)  # STEMSPINE_WATERMARK_MARGIN_DAYS
    assert second["since"] == (date.fromisoformat(first["until"]) - margin).isoformat()
    assert second["search"] == first["search"] and second["stored"] == 0
    pmids = {row["source_id"] for row in db["records"].rows_where("source = 'pubmed'")}
    assert len(pmids) == 39 and all(pmid.isdigit() for pmid in pmids)
    assert str(tmp_path / "project") not in log  # the job ran the egg, not the copied sources
    assert sys.executable not in log
