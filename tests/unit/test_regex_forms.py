"""The faster forms of regular expressions find exactly what the plain forms find."""

from __future__ import annotations

import re
from bisect import bisect_left

from hypothesis import given, settings
from hypothesis import strategies as st

from evidence import sample_size as ss
from evidence.regex_forms import folded, lower_case_twin, one_of
from evidence.text import _breaks, split_sentences
from evidence.vocabulary import _leftmost

_WORDS = ["one", "once", "on", "two", "twenty", "twelve", "ten", "three", "thirty", "a",
          "hundred", "and", "patients", "participants", "people", "persons", "men", "women",
          "12", "1,200", "into", "the", "disc", "discs", "disk", "nucleus", "pulposus",
          "injected", "were", "was", "received", "facet", "facets", "joint", "intra",
          "articular", "intra-articular", "lumbar", "vertebral", "body", "vertebrae", "Disc",
          "INTO", "Twenty", "Patients"]
_SEPARATORS = [" ", " ", " ", "-", ", ", ". ", "; ", "\n"]
_texts = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS)),
                  max_size=30).map(lambda parts: "".join(w + s for w, s in parts))

_ALTERNATIVES = [r"\d\d{0,2}(?:,\d{3})+", r"\d\d*", "twenty(?:[\\s-](?:one|two))?",
                 "two hundred(?: and \\w+)?", "a hundred(?: and \\w+)?", "one", "on", "two",
                 "ten", "twelve", "three", "thirty", "patients?", "participants?", "people",
                 "persons?", "men", "women"]


def test_one_of_groups_alternatives_under_their_first_letter():
    assert one_of("one", "two", "ten", r"\d+") == r"(?:one|t(?:wo|en)|\d+)"
    assert one_of("men") == "(?:men)"


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_one_of_matches_as_the_flat_alternation(text):
    flat = re.compile(rf"\b((?:{'|'.join(_ALTERNATIVES)}))\s+(\w+)", re.IGNORECASE)
    grouped = re.compile(rf"\b({one_of(*_ALTERNATIVES)})\s+(\w+)", re.IGNORECASE)
    assert [m.regs for m in grouped.finditer(text)] == [m.regs for m in flat.finditer(text)]


def test_lower_case_twin_only_for_lower_case_ignorecase_patterns():
    assert lower_case_twin(re.compile(r"\bdiscs?\s+\w+", re.IGNORECASE)) is not None
    assert lower_case_twin(re.compile(r"\bdiscs?")) is None  # case-sensitive already
    assert lower_case_twin(re.compile(r"\bMSCs?", re.IGNORECASE)) is None  # spells "MSC"
    assert lower_case_twin(re.compile(r"\x41", re.IGNORECASE)) is None  # an escape: no guess


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_lower_case_twin_finds_the_same_spans_in_lower_cased_ascii(text):
    regex = re.compile(rf"\b({one_of(*_ALTERNATIVES)})\s+(?:[A-Za-z][\w'-]*\s+){{0,4}}?"
                       r"(?:patients?|people|discs?)\b", re.IGNORECASE)
    twin = lower_case_twin(regex)
    assert twin is not None
    assert [m.regs for m in twin.finditer(text.lower())] == [m.regs for m in regex.finditer(text)]


def test_patterns_one_by_one_on_examples(vocab):
    parts = vocab._pattern_parts[("delivery", "intradiscal")]
    text = "The cells were injected into the L4-L5 disc; two discs were injected."
    assert _leftmost(parts, text, text.lower(), True).span() == (24, 43)
    assert _leftmost(parts, "No injection was given.", "no injection was given.", True) is None


def _breaks_by_the_plain_pattern(text, tokens):
    out = [False] * len(tokens.norms)
    for m in re.finditer(r"[,;:]|\s-\s|\u2014", text):
        n = bisect_left(tokens.starts, m.end())
        if n < len(out):
            out[n] = True
    return out


