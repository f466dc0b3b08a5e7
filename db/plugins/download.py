"""The whole database as one SQLite file: ``/<database>.db``.

Datasette only offers downloads of immutable databases; the live database is written by
scheduled crawls, so this route answers with a consistent snapshot (``db/snapshot.py``: a
temporary copy, streamed and removed). An immutable snapshot is sent as
it is. Honours Datasette's ``allow_download`` setting and the ``view-database-download``
permission.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Forbidden, NotFound, Response

from db.snapshot import temporary_copy

CHUNK = 1 << 20


class FileResponse(Response):
    """Streams a file; removes it afterwards when it is a temporary snapshot."""

    def __init__(self, path: Path, filename: str, remove: bool):
        super().__init__(body=b"", content_type="application/vnd.sqlite3", headers={
            "content-disposition": f'attachment; filename="{filename}"',
            "content-length": str(path.stat().st_size)})
        self.path, self.remove = path, remove

    async def asgi_send(self, send) -> None:
        headers = {**self.headers, "content-type": self.content_type}
        await send({"type": "http.response.start", "status": self.status,
                    "headers": [[k.encode("utf-8"), v.encode("utf-8")]
                                for k, v in headers.items()]})
        try:
            with self.path.open("rb") as handle:
                while chunk := await asyncio.to_thread(handle.read, CHUNK):
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            if self.remove:
                self.path.unlink(missing_ok=True)


async def download_view(datasette, request):
    database = request.url_vars["database"]
    if database not in datasette.databases or database.startswith("_"):
        raise NotFound(f"Database not found: {database}")
    db = datasette.get_database(database)
    if db.is_memory or not db.path:
        raise NotFound("This database has no file")
    if not datasette.setting("allow_download"):
        raise Forbidden("Database download is turned off (allow_download)")
    await datasette.ensure_permissions(request.actor, [
        ("view-database-download", database), ("view-database", database), "view-instance"])
    if db.is_mutable:
        copy = await asyncio.to_thread(temporary_copy, db.path)
        return FileResponse(copy, f"{database}.db", True)
    return FileResponse(Path(db.path), f"{database}.db", False)


@hookimpl
def register_routes():
    return [(r"^/(?P<database>[^/.]+)\.db$", download_view)]
