"""Search strategies are data: a topic file (YAML) holds each source's query."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

# A package resource, not a path beside __file__: inside a Scrapyd egg (a zip) there is none.
DEFAULT_TOPIC = resources.files("crawlers") / "topics" / "stemcell_spine.yaml"


SOURCE_SECTIONS = ("pubmed", "europepmc", "clinicaltrials")  # a topic file's sections


def load_topic(path: str | Path | None = None) -> dict[str, Any]:
    topic_path = Path(path) if path else DEFAULT_TOPIC
    try:
        data = yaml.safe_load(topic_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"cannot read topic file {topic_path}: {exc}") from exc
    for source in SOURCE_SECTIONS:
        if not isinstance(data, dict) or not isinstance(data.get(source), dict):
            raise ValueError(f"topic file {topic_path}: missing the '{source}:' section")
        problem = section_problem(source, data[source])
        if problem:
            raise ValueError(f"topic file {topic_path}: {source}: {problem}")
    return data


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


# The keys each source's search reads; any other key would be ignored without a word, so a
# topic that means to narrow the search (a PubMed 'mindate', say) would silently not.
KNOWN_KEYS = {"pubmed": {"term"}, "europepmc": {"query", "fields", "sources"}}
# ClinicalTrials.gov parameters the spider sets itself: paging, the count that reconciles the
# run and the fields its parser reads. Taken from a topic they would skip pages or records.
SPIDER_OWNED_CT = {"format", "markupFormat", "fields", "countTotal", "pageSize", "pageToken"}


def section_problem(source: str, section: dict[str, Any]) -> str | None:
    """What is wrong with one source's search, or None: a query that is missing, empty or not
    text would search for nothing or for everything (a ClinicalTrials.gov request without a
    query.* parameter lists the whole registry); a key the spider ignores or sets itself would
    change the search without saying so."""
    keys = sorted(str(k) for k in section)
    known = KNOWN_KEYS.get(source)
    unknown = [k for k in keys if known is not None and k not in known]
    if unknown:
        allowed = ", ".join(f"'{k}'" for k in sorted(known or ()))
        return f"unknown key '{unknown[0]}' (this source's search reads only {allowed})"
    owned = [k for k in keys if source == "clinicaltrials" and k in SPIDER_OWNED_CT]
    if owned:
        return f"'{owned[0]}' is set by the spider (paging, counting, parsing), not by a topic"
    if source == "pubmed" and not _text(section.get("term")):
        return "'term' must be the search text"
    if source == "europepmc":
        if not _text(section.get("query")):
            return "'query' must be the search text"
        for key in ("fields", "sources"):
            value = section.get(key)
            if value is not None and not (isinstance(value, list) and value
                                          and all(_text(v) for v in value)):
                return f"'{key}' must be a list of names"
    if source == "clinicaltrials":
        queries = {k: v for k, v in section.items() if str(k).startswith("query.")}
        if not queries:
            return "give at least one query.* parameter (query.cond, query.intr, query.term)"
        for key, value in section.items():
            if not _text(value):
                return f"'{key}' must be text"
    return None


def search_keys(topic: dict[str, Any]) -> dict[str, str]:
    """source -> ``search_key`` of its section, for a topic ``load_topic`` read."""
    return {source: search_key(topic[source]) for source in SOURCE_SECTIONS}


def search_key(section: dict[str, Any]) -> str:
    """A fingerprint of one source's search (its topic section), written on every crawl run: a
    watermark holds only for the search it was reached with, so a changed query starts again
    from the beginning instead of skipping what the old query did not match."""
    canonical = json.dumps(section, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                           default=str)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:16]
