"""Index a corpus folder for the replay server with light byte/regex/JSON work.

PubMed files are never parsed as XML: each `<PubmedArticle>` is kept as the exact bytes found in
the file, so a deliberately malformed article is served as-is and the crawler's error handling can
be exercised. Files that are not of the expected kind are skipped with a logged reason.
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawlers.replay.search import Doc, pubmed_doc

log = logging.getLogger("crawlers.replay")

Date = tuple[int, int, int]

_ARTICLE_START = re.compile(rb"<(PubmedArticle|PubmedBookArticle)(?=[\s>])[^>]*>")
_SET_END = b"</PubmedArticleSet>"
_PMID = re.compile(rb"<PMID(\s[^>]*)?>\s*(\d+)\s*</PMID>")
_YMD = rb"\s*<Year>\s*(\d{4})\s*</Year>\s*<Month>\s*(\w+)\s*</Month>\s*<Day>\s*(\d{1,2})\s*</Day>"
_DATE_REVISED = re.compile(rb"<DateRevised>" + _YMD)
_ENTREZ = re.compile(rb"<PubMedPubDate\s+PubStatus=\"entrez\"\s*>" + _YMD)
_PUBDATE = re.compile(rb"<PubDate>(.*?)</PubDate>", re.S)
_YEAR = re.compile(rb"<Year>\s*(\d{4})\s*</Year>")
_MONTH = re.compile(rb"<Month>\s*(\w+)\s*</Month>")
_DAY = re.compile(rb"<Day>\s*(\d{1,2})\s*</Day>")
_SEASON = re.compile(rb"<Season>\s*(\w+)")
_MEDLINE_DATE = re.compile(rb"<MedlineDate>\s*(\d{4})(?:\s+([A-Za-z]+))?")
_DELETE_CITATION = re.compile(rb"<DeleteCitation>(.*?)</DeleteCitation>", re.S)
_TAG = re.compile(rb"<[^>]*>")
# searchable fields of an article (PubMed field tag -> elements), read with regexes so that a
# malformed article is still indexed as far as it can be
_SEARCH_FIELDS = {
    "ti": re.compile(rb"<ArticleTitle[^>]*>(.*?)</ArticleTitle>", re.S),
    "ab": re.compile(rb"<AbstractText[^>]*>(.*?)</AbstractText>", re.S),
    "ot": re.compile(rb"<Keyword[^>]*>(.*?)</Keyword>", re.S),
    "mh": re.compile(rb"<DescriptorName[^>]*>(.*?)</DescriptorName>", re.S),
    "pt": re.compile(rb"<PublicationType[^>]*>(.*?)</PublicationType>", re.S),
    "la": re.compile(rb"<Language>(.*?)</Language>", re.S),
    "au": re.compile(rb"<LastName>(.*?)</LastName>", re.S),
    "ta": re.compile(rb"<(?:Title|ISOAbbreviation|MedlineTA)>(.*?)</(?:Title|ISOAbbreviation|"
                     rb"MedlineTA)>", re.S),
    "pmid": re.compile(rb"<PMID[^>]*>\s*(\d+)\s*</PMID>"),
}
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _month(token: bytes | str | None) -> int:
    if not token:
        return 1
    text = token.decode("ascii", "replace") if isinstance(token, bytes) else token
    if text.isdigit():
        return min(max(int(text), 1), 12)
    return _MONTHS.get(text[:3].lower(), 1)


def _ymd(match: re.Match[bytes] | None) -> Date | None:
    if match is None:
        return None
    return int(match.group(1)), _month(match.group(2)), int(match.group(3))


def _pub_date(chunk: bytes) -> Date | None:
    """The journal issue date (PubDate) as a sortable (year, month, day); missing parts are 1."""
    match = _PUBDATE.search(chunk)
    if match is None:
        return None
    inner = match.group(1)
    year = _YEAR.search(inner)
    if year:
        month = _MONTH.search(inner)
        season = _SEASON.search(inner)
        day = _DAY.search(inner)
        if month:
            mon = _month(month.group(1))
        elif season:
            mon = _SEASONS.get(season.group(1).decode("ascii", "replace").lower(), 1)
        else:
            mon = 1
        return int(year.group(1)), mon, int(day.group(1)) if day else 1
    medline = _MEDLINE_DATE.search(inner)
    if medline:
        return int(medline.group(1)), _month(medline.group(2)), 1
    return None


@dataclass
class PubmedArticle:
    """One `<PubmedArticle>` byte chunk with the few fields the replay server filters on."""

    pmid: str
    chunk: bytes
    file: str
    has_version: bool
    date_revised: Date | None
    pub_date: Date | None
    entrez_date: Date | None

    _doc: Doc | None = field(default=None, repr=False, compare=False)

    def doc(self) -> Doc:
        """The article as the search sees it (built once, on first use)."""
        if self._doc is None:
            texts = {name: [_plain(m.group(1)) for m in pattern.finditer(self.chunk)]
                     for name, pattern in _SEARCH_FIELDS.items()}
            dates = {name: _iso(self.date(name)) for name in ("pdat", "edat", "mdat")}
            self._doc = pubmed_doc(texts, {k: v for k, v in dates.items() if v})
        return self._doc

    @property
    def revision_key(self) -> tuple:
        """Newest revision wins: later DateRevised, then a versioned PMID, then later file."""
        return (self.date_revised or (0, 0, 0), self.has_version, self.file)

    def date(self, datetype: str) -> Date | None:
        """The article's date for an esearch datetype (edat, pdat or mdat)."""
        if datetype == "mdat":
            return self.date_revised
        if datetype == "pdat":
            return self.pub_date
        return self.entrez_date or self.date_revised


