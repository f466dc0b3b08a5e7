"""A small but realistic study database for the publishing tests (Datasette, exports, browser).

Written with sqlite-utils through ``db.schema.open_db`` so it has the real schema, FTS and indexes.
What it holds, per cell type x condition pair (the expected verdicts with default thresholds):

- msc x disc_degeneration: two RCT reports of one registered trial (NCT01000001: the later one
  found mixed results), an RCT published as a preprint and as a journal article (same_trial: no
  difference), a retracted RCT, a systematic review, an animal study; one recruiting trial, one
  completed trial never published -> 2 RCTs, 120 + 210 = 330 randomized participants, none found
  benefit -> "randomized evidence: no benefit shown".
- msc x low_back_pain: the two reports of NCT01000001 -> 1 RCT -> "limited randomized evidence".
- svf x disc_herniation: two RCTs that found benefit (160 + 150 participants)
  -> "randomized evidence: benefit shown".
- bmac x disc_degeneration: a non-randomized controlled study and a case series; a terminated,
  unpublished registration -> "non-randomized controlled evidence only".
- svf x low_back_pain: a case series and a case report (whose title carries an XSS probe)
  -> "uncontrolled studies only".
- disc_cells x disc_degeneration: an animal and an in vitro study -> "preclinical only".
- hsc x spinal_stenosis: only a registration not yet recruiting -> "no published studies: 1
  registered".
- cell_free x disc_degeneration: only a retracted publication -> "no studies".
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from db.evidence_map_table import write_evidence_map
from db.schema import FACET_COLUMNS, open_db

XSS = "<script>alert(1)</script>"


def _months_ago(months: int) -> str:
    today = date.today()
    total = today.year * 12 + (today.month - 1) - months
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _study(study_id: str, title: str, **fields: Any) -> dict[str, Any]:
    kind = "registration" if study_id.startswith("nct:") else "publication"
    row: dict[str, Any] = {
        "study_id": study_id, "kind": kind, "title": title,
        "abstract": fields.pop("abstract", f"Abstract of {title}."),
        "year": 2021, "pub_date": None, "journal": None, "authors": [], "first_author": None,
        "pmid": study_id[5:] if study_id.startswith("pmid:") else None, "pmcid": None,
        "doi": study_id[4:] if study_id.startswith("doi:") else None,
        "nct_id": study_id[4:] if kind == "registration" else None,
        "publication_types": [], "design": None, "population": "human", "evidence_level": None,
        "sample_size": None, "retracted": 0, "status": None, "phase": None, "why_stopped": None,
        "start_date": None, "completion_date": None, "has_results": 0, "sources": [],
        "first_seen": "2024-03-01T09:00:00+00:00", "updated": None, "result": None,
        "followup_months": None,
    }
    for column in FACET_COLUMNS.values():
        row[column] = []
    row.update(fields)
    if row["authors"] and not row["first_author"]:
        row["first_author"] = row["authors"][0]
    if not row["sources"]:
        source = "clinicaltrials" if kind == "registration" else "pubmed"
        row["sources"] = [f"{source}:{study_id.split(':', 1)[1]}"]
    return row


def studies() -> list[dict[str, Any]]:
    """The study rows (JSON array columns as Python lists)."""
    msc_dd = {"cell_types": ["msc"], "conditions": ["disc_degeneration"]}
    return [
        _study("pmid:1001", "Allogeneic mesenchymal precursor cells for chronic discogenic low "
               "back pain: a randomized controlled trial", result="no_difference",
               followup_months=12, year=2021, journal="Spine J",
               authors=["Amirdelfan K", "Bae H", "McJunkin T"], design="rct", evidence_level=2,
               sample_size=120, cell_types=["msc"],
               conditions=["disc_degeneration", "low_back_pain"], donors=["allogeneic"],
               cell_sources=["bone_marrow"], processing=["culture_expanded"],
               deliveries=["intradiscal"], guidance=["fluoroscopy"],
               outcomes=["pain", "function", "surgery"], publication_types=[
                   "Randomized Controlled Trial"], first_seen="2024-05-02T08:00:00+00:00"),
        _study("pmid:1002", "Three-year follow-up of intradiscal mesenchymal precursor cells "
               "in the randomized trial", result="mixed", followup_months=36,
               year=2023, journal="Spine J",
               authors=["Bae H", "Amirdelfan K"], design="rct", evidence_level=2, sample_size=100,
               cell_types=["msc"], conditions=["disc_degeneration", "low_back_pain"],
               outcomes=["pain", "imaging", "adverse_events"],
               first_seen="2024-06-10T08:00:00+00:00"),
        _study("pmid:1003", "Bone marrow MSC versus sham injection for degenerative disc disease: "
               "a multicentre RCT", result="no_difference", followup_months=12,
               year=2024, journal="Eur Spine J",
               authors=["Noriega DC", "Ardura F", "Hernández-Ramajo R"], design="rct",
               evidence_level=2, sample_size=200, outcomes=["pain", "function", "imaging"],
               deliveries=["intradiscal"], first_seen="2025-01-15T10:00:00+00:00", **msc_dd),
        _study("doi:10.1101/2023.05.01.000003", "Bone marrow MSC versus sham injection for "
               "degenerative disc disease (preprint)", result="no_difference", followup_months=6,
               year=2023, journal="medRxiv",
               authors=["Noriega DC", "Ardura F"], design="rct", evidence_level=2,
               sample_size=210, sources=["europepmc:PPR000003"],
               first_seen="2024-09-01T10:00:00+00:00", **msc_dd),
        _study("pmid:1009", "Mesenchymal stem cells cure disc degeneration in a large RCT",
               result="benefit",
               year=2020, journal="J Questionable Res", authors=["Fraud A"], design="rct",
               evidence_level=2, sample_size=500, retracted=1, outcomes=["pain"],
               first_seen="2024-03-01T09:00:00+00:00", **msc_dd),
        _study("pmid:1012", "Retraction notice: Mesenchymal stem cells cure disc degeneration",
               year=2022, journal="J Questionable Res", design="editorial",
               authors=["Editors of J Questionable Res"],
               publication_types=["Retraction of Publication"]),
        _study("pmid:1011", "Mesenchymal stem cells for discogenic back pain: a systematic "
               "review and meta-analysis", result="benefit",
               year=2025, journal="Pain Physician",
               authors=["Smith J", "Lee K"], design="systematic_review", evidence_level=1,
               sample_size=650, outcomes=["pain", "function", "adverse_events"],
               first_seen="2025-06-01T07:30:00+00:00", **msc_dd),
        _study("pmid:1010", "Allogeneic MSC regenerate the nucleus pulposus in a canine model",
               year=2019, journal="Stem Cell Res Ther", authors=["Wang Y"],
               design="preclinical_animal", evidence_level=5, population="animal",
               outcomes=["imaging"], **msc_dd),
        _study("pmid:2001", "Bone marrow concentrate versus steroid injection: a prospective "
               "comparative study", result="benefit", followup_months=24,
               year=2022, journal="Int Orthop",
               authors=["Pettine KA", "Murphy MB"], design="non_randomized_controlled",
               evidence_level=3, sample_size=40, cell_types=["bmac"],
               conditions=["disc_degeneration"], processing=["minimally_manipulated"],
               outcomes=["pain", "function", "surgery"], first_seen="2025-02-20T12:00:00+00:00"),
        _study("pmid:2002", "Bone marrow aspirate concentrate {BMAC} & 50% pain relief: "
               "T_2 signal, $cost$ #1 ~ a case series", result="benefit", followup_months=12,
               year=2018, journal="Pain Med",
               authors=["O'Brien D", "Müller F", "Spine and Pain Research Group"],
               design="case_series", evidence_level=4, sample_size=26, cell_types=["bmac"],
               conditions=["disc_degeneration"], outcomes=["pain"]),
        _study("pmid:3001", "Stromal vascular fraction injections for chronic low back pain: "
               "case series", result="benefit", followup_months=6,
               year=2020, journal="Regen Med", authors=["Comella K"],
               design="case_series", evidence_level=4, sample_size=15, cell_types=["svf"],
               conditions=["low_back_pain"], cell_sources=["adipose"], outcomes=["pain"]),
        _study("pmid:3002", f"Adipose-derived SVF case report {XSS}", result="not_reported",
               year=2021,
               journal="J Case Rep", authors=["Doe J"], design="case_report", evidence_level=4,
               sample_size=1, cell_types=["svf"], conditions=["low_back_pain"],
               abstract=f"A single patient. {XSS}", first_seen="2025-07-01T00:00:00+00:00"),
        _study("pmid:4001", "Notochordal cells restore disc height in a rabbit model", year=2017,
               journal="Spine", authors=["Sakai D", "Mochida J"], design="preclinical_animal",
               evidence_level=5,
               population="animal", cell_types=["disc_cells"], conditions=["disc_degeneration"]),
        _study("pmid:4002", "Nucleus pulposus progenitor cells in 3D culture", year=2016,
               journal="Tissue Eng", authors=["Risbud MV"], design="in_vitro", evidence_level=5,
               population="in_vitro",
               cell_types=["disc_cells"], conditions=["disc_degeneration"]),
        _study("pmid:5001", "Exosomes from MSC reverse disc degeneration (retracted)",
               result="benefit",
               year=2021, journal="J Questionable Res", authors=["Fraud A", "Copy B"],
               design="case_series", evidence_level=4,
               sample_size=30, retracted=1, cell_types=["cell_free"],
               conditions=["disc_degeneration"]),
        _study("pmid:6001", "Adipose stromal vascular fraction versus epidural steroid for lumbar "
               "disc herniation: a randomized trial", result="benefit", followup_months=24,
               year=2022, journal="Spine J", authors=["Park S"], design="rct", evidence_level=2,
               sample_size=160, cell_types=["svf"], conditions=["disc_herniation"],
               cell_sources=["adipose"], outcomes=["pain", "function"]),
        _study("pmid:6002", "Microfragmented adipose tissue injection for herniated disc: a "
               "randomised controlled trial", result="benefit", followup_months=12,
               year=2023,
               journal="Pain Physician", authors=["Rossi M"], design="rct", evidence_level=2,
               sample_size=150, cell_types=["svf"], conditions=["disc_herniation"],
               outcomes=["pain", "surgery", "adverse_events"]),
        _study("nct:NCT01000001", "Mesenchymal Precursor Cells in Chronic Discogenic Low Back Pain",
               year=2015, authors=["Mesoblast, Ltd."], design="rct", sample_size=100,
               status="COMPLETED", phase="PHASE3",
               start_date="2015-03", completion_date="2019-06", has_results=1,
               cell_types=["msc"], conditions=["disc_degeneration", "low_back_pain"],
               outcomes=["pain", "function"], first_seen="2024-03-01T09:00:00+00:00"),
        _study("nct:NCT02000002", "Intradiscal Autologous MSC for Degenerative Disc Disease",
               year=2024, authors=["Centeno C"], design="rct", sample_size=150,
               status="RECRUITING", phase="PHASE2",
               start_date="2024-02-01", completion_date="2027-12", outcomes=["pain"],
               first_seen="2025-03-05T09:00:00+00:00", **msc_dd),
        _study("nct:NCT03000003", "Umbilical Cord MSC Injection for Disc Degeneration",
               year=2016, authors=["Wuhan Union Hospital"], design="case_series",
               sample_size=30, status="COMPLETED",
               phase="PHASE1", start_date="2016-01", completion_date="2018-06",
               cell_sources=["umbilical_cord"], **msc_dd),
        _study("nct:NCT04000004", "Bone Marrow Concentrate for Discogenic Pain", year=2017,
               authors=["Pettine KA"], design="rct", sample_size=60, status="TERMINATED",
               why_stopped="Funding",
               completion_date="2019-03-15", cell_types=["bmac"],
               conditions=["disc_degeneration"]),
        _study("nct:NCT05000005", "CD34+ Cells for Lumbar Spinal Stenosis", year=2025,
               authors=["Kobe University"], design="case_series", sample_size=20,
               status="NOT_YET_RECRUITING",
               completion_date="2028-01", cell_types=["hsc"], conditions=["spinal_stenosis"],
               first_seen="2025-08-01T09:00:00+00:00"),
        _study("nct:NCT06000006", "Adipose MSC for Disc Herniation", year=2023,
               authors=["Kim J"], design="rct",
               sample_size=80, status="COMPLETED", completion_date=_months_ago(6),
               cell_types=["msc"], conditions=["disc_herniation"]),
    ]


def links() -> list[dict[str, str]]:
    """Links in both directions, as the merge step writes them."""
    pairs = [
        ("pmid:1001", "nct:NCT01000001", "registered_as", "registration_of", "NCT id in abstract"),
        ("pmid:1002", "nct:NCT01000001", "registered_as", "registration_of", "NCT id in abstract"),
        ("doi:10.1101/2023.05.01.000003", "pmid:1003", "same_trial", "same_trial", "title match"),
        ("pmid:1009", "pmid:1012", "retracted_by", "retraction_of", "CommentsCorrections"),
        ("pmid:1011", "pmid:1001", "includes", "included_in", "reference list"),
    ]
    rows = []
    for a, b, forward, backward, evidence in pairs:
        rows.append({"study_id": a, "other_study_id": b, "relation": forward, "evidence": evidence})
        rows.append({"study_id": b, "other_study_id": a, "relation": backward,
                     "evidence": evidence})
    return rows


def tags(study_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One tag per facet value, with the field and text that caused it (as the tagger would)."""
    facet_of = {column: facet for facet, column in FACET_COLUMNS.items()}
    rows = []
    for study in study_rows:
        for column, facet in facet_of.items():
            for value in study[column]:
                rows.append({"study_id": study["study_id"], "facet": facet, "value": value,
                             "field": "abstract", "matched_text": value.replace("_", " "),
                             "origin": "rule", "note": f"{facet}.{value}"})
        if study["design"]:
            rows.append({"study_id": study["study_id"], "facet": "design",
                         "value": study["design"], "field": "publication_type",
                         "matched_text": study["design"], "origin": "rule", "note": "design"})
    rows.append({"study_id": "pmid:3002", "facet": "cell_source", "value": "adipose",
                 "field": "title", "matched_text": f"Adipose {XSS}", "origin": "curation",
                 "note": "curated: adipose-derived"})
    return rows


