"""Study design, population and level of evidence, each with the evidence that decided it.

The design comes from the decision procedure in ``study_design.yaml`` (compiled into
``evidence.study_design.StudyDesign``): ordered questions, the first answered "yes" decides, and the
design tag records that step, the field and the text. This module implements the tests the steps
name (``TESTS``) and the population and level that follow from the design. Levels follow
shared/docs/domain.md; registrations, protocols, editorials, notices and retracted papers have no
level (a retracted paper keeps its design).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Final

from evidence.own_study import OwnStudy
from evidence.study_design import Step, StudyDesign
from evidence.text import DocScan, Mention

LEVELS: dict[str, int | None] = {
    "systematic_review": 1,
    "rct": 2,
    "non_randomized_controlled": 3,
    "cohort": 3,  # prospective or retrospective: two groups compared
    "case_control": 4,
    "case_series": 4,
    "case_report": 4,
    "preclinical_animal": 5,
    "in_vitro": 5,
    "narrative_review": 5,
    "guideline": 5,
    "protocol": None,
    "editorial": None,
    "other": None,
}
DESIGNS: Final = tuple(LEVELS)
POPULATIONS: Final = ("human", "animal", "in_vitro", "unknown")
NO_DESIGN_CUE: Final = "no design cue"

_REVIEWS: Final = {"systematic_review", "narrative_review"}
_REVIEW_TYPES: Final = frozenset(
    ("review", "scoping review", "review-article", "systematic review", "meta-analysis")
)
_HUMAN_DESIGNS: Final = {
    "rct", "non_randomized_controlled", "cohort", "case_control", "case_series", "case_report",
    "protocol",
}
# design words whose plural names a class of other studies ("RCTs are needed")
_PLURAL_SENSITIVE: Final = {
    "rct", "non_randomized_controlled", "cohort", "case_control", "case_report", "guideline",
}
# words between two design names of one list ("in vivo studies, systematic reviews and RCTs")
_LISTED_WITHIN: Final = 3
# designs of a primary study: said in a sentence about other studies, they are those studies'
_PRIMARY_DESIGNS: Final = _PLURAL_SENSITIVE | {"case_series"}
# the order in which fields are trusted to say what a study is
_ROLE_ORDER: Final = {
    "title": 0, "objective": 1, "methods": 2, "abstract": 3, "mesh": 4, "results": 5,
    "conclusions": 6, "registry": 7, "keywords": 8, "background": 9,
}
_PRIMARY_ROLES: Final = frozenset(
    ("title", "objective", "methods", "abstract", "results", "conclusions", "mesh")
)
_SCOPE_ROLES: Final = frozenset(("title", "objective", "methods", "results"))
# where a review may name itself: a background section too ("BACKGROUND: We review ...")
_REVIEW_ROLES: Final = (_PRIMARY_ROLES - {"mesh"}) | {"background"}
_COMPARISON_ROLES: Final = frozenset(("title", "objective", "methods", "abstract", "results"))
# in a results section, only words naming groups compare treatments ("1.9% vs 1.4%" does not)
_RESULTS_ARMS: Final = frozenset(("control group", "control groups", "control arm", "controls",
                           "placebo", "sham", "comparison group", "comparator group"))
# non-randomized cues that name a comparison themselves
_COMPARED_BY_NAME: Final = ("control", "allocat", "preference", "alternat", "quasi")
# case_series cues that name patients' records ("medical records", "chart review")
_RECORD_WORDS: Final = ("record", "chart", "retrospectiv")
# case_series cues by which authors say that no group was compared
_SINGLE_ARM: Final = frozenset(("single arm", "single group", "uncontrolled"))
_DOSE_LEVELS: Final = frozenset(("low", "lower", "medium", "middle", "mid", "intermediate",
                                 "high", "higher"))
# animal words that make every "patient" of the abstract an animal (people are not spayed)
_VETERINARY: Final = frozenset(("client owned", "client-owned", "veterinary", "neutered",
                                "spayed", "castrated", "intact male", "intact female"))
# people words that name a role animals can take too ("rabbits were the donors")
_ROLE_WORDS: Final = frozenset(("donors", "donor", "recipients", "recipient"))
# steps whose studies ask people (their population is human)
_ASKS_PEOPLE: Final = frozenset(("survey_text",))
# words of a sentence told by a survey's respondents (what they had received is their history)
_RESPONDENTS: Final = frozenset(("respondents", "respondent", "responses", "surveyed"))
# what an action word says when somebody was given a treatment
_TREATED: Final = ("treat", "inject", "receiv", "underw", "implant", "transplant", "operat",
                   "randomi", "allocat", "assign")
# names of one database ("PubMed/MEDLINE" is one search, not two)
_DATABASE_ALIASES: Final = {"medline": "pubmed"}
_BASELINE_WINDOW: Final = 5  # tokens after a comparison word within which "baseline" voids it
_BASELINE_BEFORE: Final = 3  # ... and before it ("baseline scores were compared with")


@dataclass(frozen=True, init=False)
class Decision:
    value: Any
    field: str
    matched_text: str
    step: str = ""  # the decision procedure step that decided (design only)

    # (an explicit __init__, init=False: a compiled build makes these ten times faster than through
    # the generated one, which runs as interpreted Python)
    def __init__(self, value: Any, field: str, matched_text: str, step: str = "") -> None:
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "matched_text", matched_text)
        object.__setattr__(self, "step", step)


@dataclass(frozen=True, init=False)
class DesignResult:
    design: Decision
    population: Decision
    evidence_level: Decision
    retracted: bool
    retracted_by: Decision | None = None

    def __init__(self, design: Decision, population: Decision, evidence_level: Decision,
                 retracted: bool, retracted_by: Decision | None = None) -> None:
        object.__setattr__(self, "design", design)  # (explicit: see Decision)
        object.__setattr__(self, "population", population)
        object.__setattr__(self, "evidence_level", evidence_level)
        object.__setattr__(self, "retracted", retracted)
        object.__setattr__(self, "retracted_by", retracted_by)


def is_retracted(doc: dict[str, Any]) -> Decision | None:
    for ptype in doc.get("publication_types") or []:
        if str(ptype).strip().lower() == "retracted publication":
            return Decision(True, "publication_types", str(ptype))
    for cc in doc.get("comments_corrections") or []:
        if (cc.get("type") or "").lower() == "retractionin":
            return Decision(True, "comments_corrections", f"RetractionIn {cc.get('pmid') or ''}")
    return None


def classify(doc: dict[str, Any], scan: DocScan, procedure: StudyDesign | None) -> DesignResult:
    """Design, population and level of one document (``scan`` from ``scan_document``)."""
    if procedure is None:
        raise ValueError("no study-design procedure: load the vocabulary with "
                         "db.evidence_files.load_vocabulary (it reads study_design.yaml)")
    facts = Facts(doc, scan, procedure)
    design = decide(facts, procedure)
    retracted = is_retracted(doc)
    if scan.kind == "registration":
        population = Decision("human", "registry:study_type", "ClinicalTrials.gov registration")
        level = Decision(None, "kind", "registration: planned or ongoing research, not evidence")
        return DesignResult(design, population, level, False)
    population = _population(design.value, facts, design.step)
    if retracted:
        level = Decision(None, retracted.field, f"retracted: {retracted.matched_text}")
    elif design.value == "systematic_review" and population.value in ("animal", "in_vitro"):
        # level 1 is a review of controlled clinical studies; one of animal or laboratory work
        # is preclinical evidence
        level = Decision(5, population.field, f"review of preclinical work: "
                                              f"{population.matched_text}")
    else:
        level = Decision(LEVELS[design.value], design.field, design.matched_text)
    return DesignResult(design, population, level, retracted is not None, retracted)


def decide(facts: Facts, procedure: StudyDesign) -> Decision:
    """Ask the procedure's steps in order; the first test met decides."""
    ptypes, present = set(facts.ptypes), facts.cue_keys()
    for step in procedure.steps:
        # the common "no": a publication type or a cue the document does not have at all
        if step.publication_types and ptypes.isdisjoint(step.publication_types):
            continue
        if step.needs and present.isdisjoint(step.needs):
            continue
        found = TESTS[step.test](facts, step)
        if found is not None:
            return Decision(found.value, found.field, found.matched_text, step.note)
    return Decision("other", "abstract", NO_DESIGN_CUE)


# publication types of original research: beside "Letter" or "Review" they say the article
# reports data of its own
_STUDY_PTYPES: Final = (
    "clinical trial", "randomized controlled trial", "controlled clinical trial",
    "multicenter study", "observational study", "comparative study", "case reports",
    "clinical study", "pragmatic clinical trial", "equivalence trial",
)


def requirements(test: str, cue: str | None) -> frozenset[tuple[str, str | None]]:
    """The cues (facet, value or None: any value) of which a step's test needs one to answer
    "yes"; a step whose test reads a ``cue`` needs that cue too. Empty: no need."""
    needs = set(_NEEDS.get(test, ()))
    if cue is not None:
        needs.add(("_design", cue))
    return frozenset(needs)


