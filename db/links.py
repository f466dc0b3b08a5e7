"""Relations between merged studies (the ``links`` table).

Pure functions over ``MergedStudy`` objects (no SQLite). Relations and what supports them:

- publication ``registered_as`` trial / ``registration_of`` back: an NCT id the publication
  names (its ``nct_ids``: DataBankList accession or NCT id in the title/abstract), an identifier the
  publication names that is one of the registration's ``secondary_ids`` (another registry's id, or
  an older NCT id), or a registration reference of type RESULT or DERIVED naming the publication's
  PMID. BACKGROUND references are prior work and give no link.
- **Reports of one trial are tied through the trial, not to each other**: every publication of
  trial NCT X has one ``registered_as`` link to ``nct:X``, the study id of X's registration. When
  the registration is in the database the link also runs back (``registration_of``); when it is
  not, ``nct:X`` is a trial key that names no study yet (the registration takes that id when it
  is crawled). k reports of one trial give at most 2k rows, not k*(k-1); the reports of a trial
  are the studies that link to the same ``nct:X``. ``same_trial`` is no longer written.
- ``retracted_by`` / ``retraction_of``: CommentsCorrections RetractionIn on the retracted paper or
  RetractionOf on the notice (either side is enough).
- ``erratum_in`` / ``erratum_for``: CommentsCorrections ErratumIn / ErratumFor.
- ``includes`` / ``included_in`` is not produced: no field of a source record says explicitly that
  a review included a study (a ReferenceList citation is not inclusion).

When several facts support one link, ``evidence`` lists them all, sorted, joined by "; ".

Every link joins two studies through one shared key (a PMID, an NCT id, another registry's id),
so links are computed from **link keys**: what each study states about identifiers
(``study_keys``), grouped by key (``key_links``). The build stores the keys and recomputes only
the links of the keys that changed studies state or stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
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


class LinkCollector:
    """Links keyed by (study, other, relation), with every piece of evidence kept."""

    def __init__(self) -> None:
        self.evidence: dict[tuple[str, str, str], set[str]] = {}

    def add(self, study_id: str, other_id: str, relation: str, evidence: str,
            both: bool = True) -> None:
        """Add the link and (unless ``both`` is false) its inverse; self-links are ignored."""
        if study_id == other_id:
            return
        self.evidence.setdefault((study_id, other_id, relation), set()).add(evidence)
        if both:
            self.evidence.setdefault((other_id, study_id, INVERSE[relation]), set()).add(evidence)

    def links(self) -> list[Link]:
        return [
            Link(study, other, relation, "; ".join(sorted(self.evidence[(study, other, relation)])))
            for study, other, relation in sorted(self.evidence)
        ]


@dataclass(frozen=True, order=True)
class LinkKey:
    """One fact a study states about an identifier (``key``), by ``role``:

    - publication: ``pmid`` (its own PMIDs), ``names_trial`` (an NCT id it names; ``detail`` is
      the evidence), ``names_id`` (any registry-like id it names), ``comment`` (a
      CommentsCorrections PMID; ``detail`` is the type)
    - registration: ``trial`` (its NCT id), ``alias`` (a secondary id; ``detail`` is its own NCT
      id, or ""), ``reference`` (a RESULT/DERIVED reference PMID; ``detail`` is the type)
    """

    key: str
    study_id: str
    role: str
    detail: str = ""


def find_links(studies: list[MergedStudy]) -> list[Link]:
    """All links between the given studies, de-duplicated and sorted."""
    ids = [s.study_id for s in studies]
    if len(set(ids)) != len(ids):
        raise ValueError("find_links needs distinct study ids (merge the records first)")
    by_key: dict[str, list[LinkKey]] = {}
    for study in studies:
        for fact in study_keys(study):
            by_key.setdefault(fact.key, []).append(fact)
    out = LinkCollector()
    for key in sorted(by_key):
        key_links(by_key[key], out)
    return out.links()


def study_keys(study: MergedStudy) -> list[LinkKey]:
    """What one study states about identifiers, sorted and distinct."""
    sid = study.study_id
    facts: set[LinkKey] = set()
    if study.kind == "registration":
        registry = study.doc.get("registry") or {}
        own = _norm_id(study.doc.get("nct_id"))
        facts |= {LinkKey(nct, sid, "trial") for nct in _registration_ncts(study)}
        for secondary in registry.get("secondary_ids") or []:
            alias = _norm_id(secondary.get("id") if isinstance(secondary, dict) else secondary)
            if alias:
                facts.add(LinkKey(alias, sid, "alias", own))
        for ref in registry.get("references") or []:
            ref_type = str(ref.get("type") or "").upper()
            pmid = str(ref.get("pmid") or "").strip()
            if ref_type in LINKED_REFERENCE_TYPES and pmid:
                facts.add(LinkKey(pmid, sid, "reference", ref_type))
        return sorted(facts)
    facts |= {LinkKey(pmid, sid, "pmid") for pmid in _pmids(study)}
    facts |= {LinkKey(nct, sid, "names_trial", evidence) for nct, evidence in _named_ncts(study)}
    facts |= {LinkKey(ident, sid, "names_id") for ident in _named_ids(study)}
    for comment in study.doc.get("comments_corrections") or []:
        comment_type = str(comment.get("type") or "")
        pmid = str(comment.get("pmid") or "").strip()
        if comment_type in COMMENT_RELATIONS and pmid:
            facts.add(LinkKey(pmid, sid, "comment", comment_type))
    return sorted(facts)


def key_links(facts: list[LinkKey], out: LinkCollector) -> None:
    """Add to ``out`` the links that the facts stated about one key tie together."""
    by_role: dict[str, list[LinkKey]] = {}
    for fact in sorted(facts):
        by_role.setdefault(fact.role, []).append(fact)
    key = facts[0].key if facts else ""
    registrations = by_role.get("trial", [])
    trial = registrations[0].study_id if registrations else None
    for fact in by_role.get("names_trial", []):  # publication -> registration or trial key
        out.add(fact.study_id, trial or f"nct:{key}", "registered_as", fact.detail,
                both=trial is not None)
    for named in by_role.get("names_id", []):  # another registry's id of a registration
        for alias in by_role.get("alias", []):
            if alias.detail and alias.detail != key:
                out.add(named.study_id, alias.study_id, "registered_as",
                        f"secondary id {key} of {alias.detail}")
    publications = by_role.get("pmid", [])
    if not publications:
        return
    publication = publications[0].study_id
    for ref in by_role.get("reference", []):
        out.add(publication, ref.study_id, "registered_as",
                f"registry reference {ref.detail} PMID {key}")
    for comment in by_role.get("comment", []):
        out.add(comment.study_id, publication, COMMENT_RELATIONS[comment.detail][0],
                f"CommentsCorrections {comment.detail}")


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
