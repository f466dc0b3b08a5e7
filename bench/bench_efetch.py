"""Choosing PUBMED_BATCH_SIZE: one efetch of B records from the replay server's history, for several
B: response size, response time, parse time per record and the parsing process's peak memory;
and what B costs a full crawl of N records in requests and politeness delay.

    .venv/bin/python bench/bench_efetch.py [N]     (default N 100000, for the crawl cost)

Each batch size is parsed in a fresh process so that its peak resident memory is its own. The
floor is the smallest batch's parse time per record.
"""

from __future__ import annotations

import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import write_crawl_corpus  # noqa: E402
from crawlers.replay import ReplayServer  # noqa: E402

SIZES = (200, 500, 1000, 2000, 5000, 10000)
NCBI_DELAY = 1 / 3 * 1.05  # crawlers/spiders/pubmed.py, without an API key

PARSE = """
import resource, sys, time
from crawlers.parsers.pubmed import parse_efetch
body = open(sys.argv[1], "rb").read()
start = time.perf_counter()
records = parse_efetch(body).records
print(len(records), time.perf_counter() - start,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def main(argv: list[str]) -> int:
    total = int(argv[1]) if len(argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        write_crawl_corpus(tmp / "corpus", max(SIZES))
        baseline = subprocess.run([sys.executable, "-c", PARSE.replace(
            "records = parse_efetch(body).records", "records = []"), "/dev/null"],
            capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
        print(f"parser process without a response: {baseline[2]} MB")
        print(f"{'batch':>6} {'response':>9} {'get s':>6} {'parse s':>8} {'ms/rec':>7} "
              f"{'peak MB':>8} | for N={total:,}: {'requests':>8} {'delay s':>8}")
        rows = []
        with ReplayServer(tmp / "corpus") as server:
            url = server.urls["pubmed"]
            search = requests.get(url + "esearch.fcgi", params={
                "db": "pubmed", "term": "stem cells", "usehistory": "y", "retmax": 0},
                timeout=60).text
            webenv = search.split("<WebEnv>")[1].split("</WebEnv>")[0]
            key = search.split("<QueryKey>")[1].split("</QueryKey>")[0]
            for size in SIZES:
                start = time.perf_counter()
                body = requests.get(url + "efetch.fcgi", params={
                    "db": "pubmed", "WebEnv": webenv, "query_key": key, "retstart": 0,
                    "retmax": size, "retmode": "xml"}, timeout=600).content
                get_s = time.perf_counter() - start
                path = tmp / f"efetch-{size}.xml"
                path.write_bytes(body)
                count, parse_s, peak = subprocess.run(
                    [sys.executable, "-c", PARSE, str(path)], capture_output=True, text=True,
                    check=True, cwd=ROOT).stdout.split()
                if int(count) != size:
                    raise SystemExit(f"efetch of {size} gave {count} records")
                requests_n = 1 + math.ceil(total / size)
                rows.append((size, float(parse_s) / size))
                print(f"{size:>6} {len(body) / 2**20:>7.1f}MB {get_s:>6.2f} {float(parse_s):>8.2f}"
                      f" {1000 * float(parse_s) / size:>7.2f} {peak:>8} | {requests_n:>17,} "
                      f"{requests_n * NCBI_DELAY:>8.0f}")
        floor = rows[0][1]
        print("parse time per record / the 200-record batch's: "
              + ", ".join(f"{size}: {per / floor:.2f}x" for size, per in rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