class Facts:
    """What the tests read about one document, computed once and when first asked."""

    def __init__(self, doc: dict[str, Any], scan: DocScan, procedure: StudyDesign) -> None:
        self.doc = doc
        self.scan = scan
        self.own = OwnStudy(scan, procedure)
        self.ptypes = {str(p).strip().lower(): str(p) for p in doc.get("publication_types") or []}
        self._cache: dict[str, Any] = {}
        self._design: dict[str, list[Mention]] = {}
        for m in scan.cues("_design"):
            self._design.setdefault(m.value, []).append(m)
        choice = {(m.sentence, m.i) for m in self._design.get("non_randomized_controlled", ())}
        if choice and any((m.sentence, m.j) in choice for m in self._design.get("rct", ())):
            # "randomized by patient choice": the authors use the word for a choice, so none
            # of their "randomized" tells chance
            del self._design["rct"]

    def cue_keys(self) -> set[tuple[str, str | None]]:
        """(facet, value) and (facet, None) of every cue the steps' requirements name."""
        keys: set[tuple[str, str | None]] = set()
        for facet in _REQUIRED_FACETS:
            values = {(facet, m.value) for m in self.scan.cues(facet)}
            if values:
                keys |= values
                keys.add((facet, None))
        return keys

    def design_cues(self, value: str, roles: Collection[str] | None = None, *,
                    own_study: bool = False, allow_modal: bool = False) -> list[Mention]:
        """``_design`` cues of one value, most trusted field first."""
        found = self._design.get(value)
        if not found:
            return []
        out = []
        for m in found:
            if roles is not None and m.role not in roles:
                continue
            if value == "narrative_review" and self._reviews_records(m.sentence):
                continue  # "we reviewed the charts of 31 patients": a chart review
            if value == "narrative_review" and self._grounded(m):
                continue  # "From these results we propose a mechanism": drawn from its data
            if value == "other" and self._registers_itself(m):
                continue  # "registered in the Chinese Clinical Trial Registry": its own trial
            # a review that names itself in a background section ("BACKGROUND: We review ...")
            named = value in _REVIEWS and m.role == "background" and self.own.names_itself(m)
            if self.own.in_background(m) and not named:
                continue
            if own_study:
                if value == "systematic_review" and self._among_designs(m):
                    continue  # "... experimental studies, systematic reviews and RCTs": read
                if not self.own.describes(m, plural_sensitive=value in _PLURAL_SENSITIVE,
                                          allow_modal=allow_modal, in_background=named):
                    continue
                if m.role == "conclusions" and m.sentence not in self.own.self_sentences:
                    continue  # "This randomized trial shows ..." but not "An RCT may ..."
                if value in _PRIMARY_DESIGNS and (
                        (m.sentence not in self.own.self_sentences
                         and self.own.other_studies_sentence(m.sentence))
                        or (m.role == "abstract" and not self.own.speaks_of_itself())):
                    # "the studies were small and uncontrolled": other studies' design; so is
                    # every design word of an essay that never speaks of a study of its own
                    continue
            elif m.sentence >= 0 and any(a <= m.i < b for a, b in
                                         self.scan.sentences[m.sentence].scopes):
                continue
            out.append(m)
        if len(out) > 1:
            out.sort(key=lambda m: _ROLE_ORDER.get(m.role, 9))
        return out

    def _registers_itself(self, m: Mention) -> bool:
        """A registry word ("trial registry", "trial registration") in a sentence that tells
        where the study itself was registered ("registered at", "registration number"), or
        that is a label ("Trial registration: NCT..."): the study's own registration, not a
        study of registrations."""
        if m.sentence < 0 or "regist" not in m.matched_text.lower():
            return False
        sentence = self.scan.sentences[m.sentence]
        if sentence.text[sentence.tokens.ends[m.j - 1]:].lstrip().startswith(":"):
            return True  # a label run into the text: "Trial registration: ChiCTR-IPR-..."
        return any(o.sentence == m.sentence for o in self._design.get("own_registration", ()))

    def _among_designs(self, m: Mention) -> bool:
        """A plural ("systematic reviews", "meta-analyses") listed with other designs: kinds of
        literature a review takes in, not what this study is."""
        if m.sentence < 0 or not self.own.plural(m):
            return False
        return any(o.sentence == m.sentence and o.value != m.value
                   and abs((o.i - m.j) if o.i >= m.j else (m.i - o.j)) <= _LISTED_WITHIN
                   for o in self.scan.cues("_design"))

    def _reviews_records(self, k: int) -> bool:
        """The sentence names patients' records ("charts", "medical records", "a retrospective
        review"): what it reviews are cases, not the literature."""
        return k >= 0 and any(
            m.sentence == k
            for value in ("records", "case_series") for m in self._design.get(value, ())
            if value == "records" or any(w in m.matched_text.lower() for w in _RECORD_WORDS))

    def subjects(self, kind: str) -> list[Mention]:
        """People ("human") or animals ("animal") this study is about, not sources of cells."""
        if kind not in self._cache:
            out = []
            for m in self.scan.cues("_population", kind):
                if m.role in ("keywords", "registry") or (kind == "human" and m.role == "mesh"):
                    continue
                if not self.own.describes(m) or self.own.is_source(m):
                    continue
                if m.role == "abstract" and not self.own.speaks_of_itself():
                    continue  # an essay's people and animals are its topic's, not subjects
                if kind == "human" and (self._after_species(m) or self._before_species(m)
                                        or self._species_role(m)):
                    continue  # "canine patients", "forty-eight adult male Wistar rats"
                if self.scan.a_likeness(m):
                    continue  # "an in vivo-like environment", "patient-like": a likeness
                if kind == "animal" and self._laboratory_model(m):
                    continue  # "an in vitro disc degeneration model": cells in a dish
                out.append(m)
            self._cache[kind] = sorted(out, key=lambda m: _ROLE_ORDER.get(m.role, 9))
        result: list[Mention] = self._cache[kind]
        return result

    def _grounded(self, m: Mention) -> bool:
        """The sentence grounds ``m`` in the article's own results ("From these results we
        propose ..."): see ``grounded`` in the YAML file."""
        if m.sentence < 0:
            return False
        norms = self.scan.sentences[m.sentence].tokens.norms[:m.i]
        return any(tuple(norms[k:k + len(p)]) == p
                   for p in self.own.words.get("grounded", frozenset())
                   for k in range(len(norms) - len(p) + 1))

    def participants(self) -> list[Mention]:
        """People who took part: counted, acted on ("were treated"), or in methods or results
        (not "a therapy for patients" in a laboratory or animal study's conclusion)."""
        if "participants" not in self._cache:
            own = self.own
            case = {m.sentence for m in self.design_cues("case_report", _COMPARISON_ROLES,
                                                        own_study=True)}
            self._cache["participants"] = [
                m for m in self.subjects("human")
                if m.role in ("methods", "results") or own.count_before(m) is not None
                or own.has_action(m.sentence) or m.sentence in case
            ]
        result: list[Mention] = self._cache["participants"]
        return result

    def _species_role(self, m: Mention) -> bool:
        """A role word whose clause opens on a species ("Rabbits were both the donors and the
        recipients"): the animals' role, not people."""
        if m.sentence < 0 or m.matched_text.lower() not in _ROLE_WORDS:
            return False
        breaks = self.scan.sentences[m.sentence].breaks
        return any(a.sentence == m.sentence and a.j <= m.i and not any(breaks[a.j:m.i + 1])
                   for a in self.scan.cues("_population", "animal"))

    def _laboratory_model(self, m: Mention) -> bool:
        """An animal-model word told of laboratory work ("an in vitro disc degeneration model"),
        or in an abstract whose models are a dish and an organ culture and which names no work
        in vivo ("the degeneration models" again); not "cultured in vitro, and 30 rats ..."."""
        if m.sentence < 0 or "model" not in m.matched_text.lower():
            return False
        before = self.scan.sentences[m.sentence].tokens.norms[max(0, m.i - 3):m.i]
        return "vitro" in before or "culture" in before or self.own.ex_vivo_only()

    def _after_species(self, m: Mention) -> bool:
        if "species_ends" not in self._cache:
            self._cache["species_ends"] = {(a.sentence, a.j)
                                           for a in self.scan.cues("_population", "animal")}
        ends = self._cache["species_ends"]
        return (m.sentence, m.i) in ends or (m.sentence, m.i - 1) in ends

    def _before_species(self, m: Mention) -> bool:
        """A people word that describes the animals after it ("adult male Wistar rats",
        "adults rats"): only such descriptors between."""
        if m.sentence < 0:
            return False
        norms = self.scan.sentences[m.sentence].tokens.norms
        return any(a.sentence == m.sentence and m.j <= a.i <= m.j + 3
                   and _ANIMAL_DESCRIPTORS.issuperset(norms[m.j:a.i])
                   for a in self.scan.cues("_population", "animal"))

    def own_data(self) -> bool:
        """Does the abstract report data of its own? People or animals with two of: a count, an
        action ("were randomized", "we treated"), "we", the title; one described case; or
        laboratory work done by "we"."""
        if "own_data" not in self._cache:
            own = self.own
            # an article that calls itself a review ("this review", "we discuss") quotes other
            # studies' subjects in the third person: its own are "we"'s
            # ... and the sentence in which it names itself ("We give an overview of ... in
            # vitro and in vivo") names its topic, not its own subjects or laboratory work
            review_sentences = {m.sentence for m in self.design_cues(
                "narrative_review", _SCOPE_ROLES | {"abstract", "background"}, own_study=True)
                if own.names_itself(m)}
            self._cache["own_data"] = any(
                m.sentence >= 0
                and (own.has_action(m.sentence) + own.first_person(m.sentence)
                     + (own.count_before(m) is not None) + (m.role == "title")) >= 2
                and not own.other_studies_sentence(m.sentence)
                and not own.cited_sentence(m.sentence)
                and (not review_sentences or own.first_person(m.sentence))
                and (m.sentence not in review_sentences or own.count_before(m) is not None)
                for m in self.subjects("human") + self.subjects("animal")
            ) or bool(self.design_cues("case_report", _COMPARISON_ROLES, own_study=True)) or any(
                # its own groups named and counted ("group A (n = 79)"): no review does that
                s.role != "background" and _NAMED_GROUP_COUNT.search(s.text)
                and not own.other_studies_sentence(k) and not own.cited_sentence(k)
                for k, s in enumerate(self.scan.sentences)
            ) or any(
                m.sentence >= 0 and own.first_person(m.sentence) and own.describes(m)
                and m.sentence not in review_sentences
                for m in self.scan.cues("_population", "in_vitro")
            )  # laboratory work "we" did ("we cultured ...")
        return bool(self._cache["own_data"])

    def largest_count(self) -> int | None:
        counts = [c for m in self.subjects("human")
                  if not self.own.other_studies_sentence(m.sentence)
                  for c in [self.own.count_before(m)] if c is not None]
        return max(counts) if counts else None

    def review_signal(self) -> Mention | str | None:
        """A review publication type, a review cue about this article, or "review" in the title."""
        for ptype in _REVIEW_TYPES:
            if ptype in self.ptypes:
                return self.ptypes[ptype]
        cue = self.design_cues("narrative_review", own_study=True)
        if cue:
            return cue[0]
        title = self.design_cues("review_word", {"title"})
        return title[0] if title else None


