"""Environment faults and bad inputs at the CLI, through the real ``stemspine`` in a subprocess:
each gives one line on stderr, the exit code README's "Exit codes" table gives it, no traceback,
and never an ok run. Full disks and read-only folders and file systems are real ones, made inside
user and mount namespaces (tests/sandbox.py)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from sqlite_utils import Database

from crawlers.topic import DEFAULT_TOPIC
from tests.processes import free_port, run_cli, wait_for_http
from tests.sandbox import (
    as_unprivileged,
    cli,
    namespaces_available,
    read_only_mount,
    with_mounts,
)

EXIT_OK, EXIT_USAGE, EXIT_FAILED = 0, 2, 4


def assert_one_clear_line(result: subprocess.CompletedProcess[str], code: int, *words: str):
    stderr = result.stderr.strip()
    assert result.returncode == code, (result.returncode, stderr[-2000:])
    assert "Traceback" not in stderr
    assert len(stderr.splitlines()) == 1, stderr
    for word in words:
        assert word in stderr, stderr


def assert_no_ok_run(db_path: Path) -> None:
    """Whatever the fault, no crawl run of this database says ok."""
    if not db_path.is_file() or not db_path.read_bytes().startswith(b"SQLite format 3"):
        return
    try:
        db = Database(db_path)
        runs = list(db["crawl_runs"].rows) if "crawl_runs" in db.table_names() else []
    except sqlite3.DatabaseError:
        return  # the corrupt case: nothing can be read, so nothing says ok
    assert not [run for run in runs if run["status"] == "ok"]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """A database with one ok offline crawl of the sample corpus."""
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    result = run_cli("crawl", "--offline", "--db", str(path))
    assert result.returncode == EXIT_OK, result.stderr[-2000:]
    return path


def copy_db(source: Path, folder: Path, name: str = "copy.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    Database(source).execute("pragma wal_checkpoint(truncate)")
    shutil.copy(source, folder / name)
    return folder / name


# --------------------------------------------------------------------------------------------
# bad input: no namespace needed


def text_file(tmp: Path) -> list[str]:
    (tmp / "x.db").write_text("not a database\n")
    return ["crawl", "--offline", "--db", str(tmp / "x.db")]


def foreign_db(tmp: Path) -> list[str]:
    conn = sqlite3.connect(tmp / "x.db")
    conn.execute("create table invoices (id integer primary key, total real)")
    conn.commit()
    conn.close()
    return ["crawl", "--offline", "--db", str(tmp / "x.db")]


def corrupt_db(tmp: Path) -> list[str]:
    from db.schema import open_db

    open_db(str(tmp / "x.db")).conn.close()
    with open(tmp / "x.db", "r+b") as handle:  # keep the SQLite header, garble the rest
        handle.seek(16)
        handle.write(b"\xff" * 200)
    return ["crawl", "--offline", "--db", str(tmp / "x.db")]


def malformed_topic(tmp: Path) -> list[str]:
    (tmp / "topic.yaml").write_text("pubmed: [unclosed\n")
    return ["crawl", "--offline", "--topic", str(tmp / "topic.yaml"), "--db", str(tmp / "x.db")]


def topic_without_a_source(tmp: Path) -> list[str]:
    (tmp / "topic.yaml").write_text("pubmed:\n  term: disc\n")
    return ["crawl", "--offline", "--topic", str(tmp / "topic.yaml"), "--db", str(tmp / "x.db")]


def topic_section(source: str, section: dict):
    """The default topic with one source's section replaced."""
    def args(tmp: Path) -> list[str]:
        topic = yaml.safe_load(DEFAULT_TOPIC.read_text())
        topic[source] = section
        (tmp / "topic.yaml").write_text(yaml.safe_dump(topic))
        return ["crawl", "--offline", "--topic", str(tmp / "topic.yaml"), "--db",
                str(tmp / "x.db")]
    return args


def missing_topic(tmp: Path) -> list[str]:
    return ["crawl", "--topic", str(tmp / "nope.yaml"), "--db", str(tmp / "x.db")]


def topic_setting(malformed: bool):
    """A topic file given as --setting STEMSPINE_TOPIC=FILE, missing or malformed: checked as
    --topic is, before any request (issue 9 audit 2, item 3)."""
    def args(tmp: Path) -> list[str]:
        if malformed:
            (tmp / "topic.yaml").write_text("pubmed: [unclosed\n")
        return ["crawl", "--offline", "--setting", f"STEMSPINE_TOPIC={tmp / 'topic.yaml'}",
                "--db", str(tmp / "x.db")]
    return args


