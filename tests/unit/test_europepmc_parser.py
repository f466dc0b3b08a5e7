"""Europe PMC search parser against every real fixture, the on-topic corpus and broken inputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crawlers.parsers.europepmc import SearchPage, parse_result, parse_search

CANCER_FIRST = (
    "MED:39709209",
    "Abscopal response in a patient with fibrolamellar hepatocellular carcinoma following "
    "radiotherapy.",
)
CANCER_LAST = "MED:40476859"

# file -> (record count, first source_id, first title, last source_id, next_cursor, hit_count)
FIXTURES = {
    "biomcp-search-lite-extid20516115.json": (
        1,
        "MED:20516115",
        "Comprehensive analysis of missense variations in the BRCT domain of BRCA1 by structural "
        "and functional assays.",
        "MED:20516115",
        None,
        1,
    ),
    "biomcp-search-lite-extid22663011.json": (
        1,
        "MED:22663011",
        "Improved survival with MEK inhibition in BRAF-mutated melanoma.",
        "MED:22663011",
        None,
        1,
    ),
    "pyeuropepmc-search-core-cancer.json": (
        25, *CANCER_FIRST, CANCER_LAST, "AoIIP4ZawSg1MzEyODI1MA==", 5059039
    ),
    "pyeuropepmc-search-lite-cancer.json": (
        25, *CANCER_FIRST, CANCER_LAST, "AoIIP4ZawSg1MzEyODI1MA==", 5059039
    ),
    "pyeuropepmc-search-lite-cancer.xml": (
        25, *CANCER_FIRST, CANCER_LAST, "AoIIP4ZawSg1MzEyODI1MA==", 5059039
    ),
    "pyeuropepmc-search-lite-cancer-pagesize5.json": (
        5, *CANCER_FIRST, "MED:40493882", "AoIIP4lkIig1MzE0NTMwOA==", 5059039
    ),
    "pyeuropepmc-search-lite-immunotherapy-pubyear-range.json": (
        5,
        "MED:41102462",
        "Cancer vaccines as enablers of immunotherapy.",
        "MED:41096960",
        "AoIIQGrHhyg1NDA0NDEzNQ==",
        228862,
    ),
    "pyeuropepmc-searchPOST-lite-cancer-synonym.json": (
        25,
        "MED:40353141",
        "Aryl Hydrocarbon Receptor (AHR) is required for repopulation of decellularized intestinal "
        "colon scaffolds.",
        "MED:39483961",
        "AoIIQM+luyg1MTc3NTM5Mw==",
        5933343,
    ),
    "pyeuropepmc-search-no-results.json": (0, None, None, None, None, 0),
}
SKIPPED = {"pyeuropepmc-search-idlist-cancer.json": "resultType=idlist"}


def _page(path: Path) -> SearchPage:
    return parse_search(path.read_bytes())


def _by_id(page: SearchPage) -> dict:
    return {record.source_id: record for record in page.result.records}


def test_every_fixture_is_covered(fixtures_dir: Path) -> None:
    names = {path.name for path in (fixtures_dir / "europepmc").iterdir()}
    assert names == set(FIXTURES) | set(SKIPPED)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_records(fixtures_dir: Path, name: str) -> None:
    count, first_id, first_title, last_id, cursor, hits = FIXTURES[name]
    page = _page(fixtures_dir / "europepmc" / name)
    records = page.result.records
    assert page.result.skipped is None
    assert page.result.problems == []
    assert len(records) == count
    assert page.next_cursor == cursor
    assert page.hit_count == hits
    if count:
        assert (records[0].source_id, records[0].title) == (first_id, first_title)
        assert records[-1].source_id == last_id
    for record in records:
        assert record.source == "europepmc"
        assert record.kind == "publication"
        assert record.title
        assert record.source_id == f"{record.extra['epmc_source']}:{record.extra['europepmc_id']}"
        assert record.doi is None or record.doi == record.doi.lower()
        assert not re.search(r"</?[a-z]+>|&lt;|&gt;|&amp;", record.title)


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_fixture_skipped(fixtures_dir: Path, name: str) -> None:
    page = _page(fixtures_dir / "europepmc" / name)
    assert page.result.records == []
    assert page.result.skipped is not None
    assert SKIPPED[name] in page.result.skipped
    assert page.result.skipped.startswith("id-only list")


def test_xml_gives_the_same_records_as_json(fixtures_dir: Path) -> None:
    xml = _page(fixtures_dir / "europepmc" / "pyeuropepmc-search-lite-cancer.xml")
    js = _page(fixtures_dir / "europepmc" / "pyeuropepmc-search-lite-cancer.json")
    assert [r.as_dict() for r in xml.result.records] == [r.as_dict() for r in js.result.records]
    assert [r.raw for r in xml.result.records] == [r.raw for r in js.result.records]
    assert (xml.next_cursor, xml.hit_count) == (js.next_cursor, js.hit_count)


def test_xml_core_markup_and_lists() -> None:
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?><responseWrapper><hitCount>1</hitCount>'
        b"<request><cursorMark>*</cursorMark><resultType>core</resultType></request>"
        b"<resultList><result><id>99200001</id><source>MED</source><pmid>99200001</pmid>"
        b"<DOI>x</DOI><doi>10.99999/DEV.1</doi><title><i>In vitro</i></title>"
        b"<abstractText>&lt;h4&gt;Background&lt;/h4&gt;MSC &lt;i&gt;in vivo&lt;/i&gt;."
        b"&lt;h4&gt;Results&lt;/h4&gt;Better.</abstractText>"
        b"<authorList><author><fullName>Pang X</fullName><lastName>Pang</lastName>"
        b'<authorId type="ORCID">0000-0002-6307-9196</authorId></author></authorList>'
        b"<pubTypeList><pubType>Journal Article</pubType></pubTypeList>"
        b"<citedByCount>7</citedByCount></result></resultList></responseWrapper>"
    )
    page = parse_search(body)
    assert page.result.problems == [] and page.result.skipped is None
    record = page.result.records[0]
    assert record.title == "In vitro"
    assert record.doi == "10.99999/dev.1"
    assert record.abstract == "Background: MSC in vivo.\n\nResults: Better."
    assert record.authors[0]["orcid"] == "0000-0002-6307-9196"
    assert record.publication_types == ["Journal Article"]
    assert record.extra["cited_by"] == 7
    assert parse_search(record.raw.encode()).result.records == [record]


def test_lite_record_fields(fixtures_dir: Path) -> None:
    page = _page(fixtures_dir / "europepmc" / "biomcp-search-lite-extid22663011.json")
    record = page.result.records[0]
    assert record.pmid == "22663011"
    assert record.doi == "10.1056/nejmoa1203421"
    assert (record.journal, record.volume, record.issue, record.pages) == (
        "N Engl J Med", "367", "2", "107-114"
    )
    assert (record.year, record.pub_date) == (2012, "2012-06-04")
    assert "randomized controlled trial" in record.publication_types
    assert len(record.publication_types) == 6
    assert record.authors[0]["name"] == "Flaherty KT"
    assert record.authors[0]["last"] == "Flaherty"
    assert record.authors[0]["collective"] is False
    assert record.authors[-1] == {
        "name": "METRIC Study Group",
        "last": None,
        "fore": None,
        "initials": None,
        "collective": True,
        "affiliations": [],
        "orcid": None,
    }
    assert len(record.authors) == 26
    assert record.extra["cited_by"] == 1594
    assert record.extra["is_open_access"] is False


def test_core_record_fields(fixtures_dir: Path) -> None:
    page = _page(fixtures_dir / "europepmc" / "pyeuropepmc-search-core-cancer.json")
    records = _by_id(page)

    first = records["MED:39709209"]
    assert first.journal == "Lancet (London, England)"
    assert first.authors[0]["affiliations"][0].startswith("Department of Radiation Oncology")
    assert first.authors[0]["fore"] == "Jonathan D"
    assert first.extra["full_text_urls"] == [
        {
            "url": "https://doi.org/10.1016/S0140-6736(24)02600-X",
            "site": "DOI",
            "document_style": "doi",
            "availability": "Subscription required",
        }
    ]
    assert first.revised == "2024-12-21"
    assert first.language == ["eng"]
    assert first.abstract == ""

    erratum = records["MED:39709208"]
    assert erratum.pmcid == "PMC12124214"
    assert erratum.comments_corrections == [
        {
            "type": "ErratumFor",
            "pmid": "39293462",
            "ref": "Lancet. 2024 Sep 28;404(10459):1227-1239. doi: 10.1016/S0140-6736(24)01653-2.",
            "epmc_id": "MED:39293462",
        }
    ]
    assert erratum.grants == [
        {"id": "P30 CA008748", "acronym": "CA", "agency": "NCI NIH HHS", "country": None}
    ]

    flex = records["MED:40468710"]
    assert flex.abstract_sections[0]["label"] == "Objective"
    assert flex.abstract.startswith("Objective: ")
    assert "<b>" not in flex.abstract and "<h4>" not in flex.abstract
    assert "(at p < .001)" in flex.abstract  # an entity in text is unescaped, not dropped
    author = flex.authors[0]
    assert author["orcid"] == "0000-0002-6307-9196"
    assert len(author["affiliations"]) == 2
    neoplasms = next(m for m in flex.mesh if m["descriptor"] == "Neoplasms")
    assert neoplasms["major"] is True
    assert [q["name"] for q in neoplasms["qualifiers"]] == ["psychology", "therapy"]
    assert next(m for m in flex.mesh if m["descriptor"] == "Humans")["major"] is False
    assert "Psychological Flexibility" in flex.keywords
    assert flex.extra["license"] == "cc by"
    assert flex.grants[0]["agency"].startswith("University of Portsmouth Themes Research &")

    orcids = [a["orcid"] for a in records["MED:40420324"].authors if a["orcid"]]
    assert "0000-0002-7721-773X" in orcids
    assert sum(1 for r in page.result.records if r.mesh) >= 10


# --------------------------------------------------------------------------------------------
# corpus


def _corpus_pages(corpus_dir: Path) -> dict[str, SearchPage]:
    return {p.name: _page(p) for p in sorted((corpus_dir / "europepmc").glob("*.json"))}


def test_corpus_counts_and_paging(corpus_dir: Path) -> None:
    pages = _corpus_pages(corpus_dir)
    assert sum(len(p.result.records) for p in pages.values()) == 10
    assert all(not p.result.problems and p.result.skipped is None for p in pages.values())
    page1 = pages["search-core-stemcell-spine-page1.json"]
    page2 = pages["search-core-stemcell-spine-page2.json"]
    assert page1.next_cursor == "AoIIQFB4pDk5MjAwMDU2"
    assert page2.next_cursor is None
    assert page1.hit_count == page2.hit_count == 8
    assert pages["search-core-preprints.json"].next_cursor is None


def test_corpus_pmc_record_without_pmid(corpus_dir: Path) -> None:
    page = _page(corpus_dir / "europepmc" / "search-core-stemcell-spine-page2.json")
    record = _by_id(page)["PMC:PMC7049206"]
    assert record.pmid is None
    assert record.pmcid == "PMC7049206"
    assert record.doi == "10.1186/s12891-020-3126-7"
    assert record.extra["epmc_source"] == "PMC"
    assert record.extra["is_open_access"] is True
    assert record.extra["has_pdf"] is True
    assert len(record.extra["full_text_urls"]) == 3
    assert record.extra["cited_by"] == 19
    assert record.publication_types == ["research-article", "Journal Article"]
    assert record.year == 2020 and record.pub_date == "2020-02-28"
    assert record.revised == "2020-12-24"


def test_corpus_record_without_abstract(corpus_dir: Path) -> None:
    page = _page(corpus_dir / "europepmc" / "search-core-stemcell-spine-page2.json")
    record = _by_id(page)["MED:99200056"]
    assert record.abstract == "" and record.abstract_sections == []
    assert record.title == "Stem cells for the degenerating disc: a clinician's view."
    assert record.pages == "e0501"


def test_corpus_preprints(corpus_dir: Path) -> None:
    page = _page(corpus_dir / "europepmc" / "search-core-preprints.json")
    records = _by_id(page)
    assert set(records) == {"PPR:PPR99200001", "PPR:PPR99200002"}
    svf, evs = records["PPR:PPR99200001"], records["PPR:PPR99200002"]
    assert (svf.doi, evs.doi) == ("10.99999/dev.48", "10.99999/dev.49")
    for record in (svf, evs):
        assert record.pmid is None and record.pmcid is None
        assert record.extra["preprint"] is True
        assert record.extra["epmc_source"] == "PPR"
        assert record.publication_types == ["Preprint"]
    assert (svf.journal, evs.journal) == ("medRxiv", "bioRxiv")
    assert [s["label"] for s in svf.abstract_sections] == [
        "Background", "Methods", "Results", "Conclusions"
    ]
    # inline <i> markup dropped, text kept, no sections
    assert evs.abstract_sections == []
    assert "preserved ACAN and COL2A1 expression" in evs.abstract
    assert "in vitro and merit" in evs.abstract
    assert evs.authors[0]["fore"] == "Lucía"


def test_corpus_h4_sections(corpus_dir: Path) -> None:
    page = _page(corpus_dir / "europepmc" / "search-core-stemcell-spine-page1.json")
    record = _by_id(page)["MED:25054402"]
    labels = [s["label"] for s in record.abstract_sections]
    assert labels[:4] == ["Background", "Objective", "Study design", "Setting"]
    assert labels[-1] == "Conclusions"
    assert all(s["category"] == "" and s["text"] for s in record.abstract_sections)
    paragraphs = record.abstract.split("\n\n")
    assert len(paragraphs) == len(labels)
    assert paragraphs[2] == "Study design: Case report of two patients."
    mesh = {m["descriptor"]: m for m in record.mesh}
    assert mesh["Mesenchymal Stem Cell Transplantation"]["major"] is True
    sup = _by_id(page)["MED:99200055"]
    assert "<sup>" not in sup.abstract and "5 × 10" in sup.abstract


def test_corpus_dois_are_lower_case(corpus_dir: Path) -> None:
    records = [r for p in _corpus_pages(corpus_dir).values() for r in p.result.records]
    dois = [r.doi for r in records if r.doi]
    assert len(dois) == 9
    assert all(doi == doi.lower() for doi in dois)


def test_doi_is_lower_cased_and_url_prefix_dropped() -> None:
    record = parse_result(
        {"id": "1", "source": "MED", "title": "T", "doi": "https://doi.org/10.1016/S0140-6736(24)X"}
    )
    assert record.doi == "10.1016/s0140-6736(24)x"


@pytest.mark.parametrize("where", ["corpus", "fixtures"])
def test_raw_round_trip(corpus_dir: Path, fixtures_dir: Path, where: str) -> None:
    folder = corpus_dir / "europepmc" if where == "corpus" else fixtures_dir / "europepmc"
    checked = 0
    for path in sorted(folder.iterdir()):
        for record in _page(path).result.records:
            again = parse_search(record.raw.encode("utf-8"))
            assert again.result.records == [record]
            assert again.next_cursor is None and again.hit_count is None
            assert json.loads(record.raw)["id"] == record.extra["europepmc_id"]
            checked += 1
    assert checked >= 10


# --------------------------------------------------------------------------------------------
# synthetic inputs


def _search(results: list, **top: object) -> bytes:
    return json.dumps({"hitCount": len(results), "resultList": {"result": results}, **top}).encode()


def test_nct_ids_from_title_and_abstract() -> None:
    page = parse_search(
        _search(
            [
                {
                    "id": "9",
                    "source": "MED",
                    "title": "Trial NCT09920001 protocol",
                    "abstractText": "Registered as NCT01245062 and NCT09920001; not NCT123.",
                }
            ]
        )
    )
    assert page.result.records[0].nct_ids == ["NCT01245062", "NCT09920001"]


def test_escaped_markup_in_title_is_dropped(fixtures_dir: Path) -> None:
    page = _page(fixtures_dir / "europepmc" / "pyeuropepmc-searchPOST-lite-cancer-synonym.json")
    titles = [r.title for r in page.result.records if "elegans" in r.title]
    assert "Neopterin extends C. elegans lifespan in an ATFS-1-dependent manner." in titles
    assert len(titles) == 4


def test_title_markup_and_entities() -> None:
    record = parse_result(
        {"id": "1", "source": "MED", "title": "Role of <i>ACAN</i> &amp; <sup>3</sup>H in\n discs"}
    )
    assert record.title == "Role of ACAN & 3H in discs"


def test_comment_correction_types_map_to_pubmed_names() -> None:
    record = parse_result(
        {
            "id": "1",
            "source": "MED",
            "title": "T",
            "commentCorrectionList": {
                "commentCorrection": [
                    {"id": "2", "source": "MED", "type": "Retraction in", "reference": "R"},
                    {"id": "3", "source": "MED", "type": "Erratum in"},
                    {"id": "PPR4", "source": "PPR", "type": "Comment on"},
                    {"id": "5", "source": "MED", "type": "Retraction of"},
                ]
            },
        }
    )
    assert [(c["type"], c["pmid"]) for c in record.comments_corrections] == [
        ("RetractionIn", "2"),
        ("ErratumIn", "3"),
        ("CommentOn", None),
        ("RetractionOf", "5"),
    ]
    assert record.comments_corrections[2]["epmc_id"] == "PPR:PPR4"


def test_collective_author_in_core_list() -> None:
    record = parse_result(
        {
            "id": "1",
            "source": "MED",
            "title": "T",
            "authorList": {"author": [{"collectiveName": "UCDISC Trial Group"}]},
        }
    )
    assert record.authors[0]["name"] == "UCDISC Trial Group"
    assert record.authors[0]["collective"] is True


def test_cursor_equal_to_request_cursor_means_last_page() -> None:
    body = _search(
        [{"id": "1", "source": "MED", "title": "T"}],
        nextCursorMark="AoIIabc=",
        request={"cursorMark": "AoIIabc%3D", "resultType": "core"},
    )
    assert parse_search(body).next_cursor is None
    body = _search([], nextCursorMark="AoIInext", request={"cursorMark": "*"})
    assert parse_search(body).next_cursor == "AoIInext"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"hitCount": 3, "resultList": {"result": [{"id": "1", "sou', "not JSON"),
        (b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body/></html>", "HTML"),
        (b"<html><body><h1>Error</h1><p>broken<br></body></html>", "HTML"),
        (b"Service Unavailable", "not JSON"),
        (b"", "empty"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b"[1, 2]", "JSON list"),
        (b'{"foo": 1}', "not a Europe PMC search response"),
        (b"<responseWrapper><resultList><result><id>1</id>", "malformed XML"),
        (b"<PubmedArticleSet/>", "PubmedArticleSet"),
        (b'{"id": "1", "source": "MED", "pmid": "1"}', "id-only"),
    ],
)
def test_malformed_inputs_are_skipped(body: bytes, reason: str) -> None:
    page = parse_search(body)
    assert page.result.records == []
    assert page.result.skipped is not None
    assert reason in page.result.skipped


def test_result_without_id_is_a_problem_others_parse() -> None:
    body = _search(
        [
            {"id": "1", "source": "MED", "title": "First"},
            {"source": "MED", "title": "No id"},
            "not an object",
            {"id": "4", "source": "PPR", "title": "Fourth"},
        ]
    )
    page = parse_search(body)
    assert [r.source_id for r in page.result.records] == ["MED:1", "PPR:4"]
    assert [(p.position, "id" in p.message) for p in page.result.problems] == [
        (1, True),
        (2, False),
    ]
    assert page.result.skipped is None


def test_parse_result_raises_value_error_without_source() -> None:
    with pytest.raises(ValueError, match="source"):
        parse_result({"id": "1", "title": "T"})
