"""``stemspine publish``: an immutable snapshot of the database with its ``datasette inspect``
data, served with ``-i`` / ``--inspect-file``, and the command lines that put the same snapshot
in a container (``datasette package``) or on a hosting platform (``datasette publish``) with the
project's metadata, templates, plugins and settings.

The plugins import the ``db`` and ``evidence`` packages, so a container needs stemspine itself:
its source is copied into the plugins folder handed to Datasette (Datasette loads only the
``*.py`` files at the top of that folder) and installed with ``--install plugins/stemspine``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from db.serve import (
    PLUGINS_DIR,
    TEMPLATES_DIR,
    build_metadata,
    database_name,
    inspect_path,
    settings_argv,
)
from db.snapshot import write_snapshot

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = ("cloudrun", "heroku")
# what pip needs to install stemspine from source (pyproject.toml's packages and modules)
SOURCE = ("pyproject.toml", "README.md", "stemspine.py", "crawlers", "evidence", "db")
SOURCE_FOLDER = "stemspine"


@dataclass(frozen=True)
class Snapshot:
    database: Path
    inspect_file: Path
    metadata_file: Path


def publish_snapshot(db_path: str | Path, folder: str | Path, offline: bool = False) -> Snapshot:
    """Copy ``db_path`` into ``folder`` (named like it, so the URLs stay), compute its inspect
    data with ``datasette inspect`` and write the Datasette metadata for it."""
    folder = Path(folder)
    database = write_snapshot(db_path, folder / Path(db_path).name)
    inspect_file = inspect_path(database)
    subprocess.run([sys.executable, "-m", "datasette", "inspect", str(database),
                    "--inspect-file", str(inspect_file)], check=True)
    metadata_file = folder / "metadata.json"
    metadata_file.write_text(json.dumps(build_metadata(database, offline), indent=2,
                                        ensure_ascii=False), encoding="utf-8")
    return Snapshot(database, inspect_file, metadata_file)


def bundle_plugins(folder: str | Path) -> Path:
    """``folder``/plugins: the project's plugins and, under ``stemspine/``, the source pip
    installs in the container (the plugins import it)."""
    target = Path(folder) / "plugins"
    shutil.rmtree(target, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.db", "*.db-*")
    shutil.copytree(PLUGINS_DIR, target, ignore=ignore)
    source = target / SOURCE_FOLDER
    source.mkdir()
    for name in SOURCE:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        else:
            shutil.copy2(path, source / name)
    return target


def datasette_command(snapshot: Snapshot, plugins: Path, *, package_tag: str | None = None,
                      platform: str | None = None, service: str | None = None) -> list[str]:
    """``datasette package`` (with ``package_tag``) or ``datasette publish PLATFORM`` of the
    snapshot, with the project's metadata, templates, plugins and settings."""
    argv = [sys.executable, "-m", "datasette"]
    if package_tag:
        argv += ["package", str(snapshot.database), "--tag", package_tag]
    elif platform in PLATFORMS:
        argv += ["publish", platform, str(snapshot.database)]
        name = service or database_name(snapshot.database)
        argv += ["--service", name] if platform == "cloudrun" else ["--name", name]
    else:
        raise ValueError(f"nothing to publish to: {platform!r}")
    argv += ["--metadata", str(snapshot.metadata_file), "--template-dir", str(TEMPLATES_DIR),
             "--plugins-dir", str(plugins), "--install", f"plugins/{SOURCE_FOLDER}",
             "--extra-options", " ".join(settings_argv())]
    return argv