def _plain(inner: bytes) -> str:
    return html.unescape(_TAG.sub(b" ", inner).decode("utf-8", "replace"))


def _iso(date: Date | None) -> str | None:
    return None if date is None else f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}"


def split_articles(data: bytes, file: str = "") -> list[bytes]:
    """Cut a PubmedArticleSet document into article byte chunks without parsing it.

    An article whose closing tag is missing ends where the next one starts (trailing whitespace
    trimmed), so one broken article never swallows its neighbours.
    """
    starts = [m.start() for m in _ARTICLE_START.finditer(data)]
    chunks = []
    for i, start in enumerate(starts):
        name = _ARTICLE_START.match(data, start).group(1)
        limit = starts[i + 1] if i + 1 < len(starts) else len(data)
        close = b"</" + name + b">"
        end = data.find(close, start, limit)
        if end >= 0:
            chunks.append(data[start:end + len(close)])
            continue
        set_end = data.find(_SET_END, start, limit)
        stop = set_end if set_end >= 0 else limit
        log.warning("%s: article at byte %d has no closing tag; served up to byte %d",
                    file, start, stop)
        chunks.append(data[start:stop].rstrip())
    return chunks


def _load_pubmed(folder: Path) -> tuple[dict[str, PubmedArticle], set[str]]:
    """Articles by PMID (the newest revision of each), and the PMIDs of DeleteCitation
    elements (a deletion wins over an article)."""
    articles: dict[str, PubmedArticle] = {}
    deleted: set[str] = set()
    for path in sorted(folder.glob("*.xml")):
        data = path.read_bytes()
        head = data[:4096]
        if b"<PubmedArticleSet" not in head:
            root = re.search(rb"<([A-Za-z][\w.-]*)[\s>/]", re.sub(rb"<[?!][^>]*>", b"", head))
            kind = root.group(1).decode("ascii", "replace") if root else "unknown"
            log.info("skipping %s: not a PubmedArticleSet (root element %s)", path, kind)
            continue
        for block in _DELETE_CITATION.findall(data):
            deleted.update(m.group(2).decode("ascii") for m in _PMID.finditer(block))
        chunks = split_articles(data, str(path))
        if not chunks:
            if not _DELETE_CITATION.search(data):
                log.info("skipping %s: PubmedArticleSet without articles", path)
            continue
        for chunk in chunks:
            pmid_match = _PMID.search(chunk)
            if pmid_match is None:
                log.warning("%s: article without a PMID skipped", path)
                continue
            article = PubmedArticle(
                pmid=pmid_match.group(2).decode("ascii"),
                chunk=chunk,
                file=path.name,
                has_version=bool(pmid_match.group(1) and b"Version" in pmid_match.group(1)),
                date_revised=_ymd(_DATE_REVISED.search(chunk)),
                pub_date=_pub_date(chunk),
                entrez_date=_ymd(_ENTREZ.search(chunk)),
            )
            old = articles.get(article.pmid)
            if old is None or article.revision_key > old.revision_key:
                if old is not None:
                    log.info("PMID %s: %s replaces the older revision in %s",
                             article.pmid, article.file, old.file)
                articles[article.pmid] = article
    for pmid in deleted & set(articles):
        log.info("PMID %s: deleted (DeleteCitation) wins over its article in %s", pmid,
                 articles.pop(pmid).file)
    return articles, deleted


