"""Merge source records into studies: one study per report, deduplicated across sources.

Pure functions over ``SourceRecord.as_dict()`` dicts (no SQLite): the store writes the results.

Dedup rules (design.md, corpus README "Dedup and link cases"):

- Publications are the same report when they share a PMID, a DOI (case-insensitive) or a PMCID
  (union-find over shared identifiers). Two groups that would end up with two different PMIDs are
  never joined: a PMID names exactly one report.
- A preprint (Europe PMC source ``PPR``, ``extra.preprint`` or publication type "Preprint") joins
  its later journal version when the normalised titles match (rapidfuzz ``token_sort_ratio`` >=
  95), the journal year is 0-2 years after the preprint year, and the first authors' last names
  agree when both records have one. Different DOIs do not matter: preprint servers mint their own.
- Registrations merge only with registrations, by NCT id; a registration is never merged with a
  publication (``db.links`` ties them instead).
- Anything else stays apart: two papers of one cohort with no shared identifier are two studies.

Best source per field (``_record_rank``): for publications PubMed, then Europe PMC (MED/PMC before
PPR), then any other source, preprints last, so a journal version wins over its preprint; for
registrations ClinicalTrials.gov first. Each field takes the first non-empty value in that order,
except: the abstract is PubMed's when it has one, else the longest non-empty abstract (its sections
come with it); ``nct_ids`` and ``comments_corrections`` are unions; ``extra`` is merged key by key
(so Europe PMC's ``cited_by`` / ``is_open_access`` are kept next to PubMed's keys) with
``extra.preprint`` true only when every record of the study is a preprint (a journal version keeps
its own extras and lists its preprints in ``extra.preprints``); ``revised`` is the latest.
``doc["ids"]`` lists every PMID, PMCID, DOI and NCT id of the merged records.

Deterministic and idempotent: records are sorted by ``source:source_id`` first, so the same records
in any order give identical output; no timestamps, no set or dict order leaks.
"""

from __future__ import annotations

import bisect
import copy
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

TITLE_MATCH_MIN = 95  # rapidfuzz token_sort_ratio on normalised titles
PREPRINT_MAX_YEARS = 2  # journal version published 0..2 years after the preprint

KINDS = ("publication", "registration")

# Lower rank = better source for bibliographic fields.
_SOURCE_RANK: dict[str, dict[str, int]] = {
    "publication": {"pubmed": 0, "europepmc": 1},
    "registration": {"clinicaltrials": 0},
}

# Fields taken from the best record that has a non-empty value.
_FIRST_NON_EMPTY = (
    "title",
    "year",
    "pub_date",
    "pmid",
    "pmcid",
    "doi",
    "nct_id",
    "authors",
    "journal",
    "volume",
    "issue",
    "pages",
    "language",
    "vernacular_title",
    "publication_types",
    "mesh",
    "keywords",
    "grants",
    "status",
    "registry",
)


@dataclass
class MergedStudy:
    """One report (publication or registration) merged across its source records."""

    study_id: str
    kind: str
    sources: list[str]  # sorted "source:source_id"
    doc: dict[str, Any] = field(default_factory=dict)  # SourceRecord.as_dict() shape, merged

    def row(self) -> dict[str, Any]:
        """The non-tag columns of the ``studies`` table (db/schema.py) for this study."""
        doc = self.doc
        registry = doc.get("registry") or {}
        names = [a.get("name") for a in doc.get("authors") or [] if a.get("name")]
        is_registration = self.kind == "registration"
        phases = registry.get("phases") or []
        has_results = registry.get("has_results")
        return {
            "study_id": self.study_id,
            "kind": self.kind,
            "title": doc.get("title") or None,
            "abstract": doc.get("abstract") or None,
            "year": doc.get("year"),
            "pub_date": doc.get("pub_date") or None,
            "journal": doc.get("journal") or None,
            "authors": json.dumps(names, ensure_ascii=False),
            "first_author": names[0] if names else None,
            "pmid": doc.get("pmid") or None,
            "pmcid": doc.get("pmcid") or None,
            "doi": doc.get("doi") or None,
            "nct_id": doc.get("nct_id") or None,
            "publication_types": json.dumps(doc.get("publication_types") or [], ensure_ascii=False),
            "status": (registry.get("overall_status") or doc.get("status") or None)
            if is_registration
            else None,
            "phase": "/".join(str(p) for p in phases) if phases else None,
            "why_stopped": registry.get("why_stopped") or None,
            "start_date": registry.get("start_date") or None,
            "completion_date": registry.get("completion_date") or None,
            "has_results": int(bool(has_results))
            if is_registration and has_results is not None
            else None,
            "sources": json.dumps(self.sources),
        }