def _decision(step: Step, m: Mention, text: str | None = None) -> Decision:
    return Decision(step.design, m.field, text or m.matched_text)


# ---- the tests the steps name ------------------------------------------------------------------
_ONE_PATIENT_RE: Final = re.compile(
    r"\b(?:one|a single|an? individual|a sole)\s+(?:individual\s+)?(?:patient|person|man|woman|"
    r"child)\b(?!\s+(?:non[-\s]?emergency|emergency|expanded|access|protocols?|programs?|"
    r"programmes?))", re.IGNORECASE)
_COMPARATOR_ARMS: Final = frozenset((
    "NO_INTERVENTION", "PLACEBO_COMPARATOR", "SHAM_COMPARATOR", "ACTIVE_COMPARATOR",
))


def _registration(f: Facts, step: Step) -> Decision | None:
    if f.scan.kind != "registration":
        return None
    reg = f.doc.get("registry") or {}
    study_type = (reg.get("study_type") or "").upper()
    allocation = (reg.get("allocation") or "").upper()
    model = (reg.get("intervention_model") or "").upper()
    obs = (reg.get("observational_model") or "").upper()
    if study_type == "OBSERVATIONAL":
        if obs == "CASE_CONTROL":
            return Decision("case_control", "registry:observational_model", obs)
        if obs in ("COHORT", "ECOLOGIC_OR_COMMUNITY", "FAMILY_BASED"):
            return Decision("cohort", "registry:observational_model", obs)
        if obs in ("CASE_ONLY", "CASE_CROSSOVER"):
            return Decision("case_series", "registry:observational_model", obs)
        arms = reg.get("arm_groups") or []
        if not obs and len(arms) == 1 and (arms[0] or {}).get("interventions"):
            # no model recorded, one group given a product: a series followed after it
            return Decision("case_series", "registry:arm_groups", "one group given an intervention")
        return Decision("other", "registry:study_type", study_type)
    if allocation == "RANDOMIZED":
        return Decision("rct", "registry:allocation", allocation)
    if allocation == "NON_RANDOMIZED":
        if model == "SINGLE_GROUP":
            return Decision("case_series", "registry:intervention_model", model)
        return Decision("non_randomized_controlled", "registry:allocation", allocation)
    if model == "SINGLE_GROUP" or allocation == "NA":
        return Decision("case_series", "registry:intervention_model", model or allocation)
    # no allocation recorded: a comparator arm ("NO_INTERVENTION", "PLACEBO_COMPARATOR")
    # still makes a controlled study, whose allocation cannot be called random
    for arm in reg.get("arm_groups") or []:
        arm_type = str((arm or {}).get("type") or "").upper()
        if arm_type in _COMPARATOR_ARMS:
            return Decision("non_randomized_controlled", "registry:arm_groups", arm_type)
    if study_type == "EXPANDED_ACCESS":
        # a product given outside a trial, with no comparison: a protocol for one patient is a
        # case report, one for several patients a case series
        summary = str(f.doc.get("abstract") or "")
        one = _ONE_PATIENT_RE.search(summary)
        if one is not None:
            return Decision("case_report", "registry:brief_summary", one.group(0))
        return Decision("case_series", "registry:study_type", study_type)
    if not allocation and model in _GROUP_MODELS:
        # groups side by side with no allocation recorded: random only if the summary says so
        told = _registry_told_design(f)
        if told is not None and told.value == "rct":
            return told
        if len(reg.get("arm_groups") or []) == 1:
            # a group model over the one arm listed: no group to compare with
            return Decision("case_series", "registry:arm_groups", f"{model}, one arm listed")
        return Decision("non_randomized_controlled", "registry:intervention_model", model)
    if not allocation and not model:  # nothing recorded: what the summary says of its groups
        told = _registry_told_design(f)
        if told is not None:
            return told
        given = {frozenset(word for i in (arm or {}).get("interventions") or []
                           for word in _DOSE_WORDS_RE.sub(" ", str(i).lower()).split())
                 for arm in reg.get("arm_groups") or []}
        if len(given - {frozenset()}) > 1:
            # groups given different products side by side (not doses of one: the same
            # intervention in every arm is a dose-ranging series)
            return Decision("non_randomized_controlled", "registry:arm_groups",
                            "groups given different interventions")
    return Decision("case_series", "registry:study_type", study_type or "unspecified")


# what tells the arms of a dose-ranging series apart ("Alocyte low dose", "Cells 2 x 10^7"):
# not a different product
_DOSE_WORDS_RE: Final = re.compile(
    r"\b(?:low|lower|lowest|medium|middle|mid|intermediate|high|higher|highest|dose|doses|dosage"
    r"|dosing|level|cohort|group|arm|single|double|repeat|repeated|million|billion|cells?|mg|ml"
    r"|kg|x)\b|[\d.,^×/+*()\[\]-]+")


_FILTERING: Final = frozenset(("filter", "filters", "filtered", "only"))
_ARM_SELF_REACH: Final = 16  # words from "this study" to the arm word of its clause
_GROUP_MODELS: Final = ("PARALLEL", "CROSSOVER", "FACTORIAL")
_REGISTRY_PROSE: Final = ("registry:brief_summary", "registry:detailed_description")
_TOLD_ARMS: Final = ("control group", "control groups", "control arm", "comparison group",
                     "placebo", "sham", "saline group")


def _registry_told_design(f: Facts) -> Decision | None:
    """A registration that records no allocation nor model, whose summary says how its groups
    were formed: at random ("randomly assigned") or not ("a treatment group and a control
    group")."""
    for m in f.design_cues("rct", {"registry"}, own_study=True):
        if m.field in _REGISTRY_PROSE:
            return Decision("rct", m.field, m.matched_text)
    for m in f.scan.cues("_comparison", "arms"):
        if (m.field in _REGISTRY_PROSE and m.matched_text.lower() in _TOLD_ARMS
                and f.own.describes(m)):
            return Decision("non_randomized_controlled", m.field, m.matched_text)
    return None


def _publication_type(f: Facts, step: Step) -> Decision | None:
    for ptype in step.publication_types:
        if ptype in f.ptypes:
            return Decision(step.design, "publication_types", f.ptypes[ptype])
    return None


