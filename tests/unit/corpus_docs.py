"""Dev-corpus records read with the real parsers, keyed like labels.jsonl (helper for tests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crawlers.parsers.clinicaltrials import parse_studies
from crawlers.parsers.europepmc import parse_search
from crawlers.parsers.pubmed import parse_efetch


def label_rows(corpus: Path) -> list[dict[str, Any]]:
    lines = (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def labelled_documents(corpus: Path) -> dict[str, dict[str, Any]]:
    """label key -> document; a study in several sources is tagged from its PubMed record."""
    docs: dict[str, dict[str, Any]] = {}
    for path in sorted((corpus / "clinicaltrials").glob("*.json")):
        for rec in parse_studies(path.read_bytes()).result.records:
            docs[f"nct:{rec.nct_id}"] = rec.as_dict()
    for path in sorted((corpus / "europepmc").glob("*.json")):
        for rec in parse_search(path.read_bytes()).result.records:
            key = f"pmid:{rec.pmid}" if rec.pmid else f"doi:{rec.doi}"
            docs.setdefault(key, rec.as_dict())
    for path in sorted((corpus / "pubmed").glob("*.xml")):
        for rec in parse_efetch(path.read_bytes()).records:
            docs[f"pmid:{rec.pmid}"] = rec.as_dict()
    return docs


def corpus_records(corpus: Path) -> list[dict[str, Any]]:
    """Every source record of a corpus folder, parsed by the real parsers (``as_dict()`` form)."""
    records = []
    for path in sorted((corpus / "pubmed").glob("*.xml")):
        records += parse_efetch(path.read_bytes()).records
    for path in sorted((corpus / "europepmc").glob("*.json")):
        records += parse_search(path.read_bytes()).result.records
    for path in sorted((corpus / "clinicaltrials").glob("*.json")):
        records += parse_studies(path.read_bytes()).result.records
    return [r.as_dict() for r in records]
