"""/claims: the seed's claims against the evidence, readable. It runs the ``claims`` canned query
(the one SQL, in db/metadata.yaml: it counts trials, the reports of one trial once) and groups its
rows by claim, with every trial and its reports linked."""

from __future__ import annotations

import json
from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Response

from db.plugins.evidence_map import find_database

GROUPS = ("randomized", "non-randomized controlled", "uncontrolled")
RESULT_COLUMNS = ("benefit", "no_difference", "mixed", "harm", "safety_only", "not_reported")


async def claims_rows(datasette, database: str, actor) -> list[dict[str, Any]]:
    query = await datasette.get_canned_query(database, "claims", actor)
    if query is None:
        raise NotFound("The claims query is not configured for this database.")
    return [dict(row) for row in (await datasette.get_database(database).execute(
        query["sql"])).rows]


async def claims_view(datasette, request):
    database = find_database(datasette)
    if database is None:
        raise NotFound("No stemspine database is being served.")
    await datasette.ensure_permissions(
        request.actor, [("view-database", database), "view-instance"])
    rows = await claims_rows(datasette, database, request.actor)
    # each study listed with its title, year, participants and result, not a bare id
    every_id = sorted({study_id for row in rows
                       for study_id in (row.get("study_ids") or "").split()})
    found = await datasette.get_database(database).execute(
        "select study_id, title, year, sample_size, result from studies where study_id in "
        "(select value from json_each(:ids))", {"ids": json.dumps(every_id)})
    details = {row["study_id"]: dict(row) for row in found.rows}
    claims: dict[str, dict[str, Any]] = {}
    for row in rows:
        claim = claims.setdefault(row["claim"], {"claim": row["claim"], "groups": []})
        # each trial with its reports (the query's trial_study_ids: reports joined by "+",
        # the report that speaks for the trial first)
        row["trials_list"] = [
            [{"study_id": study_id, **details.get(study_id, {}),
              "url": datasette.urls.row(database, "studies", tilde_encode(study_id))}
             for study_id in trial.split("+")]
            for trial in sorted((row.get("trial_study_ids") or "").split())]
        claim["groups"].append(row)
    context = {"database": database, "claims": list(claims.values()),
               "result_columns": RESULT_COLUMNS,
               "query_url": datasette.urls.query(database, "claims"),
               "map_url": datasette.urls.path("/evidence-map")}
    return Response.html(await datasette.render_template("claims.html", context,
                                                         request=request))


@hookimpl
def register_routes():
    return [(r"^/claims$", claims_view)]
