"""RIS and BibTeX exports must import with real readers (rispy, bibtexparser 2)."""

from __future__ import annotations

import asyncio
import re

import bibtexparser
import pytest
import rispy

from db.serve import make_datasette
from tests.studydb import build_study_db

SOURCES = [
    "/stemspine/studies.{ext}?_size=max",
    "/stemspine/new_since.{ext}?since=2024-01-01",
    "/stemspine/search.{ext}?q=cells",
]


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    path = build_study_db(tmp_path_factory.mktemp("exports") / "stemspine.db")
    return make_datasette(str(path))


def fetch(ds, path: str) -> str:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text
    return response.text


@pytest.mark.parametrize("source", SOURCES)
def test_ris_parses_and_every_record_is_complete(ds, source):
    records = rispy.loads(fetch(ds, source.format(ext="ris")))
    assert records
    for record in records:
        assert record["type_of_reference"] in ("JOUR", "DBASE")
        assert record.get("title")
        assert record.get("authors")
        assert record.get("year")
        assert record.get("id") and record.get("accession_number")


def test_ris_fields_of_a_publication_and_a_registration(ds):
    records = {r["id"]: r for r in rispy.loads(fetch(ds, SOURCES[0].format(ext="ris")))}
    rct = records["pmid:1001"]
    assert rct["type_of_reference"] == "JOUR"
    assert rct["authors"] == ["Amirdelfan K", "Bae H", "McJunkin T"]
    assert rct["journal_name"] == "Spine J"
    assert rct["urls"] == ["https://pubmed.ncbi.nlm.nih.gov/1001/"]
    assert rct["accession_number"] == "1001"
    assert "msc" in rct["keywords"]
    registration = records["nct:NCT02000002"]
    assert registration["type_of_reference"] == "DBASE"
    assert registration["urls"] == ["https://clinicaltrials.gov/study/NCT02000002"]
    preprint = records["doi:10.1101/2023.05.01.000003"]
    assert preprint["doi"] == "10.1101/2023.05.01.000003"
    assert "RETRACTED" in records["pmid:1009"]["notes"][0]


@pytest.mark.parametrize("source", SOURCES)
def test_bibtex_parses_with_no_failed_blocks(ds, source):
    library = bibtexparser.parse_string(fetch(ds, source.format(ext="bib")))
    assert library.failed_blocks == []
    assert library.entries
    keys = [entry.key for entry in library.entries]
    assert len(keys) == len(set(keys))
    for entry in library.entries:
        fields = entry.fields_dict
        assert entry.key
        for name in ("title", "author", "year", "studyid"):
            assert name in fields and fields[name].value, (entry.key, name)


def test_bibtex_escapes_specials_and_keeps_braces_balanced(ds):
    text = fetch(ds, "/stemspine/studies.bib?study_id=pmid:2002")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    (entry,) = library.entries
    assert entry.entry_type == "article"
    title = entry.fields_dict["title"].value
    assert "{BMAC}" not in title
    assert re.search(r"(?<!\\)[&%$#_]", title) is None  # every special is escaped
    assert r"\&" in title and r"\%" in title and r"\_" in title and r"\$" in title
    assert title.count("{") == title.count("}")
    author = entry.fields_dict["author"].value
    assert author.split(" and ")[:2] == ["O'Brien D", "Müller F"]
    assert "{Spine and Pain Research Group}" in author  # a group name is one author


def test_bibtex_registration_is_misc_with_its_nct_id(ds):
    library = bibtexparser.parse_string(
        fetch(ds, "/stemspine/studies.bib?study_id=nct:NCT01000001"))
    (entry,) = library.entries
    assert entry.entry_type == "misc"
    assert entry.key == "nct:NCT01000001"
    assert "NCT01000001" in entry.fields_dict["note"].value
    assert entry.fields_dict["url"].value == "https://clinicaltrials.gov/study/NCT01000001"


def test_rows_without_study_columns_still_export_what_they_have():
    from db.plugins.exports import to_bib, to_ris

    rows = [{"title": "Only a title"}, {"title": "Twice", "year": 2020}, {"title": "Twice"}]
    records = rispy.loads(to_ris(rows))
    assert [record["title"] for record in records] == ["Only a title", "Twice", "Twice"]
    library = bibtexparser.parse_string(to_bib(rows))
    assert library.failed_blocks == []
    assert len({entry.key for entry in library.entries}) == 3


@pytest.mark.parametrize("path, first_columns", [
    ("/stemspine/studies.csv?study_id=zzz", ["study_id", "kind", "title"]),
    ("/stemspine/studies.csv?study_id=zzz&_col=title&_col=year", ["study_id", "title", "year"]),
    ("/stemspine/studies.csv?_search=zzzzqq", ["study_id", "kind", "title"]),
    ("/stemspine/search.csv?q=zzzzqq", ["study_id", "title", "year"]),
    ("/stemspine/new_since.csv?since=2999-01-01", ["study_id", "first_seen", "kind"]),
])
def test_an_empty_csv_still_has_its_header_row(ds, path, first_columns):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(fetch(ds, path))))
    assert len(rows) == 1, rows  # the header, no data row
    assert rows[0][:len(first_columns)] == first_columns
    full = path.split("?")[0] + "?" + "&".join(
        part for part in path.split("?")[1].split("&") if part.startswith("_col"))
    assert rows[0] == next(csv.reader(io.StringIO(fetch(ds, full))))  # same as with rows
