"""PubMed E-utilities parser: efetch ``PubmedArticleSet`` and esearch XML, bytes in, records out.

Pure functions (lxml only, no Scrapy, no I/O). Every DTD era PubMed has served is read: the 2008
layout (``DateCreated``, ``PMID`` without ``Version``, article-level ``Affiliation``), the 2019
tab-indented layout and the 2025 compact one-line layout.

Robustness: ``parse_efetch`` never raises. A document that is not efetch PubMed output is
``skipped`` with a reason; a malformed document is re-read article by article so that one broken
``PubmedArticle`` costs one ``ParseProblem``, not the whole page. lxml's ``recover=True`` is not
used on purpose: it can drop or corrupt content without saying so. Hostile input (odd digits,
impossible dates, huge or deeply nested documents) reads as absent values or problems, and every
regular expression here runs in linear time on crafted input.

Choices worth knowing:
- ``OtherAbstract`` is used only when there is no ``Abstract``; ``extra["abstract_from"]`` then says
  ``"OtherAbstract"``.
- The legacy article-level ``Article/Affiliation`` (2008 DTD) is given to the first author, as
  PubMed itself did when it moved affiliations under ``Author``.
- Seasons map to their first month: Spring 03, Summer 06, Autumn/Fall 09, Winter 12.
- ``PubmedBookArticle`` (NCBI Bookshelf) is not a journal publication: it is set aside in
  ``skipped_records`` with its reason (counted apart, not an error).
- ``DeleteCitation`` (the PMIDs NCBI has deleted) fills ``deleted``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from crawlers.items import ParseProblem, ParseResult, SourceRecord, author_entry
from crawlers.parsers.surrogates import replace_lone_surrogates

__all__ = [
    "EsearchResult",
    "parse_article",
    "parse_efetch",
    "parse_esearch",
    "revision_key",
]

ARTICLE_TAGS = ("PubmedArticle", "PubmedBookArticle")
NCT_RE = re.compile(r"\bNCT\d{8}\b", re.ASCII)
# [^<>]: a "<PMID" never closed must not scan on across later tags (quadratic on crafted input)
_PMID_RE = re.compile(rb"<PMID[^<>]*>\s*(\d+)\s*</PMID>")
_ARTICLE_START_RE = re.compile(rb"<(PubmedArticle|PubmedBookArticle)[\s>]")
_DELETE_CITATION_RE = re.compile(rb"<DeleteCitation>(.*?)</DeleteCitation>", re.S)
_ORCID_RE = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])", re.ASCII)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_WHITESPACE_RUN_RE = re.compile(r"\s+")
_GLUED_AFTER = frozenset("([")
_GLUED_BEFORE = frozenset(")],.;:")
_MEDLINE_DATE_RE = re.compile(
    r"(\d{4})(?:\s+([A-Za-z]+)\.?(?:\s+(\d{1,2})(?!\d))?)?", re.ASCII
)


def _xml_parser() -> etree.XMLParser:
    # No DTD loading and no network: PubMed documents name an external DTD we must not fetch.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )


# --------------------------------------------------------------------------------------------
# esearch


@dataclass
class EsearchResult:
    """One esearch page: ids plus the history-server handles used to page efetch."""

    count: int
    retmax: int
    retstart: int
    ids: list[str] = field(default_factory=list)
    webenv: str | None = None
    query_key: str | None = None
    errors: list[str] = field(default_factory=list)  # "PhraseNotFound: abcXYZ"
    warnings: list[str] = field(default_factory=list)  # "OutputMessage: No items found."


def parse_esearch(data: bytes) -> EsearchResult:
    """Read an esearch XML response; ValueError (and no other exception) if it is not a readable
    ``eSearchResult``."""
    try:
        return _parse_esearch(data)
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - one documented exception for the spider to catch
        raise ValueError(f"esearch response unreadable: {type(exc).__name__}: {exc}") from exc


def _parse_esearch(data: bytes) -> EsearchResult:
    if not data or not data.strip():
        raise ValueError("esearch response is empty")
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"esearch response is not well-formed XML: {exc}") from exc
    if root.tag != "eSearchResult":
        raise ValueError(f"expected an eSearchResult document, got <{root.tag}>")
    error = _text(root.find("ERROR"))
    if error:
        raise ValueError(f"esearch returned an error: {error}")

    def number(tag: str) -> int:
        value = _text(root.find(tag))
        if not re.fullmatch(r"[0-9]{1,18}", value):  # int() also takes "١٢" and 5,000 digits
            raise ValueError(f"esearch {tag} is not a number: {value[:40]!r}")
        return int(value)

    def messages(tag: str) -> list[str]:
        found = root.find(tag)
        if found is None:
            return []
        return [f"{child.tag}: {_text(child)}" for child in found if isinstance(child.tag, str)]

    return EsearchResult(
        count=number("Count"),
        retmax=number("RetMax"),
        retstart=number("RetStart"),
        ids=[_text(el) for el in root.findall("IdList/Id") if _text(el)],
        webenv=_text(root.find("WebEnv")) or None,
        query_key=_text(root.find("QueryKey")) or None,
        errors=messages("ErrorList"),
        warnings=messages("WarningList"),
    )


# --------------------------------------------------------------------------------------------
# efetch


def parse_efetch(data: bytes) -> ParseResult:
    """Read an efetch ``PubmedArticleSet`` document; never raises.

    Other E-utilities documents, PMC JATS, HTML and empty bodies come back ``skipped``. A document
    that is not well-formed is read article by article (see ``_parse_chunks``).
    """
    try:
        return _parse_efetch(data)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not lose the crawl's batch
        return ParseResult(skipped=f"unexpected {type(exc).__name__} while parsing: {exc}")


def _parse_efetch(data: bytes) -> ParseResult:
    if isinstance(data, str):  # tolerate a decoded body (e.g. a stored raw payload)
        data = replace_lone_surrogates(data).encode("utf-8")
    if not data or not data.strip():
        return ParseResult(skipped="empty document")
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as exc:
        if not re.search(rb"<PubmedArticleSet[\s>/]", data[:4096]) and not (
            _ARTICLE_START_RE.search(data)
        ):
            return ParseResult(skipped=f"not well-formed XML and not a PubmedArticleSet: {exc}")
        return _parse_chunks(data, str(exc))
    except ValueError as exc:  # e.g. a str-only encoding declaration problem
        return ParseResult(skipped=f"not readable as XML: {exc}")

    reason = _skip_reason(root)
    if reason:
        return ParseResult(skipped=reason)
    if root.tag in ARTICLE_TAGS:  # a bare article (e.g. a stored raw payload)
        articles = [root]
    else:
        articles = [child for child in root if child.tag in ARTICLE_TAGS]
    result = ParseResult()
    for position, element in enumerate(articles):
        _add_article(result, element, position)
    result.deleted = [_text(pmid) for pmid in root.findall("DeleteCitation/PMID") if _text(pmid)]
    return result


def _skip_reason(root: etree._Element) -> str | None:
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag in ("PubmedArticleSet", *ARTICLE_TAGS):
        return None
    error = root.find(".//ERROR") if tag != "ERROR" else root
    if error is not None:
        return f"E-utilities error response <{tag}>: {_text(error) or 'no message'}"
    known = {
        "eSearchResult": "an esearch result (ids), not efetch PubMed XML",
        "eSummaryResult": "an esummary result, not efetch PubMed XML",
        "eLinkResult": "an elink result, not efetch PubMed XML",
        "pmc-articleset": "a PMC JATS article set, not PubMed XML",
        "article": "a JATS article, not PubMed XML",
        "html": "an HTML page, not PubMed XML",
    }
    local = etree.QName(root).localname if tag else "?"
    return known.get(local, f"root element <{local}> is not a PubmedArticleSet")


def _add_article(result: ParseResult, element: etree._Element, position: int) -> None:
    pmid = _text(element.find("MedlineCitation/PMID")) or _text(
        element.find("BookDocument/PMID")
    ) or None
    if element.tag == "PubmedBookArticle":
        result.skipped_records.append(
            ParseProblem(
                "PubmedBookArticle: an NCBI Bookshelf chapter, not a study", position, pmid
            )
        )
        return
    try:
        result.records.append(parse_article(element))
    except ValueError as exc:
        result.problems.append(ParseProblem(str(exc), position, pmid))
    except Exception as exc:  # noqa: BLE001 - parse_efetch never raises; the problem is reported
        result.problems.append(
            ParseProblem(f"unexpected {type(exc).__name__}: {exc}", position, pmid)
        )


def _parse_chunks(data: bytes, error: str) -> ParseResult:
    """Fallback for a malformed document: parse each article's bytes on their own.

    Chunks run from one article start tag to the next; a chunk without its closing tag (a
    truncated last article, or a mangled end tag) or one that does not parse is a problem with
    its position and, if a regex finds it, its PMID.
    """
    result = ParseResult()
    starts = list(_ARTICLE_START_RE.finditer(data))
    for position, match in enumerate(starts):
        tag = match.group(1)
        end_of_chunk = starts[position + 1].start() if position + 1 < len(starts) else len(data)
        chunk = data[match.start() : end_of_chunk]
        pmid_match = _PMID_RE.search(chunk)
        pmid = pmid_match.group(1).decode() if pmid_match else None
        closing = b"</" + tag + b">"
        close_at = chunk.rfind(closing)
        if close_at < 0:
            result.problems.append(
                ParseProblem(
                    f"{tag.decode()} has no closing tag (truncated or broken document)",
                    position,
                    pmid,
                )
            )
            continue
        try:
            element = etree.fromstring(chunk[: close_at + len(closing)], _xml_parser())
        except etree.XMLSyntaxError as exc:
            first_close = chunk.find(closing)
            if first_close < close_at and _rescue_first(result, chunk, first_close, tag, position):
                continue
            result.problems.append(
                ParseProblem(f"{tag.decode()} is not well-formed XML: {exc}", position, pmid)
            )
            continue
        _add_article(result, element, position)
    for block in _DELETE_CITATION_RE.findall(data):
        result.deleted += [m.group(1).decode() for m in _PMID_RE.finditer(block)]
    if not result.problems:
        # Every article read, yet the document as a whole is broken (between articles).
        result.problems.append(
            ParseProblem(f"document is not well-formed XML (all articles read): {error}")
        )
    return result


def _rescue_first(
    result: ParseResult, chunk: bytes, first_close: int, tag: bytes, position: int
) -> bool:
    """A chunk holding one good article plus the remains of a next one whose start tag is broken:
    keep the good article and report the rest (same position, the rest's PMID if any)."""
    end = first_close + len(b"</" + tag + b">")
    try:
        element = etree.fromstring(chunk[:end], _xml_parser())
    except etree.XMLSyntaxError:
        return False
    _add_article(result, element, position)
    rest_pmid = _PMID_RE.search(chunk[end:])
    result.problems.append(
        ParseProblem(
            f"unreadable content after the {tag.decode()} at position {position} "
            "(an article whose start tag is broken?)",
            position,
            rest_pmid.group(1).decode() if rest_pmid else None,
        )
    )
    return True


def parse_article(element: etree._Element) -> SourceRecord:
    """One ``PubmedArticle`` element -> SourceRecord; ValueError when it has no PMID."""
    if element.tag != "PubmedArticle":
        raise ValueError(f"expected a PubmedArticle element, got <{element.tag}>")
    citation = element.find("MedlineCitation")
    if citation is None:
        raise ValueError("PubmedArticle has no MedlineCitation")
    pmid_el = citation.find("PMID")
    pmid = _text(pmid_el)
    if not pmid:
        raise ValueError("PubmedArticle has no PMID")
    article = citation.find("Article")
    if article is None:
        article = etree.Element("Article")  # keep going with an empty article: ids still count
    pubmed_data = element.find("PubmedData")
    extra: dict[str, Any] = {"pmid_version": pmid_el.get("Version")}

    record = SourceRecord(
        source="pubmed",
        source_id=pmid,
        kind="publication",
        raw=etree.tostring(element, encoding="unicode", with_tail=False),
        pmid=pmid,
        status=citation.get("Status"),
        revised=_iso_date(citation.find("DateRevised")),
        extra=extra,
    )
    _fill_ids(record, article, pubmed_data)
    _fill_title(record, article)
    _fill_abstract(record, article, citation)
    record.authors = _authors(article)
    _fill_journal(record, article, citation)
    _fill_dates(record, article, pubmed_data)
    record.language = [_text(el) for el in article.findall("Language") if _text(el)]
    record.publication_types = [
        _text(el) for el in article.findall("PublicationTypeList/PublicationType") if _text(el)
    ]
    record.mesh = _mesh(citation)
    record.keywords = [
        _flat(el) for el in citation.findall("KeywordList/Keyword") if _flat(el)
    ]
    chemicals = [
        _text(el) for el in citation.findall("ChemicalList/Chemical/NameOfSubstance")
    ]
    if chemicals:
        extra["chemicals"] = chemicals
    _fill_databanks(record, article)
    record.comments_corrections = [
        {
            "type": cc.get("RefType"),
            "pmid": _text(cc.find("PMID")) or None,
            "ref": _flat(cc.find("RefSource")) or None,
        }
        for cc in citation.findall("CommentsCorrectionsList/CommentsCorrections")
    ]
    record.grants = [
        {
            "id": _text(grant.find("GrantID")) or None,
            "acronym": _text(grant.find("Acronym")) or None,
            "agency": _text(grant.find("Agency")) or None,
            "country": _text(grant.find("Country")) or None,
        }
        for grant in article.findall("GrantList/Grant")
    ]
    if citation.find("DateCreated") is not None:
        extra["date_created"] = _iso_date(citation.find("DateCreated"))
    completed = _iso_date(citation.find("DateCompleted"))
    if completed:
        extra["date_completed"] = completed
    if pubmed_data is not None:
        status = _text(pubmed_data.find("PublicationStatus"))
        if status:
            extra["publication_status"] = status
        references = [
            _text(el)
            for el in pubmed_data.findall(
                "ReferenceList/Reference/ArticleIdList/ArticleId[@IdType='pubmed']"
            )
            if _text(el)
        ]
        if references:
            extra["references"] = references
    return record


# --------------------------------------------------------------------------------------------
# field helpers


def _text(element: etree._Element | None) -> str:
    """Own text of a simple element, stripped ("" for None)."""
    if element is None or element.text is None:
        return ""
    return element.text.strip()


def _flat(element: etree._Element | None) -> str:
    """All text inside an element (inline markup and MathML flattened), whitespace normalised."""
    if element is None:
        return ""
    text = "".join(element.itertext())
    if "\n" in text:
        # Pretty-printed mixed content ("(\n\t\t<i>GRB10</i>,\n\t\t..."): indentation next to
        # brackets and punctuation is layout, not a space. One pass over whitespace runs: a
        # pattern that looks for the newline inside the run backtracks quadratically.
        def layout(match: re.Match[str]) -> str:
            run = match.group()
            if "\n" not in run:
                return run
            start, end = match.span()
            if (start and text[start - 1] in _GLUED_AFTER) or text[end : end + 1] in _GLUED_BEFORE:
                return ""
            return run

        text = _WHITESPACE_RUN_RE.sub(layout, text)
    return " ".join(text.split())


def _fill_ids(
    record: SourceRecord, article: etree._Element, pubmed_data: etree._Element | None
) -> None:
    # Only the paper's own ArticleIdList: ReferenceList citations carry DOIs of other papers.
    ids: dict[str, str] = {}
    if pubmed_data is not None:
        for el in pubmed_data.findall("ArticleIdList/ArticleId"):
            id_type, value = el.get("IdType"), _text(el)
            if id_type and value and id_type not in ids:
                ids[id_type] = value
    doi = ids.get("doi")
    if not doi:
        for el in article.findall("ELocationID"):
            if el.get("EIdType") == "doi" and el.get("ValidYN", "Y") != "N" and _text(el):
                doi = _text(el)
                break
    record.doi = _normalise_doi(doi) if doi else None
    pmc = ids.get("pmc")
    if pmc:
        record.pmcid = "PMC" + re.sub(r"^PMC", "", pmc, flags=re.IGNORECASE)
    pii = ids.get("pii") or next(
        (
            _text(el)
            for el in article.findall("ELocationID")
            if el.get("EIdType") == "pii" and _text(el)
        ),
        None,
    )
    if pii:
        record.extra["pii"] = pii


def _normalise_doi(doi: str) -> str:
    doi = doi.strip().lower()
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi)


