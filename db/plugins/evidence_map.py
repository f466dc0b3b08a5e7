"""The evidence map (/evidence-map, .json) and one page per cell
(/evidence-map/<cell_type>/<condition>, .json, .csv, .ris).

Both read the aggregate tables written at build time (``db/evidence_map_table.py``:
``evidence_map_cells``, ``evidence_map_rules``): no request scans the studies to aggregate. A cell
page lists exactly the studies its counts came from (the ids stored in its row), the trials
still running or ended without a report, and the verdict with the rule that gave it.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import Response

from db.labels import label
from db.plugins.exports import RIS_CONTENT_TYPE, to_ris
from evidence.evidence_map import LEVEL_LABELS, LEVELS, RESULTS, effective_level

PREFERRED_DATABASE = "stemspine"
CELLS_TABLE = "evidence_map_cells"
RULES_TABLE = "evidence_map_rules"
ID_LISTS = ("study_ids", "trials", "registration_ids", "ongoing_ids", "unpublished_ids",
            "retracted_ids", "not_counted_ids", "rct_results", "controlled_results",
            "uncontrolled_results", "review_results")
STUDY_ID_LISTS = ID_LISTS[:7]  # the lists of study ids (the rest are counts by result)
RECENT_LIMIT = 8
CELL_PAGE_TRIALS = 100  # counted trials per cell page (the lists are paged: ?page=2)
CELL_LIST_LIMIT = 100  # registrations and left-out studies shown on a cell page
CELL_COLUMNS = ("study_id", "kind", "title", "year", "design", "evidence_level", "population",
                "sample_size",
                "result", "followup_months", "status", "retracted", "pmid", "doi", "nct_id",
                "journal", "authors", "first_author", "abstract")
CSV_COLUMNS = ("study_id", "group", "trial", "title", "year", "design", "evidence_level",
               "sample_size", "result", "result_sentence", "followup_months", "status", "pmid",
               "doi", "nct_id")


def find_database(datasette) -> str | None:
    """The stemspine database: named so, or else the first database that is not internal."""
    names = [name for name in datasette.databases if not name.startswith("_")]
    if PREFERRED_DATABASE in names:
        return PREFERRED_DATABASE
    return names[0] if names else None


def cell_url(datasette, cell_type: str, condition: str, extension: str = "") -> str:
    return datasette.urls.path(
        f"/evidence-map/{tilde_encode(cell_type)}/{tilde_encode(condition)}{extension}")


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    cell = dict(row)
    for name in ID_LISTS:
        if name in cell:
            cell[name] = json.loads(cell[name] or ("{}" if name.endswith("_results") else "[]"))
    cell["levels"] = {level: cell.get(f"level_{level}") or 0 for level in LEVELS}
    return cell


async def _not_built(datasette, request, database: str | None, as_json: bool):
    if database is None:
        message = "No stemspine database with a studies table is being served."
    else:
        message = (f"The evidence map of {database} is not built yet: run `stemspine tag` "
                   f"(or a crawl) to build it.")
    if as_json:
        return Response.json({"ok": False, "error": message}, status=404)
    return Response.html(await datasette.render_template(
        "error.html", {"ok": False, "error": message, "title": "Not found", "status": 404},
        request=request), status=404)


async def _ready(datasette, request) -> str | None:
    database = find_database(datasette)
    if database is None or not await datasette.get_database(database).table_exists(CELLS_TABLE):
        return None
    await datasette.ensure_permissions(
        request.actor, [("view-database", database), "view-instance"])
    return database


async def load_cells(datasette, database: str) -> list[dict[str, Any]]:
    """Every cell's counts and verdict, without the study ids (at a million studies those are
    megabytes; each cell's page and JSON have them)."""
    db = datasette.get_database(database)
    columns = ", ".join(f"[{column}]" for column in await db.table_columns(CELLS_TABLE)
                        if column not in STUDY_ID_LISTS)
    rows = (await db.execute(f"select {columns} from {CELLS_TABLE} order by position")).rows
    cells = []
    for row in rows:
        cell = _decode(dict(row))
        cell["url"] = cell_url(datasette, cell["cell_type"], cell["condition"])
        cells.append(cell)
    return cells


