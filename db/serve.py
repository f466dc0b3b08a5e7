"""How Datasette serves a stemspine database: one configuration for the real server process
(``datasette_argv``) and for the in-process test client (``make_datasette``).

Read-only: the live server opens the file read-only (Datasette's ``mode=ro`` connections), so a
scheduled crawl can keep writing to it (WAL) while researchers browse. ``immutable=True`` serves
a finished snapshot (``-i``), with its ``datasette inspect`` data (``--inspect-file``: table
counts and the file's hash computed once, at publish time), the mode for copies behind a load
balancer (``stemspine publish``). Custom SQL stays on, time-limited by ``sql_time_limit_ms``; no
canned query writes.

The settings (README "Serving at scale" says why each):
- ``sql_time_limit_ms`` 3000: researchers' own SQL, and the ceiling of any page's query;
- ``facet_time_limit_ms`` 1000: a facet that cannot be counted in a second is listed as timed
  out rather than holding the page (the studies facets are counted from the facet index, in
  milliseconds; ``db/plugins/tag_facets.py``);
- ``default_page_size`` 50 and ``max_returned_rows`` 2000: a page is read in milliseconds at any
  table size (keyset paging); exports stream every row in pages of ``max_returned_rows``;
- ``suggest_facets`` off: suggestions run a query per column on every table page (a second and
  more at a million studies) and the studies table hides them anyway.
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
METADATA_PATH = HERE / "metadata.yaml"
TEMPLATES_DIR = HERE / "templates"
PLUGINS_DIR = HERE / "plugins"
DEFAULT_DATABASE = "stemspine"
OFFLINE_SUFFIX = " (offline sample)"

SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 3000,  # researchers may run SQL, within limits
    "facet_time_limit_ms": 1000,  # a facet that needs more is listed as timed out
    "default_page_size": 50,
    "max_returned_rows": 2000,
    "truncate_cells_html": 400,  # abstracts in table views
    "allow_download": True,  # /<db>.db: a consistent snapshot (plugins/download.py)
    "default_facet_size": 20,
    "suggest_facets": False,
}


def database_name(db_path: str | Path) -> str:
    """Datasette names a database after its file: stemspine.db -> stemspine."""
    return Path(db_path).stem


def build_metadata(db_path: str | Path, offline: bool = False) -> dict[str, Any]:
    """db/metadata.yaml adapted to this database: its name, and the offline title."""
    metadata = yaml.safe_load(METADATA_PATH.read_text(encoding="utf-8"))
    metadata = copy.deepcopy(metadata)
    name = database_name(db_path)
    databases = metadata.get("databases") or {}
    if name != DEFAULT_DATABASE and DEFAULT_DATABASE in databases:
        databases[name] = databases.pop(DEFAULT_DATABASE)
    if offline:
        metadata["title"] = metadata["title"] + OFFLINE_SUFFIX
    return metadata


def metadata_path(db_path: str | Path, offline: bool = False) -> Path:
    """The metadata file for the server process.

    db/metadata.yaml itself when nothing needs adapting; otherwise a derived JSON file written
    next to the database (``.<name>.metadata.json``), or in the temp dir if that is read-only.
    """
    metadata = build_metadata(db_path, offline)
    if metadata == yaml.safe_load(METADATA_PATH.read_text(encoding="utf-8")):
        return METADATA_PATH
    text = json.dumps(metadata, indent=2, ensure_ascii=False)
    name = f".{database_name(db_path)}.metadata.json"
    for folder in (Path(db_path).resolve().parent, Path(tempfile.gettempdir())):
        target = folder / name
        try:
            target.write_text(text, encoding="utf-8")
        except OSError:
            continue
        return target
    raise OSError(f"cannot write the derived Datasette metadata for {db_path}")


def _setting_text(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def inspect_path(db_path: str | Path) -> Path:
    """Where ``stemspine publish`` writes a snapshot's inspect data: beside it."""
    path = Path(db_path)
    return path.with_name(f"{path.name}.inspect.json")


def settings_argv() -> list[str]:
    argv = []
    for name, value in SETTINGS.items():
        argv += ["--setting", name, _setting_text(value)]
    return argv


def datasette_argv(
    db_path: str,
    port: int = 8001,
    host: str = "127.0.0.1",
    offline: bool = False,
    immutable: bool = False,
    inspect_file: str | Path | None = None,
) -> list[str]:
    """The full ``datasette serve`` command line (argv[0] is this Python interpreter).
    ``inspect_file`` (immutable only): table counts and hash from ``datasette inspect``."""
    db_file = str(Path(db_path).resolve())
    argv = [sys.executable, "-m", "datasette", "serve"]
    argv += ["-i", db_file] if immutable else [db_file]
    if immutable and inspect_file:
        argv += ["--inspect-file", str(Path(inspect_file).resolve())]
    argv += [
        "--metadata", str(metadata_path(db_path, offline)),
        "--template-dir", str(TEMPLATES_DIR),
        "--plugins-dir", str(PLUGINS_DIR),
        "--host", host,
        "--port", str(port),
    ]
    return argv + settings_argv()


def make_datasette(db_path: str, offline: bool = False, immutable: bool = False,
                   inspect_file: str | Path | None = None):
    """A Datasette instance configured like the server, for the ASGI test client."""
    from datasette.app import Datasette

    db_file = str(Path(db_path).resolve())
    inspect_data = (json.loads(Path(inspect_file).read_text(encoding="utf-8"))
                    if immutable and inspect_file else None)
    return Datasette(
        files=[] if immutable else [db_file],
        immutables=[db_file] if immutable else [],
        inspect_data=inspect_data,
        metadata=build_metadata(db_path, offline),
        template_dir=str(TEMPLATES_DIR),
        plugins_dir=str(PLUGINS_DIR),
        settings=dict(SETTINGS),
    )
