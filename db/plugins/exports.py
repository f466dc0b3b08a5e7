"""Output renderers: .ris and .bib for any table or query whose rows have a ``title`` column.

Rows export with whatever study columns they have (study_id, kind, authors, year, journal, doi,
pmid, nct_id, abstract, design, evidence_level, ...); when a row has a ``study_id``, the columns
it lacks are read from ``studies``; otherwise missing ones are left out.

RIS types: ``JOUR`` for publications, ``DBASE`` (online database entry) for trial registrations:
RIS has no clinical-trial type, and reference managers import DBASE as a database record with
its URL. BibTeX: ``@article`` for publications, ``@misc`` for registrations and rows without a
journal.

Every row, streamed (issue 10): a table's ``.ris``, ``.bib`` and ``.csv`` walk all of its pages
through Datasette's own JSON paging (same filters, search and sort; keyset ``_next`` paging with
the primary key as tie-breaker, see paging.py), a canned query's run its SQL to the end on a
read-only connection (Datasette's own CSV stops at one page for tables without ``_stream`` and at
``max_returned_rows`` for queries). Rows of arbitrary SQL export as Datasette returns them
(time- and size-limited).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import sqlite3
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils import derive_named_parameters
from datasette.utils.asgi import NotFound, Response

from db.search_index import register_functions

RIS_CONTENT_TYPE = "application/x-research-info-systems; charset=utf-8"
BIB_CONTENT_TYPE = "application/x-bibtex; charset=utf-8"


def _text(value: Any) -> str:
    if value is None:
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def _list(value: Any) -> list[str]:
    """JSON array text, a list, or a ';'-separated string -> list of non-empty strings."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [_text(item) for item in value if _text(item)]
    text = str(value)
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list):
            return [_text(item) for item in items if _text(item)]
    return [_text(item) for item in text.split(";") if _text(item)]


def study_fields(row: dict[str, Any]) -> dict[str, Any]:
    """The bibliographic fields of a row, normalised; absent columns give empty values."""
    study_id = _text(row.get("study_id"))
    pmid = _text(row.get("pmid")) or (study_id[5:] if study_id.startswith("pmid:") else "")
    nct_id = _text(row.get("nct_id")) or (study_id[4:] if study_id.startswith("nct:") else "")
    doi = _text(row.get("doi")) or (study_id[4:] if study_id.startswith("doi:") else "")
    kind = _text(row.get("kind")) or ("registration" if study_id.startswith("nct:")
                                      else "publication")
    year = _text(row.get("year")) or _text(row.get("pub_date"))[:4]
    authors = _list(row.get("authors")) or _list(row.get("first_author"))
    if not authors and kind == "registration":
        authors = ["ClinicalTrials.gov"]  # corporate author: the registry entry itself
    if pmid:
        url = f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
    elif nct_id:
        url = f"https://clinicaltrials.gov/study/{nct_id}"
    elif doi:
        url = f"https://doi.org/{doi}"
    else:
        url = ""
    keywords = []
    for column in ("cell_types", "conditions", "outcomes"):
        keywords += _list(row.get(column))
    if _text(row.get("design")):
        keywords.append(_text(row.get("design")))
    notes = []
    if _text(row.get("evidence_level")):
        notes.append(f"Level of evidence {_text(row.get('evidence_level'))}")
    if _text(row.get("design")):
        notes.append(f"design: {_text(row.get('design'))}")
    if _text(row.get("status")):
        notes.append(f"status: {_text(row.get('status'))}")
    if _text(row.get("retracted")) in ("1", "True"):
        notes.append("RETRACTED")
    if nct_id and kind == "publication":
        notes.append(f"registered as {nct_id}")
    return {
        "study_id": study_id or pmid or nct_id or doi, "kind": kind,
        "title": _text(row.get("title")),
        "authors": authors, "year": year, "journal": _text(row.get("journal")),
        "volume": _text(row.get("volume")), "issue": _text(row.get("issue")),
        "pages": _text(row.get("pages")), "doi": doi, "pmid": pmid, "nct_id": nct_id, "url": url,
        "abstract": _text(row.get("abstract")), "keywords": keywords, "note": "; ".join(notes),
    }


