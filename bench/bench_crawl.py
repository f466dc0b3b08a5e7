"""Crawl benchmark: N synthetic PubMed records through the whole crawl path (replay server on
loopback -> Scrapy spider -> parser -> store pipeline -> SQLite -> merge and tagging), against a
floor measured in the same run: parsing the same bytes and saving them straight to SQLite.

    .venv/bin/python bench/bench_crawl.py [N]      (default 2000; prints figures and ratios)

The crawl keeps NCBI's rate limit (3 requests/s without an API key), so its time includes the
politeness delays: a few seconds for N = 2000 in batches of 500.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawlers.parsers.pubmed import parse_efetch  # noqa: E402
from crawlers.replay.synthetic import write_pubmed_corpus  # noqa: E402
from db import store  # noqa: E402
from db.schema import open_db  # noqa: E402

BATCH = 500


def floor(corpus: Path, db_path: Path) -> tuple[float, int]:
    """Parse every file and save every record, in-process, no HTTP, no Scrapy."""
    start = time.perf_counter()
    db = open_db(str(db_path))
    counts = store.RunCounts()
    for path in sorted((corpus / "pubmed").glob("*.xml")):
        result = parse_efetch(path.read_bytes())
        store.save_records(db, [(r.as_dict(), r.raw) for r in result.records], None, counts)
    return time.perf_counter() - start, counts.new


def crawl(corpus: Path, db_path: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        [str(Path(sys.executable).parent / "stemspine"), "crawl", "--offline", str(corpus),
         "--source", "pubmed", "--db", str(db_path), "--setting", f"PUBMED_BATCH_SIZE={BATCH}",
         "--setting", "LOG_LEVEL=WARNING"], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"crawl failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return time.perf_counter() - start, result.stderr.strip().splitlines()[-1]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_pubmed_corpus(ROOT / "crawlers" / "sample_corpus", corpus, count)
        floor_s, stored = floor(corpus, Path(tmp) / "floor.db")
        crawl_s, summary = crawl(corpus, Path(tmp) / "crawl.db")
        runs = open_db(str(Path(tmp) / "crawl.db"))["crawl_runs"]
        run = next(runs.rows_where(order_by="id desc"))
    politeness = (1 + -(-count // BATCH)) / 3  # one request per 1/3 s
    print(f"records: {count} (floor stored {stored}); crawl requests: {run['requests']}")
    print(f"floor (parse + save, in-process): {floor_s:.2f} s = {count / floor_s:,.0f} records/s")
    print(f"crawl + merge + tag (CLI process): {crawl_s:.2f} s = {count / crawl_s:,.0f} records/s")
    print(f"  of which NCBI politeness delays: >= {politeness:.2f} s")
    print(f"ratio crawl / floor: {crawl_s / floor_s:.1f}x")
    print(f"crawl summary: {summary}")


if __name__ == "__main__":
    main()
