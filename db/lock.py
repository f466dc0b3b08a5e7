"""One writer per database: scheduled runs must never overlap on one file.

The lock is taken on the database file itself (``flock`` on an open descriptor), so it belongs to
the file's identity (device and inode), not to a path string: two runs that reach one database
through a symlink, a hard link or a relative path find the same lock. SQLite's own locks are
POSIX record locks, which ``flock`` neither sees nor disturbs.

The descriptor stays open until the process ends, even after the lock is released: closing any
descriptor of a file drops every POSIX lock the process holds on it, SQLite's included.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator

_KEPT_OPEN: list[int] = []  # see the module docstring


class DatabaseLocked(Exception):
    """Another process (a stemspine run, a Scrapyd job) is writing this database."""


@contextlib.contextmanager
def database_lock(db_path: str) -> Iterator[None]:
    """Hold the exclusive lock of ``db_path`` (created empty if absent: an empty file is an empty
    SQLite database) for the block; DatabaseLocked if another process holds it. OSError if the
    file cannot be created or opened (missing directory, read-only file system, no permission)."""
    descriptor = os.open(db_path, os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        _KEPT_OPEN.append(descriptor)
        raise DatabaseLocked(f"{db_path} is locked: another stemspine run is writing it") from None
    try:
        yield
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        _KEPT_OPEN.append(descriptor)
