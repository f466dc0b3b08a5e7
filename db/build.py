"""Derives ``studies``, ``study_tags`` and ``links`` from the stored ``records``, re-deriving only
what changed.

``derive`` is the one entry point. After a crawl it re-derives only the studies whose records
changed, or whose merge group did (a record that joins or leaves a group changes the group):

1. the records written since the last derive come from ``_derive_queue`` (triggers on ``records``
   fill it, so every writer marks its changes);
2. their grouping identities (``db.merge.Identity``) are refreshed in ``_derive_records``; the
   identities of the records a change can regroup (``_Neighbourhood``: the same study, a shared
   identifier, a preprint's year window) are read back (a few small columns, never the payloads)
   and grouped: a nightly run costs what changed, not the number of records;
3. a group is rebuilt when it holds a changed record or its members are not exactly those of one
   stored study; the studies its members had are removed first;
4. the tables that follow studies are refreshed for the changed study ids
   (``after_studies_changed``: links, from the link keys in ``_derive_keys``).

``derive(full=True)`` (``stemspine tag``) re-derives everything; so does a derive whose code,
vocabulary or curation differ from the last one (``_derive_state`` keeps their fingerprint), so that
the derived tables always equal a full rebuild of the stored records.

Everything streams: records are read, merged, tagged and written in batches of ``BATCH_SIZE``
studies; only the identities (ids, a normalised title, a few numbers per record) are held for
all records. The whole derive is one transaction: readers never see half-written tables.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby, islice
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db.bulk_indexes import DELETE_TRIGGERS, INSERT_TRIGGERS, BulkIndexes
from db.evidence_map_table import has_evidence_map, map_inputs, write_evidence_map
from db.links import Link, LinkCollector, LinkKey, key_links, study_keys
from db.merge import (
    PREPRINT_MAX_YEARS,
    Identity,
    MergedStudy,
    build_study,
    group_identities,
    identity,
    record_key,
)
from db.schema import FACET_COLUMNS
from evidence.assess import Assessment, assess
from evidence.curation import CurationEntry, apply_curation
from evidence.vocabulary import Vocabulary

BATCH_SIZE = 500  # studies merged, tagged and written at a time
NEIGHBOURHOOD_MAX_SHARE = 0.5  # of all records: past it, a derive regroups every record
YOUNG_COLLECTION_THRESHOLD = 20_000  # allocations between two young collections (see below)
DERIVE_FORMAT = "2"  # bump when the derived tables change shape without a code change here
_ROOT = Path(__file__).resolve().parent.parent
# What the derived tables are made of besides the records: a change here re-derives everything.
FINGERPRINT_FILES = ("evidence/*.py", "evidence/*.yaml", "db/merge.py", "db/links.py",
                     "db/build.py", "db/schema.py", "db/evidence_map_table.py")


@dataclass
class BuildSummary:
    records: int
    studies: int
    tags: int
    links: int
    derived: int = 0  # studies written (or removed) by this derive
    full: bool = False


@dataclass
class Changes:
    """What a derive changed, for the tables that follow studies."""

    study_ids: set[str] | None  # written or removed; None: everything was re-derived
    link_keys: set[str] = field(default_factory=set)  # keys the changed studies stated before
    map_before: Any = None  # what the evidence map read of the changed studies before


def study_row(study: MergedStudy, assessment: Assessment, seen: dict[str, tuple[str, str]]
              ) -> dict[str, Any]:
    """The full ``studies`` row: merged fields, assessment and the facet JSON arrays."""
    row = study.row()
    row.update(design=assessment.design, population=assessment.population,
               evidence_level=assessment.evidence_level, sample_size=assessment.sample_size,
               retracted=int(assessment.retracted), result=assessment.result,
               followup_months=assessment.followup_months)
    for facet, column in FACET_COLUMNS.items():
        row[column] = json.dumps(assessment.values(facet))
    times = [seen[source] for source in study.sources if source in seen]
    row["first_seen"] = min((t[0] for t in times if t[0]), default=None)
    row["updated"] = max((t[1] for t in times if t[1]), default=None)
    return row


def tag_rows(study_id: str, assessment: Assessment) -> Iterable[dict[str, Any]]:
    for tag in assessment.tags:
        yield {"study_id": study_id, "facet": tag.facet, "value": str(tag.value),
               "field": tag.field, "matched_text": tag.matched_text, "origin": tag.origin,
               "note": tag.note or None}


def derive_fingerprint(curation: list[CurationEntry]) -> str:
    """Hash of the code and data files the derive uses, the curation entries and DERIVE_FORMAT."""
    digest = hashlib.sha256(DERIVE_FORMAT.encode())
    for pattern in FINGERPRINT_FILES:
        for path in sorted(_ROOT.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(repr(curation).encode())
    return digest.hexdigest()


@contextmanager
def fewer_collections(young: int = YOUNG_COLLECTION_THRESHOLD) -> Iterator[None]:
    """Python's cyclic garbage collector run less often for a bulk step: by default it looks at
    the young objects every 700 allocations, and the derive (JSON, merged documents, tags)
    allocates millions of short-lived containers that reference counting frees anyway
    (a quarter of a derive's time besides tagging). Restored afterwards."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(young, threshold[0]), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def derive(db: Database, vocabulary: Vocabulary, curation: list[CurationEntry], *,
           full: bool = False) -> BuildSummary:
    """Re-derive the studies whose records changed since the last derive (all of them with
    ``full``, on a first derive, or when code, vocabulary or curation changed)."""
    with fewer_collections():
        return _derive(db, vocabulary, curation, full)