_clause_texts = st.lists(
    st.tuples(st.sampled_from(["L4", "L5", "disc", "pain", "20", "cells", "MSC"]),
              st.sampled_from([" ", "-", " - ", " -", "- ", ", ", ";", ":", "\u2014", " \u2014 ",
                               " - - ", "\n-\n", "-,", " -; "])),
    max_size=20,
).map(lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=400, deadline=None)
@given(_clause_texts)
def test_clause_breaks_as_the_plain_pattern_finds_them(vocab, text):
    tokens = vocab.tokens(text)
    assert _breaks(text, tokens) == _breaks_by_the_plain_pattern(text, tokens)


def test_clause_breaks_on_examples(vocab):
    text = "Pain at L4-L5 fell - at 12 months, MRI \u2014 unchanged"
    tokens = vocab.tokens(text)
    marked = [tokens.norms[k] for k, b in enumerate(_breaks(text, tokens)) if b]
    assert marked == ["at", "mri", "unchanged"]


def test_folded_writes_every_character_that_ignorecase_matches_to_an_ascii_letter_as_it():
    letters = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x80, 0x110000):
        ch = chr(code)
        if letters.fullmatch(ch):
            assert folded(ch).isascii() and re.fullmatch(folded(ch), ch, re.IGNORECASE), hex(code)
    assert folded("İNTO the DİSC, ſpine, 5 \u212aG") == "into the disc, spine, 5 kg"


_unicode_texts = st.lists(
    st.tuples(st.sampled_from(_WORDS + ["d\u0130sc", "\u0130nto", "fa\u017fet", "±", "é"]),
              st.sampled_from(_SEPARATORS + ["\u00a0", " \u2013 "])),
    max_size=30,
).map(lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=400, deadline=None)
@given(_unicode_texts)
def test_patterns_one_by_one_find_what_their_alternation_finds(vocab, text):
    """_scan_patterns searches a value's patterns one by one, each only when the folded text holds
    its literals: the first match is the alternation's, whatever the text (ASCII or not)."""
    assert vocab._pattern_parts  # the vocabulary has patterns
    for key, parts in vocab._pattern_parts.items():
        expected = vocab.pattern_values[key].search(text)
        found = _leftmost(parts, text, folded(text), text.isascii())
        assert (found and found.span()) == (expected and expected.span()), key


# The sentence splitter reads by hand what this regular expression finds (evidence.text)
_SENTENCE_RE = re.compile(r"[.!?]([\"')\]]?\s+)(?=[\"'(\[]?[A-Z0-9])")
_NO_SPLIT = re.compile(
    r"(?:\b(?:e\.g|i\.e|vs|et al|approx|Fig|No|ca|cf|Dr|St|resp|incl)\.|\b[A-Z]\.)$"
)


