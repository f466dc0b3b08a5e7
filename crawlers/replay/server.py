"""The replay HTTP server: E-utilities, Europe PMC and ClinicalTrials.gov v2 over a corpus.

It answers as the APIs do, failures included: the search expression and date windows select
records (see ``search``), PubMed serves at most 9,999 records of one search, cursors and page
tokens hold ``+ / =`` (a client that does not URL-encode them gets a 400), and faults can be
injected (``faults``).
"""

from __future__ import annotations

import base64
import binascii
import calendar
import datetime as dt
import ipaddress
import json
import logging
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from xml.sax.saxutils import escape

from crawlers.api_calendar import api_today
from crawlers.replay.corpus import Corpus, Date, clinicaltrials_doc, europepmc_doc
from crawlers.replay.faults import Fault, FaultSet
from crawlers.replay.search import (
    ESSIE_AREAS,
    Node,
    in_range,
    parse_essie,
    parse_europepmc,
    parse_pubmed,
    selects,
    served,
)

log = logging.getLogger("crawlers.replay")

EUTILS = "/entrez/eutils/"
EUROPEPMC = "/europepmc/webservices/rest/"
CTGOV = "/api/v2/"
CONTROL = "/_replay/"

XML = "text/xml; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"

PUBMED_LIMIT = 9999  # PubMed serves at most this many records of one search
PUBMED_LIMIT_ERROR = (
    "Search Backend failed: Exception:\n'retstart' cannot be larger than 9998. For PubMed, "
    "ESearch can only retrieve the first 9,999 records matching the query. To obtain more than "
    "9,999 PubMed records, consider using EDirect that contains additional logic to batch "
    "PubMed search results automatically so that an arbitrary number can be retrieved.")
EFETCH_HEAD = (
    b'<?xml version="1.0" ?>\n'
    b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
    b"<PubmedArticleSet>\n"
)
EFETCH_TAIL = b"\n</PubmedArticleSet>\n"
ESEARCH_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
EFETCH_ERROR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<!DOCTYPE eFetchResult PUBLIC "-//NLM//DTD efetch 20131226//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n'
)
DATE_LABELS = {"edat": "Date - Entry", "pdat": "Date - Publication", "mdat": "Date - Modification"}
CT_RANGE = re.compile(r"AREA\[(\w+)\]\s*RANGE\[\s*([^,\]]*?)\s*,\s*([^\]]*?)\s*\]", re.I)
CT_DATE_FIELDS = {
    "lastupdatepostdate": "lastUpdatePostDateStruct",
    "studyfirstpostdate": "studyFirstPostDateStruct",
    "startdate": "startDateStruct",
}
_FIRST_TITLE = re.compile(rb"(<ArticleTitle[^>]*>)")
_PMID = re.compile(rb"(<PMID[^>]*>)\d+(</PMID>)")  # an article's own PMID
_NEST_MARK = "__replay_nested__"


class Response:
    """What a route handler returns; `ids` is the number of ids an efetch asked for."""

    def __init__(self, status: int, body: bytes, content_type: str,
                 headers: dict[str, str] | None = None, ids: int = 0) -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}
        self.ids = ids


def json_response(data: Any, status: int = 200, nest: int = 0) -> Response:
    """JSON as the APIs write it: UTF-8, or \\u escapes where a string cannot be UTF-8 (a lone
    surrogate). ``nest`` replaces the nesting mark with a list that many levels deep."""
    try:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        body = json.dumps(data).encode("ascii")
    if nest:
        body = body.replace(json.dumps(_NEST_MARK).encode(), b"[" * nest + b"]" * nest, 1)
    return Response(status, body, JSON)


def text_response(text: str, status: int) -> Response:
    return Response(status, text.encode("utf-8"), TEXT)


class ParamError(ValueError):
    """A bad request parameter: answered with 400."""


def _int_param(params: dict[str, str], name: str, default: int, low: int = 0,
               high: int | None = None) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ParamError(f"{name} must be an integer, not {raw!r}") from exc
    if value < low:
        raise ParamError(f"{name} must be at least {low}")
    return min(value, high) if high is not None else value


_TOKEN_PREFIX = b"\xfb\xef\xff"  # base64 "++//": every cursor needs URL-encoding


