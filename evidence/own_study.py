"""Which statements of an abstract describe the record's own study, and who its subjects are.

Abstracts are written in a known order: background (the field, other studies, the motivation),
then what "we" did in "this study", then results and conclusions, often ending with what "is
needed". A design word counts for this record only when it is about this study: not in the
background, not negated, not modal, planned or hypothetical ("an RCT is planned", "RCTs are
needed"), not cited ("previous randomized trials showed", "the criteria of a pivotal RCT") and
not plural (a class of studies). A person or an animal counts as a subject only when not named as
the source of cells or tissue ("cells isolated from patients undergoing discectomy", "rat bone
marrow"). Everything here reads the cue mentions of one ``DocScan``: no tokenising again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from evidence.study_design import StudyDesign
from evidence.text import DocScan, Mention

# a design word whose head noun is plural describes a class of studies ("randomized trials")
_PLURAL_NOUNS: Final = frozenset(
    ("trials", "studies", "rcts", "evidence", "data", "investigations")
)
# ... unless its plural names people ("concurrent controls", "matched pairs")
_PEOPLE_PLURALS: Final = frozenset(("control", "pair"))
# a sentence's opening concession ("Although ..., we ..."): see OwnStudy._after_concession
_CONCESSIVE: Final = frozenset(("although", "though", "while", "whereas", "albeit"))
# before an evidence unit: a unit other than this study ("one trial with 29 participants")
_OTHER_UNIT: Final = frozenset(("one", "another", "each", "largest", "previous", "prior", "earlier",
                         "other", "two", "three", "several", "many", "few", "some", "most"))
_OWN_UNIT: Final = frozenset(("this", "our", "present", "current"))
# a unit word that is a verb when its object follows ("the protocol reports the safety of ...")
_UNIT_VERBS: Final = frozenset(("reports", "reviews"))
_OBJECT_OPENERS: Final = frozenset(("the", "a", "an", "on", "our", "its", "their", "how", "what"))
# a sentence that opens on one of these speaks of this study ("The study gives two doses ...")
_THE_STUDY: Final = (["the", "study"], ["the", "trial"])
_IN_VIVO: Final = ["in", "vivo"]
_INTO: Final = frozenset(("into", "onto"))
# the aims that only a study of its own has (see OwnStudy._empirical_aim)
_EMPIRICAL_AIMS: Final = frozenset((
    "to assess", "to evaluate", "to determine", "to compare", "to investigate", "to examine",
    "to test", "to find out", "to quantify", "to estimate", "to verify", "to validate",
    "to characterise", "to characterize", "to show", "to demonstrate", "to clarify",
    "to elucidate",
))
# the verb just before an experiment's aim ("were made to test whether", "was done to find out")
_ACTED: Final = frozenset(("made", "done", "performed", "conducted", "carried", "used", "designed",
                           "undertaken", "recorded", "measured", "analysed", "analyzed"))
# words by which an article names itself ("we review", "this review", "here we summarize")
_SELF_WORDS: Final = frozenset(("this", "we", "here", "present", "our"))
# `_cited` cues that make even a "we" sentence about the literature
_AUTHORS: Final = frozenset(("et al", "and colleagues", "and coworkers", "and co workers",
                      "in the literature", "cases published", "published cases",
                      "patients published", "reported cases", "cases reported in",
                      "published reports"))
_CITED_WINDOW: Final = 3  # tokens between a `_cited` word and the design word it makes cited
# cited words that also introduce a method this study followed (see `allocation_method`)
_BY_A_METHOD: Final = frozenset(("according", "accordance"))
_THIS_STUDY: Final = frozenset(("this study", "the present study", "the current study",
                                "this trial", "the present trial"))
_SELF_REACH: Final = 6  # tokens before a review cue within which "we" / "this" name the article
_SOURCE_BEFORE: Final = 5  # tokens between an isolation cue and the person or animal it names
_SOURCE_AFTER: Final = 5  # tokens after a species word within which a tissue word makes it a source
_COUNT_WINDOW: Final = 4  # tokens before a subject word within which a number counts it
# between a number and a subject word: the number is an age or a time, not a count
_CLAUSE_GAP_RE: Final = re.compile(r"[,;:]|\s-\s|\u2014")  # as evidence.text's clause breaks
_REFERENCE_RE: Final = re.compile(r"\[\d+(?:[,\u2013-]\s*\d+)*\]")  # "[5]", "[3, 4]", "[7-9]"
_NOT_A_COUNT: Final = frozenset(
    ("year", "old", "aged", "age", "month", "week", "day", "mean", "median")
)


# "fewer than 30 patients": words that make the number after "than" a bound
_UPPER_BOUND: Final = frozenset(("fewer", "less"))
_NUMBER_WORDS: Final = frozenset((
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
).split())


def number_value(text: str) -> int | None:
    """'32' -> 32, '22,380' -> 22380, 'thirty-two' -> 32; None when not a whole number."""
    from evidence.sample_size import words_to_int  # sample_size imports nothing from here

    return words_to_int(text)


def _is_number(norm: str) -> bool:
    return norm.isdigit() or norm in _NUMBER_WORDS


def _names_a_person(text: str) -> bool:
    """A case-report cue that names the person ("a 66-year-old", "a middle-aged woman", "a man
    in his fifties"), not the report ("a case of")."""
    low = text.lower()
    return "year" in low or low.endswith("man") or " his" in low or " her" in low


class OwnStudy:
    """Reads one scanned document: its background, and what each cue mention is about."""

    def __init__(self, scan: DocScan, procedure: StudyDesign) -> None:
        self.scan = scan
        self.words = procedure.words
        self._cited = (self.words.get("cited_before", frozenset()), procedure.cited_lengths,
                       procedure.cited_lasts)
        self._by: dict[str, dict[int, list[Mention]]] = {}
        self._units: dict[int, bool] = {}
        self._unit_words = procedure.unit_words
        self._describes: dict[tuple[int, bool, bool, bool], bool] = {}
        self._self: set[int] | None = None
        self._modal: set[int] | None = None
        self._background: set[int] | None = None
        self._cell_ends: set[tuple[int, int]] | None = None
        self._cell_begins: set[tuple[int, int]] | None = None
        self._ex_vivo_found: set[int] | None = None
        self._ex_vivo_alone: bool | None = None
        self._speaks: bool | None = None

    def _in(self, facet: str, k: int) -> list[Mention]:
        """The mentions of one cue facet in sentence ``k``."""
        by = self._by.get(facet)
        if by is None:
            by = self._by[facet] = {}
            for m in self.scan.cues(facet):
                by.setdefault(m.sentence, []).append(m)
        return by.get(k, [])

    # ---- sentences (each worked out when first asked) ------------------------------------------
    @property
    def self_sentences(self) -> set[int]:
        """Sentences about this study: "we", "this study", "patients were ..."."""
        if self._self is None:
            self._self = {m.sentence for m in self.scan.cues("_self")}
        return self._self

    @property
    def modal(self) -> set[int]:
        if self._modal is None:
            self._modal = {m.sentence for m in self.scan.cues("_modal")}
        return self._modal

    @property
    def background(self) -> set[int]:
        if self._background is None:
            self._background = self._find_background()
        return self._background

    def _find_background(self) -> set[int]:
        """Background sections, and an unstructured abstract's sentences before "this study"."""
        out: set[int] = set()
        unstructured: dict[str, list[int]] = {}
        for k, s in enumerate(self.scan.sentences):
            if s.role == "background" and not (self._reports_own_participants(k)
                                               or self._opens_on_this_study(k)):
                out.add(k)
            elif s.role == "abstract":
                unstructured.setdefault(s.field, []).append(k)
        for ks in unstructured.values():
            first = next((k for k in ks if self._about_this_study(k)), None)
            if first is not None:
                out.update(k for k in ks if k < first)
        return out

    def _opens_on_this_study(self, k: int) -> bool:
        """A sentence of a labelled background section that opens on this study ("RATIONALE:
        ... This study set out to test the effect in large animals"): its aim, not background."""
        return any(m.i == 0 and m.matched_text.lower() in _THIS_STUDY and k not in self.modal
                   for m in self._in("_self", k))

    def _reports_own_participants(self, k: int) -> bool:
        """A sentence of a labelled background section that counts people or animals and tells
        what was done to them ("INTRODUCTION: Seven patients with a degenerated disc received
        a stem cell transplant"): the study's own cohort, filed under the wrong heading."""
        return (bool(self._in("_action", k)) and k not in self.modal
                and self._counts_own_subjects(k))

    def _about_this_study(self, k: int) -> bool:
        """"We ...", "patients were treated", a described case ("a 66-year-old man"), an
        experiment's aim ("To find out, in a rabbit model, whether ..."), or a design with its
        participants counted ("a randomized trial of 60 adults"): the sentence is about this
        study, not background."""
        if k in self.self_sentences or self._in("_action", k) or self._empirical_aim(k):
            return True
        if any(m.value == "case_report" and _names_a_person(m.matched_text)
               for m in self._in("_design", k)):
            return True  # "A 66-year-old man developed ...", "A middle-aged woman ...": the case
        return bool(self._in("_design", k)) and not self.cited_sentence(k) and any(
            m.value in ("human", "animal") and self.count_before(m) is not None
            for m in self._in("_population", k)
        )

    def speaks_of_itself(self) -> bool:
        """Does any sentence of an unstructured abstract speak of this study ("we", "patients
        were treated", a described case)? An essay on a topic never does."""
        if self._speaks is None:
            self._speaks = any(
                self._about_this_study(k) or (s.tokens.norms[:2] in _THE_STUDY
                                              and not self.raw(k, 1).lower().endswith("s"))
                or self._counts_own_subjects(k)
                for k, s in enumerate(self.scan.sentences) if s.role == "abstract")
        return self._speaks

    def _empirical_aim(self, k: int) -> bool:
        """A sentence that opens on the aim of an experiment or a trial ("To find out, in a
        rabbit model, whether ...", "To compare two doses ..."): the study's own question (not
        "to review", "to summarise": an essay's aim; not "trials are needed to compare")."""
        norms = self.scan.sentences[k].tokens.norms
        # ... or an experiment's question told after its act ("Recordings were made to test
        # whether the cells fire"), in a sentence that is no wish or citation
        return any(m.matched_text.lower() in _EMPIRICAL_AIMS and (
            m.i == 0 or (m.j < len(norms) and norms[m.j] == "whether" and m.i >= 2
                         and norms[m.i - 1] in _ACTED and k not in self.modal
                         and not self.cited_sentence(k)))
            for m in self._in("_aim", k))

    def _counts_own_subjects(self, k: int) -> bool:
        """People or animals counted, not as other studies' ("compared with saline in 100
        people") nor the literature's."""
        return any(m.value in ("human", "animal") and self.count_before(m) is not None
                   for m in self._in("_population", k)) and not (
            self.other_studies_sentence(k) or self.cited_sentence(k))

    def in_background(self, m: Mention) -> bool:
        return m.role == "background" or (m.sentence >= 0 and m.sentence in self.background)

    def cited_sentence(self, k: int) -> bool:
        """A sentence about the literature ("previous studies have shown ...", a "[5]"
        reference) and not about us; or, even with "we", one naming another paper's authors or
        the literature ("we read the trial by Ortiz and colleagues", "we found 9 cases in the
        literature"). A cue outside the text's sentences (keywords, MeSH: ``k`` < 0) is never
        cited."""
        if k < 0:
            return False
        if k in self.self_sentences:
            return any(c.matched_text.lower().replace(".", "").replace("-", " ") in _AUTHORS
                       for c in self._in("_cited", k))
        text = self.scan.sentences[k].text
        return bool(self._in("_cited", k)) or ("[" in text and bool(_REFERENCE_RE.search(text)))


    def other_studies_sentence(self, k: int) -> bool:
        """The sentence counts other studies' units ("12 studies with 450 patients")."""
        if k not in self._units:
            norms = self.scan.sentences[k].tokens.norms
            self._units[k] = not self._unit_words.isdisjoint(norms) and any(
                norm in self._unit_words and self._other_unit(k, i)
                for i, norm in enumerate(norms))
        return self._units[k]

    def _other_unit(self, k: int, i: int) -> bool:
        norms = self.scan.sentences[k].tokens.norms
        before = norms[max(0, i - 2) : i]
        if not _OWN_UNIT.isdisjoint(before):
            return False
        raw = self.raw(k, i).lower()
        if raw in _UNIT_VERBS and i > 0 and i + 1 < len(norms) and norms[i + 1] in _OBJECT_OPENERS:
            return False  # "This protocol reports the safety of ...": a verb, no studies
        return raw.endswith("s") or not _OTHER_UNIT.isdisjoint(before)

    def has_action(self, k: int) -> bool:
        """The sentence says what was done to subjects ("were treated", "we injected")."""
        return bool(self._in("_action", k))

    def names_itself(self, m: Mention, reach: int = 0) -> bool:
        """The mention names this article: a self word in it or before it in its clause ("we
        review", "this review", "here we summarize", "we make this case by reviewing"), within
        ``reach`` words (default ``_SELF_REACH``)."""
        if m.sentence < 0:
            return False
        sentence = self.scan.sentences[m.sentence]
        norms, breaks = sentence.tokens.norms, sentence.breaks
        reach = reach or _SELF_REACH
        start = m.i
        while start > 0 and m.i - start < reach and not breaks[start]:
            start -= 1
        return not _SELF_WORDS.isdisjoint(norms[start : m.j])

    def first_person(self, k: int) -> bool:
        """The sentence speaks as "we" / "our"."""
        norms = self.scan.sentences[k].tokens.norms
        return "we" in norms or "our" in norms

    # ---- mentions ----------------------------------------------------------------------------
    def describes(self, m: Mention, *, plural_sensitive: bool = False,
                  allow_modal: bool = False, in_background: bool = False) -> bool:
        """Does this design or population cue describe the record's own study?
        ``in_background``: a background sentence may (it names this article: "We review ...")."""
        key = (id(m), plural_sensitive, allow_modal, in_background)
        found = self._describes.get(key)
        if found is None:
            found = self._describes[key] = self._describes_now(m, plural_sensitive, allow_modal,
                                                               in_background)
        return found

    def _describes_now(self, m: Mention, plural_sensitive: bool, allow_modal: bool,
                       in_background: bool) -> bool:
        if m.sentence < 0:
            return m.role == "mesh"
        if m.role == "keywords" or (m.sentence in self.background and not in_background):
            return False
        if (not allow_modal and m.sentence in self.modal and not self._after_concession(m)
                and not self._modal_in_a_later_clause(m)):
            return False
        if any(a <= m.i < b for a, b in self.scan.sentences[m.sentence].scopes):
            return False  # negated or contrasted
        if self.cited_sentence(m.sentence):
            return False
        if m.facet == "_design" and self._cited_before(m):
            return False
        return not (plural_sensitive and self.plural_head(m))

    def _modal_in_a_later_clause(self, m: Mention) -> bool:
        """Every modal word of the sentence stands in a clause of its own after ``m`` ("We
        report a patient who recovered; in severe cases this may justify transplantation"): the
        statement that holds ``m`` is no hypothesis."""
        s = self.scan.sentences[m.sentence]
        return all(c.i >= m.j and any(s.opens_clause(k) for k in range(m.j, c.i + 1))
                   for c in self._in("_modal", m.sentence))

    def _after_concession(self, m: Mention) -> bool:
        """The sentence opens on a concession that holds all its modal words, and ``m`` stands
        after it ("Although a randomized design would have been better, we reviewed 30
        patients"): the main clause is no hypothesis."""
        s = self.scan.sentences[m.sentence]
        norms = s.tokens.norms
        if not norms or norms[0] not in _CONCESSIVE:
            return False
        breaks = s.breaks
        end = next((k for k in range(1, len(breaks)) if breaks[k]), 0)
        return 0 < end <= m.i and all(
            c.j <= end for c in self._in("_modal", m.sentence))

    def _cited_before(self, m: Mention) -> bool:
        norms = self.scan.sentences[m.sentence].tokens.norms
        phrases, lengths, lasts = self._cited
        for end in range(max(1, m.i - _CITED_WINDOW), m.i + 1):
            if norms[end - 1] in lasts:
                for length in lengths:
                    if end >= length and tuple(norms[end - length : end]) in phrases:
                        if norms[end - 1] in _BY_A_METHOD and self._allocation_method(m):
                            continue  # "according to the random number table": its own method
                        return True
        return False

    def _allocation_method(self, m: Mention) -> bool:
        norms = self.scan.sentences[m.sentence].tokens.norms
        methods = self.words.get("allocation_method", frozenset())
        return any(tuple(norms[m.i : m.i + len(p)]) == p for p in methods)

    def raw(self, sentence: int, k: int) -> str:
        s = self.scan.sentences[sentence]
        return s.text[s.tokens.starts[k] : s.tokens.ends[k]]

    def plural(self, m: Mention) -> bool:
        """The mention's last word is a plural noun ("trials", "RCTs", "studies")."""
        if m.sentence < 0:
            return False
        raw = self.raw(m.sentence, m.j - 1).lower()
        norm = self.scan.sentences[m.sentence].tokens.norms[m.j - 1]
        return raw != norm and raw.endswith("s") and not raw.endswith(("ss", "us", "is"))

    def plural_head(self, m: Mention) -> bool:
        """The design word names a class of studies: "RCTs", "randomized studies"."""
        s = self.scan.sentences[m.sentence]
        if self.plural(m):
            # ("concurrent controls", "matched pairs": people of this study, not a class of studies)
            return s.tokens.norms[m.j - 1] not in _PEOPLE_PLURALS
        return m.j < len(s.tokens.norms) and self.raw(m.sentence, m.j).lower() in _PLURAL_NOUNS

    def _taken_from(self, m: Mention) -> bool:
        """A taking verb, its object, then "from" just before the people ("we collected spinal
        ligaments under aseptic conditions from eight patients"): they gave the tissue."""
        s = self.scan.sentences[m.sentence]
        norms, breaks = s.tokens.norms, s.breaks
        if "from" not in norms:
            return False
        verbs = self.words.get("source_verb", frozenset())
        for k in range(m.i - 1, max(m.i - _FROM_REACH, -1), -1):
            if breaks[k + 1]:
                return False
            if norms[k] == "from":
                for v in range(k - 1, max(k - 10, -1), -1):
                    if (norms[v],) in verbs:
                        # ("we collected marrow from nine patients and injected it": recipients)
                        return not any(norm.startswith(_GIVEN) for norm in norms)
                    if breaks[v]:
                        return False
                return False
        return False

    def is_source(self, m: Mention) -> bool:
        """A person or animal named as the source of cells or tissue, not as a subject."""
        if m.sentence < 0:
            return False
        norms = self.scan.sentences[m.sentence].tokens.norms
        if norms[m.i : m.j] == _IN_VIVO:
            return False  # where the work was done ("... lessen disc degeneration in vivo")
        for c in self._in("_source", m.sentence):
            if c.value == "isolation" and c.j <= m.i and m.i - c.j <= _SOURCE_BEFORE:
                # "isolated from the degenerated discs of 8 patients"; not across a clause break
                breaks = self.scan.sentences[m.sentence].breaks
                if not any(breaks[c.j + 1 : m.i + 1]) and _INTO.isdisjoint(norms[c.j : m.i]):
                    return True  # (not "cells derived from iPSCs into rats": where they went)
        if self._named_cells_from(m) or self._taken_from(m):
            return True
        if self.plural(m):
            return False  # "rats", "patients": subjects unless isolated from
        s = self.scan.sentences[m.sentence]
        tissue = self.words.get("source_tissue", frozenset())
        stop = self.words.get("source_stop", frozenset())
        norms = s.tokens.norms
        if any((norm,) in stop for norm in norms[m.i : m.j]):
            return False  # "rat tail model", "in vivo"
        if self._ex_vivo(m.sentence):
            return True  # "bovine discs in an ex vivo organ culture": the tissue's source
        if self.ex_vivo_only() and any(
                _contains(self.scan.sentences[k].tokens.norms, norms[m.i : m.j])
                for k in self._ex_vivo_sentences() if k != m.sentence):
            # the species of the document's organ culture, named again ("the bovine disc
            # model"), in a text that names no work in vivo
            return True
        if (m.sentence, m.j) in self._cell_starts():
            return True  # the species of named cells ("rabbit NPMSCs", "rat BMSCs")
        window = range(m.j, min(m.j + _SOURCE_AFTER, len(norms)))
        if not any((norms[k],) in tissue for k in window):
            return False
        if (norms[m.j],) in self.words.get("source_end", frozenset()):
            return False  # "a dog with autologous adipose cells": the treated animal
        own = m.j + (norms[m.j] == "s")  # (past a possessive's "s")
        if own < len(norms) and norms[own] == "own":
            return False  # "from each patient's own bone marrow": the recipient of the cells
        breaks = s.breaks
        found = False
        for k in window:
            if breaks[k]:
                break
            word = (norms[k],)
            if word in stop:
                return False
            found = found or word in tissue
        return found

    def _ex_vivo(self, sentence: int) -> bool:
        """The sentence names tissue kept alive outside the body (`ex_vivo` words)."""
        return sentence in self._ex_vivo_sentences()

    def _ex_vivo_sentences(self) -> set[int]:
        if self._ex_vivo_found is None:
            phrases = self.words.get("ex_vivo", ())
            self._ex_vivo_found = {
                k for k, s in enumerate(self.scan.sentences)
                if any(_contains(s.tokens.norms, p) for p in phrases)}
        return self._ex_vivo_found

    def ex_vivo_only(self) -> bool:
        """Some sentence keeps tissue outside the body and none names work "in vivo"."""
        if self._ex_vivo_alone is None:
            self._ex_vivo_alone = bool(self._ex_vivo_sentences()) and not any(
                _contains(s.tokens.norms, _IN_VIVO) for s in self.scan.sentences)
        return self._ex_vivo_alone

    def _cell_starts(self) -> set[tuple[int, int]]:
        """(sentence, first token) of every cell type or cell source named."""
        if self._cell_begins is None:
            self._cell_begins = {(c.sentence, c.i) for facet in ("cell_type", "cell_source")
                                 for c in self.scan.tags(facet)}
        return self._cell_begins

    def _named_cells_from(self, m: Mention) -> bool:
        """Named cells, then "from", then the person ("BMSCs from the same subjects", "MSCs from
        12 healthy donors"): the people gave the cells."""
        if self._cell_ends is None:
            self._cell_ends = {(c.sentence, c.j) for facet in ("cell_type", "cell_source")
                               for c in self.scan.tags(facet)}
        norms = self.scan.sentences[m.sentence].tokens.norms
        breaks = self.scan.sentences[m.sentence].breaks
        for k in range(m.i - 1, max(0, m.i - 1 - _SOURCE_BEFORE), -1):
            if breaks[k + 1]:
                return False
            if norms[k] == "from":
                return (m.sentence, k) in self._cell_ends
        return False

    def age_only(self, m: Mention) -> bool:
        """The mention is an age ("5-year-old"), which says nothing of the species."""
        if m.sentence < 0:
            return False
        norms = self.scan.sentences[m.sentence].tokens.norms
        return norms[m.i : m.j] == ["year", "old"]

    def count_before(self, m: Mention) -> int | None:
        """The number just before a subject word ("32 adults", "Sixty consecutive patients")."""
        if m.sentence < 0:
            return None
        s = self.scan.sentences[m.sentence]
        norms, text = s.tokens.norms, s.text
        starts, ends = s.tokens.starts, s.tokens.ends
        if norms[m.i] in _NOT_A_COUNT:
            return None  # "59-year-old": an age
        k = m.i
        while k > 0 and m.i - k < _COUNT_WINDOW:
            if _CLAUSE_GAP_RE.search(text, ends[k - 1], starts[k]):
                return None  # a clause boundary between them
            k -= 1
            if norms[k] in _NOT_A_COUNT:
                return None
            if _is_number(norms[k]):
                if text[ends[k] : ends[k] + 1] == "%":
                    return None  # "80% of adults": a share, not a count
                if text[ends[k] : ends[k] + 1] == ")" and text[starts[k] - 1 : starts[k]] == "(":
                    return None  # "(3) whether the patient ...": an item of a list
                if k >= 2 and norms[k - 1] == "than" and norms[k - 2] in _UPPER_BOUND:
                    return None  # "series of fewer than 30 patients": a bound, not a count
                first = k
                while first > 0 and _is_number(norms[first - 1]):
                    gap = text[ends[first - 1] : starts[first]]
                    # "thirty-two", "22,380"; not "12, 14" or "two; three"
                    if gap not in (" ", "-") and not (gap == "," and len(norms[first]) == 3):
                        break
                    first -= 1
                return number_value(text[starts[first] : ends[k]])
        return None


# words between "from" and the people it names ("from 10 healthy controls (HC) and 14 patients")
_FROM_REACH: Final = 9
# stems of giving a product back ("injected", "reimplanted", "transplanted", "infused")
_GIVEN: Final = ("inject", "reinject", "implant", "reimplant", "transplant", "infus", "graft",
                 "administ", "treat", "deliver")


def _contains(norms: list[str], phrase: Sequence[str]) -> bool:
    """``phrase`` occurs in ``norms`` as consecutive words."""
    first = phrase[0]
    if first not in norms:  # (most texts: one scan in C, no exception raised)
        return False
    rest, n = list(phrase[1:]), len(phrase)
    return any(norms[k] == first and norms[k + 1 : k + n] == rest
               for k in range(len(norms) - n + 1))
