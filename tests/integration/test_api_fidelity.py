"""The spiders ask the APIs what the APIs document, and handle their routine answers: PubMed
Bookshelf chapters and deletions, a short batch or an expired history that a second request
cures, Europe PMC restricted to titles, abstracts and keywords of literature sources in a stable
order, ClinicalTrials.gov at 50 requests a minute, a User-Agent with a contact on every request,
and no live crawl without a contact."""

from __future__ import annotations

import json
import shutil
from datetime import date
from importlib.metadata import version

import requests
from sqlite_utils import Database

from db import store
from tests import processes
from tests.conftest import SAMPLE_CORPUS
from tests.processes import CONTACT, pubmed_url, replay_server, run_cli
from tests.pubmed_articles import write_articles

EXIT_OK, EXIT_USAGE, EXIT_PARTIAL = 0, 2, 3


def faults(base: str, *items: dict) -> None:
    requests.post(f"{base}/_replay/reset", timeout=10).raise_for_status()
    requests.post(f"{base}/_replay/faults", json=list(items), timeout=10).raise_for_status()


def log(base: str) -> list[dict]:
    return requests.get(f"{base}/_replay/log", timeout=10).json()


def crawl_pubmed(base: str, db_path):
    return processes.crawl_pubmed(base, db_path, "PUBMED_BATCH_SIZE=3")


BOOK = b"""<PubmedBookArticle><BookDocument><PMID Version="1">20301295</PMID><ArticleTitle>\
Stem cells and the intervertebral disc (a Bookshelf chapter)</ArticleTitle></BookDocument>\
<PubmedBookData><PublicationStatus>ppublish</PublicationStatus></PubmedBookData>\
</PubmedBookArticle>"""


def test_bookshelf_chapters_are_skipped_with_a_reason_and_deletions_kept_but_hidden(tmp_path):
    corpus = write_articles(tmp_path / "v1", {n: date(2025, 5, n) for n in range(1, 8)})
    db_path = tmp_path / "d.db"
    with replay_server(corpus, tmp_path) as base:
        assert crawl_pubmed(base, db_path).returncode == EXIT_OK
    assert Database(db_path)["studies"].count == 7

    # later: NCBI deleted PMID 3, and the search now also finds a Bookshelf chapter
    (corpus / "pubmed" / "book-and-deletion.xml").write_bytes(
        b"<PubmedArticleSet>" + BOOK + b'<DeleteCitation><PMID Version="1">3</PMID>'
        b"</DeleteCitation></PubmedArticleSet>")
    with replay_server(corpus, tmp_path) as base:
        result = crawl_pubmed(base, db_path)
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    assert "Bookshelf" in result.stderr  # the reason is logged
    db = Database(db_path)
    run = next(db["crawl_runs"].rows_where(order_by="id desc"))
    assert (run["status"], run["announced"], run["stored"], run["skipped"], run["deleted"],
            run["errors"]) == ("ok", 8, 6, 1, 1, 0)
    assert db["records"].get(("pubmed", "3"))["deleted"] == 1  # kept ...
    assert "pmid:3" not in {row["study_id"] for row in db["studies"].rows}  # ... hidden
    assert db["studies"].count == 6 and db["records"].count == 7


def test_a_short_batch_and_an_expired_history_are_cured_by_asking_again(tmp_path):
    corpus = write_articles(tmp_path / "c", {n: date(2025, 5, n) for n in range(1, 11)})
    with replay_server(corpus, tmp_path) as base:
        faults(base, {"path": "efetch", "kind": "drop", "after": 1},
               {"path": "efetch", "kind": "expire", "after": 4})
        result = crawl_pubmed(base, tmp_path / "r.db")
        entries = log(base)
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    assert Database(tmp_path / "r.db")["records"].count == 10
    fetches = [(e["path"].rsplit("/", 1)[1], e["query"].get("retstart"), e.get("fault"))
               for e in entries if e["path"].endswith(("esearch.fcgi", "efetch.fcgi"))]
    assert fetches == [
        ("esearch.fcgi", None, None),
        ("efetch.fcgi", "0", None),
        ("efetch.fcgi", "3", "drop"), ("efetch.fcgi", "6", None),
        ("efetch.fcgi", None, None),  # the PMID the short batch missed, asked for by id
        ("efetch.fcgi", "9", "expire"),  # "Unable to obtain query #1"
        ("esearch.fcgi", None, None),  # a new history, the same Count: go on at 9
        ("efetch.fcgi", "9", None)]
    asked_again = [e["query"].get("id") for e in entries if e["path"].endswith("efetch.fcgi")
                   and e["query"].get("id")]
    # (newest first: the batch at 3 holds PMIDs 7, 6, 5 and lost its last article)
    assert asked_again == ["5"]


