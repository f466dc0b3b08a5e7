"""db.build.derive: a crawl re-derives only what changed, and the result always equals a full
rebuild (a property test over random record sets and random changes)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from crawlers.items import SourceRecord
from db import build, store
from db.build import derive
from db.evidence_files import load_vocabulary
from db.links import find_links
from db.merge import merge_records
from db.schema import open_db
from evidence.curation import CurationEntry

VOCABULARY = load_vocabulary()
CURATION = [CurationEntry("pmid:1", "cell_type", "svf", "add", "a reviewer read the full text")]
TITLES = [
    "Mesenchymal stem cells for disc degeneration: a randomized trial",
    "Mesenchymal stem cells for disc degeneration a randomised trial",
    "Bone marrow concentrate injection for discogenic low back pain",
    "Adipose stromal vascular fraction in lumbar spinal stenosis: a case series",
]
ABSTRACTS = [
    "Forty patients with disc degeneration received intradiscal autologous MSCs.",
    "Pain (VAS) improved at 12 months after bone marrow aspirate concentrate.",
    "Registered as NCT00000002. Rats received adipose-derived stem cells.",
    "",
]


def author(last: str) -> dict[str, Any]:
    return {"name": f"{last} A", "last": last, "fore": "A", "initials": "A",
            "collective": False, "affiliations": [], "orcid": None}


def maybe(values: list[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from([None, *values])


common = {
    "title": st.sampled_from(TITLES),
    "abstract": st.sampled_from(ABSTRACTS),
    "year": st.sampled_from([2020, 2021, 2024]),
    "authors": st.sampled_from([[], [author("Marino")], [author("Haddad")]]),
}

pubmed_records = st.builds(
    lambda pmid, doi, pmcid, ncts, comments, **kw: SourceRecord(
        source="pubmed", source_id=pmid, kind="publication", raw="", pmid=pmid, doi=doi,
        pmcid=pmcid, nct_ids=ncts,
        extra={"databanks": [{"name": "ClinicalTrials.gov", "accessions": ncts}]} if ncts else {},
        comments_corrections=comments, **kw),
    pmid=st.sampled_from(["1", "2", "3"]), doi=maybe(["10.1/a", "10.1/b"]),
    pmcid=maybe(["PMC1"]), ncts=st.sampled_from([[], ["NCT00000001"], ["ISRCTN1"]]),
    comments=st.sampled_from([[], [{"type": "RetractionIn", "pmid": "2", "ref": ""}],
                              [{"type": "ErratumFor", "pmid": "1", "ref": ""}]]),
    **common)

europepmc_records = st.builds(
    lambda source_id, pmid, doi, pmcid, **kw: SourceRecord(
        source="europepmc", source_id=source_id, kind="publication", raw="", pmid=pmid, doi=doi,
        pmcid=pmcid, extra={"preprint": True} if source_id.startswith("PPR:") else {}, **kw),
    source_id=st.sampled_from(["MED:1", "PMC:PMC1", "PPR:PPR1", "PPR:PPR2"]),
    pmid=maybe(["1", "2", "3"]), doi=maybe(["10.1/A", "10.1/b", "10.9/preprint"]),
    pmcid=maybe(["pmc1"]), **common)

registration_records = st.builds(
    lambda nct, secondary, references, **kw: SourceRecord(
        source="clinicaltrials", source_id=nct, kind="registration", raw="", nct_id=nct,
        registry={"secondary_ids": secondary, "references": references,
                  "overall_status": "COMPLETED"}, **kw),
    nct=st.sampled_from(["NCT00000001", "NCT00000002"]),
    secondary=st.sampled_from([[], [{"id": "ISRCTN1", "type": "REGISTRY"}]]),
    references=st.sampled_from([[], [{"pmid": "3", "type": "RESULT", "citation": ""}]]),
    title=st.sampled_from(TITLES))

records = st.one_of(pubmed_records, europepmc_records, registration_records)
changes = st.lists(st.one_of(records, st.tuples(st.sampled_from(
    ["pubmed", "europepmc", "clinicaltrials"]), st.sampled_from(
    ["1", "2", "MED:1", "PPR:PPR1", "NCT00000001"]))), max_size=6)


def write(db: Database, change: SourceRecord | tuple[str, str]) -> None:
    """Store a record as a crawl would (raw payload = its JSON), or delete one."""
    if isinstance(change, tuple):
        db["records"].delete_where("source = ? and source_id = ?", list(change))
        return
    record = change.as_dict()
    raw = json.dumps(record, sort_keys=True)
    store.save_records(db, [(record, raw)], None, store.RunCounts())


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every derived row, without row ids."""
    return {
        "studies": sorted(tuple(row.values()) for row in db["studies"].rows),
        "study_tags": sorted(tuple(v for k, v in row.items() if k != "id")
                             for row in db["study_tags"].rows),
        "links": sorted(tuple(row.values()) for row in db["links"].rows),
        "record_studies": sorted((row["source"], row["source_id"], row["study_id"])
                                 for row in db["_derive_records"].rows),
        # the indexes the derive writes in bulk (db/bulk_indexes.py), by study id (the rowids
        # of an incremental database are not a rebuild's)
        "search": sorted(db.execute(
            "select s.study_id, f.title, f.abstract from studies_fts f join studies s "
            "on s.rowid = f.rowid").fetchall()),
        "facets": sorted(db.execute(
            "select f.facet, f.value, s.study_id from study_facets f join studies s "
            "on s.rowid = f.study_rowid").fetchall()),
        "index_sizes": [db.execute(f"select count(*) from {table}").fetchone()[0]
                        for table in ("studies_fts", "study_facets")],
        "evidence_map": sorted(tuple(row.values()) for row in db["evidence_map_cells"].rows),
    }