def history() -> list[dict[str, Any]]:
    return [
        {"nct_id": "NCT02000002", "field": "status", "old_value": "NOT_YET_RECRUITING",
         "new_value": "RECRUITING", "changed_at": "2025-04-01T09:00:00+00:00",
         "source_updated": "2025-03-28", "crawl_run_id": 2},
        {"nct_id": "NCT02000002", "field": "completion_date", "old_value": "2026-12",
         "new_value": "2027-12", "changed_at": "2025-05-01T09:00:00+00:00",
         "source_updated": "2025-04-29", "crawl_run_id": 3},
    ]


def build_study_db(path: str | Path) -> Path:
    """Write the sample study database at ``path`` (replacing one that is there) and return it."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = open_db(str(path))
    study_rows = studies()
    encoded = [{key: json.dumps(value) if isinstance(value, list) else value
                for key, value in row.items()} for row in study_rows]
    db["studies"].insert_all(encoded, pk="study_id")
    db["study_tags"].insert_all(tags(study_rows), pk="id")
    db["links"].insert_all(links(), pk=("study_id", "other_study_id", "relation"))
    db["registration_history"].insert_all(history(), pk="id")
    write_evidence_map(db)
    db["crawl_runs"].insert_all([
        {"id": run, "source": source, "started": f"2025-0{run}-01T09:00:00+00:00",
         "finished": f"2025-0{run}-01T09:05:00+00:00", "status": "ok", "mode": "incremental",
         "since": None, "requests": 12, "new": 5, "updated": 1, "unchanged": 20, "errors": 0,
         "message": None}
        for run, source in [(1, "pubmed"), (2, "clinicaltrials"), (3, "clinicaltrials")]
    ], pk="id")
    db["crawl_errors"].insert({"id": 1, "crawl_run_id": 1, "source": "pubmed",
                               "url": "http://127.0.0.1/efetch", "position": 3,
                               "source_id": "999", "message": "truncated body",
                               "at": "2025-01-01T09:01:00+00:00"}, pk="id")
    db["records"].insert({"source": "pubmed", "source_id": "1001", "kind": "publication",
                          "title": study_rows[0]["title"], "year": 2021, "pmid": "1001",
                          "pmcid": None, "doi": None, "nct_id": None, "revised": "2021-05-01",
                          "data": "{}", "raw": "<PubmedArticle/>", "content_hash": "abc",
                          "first_seen": "2024-05-02T08:00:00+00:00",
                          "fetched_at": "2024-05-02T08:00:00+00:00", "crawl_run_id": 1},
                         pk=("source", "source_id"))
    db.execute("delete from _derive_queue")  # (the studies above stand for its derive)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


def synthetic_studies(count: int, seed: int = 10) -> list[dict[str, Any]]:
    """``count`` varied study rows: every design and level, years with gaps and NULLs, sample
    sizes with NULLs (for paging), UK and US spellings, hyphens and quotes in titles."""
    import random

    rng = random.Random(seed)
    designs = [("rct", 2), ("non_randomized_controlled", 3), ("case_series", 4),
               ("case_report", 4), ("systematic_review", 1), ("preclinical_animal", 5),
               ("narrative_review", 5), ("editorial", None)]
    cell_types = ["msc", "bmac", "svf", "hsc", "disc_cells"]
    conditions = ["disc_degeneration", "disc_herniation", "low_back_pain", "spinal_stenosis"]
    words = ["randomised", "randomized", "stem-cell", "mesenchymal", "haematopoietic",
             "intradiscal", "injection", "disc", "\"quoted\"", "O'Brien", "pain", "tumour"]
    rows = []
    for number in range(count):
        registration = number % 7 == 0
        study_id = f"nct:NCT{90000000 + number}" if registration else f"pmid:{70000000 + number}"
        design, level = designs[number % len(designs)]
        title = " ".join(rng.choice(words) for _ in range(6)) + f" {number}"
        year = None if number % 11 == 0 else rng.randint(2000, 2025)
        rows.append(_study(
            study_id, title, year=year, design=design,
            evidence_level=None if registration else level,
            population="animal" if design == "preclinical_animal" else "human",
            sample_size=None if number % 5 == 0 else rng.randint(1, 400),
            status=rng.choice(["RECRUITING", "COMPLETED", "TERMINATED"]) if registration
            else None,
            result=None if registration else rng.choice(
                ["benefit", "no_difference", "mixed", "harm", "safety_only", None]),
            followup_months=rng.choice([None, 6, 12, 24]),
            cell_types=rng.sample(cell_types, rng.randint(0, 2)),
            conditions=rng.sample(conditions, rng.randint(1, 2)),
            outcomes=rng.sample(["pain", "function", "surgery", "adverse_events"],
                                rng.randint(0, 3)),
            authors=[f"Author {number % 97}"], journal=None if registration else "J Synth",
            first_seen=f"20{10 + number % 15:02d}-01-01T00:00:00+00:00"))
    return rows


def build_synthetic_db(path: str | Path, count: int = 5000) -> Path:
    """A synthetic study database of ``count`` studies with the real schema, FTS and map."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = open_db(str(path))
    rows = synthetic_studies(count)
    db["studies"].insert_all([{key: json.dumps(value) if isinstance(value, list) else value
                               for key, value in row.items()} for row in rows],
                             pk="study_id", batch_size=500)
    db["study_tags"].insert_all(tags(rows), pk="id", batch_size=2000)
    write_evidence_map(db)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


def started_datasette(path: str | Path, **options: Any):
    """A Datasette configured like the server (``db.serve.make_datasette``), started, for the
    ASGI test client."""
    import asyncio

    from db.serve import make_datasette

    datasette = make_datasette(str(path), **options)
    asyncio.run(datasette.invoke_startup())
    return datasette


def get_ok(datasette, path: str):
    """GET ``path`` through the ASGI client; the response, which must be a 200."""
    import asyncio

    response = asyncio.run(datasette.client.get(path))
    assert response.status_code == 200, response.text
    return response
