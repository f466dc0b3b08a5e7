"""Pure parsers, one module per source: bytes in, SourceRecords out."""

from __future__ import annotations

from crawlers.items import SourceRecord
from crawlers.parsers.surrogates import replace_lone_surrogates


def parse_raw(source: str, raw: str) -> SourceRecord:
    """Re-read one stored raw payload (``records.raw``) into its record: how ``stemspine tag``
    re-tags without the network."""
    from crawlers.parsers import clinicaltrials, europepmc, pubmed

    raw = replace_lone_surrogates(raw)
    if source == "pubmed":
        result = pubmed.parse_efetch(f"<PubmedArticleSet>{raw}</PubmedArticleSet>".encode())
    elif source == "europepmc":
        result = europepmc.parse_search(raw.encode("utf-8")).result
    elif source == "clinicaltrials":
        result = clinicaltrials.parse_studies(raw.encode("utf-8")).result
    else:
        raise ValueError(f"unknown source {source!r}")
    if len(result.records) != 1:
        reason = result.skipped or "; ".join(p.message for p in result.problems) or "no record"
        raise ValueError(f"stored {source} payload does not parse to one record: {reason}")
    return result.records[0]
