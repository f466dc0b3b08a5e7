"""End to end: the real Datasette process (``datasette_argv``) and headless Chromium.

Opens /evidence-map, checks cells and verdicts, clicks a cell, lands on the filtered studies
table, and saves a screenshot to test-artifacts/evidence-map.png.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest

from db.serve import datasette_argv
from evidence.evidence_map import (
    LIMITED_RANDOMIZED,
    NON_RANDOMIZED_ONLY,
    PRECLINICAL_ONLY,
    SEVERAL_RANDOMIZED,
    UNCONTROLLED_ONLY,
)
from tests.processes import free_port
from tests.studydb import build_study_db

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STARTUP_SECONDS = 60



def wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"datasette exited with {process.returncode}")
        try:
            with urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"datasette did not answer at {url} in {STARTUP_SECONDS}s")


@contextmanager
def serving(argv: list[str], log_path: Path) -> Iterator[str]:
    """Run a server process (its argv ends with ``--port N``) until the block ends; yields its
    base URL once it answers."""
    port = argv[argv.index("--port") + 1]
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            wait_until_up(f"{base}/-/versions.json", process)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db_path = build_study_db(tmp_path_factory.mktemp("e2e") / "stemspine.db")
    with serving(datasette_argv(str(db_path), port=free_port()),
                 tmp_path_factory.getbasetemp() / "datasette.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def test_evidence_map_in_a_real_browser(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{server}/evidence-map")
        page.wait_for_selector("table.evmap")
        assert page.title().startswith("Evidence map")
        for verdict in (SEVERAL_RANDOMIZED, LIMITED_RANDOMIZED, NON_RANDOMIZED_ONLY,
                        UNCONTROLLED_ONLY, PRECLINICAL_ONLY):
            assert page.locator(f"td[data-verdict='{verdict}']").first.is_visible(), verdict
        cell = page.locator("td[data-cell-type='msc'][data-condition='low_back_pain']")
        assert cell.is_visible()
        assert LIMITED_RANDOMIZED in cell.inner_text()
        assert "1 RCT, 120 randomized" in cell.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "evidence-map.png"), full_page=True)

        cell.locator("a.evcell").click()
        page.wait_for_url("**/stemspine/studies?**")
        assert "cell_types__arraycontains=msc" in page.url
        assert "conditions__arraycontains=low_back_pain" in page.url
        page.wait_for_selector("table.rows-and-columns")
        assert page.locator("table.rows-and-columns tbody tr").count() == 3
        assert "3 rows" in page.locator("h3").first.inner_text()
    finally:
        page.close()


def test_study_page_shows_why_it_is_tagged(server, browser):
    page = browser.new_page()
    try:
        page.goto(f"{server}/stemspine/studies/pmid~3A1001")
        assert page.locator("h2#tags").is_visible()
        assert page.locator("table.study-tags tr").count() > 5
        page.locator("table.study-links a", has_text="nct:NCT01000001").click()
        page.wait_for_url("**/stemspine/studies/nct~3ANCT01000001")
        assert page.locator("h2#history").is_visible()
    finally:
        page.close()


# --- the real `stemspine serve` over a crawled corpus -----------------------------------------

@pytest.fixture(scope="module")
def served_sample(tmp_path_factory):
    """`stemspine crawl --offline` of the bundled sample, then the real `stemspine serve`."""
    from tests.processes import BIN, ROOT, run_cli

    db_path = tmp_path_factory.mktemp("served") / "stemspine.db"
    crawl = run_cli("crawl", "--offline", str(ROOT / "crawlers" / "sample_corpus"),
                    "--db", str(db_path))
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    argv = [str(BIN / "stemspine"), "serve", "--db", str(db_path), "--port", str(free_port())]
    with serving(argv, tmp_path_factory.getbasetemp() / "serve.log") as base:
        yield base, db_path


def test_stemspine_serve_evidence_map_click_through(served_sample, browser):
    import sqlite_utils

    base, db_path = served_sample
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{base}/evidence-map")
        page.wait_for_selector("table.evmap")
        assert "offline sample" in page.content()
        verdicts = {page.locator("td[data-verdict]").nth(i).get_attribute("data-verdict")
                    for i in range(page.locator("td[data-verdict]").count())}
        assert {SEVERAL_RANDOMIZED, LIMITED_RANDOMIZED, UNCONTROLLED_ONLY} <= verdicts
        cell = page.locator("td[data-cell-type='msc'][data-condition='disc_degeneration']")
        assert cell.is_visible() and SEVERAL_RANDOMIZED in cell.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "evidence-map-sample.png"), full_page=True)

        cell.locator("a.evcell").click()
        page.wait_for_url("**/stemspine/studies?**")
        page.wait_for_selector("table.rows-and-columns")
        expected = sqlite_utils.Database(db_path).execute(
            "select count(*) from studies where exists (select 1 from json_each(cell_types) "
            "where value = 'msc') and exists (select 1 from json_each(conditions) "
            "where value = 'disc_degeneration')").fetchone()[0]
        assert page.locator("table.rows-and-columns tbody tr").count() == expected
    finally:
        page.close()
