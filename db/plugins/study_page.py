"""A study's row page (/stemspine/studies/<study_id>): its tags with the field and text behind
each, its trial and the trial's other reports, its links to other studies, and, for a
registration, the history of its changes.

Adds ``study_page`` to the row template's context; ``templates/row.html`` shows it.
"""

from __future__ import annotations

import json
from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_encode, urlsafe_components

from db.labels import column_label, json_list, label


def _display(value: Any) -> str:
    """JSON arrays read as comma-separated values; everything else as text."""
    if isinstance(value, str) and value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            return value
        if isinstance(items, list):
            return ", ".join(str(item) for item in items)
    return "" if value is None else str(value)


def _external_links(study: dict[str, Any]) -> list[tuple[str, str]]:
    links = []
    if study.get("pmid"):
        links.append(("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{study['pmid']}/"))
    if study.get("pmcid"):
        links.append(("PMC", f"https://www.ncbi.nlm.nih.gov/pmc/articles/{study['pmcid']}/"))
    if study.get("nct_id"):
        links.append(("ClinicalTrials.gov", f"https://clinicaltrials.gov/study/{study['nct_id']}"))
    if study.get("doi"):
        links.append(("DOI", f"https://doi.org/{study['doi']}"))
    return links


async def study_page_data(datasette, database: str, study_id: str) -> dict[str, Any]:
    db = datasette.get_database(database)
    row = (await db.execute("select * from studies where study_id = ?", [study_id])).first()
    if row is None:
        return {}
    study = dict(row)
    descriptions = (datasette.table_metadata(database, "studies") or {}).get("columns") or {}
    fields = [{"name": name, "value": column_label(name, value) or _display(value),
               "description": descriptions.get(name, "")}
              for name, value in study.items()
              if name not in ("title",) and _display(value) not in ("", "[]")]
    tags = [dict(row) for row in (await db.execute(
        "select facet, value, field, matched_text, origin, note from study_tags "
        "where study_id = ? order by facet, value, field", [study_id])).rows]
    links = []
    for row in (await db.execute(
            "select l.relation, l.other_study_id, l.evidence, s.title as other_title, "
            "s.study_id is not null as other_exists "
            "from links l left join studies s on s.study_id = l.other_study_id "
            "where l.study_id = ? order by l.relation, l.other_study_id", [study_id])).rows:
        link = dict(row)
        link["url"] = _study_url(datasette, database, row["other_study_id"], row["other_exists"])
        links.append(link)
    trials = await _trials(datasette, database, study_id, study["kind"])
    history = []
    nct_id = study["nct_id"] or (study_id[4:] if study_id.startswith("nct:") else None)
    if study["kind"] == "registration" and nct_id:
        history = [dict(row) for row in (await db.execute(
            "select changed_at, field, old_value, new_value, source_updated, crawl_run_id "
            "from registration_history where nct_id = ? order by changed_at desc, id desc",
            [nct_id])).rows]
    return {"study_id": study_id, "kind": study["kind"], "nct_id": nct_id, "tags": tags,
            "links": links, "trials": trials, "history": history, "title": study.get("title"),
            "retracted": bool(study.get("retracted")), "fields": fields,
            "external_links": _external_links(study), "map_cells": _map_cells(datasette, study)}


def _map_cells(datasette, study: dict[str, Any]) -> list[dict[str, str]]:
    """The evidence map cells (cell type x condition pages) this study is counted in."""
    cells = []
    for cell_type in json_list(study.get("cell_types")) or []:
        for condition in json_list(study.get("conditions")) or []:
            cells.append({"label": f"{label('cell_type', cell_type)} for "
                                   f"{label('condition', condition).lower()}",
                          "url": datasette.urls.path(f"/evidence-map/{tilde_encode(cell_type)}/"
                                                     f"{tilde_encode(condition)}")})
    return cells


def _study_url(datasette, database: str, study_id: str, exists: Any) -> str | None:
    """The study's row page; for a trial whose registration is not stored, the registry's page."""
    if exists:
        return datasette.urls.row(database, "studies", tilde_encode(study_id))
    if study_id.startswith("nct:"):
        return f"https://clinicaltrials.gov/study/{study_id[4:]}"
    return None


async def _trials(datasette, database: str, study_id: str, kind: str) -> list[dict[str, Any]]:
    """The trial(s) a study reports (db/links.py: reports link to ``nct:X``, not to each other),
    each with its other reports."""
    db = datasette.get_database(database)
    if kind == "registration":
        trial_ids = [study_id]
    else:
        trial_ids = [row["other_study_id"] for row in (await db.execute(
            "select distinct other_study_id from links where study_id = ? "
            "and relation = 'registered_as' order by other_study_id", [study_id])).rows]
    trials = []
    for trial_id in trial_ids:
        registration = (await db.execute("select title from studies where study_id = ?",
                                         [trial_id])).first()
        reports = [dict(row) for row in (await db.execute(
            "select l.study_id, s.title, s.year, s.design from links l "
            "join studies s on s.study_id = l.study_id "
            "where l.other_study_id = ? and l.relation = 'registered_as' and l.study_id != ? "
            "order by s.year, l.study_id", [trial_id, study_id])).rows]
        for report in reports:
            report["url"] = _study_url(datasette, database, report["study_id"], True)
        trials.append({"id": trial_id, "registered": registration is not None,
                       "title": registration["title"] if registration else None,
                       "url": _study_url(datasette, database, trial_id, registration),
                       "reports": reports})
    return trials


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table != "studies" or request is None:
        return {}

    async def inner() -> dict[str, Any]:
        pks = urlsafe_components(request.url_vars.get("pks", ""))
        if len(pks) != 1:
            return {}
        return {"study_page": await study_page_data(datasette, database, pks[0])}

    return inner
