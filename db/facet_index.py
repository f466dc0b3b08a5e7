"""Which studies carry which facet value, kept so that facets and facet filters stay fast at a
million studies (issue 11).

``study_facets(facet, value, study_rowid)`` holds one row per study and value of every faceted
column of ``studies``: each element of the JSON array columns (``cell_types``, ``conditions``,
...) and the value of the plain columns (``design``, ``evidence_level``, ``year``, ...). It is a
``WITHOUT ROWID`` table whose key is its only index, so the studies of one value are one range of
it. Triggers on ``studies`` keep it equal to the studies' columns whoever writes them (the
derive, a migration, a test), and bump ``_study_facets_version`` so that readers know the data
changed. ``ensure_facet_index`` (re)creates both and their triggers when their definition
changed, and fills them from ``studies``; it is idempotent.

``FacetBitmaps`` reads the table into one bitmap (a Python int, bit = ``studies.rowid``) per
facet value: the count of a value among filtered studies is then ``(rows & bitmap).bit_count()``,
a few milliseconds for every value of every facet at a million studies, where SQL must visit
every filtered row once per facet.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

TABLE = "study_facets"
VERSION_TABLE = "_study_facets_version"
# plain (one value per study) columns of ``studies`` that the studies table facets on
SCALAR_COLUMNS = ("design", "evidence_level", "population", "kind", "year", "status", "result")
TABLE_SQL = (f"CREATE TABLE [{TABLE}] ([facet] TEXT NOT NULL, [value] NOT NULL, "
             "[study_rowid] INTEGER NOT NULL, PRIMARY KEY ([facet], [value], [study_rowid])) "
             "WITHOUT ROWID")
VERSION_SQL = f"CREATE TABLE [{VERSION_TABLE}] ([id] INTEGER PRIMARY KEY, [version] INTEGER)"


def _array(row: str, column: str) -> str:
    """A JSON array column as json_each reads it: anything else (NULL, bad JSON) as empty."""
    value = f"{row}.[{column}]"
    return (f"json_each(CASE WHEN json_valid({value}) AND json_type({value}) = 'array' "
            f"THEN {value} ELSE '[]' END)")


def _selects(row: str, arrays: Iterable[str], source: str = "") -> list[str]:
    """SELECTs of (facet, value, rowid) for one row (``new``, ``old``) or, with ``source``,
    for every row of the table ``row`` names."""
    source = f" FROM {source} AS {row}" if source else ""
    joined = ", " if source else " FROM "
    selects = [f"SELECT '{column}', value, {row}.rowid{source}{joined}{_array(row, column)} "
               "WHERE value IS NOT NULL" for column in arrays]
    selects += [f"SELECT '{column}', {row}.[{column}], {row}.rowid{source} "
                f"WHERE {row}.[{column}] IS NOT NULL" for column in SCALAR_COLUMNS]
    return selects


def insert_sql(row: str, arrays: Iterable[str], source: str = "") -> str:
    return (f"INSERT OR IGNORE INTO [{TABLE}] ([facet], [value], [study_rowid]) "
            + " UNION ALL ".join(_selects(row, arrays, source)) + ";")


def _delete(row: str, arrays: Iterable[str]) -> str:
    """Delete by the table's key (facet, value, rowid): no scan, no second index."""
    statements = [f"DELETE FROM [{TABLE}] WHERE [facet] = '{column}' AND [study_rowid] = "
                  f"{row}.rowid AND [value] IN (SELECT value FROM {_array(row, column)});"
                  for column in arrays]
    statements += [f"DELETE FROM [{TABLE}] WHERE [facet] = '{column}' AND [value] = "
                   f"{row}.[{column}] AND [study_rowid] = {row}.rowid;"
                   for column in SCALAR_COLUMNS]
    return " ".join(statements)


def bump_sql() -> str:
    return f"UPDATE [{VERSION_TABLE}] SET [version] = [version] + 1 WHERE [id] = 1;"


def triggers(arrays: Iterable[str]) -> dict[str, str]:
    arrays = tuple(arrays)
    watched = ", ".join(f"[{column}]" for column in (*arrays, *SCALAR_COLUMNS))
    return {
        "study_facets_ai": f"CREATE TRIGGER [study_facets_ai] AFTER INSERT ON [studies] BEGIN "
                           f"{insert_sql('new', arrays)} {bump_sql()} END",
        "study_facets_ad": f"CREATE TRIGGER [study_facets_ad] AFTER DELETE ON [studies] BEGIN "
                           f"{_delete('old', arrays)} {bump_sql()} END",
        "study_facets_au": f"CREATE TRIGGER [study_facets_au] AFTER UPDATE OF {watched} ON "
                           f"[studies] BEGIN {_delete('old', arrays)} {insert_sql('new', arrays)} "
                           f"{bump_sql()} END",
    }


