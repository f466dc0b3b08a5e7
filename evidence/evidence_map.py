"""The evidence map: one cell per cell type x condition pair, with the verdict of domain.md.

Pure: no I/O. The caller reads ``studies`` and ``links`` and passes plain dicts, and passes the
verdict rule (``evidence_map.yaml``, data) as a dict to ``EvidenceRules.from_config``.

Counting rules (domain.md, "The evidence map's verdict" and "What a study found"):

- Only publications are evidence. Retracted publications never count. Registrations are counted
  apart: ongoing trials, and trials that ended (completed, terminated, withdrawn) without a
  result: no publication and no results posted (``is_unpublished``).
- Clinical levels (1-4) count human studies only. An animal or in vitro study is preclinical
  evidence (level 5) whatever its design; a level-5 human report (narrative review, expert
  opinion) is level 5 too. A publication with no level (editorial, protocol) or an unknown
  population at a clinical level is not counted (``not_counted``).
- Each real-world trial counts once: publications tied by a ``same_trial`` link, or registered as
  the same registration, form one trial, which takes the best level and the largest sample size
  of its reports in that cell, and the result of its most informative report.
- Systematic reviews (level 1) are shown but never make a verdict: the verdict and the colour
  come from primary studies, so one review tagged with three cell types does not colour three rows.
- What the trials found: controlled trials (levels 2-3) by result, RCTs by result and their
  participants by result (for the verdict), uncontrolled trials (level 4) and how many of them
  report an improvement, apart. Only RCTs with an efficacy result (benefit, no difference, mixed,
  harm) can make a randomized verdict: an RCT that concludes on safety only, or states no result,
  shows nothing about benefit either way.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).with_name("evidence_map.yaml")

CELL_TYPES: tuple[str, ...] = (
    "msc", "hsc", "bmac", "svf", "disc_cells", "chondrocytes", "ipsc", "esc", "cell_free",
    "other_stem_cells",
)
CONDITIONS: tuple[str, ...] = (
    "disc_degeneration", "disc_herniation", "spinal_stenosis", "spinal_osteoarthritis",
    "low_back_pain", "spondylolisthesis", "spinal_fusion", "spinal_cord_injury",
    "vertebral_fracture", "other_spine",
)
LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
LEVEL_LABELS: dict[int, str] = {
    1: "systematic review or meta-analysis of controlled studies",
    2: "randomized controlled trial",
    3: "non-randomized controlled study, prospective comparative cohort",
    4: "case series, single-arm trial, case-control, case report, retrospective uncontrolled",
    5: "preclinical (animal, in vitro), narrative review, expert opinion",
}
# vocabulary.md `result`; EFFICACY_RESULTS say whether the therapy worked
RESULTS: tuple[str, ...] = ("benefit", "no_difference", "mixed", "harm", "safety_only",
                            "not_reported")
EFFICACY_RESULTS: frozenset[str] = frozenset({"benefit", "no_difference", "mixed", "harm"})
NO_RESULT = "none"  # no result recorded for the study
ONGOING_STATUSES: frozenset[str] = frozenset(
    {"RECRUITING", "NOT_YET_RECRUITING", "ACTIVE_NOT_RECRUITING", "ENROLLING_BY_INVITATION"}
)
ENDED_STATUSES: frozenset[str] = frozenset({"COMPLETED", "TERMINATED", "WITHDRAWN"})
PRECLINICAL_POPULATIONS: frozenset[str] = frozenset({"animal", "in_vitro"})
TRIAL_RELATIONS: frozenset[str] = frozenset({"same_trial", "registered_as", "registration_of"})

METRICS: tuple[str, ...] = (
    "level_1", "level_2", "level_3", "level_4", "level_5", "reviews", "rcts",
    "randomized_participants", "rcts_with_result", "rcts_with_result_participants",
    "rcts_benefit", "rcts_benefit_participants", "controlled", "uncontrolled", "preclinical",
    "registrations", "ongoing_trials", "unpublished_trials",
)
_OPERATORS: dict[str, Callable[[int, int], bool]] = {
    "==": operator.eq, "!=": operator.ne, ">=": operator.ge, "<=": operator.le,
    ">": operator.gt, "<": operator.lt,
}
_CONDITION = re.compile(r"^\s*(\w+)\s*(==|!=|>=|<=|>|<)\s*(\w+)\s*$")


@dataclass(frozen=True)
class Condition:
    metric: str
    op: str
    value: str  # an integer, a threshold name or a metric name

    def holds(self, metrics: dict[str, int], thresholds: dict[str, int]) -> bool:
        right = (int(self.value) if self.value.isdigit()
                 else thresholds.get(self.value, metrics.get(self.value, 0)))
        return _OPERATORS[self.op](metrics[self.metric], right)

    def __str__(self) -> str:
        return f"{self.metric} {self.op} {self.value}"


@dataclass(frozen=True)
class VerdictRule:
    key: str
    verdict: str  # may name a metric in braces: "no published studies: {registrations} registered"
    colour: str
    when: tuple[Condition, ...]
    explain: str


@dataclass(frozen=True)
class EvidenceRules:
    """The verdict rule: thresholds and ordered rules (first match wins)."""

    thresholds: dict[str, int]
    rules: tuple[VerdictRule, ...]

    @property
    def min_rcts(self) -> int:
        return self.thresholds.get("min_rcts", 0)

    @property
    def min_randomized_participants(self) -> int:
        return self.thresholds.get("min_randomized_participants", 0)

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> EvidenceRules:
        """Build from the parsed YAML; a ValueError names what is wrong."""
        if not isinstance(config, dict):
            raise ValueError("evidence map rules must be a mapping with thresholds and rules")
        thresholds: dict[str, int] = {}
        for name, value in (config.get("thresholds") or {}).items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"evidence map threshold {name} must be a non-negative "
                                 f"integer, got {value!r}")
            if name in METRICS:
                raise ValueError(f"evidence map threshold {name} has the name of a metric")
            thresholds[str(name)] = value
        rules = []
        for number, item in enumerate(config.get("rules") or [], 1):
            if not isinstance(item, dict) or not item.get("key") or not item.get("verdict"):
                raise ValueError(f"evidence map rule {number} needs a key and a verdict")
            conditions = []
            for text in item.get("when") or []:
                match = _CONDITION.match(str(text))
                if not match:
                    raise ValueError(f"evidence map rule {item['key']}: cannot read condition "
                                     f"{text!r} (expected METRIC OP VALUE)")
                metric, op, value = match.groups()
                if metric not in METRICS:
                    raise ValueError(f"evidence map rule {item['key']}: unknown metric {metric!r}")
                if not value.isdigit() and value not in thresholds and value not in METRICS:
                    raise ValueError(f"evidence map rule {item['key']}: unknown value {value!r}")
                conditions.append(Condition(metric, op, value))
            rules.append(VerdictRule(str(item["key"]), str(item["verdict"]),
                                     str(item.get("colour") or "none"), tuple(conditions),
                                     " ".join(str(item.get("explain") or "").split())))
        if not rules or rules[-1].when:
            raise ValueError("the last evidence map rule must have no condition (the fallback)")
        return cls(thresholds, tuple(rules))

    def describe(self) -> list[dict[str, str]]:
        """The rule in words, in order, for the page and the table of rules."""
        return [{"key": rule.key, "verdict": rule.verdict, "colour": rule.colour,
                 "conditions": " and ".join(str(c) for c in rule.when) or "otherwise",
                 "explain": rule.explain.format(**self.thresholds)} for rule in self.rules]


@dataclass
class EvidenceCell:
    """One cell type x condition pair."""

    cell_type: str
    condition: str
    # trials (deduplicated publications) by level 1-5; levels 1-4 are human studies only
    levels: dict[int, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    best_level: int | None = None
    publications: int = 0  # non-retracted publications tagged with the pair (before dedup)
    retracted: int = 0  # retracted publications left out
    not_counted: int = 0  # publications without a usable level or population
    rcts: int = 0
    randomized_participants: int = 0
    rct_results: dict[str, int] = field(default_factory=dict)
    rct_result_participants: dict[str, int] = field(default_factory=dict)  # participants by result
    controlled_results: dict[str, int] = field(default_factory=dict)  # levels 2 and 3
    uncontrolled_results: dict[str, int] = field(default_factory=dict)  # level 4
    review_results: dict[str, int] = field(default_factory=dict)  # level 1
    registrations: int = 0
    ongoing_trials: int = 0
    unpublished_trials: int = 0
    verdict: str = "no studies"
    verdict_key: str = "no_studies"
    colour: str = "none"
    why: str = ""
    study_ids: list[str] = field(default_factory=list)  # counted publications
    trials: list[list[str]] = field(default_factory=list)  # counted publications, by trial
    registration_ids: list[str] = field(default_factory=list)
    ongoing_ids: list[str] = field(default_factory=list)
    unpublished_ids: list[str] = field(default_factory=list)
    retracted_ids: list[str] = field(default_factory=list)
    not_counted_ids: list[str] = field(default_factory=list)

    @property
    def has_studies(self) -> bool:
        return bool(self.publications or self.registrations or self.retracted)

    @property
    def controlled(self) -> int:
        return self.levels[2] + self.levels[3]

    def metrics(self) -> dict[str, int]:
        rct_with_result = sum(n for r, n in self.rct_results.items() if r in EFFICACY_RESULTS)
        with_result_participants = sum(n for r, n in self.rct_result_participants.items()
                                       if r in EFFICACY_RESULTS)
        return {
            **{f"level_{level}": self.levels[level] for level in LEVELS},
            "reviews": self.levels[1], "rcts": self.rcts,
            "randomized_participants": self.randomized_participants,
            "rcts_with_result": rct_with_result,
            "rcts_with_result_participants": with_result_participants,
            "rcts_benefit": self.rct_results.get("benefit", 0),
            "rcts_benefit_participants": self.rct_result_participants.get("benefit", 0),
            "controlled": self.controlled, "uncontrolled": self.levels[4],
            "preclinical": self.levels[5], "registrations": self.registrations,
            "ongoing_trials": self.ongoing_trials, "unpublished_trials": self.unpublished_trials,
        }

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["levels"] = {str(level): count for level, count in self.levels.items()}
        return data


@dataclass
class EvidenceMap:
    cell_types: list[str]
    conditions: list[str]
    rules: EvidenceRules
    cells: dict[tuple[str, str], EvidenceCell]

    def cell(self, cell_type: str, condition: str) -> EvidenceCell:
        return self.cells[(cell_type, condition)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "thresholds": dict(self.rules.thresholds),
            "rules": self.rules.describe(),
            "cell_types": self.cell_types,
            "conditions": self.conditions,
            "cells": [
                self.cells[(ct, co)].as_dict() for ct in self.cell_types for co in self.conditions
            ],
        }


def _as_list(value: Any) -> list[str]:
    """Tag columns arrive as lists or as JSON array text (straight from SQLite)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return [value]
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value if item not in (None, "")]


