"""Issue 9, acceptance 8 (status): `stemspine status` shows, per source, the last runs with what
the API announced against what was stored, the warnings and the errors, the watermark, and exits
with the code of each source's last run."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from db import store
from db.schema import open_db
from tests.processes import crawl_pubmed, run_cli

EXIT_OK, EXIT_PARTIAL = 0, 3


def run(db, source: str, status_counts: store.RunCounts, since: str | None,
        until: str) -> int:
    run_id = store.start_run(db, source, "incremental", since, until)
    store.finish_run(db, run_id, status_counts, requests=4)
    return run_id


def counts(announced: int, stored: int, **kwargs) -> store.RunCounts:
    made = store.RunCounts(announced=announced, **kwargs)
    made.stored = {("x", str(i)) for i in range(stored)}
    return made


def test_status_shows_announced_against_stored_warnings_errors_and_the_watermark(tmp_path):
    db_path = tmp_path / "s.db"
    db = open_db(str(db_path))
    run(db, "pubmed", counts(54, 54), None, "2026-03-10")
    partial = counts(60, 57, skipped={"NBK1"}, errors=1)
    partial.warn("esearch WarningList: QuotedPhraseNotFound: notochordal cells")
    run_id = run(db, "pubmed", partial, "2026-03-07", "2026-03-20")
    store.record_error(db, run_id, "pubmed", "efetch gave 17 of 20 records (asked twice)",
                       position=40)
    run(db, "europepmc", counts(10, 10), None, "2026-03-20")
    result = run_cli("status", "--db", str(db_path))
    assert result.returncode == EXIT_PARTIAL, result.stderr
    out = result.stdout
    assert "pubmed: partial; watermark 2026-03-10" in out and "asks from 2026-03-07" in out
    assert "europepmc: ok; watermark 2026-03-20" in out
    assert ("partial (incremental, 2026-03-07 to 2026-03-20)" in out
            and "announced 60, stored 57" in out and "skipped 1" in out)
    assert "not reconciled: the API announced 60, accounted for 58" in out
    assert "warning: esearch WarningList: QuotedPhraseNotFound: notochordal cells" in out
    assert "error: efetch gave 17 of 20 records (asked twice) (position 40" in out
    pubmed = out[out.index("pubmed: partial"):]
    assert pubmed.index("partial (incremental") < pubmed.index("ok (incremental, the beginning")

    run(db, "pubmed", counts(61, 61), "2026-03-07", "2026-03-21")
    again = run_cli("status", "--db", str(db_path))
    assert again.returncode == EXIT_OK
    assert "pubmed: ok; watermark 2026-03-21" in again.stdout


def test_status_says_when_the_studies_are_behind_the_records(tmp_path):
    """Records written after the last derive finished (a derive that failed or was killed, or
    Scrapyd jobs not followed by a tag): status said "studies: 0" and exit 0 (issue 9 audit,
    item 9). Now it says so and exits 4, until `tag` derives them. (A malformed curation file,
    the way this was made before, is now refused before the crawl: test_cli_faults.)"""
    db_path = tmp_path / "d.db"
    crawl = run_cli("crawl", "--offline", "--db", str(db_path))
    assert crawl.returncode == EXIT_OK, crawl.stderr[-2000:]
    db = open_db(str(db_path))
    with db.atomic():  # as a crawl whose derive never ran leaves them: written, not derived
        db.execute("delete from study_tags")
        db.execute("delete from studies")
        db.execute("update records set fetched_at = fetched_at")
    db.close()
    status = run_cli("status", "--db", str(db_path))
    assert status.returncode == 4, status.stdout
    assert "studies: 0" in status.stdout and "not derived yet" in status.stdout
    assert run_cli("tag", "--db", str(db_path)).returncode == EXIT_OK
    again = run_cli("status", "--db", str(db_path))
    assert again.returncode == EXIT_OK and "not derived" not in again.stdout, again.stdout


def test_status_reckons_the_watermark_with_the_margin_the_runs_used(tmp_path):
    """Crawls run with --setting STEMSPINE_WATERMARK_MARGIN_DAYS=1: each run stores its margin,
    and status shows it and the date the next such run really asks from (it said watermark - 3,
    the default; issue 9 audit 2, item 2)."""
    from datetime import date, timedelta

    from crawlers.api_calendar import api_today
    from tests.processes import replay_server
    from tests.pubmed_articles import write_articles

    corpus = write_articles(tmp_path / "c", {n: date(2025, 5, n) for n in range(1, 4)})
    db_path = tmp_path / "m.db"
    with replay_server(corpus, tmp_path) as base:
        for _ in range(2):  # everything (no watermark yet), then incrementally
            result = crawl_pubmed(base, db_path, "STEMSPINE_WATERMARK_MARGIN_DAYS=1",
                                  "DOWNLOAD_DELAY=0", full=False)
            assert result.returncode == EXIT_OK, result.stderr[-3000:]
    today = api_today("America/New_York")
    runs = list(Database(db_path)["crawl_runs"].rows_where(order_by="id"))
    assert [run["margin_days"] for run in runs] == [1, 1]
    assert runs[1]["since"] == (today - timedelta(days=1)).isoformat()
    status = run_cli("status", "--db", str(db_path))
    assert status.returncode == EXIT_OK, status.stdout
    assert (f"pubmed: ok; watermark {today} (every record stamped before it is stored; the "
            f"next incremental run asks from {today - timedelta(days=1)}: margin 1 day, as the "
            "last run)") in status.stdout
    assert f"(incremental, {today - timedelta(days=1)} to {today}, margin 1 d)" in status.stdout


# columns crawl_runs gained in later migrations, newest first: a database from before each
COLUMNS_ADDED = [("m007_run_search", "search"), ("m006_run_heartbeat", "last_seen"),
                 ("m005_run_margin", "margin_days")]


@pytest.mark.parametrize("before", range(1, len(COLUMNS_ADDED) + 1),
                         ids=[migration for migration, _ in COLUMNS_ADDED])
def test_status_reads_a_read_only_database_from_before_later_run_columns(tmp_path, before):
    """A database written before runs recorded their query's fingerprint (m007), their heartbeat
    (m006) or their watermark margin (m005), on a read-only file, so not migrated: status shows
    its runs and their watermark (one search, the default margin), where it stopped with 'no
    such column'."""
    import os
    import stat

    db_path = tmp_path / "old.db"
    db = open_db(str(db_path))
    run(db, "pubmed", counts(54, 54), None, "2026-03-10")
    for migration, column in COLUMNS_ADDED[:before]:
        db.execute(f"alter table crawl_runs drop column {column}")
        db.execute("delete from _sqlite_migrations where name = ?", [migration])
    db.conn.commit()
    db.close()
    os.chmod(db_path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    result = run_cli("status", "--db", str(db_path))
    assert result.returncode == EXIT_OK, result.stderr
    assert "announced 54, stored 54" in result.stdout
    assert "watermark 2026-03-10" in result.stdout, result.stdout