def _fill_title(record: SourceRecord, article: etree._Element) -> None:
    title = _flat(article.find("ArticleTitle"))
    vernacular = _flat(article.find("VernacularTitle"))
    record.vernacular_title = vernacular or None
    if not title and vernacular:
        title = vernacular
        record.extra["title_from"] = "VernacularTitle"
    record.title = title


def _fill_abstract(
    record: SourceRecord, article: etree._Element, citation: etree._Element
) -> None:
    texts = article.findall("Abstract/AbstractText")
    if not texts:
        for other in citation.findall("OtherAbstract"):
            texts = other.findall("AbstractText")
            if texts:
                record.extra["abstract_from"] = "OtherAbstract"
                record.extra["abstract_language"] = other.get("Language")
                break
    sections = []
    for el in texts:
        text = _flat(el)
        label = el.get("Label") or ""
        if not text and not label:
            continue
        sections.append({"label": label, "category": el.get("NlmCategory") or "", "text": text})
    record.abstract_sections = sections
    record.abstract = "\n\n".join(
        f"{s['label']}: {s['text']}" if s["label"] else s["text"] for s in sections
    )


def _normalise_orcid(value: str) -> str | None:
    match = _ORCID_RE.search(value)
    if not match:
        return None
    return "-".join(match.groups()).upper()