def _as_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _Trials:
    """Union-find over study ids: reports of one real-world trial end in one set."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def effective_level(study: dict[str, Any]) -> int | None:
    """The level a publication counts at on the map, or None when it does not count."""
    level = _as_int(study.get("evidence_level"))
    population = study.get("population") or "unknown"
    if population in PRECLINICAL_POPULATIONS:
        return 5
    if level == 5:
        return 5
    if level in (1, 2, 3, 4) and population == "human":
        return level
    return None


def is_unpublished(status: str | None, has_results: Any, published: bool) -> bool:
    """The one definition of a trial that ended without a published result, for the map and the
    ``unpublished_trials`` query (which lists the map's ids): a registration whose status says it
    ended (COMPLETED, TERMINATED or WITHDRAWN) with no result anywhere: no publication reports it
    (``published``: a registration_of / registered_as link) and no results are posted on
    ClinicalTrials.gov (``has_results``). The status decides that a trial ended, so a missing
    completion date does not keep it out (the pages show the date as not given)."""
    return ((status or "").upper() in ENDED_STATUSES and not published
            and not _as_int(has_results))


def study_result(study: dict[str, Any]) -> str:
    result = study.get("result")
    return result if result in RESULTS else NO_RESULT


def _report_rank(report: tuple[int, int, str, int, str]) -> tuple[int, int, int, int, str]:
    """Which report of a trial speaks for it: best level, then an efficacy result, then any
    result, then the latest year, then the study id (deterministic)."""
    level, size, result, year, study_id = report
    return (level, result not in EFFICACY_RESULTS, result == NO_RESULT, -year, study_id)


def verdict(cell: EvidenceCell, rules: EvidenceRules) -> VerdictRule:
    """The first rule whose conditions hold for the cell (the last rule always holds)."""
    metrics = cell.metrics()
    for rule in rules.rules:
        if all(condition.holds(metrics, rules.thresholds) for condition in rule.when):
            return rule
    return rules.rules[-1]


def _ordered(known: Sequence[str], seen: Iterable[str]) -> list[str]:
    """The vocabulary order, then values found in the data but not in it (sorted)."""
    extra = sorted(set(seen) - set(known))
    return list(known) + extra


def _count(counts: dict[str, int], key: str) -> None:
    counts[key] = counts.get(key, 0) + 1


def build_map(
    studies: Iterable[dict[str, Any]],
    links: Iterable[dict[str, Any]],
    rules: EvidenceRules,
    cell_types: Sequence[str] = CELL_TYPES,
    conditions: Sequence[str] = CONDITIONS,
) -> EvidenceMap:
    """Aggregate studies into the cell type x condition map.

    ``studies``: dicts with study_id, kind, cell_types, conditions (lists or JSON text), design,
    evidence_level, population, sample_size, retracted, status, has_results, year, result.
    ``links``: dicts with study_id, other_study_id, relation. Values outside the vocabulary get
    rows/columns after it.
    """
    trials = _Trials()
    published: set[str] = set()
    for link in links:
        relation = link.get("relation")
        a, b = link.get("study_id"), link.get("other_study_id")
        if not a or not b:
            continue
        if relation in TRIAL_RELATIONS:
            trials.union(a, b)
        if relation == "registration_of":
            published.add(a)
        elif relation == "registered_as":
            published.add(b)

    prepared = []
    for study in studies:
        prepared.append((study, _as_list(study.get("cell_types")),
                         _as_list(study.get("conditions"))))
    row_keys = _ordered(cell_types, (ct for _, cts, _ in prepared for ct in cts))
    column_keys = _ordered(conditions, (co for _, _, cos in prepared for co in cos))
    cells = {(ct, co): EvidenceCell(ct, co) for ct in row_keys for co in column_keys}

    # per cell: trial root -> its counted reports (level, size, result, year, study_id)
    groups: dict[tuple[str, str], dict[str, list[tuple[int, int, str, int, str]]]] = {}
    for study, study_cell_types, study_conditions in prepared:
        study_id = str(study.get("study_id"))
        is_registration = study.get("kind") == "registration"
        level = None if is_registration else effective_level(study)
        report = (level or 0, _as_int(study.get("sample_size")) or 0, study_result(study),
                  _as_int(study.get("year")) or 0, study_id)
        for key in sorted({(ct, co) for ct in study_cell_types for co in study_conditions}):
            cell = cells[key]
            if is_registration:
                cell.registrations += 1
                cell.registration_ids.append(study_id)
                status = (study.get("status") or "").upper()
                if status in ONGOING_STATUSES:
                    cell.ongoing_trials += 1
                    cell.ongoing_ids.append(study_id)
                elif is_unpublished(status, study.get("has_results"), study_id in published):
                    cell.unpublished_trials += 1
                    cell.unpublished_ids.append(study_id)
                continue
            if _as_int(study.get("retracted")):
                cell.retracted += 1
                cell.retracted_ids.append(study_id)
                continue
            cell.publications += 1
            if level is None:
                cell.not_counted += 1
                cell.not_counted_ids.append(study_id)
                continue
            cell.study_ids.append(study_id)
            groups.setdefault(key, {}).setdefault(trials.find(study_id), []).append(report)

    for key, cell_groups in groups.items():
        cell = cells[key]
        for reports in sorted(cell_groups.values(), key=lambda r: min(_report_rank(x) for x in r)):
            best = min(reports, key=_report_rank)
            level, result = best[0], best[2]
            participants = max(report[1] for report in reports)
            cell.levels[level] += 1
            cell.trials.append(sorted(report[4] for report in reports))
            if level == 1:
                _count(cell.review_results, result)
            elif level in (2, 3):
                _count(cell.controlled_results, result)
                if level == 2:
                    cell.rcts += 1
                    cell.randomized_participants += participants
                    _count(cell.rct_results, result)
                    cell.rct_result_participants[result] = (
                        cell.rct_result_participants.get(result, 0) + participants)
            elif level == 4:
                _count(cell.uncontrolled_results, result)
        cell.best_level = min((level for level in LEVELS if cell.levels[level]), default=None)
    for cell in cells.values():
        rule = verdict(cell, rules)
        metrics = cell.metrics()
        cell.verdict = rule.verdict.format(**metrics)
        cell.verdict_key, cell.colour = rule.key, rule.colour
        cell.why = rule.explain.format(**rules.thresholds, **metrics)
    return EvidenceMap(row_keys, column_keys, rules, cells)