def curation(text: str):
    """A curation file the derive after the crawl cannot read: refused before the crawl, not
    found after it stored every record (issue 9 audit 2, item 4)."""
    def args(tmp: Path) -> list[str]:
        (tmp / "curation.yaml").write_text(text)
        return ["crawl", "--offline", "--curation", str(tmp / "curation.yaml"),
                "--db", str(tmp / "x.db")]
    return args


def setting(text: str):
    def args(tmp: Path) -> list[str]:
        return ["crawl", "--offline", "--setting", text, "--db", str(tmp / "x.db")]
    return args


def other_db_setting(tmp: Path) -> list[str]:
    return ["crawl", "--offline", "--setting", f"STEMSPINE_DB={tmp / 'other.db'}",
            "--db", str(tmp / "x.db")]


def since(day: str):
    def args(tmp: Path) -> list[str]:
        return ["crawl", "--since", day, "--setting", "PUBMED_BASE_URL=http://127.0.0.1:9/",
                "--db", str(tmp / "x.db")]
    return args


def missing_corpus(tmp: Path) -> list[str]:
    return ["crawl", "--offline", str(tmp / "no-corpus"), "--db", str(tmp / "x.db")]


def db_is_a_folder(tmp: Path) -> list[str]:
    (tmp / "x.db").mkdir()
    return ["crawl", "--offline", "--db", str(tmp / "x.db")]


def db_in_a_missing_folder(tmp: Path) -> list[str]:
    return ["crawl", "--offline", "--db", str(tmp / "no-folder" / "x.db")]


def status_of(make):
    def args(tmp: Path) -> list[str]:
        command = make(tmp)
        return ["status", "--db", command[command.index("--db") + 1]]
    return args


