"""The vocabulary data and its compiler."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.evidence_files import load_vocabulary
from evidence.vocabulary import TAG_FACETS, Vocabulary

DOCS = Path(__file__).resolve().parents[2].parent / "shared" / "docs" / "vocabulary.md"


def test_every_facet_has_values(vocab):
    for facet in TAG_FACETS:
        assert vocab.values[facet], facet


def test_slugs_match_the_documented_vocabulary(vocab):
    if not DOCS.exists():
        pytest.skip("shared docs absent")
    text = DOCS.read_text()
    for facet in TAG_FACETS:
        for value in vocab.values[facet]:
            assert re.search(rf"`{value}`", text), (facet, value)


def _values(vocab, text):
    return {(m.facet, m.value) for m in vocab.scan(vocab.tokenize(text), text)
            if not m.facet.startswith("_")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BM-MSCs", ("cell_type", "msc")),
        ("ADSCs", ("cell_type", "msc")),
        ("hUC-MSC", ("cell_source", "umbilical_cord")),
        ("rexlemestrocel-L", ("cell_type", "msc")),
        ("cBMA", ("cell_type", "bmac")),
        ("microfragmented adipose tissue", ("cell_type", "svf")),
        ("degenerative disk disease", ("condition", "disc_degeneration")),
        ("haematopoietic stem cells", ("cell_type", "hsc")),
        ("mesenchymal stromal cells", ("cell_type", "msc")),
        ("extracellular vesicles", ("cell_type", "cell_free")),
        ("Wharton's jelly", ("cell_source", "umbilical_cord")),
        ("facet joint arthropathy", ("condition", "spinal_osteoarthritis")),
    ],
)
def test_synonyms_abbreviations_and_spelling(vocab, text, expected):
    assert expected in _values(vocab, text)


def test_abbreviations_are_case_sensitive_and_words_bounded(vocab):
    assert ("cell_type", "msc") not in _values(vocab, "an asc on the basc")
    assert ("condition", "spinal_cord_injury") not in _values(vocab, "discipline")


def test_longest_match_wins_within_a_facet(vocab):
    assert _values(vocab, "mesenchymal stem cells") & {("cell_type", "other_stem_cells")} == set()


def test_mesh_headings(vocab):
    assert {(h.facet, h.value) for h in vocab.mesh_hits("Intervertebral Disc Degeneration")} == {
        ("condition", "disc_degeneration")}


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"facets": {"cell_type": {"msc": {"terms": "not a list"}}}},
        {"facets": {"cell_type": {"msc": {"colour": ["x"]}}}},
        {"facets": {"cell_type": {"msc": {"terms": [False]}}}},
        {"facets": {"delivery": {"intradiscal": {"patterns": ["("]}}}},
    ],
)
def test_bad_mappings_raise(data):
    with pytest.raises(ValueError):
        Vocabulary.from_mapping(data)


def test_load_vocabulary_errors_name_the_file(tmp_path):
    bad = tmp_path / "v.yaml"
    bad.write_text("facets:\n  cell_type:\n    msc:\n      terms: [a, b\n")
    with pytest.raises(ValueError, match=r"v\.yaml:\d+"):
        load_vocabulary(bad)
    bad.write_text("facets:\n  cell_type:\n    msc:\n      colour: [x]\n")
    with pytest.raises(ValueError, match=r"v\.yaml:\d+"):
        load_vocabulary(bad)


def test_result_cues_join_the_vocabulary_and_their_errors_name_their_file(tmp_path):
    vocab = load_vocabulary()
    assert "_finding" in vocab.values and "cell_type" in vocab.values
    assert "_finding" not in load_vocabulary(result_cues=None).values
    cues = tmp_path / "cues.yaml"
    cues.write_text("facets:\n  _finding:\n    improved:\n      colour: [x]\n")
    with pytest.raises(ValueError, match=r"cues\.yaml:\d+"):
        load_vocabulary(result_cues=cues)
    cues.write_text("facets:\n  cell_type:\n    msc:\n      terms: [x]\n")
    with pytest.raises(ValueError, match=r"cues\.yaml:\d+: cue facet 'cell_type' must start"):
        load_vocabulary(result_cues=cues)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ9 _-.,é–±\u00a0\u2003\nß𝔄ǅ"), max_size=40))
def test_tokens_are_the_runs_of_letters_and_digits(vocab, text):
    """Whatever the text (ASCII or not, underscores, odd spaces): a token per run of letters and
    digits, at that run's place."""
    tokens = vocab.tokens(text)
    runs = [m.span() for m in re.finditer(r"[^\W_]+", text)]
    assert list(zip(tokens.starts, tokens.ends, strict=True)) == runs
    assert all(text[a:b] for a, b in runs)
