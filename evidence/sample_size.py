"""Sample size: registry enrolment, or participants / animals counted from an abstract."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

from evidence.regex_forms import folded, lower_case_twin, one_of
from evidence.sections import inline_sections
from evidence.vocabulary import Tokens

if TYPE_CHECKING:  # evidence.text imports words_to_int from here
    from evidence.text import DocScan

_UNITS: Final = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS: Final = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
TENS_WORDS: Final = frozenset(_TENS)  # ("fifty-two": "two" is the end of a larger number)
_UNIT_WORDS: Final = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# A number in digits or words: "1,200", "42", "twenty-six", "a hundred and five", "seven"
_BELOW_HUNDRED: Final = (
    *(f"{tens}(?:[\\s-]{one_of(*_UNIT_WORDS)})?" for tens in (
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")),
    "zero", *_UNIT_WORDS, "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen",
)
# ("one hundred twenty", "a hundred and twenty-five": the tens after "hundred" are its own)
# (the hundreds as one alternative, its units grouped: the same language and matches as one
# alternative per unit, and a tenth of the pattern's length, which every crawl compiles at start)
_NUMBER: Final = one_of(
    r"\d\d{0,2}(?:,\d{3})+", r"\d\d*",
    f"{one_of('a', *_UNIT_WORDS)} hundred(?:(?: and)?[\\s-]{one_of(*_BELOW_HUNDRED)})?",
    *_BELOW_HUNDRED,
)
# the words a number in words starts with (as token norms), "a" of "a hundred" apart
_NUMBER_WORDS: Final = frozenset([*_UNITS, *_TENS])
_HUMAN_NOUNS: Final = one_of(
    "patients?", "pts", "participants?", "subjects?", "adults?", "individuals?", "volunteers?",
    "men", "women", "persons?", "people", "cases", "recipients?", "children", "veterans",
    "athletes", "consecutive patients", "males", "females",
)
# dogs named by breed ("eighty-two miniature dachshunds"): dogs, not a second species
_DOG_BREEDS: Final = ("dachshund", "retriever", "terrier", "spaniel", "bulldog", "poodle")
_ANIMAL_NOUNS: Final = one_of(
    "rats?", "mice", "mouse", "rabbits?", "sheep", "ewes", "goats?", "pigs?", "minipigs?", "swine",
    "dogs?", "beagles?", "monkeys?", "macaques?", "animals?", "calves", "horses?", "ponies",
    "fetuses", "foetuses",
    "mares", "geldings", "lambs?", "cats?", "hamsters?", "primates?", "racehorses?",
    "thoroughbreds?", "foals?", "cows?", "cattle",
    *(f"{breed}s?" for breed in _DOG_BREEDS),
)
# (not a share in words: "sixty percent of patients", "twenty per cent of the patients")
# (not "in", "at", "than": "a score of about 3 in control rats" is a value in a group)
# (nor across a place counted or a new subject: "at one center we examined patients")
_FILLER: Final = (r"(?:(?!(?:percent|per|we|centers?|centres?|sites?|hospitals?|institutions?)\b"
                  r"|(?:in|at|than|versus|vs)\s)[A-Za-z][\w'-]*\s+){0,4}?")
# animals are described at length ("skeletally mature female New Zealand White rabbits"): up to
# seven words, none of which ends the description (a verb, a preposition, an article)
_DESCRIPTION: Final = (
    r"(?:(?!(?:were|was|are|is|been|into|in|of|per|from|to|with|after|at|for|by|than|the|and|or"
    r"|each|cells?|million|weeks?|days?|months?|percent)\b)[A-Za-z][\w'-]*\s+){5,7}?"
)
# ("Forty (40) patients": the number in words, then in digits; "18 (50%) patients": a share)
_HUMAN_RE: Final = re.compile(
    rf"\b({_NUMBER})\s+(?:\(\d+(?:\.\d+)?\s?%?\)\s+)?{_FILLER}{_HUMAN_NOUNS}\b",
    re.IGNORECASE,
)
# (a strain's abbreviation may stand before the noun: "eighty female Sprague-Dawley (SD) rats")
_ANIMAL_RE: Final = re.compile(
    rf"\b({_NUMBER})\s+(?:{_FILLER}|{_DESCRIPTION})(?:\([A-Za-z-]{{1,8}}\)\s+)?{_ANIMAL_NOUNS}\b",
    re.IGNORECASE,
)
# (not "n = 26 knees", "n = 61 levels": parts of the body or of the spine, not participants)
_N_EQUALS_RE: Final = re.compile(
    r"\b[nN]\s*=\s*(\d{1,6})\b(?!\s*(?:knees?|hips?|joints?|levels?|discs?|disks?|segments?"
    r"|cages?|vertebrae|vertebral|screws?|eyes?|samples?|specimens?)\b)"
)
# a count without its noun, enrolled: "Of 120 patients screened, 60 were randomized" (found
# from the verb, then the number just before it)
_ENROLLED_RE: Final = re.compile(
    r"\b(?:were|was)\s+(?:enrolled|randomi[sz]ed|included|recruited|treated)\b", re.IGNORECASE
)
_AFTER_SCREENED_RE: Final = re.compile(
    rf"\b(?:screened|identified|assessed for eligibility|evaluated for eligibility|eligible)\b"
    rf"[^.;,]{{0,40}},\s+"
    rf"({_NUMBER})\s+(?!%|years?\b|months?\b|weeks?\b|days?\b)",
    re.IGNORECASE,
)
# people counted as screened, approached or invited, not yet enrolled ("we screened 212 patients")
_SCREENED_BEFORE_RE: Final = re.compile(
    r"\b(?:screened|approached|contacted|invited|assessed)\s+(?:a\s+total\s+of\s+)?$",
    re.IGNORECASE)
# ... and the count an enrolling verb then took, its noun left out ("and enrolled 30 (14%)")
_ENROLLED_ACTIVE_RE: Final = re.compile(
    rf"\b(?:enrolled|randomi[sz]ed|recruited)\s+({_NUMBER})(?=\s*(?:\(|,|;|\.|$)"
    rf"|\s+(?:and|who|of\s+whom|into|to)\b)",
    re.IGNORECASE)
# two groups of people told by what each has, the second without its noun ("twenty children
# with cerebral palsy and 6 with spinal muscular atrophy"): together the sample
# (found from the second group's "and 6 with", then the first read back from it)
_SECOND_KIND_RE: Final = re.compile(r"and\s+([\w-]+)\s+(?:with|who\s+had)\b")  # (a literal
# first: the regular expression engine jumps between the "and"s)
_FIRST_KIND_RE: Final = re.compile(
    rf"\b({_NUMBER})\s+{_FILLER}{_HUMAN_NOUNS}\s+with\s+[^,.;()\d]{{1,60}}?\s+$", re.IGNORECASE)
# "5 males and 7 females": the sexes of one group, which add up to it
_SEX: Final = r"(?:men|women|males?|females?|male patients|female patients)"
_SEXES_RE: Final = re.compile(
    rf"\b({_NUMBER})\s+{_SEX}\s*(?:,|and)\s*({_NUMBER})\s+{_SEX}\b", re.IGNORECASE
)
# "143 consecutive patients, of whom 98 met the inclusion criteria": the pool, then the sample
_OF_WHOM_RE: Final = re.compile(
    rf",?\s*of (?:whom|these|them)\s*,?\s+({_NUMBER})\s+(?:met|fulfill?ed|were (?:included|"
    rf"eligible|enrolled|selected|treated))\b",
    re.IGNORECASE,
)
# (not the end of a range or a ratio: "grade 1-3 were recruited")
# ("32 (78%) were recruited": the count's share may stand between it and the verb)
_NUMBER_BEFORE_RE: Final = re.compile(
    rf"(?:^|[^\w\-\u2013/.:])({_NUMBER})\s+(?:\(\d[\d.]*\s*%\)\s+)?$", re.IGNORECASE
)
_VS_RE: Final = re.compile(  # (its first number's word boundary is checked apart: faster)
    rf"(\d{{1,5}})\s*(?:vs\.?|versus|and)\s*(\d{{1,5}})\s+{_FILLER}{_HUMAN_NOUNS}\b",
    re.IGNORECASE,
)
# what stands before a year ("in June 2019 were included"): a date, not a count
_YEAR_BEFORE_RE: Final = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$"
    r"|\b(?:in|since|until|between|and|to|from|of)\s+$",
    re.IGNORECASE,
)
# a group added to one counted before it: "Four further rats", "an additional 5 patients"
_ADDED: Final = (rf"\b(?:(?:a further|an additional|another)\s+({_NUMBER})"
                 rf"|({_NUMBER})\s+(?:further|additional))\s+")
_ADDED_HUMAN_RE: Final = re.compile(rf"{_ADDED}{_FILLER}{_HUMAN_NOUNS}\b", re.IGNORECASE)
# (animals also "three more rabbits"; "more" is too common a word to try on every human study)
_ADDED_ANIMAL_RE: Final = re.compile(
    rf"\b(?:(?:a further|an additional|another)\s+({_NUMBER})"
    rf"|({_NUMBER})\s+(?:further|additional|more))\s+"
    rf"(?:{_FILLER}|{_DESCRIPTION}){_ANIMAL_NOUNS}\b", re.IGNORECASE
)
# a control arm counted in a sentence of its own: "The control group of 38 patients ...",
# "Nine patients fused with autograft served as controls"
_CONTROL_ARM_RE: Final = re.compile(
    rf"\bcontrol (?:group|arm|cohort)\s+(?:of|comprised|consisted of|included|was)\s+"
    rf"({_NUMBER})\b"
    rf"|\b({_NUMBER})\s+{_FILLER}{_HUMAN_NOUNS}\b[^.;]{{0,80}}?"
    rf"\b(?:served as|were|formed|acted as)\s+(?:the\s+)?(?:[a-z]+\s+)?controls?\b"
    # "The 38 control patients were comparable", "compared with 40 historical controls"
    rf"|\b({_NUMBER})\s+(?:matched\s+|untreated\s+|historical\s+|concurrent\s+)?"
    rf"(?:control\s+{_HUMAN_NOUNS}|(?:matched|untreated|historical|concurrent)\s+controls)\b"
    # "cells were given to 38 patients and control saline injections to 12"
    rf"|\band\s+control\s+(?:[\w-]+\s+){{0,3}}?to\s+({_NUMBER})\b"
    rf"(?!\s*(?:%|percent|months?|weeks?|years?|days?|mg|ml)\b)",
    re.IGNORECASE,
)
# the size of one arm, told with its group: "the MSC group (24 patients)", "group B (n = 28)",
# "group B 28 patients", "20 (patients) (were assigned) to the placebo group"
_ARM_RE: Final = re.compile(
    rf"\b(?:group|arm)\s*\(\s*({_NUMBER})\s+{_HUMAN_NOUNS}\s*\)"
    rf"|\b(?:group|arm)(?:\s+[A-Za-z0-9])?\s*\(\s*n\s*=\s*(\d{{1,5}})\s*\)"
    rf"|\b(?:group|arm)\s+[A-Za-z0-9]\b[^.;]{{0,20}}?\b({_NUMBER})\s+{_HUMAN_NOUNS}\b"
    rf"|\b({_NUMBER})\s+(?:{_FILLER}{_HUMAN_NOUNS}\s+)?(?:(?:were|was)\s+)?"
    rf"(?:(?:assigned|allocated|randomi[sz]ed)\s+)?(?:to|in|into)\s+(?:the\s+)?"
    rf"(?:[\w-]+\s+){{0,3}}?(?:group|arm)\b",
    re.IGNORECASE,
)
_FIRST_SPECIES_REACH: Final = 40  # characters before "and" in which the first count stands
# the second count, found from its "and" (a literal the engine jumps to), then the first before it
_SECOND_SPECIES_RE: Final = re.compile(rf"and\s+({_NUMBER})\s+({_ANIMAL_NOUNS})\b",
                                       re.IGNORECASE)
_FIRST_SPECIES_RE: Final = re.compile(rf"\b({_NUMBER})\s+({_ANIMAL_NOUNS})\s*,?\s+\Z",
                                      re.IGNORECASE)
# what an outcome verb right after "N further patients" makes of them: a subset told by its
# result ("Five further patients reached grade B"), not a group added to the count
_SUBSET_OUTCOME_RE: Final = re.compile(
    r"\s*(?:reached|improved|showed|recovered|gained|converted|achieved|regained|progressed|"
    r"remained|deteriorated|worsened|developed|experienced|reported)\b", re.IGNORECASE)
_ADDED_WORDS: Final = ("further", "additional", "another")  # one of them is in every _ADDED
_ADDED_ANIMAL_WORDS: Final = (*_ADDED_WORDS, "more")
# after a control arm's count, or before it in its sentence: the arms split a count made before
_SPLIT_RE: Final = re.compile(r"\s*(?:each|apiece|per (?:group|arm)|in each)\b", re.IGNORECASE)
_SPLIT_VERB_RE: Final = re.compile(r"(?<!non-)(?<!non )\b(?:divided|split|randomi[sz]ed|randomly"
                                   r"|allocated)\b",
                                   re.IGNORECASE)
_CONTROL_WORDS: Final = ("controls", "control group", "control arm", "control cohort",
                         "the control", "as control", "control patients", "control subjects",
                         "control participants", "control adults", "control individuals",
                         "and control ")
# a sentence that counts every participant, not one arm ("Sixty patients were randomized")
_TOTAL_RE: Final = re.compile(
    r"\b(?:(?<!non-)(?<!non )randomi[sz]ed|randomly|allocated|assigned|divided|split|total"
    r"|overall|in all|groups|enrolled|included|comprised|screened|eligible)\b",
    re.IGNORECASE,
)
# a number word inside a match's filler: the count is that number's ("three of five patients"
# counts five patients)
_NUMBER_WORD_RE: Final = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety)\b",
    re.IGNORECASE,
)
# two groups of a comparative study named in one sentence: "Sixty patients ... were compared with
# 60 matched controls", "20 patients who responded (cases) and 40 patients who did not",
# "Twelve patients received MSCs and were compared with 12 knees injected with saline"
_GROUP_RE: Final = re.compile(
    rf"\b({_NUMBER})\s+{_FILLER}(?:{_HUMAN_NOUNS}|controls?|knees?|who)\b", re.IGNORECASE
)
# its nouns besides people's, as tokens ("who": a group whose noun is left out, "compared with
# 20 who chose ...", is counted only after a comparison word, see _group_pairs)
_GROUP_NOUNS: Final = frozenset({"control", "knee", "who"})
_JOIN_RE: Final = re.compile(
    r"(?:\b(?:compared|matched)\b[^.;]{0,40}?\b(?:with|to)(?:\s+those\s+of)?|\bversus|\bvs\.?"
    r"|\band|\bor)\s+(?:the\s+)?(?:other\s+|remaining\s+)?$",
    re.IGNORECASE,
)
_VERSUS_RE: Final = re.compile(r"\b(?:compared|versus|vs)\b", re.IGNORECASE)
_COMPARED_WITH_RE: Final = re.compile(r"\bcompared\s+(?:with|to)\b", re.IGNORECASE)
_WITH_END_RE: Final = re.compile(r"\b(?:with|to)\s+(?:those\s+of\s+)?(?:the\s+)?$",
                                 re.IGNORECASE)  # ("... compared with those of 100 patients")
_COMPARED_RE: Final = re.compile(r"\b(?:compared|matched|comparing|compare)\b", re.IGNORECASE)
_LEAD: Final = 60  # characters before a first group count where "compared" may stand
_PAIR_GAP: Final = 200  # characters between two group counts of one sentence
_SPAN: Final = 90  # characters before a person word that a count of people can take
_COMPARATIVE: Final = ("rct", "non_randomized_controlled", "cohort", "case_control")
# designs without participants of their own
_NO_SAMPLE: Final = ("systematic_review", "narrative_review", "guideline", "editorial", "other",
              "in_vitro")
_NOT_ENROLLED_RE: Final = re.compile(
    r"\b(?:screened|assessed for eligibility|excluded|declined|lost to follow|withdrew"
    r"|dropped out|died|eligible|identified|potential|potentially)\b",
    re.IGNORECASE,
)
# ... or told by the clause's verb after a longer noun phrase ("461 patients with sciatica of
# more than 12 weeks were assessed for inclusion"): the pool, not the sample
_FLOW_VERB_AFTER_RE: Final = re.compile(
    r"(?:(?!\b(?:were|was|and|but)\b)[^.;]){0,160}?\b(?:were|was)\s+"
    r"(?:screened|assessed|evaluated|considered|approached)\s+for\s+"
    r"(?:eligibility|inclusion|enrol?ment|participation)\b",
    re.IGNORECASE,
)
_FLOW_OBJECTS: Final = (" for eligibility", " for inclusion", " for enrolment",
                        " for enrollment", " for participation")
_POOL_BEFORE_RE: Final = re.compile(r"\b(?:of|among|from)\s+(?:the\s+|these\s+|all\s+)?$",
                                    re.IGNORECASE)
# after "of/among/from N people": the part of them the study took ("Of 462 patients, 81 were
# randomized"): N is the pool
_THEN_ENROLLED_RE: Final = re.compile(
    rf"[^.;,]{{0,40}},\s+(?:{_NUMBER})\s+(?:[a-z]+\s+){{0,3}}?(?:(?:were|was)\s+"
    rf"(?:enrolled|randomi[sz]ed|included|recruited|treated|allocated|selected)"
    # ("Of 1,224 patients, 20 men or women met the inclusion criteria")
    rf"|met|fulfilled|satisfied|qualified)\b",
    re.IGNORECASE)
_LITERATURE_RE: Final = re.compile(
    r"\b(?:in the literature|et al|(?:cases|patients) published|published (?:cases|reports)"
    r"|reported cases|cases reported in)\b", re.IGNORECASE)
_CASE_TITLE_RE: Final = re.compile(r"\bcase report\b", re.IGNORECASE)
# a sentence that opens on one patient and its age in years ("A 6-year-old male French bulldog
# was presented"): with no count of animals anywhere, a veterinary case
_ONE_AGED_RE: Final = re.compile(r"(?:^|(?<=[.!?]\s))An?\s+(?:\d{1,2}|[a-z]+)[- ]years?[- ]old\b",
                                  re.MULTILINE)
_NUMBER_PARTS_RE: Final = re.compile(r"[\s-]+")  # "twenty-six", "twenty six"
# a number after a multiplication sign is a power of ten of a dose; "per patient" is a rate
_POSSESSIVE_RE: Final = re.compile(r"\w(?:['\u2019]s|s['\u2019])\s")
_DOSE_BEFORE_RE: Final = re.compile(r"(?:\u00d7|\bx)\s*$")
_PER_RE: Final = re.compile(r"\bper\s+\w+$")
_TIME_BEFORE_RE: Final = re.compile(
    r"\b(?:weeks?|days?|months?|hours?|years?|postoperative\s+day|gestational\s+day)\s+$",
    re.IGNORECASE)
# a unit after a number (matched at the number's end: no copy of the rest of the text)
_NOT_A_COUNT: Final = re.compile(
    r"\s*(?:years?|months?|weeks?|days?|hours?|mg|ml|%|cm|mm|levels?|discs?|joints?|millions?"
    r"|billions?|(?:groups|cohorts|arms|series)\s+of)\b",  # ("two groups of patients")
    re.IGNORECASE,
)


# Case-sensitive twins of the case-insensitive counting patterns, for lower-cased ASCII texts (see
# evidence.regex_forms), keyed by the pattern's text: hashing a compiled pattern hashes its code
_LOWER_TWIN: Final = {
    rx.pattern: twin
    for rx in (_HUMAN_RE, _ANIMAL_RE, _VS_RE, _GROUP_RE, _ENROLLED_RE, _SEXES_RE, _ARM_RE,
               _CONTROL_ARM_RE, _ADDED_HUMAN_RE, _ADDED_ANIMAL_RE, _SECOND_SPECIES_RE)
    if (twin := lower_case_twin(rx)) is not None
}


# the letters that a pattern ignoring case reads as an ASCII letter (I, i, s, k): a number word
# may hold them, which its token's norm does not show
_FOLDS_TO_ASCII: Final = ("\u0130", "\u0131", "\u017f", "\u212a")


def _finditer(regex: re.Pattern[str], text: str, spans: list[tuple[int, int]] | None = None,
              *, anchored: bool = False) -> Iterable[re.Match[str]]:
    """``regex.finditer(text)``; group *spans* as the original's, group strings maybe lower-case.

    ``spans``: search only these stretches of ``text`` (each match found once). ``anchored``:
    a match can start only where a span starts (see ``_noun_spans``).
    """
    twin = _LOWER_TWIN.get(regex.pattern)
    if twin is not None and text.isascii():
        regex, text = twin, _fold(text)  # (an ASCII text folds to its lower case, remembered)
    elif anchored and any(c in text for c in _FOLDS_TO_ASCII):
        anchored = False  # ("\u017fix" is "six" to a pattern that ignores case: try everywhere)
    if spans is None:
        return regex.finditer(text)
    return _in_spans(regex, text, spans, anchored)


def _in_spans(regex: re.Pattern[str], text: str, spans: list[tuple[int, int]],
              anchored: bool = False) -> list[re.Match[str]]:
    """The matches inside ``spans``, in text order, each once: overlapping spans are read as
    their union, so that as in a reading of the whole text no match starts inside another.

    ``anchored``: matches are tried only at the spans' starts (which the caller knows to be the
    only places one can begin), not at every character of the union. (A list, not a
    generator: a compiled build makes and reads it in plain loops.)"""
    out: list[re.Match[str]] = []
    stretch_start, stretch_end = -1, -1
    heads: list[int] = []
    for start, end in sorted(spans):
        if start <= stretch_end:  # overlaps (or touches) the current stretch: extend it
            stretch_end = max(stretch_end, end)
            heads.append(start)
            continue
        if stretch_end >= 0:
            out.extend(_at_heads(regex, text, heads, stretch_end) if anchored
                       else regex.finditer(text, stretch_start, stretch_end))
        stretch_start, stretch_end = start, end
        heads = [start]
    if stretch_end >= 0:
        out.extend(_at_heads(regex, text, heads, stretch_end) if anchored
                   else regex.finditer(text, stretch_start, stretch_end))
    return out


def _at_heads(regex: re.Pattern[str], text: str, heads: list[int],
              end: int) -> list[re.Match[str]]:
    """What ``regex.finditer(text, heads[0], end)`` finds when no match can start but at one of
    ``heads`` (in order): a match tried at each head past the previous match."""
    out: list[re.Match[str]] = []
    free = 0  # where the previous match ends: the next one starts there or later
    tried = -1  # (heads repeat where two spans start at one number)
    for head in heads:
        if head < free or head == tried:
            continue
        tried = head
        m = regex.match(text, head, end)
        if m is not None:
            out.append(m)
            free = m.end()
    return out


@dataclass(frozen=True, init=False)
class SampleSize:
    value: int | None  # the study's sample size (patients, or animals for animal studies)
    patients: int | None
    animals: int | None
    field: str = ""
    matched_text: str = ""

    def __init__(self, value: int | None, patients: int | None, animals: int | None,
                 field: str = "", matched_text: str = "") -> None:
        object.__setattr__(self, "value", value)  # (explicit: see evidence.design.Decision)
        object.__setattr__(self, "patients", patients)
        object.__setattr__(self, "animals", animals)
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "matched_text", matched_text)


def words_to_int(text: str) -> int | None:
    """'twenty-six' -> 26, '1,200' -> 1200, 'a hundred' -> 100, 'five hundred' -> 500; None when
    not a number."""
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    head, hundred, rest = t.partition(" hundred")
    if hundred and (head == "a" or head in _UNITS):
        rest = rest.replace("and", "").strip()
        extra = words_to_int(rest) if rest else 0
        return 100 * _UNITS.get(head, 1) + (extra or 0)
    if t in _UNITS:
        return _UNITS[t]
    parts = _NUMBER_PARTS_RE.split(t)
    if parts and parts[0] in _TENS:
        value = _TENS[parts[0]]
        if len(parts) == 2 and parts[1] in _UNITS:
            value += _UNITS[parts[1]]
        elif len(parts) > 1:
            return None
        return value
    return None


_RANK: Final = {"METHODS": 0, "RESULTS": 1, "": 2, "UNASSIGNED": 2, "ABSTRACT": 2, "OBJECTIVE": 3,
                "CONCLUSIONS": 4, "BACKGROUND": 5, "REGISTRATION": 6}


def _texts(doc: dict[str, Any],
           section_role: Callable[[str | None, str | None], str | None] | None = None,
           cut: dict[str, list[tuple[str, str]]] | None = None) -> list[tuple[str, str]]:
    """(field, text) in the order counts are trusted: methods, results, unlabelled, others.
    ``section_role``: the vocabulary's reading of a section's label ("Animals", "Procedures":
    methods), where its category alone says nothing."""
    secs = doc.get("abstract_sections") or []
    out: list[tuple[int, str, str]] = []
    for sec in secs:
        cat = (sec.get("category") or sec.get("label") or "").upper()
        rank = _RANK.get(cat) if cat else None
        if rank is None and section_role is not None:
            role = section_role(sec.get("label"), sec.get("category"))
            rank = _RANK.get(role.upper()) if role else None
            if role is None:  # a text of its own: cut where its sentences open with a label
                out.extend(_inline_parts(sec.get("text") or "", section_role,
                                         f"abstract:{cat}" if cat else "abstract", cut))
                continue
        out.append((2 if rank is None else rank, f"abstract:{cat}" if cat else "abstract",
                    sec.get("text") or ""))
    if not secs and doc.get("abstract"):
        out.extend(_inline_parts(doc["abstract"], section_role, "abstract", cut))
    ranks = [rank for rank, _, _ in out]
    if 0 not in ranks and 1 in ranks:
        # no methods: the unlabelled text before the results tells who was treated ("In 10
        # patients we report ... Results: In six patients the injury was chronic")
        first = ranks.index(1)
        out = [(0 if k < first and rank == 2 else rank, f, t) for k, (rank, f, t) in enumerate(out)]
    out.sort(key=lambda x: x[0])
    title = doc.get("title") or ""
    return [(f, t) for _, f, t in out] + ([("title", title)] if title else [])


def _inline_parts(text: str,
                  section_role: Callable[[str | None, str | None], str | None] | None,
                  name: str, cut: dict[str, list[tuple[str, str]]] | None
                  ) -> list[tuple[int, str, str]]:
    """(rank, field, text) of an unlabelled text's parts, cut where evidence.text.segments cuts
    it ("PARTICIPANTS: 461 patients ... RESULTS: Of 133 eligible, 17 ..."): a count is trusted
    by the section it was written in. ``name``: the field of a part that is not cut; ``cut``:
    the scan's cuts of the same texts (DocScan.inline_parts), read instead of cutting again."""
    if section_role is None:
        return [(2, name, text)]
    parts = cut.get(text.strip()) if cut is not None else None
    if parts is None:
        parts = inline_sections(text, section_role)
    out = []
    for role, part in parts:
        rank = _RANK.get(role.upper())
        out.append((2 if rank is None else rank,
                    name if role == "abstract" else f"abstract:{role.upper()}", part))
    return out