def _publication_type_one_patient(f: Facts, step: Step) -> Decision | None:
    """The type, unless the text counts more than two participants: PubMed indexes small series
    as case reports too ("ten patients received ..."); a report of two patients stays one."""
    found = _publication_type(f, step)
    if found is None or f.design_cues("case_report", _COMPARISON_ROLES, own_study=True):
        return found  # "we report a case" beside "one of 300 patients treated": one patient
    largest = f.largest_count()
    return found if largest is None or largest <= 2 else None


def _publication_type_without_own_data(f: Facts, step: Step) -> Decision | None:
    found = _publication_type(f, step)
    if found is None or any(p.startswith(_STUDY_PTYPES) for p in f.ptypes):
        return None  # a Letter also indexed as a clinical trial reports that trial's data
    return None if f.own_data() or _own_cases_named(f) else found


def _trial_with_comparison(f: Facts, step: Step) -> Decision | None:
    """Groups compared in what the title or a sentence about this study calls a trial ("a
    3-year clinical trial", "this phase I/IIa trial had a matched control group"): the
    investigators gave the treatments, not at random (the randomized steps come first)."""
    found = _comparison(f, step)
    if found is None:
        return None
    own = f.own.self_sentences
    for k, sentence in enumerate(f.scan.sentences):
        if sentence.role != "title" and (k not in own or sentence.role == "background"):
            continue
        tokens, text = sentence.tokens, sentence.text
        for i, norm in enumerate(tokens.norms):
            if norm == "trial" and text[tokens.starts[i]:tokens.ends[i]].lower() == "trial":
                return Decision(step.design, found.field, found.matched_text)  # (not "trials")
    return None


def _publication_type_with_comparison(f: Facts, step: Step) -> Decision | None:
    """The type, and groups compared: indexed as a comparative study too, or found in the text
    (the randomized steps come first: what is left was not allocated at random)."""
    found = _publication_type(f, step)
    if found is None:
        return None
    if "comparative study" in f.ptypes:
        return Decision(step.design, "publication_types",
                        f"{found.matched_text}; {f.ptypes['comparative study']}")
    return found if _comparison(f, step) is not None else None


def _step_cues(f: Facts, step: Step) -> list[Mention]:
    """The step's cue as its roles and ``own_study`` allow, most trusted field first."""
    assert step.cue is not None  # checked when the procedure was compiled
    roles = step.roles if step.roles is not None else _PRIMARY_ROLES
    return f.design_cues(step.cue, roles, own_study=step.own_study)


def _cue(f: Facts, step: Step) -> Decision | None:
    found = _step_cues(f, step)
    return _decision(step, found[0]) if found else None


def _cue_with_comparison(f: Facts, step: Step) -> Decision | None:
    """The cue, and a group compared: "not randomized" alone may describe a single group ("the
    study was not randomized"), "non-randomized controlled" or "patient preference" do not."""
    assert step.cue is not None
    roles = step.roles if step.roles is not None else _PRIMARY_ROLES
    found = f.design_cues(step.cue, roles, own_study=step.own_study)
    if not found or _retrospective(f):
        return None  # a retrospective comparison allocated nothing: a cohort (a later step)
    if not any("random" in m.matched_text.lower() for m in found) and f.design_cues(
            "rct", roles, own_study=True):
        return None  # "enrolled and assigned at random": allocated, and at random (a later step)
    named = [m for m in found if any(w in m.matched_text.lower() for w in _COMPARED_BY_NAME)]
    if named:
        return _decision(step, named[0])
    return _decision(step, found[0]) if _comparison(f, step) is not None else None


def _retrospective(f: Facts) -> bool:
    """The authors call their own study retrospective ("a non-randomized, retrospective
    comparative study") or observational ("a prospective comparative observational study"):
    the groups were treated as care decided, not allocated by the investigators."""
    return any(m.matched_text.lower().startswith(("retrospective", "observational"))
               for cue in ("case_series", "cohort")
               for m in f.design_cues(cue, _PRIMARY_ROLES, own_study=True))


def _cue_without_own_data(f: Facts, step: Step) -> Decision | None:
    found = _cue(f, step)
    return None if found is None or f.own_data() else found


def _cue_without_participants(f: Facts, step: Step) -> Decision | None:
    """The cue, and no people counted or acted on in the methods: the people a study of
    websites, videos or registrations names ("patients spoke of improvements", "sites said
    how many patients had been treated") are what its units say, not its participants."""
    found = _cue(f, step)
    if found is None:
        return None
    own = f.own
    if any(own.count_before(m) is not None or (m.role == "methods" and own.has_action(m.sentence))
           for m in f.participants()):
        return None
    return found


def _cue_without_treatment(f: Facts, step: Step) -> Decision | None:
    """The cue, and nobody is said to be treated ("received", "were injected", "underwent"),
    and no questionnaire of it is a named outcome instrument ("scored with self-administered
    questionnaires: the VAS, WOMAC and KOOS")."""
    found = _cue(f, step)
    if found is None:
        return None
    instruments = {m.sentence for m in f.scan.tags("outcome") if not m.generic}
    if found.field != "title" and all(m.sentence in instruments for m in _step_cues(f, step)):
        return None
    if any(f.own.count_before(m) is not None for m in f.subjects("animal")):
        return None  # "seven dogs that lack deep pain perception": counted animals, no survey
    for m in f.scan.cues("_action"):
        if (m.role in _COMPARISON_ROLES and not f.own.in_background(m)
                and any(w in m.matched_text.lower() for w in _TREATED)
                and _RESPONDENTS.isdisjoint(f.scan.sentences[m.sentence].tokens.norms)
                and not _before_the_study(f, m)):
            # (what respondents said they had received is their history, not a treatment)
            return None
    return found


def _before_the_study(f: Facts, m: Mention) -> bool:
    """A treatment in the perfect ("had received", "having undergone"): a history the people
    asked bring with them."""
    norms = f.scan.sentences[m.sentence].tokens.norms
    return m.i > 0 and norms[m.i - 1] in _PERFECT


_PERFECT: Final = frozenset(("had", "having", "have", "has", "ever", "previously"))


def _protocol(f: Facts, step: Step) -> Decision | None:
    """A protocol in the title, or planned methods ("will be randomized") and no results yet
    (results told in the future tense are none)."""
    title = f.design_cues("protocol", {"title"})
    if title:
        return _decision(step, title[0])
    planned = f.design_cues("planned", {"objective", "methods", "abstract"})
    if not planned or any(s.role == "results" and "will" not in s.tokens.norms
                          for s in f.scan.sentences):
        return None  # (a review protocol's "RESULTS: the review will pool ...": none yet)
    return _decision(step, planned[0])


def _explicitly_narrative(f: Facts) -> bool:
    """The authors call it a narrative or scoping review, or a critical review (a review that
    judges the literature without a systematic method), unless they also call it systematic."""
    named = [m.matched_text.lower() for m in f.design_cues(
        "narrative_review", {"title", "objective", "methods", "abstract", "background"},
        own_study=True)]
    if any("narrative" in t or "scoping" in t for t in named):
        return True
    return "critical review" in named and not f.design_cues(
        "systematic_review", _REVIEW_ROLES, own_study=True)


# how a review names itself without calling itself systematic ("for this review we gathered
# articles from PubMed, Scopus and Google Scholar"): databases alone then are only its sources
_PLAIN_REVIEW: Final = frozenset(("this review", "in this review", "the present review"))


def _plainly_a_review(f: Facts) -> bool:
    return any(m.matched_text.lower() in _PLAIN_REVIEW
               for m in f.design_cues("narrative_review", _REVIEW_ROLES, own_study=True))


def _systematic_review(f: Facts, step: Step) -> Decision | None:
    """Calls itself systematic, or a review that describes a systematic search."""
    if _explicitly_narrative(f):
        return None  # the authors' own word: a narrative review, whatever its search
    stated = [m for m in f.design_cues("systematic_review", _REVIEW_ROLES, own_study=True)
              if not _added_review(f, m)]
    if stated:
        return _decision(step, stated[0])
    if _own_cases_named(f):
        return None  # "a case series and a review of the literature": its own cases decide
    search = [m for m in f.scan.cues("_search") if not f.own.in_background(m)]
    if not search:
        return None
    own = f.own
    review_method = next((m for m in search if m.value == "review_method"
                          and not own.cited_sentence(m.sentence)), None)
    if review_method is not None:  # "following PRISMA", "a funnel plot"
        return _decision(step, review_method)
    method = next((m for m in search if m.value == "systematic"
                   and not _appraisal_finding(f, m) and not _expository(f, m)), None)
    databases = [m for m in search if m.value == "database"]
    if method is not None and databases:  # "a systematic search of PubMed"
        return _decision(step, method)
    synthesis = next((m for m in search if m.value == "systematic" and m.sentence >= 0
                      and not _appraisal_finding(f, m) and not _expository(f, m)
                      and own.other_studies_sentence(m.sentence)
                      and (not own.cited_sentence(m.sentence) or _its_inclusion(m))), None)
    if synthesis is not None:  # "twelve trials were pooled"
        return _decision(step, synthesis)
    if f.review_signal() is None:
        return None
    if method is not None:
        return _decision(step, method)
    overview = {m.sentence for m in f.design_cues("narrative_review", _REVIEW_ROLES,
                                                  own_study=True)}
    if len({_DATABASE_ALIASES.get(m.matched_text.lower(), m.matched_text.lower())
            for m in databases}) >= 2 and not _plainly_a_review(f) and not any(
                m.sentence in overview for m in databases):
        # (not "we searched PubMed and Google Scholar to give an overview": a narrative
        # review's sources, its aim told in the same sentence)
        return _decision(step, databases[0], "searched " + ", ".join(m.matched_text for m in
                                                                      databases[:4]))
    return None


