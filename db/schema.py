"""Database schema: versioned migrations (sqlite_utils.Migrations) plus one idempotent step that
(re)builds derived things (full-text search, indexes).

Tables (design.md "Database"):
- ``records``: one row per source record, raw payload kept, ``content_hash`` of the raw payload.
- ``studies``: one row per report (publication or registration) merged across sources.
- ``study_tags``: one row per tag on a study, with the field and text that caused it.
- ``links``: relations between two studies.
- ``crawl_runs`` / ``crawl_errors``: what each crawl did and what failed.
- ``registration_history``: old and new values of changed registration fields.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from db.database_file import check_header, check_owner, open_readonly
from db.facet_index import ensure_facet_index
from db.search_index import ensure_search_index

# Facet name (vocabulary.md) -> JSON array column on ``studies`` (for Datasette's _facet_array).
FACET_COLUMNS: dict[str, str] = {
    "cell_type": "cell_types",
    "cell_source": "cell_sources",
    "donor": "donors",
    "processing": "processing",
    "condition": "conditions",
    "delivery": "deliveries",
    "guidance": "guidance",
    "outcome": "outcomes",
}

# plain columns of ``studies`` that the studies table facets and filters on (year has its own)
SCALAR_FACET_INDEXES = ("design", "evidence_level", "population", "kind", "status", "result")

migrations = Migrations("stemspine")


@migrations()
def m001_initial(db: Database) -> None:
    db["crawl_runs"].create(
        {
            "id": int,
            "source": str,
            "started": str,
            "finished": str,
            "status": str,  # running / ok / partial / failed
            "mode": str,  # incremental / full / offline
            "since": str,  # the date filter the crawl used, if any
            "requests": int,
            "new": int,
            "updated": int,
            "unchanged": int,
            "errors": int,
            "message": str,
        },
        pk="id",
    )
    db["crawl_errors"].create(
        {
            "id": int,
            "crawl_run_id": int,
            "source": str,
            "url": str,
            "position": int,
            "source_id": str,
            "message": str,
            "at": str,
        },
        pk="id",
        foreign_keys=[("crawl_run_id", "crawl_runs", "id")],
    )
    db["records"].create(
        {
            "source": str,
            "source_id": str,
            "kind": str,
            "title": str,
            "year": int,
            "pmid": str,
            "pmcid": str,
            "doi": str,
            "nct_id": str,
            "revised": str,
            "data": str,  # JSON of SourceRecord.as_dict()
            "raw": str,
            "content_hash": str,
            "first_seen": str,
            "fetched_at": str,
            "crawl_run_id": int,
        },
        pk=("source", "source_id"),
        not_null={"source", "source_id", "kind", "raw", "content_hash"},
    )
    studies_columns: dict[str, type] = {
        "study_id": str,  # "pmid:123", "nct:NCT01234567" or "doi:10...."
        "kind": str,  # publication / registration
        "title": str,
        "abstract": str,
        "year": int,
        "pub_date": str,
        "journal": str,
        "authors": str,  # JSON array of names
        "first_author": str,
        "pmid": str,
        "pmcid": str,
        "doi": str,
        "nct_id": str,
        "publication_types": str,  # JSON array
        "design": str,
        "population": str,
        "evidence_level": int,
        "sample_size": int,
        "retracted": int,
        "status": str,  # registration overall status
        "phase": str,
        "why_stopped": str,
        "start_date": str,
        "completion_date": str,
        "has_results": int,
        "sources": str,  # JSON array of "source:source_id"
        "first_seen": str,
        "updated": str,
    }
    for column in FACET_COLUMNS.values():
        studies_columns[column] = str  # JSON array of slugs
    db["studies"].create(studies_columns, pk="study_id")
    db["study_tags"].create(
        {
            "id": int,
            "study_id": str,
            "facet": str,
            "value": str,
            "field": str,
            "matched_text": str,
            "origin": str,  # rule / curation
            "note": str,  # the rule name or the curation reason
        },
        pk="id",
        foreign_keys=[("study_id", "studies", "study_id")],
    )
    db["links"].create(
        {
            "study_id": str,
            "other_study_id": str,
            "relation": str,
            "evidence": str,  # why: the field or text that ties them
        },
        pk=("study_id", "other_study_id", "relation"),
    )
    db["registration_history"].create(
        {
            "id": int,
            "nct_id": str,
            "field": str,
            "old_value": str,
            "new_value": str,
            "changed_at": str,  # when the crawl saw the change
            "source_updated": str,  # the registry's last-update date for the new version
            "crawl_run_id": int,
        },
        pk="id",
    )


@migrations()
def m002_derive_tracking(db: Database) -> None:
    """Bookkeeping of the incremental derive (db/build.py), hidden from Datasette:

    - ``_derive_queue``: records written since the last derive, filled by triggers on
      ``records`` (insert, update, delete), so no writer can forget to mark a change;
    - ``_derive_records``: each record's study at the last derive and the identity grouping needs
      (ids, source rank, match profile), so grouping never re-reads every payload;
    - ``_derive_keys``: what each study states about identifiers (``db.links.LinkKey``), so links
      are recomputed for the keys of changed studies only;
    - ``_derive_state``: the fingerprint of the code and data the derived tables were made with.
    """
    db["_derive_queue"].create({"source": str, "source_id": str}, pk=("source", "source_id"))
    db["_derive_records"].create(
        {"source": str, "source_id": str, "study_id": str, "kind": str, "pmid": str, "doi": str,
         "pmcid": str, "nct": str, "preprint": int, "rank": int, "title": str, "year": int,
         "first_last": str},
        pk=("source", "source_id"))
    db["_derive_keys"].create({"key": str, "study_id": str, "role": str, "detail": str})
    db["_derive_state"].create({"name": str, "value": str}, pk="name")
    for event, rows in (("insert", ("new",)), ("update", ("old", "new")), ("delete", ("old",))):
        inserts = " ".join(
            f"insert or ignore into _derive_queue (source, source_id) "
            f"values ({row}.source, {row}.source_id);" for row in rows)
        db.execute(f"create trigger records_derive_{event} after {event} on records "
                   f"begin {inserts} end")
    db.execute("insert or ignore into _derive_queue (source, source_id) "
               "select source, source_id from records")


@migrations()
def m003_result_columns(db: Database) -> None:
    """What a study found (issue 10): ``result`` (benefit, no_difference, mixed, harm,
    safety_only, not_reported) and ``followup_months``; written by the build."""
    columns = db["studies"].columns_dict
    if "result" not in columns:
        db["studies"].add_column("result", str)
    if "followup_months" not in columns:
        db["studies"].add_column("followup_months", int)


@migrations()
def m004_crawl_reconciliation(db: Database) -> None:
    """What a crawl run reconciles and how far it reaches; deleted source records.

    crawl_runs: ``until`` is the API's own date (US Eastern for NCBI and ClinicalTrials.gov,
    London for Europe PMC) when the run started: an ok run has fetched everything the API had
    stamped up to then, from ``since`` on (``since`` NULL: from the beginning). ``announced`` is
    the API's count for the search, ``received`` the distinct records that arrived, ``stored``
    those written (or found unchanged), ``skipped`` records left out on purpose with a logged
    reason (not studies), ``deleted`` records the API says are deleted; ``warnings`` is a JSON
    list of what the API said that loses nothing by itself. Runs from before this migration have
    no ``until``: the watermark reads their start date minus a day (their start was a UTC time).

    records: ``deleted`` = 1 when the API reported the record deleted (kept, hidden from
    studies); a later fetch of the record clears it.
    """
    runs = db["crawl_runs"]
    for column, kind in (("until", str), ("announced", int), ("received", int), ("stored", int),
                         ("skipped", int), ("deleted", int), ("warnings", str)):
        if column not in runs.columns_dict:
            runs.add_column(column, kind)
    if "deleted" not in db["records"].columns_dict:
        db["records"].add_column("deleted", int, not_null_default=0)


@migrations()
def m005_run_margin(db: Database) -> None:
    """crawl_runs: ``margin_days``, the watermark overlap margin the run was made with
    (STEMSPINE_WATERMARK_MARGIN_DAYS), so that ``status`` reckons the watermark and the next run's
    start as the crawls do. Runs from before this migration have none: the default is read."""
    if "margin_days" not in db["crawl_runs"].columns_dict:
        db["crawl_runs"].add_column("margin_days", int)


@migrations()
def m006_run_heartbeat(db: Database) -> None:
    """crawl_runs: ``last_seen``, when the run's process was last seen alive (set when it starts,
    with every batch it stores and as responses arrive). A run killed without finishing stays
    ``running``; the next crawl closes it as failed with ``finished`` = ``last_seen``, not its
    own start time."""
    if "last_seen" not in db["crawl_runs"].columns_dict:
        db["crawl_runs"].add_column("last_seen", str)


@migrations()
def m007_run_search(db: Database) -> None:
    """crawl_runs: ``search``, the fingerprint of the query the run sent (crawlers.topic
    .search_key). A watermark counts only ok runs of the current search: after a topic edit the
    next run fetches everything the new query matches. Runs from before this migration have
    none, so the first run after it fetches everything once."""
    if "search" not in db["crawl_runs"].columns_dict:
        db["crawl_runs"].add_column("search", str)


def ensure_derived(db: Database) -> None:
    """Idempotent: indexes and full-text search with triggers. Safe to run after every write."""
    db["records"].create_index(["pmid"], if_not_exists=True)
    db["records"].create_index(["doi"], if_not_exists=True)
    db["records"].create_index(["nct_id"], if_not_exists=True)
    db["study_tags"].create_index(["study_id"], if_not_exists=True)
    # a facet value's studies from the index alone (the evidence for one value, claims)
    db["study_tags"].create_index(["facet", "value", "study_id"], if_not_exists=True)
    db.execute("drop index if exists idx_study_tags_facet_value")  # a prefix of the one above
    db["links"].create_index(["other_study_id"], if_not_exists=True)
    db["studies"].create_index(["year"], if_not_exists=True)
    # the studies table's default order with its keyset tie-breaker (db/plugins/paging.py)
    db.execute("create index if not exists idx_studies_year_desc_study_id "
               "on studies (year desc, study_id)")
    db["studies"].create_index(["first_seen"], if_not_exists=True)  # new_since
    # the evidence map's recently added studies, in order with their tie-breaker
    db.execute("create index if not exists idx_studies_first_seen_desc_study_id "
               "on studies (first_seen desc, study_id)")
    # filters on the plain facet columns (?design=rct), counted from the index alone
    for column in SCALAR_FACET_INDEXES:
        db["studies"].create_index([column], if_not_exists=True)
    db["registration_history"].create_index(["nct_id"], if_not_exists=True)
    db["_derive_records"].create_index(["study_id"], if_not_exists=True)
    db["_derive_keys"].create_index(["key"], if_not_exists=True)
    db["_derive_keys"].create_index(["study_id"], if_not_exists=True)
    ensure_search_index(db)
    ensure_facet_index(db, FACET_COLUMNS.values())
    if not db["records"].detect_fts():
        db["records"].enable_fts(["title"], create_triggers=True)


def open_db(path: str) -> Database:
    """Open (creating if needed) a stemspine database in WAL mode, migrated and ready.

    NotAStemspineDatabase (before anything is written) for a file that is not SQLite or belongs
    to another application. Migrations and derived things are each one transaction: a full disk
    or a crash part-way leaves nothing half-made, and the next open completes them.
    """
    check_header(path)
    db = Database(path)
    check_owner(db, path, migrations.name)
    db.enable_wal()
    db.execute("PRAGMA busy_timeout = 30000")
    migrations.apply(db)
    with db.atomic():
        ensure_derived(db)
    return db


def checkpoint(db: Database) -> bool:
    """Move the write-ahead log into the database file and empty it (``wal_checkpoint(TRUNCATE)``),
    so that a plain copy of the .db file alone holds every change. False when a reader kept part
    of the log (SQLite moves it at a later checkpoint): nothing is lost either way."""
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def open_db_readonly(path: str) -> Database:
    """An existing stemspine database for reading only: no migration, no write, works on a
    read-only file, folder or file system (see db.database_file.open_readonly)."""
    return open_readonly(path, migrations.name)