def _encode_token(offset: int, fresh: int | None = None) -> str:
    """A cursor or page token in standard base64 with + / and = padding, like the real ones
    (e.g. Europe PMC's "AoIIP4ZawSg1MzEyODI1MA=="): a client must URL-encode it. ``fresh``
    makes another token for the same offset."""
    payload = _TOKEN_PREFIX + f"replay:{offset}{'' if fresh is None else f'~{fresh}'}".encode()
    if len(payload) % 3 == 0:
        payload += b"."
    return base64.b64encode(payload).decode("ascii")


def _decode_token(token: str, name: str) -> int:
    try:
        payload = base64.b64decode(token, validate=True)
        if not payload.startswith(_TOKEN_PREFIX):
            raise ValueError(token)
        prefix, _, offset = payload[len(_TOKEN_PREFIX):].rstrip(b".").decode().partition(":")
        offset = offset.partition("~")[0]
        if prefix != "replay" or not offset.isdigit():
            raise ValueError(token)
        return int(offset)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ParamError(f"invalid {name} {token!r} (is it URL-encoded?)") from exc


def parse_eutils_date(text: str, end: bool) -> Date:
    """YYYY/MM/DD, YYYY/MM or YYYY (also with '-') as a (y, m, d); `end` fills the last day."""
    parts = re.split(r"[/-]", text.strip())
    try:
        numbers = [int(p) for p in parts if p]
        if not 1 <= len(numbers) <= 3 or len(parts[0]) != 4:
            raise ValueError(text)
        year = numbers[0]
        month = numbers[1] if len(numbers) > 1 else (12 if end else 1)
        if len(numbers) > 2:
            day = numbers[2]
        else:
            day = calendar.monthrange(year, month)[1] if end else 1
        dt.date(year, month, day)
    except (ValueError, IndexError) as exc:
        raise ParamError(f"invalid date {text!r}: use YYYY/MM/DD, YYYY/MM or YYYY") from exc
    return year, month, day


def eastern_today() -> Date:
    """Today as NCBI dates it (US Eastern; standard time where the zone database is absent)."""
    today = api_today("America/New_York")
    return today.year, today.month, today.day


