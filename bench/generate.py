"""Generators for benchmarks: a realistic N-study database, and a synthetic PubMed replay corpus.

    .venv/bin/python bench/generate.py database PATH N [--seed S]   studies, tags and links
    .venv/bin/python bench/generate.py pubmed FOLDER N                a corpus for the replay server

**The N-study database** holds the derived tables only (``studies``, ``study_tags``, ``links``;
no ``records``: do not crawl into it), written through the project's schema (``db.schema.open_db``:
indexes, full-text search). Each study copies a labelled study of the corpora (``../shared/corpus``
and ``../shared/corpus-real``, else the bundled sample): its facet values, design, population,
level, sample size, result and follow-up, so the joint distribution of tags is the labels'; the
tag rows carry the field and matched text the tagger finds in that labelled study. Titles and
abstracts are recombined (the template's title with another study's subtitle; the template's
abstract sections with one section of another study), years spread around the template's, sample
sizes jittered. Registrations, trial links and retractions keep the labels' proportions: a
publication names a trial as often as the labelled human clinical publications do, reports of a
trial follow a geometric count (mean 1.5), and a trial's registration is absent as often as in
the labels (then the link goes to a trial key, as db/links.py writes it).

**The PubMed corpus** clones the corpora's PubMed articles under new PMIDs
(``crawlers.replay.synthetic.write_pubmed_corpus``, the generator the paging tests use).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from crawlers.replay.synthetic import write_pubmed_corpus  # noqa: E402
from db.schema import FACET_COLUMNS, open_db  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPORA = (SHARED / "corpus", SHARED / "corpus-real")
SAMPLE = ROOT / "crawlers" / "sample_corpus"
BATCH = 5000
FACETS = tuple(FACET_COLUMNS)


def corpora() -> list[Path]:
    """The labelled corpora present: the shared dev corpora, else the bundled sample."""
    found = [c for c in CORPORA if (c / "labels.jsonl").exists()]
    return found or [SAMPLE]


# ------------------------------------------------------------------------------------------------
# the PubMed replay corpus


def write_crawl_corpus(target: Path, count: int) -> list[str]:
    """``count`` PubMed articles cloned from every labelled corpus into ``target``/pubmed/."""
    with tempfile.TemporaryDirectory() as tmp:
        templates = Path(tmp)
        (templates / "pubmed").mkdir()
        for n, corpus in enumerate(corpora()):
            for path in sorted((corpus / "pubmed").glob("*.xml")):
                shutil.copy(path, templates / "pubmed" / f"{n}-{path.name}")
        return write_pubmed_corpus(templates, target, count)


# ------------------------------------------------------------------------------------------------
# the N-study database


class Templates:
    """Labelled studies with their documents and the tagger's evidence for each labelled value."""

    def __init__(self) -> None:
        from corpus_docs import label_rows, labelled_documents  # type: ignore[import-not-found]

        from db.evidence_files import load_vocabulary
        from evidence.assess import assess

        vocabulary = load_vocabulary()
        self.rows: list[dict[str, Any]] = []
        for corpus in corpora():
            docs = labelled_documents(corpus)
            for label in label_rows(corpus):
                doc = docs.get(label["key"])
                if doc is None:
                    continue
                evidence = {(t.facet, t.value): (t.field, t.matched_text)
                            for t in assess(doc, vocabulary).tags}
                self.rows.append({"label": label, "doc": doc, "evidence": evidence})
        if not self.rows:
            raise SystemExit("no labelled corpus found")
        publications = [r for r in self.rows if not r["label"]["key"].startswith("nct:")]
        clinical = [r for r in publications if r["label"].get("population") == "human"
                    and r["label"].get("evidence_level") in (2, 3, 4)]
        registered = [r for r in clinical
                      if any(o.startswith("nct:") for o in r["label"].get("links") or [])]
        registrations = {r["label"]["key"] for r in self.rows
                         if r["label"]["key"].startswith("nct:")}
        named = {o for r in registered for o in r["label"]["links"] if o.startswith("nct:")}
        self.share_registered = len(registered) / max(len(clinical), 1)
        self.share_trial_absent = len(named - registrations) / max(len(named), 1)
        self.share_retracted = sum(bool(r["label"].get("retracted")) for r in publications) / max(
            len(publications), 1)
        self.sections = [s for r in self.rows for s in r["doc"].get("abstract_sections") or []
                         if s.get("text")]
        self.subtitles = [r["label"]["title"].split(":", 1)[1].strip()
                          for r in self.rows if ":" in (r["label"].get("title") or "")]


