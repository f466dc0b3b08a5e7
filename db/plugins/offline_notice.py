"""An offline sample is labelled as such on every page (the metadata title ends with the suffix
that db/serve.py adds for ``offline=True``); ``templates/base.html`` shows the notice."""

from __future__ import annotations

from datasette import hookimpl

OFFLINE_SUFFIX = " (offline sample)"  # the same text as db.serve.OFFLINE_SUFFIX


@hookimpl
def extra_template_vars(datasette):
    title = datasette.metadata("title") or ""
    return {"stemspine_offline": title.endswith(OFFLINE_SUFFIX)}
