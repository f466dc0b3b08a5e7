"""Pages a researcher can read, with Datasette's own mechanisms:

- ``render_cell``: labels instead of slugs and JSON arrays (``db/labels.yaml``), PubMed / PMC /
  DOI / ClinicalTrials.gov ids as links, and ``study_id`` in query results as a link to the
  study's page.
- ``prepare_jinja2_environment``: ``label(facet, slug)`` for templates (facets, cell pages), and
  ``column_header(name)``: the header a column shows on table and query pages
  (``db/templates/_table.html``, ``query.html``; CSV and JSON keep the column names).
- ``prepare_connection``: ``stemspine_label(facet, slug)`` in SQL (the Atom feed's entries).
- ``extra_template_vars``: "data as of" (the last ok crawl of each source) on every page.
- ``asgi_wrapper``: the studies table opens with a readable set of columns (``?_col=...``) when
  the request names none; every column stays one click away (``_nocol=abstract``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

import markupsafe
from datasette import hookimpl
from datasette.utils import tilde_encode

from db.labels import column_header, column_label, json_list, label, sql_label

DEFAULT_COLUMNS = ("title", "year", "design", "evidence_level", "sample_size", "cell_types",
                   "conditions", "result")
ID_LINKS = {
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/",
    "doi": "https://doi.org/{}",
    "nct_id": "https://clinicaltrials.gov/study/{}",
}
STUDY_TABLES = ("studies",)
PLAIN_ARRAYS = ("authors", "sources", "publication_types")


def _link(url: str, text: str) -> markupsafe.Markup:
    return markupsafe.Markup('<a href="{}">{}</a>').format(url, text)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if value in (None, ""):
        return None
    if column in ID_LINKS and isinstance(value, str):
        return _link(ID_LINKS[column].format(value), value)
    if column == "study_id" and table not in STUDY_TABLES and isinstance(value, str):
        return _link(datasette.urls.row(database, "studies", tilde_encode(value)), value)
    if column == "result" and table not in STUDY_TABLES and table is not None:
        return None  # other tables' result columns are not study results
    readable = column_label(column, value)
    if readable is not None:
        return readable
    if column in PLAIN_ARRAYS:
        items = json_list(value)
        if items is not None:
            return ", ".join(items)
    return None


def by_value(results: list[dict[str, Any]], descending: bool = False) -> list[dict[str, Any]]:
    """Facet results in value order (levels 1-5, years newest first); empty values last."""
    present = [item for item in results if item.get("value") not in (None, "")]
    empty = [item for item in results if item.get("value") in (None, "")]
    try:
        ordered = sorted(present, key=lambda item: float(item["value"]), reverse=descending)
    except (TypeError, ValueError):
        ordered = sorted(present, key=lambda item: str(item["value"]), reverse=descending)
    return ordered + empty


@hookimpl
def prepare_jinja2_environment(env):
    env.globals["label"] = label
    env.globals["column_header"] = column_header
    env.filters["by_value"] = by_value


@hookimpl
def prepare_connection(conn):
    conn.create_function("stemspine_label", 2, sql_label, deterministic=True)


async def data_as_of(datasette) -> list[dict[str, Any]]:
    """The last ok crawl of each source, in the first database that has crawl runs."""
    for name, db in datasette.databases.items():
        if name.startswith("_") or not await db.table_exists("crawl_runs"):
            continue
        rows = await db.execute(
            "select source, max(coalesce(finished, started)) as finished from crawl_runs "
            "where status = 'ok' group by source order by source")
        return [{"source": row["source"], "finished": (row["finished"] or "")[:10]}
                for row in rows.rows]
    return []


@hookimpl
def extra_template_vars(datasette):
    async def inner() -> dict[str, Any]:
        names = [name for name in datasette.databases if not name.startswith("_")]
        download = (datasette.urls.path(f"/{names[0]}.db")
                    if names and datasette.setting("allow_download") else None)
        return {"stemspine_data_as_of": await data_as_of(datasette),
                "stemspine_download_url": download}

    return inner


def _default_columns_location(scope) -> str | None:
    """For ``/<db>/studies`` (HTML) without _col / _nocol: the same URL with the default
    columns; otherwise None."""
    if scope.get("type") != "http" or scope.get("method") != "GET":
        return None
    parts = scope.get("path", "").strip("/").split("/")
    if len(parts) != 2 or parts[1] not in STUDY_TABLES:
        return None
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if any(key in ("_col", "_nocol") for key, _ in query):
        return None
    query += [("_col", column) for column in DEFAULT_COLUMNS]
    root = scope.get("root_path", "")
    return f"{root}{scope['path']}?{urlencode(query)}"


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def default_columns(scope, receive, send):
            location = _default_columns_location(scope)
            if location is None:
                await app(scope, receive, send)
                return
            await send({"type": "http.response.start", "status": 302,
                        "headers": [[b"location", location.encode("latin-1")],
                                    [b"content-type", b"text/plain; charset=utf-8"]]})
            await send({"type": "http.response.body", "body": b""})

        return default_columns

    return wrap
