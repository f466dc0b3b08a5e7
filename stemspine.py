"""The ``stemspine`` command: orchestrates crawlers/, db/ and evidence/ (which know nothing of it).

Exit codes (README "Exit codes"): 0 ok, 2 bad usage, 3 partial (some records or requests failed;
everything that succeeded is stored), 4 failed, 5 locked (another run holds the database). Every
error a user or an unattended job can cause ends as one line on stderr and one of these codes,
never a traceback (``StemspineGroup``).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click
import requests

from crawlers.items import SOURCES
from db.database_file import NotAStemspineDatabase, writable
from db.lock import DatabaseLocked, database_lock

EXIT_OK, EXIT_USAGE, EXIT_PARTIAL, EXIT_FAILED, EXIT_LOCKED = 0, 2, 3, 4, 5
EXIT_CODES = (EXIT_OK, EXIT_USAGE, EXIT_PARTIAL, EXIT_FAILED, EXIT_LOCKED)
STATUS_EXIT = {"ok": EXIT_OK, "partial": EXIT_PARTIAL, "failed": EXIT_FAILED}
DEFAULT_DB = "stemspine.db"
OFFLINE_DB = "stemspine-offline.db"
SAMPLE_CORPUS = Path(__file__).resolve().parent / "crawlers" / "sample_corpus"
PROBE_PATHS = {"pubmed": "einfo.fcgi", "europepmc": "search?query=disc&format=json&pageSize=1",
               "clinicaltrials": "version"}
# Scrapy's INFO lines a user of `run` or `crawl` does not need (versions, settings, middlewares,
# the stats dump): --setting LOG_LEVEL=DEBUG shows them again.
QUIET_SCRAPY_LOGGERS = ("scrapy.utils.log", "scrapy.crawler", "scrapy.middleware", "scrapy.addons",
                        "scrapy.statscollectors", "scrapy.extensions.logstats",
                        "scrapy.extensions.telnet", "scrapy.core.engine")


def quiet_scrapy_info(record: logging.LogRecord) -> bool:
    """A logging filter for QUIET_SCRAPY_LOGGERS: warnings and errors only (a filter, because
    every Scrapy crawler resets logger levels and the root handler, not filters)."""
    return record.levelno >= logging.WARNING


def resolve_db(db: str | None, offline: bool) -> str:
    """--db, else STEMSPINE_DB, else stemspine.db (stemspine-offline.db for offline corpora, so
    that demo data never mixes with a real crawl). Remembered for error messages."""
    path = db or os.environ.get("STEMSPINE_DB") or (OFFLINE_DB if offline else DEFAULT_DB)
    context = click.get_current_context(silent=True)
    if context is not None:
        context.meta["stemspine.db"] = path
    return path


def existing_db(db: str | None) -> str:
    """The database a reading command opens: as ``resolve_db``, except that with nothing named
    and no live database, the offline sample's database is the one (after `make run` offline)."""
    path = resolve_db(db, False)
    if not (db or os.environ.get("STEMSPINE_DB") or Path(path).exists()) and Path(
            OFFLINE_DB).exists():
        path = resolve_db(OFFLINE_DB, False)
    return path


def parse_settings(pairs: tuple[str, ...]) -> dict[str, Any]:
    """NAME=VALUE pairs, each a known Scrapy or stemspine setting with a value of its type."""
    from crawlers.setting_values import project_defaults, setting_value

    defaults = project_defaults()
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="--setting")
        try:
            out[name] = setting_value(name, value, defaults)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--setting") from None
    return out


def check_since(since: str, sources: list[str]) -> None:
    """--since is a date no later than today in the calendar of each source's API (a later one
    asks for nothing and would end as an ok run)."""
    from datetime import date

    from crawlers.api_calendar import api_today
    from crawlers.run import SPIDERS

    try:
        day = date.fromisoformat(since)
    except ValueError as exc:
        raise click.BadParameter(f"{since!r} is not a date (YYYY-MM-DD)",
                                 param_hint="--since") from exc
    for source in sources:
        today = api_today(SPIDERS[source].api_timezone)
        if day > today:
            raise click.BadParameter(f"{since} is later than today in {source}'s calendar "
                                     f"({today}): no record is stamped then",
                                     param_hint="--since")


def check_crawl_inputs(offline: str | None, topic: str | None,
                       curation: str | None = None) -> None:
    """Usage errors found before anything is locked, opened or crawled: a missing corpus, a bad
    topic file, and a curation file (or vocabulary) the derive after the crawl could not read."""
    from crawlers.topic import load_topic

    if offline:
        corpus = Path(offline)
        if not corpus.is_dir():
            raise click.BadParameter(f"{corpus} is not a corpus folder", param_hint="--offline")
    try:
        load_topic(topic)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--topic" if topic else None) from None
    evidence_files(curation)


