"""What a ``--db`` file is, before stemspine writes to it or reads it.

- A file that is not SQLite at all, or an SQLite database of another application, is refused:
  migrating would add stemspine's tables to someone else's data.
- Commands that only read (``status``, ``serve``, ``evaluate``) open the database read-only, so
  they work on a read-only file, directory or file system and never migrate or switch the
  journal mode.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite_utils.Migrations' bookkeeping table


class NotAStemspineDatabase(ValueError):
    """The file exists but is not (and never was) a stemspine database."""


def check_header(path: str | Path) -> None:
    """NotAStemspineDatabase unless ``path`` is absent, empty (a new database) or SQLite."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    if head and head != SQLITE_HEADER:
        raise NotAStemspineDatabase(f"{path} is not an SQLite database (it starts with "
                                    f"{head[:12]!r})")


def check_owner(db: Database, path: str | Path, migration_set: str) -> None:
    """NotAStemspineDatabase when ``db`` holds tables but ``migration_set`` was never applied."""
    tables = [name for name in db.table_names() if name != MIGRATIONS_TABLE]
    if not tables:
        return  # new, or a first migration that was rolled back
    if MIGRATIONS_TABLE in db.table_names() and db.execute(
            f"select 1 from {MIGRATIONS_TABLE} where migration_set = ? limit 1",
            [migration_set]).fetchone():
        return
    shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    raise NotAStemspineDatabase(f"{path} is an SQLite database of another application "
                                f"(tables: {shown}); give stemspine its own file")


def writable(path: str | Path) -> bool:
    """Whether this process could write the database (its file, and its folder for the WAL and
    lock files). False on a read-only file system, whoever asks."""
    path = Path(path).resolve()
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def open_readonly(path: str | Path, migration_set: str) -> Database:
    """The database at ``path`` for reading only (it must exist).

    ``mode=ro`` first; when SQLite cannot open the WAL index of a WAL database in a read-only
    folder, ``immutable=1`` (the file is then read as it is on disk).
    """
    check_header(path)
    uri = Path(path).resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)
    db = Database(conn)
    check_owner(db, path, migration_set)
    return db
