"""The replay server imitates E-utilities, Europe PMC and ClinicalTrials.gov v2 over a corpus."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from crawlers.replay import Fault, ReplayServer

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = re.compile(rb"<PubmedArticle>.*?</PubmedArticle>", re.S)
FIRST_PMID = re.compile(rb"<PMID[^>]*>(\d+)</PMID>")


def _served_pmids(body: bytes) -> list[str]:
    return [FIRST_PMID.search(chunk).group(1).decode() for chunk in ARTICLE.findall(body)]


def _corpus_articles(folder: Path) -> dict[str, bytes]:
    """PMID -> article bytes, read independently of the server (test corpus has no duplicates)."""
    out = {}
    for path in sorted((folder / "pubmed").glob("*.xml")):
        for chunk in ARTICLE.findall(path.read_bytes()):
            out[FIRST_PMID.search(chunk).group(1).decode()] = chunk
    return out


def _ids(xml: str) -> list[str]:
    return re.findall(r"<Id>(\d+)</Id>", xml)


@pytest.fixture(scope="module")
def server():
    """The development corpus as a snapshot (the default): text terms are not matched (its
    neighbours and negatives would not match the topic), dates, sources and ids are."""
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.exists():
        pytest.skip("../shared/corpus is absent")
    with ReplayServer(corpus) as srv:
        yield srv


@pytest.fixture
def replay(server):
    server.reset()
    yield server
    server.reset()


# E-utilities -------------------------------------------------------------------------------

def test_esearch_history_then_efetch_pages_return_every_pmid_once(replay, corpus_dir):
    eutils = replay.urls["pubmed"]
    r = requests.get(eutils + "esearch.fcgi", params={
        "db": "pubmed", "term": "stem cell spine", "usehistory": "y", "retmax": 0})
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/xml")
    assert int(r.headers["Content-Length"]) == len(r.content)
    assert "<Count>54</Count>" in r.text and "<RetMax>0</RetMax>" in r.text
    webenv = re.search(r"<WebEnv>(\S+)</WebEnv>", r.text).group(1)
    query_key = re.search(r"<QueryKey>(\d+)</QueryKey>", r.text).group(1)

    served = []
    for start in range(0, 54, 20):
        page = requests.get(eutils + "efetch.fcgi", params={
            "db": "pubmed", "retmode": "xml", "WebEnv": webenv, "query_key": query_key,
            "retstart": start, "retmax": 20})
        assert page.status_code == 200
        assert page.content.startswith(b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet')
        assert page.content.rstrip().endswith(b"</PubmedArticleSet>")
        served += _served_pmids(page.content)
    assert len(served) == 54
    assert sorted(served) == sorted(_corpus_articles(corpus_dir))
    assert served == sorted(served, key=int, reverse=True)  # PubMed's most-recent-first
    efetches = [e for e in replay.request_log() if e["path"].endswith("efetch.fcgi")]
    assert [e["ids"] for e in efetches] == [20, 20, 14]


def test_esearch_ids_page_with_retstart_and_json(replay):
    eutils = replay.urls["pubmed"]
    first = _ids(requests.get(eutils + "esearch.fcgi", params={"term": "x", "retmax": 30}).text)
    r = requests.get(eutils + "esearch.fcgi",
                     params={"term": "x", "retstart": 10, "retmax": 5, "retmode": "json"})
    result = r.json()["esearchresult"]
    assert r.headers["Content-Type"].startswith("application/json")
    assert result["count"] == "54" and result["retstart"] == "10"
    assert result["idlist"] == first[10:15]


def test_esearch_by_post_form(replay):
    r = requests.post(replay.urls["pubmed"] + "esearch.fcgi",
                      data={"db": "pubmed", "term": "disc AND stem cell", "retmax": 3})
    assert r.status_code == 200 and len(_ids(r.text)) == 3 and "<Count>54</Count>" in r.text
    assert "<QueryTranslation>disc AND stem cell</QueryTranslation>" in r.text
    other = requests.get(replay.urls["pubmed"] + "esearch.fcgi", params={"db": "pmc"})
    assert other.status_code == 400


def test_efetch_by_post_with_250_ids_omits_unknown(replay, corpus_dir):
    known = sorted(_corpus_articles(corpus_dir))
    unknown = [str(90000000 + i) for i in range(250 - len(known))]
    r = requests.post(replay.urls["pubmed"] + "efetch.fcgi",
                      data={"db": "pubmed", "retmode": "xml", "id": ",".join(known + unknown)})
    assert r.status_code == 200
    assert sorted(_served_pmids(r.content)) == known
    entry = replay.request_log()[-1]
    assert (entry["method"], entry["ids"], entry["status"]) == ("POST", 250, 200)

    one = requests.get(replay.urls["pubmed"] + "efetch.fcgi",
                       params={"db": "pubmed", "id": f"{known[0]},12345"})
    assert _served_pmids(one.content) == [known[0]]


def test_efetch_unknown_history_is_an_error(replay):
    r = requests.get(replay.urls["pubmed"] + "efetch.fcgi",
                     params={"db": "pubmed", "WebEnv": "MCID_nope", "query_key": 1})
    assert r.status_code == 400
    assert "<ERROR>" in r.text


def _date(chunk: bytes, element: bytes) -> tuple[int, int, int]:
    m = re.search(element + rb"\s*<Year>(\d+)</Year>\s*<Month>(\d+)</Month>\s*<Day>(\d+)</Day>",
                  chunk)
    return tuple(int(x) for x in m.groups())


def test_esearch_mindate_maxdate_filter_by_mdat_and_edat(replay, corpus_dir):
    articles = _corpus_articles(corpus_dir)
    revised = {p: _date(c, rb"<DateRevised>") for p, c in articles.items()}
    # a window around one article's real DateRevised, read from the corpus
    y, m, _ = revised["99200001"]
    expected = {p for p, d in revised.items() if (y, m, 1) <= d <= (y, m, 31)}
    r = requests.get(replay.urls["pubmed"] + "esearch.fcgi", params={
        "db": "pubmed", "term": "x", "datetype": "mdat", "retmax": 100,
        "mindate": f"{y}/{m:02d}", "maxdate": f"{y}/{m:02d}"})
    assert "99200001" in _ids(r.text)
    assert set(_ids(r.text)) == expected and len(expected) < len(articles)

    entrez = {p: _date(c, rb'<PubMedPubDate PubStatus="entrez">') for p, c in articles.items()}
    expected = {p for p, d in entrez.items() if 2020 <= d[0] <= 2022}
    r = requests.get(replay.urls["pubmed"] + "esearch.fcgi", params={
        "term": "x", "datetype": "edat", "mindate": "2020", "maxdate": "2022", "retmax": 100})
    assert set(_ids(r.text)) == expected and 0 < len(expected) < len(articles)
    assert "[Date - Entry]" in r.text

    bad = requests.get(replay.urls["pubmed"] + "esearch.fcgi",
                       params={"term": "x", "mindate": "last year", "datetype": "pdat"})
    assert bad.status_code == 400


def test_fixtures_folder_skips_non_efetch_files_and_serves_newest_revision(fixtures_dir, caplog):
    caplog.set_level(logging.INFO, logger="crawlers.replay")
    with ReplayServer(fixtures_dir) as srv:
        skipped = " ".join(r.getMessage() for r in caplog.records if "skipping" in r.getMessage())
        for name in ("biopython-esearch2.xml", "biopython-esummary-pubmed1.xml",
                     "biopython-efetch-pmc-correction.xml", "empty-articleset.xml"):
            assert name in skipped
        eutils = srv.urls["pubmed"]
        ids = _ids(requests.get(eutils + "esearch.fcgi", params={"term": "x", "retmax": 500}).text)
        assert "41297076" not in ids  # an id that only an esearch fixture lists
        assert len(ids) == len(set(ids)) and {"9997", "30158200"} <= set(ids)
        r = requests.get(eutils + "efetch.fcgi", params={"db": "pubmed", "id": "9997,30158200"})
        chunks = ARTICLE.findall(r.content)
        assert len(chunks) == 2
        assert b'<PMID Version="1">9997</PMID>' in chunks[0]
        assert _date(chunks[0], rb"<DateRevised>")[0] == 2019
        # the other three 2008-format PMIDs lose to their current-format versions too
        r = requests.get(eutils + "efetch.fcgi",
                         params={"db": "pubmed", "id": "12091962,11748933,11700088"})
        chunks = ARTICLE.findall(r.content)
        assert len(chunks) == 3
        # same DateRevised in both formats: the versioned (current-format) PMID wins the tie
        assert all(re.search(rb"<PMID Version=\"1\">\d+</PMID>", c) for c in chunks)
        assert all(b"<DateCreated>" not in c for c in chunks)  # a 2008-format element


BROKEN = b"""<PubmedArticle><MedlineCitation><PMID Version="1">2</PMID><DateRevised><Year>2024\
</Year><Month>01</Month><Day>02</Day></DateRevised><Article><ArticleTitle>Broken <i>markup & \
an &undefined; entity</ArticleTitle></Artcle></MedlineCitation></PubmedArticle>"""


def _article(pmid: int) -> bytes:
    return (f'<PubmedArticle>\n\t<MedlineCitation><PMID Version="1">{pmid}</PMID>'
            f"<ArticleTitle>Caf\u00e9 {pmid}</ArticleTitle></MedlineCitation>\n"
            "</PubmedArticle>").encode()


def test_tmp_corpus_serves_a_broken_article_byte_for_byte(tmp_path, caplog):
    (tmp_path / "pubmed").mkdir()
    (tmp_path / "europepmc").mkdir()
    good1, good3 = _article(1), _article(3)
    (tmp_path / "pubmed" / "set.xml").write_bytes(
        b'<?xml version="1.0" ?>\n<PubmedArticleSet>\n' + good1 + b"\n" + BROKEN + b"\n"
        + good3 + b"\n</PubmedArticleSet>\n")
    # an article without its closing tag ends where the next begins
    unclosed = b'<PubmedArticle><MedlineCitation><PMID Version="1">4</PMID><Oops>'
    (tmp_path / "pubmed" / "unclosed.xml").write_bytes(
        b"<PubmedArticleSet>\n" + unclosed + b"\n" + _article(5) + b"\n</PubmedArticleSet>")
    (tmp_path / "europepmc" / "bad.json").write_text("{not json")
    caplog.set_level(logging.INFO, logger="crawlers.replay")
    with ReplayServer(tmp_path) as srv:
        assert any("bad.json" in r.getMessage() for r in caplog.records)
        r = requests.get(srv.urls["pubmed"] + "efetch.fcgi", params={"db": "pubmed", "id": "1,2,3"})
        tail = good1 + b"\n" + BROKEN + b"\n" + good3 + b"\n</PubmedArticleSet>\n"
        assert r.content.endswith(tail)
        r = requests.get(srv.urls["pubmed"] + "efetch.fcgi", params={"id": "4"})
        assert unclosed in r.content and b">5</PMID>" not in r.content
        assert _ids(requests.get(srv.urls["pubmed"] + "esearch.fcgi").text) == [
            "5", "4", "3", "2", "1"]
        empty = requests.get(srv.urls["europepmc"] + "search", params={"format": "json"}).json()
        assert empty["hitCount"] == 0 and empty["resultList"]["result"] == []
        studies = requests.get(srv.urls["clinicaltrials"] + "studies").json()
        assert studies == {"studies": []}


# Europe PMC --------------------------------------------------------------------------------

def _epmc_results(corpus_dir: Path) -> list[dict]:
    out = []
    for path in sorted((corpus_dir / "europepmc").glob("*.json")):
        out += json.loads(path.read_text())["resultList"]["result"]
    return out


def _epmc_pages(srv: ReplayServer, query: str, page_size: int) -> tuple[list[dict], list[dict]]:
    results, pages, cursor = [], [], "*"
    while True:
        r = requests.get(srv.urls["europepmc"] + "search", params={
            "query": query, "resultType": "core", "pageSize": page_size, "cursorMark": cursor,
            "format": "json"})
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
        data = r.json()
        pages.append(data)
        results += data["resultList"]["result"]
        if "nextCursorMark" not in data:
            return results, pages
        cursor = data["nextCursorMark"]
        assert len(pages) < 20


def test_europepmc_cursor_paging_returns_every_result_once(replay, corpus_dir):
    results, pages = _epmc_pages(replay, "stem cell AND spine", 3)
    keys = [(r["source"], r["id"]) for r in results]
    assert len(keys) == 10 == len(set(keys))
    assert set(keys) == {(r["source"], r["id"]) for r in _epmc_results(corpus_dir)}
    assert [len(p["resultList"]["result"]) for p in pages] == [3, 3, 3, 1]
    assert all(p["hitCount"] == 10 for p in pages)
    assert pages[0]["request"]["cursorMark"] == "*" and pages[0]["request"]["pageSize"] == 3
    assert pages[1]["request"]["cursorMark"] == pages[0]["nextCursorMark"]
    bad = requests.get(replay.urls["europepmc"] + "search",
                       params={"query": "x", "cursorMark": "garbage", "format": "json"})
    assert bad.status_code == 400


def test_europepmc_search_post_and_format(replay):
    r = requests.post(replay.urls["europepmc"] + "searchPOST",
                      data={"query": "spine", "pageSize": 4, "format": "json"})
    assert r.status_code == 200
    data = r.json()
    assert len(data["resultList"]["result"]) == 4 and data["hitCount"] == 10
    assert "nextCursorMark" in data
    xml = requests.get(replay.urls["europepmc"] + "search", params={"query": "spine"})
    assert xml.status_code == 400  # the real default is XML, which is not served


def test_europepmc_first_pdate_filter(replay, corpus_dir):
    expected = {r["id"] for r in _epmc_results(corpus_dir)
                if "2020-01-01" <= r["firstPublicationDate"] <= "2022-12-31"}
    assert 0 < len(expected) < 10
    results, _ = _epmc_pages(replay, '"stem cell" AND (FIRST_PDATE:[2020-01-01 TO 2022-12-31])', 2)
    assert {r["id"] for r in results} == expected


# ClinicalTrials.gov ------------------------------------------------------------------------

def _ct_pages(srv: ReplayServer, **params) -> list[dict]:
    pages, token = [], None
    while True:
        query = {"query.cond": "low back pain", "query.intr": "stem cell", "pageSize": 5,
                 "countTotal": "true", "format": "json", **params}
        if token:
            query["pageToken"] = token
        r = requests.get(srv.urls["clinicaltrials"] + "studies", params=query)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
        pages.append(r.json())
        token = pages[-1].get("nextPageToken")
        if not token:
            return pages
        assert len(pages) < 20


def _nct(study: dict) -> str:
    return study["protocolSection"]["identificationModule"]["nctId"]


def test_ctgov_paging_returns_every_study_once(replay):
    pages = _ct_pages(replay)
    ncts = [_nct(s) for p in pages for s in p["studies"]]
    assert len(ncts) == 14 == len(set(ncts))
    assert [len(p["studies"]) for p in pages] == [5, 5, 4]
    assert pages[0]["totalCount"] == 14
    assert all("totalCount" not in p for p in pages[1:])


def test_ctgov_single_study_and_unknown(replay, corpus_dir):
    r = requests.get(replay.urls["clinicaltrials"] + "studies/NCT04410731")
    assert r.status_code == 200
    stored = corpus_dir / "clinicaltrials" / "study-NCT04410731.json"
    assert r.json() == json.loads(stored.read_text())
    missing = requests.get(replay.urls["clinicaltrials"] + "studies/NCT00000000")
    assert missing.status_code == 404 and "error" in missing.json()
    assert requests.get(replay.base_url + "/api/v2/nothing").status_code == 404
    assert requests.get(replay.base_url + "/elsewhere").status_code == 404


def test_ctgov_last_update_filter(replay):
    every = [s for p in _ct_pages(replay) for s in p["studies"]]
    expected = {_nct(s) for s in every
                if s["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"]
                >= "2024-01-01"}
    assert 0 < len(expected) < 14
    since = "AREA[LastUpdatePostDate]RANGE[2024-01-01,MAX]"
    pages = _ct_pages(replay, **{"filter.advanced": since})
    assert {_nct(s) for p in pages for s in p["studies"]} == expected
    assert pages[0]["totalCount"] == len(expected)

    # two ranges joined by AND both hold; a term the replay server cannot apply is refused
    # rather than ignored (ignored, it would answer more than the live API)
    both = f"(AREA[StudyFirstPostDate]RANGE[MIN,1999-12-31]) AND {since}"
    assert _ct_pages(replay, **{"filter.advanced": both})[0]["studies"] == []
    refused = requests.get(replay.urls["clinicaltrials"] + "studies",
                           params={"filter.advanced": "AREA[StudyType]INTERVENTIONAL"})
    assert refused.status_code == 400 and "AREA[StudyType]INTERVENTIONAL" in refused.text


# faults and the request log ----------------------------------------------------------------

def test_429_with_retry_after_for_times_requests_then_normal(replay):
    replay.add_fault(Fault(path="esearch", kind="status", status=429, retry_after=7, times=2))
    url = replay.urls["pubmed"] + "esearch.fcgi"
    answers = [requests.get(url, params={"term": "x"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [429, 429, 200]
    assert [a.headers.get("Retry-After") for a in answers] == ["7", "7", None]
    # other paths are untouched
    assert requests.get(replay.urls["clinicaltrials"] + "studies").status_code == 200
    assert [e.get("fault") for e in replay.request_log()] == ["status", "status", None, None]


def test_500_after_letting_requests_through(replay):
    replay.add_fault(Fault(path="/api/v2/studies", kind="status", status=500, after=1, times=1))
    url = replay.urls["clinicaltrials"] + "studies"
    assert [requests.get(url).status_code for _ in range(3)] == [200, 500, 200]


def test_truncate_sends_half_the_body(replay):
    replay.add_fault(Fault(path="efetch", kind="truncate"))
    url = replay.urls["pubmed"] + "efetch.fcgi"
    with pytest.raises(requests.exceptions.ChunkedEncodingError, match="IncompleteRead"):
        requests.get(url, params={"db": "pubmed", "id": "99200001"})
    r = requests.get(url, params={"db": "pubmed", "id": "99200001"}, stream=True)
    full = r.raw.read()
    assert int(r.headers["Content-Length"]) == len(full)
    assert b"<PMID Version=\"1\">99200001</PMID>" in full


def test_timeout_holds_the_request_then_closes(replay):
    replay.add_fault(Fault(path="/europepmc/", kind="timeout", delay=2))
    url = replay.urls["europepmc"] + "search"
    with pytest.raises(requests.exceptions.Timeout):
        requests.get(url, params={"format": "json"}, timeout=0.5)
    assert requests.get(url, params={"format": "json"}, timeout=5).status_code == 200
    held = replay.request_log()[0]
    assert held["fault"] == "timeout" and held["status"] is None


def test_bad_faults_are_rejected(replay):
    with pytest.raises(ValueError, match="kind"):
        Fault(path="efetch", kind="explode")
    r = requests.post(replay.base_url + "/_replay/faults", json=[{"path": "x", "colour": "red"}])
    assert r.status_code == 400 and "colour" in r.json()["error"]
    with pytest.raises(ValueError, match="loopback"):
        ReplayServer(ROOT, host="0.0.0.0")


def test_request_log_over_the_control_endpoint(replay):
    requests.get(replay.urls["pubmed"] + "efetch.fcgi", params={"db": "pubmed", "id": "1,2,3"})
    requests.post(replay.urls["pubmed"] + "efetch.fcgi", data={"db": "pubmed", "id": "4,5"})
    log = requests.get(replay.base_url + "/_replay/log").json()
    assert [(e["method"], e["path"], e["ids"], e["status"]) for e in log] == [
        ("GET", "/entrez/eutils/efetch.fcgi", 3, 200),
        ("POST", "/entrez/eutils/efetch.fcgi", 2, 200)]
    assert log[1]["query"] == {"db": "pubmed", "id": "4,5"}
    assert log == replay.request_log()
    assert log[0]["t"] <= log[1]["t"]


def test_module_entry_point_with_control_endpoints(corpus_dir):
    proc = subprocess.Popen([sys.executable, "-m", "crawlers.replay", str(corpus_dir)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline().strip()
        match = re.fullmatch(r"replay server on (http://127\.0\.0\.1:\d+)", line)
        assert match, line
        base = match.group(1)
        r = requests.post(base + "/_replay/faults",
                          json=[{"path": "esearch", "kind": "status", "status": 503}])
        assert r.json() == {"ok": True, "added": 1}
        url = base + "/entrez/eutils/esearch.fcgi"
        assert [requests.get(url).status_code for _ in range(2)] == [503, 200]
        log = requests.get(base + "/_replay/log").json()
        assert [e["status"] for e in log] == [503, 200]
        assert requests.post(base + "/_replay/reset").status_code == 200
        assert requests.get(base + "/_replay/log").json() == []
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()


# failing like the APIs --------------------------------------------------------------------

@pytest.fixture(scope="module")
def matching():
    """The development corpus with text matching on: the search expression decides."""
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.exists():
        pytest.skip("../shared/corpus is absent")
    with ReplayServer(corpus, match_text=True) as srv:
        yield srv


def test_a_query_that_matches_nothing_offline_matches_nothing(matching):
    eutils = matching.urls["pubmed"]
    none = requests.get(eutils + "esearch.fcgi", params={"term": '"no such phrase"[tiab]'})
    assert "<Count>0</Count>" in none.text and "No items found." in none.text
    disc = requests.get(eutils + "esearch.fcgi", params={
        "term": '"discogenic"[tiab] AND "Intervertebral Disc Degeneration"[Mesh]',
        "retmax": 100}).text
    some = int(re.search(r"<Count>(\d+)</Count>", disc).group(1))
    assert 0 < some < 54
    field = requests.get(eutils + "esearch.fcgi", params={"term": "disc[nosuchfield]"}).text
    assert "<ErrorList><FieldNotFound>nosuchfield</FieldNotFound></ErrorList>" in field

    epmc = matching.urls["europepmc"] + "search"

    def hits(query: str) -> int:
        return requests.get(epmc, params={"query": query, "format": "json"}).json()["hitCount"]

    assert hits("TITLE_ABS:disc OR KW:disc") > hits("TITLE:disc") > 0
    assert hits('TITLE_ABS:"stem cell" AND SRC:PAT') == 0
    assert hits("SRC:PPR") == 2 and hits("SRC:MED OR SRC:PMC OR SRC:PPR") == 10
    assert hits("NOSUCHFIELD:disc") == 0
    def new_or_updated(low: str, high: str) -> int:
        return hits(f"(FIRST_IDATE:[{low} TO {high}] OR UPDATE_DATE:[{low} TO {high}])")

    every = hits("SRC:MED OR SRC:PMC OR SRC:PPR")
    early, late = new_or_updated("1900-01-01", "2019-12-31"), new_or_updated("2020-01-01", "*")
    assert 0 < early < every and 0 < late < every and early + late >= every

    studies = matching.urls["clinicaltrials"] + "studies"
    assert requests.get(studies, params={"query.cond": "no such condition"}).json()["studies"] == []
    pain = requests.get(studies, params={"query.cond": "low back pain", "countTotal": "true",
                                         "pageSize": 100}).json()
    assert 0 < pain["totalCount"] < 14


def test_cursors_need_url_encoding_and_a_bad_one_is_a_text_400(replay):
    url = replay.urls["clinicaltrials"] + "studies"
    token = requests.get(url, params={"pageSize": 5}).json()["nextPageToken"]
    assert "+" in token and "/" in token and token.endswith("=")
    assert requests.get(url, params={"pageSize": 5, "pageToken": token}).status_code == 200
    raw = requests.get(f"{url}?pageSize=5&pageToken={token}")  # "+" arrives as a space
    assert raw.status_code == 400 and raw.headers["Content-Type"].startswith("text/plain")
    assert "pageToken" in raw.text
    epmc = replay.urls["europepmc"] + "search"
    cursor = requests.get(epmc, params={"format": "json", "pageSize": 3}).json()["nextCursorMark"]
    raw = requests.get(f"{epmc}?format=json&pageSize=3&cursorMark={cursor}")
    assert raw.status_code == 400 and "cursorMark" in raw.json()["errMsg"]


def test_pubmed_serves_at_most_9999_records_of_a_search(replay):
    eutils = replay.urls["pubmed"]
    far = requests.get(eutils + "esearch.fcgi", params={"term": "x", "retstart": 10000})
    assert far.status_code == 400 and "cannot be larger than 9998" in far.text
    webenv = re.search(r"<WebEnv>(\S+)</WebEnv>", requests.get(
        eutils + "esearch.fcgi", params={"term": "x", "usehistory": "y"}).text).group(1)
    fetch = requests.get(eutils + "efetch.fcgi", params={
        "WebEnv": webenv, "query_key": 1, "retstart": 9999, "retmax": 10})
    assert fetch.status_code == 400 and "<eFetchResult>" in fetch.text


def test_content_faults_have_the_shapes_of_real_failures(replay):
    eutils = replay.urls["pubmed"]
    replay.add_fault(Fault(path="esearch", kind="error_list", value="PhraseNotFound:abcXYZ"))
    replay.add_fault(Fault(path="esearch", kind="count", value="5\u2074", after=1))
    first = requests.get(eutils + "esearch.fcgi", params={"term": "x", "usehistory": "y"}).text
    assert "<ErrorList><PhraseNotFound>abcXYZ</PhraseNotFound></ErrorList>" in first
    assert "<Count>5\u2074</Count>" in requests.get(eutils + "esearch.fcgi").text
    webenv = re.search(r"<WebEnv>(\S+)</WebEnv>", first).group(1)
    history = {"WebEnv": webenv, "query_key": 1, "retmax": 5}
    replay.add_fault(Fault(path="efetch", kind="drop", value="2"))
    assert len(_served_pmids(requests.get(eutils + "efetch.fcgi", params=history).content)) == 3
    replay.add_fault(Fault(path="efetch", kind="surrogate"))
    assert b"&#xD800;" in requests.get(eutils + "efetch.fcgi", params=history).content
    replay.add_fault(Fault(path="efetch", kind="expire"))
    gone = requests.get(eutils + "efetch.fcgi", params=history)
    assert gone.status_code == 400 and "Unable to obtain query #1" in gone.text
    assert requests.get(eutils + "efetch.fcgi", params=history).status_code == 400  # for good

    epmc = replay.urls["europepmc"] + "search"
    page = {"format": "json", "pageSize": 3}
    replay.add_fault(Fault(path="/search", kind="empty"))
    empty = requests.get(epmc, params=page).json()
    assert empty["resultList"]["result"] == [] and empty["nextCursorMark"]
    replay.add_fault(Fault(path="/search", kind="nest", value="50"))
    body = requests.get(epmc, params=page).text
    assert '"replayNested": ' + "[" * 50 + "]" * 50 in body
    replay.add_fault(Fault(path="/search", kind="surrogate"))
    assert "\\ud800" in requests.get(epmc, params=page).text
    replay.add_fault(Fault(path="/search", kind="status", status=400, value="Bad cursorMark"))
    bad = requests.get(epmc, params=page)
    assert (bad.status_code, bad.text, bad.headers["Content-Type"][:10]) == (
        400, "Bad cursorMark\n", "text/plain")
    with pytest.raises(ValueError, match="NAME:TEXT"):
        Fault(path="esearch", kind="error_list", value="no colon")
