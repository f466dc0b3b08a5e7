"""The /evidence-map page (HTML heat map) and /evidence-map.json.

Reads studies and links from the stemspine database, aggregates them with the pure
``evidence.evidence_map.build_map`` and renders ``evidence_map.html``. Thresholds come from the
plugin configuration ``plugins: stemspine-evidence-map: {min_rcts, min_randomized_participants}``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from evidence.evidence_map import (
    CELL_TYPE_LABELS,
    CONDITION_LABELS,
    LEVEL_LABELS,
    LEVELS,
    VERDICTS,
    EvidenceMap,
    EvidenceRules,
    build_map,
)

PLUGIN_NAME = "stemspine-evidence-map"
PREFERRED_DATABASE = "stemspine"
STUDY_COLUMNS = ("study_id", "kind", "cell_types", "conditions", "design", "evidence_level",
                 "population", "sample_size", "retracted", "status")
RECENT_LIMIT = 8


def find_database(datasette) -> str | None:
    """The stemspine database: named so, or else the first database that is not internal."""
    names = [name for name in datasette.databases if not name.startswith("_")]
    if PREFERRED_DATABASE in names:
        return PREFERRED_DATABASE
    return names[0] if names else None


def studies_url(datasette, database: str, cell_type: str, condition: str) -> str:
    query = urlencode([("_facet_array", "cell_types"), ("cell_types__arraycontains", cell_type),
                       ("conditions__arraycontains", condition)])
    return f"{datasette.urls.table(database, 'studies')}?{query}"


def map_json(datasette, database: str, evidence_map: EvidenceMap) -> dict[str, Any]:
    data = evidence_map.as_dict()
    data["database"] = database
    data["verdicts"] = list(VERDICTS)
    for cell in data["cells"]:
        cell["studies_url"] = studies_url(datasette, database, cell["cell_type"],
                                          cell["condition"])
    return data


async def load_map(datasette, database: str) -> tuple[EvidenceMap, list[dict[str, Any]]]:
    db = datasette.get_database(database)
    columns = ", ".join(STUDY_COLUMNS)
    studies = [dict(row) for row in (await db.execute(f"select {columns} from studies")).rows]
    links = [dict(row) for row in (await db.execute(
        "select study_id, other_study_id, relation from links "
        "where relation in ('same_trial', 'registered_as', 'registration_of')")).rows]
    recent = [dict(row) for row in (await db.execute(
        "select study_id, kind, title, year, design, evidence_level, first_seen from studies "
        "order by first_seen desc, study_id limit :limit", {"limit": RECENT_LIMIT})).rows]
    rules = EvidenceRules.from_config(datasette.plugin_config(PLUGIN_NAME))
    return build_map(studies, links, rules), recent


def _table_view(datasette, database: str, evidence_map: EvidenceMap, show_all: bool
                ) -> dict[str, Any]:
    """Rows and columns for the template; empty rows and columns are folded unless show_all."""
    cells = evidence_map.cells
    rows = [ct for ct in evidence_map.cell_types
            if show_all or any(cells[(ct, co)].has_studies for co in evidence_map.conditions)]
    columns = [co for co in evidence_map.conditions
               if show_all or any(cells[(ct, co)].has_studies for ct in evidence_map.cell_types)]
    return {
        "columns": [{"slug": co, "label": CONDITION_LABELS.get(co, co)} for co in columns],
        "rows": [
            {"slug": ct, "label": CELL_TYPE_LABELS.get(ct, ct),
             "cells": [{"cell": cells[(ct, co)],
                        "url": studies_url(datasette, database, ct, co)} for co in columns]}
            for ct in rows
        ],
        "hidden_rows": [CELL_TYPE_LABELS.get(ct, ct) for ct in evidence_map.cell_types
                        if ct not in rows],
        "hidden_columns": [CONDITION_LABELS.get(co, co) for co in evidence_map.conditions
                           if co not in columns],
    }


async def evidence_map_view(datasette, request):
    database = find_database(datasette)
    as_json = request.url_vars.get("format") == ".json"
    if database is None or not await datasette.get_database(database).table_exists("studies"):
        message = "No stemspine database with a studies table is being served."
        if as_json:
            return Response.json({"ok": False, "error": message}, status=404)
        return Response.html(await datasette.render_template(
            "error.html", {"ok": False, "error": message, "title": "Not found", "status": 404},
            request=request), status=404)
    await datasette.ensure_permissions(
        request.actor, [("view-database", database), "view-instance"])
    evidence_map, recent = await load_map(datasette, database)
    if as_json:
        return Response.json(map_json(datasette, database, evidence_map))
    show_all = request.args.get("all") == "1"
    context = {
        "database": database,
        "evidence_map": evidence_map,
        "rules": evidence_map.rules,
        "levels": [(level, LEVEL_LABELS[level]) for level in LEVELS],
        "verdicts": VERDICTS,
        "show_all": show_all,
        "recent": recent,
        "studies_table_url": datasette.urls.table(database, "studies"),
        "row_url": lambda study_id: datasette.urls.row(database, "studies",
                                                       tilde_encode(str(study_id))),
        **_table_view(datasette, database, evidence_map, show_all),
    }
    html = await datasette.render_template("evidence_map.html", context, request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/evidence-map(?P<format>\.json)?$", evidence_map_view)]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/evidence-map"), "label": "Evidence map"}]