async def load_rules(datasette, database: str) -> list[dict[str, Any]]:
    db = datasette.get_database(database)
    if not await db.table_exists(RULES_TABLE):
        return []
    return [dict(row) for row in (await db.execute(
        f"select * from {RULES_TABLE} order by position")).rows]


def _grid(cells: list[dict[str, Any]], show_all: bool) -> dict[str, Any]:
    """Rows and columns for the template; empty rows and columns fold unless show_all."""
    cell_types = list(dict.fromkeys(cell["cell_type"] for cell in cells))
    conditions = list(dict.fromkeys(cell["condition"] for cell in cells))
    by_key = {(cell["cell_type"], cell["condition"]): cell for cell in cells}
    rows = [ct for ct in cell_types
            if show_all or any(by_key[(ct, co)]["has_studies"] for co in conditions)]
    columns = [co for co in conditions
               if show_all or any(by_key[(ct, co)]["has_studies"] for ct in cell_types)]
    return {
        "columns": [{"slug": co, "label": label("condition", co)} for co in columns],
        "rows": [{"slug": ct, "label": label("cell_type", ct),
                  "cells": [by_key[(ct, co)] for co in columns]} for ct in rows],
        "hidden_rows": [label("cell_type", ct) for ct in cell_types if ct not in rows],
        "hidden_columns": [label("condition", co) for co in conditions if co not in columns],
    }


def _rule_context(rules: list[dict[str, Any]]) -> dict[str, Any]:
    thresholds = json.loads(rules[0]["thresholds"]) if rules else {}
    return {"rules": rules, "thresholds": thresholds}


async def evidence_map_view(datasette, request):
    as_json = request.url_vars.get("format") == ".json"
    database = await _ready(datasette, request)
    if database is None:
        return await _not_built(datasette, request, find_database(datasette), as_json)
    cells = await load_cells(datasette, database)
    rules = await load_rules(datasette, database)
    if as_json:
        return Response.json({"database": database, **_rule_context(rules), "cells": cells})
    db = datasette.get_database(database)
    recent = [dict(row) for row in (await db.execute(
        "select study_id, kind, title, year, design, evidence_level, first_seen from studies "
        "order by first_seen desc, study_id limit :limit", {"limit": RECENT_LIMIT})).rows]
    show_all = request.args.get("all") == "1"
    context = {
        "database": database,
        "levels": [(level, LEVEL_LABELS[level]) for level in LEVELS],
        "show_all": show_all,
        "recent": recent,
        "studies_table_url": datasette.urls.table(database, "studies"),
        "claims_url": datasette.urls.path("/claims"),
        "row_url": lambda study_id: datasette.urls.row(database, "studies",
                                                       tilde_encode(str(study_id))),
        **_rule_context(rules),
        **_grid(cells, show_all),
    }
    return Response.html(await datasette.render_template("evidence_map.html", context,
                                                         request=request))


