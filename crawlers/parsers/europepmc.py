"""Europe PMC REST ``search`` parser: JSON (resultType core or lite) or XML, bytes in, records out.

Pure functions (json, lxml; no Scrapy, no I/O). ``parse_search`` never raises: a payload that is
not a Europe PMC search response (HTML error page, truncated JSON, ``resultType=idlist``) is
``skipped`` with a reason, and one unreadable result costs one ``ParseProblem``, not the page.

Inputs read:
- a search response ``{"hitCount", "nextCursorMark", "request", "resultList": {"result": [...]}}``
  in resultType ``core`` (authorList, abstractText, MeSH, grants, ...) or ``lite`` (authorString,
  journalTitle, a ``pubType`` string);
- a single result object (a dict with ``id`` and ``source`` at top level), which is what
  ``SourceRecord.raw`` holds, so ``parse_search(record.raw.encode())`` gives the record back;
- the XML format (``<responseWrapper>``): converted element by element into the JSON shape
  (children of ``...List`` elements become lists, numeric fields become ints), then parsed the
  same way.

Choices worth knowing:
- ``source_id`` is ``"SRC:ID"`` (``MED:25054402``, ``PMC:PMC7049206``, ``PPR:PPR99200001``).
- ``raw`` is ``json.dumps(result, sort_keys=True, ensure_ascii=False)``: deterministic, so an
  unchanged result keeps its content hash whatever the page's whitespace or key order.
- The last page has no ``nextCursorMark`` or one equal to the request's ``cursorMark``: both give
  ``next_cursor=None``.
- Abstract headings (``<h4>Background</h4>``, any ``<h1>``-``<h6>``) become ``abstract_sections``
  with the heading text as label (as given, e.g. "Background") and ``category`` ""; the abstract is
  the "LABEL: text" paragraphs joined by blank lines, as the PubMed parser does. Inline markup
  (``<i>``, ``<b>``, ``<sup>``) is dropped, keeping its text, as PubMed's own text is read.
- Lite results carry only ``authorString``: it is split on ", " into names; a name that is not
  "Surname INITIALS" (e.g. "METRIC Study Group") is taken for a collective author.
- ``comments_corrections`` types are mapped to PubMed's RefType names by camel-casing
  ("Erratum for" -> "ErratumFor", "Retraction in" -> "RetractionIn"); ``pmid`` is set when the
  linked record's source is MED; ``epmc_id`` keeps "SRC:ID" for every source.
- ``extra``: ``europepmc_id``, ``epmc_source``, ``preprint`` (source PPR), ``cited_by``,
  ``is_open_access`` / ``in_epmc`` / ``in_pmc`` / ``has_pdf`` (bool, None when absent),
  ``full_text_urls`` (list of {"url", "site", "document_style", "availability"}),
  ``first_index_date``, ``license``; plus ``journal_iso`` and ``issn`` when given.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from lxml import etree

from crawlers.items import ParseProblem, ParseResult, SourceRecord, author_entry
from crawlers.parsers.json_values import (
    as_dict,
    as_dicts,
    as_int,
    as_iso_date,
    json_object,
    preview,
)
from crawlers.parsers.surrogates import replace_lone_surrogates

__all__ = ["SearchPage", "parse_result", "parse_search"]

NCT_RE = re.compile(r"\bNCT\d{8}\b")
# Keys an idlist result carries; a result with nothing else (and no title) is id-only.
_ID_ONLY_KEYS = frozenset({"id", "source", "pmid", "pmcid", "doi", "fullTextIdList"})
_TAG_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9:_-]*)(?:\s[^<>]*)?/?>")
_ESCAPED_TAG_RE = re.compile(r"&lt;/?[A-Za-z][A-Za-z0-9]*(?:\s[^&<>]*)?/?&gt;")
_BLOCK_TAGS = frozenset(
    {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "sec"}
)
# XML elements whose content is text with HTML markup, never structure (<title><i>X</i></title>).
_TEXT_FIELDS = frozenset(
    {"title", "abstractText", "affiliation", "authorString", "reference", "keyword"}
)
_INLINE_TAGS = frozenset(
    {"i", "b", "u", "em", "strong", "sup", "sub", "p", "br", "span", "sc", "small"}
    | {f"h{level}" for level in range(1, 7)}
)
_HEADING_OPEN_RE = re.compile(r"<h([1-6])(?:\s[^<>]*)?>", re.IGNORECASE)
_HEADING_CLOSE_RE = re.compile(r"</h([1-6])\s*>", re.IGNORECASE)
_LITE_NAME_RE = re.compile(r"^\S.* [A-Z][A-Za-z]{0,3}$")
_INT_FIELDS = frozenset(
    {
        "hitCount",
        "citedByCount",
        "journalIssueId",
        "monthOfPublication",
        "yearOfPublication",
        "orderIn",
        "versionNumber",
        "pageSize",
    }
)
_BOOL_FIELDS = frozenset({"synonym"})


@dataclass
class SearchPage:
    """One search response: its records, the cursor for the next page, the total hit count."""

    result: ParseResult = field(default_factory=ParseResult)
    next_cursor: str | None = None  # None on the last page
    hit_count: int | None = None  # None for a single result object


# --------------------------------------------------------------------------------------------
# payloads


def parse_search(data: bytes) -> SearchPage:
    """A Europe PMC search response (JSON or XML) or one result object -> SearchPage.

    Never raises: unreadable payloads are ``skipped`` with a reason.
    """
    try:
        return _parse_search(data)
    except Exception as error:  # noqa: BLE001 - a parser bug must not lose the crawl's page
        return _skipped(f"unexpected {type(error).__name__} while parsing: {error}")


def _parse_search(data: bytes) -> SearchPage:
    text = _decode(data)
    if text is None:
        return _skipped("not UTF-8 text")
    stripped = text.lstrip()
    if not stripped:
        return _skipped("empty body")
    if stripped.startswith("<"):
        return _parse_xml(stripped)
    payload, reason = json_object(stripped, "a Europe PMC search response")
    if payload is None:
        return _skipped(reason or "unreadable")
    return _parse_payload(payload)


def _parse_payload(payload: dict[str, Any]) -> SearchPage:
    if "resultList" not in payload:
        if "id" in payload and "source" in payload:
            if _is_id_only(payload):
                return _skipped("id-only result (resultType=idlist): no title or metadata")
            page = SearchPage()
            _add_result(page.result, payload, 0)
            return page
        if "errCode" in payload or "errMsg" in payload:
            return _skipped(
                f"Europe PMC error response: {payload.get('errCode')} {payload.get('errMsg')}"
            )
        keys = ", ".join(sorted(str(key) for key in payload)[:8])
        return _skipped(f"not a Europe PMC search response (keys: {keys})")

    request = as_dict(payload.get("request"))
    result_list = payload.get("resultList")
    results = result_list.get("result") if isinstance(result_list, dict) else None
    if results is None:
        results = []
    if isinstance(results, dict):
        results = [results]
    if not isinstance(results, list):
        return _skipped("resultList.result is not a list")
    page = SearchPage(
        next_cursor=_next_cursor(payload.get("nextCursorMark"), request.get("cursorMark")),
        hit_count=as_int(payload.get("hitCount")),
    )
    result_type = str(request.get("resultType") or "").lower()
    if result_type == "idlist" or (
        results and all(isinstance(r, dict) and _is_id_only(r) for r in results)
    ):
        page.result.skipped = (
            "id-only list (resultType=idlist): results carry only id/source/pmid/pmcid/doi, "
            "request resultType=core or lite"
        )
        return page
    for position, item in enumerate(results):
        _add_result(page.result, item, position)
    return page


def _add_result(result: ParseResult, item: Any, position: int) -> None:
    source_id = None
    if isinstance(item, dict) and item.get("id") and item.get("source"):
        source_id = f"{item['source']}:{item['id']}"
    try:
        result.records.append(parse_result(item))
    except Exception as error:  # noqa: BLE001 - one unreadable result costs one problem
        message = str(error) if isinstance(error, ValueError) else (
            f"unexpected {type(error).__name__}: {error}")
        result.problems.append(ParseProblem(message, position=position, source_id=source_id))


def _next_cursor(next_mark: Any, request_mark: Any) -> str | None:
    if not next_mark or not isinstance(next_mark, str):
        return None
    if request_mark is not None and unquote(str(request_mark)) == unquote(next_mark):
        return None
    return next_mark


def _is_id_only(item: dict[str, Any]) -> bool:
    return not item.get("title") and set(item) <= _ID_ONLY_KEYS


def _skipped(reason: str) -> SearchPage:
    return SearchPage(result=ParseResult(skipped=reason))


def _decode(data: bytes) -> str | None:
    if isinstance(data, str):
        return replace_lone_surrogates(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None



# --------------------------------------------------------------------------------------------
# XML


def _parse_xml(text: str) -> SearchPage:
    title = re.search(r"<title[^>]*>(.*?)</title>", text[:4000], re.IGNORECASE | re.DOTALL)
    if re.match(r"<(!doctype\s+html|html)[\s>]", text[:200], re.IGNORECASE):
        label = f" (title: {_clean(title.group(1))!r})" if title else ""
        return _skipped(f"HTML page, not a Europe PMC search response{label}")
    try:
        root = etree.fromstring(
            text.encode("utf-8"),
            parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True),
        )
    except etree.XMLSyntaxError as error:
        return _skipped(f"malformed XML ({error}): {preview(text)}")
    tag = etree.QName(root).localname
    if tag == "html":
        return _skipped("HTML page, not a Europe PMC search response")
    if tag not in ("result", "responseWrapper"):
        return _skipped(f"XML <{tag}>, not a Europe PMC <responseWrapper> search response")
    try:
        value = _xml_value(root)
    except RecursionError:
        return _skipped(f"XML <{tag}> nested too deep to read")
    return _parse_payload(value)


def _xml_value(element: etree._Element) -> Any:
    """Europe PMC XML element -> the value its JSON format gives (dict, list holder, str, int)."""
    name = etree.QName(element).localname
    children = [child for child in element if isinstance(child.tag, str)]
    markup = name in _TEXT_FIELDS or all(
        etree.QName(child).localname.lower() in _INLINE_TAGS for child in children
    )
    if not children or markup or _has_mixed_text(element):
        if children:  # inline markup inside text (title with <i>): keep it as in JSON
            inner = (element.text or "") + "".join(
                etree.tostring(child, encoding="unicode", with_tail=True) for child in children
            )
            return inner
        value = element.text or ""
        if element.attrib:  # <authorId type="ORCID">0000-...</authorId>
            return {**{str(k): str(v) for k, v in element.attrib.items()}, "value": value}
        number = as_int(value) if name in _INT_FIELDS else None
        if number is not None:
            return number
        if name in _BOOL_FIELDS and value in ("true", "false"):
            return value == "true"
        return value
    out: dict[str, Any] = {str(k): str(v) for k, v in element.attrib.items()}
    is_list = name.endswith("List")
    for child in children:
        key = etree.QName(child).localname
        value = _xml_value(child)
        if is_list:
            out.setdefault(key, []).append(value)
        else:
            out[key] = value
    return out


def _has_mixed_text(element: etree._Element) -> bool:
    if element.text and element.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in element)


# --------------------------------------------------------------------------------------------
# one result


def parse_result(result: dict[str, Any]) -> SourceRecord:
    """One Europe PMC result object (core or lite) -> SourceRecord; ValueError without id/source."""
    if not isinstance(result, dict):
        raise ValueError(f"result is a {type(result).__name__}, not an object")
    epmc_id = _str(result.get("id"))
    source = _str(result.get("source"))
    if not epmc_id or not source:
        missing = " and ".join(n for n, v in (("id", epmc_id), ("source", source)) if not v)
        raise ValueError(f"result has no {missing}")
    journal_info = as_dict(result.get("journalInfo"))
    journal = as_dict(journal_info.get("journal"))
    book = as_dict(result.get("bookOrReportDetails"))

    record = SourceRecord(
        source="europepmc",
        source_id=f"{source}:{epmc_id}",
        kind="publication",
        raw=json.dumps(result, sort_keys=True, ensure_ascii=False),
        title=_clean(_str(result.get("title"))),
        pmid=_str(result.get("pmid")) or None,
        pmcid=_str(result.get("pmcid")).upper() or None,
        doi=_normalise_doi(_str(result.get("doi"))) or None,
        journal=_clean(_str(journal.get("title")))
        or _clean(_str(result.get("journalTitle")))
        or _clean(_str(book.get("publisher")))
        or None,
        volume=_str(journal_info.get("volume")) or _str(result.get("journalVolume")) or None,
        issue=_str(journal_info.get("issue")) or _str(result.get("issue")) or None,
        pages=_str(result.get("pageInfo")) or None,
        # the latest change the record tells of: MEDLINE's revision date and Europe PMC's own
        # update date are both kept for some records and not for others, so the later of the
        # two (a version that newly carries dateOfRevision is not older for it)
        revised=max(filter(None, (_iso(result.get("dateOfRevision")),
                                  _iso(result.get("lastUpdateDate")))), default=None),
    )
    if source == "MED" and not record.pmid:
        record.pmid = epmc_id
    if source == "PMC" and not record.pmcid:
        record.pmcid = epmc_id.upper()
    _fill_abstract(record, _str(result.get("abstractText")))
    _fill_dates(record, result, journal_info)
    record.authors = _authors(result)
    language = result.get("language")
    record.language = [str(v) for v in _as_list(language) if v]
    record.publication_types = _publication_types(result)
    record.mesh = _mesh(result)
    record.keywords = [
        _clean(str(k)) for k in _as_list(as_dict(result.get("keywordList")).get("keyword")) if k
    ]
    record.comments_corrections = _comments_corrections(result)
    record.grants = [
        {
            "id": _str(g.get("grantId")) or None,
            "acronym": _str(g.get("acronym")) or None,
            "agency": _str(g.get("agency")) or None,
            "country": _str(g.get("country")) or None,
        }
        for g in as_dicts(as_dict(result.get("grantsList")).get("grant"))
    ]
    record.nct_ids = sorted(
        set(NCT_RE.findall(record.title)) | set(NCT_RE.findall(record.abstract))
    )
    record.extra = _extra(result, epmc_id, source, journal)
    return record


def _fill_abstract(record: SourceRecord, text: str) -> None:
    if not text.strip():
        return
    text = _unescape_markup(text)
    headings = _headings(text)
    if not headings:
        record.abstract = _clean(text)
        return
    sections: list[dict[str, str]] = []
    lead = _clean(text[: headings[0][0]])
    if lead:
        sections.append({"label": "", "category": "", "text": lead})
    for index, (_, heading_end, inner) in enumerate(headings):
        end = headings[index + 1][0] if index + 1 < len(headings) else len(text)
        label = _clean(inner).rstrip(":").strip()
        body = _clean(text[heading_end:end])
        if label or body:
            sections.append({"label": label, "category": "", "text": body})
    record.abstract_sections = sections
    record.abstract = "\n\n".join(
        f"{s['label']}: {s['text']}" if s["label"] else s["text"] for s in sections
    )


def _headings(text: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of each ``<hN>...</hN>`` heading, leftmost first: what
    ``<h([1-6])[^<>]*>(.*?)</h\\1\\s*>`` finds, in linear time (that pattern rescans the rest of
    the text from every ``<hN>`` that is never closed: quadratic on crafted input)."""
    closes: dict[str, list[re.Match[str]]] = {}
    for close in _HEADING_CLOSE_RE.finditer(text):
        closes.setdefault(close.group(1), []).append(close)
    next_close = dict.fromkeys(closes, 0)
    found: list[tuple[int, int, str]] = []
    resume = 0
    for opening in _HEADING_OPEN_RE.finditer(text):
        level = opening.group(1)
        if opening.start() < resume or level not in closes:
            continue  # inside the previous heading, or a level that is never closed
        candidates, index = closes[level], next_close[level]
        while index < len(candidates) and candidates[index].start() < opening.end():
            index += 1
        next_close[level] = index
        if index == len(candidates):
            continue
        close = candidates[index]
        found.append((opening.start(), close.end(), text[opening.end() : close.start()]))
        resume = close.end()
    return found