def evidence_files(curation: str | None) -> tuple[Any, Any]:
    """(curation entries, vocabulary) for a derive; a file that cannot be read is a usage error
    (``curation`` None: evidence/curation.yaml). Read once per process while the files are
    unchanged (a crawl checks them before it starts and derives with them at its end)."""
    from db import evidence_files as files

    paths = (files.VOCABULARY_PATH, files.STUDY_DESIGN_PATH, files.RESULT_CUES_PATH,
             Path(curation) if curation else files.CURATION_PATH)
    key = (curation, tuple(_file_stamp(p) for p in paths))
    if key not in _EVIDENCE_FILES:
        try:
            _EVIDENCE_FILES.clear()
            _EVIDENCE_FILES[key] = (files.load_curation(Path(curation) if curation else None),
                                    files.load_vocabulary())
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--curation") from exc
    return _EVIDENCE_FILES[key]


_EVIDENCE_FILES: dict[tuple, tuple[Any, Any]] = {}


def _file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class Failure(click.ClickException):
    """A fault of the environment or the input, with its documented exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.command = "stemspine"


def explain(exc: BaseException, db_path: str | None) -> Failure | None:
    """The one line and exit code for a database or file-system fault; None for anything else."""
    where = f"{db_path}: " if db_path else ""
    if isinstance(exc, DatabaseLocked):
        return Failure(str(exc), EXIT_LOCKED)
    if isinstance(exc, NotAStemspineDatabase):
        return Failure(str(exc), EXIT_USAGE)
    if isinstance(exc, sqlite3.Error):
        text = str(exc) or type(exc).__name__
        if "locked" in text or "busy" in text:
            return Failure(f"{where}{text}: another process is writing it", EXIT_LOCKED)
        if "full" in text:
            return Failure(f"{where}the disk is full ({text}): free some space and run again; "
                           "what was stored before is kept", EXIT_FAILED)
        if "readonly" in text or "read-only" in text:
            return Failure(f"{where}cannot write ({text}): a read-only file, folder or file "
                           "system", EXIT_FAILED)
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return Failure(f"{where}the database is corrupt ({text}): restore a backup or "
                           "crawl into a new file", EXIT_FAILED)
        if "unable to open" in text:
            if db_path and Path(db_path).exists() and not writable(db_path):
                return Failure(f"{where}cannot write ({text}): a read-only file, folder or "
                               "file system", EXIT_FAILED)
            return Failure(f"{where}cannot open the database ({text}): check the folder "
                           "exists and can be written", EXIT_FAILED)
        return Failure(f"{where}database error: {text}", EXIT_FAILED)
    if isinstance(exc, OSError):
        name = exc.filename or db_path or ""
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            return Failure(f"{name}: the disk is full ({reason}): free some space and run "
                           "again; what was stored before is kept", EXIT_FAILED)
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EISDIR):
            return Failure(f"{name}: {reason}", EXIT_USAGE)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return Failure(f"{name}: cannot write ({reason})", EXIT_FAILED)
        return Failure(f"{name}: {reason}", EXIT_FAILED)
    return None


class StemspineGroup(click.Group):
    """Errors end as one line on stderr and a documented exit code, never a traceback: usage
    errors (2), bad databases (2), environment faults (4), a held lock (5)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (sqlite3.Error, OSError, DatabaseLocked, NotAStemspineDatabase) as exc:
            failure = explain(exc, ctx.meta.get("stemspine.db"))
            if failure is None:
                raise
            failure.command = f"{ctx.command_path} {ctx.invoked_subcommand or ''}".strip()
            raise failure from exc

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.ClickException as exc:
            command = getattr(exc, "command", None) or (
                exc.ctx.command_path if getattr(exc, "ctx", None) else "stemspine")
            message = " ".join(exc.format_message().split())
            click.echo(f"{command}: {message}", err=True)
            sys.exit(exc.exit_code if exc.exit_code in EXIT_CODES else EXIT_USAGE)
        except click.Abort:
            click.echo("stemspine: interrupted", err=True)
            sys.exit(EXIT_FAILED)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def probe(base_url: str, source: str, timeout: float = 5.0) -> str | None:
    """None if the API answers at all, else a one-line reason."""
    try:
        requests.get(base_url.rstrip("/") + "/" + PROBE_PATHS[source], timeout=timeout)
    except requests.RequestException as exc:
        return unreachable_reason(exc, base_url, timeout)
    return None