def _authors(article: etree._Element) -> list[dict[str, Any]]:
    authors: list[dict[str, Any]] = []
    for el in article.findall("AuthorList/Author"):
        if el.get("ValidYN") == "N":
            continue
        collective = _flat(el.find("CollectiveName"))
        last = _flat(el.find("LastName"))
        fore = _flat(el.find("ForeName")) or _flat(el.find("FirstName"))
        initials = _text(el.find("Initials"))
        suffix = _text(el.find("Suffix"))
        if collective and not last:
            name = collective
        else:
            name = " ".join(part for part in (last, initials) if part)
            if suffix:
                name = f"{name} {suffix}"
        if not name:
            continue
        affiliations = [
            _flat(aff)
            for aff in [*el.findall("AffiliationInfo/Affiliation"), *el.findall("Affiliation")]
            if _flat(aff)
        ]
        orcid = None
        for ident in el.findall("Identifier"):
            if (ident.get("Source") or "").upper() == "ORCID":
                orcid = _normalise_orcid(_text(ident))
                if orcid:
                    break
        authors.append(author_entry(name, last=last, fore=fore, initials=initials,
                                    collective=bool(collective and not last),
                                    affiliations=affiliations, orcid=orcid))
    legacy = _flat(article.find("Affiliation"))
    if legacy and authors and not authors[0]["affiliations"]:
        authors[0]["affiliations"] = [legacy]
    return authors