def _derive(db: Database, vocabulary: Vocabulary, curation: list[CurationEntry],
            full: bool) -> BuildSummary:
    fingerprint = derive_fingerprint(curation)
    with db.atomic():
        previous = next(db.query("select value from _derive_state where name = 'fingerprint'"),
                        None)
        full = full or previous is None or previous["value"] != fingerprint
        if not full and next(db.query("select 1 from _derive_queue limit 1"), None) is None:
            return _summary(db, 0, False)
        builder = _Builder(db, vocabulary, curation)
        changes = builder.derive_all() if full else builder.derive_changed()
        after_studies_changed(db, changes)
        db.execute("delete from _derive_queue")
        db["_derive_state"].upsert({"name": "fingerprint", "value": fingerprint}, pk="name")
    return _summary(db, builder.derived, full)


def underived_records(db: Database) -> int:
    """Records written since the last derive finished: not zero after a derive that failed (or
    was killed), during a crawl, or after Scrapyd jobs that have not been followed by a tag."""
    if "_derive_queue" not in db.table_names():
        return 0
    return db["_derive_queue"].count


def after_studies_changed(db: Database, changes: Changes) -> None:
    """Refresh what follows the studies, for ``changes.study_ids`` or (None) all of them. Every
    table derived from studies (links; aggregates such as the evidence map's) is refreshed here,
    inside the derive's transaction."""
    refresh_links(db, changes)
    if (changes.study_ids is None or not has_evidence_map(db)
            or map_inputs(db, changes.study_ids) != changes.map_before):
        write_evidence_map(db)  # else the map reads the same as before: it is the same


def _summary(db: Database, derived: int, full: bool) -> BuildSummary:
    return BuildSummary(records=db["records"].count, studies=db["studies"].count,
                        tags=db["study_tags"].count, links=db["links"].count, derived=derived,
                        full=full)


# ------------------------------------------------------------------------------------------------
# studies


