"""Relations between merged studies, each stored in both directions (the ``links`` table).

Pure functions over ``MergedStudy`` objects (no SQLite). Relations and what supports them:

- publication ``registered_as`` registration / ``registration_of`` back: an NCT id the publication
  names (its ``nct_ids``: DataBankList accession or NCT id in the title/abstract), an identifier the
  publication names that is one of the registration's ``secondary_ids`` (another registry's id, or
  an older NCT id), or a registration reference of type RESULT or DERIVED naming the publication's
  PMID. BACKGROUND references are prior work and give no link. Only registrations present in the
  studies list are linked.
- ``same_trial`` (both directions): publications tied to the same NCT id, present or not.
- ``retracted_by`` / ``retraction_of``: CommentsCorrections RetractionIn on the retracted paper or
  RetractionOf on the notice (either side is enough).
- ``erratum_in`` / ``erratum_for``: CommentsCorrections ErratumIn / ErratumFor.
- ``includes`` / ``included_in`` is not produced: no field of a source record says explicitly that
  a review included a study (a ReferenceList citation is not inclusion).

When several facts support one link, ``evidence`` lists them all, sorted, joined by "; ".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from db.merge import MergedStudy

NCT_RE = re.compile(r"\bNCT\d{8}\b", re.IGNORECASE)
LINKED_REFERENCE_TYPES = ("RESULT", "DERIVED")

# CommentsCorrections type -> (relation from the carrying study, relation back).
COMMENT_RELATIONS: dict[str, tuple[str, str]] = {
    "RetractionIn": ("retracted_by", "retraction_of"),
    "RetractionOf": ("retraction_of", "retracted_by"),
    "ErratumIn": ("erratum_in", "erratum_for"),
    "ErratumFor": ("erratum_for", "erratum_in"),
}

INVERSE: dict[str, str] = {
    "registered_as": "registration_of",
    "registration_of": "registered_as",
    "same_trial": "same_trial",
    "retracted_by": "retraction_of",
    "retraction_of": "retracted_by",
    "erratum_in": "erratum_for",
    "erratum_for": "erratum_in",
    "includes": "included_in",
    "included_in": "includes",
}


@dataclass(frozen=True, order=True)
class Link:
    """One row of the ``links`` table: ``study_id`` is ``relation`` of ``other_study_id``."""

    study_id: str
    other_study_id: str
    relation: str
    evidence: str


class _Collector:
    """Links keyed by (study, other, relation), with every piece of evidence kept."""

    def __init__(self) -> None:
        self.evidence: dict[tuple[str, str, str], set[str]] = {}

    def add(self, study_id: str, other_id: str, relation: str, evidence: str) -> None:
        """Add the link and its inverse; self-links are ignored."""
        if study_id == other_id:
            return
        for key in ((study_id, other_id, relation), (other_id, study_id, INVERSE[relation])):
            self.evidence.setdefault(key, set()).add(evidence)

    def links(self) -> list[Link]:
        return [
            Link(study, other, relation, "; ".join(sorted(self.evidence[(study, other, relation)])))
            for study, other, relation in sorted(self.evidence)
        ]


def find_links(studies: list[MergedStudy]) -> list[Link]:
    """All links between the given studies, both directions, de-duplicated and sorted."""
    ids = [s.study_id for s in studies]
    if len(set(ids)) != len(ids):
        raise ValueError("find_links needs distinct study ids (merge the records first)")
    ordered = sorted(studies, key=lambda s: s.study_id)
    publications = [s for s in ordered if s.kind == "publication"]
    registrations = [s for s in ordered if s.kind == "registration"]
    out = _Collector()
    trials = _registration_links(publications, registrations, out)
    _same_trial_links(trials, out)
    _comment_links(publications, out)
    return out.links()


# ------------------------------------------------------------------------------------------------
# publication <-> registration


def _registration_links(
    publications: list[MergedStudy], registrations: list[MergedStudy], out: _Collector
) -> dict[str, dict[str, set[str]]]:
    """Add registered_as links; return NCT id -> publication id -> evidence, for same_trial."""
    by_nct: dict[str, MergedStudy] = {}
    by_alias: dict[str, list[tuple[MergedStudy, str]]] = {}
    for reg in registrations:
        for nct in _registration_ncts(reg):
            by_nct.setdefault(nct, reg)
        for secondary in (reg.doc.get("registry") or {}).get("secondary_ids") or []:
            alias = _norm_id(secondary.get("id") if isinstance(secondary, dict) else secondary)
            if alias:
                by_alias.setdefault(alias, []).append((reg, alias))
    by_pmid: dict[str, MergedStudy] = {}
    for pub in publications:
        for pmid in _pmids(pub):
            by_pmid.setdefault(pmid, pub)

    trials: dict[str, dict[str, set[str]]] = {}

    def tie(pub: MergedStudy, nct: str, evidence: str) -> None:
        trials.setdefault(nct, {}).setdefault(pub.study_id, set()).add(evidence)
        reg = by_nct.get(nct)
        if reg is not None:
            out.add(pub.study_id, reg.study_id, "registered_as", evidence)

    for pub in publications:
        for nct, evidence in _named_ncts(pub):
            tie(pub, nct, evidence)
        for alias in _named_ids(pub):
            for reg, secondary in by_alias.get(alias, []):
                reg_nct = _norm_id(reg.doc.get("nct_id"))
                if reg_nct and reg_nct != alias:
                    tie(pub, reg_nct, f"secondary id {secondary} of {reg_nct}")

    for reg in registrations:
        reg_nct = _norm_id(reg.doc.get("nct_id"))
        for ref in (reg.doc.get("registry") or {}).get("references") or []:
            ref_type = str(ref.get("type") or "").upper()
            pmid = str(ref.get("pmid") or "").strip()
            if ref_type not in LINKED_REFERENCE_TYPES or not pmid or pmid not in by_pmid:
                continue
            evidence = f"registry reference {ref_type} PMID {pmid}"
            if reg_nct:
                tie(by_pmid[pmid], reg_nct, evidence)
            else:
                out.add(by_pmid[pmid].study_id, reg.study_id, "registered_as", evidence)
    return trials


def _same_trial_links(trials: dict[str, dict[str, set[str]]], out: _Collector) -> None:
    for nct in sorted(trials):
        for first, second in combinations(sorted(trials[nct]), 2):
            out.add(first, second, "same_trial", f"both registered as {nct}")


def _registration_ncts(reg: MergedStudy) -> list[str]:
    ids = [reg.doc.get("nct_id"), *((reg.doc.get("ids") or {}).get("nct_id") or [])]
    return sorted({n for n in (_norm_id(i) for i in ids) if n})


def _named_ncts(pub: MergedStudy) -> list[tuple[str, str]]:
    """(NCT id, evidence) for every NCT id the publication names, sorted."""
    doc = pub.doc
    databank = {
        _norm_id(accession)
        for bank in (doc.get("extra") or {}).get("databanks") or []
        for accession in bank.get("accessions") or []
    }
    text_ncts = {m.upper() for m in NCT_RE.findall(_text(doc))}
    named = {_norm_id(n) for n in doc.get("nct_ids") or []} | text_ncts
    out = []
    for nct in sorted(n for n in named if n):
        if nct in databank:
            out.append((nct, f"DataBankList {nct}"))
        if nct in text_ncts:
            out.append((nct, f"abstract text {nct}"))
        if nct not in databank and nct not in text_ncts:
            out.append((nct, f"{doc.get('source', 'record')} nct_ids {nct}"))
    return out


def _named_ids(pub: MergedStudy) -> list[str]:
    """Every registry-like id the publication names (NCT ids, DataBankList accessions)."""
    doc = pub.doc
    ids = {_norm_id(n) for n in doc.get("nct_ids") or []}
    ids |= {m.upper() for m in NCT_RE.findall(_text(doc))}
    ids |= {
        _norm_id(accession)
        for bank in (doc.get("extra") or {}).get("databanks") or []
        for accession in bank.get("accessions") or []
    }
    return sorted(i for i in ids if i)


def _pmids(study: MergedStudy) -> list[str]:
    pmids = {str(study.doc.get("pmid") or "").strip()}
    pmids |= {str(p).strip() for p in (study.doc.get("ids") or {}).get("pmid") or []}
    return sorted(p for p in pmids if p)


def _text(doc: dict[str, Any]) -> str:
    parts: Iterable[Any] = (doc.get("title"), doc.get("abstract"))
    return "\n".join(str(p) for p in parts if p)


def _norm_id(value: Any) -> str:
    return str(value or "").strip().upper()


# ------------------------------------------------------------------------------------------------
# retractions and errata


def _comment_links(publications: list[MergedStudy], out: _Collector) -> None:
    by_pmid: dict[str, MergedStudy] = {}
    for pub in publications:
        for pmid in _pmids(pub):
            by_pmid.setdefault(pmid, pub)
    for pub in publications:
        for comment in pub.doc.get("comments_corrections") or []:
            relations = COMMENT_RELATIONS.get(str(comment.get("type") or ""))
            other = by_pmid.get(str(comment.get("pmid") or "").strip())
            if relations is None or other is None:
                continue
            out.add(pub.study_id, other.study_id, relations[0],
                    f"CommentsCorrections {comment['type']}")
