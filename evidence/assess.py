"""One call from a document dict to its assessment: tags, design, population, level, sample size,
result and follow-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from evidence import design as design_mod
from evidence import result as result_mod
from evidence import sample_size as sample_mod
from evidence.tagger import best_mentions, facet_mentions
from evidence.text import scan_document
from evidence.typography import plain_document
from evidence.vocabulary import Vocabulary, _new

SINGLE_FACETS: Final = ("design", "population", "evidence_level", "result", "followup_months")


class Tag(NamedTuple):
    """One tag of a study and the text behind it (a named tuple: a study has dozens, and a
    tuple is the cheapest immutable record to make, compiled or not)."""

    facet: str
    value: str
    field: str
    matched_text: str
    origin: str = "rule"
    note: str = ""


# what a rule's tag has in the fields after its text, given in full when a tag is made as a
# plain tuple (named, not unpacked: a compiled build makes a starred tuple through a list)
_RULE: Final = "rule"  # origin
_NO_NOTE: Final = ""
# designs whose harm finding is an event participants had (not a comparison that went worse)
_HARM_REPORTS: Final = ("case_report", "case_series")


@dataclass(init=False)
class Assessment:
    tags: list[Tag]
    design: str
    population: str
    evidence_level: int | None
    sample_size: int | None
    animals: int | None = None
    retracted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    result: str | None = None  # what the study found (evidence.result.RESULTS), if it has one
    followup_months: int | None = None

    def __init__(self, tags: list[Tag], design: str, population: str,
                 evidence_level: int | None, sample_size: int | None,
                 animals: int | None = None, retracted: bool = False,
                 extra: dict[str, Any] | None = None, result: str | None = None,
                 followup_months: int | None = None) -> None:
        self.tags = tags  # (explicit: see evidence.design.Decision)
        self.design = design
        self.population = population
        self.evidence_level = evidence_level
        self.sample_size = sample_size
        self.animals = animals
        self.retracted = retracted
        self.extra = {} if extra is None else extra
        self.result = result
        self.followup_months = followup_months

    def values(self, facet: str) -> list[str]:
        """Sorted unique slugs of one facet (single-valued facets too, as strings)."""
        return sorted({t.value for t in self.tags if t.facet == facet})

    def as_labels(self) -> dict[str, Any]:
        """The facet -> value(s) form that ``evidence.evaluation.evaluate`` compares."""
        from evidence.vocabulary import TAG_FACETS

        out: dict[str, Any] = {f: self.values(f) for f in TAG_FACETS}
        out.update(
            design=self.design,
            population=self.population,
            evidence_level=self.evidence_level,
            sample_size=self.sample_size,
            retracted=self.retracted,
            result=self.result,
            followup_months=self.followup_months,
        )
        return out


def assess(doc: Mapping[str, Any], vocabulary: Vocabulary) -> Assessment:
    """Tag and grade one ``SourceRecord.as_dict()``-shaped document. Pure: no I/O.

    (``doc`` is annotated as any mapping so that a compiled build, which checks annotated
    argument types itself, gives the same ValueError as plain Python for a non-dict.)
    """
    if not isinstance(doc, dict):
        raise ValueError(f"assess: expected a document dict, got {type(doc).__name__}")
    doc = plain_document(doc)  # Wiley's hyphens, no-break spaces, soft hyphens: read plainly
    scan = scan_document(doc, vocabulary)
    result = design_mod.classify(doc, scan, vocabulary.study_design)
    design, population = result.design.value, result.population.value
    measures_nothing = design == "editorial" or (
        design == "other" and result.design.matched_text != design_mod.NO_DESIGN_CUE
    )
    by_facet = facet_mentions(scan, design, population, measures_nothing=measures_nothing)
    tag = Tag  # (a local, see evidence.vocabulary._new: one tuple per tag, made in C)
    tags = [_new(tag, (m.facet, m.value, m.field, m.matched_text, _RULE, _NO_NOTE))
            for m in best_mentions(by_facet)]
    level = result.evidence_level
    tags.append(_new(tag, ("design", design, result.design.field, result.design.matched_text,
                           "rule", result.design.step)))
    tags.append(_new(tag, ("population", population, result.population.field,
                           result.population.matched_text, _RULE, _NO_NOTE)))
    if level.value is not None:
        tags.append(_new(tag, ("evidence_level", str(level.value), level.field,
                               level.matched_text, _RULE, _NO_NOTE)))
    if result.retracted_by is not None:
        tags.append(_new(tag, ("retracted", "true", result.retracted_by.field,
                               result.retracted_by.matched_text, _RULE, _NO_NOTE)))
    size = sample_mod.extract(doc, design, population, scan, vocabulary.section_role)
    found = result_mod.extract_result(scan, design, population,
                                      cell_study=bool(by_facet["cell_type"]))
    followup = result_mod.extract_followup(doc, scan, design, population)
    if (found is not None and found.value == "harm" and design in _HARM_REPORTS
            and not any(t.facet == "outcome" and t.value == "adverse_events" for t in tags)):
        # a report whose finding is a harm ("a spinal cord mass after stem cell tourism")
        # reports an adverse event, whatever words it uses for it
        tags.append(_new(tag, ("outcome", "adverse_events", found.field, found.matched_text,
                               _RULE, _NO_NOTE)))
    for facet, decision in (("result", found), ("followup_months", followup)):
        if decision is not None:
            tags.append(_new(tag, (facet, str(decision.value), decision.field,
                                   decision.matched_text, _RULE, _NO_NOTE)))
    return Assessment(
        tags=tags,
        design=design,
        population=population,
        evidence_level=level.value,
        sample_size=size.value,
        animals=size.animals,
        retracted=result.retracted,
        result=None if found is None else found.value,
        followup_months=None if followup is None else followup.value,
        extra={"patients": size.patients, "sample_size_field": size.field,
               "sample_size_text": size.matched_text},
    )