def _counts(regex: re.Pattern[str], text: str, spans: list[tuple[int, int]] | None = None,
            *, anchored: bool = False) -> list[tuple[int, int, int]]:
    """(value, start, end) of every count ``regex`` finds; "three of five patients" is five.

    ``spans``, ``anchored``: see ``_finditer``. (A list, not a generator: see ``_in_spans``.)"""
    out: list[tuple[int, int, int]] = []
    for m in _finditer(regex, text, spans, anchored=anchored):
        # words between the number and its noun ("three of five patients"): rare
        inner = (_NUMBER_WORD_RE.search(text, m.end(1), m.end())
                 if " " in text[m.end(1) + 1 : m.end()] else None)
        if inner is not None:  # count again from the later number
            again = regex.match(text, inner.start())
            if again is None:
                continue
            m = again
        if (text.find("'", m.end(1), m.end()) >= 0 or text.find("\u2019", m.end(1), m.end()) >= 0
                ) and _POSSESSIVE_RE.search(text, m.end(1), m.end()):
            continue  # "one surgeon's patients", "two centres' patients": it counts the owners
        value = words_to_int(m.group(1))  # lower-cases anyway
        if value is None or value > 100000 or _NOT_A_COUNT.match(text, m.end(1)):
            continue
        if value == 0 or text[m.start(1) - 1 : m.start(1)] in ("/", "-"):
            continue  # part of a name ("Bgn-/0 mice", "COVID-19 patients"), or nobody
        if 1900 <= value <= 2100 and _YEAR_BEFORE_RE.search(
                text, max(0, m.start(1) - 16), m.start(1)):
            continue  # a year ("between 2006 and 2010 two groups of patients")
        if _TIME_BEFORE_RE.search(text, max(0, m.start(1) - 12), m.start(1)):
            continue  # a point in time ("in week 14 the model mice", "on day 7 the rats")
        if _DOSE_BEFORE_RE.search(text, max(0, m.start(1) - 3), m.start(1)) or _PER_RE.search(
                text, m.end(1), m.end()):
            continue  # a dose ("9 × 10^7 cells per patient", flattened to "9 × 107"), a rate
        out.append((value, m.start(), m.end()))
    return out


