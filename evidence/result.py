"""What a study found for its own intervention (``result``), and how long it followed participants
(``followup_months``), each with the clause that decided it (domain.md "What a study found").

Pure: reads the ``DocScan`` (its sentences, tokens and the cue mentions of
``evidence/result_cues.yaml``, matched in the same pass as every tag); no I/O, no regular
expression over the vocabulary.

The procedure:
1. Only human primary studies (rct, non_randomized_controlled, cohort, case_control, case_series,
   case_report) and systematic reviews of human studies get a result; registrations, preclinical
   work, narrative reviews, protocols, guidelines and editorials get none.
2. The title, results and conclusions are cut into clauses (at "but", "whereas", ";" ...). A clause
   that states an aim, a plan, future work, eligibility or other studies' findings says nothing
   about this study; in a study of a cell product, a clause about another therapy alone (PRP,
   steroid, the index operation) says nothing about the cells; nor does one that says people or
   groups were alike ("the controls were comparable to the treated patients"). A clause that
   excepts an earlier time point from the improvement before it ("..., but not at one month")
   tells its time course, not a null finding.
3. Each clause reads as: improved (also "pain decreased": a direction read with the polarity of
   what changed), better than the comparator, no difference (also a negated improvement or a
   non-significant comparison), worse, an asserted harm (a negated one, or one equal between
   groups, is safety), safe, feasible, efficacy left unproven, a transient or clinically
   unimportant effect; with significance (words, P values, or a confidence interval that holds
   or leaves out no effect) and hedges. A result told only by numbers ("from 7.4 to 3.2, P <
   0.001", "2.4 in the cell group and 4.8 in the saline group") or as "a significant difference"
   takes its direction from the numbers and the polarity of what was measured.
4. Controlled designs and reviews: the conclusions decide when they state an efficacy finding,
   else the results, else the title (benefit and no difference together are mixed; a change
   within each group is no benefit when the groups did not differ, and a conclusion that every
   arm improved leaves the contrast to the results, and a conclusion of no effect beside an
   outcome the results found significantly better is mixed; a conclusion that only hopes,
   "safe and promising", over results alike on some outcomes and apart on others is mixed; a
   hedged gain, "may improve fusion", beside a measured null is no difference; a gain found in a
   subgroup only is mixed); safety alone is
   safety_only; a review that reports gains but finds the evidence too weak is mixed; a
   case-control study states its finding as an association (odds, risk). Uncontrolled designs:
   harm stated as the finding, then an improvement that did not last or that follows a null finding
   in its sentence (mixed, unless the conclusion claims safety or feasibility alone), then a
   significant improvement, then what the conclusion claims (a hedged claim counts only when the
   results report improvement; a claim of no effect comes before safety; safety or feasibility alone
   is safety_only), then what the results report (an improvement is safety_only when the study set
   out to test safety only; results come in order of weight, so a gain told in a sentence before
   a null, "the motor score rose ... the MRI signal did not change", is a benefit); groups of a
   one-arm study are strata, not a treatment comparison, and a
   measure that "did not change" is no improvement (in a controlled study it tells of one arm, not a
   contrast).
5. Nothing said: not_reported (a cut abstract, results pending, a study that tests no therapy).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from evidence.design import Decision
from evidence.text import DocScan, Mention, Sentence

RESULTS: Final = ("benefit", "no_difference", "mixed", "harm", "safety_only", "not_reported")
CONTROLLED: Final = frozenset(("rct", "non_randomized_controlled", "cohort", "case_control"))
UNCONTROLLED: Final = frozenset(("case_series", "case_report"))
REVIEWS: Final = frozenset(("systematic_review",))
# designs whose records follow participants (the others have no follow-up of their own)
WITH_PARTICIPANTS: Final = CONTROLLED | UNCONTROLLED | REVIEWS | {"protocol"}

# cue facets of result_cues.yaml, and those of study_design.yaml a result is read with too
# (_comparison: arms and baseline; _cited: other studies' findings)
_FACETS: Final = (
    "_finding", "_direction", "_polarity", "_compare", "_all_groups", "_signif", "_hedge", "_aim",
    "_res_future", "_res_background", "_conclude", "_co_therapy", "_res_negation", "_res_split",
    "_res_association", "_comparison", "_cited", "_measured", "_differ", "_harm_grade",
    "_res_never", "_res_definition",
)
_SUPPRESSORS: Final = ("_aim", "_res_future", "_res_background", "_cited")
# what a clause is read with: the cue facets, and the pain measures (VAS, NRS, ...: lower is better)
_READ: tuple[tuple[str, str | None], ...] = (*((f, None) for f in _FACETS), ("outcome", "pain"))
_SAYING: Final = ("_finding", "_direction", "_differ")  # a clause without these states no finding
_DIRECTIONS: Final = frozenset(("up", "down"))  # (the other _direction values hold no change)
_PART_ROLES: Final = frozenset(("title", "results", "conclusions", "abstract"))
_IMPROVED: Final = frozenset(("better", "improved", "improved_within"))
# what a harm word is paired with when a finding covers efficacy too ("outcomes and
# complications did not differ")
_EFFICACY_NOUNS: Final = frozenset(("outcome", "efficacy", "effectiveness", "result"))
# first words of the _res_split cues that open a subordinate clause ("in" of "in addition to")
_SUBORDINATORS: Final = frozenset(("although", "though", "whereas", "while", "besides", "apart",
                                   "in"))
_THEIR: Final = frozenset(("their", "they", "them"))  # the groups of the clause before
_PARTS: Final = frozenset(("title", "results", "conclusions"))
_CONCLUSIONS: Final = frozenset(("conclusions",))
_NOT_CONCLUSIONS: Final = _PARTS - _CONCLUSIONS
# words before "baseline" that make it the reference of a change, not a time point
_CHANGE_REFERENCE: Final = frozenset(
    ("from", "over", "since", "to", "versus", "vs", "than", "compared", "relative", "with",
     "between")
)
# words before a comparator group that make it the contrast of a comparison, not the group that
# changed ("lower than in the control group")
_COMPARED_WITH: Final = frozenset(("than", "versus", "vs", "with", "to", "over"))
_NONE: list[Mention] = []  # (never changed)
_NEGATION_REACH: Final = 5  # tokens between a negation and the finding it negates
# a negation reaches across a list joined by "or" ("no infection, fever or tumour"), this far
_LIST_REACH: Final = 30
_OR_WORDS: Final = frozenset(("or", "nor"))
_WITHOUT_REACH: Final = 3  # tokens between "without" and the harm it negates
_POLARITY_REACH: Final = 6  # tokens after a direction word to look for what changed
# "fewer adjacent fractures": what a direction word qualifies follows it closely
_ADJACENT: Final = 3
# words before another therapy that make it a time point, a partner or a comparator, not the
# subject of the clause ("after discectomy", "equivalent to microdiscectomy")
# a clause that opens on what brought its change about ("With methylprednisolone, ...")
_OPENING_MEANS: Final = frozenset(("with", "after", "following", "under"))
_RELATION_WORDS: Final = frozenset(
    ("after", "before", "during", "following", "with", "without", "to", "than", "versus", "vs",
     "over", "beyond", "plus", "besides", "combined", "underwent", "undergoing", "and", "or",
     "of", "alone")
)
# words of a time after treatment: a clause that opens at baseline and names one compares them
_LATER_WORDS: Final = frozenset((
    "after", "postoperative", "postoperatively", "post", "follow", "followup", "final", "last",
    "later", "then", "week", "weeks", "month", "months", "year", "years", "day", "days",
    "posttreatment", "subsequently", "until",
))
# labels of a results clause that tell a difference or a change of one group
_DIFFERENT: Final = frozenset(("better", "improved", "worse", "harm", "transient"))
_GROUP_WORDS: Final = frozenset(("group", "groups", "arm", "arms", "cohort"))
_BOTH_REACH: Final = 8  # words after "both" in which "A and B group" is told
_AS_WELL_REACH: Final = 5  # words after "as well as" in which "in the B group" is told
# efficacy findings read in a clause about adverse events, before its first harm word
_EFFICACY_BEFORE_HARM: Final = {"no_difference": "no_difference", "better": "better",
                                 "improved": "improved"}
# words that tie a finding to the harm word after it ("no difference in the rate of complications")
_HARM_OF: Final = frozenset(("in", "of", "the", "rate", "rates", "incidence", "number", "frequency",
                             "terms", "regarding", "for", "any", "overall", "total", "major",
                             "minor", "serious", "postoperative", "perioperative", "proportion"))
# ... but "neither" before the harms negates them ("neither osteophytes nor infection occurred")
_HARM_NEGATIONS: Final = frozenset(("neither",))
_P_VALUE: Final = re.compile(
    r"\bp\s*(?:value\s*)?([<>=\u2264\u2265])\s*(0?\.\d+|1(?:\.0+)?)\b", re.I
)
# a confidence interval's bounds: "95% CI 0.8-1.9", "95% CI: -2.0 to 4.4", "95% confidence interval
# [CI], 1.1, 3.2", "(CI 12 to 19)"
_CI: Final = re.compile(
    r"\b(?:CI|confidence interval)\b(?:\s*\[CI\])?[\s,:=]*\[?\s*"
    r"([-\u2212]?\d+(?:\.\d+)?)\s*(?:to|,|-|\u2013|\u2014)\s*([-\u2212]?\d+(?:\.\d+)?)",
    re.I,
)
# a ratio measure before a confidence interval (its no-effect value is 1, not 0)
_RATIO: Final = re.compile(r"\b(?:OR|RR|HR|IRR|(?i:odds ratio|risk ratio|hazard ratio"
                           r"|relative risk|rate ratio))\b")
_NUMBER_WORDS: Final = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60,
}
_MONTHS_PER: Final = {"day": 1 / 30, "week": 1 / 4, "month": 1.0, "year": 12.0}
_RANGE_WORDS: Final = frozenset(("to", "and", "or", "through"))
_APPROXIMATELY: Final = frozenset(
    ("about", "approximately", "roughly", "nearly", "almost", "around")
)
# "15 or more months", "24 or longer months": the number before is the length
_OR_MORE: Final = frozenset(("more", "longer", "greater"))
_NUMBER_GAPS: Final = frozenset(("", ",", "-", "+", "\u2013", "\u2014", ".", "'", "\u2019", "'s",
                                "\u00b1", "+/-", "+/\u2212", "+-"))
# what stands between a mean and its standard deviation ("9 ± 7 months")
_SPREAD: Final = frozenset(("\u00b1", "+/-", "+/\u2212", "+-"))
# what may stand between a unit and the numbers after it, and between those numbers
_AFTER_UNIT_GAPS: Final = frozenset(("", ",", "-", "\u2013"))
# a range right after a length, without a unit of its own: "(range 2 to 7)", "(range: 24-60)"
_RANGE_AFTER: Final = re.compile(
    r"\s*[(\[,]\s*range\s*[,:=]?\s*\d+(?:\.\d+)?\s*(?:to|-|\u2013)\s*(\d+(?:\.\d+)?)\s*[)\]]"
)
# sentences where a result may be told only by numbers, and the tokens of a test in them
_NUMBER_ROLES: Final = frozenset(("results", "abstract"))
_TESTED: Final = frozenset(("p", "ci"))
_BOUND_WORDS: Final = frozenset(("more", "less", "fewer"))
_VALUE: Final = r"([-\u2212]?\d+(?:\.\d+)?)\s*%?(?:\s*(?:\u00b1|\+/-)\s*\d+(?:\.\d+)?)?"
# a value before treatment and one after: "from 6.8 to 2.9", "48.2 at baseline and 21.5"
_BEFORE_AFTER: Final = re.compile(
    rf"\bfrom\s+{_VALUE}[^\d;]{{0,30}}?\bto\s+{_VALUE}"
    rf"|{_VALUE}\s*(?:\([^)]*\)\s*)?(?:at baseline|before (?:treatment|surgery|the injection|"
    rf"injection|transplantation)|preoperatively|pre-?treatment)\b[^;\d]{{0,50}}?"
    rf"\b(?:and|was|were)\s+{_VALUE}"  # ("6.6 at baseline, was 2.0 at 6 months")
    # "(baseline 53.3, 12-month 20.3)": the baseline value, then one at a time point
    rf"|\bbaseline\s*[:=]?\s*{_VALUE}\s*[,;]\s*(?:at\s+)?\d+[-\s](?:months?|weeks?|years?)"
    rf"\s*[:=]?\s*{_VALUE}",
    re.I,
)
# a value in each of two groups: "2.9 in the cell group and 5.1 in the control group"
_GROUP_VALUE: Final = (rf"{_VALUE}\s*(?:\([^)]*\)\s*)?(?:in|with|for)\s+(?:the\s+)?"
                       r"(?:((?:[\w-]+\s+){0,3}?)(?:group|arm|patients)\b"
                       # ("65% with MSCs versus 25% with placebo": the group by its treatment)
                       r"|([\w+-]+(?:\s+[\w+-]+)?)(?=\s*(?:[(,;.]|versus\b|vs\b|and\b|$)))")
# (a group's own figures in brackets may stand between: "68% in the cell group (32/47 levels) and
# 78% in the BMP group")
_TWO_GROUPS: Final = re.compile(
    rf"{_GROUP_VALUE}(?:\s*\([^()]*\))?[^\d;]{{0,25}}?{_GROUP_VALUE}", re.I)
# two groups' shares told as counts ("24 of 811 patients with cells and 51 of 645 controls",
# "4/46 vs 9/48"), each followed by words that may name its group
# (a share may carry its percentage: "24 of 27 controls (91%) and in 18 of 32 treated")
_TWO_SHARES: Final = re.compile(
    r"\b(\d+)\s*(?:of|/)\s*(\d+)\b([^\d;]{0,60}?(?:\(\d+(?:\.\d+)?\s*%\)[^\d;]{0,20}?)?)"
    r"\b(?:and|vs\.?|versus|compared with)\s+(?:in\s+|among\s+)?"
    r"(\d+)\s*(?:of|/)\s*(\d+)\b([^\d;]{0,40})", re.I)
_DIFFERENCE_NOUNS: Final = frozenset(("difference", "differences"))
_DIFFERING: Final = _DIFFERENCE_NOUNS | {"differ", "differed"}  # (not "change": see "stayed")
_WORD: Final = re.compile(r"[a-z]+")
# two values side by side ("90% and 77%", "3.1 vs 3.4", "56% with cells and 49% with saline"):
# each group's, in a controlled study
_TWO_VALUES: Final = re.compile(
    rf"{_VALUE}(?:\s+(?:with|after|on|for|in)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?,?\s*"
    rf"(?:and|vs\.?|versus)"
    rf"\s+{_VALUE}", re.I)
_COMPARATOR_WORDS: Final = frozenset((
    "control", "controls", "placebo", "sham", "saline", "usual", "standard", "conventional",
    "conservative", "autograft", "vehicle", "untreated", "comparator",
))
# words before a length that make it a span of time ("during", "over a period of")
_PERIOD_WORDS: Final = frozenset(("during", "over", "within", "period"))
# tokens from an age to a range that is still the age's ("age 50.3 years (range, 18-79 years)")
_AGE_RANGE_REACH: Final = 14
_LARGEST_NUMBER: Final = 400  # beyond it a number beside a unit is a year or a count, not a length
_LARGEST_DAYS: Final = 3650  # days are counted higher ("range 100-602 days"), a decade at most
# no cell therapy has been followed longer: more years are an age ("patients (69.7 years)")
_LONGEST_YEARS: Final = 30


def _a_length(value: float, unit: str) -> bool:
    """Whether a number beside a time unit can be a length (not a year, a count or a dose)."""
    if unit == "day":
        return value <= _LARGEST_DAYS and not 1900 <= value <= 2100
    if unit == "year":
        return value <= _LONGEST_YEARS
    return value <= _LARGEST_NUMBER


@dataclass(init=False)
class _Clause:
    sentence: Sentence
    lo: int  # token range [lo, hi) of the sentence
    hi: int
    part: str  # title, results, conclusions
    cues: list[Mention] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)

    def __init__(self, sentence: Sentence, lo: int, hi: int, part: str) -> None:
        self.sentence = sentence  # (explicit: see evidence.design.Decision)
        self.lo = lo
        self.hi = hi
        self.part = part
        self.cues = []
        self.labels = set()

    @property
    def text(self) -> str:
        return self.sentence.text

    def get(self, facet: str, value: str | None = None) -> list[Mention]:
        return [m for m in self.cues if m.facet == facet and (value is None or m.value == value)]


# ---- result --------------------------------------------------------------------------------------
def extract_result(scan: DocScan, design: str, population: str, *, cell_study: bool
                   ) -> Decision | None:
    """The study's ``result`` slug with the clause that decided it, or None when it has none.

    ``cell_study``: the record names a cell product (clauses about another therapy alone are then
    not about the product).
    """
    if scan.kind == "registration" or not (
            population == "human" or (population == "unknown" and design in REVIEWS)):
        # (a review of patients and animals at once still finds something about patients)
        return None
    if design not in CONTROLLED and design not in UNCONTROLLED and design not in REVIEWS:
        return None
    parts: dict[str, dict[str, _Clause]] = {"title": {}, "results": {}, "conclusions": {}}
    by_sentence, cells = _sentence_cues(scan, cell_study)  # (read once for every part)

    # a review of patients and animals at once: what it found about patients
    animals = _animal_only(scan) if population == "unknown" else {}
    cut = _cut_off(scan)

    def read(wanted: frozenset[str]) -> None:
        for c in _clauses(scan, by_sentence, cells, cell_study, design, wanted, animals, cut):
            for label in c.labels:
                have = parts[c.part].get(label)
                if have is None or (label in _IMPROVED and "hedged" in have.labels
                                    and "hedged" not in c.labels
                                    and c.sentence is not have.sentence):
                    # (the first clause that says it, unless it only hoped: "a safe and
                    # promising approach. The injection benefited disc remodelling"; a hedge
                    # holds for the rest of its sentence)
                    parts[c.part][label] = c

    if design in CONTROLLED:  # a conclusion that states a finding decides: read it first
        read(_CONCLUSIONS)
        found = _verdict(parts["conclusions"], contrast_only=True)
        if found is None:
            read(_NOT_CONCLUSIONS)
            found = _controlled(parts, review=False)
        elif found[0] == "benefit" and ("better" not in parts["conclusions"]
                                        or "hedged" in found[1].labels):
            # "X is effective", no contrast, or a hedged contrast ("a possible tendency in
            # favour"): when the results found the groups alike, the comparison decides
            read(_NOT_CONCLUSIONS)
            results = parts["results"]
            if "no_difference" in results and not _DIFFERENT.intersection(results):
                found = "no_difference", results["no_difference"]
            elif "no_difference" in results and "hedged" in found[1].labels:
                # the groups alike on some outcomes, apart on others, and a conclusion that
                # only hopes ("safe and promising"): the results point both ways
                found = "mixed", results["no_difference"]
        elif found[0] == "no_difference":
            # "did not improve motor recovery", while the results found one outcome
            # significantly better with the cells: the primary outcome missed, another met
            read(_NOT_CONCLUSIONS)
            better = parts["results"].get("significant_better")
            if better is not None:
                found = "mixed", better
        if (found is not None and found[0] == "no_difference" and cut >= 0
                and "all_improved" in found[1].labels and "no_difference" not in found[1].labels):
            # "pain fell in the cell group and in the saline group alike (P" and the record
            # stops: every arm improved, and the comparison that would judge them is lost
            found = None
        if found is not None and found[0] == "benefit" and "subgroup" in found[1].labels:
            # "may benefit a subgroup of patients on opioids": the cells favoured in some
            # participants, not in the trial as a whole
            found = "mixed", found[1]
    else:
        read(_PARTS)
        found = (_uncontrolled(parts, _safety_aim(scan), scan.sentences,
                               whole=cut < 0) if design in UNCONTROLLED
                 else _controlled(parts, review=True))
    if found is None:
        return Decision("not_reported", "abstract", "no result stated for the studied product")
    value, clause = found
    return Decision(value, clause.sentence.field, clause.text)


def _verdict(labels: dict[str, _Clause], *, contrast_only: bool = False
             ) -> tuple[str, _Clause] | None:
    """benefit / no_difference / mixed / harm from one part's efficacy labels, or None.

    ``contrast_only``: an improvement in every group compares nothing (a conclusion that "both
    treatments relieve pain" leaves the contrast to the results)."""
    if "null_effect" in labels:
        return "no_difference", labels["null_effect"]
    neg = labels.get("no_difference") or labels.get("transient")
    # a change within a group counts when nothing says the groups did not differ
    pos = labels.get("better") or labels.get("improved") or (
        labels.get("improved_within") if neg is None else None)
    if neg is None and pos is None and not contrast_only:
        # every group improved, and nothing says the groups differed: no difference
        neg = labels.get("all_improved")
    worse = labels.get("worse")
    if (pos is not None and worse is None and "hedged" in pos.labels
            and "no_difference" in labels and "transient" not in labels):
        # "did not differ (p = 0.151) ... may raise early fusion": what was measured decides
        return "no_difference", labels["no_difference"]
    if (pos is not None and neg is not None and worse is None
            and "secondary" in neg.labels and "secondary" not in pos.labels):
        # "more responders with the cells at 3 months ... most secondary outcomes did not
        # differ": the main comparison decides a trial, its secondary outcomes do not
        return "benefit", pos
    if pos is not None and (neg is not None or worse is not None):
        return "mixed", pos
    if pos is not None:
        return "benefit", pos
    if neg is not None:
        return "no_difference", neg
    if worse is not None:
        return "harm", worse
    return None


def _controlled(parts: dict[str, dict[str, _Clause]], *, review: bool
                ) -> tuple[str, _Clause] | None:
    concl, results, title = parts["conclusions"], parts["results"], parts["title"]
    found = _verdict(concl, contrast_only=True)
    results_found = _verdict(results)
    # (a review's benefit yields to a conclusion against the therapy, not to a call for
    # trials that would confirm it)
    concern = concl.get("unproven") or concl.get("harm") or (
        # (a review's finding and its doubt often share a sentence of its results: "studies
        # reported less pain, but the randomized evidence was conflicting")
        results.get("unproven") if review else None)
    open_question = concl.get("unproven") or concl.get("unconfirmed")
    if review and concern is not None:
        if found is not None and found[0] == "benefit":
            return "mixed", concern
        if found is None and results_found is not None and results_found[0] == "benefit":
            return "mixed", concern
        if found is None and results_found is None and "unproven" in concl:
            return "no_difference", concl["unproven"]
    if (not review and found is None and "unproven" in concl and results_found is not None
            and results_found[0] == "benefit"):
        # "whether the cells help cannot yet be answered" over results that favour them: an
        # advantage no test upheld is no difference, a significant one left in doubt is mixed
        if "significant_better" in results:
            return "mixed", concl["unproven"]
        return "no_difference", concl["unproven"]
    if found is None and "harm" in concl:
        found = "harm", concl["harm"]
    # (a conclusion that every group improved, when nothing else is said: no difference)
    found = found or results_found or _verdict(title) or _verdict(concl)
    if found is not None:
        return found
    for part in (concl, results):
        safe = part.get("safe") or part.get("feasible")
        if safe is not None:
            return "safety_only", safe
    if open_question is not None:  # "the results do not support its use", nothing else said
        return "no_difference", open_question
    return None


def _uncontrolled(parts: dict[str, dict[str, _Clause]], safety_aim: bool,
                  sentences: list[Sentence], whole: bool = True
                  ) -> tuple[str, _Clause] | None:
    """``whole``: the abstract ends whole (see ``_cut_off``)."""
    concl, results, title = parts["conclusions"], parts["results"], parts["title"]
    claims = _improvement(concl)
    reported = _improvement(results)
    if claims is not None and "hedged" in claims.labels and reported is None:
        claims = None
    # (a title that names safety and complications as its topic asserts no harm)
    harm = (title.get("harm") if "safe" not in title else None) or concl.get("harm") or (
        concl.get("worse"))
    if harm is not None and claims is None:
        return "harm", harm
    concluded_safe = concl.get("safe") or concl.get("feasible")
    measured_null = results.get("no_difference")
    # (a conclusion that claims only safety or feasibility decides, below, whatever the
    # results' gains did)
    if claims is not None or (reported is not None and concluded_safe is None):
        # an improvement that did not last ("improved at 3 months, back to baseline by 12"), or
        # one told after a null finding in the same sentence ("disc height did not change, but
        # pain improved"): the results point both ways
        lost = results.get("transient") or concl.get("transient")
        if lost is not None:
            return "mixed", lost
        against = concl.get("against")
        if against is not None:  # "good clinical results, but ... we advise against it"
            return "mixed", against
        if (measured_null is not None and reported is not None
                and measured_null.sentence is reported.sentence
                and measured_null.lo < reported.lo):
            return "mixed", measured_null
    for part in (results, concl):
        if "significant_improvement" in part:
            return "benefit", part["significant_improvement"]
    if claims is not None:
        return "benefit", claims
    concluded_null = concl.get("no_difference") or concl.get("null_effect")
    if concluded_null is not None:  # "safe, but no evidence of efficacy" ("... very weak")
        return "no_difference", concluded_null
    if concluded_safe is not None or "unproven" in concl or "unconfirmed" in concl:
        safe = concluded_safe or results.get("safe") or results.get("feasible")
        if safe is not None:
            return "safety_only", safe
    if measured_null is not None:
        if (reported is not None and not safety_aim
                and _told_first(sentences, reported, measured_null)):
            # results come in order of weight, the primary outcome first: it improved ("the
            # ASIA grade rose ..."), a later measure did not ("the cord's MRI signal did not
            # change")
            return "benefit", reported
        return "no_difference", measured_null
    if reported is not None:
        if safety_aim:
            return "safety_only", results.get("safe") or results.get("feasible") or reported
        return "benefit", reported
    if "worse" in results:
        return "harm", results["worse"]
    titled = _verdict(title)
    if titled is not None:
        return titled
    safe = results.get("safe") or results.get("feasible")
    if safe is not None:
        return "safety_only", safe
    if "harm" in results and whole:  # a complication is all the report tells (a record cut
        return "harm", results["harm"]  # short may have told more)
    return None


def _told_first(sentences: list[Sentence], a: _Clause, b: _Clause) -> bool:
    """Clause ``a`` stands in a sentence before clause ``b``'s (in one sentence, a null after a
    gain qualifies it: "improved, but no more than spontaneous recovery")."""
    if a.sentence is b.sentence:
        return False
    for s in sentences:
        if s is a.sentence:
            return True
        if s is b.sentence:
            return False
    return False


def _improvement(labels: dict[str, _Clause]) -> _Clause | None:
    return labels.get("better") or labels.get("improved") or labels.get("improved_within")


def _safety_aim(scan: DocScan) -> bool:
    """The title or objective says the study tests safety or feasibility, not efficacy."""
    aims = [m for m in scan.cues("_safety_aim") if m.role in ("title", "objective")]
    if not aims:
        return False
    spans = {(m.sentence, k) for m in aims for k in range(m.i, m.j)}
    return not any(m.role in ("title", "objective") and (m.sentence, m.i) not in spans
                   for m in scan.cues("_efficacy_aim"))  # "safety outcomes" is no efficacy aim


# ---- clauses -------------------------------------------------------------------------------------
def _part(sentence: Sentence, concluding: bool) -> str | None:
    role = sentence.role
    if sentence.field.startswith(("registry", "keywords")):
        return None
    if role in ("title", "results", "conclusions"):
        return role
    if role == "abstract":  # unstructured, or a section label of unknown role
        return "conclusions" if concluding else "results"
    return None


def _sentence_cues(scan: DocScan, cell_study: bool
                   ) -> tuple[dict[int, list[Mention]], dict[int, list[Mention]]]:
    """The sentences that may say what the study found, each with its cues in order, and (for a
    cell study) the cell types each names: what ``_clauses`` reads."""
    # only sentences of the title, results and conclusions with a finding or a direction word
    # can say what the study found
    by_sentence: dict[int, list[Mention]] = {
        m.sentence: [] for facet in _SAYING for m in scan.cues(facet)
        if m.sentence >= 0 and m.role in _PART_ROLES and not m.field.startswith("registry")}
    for facet, value in (("_polarity", None), ("outcome", "pain")):
        # a result told only by numbers: what was measured, and a P value or an interval
        for m in scan.cues(facet, value):
            if (m.sentence >= 0 and m.sentence not in by_sentence and m.role in _NUMBER_ROLES
                    and not _TESTED.isdisjoint(scan.sentences[m.sentence].tokens.norms)):
                by_sentence[m.sentence] = []
    cells: dict[int, list[Mention]] = {}
    if not by_sentence:
        return by_sentence, cells
    for facet, value in _READ:
        for m in scan.cues(facet, value):
            found = by_sentence.get(m.sentence)
            if found is not None and not (facet == "_direction" and (
                    _bound(scan, m) or _compound(scan, m))) and not (
                    facet == "_finding" and _topic_in_title(scan, m)):
                found.append(m)
    if cell_study:
        for m in scan.tags("cell_type"):
            if m.sentence >= 0:
                cells.setdefault(m.sentence, []).append(m)
    return by_sentence, cells


# what patients brought to a study: a clause that opens on one compares the groups' make-up
_TRAITS: Final = frozenset(("age", "ages", "sex", "gender", "demographics", "demographic", "bmi",
                            "comorbidities", "comorbidity", "height", "weight"))


def _groups_alike(c: _Clause, index: dict[str, list[Mention]]) -> bool:
    """The clause says people or groups were alike ("the 38 controls were comparable to the
    treated patients", "the cohorts were similar"): it names no outcome nor a time after
    treatment, and its subject, before the likeness word, is people or groups."""
    found = index.get("_finding", _NONE)
    alike = [m for m in found if m.value == "no_difference"
             and m.matched_text.lower() in _ALIKE_WORDS]
    if not alike or len(alike) != len(found) or "outcome" in index:
        return False
    norms = c.sentence.tokens.norms
    words = norms[c.lo:c.hi]
    return (not _PEOPLE_OR_GROUPS.isdisjoint(norms[c.lo:alike[0].i])
            and _LATER_WORDS.isdisjoint(words) and _RESULT_NOUNS.isdisjoint(words))


_ALIKE_WORDS: Final = frozenset(("similar", "comparable", "equivalent"))
# (norms: plural nouns are singular)
_PEOPLE_OR_GROUPS: Final = frozenset(("patient", "control", "group", "cohort", "participant",
                                      "subject", "arm", "case"))
_RESULT_NOUNS: Final = frozenset(("outcome", "result", "improvement", "score", "efficacy",
                                  "recovery", "effect", "response", "rate"))


def _topic_in_title(scan: DocScan, m: Mention) -> bool:
    """A title's "(preliminary) efficacy of X", "safety and efficacy of X": what the study set
    out to measure, not what it found."""
    if m.role != "title":
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    return (norms[m.j - 1] in _TOPIC_NOUNS and m.j < len(norms)
            and norms[m.j] in ("of", "and", "in", "for"))


_TOPIC_NOUNS: Final = frozenset(("efficacy", "effectiveness", "benefit", "benefits",
                                 "usefulness", "utility"))


def _bound(scan: DocScan, m: Mention) -> bool:
    """``m`` ("more", "less") bounds a number ("injury of more than 12 months", "fewer than 3
    levels"): a quantity, not a change."""
    if m.matched_text.lower() not in _BOUND_WORDS:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    return (m.j + 1 < len(norms) and norms[m.j] == "than"
            and (norms[m.j + 1].isdigit() or norms[m.j + 1] in _NUMBER_WORDS))


def _compound(scan: DocScan, m: Mention) -> bool:
    """``m`` ("slow", "low") is the first half of a hyphened modifier ("slow-growing organisms",
    "low-grade fever"): it describes a thing, it tells no change."""
    sentence = scan.sentences[m.sentence]
    ends, starts = sentence.tokens.ends, sentence.tokens.starts
    return (m.j < len(starts) and m.i == m.j - 1
            and sentence.text[ends[m.j - 1]:starts[m.j]] == "-")


def _animal_only(scan: DocScan) -> dict[int, list[int]]:
    """sentence -> token positions of its animal words, for sentences about animals: the whole
    sentence when it names no people ([]), else where the animals are named."""
    animals: dict[int, list[int]] = {}
    for m in scan.cues("_population", "animal") + scan.cues("_res_animal"):
        if m.sentence >= 0:
            animals.setdefault(m.sentence, []).append(m.i)
    people = {m.sentence for m in scan.cues("_population", "human")}
    return {k: (v if k in people else []) for k, v in animals.items()}


def _clauses(scan: DocScan, by_sentence: dict[int, list[Mention]],
             cells: dict[int, list[Mention]], cell_study: bool, design: str,
             wanted: frozenset[str], animals: dict[int, list[int]] | None = None,
             cut: int = -1) -> list[_Clause]:
    """The clauses of the sentences ``_sentence_cues`` found, in the parts ``wanted``, each with
    its labels (see ``_read``). ``animals`` (``_animal_only``): sentences and clauses about
    animals, which say nothing about patients. ``cut``: the sentence a cut record stops in
    (``_cut_off``)."""
    animals = animals or {}
    out: list[_Clause] = []
    # a review's findings are what the studies it gathered reported: after its own first
    # sentence (its search), "most studies reported less pain" is its result, not prior work
    surveyed_from = _first_own_sentence(scan) if design in REVIEWS else len(scan.sentences)
    lookback = scan.cues("_duration_context", "lookback")
    closing = _closing_sentences(scan)
    for idx, cues in sorted(by_sentence.items()):
        sentence = scan.sentences[idx]
        part = _part(sentence, idx in closing or any(m.facet == "_conclude" for m in cues))
        if part not in wanted or sentence.text.rstrip().endswith("?"):  # questions claim nothing
            continue
        if sentence.role == "abstract" and all(
                st == "background" or (st == "prior" and idx <= surveyed_from)
                or (st == "future" and design in REVIEWS and idx < surveyed_from)
                for _, st in sentence.stances):
            continue  # an unstructured abstract's background ("steroids are used to relieve
            # pain") says what others found before this study (and what a review's opening
            # leaves open, "their place is still unclear", is its motivation)
        if animals.get(idx) == []:
            continue
        bounds = _clause_bounds(sentence, cues)
        if idx == cut:  # the words after the cut sentence's last comma are its unfinished clause
            bounds = _split_last(bounds, max((k for k, b in enumerate(sentence.breaks) if b),
                                             default=0))
        clauses = [_Clause(sentence, lo, hi, part) for lo, hi in bounds]
        starts = [c.lo for c in clauses]
        for m in cues:
            clauses[bisect_right(starts, m.i) - 1].cues.append(m)
        previous: _Clause | None = None
        asking = False  # inside an indirect question ("asked whether it is safe, and possibly
        # effective"): its later clauses are the question too, up to a semicolon
        looked_back = [m.i for m in lookback if m.sentence == idx]
        for c in clauses:
            c.labels = _read(c, cell_study, cells.get(idx, []), design)
            if any(c.lo <= i < c.hi for i in animals.get(idx, ())):
                c.labels = set()
            if idx == cut and c is clauses[-1]:
                c.labels = set()  # 'Successful fusion (Lenke grade "A" or': the record stops
                # mid-sentence, what it began to say is lost
            if c.labels and _before_the_study(c, looked_back):
                c.labels = set()
            if asking and not _after_semicolon(c):
                c.labels = set()
            else:
                asking = any(m.facet == "_aim" and m.matched_text.lower() == "whether"
                             for m in c.cues)
            if (previous is not None and "no_difference" in c.labels
                    and previous.labels & {*_IMPROVED, "significant_improvement"}
                    and _only_earlier(previous, c)):
                # "fell significantly at 3 and 12 months, but not at one month": the time course
                # of an improvement, not a null finding beside it
                c.labels.discard("no_difference")
            if (design in CONTROLLED and previous is not None
                    and previous.sentence is c.sentence and "no_difference" in c.labels
                    and "improved" in previous.labels
                    and not previous.labels & {"better", "no_difference"}
                    and not c.labels & _IMPROVED
                    and not _GROUP_WORDS.isdisjoint(c.sentence.tokens.norms[c.lo:c.hi])):
                # "pain and ODI improved at 2 and 12 weeks, with no significant difference
                # between the groups": a change within each group, which the null contrast of
                # the groups after it qualifies (not "cells improved pain but not disability",
                # a null of another measure)
                previous.labels.discard("improved")
                previous.labels.add("improved_within")
            if (previous is not None and "improved_within" in previous.labels
                    and "improved" in c.labels and not c.labels & {"better", "no_difference"}
                    and not any(m.facet in ("_compare", "_comparison") for m in c.cues)):
                # "mean VAS improved by 4.0 points, and the SF-36 improved significantly": one
                # group's changes listed on, still within that group
                c.labels.discard("improved")
                c.labels.add("improved_within")
            if previous is not None and _and_so_was(c):
                # "pain relief was comparable ..., and so was functional improvement": the
                # finding before, told again of another measure
                c.labels = set(previous.labels)
            if (cell_study and previous is not None and not cells.get(idx)
                    and c.labels & _IMPROVED and _treated_with_other(sentence, cues, c.lo)):
                # "Treatment was IV immunoglobulin and steroids, and five patients recovered":
                # the other therapy's result, in a sentence that never names the cells
                c.labels -= {*_IMPROVED, "significant_improvement"}
            if (previous is not None and previous.sentence is c.sentence
                    and previous.labels & {"harm", "safe"} and _resolved(c)):
                # "7 complications were recorded; each resolved by itself": the harms passed
                c.labels = {"safe"}
            if (previous is not None and previous.sentence is c.sentence
                    and "no_difference" in c.labels and _tests_the_contrast(c)):
                # "DBM gave a slightly higher fusion rate than autograft alone, but the two
                # groups did not differ statistically": the same contrast, tested
                c.labels.add("tested_null")
            if (previous is not None and "tested_null" in c.labels
                    and "better" in previous.labels
                    and "significant_better" not in previous.labels
                    and not _TIME_POINT_RE.search(c.text)):
                # (not "... improved more at 6 months, but the difference was not significant
                # at 12 months": another time point's test)
                # "45% recovered with cells and 15% without; the difference was borderline
                # (P = 0.095)": the test judges the contrast before it
                previous.labels -= {"better", "improved"}
                previous.labels.add("no_difference")
            if previous is not None and _qualifies(c) and not previous.labels:
                # "in the control knees the scores became worse, though not significantly": it
                # qualifies a change this reading set aside (the comparator's own)
                c.labels.discard("no_difference")
            elif previous is not None and _qualifies(c):
                # "improved slightly but not significantly": the improvement was not significant
                for label in (*_IMPROVED, "significant_improvement"):
                    previous.labels.discard(label)
                previous.labels.add("no_difference")
            if (previous is not None and "all_improved" in previous.labels
                    and not _THEIR.isdisjoint(c.sentence.tokens.norms[c.lo:c.lo + 3])
                    and c.labels & {"improved", "improved_within", "significant_improvement"}):
                # "both groups improved, and their disability scores fell as well": still both
                c.labels -= {"improved", "improved_within", "significant_improvement"}
                c.labels.add("all_improved")
            previous = c
        out.extend(clauses)
    return out


def _either_way(sentence: Sentence, m: Mention) -> bool:
    """"Pain improved, whether the cells were autologous or allogeneic": a "whether" after a
    comma with its "or" close behind says no matter which; it asks nothing."""
    norms = sentence.tokens.norms
    return (norms[m.i] == "whether" and m.i > 0 and "or" in norms[m.j:m.j + _EITHER_REACH]
            and sentence.text[:sentence.tokens.starts[m.i]].rstrip().endswith(","))


_EITHER_REACH: Final = 6  # words from "whether" to its "or"


def _purpose_opening(norms: list[str], lo: int, i: int) -> bool:
    """Token ``i`` stands in a purpose phrase that opens its clause ("For lessening radiating
    pain and improving function, ..."), before any verb of the clause."""
    return (norms[lo] == "for" and i - lo <= _PURPOSE_REACH
            and _FINITE.isdisjoint(norms[lo:i]))


_PURPOSE_REACH: Final = 8
_FINITE: Final = frozenset(("is", "are", "was", "were", "has", "have", "had", "did", "do",
                            "does"))


def _and_so_was(c: _Clause) -> bool:
    """The clause opens "and so was ...", "as was ...": it repeats the finding before it."""
    norms = c.sentence.tokens.norms
    k = c.lo + (norms[c.lo] == "and")
    return k + 1 < c.hi and norms[k] in ("so", "as") and norms[k + 1] in _SO_VERBS


_SO_VERBS: Final = frozenset(("was", "were", "did", "is", "are", "do", "does"))


def _only_earlier(previous: _Clause, c: _Clause) -> bool:
    """Clause ``c`` opens by excepting a time point ("but not at one month") earlier than the
    latest one of the clause before it."""
    norms = c.sentence.tokens.norms
    k = c.lo + (norms[c.lo] in _EXCEPTING)
    if k + 2 >= c.hi or norms[k] != "not" or norms[k + 1] not in _AT_TIME:
        return False
    theirs = list(_durations_in_text(" ".join(norms[k + 2:min(c.hi, k + 6)])))
    before = list(_durations_in_text(" ".join(norms[previous.lo:previous.hi])))
    return bool(theirs and before) and max(theirs) < max(before)


_EXCEPTING: Final = frozenset(("but", "though", "although", "yet"))
_AT_TIME: Final = frozenset(("at", "by", "after", "within", "in", "until"))


def _before_the_study(c: _Clause, looked_back: list[int]) -> bool:
    """A past-perfect clause about the time before treatment ("his function had not improved
    over the previous 54 months"): a case's history, not what the treatment did."""
    norms = c.sentence.tokens.norms
    return "had" in norms[c.lo:c.hi] and any(c.lo <= k < c.hi for k in looked_back)


def _closing_sentences(scan: DocScan) -> frozenset[int]:
    """An unstructured abstract's closing sentences, read as its conclusion as a structured one's
    CONCLUSIONS section: abstracts end on what the authors conclude ("Transplanting MSC is safe
    and feasible; whether it works must be confirmed"), in a sentence or a few. They are the
    last sentences that state no number, from the first of them that speaks in the present, a
    modal or the future ("... is a safe and effective treatment. The injection was beneficial
    for delaying degeneration."); none when there is no such sentence: a report in the past
    tense alone ("There were no serious adverse events") is a result, a cut abstract's last."""
    abstract = [k for k, s in enumerate(scan.sentences) if s.role == "abstract"]
    if len(abstract) < _CLOSING_AFTER:
        return frozenset()
    field = scan.sentences[abstract[0]].field
    run: list[int] = []  # the last sentences without a measure, last first
    for k in reversed(abstract[-_CLOSING_RUN:]):
        sentence = scan.sentences[k]
        if sentence.field != field or any(
                c.isdigit() for c in _NOT_A_MEASURE.sub(" ", sentence.text)):
            break  # a number other than a time ("for as long as 6 months"): a result
        run.append(k)
    run.reverse()
    words = [scan.sentences[k].tokens.norms for k in run]
    # an observation told after a sentence ("These cases are embolisms after the infusions.
    # Follow-up CT showed that the lesions resolved") makes the run a result, told last
    observed = [_GENERAL_VERBS.isdisjoint(w) and not _OBSERVED.isdisjoint(w) for w in words]
    for n, w in enumerate(words):
        if (_PAST_VERBS.isdisjoint(w) and not _GENERAL_VERBS.isdisjoint(w)
                and not any(observed[n + 1:])):
            return frozenset(run[n:])
    return frozenset()


# sentences an unstructured abstract has before its last one is read as its conclusion
_CLOSING_AFTER: Final = 4
# how many of its last sentences may be its conclusion
_CLOSING_RUN: Final = 3
# numbers a conclusion states without reporting a measure: a time ("at 12 months", "a 2-year
# follow-up") or a trial phase ("a phase III trial")
_NOT_A_MEASURE: Final = re.compile(
    r"\b\d+(?:\.\d+)?(?:\s*(?:-|to|and|or)\s*\d+(?:\.\d+)?)?[- ]?"
    r"(?:days?|weeks?|months?|years?)\b|\bphase (?:[1-4]|I{1,3}|IV)(?:/(?:[1-4]|I{1,3}|IV))?\b",
    re.IGNORECASE)
# a conclusion speaks in the present or a modal ("is safe", "may reduce"), not in the past
_GENERAL_VERBS: Final = frozenset((
    "is", "are", "may", "might", "can", "could", "should", "must", "appear", "appears", "seem",
    "seems", "suggest", "suggests", "indicate", "indicates", "remain", "remains", "represent",
    "represents", "offer", "offers", "provide", "provides", "support", "supports", "warrant",
    "warrants", "will", "would", "show", "shows", "demonstrate", "demonstrates", "confirm",
    "confirms",
))
_PAST_VERBS: Final = frozenset(("was", "were", "had", "did"))
# what an observation reports (a result), where a conclusion says what the cells did
_OBSERVED: Final = _PAST_VERBS | frozenset((
    "showed", "revealed", "found", "observed", "occurred", "developed", "resolved", "recovered",
    "disappeared", "remained"))


def _cut_off(scan: DocScan) -> int:
    """The abstract's last sentence when the record cut it short ('Successful fusion (Lenke
    scale "A" or'): it ends on a word, not a stop, and is no conclusion. What it began to say is
    lost; -1 when the abstract ends whole."""
    for k in range(len(scan.sentences) - 1, -1, -1):
        sentence = scan.sentences[k]
        if not sentence.field.startswith("abstract"):
            continue
        text = sentence.text.rstrip()
        if sentence.role in ("results", "abstract") and text and (
                text[-1].isalnum() or text[-1] in _OPEN_ENDS or text.endswith(_ELLIPSES)):
            return k  # (a record cut by its source often ends on an ellipsis: "A" or ...)
        return -1
    return -1


_OPEN_ENDS: Final = frozenset(',(["-–“')
_ELLIPSES: Final = ("...", "\u2026")


def _split_last(bounds: list[tuple[int, int]], k: int) -> list[tuple[int, int]]:
    """``bounds`` with the clause that holds token ``k`` split just before it."""
    out: list[tuple[int, int]] = []
    for lo, hi in bounds:
        if lo < k < hi:
            out.extend(((lo, k), (k, hi)))
        else:
            out.append((lo, hi))
    return out


def _after_semicolon(c: _Clause) -> bool:
    """The clause opens after a semicolon (a new statement, not the clause before it going on)."""
    if c.lo == 0:
        return True
    tokens = c.sentence.tokens
    return ";" in c.sentence.text[tokens.ends[c.lo - 1]:tokens.starts[c.lo]]


def _first_own_sentence(scan: DocScan) -> int:
    """The index of the abstract's first sentence about the study itself (else past the end)."""
    for k, sentence in enumerate(scan.sentences):
        if sentence.role != "title" and any(st == "study" for _, st in sentence.stances):
            return k
    return len(scan.sentences)


# how many words before a call for more work may follow its comma (", supporting a further trial")
_FUTURE_LEAD: Final = 3


def _clause_bounds(sentence: Sentence, cues: list[Mention]) -> list[tuple[int, int]]:
    n = len(sentence.tokens.norms)
    cuts = {m.i for m in cues if m.facet == "_res_split" and m.i > 0}
    norms, starts, ends = sentence.tokens.norms, sentence.tokens.starts, sentence.tokens.ends
    text = sentence.text
    if "," in text and "and" in norms:  # ", and ...": a new clause
        for k in [k for k, word in enumerate(norms) if word == "and" and k]:
            if "," in text[ends[k - 1]:starts[k]]:
                cuts.add(k)
    for m in cues:  # "fused as often as autograft without donor-site morbidity": the harm
        # negated at the end qualifies the finding before it and is a clause of its own
        if m.facet != "_finding" or m.i <= 1:
            continue
        if m.value == "harm":
            lead = next((k for k in range(max(1, m.i - _WITHOUT_REACH), m.i)
                         if norms[k] == "without"), None)
            if lead is not None:
                cuts.add(lead)
        elif m.value == "no_difference":  # "reduced pain more than sham, without a difference
            # in function": a null finding added after a comma is a clause of its own
            lead = m.i - 1 if norms[m.i - 1] == "with" else m.i
            if "," in text[ends[lead - 1]:starts[lead]]:
                cuts.add(lead)
    for m in cues:  # "reduced pain durably, supporting a further trial": the call for more
        # work after a comma is a clause of its own, and leaves the finding before it standing
        if m.facet == "_res_future" and m.i > 1:
            lead = next((k for k in range(m.i, max(1, m.i - _FUTURE_LEAD) - 1, -1)
                         if "," in text[ends[k - 1]:starts[k]]), None)
            if lead is not None:
                cuts.add(lead)
    if any(m.facet == "_res_split" and m.i == 0
           and m.matched_text.lower().split()[0] in _SUBORDINATORS for m in cues):
        # "Although A, B": the subordinate clause ends at its first comma (not "Yet A, B, C
        # differed": a sentence that opens with "yet", "but" or "however" is one clause)
        breaks = sentence.breaks
        first = next((k for k in range(1, n) if breaks[k]), None)
        if first is not None:
            cuts.add(first)
    depth = 0
    for pos, ch in enumerate(text) if ";" in text else ():
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:  # a semicolon outside parentheses
            k = bisect_right(starts, pos)
            if 0 < k < n:
                cuts.add(k)
    edges = [0, *sorted(cuts), n]
    return [(a, b) for a, b in zip(edges, edges[1:], strict=False) if b > a]


def _defines(norms: list[str], k: int) -> bool:
    """The words from ``k`` on, after an outcome's head, define it ("was how much ...", "were
    the diary scores", "was a fall of 2 points") rather than report it ("was the same", "was
    met")."""
    if k + 1 >= len(norms) or norms[k] not in ("was", "were"):
        return False
    word = norms[k + 1]
    if word in _DEFINING:
        return True
    return (word in ("the", "a", "an") and k + 2 < len(norms)
            and norms[k + 2] not in _REPORTING)


_DEFINING: Final = frozenset(("how", "whether", "change", "mean"))
_REPORTING: Final = frozenset(("same", "similar", "comparable", "only", "first", "most", "best"))


def _treated_with_other(sentence: Sentence, cues: list[Mention], before: int) -> bool:
    """The sentence opens by naming another therapy as the treatment given ("Treatment was IV
    immunoglobulin, high-dose steroids and/or rituximab, ..."), before token ``before``."""
    return sentence.tokens.norms[0] in _TREATMENT_OPENINGS and any(
        m.facet == "_co_therapy" and m.i < before for m in cues)


_TREATMENT_OPENINGS: Final = frozenset(("treatment", "therapy", "management"))


def _resolved(c: _Clause) -> bool:
    """The clause's only finding is that something passed ("each either resolved by itself or
    was remedied"), naming no measure of its own."""
    found = c.get("_finding")
    return bool(found) and all(
        m.value == "improved" and m.matched_text.lower() in _PASSING for m in found) and not any(
        m.facet in ("outcome", "_polarity") for m in c.cues)


_PASSING: Final = frozenset(("resolved", "remedied", "subsided", "disappeared", "settled",
                             "resolution"))


def _tests_the_contrast(c: _Clause) -> bool:
    """A clause that turns on the one before ("but", "though") to say the groups did not differ,
    naming no measure of its own: a test of the contrast just told."""
    norms = c.sentence.tokens.norms
    return (norms[c.lo] in _TURNS and not any(m.facet in ("outcome", "_polarity") for m in c.cues)
            and any(m.facet == "_differ" for m in c.cues))


_TURNS: Final = frozenset(("but", "though", "although", "however", "yet", "whereas"))


def _qualifies(c: _Clause) -> bool:
    """A clause that opens by saying the preceding change was not significant ("improved
    slightly but not significantly")."""
    return any(m.i <= c.lo + 1 for m in c.get("_finding", "nonsignificant"))


class _Cues:
    """The cues of one clause by facet and by facet and value (see ``_read``), and whether a
    negation stands before a cue. (A class, not nested functions: a compiled build calls its
    methods directly.)"""

    def __init__(self, c: _Clause, index: dict[str, list[Mention]]) -> None:
        self.c = c
        self.index = index
        # facet -> value -> its cues in order, made for a facet when first asked
        self.by_value: dict[str, dict[str, list[Mention]]] = {}
        self.negations = [m.j for m in index.get("_res_negation", _NONE)]
        # ("without" heads a phrase: "PRP prepared without a kit gave better results")
        self.withouts = {m.j for m in index.get("_res_negation", _NONE)
                         if m.matched_text.lower() == "without"}
        self.never = [m.j for m in index.get("_res_never", _NONE)]

    def of(self, facet: str, value: str | None = None) -> list[Mention]:
        found = self.index.get(facet)
        if found is None:
            return _NONE
        if value is None:
            return found
        values = self.by_value.get(facet)
        if values is None:
            values = self.by_value[facet] = {}
            for m in found:
                same = values.get(m.value)
                if same is None:
                    values[m.value] = [m]
                else:
                    same.append(m)
        return values.get(value, _NONE)

    def negated(self, m: Mention) -> bool:
        """A negation a few words before, in the same clause (no comma between), or further
        back across a list joined by "or" ("no sign of A, B or C, or worsening of D")."""
        c = self.c
        if self.never and any(j <= m.i for j in self.never):
            return True  # "at no time did VAS, ODI or NDI differ": the whole clause after it
        return bool(self.negations) and any(
            m.i - (_WITHOUT_REACH if j in self.withouts else _NEGATION_REACH) <= j <= m.i
            and not any(c.sentence.breaks[j + 1:m.i + 1])
            or c.lo <= j <= m.i and m.i - j <= _LIST_REACH
            and _negated_list(c.sentence.tokens.norms[j:m.i])
            for j in self.negations)


def _negated_list(words: list[str]) -> bool:
    """The words from a negation to a finding join a list with "or" ("no infection, fever or
    tumour"), not a choice ("without X, either the A or the B group improved")."""
    return not _OR_WORDS.isdisjoint(words) and "either" not in words


# harm words no grade makes mild ("a fatal and rare complication")
_GRAVE: Final = ("serious", "fatal", "death", "died", "lethal")
# what a thing takes ("the dose needed to", "the time required to"): not a call for more work
_QUANTITIES: Final = frozenset(("dose", "amount", "time", "number", "concentration", "volume",
                                "quantity", "level", "energy", "force", "effort", "cost"))


def _read(c: _Clause, cell_study: bool, cells: list[Mention], design: str) -> set[str]:
    """The labels of one clause (see the module docstring, step 3)."""
    out: set[str] = set()
    index: dict[str, list[Mention]] = {}  # facet -> its cues in order
    # "improvement was assessed with ...": the finding word names what was measured
    measured = {m.i for m in c.cues if m.facet == "_measured"}
    norms = c.sentence.tokens.norms
    for m in c.cues:
        if m.j in measured and m.facet in _SAYING:
            continue
        if m.facet == "_res_future" and m.i > 0 and norms[m.i - 1] in _QUANTITIES:
            continue  # "the high dose needed to induce bone": what it takes, no call for work
        if m.facet == "_aim" and _either_way(c.sentence, m):
            continue  # "..., whether autologous or allogeneic": no matter which, no question
        if m.facet == "_finding" and m.value in _IMPROVED and ((c.part == "title" and (
                "to" in norms[max(0, m.i - 1):m.i] or "for" in norms[max(0, m.i - 2):m.i]))
                or _purpose_opening(norms, c.lo, m.i)):
            # "G-CSF to improve neurological status", "... for pain relief" (a title), "For
            # lessening pain and improving function, A and B are equally effective": its aim
            continue
        index.setdefault(m.facet, []).append(m)
    if not any(f in index for f in _SAYING) and "_polarity" not in index and (
            "outcome" not in index):
        return out

    if norms[c.lo] in _TRAITS:
        return out  # "age, sex and blood loss did not differ": how alike the groups were
    if _groups_alike(c, index):
        return out  # "the control patients were clinically comparable to the treated ones"
    cue = _Cues(c, index)
    for value in ("unproven", "unconfirmed", "against"):
        if cue.of("_finding", value):
            out.add(value)
    stop = min((m.i for f in _SUPPRESSORS for m in cue.of(f)), default=None)
    for m in cue.of("_res_definition"):
        if (stop is None or m.i < stop) and _defines(c.sentence.tokens.norms, m.j):
            stop = m.i
    if stop is not None:  # an aim, a plan, eligibility, other studies: no finding of this study,
        # but "safe" or "feasible" said before the plan still holds ("feasible and deserves ...")
        for m in cue.of("_finding"):
            if m.i < stop and m.value in ("safe", "feasible"):
                out.add(m.value)
        return out
    # a comparison that favours a comparator or another therapy over the cells (or sets it
    # below them), read once for every use below
    favoured = design in CONTROLLED and _comparator_favoured(c, cells, cue.of("_co_therapy"),
                                                             cell_study)
    if (cell_study and "_co_therapy" in index and not any(c.lo <= m.i < c.hi for m in cells)
            and not favoured and (_about_other_therapy(c) or (
                # "whereas the improvement of the PRP group was not significant": the
                # comparator's own change, no contrast with the cells
                not cue.of("_compare", "between") and not cue.of("_all_groups")
                and sum(w in _GROUP_WORDS for w in norms[c.lo:c.hi]) == 1 and any(
                    m.j < c.hi and norms[m.j] in _GROUP_WORDS for m in cue.of("_co_therapy"))))):
        return out
    if _opens_at_baseline(c):  # "Before surgery, group A had a larger Cobb angle than B"
        return out
    start, end = c.sentence.tokens.starts[c.lo], c.sentence.tokens.ends[c.hi - 1]
    if c.text.find("roup", start, end) >= 0 and _OUTCOME_GROUP.search(c.text, start, end):
        return out  # "larger in the nonunion group than in the union group": what predicts it
    signif = cue.of("_signif")
    significant, not_significant = _significance(c, [s for s in signif if not cue.negated(s)],
                                                 cue.of("_finding"))
    not_significant = not_significant or any(cue.negated(s) for s in signif)
    # improvements / worsenings read from a direction word and what changed
    change_up: list[Mention] = []
    change_down: list[Mention] = []
    polarities = cue.of("_polarity") + [  # pain measures and adverse events: lower is better
        Mention("_polarity", "bad", m.field, m.role, m.matched_text, m.sentence, m.i, m.j)
        for m in cue.of("outcome") + cue.of("_finding", "harm")]
    unchanged = []  # "did not reduce pain": a negated improvement
    directions = cue.of("_direction")
    for d in directions:
        if d.value not in _DIRECTIONS:  # a body region ("lower back pain"): no change at all
            continue
        if _comparative_adjective(c, d, polarities):  # "more convenient than": no change
            continue
        if d.matched_text.lower() in _INTENSIFIERS and any(
                o is not d and o.value in _DIRECTIONS and abs(o.i - d.i) <= _INTENSIFIED_REACH
                for o in directions):
            continue  # "pain fell more with the cells", "more reduction": how much it fell
        polarity = _polarity_of(d, polarities)
        if polarity is None:
            continue
        better_off = (d.value == "down") == (polarity == "bad")
        if cue.negated(d):
            if better_off:
                unchanged.append(d)
            continue
        (change_up if better_off else change_down).append(d)
    harms = cue.of("_finding", "harm")
    if harms:  # a clause about adverse events: safety or harm, never efficacy
        asserted = [m for m in harms if not cue.negated(m)]
        if any(not cue.negated(m) for m in cue.of("_finding", "safe")):
            out.add("safe")
        if len(asserted) < len(harms) or cue.of("_finding", "no_difference") or (
                change_up and not change_down):
            out.add("safe")
        elif asserted and cue.of("_harm_grade") and not any(
                w in m.matched_text.lower() for m in asserted for w in _GRAVE):
            out.add("safe")  # "only mild adverse events, all of which resolved": safety
            # (not "a fatal and rare complication": a death is no mild event)
        elif asserted and favoured:
            out.add("safe")  # "complications were more frequent with steroid than with cells"
        elif asserted:
            out.add("harm")
            if change_down or cue.of("_finding", "worse") or cue.of("_compare", "association"):
                out.add("worse")
        # "as effective as steroid, with fewer side effects": the efficacy said before the harm
        # words is a finding of its own
        first_harm = min(m.i for m in harms)
        out.update(_EFFICACY_BEFORE_HARM[m.value] for m in cue.of("_finding")
                   if m.i < first_harm and m.value in _EFFICACY_BEFORE_HARM
                   and not cue.negated(m) and m.matched_text.lower() not in _HARM_NEGATIONS
                   # ("no significant difference in the rate of complications": about harm)
                   and not _HARM_OF.issuperset(norms[m.j:first_harm]))
        if any(d.j <= first_harm for d in change_up) and any(
                m.j <= first_harm for m in cue.of("outcome")):
            out.add("improved")  # "pain fell by 60% and no adverse events occurred"
        if (first_harm >= 2 and norms[first_harm - 1] in ("and", "or")
                and norms[first_harm - 2] in _EFFICACY_NOUNS
                and any(m.i > first_harm and not cue.negated(m)
                        for m in (*cue.of("_finding", "no_difference"),
                                  *cue.of("_finding", "nonsignificant")))):
            out.add("no_difference")  # "outcomes and complications did not differ": both
        return out
    if design == "case_control" and not cue.of("_compare", "association"):
        # cases and controls are defined by the outcome: their differences are not the
        # treatment's effect, which such a study states as an association (odds, risk)
        return out
    equal = cue.of("_finding", "no_difference") + cue.of("_finding", "nonsignificant")
    if equal and not cue.of("outcome") and _EFFICACY_NOUNS.isdisjoint(norms[c.lo:c.hi]) and any(
            not cue.negated(m) and m.i < min(e.i for e in equal)
            for m in cue.of("_finding", "safe")):
        out.add("safe")  # "safety ratings did not differ between groups": as safe in both
        return out
    for value in ("safe", "feasible"):
        if any(not cue.negated(m) for m in cue.of("_finding", value)):
            out.add(value)
    if cue.of("_finding", "null_effect"):
        out.add("null_effect")
    improved = [m for m in cue.of("_finding", "improved") if not cue.negated(m)] + change_up
    better = [m for m in cue.of("_finding", "better") if not cue.negated(m)]
    stated_equal = cue.of("_finding", "no_difference") + cue.of("_finding", "nonsignificant")
    no_difference = stated_equal + unchanged + cue.of("_finding", "not_improved") + [
        m for m in cue.of("_finding", "improved") + cue.of("_finding", "better") if cue.negated(m)
    ] + [m for m in cue.of("_differ") if m.matched_text.lower() in _DIFFERING
         and cue.negated(m)]  # ("there were no statistical or clinical differences", "in
    # neither study did the groups differ")
    worse = [m for m in cue.of("_finding", "worse") if not cue.negated(m)] + change_down
    differ = [m for m in cue.of("_differ") if not cue.negated(m)]
    if (differ and not_significant and not significant
            and not (improved or better or worse) and not _at_baseline(c)
            and all(m.value == "nonsignificant" for m in no_difference)
            and any(m.matched_text.lower() in _DIFFERENCE_NOUNS for m in differ)):
        # "the difference was borderline (P = 0.095)", "but these differences were not
        # statistically significant": a test of the contrast told before it, which did not hold
        no_difference = no_difference or differ
        out.add("tested_null")
    if (differ and significant and not not_significant and polarities
            and not (improved or better or worse or no_difference) and not _at_baseline(c)):
        # a significant difference in an outcome, its direction told only by the numbers or by
        # the group named first: the studied product's gain (a loss is told in words)
        improved = differ
    if (polarities and (significant or not_significant)
            and not (improved or better or worse or no_difference or differ)):
        told = _told_by_numbers(c, polarities)
        if told is not None:  # "VAS fell ... from 6.8 to 2.9 (P < 0.001)", no word for it
            kind, sign = told
            marker = [polarities[0]]
            if not_significant and not significant:
                improved = marker  # (read below as no difference)
            elif sign > 0 and kind == "between":
                better = marker
            elif sign > 0:
                improved = marker
            elif sign < 0:
                worse = marker
    if ((design in CONTROLLED or design in REVIEWS) and not_significant and not significant
            and polarities and not (improved or better or worse or no_difference or differ)
            and _TWO_VALUES.search(c.text, c.sentence.tokens.starts[c.lo],
                                   c.sentence.tokens.ends[c.hi - 1])):
        # "fusion rates were 90% and 77% (P = 0.18)": two groups' values, no difference (a
        # review's pooled arms too)
        no_difference = [polarities[0]]
    every = bool(cue.of("_all_groups") or _every_arm(c, cells) or _in_both_groups(c))
    if not every and any(not _contrast_before(norms, m.i) and not cue.negated(m)
                         for m in cue.of("_compare", "comparator_group")) and not favoured:
        # what changed is the comparator's ("than in the control group" is its contrast; "not
        # seen in controls" says it was the product's alone; "greater in the saline group than
        # in the cell group" sets it against the cells)
        improved, worse = [], []
    if every and not better:  # every group changed
        if improved and design in CONTROLLED:
            out.add("all_improved")  # no difference, unless the groups are said to differ
        improved = []
    within = bool(cue.of("_compare", "within") or cue.of("_comparison", "baseline")
                  ) or _from_to(c) or _by_amount(c)
    between = bool(cue.of("_compare", "between") or cue.of("_comparison", "arms")) and not within
    if stated_equal and not (improved or better or worse or unchanged) and _at_baseline(c):
        # "at baseline the groups did not differ": how alike the groups began, not a finding
        return out
    if (not between and not_significant and not significant and design in CONTROLLED
            and _TWO_GROUPS.search(c.text)):
        between = True  # "68% in the cell group and 78% in the BMP group (P = .35)"
    if design in UNCONTROLLED:  # groups of a one-arm study are strata, not a treatment contrast
        # ("pain did not change from baseline": no improvement; in a controlled study the arm
        # that stayed is told against the other, read there by its own cues)
        no_difference += [m for m in cue.of("_finding", "stayed") if not cue.negated(m)]
        stated_equal = []
        no_difference = [m for m in no_difference if m.value != "no_difference"]
        if not within:
            # "neither the approach nor comorbidities made a significant difference": strata
            # compared, not the treated series against its baseline
            no_difference = [m for m in no_difference if m.facet != "_differ"]
        between = False
    if no_difference or (not_significant and not significant and (improved or better or between)):
        out.add("no_difference")
        if not_significant and not significant and not stated_equal:
            # "improved more than with saline (P = 0.30)": the only test says no difference
            better, improved = [], []
        elif not better and (stated_equal or not_significant):
            improved = []  # "ODI improvements were similar": what improved did not differ
    if (better or (improved and (between or favoured))) and design in CONTROLLED and (
            favoured or _fewer_by_numbers(c, polarities, improved, significant)):
        # "responders were more numerous with steroid than with the cells", "fusion in 91% of
        # controls and 62% of treated patients": the comparator did better
        worse, better, improved = better or improved, [], []
    elif worse and not (better or improved or no_difference) and favoured:
        # "pain was greater in the steroid group than in the cell group": the comparator fared
        # worse, so the cells did better
        better, worse = worse, []
    if better or (improved and between):
        out.add("better")
        if significant and not not_significant:
            out.add("significant_better")
    elif improved:  # a change within a group ("from 7.1 to 3.4") is no contrast with another
        out.add("improved_within" if within else "improved")
        if significant and not cue.of("_res_association"):
            out.add("significant_improvement")
    if cue.of("_finding", "transient") and (out & _IMPROVED or not worse):
        # a gain that did not last, told with it or apart ("returned to baseline by a year"),
        # not a passing complaint ("a short-lived increase in back pain")
        out.add("transient")
    if worse and not out & _IMPROVED and (between or significant):
        out.add("worse")
    if out & _IMPROVED and cue.of("_hedge"):
        out.add("hedged")
    if out & _IMPROVED and cue.of("_compare", "subgroup"):
        out.add("subgroup")
    if out and cue.of("_compare", "secondary") and not cue.of("_compare", "primary"):
        out.add("secondary")  # (see _verdict)
    return out


# a comparative that says how much another change was ("fell more", "a greater reduction"):
# no change of its own
_INTENSIFIERS: Final = frozenset(("more", "greater", "larger"))
_INTENSIFIED_REACH: Final = 2
# a time point a clause names ("at 12 months", "by week 24")
_TIME_POINT_RE: Final = re.compile(
    r"\b(?:at|by|after)\s+(?:\d+|one|two|three|six|twelve)[\s-]*(?:weeks?|months?|years?)\b"
    r"|\b(?:at|by)\s+(?:week|month|year)\s+\d+\b", re.I)
# what a comparison may name as the product's group besides its cell type ("the cell group")
_PRODUCT_WORDS: Final = frozenset(("cell", "cells", "stem", "mscs", "msc", "treated"))


def _comparator_favoured(c: _Clause, cells: list[Mention], others: list[Mention],
                         cell_study: bool) -> bool:
    """A comparison whose first side (before "than", the one it says more of) is a comparator
    (a control word or another therapy, ``others``) and whose other side names the cells: "pain
    fell more in the saline group than in the cell group", "more responders with steroid than
    with the cells" (the comparator did better), "pain was greater in the steroid group than in
    the cell group" (it did worse)."""
    norms = c.sentence.tokens.norms
    than = next((k for k in range(c.lo, c.hi) if norms[k] == "than"), None)
    if than is None:
        # (in a study of another therapy, that therapy is the product, not a comparator)
        return _comparator_named(c, cells, others if cell_study else [])
    before, after = norms[c.lo:than], norms[than + 1:c.hi]
    product_before = not _PRODUCT_WORDS.isdisjoint(before) or any(
        c.lo <= m.i < than for m in cells)
    product_after = not _PRODUCT_WORDS.isdisjoint(after) or any(
        than < m.i < c.hi for m in cells)
    comparator_before = not _COMPARATOR_WORDS.isdisjoint(before) or any(
        c.lo <= m.i < than for m in others)
    return (product_after and not product_before and comparator_before
            and _COMPARATOR_WORDS.isdisjoint(after))


# a comparative that a group is named after ("lower in the control group"), the preposition
# that opens the group, and words between it and the group's own name
_COMPARATIVES: Final = frozenset(("lower", "higher", "greater", "better", "less", "more", "fewer",
                                  "smaller", "larger", "superior", "worse", "inferior"))
_ARM_OPENERS: Final = frozenset(("in", "among", "with", "for"))
_ARM_FILLERS: Final = frozenset((
    "the", "those", "that", "patient", "patients", "participant", "participants", "subject",
    "subjects", "who", "had", "received", "receiving", "given", "treated", "underwent",
    "undergoing", "with", "by", "a", "an"))
_OPENER_REACH: Final = 5  # words from the comparative to "in" ("lower at 12 months in ...")


def _comparator_named(c: _Clause, cells: list[Mention], others: list[Mention]) -> bool:
    """No "than", no cells: a comparative, then the one group it is true of, which is a
    comparator ("VAS was significantly lower in the control group", "relief was greater among
    patients given steroid"). Naming the group that has more says the groups differed, in its
    favour (or, for a harm, against it); a change verb ("fell in the control group") is that
    group's own change and is no comparative."""
    if any(c.lo <= m.i < c.hi for m in cells):
        return False
    norms = c.sentence.tokens.norms
    starts = {m.i for m in others}
    for k in range(c.lo, c.hi):
        if norms[k] not in _COMPARATIVES:
            continue
        opener = next((o for o in range(k + 1, min(c.hi, k + 1 + _OPENER_REACH))
                       if norms[o] in _ARM_OPENERS), None)
        if opener is None:
            continue
        arm = next((a for a in range(opener + 1, c.hi) if norms[a] not in _ARM_FILLERS
                    or a in starts), None)
        return arm is not None and (norms[arm] in _COMPARATOR_WORDS or arm in starts)
    return False


def _fewer_by_numbers(c: _Clause, polarities: list[Mention], improved: list[Mention],
                      significant: bool) -> bool:
    """Two groups' values told side by side, no test ("fusion in 24 of 27 controls (91%) and
    in 18 of 32 treated patients (62%)"): the numbers put the product behind its comparator.
    (What was measured, or else the gain word itself: "good outcomes in ...")"""
    if not polarities and improved:
        m = improved[0]
        polarities = [Mention("_polarity", "good", m.field, m.role, m.matched_text, m.sentence,
                              m.i, m.j)]
    if significant or not polarities:
        return False
    told = _told_by_numbers(c, polarities)
    return told is not None and told == ("between", -1)


def _contrast_before(norms: list[str], k: int) -> bool:
    """A comparison word just before token ``k`` makes what follows the contrast ("lower than
    in the control group", "inferior to those with saline alone")."""
    return norms[k - 1] in _COMPARED_WITH or (
        k >= 2 and norms[k - 1] in ("those", "that") and norms[k - 2] in _COMPARED_WITH)


def _every_arm(c: _Clause, cells: list[Mention]) -> bool:
    """"Both A and B relieve pain", "A and B both relieve pain": "both" before the first
    finding, and what it joins with "and" (after "both", or before it when "both" follows
    them) names treatments (a cell product, another therapy, an arm)."""
    norms = c.sentence.tokens.norms
    said = [m.i for m in c.cues if m.facet in _SAYING]
    if not said:
        return False
    first = min(said)
    both = next((k for k in range(c.lo, first) if norms[k] == "both"), None)
    if both is None:
        return False
    arms = [m.i for m in (*c.get("_co_therapy"), *c.get("_comparison", "arms"), *cells)]
    if "and" in norms[both + 1:first]:
        return any(both < i < first for i in arms)
    joined = norms[c.lo:both]
    return ("and" in joined and sum(c.lo <= i < both for i in arms) >= 2
            and both - c.lo <= _BOTH_REACH)


def _in_both_groups(c: _Clause) -> bool:
    """"... fell significantly in both the vertebroplasty and the sham group", "... improved in
    the cell group as well as in the autograft group": a change told, then every group it
    happened in."""
    norms = c.sentence.tokens.norms
    for k in range(c.lo, c.hi):
        if norms[k] == "both":
            after = norms[k + 1 : min(c.hi, k + 1 + _BOTH_REACH)]
            if "and" in after and not _GROUP_WORDS.isdisjoint(after[after.index("and"):]):
                return True
        elif norms[k : k + 3] == ["as", "well", "as"]:
            # ("as well as in the autograft group", not "as well as disability in the cell
            # group": another measure of the same group)
            after = norms[k + 3 : min(c.hi, k + 3 + _AS_WELL_REACH)]
            if after and after[0] in ("in", "the", "for", "with") and not _GROUP_WORDS.isdisjoint(
                    after):
                return True
    return False


# groups formed by how the patients fared, not by what they were given: comparing them asks what
# predicts an outcome, it finds nothing about the treatment
_OUTCOME_GROUP: Final = re.compile(
    r"\b(?:non-?union|union|non-?fusion|fused|unfused|responders?|non-?responders?|"
    r"success(?:ful)?|failure|failed|recurrence|no-recurrence|complication)\s+groups?\b",
    re.IGNORECASE)


def _at_baseline(c: _Clause) -> bool:
    """The clause speaks of the time before treatment ("at baseline", "preoperatively"), not of a
    change from it ("from baseline", "compared with preoperative values")."""
    norms = c.sentence.tokens.norms
    return any(m.i == c.lo or norms[m.i - 1] not in _CHANGE_REFERENCE
               for m in (*c.get("_comparison", "baseline"), *c.get("_compare", "within")))


def _opens_at_baseline(c: _Clause) -> bool:
    """The clause opens at the time before treatment ("Before surgery, ...", "At baseline the
    groups ...") and names no later time point nor a change from it: how the groups began."""
    norms = c.sentence.tokens.norms
    opening = any(m.i <= c.lo + 1 for m in (*c.get("_comparison", "baseline"),
                                           *c.get("_compare", "within")))
    return (opening and _LATER_WORDS.isdisjoint(norms[c.lo:c.hi]) and not _from_to(c))


def _about_other_therapy(c: _Clause) -> bool:
    """Another therapy is the subject of the clause (not a time point, partner or comparator)."""
    norms = c.sentence.tokens.norms
    # "68% in the allograft group and 78% in the BMP group": a clause that names two groups
    # compares them, and the other therapy's group is its comparator
    compared = sum(norms[k] in _GROUP_WORDS for k in range(c.lo, c.hi)) >= 2
    harms = [h.i for h in c.get("_finding", "harm")]
    for m in c.get("_co_therapy"):
        if compared and m.j < c.hi and norms[m.j] in _GROUP_WORDS:
            continue
        if harms and min(harms) < m.i:
            continue  # "discitis requiring antibiotics": the harm's own treatment
        if m.i == c.lo + 1 and norms[c.lo] in _OPENING_MEANS:
            return True  # "With methylprednisolone and immunoglobulin she improved"
        before = norms[max(c.lo, m.i - 2):m.i]
        if not _RELATION_WORDS.intersection(before):
            return True
    return False


def _significance(c: _Clause, signif: list[Mention], findings: list[Mention]
                  ) -> tuple[bool, bool]:
    """(significant, not significant) from words and P values of the clause."""
    nonsig_spans = [(m.i, m.j) for m in findings
                    if m.value in ("nonsignificant", "no_difference", "not_improved")]
    significant = any(not any(a <= s.i < b for a, b in nonsig_spans) for s in signif)
    not_significant = any(m.value == "nonsignificant" for m in findings)
    sentence = c.sentence
    start = sentence.tokens.starts[c.lo] if c.lo < len(sentence.tokens.starts) else 0
    end = sentence.tokens.ends[c.hi - 1] if c.hi > 0 else len(sentence.text)
    text = sentence.text[start:end + 2]
    norms = sentence.tokens.norms[c.lo:c.hi]
    p_values = _P_VALUE.findall(text) if "p" in norms else []  # "P=0.03": tokens p, 0, 03
    for op, number in p_values:
        p = float(number)
        if op in "<\u2264" and p <= 0.05 or op == "=" and p < 0.05:
            significant = True
        else:
            not_significant = True
    if not p_values and ("ci" in norms or "confidence" in norms):
        # no P value, a confidence interval: significant when it leaves out no effect (1 for a
        # ratio, "OR 1.2, 95% CI 0.8-1.9"; 0 for a difference)
        for m in _CI.finditer(text):
            low, high = (float(g.replace("\u2212", "-")) for g in m.groups())
            if low > high:
                continue
            ratio = _RATIO.search(text, max(0, m.start() - 30), m.start()) is not None
            null = 1.0 if ratio else 0.0
            if low < null < high or low == null or high == null:
                not_significant = True
            else:
                significant = True
    return significant, not_significant


def _polarity_of(d: Mention, polarities: list[Mention]) -> str | None:
    """good / bad: the outcome term read with a direction word: the one right after it ("fewer
    fractures"), else the nearest before it ("pain was lower"), else the first after it; a good
    term beside "loss of", "time to" reads bad."""
    after = sorted((p for p in polarities if d.j <= p.i < d.j + _POLARITY_REACH),
                   key=lambda p: p.i)
    before = [p for p in polarities if p.j <= d.i and p.value != "inverse"]
    # one phrase may hold both ("reduced pain")
    chosen: Mention | None = next((p for p in polarities if p.i <= d.i < p.j), None)
    if chosen is None and after and (after[0].i - d.j < _ADJACENT or not before):
        chosen = after[0]
    elif chosen is None and before:
        chosen = max(before, key=lambda p: p.j)
    if chosen is None:
        return None
    if chosen.value == "inverse":
        return "bad"
    inverse = any(p.value == "inverse" and (0 <= chosen.i - p.j <= 3 or p.i == chosen.j)
                  for p in polarities)
    if inverse:
        return "bad" if chosen.value == "good" else "good"
    return chosen.value


def _told_by_numbers(c: _Clause, polarities: list[Mention]) -> tuple[str, int] | None:
    """("within" or "between", +1 better / -1 worse) of a result told only by numbers: a value
    before and after treatment ("from 6.8 to 2.9", "48.2 at baseline and 21.5 at one year"), or
    the product's group against a comparator's ("2.9 in the cell group and 5.1 in the control
    group"), read with the polarity of what was measured (pain: lower is better)."""
    kinds = {p.value for p in polarities}
    if len(kinds) != 1 or "inverse" in kinds:
        return None
    lower_is_better = kinds == {"bad"}
    sentence = c.sentence
    start = sentence.tokens.starts[c.lo]
    end = sentence.tokens.ends[c.hi - 1]
    text = sentence.text[start:end + 2]
    m = _BEFORE_AFTER.search(text)
    if m is not None:
        before, after = (_float(g) for g in m.groups() if g is not None)
        kind = "within"
    else:
        m = _TWO_GROUPS.search(text)
        shares = _TWO_SHARES.search(text) if m is None else None
        if m is not None:
            first, named, treated, second, named_2, treated_2 = m.groups()
            first_group, second_group = named or treated or "", named_2 or treated_2 or ""
            values = _float(first), _float(second)
        elif shares is not None:
            a, b, first_group, c_, d, second_group = shares.groups()
            if int(b) == 0 or int(d) == 0:
                return None
            values = int(a) / int(b), int(c_) / int(d)
        else:
            return None
        comparator = [not _COMPARATOR_WORDS.isdisjoint(_WORD.findall(g.lower()))
                      for g in (first_group, second_group)]
        if comparator == [False, True]:
            after, before = values  # the product's value first
        elif comparator == [True, False]:
            before, after = values
        else:
            return None
        kind = "between"
    if after == before:
        return None
    return kind, 1 if (after < before) == lower_is_better else -1


_NOT_ADJECTIVES: Final = frozenset((
    "with", "in", "after", "for", "among", "at", "on", "by", "the", "a", "an", "of", "to", "from",
    "and", "or", "was", "were", "is", "are",
))


def _comparative_adjective(c: _Clause, d: Mention, polarities: list[Mention]) -> bool:
    """A direction word that makes a comparative of the word after it ("more (logistically)
    convenient than", "less invasive than"), with no measure between: it says nothing changed."""
    norms = c.sentence.tokens.norms
    than = next((k for k in range(d.j + 1, min(d.j + 3, c.hi)) if norms[k] == "than"), None)
    return than is not None and _NOT_ADJECTIVES.isdisjoint(norms[d.j:than]) and not any(
        d.j <= p.i < than for p in polarities)  # (not "lower with cells than with saline")


def _float(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def _from_to(c: _Clause) -> bool:
    """A change from one value to another ("fell from 7.4 to 3.6"): a within-group change."""
    norms = c.sentence.tokens.norms
    for k in range(c.lo, c.hi - 1):
        if norms[k] == "from" and any(t[:1].isdigit() for t in norms[k + 1:k + 4]):
            rest = norms[k + 2:c.hi]
            for t_i, t in enumerate(rest[:-1]):
                if t == "to" and rest[t_i + 1][:1].isdigit():
                    return True
    return False


def _by_amount(c: _Clause) -> bool:
    """A change told by its size and nothing to set it against ("mean VAS improved by 4.9
    points (p < 0.01)"): a within-group change (not "fell by 2 points more than with saline")."""
    norms = c.sentence.tokens.norms
    if "than" in norms[c.lo:c.hi]:
        return False
    return any(m.facet in ("_direction", "_finding") and m.j + 1 < c.hi and norms[m.j] == "by"
               and norms[m.j + 1][:1].isdigit() for m in c.cues)


# ---- follow-up -----------------------------------------------------------------------------------
@dataclass(frozen=True, init=False)
class _Duration:
    months: float
    sentence: int
    i: int
    j: int

    def __init__(self, months: float, sentence: int, i: int, j: int) -> None:
        object.__setattr__(self, "months", months)  # (explicit: see evidence.design.Decision)
        object.__setattr__(self, "sentence", sentence)
        object.__setattr__(self, "i", i)
        object.__setattr__(self, "j", j)


def extract_followup(doc: dict[str, Any], scan: DocScan, design: str, population: str
                     ) -> Decision | None:
    """The longest follow-up of participants the record states, in whole months (rounded half
    up), with the text that states it; None when none is stated or there are no participants.

    Registrations: the longest outcome time frame or visit their description plans (else a
    length in their summary), none when nobody was enrolled. Protocols: the planned follow-up.
    """
    if scan.kind == "registration":
        registry = doc.get("registry") or {}
        if registry.get("enrollment") == 0:
            return None
        frames = [o for key in ("primary_outcomes", "secondary_outcomes")
                  for o in registry.get(key) or [] if isinstance(o, dict)]
        best: tuple[float, str] | None = None
        for outcome in frames:
            frame = str(outcome.get("time_frame") or "")
            for months in _durations_in_text(frame):
                if best is None or months > best[0]:
                    best = (months, frame)
        if best is not None:
            # (its description may plan visits beyond the outcomes' time frames: "patients are
            # then seen at 24 and 36 months within a long-term follow-up")
            told = _longest_duration(scan, planned=True)
            if told is not None and told.months > best[0]:
                sentence = scan.sentences[told.sentence]
                clause = _clause_text(sentence, told)
                if not _IF_NEEDED.search(sentence.text):  # ("and, if required, 2 years")
                    return _months_decision(told.months, sentence.field, clause)
            return _months_decision(best[0], "registry:time_frame", best[1])
    elif design not in WITH_PARTICIPANTS or population not in ("human", "unknown"):
        return None
    longest = _longest_duration(scan, planned=design == "protocol")
    if longest is None:
        return None
    sentence = scan.sentences[longest.sentence]
    return _months_decision(longest.months, sentence.field, _clause_text(sentence, longest))


# a visit the plan makes only in some cases: no follow-up of every participant
_IF_NEEDED: Final = re.compile(r"\bif (?:required|needed|necessary|indicated|applicable)\b|"
                               r"\boptional\b", re.IGNORECASE)


def _months_decision(months: float, where: str, text: str) -> Decision | None:
    whole = math.floor(months + 0.5)
    if whole <= 0:
        return None  # under half a month: no follow-up to speak of
    return Decision(whole, where, text)


def _comma_span(sentence: Sentence, lo: int, hi: int) -> tuple[int, int]:
    """The tokens [lo, hi) widened to the commas, semicolons or dashes around them."""
    breaks = sentence.breaks
    while lo > 0 and not breaks[lo]:
        lo -= 1
    while hi < len(breaks) and not breaks[hi]:
        hi += 1
    return lo, hi


def _clause_text(sentence: Sentence, d: _Duration) -> str:
    lo, hi = _comma_span(sentence, d.i, d.j)
    return sentence.text[sentence.tokens.starts[lo]:sentence.tokens.ends[hi - 1]]


_TIME_FRAME_SPLIT_RE: Final = re.compile(r"[^\w.]+")  # a time frame's words and numbers


def _durations_in_text(text: str) -> Iterable[float]:
    """Every length in a registry time frame ("Baseline, 3 and 12 months" -> 12; the unit first
    too: "Baseline, Month 6 and Month 12", "weeks 4 and 24")."""
    number: float | None = None
    first: str | None = None  # a unit told before its numbers ("Month 12")
    for word in _TIME_FRAME_SPLIT_RE.split(text.lower()):
        unit, value = _unit_of(word), _number_of(word)
        if value is not None:
            if first is not None:
                yield _months(value, first)  # (the number is the unit's: used)
            else:
                number = value
        elif unit is not None:
            if number is not None:
                yield _months(number, unit)
                number, first = None, None
            else:
                first = unit
        elif word not in _RANGE_WORDS:
            number, first = None, None


def _months(value: float, unit: str) -> float:
    """Months in a length: weeks count 4 to the month as the labels do ("6 weeks" = 1.5), but
    whole years of weeks are years ("52 weeks" = 12)."""
    if unit == "week" and value >= 52 and value % 52 == 0:
        return value / 52 * 12
    return value * _MONTHS_PER[unit]


def _unit_of(word: str) -> str | None:
    w = word.rstrip("s") if len(word) > 3 else word
    return w if w in _MONTHS_PER else None


def _number_of(word: str) -> float | None:
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    if word in _ORDINALS:  # "at the third, sixth and twelfth months": time points
        return float(_ORDINALS[word])
    if word[-2:] in _ORDINAL_ENDS and word[:-2].isdecimal():
        return float(word[:-2])  # "the 12th month"
    # float() reads, after white space and a sign, a digit, a point, "inf" or "nan": any other
    # word is no number (said without the exception float() raises, the costlier answer)
    first = word.strip().lstrip("+-")[:1]
    if not (first.isdecimal() or first in _FLOAT_FIRSTS):
        return None
    try:
        return float(word)
    except ValueError:
        return None


_ORDINALS: Final = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "eighteenth": 18,
    "twentieth": 20, "thirtieth": 30}
_ORDINAL_ENDS: Final = frozenset(("st", "nd", "rd", "th"))
# what a number float() reads may start with, besides a digit (see _number_of)
_FLOAT_FIRSTS: Final = frozenset(".iInN")


def _longest_duration(scan: DocScan, planned: bool = False) -> _Duration | None:
    """The longest length stated about this study's participants (not an age, the history of the
    condition, a dosing schedule or a look-back), from every sentence outside the background;
    a length still to come ("CT is planned 3 months after the procedure") only for a protocol
    (``planned``)."""
    stated: list[tuple[_Duration, Mention]] = []
    for u in scan.cues("_time_unit"):
        if u.sentence < 0:
            continue
        sentence = scan.sentences[u.sentence]
        if sentence.role == "keywords" or (
                sentence.role == "registry") != (scan.kind == "registration"):
            continue
        if sentence.role == "background" and scan.stance(u) != "study":
            continue  # (but "We report 200 patients followed for as long as nine years" in an
            # introduction speaks of this study)
        if sentence.role in ("objective", "abstract") and scan.stance(u) == "background":
            continue  # "for almost 20 years the question has stayed unsettled"
        if not planned and sentence.role in ("results", "conclusions") and (
                scan.stance(u) == "future"):
            continue  # "a CT is planned 3 months after the procedure": not yet followed
        span = _number_span(sentence, u)
        if span is not None and span[0] > 0:
            upper = _range_after(sentence, u)  # "4.5 years (range 2 to 7)": up to 7 years
            longest = max(span[0], upper or 0)
            stated.append((_Duration(_months(longest, u.value), u.sentence, span[1], u.j), u))
    if not stated:
        return None
    context: dict[int, list[Mention]] = {}
    for m in scan.cues("_duration_context"):
        context.setdefault(m.sentence, []).append(m)
    for duration, unit in sorted(stated, key=lambda s: -s[0].months):  # longest first
        sentence = scan.sentences[duration.sentence]
        near = context.get(duration.sentence, [])
        if _excluded(sentence, near, duration.i, unit):
            continue
        if sentence.role == "title" and _titled_period(sentence, near, duration) and any(
                d.sentence != duration.sentence for d, _ in stated):
            continue  # "outcomes over nine years" of a series the abstract followed for one
        # "symptoms had lasted 54 months (range: 1-300 months)": the range is the history's too
        before = [(d, u) for d, u in stated if d.sentence == duration.sentence
                  and u.j <= duration.i and duration.i - u.j <= _AGE_RANGE_REACH]
        if before:
            prior, prior_unit = max(before, key=lambda s: s[1].j)
            starts = sentence.tokens.starts
            between = sentence.text[starts[prior_unit.j - 1]:starts[duration.i]]
            if ("range" in sentence.tokens.norms[prior_unit.j:duration.i]
                    or between.count("(") > between.count(")")) and _excluded(
                        sentence, near, prior.i, prior_unit):
                continue
        return duration
    return None


def _titled_period(sentence: Sentence, context: list[Mention], d: _Duration) -> bool:
    """A title's span with no follow-up word ("outcomes over nine years"): the years the
    series ran, which the abstract's own lengths tell apart."""
    norms = sentence.tokens.norms
    return (d.i > 0 and norms[d.i - 1] in _PERIOD_WORDS
            and not any(m.value == "followup" for m in context))


def _range_after(sentence: Sentence, unit: Mention) -> float | None:
    """The upper end of a range that follows a length without a unit of its own ("4.5 years
    (range 2 to 7)", "38 months (range: 24-60)"): in the length's unit."""
    if unit.j >= len(sentence.tokens.norms) or sentence.tokens.norms[unit.j] != "range":
        return None
    m = _RANGE_AFTER.match(sentence.text, sentence.tokens.ends[unit.j - 1])
    if m is None:
        return None
    upper = float(m.group(1))
    return upper if _a_length(upper, unit.value) else None


def _number_span(sentence: Sentence, unit: Mention) -> tuple[float, int] | None:
    """(largest number, first token) of the numbers stated with a unit: "12 months",
    "1, 3, 6 and 12 months", "four to six years", "15.6 months", "month 12", "months 6 and 12"."""
    norms, text = sentence.tokens.norms, sentence.text
    starts, ends = sentence.tokens.starts, sentence.tokens.ends
    values: list[float] = []
    lo = unit.i
    k = unit.i - 1
    after_spread = False  # the last number read is a mean before a "±"
    while k >= 0:
        word = norms[k]
        gap = text[ends[k]:starts[k + 1]].strip()
        if word in _RANGE_WORDS or word in _APPROXIMATELY:
            k -= 1
            continue
        if word in _OR_MORE and k > 0 and norms[k - 1] == "or" and k + 1 == lo:
            k -= 2  # "15 or more months": at least 15
            continue
        value = _number_of(word)
        if value is None or gap not in _NUMBER_GAPS:
            break
        if k > 0 and _unit_of(norms[k - 1]) is not None:
            break  # "week 72 and week 96": 72 is the first week's
        if (gap == "." and k + 1 == lo and (k + 2 == unit.i or after_spread) and values
                and word.isdigit() and norms[k + 1].isdigit()):
            # 15.6: two tokens, before the unit or before a "±" ("25.3 ± 6.1 months")
            values[-1] = float(f"{word}.{norms[k + 1]}")
            after_spread = False
        elif gap in _SPREAD and k + 1 == lo and values:
            values[-1] = value  # "14 ± 5 months": the mean, not its standard deviation
            after_spread = True
        elif gap == ".":
            break
        else:
            values.append(value)
            after_spread = False
        lo = k
        k -= 1
    if not values:  # "month 12", "at months 6 and 12": the unit first, then its numbers, with
        # nothing but a space, a comma or a dash between them ("month 3 (64.2 vs 51.8)" is month
        # 3; "[SD, 9.4] years; 73 women" has no number of its own after the unit)
        k = unit.j
        while k < len(norms) and text[ends[k - 1]:starts[k]].strip() in _AFTER_UNIT_GAPS:
            value = _number_of(norms[k])
            if value is not None and norms[k] != "a":
                values.append(value)
            elif norms[k] not in _RANGE_WORDS:
                break
            k += 1
    values = [v for v in values if _a_length(v, unit.value)]
    return (max(values), lo) if values else None


def _age_range(sentence: Sentence, context: list[Mention], lo: int) -> bool:
    """The length is the range (or parenthesis) of an age stated just before it: the nearest
    context cue before it is an age, a few tokens back, with "range" or an open parenthesis
    between ("mean age 50 years (range, 18-79 years)", "aged 61 years (SD 9; 44-79 years)")."""
    before = [m for m in context if m.j <= lo and m.value in ("age", "followup")]
    if not before:
        return False
    nearest = max(before, key=lambda m: m.j)
    if nearest.value != "age" or lo - nearest.j > _AGE_RANGE_REACH:
        return False
    starts = sentence.tokens.starts
    between = sentence.text[starts[nearest.j] if nearest.j < len(starts) else 0:starts[lo]]
    return ("range" in sentence.tokens.norms[nearest.j:lo]
            or between.count("(") + between.count("[") > between.count(")") + between.count("]"))


_SPACING: Final = frozenset(("interval", "intervals", "apart"))
# words just after a length that make it an age ("40 years old", "18 years and older", "18 years
# of age", "65 years or younger")
_AGE_AFTER: Final = frozenset(("old", "older", "younger", "age"))
_BEFORE: Final = frozenset(("before", "prior", "preceding"))


# words after a length that put it after the treatment ("24 months afterwards")
_AFTERWARDS: Final = frozenset(("afterwards", "afterward", "after", "later", "postoperatively",
                                "postoperative", "posttreatment", "postinjection"))


def _excluded(sentence: Sentence, context: list[Mention], lo: int, unit: Mention) -> bool:
    """A length that is an age, the history of the condition, a dosing schedule, a look-back or
    an administrative term (registration, approval, funding)."""
    first, last = _comma_span(sentence, lo, unit.j)
    near = [m for m in context if first <= m.i < last]
    kinds = {m.value for m in near}
    norms = sentence.tokens.norms
    after = norms[unit.j] if unit.j < len(norms) else ""
    if not _AGE_AFTER.isdisjoint(norms[unit.j:unit.j + 3]) or any(
            m.value == "age" and (lo - 3 <= m.j <= lo or m.i <= lo < m.j) for m in context):
        return True  # (across a comma, or inside the age: "patients (mean, 41 years)")
    if after in _SPACING:
        return True  # "injections at 3-month intervals": how often, not for how long
    if "calendar" in kinds:
        return True  # "enrolment and follow-up took 3 years": when the study ran
    if after in _BEFORE:
        return True  # "up to 45 days before treatment": a time before, never a follow-up
    if "followup" not in kinds and any(m.value == "age" and m.j <= lo for m in near):
        return True  # "the median age was 44 years (range 30-58 years)": an age's range
    if "followup" not in kinds and _age_range(sentence, context, lo):
        return True  # "Mean age was 50 years (range, 18-79 years)": the range is the age's too
    if kinds & {"lookback", "term", "practice"} and "followup" not in kinds and not (
            after in _AFTERWARDS and kinds <= {"lookback"}):
        return True  # (but "before surgery and 3, 6 and 24 months afterwards" looks forward)
    if after == "period" and "followup" not in kinds and {m.value for m in context} & {
            "recruitment", "history"}:
        return True  # "over a 10-year period, 45 patients were treated": when they came
    if _PERIOD_WORDS.intersection(norms[max(0, lo - 4):lo]) and {m.value for m in context} & {
            "recruitment", "history"} and all(m.value != "followup" for m in context):
        return True  # "Over 20 months, 410 patients were screened": a recruitment period
    if kinds & {"history", "regimen"} and "followup" not in kinds:
        return not (lo > 0 and norms[lo - 1] in ("at", "by", "until"))
    return False
