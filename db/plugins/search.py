"""Full-text search that accepts anything people type (db/search_index.py): the SQL functions
``stemspine_fold`` and ``stemspine_fts_query`` on every connection, and Datasette's own
``escape_fts`` (used by the table search box and ``?_search=``) replaced by the same folding
query builder, so the table search and the ``search`` query agree."""

from __future__ import annotations

from datasette import hookimpl

from db.search_index import fts_query, register_functions


@hookimpl(trylast=True)  # after Datasette's own prepare_connection, which registers escape_fts
def prepare_connection(conn):
    register_functions(conn)
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