def _best(regex: re.Pattern[str], texts: list[tuple[str, str]],
          nouns: list[list[tuple[int, int]]] | None = None
          ) -> tuple[int, str, str] | None:
    """The largest count in the most trusted field, setting aside screened/excluded counts.

    ``nouns``: per field, the stretches ending at a person word (see ``_noun_spans``), where
    alone a count of people can be; None: read the whole field.
    """
    for n, (fld, text) in enumerate(texts):
        found = []
        spans = nouns[n] if nouns is not None else None
        pools = ([m for m in _OF_WHOM_RE.finditer(text)] if regex is _HUMAN_RE and (
            "f whom" in text or "f these" in text or "f them" in text) else [])
        counts = [c for c in _counts(regex, text, spans, anchored=spans is not None)
                  if not _literature(text, c[1], c[2])]
        pooled = {_pool_of(m, counts, text) for m in pools}
        low = text.lower() if counts and regex is _HUMAN_RE else ""
        flow_verb = any(w in low for w in _FLOW_OBJECTS)
        for value, start, end in counts:
            window = text[start : end + 40]
            pool = (value, start, end) in pooled
            out_of = _NOT_ENROLLED_RE.search(window)
            if out_of is None and regex is _HUMAN_RE:
                out_of = _SCREENED_BEFORE_RE.search(text, max(0, start - 24), start)
                if out_of is None and flow_verb:
                    out_of = _FLOW_VERB_AFTER_RE.match(text, end)
                if out_of is None and _POOL_BEFORE_RE.search(text, max(0, start - 12), start):
                    out_of = _THEN_ENROLLED_RE.match(text, end)  # "Of 462 patients, 81 were ..."
            if out_of is not None and out_of.group().lower() == "eligible" and (
                    out_of.end() <= end - start and not _POOL_BEFORE_RE.search(
                        text, max(0, start - 12), start)):
                out_of = None  # "a trial in 60 eligible patients", not "of 52 eligible ..."
            found.append((1 if pool or out_of else 0, -value, value, text[start:end]))
        for m in pools:
            count = words_to_int(m.group(1))
            if count is not None:
                found.append((0, -count, count, text[m.start(1) : m.end()]))
        if regex is _HUMAN_RE:
            # a count without its noun, told by the verb that enrolled it ("Of 41 eligible
            # adults, 28 were enrolled"): the sample, beside the counts with a noun
            if " were " in text or " was " in text:
                for m in _enrolled(text):
                    before = _NUMBER_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())
                    count = words_to_int(before.group(1)) if before else None
                    if before is not None and count is not None and not (
                            1900 <= count <= 2100 and _YEAR_BEFORE_RE.search(
                                text, max(0, before.start(1) - 12), before.start(1))):
                        found.append((0, -count, count, text[before.start(1) : m.end()]))
            if found and all(flag for flag, *_ in found):
                # "Of 112 patients screened, 30 met the criteria": the number after the clause
                for m in _AFTER_SCREENED_RE.finditer(text):
                    count = words_to_int(m.group(1))
                    if count is not None:
                        found.append((0, -count, count, text[m.start() : m.end()].strip()))
                # "we screened 212 patients and enrolled 30 (14%)": the count the verb took in
                for m in _ENROLLED_ACTIVE_RE.finditer(text):
                    count = words_to_int(m.group(1))
                    if count is not None:
                        found.append((0, -count, count, m.group().strip()))
            for m in _finditer(_VS_RE, text, spans):
                if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "."):
                    continue  # inside a longer number or word
                if all(1900 <= int(g) <= 2100 for g in m.groups()):
                    continue  # two years ("between 2006 and 2010 two groups of patients")
                value = int(m.group(1)) + int(m.group(2))
                if text[max(0, m.start() - 9):m.start()].rstrip().lower().endswith("between"):
                    value = max(int(m.group(1)), int(m.group(2)))  # a range: "between 10 and 30"
                elif _TIMES_BEFORE_RE.search(text, _sentence_of(text, m.start(), m.end())[0],
                                             m.start()):
                    # "at 1 and 2 years, 14 and 13 patients": one group counted at two times
                    value = max(int(m.group(1)), int(m.group(2)))
                found.append((0, -value, value, text[m.start() : m.end()]))
        if found:
            found.sort()
            _, _, value, matched = found[0]
            return value, fld, matched.strip()
    return None


