"""Serving benchmark (issue 11, target 1): the pages researchers open, timed against the real
Datasette process at N studies (default 1,000,000).

    .venv/bin/python bench/bench_serve.py [N] [--db PATH] [--repeat R]
        [--mode live|published|both] [--snapshot DIR]

The database is the realistic generator's (``bench/generate.py database``; reused when PATH
exists with N studies), opened once through the project's schema (indexes, facet index) and
with its evidence map written. Two ways of serving it are measured:

- ``live``: ``stemspine serve``'s Datasette argv over the file itself (mutable, as a crawl
  keeps writing it);
- ``published``: ``stemspine publish``'s snapshot served ``-i`` with ``--inspect-file`` (kept in
  ``--snapshot DIR`` and reused from there when given, else written to a temporary folder and
  removed afterwards: at a million studies it is a 6 GB copy).

Each request is made ``--repeat`` times after one warm-up (studies pages once the facet index is
read; the time that took is printed) and p50 / p95 are printed; any answer but 200 counts as an
error. **Floor**: the SQL statements that answered the request (captured with Datasette's
``?_trace=1``, which the benchmark server allows with ``--setting trace_debug on``), run again
directly with sqlite3 on the same file, every row fetched; its median and the ratio are printed.
The load average is printed beside the figures: other processes on the machine slow both.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from db.evidence_map_table import write_evidence_map  # noqa: E402
from db.plugins.readable import DEFAULT_COLUMNS  # noqa: E402
from db.schema import open_db  # noqa: E402
from db.search_index import fts_query, register_functions  # noqa: E402
from db.serve import database_name, datasette_argv  # noqa: E402
from tests.processes import free_port, wait_for_http  # noqa: E402

DATA = Path(tempfile.gettempdir()) / "stemspine-bench"  # outside the repository: 5.7 GB at 1M
COLUMNS = urlencode([("_col", c) for c in DEFAULT_COLUMNS])
SEARCHES = ("intradiscal injection", "nucleus pulposus", "randomised controlled trial",
            "bone marrow concentrate", "discogenic low back pain", "stromal vascular fraction")
TARGETS_MS = {"studies table, default facets": 500, "two-facet filter": 500,
              "full-text search": 200, "/evidence-map": 1000, "row page": 100}


def prepare(path: Path, count: int) -> None:
    """The N-study database at ``path``, with the facet index and the evidence map."""
    if not path.exists():
        from generate import write_database  # type: ignore[import-not-found]

        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        print(f"generating {count:,} studies into {path} ...", flush=True)
        write_database(path, count)
        print(f"  {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    db = open_db(str(path))  # indexes and the facet index (built once)
    studies = db["studies"].count
    if studies != count:
        raise SystemExit(f"{path} has {studies:,} studies, not {count:,}: pass another --db")
    cells = next(db.query("select count(*) as n from sqlite_master where name = "
                          "'evidence_map_cells'"))["n"]
    if not cells:
        with db.atomic():
            write_evidence_map(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    print(f"database ready ({time.perf_counter() - started:.0f} s: schema, facet index, "
          f"evidence map)", flush=True)


def table_url(path: Path) -> str:
    return f"/{database_name(path)}/studies?{COLUMNS}"


def requests_to_time(path: Path, rng: random.Random) -> dict[str, list[str]]:
    name, table = database_name(path), table_url(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    ids = [row[0] for row in conn.execute(
        "select study_id from studies where rowid in (select abs(random()) % "
        "(select max(rowid) from studies) + 1 from studies limit 200)")]
    big = conn.execute("select cell_type, condition from evidence_map_cells "
                       "order by publications desc limit 1").fetchone()
    conn.close()
    two = f"{table}&_tag_cell_types={big[0]}&_tag_conditions={big[1]}"
    rng.shuffle(ids)
    return {
        "studies table, default facets": [table],
        "two-facet filter": [two],
        "full-text search": [f"/{name}/search?{urlencode({'q': q})}" for q in SEARCHES],
        "/evidence-map": ["/evidence-map"],
        "row page": [f"/{name}/studies/{quote(i).replace('%3A', '~3A')}" for i in ids[:50]],
        "cell page": [f"/evidence-map/{big[0]}/{big[1]}"],
        "studies table search": [f"{table}&{urlencode({'_search': q})}" for q in SEARCHES],
    }


def traced_sql(base: str, path: str, database: str) -> list[tuple[str, object]]:
    """The SQL the server ran for ``path`` on ``database`` (Datasette's _trace=1)."""
    separator = "&" if "?" in path else "?"
    text = requests.get(f"{base}{path}{separator}_trace=1", timeout=600).text
    found = re.findall(r"<pre>(\{[^<]*)</pre></body>", text)
    if not found:
        return []
    trace = json.loads(html.unescape(found[-1]))
    return [(t["sql"], t.get("params")) for t in trace["traces"]
            if t.get("type") == "sql" and t.get("database") == database]


def floor_ms(conn: sqlite3.Connection, statements: list[tuple[str, object]]) -> float:
    started = time.perf_counter()
    for sql, params in statements:
        if isinstance(params, dict | list):
            conn.execute(sql, params).fetchall()
        else:
            conn.execute(sql).fetchall()
    return 1000 * (time.perf_counter() - started)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def wait_for_facet_index(base: str, path: Path, timeout: float = 1800) -> float:
    """Seconds until the studies table counts its facets from the bitmaps (no facet SQL)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        statements = traced_sql(base, table_url(path), database_name(path))
        if not statements:
            raise SystemExit("the server's ?_trace=1 gave no SQL: is trace_debug on?")
        if not any("from [study_facets] where facet" in sql
                                  for sql, _ in statements):
            return time.perf_counter() - started
        time.sleep(2)
    raise SystemExit("the facet index was not read in time")


def published(db_path: Path, folder: Path) -> tuple[Path, Path]:
    """``stemspine publish``'s snapshot of ``db_path`` in ``folder`` (reused if there) and its
    inspect file."""
    served, inspect_file = folder / db_path.name, folder / f"{db_path.name}.inspect.json"
    if served.exists() and inspect_file.exists():
        print(f"  reusing the snapshot in {folder}", flush=True)
        return served, inspect_file
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "stemspine.py"), "publish", "--db",
                    str(db_path), "--to", str(folder)], check=True, cwd=ROOT)
    print(f"  stemspine publish: {time.perf_counter() - started:.0f} s", flush=True)
    return served, inspect_file


def measure(db_path: Path, mode: str, repeat: int, rng: random.Random,
            snapshot: Path | None = None) -> list[dict]:
    argv_extra = ["--setting", "trace_debug", "on"]
    inspect_file = None
    served = db_path
    temporary = None
    if mode == "published":
        if snapshot is None:
            snapshot = temporary = Path(tempfile.mkdtemp(prefix="stemspine-bench-"))
        served, inspect_file = published(db_path, snapshot)
    port = free_port()
    argv = datasette_argv(str(served), port=port, immutable=mode == "published",
                          inspect_file=inspect_file) + argv_extra
    log = open(tempfile.mktemp(prefix="bench-serve-", suffix=".log"), "w")  # noqa: SIM115
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    results = []
    try:
        started = time.perf_counter()
        wait_for_http(f"{base}/-/versions.json", timeout=600, proc=proc)
        print(f"  server answering after {time.perf_counter() - started:.1f} s; facet index "
              f"read after {wait_for_facet_index(base, served):.1f} s more", flush=True)
        uri = f"file:{served}?immutable=1" if mode == "published" else f"file:{served}?mode=ro"
        conn = sqlite3.connect(uri, uri=True)
        register_functions(conn)
        conn.create_function("escape_fts", 1, fts_query)  # as db/plugins/search.py does
        session = requests.Session()
        for name, paths in requests_to_time(served, rng).items():
            errors, times = 0, []
            statements = traced_sql(base, paths[0], database_name(served))
            for number in range(repeat + 1):
                path = paths[number % len(paths)]
                began = time.perf_counter()
                response = session.get(base + path, timeout=600)
                elapsed = 1000 * (time.perf_counter() - began)
                if response.status_code != 200:
                    errors += 1
                    print(f"    {response.status_code} for {path}", flush=True)
                if number:  # the first is the warm-up
                    times.append(elapsed)
            floors = [floor_ms(conn, statements) for _ in range(max(3, repeat // 4))]
            row = {"request": name, "mode": mode, "p50": statistics.median(times),
                   "p95": percentile(times, 0.95), "floor": statistics.median(floors),
                   "queries": len(statements), "errors": errors, "n": len(times),
                   "load": os.getloadavg()[0]}
            results.append(row)
            print(f"  {name}: p50 {row['p50']:.0f} ms, p95 {row['p95']:.0f} ms; floor "
                  f"{row['floor']:.1f} ms ({row['queries']} SQL statements); {errors} errors; "
                  f"load {row['load']:.1f}", flush=True)
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return results


def report(rows: list[dict]) -> None:
    print("\n| request | mode | p50 ms | p95 ms | floor ms (same SQL in sqlite3) | p50 / floor "
          "| errors | target | load |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        target = TARGETS_MS.get(row["request"])
        ratio = row["p50"] / row["floor"] if row["floor"] > 0 else float("inf")
        verdict = "" if target is None else (f"p95 < {target} ms: "
                                             f"{'met' if row['p95'] < target else 'MISSED'}")
        print(f"| {row['request']} | {row['mode']} | {row['p50']:,.0f} | {row['p95']:,.0f} | "
              f"{row['floor']:,.1f} | {ratio:,.1f}x | {row['errors']} of {row['n'] + 1} | "
              f"{verdict} | {row['load']:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--db", type=Path, default=None,
                        help="the N-study database, reused when it exists (default: "
                             "TMPDIR/stemspine-bench/N/stemspine.db)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--mode", choices=("live", "published", "both"), default="both")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--snapshot", type=Path, default=None,
                        help="folder of the published snapshot, kept and reused (default: a "
                             "temporary folder, removed afterwards)")
    args = parser.parse_args(argv)
    path = (args.db or DATA / str(args.count) / "stemspine.db").resolve()
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    prepare(path, args.count)
    rows = []
    for mode in (("live", "published") if args.mode == "both" else (args.mode,)):
        print(f"{mode}:", flush=True)
        rows += measure(path, mode, args.repeat, random.Random(args.seed),
                        args.snapshot.resolve() if args.snapshot else None)
    report(rows)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