def unreachable_reason(exc: Exception, url: str, timeout: float) -> str:
    """What an operator needs from a failed probe, in words (requests' messages run to 300
    characters of nested exception reprs)."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or url
    text = str(exc)
    if isinstance(exc, requests.Timeout):
        return f"{host} did not answer within {timeout:g} s"
    if "NameResolutionError" in text or "Name or service not known" in text:
        return f"cannot resolve {host}: no network or DNS"
    if "Connection refused" in text:
        return f"{host} refused the connection"
    if isinstance(exc, requests.ConnectionError):
        return f"cannot connect to {host}"
    first = text.splitlines()[0] if text else type(exc).__name__
    return first if len(first) <= 120 else first[:120].rsplit(" ", 1)[0] + " ..."


def require_contact(overrides: dict[str, Any]) -> None:
    """Live runs name a contact to the APIs (NCBI asks for one): refuse to start without it."""
    from scrapy.settings import Settings

    from crawlers.api_spider import contact_email

    if not contact_email(Settings(overrides)):
        click.echo("live crawls need a contact email: export NCBI_EMAIL=you@example.org "
                   "(or --setting NCBI_EMAIL=...); the APIs ask for one", err=True)
        sys.exit(EXIT_USAGE)


def crawl_windows(db: Any, settings: Any, sources: list[str], searches: dict[str, str], *,
                  offline: bool, since: str | None,
                  full: bool) -> dict[str, tuple[str | None, str]]:
    """source -> (since, until): the dates each crawl asks for, in the API's own calendar.

    ``until`` is the API's date now. ``since`` is --since if given; None (everything) for --full
    and offline corpora; else watermark - margin (STEMSPINE_WATERMARK_MARGIN_DAYS), where the
    watermark comes from the ok live runs of the same search (``searches``: source -> the
    fingerprint of its topic section) only (``db.store.watermark``)."""
    from datetime import date

    from crawlers.api_calendar import api_today
    from crawlers.run import SPIDERS
    from db import store

    margin = settings.getint("STEMSPINE_WATERMARK_MARGIN_DAYS")
    windows: dict[str, tuple[str | None, str]] = {}
    for source in sources:
        until = api_today(SPIDERS[source].api_timezone)
        start: date | None = None
        if since:
            start = date.fromisoformat(since)
        elif not (full or offline):
            # (only runs of this very query count: an edited topic starts from the beginning)
            start = store.incremental_start(db, source, margin, searches[source])
        windows[source] = (start.isoformat() if start else None, until.isoformat())
    return windows


def refuse_mixing(db_path: str, offline: bool) -> None:
    """Corpus (demo) records never mix with a real crawl: an offline run into a database that
    holds live runs, or a live run into one that holds only offline runs, is a usage error
    (exit 2), found before the database is written."""
    from db.schema import open_db_readonly
    from db.store import LIVE_MODES

    path = Path(db_path)
    if not path.is_file() or path.stat().st_size == 0:
        return
    database = open_db_readonly(db_path)
    try:
        if "crawl_runs" not in database.table_names():
            return
        modes = {row["mode"] for row in database.query("select distinct mode from crawl_runs")
                 if row["mode"]}
    finally:
        database.conn.close()
    live = modes & set(LIVE_MODES)
    if offline and live:
        raise click.BadParameter(
            f"{db_path} holds live crawls: an offline corpus would mix its records into them; "
            f"crawl it into another file (offline runs default to {OFFLINE_DB})",
            param_hint="--db")
    if not offline and modes and not live:
        raise click.BadParameter(
            f"{db_path} holds only offline corpus crawls: a live crawl would mix real records "
            f"with them; crawl into another file (default {DEFAULT_DB})", param_hint="--db")


def crawl_and_build(db_path: str, sources: list[str], *, offline: str | None, since: str | None,
                    full: bool, topic: str | None, overrides: dict[str, Any],
                    curation: str | None = None) -> int:
    """Crawl, then rebuild studies; returns the exit code. The caller holds the lock."""
    from scrapy.utils.log import configure_logging

    from crawlers.replay import ReplayServer
    from crawlers.run import BASE_URL_SETTINGS, project_settings, run_crawl
    from crawlers.topic import load_topic, search_keys
    from db import store
    from db.build import fewer_collections
    from db.schema import open_db

    refuse_mixing(db_path, offline is not None)
    level = overrides.get("LOG_LEVEL", "INFO")
    configure_logging({"LOG_LEVEL": level})
    if level == "INFO":  # Scrapy's start-up and stats dumps; each source's summary line says it
        for name in QUIET_SCRAPY_LOGGERS:
            logging.getLogger(name).addFilter(quiet_scrapy_info)
    db = open_db(db_path)
    store.close_abandoned_runs(db)  # we hold the lock: a run still "running" was killed
    server = None
    base_urls: dict[str, str] = {}
    mode = "full" if full else "incremental"
    if offline is not None:
        corpus = Path(offline) if offline else SAMPLE_CORPUS
        if not corpus.is_dir():
            raise click.BadParameter(f"{corpus} is not a corpus folder", param_hint="--offline")
        server = ReplayServer(corpus).start()  # a corpus is a snapshot: see crawlers.replay
        base_urls = {source: server.urls[source] for source in sources}
        mode = "offline"
    settings = project_settings(db_path, mode, overrides, base_urls, topic)
    # the topic is read once here: the watermark each run starts from is that of these searches,
    # and a spider that reads another search from the file (edited meanwhile) does not run
    searches = search_keys(load_topic(settings.get("STEMSPINE_TOPIC")))
    windows = crawl_windows(db, settings, sources, searches, offline=offline is not None,
                            since=since, full=full)
    worst = EXIT_OK
    if offline is None:
        for source in list(windows):
            reason = probe(settings.get(BASE_URL_SETTINGS[source]), source)
            if reason:
                click.echo(f"cannot reach {source} at {settings.get(BASE_URL_SETTINGS[source])}"
                           f" ({reason}): not crawled", err=True)
                run_id = store.start_run(db, source, mode, *windows.pop(source),
                                         settings.getint("STEMSPINE_WATERMARK_MARGIN_DAYS"),
                                         searches[source])
                store.finish_run(db, run_id, store.RunCounts(fatal=True), 0,
                                 f"API unreachable: {reason}")
                worst = EXIT_FAILED
    try:
        if windows:
            with fewer_collections():  # parsing and storing allocate as a derive does
                outcomes = run_crawl(settings, {s: w[0] for s, w in windows.items()},
                                     {s: w[1] for s, w in windows.items()}, searches)
            for outcome in outcomes:
                click.echo(outcome.summary(), err=True)
                worst = max(worst, STATUS_EXIT[outcome.status])
    finally:
        if server:
            server.stop()
    summary = build(db_path, curation)
    click.echo(f"{summary.records} records -> {summary.studies} studies ({summary.derived} "
               f"re-derived), {summary.tags} tags, {summary.links} links in {db_path}", err=True)
    return worst


def build(db_path: str, curation: str | None = None, full: bool = False) -> Any:
    """Re-derive studies, tags and links: those whose records changed since the last derive, or
    all with ``full``; ``curation`` is a curation file (default evidence/curation.yaml)."""
    from db.build import derive
    from db.schema import checkpoint, open_db

    entries, vocabulary = evidence_files(curation)
    db = open_db(db_path)
    summary = derive(db, vocabulary, entries, full=full)
    # the end of every crawl, tag and run: the WAL moves into the .db file, so that copying the
    # .db file alone (cp, rsync, a backup) copies the data
    checkpoint(db)
    return summary


def is_offline_db(db_path: str) -> bool:
    from db.schema import open_db_readonly

    if not Path(db_path).exists():
        return False
    db = open_db_readonly(db_path)
    if "crawl_runs" not in db.table_names():
        return False
    modes = {row["mode"] for row in db.query("select distinct mode from crawl_runs")}
    return modes == {"offline"}


def exec_datasette(db_path: str, port: int, host: str, immutable: bool = False,
                   inspect_file: str | None = None) -> None:
    """Replace this process with Datasette; a database this process cannot write (read-only
    file, folder or file system) is served immutable, as is a published snapshot."""
    from db.serve import datasette_argv

    immutable = immutable or not writable(db_path)
    argv = datasette_argv(db_path, port=port, host=host, offline=is_offline_db(db_path),
                          immutable=immutable, inspect_file=inspect_file)
    mode = " (immutable)" if immutable else ""
    click.echo(f"serving {db_path}{mode} on http://{host}:{port}/", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execvp(argv[0], argv)


db_option = click.option("--db", "db", metavar="PATH", default=None,
                         help="SQLite file (default: $STEMSPINE_DB, else stemspine.db; "
                              "stemspine-offline.db for --offline).")
offline_option = click.option(
    "--offline", metavar="[CORPUS]", is_flag=False, flag_value="", default=None,
    help="Crawl a corpus folder through the local replay server instead of the live APIs; "
         "without CORPUS, the sample corpus that ships with stemspine.")
setting_option = click.option("--setting", "settings", metavar="NAME=VALUE", multiple=True,
                              help="Override a Scrapy or stemspine crawl setting (repeatable).")
port_option = click.option("--port", default=8001, show_default=True, help="Datasette port.")
curation_option = click.option(
    "--curation", metavar="FILE", default=None, type=click.Path(exists=True, dir_okay=False),
    help="Curation file: tags people added or removed (default: evidence/curation.yaml).")
host_option = click.option("--host", default="127.0.0.1", show_default=True,
                           help="Datasette host.")


@click.group(cls=StemspineGroup)
@click.version_option(package_name="stemspine")
def main() -> None:
    """stemspine: a living evidence tracker for stem-cell therapy of the spine."""


@main.command()
@db_option
@offline_option
@port_option
@host_option
@setting_option
def run(db: str | None, offline: str | None, port: int, host: str,
        settings: tuple[str, ...]) -> None:
    """Crawl every source, tag, merge, then serve Datasette: the main job.

    When the live APIs cannot be reached, it says so and runs the offline sample instead, into
    a separate database file.
    """
    overrides = parse_settings(settings)
    check_crawl_inputs(offline, None)
    if offline is None:
        from crawlers.run import project_settings

        url = project_settings(DEFAULT_DB, "incremental", overrides).get("PUBMED_BASE_URL")
        reason = probe(url, "pubmed")
        if reason:
            click.echo(f"Live APIs unreachable ({reason}): running the offline sample into "
                       f"{resolve_db(db, True)} instead.")
            offline = ""
        else:
            require_contact(overrides)
    db_path = resolve_db(db, offline is not None)
    with database_lock(db_path):
        code = crawl_and_build(db_path, list(SOURCES), offline=offline, since=None, full=False,
                               topic=None, overrides=overrides)
    if code != EXIT_OK:
        click.echo("the crawl did not complete; serving what is stored (see `stemspine status`)",
                   err=True)
    exec_datasette(db_path, port, host)


@main.command()
@db_option
@click.option("--source", "sources", multiple=True, type=click.Choice(SOURCES),
              help="Crawl only this source (repeatable; default: all).")
@click.option("--since", metavar="DATE", default=None,
              help="Only records added or changed since DATE (YYYY-MM-DD).")
@click.option("--full", is_flag=True, help="Ignore the watermark: fetch everything again.")
@offline_option
@click.option("--topic", metavar="FILE", default=None,
              help="Search strategy file (default: crawlers/topics/stemcell_spine.yaml).")
@setting_option
@curation_option
def crawl(db: str | None, sources: tuple[str, ...], since: str | None, full: bool,
          offline: str | None, topic: str | None, settings: tuple[str, ...],
          curation: str | None) -> None:
    """Crawl only (then rebuild studies); incremental by default. Never falls back to offline
    data: an unreachable API is a failed run and a non-zero exit."""
    if since:
        check_since(since, list(sources or SOURCES))
    overrides = parse_settings(settings)
    check_crawl_inputs(offline, topic, curation)
    if offline is None:
        require_contact(overrides)
    db_path = resolve_db(db, offline is not None)
    with database_lock(db_path):
        code = crawl_and_build(db_path, list(sources or SOURCES), offline=offline, since=since,
                               full=full, topic=topic, overrides=overrides, curation=curation)
    sys.exit(code)


@main.command()
@db_option
@curation_option
def tag(db: str | None, curation: str | None) -> None:
    """Re-tag every stored record from its raw payload (no network)."""
    from crawlers.parsers import parse_raw
    from db.build import reparse_records
    from db.schema import open_db

    db_path = resolve_db(db, False)
    if not Path(db_path).exists():
        raise click.BadParameter(f"{db_path} does not exist", param_hint="--db")
    with database_lock(db_path):
        changed, problems = reparse_records(open_db(db_path), parse_raw)
        for problem in problems:
            click.echo(f"not re-parsed: {problem}", err=True)
        summary = build(db_path, curation, full=True)
    click.echo(f"re-parsed {changed} changed records; {summary.studies} studies, "
               f"{summary.tags} tags, {summary.links} links")
    sys.exit(EXIT_PARTIAL if problems else EXIT_OK)


@main.command()
@db_option
@port_option
@host_option
@click.option("--immutable", is_flag=True,
              help="Serve a snapshot that nothing writes (`stemspine publish`): Datasette's "
                   "immutable mode, with the inspect data beside it if there is one.")
@click.option("--inspect-file", metavar="FILE", default=None,
              type=click.Path(exists=True, dir_okay=False),
              help="Table counts from `datasette inspect` (implies --immutable; default: "
                   "DB.inspect.json beside the database, as `stemspine publish` writes it).")
def serve(db: str | None, port: int, host: str, immutable: bool,
          inspect_file: str | None) -> None:
    """Datasette over the database, with the project's metadata and plugins."""
    from db.serve import inspect_path

    db_path = existing_db(db)
    if not Path(db_path).exists():
        raise click.BadParameter(f"{db_path} does not exist: run `stemspine crawl` first "
                                 "(or `stemspine crawl --offline` for the sample)",
                                 param_hint="--db")
    immutable = immutable or inspect_file is not None
    if immutable and inspect_file is None and inspect_path(db_path).exists():
        inspect_file = str(inspect_path(db_path))
    exec_datasette(db_path, port, host, immutable, inspect_file)