def _enrolled(text: str) -> list[re.Match[str]]:
    """What ``_finditer(_ENROLLED_RE, text)`` finds, read from each "were" and "was" (str.find
    jumps between them): every match starts at one, and no match holds the start of another."""
    twin = _LOWER_TWIN.get(_ENROLLED_RE.pattern)
    if twin is None or not text.isascii():
        return list(_finditer(_ENROLLED_RE, text))
    low = _fold(text)  # (an ASCII text folds to its lower case)
    heads: list[int] = []
    for head in ("were", "was"):
        at = low.find(head)
        while at >= 0:
            heads.append(at)
            at = low.find(head, at + 4)
    heads.sort()
    out: list[re.Match[str]] = []
    for at in heads:
        m = twin.match(low, at)
        if m is not None:
            out.append(m)
    return out


def _literature(text: str, start: int, end: int) -> bool:
    """The count's sentence is about published work ("12 cases in the literature", "12 similar
    cases published since 2010")."""
    left, stop = _sentence_of(text, start, end)
    window = folded(text[left:stop])  # a match needs one of its two phrases' letters
    if "literature" not in window and "et al" not in window and "publish" not in window and (
            "reported" not in window):
        return False
    return _LITERATURE_RE.search(text, left, stop) is not None


def _group_pairs(texts: list[tuple[str, str]],
                 nouns: list[list[tuple[int, int]]] | None = None) -> tuple[int, str, str] | None:
    """The largest sum of two group sizes joined in one sentence, in the most trusted field.

    ``nouns``: per field, the stretches ending at a group's noun (see ``_best``)."""
    for n, (fld, text) in enumerate(texts):
        best: tuple[int, str, str] | None = None
        previous: tuple[int, int, int] | None = None
        for value, start, end in _counts(_GROUP_RE, text, nouns[n] if nouns is not None else None,
                                         anchored=nouns is not None):
            elided = text[end - 3 : end].lower() == "who"
            if previous is not None:
                gap = text[previous[2] : start]
                if elided and not _VERSUS_RE.search(gap):
                    previous = None  # "and 30 who completed": not a group compared
                    continue
                if (len(gap) <= _PAIR_GAP and "." not in gap and ";" not in gap
                        and (_JOIN_RE.search(gap) or _compared_before(text, previous[1], gap))
                        and not _NOT_ENROLLED_RE.search(text[previous[1] : end])):
                    total = previous[0] + value
                    if best is None or total > best[0]:
                        best = (total, fld, text[previous[1] : end])
            previous = None if elided else (value, start, end)
        if best:
            return best
    return None


