"""The evidence map as derived tables, written at build time so that pages never aggregate
studies per request (issue 11: a million studies).

- ``evidence_map_cells``: one row per cell type x condition (the whole vocabulary grid, plus
  values found in the data), with the counts, what the trials found, the verdict, its colour and
  why, and the study ids each count came from (JSON arrays).
- ``evidence_map_rules``: the verdict rule the cells were built with, in order (from
  ``evidence/evidence_map.yaml``), so the page shows the rule that produced the colours.

The aggregation itself is the pure ``evidence.evidence_map.build_map``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from sqlite_utils import Database

from evidence.evidence_map import (
    RESULTS,
    RULES_FILE,
    TRIAL_RELATIONS,
    EvidenceCell,
    EvidenceRules,
    build_map,
)

CELLS_TABLE = "evidence_map_cells"
RULES_TABLE = "evidence_map_rules"
STUDY_COLUMNS = ("study_id", "kind", "cell_types", "conditions", "design", "evidence_level",
                 "population", "sample_size", "retracted", "status", "has_results", "year",
                 "result")
# the links that tie reports into one trial, as an SQL list
TRIAL_LINKS = "(" + ", ".join(f"'{relation}'" for relation in sorted(TRIAL_RELATIONS)) + ")"
ID_LISTS = ("study_ids", "trials", "registration_ids", "ongoing_ids", "unpublished_ids",
            "retracted_ids", "not_counted_ids")


def load_rules(path: str | Path = RULES_FILE) -> EvidenceRules:
    """The verdict rule from its YAML file; a ValueError names the file and what is wrong."""
    try:
        config = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return EvidenceRules.from_config(config)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise ValueError(f"{path}: {exc}") from exc


def cell_row(cell: EvidenceCell, order: int) -> dict[str, Any]:
    row: dict[str, Any] = {
        "cell_type": cell.cell_type, "condition": cell.condition, "position": order,
        "verdict": cell.verdict, "verdict_key": cell.verdict_key, "colour": cell.colour,
        "why": cell.why, "best_level": cell.best_level,
    }
    row.update({f"level_{level}": count for level, count in cell.levels.items()})
    row.update(publications=cell.publications, retracted=cell.retracted,
               not_counted=cell.not_counted, rcts=cell.rcts,
               randomized_participants=cell.randomized_participants)
    for result in RESULTS[:4]:
        row[f"rct_{result}"] = cell.rct_results.get(result, 0)
    for result in RESULTS[:4]:
        row[f"controlled_{result}"] = cell.controlled_results.get(result, 0)
    row["controlled_other"] = cell.controlled - sum(row[f"controlled_{r}"] for r in RESULTS[:4])
    row["uncontrolled"] = cell.levels[4]
    row["uncontrolled_improved"] = cell.uncontrolled_results.get("benefit", 0)
    for name in ("rct_results", "controlled_results", "uncontrolled_results", "review_results"):
        row[name] = json.dumps(getattr(cell, name), sort_keys=True)
    row.update(registrations=cell.registrations, ongoing_trials=cell.ongoing_trials,
               unpublished_trials=cell.unpublished_trials,
               has_studies=int(cell.has_studies))
    for name in ID_LISTS:
        row[name] = json.dumps(getattr(cell, name))
    return row


def _study_select(db: Database) -> str:
    columns = set(db["studies"].columns_dict)
    return ", ".join(c if c in columns else f"null as {c}" for c in STUDY_COLUMNS)


def map_inputs(db: Database, study_ids: set[str]
               ) -> tuple[list[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """What the map reads of these studies: their rows and the trial links that touch them. When
    a derive's changed studies read the same before and after, the map is what it was."""
    ids = json.dumps(sorted(study_ids))
    rows = db.execute(f"select {_study_select(db)} from studies where study_id in "
                      "(select value from json_each(?)) order by study_id", [ids]).fetchall()
    links = set(db.execute(
        f"select study_id, other_study_id, relation from links where relation in {TRIAL_LINKS} "
        "and (study_id in (select value from json_each(?)) or other_study_id in "
        "(select value from json_each(?)))", [ids, ids]).fetchall())
    return rows, links


def has_evidence_map(db: Database) -> bool:
    return db[CELLS_TABLE].exists() and db[RULES_TABLE].exists()


def write_evidence_map(db: Database, rules: EvidenceRules | None = None) -> int:
    """(Re)write both tables from ``studies`` and ``links``; returns the number of cells with
    studies. Call it inside the build's transaction so readers never see half a map."""
    rules = rules or load_rules()
    # in study id order: the id lists are then the same after any incremental derive as after
    # a full rebuild (the table's own order is the order rows were written in)
    studies = db.query(f"select {_study_select(db)} from studies order by study_id")
    links = db.query(f"select study_id, other_study_id, relation from links where relation in "
                     f"{TRIAL_LINKS}")
    evidence_map = build_map(studies, links, rules)
    rows = [cell_row(evidence_map.cells[(ct, co)], order)
            for order, (ct, co) in enumerate(
                (ct, co) for ct in evidence_map.cell_types for co in evidence_map.conditions)]
    for table in (CELLS_TABLE, RULES_TABLE):
        db[table].drop(ignore=True)
    db[CELLS_TABLE].insert_all(rows, pk=("cell_type", "condition"))
    db[CELLS_TABLE].create_index(["position"])
    db[RULES_TABLE].insert_all(
        [{"position": number, **rule, "thresholds": json.dumps(rules.thresholds)}
         for number, rule in enumerate(rules.describe(), 1)], pk="position")
    return sum(1 for row in rows if row["has_studies"])
