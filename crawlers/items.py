"""The one record shape every source is normalised into.

A parser turns bytes from an API into ``SourceRecord`` objects; the store pipeline saves them; the
evidence step reads their ``as_dict()`` form. Publications and registrations share the shape:
registry-only fields live in ``registry``, source-only extras in ``extra``.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from typing import Any

SOURCES = ("pubmed", "europepmc", "clinicaltrials")


@dataclass
class SourceRecord:
    source: str  # one of SOURCES
    source_id: str  # PMID, Europe PMC "SRC:ID" (e.g. "MED:25054402", "PPR:PPR99200001"), NCT id
    kind: str  # "publication" or "registration"
    raw: str  # the record's own payload (one PubmedArticle element, one JSON result/study)
    title: str = ""
    abstract: str = ""  # plain text; structured sections joined as "LABEL: text" paragraphs
    abstract_sections: list[dict[str, str]] = field(default_factory=list)  # label, category, text
    year: int | None = None
    pub_date: str | None = None  # best ISO date: "2014-07", "1978-07-01", "2020"
    pmid: str | None = None
    pmcid: str | None = None  # "PMC1234567"
    doi: str | None = None  # lower-cased
    nct_id: str | None = None  # a registration's own id
    nct_ids: list[str] = field(default_factory=list)  # registrations a publication names
    authors: list[dict[str, Any]] = field(default_factory=list)
    # each author: name ("Pang X" or the collective name), last, fore, initials, collective (bool),
    # affiliations (list[str]), orcid (str | None)
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    language: list[str] = field(default_factory=list)
    vernacular_title: str | None = None
    publication_types: list[str] = field(default_factory=list)
    mesh: list[dict[str, Any]] = field(default_factory=list)  # descriptor, major (bool), qualifiers
    keywords: list[str] = field(default_factory=list)
    comments_corrections: list[dict[str, str | None]] = field(default_factory=list)
    # each: type ("RetractionIn", "ErratumFor", ...), pmid, ref (citation text)
    grants: list[dict[str, str | None]] = field(default_factory=list)
    status: str | None = None  # PubMed citation status; registration overall status
    revised: str | None = None  # ISO date of the source's last revision of this record
    registry: dict[str, Any] = field(default_factory=dict)  # see crawlers/parsers/clinicaltrials.py
    extra: dict[str, Any] = field(default_factory=dict)  # source-specific (citation count, OA, ...)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict of every field but ``raw``: the form stored in ``records.data``. The same
        as ``dataclasses.asdict`` (a deep copy), a few times faster on the plain JSON values
        fields hold (asdict deep-copies every leaf value through ``copy.deepcopy``)."""
        return {f.name: _plain(getattr(self, f.name)) for f in _RECORD_FIELDS}


_RECORD_FIELDS = tuple(f for f in dataclasses.fields(SourceRecord) if f.name != "raw")
_ATOMS = (str, int, float, bool, type(None))  # immutable: deepcopy returns them as they are


def _plain(value: Any) -> Any:
    """A deep copy of a field's value, as ``dataclasses.asdict`` makes it."""
    if isinstance(value, _ATOMS):
        return value
    if type(value) is list:
        return [_plain(item) for item in value]
    if type(value) is dict:
        return {_plain(key): _plain(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if type(value) is tuple:
        return tuple(_plain(item) for item in value)
    return copy.deepcopy(value)


def author_entry(name: str, *, last: str | None = None, fore: str | None = None,
                 initials: str | None = None, collective: bool = False,
                 affiliations: list[str] | None = None, orcid: str | None = None
                 ) -> dict[str, Any]:
    """One ``SourceRecord.authors`` entry, the same shape from every parser (empty -> None)."""
    return {"name": name, "last": last or None, "fore": fore or None,
            "initials": initials or None, "collective": collective,
            "affiliations": affiliations or [], "orcid": orcid}


@dataclass
class ParseProblem:
    """A part of a payload that could not be read; the rest of the payload still counts."""

    message: str
    position: int | None = None  # index of the record inside the payload
    source_id: str | None = None  # the record's id, when it could be read


@dataclass
class ParseResult:
    records: list[SourceRecord] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    skipped: str | None = None  # why the whole payload is not of this kind (esearch, PMC, 404 body)
    # records left out on purpose, each with its reason (an NCBI Bookshelf chapter is not a study):
    # counted apart from records and from problems
    skipped_records: list[ParseProblem] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # ids reported deleted (DeleteCitation)


@dataclass
class CrawlError:
    """Something a crawl could not get or read. Spiders yield it like an item; the store pipeline
    records it in ``crawl_errors`` so that the run's status and the next run can account for it."""

    source: str
    message: str
    url: str | None = None
    position: int | None = None  # record index inside a page / batch, or the page offset
    source_id: str | None = None
    fatal: bool = False  # the crawl could not run at all (e.g. the search request failed)


# What a crawl run reconciles: the spider yields these beside its records, the store pipeline
# keeps them in ``crawl_runs`` (announced, skipped, deleted, warnings).


@dataclass
class Announced:
    """How many records the API says the search matches (esearch Count, Europe PMC hitCount,
    ClinicalTrials.gov totalCount): a run is ok only when that many are stored or accounted for."""

    source: str
    count: int
    url: str | None = None


@dataclass
class Skipped:
    """A record the API returned that is left out on purpose, with the reason (logged, counted
    apart: not an error, not a loss)."""

    source: str
    source_id: str | None
    reason: str
    url: str | None = None


@dataclass
class Deleted:
    """Records the API says were deleted: kept in ``records``, marked, hidden from ``studies``."""

    source: str
    source_ids: list[str]
    url: str | None = None


@dataclass
class ApiWarning:
    """Something the API said about the search that loses nothing by itself (e.g. esearch's
    WarningList "No items found."): kept in ``crawl_runs.warnings`` and shown by status."""

    source: str
    message: str
    url: str | None = None