@main.command()
@db_option
@click.option("--to", "folder", metavar="DIR", default="published", show_default=True,
              help="Folder for the snapshot, its inspect data and metadata.")
@click.option("--package", "package_tag", metavar="TAG", default=None,
              help="Then build a Docker image of it with `datasette package --tag TAG`.")
@click.option("--deploy", "platform", type=click.Choice(["cloudrun", "heroku"]), default=None,
              help="Then deploy it with `datasette publish PLATFORM` (its CLI must be set up).")
@click.option("--service", metavar="NAME", default=None,
              help="Cloud Run service or Heroku app for --deploy (default: the database name).")
@click.option("--dry-run", is_flag=True,
              help="Print the `datasette package` / `datasette publish` command, do not run it.")
def publish(db: str | None, folder: str, package_tag: str | None, platform: str | None,
            service: str | None, dry_run: bool) -> None:
    """Write an immutable snapshot of the database (a consistent copy, even while a crawl
    writes) with its `datasette inspect` data; optionally package or deploy it."""
    import shlex
    import subprocess

    from db.publish import bundle_plugins, datasette_command, publish_snapshot

    db_path = resolve_db(db, False)
    if not Path(db_path).exists():
        raise click.BadParameter(f"{db_path} does not exist: run `stemspine crawl` first",
                                 param_hint="--db")
    if package_tag and platform:
        raise click.BadParameter("give --package or --deploy, not both", param_hint="--deploy")
    if (Path(folder) / Path(db_path).name).resolve() == Path(db_path).resolve():
        raise click.BadParameter("the snapshot would replace the database: choose another "
                                 "folder", param_hint="--to")
    try:
        snapshot = publish_snapshot(db_path, folder, offline=is_offline_db(db_path))
    except subprocess.CalledProcessError as exc:
        click.echo(f"`datasette inspect` failed (exit code {exc.returncode}); the snapshot is "
                   f"in {folder}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"snapshot {snapshot.database} (inspect data {snapshot.inspect_file}); serve it "
               f"with: stemspine serve --db {snapshot.database} --immutable")
    if not (package_tag or platform):
        return
    argv = datasette_command(snapshot, bundle_plugins(folder), package_tag=package_tag,
                             platform=platform, service=service)
    click.echo(shlex.join(argv))
    if dry_run:
        return
    code = subprocess.run(argv).returncode
    if code:
        click.echo(f"`datasette {argv[3]}` failed (exit code {code}); the snapshot is in "
                   f"{folder}", err=True)
        sys.exit(EXIT_FAILED)