def _fill_dates(
    record: SourceRecord, result: dict[str, Any], journal_info: dict[str, Any]
) -> None:
    record.pub_date = _iso(result.get("firstPublicationDate")) or _iso(
        journal_info.get("printPublicationDate")
    )
    year = as_int(result.get("pubYear"))
    if year is None:
        year = as_int(journal_info.get("yearOfPublication"))
    if year is None and record.pub_date:
        year = int(record.pub_date[:4])  # as_iso_date: four ASCII digits
    record.year = year


def _authors(result: dict[str, Any]) -> list[dict[str, Any]]:
    listed = as_dicts(as_dict(result.get("authorList")).get("author"))
    if listed:
        return [author for author in map(_core_author, listed) if author["name"]]
    return _lite_authors(_str(result.get("authorString")))


def _core_author(author: dict[str, Any]) -> dict[str, Any]:
    last = _clean(_str(author.get("lastName")))
    fore = _clean(_str(author.get("firstName")))
    initials = _str(author.get("initials")).strip()
    collective = _clean(_str(author.get("collectiveName")))
    name = _clean(_str(author.get("fullName")))
    if not name:
        name = " ".join(part for part in (last, initials) if part) or collective
    details = as_dict(author.get("authorAffiliationDetailsList")).get("authorAffiliation")
    affiliations = [
        _clean(_str(a.get("affiliation")))
        for a in as_dicts(details)
        if _clean(_str(a.get("affiliation")))
    ]
    if not affiliations and _str(author.get("affiliation")).strip():
        affiliations = [_clean(_str(author.get("affiliation")))]
    orcid = None
    for ident in as_dicts(author.get("authorId")):
        if _str(ident.get("type")).upper() == "ORCID" and _str(ident.get("value")).strip():
            orcid = _str(ident.get("value")).strip().upper()
            break
    return author_entry(name, last=last, fore=fore, initials=initials,
                        collective=bool(collective and not last), affiliations=affiliations,
                        orcid=orcid)


