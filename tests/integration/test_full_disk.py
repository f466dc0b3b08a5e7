"""Issue 9, acceptance 1 (full disk): the disk fills up during a crawl. The batches the database
will not take are kept, retried, and counted when they cannot be written: the run is partial or
failed, the watermark holds, and the next run (with room again) ends with exactly the rows of a
clean crawl."""

from __future__ import annotations

import json

from sqlite_utils import Database

from db import store
from tests.integration.test_no_silent_loss import rows
from tests.processes import ROOT, cli_env, crawl_pubmed, replay_server

PIPELINE = json.dumps({"tests.full_disk.DiskFillsUpPipeline": 300})


def crawl(base: str, db_path, *settings: str):
    return crawl_pubmed(base, db_path, "PUBMED_BATCH_SIZE=20", "DOWNLOAD_DELAY=0.05",
                        "AUTOTHROTTLE_ENABLED=0", *settings, full=False,
                        env=cli_env(PYTHONPATH=str(ROOT)))


def test_a_full_disk_mid_crawl_loses_nothing(corpus_dir, tmp_path):
    with replay_server(corpus_dir, tmp_path) as base:
        clean = crawl(base, tmp_path / "clean.db")
        assert clean.returncode == 0, clean.stderr[-3000:]

        db_path = tmp_path / "full.db"
        full = crawl(base, db_path, f"ITEM_PIPELINES={PIPELINE}")
        assert full.returncode in (3, 4), full.stderr[-3000:]
        assert "database or disk is full" in full.stderr
        db = Database(db_path)
        assert 0 < db["records"].count < 54  # the first batches fitted, the rest did not
        run = next(db["crawl_runs"].rows)
        assert run["status"] in ("running", "partial")  # running: its row could not be closed
        assert store.watermark(db, "pubmed", 3) is None

        again = crawl(base, db_path)  # room again
    assert again.returncode == 0, again.stderr[-3000:]
    assert rows(db_path) == rows(tmp_path / "clean.db")
    runs = list(Database(db_path)["crawl_runs"].rows_where(order_by="id"))
    assert runs[0]["status"] in ("failed", "partial") and runs[-1]["status"] == "ok"