def ris_record(row: dict[str, Any]) -> str:
    fields = study_fields(row)
    lines = [("TY", "DBASE" if fields["kind"] == "registration" else "JOUR")]
    lines.append(("TI", fields["title"]))
    lines += [("AU", author) for author in fields["authors"]]
    lines.append(("PY", fields["year"]))
    if fields["kind"] == "registration":
        lines.append(("DB", "ClinicalTrials.gov"))
    lines += [("JO", fields["journal"]), ("VL", fields["volume"]), ("IS", fields["issue"])]
    start, _, end = fields["pages"].partition("-")
    lines += [("SP", start), ("EP", end), ("DO", fields["doi"])]
    lines.append(("AN", fields["pmid"] or fields["nct_id"] or fields["study_id"]))
    lines += [("UR", fields["url"]), ("AB", fields["abstract"])]
    lines += [("KW", keyword) for keyword in fields["keywords"]]
    lines += [("N1", fields["note"]), ("ID", fields["study_id"])]
    text = "".join(f"{tag}  - {value}\n" for tag, value in lines if value)
    return text + "ER  - \n"


def to_ris(rows: list[dict[str, Any]]) -> str:
    return "\n".join(ris_record(row) for row in rows)


_BIB_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIB_RE = re.compile("|".join(re.escape(char) for char in _BIB_SPECIAL))


def bib_escape(text: str) -> str:
    """Escape LaTeX specials; braces become commands so the field's braces always balance."""
    return _BIB_RE.sub(lambda match: _BIB_SPECIAL[match.group(0)], text)


def bib_key(study_id: str, used: set[str]) -> str:
    key = re.sub(r"[^A-Za-z0-9:._-]+", "_", study_id).strip("_") or "study"
    candidate, number = key, 1
    while candidate in used:
        number += 1
        candidate = f"{key}_{number}"
    used.add(candidate)
    return candidate


def _bib_author(name: str) -> str:
    # a group name with " and " inside must not split into several authors
    escaped = bib_escape(name)
    return "{" + escaped + "}" if re.search(r"\band\b", name) else escaped


def bib_entry(row: dict[str, Any], used: set[str]) -> str:
    fields = study_fields(row)
    entry_type = "article" if fields["kind"] == "publication" and fields["journal"] else "misc"
    key = bib_key(fields["study_id"] or fields["title"][:30], used)
    values = [
        ("title", fields["title"]),
        ("author", " and ".join(_bib_author(author) for author in fields["authors"])),
        ("year", fields["year"]), ("journal", fields["journal"]),
        ("volume", fields["volume"]), ("number", fields["issue"]),
        ("pages", fields["pages"].replace("-", "--")), ("doi", fields["doi"]),
        ("pmid", fields["pmid"]), ("url", fields["url"]),
        ("abstract", fields["abstract"]), ("keywords", ", ".join(fields["keywords"])),
        ("note", "; ".join(part for part in (
            f"ClinicalTrials.gov {fields['nct_id']}" if fields["kind"] == "registration" else "",
            fields["note"]) if part)),
        ("studyid", fields["study_id"]),
    ]
    body = []
    for name, value in values:
        if not value:
            continue
        # author fields keep their own group braces; everything else is escaped here
        escaped = value if name == "author" else bib_escape(value)
        body.append(f"  {name} = {{{escaped}}}")
    return f"@{entry_type}{{{key},\n" + ",\n".join(body) + "\n}\n"


def to_bib(rows: list[dict[str, Any]]) -> str:
    used: set[str] = set()
    return "\n".join(bib_entry(row, used) for row in rows)


