"""db.links: registration (through the trial), retraction and erratum links; links grow linearly
with the reports of one trial."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crawlers.items import SourceRecord
from db.links import Link, find_links
from db.merge import merge_records
from tests.unit.corpus_docs import corpus_records


def pubmed(pmid: str, **kw: Any) -> dict[str, Any]:
    kw.setdefault("title", f"Paper {pmid}")
    return SourceRecord(source="pubmed", source_id=pmid, kind="publication", raw="",
                        pmid=pmid, **kw).as_dict()


def ctgov(nct: str, **registry: Any) -> dict[str, Any]:
    return SourceRecord(source="clinicaltrials", source_id=nct, kind="registration", raw="",
                        nct_id=nct, title=f"Trial {nct}", registry=registry).as_dict()


def links_of(*records: dict[str, Any]) -> list[Link]:
    return find_links(merge_records(list(records)))


def triples(links: list[Link]) -> set[tuple[str, str, str]]:
    return {(lk.study_id, lk.other_study_id, lk.relation) for lk in links}


def test_databanklist_nct_links_both_directions() -> None:
    links = links_of(
        pubmed("12", nct_ids=["NCT09920001"],
               extra={"databanks": [{"name": "ClinicalTrials.gov",
                                     "accessions": ["NCT09920001"]}]}),
        ctgov("NCT09920001"),
    )
    assert links == [
        Link("nct:NCT09920001", "pmid:12", "registration_of", "DataBankList NCT09920001"),
        Link("pmid:12", "nct:NCT09920001", "registered_as", "DataBankList NCT09920001"),
    ]


def test_nct_only_in_abstract_text() -> None:
    links = links_of(pubmed("13", abstract="Registered at ClinicalTrials.gov (nct09920001)."),
                     ctgov("NCT09920001"))
    assert Link("pmid:13", "nct:NCT09920001", "registered_as",
                "abstract text NCT09920001") in links
    assert ("nct:NCT09920001", "pmid:13", "registration_of") in triples(links)


def test_registry_result_reference_links_and_background_does_not() -> None:
    links = links_of(
        pubmed("13"), pubmed("50"), pubmed("60"),
        ctgov("NCT09920001", references=[
            {"pmid": "13", "type": "RESULT", "citation": "x"},
            {"pmid": "60", "type": "DERIVED", "citation": "z"},
            {"pmid": "50", "type": "BACKGROUND", "citation": "y"},
            {"pmid": "999", "type": "RESULT", "citation": "absent"},
        ]),
    )
    assert triples(links) == {
        ("pmid:13", "nct:NCT09920001", "registered_as"),
        ("nct:NCT09920001", "pmid:13", "registration_of"),
        ("pmid:60", "nct:NCT09920001", "registered_as"),
        ("nct:NCT09920001", "pmid:60", "registration_of"),
    }
    assert Link("pmid:13", "nct:NCT09920001", "registered_as",
                "registry reference RESULT PMID 13") in links


def test_secondary_id_named_by_publication_links_to_registration() -> None:
    links = links_of(
        pubmed("20", extra={"databanks": [{"name": "ISRCTN", "accessions": ["ISRCTN123"]}]}),
        ctgov("NCT01", secondary_ids=[{"id": "ISRCTN123", "type": "REGISTRY", "domain": "ISRCTN",
                                       "link": None}]),
    )
    assert triples(links) == {("pmid:20", "nct:NCT01", "registered_as"),
                              ("nct:NCT01", "pmid:20", "registration_of")}


def test_reports_of_one_trial_are_tied_through_the_trial_with_merged_evidence() -> None:
    links = links_of(
        pubmed("12", nct_ids=["NCT09920001"], abstract="Trial NCT09920001.",
               extra={"databanks": [{"name": "ClinicalTrials.gov",
                                     "accessions": ["NCT09920001"]}]}),
        pubmed("13", abstract="Trial NCT09920001."),
        ctgov("NCT09920001", references=[{"pmid": "13", "type": "RESULT", "citation": ""}]),
    )
    assert Link("pmid:12", "nct:NCT09920001", "registered_as",
                "DataBankList NCT09920001; abstract text NCT09920001") in links
    assert Link("pmid:13", "nct:NCT09920001", "registered_as",
                "abstract text NCT09920001; registry reference RESULT PMID 13") in links
    assert Link("nct:NCT09920001", "pmid:13", "registration_of",
                "abstract text NCT09920001; registry reference RESULT PMID 13") in links
    # no pairwise same_trial rows: the two reports meet at the trial
    assert len(links) == len(triples(links)) == 4
    assert {lk.relation for lk in links} == {"registered_as", "registration_of"}


def test_without_its_registration_a_trial_is_a_key_that_ties_its_reports() -> None:
    links = links_of(pubmed("1", nct_ids=["NCT00000001"]), pubmed("2", nct_ids=["NCT00000001"]))
    assert triples(links) == {("pmid:1", "nct:NCT00000001", "registered_as"),
                              ("pmid:2", "nct:NCT00000001", "registered_as")}
    assert links_of(pubmed("1")) == []
    # the registration arrives later: the same ids, now with the links back
    with_registration = links_of(pubmed("1", nct_ids=["NCT00000001"]),
                                 pubmed("2", nct_ids=["NCT00000001"]), ctgov("NCT00000001"))
    assert triples(with_registration) == triples(links) | {
        ("nct:NCT00000001", "pmid:1", "registration_of"),
        ("nct:NCT00000001", "pmid:2", "registration_of")}


@pytest.mark.parametrize("registered", [True, False])
def test_links_grow_linearly_with_the_reports_of_one_trial(registered: bool) -> None:
    """k reports of one trial give at most 2k rows (k*(k-1) with pairwise same_trial links)."""
    counts = {}
    for k in (10, 100, 1000):
        records = [pubmed(str(n), nct_ids=["NCT05000001"]) for n in range(1, k + 1)]
        if registered:
            records.append(ctgov("NCT05000001"))
        links = links_of(*records)
        counts[k] = len(links)
        assert counts[k] == (2 * k if registered else k)
        assert {lk.other_study_id for lk in links if lk.relation == "registered_as"} == {
            "nct:NCT05000001"}
    assert counts[1000] == 10 * counts[100] == 100 * counts[10]


@pytest.mark.parametrize("side", ["paper", "notice", "both"])
def test_retraction_from_either_side(side: str) -> None:
    paper_cc = [{"type": "RetractionIn", "pmid": "16", "ref": "Retraction of ..."}]
    notice_cc = [{"type": "RetractionOf", "pmid": "15", "ref": "..."}]
    links = links_of(
        pubmed("15", comments_corrections=paper_cc if side != "notice" else []),
        pubmed("16", comments_corrections=notice_cc if side != "paper" else []),
    )
    assert triples(links) == {("pmid:15", "pmid:16", "retracted_by"),
                              ("pmid:16", "pmid:15", "retraction_of")}
    if side == "both":
        assert links[0].evidence == ("CommentsCorrections RetractionIn; "
                                     "CommentsCorrections RetractionOf")


def test_erratum_and_ignored_comments() -> None:
    links = links_of(
        pubmed("17"),
        pubmed("18", comments_corrections=[{"type": "ErratumFor", "pmid": "17", "ref": ""}]),
        pubmed("14", comments_corrections=[{"type": "CommentOn", "pmid": "17", "ref": ""},
                                           {"type": "RetractionIn", "pmid": "404", "ref": ""}]),
    )
    assert triples(links) == {("pmid:18", "pmid:17", "erratum_for"),
                              ("pmid:17", "pmid:18", "erratum_in")}


def test_reference_list_citation_is_not_an_inclusion_link() -> None:
    links = links_of(pubmed("24", publication_types=["Review"], extra={"references": ["41"]}),
                     pubmed("41"))
    assert links == []


def test_output_is_sorted_and_order_independent() -> None:
    records = [
        pubmed("12", nct_ids=["NCT09920001"]), pubmed("13", abstract="NCT09920001"),
        ctgov("NCT09920001"), pubmed("14", nct_ids=["NCT09920002"]),
        pubmed("15", comments_corrections=[{"type": "RetractionIn", "pmid": "16", "ref": ""}]),
        pubmed("16"),
    ]
    links = links_of(*records)
    assert links == sorted(links)
    assert find_links(list(reversed(merge_records(records)))) == links


def test_duplicate_study_ids_raise() -> None:
    study = merge_records([pubmed("1")])[0]
    with pytest.raises(ValueError):
        find_links([study, study])


# ------------------------------------------------------------------------------------------------
# the development corpus, through the real parsers



def test_corpus_links_include_every_labelled_link(corpus_dir: Path) -> None:
    labels = [json.loads(line) for line in (corpus_dir / "labels.jsonl").read_text().splitlines()
              if line.strip()]
    expected = {(label["key"], other) for label in labels for other in label["links"]}
    links = find_links(merge_records(corpus_records(corpus_dir)))
    found = {(lk.study_id, lk.other_study_id) for lk in links}
    assert expected and expected <= found
    # Both directions of every link; nothing links a study to itself.
    assert all((b, a) in found for a, b in found)
    assert all(a != b for a, b in found)
    relations = {(lk.study_id, lk.other_study_id): lk.relation for lk in links}
    assert relations[("pmid:99200013", "nct:NCT09920001")] == "registered_as"
    assert relations[("nct:NCT09920001", "pmid:99200012")] == "registration_of"
    assert relations[("pmid:99200015", "pmid:99200016")] == "retracted_by"
    # No link from a mere ReferenceList citation (review 99200024 cites 99200041).
    assert ("pmid:99200024", "pmid:99200041") not in found
