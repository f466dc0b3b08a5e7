"""Links growth: k reports of a few trials (the issue's case: many reports sharing few trials),
merged and linked with db.merge / db.links, against what pairwise same_trial links would have
written (sum over trials of r*(r-1) for r reports of a trial).

    .venv/bin/python bench/bench_links.py [K ...]      (default 1000 10000 100000; 10 trials,
                                                         half of them with their registration)
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawlers.items import SourceRecord  # noqa: E402
from db.links import find_links  # noqa: E402
from db.merge import merge_records  # noqa: E402

TRIALS = 10


def records(reports: int) -> list[dict]:
    out = []
    for n in range(reports):
        nct = f"NCT0{n % TRIALS:07d}"
        out.append(SourceRecord(source="pubmed", source_id=str(30000000 + n), raw="",
                                kind="publication", pmid=str(30000000 + n), nct_ids=[nct],
                                title=f"Report {n} of {nct}").as_dict())
    for t in range(0, TRIALS, 2):
        nct = f"NCT0{t:07d}"
        out.append(SourceRecord(source="clinicaltrials", source_id=nct, raw="",
                                kind="registration", nct_id=nct, title=f"Trial {nct}").as_dict())
    return out


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv[1:]] or [1000, 10000, 100000]
    print(f"{'reports':>8} {'links':>9} {'per report':>10} {'pairwise would be':>18} "
          f"{'merge+links s':>13} {'peak MB':>8}")
    for k in sizes:
        data = records(k)
        start = time.perf_counter()
        links = find_links(merge_records(data))
        elapsed = time.perf_counter() - start
        per_trial = [k // TRIALS + (1 if t < k % TRIALS else 0) for t in range(TRIALS)]
        pairwise = sum(r * (r - 1) for r in per_trial) + 2 * sum(per_trial[0::2])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"{k:>8,} {len(links):>9,} {len(links) / k:>10.2f} {pairwise:>18,} "
              f"{elapsed:>13.2f} {peak:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