def _study(n: int, template: dict[str, Any], t: Templates, rng: random.Random) -> dict[str, Any]:
    label, doc = template["label"], template["doc"]
    registration = label["key"].startswith("nct:")
    study_id = f"nct:NCT{90000000 + n:08d}" if registration else f"pmid:{40000000 + n}"
    title = (label.get("title") or doc.get("title") or "").rstrip(".")
    if t.subtitles and rng.random() < 0.5:
        title = f"{title.split(':', 1)[0]}: {rng.choice(t.subtitles)}"
    sections = [dict(s) for s in doc.get("abstract_sections") or []]
    if sections and t.sections:
        sections[rng.randrange(len(sections))] = dict(rng.choice(t.sections))
    abstract = "\n".join(f"{s['label']}: {s['text']}" if s.get("label") else s["text"]
                         for s in sections) or doc.get("abstract") or None
    year = min(2026, max(1990, int(doc.get("year") or 2018) + rng.randint(-6, 2)))
    size = label.get("sample_size")
    if size:
        size = max(1, round(size * rng.uniform(0.5, 2.0)))
    registry = doc.get("registry") or {}
    names = [a.get("name") for a in doc.get("authors") or [] if a.get("name")]
    row: dict[str, Any] = {
        "study_id": study_id, "kind": "registration" if registration else "publication",
        "title": title, "abstract": abstract, "year": year, "pub_date": str(year),
        "journal": doc.get("journal"), "authors": json.dumps(names),
        "first_author": names[0] if names else None,
        "pmid": None if registration else study_id[5:], "pmcid": None, "doi": None,
        "nct_id": study_id[4:] if registration else None,
        "publication_types": json.dumps(doc.get("publication_types") or []),
        "design": label.get("design"), "population": label.get("population"),
        "evidence_level": label.get("evidence_level"), "sample_size": size,
        "retracted": int(not registration and rng.random() < t.share_retracted),
        "result": label.get("result"), "followup_months": label.get("followup_months"),
        "status": (registry.get("overall_status") or "RECRUITING") if registration else None,
        "phase": "/".join(registry.get("phases") or []) or None if registration else None,
        "why_stopped": None, "start_date": registry.get("start_date"),
        "completion_date": registry.get("completion_date"),
        "has_results": int(bool(registry.get("has_results"))) if registration else None,
        "sources": json.dumps([f"{'clinicaltrials' if registration else 'pubmed'}:"
                               f"{study_id.split(':', 1)[1]}"]),
        "first_seen": f"{min(year + 1, 2026)}-01-15T02:30:00Z",
        "updated": f"{min(year + 1, 2026)}-01-15T02:30:00Z",
    }
    for facet, column in FACET_COLUMNS.items():
        row[column] = json.dumps(sorted(label.get(facet) or []))
    return row


def _tags(row: dict[str, Any], template: dict[str, Any]) -> Iterator[dict[str, Any]]:
    label, evidence = template["label"], template["evidence"]
    for facet in FACETS:
        for value in label.get(facet) or []:
            field, text = evidence.get((facet, value), ("abstract", value.replace("_", " ")))
            yield {"study_id": row["study_id"], "facet": facet, "value": value, "field": field,
                   "matched_text": text, "origin": "rule", "note": None}
    for facet in ("design", "population", "evidence_level"):
        value = label.get(facet)
        if value is not None:
            field, text = evidence.get((facet, str(value)), ("publication_type", str(value)))
            yield {"study_id": row["study_id"], "facet": facet, "value": str(value),
                   "field": field, "matched_text": text, "origin": "rule", "note": None}


def write_database(path: Path, count: int, seed: int = 11) -> dict[str, int]:
    """Write ``count`` studies with their tags and links into a new database at ``path``."""
    if path.exists():
        raise SystemExit(f"{path} exists: the generator writes a new database")
    rng = random.Random(seed)
    t = Templates()
    db = open_db(str(path))
    registrations: list[str] = []  # registration ids generated so far
    publications: list[str] = []
    counts = {"studies": 0, "study_tags": 0, "links": 0}
    studies, tags, links = [], [], []

    def flush() -> None:
        db["studies"].insert_all(studies, batch_size=1000, alter=True)  # result, followup_months
        db["study_tags"].insert_all(tags, batch_size=5000)
        db["links"].insert_all(links, batch_size=5000, ignore=True)
        for name, rows in (("studies", studies), ("study_tags", tags), ("links", links)):
            counts[name] += len(rows)
            rows.clear()

    with db.atomic():
        for n in range(count):
            template = rng.choice(t.rows)
            row = _study(n, template, t, rng)
            studies.append(row)
            tags.extend(_tags(row, template))
            if row["kind"] == "registration":
                registrations.append(row["study_id"])
            else:
                publications.append(row["study_id"])
                if (row["population"] == "human" and row["evidence_level"] in (2, 3, 4)
                        and rng.random() < t.share_registered):
                    links.extend(_trial_links(row["study_id"], registrations, t, rng))
            if row["retracted"] and len(publications) > 1:
                notice = rng.choice(publications[:-1])
                links += [_link(row["study_id"], notice, "retracted_by"),
                          _link(notice, row["study_id"], "retraction_of")]
            if len(studies) >= BATCH:
                flush()
        flush()
    return counts


def _trial_links(study_id: str, registrations: list[str], t: Templates, rng: random.Random
                 ) -> list[dict[str, str]]:
    """A report of a trial: of a registration generated before (often one with other reports:
    recent registrations are picked more), or of a trial whose registration is absent."""
    if registrations and rng.random() >= t.share_trial_absent:
        trial = registrations[-1 - min(int(rng.expovariate(1 / 3)), len(registrations) - 1)]
        return [_link(study_id, trial, "registered_as"), _link(trial, study_id, "registration_of")]
    return [_link(study_id, f"nct:NCT{80000000 + rng.randrange(10 ** 6):08d}", "registered_as")]


def _link(study_id: str, other: str, relation: str) -> dict[str, str]:
    return {"study_id": study_id, "other_study_id": other, "relation": relation,
            "evidence": "generated"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    database = sub.add_parser("database", help="a realistic N-study database")
    database.add_argument("path", type=Path)
    database.add_argument("count", type=int)
    database.add_argument("--seed", type=int, default=11)
    pubmed = sub.add_parser("pubmed", help="a synthetic PubMed replay corpus")
    pubmed.add_argument("folder", type=Path)
    pubmed.add_argument("count", type=int)
    args = parser.parse_args(argv)
    if args.what == "database":
        print(write_database(args.path, args.count, args.seed))
    else:
        print(f"{len(write_crawl_corpus(args.folder, args.count))} articles in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
