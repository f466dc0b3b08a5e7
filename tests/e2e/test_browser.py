"""End to end: the real Datasette process (``datasette_argv``) and headless Chromium.

The evidence map's colours follow its verdicts; a cell page lists exactly the studies its counts
came from (checked against plain SQL); map -> cell -> study -> registration -> back; the studies
table shows rows in the first 800 px; at 390 px wide no page scrolls sideways; axe-core (npm,
``package.json``) finds no serious or critical accessibility violation on any page. Screenshots
go to test-artifacts/.
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
from tests.processes import free_port
from tests.studydb import build_study_db

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LIMITED_RANDOMIZED, NON_RANDOMIZED_ONLY, PRECLINICAL_ONLY = (
    "limited randomized evidence: more research needed",
    "non-randomized controlled evidence only: more research needed",
    "preclinical only: no clinical evidence")
UNCONTROLLED_ONLY = "uncontrolled studies only: more research needed"
NO_BENEFIT = "randomized evidence: no benefit shown"
BENEFIT = "randomized evidence: benefit shown"
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
def server_db_path(tmp_path_factory):
    return build_study_db(tmp_path_factory.mktemp("e2e") / "stemspine.db")


@pytest.fixture(scope="module")
def server(server_db_path, tmp_path_factory):
    with serving(datasette_argv(str(server_db_path), port=free_port()),
                 tmp_path_factory.getbasetemp() / "datasette.log") as base:
        yield base


@pytest.fixture(scope="module")
def server_db(server_db_path):
    import sqlite_utils

    return sqlite_utils.Database(server_db_path)


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


def relative_luminance(css_colour: str) -> float:
    """WCAG relative luminance of a computed CSS colour, ``rgb(r, g, b)``."""
    channels = [int(part) / 255 for part in css_colour[css_colour.index("(") + 1:].rstrip(")")
                .split(",")[:3]]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_evidence_map_colours_follow_verdicts(server, browser, server_db):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{server}/evidence-map")
        page.wait_for_selector("table.evmap")
        assert page.title().startswith("Evidence map")
        legend = {row.get_attribute("data-rule"): row.locator(".swatch").evaluate(
            "el => getComputedStyle(el).backgroundColor")
            for row in page.locator("tr[data-rule]").all()}
        expected = {(row["cell_type"], row["condition"]): row for row in server_db.query(
            "select cell_type, condition, verdict, verdict_key from evidence_map_cells "
            "where has_studies")}
        cells = page.locator("td[data-verdict]").all()
        assert len(cells) >= len(expected) > 5
        colours_by_verdict: dict[str, set[str]] = {}
        for cell in cells:
            key = (cell.get_attribute("data-cell-type"), cell.get_attribute("data-condition"))
            verdict = cell.get_attribute("data-verdict")
            colour = cell.evaluate("el => getComputedStyle(el).backgroundColor")
            if key in expected:
                assert verdict == expected[key]["verdict_key"], key
                assert expected[key]["verdict"] in cell.inner_text(), key
            assert colour == legend[verdict], (key, verdict)
            colours_by_verdict.setdefault(verdict, set()).add(colour)
        # one colour per verdict, and the verdicts that say what RCTs found look different
        assert all(len(colours) == 1 for colours in colours_by_verdict.values())
        shown = {verdict: colours.pop() for verdict, colours in colours_by_verdict.items()}
        assert len({shown["randomized_benefit"], shown["randomized_no_benefit"],
                    shown["limited_randomized"], shown["uncontrolled_only"]}) == 4
        # every two verdict colours of the legend differ in luminance by 1.2:1 or more (they
        # were 1.02-1.2:1 among the light ones): apart in greyscale and for colour blindness
        assert len(legend) == 10
        luminance = {rule: relative_luminance(colour) for rule, colour in legend.items()}
        close = [(a, b, round(ratio, 2)) for a in luminance for b in luminance if a < b
                 and (ratio := (max(luminance[a], luminance[b]) + 0.05)
                      / (min(luminance[a], luminance[b]) + 0.05)) < 1.2]
        assert not close, close
        msc = page.locator("td[data-cell-type='msc'][data-condition='low_back_pain']")
        text = msc.inner_text()
        assert LIMITED_RANDOMIZED in text and "1 RCT, 120 randomized" in text
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "evidence-map.png"), full_page=True)
    finally:
        page.close()


COUNTED_SQL = """
select s.study_id from studies s
where s.kind = 'publication' and coalesce(s.retracted, 0) = 0
  and exists (select 1 from study_tags t where t.study_id = s.study_id
              and t.facet = 'cell_type' and t.value = :cell_type)
  and exists (select 1 from study_tags t where t.study_id = s.study_id
              and t.facet = 'condition' and t.value = :condition)
  and (s.population in ('animal', 'in_vitro') or s.evidence_level = 5
       or (s.population = 'human' and s.evidence_level between 1 and 4))