def _lite_authors(author_string: str) -> list[dict[str, Any]]:
    text = author_string.strip().rstrip(".").strip()
    authors = []
    for part in text.split(", ") if text else []:
        name = _clean(part).rstrip(".").strip()
        if not name:
            continue
        personal = bool(_LITE_NAME_RE.match(name))
        last, _, initials = name.rpartition(" ") if personal else ("", "", "")
        authors.append(author_entry(name, last=last, initials=initials,
                                    collective=not personal))
    return authors


def _publication_types(result: dict[str, Any]) -> list[str]:
    listed = _as_list(as_dict(result.get("pubTypeList")).get("pubType"))
    if listed:
        return [str(p).strip() for p in listed if str(p).strip()]
    return [p.strip() for p in _str(result.get("pubType")).split(";") if p.strip()]


def _mesh(result: dict[str, Any]) -> list[dict[str, Any]]:
    headings = []
    for heading in as_dicts(as_dict(result.get("meshHeadingList")).get("meshHeading")):
        descriptor = _clean(_str(heading.get("descriptorName")))
        if not descriptor:
            continue
        qualifiers = as_dicts(as_dict(heading.get("meshQualifierList")).get("meshQualifier"))
        headings.append(
            {
                "descriptor": descriptor,
                "major": heading.get("majorTopic_YN") == "Y",
                "ui": _str(heading.get("descriptorUI")) or None,
                "qualifiers": [
                    {
                        "name": _clean(_str(q.get("qualifierName"))),
                        "major": q.get("majorTopic_YN") == "Y",
                        "ui": _str(q.get("qualifierUI")) or None,
                    }
                    for q in qualifiers
                    if _str(q.get("qualifierName")).strip()
                ],
            }
        )
    return headings