class _Builder:
    def __init__(self, db: Database, vocabulary: Vocabulary,
                 curation: list[CurationEntry]) -> None:
        self.db = db
        self.vocabulary = vocabulary
        self.curation: dict[str, list[CurationEntry]] = {}
        for entry in curation:
            self.curation.setdefault(entry.study_id, []).append(entry)
        self.live = _live_records_condition(db)
        self.derived = 0

    def derive_all(self) -> Changes:
        with BulkIndexes(self.db, INSERT_TRIGGERS + DELETE_TRIGGERS) as indexes:
            for table in ("study_tags", "links", "studies", "_derive_keys", "_derive_records"):
                self.db.execute(f"delete from [{table}]")
            indexes.clear()
            identities: dict[str, Identity] = {}
            rows = self.db.query(f"select source, source_id, data from records where "
                                 f"{self.live} order by source, source_id")
            for row in rows:
                record = json.loads(row["data"])
                identities[record_key(row)] = identity(_keyed(record, row))
            groups = group_identities(list(identities.values()))
            self._write(groups, identities)
            indexes.add()
        return Changes(None)

    def derive_changed(self) -> Changes:
        db = self.db
        dirty = {record_key(row) for row in db.query("select source, source_id from _derive_queue")}
        fresh = {record_key(row): identity(_keyed(json.loads(row["data"]), row))
                 for row in _records_by_key(db, sorted(dirty), ("data",), self.live)}
        # the records whose grouping the change can move (or, past half of them, all records),
        # with their identities and the study each had at the last derive
        identities, stored = _Neighbourhood(db, dirty, fresh).grow()
        groups = group_identities(list(identities.values()))
        members = Counter(stored.values())
        rebuild, old_ids = [], {stored[key] for key in dirty if key in stored}
        for group in groups:
            before = {stored.get(key) for key in group}
            study_id = next(iter(before))
            if (dirty.isdisjoint(group) and len(before) == 1 and study_id is not None
                    and members[study_id] == len(group)):
                continue  # the same records as one stored study, none of them changed
            rebuild.append(group)
            old_ids |= {sid for sid in before if sid}
        gone = [key for key in dirty if key in stored and key not in identities]
        db.conn.executemany("delete from _derive_records where source = ? and source_id = ?",
                            [key.split(":", 1) for key in gone])
        map_before = map_inputs(db, old_ids)
        link_keys = self._remove(old_ids)
        with BulkIndexes(db) as indexes:
            new_ids = self._write(rebuild, identities)
            _fill_ids(db, "_written", new_ids)
            indexes.add("study_id in (select study_id from temp._written)")
        self.derived = len(old_ids | new_ids)
        return Changes(old_ids | new_ids, link_keys, map_before)

    def _remove(self, study_ids: set[str]) -> set[str]:
        """Delete these studies' rows; return the link keys they stated."""
        db = self.db
        _fill_ids(db, "_removed", study_ids)
        keys = {row["key"] for row in db.query(
            "select distinct key from _derive_keys where study_id in "
            "(select study_id from temp._removed)")}
        for table in ("study_tags", "studies", "_derive_keys"):
            db.execute(f"delete from [{table}] where study_id in "
                       "(select study_id from temp._removed)")
        return keys

    def _write(self, groups: list[list[str]], identities: dict[str, Identity]) -> set[str]:
        """Merge, tag and write the studies of ``groups``, a batch at a time."""
        written: set[str] = set()
        for batch in _chunks(groups, BATCH_SIZE):
            studies, seen = self._merge(batch)
            for study, _ in studies:
                if study.study_id in written:
                    raise ValueError(f"two studies got the id {study.study_id!r}")
                written.add(study.study_id)
            self._store(studies, seen, identities)
        self.derived = len(written)
        return written

    def _merge(self, batch: list[list[str]]
               ) -> tuple[list[tuple[MergedStudy, list[str]]], dict[str, Any]]:
        """The studies of a batch of groups (each with its record keys), and when their records
        were first seen and fetched."""
        keys = sorted(key for group in batch for key in group)
        records, seen = {}, {}
        for row in _records_by_key(self.db, keys, ("data", "first_seen", "fetched_at"),
                                   self.live):
            key = record_key(row)
            records[key] = _keyed(json.loads(row["data"]), row)
            seen[key] = (row["first_seen"], row["fetched_at"])
        return [(build_study([records[key] for key in group], copy_values=False), group)
                for group in batch], seen

    def _store(self, studies: list[tuple[MergedStudy, list[str]]], seen: dict[str, Any],
               identities: dict[str, Identity]) -> None:
        rows, tags, facts, members = [], [], [], []
        for study, group in studies:
            assessment = apply_curation(study.study_id, assess(study.doc, self.vocabulary),
                                        self.curation.get(study.study_id, ()))
            rows.append(study_row(study, assessment, seen))
            tags.extend(tag_rows(study.study_id, assessment))
            facts.extend(_key_row(fact) for fact in study_keys(study))
            members.extend(_identity_row(identities[key], study.study_id) for key in group)
        _insert_rows(self.db, "studies", rows)
        _insert_rows(self.db, "study_tags", tags)
        _insert_rows(self.db, "_derive_keys", facts)
        _insert_rows(self.db, "_derive_records", members, "insert or replace")


