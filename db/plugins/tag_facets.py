"""Facets and facet filters of the studies table that stay fast at a million studies (issue 11).

Datasette's ``_facet_array`` reads and parses the JSON of every filtered row, once per facet:
13 s for the studies table at a million studies, and every array facet timed out. Here every
facet of the table (arrays and plain columns) is a ``tag`` facet (``register_facet_classes``):

- ``?_facet_tag=cell_types`` (or ``- tag: cell_types`` in the table's metadata) counts the
  studies of each value from the facet index (``db/facet_index.py``): one bitmap of study rowids
  per value, read from ``study_facets`` and kept in memory. The count of a value among the
  filtered studies is ``(filtered & value).bit_count()``: milliseconds for all facets together.
  The filtered studies are the intersection of the selected values' bitmaps when every filter
  is a facet selection (``?_tag_cell_types=msc``, ``?design=rct``,
  ``?cell_types__arraycontains=msc``); any other filter or a search is run as SQL once (within
  ``facet_time_limit_ms``) and its rowids become the bitmap.
- ``?_tag_cell_types=msc`` (``filters_from_request``) keeps the studies whose ``cell_types``
  contains ``msc``, through the index of ``study_facets`` (the same rows as
  ``cell_types__arraycontains=msc``, which scans the JSON of every row). Facet links use it.
- The table's search (``?_search=``) is answered by SQL of this plugin (``SEARCH_ARG``, see
  ``asgi_wrapper``): the studies it matches are read once from the full-text index into a
  bitmap, which counts the page and its facets; when they are many, the page walks the table's
  order and stops after one page instead of reading and sorting every match.

The bitmaps are read in a background thread when Datasette starts and again whenever the
studies change (``_study_facets_version``, bumped by triggers); until they are ready (a few
seconds at a million studies) facets are counted with SQL over ``study_facets``, within
``facet_time_limit_ms`` like any Datasette facet.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import threading
import urllib.parse
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.utils import path_with_added_args, path_with_removed_args

from db.facet_index import TABLE, VERSION_TABLE, FacetBitmaps, bitmap
from db.schema import FACET_COLUMNS
from db.search_index import fts_raw_query

FILTER_PREFIX = "_tag_"
LISTED_UP_TO = 1000  # a tag filter lists the rowids of up to this many studies (see below)
COUNT_KEY = "stemspine.row_count"  # the bitmaps' row count of a filtered studies page
SEARCH_ARG = "_fulltext"  # a studies page's ?_search=, renamed so that its SQL is this plugin's
SEARCH_KEY = "stemspine.search_rowids"  # the bitmap of the studies the search matches
TAG_TABLES = ("studies",)
ARRAY_COLUMNS = frozenset(FACET_COLUMNS.values())
# request arguments that neither filter nor search: they leave the facet counts alone
NOT_FILTERS = ("_next", "_size", "_sort", "_sort_desc", "_col", "_nocol", "_facet", "_shape",
               "_extra", "_labels", "_label", "_nocount", "_nofacet", "_nosuggest", "_json",
               "_trace", "_timelimit", "_stream", "_dl", "_open_facets", "_facet_size",
               "_searchmode", "_fts_table", "_fts_pk", "_ttl", "_context")
_LOADER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stemspine-facet-index")


# ------------------------------------------------------------------------------------------------
# the bitmaps of each served database, read in the background


class _Index:
    """One database's bitmaps (a plain class: Datasette loads plugin files without a module
    entry, which dataclasses need)."""

    def __init__(self, path: str, immutable: bool) -> None:
        self.path, self.immutable = path, immutable
        self.loaded: FacetBitmaps | None = None
        self.loading: Future | None = None
        self.lock = threading.Lock()

    def connect(self) -> sqlite3.Connection:
        mode = "immutable=1" if self.immutable else "mode=ro"
        return sqlite3.connect(f"file:{self.path}?{mode}", uri=True, isolation_level=None,
                               check_same_thread=False)

    def load(self) -> FacetBitmaps:
        conn = self.connect()
        try:
            return FacetBitmaps.load(conn)
        finally:
            conn.close()

    def current(self, wanted: int | None) -> FacetBitmaps | None:
        """The bitmaps at version ``wanted`` if they are read; else start reading them."""
        with self.lock:
            if self.loading is not None and self.loading.done():
                finished, self.loading = self.loading, None
                if not finished.cancelled() and finished.exception() is None:
                    self.loaded = finished.result()
            if self.loaded is not None and self.loaded.version == wanted:
                return self.loaded
            if self.loading is None:
                self.loading = _LOADER.submit(self.load)
            return None


_INDEXES: dict[tuple[int, str], _Index] = {}


async def facet_index(datasette, database: str, wait_ms: float = 0) -> FacetBitmaps | None:
    """The facet bitmaps of ``database`` as they are now, or None while they are being read
    (waiting up to ``wait_ms`` for them)."""
    db = datasette.get_database(database)
    if db.is_memory or not db.path:
        return None
    try:
        wanted = (await db.execute(f"select version from [{VERSION_TABLE}] where id = 1")
                  ).first()
    except Exception:  # no facet index in this database (an old file): SQL facets
        return None
    wanted_version = wanted[0] if wanted else None
    key = (id(datasette), database)
    index = _INDEXES.get(key)
    if index is None:
        index = _INDEXES[key] = _Index(str(db.path), not db.is_mutable)
    found = index.current(wanted_version)
    if found is None and wait_ms > 0 and index.loading is not None:
        try:
            await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(index.loading)),
                                   wait_ms / 1000)
        except TimeoutError:
            return None
        found = index.current(wanted_version)
    return found


@hookimpl
def startup(datasette):
    async def read_indexes() -> None:
        for name, db in datasette.databases.items():
            if not name.startswith("_") and await db.table_exists(TABLE):
                await facet_index(datasette, name)

    return read_indexes


# ------------------------------------------------------------------------------------------------
# what a request selects


def _column_filter(key: str) -> tuple[str, str]:
    column, _, lookup = key.rpartition("__") if "__" in key else (key, "", "exact")
    return column, lookup


def selections(args: list[tuple[str, str]], faceted: set[str], arrays: frozenset[str]
               ) -> tuple[list[tuple[str, str]], bool]:
    """The (column, value) facet selections of a request, and whether anything else filters
    it (a search, a range, ``_where``: then the facet bitmaps alone cannot say which rows)."""
    chosen, other = [], False
    for key, value in args:
        if key.startswith(FILTER_PREFIX):
            column = key[len(FILTER_PREFIX):]
            if column in faceted:
                chosen.append((column, value))
            else:
                other = True
            continue
        if key.startswith("_") and "__" not in key:
            if key in NOT_FILTERS or key.startswith(("_facet", "_filter_")):
                continue
            other = True  # _search, _search_<column>, _where, ...
            continue
        column, lookup = _column_filter(key)
        if column in arrays and lookup == "arraycontains":
            chosen.append((column, value))
        elif column in faceted and column not in arrays and lookup == "exact":
            chosen.append((column, value))
        else:
            other = True
    return chosen, other


def _unsearched(args: list[tuple[str, str]], searched: int | None) -> list[tuple[str, str]]:
    """The arguments but the search when its studies are known (``searched``)."""
    return args if searched is None else [(k, v) for k, v in args if k != SEARCH_ARG]


def _within(selected: int | None, searched: int | None) -> int | None:
    if searched is None:
        return selected
    return searched if selected is None else selected & searched


# ------------------------------------------------------------------------------------------------
# the facet class


class TagFacet(Facet):
    type = "tag"

    async def suggest(self):
        return []

    def _columns(self) -> list[tuple[str, str]]:
        return [(c["config"].get("column") or c["config"]["simple"], c["source"])
                for c in self.get_configs()]

    async def facet_results(self):
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        columns = self._columns()
        if not columns or self.table not in TAG_TABLES:
            return results, timed_out
        limit = self.ds.setting("facet_time_limit_ms")
        index = await facet_index(self.ds, self.database, wait_ms=limit)
        args = urllib.parse.parse_qsl(self.request.query_string, keep_blank_values=True)
        arrays = ARRAY_COLUMNS
        facet_size = self.get_facet_size()
        within: int | None = None
        if index is not None:
            searched = self.request.scope.get(SEARCH_KEY)
            chosen, other = selections(_unsearched(args, searched), index.facets(), arrays)
            if other:
                try:
                    within = await self._filtered_bitmap(limit)
                except QueryInterrupted:
                    return results, [column for column, _ in columns]
            else:
                within = _within(index.select(chosen), searched)
        for column, source in columns:
            if index is not None:
                counted = index.counts(column, within)[: facet_size + 1]
            else:
                try:
                    counted = await self._sql_counts(column, facet_size + 1, limit)
                except QueryInterrupted:
                    timed_out.append(column)
                    continue
            results.append(self._result(column, source, counted, facet_size, args,
                                        column in arrays))
        return results, timed_out

    async def _filtered_bitmap(self, limit: int) -> int:
        rows = await self.ds.execute(
            self.database, f"select [{self.table}].rowid from [{self.table}] where study_id in "
            f"(select study_id from ({self.sql}))", self.params, truncate=False,
            custom_time_limit=limit)
        return bitmap(row[0] for row in rows.rows)

    async def _sql_counts(self, column: str, limit_rows: int, limit: int
                          ) -> list[tuple[Any, int]]:
        """While the bitmaps are read: the same counts with SQL over ``study_facets``."""
        filtered = "" if " where " not in self.sql.lower() else (
            f" and study_rowid in (select [{self.table}].rowid from [{self.table}] where "
            f"study_id in (select study_id from ({self.sql})))")
        rows = await self.ds.execute(
            self.database, f"select value, count(*) as count from [{TABLE}] where facet = "
            f":_tag_facet{filtered} group by value order by count desc, value "
            f"limit {limit_rows}", {**dict(self.params), "_tag_facet": column}, truncate=False,
            custom_time_limit=limit)
        return [(row["value"], row["count"]) for row in rows.rows]

    def _result(self, column: str, source: str, counted: list[tuple[Any, int]],
                facet_size: int, args: list[tuple[str, str]], is_array: bool
                ) -> dict[str, Any]:
        request = self.request
        keys = ((f"{FILTER_PREFIX}{column}", f"{column}__arraycontains") if is_array
                else (column, f"{column}__exact", f"{FILTER_PREFIX}{column}"))
        values = []
        for value, count in counted[:facet_size]:
            text = str(value)
            present = [key for key in keys if (key, text) in args]
            if present:
                path = path_with_removed_args(request, {key: text for key in present})
            else:
                path = path_with_added_args(request, {keys[0]: text})
            path = path_with_removed_args(request, {"_next", "_nocount"}, path=path)
            values.append({"value": value, "label": value, "count": count,
                           "toggle_url": self.ds.absolute_url(request, self.ds.urls.path(path)),
                           "selected": bool(present)})
        return {
            "name": column,
            "type": "array" if is_array else "column",
            "hideable": source != "metadata",
            "toggle_url": self.ds.urls.path(path_with_removed_args(
                request, {"_facet_tag": column})),
            "results": values,
            "truncated": len(counted) > facet_size,
        }


@hookimpl
def register_facet_classes():
    return [TagFacet]


# ------------------------------------------------------------------------------------------------
# the filter


def _tag_selections(query_string: str) -> list[tuple[str, str]]:
    return [(key[len(FILTER_PREFIX):], value) for key, value in
            urllib.parse.parse_qsl(query_string, keep_blank_values=True)
            if key.startswith(FILTER_PREFIX)]


def rowids(bits: int) -> list[int]:
    """The set bits of a bitmap, lowest first."""
    text = bin(bits)[2:]
    last = len(text) - 1
    return sorted(last - match.start() for match in re.finditer("1", text))


@hookimpl
def filters_from_request(request, database, table, datasette):
    """``?_tag_COLUMN=VALUE``: the studies with that value, through ``study_facets``. When the
    facet bitmaps are read, the SQL is chosen by how many studies match: up to
    ``LISTED_UP_TO`` their rowids are listed (the page and its count read only those rows);
    above, each value is an ``exists`` probe of the index, so the page's ``order by`` walks the
    table's own order and stops after one page (its count comes from the bitmaps, see
    ``asgi_wrapper``)."""
    chosen = _tag_selections(request.query_string)
    if table not in TAG_TABLES or not chosen:
        return None

    async def inner() -> FilterArguments:
        described = [f'{column} contains "{value}"' for column, value in chosen]
        index = await facet_index(datasette, database)
        if index is not None:
            selected = index.select(chosen) or 0
            if selected.bit_count() <= LISTED_UP_TO:
                return FilterArguments(
                    [f"[{table}].rowid in (select value from json_each(:_tag_rowids))"],
                    params={"_tag_rowids": json.dumps(rowids(selected))},
                    human_descriptions=described)
        clauses, params = [], {}
        for number, (column, value) in enumerate(chosen):
            values: list[Any] = [value]
            if value.lstrip("-").isdigit():
                values.append(int(value))  # years and levels are stored as integers
            marks = []
            for n, item in enumerate(values):
                params[f"_tag_v{number}_{n}"] = item
                marks.append(f":_tag_v{number}_{n}")
            params[f"_tag_f{number}"] = column
            if index is not None:  # many studies: probe per row in the table's order
                clauses.append(f"exists (select 1 from [{TABLE}] where facet = :_tag_f{number} "
                               f"and value in ({', '.join(marks)}) and study_rowid = "
                               f"[{table}].rowid)")
            else:
                clauses.append(f"[{table}].rowid in (select study_rowid from [{TABLE}] where "
                               f"facet = :_tag_f{number} and value in ({', '.join(marks)}))")
        return FilterArguments(clauses, params=params, human_descriptions=described)

    return inner


def _fts_table(datasette, database: str, table: str) -> str | None:
    return (datasette.table_metadata(database, table) or {}).get("fts_table")


@hookimpl(specname="filters_from_request")
def search_filter(request, database, table, datasette):
    """``?_fulltext=`` (a studies page's ``?_search=``, renamed by ``asgi_wrapper``): the
    studies the folded full-text index matches, as Datasette's search filter keeps them. Up to
    ``LISTED_UP_TO`` matches, the page reads just those (``rowid in``, Datasette's SQL); above,
    ``+rowid`` keeps SQLite from reading every match to sort them: it walks the table's order
    (an index) and stops after one page (``rowid in (...)`` on a common phrase reads and sorts
    a quarter of a million studies: seconds at a million)."""
    text = request.args.get(SEARCH_ARG)
    fts = _fts_table(datasette, database, table)
    if table not in TAG_TABLES or text is None or not fts:
        return None
    searched = request.scope.get(SEARCH_KEY)
    few = searched is not None and searched.bit_count() <= LISTED_UP_TO
    clause = (f"{'' if few else '+'}[{table}].rowid in (select rowid from [{fts}] where [{fts}] "
              f"match {_query_function(request.args.get('_searchmode'))}(:_fulltext))")
    return FilterArguments([clause], params={"_fulltext": text},
                           human_descriptions=[f'search matches "{text}"'],
                           extra_context={"search": text})


def _query_function(searchmode: str | None) -> str:
    """The SQL function that makes a search into the folded index's query: ``escape_fts`` (the
    folding query builder, db/plugins/search.py) for anything typed, ``stemspine_fts_raw_query``
    for FTS5 syntax (``?_searchmode=raw``: the same words folded, the syntax kept)."""
    return "stemspine_fts_raw_query" if searchmode == "raw" else "escape_fts"


def _renamed_search(args: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``_search`` as ``SEARCH_ARG`` (unless empty), in either search mode; in raw mode a column's
    search (``_search_title``, answered by Datasette with the text as the query) folded
    (``fts_raw_query``)."""
    raw = dict(args).get("_searchmode") == "raw"
    renamed = []
    for key, value in args:
        if key == "_search" and value.strip():
            key = SEARCH_ARG
        elif raw and key.startswith("_search_"):
            value = fts_raw_query(value)
        renamed.append((key, value))
    return renamed


async def _search_bitmap(datasette, database: str, table: str, text: str,
                         searchmode: str | None = None) -> int | None:
    """The studies the search matches, from the full-text index alone (None if it fails)."""
    fts = _fts_table(datasette, database, table)
    if not fts:
        return None
    sql = f"select rowid from [{fts}] where [{fts}] match {_query_function(searchmode)}(?)"
    try:
        return await datasette.get_database(database).execute_fn(
            lambda conn: bitmap(row[0] for row in conn.execute(sql, [text])))
    except sqlite3.Error:
        return None


# ------------------------------------------------------------------------------------------------
# the count of a filter on many studies


def _table_request(scope) -> tuple[str, str] | None:
    """(database, table) of a table page or its JSON, else None."""
    if scope.get("type") != "http" or scope.get("method") not in ("GET", "HEAD"):
        return None
    parts = urllib.parse.unquote(scope.get("path", "")).strip("/").split("/")
    if len(parts) != 2:
        return None
    table = parts[1].removesuffix(".json")
    return (parts[0], table) if table in TAG_TABLES else None


@hookimpl
def asgi_wrapper(datasette):
    """A studies page (HTML or JSON):

    - its ``?_search=`` becomes ``SEARCH_ARG`` (answered by ``search_filter``, not by
      Datasette's search filter), and the studies it matches are read once into a bitmap
      (the request's ``SEARCH_KEY``) for the filter, the facets and the count;
    - filtered only by facet values and a search that match more than ``LISTED_UP_TO``
      studies: its row count is the bitmaps' (``(a & b).bit_count()``), not a ``count(*)`` that
      probes every row of the table; Datasette is asked not to count (``_nocount=1``) and the
      count is put where Datasette's would be (the page's heading, the JSON's
      ``filtered_table_rows_count``)."""
    def wrap(app):
        async def studies_page(scope, receive, send):
            target = _table_request(scope)
            if target is None or target[0] not in datasette.databases:
                await app(scope, receive, send)
                return
            query = scope.get("query_string", b"").decode("latin-1")
            args = urllib.parse.parse_qsl(query, keep_blank_values=True)
            scope = dict(scope)
            if _fts_table(datasette, *target):
                renamed = _renamed_search(args)
                if renamed != args:
                    args, query = renamed, urllib.parse.urlencode(renamed)
                text = dict(args).get(SEARCH_ARG)
                if text is not None:
                    scope[SEARCH_KEY] = await _search_bitmap(
                        datasette, *target, text, dict(args).get("_searchmode"))
            count = None
            if any(key.startswith(FILTER_PREFIX) or key == SEARCH_ARG for key, _ in args) \
                    and not any(key == "_nocount" for key, _ in args):
                count = await _bitmap_count(datasette, target[0], args, scope.get(SEARCH_KEY))
            if count is not None:
                query = f"{query}&_nocount=1"
                scope[COUNT_KEY] = count
            scope["query_string"] = query.encode("latin-1")
            await app(scope, receive, send if count is None else _json_count_sender(send, count))

        return studies_page

    return wrap


async def _bitmap_count(datasette, database: str, args: list[tuple[str, str]],
                        searched: int | None) -> int | None:
    index = await facet_index(datasette, database)
    if index is None:
        return None
    chosen, other = selections(_unsearched(args, searched), index.facets(), ARRAY_COLUMNS)
    within = _within(index.select(chosen), searched)
    if other or within is None:
        return None
    count = within.bit_count()
    return count if count > LISTED_UP_TO else None


def _json_count_sender(send, count: int):
    """Puts the count into a JSON body's ``filtered_table_rows_count`` (null with _nocount)."""
    state = {"json": False, "body": b""}

    async def sender(message):
        if message["type"] == "http.response.start":
            headers = dict((k.lower(), v) for k, v in message.get("headers", []))
            state["json"] = b"json" in headers.get(b"content-type", b"")
            if state["json"]:
                message = dict(message, headers=[(k, v) for k, v in message["headers"]
                                                 if k.lower() != b"content-length"])
            await send(message)
            return
        if message["type"] != "http.response.body" or not state["json"]:
            await send(message)
            return
        state["body"] += message.get("body", b"")
        if message.get("more_body"):
            return
        body = state["body"]
        if body.startswith(b"{"):
            data = json.loads(body)
            if data.get("filtered_table_rows_count") is None and "rows" in data:
                data["filtered_table_rows_count"] = count
                body = json.dumps(data, default=str).encode("utf-8")
        await send({"type": "http.response.body", "body": body})

    return sender


@hookimpl
def extra_template_vars(request):
    return {"stemspine_row_count": request.scope.get(COUNT_KEY) if request else None}
