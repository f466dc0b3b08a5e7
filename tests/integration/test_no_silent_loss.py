"""Issue 9, acceptance 1: every way a crawl used to lose records while reporting "ok", served by
the replay server as the real APIs fail. Each run is partial or failed (never ok), its watermark
holds, and the next run ends with exactly the rows of a clean crawl; or, where the parser now
reads the shape (a lone surrogate in JSON), the run is ok because every record is stored.

Each case is two `stemspine crawl` processes (about 4 s each here); the delay floors are lowered
for them (the rate limits have their own tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from sqlite_utils import Database

from db import store
from tests.conftest import CORPUS
from tests.processes import replay_server, run_cli

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 3, 4
PAGES = {"pubmed": "PUBMED_BATCH_SIZE=20", "europepmc": "EUROPEPMC_PAGE_SIZE=3",
         "clinicaltrials": "CLINICALTRIALS_PAGE_SIZE=5"}
# requests the CLI's reachability probe makes to a fault's path before the crawl starts
PROBES = {"pubmed": 0, "europepmc": 1, "clinicaltrials": 0}

# id, source, faults, expected status (None: partial or failed), text that says what happened
# (an error or the run message; for an ok run, text of a stored record)
CASES = [
    ("esearch-phrase-not-found", "pubmed",
     [{"path": "esearch", "kind": "error_list", "value": "PhraseNotFound:notochordal cell*"}],
     "partial", "ErrorList: PhraseNotFound: notochordal cell*"),
    ("esearch-count-odd-digits", "pubmed",
     [{"path": "esearch", "kind": "count", "value": "5\u2074"}], "failed", "Count"),
    # (the second time only the missing PMID is asked for, by id)
    ("efetch-fewer-than-asked-twice", "pubmed",
     [{"path": "efetch", "kind": "drop", "after": 1, "times": 10}], "partial",
     "efetch gave 0 of 1 records (asked twice): "),
    # a PMID not asked for in place of one asked for: the count is right, a record is missing
    # (audit 3, F2b); the missing one is asked for again, the stranger is not stored
    ("efetch-pmid-not-asked-for", "pubmed",
     [{"path": "efetch", "kind": "swap", "after": 1}], "partial",
     "PMIDs not asked for (not stored): 99999999"),
    # one PMID twice in a batch (F8): counted once, the missing one asked for again: all stored
    ("efetch-same-pmid-twice", "pubmed",
     [{"path": "efetch", "kind": "repeat", "after": 1}], "ok", ""),
    ("efetch-history-expires-for-good", "pubmed",
     [{"path": "efetch", "kind": "expire", "after": 1, "times": 10}], "partial",
     "Unable to obtain query"),
    ("efetch-text-plain-400", "pubmed",
     [{"path": "efetch", "kind": "status", "status": 400, "value": "Bad Request (replay)",
       "after": 1, "times": 2}], "partial", "HTTP 400: Bad Request (replay)"),
    ("efetch-lone-surrogate", "pubmed",
     [{"path": "efetch", "kind": "surrogate", "after": 1}], "partial", "not well-formed"),
    ("europepmc-empty-page-with-next-cursor", "europepmc",
     [{"path": "/rest/search", "kind": "empty", "after": 1}], "partial",
     "empty page at record 3 of 10 announced"),
    ("europepmc-fewer-than-announced", "europepmc",
     [{"path": "/rest/search", "kind": "drop", "after": 1}], "partial",
     "not reconciled: the API announced 10"),
    # a record indexed while the run pages (audit 3, F2a): later pages count 11, not 10
    ("europepmc-result-set-changes-mid-run", "europepmc",
     [{"path": "/rest/search", "kind": "count", "value": "11", "after": 1, "times": 9}],
     "partial", "the result set changed during the run"),
    # a cursor that leads back to a page already read (F3): paging stops, not an endless run
    ("europepmc-cursor-loop", "europepmc",
     [{"path": "/rest/search", "kind": "loop", "after": 2}], "partial", "cursor loop"),
    # a fresh cursor each time that leads back to the first page: no cursor repeats, so only
    # the records read past the announced count show the runaway
    ("europepmc-cursor-rewinds-for-ever", "europepmc",
     [{"path": "/rest/search", "kind": "rewind", "after": 2, "times": 1000}], "partial",
     "runaway paging"),
    ("europepmc-hitcount-odd-digits", "europepmc",
     [{"path": "/rest/search", "kind": "count", "value": "1\u2070"}], None, "count"),
    ("europepmc-nested-json", "europepmc",
     [{"path": "/rest/search", "kind": "nest", "value": "100000", "after": 1}], "partial", ""),
    # a lone surrogate in a JSON record: read (U+FFFD in its place) and stored, nothing lost
    ("europepmc-lone-surrogate", "europepmc",
     [{"path": "/rest/search", "kind": "surrogate", "after": 1}], "ok", "\ufffd"),
    ("europepmc-text-plain-400", "europepmc",
     [{"path": "/rest/search", "kind": "status", "status": 400, "after": 1, "times": 9,
       "value": "Invalid cursorMark (replay)"}], "partial", "Invalid cursorMark (replay)"),
    ("clinicaltrials-empty-page-with-next-token", "clinicaltrials",
     [{"path": "/api/v2/studies", "kind": "empty", "after": 1}], "partial",
     "empty page at record 5 of 14 announced"),
    ("clinicaltrials-fewer-than-announced", "clinicaltrials",
     [{"path": "/api/v2/studies", "kind": "drop", "after": 1, "value": "2"}], "partial",
     "not reconciled: the API announced 14"),
    # a study registered while the run pages: the count asked again after the last page
    # differs (three pages of five, then the recount: the fourth request)
    ("clinicaltrials-result-set-changes-mid-run", "clinicaltrials",
     [{"path": "/api/v2/studies", "kind": "count", "value": "15", "after": 3}], "partial",
     "the result set changed during the run"),
    ("clinicaltrials-page-token-loop", "clinicaltrials",
     [{"path": "/api/v2/studies", "kind": "loop", "after": 1}], "partial", "cursor loop"),
    ("clinicaltrials-page-token-rewinds-for-ever", "clinicaltrials",
     [{"path": "/api/v2/studies", "kind": "rewind", "after": 1, "times": 1000}], "partial",
     "runaway paging"),
    ("clinicaltrials-totalcount-odd-digits", "clinicaltrials",
     [{"path": "/api/v2/studies", "kind": "count", "value": "1\u2074"}], None, "count"),
    ("clinicaltrials-nested-json", "clinicaltrials",
     [{"path": "/api/v2/studies", "kind": "nest", "value": "100000", "after": 1}], "partial",
     ""),
]


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} is absent: the development corpus lives in ../shared")
    with replay_server(CORPUS, tmp_path_factory.mktemp("replay")) as base:
        yield base


def set_faults(base: str, faults: list[dict]) -> None:
    requests.post(f"{base}/_replay/reset", timeout=10).raise_for_status()
    if faults:
        requests.post(f"{base}/_replay/faults", json=faults, timeout=10).raise_for_status()


def crawl(base: str, db_path: Path, source: str):
    return run_cli(
        "crawl", "--source", source, "--db", str(db_path),
        "--setting", f"PUBMED_BASE_URL={base}/entrez/eutils/",
        "--setting", f"EUROPEPMC_BASE_URL={base}/europepmc/webservices/rest/",
        "--setting", f"CLINICALTRIALS_BASE_URL={base}/api/v2/",
        "--setting", PAGES[source], "--setting", "DOWNLOAD_DELAY=0.05",
        "--setting", "AUTOTHROTTLE_ENABLED=false", "--setting", "RETRY_TIMES=1")


def rows(db_path: Path) -> dict[str, list]:
    """What a crawl leaves, without times and run ids."""
    db = Database(db_path)
    return {
        "records": sorted((r["source"], r["source_id"], r["content_hash"], r["data"],
                           r["deleted"]) for r in db["records"].rows),
        "studies": sorted(json.dumps({k: v for k, v in r.items()
                                      if k not in ("first_seen", "updated")}, sort_keys=True)
                          for r in db["studies"].rows),
    }


_clean: dict[str, dict] = {}


def clean_crawl(base: str, source: str, tmp_path: Path) -> dict:
    if source not in _clean:
        set_faults(base, [])
        result = crawl(base, tmp_path / f"clean-{source}.db", source)
        assert result.returncode == EXIT_OK, result.stderr[-3000:]
        _clean[source] = rows(tmp_path / f"clean-{source}.db")
    return _clean[source]


@pytest.mark.parametrize(("source", "faults", "status", "says"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_silent_loss_shape_is_counted_and_the_next_run_completes(
        replay, tmp_path, source, faults, status, says):
    clean = clean_crawl(replay, source, tmp_path)
    db_path = tmp_path / "c.db"
    set_faults(replay, [{**f, "after": f.get("after", 0) + PROBES[source]} for f in faults])
    first = crawl(replay, db_path, source)
    hits = [e for e in requests.get(f"{replay}/_replay/log", timeout=10).json() if e.get("fault")]
    assert hits, "the fault never fired"
    db = Database(db_path)
    run = next(db["crawl_runs"].rows_where(order_by="id desc"))
    if status == "ok":  # handled where it happened: every announced record is stored
        assert first.returncode == EXIT_OK, first.stderr[-3000:]
        assert run["status"] == "ok" and run["stored"] == run["announced"] == len(
            clean["records"])
        assert any(says in record[3] for record in rows(db_path)["records"])
        return
    assert run["status"] in ((status,) if status else ("partial", "failed")), (
        run, first.stderr[-3000:])
    assert first.returncode == {"partial": EXIT_PARTIAL, "failed": EXIT_FAILED}[run["status"]]
    told = " | ".join([run["message"] or ""] + [e["message"] for e in db["crawl_errors"].rows])
    assert says in told
    assert store.watermark(db, source, 3) is None  # the run moved nothing
    assert f"{source}: {run['status']}" in first.stderr

    set_faults(replay, [])
    second = crawl(replay, db_path, source)
    assert second.returncode == EXIT_OK, second.stderr[-3000:]
    assert rows(db_path) == clean
    assert store.watermark(db, source, 3) is not None
