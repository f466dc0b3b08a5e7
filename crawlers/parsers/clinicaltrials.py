"""ClinicalTrials.gov API v2 parser: ``/studies`` list pages and single study objects, bytes in,
records out.

Pure functions (json only; no Scrapy, no I/O). ``parse_studies`` never raises: a payload that is
not a v2 response (404 body, plain text, HTML, truncated JSON) is ``skipped`` with a reason, and a
study without ``protocolSection.identificationModule.nctId`` costs one ``ParseProblem``, not the
page. Partial studies from ``fields=`` projections parse with what is there (absent -> None / []).

Inputs read:
- a list response ``{"studies": [...], "nextPageToken": ..., "totalCount": ...}`` (``totalCount``
  only on the first page, and only with ``countTotal=true``);
- a single study ``{"protocolSection": ..., "derivedSection": ..., "hasResults": ...}``, which is
  what ``SourceRecord.raw`` holds, so ``parse_studies(record.raw.encode())`` gives it back.

The record: ``source`` "clinicaltrials", ``source_id`` = ``nct_id`` = the NCT id, ``kind``
"registration", ``raw`` = ``json.dumps(study, sort_keys=True, ensure_ascii=False)``; ``title`` is
the brief title (the official title if none); ``abstract`` is the brief summary and the detailed
description as sections labelled "Brief Summary" / "Detailed Description" joined as "LABEL: text"
paragraphs (whitespace collapsed, markdown backslash escapes removed); ``year`` is the start date's
year (else the first-posted year); ``pub_date`` the first-posted date; ``status`` the overall
status; ``revised`` the last-update-posted date; ``keywords`` the registry keywords; ``mesh`` the
derived condition and intervention MeSH terms ``{"descriptor", "major": False, "qualifiers": [],
"ui"}``; ``nct_ids`` the own id then other NCT ids among the secondary ids; ``authors`` [] and
``journal`` None. ``extra``: ``organization`` {"name", "class"}, ``version_holder`` (the API's data
version date) when given.

``registry`` keys (the tagger, the merge and the history read these names). Dates are ISO strings
as the registry gives them ("2026-12" stays year-month); absent values are None, absent lists [].
- ``official_title``, ``acronym``, ``org_study_id``: identification.
- ``secondary_ids``: [{"id", "type", "domain", "link"}] (type REGISTRY / NIH / OTHER / ...).
- ``conditions``, ``keywords``: lists of str as registered.
- ``interventions``: [{"type", "name", "description", "other_names"}] (type BIOLOGICAL / DRUG /
  PROCEDURE / DEVICE / ...).
- ``arm_groups``: [{"label", "type", "description", "interventions"}] (type EXPERIMENTAL /
  PLACEBO_COMPARATOR / SHAM_COMPARATOR / ...; interventions like "Biological: MSC").
- ``study_type``: INTERVENTIONAL / OBSERVATIONAL / EXPANDED_ACCESS.
- ``phases``: list such as ["PHASE1", "PHASE2"]; ["NA"] for device/procedure trials; [] if absent.
- ``allocation`` (RANDOMIZED / NON_RANDOMIZED / NA), ``intervention_model`` (SINGLE_GROUP /
  PARALLEL / CROSSOVER / FACTORIAL / SEQUENTIAL), ``observational_model`` (COHORT / CASE_CONTROL /
  CASE_ONLY / ...), ``time_perspective`` (PROSPECTIVE / RETROSPECTIVE / ...), ``primary_purpose``
  (TREATMENT / PREVENTION / ...), ``masking`` (NONE / SINGLE / DOUBLE / TRIPLE / QUADRUPLE),
  ``who_masked`` (list: PARTICIPANT / INVESTIGATOR / ...).
- ``enrollment`` (int or None; 0 is a real value for withdrawn studies), ``enrollment_type``
  (ACTUAL / ESTIMATED).
- ``overall_status``, ``last_known_status`` (for UNKNOWN), ``why_stopped``.
- ``start_date``, ``primary_completion_date``, ``completion_date``, ``first_posted``,
  ``last_update``: ISO dates as given.
- ``sponsor``: {"name", "class"} or None; ``collaborators``: [{"name", "class"}].
- ``officials``: [{"name", "affiliation", "role"}] (overall officials: principal investigators).
- ``countries``: sorted unique location countries.
- ``primary_outcomes``, ``secondary_outcomes``, ``other_outcomes``:
  [{"measure", "time_frame", "description"}].
- ``references``: [{"pmid", "type", "citation"}] (type RESULT / DERIVED / BACKGROUND);
  ``see_also_links``: [{"label", "url"}].
- ``has_results``: bool; None when the payload does not say (``fields=`` projections).
- ``eligibility_criteria`` (text as given), ``healthy_volunteers`` (bool or None), ``sex``
  (ALL / FEMALE / MALE), ``minimum_age`` / ``maximum_age`` ("18 Years"), ``std_ages`` (list).
- ``brief_summary``, ``detailed_description``: the texts as given (newlines kept).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from crawlers.items import ParseProblem, ParseResult, SourceRecord
from crawlers.parsers.json_values import (
    as_dict,
    as_dicts,
    as_int,
    as_iso_date,
    json_object,
    preview,
)

__all__ = ["StudiesPage", "parse_studies", "parse_study"]

NCT_RE = re.compile(r"\bNCT\d{8}\b")
_MARKDOWN_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~^=])")


@dataclass
class StudiesPage:
    """One v2 response: its records, the token of the next page, the total (first page only)."""

    result: ParseResult = field(default_factory=ParseResult)
    next_page_token: str | None = None
    total_count: int | None = None


# --------------------------------------------------------------------------------------------
# payloads


def parse_studies(data: bytes) -> StudiesPage:
    """A v2 ``/studies`` page or ``/studies/{nct}`` study -> StudiesPage; never raises."""
    try:
        return _parse_studies(data)
    except Exception as error:  # noqa: BLE001 - a parser bug must not lose the crawl's page
        return _skipped(f"unexpected {type(error).__name__} while parsing: {error}")


def _parse_studies(data: bytes) -> StudiesPage:
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _skipped("not UTF-8 text")
    stripped = text.strip()
    if not stripped:
        return _skipped("empty body")
    if stripped.startswith("<"):
        kind = "HTML page" if re.match(r"<(!doctype\s+html|html)", stripped, re.I) else "XML"
        return _skipped(f"{kind}, not a ClinicalTrials.gov v2 JSON response: {preview(stripped)}")
    payload, reason = json_object(stripped, "a ClinicalTrials.gov v2 response")
    if payload is None:
        return _skipped(reason or "unreadable")
    if "studies" in payload:
        studies = payload["studies"]
        if not isinstance(studies, list):
            return _skipped("'studies' is not a list")
        token = payload.get("nextPageToken")
        page = StudiesPage(
            next_page_token=str(token) if token else None,
            total_count=as_int(payload.get("totalCount")),
        )
        for position, study in enumerate(studies):
            _add_study(page.result, study, position)
        return page
    if "protocolSection" in payload:
        page = StudiesPage()
        _add_study(page.result, payload, 0)
        return page
    if "message" in payload or "error" in payload:
        message = payload.get("message") or payload.get("error")
        return _skipped(f"ClinicalTrials.gov error response: {preview(str(message), 200)}")
    keys = ", ".join(sorted(str(key) for key in payload)[:8])
    return _skipped(f"not a ClinicalTrials.gov v2 study or list response (keys: {keys})")


def _add_study(result: ParseResult, study: Any, position: int) -> None:
    try:
        result.records.append(parse_study(study))
    except Exception as error:  # noqa: BLE001 - one unreadable study costs one problem
        nct = None
        if isinstance(study, dict):
            ident = as_dict(as_dict(study.get("protocolSection")).get("identificationModule"))
            nct = _str(ident.get("nctId")).strip().upper() or None
        message = str(error) if isinstance(error, ValueError) else (
            f"unexpected {type(error).__name__}: {error}")
        result.problems.append(ParseProblem(message, position=position, source_id=nct))


def _skipped(reason: str) -> StudiesPage:
    return StudiesPage(result=ParseResult(skipped=reason))



# --------------------------------------------------------------------------------------------
# one study


def parse_study(study: dict[str, Any]) -> SourceRecord:
    """One v2 study object -> SourceRecord; ValueError when it has no NCT id."""
    if not isinstance(study, dict):
        raise ValueError(f"study is a {type(study).__name__}, not an object")
    protocol = as_dict(study.get("protocolSection"))
    ident = as_dict(protocol.get("identificationModule"))
    nct = _str(ident.get("nctId")).strip().upper()
    if not nct:
        raise ValueError("study has no protocolSection.identificationModule.nctId")
    status = as_dict(protocol.get("statusModule"))
    description = as_dict(protocol.get("descriptionModule"))
    conditions = as_dict(protocol.get("conditionsModule"))
    derived = as_dict(study.get("derivedSection"))

    registry = _registry(study, protocol)
    start = registry["start_date"]
    first_posted = registry["first_posted"]
    year_from = start or first_posted or _date(status.get("studyFirstSubmitDate"))
    record = SourceRecord(
        source="clinicaltrials",
        source_id=nct,
        kind="registration",
        raw=json.dumps(study, sort_keys=True, ensure_ascii=False),
        title=_flat(ident.get("briefTitle")) or _flat(ident.get("officialTitle")),
        year=int(year_from[:4]) if year_from else None,  # as_iso_date: four ASCII digits
        pub_date=first_posted or _date(status.get("studyFirstSubmitDate")),
        nct_id=nct,
        keywords=_strs(conditions.get("keywords")),
        status=_str(status.get("overallStatus")) or None,
        revised=registry["last_update"],
        registry=registry,
    )
    sections = [
        {"label": label, "category": "", "text": _abstract_text(description.get(key))}
        for label, key in (
            ("Brief Summary", "briefSummary"),
            ("Detailed Description", "detailedDescription"),
        )
    ]
    record.abstract_sections = [s for s in sections if s["text"]]
    record.abstract = "\n\n".join(f"{s['label']}: {s['text']}" for s in record.abstract_sections)
    record.mesh = _mesh(derived)
    others = {
        match
        for secondary in registry["secondary_ids"]
        for match in NCT_RE.findall((secondary["id"] or "").upper())
    }
    record.nct_ids = [nct, *sorted(others - {nct})]
    organization = as_dict(ident.get("organization"))
    if organization:
        record.extra["organization"] = {
            "name": _str(organization.get("fullName")) or None,
            "class": _str(organization.get("class")) or None,
        }
    version = _str(as_dict(derived.get("miscInfoModule")).get("versionHolder"))
    if version:
        record.extra["version_holder"] = version
    return record


def _registry(study: dict[str, Any], protocol: dict[str, Any]) -> dict[str, Any]:
    ident = as_dict(protocol.get("identificationModule"))
    status = as_dict(protocol.get("statusModule"))
    sponsors = as_dict(protocol.get("sponsorCollaboratorsModule"))
    description = as_dict(protocol.get("descriptionModule"))
    conditions = as_dict(protocol.get("conditionsModule"))
    design = as_dict(protocol.get("designModule"))
    design_info = as_dict(design.get("designInfo"))
    masking = as_dict(design_info.get("maskingInfo"))
    enrollment = as_dict(design.get("enrollmentInfo"))
    arms = as_dict(protocol.get("armsInterventionsModule"))
    outcomes = as_dict(protocol.get("outcomesModule"))
    eligibility = as_dict(protocol.get("eligibilityModule"))
    contacts = as_dict(protocol.get("contactsLocationsModule"))
    references = as_dict(protocol.get("referencesModule"))
    lead = as_dict(sponsors.get("leadSponsor"))
    has_results = study.get("hasResults")
    return {
        "official_title": _flat(ident.get("officialTitle")) or None,
        "acronym": _str(ident.get("acronym")).strip() or None,
        "org_study_id": _str(as_dict(ident.get("orgStudyIdInfo")).get("id")).strip() or None,
        "secondary_ids": [
            {
                "id": _str(s.get("id")).strip() or None,
                "type": _str(s.get("type")) or None,
                "domain": _str(s.get("domain")) or None,
                "link": _str(s.get("link")) or None,
            }
            for s in as_dicts(ident.get("secondaryIdInfos"))
        ],
        "conditions": _strs(conditions.get("conditions")),
        "keywords": _strs(conditions.get("keywords")),
        "interventions": [
            {
                "type": _str(i.get("type")) or None,
                "name": _flat(i.get("name")) or None,
                "description": _str(i.get("description")).strip() or None,
                "other_names": _strs(i.get("otherNames")),
            }
            for i in as_dicts(arms.get("interventions"))
        ],
        "arm_groups": [
            {
                "label": _flat(a.get("label")) or None,
                "type": _str(a.get("type")) or None,
                "description": _str(a.get("description")).strip() or None,
                "interventions": _strs(a.get("interventionNames")),
            }
            for a in as_dicts(arms.get("armGroups"))
        ],
        "study_type": _str(design.get("studyType")) or None,
        "phases": _strs(design.get("phases")),
        "allocation": _str(design_info.get("allocation")) or None,
        "intervention_model": _str(design_info.get("interventionModel")) or None,
        "observational_model": _str(design_info.get("observationalModel")) or None,
        "time_perspective": _str(design_info.get("timePerspective")) or None,
        "primary_purpose": _str(design_info.get("primaryPurpose")) or None,
        "masking": _str(masking.get("masking")) or None,
        "who_masked": _strs(masking.get("whoMasked")),
        "enrollment": as_int(enrollment.get("count")),
        "enrollment_type": _str(enrollment.get("type")) or None,
        "overall_status": _str(status.get("overallStatus")) or None,
        "last_known_status": _str(status.get("lastKnownStatus")) or None,
        "why_stopped": _flat(status.get("whyStopped")) or None,
        "start_date": _date_struct(status.get("startDateStruct")),
        "primary_completion_date": _date_struct(status.get("primaryCompletionDateStruct")),
        "completion_date": _date_struct(status.get("completionDateStruct")),
        "first_posted": _date_struct(status.get("studyFirstPostDateStruct")),
        "last_update": _date_struct(status.get("lastUpdatePostDateStruct")),
        "sponsor": _organisation(lead) if lead else None,
        "collaborators": [
            _organisation(c) for c in as_dicts(sponsors.get("collaborators"))
        ],
        "officials": [
            {
                "name": _str(o.get("name")) or None,
                "affiliation": _str(o.get("affiliation")) or None,
                "role": _str(o.get("role")) or None,
            }
            for o in as_dicts(contacts.get("overallOfficials"))
        ],
        "countries": sorted(
            {_str(loc.get("country")).strip() for loc in as_dicts(contacts.get("locations"))}
            - {""}
        ),
        "primary_outcomes": _outcomes(outcomes.get("primaryOutcomes")),
        "secondary_outcomes": _outcomes(outcomes.get("secondaryOutcomes")),
        "other_outcomes": _outcomes(outcomes.get("otherOutcomes")),
        "references": [
            {
                "pmid": _str(r.get("pmid")).strip() or None,
                "type": _str(r.get("type")) or None,
                "citation": _str(r.get("citation")).strip() or None,
            }
            for r in as_dicts(references.get("references"))
        ],
        "see_also_links": [
            {"label": _str(link.get("label")) or None, "url": _str(link.get("url")) or None}
            for link in as_dicts(references.get("seeAlsoLinks"))
        ],
        "has_results": has_results if isinstance(has_results, bool) else None,
        "eligibility_criteria": _str(eligibility.get("eligibilityCriteria")).strip() or None,
        "healthy_volunteers": eligibility.get("healthyVolunteers")
        if isinstance(eligibility.get("healthyVolunteers"), bool)
        else None,
        "sex": _str(eligibility.get("sex")) or None,
        "minimum_age": _str(eligibility.get("minimumAge")) or None,
        "maximum_age": _str(eligibility.get("maximumAge")) or None,
        "std_ages": _strs(eligibility.get("stdAges")),
        "brief_summary": _str(description.get("briefSummary")).strip() or None,
        "detailed_description": _str(description.get("detailedDescription")).strip() or None,
    }


def _organisation(value: dict[str, Any]) -> dict[str, str | None]:
    return {"name": _flat(value.get("name")) or None, "class": _str(value.get("class")) or None}


def _outcomes(value: Any) -> list[dict[str, str | None]]:
    return [
        {
            "measure": _flat(o.get("measure")) or None,
            "time_frame": _flat(o.get("timeFrame")) or None,
            "description": _str(o.get("description")).strip() or None,
        }
        for o in as_dicts(value)
    ]


def _mesh(derived: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None]] = set()
    for module in ("conditionBrowseModule", "interventionBrowseModule"):
        for mesh in as_dicts(as_dict(derived.get(module)).get("meshes")):
            term = _flat(mesh.get("term"))
            ui = _str(mesh.get("id")) or None
            if not term or (term, ui) in seen:
                continue
            seen.add((term, ui))
            out.append({"descriptor": term, "major": False, "qualifiers": [], "ui": ui})
    return out


# --------------------------------------------------------------------------------------------
# value helpers


def _abstract_text(value: Any) -> str:
    return _flat(_MARKDOWN_ESCAPE_RE.sub(r"\1", _str(value)))


def _date_struct(value: Any) -> str | None:
    return _date(as_dict(value).get("date"))


def _date(value: Any) -> str | None:
    """An ISO date as given ("2026-12" stays year-month); None for what is not one."""
    return as_iso_date(_str(value))


def _flat(value: Any) -> str:
    return " ".join(_str(value).split())


def _str(value: Any) -> str:
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return str(value)


def _strs(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if value is not None else []
    return [text for text in (_flat(item) for item in items) if text]