def _its_inclusion(m: Mention) -> bool:
    """"... reported by the included systematic reviews": what "included" names is what this
    article gathered, whatever literature the sentence otherwise cites."""
    return m.matched_text.lower().startswith("included")


def _added_review(f: Facts, m: Mention) -> bool:
    """A review the study did besides its own patients ("The open-label study enrolled 37
    patients ... We also carried out a systematic review of the safety of ..."): its counted
    participants make it a primary study."""
    if m.sentence < 0 or m.role == "title":
        return False
    norms = f.scan.sentences[m.sentence].tokens.norms
    return "also" in norms[max(0, m.i - 4):m.i] and any(
        f.own.count_before(p) is not None for p in f.participants())


def _expository(f: Facts, m: Mention) -> bool:
    """``m`` is "systematically" beside a verb of writing ("this review systematically
    summarizes ...", "looks systematically at"): how the text is written, not a search."""
    if m.sentence < 0 or m.j - m.i != 1:
        return False
    norms = f.scan.sentences[m.sentence].tokens.norms
    if norms[m.i] != "systematically":
        return False
    writing = f.own.words.get("exposition", frozenset())
    return any((w,) in writing for w in norms[max(0, m.i - 2) : m.i] + norms[m.j : m.j + 2])


# an appraisal is a method only where it is done ("risk of bias was assessed with RoB 2"); "most
# studies are small and at high risk of bias" is a judgement any review (or commentary) makes
_APPRAISALS: Final = ("risk of bias", "quality")
_APPRAISAL_ACTS: Final = ("assess", "apprais", "evaluat", "rated", "rating", "tool", "scale",
                          "checklist", "grade", "judged", "using", "with the")


def _appraisal_finding(f: Facts, m: Mention) -> bool:
    """``m`` (a systematic-review method) names an appraisal that its sentence does not do."""
    if m.sentence < 0 or not any(w in m.matched_text.lower() for w in _APPRAISALS):
        return False
    text = f.scan.sentences[m.sentence].text.lower()
    return not any(w in text for w in _APPRAISAL_ACTS)


def _guideline(f: Facts, step: Step) -> Decision | None:
    """Recommendations by a panel: a guideline or consensus in the title, or its process named."""
    title = f.design_cues("guideline", {"title"}, own_study=True, allow_modal=True)
    if not title and not (f.design_cues("review_word", {"title"})
                          or f.design_cues("narrative_review", {"title"})):
        # (a review's title may promise recommendations: "a critical review of the literature
        # with recommendations" is still a review)
        title = f.design_cues("recommendation", {"title"})
    if title:
        return _decision(step, title[0])
    stated = f.design_cues("guideline", {"objective", "methods", "abstract"}, own_study=True,
                           allow_modal=True)  # guidelines say what "should" be done
    return _decision(step, stated[0]) if stated else None


# a group of the study named by a letter or number and counted: "group A (n = 79)", "Group II
# (n=12)"
_NAMED_GROUP_COUNT: Final = re.compile(
    r"\bgroups?\s+(?:[A-D]|I{1,3}|IV|[1-4])\s*\(\s*n\s*=\s*\d+", re.IGNORECASE)


def _review(f: Facts, step: Step) -> Decision | None:
    found = (f.design_cues("narrative_review", _REVIEW_ROLES, own_study=True)
             or f.design_cues("review_word", {"title"}))
    if not found or f.own_data() or _own_cases_named(f) or "case reports" in f.ptypes:
        # (a case report that also reviews the literature: "we describe meningitis in a patient
        # ... and we review how it is managed")
        return None
    return _decision(step, found[0])


def _own_cases_named(f: Facts) -> bool:
    """The title or aim names a case series or case report of the article's own ("a review and
    a case series", "literature review and presentation of a case series"): the cases are its
    own data, which a later step reads."""
    return any("case" in m.matched_text.lower()
               for cue in ("case_series", "case_report")
               for m in f.design_cues(cue, _TITLE_OR_AIM, own_study=True))


_TITLE_OR_AIM: Final = frozenset(("title", "objective"))


_SPECIES_NEUTRAL: Final = frozenset(("case", "cases"))


def _animal_subjects(f: Facts, step: Step) -> Decision | None:
    """Animals are the subjects, and the people named (if any) are not the study's subjects."""
    animals = f.subjects("animal")
    if not animals:
        return None
    if _titled_in_vitro(f, animals):
        return None  # "... in vitro": the rats named in its abstract gave the cells
    # an age alone ("a 5-year-old female ...") names no species: not a person; nor does "case"
    # ("gait improved in 5 cases" of a study of dogs)
    humans = [m for m in f.participants() if not f.own.age_only(m)
              and m.matched_text.lower() not in _SPECIES_NEUTRAL]
    own = f.own
    veterinary = any(m.matched_text.lower() in _VETERINARY for m in animals)
    counted_animal = any(own.count_before(m) is not None for m in animals)
    counted_human = any(own.count_before(m) is not None for m in humans)
    if (
        not humans
        or veterinary
        or animals[0].role == "title"
        or (counted_animal and not counted_human)
        or (not counted_human and animals[0].role in ("objective", "methods", "mesh")
            and humans[0].role != "title")
    ):
        return _decision(step, animals[0])
    return None


def _names_culture(f: Facts, m: Mention) -> bool:
    """The laboratory word is "in vitro" or one of tissue kept alive outside the body (the
    `ex_vivo` words: "organotypic spinal cord slice cultures")."""
    if m.sentence < 0:
        return False
    norms = f.scan.sentences[m.sentence].tokens.norms[m.i:m.j]
    return "vitro" in norms or tuple(norms) in f.own.words.get("ex_vivo", frozenset())


def _titled_in_vitro(f: Facts, animals: list[Mention]) -> bool:
    """The title calls the work in vitro and names no animal or in vivo work, and no animals
    are counted as subjects ("cells from rats ... in vitro", not "in vitro and in 12 rats")."""
    if not any(m.role == "title" and _names_culture(f, m)
               for m in f.scan.cues("_population", "in_vitro")):
        return False
    # (a count of the species' tissue is no count of animals: "40 bovine tail discs")
    return not any((m.role == "title" or f.own.count_before(m) is not None)
                   and not _names_tissue(f, m) for m in animals)


def _names_tissue(f: Facts, m: Mention) -> bool:
    """The species word qualifies a tissue (`titled_tissue` words: "... onto rat intervertebral
    discs: an in vitro study", "cells in intervertebral discs of rats: in vitro study"): the
    tissue's source, not an animal studied."""
    norms = f.scan.sentences[m.sentence].tokens.norms if m.sentence >= 0 else []
    tissue = f.own.words.get("titled_tissue", frozenset())
    return (m.j < len(norms) and (norms[m.j],) in tissue) or (
        m.i >= 2 and norms[m.i - 1] in ("of", "from") and (norms[m.i - 2],) in tissue)


def _laboratory_only(f: Facts, step: Step) -> Decision | None:
    """Cells, tissue or materials worked on in the laboratory, and no participants."""
    # "MSCs prepared by culture expansion": how a product is made, not laboratory work
    making = {(m.sentence, k) for m in f.scan.tags("processing")
              if m.value == "culture_expanded" and not m.generic for k in range(m.i, m.j)}
    for value in ("in_vitro", "lab_method"):
        found = [m for m in f.scan.cues("_population", value)
                 if m.role not in ("keywords", "registry") and f.own.describes(m)
                 and not f.scan.after_bare_be(m) and (m.sentence, m.i) not in making]
        if found and value == "lab_method" and not (
                f.scan.cues("_self") or any(m.role in ("title", "methods", "results")
                                            for m in found)):
            # a method word in prose that never speaks of its own work ("products of cells
            # differentiated from embryonic stem cells") is a topic, not laboratory work
            continue
        if found:
            if f.participants():
                return None
            return _decision(step, min(found, key=lambda m: _ROLE_ORDER.get(m.role, 9)))
    return None


