"""Keyset paging that never repeats or skips a row (issue 10: a CSV stream gave 82 rows for 74
studies).

Datasette 0.65 orders the *first* page of a sorted table by the sort column alone
(``order by year desc``) and every later page by the sort column and the primary key
(``order by year desc, study_id``), whose ``_next`` token carries the last row's sort value and
key. Rows that share a sort value (many studies share a year; NULLs) are then cut at a different
place than the token assumes, so a walk repeats some and skips others. Datasette's own ``_next``
handling of NULL sort values is right; only the first page lacks the tie-breaker.

The fix, with Datasette's own mechanism: a table request that is sorted (by ``_sort``,
``_sort_desc`` or the table's metadata) and has no ``_next`` gets a *start* token, which makes
Datasette build the first page like every other page, with the key as tie-breaker:
``$null,<lowest key>`` for an ascending sort (NULLs sort first) and ``<highest value>,<lowest key>``
for a descending one. The token selects every row, so counts, facets and filters are unchanged;
sort links drop it (Datasette removes ``_next`` from them).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode

HIGHEST = "\U0010ffff"  # above any number (numbers sort before text) and any real text
LOWEST_NUMBER = str(-(2**63))


async def start_token(datasette, database: str, table: str, query: dict[str, str]
                      ) -> str | None:
    """The first-page ``_next`` token for this table request, or None when none is needed."""
    if "_next" in query or database not in datasette.databases:
        return None
    db = datasette.get_database(database)
    if not await db.table_exists(table):
        return None  # a view, a canned query or nothing: left to Datasette
    metadata = datasette.table_metadata(database, table) or {}
    ascending = query.get("_sort") or (None if query.get("_sort_desc") else metadata.get("sort"))
    descending = query.get("_sort_desc") or (None if query.get("_sort") else
                                            metadata.get("sort_desc"))
    column = ascending or descending
    if not column:
        return None
    pks = await db.primary_keys(table)
    if pks == [column]:
        return None  # sorted by the key itself: no ties
    types = {detail.name: (detail.type or "").upper()
             for detail in await db.table_column_details(table)}
    keys = pks or ["rowid"]
    lowest = [LOWEST_NUMBER if key == "rowid" or "INT" in types.get(key, "")
              or "REAL" in types.get(key, "") else "" for key in keys]
    first = "$null" if ascending else tilde_encode(HIGHEST)
    return ",".join([first, *(tilde_encode(value) for value in lowest)])


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def start_paging(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method") in ("GET", "HEAD"):
                parts = unquote(scope.get("path", "")).strip("/").split("/")
                if len(parts) == 2 and not parts[1].endswith((".csv", ".ris", ".bib", ".atom")):
                    table = parts[1].removesuffix(".json")
                    query_string = scope.get("query_string", b"").decode("latin-1")
                    query = dict(parse_qsl(query_string, keep_blank_values=True))
                    token = await start_token(datasette, parts[0], table, query)
                    if token is not None:
                        extra = urlencode({"_next": token})
                        query_string = f"{query_string}&{extra}" if query_string else extra
                        scope = dict(scope, query_string=query_string.encode("latin-1"))
            await app(scope, receive, send)

        return start_paging

    return wrap
