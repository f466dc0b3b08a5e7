"""Issue 2 end to end on the crawl side: the PubMed spider through the replay server into SQLite,
run as users run it (the `stemspine` command in a subprocess)."""

from __future__ import annotations

import json
import math
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import requests
from sqlite_utils import Database

from tests.conftest import SAMPLE_CORPUS
from tests.processes import pubmed_url, replay_server, run_cli

EXIT_OK, EXIT_PARTIAL = 0, 3


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def expected_articles(folder: Path) -> dict[str, dict]:
    """An independent reading of every PubmedArticle (xml.etree, not the project's parser);
    where a PMID appears twice, the newer revision (DateRevised, then the newer format)."""
    found: dict[str, tuple[tuple, dict]] = {}
    for path in sorted(folder.glob("*.xml")):
        root = ET.parse(path).getroot()
        if root.tag != "PubmedArticleSet":
            continue
        for article in root.iter("PubmedArticle"):
            citation = article.find("MedlineCitation")
            pmid_el = citation.find("PMID")
            revised = "-".join(_text(citation.find(f"DateRevised/{part}"))
                               for part in ("Year", "Month", "Day"))
            title = _text(citation.find("Article/ArticleTitle")).strip() or _text(
                citation.find("Article/VernacularTitle"))
            pub_date = citation.find("Article/Journal/JournalIssue/PubDate")
            year_text = _text(pub_date.find("Year")) or _text(pub_date.find("MedlineDate"))[:4]
            dois = [_text(x) for x in article.findall("PubmedData/ArticleIdList/ArticleId")
                    if x.get("IdType") == "doi"]
            dois += [_text(x) for x in citation.findall("Article/ELocationID")
                     if x.get("EIdType") == "doi"]
            abstract = " ".join(_text(x) for x in citation.iter("AbstractText"))
            ncts = {_text(x) for x in citation.iter("AccessionNumber")
                    if _text(x).startswith("NCT")}
            ncts |= set(re.findall(r"NCT\d{8}", abstract + title))
            data = {
                "pmid": pmid_el.text, "title": title,
                "year": int(year_text) if year_text.isdigit() else None,
                "doi": dois[0].lower() if dois else None,
                "publication_types": [_text(x) for x in citation.iter("PublicationType")],
                "nct_ids": sorted(ncts),
            }
            key = (revised, pmid_el.get("Version") is not None)
            if pmid_el.text not in found or key > found[pmid_el.text][0]:
                found[pmid_el.text] = (key, data)
    return {pmid: data for pmid, (_, data) in found.items()}


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def test_crawl_fixtures_stores_one_row_per_distinct_pmid(fixtures_dir, tmp_path):
    db_path = tmp_path / "f.db"
    result = run_cli("crawl", "--offline", str(fixtures_dir), "--source", "pubmed",
                     "--db", str(db_path))
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    # the replay server says why it skipped the files that are not efetch output
    assert "esearch" in result.stderr and "skip" in result.stderr.lower()

    expected = expected_articles(fixtures_dir / "pubmed")
    db = Database(db_path)
    rows = {row["source_id"]: row for row in db["records"].rows_where("source = 'pubmed'")}
    assert set(rows) == set(expected)
    for pmid, want in expected.items():
        data = json.loads(rows[pmid]["data"])
        assert data["pmid"] == pmid
        assert squash(data["title"]) == squash(want["title"]), pmid
        assert data["year"] == want["year"], pmid
        assert data["doi"] == want["doi"], pmid
        assert data["publication_types"] == want["publication_types"], pmid
        assert data["nct_ids"] == want["nct_ids"], pmid
    # the current format of PMID 9997 (revised 2019) won over the 2008 one
    assert json.loads(rows["9997"]["data"])["revised"].startswith("2019")
    assert "NCT01245062" in json.loads(rows["22663011"]["data"])["nct_ids"]


def test_second_crawl_rewrites_nothing(fixtures_dir, tmp_path):
    db_path = tmp_path / "twice.db"
    args = ("crawl", "--offline", str(fixtures_dir), "--source", "pubmed", "--db", str(db_path))
    assert run_cli(*args).returncode == EXIT_OK
    db = Database(db_path)
    before = {(r["source_id"], r["content_hash"], r["fetched_at"], r["first_seen"])
              for r in db["records"].rows}
    assert run_cli(*args).returncode == EXIT_OK
    after = {(r["source_id"], r["content_hash"], r["fetched_at"], r["first_seen"])
             for r in db["records"].rows}
    assert after == before
    runs = list(db["crawl_runs"].rows_where(order_by="id"))
    assert runs[-1]["new"] == 0 and runs[-1]["updated"] == 0
    assert runs[-1]["unchanged"] == len(before)