def _split_by_the_regex(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in _SENTENCE_RE.finditer(text):
        if _NO_SPLIT.search(text[start : m.start(1)]):
            continue
        out.append((start, text[start : m.start(1)]))
        start = m.end()
    if start < len(text):
        out.append((start, text[start:]))
    return [(o, s) for o, s in out if s.strip()]


_sentence_texts = st.lists(
    st.tuples(st.sampled_from(["Disc", "pain", "e.g", "vs", "Fig", "A", "12", "2.5", "et al",
                               "(MSC)", '"Cells"', "'Cell'", "[1]", "n", "\u00c9tude", "x"]),
              st.sampled_from([" ", ". ", ".", "! ", "? ", "?", ".) ", '." ', ".\n", ". (",
                               '. "', ".' ", ". '", ".] ", ".  ", "...", ".\u00a0", ". [",
                               "; ", "!?"])),
    max_size=25,
).map(lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=500, deadline=None)
@given(_sentence_texts)
def test_sentences_split_where_the_plain_pattern_splits(text):
    assert split_sentences(text) == _split_by_the_regex(text)


def test_sentences_split_on_examples():
    text = 'Pain fell (P<0.01). "Cells" were safe! Was it 2.5? (MRI) showed e.g. Disc. no split.'
    assert split_sentences(text) == _split_by_the_regex(text) == [
        (0, "Pain fell (P<0.01)."), (20, '"Cells" were safe!'), (39, "Was it 2.5?"),
        (51, "(MRI) showed e.g. Disc. no split."),
    ]


_COUNT_PHRASES = ["20 patients were assigned to the placebo group", "the MSC group (24 patients)",
                  "group B 28 patients", "The control group of 38", "11 adults served as controls",
                  "Four further rats", "an additional 5 patients", "another twelve patients",
                  "twenty patients in the cell arm", "Control arm comprised 9", "rats were",
                  "3 further Sprague-Dawley female adult rats", "12.5 patients to the group"]
_count_texts = st.lists(
    st.tuples(st.sampled_from(_COUNT_PHRASES + ["12", "patients", "group", "arm", "control",
                                                "further", "the", "of", "\u00c9", "farm",
                                                "GROUP\u0130", "\u0130n"]),
              st.sampled_from([" ", " ", ". ", ", ", "; ", ".", "\n"])),
    max_size=25,
).map(lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=400, deadline=None)
@given(_count_texts)
def test_counting_patterns_find_in_their_stretches_what_they_find_in_the_whole_text(text):
    """The arm, control-arm and added-group patterns are searched only between the full stops
    of stretches naming their words (and on lower-cased text): the same spans as a whole-text
    search with the original pattern."""
    for regex, words in ((ss._ARM_RE, ("group", "arm")), (ss._CONTROL_ARM_RE, ("control",)),
                         (ss._ADDED_HUMAN_RE, ss._ADDED_WORDS),
                         (ss._ADDED_ANIMAL_RE, ss._ADDED_WORDS)):
        expected = [m.span() for m in regex.finditer(text)]
        found = [m.span() for m in ss._finditer(regex, text, ss._stretches_naming(text, words))]
        assert found == expected, regex.pattern[:40]


_sex_texts = st.lists(
    st.tuples(st.sampled_from(["5 males and 7 females", "12 men, 3 women", "four men and two women",
                               "Nine female patients and 4 male patients", "men", "women", "male",
                               "and", "12", "treatment", "\u00c9", "of", "7 males"]),
              st.sampled_from([" ", " ", ". ", ", ", "; ", "."])),
    max_size=25,
).map(lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=300, deadline=None)
@given(_sex_texts)
def test_sexes_are_found_in_their_stretches_as_in_the_whole_text(text):
    """"5 males and 7 females" is searched only in stretches naming "male", " men" or "women"
    (a sex word after a space: the reading's gate before it was searched per stretch)."""
    expected = [m.span() for m in ss._SEXES_RE.finditer(text)]
    found = [m.span() for m in ss._finditer(ss._SEXES_RE, text,
                                            ss._stretches_naming(text, ("male", " men", "women")))]
    assert found == expected


def test_enrolment_verbs_are_found_from_each_were_and_was():
    text = ("Forty were enrolled. Twelve WAS treated; answered was randomised, 3 were  included. "
            "wasn't, were recruited, Were Treated")
    assert [m.span() for m in ss._enrolled(text)] == [
        m.span() for m in ss._ENROLLED_RE.finditer(text)]
    assert len(ss._enrolled(text)) == 6

_NUMBERED = ["Twelve patients", "twenty-six adults", "a hundred and five participants",
             "Forty (40) patients", "12 consecutive patients", "three of five patients",
             "1,200 women", "two groups of 15 patients", "9 controls", "eleven knees", "A12 men",
             "x_7 patients", "the 2019 cohort of 30 subjects", "Sixty", "patients", "one", "a",
             "hundred", "people", "were", "with", "controls", "in", "6", "\u00b1", "\u00e9tude",
             "\u017fix patients", "\u0661\u0662 patients", "SİX men", "n\u00famero"]
_numbered_texts = st.lists(
    st.tuples(st.sampled_from(_NUMBERED), st.sampled_from([" ", " ", ". ", ", ", "; ", "-"])),
    min_size=1, max_size=20,
).map(lambda parts: "".join(w + s for w, s in parts))


def test_number_words_and_digits_are_their_own_token_norms(vocab):
    """``_noun_spans`` finds where a count may begin from token norms: every word a number can
    start with must keep its spelling as a norm (else a count would be missed)."""
    for word in (*ss._NUMBER_WORDS, "a", "hundred"):
        assert vocab.tokens(word).norms == [word]
    assert all(n[:1].isdigit() for n in vocab.tokens("12 120 1,200 7 2019").norms)


@settings(max_examples=300, deadline=None)
@given(_numbered_texts)
def test_counts_tried_at_number_starts_are_the_counts_found_everywhere_in_the_stretches(
        vocab, text):
    """Trying the counting patterns only where a number token starts finds exactly what
    searching every character of the stretches that end at a person word finds."""
    from evidence.text import scan_document

    doc = {"kind": "publication", "title": "", "abstract": text,
           "abstract_sections": [{"label": "", "category": "", "text": text}]}
    texts = [("abstract", text)]
    scan = scan_document(doc, vocab)
    for regex, also in ((ss._HUMAN_RE, frozenset()), (ss._GROUP_RE, ss._GROUP_NOUNS)):
        spans = ss._noun_spans(texts, scan, also)[0]
        assert list(ss._counts(regex, text, spans, anchored=True)) == list(
            ss._counts(regex, text, spans)), regex.pattern[:30]


def test_counts_in_a_text_with_letters_that_fold_into_ascii_are_searched_everywhere(vocab):
    """"\u017fix" is "six" to a pattern that ignores case, but its token is no number word: such a
    text is searched at every place of the stretches, not only at the number tokens."""
    from evidence.text import scan_document

    for text, expected in (("Of 6, \u017fix patients were treated.", ["\u017fix patients"]),
                           ("Of 6, \u00b1 seven patients were treated.", ["seven patients"])):
        doc = {"kind": "publication", "title": "", "abstract": text,
               "abstract_sections": [{"label": "", "category": "", "text": text}]}
        spans = ss._noun_spans([("abstract", text)], scan_document(doc, vocab))[0]
        found = [m.group() for m in ss._finditer(ss._HUMAN_RE, text, spans, anchored=True)]
        assert found == [m.group() for m in ss._finditer(ss._HUMAN_RE, text, spans)] == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["MSC", "MSCs", "msc", "MRI", "the", "BMAC", "Disc", "VAS",
                                 "ODI", "cells", "TGF", "in", "vitro", "\u00c9tude", "IVD", "co",
                                 "expanded", "met", "stenosis", "minimally"]),
                max_size=20).map(" ".join))
