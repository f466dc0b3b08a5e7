"""The three labelled sets crawled through the CLI and scored by `stemspine evaluate`.

The acceptance tests for the tagger (issue 8) and for result extraction (issue 10) read the
figures a user would: `stemspine crawl --offline <set>` for each set into one database, then one
`stemspine evaluate` call with every set's labels. Crawling all three takes about 20 s, so the
tests share one run (see the ``evaluated_sets`` fixture in tests/conftest.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import CORPUS, SAMPLE_CORPUS, SHARED
from tests.processes import run_cli

CORPUS_REAL = SHARED / "corpus-real"
LABELLED_SETS = {"corpus-real": CORPUS_REAL, "corpus": CORPUS, "sample": SAMPLE_CORPUS}


@dataclass
class Evaluated:
    """What `stemspine evaluate` printed, by set name ("corpus-real", "corpus", "sample")."""

    stdout: str
    figures: dict[str, dict[str, float]]
    absent: list[str]  # sets not found beside the checkout


_F1 = re.compile(r"([a-z_]+) +[\d.]+ +[\d.]+ +([\d.]+) +\d+ +\d+ +\d+$")
_ACCURACY = re.compile(r"([a-z_]+) +accuracy ([\d.]+)"
                       r"(?: +over (\d+) rows with a non-null label: ([\d.]+))?$")


def parse_figures(stdout: str) -> dict[str, dict[str, float]]:
    """labels path -> {facet: micro-F1 or accuracy, "<facet>_labelled": accuracy over labelled
    rows, "<facet>_rows": how many, "missing"/"extra": studies not compared}."""
    out: dict[str, dict[str, float]] = {}
    current: dict[str, float] = out.setdefault("", {})
    for line in stdout.splitlines():
        header = re.match(r"== set \d+ of \d+: (.+)$", line)
        if header:
            current = out.setdefault(header.group(1), {})
        elif line.startswith("studies compared:"):
            current["missing"] = float(re.search(r"missing: (\d+)", line).group(1))
            current["extra"] = float(re.search(r"extra: (\d+)", line).group(1))
        elif match := _F1.match(line):  # facet totals only: per-value lines are indented
            current[match.group(1)] = float(match.group(2))
        elif match := _ACCURACY.match(line):
            facet = match.group(1)
            current[facet] = float(match.group(2))
            if match.group(3):
                current[f"{facet}_rows"] = float(match.group(3))
                current[f"{facet}_labelled"] = float(match.group(4))
    if not out[""]:
        del out[""]
    return out


def crawl_and_evaluate(db_path: Path) -> Evaluated:
    """Crawl every labelled set present into ``db_path`` and evaluate them in one call."""
    present = {name: path for name, path in LABELLED_SETS.items()
               if (path / "labels.jsonl").exists()}
    for path in present.values():
        crawled = run_cli("crawl", "--offline", str(path), "--db", str(db_path))
        assert crawled.returncode == 0, crawled.stderr[-3000:]
    labels = [str(path / "labels.jsonl") for path in present.values()]
    result = run_cli("evaluate", "--db", str(db_path), *labels)
    assert result.returncode == 0, result.stderr[-2000:]
    by_path = parse_figures(result.stdout)
    if len(labels) == 1:  # one label file: evaluate prints no "== set" header
        by_path = {labels[0]: by_path.get("", {})}
    figures = {name: by_path[str(path / "labels.jsonl")] for name, path in present.items()}
    return Evaluated(result.stdout, figures, sorted(set(LABELLED_SETS) - set(present)))