class ReplayState:
    """The corpus, the E-utilities history server, the request log and the faults."""

    def __init__(self, corpus: Corpus, faults: list[Fault] | None,
                 match_text: bool = False) -> None:
        self.corpus = corpus
        self.faults = FaultSet(faults)
        self.match_text = match_text
        self._lock = threading.Lock()
        self._log: list[dict] = []
        self._history: dict[str, list[list[str]]] = {}
        self._matches: dict[tuple[str, str], list[Any]] = {}  # (dialect, query) -> records
        self.base_url = ""  # set when the server binds; used in Europe PMC nextPageUrl

    # request log -------------------------------------------------------------------------
    def record(self, entry: dict) -> None:
        with self._lock:
            self._log.append(entry)

    def request_log(self) -> list[dict]:
        with self._lock:
            return [dict(entry) for entry in self._log]

    def reset(self) -> None:
        with self._lock:
            self._log.clear()
        self.faults.clear()

    # routing -------------------------------------------------------------------------------
    def route(self, method: str, path: str, params: dict[str, str],
              fault: Fault | None = None) -> Response:
        try:
            if path.startswith(EUTILS):
                return self._eutils(method, path[len(EUTILS):], params, fault)
            if path.startswith(EUROPEPMC):
                return self._europepmc(method, path[len(EUROPEPMC):], params, fault)
            if path.startswith(CTGOV):
                return self._ctgov(method, path[len(CTGOV):], params, fault)
        except ParamError as exc:
            if path.startswith(EUTILS):
                body = f'{ESEARCH_HEAD}<eSearchResult><ERROR>{escape(str(exc))}</ERROR>'
                return Response(400, (body + "</eSearchResult>\n").encode(), XML)
            if path.startswith(CTGOV):  # ClinicalTrials.gov explains a 400 in plain text
                return text_response(f"{exc}\n", 400)
            return json_response({"errCode": 400, "errMsg": str(exc)}, 400)
        return text_response(f"no such path: {path}\n", 404)

    @staticmethod
    def _method(method: str, allowed: tuple[str, ...]) -> Response | None:
        if method not in allowed:
            return text_response(f"method {method} not allowed here\n", 405)
        return None

    def _matching(self, dialect: str, query: str, parse: Any, records: list[Any],
                  doc: Any) -> list[Any]:
        """The records the query selects (cached per query: the corpus does not change)."""
        key = (dialect, query)
        with self._lock:
            cached = self._matches.get(key)
        if cached is not None:
            return cached
        node: Node | None = parse(query)
        if not selects(node, self.match_text):
            found = list(records)  # nothing in the query can leave a record out
        else:
            found = []
            for record in records:
                seen = doc(record)  # None: nothing to search (a deletion notice): listed
                if seen is None or served(node, seen, self.match_text):
                    found.append(record)
        with self._lock:
            self._matches[key] = found
        return found

    # E-utilities ---------------------------------------------------------------------------
    def _eutils(self, method: str, name: str, params: dict[str, str],
                fault: Fault | None) -> Response:
        if name not in ("esearch.fcgi", "efetch.fcgi"):
            return text_response(f"no such E-utility: {name}\n", 404)
        wrong = self._method(method, ("GET", "POST"))
        if wrong:
            return wrong
        db = params.get("db", "pubmed")
        if db != "pubmed":
            raise ParamError(f"only db=pubmed is served, not {db!r}")
        if name == "esearch.fcgi":
            return self._esearch(params, fault)
        return self._efetch(params, fault)

    def _term_pmids(self, term: str) -> tuple[list[str], list[str]]:
        """PMIDs the term selects (deletions are listed whatever the term: an update feed
        names them), newest first, and the ErrorList entries of the term."""
        node, errors = parse_pubmed(term)
        corpus = self.corpus
        found = self._matching("pubmed", term, lambda _: node, corpus.pmids(),
                               lambda pmid: corpus.pubmed[pmid].doc() if pmid in corpus.pubmed
                               else None)
        return found, errors

    def _filter_pmids(self, params: dict[str, str]) -> tuple[list[str], str, list[str]]:
        pmids, errors = self._term_pmids(" ".join(params.get("term", "").split()))
        datetype = params.get("datetype", "").strip().lower() or "pdat"
        if datetype not in DATE_LABELS:
            raise ParamError(f"datetype must be edat, pdat or mdat, not {datetype!r}")
        mindate, maxdate = params.get("mindate", ""), params.get("maxdate", "")
        reldate = params.get("reldate", "").strip()
        if not (mindate or maxdate) and reldate:
            days = _int_param(params, "reldate", 0, low=1)
            today = dt.date.today()
            start = today - dt.timedelta(days=days)
            mindate, maxdate = start.strftime("%Y/%m/%d"), today.strftime("%Y/%m/%d")
        if not (mindate or maxdate):
            return pmids, "", errors
        low = parse_eutils_date(mindate, end=False) if mindate else (1, 1, 1)
        high = parse_eutils_date(maxdate, end=True) if maxdate else (9999, 12, 31)
        today = eastern_today()  # a deletion is dated the day it is served
        kept = []
        for pmid in pmids:
            article = self.corpus.pubmed.get(pmid)
            date = article.date(datetype) if article else today
            if date is not None and low <= date <= high:
                kept.append(pmid)
        label = (f"{mindate or '1000'}:{maxdate or '3000'}[{DATE_LABELS[datetype]}]")
        return kept, label, errors

    def _esearch(self, params: dict[str, str], fault: Fault | None) -> Response:
        term = params.get("term", "")
        retstart = _int_param(params, "retstart", 0)
        retmax = _int_param(params, "retmax", 20, high=10000)
        if retstart > PUBMED_LIMIT - 1:
            raise ParamError(PUBMED_LIMIT_ERROR)
        pmids, date_label, errors = self._filter_pmids(params)
        page = pmids[retstart:min(retstart + retmax, PUBMED_LIMIT)]
        webenv = query_key = None
        if params.get("usehistory", "").lower() == "y":
            with self._lock:
                webenv = params.get("WebEnv") or params.get("webenv") or ""
                if webenv not in self._history:
                    webenv = "MCID_" + secrets.token_hex(12)
                    self._history[webenv] = []
                self._history[webenv].append(pmids)
                query_key = str(len(self._history[webenv]))
        translation = term
        if date_label:
            translation = f"({term}) AND {date_label}" if term else date_label
        if fault is not None and fault.kind == "error_list":
            errors.append(fault.value)
        count = str(len(pmids))
        if fault is not None and fault.kind == "count":
            count = fault.value
        if params.get("retmode", "xml").lower() == "json":
            result: dict[str, Any] = {
                "count": count, "retmax": str(len(page)), "retstart": str(retstart)}
            if webenv:
                result.update({"querykey": query_key, "webenv": webenv})
            result.update({"idlist": page, "translationset": [],
                           "querytranslation": translation})
            if errors:
                result["errorlist"] = {"phrasesnotfound": [e.partition(":")[2].strip()
                                                           for e in errors]}
            return json_response({"header": {"type": "esearch", "version": "0.3"},
                                  "esearchresult": result})
        parts = [ESEARCH_HEAD, "<eSearchResult>",
                 f"<Count>{escape(count)}</Count><RetMax>{len(page)}</RetMax>",
                 f"<RetStart>{retstart}</RetStart>"]
        if webenv:
            parts.append(f"<QueryKey>{query_key}</QueryKey><WebEnv>{webenv}</WebEnv>")
        if page:
            parts.append("<IdList>\n" + "".join(f"<Id>{p}</Id>\n" for p in page) + "</IdList>")
        else:
            parts.append("<IdList/>")
        parts.append(f"<TranslationSet/><QueryTranslation>{escape(translation)}"
                     "</QueryTranslation>")
        if errors:
            parts.append("<ErrorList>" + "".join(
                f"<{name}>{escape(text.strip())}</{name}>"
                for name, _, text in (e.partition(":") for e in errors)) + "</ErrorList>")
        if not pmids:
            parts.append("<WarningList><OutputMessage>No items found.</OutputMessage>"
                         "</WarningList>")
        parts.append("</eSearchResult>\n")
        return Response(200, "".join(parts).encode("utf-8"), XML)

    def _efetch(self, params: dict[str, str], fault: Fault | None) -> Response:
        if params.get("retmode", "xml").lower() != "xml":
            raise ParamError("only retmode=xml is served")
        raw_ids = params.get("id", "")
        if raw_ids.strip():
            wanted = [i for i in re.split(r"[,\s]+", raw_ids.strip()) if i]
        else:
            webenv = params.get("WebEnv") or params.get("webenv") or ""
            key = _int_param(params, "query_key", 0, low=1)
            with self._lock:
                if fault is not None and fault.kind == "expire":
                    self._history.pop(webenv, None)
                history = self._history.get(webenv, [])
                if not 1 <= key <= len(history):
                    body = (f"{EFETCH_ERROR_HEAD}<eFetchResult>\n\t<ERROR>Unable to obtain "
                            f"query #{key}</ERROR>\n</eFetchResult>\n")
                    return Response(400, body.encode(), XML)
                stored = history[key - 1]
            retstart = _int_param(params, "retstart", 0)
            retmax = _int_param(params, "retmax", 20, high=10000)
            if retstart > PUBMED_LIMIT - 1:
                body = f'{EFETCH_ERROR_HEAD}<eFetchResult>\n\t<ERROR>{escape(PUBMED_LIMIT_ERROR)}'
                return Response(400, (body + "</ERROR>\n</eFetchResult>\n").encode(), XML)
            wanted = stored[retstart:min(retstart + retmax, PUBMED_LIMIT)]
        articles = [i for i in wanted if i in self.corpus.pubmed]
        deleted = [i for i in wanted if i in self.corpus.pubmed_deleted]
        if fault is not None and fault.kind == "drop":
            articles = articles[:max(0, len(articles) - fault.number(1))]
        chunks = [self.corpus.pubmed[i].chunk for i in articles]
        if chunks and fault is not None and fault.kind == "swap":
            # (a PMID outside the corpus: never one the client asked for)
            chunks[-1] = _PMID.sub(rb"\g<1>99999999\2", chunks[-1], count=1)
        if len(chunks) > 1 and fault is not None and fault.kind == "repeat":
            chunks[-1] = chunks[0]
        if chunks and fault is not None and fault.kind == "surrogate":
            chunks[0] = _FIRST_TITLE.sub(rb"\1&#xD800;", chunks[0], count=1)
        body = EFETCH_HEAD + b"\n".join(chunks)
        if deleted:  # the DTD puts the deletions after the articles
            body += (b"\n<DeleteCitation>" + b"".join(
                f'<PMID Version="1">{i}</PMID>'.encode() for i in deleted) + b"</DeleteCitation>")
        return Response(200, body + EFETCH_TAIL, XML, ids=len(wanted))

    # Europe PMC ------------------------------------------------------------------------------
    def _europepmc(self, method: str, name: str, params: dict[str, str],
                   fault: Fault | None) -> Response:
        if name == "search":
            wrong = self._method(method, ("GET",))
        elif name == "searchPOST":
            wrong = self._method(method, ("POST",))
        else:
            return json_response({"errCode": 404, "errMsg": f"no such resource: {name}"}, 404)
        if wrong:
            return wrong
        fmt = params.get("format", "xml").lower()
        if fmt != "json":
            raise ParamError(f"only format=json is served, not {fmt!r}")
        query = params.get("query", "")
        results = self._matching("europepmc", " ".join(query.split()), parse_europepmc,
                                 self.corpus.europepmc, europepmc_doc)
        page_size = _int_param(params, "pageSize", 25, low=1, high=1000)
        cursor = params.get("cursorMark", "*") or "*"
        offset = 0 if cursor == "*" else _decode_token(cursor, "cursorMark")
        page = [dict(r) for r in results[offset:offset + page_size]]
        page = _page_faults(page, fault)
        result_type = params.get("resultType", "lite")
        data: dict[str, Any] = {"version": "6.9", "hitCount": len(results)}
        if fault is not None and fault.kind == "count":
            data["hitCount"] = fault.value
        if offset + page_size < len(results) or _rewinds(fault):
            token = _next_token(offset, page_size, fault)
            data["nextCursorMark"] = token
            data["nextPageUrl"] = (self.base_url + EUROPEPMC + "search?" + urlencode(
                {"query": query, "cursorMark": token, "resultType": result_type,
                 "pageSize": page_size, "format": "json"}))
        data["request"] = {"queryString": query, "resultType": result_type,
                           "cursorMark": cursor, "pageSize": page_size,
                           "sort": params.get("sort", ""),
                           "synonym": params.get("synonym", "").lower() == "true"}
        data["resultList"] = {"result": page}
        return json_response(data, nest=_nest_depth(fault))

    # ClinicalTrials.gov ----------------------------------------------------------------------
    def _ctgov(self, method: str, name: str, params: dict[str, str],
               fault: Fault | None) -> Response:
        wrong = self._method(method, ("GET",))
        if wrong:
            return wrong
        fmt = params.get("format", "json").lower()
        if fmt != "json":
            raise ParamError(f"only format=json is served, not {fmt!r}")
        if name == "studies":
            return self._ct_studies(params, fault)
        match = re.fullmatch(r"studies/(NCT\d{8})", name)
        if match:
            study = self.corpus.clinicaltrials.get(match.group(1))
            if study is None:
                return json_response({"error": f"study {match.group(1)} not found"}, 404)
            return json_response(study)
        if name.startswith("studies/"):
            raise ParamError(f"invalid NCT number {name[len('studies/'):]!r}")
        return text_response(f"no such path: {CTGOV}{name}\n", 404)

    def _ct_studies(self, params: dict[str, str], fault: Fault | None) -> Response:
        everything = list(self.corpus.clinicaltrials.values())
        studies = everything
        for area in ESSIE_AREAS:  # each query area narrows the result
            expression = " ".join(params.get(area, "").split())
            if expression:
                selected = {id(s) for s in self._matching(
                    area, expression, lambda q, a=area: parse_essie(q, a), everything,
                    clinicaltrials_doc)}
                studies = [s for s in studies if id(s) in selected]
        advanced = params.get("filter.advanced", "")
        rest = re.sub(r"[()\s]|\bAND\b", "", CT_RANGE.sub("", advanced))
        if rest:
            raise ParamError(f"filter.advanced: only AREA[...]RANGE[...] terms joined by AND are "
                             f"served by the replay server, not {rest!r}")
        for area, low, high in CT_RANGE.findall(advanced):
            struct = CT_DATE_FIELDS.get(area.lower())
            if struct is None:
                raise ParamError(f"filter.advanced: AREA[{area}] is not served by the replay "
                                 f"server (served: {', '.join(CT_DATE_FIELDS)})")
            low = "" if low.upper() == "MIN" else low
            high = "" if high.upper() == "MAX" else high
            studies = [s for s in studies if in_range(_ct_date(s, struct), low, high)]
        page_size = _int_param(params, "pageSize", 10, low=0, high=1000) or 10
        token = params.get("pageToken", "")
        offset = _decode_token(token, "pageToken") if token else 0
        page = _page_faults([dict(s) for s in studies[offset:offset + page_size]], fault,
                            title=("protocolSection", "identificationModule", "briefTitle"))
        data: dict[str, Any] = {"studies": page}
        if not token and params.get("countTotal", "").lower() == "true":
            data["totalCount"] = len(studies)
            if fault is not None and fault.kind == "count":
                data["totalCount"] = fault.value
        if offset + page_size < len(studies) or _rewinds(fault):
            data["nextPageToken"] = _next_token(offset, page_size, fault)
        return json_response(data, nest=_nest_depth(fault))