def _ref_type(value: str) -> str:
    """Europe PMC "Retraction in" -> PubMed RefType "RetractionIn" (camel-cased words)."""
    words = re.split(r"[\s_-]+", value.strip())
    return "".join(word[:1].upper() + word[1:] for word in words if word)


def _comments_corrections(result: dict[str, Any]) -> list[dict[str, str | None]]:
    out: list[dict[str, str | None]] = []
    for cc in as_dicts(as_dict(result.get("commentCorrectionList")).get("commentCorrection")):
        ident = _str(cc.get("id")).strip()
        source = _str(cc.get("source")).strip()
        out.append(
            {
                "type": _ref_type(_str(cc.get("type"))) or None,
                "pmid": ident if source == "MED" and ident else None,
                "ref": _clean(_str(cc.get("reference"))) or None,
                "epmc_id": f"{source}:{ident}" if source and ident else None,
            }
        )
    return out


def _extra(
    result: dict[str, Any], epmc_id: str, source: str, journal: dict[str, Any]
) -> dict[str, Any]:
    urls = [
        {
            "url": _str(u.get("url")),
            "site": _str(u.get("site")) or None,
            "document_style": _str(u.get("documentStyle")) or None,
            "availability": _str(u.get("availability")) or None,
        }
        for u in as_dicts(as_dict(result.get("fullTextUrlList")).get("fullTextUrl"))
        if _str(u.get("url"))
    ]
    extra: dict[str, Any] = {
        "europepmc_id": epmc_id,
        "epmc_source": source,
        "preprint": source == "PPR",
        "cited_by": as_int(result.get("citedByCount")),
        "is_open_access": _yes_no(result.get("isOpenAccess")),
        "in_epmc": _yes_no(result.get("inEPMC")),
        "in_pmc": _yes_no(result.get("inPMC")),
        "has_pdf": _yes_no(result.get("hasPDF")),
        "full_text_urls": urls,
        "first_index_date": _iso(result.get("firstIndexDate")),
        "license": _str(result.get("license")) or None,
    }
    iso = _str(journal.get("isoabbreviation")) or _str(journal.get("medlineAbbreviation"))
    if iso:
        extra["journal_iso"] = iso
    issn = _str(journal.get("issn")) or _str(journal.get("essn"))
    if issn:
        extra["issn"] = issn
    return extra


# --------------------------------------------------------------------------------------------
# value helpers


def _clean(text: str) -> str:
    """Drop HTML tags (keeping their text, escaped or not), unescape entities, normalise spaces."""
    if not text:
        return ""
    text = _unescape_markup(text)
    text = _TAG_RE.sub(lambda m: " " if m.group(1).lower() in _BLOCK_TAGS else "", text)
    return " ".join(html.unescape(text).split())


def _unescape_markup(text: str) -> str:
    """Some titles come with their markup escaped ("&lt;i&gt;C. elegans&lt;/i&gt;"): unescape it
    so that the tags can be dropped like real ones."""
    if _ESCAPED_TAG_RE.search(text):
        return html.unescape(text)
    return text


def _normalise_doi(doi: str) -> str:
    doi = doi.strip().lower()
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi)


def _iso(value: Any) -> str | None:
    """"2020-02-28" / "2020-02" / "2020" (the valid part of an impossible date); None for anything
    that is not such a date."""
    return as_iso_date(_str(value))


def _str(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)



def _yes_no(value: Any) -> bool | None:
    text = _str(value).strip().upper()
    if text in ("Y", "YES", "TRUE"):
        return True
    if text in ("N", "NO", "FALSE"):
        return False
    return None



def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]