async def _dict_rows(datasette, database: str | None, columns: list[str], rows
                     ) -> list[dict[str, Any]]:
    """Rows as dicts; a query that returns study_id but not every bibliographic column gets the
    missing ones from ``studies`` (a search result exports with its authors and journal)."""
    result = [dict(zip(columns, row, strict=False)) for row in rows]
    if "study_id" not in columns or not database or not result:
        return result
    db = datasette.get_database(database)
    if not await db.table_exists("studies"):
        return result
    study_columns = set(await db.table_columns("studies"))
    wanted = [column for column in EXPORT_COLUMNS if column in study_columns
              and column not in columns]
    if not wanted:
        return result
    ids = list({str(row["study_id"]) for row in result if row.get("study_id")})
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        sql = (f"select study_id, {', '.join(wanted)} from studies "
               f"where study_id in ({', '.join('?' for _ in chunk)})")
        for row in (await db.execute(sql, chunk)).rows:
            found[row["study_id"]] = dict(row)
    for row in result:
        row.update({key: value for key, value in found.get(str(row.get("study_id")), {}).items()
                    if key != "study_id"})
    return result


EXPORT_COLUMNS = ("kind", "title", "authors", "first_author", "year", "pub_date", "journal",
                  "volume", "issue", "pages", "doi", "pmid", "nct_id", "abstract", "design",
                  "evidence_level", "status", "retracted", "cell_types", "conditions", "outcomes")


CHUNK_ROWS = 1000
PAGING_ARGS = ("_next", "_size", "_shape", "_nofacet", "_nocount", "_facet", "_facet_array",
               "_facet_tag", "_facet_date", "_labels", "_extra", "_stream", "_dl")


class StreamingResponse(Response):
    """A Response whose body is sent chunk by chunk (Datasette's renderers and plugin routes
    accept Response objects; ``asgi_send`` is what the server calls)."""

    def __init__(self, chunks: AsyncIterator[str], content_type: str,
                 headers: dict[str, str] | None = None):
        super().__init__(body=b"", content_type=content_type, headers=headers)
        self.chunks = chunks

    async def asgi_send(self, send) -> None:
        headers = {**self.headers, "content-type": self.content_type}
        await send({"type": "http.response.start", "status": self.status,
                    "headers": [[key.encode("utf-8"), value.encode("utf-8")]
                                for key, value in headers.items()]})
        async for chunk in self.chunks:
            if chunk:
                await send({"type": "http.response.body", "body": chunk.encode("utf-8"),
                            "more_body": True})
        await send({"type": "http.response.body", "body": b""})


async def table_pages(datasette, request) -> AsyncIterator[tuple[list[str], list[dict]]]:
    """Every page of the table view this export was asked from, through Datasette's JSON."""
    args = [(key, value) for key, value in parse_qsl(request.query_string,
                                                     keep_blank_values=True)
            if key not in PAGING_ARGS]
    args += [("_size", "max"), ("_shape", "objects"), ("_nofacet", "1"), ("_nocount", "1")]
    path = request.path.rsplit(".", 1)[0] + ".json"
    token = None
    while True:
        response = await datasette.client.get(
            f"{path}?{urlencode(args + ([('_next', token)] if token else []))}")
        if response.status_code != 200:
            raise ValueError(f"{path}: HTTP {response.status_code}")
        data = response.json()
        rows = data.get("rows") or []
        # the columns even when no row matched: an empty CSV still has its header
        yield (list(rows[0]) if rows else list(data.get("columns") or [])), rows
        token = data.get("next")
        if not token:
            return


def _read_connection(db) -> sqlite3.Connection:
    mode = "mode=ro" if db.is_mutable else "immutable=1"
    conn = sqlite3.connect(f"file:{db.path}?{mode}", uri=True, check_same_thread=False)
    register_functions(conn)
    return conn