def record_key(record: dict[str, Any]) -> str:
    """``source:source_id``, the identity of one source record."""
    return f"{record['source']}:{record['source_id']}"


def normalise_title(title: str | None) -> str:
    """Lower-cased, accent-folded, punctuation-stripped title with single spaces."""
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def is_preprint(record: dict[str, Any]) -> bool:
    """A preprint: Europe PMC source PPR, ``extra.preprint``, or publication type Preprint."""
    if record.get("source") == "europepmc" and str(record.get("source_id", "")).startswith("PPR:"):
        return True
    if (record.get("extra") or {}).get("preprint"):
        return True
    return any(str(t).lower() == "preprint" for t in record.get("publication_types") or [])


def merge_records(records: list[dict[str, Any]]) -> list[MergedStudy]:
    """Merge source records into studies, sorted by study_id (see the module docstring)."""
    unique = _unique_records(records)
    by_key = {record_key(r): r for r in unique}
    groups = group_identities([identity(r) for r in unique])
    studies = [build_study([by_key[key] for key in group]) for group in groups]
    seen: dict[str, MergedStudy] = {}
    for study in studies:
        if study.study_id in seen:
            raise ValueError(
                f"two studies got the id {study.study_id!r}: "
                f"{seen[study.study_id].sources} and {study.sources}"
            )
        seen[study.study_id] = study
    return sorted(studies, key=lambda s: s.study_id)


# ------------------------------------------------------------------------------------------------
# input


