"""The study-design decision procedure (``study_design.yaml``, data) as checked, ordered steps.

``evidence.design`` asks the steps in order; the first whose test is met decides the design and is
recorded on the design tag. This module only validates and holds them: reading the file is
``db.evidence_files.load_vocabulary``'s job (the file's ``cues`` join the vocabulary's pseudo
facets there, so one scan finds them with the tags).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

_STEP_KEYS = {"id", "ask", "test", "design", "publication_types", "cue", "roles", "own_study"}
# the word lists the tests read around a cue (see ``words`` in the YAML file)
WORD_LISTS = ("cited_before", "allocation_method", "source_tissue", "source_stop", "source_verb",
              "source_end",
              "ex_vivo", "titled_tissue",
              "exposition", "evidence_unit", "grounded")
ROLES = frozenset(
    ("title", "background", "objective", "methods", "results", "conclusions", "abstract", "mesh",
     "keywords", "registry")
)


@dataclass(frozen=True)
class Step:
    """One question of the procedure: when ``test`` is met, the design is ``design``."""

    id: str
    ask: str
    test: str
    design: str | None = None  # None only for tests that answer with a design of their own
    publication_types: tuple[str, ...] = ()  # lower-case, in the file's order
    cue: str | None = None  # a value of the ``_design`` cues
    roles: frozenset[str] | None = None  # None: any role
    own_study: bool = False
    # cues (facet, value or None) of which the test needs one to answer "yes": a quick "no"
    needs: frozenset[tuple[str, str | None]] = frozenset()

    @property
    def note(self) -> str:
        """What the design tag shows about the step that decided it."""
        return f"{self.id}: {self.ask}"


@dataclass(frozen=True)
class StudyDesign:
    steps: tuple[Step, ...]
    # name -> phrases as tuples of normalised words (see ``words`` in the YAML file)
    words: Mapping[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)

    # for ``cited_before``: the phrase lengths and the last words (a quick first test)
    cited_lengths: tuple[int, ...] = ()
    cited_lasts: frozenset[str] = frozenset()
    # ``evidence_unit``'s one-word units as plain words (a quick first test of a sentence)
    unit_words: frozenset[str] = frozenset()

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, Any],
        *,
        tests: Collection[str],
        designs: Collection[str],
        cues: Collection[str] = (),
        words: Callable[[str], tuple[str, ...]] = lambda text: tuple(text.lower().split()),
        needs: Callable[[str, str | None], frozenset[tuple[str, str | None]]] = (
            lambda test, cue: frozenset()),
    ) -> StudyDesign:
        """Check and compile the parsed YAML; raise ValueError naming the bad step.

        ``tests``: the test names ``evidence.design`` implements; ``designs``: the design slugs;
        ``cues``: the values of the ``_design`` cues (a step's ``cue`` must be one of them);
        ``words``: how a phrase becomes normalised words (the vocabulary's tokeniser);
        ``needs``: the cues a step's test and cue need (``evidence.design.requirements``).
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("steps"), list):
            raise ValueError("study design: expected a mapping with a 'steps' list")
        steps: list[Step] = []
        seen: set[str] = set()
        for n, raw in enumerate(data["steps"], 1):
            where = f"study design: step {n}"
            if not isinstance(raw, Mapping):
                raise ValueError(f"{where}: expected a mapping (id, ask, test, design, ...)")
            unknown = set(raw) - _STEP_KEYS
            if unknown:
                raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
            step_id = str(raw.get("id") or "")
            if not step_id or step_id in seen:
                raise ValueError(f"{where}: needs a unique id (got {step_id!r})")
            seen.add(step_id)
            where = f"study design: step {step_id!r}"
            if not str(raw.get("ask") or "").strip():
                raise ValueError(f"{where}: needs the question it asks ('ask')")
            test = str(raw.get("test") or "")
            if test not in tests:
                raise ValueError(f"{where}: unknown test {test!r} (known: {sorted(tests)})")
            design = raw.get("design")
            if design is not None and design not in designs:
                raise ValueError(f"{where}: unknown design {design!r}")
            if design is None and test != "registration":
                raise ValueError(f"{where}: needs the design it decides ('design')")
            ptypes = raw.get("publication_types") or []
            if not isinstance(ptypes, list) or not all(isinstance(p, str) for p in ptypes):
                raise ValueError(f"{where}: publication_types must be a list of names")
            if test.startswith("publication_type") and not ptypes:
                raise ValueError(f"{where}: test {test!r} needs publication_types")
            cue = raw.get("cue")
            if test.startswith("cue") and (not cue or (cues and cue not in cues)):
                raise ValueError(f"{where}: unknown cue {cue!r} (a value of the _design cues)")
            roles = raw.get("roles")
            if roles is not None:
                if not isinstance(roles, list) or not set(roles) <= ROLES:
                    raise ValueError(f"{where}: roles must be a list of {sorted(ROLES)}")
                roles = frozenset(roles)
            own = raw.get("own_study", False)
            if not isinstance(own, bool):
                raise ValueError(f"{where}: own_study must be true or false")
            steps.append(
                Step(step_id, str(raw["ask"]).strip(), test, design,
                     tuple(p.strip().lower() for p in ptypes), cue, roles, own, needs(test, cue))
            )
        if not steps:
            raise ValueError("study design: no steps")
        lists = data.get("words") or {}
        if not isinstance(lists, Mapping) or set(lists) != set(WORD_LISTS):
            raise ValueError(f"study design: 'words' must give the lists {list(WORD_LISTS)}")
        compiled: dict[str, frozenset[tuple[str, ...]]] = {}
        for name, phrases in lists.items():
            if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
                raise ValueError(f"study design: words.{name} must be a list of phrases")
            compiled[name] = frozenset(w for w in map(words, phrases) if w)
        cited = compiled["cited_before"]
        return cls(tuple(steps), compiled, tuple(sorted({len(p) for p in cited})),
                   frozenset(p[-1] for p in cited),
                   frozenset(p[0] for p in compiled["evidence_unit"] if len(p) == 1))