def _sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence of ``text[start:end]`` (its full stops as ". ")."""
    left = text.rfind(". ", 0, start) + 1
    right = text.find(". ", end)
    return left, len(text) if right < 0 else right


# two time points joined ("at 6 and 12 months", "at one and two years"): the counts after them
# are of one group at each time, respectively
_TIMES_BEFORE_RE: Final = re.compile(
    r"\b(?:at|after)\s+[\w.]+\s+(?:and|or)\s+[\w.]+\s+(?:weeks?|months?|years?)\b",
    re.IGNORECASE)
# "four groups (n = 10 per group)", "three groups of 12 rats": animals counted per group
# (and people: "three cohorts of 4 patients", "two arms of 20")
_GROUPS_RE: Final = re.compile(rf"\b({_NUMBER})\s+(?:[a-z]+\s+)?(?:groups|cohorts|arms)\b",
                               re.IGNORECASE)
_PER_GROUP_RE: Final = re.compile(
    rf"\b(?:n\s*=\s*)?(\d+|[a-z]+(?:-[a-z]+)?)\s+(?:(?:{_ANIMAL_NOUNS}|{_HUMAN_NOUNS})\s+)?"
    rf"(?:per|in each|for each|each)\s+(?:group|arm)\b"
    rf"|\b(?:groups|cohorts|arms)\s+of\s+(\d+)\b|\b(?:n\s*=\s*)?(\d+)\s*/\s*(?:each\s+)?(?:group|arm)\b"
    rf"|\(\s*n\s*=\s*(\d+)\s+(?:each|per group|per arm|in each)\s*\)",  # "(n = 20 each)"
    re.IGNORECASE)
# the treatments people or animals were allocated to, named as alternatives ("randomized to
# intradiscal cells or saline", "assigned to cells, hyaluronan or saline"): as many groups as
# alternatives (read after the allocation verb, up to the count per group)
_ALLOCATED_TO_RE: Final = re.compile(
    r"\b(?:randomi[sz]ed|assigned|allocated|divided)\b(?:\s+\w+)?\s+(?:to|into)\s+"
    r"(?:receive\s+)?(?:either\s+)?([^.;:()]+)", re.IGNORECASE)
# ... or told before them ("20 patients in each arm received either cells or saline")
_EITHER_RE: Final = re.compile(r"\b(?:received|were given|underwent|had)\s+either\s+([^.;:()]+)",
                               re.IGNORECASE)
_CLAUSE_AFTER_RE: Final = re.compile(
    r",?\s+(?:and|who|which|with|for|at|during|after|before|then|while|in|on)\b", re.IGNORECASE)
_ALTERNATIVE_RE: Final = re.compile(r",\s*(?:or\s+)?|\s+(?:or|versus|vs\.?)\s+", re.IGNORECASE)


# two named groups ("both MSCs and NP-like cells were transplanted"): the groups a count per
# group multiplies
_BOTH_RE: Final = re.compile(r"\bboth\s+[^.;]{1,60}?\band\b", re.IGNORECASE)


# the groups counted, then what each held ("the two groups each comprised 25 patients", "the
# HA and TA groups each included 36 participants", "each of the three groups had 12 rats")
_GROUPS_EACH_RE: Final = re.compile(
    rf"\b(?:(?:the\s+)?(?:({_NUMBER}|both)\s+(?:[\w-]+\s+)?|[\w-]+\s+and\s+(?:the\s+)?[\w-]+\s+)"
    rf"(?:groups|arms|cohorts)\s+each|\beach\s+of\s+the\s+({_NUMBER})\s+(?:groups|arms|cohorts))"
    rf"\s+(?:included|includes|comprised|comprises|contained|had|has|consisted\s+of|enrolled|"
    rf"numbered|received)\s+({_NUMBER})\s+(?:(?:[\w-]+\s+){{0,2}}?)"
    rf"(?:{_HUMAN_NOUNS}|{_ANIMAL_NOUNS})\b",
    re.IGNORECASE)


def _per_group(texts: list[tuple[str, str]]) -> tuple[int, str, str] | None:
    """Groups times animals per group, both stated in one sentence."""
    for fld, text in texts:
        if "groups each" in text or "arms each" in text or "cohorts each" in text or (
                "ach of the" in text):  # (what every match holds)
            each = _GROUPS_EACH_RE.search(text)
            if each is not None:
                counted = each.group(1) or each.group(2)
                k = 2 if counted is None or counted.lower() == "both" else words_to_int(counted)
                n = words_to_int(each.group(3))
                if k is not None and 2 <= k <= 12 and n:
                    return k * n, fld, each.group(0)
        if not ("per group" in text or "each group" in text or "groups of" in text
                or "/group" in text or "/ group" in text or "cohorts of" in text
                or "arms of" in text or " each)" in text or "per arm" in text
                or "each arm" in text or "/arm" in text):
            continue  # (one of them is in every match)
        if " to " in text or "either" in text:  # (what the alternatives' readings need)
            named = _alternatives_per_group(text)
            if named is not None:
                return named[0], fld, named[1]
        for g in _GROUPS_RE.finditer(text):
            k = words_to_int(g.group(1))
            if k is None or not 2 <= k <= 12:
                continue
            left, right = _sentence_of(text, g.start(), g.end())
            per = _PER_GROUP_RE.search(text, left, right)
            if per is not None:
                n = _per_group_count(per)
                if n > 0:
                    start, end = min(g.start(), per.start()), max(g.end(), per.end())
                    return k * n, fld, text[start:end]
        if "both" not in text and "Both" not in text:
            continue  # (what the reading below needs)
        for per in _PER_GROUP_RE.finditer(text):  # "both MSCs and NPCs ... (n = 9 per group)"
            left = _sentence_of(text, per.start(), per.end())[0]
            both = _BOTH_RE.search(text, left, per.start())
            n = _per_group_count(per)
            if both is not None and n > 0:
                return 2 * n, fld, text[both.start():per.end()]
    return None


def _per_group_count(per: re.Match[str]) -> int:
    """The count of one group that a ``_PER_GROUP_RE`` match states (0: a word, not a number)."""
    return words_to_int(per.group(1) or per.group(2) or per.group(3) or per.group(4)) or 0


_ANIMALS_N_RE: Final = re.compile(rf"\b{_ANIMAL_NOUNS}\s*\(\s*[nN]\s*=\s*(\d{{1,5}})\s*\)",
                                   re.IGNORECASE)


# ... or by a total told after them ("Mice with acute SCI, 54 in total (n = 18 per group)")
_ANIMALS_TOTAL_RE: Final = re.compile(
    rf"\b{_ANIMAL_NOUNS}\b[^.;()]{{0,60}}?,\s*(\d{{1,5}})\s+in\s+total\b", re.IGNORECASE)


def _animals_n(texts: list[tuple[str, str]]) -> tuple[int, str, str] | None:
    """Animals counted by an n in brackets after their noun ("client-owned dogs (n = 18)") or
    a total after it ("mice with acute SCI, 54 in total"), in the first field that has one."""
    for fld, text in texts:
        if "=" in text:
            m = _ANIMALS_N_RE.search(text)
            if m is not None:
                return int(m.group(1)), fld, m.group()
        if "in total" in text:
            m = _ANIMALS_TOTAL_RE.search(text)
            if m is not None:
                return int(m.group(1)), fld, m.group()
    return None


def _two_species(texts: list[tuple[str, str]]) -> tuple[int, str, str] | None:
    """Animals of two species counted side by side ("five dogs and three cats"): their sum, in
    the first field that has one (not "8 rats and 4 rats": one species told twice)."""
    for fld, text in texts:
        if " and " not in text:
            continue
        for m in _finditer(_SECOND_SPECIES_RE, text):
            if m.start() and text[m.start() - 1].isalnum():
                continue  # ("band", "hand": the pattern starts at its literal, "and")
            f = _FIRST_SPECIES_RE.search(text, max(0, m.start() - _FIRST_SPECIES_REACH),
                                         m.start())
            if f is None or f.group(2).lower().rstrip("s") == m.group(2).lower().rstrip("s"):
                continue
            first, second = words_to_int(f.group(1)), words_to_int(m.group(1))
            if first and second:
                return first + second, fld, text[f.start():m.end()]
    return None


def _animal_groups(texts: list[tuple[str, str]]) -> tuple[int, str, str] | None:
    """The animals of a study counted group by group, in the first field that counts animals:
    each species' largest count ("46 rabbits were punctured ... eight rabbits were killed"),
    or, where one sentence counts groups of one species by what each was given ("ten rats
    received MSCs and ten rats received saline"), their sum; then the species added up ("...
    transplanted onto the ganglia of 16 nude rats"). None when that adds nothing to the
    largest single count."""
    for fld, text in texts:
        counts = [c for c in _counts(_ANIMAL_RE, text)
                  if not _literature(text, c[1], c[2])
                  and not _NOT_ENROLLED_RE.search(text, c[1], c[2] + 40)]
        if not counts:
            continue
        if len(counts) < 2:
            return None
        per_species: dict[str, int] = {}
        treated: dict[tuple[str, int], int] = {}  # (species, sentence start) -> groups' sum
        for value, start, end in counts:
            kind = _species(text[start:end])
            if kind is None:
                continue
            per_species[kind] = max(per_species.get(kind, 0), value)
            if _GIVEN_AFTER_RE.match(text, end):
                key = (kind, _sentence_of(text, start, end)[0])
                treated[key] = treated.get(key, 0) + value
        for (kind, _), total in treated.items():
            per_species[kind] = max(per_species[kind], total)
        total = sum(per_species.values())
        if total > max(value for value, _, _ in counts):
            return total, fld, " + ".join(f"{n} {kind}" for kind, n in per_species.items())
        return None
    return None


def _species(counted: str) -> str | None:
    """The species a count of animals names ("16 nude rats" -> rat), None for "animals"."""
    noun = counted.rsplit(None, 1)[-1].lower()
    if noun in _GENERIC_ANIMALS:
        return None
    return _SPECIES_OF.get(noun, noun[:-1] if noun.endswith("s") else noun)


_GENERIC_ANIMALS: Final = frozenset(("animal", "animals", "primate", "primates"))
_SPECIES_OF: Final = {"mice": "mouse", "minipig": "pig", "minipigs": "pig", "swine": "pig",
                      "ewes": "sheep", "lamb": "sheep", "lambs": "sheep", "calves": "calf",
                      "ponies": "horse", "mares": "horse", "geldings": "horse",
                      "racehorse": "horse", "racehorses": "horse", "thoroughbred": "horse",
                      "thoroughbreds": "horse", "foal": "horse", "foals": "horse",
                      "cows": "cattle", "cow": "cattle",
                      "beagle": "dog", "beagles": "dog", "macaque": "monkey",
                      "macaques": "monkey",
                      **{breed + end: "dog" for breed in _DOG_BREEDS for end in ("", "s")}}
# a group told by what it was given, just after its count ("ten rats received saline")
_GIVEN_AFTER_RE: Final = re.compile(
    r"\s+(?:[\w-]+\s+){0,5}?(?:received|were\s+(?:given|injected|treated|implanted|transplanted)"
    r"|underwent|served\s+as|had)\b", re.IGNORECASE)


def _two_kinds(texts: list[tuple[str, str]]) -> tuple[int, str, str] | None:
    """Two groups told by what each has ("20 children with cerebral palsy and 6 with spinal
    muscular atrophy"): their sum, in the first field that has one."""
    for fld, text in texts:
        if " with " not in text:
            continue
        for m in _SECOND_KIND_RE.finditer(text):
            second = words_to_int(m.group(1))
            if not second:
                continue
            if m.start() and text[m.start() - 1].isalnum():
                continue  # ("band", "demand")
            first = _FIRST_KIND_RE.search(text, max(0, m.start() - 120), m.start())
            count = words_to_int(first.group(1)) if first else None
            if first is not None and count:
                return count + second, fld, text[first.start():m.end()]
    return None


def _alternatives(named: str) -> int:
    """How many treatments ``named`` lists as alternatives, up to its first clause of another
    kind ("cells, PRP or steroid, and were followed": three)."""
    named = _CLAUSE_AFTER_RE.split(named, maxsplit=1)[0].rstrip(" ,")
    return len(_ALTERNATIVE_RE.findall(named)) + 1


def _alternatives_per_group(text: str) -> tuple[int, str] | None:
    """A count per group after treatments allocated as alternatives, with no number of groups
    ("randomized to cells or saline (n = 15 each)": two groups of 15)."""
    for a in _ALLOCATED_TO_RE.finditer(text):
        left, right = _sentence_of(text, a.start(), a.end())
        if _GROUPS_RE.search(text, left, right):
            continue  # the groups are counted in words: the caller's reading
        per = _PER_GROUP_RE.search(text, a.start(1), min(right, a.end(1) + 40))
        if per is None or per.start() > a.end(1) + 3 or ";" in text[a.end(1):per.start()]:
            continue  # (the count must follow the alternatives it counts)
        named = text[a.start(1):min(a.end(1), per.start())].rstrip(" ,")
        k = _alternatives(named)
        n = _per_group_count(per)
        if 2 <= k <= 6 and n:
            return k * n, text[a.start():per.end()]
    for e in _EITHER_RE.finditer(text):
        left = max(_sentence_of(text, e.start(), e.end())[0], e.start() - 60)
        counts = list(_PER_GROUP_RE.finditer(text, left, e.start()))
        per = counts[-1] if counts else None  # (the last count before the verb)
        if per is None or e.start() - per.end() > 12:
            continue
        k = _alternatives(e.group(1))
        n = _per_group_count(per)
        if 2 <= k <= 6 and n:
            return k * n, text[per.start():e.end()]
    return None


def _added_group(regex: re.Pattern[str], added: re.Pattern[str],
                 texts: list[tuple[str, str]]) -> tuple[int, str, str] | None:
    """A group added to one counted before it ("In 9 rats the disc was injured. Three further
    (more) rats received cells"): the largest earlier count plus the added one, in the first
    field that has one."""
    for fld, text in texts:
        stretches = _stretches_naming(
            text, _ADDED_ANIMAL_WORDS if added is _ADDED_ANIMAL_RE else _ADDED_WORDS)
        if not stretches:
            continue
        for m in _finditer(added, text, stretches):
            extra = words_to_int(m.group(1) or m.group(2))
            if not extra or _NOT_ENROLLED_RE.search(text, m.start(), m.end() + 40):
                continue
            if _SUBSET_OUTCOME_RE.match(text, m.end()):
                continue  # "five further treated patients reached grade B": more of the same
                # series told by their outcome, not a group added to it
            earlier = [value for value, start, end in _counts(regex, text)
                       if end <= m.start() and not _NOT_ENROLLED_RE.search(text, start, end + 40)
                       and not _literature(text, start, end)]
            if earlier:
                first = max(earlier)
                return first + extra, fld, f"{first} + {text[m.start():m.end()]}"
    return None


# the folded text of a field, remembered: several readers of one document fold the same fields
_fold: Final = lru_cache(maxsize=32)(folded)


def _stretches_naming(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """The stretches of ``text`` between full stops whose folded text holds one of ``words``:
    where alone a pattern whose every match holds one of them, and no full stop, can match
    (searched there, it finds what it finds in the whole text)."""
    out: list[tuple[int, int]] = []
    low = _fold(text)
    if not any(word in low for word in words):
        return out
    size = len(text)
    if len(low) == size:  # each letter folded to one: from each word found, its stretch
        found: set[tuple[int, int]] = set()
        for word in words:  # (no word holds a full stop)
            at = low.find(word)
            while at >= 0:
                stop = text.find(".", at)
                stop = size if stop < 0 else stop
                found.add((text.rfind(".", 0, at) + 1, stop))
                at = low.find(word, stop + 1)
        return sorted(found)
    start = 0  # (some letters folded longer: fold each stretch)
    while start <= size:
        stop = text.find(".", start)
        if stop < 0:
            stop = size
        for word in words:
            if word in folded(text[start:stop]):
                out.append((start, stop))
                break
        start = stop + 1
    return out


def _arms(texts: list[tuple[str, str]]) -> tuple[int, str, str] | None:
    """The arms of a comparative study counted with their groups in one sentence ("the MSC
    group (24 patients) and the control group (22 patients)", "20 were assigned to the cell
    group and 20 to the placebo group"): their sum, in the first field that has one."""
    for fld, text in texts:
        stretches = _stretches_naming(text, ("group", "arm"))
        if not stretches:
            continue
        sums: dict[int, list[tuple[int, int, int]]] = {}
        for m in _finditer(_ARM_RE, text, stretches):
            value = words_to_int(next(g for g in m.groups() if g is not None))
            if value and not _NOT_ENROLLED_RE.search(text, m.start(), m.end()):
                sums.setdefault(_sentence_of(text, m.start(), m.end())[0], []).append(
                    (value, m.start(), m.end()))
        best = max((arms for arms in sums.values() if len(arms) > 1),
                   key=lambda arms: sum(v for v, _, _ in arms), default=None)
        if best is not None:
            return (sum(v for v, _, _ in best), fld,
                    " + ".join(text[a:b] for _, a, b in best))
    return None


# another arm counted as the control arm was ("The AGF group comprised 32 patients")
_OTHER_ARM_RE: Final = re.compile(
    rf"\b([\w-]+)\s+(?:group|arm|cohort)\s+(?:comprised|consisted of|included|was)\s+"
    rf"({_NUMBER})\b", re.IGNORECASE)


# an event told of the people counted after it ("occurred in 7 treated and 10 control
# participants"): a count of who had it
_EVENT_IN_RE: Final = re.compile(
    r"\b(?:occurred|seen|observed|noted|achieved|recorded|happened|developed|found)\s+in\b",
    re.IGNORECASE)


def _control_arm(texts: list[tuple[str, str]],
                 nouns: list[list[tuple[int, int]]] | None = None) -> tuple[int, str, str] | None:
    """A treated group and a control arm counted in separate sentences ("Cells were implanted
    in 14 patients. Eleven patients fused with autograft served as controls"): their sum, when
    the treated group's sentence does not count everybody ("Sixty patients were randomized").

    ``nouns``: per field, the stretches where alone a count of people can be (see ``_best``)."""
    for n, (fld, text) in enumerate(texts):
        low = _fold(text)
        if not any(word in low for word in _CONTROL_WORDS):  # (not "controlled")
            continue
        for m in _finditer(_CONTROL_ARM_RE, text, _stretches_naming(text, ("control",))):
            control = words_to_int(m.group(1) or m.group(2) or m.group(3) or m.group(4))
            if not control:
                continue
            own = _sentence_of(text, m.start(), m.end())
            if m.group(4):  # (the treated count stands in the clause before "and control")
                own = (m.start(), own[1])
            semicolon = text.rfind("; ", own[0], m.start())
            if semicolon >= 0:  # "... 30 patients received cells; 15 patients served as controls"
                own = (semicolon + 1, own[1])
            compared = _COMPARED_WITH_RE.search(text, own[0], m.start())
            if compared is not None:  # "11 patients given cells were compared with a control
                own = (compared.start(), own[1])  # group of 20": the treated, then the control
            if _SPLIT_RE.match(text, m.end()) or _SPLIT_VERB_RE.search(text, own[0], m.start()):
                # "divided into an observation group and a control group of 48 (each)": the
                # arms of a count already made, not one more group
                continue
            if _EVENT_IN_RE.search(text, own[0], m.start()):
                continue  # "conversion occurred in 7 treated and 10 control participants": who
                # had the event, not an arm
            # the treated group: the last count before the control arm's sentence (or clause)
            # (its sentence ends with the full stop before ``own``, which no count crosses)
            before = (list(_counts(_HUMAN_RE, text, [(0, own[0])])) if nouns is None else
                      [c for c in _counts(_HUMAN_RE, text, nouns[n], anchored=True)
                       if c[2] <= own[0]])
            treated = [
                value for value, start, end in before
                if not _NOT_ENROLLED_RE.search(text, start, end + 40)
                and not _literature(text, start, end)]
            if not treated:
                # the control arm counted first, the treated group in a sentence of its own
                # after it ("The control group comprised 27 patients ... The AGF group
                # comprised 32 patients")
                other = _OTHER_ARM_RE.search(text, own[1])
                if other is not None and "control" not in other.group(1).lower():
                    arm = words_to_int(other.group(2))
                    if arm:
                        return arm + control, fld, f"{text[m.start():m.end()]} + {other.group()}"
            if treated:
                last = before[-1]
                left, right = _sentence_of(text, last[1], last[2])
                if left < own[0]:
                    right = min(right, own[0])  # (its clause, before the control arm's)
                if last[0] != treated[-1] or _TOTAL_RE.search(text, left, right):
                    continue
                arm = treated[-1]
                return arm + control, fld, f"{arm} + {text[m.start():m.end()]}"
    return None


def _pool_of(pool: re.Match[str], counts: list[tuple[int, int, int]],
             text: str) -> tuple[int, int, int] | None:
    """The count a pool clause ("..., of whom 98 met the criteria") follows in its sentence."""
    before = [c for c in counts if c[2] <= pool.start()]
    if not before:
        return None
    last = max(before, key=lambda c: c[2])
    return last if "." not in text[last[2] : pool.start()] else None


def _sexes(texts: list[tuple[str, str]]) -> tuple[int, str, str] | None:
    """The largest "N men/males and M women/females" sum, in the most trusted field."""
    for fld, text in texts:
        # a match names "male" ("females") or "men" ("women"), and holds no full stop
        stretches = _stretches_naming(text, ("male", " men", "women"))
        if not stretches:
            continue
        best: tuple[int, str, str] | None = None
        for m in _finditer(_SEXES_RE, text, stretches):
            x, y = words_to_int(m.group(1)), words_to_int(m.group(2))
            if x is not None and y is not None and (best is None or x + y > best[0]):
                best = (x + y, fld, text[m.start() : m.end()])  # (the twin's group is lower-case)
        if best:
            return best
    return None


def _compared_before(text: str, start: int, gap: str) -> bool:
    """"We compared 55 patients given A with 55 patients given B": the verb before the first
    group, "with" or "to" ending the gap."""
    if not _WITH_END_RE.search(gap):
        return False
    lead = text[max(0, start - _LEAD) : start]
    sentence = lead[lead.rfind(".") + 1 :]
    return _COMPARED_RE.search(sentence) is not None


# the sizes listed after one "n =" up to its closing parenthesis: ", 10 and 12)"
_N_LIST_RE: Final = re.compile(r"(?:\s*,\s*\d{1,5})*\s*,?\s*and\s+\d{1,5}\s*\)")


def _n_values(text: str) -> list[re.Match[str]]:
    """What ``_N_EQUALS_RE.finditer(text)`` finds, read from each "=" (str.find jumps between
    them): the "n" before it, past any white space, is where a match can start."""
    out: list[re.Match[str]] = []
    at = text.find("=")
    while at >= 0:
        k = at
        while k > 0 and text[k - 1].isspace():
            k -= 1
        if k > 0 and text[k - 1] in "nN":
            m = _N_EQUALS_RE.match(text, k - 1)
            if m is not None:
                out.append(m)
        at = text.find("=", at + 1)
    return out


def _n_equals(texts: list[tuple[str, str]]) -> tuple[int, str, str] | None:
    for fld, text in texts:
        if "=" not in text:  # every match has one
            continue
        ns = []
        for m in _n_values(text):
            ns.append((int(m.group(1)), m.group(0)))
            listed = _N_LIST_RE.match(text, m.end())
            if listed is not None:  # "(n = 10, 10 and 12)": one "n =" before every arm's size
                ns.extend((int(v), v) for v in re.findall(r"\d+", listed.group(0)))
        if ns:
            total = max(ns)
            summed = sum(v for v, _ in ns)
            # (the largest n is the total when two or more others add up to it: "(n=27) were
            # allocated to A (n=13) or B (n=14)"; two equal arms are arms)
            if (len(ns) > 1 and summed > total[0] and not (len(ns) > 2 and summed == 2 * total[0])
                    and "total" not in text.lower()):
                return summed, fld, " + ".join(t for _, t in ns)
            return total[0], fld, total[1]
    return None


def _subsets_summed(n_eq: tuple[int, str, str], counted: int) -> bool:
    """Summed n values each within a count of people, and nearly twice it or more ("789
    patients ... from 46.3 before surgery (n = 771) to 25.2 at 12 months (n = 281)"): the people
    measured at each time point, subsets of the ones counted, not groups that add up."""
    parts = n_eq[2].split(" + ")
    if len(parts) < 2:
        return False
    values = [int(v) for part in parts for v in re.findall(r"\d+", part)[-1:]]
    # (groups that add up may pass the count by an arm it left out, "35 treated (n = 17, 6,
    # 12) ... the control group (n = 13)", not nearly twice over: "group 1: n=45; group 2:
    # n=182 ... joints (n=213) or discs (n=13)" splits 227 people twice)
    return (len(values) == len(parts) and all(v <= counted for v in values)
            and sum(values) >= 1.8 * counted)


def _counts_something_else(texts: list[tuple[str, str]], human: tuple[int, str, str]) -> bool:
    """"Twenty-one veterans were treated in the knee (n=18), hip (n=9) or shoulder (n=11)": the
    n values in the sentence of a count of people add up to more than it, so they count joints,
    levels or discs, not people."""
    value, fld, matched = human
    if value < 2:
        return False  # ("group 1: n=50; group 2: n=290, with one patient in both groups")
    text = next((t for f, t in texts if f == fld), "")
    at = text.find(matched)
    if at < 0 or "=" not in text:
        return False
    start = text.rfind(". ", 0, at) + 1
    end = text.find(". ", at)
    stop = len(text) if end < 0 else end
    return sum(int(m.group(1)) for m in _N_EQUALS_RE.finditer(text, start, stop)) > value


def _single_case(doc: dict[str, Any]) -> tuple[int, str, str] | None:
    """One patient: indexed as a case report, or "case report" in the title."""
    for ptype in doc.get("publication_types") or []:
        if str(ptype).strip().lower() == "case reports":
            return 1, "publication_types", str(ptype)
    m = _CASE_TITLE_RE.search(doc.get("title") or "")
    return (1, "title", m.group(0)) if m else None


def _noun_spans(texts: list[tuple[str, str]], scan: DocScan,
                also: frozenset[str] = frozenset(),
                where: dict[int, tuple[int, int]] | None = None) -> list[list[tuple[int, int]]]:
    """Per field text, the stretches of ``_SPAN`` characters that end at a population word the
    scan found ("patients", "adults", "human subjects") or at a token whose norm is in ``also``:
    a count of people ends at one of them, so the counting patterns need not read the rest (the
    scan already found these words). One stretch per token in reach that may begin a number,
    from it to the word: a count can begin nowhere else (a counting pattern need only be tried
    at these starts, see ``_at_heads``).

    ``where``: sentence -> (index of the field text that holds it, its offset there), filled
    as sentences are looked up (pass one dict to several calls over the same texts and scan)."""
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    ends_at = [(m.sentence, m.j - 1) for m in scan.cues("_population") if m.sentence >= 0]
    if also:
        for idx, sentence in enumerate(scan.sentences):
            norms = sentence.tokens.norms
            if not also.isdisjoint(norms):
                ends_at.extend((idx, k) for k, norm in enumerate(norms) if norm in also)
    if where is None:
        where = {}
    for idx, k in ends_at:
        found = where.get(idx)
        if found is None:
            found = where[idx] = _locate(texts, scan.sentences[idx].text)
        n, at = found
        if n >= 0:
            tokens = scan.sentences[idx].tokens
            end = tokens.ends[k]
            spans = out[n]
            for first in _number_starts(tokens, k, end - _SPAN):  # none: no count ends here
                spans.append((at + first, at + end))
    return out


def _without_prior_work(texts: list[tuple[str, str]], scan: DocScan) -> list[tuple[str, str]]:
    """The texts with every sentence about earlier work blanked ("We previously reported 10
    patients"): its counts are another study's. (Blanked, not cut: offsets stay.)"""
    out = list(texts)
    for k, stance in enumerate(scan.sentence_stances):
        sentence = scan.sentences[k]
        if stance != "prior" or sentence.role == "title":
            continue
        n, at = _locate(out, sentence.text)
        if n >= 0:
            field, text = out[n]
            end = at + len(sentence.text)
            out[n] = (field, text[:at] + " " * (end - at) + text[end:])
    return out


def _locate(texts: list[tuple[str, str]], sentence: str) -> tuple[int, int]:
    """(index of the first field text that holds ``sentence``, its offset there), or (-1, -1)."""
    for n, (_, text) in enumerate(texts):
        at = text.find(sentence)
        if at >= 0:
            return n, at
    return -1, -1


def _number_starts(tokens: Tokens, k: int, after: int) -> list[int]:
    """Where the tokens before token ``k`` that start at or after ``after`` and may begin a
    number ("12", "twenty", "a hundred") start, the last first. A count cannot start elsewhere
    (nor cross a sentence's end: numbers and the words after them hold no full stop)."""
    norms, starts = tokens.norms, tokens.starts
    out: list[int] = []
    i = k - 1
    while i >= 0 and starts[i] >= after:
        norm = norms[i]
        if norm[:1].isdigit() or norm in _NUMBER_WORDS or (
                norm == "a" and i + 1 < k and norms[i + 1] == "hundred"):
            out.append(starts[i])
        i -= 1
    return out


def extract(doc: dict[str, Any], design: str, population: str,
            scan: DocScan | None = None,
            section_role: Callable[[str | None, str | None], str | None] | None = None
            ) -> SampleSize:
    """Sample size of one document, knowing its design and population (and, faster, its scan;
    ``section_role``: see ``_texts``)."""
    reg = doc.get("registry") or {}
    if doc.get("kind") == "registration":
        status = (reg.get("overall_status") or doc.get("status") or "").upper()
        enrol = reg.get("enrollment")
        if status == "WITHDRAWN":
            return SampleSize(0, 0, None, "registry:overall_status", "WITHDRAWN")
        if isinstance(enrol, int):
            return SampleSize(enrol, enrol, None, "registry:enrollment", str(enrol))
        if design == "case_report":  # an expanded-access protocol for one patient
            return SampleSize(1, 1, None, "design", "case report")
        return SampleSize(None, None, None)
    if design == "other" and population == "human":
        return _respondents(_texts(doc, section_role,
                                   scan.inline_parts if scan is not None else None))
    if design in _NO_SAMPLE or population in ("in_vitro", "unknown"):
        return SampleSize(None, None, None)  # a review's quoted numbers are other studies'
    texts = _texts(doc, section_role, scan.inline_parts if scan is not None else None)
    if scan is not None and "prior" in scan.sentence_stances:
        # a count told about earlier work ("we previously reported 10 patients") yields to one
        # of this study's; alone ("the 26 patients of a previously reported cohort were
        # followed"), it is the study's own
        found = _counted(doc, design, population, scan, _without_prior_work(texts, scan))
        if found.value is not None:
            return found
    return _counted(doc, design, population, scan, texts)


# who answered a survey: "completed by 165 members", "364 responses", "the 458 responding
# surgeons", "312 surgeons responded"
_RESPONDED_RE: Final = re.compile(
    rf"\b(?:completed|answered|returned)\s+by\s+({_NUMBER})\b"
    rf"|\b({_NUMBER})\s+(?:[a-z]+\s+)?(?:respondents|responses|completed\s+(?:surveys|questionnaires))\b"
    rf"|\b({_NUMBER})\s+responding\s+[a-z]+"
    rf"|\b({_NUMBER})\s+(?:[a-z]+\s+){{0,2}}?(?:responded|replied|completed\s+(?:the|a|an)\b)",
    re.IGNORECASE,
)
# the people a survey went to, not who answered ("a survey was sent to 599 members")
_SENT_TO_RE: Final = re.compile(
    r"\b(?:sent|mailed|e-?mailed|distributed|invited|addressed)\s+(?:to\s+)?(?:all\s+)?$",
    re.IGNORECASE)


def _respondents(texts: list[tuple[str, str]]) -> SampleSize:
    """A survey's sample: the people who answered it, or else the people counted (not those it
    was sent to); none when only the people asked are counted."""
    for fld, text in texts:
        for m in _RESPONDED_RE.finditer(text):
            number = next(g for g in m.groups() if g)
            value = words_to_int(number)
            if value is not None:
                return SampleSize(value, value, None, fld, m.group())
    for fld, text in texts:
        for m in _HUMAN_RE.finditer(text):
            if _SENT_TO_RE.search(text, max(0, m.start() - 30), m.start()):
                continue
            value = words_to_int(m.group(1))
            if value is not None:
                return SampleSize(value, value, None, fld, m.group())
    return SampleSize(None, None, None)


def _counted(doc: dict[str, Any], design: str, population: str, scan: DocScan | None,
             texts: list[tuple[str, str]]) -> SampleSize:
    """Sample size of a publication from its field texts (see ``extract``)."""
    animal = _best(_ANIMAL_RE, texts) if population == "animal" else None
    located: dict[int, tuple[int, int]] = {}  # sentence -> field and offset (see _noun_spans)
    people = _noun_spans(texts, scan, where=located) if scan is not None else None
    human = _best(_HUMAN_RE, texts, people)
    n_eq = _n_equals(texts)
    if human is None or (n_eq and n_eq[0] > human[0] and design not in ("case_report",)
                         and not _counts_something_else(texts, human)
                         and not _subsets_summed(n_eq, human[0])):
        human = n_eq or human
    sexes = _sexes(texts) if population == "human" else None
    if sexes and (human is None or sexes[0] > human[0]):
        human = sexes
    if design in _COMPARATIVE and population == "human":
        pair = _group_pairs(
            texts, _noun_spans(texts, scan, _GROUP_NOUNS, located) if scan is not None else None
        )
        if pair and (human is None or pair[0] > human[0]):
            human = pair
    if population == "human":
        added = _added_group(_HUMAN_RE, _ADDED_HUMAN_RE, texts)
        if design in _COMPARATIVE and added is None:
            added = _control_arm(texts, people)
        if design in _COMPARATIVE:
            arms = _arms(texts)
            if arms and (added is None or arms[0] > added[0]):
                added = arms
        if added and (human is None or added[0] > human[0]):
            human = added
        grouped = _per_group(texts)  # "randomized into two groups of 15", "three cohorts of 4"
        if grouped and (human is None or grouped[0] > human[0]):
            human = grouped
        kinds = _two_kinds(texts)
        if kinds and (human is None or kinds[0] > human[0]):
            human = kinds
    elif population == "animal":
        named = _animals_n(texts)  # "client-owned dogs (n = 18)": the animals studied, counted
        if named and (animal is None or named[0] > animal[0]):
            animal = named
        species = _two_species(texts)  # "five dogs and three cats"
        if species and (animal is None or species[0] > animal[0]):
            animal = species
        groups = _animal_groups(texts)  # "46 rabbits ... 16 nude rats", "10 rats received ..."
        if groups and (animal is None or groups[0] > animal[0]):
            animal = groups
        added = _added_group(_ANIMAL_RE, _ADDED_ANIMAL_RE, texts)
        if added and (animal is None or added[0] > animal[0]):
            animal = added
        grouped = _per_group(texts)
        if grouped and (animal is None or grouped[0] > animal[0]):
            animal = grouped
    patients = human[0] if human else None
    animals = animal[0] if animal else None
    if population == "animal":
        if animal is None and n_eq:
            animal = n_eq
        if animal is None and human is not None and human[0] > 1:
            animal = human  # veterinary patients: "12 canine patients"
        if animal is None:
            animal = _single_case(doc)  # a veterinary case report: one patient
        if animal is None:
            aged = _ONE_AGED_RE.search(str(doc.get("abstract") or ""))
            if aged:
                animal = (1, "abstract", aged.group(0))
        if animal:
            return SampleSize(animal[0], patients, animal[0], animal[1], animal[2])
        return SampleSize(None, patients, None)
    if design == "case_report" and patients is None:
        return SampleSize(1, 1, None, "design", "case report")
    if human:
        return SampleSize(human[0], patients, animals, human[1], human[2])
    return SampleSize(None, patients, animals)