"""


def test_map_cell_study_registration_and_back(server, browser, server_db):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{server}/evidence-map")
        page.locator("td[data-cell-type='msc'][data-condition='disc_degeneration'] a").click()
        page.wait_for_url("**/evidence-map/msc/disc_degeneration")
        assert NO_BENEFIT in page.locator(".verdict").inner_text()
        listed = {row.get_attribute("data-study-id")
                  for row in page.locator("table.studies tr[data-study-id]").all()}
        expected = {row["study_id"] for row in server_db.query(
            COUNTED_SQL, {"cell_type": "msc", "condition": "disc_degeneration"})}
        assert listed == expected and len(expected) == 6
        assert "the cell group did" not in page.content()  # no invented sentences
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "evidence-cell.png"), full_page=True)

        page.locator("table.studies a", has_text="Allogeneic mesenchymal precursor").click()
        page.wait_for_url("**/stemspine/studies/pmid~3A1001")
        assert page.locator("table.study-tags tr").count() > 5  # why each tag is there
        page.locator("table.study-links a", has_text="nct:NCT01000001").click()
        page.wait_for_url("**/stemspine/studies/nct~3ANCT01000001")
        assert page.locator("h2#history").is_visible()
        page.go_back()
        page.wait_for_url("**/stemspine/studies/pmid~3A1001")
        page.go_back()
        page.wait_for_url("**/evidence-map/msc/disc_degeneration")
        page.locator("a", has_text="Back to the evidence map").first.click()
        page.wait_for_url("**/evidence-map")
        assert page.locator("table.evmap").is_visible()
    finally:
        page.close()


def test_studies_table_shows_rows_in_the_first_800_px(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(f"{server}/stemspine/studies")
        page.wait_for_selector("table.rows-and-columns tbody tr")
        first_row = page.locator("table.rows-and-columns tbody tr").first.bounding_box()
        assert first_row is not None and first_row["y"] + first_row["height"] < 800
        headers = [th.inner_text().strip().split("\n")[0].split("\xa0")[0]
                   for th in page.locator("table.rows-and-columns thead th").all()]
        assert headers[:5] == ["Study", "Title", "Year", "Design", "Level of evidence"]
        columns = [th.get_attribute("data-column")
                   for th in page.locator("table.rows-and-columns thead th").all()]
        assert columns[:3] == ["study_id", "title", "year"] and "abstract" not in columns
        assert "randomized controlled trial" in page.content()  # a label, not the slug "rct"
        page.screenshot(path=str(ARTIFACTS / "studies.png"))
    finally:
        page.close()


PAGES = {"home": "/", "map": "/evidence-map", "cell": "/evidence-map/msc/disc_degeneration",
         "study": "/stemspine/studies/pmid~3A1001", "registration":
         "/stemspine/studies/nct~3ANCT01000001", "claims": "/claims",
         "studies": "/stemspine/studies", "search": "/stemspine/search?q=stem-cell",
         "new_since": "/stemspine/new_since", "claims_query": "/stemspine/claims",
         "map_query": "/stemspine/evidence_map", "gaps_query": "/stemspine/evidence_gaps",
         "unpublished_query": "/stemspine/unpublished_trials"}


@pytest.mark.parametrize("name", ["home", "map", "study", "cell", "claims", "search",
                                  "new_since", "claims_query", "map_query", "gaps_query",
                                  "unpublished_query"])
def test_no_page_level_horizontal_scroll_at_390_px(server, browser, name):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{server}{PAGES[name]}")
        page.wait_for_load_state("load")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"narrow-{name}.png"), full_page=True)
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 391
                    && !e.closest('.table-wrapper, .table-scroll, .CodeMirror-scroll'))
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' +
                             Math.round(e.getBoundingClientRect().right))""")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at 390 px: {wide}"
    finally:
        page.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_or_critical_violation(server, browser, name):
    if not AXE.exists():
        pytest.skip(f"{AXE} is absent: run `npm ci` (make test does it when npm is installed)")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{server}{PAGES[name]}")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.title().strip() and page.title() != "Datasette"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        bad = [f"{v['id']} ({v['impact']}): {v['help']}; "
               f"{[node['target'] for node in v['nodes']][:3]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], name
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
    db = sqlite_utils.Database(db_path)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{base}/evidence-map")
        page.wait_for_selector("table.evmap")
        assert "This database was built offline" in page.content()
        expected = {(row["cell_type"], row["condition"]): row["verdict_key"] for row in db.query(
            "select cell_type, condition, verdict_key from evidence_map_cells")}
        for cell in page.locator("td[data-verdict]").all():
            key = (cell.get_attribute("data-cell-type"), cell.get_attribute("data-condition"))
            assert cell.get_attribute("data-verdict") == expected[key], key
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "evidence-map-sample.png"), full_page=True)

        page.locator("td[data-cell-type='msc'][data-condition='disc_degeneration'] a").click()
        page.wait_for_url("**/evidence-map/msc/disc_degeneration")
        listed = {row.get_attribute("data-study-id")
                  for row in page.locator("table.studies tr[data-study-id]").all()}
        counted = {row["study_id"] for row in db.query(
            COUNTED_SQL, {"cell_type": "msc", "condition": "disc_degeneration"})}
        assert listed == counted and counted
    finally:
        page.close()