async def _cell_studies(db, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Study rows by id (with the sentence behind the result), for the ids of one cell."""
    if not ids:
        return {}
    available = set(await db.table_columns("studies"))
    columns = ", ".join(c if c in available else f"null as {c}" for c in CELL_COLUMNS)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in (await db.execute(
                f"select {columns} from studies where study_id in ({marks})", chunk)).rows:
            found[row["study_id"]] = dict(row, result_sentence=None, result_field=None)
        for row in (await db.execute(
                "select study_id, field, matched_text from study_tags where facet = 'result' "
                f"and study_id in ({marks}) order by id", chunk)).rows:
            study = found.get(row["study_id"])
            if study is not None and study["result_sentence"] is None:
                study["result_sentence"] = row["matched_text"]
                study["result_field"] = row["field"]
    return found


async def _cell_row(db, cell_type: str, condition: str, page: int | None
                    ) -> dict[str, Any] | None:
    """The cell's row, decoded, with ``sizes`` (the length of each study-id list). With ``page``
    its lists hold only what that page shows (``CELL_PAGE_TRIALS`` trials from the page's first,
    ``CELL_LIST_LIMIT`` of the others), sliced by SQLite's JSON functions: a cell of a million
    studies keeps megabytes of ids that Python would otherwise decode on every page."""
    key = [cell_type, condition]
    if page is None:
        row = (await db.execute(f"select * from {CELLS_TABLE} where cell_type = ? and "
                                "condition = ?", key)).first()
        if row is None:
            return None
        cell = _decode(dict(row))
        cell["sizes"] = {name: len(cell[name]) for name in STUDY_ID_LISTS}
        return cell
    size_sql = ", ".join(f"coalesce(json_array_length([{name}]), 0) as [{name}]"
                         for name in STUDY_ID_LISTS)
    sizes = (await db.execute(f"select {size_sql} from {CELLS_TABLE} where cell_type = ? and "
                              "condition = ?", key)).first()
    if sizes is None:
        return None
    pages = max(1, -(-sizes["trials"] // CELL_PAGE_TRIALS))
    page = min(max(page, 1), pages)
    first = (page - 1) * CELL_PAGE_TRIALS
    # json_extract with many paths parses each list once and gives the items as one array
    columns = [f"[{c}]" for c in await db.table_columns(CELLS_TABLE) if c not in STUDY_ID_LISTS]
    for name in STUDY_ID_LISTS[1:]:  # (study_ids: the trials' reports)
        start = first if name == "trials" else 0
        stop = start + (CELL_PAGE_TRIALS if name == "trials" else CELL_LIST_LIMIT)
        paths = ", ".join(f"'$[{index}]'" for index in range(start, stop))
        columns.append(f"json_extract([{name}], {paths}) as [{name}]")
    row = (await db.execute(f"select {', '.join(columns)} from {CELLS_TABLE} where "
                            "cell_type = ? and condition = ?", key)).first()
    cell = _decode(dict(row))  # the slices are JSON arrays, padded with nulls past the end
    for name in STUDY_ID_LISTS[1:]:
        cell[name] = [item for item in cell[name] if item is not None]
    cell["sizes"] = {name: sizes[name] for name in STUDY_ID_LISTS}
    cell["paging"] = {"page": page, "pages": pages, "first": first + 1,
                      "last": first + len(cell["trials"]), "trials": sizes["trials"],
                      "list_limit": CELL_LIST_LIMIT}
    return cell


async def load_cell(datasette, database: str, cell_type: str, condition: str,
                    page: int | None = None) -> dict[str, Any] | None:
    """One cell with its studies: all of them, or with ``page`` the counted trials of that page
    (``CELL_PAGE_TRIALS`` per page, in level order as stored) and the first
    ``CELL_LIST_LIMIT`` of each other list, so that a page reads what it shows at any size."""
    db = datasette.get_database(database)
    cell = await _cell_row(db, cell_type, condition, page)
    if cell is None:
        return None
    trials, lists = cell["trials"], {name: cell[name] for name in (
        "registration_ids", "ongoing_ids", "unpublished_ids", "retracted_ids", "not_counted_ids")}
    first = cell["paging"]["first"] - 1 if page is not None else 0
    ids = [*(study for trial in trials for study in trial), *lists["registration_ids"],
           *lists["ongoing_ids"], *lists["unpublished_ids"], *lists["retracted_ids"],
           *lists["not_counted_ids"]]
    studies = await _cell_studies(db, list(dict.fromkeys(ids)))

    def url(study_id: str) -> str:
        return datasette.urls.row(database, "studies", tilde_encode(study_id))

    def entries(study_ids: list[str], group: str, trial: int | None = None
                ) -> list[dict[str, Any]]:
        out = []
        for study_id in study_ids:
            study = studies.get(study_id, {"study_id": study_id})
            out.append({**study, "url": url(study_id), "group": group, "trial": trial})
        return out

    by_level: dict[int, list[dict[str, Any]]] = {level: [] for level in LEVELS}
    for number, trial in enumerate(trials, first + 1):
        reports = entries(trial, "counted", number)
        level = min((effective_level(r) or 5) for r in reports)
        by_level[level].append({"number": number, "reports": reports})
    ongoing, unpublished = set(lists["ongoing_ids"]), set(lists["unpublished_ids"])
    registrations = entries(list(dict.fromkeys(
        [*lists["registration_ids"], *lists["ongoing_ids"], *lists["unpublished_ids"]])),
        "registration")
    cell.update(
        cell_type_label=label("cell_type", cell_type),
        condition_label=label("condition", condition),
        trials_by_level=[(level, LEVEL_LABELS[level], by_level[level]) for level in LEVELS],
        ongoing=[r for r in registrations if r["study_id"] in ongoing],
        unpublished=[r for r in registrations if r["study_id"] in unpublished],
        other_registrations=[r for r in registrations
                             if r["study_id"] not in ongoing | unpublished],
        retracted_studies=entries(lists["retracted_ids"], "retracted"),
        not_counted_studies=entries(lists["not_counted_ids"], "not counted"),
    )
    return cell


def cell_export_rows(cell: dict[str, Any]) -> list[dict[str, Any]]:
    """Every study of the cell, counted trials first, then registrations and the left-out."""
    rows = []
    for _, _, trials in cell["trials_by_level"]:
        for trial in trials:
            rows += trial["reports"]
    rows += cell["ongoing"] + cell["unpublished"] + cell["other_registrations"]
    rows += cell["retracted_studies"] + cell["not_counted_studies"]
    return rows


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: row.get(key) for key in CSV_COLUMNS})
    return buffer.getvalue()


async def evidence_cell_view(datasette, request):
    extension = request.url_vars.get("format") or ""
    database = await _ready(datasette, request)
    if database is None:
        return await _not_built(datasette, request, find_database(datasette),
                                extension == ".json")
    cell_type = request.url_vars["cell_type"]
    condition = request.url_vars["condition"]
    page = None
    if not extension:  # the HTML page shows a page of trials; exports have every study
        try:
            page = int(request.args.get("page") or 1)
        except ValueError:
            page = 1
    cell = await load_cell(datasette, database, tilde_decode(cell_type), tilde_decode(condition),
                           page)
    if cell is None:
        message = f"No evidence map cell {cell_type} x {condition}."
        if extension == ".json":
            return Response.json({"ok": False, "error": message}, status=404)
        return Response.html(await datasette.render_template(
            "error.html", {"ok": False, "error": message, "title": "Not found", "status": 404},
            request=request), status=404)
    name = f"evidence-map-{cell['cell_type']}-{cell['condition']}"
    if extension == ".json":
        return Response.json({"database": database, "cell": cell,
                              "studies": cell_export_rows(cell)}, default=str)
    if extension == ".csv":
        return Response(_csv(cell_export_rows(cell)), content_type="text/csv; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}.csv"'})
    if extension == ".ris":
        return Response(to_ris(cell_export_rows(cell)), content_type=RIS_CONTENT_TYPE,
                        headers={"content-disposition": f'attachment; filename="{name}.ris"'})
    rules = await load_rules(datasette, database)
    context = {
        "database": database, "cell": cell, **_rule_context(rules),
        "results": RESULTS, "map_url": datasette.urls.path("/evidence-map"),
        "export_urls": {ext: cell_url(datasette, cell["cell_type"], cell["condition"], f".{ext}")
                        for ext in ("csv", "ris", "json")},
    }
    return Response.html(await datasette.render_template("evidence_cell.html", context,
                                                         request=request))


@hookimpl
def register_routes():
    return [
        (r"^/evidence-map(?P<format>\.json)?$", evidence_map_view),
        (r"^/evidence-map/(?P<cell_type>[^/]+)/(?P<condition>[^/.]+)"
         r"(?P<format>\.json|\.csv|\.ris)?$", evidence_cell_view),
    ]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/evidence-map"), "label": "Evidence map"},
            {"href": datasette.urls.path("/claims"), "label": "Claims against evidence"}]
