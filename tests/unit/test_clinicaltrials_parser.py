"""ClinicalTrials.gov v2 parser against every real fixture, the corpus and broken inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawlers.parsers.clinicaltrials import StudiesPage, parse_studies, parse_study

PHELAN_TOKEN_1 = "ZVt07cGHkvI2wRk2CJf6_LLq14bEL8swd7KrgP4dnDeTsPkw"
PHELAN_TOKEN_2 = "ZVt07cGHkvI2wRk2CJf6_LLq14bEL8swd7KrgP4bmjeauvk_IQ"

# file -> ([(nct, status)], first title, next_page_token, total_count)
FIXTURES = {
    "biomcp-v2-studies-phelan-page1-trimmed.json": (
        [
            ("NCT02710084", "COMPLETED"),
            ("NCT05105685", "COMPLETED"),
            ("NCT01525901", "COMPLETED"),
            ("NCT03493607", "COMPLETED"),
            ("NCT07119606", "NOT_YET_RECRUITING"),
        ],
        "Piloting Treatment With Intranasal Oxytocin in Phelan-McDermid Syndrome",
        PHELAN_TOKEN_1,
        21,
    ),
    "biomcp-v2-studies-phelan-page2-trimmed.json": (
        [
            ("NCT05187377", "COMPLETED"),
            ("NCT03836300", "ENROLLING_BY_INVITATION"),
            ("NCT07014020", "ACTIVE_NOT_RECRUITING"),
            ("NCT05025241", "COMPLETED"),
            ("NCT07281079", "RECRUITING"),
        ],
        "A Controlled Trial of Growth Hormone in Phelan-McDermid Syndrome and Idiopathic Autism",
        PHELAN_TOKEN_2,
        None,
    ),
    "biomcp-v2-study-NCT02576665-fields.json": (
        [("NCT02576665", "TERMINATED")],
        "A Study of Toca 511, a Retroviral Replicating Vector, Combined With Toca FC in Patients "
        "With Solid Tumors or Lymphoma (Toca 6)",
        None,
        None,
    ),
    "biomcp-v2-study-NCT06382129-fields.json": (
        [("NCT06382129", "ACTIVE_NOT_RECRUITING")],
        None,
        None,
        None,
    ),
    "biomcp-v2-study-NCT06604689-fields.json": (
        [("NCT06604689", "RECRUITING")],
        "AI-guided Prognostication and Cranial Radiotherapy Optimization in EGFR-TKI-treated "
        "Non-small Cell Lung Cancer Patients With Baseline Brain Metastases",
        None,
        None,
    ),
    "cyanheads-v2-studies-page-1study-nextPageToken.json": (
        [("NCT05147467", "RECRUITING")],
        None,
        "NF0g5JaGmg",
        None,
    ),
    "cyanheads-v2-studies-page-2studies-nextPageToken.json": (
        [("NCT00184067", "TERMINATED"), ("NCT03934567", "ACTIVE_NOT_RECRUITING")],
        None,
        "NF0g5JCG",
        None,
    ),
    "cyanheads-v2-study-NCT00184067-full.json": (
        [("NCT00184067", "TERMINATED")],
        None,
        None,
        None,
    ),
    "cyanheads-v2-study-NCT03934567-full.json": (
        [("NCT03934567", "ACTIVE_NOT_RECRUITING")],
        None,
        None,
        None,
    ),
    "pyloadctgov-v2-study-NCT04267848-full-compact.json": (
        [("NCT04267848", "RECRUITING")],
        "Testing the Addition of a Type of Drug Called Immunotherapy to the Usual Chemotherapy "
        "Treatment for Non-small Cell Lung Cancer, an ALCHEMIST Treatment Trial (Chemo-IO [ACCIO])",
        None,
        None,
    ),
}


def _page(path: Path) -> StudiesPage:
    return parse_studies(path.read_bytes())


def _one(path: Path):
    records = _page(path).result.records
    assert len(records) == 1
    return records[0]


def test_every_fixture_is_covered(fixtures_dir: Path) -> None:
    assert {p.name for p in (fixtures_dir / "clinicaltrials").iterdir()} == set(FIXTURES)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_records(fixtures_dir: Path, name: str) -> None:
    expected, title, token, total = FIXTURES[name]
    path = fixtures_dir / "clinicaltrials" / name
    page = _page(path)
    assert page.result.skipped is None and page.result.problems == []
    records = page.result.records
    assert [(r.source_id, r.status) for r in records] == expected
    assert (page.next_page_token, page.total_count) == (token, total)
    if title:
        assert records[0].title == title
    payload = json.loads(path.read_bytes())
    studies = payload.get("studies", [payload])
    for record, study in zip(records, studies, strict=True):
        ident = study["protocolSection"]["identificationModule"]
        assert record.source == "clinicaltrials" and record.kind == "registration"
        assert record.nct_id == record.source_id == ident["nctId"]
        assert record.nct_ids[0] == record.nct_id
        assert record.title == " ".join(ident["briefTitle"].split())
        assert record.registry["overall_status"] == record.status
        assert record.authors == [] and record.journal is None
        assert record.abstract.startswith("Brief Summary: ")
        assert record.year is not None


def test_terminated_with_why_stopped(fixtures_dir: Path) -> None:
    record = _one(fixtures_dir / "clinicaltrials" / "cyanheads-v2-study-NCT00184067-full.json")
    assert record.status == "TERMINATED"
    assert record.registry["why_stopped"] == "Primary PI left institution"
    assert record.registry["has_results"] is False
    assert record.registry["enrollment"] == 23
    assert record.registry["enrollment_type"] == "ACTUAL"
    assert record.registry["phases"] == ["PHASE2"]
    assert record.registry["primary_outcomes"] == []
    listed = _page(
        fixtures_dir / "clinicaltrials" / "cyanheads-v2-studies-page-2studies-nextPageToken.json"
    ).result.records[0]
    assert listed.as_dict() == record.as_dict()


def test_large_study_nct04267848(fixtures_dir: Path) -> None:
    path = fixtures_dir / "clinicaltrials" / "pyloadctgov-v2-study-NCT04267848-full-compact.json"
    assert path.stat().st_size > 300_000
    record = _one(path)
    registry = record.registry
    raw = json.loads(record.raw)
    assert len(raw["protocolSection"]["contactsLocationsModule"]["locations"]) == 1148
    assert registry["countries"] == ["Guam", "United States"]
    assert registry["secondary_ids"][0] == {
        "id": "NCI-2020-00751",
        "type": "REGISTRY",
        "domain": "CTRP (Clinical Trial Reporting Program)",
        "link": None,
    }
    assert registry["secondary_ids"][-1]["link"] == "https://reporter.nih.gov/quickSearch/U10CA180821"
    assert [s["type"] for s in registry["secondary_ids"]] == ["REGISTRY", "OTHER", "OTHER", "NIH"]
    assert registry["references"][0]["pmid"] == "33878954"
    assert registry["references"][0]["type"] == "DERIVED"
    assert registry["sponsor"] == {"name": "National Cancer Institute (NCI)", "class": "NIH"}
    assert registry["officials"][0]["name"] == "Jacob M Sands"
    assert registry["org_study_id"] == "NCI-2020-00751"
    assert registry["official_title"].startswith("Integration of Immunotherapy")
    assert (registry["allocation"], registry["intervention_model"], registry["masking"]) == (
        "RANDOMIZED", "PARALLEL", "NONE"
    )
    assert registry["enrollment"] == 1210
    assert registry["start_date"] == "2020-06-16"
    assert (record.pub_date, record.revised, record.year) == ("2020-02-13", "2025-09-10", 2020)
    assert [s["label"] for s in record.abstract_sections] == [
        "Brief Summary", "Detailed Description"
    ]
    assert "\n\nDetailed Description: PRIMARY OBJECTIVE:" in record.abstract
    assert registry["detailed_description"].startswith("PRIMARY OBJECTIVE:\n\n")
    mesh = {m["descriptor"]: m for m in record.mesh}
    assert mesh["Lung Neoplasms"] == {
        "descriptor": "Lung Neoplasms", "major": False, "qualifiers": [], "ui": "D008175"
    }
    assert "Carboplatin" in mesh  # intervention browse mesh too
    carboplatin = next(i for i in registry["interventions"] if i["name"] == "Carboplatin")
    assert carboplatin["type"] == "DRUG" and "Paraplatin" in carboplatin["other_names"]
    assert record.nct_ids == ["NCT04267848"]


def test_year_month_completion_date(fixtures_dir: Path) -> None:
    record = _one(fixtures_dir / "clinicaltrials" / "biomcp-v2-study-NCT06382129-fields.json")
    assert record.registry["completion_date"] == "2026-12"
    assert record.registry["phases"] == ["PHASE3"]
    assert any(i["other_names"] for i in record.registry["interventions"])


def test_fields_projection_parses_what_is_there(fixtures_dir: Path) -> None:
    record = _one(fixtures_dir / "clinicaltrials" / "biomcp-v2-study-NCT06604689-fields.json")
    registry = record.registry
    assert registry["study_type"] == "OBSERVATIONAL"
    assert registry["enrollment"] == 800 and registry["enrollment_type"] is None
    assert registry["sponsor"] == {"name": "Fudan University", "class": None}
    assert registry["has_results"] is None
    assert registry["phases"] == [] and registry["countries"] == []
    assert registry["interventions"][0]["type"] is None
    assert record.pub_date is None and record.revised is None
    assert record.year == 2024  # from the start date
    assert record.mesh == []


def test_phelan_phases(fixtures_dir: Path) -> None:
    page = _page(fixtures_dir / "clinicaltrials" / "biomcp-v2-studies-phelan-page1-trimmed.json")
    phases = {r.source_id: r.registry["phases"] for r in page.result.records}
    assert phases["NCT05105685"] == ["PHASE1", "PHASE2"]
    assert phases["NCT07119606"] == ["NA"]


# --------------------------------------------------------------------------------------------
# corpus


def _corpus(corpus_dir: Path) -> dict:
    return {p.name: _page(p) for p in sorted((corpus_dir / "clinicaltrials").glob("*.json"))}


def _corpus_records(corpus_dir: Path) -> dict:
    return {r.source_id: r for page in _corpus(corpus_dir).values() for r in page.result.records}


def test_corpus_counts(corpus_dir: Path) -> None:
    pages = _corpus(corpus_dir)
    assert sum(len(p.result.records) for p in pages.values()) == 14
    assert all(not p.result.problems and p.result.skipped is None for p in pages.values())
    assert all(p.next_page_token is None for p in pages.values())
    listing = pages["list-studies-page.json"]
    assert [r.source_id for r in listing.result.records] == [
        "NCT09920002", "NCT09920003", "NCT09920005", "NCT05146583"
    ]
    assert listing.total_count is None
    for name, page in pages.items():
        if name.startswith("study-"):
            assert [r.source_id for r in page.result.records] == [name[6:-5]]


def test_corpus_withdrawn_with_zero_enrolment(corpus_dir: Path) -> None:
    record = _corpus_records(corpus_dir)["NCT09920005"]
    assert record.status == "WITHDRAWN"
    assert record.registry["enrollment"] == 0
    assert record.registry["enrollment_type"] == "ACTUAL"
    assert record.registry["why_stopped"] == "No participants were enrolled."
    assert record.registry["start_date"] == "2019-01" and record.year == 2019


def test_corpus_unknown_with_last_known_status(corpus_dir: Path) -> None:
    record = _corpus_records(corpus_dir)["NCT04414592"]
    assert record.status == "UNKNOWN"
    assert record.registry["last_known_status"] == "RECRUITING"
    assert record.registry["phases"] == ["PHASE1", "PHASE2"]


def test_corpus_crossover(corpus_dir: Path) -> None:
    registry = _corpus_records(corpus_dir)["NCT06001853"].registry
    assert registry["intervention_model"] == "CROSSOVER"
    assert registry["allocation"] == "RANDOMIZED"
    assert registry["masking"] == "TRIPLE"
    assert registry["who_masked"] == ["PARTICIPANT", "INVESTIGATOR", "OUTCOMES_ASSESSOR"]


def test_corpus_result_reference(corpus_dir: Path) -> None:
    record = _corpus_records(corpus_dir)["NCT09920001"]
    registry = record.registry
    assert registry["references"][0]["pmid"] == "99200013"
    assert registry["references"][0]["type"] == "RESULT"
    assert registry["references"][0]["citation"].startswith("Hartmann L")
    assert registry["acronym"] == "UCDISC"
    assert registry["countries"] == [
        "Canada", "Spain", "Sweden", "United Kingdom", "United States"
    ]
    assert registry["arm_groups"][1] == {
        "label": "Sham",
        "type": "SHAM_COMPARATOR",
        "description": "Needle advanced to the outer annulus without injection.",
        "interventions": ["Procedure: Sham procedure"],
    }
    assert registry["interventions"][0]["type"] == "BIOLOGICAL"
    assert registry["primary_outcomes"] == [
        {
            "measure": "Change in VAS back pain",
            "time_frame": "Baseline, 12 months",
            "description": "0-100 mm visual analogue scale.",
        }
    ]
    assert len(registry["secondary_outcomes"]) == 5
    assert registry["secondary_outcomes"][0]["description"] is None
    assert registry["healthy_volunteers"] is False
    assert (registry["minimum_age"], registry["maximum_age"], registry["sex"]) == (
        "25 Years", "65 Years", "ALL"
    )
    assert registry["eligibility_criteria"].startswith("Inclusion Criteria:\n\n* Age 25-65")
    assert registry["conditions"] == ["Intervertebral Disc Degeneration", "Chronic Low Back Pain"]
    assert record.keywords == registry["keywords"] == [
        "umbilical cord", "mesenchymal stromal cells", "sham-controlled", "intradiscal"
    ]
    assert [m["descriptor"] for m in record.mesh] == [
        "Intervertebral Disc Degeneration", "Low Back Pain"
    ]
    assert (record.pub_date, record.revised, record.year) == ("2020-11-23", "2024-02-01", 2021)
    assert registry["first_posted"] == "2020-11-23" and registry["last_update"] == "2024-02-01"
    assert record.abstract_sections == [
        {
            "label": "Brief Summary",
            "category": "",
            "text": record.registry["brief_summary"],
        }
    ]


def test_corpus_observational_cohort(corpus_dir: Path) -> None:
    registry = _corpus_records(corpus_dir)["NCT05146583"].registry
    assert registry["study_type"] == "OBSERVATIONAL"
    assert registry["observational_model"] == "COHORT"
    assert registry["time_perspective"] == "PROSPECTIVE"
    assert registry["phases"] == [] and registry["allocation"] is None


@pytest.mark.parametrize("where", ["corpus", "fixtures"])
def test_raw_round_trip(corpus_dir: Path, fixtures_dir: Path, where: str) -> None:
    folder = corpus_dir / "clinicaltrials" if where == "corpus" else fixtures_dir / "clinicaltrials"
    checked = 0
    for path in sorted(folder.glob("*.json")):
        for record in _page(path).result.records:
            again = parse_studies(record.raw.encode("utf-8"))
            assert again.result.records == [record]
            assert (again.next_page_token, again.total_count) == (None, None)
            checked += 1
    assert checked >= 14


# --------------------------------------------------------------------------------------------
# synthetic inputs


def _study(nct: str | None, **protocol: object) -> dict:
    ident = {"briefTitle": f"Study {nct}"}
    if nct is not None:
        ident["nctId"] = nct
    return {"protocolSection": {"identificationModule": ident, **protocol}}


def test_official_title_when_no_brief_title_and_detailed_description() -> None:
    study = {
        "protocolSection": {
            "identificationModule": {
                "nctId": "NCT09920099",
                "officialTitle": "An  Official\nTitle",
                "secondaryIdInfos": [
                    {"id": "nct09920098", "type": "OTHER"},
                    {"id": "ISRCTN1234", "type": "REGISTRY"},
                ],
            },
            "descriptionModule": {"detailedDescription": "Dose \\> 10\\^6 cells.\n\nTwo arms."},
            "sponsorCollaboratorsModule": {
                "collaborators": [{"name": "Mesoblast, Ltd.", "class": "INDUSTRY"}]
            },
            "referencesModule": {"seeAlsoLinks": [{"label": "Site", "url": "https://x.test"}]},
        },
        "hasResults": True,
    }
    record = parse_study(study)
    assert record.title == "An Official Title"
    assert record.abstract == "Detailed Description: Dose > 10^6 cells. Two arms."
    assert record.registry["detailed_description"] == "Dose \\> 10\\^6 cells.\n\nTwo arms."
    assert record.registry["brief_summary"] is None
    assert record.nct_ids == ["NCT09920099", "NCT09920098"]
    assert record.registry["collaborators"] == [{"name": "Mesoblast, Ltd.", "class": "INDUSTRY"}]
    assert record.registry["see_also_links"] == [{"label": "Site", "url": "https://x.test"}]
    assert record.registry["has_results"] is True
    assert record.registry["sponsor"] is None
    assert record.year is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"studies": [{"protocolSection": {"identificationModule": {"nct', "not JSON"),
        (b"<!DOCTYPE html><html><head><title>Not Found</title></head></html>", "HTML"),
        (b"Study not found", "not JSON"),
        (b"", "empty"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b"[1]", "JSON list"),
        (b'{"message": "NCT99999999 not found"}', "not found"),
        (b'{"foo": 1}', "not a ClinicalTrials.gov v2"),
        (b'{"studies": {"a": 1}}', "not a list"),
        (b"<clinical_study><id_info/></clinical_study>", "XML"),
    ],
)
def test_malformed_inputs_are_skipped(body: bytes, reason: str) -> None:
    page = parse_studies(body)
    assert page.result.records == []
    assert page.result.skipped is not None
    assert reason in page.result.skipped


def test_study_without_nct_id_is_a_problem_others_parse() -> None:
    body = json.dumps(
        {
            "studies": [
                _study("NCT09920091"),
                _study(None),
                "not a study",
                _study("nct09920092"),
            ],
            "nextPageToken": "abc",
            "totalCount": 4,
        }
    ).encode()
    page = parse_studies(body)
    assert [r.source_id for r in page.result.records] == ["NCT09920091", "NCT09920092"]
    assert [p.position for p in page.result.problems] == [1, 2]
    assert "nctId" in page.result.problems[0].message
    assert (page.next_page_token, page.total_count) == ("abc", 4)


def test_parse_study_raises_value_error_without_nct() -> None:
    with pytest.raises(ValueError, match="nctId"):
        parse_study(_study(None))
    with pytest.raises(ValueError, match="not an object"):
        parse_study([])  # type: ignore[arg-type]