def _case_report(f: Facts, step: Step) -> Decision | None:
    """One patient: a case-report cue, and no count of more than one participant; or two, where
    the record calls itself case reports ("report of two cases", "two case reports")."""
    found = f.design_cues("case_report", _COMPARISON_ROLES, own_study=True) or [
        # "...: two case reports" (a plural that counts the article's own cases, not a class
        # of studies)
        m for m in f.design_cues("case_report", {"title"})
        if m.i > 0 and f.scan.sentences[m.sentence].tokens.norms[m.i - 1] in _TWO]
    if not found:
        return None
    largest = f.largest_count()
    named = any(_CASE_REPORT_RE.search(m.matched_text) for m in found)
    return (_decision(step, found[0])
            if largest is None or largest <= (_NAMED_CASES if named else 1) else None)


# how many patients a record that calls itself a case report may tell of, and what it calls
# itself so
_NAMED_CASES: Final = 2
_TWO: Final = frozenset(("two", "2"))
_CASE_REPORT_RE: Final = re.compile(r"(?i)\bcase[\s-]+(?:reports?|stud(?:y|ies))\b")


def _comparison(f: Facts, step: Step) -> Decision | None:
    """Two or more treatment groups compared: one arm word, or two weaker group signals."""
    arms: list[Mention] = []
    groups: list[Mention] = []
    strata = False
    # "its effect in subgroups (cervical vs. thoracolumbar, subacute vs. chronic)": a "versus"
    # after a strata word compares strata, not treatments
    strata_at = {m.sentence: m.j for m in f.scan.cues("_comparison", "strata")}
    for m in f.scan.cues("_comparison"):
        if m.role == "background":
            # "BACKGROUND: ... this prospective study compared A with B": the study names
            # itself in a background section (an arm word may come late in that clause: "this
            # study compared the fusion rates of X with rhBMP-2 against those with Y")
            if not f.own.names_itself(m, _ARM_SELF_REACH if m.value == "arms" else 0) and not (
                    # "We retrospectively assessed two cohorts, treated with or without BMA":
                    # what "we" did, in a later clause of its sentence
                    m.value == "arms" and f.own.first_person(m.sentence)
                    and f.scan.stance(m) not in ("prior", "future")
                    and not f.own.cited_sentence(m.sentence)):
                continue
        elif m.role not in _COMPARISON_ROLES or not f.own.describes(m):
            continue
        if m.role == "abstract" and not _describes_what_was_done(f, m.sentence) and not (
                "group" in m.matched_text.lower() and f.own.speaks_of_itself()
                and (m.value == "groups" or m.matched_text.lower() in _CONTROL_GROUPS)
                ) and not _compared_as_done(f, m) and not _this_study_compares(f, m):
            # "Compared with surgery, cells are less invasive": no group compared; but "both
            # groups", "group II" in an abstract that speaks of its own study name its groups,
            # and "outcomes were compared with those of ..." tells what was done
            continue
        if m.value == "strata":
            strata = True
        elif m.value in ("arms", "groups") and not _before_after(f, m) and not _by_a_measure(f, m):
            if m.value == "arms" and _weak_arm(f, m):
                continue
            if m.matched_text.lower() in _VERSUS and strata_at.get(m.sentence, m.i + 1) <= m.i:
                strata = True
                continue
            (arms if m.value == "arms" else groups).append(m)
    for m in f.design_cues("cohort", _COMPARISON_ROLES, own_study=True):
        text = m.matched_text.lower()
        if any(w in text for w in ("compar", "propensity", "matched", "historical")):
            arms.append(m)  # a comparative or matched cohort has a comparison by definition
    if arms:
        best = min(arms, key=lambda m: _ROLE_ORDER.get(m.role, 9))
        return _decision(step, best)
    if strata:
        return None  # strata of one treated series compared, not treatments
    if _declared_single_arm(f):
        return None  # "a single-arm trial" whose dose groups are compared: one treated series
    if _dose_levels(f) >= 2:
        return None  # "low dose (n=10) and high dose (n=10)": one product at two doses
    signals = len(groups) + _sentences_with_two_groups(f)
    if signals >= 2 and groups:
        return _decision(step, min(groups, key=lambda m: _ROLE_ORDER.get(m.role, 9)))
    return None


def _dose_levels(f: Facts) -> int:
    """How many dose levels the methods and results name as groups ("low dose", "high-dose
    group"): groups that differ only in how much of one product they had."""
    levels: set[str] = set()
    for s in f.scan.sentences:
        if s.role in ("methods", "abstract", "results"):
            norms = s.tokens.norms
            levels.update(norms[k] for k in range(len(norms) - 1)
                          if norms[k] in _DOSE_LEVELS and norms[k + 1] in ("dose", "dosage"))
    return len(levels)


def _declared_single_arm(f: Facts) -> bool:
    """The authors call their study single-arm, single-group or uncontrolled."""
    return any(m.matched_text.lower().replace("-", " ") in _SINGLE_ARM
               for m in f.design_cues("case_series", _PRIMARY_ROLES, own_study=True))


# a control group named by an abstract that speaks of its own study ("a control group that did
# not have surgery was part of the design")
_CONTROL_GROUPS: Final = frozenset(("control group", "control groups", "comparison group",
                                    "comparator group"))


def _compared_as_done(f: Facts, m: Mention) -> bool:
    """"... were compared (retrospectively) with ...": a passive comparison in the past, what
    this study did (not "compared with surgery, cells are ...", a contrast of therapies)."""
    if m.sentence < 0 or m.value != "arms" or not m.matched_text.lower().startswith("compared"):
        return False
    norms = f.scan.sentences[m.sentence].tokens.norms
    return m.i > 0 and norms[m.i - 1] in ("were", "was")


# how a sentence opens when it states this study's own aim ("This study assessed ...", "The
# present study compared ...", "We ..."; not "This group is compared with ...")
_STUDY_NOUNS: Final = frozenset(("study", "trial", "work", "investigation", "analysis"))


def _this_study_compares(f: Facts, m: Mention) -> bool:
    """"This study assessed X, compared with autograft": the aim of this study sets X against
    another treatment (not "Compared with surgery, cells are less invasive")."""
    if m.sentence < 0 or m.value != "arms" or f.scan.stance(m) in ("prior", "future"):
        return False
    norms = f.scan.sentences[m.sentence].tokens.norms
    opening = norms[:3]
    return ("we" in opening or any(norms[k] in ("this", "present") and norms[k + 1] in _STUDY_NOUNS
                                   for k in range(min(3, len(norms) - 1)))) and (
        m.matched_text.lower().startswith("compar") or m.matched_text.lower() in _VERSUS)


def _describes_what_was_done(f: Facts, k: int) -> bool:
    """An unstructured abstract's sentence about this study's groups: people or an action."""
    own = f.own
    return own.has_action(k) or any(m.sentence == k for m in f.subjects("human"))


def _before_after(f: Facts, m: Mention) -> bool:
    """"compared with baseline", "versus preoperative values", "baseline scores were compared
    with the latest": a change, not a comparison."""
    return any(c.sentence == m.sentence and (m.j <= c.i <= m.j + _BASELINE_WINDOW
                                             or m.i - _BASELINE_BEFORE <= c.i < m.i)
               for c in f.scan.cues("_comparison", "baseline"))


def _by_a_measure(f: Facts, m: Mention) -> bool:
    """"pain before and after surgery was compared with the visual analog scale": the comparison
    word's object is the instrument that measured a change, not another group ("the groups
    were compared for fusion rates", "to compare fusion rates after A or B" compare groups on
    a measure)."""
    if m.sentence < 0:
        return False
    norms = f.scan.sentences[m.sentence].tokens.norms
    if norms[m.j - 1] in _INSTRUMENT_LINKS:  # "compared with the VAS"
        lo = m.j
    elif m.j < len(norms) and norms[m.j] in _INSTRUMENT_LINKS:  # "compared by the ODI"
        lo = m.j + 1
    else:
        return False  # "compared fusion rates", "compared for fusion rates": groups compared
    return any(t.sentence == m.sentence and lo <= t.i <= lo + 1
               for t in f.scan.tags("outcome"))


_INSTRUMENT_LINKS: Final = frozenset(("with", "using", "by", "on", "via", "through"))
_VERSUS: Final = frozenset(("vs", "vs.", "versus"))


def _weak_arm(f: Facts, m: Mention) -> bool:
    """"pain control" (not "controls"), "7.2 vs 3.1", and results' "versus" are no arms."""
    text = m.matched_text.lower()
    if text == "control":
        return True
    if m.role == "results" and text not in _RESULTS_ARMS:
        return True
    if text in _VERSUS and m.sentence >= 0:
        norms = f.scan.sentences[m.sentence].tokens.norms
        before = norms[m.i - 1] if m.i > 0 else ""
        after = norms[m.j] if m.j < len(norms) else ""
        return before.isdigit() or after.isdigit()
    return False