JITTER = 0.05  # seconds: how late a request may reach the loopback server on a busy machine


def test_batching_and_rate_limit(corpus_dir, tmp_path):
    batch = 10
    with replay_server(corpus_dir, tmp_path) as base:
        result = run_cli("crawl", "--source", "pubmed", "--db", str(tmp_path / "b.db"),
                         "--full", "--setting", pubmed_url(base),
                         "--setting", f"PUBMED_BATCH_SIZE={batch}")
        assert result.returncode == EXIT_OK, result.stderr[-3000:]
        log = [entry for entry in requests.get(f"{base}/_replay/log", timeout=10).json()
               if "/entrez/" in entry["path"]]
    records = Database(tmp_path / "b.db")["records"].count
    assert records == 54
    data_requests = [e for e in log if "esearch" in e["path"] or "efetch" in e["path"]]
    assert len(data_requests) <= 2 + math.ceil(records / batch)
    assert sum(e["ids"] or 0 for e in log if "efetch" in e["path"]) == records
    # NCBI without an API key: at most 3 requests in any one second. The times are arrivals at
    # the server: on a loaded machine one request can arrive late and the next on time, so a
    # single gap may be short while the rate holds; four in a row must span a second.
    times = sorted(e["t"] for e in data_requests)
    spans = [b - a for a, b in zip(times, times[3:], strict=False)]
    assert spans and min(spans) >= 1 - JITTER, spans
    assert times[-1] - times[0] >= (len(times) - 1) / 3 - JITTER, times


def _break_article(folder: Path, pmid: str) -> None:
    """Corrupt the XML of one article (mid-document) in a copied corpus."""
    for path in folder.glob("*.xml"):
        data = path.read_bytes()
        marker = f"<PMID Version=\"1\">{pmid}</PMID>".encode()
        if marker in data:
            start = data.index(marker)
            cut = data.index(b"<ArticleTitle>", start)
            path.write_bytes(data[:cut] + b"<ArticleTitle><broken" + data[cut + 14:])
            return
    raise AssertionError(f"PMID {pmid} not found")


def test_malformed_article_mid_batch_is_partial_and_loses_nothing_else(corpus_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir / "pubmed", corpus / "pubmed")
    broken = "99200003"
    _break_article(corpus / "pubmed", broken)
    db_path = tmp_path / "m.db"
    result = run_cli("crawl", "--offline", str(corpus), "--source", "pubmed",
                     "--db", str(db_path), "--setting", "PUBMED_BATCH_SIZE=10")
    assert result.returncode == EXIT_PARTIAL, result.stderr[-3000:]
    db = Database(db_path)
    stored = {row["source_id"] for row in db["records"].rows}
    assert len(stored) == 53 and broken not in stored
    errors = list(db["crawl_errors"].rows)
    assert len(errors) == 1
    assert errors[0]["source_id"] == broken and errors[0]["position"] is not None
    run = next(db["crawl_runs"].rows_where(order_by="id desc"))
    assert run["status"] == "partial" and run["errors"] == 1
    assert broken in result.stderr

    # repaired upstream: the next run completes the work
    shutil.rmtree(corpus / "pubmed")
    shutil.copytree(corpus_dir / "pubmed", corpus / "pubmed")
    again = run_cli("crawl", "--offline", str(corpus), "--source", "pubmed",
                    "--db", str(db_path))
    assert again.returncode == EXIT_OK
    assert db["records"].count == 54


def test_efetch_by_id_list_posts_above_200_ids(tmp_path):
    """Without a server-side history the spider efetches the esearch id list, by POST when a
    request names more than 200 ids."""
    from crawlers.replay.synthetic import write_pubmed_corpus

    pmids = write_pubmed_corpus(SAMPLE_CORPUS, tmp_path / "big", 450)
    with replay_server(tmp_path / "big", tmp_path) as base:
        result = run_cli("crawl", "--full", "--source", "pubmed", "--db", str(tmp_path / "i.db"),
                         "--setting", pubmed_url(base), "--setting", "PUBMED_USE_HISTORY=false",
                         "--setting", "PUBMED_BATCH_SIZE=300")
        assert result.returncode == EXIT_OK, result.stderr[-3000:]
        log = requests.get(f"{base}/_replay/log", timeout=10).json()
    fetches = [(e["method"], e["ids"]) for e in log if "efetch" in e["path"]]
    assert sorted(fetches) == [("GET", 150), ("POST", 300)]
    assert len(log) <= 2 + math.ceil(len(pmids) / 300)
    stored = {row["source_id"] for row in Database(tmp_path / "i.db")["records"].rows}
    assert stored == set(pmids)
