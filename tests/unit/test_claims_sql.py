"""The claims query (db/metadata.yaml) names the spine conditions in its SQL: the list must be the
vocabulary's conditions, so that a condition added to the vocabulary is not left out of claims."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[2]


def test_claims_sql_names_exactly_the_vocabulary_conditions():
    metadata = yaml.safe_load((ROOT / "db" / "metadata.yaml").read_text(encoding="utf-8"))
    sql = metadata["databases"]["stemspine"]["queries"]["claims"]["sql"]
    listed = re.search(r"c\.value in \(([^)]*)\)", sql)
    assert listed, "the claims query no longer lists the spine conditions"
    in_sql = set(re.findall(r"'(\w+)'", listed.group(1)))
    vocabulary = yaml.safe_load((ROOT / "evidence" / "vocabulary.yaml").read_text(
        encoding="utf-8"))
    assert in_sql == set(vocabulary["facets"]["condition"])