@main.command()
@db_option
@click.option("--topic", metavar="FILE", default=None,
              help="Show the watermarks the searches in FILE would start from (default: the "
                   "searches of each source's last live run).")
def status(db: str | None, topic: str | None) -> None:
    """Last crawl runs, counts, errors; exit code non-zero if the last run failed. Reads only:
    works on a read-only database."""
    from crawlers.topic import load_topic, search_keys
    from db.build import underived_records
    from db.schema import open_db_readonly

    searches: dict[str, str] = {}
    if topic:
        try:
            searches = search_keys(load_topic(topic))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--topic") from None
    db_path = existing_db(db)
    if not Path(db_path).exists():
        click.echo(f"{db_path} does not exist: no crawl has run yet", err=True)
        sys.exit(EXIT_FAILED)
    database = open_db_readonly(db_path)
    worst = EXIT_OK
    click.echo(f"database {db_path}")
    for table in ("records", "studies", "study_tags", "links", "registration_history"):
        click.echo(f"  {table}: {database[table].count}")
    behind = underived_records(database)
    if behind:
        click.echo(f"  studies are behind the records: {behind} stored records are not derived "
                   "yet (the last derive did not finish, or a crawl is running): run "
                   "`stemspine tag`")
        worst = EXIT_FAILED
    last_runs = list(database.query(
        "select * from crawl_runs where id in (select max(id) from crawl_runs group by source) "
        "order by source"))
    if not last_runs:
        click.echo("no crawl has run yet")
        sys.exit(EXIT_FAILED)
    click.echo(f"last {STATUS_RUNS} crawl runs per source (newest first): what the API "
               "announced against what was stored")
    for last in last_runs:
        worst = max(worst, STATUS_EXIT.get(last["status"], EXIT_FAILED))
        click.echo(f"  {last['source']}: {last['status']}; "
                   f"{watermark_line(database, last['source'], searches.get(last['source']))}")
        for run_row in database.query("select * from crawl_runs where source = ? order by id "
                                      "desc limit ?", [last["source"], STATUS_RUNS]):
            show_run(database, run_row)
    sys.exit(worst)


