"""The one place that reads the evidence step's data files (vocabulary, study design, result cues,
curation)."""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any

import yaml

from evidence.curation import CurationEntry, entry_from_mapping
from evidence.design import DESIGNS, TESTS, requirements
from evidence.study_design import StudyDesign
from evidence.vocabulary import Vocabulary

EVIDENCE_DIR = Path(__file__).resolve().parent.parent / "evidence"
VOCABULARY_PATH = EVIDENCE_DIR / "vocabulary.yaml"
CURATION_PATH = EVIDENCE_DIR / "curation.yaml"
STUDY_DESIGN_PATH = EVIDENCE_DIR / "study_design.yaml"
RESULT_CUES_PATH = EVIDENCE_DIR / "result_cues.yaml"


# PyYAML's libyaml binding where it was built (its wheels include it): the same safe loading,
# about ten times faster on the vocabulary, which every crawl and tag run reads at start
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc}") from exc
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise ValueError(f"{where}: malformed YAML: {getattr(exc, 'problem', exc)}") from exc


def _line_of(path: Path, needle: str) -> int | None:
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle and needle in line:
                return n
    except OSError:
        return None
    return None


def load_vocabulary(path: Path | None = None, study_design: Path | None = None,
                    result_cues: Path | None = RESULT_CUES_PATH) -> Vocabulary:
    """Compile the vocabulary file (default ``evidence/vocabulary.yaml``) with the study-design
    procedure (default ``evidence/study_design.yaml``) and the result cues
    (``evidence/result_cues.yaml``; None: without them): their cues join the vocabulary's pseudo
    facets, so one scan of a document finds tags, design and result cues together."""
    path = Path(path) if path is not None else VOCABULARY_PATH
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}:1: the vocabulary must be a mapping")
    design_path = Path(study_design) if study_design is not None else STUDY_DESIGN_PATH
    design = _read_yaml(design_path)
    if not isinstance(design, dict):
        raise ValueError(f"{design_path}:1: the study design must be a mapping")
    cues = design.get("cues") or {}
    facets = data.get("facets")
    if not isinstance(cues, dict) or not isinstance(facets, dict):
        raise ValueError(f"{design_path}:1: 'cues' must map pseudo facets to their values")
    origin = dict.fromkeys(cues, design_path)  # cue facet -> the file that defines it
    if result_cues is not None:
        result_path = Path(result_cues)
        result = _read_yaml(result_path)
        result_facets = result.get("facets") if isinstance(result, dict) else None
        if not isinstance(result_facets, dict):
            raise ValueError(f"{result_path}:1: expected a mapping with a 'facets' mapping")
        origin.update(dict.fromkeys(result_facets, result_path))
        cues = {**cues, **result_facets}
    for facet, where in origin.items():
        if not str(facet).startswith("_") or facet in facets:
            line = _line_of(where, f"{facet}:")
            raise ValueError(f"{where}:{line or 1}: cue facet {facet!r} must start with "
                             f"'_' and not be defined in {path.name} too")
    try:
        vocabulary = Vocabulary.from_mapping({**data, "facets": {**facets, **cues}})
    except ValueError as exc:
        message = str(exc)
        needle = message.split(":", 2)[1].strip().split(".")[-1] if ":" in message else ""
        named = [word for word in re.findall(r"\b_[a-z_]+", message) if word in origin]
        where = origin[named[0]] if named else path
        line = _line_of(where, needle + ":") if needle else None
        raise ValueError(f"{where}:{line or 1}: {message}") from exc
    design_cues = cues.get("_design") if isinstance(cues.get("_design"), dict) else {}
    try:
        vocabulary.study_design = StudyDesign.from_mapping(
            design, tests=TESTS, designs=DESIGNS, cues=list(design_cues or {}),
            words=lambda text: tuple(vocabulary.tokens(text).norms), needs=requirements,
        )
    except ValueError as exc:
        step = str(exc).split("'")[1] if "'" in str(exc) else ""
        line = _line_of(design_path, f"id: {step}") if step else None
        raise ValueError(f"{design_path}:{line or 1}: {exc}") from exc
    # The compiled vocabulary lives as long as the process and never becomes garbage: out of the
    # collector's generations (after a collection of what loading left), the full collections
    # that come every few thousand studies tagged no longer walk its many objects (about 4 % of
    # tagging's instructions, bench/README.md "Tagging").
    gc.collect()
    gc.freeze()
    return vocabulary


def load_curation(path: Path | None = None) -> list[CurationEntry]:
    """Curation entries (default ``evidence/curation.yaml``); a missing file means none."""
    path = Path(path) if path is not None else CURATION_PATH
    if not path.exists():
        return []
    data = _read_yaml(path)
    if data is None:
        return []
    items = data.get("entries") if isinstance(data, dict) else data
    if items is None:
        return []
    if not isinstance(items, list):
        raise ValueError(f"{path}:1: expected a list of entries (or a mapping with 'entries')")
    entries = []
    for n, item in enumerate(items):
        try:
            entries.append(entry_from_mapping(item))
        except ValueError as exc:
            sid = str(item.get("study_id", "")) if isinstance(item, dict) else ""
            line = _line_of(path, sid) if sid else None
            raise ValueError(f"{path}:{line or '?'}: entry {n + 1}: {exc}") from exc
    return entries
