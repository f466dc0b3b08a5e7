"""The store accepts any str: a lone surrogate neither breaks the content hash nor SQLite."""

from __future__ import annotations

import json

from db import store


def test_content_hash_accepts_lone_surrogates():
    assert store.content_hash("a\ud800") != store.content_hash("a\ufffd")
    assert len(store.content_hash("\udfff")) == 64


def test_records_with_lone_surrogates_are_stored_and_unchanged_on_the_next_save(fresh_db):
    record = {"source": "europepmc", "source_id": "MED:1\udc00", "kind": "publication",
              "title": "Disc \ud800 cells", "pmid": "1", "revised": None}
    raw = json.dumps({"id": "1", "title": "Disc \ud800 cells"}, ensure_ascii=False)
    counts = store.RunCounts()
    store.save_records(fresh_db, [(record, raw)], None, counts)
    store.save_records(fresh_db, [(record, raw)], None, counts)
    assert (counts.new, counts.unchanged) == (1, 1)
    row = next(fresh_db["records"].rows)
    assert row["source_id"] == "MED:1\ufffd" and row["title"] == "Disc \ufffd cells"
    assert "\ufffd" in row["raw"] and json.loads(row["data"])["title"] == "Disc \ufffd cells"
