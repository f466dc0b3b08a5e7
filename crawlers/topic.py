"""Search strategies are data: a topic file (YAML) holds each source's query."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

# A package resource, not a path beside __file__: inside a Scrapyd egg (a zip) there is none.
DEFAULT_TOPIC = resources.files("crawlers") / "topics" / "stemcell_spine.yaml"


def load_topic(path: str | Path | None = None) -> dict[str, Any]:
    topic_path = Path(path) if path else DEFAULT_TOPIC
    try:
        data = yaml.safe_load(topic_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"cannot read topic file {topic_path}: {exc}") from exc
    for source in ("pubmed", "europepmc", "clinicaltrials"):
        if not isinstance(data, dict) or not isinstance(data.get(source), dict):
            raise ValueError(f"topic file {topic_path}: missing the '{source}:' section")
    return data
