"""The evidence map: one cell per cell type x condition pair, with the verdict of domain.md.

Pure: no I/O. The caller reads ``studies`` and ``links`` and passes plain dicts.

Counting rules (domain.md, "The evidence map's verdict"), made precise here:

- Only publications are evidence. Retracted publications never count. Registrations are counted
  apart: ongoing trials, and completed trials without a published result.
- Clinical levels (1-4) count human studies only. An animal or in vitro study is preclinical
  evidence (level 5) whatever its design; a level-5 human report (narrative review, expert
  opinion) is level 5 too. A publication with no level (editorial, protocol) or an unknown
  population at a clinical level is not counted (``not_counted``).
- Each real-world trial counts once: publications tied by a ``same_trial`` link, or registered as
  the same registration (``registered_as`` / ``registration_of``), form one trial, which takes
  the best level and the largest sample size of its reports in that cell.
- An RCT is a trial whose best level is 2; randomized participants add up over RCTs. Systematic
  reviews (level 1) are shown, but the verdict is built from primary trials: a pair whose
  controlled evidence holds no RCT reads "non-randomized controlled evidence only".
- A pair with registrations but no counted publication reads "no studies": a registration is not
  evidence of benefit; its count is shown beside the verdict.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

CELL_TYPES: tuple[str, ...] = (
    "msc", "hsc", "bmac", "svf", "disc_cells", "chondrocytes", "ipsc", "esc", "cell_free",
    "other_stem_cells",
)
CONDITIONS: tuple[str, ...] = (
    "disc_degeneration", "disc_herniation", "spinal_stenosis", "spinal_osteoarthritis",
    "low_back_pain", "spondylolisthesis", "spinal_fusion", "spinal_cord_injury",
    "vertebral_fracture", "other_spine",
)
CELL_TYPE_LABELS: dict[str, str] = {
    "msc": "Mesenchymal stem/stromal cells (MSC)",
    "hsc": "Hematopoietic stem cells (HSC)",
    "bmac": "Bone marrow aspirate concentrate (BMAC)",
    "svf": "Stromal vascular fraction (SVF)",
    "disc_cells": "Disc cells (nucleus pulposus, notochordal, disc progenitor)",
    "chondrocytes": "Chondrocytes (not from the disc)",
    "ipsc": "Induced pluripotent stem cells (iPSC)",
    "esc": "Embryonic stem cells (ESC)",
    "cell_free": "Cell-free (exosomes, secretome)",
    "other_stem_cells": "Other or unspecified stem cells",
}
CONDITION_LABELS: dict[str, str] = {
    "disc_degeneration": "Disc degeneration",
    "disc_herniation": "Disc herniation",
    "spinal_stenosis": "Spinal stenosis",
    "spinal_osteoarthritis": "Facet / spinal osteoarthritis",
    "low_back_pain": "Low back or neck pain",
    "spondylolisthesis": "Spondylolisthesis",
    "spinal_fusion": "Spinal fusion",
    "spinal_cord_injury": "Spinal cord injury",
    "vertebral_fracture": "Vertebral fracture",
    "other_spine": "Other spine",
}
LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
LEVEL_LABELS: dict[int, str] = {
    1: "systematic review or meta-analysis of controlled studies",
    2: "randomized controlled trial",
    3: "non-randomized controlled study, prospective comparative cohort",
    4: "case series, single-arm trial, case-control, case report, retrospective uncontrolled",
    5: "preclinical (animal, in vitro), narrative review, expert opinion",
}
ONGOING_STATUSES: frozenset[str] = frozenset(
    {"RECRUITING", "NOT_YET_RECRUITING", "ACTIVE_NOT_RECRUITING", "ENROLLING_BY_INVITATION"}
)
PRECLINICAL_POPULATIONS: frozenset[str] = frozenset({"animal", "in_vitro"})
TRIAL_RELATIONS: frozenset[str] = frozenset({"same_trial", "registered_as", "registration_of"})

NO_STUDIES = "no studies"
PRECLINICAL_ONLY = "preclinical only: no clinical evidence"
UNCONTROLLED_ONLY = "uncontrolled studies only: more research needed"
NON_RANDOMIZED_ONLY = "non-randomized controlled evidence only: more research needed"
LIMITED_RANDOMIZED = "limited randomized evidence: more research needed"
SEVERAL_RANDOMIZED = "randomized evidence from several trials: see their results"
VERDICTS: tuple[str, ...] = (
    NO_STUDIES, PRECLINICAL_ONLY, UNCONTROLLED_ONLY, NON_RANDOMIZED_ONLY, LIMITED_RANDOMIZED,
    SEVERAL_RANDOMIZED,
)


@dataclass(frozen=True)
class EvidenceRules:
    """Thresholds of the verdict rule (domain.md defaults)."""

    min_rcts: int = 2
    min_randomized_participants: int = 300

    @classmethod
    def from_config(cls, config: dict[str, Any] | None) -> EvidenceRules:
        """Build from plugin configuration; unknown keys are ignored, values must be integers."""
        config = config or {}
        values: dict[str, int] = {}
        for name in ("min_rcts", "min_randomized_participants"):
            if config.get(name) is not None:
                value = config[name]
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValueError(f"evidence map rule {name} must be a non-negative integer, "
                                     f"got {value!r}")
                values[name] = value
        return cls(**values)


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
    registrations: int = 0
    ongoing_trials: int = 0
    completed_unpublished: int = 0
    verdict: str = NO_STUDIES
    study_ids: list[str] = field(default_factory=list)

    @property
    def has_studies(self) -> bool:
        return bool(self.publications or self.registrations or self.retracted)

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
            "rules": asdict(self.rules),
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


def verdict(cell: EvidenceCell, rules: EvidenceRules) -> str:
    """domain.md's verdict for one cell whose counts are filled in."""
    clinical = [level for level in (1, 2, 3, 4) if cell.levels[level]]
    if not any(cell.levels.values()):
        return NO_STUDIES
    if not clinical:
        return PRECLINICAL_ONLY
    if cell.rcts >= 1:
        if (cell.rcts >= rules.min_rcts
                and cell.randomized_participants >= rules.min_randomized_participants):
            return SEVERAL_RANDOMIZED
        return LIMITED_RANDOMIZED
    if min(clinical) <= 3:
        return NON_RANDOMIZED_ONLY
    return UNCONTROLLED_ONLY


