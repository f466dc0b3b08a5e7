"""The fast phrase scan (``Vocabulary.scan``: trie nodes with precomputed choices, abbreviations
merged in) finds exactly what the plain definition of a leftmost-longest-per-facet match finds.

The reference below tries every span at every token: slow, but a direct reading of the rule
"at each token, each facet's longest phrase (phrases before abbreviations at one length), unless
an earlier match of that facet still covers the token". Sentences are built from the
vocabulary's own phrases, cut short, joined and re-cased, so that phrases overlap, run into each
other, and meet abbreviations and registry-only terms.
"""

from __future__ import annotations

import random
from dataclasses import astuple

import pytest

from evidence.vocabulary import Vocabulary


def _reference(vocab: Vocabulary, text: str, registry: bool) -> list[tuple]:
    toks = vocab.tokens(text)
    norms, keys, starts, ends = toks.norms, toks.keys, toks.starts, toks.ends
    n = len(norms)
    out: list[tuple] = []
    free: dict[str, int] = {}
    for i in range(n):
        found = []  # longest first; at one length phrases before abbreviations
        for j in range(n, i, -1):
            for hit in vocab.phrases.get(tuple(norms[i:j]), ()):
                if registry or not hit.registry_only:
                    found.append((j, hit, False))
            for hit in vocab.abbreviations.get(tuple(keys[i:j]), ()):
                found.append((j, hit, True))
        longest: dict[str, int] = {}
        for j, hit, _ in found:
            longest.setdefault(hit.facet, j)
        open_facets = {f for f in longest if free.get(f, 0) <= i}
        for j, hit, abbreviation in found:
            if j == longest[hit.facet] and hit.facet in open_facets:
                out.append((hit.facet, hit.value, i, j, starts[i], ends[j - 1], hit.generic,
                            abbreviation))
        for facet in open_facets:
            free[facet] = longest[facet]
    return out


def _sentences(vocab: Vocabulary, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    phrases = [" ".join(key) for key in vocab.phrases]
    abbreviations = [" ".join(key) for key in vocab.abbreviations]
    filler = ["the", "of", "and", "with", "in", "patients", "were", "no", "but", ",", ";", "(",
              ")", "MSCs", "BM", "cells"]
    out = []
    for _ in range(count):
        words: list[str] = []
        for _ in range(rng.randint(1, 10)):
            r = rng.random()
            if r < 0.5:
                phrase = rng.choice(phrases).split()
                if len(phrase) > 1 and rng.random() < 0.3:  # a phrase cut short
                    phrase = phrase[: rng.randint(1, len(phrase) - 1)]
                words += phrase
            elif r < 0.65:
                words.append(rng.choice(abbreviations))
            else:
                words.append(rng.choice(filler))
        if rng.random() < 0.3:
            words = [w.upper() if rng.random() < 0.3 else w.capitalize() for w in words]
        out.append(" ".join(words))
    return out


@pytest.mark.parametrize("registry", [False, True])
def test_scan_finds_what_the_definition_finds(vocab, registry):
    for text in _sentences(vocab, 1500, seed=11 + registry):
        found = [astuple(m) for m in vocab.scan(vocab.tokens(text), registry=registry)]
        assert found == _reference(vocab, text, registry), text


def test_the_reference_sees_overlaps_and_abbreviations(vocab):
    """The comparison above is not vacuous: its sentences hold overlapping matches of different
    facets, a facet's shorter phrase inside its longer one, and abbreviations."""
    overlapping = shorter_hidden = abbreviated = 0
    for text in _sentences(vocab, 1500, seed=11):
        found = _reference(vocab, text, False)
        spans = [(i, j) for _, _, i, j, *_ in found]
        overlapping += any(a < d and c < b and (a, b) != (c, d)
                           for a, b in spans for c, d in spans)
        abbreviated += any(m[-1] for m in found)
        norms = vocab.tokens(text).norms
        shorter_hidden += any(
            j - i > 1 and any(h.facet == facet for h in vocab.phrases.get((norms[i],), ()))
            for facet, _, i, j, *_ in found
        )
    assert overlapping > 100 and shorter_hidden > 100 and abbreviated > 100
