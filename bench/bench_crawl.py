"""Crawl and nightly-run benchmarks: N synthetic PubMed records through the whole crawl path
(replay server on loopback -> Scrapy spider -> parser -> store pipeline -> SQLite -> derive:
merge, tagging, links), against a floor measured in the same run.

    .venv/bin/python bench/bench_crawl.py [N] [--batch B]    (default N 2000, B = PUBMED_BATCH_SIZE)

1. **Crawl** (issue 11, target 2): a first crawl of N records with the politeness delay set to 0
   through settings (``--setting DOWNLOAD_DELAY=0 --setting AUTOTHROTTLE_ENABLED=false``), so its
   time is everything but the delay. Peak memory is the crawl process's peak resident set
   (VmHWM, polled; the replay server runs in this process, apart). Floor: the project's lxml
   parser over the same bytes plus sqlite-utils ``insert_all`` of the same ``records`` rows.
2. **Nightly run** (target 3): the same crawl again, incremental from the watermark, with the real
   politeness delay: nothing changed, so it costs one esearch and a derive that finds nothing to
   do. "Besides the requests" is the wall time minus requests x the NCBI delay. Then the derive
   alone, in this process, with nothing changed and after 100 changed records.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import write_crawl_corpus  # noqa: E402
from crawlers import settings as crawl_settings  # noqa: E402
from crawlers.parsers.pubmed import parse_efetch  # noqa: E402
from crawlers.replay import ReplayServer  # noqa: E402
from db import store  # noqa: E402
from db.build import derive  # noqa: E402
from db.evidence_files import load_curation, load_vocabulary  # noqa: E402
from db.schema import open_db  # noqa: E402

NCBI_DELAY = 1 / 3 * 1.1  # crawlers/spiders/pubmed.py without an API key, crawlers/api_spider.py
CONTACT = "stemspine-bench@example.org"  # a live crawl (here: of the replay server) needs one


def floor(corpus: Path, db_path: Path) -> tuple[float, float]:
    """(parse seconds, insert seconds): parse every file with the project's lxml parser and
    insert the same records rows with one insert_all per file."""
    db = open_db(str(db_path))
    parse_s = insert_s = 0.0
    for path in sorted((corpus / "pubmed").glob("*.xml")):
        start = time.perf_counter()
        records = parse_efetch(path.read_bytes()).records
        rows = [store._row(r.as_dict(), r.raw, None, store.now_iso()) for r in records]
        parse_s += time.perf_counter() - start
        start = time.perf_counter()
        with db.atomic():
            db["records"].insert_all(rows, batch_size=500)
        insert_s += time.perf_counter() - start
    return parse_s, insert_s


def run_crawl(db_path: Path, url: str, settings: list[str]) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in MB, last line of stderr) of one `stemspine crawl` process."""
    argv = [str(Path(sys.executable).parent / "stemspine"), "crawl", "--source", "pubmed",
            "--db", str(db_path), "--setting", f"PUBMED_BASE_URL={url}",
            "--setting", "LOG_LEVEL=WARNING"]
    for setting in settings:
        argv += ["--setting", setting]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        env = {**os.environ, "NCBI_EMAIL": os.environ.get("NCBI_EMAIL") or CONTACT}
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _high_water_kb(process.pid))
            time.sleep(0.1)
        wall = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode("utf-8", "replace").strip()
    if process.returncode != 0:
        raise SystemExit(f"crawl failed ({process.returncode}):\n{text[-3000:]}")
    return wall, peak // 1024, text.splitlines()[-1]


def _high_water_kb(pid: int) -> int:
    """VmHWM (peak resident set) of a live process, from /proc. Not the rusage of the child,
    whose maximum starts from this process's size at fork (the replay server's corpus)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def last_run(db_path: Path) -> dict:
    return next(open_db(str(db_path))["crawl_runs"].rows_where(order_by="id desc", limit=1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=2000)
    parser.add_argument("--batch", type=int, default=crawl_settings.PUBMED_BATCH_SIZE)
    args = parser.parse_args(argv)
    count, batch = args.count, args.batch
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        start = time.perf_counter()
        write_crawl_corpus(tmp / "corpus", count)
        size = sum(p.stat().st_size for p in (tmp / "corpus" / "pubmed").glob("*.xml"))
        print(f"records: {count:,} ({size / 2**20:,.0f} MB of PubMed XML, generated in "
              f"{time.perf_counter() - start:.0f} s); efetch batch: {batch}")
        parse_s, insert_s = floor(tmp / "corpus", tmp / "floor.db")
        floor_s = parse_s + insert_s
        print(f"floor: parse {parse_s:.1f} s + insert_all {insert_s:.1f} s = {floor_s:.1f} s "
              f"({count / floor_s:,.0f} records/s)")

        with ReplayServer(tmp / "corpus") as server:
            url = server.urls["pubmed"]
            db_path = tmp / "crawl.db"
            crawl_s, rss, summary = run_crawl(db_path, url, [
                "DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=false", f"PUBMED_BATCH_SIZE={batch}"])
            run = last_run(db_path)
            print(f"crawl, politeness delay 0: {crawl_s:.1f} s ({count / crawl_s:,.0f} records/s),"
                  f" {run['requests']} requests, peak RSS {rss} MB")
            print(f"  ratio crawl / floor: {crawl_s / floor_s:.2f}x (target 3x); "
                  f"peak RSS target 500 MB")
            print(f"  with the real delay the requests would add >= "
                  f"{run['requests'] * NCBI_DELAY:.0f} s")
            print(f"  {summary}")

            nightly_s, nightly_rss, summary = run_crawl(db_path, url,
                                                        [f"PUBMED_BATCH_SIZE={batch}"])
            run = last_run(db_path)
            besides = nightly_s - run["requests"] * NCBI_DELAY
            print(f"nightly run, nothing changed: {nightly_s:.1f} s, {run['requests']} "
                  f"request(s), {besides:.1f} s besides the requests (target 5 s), "
                  f"peak RSS {nightly_rss} MB; {run['new']} new, {run['updated']} updated")
            print(f"  {summary}")

        db = open_db(str(db_path))
        vocabulary, curation = load_vocabulary(), load_curation()
        start = time.perf_counter()
        result = derive(db, vocabulary, curation)
        print(f"derive, nothing changed: {time.perf_counter() - start:.3f} s "
              f"({result.derived} studies re-derived of {result.studies:,})")
        changed = [row for row in db.query("select source, source_id, data from records "
                                           "order by random() limit 100")]
        with db.atomic():
            for row in changed:
                data = json.loads(row["data"])
                data["title"] += " (revised)"
                db["records"].update((row["source"], row["source_id"]),
                                     {"data": json.dumps(data, sort_keys=True)})
        start = time.perf_counter()
        result = derive(db, vocabulary, curation)
        print(f"derive, {len(changed)} records changed: {time.perf_counter() - start:.2f} s "
              f"({result.derived} studies re-derived)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