def full_rebuild(db: Database) -> Database:
    """A fresh database with the same records, derived from scratch."""
    other = open_db(":memory:")
    other["records"].insert_all(db["records"].rows)
    derive(other, VOCABULARY, CURATION, full=True)
    return other


@pytest.mark.parametrize("share", [build.NEIGHBOURHOOD_MAX_SHARE, 1.0])
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(initial=st.lists(records, max_size=8), rounds=st.lists(changes, min_size=1, max_size=3))
def test_incremental_derive_equals_a_full_rebuild(
        share: float, initial: list[SourceRecord], rounds: list[list[Any]]) -> None:
    """With the default share, and with 1.0: then a derive always regroups only the changed
    records' neighbourhood (a few records are often more than half of these small sets)."""
    default, build.NEIGHBOURHOOD_MAX_SHARE = build.NEIGHBOURHOOD_MAX_SHARE, share
    try:
        check_incremental_derive(initial, rounds)
    finally:
        build.NEIGHBOURHOOD_MAX_SHARE = default


def check_incremental_derive(initial: list[SourceRecord], rounds: list[list[Any]]) -> None:
    db = open_db(":memory:")
    for record in initial:
        write(db, record)
    derive(db, VOCABULARY, CURATION)
    for round_ in rounds:
        for change in round_:
            write(db, change)
        summary = derive(db, VOCABULARY, CURATION)
        assert not summary.full
        rebuilt = full_rebuild(db)
        assert snapshot(db) == snapshot(rebuilt)
    # and the database's derive is the pure merge and links of its records
    stored = [json.loads(row["data"]) for row in db["records"].rows]
    studies = merge_records(stored)
    assert sorted(row["study_id"] for row in db["studies"].rows) == [s.study_id for s in studies]
    assert sorted((row["study_id"], row["other_study_id"], row["relation"], row["evidence"])
                  for row in db["links"].rows) == [
        (lk.study_id, lk.other_study_id, lk.relation, lk.evidence) for lk in find_links(studies)]


# ------------------------------------------------------------------------------------------------
# what a derive touches


def pub(pmid: str, **kw: Any) -> SourceRecord:
    kw.setdefault("title", TITLES[0])
    return SourceRecord(source="pubmed", source_id=pmid, kind="publication", raw="", pmid=pmid,
                        **kw)


@pytest.fixture
def db() -> Database:
    database = open_db(":memory:")
    for pmid in ("1", "2", "3"):
        write(database, pub(pmid, abstract=ABSTRACTS[0]))
    derive(database, VOCABULARY, CURATION)
    return database


def test_nothing_changed_derives_nothing(db: Database) -> None:
    before = snapshot(db)
    summary = derive(db, VOCABULARY, CURATION)
    assert (summary.derived, summary.full, summary.studies) == (0, False, 3)
    write(db, pub("2", abstract=ABSTRACTS[0]))  # the same payload again: not even written
    assert derive(db, VOCABULARY, CURATION).derived == 0
    assert snapshot(db) == before


def test_a_changed_record_re_derives_its_study_only(db: Database) -> None:
    tag_ids = {row["study_id"]: row["id"] for row in db["study_tags"].rows}
    write(db, pub("2", abstract=ABSTRACTS[1]))
    summary = derive(db, VOCABULARY, CURATION)
    assert (summary.derived, summary.full) == (1, False)
    after = {row["study_id"]: row["id"] for row in db["study_tags"].rows}
    assert after["pmid:1"] == tag_ids["pmid:1"] and after["pmid:3"] == tag_ids["pmid:3"]
    assert after["pmid:2"] != tag_ids["pmid:2"]  # rewritten


