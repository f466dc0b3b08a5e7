"""Derives ``studies``, ``study_tags`` and ``links`` from the stored ``records``.

Everything here is recomputed from ``records`` every time (merge -> links -> assess -> curation),
then written in one transaction: the derived tables are never half-written, and rebuilding twice
gives the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from db.links import find_links
from db.merge import MergedStudy, merge_records, record_key
from db.schema import FACET_COLUMNS
from evidence.assess import Assessment, assess
from evidence.curation import CurationEntry, apply_curation
from evidence.vocabulary import Vocabulary


@dataclass
class BuildSummary:
    records: int
    studies: int
    tags: int
    links: int


def study_row(study: MergedStudy, assessment: Assessment, seen: dict[str, tuple[str, str]]
              ) -> dict[str, Any]:
    """The full ``studies`` row: merged fields, assessment and the facet JSON arrays."""
    row = study.row()
    row.update(design=assessment.design, population=assessment.population,
               evidence_level=assessment.evidence_level, sample_size=assessment.sample_size,
               retracted=int(assessment.retracted))
    for facet, column in FACET_COLUMNS.items():
        row[column] = json.dumps(assessment.values(facet))
    times = [seen[source] for source in study.sources if source in seen]
    row["first_seen"] = min((t[0] for t in times if t[0]), default=None)
    row["updated"] = max((t[1] for t in times if t[1]), default=None)
    return row


def tag_rows(study_id: str, assessment: Assessment) -> Iterable[dict[str, Any]]:
    for tag in assessment.tags:
        yield {"study_id": study_id, "facet": tag.facet, "value": str(tag.value),
               "field": tag.field, "matched_text": tag.matched_text, "origin": tag.origin,
               "note": tag.note or None}


def rebuild_studies(db: Database, vocabulary: Vocabulary,
                    curation: list[CurationEntry]) -> BuildSummary:
    records: list[dict[str, Any]] = []
    seen: dict[str, tuple[str, str]] = {}
    for row in db.query("select data, first_seen, fetched_at from records "
                        "order by source, source_id"):
        record = json.loads(row["data"])
        records.append(record)
        seen[record_key(record)] = (row["first_seen"], row["fetched_at"])
    studies = merge_records(records)
    links = find_links(studies)
    rows, tags = [], []
    for study in studies:
        assessment = apply_curation(study.study_id, assess(study.doc, vocabulary), curation)
        rows.append(study_row(study, assessment, seen))
        tags.extend(tag_rows(study.study_id, assessment))
    with db.atomic():
        db.execute("delete from study_tags")
        db.execute("delete from links")
        db.execute("delete from studies")
        db["studies"].insert_all(rows)
        db["study_tags"].insert_all(tags)
        db["links"].insert_all([{"study_id": link.study_id,
                                 "other_study_id": link.other_study_id,
                                 "relation": link.relation, "evidence": link.evidence}
                                for link in links])
    return BuildSummary(records=len(records), studies=len(rows), tags=len(tags),
                        links=len(links))


def reparse_records(db: Database, parse: Any) -> tuple[int, list[str]]:
    """Re-read every stored raw payload with ``parse(source, raw) -> record`` and store the new
    parsed data where it changed. Returns (changed, problems); a payload that no longer parses
    keeps its previous data and is reported."""
    changed, problems = 0, []
    with db.atomic():
        for row in db.query("select source, source_id, data, raw from records"):
            try:
                record = parse(row["source"], row["raw"]).as_dict()
            except ValueError as exc:
                problems.append(f"{row['source']}:{row['source_id']}: {exc}")
                continue
            data = json.dumps(record, ensure_ascii=False, sort_keys=True)
            if data != row["data"]:
                db["records"].update((row["source"], row["source_id"]), {
                    "data": data, "title": record.get("title"), "year": record.get("year"),
                    "pmid": record.get("pmid"), "pmcid": record.get("pmcid"),
                    "doi": record.get("doi"), "nct_id": record.get("nct_id"),
                    "revised": record.get("revised")})
                changed += 1
    return changed, problems
