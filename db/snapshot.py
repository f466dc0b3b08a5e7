"""Consistent copies of a database that a crawl may be writing: the whole-database download and
``stemspine publish`` (an immutable snapshot with its ``datasette inspect`` data).

``VACUUM INTO`` from a read-only connection copies what one read transaction sees (a crawl's
writes go on meanwhile, in WAL mode) into a new, compact file; rowids are kept, so the full-text
index and the facet index still point at the right studies.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path


def copy_database(source: str | Path, target: str | Path) -> Path:
    """``VACUUM INTO`` ``target`` (which must not exist) from a read-only connection."""
    conn = sqlite3.connect(f"file:{Path(source).resolve()}?mode=ro", uri=True)
    try:
        conn.execute("VACUUM INTO ?", [str(target)])
    finally:
        conn.close()
    return Path(target)


def temporary_copy(source: str | Path) -> Path:
    """A consistent copy in the temp folder (the caller removes it)."""
    handle, name = tempfile.mkstemp(prefix="stemspine-download-", suffix=".db")
    os.close(handle)
    os.unlink(name)  # VACUUM INTO wants a file that does not exist
    return copy_database(source, name)


def write_snapshot(source: str | Path, target: str | Path) -> Path:
    """A snapshot for immutable serving at ``target``: copied, then made a plain rollback-journal
    file (an immutable open reads no WAL) with planner statistics (``ANALYZE``, sampled), and
    moved into place in one rename, so a reader never sees half a file."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    copy_database(source, partial)
    conn = sqlite3.connect(partial)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA analysis_limit = 1000")
        conn.execute("ANALYZE")
        conn.commit()
    finally:
        conn.close()
    os.replace(partial, target)
    return target
