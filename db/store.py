"""Writes crawled records and crawl runs through sqlite-utils.

``records`` is keyed by (source, source_id). An incoming record whose raw payload hashes to the
stored ``content_hash`` is not written at all; an older revision never replaces a newer one. A
changed registration also leaves rows in ``registration_history``.

A crawl run is ok only when it is reconciled: no errors, and every record the API announced is
stored, or skipped with a logged reason, or reported deleted. The incremental watermark is derived
from the ok runs alone (``watermark``), so a partial or failed run never moves it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from db.history import registration_changes

LIVE_MODES = ("incremental", "full")  # offline runs never touch a live watermark


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(raw: str) -> str:
    """SHA-256 of any str: a lone surrogate (which UTF-8 cannot encode) hashes as its
    ``surrogatepass`` bytes instead of raising."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def storable(text: str) -> str:
    """``text`` as SQLite can store it: each lone surrogate becomes U+FFFD (sqlite3 raises on
    them); a split surrogate pair is joined into its character."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


@dataclass
class RunCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0
    fatal: bool = False
    messages: list[str] = field(default_factory=list)
    announced: int | None = None  # the API's count for the search
    received: set[tuple[str, str]] = field(default_factory=set)  # distinct records that arrived
    stored: set[tuple[str, str]] = field(default_factory=set)  # ... written or found unchanged
    # source ids left out on purpose, with a logged reason: distinct, like stored and deleted,
    # so that a record fetched twice (a re-asked batch, a re-run window) counts once
    skipped: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)  # source ids the API reported deleted
    warnings: list[str] = field(default_factory=list)

    def add(self, other: RunCounts) -> None:
        """Fold the counts of one committed batch into the run's."""
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.stored |= other.stored

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def unreconciled(self) -> str | None:
        """Why the run is not reconciled, or None when every announced record is accounted for."""
        if self.announced is None:
            return "the API's count of matching records was never read"
        # (by distinct id: a record served and also reported deleted is one of the announced)
        accounted = len({source_id for _, source_id in self.stored} | self.skipped
                        | self.deleted)
        if accounted == self.announced:
            return None
        return (f"not reconciled: the API announced {self.announced}, accounted for {accounted} "
                f"({len(self.stored)} stored, {len(self.skipped)} skipped, {len(self.deleted)} "
                f"deleted; {len(self.received)} received)")

    def status(self) -> str:
        """failed: nothing could be crawled; partial: errors, or not every announced record is
        accounted for; ok: reconciled without errors."""
        if self.fatal or (self.announced is None and not self.stored):
            return "failed"
        if self.errors or self.unreconciled():
            return "partial"
        return "ok"


def start_run(db: Database, source: str, mode: str, since: str | None,
              until: str | None = None, margin_days: int | None = None,
              search: str | None = None) -> int:
    """A ``running`` row for a crawl of ``source``; ``margin_days`` is the watermark margin the
    run uses (``status`` reads it back), ``search`` the fingerprint of its query."""
    table = db["crawl_runs"]
    started = now_iso()
    table.insert({"source": source, "started": started, "status": "running", "mode": mode,
                  "since": since, "until": until, "requests": 0, "new": 0, "updated": 0,
                  "unchanged": 0, "errors": 0, "margin_days": margin_days,
                  "last_seen": started, "search": search})
    return int(table.last_pk)


def touch_run(db: Database, run_id: int) -> None:
    """The run's heartbeat: its process is alive now (``last_seen``)."""
    with db.atomic():
        db.execute("update crawl_runs set last_seen = ? where id = ?", [now_iso(), run_id])


ABANDONED = "abandoned: the process stopped without finishing (killed?)"