def _unique_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validate, and keep one record per ``source:source_id`` (the latest revision), sorted."""
    by_key: dict[str, dict[str, Any]] = {}
    for record in records:
        check_record(record)
        key = record_key(record)
        current = by_key.get(key)
        if current is None or _version_key(record) > _version_key(current):
            by_key[key] = record
    return [by_key[key] for key in sorted(by_key)]


def check_record(record: Any) -> None:
    """Raise ValueError unless ``record`` is a record dict the merge can use."""
    if not isinstance(record, dict):
        raise ValueError(f"a record must be a dict (SourceRecord.as_dict()), got {record!r}")
    if not record.get("source") or not record.get("source_id"):
        raise ValueError(f"record without source or source_id: {record.get('title')!r}")
    if record.get("kind") not in KINDS:
        raise ValueError(
            f"record {record_key(record)} has kind {record.get('kind')!r}, "
            f"expected one of {KINDS}"
        )


def _version_key(record: dict[str, Any]) -> tuple[str, str, str]:
    registry = record.get("registry") or {}
    return (
        str(record.get("revised") or ""),
        str(registry.get("last_update") or ""),
        json.dumps(record, sort_keys=True, default=str),
    )


# ------------------------------------------------------------------------------------------------
# grouping: from a compact identity per record, so that the build can group every stored record
# without reading every payload


@dataclass(frozen=True, slots=True)
class Identity:
    """What grouping needs of one record: its ids, its source rank and its match profile.

    ``title`` is the normalised title, None when the record has no title; ``first_last`` is the
    normalised last name of the first author, "" for a collective or unnamed first author, None
    when the record lists no authors.
    """

    key: str
    kind: str
    pmid: str
    doi: str
    pmcid: str
    nct: str
    preprint: bool
    rank: int  # source rank within the kind (_SOURCE_RANK)
    title: str | None
    year: int | None
    first_last: str | None

    def order(self) -> tuple[int, int, str]:
        """Best source first (see ``_record_rank``)."""
        return (int(self.preprint), self.rank, self.key)


def identity(record: dict[str, Any]) -> Identity:
    """The grouping identity of one record dict."""
    check_record(record)
    ranks = _SOURCE_RANK.get(record["kind"], {})
    authors = record.get("authors") or []
    first_last: str | None = None
    if authors:
        first = authors[0]
        first_last = (normalise_title(first["last"])
                      if not first.get("collective") and first.get("last") else "")
    return Identity(
        key=record_key(record), kind=record["kind"],
        pmid=str(record.get("pmid") or "").strip(),
        doi=str(record.get("doi") or "").strip().lower(),
        pmcid=str(record.get("pmcid") or "").strip().upper(),
        nct=str(record.get("nct_id") or "").strip().upper(),
        preprint=is_preprint(record), rank=ranks.get(record.get("source", ""), len(ranks)),
        title=normalise_title(record.get("title")) if record.get("title") else None,
        year=_as_int(record.get("year")), first_last=first_last,
    )


def group_identities(identities: list[Identity]) -> list[list[str]]:
    """Record keys grouped into studies (each group sorted by key; groups in order of their
    first key). Keys must be distinct."""
    ordered = sorted(identities, key=lambda i: i.key)
    publications = [i for i in ordered if i.kind == "publication"]
    registrations = [i for i in ordered if i.kind == "registration"]
    groups = _publication_groups(publications) + _registration_groups(registrations)
    return sorted(groups, key=lambda g: g[0])


class _UnionFind:
    """Union-find over record indexes that refuses to join two different PMIDs."""

    def __init__(self, records: list[Identity]) -> None:
        self.parent = list(range(len(records)))
        self.pmids: list[set[str]] = [{r.pmid} if r.pmid else set() for r in records]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if len(self.pmids[ra] | self.pmids[rb]) > 1:
            return False
        low, high = min(ra, rb), max(ra, rb)  # smallest index is the root: order-stable
        self.parent[high] = low
        self.pmids[low] |= self.pmids[high]
        self.pmids[high] = set()
        return True

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return [out[root] for root in sorted(out)]


def _publication_groups(records: list[Identity]) -> list[list[str]]:
    uf = _UnionFind(records)
    first_with: dict[str, int] = {}
    for i, record in enumerate(records):
        for ident in (f"pmid:{record.pmid}" if record.pmid else "",
                      f"doi:{record.doi}" if record.doi else "",
                      f"pmcid:{record.pmcid}" if record.pmcid else ""):
            if not ident:
                continue
            if ident in first_with:
                uf.union(first_with[ident], i)
            else:
                first_with[ident] = i
    del first_with
    _join_preprints(records, uf)
    return [[records[i].key for i in group] for group in uf.groups()]


def _join_preprints(records: list[Identity], uf: _UnionFind) -> None:
    """Join each preprint-only group to its best-matching later journal version, if any.

    Candidates are looked up by year and by title length: a token_sort_ratio of at least
    TITLE_MATCH_MIN needs the lengths within that ratio of each other (an Indel distance is at
    least the difference of the lengths), so the look-up never misses a match.
    """
    if not any(record.preprint for record in records):
        return  # no preprint group (the common case: spares listing every group)
    groups = uf.groups()
    preprint_groups = [g for g in groups if all(records[i].preprint for i in g)]
    if not preprint_groups or len(preprint_groups) == len(groups):
        return
    # year -> [(title length, title, last name, first index)] of journal groups, by length
    journals: dict[int, list[tuple[int, str, str, int]]] = {}
    for group in groups:
        if all(records[i].preprint for i in group):
            continue
        title, year, last = _match_profile([records[i] for i in group])
        if title and year is not None:
            journals.setdefault(year, []).append((len(title), title, last, group[0]))
    for entries in journals.values():
        entries.sort()
    slack = (100 - TITLE_MATCH_MIN) / 100
    for group in preprint_groups:
        title, year, last = _match_profile([records[i] for i in group])
        if not title or year is None:
            continue
        low = len(title) * (1 - slack) / (1 + slack) - 1  # +-1: no float rounding misses
        high = len(title) * (1 + slack) / (1 - slack) + 1
        best: tuple[float, int, int] | None = None
        for gap in range(PREPRINT_MAX_YEARS + 1):
            entries = journals.get(year + gap, [])
            start = bisect.bisect_left(entries, (math.ceil(low),))
            for length, j_title, j_last, first in entries[start:]:
                if length > high:
                    break
                if last and j_last and last != j_last:
                    continue
                score = fuzz.token_sort_ratio(title, j_title, score_cutoff=TITLE_MATCH_MIN)
                if score < TITLE_MATCH_MIN:
                    continue
                candidate = (-score, gap, first)
                if best is None or candidate < best:
                    best = candidate
        if best is not None:
            uf.union(group[0], best[2])


def _match_profile(group: list[Identity]) -> tuple[str, int | None, str]:
    """Normalised title, year and first author's last name of a group's best record."""
    ranked = sorted(group, key=Identity.order)
    title = next((r.title for r in ranked if r.title is not None), "")
    year = next((r.year for r in ranked if r.year is not None), None)
    last = next((r.first_last for r in ranked if r.first_last is not None), "")
    return title, year, last


def _as_int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def _registration_groups(records: list[Identity]) -> list[list[str]]:
    by_nct: dict[str, list[str]] = {}
    for record in records:
        by_nct.setdefault(f"nct:{record.nct}" if record.nct else f"key:{record.key}",
                          []).append(record.key)
    return [by_nct[key] for key in sorted(by_nct)]


# ------------------------------------------------------------------------------------------------
# building a study


def _record_rank(record: dict[str, Any]) -> tuple[int, int, str]:
    ranks = _SOURCE_RANK.get(record.get("kind", ""), {})
    return (int(is_preprint(record)), ranks.get(record.get("source", ""), len(ranks)),
            record_key(record))


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def build_study(group: list[dict[str, Any]], copy_values: bool = True) -> MergedStudy:
    """One study from the records of one group (``group_identities``). The study's values are
    copies of the records' unless ``copy_values`` is false (records read only for this study)."""
    clone = copy.deepcopy if copy_values else _same
    ranked = sorted(group, key=_record_rank)
    primary = ranked[0]
    kind = primary["kind"]
    doc: dict[str, Any] = {"source": primary["source"], "source_id": primary["source_id"],
                           "kind": kind}
    for name in _FIRST_NON_EMPTY:
        value = next((r.get(name) for r in ranked if not _empty(r.get(name))), None)
        doc[name] = clone(value)
    if doc.get("doi"):
        doc["doi"] = str(doc["doi"]).strip().lower()
    for name in ("language", "publication_types", "mesh", "keywords", "grants", "authors"):
        doc[name] = doc[name] or []
    doc["registry"] = doc["registry"] or {}

    abstract_record = _abstract_record(ranked)
    doc["abstract"] = abstract_record.get("abstract") or "" if abstract_record else ""
    doc["abstract_sections"] = (
        clone(abstract_record.get("abstract_sections") or []) if abstract_record else []
    )
    doc["nct_ids"] = sorted(
        {str(n).strip().upper() for r in ranked for n in r.get("nct_ids") or []}
    )
    doc["comments_corrections"] = _union_comments(ranked, clone)
    revisions = [str(r["revised"]) for r in ranked if r.get("revised")]
    doc["revised"] = max(revisions) if revisions else None

    preprints = [r for r in ranked if is_preprint(r)]
    published = [r for r in ranked if not is_preprint(r)]
    extra: dict[str, Any] = {}
    for record in reversed(published or preprints):  # best source last, so its keys win
        extra.update(clone(record.get("extra") or {}))
    extra["preprint"] = not published
    if published and preprints:  # the preprint's own extras describe the preprint, not the paper
        extra["preprints"] = sorted(record_key(r) for r in preprints)
    doc["extra"] = extra
    doc["ids"] = {
        "pmid": sorted({str(r["pmid"]).strip() for r in ranked if r.get("pmid")}),
        "pmcid": sorted({str(r["pmcid"]).strip().upper() for r in ranked if r.get("pmcid")}),
        "doi": sorted({str(r["doi"]).strip().lower() for r in ranked if r.get("doi")}),
        "nct_id": sorted({str(r["nct_id"]).strip().upper() for r in ranked if r.get("nct_id")}),
    }
    sources = sorted(record_key(r) for r in ranked)
    doc["sources"] = sources
    study_id = _study_id(kind, doc, primary)
    doc["study_id"] = study_id
    return MergedStudy(study_id=study_id, kind=kind, sources=sources, doc=doc)