def _fill_journal(
    record: SourceRecord, article: etree._Element, citation: etree._Element
) -> None:
    journal = article.find("Journal")
    info = citation.find("MedlineJournalInfo")
    record.journal = (
        _flat(journal.find("Title")) if journal is not None else ""
    ) or _text(info.find("MedlineTA") if info is not None else None) or None
    if journal is not None:
        record.volume = _text(journal.find("JournalIssue/Volume")) or None
        record.issue = _text(journal.find("JournalIssue/Issue")) or None
        iso = _text(journal.find("ISOAbbreviation"))
        if iso:
            record.extra["journal_iso"] = iso
        issn = _text(journal.find("ISSN"))
        if issn:
            record.extra["issn"] = issn
    if info is not None:
        if "issn" not in record.extra and _text(info.find("ISSNLinking")):
            record.extra["issn"] = _text(info.find("ISSNLinking"))
        if _text(info.find("NlmUniqueID")):
            record.extra["nlm_unique_id"] = _text(info.find("NlmUniqueID"))
    pages = _text(article.find("Pagination/MedlinePgn"))
    if not pages:
        start = _text(article.find("Pagination/StartPage"))
        end = _text(article.find("Pagination/EndPage"))
        pages = f"{start}-{end}" if start and end else start
    record.pages = pages or None