def _insert_rows(db: Database, table: str, rows: list[dict[str, Any]],
                 verb: str = "insert") -> None:
    """Insert rows of plain values (all with the same keys), one executemany: for the big
    tables, where sqlite-utils' per-value conversion in ``insert_all`` costs more than the
    insert itself (the schema is still sqlite-utils')."""
    if rows:
        columns = list(rows[0])
        db.conn.executemany(
            f"{verb} into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
            f"values ({', '.join('?' for _ in columns)})",
            [tuple(row[c] for c in columns) for row in rows])


def _live_records_condition(db: Database) -> str:
    """SQL condition for records that make studies: a ``deleted`` record (if the column exists)
    is kept in ``records`` but makes no study."""
    return "coalesce(deleted, 0) = 0" if "deleted" in db["records"].columns_dict else "1"


def _keyed(record: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """The record dict, with source and source_id as stored (the row's key wins)."""
    record["source"], record["source_id"] = row["source"], row["source_id"]
    return record


def _records_by_key(db: Database, keys: list[str], columns: tuple[str, ...], live: str
                    ) -> Iterator[dict[str, Any]]:
    """Live ``records`` rows (source, source_id and ``columns``) of ``source:source_id`` keys."""
    selected = ", ".join(f"r.[{column}]" for column in ("source", "source_id", *columns))
    for chunk in _chunks(keys, BATCH_SIZE):
        values = ", ".join("(?, ?)" for _ in chunk)
        params = [part for key in chunk for part in key.split(":", 1)]
        yield from db.query(
            f"with wanted (source, source_id) as (values {values}) select {selected} "
            "from wanted w join records r on r.source = w.source and r.source_id = w.source_id "
            f"where {live}", params)


def _fill_ids(db: Database, table: str, ids: Iterable[str]) -> None:
    db.execute(f"create temp table if not exists [{table}] (study_id text primary key)")
    db.execute(f"delete from temp.[{table}]")
    db.conn.executemany(f"insert or ignore into temp.[{table}] (study_id) values (?)",
                        [(i,) for i in ids])


def _identity_row(ident: Identity, study_id: str) -> dict[str, Any]:
    source, source_id = ident.key.split(":", 1)
    return {"source": source, "source_id": source_id, "study_id": study_id, "kind": ident.kind,
            "pmid": ident.pmid, "doi": ident.doi, "pmcid": ident.pmcid, "nct": ident.nct,
            "preprint": int(ident.preprint), "rank": ident.rank, "title": ident.title,
            "year": ident.year, "first_last": ident.first_last}


IDENTITY_COLUMNS = ("source, source_id, kind, pmid, doi, pmcid, nct, preprint, rank, title, year, "
                    "first_last")  # of ``_derive_records``, in ``_identity_from_tuple``'s order


class _Neighbourhood:
    """The stored records a change can regroup, found from the changed records outwards: the
    grouping (``db.merge.group_identities``) of these records alone is then the grouping of all
    records restricted to them, so a nightly run reads what changed and its neighbours, not
    every record's identity. Closed under:

    1. the other records of each one's stored study (a study a change touches is rebuilt whole);
    2. records that share a PMID, DOI, PMCID or NCT id with one (old and new identifiers of the
       changed records: the union of one identifier's records depends on all of them);
    3. preprints and the journal versions they may join (``_join_preprints``): for each
       publication of year y, the preprints of years y-2..y; for each preprint of year y, the
       publications of years y..y+2 (the year window of the match, wider than the match: titles
       and authors are left out, so that no candidate is ever missed).

    Past ``NEIGHBOURHOOD_MAX_SHARE`` of all records, ``grow`` stops and returns every record:
    grouping them all is then as cheap.
    """

    def __init__(self, db: Database, dirty: set[str], fresh: dict[str, Identity]) -> None:
        self.db = db
        self.dirty = dirty
        self.identities: dict[str, Identity] = dict(fresh)  # the changed records' new identity
        self.stored: dict[str, str] = {}  # record key -> study id at the last derive
        self.done: dict[str, set[Any]] = {name: set() for name in (
            "study_id", "pmid", "doi", "pmcid", "nct", "preprint_year", "publication_year")}

    def grow(self) -> tuple[dict[str, Identity], dict[str, str]]:
        count = self.db.execute("select count(*) from _derive_records").fetchone()[0]
        limit = count * NEIGHBOURHOOD_MAX_SHARE
        if len(self.dirty) > limit:
            return self._everything()
        pairs = json.dumps(sorted(key.split(":", 1) for key in self.dirty))
        around = list(self.identities.values()) + self._load(
            "(source, source_id) in (select json_extract(value, '$[0]'), "
            "json_extract(value, '$[1]') from json_each(?))", [pairs])
        while around:
            wanted = {name: json.dumps(sorted(values))
                      for name, values in self._wanted(around).items()}
            around = []
            for condition, names in _NEIGHBOUR_QUERIES:
                if all(wanted[name] == "[]" for name in names):
                    continue
                if len(self.stored) > limit:
                    return self._everything()
                around += self._load(condition, [wanted[name] for name in names])
        return self.identities, self.stored

    def _wanted(self, idents: list[Identity]) -> dict[str, set[Any]]:
        """What to look up next around these identities (not looked up before)."""
        wanted: dict[str, set[Any]] = {name: set() for name in self.done}
        for ident in idents:
            study_id = self.stored.get(ident.key)
            if study_id is not None:
                wanted["study_id"].add(study_id)
            for name in ("pmid", "doi", "pmcid", "nct"):
                if getattr(ident, name):
                    wanted[name].add(getattr(ident, name))
            if ident.kind == "publication" and ident.year is not None:
                wanted["preprint_year"].update(range(ident.year - PREPRINT_MAX_YEARS,
                                                     ident.year + 1))
                if ident.preprint:
                    wanted["publication_year"].update(range(ident.year,
                                                            ident.year + PREPRINT_MAX_YEARS + 1))
        for name, values in wanted.items():
            values -= self.done[name]
            self.done[name] |= values
        return wanted

    def _load(self, condition: str, params: list[Any]) -> list[Identity]:
        """Stored rows not loaded yet; returns their stored identities (a changed record's old
        one: what it was grouped by until now)."""
        found = []
        for row in self.db.execute(f"select {IDENTITY_COLUMNS}, study_id from _derive_records "
                                   f"where {condition}", params):
            key = f"{row[0]}:{row[1]}"
            if key in self.stored:
                continue
            self.stored[key] = row[-1]
            ident = _identity_from_tuple(key, row)
            if key not in self.dirty:
                self.identities[key] = ident
            found.append(ident)
        return found

    def _everything(self) -> tuple[dict[str, Identity], dict[str, str]]:
        self._load("1", [])
        return self.identities, self.stored


_IN = "in (select value from json_each(?))"
# (condition on ``_derive_records``, the ``_Neighbourhood._wanted`` lists it takes)
_NEIGHBOUR_QUERIES = (
    (f"study_id {_IN}", ("study_id",)),
    (f"pmid {_IN} or doi {_IN} or pmcid {_IN} or nct {_IN}", ("pmid", "doi", "pmcid", "nct")),
    (f"preprint = 1 and year {_IN}", ("preprint_year",)),
    (f"kind = 'publication' and year {_IN}", ("publication_year",)),
)


def _identity_from_tuple(key: str, row: tuple[Any, ...]) -> Identity:
    return Identity(key, row[2], row[3], row[4], row[5], row[6], bool(row[7]), row[8], row[9],
                    row[10], row[11])


def _key_row(fact: LinkKey) -> dict[str, Any]:
    return {"key": fact.key, "study_id": fact.study_id, "role": fact.role, "detail": fact.detail}


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# ------------------------------------------------------------------------------------------------
# links


def refresh_links(db: Database, changes: Changes) -> None:
    """Recompute the links of the changed studies (all links when ``changes.study_ids`` is None)
    from the link keys: those the changed studies state now, and those they stated before."""
    out = LinkCollector()
    columns = "key, study_id, role, detail"
    if changes.study_ids is None:
        db.execute("delete from links")
        facts = db.query(f"select {columns} from _derive_keys order by key, study_id, role, detail")
        for _, group in groupby((LinkKey(**row) for row in facts), key=lambda f: f.key):
            key_links(list(group), out)
        _insert_links(db, out.links())
        return
    changed = changes.study_ids
    _fill_ids(db, "_changed", changed)
    keys = set(changes.link_keys)
    keys |= {row["key"] for row in db.query(
        "select distinct key from _derive_keys where study_id in "
        "(select study_id from temp._changed)")}
    db.execute("delete from links where study_id in (select study_id from temp._changed) "
               "or other_study_id in (select study_id from temp._changed)")
    for chunk in _chunks(sorted(keys), BATCH_SIZE):
        marks = ", ".join("?" for _ in chunk)
        facts = db.query(f"select {columns} from _derive_keys where key in ({marks}) "
                         "order by key, study_id, role, detail", chunk)
        for _, group in groupby((LinkKey(**row) for row in facts), key=lambda f: f.key):
            key_links(list(group), out)
    _insert_links(db, [link for link in out.links()
                       if link.study_id in changed or link.other_study_id in changed])


def _insert_links(db: Database, links: list[Link]) -> None:
    db["links"].insert_all(({"study_id": link.study_id, "other_study_id": link.other_study_id,
                             "relation": link.relation, "evidence": link.evidence}
                            for link in links), batch_size=BATCH_SIZE)


# ------------------------------------------------------------------------------------------------
# stemspine tag


def reparse_records(db: Database, parse: Any) -> tuple[int, list[str]]:
    """Re-read every stored raw payload with ``parse(source, raw) -> record`` and store the new
    parsed data where it changed. Returns (changed, problems); a payload that no longer parses
    keeps its previous data and is reported."""
    changed, problems = 0, []
    with db.atomic():
        for row in db.query("select source, source_id, data, raw from records"):
            try:
                record = parse(row["source"], row["raw"]).as_dict()
            except ValueError as exc:
                problems.append(f"{row['source']}:{row['source_id']}: {exc}")
                continue
            data = json.dumps(record, ensure_ascii=False, sort_keys=True)
            if data != row["data"]:
                db["records"].update((row["source"], row["source_id"]), {
                    "data": data, "title": record.get("title"), "year": record.get("year"),
                    "pmid": record.get("pmid"), "pmcid": record.get("pmcid"),
                    "doi": record.get("doi"), "nct_id": record.get("nct_id"),
                    "revised": record.get("revised")})
                changed += 1
    return changed, problems
