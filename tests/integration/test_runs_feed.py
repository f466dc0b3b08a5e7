"""The runs feed for operators (``/DB/crawl_runs_feed.atom``, a canned query with datasette-atom's
columns): one entry per crawl run, newest first, with its status, what the API announced against
what was stored, the studies it added, the registrations it saw change, its warnings and first
errors; a database without runs still gives a valid feed. The runs come from real crawls of the
sample corpus through the replay server, and from db.store for a run that is not reconciled."""

from __future__ import annotations

import asyncio
import json
import shutil
import xml.etree.ElementTree as ET

import pytest
import requests

from db.serve import make_datasette
from tests.conftest import SAMPLE_CORPUS
from tests.processes import pubmed_url, replay_server, run_cli

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def feed_entries(db_path) -> list[dict[str, str]]:
    datasette = make_datasette(str(db_path))
    asyncio.run(datasette.invoke_startup())
    response = asyncio.run(datasette.client.get(f"/{db_path.stem}/crawl_runs_feed.atom"))
    assert response.status_code == 200, response.text[:1000]
    feed = ET.fromstring(response.content)
    assert feed.find("atom:title", ATOM).text == "stemspine: crawl runs"
    return [{field: entry.find(f"atom:{field}", ATOM).text
             for field in ("id", "title", "updated", "content")}
            for entry in feed.findall("atom:entry", ATOM)]


def live(base: str, *sources: str) -> list[str]:
    """``--setting`` arguments that point ``sources`` at the replay server at ``base``."""
    urls = {"pubmed": pubmed_url(base),
            "europepmc": f"EUROPEPMC_BASE_URL={base}/europepmc/webservices/rest/",
            "clinicaltrials": f"CLINICALTRIALS_BASE_URL={base}/api/v2/"}
    return [arg for source in sources for arg in ("--setting", urls[source])]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Three ok live runs of the sample corpus (through the replay server); a clinicaltrials run
    that sees one registration change; a pubmed run whose efetch keeps failing (partial)."""
    tmp = tmp_path_factory.mktemp("feed")
    db_path = tmp / "feed.db"
    for log_dir in ("first", "second", "third"):
        (tmp / log_dir).mkdir()
    with replay_server(SAMPLE_CORPUS, tmp / "first") as base:
        first = run_cli("crawl", "--full", "--db", str(db_path),
                        *live(base, "pubmed", "europepmc", "clinicaltrials"))
    assert first.returncode == 0, first.stderr[-2000:]

    changed = tmp / "changed"
    shutil.copytree(SAMPLE_CORPUS, changed)
    study = changed / "clinicaltrials" / "study-NCT09990001.json"
    data = json.loads(study.read_text())
    data["protocolSection"]["statusModule"]["overallStatus"] = "TERMINATED"
    study.write_text(json.dumps(data))
    with replay_server(changed, tmp / "second") as base:
        second = run_cli("crawl", "--full", "--source", "clinicaltrials", "--db", str(db_path),
                         *live(base, "clinicaltrials"))
    assert second.returncode == 0, second.stderr[-2000:]

    with replay_server(SAMPLE_CORPUS, tmp / "third") as base:
        requests.post(f"{base}/_replay/faults", timeout=10, json=[
            {"path": "efetch", "kind": "status", "status": 503, "times": 50}]).raise_for_status()
        third = run_cli("crawl", "--full", "--source", "pubmed", "--db", str(db_path),
                        "--setting", pubmed_url(base), "--setting", "RETRY_TIMES=0")
    assert third.returncode == 3, third.stderr[-2000:]
    return db_path


def test_one_entry_per_run_newest_first(crawled):
    entries = feed_entries(crawled)
    assert [entry["id"] for entry in entries] == [
        f"urn:stemspine:crawl-run:{n}" for n in (5, 4, 3, 2, 1)]
    # updated = when the run finished (runs of one crawl overlap, so not in id order)
    assert all(entry["updated"].startswith("20") and entry["updated"].endswith("+00:00")
               for entry in entries)


def test_partial_run_shows_its_status_and_first_errors(crawled):
    partial = feed_entries(crawled)[0]
    assert partial["title"].startswith("pubmed full crawl: partial, announced 39, stored 0 ")
    assert "errors: " in partial["content"] and "503" in partial["content"]


def test_changed_registration_and_new_studies_are_counted(crawled):
    entries = {entry["id"].rsplit(":", 1)[1]: entry for entry in feed_entries(crawled)}
    assert entries["4"]["title"] == ("clinicaltrials full crawl: ok, announced 9, stored 9 "
                                     "(0 new, 1 updated), 0 errors, 0 warnings")
    assert "1 registrations changed" in entries["4"]["content"]
    assert "0 new studies" in entries["4"]["content"]
    assert entries["1"]["title"] == (
        "pubmed full crawl: ok, announced 39, stored 39 (39 new, 0 updated), 0 errors, "
        "0 warnings")
    assert "39 new studies" in entries["1"]["content"]


def test_a_run_that_is_not_reconciled_shows_announced_stored_and_warnings(tmp_path):
    from db import store
    from db.schema import open_db

    db = open_db(str(tmp_path / "warned.db"))
    counts = store.RunCounts(announced=60, skipped={"NBK1"}, errors=1)
    counts.stored = {("pubmed", str(pmid)) for pmid in range(57)}
    counts.warn("esearch WarningList: QuotedPhraseNotFound: notochordal cells")
    run_id = store.start_run(db, "pubmed", "incremental", "2026-03-07", "2026-03-20")
    store.record_error(db, run_id, "pubmed", "efetch gave 17 of 20 records (asked twice)")
    store.finish_run(db, run_id, counts, requests=4)
    db.conn.close()
    [entry] = feed_entries(tmp_path / "warned.db")
    assert entry["title"].startswith("pubmed incremental crawl: partial, announced 60, stored 57")
    assert entry["title"].endswith("1 errors, 1 warnings")
    assert "records stamped from 2026-03-07 to 2026-03-20" in entry["content"]
    assert "1 skipped" in entry["content"]
    assert "Warnings: esearch WarningList: QuotedPhraseNotFound: notochordal cells" in (
        entry["content"])
    assert "efetch gave 17 of 20 records (asked twice)" in entry["content"]


def test_a_database_without_runs_still_has_a_valid_feed(tmp_path):
    from db.schema import open_db

    open_db(str(tmp_path / "empty.db")).conn.close()
    entries = feed_entries(tmp_path / "empty.db")
    assert [entry["title"] for entry in entries] == ["no crawl has run yet"]