def _rewinds(fault: Fault | None) -> bool:
    return fault is not None and fault.kind == "rewind"


def _next_token(offset: int, page_size: int, fault: Fault | None) -> str:
    """The next page's cursor; a "loop" fault hands out the previous page's again, a "rewind"
    fault a fresh one for the first page."""
    if fault is not None and fault.kind == "loop":
        return _encode_token(max(offset - page_size, 0))
    if fault is not None and fault.kind == "rewind":
        return _encode_token(0, fresh=fault.hits)
    return _encode_token(offset + page_size)


def _page_faults(page: list[dict], fault: Fault | None,
                 title: tuple[str, ...] = ("title",)) -> list[dict]:
    """A search page as a content fault changes it (see ``Fault``)."""
    if fault is None:
        return page
    if fault.kind == "drop":
        return page[:max(0, len(page) - fault.number(1))]
    if fault.kind == "empty":
        return []
    if page and fault.kind == "nest":
        page[0] = {"replayNested": _NEST_MARK, **page[0]}
    if page and fault.kind == "surrogate":
        page[0] = json.loads(json.dumps(page[0]))  # a deep copy to change
        holder = page[0]
        for key in title[:-1]:
            holder = holder.setdefault(key, {})
        holder[title[-1]] = f"{holder.get(title[-1], '')}\ud800"
    return page


