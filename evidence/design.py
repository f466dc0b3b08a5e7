"""Study design, population and level of evidence, each with the evidence that decided it.

Order of trust: PubMed publication types, then registry design fields, then MeSH, then text cues.
Levels follow shared/docs/domain.md; registrations, protocols, editorials, notices and retracted
papers have no level (a retracted paper keeps its design).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evidence.text import DocScan, Mention

LEVELS: dict[str, int | None] = {
    "systematic_review": 1,
    "rct": 2,
    "non_randomized_controlled": 3,
    "cohort": 3,
    "case_control": 4,
    "case_series": 4,
    "case_report": 4,
    "preclinical_animal": 5,
    "in_vitro": 5,
    "narrative_review": 5,
    "guideline": 5,
    "protocol": None,
    "editorial": None,
    "other": None,
}
DESIGNS = tuple(LEVELS)
POPULATIONS = ("human", "animal", "in_vitro", "unknown")
NO_DESIGN_CUE = "no design cue"

# publication type (lower-case) -> design, most decisive first
_PUBTYPE_DESIGN: tuple[tuple[str, str], ...] = (
    ("retraction of publication", "other"),
    ("published erratum", "other"),
    ("expression of concern", "other"),
    ("editorial", "editorial"),
    ("letter", "editorial"),
    ("comment", "editorial"),
    ("news", "editorial"),
    ("newspaper article", "editorial"),
    ("clinical trial protocol", "protocol"),
    ("practice guideline", "guideline"),
    ("guideline", "guideline"),
    ("consensus development conference", "guideline"),
    ("consensus development conference, nih", "guideline"),
    ("systematic review", "systematic_review"),
    ("meta-analysis", "systematic_review"),
    ("randomized controlled trial", "rct"),
    ("equivalence trial", "rct"),
    ("pragmatic clinical trial", "rct"),
    ("case reports", "case_report"),
)
_REVIEW_TYPES = {"review", "scoping review", "review-article"}
_REVIEWS = {"systematic_review", "narrative_review"}


@dataclass(frozen=True)
class Decision:
    value: Any
    field: str
    matched_text: str


@dataclass(frozen=True)
class DesignResult:
    design: Decision
    population: Decision
    evidence_level: Decision
    retracted: bool
    retracted_by: Decision | None = None


def is_retracted(doc: dict[str, Any]) -> Decision | None:
    for ptype in doc.get("publication_types") or []:
        if str(ptype).strip().lower() == "retracted publication":
            return Decision(True, "publication_types", str(ptype))
    for cc in doc.get("comments_corrections") or []:
        if (cc.get("type") or "").lower() == "retractionin":
            return Decision(True, "comments_corrections", f"RetractionIn {cc.get('pmid') or ''}")
    return None


def classify(doc: dict[str, Any], scan: DocScan) -> DesignResult:
    """Design, population and level of one document (``scan`` from ``scan_document``)."""
    retracted = is_retracted(doc)
    population_hint = _population_cues(scan)
    if scan.kind == "registration":
        design = _registry_design(doc.get("registry") or {})
        population = Decision("human", "registry:study_type", "ClinicalTrials.gov registration")
        level = Decision(None, "kind", "registration: planned or ongoing research, not evidence")
        return DesignResult(design, population, level, False)
    design = _publication_design(doc, scan, population_hint)
    population = _population(design.value, scan, population_hint)
    if design.value in ("rct", "non_randomized_controlled", "cohort", "case_control",
                        "case_series", "case_report") and population.value == "animal":
        design = Decision("preclinical_animal", population.field, population.matched_text)
    if retracted:
        level = Decision(None, retracted.field, f"retracted: {retracted.matched_text}")
    else:
        lvl = LEVELS[design.value]
        if design.value == "cohort" and scan.cues("_design", "retrospective") and not scan.cues(
            "_design", "prospective"
        ):
            lvl = 4
        level = Decision(lvl, design.field, design.matched_text)
    return DesignResult(design, population, level, retracted is not None, retracted)


def _registry_design(reg: dict[str, Any]) -> Decision:
    study_type = (reg.get("study_type") or "").upper()
    allocation = (reg.get("allocation") or "").upper()
    model = (reg.get("intervention_model") or "").upper()
    obs = (reg.get("observational_model") or "").upper()
    if study_type == "OBSERVATIONAL":
        if obs == "CASE_CONTROL":
            return Decision("case_control", "registry:observational_model", obs)
        if obs in ("COHORT", "ECOLOGIC_OR_COMMUNITY", "FAMILY_BASED"):
            return Decision("cohort", "registry:observational_model", obs)
        if obs in ("CASE_ONLY", "CASE_CROSSOVER"):
            return Decision("case_series", "registry:observational_model", obs)
        return Decision("other", "registry:study_type", study_type)
    if allocation == "RANDOMIZED":
        return Decision("rct", "registry:allocation", allocation)
    if allocation == "NON_RANDOMIZED":
        if model == "SINGLE_GROUP":
            return Decision("case_series", "registry:intervention_model", model)
        return Decision("non_randomized_controlled", "registry:allocation", allocation)
    if model == "SINGLE_GROUP" or allocation == "NA":
        return Decision("case_series", "registry:intervention_model", model or allocation)
    if study_type == "EXPANDED_ACCESS":
        return Decision("other", "registry:study_type", study_type)
    return Decision("case_series", "registry:study_type", study_type or "unspecified")


def _first(mentions: list[Mention]) -> Mention | None:
    order = {"title": 0, "objective": 1, "methods": 2, "abstract": 3, "mesh": 4, "results": 5,
             "conclusions": 6, "keywords": 7, "background": 8}
    return min(mentions, key=lambda m: order.get(m.role, 9)) if mentions else None


def _cue(scan: DocScan, value: str, *, roles: set[str] | None = None) -> Mention | None:
    found = [
        m
        for m in scan.cues("_design", value)
        if (roles is None or m.role in roles) and not _negated_cue(scan, m)
    ]
    return _first(found)


def _negated_cue(scan: DocScan, m: Mention) -> bool:
    """A design cue negated, contrasted or about future work ("RCTs are needed")."""
    if m.sentence < 0:
        return False
    if m.facet == "_design" and m.sentence in _future_sentences(scan):
        return True
    return any(a <= m.i < b for a, b in scan.sentences[m.sentence].scopes)


def _future_sentences(scan: DocScan) -> set[int]:
    return {m.sentence for m in scan.cues("_future")}


def _publication_design(doc: dict[str, Any], scan: DocScan, pop: dict[str, Mention]) -> Decision:
    ptypes = [str(p).strip() for p in doc.get("publication_types") or []]
    lowered = {p.lower(): p for p in ptypes}
    for ptype, design in _PUBTYPE_DESIGN:
        if ptype in lowered:
            if design == "rct" and _cue(scan, "protocol", roles={"title", "methods", "abstract"}):
                break
            return Decision(design, "publication_types", lowered[ptype])
    fg = {"title", "objective", "methods", "abstract", "results", "conclusions", "mesh"}
    if (doc.get("extra") or {}).get("preprint") is True:
        pass
    review_type = next((lowered[p] for p in _REVIEW_TYPES if p in lowered), None)
    sr = _cue(scan, "systematic_review", roles={"title", "objective", "methods", "abstract",
                                                  "mesh", "results", "conclusions"})
    if sr and (review_type or sr.role in ("title", "methods", "objective", "mesh")):
        return Decision("systematic_review", sr.field, sr.matched_text)
    gl = _cue(scan, "guideline", roles={"title", "objective", "methods", "abstract"})
    if gl and gl.value == "guideline" and _is_strong_guideline(gl):
        return Decision("guideline", gl.field, gl.matched_text)
    if review_type:
        return Decision("narrative_review", "publication_types", review_type)
    proto = _cue(scan, "protocol", roles={"title", "methods", "abstract", "objective"})
    if proto:
        return Decision("protocol", proto.field, proto.matched_text)
    ed = _cue(scan, "editorial", roles={"title"})
    if ed:
        return Decision("editorial", ed.field, ed.matched_text)
    other = _cue(scan, "other", roles={"title", "objective", "methods", "abstract"})
    if other:
        return Decision("other", other.field, other.matched_text)
    animal = pop.get("animal")
    invitro = pop.get("in_vitro")
    human = pop.get("human")
    if animal and (not human or animal.role in ("title", "methods")):
        return Decision("preclinical_animal", animal.field, animal.matched_text)
    if invitro and not human:
        return Decision("in_vitro", invitro.field, invitro.matched_text)
    nr = _cue(scan, "non_randomized_controlled", roles=fg)
    if nr:
        return Decision("non_randomized_controlled", nr.field, nr.matched_text)
    rct = _cue(scan, "rct", roles=fg - {"conclusions"})
    if rct:
        return Decision("rct", rct.field, rct.matched_text)
    cc = _cue(scan, "case_control", roles=fg)
    if cc:
        return Decision("case_control", cc.field, cc.matched_text)
    report = _cue(scan, "case_report", roles=fg)
    if report or "case reports" in lowered:
        m = report
        return Decision("case_report", m.field if m else "publication_types",
                        m.matched_text if m else "Case Reports")
    cohort = _cue(scan, "cohort", roles=fg)
    comparator = _cue(scan, "comparator", roles={"title", "methods", "abstract", "objective"})
    if cohort and comparator and not _cue(scan, "case_series", roles={"title"}):
        return Decision("cohort", cohort.field, cohort.matched_text)
    if "comparative study" in lowered and comparator:
        return Decision("cohort", "publication_types", lowered["comparative study"])
    series = _cue(scan, "case_series", roles=fg)
    if series:
        return Decision("case_series", series.field, series.matched_text)
    if cohort:
        return Decision("case_series", cohort.field, cohort.matched_text)
    if sr:
        return Decision("systematic_review", sr.field, sr.matched_text)
    review = _cue(scan, "narrative_review", roles={"title", "objective", "abstract", "methods"})
    if review:
        return Decision("narrative_review", review.field, review.matched_text)
    if human:
        return Decision("case_series", human.field, human.matched_text)
    if not (doc.get("abstract") or doc.get("abstract_sections")):
        return Decision("other", "abstract", "no abstract")
    return Decision("other", "abstract", NO_DESIGN_CUE)


def _is_strong_guideline(m: Mention) -> bool:
    text = m.matched_text.lower()
    return m.role == "title" or any(w in text for w in ("delphi", "guideline", "consensus"))


def _population_cues(scan: DocScan) -> dict[str, Mention]:
    """The most telling population cue of each kind, ignoring background sections."""
    out: dict[str, Mention] = {}
    for kind in ("animal", "in_vitro", "human", "preclinical_scope", "clinical_scope"):
        found = [
            m
            for m in scan.cues("_population", kind)
            if m.role != "background" and not _negated_cue(scan, m)
        ]
        if kind == "human":
            found = [m for m in found if m.role not in ("mesh",)]
        best = _first(found)
        if best:
            out[kind] = best
    return out


def _population(design: str, scan: DocScan, pop: dict[str, Mention]) -> Decision:
    if design in ("editorial", "other"):
        return Decision("unknown", "design", design)
    if design in _REVIEWS:
        pre = pop.get("preclinical_scope") or pop.get("animal")
        if pre:
            return Decision("unknown", pre.field, f"mixed scope: {pre.matched_text}")
        clin = pop.get("clinical_scope") or pop.get("human")
        if clin:
            return Decision("human", clin.field, clin.matched_text)
        return Decision("unknown", "design", design)
    if design == "guideline":
        return Decision("human", "design", "guideline: recommendations for patients")
    if design == "preclinical_animal":
        m = pop.get("animal")
        return Decision("animal", m.field if m else "design", m.matched_text if m else design)
    if design == "in_vitro":
        m = pop.get("in_vitro")
        return Decision("in_vitro", m.field if m else "design", m.matched_text if m else design)
    m = pop.get("human")
    if m:
        return Decision("human", m.field, m.matched_text)
    if design in ("protocol", "rct", "non_randomized_controlled", "cohort", "case_control",
                  "case_series", "case_report"):
        return Decision("human", "design", design)
    return Decision("unknown", "design", design)
