"""``stemspine publish``: a consistent immutable snapshot with its inspect data, served with
``-i`` / ``--inspect-file``; ``datasette package`` / ``datasette publish`` get the project's
metadata, templates, plugins (with stemspine's source) and settings. Docker is not on this
machine: a stand-in ``docker`` on PATH records what ``datasette package`` hands it."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from db.serve import SETTINGS, datasette_argv, make_datasette
from tests.processes import free_port, run_cli, wait_for_http
from tests.studydb import build_synthetic_db

FAKE_DOCKER = """#!/bin/sh
# records how `datasette package` called docker, and the build context it prepared
printf '%s\\n' "$@" > "$RECORD/argv"
cp -r . "$RECORD/context"
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return build_synthetic_db(tmp_path_factory.mktemp("live") / "stemspine.db", 500)


@pytest.fixture(scope="module")
def published(source, tmp_path_factory):
    folder = tmp_path_factory.mktemp("published")
    writer = sqlite3.connect(source)  # a crawl in the middle of a transaction
    writer.execute("begin immediate")
    writer.execute("insert into crawl_runs (source, status) values ('pubmed', 'running')")
    try:
        result = run_cli("publish", "--db", str(source), "--to", str(folder))
    finally:
        writer.rollback()
        writer.close()
    assert result.returncode == 0, result.stderr
    return folder


def test_snapshot_is_a_consistent_immutable_copy_with_inspect_data(source, published):
    snapshot = published / "stemspine.db"
    conn = sqlite3.connect(f"file:{snapshot}?immutable=1", uri=True)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    live = sqlite3.connect(source)
    for table in ("studies", "study_tags", "study_facets", "evidence_map_cells"):
        query = f"select count(*) from {table}"
        assert conn.execute(query).fetchone()[0] == live.execute(query).fetchone()[0], table
    assert conn.execute("select count(*) from crawl_runs where status = 'running'"
                        ).fetchone()[0] == 0  # the uncommitted write is not in it
    assert conn.execute("select count(*) from sqlite_stat1").fetchone()[0] > 0  # ANALYZE
    inspect = json.loads((published / "stemspine.db.inspect.json").read_text())
    tables = inspect["stemspine"]["tables"]
    assert tables["studies"]["count"] == 500
    assert tables["study_facets"]["count"] == conn.execute(
        "select count(*) from study_facets").fetchone()[0]
    metadata = json.loads((published / "metadata.json").read_text())
    assert "studies" in metadata["databases"]["stemspine"]["tables"]


def test_snapshot_serves_immutable_with_its_counts_search_and_facets(published):
    snapshot = published / "stemspine.db"
    inspect_file = published / "stemspine.db.inspect.json"
    ds = make_datasette(str(snapshot), immutable=True, inspect_file=inspect_file)
    asyncio.run(ds.invoke_startup())
    assert not ds.get_database("stemspine").is_mutable
    data = asyncio.run(ds.client.get("/stemspine/studies.json?_nocol=abstract")).json()
    assert data["filtered_table_rows_count"] == 500
    conn = sqlite3.connect(snapshot)
    msc = conn.execute("select count(*) from studies where 'msc' in "
                       "(select value from json_each(cell_types))").fetchone()[0]
    counts = {item["value"]: item["count"] for item in data["facet_results"]["cell_types"][
        "results"]}
    assert counts["msc"] == msc
    title = conn.execute("select title from studies where study_id = 'pmid:70000001'"
                         ).fetchone()[0]
    found = asyncio.run(ds.client.get(
        "/stemspine/search.json", params={"q": title, "_shape": "array"})).json()
    assert found[0]["study_id"] == "pmid:70000001"  # rowids kept: the FTS index still fits


def test_serve_immutable_runs_datasette_with_the_inspect_file(published):
    snapshot = published / "stemspine.db"
    argv = datasette_argv(str(snapshot), immutable=True,
                          inspect_file=published / "stemspine.db.inspect.json")
    assert argv[argv.index("-i") + 1] == str(snapshot.resolve())
    assert argv[argv.index("--inspect-file") + 1].endswith("stemspine.db.inspect.json")
    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "stemspine"), "serve", "--db",
                             str(snapshot), "--immutable", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", timeout=120, proc=proc)
        databases = requests.get(f"http://127.0.0.1:{port}/-/databases.json", timeout=30).json()
        assert databases[0]["is_mutable"] is False
        table = requests.get(f"http://127.0.0.1:{port}/stemspine/studies.json?_col=title",
                             timeout=30).json()
        assert table["filtered_table_rows_count"] == 500
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_package_hands_docker_the_project_s_configuration(source, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "docker").write_text(FAKE_DOCKER)
    (bin_dir / "docker").chmod(0o755)
    record = tmp_path / "record"
    record.mkdir()
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "RECORD": str(record)}
    result = run_cli("publish", "--db", str(source), "--to", str(tmp_path / "out"),
                     "--package", "stemspine:test", env=env)
    assert result.returncode == 0, result.stderr
    assert (record / "argv").read_text().split() == ["build", "-t", "stemspine:test", "."]
    context = record / "context"
    dockerfile = (context / "Dockerfile").read_text()
    assert "RUN pip install -U datasette plugins/stemspine" in dockerfile
    assert "RUN datasette inspect stemspine.db --inspect-file inspect-data.json" in dockerfile
    command = next(line for line in dockerfile.splitlines() if line.startswith("CMD"))
    for part in ("-i stemspine.db", "--inspect-file inspect-data.json",
                 "--metadata metadata.json", "--template-dir templates/",
                 "--plugins-dir plugins/"):
        assert part in command, part
    for name in SETTINGS:
        assert f"--setting {name} " in command, name
    assert (context / "stemspine.db").stat().st_size > 0
    assert json.loads((context / "metadata.json").read_text())["title"].startswith("stemspine")
    assert {p.name for p in (context / "templates").iterdir()} >= {"table.html", "row.html"}
    plugins = {p.name for p in (context / "plugins").iterdir()}
    assert {"tag_facets.py", "evidence_map.py", "stemspine"} <= plugins
    source_tree = context / "plugins" / "stemspine"
    assert (source_tree / "pyproject.toml").exists()
    assert (source_tree / "db" / "facet_index.py").exists()
    assert (source_tree / "evidence" / "vocabulary.yaml").exists()


def test_deploy_dry_run_prints_the_datasette_publish_command(source, tmp_path):
    result = run_cli("publish", "--db", str(source), "--to", str(tmp_path / "out"),
                     "--deploy", "cloudrun", "--service", "stemspine-site", "--dry-run")
    assert result.returncode == 0, result.stderr
    command = result.stdout.strip().splitlines()[-1]
    assert " -m datasette publish cloudrun " in command
    assert "--service stemspine-site" in command and "--install plugins/stemspine" in command
    assert "--setting facet_time_limit_ms 1000" in command


def test_publish_refuses_to_overwrite_the_database(source):
    result = run_cli("publish", "--db", str(source), "--to", str(source.parent))
    assert result.returncode == 2
    assert "would replace the database" in result.stderr
    assert "Traceback" not in result.stderr