async def query_pages(datasette, request, database: str, sql: str
                      ) -> AsyncIterator[tuple[list[str], list[dict]]]:
    """All rows of a canned query's SQL (its parameters from the request), in chunks, from a
    read-only connection of its own."""
    db = datasette.get_database(database)
    names = await derive_named_parameters(db, sql)
    params = {name: request.args.get(name, "") for name in names}
    conn = _read_connection(db)
    try:
        cursor = await asyncio.to_thread(conn.execute, sql, params)
        columns = [item[0] for item in cursor.description or []]
        first = True
        while True:
            chunk = await asyncio.to_thread(cursor.fetchmany, CHUNK_ROWS)
            if not chunk:
                if first:  # no row: the columns alone, so that a CSV has its header
                    yield columns, []
                return
            first = False
            yield columns, [dict(zip(columns, row, strict=False)) for row in chunk]
    finally:
        conn.close()


async def canned_sql(datasette, database: str, query_name: str | None, actor) -> str | None:
    if not query_name:
        return None
    query = await datasette.get_canned_query(database, query_name, actor)
    return query["sql"] if query and not query.get("write") else None


def can_render(columns) -> bool:
    return "title" in (columns or [])


async def _export(datasette, request, database, table, query_name, columns, rows,
                  write: Callable[[list[dict[str, Any]]], str], content_type: str):
    sql = await canned_sql(datasette, database, query_name, request.actor)
    if table:
        pages = table_pages(datasette, request)
    elif sql:
        pages = query_pages(datasette, request, database, sql)
    else:  # arbitrary SQL: the rows Datasette returned (time- and size-limited)
        async def given():
            yield columns, [dict(zip(columns, row, strict=False)) for row in rows]

        pages = given()

    async def chunks() -> AsyncIterator[str]:
        first = True
        async for page_columns, page in pages:
            records = await _dict_rows(datasette, database, page_columns,
                                       [list(row.values()) for row in page])
            if records:
                yield ("" if first else "\n") + write(records)
                first = False

    return StreamingResponse(chunks(), content_type)


async def render_ris(datasette, request, database, table, query_name, columns, rows):
    return await _export(datasette, request, database, table, query_name, columns, rows,
                         to_ris, RIS_CONTENT_TYPE)


async def render_bib(datasette, request, database, table, query_name, columns, rows):
    used: set[str] = set()  # BibTeX keys stay unique across pages

    def write(records: list[dict[str, Any]]) -> str:
        return "\n".join(bib_entry(record, used) for record in records)

    return await _export(datasette, request, database, table, query_name, columns, rows,
                         write, BIB_CONTENT_TYPE)


@hookimpl
def register_output_renderer():
    return [
        {"extension": "ris", "render": render_ris, "can_render": can_render},
        {"extension": "bib", "render": render_bib, "can_render": can_render},
    ]


async def csv_view(datasette, request):
    """``/<db>/<table or canned query>.csv``: every row, streamed. A table is walked through
    Datasette's JSON pages (its filters, search and sort); a canned query runs to the end."""
    from datasette.utils import tilde_decode

    database, name = request.url_vars["database"], tilde_decode(request.url_vars["name"])
    if database not in datasette.databases:
        raise NotFound(f"Database not found: {database}")
    sql = await canned_sql(datasette, database, name, request.actor)
    if sql is not None:
        await datasette.ensure_permissions(request.actor, [
            ("view-query", (database, name)), ("view-database", database), "view-instance"])
        pages = query_pages(datasette, request, database, sql)
    elif await datasette.get_database(database).table_exists(name):
        await datasette.ensure_permissions(request.actor, [
            ("view-table", (database, name)), ("view-database", database), "view-instance"])
        pages = table_pages(datasette, request)
    else:
        raise NotFound(f"Table or query not found: {name}")

    async def chunks() -> AsyncIterator[str]:
        header = request.args.get("_header") != "off"
        async for columns, page in pages:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            if header and columns:
                writer.writerow(columns)
                header = False
            writer.writerows([[row.get(column) for column in columns] for row in page])
            yield buffer.getvalue()

    headers = {}
    if request.args.get("_dl"):
        headers["content-disposition"] = f'attachment; filename="{name}.csv"'
    return StreamingResponse(chunks(), "text/csv; charset=utf-8", headers)


@hookimpl
def register_routes():
    return [(r"^/(?P<database>[^/]+)/(?P<name>[^/]+)\.csv$", csv_view)]