def _sentences_with_two_groups(f: Facts) -> int:
    """Methods sentences giving two group sizes ("(N = 27) or ... (N = 19)"), and methods or
    results sentences naming two groups by what they had ("54 had surgery only (surgery group)
    and 43 had surgery with cells (cell group)")."""
    count = 0
    products: set[tuple[int, int]] | None = None
    for idx, s in enumerate(f.scan.sentences):
        if s.role not in ("methods", "abstract", "results"):
            continue
        norms = s.tokens.norms
        if s.role != "results" and norms.count("n") >= 2 and sum(
                1 for k in range(len(norms) - 1)
                if norms[k] == "n" and norms[k + 1].isdigit()) >= 2:
            count += 1
        elif norms.count("group") >= 2:
            named = {k for k in range(1, len(norms)) if norms[k] == "group"
                     and norms[k - 1].isalpha() and norms[k - 1] not in _NOT_GROUP_NAMES}
            # one of them named by the product given ("the SVF group"), not only groups of a
            # trait ("the cervical group and the thoracolumbar group")
            if len({norms[k - 1] for k in named}) < 2:
                continue
            if products is None:
                products = {(m.sentence, m.j) for m in f.scan.tags("cell_type")}
            count += any((idx, k) in products for k in named)
    return count


# words before "group" that name no treatment ("each group", "the age group", "responder group")
_NOT_GROUP_NAMES: Final = frozenset((
    "each", "both", "two", "three", "four", "the", "a", "one", "either", "this", "that", "whole",
    "same", "entire", "study", "age", "other", "per", "total", "overall", "responder",
    "nonresponder", "responders", "nonresponders", "non", "subgroup", "risk",
))


def _single_group(f: Facts, step: Step) -> Decision | None:
    found = (f.design_cues("case_series", _PRIMARY_ROLES, own_study=True)
             or f.design_cues("cohort", _PRIMARY_ROLES, own_study=True))
    if found:
        return _decision(step, found[0])
    people = f.participants() or _subjects_after_opening(f, "human")
    return _decision(step, people[0]) if people else None


def _subjects_after_opening(f: Facts, kind: str) -> list[Mention]:
    """Subjects named after an unstructured abstract's opening sentence, which states the topic
    ("a disorder that affects 80 % of people"), not who was studied."""
    opening = next((k for k, s in enumerate(f.scan.sentences) if s.role == "abstract"), -1)
    if opening >= 0 and not f.own.speaks_of_itself():
        return []  # no sentence is about this study: the people named are the topic's
    return [m for m in f.subjects(kind) if m.sentence != opening]


def _no_abstract(f: Facts, step: Step) -> Decision | None:
    if f.doc.get("abstract") or f.doc.get("abstract_sections"):
        return None
    return Decision(step.design, "abstract", "no abstract")


def _no_own_data(f: Facts, step: Step) -> Decision | None:
    """An abstract that reports no data of its own and named no design: an overview of a topic
    (a review that does not call itself one: "Exosomes: a new strategy for disc repair")."""
    if (f.own_data() or f.participants() or _subjects_after_opening(f, "human")
            or _subjects_after_opening(f, "animal")
            or any(s.role in ("methods", "results") for s in f.scan.sentences)):
        return None
    return Decision(step.design, "abstract", "no participants, animals or laboratory work")


def _always(f: Facts, step: Step) -> Decision | None:
    return Decision(step.design, "abstract", NO_DESIGN_CUE)


# the cues without which a test cannot answer "yes" (a quick "no" for most documents); a step
# whose test reads a `cue` needs that cue too
_NEEDS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "protocol": (("_design", "protocol"), ("_design", "planned")),
    "systematic_review": (("_design", "systematic_review"), ("_search", None)),
    "guideline": (("_design", "guideline"), ("_design", "recommendation")),
    "review": (("_design", "narrative_review"), ("_design", "review_word")),
    "animal_subjects": (("_population", "animal"),),
    "laboratory_only": (("_population", "in_vitro"), ("_population", "lab_method")),
    "case_report": (("_design", "case_report"),),
    "comparison": (("_comparison", None), ("_design", "cohort")),
}

_REQUIRED_FACETS: Final = ("_design", "_population", "_comparison", "_search")

TESTS: dict[str, Callable[[Facts, Step], Decision | None]] = {
    "registration": _registration,
    "publication_type": _publication_type,
    "publication_type_without_own_data": _publication_type_without_own_data,
    "publication_type_with_comparison": _publication_type_with_comparison,
    "cue": _cue,
    "publication_type_one_patient": _publication_type_one_patient,
    "cue_with_comparison": _cue_with_comparison,
    "cue_without_own_data": _cue_without_own_data,
    "cue_without_participants": _cue_without_participants,
    "cue_without_treatment": _cue_without_treatment,
    "protocol": _protocol,
    "systematic_review": _systematic_review,
    "guideline": _guideline,
    "review": _review,
    "animal_subjects": _animal_subjects,
    "laboratory_only": _laboratory_only,
    "case_report": _case_report,
    "comparison": _comparison,
    "trial_with_comparison": _trial_with_comparison,
    "single_group": _single_group,
    "no_abstract": _no_abstract,
    "no_own_data": _no_own_data,
    "always": _always,
}


# ---- population --------------------------------------------------------------------------------
def _population(design: str, f: Facts, step: str = "") -> Decision:
    if step.partition(":")[0] in _ASKS_PEOPLE:
        # a survey or interview study asks people, whether or not anybody is treated
        return Decision("human", "design", step)
    if design in ("editorial", "other"):
        return Decision("unknown", "design", design)
    if design in _REVIEWS:
        return _review_population(design, f)
    if design == "guideline":
        return Decision("human", "design", "guideline: recommendations for patients")
    if design == "preclinical_animal":
        animals = f.subjects("animal")
        m = animals[0] if animals else None
        return Decision("animal", m.field if m else "design", m.matched_text if m else design)
    if design == "in_vitro":
        found = [m for m in f.scan.cues("_population", "in_vitro")
                 if f.own.describes(m) and not f.scan.after_bare_be(m)]
        m = found[0] if found else None
        return Decision("in_vitro", m.field if m else "design", m.matched_text if m else design)
    people = f.subjects("human") if design not in _HUMAN_DESIGNS else [
        m for m in f.scan.cues("_population", "human") if m.role not in ("background", "mesh")]
    if people:  # (a human design needs no proof that its people are participants)
        best = min(people, key=lambda m: _ROLE_ORDER.get(m.role, 9))
        return Decision("human", best.field, best.matched_text)
    if design in _HUMAN_DESIGNS:
        return Decision("human", "design", design)
    return Decision("unknown", "design", design)


