"""crawlers.parsers.pubmed: efetch and esearch XML against real fixtures, the corpus and surgery."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from crawlers.parsers.pubmed import (
    EsearchResult,
    parse_article,
    parse_efetch,
    parse_esearch,
    revision_key,
)
from tests.conftest import FIXTURES

FIXTURE_FILES = sorted((FIXTURES / "pubmed").glob("*.xml"))
ARTICLE_START = re.compile(rb"<PubmedArticle>")
OWN_PMID = re.compile(rb"<MedlineCitation[^>]*>\s*<PMID[^>]*>(\d+)</PMID>")


def read(directory: Path, name: str) -> bytes:
    return (directory / "pubmed" / name).read_bytes()


def one(directory: Path, name: str, index: int = 0):
    result = parse_efetch(read(directory, name))
    assert result.problems == [] and result.skipped is None
    return result.records[index]


def article_spans(data: bytes) -> list[tuple[int, int]]:
    """(start, end) byte offsets of each <PubmedArticle>...</PubmedArticle>."""
    spans = []
    for match in ARTICLE_START.finditer(data):
        end = data.index(b"</PubmedArticle>", match.start()) + len(b"</PubmedArticle>")
        spans.append((match.start(), end))
    return spans


def minimal(inner_citation: str = "", inner_article: str = "", pubmed_data: str = "") -> bytes:
    """A small efetch document for edge cases no fixture holds."""
    return (
        "<PubmedArticleSet><PubmedArticle><MedlineCitation Status=\"MEDLINE\">"
        "<PMID Version=\"1\">123</PMID>"
        f"<Article><ArticleTitle>T</ArticleTitle>{inner_article}</Article>{inner_citation}"
        f"</MedlineCitation><PubmedData>{pubmed_data}</PubmedData></PubmedArticle>"
        "</PubmedArticleSet>"
    ).encode()


def pubdate(inner: str) -> bytes:
    return minimal(
        inner_article=f"<Journal><JournalIssue><PubDate>{inner}</PubDate></JournalIssue></Journal>"
    )


# ---------------------------------------------------------------------------- every fixture file


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_every_fixture_file(path: Path, fixtures_dir: Path) -> None:
    data = path.read_bytes()
    result = parse_efetch(data)
    if b"<PubmedArticleSet" in data:
        assert result.skipped is None
        assert result.problems == []
        assert len(result.records) == len(ARTICLE_START.findall(data))
        expected = [m.decode() for m in OWN_PMID.findall(data)]
        assert [r.pmid for r in result.records] == expected
        for record in result.records:
            assert record.source == "pubmed" and record.kind == "publication"
            assert record.source_id == record.pmid
            assert record.raw.startswith("<PubmedArticle>")
            assert record.raw.endswith("</PubmedArticle>")
    else:
        assert result.records == [] and result.problems == []
        assert result.skipped


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("biopython-esearch1.xml", "esearch"),
        ("biopython-esummary-pubmed1.xml", "esummary"),
        ("biopython-esummary-error-noid.xml", "Neither query_key nor id specified"),
        ("biopython-efetch-pmc-correction.xml", "PMC"),
    ],
)
def test_non_efetch_documents_are_skipped_with_a_reason(
    fixtures_dir: Path, name: str, reason: str
) -> None:
    assert reason in parse_efetch(read(fixtures_dir, name)).skipped


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n", b"<html><body><h1>502 Bad Gateway</h1></body></html>",
     b"<html><body><p>unclosed</body></html>", b"\x00\xff\xfe garbage \x89PNG",
     b"{\"error\": \"API rate limit exceeded\"}", b"<ERROR>Invalid uid</ERROR>",
     b"<eFetchResult><ERROR>Empty id list</ERROR></eFetchResult>"],
)
def test_garbage_is_skipped_never_raises(data: bytes) -> None:
    result = parse_efetch(data)
    assert result.records == []
    assert result.skipped


def test_empty_article_set(fixtures_dir: Path) -> None:
    result = parse_efetch(read(fixtures_dir, "metapub-efetch-pmid37909814-empty-articleset.xml"))
    assert result.records == [] and result.problems == [] and result.skipped is None
    assert parse_efetch(b"<PubmedArticleSet/>").records == []


# ---------------------------------------------------------------------------- edge cases


def test_season_date(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "biopython-efetch-pubmed1.xml")
    assert record.pmid == "12091962"
    assert (record.year, record.pub_date) == (1990, "1990-03")  # 1990 Spring
    assert record.abstract == "" and record.abstract_sections == []
    assert record.publication_types == ["Journal Article", "Review"]
    assert record.pages == "113-25"
    assert record.journal == "Social justice (San Francisco, Calif.)"
    assert record.extra["journal_iso"] == "Soc Justice"
    assert record.extra["nlm_unique_id"] == "9891830"
    assert record.extra["issn"] == "1043-1578"
    assert record.revised == "2007-11-15"
    assert record.extra["pmid_version"] == "1"
    # Season given as a month span
    season = one(fixtures_dir, "metapub-efetch-pmid23657305-season-structured-nonascii.xml")
    assert season.pub_date == "2013-01"  # <Season>Jan-Mar</Season>


def test_medline_date_1978(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "ncbiutils-efetch-5pmids-medlinedate-collective.xml", 4)
    assert record.pmid == "151222"
    assert record.title == "Histochemical and histoenzymic researches in coronary sudden death."
    assert (record.year, record.pub_date) == (1978, "1978-07")


@pytest.mark.parametrize(
    ("inner", "year", "iso"),
    [
        ("<MedlineDate>1998 Dec-1999 Jan</MedlineDate>", 1998, "1998-12"),
        ("<MedlineDate>2000 Spring</MedlineDate>", 2000, "2000-03"),
        ("<MedlineDate>2019 Jul 5-12</MedlineDate>", 2019, "2019-07-05"),
        ("<MedlineDate>1998-1999</MedlineDate>", 1998, "1998"),
        ("<Year>2019</Year><Season>Winter</Season>", 2019, "2019-12"),
        ("<Year>2019</Year><Season>Fall</Season>", 2019, "2019-09"),
        ("<Year>2019</Year><Month>01</Month><Day>7</Day>", 2019, "2019-01-07"),
        ("<Year>2019</Year><Month>Feb</Month><Day>30</Day>", 2019, "2019-02"),
        ("<Year>2019</Year><Month>Smarch</Month>", 2019, "2019"),
        ("<Year>2019</Year><Month>Jan</Month><Day>²</Day>", 2019, "2019-01"),
        ("<Year>19x9</Year>", None, None),
        ("<Year>２０１９</Year>", None, None),
        ("<MedlineDate>undated</MedlineDate>", None, None),
        ("", None, None),
    ],
)
def test_pub_date_forms(inner: str, year: int | None, iso: str | None) -> None:
    record = parse_efetch(pubdate(inner)).records[0]
    assert (record.year, record.pub_date) == (year, iso)


def test_pub_date_falls_back_to_article_date_then_pubmed_history() -> None:
    article_date = '<ArticleDate DateType="Electronic"><Year>2021</Year><Month>03</Month>' \
        "<Day>04</Day></ArticleDate>"
    history = '<History><PubMedPubDate PubStatus="pubmed"><Year>2020</Year><Month>5</Month>' \
        '<Day>6</Day></PubMedPubDate><PubMedPubDate PubStatus="entrez"><Year>2020</Year>' \
        "<Month>5</Month><Day>5</Day></PubMedPubDate></History>"
    record = parse_efetch(minimal(inner_article=article_date, pubmed_data=history)).records[0]
    assert (record.year, record.pub_date) == (2021, "2021-03-04")
    assert record.extra["pub_date_from"] == "ArticleDate"
    record = parse_efetch(minimal(pubmed_data=history)).records[0]
    assert (record.year, record.pub_date) == (2020, "2020-05-06")
    assert record.extra["entrez_date"] == "2020-05-05"


def test_empty_title_uses_vernacular_title_publisher_status(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "ncbiutils-efetch-pmid33279447-publisher-spanish-notitle.xml")
    assert record.pmid == "33279447"
    assert record.title == "Pere Barceló."
    assert record.vernacular_title == "Pere Barceló."
    assert record.extra["title_from"] == "VernacularTitle"
    assert record.status == "Publisher"
    assert record.mesh == [] and record.abstract == ""
    assert "spa" in record.language
    assert record.doi == "10.1016/j.reuma.2020.11.001"


def test_vernacular_title_kept_beside_english_title(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "metapub-efetch-pmid36987902-norwegian-vernaculartitle.xml")
    assert record.title.startswith("Patients over 75 years admitted to the National Burn Centre")
    assert record.vernacular_title.startswith("Pasienter over 75 år innlagt")
    assert "title_from" not in record.extra
    assert record.language == ["eng", "nor"]
    assert record.authors[0]["name"] == "Bruserud Ø"
    assert record.authors[0]["fore"] == "Øyvind"


def test_in_data_review_status(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "biopython-efetch-pubmed5.xml")
    assert record.status == "In-Data-Review" and record.mesh == []
    # <sub> inside AbstractText flattened
    assert "(ORQ3=4.15, 95% CI 1.56 to 11.01" in record.abstract
    assert "<sub>" not in record.abstract


def test_inline_markup_and_structured_abstract(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "biopython-efetch-pubmed4.xml")
    assert record.pmid == "27797938"
    assert record.title == (
        "Leucocyte telomere length, genetic variants at the TERT gene region and risk of "
        "pancreatic cancer."
    )
    assert [s["label"] for s in record.abstract_sections][:2] == ["OBJECTIVE", "DESIGN"]
    assert record.abstract.startswith("OBJECTIVE: Telomere shortening occurs as an early event")
    assert "\n\nDESIGN: We measured prediagnostic leucocyte telomere length" in record.abstract
    assert len(record.abstract.split("\n\n")) == len(record.abstract_sections)
    assert record.doi == "10.1136/gutjnl-2016-312510"
    assert record.pmcid == "PMC5442267"
    assert "Observational Study" in record.publication_types
    assert {"id": "KL2 TR001100", "acronym": "TR", "agency": "NCATS NIH HHS",
            "country": "United States"} in record.grants


def test_structured_abstract_nlm_category(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "metapub-efetch-pmid23657305-season-structured-nonascii.xml")
    assert [s["label"] for s in record.abstract_sections] == [
        "CONTEXT", "OBJECTIVES", "METHODS", "RESULTS", "CONCLUSION"
    ]
    assert record.abstract_sections[0]["category"] == "BACKGROUND"
    assert record.authors[0]["fore"] == "Luís"


def test_sub_markup_in_title(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "metapub-efetch-pmid38914053-sub-markup-in-title.xml")
    assert record.pmid == "38914053"
    # The source has no space after </sub>: "SnO<sub>2</sub>thin".
    assert record.title.startswith("Doped SnO2thin films fabricated at low temperature")
    assert "<" not in record.title


def test_pretty_printed_markup_in_abstract(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "ncbiutils-efetch-pmid30158200-markup-metaanalysis.xml")
    assert "(eg, SOST, WNT16, and ESR1) or novel pathways (FAM210A, GRB10, and ETS2)" in (
        record.abstract
    )
    assert "\t" not in record.abstract and "\n\n" in record.abstract
    assert any(a["collective"] for a in record.authors)


def test_collective_name_alone(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "metapub-efetch-pmid34843274-collectivename.xml")
    assert record.authors == [
        {
            "name": "Guideline Development Panel for the Treatment of Depressive Disorders",
            "last": None,
            "fore": None,
            "initials": None,
            "collective": True,
            "affiliations": [],
            "orcid": None,
        }
    ]


def test_rct_with_databank_collective_after_persons(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "biomcp-efetch-pmid22663011-rct-nejm.xml")
    assert record.pmid == "22663011"
    assert record.title == "Improved survival with MEK inhibition in BRAF-mutated melanoma."
    assert record.nct_ids == ["NCT01245062"]
    assert record.extra["databanks"] == [
        {"name": "ClinicalTrials.gov", "accessions": ["NCT01245062"]}
    ]
    names = [a["name"] for a in record.authors]
    assert names[0] == "Flaherty KT" and names[-1] == "METRIC Study Group"
    assert record.authors[-1]["collective"] is True
    assert not any(a["collective"] for a in record.authors[:-1])
    assert "Dreno B" in names
    assert {"Randomized Controlled Trial", "Clinical Trial, Phase III", "Multicenter Study"} <= set(
        record.publication_types
    )
    assert record.pages == "107-14" and record.year == 2012
    assert record.revised == "2026-05-18"
    assert record.doi == "10.1056/nejmoa1203421"  # lower-cased


def test_collective_and_orcid_and_references(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "biopython-efetch-pubmed7.xml")
    orcids = {a["name"]: a["orcid"] for a in record.authors}
    # written as https://orcid.org/0000-0002-4590-7461 in the file
    assert orcids["Capaldi D"] == "0000-0002-4590-7461"
    assert orcids["Fenster A"] == "0000-0003-3525-2788"
    assert sum(1 for o in orcids.values() if o) == 2
    assert record.authors[-1]["name"] == "Canadian Respiratory Research Network"
    assert record.authors[-1]["collective"] is True
    assert record.doi == "10.1117/1.jmi.5.2.026002"
    assert record.pmcid == "PMC6022861"
    assert record.extra["references"][:3] == ["25144646", "8028666", "19585597"]


def test_nonascii_names_and_collective_after_persons(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "metapub-efetch-pmid38534005-collectivename-guideline-nonascii.xml")
    names = [a["name"] for a in record.authors]
    assert names[:2] == ["Kouri TT", "Hofmann W"]
    assert names[-1].startswith("Task and Finish Group for Urinalysis (TFG-U)")
    assert record.authors[-1]["collective"]


def test_orcid_forms_normalised_and_invalid_authors_skipped() -> None:
    authors = (
        '<AuthorList><Author ValidYN="Y"><LastName>Pang</LastName><ForeName>Xiao</ForeName>'
        '<Initials>X</Initials><Identifier Source="ORCID">https://orcid.org/0000-0002-1825-009x'
        "</Identifier><Affiliation>Legacy Hospital.</Affiliation></Author>"
        '<Author ValidYN="N"><LastName>Wrong</LastName><Initials>W</Initials></Author>'
        '<Author><LastName>Li</LastName><Identifier Source="ORCID">0000000218250097</Identifier>'
        "</Author></AuthorList>"
    )
    record = parse_efetch(minimal(inner_article=authors)).records[0]
    assert [a["name"] for a in record.authors] == ["Pang X", "Li"]
    assert record.authors[0]["orcid"] == "0000-0002-1825-009X"
    assert record.authors[1]["orcid"] == "0000-0002-1825-0097"
    assert record.authors[0]["affiliations"] == ["Legacy Hospital."]


def test_legacy_2008_article_affiliation_goes_to_first_author(fixtures_dir: Path) -> None:
    legacy = one(fixtures_dir, "biopython-efetch-pubmed2-2008format.xml")
    current = one(fixtures_dir, "biopython-efetch-pubmed2.xml")
    assert legacy.authors[0]["affiliations"] == current.authors[0]["affiliations"] == [
        "Dipartimento di Scienze Ambientali, Università degli Studi della Tuscia, 01100 Viterbo, "
        "Italy."
    ]
    assert legacy.authors[1]["affiliations"] == []
    assert legacy.extra["pmid_version"] is None and legacy.extra["date_created"]
    assert current.extra["pmid_version"] == "1" and "date_created" not in current.extra
    pnm = one(fixtures_dir, "biopython-efetch-pubmed2.xml", 1)
    assert pnm.status == "PubMed-not-MEDLINE"
    assert pnm.title == "Proton MRI of (13)C distribution by J and chemical shift editing."


def test_erratum_in(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "metapub-efetch-pmid35649368-erratumin.xml")
    assert record.comments_corrections == [
        {
            "type": "ErratumIn",
            "pmid": "35767954",
            "ref": "Cell Rep. 2022 Jun 28;39(13):111044. doi: 10.1016/j.celrep.2022.111044.",
        }
    ]


def test_published_erratum_and_letter_without_abstract(fixtures_dir: Path) -> None:
    erratum = one(fixtures_dir, "metapub-efetch-pmid38833988-published-erratum.xml")
    assert erratum.publication_types == ["Published Erratum"]
    assert erratum.abstract == ""
    letter = one(fixtures_dir, "metapub-efetch-pmid38762411-casereport-letter.xml")
    assert {"Case Reports", "Letter"} <= set(letter.publication_types)


def test_no_abstract(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "metapub-efetch-pmid11636720-historical-biography-noabstract.xml")
    assert record.pmid == "11636720"
    assert record.title == "Anaxagoras' theory of sex differentiation and heredity."
    assert record.abstract == "" and record.abstract_sections == []
    assert record.publication_types == ["Biography", "Historical Article", "Journal Article"]
    assert record.year == 1973
    assert record.doi == "10.1163/156852873x00014"


def test_other_abstract_used_only_without_abstract() -> None:
    other = '<OtherAbstract Type="Publisher" Language="spa"><AbstractText>Resumen.</AbstractText>' \
        "</OtherAbstract>"
    record = parse_efetch(minimal(inner_citation=other)).records[0]
    assert record.abstract == "Resumen."
    assert record.extra["abstract_from"] == "OtherAbstract"
    both = parse_efetch(
        minimal(inner_article="<Abstract><AbstractText>Own.</AbstractText></Abstract>",
                inner_citation=other)
    ).records[0]
    assert both.abstract == "Own." and "abstract_from" not in both.extra


def test_doi_from_elocation_when_article_id_missing(fixtures_dir: Path) -> None:
    data = read(fixtures_dir, "metapub-efetch-pmid38914053-sub-markup-in-title.xml")
    without = re.sub(rb'<ArticleId IdType="doi">[^<]*</ArticleId>', b"", data)
    assert without != data
    record = parse_efetch(without).records[0]
    assert record.doi == "10.1088/1361-6528/ad5afd"


def test_reference_dois_are_never_the_papers_doi(fixtures_dir: Path) -> None:
    name = "metapub-efetch-pmid36717101-review-musculoskeletal.xml"
    assert one(fixtures_dir, name).doi == "10.1152/ajpcell.00544.2022"
    # Remove the paper's own DOIs (its ArticleIdList precedes the ReferenceList): the 147
    # reference DOIs must not stand in.
    head, sep, tail = read(fixtures_dir, name).partition(b"<ReferenceList")
    head = re.sub(rb'<ArticleId IdType="doi">[^<]*</ArticleId>', b"", head)
    head = re.sub(rb'<ELocationID EIdType="doi"[^>]*>[^<]*</ELocationID>', b"", head)
    assert tail.count(b'IdType="doi"') >= 100
    record = parse_efetch(head + sep + tail).records[0]
    assert record.doi is None
    assert record.pmcid == "PMC10027092"


def test_mesh_keywords_chemicals(fixtures_dir: Path) -> None:
    record = one(fixtures_dir, "biopython-efetch-pubmed2.xml")
    sea_bream = next(m for m in record.mesh if m["descriptor"] == "Sea Bream")
    assert sea_bream == {
        "descriptor": "Sea Bream",
        "major": False,
        "ui": "D021541",
        "qualifiers": [
            {"name": "anatomy & histology", "major": True, "ui": "Q000033"},
            {"name": "physiology", "major": False, "ui": "Q000502"},
        ],
    }
    assert one(fixtures_dir, "biopython-efetch-pubmed1.xml").keywords == [
        "Health Care and Public Health",
        "Legal Approach",
    ]


def test_book_article_is_set_aside_with_its_reason() -> None:
    data = (
        b"<PubmedArticleSet><PubmedBookArticle><BookDocument><PMID Version=\"1\">20301295"
        b"</PMID></BookDocument></PubmedBookArticle>" + minimal()[len(b"<PubmedArticleSet>"):]
    )
    result = parse_efetch(data)
    assert [r.pmid for r in result.records] == ["123"]
    assert result.problems == []
    [book] = result.skipped_records
    assert book.position == 0 and book.source_id == "20301295" and "Bookshelf" in book.message


def test_delete_citation_lists_the_deleted_pmids() -> None:
    data = minimal().replace(
        b"</PubmedArticleSet>",
        b"<DeleteCitation><PMID Version=\"1\">111</PMID><PMID Version=\"1\">222</PMID>"
        b"</DeleteCitation></PubmedArticleSet>")
    result = parse_efetch(data)
    assert [r.pmid for r in result.records] == ["123"] and result.deleted == ["111", "222"]
    only = parse_efetch(b"<PubmedArticleSet><DeleteCitation><PMID>9</PMID></DeleteCitation>"
                        b"</PubmedArticleSet>")
    assert only.records == [] and only.problems == [] and only.deleted == ["9"]
    # a broken document (read article by article) still reports its deletions
    broken = data.replace(b"</PubmedArticle>", b"</PubmedArticle><oops>", 1)
    assert parse_efetch(broken).deleted == ["111", "222"]


def test_parse_article_needs_a_pmid() -> None:
    element = etree.fromstring(b"<PubmedArticle><MedlineCitation/></PubmedArticle>")
    with pytest.raises(ValueError, match="PMID"):
        parse_article(element)
    result = parse_efetch(b"<PubmedArticleSet><PubmedArticle><MedlineCitation/></PubmedArticle>"
                          b"</PubmedArticleSet>")
    assert result.records == [] and result.problems[0].position == 0


# ---------------------------------------------------------------------------- versions


@pytest.mark.parametrize("number", [1, 2])
def test_revision_key_current_format_beats_2008(fixtures_dir: Path, number: int) -> None:
    legacy = parse_efetch(read(fixtures_dir, f"biopython-efetch-pubmed{number}-2008format.xml"))
    current = parse_efetch(read(fixtures_dir, f"biopython-efetch-pubmed{number}.xml"))
    by_pmid = {r.pmid: r for r in current.records}
    assert len(legacy.records) == 2
    for old in legacy.records:
        new = by_pmid[old.pmid]
        assert revision_key(old) < revision_key(new)
        assert max([new, old], key=revision_key) is new
        assert max([old, new], key=revision_key) is new


def test_revision_key_later_revised_date_wins() -> None:
    older = parse_efetch(minimal(inner_citation="<DateRevised><Year>2020</Year><Month>01</Month>"
                                 "<Day>02</Day></DateRevised>")).records[0]
    newer = parse_efetch(minimal(inner_citation="<DateRevised><Year>2021</Year><Month>01</Month>"
                                 "<Day>01</Day></DateRevised>")).records[0]
    assert older.revised == "2020-01-02"
    assert revision_key(older) < revision_key(newer)


def test_revision_key_same_pmid_in_two_2022_files_is_deterministic(fixtures_dir: Path) -> None:
    a = one(fixtures_dir, "ncbiutils-efetch-5pmids-medlinedate-collective.xml", 3)
    b = one(fixtures_dir, "ncbiutils-efetch-pmid30158200-markup-metaanalysis.xml")
    assert a.pmid == b.pmid == "30158200"
    assert revision_key(max([a, b], key=revision_key)) == revision_key(
        max([b, a], key=revision_key)
    )
    assert max([a, b], key=revision_key).raw == max([b, a], key=revision_key).raw


# ---------------------------------------------------------------------------- the corpus


def corpus_records(corpus_dir: Path) -> dict:
    records = {}
    total = 0
    for path in sorted((corpus_dir / "pubmed").glob("*.xml")):
        result = parse_efetch(path.read_bytes())
        assert result.problems == [] and result.skipped is None, path.name
        total += len(result.records)
        records.update({r.pmid: r for r in result.records})
    assert total == len(records)
    return records


def test_corpus_parses_54_records(corpus_dir: Path) -> None:
    records = corpus_records(corpus_dir)
    assert len(records) == 54
    assert all(r.title and r.year for r in records.values())


def test_corpus_chinese_record(corpus_dir: Path) -> None:
    record = corpus_records(corpus_dir)["99200050"]
    assert record.language == ["chi"]
    assert record.vernacular_title == (
        "经皮椎间盘内移植自体骨髓间充质干细胞治疗腰椎间盘源性疼痛12例报告"
    )
    assert record.title.startswith("[Percutaneous intradiscal transplantation of autologous bone")
    assert "经皮椎间盘" in record.raw
    assert "1 × 107 cells in 1 mL" in record.abstract  # <sup>7</sup> flattened
    assert record.pub_date == "2019-09-15"
    assert record.extra["entrez_date"] == "2019-09-20"


def test_corpus_medline_dates(corpus_dir: Path) -> None:
    records = corpus_records(corpus_dir)
    assert records["25054402"].pub_date == "2014-07"  # 2014 Jul-Aug
    assert records["99200047"].pub_date == "2019-07"  # 2019 Jul-Aug
    assert records["99200024"].pub_date == "2023-11"  # 2023 Nov-Dec
    assert records["99200024"].year == 2023
    assert records["99200028"].pub_date == "2017-12"  # Season Winter


def test_corpus_retraction_pair(corpus_dir: Path) -> None:
    records = corpus_records(corpus_dir)
    retracted, notice = records["99200015"], records["99200016"]
    assert "Retracted Publication" in retracted.publication_types
    assert notice.publication_types == ["Retraction of Publication"]
    assert [(c["type"], c["pmid"]) for c in retracted.comments_corrections] == [
        ("RetractionIn", "99200016")
    ]
    assert [(c["type"], c["pmid"]) for c in notice.comments_corrections] == [
        ("RetractionOf", "99200015")
    ]
    erratum = records["99200018"]
    assert [(c["type"], c["pmid"]) for c in erratum.comments_corrections] == [
        ("ErratumFor", "99200017")
    ]


def test_corpus_nct_ids(corpus_dir: Path) -> None:
    records = corpus_records(corpus_dir)
    only_in_abstract = records["99200013"]
    assert "databanks" not in only_in_abstract.extra
    assert only_in_abstract.nct_ids == ["NCT09920001"]
    protocol = records["99200012"]
    assert protocol.nct_ids == ["NCT09920001"]
    assert protocol.extra["databanks"][0]["name"] == "ClinicalTrials.gov"
    assert records["99200014"].nct_ids == []


def test_corpus_collective_and_statuses(corpus_dir: Path) -> None:
    records = corpus_records(corpus_dir)
    assert records["99200007"].authors[0]["name"] == "Adipose Disc Feasibility Study Investigators"
    assert records["99200013"].authors[-1]["name"] == "UCDISC Trial Group"
    assert records["99200042"].status == "In-Data-Review"
    assert records["99200006"].status == "PubMed-not-MEDLINE"


# ---------------------------------------------------------------------------- malformed input


@pytest.mark.parametrize("name", ["clinical-disc.xml", "preclinical-invitro.xml"])
def test_one_broken_article_in_the_middle(corpus_dir: Path, name: str) -> None:
    data = read(corpus_dir, name)
    spans = article_spans(data)
    broken_index = len(spans) // 2
    start, end = spans[broken_index]
    article = data[start:end]
    pmid = OWN_PMID.search(article).group(1).decode()
    broken = article.replace(b"</ArticleTitle>", b"</ArticleTitel>", 1)
    assert broken != article
    result = parse_efetch(data[:start] + broken + data[end:])
    expected = [m.decode() for m in OWN_PMID.findall(data)]
    expected.remove(pmid)
    assert [r.pmid for r in result.records] == expected
    assert len(result.problems) == 1
    assert result.problems[0].position == broken_index
    assert result.problems[0].source_id == pmid
    # the good ones are the same records as from the intact document
    intact = {r.pmid: r for r in parse_efetch(data).records}
    assert all(r == intact[r.pmid] for r in result.records)


def test_missing_end_tag_in_the_middle(corpus_dir: Path) -> None:
    data = read(corpus_dir, "clinical-disc.xml")
    start, end = article_spans(data)[3]
    pmid = OWN_PMID.search(data[start:end]).group(1).decode()
    result = parse_efetch(data[: end - len(b"</PubmedArticle>")] + data[end:])
    assert len(result.records) == 18
    assert [(p.position, p.source_id) for p in result.problems] == [(3, pmid)]


def test_truncated_document(corpus_dir: Path) -> None:
    data = read(corpus_dir, "reviews-guidelines-editorials.xml")
    spans = article_spans(data)
    start, end = spans[5]
    pmid = OWN_PMID.search(data[start:end]).group(1).decode()
    result = parse_efetch(data[: (start + end) // 2])
    assert len(result.records) == 5
    assert [(p.position, p.source_id) for p in result.problems] == [(5, pmid)]
    assert "truncated" in result.problems[0].message


def test_truncated_before_the_pmid(fixtures_dir: Path) -> None:
    data = read(fixtures_dir, "ncbiutils-efetch-5pmids-medlinedate-collective.xml")
    start, _ = article_spans(data)[2]
    result = parse_efetch(data[: start + len(b"<PubmedArticle>") + 3])
    assert [r.pmid for r in result.records] == ["35196497", "33278872"]
    assert [(p.position, p.source_id) for p in result.problems] == [(2, None)]


def test_broken_start_tag_keeps_the_article_before(corpus_dir: Path) -> None:
    data = read(corpus_dir, "clinical-disc.xml")
    start, end = article_spans(data)[7]
    pmid = OWN_PMID.search(data[start:end]).group(1).decode()
    result = parse_efetch(data[:start] + b"<PubmedArticl>" + data[start + 15 :])
    assert len(result.records) == 18 and pmid not in {r.pmid for r in result.records}
    assert [(p.position, p.source_id) for p in result.problems] == [(6, pmid)]


def test_broken_between_articles_keeps_all_and_says_so(corpus_dir: Path) -> None:
    data = read(corpus_dir, "trial-linked-and-notices.xml")
    _, end = article_spans(data)[1]
    result = parse_efetch(data[:end] + b"<oops>" + data[end:])
    assert len(result.records) == 6
    assert len(result.problems) == 1 and result.problems[0].position is None


# ---------------------------------------------------------------------------- raw payload


@pytest.mark.parametrize(
    "name",
    ["clinical-disc.xml", "preclinical-invitro.xml", "efetch-single-chinese.xml"],
)
def test_raw_is_deterministic_and_round_trips(corpus_dir: Path, name: str) -> None:
    data = read(corpus_dir, name)
    first, second = parse_efetch(data).records, parse_efetch(data).records
    assert [r.raw for r in first] == [r.raw for r in second]
    for record in first:
        wrapped = f"<PubmedArticleSet>{record.raw}</PubmedArticleSet>".encode()
        again = parse_efetch(wrapped)
        assert again.records == [record]
        # a bare stored raw payload parses, too
        assert parse_efetch(record.raw.encode()).records == [record]
        assert parse_efetch(record.raw).records == [record]  # str tolerated
        assert parse_article(etree.fromstring(record.raw.encode())) == record


def test_raw_round_trip_pretty_and_legacy(fixtures_dir: Path) -> None:
    for name in ["metapub-efetch-pmid28731372-rct-pretty.xml",
                 "biopython-efetch-pubmed1-2008format.xml",
                 "metapub-efetch-pmid38534005-collectivename-guideline-nonascii.xml"]:
        for record in parse_efetch(read(fixtures_dir, name)).records:
            wrapped = f"<PubmedArticleSet>{record.raw}</PubmedArticleSet>".encode()
            assert parse_efetch(wrapped).records == [record]
            assert not record.raw.endswith("\n")


# ---------------------------------------------------------------------------- esearch


def test_esearch_basic(fixtures_dir: Path) -> None:
    result = parse_esearch(read(fixtures_dir, "biopython-esearch1.xml"))
    assert isinstance(result, EsearchResult)
    assert (result.count, result.retmax, result.retstart) == (63, 20, 0)
    assert len(result.ids) == 20 and result.ids[0] == "41282813" and result.ids[-1] == "37810457"
    assert result.webenv is None and result.query_key is None
    assert result.errors == [] and result.warnings == []


def test_esearch_history(fixtures_dir: Path) -> None:
    result = parse_esearch(read(fixtures_dir, "biopython-esearch2.xml"))
    assert result.count == 42249 and result.retmax == 100 and len(result.ids) == 100
    assert result.webenv == "MCID_6927d6e7fee3e90f880ec190"
    assert result.query_key == "1"


def test_esearch_retstart(fixtures_dir: Path) -> None:
    result = parse_esearch(read(fixtures_dir, "biopython-esearch3.xml"))
    assert (result.count, result.retmax, result.retstart) == (2651, 6, 6)
    assert result.ids == ["11121077", "11121076", "11121075", "11121074", "11121073", "11121072"]


def test_esearch_translation_stack(fixtures_dir: Path) -> None:
    result = parse_esearch(read(fixtures_dir, "biopython-esearch5.xml"))
    assert result.ids == ["6540636", "5830998", "4460425", "4466840", "3443459"]


def test_esearch_zero_hits_with_errors_and_warnings(fixtures_dir: Path) -> None:
    result = parse_esearch(read(fixtures_dir, "biopython-esearch8.xml"))
    assert (result.count, result.retmax, result.retstart, result.ids) == (0, 0, 0, [])
    assert result.errors == ["PhraseNotFound: abcXYZ"]
    assert result.warnings == ["OutputMessage: No items found."]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("biopython-esummary-error-noid.xml", "eSearchResult"),
        ("biopython-efetch-pubmed1.xml", "eSearchResult"),
        ("biopython-efetch-pmc-correction.xml", "eSearchResult"),
    ],
)
def test_esearch_rejects_other_documents(fixtures_dir: Path, name: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_esearch(read(fixtures_dir, name))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"<html><body>", "not well-formed"),
        (b"<eSearchResult><ERROR>Invalid db name</ERROR></eSearchResult>", "Invalid db name"),
        (b"<ERROR>Search Backend failed</ERROR>", "ERROR"),
        (b"<eSearchResult><Count>x</Count></eSearchResult>", "Count"),
    ],
)
def test_esearch_bad_input(data: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_esearch(data)