def test_europepmc_searches_titles_abstracts_and_keywords_of_literature_in_a_stable_order(
        tmp_path, corpus_dir):
    """Against the development corpus with text matching on: the topic's concepts in the
    title, abstract or keywords of MED, PMC and PPR records; full-text-only mentions and other
    sources are not asked for."""
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir / "europepmc", corpus / "europepmc")
    results = json.loads((corpus / "europepmc" / "search-core-stemcell-spine-page1.json")
                         .read_text())["resultList"]["result"]
    patent = {**results[0], "id": "EP9920001", "source": "PAT", "pmid": None}
    full_text_only = {**results[1], "id": "99209999", "pmid": "99209999",
                      "title": "A fusion registry", "abstractText": "Outcomes of fusion.",
                      "keywordList": {"keyword": []},
                      "fullText": "mesenchymal stem cells for low back pain"}
    (corpus / "europepmc" / "extra.json").write_text(
        json.dumps({"resultList": {"result": [patent, full_text_only]}}))
    db_path = tmp_path / "e.db"
    with replay_server(corpus, tmp_path, match_text=True) as base:
        result = run_cli("crawl", "--full", "--source", "europepmc", "--db", str(db_path),
                         "--setting", f"EUROPEPMC_BASE_URL={base}/europepmc/webservices/rest/",
                         "--setting", "EUROPEPMC_PAGE_SIZE=4")
        searches = [e for e in log(base) if e["path"].endswith("/search")][1:]  # not the probe
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    query = searches[0]["query"]["query"]
    assert '(TITLE_ABS:"stem cell" OR KW:"stem cell")' in query
    assert query.endswith("AND (SRC:MED OR SRC:PMC OR SRC:PPR)")
    assert {e["query"]["sort"] for e in searches} == {"FIRST_IDATE_D asc"}
    cursors = [e["query"]["cursorMark"] for e in searches[1:]]
    assert cursors and all("+" in c and "/" in c and c.endswith("=") for c in cursors)
    ids = {row["source_id"] for row in Database(db_path)["records"].rows}
    assert "PAT:EP9920001" not in ids and "MED:99209999" not in ids
    assert len(ids) == Database(db_path)["crawl_runs"].get(1)["announced"] > 0


def test_every_request_names_stemspine_its_version_and_the_contact(tmp_path):
    with replay_server(SAMPLE_CORPUS, tmp_path) as base:
        result = run_cli("crawl", "--full", "--db", str(tmp_path / "ua.db"),
                         "--setting", pubmed_url(base),
                         "--setting", f"EUROPEPMC_BASE_URL={base}/europepmc/webservices/rest/",
                         "--setting", f"CLINICALTRIALS_BASE_URL={base}/api/v2/",
                         "--setting", "CLINICALTRIALS_PAGE_SIZE=3")
        entries = [e for e in log(base) if e["user_agent"] and "python-requests" not in
                   e["user_agent"]]  # the reachability probes use requests
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    assert {e["path"].split("/")[1] for e in entries} == {"entrez", "europepmc", "api"}
    for entry in entries:
        assert entry["user_agent"].startswith(f"stemspine/{version('stemspine')} (")
        assert f"mailto:{CONTACT}" in entry["user_agent"]
    studies = [e for e in entries if e["path"] == "/api/v2/studies"]
    # the count with the first page, and once more after the last one (one study)
    assert [e["query"].get("countTotal") for e in studies] == ["true"] + [None] * (
        len(studies) - 2) + ["true"]
    assert studies[-1]["query"]["pageSize"] == "1" and "pageToken" not in studies[-1]["query"]
    gaps = [b["t"] - a["t"] for a, b in zip(studies, studies[1:], strict=False)]
    # at most 50 a minute: 1.2 s apart over the whole run (less how late the first request reached
    # the loopback server on a busy machine); one gap may be shorter by that lateness
    assert len(gaps) >= 2 and sum(gaps) >= 1.2 * len(gaps) - 0.05, gaps
    assert min(gaps) >= 1.2 - 0.2, gaps
    assert all(store.watermark(Database(tmp_path / "ua.db"), source, 3) is not None
               for source in ("pubmed", "europepmc", "clinicaltrials"))