def _review_population(design: str, f: Facts) -> Decision:
    """The population a review's scope covers: what it searched, included or says it reviews.

    Clinical evidence only -> human; animal studies only -> animal; mixed, laboratory work or
    not stated -> unknown. Preclinical findings reported anywhere outside an explicit background
    section (a sentence naming in vitro or animal work without clinical work, or a sentence of
    its own naming both) make it mixed.
    """
    own = f.own
    restricted = _restricted_to_humans(f)
    if restricted is not None:
        return Decision("human", restricted.field, f"search limited to: {restricted.matched_text}")
    scope = {m.sentence for value in ("narrative_review", "systematic_review", "review_word")
             for m in f.scan.cues("_design", value) if m.sentence >= 0}
    scope |= {m.sentence for m in f.scan.cues("_search") if m.sentence >= 0}
    scope |= {k for k, s in enumerate(f.scan.sentences) if s.role in _SCOPE_ROLES
              or (s.role == "abstract" and "included" in s.tokens.norms)}  # what it included
    scope = {k for k in scope if k not in own.background and not _excludes(f, k)}
    clinical: list[Mention] = []
    preclinical: list[Mention] = []
    animal_only = True
    by_sentence: dict[int, set[str]] = {}
    animal_trials = _animal_aim(f)
    for m in f.scan.cues("_population"):
        if m.sentence < 0 or m.role in ("background", "keywords") or _excludes(f, m.sentence):
            continue
        if any(a <= m.i < b for a, b in f.scan.sentences[m.sentence].scopes):
            continue
        if f.scan.stance(m) == "future":  # "... what future trials should measure": not its scope
            continue
        if f.scan.a_likeness(m):
            continue  # "an in vivo-like environment"
        if m.value == "clinical_scope" and _translation_goal(f, m):
            continue  # "... before animal findings are translated into clinical use": a goal
        if (m.value == "clinical_scope" and (_species_before(f, m) or (
                animal_trials and "trial" in m.matched_text.lower()))) or (
                m.value == "human" and f._after_species(m)):  # "canine patients" are animals
            kind = "preclinical"  # "animal trials enrolling 235 rats", "canine clinical trials"
        else:
            kind = ("clinical" if m.value in ("clinical_scope", "human") else
                    "preclinical" if m.value in ("preclinical_scope", "animal") else
                    "preclinical" if m.value == "in_vitro" and "vitro" in m.matched_text.lower()
                    else "")  # "culture-expanded cells" are a clinical product too
        if not kind or (m.value in ("human", "animal") and own.is_source(m)):
            continue
        by_sentence.setdefault(m.sentence, set()).add(kind)
        if m.sentence in scope:
            (clinical if kind == "clinical" else preclinical).append(m)
            if kind == "preclinical" and "vitro" in m.matched_text.lower():
                animal_only = False  # laboratory work too
    # (and a sentence of its own that names both: "each section covers the key preclinical
    # and patient trials"; not "despite many preclinical and clinical studies, ...")
    findings = [k for k, kinds in by_sentence.items() if kinds == {"preclinical"} or (
        "preclinical" in kinds and f.scan.sentences[k].stance == "study")]
    included = [k for k in by_sentence if "included" in f.scan.sentences[k].tokens.norms]
    if included and animal_only and all(by_sentence[k] == {"preclinical"} for k in included):
        # "Twenty-four animal studies were included" (and "no human trial met the criteria"):
        # what it included is its scope, whatever its aim's words ("controlled studies")
        named = [m for m in f.scan.cues("_population") if m.sentence in included
                 and (m.value == "animal" or "anim" in m.matched_text.lower())]
        if named:
            return Decision("animal", named[0].field, named[0].matched_text)
    if clinical and not preclinical and not findings:
        return Decision("human", clinical[0].field, clinical[0].matched_text)
    if animal_only and not clinical and any(m.value == "animal" or "anim" in m.matched_text.lower()
                                            or _names_models(f, m) for m in preclinical):
        return Decision("animal", preclinical[0].field, preclinical[0].matched_text)
    if preclinical or clinical:
        first = (preclinical or clinical)[0]
        return Decision("unknown", first.field, f"mixed scope: {first.matched_text}")
    if findings:
        sentence = f.scan.sentences[findings[0]]
        animals = [m for m in f.scan.cues("_population") if m.sentence in findings
                   and (m.value == "animal" or "anim" in m.matched_text.lower())]
        named = f.scan.cues("_population")
        if animals and all(kinds == {"preclinical"} for kinds in by_sentence.values()) and not any(
                "vitro" in m.matched_text.lower() or m.value in ("human", "clinical_scope")
                for m in named if m.sentence >= 0):
            # the work it surveys was all done in animals ("... recovery in experimental
            # animals"), and it names no patients nor laboratory work: an animal scope
            return Decision("animal", animals[0].field, animals[0].matched_text)
        return Decision("unknown", sentence.field, f"preclinical work: {sentence.text[:80]}")
    if design == "systematic_review":
        people = [m for m in f.scan.cues("_population", "human")
                  if m.role not in ("background", "keywords") and not own.in_background(m)]
        if people:
            return Decision("human", people[0].field, people[0].matched_text)
    if design == "narrative_review":
        surveyed = _surveyed_evidence(f)
        if surveyed is not None:
            return surveyed
    return Decision("unknown", "design", f"{design}: scope not stated")


_BENCH_OR_ANIMAL: Final = ("animal", "in_vitro", "lab_method", "preclinical_scope")


def _surveyed_evidence(f: Facts) -> Decision | None:
    """A narrative review that never states its scope surveys the evidence its unstructured
    body names after the opening sentence ("cells have been tested in small clinical series and
    a few randomized trials"): clinical evidence only -> human, animal work only -> animal."""
    kinds: dict[str, Mention] = {}
    if any(not m.negated and (value != "in_vitro" or "vitro" in m.matched_text.lower())
           for value in _BENCH_OR_ANIMAL for m in f.scan.cues("_population", value)):
        # laboratory or animal work named anywhere ("cultured MSCs" are a clinical product
        # too): a scope it does not state
        return None
    for m in f.scan.cues("_population"):
        if m.value not in ("clinical_scope", "preclinical_scope") or m.sentence < 1:
            continue
        if m.role != "abstract" or _excludes(f, m.sentence) or f.scan.stance(m) == "future":
            continue
        if any(a <= m.i < b for a, b in f.scan.sentences[m.sentence].scopes):
            continue  # negated or contrasted
        if m.value == "clinical_scope" and (_translation_goal(f, m) or _species_before(f, m)):
            kinds.setdefault("preclinical", m)
            continue
        kinds.setdefault("clinical" if m.value == "clinical_scope" else "preclinical", m)
    if set(kinds) == {"clinical"}:
        m = kinds["clinical"]
        return Decision("human", m.field, f"surveyed: {m.matched_text}")
    return None


_RESTRICTING: Final = frozenset(
    ("limited", "limit", "limiting", "restricted", "restrict", "restricting", "confined")
)


def _restricted_to_humans(f: Facts) -> Mention | None:
    """A review that says it limited its search or inclusion to people ("filters limited the
    search to studies in humans", "inclusion was restricted to human participants") covers
    human evidence, whatever animal work its introduction names; so does one that searched for
    studies "in human subjects" or "of humans"."""
    searched = {m.sentence for m in f.scan.cues("_search") if m.sentence >= 0}
    for m in f.scan.cues("_population"):
        if m.value not in ("human", "clinical_scope") or m.sentence < 0 or m.role in (
                "background", "keywords", "mesh", "title"):
            continue
        norms = f.scan.sentences[m.sentence].tokens.norms
        window = norms[max(0, m.i - 8) : m.i]
        # "limited (the search) to ...", not "clinical evidence is limited: nine trials"
        if not any(w in _RESTRICTING and "to" in window[k + 1 :] for k, w in enumerate(window)
                   ) and not ((m.sentence in searched or not _FILTERING.isdisjoint(window))
                              and "human" in m.matched_text.lower()):
            continue  # ("filters kept studies with human participants" restricts too)
        if _excludes(f, m.sentence) or any(
                a.sentence == m.sentence and a.value in ("animal", "preclinical_scope", "in_vitro")
                for a in f.scan.cues("_population")):
            continue
        return m
    return None


def _names_models(f: Facts, m: Mention) -> bool:
    """"preclinical models (of spinal cord injury)": disease models are animals."""
    norms = f.scan.sentences[m.sentence].tokens.norms
    return m.j < len(norms) and norms[m.j] == "model"


def _translation_goal(f: Facts, m: Mention) -> bool:
    """A clinical word that is where findings should go ("translated into clinical use",
    "findings in animals fail to carry over to clinical use", "transferred to the clinic", "to
    guide later animal experiments and clinical studies", "to inform clinical practice")."""
    norms = f.scan.sentences[m.sentence].tokens.norms
    return any(w.startswith(_TOWARD_THE_CLINIC) for w in norms[max(0, m.i - 4) : m.i])


_TOWARD_THE_CLINIC: Final = ("transl", "transf", "carry", "carri", "bedside", "toward", "guid",
                              "inform", "later", "subsequent", "futur")


def _species_before(f: Facts, m: Mention) -> bool:
    """The mention follows an animal word ("animal trials", "canine clinical studies"), or its
    clause names the animals it was done in ("clinical studies of cell grafts for cord injury in
    dogs") and no people."""
    animals = [a for a in f.scan.cues("_population", "animal") if a.sentence == m.sentence]
    if any(a.j == m.i for a in animals):
        return True
    norms = f.scan.sentences[m.sentence].tokens.norms
    breaks = f.scan.sentences[m.sentence].breaks
    return any(
        m.j < a.i <= m.j + _SPECIES_AFTER and norms[a.i - 1] == "in"
        and not any(breaks[m.j:a.i]) for a in animals) and not any(
        h.sentence == m.sentence for h in f.scan.cues("_population", "human"))


_SPECIES_AFTER: Final = 12  # words from "clinical studies" to the "in dogs" that ends its clause


def _animal_aim(f: Facts) -> bool:
    """The title or aim names animals as the subjects and no people or clinical work ("... in
    rats with cord transection: a meta-analysis"): the trials such a review pools were done in
    animals ("six randomized controlled trials were included")."""
    aim = [m for m in f.scan.cues("_population") if m.role in _TITLE_OR_AIM]
    return any(m.value == "animal" for m in aim) and not any(
        m.value in ("human", "clinical_scope") for m in aim) and not any(
        m.role not in ("background", "keywords") for m in f.scan.cues("_population", "human")
    ) and not any(  # ("... compared between humans and animal models")
        s.role in _TITLE_OR_AIM and not _PEOPLE_WORDS.isdisjoint(s.tokens.norms)
        for s in f.scan.sentences)


_ANIMAL_DESCRIPTORS: Final = frozenset((
    "male", "female", "healthy", "young", "aged", "adult", "mature", "skeletally", "immature",
    "inbred", "outbred", "intact", "pregnant", "old", "juvenile", "nude", "athymic"))
_PEOPLE_WORDS: Final = frozenset(("human", "humans", "patient", "patients", "people", "clinical"))


def _excludes(f: Facts, k: int) -> bool:
    """A sentence about what a review excluded says nothing about its scope."""
    text = f.scan.sentences[k].text
    return "xclu" in text or "XCLU" in text