def close_abandoned_runs(db: Database, source: str | None = None,
                         silent_seconds: float = 0.0) -> int:
    """Mark failed every run still ``running`` whose process is gone. The CLI holds the
    database's lock, so every such run is gone (killed, or the machine stopped). A Scrapyd job
    holds no lock and other jobs may be running: it closes only runs of its own ``source``
    that have given no sign of life (``last_seen``, written every few seconds while a run is
    alive) for ``silent_seconds``. ``finished`` is when the run was last seen alive, not now.
    Returns how many were closed."""
    where, params = "status = 'running'", []
    if source is not None:
        where += " and source = ?"
        params.append(source)
    if silent_seconds > 0:
        cutoff = (datetime.now(UTC) - timedelta(seconds=silent_seconds)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        where += " and coalesce(last_seen, started) < ?"
        params.append(cutoff)
    with db.atomic():
        cursor = db.execute(
            "update crawl_runs set status = 'failed', finished = coalesce(last_seen, started), "
            "message = ? || '; last seen alive ' || coalesce(last_seen, started) || "
            f"coalesce('; ' || message, '') where {where}", [ABANDONED, *params])
    return cursor.rowcount


def _run_column(db: Database, name: str) -> str:
    """``name``, or NULL in a database written before ``crawl_runs`` had that column (a later
    migration) and opened read-only, so not migrated: ``status`` reads it all the same (runs
    without a ``search`` count as one unnamed search, without ``margin_days`` as the default)."""
    return name if name in db["crawl_runs"].columns_dict else "NULL"


def run_search(db: Database, source: str) -> str | None:
    """The search fingerprint of ``source``'s last live run (the query a scheduled job sends)."""
    column = _run_column(db, "search")
    row = next(db.query(f"select {column} as search from crawl_runs where source = ? "
                        "and mode in (?, ?) order by id desc limit 1", [source, *LIVE_MODES]),
               None)
    return row["search"] if row else None


def other_searches(db: Database, source: str) -> int:
    """How many ok live runs of ``source`` sent another query than its last live run."""
    column = _run_column(db, "search")
    row = next(db.query("select count(*) as n from crawl_runs where source = ? and status = 'ok' "
                        f"and mode in (?, ?) and {column} is not ?",
                        [source, *LIVE_MODES, run_search(db, source)]))
    return int(row["n"])


def run_margin(db: Database, source: str, default: int) -> int:
    """The watermark margin of ``source``'s last live run (what a scheduled job runs with), or
    ``default`` when no run stored one."""
    margin = _run_column(db, "margin_days")
    row = next(db.query(f"select {margin} as margin_days from crawl_runs where source = ? "
                        f"and mode in (?, ?) and {margin} is not null order by id desc limit 1",
                        [source, *LIVE_MODES]), None)
    return int(row["margin_days"]) if row else default


def finish_run(db: Database, run_id: int, counts: RunCounts, requests: int,
               message: str | None = None) -> str:
    """Close a crawl run with its counts and status (see ``RunCounts.status``)."""
    status = counts.status()
    messages = list(counts.messages)
    reason = counts.unreconciled()
    if reason and not counts.fatal:
        messages.insert(0, reason)
    finished = now_iso()
    db["crawl_runs"].update(run_id, {
        "finished": finished, "last_seen": finished, "status": status, "requests": requests,
        "new": counts.new,
        "updated": counts.updated, "unchanged": counts.unchanged, "errors": counts.errors,
        "announced": counts.announced, "received": len(counts.received),
        "stored": len(counts.stored), "skipped": len(counts.skipped),
        "deleted": len(counts.deleted),
        "warnings": json.dumps(counts.warnings, ensure_ascii=False) if counts.warnings else None,
        "message": message or "; ".join(messages[:5]) or None,
    })
    return status


def record_error(db: Database, run_id: int, source: str, message: str, *, url: str | None = None,
                 position: int | None = None, source_id: str | None = None) -> None:
    db["crawl_errors"].insert({"crawl_run_id": run_id, "source": source,
                               "url": url and storable(url), "position": position,
                               "source_id": source_id and storable(source_id),
                               "message": storable(message), "at": now_iso()})


def _row(record: dict[str, Any], raw: str, run_id: int | None, at: str) -> dict[str, Any]:
    row = {
        "source": record["source"], "source_id": record["source_id"], "kind": record["kind"],
        "title": record.get("title"), "year": record.get("year"), "pmid": record.get("pmid"),
        "pmcid": record.get("pmcid"), "doi": record.get("doi"), "nct_id": record.get("nct_id"),
        "revised": record.get("revised"),
        "data": json.dumps(record, ensure_ascii=False, sort_keys=True),
        "raw": raw, "content_hash": content_hash(raw), "fetched_at": at, "crawl_run_id": run_id,
        "deleted": 0,
    }
    return {key: storable(value) if isinstance(value, str) else value
            for key, value in row.items()}


def save_records(db: Database, records: list[tuple[dict[str, Any], str]], run_id: int | None,
                 counts: RunCounts) -> None:
    """Upsert (record dict, raw payload) pairs in one transaction. ``counts`` changes only when
    the transaction commits: a failed write (e.g. a full disk) leaves it as it was, so the batch
    can be written again."""
    at = now_iso()
    table = db["records"]
    batch = RunCounts()
    with db.atomic():
        rows = [(_row(record, raw, run_id, at), record) for record, raw in records]
        existing = _stored_rows(db, [(new["source"], new["source_id"]) for new, _ in rows])
        inserts: dict[tuple[str, str], dict[str, Any]] = {}
        for new, record in rows:
            key = (new["source"], new["source_id"])
            old = inserts.get(key) or existing.get(key)
            batch.stored.add(key)
            if old is None:
                new["first_seen"] = at
                inserts[key] = new
                batch.new += 1
                continue
            if old["content_hash"] == new["content_hash"] or (
                    old["revised"] and new["revised"] and new["revised"] < old["revised"]):
                # unchanged, or an older revision (which never replaces a newer one)
                if old.get("deleted"):
                    table.update(key, {"deleted": 0})  # served again: no longer deleted
                    old["deleted"] = 0
                batch.unchanged += 1
                continue
            if record["kind"] == "registration":
                _save_history(db, json.loads(old["data"]), json.loads(new["data"]), run_id, at)
            new["first_seen"] = old["first_seen"]
            if key in inserts:  # twice in one batch: the later version is inserted
                inserts[key] = new
                continue
            table.update(key, new)
            existing[key] = new
            batch.updated += 1
        if inserts:
            table.insert_all(inserts.values())
    counts.add(batch)


def _stored_rows(db: Database, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """The stored rows of these (source, source_id) keys, in a few queries."""
    found: dict[tuple[str, str], Any] = {}
    by_source: dict[str, list[str]] = {}
    for source, source_id in keys:
        by_source.setdefault(source, []).append(source_id)
    for source, ids in by_source.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in db.query("select source, source_id, kind, data, content_hash, revised, "
                                f"first_seen, deleted from records where source = ? and "
                                f"source_id in ({marks})", [source, *chunk]):
                found[(row["source"], row["source_id"])] = row
    return found


def mark_deleted(db: Database, source: str, source_ids: list[str]) -> int:
    """Mark stored records deleted (kept in ``records``, hidden from ``studies``); returns how
    many stored records were marked."""
    marked = 0
    with db.atomic():
        for source_id in source_ids:
            cursor = db.execute("update records set deleted = 1 where source = ? and "
                                "source_id = ? and not deleted", [source, source_id])
            marked += cursor.rowcount
    return marked


def _save_history(db: Database, old: dict[str, Any], new: dict[str, Any], run_id: int | None,
                  at: str) -> None:
    rows = [{"nct_id": new.get("nct_id") or new["source_id"], "field": change.field,
             "old_value": change.old_value, "new_value": change.new_value, "changed_at": at,
             "source_updated": change.source_updated, "crawl_run_id": run_id}
            for change in registration_changes(old, new)]
    if rows:
        db["registration_history"].insert_all(rows)


def advance_watermark(current: date | None, since: date | None, until: date,
                      margin_days: int) -> date | None:
    """The watermark after an ok run that fetched what the API stamped from ``since`` (None:
    from the beginning) to ``until``.

    A complete run sets it to ``until``. A run from ``since`` extends the chain only when it
    looked back at least ``margin_days`` before the current watermark (as every incremental run
    does): then nothing stamped before ``since`` can be missing. A later ``since`` (``--since``
    past the watermark) leaves a gap, so the watermark stays where it was; without a watermark
    (no complete run yet) it stays None: the next incremental run fetches everything.
    """
    if since is None:
        return until if current is None else max(current, until)
    start = asks_from(current, margin_days) if current is not None else None
    if start is not None and since <= start:  # (no start: the margin reaches past all dates)
        return max(current, until)
    return current


def asks_from(mark: date, margin_days: int) -> date | None:
    """The date an incremental run asks from: ``margin_days`` before the watermark ``mark``, or
    None (from the beginning) when the margin reaches past the first date there is."""
    if margin_days >= (mark - date.min).days:
        return None
    return mark - timedelta(days=margin_days)


def incremental_start(db: Database, source: str, margin_days: int,
                      search: str | None = None) -> date | None:
    """The date the next incremental run of ``source``'s search asks from: its watermark less
    the margin; None (everything) when there is no watermark yet."""
    mark = watermark(db, source, margin_days, search)
    return asks_from(mark, margin_days) if mark is not None else None


def watermark(db: Database, source: str, margin_days: int,
              search: str | None = None) -> date | None:
    """The incremental watermark of ``source`` for the query fingerprinted ``search`` (None: the
    query of the source's last live run): the API date up to which every record it matches has
    been fetched, folded over the ok live runs of that search in order (partial, failed and
    offline runs, and runs of another query, never count). The next incremental run asks for
    records stamped from watermark - margin on."""
    if margin_days < 0:  # a negative margin would ask from after the watermark: a gap
        raise ValueError(f"the watermark margin cannot be negative ({margin_days} days)")
    if search is None:
        search = run_search(db, source)
    current = None
    column = _run_column(db, "search")
    for row in db.query("select since, until, started from crawl_runs where source = ? and "
                        f"status = 'ok' and mode in (?, ?) and {column} is ? "
                        "order by id",
                        [source, *LIVE_MODES, search]):
        if row["until"]:
            until = date.fromisoformat(row["until"])
        else:  # a run from before reconciliation: its start was a UTC time
            until = date.fromisoformat(row["started"][:10]) - timedelta(days=1)
        since = date.fromisoformat(row["since"]) if row["since"] else None
        current = advance_watermark(current, since, until, margin_days)
    return current
