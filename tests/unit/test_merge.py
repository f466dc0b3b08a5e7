"""db.merge: dedup rules, best-source fields, determinism."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from crawlers.items import SourceRecord
from db.merge import MergedStudy, merge_records, normalise_title
from tests.unit.corpus_docs import corpus_records


def author(last: str, fore: str = "A") -> dict[str, Any]:
    return {"name": f"{last} {fore[0]}", "last": last, "fore": fore, "initials": fore[0],
            "collective": False, "affiliations": [], "orcid": None}


def pubmed(pmid: str, **kw: Any) -> dict[str, Any]:
    kw.setdefault("title", f"Paper {pmid}")
    return SourceRecord(source="pubmed", source_id=pmid, kind="publication", raw="<x/>",
                        pmid=pmid, **kw).as_dict()


def epmc(source_id: str, **kw: Any) -> dict[str, Any]:
    kw.setdefault("title", f"Paper {source_id}")
    return SourceRecord(source="europepmc", source_id=source_id, kind="publication", raw="{}",
                        **kw).as_dict()


def ctgov(nct: str, **kw: Any) -> dict[str, Any]:
    kw.setdefault("title", f"Trial {nct}")
    return SourceRecord(source="clinicaltrials", source_id=nct, kind="registration", raw="{}",
                        nct_id=nct, **kw).as_dict()


def by_id(studies: list[MergedStudy]) -> dict[str, MergedStudy]:
    return {s.study_id: s for s in studies}


def test_same_pmid_in_pubmed_and_europepmc_is_one_study() -> None:
    studies = merge_records([pubmed("25054402"), epmc("MED:25054402", pmid="25054402")])
    assert [s.study_id for s in studies] == ["pmid:25054402"]
    assert studies[0].sources == ["europepmc:MED:25054402", "pubmed:25054402"]
    assert studies[0].kind == "publication"


def test_doi_matches_case_insensitively() -> None:
    studies = merge_records([
        pubmed("99200009", doi="10.1155/2015/946031"),
        epmc("MED:99200009x", doi="10.1155/2015/946031".upper()),
    ])
    assert [s.study_id for s in studies] == ["pmid:99200009"]
    assert studies[0].doc["doi"] == "10.1155/2015/946031"


def test_pmcid_only_europepmc_record_joins_pubmed_via_pmcid_and_doi() -> None:
    studies = merge_records([
        pubmed("99200005", doi="10.1186/s12891-020-3126-7", pmcid="PMC7049206"),
        epmc("PMC:PMC7049206", pmcid="PMC7049206"),  # no PMID, no DOI
    ])
    assert [s.study_id for s in studies] == ["pmid:99200005"]
    assert studies[0].sources == ["europepmc:PMC:PMC7049206", "pubmed:99200005"]


def test_transitive_identifiers_join_three_records() -> None:
    studies = merge_records([
        pubmed("1", doi="10.1/a"),
        epmc("PMC:PMC9", doi="10.1/A", pmcid="PMC9"),
        epmc("PMC:PMC9b", pmcid="pmc9"),
    ])
    assert len(studies) == 1 and len(studies[0].sources) == 3


def test_two_different_pmids_are_never_joined_by_a_shared_doi() -> None:
    studies = merge_records([pubmed("1", doi="10.1/x"), pubmed("2", doi="10.1/x")])
    assert [s.study_id for s in studies] == ["pmid:1", "pmid:2"]


PREPRINT_TITLE = ("Autologous Stromal Vascular Fraction with Hyaluronic Acid for Chronic "
                  "Discogenic Low Back Pain: A Randomised, Placebo-Controlled Pilot Trial")
JOURNAL_TITLE = ("Autologous stromal vascular fraction with hyaluronic acid for chronic discogenic "
                 "low back pain: a randomised, placebo-controlled pilot trial.")


def preprint(**kw: Any) -> dict[str, Any]:
    values: dict[str, Any] = dict(title=PREPRINT_TITLE, doi="10.99999/dev.48", year=2022,
                                  authors=[author("Marino")],
                                  extra={"preprint": True, "cited_by": 0},
                                  abstract="Preprint abstract, a bit longer than needed.")
    values.update(kw)
    return epmc("PPR:PPR99200001", **values)


def journal(**kw: Any) -> dict[str, Any]:
    values: dict[str, Any] = dict(title=JOURNAL_TITLE, doi="10.99999/dev.47", year=2023,
                                  authors=[author("Marino")], abstract="Journal abstract.",
                                  journal="J Orthobiol Res")
    values.update(kw)
    return pubmed("99200051", **values)


def test_preprint_joins_later_journal_version_with_different_doi() -> None:
    studies = merge_records([preprint(), journal()])
    assert [s.study_id for s in studies] == ["pmid:99200051"]
    study = studies[0]
    assert study.sources == ["europepmc:PPR:PPR99200001", "pubmed:99200051"]
    assert study.doc["doi"] == "10.99999/dev.47"  # the journal version wins
    assert study.doc["ids"]["doi"] == ["10.99999/dev.47", "10.99999/dev.48"]
    assert study.doc["title"] == JOURNAL_TITLE
    assert study.doc["abstract"] == "Journal abstract."  # PubMed's, though shorter
    assert study.doc["extra"]["preprint"] is False
    assert study.doc["extra"]["preprints"] == ["europepmc:PPR:PPR99200001"]
    assert "cited_by" not in study.doc["extra"]  # the preprint's count is not the paper's


def test_preprint_detected_by_ppr_source_without_extra_flag() -> None:
    assert len(merge_records([preprint(extra={}), journal()])) == 1


@pytest.mark.parametrize(
    "journal_kw",
    [
        {"year": 2025},  # three years later
        {"year": 2021},  # before the preprint
        {"authors": [author("Haddad")]},  # another first author
        {"title": "Autologous stromal vascular fraction for discogenic pain: a cohort study"},
    ],
)
def test_preprint_does_not_join_when_a_condition_fails(journal_kw: dict[str, Any]) -> None:
    assert len(merge_records([preprint(), journal(**journal_kw)])) == 2


def test_preprint_joins_when_one_side_has_no_authors() -> None:
    assert len(merge_records([preprint(authors=[]), journal()])) == 1


def test_preprint_with_no_later_paper_keeps_doi_key() -> None:
    studies = merge_records([preprint(doi="10.99999/DEV.49", title="Vesicles in vitro")])
    assert [s.study_id for s in studies] == ["doi:10.99999/dev.49"]
    assert studies[0].doc["extra"]["preprint"] is True


def test_record_without_pmid_doi_or_nct_keys_by_source() -> None:
    studies = merge_records([epmc("PPR:PPR1")])
    assert [s.study_id for s in studies] == ["europepmc:PPR:PPR1"]


def test_same_cohort_different_papers_stay_two_studies() -> None:
    studies = merge_records([
        pubmed("99200001", title="Bone marrow concentrate for discogenic pain: two years",
               doi="10.1007/s00264-015-2886-4", authors=[author("Pettine")], year=2016),
        pubmed("99200002", title="Bone marrow concentrate for discogenic pain: three years",
               doi="10.99999/dev.2", authors=[author("Pettine")], year=2017),
    ])
    assert [s.study_id for s in studies] == ["pmid:99200001", "pmid:99200002"]


def test_registration_never_merges_with_a_publication() -> None:
    studies = merge_records([
        ctgov("NCT09920001", title="Same title"),
        pubmed("99200012", title="Same title", nct_ids=["NCT09920001"]),
    ])
    assert {s.study_id: s.kind for s in studies} == {
        "nct:NCT09920001": "registration", "pmid:99200012": "publication"}


def test_registrations_merge_by_nct_id() -> None:
    a = ctgov("NCT01", registry={"overall_status": "RECRUITING"})
    b = SourceRecord(source="other", source_id="x1", kind="registration", raw="",
                     nct_id="nct01").as_dict()
    studies = merge_records([a, b])
    assert [s.study_id for s in studies] == ["nct:NCT01"]
    assert studies[0].sources == ["clinicaltrials:NCT01", "other:x1"]
    assert studies[0].doc["registry"]["overall_status"] == "RECRUITING"


def test_order_independence_and_idempotence() -> None:
    records = [
        pubmed("25054402", abstract="A."), epmc("MED:25054402", pmid="25054402", abstract="BB"),
        preprint(), journal(), ctgov("NCT09920001"),
        pubmed("99200005", doi="10.1/x", pmcid="PMC7"), epmc("PMC:PMC7", pmcid="PMC7"),
        epmc("PPR:PPR2", doi="10.1/y"),
    ]
    first = merge_records(records)
    dumped = json.dumps([(s.study_id, s.sources, s.doc, s.row()) for s in first], sort_keys=True)
    for seed in range(5):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        again = merge_records(shuffled)
        assert json.dumps([(s.study_id, s.sources, s.doc, s.row()) for s in again],
                          sort_keys=True) == dumped
    # Merging a study's records twice over (re-crawl) changes nothing either.
    assert [s.study_id for s in merge_records(records + records)] == [s.study_id for s in first]


def test_best_source_per_field() -> None:
    pm = pubmed("25054402", title="PubMed title", abstract="", journal="Pain Physician",
                mesh=[{"descriptor": "Low Back Pain", "major": True, "qualifiers": []}],
                authors=[author("Pang", "Xin")], extra={"issn": "1533-3159"},
                comments_corrections=[{"type": "CommentIn", "pmid": "1", "ref": None}])
    ep = epmc("MED:25054402", pmid="25054402", title="Europe PMC title",
              abstract="The Europe PMC abstract.", pmcid="PMC1",
              abstract_sections=[{"label": "Methods", "category": "", "text": "x"}],
              mesh=[{"descriptor": "Other", "major": False, "qualifiers": []}],
              journal="Other journal", extra={"cited_by": 12, "is_open_access": True},
              comments_corrections=[{"type": "CommentIn", "pmid": "1", "ref": None},
                                    {"type": "ErratumIn", "pmid": "2", "ref": None}])
    study = merge_records([ep, pm])[0]
    doc = study.doc
    assert doc["title"] == "PubMed title"
    assert doc["journal"] == "Pain Physician"
    assert [m["descriptor"] for m in doc["mesh"]] == ["Low Back Pain"]
    assert doc["abstract"] == "The Europe PMC abstract."  # PubMed has none
    assert doc["abstract_sections"][0]["label"] == "Methods"
    assert doc["pmcid"] == "PMC1"  # only Europe PMC has it
    assert doc["extra"] == {"issn": "1533-3159", "cited_by": 12, "is_open_access": True,
                            "preprint": False}
    assert [c["type"] for c in doc["comments_corrections"]] == ["CommentIn", "ErratumIn"]
    assert doc["source"] == "pubmed"


def test_longest_abstract_when_pubmed_has_none() -> None:
    studies = merge_records([
        epmc("MED:5", pmid="5", abstract="short"),
        epmc("PMC:PMC5", pmid="5", pmcid="PMC5", abstract="the longer abstract"),
    ])
    assert studies[0].doc["abstract"] == "the longer abstract"


def test_merging_does_not_alias_input_records() -> None:
    record = pubmed("7", authors=[author("Pang")])
    study = merge_records([record])[0]
    study.doc["authors"][0]["name"] = "changed"
    assert record["authors"][0]["name"] == "Pang A"


def test_row_publication_and_registration() -> None:
    reg, pub = merge_records([  # sorted by study_id
        pubmed("7", title="T", year=2020, pub_date="2020-05", doi="10.1/A",
               authors=[author("Pang", "Xin"), author("Li", "Wei")],
               publication_types=["Journal Article", "Case Reports"], status="MEDLINE"),
        ctgov("NCT04410731", registry={
            "overall_status": "TERMINATED", "why_stopped": "Funding", "phases": ["PHASE1"],
            "start_date": "2020-06", "completion_date": "2022-01", "has_results": False}),
    ])
    row = pub.row()
    assert row["study_id"] == "pmid:7" and row["kind"] == "publication"
    assert json.loads(row["authors"]) == ["Pang X", "Li W"]
    assert row["first_author"] == "Pang X"
    assert row["doi"] == "10.1/a" and row["pmid"] == "7"
    assert json.loads(row["publication_types"]) == ["Journal Article", "Case Reports"]
    assert row["status"] is None and row["has_results"] is None
    assert json.loads(row["sources"]) == ["pubmed:7"]
    reg_row = reg.row()
    assert reg_row["study_id"] == "nct:NCT04410731" and reg_row["nct_id"] == "NCT04410731"
    assert reg_row["status"] == "TERMINATED" and reg_row["why_stopped"] == "Funding"
    assert reg_row["phase"] == "PHASE1" and reg_row["has_results"] == 0
    assert reg_row["start_date"] == "2020-06" and reg_row["completion_date"] == "2022-01"
    two_phases = merge_records([ctgov("NCT1", registry={"phases": ["PHASE1", "PHASE2"]})])
    assert two_phases[0].row()["phase"] == "PHASE1/PHASE2"


def test_row_columns_exist_in_the_schema(fresh_db) -> None:
    columns = set(fresh_db["studies"].columns_dict)
    row = merge_records([pubmed("7")])[0].row()
    assert set(row) <= columns


@pytest.mark.parametrize(
    "bad",
    [
        {"source": "pubmed", "kind": "publication"},
        {"source": "pubmed", "source_id": "1", "kind": "review"},
        "not a dict",
    ],
)
def test_bad_records_raise_value_error(bad: Any) -> None:
    with pytest.raises(ValueError):
        merge_records([bad])


def test_normalise_title() -> None:
    assert normalise_title("<Cells>: a Ré-view, (2020)!") == "cells a re view 2020"


# ------------------------------------------------------------------------------------------------
# the development corpus, through the real parsers



def test_corpus_collapses_to_one_study_per_label(corpus_dir: Path) -> None:
    records = corpus_records(corpus_dir)
    assert len(records) == 78
    labels = [json.loads(line) for line in (corpus_dir / "labels.jsonl").read_text().splitlines()
              if line.strip()]
    studies = merge_records(records)
    assert len(studies) == len(labels) == 74
    assert sorted(s.study_id for s in studies) == sorted(label["key"] for label in labels)
    merged = {s.study_id: s.sources for s in studies if len(s.sources) > 1}
    assert merged == {
        "pmid:25054402": ["europepmc:MED:25054402", "pubmed:25054402"],
        "pmid:26880958": ["europepmc:MED:26880958", "pubmed:26880958"],
        "pmid:99200005": ["europepmc:PMC:PMC7049206", "pubmed:99200005"],
        "pmid:99200051": ["europepmc:PPR:PPR99200001", "pubmed:99200051"],
    }
    kinds = {s.study_id: s.kind for s in studies}
    assert all(kind == ("registration" if key.startswith("nct:") else "publication")
               for key, kind in kinds.items())
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    assert [(s.study_id, s.sources, s.row()) for s in merge_records(shuffled)] == [
        (s.study_id, s.sources, s.row()) for s in studies]