def test_token_marks_say_what_looking_each_token_up_says(vocab, text):
    """A sentence's marks (noted once per distinct word) answer the scan's questions "does an
    abbreviation start here?" and "may an inert phrase be here?" as looking up every token does."""
    from evidence.vocabulary import STARTS_ABBREVIATION, STARTS_INERT, Tokens

    tokens = vocab.tokens(text)
    assert tokens.marks >= 0
    firsts, inert = vocab._abbreviation_firsts, vocab.first_words("_inert")
    for toks in (tokens, Tokens.from_tokens(list(tokens))):  # (made elsewhere: marks unknown)
        assert toks.holds(STARTS_ABBREVIATION, firsts, toks.keys) == (
            not firsts.isdisjoint(tokens.keys))
        assert toks.holds(STARTS_INERT, inert, toks.norms) == (not inert.isdisjoint(tokens.norms))


_GATED_WORDS = ["injected", "into", "the", "intradiscal", "disc", "discs", "disk", "nucleus",
                "pulposus", "nuclei", "NUCLEUS PULPOSUS", "facet", "facet joints", "marrow",
                "bone", "concentrate", "radicular", "radiculopathy", "pain", "discogenic",
                "vertebral", "body", "intra-articular", "\u00e9tude", "di\u017fc", "L4-5",
                "intraosseous", "cells", "were", "(BMAC)", "of",
                # words of gates that share a marks bit with others (past _GATE_BITS words)
                "fever", "occurred", "developed", "a", "headache", "drawn", "from", "iliac",
                "crest", "thigh", "experimental", "and", "clinical", "urticaria", "abdomen"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_GATED_WORDS), st.sampled_from([" ", ", ", "-", "/"])),
                max_size=20).map(lambda parts: "".join(w + s for w, s in parts)))
