"""Compare predicted tags with a labelled set (``labels.jsonl`` rows): P/R/F1 and accuracy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from evidence.vocabulary import TAG_FACETS

SINGLE = ("design", "population", "evidence_level", "sample_size", "result", "followup_months")
# single facets whose label is often null: their accuracy is also given over the labelled rows
NULLABLE = ("result", "followup_months")


@dataclass(frozen=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class Disagreement:
    key: str
    facet: str
    expected: Any
    got: Any


@dataclass
class EvaluationReport:
    micro: dict[str, Score] = field(default_factory=dict)  # multi-valued facet -> micro score
    per_value: dict[str, dict[str, Score]] = field(default_factory=dict)
    accuracy: dict[str, float] = field(default_factory=dict)  # design, population, ...
    # NULLABLE facet -> (rows with a non-null label, accuracy over them)
    labelled: dict[str, tuple[int, float]] = field(default_factory=dict)
    studies: int = 0
    missing: list[str] = field(default_factory=list)  # labelled, not predicted
    extra: list[str] = field(default_factory=list)  # predicted, not labelled
    disagreements: list[Disagreement] = field(default_factory=list)

    def f1(self, facet: str) -> float:
        return self.micro[facet].f1

    def format(self) -> str:
        lines = [f"studies compared: {self.studies}   missing: {len(self.missing)}   "
                 f"extra: {len(self.extra)}", ""]
        lines.append(f"{'facet / value':<28}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}")
        for facet, score in self.micro.items():
            lines.append(_row(facet, score))
            for value, vs in sorted(self.per_value.get(facet, {}).items()):
                lines.append(_row("  " + value, vs))
        lines.append("")
        for facet, acc in self.accuracy.items():
            line = f"{facet:<28}accuracy {acc:.3f}"
            if facet in self.labelled:
                rows, labelled_acc = self.labelled[facet]
                line += f"   over {rows} rows with a non-null label: {labelled_acc:.3f}"
            lines.append(line)
        if self.missing:
            lines += ["", "missing studies: " + ", ".join(self.missing)]
        if self.extra:
            lines += ["", "extra studies: " + ", ".join(self.extra)]
        if self.disagreements:
            lines += ["", "disagreements (key, facet, expected, got):"]
            for d in self.disagreements:
                lines.append(f"  {d.key}  {d.facet}  expected={d.expected!r}  got={d.got!r}")
        return "\n".join(lines)


def _row(name: str, s: Score) -> str:
    return (f"{name:<28}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
            f"{s.tp:>6}{s.fp:>5}{s.fn:>5}")


def _as_set(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    return {str(v) for v in value}


def evaluate(
    predicted: Mapping[str, Mapping[str, Any]], labels: list[Mapping[str, Any]],
    *, labelled_elsewhere: Iterable[str] = (),
) -> EvaluationReport:
    """Score ``predicted`` (study key -> {facet: list or value}) against label rows.

    ``labelled_elsewhere``: keys of other label sets scored apart; they are not "extra" here.
    """
    if not isinstance(predicted, Mapping):
        raise ValueError("evaluate: predicted must map a study key to its facets")
    report = EvaluationReport()
    keys = []
    for n, row in enumerate(labels):
        if not isinstance(row, Mapping) or not row.get("key"):
            raise ValueError(f"evaluate: label row {n + 1} has no 'key'")
        keys.append(str(row["key"]))
    labelled = set(keys) | set(labelled_elsewhere)
    report.missing = [k for k in keys if k not in predicted]
    report.extra = sorted(k for k in predicted if k not in labelled)
    micro = {f: Score() for f in TAG_FACETS}
    per_value: dict[str, dict[str, Score]] = {f: {} for f in TAG_FACETS}
    correct = dict.fromkeys(SINGLE, 0)
    counted = dict.fromkeys(SINGLE, 0)
    non_null = {f: [0, 0] for f in NULLABLE}  # facet -> [correct, rows] with a non-null label
    for row in labels:
        key = str(row["key"])
        if key not in predicted:
            continue
        report.studies += 1
        got = predicted[key]
        for facet in TAG_FACETS:
            if facet not in row:
                continue
            exp, pred = _as_set(row[facet]), _as_set(got.get(facet))
            for value in exp | pred:
                s = Score(int(value in exp and value in pred), int(value in pred - exp),
                          int(value in exp - pred))
                micro[facet] = micro[facet] + s
                per_value[facet][value] = per_value[facet].get(value, Score()) + s
            if exp != pred:
                report.disagreements.append(Disagreement(key, facet, sorted(exp), sorted(pred)))
        for facet in SINGLE:
            if facet not in row:
                continue
            counted[facet] += 1
            exp_v, got_v = row[facet], got.get(facet)
            right = exp_v == got_v or (exp_v is not None and str(exp_v) == str(got_v))
            correct[facet] += right
            if facet in non_null and exp_v is not None:
                non_null[facet][0] += right
                non_null[facet][1] += 1
            if not right:
                report.disagreements.append(Disagreement(key, facet, exp_v, got_v))
    report.micro = micro
    report.per_value = per_value
    report.accuracy = {f: correct[f] / counted[f] for f in SINGLE if counted[f]}
    report.labelled = {f: (rows, right / rows) for f, (right, rows) in non_null.items() if rows}
    return report