BAD_INPUT = [
    ("not-sqlite", text_file, EXIT_USAGE, ["is not an SQLite database"]),
    ("foreign-sqlite", foreign_db, EXIT_USAGE, ["another application", "invoices"]),
    ("corrupt", corrupt_db, EXIT_FAILED, ["corrupt"]),
    ("status-not-sqlite", status_of(text_file), EXIT_USAGE, ["is not an SQLite database"]),
    ("status-foreign", status_of(foreign_db), EXIT_USAGE, ["another application"]),
    ("malformed-topic", malformed_topic, EXIT_USAGE, ["--topic", "topic.yaml"]),
    ("topic-without-a-source", topic_without_a_source, EXIT_USAGE, ["europepmc"]),
    # a section with its query missing, empty or not text (audit 3, F7): a search for nothing,
    # or (ClinicalTrials.gov without a query.* parameter) for the whole registry
    ("topic-without-a-term", topic_section("pubmed", {"retmax": 5}), EXIT_USAGE,
     ["topic.yaml", "pubmed", "'term'"]),
    ("topic-term-a-list", topic_section("pubmed", {"term": ["disc", "stem"]}), EXIT_USAGE,
     ["pubmed", "'term'"]),
    ("topic-query-a-number", topic_section("europepmc", {"query": 42}), EXIT_USAGE,
     ["europepmc", "'query'"]),
    ("topic-fields-not-a-list", topic_section("europepmc", {"query": "disc",
                                                           "fields": "TITLE"}), EXIT_USAGE,
     ["europepmc", "'fields'"]),
    ("topic-empty-trials-section", topic_section("clinicaltrials", {}), EXIT_USAGE,
     ["clinicaltrials", "query.*"]),
    ("topic-trials-value-a-list", topic_section("clinicaltrials", {"query.cond": ["a", "b"]}),
     EXIT_USAGE, ["clinicaltrials", "'query.cond'"]),
    # a key the spider would ignore (a narrowing that silently does not narrow) or sets itself
    # (paging, counting, parsing: pages or records skipped)
    ("topic-unknown-key", topic_section("pubmed", {"term": "disc", "mindate": "2020"}),
     EXIT_USAGE, ["pubmed", "unknown key 'mindate'", "'term'"]),
    ("topic-spider-owned-parameter", topic_section("clinicaltrials", {"query.cond": "disc",
                                                                       "pageToken": "abc"}),
     EXIT_USAGE, ["clinicaltrials", "'pageToken' is set by the spider"]),
    ("missing-topic", missing_topic, EXIT_USAGE, ["--topic", "nope.yaml"]),
    ("setting-missing-topic", topic_setting(False), EXIT_USAGE,
     ["--setting", "STEMSPINE_TOPIC", "cannot read topic file", "topic.yaml"]),
    ("setting-malformed-topic", topic_setting(True), EXIT_USAGE,
     ["--setting", "STEMSPINE_TOPIC", "cannot read topic file", "topic.yaml"]),
    ("malformed-curation", curation("- [unclosed\n"), EXIT_USAGE,
     ["--curation", "curation.yaml", "malformed YAML"]),
    ("curation-entry-without-a-study", curation("entries:\n  - facet: design\n"
                                                "    value: rct\n    action: set\n"),
     EXIT_USAGE, ["--curation", "curation.yaml", "entry 1"]),
    ("setting-wrong-type", setting("PUBMED_BATCH_SIZE=lots"), EXIT_USAGE,
     ["PUBMED_BATCH_SIZE", "whole number"]),
    ("setting-not-a-bool", setting("AUTOTHROTTLE_ENABLED=maybe"), EXIT_USAGE, ["true or false"]),
    ("setting-unknown", setting("PUBMED_BACTH_SIZE=500"), EXIT_USAGE,
     ["unknown setting", "did you mean PUBMED_BATCH_SIZE"]),
    ("setting-not-name-value", setting("PUBMED_BATCH_SIZE"), EXIT_USAGE, ["NAME=VALUE"]),
    # values of the right type outside their range (issue 9 audit, items 1 and 6)
    ("setting-negative-margin", setting("STEMSPINE_WATERMARK_MARGIN_DAYS=-30"), EXIT_USAGE,
     ["STEMSPINE_WATERMARK_MARGIN_DAYS", "between 0 and 3650"]),
    # a margin past the first date there is gave a traceback (audit 3, F6)
    ("setting-huge-margin", setting("STEMSPINE_WATERMARK_MARGIN_DAYS=1000000"), EXIT_USAGE,
     ["STEMSPINE_WATERMARK_MARGIN_DAYS", "between 0 and 3650"]),
    # a killed run would stay "running" for good; a live sibling would be closed between beats
    ("setting-abandoned-never", setting("STEMSPINE_ABANDONED_AFTER_MINUTES=100000"), EXIT_USAGE,
     ["STEMSPINE_ABANDONED_AFTER_MINUTES", "between 1 and 10080"]),
    ("setting-abandoned-at-once", setting("STEMSPINE_ABANDONED_AFTER_MINUTES=0"), EXIT_USAGE,
     ["STEMSPINE_ABANDONED_AFTER_MINUTES", "between 1 and 10080"]),
    ("setting-batch-size-zero", setting("PUBMED_BATCH_SIZE=0"), EXIT_USAGE,
     ["PUBMED_BATCH_SIZE", "between 1 and 10000"]),
    ("setting-negative-page-size", setting("EUROPEPMC_PAGE_SIZE=-1"), EXIT_USAGE,
     ["EUROPEPMC_PAGE_SIZE", "between 1 and 1000"]),
    ("setting-max-results-zero", setting("PUBMED_MAX_RESULTS=0"), EXIT_USAGE,
     ["PUBMED_MAX_RESULTS"]),
    ("setting-negative-retries", setting("RETRY_TIMES=-3"), EXIT_USAGE, ["RETRY_TIMES"]),
    ("setting-negative-delay", setting("DOWNLOAD_DELAY=-1"), EXIT_USAGE, ["DOWNLOAD_DELAY"]),
    ("setting-delay-not-a-number", setting("DOWNLOAD_DELAY=NaN"), EXIT_USAGE,
     ["DOWNLOAD_DELAY"]),
    # settings the CLI derives from its options (items 2 and 3)
    ("setting-internal-mode", setting("STEMSPINE_MODE=full"), EXIT_USAGE,
     ["STEMSPINE_MODE", "set by stemspine itself"]),
    ("setting-internal-db", other_db_setting, EXIT_USAGE, ["STEMSPINE_DB", "use --db"]),
    ("since-not-a-date", since("2026-02-30"), EXIT_USAGE, ["--since", "not a date"]),
    # a --since later than today asked for nothing and ended ok (audit item 7)
    ("since-in-the-future", since("2099-01-01"), EXIT_USAGE,
     ["--since", "2099-01-01 is later than today"]),
    ("since-the-day-after-tomorrow", since((date.today() + timedelta(days=2)).isoformat()),
     EXIT_USAGE, ["--since", "is later than today"]),
    ("missing-corpus", missing_corpus, EXIT_USAGE, ["--offline", "no-corpus"]),
    ("db-is-a-folder", db_is_a_folder, EXIT_USAGE, ["x.db"]),
    ("db-in-a-missing-folder", db_in_a_missing_folder, EXIT_USAGE, ["no-folder"]),
]


@pytest.mark.parametrize(("make", "code", "words"), [row[1:] for row in BAD_INPUT],
                         ids=[row[0] for row in BAD_INPUT])
