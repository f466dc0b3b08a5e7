"""Issue 2, acceptance 5: `make run` on a machine without network ends with Datasette answering,
its studies table holding the offline sample and the offline notice visible."""

from __future__ import annotations

import json
import os
import signal
import subprocess

import pytest
import requests

from tests.processes import ROOT, free_port, wait_for_http

pytestmark = pytest.mark.e2e

SAMPLE = ROOT / "crawlers" / "sample_corpus"


def test_make_run_falls_back_to_the_offline_sample_and_serves_it(tmp_path):
    port = free_port()
    db_path = tmp_path / "stemspine-offline.db"
    # No network here; the unreachable address below stands for it without a live API call.
    args = (f"--port {port} --db {db_path} "
            "--setting PUBMED_BASE_URL=http://127.0.0.1:9/entrez/eutils/")
    log_path = tmp_path / "make-run.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(["make", "--no-print-directory", "run", f"ARGS={args}"],
                                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/-/versions.json", timeout=240, proc=proc)
        output = log_path.read_text()
        notice = [line for line in output.splitlines() if "Live APIs unreachable" in line]
        assert len(notice) == 1, output[-3000:]
        assert "offline sample" in notice[0]

        home = requests.get(base + "/", timeout=30)
        assert home.status_code == 200 and "offline sample" in home.text
        table = requests.get(f"{base}/{db_path.stem}/studies.json",
                             params={"_shape": "array", "_size": "max"}, timeout=30)
        assert table.status_code == 200
        labels = [json.loads(line) for line in
                  (SAMPLE / "labels.jsonl").read_text().splitlines() if line.strip()]
        assert sorted(row["study_id"] for row in table.json()) == sorted(
            label["key"] for label in labels)
        page = requests.get(f"{base}/{db_path.stem}/studies", timeout=30)
        assert page.status_code == 200 and "stemspine-offline" in page.text
        assert "This database was built offline" in page.text  # the notice on every page
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