STATUS_RUNS = 3  # runs shown per source


def watermark_line(database: Any, source: str, search: str | None = None) -> str:
    """The watermark and the date the next incremental run asks from, reckoned with the margin
    of the source's last live run (a scheduled job runs with the same settings every night), as
    that run would reckon them; for the search fingerprinted ``search`` (``status --topic``),
    else for the last live run's."""

    from crawlers import settings
    from db import store

    margin = store.run_margin(database, source, settings.STEMSPINE_WATERMARK_MARGIN_DAYS)
    days = f"margin {margin} day{'' if margin == 1 else 's'}"
    mark = store.watermark(database, source, margin, search)
    if search is not None:
        days += "; for the search in --topic"
    elif store.other_searches(database, source):
        # (runs of an earlier query: what they fetched says nothing of what this one matches)
        days += "; ok runs of an earlier search do not count"
    if mark is None:
        return f"no watermark yet: the next incremental run fetches everything ({days})"
    start = store.asks_from(mark, margin) or "the beginning"
    return (f"watermark {mark} (every record stamped before it is stored; the next incremental "
            f"run asks from {start}: {days}, as the last run)")


def show_run(database: Any, run: dict[str, Any]) -> None:
    announced = "?" if run.get("announced") is None else run["announced"]
    dates = f"{run['since'] or 'the beginning'} to {run.get('until') or '?'}"
    if run.get("margin_days") is not None:
        dates += f", margin {run['margin_days']} d"
    ended = f"finished {run['finished'] or '-'}"
    state = run["status"]
    if state == "running":  # in progress, or killed and not yet closed by the next crawl
        ended = f"last seen alive {run.get('last_seen') or run['started']}"
    elif (run["message"] or "").startswith("abandoned"):
        state, ended = "failed, abandoned", f"last seen alive {run['finished']}"
    click.echo(f"    #{run['id']} {state} ({run['mode']}, {dates}) started "
               f"{run['started']}, {ended}: announced {announced}, "
               f"stored {run.get('stored') if run.get('stored') is not None else '?'} "
               f"({run['new']} new, {run['updated']} updated, {run['unchanged']} unchanged), "
               f"skipped {run.get('skipped') or 0}, deleted {run.get('deleted') or 0}; "
               f"{run['errors']} errors, {run['requests']} requests")
    if run["message"]:
        click.echo(f"      {run['message']}")
    for warning in json.loads(run.get("warnings") or "[]"):
        click.echo(f"      warning: {warning}")
    for error in database.query("select * from crawl_errors where crawl_run_id = ? "
                                "order by id limit 5", [run["id"]]):
        click.echo(f"      error: {error['message']} (position {error['position']}, "
                   f"id {error['source_id']})")


