"""Writes crawled records and crawl runs through sqlite-utils.

``records`` is keyed by (source, source_id). An incoming record whose raw payload hashes to the
stored ``content_hash`` is not written at all; an older revision never replaces a newer one. A
changed registration also leaves rows in ``registration_history``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from db.history import registration_changes


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


def start_run(db: Database, source: str, mode: str, since: str | None) -> int:
    table = db["crawl_runs"]
    table.insert({"source": source, "started": now_iso(), "status": "running", "mode": mode,
                  "since": since, "requests": 0, "new": 0, "updated": 0, "unchanged": 0,
                  "errors": 0})
    return int(table.last_pk)


def finish_run(db: Database, run_id: int, counts: RunCounts, requests: int,
               message: str | None = None) -> str:
    """Close a crawl run; its status is failed (nothing could be crawled), partial (some errors)
    or ok."""
    if counts.fatal:
        status = "failed"
    elif counts.errors:
        status = "partial"
    else:
        status = "ok"
    db["crawl_runs"].update(run_id, {
        "finished": now_iso(), "status": status, "requests": requests, "new": counts.new,
        "updated": counts.updated, "unchanged": counts.unchanged, "errors": counts.errors,
        "message": message or "; ".join(counts.messages[:5]) or None,
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
    }
    return {key: storable(value) if isinstance(value, str) else value
            for key, value in row.items()}


def save_records(db: Database, records: list[tuple[dict[str, Any], str]], run_id: int | None,
                 counts: RunCounts) -> None:
    """Upsert (record dict, raw payload) pairs in one transaction."""
    at = now_iso()
    table = db["records"]
    with db.atomic():
        for record, raw in records:
            new = _row(record, raw, run_id, at)
            key = (new["source"], new["source_id"])
            old = next(table.rows_where("source = ? and source_id = ?", list(key)), None)
            if old is None:
                new["first_seen"] = at
                table.insert(new)
                counts.new += 1
                continue
            if old["content_hash"] == new["content_hash"]:
                counts.unchanged += 1
                continue
            if old["revised"] and new["revised"] and new["revised"] < old["revised"]:
                counts.unchanged += 1  # an older revision never replaces a newer one
                continue
            if record["kind"] == "registration":
                _save_history(db, json.loads(old["data"]), json.loads(new["data"]), run_id, at)
            new["first_seen"] = old["first_seen"]
            table.update(key, new)
            counts.updated += 1


def _save_history(db: Database, old: dict[str, Any], new: dict[str, Any], run_id: int | None,
                  at: str) -> None:
    rows = [{"nct_id": new.get("nct_id") or new["source_id"], "field": change.field,
             "old_value": change.old_value, "new_value": change.new_value, "changed_at": at,
             "source_updated": change.source_updated, "crawl_run_id": run_id}
            for change in registration_changes(old, new)]
    if rows:
        db["registration_history"].insert_all(rows)


def last_ok_start(db: Database, source: str) -> str | None:
    """Start time of the last crawl of ``source`` that completed without error: the incremental
    watermark."""
    row = next(db["crawl_runs"].rows_where("source = ? and status = 'ok'", [source],
                                           order_by="id desc", limit=1), None)
    return row["started"] if row else None