def test_bad_input(tmp_path, make, code, words):
    args = make(tmp_path)
    db_path = Path(args[args.index("--db") + 1])
    before = db_path.read_bytes() if db_path.is_file() else None
    result = run_cli(*args)
    assert_one_clear_line(result, code, *words)
    assert_no_ok_run(db_path)
    if before is not None and code == EXIT_USAGE:
        assert db_path.read_bytes() == before, "a refused database must be left as it was"
    if before is None and code == EXIT_USAGE and not db_path.is_dir():
        assert not db_path.exists(), "a refused run must not create the database"
    assert not (tmp_path / "other.db").exists(), "no write may go to another database"


# --------------------------------------------------------------------------------------------
# the environment: read-only folders and file systems, a full disk


@pytest.fixture(scope="module")
def namespaces():
    reason = namespaces_available()
    if reason:
        pytest.skip(reason)


def run_script(script: str, *, mounts: bool) -> subprocess.CompletedProcess[str]:
    return with_mounts(script) if mounts else as_unprivileged(script)


def test_read_only_folder_new_database(namespaces, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    result = as_unprivileged(cli("crawl", "--offline", "--db", folder / "x.db"))
    folder.chmod(0o755)
    assert_one_clear_line(result, EXIT_FAILED, "cannot write", "x.db")
    assert not (folder / "x.db").exists()


def test_read_only_file(namespaces, tmp_path, sample_db):
    db_path = copy_db(sample_db, tmp_path / "f")
    db_path.chmod(0o444)
    result = as_unprivileged(cli("crawl", "--offline", "--db", db_path))
    db_path.chmod(0o644)
    assert_one_clear_line(result, EXIT_FAILED, "cannot write")


@pytest.mark.parametrize("command", ["crawl", "tag"])
def test_read_only_file_system_refuses_writes(namespaces, tmp_path, sample_db, command):
    db_path = copy_db(sample_db, tmp_path / "rofs")
    extra = ["--offline"] if command == "crawl" else []
    result = with_mounts(f"{read_only_mount(db_path.parent)} && "
                         f"{cli(command, *extra, '--db', db_path)}")
    assert_one_clear_line(result, EXIT_FAILED, "cannot write", "read-only")


def test_status_works_on_a_read_only_file_system(namespaces, tmp_path, sample_db):
    db_path = copy_db(sample_db, tmp_path / "rofs")
    result = with_mounts(f"{read_only_mount(db_path.parent)} && {cli('status', '--db', db_path)}")
    assert result.returncode == EXIT_OK, result.stderr
    assert "records: 55" in result.stdout and "pubmed: ok" in result.stdout


def test_serve_works_on_a_read_only_file_system(namespaces, tmp_path, sample_db):
    import requests

    db_path = copy_db(sample_db, tmp_path / "rofs")
    port = free_port()
    serve = cli("serve", "--db", db_path, "--port", port)
    script = f"{read_only_mount(db_path.parent)} && exec {serve}"
    with open(tmp_path / "serve.log", "w") as log:
        proc = subprocess.Popen(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                                 script], stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/-/versions.json", timeout=90, proc=proc)
        answer = requests.get(f"http://127.0.0.1:{port}/copy/records.json?_shape=array&_size=5",
                              timeout=30)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert answer.status_code == 200, (tmp_path / "serve.log").read_text()[-2000:]
    assert len(answer.json()) == 5


def test_full_disk_at_open_then_free_space_recovers_every_record(namespaces, tmp_path,
                                                                 sample_db):
    """A disk with 64 KB free: the first crawl cannot even create the schema; once there is
    space, the next crawl stores every record a clean crawl stores."""
    mount = tmp_path / "disk"
    mount.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    db_path = mount / "s.db"
    script = " && ".join([
        f"mount -t tmpfs -o size=64k tmpfs {mount}",
        f"{{ {cli('crawl', '--offline', '--db', db_path)} 2>{out}/first.err; "
        f"echo $? >{out}/first.rc; }}",
        f"cp {mount}/s.db* {out}/ 2>/dev/null; true",
        f"mount -o remount,size=64m tmpfs {mount}",
        f"{cli('crawl', '--offline', '--db', db_path)} 2>{out}/second.err",
        f"cp {mount}/s.db* {out}/ 2>/dev/null; mkdir -p {out}/after && cp {mount}/s.db* "
        f"{out}/after/",
    ])
    result = with_mounts(script)
    assert result.returncode == 0, (result.stderr, (out / "second.err").read_text()[-2000:])
    first = subprocess.CompletedProcess([], int((out / "first.rc").read_text()), "",
                                        (out / "first.err").read_text())
    assert_one_clear_line(first, EXIT_FAILED, "disk is full", "s.db")
    stored = Database(out / "after" / "s.db")
    clean = Database(sample_db)
    key = "select source, source_id, content_hash from records order by 1, 2"
    assert list(stored.query(key)) == list(clean.query(key))
    assert [row["status"] for row in stored["crawl_runs"].rows] == ["ok", "ok", "ok"]
