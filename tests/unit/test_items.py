"""``SourceRecord.as_dict`` (what the store writes as ``records.data``) is exactly
``dataclasses.asdict`` without ``raw``, an independent copy, for every record the parsers read
from the real API fixtures and the sample corpus."""

from __future__ import annotations

import dataclasses

from crawlers.items import SourceRecord
from crawlers.parsers import clinicaltrials, europepmc, pubmed
from tests.conftest import FIXTURES, SAMPLE_CORPUS


def fixture_records() -> list[SourceRecord]:
    records: list[SourceRecord] = []
    for folder in (FIXTURES, SAMPLE_CORPUS):
        for path in sorted((folder / "pubmed").glob("*.xml")):
            records += pubmed.parse_efetch(path.read_bytes()).records
        for path in sorted((folder / "europepmc").glob("*.json")):
            records += europepmc.parse_search(path.read_bytes()).result.records
        for path in sorted((folder / "clinicaltrials").glob("*.json")):
            records += clinicaltrials.parse_studies(path.read_bytes()).result.records
    return records


def asdict_reference(record: SourceRecord) -> dict:
    data = dataclasses.asdict(record)
    data.pop("raw")
    return data


def test_as_dict_is_asdict_without_raw_for_every_fixture_record():
    records = fixture_records()
    assert len({r.source for r in records}) == 3  # the sample corpus has all three sources
    for record in records:
        data = record.as_dict()
        assert data == asdict_reference(record)
        assert list(data) == list(asdict_reference(record))  # same key order in records.data


def test_as_dict_copies_nested_values():
    record = SourceRecord("pubmed", "1", "publication", raw="<x/>",
                          authors=[{"name": "A", "affiliations": ["X"]}],
                          registry={"arms": [{"label": "a", "size": (1, 2)}]})
    data = record.as_dict()
    data["authors"][0]["affiliations"].append("Y")
    data["registry"]["arms"][0]["label"] = "b"
    assert record.authors == [{"name": "A", "affiliations": ["X"]}]
    assert record.registry == {"arms": [{"label": "a", "size": (1, 2)}]}
    assert data["registry"]["arms"][0]["size"] == (1, 2)