def _abstract_record(ranked: list[dict[str, Any]]) -> dict[str, Any] | None:
    """PubMed's abstract if it has one, else the longest non-empty one (best source on ties)."""
    for record in ranked:
        if record.get("source") == "pubmed" and (record.get("abstract") or "").strip():
            return record
    with_text = [r for r in ranked if (r.get("abstract") or "").strip()]
    if not with_text:
        return None
    # ``ranked`` is already in source order, and max() keeps the first of equal lengths.
    return max(with_text, key=lambda r: len(r["abstract"].strip()))


def _same(value: Any) -> Any:
    return value


def _union_comments(ranked: list[dict[str, Any]], clone: Any) -> list[dict[str, Any]]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for record in ranked:
        for comment in record.get("comments_corrections") or []:
            key = (str(comment.get("type") or ""), str(comment.get("pmid") or ""),
                   str(comment.get("ref") or "") if not comment.get("pmid") else "")
            if key not in seen:
                seen.add(key)
                out.append(clone(comment))
    return out


def _study_id(kind: str, doc: dict[str, Any], primary: dict[str, Any]) -> str:
    if doc.get("pmid"):
        return f"pmid:{str(doc['pmid']).strip()}"
    if kind == "registration" and doc.get("nct_id"):
        return f"nct:{str(doc['nct_id']).strip().upper()}"
    if doc.get("doi"):
        return f"doi:{doc['doi']}"
    return record_key(primary)