def _nest_depth(fault: Fault | None) -> int:
    return fault.number(1000) if fault is not None and fault.kind == "nest" else 0


def _ct_date(study: dict, struct: str) -> str | None:
    try:
        return study["protocolSection"]["statusModule"][struct]["date"]
    except (KeyError, TypeError):
        return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "stemspine-replay/1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s - %s", self.address_string(), format % args)

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def _read_params(self, method: str) -> tuple[str, dict[str, str], bytes]:
        split = urlsplit(self.path)
        pairs = parse_qs(split.query, keep_blank_values=True)
        body = b""
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            ctype = self.headers.get("Content-Type", "")
            if "application/x-www-form-urlencoded" in ctype or (body and "json" not in ctype):
                for key, values in parse_qs(body.decode("utf-8", "replace"),
                                            keep_blank_values=True).items():
                    pairs.setdefault(key, []).extend(values)
        params = {key: values[-1] for key, values in pairs.items()}
        return split.path, params, body

    def _handle(self, method: str) -> None:
        started = time.monotonic()
        state = self.server.state
        try:
            path, params, body = self._read_params(method)
        except ValueError as exc:  # e.g. a Content-Length that is not a number
            self.close_connection = True
            self._send(text_response(f"bad request: {exc}\n", 400))
            return
        if path.startswith(CONTROL):
            self._send(self._control(method, path, body))
            return
        entry: dict[str, Any] = {"t": started, "method": method, "path": path,
                                 "query": params, "status": None, "ids": 0,
                                 "user_agent": self.headers.get("User-Agent")}
        fault = state.faults.pick(path)
        if fault is not None:
            entry["fault"] = fault.kind
        if fault is not None and fault.kind == "timeout":
            state.record(entry)
            log.info("fault: holding %s %s for %.1f s, then closing", method, path, fault.delay)
            self.server.stopping.wait(fault.delay)
            entry["held"] = time.monotonic() - started
            self.close_connection = True
            return
        if fault is not None and fault.kind == "status":
            response = text_response(f"{fault.value or f'replay fault: status {fault.status}'}\n",
                                     fault.status)
            if fault.retry_after is not None:
                response.headers["Retry-After"] = str(fault.retry_after)
        else:
            try:
                response = state.route(method, path, params, fault)
            except Exception:  # a bug here must not kill the connection silently
                log.exception("replay server error on %s %s", method, path)
                response = text_response("replay server error\n", 500)
        entry["status"] = response.status
        entry["ids"] = response.ids
        state.record(entry)
        if fault is not None and fault.kind == "truncate":
            self._send(response, truncate=True)
            return
        self._send(response)

    def _control(self, method: str, path: str, body: bytes) -> Response:
        state = self.server.state
        name = path[len(CONTROL):]
        if name == "log" and method == "GET":
            return json_response(state.request_log())
        if name == "reset" and method == "POST":
            state.reset()
            return json_response({"ok": True})
        if name == "faults" and method == "GET":
            return json_response(state.faults.snapshot())
        if name == "faults" and method == "POST":
            try:
                data = json.loads(body or b"[]")
                items = data if isinstance(data, list) else [data]
                faults = [Fault.from_dict(item) for item in items]
            except ValueError as exc:
                return json_response({"error": str(exc)}, 400)
            for fault in faults:
                state.faults.add(fault)
            return json_response({"ok": True, "added": len(faults)})
        return text_response(f"no such control endpoint: {method} {path}\n", 404)

    def _send(self, response: Response, truncate: bool = False) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for key, value in response.headers.items():
            self.send_header(key, value)
        if truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(response.body[:len(response.body) // 2] if truncate else response.body)
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], state: ReplayState) -> None:
        self.state = state
        self.stopping = threading.Event()
        super().__init__(address, _Handler)