def _load_json(path: Path) -> object | None:
    try:
        return json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as exc:
        log.warning("skipping %s: not valid JSON (%s)", path, exc)
        return None


def _load_europepmc(folder: Path) -> list[dict]:
    """Results from search responses and single-result files, de-duplicated by (source, id).

    The first appearance fixes the position (files in name order); a later duplicate replaces
    the content when its dateOfRevision is not older.
    """
    order: list[tuple[str, str]] = []
    results: dict[tuple[str, str], dict] = {}
    for path in sorted(folder.glob("*.json")):
        data = _load_json(path)
        if data is None:
            continue
        if isinstance(data, dict) and isinstance(data.get("resultList"), dict):
            items = data["resultList"].get("result") or []
        elif isinstance(data, dict) and "id" in data and "source" in data:
            items = [data]
        else:
            log.info("skipping %s: neither a Europe PMC search response nor a result", path)
            continue
        for item in items:
            if not isinstance(item, dict) or "id" not in item or "source" not in item:
                log.warning("%s: result without source/id skipped", path)
                continue
            key = (str(item["source"]), str(item["id"]))
            old = results.get(key)
            if old is None:
                order.append(key)
                results[key] = item
            elif (item.get("dateOfRevision") or "") >= (old.get("dateOfRevision") or ""):
                results[key] = item
    return [results[key] for key in order]


