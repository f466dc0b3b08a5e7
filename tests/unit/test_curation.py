"""Curation entries and their application; the YAML loader's errors."""

from __future__ import annotations

import pytest

from db.evidence_files import load_curation
from evidence.assess import Assessment, Tag
from evidence.curation import CurationEntry, apply_curation


def _assessment() -> Assessment:
    tags = [Tag("cell_type", "msc", "title", "MSC"), Tag("design", "rct", "publication_types",
                                                          "Randomized Controlled Trial")]
    return Assessment(tags, "rct", "human", 2, 40)


def test_add_remove_set():
    entries = [
        CurationEntry("pmid:1", "cell_type", "bmac", "add", "product is a concentrate"),
        CurationEntry("pmid:1", "cell_type", "msc", "remove", "MSC only in marketing text"),
        CurationEntry("pmid:1", "design", "non_randomized_controlled", "set", "allocation by "
                      "patient choice"),
        CurationEntry("pmid:1", "evidence_level", "3", "set", "follows the design"),
        CurationEntry("pmid:2", "cell_type", "svf", "add", "another study"),
    ]
    a = apply_curation("pmid:1", _assessment(), entries)
    assert a.values("cell_type") == ["bmac"]
    assert (a.design, a.evidence_level) == ("non_randomized_controlled", 3)
    added = next(t for t in a.tags if t.value == "bmac")
    assert (added.origin, added.field, added.matched_text) == (
        "curation", "curation", "product is a concentrate")
    assert a.values("design") == ["non_randomized_controlled"]


def test_result_and_followup_curation():
    a = apply_curation("pmid:1", _assessment(), [
        CurationEntry("pmid:1", "result", "no_difference", "set", "primary outcome not met"),
        CurationEntry("pmid:1", "followup_months", "18", "set", "longest visit at 18 months"),
    ])
    assert (a.result, a.followup_months) == ("no_difference", 18)
    tag = next(t for t in a.tags if t.facet == "result")
    assert (tag.value, tag.origin, tag.matched_text) == ("no_difference", "curation",
                                                         "primary outcome not met")
    assert a.values("followup_months") == ["18"]
    cleared = apply_curation("pmid:1", a, [
        CurationEntry("pmid:1", "result", "none", "set", "no result: an abstract of a talk"),
        CurationEntry("pmid:1", "followup_months", "18", "remove", "no follow-up stated"),
    ])
    assert (cleared.result, cleared.followup_months) == (None, None)
    assert not [t for t in cleared.tags if t.facet in ("result", "followup_months")]


def test_other_studies_untouched():
    a = _assessment()
    assert apply_curation("pmid:9", a, [CurationEntry("pmid:1", "cell_type", "svf", "add",
                                                      "r")]) is a


@pytest.mark.parametrize(
    "args",
    [
        ("pmid:1", "cell_type", "msc", "delete", "r"),
        ("pmid:1", "colour", "msc", "add", "r"),
        ("pmid:1", "cell_type", "msc", "set", "r"),
        ("pmid:1", "design", "rct", "add", "r"),
        ("pmid:1", "design", "anecdote", "set", "r"),
        ("pmid:1", "cell_type", "msc", "add", " "),
        ("pmid:1", "result", "works", "set", "r"),
        ("pmid:1", "result", "benefit", "add", "r"),
        ("pmid:1", "followup_months", "two years", "set", "r"),
    ],
)
def test_bad_entries(args):
    with pytest.raises(ValueError):
        CurationEntry(*args)


def test_load_curation_missing_file_is_empty(tmp_path):
    assert load_curation(tmp_path / "absent.yaml") == []


def test_load_curation_reads_entries(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("entries:\n  - {study_id: 'pmid:1', facet: cell_type, value: msc,\n"
                    "     action: remove, reason: not cells}\n")
    assert load_curation(path) == [CurationEntry("pmid:1", "cell_type", "msc", "remove",
                                                 "not cells")]


def test_load_curation_errors_name_file_and_line(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("entries:\n  - study_id: 'pmid:1'\n    facet: cell_type\n    value: msc\n"
                    "    action: explode\n    reason: x\n")
    with pytest.raises(ValueError, match=r"c\.yaml:2"):
        load_curation(path)
    path.write_text("entries: [\n  - oops: [\n")
    with pytest.raises(ValueError, match=r"c\.yaml:\d+"):
        load_curation(path)


def test_shipped_curation_file_loads():
    for entry in load_curation():
        assert entry.reason


def test_the_cli_reads_the_evidence_files_once_and_again_when_one_changes(tmp_path):
    """A crawl checks the files before it starts and derives with them at its end: one read,
    unless a file changed in between (then the derive uses what is there now)."""
    import stemspine

    path = tmp_path / "c.yaml"
    path.write_text("entries:\n  - {study_id: 'pmid:1', facet: cell_type, value: msc,\n"
                    "     action: remove, reason: not cells}\n")
    first = stemspine.evidence_files(str(path))
    assert stemspine.evidence_files(str(path)) is first
    path.write_text("entries:\n  - {study_id: 'pmid:1', facet: cell_type, value: msc,\n"
                    "     action: remove, reason: not cells}\n"
                    "  - {study_id: 'pmid:2', facet: cell_type, value: svf,\n"
                    "     action: add, reason: fat cells}\n")
    again = stemspine.evidence_files(str(path))
    assert [e.study_id for e in again[0]] == ["pmid:1", "pmid:2"]


@pytest.mark.parametrize("name", ["vocabulary.yaml", "study_design.yaml", "result_cues.yaml",
                                  "curation.yaml"])
def test_the_fast_yaml_loader_reads_the_evidence_files_as_the_python_one_does(name):
    import yaml

    from db.evidence_files import EVIDENCE_DIR, _SafeLoader

    text = (EVIDENCE_DIR / name).read_text(encoding="utf-8")
    assert yaml.load(text, Loader=_SafeLoader) == yaml.load(text, Loader=yaml.SafeLoader)