def _check_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError as exc:
        raise ValueError(f"replay server host must be a loopback address, not {host!r}") from exc
    if not loopback or ipaddress.ip_address(host).version != 4:
        raise ValueError(f"replay server host must be an IPv4 loopback address, not {host!r}")


class ReplayServer:
    """Serve a corpus folder as the E-utilities, Europe PMC and ClinicalTrials.gov v2 APIs.

    >>> with ReplayServer("corpus") as server:
    ...     requests.get(server.urls["pubmed"] + "esearch.fcgi", params={"term": "x"})
    """

    def __init__(self, corpus: str | Path, host: str = "127.0.0.1", port: int = 0,
                 faults: list[Fault] | None = None, match_text: bool = False) -> None:
        """By default the corpus stands for what a text search returned: text terms are not
        matched, dates, sources and ids are. ``match_text`` matches the text terms too (see
        ``search``)."""
        _check_loopback(host)
        self.host = host
        self.port = port
        self.state = ReplayState(Corpus.load(corpus), faults, match_text)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def corpus(self) -> Corpus:
        return self.state.corpus

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise ValueError("the replay server is not started")
        return f"http://{self.host}:{self._server.server_address[1]}"

    @property
    def urls(self) -> dict[str, str]:
        """Base URLs to give the spiders, one per source."""
        base = self.base_url
        return {"pubmed": base + EUTILS, "europepmc": base + EUROPEPMC,
                "clinicaltrials": base + CTGOV}

    def start(self) -> ReplayServer:
        """Bind (port 0 = a free port) and serve in a daemon thread."""
        if self._server is not None:
            raise ValueError("the replay server is already started")
        self._server = _Server((self.host, self.port), self.state)
        self.state.base_url = self.base_url
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.1},
                                        name="replay-server", daemon=True)
        self._thread.start()
        log.info("replay server on %s (corpus %s)", self.base_url, self.corpus.root)
        return self

    def stop(self) -> None:
        """Stop serving and release the port; held (timeout-fault) requests are let go."""
        if self._server is None:
            return
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> ReplayServer:
        return self.start() if self._server is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def add_fault(self, fault: Fault) -> None:
        self.state.faults.add(fault)

    def request_log(self) -> list[dict]:
        """Every request served (control endpoints excluded), oldest first.

        Entries: t (time.monotonic() at receipt), method, path, query (query string and form
        body, last value per name), status (None for a held "timeout" request), ids (ids an
        efetch asked for, else 0), user_agent, and fault (its kind) when a fault hit the
        request.
        """
        return self.state.request_log()

    def reset(self) -> None:
        """Clear the request log and the faults."""
        self.state.reset()