def nct_id(study: dict) -> str | None:
    try:
        value = study["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        return None
    return value if isinstance(value, str) else None


def _load_clinicaltrials(folder: Path) -> dict[str, dict]:
    """Studies by NCT id from single study files and list responses; a later file name wins."""
    studies: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        data = _load_json(path)
        if data is None:
            continue
        if isinstance(data, dict) and isinstance(data.get("studies"), list):
            items = data["studies"]
        elif isinstance(data, dict) and "protocolSection" in data:
            items = [data]
        else:
            log.info("skipping %s: neither a v2 study nor a v2 list response", path)
            continue
        for study in items:
            nct = nct_id(study) if isinstance(study, dict) else None
            if nct is None:
                log.warning("%s: study without protocolSection.identificationModule.nctId", path)
                continue
            studies[nct] = study
    return dict(sorted(studies.items()))


def europepmc_doc(result: dict[str, Any]) -> Doc:
    """A Europe PMC result as the search sees it."""
    doc = Doc(dates={
        "FIRST_PDATE": result.get("firstPublicationDate"),
        "FIRST_IDATE": result.get("firstIndexDate"),
        "CREATION_DATE": result.get("dateOfCreation"),
        # no result field says when Europe PMC last updated a record: its revision date, else
        # when it was first indexed or created
        "UPDATE_DATE": result.get("dateOfRevision") or result.get("firstIndexDate")
        or result.get("dateOfCreation"),
        "INDEX_DATE": result.get("firstIndexDate"),
        "E_PDATE": result.get("electronicPublicationDate"),
        "P_PDATE": result.get("printPublicationDate"),
        "PUB_YEAR": str(result.get("pubYear") or "") or None,
    })
    doc.dates = {k: str(v) for k, v in doc.dates.items() if v}
    doc.add("title", _text(result.get("title")))
    doc.add("abstract", _text(result.get("abstractText")))
    doc.add("keywords", *_strings((result.get("keywordList") or {}).get("keyword")))
    doc.add("mesh", *[_text(h.get("descriptorName")) for h in _dicts(
        (result.get("meshHeadingList") or {}).get("meshHeading"))])
    doc.add("authors", _text(result.get("authorString")))
    journal = ((result.get("journalInfo") or {}).get("journal") or {})
    doc.add("journal", _text(journal.get("title")), _text(journal.get("isoabbreviation")))
    for name in ("source", "id", "pmid", "pmcid", "doi", "language"):
        doc.add(name, _text(result.get(name)))
    doc.add("pubtype", *_strings((result.get("pubTypeList") or {}).get("pubType")))
    return doc


def clinicaltrials_doc(study: dict[str, Any]) -> Doc:
    """A ClinicalTrials.gov v2 study as the Essie query areas see it."""
    protocol = study.get("protocolSection") or {}
    derived = study.get("derivedSection") or {}
    ident = protocol.get("identificationModule") or {}
    conditions = protocol.get("conditionsModule") or {}
    arms = protocol.get("armsInterventionsModule") or {}
    doc = Doc()
    doc.add("titles", _text(ident.get("briefTitle")), _text(ident.get("officialTitle")),
            _text(ident.get("acronym")))
    doc.add("conditions", *_strings(conditions.get("conditions")))
    doc.add("keywords", *_strings(conditions.get("keywords")))
    for name, module in (("condition_mesh", "conditionBrowseModule"),
                         ("intervention_mesh", "interventionBrowseModule")):
        browse = derived.get(module) or {}
        doc.add(name, *[_text(m.get("term")) for m in _dicts(browse.get("meshes"))
                        + _dicts(browse.get("ancestors"))])
    for intervention in _dicts(arms.get("interventions")):
        doc.add("interventions", _text(intervention.get("name")),
                _text(intervention.get("description")),
                *_strings(intervention.get("otherNames")))
    for arm in _dicts(arms.get("armGroups")):
        doc.add("interventions", *_strings(arm.get("interventionNames")))
    outcomes = protocol.get("outcomesModule") or {}
    for kind in ("primaryOutcomes", "secondaryOutcomes"):
        doc.add("outcomes", *[_text(o.get("measure")) for o in _dicts(outcomes.get(kind))])
    sponsors = protocol.get("sponsorCollaboratorsModule") or {}
    doc.add("sponsors", _text((sponsors.get("leadSponsor") or {}).get("name")),
            *[_text(c.get("name")) for c in _dicts(sponsors.get("collaborators"))])
    description = protocol.get("descriptionModule") or {}
    doc.add("descriptions", _text(description.get("briefSummary")),
            _text(description.get("detailedDescription")))
    doc.add("ids", _text(ident.get("nctId")),
            _text((ident.get("orgStudyIdInfo") or {}).get("id")),
            *[_text(i.get("id")) for i in _dicts(ident.get("secondaryIdInfos"))])
    return doc


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _strings(value: Any) -> list[str]:
    return [_text(v) for v in value] if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


@dataclass
class Corpus:
    """Everything the replay server serves, indexed once at start-up."""

    root: Path
    pubmed: dict[str, PubmedArticle]
    europepmc: list[dict]
    clinicaltrials: dict[str, dict]
    pubmed_deleted: set[str] = field(default_factory=set)  # PMIDs of DeleteCitation elements
    _pmids: list[str] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, root: str | Path) -> Corpus:
        root = Path(root)
        if not root.is_dir():
            raise ValueError(f"corpus folder {root} does not exist")
        pubmed: dict[str, PubmedArticle] = {}
        deleted: set[str] = set()
        if (root / "pubmed").is_dir():
            pubmed, deleted = _load_pubmed(root / "pubmed")
        else:
            log.info("corpus %s has no pubmed folder", root)
        parts: dict[str, Any] = {}
        for name, loader in (("europepmc", _load_europepmc),
                             ("clinicaltrials", _load_clinicaltrials)):
            folder = root / name
            if folder.is_dir():
                parts[name] = loader(folder)
            else:
                log.info("corpus %s has no %s folder", root, name)
                parts[name] = {} if name != "europepmc" else []
        corpus = cls(root=root, pubmed=pubmed, pubmed_deleted=deleted, **parts)
        log.info("corpus %s: %d PubMed articles (%d deleted), %d Europe PMC results, %d studies",
                 root, len(corpus.pubmed), len(deleted), len(corpus.europepmc),
                 len(corpus.clinicaltrials))
        return corpus

    def pmids(self) -> list[str]:
        """Every PMID, deleted ones too, newest first (PMID descending, like PubMed's default
        sort)."""
        if self._pmids is None:
            self._pmids = sorted(set(self.pubmed) | self.pubmed_deleted, key=int, reverse=True)
        return self._pmids