def _ordered(known: Sequence[str], seen: Iterable[str]) -> list[str]:
    """The vocabulary order, then values found in the data but not in it (sorted)."""
    extra = sorted(set(seen) - set(known))
    return list(known) + extra


def build_map(
    studies: list[dict[str, Any]],
    links: list[dict[str, Any]],
    rules: EvidenceRules | None = None,
    cell_types: Sequence[str] = CELL_TYPES,
    conditions: Sequence[str] = CONDITIONS,
) -> EvidenceMap:
    """Aggregate studies into the cell type x condition map.

    ``studies``: dicts with study_id, kind, cell_types, conditions (lists or JSON text), design,
    evidence_level, population, sample_size, retracted, status. ``links``: dicts with study_id,
    other_study_id, relation. Values outside the vocabulary get rows/columns after it.
    """
    rules = rules or EvidenceRules()
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

    # per cell: trial root -> (best level, max participants)
    groups: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}
    for study, study_cell_types, study_conditions in prepared:
        study_id = str(study.get("study_id"))
        is_registration = study.get("kind") == "registration"
        level = None if is_registration else effective_level(study)
        size = _as_int(study.get("sample_size")) or 0
        for key in {(ct, co) for ct in study_cell_types for co in study_conditions}:
            cell = cells[key]
            cell.study_ids.append(study_id)
            if is_registration:
                cell.registrations += 1
                status = (study.get("status") or "").upper()
                if status in ONGOING_STATUSES:
                    cell.ongoing_trials += 1
                elif status == "COMPLETED" and study_id not in published:
                    cell.completed_unpublished += 1
                continue
            if _as_int(study.get("retracted")):
                cell.retracted += 1
                continue
            cell.publications += 1
            if level is None:
                cell.not_counted += 1
                continue
            cell_groups = groups.setdefault(key, {})
            root = trials.find(study_id)
            best, participants = cell_groups.get(root, (level, 0))
            cell_groups[root] = (min(best, level), max(participants, size))

    for key, cell_groups in groups.items():
        cell = cells[key]
        for best, participants in cell_groups.values():
            cell.levels[best] += 1
            if best == 2:
                cell.rcts += 1
                cell.randomized_participants += participants
        cell.best_level = min(level for level in LEVELS if cell.levels[level]) \
            if any(cell.levels.values()) else None
    for cell in cells.values():
        cell.verdict = verdict(cell, rules)
    return EvidenceMap(row_keys, column_keys, rules, cells)