def test_pattern_gates_read_from_token_marks_open_as_the_text_does(vocab, text):
    """The patterns' gates read from the words' marks find what testing the folded sentence for
    every gate string finds (tokens made elsewhere have no marks and take that path)."""
    from evidence.vocabulary import Tokens

    tokens = vocab.tokens(text)
    assert vocab.scan(tokens, text) == vocab.scan(Tokens.from_tokens(list(tokens)), text)


def test_token_marks_stay_small_integers_however_many_gate_words(vocab):
    """Past ``_GATE_BITS`` gate words, words share bits: marks stay below 2**62 (a compiled
    build's fast integers), and the gates still open exactly as the text does (above)."""
    from evidence.vocabulary import _GATE_BITS

    assert len(vocab._gate_words) > _GATE_BITS  # (the sharing is exercised)
    every = " ".join(vocab._gate_words)
    assert 0 <= vocab.tokens(every).marks < 2**62


def test_split_sentences_asks_the_abbreviation_pattern_only_after_their_last_letters():
    """``split_sentences`` searches ``_NO_SPLIT_BEFORE`` only where the full stop follows one of
    ``_NO_SPLIT_LAST``: every abbreviation of the pattern ends with one, and with any other
    letter before its full stop the pattern finds nothing."""
    from evidence.text import _NO_SPLIT_BEFORE, _NO_SPLIT_LAST

    listed = re.search(r"\\b\(\?:(.*?)\)\\\.", _NO_SPLIT_BEFORE.pattern)
    assert listed is not None
    abbreviations = [a.replace("\\.", ".") + "." for a in listed.group(1).split("|")]
    abbreviations += [f"{c}." for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]  # (\b[A-Z]\.)
    for abbr in abbreviations:
        assert _NO_SPLIT_BEFORE.search(f"see {abbr}"), abbr
        assert abbr[-2] in _NO_SPLIT_LAST, abbr
    for code in range(0x3000):
        c = chr(code)
        if c not in _NO_SPLIT_LAST:
            assert not any(_NO_SPLIT_BEFORE.search(f"see {abbr[:-2]}{c}.")
                           for abbr in abbreviations), repr(c)


def _number_by_float(word: str) -> float | None:
    from evidence.result import _NUMBER_WORDS

    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


@settings(max_examples=500, deadline=None)
@given(st.one_of(
    st.text(alphabet="0123456789.eE+-_ infatyINF\u0663\u00a0x", max_size=9),
    st.sampled_from(["12", "1.5", ".5", "5.", "nan", "NaN", "inf", "-inf", "Infinity", " 3",
                     "+4", "-2", "1e3", "1_000", "\u0663", "x1", "_1", "e5", "twelve", "month",
                     "", "+", "."]),
))
def test_number_of_reads_what_float_reads(word):
    """``result._number_of`` turns away words float() cannot read without trying float()."""
    from evidence.result import _number_of

    assert repr(_number_of(word)) == repr(_number_by_float(word))
