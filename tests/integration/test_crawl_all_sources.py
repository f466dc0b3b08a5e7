"""Issue 3 end to end: all three spiders through the replay server, merged into studies and
links, registration history across two corpus versions."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import requests
from sqlite_utils import Database

from tests.processes import replay_server, run_cli

EXIT_OK = 0


def load_labels(corpus: Path) -> list[dict]:
    lines = (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_corpus_gives_one_study_per_label_and_every_labelled_link(corpus_dir, tmp_path):
    db_path = tmp_path / "corpus.db"
    result = run_cli("crawl", "--offline", str(corpus_dir), "--db", str(db_path))
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    db = Database(db_path)
    labels = load_labels(corpus_dir)
    study_ids = [row["study_id"] for row in db["studies"].rows]
    assert len(study_ids) == len(labels) == 74
    assert sorted(study_ids) == sorted(label["key"] for label in labels)
    links = {(row["study_id"], row["other_study_id"]) for row in db["links"].rows}
    for label in labels:
        for other in label["links"]:
            assert (label["key"], other) in links, (label["key"], other)
    # every source record is accounted for by exactly one study
    sources = [s for row in db["studies"].rows for s in json.loads(row["sources"])]
    assert len(sources) == len(set(sources)) == db["records"].count == 78


def test_paging_costs_one_request_per_page(corpus_dir, tmp_path):
    page = {"europepmc": 3, "clinicaltrials": 5}
    with replay_server(corpus_dir, tmp_path) as base:
        result = run_cli(
            "crawl", "--full", "--source", "europepmc", "--source", "clinicaltrials",
            "--db", str(tmp_path / "p.db"),
            "--setting", f"EUROPEPMC_BASE_URL={base}/europepmc/webservices/rest/",
            "--setting", f"CLINICALTRIALS_BASE_URL={base}/api/v2/",
            "--setting", f"EUROPEPMC_PAGE_SIZE={page['europepmc']}",
            "--setting", f"CLINICALTRIALS_PAGE_SIZE={page['clinicaltrials']}")
        assert result.returncode == EXIT_OK, result.stderr[-3000:]
        log = requests.get(f"{base}/_replay/log", timeout=10).json()
    db = Database(tmp_path / "p.db")
    counts = {row["source"]: row["n"] for row in
              db.query("select source, count(*) n from records group by source")}
    assert counts == {"europepmc": 10, "clinicaltrials": 14}
    searches = {"europepmc": [e for e in log if e["path"].endswith("/search")],
                "clinicaltrials": [e for e in log if e["path"] == "/api/v2/studies"]}
    for source, entries in searches.items():
        assert len(entries) <= 1 + math.ceil(counts[source] / page[source]), (source, entries)
        assert len(entries) >= math.ceil(counts[source] / page[source])


def _registration_versions(corpus_dir: Path, tmp_path: Path) -> tuple[Path, Path, str]:
    study = json.loads((corpus_dir / "clinicaltrials" / "study-NCT06325566.json").read_text())
    nct = study["protocolSection"]["identificationModule"]["nctId"]
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    for folder in (v1, v2):
        (folder / "clinicaltrials").mkdir(parents=True)
    (v1 / "clinicaltrials" / f"{nct}.json").write_text(json.dumps(study))
    status = study["protocolSection"]["statusModule"]
    status["overallStatus"] = "TERMINATED"
    status["whyStopped"] = "Sponsor decision"
    status["lastUpdatePostDateStruct"] = {"date": "2026-10-01", "type": "ACTUAL"}
    study["protocolSection"]["designModule"]["enrollmentInfo"] = {"count": 120, "type": "ACTUAL"}
    (v2 / "clinicaltrials" / f"{nct}.json").write_text(json.dumps(study))
    return v1, v2, nct


def test_changed_registration_keeps_one_study_and_its_history(corpus_dir, tmp_path):
    v1, v2, nct = _registration_versions(corpus_dir, tmp_path)
    db_path = tmp_path / "h.db"
    for version in (v1, v2):
        result = run_cli("crawl", "--offline", str(version), "--source", "clinicaltrials",
                         "--db", str(db_path))
        assert result.returncode == EXIT_OK, result.stderr[-3000:]
    db = Database(db_path)
    studies = list(db["studies"].rows)
    assert [s["study_id"] for s in studies] == [f"nct:{nct}"]
    assert studies[0]["status"] == "TERMINATED" and studies[0]["sample_size"] == 120
    history = {row["field"]: row for row in db["registration_history"].rows_where(
        "nct_id = ?", [nct])}
    assert {"overall_status", "enrollment"} <= set(history)
    assert history["overall_status"]["old_value"] == "RECRUITING"
    assert history["overall_status"]["new_value"] == "TERMINATED"
    assert history["enrollment"]["new_value"] == "120"
    assert history["enrollment"]["old_value"] == "300"


def test_study_in_all_three_sources_and_idempotent_merge(corpus_dir, tmp_path):
    """PMID 25054402 is in PubMed and Europe PMC: one publication row listing both records.
    Re-running the merge (`stemspine tag`) changes no derived row."""
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus, ignore=shutil.ignore_patterns("*.py", "*.md"))
    db_path = tmp_path / "three.db"
    assert run_cli("crawl", "--offline", str(corpus), "--db", str(db_path)).returncode == EXIT_OK
    db = Database(db_path)
    row = db["studies"].get("pmid:25054402")
    assert json.loads(row["sources"]) == ["europepmc:MED:25054402", "pubmed:25054402"]
    trial = db["studies"].get("pmid:99200013")  # PubMed; its registration is linked, not merged
    assert trial["kind"] == "publication"
    assert db["links"].count_where("study_id = 'pmid:99200013' and "
                                   "other_study_id = 'nct:NCT09920001'") == 1

    def snapshot() -> dict[str, list[str]]:
        """Derived rows, without study_tags' surrogate id."""
        out = {}
        for table in ("studies", "study_tags", "links"):
            rows = [{k: v for k, v in r.items() if k != "id"} for r in db[table].rows]
            out[table] = sorted(json.dumps(r, sort_keys=True) for r in rows)
        return out

    before = snapshot()
    assert run_cli("tag", "--db", str(db_path)).returncode == EXIT_OK
    assert snapshot() == before


def test_a_second_crawl_re_derives_only_what_changed(corpus_dir, tmp_path):
    """Crawling the same corpus again stores nothing new and re-derives no study; a corpus with
    one changed registration re-derives that study alone; `stemspine tag` re-derives all."""
    v1, v2, nct = _registration_versions(corpus_dir, tmp_path)
    for version in (v1, v2):  # the whole corpus, with the registration's first or second version
        shutil.copytree(corpus_dir, version, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
            "*.py", "*.md", f"study-{nct}.json"))
    db_path = tmp_path / "again.db"
    lines = []
    for version in (v1, v1, v2):
        result = run_cli("crawl", "--offline", str(version), "--db", str(db_path))
        assert result.returncode == EXIT_OK, result.stderr[-3000:]
        lines.append(result.stderr.strip().splitlines()[-1])
    studies = Database(db_path)["studies"].count
    assert studies == 74
    assert f"-> {studies} studies ({studies} re-derived)" in lines[0]
    assert f"-> {studies} studies (0 re-derived)" in lines[1]
    assert f"-> {studies} studies (1 re-derived)" in lines[2]
    tagged = run_cli("tag", "--db", str(db_path))
    assert tagged.returncode == EXIT_OK and f"; {studies} studies" in tagged.stdout
