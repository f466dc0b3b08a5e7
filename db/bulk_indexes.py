"""The derive's bulk writes of the indexes that triggers on ``studies`` keep: the full-text search
(``studies_fts``, db/search_index.py) and the facet index (``study_facets``, db/facet_index.py).

Row by row, the triggers cost more than the rows themselves: FTS5 writes its pending terms as a
new segment at the end of every statement, so a trigger per inserted study makes one segment per
study, merged again and again (3x the time of the same rows written by one statement). Inside
the derive's transaction, ``BulkIndexes`` drops the triggers it is told to, and the derive writes
the same index rows with one statement per table (``add``, ``clear``); leaving the block
re-creates the triggers exactly (a failure rolls the whole transaction back, triggers included).
Every other writer of ``studies`` keeps the triggers: the indexes always equal the table.
"""

from __future__ import annotations

from types import TracebackType

from sqlite_utils import Database

from db import facet_index, search_index
from db.schema import FACET_COLUMNS

INSERT_TRIGGERS = ("studies_fts_ai", "study_facets_ai")
DELETE_TRIGGERS = ("studies_fts_ad", "study_facets_ad")


def _trigger_sql() -> dict[str, str]:
    return {**search_index.TRIGGERS, **facet_index.triggers(FACET_COLUMNS.values())}


class BulkIndexes:
    """``with BulkIndexes(db, names):`` the named triggers are dropped inside the block (which
    must be inside a transaction) and re-created at its end."""

    def __init__(self, db: Database, names: tuple[str, ...] = INSERT_TRIGGERS) -> None:
        self.db = db
        self.names = names

    def __enter__(self) -> BulkIndexes:
        if not self.db.conn.in_transaction:
            raise RuntimeError("BulkIndexes needs a transaction: the indexes must never be "
                               "seen without their triggers")
        for name in self.names:
            self.db.execute(f"DROP TRIGGER IF EXISTS [{name}]")
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is None:
            sql = _trigger_sql()
            for name in self.names:
                self.db.execute(sql[name])

    def clear(self) -> None:
        """Empty both indexes (with ``studies`` emptied under suspended delete triggers):
        dropping and re-creating the FTS5 table spares it reading every row to unindex it."""
        self.db.execute(f"DROP TABLE IF EXISTS [{search_index.FTS_TABLE}]")
        self.db.execute(search_index.FTS_SQL)
        self.db.execute(f"DELETE FROM [{facet_index.TABLE}]")
        self.db.execute(facet_index.bump_sql())

    def add(self, condition: str = "1") -> None:
        """Index the studies that match the SQL ``condition`` as the insert triggers would
        have, one statement per index."""
        self.db.execute(f"INSERT INTO [{search_index.FTS_TABLE}] (rowid, [title], [abstract]) "
                        "SELECT rowid, stemspine_fold([title]), stemspine_fold([abstract]) "
                        f"FROM [studies] WHERE {condition}")
        self.db.execute(facet_index.insert_sql(
            "s", FACET_COLUMNS.values(),
            source=f"(SELECT rowid AS rowid, * FROM [studies] WHERE {condition})"))
        self.db.execute(facet_index.bump_sql())