@main.command()
@db_option
@click.argument("labels", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def evaluate(db: str | None, labels: tuple[str, ...]) -> None:
    """Precision/recall/F1 per facet (and per value) of the stored tags, accuracy of design,
    population, level, sample size, result and follow-up, against one or more LABELS files (JSON
    lines, the format of the development corpus' labels.jsonl), each scored on its own studies;
    lists every disagreement. "Extra" studies are those in none of the files."""
    from db.schema import FACET_COLUMNS, open_db_readonly
    from evidence.evaluation import evaluate as run_evaluation

    db_path = existing_db(db)
    if not Path(db_path).exists():
        raise click.BadParameter(f"{db_path} does not exist", param_hint="--db")
    sets: list[tuple[str, list[dict[str, Any]]]] = []
    for path in labels:
        expected = []
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    expected.append(json.loads(line))
                except ValueError as exc:
                    raise click.BadParameter(f"{path} line {number}: {exc}") from exc
        sets.append((path, expected))
    predicted = {}
    for row in open_db_readonly(db_path)["studies"].rows:
        prediction: dict[str, Any] = {facet: json.loads(row[column] or "[]")
                                      for facet, column in FACET_COLUMNS.items()}
        prediction.update(design=row["design"], population=row["population"],
                          evidence_level=row["evidence_level"], sample_size=row["sample_size"],
                          retracted=bool(row["retracted"]), result=row["result"],
                          followup_months=row["followup_months"])
        predicted[row["study_id"]] = prediction
    every_key = [str(r.get("key")) for _, rows in sets for r in rows if isinstance(r, dict)]
    for n, (path, expected) in enumerate(sets):
        try:
            report = run_evaluation(predicted, expected, labelled_elsewhere=every_key)
        except ValueError as exc:
            raise click.BadParameter(f"{path}: {exc}") from exc
        if len(sets) > 1:
            click.echo(f"{'' if n == 0 else chr(10)}== set {n + 1} of {len(sets)}: {path}")
        click.echo(report.format())


# --------------------------------------------------------------------------------------------
# scheduling: a nightly crawl and tag for cron or a systemd timer

SCHEDULE_MARKER = "# stemspine schedule"
UNIT_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-@")


def stemspine_executable() -> str:
    """The absolute path of this installation's ``stemspine`` (the venv's, not whatever PATH
    holds at night)."""
    beside = Path(os.path.abspath(sys.executable)).parent / "stemspine"
    return str(beside) if beside.exists() else os.path.abspath(sys.argv[0])


def nightly_steps(db_path: str) -> list[list[str]]:
    exe = stemspine_executable()
    return [[exe, "crawl", "--db", db_path], [exe, "tag", "--db", db_path]]


def schedule_environment() -> dict[str, str]:
    """What the night's run needs from this shell: NCBI's contact address (not the API key,
    a secret: see README "Scheduled runs")."""
    return {name: os.environ[name] for name in ("NCBI_EMAIL",) if os.environ.get(name)}


def cron_entry(db_path: str, hour: int, minute: int, log: str, name: str) -> str:
    """A marker comment and one crontab line: crawl then tag, each appending to ``log``. As in
    the systemd service, tag runs only after a crawl that exits 0; a non-zero exit prints one
    line, which cron mails (MAILTO), so a partial or failed night does not pass unseen."""
    import shlex

    env = "".join(f"{key}={shlex.quote(value)} " for key, value in schedule_environment().items())
    steps = " && ".join(f"{env}{shlex.join(step)} >> {shlex.quote(log)} 2>&1"
                        for step in nightly_steps(db_path))
    alert = shlex.quote(f"{name}: the nightly run exited with code $?; see {log}")
    alert = alert.replace("$?", "'\"$?\"'") if alert.startswith("'") else alert
    folder = shlex.quote(os.path.dirname(db_path))
    line = (f"{minute} {hour} * * * cd {folder} && {{ {steps} || echo {alert}; }}"
            .replace("%", "\\%"))
    return f"{SCHEDULE_MARKER} {name}: nightly crawl and tag of {db_path}\n{line}\n"


def _unit_word(word: str) -> str:
    """One ExecStart/Environment word as systemd reads it (quotes, % specifiers, $ variables)."""
    word = word.replace("%", "%%").replace("$", "$$")
    if any(char.isspace() or char in "\"'\\" for char in word):
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return word


def _unit_path(path: str) -> str:
    """A path as WorkingDirectory= and StandardOutput=append: read it: taken literally, spaces
    included (quotes would be part of the path), with only % specifiers escaped."""
    return path.replace("%", "%%")


def systemd_units(db_path: str, hour: int, minute: int, log: str | None,
                  name: str) -> dict[str, str]:
    """``NAME.service`` (a oneshot: crawl, then tag) and ``NAME.timer`` (nightly, catching up a
    night missed while the machine was off). Output goes to the journal, or appends to ``log``."""
    environment = "".join(f"Environment={_unit_word(f'{key}={value}')}\n"
                          for key, value in schedule_environment().items())
    exec_lines = "".join("ExecStart=" + " ".join(_unit_word(word) for word in step) + "\n"
                         for step in nightly_steps(db_path))
    output = (f"StandardOutput=append:{_unit_path(log)}\nStandardError=append:{_unit_path(log)}\n"
              if log else "SyslogIdentifier=stemspine\n")
    described = db_path.replace("%", "%%")
    service = (f"[Unit]\nDescription=stemspine nightly crawl and tag of {described}\n"
               "Wants=network-online.target\nAfter=network-online.target\n\n"
               f"[Service]\nType=oneshot\nWorkingDirectory={_unit_path(os.path.dirname(db_path))}\n"
               f"{environment}{exec_lines}{output}")
    timer = (f"[Unit]\nDescription=Nightly stemspine crawl of {described}\n\n"
             f"[Timer]\nOnCalendar=*-*-* {hour:02d}:{minute:02d}:00\nPersistent=true\n"
             f"Unit={name}.service\n\n[Install]\nWantedBy=timers.target\n")
    return {f"{name}.service": service, f"{name}.timer": timer}


def install_cron_entry(entry: str, name: str) -> None:
    """Put ``entry`` into this user's crontab (``crontab -l`` / ``crontab -``), replacing an
    earlier entry of the same name."""
    import shutil
    import subprocess

    if not shutil.which("crontab"):
        raise Failure("crontab is not installed: install cron, or use --systemd", EXIT_FAILED)
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    lines = current.stdout.splitlines() if current.returncode == 0 else []
    marker = f"{SCHEDULE_MARKER} {name}:"
    kept: list[str] = []
    skip_next = False
    for line in lines:
        if skip_next:
            skip_next = False
        elif line.startswith(marker):
            skip_next = True
        else:
            kept.append(line)
    text = "\n".join([*kept, entry.rstrip("\n")]) + "\n"
    written = subprocess.run(["crontab", "-"], input=text, capture_output=True, text=True)
    if written.returncode:
        raise Failure(f"crontab refused the entry: {written.stderr.strip()}", EXIT_FAILED)


@main.command()
@db_option
@click.option("--at", "at", default="02:30", show_default=True, metavar="HH:MM",
              help="Local time of the nightly run.")
@click.option("--systemd", "use_systemd", is_flag=True,
              help="A systemd service and timer instead of a cron line.")
@click.option("--install", is_flag=True,
              help="Write it: into your crontab, or the two units into --unit-dir.")
@click.option("--log", metavar="FILE", default=None,
              help="Append the runs' output to FILE (default: stemspine-crawl.log beside the "
                   "database for cron, the journal for systemd).")
@click.option("--unit-dir", metavar="DIR", default=None,
              help="Where --systemd --install writes (default: ~/.config/systemd/user, or "
                   "/etc/systemd/system for root).")
@click.option("--name", default="stemspine-crawl", show_default=True,
              help="Name of the units (and of the crontab entry, which --install replaces).")
def schedule(db: str | None, at: str, use_systemd: bool, install: bool, log: str | None,
             unit_dir: str | None, name: str) -> None:
    """Print (or, with --install, write) a nightly incremental crawl followed by a tag, as a
    crontab line or a systemd service and timer, with absolute paths to this installation's
    stemspine and the database, and logging."""
    hour_text, sep, minute_text = at.partition(":")
    if not (sep and hour_text.isascii() and minute_text.isascii() and hour_text.isdigit()
            and minute_text.isdigit() and int(hour_text) < 24 and int(minute_text) < 60):
        raise click.BadParameter(f"{at!r} is not a time (HH:MM)", param_hint="--at")
    hour, minute = int(hour_text), int(minute_text)
    if not name or not set(name) <= UNIT_NAME_CHARS:
        raise click.BadParameter(f"{name!r}: use letters, digits and . _ - @",
                                 param_hint="--name")
    db_path = os.path.abspath(resolve_db(db, False))
    if not os.path.isdir(os.path.dirname(db_path)):
        raise click.BadParameter(f"the folder of {db_path} does not exist", param_hint="--db")
    if "NCBI_EMAIL" not in schedule_environment():
        # (a warning, not a refusal: the address may come from a --setting in scrapy.cfg)
        click.echo("warning: NCBI_EMAIL is not set in this shell, so the nightly crawl will "
                   "refuse to start (exit 2); export it and run this command again",
                   err=True)
    log_path = os.path.abspath(log) if log else None
    for path, hint in ((db_path, "--db"), (log_path, "--log")):
        if path and any(char in path for char in "\n\r"):
            raise click.BadParameter("a path with a line break cannot be scheduled",
                                     param_hint=hint)
    if not use_systemd:
        entry = cron_entry(db_path, hour, minute,
                           log_path or os.path.join(os.path.dirname(db_path),
                                                    "stemspine-crawl.log"), name)
        if install:
            install_cron_entry(entry, name)
            click.echo(f"installed in your crontab:\n{entry}", nl=False)
        else:
            click.echo(entry, nl=False)
        return
    units = systemd_units(db_path, hour, minute, log_path, name)
    if not install:
        for filename, text in units.items():
            click.echo(f"# {filename}\n{text}")
        return
    user = os.geteuid() != 0
    folder = Path(unit_dir) if unit_dir else (
        Path.home() / ".config" / "systemd" / "user" if user else Path("/etc/systemd/system"))
    folder.mkdir(parents=True, exist_ok=True)
    for filename, text in units.items():
        (folder / filename).write_text(text, encoding="utf-8")
        click.echo(f"wrote {folder / filename}")
    systemctl = "systemctl --user" if user and not unit_dir else "systemctl"
    click.echo(f"then: {systemctl} daemon-reload && {systemctl} enable --now {name}.timer")


if __name__ == "__main__":
    main()