def _definition(db: Database) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute(
        "select name, sql from sqlite_master where name in (?, ?) or (type = 'trigger' and "
        "name like 'study_facets_%')", [TABLE, VERSION_TABLE]).fetchall()}


def ensure_facet_index(db: Database, arrays: Iterable[str]) -> bool:
    """(Re)build ``study_facets``, its version table and triggers when they are not the ones
    above, filled from ``studies``. Returns True when it rebuilt."""
    arrays = tuple(arrays)
    wanted = {TABLE: TABLE_SQL, VERSION_TABLE: VERSION_SQL, **triggers(arrays)}
    if _definition(db) == wanted:
        return False
    with db.atomic():
        for name, sql in _definition(db).items():
            kind = "TRIGGER" if sql.upper().startswith("CREATE TRIGGER") else "TABLE"
            db.execute(f"DROP {kind} IF EXISTS [{name}]")
        db.execute(TABLE_SQL)
        db.execute(VERSION_SQL)
        db.execute(f"INSERT INTO [{VERSION_TABLE}] ([id], [version]) VALUES (1, 1)")
        for sql in triggers(arrays).values():
            db.execute(sql)
        db.execute(insert_sql("s", arrays, source="studies"))
    return True


def version(conn: sqlite3.Connection) -> int | None:
    """The facet index's version: it changes whenever a study row changes. None: no index."""
    try:
        row = conn.execute(f"select version from [{VERSION_TABLE}] where id = 1").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


# ------------------------------------------------------------------------------------------------
# bitmaps


_BITS = tuple(1 << bit for bit in range(8))


def bitmap(rowids: Iterable[int]) -> int:
    """The rowids as one int whose bit n is set for rowid n."""
    rowids = list(rowids)
    if not rowids:
        return 0
    buffer = bytearray((max(rowids) >> 3) + 1)
    for rowid in rowids:
        buffer[rowid >> 3] |= _BITS[rowid & 7]
    return int.from_bytes(buffer, "little")


def _value_order(item: tuple[Any, int]) -> tuple[int, int, float, str]:
    """Most studies first, then by value as Datasette orders them (numbers before text)."""
    value, count = item
    if isinstance(value, int | float):
        return (-count, 0, float(value), "")
    return (-count, 1, 0.0, str(value))


@dataclass
class FacetBitmaps:
    """Every (facet, value) of ``study_facets`` as a bitmap of study rowids, and the version of
    the table it was read at."""

    version: int | None
    values: dict[str, dict[Any, int]] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> FacetBitmaps:
        """Read the whole table in one read transaction (consistent with its version)."""
        conn.execute("begin")
        try:
            index = cls(version(conn))
            rows = conn.execute(f"select facet, value, group_concat(study_rowid) from [{TABLE}] "
                                "group by facet, value")
            for facet, value, rowids in rows:
                index.values.setdefault(facet, {})[value] = bitmap(map(int, rowids.split(",")))
        finally:
            conn.execute("commit")
        return index

    def facets(self) -> set[str]:
        return set(self.values)

    def bitmap(self, facet: str, value: Any) -> int:
        values = self.values.get(facet, {})
        if value in values:
            return values[value]
        for stored, bits in values.items():  # query strings are text; years are integers
            if str(stored) == str(value):
                return bits
        return 0

    def select(self, selections: Iterable[tuple[str, Any]]) -> int | None:
        """The studies that carry every (facet, value); None when there is no selection."""
        rows: int | None = None
        for facet, value in selections:
            bits = self.bitmap(facet, value)
            rows = bits if rows is None else rows & bits
        return rows

    def counts(self, facet: str, within: int | None = None) -> list[tuple[Any, int]]:
        """(value, number of studies) of one facet, most frequent first, then by value; among
        the studies of the bitmap ``within`` (None: all)."""
        found = []
        for value, bits in self.values.get(facet, {}).items():
            count = (bits if within is None else bits & within).bit_count()
            if count:
                found.append((value, count))
        found.sort(key=_value_order)
        return found