def _month(value: str) -> int | None:
    # "Jan", "01", "January", "Spring", or a span such as "Apr-Jun" / "Jan/Feb" (first part).
    value = re.split(r"[-/\s]+", value.strip())[0].rstrip(".").lower()
    number = _int(value)
    if number is not None:
        return number if 1 <= number <= 12 else None
    return _MONTHS.get(value) or _SEASONS.get(value)


def _int(value: str) -> int | None:
    """ASCII digits only ("²".isdigit() is True, int("²") raises)."""
    return int(value) if re.fullmatch(r"[0-9]{1,4}", value) else None


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is not None:
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            pass  # an impossible day: keep year and month
    return f"{year:04d}-{month:02d}"


def _date_parts(element: etree._Element | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) from Year/Month/Day/Season/MedlineDate children; None if no year."""
    if element is None:
        return None
    year = _int(_text(element.find("Year")))
    if year is not None and year >= 1000:
        month_text = _text(element.find("Month")) or _text(element.find("Season"))
        month = _month(month_text) if month_text else None
        day = _int(_text(element.find("Day"))) if month else None
        return year, month, day
    medline = _text(element.find("MedlineDate"))
    match = _MEDLINE_DATE_RE.search(medline) if medline else None
    if not match:
        return None
    month = _month(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if month and match.group(3) else None
    return int(match.group(1)), month, day


def _iso_date(element: etree._Element | None) -> str | None:
    parts = _date_parts(element)
    return _iso(*parts) if parts else None


def _fill_dates(
    record: SourceRecord, article: etree._Element, pubmed_data: etree._Element | None
) -> None:
    history = pubmed_data.findall("History/PubMedPubDate") if pubmed_data is not None else []
    by_status = {el.get("PubStatus"): el for el in history}
    candidates = [
        ("PubDate", article.find("Journal/JournalIssue/PubDate")),
        ("ArticleDate", article.find("ArticleDate")),
        ("pubmed", by_status.get("pubmed")),
    ]
    for origin, element in candidates:
        parts = _date_parts(element)
        if parts:
            record.year = parts[0]
            record.pub_date = _iso(*parts)
            if origin != "PubDate":
                record.extra["pub_date_from"] = origin
            break
    entrez = _iso_date(by_status.get("entrez"))
    if entrez:
        record.extra["entrez_date"] = entrez
    article_date = _iso_date(article.find("ArticleDate"))
    if article_date:
        record.extra["article_date"] = article_date


def _mesh(citation: etree._Element) -> list[dict[str, Any]]:
    headings = []
    for heading in citation.findall("MeshHeadingList/MeshHeading"):
        descriptor = heading.find("DescriptorName")
        if descriptor is None or not _flat(descriptor):
            continue
        headings.append(
            {
                "descriptor": _flat(descriptor),
                "major": descriptor.get("MajorTopicYN") == "Y",
                "ui": descriptor.get("UI"),
                "qualifiers": [
                    {"name": _flat(q), "major": q.get("MajorTopicYN") == "Y", "ui": q.get("UI")}
                    for q in heading.findall("QualifierName")
                ],
            }
        )
    return headings


def _fill_databanks(record: SourceRecord, article: etree._Element) -> None:
    databanks = []
    nct_ids: set[str] = set()
    for bank in article.findall("DataBankList/DataBank"):
        name = _text(bank.find("DataBankName"))
        accessions = [
            _text(el) for el in bank.findall("AccessionNumberList/AccessionNumber") if _text(el)
        ]
        databanks.append({"name": name, "accessions": accessions})
        if name.lower().replace(" ", "") == "clinicaltrials.gov":
            nct_ids.update(a.upper() for a in accessions if NCT_RE.fullmatch(a.upper()))
    if databanks:
        record.extra["databanks"] = databanks
    nct_ids.update(NCT_RE.findall(record.title))
    nct_ids.update(NCT_RE.findall(record.abstract))
    record.nct_ids = sorted(nct_ids)


# --------------------------------------------------------------------------------------------
# versions


def revision_key(record: SourceRecord) -> tuple:
    """Sort key for two versions of one PMID: the newer revision sorts last.

    Order: DateRevised, then the current DTD over the 2008 one (PMID ``Version`` attribute
    present, no ``DateCreated``), then the PMID version number, then a hash of the raw payload so
    that equal candidates still pick one winner deterministically.
    """
    version = record.extra.get("pmid_version")
    return (
        record.revised or "",
        version is not None,
        "date_created" not in record.extra,
        _int(str(version or "")) or 0,
        hashlib.sha256(record.raw.encode("utf-8")).hexdigest(),
    )