def test_a_live_crawl_without_a_contact_does_not_start(tmp_path):
    env = {key: value for key, value in __import__("os").environ.items()
           if key != "NCBI_EMAIL"}
    result = run_cli("crawl", "--source", "pubmed", "--db", str(tmp_path / "n.db"),
                     "--setting", "PUBMED_BASE_URL=http://127.0.0.1:9/entrez/eutils/", env=env)
    assert result.returncode == EXIT_USAGE
    assert result.stderr.strip().count("\n") == 0 and "NCBI_EMAIL" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "n.db").exists()
    offline = run_cli("crawl", "--offline", "--source", "pubmed", "--db",
                      str(tmp_path / "o.db"), env=env)
    assert offline.returncode == EXIT_OK  # offline corpora need no contact


def test_a_bookshelf_chapter_in_a_re_asked_batch_is_skipped_once(tmp_path):
    """A short batch holding a Bookshelf chapter is asked again: the chapter arrives twice but is
    one skipped record, so the run reconciles (it was a false partial: "announced 6, accounted
    for 7 (5 stored, 2 skipped)")."""
    corpus = write_articles(tmp_path / "c", {n: date(2025, 5, n) for n in range(1, 6)})
    (corpus / "pubmed" / "book.xml").write_bytes(b"<PubmedArticleSet>" + BOOK +
                                                 b"</PubmedArticleSet>")
    with replay_server(corpus, tmp_path) as base:
        faults(base, {"path": "efetch", "kind": "drop", "after": 0, "times": 1})
        result = crawl_pubmed(base, tmp_path / "b.db")
        retried = [e for e in log(base) if e["path"].endswith("efetch.fcgi")]
    assert len(retried) == 3 and retried[0].get("fault") == "drop", retried
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    run = next(Database(tmp_path / "b.db")["crawl_runs"].rows_where(order_by="id desc"))
    assert (run["status"], run["announced"], run["stored"], run["skipped"], run["errors"]) == (
        "ok", 6, 5, 1, 0)


def test_a_topic_s_own_trials_filter_still_holds_on_an_incremental_run(tmp_path):
    """An incremental ClinicalTrials.gov run narrows by last update date in filter.advanced; a
    topic that narrows there too keeps its filter (both must match), not replaced by the date."""
    import yaml

    from crawlers.topic import DEFAULT_TOPIC

    topic = yaml.safe_load(DEFAULT_TOPIC.read_text())
    topic["clinicaltrials"]["filter.advanced"] = "AREA[StudyFirstPostDate]RANGE[MIN,1999-12-31]"
    narrowed = tmp_path / "narrowed.yaml"
    narrowed.write_text(yaml.safe_dump(topic))
    counts = {}
    with replay_server(SAMPLE_CORPUS, tmp_path) as base:
        for name, extra in (("plain", []), ("narrowed", ["--topic", str(narrowed)])):
            db_path = tmp_path / f"{name}.db"
            result = run_cli("crawl", "--source", "clinicaltrials", "--since", "2000-01-01",
                             "--db", str(db_path), *extra,
                             "--setting", f"CLINICALTRIALS_BASE_URL={base}/api/v2/")
            assert result.returncode == 0, result.stderr[-3000:]
            counts[name] = Database(db_path)["records"].count
        asked = [e["query"]["filter.advanced"] for e in log(base)
                 if e["path"] == "/api/v2/studies"]
    assert counts["plain"] > 0 and counts["narrowed"] == 0
    assert asked[-1].startswith("(AREA[StudyFirstPostDate]RANGE[MIN,1999-12-31]) AND "
                                "AREA[LastUpdatePostDate]RANGE[2000-01-01,"), asked
