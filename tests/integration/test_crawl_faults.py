"""Reliability: HTTP 429 with Retry-After, 5xx, timeouts and truncated bodies from the replay
server; what fails is recorded, what succeeds is kept, and the next run completes the work."""

from __future__ import annotations

import pytest
import requests
from sqlite_utils import Database

from tests import processes
from tests.processes import pubmed_url, replay_server, run_cli

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 3, 4


def crawl_pubmed(base: str, db_path, *settings: str):
    return processes.crawl_pubmed(base, db_path, "PUBMED_BATCH_SIZE=20", *settings)


def add_faults(base: str, *faults: dict) -> None:
    requests.post(f"{base}/_replay/reset", timeout=10).raise_for_status()
    requests.post(f"{base}/_replay/faults", json=list(faults), timeout=10).raise_for_status()


def efetch_log(base: str) -> list[dict]:
    return [e for e in requests.get(f"{base}/_replay/log", timeout=10).json()
            if "efetch" in e["path"]]


@pytest.mark.parametrize("fault", [
    {"path": "efetch", "kind": "status", "status": 500, "times": 2},
    {"path": "efetch", "kind": "truncate", "times": 1},
    {"path": "efetch", "kind": "timeout", "delay": 4, "times": 1},
], ids=["http-500", "truncated-body", "timeout"])
def test_transient_faults_are_retried(corpus_dir, tmp_path, fault):
    with replay_server(corpus_dir, tmp_path) as base:
        add_faults(base, fault)
        result = crawl_pubmed(base, tmp_path / "r.db", "DOWNLOAD_TIMEOUT=2")
        log = efetch_log(base)
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    assert Database(tmp_path / "r.db")["records"].count == 54
    assert any(entry.get("fault") for entry in log)


def test_429_waits_as_retry_after_asks(corpus_dir, tmp_path):
    with replay_server(corpus_dir, tmp_path) as base:
        add_faults(base, {"path": "efetch", "kind": "status", "status": 429,
                          "retry_after": 2, "times": 1})
        result = crawl_pubmed(base, tmp_path / "r.db")
        log = efetch_log(base)
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    refused = next(i for i, e in enumerate(log) if e["status"] == 429)
    retried = [e for e in log[refused + 1:] if e["query"].get("retstart") ==
               log[refused]["query"].get("retstart")]
    assert retried and retried[0]["t"] - log[refused]["t"] >= 2


def test_persistent_errors_make_a_partial_run_and_the_next_run_completes(corpus_dir, tmp_path):
    db_path = tmp_path / "p.db"
    with replay_server(corpus_dir, tmp_path) as base:
        # the second efetch batch fails on every try
        add_faults(base, {"path": "efetch", "kind": "status", "status": 503, "times": 50,
                          "after": 1})
        first = crawl_pubmed(base, db_path, "RETRY_TIMES=1")
        assert first.returncode == EXIT_PARTIAL, first.stderr[-3000:]
        db = Database(db_path)
        kept = db["records"].count
        assert 0 < kept < 54
        errors = list(db["crawl_errors"].rows)
        assert errors and all("503" in error["message"] for error in errors)
        assert {error["position"] for error in errors} <= {0, 20, 40}
        assert kept == 54 - sum(min(20, 54 - e["position"]) for e in errors)
        status = run_cli("status", "--db", str(db_path))
        assert status.returncode == EXIT_PARTIAL and "partial" in status.stdout

        requests.post(f"{base}/_replay/reset", timeout=10).raise_for_status()
        second = crawl_pubmed(base, db_path)
    assert second.returncode == EXIT_OK, second.stderr[-3000:]
    assert Database(db_path)["records"].count == 54
    assert run_cli("status", "--db", str(db_path)).returncode == EXIT_OK


def test_unreachable_api_fails_clearly_and_never_falls_back(tmp_path):
    db_path = tmp_path / "u.db"
    result = run_cli("crawl", "--source", "pubmed", "--db", str(db_path),
                     "--setting", "PUBMED_BASE_URL=http://127.0.0.1:9/entrez/eutils/")
    assert result.returncode == EXIT_FAILED
    assert "cannot reach pubmed" in result.stderr
    db = Database(db_path)
    assert db["records"].count == 0
    run = next(db["crawl_runs"].rows)
    assert run["status"] == "failed" and "unreachable" in run["message"]


def test_a_second_run_on_a_locked_database_exits_locked(tmp_path):
    import fcntl

    db_path = tmp_path / "l.db"
    with open(db_path, "a") as held:  # the lock is on the database file itself (db/lock.py)
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_cli("crawl", "--offline", "--db", str(db_path))
    assert result.returncode == 5
    assert "locked" in result.stderr


def test_a_crawl_killed_mid_way_is_closed_as_last_seen_and_the_next_run_completes(corpus_dir,
                                                                                 tmp_path):
    """SIGKILL mid-run: the run's row stays "running"; the next run closes it as failed and
    abandoned, finished when it was last seen alive (not at the next run's start: issue 9
    audit 2, item 1); status says so; the next run ends with the rows of a clean crawl."""
    import signal
    import subprocess
    import time

    from db.store import now_iso
    from tests.processes import BIN, ROOT, cli_env

    clean_path, db_path = tmp_path / "clean.db", tmp_path / "k.db"
    with replay_server(corpus_dir, tmp_path) as base:
        assert crawl_pubmed(base, clean_path).returncode == EXIT_OK
        # hold the second efetch batch long enough to kill the crawl while it waits
        add_faults(base, {"path": "efetch", "kind": "timeout", "delay": 30, "after": 1})
        proc = subprocess.Popen(
            [str(BIN / "stemspine"), "crawl", "--full", "--source", "pubmed", "--db",
             str(db_path), "--setting", pubmed_url(base), "--setting", "PUBMED_BATCH_SIZE=20"],
            cwd=ROOT, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not any(e.get("status") is None for e in efetch_log(base)):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        killed_at = now_iso()
        db = Database(db_path)
        assert next(db["crawl_runs"].rows)["status"] == "running"
        time.sleep(1.5)  # the next run starts in a later second than the kill

        requests.post(f"{base}/_replay/reset", timeout=10).raise_for_status()
        again = crawl_pubmed(base, db_path)
    assert again.returncode == EXIT_OK, again.stderr[-3000:]
    runs = list(db["crawl_runs"].rows_where(order_by="id"))
    abandoned = runs[0]
    assert abandoned["status"] == "failed"
    assert abandoned["message"].startswith("abandoned: the process stopped without finishing")
    assert abandoned["started"] <= abandoned["finished"] <= killed_at < runs[-1]["started"]
    assert runs[-1]["status"] == "ok"
    key = "select source, source_id, content_hash, data from records order by 1, 2"
    assert list(db.query(key)) == list(Database(clean_path).query(key))
    status = run_cli("status", "--db", str(db_path))
    assert (f"#{abandoned['id']} failed, abandoned (full, the beginning to "
            f"{abandoned['until']}, margin 3 d) started {abandoned['started']}, last seen alive "
            f"{abandoned['finished']}") in status.stdout, status.stdout
    assert "abandoned: the process stopped without finishing (killed?); last seen alive" in (
        status.stdout)
