"""Atom feeds that never fail (issue 10 audit, defect 3).

datasette-atom renders ``.atom`` for any query with ``atom_id``, ``atom_updated`` and
``atom_title`` columns, but answers HTTP 500 for a query with no rows (the feed's updated time is
the ``max()`` of the rows'). At startup this plugin wraps its renderer:

- a date parameter (``since``) that is not an ISO date answers 400 with a page that says so;
- a query with no rows answers a valid, empty Atom feed (its updated time: now), so a feed reader
  polling ``new_since_feed.atom?since=...`` on a quiet day gets nothing new, not an error;
- anything else goes to datasette-atom unchanged.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response
from datasette.views.base import DatasetteError

DATE_PARAMETERS = ("since",)


def bad_date(value: str) -> bool:
    """True when a non-empty value is not an ISO date (YYYY-MM-DD) or date-time."""
    value = value.strip()
    if not value:
        return False
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return True
    return False


def empty_feed(datasette, request, database: str, query_name: str | None) -> Response:
    from feedgen.feed import FeedGenerator

    title = query_name or "stemspine"
    if query_name:
        query = (datasette.metadata(database=database) or {}).get("queries", {}).get(query_name)
        if isinstance(query, dict) and query.get("title"):
            title = query["title"]
    feed = FeedGenerator()
    feed.id(request.url)
    feed.link(href=request.url, rel="self")
    feed.title(title)
    feed.updated(datetime.now(UTC))
    return Response(feed.atom_str(pretty=True), status=200,
                    content_type="application/xml; charset=utf-8")


def wrap_atom(render):
    def render_atom(datasette, request, sql, columns, rows, database, table, query_name,
                    view_name, data) -> Any:
        for name in DATE_PARAMETERS:
            value = request.args.get(name)
            if value is not None and bad_date(value):
                # an exception, not a Response: Datasette sets a query's own status (200) on a
                # renderer's Response; its error page keeps this one
                raise DatasetteError(
                    f"Bad {name}: {value} is not a date. Give an ISO date such as "
                    f"{name}=2026-01-01 (or a date-time such as 2026-01-01T09:00:00Z).",
                    title="Not a date", status=400)
        if not rows:
            return empty_feed(datasette, request, database, query_name)
        return render(datasette, request, sql, columns, rows, database, table, query_name,
                      view_name, data)

    return render_atom


@hookimpl
def startup(datasette):
    atom = datasette.renderers.get("atom")
    if atom is None or getattr(atom[0], "__name__", "") == "render_atom" and getattr(
            atom[0], "__module__", "") == __name__:
        return
    render, can_render = atom
    datasette.renderers["atom"] = (wrap_atom(render), can_render)