def test_the_evidence_map_is_rewritten_only_when_what_it_reads_changed(db: Database) -> None:
    def mark_map() -> None:
        db.execute("update evidence_map_cells set why = 'as before'")

    def map_rewritten() -> bool:
        return not db.execute("select 1 from evidence_map_cells where why = 'as before'"
                              ).fetchone()

    mark_map()
    write(db, pub("2", abstract=ABSTRACTS[0], journal="Spine"))  # no tag, level or link moves
    assert derive(db, VOCABULARY, CURATION).derived == 1
    assert not map_rewritten()
    write(db, pub("2", abstract=ABSTRACTS[1]))  # other tags: other cells
    derive(db, VOCABULARY, CURATION)
    assert map_rewritten()
    mark_map()
    write(db, pub("3", abstract=ABSTRACTS[0], nct_ids=["NCT00000009"]))  # a trial link only
    derive(db, VOCABULARY, CURATION)
    assert map_rewritten()
    mark_map()
    db["records"].delete_where("source = 'pubmed' and source_id = '3'")  # a study removed
    derive(db, VOCABULARY, CURATION)
    assert map_rewritten()


def test_a_record_that_joins_a_group_re_derives_the_group(db: Database) -> None:
    write(db, SourceRecord(source="europepmc", source_id="MED:2", kind="publication", raw="",
                           pmid="2", title=TITLES[0], abstract=ABSTRACTS[1]))
    summary = derive(db, VOCABULARY, CURATION)
    assert summary.derived == 1
    sources = {row["study_id"]: json.loads(row["sources"]) for row in db["studies"].rows}
    assert sources["pmid:2"] == ["europepmc:MED:2", "pubmed:2"]
    db["records"].delete_where("source = 'pubmed' and source_id = '2'")
    derive(db, VOCABULARY, CURATION)
    sources = {row["study_id"]: json.loads(row["sources"]) for row in db["studies"].rows}
    assert sources["pmid:2"] == ["europepmc:MED:2"]


def test_tag_and_a_new_curation_re_derive_everything(db: Database) -> None:
    assert derive(db, VOCABULARY, CURATION, full=True).derived == 3
    summary = derive(db, VOCABULARY, [])  # curation changed: nothing else can be trusted
    assert (summary.full, summary.derived) == (True, 3)
    assert not [row for row in db["study_tags"].rows if row["origin"] == "curation"]


def preprint(source_id: str, title: str, year: int) -> SourceRecord:
    return SourceRecord(source="europepmc", source_id=source_id, kind="publication", raw="",
                        title=title, year=year, extra={"preprint": True})


@pytest.mark.parametrize("late", ["journal", "preprint"])
def test_a_preprint_and_its_journal_version_meet_in_a_nightly_run(db: Database,
                                                                   late: str) -> None:
    """They share no identifier: only their titles and years tie them (db.merge), so the
    derive must look around a changed record by year, among records it did not change."""
    for pmid in ("4", "5", "6", "7"):
        write(db, pub(pmid, title=TITLES[2 + int(pmid) % 2], year=2019))
    journal = pub("8", title=TITLES[1], year=2021)
    early, later = ((preprint("PPR:PPR1", TITLES[0], 2020), journal) if late == "journal"
                    else (journal, preprint("PPR:PPR1", TITLES[0], 2020)))
    write(db, early)
    derive(db, VOCABULARY, CURATION)
    write(db, later)
    summary = derive(db, VOCABULARY, CURATION)
    assert not summary.full and summary.derived <= 2  # not every study
    sources = {row["study_id"]: json.loads(row["sources"]) for row in db["studies"].rows}
    assert sources["pmid:8"] == ["europepmc:PPR:PPR1", "pubmed:8"]
    assert snapshot(db) == snapshot(full_rebuild(db))


def test_a_registration_crawled_later_ties_its_reports_back(db: Database) -> None:
    write(db, pub("4", nct_ids=["NCT00000009"]))
    write(db, pub("5", abstract="Registered as NCT00000009."))
    derive(db, VOCABULARY, CURATION)
    links = {(r["study_id"], r["other_study_id"], r["relation"]) for r in db["links"].rows}
    assert links == {("pmid:4", "nct:NCT00000009", "registered_as"),
                     ("pmid:5", "nct:NCT00000009", "registered_as")}
    write(db, SourceRecord(source="clinicaltrials", source_id="NCT00000009",
                           kind="registration", raw="", nct_id="NCT00000009", title="Trial"))
    assert derive(db, VOCABULARY, CURATION).derived == 1
    links = {(r["study_id"], r["other_study_id"], r["relation"]) for r in db["links"].rows}
    assert links == {("pmid:4", "nct:NCT00000009", "registered_as"),
                     ("pmid:5", "nct:NCT00000009", "registered_as"),
                     ("nct:NCT00000009", "pmid:4", "registration_of"),
                     ("nct:NCT00000009", "pmid:5", "registration_of")}

